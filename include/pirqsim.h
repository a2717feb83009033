/*
 * pirqsim.h - the one public header of libpirqsim.
 *
 * An executable, version-aware model of how a Xen HVM guest's MSI/MSI-X
 * interrupts get their pirqs (Linux guest kernel, QEMU device model, Xen
 * hypervisor, and the drivers that drive them), and a checker that explores
 * every interleaving of concurrent device initialisation.
 *
 * Handles are opaque.  The library never prints: trace events, progress and
 * diagnostics reach the caller through callbacks.
 */
#ifndef PIRQSIM_H
#define PIRQSIM_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PIRQSIM_VERSION_STRING "0.1.0"

/* Exit statuses shared by the library's verdicts and the CLI. */
enum pirqsim_verdict {
	PIRQSIM_HOLDS = 0,        /* every property holds on every explored state */
	PIRQSIM_VIOLATED = 1,     /* a property is violated; a trail reaches it */
	PIRQSIM_INPUT_ERROR = 2,  /* usage, input or model error */
	PIRQSIM_INCONCLUSIVE = 3, /* a bound was reached before the search finished */
	PIRQSIM_DEGRADED = 4,     /* command line only: every failure property holds, but some
	                           * driver runs degraded (pirqsim_result_degraded) */
};

/* ---- events (trace) ------------------------------------------------------ */

enum pirqsim_component {
	PIRQSIM_LINUX = 0,  /* guest kernel: arch/x86/pci/xen.c, drivers/xen/events, drivers/pci/msi.c */
	PIRQSIM_QEMU,       /* device model: hw/xen/xen_pt*.c or qemu-xen-traditional */
	PIRQSIM_XEN,        /* hypervisor */
	PIRQSIM_DEVICE,     /* the physical PCI device */
	PIRQSIM_DRIVER,     /* the driver (nvme, nic, ...) */
	PIRQSIM_CHECKER,    /* property checks */
	PIRQSIM_COMPONENT_COUNT
};

enum pirqsim_level { PIRQSIM_DEBUG = 0, PIRQSIM_INFO, PIRQSIM_WARNING, PIRQSIM_ERROR };

/* Does a stock build of the real program print a log line?  dev_dbg needs
 * dynamic debug (or DEBUG); QEMU's XEN_PT_LOG and XEN_PT_WARN need
 * XEN_PT_LOGGING_ENABLED, which no release defines; Xen's dprintk exists
 * only in debug builds; a guest-level printk below XENLOG_WARNING needs
 * guest_loglvl raised.  Model notes (an injected fault) are no real line. */
enum pirqsim_printed {
	PIRQSIM_PRINTED = 0,           /* printed by a stock build */
	PIRQSIM_PRINTED_DYNAMIC_DEBUG, /* Linux dev_dbg / pr_debug */
	PIRQSIM_PRINTED_PT_LOGGING,    /* QEMU built with XEN_PT_LOGGING_ENABLED */
	PIRQSIM_PRINTED_XEN_DEBUG,     /* Xen debug build (dprintk) */
	PIRQSIM_PRINTED_XEN_LOGLVL,    /* Xen with guest_loglvl=info or above */
	PIRQSIM_PRINTED_NEVER,         /* pirqsim's own note, not a line of the real program */
	PIRQSIM_PRINTED_COUNT
};
/* "stock", "dynamic debug", "XEN_PT_LOGGING_ENABLED", "Xen debug build", ... */
const char *pirqsim_printed_name(enum pirqsim_printed printed);

#define PIRQSIM_NO_RESULT (-100000)

/* What a scenario may ask for (the model's bounds): devices in a guest,
 * MSI-X vectors (NVMe I/O queues) of a device, MSI pirqs of the domain
 * (Xen's extra_guest_irqs), steps of a trail (--depth-max, --steps-max).
 * Devices x (vectors + 1) is bounded too (the model says so). */
#define PIRQSIM_LIMIT_DEVICES 64
#define PIRQSIM_LIMIT_VECTORS 2048
#define PIRQSIM_LIMIT_EXTRA_GUEST_IRQS 4096
#define PIRQSIM_LIMIT_TRAIL 4096
/* Xen irqs available for MSI (Xen's nr_irqs less its GSIs; default 200). */
#define PIRQSIM_LIMIT_XEN_IRQS 16384

struct pirqsim_event {
	unsigned step;            /* 1-based step of the trail; 0 = quiescence checks */
	int actor;                /* driver instance, -1 = none */
	const char *actor_name;   /* "nvme0" */
	enum pirqsim_component component;
	bool is_log;              /* a log line of the real program, else an operation */
	enum pirqsim_level level; /* log lines */
	const char *operation;    /* operations: "PHYSDEVOP_get_free_pirq" */
	const char *arguments;    /* operations: "type=MSI" */
	int result;               /* operations: return value or PIRQSIM_NO_RESULT */
	const char *text;         /* log lines, with the real prefix:
	                           * "nvme 0000:00:04.0: xen: msi already bound to pirq=79" */
	enum pirqsim_printed printed; /* log lines: does a stock build print it */
};

typedef void (*pirqsim_event_fn)(const struct pirqsim_event *event, void *data);

const char *pirqsim_component_name(enum pirqsim_component component);
const char *pirqsim_errno_name(int negative_errno); /* -17 -> "-EEXIST" */

/* ---- errors -------------------------------------------------------------- */

typedef struct pirqsim_error pirqsim_error;
pirqsim_error *pirqsim_error_new(void);
void pirqsim_error_free(pirqsim_error *error);
/* "file:line:col: message", "file: message" or "message". */
const char *pirqsim_error_text(pirqsim_error *error);

/* ---- scenario specs ------------------------------------------------------ */

typedef struct scenario_spec pirqsim_spec;

pirqsim_spec *pirqsim_spec_new(void);
void pirqsim_spec_free(pirqsim_spec *spec);
int pirqsim_spec_builtin(pirqsim_spec *spec, const char *name, pirqsim_error *error);
int pirqsim_spec_load(pirqsim_spec *spec, const char *path, pirqsim_error *error);
int pirqsim_spec_load_string(pirqsim_spec *spec, const char *text, size_t length, const char *label,
                             pirqsim_error *error);
