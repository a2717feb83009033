/*
 * mutants.h - deliberately broken variants of the model's rules, for the
 * mutant grid (tests/test_mutants.c).  Each is a small, plausible modelling
 * mistake that bites only in some interleavings; the grid checks that every
 * reduction setting still finds what the unreduced search finds, or that an
 * audit flags the reduction's bookkeeping (docs/reductions.md).
 *
 * They exist only in the test library libpirqsim_mutants, compiled with
 * -DPIRQSIM_MUTANTS.  In every other build MUTANT(m) is the constant 0 and
 * the compiler drops the broken branch: no release build contains one.
 * Add a mutant whenever a new reduction or a new family of rules lands.
 */
#ifndef PIRQSIM_MUTANTS_H
#define PIRQSIM_MUTANTS_H

enum mutant {
	MUTANT_NONE = 0,
	/* Renumbering's assumption: only "the highest free pirq" matters. */
	MUTANT_SKIP_LOWEST_PIRQ,   /* get_free_pirq never hands out the lowest MSI pirq */
	MUTANT_ONE_FREE_PIRQ,      /* get_free_pirq refuses when exactly one pirq is free */
	/* Partial-order reduction's assumption: allocation reads only freeness. */
	MUTANT_COUNT_RESERVED,     /* PHYSDEVOP_get_free_pirq refuses while two pirqs are reserved */
	/* Footprints: a read nobody recorded. */
	MUTANT_PEEK_NEIGHBOUR,     /* QEMU's map asks Xen to choose when the next device holds the pirq */
	/* Symmetry's assumption: no rule uses a device's index. */
	MUTANT_DEVICE_INDEX,       /* __startup_pirq fails for device 0 while device 1 is not yet set up */
	/* Dead shadows: a new reader of a shadow nobody will read. */
	MUTANT_SHADOW_READ,        /* enabling MSI-X re-arms unassigned entries from their stale shadow */
	/* Plain rule bugs every reduction must keep. */
	MUTANT_DISABLE_FIRST_ONLY, /* xen_pt_msix_disable unbinds and unmaps entry 0 only */
	MUTANT_FAULT_PORT_LEAK,    /* EVTCHNOP_bind_pirq's -ENOSPC path leaves the port recorded */
	/* The PCI core's fallback and Xen's forced unbind (issue 13). */
	MUTANT_FALLBACK_KEEPS_IRQS, /* a failed MSI(-X) attempt does not tear down the irqs it bound */
	MUTANT_FORCED_FREED,       /* unmap_domain_pirq frees a still-bound pirq instead of arch.irq = -irq */
	/* Emulated devices (XEN_DMOP_inject_msi). */
	MUTANT_INJECT_IGNORES_KEY, /* hvm_inject_msi maps IRQ_MSI_EMU although another pirq holds that emuirq */
	/* Reductions under faults (issue 17): symmetry's assumption that no
	 * fault rule uses a device's index; the footprint of a fault's step. */
	MUTANT_FAULT_DEVICE_INDEX, /* hot-unplug of device 0 skips the guest's teardown (driver_remove) */
	MUTANT_FAULT_PEEK,         /* hot-unplug skips the guest's teardown while the next device's entry 0
	                            * is assigned, a read no marker records */
	/* The pirq pool (issue 17, search/pool.h): free pirqs are alike but for
	 * their number, and no rule reads a number but to compare it. */
	MUTANT_UNBIND_KEEPS_DPCI,  /* XEN_DOMCTL_unbind_pt_irq leaves HVM_IRQ_DPCI_MAPPED set */
	MUTANT_TOP_PIRQ_REFUSED,   /* PHYSDEVOP_map_pirq refuses the highest MSI pirq (an off-by-one range check) */
	MUTANT_COUNT
};

/* Name of mutant `m` ("skip-lowest-pirq"), for the grid's lines. */
const char *mutant_name(enum mutant m);

#ifdef PIRQSIM_MUTANTS
extern enum mutant pirqsim_mutant; /* the active one; MUTANT_NONE: the model as it is */
#define MUTANT(m) (pirqsim_mutant == (m))
#else
#define MUTANT(m) 0
#endif

#endif
