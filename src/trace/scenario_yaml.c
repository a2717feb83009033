/*
 * scenario_yaml.c - scenario and trail documents (scenario.h).
 *
 * Loading has three stages, each of which can fail with a position:
 *   1. check_bytes: the raw bytes must be UTF-8 text without NUL or control
 *      characters (libfyaml 0.7 silently stops at those);
 *   2. build_tree: libfyaml's event parser, with its diagnostics collected
 *      (it prints nothing), fills a small tree of positioned nodes;
 *   3. load_root and friends: the schema, with messages that say what is
 *      wrong and what is valid.
 * The library never prints.  scenario_write_yaml writes the canonical form,
 * which loads back to an identical spec.
 */
#include "trace/scenario_yaml.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "model/faults.h"
#include "trace/hashes.h"
#include "pirqsim.h"

#define YAML_FILE_MAX (1u << 20)                       /* bytes in one document */
#define YAML_NODES_MAX (2u * PIRQSIM_TRAIL_MAX + 1024u) /* a full trail fits */
#define YAML_EVENTS_MAX (2u * YAML_NODES_MAX + 16u)
#define YAML_DEPTH_MAX 16u
#define YAML_TEXT_MAX (2u * YAML_FILE_MAX)
#define YAML_DIAG_MAX 64u                              /* diagnostics looked at */
#define TRAIL_FORMAT 2                                 /* written; 1 is still read */
#define HASHES_PER_LINE 4
#define CLIP_MAX 48                                    /* quoted text in messages */
#define CHOICES_PER_LINE 30

_Static_assert(PIRQSIM_DEVICES_MAX <= 100, "generated device names use at most two digits");

/* ---- names ------------------------------------------------------------------ */

static const char *const driver_prefixes[DRIVER_COUNT] = {
	[DRIVER_NVME] = "nvme", [DRIVER_NIC] = "eth", [DRIVER_SINGLE] = "dev",
};

/* ---- the loader and its errors ----------------------------------------------- */

enum ykind { Y_SCALAR, Y_SEQUENCE, Y_MAPPING };

struct ynode {
	enum ykind kind;
	bool plain;              /* a plain (unquoted, not block) scalar */
	unsigned line, column;   /* 1-based */
	int first, last, next;   /* children; a mapping's are key, value, key, ... */
	unsigned children;
	size_t text;             /* scalars: offset of the NUL-terminated text */
	size_t length;
};

struct loader {
	struct ynode *node;
	unsigned nodes, node_cap;
	char *text;
	size_t text_len, text_cap;
	int stack[YAML_DEPTH_MAX];
	unsigned depth;
	unsigned documents;
	unsigned last_line, last_column;
	const char *label;
	struct scenario_spec *spec;
	struct pirqsim_error *err;
	/* Generated device names: the next index per prefix, across the file. */
	char prefix[PIRQSIM_DEVICES_MAX][PIRQSIM_NAME_MAX];
	unsigned prefix_next[PIRQSIM_DEVICES_MAX];
	unsigned prefix_count;
};

static int vfail_at(struct loader *ld, unsigned line, unsigned column, const char *format, va_list ap)
{
	struct pirqsim_error *e = ld->err;
	snprintf(e->file, sizeof(e->file), "%s", ld->label);
	e->line = line;
	e->column = line > 0 ? column : 0;
	vsnprintf(e->message, sizeof(e->message), format, ap);
	return -1;
}

static int fail_at(struct loader *ld, unsigned line, unsigned column, const char *format, ...)
	__attribute__((format(printf, 4, 5)));
static int fail_at(struct loader *ld, unsigned line, unsigned column, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	vfail_at(ld, line, column, format, ap);
	va_end(ap);
	return -1;
}

static int fail_node(struct loader *ld, int n, const char *format, ...) __attribute__((format(printf, 3, 4)));
static int fail_node(struct loader *ld, int n, const char *format, ...)
{
	assert(n >= 0 && (unsigned)n < ld->nodes);
	va_list ap;
	va_start(ap, format);
	vfail_at(ld, ld->node[n].line, ld->node[n].column, format, ap);
	va_end(ap);
	return -1;
}

