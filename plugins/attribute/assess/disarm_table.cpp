// DISARM Red Framework v1.6 (DISARMFoundation/DISARMframeworks, release of
// 2024-11-22), (c) DISARM Foundation, licensed CC BY-SA 4.0
// (https://creativecommons.org/licenses/by-sa/4.0/). A hand-written subset:
// the techniques Chorus's technique rules may name, with their names and
// tactics as that release gives them. tests/disarm_table_test.cpp compares
// every row with the DISARM technique list when ../shared/disarm is present.
#include "disarm_table.hpp"

namespace chorus::attribute_assess {

const std::vector<DisarmTechnique>& disarm_techniques() {
  static const std::vector<DisarmTechnique> rows = {
      {"T0015", "Create Hashtags and Search Artefacts", "TA06", "develop-content"},
      {"T0015.001", "Use Existing Hashtag", "TA06", "develop-content"},
      {"T0015.002", "Create New Hashtag", "TA06", "develop-content"},
      {"T0049", "Flood Information Space", "TA17", "maximise-exposure"},
      {"T0049.001", "Trolls Amplify and Manipulate", "TA17", "maximise-exposure"},
      {"T0049.002", "Flood Existing Hashtag", "TA17", "maximise-exposure"},
      {"T0049.003", "Bots Amplify via Automated Forwarding and Reposting", "TA17", "maximise-exposure"},
      {"T0049.004", "Utilise Spamoflauge", "TA17", "maximise-exposure"},
      {"T0049.005", "Conduct Swarming", "TA17", "maximise-exposure"},
      {"T0049.006", "Conduct Keyword Squatting", "TA17", "maximise-exposure"},
      {"T0049.007", "Inauthentic Sites Amplify News and Narratives", "TA17", "maximise-exposure"},
      {"T0049.008", "Generate Information Pollution", "TA17", "maximise-exposure"},
      {"T0060", "Continue to Amplify", "TA11", "persist-in-the-information-environment"},
      {"T0084", "Reuse Existing Content", "TA06", "develop-content"},
      {"T0084.001", "Use Copypasta", "TA06", "develop-content"},
      {"T0084.002", "Plagiarise Content", "TA06", "develop-content"},
      {"T0092", "Build Network", "TA15", "establish-assets"},
      {"T0092.002", "Use Follow Trains", "TA15", "establish-assets"},
      {"T0092.003", "Create Community or Sub-Group", "TA15", "establish-assets"},
      {"T0098.002", "Leverage Existing Inauthentic News Sites", "TA16", "establish-legitimacy"},
      {"T0118", "Amplify Existing Narrative", "TA17", "maximise-exposure"},
      {"T0119", "Cross-Posting", "TA17", "maximise-exposure"},
      {"T0119.001", "Post across Groups", "TA17", "maximise-exposure"},
      {"T0121", "Manipulate Platform Algorithm", "TA17", "maximise-exposure"},
      {"T0146.007", "Automated Account Asset", "TA15", "establish-assets"},
      {"T0149.001", "Domain Asset", "TA15", "establish-assets"},
      {"T0150.001", "Newly Created Asset", "TA15", "establish-assets"},
      {"T0150.008", "Bulk Created Asset", "TA15", "establish-assets"},
      {"T0151.008", "Microblogging Platform", "TA07", "select-channels-and-affordances"},
  };
  return rows;
}

const DisarmTechnique* find_disarm_technique(std::string_view id) {
  for (const auto& t : disarm_techniques())
    if (id == t.id) return &t;
  return nullptr;
}

std::vector<std::string> disarm_technique_ids() {
  std::vector<std::string> ids;
  for (const auto& t : disarm_techniques()) ids.emplace_back(t.id);
  return ids;
}

}  // namespace chorus::attribute_assess
