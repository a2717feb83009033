/*
 * props.h - the four properties of DESIGN, with stable names.
 *   init-ok         every driver instance finishes initialisation with every
 *                   setup call succeeding as the driver sees it;
 *   irq-delivery    at quiescence, an interrupt that a device raises on any
 *                   vector its driver has requested reaches exactly that
 *                   driver's handler;
 *   pirq-exclusive  no pirq is at once the live pirq of two (device, vector)
 *                   pairs, in any component's view;
 *   no-leak         at quiescence no pirq is reserved or mapped without a live
 *                   owner and no Xen irq is left without its pirq;
 *   vectors-granted at quiescence every driver runs with the interrupt type
 *                   and vector count it asked for: MSI-X (or MSI on an
 *                   MSI-only device), all vectors.  Its violation alone is
 *                   "degraded", not a failure: check_quiescent checks it
 *                   only when config.check_degraded is set (the
 *                   all-violations search, and the second search of an
 *                   explorer that cannot watch for it, check.c);
 *                   check_degraded checks it alone, for the explorers that
 *                   note it on the way and search on; reports (check_all)
 *                   always.
 */
#ifndef PIRQSIM_PROPS_H
#define PIRQSIM_PROPS_H

#include "model/ctx.h"

enum property {
	PROP_INIT_OK = 0,
	PROP_IRQ_DELIVERY,
	PROP_PIRQ_EXCLUSIVE,
	PROP_NO_LEAK,
	PROP_VECTORS_GRANTED,       /* not a failure: its violation alone is the verdict "degraded" */
	PROP_COUNT
};

/* What went wrong, within a property and its cause (violation.mechanism):
 * irq-delivery the route stage (boundary.h) where the interrupt went
 * astray, or MECHANISM_INJECTED for a fault's interrupt; pirq-exclusive
 * the view that holds the pirq twice; no-leak the leaked pirq's state;
 * init-ok 0 (the cause says how the driver failed). */
enum {
	MECHANISM_GUEST_VIEW = 0, MECHANISM_QEMU_VIEW = 1,     /* pirq-exclusive */
	MECHANISM_PIRQ_HELD = 0, MECHANISM_PIRQ_RESERVED = 1,  /* no-leak */
	MECHANISM_INJECTED = 100,                              /* irq-delivery, fault irq-during-setup */
};

struct violation {
	enum property property;
	int cause;                  /* enum pirqsim_cause */
	int mechanism;              /* MECHANISM_* or a route stage, see above */
	int device, vector, pirq;   /* -1 where not applicable */
	unsigned step;              /* state after this many steps */
	char text[256];
};

const char *property_name(enum property p);

/* Checks on every state.  Returns true if a property is violated; fills
 * `out` (when not NULL) with the first violation. */
bool check_state(const struct ctx *c, struct violation *out);
/* Checks at quiescence (no actor can move).  Same contract. */
bool check_quiescent(const struct ctx *c, struct violation *out);
/* vectors-granted alone, at quiescence: the explorers that note a degraded
 * state and search on (check.c).  Same contract. */
bool check_degraded(const struct ctx *c, struct violation *out);
/* All violations of one kind set, for reports: calls `found` for each. */
void check_all(const struct ctx *c, bool quiescent, void (*found)(const struct violation *v, void *data),
               void *data);
/* The same without the text (v->text is ""): the kinds only, for the
 * all-violations search, whose hot path formats nothing. */
void check_all_kinds(const struct ctx *c, bool quiescent, void (*found)(const struct violation *v, void *data),
                     void *data);

/* A violation's kind: its property, cause and mechanism.  Two violations
 * of one kind on other devices, vectors or pirqs are the same kind: the
 * all-violations search keeps one trail per kind. */
static inline bool violation_same_kind(const struct violation *a, const struct violation *b)
{
	return a->property == b->property && a->cause == b->cause && a->mechanism == b->mechanism;
}
/* A stable name of the kind within its property: "shared-pirq/guest-view",
 * "lost/not-programmed", "admin-command-timeout", "pirq-reserved", ... */
const char *violation_kind_name(const struct violation *v);

/* At quiescence, raise one interrupt on every requested vector and emit
 * where it goes (trace only). */
void trace_quiescent_interrupts(const struct ctx *c);

#endif