/* component: "kernel", "qemu" or "xen".  An empty version is an error;
 * NULL unsets it: the default release, and for qemu, when a xen release is
 * set, the device model that Xen release bundles.  Releases are checked
 * against the version table when the model is made (pirqsim_model_new):
 * one no row knows, or past what an open-ended newest row knows, is an
 * error naming the nearest known releases. */
int pirqsim_spec_set_version(pirqsim_spec *spec, const char *component, const char *version,
                             pirqsim_error *error);
int pirqsim_spec_set_knob(pirqsim_spec *spec, const char *knob, const char *value,
                          pirqsim_error *error);
/* driver: "nvme", "nic", "single"; type: "msix", "msi". */
int pirqsim_spec_add_devices(pirqsim_spec *spec, const char *driver, unsigned count,
                             unsigned vectors, const char *type, pirqsim_error *error);
/* The same, each device one of QEMU's own emulated PCI devices (not passed
 * through): its MSI/MSI-X reach the guest by XEN_DMOP_inject_msi. */
int pirqsim_spec_add_emulated_devices(pirqsim_spec *spec, const char *driver, unsigned count,
                                      unsigned vectors, const char *type, pirqsim_error *error);
void pirqsim_spec_clear_devices(pirqsim_spec *spec);
unsigned pirqsim_spec_device_count(const pirqsim_spec *spec);
int pirqsim_spec_set_host(pirqsim_spec *spec, const char *setting, long value,
                          pirqsim_error *error); /* "apicv", "extra-guest-irqs", "nr-irqs-gsi", "hvm-pirq" */
bool pirqsim_spec_is_trail(const pirqsim_spec *spec);
unsigned pirqsim_builtin_count(void);
const char *pirqsim_builtin_name(unsigned index);
const char *pirqsim_builtin_summary(unsigned index);

/* ---- models (a resolved spec) --------------------------------------------- */

typedef struct pirqsim_model pirqsim_model;

pirqsim_model *pirqsim_model_new(const pirqsim_spec *spec, pirqsim_error *error);
void pirqsim_model_free(pirqsim_model *model);
/* One paragraph: versions, resolved knobs with the rows they came from,
 * devices, pirq budget.  Returns the length (snprintf-like). */
size_t pirqsim_model_describe(const pirqsim_model *model, char *out, size_t out_size);
unsigned pirqsim_model_state_bytes(const pirqsim_model *model);
bool pirqsim_model_pirq_mode(const pirqsim_model *model);

/* ---- checking ------------------------------------------------------------ */

/* DFS: depth-first, least memory.  BFS: breadth-first, its counterexample
 * is a shortest one.  RANDOM: seeded random walks. */
enum pirqsim_search { PIRQSIM_SEARCH_DFS = 0, PIRQSIM_SEARCH_BFS, PIRQSIM_SEARCH_RANDOM };

struct pirqsim_progress {
	uint64_t states_stored, states_matched, transitions;
	unsigned depth, depth_max;
	double seconds;
	uint64_t memory_bytes;
	double omission_probability; /* hash compaction: chance a state was missed */
	uint64_t states_reduced;     /* partial-order reduction: states expanded by one actor only */
	uint64_t open_branches;      /* progress of a depth-first search: successors on the stack
	                                not explored yet */
	unsigned threads;            /* threads the search ran on */
};
typedef void (*pirqsim_progress_fn)(const struct pirqsim_progress *progress, void *data);

struct pirqsim_check_options {
	enum pirqsim_search search;
	uint64_t memory_max;       /* bytes for the state store; default half the machine's memory */
	bool hash_compact;         /* keep 64-bit fingerprints only (lossy; see omission) */
	bool xor_rle_store;        /* depth-first search: keep states XOR-RLE coded, as the
	                              breadth-first searches do, instead of tree-compressed
	                              (the same states, more bytes; for comparisons) */
	bool no_symmetry;          /* do not merge states that differ by a permutation of
	                              interchangeable devices (on by default) */
	bool no_por;               /* depth-first search: explore every enabled actor at every
	                              state (partial-order reduction is on by default) */
	bool no_renumber;          /* depth-first search: store pirq numbers as they are (by
	                              default pirqs that stay busy are renumbered canonically) */
	bool no_dead_shadows;      /* depth-first search: keep device-model message shadows that
	                              nothing reads again (by default they are forgotten) */
	unsigned threads;          /* workers of the search (0 or 1: one); the breadth-first
	                              search runs level by level on them */
	double time_max;           /* seconds; 0 = none */
	unsigned depth_max;        /* 0 = PIRQSIM_TRAIL_MAX */
	uint64_t seed;             /* random walks */
	uint64_t walks;            /* random walks to run (0 = 1000) */
	unsigned steps_max;        /* random walks: steps per walk (0 = PIRQSIM_TRAIL_MAX) */
	unsigned shard_index, shard_count; /* random walks: run walk k iff k % count == index */
	/* All violations (SPIN's -c0 -e): the search goes on past every
	 * violation and keeps one trail per distinct violation, the shortest
	 * it found (breadth-first: a shortest one); see pirqsim_result_distinct_*.
	 * Depth-first and breadth-first searches, on any number of threads;
	 * with random walks or pirqsim-mpi the result is an input error. */
	bool all_violations;
	unsigned violations_max;   /* all_violations: distinct violations kept (0 = 64,
	                              at most 1024); one more ends the search
	                              inconclusive, naming the count */
	pirqsim_progress_fn progress; /* called about once a second, may be NULL */
	void *progress_data;
	/* A stop request, may be NULL: once *stop is non-zero (a signal handler
	 * may set it) the search stops where it already polls its bounds and
	 * ends inconclusive, limit "interrupted", with its statistics so far. */
	volatile sig_atomic_t *stop;
	/* A model running real guest code (pirqsim_model_use_real): run the
	 * model's own guest along every explored schedule too and stop at the
	 * first difference in the calls both make at the component boundary
	 * (arguments, results) or in the lines both print: the verdict is then
	 * PIRQSIM_INPUT_ERROR with "model divergence: ..." as its limit, and
	 * the trail reaches it. */
	bool differential;
};
void pirqsim_check_options_init(struct pirqsim_check_options *options);

typedef struct pirqsim_result pirqsim_result;

pirqsim_result *pirqsim_check(const pirqsim_model *model, const struct pirqsim_check_options *options);
void pirqsim_result_free(pirqsim_result *result);
/* A result as bytes, for another process of the same build (pirqsim-mpi
 * sends its cells of a matrix to rank 0): pack returns the bytes it needs
 * and writes them when `size` holds them (0: an all-violations result,
 * which does not pack); unpack returns NULL for bytes that are not a
 * result packed by this build (or out of memory). */
