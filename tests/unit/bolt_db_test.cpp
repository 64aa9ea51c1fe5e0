// The bbolt reader (src/scan/bbolt) against files written by the real Go bbolt library
// (tests/oracles/bbolt), plus hand-damaged files.
#include "scan/bbolt/bolt_db.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "bbolt_oracle.h"

namespace fs = std::filesystem;
using namespace berth::scan::bbolt;
using berth::testing::BboltOracle;
using berth::testing::TempDir;
using nlohmann::json;

namespace {

std::string hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// The same listing as the Go oracle's `dump`, and a get()/bucket()/seek() check of every entry
// on the way.
void dump_bucket(const Bucket& b, int depth, std::string& out, std::size_t& keys) {
  Cursor c = b.cursor();
  for (bool ok = c.first(); ok; ok = c.next()) {
    std::string_view k = c.key();
    if (c.is_bucket()) {
      Bucket child = c.bucket();
      out += "B " + std::to_string(depth) + " " + hex(k) + " " + std::to_string(child.sequence()) +
             "\n";
      EXPECT_FALSE(b.get(k).has_value());
      EXPECT_TRUE(b.bucket(k).has_value());
      dump_bucket(child, depth + 1, out, keys);
    } else {
      out += "K " + std::to_string(depth) + " " + hex(k) + " " + hex(c.value()) + "\n";
      auto v = b.get(k);
      if (!v || *v != c.value()) ADD_FAILURE() << "get(" << hex(k) << ") disagrees with cursor";
      EXPECT_FALSE(b.bucket(k).has_value());
    }
    Cursor s = b.cursor();
    if (!s.seek(k) || s.key() != k) ADD_FAILURE() << "seek(" << hex(k) << ") missed";
    ++keys;
  }
}

std::string reader_dump(const BoltDb& db, std::size_t* keys = nullptr) {
  std::string out;
  std::size_t n = 0;
  dump_bucket(db.root(), 0, out, n);
  if (keys) *keys = n;
  return out;
}

void expect_same_listing(const std::string& go, const std::string& ours) {
  if (go == ours) return;
  std::istringstream a(go), b(ours);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ga = bool(std::getline(a, la)), gb = bool(std::getline(b, lb));
    if (!ga && !gb) break;
    if (!ga || !gb || la != lb) {
      FAIL() << "listings differ at line " << line << "\n go:  " << la.substr(0, 200)
             << "\n ours: " << lb.substr(0, 200);
    }
  }
}

json fixtures_spec(int page_size) {
  return {{"pageSize", page_size},
          {"fixtures", berth::testing::fixtures_to_json(berth::testing::all_trivy_fixtures())}};
}

// Writes with Go, then compares Go's listing with ours byte for byte.
json cross_check(const BboltOracle& oracle, const json& spec, const TempDir& dir) {
  fs::path db_path = dir / "test.db";
  json stats = oracle.write(spec, db_path);
  std::string go = oracle.dump(db_path);
  BoltDb db = BoltDb::open(db_path.string());
  EXPECT_EQ(db.page_size(), spec["pageSize"].get<std::uint32_t>());
  std::size_t keys = 0;
  expect_same_listing(go, reader_dump(db, &keys));
  EXPECT_GT(keys, 0u);
  return stats;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_bytes(const fs::path& p, const std::string& data) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << data;
}

void store_u64(std::string& file, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) file[at + i] = char(v >> (8 * i));
}

// Re-signs the meta page at `page_offset` after an edit.
void reseal_meta(std::string& file, std::size_t page_offset) {
  std::size_t m = page_offset + 16;
  store_u64(file, m + 56, fnv1a64(std::string_view(file).substr(m, 56)));
}

fs::path empty_db() {
  return berth::testing::tests_dir() / "data" / "bbolt-empty-trivy.db";
}

}  // namespace

// ---- Go oracle cross-checks ----

TEST(BboltOracle, TrivyFixturesPageSize4096) {
  BERTH_REQUIRE_BBOLT_ORACLE(oracle);
  TempDir dir;
  json stats = cross_check(*oracle, fixtures_spec(4096), dir);
  EXPECT_GT(stats["inlineBuckets"].get<int>(), 50) << stats;
}

