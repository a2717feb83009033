/*
 * qemu_prelude.h - between the xen_pt_msi.c extract (which brings the
 * types of hw/xen/xen_pt.h) and the xen_pt_config_init.c one: what the
 * latter uses but the extract stops at.  xen_pt_ptr_reg_init: the MSI
 * register table names it for its Next Pointer register; its definition
 * pulls in every register group of the file, so the extract omits it and
 * the glue defines it (never called: the glue sets up only the MSI and
 * MSI-X registers).
 */
static int xen_pt_ptr_reg_init(XenPCIPassthroughState *s, XenPTRegInfo *reg, uint32_t real_offset, uint32_t *data);
