/*
 * knobs.h - the behavioural knobs that distinguish releases (SPEC §3.4, §4.5,
 * §5.9, §8).  A version row (versions.c) resolves to a set of knob values; a
 * scenario may also set knobs explicitly.  Component rules read knobs, never
 * version numbers or scenario names.
 */
#ifndef PIRQSIM_KNOBS_H
#define PIRQSIM_KNOBS_H

#include <stdint.h>

/* G-REUSE: what xen_hvm_setup_msi_irqs does with the pirq cached in the
 * device's MSI message (SPEC §3.3 G-2). */
enum g_reuse {
	G_REUSE_IF_KNOWN = 0,  /* af42b8d12f8a (in 2.6.37) .. v4.10, stable trees before c74fd80f2f41 */
	G_REUSE_ALWAYS_FRESH,  /* c74fd80f2f41: v4.11+, 4.4.58+, 4.9.y and 4.10.y backports (4.9.20,
	                        * 4.10.12 copies), RHEL 7 514.24.1; still so in 6.12 */
	G_REUSE_COUNT
};

/* G-LOOKUP: how xen_irq_from_pirq answers (SPEC §3.2). */
enum g_lookup {
	G_LOOKUP_ARRAY = 0,    /* <= 2.6.38: pirq_to_irq[] survives HVM teardown */
	G_LOOKUP_LIVE_LIST,    /* >= 2.6.39: walk of the live irq_info list */
	G_LOOKUP_COUNT
};

/* G-APICV-OPTOUT: does the kernel skip the pirq MSI ops when Xen's CPUID
 * leaf reports APIC-access / x2APIC virtualisation (SPEC §3.1.2)? */
enum g_apicv_optout {
	G_APICV_OPTOUT_NO = 0, /* <= 3.18 (3.18.30 copy: pci_xen_hvm_init installs
	                        * xen_hvm_setup_msi_irqs directly), RHEL 7 (vzkernel copy) */
	G_APICV_OPTOUT_YES,    /* >= 3.19 (3.19.0 .. 4.11.0 copies: xen_msi_init via apic_post_init;
	                        * 5.11+: xen_hvm_msi_init; 6.12 unchanged) */
	G_APICV_OPTOUT_COUNT
};

/* G-MSGFMT: data word of the pirq-encoded MSI message (SPEC §2.1). */
enum g_msgfmt {
	G_MSGFMT_4300 = 0,     /* XEN_PIRQ_MSI_DATA, <= v5.10 */
	G_MSGFMT_EXTINT,       /* shadow structs, delivery mode ExtINT, >= v5.11 */
	G_MSGFMT_COUNT
};

/* G-ERRMSG: what xen_hvm_setup_msi_irqs logs on failure (SPEC §3.3 G-2). */
enum g_errmsg {
	G_ERRMSG_FRONTEND = 0, /* "Xen PCI frontend has not registered MSI/MSI-X support!":
	                        * <= 4.9 (4.9.0 copy), and the 4.4.y / 4.9.y backports of c74fd80 */
	G_ERRMSG_CREATE,       /* "Failed to create MSI%s! ret=%d!": >= 4.10 (4.10.0 .. 6.12 copies) */
	G_ERRMSG_COUNT
};

/* G-FALLBACK: what the PCI core does when xen_hvm_setup_msi_irqs fails part
 * way through an MSI-X enable (pci_alloc_irq_vectors_affinity ->
 * __pci_enable_msix_range, drivers/pci/msi.c).  In both, a failed MSI-X
 * attempt falls back to MSI (one vector: xen_hvm_setup_msi_irqs returns 1
 * for multi-MSI) and then, with PCI_IRQ_LEGACY and min_vecs 1, to
 * pci_intx(dev, 1). */
enum g_fallback {
	G_FALLBACK_AVAIL_RETRY = 0, /* <= 5.16: msix_capability_init's out_avail counts the entries
	                             * already given an irq and __pci_enable_msix_range retries with
	                             * that many (v4.10 drivers/pci/msi.c) */
	G_FALLBACK_NO_AVAIL,        /* >= 5.17: no count on the Xen path: xen_msi_domain_alloc_irqs
	                             * returns the error, MSI-X fails outright (linux-source-6.1
	                             * drivers/pci/msi/msi.c msix_setup_interrupts, arch/x86/pci/xen.c) */
	G_FALLBACK_COUNT
};

/* DM-KIND: which device model handles the trapped accesses (SPEC §4). */
enum dm_kind {
	DM_KIND_QEMU_XEN = 0,  /* upstream QEMU hw/xen/xen_pt*.c */
	DM_KIND_TRADITIONAL,   /* qemu-xen-traditional hw/pt-msi.c, hw/pass-through.c */
	DM_KIND_COUNT
};

/* DM-UNMAP (SPEC §4.5). */
enum dm_unmap {
	DM_UNMAP_KEEP_ON_DISABLE = 0, /* QEMU <= 2.0.x, qemu-xen-traditional */
	DM_UNMAP_ON_DISABLE,          /* QEMU >= 2.1.0, c976437c7dba */
	DM_UNMAP_COUNT
};

