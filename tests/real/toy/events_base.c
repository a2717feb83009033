/*
 * Toy events code for pirqsim's tests (see README.md): an irq_info per
 * Linux irq on one list, a two-level port -> irq table, pirq binding by
 * EVTCHNOP_bind_pirq on the first request and EVTCHNOP_close on the last
 * free.  Written for these tests; not Linux source.
 */
#include "events_internal.h"

enum xen_irq_type { IRQT_UNBOUND = 0, IRQT_PIRQ };

struct irq_info {
	struct list_head list;
	int type;
	unsigned int irq;
	evtchn_port_t evtchn;
	union {
		struct {
			unsigned short pirq;
			unsigned char flags;
		} pirq;
	} u;
};

#define TOY_PORTS_PER_ROW (PAGE_SIZE / sizeof(int))

const struct evtchn_ops *evtchn_ops;
static DEFINE_MUTEX(irq_mapping_update_lock);
static LIST_HEAD(xen_irq_list_head);
static int **evtchn_to_irq;
static bool (*pirq_needs_eoi)(unsigned irq);

static struct irq_info *info_for_irq(unsigned irq)
{
	return irq_get_chip_data(irq);
}

unsigned int irq_from_evtchn(evtchn_port_t port)
{
	if (port >= evtchn_ops->max_channels())
		return -1;
	return evtchn_to_irq[port / TOY_PORTS_PER_ROW][port % TOY_PORTS_PER_ROW];
}

static bool pirq_needs_eoi_flag(unsigned irq)
{
	return info_for_irq(irq)->u.pirq.flags & 1;
}

int xen_allocate_pirq_msi(struct pci_dev *dev, struct msi_desc *desc)
{
	struct physdev_get_free_pirq op = { .type = MAP_PIRQ_TYPE_MSI };
	int rc = HYPERVISOR_physdev_op(PHYSDEVOP_get_free_pirq, &op);
	return rc ? -1 : (int)op.pirq;
}

int xen_bind_pirq_msi_to_irq(struct pci_dev *dev, struct msi_desc *desc, int pirq, int nvec, const char *name,
                             domid_t domid)
{
	mutex_lock(&irq_mapping_update_lock);
	int irq = irq_alloc_desc_from(0, -1);
	if (irq >= 0) {
		struct irq_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
		info->irq = irq;
		info->type = IRQT_PIRQ;
		info->u.pirq.pirq = pirq;
		irq_set_chip_data(irq, info);
		list_add_tail(&info->list, &xen_irq_list_head);
		irq_set_msi_desc(irq, desc);
	}
	mutex_unlock(&irq_mapping_update_lock);
	return irq;
}

int xen_irq_from_pirq(unsigned pirq)
{
	struct irq_info *info;
	int irq = -1;
	mutex_lock(&irq_mapping_update_lock);
	list_for_each_entry(info, &xen_irq_list_head, list)
		if (info->type == IRQT_PIRQ && info->u.pirq.pirq == pirq) {
			irq = info->irq;
			break;
		}
	mutex_unlock(&irq_mapping_update_lock);
	return irq;
}

int xen_destroy_irq(int irq)
{
	struct irq_info *info = info_for_irq(irq);
	mutex_lock(&irq_mapping_update_lock);
	list_del(&info->list);
	irq_set_chip_data(irq, NULL);
	kfree(info);
	irq_free_desc(irq);
	mutex_unlock(&irq_mapping_update_lock);
	return 0;
}

static unsigned int startup_pirq(struct irq_data *data)
{
	struct irq_info *info = info_for_irq(data->irq);
	struct evtchn_bind_pirq bind = { .pirq = info->u.pirq.pirq, .flags = 0 };
	if (info->evtchn)
		return 0;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind) != 0) {
		pr_warn("Failed to obtain physical IRQ %d\n", data->irq);
		return 0;
	}
	struct physdev_irq_status_query query = { .irq = info->u.pirq.pirq };
	if (HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, &query) == 0 && (query.flags & XENIRQSTAT_needs_eoi))
		info->u.pirq.flags |= 1;
	info->evtchn = bind.port;
	evtchn_to_irq[bind.port / TOY_PORTS_PER_ROW][bind.port % TOY_PORTS_PER_ROW] = data->irq;
	return 0;
}

static void shutdown_pirq(struct irq_data *data)
{
	struct irq_info *info = info_for_irq(data->irq);
	struct evtchn_close close = { .port = info->evtchn };
	if (!info->evtchn)
		return;
	evtchn_to_irq[info->evtchn / TOY_PORTS_PER_ROW][info->evtchn % TOY_PORTS_PER_ROW] = -1;
	info->evtchn = 0;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &close) != 0)
		BUG();
}
