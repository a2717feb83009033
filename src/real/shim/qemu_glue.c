/*
 * qemu_glue.c - appended to the functions extracted from a QEMU tree
 * (same translation unit, so it reaches their statics): the rest of the
 * QEMU shim (qemu_shim.h) and the entry points pirqsim calls
 * (real_dm_abi.h: pirqsim_real_qemu).  What this file does in QEMU's
 * stead:
 *   - xen_pt_realize's share (hw/xen/xen_pt.c, xen_pt_config_init.c):
 *     per passed-through function, the XenPTMSI of the MSI capability
 *     (xen_pt_msi_size_init allocates it) with xen_pt_msgctrl_reg_init,
 *     and xen_pt_msix_init with xen_pt_msixctrl_reg_init, the emulated
 *     registers (XenPTReg) pointing into the emulated config space as
 *     xen_pt_config_reg_init sets them up;
 *   - xen_pt_pci_write_config's dispatch of one trapped config write to
 *     the register's write handler, with the real device's value
 *     (xen_host_pci_get_block) and the write-back of the result;
 *   - the MSI-X MemoryRegion's dispatch to pci_msix_write / pci_msix_read;
 *   - the host's side: libxenctrl (tools/libs/ctrl xc_physdev.c,
 *     xc_domain.c: the argument structs as libxenctrl fills them; -1 and
 *     errno on failure), the real device's config space (a fake one, with
 *     an MSI capability at 0x50 and an MSI-X capability at 0x70, table in
 *     BAR 0 at offset 0), and the physical MSI-X table QEMU maps read-only
 *     (its vector control words, from the host before each access).
 */
#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1
#endif
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/physdev.h>

#define QSHIM_MSI_CAP 0x50
#define QSHIM_MSIX_CAP 0x70
#define QSHIM_DEVICES PIRQSIM_REAL_DM_DEVICES_MAX
#define QSHIM_ENTRIES PIRQSIM_REAL_DM_ENTRIES_MAX

const struct real_dm_host *qshim_host;
struct real_dm_shared *qshim_shared;
int qshim_errno;
qshim_stream qshim_stderr;
xc_interface *xen_xc;
uint32_t xen_domid = 1; /* the guest's domain id, as pirqsim's model names it (model/boundary.h) */

static unsigned qshim_devices;
static XenPCIPassthroughState qshim_dev[QSHIM_DEVICES];
static uint8_t qshim_host_config[QSHIM_DEVICES][256];
static uint32_t qshim_phys_table[QSHIM_DEVICES][QSHIM_ENTRIES * 4];
static int qshim_mapping;      /* the device whose table xen_pt_msix_init maps */
static struct {
	XenPTReg msgctrl, msgaddr_lo, msgaddr_hi, msgdata, msixctrl;
} qshim_reg[QSHIM_DEVICES];
static char qshim_line[512];
static size_t qshim_line_used;

_Noreturn void qshim_bug(const char *file, int line, const char *what)
{
	qshim_host->bug(qshim_host->data, file, line, what);
	__builtin_unreachable();
}

void *qshim_alloc(size_t size)
{
	size_t at = (qshim_shared->arena_used + 15u) & ~(size_t)15u;
	if (size > PIRQSIM_REAL_DM_ARENA_SIZE || at > PIRQSIM_REAL_DM_ARENA_SIZE - size)
		return NULL;
	qshim_shared->arena_used = at + size;
	return qshim_shared->arena + at;
}

/* ---- stdio: one line at a time to the host --------------------------------------------- */

int qshim_vfprintf(qshim_stream *s, const char *fmt, va_list ap)
{
	(void)s;
	int n = vsnprintf(qshim_line + qshim_line_used, sizeof(qshim_line) - qshim_line_used, fmt, ap);
	if (n < 0)
		return n;
	qshim_line_used += (size_t)n;
	if (qshim_line_used >= sizeof(qshim_line))
		qshim_line_used = sizeof(qshim_line) - 1;
	if (qshim_line_used > 0 && qshim_line[qshim_line_used - 1] == '\n') {
		qshim_line[qshim_line_used - 1] = '\0';
		qshim_host->log(qshim_host->data, qshim_line);
		/* A printed line is no state: the buffer goes back to zeros. */
		memset(qshim_line, 0, sizeof(qshim_line));
		qshim_line_used = 0;
	}
	return n;
}

