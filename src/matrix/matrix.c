/*
 * matrix.c - compatibility-matrix cells: a cell is one (kernel, device
 * model, hypervisor) combination, optionally with explicit knobs, checked on
 * every sub-check of a workload.  Each sub-check is its own model, built
 * through the public spec API, and checked exhaustively by pirqsim_check;
 * its outcome is classified from the violations the checker reports.  Cells
 * run in parallel on a small pool of threads.  Nothing here prints.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pirqsim.h"
#include "trace/result_wire.h"
#include "versions/scenario.h"
#include "versions/versions.h"

/* ---- workloads ------------------------------------------------------------ */

/*
 * The default workload of the matrix: the 2017 report, the pattern the old
 * kernel's reuse was written for (af42b8d's ifdown/ifup), and repeated
 * driver reloads.  A reload is modelled as the NIC program (free every
 * vector, pci_disable_msix, pci_enable_msix, request) repeated
 * PIRQSIM_CYCLES_MAX times on a pirq budget of 4, so that a leak of one pirq
 * per reload exhausts the budget inside the bounded model; a host with a
 * larger extra_guest_irqs takes proportionally more reloads to get there.
 */
struct workload {
	const char *name;
	const char *summary;
	const char *yaml; /* host and devices, in the scenario file format */
};

static const struct workload workloads[] = {
	{"nvme-2017", "2 NVMe controllers probing at once, 2 I/O queues each (the 2017 report)",
	 "devices:\n  - driver: nvme\n    count: 2\n    io-queues: 2\n"},
	{"nic-down-up", "1 NIC with 2 MSI-X vectors, ifdown/ifup once (af42b8d's own case)",
	 "devices:\n  - driver: nic\n    vectors: 2\n    cycles: 1\n"},
	{"reloads", "1 device with 1 vector, driver unloaded and reloaded 4 times, pirq budget 4",
	 "host:\n  extra-guest-irqs: 4\ndevices:\n  - driver: nic\n    vectors: 1\n    cycles: 4\n"},
};

#define WORKLOAD_COUNT (sizeof(workloads) / sizeof(workloads[0]))

unsigned pirqsim_workload_count(void) { return (unsigned)WORKLOAD_COUNT; }
const char *pirqsim_workload_name(unsigned i) { return i < WORKLOAD_COUNT ? workloads[i].name : NULL; }
const char *pirqsim_workload_summary(unsigned i) { return i < WORKLOAD_COUNT ? workloads[i].summary : NULL; }

/* ---- outcomes ------------------------------------------------------------- */

static const char *const outcome_names[PIRQSIM_OUTCOME_COUNT] = {
	"works", "not applicable", "inconclusive", "degraded", "pirq leak", "pirq exhaustion", "lost interrupts",
	"init failure", "error",
};
static const char *const outcome_codes[PIRQSIM_OUTCOME_COUNT] = {"ok", "na", "??", "DG", "PL", "PX", "LI", "IF", "E!"};

const char *pirqsim_outcome_name(enum pirqsim_outcome o) { return o < PIRQSIM_OUTCOME_COUNT ? outcome_names[o] : "?"; }
const char *pirqsim_outcome_code(enum pirqsim_outcome o) { return o < PIRQSIM_OUTCOME_COUNT ? outcome_codes[o] : "?"; }

bool pirqsim_outcome_is_failure(enum pirqsim_outcome o)
{
	return o >= PIRQSIM_OUTCOME_PIRQ_LEAK && o <= PIRQSIM_OUTCOME_INIT_FAILURE;
}

/* When the checker names no cause, the property decides. */
static enum pirqsim_outcome outcome_of_property(const char *property)
{
	if (strcmp(property, "init-ok") == 0)
		return PIRQSIM_OUTCOME_INIT_FAILURE;
	if (strcmp(property, "no-leak") == 0)
		return PIRQSIM_OUTCOME_PIRQ_LEAK;
	return PIRQSIM_OUTCOME_LOST_IRQ; /* irq-delivery, pirq-exclusive */
}

