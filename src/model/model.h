/*
 * model.h - internal access to a resolved model.
 */
#ifndef PIRQSIM_MODEL_H
#define PIRQSIM_MODEL_H

#include "pirqsim.h"
#include "versions/scenario.h"
#include "model/world.h"

const struct config *model_config(const pirqsim_model *model);
const struct scenario_spec *model_spec(const pirqsim_model *model);

#endif
