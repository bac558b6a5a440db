// Follow-train hashtags (#OpenFollow, #SíguemeYTeSigo, follow-for-follow):
// accounts promise to follow back whoever follows them, a practice of
// state-backed campaigns to grow their networks (docs/methods.md,
// network/hashtags). Folded (lower-case ASCII, no '#').
#pragma once

#include <string>
#include <vector>

namespace chorus::network_follow_trains {

inline const std::vector<std::string>& default_follow_train_hashtags() {
  static const std::vector<std::string> tags = {"openfollow",
                                                "syts",
                                                "siguemeytesigo",
                                                "sigueme",
                                                "followtrain",
                                                "followback",
                                                "teamfollowback",
                                                "f4f",
                                                "followforfollow",
                                                "follow4follow",
                                                "ifollowback",
                                                "ifb",
                                                "tfb",
                                                "siguemeysigo",
                                                "trendfollow"};
  return tags;
}

}  // namespace chorus::network_follow_trains
