/*
 * bounds.h - compile-time maximums.  A world is sized by its scenario within
 * these; the relations between them are checked here once.
 */
#ifndef PIRQSIM_BOUNDS_H
#define PIRQSIM_BOUNDS_H

#include "pirqsim.h"

/* Real hardware: a guest has at most a few dozen passed-through PCI
 * functions; an MSI-X capability has at most 2048 table entries (the
 * Table Size field is 11 bits).  A world holds slots and pirqs up to the
 * totals below (the arrays of struct world); a run uses and stores only its
 * scenario's prefixes (world_pack), so a small scenario pays nothing for
 * them but the memory of the arrays. */
#define PIRQSIM_DEVICES_MAX PIRQSIM_LIMIT_DEVICES /* 64 */
#define PIRQSIM_VECTORS_MAX PIRQSIM_LIMIT_VECTORS /* 2048 per device: the MSI-X Table Size limit */
/* A slot per MSI-X vector, plus the MSI capability of an MSI-X device
 * (world.h msi_entry), over every device: the slot stride is the largest
 * device's, so device_count x (vectors + 1) must fit (model.c checks). */
#define PIRQSIM_SLOTS_MAX 4096
#define PIRQSIM_MSI_PIRQS_MAX PIRQSIM_LIMIT_EXTRA_GUEST_IRQS /* 4096: extra_guest_irqs ceiling of the model */
#define PIRQSIM_NR_IRQS_GSI_DEFAULT 48 /* host GSIs: two 24-pin IO-APICs */
#define PIRQSIM_EXTRA_GUEST_IRQS_DEFAULT 32 /* Xen's extra_guest_irqs default (SPEC §5.1) */
#define PIRQSIM_NR_IRQS_GSI_MAX 1024
/* Xen irqs available for MSI: a small host's (Xen sizes nr_irqs by its CPU
 * count: a host of tens of CPUs has thousands); host setting xen-irqs. */
#define PIRQSIM_XEN_IRQS_DEFAULT 200
#define PIRQSIM_XEN_IRQS_MAX PIRQSIM_LIMIT_XEN_IRQS
#define PIRQSIM_CYCLES_MAX 4           /* NIC down/up cycles */
#define PIRQSIM_NAME_MAX 32
#define PIRQSIM_VERSION_MAX 48
#define PIRQSIM_TRAIL_MAX PIRQSIM_LIMIT_TRAIL /* 4096 steps in one trail: deeper searches are inconclusive (depth bound) */
/* Driver operations per device: an NVMe driver of q I/O queues runs 8 + 3q
 * (drivers.c build_nvme); a NIC of v vectors and c cycles, 1 + v + c(2v + 2). */
#define PIRQSIM_PROGRAM_MAX (8 + 3 * PIRQSIM_VECTORS_MAX)
/* Driver operations of all devices together (config.op), one more for each
 * device's end: 64 NVMe devices of 40 I/O queues, or one of 2048. */
#define PIRQSIM_OPS_MAX 8192
#define PIRQSIM_FAULTS_MAX 8           /* faults a scenario lists (faults.h) */
#define PIRQSIM_FAULT_ACTORS_MAX 16    /* fault actors they expand into */
#define PIRQSIM_ACTORS_MAX (PIRQSIM_DEVICES_MAX + PIRQSIM_FAULT_ACTORS_MAX)

_Static_assert(PIRQSIM_SLOTS_MAX < 32767 - 0x40, "slot handles (and vectors 0x40 + slot) are stored in int16_t");
_Static_assert(PIRQSIM_MSI_PIRQS_MAX < 32767, "pirq indices are stored in int16_t");
_Static_assert(PIRQSIM_SLOTS_MAX >= PIRQSIM_VECTORS_MAX + 1, "one device of the most vectors fits");
_Static_assert(PIRQSIM_OPS_MAX < 65535, "program counters and program starts are stored in uint16_t");
_Static_assert(PIRQSIM_PROGRAM_MAX < PIRQSIM_OPS_MAX, "one device of the most vectors fits");
_Static_assert(PIRQSIM_XEN_IRQS_MAX < 65535, "Xen irq counters are stored in uint16_t");
_Static_assert(PIRQSIM_ACTORS_MAX <= 255, "choices are stored in uint8_t");
_Static_assert(PIRQSIM_DEVICES_MAX <= 64, "world.irq_lost_mask and the footprints' device sets have a bit per device");

#endif