/* `s` for a message: at most CLIP_MAX - 4 bytes, control characters as '?'. */
static const char *clip(char out[CLIP_MAX], const char *s)
{
	size_t n = 0;
	while (s[n] != '\0' && n < CLIP_MAX - 4) {
		unsigned char c = (unsigned char)s[n];
		out[n] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		n++;
	}
	if (s[n] != '\0') {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	assert(n < CLIP_MAX);
	out[n] = '\0';
	return out;
}

/* "a, b, c" */
static const char *join(char *out, size_t size, const char *const *names, unsigned count)
{
	assert(size > 0);
	out[0] = '\0';
	size_t len = 0;
	for (unsigned i = 0; i < count && len < size; i++) {
		int n = snprintf(out + len, size - len, "%s%s", i > 0 ? ", " : "", names[i]);
		if (n < 0)
			break;
		len += (size_t)n;
	}
	return out;
}

/* ---- stage 1: bytes ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left), or 0. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	}
	return len;
}

static int check_bytes(struct loader *ld, const unsigned char *s, size_t n)
{
	unsigned line = 1, column = 1;
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t len = utf8_length(s + i, n - i);
		if (c == 0)
			return fail_at(ld, line, column, "NUL byte in the text; is this a binary file?");
		if (len == 0)
			return fail_at(ld, line, column, "invalid UTF-8 byte 0x%02x; is this a binary file?", c);
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return fail_at(ld, line, column,
			               "control character 0x%02x is not allowed in YAML; is this a binary file?", c);
		if (c == '\n') {
			line++;
			column = 1;
		} else {
			column++;
		}
		i += len;
	}
	return 0;
}

/* ---- stage 2: the tree ------------------------------------------------------- */

static const char *ytext(const struct loader *ld, int n)
{
	assert(n >= 0 && (unsigned)n < ld->nodes && ld->node[n].kind == Y_SCALAR);
	return ld->text + ld->node[n].text;
}

static int grow_nodes(struct loader *ld)
{
	if (ld->nodes < ld->node_cap)
		return 0;
	if (ld->nodes >= YAML_NODES_MAX)
		return fail_at(ld, ld->last_line, ld->last_column,
		               "document too large: more than %u YAML nodes", YAML_NODES_MAX);
	unsigned cap = ld->node_cap == 0 ? 64 : ld->node_cap * 2;
	cap = cap > YAML_NODES_MAX ? YAML_NODES_MAX : cap;
	struct ynode *grown = realloc(ld->node, cap * sizeof(*grown));
	if (grown == NULL)
		return fail_at(ld, 0, 0, "out of memory");
	ld->node = grown;
	ld->node_cap = cap;
	return 0;
}

/* Append a node at `mark` (NULL or negative: where the previous one was) to
 * the open collection.  Returns its index, or -1. */
static int add_node(struct loader *ld, enum ykind kind, const struct fy_mark *mark)
{
	if (grow_nodes(ld) != 0)
		return -1;
	if (mark != NULL && mark->line >= 0 && mark->column >= 0) {
		ld->last_line = (unsigned)mark->line + 1;
		ld->last_column = (unsigned)mark->column + 1;
	}
	int n = (int)ld->nodes++;
	struct ynode *y = &ld->node[n];
	memset(y, 0, sizeof(*y));
	y->kind = kind;
	y->line = ld->last_line;
	y->column = ld->last_column;
	y->first = y->last = y->next = -1;
	if (ld->depth == 0) {
		assert(n == 0); /* one document, one root */
		return n;
	}
	struct ynode *parent = &ld->node[ld->stack[ld->depth - 1]];
	assert(parent->kind != Y_SCALAR);
	if (parent->last >= 0)
		ld->node[parent->last].next = n;
	else
		parent->first = n;
	parent->last = n;
	parent->children++;
	return n;
}

static int add_text(struct loader *ld, int n, const char *text, size_t length)
{
	if (memchr(text, '\0', length) != NULL)
		return fail_node(ld, n, "NUL character in a string");
	if (length + 1 > ld->text_cap - ld->text_len) {
		size_t cap = ld->text_cap == 0 ? 4096 : ld->text_cap;
		while (cap < ld->text_len + length + 1 && cap <= YAML_TEXT_MAX)
			cap *= 2;
		if (cap > YAML_TEXT_MAX)
			return fail_node(ld, n, "document too large: more than %u bytes of text", YAML_TEXT_MAX);
		char *grown = realloc(ld->text, cap);
		if (grown == NULL)
			return fail_at(ld, 0, 0, "out of memory");
		ld->text = grown;
		ld->text_cap = cap;
	}
	memcpy(ld->text + ld->text_len, text, length);
	ld->text[ld->text_len + length] = '\0';
	ld->node[n].text = ld->text_len;
	ld->node[n].length = length;
	ld->text_len += length + 1;
	return 0;
}

static int take_scalar(struct loader *ld, struct fy_event *ev)
{
	int n = add_node(ld, Y_SCALAR, fy_event_start_mark(ev));
	if (n < 0)
		return -1;
	struct fy_token *value = ev->scalar.value;
	size_t length = 0;
	const char *text = value != NULL ? fy_token_get_text(value, &length) : NULL;
	if (text == NULL) {
		text = "";
		length = 0;
	}
	enum fy_scalar_style style = fy_token_scalar_style(value);
	ld->node[n].plain = style == FYSS_PLAIN;
	/* libfyaml marks a quoted scalar at its text; point at the quote. */
	if ((style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED) && ld->node[n].column > 1)
		ld->node[n].column--;
	return add_text(ld, n, text, length);
}

static int take_collection(struct loader *ld, enum ykind kind, struct fy_event *ev)
{
	int n = add_node(ld, kind, fy_event_start_mark(ev));
	if (n < 0)
		return -1;
	if (ld->depth >= YAML_DEPTH_MAX)
		return fail_node(ld, n, "nesting deeper than %u levels", YAML_DEPTH_MAX);
	ld->stack[ld->depth++] = n;
	return 0;
}

static int take_event(struct loader *ld, struct fy_event *ev)
{
	const struct fy_mark *mark = fy_event_start_mark(ev);
	unsigned line = mark != NULL && mark->line >= 0 ? (unsigned)mark->line + 1 : ld->last_line;
	unsigned column = mark != NULL && mark->column >= 0 ? (unsigned)mark->column + 1 : ld->last_column;
	switch (ev->type) {
	case FYET_DOCUMENT_START:
		if (++ld->documents > 1)
			return fail_at(ld, line, column, "more than one YAML document; a scenario file holds one");
		return 0;
	case FYET_MAPPING_START:
		return take_collection(ld, Y_MAPPING, ev);
	case FYET_SEQUENCE_START:
		return take_collection(ld, Y_SEQUENCE, ev);
	case FYET_MAPPING_END:
	case FYET_SEQUENCE_END:
		assert(ld->depth > 0);
		ld->depth--;
		return 0;
	case FYET_SCALAR:
		return take_scalar(ld, ev);
	case FYET_ALIAS: /* marked at the name: point at the '*' */
		return fail_at(ld, line, column > 1 ? column - 1 : column,
		               "aliases (*name) are not supported; write the value out");
	default:
		return 0;
	}
}

/* libfyaml's first error (its positions are already 1-based). */
static int syntax_error(struct loader *ld, struct fy_diag *diag)
{
	void *iter = NULL;
	for (unsigned i = 0; i < YAML_DIAG_MAX; i++) {
		struct fy_diag_error *e = fy_diag_errors_iterate(diag, &iter);
		if (e == NULL)
			break;
		if (e->type < FYET_ERROR || e->msg == NULL)
			continue;
		unsigned line = e->line > 0 ? (unsigned)e->line : ld->last_line;
		unsigned column = e->column > 0 ? (unsigned)e->column : ld->last_column;
		return fail_at(ld, line, column, "YAML syntax error: %s", e->msg);
	}
	return fail_at(ld, ld->last_line, ld->last_column, "YAML syntax error");
}

static void diag_silent(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag, (void)user, (void)buf, (void)len;
}

static int parse_events(struct loader *ld, struct fy_parser *parser, struct fy_diag *diag)
{
	for (unsigned i = 0; i < YAML_EVENTS_MAX; i++) {
		struct fy_event *ev = fy_parser_parse(parser);
		if (ev == NULL)
			return fy_parser_get_stream_error(parser) ? syntax_error(ld, diag) : 0;
		int rc = take_event(ld, ev);
		fy_parser_event_free(parser, ev);
		if (rc != 0)
			return rc;
	}
	return fail_at(ld, ld->last_line, ld->last_column, "document too large: more than %u YAML events",
	               YAML_EVENTS_MAX);
}

/*
 * libfyaml 0.7.12 (Debian 12) crashes in fy_parser_destroy
 * (fy_indent_vacuum_internal) after some "cannot use tab for indentation"
 * errors, with no pirqsim code involved (found by fuzz/fuzz_trail.c; input
 * in fuzz/regressions/trail/tab-indentation-crash).  After such an error
 * the parser is not destroyed: one parser's memory is leaked per failed
 * load, which ends the command anyway, instead of a crash.
 */
static bool destroy_crashes(struct fy_diag *diag)
{
	void *iter = NULL;
	for (unsigned i = 0; i < YAML_DIAG_MAX; i++) {
		struct fy_diag_error *e = fy_diag_errors_iterate(diag, &iter);
		if (e == NULL)
			return false;
		if (e->msg != NULL && strstr(e->msg, "tab for indentation") != NULL)
			return true;
	}
	return false;
}

static int build_tree(struct loader *ld, const char *text, size_t length)
{
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = diag_silent;
	dcfg.colorize = false;
	dcfg.level = FYET_ERROR;
	struct fy_diag *diag = fy_diag_create(&dcfg);
	if (diag == NULL)
		return fail_at(ld, 0, 0, "cannot set up the YAML parser (out of memory?)");
	fy_diag_set_collect_errors(diag, true);
	struct fy_parse_cfg pcfg;
	memset(&pcfg, 0, sizeof(pcfg));
	pcfg.flags = FYPCF_QUIET | FYPCF_ALLOW_DUPLICATE_KEYS; /* duplicates: our own message */
	pcfg.diag = diag;
	struct fy_parser *parser = fy_parser_create(&pcfg);
	int rc;
	if (parser == NULL)
		rc = fail_at(ld, 0, 0, "cannot set up the YAML parser (out of memory?)");
	else if (fy_parser_set_string(parser, length > 0 ? text : "", length) != 0)
		rc = fail_at(ld, 0, 0, "cannot set up the YAML parser input");
	else
		rc = parse_events(ld, parser, diag);
	if (parser != NULL && !destroy_crashes(diag))
		fy_parser_destroy(parser);
	fy_diag_destroy(diag);
	return rc;
}

/* ---- stage 3: the schema ----------------------------------------------------- */

static const char *kind_name(const struct loader *ld, int n)
{
	const struct ynode *y = &ld->node[n];
	if (y->kind == Y_MAPPING)
		return "a mapping";
	if (y->kind == Y_SEQUENCE)
		return "a sequence";
	if (y->plain && (y->length == 0 || strcmp(ytext(ld, n), "~") == 0 || strcmp(ytext(ld, n), "null") == 0))
		return "nothing (null)";
	return "a scalar";
}

/* 'text' (clipped) for a scalar with text, else what the node is. */
static const char *shown(const struct loader *ld, int n, char out[CLIP_MAX + 2])
{
	char clipped[CLIP_MAX];
	const char *what = kind_name(ld, n);
	if (strcmp(what, "a scalar") != 0)
		return what;
	snprintf(out, CLIP_MAX + 2, "'%s'", clip(clipped, ytext(ld, n)));
	return out;
}

static int expect_kind(struct loader *ld, int n, enum ykind kind, const char *what)
{
	if (ld->node[n].kind == kind)
		return 0;
	return fail_node(ld, n, "%s: expected %s, got %s", what, kind == Y_MAPPING ? "a mapping" : "a sequence",
	                 kind_name(ld, n));
}

/* The value node of the mapping key `key`. */
static int value_of(const struct loader *ld, int key)
{
	int value = ld->node[key].next;
	assert(value >= 0); /* the parser gives every key a value */
	return value;
}

/* Check the keys of `map` against `names` (no unknown, no duplicate keys) and
 * set value[i] to the value node of names[i], or -1. */
static int map_keys(struct loader *ld, int map, const char *where, const char *const *names, unsigned count,
                    int *value)
{
	assert(ld->node[map].kind == Y_MAPPING);
	for (unsigned i = 0; i < count; i++)
		value[i] = -1;
	unsigned pairs = ld->node[map].children / 2;
	int key = ld->node[map].first;
	for (unsigned p = 0; p < pairs; p++, key = ld->node[value_of(ld, key)].next) {
		char clipped[CLIP_MAX], valid[400];
		assert(key >= 0);
		if (ld->node[key].kind != Y_SCALAR)
			return fail_node(ld, key, "keys %s must be strings, got %s", where, kind_name(ld, key));
		int id = scenario_name_index(names, count, ytext(ld, key));
		if (id < 0)
			return fail_node(ld, key, "unknown key '%s' %s; valid keys: %s", clip(clipped, ytext(ld, key)),
			                 where, join(valid, sizeof(valid), names, count));
		if (value[id] >= 0)
			return fail_node(ld, key, "duplicate key '%s'", names[id]);
		value[id] = value_of(ld, key);
	}
	return 0;
}

static int get_scalar(struct loader *ld, int n, const char *what, const char **text)
{
	const char *kind = kind_name(ld, n);
	if (strcmp(kind, "a scalar") != 0)
		return fail_node(ld, n, "%s must be a string, got %s", what, kind);
	*text = ytext(ld, n);
	return 0;
}

static bool chars_in(const char *s, const char *extra)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && strchr(extra, c) == NULL)
			return false;
	}
	return true;
}

