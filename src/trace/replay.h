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
/* After an all-violations search: each kind's trail (r->distinct) is run
 * on and sealed in a result of its own, the kinds sorted by property and
 * mechanism; `r` takes the verdict (violated if any, unless a bound made it
 * inconclusive) and, as its own trail and violations, the first kind's. */
void replay_finish_all(const pirqsim_model *model, struct pirqsim_result *r);

#endif