int qshim_fprintf(qshim_stream *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = qshim_vfprintf(s, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- the host side of xen_pt_msix_init's mapping -------------------------------------------- */

int qshim_open(const char *path, int flags)
{
	(void)flags;
	if (strcmp(path, "/dev/mem") != 0)
		qshim_bug(__FILE__, __LINE__, "open of a file other than /dev/mem");
	return 3;
}

int qshim_close(int fd) { (void)fd; return 0; }

void *qshim_mmap(void *addr, size_t len, int prot, int flags, int fd, long offset)
{
	(void)addr;
	(void)prot;
	(void)flags;
	(void)fd;
	(void)offset;
	if (len > sizeof(qshim_phys_table[0]))
		qshim_bug(__FILE__, __LINE__, "MSI-X table larger than the shim's");
	return qshim_phys_table[qshim_mapping];
}

/* ---- the real device's config space ------------------------------------------------------------- */

int xen_host_pci_get_byte(XenHostPCIDevice *d, int pos, uint8_t *p)
{
	*p = qshim_host_config[d->qshim_index][pos & 0xff];
	return 0;
}

int xen_host_pci_get_word(XenHostPCIDevice *d, int pos, uint16_t *p)
{
	memcpy(p, &qshim_host_config[d->qshim_index][pos & 0xfe], 2);
	return 0;
}

int xen_host_pci_get_long(XenHostPCIDevice *d, int pos, uint32_t *p)
{
	memcpy(p, &qshim_host_config[d->qshim_index][pos & 0xfc], 4);
	return 0;
}

int xen_host_pci_set_word(XenHostPCIDevice *d, int pos, uint16_t data)
{
	memcpy(&qshim_host_config[d->qshim_index][pos & 0xfe], &data, 2);
	return 0;
}

/* ---- libxenctrl (Xen 4.17 tools/libs/ctrl) ------------------------------------------------------ */

/* do_physdev_op / do_domctl: the hypercall's result; -1 and errno on failure. */
static int qshim_result(int rc)
{
	if (rc < 0) {
		qshim_errno = -rc;
		return -1;
	}
	return rc;
}

int xc_physdev_map_pirq_msi(xc_interface *xch, uint32_t domid, int index, int *pirq, int devfn, int bus, int entry_nr,
                            uint64_t table_base)
{
	(void)xch;
	struct physdev_map_pirq map;
	if (!pirq) {
		qshim_errno = EINVAL;
		return -1;
	}
	memset(&map, 0, sizeof(map));
	map.domid = (domid_t)domid;
	map.type = MAP_PIRQ_TYPE_MSI;
	map.index = index;
	map.pirq = *pirq;
	map.bus = bus;
	map.devfn = devfn;
	map.entry_nr = entry_nr;
	map.table_base = table_base;
	int rc = qshim_result(qshim_host->physdev_op(qshim_host->data, PHYSDEVOP_map_pirq, &map));
	if (!rc)
		*pirq = map.pirq;
	return rc;
}

int xc_physdev_unmap_pirq(xc_interface *xch, uint32_t domid, int pirq)
{
	(void)xch;
	struct physdev_unmap_pirq unmap;
	memset(&unmap, 0, sizeof(unmap));
	unmap.domid = (domid_t)domid;
	unmap.pirq = pirq;
	return qshim_result(qshim_host->physdev_op(qshim_host->data, PHYSDEVOP_unmap_pirq, &unmap));
}

int xc_domain_update_msi_irq(xc_interface *xch, uint32_t domid, uint32_t gvec, uint32_t pirq, uint32_t gflags,
                             uint64_t gtable)
{
	(void)xch;
	struct xen_domctl domctl;
	memset(&domctl, 0, sizeof(domctl));
	domctl.cmd = XEN_DOMCTL_bind_pt_irq;
	domctl.domain = (domid_t)domid;
	struct xen_domctl_bind_pt_irq *bind = &domctl.u.bind_pt_irq;
	bind->irq_type = PT_IRQ_TYPE_MSI;
	bind->machine_irq = pirq;
	bind->u.msi.gvec = (uint8_t)gvec;
	bind->u.msi.gflags = gflags;
	bind->u.msi.gtable = gtable;
	return qshim_result(qshim_host->domctl(qshim_host->data, &domctl));
}

int xc_domain_unbind_msi_irq(xc_interface *xch, uint32_t domid, uint32_t gvec, uint32_t pirq, uint32_t gflags)
{
	(void)xch;
	struct xen_domctl domctl;
	memset(&domctl, 0, sizeof(domctl));
	domctl.cmd = XEN_DOMCTL_unbind_pt_irq;
	domctl.domain = (domid_t)domid;
	struct xen_domctl_bind_pt_irq *bind = &domctl.u.bind_pt_irq;
	bind->irq_type = PT_IRQ_TYPE_MSI;
	bind->machine_irq = pirq;
	bind->u.msi.gvec = (uint8_t)gvec;
	bind->u.msi.gflags = gflags;
	return qshim_result(qshim_host->domctl(qshim_host->data, &domctl));
}

/* xen_is_pirq_msi (QEMU 7.2 hw/i386/xen/xen-hvm.c): a message whose data
 * has vector 0 names a pirq in its destination id. */
int xen_is_pirq_msi(uint32_t msi_data)
{
	return ((msi_data & MSI_DATA_VECTOR_MASK) >> MSI_DATA_VECTOR_SHIFT) == 0;
}

/* Never reached: the glue sets up the MSI and MSI-X registers itself and
 * runs none of the tables' init functions but the control registers'. */
static int xen_pt_ptr_reg_init(XenPCIPassthroughState *s, XenPTRegInfo *reg, uint32_t real_offset, uint32_t *data)
{
	(void)s;
	(void)reg;
	(void)real_offset;
	(void)data;
	qshim_bug(__FILE__, __LINE__, "xen_pt_ptr_reg_init is not part of the shim");
}

/* ---- xen_pt_realize's share ---------------------------------------------------------------------- */

static XenPTRegInfo *qshim_reg_info(XenPTRegInfo *table, uint32_t offset)
{
	for (XenPTRegInfo *r = table; r->size != 0; r++)
		if (r->offset == offset)
			return r;
	qshim_bug(__FILE__, __LINE__, "register not in the tree's table");
}

static void qshim_reg_setup(XenPTReg *reg, XenPCIPassthroughState *s, XenPTRegInfo *table, uint32_t base, uint32_t offset)
{
	reg->reg = qshim_reg_info(table, offset);
	reg->ptr.byte = &s->dev.config[base + offset];
}

static int qshim_init(const struct real_dm_host *host, struct real_dm_shared *shared, unsigned devices,
                      const struct real_dm_device *spec)
{
	qshim_host = host;
	qshim_shared = shared;
	qshim_devices = devices;
	for (unsigned d = 0; d < devices; d++) {
		XenPCIPassthroughState *s = &qshim_dev[d];
		uint8_t *cfg = qshim_host_config[d];
		s->dev.devfn = spec[d].devfn;
		s->real_device.bus = 0;
		s->real_device.dev = (uint8_t)PCI_SLOT(spec[d].devfn);
		s->real_device.func = (uint8_t)PCI_FUNC(spec[d].devfn);
		s->real_device.qshim_index = (int)d;
		s->real_device.io_regions[0].base_addr = spec[d].table_bar;
		if (spec[d].has_msi) {
			cfg[QSHIM_MSI_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_MSI;
			cfg[QSHIM_MSI_CAP + PCI_CAP_LIST_NEXT] = spec[d].msix_entries ? QSHIM_MSIX_CAP : 0;
			cfg[QSHIM_MSI_CAP + PCI_MSI_FLAGS] = PCI_MSI_FLAGS_64BIT;
			/* xen_pt_msi_size_init */
			s->msi = g_malloc0(sizeof(XenPTMSI));
			s->msi->pirq = XEN_PT_UNASSIGNED_PIRQ;
			qshim_reg_setup(&qshim_reg[d].msgctrl, s, xen_pt_emu_reg_msi, QSHIM_MSI_CAP, PCI_MSI_FLAGS);
			qshim_reg_setup(&qshim_reg[d].msgaddr_lo, s, xen_pt_emu_reg_msi, QSHIM_MSI_CAP, PCI_MSI_ADDRESS_LO);
			qshim_reg_setup(&qshim_reg[d].msgaddr_hi, s, xen_pt_emu_reg_msi, QSHIM_MSI_CAP, PCI_MSI_ADDRESS_HI);
			qshim_reg_setup(&qshim_reg[d].msgdata, s, xen_pt_emu_reg_msi, QSHIM_MSI_CAP, PCI_MSI_DATA_64);
			uint32_t data = 0;
			int rc = xen_pt_msgctrl_reg_init(s, qshim_reg[d].msgctrl.reg, QSHIM_MSI_CAP + PCI_MSI_FLAGS, &data);
			if (rc)
				return rc;
			*qshim_reg[d].msgctrl.ptr.half_word = (uint16_t)data;
		}
		if (spec[d].msix_entries) {
			if (spec[d].msix_entries > QSHIM_ENTRIES)
				return -EINVAL;
			cfg[QSHIM_MSIX_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_MSIX;
			uint16_t control = (uint16_t)(spec[d].msix_entries - 1);
			memcpy(&cfg[QSHIM_MSIX_CAP + PCI_MSIX_FLAGS], &control, 2);
			/* the table at offset 0 of BAR 0 (PCI_MSIX_TABLE: 0) */
			qshim_mapping = (int)d;
			int rc = xen_pt_msix_init(s, QSHIM_MSIX_CAP);
			if (rc)
				return rc;
			/* xen_pt_region_update: the guest's BAR address, here the host's. */
			s->msix->mmio_base_addr = spec[d].table_bar;
			qshim_reg_setup(&qshim_reg[d].msixctrl, s, xen_pt_emu_reg_msix, QSHIM_MSIX_CAP, PCI_MSI_FLAGS);
			uint32_t data = 0;
			rc = xen_pt_msixctrl_reg_init(s, qshim_reg[d].msixctrl.reg, QSHIM_MSIX_CAP + PCI_MSIX_FLAGS, &data);
			if (rc)
				return rc;
			*qshim_reg[d].msixctrl.ptr.half_word = (uint16_t)data;
		}
	}
	/* Every entry masked in the physical table until Xen programs it. */
	memset(qshim_phys_table, 0, sizeof(qshim_phys_table));
	return 0;
}

/* ---- the guest's accesses ------------------------------------------------------------------------ */

static XenPCIPassthroughState *qshim_device(int device)
{
	if (device < 0 || (unsigned)device >= qshim_devices)
		qshim_bug(__FILE__, __LINE__, "no such device");
	return &qshim_dev[device];
}

/* xen_pt_pci_write_config for one register the guest writes whole: the
 * real device's value, the handler, and the write-back of what may pass
 * through (wb_mask: none when the register is all emulated/read-only). */
static void qshim_config_write(int device, XenPTReg *entry, uint32_t base, uint32_t value)
{
	XenPCIPassthroughState *s = qshim_device(device);
	XenPTRegInfo *reg = entry->reg;
	if (!reg)
		qshim_bug(__FILE__, __LINE__, "the device has no such register");
	uint32_t addr = base + reg->offset;
	uint32_t full = 0xFFFFFFFFu >> ((4 - reg->size) << 3);
	uint32_t read_val = 0;
	memcpy(&read_val, &qshim_host_config[device][addr], reg->size);
	uint32_t wp_mask = reg->emu_mask | reg->ro_mask;
	if (!s->permissive)
		wp_mask |= reg->res_mask;
	uint32_t wb_mask = wp_mask == full ? full & ~wp_mask : full;
	uint32_t val = value;
	int rc = 0;
	if (reg->size == 2) {
		uint16_t v = (uint16_t)val;
		rc = reg->u.w.write(s, entry, &v, (uint16_t)read_val, (uint16_t)full);
		val = v;
	} else if (reg->size == 4) {
		rc = reg->u.dw.write(s, entry, &val, read_val, full);
	} else {
		qshim_bug(__FILE__, __LINE__, "register size");
	}
	if (rc < 0)
		qshim_bug(__FILE__, __LINE__, "Internal error: Invalid write emulation");
	uint32_t out = (val & wb_mask) | (read_val & ~wb_mask);
	memcpy(&qshim_host_config[device][addr], &out, reg->size);
	qshim_errno = 0; /* read right after each libxenctrl call, never later: no state */
}

/* The physical table's vector control words, as Xen holds them now. */
static void qshim_phys_refresh(int device)
{
	XenPTMSIX *msix = qshim_dev[device].msix;
	for (int e = 0; msix && e < msix->total_entries; e++)
		qshim_phys_table[device][e * 4 + 3] = qshim_host->phys_vector_ctrl(qshim_host->data, device, e);
}

static void qshim_phys_forget(int device) { memset(qshim_phys_table[device], 0, sizeof(qshim_phys_table[device])); }

static void qshim_msix_table_write(int device, unsigned offset, uint32_t value)
{
	XenPCIPassthroughState *s = qshim_device(device);
	if (!s->msix)
		qshim_bug(__FILE__, __LINE__, "MSI-X table write to a device without MSI-X");
	qshim_phys_refresh(device);
	pci_msix_write(s, offset, value, 4);
	qshim_phys_forget(device);
	qshim_errno = 0;
}

static uint32_t qshim_msix_table_read(int device, unsigned offset)
{
	XenPCIPassthroughState *s = qshim_device(device);
	if (!s->msix)
		qshim_bug(__FILE__, __LINE__, "MSI-X table read of a device without MSI-X");
	return (uint32_t)pci_msix_read(s, offset, 4);
}

/* xen_pt_msixctrl_reg_write reads no physical table entry
 * (xen_pt_msix_update passes each entry's latched vector control), so the
 * table is not read from the host here: only pci_msix_write's unmask path
 * reads it. */
static void qshim_msix_control_write(int device, uint16_t value)
{
	if (!qshim_device(device)->msix)
		qshim_bug(__FILE__, __LINE__, "MSI-X control write to a device without MSI-X");
	qshim_config_write(device, &qshim_reg[device].msixctrl, QSHIM_MSIX_CAP, value);
}

static void qshim_msi_write(int device, XenPTReg *reg, uint32_t value)
{
	if (!qshim_device(device)->msi)
		qshim_bug(__FILE__, __LINE__, "MSI write to a device without MSI");
	qshim_config_write(device, reg, QSHIM_MSI_CAP, value);
}
static void qshim_msi_control_write(int device, uint16_t v) { qshim_msi_write(device, &qshim_reg[device].msgctrl, v); }
static void qshim_msi_addr_lo_write(int device, uint32_t v) { qshim_msi_write(device, &qshim_reg[device].msgaddr_lo, v); }
static void qshim_msi_addr_hi_write(int device, uint32_t v) { qshim_msi_write(device, &qshim_reg[device].msgaddr_hi, v); }
static void qshim_msi_data_write(int device, uint16_t v) { qshim_msi_write(device, &qshim_reg[device].msgdata, v); }

static void qshim_state(int device, struct real_dm_state *out)
{
	XenPCIPassthroughState *s = qshim_device(device);
	memset(out, 0, sizeof(*out));
	if (s->msix) {
		out->msix_enabled = s->msix->enabled;
		out->msix_maskall = s->msix->maskall;
		out->msix_entries = s->msix->total_entries;
		for (int e = 0; e < s->msix->total_entries && e < QSHIM_ENTRIES; e++) {
			XenPTMSIXEntry *x = &s->msix->msix_entry[e];
			out->entry[e].pirq = x->pirq;
			out->entry[e].updated = x->updated;
			memcpy(out->entry[e].latch, x->latch, sizeof(out->entry[e].latch));
			out->entry[e].addr = x->addr;
			out->entry[e].data = x->data;
		}
	}
	if (s->msi) {
		out->has_msi = 1;
		out->msi_flags = s->msi->flags;
		out->msi_addr_lo = s->msi->addr_lo;
		out->msi_addr_hi = s->msi->addr_hi;
		out->msi_data = s->msi->data;
		out->msi_pirq = s->msi->pirq;
		out->msi_initialized = s->msi->initialized;
		out->msi_mapped = s->msi->mapped;
	}
}

#ifndef QEMU_RELEASE
#error "build_qemu.py passes -DQEMU_RELEASE=x.y.z"
#endif
#define QSHIM_STR2(x) #x
#define QSHIM_STR(x) QSHIM_STR2(x)

static const struct real_dm_api qshim_api = {
	.abi_version = PIRQSIM_REAL_DM_ABI_VERSION,
	.release = QSHIM_STR(QEMU_RELEASE),
	.init = qshim_init,
	.msix_table_write = qshim_msix_table_write,
	.msix_table_read = qshim_msix_table_read,
	.msix_control_write = qshim_msix_control_write,
	.msi_control_write = qshim_msi_control_write,
	.msi_addr_lo_write = qshim_msi_addr_lo_write,
	.msi_addr_hi_write = qshim_msi_addr_hi_write,
	.msi_data_write = qshim_msi_data_write,
	.state = qshim_state,
};

__attribute__((visibility("default"))) const struct real_dm_api *pirqsim_real_qemu(void);
const struct real_dm_api *pirqsim_real_qemu(void) { return &qshim_api; }