size_t pirqsim_result_pack(const pirqsim_result *result, void *buffer, size_t size);
pirqsim_result *pirqsim_result_unpack(const void *buffer, size_t size);
enum pirqsim_verdict pirqsim_result_verdict(const pirqsim_result *result);
const struct pirqsim_progress *pirqsim_result_statistics(const pirqsim_result *result);
/* Why the search is inconclusive ("state store full at 1 GiB"), or "". */
const char *pirqsim_result_limit(const pirqsim_result *result);
/* Violations found along the trail (the first is what stopped the search;
 * the trail then runs on to quiescence so consequences show). */
unsigned pirqsim_result_violation_count(const pirqsim_result *result);
const char *pirqsim_result_violation_property(const pirqsim_result *result, unsigned index);
const char *pirqsim_result_violation_text(const pirqsim_result *result, unsigned index);
unsigned pirqsim_result_violation_step(const pirqsim_result *result, unsigned index);

/* What a violation is, for classification (matrix cells, advice). */
enum pirqsim_cause {
	PIRQSIM_CAUSE_NONE = 0,
	PIRQSIM_CAUSE_LOST_IRQ,       /* irq-delivery: raised nowhere / dropped */
	PIRQSIM_CAUSE_MISROUTED_IRQ,  /* irq-delivery: reached another handler */
	PIRQSIM_CAUSE_INIT_TIMEOUT,   /* init-ok: an admin command's interrupt was lost */
	PIRQSIM_CAUSE_NO_PIRQ,        /* init-ok: no free pirq (-ENOSPC): exhaustion */
	PIRQSIM_CAUSE_SETUP_FAILED,   /* init-ok: MSI setup failed otherwise */
	PIRQSIM_CAUSE_SHARED_PIRQ,    /* pirq-exclusive */
	PIRQSIM_CAUSE_PIRQ_LEAK,      /* no-leak: a pirq held without owner */
	PIRQSIM_CAUSE_XEN_IRQ_LEAK,   /* no-leak: a Xen irq never linked */
	PIRQSIM_CAUSE_DEGRADED,       /* vectors-granted: fewer vectors, MSI instead of MSI-X, or INTx */
};
enum pirqsim_cause pirqsim_result_violation_cause(const pirqsim_result *result, unsigned index);
/* Is the result *degraded*: violated, but only by vectors-granted (every
 * driver works, some with fewer vectors, MSI instead of MSI-X, or INTx)?
 * The command line's exit status for it is 4. */
bool pirqsim_result_degraded(const pirqsim_result *result);
/* Violations found along the trail beyond those a result keeps (64): said,
 * never dropped silently. */
unsigned pirqsim_result_violations_omitted(const pirqsim_result *result);
/* Device name ("" if none), vector and pirq (-1 if none) of a violation. */
const char *pirqsim_result_violation_device(const pirqsim_result *result, unsigned index);
int pirqsim_result_violation_vector(const pirqsim_result *result, unsigned index);
int pirqsim_result_violation_pirq(const pirqsim_result *result, unsigned index);
/* Its mechanism within the property, as pirqsim_result_distinct_mechanism
 * names it: "shared-pirq/guest-view", "admin-command-timeout", ... */
const char *pirqsim_result_violation_mechanism(const pirqsim_result *result, unsigned index);
unsigned pirqsim_result_trail_length(const pirqsim_result *result);

/* All violations (pirqsim_check_options.all_violations).  A distinct
 * violation is a kind: its property and mechanism (the cause and what went
 * wrong within it, e.g. which view holds a pirq twice, or the route stage
 * where an interrupt is lost), whatever the devices, vectors and pirqs.
 * They are listed by property, then mechanism; each has a trail that
 * reaches a state showing it, run on to quiescence like any trail.  The
 * verdict is PIRQSIM_VIOLATED when any was found and the search finished;
 * a bound (the table full, time, depth, memory) makes it
 * PIRQSIM_INCONCLUSIVE, and those found so far are still listed. */
unsigned pirqsim_result_distinct_count(const pirqsim_result *result);
const char *pirqsim_result_distinct_property(const pirqsim_result *result, unsigned index); /* "init-ok" */
/* Stable within the property: "shared-pirq/guest-view", "lost/not-programmed",
 * "admin-command-timeout", "pirq-reserved", ... */
const char *pirqsim_result_distinct_mechanism(const pirqsim_result *result, unsigned index);
/* The violation as its trail's replay shows it first (real devices and pirqs). */
const char *pirqsim_result_distinct_text(const pirqsim_result *result, unsigned index);
unsigned pirqsim_result_distinct_step(const pirqsim_result *result, unsigned index);
enum pirqsim_cause pirqsim_result_distinct_cause(const pirqsim_result *result, unsigned index);
/* The replay of its trail: a result like pirqsim_check's (verdict, every
 * violation on the way, trail; pirqsim_result_trail_yaml writes the trail,
 * naming this property).  Owned by `result`; NULL past the end. */
const pirqsim_result *pirqsim_result_distinct_replay(const pirqsim_result *result, unsigned index);
/* Random walks: the seed of the walk that ended the run (violation or
 * bound), which `pirqsim run --seed` replays; its index into *walk. */
uint64_t pirqsim_result_walk_seed(const pirqsim_result *result, uint64_t *walk);
/* Write the trail (scenario + choices) as YAML; returns the needed size. */
size_t pirqsim_result_trail_yaml(const pirqsim_result *result, char *out, size_t out_size);

/* ---- real guest code ----------------------------------------------------- */

/* An object built from a Linux tree by `pirqsim build-real` (the tree's
 * MSI-path functions compiled against pirqsim's kernel shim,
 * src/real/README.md).  pirqsim_model_use_real makes `model` run it as its
 * guest kernel, in place of the modelled one: pirqsim_check then explores
 * every schedule of the real code against the modelled QEMU and Xen
 * (depth-first, states matched by their bytes), and replays, exports and
 * random walks run the real code too.  It refuses (-1, error) a model whose
 * guest does not use pirqs, emulated devices and faults.  One model per
 * object at a time; not thread-safe. */
