/*
 * qemu_shim.h - the part of QEMU's API that the xen_pt MSI/MSI-X code of
 * a QEMU tree uses (hw/xen/xen_pt_msi.c, the MSI/MSI-X register writers of
 * hw/xen/xen_pt_config_init.c, xen_pt_log of hw/xen/xen_pt.c), for
 * tools/real/build_qemu.py.  Force-included before the extracts; the types
 * of hw/xen/xen_pt.h (XenPCIPassthroughState, XenPTMSI, XenPTMSIX,
 * XenPTMSIXEntry, XenPTReg, XenPTRegInfo) are extracted from the tree
 * itself, so only what that header includes is here: PCIDevice and
 * XenHostPCIDevice (the fields the code reads), MemoryRegion (opaque),
 * QEMU's list macros, the PCI and APIC MSI register constants (the values
 * of include/standard-headers/linux/pci_regs.h and
 * include/hw/i386/apic-msidef.h), libxenctrl's prototypes, and the host's
 * side of stdio / errno / mmap that the code touches, routed to the glue
 * (qemu_glue.c) so that its state is the object's state.
 */
#ifndef PIRQSIM_QEMU_SHIM_H
#define PIRQSIM_QEMU_SHIM_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "real/real_dm_abi.h"

/* ---- the glue's services ---------------------------------------------------- */
extern const struct real_dm_host *qshim_host;
extern struct real_dm_shared *qshim_shared;
_Noreturn void qshim_bug(const char *file, int line, const char *what);
void *qshim_alloc(size_t size);

/* errno as the code reads it right after a libxenctrl call: the object's. */
extern int qshim_errno;
#undef errno
#define errno qshim_errno

#undef assert
#define assert(x) ((x) ? (void)0 : qshim_bug(__FILE__, __LINE__, "assertion failed: " #x))

/* stdio: xen_pt_log prints to stderr; the glue collects the line. */
typedef struct qshim_stream { int unused; } qshim_stream;
extern qshim_stream qshim_stderr;
#undef stderr
#define stderr (&qshim_stderr)
int qshim_fprintf(qshim_stream *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int qshim_vfprintf(qshim_stream *s, const char *fmt, va_list ap);
#define fprintf qshim_fprintf
#define vfprintf qshim_vfprintf

/* /dev/mem and the read-only mapping of the physical MSI-X table
 * (xen_pt_msix_init): the glue's copy of the table of the device being
 * initialised. */
#define O_RDWR 2
#define PROT_READ 1
#define MAP_SHARED 1
#define MAP_LOCKED 0x2000
#define MAP_FAILED ((void *)-1)
int qshim_open(const char *path, int flags);
int qshim_close(int fd);
void *qshim_mmap(void *addr, size_t len, int prot, int flags, int fd, long offset);
#define open qshim_open
#define close qshim_close
#define mmap qshim_mmap

/* ---- glib / QEMU basics ----------------------------------------------------------- */
#define G_GNUC_PRINTF(a, b) __attribute__((format(printf, a, b)))
static inline void *g_malloc0(size_t n)
{
	void *p = qshim_alloc(n);
	if (!p)
		qshim_bug(__FILE__, __LINE__, "g_malloc0: the device model's arena is exhausted");
	memset(p, 0, n);
	return p;
}
static inline void g_free(void *p) { (void)p; } /* a bump arena: freed with the state */
typedef uint64_t hwaddr;
typedef uint64_t pcibus_t;
typedef struct Object Object;
#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME) typedef struct InstanceType InstanceType;

#define QLIST_HEAD(name, type) struct name { struct type *lh_first; }
#define QLIST_ENTRY(type) struct { struct type *le_next; struct type **le_prev; }

typedef struct MemTxAttrs { unsigned unspecified : 1; } MemTxAttrs;
enum device_endian { DEVICE_NATIVE_ENDIAN, DEVICE_BIG_ENDIAN, DEVICE_LITTLE_ENDIAN };
typedef struct MemoryRegionOps {
	uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
	void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);
	enum device_endian endianness;
	struct {
		unsigned min_access_size, max_access_size;
		bool unaligned;
		bool (*accepts)(void *opaque, hwaddr addr, unsigned size, bool is_write, MemTxAttrs attrs);
	} valid;
	struct {
		unsigned min_access_size, max_access_size;
		bool unaligned;
	} impl;
} MemoryRegionOps;
/* The MSI-X table's MemoryRegion: the glue dispatches the guest's table
 * accesses to pci_msix_write / pci_msix_read itself, so registering the
 * region maps nothing here. */
typedef struct MemoryRegion { const MemoryRegionOps *ops; void *opaque; uint64_t size; } MemoryRegion;
typedef struct MemoryListener { int unused; } MemoryListener;
static inline void memory_region_init_io(MemoryRegion *mr, Object *owner, const MemoryRegionOps *ops, void *opaque,
                                         const char *name, uint64_t size)
{
	(void)owner;
	(void)name;
	mr->ops = ops;
	mr->opaque = opaque;
	mr->size = size;
}
static inline void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset, MemoryRegion *sub, int prio)
{
	(void)mr;
	(void)offset;
	(void)sub;
	(void)prio;
}