TEST(BboltOracle, TrivyFixturesPageSize1024HasBranchesAndOverflow) {
  BERTH_REQUIRE_BBOLT_ORACLE(oracle);
  TempDir dir;
  json stats = cross_check(*oracle, fixtures_spec(1024), dir);
  EXPECT_GT(stats["branchPages"].get<int>(), 0) << stats;
  EXPECT_GT(stats["leafOverflow"].get<int>(), 0) << stats;
}

TEST(BboltOracle, DeepTreeOverflowInlineAndEmptyBuckets4096) {
  BERTH_REQUIRE_BBOLT_ORACLE(oracle);
  TempDir dir;
  json spec = fixtures_spec(4096);
  spec["generated"] = json::array({
      {{"path", {"deep"}}, {"count", 200000}, {"valueSize", 48}, {"varySize", true}, {"seed", 1}},
      {{"path", {"overflow"}}, {"count", 30}, {"valueSize", 100000}, {"seed", 2}},
      {{"path", {"nested", "binary"}},
       {"count", 20000},
       {"binaryKeys", true},
       {"keySize", 24},
       {"valueSize", 3},
       {"varySize", true},
       {"seed", 3}},
      {{"path", {"nested", "many-small"}}, {"subBuckets", 3000}, {"keysEach", 3}, {"seed", 4}},
      {{"path", {"nested", "empty"}}, {"count", 0}},
      {{"path", {"empty-top"}}, {"count", 0}},
  });
  spec["sequences"] = json::array(
      {{{"path", {"deep"}}, {"value", 42}}, {{"path", {"nested", "empty"}}, {"value", 7}}});
  json stats = cross_check(*oracle, spec, dir);
  EXPECT_GE(stats["depth"].get<int>(), 4) << stats;
  EXPECT_GT(stats["leafOverflow"].get<int>(), 100) << stats;
  EXPECT_GT(stats["inlineBuckets"].get<int>(), 3000) << stats;

  BoltDb db = BoltDb::open((dir / "test.db").string());
  EXPECT_EQ(db.bucket("deep")->sequence(), 42u);
  EXPECT_EQ(db.bucket("nested")->bucket("empty")->sequence(), 7u);
  EXPECT_FALSE(db.bucket("empty-top")->cursor().first());
  auto overflow = db.bucket("overflow");
  Cursor c = overflow->cursor();
  ASSERT_TRUE(c.first());
  EXPECT_EQ(c.value().size(), 100000u);
}

TEST(BboltOracle, SmallPagesDeepTree1024) {
  BERTH_REQUIRE_BBOLT_ORACLE(oracle);
  TempDir dir;
  json spec = {
      {"pageSize", 1024},
      {"fillPercent", 0.9},
      {"generated",
       json::array({
           {{"path", {"a"}}, {"count", 60000}, {"valueSize", 30}, {"varySize", true}, {"seed", 5}},
           {{"path", {"a", "big"}}, {"count", 10}, {"valueSize", 5000}, {"seed", 6}},
           {{"path", {"b"}},
            {"count", 5000},
            {"binaryKeys", true},
            {"keySize", 600},
            {"valueSize", 0},
            {"seed", 7}},
       })}};
  json stats = cross_check(*oracle, spec, dir);
  EXPECT_GE(stats["depth"].get<int>(), 4) << stats;
  EXPECT_GT(stats["branchPages"].get<int>(), 100) << stats;
}

TEST(BboltOracle, CompactedLargePages65536WithoutFreelist) {
  BERTH_REQUIRE_BBOLT_ORACLE(oracle);
  TempDir dir;
  // Like the published trivy.db: rewritten by bbolt compact (FillPercent 1.0).
  json spec = fixtures_spec(65536);
  spec["compact"] = true;
  spec["noFreelistSync"] = true;
  spec["generated"] = json::array({
      {{"path", {"vulnerability-like"}},
       {"count", 100000},
       {"valueSize", 300},
       {"varySize", true},
       {"seed", 8}},
      {{"path", {"npm::x"}}, {"subBuckets", 2000}, {"keysEach", 4}, {"seed", 9}},
      {{"path", {"huge"}}, {"count", 5}, {"valueSize", 300000}, {"seed", 10}},
  });
  json stats = cross_check(*oracle, spec, dir);
  EXPECT_GT(stats["leafOverflow"].get<int>(), 0) << stats;
  EXPECT_GT(stats["branchPages"].get<int>(), 0) << stats;
  BoltDb db = BoltDb::open((dir / "test.db").string());
  EXPECT_EQ(db.meta().freelist, kNoFreelist);
}