/* DM-REARM (SPEC §4.3 MSI-X 1). */
enum dm_rearm {
	DM_REARM_IGNORE_IDENTICAL = 0, /* <= 2.0: identical table writes always ignored */
	DM_REARM_IF_UNASSIGNED,        /* >= 2.1: identical writes re-arm `updated` when pirq == -1 */
	DM_REARM_COUNT
};

/* DM-LATCH (SPEC §4.3 MSI-X 1). */
enum dm_latch {
	DM_LATCH_NONE = 0,     /* <= 2.5: refuse "Can't update msix entry %d since MSI-X is already enabled." */
	DM_LATCH_ON_UNMASK,    /* >= 2.6, f0ada3608a: latch, apply on mask->unmask */
	DM_LATCH_COUNT
};

/* DM-LOG (SPEC §4.5). */
enum dm_log {
	DM_LOG_RC = 0,         /* "rc: %i" (<= 2.3) */
	DM_LOG_ERR,            /* "err: %i" errno (>= 2.4, 3782f60d20) */
	DM_LOG_ERR_0X,         /* and "0x%x" for "%#x" (>= 6.0, "hw/xen: Don't use '#' flag of printf
	                        * format", Xinhao Zhang, posted 2020-11-04) [D] */
	DM_LOG_COUNT
};

/* HV-GETFREE (SPEC §5.3, §5.9). */
enum hv_getfree {
	HV_GETFREE_ABSENT = 0, /* < 4.1: -ENOSYS */
	HV_GETFREE_UNCHECKED,  /* 4.1: error of get_free_pirq not checked */
	HV_GETFREE_CHECKED,    /* >= 4.2 */
	HV_GETFREE_COUNT
};

/* HV-HVMPIRQ-DEFAULT (SPEC §3.1.3). */
enum hv_hvm_pirq {
	HV_HVM_PIRQ_EXPOSED = 0, /* <= 4.18: XENFEAT_hvm_pirqs exposed */
	HV_HVM_PIRQ_OFF,         /* >= 4.19 (024e7131be): off unless hvm_pirq=1 */
	HV_HVM_PIRQ_COUNT
};

/* HV-APICV-CPUID (SPEC §3.1.2). */
enum hv_apicv_cpuid {
	HV_APICV_CPUID_NO = 0, /* < 4.5 */
	HV_APICV_CPUID_YES,    /* >= 4.5 (3196856c65) on hardware with APIC virtualisation */
	HV_APICV_CPUID_COUNT
};

/* HV-LOG: map_domain_pirq's "already mapped" dprintk (xen/arch/x86/irq.c). */
enum hv_log {
	HV_LOG_PLAIN = 0,      /* <= 4.5: "dom%d: pirq %d or irq %d already mapped" */
	HV_LOG_OLD_NEW,        /* >= 4.6 (669d4b85c4): the same plus " (%d,%d)", old_pirq and old_irq */
	HV_LOG_COUNT
};

/*
 * The resolved knob set of one world.  Each field holds a value of the enum
 * named after it.  The layout is part of the scenario hash; add fields at
 * the end.
 */
struct knobs {
	uint8_t g_reuse;
	uint8_t g_lookup;
	uint8_t g_apicv_optout;
	uint8_t g_msgfmt;
	uint8_t g_errmsg;
	uint8_t dm_kind;
	uint8_t dm_unmap;
	uint8_t dm_rearm;
	uint8_t dm_latch;
	uint8_t dm_log;
	uint8_t hv_getfree;
	uint8_t hv_hvm_pirq;
	uint8_t hv_apicv_cpuid;
	uint8_t g_fallback;
	uint8_t hv_log;
};

/* Knob metadata, for scenario files ("knobs: {g-reuse: always-fresh}"),
 * `pirqsim versions` and error messages listing valid values. */
enum knob_id {
	KNOB_G_REUSE = 0, KNOB_G_LOOKUP, KNOB_G_APICV_OPTOUT, KNOB_G_MSGFMT,
	KNOB_G_ERRMSG, KNOB_DM_KIND, KNOB_DM_UNMAP, KNOB_DM_REARM, KNOB_DM_LATCH,
	KNOB_DM_LOG, KNOB_HV_GETFREE, KNOB_HV_HVM_PIRQ, KNOB_HV_APICV_CPUID,
	KNOB_G_FALLBACK, KNOB_HV_LOG,
	KNOB_COUNT
};

struct knob_info {
	const char *name;          /* "g-reuse" */
	unsigned value_count;
	const char *values[4];     /* "reuse-if-known", "always-fresh" */
	const char *what;          /* one line for `pirqsim versions --knobs` */
};

const struct knob_info *knob_info(enum knob_id id);
/* Returns the knob whose name is `name`, or -1. */
int knob_by_name(const char *name);
/* Returns the value index of `value` for knob `id`, or -1. */
int knob_value_by_name(enum knob_id id, const char *value);
uint8_t knob_get(const struct knobs *k, enum knob_id id);
void knob_set(struct knobs *k, enum knob_id id, uint8_t value);

#endif
