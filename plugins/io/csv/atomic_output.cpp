#include "atomic_output.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace chorus::io_csv {

AtomicOutput::AtomicOutput(const std::string& path) : path_(path), tmp_(path + ".tmp") {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  gzip_ = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  if (gzip_) {
    gz_ = gzopen(tmp_.c_str(), "wb6");
    if (!gz_) throw std::runtime_error("cannot create '" + tmp_ + "'");
  } else {
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (!f_) throw std::runtime_error("cannot create '" + tmp_ + "': " + std::strerror(errno));
  }
}

AtomicOutput::~AtomicOutput() {
  if (f_) std::fclose(f_);
  if (gz_) gzclose(gz_);
  if (!committed_) std::remove(tmp_.c_str());
}

void AtomicOutput::write(const std::string& data) {
  if (data.empty()) return;
  if (gz_) {
    if (gzwrite(gz_, data.data(), static_cast<unsigned>(data.size())) != static_cast<int>(data.size()))
      throw std::runtime_error("cannot write '" + tmp_ + "'");
  } else if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) {
    throw std::runtime_error("cannot write '" + tmp_ + "': " + std::strerror(errno));
  }
}

void AtomicOutput::commit() {
  if (gz_) {
    int rc = gzclose(gz_);
    gz_ = nullptr;
    if (rc != Z_OK) throw std::runtime_error("cannot write '" + tmp_ + "'");
  } else {
    int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) throw std::runtime_error("cannot write '" + tmp_ + "': " + std::strerror(errno));
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error("cannot rename '" + tmp_ + "' to '" + path_ + "': " + std::strerror(errno));
  committed_ = true;
}

}  // namespace chorus::io_csv
