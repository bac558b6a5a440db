#include "world_files.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <stdexcept>

namespace chorus::ingest_synthetic {

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256 failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) out += hex[md[i] >> 4], out += hex[md[i] & 15];
  return out;
}

void write_world_files(const std::string& dir, const std::vector<FileOut>& files) {
  std::vector<std::string> tmp;
  for (const auto& f : files) {
    const std::string t = dir + "/.tmp-" + f.name;
    std::ofstream out(t, std::ios::binary | std::ios::trunc);
    out.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
    out.close();
    if (!out) {
      for (const auto& x : tmp) std::remove(x.c_str());
      std::remove(t.c_str());
      throw std::runtime_error("cannot write '" + t + "'");
    }
    tmp.push_back(t);
  }
  std::set<std::string> names;
  for (const auto& f : files) names.insert(f.name);
  static const std::regex ours(
      R"(SYN_[A-Z]_0621_(tweets|users)_csv_hashed\.csv|unaffiliated_twarc2_flat\.jsonl|ground_truth\.json)");
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (e.is_regular_file() && std::regex_match(n, ours) && !names.count(n)) std::filesystem::remove(e.path());
  }
  for (size_t i = 0; i < files.size(); ++i) std::filesystem::rename(tmp[i], dir + "/" + files[i].name);
}

Schema files_schema() {
  return {{"path", DataType{TypeId::Utf8}},  {"kind", DataType{TypeId::Utf8}},   {"state", DataType{TypeId::Utf8}},
          {"rows", DataType{TypeId::Int64}}, {"bytes", DataType{TypeId::Int64}}, {"sha256", DataType{TypeId::Utf8}}};
}

}  // namespace chorus::ingest_synthetic
