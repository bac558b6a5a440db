#include "batch_spool.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace chorus::table_shuffle {

namespace {

// The host's rule for spool files: $TMPDIR, else /tmp.
std::FILE* open_unlinked_temp() {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/chorus-shuffle-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw std::runtime_error("table/shuffle: cannot create a spool file like " + pattern);
  ::unlink(name.data());
  std::FILE* f = ::fdopen(fd, "w+b");
  if (!f) {
    ::close(fd);
    throw std::runtime_error("table/shuffle: cannot open the spool file");
  }
  return f;
}

template <class T>
void write_vector(std::FILE* f, const std::vector<T>& v, uint64_t& written) {
  const uint64_t n = v.size();
  if (std::fwrite(&n, sizeof n, 1, f) != 1 || (n > 0 && std::fwrite(v.data(), sizeof(T), n, f) != n))
    throw std::runtime_error("table/shuffle: cannot write the spool file (disk full?)");
  written += sizeof n + n * sizeof(T);
}

template <class T>
void read_vector(std::FILE* f, std::vector<T>& v) {
  uint64_t n = 0;
  if (std::fread(&n, sizeof n, 1, f) != 1) throw std::runtime_error("table/shuffle: cannot read the spool file");
  v.resize(n);
  if (n > 0 && std::fread(v.data(), sizeof(T), n, f) != n)
    throw std::runtime_error("table/shuffle: cannot read the spool file");
}

void write_string(std::FILE* f, const std::string& s, uint64_t& written) {
  const uint64_t n = s.size();
  if (std::fwrite(&n, sizeof n, 1, f) != 1 || (n > 0 && std::fwrite(s.data(), 1, n, f) != n))
    throw std::runtime_error("table/shuffle: cannot write the spool file (disk full?)");
  written += sizeof n + n;
}

void read_string(std::FILE* f, std::string& s) {
  uint64_t n = 0;
  if (std::fread(&n, sizeof n, 1, f) != 1) throw std::runtime_error("table/shuffle: cannot read the spool file");
  s.resize(n);
  if (n > 0 && std::fread(s.data(), 1, n, f) != n)
    throw std::runtime_error("table/shuffle: cannot read the spool file");
}

}  // namespace

size_t bytes_of(const Batch& b) {
  size_t n = 0;
  for (size_t c = 0; c < b.num_columns(); ++c) {
    const Column& col = b.column(c);
    n += col.valid().size() + col.ints().size() * 8 + col.doubles().size() * 8 + col.offsets().size() * 4 +
         col.list_offsets().size() * 4 + col.chars().size();
  }
  return n;
}

BatchSpool::BatchSpool(Schema schema, size_t memory_limit) : schema_(std::move(schema)), memory_limit_(memory_limit) {}

BatchSpool::~BatchSpool() {
  if (file_) std::fclose(file_);
}

void BatchSpool::spill(const Batch& b) {
  const uint64_t rows = static_cast<uint64_t>(b.rows());
  if (std::fwrite(&rows, sizeof rows, 1, file_) != 1)
    throw std::runtime_error("table/shuffle: cannot write the spool file (disk full?)");
  written_ += sizeof rows;
  for (size_t c = 0; c < b.num_columns(); ++c) {
    const Column& col = b.column(c);
    write_vector(file_, col.valid(), written_);
    write_vector(file_, col.ints(), written_);
    write_vector(file_, col.doubles(), written_);
    write_vector(file_, col.offsets(), written_);
    write_vector(file_, col.list_offsets(), written_);
    write_string(file_, col.chars(), written_);
  }
  ++batches_in_file_;
}

void BatchSpool::push(Batch&& b) {
  if (reading_) throw std::logic_error("BatchSpool: push after pop");
  if (file_) {
    spill(b);
    return;
  }
  memory_bytes_ += bytes_of(b);
  memory_.push_back(std::move(b));
  if (memory_bytes_ <= memory_limit_) return;
  file_ = open_unlinked_temp();
  for (const Batch& held : memory_) spill(held);
  memory_.clear();
  memory_bytes_ = 0;
}

bool BatchSpool::pop(Batch& out) {
  if (!file_) {
    if (memory_.empty()) return false;
    out = std::move(memory_.front());
    memory_.pop_front();
    return true;
  }
  if (!reading_) {
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
      throw std::runtime_error("table/shuffle: cannot rewind the spool file");
    reading_ = true;
  }
  if (batches_in_file_ == 0) return false;
  --batches_in_file_;
  uint64_t rows = 0;
  if (std::fread(&rows, sizeof rows, 1, file_) != 1)
    throw std::runtime_error("table/shuffle: cannot read the spool file");
  Batch b(schema_);
  for (size_t c = 0; c < b.num_columns(); ++c) {
    Column& col = b.column(c);
    read_vector(file_, col.valid());
    read_vector(file_, col.ints());
    read_vector(file_, col.doubles());
    read_vector(file_, col.offsets());
    read_vector(file_, col.list_offsets());
    read_string(file_, col.chars());
  }
  b.set_empty_rows(static_cast<int64_t>(rows));
  out = std::move(b);
  return true;
}

}  // namespace chorus::table_shuffle