static enum pirqsim_outcome outcome_of_violation(const pirqsim_result *r, unsigned i)
{
	switch (pirqsim_result_violation_cause(r, i)) {
	case PIRQSIM_CAUSE_LOST_IRQ:
	case PIRQSIM_CAUSE_MISROUTED_IRQ:
	case PIRQSIM_CAUSE_SHARED_PIRQ: return PIRQSIM_OUTCOME_LOST_IRQ;
	case PIRQSIM_CAUSE_INIT_TIMEOUT:
	case PIRQSIM_CAUSE_SETUP_FAILED: return PIRQSIM_OUTCOME_INIT_FAILURE;
	case PIRQSIM_CAUSE_NO_PIRQ: return PIRQSIM_OUTCOME_PIRQ_EXHAUSTION;
	case PIRQSIM_CAUSE_PIRQ_LEAK:
	case PIRQSIM_CAUSE_XEN_IRQ_LEAK: return PIRQSIM_OUTCOME_PIRQ_LEAK;
	case PIRQSIM_CAUSE_DEGRADED: return PIRQSIM_OUTCOME_DEGRADED;
	case PIRQSIM_CAUSE_NONE: break;
	}
	return outcome_of_property(pirqsim_result_violation_property(r, i));
}

enum pirqsim_outcome pirqsim_result_outcome(const pirqsim_result *r, bool pirq_mode)
{
	switch (pirqsim_result_verdict(r)) {
	case PIRQSIM_HOLDS: return pirq_mode ? PIRQSIM_OUTCOME_WORKS : PIRQSIM_OUTCOME_NOT_APPLICABLE;
	case PIRQSIM_INCONCLUSIVE: return PIRQSIM_OUTCOME_INCONCLUSIVE;
	case PIRQSIM_INPUT_ERROR: return PIRQSIM_OUTCOME_ERROR;
	case PIRQSIM_VIOLATED:
	case PIRQSIM_DEGRADED: break;
	}
	enum pirqsim_outcome worst = PIRQSIM_OUTCOME_WORKS;
	for (unsigned i = 0; i < pirqsim_result_violation_count(r); i++) {
		enum pirqsim_outcome o = outcome_of_violation(r, i);
		if (o > worst)
			worst = o;
	}
	return worst == PIRQSIM_OUTCOME_WORKS ? PIRQSIM_OUTCOME_LOST_IRQ : worst;
}

/* ---- cells ---------------------------------------------------------------- */

struct cell {
	char kernel[PIRQSIM_VERSION_MAX], qemu[PIRQSIM_VERSION_MAX], xen[PIRQSIM_VERSION_MAX];
	bool qemu_bundled;
	char knobs[160];
	char name[256];
	enum pirqsim_outcome outcome;
	int deciding;
	enum pirqsim_outcome sub[WORKLOAD_COUNT];
	/* Each sub-check's result, packed (pirqsim_result_pack: a few KiB
	 * where the struct is 64 KiB), NULL when it did not run. */
	uint8_t *packed[WORKLOAD_COUNT];
	size_t packed_size[WORKLOAD_COUNT];
	bool compacted[WORKLOAD_COUNT];
	char error[600];
	double seconds;
};

struct pirqsim_cells {
	unsigned workload[WORKLOAD_COUNT];
	unsigned workload_count;
	struct cell *cell;
	unsigned count, capacity;
	/* The result pirqsim_cell_result unpacked last (a cell list is read
	 * one result at a time). */
	struct shown {
		pirqsim_result *result;
		unsigned cell, workload;
		bool valid;
	} *shown;
	/* while running */
	struct pirqsim_cells_options options;
	unsigned next;
	pthread_mutex_t lock;
};

static int set_error(pirqsim_error *error, const char *text)
{
	/* Reuse the library's own formatting: an unknown-knob error is a message. */
	if (error) {
		struct pirqsim_error *e = error;
		memset(e, 0, sizeof(*e));
		size_t n = strlen(text) < sizeof(e->message) - 1 ? strlen(text) : sizeof(e->message) - 1;
		memcpy(e->message, text, n); /* long lists are cut, never overrun */
		e->message[n] = '\0';
	}
	return -1;
}

static int workload_by_name(const char *name, size_t length)
{
	for (unsigned w = 0; w < WORKLOAD_COUNT; w++)
		if (strlen(workloads[w].name) == length && strncmp(workloads[w].name, name, length) == 0)
			return (int)w;
	return -1;
}

