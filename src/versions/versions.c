/*
 * versions.c - the version table (data/versions.tsv, embedded at build time
 * by cmake/embed_file.cmake as pirqsim_versions_tsv) and release resolution.
 *
 * Release strings and ordering
 *   A release string is parsed into a *track* and numbers:
 *     plain        "4.4.60", "v4.11", "2.8", "4.11-rc1": dotted numbers (a
 *                  missing part is 0, so "4.9" == "4.9.0" < "4.9.1"), and an
 *                  optional "-rcN", which sorts before the release itself.
 *     rhel         (kernel only) "3.10.0-514.24.1.el7[.x86_64]": the
 *                  upstream base, then the dotted numbers after the dash,
 *                  compared field by field (514.2.2 < 514.24.1 < 693).
 *     qemu-xen     (qemu only) "qemu-xen-4.5.0[-rcN]": Xen's qemu-xen.git
 *                  tags, ordered by the numbers after the prefix.  They carry
 *                  backports, so they have rows of their own rather than being
 *                  mapped to an upstream QEMU lineage.
 *     traditional  (qemu only) "qemu-xen-traditional", "traditional",
 *                  "qemu-trad": one named release.
 *   Releases of different tracks never compare equal and never match each
 *   other's rows (a RHEL string does not fall into the 2.6.39..3.19 row).
 *
 * Resolution rule
 *   A row matches release r when r has the row's track and from <= r < until
 *   (no until: open-ended).  The loader rejects a table in which two rows of
 *   one component and track overlap, so at most one row matches: there is no
 *   "most specific row" rule.  Stable trees are split rows instead
 *   (4.4 .. 4.4.58 and 4.4.58 .. 4.5).
 *
 * Known releases (issue 14: a typo must not read as "works")
 *   A release no row matches is refused, and so is one past what the table
 *   knows: the newest row of a track is usually open-ended ("Linux 5.11+"),
 *   yet nobody read Linux 9.9 or Xen 99.  An open-ended row therefore knows
 *   releases only up to the *minor series* (X.Y.*) of the newest release
 *   the table names in its component and track: its `from`, a release
 *   written in its until column as "through X" (the newest release the row
 *   was checked against), or - for QEMU - a Xen row's bundled-qemu.  So
 *   "5.17-rc1 .. through 6.12" knows 5.17 .. 6.12.y and refuses 6.13; "4.22"
 *   with no through knows 4.22.y and refuses 4.23 (which bundles its own
 *   qemu-xen tag).  For RHEL the series is the upstream base with the
 *   first number after the dash (3.10.0-693.*.el7); qemu-xen-traditional
 *   is one release.  Extending what a row knows is one edit of its until
 *   column, after reading the source of the newer release.
 *
 * The library never prints: problems go to the caller as strings.
 */
#include "versions/versions.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char pirqsim_versions_tsv[];
extern const unsigned long pirqsim_versions_tsv_len;

#define VERSIONS_ROWS_MAX 128
#define VERSION_PARTS_MAX 6
#define TSV_LINE_MAX 2048
#define TSV_FIELD_COUNT 8

static const char tsv_header[] =
	"component\tfrom\tuntil\tlabel\tknobs\tverified\tbundled-qemu\tsource";

enum track { TRACK_PLAIN = 0, TRACK_RHEL, TRACK_QEMU_XEN, TRACK_TRADITIONAL };

struct parsed_version {
	enum track track;
	unsigned part_count;
	long parts[VERSION_PARTS_MAX];
	long release_candidate;        /* LONG_MAX: not a release candidate */
	unsigned distro_count;         /* rhel: numbers after the dash */
	long distro[VERSION_PARTS_MAX];
};

struct table {
	bool loaded;
	unsigned count;
	struct version_row rows[VERSIONS_ROWS_MAX];
	struct parsed_version from[VERSIONS_ROWS_MAX];
	struct parsed_version until[VERSIONS_ROWS_MAX];
	bool open_ended[VERSIONS_ROWS_MAX];
	/* Open-ended rows: the newest release the table names in the row's
	 * component and track; the row knows up to its minor series. */
	struct parsed_version newest[VERSIONS_ROWS_MAX];
	char error[320];
};

static struct table table;

