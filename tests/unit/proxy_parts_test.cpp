// The proxy cache's building blocks: singleflight, the bandwidth limiter, repository mapping.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "proxy/proxy_target.h"
#include "proxy/rate_limiter.h"
#include "proxy/singleflight.h"

using namespace berth::proxy;

TEST(Singleflight, ConcurrentCallersShareOneCall) {
  Singleflight<int> sf;
  std::atomic<int> runs{0}, shared_count{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      bool shared = false;
      int v = sf.run(
          "k",
          [&] {
            ++runs;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            return 42;
          },
          &shared);
      EXPECT_EQ(v, 42);
      if (shared) ++shared_count;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(shared_count.load(), 15);
  // Once finished, the next call runs again (results are not cached).
  EXPECT_EQ(sf.run("k", [] { return 7; }), 7);
}

TEST(Singleflight, ErrorsReachEveryWaiterAndAreNotKept) {
  Singleflight<int> sf;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      try {
        sf.run("k", []() -> int {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          throw std::runtime_error("upstream down");
        });
      } catch (const std::runtime_error&) {
        ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 4);
  EXPECT_EQ(sf.run("k", [] { return 1; }), 1);
}

TEST(RateLimiter, UnlimitedNeverWaits) {
  RateLimiter r(0);
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) r.consume(1 << 20);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(100));
}

TEST(RateLimiter, HoldsTheRate) {
  RateLimiter r(1000);  // 1000 KiB/s
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) r.consume(10 * 1024);  // 500 KiB
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // 500 KiB at 1000 KiB/s with a quarter second of burst: at least ~0.25 s.
  EXPECT_GE(s, 0.2);
  EXPECT_LT(s, 2.0);
  EXPECT_EQ(r.rate_kb(), 1000);
}

TEST(ProxyTarget, DockerHubOfficialImagesLiveUnderLibrary) {
  Target hub;
  hub.project = "hub";
  hub.type = "docker-hub";
  EXPECT_EQ(hub.local_repository("hub/nginx"), "hub/library/nginx");
  EXPECT_EQ(hub.upstream_repository("hub/nginx"), "library/nginx");
  EXPECT_EQ(hub.local_repository("hub/bitnami/nginx"), "hub/bitnami/nginx");
  EXPECT_EQ(hub.upstream_repository("hub/library/nginx"), "library/nginx");

  Target ecr;
  ecr.project = "proxy-project";
  ecr.type = "aws-ecr";
  EXPECT_EQ(ecr.local_repository("proxy-project/nginx"), "proxy-project/nginx");
  EXPECT_EQ(ecr.upstream_repository("proxy-project/cloudwatch-agent/cloudwatch-agent"),
            "cloudwatch-agent/cloudwatch-agent");
}
