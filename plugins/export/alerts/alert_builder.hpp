// One alert (an ordered JSON object, the field order of the schema) from an
// assessment and the rows of its cluster. Ids come from export_stix_ids, so
// they equal the ids of the STIX bundle of the same run.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "alert_inputs.hpp"

namespace chorus::export_alerts {

using OrderedJson = nlohmann::ordered_json;

struct AlertSettings {
  std::string bundle_id;
  std::string generated;  // YYYY-MM-DDTHH:MM:SS.mmmZ
  std::string tlp;
  std::string account_type;
  std::string method;
  int64_t max_accounts = 0;  // 0: every member
  bool pseudonymised = false;
};

// What building an alert noticed, for the stage's log.
struct AlertNotes {
  int64_t accounts_cut = 0;             // members beyond max_accounts
  int64_t techniques_not_assessed = 0;  // technique rows whose id is not in assessments.techniques
};

OrderedJson build_alert(const AssessmentRow& a, const FindingInputs& in, const AlertSettings& s, AlertNotes& notes);

}  // namespace chorus::export_alerts
