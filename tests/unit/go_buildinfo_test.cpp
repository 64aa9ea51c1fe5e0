// Go build info: a real binary built by `go build` (read whole and through the streaming
// capture), and a synthetic ELF in the pre-1.18 pointer format.
#include "scan/analyze/go_buildinfo.h"

#include <gtest/gtest.h>

#include "scan/analyze/go_binary_capture.h"
#include "scan/analyze/image_analyzer.h"
#include "scan/analyze/layer_reader.h"
#include "scan_test_support.h"

using namespace berth::scan;
using namespace scantest;

namespace {

// Builds a module with one dependency replaced by a local directory; returns the binary bytes.
std::string build_go_binary(const TempDir& dir, std::string* go_version) {
  EXPECT_TRUE(have_tool("go")) << "go is required for this test";
  auto src = dir.path / "src";
  std::filesystem::create_directories(src / "dep");
  write_file(src / "go.mod",
             "module example.com/hello\n\ngo 1.18\n\nrequire example.com/dep v1.2.3\n\n"
             "replace example.com/dep => ./dep\n");
  write_file(src / "main.go",
             "package main\n\nimport \"example.com/dep\"\n\nfunc main() { println(dep.X) }\n");
  write_file(src / "dep/go.mod", "module example.com/dep\n\ngo 1.18\n");
  write_file(src / "dep/dep.go", "package dep\n\nconst X = 42\n");
  std::string env = "cd " + src.string() + " && GOCACHE=" + (dir.path / "cache").string() +
                    " GOPATH=" + (dir.path / "gopath").string() +
                    " GOFLAGS=-mod=mod GOPROXY=off GO111MODULE=on CGO_ENABLED=0 ";
  int status = 0;
  std::string log = run(env + "go build -o " + (dir.path / "hello").string() + " . 2>&1", &status);
  EXPECT_EQ(status, 0) << log;
  *go_version = run(env + "go env GOVERSION");
  while (!go_version->empty() && go_version->back() == '\n') go_version->pop_back();
  return read_file(dir.path / "hello");
}

void expect_hello(const GoBuildInfo& info, const std::string& go_version) {
  EXPECT_EQ(info.go_version, go_version);
  EXPECT_EQ(info.path, "example.com/hello");
  EXPECT_EQ(info.main.path, "example.com/hello");
  EXPECT_EQ(info.main.version, "(devel)");
  ASSERT_EQ(info.deps.size(), 1u);
  EXPECT_EQ(info.deps[0].path, "./dep");  // the replacement
  EXPECT_EQ(info.deps[0].version, "(devel)");
}

void put32(std::string& b, size_t at, uint64_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}
void put64(std::string& b, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}
void put16(std::string& b, size_t at, uint64_t v) {
  b[at] = static_cast<char>(v);
  b[at + 1] = static_cast<char>(v >> 8);
}

// ELF64 little-endian with one RW PT_LOAD (file offset 0x1000 → vaddr 0x401000) that holds a
// pointer-format header, two Go string headers and the strings.
std::string pointer_format_elf(const std::string& modinfo) {
  std::string b(0x2000, '\0');
  b.replace(0, 4,
            "\x7f"
            "ELF");
  b[4] = 2;
  b[5] = 1;
  b[6] = 1;
  put64(b, 32, 64);  // phoff
  put16(b, 54, 56);  // phentsize
  put16(b, 56, 1);   // phnum
  size_t ph = 64;
  put32(b, ph, 1);      // PT_LOAD
  put32(b, ph + 4, 6);  // R|W
  put64(b, ph + 8, 0x1000);
  put64(b, ph + 16, 0x401000);
  put64(b, ph + 32, 0x1000);
  uint64_t base = 0x401000;
  size_t hdr = 0x1010;  // 16-aligned
  b.replace(hdr, 14, kGoBuildInfoMagic);
  b[hdr + 14] = 8;
  b[hdr + 15] = 0;                   // little-endian, pointer format
  put64(b, hdr + 16, base + 0x100);  // &version string header
  put64(b, hdr + 24, base + 0x110);  // &modinfo string header
  std::string version = "go1.16.15";
  put64(b, 0x1100, base + 0x200);
  put64(b, 0x1108, version.size());
  put64(b, 0x1110, base + 0x300);
  put64(b, 0x1118, modinfo.size());
  b.replace(0x1200, version.size(), version);
  b.replace(0x1300, modinfo.size(), modinfo);
  return b;
}

}  // namespace