typedef struct pirqsim_real pirqsim_real;
pirqsim_real *pirqsim_real_load(const char *object, pirqsim_error *error);
void pirqsim_real_free(pirqsim_real *real);
const char *pirqsim_real_release(const pirqsim_real *real);
int pirqsim_model_use_real(pirqsim_model *model, pirqsim_real *real, pirqsim_error *error);
/* A search of real code: the complete schedules (executions to
 * quiescence) it covered, and the mean bytes of a stored state. */
double pirqsim_result_schedules(const pirqsim_result *result);
/* --differential stopped at a difference between the real code and the
 * model (the verdict is PIRQSIM_INPUT_ERROR, the limit says what differs);
 * its trail reaches the step where it shows, replayable with the same code. */
bool pirqsim_result_divergence(const pirqsim_result *result);
/* The real guest a trail was found with ("linux-6.1.192"), "" for the model's. */
const char *pirqsim_spec_real_guest(const pirqsim_spec *spec);
uint64_t pirqsim_result_snapshot_bytes(const pirqsim_result *result);

/* Real QEMU: an object built from a QEMU tree's hw/xen/xen_pt_msi.c and the
 * MSI/MSI-X register writers of xen_pt_config_init.c (tools/real/
 * build_qemu.py) as the device model of `model`, with the real guest of
 * pirqsim_model_use_real (call that first) or with the modelled one.  It
 * refuses (-1, error) qemu-xen-traditional, emulated devices and faults. */
typedef struct pirqsim_real_qemu pirqsim_real_qemu;
pirqsim_real_qemu *pirqsim_real_qemu_load(const char *object, pirqsim_error *error);
void pirqsim_real_qemu_free(pirqsim_real_qemu *real);
const char *pirqsim_real_qemu_release(const pirqsim_real_qemu *real);
int pirqsim_model_use_real_qemu(pirqsim_model *model, pirqsim_real_qemu *real, pirqsim_error *error);
/* Differential (under the modelled guest): each trapped write also runs
 * the model's QEMU rule on a copy of the state; the first difference in
 * QEMU's calls to Xen or in the state after stops the search as an input
 * error whose limit text reads "model divergence: ...". */
void pirqsim_real_qemu_differential(pirqsim_real_qemu *real, bool on);

/* ---- replay -------------------------------------------------------------- */

/* Replay the choices of a trail spec on `model` (built from the same spec),
 * sending every event to `sink`; then check properties at quiescence.  The
 * returned result holds the violations seen.  A choice that names an actor
 * that cannot move is an input error. */
pirqsim_result *pirqsim_replay(const pirqsim_model *model, const pirqsim_spec *trail,
                               pirqsim_event_fn sink, void *sink_data, pirqsim_error *error);

/* Counterfactual replay: "what would this exact interleaving do on the
 * fixed kernel?"  The schedule of `trail` (its sequence of actor choices)
 * is replayed on `original` (the trail's own model, with its integrity
 * checks) and on `model` (another configuration of the same devices: other
 * releases, knobs, faults or host settings).  The counterfactual follows the
 * schedule for as long as it applies (the chosen actor can move), then runs
 * on to quiescence (lowest enabled actor first) and checks the properties.
 * Events of the two runs go to their sinks (either may be NULL).  Returns
 * the counterfactual's result (its trail is the schedule it ran), or NULL
 * with `error` when the trail does not replay on `original`, the device
 * lists differ, or memory ran out. */
struct pirqsim_counterfactual {
	unsigned schedule_steps;  /* choices in the trail */
	unsigned original_steps;  /* steps of the original replay */
	unsigned followed;        /* leading choices of the schedule the counterfactual took */
	unsigned steps;           /* steps of the counterfactual, to quiescence */
	unsigned diverge_step;    /* first step whose events differ (1-based), 0 = none */
	int blocked_actor;        /* the actor the schedule chose at step followed + 1, which
	                             cannot move there; -1 if the whole schedule applied */
	char blocked_actor_name[32];
};
pirqsim_result *pirqsim_replay_counterfactual(const pirqsim_model *original, const pirqsim_model *model,
                                              const pirqsim_spec *trail, pirqsim_event_fn original_sink,
                                              void *original_data, pirqsim_event_fn sink, void *sink_data,
                                              struct pirqsim_counterfactual *out, pirqsim_error *error);

/* ---- properties ---------------------------------------------------------- */

unsigned pirqsim_property_count(void);
const char *pirqsim_property_name(unsigned index);
const char *pirqsim_property_summary(unsigned index);

/* ---- versions ------------------------------------------------------------ */

unsigned pirqsim_version_row_count(void);
/* Fill the fields of row `index`; returns false past the end. */
bool pirqsim_version_row(unsigned index, const char **component, const char **label,
                         const char **from, const char **until, char *knobs, size_t knobs_size,
                         bool *verified, const char **source, const char **bundled_qemu);
const char *pirqsim_version_table_error(void);
/* Every knob with its values and what it means, one per line. */
size_t pirqsim_knobs_describe(char *out, size_t out_size);


/* ==== compatibility matrix, backport advice, bisect (issue 3) ============ *
 * Every outcome below comes from running the model with pirqsim_check; the
 * library only chooses the cells, runs them (in parallel) and classifies. */

/* The device model that Xen release `xen_release` gives an HVM guest by
 * default (the version table's bundled-qemu column), or NULL when the
 * release does not resolve. */
const char *pirqsim_xen_bundled_qemu(const char *xen_release);

/* Named release sets ("supported-2017", "rows", ...) of a component. */
unsigned pirqsim_release_set_count(void);
bool pirqsim_release_set(unsigned index, const char **component, const char **name, const char **members,
                         const char **summary);
/* Expand `list` (comma-separated releases and named sets of `component`:
 * "kernel", "qemu" or "xen") into releases that each resolve.  Returns a
 * NULL-terminated array to free with pirqsim_releases_free, or NULL with an
 * error that lists the valid names. */
char **pirqsim_releases_expand(const char *component, const char *list, unsigned *count, pirqsim_error *error);
void pirqsim_releases_free(char **releases);
/* "g-reuse: reuse-if-known -> always-fresh, ..." between the knobs that two
 * releases of `component` resolve to ("" if none differ); the length. */
size_t pirqsim_release_knob_diff(const char *component, const char *a, const char *b, char *out, size_t out_size);
/* The label of the version-table row `release` resolves to, or NULL. */
const char *pirqsim_release_row_label(const char *component, const char *release);
/* Bisect candidates: `low`, the `from` of every row of `component` strictly
 * inside (low, high), and `high`, in release order. */
