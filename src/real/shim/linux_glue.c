/*
 * linux_glue.c - appended to the functions extracted from a Linux tree
 * (same translation unit, so it reaches their statics): the rest of the
 * shim (linux_shim.h) and the entry points pirqsim calls
 * (real_abi.h: pirqsim_real_linux).  What this file does in the kernel's
 * stead is the modelled PCI core's and irq core's share of the work:
 *   - MSI descriptors: msix_setup_msi_descs / msi_setup_msi_desc
 *     (drivers/pci/msi/msi.c), one per vector, entry_nr / msi_index = i;
 *   - the arch hooks: x86_msi.setup_msi_irqs (<= 5.9) or the Xen MSI
 *     irqdomain's alloc (>= 5.10), both the tree's xen_hvm_setup_msi_irqs;
 *     the teardown xen_teardown_msi_irqs (>= 5.10, HVM's op in
 *     xen_setup_pci_msi) or default_teardown_msi_irqs -> the tree's
 *     xen_teardown_msi_irq per irq (<= 5.9);
 *   - request_irq / free_irq of the first / last action: the pirq chip's
 *     irq_startup / irq_shutdown, i.e. the tree's startup_pirq and
 *     shutdown_pirq;
 *   - boot: xen_init_IRQ's share that these functions rely on (the
 *     evtchn_to_irq row table, pirq_needs_eoi, the 2-level evtchn_ops).
 */

const struct real_host *shim_host;
struct real_shared *shim_shared;
struct shim_irq shim_irqs[SHIM_NR_IRQS];
static struct workqueue_struct shim_system_wq;
struct workqueue_struct *system_wq = &shim_system_wq;
unsigned long jiffies;
static struct pci_dev shim_pdev[PIRQSIM_REAL_DEVICES_MAX];
/* Per actor: the MSI descriptor its setup is at (the iterators and the
 * message accesses set it), for the irq number irq_alloc_descs hands out. */
static struct msi_desc *shim_current_desc_of[PIRQSIM_REAL_DEVICES_MAX + 1];
#define shim_current_desc (shim_current_desc_of[shim_shared->current_actor])
static const char *const shim_dev_names[PIRQSIM_REAL_DEVICES_MAX] = {
	"0000:00:04.0", "0000:00:05.0", "0000:00:06.0", "0000:00:07.0",
	"0000:00:08.0", "0000:00:09.0", "0000:00:0a.0", "0000:00:0b.0",
};

void handle_edge_irq(struct irq_desc *desc) { (void)desc; }
void handle_fasteoi_irq(struct irq_desc *desc) { (void)desc; }
void handle_percpu_irq(struct irq_desc *desc) { (void)desc; }
void handle_level_irq(struct irq_desc *desc) { (void)desc; }

void shim_bug(const char *file, int line, const char *what)
{
	shim_host->bug(shim_host->data, file, line, what);
	__builtin_unreachable();
}

void *shim_alloc(size_t size)
{
	unsigned a = shim_shared->current_actor;
	size_t at = (shim_shared->arena_used[a] + 15u) & ~(size_t)15u;
	if (size > PIRQSIM_REAL_ARENA_SIZE || at > PIRQSIM_REAL_ARENA_SIZE - size)
		return NULL; /* as kmalloc under memory pressure: the caller's -ENOMEM path */
	shim_shared->arena_used[a] = at + size;
	return shim_shared->arena[a] + at;
}

void shim_log(enum real_log kind, int device, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	size_t n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	shim_host->log(shim_host->data, kind, device, line);
}

int shim_irq_alloc_descs(int irq, unsigned int from, unsigned int cnt, int node)
{
	(void)node;
	if (irq < 0 && cnt == 1 && shim_current_desc) {
		struct msi_desc *d = shim_current_desc;
		int want = shim_host->irq_number(shim_host->data, d->shim_pdev->shim_index, d->shim_entry);
		if (want >= NR_IRQS_LEGACY && want < SHIM_NR_IRQS && !shim_irqs[want].allocated) {
			memset(&shim_irqs[want], 0, sizeof(shim_irqs[want]));
			shim_irqs[want].allocated = true;
			shim_irqs[want].data.irq = (unsigned)want;
			return want;
		}
	}
	/* Lowest free run of cnt irqs at or above from (and above the legacy ones). */
	unsigned start = irq >= 0 ? (unsigned)irq : (from > NR_IRQS_LEGACY ? from : NR_IRQS_LEGACY);
	for (unsigned base = start; base + cnt <= SHIM_NR_IRQS; base++) {
		unsigned i;
		for (i = 0; i < cnt && !shim_irqs[base + i].allocated; i++)
			;
		if (i == cnt) {
			for (i = 0; i < cnt; i++) {
				memset(&shim_irqs[base + i], 0, sizeof(shim_irqs[base + i]));
				shim_irqs[base + i].allocated = true;
				shim_irqs[base + i].data.irq = base + i;
			}
			return (int)base;
		}
		if (irq >= 0)
			break;
	}
	return -ENOMEM;
}