TEST(BboltOracle, CursorSeekFindsFirstKeyNotLess) {
  BERTH_REQUIRE_BBOLT_ORACLE(oracle);
  TempDir dir;
  json spec = fixtures_spec(1024);
  fs::path path = dir / "seek.db";
  oracle->write(spec, path);
  BoltDb db = BoltDb::open(path.string());
  Cursor c = db.root().cursor();
  ASSERT_TRUE(c.seek("npm::"));
  EXPECT_EQ(c.key(), "npm::GitHub Security Advisory Npm");
  ASSERT_TRUE(c.seek("Red Hat"));
  EXPECT_EQ(c.key(), "Red Hat");
  ASSERT_TRUE(c.next());
  EXPECT_EQ(c.key(), "Red Hat CPE");
  EXPECT_FALSE(c.seek("\xff"));
  EXPECT_FALSE(c.valid());
  ASSERT_TRUE(c.seek(""));
  std::string first(c.key());
  ASSERT_TRUE(c.first());
  EXPECT_EQ(c.key(), first);
  // Every key of a branch-tree bucket, sought through a key just below it.
  Bucket vulns = *db.bucket("vulnerability");
  ASSERT_FALSE(vulns.is_inline());
  std::vector<std::string> keys;
  Cursor vc = vulns.cursor();
  for (bool ok = vc.first(); ok; ok = vc.next()) keys.emplace_back(vc.key());
  ASSERT_GT(keys.size(), 20u);
  for (const auto& k : keys) {
    std::string below = k.substr(0, k.size() - 1);
    Cursor s = vulns.cursor();
    ASSERT_TRUE(s.seek(below));
    EXPECT_EQ(s.key(), *std::lower_bound(keys.begin(), keys.end(), below));
    std::string above = k + '\0';
    auto want = std::upper_bound(keys.begin(), keys.end(), k);
    EXPECT_EQ(s.seek(above), want != keys.end());
    if (want != keys.end()) {
      EXPECT_EQ(s.key(), *want);
    }
  }
}

// ---- the empty trivy.db and meta pages ----

TEST(BboltReader, EmptyTrivyDbOpens) {
  BoltDb db = BoltDb::open(empty_db().string());
  EXPECT_EQ(db.page_size(), 4096u);
  EXPECT_EQ(db.meta().txid, 1u);
  EXPECT_EQ(db.meta().root, 3u);
  EXPECT_FALSE(db.root().cursor().first());
  EXPECT_FALSE(db.bucket("vulnerability").has_value());
}

TEST(BboltReader, CorruptMetaFallsBackToTheOther) {
  TempDir dir;
  std::string file = read_bytes(empty_db());
  std::string bad1 = file;
  bad1[4096 + 16 + 40] ^= 1;  // meta 1 (txid 1) high-water mark: checksum no longer matches
  write_bytes(dir / "a.db", bad1);
  EXPECT_EQ(BoltDb::open((dir / "a.db").string()).meta().txid, 0u);

  std::string bad0 = file;
  bad0[16] ^= 0xff;  // meta 0 magic
  write_bytes(dir / "b.db", bad0);
  BoltDb db = BoltDb::open((dir / "b.db").string());
  EXPECT_EQ(db.meta().txid, 1u);
  EXPECT_EQ(db.page_size(), 4096u);  // found by probing for meta 1

  std::string newer0 = file;  // a valid meta 0 with the higher txid wins
  store_u64(newer0, 16 + 48, 5);
  reseal_meta(newer0, 0);
  write_bytes(dir / "c.db", newer0);
  EXPECT_EQ(BoltDb::open((dir / "c.db").string()).meta().txid, 5u);
}

TEST(BboltReader, BothMetasCorruptIsAnError) {
  TempDir dir;
  std::string file = read_bytes(empty_db());
  file[16 + 20] ^= 1;
  file[4096 + 16 + 20] ^= 1;
  write_bytes(dir / "x.db", file);
  try {
    BoltDb::open((dir / "x.db").string());
    FAIL() << "opened";
  } catch (const BoltError& e) {
    EXPECT_NE(std::string(e.what()).find("no valid meta page"), std::string::npos) << e.what();
  }
}

