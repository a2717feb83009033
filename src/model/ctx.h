/*
 * ctx.h - what every component rule receives: the world, the constant
 * configuration, and an optional event sink.  The sink is NULL in the
 * checker's hot path; EMIT() then costs one branch and formats nothing.
 */
#ifndef PIRQSIM_CTX_H
#define PIRQSIM_CTX_H

#include "pirqsim.h"
#include "model/world.h"

struct ctx {
	struct world *w;
	const struct config *cfg;
	pirqsim_event_fn sink;      /* NULL: no events */
	void *sink_data;
	unsigned step;              /* step number, for events */
	int actor;                  /* acting driver instance, -1 = none */
	/* Set by a rule that reached behaviour the model does not cover; the
	 * step then ends the run as a model error (never a silent guess). */
	const char *unsupported;
	/* Partial-order reduction: what this step touches (footprint.h), or NULL. */
	struct footprint *fp;
};

/* An operation: component, name, arguments, result (PIRQSIM_NO_RESULT if
 * none).  A log line: what the real program would print, at its level. */
void event_op(const struct ctx *c, enum pirqsim_component component, const char *operation,
              int result, const char *arguments_format, ...)
	__attribute__((format(printf, 5, 6)));
void event_log(const struct ctx *c, enum pirqsim_component component, enum pirqsim_level level,
               const char *format, ...)
	__attribute__((format(printf, 4, 5)));

#define OP(c, ...) do { if ((c)->sink) event_op((c), __VA_ARGS__); } while (0)
#define LOG(c, ...) do { if ((c)->sink) event_log((c), __VA_ARGS__); } while (0)

#endif