/* A name: [A-Za-z0-9._-], 1 to size - 1 characters. */
static int get_name(struct loader *ld, int n, const char *what, char *out, size_t size)
{
	const char *text;
	char clipped[CLIP_MAX];
	if (get_scalar(ld, n, what, &text) != 0)
		return -1;
	size_t len = strlen(text);
	if (len == 0 || len >= size || !chars_in(text, "._-"))
		return fail_node(ld, n, "%s must be 1 to %zu characters from A-Z a-z 0-9 . _ -, got '%s'", what,
		                 size - 1, clip(clipped, text));
	memcpy(out, text, len + 1);
	return 0;
}

/* A release name; the scalar's text, so that 4.10 stays "4.10". */
static int get_version(struct loader *ld, int n, const char *what, char *out, size_t size,
                       struct spec_pos *pos)
{
	const char *text;
	char clipped[CLIP_MAX];
	if (get_scalar(ld, n, what, &text) != 0)
		return -1;
	size_t len = strlen(text);
	if (len == 0 || len >= size || !chars_in(text, "._+~-"))
		return fail_node(ld, n, "%s must be a release like \"4.10\" (1 to %zu characters from "
		                 "A-Z a-z 0-9 . _ + ~ -), got '%s'", what, size - 1, clip(clipped, text));
	memcpy(out, text, len + 1);
	pos->line = ld->node[n].line;
	pos->column = ld->node[n].column;
	return 0;
}

/* One line of printable text, shorter than `size`. */
static int get_text(struct loader *ld, int n, const char *what, char *out, size_t size)
{
	const char *text;
	if (get_scalar(ld, n, what, &text) != 0)
		return -1;
	size_t len = strlen(text);
	if (len >= size)
		return fail_node(ld, n, "%s must be shorter than %zu bytes, got %zu", what, size, len);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x20 || c == 0x7f)
			return fail_node(ld, n, "%s must be one line of printable text (character 0x%02x at offset %zu)",
			                 what, c, i);
	}
	memcpy(out, text, len + 1);
	return 0;
}

