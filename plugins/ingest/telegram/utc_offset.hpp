// The fixed UTC offset of `assume_timezone`: the zone of the local 'date'
// text of exports without 'date_unixtime'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace chorus::ingest_telegram {

// "UTC", "Z" or a fixed offset "+03:00" / "-0530" / "+03" -> seconds east of
// UTC; nullopt for anything else (IANA zone names included).
std::optional<int64_t> parse_offset(const std::string& s);

}  // namespace chorus::ingest_telegram
