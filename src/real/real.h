/*
 * real.h - real guest code in the loop (src/real/README.md).
 *
 * A real_guest is a Linux tree's MSI-path functions, compiled into a
 * shared object (real_abi.h), loaded, and run as the guest kernel of a
 * model in place of model/linux.c and model/drivers.c: one coroutine per
 * driver instance runs that device's driver program through a modelled PCI
 * core that calls the real functions; every hypercall and device access
 * they make is a scheduling point and goes through the component boundary
 * (model/boundary.h) to the modelled QEMU and Xen.
 *
 * The real code keeps its state in its own globals, its heap and its
 * stacks.  The runtime owns all three (the object's writable segment, a
 * bump arena per actor, a stack per coroutine), so a state of the whole
 * system is the world plus those bytes: it can be saved, restored and
 * hashed (real_snapshot_*), which is what the explorer (explore.c) does.
 * Linear runs (replay, counterfactuals, exports) just step it: the model
 * calls real_step through config.guest (model/world.h).
 */
#ifndef PIRQSIM_REAL_H
#define PIRQSIM_REAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/ctx.h"

struct real_guest;

/* Load the object built from a tree (tools/real/build.py).  NULL with a
 * message in err on failure (not an object of this ABI, missing symbol). */
struct real_guest *real_guest_load(const char *object_path, char *err, size_t err_size);
void real_guest_free(struct real_guest *g);
/* The tree's release as it was built ("6.1.158"). */
const char *real_guest_release(const struct real_guest *g);
/* Bind the guest to a configuration (devices, programs) and the world's
 * layout; refuses (returns -1, message in err) what the real path cannot
 * run: a guest not in pirq mode, emulated devices, faults, more devices or
 * vectors than the shim has. */
int real_guest_bind(struct real_guest *g, const struct config *cfg, char *err, size_t err_size);

/* The initial state: the real code at boot, every actor at the start of
 * its program (nothing has run).  `w` is world_reset'd by the caller. */
void real_guest_reset(struct real_guest *g, struct world *w);
/* One step of actor `actor`: it runs until it has made one call at the
 * boundary and is about to make the next (or its program ends).  Returns
 * 0, or -1 when the real code hit BUG() or the shim refused something
 * (c->unsupported says what). */
int real_guest_step(struct real_guest *g, struct ctx *c, unsigned actor);

/* Snapshots of the whole state (world excluded: the caller keeps it). */
size_t real_snapshot_size(const struct real_guest *g);
/* Write the current state into buf (real_snapshot_size bytes at most);
 * returns the bytes used. */
size_t real_snapshot_save(const struct real_guest *g, uint8_t *buf);
void real_snapshot_restore(struct real_guest *g, const uint8_t *buf, size_t size);

/* ---- real QEMU (dm.c, real_dm_abi.h) ---------------------------------------
 * A real_dm is a QEMU tree's xen_pt MSI/MSI-X code (tools/real/build_qemu.py)
 * as the device model: real_dm_bind installs in cfg a copy of its
 * boundary with guest_to_device backed by the real code.  Its state is
 * snapshotted with the guest's: attach it to the real Linux guest, or to
 * real_guest_modelled (the model's drivers and Linux, the real QEMU). */
struct real_dm;
struct boundary;
struct real_dm *real_dm_load(const char *object_path, char *err, size_t err_size);
void real_dm_free(struct real_dm *dm);
const char *real_dm_release(const struct real_dm *dm);
/* Refuses (-1, err) qemu-xen-traditional, emulated devices, faults. */
int real_dm_bind(struct real_dm *dm, struct config *cfg, char *err, size_t err_size);
void real_dm_project(struct real_dm *dm, struct ctx *c);
/* --differential: each write also runs model/qemu.c's rule on a copy of
 * the world; the first difference in QEMU's calls to Xen or in the world
 * afterwards ends the step (c->unsupported: "model divergence: ..."). */
void real_dm_set_differential(struct real_dm *dm, bool on);
size_t real_dm_snapshot_size(const struct real_dm *dm);
size_t real_dm_snapshot_save(const struct real_dm *dm, uint8_t *buf);
size_t real_dm_snapshot_restore(struct real_dm *dm, const uint8_t *buf);
/* A guest with no Linux object: the model's drivers step, the explorer of
 * real code snapshots the device model. */
struct real_guest *real_guest_modelled(const struct config *cfg, char *err, size_t err_size);
/* Attach after real_guest_bind / real_guest_modelled (re-takes the boot state). */
int real_guest_attach_dm(struct real_guest *g, struct real_dm *dm, char *err, size_t err_size);

/* The model's guest hooks (config.guest) for this guest. */
extern const struct guest_runtime real_guest_runtime;

#endif
