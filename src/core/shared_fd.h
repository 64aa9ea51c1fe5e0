// The domain's name for shared file descriptors (defined in base/ for store/).
#pragma once

#include "base/shared_fd.h"

namespace berth::core {
using base::make_shared_fd;
}  // namespace berth::core