/* Decimal [-+]?[0-9]+ into *out; false if not one or beyond +-10^15. */
static bool parse_long(const char *s, long *out)
{
	bool negative = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	if (*s == '\0')
		return false;
	long value = 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || value > 100000000000000L)
			return false;
		value = value * 10 + (*s - '0');
	}
	*out = negative ? -value : value;
	return true;
}

static int get_int(struct loader *ld, int n, const char *what, long lo, long hi, long *out)
{
	char quoted[CLIP_MAX + 2];
	long value;
	const struct ynode *y = &ld->node[n];
	if (y->kind != Y_SCALAR || !y->plain || !parse_long(ytext(ld, n), &value) || value < lo || value > hi)
		return fail_node(ld, n, "%s must be an integer from %ld to %ld, got %s%s", what, lo, hi,
		                 shown(ld, n, quoted), y->kind == Y_SCALAR && !y->plain ? " (quoted, so a string)" : "");
	*out = value;
	return 0;
}

static int get_bool(struct loader *ld, int n, const char *what, bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	char quoted[CLIP_MAX + 2];
	const struct ynode *y = &ld->node[n];
	bool plain = y->kind == Y_SCALAR && y->plain;
	if (plain && scenario_name_index(yes, 3, ytext(ld, n)) >= 0)
		*out = true;
	else if (plain && scenario_name_index(no, 3, ytext(ld, n)) >= 0)
		*out = false;
	else
		return fail_node(ld, n, "%s must be true or false, got %s%s", what, shown(ld, n, quoted),
		                 y->kind == Y_SCALAR && !plain ? " (quoted, so a string)" : "");
	return 0;
}

/* ---- host and knobs ------------------------------------------------------------ */

enum { HK_APICV, HK_NR_IRQS_GSI, HK_EXTRA_GUEST_IRQS, HK_HVM_PIRQ, HK_XEN_IRQS, HK_COUNT };
static const char *const host_keys[HK_COUNT] = {"apicv", "nr-irqs-gsi", "extra-guest-irqs", "hvm-pirq", "xen-irqs"};

static int load_host(struct loader *ld, int map)
{
	int v[HK_COUNT];
	long value;
	struct scenario_spec *spec = ld->spec;
	if (expect_kind(ld, map, Y_MAPPING, "host") != 0 ||
	    map_keys(ld, map, "in host", host_keys, HK_COUNT, v) != 0)
		return -1;
	if (v[HK_APICV] >= 0 && get_bool(ld, v[HK_APICV], "apicv", &spec->apicv) != 0)
		return -1;
	if (v[HK_NR_IRQS_GSI] >= 0) {
		if (get_int(ld, v[HK_NR_IRQS_GSI], "nr-irqs-gsi", 16, PIRQSIM_NR_IRQS_GSI_MAX, &value) != 0)
			return -1;
		spec->nr_irqs_gsi = (int)value;
	}
	if (v[HK_EXTRA_GUEST_IRQS] >= 0) {
		if (get_int(ld, v[HK_EXTRA_GUEST_IRQS], "extra-guest-irqs", 1, PIRQSIM_MSI_PIRQS_MAX, &value) != 0)
			return -1;
		spec->extra_guest_irqs = (int)value;
	}
	if (v[HK_XEN_IRQS] >= 0) {
		if (get_int(ld, v[HK_XEN_IRQS], "xen-irqs", 1, PIRQSIM_XEN_IRQS_MAX, &value) != 0)
			return -1;
		spec->xen_irqs = (int)value;
	}
	if (v[HK_HVM_PIRQ] >= 0) {
		if (get_bool(ld, v[HK_HVM_PIRQ], "hvm-pirq", &spec->hvm_pirq) != 0)
			return -1;
		spec->hvm_pirq_set = true;
	}
	return 0;
}

static const char *knob_names(char *out, size_t size)
{
	const char *names[KNOB_COUNT];
	for (unsigned i = 0; i < KNOB_COUNT; i++)
		names[i] = knob_info((enum knob_id)i)->name;
	return join(out, size, names, KNOB_COUNT);
}

static int load_knob(struct loader *ld, int key)
{
	char clipped[CLIP_MAX], valid[400];
	const char *name, *value;
	if (get_scalar(ld, key, "knob names", &name) != 0)
		return -1;
	int id = knob_by_name(name);
	if (id < 0)
		return fail_node(ld, key, "unknown knob '%s'; valid knobs: %s", clip(clipped, name),
		                 knob_names(valid, sizeof(valid)));
	if (ld->spec->knob[id] >= 0)
		return fail_node(ld, key, "duplicate key '%s'", knob_info((enum knob_id)id)->name);
	int vn = value_of(ld, key);
	if (get_scalar(ld, vn, name, &value) != 0)
		return -1;
	const struct knob_info *info = knob_info((enum knob_id)id);
	int v = knob_value_by_name((enum knob_id)id, value);
	if (v < 0)
		return fail_node(ld, vn, "unknown value '%s' for knob %s; valid values: %s", clip(clipped, value),
		                 info->name, join(valid, sizeof(valid), info->values, info->value_count));
	ld->spec->knob[id] = (int16_t)v;
	return 0;
}

static int load_knobs(struct loader *ld, int map)
{
	if (expect_kind(ld, map, Y_MAPPING, "knobs") != 0)
		return -1;
	unsigned pairs = ld->node[map].children / 2;
	int key = ld->node[map].first;
	for (unsigned p = 0; p < pairs; p++, key = ld->node[value_of(ld, key)].next) {
		assert(key >= 0);
		if (load_knob(ld, key) != 0)
			return -1;
	}
	return 0;
}

/* ---- devices ------------------------------------------------------------------- */

enum { DK_DRIVER, DK_NAME, DK_COUNT, DK_IO_QUEUES, DK_VECTORS, DK_TYPE, DK_CYCLES, DK_EMULATED, DK_N };
static const char *const device_keys[DK_N] = {
	"driver", "name", "count", "io-queues", "vectors", "type", "cycles", "emulated",
};

