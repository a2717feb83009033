/*
 * conform.c - the conformance search behind `pirqsim explain` (pirqsim.h,
 * "explaining real logs"): which configuration and which interleaving of
 * the model print the lines an operator's logs show, and what that run
 * violates.
 *
 * Observed lines are split into lanes by the program that printed them
 * (guest, QEMU, Xen); the files give no common clock, so only the order
 * within a lane counts.  A lane no file was given for is unobserved.  The
 * search is trace inclusion with unobservable steps, guided by the lines:
 *
 *   - a step runs through the model's own step function with an event sink
 *     (the checker's hot path keeps its sink NULL; nothing of it changes);
 *   - each log line the step prints is reduced to its key (logread.h: the
 *     format, its words and results; pirqsim's pirq, irq and vector numbers
 *     are its own) and held against the next observed line of its lane;
 *   - a line a stock build prints (pirqsim_event.printed) that is not that
 *     next line prunes the step: the operator's log would show it there;
 *   - a line a stock build does not print (dev_dbg, XEN_PT_LOG, dprintk)
 *     is held to the same rule when the lane shows a line of its class
 *     (that build prints the whole class), else it matches the next line
 *     when it can and is taken as not printed otherwise; every line of an
 *     unobserved lane is free;
 *   - device names map one to one: the first time an observed device name
 *     is matched it is bound to the model device that printed the line.
 *
 * A state of the search is (world, position in each lane, the device map,
 * whether a property was violated on the way), kept in a visited set, so
 * the search ends; a bound on the states is an answer ("bound"), never a
 * silent stop.  A match is a path that places every observed line and
 * ends at quiescence; it explains the logs when its run violates a
 * property (check_state on the way, check_quiescent at the end, the same
 * properties and words as `pirqsim check`).
 *
 * The candidate configurations come from the logs: each component's
 * release as given, as a banner states it, as every version-table row a
 * range from the lines' formats allows, or every row when nothing is
 * known (qemu: the one the Xen release bundles); the drivers and device
 * counts the device names allow (the devices named, and one unnamed more
 * when one is named).  Configurations the model cannot tell
 * apart (same knobs, host settings and devices) are searched once.  When
 * none explains the logs, the injected faults (docs/faults.md) are tried
 * on the configurations that placed the most lines.  The cure is found by
 * counterfactual replay of the explaining trail (pirqsim_replay_counterfactual)
 * on later releases of each component and on other host settings.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pirqsim.h"
#include "search/search.h"
#include "model/faults.h"
#include "trace/logread.h"
#include "trace/replay.h"
#include "versions/versions.h"

#define LANES PIRQSIM_LOG_SOURCE_COUNT
#define NAMES_MAX 8              /* observed device names the map tracks */
#define CONFIGS_DEFAULT 1000u
#define STATES_DEFAULT 200000u
#define FAULT_ROUND_CONFIGS 6u
#define CANDIDATES_MAX 4000u    /* distinct configurations built before the search */   /* configurations the faults are tried on */

/* ---- observed lines ------------------------------------------------------------- */

struct lane_line {
	size_t record;
	struct logread_key key;
	int name;                    /* observed device name index, -1 none */
};

struct observed {
	struct lane_line *line[LANES];
	unsigned count[LANES];
	bool lane_observed[LANES];
	/* A lane with a line of a debugging class (dynamic debug,
	 * XEN_PT_LOGGING_ENABLED, a Xen debug build, guest_loglvl) comes from a
	 * build that prints every line of that class: each is switched on for a
	 * whole file, build or domain, never line by line. */
	bool class_on[LANES][PIRQSIM_PRINTED_COUNT];
	char name[NAMES_MAX][PIRQSIM_NAME_MAX];
	bool name_is_bdf[NAMES_MAX];
	unsigned name_count;
	size_t *not_understood;      /* records that look like this path, in an observed lane */
	unsigned not_understood_count;
	bool failure;
	bool nvme_named;             /* a guest line names an NVMe controller */
	bool saw_msi, saw_msix;      /* a line names MSI (without -X), MSI-X */
};

/* "0000:00:05.0" -> "00:05.0": QEMU's "[00:05.0]" is the guest's address
 * without its PCI domain. */
static void normalise_name(const char *device, char *out, size_t size, bool *is_bdf)
{
	if (strlen(device) == 12 && device[4] == ':')
		device += 5;
	snprintf(out, size, "%s", device);
	*is_bdf = strlen(out) == 7 && out[2] == ':' && out[5] == '.';
}

static int observed_name(struct observed *o, const char *device)
{
	if (!device[0])
		return -1;
	char name[PIRQSIM_NAME_MAX];
	bool is_bdf;
	normalise_name(device, name, sizeof(name), &is_bdf);
	for (unsigned i = 0; i < o->name_count; i++)
		if (strcmp(o->name[i], name) == 0)
			return (int)i;
	if (o->name_count == NAMES_MAX)
		return -1; /* beyond what the map tracks: not constrained */
	snprintf(o->name[o->name_count], sizeof(o->name[0]), "%s", name);
	o->name_is_bdf[o->name_count] = is_bdf;
	return (int)o->name_count++;
}

static int observed_read(struct observed *o, const pirqsim_log *log)
{
	memset(o, 0, sizeof(*o));
	size_t n = pirqsim_log_record_count(log);
	for (size_t i = 0; i < n; i++) {
		const struct pirqsim_log_record *r = pirqsim_log_record_at(log, i);
		const char *kind = pirqsim_log_file_format(log, r->file);
		/* a file of a lane makes the lane observed, even with no line of this path */
		if (strcmp(kind, "xl dmesg") == 0)
			o->lane_observed[PIRQSIM_LOG_XEN] = true;
		else if (strcmp(kind, "qemu log") == 0)
			o->lane_observed[PIRQSIM_LOG_QEMU] = true;
		else if (strcmp(kind, "dmesg") == 0 || strcmp(kind, "journalctl -k") == 0 || strcmp(kind, "syslog") == 0)
			o->lane_observed[PIRQSIM_LOG_GUEST] = true;
		if (r->class_ == PIRQSIM_LOG_NOT_UNDERSTOOD) {
			size_t *grown = realloc(o->not_understood, (o->not_understood_count + 1) * sizeof(*grown));
			if (!grown)
				return -1;
			o->not_understood = grown;
			o->not_understood[o->not_understood_count++] = i;
		}
		if (r->class_ != PIRQSIM_LOG_THIS_PATH)
			continue;
		struct lane_line line = {.record = i, .name = observed_name(o, r->device)};
		if (!logread_key(r, &line.key))
			continue;
		o->lane_observed[r->source] = true;
		o->class_on[r->source][line.key.printed] = true;
		o->failure |= r->failure;
		if (r->source == PIRQSIM_LOG_GUEST && (strncmp(r->device, "nvme", 4) == 0 || strcmp(r->function, "nvme") == 0))
			o->nvme_named = true;
		for (const char *at = strstr(r->message, "MSI"); at; at = strstr(at + 3, "MSI")) {
			if (at[3] == '-' || at[3] == 'X' || at[3] == 'x')
				o->saw_msix = true;
			else if (at[3] != '%')
				o->saw_msi = true;
		}
		struct lane_line *grown = realloc(o->line[r->source], (o->count[r->source] + 1) * sizeof(*grown));
		if (!grown)
			return -1;
		grown[o->count[r->source]++] = line;
		o->line[r->source] = grown;
	}
	return 0;
}

