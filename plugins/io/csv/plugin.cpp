// io.csv: CSV reader and writer stages.
#include <chorus/sdk.hpp>

#include "csv_stages.hpp"

CHORUS_PLUGIN("io.csv", "0.1.0", "Apache-2.0", "CSV reader and writer (RFC 4180, gzip input)",
              chorus::io::csv::CsvRead, chorus::io::csv::CsvWrite)
