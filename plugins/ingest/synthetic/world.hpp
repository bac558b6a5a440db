// The synthetic world: accounts of several states and unaffiliated accounts,
// and their posts, with planted structures (inter-state flows of three
// shapes, accounts with many distinct neighbours, engagement gaps, shared and
// follow-train hashtags, URL categories, a leader/follower group; with
// `operations`, coordinated operations and organic look-alikes among the
// unaffiliated accounts, operations.hpp). Built from
// a seed only, in memory; render.hpp writes it as files and rows,
// ground_truth.hpp describes it.
// docs/synthetic-world.md describes every planted structure.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace chorus::ingest_synthetic {

// The knobs of a world: the stage's options (their defaults and ranges are
// in SyntheticStage::options(), the one place they are stated).
struct WorldConfig {
  uint64_t seed;
  int states;
  int accounts_per_state;
  int posts_per_account;
  int unaffiliated;
  int64_t start_s;  // seconds since the epoch
  int days;
  int flow_posts;  // per directed flow pair; 0: accounts_per_state * posts_per_account / 8, at least 20
  int group_members;
  int group_entities;
  // Coordinated operations and organic look-alikes in the twarc2 collection
  // (operations.hpp); false keeps the world of earlier versions byte for byte.
  bool operations = false;

  int flow_posts_effective() const {
    if (flow_posts > 0) return flow_posts;
    return std::max(20, accounts_per_state * posts_per_account / 8);
  }
};

enum class Kind : uint8_t { Original, Retweet, Reply, Quote };
constexpr int kUnaffiliated = -1, kOutside = -2;

struct Account {
  std::string id, handle, name, description, location, profile_url, lang;
  int state = kUnaffiliated;  // >= 0: index of the state
  bool hashed = false;
  int64_t followers = 0, following = 0, created_s = 0, listed = 0;
  std::string role;  // planted role: influencer, promoter, broker (empty: none)
  bool admin = false;
  int operation = -1;  // index in World::operations (an account of the twarc2 collection run by it)
};

struct Post {
  int author = -1;
  int64_t t_s = 0;  // seconds since the epoch (TMRC files keep the minute)
  int ms = 0;       // sub-second part, in the snowflake id only
  Kind kind = Kind::Original;
  int target_account = -1;      // retweeted / replied / quoted account
  int target_post = -1;         // index in World::posts; -1: outside the data
  std::string ext_target_post;  // id of a post outside the data
  std::vector<int> mentions;    // accounts
  std::vector<std::string> hashtags, urls;
  std::vector<std::string> short_urls;  // the links as posted, when urls holds where they lead (twarc2 unwound_url)
  std::string text, lang, client;
  int64_t likes = 0, shares = 0, replies = 0, quotes = 0;
  std::string id;
  // planning
  int plan = 0;  // a Plan value
  bool follow_train = false;
  int coord_entity = -1;     // index of a coordination entity
  int group = 0;             // what planted it (PlanGroup; selects the random stream of operations)
  int target_plan = -1;      // a retweet of this planned post (operations), instead of a drawn one
  bool preset = false;       // text, hashtags and urls set when planned (operations); a t.co link is added
  int op = -1, op_day = -1;  // the operation and its active day that planted this post (-1: none)
  int lookalike = -1;        // the organic look-alike that planted this post (-1: none)
};

// Post::group values. Posts of kOpsFirst and above draw from their own
// random streams, so switching operations on leaves the other draws alone.
enum PlanGroup : int {
  kOpsFirst = 10,
  kOpsSync = 10,        // an operation's coordinated posts
  kOpsBackground = 11,  // an operation account's ordinary posts
  kLookalike = 12,      // organic look-alike posts
};

// A coordinated operation of the twarc2 collection (operations.hpp).
struct Operation {
  std::string name, kind;  // kind: retweet_ring, hashtag_flood, link_template
  std::vector<int> accounts;
  std::vector<int64_t> day_start_s;           // per active day: the seed post's or the burst's planned start
  std::string hashtag;                        // the group's own hashtag, lower case (hashtag_flood)
  std::string domain;                         // the group's own site (link_template)
  std::vector<std::string> templates, links;  // per active day (link_template): the text and the full URL
  int64_t window_s = 0;                       // planned: latency bound (ring) or burst length
};

// An organic look-alike: many organic accounts acting together once or
// without synchrony (operations.hpp).
struct Lookalike {
  std::string kind;  // viral_post, trending_hashtag, popular_hashtag
  std::string tag;   // lower case (hashtags)
  std::vector<int> accounts;
  int64_t from_s = 0, to_s = 0;  // planned window
};

struct UrlCategory {
  std::string name;
  std::vector<std::string> domains;
};

struct CoordEntity {
  std::string type, value;  // hashtag (without '#') or url
  int leader_post = -1;
  std::vector<int> member_posts;
};

struct World {
  WorldConfig config;
  std::vector<std::string> state_codes, campaigns, campaign_codes;  // XA, twitter_io:SYN_A_0621, SYN_A_0621
  std::vector<Account> accounts;
  std::vector<std::vector<int>> state_accounts;  // per state, in users-file order
  std::vector<int> unaffiliated, outside;
  std::vector<Post> posts;  // sorted by (time, planning order)
  std::vector<UrlCategory> url_categories;
  std::map<std::string, std::string> url_category_of_link;  // every link the world uses -> category
  int influencer = -1, promoter = -1, broker = -1;
  int leader = -1;
  std::vector<int> members;
  std::vector<CoordEntity> coord;
  // planted inter-state flows: (shape, from, to)
  struct Flow {
    std::string shape;
    int from, to;
  };
  std::vector<Flow> flows;
  std::vector<Operation> operations;  // empty unless config.operations
  std::vector<Lookalike> lookalikes;
  std::vector<int> operation_accounts;  // in creation order
};

// Throws std::invalid_argument "<option>: <rule>" when the knobs cannot make
// a world (the rules across options, e.g. group_members against
// accounts_per_state).
void check_world(const WorldConfig& c);

// The world of these knobs (checked first): the same knobs give the same
// world with every compiler and standard library.
World build_world(const WorldConfig& c);

namespace words {
// The theme hashtags shared by every state and unaffiliated accounts.
const std::vector<std::string>& themes();
}  // namespace words

}  // namespace chorus::ingest_synthetic
