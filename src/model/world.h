/*
 * world.h - the world: one fixed-size, pointer-free value holding the state of
 * every component (DESIGN "Shape" 1), and the run's constant configuration.
 *
 * Identities.  A (device, vector) pair is a *slot*: slot = device *
 * vectors_per_device + vector.  Three things in the real systems are born
 * from exactly one slot and are named here by it:
 *   - the guest's Linux irq of that MSI descriptor (irq_info lives per irq);
 *   - the guest event-channel port bound from that irq by __startup_pirq;
 *   - the Xen irq that create_irq makes when the device model maps that
 *     entry and whose MSI descriptor programs that entry.
 * The real numbers (Linux irq, port, Xen irq) are allocated lowest-free and
 * differ between interleavings, but no rule of the three programs compares
 * them, only their identity; naming them by slot keeps interleavings that
 * differ only in numbering from being counted as different states.  Traces
 * print derived numbers (display_*, below).  Xen irqs created but left without an
 * MSI descriptor (the silent-success path of map_domain_pirq, SPEC §5.4.4)
 * are counted, not named.
 *
 * Pirq numbers are real numbers: the MSI range is [nr_irqs_gsi, nr_pirqs),
 * and Xen's per-pirq state is an array over that range.
 */
#ifndef PIRQSIM_WORLD_H
#define PIRQSIM_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "versions/knobs.h"
#include "base/bounds.h"
#include "versions/scenario.h"

/* Xen's special values (xen/include/asm-x86/irq.h, RELEASE-4.8.0). */
#define PIRQ_ALLOCATED (-1)   /* arch.irq: reserved by PHYSDEVOP_get_free_pirq */
#define IRQ_UNBOUND (-1)      /* arch.hvm.emuirq */
#define IRQ_PT (-2)
#define IRQ_MSI_EMU (-3)
/* QEMU hw/xen/xen_pt.h: XEN_PT_UNASSIGNED_PIRQ. */
#define XEN_PT_UNASSIGNED_PIRQ (-1)
/* Linux arch/x86/include/asm/xen/pci.h (<= v5.10): XEN_PIRQ_MSI_DATA, i.e.
 * edge | level-assert | delivery mode 3 | vector 0. */
#define XEN_PIRQ_MSI_DATA 0x4300u
#define NO_SLOT (-1)

/* ---- hypervisor (Xen) ---------------------------------------------------- */

/* struct pirq + struct hvm_pirq_dpci of one MSI-range pirq (SPEC §5.1). */
struct hv_pirq {
	int16_t arch_irq;  /* 0 unmapped, PIRQ_ALLOCATED, >0: Xen irq of slot arch_irq-1 */
	int16_t evtchn;    /* 0 none, >0: the port bound from guest irq slot evtchn-1 */
	uint16_t gvec;     /* hvm_pirq_dpci.gmsi.gvec (0x40 + slot: a vector named by its slot, display only) */
	int8_t emuirq;     /* IRQ_UNBOUND, IRQ_PT, IRQ_MSI_EMU */
	uint8_t dpci;      /* HV_DPCI_* */
};
#define HV_DPCI_MAPPED 0x01u    /* hvm_pirq_dpci.flags: HVM_IRQ_DPCI_MAPPED | MACH_MSI | GUEST_MSI */
#define HV_IRQ_GUEST 0x02u      /* pirq_guest_bind attached the domain to the *current* Xen irq
                                 * (desc->status & IRQ_GUEST, the domain in action->guest[]) */
#define HV_PIRQ_FORCED 0x80u    /* arch.irq is -irq (forcibly unbound) */

/*
 * is_free_pirq (xen/arch/x86/irq.c): a pirq is free when it has no Xen irq
 * and, for an HVM domain, no emulated irq.  A bound event channel does not
 * make it busy (SPEC §5.1).  A forcibly unbound pirq keeps arch.irq = -irq.
 */
static inline bool hv_pirq_is_free(const struct hv_pirq *p)
{
	return p->arch_irq == 0 && !(p->dpci & HV_PIRQ_FORCED) && p->emuirq == IRQ_UNBOUND;
}

/* ---- PCI device + device model (QEMU xen_pt), one entry per slot --------- */

