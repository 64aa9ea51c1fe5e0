#include "store/growing_file.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using berth::store::GrowingFile;

TEST(GrowingFile, WakesReadersAsTheFileGrows) {
  GrowingFile f(nullptr);
  int started = 0, grown = 0;
  f.when_started([&] { ++started; });
  f.when_beyond(10, [&] { ++grown; });
  EXPECT_EQ(started, 0);
  f.set_size(100);
  EXPECT_EQ(started, 1);
  f.advance(10);
  EXPECT_EQ(grown, 0) << "10 bytes is not beyond 10";
  f.advance(11);
  EXPECT_EQ(grown, 1);
  f.advance(50);
  EXPECT_EQ(grown, 1) << "a waiter is called once";
}

TEST(GrowingFile, SatisfiedWaitersRunAtOnce) {
  GrowingFile f(nullptr);
  f.set_size(5);
  f.advance(5);
  int calls = 0;
  f.when_started([&] { ++calls; });
  f.when_beyond(4, [&] { ++calls; });
  EXPECT_EQ(calls, 2);
}

TEST(GrowingFile, FailureAndFinishWakeEveryone) {
  GrowingFile f(nullptr);
  int calls = 0;
  f.when_started([&] { ++calls; });
  f.when_beyond(1000, [&] { ++calls; });
  f.fail("upstream went away", 502);
  EXPECT_EQ(calls, 2);
  auto st = f.state();
  EXPECT_TRUE(st.failed);
  EXPECT_EQ(st.status, 502);
  EXPECT_EQ(st.error, "upstream went away");

  GrowingFile g(nullptr);
  g.advance(7);
  bool woke = false;
  g.when_started([&] { woke = true; });  // size unknown (chunked upstream) until the end
  EXPECT_FALSE(woke);
  g.finish();
  EXPECT_TRUE(woke);
  EXPECT_EQ(g.state().size, 7);
}

TEST(GrowingFile, ConcurrentWriterAndReaders) {
  GrowingFile f(nullptr);
  std::atomic<int> woken{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 8; ++i)
    readers.emplace_back([&, i] { f.when_beyond(uint64_t(i) * 1000, [&] { ++woken; }); });
  std::thread writer([&] {
    f.set_size(10000);
    for (uint64_t n = 0; n <= 10000; n += 100) f.advance(n);
    f.finish();
  });
  for (auto& t : readers) t.join();
  writer.join();
  EXPECT_EQ(woken.load(), 8);
}
