/*
 * model.h - internal access to a resolved model.
 */
#ifndef PIRQSIM_MODEL_H
#define PIRQSIM_MODEL_H

#include "pirqsim.h"
#include "versions/scenario.h"
#include "model/world.h"

const struct config *model_config(const pirqsim_model *model);
/* For plugging a real guest in (check/check_real.c). */
struct config *model_config_rw(pirqsim_model *model);
/* A copy of `model` whose search also stops at a vectors-granted violation
 * (config.check_degraded), or NULL when out of memory; free() it. */
pirqsim_model *model_checking_degraded(const pirqsim_model *model);
const struct scenario_spec *model_spec(const pirqsim_model *model);

#endif
