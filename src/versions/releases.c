/*
 * releases.c - release lists for the matrix, advice and bisect: named sets,
 * the bundled device model of a Xen release, the knobs that differ between
 * two releases, bisect candidates (the version table's row boundaries), and
 * the table of known fixes with the stable trees they reached.
 * Nothing here prints.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pirqsim.h"
#include "versions/scenario.h"
#include "versions/versions.h"

static int set_error(pirqsim_error *error, const char *text)
{
	if (error) {
		memset(error, 0, sizeof(*error));
		size_t n = strlen(text) < sizeof(error->message) - 1 ? strlen(text) : sizeof(error->message) - 1;
		memcpy(error->message, text, n); /* long lists are cut, never overrun */
		error->message[n] = '\0';
	}
	return -1;
}

static int component_by_name(const char *name)
{
	for (int c = 0; c < COMPONENT_COUNT; c++)
		if (strcmp(component_name((enum component)c), name) == 0)
			return c;
	return -1;
}

/* ---- named sets ----------------------------------------------------------- */

/*
 * Sources: the seed thread (xen-devel, 2017-05-03): Boris Ostrovsky, "older
 * (4.4-) hypervisors ... are out of support", so the Xen releases in support
 * then are 4.5 - 4.8 (4.8.0: December 2016; 4.9.0: June 2017).  Linux trees
 * on kernel.org in May 2017: longterm 3.2, 3.10, 3.12, 3.16, 3.18, 4.1,
 * 4.4, 4.9, stable 4.10 and mainline 4.11 (released 2017-04-30).  "rows" is
 * computed: the first release of every row of the version table.
 */
struct release_set {
	const char *component;
	const char *name;
	const char *members;
	const char *summary;
};

static const struct release_set release_sets[] = {
	{"kernel", "supported-2017", "3.2,3.10,3.12,3.16,3.18,4.1,4.4,4.9,4.10,4.11",
	 "Linux trees on kernel.org in May 2017 (longterm, stable, mainline)"},
	{"kernel", "thread-2017", "3.18,4.4,4.9,4.10",
	 "the stable trees the 2017 backport thread weighed"},
	{"xen", "supported-2017", "4.5,4.6,4.7,4.8", "Xen releases in support in May 2017 (4.4- are not, per the thread)"},
	{"xen", "released-2017", "4.0,4.1,4.2,4.3,4.4,4.5,4.6,4.7,4.8", "every Xen release series out by May 2017"},
	{"qemu", "released-2017", "1.0,2.0,2.1,2.4,2.6,2.8,qemu-xen-traditional",
	 "upstream QEMU releases spanning every qemu row up to 2.8 (Dec 2016), and qemu-xen-traditional"},
	{"kernel", "rows", NULL, "the first release of every Linux row of the version table"},
	{"qemu", "rows", NULL, "the first release of every QEMU row of the version table"},
	{"xen", "rows", NULL, "the first release of every Xen row of the version table"},
};

#define RELEASE_SET_COUNT (sizeof(release_sets) / sizeof(release_sets[0]))

unsigned pirqsim_release_set_count(void) { return (unsigned)RELEASE_SET_COUNT; }

bool pirqsim_release_set(unsigned i, const char **component, const char **name, const char **members,
                         const char **summary)
{
	if (i >= RELEASE_SET_COUNT)
		return false;
	*component = release_sets[i].component;
	*name = release_sets[i].name;
	*members = release_sets[i].members ? release_sets[i].members : "(computed)";
	*summary = release_sets[i].summary;
	return true;
}

const char *pirqsim_xen_bundled_qemu(const char *xen_release)
{
	const struct version_row *row = versions_resolve(COMPONENT_XEN, xen_release, NULL, 0);
	return row && row->bundled_qemu[0] ? row->bundled_qemu : NULL;
}

const char *pirqsim_release_row_label(const char *component, const char *release)
{
	int c = component_by_name(component);
	const struct version_row *row = c < 0 ? NULL : versions_resolve((enum component)c, release, NULL, 0);
	return row ? row->label : NULL;
}

/* A growable NULL-terminated list of strings. */
struct list {
	char **item;
	unsigned count, capacity;
};

static bool list_add(struct list *l, const char *text, size_t length)
{
	for (unsigned i = 0; i < l->count; i++)
		if (strlen(l->item[i]) == length && strncmp(l->item[i], text, length) == 0)
			return true; /* already there: keep the first position */
	if (l->count + 2 > l->capacity) {
		unsigned capacity = l->capacity ? l->capacity * 2 : 16;
		char **grown = realloc(l->item, capacity * sizeof(*grown));
		if (!grown)
			return false;
		l->item = grown;
		l->capacity = capacity;
	}
	l->item[l->count] = strndup(text, length);
	if (!l->item[l->count])
		return false;
	l->item[++l->count] = NULL;
	return true;
}

void pirqsim_releases_free(char **releases)
{
	for (char **r = releases; r && *r; r++)
		free(*r);
	free(releases);
}

