#include "bbolt_oracle.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace berth::testing {

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary);
  out << data;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

std::string quote(const fs::path& p) {
  return "'" + p.string() + "'";
}

// Runs a shell command; stdout goes to `out`. Returns an error text, empty on success.
std::string run(const std::string& command, const fs::path& out, const fs::path& err) {
  int rc = std::system((command + " > " + quote(out) + " 2> " + quote(err)).c_str());
  if (rc == 0) return {};
  std::string text = fs::exists(err) ? read_file(err) : std::string();
  return "`" + command + "` failed (status " + std::to_string(rc) + "): " + text;
}

json scalar_to_json(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() != "?") return s;  // quoted: always a string
  static const std::regex int_re("[-+]?[0-9]+");
  static const std::regex float_re("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (std::regex_match(s, int_re)) return std::stoll(s);
  if (std::regex_match(s, float_re)) return std::stod(s);
  return s;
}

json node_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& item : node) a.push_back(node_to_json(item));
      return a;
    }
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : node) o[kv.first.Scalar()] = node_to_json(kv.second);
      return o;
    }
    default:
      return nullptr;
  }
}

fs::path find_tests_dir() {
  if (const char* env = std::getenv("BERTH_SOURCE_DIR")) return fs::path(env) / "tests";
  std::vector<fs::path> starts;
#ifdef BERTH_SOURCE_DIR
  starts.push_back(BERTH_SOURCE_DIR);
#endif
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) starts.push_back(exe.parent_path());
  starts.push_back(fs::current_path());
  for (fs::path dir : starts) {
    for (; !dir.empty(); dir = dir.parent_path()) {
      if (fs::exists(dir / "tests" / "oracles" / "bbolt" / "main.go")) return dir / "tests";
      if (dir == dir.parent_path()) break;
    }
  }
  throw std::runtime_error("cannot find the repository's tests/ directory; set BERTH_SOURCE_DIR");
}

std::string fnv_hex(const std::string& data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) h = (h ^ c) * 0x100000001b3ULL;
  std::ostringstream s;
  s << std::hex << h;
  return s.str();
}

std::string g_unavailable;

// Builds the helper into temp/berth-bbolt-oracle-<uid>-<source hash>/helper, reusing an earlier
// build of the same source (ctest runs every test in its own process).
fs::path build_helper() {
  if (std::system("command -v go > /dev/null 2>&1") != 0)
    throw std::runtime_error("`go` not found");
  fs::path src = tests_dir() / "oracles" / "bbolt" / "main.go";
  fs::path final_dir =
      fs::temp_directory_path() /
      ("berth-bbolt-oracle-" + std::to_string(::getuid()) + "-" + fnv_hex(read_file(src)));
  if (fs::exists(final_dir / "helper")) return final_dir / "helper";
  TempDir work;
  fs::path bin = work / "helper";
  std::string cmd =
      "cd " + quote(src.parent_path()) +
      " && GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE=" + quote(work / "gocache") +
      " go build -o " + quote(bin) + " main.go";
  std::string error = run(cmd, work / "build.out", work / "build.err");
  if (!error.empty()) throw std::runtime_error(error);
  fs::path staged = fs::temp_directory_path() /
                    (final_dir.filename().string() + "." + std::to_string(::getpid()));
  fs::create_directories(staged);
  fs::copy_file(bin, staged / "helper");
  std::error_code ec;
  fs::rename(staged, final_dir, ec);  // loses harmlessly to a concurrent build
  if (ec) fs::remove_all(staged);
  return final_dir / "helper";
}

}  // namespace

fs::path tests_dir() {
  static const fs::path dir = find_tests_dir();
  return dir;
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "berth-bbolt-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

json fixtures_to_json(const std::vector<fs::path>& yaml_files) {
  json items = json::array();
  for (const auto& f : yaml_files) {
    json doc = node_to_json(YAML::LoadFile(f.string()));
    if (!doc.is_array()) throw std::runtime_error(f.string() + ": not a YAML list");
    for (auto& item : doc) items.push_back(std::move(item));
  }
  return items;
}

std::vector<fs::path> all_trivy_fixtures() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(tests_dir() / "data" / "trivy-db-fixtures")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool oracles_required() {
  const char* v = std::getenv("BERTH_REQUIRE_ORACLES");
  return v && std::string(v) == "1";
}

const BboltOracle* BboltOracle::get() {
  static std::once_flag once;
  static BboltOracle oracle;
  static bool ok = false;
  std::call_once(once, [] {
    try {
      oracle.helper_ = build_helper();
      ok = true;
    } catch (const std::exception& e) {
      g_unavailable = e.what();
    }
  });
  return ok ? &oracle : nullptr;
}

const std::string& BboltOracle::unavailable_reason() {
  return g_unavailable;
}

json BboltOracle::write(const json& spec, const fs::path& out) const {
  fs::path spec_file = out.string() + ".spec.json";
  write_file(spec_file, spec.dump());
  fs::path stats = out.string() + ".stats", err = out.string() + ".err";
  std::string error =
      run(quote(helper_) + " write " + quote(spec_file) + " " + quote(out), stats, err);
  if (!error.empty()) throw std::runtime_error(error);
  return json::parse(read_file(stats));
}

std::string BboltOracle::dump(const fs::path& db) const {
  fs::path listing = db.string() + ".go-dump", err = db.string() + ".go-dump.err";
  std::string error = run(quote(helper_) + " dump " + quote(db), listing, err);
  if (!error.empty()) throw std::runtime_error(error);
  std::string text = read_file(listing);
  fs::remove(listing);
  return text;
}

}  // namespace berth::testing
