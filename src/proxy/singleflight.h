// Collapses concurrent identical blocking calls: the first caller of a key runs the work, the
// others that arrive meanwhile wait for its result (or its exception) instead of repeating it.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>

namespace berth::proxy {

template <class T>
class Singleflight {
 public:
  // `shared` (optional) tells the caller whether it followed another caller's call.
  T run(const std::string& key, const std::function<T()>& work, bool* shared = nullptr) {
    std::promise<T> promise;
    std::shared_future<T> future;
    bool leader = false;
    {
      std::lock_guard lock(mutex_);
      auto it = calls_.find(key);
      if (it != calls_.end()) {
        future = it->second;
      } else {
        future = promise.get_future().share();
        calls_.emplace(key, future);
        leader = true;
      }
    }
    if (shared) *shared = !leader;
    if (!leader) return future.get();
    try {
      promise.set_value(work());
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
    {
      std::lock_guard lock(mutex_);
      calls_.erase(key);
    }
    return future.get();
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_future<T>> calls_;
};

}  // namespace berth::proxy
