/*
 * result_wire.h - a result as bytes (result_wire.c; the public face is
 * pirqsim_result_pack and pirqsim_result_unpack in pirqsim.h).
 */
#ifndef PIRQSIM_TRACE_RESULT_WIRE_H
#define PIRQSIM_TRACE_RESULT_WIRE_H

#include <stddef.h>

struct pirqsim_result;

/* Room for one result (uninitialised; pirqsim_result_free frees it), or NULL. */
struct pirqsim_result *result_alloc(void);
/* Unpack into `r` (overwritten whole): 0, or -1 for bytes that are not a
 * result packed by this build (r is then cleared or partly written, and
 * still safe to free). */
int result_unpack_into(struct pirqsim_result *r, const void *buffer, size_t size);

#endif
