/*
 * msg.c - an MSI message as bytes (struct real_msi_msg, what the real
 * code writes and reads) and as the model's device keeps it (struct
 * msi_msg_model, model/boundary.h): the real guest's host calls
 * (runtime.c) and the real device model's accesses (dm.c) both convert.
 */
#include "model/boundary.h"
#include "real/runtime_internal.h"

/* The pirq-format message of SPEC §2.1 as the model's device keeps it:
 * the pirq in the destination id fields, the data's vector, and whether
 * the data is the Xen form (XEN_PIRQ_MSI_DATA, <= 5.10; delivery mode
 * ExtINT with vector 0, >= 5.11). */
void real_msg_decode(const struct real_msi_msg *m, struct msi_msg_model *out)
{
	int pirq = (int)((m->address_hi & 0xffffff00u) | ((m->address_lo >> 12) & 0xffu));
	out->pirq = (int16_t)pirq;
	out->gvec = (uint8_t)(m->data & 0xffu);
	out->xen_format = m->data == 0x4300u || ((m->data & 0xffu) == 0 && ((m->data >> 8) & 7u) == 7u);
}

void real_msg_encode(const struct config *cfg, const struct msi_msg_model *m, struct real_msi_msg *out)
{
	unsigned pirq = (unsigned)(m->pirq < 0 ? 0 : m->pirq);
	out->address_hi = pirq & 0xffffff00u;
	out->address_lo = 0xfee00000u | ((pirq & 0xffu) << 12);
	if (m->xen_format && m->gvec == 0)
		out->data = cfg->knobs.g_msgfmt == G_MSGFMT_4300 ? 0x4300u : 0x0700u;
	else
		out->data = m->gvec;
}
