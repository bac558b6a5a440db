// The output file of io/csv_write: written under a temporary name and
// renamed on commit(); removed if never committed. Plain, or gzip when the
// path ends in ".gz".
#pragma once

#include <zlib.h>

#include <cstdio>
#include <string>

namespace chorus::io_csv {

class AtomicOutput {
 public:
  // Creates the missing parent folders and the temporary file <path>.tmp.
  explicit AtomicOutput(const std::string& path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  void write(const std::string& data);
  // Closes the file and renames it to its final name.
  void commit();

 private:
  std::string path_, tmp_;
  bool gzip_ = false;
  FILE* f_ = nullptr;
  gzFile gz_ = nullptr;
  bool committed_ = false;
};

}  // namespace chorus::io_csv