void shim_irq_free_descs(unsigned int irq, unsigned int cnt)
{
	for (unsigned i = 0; i < cnt && irq + i < SHIM_NR_IRQS; i++)
		shim_irqs[irq + i].allocated = false;
}

int irq_set_msi_desc(unsigned int irq, struct msi_desc *desc)
{
	struct irq_data *d = irq_get_irq_data(irq);
	if (!d)
		return -EINVAL;
	d->msi_desc = desc;
	if (desc)
		desc->irq = irq;
	return 0;
}

struct msi_desc *shim_msi_next(struct device *dev, struct msi_desc *from, enum msi_desc_filter filter)
{
	struct list_head *at = from ? from->list.next : dev->msi_list.next;
	for (; at != &dev->msi_list; at = at->next) {
		struct msi_desc *d = list_entry(at, struct msi_desc, list);
		if (filter == MSI_DESC_ALL || (filter == MSI_DESC_ASSOCIATED) == (d->irq != 0)) {
			shim_current_desc = d;
			return d;
		}
	}
	shim_current_desc = NULL;
	return NULL;
}

/* __pci_write_msi_msg / __pci_read_msi_msg (drivers/pci/msi): the MSI-X
 * table entry or the MSI capability's address/data, emulated by QEMU. */
void __pci_write_msi_msg(struct msi_desc *entry, struct msi_msg *msg)
{
	shim_current_desc = entry;
	struct real_msi_msg m = {msg->address_lo, msg->address_hi, msg->data};
	shim_host->write_msi_msg(shim_host->data, entry->shim_pdev->shim_index, entry->shim_entry,
	                         entry->msi_attrib.is_msix, &m);
	entry->msg = *msg;
}

void __pci_read_msi_msg(struct msi_desc *entry, struct msi_msg *msg)
{
	shim_current_desc = entry;
	struct real_msi_msg m;
	shim_host->read_msi_msg(shim_host->data, entry->shim_pdev->shim_index, entry->shim_entry,
	                        entry->msi_attrib.is_msix, &m);
	msg->address_lo = m.address_lo;
	msg->address_hi = m.address_hi;
	msg->data = m.data;
}

/* The 2-level event channel ABI (drivers/xen/events/events_2l.c): the
 * masks and pending bits live in the shared info page, which the model
 * does not keep (delivery is decided by port binding and handler), so
 * these are no-ops.  128 ports, not EVTCHN_2L_NR_CHANNELS' 4096: the
 * model's ports are slot + 1 (model/world.h), and the port table is in
 * every state the explorer keeps. */
static unsigned shim_evtchn_max_channels(void) { return 128u; }
static void shim_evtchn_bind_to_cpu(evtchn_port_t p, unsigned int cpu, unsigned int old) { (void)p; (void)cpu; (void)old; }
static void shim_evtchn_port_op(evtchn_port_t p) { (void)p; }
static bool shim_evtchn_is_pending(evtchn_port_t p) { (void)p; return false; }
static const struct evtchn_ops shim_evtchn_ops = {
	.max_channels = shim_evtchn_max_channels,
	.nr_channels = shim_evtchn_max_channels,
	.bind_to_cpu = shim_evtchn_bind_to_cpu,
	.clear_pending = shim_evtchn_port_op,
	.set_pending = shim_evtchn_port_op,
	.is_pending = shim_evtchn_is_pending,
	.mask = shim_evtchn_port_op,
	.unmask = shim_evtchn_port_op,
};

static void glue_init(const struct real_host *host, struct real_shared *shared, unsigned devices)
{
	shim_host = host;
	shim_shared = shared;
	shim_shared->current_actor = PIRQSIM_REAL_DEVICES_MAX; /* boot's arena */
	evtchn_ops = &shim_evtchn_ops;
	unsigned rows = shim_evtchn_max_channels() / (PAGE_SIZE / sizeof(**evtchn_to_irq));
	evtchn_to_irq = kcalloc(rows, sizeof(*evtchn_to_irq), GFP_KERNEL);
	/* Every row at boot, each entry -1 (what set_evtchn_to_irq does for a
	 * row on first use): otherwise the row lands in the heap arena of
	 * whichever actor binds a port first, and states that differ only in
	 * that would not match. */
	for (unsigned r = 0; r < rows; r++) {
		evtchn_to_irq[r] = kmalloc(PAGE_SIZE, GFP_KERNEL);
		for (unsigned col = 0; col < PAGE_SIZE / sizeof(**evtchn_to_irq); col++)
			evtchn_to_irq[r][col] = -1;
	}
	pirq_needs_eoi = pirq_needs_eoi_flag;
	for (unsigned d = 0; d < devices && d < PIRQSIM_REAL_DEVICES_MAX; d++) {
		struct pci_dev *p = &shim_pdev[d];
		p->shim_index = (int)d;
		p->devfn = (4u + d) << 3;
		p->dev.init_name = shim_dev_names[d];
		INIT_LIST_HEAD(&p->dev.msi_list);
		INIT_LIST_HEAD(&p->msi_list);
	}
}

