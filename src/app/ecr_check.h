// `berth ecr-check`: an operator/test tool that drives the Amazon ECR control-plane calls
// (remote/ecr_api.h) against an ECR endpoint: does a repository exist, make sure it does (with
// its settings), delete an image by tag or digest, list the registry's repositories.
#pragma once

#include <string>

namespace berth::app {

struct EcrCheckOptions {
  std::string url;         // https://<account>.dkr.ecr.<region>.amazonaws.com, api.ecr...
  std::string access_key;  // empty (with the secret): the AWS credential chain
  std::string secret_key;
  std::string exists;       // repository to look up
  std::string ensure_repo;  // repository to create when missing ...
  std::string create_repo;  // ... or to create without looking first
  bool immutable = false;   // settings of a created repository
  bool scan_on_push = false;
  std::string delete_ref;  // NAME:TAG, NAME@DIGEST or NAME:DIGEST
  bool list = false;       // every repository of the registry
};

// Runs the requested calls in the order exists, ensure, create, delete, list; prints one line
// per call (list: a count, then one line per repository) on stdout. On failure prints "error:
// <message> [<kind>]" on stderr and returns 1.
int ecr_check(const EcrCheckOptions& options);

}  // namespace berth::app