/* io-queues / vectors / type / cycles of `d`, whose driver is set. */
static int device_values(struct loader *ld, const int *v, struct device_spec *d)
{
	bool nvme = d->driver == DRIVER_NVME, nic = d->driver == DRIVER_NIC;
	long vectors = nvme || nic ? 2 : 1, cycles = 1;
	const char *type = "msix";
	char clipped[CLIP_MAX];
	if (v[DK_IO_QUEUES] >= 0 && !nvme)
		return fail_node(ld, v[DK_IO_QUEUES], "io-queues is for nvme devices; %s devices take vectors",
		                 driver_kind_name((enum driver_kind)d->driver));
	if (v[DK_VECTORS] >= 0 && nvme)
		return fail_node(ld, v[DK_VECTORS], "vectors is for nic and single devices; nvme devices take io-queues");
	if (v[DK_CYCLES] >= 0 && !nic)
		return fail_node(ld, v[DK_CYCLES], "cycles is for nic devices only");
	if (v[DK_IO_QUEUES] >= 0 && get_int(ld, v[DK_IO_QUEUES], "io-queues", 1, PIRQSIM_VECTORS_MAX, &vectors) != 0)
		return -1;
	if (v[DK_VECTORS] >= 0 && get_int(ld, v[DK_VECTORS], "vectors", 1, PIRQSIM_VECTORS_MAX, &vectors) != 0)
		return -1;
	if (v[DK_CYCLES] >= 0 && get_int(ld, v[DK_CYCLES], "cycles", 1, PIRQSIM_CYCLES_MAX, &cycles) != 0)
		return -1;
	if (v[DK_TYPE] >= 0 && get_scalar(ld, v[DK_TYPE], "type", &type) != 0)
		return -1;
	int t = vec_type_by_name(type);
	if (t < 0)
		return fail_node(ld, v[DK_TYPE], "unknown interrupt type '%s'; valid types: msix, msi",
		                 clip(clipped, type));
	bool emulated = false;
	if (v[DK_EMULATED] >= 0 && get_bool(ld, v[DK_EMULATED], "emulated", &emulated) != 0)
		return -1;
	d->vec_type = (uint8_t)t;
	d->vectors = (uint16_t)vectors;
	d->cycles = (uint8_t)cycles;
	d->emulated = emulated;
	return 0;
}

/* The next index for generated names starting with `prefix`. */
static unsigned prefix_index(struct loader *ld, const char *prefix)
{
	unsigned i = 0;
	while (i < ld->prefix_count && strcmp(ld->prefix[i], prefix) != 0)
		i++;
	if (i == ld->prefix_count) {
		assert(ld->prefix_count < PIRQSIM_DEVICES_MAX); /* each entry adds a device */
		assert(strlen(prefix) < PIRQSIM_NAME_MAX);
		strcpy(ld->prefix[i], prefix);
		ld->prefix_next[i] = 0;
		ld->prefix_count++;
	}
	assert(ld->prefix_next[i] < PIRQSIM_DEVICES_MAX);
	return ld->prefix_next[i]++;
}

/* Append `count` copies of `d`, named `base` (literal) or base<index>. */
static int add_devices(struct loader *ld, int at, const struct device_spec *d, const char *base, bool literal,
                       long count)
{
	struct scenario_spec *spec = ld->spec;
	unsigned long total = spec->device_count + (unsigned long)count;
	if (total > PIRQSIM_DEVICES_MAX)
		return fail_node(ld, at, "too many devices (%lu); at most %d", total, PIRQSIM_DEVICES_MAX);
	for (long i = 0; i < count; i++) {
		struct device_spec *out = &spec->device[spec->device_count];
		*out = *d;
		size_t len = strlen(base);
		memcpy(out->name, base, len + 1);
		if (!literal) {
			unsigned index = prefix_index(ld, base);
			int n = snprintf(out->name, sizeof(out->name), "%s%u", base, index);
			if (n < 0 || (size_t)n >= sizeof(out->name))
				return fail_node(ld, at, "name '%s%u' is too long; at most %zu characters", base, index,
				                 sizeof(out->name) - 1);
		}
		for (unsigned j = 0; j < spec->device_count; j++) {
			if (strcmp(spec->device[j].name, out->name) == 0)
				return fail_node(ld, at, "duplicate device name '%s'", out->name);
		}
		spec->device_count++;
	}
	return 0;
}

static int load_device(struct loader *ld, int map)
{
	int v[DK_N];
	char clipped[CLIP_MAX], base[PIRQSIM_NAME_MAX];
	const char *driver;
	long count = 1;
	if (expect_kind(ld, map, Y_MAPPING, "device") != 0 ||
	    map_keys(ld, map, "in device", device_keys, DK_N, v) != 0)
		return -1;
	if (v[DK_DRIVER] < 0)
		return fail_node(ld, map, "device has no driver; valid drivers: nvme, nic, single");
	if (get_scalar(ld, v[DK_DRIVER], "driver", &driver) != 0)
		return -1;
	int kind = driver_kind_by_name(driver);
	if (kind < 0)
		return fail_node(ld, v[DK_DRIVER], "unknown driver '%s'; valid drivers: nvme, nic, single",
		                 clip(clipped, driver));
	struct device_spec d;
	memset(&d, 0, sizeof(d));
	d.driver = (uint8_t)kind;
	if (device_values(ld, v, &d) != 0)
		return -1;
	if (v[DK_COUNT] >= 0 && get_int(ld, v[DK_COUNT], "count", 1, PIRQSIM_DEVICES_MAX, &count) != 0)
		return -1;
	if (v[DK_NAME] < 0) {
		strcpy(base, driver_prefixes[kind]);
		return add_devices(ld, map, &d, base, false, count);
	}
	if (get_name(ld, v[DK_NAME], "name", base, sizeof(base)) != 0)
		return -1;
	if (count > 1 && strlen(base) + 1 >= sizeof(base))
		return fail_node(ld, v[DK_NAME], "name '%s' is too long to be numbered for count %ld; at most %zu "
		                 "characters", base, count, sizeof(base) - 2);
	return add_devices(ld, v[DK_NAME], &d, base, count == 1, count);
}

static int load_devices(struct loader *ld, int seq)
{
	if (expect_kind(ld, seq, Y_SEQUENCE, "devices") != 0)
		return -1;
	if (ld->node[seq].children == 0)
		return fail_node(ld, seq, "devices must list at least one device");
	int entry = ld->node[seq].first;
	for (unsigned i = 0; i < ld->node[seq].children; i++, entry = ld->node[entry].next) {
		assert(entry >= 0);
		if (load_device(ld, entry) != 0)
			return -1;
	}
	assert(ld->spec->device_count >= 1 && ld->spec->device_count <= PIRQSIM_DEVICES_MAX);
	return 0;
}

/* ---- scenario, trail, root --------------------------------------------------- */

enum { SK_NAME, SK_DESCRIPTION, SK_KERNEL, SK_QEMU, SK_XEN, SK_HOST, SK_KNOBS, SK_DEVICES, SK_FAULTS, SK_COUNT };
static const char *const scenario_keys[SK_COUNT] = {
	"name", "description", "kernel", "qemu", "xen", "host", "knobs", "devices", "faults",
};