char **pirqsim_bisect_candidates(const char *component, const char *low, const char *high, unsigned *count,
                                 pirqsim_error *error);

/* Sub-checks of a cell: each is its own model with its own devices. */
unsigned pirqsim_workload_count(void);
const char *pirqsim_workload_name(unsigned index);
const char *pirqsim_workload_summary(unsigned index);

/* A cell's (or sub-check's) outcome, in increasing order of severity: a
 * cell takes the most severe outcome of its sub-checks. */
enum pirqsim_outcome {
	PIRQSIM_OUTCOME_WORKS = 0,
	PIRQSIM_OUTCOME_NOT_APPLICABLE, /* pirq path not used (pirqsim_model_pirq_mode false) */
	PIRQSIM_OUTCOME_INCONCLUSIVE,   /* a bound was reached, nothing violated so far */
	PIRQSIM_OUTCOME_DEGRADED,       /* works, with fewer vectors, MSI instead of MSI-X, or INTx */
	PIRQSIM_OUTCOME_PIRQ_LEAK,      /* no-leak */
	PIRQSIM_OUTCOME_PIRQ_EXHAUSTION,/* no free pirq (-ENOSPC) */
	PIRQSIM_OUTCOME_LOST_IRQ,       /* lost, misrouted or shared interrupts */
	PIRQSIM_OUTCOME_INIT_FAILURE,   /* a driver failed to initialise */
	PIRQSIM_OUTCOME_ERROR,          /* the cell's model could not be built */
	PIRQSIM_OUTCOME_COUNT
};
const char *pirqsim_outcome_name(enum pirqsim_outcome outcome);  /* "init failure" */
const char *pirqsim_outcome_code(enum pirqsim_outcome outcome);  /* two letters: "IF" */
bool pirqsim_outcome_is_failure(enum pirqsim_outcome outcome);
/* The outcome of one check: the most severe cause among its violations. */
enum pirqsim_outcome pirqsim_result_outcome(const pirqsim_result *result, bool pirq_mode);

typedef struct pirqsim_cells pirqsim_cells;
/* `workloads`: comma-separated sub-check names, NULL = all. */
pirqsim_cells *pirqsim_cells_new(const char *workloads, pirqsim_error *error);
void pirqsim_cells_free(pirqsim_cells *cells);
/* Add a cell; qemu NULL = the Xen release's bundled device model; knobs
 * "name=value,..." or NULL.  Returns its index, or -1 with `error`. */
int pirqsim_cells_add(pirqsim_cells *cells, const char *kernel, const char *qemu, const char *xen,
                      const char *knobs, pirqsim_error *error);
struct pirqsim_cells_options {
	unsigned jobs;          /* threads; 0 = online CPUs */
	uint64_t memory_max;    /* state store of one cell; 0 = 1 GiB / jobs */
	bool hash_compact;      /* from the start; otherwise only to retry a cell whose store filled */
	double time_max;        /* seconds per sub-check; 0 = none */
	volatile sig_atomic_t *stop; /* as in pirqsim_check_options: the running
	                                sub-checks end inconclusive, the cells not
	                                started yet do not run (inconclusive) */
	unsigned shard_index;   /* with shard_count > 1: run only the cells i with */
	unsigned shard_count;   /* i % shard_count == shard_index; the others stay
	                           inconclusive ("not run") until a pirqsim_cell_unpack */
};
void pirqsim_cells_run(pirqsim_cells *cells, const struct pirqsim_cells_options *options);
unsigned pirqsim_cells_count(const pirqsim_cells *cells);
unsigned pirqsim_cells_workload_count(const pirqsim_cells *cells);
const char *pirqsim_cells_workload_name(const pirqsim_cells *cells, unsigned workload);
/* component: "kernel", "qemu" (the resolved one) or "xen". */
const char *pirqsim_cell_release(const pirqsim_cells *cells, unsigned cell, const char *component);
bool pirqsim_cell_qemu_bundled(const pirqsim_cells *cells, unsigned cell);
const char *pirqsim_cell_knobs(const pirqsim_cells *cells, unsigned cell);
/* File-name-safe name: "linux-4.10__xen-4.8__qemu-xen-4.8.0". */
const char *pirqsim_cell_name(const pirqsim_cells *cells, unsigned cell);
enum pirqsim_outcome pirqsim_cell_outcome(const pirqsim_cells *cells, unsigned cell);
/* The sub-check that decided the outcome, -1 if the cell works or failed to build. */
int pirqsim_cell_deciding(const pirqsim_cells *cells, unsigned cell);
enum pirqsim_outcome pirqsim_cell_workload_outcome(const pirqsim_cells *cells, unsigned cell, unsigned workload);
/* NULL when the sub-check did not run (model error: see pirqsim_cell_error).
 * The cells keep their results packed (a few KiB each: the whole version
 * table's 10,626 results would take 680 MiB as they are); the result
 * returned is unpacked for this call and stays valid until the next
 * pirqsim_cell_result on the same cells.  Not for concurrent readers. */
const pirqsim_result *pirqsim_cell_result(const pirqsim_cells *cells, unsigned cell, unsigned workload);
bool pirqsim_cell_hash_compacted(const pirqsim_cells *cells, unsigned cell, unsigned workload);
const char *pirqsim_cell_error(const pirqsim_cells *cells, unsigned cell);
double pirqsim_cell_seconds(const pirqsim_cells *cells, unsigned cell); /* timing only */
/* A run cell as bytes, for the same cell of the same cell list in another
 * process of the same build (pirqsim-mpi: every rank runs its shard and
 * rank 0 takes the others' cells).  pack returns the bytes it needs and
 * writes them when `size` holds them; unpack replaces the cell's outcome
 * and results, or fails (-1 with `error`) on bytes of another cell or
 * build. */
size_t pirqsim_cell_pack(const pirqsim_cells *cells, unsigned cell, void *buffer, size_t size);
int pirqsim_cell_unpack(pirqsim_cells *cells, unsigned cell, const void *buffer, size_t size, pirqsim_error *error);

/* Known fixes: id, subject, the component, knob and value that model it. */
unsigned pirqsim_fix_count(void);
bool pirqsim_fix(unsigned index, const char **id, const char **subject, const char **knob, const char **value,
                 const char **source);
