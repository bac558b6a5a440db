#include "stix_options.hpp"

#include "stix_text.hpp"

namespace chorus::export_stix {

const sdk::OptionTable<Config>& config_options() {
  using O = Config;
  static const auto table =
      sdk::OptionTable<O>()
          .string("path", &O::path,
                  "The bundle file (JSON); relative to the pipeline file's folder. Written atomically; missing parent "
                  "folders are created.")
          .min_length(1)
          .string("tlp", &O::tlp, "amber",
                  "Traffic Light Protocol level of every object Chorus authors (object_marking_refs); the marking "
                  "object is included in the bundle.")
          .one_of({"clear", "green", "amber", "amber+strict", "red"})
          .integer("tlp_version", &O::tlp_version, 2,
                   "2: the OASIS TLP 2.0 marking-definitions (cti-stix-common-objects, extension-definition--60a3c5c5-"
                   "...); 1: the TLP 1.0 objects predefined by STIX 2.1 (clear is written as TLP:WHITE; TLP 1.0 has "
                   "no amber+strict).")
          .range(1, 2)
          .string("producer", &O::producer, "Chorus",
                  "Name of the producer identity (an organization) that every authored object's created_by_ref "
                  "names; its id is derived from this name.")
          .min_length(1)
          .string("timestamp", &O::timestamp,
                  "created/modified/published/valid_from of every authored object, YYYY-MM-DDTHH:MM:SS[.fff]Z. "
                  "Default: the latest last_activity of the exported clusters (else their summaries' last_post, else "
                  "1970-01-01T00:00:00.000Z), so the same input gives the same bundle.")
          .optional()
          .string("disarm_bundle", &O::disarm_bundle,
                  "A DISARM STIX bundle (e.g. DISARMframeworks/generated_files/DISARM_STIX/DISARM.json), relative "
                  "to the pipeline file's folder: its attack-patterns are copied verbatim with the DISARM identity "
                  "and marking. Without it, attack-patterns are authored (kill_chain_name disarm).")
          .optional()
          .string("account_type", &O::account_type, "twitter",
                  "account_type of the user-account objects (STIX account-type-ov; 'twitter' also for X). Part of "
                  "their ids.")
          .min_length(1)
          .integer("max_hashtags", &O::max_hashtags, 5,
                   "Top hashtags per cluster (cluster_profile rank) written as pcre indicators.")
          .range(0, 1000)
          .integer("max_domains", &O::max_domains, 5,
                   "Top domains per cluster written as domain-name objects with STIX-pattern indicators.")
          .range(0, 1000)
          .integer("max_urls", &O::max_urls, 5, "Top URLs per cluster written as url objects with indicators.")
          .range(0, 1000)
          .integer("max_narratives", &O::max_narratives, 3,
                   "Top narratives per cluster written as notes with their excerpts.")
          .range(0, 1000)
          .boolean("observed_data", &O::observed_data, true,
                   "Write one observed-data per cluster (its accounts, URLs and domains). Some importers mishandle "
                   "observed-data; the notes carry the same evidence either way.")
          .boolean("sightings", &O::sightings, true,
                   "Write a sighting per (cluster, indicator) with the post count, seen by the producer.")
          .check([](const O& o) {
            if (!o.timestamp.empty() && !parse_stix_timestamp(o.timestamp))
              throw sdk::ConfigError("with.timestamp: expected YYYY-MM-DDTHH:MM:SS[.fff]Z, got '" + o.timestamp + "'");
            if (o.tlp_version == 1 && o.tlp == "amber+strict")
              throw sdk::ConfigError("with.tlp: amber+strict exists only in TLP 2.0 (with.tlp_version: 2)");
          });
  return table;
}

}  // namespace chorus::export_stix
