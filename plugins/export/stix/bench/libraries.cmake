# bench_stix_export times the exporter's core, the rules, the lint and the
# OASIS-schema check (all in export_stix_lib, which links export_stix_ids).
set(CHORUS_BENCH_LIBRARIES export_stix_lib)