/* faults: [name, name@device, ...] (faults.h, docs/faults.md). */
static int load_faults(struct loader *ld, int seq)
{
	if (expect_kind(ld, seq, Y_SEQUENCE, "faults") != 0)
		return -1;
	int item = ld->node[seq].first;
	for (unsigned i = 0; i < ld->node[seq].children; i++, item = ld->node[item].next) {
		const char *name;
		struct pirqsim_error error;
		assert(item >= 0);
		if (get_scalar(ld, item, "a fault", &name) != 0)
			return -1;
		memset(&error, 0, sizeof(error));
		if (pirqsim_spec_add_fault(ld->spec, name, &error) != 0)
			return fail_node(ld, item, "%s", error.message);
	}
	return 0;
}

static int load_scenario(struct loader *ld, int map, const char *where)
{
	int v[SK_COUNT];
	struct scenario_spec *spec = ld->spec;
	if (expect_kind(ld, map, Y_MAPPING, "scenario") != 0 ||
	    map_keys(ld, map, where, scenario_keys, SK_COUNT, v) != 0)
		return -1;
	if (v[SK_DEVICES] < 0)
		return fail_node(ld, map, "missing key 'devices' %s: a scenario needs at least one device", where);
	if ((v[SK_NAME] >= 0 && get_name(ld, v[SK_NAME], "name", spec->name, sizeof(spec->name)) != 0) ||
	    (v[SK_DESCRIPTION] >= 0 &&
	     get_text(ld, v[SK_DESCRIPTION], "description", spec->description, sizeof(spec->description)) != 0))
		return -1;
	if ((v[SK_KERNEL] >= 0 &&
	     get_version(ld, v[SK_KERNEL], "kernel", spec->kernel, sizeof(spec->kernel), &spec->kernel_pos) != 0) ||
	    (v[SK_QEMU] >= 0 &&
	     get_version(ld, v[SK_QEMU], "qemu", spec->qemu, sizeof(spec->qemu), &spec->qemu_pos) != 0) ||
	    (v[SK_XEN] >= 0 && get_version(ld, v[SK_XEN], "xen", spec->xen, sizeof(spec->xen), &spec->xen_pos) != 0))
		return -1;
	if ((v[SK_HOST] >= 0 && load_host(ld, v[SK_HOST]) != 0) ||
	    (v[SK_KNOBS] >= 0 && load_knobs(ld, v[SK_KNOBS]) != 0) ||
	    (v[SK_FAULTS] >= 0 && load_faults(ld, v[SK_FAULTS]) != 0))
		return -1;
	return load_devices(ld, v[SK_DEVICES]);
}

static int load_choices(struct loader *ld, int seq)
{
	struct scenario_spec *spec = ld->spec;
	if (expect_kind(ld, seq, Y_SEQUENCE, "choices") != 0)
		return -1;
	int item = ld->node[seq].first;
	for (unsigned i = 0; i < ld->node[seq].children; i++, item = ld->node[item].next) {
		long value;
		assert(item >= 0);
		if (i >= PIRQSIM_TRAIL_MAX)
			return fail_node(ld, item, "too many choices (%u); at most %d", ld->node[seq].children,
			                 PIRQSIM_TRAIL_MAX);
		if (get_int(ld, item, "choice", 0, PIRQSIM_ACTORS_MAX - 1, &value) != 0)
			return -1;
		spec->choice[spec->choice_count++] = (uint8_t)value;
	}
	return 0;
}

enum { TK_FORMAT, TK_VERSION, TK_RULES, TK_SCENARIO_HASH, TK_PROPERTY, TK_REAL_GUEST, TK_SCENARIO, TK_CHOICES, TK_STEPS,
       TK_COUNT };
static const char *const trail_keys[TK_COUNT] = {
	"pirqsim-trail", "pirqsim-version", "rules-hash", "scenario-hash", "property", "real-guest", "scenario", "choices",
	"step-hashes",
};

/* 16 hex digits (a 64-bit hash as written by write_trail_integrity). */
static int get_hash(struct loader *ld, int n, const char *what, uint64_t *out)
{
	const char *text;
	char clipped[CLIP_MAX];
	if (get_scalar(ld, n, what, &text) != 0)
		return -1;
	uint64_t value = 0;
	size_t len = strlen(text);
	for (size_t i = 0; i < len && len == 16; i++) {
		char c = text[i];
		int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (digit < 0)
			len = 0;
		value = value << 4 | (uint64_t)(digit & 0xf);
	}
	if (len != 16)
		return fail_node(ld, n, "%s must be 16 hexadecimal digits, got '%s'", what, clip(clipped, text));
	*out = value;
	return 0;
}

static int load_step_hashes(struct loader *ld, int seq)
{
	struct scenario_spec *spec = ld->spec;
	if (expect_kind(ld, seq, Y_SEQUENCE, "step-hashes") != 0)
		return -1;
	if (ld->node[seq].children != spec->choice_count)
		return fail_node(ld, seq, "trail corrupted: step-hashes has %u entries but choices has %u; each step "
		                 "has its hash", ld->node[seq].children, spec->choice_count);
	int item = ld->node[seq].first;
	for (unsigned i = 0; i < ld->node[seq].children; i++, item = ld->node[item].next) {
		assert(item >= 0 && i < PIRQSIM_TRAIL_MAX);
		if (get_hash(ld, item, "a step hash", &spec->step_hash[i]) != 0)
			return -1;
	}
	spec->step_hash_count = spec->choice_count;
	spec->step_hash_choices = integrity_choices_hash(spec->choice, spec->choice_count);
	return 0;
}

/* Format 2: what wrote the trail, and for what (integrity.h). */
static int load_trail_integrity(struct loader *ld, int map, const int *v, long format)
{
	struct scenario_spec *spec = ld->spec;
	static const int keys[] = {TK_VERSION, TK_RULES, TK_SCENARIO_HASH, TK_STEPS};
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (format == 1 && v[keys[i]] >= 0)
			return fail_node(ld, v[keys[i]], "%s is a key of trail format 2; this trail says pirqsim-trail: 1",
			                 trail_keys[keys[i]]);
		if (format == 2 && v[keys[i]] < 0)
			return fail_node(ld, map, "trail corrupted: a format 2 trail needs '%s'", trail_keys[keys[i]]);
	}
	if (format == 1)
		return 0;
	if (get_name(ld, v[TK_VERSION], "pirqsim-version", spec->trail_pirqsim_version,
	             sizeof(spec->trail_pirqsim_version)) != 0 ||
	    get_hash(ld, v[TK_RULES], "rules-hash", &spec->rules_hash) != 0 ||
	    get_hash(ld, v[TK_SCENARIO_HASH], "scenario-hash", &spec->scenario_hash) != 0 ||
	    load_step_hashes(ld, v[TK_STEPS]) != 0)
		return -1;
	spec->has_integrity = true;
	return 0;
}

