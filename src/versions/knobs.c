/*
 * knobs.c - names, values and one-line descriptions of the behavioural knobs
 * (SPEC §3.4, §4.5, §5.9, §8).  Value names are indexed by the enum values of
 * knobs.h, in the same order.
 */
#include "versions/knobs.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

static const struct knob_info knob_table[KNOB_COUNT] = {
	[KNOB_G_REUSE] = {
		"g-reuse", G_REUSE_COUNT, { "reuse-if-known", "always-fresh" },
		"G-REUSE: xen_hvm_setup_msi_irqs reuses the pirq cached in the MSI "
		"message if the guest still knows it (af42b8d..v4.10) or always "
		"allocates a fresh one (c74fd80f2f41, v4.11+ and backports)",
	},
	[KNOB_G_LOOKUP] = {
		"g-lookup", G_LOOKUP_COUNT, { "array", "live-list" },
		"G-LOOKUP: xen_irq_from_pirq answers from pirq_to_irq[], which "
		"survives HVM teardown (<= 2.6.38), or walks the live irq_info "
		"list (>= 2.6.39)",
	},
	[KNOB_G_APICV_OPTOUT] = {
		"g-apicv-optout", G_APICV_OPTOUT_COUNT, { "no", "yes" },
		"G-APICV-OPTOUT (part of G-PIRQMODE): the kernel skips the pirq MSI "
		"ops when Xen's CPUID leaf reports APIC/x2APIC virtualisation "
		"(xen_msi_init from 3.19, xen_hvm_msi_init from 5.11)",
	},
	[KNOB_G_MSGFMT] = {
		"g-msgfmt", G_MSGFMT_COUNT, { "4300", "extint" },
		"G-MSGFMT: data word of the pirq-encoded MSI message, "
		"XEN_PIRQ_MSI_DATA 0x4300 (<= v5.10) or ExtINT delivery mode "
		"(>= v5.11)",
	},
	[KNOB_G_ERRMSG] = {
		"g-errmsg", G_ERRMSG_COUNT, { "frontend", "create" },
		"G-ERRMSG: what xen_hvm_setup_msi_irqs logs on failure, the "
		"misleading 'Xen PCI frontend has not registered' line or "
		"'Failed to create MSI'",
	},
	[KNOB_G_FALLBACK] = {
		"g-fallback", G_FALLBACK_COUNT, { "avail-retry", "no-avail" },
		"G-FALLBACK: after a failed MSI-X setup the PCI core retries with as "
		"many vectors as got an irq (<= 5.16) or goes straight to MSI "
		"(>= 5.17); both then fall back to one MSI vector, then INTx",
	},
	[KNOB_HV_LOG] = {
		"hv-log", HV_LOG_COUNT, { "plain", "old-new" },
		"HV-LOG: map_domain_pirq's 'already mapped' debug line, without "
		"(<= 4.5) or with (>= 4.6, 669d4b85c4) ' (old_pirq,old_irq)'",
	},
	[KNOB_DM_KIND] = {
		"dm-kind", DM_KIND_COUNT, { "qemu-xen", "traditional" },
		"DM-KIND: the device model serving the passthrough device, upstream "
		"QEMU hw/xen/xen_pt*.c or qemu-xen-traditional hw/pt-msi.c",
	},
	[KNOB_DM_UNMAP] = {
		"dm-unmap", DM_UNMAP_COUNT, { "keep", "unmap" },
		"DM-UNMAP: on guest MSI/MSI-X disable the DM keeps pirqs mapped "
		"(QEMU <= 2.0, qemu-trad) or unbinds and unmaps them (c976437c, "
		"QEMU >= 2.1, qemu-xen-4.5+)",
	},
	[KNOB_DM_REARM] = {
		"dm-rearm", DM_REARM_COUNT, { "ignore-identical", "if-unassigned" },
		"DM-REARM: identical MSI-X table writes are always ignored (<= 2.0) "
		"or re-arm the entry when it has no pirq (>= 2.1)",
	},
	[KNOB_DM_LATCH] = {
		"dm-latch", DM_LATCH_COUNT, { "none", "on-unmask" },
		"DM-LATCH: table writes to an unmasked entry while MSI-X is enabled "
		"are refused (<= 2.5) or latched and applied on unmask (f0ada3608a, "
		">= 2.6)",
	},
	[KNOB_DM_LOG] = {
		"dm-log", DM_LOG_COUNT, { "rc", "err", "err-0x" },
		"DM-LOG: DM error lines print the function result 'rc: %i' (<= 2.3) "
		"or the errno 'err: %i' (3782f60d20, >= 2.4); hex values '%#x' or, "
		"from 6.0, '0x%x' (0 prints '0x0')",
	},
	[KNOB_HV_GETFREE] = {
		"hv-getfree", HV_GETFREE_COUNT, { "absent", "unchecked", "checked" },
		"HV-GETFREE: PHYSDEVOP_get_free_pirq is absent (< 4.1, -ENOSYS), "
		"present with its error unchecked (4.1) or checked (>= 4.2)",
	},
	[KNOB_HV_HVM_PIRQ] = {
		"hv-hvm-pirq", HV_HVM_PIRQ_COUNT, { "exposed", "off" },
		"HV-HVMPIRQ-DEFAULT: XENFEAT_hvm_pirqs is exposed to HVM guests "
		"(4.1 - 4.18) or not (>= 4.19 unless hvm_pirq=1; 4.0 lacks it)",
	},
	[KNOB_HV_APICV_CPUID] = {
		"hv-apicv-cpuid", HV_APICV_CPUID_COUNT, { "no", "yes" },
		"HV-APICV-CPUID: Xen reports APIC/x2APIC virtualisation in its HVM "
		"CPUID leaf on capable hardware (3196856c65, >= 4.5)",
	},
};

