#include "scan/analyze/redhat_buildinfo.h"
#include "scan/version/version_util.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace berth::scan {

namespace {

[[noreturn]] void fail(const std::string& why) {
  throw AnalysisError(AnalysisError::Kind::kCorrupt, why);
}

// Instructions with continuation lines joined; blank and comment lines dropped, also between
// continued lines (buildkit's parser does the same).
std::vector<std::string> logical_lines(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  bool continuing = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    std::string_view body = line;
    while (!body.empty() && is_space(body.back())) body.remove_suffix(1);
    if (body.ends_with('\\')) {
      current.append(body.substr(0, body.size() - 1));
      continuing = true;
      continue;
    }
    current.append(line);
    out.push_back(std::move(current));
    current.clear();
    continuing = false;
  }
  if (continuing) out.push_back(std::move(current));
  return out;
}

// buildkit's parseWords: whitespace-separated words, quotes and escapes kept for the lexer.
std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote == 0 && is_space(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    word.push_back(c);
    if (c == '\\' && quote != '\'' && i + 1 < s.size()) {
      word.push_back(s[++i]);
    } else if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

using Env = std::map<std::string, std::string, std::less<>>;

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// One $NAME or ${NAME[:-+]word} at s[i] == '$'; appends the value and advances i past it.
void expand_dollar(std::string_view s, size_t& i, const Env& env, std::string& out) {
  auto value_of = [&](std::string_view name) -> const std::string* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : &it->second;
  };
  if (i + 1 < s.size() && s[i + 1] == '{') {
    size_t close = s.find('}', i + 2);
    if (close == std::string_view::npos) fail("missing '}' in variable reference");
    std::string_view inner = s.substr(i + 2, close - i - 2);
    size_t n = 0;
    while (n < inner.size() && name_char(inner[n])) ++n;
    std::string_view name = inner.substr(0, n), mod = inner.substr(n);
    const std::string* v = value_of(name);
    bool set = v != nullptr, non_empty = v && !v->empty();
    if (mod.empty()) {
      if (v) out += *v;
    } else if (mod.starts_with(":-") || mod.starts_with('-')) {
      bool use_value = mod.starts_with(':') ? non_empty : set;
      out += use_value ? *v : std::string(mod.substr(mod.starts_with(':') ? 2 : 1));
    } else if (mod.starts_with(":+") || mod.starts_with('+')) {
      bool use_word = mod.starts_with(':') ? non_empty : set;
      if (use_word) out += mod.substr(mod.starts_with(':') ? 2 : 1);
    } else {
      fail("unsupported modifier in ${" + std::string(inner) + "}");
    }
    i = close + 1;
    return;
  }
  size_t n = i + 1;
  while (n < s.size() && name_char(s[n])) ++n;
  if (n == i + 1) {  // a lone '$' is literal
    out.push_back('$');
    ++i;
    return;
  }
  if (const std::string* v = value_of(s.substr(i + 1, n - i - 1))) out += *v;
  i = n;
}