static int load_trail(struct loader *ld, int map)
{
	int v[TK_COUNT];
	long format;
	char clipped[CLIP_MAX], quoted[CLIP_MAX + 2];
	struct scenario_spec *spec = ld->spec;
	if (map_keys(ld, map, "in a trail", trail_keys, TK_COUNT, v) != 0)
		return -1;
	assert(v[TK_FORMAT] >= 0);
	int f = v[TK_FORMAT];
	if (ld->node[f].kind != Y_SCALAR || !ld->node[f].plain || !parse_long(ytext(ld, f), &format))
		return fail_node(ld, f, "pirqsim-trail must be the integer format version %d, got %s", TRAIL_FORMAT,
		                 shown(ld, f, quoted));
	if (format != 1 && format != TRAIL_FORMAT)
		return fail_node(ld, f, "unsupported trail format %s; this pirqsim reads 1 and %d",
		                 clip(clipped, ytext(ld, f)), TRAIL_FORMAT);
	if (v[TK_SCENARIO] < 0 || v[TK_CHOICES] < 0)
		return fail_node(ld, map, "a trail needs 'scenario' and 'choices'; '%s' is missing",
		                 v[TK_SCENARIO] < 0 ? "scenario" : "choices");
	if (v[TK_PROPERTY] >= 0 &&
	    get_name(ld, v[TK_PROPERTY], "property", spec->trail_property, sizeof(spec->trail_property)) != 0)
		return -1;
	if (v[TK_REAL_GUEST] >= 0 &&
	    get_name(ld, v[TK_REAL_GUEST], "real-guest", spec->trail_real_guest, sizeof(spec->trail_real_guest)) != 0)
		return -1;
	if (load_scenario(ld, v[TK_SCENARIO], "in scenario") != 0 || load_choices(ld, v[TK_CHOICES]) != 0 ||
	    load_trail_integrity(ld, map, v, format) != 0)
		return -1;
	spec->is_trail = true;
	return 0;
}

static bool has_key(const struct loader *ld, int map, const char *name)
{
	unsigned pairs = ld->node[map].children / 2;
	int key = ld->node[map].first;
	for (unsigned p = 0; p < pairs; p++, key = ld->node[value_of(ld, key)].next) {
		assert(key >= 0);
		if (ld->node[key].kind == Y_SCALAR && strcmp(ytext(ld, key), name) == 0)
			return true;
	}
	return false;
}

static int load_root(struct loader *ld)
{
	static const char empty[] = "empty document; expected a mapping with at least a 'devices' key";
	if (ld->nodes == 0)
		return fail_at(ld, 1, 1, "%s", empty);
	const struct ynode *root = &ld->node[0];
	if (root->kind == Y_SCALAR && root->plain && root->length == 0)
		return fail_at(ld, 1, 1, "%s", empty);
	if (root->kind != Y_MAPPING)
		return fail_at(ld, 1, 1, "expected a mapping at the top level, got %s", kind_name(ld, 0));
	if (has_key(ld, 0, trail_keys[TK_FORMAT]))
		return load_trail(ld, 0);
	return load_scenario(ld, 0, "at the top level");
}

int scenario_load_string(const char *text, size_t length, const char *label, struct scenario_spec *spec,
                         struct pirqsim_error *err)
{
	assert(spec != NULL && err != NULL);
	assert(text != NULL || length == 0);
	struct scenario_spec *local = malloc(sizeof(*local));
	struct loader ld;
	memset(&ld, 0, sizeof(ld));
	ld.label = label != NULL ? label : "";
	ld.err = err;
	ld.last_line = ld.last_column = 1;
	if (local == NULL)
		return fail_at(&ld, 0, 0, "out of memory");
	scenario_spec_init(local);
	snprintf(local->file, sizeof(local->file), "%s", ld.label);
	ld.spec = local;
	int rc = -1;
	if (length > YAML_FILE_MAX)
		fail_at(&ld, 0, 0, "document too large (%zu bytes); at most %u", length, YAML_FILE_MAX);
	else if (check_bytes(&ld, (const unsigned char *)text, length) == 0 && build_tree(&ld, text, length) == 0)
		rc = load_root(&ld);
	if (rc == 0)
		*spec = *local;
	free(ld.node);
	free(ld.text);
	free(local);
	return rc;
}

int scenario_load_file(const char *path, struct scenario_spec *spec, struct pirqsim_error *err)
{
	assert(path != NULL && spec != NULL && err != NULL);
	struct loader ld;
	memset(&ld, 0, sizeof(ld));
	ld.label = path;
	ld.err = err;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return fail_at(&ld, 0, 0, "cannot open: %s", strerror(errno));
	char *buf = malloc(YAML_FILE_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		return fail_at(&ld, 0, 0, "out of memory");
	}
	size_t n = fread(buf, 1, YAML_FILE_MAX + 1, f);
	int read_error = ferror(f) ? errno : 0;
	fclose(f);
	int rc;
	if (read_error != 0)
		rc = fail_at(&ld, 0, 0, "cannot read: %s", strerror(read_error));
	else if (n > YAML_FILE_MAX)
		rc = fail_at(&ld, 0, 0, "file too large; at most %u bytes", YAML_FILE_MAX);
	else
		rc = scenario_load_string(buf, n, path, spec, err);
	free(buf);
	return rc;
}

/* ---- writing --------------------------------------------------------------------- */

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	bool room = o->len < o->size;
	int n = vsnprintf(room ? o->buf + o->len : NULL, room ? o->size - o->len : 0, format, ap);
	va_end(ap);
	assert(n >= 0);
	o->len += (size_t)n;
}

/* A double-quoted YAML string. */
static void put_quoted(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			put(o, "\\x%02x", c);
		else
			put(o, "%c", c);
	}
	put(o, "\"\n");
}

static void put_string(struct out *o, const char *indent, const char *key, const char *value)
{
	if (value[0] == '\0')
		return;
	put(o, "%s%s: ", indent, key);
	put_quoted(o, value);
}

