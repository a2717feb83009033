/*
 * result_wire.c - a result as bytes, for another process of the same
 * build: pirqsim-mpi's ranks send their cells of a matrix to rank 0, which
 * prints and writes the trails of all of them (pirqsim_cell_pack).
 *
 * A result is a flat struct (search.h) whose arrays are mostly unused: a
 * matrix cell's has 3 of 64 violations, a trail of ~100 of 4,096 steps and
 * 2 of 64 devices.  The bytes are the struct's spans in order, each array
 * cut to its count, behind a header that names the build (the rules hash
 * and the struct's size): only the same build can read them.  Results of
 * the all-violations search (their `distinct` table) are not packed.
 */
#include "trace/result_wire.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pirqsim.h"
#include "search/search.h"
#include "trace/hashes.h"

#define WIRE_MAGIC 0x31525150u /* "PQR1" */

struct wire_header {
	uint32_t magic;
	uint32_t size;        /* sizeof(struct pirqsim_result) of the writer */
	uint64_t rules_hash;  /* the writer's rule set */
};

/* One direction of the copy: packing writes to `out` while the bytes fit
 * (`used` counts them all; out may be NULL), unpacking reads `in` and fails
 * past its end. */
struct wire {
	bool packing;
	uint8_t *out;
	const uint8_t *in;
	size_t size, used;
	bool failed;
};

static void span(struct wire *w, void *field, size_t bytes)
{
	if (w->packing) {
		if (w->used + bytes <= w->size)
			memcpy(w->out + w->used, field, bytes);
	} else if (w->failed || w->used + bytes > w->size) {
		w->failed = true;
		return;
	} else {
		memcpy(field, w->in + w->used, bytes);
	}
	w->used += bytes;
}

/* The struct from `from` up to (not including) `to`. */
#define SPAN(w, r, from, to) \
	span(w, (uint8_t *)(r) + offsetof(struct pirqsim_result, from), \
	     offsetof(struct pirqsim_result, to) - offsetof(struct pirqsim_result, from))
/* The first `count` elements of an array; unpacking, a count larger than
 * the array fails. */
#define ELEMENTS(w, array, count, max) \
	((count) <= (max) ? span(w, (array), (size_t)(count) * sizeof((array)[0])) : (void)((w)->failed = true))

static void walk(struct wire *w, struct pirqsim_result *r)
{
	struct scenario_spec *s = &r->spec;
	SPAN(w, r, verdict, violation);
	ELEMENTS(w, r->violation, r->violation_count, VIOLATIONS_MAX);
	SPAN(w, r, trail_length, trail);
	ELEMENTS(w, r->trail, r->trail_length, PIRQSIM_TRAIL_MAX);
	SPAN(w, r, walk, spec);
	span(w, s, offsetof(struct scenario_spec, device));
	ELEMENTS(w, s->device, s->device_count, PIRQSIM_DEVICES_MAX);
	span(w, &s->fault_count, sizeof(s->fault_count));
	ELEMENTS(w, s->fault, s->fault_count, PIRQSIM_FAULTS_MAX);
	span(w, &s->is_trail, offsetof(struct scenario_spec, choice) - offsetof(struct scenario_spec, is_trail));
	ELEMENTS(w, s->choice, s->choice_count, PIRQSIM_TRAIL_MAX);
	span(w, s->trail_property, offsetof(struct scenario_spec, step_hash) -
	                               offsetof(struct scenario_spec, trail_property));
	ELEMENTS(w, s->step_hash, s->step_hash_count, PIRQSIM_TRAIL_MAX);
	span(w, &r->real_schedules, sizeof(*r) - offsetof(struct pirqsim_result, real_schedules));
}

size_t pirqsim_result_pack(const pirqsim_result *r, void *buffer, size_t size)
{
	if (r->distinct)
		return 0;
	struct wire_header h = {WIRE_MAGIC, (uint32_t)sizeof(*r), integrity_rules_hash()};
	struct wire w = {.packing = true, .out = buffer, .size = size};
	span(&w, &h, sizeof(h));
	walk(&w, (struct pirqsim_result *)r); /* packing only reads it */
	return w.used;
}

struct pirqsim_result *result_alloc(void) { return malloc(sizeof(struct pirqsim_result)); }

int result_unpack_into(struct pirqsim_result *r, const void *buffer, size_t size)
{
	struct wire_header h;
	memset(r, 0, sizeof(*r));
	if (size < sizeof(h))
		return -1;
	memcpy(&h, buffer, sizeof(h));
	if (h.magic != WIRE_MAGIC || h.size != sizeof(struct pirqsim_result) || h.rules_hash != integrity_rules_hash())
		return -1;
	struct wire w = {.in = buffer, .size = size, .used = sizeof(h)};
	walk(&w, r);
	r->distinct = NULL; /* a pointer of the writer's */
	return w.failed || w.used != size ? -1 : 0;
}

pirqsim_result *pirqsim_result_unpack(const void *buffer, size_t size)
{
	pirqsim_result *r = result_alloc();
	if (r && result_unpack_into(r, buffer, size) != 0) {
		free(r);
		r = NULL;
	}
	return r;
}