static int parse_workloads(pirqsim_cells *c, const char *list, pirqsim_error *error)
{
	for (const char *p = list; *p;) {
		size_t length = strcspn(p, ",");
		int w = workload_by_name(p, length);
		if (w < 0 || c->workload_count >= WORKLOAD_COUNT) {
			char text[512] = "";
			int n = snprintf(text, sizeof(text), "unknown sub-check '%.*s'; valid: ", (int)length, p);
			for (unsigned i = 0; i < WORKLOAD_COUNT && n > 0 && (size_t)n < sizeof(text); i++)
				n += snprintf(text + n, sizeof(text) - (size_t)n, "%s%s", i ? ", " : "", workloads[i].name);
			return set_error(error, text);
		}
		c->workload[c->workload_count++] = (unsigned)w;
		p += length + (p[length] == ',');
	}
	return c->workload_count ? 0 : set_error(error, "no sub-checks given");
}

pirqsim_cells *pirqsim_cells_new(const char *list, pirqsim_error *error)
{
	pirqsim_cells *c = calloc(1, sizeof(*c));
	if (c && !(c->shown = calloc(1, sizeof(*c->shown)))) {
		free(c);
		c = NULL;
	}
	if (!c) {
		set_error(error, "out of memory");
		return NULL;
	}
	if (list && parse_workloads(c, list, error) != 0) {
		pirqsim_cells_free(c);
		return NULL;
	}
	for (unsigned w = 0; !list && w < WORKLOAD_COUNT; w++)
		c->workload[c->workload_count++] = w;
	return c;
}

void pirqsim_cells_free(pirqsim_cells *c)
{
	if (!c)
		return;
	for (unsigned i = 0; i < c->count; i++)
		for (unsigned w = 0; w < WORKLOAD_COUNT; w++)
			free(c->cell[i].packed[w]);
	free(c->cell);
	if (c->shown)
		pirqsim_result_free(c->shown->result);
	free(c->shown);
	free(c);
}

/* Keep letters, digits, '.', '-' and '_'; anything else becomes '-'. */
static void append_safe(char *out, size_t size, const char *text)
{
	size_t n = strlen(out);
	for (; *text && n + 1 < size; text++)
		out[n++] = (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *text) ? *text : '-');
	out[n] = '\0';
}

static void name_cell(struct cell *cell)
{
	cell->name[0] = '\0';
	append_safe(cell->name, sizeof(cell->name), "linux-");
	append_safe(cell->name, sizeof(cell->name), cell->kernel);
	append_safe(cell->name, sizeof(cell->name), "__xen-");
	append_safe(cell->name, sizeof(cell->name), cell->xen);
	append_safe(cell->name, sizeof(cell->name), strncmp(cell->qemu, "qemu", 4) == 0 ? "__" : "__qemu-");
	append_safe(cell->name, sizeof(cell->name), cell->qemu);
	if (cell->knobs[0]) {
		append_safe(cell->name, sizeof(cell->name), "__");
		append_safe(cell->name, sizeof(cell->name), cell->knobs);
	}
}

static struct cell *cell_slot(pirqsim_cells *c)
{
	if (c->count == c->capacity) {
		unsigned capacity = c->capacity ? c->capacity * 2 : 16;
		struct cell *grown = realloc(c->cell, capacity * sizeof(*grown));
		if (!grown)
			return NULL;
		c->cell = grown;
		c->capacity = capacity;
	}
	struct cell *cell = &c->cell[c->count];
	memset(cell, 0, sizeof(*cell));
	return cell;
}

int pirqsim_cells_add(pirqsim_cells *c, const char *kernel, const char *qemu, const char *xen, const char *knobs,
                      pirqsim_error *error)
{
	if (!qemu && !(qemu = pirqsim_xen_bundled_qemu(xen))) {
		char err[700];
		versions_resolve(COMPONENT_XEN, xen, err, sizeof(err));
		return set_error(error, err);
	}
	if (strlen(kernel) >= PIRQSIM_VERSION_MAX || strlen(qemu) >= PIRQSIM_VERSION_MAX ||
	    strlen(xen) >= PIRQSIM_VERSION_MAX || (knobs && strlen(knobs) >= 160))
		return set_error(error, "release name or knob list too long");
	struct cell *cell = cell_slot(c);
	if (!cell)
		return set_error(error, "out of memory");
	snprintf(cell->kernel, sizeof(cell->kernel), "%s", kernel);
	snprintf(cell->qemu, sizeof(cell->qemu), "%s", qemu);
	snprintf(cell->xen, sizeof(cell->xen), "%s", xen);
	snprintf(cell->knobs, sizeof(cell->knobs), "%s", knobs ? knobs : "");
	cell->qemu_bundled = pirqsim_xen_bundled_qemu(xen) && strcmp(pirqsim_xen_bundled_qemu(xen), qemu) == 0;
	name_cell(cell);
	return (int)c->count++;
}