/* Index of the fix `id` names (a prefix of at least 7 hex digits, or the
 * full id), or -1 with an error listing the known fixes. */
int pirqsim_fix_find(const char *id, pirqsim_error *error);
/* For stable tree `tree` ("4.4"): the last release before fix `fix` and the
 * first with it (`after`), or, when the table has no fixed release in the
 * tree, `after` = `before` and *as_knob = true (apply the fix's knob).
 * *already = true when the tree's first release already has it. */
int pirqsim_fix_tree(unsigned fix, const char *tree, char *before, size_t before_size, char *after,
                     size_t after_size, bool *as_knob, bool *already, pirqsim_error *error);


/* ==== exports and minimal counterexamples (issue 4) ====================== *
 * A trace is the list of events of one replay (pirqsim_trace_event is a
 * pirqsim_event_fn), rendered for people: the text of `pirqsim run`,
 * Chrome/Perfetto trace JSON, Mermaid sequenceDiagram, a plain-text message
 * sequence chart (<= 100 columns) and JSON Lines (docs/trace-formats.md). */

enum pirqsim_format {
	PIRQSIM_FORMAT_TEXT = 0,  /* the trace of `pirqsim run --trail` */
	PIRQSIM_FORMAT_PERFETTO,  /* Chrome Trace Event JSON: Perfetto UI, chrome://tracing */
	PIRQSIM_FORMAT_MERMAID,   /* Mermaid sequenceDiagram (GitHub, GitLab) */
	PIRQSIM_FORMAT_MSC,       /* plain-text message sequence chart */
	PIRQSIM_FORMAT_JSONL,     /* JSON Lines, "format": "pirqsim-events/1" in every line */
	PIRQSIM_FORMAT_COUNT
};
const char *pirqsim_format_name(enum pirqsim_format format);
/* The format called `name`, or -1. */
int pirqsim_format_by_name(const char *name);

typedef struct pirqsim_trace pirqsim_trace;
pirqsim_trace *pirqsim_trace_new(void);
void pirqsim_trace_free(pirqsim_trace *trace);
/* A pirqsim_event_fn: copies `event` into the trace given as `data`. */
void pirqsim_trace_event(const struct pirqsim_event *event, void *data);
unsigned pirqsim_trace_event_count(const pirqsim_trace *trace);
/* Render the trace.  `model` (the one replayed; names the participants and
 * the versions) and `result` (the replay's: verdict and violations) may be
 * NULL.  Returns a NUL-terminated text to release with free(), its length
 * in *length (may be NULL); NULL when out of memory. */
char *pirqsim_trace_render(const pirqsim_trace *trace, const pirqsim_model *model, const pirqsim_result *result,
                           enum pirqsim_format format, size_t *length);

/* A trail document (YAML) for the scenario of `scenario` with `choices`;
 * `property` names the violation it shows ("" or NULL for none).  Returns
 * the size the full text needs (snprintf-like). */
size_t pirqsim_trail_yaml(const pirqsim_spec *scenario, const uint8_t *choices, unsigned count,
                          const char *property, char *out, size_t out_size);

/* Minimal counterexamples.  Both minimisations keep the trail's first
 * violated property as the first one the replay finds; they work on the
 * prefix up to the step where it shows, then (unless stop_at_violation)
 * let each actor run on to quiescence so the consequences still show. */
enum {
	PIRQSIM_MINIMIZE_CONTEXT_SWITCHES = 1, /* fewest switches between actors (bounded search) */
	PIRQSIM_MINIMIZE_DROP_STEPS = 2,       /* drop actor runs and steps (delta debugging) */
};
struct pirqsim_minimize_options {
	unsigned what;             /* PIRQSIM_MINIMIZE_* bits; 0 = both */
	uint64_t replays_max;      /* candidate replays in all; 0 = 200000 */
	unsigned switches_max;     /* highest context-switch bound tried; 0 = 12 */
	bool stop_at_violation;    /* the written trail ends where the violation shows */
};
struct pirqsim_minimize_summary {
	char property[32];                  /* the first violated property, kept */
	unsigned steps_before, steps_after; /* steps up to the violation */
	unsigned switches_before, switches_after; /* context switches up to it */
	unsigned trail_steps;               /* steps of the written trail */
	unsigned applied;                   /* PIRQSIM_MINIMIZE_* bits that ran */
	bool switches_minimal;  /* proved: no trail with fewer switches violates it first */
	bool steps_minimal;     /* 1-minimal: no single step or actor run can be dropped */
	bool inconclusive;      /* a bound was reached; the trail is the best found */
	char limit[160];        /* which bound, or "" */
	uint64_t replays;       /* candidate trails replayed */
	/* Never worse than the input: the result is never longer (steps up to
	 * the violation, steps of the written trail), its first violation is the
	 * same property naming the same devices; when nothing is shorter and
	 * nothing has fewer switches, the input is the result (`unchanged`). */
	unsigned input_steps;   /* steps of the input trail */
	char devices[64];       /* the devices the first violation names, "nvme0 nvme1"; kept */
	bool unchanged;         /* nothing better was found: the result is the input */
	char note[200];         /* why a candidate was set aside, or "" */
};
/* Returns NULL with `error` when the trail does not fit the model or shows
 * no violation. */
typedef struct pirqsim_minimized pirqsim_minimized;
pirqsim_minimized *pirqsim_minimize(const pirqsim_model *model, const pirqsim_spec *trail,
                                    const struct pirqsim_minimize_options *options, pirqsim_error *error);
void pirqsim_minimized_free(pirqsim_minimized *minimized);
const struct pirqsim_minimize_summary *pirqsim_minimized_summary(const pirqsim_minimized *minimized);
/* The minimised trail as a trail document; snprintf-like. */
size_t pirqsim_minimized_trail_yaml(const pirqsim_minimized *minimized, char *out, size_t out_size);
/* Context switches of a choice sequence (adjacent choices that differ). */
unsigned pirqsim_context_switches(const uint8_t *choices, unsigned count);
/* The choices of a trail spec (pirqsim_spec_load of a trail document). */
unsigned pirqsim_spec_choices(const pirqsim_spec *trail, const uint8_t **choices);
const char *pirqsim_spec_trail_property(const pirqsim_spec *trail);
/* ==== end of issue 4 ===================================================== */

/* ==== trust (issue 5) ===================================================== */

