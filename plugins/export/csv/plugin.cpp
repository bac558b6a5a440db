// The export.csv plugin library: the export/csv stage of export_csv.hpp.
#include "export_csv.hpp"

CHORUS_PLUGIN("export.csv", "0.1.0", "Apache-2.0",
              "Spreadsheet-ready CSV export of any table", chorus::export_csv::ExportCsv)
