/*
 * bounds.h - compile-time maximums.  A world is sized by its scenario within
 * these; the relations between them are checked here once.
 */
#ifndef PIRQSIM_BOUNDS_H
#define PIRQSIM_BOUNDS_H

#define PIRQSIM_DEVICES_MAX 8
#define PIRQSIM_VECTORS_MAX 8          /* per device */
/* A slot per MSI-X vector, plus the MSI capability of an MSI-X device (world.h msi_entry). */
#define PIRQSIM_SLOTS_MAX (PIRQSIM_DEVICES_MAX * (PIRQSIM_VECTORS_MAX + 1))
#define PIRQSIM_MSI_PIRQS_MAX 120      /* extra_guest_irqs ceiling of the model */
#define PIRQSIM_NR_IRQS_GSI_DEFAULT 48 /* host GSIs: two 24-pin IO-APICs */
#define PIRQSIM_EXTRA_GUEST_IRQS_DEFAULT 32 /* Xen's extra_guest_irqs default (SPEC §5.1) */
#define PIRQSIM_NR_IRQS_GSI_MAX 1024
#define PIRQSIM_CYCLES_MAX 4           /* NIC down/up cycles */
#define PIRQSIM_NAME_MAX 32
#define PIRQSIM_VERSION_MAX 48
#define PIRQSIM_TRAIL_MAX 4096         /* steps in one trail */
#define PIRQSIM_PROGRAM_MAX 96         /* driver operations per device */
#define PIRQSIM_FAULTS_MAX 8           /* faults a scenario lists (faults.h) */
#define PIRQSIM_FAULT_ACTORS_MAX 16    /* fault actors they expand into */
#define PIRQSIM_ACTORS_MAX (PIRQSIM_DEVICES_MAX + PIRQSIM_FAULT_ACTORS_MAX)

_Static_assert(PIRQSIM_SLOTS_MAX < 127, "slot handles are stored in int8_t");
_Static_assert(PIRQSIM_MSI_PIRQS_MAX < 127, "pirq indices are stored in int8_t");
_Static_assert(PIRQSIM_ACTORS_MAX <= 255, "choices are stored in uint8_t");
_Static_assert(PIRQSIM_DEVICES_MAX <= 8, "world.irq_lost_mask has a bit per device");

#endif
