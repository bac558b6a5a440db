// Shared pieces of the libFuzzer targets of fuzz/targets: a temp folder for
// the input files stages read, the repo's dataset types, the selector byte
// that picks a stage config, and checks that must hold after every run.
//
// A check that fails calls FUZZ_FAIL, which prints the reason and aborts:
// libFuzzer then saves the input as a crash file like any sanitizer error.
#pragma once

#include <chorus/sdk/testing.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#ifndef CHORUS_FUZZ_SOURCE_DIR
#error "CHORUS_FUZZ_SOURCE_DIR (the repo root) must be defined by fuzz/CMakeLists.txt"
#endif

namespace chorus::fuzz {

using sdk::Json;
using sdk::testing::FakeHost;

[[noreturn]] inline void fail(const char* file, int line, const std::string& what) {
  std::fprintf(stderr, "\n==FUZZ CHECK FAILED== %s:%d: %s\n", file, line, what.c_str());
  std::fflush(stderr);
  std::abort();
}
#define FUZZ_FAIL(msg) ::chorus::fuzz::fail(__FILE__, __LINE__, (msg))
#define FUZZ_CHECK(cond, msg)                                                  \
  do {                                                                         \
    if (!(cond)) FUZZ_FAIL(std::string("check '" #cond "' failed: ") + (msg)); \
  } while (0)

// The text of a file of the repo (aborts if it is missing: a broken setup,
// not a finding).
inline std::string repo_file(const std::string& rel) {
  std::string text = sdk::testing::read_file(std::string(CHORUS_FUZZ_SOURCE_DIR) + "/" + rel);
  if (text.empty()) FUZZ_FAIL("cannot read " + rel + " under " CHORUS_FUZZ_SOURCE_DIR);
  return text;
}

// A fake host that knows the repo's posts, accounts and rejects types, as the
// real host does.
inline void add_dataset_types(FakeHost& host) {
  static const std::string posts = repo_file("schemas/datasets/posts.json");
  static const std::string accounts = repo_file("schemas/datasets/accounts.json");
  static const std::string rejects = repo_file("schemas/datasets/rejects.json");
  host.dataset_types["posts"] = posts;
  host.dataset_types["accounts"] = accounts;
  host.dataset_types["rejects"] = rejects;
}

// One temp folder per fuzzing process (removed at exit); each input is
// written over the same file names, so nothing piles up.
inline const sdk::testing::TempDir& temp_dir() {
  static const sdk::testing::TempDir dir;
  return dir;
}

inline std::string write_input(const std::string& name, std::string_view content) {
  const std::string path = temp_dir().file(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) FUZZ_FAIL("cannot write " + path);
  return path;
}

// The first byte picks one of n configs ('0' is config 0, '1' config 1, ...:
// the seed files start with a digit) and the rest is the file content.
struct Split {
  unsigned selector = 0;
  std::string_view content;
};
inline Split split_selector(const uint8_t* data, size_t size, unsigned n) {
  Split s;
  if (size == 0) return s;
  s.selector = static_cast<uint8_t>(data[0] - '0') % n;
  s.content = std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
  return s;
}

// True if a file with this content is read as gzip (magic 1f 8b).
inline bool looks_gzip(std::string_view content) {
  return content.size() >= 2 && static_cast<unsigned char>(content[0]) == 0x1f &&
         static_cast<unsigned char>(content[1]) == 0x8b;
}

inline int64_t rows_of(const FakeHost& host, const std::string& port) {
  auto it = host.outputs.find(port);
  return it == host.outputs.end() ? 0 : sdk::testing::total_rows(it->second);
}

// What must hold after any run of a reader stage, whatever the input:
//  - a failed run says why (set_error);
//  - every emitted batch has at most batch_rows rows;
//  - every reject names its file, has a line >= 1, a non-empty reason and at
//    most 4 KiB of raw text (schemas/datasets/rejects.json).
inline void check_run(const FakeHost& host, int rc, int64_t batch_rows, const std::string& file) {
  if (rc != 0) FUZZ_CHECK(!host.last_error().empty(), "the stage failed without an error message");
  for (const auto& [port, batches] : host.outputs)
    for (const auto& b : batches)
      FUZZ_CHECK(b.rows() <= batch_rows, "port '" + port + "' emitted a batch of " + std::to_string(b.rows()) +
                                             " rows, batch_rows is " + std::to_string(batch_rows));
  auto it = host.outputs.find("rejects");
  if (it == host.outputs.end()) return;
  for (const auto& b : it->second) {
    const chorus::Column& f = b.column("file");
    const chorus::Column& l = b.column("line");
    const chorus::Column& r = b.column("reason");
    const chorus::Column& raw = b.column("raw");
    for (int64_t i = 0; i < b.rows(); ++i) {
      FUZZ_CHECK(!f.is_null(i) && f.str(i) == file, "a reject does not name the input file");
      FUZZ_CHECK(!l.is_null(i) && l.int64(i) >= 1, "a reject has no line >= 1");
      FUZZ_CHECK(!r.is_null(i) && !r.str(i).empty(), "a reject has no reason");
      FUZZ_CHECK(raw.is_null(i) || raw.str(i).size() <= 4096, "a reject keeps more than 4 KiB of raw text");
    }
  }
}

}  // namespace chorus::fuzz