/* The model's rule-set hash (16 hex digits): a trail records the one that
 * wrote it, and replay tells "model changed" from "trail corrupted". */
const char *pirqsim_rules_hash(void);
/* Add an injected fault (docs/faults.md): "map-pirq-enomem", "flr",
 * "reload@nvme1", ...; an unknown name's error lists the valid ones. */
int pirqsim_spec_add_fault(pirqsim_spec *spec, const char *name, pirqsim_error *error);
/* ==== end of issue 5 ===================================================== */

/* ---- reading real logs (src/trace/logread.c) ---------------------------- *
 * `pirqsim explain`'s readers: guest dmesg (with or without timestamps,
 * journalctl -k, syslog), QEMU's device-model log (stock and
 * XEN_PT_LOGGING_ENABLED builds, qemu-xen-traditional) and xl dmesg.  Each
 * line becomes a record: where it comes from, the message with its
 * prefixes stripped (kept in `prefix`), the device or domain/vcpu the
 * prefix names, and whether it is one of the lines the model prints (the
 * matchers come from the model's own format strings), looks like this
 * path but matches none ("not understood"), or is unrelated.  Versions are
 * inferred from banners and from which formats the lines use.  Nothing is
 * printed. */
enum pirqsim_log_source { PIRQSIM_LOG_GUEST = 0, PIRQSIM_LOG_QEMU, PIRQSIM_LOG_XEN, PIRQSIM_LOG_SOURCE_COUNT };
enum pirqsim_log_class {
	PIRQSIM_LOG_THIS_PATH = 0,      /* a line the model can print */
	PIRQSIM_LOG_NOT_UNDERSTOOD,     /* mentions pirq / MSI / xen_pt, matches no known format */
	PIRQSIM_LOG_UNRELATED,          /* skipped */
	PIRQSIM_LOG_CLASS_COUNT
};
struct pirqsim_log_record {
	const char *file;               /* the name given to pirqsim_log_add */
	unsigned line_number;           /* 1-based */
	enum pirqsim_log_source source;
	enum pirqsim_log_class class_;
	bool failure;                   /* this path: an error or warning line */
	const char *line;               /* the line as read */
	const char *prefix;             /* what was stripped: timestamps, syslog header, "(XEN) ", tags */
	const char *message;            /* the normalised message */
	const char *device;             /* "00:05.0", "0000:00:05.0", "nvme0", or "" */
	const char *function;           /* QEMU's function, Xen's dprintk file, or "" */
	int domain, vcpu;               /* from "dN vN" / "dNvN" tags, -1 if none (idle: -2) */
	const char *format;             /* this path: the model's format string it matched, else NULL */
};
struct pirqsim_log_evidence {
	const char *component;          /* "kernel", "qemu", "xen" */
	const char *value;              /* "5.10.0-21-amd64" (banner), ">= 4.10", "< 6.0", "qemu-xen-traditional" */
	bool banner;                    /* a version banner (exact), else what a line's format reveals */
	const char *why;                /* what the line shows */
	const char *file;
	unsigned line_number;
	const char *line;
};
typedef struct pirqsim_log pirqsim_log;
pirqsim_log *pirqsim_log_new(void);
void pirqsim_log_free(pirqsim_log *log);
/* Reads `length` bytes of one log; 0, or -ENOMEM. */
int pirqsim_log_add(pirqsim_log *log, const char *file, const char *text, size_t length);
size_t pirqsim_log_record_count(const pirqsim_log *log);
const struct pirqsim_log_record *pirqsim_log_record_at(const pirqsim_log *log, size_t index);
size_t pirqsim_log_evidence_count(const pirqsim_log *log);
const struct pirqsim_log_evidence *pirqsim_log_evidence_at(const pirqsim_log *log, size_t index);
/* The version the evidence decides for "kernel", "qemu" or "xen": a
 * banner's, else the bounds the lines set (">= 2.4, < 6.0"), else "". */
const char *pirqsim_log_version(const pirqsim_log *log, const char *component);
/* What decided it: "the Linux version banner, FILE:LINE", "what the formats
 * of the lines show (N pieces of evidence)", with "; conflict: ..." when a
 * banner lies outside what the lines' formats allow (a backport, or mixed
 * logs); "" when nothing did. */
const char *pirqsim_log_version_basis(const pirqsim_log *log, const char *component);
const char *pirqsim_log_source_name(enum pirqsim_log_source source);
const char *pirqsim_log_class_name(enum pirqsim_log_class class_);
/* What kind of log a file looked like: "xl dmesg", "qemu log", "dmesg",
 * "journalctl -k", "syslog", "mixed" (as many lines of two kinds), or "unknown". */
const char *pirqsim_log_file_format(const pirqsim_log *log, const char *file);

/* ---- explaining real logs (src/trace/conform.c) --------------------------- *
 * The conformance search behind `pirqsim explain`: for each candidate
 * configuration (the releases the logs show or the caller gives, the
 * releases a range of them allows, the drivers and device counts the lines
 * show), search the model's interleavings for one whose printed lines match
 * the observed ones, in order, per lane (guest, QEMU, Xen).  Trace
 * inclusion with unobservable steps: a line a stock build does not print
 * (unless the lane shows a line of its class: dynamic debug, a debug
 * build), and every line of a lane no log was given for, may be absent;
 * every observed line of this path must be matched in order, and a step
 * that prints a line the lane must show that is not its next one is pruned.
 * Lines match by the model's format and its words and results; pirq, irq
 * and vector numbers and device names are mapped (device names one to one).
 * A match must end at quiescence.  The explanation is the match whose run
 * violates a property; its trail replays with `pirqsim run --trail`, and
 * counterfactual replays of it on other releases and host settings say
 * what cures it.  Nothing is printed; every answer comes from running the
 * model. */
struct pirqsim_explain_options {
	const char *kernel, *qemu, *xen; /* override what the logs show; NULL: the logs' */
	uint64_t states_max;             /* per configuration; 0 = 200000 */
	unsigned configurations_max;     /* 0 = 1000 */
	double time_max;                 /* seconds in all; 0 = none */
	volatile sig_atomic_t *stop;     /* as in pirqsim_check_options */
};
void pirqsim_explain_options_init(struct pirqsim_explain_options *options);