/* ---- running one cell ----------------------------------------------------- */

static int apply_knobs(pirqsim_spec *spec, const char *knobs, pirqsim_error *error)
{
	char list[160];
	snprintf(list, sizeof(list), "%s", knobs);
	for (char *save = NULL, *item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		if (!eq)
			return set_error(error, "a knob is NAME=VALUE");
		*eq = '\0';
		if (pirqsim_spec_set_knob(spec, item, eq + 1, error) != 0)
			return -1;
	}
	return 0;
}

static pirqsim_model *cell_model(const struct cell *cell, unsigned workload, pirqsim_error *error)
{
	const char *yaml = workloads[workload].yaml;
	pirqsim_spec *spec = pirqsim_spec_new();
	pirqsim_model *model = NULL;
	if (spec && pirqsim_spec_load_string(spec, yaml, strlen(yaml), workloads[workload].name, error) == 0 &&
	    pirqsim_spec_set_version(spec, "kernel", cell->kernel, error) == 0 &&
	    pirqsim_spec_set_version(spec, "qemu", cell->qemu, error) == 0 &&
	    pirqsim_spec_set_version(spec, "xen", cell->xen, error) == 0 && apply_knobs(spec, cell->knobs, error) == 0)
		model = pirqsim_model_new(spec, error);
	pirqsim_spec_free(spec);
	return model;
}

static bool store_filled(const pirqsim_result *r)
{
	return pirqsim_result_verdict(r) == PIRQSIM_INCONCLUSIVE && strstr(pirqsim_result_limit(r), "store");
}