static bool add_rows(struct list *l, enum component c)
{
	for (unsigned i = 0; i < versions_count(); i++)
		if (versions_row(i)->component == c && !list_add(l, versions_row(i)->from, strlen(versions_row(i)->from)))
			return false;
	return true;
}

static const struct release_set *set_named(const char *component, const char *name, size_t length)
{
	for (unsigned i = 0; i < RELEASE_SET_COUNT; i++)
		if (strcmp(release_sets[i].component, component) == 0 && strlen(release_sets[i].name) == length &&
		    strncmp(release_sets[i].name, name, length) == 0)
			return &release_sets[i];
	return NULL;
}

static int unknown_release(enum component c, const char *name, size_t length, pirqsim_error *error)
{
	char text[1400], known[900];
	int n = snprintf(text, sizeof(text), "unknown %s release or set '%.*s'; named sets:", component_name(c),
	                 (int)length, name);
	for (unsigned i = 0; i < RELEASE_SET_COUNT && n > 0 && (size_t)n < sizeof(text); i++)
		if (strcmp(release_sets[i].component, component_name(c)) == 0)
			n += snprintf(text + n, sizeof(text) - (size_t)n, " %s", release_sets[i].name);
	char release[PIRQSIM_VERSION_MAX];
	snprintf(release, sizeof(release), "%.*s", (int)length, name);
	versions_nearest(c, release, known, sizeof(known));
	if (n > 0 && (size_t)n < sizeof(text))
		snprintf(text + n, sizeof(text) - (size_t)n, "; releases: %s", known);
	return set_error(error, text);
}

/* Add one list item: a named set or a release that resolves. */
static int add_item(struct list *l, enum component c, const char *item, size_t length, pirqsim_error *error)
{
	const struct release_set *set = set_named(component_name(c), item, length);
	if (set && !set->members)
		return add_rows(l, c) ? 0 : set_error(error, "out of memory");
	if (set) {
		for (const char *p = set->members; *p;) {
			size_t n = strcspn(p, ",");
			if (!list_add(l, p, n))
				return set_error(error, "out of memory");
			p += n + (p[n] == ',');
		}
		return 0;
	}
	char release[PIRQSIM_VERSION_MAX];
	if (length == 0 || length >= sizeof(release))
		return unknown_release(c, item, length, error);
	snprintf(release, sizeof(release), "%.*s", (int)length, item);
	if (!versions_resolve(c, release, NULL, 0))
		return unknown_release(c, item, length, error);
	return list_add(l, item, length) ? 0 : set_error(error, "out of memory");
}

char **pirqsim_releases_expand(const char *component, const char *text, unsigned *count, pirqsim_error *error)
{
	int c = component_by_name(component);
	if (c < 0) {
		set_error(error, "unknown component; valid: kernel, qemu, xen");
		return NULL;
	}
	struct list l = {0};
	for (const char *p = text; *p;) {
		size_t length = strcspn(p, ",");
		if (add_item(&l, (enum component)c, p, length, error) != 0) {
			pirqsim_releases_free(l.item);
			return NULL;
		}
		p += length + (p[length] == ',');
	}
	if (l.count == 0) {
		unknown_release((enum component)c, text, strlen(text), error);
		return NULL;
	}
	*count = l.count;
	return l.item;
}

/* ---- knobs between releases, bisect candidates ---------------------------- */

size_t pirqsim_release_knob_diff(const char *component, const char *a, const char *b, char *out, size_t size)
{
	int c = component_by_name(component);
	const struct version_row *ra = c < 0 ? NULL : versions_resolve((enum component)c, a, NULL, 0);
	const struct version_row *rb = c < 0 ? NULL : versions_resolve((enum component)c, b, NULL, 0);
	size_t n = 0;
	if (size)
		out[0] = '\0';
	for (int k = 0; ra && rb && k < KNOB_COUNT; k++) {
		if (ra->knob[k] == rb->knob[k] || ra->knob[k] < 0 || rb->knob[k] < 0)
			continue;
		const struct knob_info *info = knob_info((enum knob_id)k);
		int w = snprintf(n < size ? out + n : NULL, n < size ? size - n : 0, "%s%s: %s -> %s", n ? ", " : "",
		                 info->name, info->values[ra->knob[k]], info->values[rb->knob[k]]);
		n += w > 0 ? (size_t)w : 0;
	}
	return n;
}

static int compare_items(const void *a, const void *b, void *component)
{
	return versions_compare(*(enum component *)component, *(char *const *)a, *(char *const *)b);
}