static void observed_free(struct observed *o)
{
	for (int l = 0; l < LANES; l++)
		free(o->line[l]);
	free(o->not_understood);
}

/* ---- the model's lines, reduced to keys (cached by text) ----------------------------- */

struct parsed {
	char *text;
	bool this_path;
	struct logread_key key;
	int device;                  /* model device, -1 none */
	bool device_is_bdf;
};

struct parse_cache {
	struct parsed *slot;
	size_t capacity, used;
	pirqsim_log *scratch;        /* the readers, run on the model's own lines */
	size_t scratch_lines;
	const struct config *cfg;
};

static uint64_t hash_bytes(const void *data, size_t length, uint64_t h)
{
	const uint8_t *p = data;
	for (size_t i = 0; i < length; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* The model device a normalised name belongs to, or -1. */
static int model_device(const struct config *cfg, const char *name, bool is_bdf)
{
	for (unsigned d = 0; d < cfg->device_count; d++) {
		char bdf[16];
		snprintf(bdf, sizeof(bdf), "00:%02x.%d", pirqsim_devfn(d) >> 3, pirqsim_devfn(d) & 7);
		if (strcmp(is_bdf ? bdf : cfg->device[d].name, name) == 0)
			return (int)d;
	}
	return -1;
}

static void parse_text(struct parse_cache *pc, const char *text, struct parsed *out)
{
	/* The model prints a dprintk's prefix without its line number
	 * (ctx.h); a real one has it, and so do the readers. */
	char line[400];
	const char *dot_c = strncmp(text, "(XEN) ", 6) == 0 ? strstr(text, ".c: ") : NULL;
	if (dot_c && dot_c - text < 40)
		snprintf(line, sizeof(line), "%.*s:0%s", (int)(dot_c + 2 - text), text, dot_c + 2);
	else
		snprintf(line, sizeof(line), "%s", text);
	out->this_path = false;
	out->device = -1;
	if (!pc->scratch || pirqsim_log_add(pc->scratch, "model", line, strlen(line)) != 0)
		return;
	size_t n = pirqsim_log_record_count(pc->scratch);
	if (n == pc->scratch_lines)
		return;
	pc->scratch_lines = n;
	const struct pirqsim_log_record *r = pirqsim_log_record_at(pc->scratch, n - 1);
	if (!logread_key(r, &out->key))
		return;
	out->this_path = true;
	if (r->device[0]) {
		char name[PIRQSIM_NAME_MAX];
		normalise_name(r->device, name, sizeof(name), &out->device_is_bdf);
		out->device = model_device(pc->cfg, name, out->device_is_bdf);
	}
}

/* The parse of `text`, cached; NULL when out of memory. */
static const struct parsed *parse_cached(struct parse_cache *pc, const char *text)
{
	if (pc->used * 2 >= pc->capacity) {
		size_t capacity = pc->capacity ? pc->capacity * 2 : 256;
		struct parsed *slot = calloc(capacity, sizeof(*slot));
		if (!slot)
			return NULL;
		for (size_t i = 0; i < pc->capacity; i++) {
			if (!pc->slot[i].text)
				continue;
			size_t j = hash_bytes(pc->slot[i].text, strlen(pc->slot[i].text), 0xcbf29ce484222325ull) & (capacity - 1);
			while (slot[j].text)
				j = (j + 1) & (capacity - 1);
			slot[j] = pc->slot[i];
		}
		free(pc->slot);
		pc->slot = slot;
		pc->capacity = capacity;
	}
	size_t j = hash_bytes(text, strlen(text), 0xcbf29ce484222325ull) & (pc->capacity - 1);
	while (pc->slot[j].text) {
		if (strcmp(pc->slot[j].text, text) == 0)
			return &pc->slot[j];
		j = (j + 1) & (pc->capacity - 1);
	}
	struct parsed *p = &pc->slot[j];
	parse_text(pc, text, p);
	p->text = strdup(text);
	if (!p->text)
		return NULL;
	pc->used++;
	return p;
}

static void parse_cache_free(struct parse_cache *pc)
{
	for (size_t i = 0; i < pc->capacity; i++)
		free(pc->slot[i].text);
	free(pc->slot);
	pirqsim_log_free(pc->scratch);
}

/* ---- matching one step's lines -------------------------------------------------------- */

/* Where the search is in the observation: packed into the visited key. */
struct cursor {
	uint16_t position[LANES];
	uint8_t map[NAMES_MAX];      /* model device + 1, 0 = not bound yet */
	uint8_t violated;
	uint8_t zero;                /* no padding: the cursor is hashed as bytes */
};
_Static_assert(sizeof(struct cursor) == 2 * LANES + NAMES_MAX + 2, "struct cursor has no padding");

struct alignment_list {
	struct pirqsim_explain_alignment *item;
	unsigned count, capacity;
	char **strings;
	unsigned string_count;
	bool failed;
};

struct matcher {
	const struct observed *o;
	struct parse_cache *pc;
	struct cursor cur;
	bool pruned, failed;
	struct alignment_list *record; /* the alignment replay only */
};

static enum pirqsim_log_source lane_of(enum pirqsim_component component)
{
	return component == PIRQSIM_QEMU ? PIRQSIM_LOG_QEMU : component == PIRQSIM_XEN ? PIRQSIM_LOG_XEN : PIRQSIM_LOG_GUEST;
}

/* Does the model's line `p` match observed `line`, binding a device name? */
static bool line_matches(struct matcher *m, const struct parsed *p, const struct lane_line *line)
{
	if (p->key.format != line->key.format || strcmp(p->key.args, line->key.args) != 0)
		return false;
	if (line->name < 0)
		return true;
	if (p->device < 0 || p->device_is_bdf != m->o->name_is_bdf[line->name])
		return false;
	uint8_t want = (uint8_t)(p->device + 1);
	if (m->cur.map[line->name])
		return m->cur.map[line->name] == want;
	for (unsigned i = 0; i < m->o->name_count; i++)
		if (m->cur.map[i] == want && m->o->name_is_bdf[i] == p->device_is_bdf)
			return false; /* another observed name of that kind is this device */
	m->cur.map[line->name] = want;
	return true;
}

static void align(struct matcher *m, const struct pirqsim_event *e, size_t record)
{
	struct alignment_list *a = m->record;
	if (a->failed)
		return;
	if (a->count == a->capacity) {
		unsigned capacity = a->capacity ? a->capacity * 2 : 64;
		struct pirqsim_explain_alignment *item = realloc(a->item, capacity * sizeof(*item));
		char **strings = realloc(a->strings, 2 * capacity * sizeof(*strings));
		if (item)
			a->item = item;
		if (strings)
			a->strings = strings;
		if (!item || !strings) {
			a->failed = true;
			return;
		}
		a->capacity = capacity;
	}
	char *text = strdup(e->text), *actor = strdup(e->actor_name ? e->actor_name : "");
	if (!text || !actor) {
		free(text);
		free(actor);
		a->failed = true;
		return;
	}
	a->strings[a->string_count++] = text;
	a->strings[a->string_count++] = actor;
	a->item[a->count++] = (struct pirqsim_explain_alignment){.record = record, .step = e->step, .actor = actor,
	                                                         .model_line = text, .printed = e->printed};
}

static void match_event(const struct pirqsim_event *e, void *data)
{
	struct matcher *m = data;
	if (!e->is_log || e->printed == PIRQSIM_PRINTED_NEVER || m->pruned)
		return;
	enum pirqsim_log_source lane = lane_of(e->component);
	const struct parsed *p = parse_cached(m->pc, e->text);
	if (!p) {
		m->failed = m->pruned = true;
		return;
	}
	/* the readers' idea of who prints the line is the model's own */
	assert(!p->this_path || p->key.printed == e->printed);
	size_t placed = (size_t)-1;
	if (p->this_path && m->o->lane_observed[lane]) {
		unsigned at = m->cur.position[lane];
		bool next = at < m->o->count[lane] && line_matches(m, p, &m->o->line[lane][at]);
		if (next) {
			placed = m->o->line[lane][at].record;
			m->cur.position[lane]++;
		} else if (e->printed == PIRQSIM_PRINTED || m->o->class_on[lane][e->printed]) {
			m->pruned = true; /* the log would show this line here */
			return;
		}
	}
	if (m->record)
		align(m, e, placed);
}

/* ---- the search of one configuration ----------------------------------------------------- */

struct visited {
	uint8_t *keys;               /* count * key_size bytes */
	uint32_t *table;             /* index + 1, 0 = empty */
	size_t capacity, count, key_size;
};

/* Insert `key`; true when it was new.  -1 when out of memory. */
static int visited_add(struct visited *v, const uint8_t *key)
{
	if ((v->count + 1) * 2 > v->capacity) {
		size_t capacity = v->capacity ? v->capacity * 2 : 4096;
		uint32_t *table = calloc(capacity, sizeof(*table));
		uint8_t *keys = realloc(v->keys, capacity / 2 * v->key_size);
		if (keys)
			v->keys = keys;
		if (!table || !keys) {
			free(table);
			return -1;
		}
		for (size_t i = 0; i < v->count; i++) {
			size_t j = hash_bytes(v->keys + i * v->key_size, v->key_size, 0xcbf29ce484222325ull) & (capacity - 1);
			while (table[j])
				j = (j + 1) & (capacity - 1);
			table[j] = (uint32_t)(i + 1);
		}
		free(v->table);
		v->table = table;
		v->capacity = capacity;
	}
	size_t j = hash_bytes(key, v->key_size, 0xcbf29ce484222325ull) & (v->capacity - 1);
	while (v->table[j]) {
		if (memcmp(v->keys + (v->table[j] - 1) * v->key_size, key, v->key_size) == 0)
			return 0;
		j = (j + 1) & (v->capacity - 1);
	}
	memcpy(v->keys + v->count * v->key_size, key, v->key_size);
	v->table[j] = (uint32_t)(++v->count);
	return 1;
}

struct frame {
	struct cursor cur;
	unsigned next_actor;
};

struct search {
	const struct config *cfg;
	const struct observed *o;
	struct parse_cache pc;
	uint64_t states_max;
	volatile sig_atomic_t *stop;
	/* results */
	enum pirqsim_explain_outcome outcome;
	char note[200];
	uint64_t states, transitions;
	unsigned best_placed;
	uint16_t best_position[LANES];
	unsigned trail_length;
	uint8_t trail[PIRQSIM_TRAIL_MAX];
	bool matched;                /* a match without violation was seen (trail kept if not explained) */
};

static unsigned placed(const struct cursor *c)
{
	unsigned n = 0;
	for (int l = 0; l < LANES; l++)
		n += c->position[l];
	return n;
}

static bool all_placed(const struct search *s, const struct cursor *c)
{
	for (int l = 0; l < LANES; l++)
		if (c->position[l] < s->o->count[l])
			return false;
	return true;
}

static void keep_trail(struct search *s, const struct frame *stack, unsigned depth)
{
	s->trail_length = depth;
	for (unsigned i = 0; i < depth; i++)
		s->trail[i] = (uint8_t)(stack[i].next_actor - 1);
}

/* A node at quiescence: a match when every line is placed. */
static bool quiescent_node(struct search *s, struct ctx *c, const struct frame *stack, unsigned depth)
{
	if (!all_placed(s, &stack[depth].cur))
		return false;
	bool violated = stack[depth].cur.violated || check_quiescent(c, NULL);
	if (!violated && s->matched)
		return false;
	keep_trail(s, stack, depth);
	s->matched = true;
	return violated;
}

/* The memory of one configuration's search, allocated once before it. */
struct space {
	struct visited v;
	struct frame *stack;         /* depth + 1 frames ... */
	uint8_t *packed;             /* ... and their packed worlds */
	uint8_t *key;
	struct world *w;
	unsigned packed_size;
	struct matcher m;
	struct ctx c;
};

static void fail(struct search *s, enum pirqsim_explain_outcome outcome, const char *note, const char *detail)
{
	s->outcome = outcome;
	snprintf(s->note, sizeof(s->note), "%s%s", note, detail ? detail : "");
}

/* One step of actor `a` from the frame at `depth` (its world is in sp->w).
 * Returns 1 when it leads to a new state (packed at depth + 1, its cursor
 * in sp->m.cur), 0 when it is pruned or seen, -1 when the search must end
 * (s->outcome says why). */
static int search_step(struct search *s, struct space *sp, unsigned depth, unsigned a)
{
	sp->m.cur = sp->stack[depth].cur;
	sp->m.pruned = false;
	sp->c.step = depth + 1;
	sp->c.actor = (int)a;
	s->transitions++;
	if (step(&sp->c, a) != 0) {
		fail(s, PIRQSIM_EXPLAIN_ERROR, "model does not cover: ", sp->c.unsupported);
		return -1;
	}
	if (sp->m.failed) {
		fail(s, PIRQSIM_EXPLAIN_ERROR, "out of memory", NULL);
		return -1;
	}
	if (sp->m.pruned)
		return 0;
	sp->m.cur.violated = sp->m.cur.violated || check_state(&sp->c, NULL);
	if (placed(&sp->m.cur) > s->best_placed) {
		s->best_placed = placed(&sp->m.cur);
		memcpy(s->best_position, sp->m.cur.position, sizeof(s->best_position));
	}
	uint8_t *next = sp->packed + (size_t)(depth + 1) * sp->packed_size;
	world_pack(sp->w, s->cfg, next);
	memcpy(sp->key, next, sp->packed_size);
	memcpy(sp->key + sp->packed_size, &sp->m.cur, sizeof(sp->m.cur));
	int added = visited_add(&sp->v, sp->key);
	if (added < 0)
		fail(s, PIRQSIM_EXPLAIN_ERROR, "out of memory", NULL);
	else if (added && (++s->states >= s->states_max || depth + 1 >= PIRQSIM_TRAIL_MAX))
		fail(s, PIRQSIM_EXPLAIN_BOUND, s->states >= s->states_max ? "state bound reached" : "trail bound reached", NULL);
	else
		return added;
	return -1;
}

/* Depth-first over (world, cursor), each frame trying its actors in turn;
 * a frame at quiescence is a match when every observed line is placed. */
static void search_loop(struct search *s, struct space *sp)
{
	const struct config *cfg = s->cfg;
	unsigned depth = 0;
	for (;;) {
		struct frame *f = &sp->stack[depth];
		world_unpack(sp->w, cfg, sp->packed + (size_t)depth * sp->packed_size);
		if (f->next_actor == 0 && !any_enabled(sp->w, cfg)) {
			sp->c.actor = -1;
			if (quiescent_node(s, &sp->c, sp->stack, depth)) {
				s->outcome = PIRQSIM_EXPLAIN_EXPLAINED;
				return;
			}
			f->next_actor = cfg->actor_count;
		}
		unsigned a = f->next_actor;
		while (a < cfg->actor_count && !actor_enabled(sp->w, a))
			a++;
		if (a >= cfg->actor_count) {
			if (depth == 0)
				break;
			depth--;
			continue;
		}
		f->next_actor = a + 1;
		if (s->stop && *s->stop) {
			fail(s, PIRQSIM_EXPLAIN_BOUND, "interrupted", NULL);
			return;
		}
		int next = search_step(s, sp, depth, a);
		if (next < 0)
			return;
		if (next > 0) {
			depth++;
			sp->stack[depth] = (struct frame){.cur = sp->m.cur};
		}
	}
	if (s->matched)
		s->outcome = PIRQSIM_EXPLAIN_MATCH;
}

static void search_run(struct search *s)
{
	const struct config *cfg = s->cfg;
	struct space sp = {.packed_size = world_packed_size(cfg), .m = {.o = s->o, .pc = &s->pc}};
	sp.v.key_size = sp.packed_size + sizeof(struct cursor);
	sp.stack = calloc(PIRQSIM_TRAIL_MAX + 1, sizeof(*sp.stack));
	sp.packed = malloc((size_t)(PIRQSIM_TRAIL_MAX + 1) * sp.packed_size);
	sp.key = malloc(sp.v.key_size);
	sp.w = malloc(sizeof(*sp.w));
	sp.c = (struct ctx){.w = sp.w, .cfg = cfg, .sink = match_event, .sink_data = &sp.m, .actor = -1};
	s->outcome = PIRQSIM_EXPLAIN_NO_MATCH;
	if (!sp.stack || !sp.packed || !sp.key || !sp.w) {
		fail(s, PIRQSIM_EXPLAIN_ERROR, "out of memory", NULL);
	} else {
		world_init(sp.w, cfg);
		world_pack(sp.w, cfg, sp.packed);
		memcpy(sp.key, sp.packed, sp.packed_size);
		memcpy(sp.key + sp.packed_size, &sp.stack[0].cur, sizeof(struct cursor));
		s->states = 1;
		if (visited_add(&sp.v, sp.key) < 0)
			fail(s, PIRQSIM_EXPLAIN_ERROR, "out of memory", NULL);
		else
			search_loop(s, &sp);
	}
	free(sp.v.keys);
	free(sp.v.table);
	free(sp.stack);
	free(sp.packed);
	free(sp.key);
	free(sp.w);
}

/* ---- candidate configurations ------------------------------------------------------------- */

#define RELEASES_MAX 48
typedef char release_name[PIRQSIM_VERSION_MAX];

static bool row_in_track(enum component c, const struct version_row *row, const char *hint)
{
	if (c == COMPONENT_KERNEL)
		return (strstr(row->from, ".el") != NULL) == (strstr(hint, ".el") != NULL);
	if (c == COMPONENT_QEMU)
		return (row->from[0] >= '0' && row->from[0] <= '9') == (!hint[0] || (hint[0] >= '0' && hint[0] <= '9'));
	return true;
}

/* Does some release of `row` satisfy every condition of `range`
 * (">= 2.4, < 6.0")?  Sets `representative` to the first such release. */
static bool row_in_range(enum component c, const struct version_row *row, const char *range, char *representative)
{
	snprintf(representative, PIRQSIM_VERSION_MAX, "%s", row->from);
	char copy[96];
	snprintf(copy, sizeof(copy), "%s", range);
	for (char *part = strtok(copy, ","); part; part = strtok(NULL, ",")) {
		while (*part == ' ')
			part++;
		const char *op = part;
		size_t op_length = strspn(part, "<>=");
		const char *value = part + op_length;
		while (*value == ' ')
			value++;
		bool lower = op[0] == '>', inclusive = op_length == 2;
		if (lower) {
			/* the row reaches the bound: until > value (open-ended rows always do) */
			if (row->until[0] && strncmp(row->until, "through", 7) != 0 && versions_compare(c, row->until, value) <= 0)
				return false;
			if (versions_compare(c, representative, value) < 0 || (!inclusive && versions_compare(c, representative, value) == 0))
				snprintf(representative, PIRQSIM_VERSION_MAX, "%s", value);
		} else {
			int cmp = versions_compare(c, row->from, value);
			if (cmp > 0 || (cmp == 0 && !inclusive))
				return false;
		}
	}
	return true;
}

/* The releases of component `c` to try: `given`, else what the logs show
 * (a banner's release, every row a range allows), else every row (qemu:
 * the one the Xen release bundles, ""). */
static unsigned release_candidates(enum component c, const char *given, const char *logs, release_name *out)
{
	if (given) {
		snprintf(out[0], sizeof(out[0]), "%s", given);
		return 1;
	}
	bool range = logs[0] == '<' || logs[0] == '>';
	if (logs[0] && !range) {
		snprintf(out[0], sizeof(out[0]), "%s", logs);
		return 1;
	}
	if (!logs[0] && c == COMPONENT_QEMU) {
		out[0][0] = '\0';
		return 1;
	}
	unsigned n = 0;
	for (unsigned i = 0; i < versions_count() && n < RELEASES_MAX; i++) {
		const struct version_row *row = versions_row(i);
		char representative[PIRQSIM_VERSION_MAX];
		if (row->component != c || !row_in_track(c, row, "") || (range && !row_in_range(c, row, logs, representative)))
			continue;
		snprintf(out[n++], sizeof(out[0]), "%s", range ? representative : row->from);
	}
	return n;
}

struct candidate {
	struct scenario_spec spec;
	pirqsim_model *model;
	struct pirqsim_explain_configuration info;
	char describe[400], devices[96], same_as[600], note[200];
	uint16_t best_position[LANES];
	unsigned trail_length;
	uint8_t *trail;
};

struct cure_entry {
	struct pirqsim_explain_cure info;
	char change[64], label[96], first[400];
};

struct pirqsim_explanation {
	enum pirqsim_verdict verdict;
	char limit[400];
	struct observed o;
	struct candidate *candidate;
	unsigned count, capacity, explaining;
	bool partial;
	int chosen;
	struct pirqsim_result *result;
	struct alignment_list alignment;
	size_t *unplaced;
	unsigned unplaced_count;
	struct cure_entry *cure;
	unsigned cure_count;
};

/* The part of a configuration that decides what the model does (not its labels). */
static bool same_behaviour(const struct config *a, const struct config *b)
{
	size_t from = offsetof(struct config, knobs), to = offsetof(struct config, kernel);
	return memcmp((const char *)a + from, (const char *)b + from, to - from) == 0;
}

static void append(char *out, size_t size, const char *text)
{
	size_t used = strlen(out);
	snprintf(out + used, size - used, "%s%s", used ? "; " : "", text);
}

/* Add the configuration `spec` unless the model cannot tell it from one
 * already there.  Returns 1 added, 0 merged, -1 out of memory. */
static int candidate_add(struct pirqsim_explanation *x, const struct scenario_spec *spec, const char *devices)
{
	struct pirqsim_error error;
	pirqsim_model *model = pirqsim_model_new(spec, &error);
	char releases[200];
	snprintf(releases, sizeof(releases), "Linux %s, QEMU %s, Xen %s", spec->kernel[0] ? spec->kernel : "(default)",
	         spec->qemu[0] ? spec->qemu : "(bundled)", spec->xen[0] ? spec->xen : "(default)");
	for (unsigned i = 0; model && i < x->count; i++) {
		struct candidate *k = &x->candidate[i];
		if (k->model && k->spec.fault_count == spec->fault_count &&
		    same_behaviour(model_config(k->model), model_config(model))) {
			append(k->same_as, sizeof(k->same_as), releases);
			pirqsim_model_free(model);
			return 0;
		}
	}
	if (x->count == x->capacity) {
		unsigned capacity = x->capacity ? x->capacity * 2 : 32;
		struct candidate *grown = realloc(x->candidate, capacity * sizeof(*grown));
		if (!grown) {
			pirqsim_model_free(model);
			return -1;
		}
		x->candidate = grown;
		x->capacity = capacity;
	}
	struct candidate *k = &x->candidate[x->count++];
	memset(k, 0, sizeof(*k));
	k->spec = *spec;
	k->model = model;
	snprintf(k->devices, sizeof(k->devices), "%s", devices);
	if (model) {
		pirqsim_model_describe(model, k->describe, sizeof(k->describe));
		k->describe[strcspn(k->describe, "\n")] = '\0';
	} else {
		snprintf(k->describe, sizeof(k->describe), "%s", releases);
		snprintf(k->note, sizeof(k->note), "%s", pirqsim_error_text(&error));
	}
	return 1;
}

static int candidates_build(struct pirqsim_explanation *x, const pirqsim_log *log, const struct pirqsim_explain_options *opt,
                            unsigned *wanted)
{
	release_name releases[COMPONENT_COUNT][RELEASES_MAX];
	static const char *const names[COMPONENT_COUNT] = {"kernel", "qemu", "xen"};
	const char *given[COMPONENT_COUNT] = {opt->kernel, opt->qemu, opt->xen};
	unsigned n[COMPONENT_COUNT];
	for (int c = 0; c < COMPONENT_COUNT; c++)
		n[c] = release_candidates((enum component)c, given[c], pirqsim_log_version(log, names[c]), releases[c]);
	unsigned bdf = 0, named = 0;
	for (unsigned i = 0; i < x->o.name_count; i++)
		x->o.name_is_bdf[i] ? bdf++ : named++;
	unsigned least = bdf > named ? bdf : named;
	least = least ? least : 1;
	static const char *const drivers[] = {"nvme", "nic", "single"};
	unsigned driver_count = x->o.nvme_named ? 1 : 3;
	*wanted = 0;
	/* The devices the lines name, and when they name one, one more that
	 * printed nothing (the 2017 report's second controller); more unnamed
	 * devices multiply the states past what a bounded search can cover. */
	unsigned most = least == 1 ? 2 : least;
	/* MSI-X unless the lines name plain MSI; both when they name both */
	const char *types[2] = {"msix", "msi"};
	unsigned type_first = !x->o.saw_msix && x->o.saw_msi, type_end = x->o.saw_msi ? 2 : 1;
	for (unsigned devices = least; devices <= most && devices <= PIRQSIM_DEVICES_MAX; devices++)
		for (unsigned t = type_first; t < type_end; t++)
			for (unsigned d = 0; d < driver_count; d++)
				for (unsigned k = 0; k < n[0]; k++)
					for (unsigned z = 0; z < n[2]; z++)
						for (unsigned q = 0; q < n[1]; q++) {
							struct scenario_spec spec;
							scenario_spec_init(&spec);
							snprintf(spec.name, sizeof(spec.name), "explain");
							snprintf(spec.kernel, sizeof(spec.kernel), "%.47s", releases[0][k]);
							snprintf(spec.qemu, sizeof(spec.qemu), "%.47s", releases[1][q]);
							snprintf(spec.xen, sizeof(spec.xen), "%.47s", releases[2][z]);
							if (pirqsim_spec_add_devices(&spec, drivers[d], devices, 2, types[t], NULL) != 0)
								continue;
							char text[96];
							snprintf(text, sizeof(text), "%u x %s (%s, 2 vectors)", devices, drivers[d], types[t]);
							if (x->count >= CANDIDATES_MAX) {
								(*wanted)++;
								continue;
							}
							int added = candidate_add(x, &spec, text);
							if (added < 0)
								return -1;
							*wanted += (unsigned)added;
						}
	return 0;
}

static void candidate_search(struct candidate *k, const struct observed *o, const struct pirqsim_explain_options *opt)
{
	struct pirqsim_explain_configuration *info = &k->info;
	if (!k->model) {
		info->outcome = PIRQSIM_EXPLAIN_ERROR;
		return;
	}
	struct search *s = calloc(1, sizeof(*s));
	if (!s) {
		info->outcome = PIRQSIM_EXPLAIN_ERROR;
		snprintf(k->note, sizeof(k->note), "out of memory");
		return;
	}
	s->cfg = model_config(k->model);
	s->o = o;
	s->pc = (struct parse_cache){.scratch = pirqsim_log_new(), .cfg = s->cfg};
	s->states_max = opt->states_max ? opt->states_max : STATES_DEFAULT;
	s->stop = opt->stop;
	double start = now_seconds();
	search_run(s);
	info->seconds = now_seconds() - start;
	info->outcome = s->outcome;
	info->states = s->states;
	info->transitions = s->transitions;
	info->lines_placed = s->best_placed;
	memcpy(k->best_position, s->best_position, sizeof(k->best_position));
	if (s->note[0])
		snprintf(k->note, sizeof(k->note), "%s", s->note);
	if (s->matched && (k->trail = malloc(s->trail_length + 1)) != NULL) {
		memcpy(k->trail, s->trail, s->trail_length);
		k->trail_length = s->trail_length;
	}
	parse_cache_free(&s->pc);
	free(s);
}

/* No configuration explains the logs: try each injected fault on the
 * configurations whose search placed the most lines. */
static int fault_round(struct pirqsim_explanation *x, const struct pirqsim_explain_options *opt)
{
	unsigned base = x->count, order[FAULT_ROUND_CONFIGS], chosen = 0;
	bool taken[CONFIGS_DEFAULT * 4] = {0};
	while (chosen < FAULT_ROUND_CONFIGS) {
		int best = -1;
		for (unsigned i = 0; i < base && i < CONFIGS_DEFAULT * 4; i++)
			if (!taken[i] && x->candidate[i].model && x->candidate[i].info.outcome != PIRQSIM_EXPLAIN_ERROR &&
			    (best < 0 || x->candidate[i].info.lines_placed > x->candidate[best].info.lines_placed))
				best = (int)i;
		if (best < 0)
			break;
		taken[best] = true;
		order[chosen++] = (unsigned)best;
	}
	for (unsigned i = 0; i < chosen; i++)
		for (unsigned f = 0; f < FAULT_KIND_COUNT; f++) {
			struct scenario_spec spec = x->candidate[order[i]].spec;
			char devices[sizeof(x->candidate[0].devices)];
			snprintf(devices, sizeof(devices), "%.64s, fault %s", x->candidate[order[i]].devices,
			         fault_name((enum fault_kind)f));
			if (pirqsim_spec_add_fault(&spec, fault_name((enum fault_kind)f), NULL) != 0)
				continue;
			int added = candidate_add(x, &spec, devices);
			if (added < 0)
				return -1;
			if (added)
				candidate_search(&x->candidate[x->count - 1], &x->o, opt);
		}
	return 0;
}

/* ---- the answer: the replay, the alignment, the cures ------------------------------------------- */

static int replay_chosen(struct pirqsim_explanation *x)
{
	struct candidate *k = &x->candidate[x->chosen];
	struct pirqsim_result *r = search_result_new(k->model);
	if (!r)
		return -1;
	r->verdict = k->info.outcome == PIRQSIM_EXPLAIN_EXPLAINED ? PIRQSIM_VIOLATED : PIRQSIM_HOLDS;
	r->trail_length = k->trail_length;
	memcpy(r->trail, k->trail, k->trail_length);
	replay_finish(k->model, r);
	x->result = r;
	/* the alignment: the same matching, recorded, along the trail */
	const struct config *cfg = model_config(k->model);
	struct world *w = malloc(sizeof(*w));
	struct matcher m = {.o = &x->o, .record = &x->alignment};
	struct parse_cache pc = {.scratch = pirqsim_log_new(), .cfg = cfg};
	m.pc = &pc;
	if (!w || !pc.scratch) {
		free(w);
		parse_cache_free(&pc);
		return -1;
	}
	world_init(w, cfg);
	struct ctx c = {.w = w, .cfg = cfg, .sink = match_event, .sink_data = &m, .actor = -1};
	for (unsigned i = 0; i < k->trail_length && !m.pruned; i++) {
		c.step = i + 1;
		c.actor = k->trail[i];
		if (step(&c, k->trail[i]) != 0)
			break;
	}
	free(w);
	parse_cache_free(&pc);
	return m.failed || x->alignment.failed ? -1 : 0;
}

static int cure_add(struct pirqsim_explanation *x, const struct scenario_spec *spec, const char *component,
                    const char *change, const char *label)
{
	struct candidate *k = &x->candidate[x->chosen];
	pirqsim_model *model = pirqsim_model_new(spec, NULL);
	if (!model)
		return 0; /* a release this model cannot build is no cure to offer */
	struct pirqsim_counterfactual cf;
	pirqsim_result *r = pirqsim_replay_counterfactual(k->model, model, &x->result->spec, NULL, NULL, NULL, NULL, &cf, NULL);
	pirqsim_model_free(model);
	if (!r)
		return 0;
	struct cure_entry *grown = realloc(x->cure, (x->cure_count + 1) * sizeof(*grown));
	if (!grown) {
		pirqsim_result_free(r);
		return -1;
	}
	x->cure = grown;
	struct cure_entry *e = &x->cure[x->cure_count++];
	memset(e, 0, sizeof(*e));
	snprintf(e->change, sizeof(e->change), "%s", change);
	snprintf(e->label, sizeof(e->label), "%s", label);
	if (r->violation_count)
		snprintf(e->first, sizeof(e->first), "%s: %s", property_name(r->violation[0].property), r->violation[0].text);
	e->info = (struct pirqsim_explain_cure){.component = component, .change = e->change, .label = e->label,
	                                        .verdict = r->verdict, .first_violation = e->first,
	                                        .diverge_step = cf.diverge_step,
	                                        .cures = r->verdict == PIRQSIM_HOLDS || pirqsim_result_degraded(r)};
	pirqsim_result_free(r);
	return 0;
}

/* Later releases of each component (rows of the same track), then the host settings. */
static int cures_find(struct pirqsim_explanation *x)
{
	struct candidate *k = &x->candidate[x->chosen];
	const struct config *cfg = model_config(k->model);
	static const char *const names[COMPONENT_COUNT] = {"kernel", "qemu", "xen"};
	const char *current[COMPONENT_COUNT] = {cfg->kernel, cfg->qemu, cfg->xen};
	for (int c = 0; c < COMPONENT_COUNT; c++)
		for (unsigned i = 0; i < versions_count(); i++) {
			const struct version_row *row = versions_row(i);
			if (row->component != (enum component)c || !row_in_track((enum component)c, row, current[c]) ||
			    versions_compare((enum component)c, row->from, current[c]) <= 0)
				continue;
			if (c == COMPONENT_QEMU && (strcmp(row->from, "qemu-xen-traditional") == 0 ||
			                            strcmp(current[c], "qemu-xen-traditional") == 0))
				continue; /* another device model, not a later release of this one */
			if (c == COMPONENT_QEMU && !((row->from[0] >= '0' && row->from[0] <= '9') ==
			                             (current[c][0] >= '0' && current[c][0] <= '9') &&
			                             (strncmp(row->from, "qemu-xen-", 9) == 0) == (strncmp(current[c], "qemu-xen-", 9) == 0)))
				continue;
			struct scenario_spec spec = k->spec;
			if (pirqsim_spec_set_version(&spec, names[c], row->from, NULL) != 0)
				continue;
			if (cure_add(x, &spec, names[c], row->from, row->label) < 0)
				return -1;
		}
	if (cfg->pirq_mode) {
		struct scenario_spec spec = k->spec;
		if (pirqsim_spec_set_host(&spec, "hvm-pirq", 0, NULL) == 0 &&
		    cure_add(x, &spec, "host", "hvm_pirq=0", "xl.cfg: no XENFEAT_hvm_pirqs, MSIs as native vectors") < 0)
			return -1;
	}
	for (int times = 2; times <= 4; times *= 2) {
		long value = (long)cfg->nr_msi_pirqs * times;
		if (value > PIRQSIM_MSI_PIRQS_MAX)
			break;
		char change[64];
		snprintf(change, sizeof(change), "extra_guest_irqs=%ld", value);
		struct scenario_spec spec = k->spec;
		if (pirqsim_spec_set_host(&spec, "extra-guest-irqs", value, NULL) == 0 &&
		    cure_add(x, &spec, "host", change, "Xen command line: more MSI pirqs for the domain") < 0)
			return -1;
	}
	return 0;
}

static int unplaced_find(struct pirqsim_explanation *x)
{
	unsigned total = x->o.not_understood_count;
	for (int l = 0; l < LANES; l++)
		total += x->o.count[l];
	x->unplaced = calloc(total ? total : 1, sizeof(*x->unplaced));
	if (!x->unplaced)
		return -1;
	if (!x->explaining) {
		int best = -1;
		for (unsigned i = 0; i < x->count; i++)
			if (best < 0 || x->candidate[i].info.lines_placed > x->candidate[best].info.lines_placed)
				best = (int)i;
		for (int l = 0; l < LANES; l++)
			for (unsigned i = best >= 0 ? x->candidate[best].best_position[l] : 0; i < x->o.count[l]; i++)
				x->unplaced[x->unplaced_count++] = x->o.line[l][i].record;
	}
	for (unsigned i = 0; i < x->o.not_understood_count; i++)
		x->unplaced[x->unplaced_count++] = x->o.not_understood[i];
	return 0;
}

/* The public records point into arrays that grew by realloc: point them
 * again, once, when nothing grows any more. */
static void pointers_fix(struct pirqsim_explanation *x)
{
	for (unsigned i = 0; i < x->count; i++) {
		struct candidate *k = &x->candidate[i];
		k->info.kernel = k->spec.kernel;
		k->info.qemu = k->spec.qemu;
		k->info.xen = k->spec.xen;
		k->info.describe = k->describe;
		k->info.devices = k->devices;
		k->info.same_as = k->same_as;
		k->info.note = k->note;
	}
	for (unsigned i = 0; i < x->cure_count; i++) {
		struct cure_entry *e = &x->cure[i];
		e->info.change = e->change;
		e->info.label = e->label;
		e->info.first_violation = e->first;
	}
}

static void set_error(pirqsim_error *error, const char *message)
{
	if (!error)
		return;
	memset(error, 0, sizeof(*error));
	snprintf(error->message, sizeof(error->message), "%s", message);
}

void pirqsim_explain_options_init(struct pirqsim_explain_options *options) { memset(options, 0, sizeof(*options)); }

const char *pirqsim_explain_outcome_name(enum pirqsim_explain_outcome outcome)
{
	static const char *const names[] = {"no match", "match, no violation", "explains", "bound reached", "error"};
	return outcome <= PIRQSIM_EXPLAIN_ERROR ? names[outcome] : "?";
}

static void choose(struct pirqsim_explanation *x)
{
	x->chosen = -1;
	for (unsigned i = 0; i < x->count; i++) {
		enum pirqsim_explain_outcome o = x->candidate[i].info.outcome;
		if (o == PIRQSIM_EXPLAIN_EXPLAINED) {
			x->explaining++;
			if (x->chosen < 0 || x->candidate[x->chosen].info.outcome != PIRQSIM_EXPLAIN_EXPLAINED)
				x->chosen = (int)i;
		} else if (x->candidate[i].trail && x->chosen < 0) {
			x->chosen = (int)i;
		}
	}
}

pirqsim_explanation *pirqsim_explain(const pirqsim_log *log, const struct pirqsim_explain_options *opt,
                                     pirqsim_error *error)
{
	struct pirqsim_explanation *x = calloc(1, sizeof(*x));
	if (!x || observed_read(&x->o, log) != 0) {
		pirqsim_explanation_free(x);
		set_error(error, "out of memory");
		return NULL;
	}
	x->chosen = -1;
	x->verdict = PIRQSIM_HOLDS;
	const char *given[COMPONENT_COUNT] = {opt->kernel, opt->qemu, opt->xen};
	for (int c = 0; c < COMPONENT_COUNT; c++) {
		char err[480];
		if (given[c] && !versions_resolve((enum component)c, given[c], err, sizeof(err))) {
			set_error(error, err);
			pirqsim_explanation_free(x);
			return NULL;
		}
	}
	if (!x->o.failure)
		return x; /* nothing in the logs shows a failure of this path */
	unsigned wanted = 0, max = opt->configurations_max ? opt->configurations_max : CONFIGS_DEFAULT;
	if (candidates_build(x, log, opt, &wanted) != 0)
		goto oom;
	double start = now_seconds();
	bool timed_out = false;
	unsigned searched = 0;
	for (; searched < x->count && searched < max; searched++) {
		if ((opt->time_max > 0 && now_seconds() - start > opt->time_max) || (opt->stop && *opt->stop)) {
			timed_out = true;
			break;
		}
		candidate_search(&x->candidate[searched], &x->o, opt);
	}
	for (unsigned i = searched; i < x->count; i++) /* not searched: not listed */
		pirqsim_model_free(x->candidate[i].model);
	x->count = searched;
	choose(x);
	if (x->explaining == 0 && !timed_out && fault_round(x, opt) != 0)
		goto oom;
	x->explaining = 0;
	choose(x);
	unsigned bounded = 0;
	for (unsigned i = 0; i < x->count; i++)
		bounded += x->candidate[i].info.outcome == PIRQSIM_EXPLAIN_BOUND;
	/* Lines that look like this path but that no step of the model prints
	 * are observed lines no interleaving places: the logs are not
	 * explained, whatever explains the rest of them. */
	x->partial = x->explaining && x->o.not_understood_count;
	x->verdict = x->explaining && !x->partial ? PIRQSIM_VIOLATED : PIRQSIM_INCONCLUSIVE;
	if (bounded || wanted > searched || timed_out)
		snprintf(x->limit, sizeof(x->limit), "%s%u of %u candidate configurations searched%s%s",
		         !timed_out ? "" : opt->stop && *opt->stop ? "interrupted: " : "time limit: ", searched, wanted,
		         bounded ? ", some reached the state bound (raise --max-states)" : "",
		         wanted > searched && !timed_out ? " (raise --max-configurations)" : "");
	if (x->chosen >= 0 && replay_chosen(x) != 0)
		goto oom;
	if (x->explaining && cures_find(x) != 0)
		goto oom;
	if (unplaced_find(x) != 0)
		goto oom;
	pointers_fix(x);
	return x;
oom:
	set_error(error, "out of memory");
	pirqsim_explanation_free(x);
	return NULL;
}

void pirqsim_explanation_free(pirqsim_explanation *x)
{
	if (!x)
		return;
	for (unsigned i = 0; i < x->count; i++) {
		pirqsim_model_free(x->candidate[i].model);
		free(x->candidate[i].trail);
	}
	free(x->candidate);
	pirqsim_result_free(x->result);
	for (unsigned i = 0; i < x->alignment.string_count; i++)
		free(x->alignment.strings[i]);
	free(x->alignment.strings);
	free(x->alignment.item);
	free(x->unplaced);
	free(x->cure);
	observed_free(&x->o);
	free(x);
}

enum pirqsim_verdict pirqsim_explanation_verdict(const pirqsim_explanation *x) { return x->verdict; }
const char *pirqsim_explanation_limit(const pirqsim_explanation *x) { return x->limit; }
unsigned pirqsim_explanation_lane_lines(const pirqsim_explanation *x, enum pirqsim_log_source lane, bool *observed)
{
	if (observed)
		*observed = lane < LANES && x->o.lane_observed[lane];
	return lane < LANES ? x->o.count[lane] : 0;
}
unsigned pirqsim_explanation_configuration_count(const pirqsim_explanation *x) { return x->count; }
const struct pirqsim_explain_configuration *pirqsim_explanation_configuration(const pirqsim_explanation *x, unsigned i)
{
	return i < x->count ? &x->candidate[i].info : NULL;
}
int pirqsim_explanation_chosen(const pirqsim_explanation *x) { return x->chosen; }
bool pirqsim_explanation_partial(const pirqsim_explanation *x) { return x->partial; }
unsigned pirqsim_explanation_explaining_count(const pirqsim_explanation *x) { return x->explaining; }
const pirqsim_model *pirqsim_explanation_model(const pirqsim_explanation *x)
{
	return x->chosen >= 0 ? x->candidate[x->chosen].model : NULL;
}
const pirqsim_result *pirqsim_explanation_result(const pirqsim_explanation *x) { return x->result; }
unsigned pirqsim_explanation_alignment_count(const pirqsim_explanation *x) { return x->alignment.count; }
const struct pirqsim_explain_alignment *pirqsim_explanation_alignment(const pirqsim_explanation *x, unsigned i)
{
	return i < x->alignment.count ? &x->alignment.item[i] : NULL;
}
unsigned pirqsim_explanation_unplaced_count(const pirqsim_explanation *x) { return x->unplaced_count; }
size_t pirqsim_explanation_unplaced(const pirqsim_explanation *x, unsigned i)
{
	return i < x->unplaced_count ? x->unplaced[i] : (size_t)-1;
}
unsigned pirqsim_explanation_cure_count(const pirqsim_explanation *x) { return x->cure_count; }
const struct pirqsim_explain_cure *pirqsim_explanation_cure(const pirqsim_explanation *x, unsigned i)
{
	return i < x->cure_count ? &x->cure[i].info : NULL;
}