static void glue_alloc_descs(int device, int nvec, int msix)
{
	struct pci_dev *p = &shim_pdev[device];
	for (int i = 0; i < nvec; i++) {
		struct msi_desc *d = kzalloc(sizeof(*d), GFP_KERNEL);
		if (!d)
			shim_bug(__FILE__, __LINE__, "MSI descriptor: arena exhausted");
		d->dev = &p->dev;
		d->shim_pdev = p;
		d->shim_entry = i;
		d->nvec_used = 1;
		d->msi_index = (u16)i;
		d->msi_attrib.is_msix = msix ? 1 : 0;
		d->msi_attrib.entry_nr = (u16)i;
		list_add_tail(&d->list, &p->dev.msi_list);
	}
	p->msix_enabled = 0;
	p->msi_enabled = 0;
}

static void glue_free_descs(int device)
{
	INIT_LIST_HEAD(&shim_pdev[device].dev.msi_list);
	shim_current_desc = NULL;
}

static int glue_setup_msi_irqs(int device, int nvec, int msix)
{
	shim_current_desc = NULL;
	return xen_hvm_setup_msi_irqs(&shim_pdev[device], nvec, msix ? PCI_CAP_ID_MSIX : PCI_CAP_ID_MSI);
}

static void glue_teardown_msi_irqs(int device)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 0)
	xen_teardown_msi_irqs(&shim_pdev[device]);
#else
	/* default_teardown_msi_irqs: arch_teardown_msi_irq per irq. */
	struct msi_desc *d;
	list_for_each_entry(d, &shim_pdev[device].dev.msi_list, list)
		if (d->irq)
			for (unsigned i = 0; i < d->nvec_used; i++)
				xen_teardown_msi_irq(d->irq + i);
#endif
}

static int glue_desc_irq(int device, int entry)
{
	struct msi_desc *d;
	list_for_each_entry(d, &shim_pdev[device].dev.msi_list, list)
		if (d->shim_entry == entry)
			return (int)d->irq;
	return 0;
}

static void glue_irq_startup(int irq)
{
	startup_pirq(irq_get_irq_data((unsigned)irq));
}

static void glue_irq_shutdown(int irq)
{
	shutdown_pirq(irq_get_irq_data((unsigned)irq));
}

static void glue_irq_state(int irq, struct real_irq_state *out)
{
	memset(out, 0, sizeof(*out));
	out->evtchn_irq = -1;
	struct irq_info *info = irq_get_irq_data((unsigned)irq) ? info_for_irq((unsigned)irq) : NULL;
	if (!info)
		return;
	out->exists = 1;
	struct irq_info *i;
	list_for_each_entry(i, &xen_irq_list_head, list)
		if (i == info)
			out->listed = 1;
	out->type_pirq = info->type == IRQT_PIRQ;
	out->pirq = info->u.pirq.pirq;
	out->evtchn = info->evtchn;
	if (info->evtchn != 0)
		out->evtchn_irq = (int)irq_from_evtchn(info->evtchn);
}

#define SHIM_STR_(x) #x
#define SHIM_STR(x) SHIM_STR_(x)

static const struct real_linux_api shim_api = {
	.abi_version = PIRQSIM_REAL_ABI_VERSION,
	.release = SHIM_STR(LINUX_RELEASE),
	.setup_function = "xen_hvm_setup_msi_irqs",
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 0)
	.teardown_function = "xen_teardown_msi_irqs",
#else
	.teardown_function = "xen_teardown_msi_irq",
#endif
	.startup_function = "startup_pirq",
	.init = glue_init,
	.alloc_descs = glue_alloc_descs,
	.free_descs = glue_free_descs,
	.setup_msi_irqs = glue_setup_msi_irqs,
	.teardown_msi_irqs = glue_teardown_msi_irqs,
	.desc_irq = glue_desc_irq,
	.irq_startup = glue_irq_startup,
	.irq_shutdown = glue_irq_shutdown,
	.irq_state = glue_irq_state,
};

__attribute__((visibility("default"))) const struct real_linux_api *pirqsim_real_linux(void);
const struct real_linux_api *pirqsim_real_linux(void)
{
	return &shim_api;
}
