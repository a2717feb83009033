/*
 * scenario.h - what a run is about, before and after version resolution.
 *
 * A scenario *spec* is what the user wrote (command-line options, a YAML file
 * or a built-in name): release names, explicit knob overrides, the host
 * settings and the devices with their drivers.  Resolving it against the
 * version table (versions.c) yields a *config* (world.h), which is constant
 * for a run.  A trail file is a YAML document that carries the spec it was
 * found on plus the list of scheduling choices.
 */
#ifndef PIRQSIM_SCENARIO_H
#define PIRQSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "versions/knobs.h"
#include "base/bounds.h"

enum driver_kind {
	DRIVER_NVME = 0, /* drivers/nvme/host/pci.c, Linux >= 4.8 (SPEC §6.1) */
	DRIVER_NIC,      /* ifdown/ifup: same-device disable and re-enable (SPEC §6.2) */
	DRIVER_SINGLE,   /* enables once and keeps its vectors */
	DRIVER_COUNT
};

enum vec_type {
	VEC_MSIX = 0,
	VEC_MSI,
	VEC_TYPE_COUNT
};

struct device_spec {
	char name[PIRQSIM_NAME_MAX];   /* "nvme0"; empty = derived from the driver */
	uint8_t driver;                /* enum driver_kind */
	uint8_t vec_type;              /* enum vec_type: the capability the device has */
	uint16_t vectors;              /* NVMe: I/O queues (vectors asked for); others: vectors */
	uint8_t cycles;                /* NIC: down/up cycles (default 1) */
	/* DM-KIND of this device: false = passed through (QEMU xen_pt), true =
	 * one of QEMU's own emulated PCI devices, whose MSI/MSI-X QEMU keeps
	 * and injects through XEN_DMOP_inject_msi (hw/pci/msix.c, msi.c;
	 * hw/i386/xen/xen-hvm.c xen_hvm_inject_msi).  Scenario key
	 * `emulated: true`. */
	uint8_t emulated;
};

/* Where a spec value came from, for error messages about trail/scenario
 * files: 0 when it came from the command line or a built-in. */
struct spec_pos {
	unsigned line, column;
};

struct scenario_spec {
	char name[PIRQSIM_NAME_MAX];
	char description[160];
	char kernel[PIRQSIM_VERSION_MAX]; /* "" = default */
	char qemu[PIRQSIM_VERSION_MAX];
	char xen[PIRQSIM_VERSION_MAX];
	/* Where kernel/qemu/xen were written (file loads only; line 0 = not from a file). */
	char file[256];
	struct spec_pos kernel_pos, qemu_pos, xen_pos;
	/* Explicit knob values that override the version rows; -1 = not set. */
	int16_t knob[KNOB_COUNT];
	bool apicv;               /* host APIC virtualisation (G-PIRQMODE input), default false */
	bool hvm_pirq_set;        /* xl.cfg hvm_pirq= given */
	bool hvm_pirq;            /* its value */
	int nr_irqs_gsi;          /* -1 = default (PIRQSIM_NR_IRQS_GSI_DEFAULT) */
	int extra_guest_irqs;     /* -1 = default 32 (Xen's extra_guest_irqs) */
	int xen_irqs;             /* -1 = default 200: Xen irqs available for MSI */
	unsigned device_count;
	struct device_spec device[PIRQSIM_DEVICES_MAX];
	/* Injected faults (faults.h): `faults: [flr, reload@nvme1]`. */
	unsigned fault_count;
	struct fault_spec {
		uint8_t kind;                   /* enum fault_kind */
		char device[PIRQSIM_NAME_MAX];  /* "" = every device (device faults) */
	} fault[PIRQSIM_FAULTS_MAX];
	/* Trail documents only. */
	bool is_trail;
	unsigned choice_count;
	uint8_t choice[PIRQSIM_TRAIL_MAX];
	char trail_property[32];  /* property the trail was written for, informational */
	/* The trail was found with real guest code (src/real): the kernel
	 * release of the tree ("Linux 6.1.192"); "" for the model's guest.  Its
	 * step hashes are the real code's, so it replays only with that code. */
	char trail_real_guest[64];
	/* Trail format 2 (integrity.c): what the trail was written by and for.
	 * Format 1 trails load with has_integrity false and replay unchecked. */
	bool has_integrity;
	char trail_pirqsim_version[16];
	uint64_t rules_hash;      /* the writer's rule set (cmake/rules_hash.cmake) */
	uint64_t scenario_hash;   /* XXH3 of the canonical scenario YAML */
	unsigned step_hash_count; /* == choice_count in a loaded format 2 trail */
	uint64_t step_hash_choices; /* XXH3 of the choices the step hashes belong to */
	uint64_t step_hash[PIRQSIM_TRAIL_MAX]; /* XXH3 of the packed world after each step */
};

/* An error with its position; line 0 means "no position". */
struct pirqsim_error {
	char file[256];
	unsigned line, column;
	char message[512];
	char text[800];       /* formatted by pirqsim_error_text; loaders leave it alone */
};

void scenario_spec_init(struct scenario_spec *spec);

/* Built-in scenarios by name. */
unsigned scenario_builtin_count(void);
const char *scenario_builtin_name(unsigned index);
const char *scenario_builtin_summary(unsigned index);
int scenario_builtin(const char *name, struct scenario_spec *spec);

/* The index of `name` in names[0 .. count - 1], or -1 (NULL: -1). */
int scenario_name_index(const char *const *names, unsigned count, const char *name);

const char *driver_kind_name(enum driver_kind kind);
int driver_kind_by_name(const char *name);
const char *vec_type_name(enum vec_type type);
int vec_type_by_name(const char *name);

#endif