const struct knob_info *knob_info(enum knob_id id)
{
	assert((unsigned)id < KNOB_COUNT);
	return &knob_table[id];
}

int knob_by_name(const char *name)
{
	if (name == NULL)
		return -1;
	for (int id = 0; id < KNOB_COUNT; id++) {
		if (strcmp(knob_table[id].name, name) == 0)
			return id;
	}
	return -1;
}

int knob_value_by_name(enum knob_id id, const char *value)
{
	assert((unsigned)id < KNOB_COUNT);
	if (value == NULL)
		return -1;
	const struct knob_info *info = &knob_table[id];
	for (unsigned v = 0; v < info->value_count; v++) {
		if (strcmp(info->values[v], value) == 0)
			return (int)v;
	}
	return -1;
}

/* Where each knob lives in struct knobs: the one place that knows the
 * correspondence between enum knob_id and the struct's fields. */
static const size_t knob_offset[KNOB_COUNT] = {
	[KNOB_G_REUSE] = offsetof(struct knobs, g_reuse),
	[KNOB_G_LOOKUP] = offsetof(struct knobs, g_lookup),
	[KNOB_G_APICV_OPTOUT] = offsetof(struct knobs, g_apicv_optout),
	[KNOB_G_MSGFMT] = offsetof(struct knobs, g_msgfmt),
	[KNOB_G_ERRMSG] = offsetof(struct knobs, g_errmsg),
	[KNOB_DM_KIND] = offsetof(struct knobs, dm_kind),
	[KNOB_DM_UNMAP] = offsetof(struct knobs, dm_unmap),
	[KNOB_DM_REARM] = offsetof(struct knobs, dm_rearm),
	[KNOB_DM_LATCH] = offsetof(struct knobs, dm_latch),
	[KNOB_DM_LOG] = offsetof(struct knobs, dm_log),
	[KNOB_HV_GETFREE] = offsetof(struct knobs, hv_getfree),
	[KNOB_HV_HVM_PIRQ] = offsetof(struct knobs, hv_hvm_pirq),
	[KNOB_HV_APICV_CPUID] = offsetof(struct knobs, hv_apicv_cpuid),
	[KNOB_G_FALLBACK] = offsetof(struct knobs, g_fallback),
	[KNOB_HV_LOG] = offsetof(struct knobs, hv_log),
};

_Static_assert(sizeof(struct knobs) == KNOB_COUNT,
               "struct knobs holds exactly one uint8_t per knob");

uint8_t knob_get(const struct knobs *k, enum knob_id id)
{
	assert(k != NULL);
	assert((unsigned)id < KNOB_COUNT);
	return ((const uint8_t *)k)[knob_offset[id]];
}

void knob_set(struct knobs *k, enum knob_id id, uint8_t value)
{
	assert(k != NULL);
	assert(value < knob_info(id)->value_count);
	((uint8_t *)k)[knob_offset[id]] = value;
}