static void write_host(struct out *o, const struct scenario_spec *spec, const char *indent)
{
	if (!spec->apicv && !spec->hvm_pirq_set && spec->nr_irqs_gsi < 0 && spec->extra_guest_irqs < 0 &&
	    spec->xen_irqs < 0)
		return;
	put(o, "%shost:\n", indent);
	if (spec->apicv)
		put(o, "%s  apicv: true\n", indent);
	if (spec->nr_irqs_gsi >= 0)
		put(o, "%s  nr-irqs-gsi: %d\n", indent, spec->nr_irqs_gsi);
	if (spec->extra_guest_irqs >= 0)
		put(o, "%s  extra-guest-irqs: %d\n", indent, spec->extra_guest_irqs);
	if (spec->xen_irqs >= 0)
		put(o, "%s  xen-irqs: %d\n", indent, spec->xen_irqs);
	if (spec->hvm_pirq_set)
		put(o, "%s  hvm-pirq: %s\n", indent, spec->hvm_pirq ? "true" : "false");
}

static void write_knobs(struct out *o, const struct scenario_spec *spec, const char *indent)
{
	bool any = false;
	for (unsigned i = 0; i < KNOB_COUNT; i++)
		any = any || spec->knob[i] >= 0;
	if (!any)
		return;
	put(o, "%sknobs:\n", indent);
	for (unsigned i = 0; i < KNOB_COUNT; i++) {
		if (spec->knob[i] < 0)
			continue;
		const struct knob_info *info = knob_info((enum knob_id)i);
		assert((unsigned)spec->knob[i] < info->value_count);
		put(o, "%s  %s: %s\n", indent, info->name, info->values[spec->knob[i]]);
	}
}

static void write_device(struct out *o, const struct device_spec *d, const char *indent)
{
	assert(d->driver < DRIVER_COUNT && d->vec_type < VEC_TYPE_COUNT);
	if (d->name[0] != '\0') {
		put(o, "%s  - name: ", indent);
		put_quoted(o, d->name);
		put(o, "%s    driver: %s\n", indent, driver_kind_name((enum driver_kind)d->driver));
	} else {
		put(o, "%s  - driver: %s\n", indent, driver_kind_name((enum driver_kind)d->driver));
	}
	put(o, "%s    type: %s\n", indent, vec_type_name((enum vec_type)d->vec_type));
	put(o, "%s    %s: %u\n", indent, d->driver == DRIVER_NVME ? "io-queues" : "vectors", d->vectors);
	if (d->driver == DRIVER_NIC)
		put(o, "%s    cycles: %u\n", indent, d->cycles);
	/* Only when set: scenarios without emulated devices keep their
	 * canonical text, and so their hashes. */
	if (d->emulated)
		put(o, "%s    emulated: true\n", indent);
}

static void write_faults(struct out *o, const struct scenario_spec *spec, const char *indent)
{
	if (spec->fault_count == 0)
		return;
	put(o, "%sfaults: [", indent);
	for (unsigned i = 0; i < spec->fault_count && i < PIRQSIM_FAULTS_MAX; i++) {
		const struct fault_spec *f = &spec->fault[i];
		put(o, "%s%s%s%s", i ? ", " : "", fault_name((enum fault_kind)f->kind), f->device[0] ? "@" : "", f->device);
	}
	put(o, "]\n");
}

static void write_scenario(struct out *o, const struct scenario_spec *spec, const char *indent)
{
	assert(spec->device_count <= PIRQSIM_DEVICES_MAX);
	put_string(o, indent, "name", spec->name);
	put_string(o, indent, "description", spec->description);
	put_string(o, indent, "kernel", spec->kernel);
	put_string(o, indent, "qemu", spec->qemu);
	put_string(o, indent, "xen", spec->xen);
	write_host(o, spec, indent);
	write_knobs(o, spec, indent);
	put(o, "%sdevices:\n", indent);
	for (unsigned i = 0; i < spec->device_count; i++)
		write_device(o, &spec->device[i], indent);
	write_faults(o, spec, indent);
}

static void write_choices(struct out *o, const struct scenario_spec *spec)
{
	assert(spec->choice_count <= PIRQSIM_TRAIL_MAX);
	put(o, "choices: [");
	for (unsigned i = 0; i < spec->choice_count; i++) {
		const char *separator = i == 0 ? "" : i % CHOICES_PER_LINE == 0 ? ",\n  " : ", ";
		put(o, "%s%u", separator, spec->choice[i]);
	}
	put(o, "]\n");
}

static void write_trail_integrity(struct out *o, const struct scenario_spec *spec)
{
	put(o, "pirqsim-version: ");
	put_quoted(o, spec->trail_pirqsim_version);
	put(o, "rules-hash: \"%016llx\"\n", (unsigned long long)spec->rules_hash);
	put(o, "scenario-hash: \"%016llx\"\n", (unsigned long long)spec->scenario_hash);
}

static void write_step_hashes(struct out *o, const struct scenario_spec *spec)
{
	assert(spec->step_hash_count == spec->choice_count);
	put(o, "step-hashes: [");
	for (unsigned i = 0; i < spec->step_hash_count; i++) {
		const char *separator = i == 0 ? "" : i % HASHES_PER_LINE == 0 ? ",\n  " : ", ";
		put(o, "%s\"%016llx\"", separator, (unsigned long long)spec->step_hash[i]);
	}
	put(o, "]\n");
}

static void write_trail(struct out *o, const struct scenario_spec *spec)
{
	bool sealed = integrity_sealed(spec);
	put(o, "pirqsim-trail: %d\n", sealed ? TRAIL_FORMAT : 1);
	if (sealed)
		write_trail_integrity(o, spec);
	put_string(o, "", "property", spec->trail_property);
	if (spec->trail_real_guest[0])
		put_string(o, "", "real-guest", spec->trail_real_guest);
	put(o, "scenario:\n");
	write_scenario(o, spec, "  ");
	write_choices(o, spec);
	if (sealed)
		write_step_hashes(o, spec);
}

/* A trail is written as it is: format 2 with its hashes if they belong to
 * its choices and this rule set (integrity_sealed), else format 1.
 * trail_write_yaml (integrity.h) seals one first. */
size_t scenario_write_yaml(const struct scenario_spec *spec, char *out, size_t out_size)
{
	assert(spec != NULL && (out != NULL || out_size == 0));
	struct out o = {out, out_size, 0};
	if (out_size > 0)
		out[0] = '\0';
	if (!spec->is_trail) {
		write_scenario(&o, spec, "");
		return o.len;
	}
	write_trail(&o, spec);
	return o.len;
}

/* ---- the public API's loaders (pirqsim.h) --------------------------------- */

int pirqsim_spec_load(pirqsim_spec *spec, const char *path, pirqsim_error *error)
{
	struct pirqsim_error local;
	if (scenario_load_file(path, spec, error ? error : &local) == 0)
		return 0;
	return -1;
}

int pirqsim_spec_load_string(pirqsim_spec *spec, const char *text, size_t length, const char *label,
                             pirqsim_error *error)
{
	struct pirqsim_error local;
	return scenario_load_string(text, length, label, spec, error ? error : &local);
}