TEST(ScanGoBuildInfo, RealBinaryWholeAndStreamed) {
  TempDir dir;
  std::string go_version;
  std::string bin = build_go_binary(dir, &go_version);
  ASSERT_GT(bin.size(), 100000u);
  auto info = parse_go_buildinfo(bin);
  ASSERT_TRUE(info);
  expect_hello(*info, go_version);

  // Streamed in odd-sized blocks, only a small capture is kept.
  GoBinaryCapture cap(bin.size(), 1 << 10, 1 << 20);
  for (size_t off = 0; off < bin.size(); off += 7777)
    cap.feed(off, std::string_view(bin).substr(off, 7777));
  auto kept = cap.finish();
  ASSERT_TRUE(kept);
  EXPECT_LT(kept->size(), 4096u);
  auto streamed = parse_go_buildinfo(*kept);
  ASSERT_TRUE(streamed);
  expect_hello(*streamed, go_version);

  auto pkgs = go_packages(*info, "usr/bin/hello");
  ASSERT_EQ(pkgs.size(), 3u);
  EXPECT_EQ(pkgs[0].name, "example.com/hello");
  EXPECT_EQ(pkgs[0].version, "");
  EXPECT_EQ(pkgs[2].name, "stdlib");
  EXPECT_EQ(pkgs[2].version, "v" + go_version.substr(2));
}

TEST(ScanGoBuildInfo, FoundInALayerOnlyWhenExecutable) {
  TempDir dir;
  std::string go_version;
  std::string bin = build_go_binary(dir, &go_version);
  LayerReader reader(Limits{});
  reader.add_layer_bytes(
      build_archive({file("usr/local/bin/hello", bin, 0755), file("srv/not-executable", bin, 0644),
                     file("usr/bin/script", "#!/bin/sh\necho hi\n", 0755)},
                    Compression::kGzip));
  auto result = analyze_fs(reader.fs());
  ASSERT_EQ(result.lang_packages.size(), 1u);
  EXPECT_EQ(result.lang_packages[0].type, "gobinary");
  EXPECT_EQ(result.lang_packages[0].file_path, "usr/local/bin/hello");
  EXPECT_EQ(reader.fs().find("usr/bin/script"), nullptr);
}

TEST(ScanGoBuildInfo, PointerFormatOfOldToolchains) {
  std::string sentinel(16, '\x30');
  std::string mod =
      "path\texample.com/old\nmod\texample.com/old\tv1.0.0\th1:x=\n"
      "dep\tgolang.org/x/text\tv0.3.0\th1:y=\n=>\tgolang.org/x/text\tv0.3.7\th1:z=\n"
      "dep\tgithub.com/a/b\tv2.0.0+incompatible\n";
  std::string elf = pointer_format_elf(sentinel + mod + sentinel);
  auto info = parse_go_buildinfo(elf);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->go_version, "go1.16.15");
  EXPECT_EQ(info->main.version, "v1.0.0");
  ASSERT_EQ(info->deps.size(), 2u);
  EXPECT_EQ(info->deps[0].version, "v0.3.7");
  EXPECT_EQ(info->deps[1].path, "github.com/a/b");
  // The streaming capture keeps the whole file for this format when it is under the cap...
  GoBinaryCapture small(elf.size(), 1 << 20, 1 << 20);
  small.feed(0, elf);
  auto kept = small.finish();
  ASSERT_TRUE(kept);
  EXPECT_EQ(*kept, elf);
  // ...and reports it when it is not.
  GoBinaryCapture big(elf.size(), 100, 1 << 20);
  big.feed(0, elf);
  EXPECT_FALSE(big.finish());
  EXPECT_TRUE(big.too_large());
}

TEST(ScanGoBuildInfo, DamagedInputNeverReadsOutOfBounds) {
  std::string sentinel(16, '\x30');
  std::string elf = pointer_format_elf(sentinel + "path\tx\n" + sentinel);
  put64(elf, 0x1100, 0xdeadbeef);  // version string outside every segment
  EXPECT_THROW(parse_go_buildinfo(elf), AnalysisError);
  std::string inline_blob =
      std::string(kGoBuildInfoMagic) + "\x08\x02" + std::string(16, '\0') + "\xff\xff\xff\xff\x0f";
  EXPECT_THROW(parse_go_buildinfo(inline_blob), AnalysisError);
  EXPECT_FALSE(
      parse_go_buildinfo("\x7f"
                         "ELF"));
  EXPECT_FALSE(parse_go_buildinfo("not a binary"));
  for (size_t cut = 0; cut < elf.size(); cut += 97) {
    try {
      parse_go_buildinfo(std::string_view(elf).substr(0, cut));
    } catch (const AnalysisError&) {
    }
  }
}
