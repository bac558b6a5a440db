// The files of a synthetic world on disk: written all at once (temporary
// names, then renamed), stale files of an earlier world removed, and the
// `files` table that lists them with their SHA-256.
#pragma once

#include <chorus/sdk.hpp>

#include <string>
#include <vector>

#include "render.hpp"

namespace chorus::ingest_synthetic {

// Lowercase hex SHA-256 of data (OpenSSL).
std::string sha256_hex(const std::string& data);

// Each file goes to a temporary name first and is renamed when all are
// written; files of an earlier world with the generator's names that are
// not part of this one are removed, so a glob over `dir` sees this world
// only. Nothing else in `dir` is touched.
void write_world_files(const std::string& dir, const std::vector<FileOut>& files);

// Columns of the `files` output: path, kind, state, rows, bytes, sha256.
Schema files_schema();

}  // namespace chorus::ingest_synthetic