/* Check one sub-check; retry with hash compaction if the store filled. */
static void run_workload(const pirqsim_cells *c, struct cell *cell, unsigned slot, pirqsim_error *error)
{
	unsigned workload = c->workload[slot];
	pirqsim_model *model = cell_model(cell, workload, error);
	if (!model) {
		snprintf(cell->error, sizeof(cell->error), "%s: %s", workloads[workload].name, pirqsim_error_text(error));
		cell->sub[slot] = PIRQSIM_OUTCOME_ERROR;
		return;
	}
	struct pirqsim_check_options o;
	pirqsim_check_options_init(&o);
	o.memory_max = c->options.memory_max;
	o.hash_compact = c->options.hash_compact;
	o.time_max = c->options.time_max;
	o.stop = c->options.stop;
	pirqsim_result *r = pirqsim_check(model, &o);
	if (r && store_filled(r) && !o.hash_compact) {
		pirqsim_result_free(r);
		o.hash_compact = true;
		cell->compacted[slot] = true;
		r = pirqsim_check(model, &o);
	}
	size_t size = r ? pirqsim_result_pack(r, NULL, 0) : 0;
	free(cell->packed[slot]); /* a list run again */
	cell->packed[slot] = size ? malloc(size) : NULL;
	if (cell->packed[slot]) {
		cell->packed_size[slot] = pirqsim_result_pack(r, cell->packed[slot], size);
		cell->sub[slot] = pirqsim_result_outcome(r, pirqsim_model_pirq_mode(model));
	} else {
		cell->sub[slot] = PIRQSIM_OUTCOME_ERROR;
		snprintf(cell->error, sizeof(cell->error), "%s: out of memory", workloads[workload].name);
	}
	pirqsim_result_free(r);
	pirqsim_model_free(model);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void run_cell(const pirqsim_cells *c, struct cell *cell)
{
	double start = now_seconds();
	pirqsim_error *error = pirqsim_error_new();
	cell->outcome = PIRQSIM_OUTCOME_WORKS;
	cell->deciding = -1;
	for (unsigned s = 0; s < c->workload_count; s++) {
		if (c->options.stop && *c->options.stop) { /* interrupted: what is left does not run */
			cell->sub[s] = PIRQSIM_OUTCOME_INCONCLUSIVE;
			snprintf(cell->error, sizeof(cell->error), "%s: interrupted before it ran", workloads[c->workload[s]].name);
		} else if (error)
			run_workload(c, cell, s, error);
		else
			cell->sub[s] = PIRQSIM_OUTCOME_ERROR;
		if (cell->sub[s] > cell->outcome) {
			cell->outcome = cell->sub[s];
			cell->deciding = pirqsim_outcome_is_failure(cell->sub[s]) || cell->sub[s] ==
			                 PIRQSIM_OUTCOME_INCONCLUSIVE ? (int)s : -1;
		}
	}
	pirqsim_error_free(error);
	cell->seconds = now_seconds() - start;
}

/* Another shard's cell: inconclusive until pirqsim_cell_unpack brings it. */
static void not_run(const pirqsim_cells *c, struct cell *cell)
{
	cell->outcome = PIRQSIM_OUTCOME_INCONCLUSIVE;
	cell->deciding = -1;
	for (unsigned s = 0; s < c->workload_count; s++)
		cell->sub[s] = PIRQSIM_OUTCOME_INCONCLUSIVE;
	snprintf(cell->error, sizeof(cell->error), "not run in this shard (%u/%u)", c->options.shard_index,
	         c->options.shard_count);
}

static void *worker(void *data)
{
	pirqsim_cells *c = data;
	for (;;) {
		pthread_mutex_lock(&c->lock);
		unsigned i = c->next++;
		pthread_mutex_unlock(&c->lock);
		if (i >= c->count)
			return NULL;
		if (c->options.shard_count > 1 && i % c->options.shard_count != c->options.shard_index)
			not_run(c, &c->cell[i]);
		else
			run_cell(c, &c->cell[i]);
	}
}

void pirqsim_cells_run(pirqsim_cells *c, const struct pirqsim_cells_options *options)
{
	c->options = *options;
	c->shown->valid = false;
	if (c->options.jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		c->options.jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (c->options.jobs > c->count)
		c->options.jobs = c->count ? c->count : 1;
	if (c->options.memory_max == 0)
		c->options.memory_max = (1ull << 30) / c->options.jobs;
	(void)versions_count(); /* load the table before threads share it */
	c->next = 0;
	pthread_mutex_init(&c->lock, NULL);
	pthread_t thread[256];
	unsigned started = 0;
	while (started < c->options.jobs && started < 256 &&
	       pthread_create(&thread[started], NULL, worker, c) == 0)
		started++;
	if (started == 0)
		worker(c);
	for (unsigned t = 0; t < started; t++)
		pthread_join(thread[t], NULL);
	pthread_mutex_destroy(&c->lock);
}

/* ---- queries -------------------------------------------------------------- */

unsigned pirqsim_cells_count(const pirqsim_cells *c) { return c->count; }
unsigned pirqsim_cells_workload_count(const pirqsim_cells *c) { return c->workload_count; }

const char *pirqsim_cells_workload_name(const pirqsim_cells *c, unsigned w)
{
	return w < c->workload_count ? workloads[c->workload[w]].name : NULL;
}

const char *pirqsim_cell_release(const pirqsim_cells *c, unsigned i, const char *component)
{
	const struct cell *cell = &c->cell[i];
	return strcmp(component, "kernel") == 0 ? cell->kernel : strcmp(component, "qemu") == 0 ? cell->qemu : cell->xen;
}

bool pirqsim_cell_qemu_bundled(const pirqsim_cells *c, unsigned i) { return c->cell[i].qemu_bundled; }
const char *pirqsim_cell_knobs(const pirqsim_cells *c, unsigned i) { return c->cell[i].knobs; }
const char *pirqsim_cell_name(const pirqsim_cells *c, unsigned i) { return c->cell[i].name; }
enum pirqsim_outcome pirqsim_cell_outcome(const pirqsim_cells *c, unsigned i) { return c->cell[i].outcome; }
int pirqsim_cell_deciding(const pirqsim_cells *c, unsigned i) { return c->cell[i].deciding; }
const char *pirqsim_cell_error(const pirqsim_cells *c, unsigned i) { return c->cell[i].error; }
double pirqsim_cell_seconds(const pirqsim_cells *c, unsigned i) { return c->cell[i].seconds; }

enum pirqsim_outcome pirqsim_cell_workload_outcome(const pirqsim_cells *c, unsigned i, unsigned w)
{
	return w < c->workload_count ? c->cell[i].sub[w] : PIRQSIM_OUTCOME_ERROR;
}

const pirqsim_result *pirqsim_cell_result(const pirqsim_cells *c, unsigned i, unsigned w)
{
	if (w >= c->workload_count || !c->cell[i].packed[w])
		return NULL;
	struct shown *s = c->shown;
	if (s->valid && s->cell == i && s->workload == w)
		return s->result;
	s->valid = false;
	if (!s->result && !(s->result = result_alloc()))
		return NULL;
	if (result_unpack_into(s->result, c->cell[i].packed[w], c->cell[i].packed_size[w]) != 0)
		return NULL; /* cannot happen: packed by this process */
	*s = (struct shown){s->result, i, w, true};
	return s->result;
}

bool pirqsim_cell_hash_compacted(const pirqsim_cells *c, unsigned i, unsigned w)
{
	return w < c->workload_count && c->cell[i].compacted[w];
}

/* ---- a cell as bytes (pirqsim-mpi) ----------------------------------------- */

/* The cell's own fields; then, for each sub-check, the size of its packed
 * result (0: none) and the result. */
struct cell_wire {
	char name[sizeof(((struct cell *)0)->name)]; /* which cell: unpack refuses another */
	uint32_t workload_count;
	int32_t outcome, deciding;
	int32_t sub[WORKLOAD_COUNT];
	uint8_t compacted[WORKLOAD_COUNT];
	char error[sizeof(((struct cell *)0)->error)];
	double seconds;
	uint64_t result_bytes[WORKLOAD_COUNT];
};

size_t pirqsim_cell_pack(const pirqsim_cells *c, unsigned i, void *buffer, size_t size)
{
	const struct cell *cell = &c->cell[i];
	struct cell_wire h;
	memset(&h, 0, sizeof(h));
	memcpy(h.name, cell->name, sizeof(h.name));
	h.workload_count = c->workload_count;
	h.outcome = (int32_t)cell->outcome;
	h.deciding = cell->deciding;
	for (unsigned w = 0; w < c->workload_count; w++) {
		h.sub[w] = (int32_t)cell->sub[w];
		h.compacted[w] = cell->compacted[w];
		h.result_bytes[w] = cell->packed[w] ? cell->packed_size[w] : 0;
	}
	memcpy(h.error, cell->error, sizeof(h.error));
	h.seconds = cell->seconds;
	uint8_t *out = buffer;
	size_t used = sizeof(h);
	if (used <= size)
		memcpy(out, &h, sizeof(h));
	for (unsigned w = 0; w < c->workload_count; w++) {
		if (cell->packed[w] && used + h.result_bytes[w] <= size)
			memcpy(out + used, cell->packed[w], (size_t)h.result_bytes[w]);
		used += (size_t)h.result_bytes[w];
	}
	return used;
}

int pirqsim_cell_unpack(pirqsim_cells *c, unsigned i, const void *buffer, size_t size, pirqsim_error *error)
{
	struct cell *cell = &c->cell[i];
	struct cell_wire h;
	if (size < sizeof(h))
		return set_error(error, "a packed cell is shorter than its header");
	memcpy(&h, buffer, sizeof(h));
	if (memcmp(h.name, cell->name, sizeof(h.name)) != 0 || h.workload_count != c->workload_count)
		return set_error(error, "a packed cell is another cell's (were the cell lists the same?)");
	const uint8_t *in = buffer;
	size_t used = sizeof(h);
	uint8_t *packed[WORKLOAD_COUNT] = {0};
	pirqsim_result *check = NULL;
	for (unsigned w = 0; w < c->workload_count; w++) {
		size_t n = (size_t)h.result_bytes[w];
		bool ok = h.result_bytes[w] <= size - used;
		if (ok && n) { /* a result this build can read, kept packed */
			ok = (check || (check = result_alloc())) && result_unpack_into(check, in + used, n) == 0 &&
			     (packed[w] = malloc(n));
			if (ok)
				memcpy(packed[w], in + used, n);
		}
		if (!ok) {
			for (unsigned k = 0; k <= w; k++)
				free(packed[k]);
			pirqsim_result_free(check);
			return set_error(error, "a packed cell's result is cut short or of another build");
		}
		used += n;
	}
	pirqsim_result_free(check);
	if (c->shown->valid && c->shown->cell == i)
		c->shown->valid = false;
	for (unsigned w = 0; w < c->workload_count; w++) {
		free(cell->packed[w]);
		cell->packed[w] = packed[w];
		cell->packed_size[w] = (size_t)h.result_bytes[w];
		cell->sub[w] = (enum pirqsim_outcome)h.sub[w];
		cell->compacted[w] = h.compacted[w];
	}
	cell->outcome = (enum pirqsim_outcome)h.outcome;
	cell->deciding = h.deciding;
	memcpy(cell->error, h.error, sizeof(cell->error));
	cell->error[sizeof(cell->error) - 1] = '\0';
	cell->seconds = h.seconds;
	return 0;
}
