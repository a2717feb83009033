/*
 * wiring.h - the model's components, faults included, wired through the
 * boundary (boundary.h); every resolved model uses this (model.c).
 */
#ifndef PIRQSIM_WIRING_H
#define PIRQSIM_WIRING_H

#include "model/boundary.h"

extern const struct boundary model_boundary;

#endif