TEST(BboltReader, WrongVersionTruncatedEmptyAndMissingFiles) {
  TempDir dir;
  std::string file = read_bytes(empty_db());
  write_bytes(dir / "trunc.db", file.substr(0, 3 * 4096));
  EXPECT_THROW(BoltDb::open((dir / "trunc.db").string()), BoltError);
  write_bytes(dir / "tiny.db", file.substr(0, 50));
  EXPECT_THROW(BoltDb::open((dir / "tiny.db").string()), BoltError);
  write_bytes(dir / "empty.db", "");
  EXPECT_THROW(BoltDb::open((dir / "empty.db").string()), BoltError);
  EXPECT_THROW(BoltDb::open((dir / "missing.db").string()), BoltError);
  EXPECT_THROW(BoltDb::open(dir.path().string()), BoltError);
  std::string v3 = file;
  for (std::size_t off : {0u, 4096u}) {
    v3[off + 16 + 4] = 3;
    reseal_meta(v3, off);
  }
  write_bytes(dir / "v3.db", v3);
  EXPECT_THROW(BoltDb::open((dir / "v3.db").string()), BoltError);
}

TEST(BboltReader, RootPageOutOfRange) {
  TempDir dir;
  std::string file = read_bytes(empty_db());
  for (std::size_t off : {0u, 4096u}) {
    store_u64(file, off + 16 + 16, 1000);  // root pgid beyond the high-water mark
    reseal_meta(file, off);
  }
  write_bytes(dir / "r.db", file);
  EXPECT_THROW(BoltDb::open((dir / "r.db").string()), BoltError);
}

// ---- damaged pages in a real (Go-written) tree ----

namespace {

void walk_all(const Bucket& b, int depth = 0) {
  if (depth > 8) return;
  Cursor c = b.cursor();
  for (bool ok = c.first(); ok; ok = c.next()) {
    if (c.is_bucket()) {
      walk_all(c.bucket(), depth + 1);
    } else {
      (void)b.get(c.key());
    }
  }
}

}  // namespace

TEST(BboltReader, BranchChildOutOfRangeOrCyclicIsAnError) {
  BERTH_REQUIRE_BBOLT_ORACLE(oracle);
  TempDir dir;
  fs::path path = dir / "t.db";
  oracle->write(
      {{"pageSize", 1024},
       {"generated",
        json::array({{{"path", {"k"}}, {"count", 3000}, {"valueSize", 20}, {"seed", 1}}})}},
      path);
  std::string file = read_bytes(path);
  std::uint64_t root;
  {
    BoltDb db = BoltDb::open(path.string());
    PageView p = db.bucket("k")->root_page();
    ASSERT_TRUE(p.is_branch());
    root = p.id();
  }
  std::size_t child_field = root * 1024 + 16 + 8;  // first branch element's child pgid

  std::string out_of_range = file;
  store_u64(out_of_range, child_field, 1u << 30);
  write_bytes(dir / "o.db", out_of_range);
  BoltDb o = BoltDb::open((dir / "o.db").string());
  EXPECT_THROW(walk_all(o.root()), BoltError);

  std::string cycle = file;  // the branch page's first child is the branch page itself
  store_u64(cycle, child_field, root);
  write_bytes(dir / "c.db", cycle);
  BoltDb cy = BoltDb::open((dir / "c.db").string());
  EXPECT_THROW(walk_all(cy.root()), BoltError);
  EXPECT_THROW((void)cy.bucket("k")->get("key"), BoltError);

  std::string meta_child = file;
  store_u64(meta_child, child_field, 1);
  write_bytes(dir / "m.db", meta_child);
  BoltDb m = BoltDb::open((dir / "m.db").string());
  EXPECT_THROW(walk_all(m.root()), BoltError);
}

TEST(BboltReader, RandomDamageNeverCrashesOrHangs) {
  BERTH_REQUIRE_BBOLT_ORACLE(oracle);
  TempDir dir;
  fs::path path = dir / "f.db";
  oracle->write(fixtures_spec(1024), path);
  const std::string file = read_bytes(path);
  std::mt19937 rng(1234);
  int errors = 0;
  for (int round = 0; round < 400; ++round) {
    std::string damaged = file;
    int flips = 1 + int(rng() % 8);
    for (int i = 0; i < flips; ++i) {
      // Mostly data pages, headers and element tables included.
      std::size_t at = 2048 + rng() % (damaged.size() - 2048);
      damaged[at] = char(rng());
    }
    write_bytes(dir / "d.db", damaged);
    try {
      BoltDb db = BoltDb::open((dir / "d.db").string());
      walk_all(db.root());
    } catch (const BoltError&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 0);
}