char **pirqsim_bisect_candidates(const char *component, const char *low, const char *high, unsigned *count,
                                 pirqsim_error *error)
{
	int c = component_by_name(component);
	if (c < 0 || !versions_resolve((enum component)c, low, NULL, 0))
		return unknown_release(c < 0 ? COMPONENT_KERNEL : (enum component)c, low, strlen(low), error), NULL;
	if (!versions_resolve((enum component)c, high, NULL, 0))
		return unknown_release((enum component)c, high, strlen(high), error), NULL;
	if (versions_compare((enum component)c, low, high) >= 0)
		return set_error(error, "the range must run from a lower to a higher release (LOW..HIGH)"), NULL;
	struct list l = {0};
	bool ok = list_add(&l, low, strlen(low)) && list_add(&l, high, strlen(high));
	for (unsigned i = 0; ok && i < versions_count(); i++) {
		const struct version_row *row = versions_row(i);
		if (row->component == (enum component)c && versions_compare(row->component, low, row->from) < 0 &&
		    versions_compare(row->component, row->from, high) < 0)
			ok = list_add(&l, row->from, strlen(row->from));
	}
	if (!ok) {
		pirqsim_releases_free(l.item);
		return set_error(error, "out of memory"), NULL;
	}
	enum component comp = (enum component)c;
	qsort_r(l.item, l.count, sizeof(char *), compare_items, &comp);
	*count = l.count;
	return l.item;
}

/* ---- known fixes ---------------------------------------------------------- */

struct fix {
	const char *id, *subject, *knob, *value, *source;
};

static const struct fix fixes[] = {
	{"c74fd80f2f41", "xen: do not re-use pirq number cached in pci device msi msg data", "g-reuse", "always-fresh",
	 "torvalds/linux c74fd80f2f41 (Dan Streetman), merged for v4.11-rc1; Fixes: af42b8d12f8a"},
};

#define FIX_COUNT (sizeof(fixes) / sizeof(fixes[0]))

unsigned pirqsim_fix_count(void) { return (unsigned)FIX_COUNT; }

bool pirqsim_fix(unsigned i, const char **id, const char **subject, const char **knob, const char **value,
                 const char **source)
{
	if (i >= FIX_COUNT)
		return false;
	*id = fixes[i].id, *subject = fixes[i].subject, *knob = fixes[i].knob, *value = fixes[i].value;
	*source = fixes[i].source;
	return true;
}

static bool is_hex(const char *text)
{
	for (; *text; text++)
		if (!isxdigit((unsigned char)*text))
			return false;
	return true;
}

int pirqsim_fix_find(const char *id, pirqsim_error *error)
{
	size_t length = strlen(id);
	for (unsigned i = 0; length >= 7 && is_hex(id) && i < FIX_COUNT; i++) {
		size_t known = strlen(fixes[i].id);
		if (strncasecmp(id, fixes[i].id, length < known ? length : known) == 0)
			return (int)i;
	}
	char text[600];
	int n = snprintf(text, sizeof(text), "unknown fix '%s'; known fixes:", id);
	for (unsigned i = 0; i < FIX_COUNT && n > 0 && (size_t)n < sizeof(text); i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " %s (\"%s\", %s=%s)", fixes[i].id, fixes[i].subject,
		              fixes[i].knob, fixes[i].value);
	return set_error(error, text);
}

/* "4.4.58" -> "4.4.57"; false when the last number is 0 or absent. */
static bool previous_point_release(const char *release, char *out, size_t size)
{
	const char *dot = strrchr(release, '.');
	char *end;
	long last = dot ? strtol(dot + 1, &end, 10) : 0;
	if (!dot || last <= 0 || *end)
		return false;
	snprintf(out, size, "%.*s.%ld", (int)(dot - release), release, last - 1);
	return true;
}

static bool row_has_fix(const struct version_row *row, unsigned fix)
{
	int k = knob_by_name(fixes[fix].knob);
	return k >= 0 && row->knob[k] == knob_value_by_name((enum knob_id)k, fixes[fix].value);
}

/* The next tree: "4.4" -> "4.5". */
static bool next_tree(const char *tree, char *out, size_t size)
{
	long major, minor;
	char extra;
	if (sscanf(tree, "%ld.%ld%c", &major, &minor, &extra) != 2)
		return false;
	snprintf(out, size, "%ld.%ld", major, minor + 1);
	return true;
}

int pirqsim_fix_tree(unsigned fix, const char *tree, char *before, size_t before_size, char *after,
                     size_t after_size, bool *as_knob, bool *already, pirqsim_error *error)
{
	char next[PIRQSIM_VERSION_MAX], text[300];
	const struct version_row *first = versions_resolve(COMPONENT_KERNEL, tree, NULL, 0);
	if (fix >= FIX_COUNT || !first || !next_tree(tree, next, sizeof(next))) {
		snprintf(text, sizeof(text), "'%s' is not a Linux stable tree the version table knows (give MAJOR.MINOR, "
		         "e.g. 4.4)", tree);
		return set_error(error, text);
	}
	snprintf(before, before_size, "%s", tree);
	snprintf(after, after_size, "%s", tree);
	*already = row_has_fix(first, fix);
	*as_knob = !*already;
	for (unsigned i = 0; !*already && i < versions_count(); i++) {
		const struct version_row *row = versions_row(i);
		if (row->component != COMPONENT_KERNEL || versions_compare(COMPONENT_KERNEL, tree, row->from) >= 0 ||
		    versions_compare(COMPONENT_KERNEL, row->from, next) >= 0 || !row_has_fix(row, fix))
			continue;
		if (previous_point_release(row->from, before, before_size)) {
			snprintf(after, after_size, "%s", row->from);
			*as_knob = false;
			break;
		}
	}
	return 0;
}