/* ---- PCI ---------------------------------------------------------------------------- */
#define PCI_NUM_REGIONS 7
#define PCI_DEVFN(slot, func) ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn) ((devfn) & 0x07)
typedef struct PCIDevice {
	uint8_t config[256];   /* the emulated config space (XenPTReg.ptr points in) */
	int32_t devfn;
} PCIDevice;
static inline int pci_dev_bus_num(const PCIDevice *d) { (void)d; return 0; }
typedef struct PCIHostDeviceAddress { unsigned domain, bus, slot, function; } PCIHostDeviceAddress;
typedef struct XenHostPCIIORegion { pcibus_t base_addr, size; uint8_t type, bus_flags; } XenHostPCIIORegion;
typedef struct XenHostPCIDevice {
	uint16_t domain;
	uint8_t bus, dev, func;
	uint16_t vendor_id, device_id;
	uint32_t class_code;
	int irq;
	XenHostPCIIORegion io_regions[PCI_NUM_REGIONS - 1];
	XenHostPCIIORegion rom;
	bool is_virtfn;
	int config_fd;
	int qshim_index;       /* which of the glue's fake config spaces */
} XenHostPCIDevice;
int xen_host_pci_get_byte(XenHostPCIDevice *d, int pos, uint8_t *p);
int xen_host_pci_get_word(XenHostPCIDevice *d, int pos, uint16_t *p);
int xen_host_pci_get_long(XenHostPCIDevice *d, int pos, uint32_t *p);
int xen_host_pci_set_word(XenHostPCIDevice *d, int pos, uint16_t data);

/* include/standard-headers/linux/pci_regs.h */
#define PCI_CAP_LIST_ID 0
#define PCI_CAP_LIST_NEXT 1
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11
#define PCI_MSI_FLAGS 2
#define PCI_MSI_FLAGS_ENABLE 0x0001
#define PCI_MSI_FLAGS_QMASK 0x000e
#define PCI_MSI_FLAGS_QSIZE 0x0070
#define PCI_MSI_FLAGS_64BIT 0x0080
#define PCI_MSI_FLAGS_MASKBIT 0x0100
#define PCI_MSI_ADDRESS_LO 4
#define PCI_MSI_ADDRESS_HI 8
#define PCI_MSI_DATA_32 8
#define PCI_MSI_MASK_32 12
#define PCI_MSI_PENDING_32 16
#define PCI_MSI_DATA_64 12
#define PCI_MSI_MASK_64 16
#define PCI_MSI_PENDING_64 20
#define PCI_MSIX_FLAGS 2
#define PCI_MSIX_FLAGS_QSIZE 0x07FF
#define PCI_MSIX_FLAGS_MASKALL 0x4000
#define PCI_MSIX_FLAGS_ENABLE 0x8000
#define PCI_MSIX_TABLE 4
#define PCI_MSIX_TABLE_BIR 0x00000007
#define PCI_MSIX_FLAGS_BIRMASK PCI_MSIX_TABLE_BIR
#define PCI_MSIX_ENTRY_SIZE 16
#define PCI_MSIX_ENTRY_LOWER_ADDR 0
#define PCI_MSIX_ENTRY_UPPER_ADDR 4
#define PCI_MSIX_ENTRY_DATA 8
#define PCI_MSIX_ENTRY_VECTOR_CTRL 12
#define PCI_MSIX_ENTRY_CTRL_MASKBIT 0x00000001

/* include/hw/i386/apic-msidef.h */
#define MSI_DATA_VECTOR_SHIFT 0
#define MSI_DATA_VECTOR_MASK 0x000000ff
#define MSI_DATA_DELIVERY_MODE_SHIFT 8
#define MSI_DATA_LEVEL_SHIFT 14
#define MSI_DATA_TRIGGER_SHIFT 15
#define MSI_ADDR_DEST_MODE_SHIFT 2
#define MSI_ADDR_REDIRECTION_SHIFT 3
#define MSI_ADDR_DEST_ID_SHIFT 12
#define MSI_ADDR_DEST_ID_MASK 0x000ff000

/* ---- Xen: libxenctrl and QEMU's xen glue --------------------------------------------- */
#define XC_PAGE_SHIFT 12
#define XC_PAGE_SIZE (1UL << XC_PAGE_SHIFT)
#define XC_PAGE_MASK (~(XC_PAGE_SIZE - 1))
typedef struct xc_interface xc_interface;
extern xc_interface *xen_xc;
extern uint32_t xen_domid;
int xc_physdev_map_pirq_msi(xc_interface *xch, uint32_t domid, int index, int *pirq, int devfn, int bus, int entry_nr,
                            uint64_t table_base);
int xc_physdev_unmap_pirq(xc_interface *xch, uint32_t domid, int pirq);
int xc_domain_update_msi_irq(xc_interface *xch, uint32_t domid, uint32_t gvec, uint32_t pirq, uint32_t gflags,
                             uint64_t gtable);
int xc_domain_unbind_msi_irq(xc_interface *xch, uint32_t domid, uint32_t gvec, uint32_t pirq, uint32_t gflags);
/* hw/i386/xen/xen-hvm.c (QEMU 7.2) */
int xen_is_pirq_msi(uint32_t msi_data);

#endif