struct dev_entry {
	/* Physical device: the Xen irq whose MSI descriptor programs this entry
	 * maps pirq `phys_pirq` (>= 0); -1 = entry not programmed. */
	int16_t phys_pirq;
	/* Device model: XenPTMSIXEntry.pirq / XenPTMSI.pirq. */
	int16_t dm_pirq;
	/* Device model shadow of the guest's message: the pirq the address
	 * encodes (SPEC §2.2, 0 = none) and the data's vector byte. */
	int16_t msg_pirq;
	uint16_t msg_gvec;
	uint8_t flags;     /* ENTRY_* */
	uint8_t pad;
};
#define ENTRY_UPDATED 0x01u     /* XenPTMSIXEntry.updated */
#define ENTRY_MSG_XEN 0x02u     /* shadow data == XEN_PIRQ_MSI_DATA (pirq format) */
#define ENTRY_MASKED 0x04u      /* guest's vector-control mask bit (shadow) */
#define ENTRY_LATCHED 0x08u     /* >= 2.6: a write latched while enabled+unmasked */
#define ENTRY_BOUND 0x10u       /* device model has bound (DM-2 succeeded) */
#define ENTRY_HW_RESET 0x20u    /* fault flr: the device's reset lost Xen's programming of the entry */

/* Per-device register state seen by the device model. */
struct dev_state {
	uint8_t flags;     /* DEV_* */
	uint8_t pad;
};
#define DEV_MSIX_ENABLED 0x01u  /* XenPTMSIX.enabled */
#define DEV_MSIX_MASKALL 0x02u  /* XenPTMSIX.maskall */
#define DEV_MSI_ENABLED 0x04u   /* MSI control ENABLE as last written */
#define DEV_MSI_INITIALIZED 0x08u /* XenPTMSI.initialized */
#define DEV_MSI_MAPPED 0x10u    /* XenPTMSI.mapped */
#define DEV_INTX_ENABLED 0x20u  /* pci_intx(dev, 1): COMMAND.INTX_DISABLE clear */
#define DEV_INTX_ACTION 0x40u   /* the guest irq of the device's GSI has a handler */

/* ---- guest kernel (Linux) ------------------------------------------------ */

/* irq_info of the Linux irq of one slot (SPEC §3.2). */
struct guest_irq {
	int16_t pirq;      /* u.pirq.pirq; valid while GIRQ_LIVE */
	uint8_t flags;     /* GIRQ_* */
	uint8_t actions;   /* request_irq actions on this irq */
};
#define GIRQ_LIVE 0x01u         /* irq_info on the live list (bound, not yet freed) */
#define GIRQ_STARTED 0x02u      /* __startup_pirq bound an event channel (port = slot+1) */
#define GIRQ_STARTUP_FAILED 0x04u /* "Failed to obtain physical IRQ %d" */
#define GIRQ_SHUTDOWN 0x08u     /* device's MSI(-X) shut down, irq not yet freed */

/* ---- driver actors ------------------------------------------------------- */

enum actor_status {
	ACTOR_RUNNING = 0,
	ACTOR_DONE,
	ACTOR_REMOVED,          /* fault hot-unplug: the device is gone (not a failure) */
	ACTOR_FAILED_TIMEOUT,   /* an admin command's interrupt never came */
	ACTOR_FAILED_NO_PIRQ,   /* MSI setup failed: no free pirq (-ENOSPC) */
	ACTOR_FAILED_SETUP,     /* MSI setup failed otherwise (-ENOSYS, ...) */
};

static inline bool actor_failed(uint8_t status) { return status >= ACTOR_FAILED_TIMEOUT; }

/* The interrupt type a driver instance is using or trying (pci_dev's
 * msix_enabled / msi_enabled, or INTx after pci_intx(dev, 1)). */
enum irq_mode {
	MODE_MSIX = VEC_MSIX,
	MODE_MSI = VEC_MSI,
	MODE_INTX,
};

/* Program counter and locals of one driver instance. */
struct actor {
	uint16_t pc;       /* index into the device's driver program */
	uint16_t entry;    /* loop index within the operation */
	uint16_t nvec;     /* vectors currently enabled (msi descriptors; 1 for INTx) */
	uint16_t want;     /* vectors the current attempt of pci_alloc_irq_vectors asks for; 0 between enables */
	int16_t pirq;      /* local of xen_hvm_setup_msi_irqs: pirq of this entry */
	uint8_t micro;     /* step within the current operation */
	uint8_t status;    /* enum actor_status */
	uint8_t mode;      /* enum irq_mode in use by (or tried by) the current enable */
	uint8_t degraded;  /* DEGRADED_*: how the last pci_alloc_irq_vectors fell short */
};
#define DEGRADED_FEWER 0x01u    /* fewer MSI-X vectors than asked (__pci_enable_msix_range retry) */
#define DEGRADED_MSI 0x02u      /* MSI instead of MSI-X */
#define DEGRADED_INTX 0x04u     /* INTx (pci_intx) instead of MSI-X / MSI */

