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

#define PIRQSIM_NO_RESULT (-100000)

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
	const char *text;         /* log lines: "xen: msi already bound to pirq=79" */
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
/* component: "kernel", "qemu" or "xen". */
int pirqsim_spec_set_version(pirqsim_spec *spec, const char *component, const char *version,
                             pirqsim_error *error);
int pirqsim_spec_set_knob(pirqsim_spec *spec, const char *knob, const char *value,
                          pirqsim_error *error);
/* driver: "nvme", "nic", "single"; type: "msix", "msi". */
int pirqsim_spec_add_devices(pirqsim_spec *spec, const char *driver, unsigned count,
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
};
typedef void (*pirqsim_progress_fn)(const struct pirqsim_progress *progress, void *data);

struct pirqsim_check_options {
	enum pirqsim_search search;
	uint64_t memory_max;       /* bytes for the state store; 0 = default (1 GiB) */
	bool hash_compact;         /* keep 64-bit fingerprints only (lossy; see omission) */
	bool no_symmetry;          /* do not merge states that differ by a permutation of
	                              interchangeable devices (on by default) */
	double time_max;           /* seconds; 0 = none */
	unsigned depth_max;        /* 0 = PIRQSIM_TRAIL_MAX */
	uint64_t seed;             /* random walks */
	uint64_t walks;            /* random walks to run (0 = 1000) */
	pirqsim_progress_fn progress; /* called about once a second, may be NULL */
	void *progress_data;
};
void pirqsim_check_options_init(struct pirqsim_check_options *options);

typedef struct pirqsim_result pirqsim_result;

pirqsim_result *pirqsim_check(const pirqsim_model *model, const struct pirqsim_check_options *options);
void pirqsim_result_free(pirqsim_result *result);
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
};
enum pirqsim_cause pirqsim_result_violation_cause(const pirqsim_result *result, unsigned index);
/* Device name ("" if none), vector and pirq (-1 if none) of a violation. */
const char *pirqsim_result_violation_device(const pirqsim_result *result, unsigned index);
int pirqsim_result_violation_vector(const pirqsim_result *result, unsigned index);
int pirqsim_result_violation_pirq(const pirqsim_result *result, unsigned index);
unsigned pirqsim_result_trail_length(const pirqsim_result *result);
/* Write the trail (scenario + choices) as YAML; returns the needed size. */
size_t pirqsim_result_trail_yaml(const pirqsim_result *result, char *out, size_t out_size);

/* ---- replay -------------------------------------------------------------- */

/* Replay the choices of a trail spec on `model` (built from the same spec),
 * sending every event to `sink`; then check properties at quiescence.  The
 * returned result holds the violations seen.  A choice that names an actor
 * that cannot move is an input error. */
pirqsim_result *pirqsim_replay(const pirqsim_model *model, const pirqsim_spec *trail,
                               pirqsim_event_fn sink, void *sink_data, pirqsim_error *error);

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

#ifdef __cplusplus
}
#endif
#endif
