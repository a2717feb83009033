/*
 * versions.h - the version table: real releases of Linux, QEMU /
 * qemu-xen-traditional and Xen, as release *ranges*, each mapped to knob
 * values and carrying its source.  The table is data (data/versions.tsv),
 * compiled into the library so that the binary needs no install path.
 */
#ifndef PIRQSIM_VERSIONS_H
#define PIRQSIM_VERSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "versions/knobs.h"

enum component {
	COMPONENT_KERNEL = 0,
	COMPONENT_QEMU,
	COMPONENT_XEN,
	COMPONENT_COUNT
};

/* One row: every release r of `component` with from <= r < until (an empty
 * `until` means open-ended) gets these knob values.  Knobs a row does not
 * concern are -1. */
struct version_row {
	enum component component;
	char from[48];
	char until[48];
	char label[64];       /* "Linux 4.4.y from 4.4.58", "QEMU 2.1 - 2.5" */
	short knob[KNOB_COUNT];
	bool verified;        /* false: the row rests on an [U] item of SPEC */
	char source[400];     /* repository, path, function, commit or release */
	char bundled_qemu[48];/* Xen rows: the device model that release bundles */
	/* Open-ended rows (until ""): the newest release the table names in the
	 * row's component and track ("through X" in the until column, the row's
	 * from, or a bundled-qemu); the row knows releases up to X's minor
	 * series and no later ones (see versions.c, "Known releases"). */
	char known_through[48];
};

const char *component_name(enum component c);

/* Number of rows, and row i.  The embedded table is parsed on first use; if
 * it is malformed (a programming error in data/versions.tsv) the count is 0
 * and versions_table_error() says why (NULL while the table is fine). */
unsigned versions_count(void);
const char *versions_table_error(void);
const struct version_row *versions_row(unsigned i);

/* Resolve `version` (e.g. "4.4.60", "2.8", "qemu-xen-traditional",
 * "3.10.0-514.24.1.el7") of `component`.  Returns the matching row, or NULL
 * with a message in `err` listing the known releases. */
const struct version_row *versions_resolve(enum component c, const char *version,
                                           char *err, size_t err_size);

/* Parse the table from `text` (length bytes, not NUL-terminated) instead
 * of the embedded one, for fuzzing and tests; NULL goes back to the
 * embedded table.  Returns the row count (0: see versions_table_error).
 * The text must outlive the table's use.  Not thread-safe. */
unsigned versions_load_text(const char *text, size_t length);

/* What the table knows past the last row boundary of `row` (open-ended
 * rows): "5.11.y", "qemu-xen-4.22.y", "3.10.0-693.*.el7"; "" for closed
 * rows and single-release tracks. */
void versions_known_series(const struct version_row *row, char *out, size_t out_size);

/* The known releases nearest to `version` (a few on each side, by version
 * order in its track), then the component's other tracks; for a release
 * that does not parse, every track's row boundaries.  Starts "nearest
 * known: " or "known: ". */
void versions_nearest(enum component c, const char *version, char *out, size_t out_size);

/* Compare two release strings of one component: <0, 0, >0. */
int versions_compare(enum component c, const char *a, const char *b);

/* A comma-separated list of example releases the table knows for `c`. */
void versions_known_list(enum component c, char *out, size_t out_size);

#endif