// buildkit's shell lexer on one word: quotes removed, escapes applied, variables expanded
// (not inside single quotes).
std::string process_word(std::string_view s, const Env& env) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\'') {
      size_t close = s.find('\'', i + 1);
      if (close == std::string_view::npos) fail("unterminated single quote");
      out.append(s.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '"') {
      ++i;
      while (true) {
        if (i >= s.size()) fail("unterminated double quote");
        char d = s[i];
        if (d == '"') {
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < s.size() &&
            (s[i + 1] == '"' || s[i + 1] == '$' || s[i + 1] == '\\')) {
          out.push_back(s[i + 1]);
          i += 2;
        } else if (d == '$') {
          expand_dollar(s, i, env, out);
        } else {
          out.push_back(d);
          ++i;
        }
      }
    } else if (c == '\\') {
      if (i + 1 < s.size()) out.push_back(s[i + 1]);
      i += 2;
    } else if (c == '$') {
      expand_dollar(s, i, env, out);
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

struct KeyValue {
  std::string key, value;  // raw, as written
};

// LABEL/ENV arguments: "k=v k2=v2 ..." or the old "k value with spaces" form.
std::vector<KeyValue> key_values(std::string_view rest, std::string_view instruction) {
  std::vector<std::string> words = split_words(rest);
  if (words.empty()) fail(std::string(instruction) + " requires at least one argument");
  std::vector<KeyValue> out;
  if (words[0].find('=') == std::string::npos) {
    size_t sp = 0;
    while (sp < rest.size() && !is_space(rest[sp])) ++sp;
    std::string_view value = trim(rest.substr(sp));
    if (value.empty()) fail(std::string(instruction) + " must have two arguments");
    out.push_back({std::string(rest.substr(0, sp)), std::string(value)});
    return out;
  }
  for (const auto& w : words) {
    size_t eq = w.find('=');
    if (eq == std::string::npos)
      fail("can't find = in \"" + w + "\"; " + std::string(instruction) +
           " must be of the form name=value");
    out.push_back({w.substr(0, eq), w.substr(eq + 1)});
  }
  return out;
}

// "root/buildinfo/Dockerfile-ubi8-8.3-227" → "8.3-227" (Trivy's parseVersion).
std::string version_from_path(std::string_view path) {
  size_t release = path.rfind('-');
  if (release == std::string_view::npos) return {};
  size_t version = path.substr(0, release).rfind('-');
  return std::string(path.substr(version == std::string_view::npos ? 0 : version + 1));
}

}  // namespace

std::vector<std::string> parse_content_manifest(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) fail("invalid content manifest: not JSON");
  if (j.is_null()) return {};
  if (!j.is_object()) fail("invalid content manifest: not a JSON object");
  auto it = j.find("content_sets");
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_array()) fail("invalid content manifest: content_sets is not an array");
  std::vector<std::string> sets;
  for (const auto& v : *it) {
    if (v.is_null()) {
      sets.emplace_back();  // Go decodes null into ""
    } else if (v.is_string()) {
      sets.push_back(v.get<std::string>());
    } else {
      fail("invalid content manifest: content_sets holds a non-string");
    }
  }
  return sets;
}

BuildInfo parse_buildinfo_dockerfile(std::string_view path, std::string_view text) {
  Env env;
  bool in_stage = false;
  std::string component, arch;
  for (const std::string& line : logical_lines(text)) {
    std::string_view l = trim(line);
    size_t sp = 0;
    while (sp < l.size() && !is_space(l[sp])) ++sp;
    std::string instruction = to_lower(l.substr(0, sp));
    std::string_view rest = trim(l.substr(sp));
    if (instruction == "from") {
      in_stage = true;
    } else if (instruction == "arg") {
      // Only ARGs before the first FROM are known when labels are evaluated (as Trivy does).
      if (in_stage) continue;
      for (const auto& w : split_words(rest)) {
        size_t eq = w.find('=');
        env[w.substr(0, eq)] = eq == std::string::npos ? "" : process_word(w.substr(eq + 1), {});
      }
    } else if (instruction == "env" || instruction == "label") {
      if (!in_stage) fail(instruction + " before any FROM");
      for (const auto& kv : key_values(rest, instruction)) {
        if (instruction == "env") {
          env[kv.key] = kv.value;  // unexpanded, as Trivy stores it
          continue;
        }
        std::string key = to_lower(process_word(kv.key, env));
        if (key == "com.redhat.component" || key == "bzcomponent")
          component = process_word(kv.value, env);
        else if (key == "architecture")
          arch = process_word(kv.value, env);
      }
    } else if (!in_stage) {
      fail(instruction + " before any FROM");
    }
  }
  if (component.empty()) fail("no com.redhat.component label");
  if (arch.empty()) fail("no architecture label");
  return {{}, component + "-" + version_from_path(path), arch};
}

void merge_build_info(BuildInfo& into, const BuildInfo& from) {
  if (!from.nvr.empty() || !from.arch.empty()) {
    into.nvr = from.nvr;
    into.arch = from.arch;
  }
  if (!from.content_sets.empty()) into.content_sets = from.content_sets;
}

}  // namespace berth::scan
