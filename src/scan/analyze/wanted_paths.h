// Which files in a layer the analyzers read, decided from the cleaned path alone (Go binaries are
// decided later from the mode bits and the ELF header).
#pragma once

#include <optional>
#include <string_view>

#include "scan/analyze/types.h"

namespace berth::scan {

enum class FileKind {
  kOsRelease,        // etc/os-release, usr/lib/os-release
  kAlpineRelease,    // etc/alpine-release
  kApkRepositories,  // etc/apk/repositories
  kDebianVersion,    // etc/debian_version
  kLsbRelease,       // etc/lsb-release
  kUbuntuEsm,        // var/lib/ubuntu-advantage/status.json
  kRedhatRelease,    // etc/{redhat,centos,rocky,almalinux,oracle,fedora}-release
  kSystemRelease,    // etc/system-release, usr/lib/system-release (Amazon Linux)
  kApkDb,
  kDpkgStatus,
  kRpmDb,
  kNodePackageJson,
  kPythonMetadata,
  kGemspec,
  kJar,
  kCargoLock,
  kRedhatContentManifest,  // root/buildinfo/content_manifests/*.json, usr/share/buildinfo/*.json
  kRedhatDockerfile,       // root/buildinfo/Dockerfile*
  kGoBinary,               // never returned by classify_path: see layer_reader
};

std::optional<FileKind> classify_path(std::string_view path);

// The most bytes of such a file that are kept; a bigger file is recorded as truncated.
uint64_t size_cap(FileKind kind, const Limits& limits);

}  // namespace berth::scan
