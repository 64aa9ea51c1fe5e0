// Test support shared by the bbolt and trivy-db tests: locating tests/data, turning bolt-fixtures
// YAML into the JSON the Go oracle reads, and running the Go oracle (tests/oracles/bbolt/main.go,
// built with Debian's golang-go and golang-github-coreos-bbolt-dev).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace berth::testing {

// The repository's tests/ directory: $BERTH_SOURCE_DIR/tests, else found by walking up from the
// test binary and the working directory.
std::filesystem::path tests_dir();

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// bolt-fixtures YAML files → a JSON array of fixture items, with YAML 1.2 core-schema scalar
// typing (plain ints/floats/bools/null become JSON numbers/booleans/null, the rest strings).
nlohmann::json fixtures_to_json(const std::vector<std::filesystem::path>& yaml_files);
// Every tests/data/trivy-db-fixtures/*.yaml, sorted by name.
std::vector<std::filesystem::path> all_trivy_fixtures();

class BboltOracle {
 public:
  // The process-wide oracle, built on first use (and cached across test processes in the temp
  // dir, keyed by the helper's source). nullptr when it cannot be built; see unavailable_reason().
  static const BboltOracle* get();
  static const std::string& unavailable_reason();

  // Writes `out` from a spec (see main.go) and returns the Go side's page statistics.
  // tx.Check() runs in Go; any failure throws std::runtime_error with Go's message.
  nlohmann::json write(const nlohmann::json& spec, const std::filesystem::path& out) const;
  // Go's canonical listing of every bucket and key/value.
  std::string dump(const std::filesystem::path& db) const;

 private:
  std::filesystem::path helper_;
};

// BERTH_REQUIRE_ORACLES=1 turns a missing oracle into a failure instead of a skip.
bool oracles_required();

}  // namespace berth::testing

// Use at the top of a test that needs the Go oracle; declares `oracle`.
#define BERTH_REQUIRE_BBOLT_ORACLE(oracle)                                                        \
  const ::berth::testing::BboltOracle* oracle = ::berth::testing::BboltOracle::get();             \
  if (!oracle) {                                                                                  \
    if (::berth::testing::oracles_required())                                                     \
      FAIL() << "bbolt oracle required: " << ::berth::testing::BboltOracle::unavailable_reason(); \
    GTEST_SKIP() << "bbolt oracle unavailable: "                                                  \
                 << ::berth::testing::BboltOracle::unavailable_reason();                          \
  }
