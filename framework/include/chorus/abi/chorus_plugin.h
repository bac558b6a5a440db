/* The binary contract between the Chorus host and a plugin library.
 *
 * Only C types cross this boundary: no C++ class, std:: type or exception.
 * Structures are append-only within an ABI major; every one starts with
 * struct_size so the host can tell which fields a plugin knows about: a
 * field beyond struct_size reads as absent (NULL, 0).
 * Data crosses as Arrow C Data Interface structs (chorus_arrow.h), each
 * carrying its own release callback; config and type descriptions cross as
 * JSON text owned by the side that wrote it and valid for the call only.
 */
#ifndef CHORUS_ABI_PLUGIN_H
#define CHORUS_ABI_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include "chorus_arrow.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CHORUS_ABI_MAJOR 1
#define CHORUS_ABI_MINOR 2

/* The one symbol a plugin exports. The major version is in the name so that a
 * future library can export both v1 and v2 entry points. */
#define CHORUS_ENTRY_SYMBOL "chorus_plugin_entry_v1"

enum chorus_log_level { CHORUS_LOG_DEBUG = 1, CHORUS_LOG_INFO = 2, CHORUS_LOG_WARN = 3, CHORUS_LOG_ERROR = 4 };

enum chorus_stage_flags {
  /* Output depends on more than config, inputs and fingerprinted files
   * (clock, network, randomness without a seed): never served from cache. */
  CHORUS_STAGE_NONDETERMINISTIC = 1u << 0,
  /* Has effects outside the store (writes files): runs every time and its
   * result is never served from cache. */
  CHORUS_STAGE_SINK = 1u << 1
};

/* Services the host offers to a stage during a call. `ctx` is opaque and is
 * passed back unchanged. Functions returning int return 0 on success. */
typedef struct chorus_host_api {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;

  void (*log)(void* ctx, int level, const char* message);
  /* Records the reason of a failure; the stage then returns non-zero. */
  void (*set_error)(void* ctx, const char* message);
  /* Non-zero once the run is cancelled (Ctrl-C, --fail-fast): stop early. */
  int (*cancelled)(void* ctx);

  /* JSON of a named dataset type from schemas/datasets, or NULL if unknown.
   * The string is owned by the host and lives as long as the run. */
  const char* (*dataset_type)(void* ctx, const char* name);

  /* infer: the stage reports its output types as JSON
   * {"<port>": {"type": "<name or empty>", "columns": [{"name":..,"type":..}]}} */
  int (*set_output_types)(void* ctx, const char* types_json);

  /* run: pulls the next batch of an input port. Returns 1 and fills both
   * structs (the stage must call their release), 0 at the end of input, or
   * -1 when the input cannot be read (the host has recorded why). */
  int (*read_batch)(void* ctx, const char* port, struct ArrowSchema* schema, struct ArrowArray* array);
  /* run: hands one batch to an output port. The host takes ownership of
   * both structs (it moves them and calls release) even when it fails. */
  int (*emit_batch)(void* ctx, const char* port, struct ArrowSchema* schema, struct ArrowArray* array);
  /* run: rows processed so far, for progress display. */
  void (*progress)(void* ctx, int64_t rows);

  /* fingerprint: names an external file the stage will read, so that a
   * change to its content invalidates the cached result. */
  void (*add_input_file)(void* ctx, const char* path);

  /* Folder of the pipeline file: relative paths in config resolve against it.
   * Owned by the host. */
  const char* (*pipeline_dir)(void* ctx);

  /* run: the types of the stage's ports, as inferred before the run:
   * {"inputs": {"<port>": {"type":..,"columns":[..]}}, "outputs": {..}}.
   * Owned by the host. Lets a stage with no input batch still know its
   * columns (an empty CSV with its header, an aggregate of nothing). */
  const char* (*port_types)(void* ctx);

  /* fingerprint: a named value the result depends on that is neither config
   * nor a file (e.g. an identifier derived from a secret key, never the key
   * itself). It becomes part of the cache key. */
  void (*add_input_value)(void* ctx, const char* name, const char* value);

  /* ABI 1.1. run: from now on read_batch on `port` hands only these columns,
   * in this order (a projection), so a stage that reads 4 of 30 columns does
   * not pay for copying the other 26. `columns_json` is a JSON array of
   * column names. Returns 0, or -1 when a name is not a column of the port
   * or a batch was already read from it (the host records why). */
  int (*select_columns)(void* ctx, const char* port, const char* columns_json);
} chorus_host_api;

typedef struct chorus_stage_api {
  uint32_t struct_size;
  const char* type;          /* "<family>/<stage>", e.g. "io/csv_read" */
  const char* description;   /* one line */
  const char* code_version;  /* bump to invalidate cached results */
  const char* config_schema; /* JSON Schema (draft-07) of `with:` */
  /* JSON: {"inputs":[{"name":"in","type":"any","description":".."}],
   *        "outputs":[{"name":"out","type":"posts","description":".."}]} */
  const char* ports;
  uint64_t flags; /* chorus_stage_flags */

  /* Pure: from config and input types (JSON {"<port>": {"type":..,"columns":[..]}})
   * report output types with host->set_output_types. */
  int (*infer)(const chorus_host_api* host, void* ctx, const char* config_json, const char* input_types_json);
  /* Does the work: read_batch on inputs, emit_batch on outputs. */
  int (*run)(const chorus_host_api* host, void* ctx, const char* config_json);
  /* Optional (may be NULL): report external files with add_input_file. */
  int (*fingerprint)(const chorus_host_api* host, void* ctx, const char* config_json);
} chorus_stage_api;

typedef struct chorus_plugin_desc {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  const char* name;    /* library identity, e.g. "io.csv" */
  const char* version; /* semantic version of the plugin */
  const char* license; /* SPDX identifier */
  const char* description;
  size_t n_stages;
  const chorus_stage_api* const* stages;
  /* ABI 1.2 (may be NULL): what the library was built from, e.g.
   * "sha256:<hex>" over its sources and headers and those of the shared
   * code it links. A change invalidates every cached result of its stages. */
  const char* code_identity;
} chorus_plugin_desc;

typedef const chorus_plugin_desc* (*chorus_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* CHORUS_ABI_PLUGIN_H */
