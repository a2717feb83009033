/*
 * Toy arch/x86/pci/xen.c for pirqsim's tests (see README.md): the HVM MSI
 * setup.  TOY_REUSE (the "reuse" tree) keeps the pirq cached in the entry
 * when some live irq has it.  Written for these tests; not Linux source.
 */
static void xen_msi_compose_msg(struct pci_dev *dev, unsigned int pirq, struct msi_msg *msg)
{
	msg->address_hi = pirq & 0xffffff00u;
	msg->address_lo = 0xfee00000u | ((pirq & 0xffu) << 12);
	msg->data = 0x4300u;
}

static int xen_hvm_setup_msi_irqs(struct pci_dev *dev, int nvec, int type)
{
	struct msi_desc *desc;
	struct msi_msg msg;
	int irq = 0, pirq;

	if (type == PCI_CAP_ID_MSI && nvec > 1)
		return 1;
	for_each_pci_msi_entry(desc, dev) {
		pirq = -1;
#ifdef TOY_REUSE
		__pci_read_msi_msg(desc, &msg);
		if (msg.data == 0x4300u) {
			pirq = (int)((msg.address_hi & 0xffffff00u) | ((msg.address_lo >> 12) & 0xffu));
			if (xen_irq_from_pirq(pirq) < 0)
				pirq = -1;
			else
				dev_dbg(&dev->dev, "xen: msi already bound to pirq=%d\n", pirq);
		}
#endif
		if (pirq < 0) {
			pirq = xen_allocate_pirq_msi(dev, desc);
			if (pirq < 0) {
				irq = -ENODEV;
				break;
			}
			xen_msi_compose_msg(dev, pirq, &msg);
			__pci_write_msi_msg(desc, &msg);
			dev_dbg(&dev->dev, "xen: msi bound to pirq=%d\n", pirq);
		}
		irq = xen_bind_pirq_msi_to_irq(dev, desc, pirq, 1, "msi-x", DOMID_SELF);
		if (irq < 0)
			break;
		dev_dbg(&dev->dev, "xen: msi --> pirq=%d --> irq=%d\n", pirq, irq);
	}
	if (irq < 0) {
		dev_err(&dev->dev, "Failed to create MSI%s! ret=%d!\n", type == PCI_CAP_ID_MSI ? "" : "-X", irq);
		return irq;
	}
	return 0;
}

static void xen_teardown_msi_irq(unsigned int irq)
{
	xen_destroy_irq(irq);
}
