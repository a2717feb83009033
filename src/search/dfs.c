/*
 * dfs.c - the exhaustive depth-first search, on one thread or several.
 *
 * Each worker runs a depth-first search with its own stack; all insert into
 * one tree-compressed state store, without locks (tree_store.h); hash
 * compaction and the XOR-RLE store are searched on one worker.  A worker
 * with nothing left asks another for work, and that one, at its next look (every
 * POLL_EVERY steps), gives away its shallowest frame with successors still
 * untried, the largest piece of its search: the frame's state, its stored
 * tree, which successors are left, and the trail that reached it.  The
 * giver then treats that frame as done.  This is work stealing done by the
 * victim (work donation), so no frame is ever read while its owner changes
 * it.
 *
 * Every worker expands the canonical representative it stores, with the
 * same partial-order reduction (canon.h), and a state is expanded by the
 * one worker whose insertion found it new, so the set of stored states and
 * the transition and match counts do not depend on the number of workers
 * or on their timing.  Which violation is found first does, with more than
 * one worker.
 *
 * Termination: `active` counts the workers with work; a giver counts its
 * taker in before handing the frame over, and a worker counts itself out
 * only when it has nothing left, so whoever sees zero knows the search is
 * over.  The hot path neither allocates nor prints: store, stacks and
 * mailboxes are reserved once.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/audit.h"
#include "search/canon.h"
#include "search/explorer.h"
#include "model/next_state.h"
#include "search/por.h"
#include "search/store.h"

#define POLL_EVERY 64u          /* steps between looks for a request for work */

struct frame {
	struct world w;
	struct tree_ref tree; /* w's stored form as a tree: its successors are inserted from it */
	uint8_t next_actor;  /* how many actors were tried, in the order from `first`; actor_count when done */
	uint8_t first;       /* actor tried first: the one after the actor that led here */
	uint8_t chosen;      /* actor of the step to the frame above */
};

struct dfs;

/* A request for work, and the answer: a frame and the trail to it. */
enum { MAIL_NONE = 0, MAIL_WAITING, MAIL_GIVEN, MAIL_REFUSED };
struct mailbox {
	int state;                 /* MAIL_*, set by the giver */
	struct frame frame;        /* its tree points into `tree_memory` */
	void *tree_memory;
	uint8_t trail[PIRQSIM_TRAIL_MAX];
	unsigned trail_length;
};

struct worker {
	struct dfs *x;
	unsigned id;
	struct canon canon;
	bool por_on;
	struct por por;
	struct audit audit;          /* tests with hooks->audit only (audit.h) */
	struct tree_cursor cursor;   /* tree store: this thread's scratch */
	struct frame *stack;
	unsigned depth;              /* frames above stack[0] in use */
	unsigned frames_ready;       /* stack[0 .. frames_ready - 1] initialised (ready_frame) */
	void *trees;
	uint8_t *packed;
	uint8_t root_trail[PIRQSIM_TRAIL_MAX];
	unsigned root_length;
	int request;                 /* 0, or 1 + the worker asking this one for work */
	struct mailbox mail;         /* this worker's request and its answer */
	/* Statistics, read by the progress report while the search runs. */
	uint64_t stored, transitions, matched, reduced, open;
	unsigned depth_max;
	uint64_t iterations;
	pthread_t thread;
};

struct dfs {
	const struct config *cfg;
	const struct pirqsim_check_options *o;
	struct pirqsim_result *r;
	struct check_hooks *hooks;        /* tests: one worker only */
	unsigned threads, reductions, depth_max, state_size;
	unsigned allocated;               /* workers set up (threads may start fewer) */
	uint8_t *base;                    /* the initial state, packed: the XOR-RLE store's reference */
	struct store store;
	size_t tree_ref_size;
	int gate;                         /* workers start when it opens */
	int active;
	int stop;                         /* set once: a violation or a bound */
	pthread_mutex_t lock;             /* the result's verdict, trail, limit; `degraded` */
	struct degraded_watch degraded;   /* search.h: seen read without the lock, set with it */
	double start, next_progress;
	struct worker *worker;
};

