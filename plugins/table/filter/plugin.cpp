// The table.filter plugin library: the table/filter stage of filter.hpp.
#include "filter.hpp"

CHORUS_PLUGIN("table.filter", "0.1.0", "Apache-2.0",
              "Row filtering of tables by column conditions", chorus::table_filter::Filter)
