/*
 * replay.h - trails run through the model (replay.c).
 */
#ifndef PIRQSIM_REPLAY_H
#define PIRQSIM_REPLAY_H

#include "search/search.h"

/* After any explorer: a violation's trail is run on to quiescence
 * (lowest actor first) and annotated with every violation on the way, then
 * sealed (integrity.h). */
void replay_finish(const pirqsim_model *model, struct pirqsim_result *r);

#endif
