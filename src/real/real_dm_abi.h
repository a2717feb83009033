/*
 * real_dm_abi.h - the seam between pirqsim and a real QEMU tree's xen_pt
 * MSI/MSI-X code compiled out of hw/xen (src/real/dm.c).
 *
 * tools/real/build_qemu.py extracts by name, from QEMU's
 * hw/xen/xen_pt_msi.c, the MSI/MSI-X emulation (msi_msix_setup,
 * msi_msix_update, msi_msix_disable, xen_pt_msi_setup, xen_pt_msi_update,
 * xen_pt_msi_disable, xen_pt_msix_init, xen_pt_msix_update_one,
 * xen_pt_msix_update, xen_pt_msix_disable, pci_msix_write, pci_msix_read)
 * with the types of hw/xen/xen_pt.h; from hw/xen/xen_pt_config_init.c the
 * MSI and MSI-X register writers and their register tables; from
 * hw/xen/xen_pt.c xen_pt_log.  They are compiled against the QEMU shim
 * (shim/qemu_shim.h) with the glue (shim/qemu_glue.c) appended into a
 * shared object exporting pirqsim_real_qemu (struct real_dm_api).
 *
 * libxenctrl's calls (xc_physdev_map_pirq_msi, xc_physdev_unmap_pirq,
 * xc_domain_update_msi_irq, xc_domain_unbind_msi_irq) are made by the glue
 * as libxenctrl makes them (tools/libs/ctrl: the PHYSDEVOP_* and
 * XEN_DOMCTL_* argument structs of Xen's public headers) and handed to the
 * host, which passes them to the modelled Xen (model/boundary.h
 * qemu_to_xen).  Plain C; Xen's public ABI structs are the same bytes on
 * both sides (<xen/physdev.h>, <xen/domctl.h>).
 */
#ifndef PIRQSIM_REAL_DM_ABI_H
#define PIRQSIM_REAL_DM_ABI_H

#include <stddef.h>
#include <stdint.h>

#define PIRQSIM_REAL_DM_ABI_VERSION 1u
#define PIRQSIM_REAL_DM_DEVICES_MAX 8
#define PIRQSIM_REAL_DM_ENTRIES_MAX 8
#define PIRQSIM_REAL_DM_ARENA_SIZE (64u * 1024u) /* g_malloc arena of the device model */

struct xen_domctl;

/* One passed-through PCI function as the glue's fake host config space
 * describes it (xen_host_pci_get_*). */
struct real_dm_device {
	int msix_entries;      /* MSI-X table size; 0: no MSI-X capability */
	int has_msi;           /* an MSI capability (64-bit address) */
	int devfn;             /* PCI_DEVFN of the real device, bus 0 */
	uint64_t table_bar;    /* base address of the BAR holding the MSI-X table */
};

/* What pirqsim offers the device model. */
struct real_dm_host {
	void *data;
	/* libxenctrl -> Xen: do_physdev_op / do_domctl; 0 or a negative errno. */
	int (*physdev_op)(void *data, int cmd, void *arg);
	int (*domctl)(void *data, struct xen_domctl *domctl);
	/* One line xen_pt_log printed, whole ("[00:04.0] func: ..."), no newline. */
	void (*log)(void *data, const char *line);
	/* The physical MSI-X table's vector control of an entry (what Xen
	 * programmed; QEMU reads it through its read-only mapping). */
	uint32_t (*phys_vector_ctrl)(void *data, int device, int entry);
	/* assert() failed or the shim met what it cannot do. */
	void (*bug)(void *data, const char *file, int line, const char *what);
};

/* The device model's state of one function, for the world's projection. */
struct real_dm_entry_state {
	int pirq;              /* XenPTMSIXEntry.pirq */
	int updated;           /* XenPTMSIXEntry.updated */
	uint32_t latch[4];     /* the guest's last writes: address lo, hi, data, vector control */
	uint64_t addr;         /* XenPTMSIXEntry.addr / .data: what was bound */
	uint32_t data;
};
struct real_dm_state {
	int msix_enabled, msix_maskall;          /* XenPTMSIX.enabled / .maskall */
	int msix_entries;
	struct real_dm_entry_state entry[PIRQSIM_REAL_DM_ENTRIES_MAX];
	int has_msi;
	uint16_t msi_flags;                       /* XenPTMSI.flags */
	uint32_t msi_addr_lo, msi_addr_hi;
	uint16_t msi_data;
	int msi_pirq, msi_initialized, msi_mapped;
};

/* Bytes of the object that are state besides its writable segments. */
struct real_dm_shared {
	size_t arena_used;
	unsigned char *arena;
};

struct real_dm_api {
	unsigned abi_version;               /* PIRQSIM_REAL_DM_ABI_VERSION */
	const char *release;                /* the tree's VERSION, "7.2.22" */
	/* xen_pt_realize's share for each function: the MSI capability
	 * (XenPTMSI, xen_pt_msgctrl_reg_init) and the MSI-X one
	 * (xen_pt_msix_init, xen_pt_msixctrl_reg_init); 0 or the failing
	 * init's result. */
	int (*init)(const struct real_dm_host *host, struct real_dm_shared *shared, unsigned devices,
	            const struct real_dm_device *device);
	/* The guest's accesses, each one trapped write or read as
	 * xen_pt_pci_write_config / the MSI-X MemoryRegion dispatches it. */
	void (*msix_table_write)(int device, unsigned offset, uint32_t value);  /* pci_msix_write */
	uint32_t (*msix_table_read)(int device, unsigned offset);              /* pci_msix_read */
	void (*msix_control_write)(int device, uint16_t value);                /* xen_pt_msixctrl_reg_write */
	void (*msi_control_write)(int device, uint16_t value);                 /* xen_pt_msgctrl_reg_write */
	void (*msi_addr_lo_write)(int device, uint32_t value);                 /* xen_pt_msgaddr32_reg_write */
	void (*msi_addr_hi_write)(int device, uint32_t value);                 /* xen_pt_msgaddr64_reg_write */
	void (*msi_data_write)(int device, uint16_t value);                    /* xen_pt_msgdata_reg_write */
	void (*state)(int device, struct real_dm_state *out);
};

typedef const struct real_dm_api *(*real_dm_api_fn)(void);
#define PIRQSIM_REAL_DM_SYMBOL "pirqsim_real_qemu"

#endif
