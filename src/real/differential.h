/*
 * differential.h - real code against the model's rule, schedule by
 * schedule (differential.c).
 *
 * Along every path the explorer takes with the real guest, the model's
 * guest (model/drivers.c, model/linux.c) runs the same schedule on a world
 * of its own: each real step of actor a is matched against the model's
 * steps of actor a, call by call at the component boundary (hypercalls
 * with their arguments and results, device accesses with their messages)
 * and line by line in what both print.  The model may run ahead inside
 * one actor (its steps merge accesses the real code makes apart); what it
 * did that the real code has not done yet waits in a per-actor queue that
 * is part of the state.  The first difference is a model divergence,
 * shown with both sides.
 */
#ifndef PIRQSIM_REAL_DIFFERENTIAL_H
#define PIRQSIM_REAL_DIFFERENTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/ctx.h"
#include "real/real_abi.h"

#define DIFF_QUEUE_MAX 24
#define DIFF_TEXT_MAX 96

/* One call at the boundary, or one printed line. */
struct diff_rec {
	uint8_t kind;        /* enum diff_kind (differential.c) */
	uint8_t actor;
	int16_t arg[4];
	int32_t result;
	uint64_t text_hash;  /* printed lines: XXH3 of the text */
};

/* What the differential keeps per state (saved, restored and hashed with
 * the explorer's state). */
struct diff_state {
	struct world model;                       /* the model's world on this path */
	uint8_t queued[PIRQSIM_REAL_DEVICES_MAX];
	struct diff_rec queue[PIRQSIM_REAL_DEVICES_MAX][DIFF_QUEUE_MAX];
};

struct differential;

/* Set up for `cfg` (the real guest's); NULL when out of memory. */
struct differential *differential_new(const struct config *cfg);
void differential_free(struct differential *d);
/* The configuration the real steps must run with (its boundary records). */
const struct config *differential_real_config(const struct differential *d);
/* The initial state's share. */
void differential_init(struct differential *d, struct diff_state *s);
/* Before a real step of `actor`: start recording it. */
void differential_begin(struct differential *d, unsigned actor);
/* The sink the real step's ctx must carry (its printed lines). */
pirqsim_event_fn differential_sink(void);
/* After it: match what it did against the model's steps of the same
 * actor on s->model.  `quiescent`: no real actor can move; then the model
 * must have nothing left either.  Returns true when they agree, else
 * false with both sides in `why`. */
bool differential_match(struct differential *d, struct diff_state *s, unsigned actor, bool quiescent, char *why,
                        size_t why_size);

#endif