enum pirqsim_explain_outcome {
	PIRQSIM_EXPLAIN_NO_MATCH = 0,  /* no interleaving prints the observed lines */
	PIRQSIM_EXPLAIN_MATCH,         /* one does, without violating a property */
	PIRQSIM_EXPLAIN_EXPLAINED,     /* one does and violates a property */
	PIRQSIM_EXPLAIN_BOUND,         /* the search reached its state bound first */
	PIRQSIM_EXPLAIN_ERROR,         /* the configuration does not build or the model does not cover it */
};
const char *pirqsim_explain_outcome_name(enum pirqsim_explain_outcome outcome);

struct pirqsim_explain_configuration {
	const char *kernel, *qemu, *xen; /* the releases asked for ("" = default, qemu "": Xen's bundled) */
	const char *describe;            /* "Linux 4.10 [...], QEMU 2.8 [...], Xen 4.8 [...]" */
	const char *devices;             /* "2 x nvme (msix, 2 vectors)" */
	const char *same_as;             /* the releases of configurations the model cannot tell
	                                    from this one (same knobs and devices), "" if none */
	enum pirqsim_explain_outcome outcome;
	const char *note;                /* an error, or "" */
	uint64_t states, transitions;
	unsigned lines_placed;           /* the most observed lines one interleaving placed */
	double seconds;
};

/* A log line the chosen trail prints, in order, and the observed line it
 * matched (record (size_t)-1: none; a line a stock build does not print,
 * or one of a program no log was given for). */
struct pirqsim_explain_alignment {
	size_t record;                   /* pirqsim_log_record_at index */
	unsigned step;                   /* 1-based step of the trail that printed it */
	const char *actor;               /* "nvme1" */
	const char *model_line;          /* the line the model printed */
	enum pirqsim_printed printed;
};

/* A counterfactual replay of the explaining trail on another configuration. */
struct pirqsim_explain_cure {
	const char *component;           /* "kernel", "qemu", "xen" or "host" */
	const char *change;              /* "4.11-rc1", "hvm_pirq=0", "extra_guest_irqs=64" */
	const char *label;               /* the version-table row, or what the setting does */
	bool cures;                      /* no failure property violated */
	enum pirqsim_verdict verdict;    /* of the counterfactual */
	const char *first_violation;     /* "property: text", or "" */
	unsigned diverge_step;           /* first step whose events differ, 0 = none */
};

typedef struct pirqsim_explanation pirqsim_explanation;
/* NULL with `error` only when out of memory or the options are wrong (a
 * release no row knows); a search bound is an answer (BOUND). */
pirqsim_explanation *pirqsim_explain(const pirqsim_log *log, const struct pirqsim_explain_options *options,
                                     pirqsim_error *error);
void pirqsim_explanation_free(pirqsim_explanation *explanation);
/* HOLDS: no observed line shows a failure of this path (no search ran);
 * VIOLATED: a configuration explains the failure; INCONCLUSIVE: none does
 * ("not explained", or a bound: see pirqsim_explanation_limit). */
enum pirqsim_verdict pirqsim_explanation_verdict(const pirqsim_explanation *explanation);
/* Why the answer is bounded ("the search of 3 configurations reached 200000 states"), or "". */
const char *pirqsim_explanation_limit(const pirqsim_explanation *explanation);
unsigned pirqsim_explanation_lane_lines(const pirqsim_explanation *explanation, enum pirqsim_log_source lane,
                                        bool *observed);
unsigned pirqsim_explanation_configuration_count(const pirqsim_explanation *explanation);
const struct pirqsim_explain_configuration *pirqsim_explanation_configuration(const pirqsim_explanation *explanation,
                                                                              unsigned index);
/* Index of the configuration the answer shows (the first that explains,
 * else the first that matched), or -1. */
int pirqsim_explanation_chosen(const pirqsim_explanation *explanation);
/* A configuration explains the lines of this path, but the logs also have
 * lines that look like this path and that no step of the model prints
 * ("not understood", listed among the unplaced lines): the verdict is
 * INCONCLUSIVE (not explained); the explanation of the rest is kept. */
bool pirqsim_explanation_partial(const pirqsim_explanation *explanation);
/* Configurations whose search explains the logs. */
unsigned pirqsim_explanation_explaining_count(const pirqsim_explanation *explanation);
/* The chosen configuration's model and the replay of its trail (verdict,
 * violations in check's words, the sealed trail: pirqsim_result_trail_yaml);
 * NULL when none was chosen. */
const pirqsim_model *pirqsim_explanation_model(const pirqsim_explanation *explanation);
const pirqsim_result *pirqsim_explanation_result(const pirqsim_explanation *explanation);
unsigned pirqsim_explanation_alignment_count(const pirqsim_explanation *explanation);
const struct pirqsim_explain_alignment *pirqsim_explanation_alignment(const pirqsim_explanation *explanation,
                                                                      unsigned index);
/* Observed lines no interleaving of any configuration placed: when nothing
 * explains them, the lines of this path after the longest placed prefix of
 * their lane; and every line that looks like this path but matches no
 * format of the model (not understood).  Record indexes. */
unsigned pirqsim_explanation_unplaced_count(const pirqsim_explanation *explanation);
size_t pirqsim_explanation_unplaced(const pirqsim_explanation *explanation, unsigned index);
unsigned pirqsim_explanation_cure_count(const pirqsim_explanation *explanation);
const struct pirqsim_explain_cure *pirqsim_explanation_cure(const pirqsim_explanation *explanation, unsigned index);

/* ---- escaping text (src/base/text.c) -------------------------------------- *
 * The one JSON string escaper and the one HTML escaper, shared by the
 * library's exports and the command line.  The escaped text goes to
 * `write` in runs of bytes (never NUL-terminated; `length` > 0), so the
 * caller decides where: a growing buffer, a FILE. */
typedef void (*pirqsim_write_fn)(const char *bytes, size_t length, void *data);
/* `text` as a JSON string, quotes included: '"' and '\' as \" and \\, a
 * line feed as \n, every other byte below 0x20 as \u00XX, all other bytes
 * (UTF-8 included) as they are.  NULL is written as "". */
void pirqsim_json_string(const char *text, pirqsim_write_fn write, void *data);
/* `text` for HTML element content and double-quoted attribute values:
 * < > & " as &lt; &gt; &amp; &quot;, all other bytes as they are.  NULL
 * writes nothing. */
void pirqsim_html_text(const char *text, pirqsim_write_fn write, void *data);

#ifdef __cplusplus
}
#endif
#endif
