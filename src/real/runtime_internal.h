/*
 * runtime_internal.h - what runtime.c (the object, coroutines, host calls,
 * snapshots) and driver.c (the driver actors' programs over the modelled
 * PCI core) share.
 */
#ifndef PIRQSIM_REAL_RUNTIME_INTERNAL_H
#define PIRQSIM_REAL_RUNTIME_INTERNAL_H

#include <stdbool.h>
#include <ucontext.h>

#include "real/object.h"
#include "real/real.h"
#include "real/real_abi.h"

#define REAL_STACK_SIZE (256u * 1024u)
#define REAL_SCRUB_WINDOW (48 * 1024) /* bytes below a call that runtime.c zeroes after it */

enum co_state { CO_NEW = 0, CO_SUSPENDED, CO_DONE, CO_BUG };

struct real_co {
	ucontext_t uc;
	uint8_t state;      /* enum co_state */
	bool did_op;        /* made its one boundary call of this step */
};

/* The host's share of the guest state (saved with the snapshots): per
 * slot, the Linux irq its MSI descriptor got (0 = none). */
struct real_host_state {
	struct real_shared shared;
	struct real_co co[PIRQSIM_REAL_DEVICES_MAX];
	int16_t slot_irq[PIRQSIM_REAL_DEVICES_MAX * PIRQSIM_REAL_VECTORS_MAX];
	int16_t starting_slot[PIRQSIM_REAL_DEVICES_MAX]; /* per actor: the slot whose irq_startup runs (its port handle) */
};

struct real_guest {
	void *dl;
	/* NULL: no Linux object, the model's driver actors (real_guest_modelled). */
	const struct real_linux_api *api;
	struct real_segment seg[REAL_SEGMENTS_MAX];
	unsigned segments;
	struct real_host host;
	struct real_host_state hs;
	uint8_t *arena_mem;
	uint8_t *stack_mem;
	const struct config *cfg;
	/* During a step: */
	struct ctx *c;
	unsigned current;
	ucontext_t main;
	char bug_text[320];
	char name[64];
	/* The state right after boot (init), restored by reset. */
	uint8_t *boot;
	size_t boot_size;
	/* The real device model in the loop (dm.c), or NULL. */
	struct real_dm *dm;
};

/* Inside a coroutine: the step's one boundary call is about to be made
 * (yields first if this step made one already). */
void real_before_call(struct real_guest *g);
/* A suspended coroutine's saved context, reduced to what a callee keeps
 * (runtime.c: canonical states). */
void real_canonical_context(ucontext_t *uc);
/* ASan builds: the byte range is addressable again (stacks are bytes the
 * runtime copies); nothing otherwise. */
void real_unpoison(void *p, size_t n);

/* The message of SPEC §2.1 as bytes and as the model's device keeps it (model/boundary.h). */
struct msi_msg_model;
void real_msg_decode(const struct real_msi_msg *m, struct msi_msg_model *out);
void real_msg_encode(const struct config *cfg, const struct msi_msg_model *m, struct real_msi_msg *out);

#endif