/* The world.  Arrays are sized at the maximums; a run uses prefixes of
 * them (devices, slots, MSI pirqs), and world_pack copies only those. */
struct world {
	/* Device actors, then fault actors (faults.h): a fault actor's pc is
	 * its fault's state, its status says whether it can fire now. */
	struct actor actor[PIRQSIM_ACTORS_MAX];
	struct dev_state dev[PIRQSIM_DEVICES_MAX];
	struct dev_entry entry[PIRQSIM_SLOTS_MAX];
	struct guest_irq girq[PIRQSIM_SLOTS_MAX];
	struct hv_pirq pirq[PIRQSIM_MSI_PIRQS_MAX];
	/* G-LOOKUP array: Linux <= 2.6.38 pirq_to_irq[], slot+1 or 0. */
	int16_t pirq_to_irq[PIRQSIM_MSI_PIRQS_MAX];
	uint64_t irq_lost_mask;      /* fault irq-during-setup: bit d = device d's handler missed one */
	uint16_t xen_irqs_leaked;    /* created by map, never linked (SPEC §5.4.4) */
	uint16_t xen_irqs_live;      /* Xen irqs in use (bounded by nr_irqs) */
	/* Xen's d->arch.hvm_domain.emuirq_pirq radix tree, at its one key the
	 * model uses, IRQ_MSI_EMU: 0 = no entry, else the MSI-range pirq
	 * index + 1 it points to (map_domain_emuirq_pirq inserts it,
	 * unmap_domain_pirq_emuirq deletes it; xen/arch/x86/irq.c,
	 * RELEASE-4.8.0).  Packed only when a device is emulated. */
	uint16_t msi_emu_pirq;
	uint16_t pad;
};

/* ---- driver programs ----------------------------------------------------- */

/* The operations a driver performs, in order; each expands into one or more
 * atomic steps (drivers.c). */
enum op_kind {
	OP_ENABLE = 0,      /* pci_alloc_irq_vectors / pci_enable_msix_range, arg = nvec */
	OP_DISABLE,         /* pci_free_irq_vectors / pci_disable_msix */
	OP_REQUEST_IRQ,     /* request_irq(pci_irq_vector(dev, arg)) */
	OP_FREE_IRQ,        /* free_irq(pci_irq_vector(dev, arg)) */
	OP_ADMIN_CMD,       /* NVMe admin command completing on vector 0; arg = enum admin_cmd */
	OP_KIND_COUNT
};

enum admin_cmd {
	ADMIN_IDENTIFY = 0,
	ADMIN_SET_FEATURES,
	ADMIN_CREATE_CQ,
	ADMIN_CREATE_SQ,
	ADMIN_COUNT
};

struct op {
	uint8_t kind;
	uint8_t pad;
	uint16_t arg;
	/* An operation of I/O queue `queue` (1-based; 0: not per queue): the
	 * driver makes only as many queues as it got vectors, so it is skipped
	 * when queue > the vectors pci_alloc_irq_vectors returned (drivers.c). */
	uint16_t queue;
};

/* A device's program: config.op[first .. first + length - 1].  Programs
 * lie back to back in one pool, each followed by one unused index
 * (first + length), so per-operation tables indexed by program_index
 * (por.c, renumber.c) have a place for "the program is over". */
struct program {
	uint16_t length;
	uint16_t first;
};

struct boundary;
struct ctx;

/* The guest kernel's driver actors when they are not the model's
 * (drivers.c, linux.c) but real code (src/real/real.h): world_init resets
 * it with the world, step runs a driver actor's step on it.  NULL: the
 * model's. */
struct guest_runtime {
	void (*reset)(void *data, struct world *w);
	int (*step)(void *data, struct ctx *c, unsigned actor);
	/* What runs, for trails: "linux-6.1.192" (the tree's release). */
	const char *(*name)(void *data);
};