/* The text the table is parsed from: the embedded data/versions.tsv, or a
 * buffer given to versions_load_text (fuzzing, tests). */
static const char *source_text;
static unsigned long source_length;

static const char *const component_names[COMPONENT_COUNT] = {
	[COMPONENT_KERNEL] = "kernel",
	[COMPONENT_QEMU] = "qemu",
	[COMPONENT_XEN] = "xen",
};

/* How messages name a component's releases. */
static const char *const component_titles[COMPONENT_COUNT] = {
	[COMPONENT_KERNEL] = "Linux",
	[COMPONENT_QEMU] = "QEMU",
	[COMPONENT_XEN] = "Xen",
};

const char *component_name(enum component c)
{
	assert((unsigned)c < COMPONENT_COUNT);
	return component_names[c];
}

static int component_by_name(const char *name)
{
	for (int c = 0; c < COMPONENT_COUNT; c++) {
		if (strcmp(component_names[c], name) == 0)
			return c;
	}
	return -1;
}

/* The component that decides knob `id`: g-* the guest kernel, dm-* the
 * device model, hv-* the hypervisor. */
static enum component knob_component(enum knob_id id)
{
	const char *name = knob_info(id)->name;
	if (strncmp(name, "g-", 2) == 0)
		return COMPONENT_KERNEL;
	if (strncmp(name, "dm-", 3) == 0)
		return COMPONENT_QEMU;
	assert(strncmp(name, "hv-", 3) == 0);
	return COMPONENT_XEN;
}

/* ---- release strings ---------------------------------------------------- */

/* One unsigned decimal number; NULL if `text` does not start with a digit or
 * the number does not fit. */
static const char *parse_number(const char *text, long *value)
{
	if (!isdigit((unsigned char)*text))
		return NULL;
	char *end;
	errno = 0;
	*value = strtol(text, &end, 10);
	if (errno != 0)
		return NULL;
	return end;
}

/* "4.4.58" -> {4, 4, 58}.  Returns the text after the numbers, or NULL. */
static const char *parse_dotted(const char *text, long *parts, unsigned *count)
{
	*count = 0;
	for (;;) {
		if (*count == VERSION_PARTS_MAX)
			return NULL;
		text = parse_number(text, &parts[*count]);
		if (text == NULL)
			return NULL;
		(*count)++;
		if (text[0] != '.' || !isdigit((unsigned char)text[1]))
			return text;
		text++;
	}
}

/* "514.24.1.el7" or "514.24.1.el7.x86_64" after the dash of a RHEL
 * kernel release. */
static bool parse_rhel_suffix(const char *text, struct parsed_version *out)
{
	text = parse_dotted(text, out->distro, &out->distro_count);
	if (text == NULL || strncmp(text, ".el", 3) != 0)
		return false;
	long el_release;
	text = parse_number(text + 3, &el_release);
	if (text == NULL)
		return false;
	if (*text != '\0' && *text != '.' && *text != '_')
		return false;
	out->track = TRACK_RHEL;
	return true;
}

/* What may follow the dotted numbers: nothing, "-rcN", or (kernel, plain
 * track) a RHEL release suffix. */
static bool parse_suffix(enum component c, const char *text,
                         struct parsed_version *out)
{
	if (*text == '\0')
		return true;
	if (strncmp(text, "-rc", 3) == 0) {
		text = parse_number(text + 3, &out->release_candidate);
		return text != NULL && *text == '\0';
	}
	if (c == COMPONENT_KERNEL && out->track == TRACK_PLAIN && text[0] == '-')
		return parse_rhel_suffix(text + 1, out);
	return false;
}

static bool is_traditional_name(const char *text)
{
	return strcmp(text, "qemu-xen-traditional") == 0 ||
	       strcmp(text, "traditional") == 0 ||
	       strcmp(text, "qemu-trad") == 0;
}

static bool parse_version(enum component c, const char *text,
                          struct parsed_version *out)
{
	static const char qemu_xen_prefix[] = "qemu-xen-";
	const size_t prefix_length = sizeof qemu_xen_prefix - 1;