static bool stopped(const struct dfs *x) { return __atomic_load_n(&x->stop, __ATOMIC_RELAXED) != 0; }

/* First violation or bound wins; the rest only stop. */
static void finish_saw(struct dfs *x, enum pirqsim_verdict verdict, const char *why, const uint8_t *trail,
                       unsigned length, const struct violation *saw)
{
	pthread_mutex_lock(&x->lock);
	if (!x->stop) {
		struct pirqsim_result *r = x->r;
		r->verdict = verdict;
		if (saw) {
			r->search_saw = true;
			r->search_violation = *saw;
		}
		if (why)
			snprintf(r->limit, sizeof(r->limit), "%s", why);
		if (trail) {
			memcpy(r->trail, trail, length);
			r->trail_length = length;
		}
		__atomic_store_n(&x->stop, 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&x->lock);
}

static void finish(struct dfs *x, enum pirqsim_verdict verdict, const char *why, const uint8_t *trail,
                   unsigned length)
{
	finish_saw(x, verdict, why, trail, length, NULL);
}

/* Frames are initialised (world_init, tree storage bound) when the search
 * first reaches their depth: most searches use a few hundred of the
 * depth_max + 1, and a small check should not pay for all of them. */
static struct frame *ready_frame(struct worker *wk, unsigned d)
{
	struct dfs *x = wk->x;
	while (wk->frames_ready <= d) {
		struct frame *f = &wk->stack[wk->frames_ready];
		world_init(&f->w, x->cfg);
		store_tree_ref_bind(&x->store, &f->tree,
		                    wk->trees ? (uint8_t *)wk->trees + (size_t)wk->frames_ready * x->tree_ref_size : NULL);
		wk->frames_ready++;
	}
	return &wk->stack[d];
}

/* The trail to the frame at `depth` (its successor by `actor`, if >= 0). */
static unsigned path_to(const struct worker *wk, unsigned depth, int actor, uint8_t *out)
{
	memcpy(out, wk->root_trail, wk->root_length);
	unsigned n = wk->root_length;
	for (unsigned d = 0; d < depth; d++)
		out[n++] = wk->stack[d].chosen;
	if (actor >= 0)
		out[n++] = (uint8_t)actor;
	return n;
}

/* ---- the store -------------------------------------------------------------- */

/* Pack `w` and insert it.  A tree store's state is packed straight into
 * the leaves of its tree `out` (tree_store_insert_with: no copy). */
static enum store_result insert(struct worker *wk, const struct world *w, const struct tree_ref *parent,
                                struct tree_ref *out)
{
	struct dfs *x = wk->x;
	enum store_result r;
	if (x->store.tree) {
		uint8_t *leaves = (uint8_t *)out->leaf;
		world_pack(w, x->cfg, leaves);
		r = store_insert_tree_with(&x->store, &wk->cursor, leaves, parent, out);
		wk->stored += r == STORE_NEW;
	} else {
		world_pack(w, x->cfg, wk->packed);
		r = store_insert(&x->store, wk->packed); /* one worker (explore_run) */
	}
	return r;
}

/* ---- work donation ---------------------------------------------------------- */

static bool frame_open(const struct worker *wk, const struct frame *f)
{
	const struct config *cfg = wk->x->cfg;
	for (unsigned i = f->next_actor; i < cfg->actor_count; i++)
		if (actor_enabled(&f->w, (f->first + i) % cfg->actor_count))
			return true;
	return false;
}

/* Answer a request: give the shallowest frame with successors left (not
 * the top one, which this worker is expanding) or refuse. */
static void answer(struct worker *wk)
{
	struct dfs *x = wk->x;
	int request = __atomic_load_n(&wk->request, __ATOMIC_ACQUIRE);
	if (request == 0)
		return;
	struct worker *taker = &x->worker[request - 1];
	struct mailbox *m = &taker->mail;
	unsigned d = 0;
	while (d < wk->depth && !frame_open(wk, &wk->stack[d]))
		d++;
	if (d < wk->depth) {
		struct frame *f = &wk->stack[d];
		world_copy(&m->frame.w, &f->w, x->cfg);
		m->frame.next_actor = f->next_actor;
		m->frame.first = f->first;
		if (x->tree_ref_size)
			memcpy(m->tree_memory, f->tree.leaf, x->tree_ref_size);
		m->trail_length = path_to(wk, d, -1, m->trail);
		f->next_actor = (uint8_t)x->cfg->actor_count;
		__atomic_add_fetch(&x->active, 1, __ATOMIC_ACQ_REL);
		__atomic_store_n(&wk->request, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&m->state, MAIL_GIVEN, __ATOMIC_RELEASE);
	} else {
		__atomic_store_n(&wk->request, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&m->state, MAIL_REFUSED, __ATOMIC_RELEASE);
	}
}

/* Take a given frame as stack[0]. */
static void take(struct worker *wk)
{
	struct dfs *x = wk->x;
	struct mailbox *m = &wk->mail;
	struct frame *f = ready_frame(wk, 0);
	world_copy(&f->w, &m->frame.w, x->cfg);
	f->next_actor = m->frame.next_actor;
	f->first = m->frame.first;
	if (x->tree_ref_size)
		memcpy(f->tree.leaf, m->tree_memory, x->tree_ref_size);
	memcpy(wk->root_trail, m->trail, m->trail_length);
	wk->root_length = m->trail_length;
	wk->depth = 0;
}

/* Nothing left here: count out, then ask the others in turn until one
 * gives a frame (true) or every worker is out (false). */
static bool find_work(struct worker *wk)
{
	struct dfs *x = wk->x;
	if (__atomic_sub_fetch(&x->active, 1, __ATOMIC_ACQ_REL) == 0 || x->threads == 1)
		return false;
	for (unsigned k = 1, spins = 0;; k++) {
		struct worker *victim = &x->worker[(wk->id + k) % x->threads];
		if (victim == wk)
			continue;
		answer(wk); /* refuse whoever asks this one meanwhile */
		store_safepoint(&x->store, &wk->cursor);
		if (stopped(x) || __atomic_load_n(&x->active, __ATOMIC_ACQUIRE) == 0)
			return false;
		int none = 0;
		__atomic_store_n(&wk->mail.state, MAIL_WAITING, __ATOMIC_RELAXED);
		if (!__atomic_compare_exchange_n(&victim->request, &none, (int)wk->id + 1, false, __ATOMIC_ACQ_REL,
		                                 __ATOMIC_RELAXED))
			continue;
		int state;
		while ((state = __atomic_load_n(&wk->mail.state, __ATOMIC_ACQUIRE)) == MAIL_WAITING) {
			answer(wk);
			store_safepoint(&x->store, &wk->cursor);
			if (stopped(x) || __atomic_load_n(&x->active, __ATOMIC_ACQUIRE) == 0) {
				/* Nobody can give now, and the victim may have left:
				 * withdraw, unless it is answering already. */
				int mine = (int)wk->id + 1;
				if (__atomic_compare_exchange_n(&victim->request, &mine, 0, false, __ATOMIC_ACQ_REL,
				                                __ATOMIC_RELAXED))
					return false;
			}
			if (++spins > 64)
				sched_yield();
		}
		if (state == MAIL_GIVEN) {
			take(wk);
			return true;
		}
	}
}

/* ---- the depth-first search of one worker ------------------------------- */

/*
 * What remains: the successors on the stack not explored yet.  Each is the
 * root of a subtree still to search (possibly all matched already).  A time
 * estimate from the stack (Knuth's estimator of backtracking progress) was
 * tried and dropped: with a visited set the first subtrees hold nearly all
 * new states, and on 7 NVMe x 2 it said 0.05 % done when 60 % was.
 */
static uint64_t open_branches(const struct worker *wk)
{
	const struct config *cfg = wk->x->cfg;
	uint64_t open = 0;
	for (unsigned d = 0; d < wk->depth; d++) {
		const struct frame *f = &wk->stack[d];
		for (unsigned i = f->next_actor; i < cfg->actor_count; i++)
			open += actor_enabled(&f->w, (f->first + i) % cfg->actor_count);
	}
	return open;
}

static void report_progress(struct dfs *x)
{
	struct pirqsim_progress *st = &x->r->stats;
	memset(st, 0, sizeof(*st));
	for (unsigned t = 0; t < x->threads; t++) {
		const struct worker *wk = &x->worker[t];
		st->states_stored += __atomic_load_n(&wk->stored, __ATOMIC_RELAXED);
		st->transitions += __atomic_load_n(&wk->transitions, __ATOMIC_RELAXED);
		st->states_matched += __atomic_load_n(&wk->matched, __ATOMIC_RELAXED);
		st->states_reduced += __atomic_load_n(&wk->reduced, __ATOMIC_RELAXED);
		st->open_branches += __atomic_load_n(&wk->open, __ATOMIC_RELAXED);
		unsigned depth = __atomic_load_n(&wk->depth_max, __ATOMIC_RELAXED);
		st->depth_max = depth > st->depth_max ? depth : st->depth_max;
	}
	/* The tree store's new states are counted by the workers; the
	 * others count their own (under the store's lock). */
	if (x->store.tree)
		st->memory_bytes = tree_store_bytes_used(x->store.tree);
	else
		st->states_stored = __atomic_load_n(&x->store.count, __ATOMIC_RELAXED);
	if (!x->store.tree)
		st->memory_bytes = (uint64_t)(store_bytes_per_state(&x->store) * (double)st->states_stored);
	st->seconds = now_seconds() - x->start;
	st->threads = x->threads;
}

/* Every 64 K steps: the time bound, and (worker 0) progress. */
static bool over_time(struct worker *wk)
{
	struct dfs *x = wk->x;
	double t = now_seconds();
	__atomic_store_n(&wk->open, open_branches(wk), __ATOMIC_RELAXED);
	if (wk->id == 0 && x->o->progress && t >= x->next_progress) {
		report_progress(x);
		x->o->progress(&x->r->stats, x->o->progress_data);
		x->next_progress = t + 1.0;
	}
	return x->o->time_max > 0 && t - x->start > x->o->time_max;
}

static void found(struct worker *wk, int last_actor, const struct violation *saw)
{
	uint8_t trail[PIRQSIM_TRAIL_MAX];
	unsigned n = path_to(wk, last_actor >= 0 ? wk->depth : 0, last_actor, trail);
	finish_saw(wk->x, PIRQSIM_VIOLATED, NULL, trail, n, saw);
}

/* The first degraded state (search.h): its trail, and search on. */
static void found_degraded(struct worker *wk, int last_actor, const struct violation *saw)
{
	struct dfs *x = wk->x;
	pthread_mutex_lock(&x->lock);
	if (!x->degraded.seen) {
		x->degraded.trail_length = path_to(wk, last_actor >= 0 ? wk->depth : 0, last_actor, x->degraded.trail);
		x->degraded.v = *saw;
		__atomic_store_n(&x->degraded.seen, true, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&x->lock);
}

static void hook_kind(const struct violation *v, void *data)
{
	struct check_hooks *hooks = data;
	for (unsigned i = 0; i < hooks->kind_count; i++)
		if (violation_same_kind(&hooks->kind[i], v))
			return;
	if (hooks->kind_count < CHECK_KINDS_MAX)
		hooks->kind[hooks->kind_count++] = *v;
	else
		hooks->kinds_over = true;
}

/* Tests: note violations and quiescent states instead of stopping. */
static void hook_visit(struct worker *wk, struct world *child)
{
	struct dfs *x = wk->x;
	struct ctx c = {.w = child, .cfg = x->cfg, .actor = -1};
	struct violation v;
	check_all_kinds(&c, !any_enabled(child, x->cfg), hook_kind, x->hooks);
	if (check_state(&c, &v))
		x->hooks->violated_mask |= 1u << v.property;
	if (!any_enabled(child, x->cfg)) {
		if (check_quiescent(&c, &v))
			x->hooks->violated_mask |= 1u << v.property;
		world_pack(child, x->cfg, wk->packed);
		x->hooks->quiescent(wk->packed, x->state_size, x->hooks->data);
	}
}

/* All violations: the trail to the state being visited, into an entry. */
struct dfs_note {
	struct worker *wk;
	int actor;
};

static void fill_trail(struct distinct_entry *e, void *data)
{
	const struct dfs_note *n = data;
	path_to(n->wk, n->actor >= 0 ? n->wk->depth : 0, n->actor, e->trail);
}

/* All violations: note every kind the new state shows and search on.
 * Returns true (stop) only when the table is full. */
static bool visit_all(struct worker *wk, struct world *child, int actor)
{
	struct dfs *x = wk->x;
	struct dfs_note n = {wk, actor};
	unsigned length = wk->root_length + (actor >= 0 ? wk->depth + 1 : 0);
	if (distinct_note(x->r->distinct, child, x->cfg, length, fill_trail, &n))
		return false;
	char why[160];
	distinct_full_limit(x->r->distinct, why, sizeof(why));
	finish(x, PIRQSIM_INCONCLUSIVE, why, NULL, 0);
	return true;
}

/* A new state: check it.  Returns true if the search stops here. */
static bool visit(struct worker *wk, struct world *child, int actor)
{
	struct dfs *x = wk->x;
	if (x->hooks) {
		hook_visit(wk, child);
		return false;
	}
	if (x->r->distinct)
		return visit_all(wk, child, actor);
	struct ctx c = {.w = child, .cfg = x->cfg, .actor = actor};
	struct violation v;
	bool quiescent = !any_enabled(child, x->cfg);
	if (check_state(&c, &v) || (quiescent && check_quiescent(&c, &v))) {
		found(wk, actor, &v);
		return true;
	}
	if (quiescent && x->degraded.on && !__atomic_load_n(&x->degraded.seen, __ATOMIC_RELAXED) &&
	    check_degraded(&c, &v))
		found_degraded(wk, actor, &v);
	return false;
}

/* Tests: every audit at every expanded state; each that finds its claim
 * broken counts once and sets its bit (enum check_audit). */
static void audit(struct worker *wk, struct frame *f, struct frame *next)
{
	struct check_hooks *hooks = wk->x->hooks;
	bool flagged[CHECK_AUDIT_COUNT] = {false};
	flagged[CHECK_AUDIT_FOOTPRINT] = wk->por_on && por_audit(&wk->por, &f->w, &next->w) >= 0;
	flagged[CHECK_AUDIT_FREES] = wk->canon.renumber_on && renumber_audit(&wk->canon.renumber, &f->w, &next->w);
	flagged[CHECK_AUDIT_DEAD] = canon_audit_dead(&wk->canon, &f->w);
	flagged[CHECK_AUDIT_SYMMETRY] = audit_symmetry(&wk->audit, &wk->canon, &f->w);
	flagged[CHECK_AUDIT_RENUMBER] = audit_renumber(&wk->audit, &wk->canon, &f->w);
	if (wk->por_on) {
		flagged[CHECK_AUDIT_READS] = audit_reads(&wk->audit, &wk->por, &f->w);
		int ample = por_ample(&wk->por, &f->w, &next->w);
		flagged[CHECK_AUDIT_COMMUTATION] =
		        ample >= 0 && audit_commutation(&wk->audit, &f->w, (unsigned)ample, wk->por.used_pool, wk->iterations);
		flagged[CHECK_AUDIT_POOL] = wk->por.pool && audit_pool(&wk->audit, &f->w);
	}
	for (unsigned i = 0; i < CHECK_AUDIT_COUNT; i++) {
		hooks->audit_failures += flagged[i];
		hooks->audit_flagged |= (unsigned)flagged[i] << i;
	}
}

/* The successor of frame f into next: the partial-order reduction's one
 * actor, or the next enabled actor in f's order.  Returns the actor, -1
 * when f is done, -2 on a model error. */
static int successor(struct worker *wk, struct frame *f, struct frame *next)
{
	const struct config *cfg = wk->x->cfg;
	int ample = f->next_actor == 0 && wk->por_on ? por_ample(&wk->por, &f->w, &next->w) : -1;
	if (ample >= 0) {
		/* The successor is already in next->w. */
		f->next_actor = (uint8_t)cfg->actor_count;
		wk->reduced++;
		return ample;
	}
	unsigned i = f->next_actor, a = 0;
	for (; i < cfg->actor_count; i++) {
		a = (f->first + i) % cfg->actor_count;
		if (actor_enabled(&f->w, a))
			break;
	}
	if (i >= cfg->actor_count)
		return -1;
	f->next_actor = (uint8_t)(i + 1);
	world_copy(&next->w, &f->w, cfg);
	struct ctx c = {.w = &next->w, .cfg = cfg, .actor = (int)a};
	if (step(&c, a) != 0) {
		finish(wk->x, PIRQSIM_INPUT_ERROR, c.unsupported, NULL, 0);
		return -2;
	}
	return (int)a;
}

/* Between steps: a request for work, the stop flag, the time bound. */
static bool poll(struct worker *wk, uint64_t iteration)
{
	struct dfs *x = wk->x;
	if (x->threads > 1 && iteration % POLL_EVERY == 0) {
		if (stopped(x))
			return true;
		store_safepoint(&x->store, &wk->cursor);
		answer(wk);
	}
	if ((iteration & 0xffff) == 0 && over_time(wk)) {
		finish(x, PIRQSIM_INCONCLUSIVE, "time bound reached (raise --time-max)", NULL, 0);
		return true;
	}
	if ((iteration & 0xffff) == 0 && search_interrupted(x->o)) {
		finish(x, PIRQSIM_INCONCLUSIVE, SEARCH_INTERRUPTED, NULL, 0);
		return true;
	}
	return false;
}

/* Search from stack[0] (stored and checked already).  Returns true when
 * the search must stop (violation or a bound). */
static bool dfs_loop(struct worker *wk)
{
	struct dfs *x = wk->x;
	const struct config *cfg = x->cfg;
	for (;;) {
		uint64_t iteration = ++wk->iterations;
		struct frame *f = &wk->stack[wk->depth], *next = ready_frame(wk, wk->depth + 1);
		if (x->hooks && x->hooks->audit && f->next_actor == 0)
			audit(wk, f, next);
		int a = successor(wk, f, next);
		if (a == -2)
			return true;
		if (a == -1) {
			if (wk->depth == 0)
				return false;
			wk->depth--;
			continue;
		}
		f->chosen = (uint8_t)a;
		next->next_actor = 0;
		next->first = (uint8_t)((a + 1) % cfg->actor_count);
		wk->transitions++;
		canon_apply(&wk->canon, &next->w, NULL);
		enum store_result sr = insert(wk, &next->w, &f->tree, &next->tree);
		if (sr == STORE_SEEN) {
			wk->matched++;
		} else if (sr == STORE_FULL) {
			finish(x, PIRQSIM_INCONCLUSIVE, "state store full (raise --memory-max)", NULL, 0);
			return true;
		} else {
			if (visit(wk, &next->w, a))
				return true;
			if (wk->root_length + wk->depth + 1 >= x->depth_max && any_enabled(&next->w, cfg)) {
				finish(x, PIRQSIM_INCONCLUSIVE, "depth bound reached (raise --depth-max)", NULL, 0);
				return true;
			}
			wk->depth++;
			if (wk->root_length + wk->depth > wk->depth_max)
				__atomic_store_n(&wk->depth_max, wk->root_length + wk->depth, __ATOMIC_RELAXED);
		}
		if (poll(wk, iteration))
			return true;
	}
}

static void *worker_main(void *data)
{
	struct worker *wk = data;
	struct dfs *x = wk->x;
	while (!__atomic_load_n(&x->gate, __ATOMIC_ACQUIRE))
		sched_yield();
	bool has_work = wk->id == 0;
	for (;;) {
		if (has_work && dfs_loop(wk))
			break;
		wk->depth = 0;
		if (!find_work(wk))
			break;
		has_work = true;
	}
	/* Refuse whoever still waits on this one; no more inserts from here. */
	answer(wk);
	store_leave(&x->store, &wk->cursor);
	return NULL;
}

/* ---- set-up ----------------------------------------------------------------- */

/* A thread keeps the frames of its last search for its next one: a world
 * is sized at the model's bounds and a frame touches a few pages of it, so
 * the matrix's thousands of small searches on a thread would otherwise each
 * fault in fresh pages for every frame.  Freed when the thread ends. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
struct spare { void *memory; size_t bytes; };

static void spare_free(void *data)
{
	struct spare *s = data;
	free(s->memory);
	free(s);
}

static void spare_init(void) { (void)pthread_key_create(&spare_key, spare_free); }

static void *stack_get(size_t bytes)
{
	pthread_once(&spare_once, spare_init);
	struct spare *s = pthread_getspecific(spare_key);
	if (s && s->memory && s->bytes == bytes) {
		void *memory = s->memory;
		s->memory = NULL;
		return memory;
	}
	return malloc(bytes);
}

static void stack_put(void *memory, size_t bytes)
{
	if (!memory)
		return;
	struct spare *s = pthread_getspecific(spare_key);
	if (!s && (s = calloc(1, sizeof(*s))) != NULL && pthread_setspecific(spare_key, s) != 0) {
		free(s);
		s = NULL;
	}
	if (!s) {
		free(memory);
		return;
	}
	free(s->memory);
	s->memory = memory;
	s->bytes = bytes;
}

/* A worker's stack (every frame's tree storage in one block, so that
 * inserting never allocates), cursor and mailbox. */
static int worker_init(struct dfs *x, struct worker *wk, unsigned id)
{
	*wk = (struct worker){.x = x, .id = id};
	canon_init(&wk->canon, x->cfg, x->reductions);
	wk->por_on = (x->reductions & REDUCE_POR) && por_init(&wk->por, x->cfg);
	if (x->hooks && x->hooks->audit && audit_init(&wk->audit, x->cfg) != 0)
		return -1;
	wk->packed = malloc(x->state_size);
	wk->stack = stack_get(sizeof(struct frame) * (x->depth_max + 1));
	if (!wk->packed || !wk->stack)
		return -1;
	world_init(&wk->mail.frame.w, x->cfg);
	if (x->store.tree && tree_cursor_init(x->store.tree, &wk->cursor) != 0)
		return -1;
	size_t ref_size = x->tree_ref_size;
	wk->trees = ref_size ? malloc(ref_size * (x->depth_max + 2)) : NULL;
	if (ref_size && !wk->trees)
		return -1;
	wk->mail.tree_memory = wk->trees ? (uint8_t *)wk->trees + (x->depth_max + 1) * ref_size : NULL;
	return 0;
}

static void worker_free(struct worker *wk)
{
	tree_cursor_free(&wk->cursor);
	audit_free(&wk->audit);
	free(wk->trees);
	free(wk->packed);
	if (wk->stack) /* a worker set up no further has no stack (and maybe no x) */
		stack_put(wk->stack, sizeof(struct frame) * (wk->x->depth_max + 1));
	wk->stack = NULL;
}

static int explorer_init(struct dfs *x, uint64_t memory)
{
	const struct pirqsim_check_options *o = x->o;
	struct world w0;
	world_init(&w0, x->cfg);
	x->base = malloc(x->state_size);
	if (!x->base)
		return -1;
	world_pack(&w0, x->cfg, x->base);
	int rc = o->hash_compact || o->xor_rle_store ? store_init(&x->store, x->state_size, x->base, memory, o->hash_compact)
	                                              : store_init_tree(&x->store, x->state_size, memory);
	if (rc != 0)
		return -1;
	if (x->threads > 1)
		store_share_tree(&x->store);
	x->tree_ref_size = store_tree_ref_size(&x->store);
	x->worker = calloc(x->threads, sizeof(*x->worker));
	if (!x->worker)
		return -1;
	x->allocated = x->threads;
	for (unsigned t = 0; t < x->threads; t++)
		if (worker_init(x, &x->worker[t], t) != 0)
			return -1;
	return 0;
}

static void explorer_free(struct dfs *x)
{
	if (x->worker)
		for (unsigned t = 0; t < x->allocated; t++)
			worker_free(&x->worker[t]);
	free(x->worker);
	if (x->store.slot || x->store.tree)
		store_free(&x->store);
	free(x->base);
	pthread_mutex_destroy(&x->lock);
}

/* The initial state, canonical, stored and checked: worker 0's stack[0]. */
static bool begin(struct dfs *x)
{
	struct worker *wk = &x->worker[0];
	struct frame *f = ready_frame(wk, 0);
	world_init(&f->w, x->cfg);
	canon_apply(&wk->canon, &f->w, NULL);
	f->next_actor = 0;
	f->first = 0;
	if (insert(wk, &f->w, NULL, &f->tree) == STORE_FULL) {
		finish(x, PIRQSIM_INCONCLUSIVE, "state store full (raise --memory-max)", NULL, 0);
		return false;
	}
	return !visit(wk, &f->w, -1);
}

void explore_run(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r,
                 struct check_hooks *hooks, unsigned threads, uint64_t memory)
{
	/* Several workers share the tree store only: the others would take
	 * turns at one lock, slower than one worker. */
	bool one = hooks || threads < 1 || o->hash_compact || o->xor_rle_store;
	struct dfs x = {.cfg = model_config(model), .o = o, .r = r, .hooks = hooks, .threads = one ? 1 : threads};
	x.reductions = search_reductions(o);
	x.depth_max = o->depth_max && o->depth_max < PIRQSIM_TRAIL_MAX ? o->depth_max : PIRQSIM_TRAIL_MAX;
	x.state_size = world_packed_size(x.cfg);
	pthread_mutex_init(&x.lock, NULL);
	r->verdict = PIRQSIM_HOLDS;
	degraded_watch_init(&x.degraded, x.cfg, r);
	if (explorer_init(&x, memory) != 0) {
		r->verdict = PIRQSIM_INCONCLUSIVE;
		snprintf(r->limit, sizeof(r->limit), "out of memory allocating the state store");
		explorer_free(&x);
		return;
	}
	x.start = now_seconds();
	x.next_progress = x.start + 1.0;
	store_join(&x.store, &x.worker[0].cursor, 0);
	if (begin(&x)) {
		/* Threads wait at the gate; those that could not be made leave
		 * the others the work.  Each joins the store before the gate
		 * opens, so that a pause of the store waits for it. */
		unsigned started = 1;
		while (started < x.threads &&
		       pthread_create(&x.worker[started].thread, NULL, worker_main, &x.worker[started]) == 0)
			started++;
		x.threads = started;
		x.active = (int)started;
		for (unsigned t = 1; t < started; t++)
			store_join(&x.store, &x.worker[t].cursor, t);
		__atomic_store_n(&x.gate, 1, __ATOMIC_RELEASE);
		worker_main(&x.worker[0]);
		for (unsigned t = 1; t < started; t++)
			pthread_join(x.worker[t].thread, NULL);
	}
	report_progress(&x);
	x.store.count = r->stats.states_stored;
	r->stats.open_branches = 0;
	if (o->hash_compact)
		r->stats.omission_probability = store_omission_probability(&x.store);
	degraded_watch_finish(&x.degraded, r);
	/* The trail names actors as the representatives number them. */
	if (r->verdict == PIRQSIM_VIOLATED &&
	    canon_trail_to_real(&x.worker[0].canon, r->trail, r->trail_length, r->trail) != 0) {
		r->verdict = PIRQSIM_INPUT_ERROR;
		snprintf(r->limit, sizeof(r->limit), "model error: the search's trail does not replay");
	}
	for (unsigned i = 0; r->distinct && i < r->distinct->count; i++) {
		struct distinct_entry *e = &r->distinct->entry[i];
		if (canon_trail_to_real(&x.worker[0].canon, e->trail, e->trail_length, e->trail) != 0) {
			r->verdict = PIRQSIM_INPUT_ERROR;
			snprintf(r->limit, sizeof(r->limit), "model error: the search's trail does not replay");
		}
	}
	explorer_free(&x);
}

static void dfs_run(const pirqsim_model *model, const struct pirqsim_check_options *o, struct pirqsim_result *r,
                    void *data)
{
	(void)data;
	explore_run(model, o, r, NULL, o->threads, o->memory_max ? o->memory_max : search_default_memory());
}

const struct explorer explorer_dfs = {
	.name = "depth-first", .run = dfs_run, .all_violations = true, .degraded_in_search = true};