/* The constant configuration of a run (resolved scenario). */
struct config {
	/* How the components reach each other (boundary.h): model_boundary
	 * for every resolved model. */
	const struct boundary *boundary;
	const struct guest_runtime *guest;
	void *guest_data;
	struct knobs knobs;
	bool pirq_mode;             /* G-PIRQMODE: guest uses the pirq MSI ops */
	int nr_irqs_gsi;            /* first MSI pirq */
	int nr_msi_pirqs;           /* extra_guest_irqs: MSI pirqs of the domain */
	int xen_irqs_max;           /* Xen irqs available for MSI */
	unsigned device_count;
	unsigned vectors_per_device;/* slot stride */
	unsigned slot_count;
	struct device_spec device[PIRQSIM_DEVICES_MAX];
	struct program program[PIRQSIM_DEVICES_MAX];
	struct op op[PIRQSIM_OPS_MAX];      /* the programs' operations (struct program) */
	/* Faults (faults.h): actors device_count .. actor_count - 1. */
	unsigned actor_count;
	unsigned fault_actor_count;
	struct fault_actor { uint8_t kind; int8_t device; /* -1: not device-bound */ } fault_actor[PIRQSIM_FAULT_ACTORS_MAX];
	/* Search for a vectors-granted violation too (props.h). */
	bool check_degraded;
	/* Labels, for traces and reports. */
	char kernel[PIRQSIM_VERSION_MAX], qemu[PIRQSIM_VERSION_MAX], xen[PIRQSIM_VERSION_MAX];
};

/* Is some device one of QEMU's emulated devices (device_spec.emulated)? */
static inline bool config_has_emulated(const struct config *cfg)
{
	for (unsigned d = 0; d < cfg->device_count; d++)
		if (cfg->device[d].emulated)
			return true;
	return false;
}

static inline bool device_emulated(const struct config *cfg, unsigned device)
{
	return cfg->device[device].emulated != 0;
}

/* Operation `pc` of device `device`'s program, and its index in per-operation
 * tables (pc == length: the end of the program). */
static inline unsigned program_index(const struct config *cfg, unsigned device, unsigned pc)
{
	return cfg->program[device].first + pc;
}

static inline const struct op *program_op(const struct config *cfg, unsigned device, unsigned pc)
{
	return &cfg->op[program_index(cfg, device, pc)];
}

/* PCI addressing of model device `device`: bus 0, slot 4 + device. */
static inline int pirqsim_devfn(unsigned device) { return (int)((4 + device) << 3); }

static inline unsigned slot_of(const struct config *cfg, unsigned device, unsigned vector)
{
	return device * cfg->vectors_per_device + vector;
}

/* The entry of a device's MSI capability: entry 0 for an MSI-only
 * device; for an MSI-X device the one after its MSI-X table (it falls back
 * to MSI when MSI-X setup fails, and XenPTMSI is separate state). */
static inline unsigned msi_entry(const struct config *cfg, unsigned device)
{
	return cfg->device[device].vec_type == VEC_MSIX ? cfg->device[device].vectors : 0;
}

/* The MSI-X table size of a device (0 for an MSI-only device). */
static inline unsigned msix_entries(const struct config *cfg, unsigned device)
{
	return cfg->device[device].vec_type == VEC_MSIX ? cfg->device[device].vectors : 0;
}

static inline bool pirq_in_msi_range(const struct config *cfg, int pirq)
{
	return pirq >= cfg->nr_irqs_gsi && pirq < cfg->nr_irqs_gsi + cfg->nr_msi_pirqs;
}

/* Guest port / Linux irq / Xen irq numbers shown in traces for a slot.
 * Identity is by slot (above); numbers are for people. */
static inline int display_port(unsigned slot) { return 40 + (int)slot; }
static inline int display_linux_irq(unsigned slot) { return 72 + (int)slot; }
static inline int display_xen_irq(const struct config *cfg, unsigned slot) { return cfg->nr_irqs_gsi + 24 + (int)slot; }

static inline struct hv_pirq *hv_pirq_of(struct world *w, const struct config *cfg, int pirq)
{
	return &w->pirq[pirq - cfg->nr_irqs_gsi];
}

/* The initial world, every component at power-on, no fault actor enabled
 * yet (next_state.h: world_init also enables the fault actors). */
void world_reset(struct world *w, const struct config *cfg);

/* Can actor `actor` (a driver instance or a fault actor) take a step? */
static inline bool actor_enabled(const struct world *w, unsigned actor)
{
	return w->actor[actor].status == ACTOR_RUNNING;
}
/* Copy the used part of `w` into `out` (at most world_packed_size_max
 * bytes); returns its length.  Two worlds are the same state iff their
 * packed bytes are equal. */
unsigned world_pack(const struct world *w, const struct config *cfg, uint8_t *out);
/* Unpack into a world that was world_init'd once (only the used part is
 * written). */
void world_unpack(struct world *w, const struct config *cfg, const uint8_t *in);
/* Copy the used part of `src` over a world that was world_init'd once. */
void world_copy(struct world *dst, const struct world *src, const struct config *cfg);
unsigned world_packed_size(const struct config *cfg);

#endif
