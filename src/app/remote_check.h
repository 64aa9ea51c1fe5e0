// `berth remote-check`: an operator/test tool that exercises remote/ against a real registry:
// ping, resolve a manifest (through an index to its first child), download and verify blobs.
#pragma once

#include <string>

namespace berth::app {

struct RemoteCheckOptions {
  std::string url;
  std::string provider = "docker-registry";  // docker-hub adds library/
  std::string username;
  std::string password;
  bool ecr = false;  // use ECR auth even with empty keys (the AWS credential chain)
  std::string ecr_access_key;
  std::string ecr_secret_key;
  std::string repository;
  std::string reference = "latest";
  bool insecure = false;
  std::string ca_file;
  int connect_timeout_ms = 5000;
  int idle_timeout_ms = 30000;
  bool ping_only = false;
  // After the pull, push the image into this repository of the same registry, using each
  // upload path in turn (monolithic from memory, mount, monolithic streamed, chunked).
  std::string copy_to;
};

// Prints what it did on stdout; on failure prints "error: ..." on stderr and returns 1.
int remote_check(const RemoteCheckOptions& options);

}  // namespace berth::app
