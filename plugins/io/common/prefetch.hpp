// Runs a producer on a background thread, a few results ahead of the
// consumer: the io readers parse the next block of input while the calling
// thread converts the current one. Only the calling thread talks to the host.
// A template, so header-only.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace chorus::io_common {

template <class T>
class Prefetcher {
 public:
  // produce(slot) fills a slot and returns true, or returns false at the end.
  // It runs on the background thread; its exceptions reach the consumer.
  explicit Prefetcher(std::function<bool(T&)> produce, size_t slots = 3) : produce_(std::move(produce)) {
    for (size_t i = 0; i < slots; ++i) {
      slots_.push_back(std::make_unique<T>());
      free_.push_back(slots_.back().get());
    }
    thread_ = std::thread([this] { loop(); });
  }
  ~Prefetcher() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  // The next result, in order; nullptr at the end. The slot returned by the
  // previous call is recycled. Rethrows the producer's exception.
  T* next() {
    std::unique_lock<std::mutex> lock(mu_);
    if (current_) {
      free_.push_back(current_);
      current_ = nullptr;
      cv_.notify_all();
    }
    cv_.wait(lock, [&] { return !full_.empty() || done_; });
    if (!full_.empty()) {
      current_ = full_.front();
      full_.pop_front();
      return current_;
    }
    if (error_) std::rethrow_exception(error_);
    return nullptr;
  }

 private:
  void loop() {
    for (;;) {
      T* slot;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !free_.empty(); });
        if (stop_) return;
        slot = free_.front();
        free_.pop_front();
      }
      bool more = false;
      std::exception_ptr error;
      try {
        more = produce_(*slot);
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (more) {
          full_.push_back(slot);
        } else {
          error_ = error;
          done_ = true;
        }
      }
      cv_.notify_all();
      if (!more) return;
    }
  }

  std::function<bool(T&)> produce_;
  std::vector<std::unique_ptr<T>> slots_;
  std::deque<T*> free_, full_;
  T* current_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, done_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace chorus::io_common

// Transition: the old name of this namespace (see input.hpp).
namespace chorus {
namespace io = io_common;
}