	memset(out, 0, sizeof *out);
	out->release_candidate = LONG_MAX;
	if (text == NULL)
		return false;
	if (c == COMPONENT_QEMU && is_traditional_name(text)) {
		out->track = TRACK_TRADITIONAL;
		return true;
	}
	if ((text[0] == 'v' || text[0] == 'V') && isdigit((unsigned char)text[1]))
		text++;
	if (c == COMPONENT_QEMU && strncmp(text, qemu_xen_prefix, prefix_length) == 0) {
		out->track = TRACK_QEMU_XEN;
		text += prefix_length;
	}
	text = parse_dotted(text, out->parts, &out->part_count);
	if (text == NULL)
		return false;
	return parse_suffix(c, text, out);
}

static int compare_numbers(const long *a, unsigned a_count,
                           const long *b, unsigned b_count)
{
	unsigned count = a_count > b_count ? a_count : b_count;
	for (unsigned i = 0; i < count; i++) {
		long x = i < a_count ? a[i] : 0;
		long y = i < b_count ? b[i] : 0;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

static int compare_parsed(const struct parsed_version *a,
                          const struct parsed_version *b)
{
	if (a->track != b->track)
		return a->track < b->track ? -1 : 1;
	int order = compare_numbers(a->parts, a->part_count, b->parts, b->part_count);
	if (order != 0)
		return order;
	if (a->release_candidate != b->release_candidate)
		return a->release_candidate < b->release_candidate ? -1 : 1;
	return compare_numbers(a->distro, a->distro_count, b->distro, b->distro_count);
}

int versions_compare(enum component c, const char *a, const char *b)
{
	assert((unsigned)c < COMPONENT_COUNT);
	struct parsed_version parsed_a, parsed_b;
	bool a_ok = parse_version(c, a, &parsed_a);
	bool b_ok = parse_version(c, b, &parsed_b);
	if (a_ok && b_ok)
		return compare_parsed(&parsed_a, &parsed_b);
	if (a_ok != b_ok)
		return a_ok ? -1 : 1; /* well-formed releases sort first */
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	int order = strcmp(a, b);
	return (order > 0) - (order < 0);
}

/* ---- loading the table -------------------------------------------------- */

/* Records the first table error; line 0 means the table as a whole. */
static bool fail(unsigned line, const char *what, const char *detail)
{
	char where[32] = "";
	if (line > 0)
		snprintf(where, sizeof where, " line %u", line);
	snprintf(table.error, sizeof table.error, "data/versions.tsv%s: %s%s%s",
	         where, what, detail[0] != '\0' ? ": " : "", detail);
	return false;
}

static bool copy_field(char *to, size_t to_size, const char *from,
                       unsigned line, const char *column)
{
	if (strlen(from) >= to_size)
		return fail(line, "column too long", column);
	strcpy(to, from);
	return true;
}

/* "g-reuse=always-fresh,g-lookup=live-list" into row->knob[]. */
static bool parse_knob_list(char *list, struct version_row *row, unsigned line)
{
	for (int id = 0; id < KNOB_COUNT; id++)
		row->knob[id] = -1;
	for (char *item = strtok(list, ","); item != NULL; item = strtok(NULL, ",")) {
		char *equals = strchr(item, '=');
		if (equals == NULL)
			return fail(line, "knob without '='", item);
		*equals = '\0';
		int id = knob_by_name(item);
		if (id < 0)
			return fail(line, "unknown knob", item);
		if (knob_component((enum knob_id)id) != row->component)
			return fail(line, "knob of another component", item);
		if (row->knob[id] != -1)
			return fail(line, "knob given twice", item);
		int value = knob_value_by_name((enum knob_id)id, equals + 1);
		if (value < 0)
			return fail(line, "unknown knob value", equals + 1);
		row->knob[id] = (short)value;
	}
	for (int id = 0; id < KNOB_COUNT; id++) {
		if (knob_component((enum knob_id)id) == row->component && row->knob[id] < 0)
			return fail(line, "row does not set knob", knob_info((enum knob_id)id)->name);
	}
	return true;
}

/* Splits `line` at tabs, in place.  Returns false unless there are exactly
 * TSV_FIELD_COUNT fields. */
static bool split_fields(char *line, char *fields[TSV_FIELD_COUNT])
{
	unsigned count = 0;
	for (char *cursor = line;; cursor++) {
		if (count == TSV_FIELD_COUNT)
			return false;
		fields[count++] = cursor;
		cursor = strchr(cursor, '\t');
		if (cursor == NULL)
			return count == TSV_FIELD_COUNT;
		*cursor = '\0';
	}
}

static bool parse_range(unsigned index, unsigned line)
{
	const struct version_row *row = &table.rows[index];
	if (!parse_version(row->component, row->from, &table.from[index]))
		return fail(line, "malformed 'from' release", row->from);
	static const char through[] = "through ";
	struct version_row *writable = &table.rows[index];
	if (strncmp(row->until, through, sizeof through - 1) == 0) {
		/* "through X": open-ended, checked up to X's minor series */
		memmove(writable->known_through, row->until + sizeof through - 1,
		        strlen(row->until + sizeof through - 1) + 1);
		writable->until[0] = '\0';
		if (!parse_version(row->component, row->known_through, &table.newest[index]) ||
		    table.newest[index].track != table.from[index].track ||
		    compare_parsed(&table.from[index], &table.newest[index]) > 0)
			return fail(line, "'through' release malformed, of another track or before 'from'",
			            row->known_through);
	} else {
		table.newest[index] = table.from[index];
	}
	table.open_ended[index] = row->until[0] == '\0';
	if (table.open_ended[index])
		return true;
	if (!parse_version(row->component, row->until, &table.until[index]))
		return fail(line, "malformed 'until' release", row->until);
	if (table.until[index].track != table.from[index].track)
		return fail(line, "'from' and 'until' of different tracks", row->until);
	if (compare_parsed(&table.from[index], &table.until[index]) >= 0)
		return fail(line, "empty range", row->until);
	return true;
}

static bool parse_row(char *line_text, unsigned line)
{
	if (table.count == VERSIONS_ROWS_MAX)
		return fail(line, "more rows than VERSIONS_ROWS_MAX", "");
	char *field[TSV_FIELD_COUNT];
	if (!split_fields(line_text, field))
		return fail(line, "expected 8 tab-separated columns", "");
	struct version_row *row = &table.rows[table.count];
	memset(row, 0, sizeof *row);
	int component = component_by_name(field[0]);
	if (component < 0)
		return fail(line, "unknown component", field[0]);
	row->component = (enum component)component;
	if (field[1][0] == '\0' || field[3][0] == '\0' || field[7][0] == '\0')
		return fail(line, "empty from, label or source", "");
	if (strcmp(field[5], "yes") != 0 && strcmp(field[5], "no") != 0)
		return fail(line, "verified is neither yes nor no", field[5]);
	row->verified = strcmp(field[5], "yes") == 0;
	if ((field[6][0] != '\0') != (row->component == COMPONENT_XEN))
		return fail(line, "bundled-qemu is for (and required in) xen rows", field[6]);
	if (!copy_field(row->from, sizeof row->from, field[1], line, "from") ||
	    !copy_field(row->until, sizeof row->until, field[2], line, "until") ||
	    !copy_field(row->label, sizeof row->label, field[3], line, "label") ||
	    !copy_field(row->bundled_qemu, sizeof row->bundled_qemu, field[6], line,
	                "bundled-qemu") ||
	    !copy_field(row->source, sizeof row->source, field[7], line, "source"))
		return false;
	if (!parse_knob_list(field[4], row, line) || !parse_range(table.count, line))
		return false;
	table.count++;
	return true;
}

static bool ranges_overlap(unsigned i, unsigned j)
{
	if (table.rows[i].component != table.rows[j].component ||
	    table.from[i].track != table.from[j].track)
		return false;
	bool i_ends_before_j = !table.open_ended[i] &&
		compare_parsed(&table.until[i], &table.from[j]) <= 0;
	bool j_ends_before_i = !table.open_ended[j] &&
		compare_parsed(&table.until[j], &table.from[i]) <= 0;
	return !i_ends_before_j && !j_ends_before_i;
}

static long part(const struct parsed_version *v, unsigned i)
{
	return i < v->part_count ? v->parts[i] : 0;
}

/* Whether `version` is at most `newest` or in its minor series: the
 * releases an open-ended row knows (see "Known releases" above). */
static bool in_known_series(const struct parsed_version *version,
                            const struct parsed_version *newest)
{
	if (compare_parsed(version, newest) <= 0 || version->track == TRACK_TRADITIONAL)
		return true;
	if (version->track == TRACK_RHEL)
		return compare_numbers(version->parts, version->part_count, newest->parts,
		                       newest->part_count) == 0 &&
		       version->distro_count > 0 && newest->distro_count > 0 &&
		       version->distro[0] == newest->distro[0];
	return part(version, 0) == part(newest, 0) && part(version, 1) == part(newest, 1);
}

static const struct version_row *find_row(enum component c,
                                          const struct parsed_version *version)
{
	for (unsigned i = 0; i < table.count; i++) {
		if (table.rows[i].component != c || table.from[i].track != version->track)
			continue;
		if (compare_parsed(&table.from[i], version) > 0)
			continue;
		if (table.open_ended[i] ? in_known_series(version, &table.newest[i])
		                        : compare_parsed(version, &table.until[i]) < 0)
			return &table.rows[i];
	}
	return NULL;
}

/* Raise each open-ended row's newest named release to the bundled-qemu
 * releases of the Xen rows that fall in its track and range, and write it
 * into the row's known_through. */
static void settle_known_ranges(void)
{
	for (unsigned i = 0; i < table.count; i++) {
		struct version_row *row = &table.rows[i];
		if (!table.open_ended[i])
			continue;
		for (unsigned j = 0; row->component == COMPONENT_QEMU && j < table.count; j++) {
			struct parsed_version bundled;
			if (table.rows[j].bundled_qemu[0] == '\0' ||
			    !parse_version(COMPONENT_QEMU, table.rows[j].bundled_qemu, &bundled) ||
			    bundled.track != table.from[i].track ||
			    compare_parsed(&bundled, &table.newest[i]) <= 0)
				continue;
			table.newest[i] = bundled;
			/* same-size fields of the table, each NUL-terminated */
			_Static_assert(sizeof row->known_through == sizeof row->bundled_qemu, "field sizes");
			memcpy(row->known_through, table.rows[j].bundled_qemu, sizeof row->known_through);
		}
		_Static_assert(sizeof row->known_through == sizeof row->from, "field sizes");
		if (row->known_through[0] == '\0')
			memcpy(row->known_through, row->from, sizeof row->known_through);
	}
}

/* Whole-table rules: no overlapping rows; every bundled-qemu resolves. */
static bool check_table(void)
{
	settle_known_ranges();
	for (unsigned i = 0; i < table.count; i++) {
		for (unsigned j = i + 1; j < table.count; j++) {
			if (ranges_overlap(i, j)) {
				char both[2 * sizeof table.rows[i].label + 8];
				snprintf(both, sizeof both, "'%s' and '%s'",
				         table.rows[i].label, table.rows[j].label);
				return fail(0, "overlapping rows", both);
			}
		}
	}
	for (unsigned i = 0; i < table.count; i++) {
		const char *bundled = table.rows[i].bundled_qemu;
		struct parsed_version parsed;
		if (bundled[0] == '\0')
			continue;
		if (!parse_version(COMPONENT_QEMU, bundled, &parsed) ||
		    find_row(COMPONENT_QEMU, &parsed) == NULL)
			return fail(0, "bundled-qemu does not resolve", bundled);
	}
	return true;
}

/* Copies the next line of the embedded text into `line`; returns false at
 * the end.  `*offset` advances past the line and its newline. */
static bool next_line(unsigned long *offset, char *line, size_t line_size,
                      bool *too_long)
{
	if (*offset >= source_length)
		return false;
	const char *start = source_text + *offset;
	const char *newline = memchr(start, '\n', source_length - *offset);
	size_t length = newline != NULL ? (size_t)(newline - start)
	                                : (size_t)(source_length - *offset);
	*offset += length + (newline != NULL);
	if (length > 0 && start[length - 1] == '\r')
		length--;
	*too_long = length >= line_size;
	if (*too_long)
		length = line_size - 1;
	memcpy(line, start, length);
	line[length] = '\0';
	return true;
}

static bool load_rows(void)
{
	char line[TSV_LINE_MAX];
	unsigned long offset = 0;
	unsigned line_number = 0;
	bool header_seen = false, too_long;
	while (next_line(&offset, line, sizeof line, &too_long)) {
		line_number++;
		if (too_long)
			return fail(line_number, "line longer than TSV_LINE_MAX", "");
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (!header_seen) {
			if (strcmp(line, tsv_header) != 0)
				return fail(line_number, "unexpected header", line);
			header_seen = true;
			continue;
		}
		if (!parse_row(line, line_number))
			return false;
	}
	if (!header_seen)
		return fail(line_number, "no header line", "");
	if (table.count == 0) /* found by fuzz/fuzz_versions.c: no rows, no error */
		return fail(line_number, "no rows", "");
	return true;
}

static void load_table(void)
{
	if (table.loaded)
		return;
	table.loaded = true;
	if (source_text == NULL) {
		source_text = pirqsim_versions_tsv;
		source_length = pirqsim_versions_tsv_len;
	}
	table.count = 0;
	table.error[0] = '\0';
	if (!load_rows() || !check_table())
		table.count = 0;
}

unsigned versions_load_text(const char *text, size_t length)
{
	source_text = text != NULL ? text : pirqsim_versions_tsv;
	source_length = text != NULL ? length : pirqsim_versions_tsv_len;
	table.loaded = false;
	load_table();
	return table.count;
}

/* ---- queries ------------------------------------------------------------ */

unsigned versions_count(void)
{
	load_table();
	return table.count;
}

const char *versions_table_error(void)
{
	load_table();
	return table.error[0] != '\0' ? table.error : NULL;
}

const struct version_row *versions_row(unsigned i)
{
	load_table();
	assert(i < table.count);
	return &table.rows[i];
}

void versions_known_list(enum component c, char *out, size_t out_size)
{
	assert((unsigned)c < COMPONENT_COUNT);
	if (out == NULL || out_size == 0)
		return;
	load_table();
	out[0] = '\0';
	size_t used = 0;
	for (unsigned i = 0; i < table.count; i++) {
		if (table.rows[i].component != c)
			continue;
		int written = snprintf(out + used, out_size - used, "%s%s",
		                       used > 0 ? ", " : "", table.rows[i].from);
		if (written < 0 || (size_t)written >= out_size - used) {
			if (out_size > 4)
				strcpy(out + out_size - 4, "...");
			return;
		}
		used += (size_t)written;
	}
}

static unsigned row_index(const struct version_row *row)
{
	return (unsigned)(row - table.rows);
}

void versions_known_series(const struct version_row *row, char *out, size_t out_size)
{
	if (out == NULL || out_size == 0)
		return;
	load_table();
	out[0] = '\0';
	unsigned i = row_index(row);
	if (i >= table.count || !table.open_ended[i])
		return;
	const struct parsed_version *n = &table.newest[i];
	switch (n->track) {
	case TRACK_PLAIN:
		snprintf(out, out_size, "%ld.%ld.y", part(n, 0), part(n, 1));
		break;
	case TRACK_QEMU_XEN:
		snprintf(out, out_size, "qemu-xen-%ld.%ld.y", part(n, 0), part(n, 1));
		break;
	case TRACK_RHEL:
		snprintf(out, out_size, "%.*s-%ld.*.el7", (int)strcspn(row->known_through, "-"),
		         row->known_through, n->distro_count > 0 ? n->distro[0] : 0);
		break;
	case TRACK_TRADITIONAL:
		break;
	}
}

/* Appends to out (of size out_size, `*used` written); cuts with "...". */
static void append(char *out, size_t out_size, size_t *used, const char *format, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char *out, size_t out_size, size_t *used, const char *format, ...)
{
	if (*used >= out_size)
		return;
	va_list ap;
	va_start(ap, format);
	int written = vsnprintf(out + *used, out_size - *used, format, ap);
	va_end(ap);
	if (written < 0 || (size_t)written >= out_size - *used) {
		if (out_size > 4)
			strcpy(out + out_size - 4, "...");
		*used = out_size;
		return;
	}
	*used += (size_t)written;
}

/* The rows of component c in track t, in version order (their from). */
static unsigned track_rows(enum component c, enum track t, unsigned *index)
{
	unsigned count = 0;
	for (unsigned i = 0; i < table.count; i++) {
		if (table.rows[i].component != c || table.from[i].track != t)
			continue;
		unsigned k = count++;
		while (k > 0 && compare_parsed(&table.from[index[k - 1]], &table.from[i]) > 0) {
			index[k] = index[k - 1];
			k--;
		}
		index[k] = i;
	}
	return count;
}

/* "2.6.37, 2.6.39, ..., 5.11-rc1 .. 5.11.y": rows first to last (or only
 * those from `first` to `last`), an open-ended row's known series after
 * its from. */
static void append_rows(char *out, size_t out_size, size_t *used, const unsigned *index,
                        unsigned first, unsigned last)
{
	for (unsigned k = first; k <= last; k++) {
		const struct version_row *row = &table.rows[index[k]];
		char series[64];
		versions_known_series(row, series, sizeof series);
		append(out, out_size, used, "%s%s%s%s", k > first ? ", " : "", row->from,
		       series[0] != '\0' ? " .. " : "", series);
	}
}

static const char *const track_titles[] = {
	[TRACK_PLAIN] = "releases", [TRACK_RHEL] = "RHEL 7 kernels",
	[TRACK_QEMU_XEN] = "qemu-xen tags", [TRACK_TRADITIONAL] = "qemu-xen-traditional",
};

void versions_nearest(enum component c, const char *version, char *out, size_t out_size)
{
	assert((unsigned)c < COMPONENT_COUNT);
	if (out == NULL || out_size == 0)
		return;
	load_table();
	out[0] = '\0';
	size_t used = 0;
	unsigned index[VERSIONS_ROWS_MAX];
	struct parsed_version parsed;
	bool ordered = parse_version(c, version, &parsed);
	if (ordered) {
		/* a few boundaries on each side of the release, in its track */
		unsigned count = track_rows(c, parsed.track, index), below = 0;
		while (below < count && compare_parsed(&table.from[index[below]], &parsed) <= 0)
			below++;
		unsigned first = below > 3 ? below - 3 : 0;
		unsigned last = below + 3 < count ? below + 2 : count - 1;
		append(out, out_size, &used, "nearest known: ");
		if (count > 0) {
			append(out, out_size, &used, "%s", first > 0 ? "... " : "");
			append_rows(out, out_size, &used, index, first, last);
			append(out, out_size, &used, "%s", last + 1 < count ? " ..." : "");
			if (below == count && table.open_ended[index[count - 1]])
				append(out, out_size, &used, " (the newest row, '%s', is open-ended; the table "
				       "knows it only up to the minor series of %s, the newest release it names)",
				       table.rows[index[count - 1]].label, table.rows[index[count - 1]].known_through);
		}
	} else {
		append(out, out_size, &used, "known: ");
	}
	bool other = false;
	for (unsigned t = TRACK_PLAIN; t <= TRACK_TRADITIONAL; t++) {
		if (ordered && t == (unsigned)parsed.track)
			continue;
		unsigned count = track_rows(c, (enum track)t, index);
		if (count == 0)
			continue;
		append(out, out_size, &used, "%s%s: ", ordered && !other ? "; other tracks: " : other ? "; " : "",
		       track_titles[t]);
		append_rows(out, out_size, &used, index, 0, count - 1);
		other = true;
	}
}

const struct version_row *versions_resolve(enum component c, const char *version,
                                           char *err, size_t err_size)
{
	assert((unsigned)c < COMPONENT_COUNT);
	load_table();
	if (table.count == 0) {
		if (err != NULL && err_size > 0)
			snprintf(err, err_size, "version table unusable: %s", table.error);
		return NULL;
	}
	struct parsed_version parsed;
	const struct version_row *row = NULL;
	if (parse_version(c, version, &parsed))
		row = find_row(c, &parsed);
	if (row == NULL && err != NULL && err_size > 0) {
		char known[1024];
		versions_nearest(c, version, known, sizeof known);
		if (version != NULL && version[0] == '\0')
			snprintf(err, err_size, "unknown %s release '' (the value is empty); %s", component_titles[c], known);
		else
			snprintf(err, err_size, "unknown %s release '%s'; %s", component_titles[c],
			         version != NULL ? version : "(null)", known);
	}
	return row;
}
