/*
 * real_abi.h - the seam between pirqsim and a real guest kernel's code
 * compiled out of a Linux tree (src/real/README.md).
 *
 * The real functions (arch/x86/pci/xen.c, drivers/xen/events/events_base.c)
 * are extracted by name (tools/real/extract.py), compiled against the
 * kernel-API shim (shim/linux_shim.h) with the glue (shim/linux_glue.c)
 * appended, and linked into a shared object.  That object exports one
 * symbol, pirqsim_real_linux (struct real_linux_api); pirqsim hands it the
 * host's table (struct real_host) at load.  Every hypercall and every PCI
 * access the real code makes goes through the host's table, i.e. through
 * the component boundary (model/boundary.h) to the modelled QEMU and Xen.
 *
 * Neither side includes the other's headers: only this file, plain C.
 * Hypercall arguments are Xen's public ABI structs (xen/physdev.h,
 * xen/event_channel.h), the same bytes on both sides.
 */
#ifndef PIRQSIM_REAL_ABI_H
#define PIRQSIM_REAL_ABI_H

#include <stddef.h>
#include <stdint.h>

#define PIRQSIM_REAL_ABI_VERSION 2u
#define PIRQSIM_REAL_DEVICES_MAX 8
#define PIRQSIM_REAL_VECTORS_MAX 9      /* MSI-X entries + the MSI capability */
#define PIRQSIM_REAL_ARENA_SIZE (256u * 1024u) /* kmalloc arena of the real code, per actor */

/* A message as the real code writes it to the device (struct msi_msg). */
struct real_msi_msg {
	uint32_t address_lo, address_hi, data;
};

/* How the real code printed a line (printk level and which macro). */
enum real_log {
	REAL_LOG_PR_WARN = 0,   /* pr_warn(pr_fmt ...) */
	REAL_LOG_PR_ERR,
	REAL_LOG_PR_INFO,
	REAL_LOG_DEV_ERR,       /* dev_err(&pdev->dev, ...) */
	REAL_LOG_DEV_DBG,       /* dev_dbg: dynamic debug */
	REAL_LOG_WARN,          /* WARN / WARN_ONCE / WARN_ON: the message, "" for WARN_ON */
	REAL_LOG_COUNT
};

/* What pirqsim offers the real code.  Each call that reaches another
 * component is a scheduling point: the explorer may run other actors
 * before it is carried out. */
struct real_host {
	void *data;
	/* HYPERVISOR_physdev_op / HYPERVISOR_event_channel_op of the guest. */
	int (*physdev_op)(void *data, int cmd, void *arg);
	int (*event_channel_op)(void *data, int cmd, void *arg);
	/* __pci_write_msi_msg / __pci_read_msi_msg of entry `entry` of
	 * device `device` (MSI-X table entry, or the MSI capability). */
	void (*write_msi_msg)(void *data, int device, int entry, int msix, const struct real_msi_msg *msg);
	void (*read_msi_msg)(void *data, int device, int entry, int msix, struct real_msi_msg *msg);
	/* A printed line, formatted, without its prefix (`device` < 0: not a
	 * dev_* line). */
	void (*log)(void *data, enum real_log kind, int device, const char *line);
	/* mutex_lock of a lock the actors share (irq_mapping_update_lock):
	 * another CPU's critical section can come first, so it is a
	 * scheduling point like a call at the boundary (CHESS schedules at
	 * synchronisation operations the same way). */
	void (*sync)(void *data);
	/* BUG(): the real code reached a state it declares impossible. */
	void (*bug)(void *data, const char *file, int line, const char *what);
	/* The Linux irq number to hand out for entry `entry` of `device`
	 * (irq_alloc_descs): pirqsim names irqs by slot (model/world.h). */
	int (*irq_number)(void *data, int device, int entry);
};

/* What one irq looks like in the real code's tables (its irq_info). */
struct real_irq_state {
	int exists;     /* an irq_info is set for the irq */
	int listed;     /* it is on xen_irq_list_head (not freed) */
	int type_pirq;  /* info->type == IRQT_PIRQ */
	int pirq;       /* info->u.pirq.pirq */
	unsigned evtchn;/* info->evtchn, 0 = none */
	int evtchn_irq; /* what the port maps back to (evtchn_to_irq), -1 none */
};

/* Per-actor state kept by the real code's shim: which actor runs (its
 * kmalloc arena) and how much of each arena is used.  Lives in host
 * memory, so the explorer saves and restores it with the rest. */
struct real_shared {
	unsigned current_actor;
	/* Arena d is device actor d's; the last one is boot's (init). */
	size_t arena_used[PIRQSIM_REAL_DEVICES_MAX + 1];
	unsigned char *arena[PIRQSIM_REAL_DEVICES_MAX + 1];
};

struct real_linux_api {
	unsigned abi_version;               /* PIRQSIM_REAL_ABI_VERSION */
	const char *release;                /* the tree's kernel release, "6.1.158" */
	/* The functions the tree had (names), for messages. */
	const char *setup_function, *teardown_function, *startup_function;
	/* Bring the real code's globals to their boot state for `devices`
	 * PCI functions (xen_init_IRQ's share of it). */
	void (*init)(const struct real_host *host, struct real_shared *shared, unsigned devices);
	/* pci_dev's MSI descriptors: msix_setup_msi_descs / the MSI one. */
	void (*alloc_descs)(int device, int nvec, int msix);
	void (*free_descs)(int device);
	/* x86_msi.setup_msi_irqs / the Xen MSI irqdomain's alloc: the tree's
	 * xen_hvm_setup_msi_irqs.  Returns its result. */
	int (*setup_msi_irqs)(int device, int nvec, int msix);
	/* The teardown: xen_teardown_msi_irqs (>= 5.10) or
	 * xen_teardown_msi_irq per irq through default_teardown_msi_irqs. */
	void (*teardown_msi_irqs)(int device);
	/* The irq of descriptor `entry`, 0 if none. */
	int (*desc_irq)(int device, int entry);
	/* irq_chip xen_pirq_chip: irq_startup (request_irq of the first
	 * action), irq_shutdown (free_irq of the last). */
	void (*irq_startup)(int irq);
	void (*irq_shutdown)(int irq);
	void (*irq_state)(int irq, struct real_irq_state *out);
	/* The writable memory of the object that is state (for the explorer's
	 * snapshots); the rest of its state is in real_shared's arenas. */
};

typedef const struct real_linux_api *(*real_linux_api_fn)(void);
#define PIRQSIM_REAL_LINUX_SYMBOL "pirqsim_real_linux"

#endif
