/*
 * drivers.h - the guest's drivers and its PCI core's order of operations:
 * driver programs (NVMe, a NIC, a single-enable driver) executed one atomic
 * step at a time (DESIGN "Shape" 5).  They run inside the guest and call
 * the Linux primitives (linux.h) directly, and the device and Xen through
 * the boundary (boundary.h).  Explorers take steps through next_state.h.
 */
#ifndef PIRQSIM_DRIVERS_H
#define PIRQSIM_DRIVERS_H

#include "model/ctx.h"

/*
 * One step of driver instance `actor` on c->w: its next operation that
 * touches state other actors can see (a hypercall, a device-model access
 * that issues one, the guest's shared irq tables, an interrupt delivery),
 * together with the accesses before and after it that touch only the
 * actor's own device registers and locals.  Merging those is exact: they
 * commute with every other actor's steps.  Returns 0, or -1 if a rule
 * reached behaviour the model does not cover (c->unsupported says which).
 */
int driver_step(struct ctx *c, unsigned actor);

/* The remove path of driver instance `device` (nvme_remove, a NIC's
 * close): free every irq, pci_free_irq_vectors.  Fault hot-unplug and
 * reload run it as one step. */
void driver_remove(struct ctx *c, unsigned device);

/* Can operation `op` free a pirq, from its first step on; can the rest of
 * `actor`'s current operation?  Conservative: false only where no step
 * can.  The renumbering reduction's view of the future (next_state.h). */
bool step_op_may_free(const struct config *cfg, const struct op *op);
/* Can any run of `cfg` end degraded (a driver with fewer vectors, MSI or
 * INTx)?  False only when it surely cannot: no fault, and fewer
 * PHYSDEVOP_get_free_pirq calls in all programs together than MSI pirqs. */
bool model_may_degrade(const struct config *cfg);
bool step_op_rest_may_free(const struct config *cfg, const struct world *w, unsigned actor);
/* How many PHYSDEVOP_get_free_pirq calls the rest of the current operation
 * may make (pirq mode; the pirq pool's budget, search/pool.h). */
unsigned step_op_allocs_left(const struct config *cfg, const struct world *w, unsigned actor);
/* Has the guest written the MSI message of the current attempt, which the
 * enable has yet to hand to QEMU (search/pool.h)? */
bool msi_message_pending(const struct config *cfg, const struct world *w, unsigned actor);

/* The modelled PCI core's parts that a real guest's driver actors
 * (src/real/driver.c) share with the model's: the end of an operation
 * (the program counter moves on; the actor is done after its last), a
 * per-queue operation of a queue the driver did not create, an NVMe admin
 * command's completion interrupt (raised on vector 0 or INTx, delivered
 * through the boundary), request_irq / free_irq of the INTx irq. */
void driver_op_done(struct ctx *c, unsigned actor);
/* The PCI core after a failed MSI(-X) attempt whose irqs are gone
 * (pci_alloc_irq_vectors_affinity, drivers.c enable_failed): retry with
 * the `bound` vectors that got an irq (G-FALLBACK avail-retry), else MSI
 * with one vector, else INTx.  True: it retries (the actor's mode and want
 * say how); false: the device runs on INTx and the operation is done. */
bool driver_fallback(struct ctx *c, unsigned actor, bool msix, unsigned bound, int rc);
bool driver_op_skipped(const struct ctx *c, unsigned actor);
void driver_admin(struct ctx *c, unsigned actor, enum admin_cmd cmd);
void driver_intx_irq(struct ctx *c, unsigned actor, bool request);

/* Build the driver program of `device` (NVMe, NIC, single) into cfg. */
int program_build(struct config *cfg, unsigned device, char *err, size_t err_size);
const char *op_kind_name(enum op_kind kind);
const char *admin_cmd_name(enum admin_cmd cmd);

#endif
