// Turns what went wrong talking to a remote registry (remote::RemoteError: DNS, refused, 401,
// 403, 429, 5xx, ...) into the sentence a replication task shows, naming the endpoint and what
// to fix, and says whether retrying can help (network, timeout, 429, 5xx) and when.
#pragma once

#include <string>

#include "remote/errors.h"
#include "replication/errors.h"

namespace berth::replication {

// What the side was doing: decides "source"/"destination" and the wording of refusals.
enum class RemoteOperation {
  kList,         // listing repositories or tags (source)
  kRead,         // reading manifests, blobs, referrers, labels (source)
  kPrepare,      // creating the destination project / repository
  kWrite,        // checking, mounting, uploading blobs (destination)
  kPutManifest,  // pushing a manifest (destination)
  kDelete,       // deleting a tag or manifest (destination)
};

struct RemoteErrorContext {
  std::string endpoint;  // the endpoint's name ("ecr-prod")
  RemoteOperation operation = RemoteOperation::kRead;
  std::string repository;  // "" when listing the catalog
  std::string media_type;  // kPutManifest: the manifest's type
};

ReplicationError translate_remote_error(const remote::RemoteError& e,
                                        const RemoteErrorContext& context);

}  // namespace berth::replication
