/*
 * symmetry.h - symmetry reduction over interchangeable devices.
 *
 * What "identical" means.  Two devices are interchangeable when their
 * drivers' programs are the same: same driver, same interrupt type, same
 * vector (I/O queue) count, same cycle count; the model then treats them
 * alike in every rule.  No rule reads a device's *index*: Xen names a
 * device by bus/devfn (device_of), the allocator compares pirq numbers
 * only, and the guest's lookups compare a found irq only with -1.  So
 * renaming devices by a permutation pi within a class maps every run to a
 * run, violations to violations and quiescent states to quiescent states.
 *
 * Pirq numbers are *not* renamed: they are handed out top-down, and which
 * pirq is free next depends on the numbers themselves, so two devices that
 * hold different pirqs are different states even when their programs
 * agree; only the devices are permuted, carrying their pirqs with them.
 *
 * What a permutation touches: each device's own block (actor, registers,
 * its entries and guest irqs) moves to its new index, and every reference to
 * a slot (device, vector) is rewritten: Xen's arch.irq (the Xen irq of a
 * slot), pirq->evtchn (the port of a slot's irq), the guest's pirq_to_irq[]
 * and, on the native path, guest vectors (named 0x40 + slot).
 *
 * Faults.  A fault actor aimed at one device (faults.h) belongs to it: two
 * devices are interchangeable only if as many fault actors of each kind aim
 * at each, so a fault named for one device (flr@nvme0) sets that device
 * apart, and a fault that can hit any device (one actor per device) is
 * itself symmetric.  A permutation moves each device's fault actors (their
 * pc: ready, fired) with the device, and the device's bit of
 * irq_lost_mask; hypercall faults aim at no device and stay.  No fault rule
 * reads an index either: a device fault acts on its own target, and
 * fault_take spends hypercall faults only.
 *
 * The canonical form sorts each class's devices by the bytes of their own
 * block, then their faults' states (a stable sort, ties in index order).  Two states with equal
 * canonical forms are permutations of each other, so merging them is sound;
 * a tie between devices whose blocks are equal but whose slot references
 * differ may leave two representatives of one orbit, which costs states,
 * never correctness.
 */
#ifndef PIRQSIM_SYMMETRY_H
#define PIRQSIM_SYMMETRY_H

#include "model/next_state.h"

/* Class of each device: devices of one class are interchangeable.  Returns
 * true if some class has two or more devices. */
bool symmetry_classes(const struct config *cfg, uint8_t class_of[PIRQSIM_DEVICES_MAX]);
/* The permutation that sorts `w` into its canonical form (device d moves
 * to to[d]); false if it is the identity. */
bool symmetry_order(const struct world *w, const struct config *cfg, const uint8_t class_of[PIRQSIM_DEVICES_MAX],
                    uint8_t to[PIRQSIM_DEVICES_MAX]);
/* Write the canonical form of `w` into `out`. */
void symmetry_canonical(const struct world *w, const struct config *cfg,
                        const uint8_t class_of[PIRQSIM_DEVICES_MAX], struct world *out);
/* The canonical form of `w`: `w` itself when already canonical, else
 * written into `scratch`. */
const struct world *symmetry_canonical_view(const struct world *w, const struct config *cfg,
                                            const uint8_t class_of[PIRQSIM_DEVICES_MAX], struct world *scratch);
/* The permutation that swaps devices a and b. */
void symmetry_transposition(const struct config *cfg, unsigned a, unsigned b, uint8_t to[PIRQSIM_DEVICES_MAX]);
/* The fault actor that fault actor i becomes when device d moves to to[d]
 * (to permutes within classes); i itself for a hypercall fault. */
unsigned symmetry_fault_image(const struct config *cfg, const uint8_t to[PIRQSIM_DEVICES_MAX], unsigned i);
/* Apply permutation `to` (device d moves to to[d]) to `w` into `out`. */
void symmetry_permute(const struct world *w, const struct config *cfg, const uint8_t to[PIRQSIM_DEVICES_MAX],
                      struct world *out);

#endif
