/*
 * render.c - what the trace renderers share: the growing text buffer they
 * write into, and the view of one trace they read (its participants, who
 * calls whom at every event, the replay's verdict and violations).
 *
 * Who talks to whom.  An event names the component that acts and the driver
 * instance on whose behalf; the diagrams also need the caller.  It follows
 * from how the three programs call each other (route() below):
 *   - a Linux operation is the driver calling into the guest kernel;
 *   - a QEMU operation is a trapped config/MMIO access: the guest vCPU
 *     exits and QEMU handles the ioreq;
 *   - a Xen operation is a hypercall from whoever runs at that point of the
 *     step: QEMU while it handles an ioreq (its map_pirq, bind_pt_irq,
 *     unmap_pirq), otherwise the guest kernel;
 *   - a device operation is an MSI raised towards the driver's handler.
 * Log lines are notes on the component that would print them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/render.h"
#include "model/model.h"
#include "model/props.h"
#include "search/search.h"

/* ---- growable buffer ---------------------------------------------------------- */

/* Room for `extra` more bytes and the NUL after them; false, with the
 * buffer failed, when out of memory. */
static bool buf_reserve(struct buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra < b->capacity - b->length)
		return true;
	size_t want = b->capacity ? b->capacity * 2 : 4096;
	while (want < b->length + extra + 1)
		want *= 2;
	char *grown = realloc(b->data, want);
	if (!grown) {
		b->failed = true;
		return false;
	}
	b->data = grown;
	b->capacity = want;
	return true;
}

void buf_printf(struct buf *b, const char *format, ...)
{
	if (b->failed)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, format);
		size_t room = b->capacity - b->length;
		int n = vsnprintf(b->data ? b->data + b->length : NULL, room, format, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < room) {
			b->length += (size_t)n;
			return;
		}
		if (!buf_reserve(b, (size_t)n))
			return;
	}
}

void buf_write(struct buf *b, const char *bytes, size_t length)
{
	if (!buf_reserve(b, length))
		return;
	memcpy(b->data + b->length, bytes, length);
	b->length += length;
	b->data[b->length] = '\0';
}

void buf_putc(struct buf *b, char c) { buf_write(b, &c, 1); }

/* buf_write as a pirqsim_write_fn, for the escapers of pirqsim.h. */
static void buf_write_to(const char *bytes, size_t length, void *data) { buf_write(data, bytes, length); }

void buf_json(struct buf *b, const char *s) { pirqsim_json_string(s, buf_write_to, b); }

/* The buffer's text, handed to the caller, or NULL (and freed) on failure. */
char *buf_finish(struct buf *b, size_t *length)
{
	if (!b->data && !b->failed)
		buf_printf(b, "%s", "");
	if (b->failed) {
		free(b->data);
		return NULL;
	}
	if (length)
		*length = b->length;
	return b->data;
}

/* ---- the view ------------------------------------------------------------------- */

const char *view_string(const struct view *v, size_t offset) { return v->trace->strings.data + offset; }

bool event_failed(const struct trace_event *e)
{
	if (e->is_log)
		return false;
	if (e->component == PIRQSIM_DEVICE && e->result == PIRQSIM_NO_RESULT)
		return true; /* an interrupt raised at quiescence that went nowhere */
	return e->result != PIRQSIM_NO_RESULT && e->result < 0;
}

/* Participants: the driver instances, then Linux, QEMU, Xen, the device. */
static void view_participants(struct view *v, const pirqsim_model *model)
{
	const struct config *cfg = model ? model_config(model) : NULL;
	v->actor_count = cfg ? cfg->device_count : 0;
	for (unsigned a = 0; a < v->actor_count; a++)
		snprintf(v->actor_name[a], sizeof(v->actor_name[a]), "%s", cfg->device[a].name);
	for (unsigned i = 0; i < v->trace->count; i++) {
		const struct trace_event *e = &v->trace->events[i];
		if (e->actor < 0 || e->actor >= PIRQSIM_DEVICES_MAX || (unsigned)e->actor < v->actor_count)
			continue;
		for (unsigned a = v->actor_count; a <= (unsigned)e->actor; a++)
			snprintf(v->actor_name[a], sizeof(v->actor_name[a]), "actor%u", a);
		v->actor_count = (unsigned)e->actor + 1;
		snprintf(v->actor_name[e->actor], sizeof(v->actor_name[e->actor]), "%s", view_string(v, e->actor_name));
	}
	if (v->actor_count == 0) { /* a trace with no driver events still has its lanes */
		v->actor_count = 1;
		snprintf(v->actor_name[0], sizeof(v->actor_name[0]), "driver");
	}
	v->participant_count = v->actor_count + 4;
}

const char *participant_name(const struct view *v, unsigned p)
{
	static const char *const fixed[] = {"Linux", "QEMU", "Xen", "device"};
	return p < v->actor_count ? v->actor_name[p] : fixed[p - v->actor_count];
}

static unsigned actor_participant(const struct view *v, int actor)
{
	return actor >= 0 && (unsigned)actor < v->actor_count ? (unsigned)actor : P_LINUX(v);
}

/*
 * Caller and callee of every event (see the head of this file).  `context`
 * is who runs inside the current step: QEMU from a QEMU event until the next
 * Linux or driver event, Linux otherwise.
 */
static void route(struct view *v)
{
	unsigned context = P_LINUX(v), last_step = ~0u;
	for (unsigned i = 0; i < v->trace->count; i++) {
		const struct trace_event *e = &v->trace->events[i];
		struct hop *h = &v->hop[i];
		if (e->step != last_step)
			context = P_LINUX(v);
		last_step = e->step;
		unsigned self = actor_participant(v, e->actor);
		h->note = e->is_log || e->component == PIRQSIM_DRIVER || e->component == PIRQSIM_CHECKER;
		switch (e->component) {
		case PIRQSIM_LINUX: h->from = self, h->to = P_LINUX(v), context = P_LINUX(v); break;
		case PIRQSIM_QEMU: h->from = P_LINUX(v), h->to = P_QEMU(v), context = P_QEMU(v); break;
		case PIRQSIM_XEN: h->from = context, h->to = P_XEN(v); break;
		case PIRQSIM_DEVICE: h->from = P_DEVICE(v), h->to = self; break;
		case PIRQSIM_DRIVER: h->from = h->to = self, context = P_LINUX(v); break;
		default: h->from = h->to = P_LINUX(v); break;
		}
		if (h->note)
			h->from = h->to = e->component == PIRQSIM_XEN ? P_XEN(v) : e->component == PIRQSIM_DEVICE ? P_DEVICE(v) : h->to;
		h->note = h->note || h->from == h->to;
		h->context = context;
	}
}

/* "name(arguments) = result" (no result part when there is none). */
void operation_label(const struct view *v, const struct trace_event *e, char *out, size_t size)
{
	char result[32] = "";
	const char *name = e->result == PIRQSIM_NO_RESULT ? NULL : pirqsim_errno_name(e->result);
	if (e->result != PIRQSIM_NO_RESULT)
		snprintf(result, sizeof(result), " = %s", e->result < 0 && name ? name : "");
	if (e->result != PIRQSIM_NO_RESULT && !(e->result < 0 && name))
		snprintf(result, sizeof(result), " = %d", e->result);
	snprintf(out, size, "%s(%s)%s", view_string(v, e->operation), view_string(v, e->arguments), result);
}

const char *level_name(unsigned level)
{
	static const char *const names[] = {"debug", "info", "warn", "err"};
	return level < 4 ? names[level] : "?";
}

/* Steps of the trail; events past it are the checks at quiescence. */
bool is_end_step(const struct view *v, unsigned step) { return step == 0 || step > v->trail_length; }

/* Without a result, the trail is as long as the trace's highest step
 * below the quiescence checks' (numbered from 100000). */
static unsigned highest_step(const struct pirqsim_trace *t)
{
	unsigned highest = 0;
	for (unsigned i = 0; i < t->count; i++)
		if (t->events[i].step > highest && t->events[i].step < 100000)
			highest = t->events[i].step;
	return highest;
}

/*
 * The result's verdict, trail length and violations, read from the
 * explorers' result (search/search.h) as the accessors of pirqsim.h read
 * them: those live in check/check.c, a layer above this one.
 */
static void view_result(struct view *v, const struct pirqsim_result *r)
{
	_Static_assert(VIOLATIONS_MAX <= VIEW_VIOLATIONS_MAX, "the view holds every violation of a result");
	v->has_result = true;
	v->verdict = r->verdict;
	v->limit = r->limit;
	v->trail_length = r->trail_length;
	v->violation_count = r->violation_count;
	for (unsigned i = 0; i < r->violation_count; i++) {
		const struct violation *found = &r->violation[i];
		v->violation[i] = (struct view_violation){
			.property = property_name(found->property),
			.text = found->text,
			.device = found->device < 0 ? "" : r->spec.device[found->device].name,
			.step = found->step,
			.vector = found->vector,
			.pirq = found->pirq,
		};
	}
}

bool view_open(struct view *v, const struct pirqsim_trace *trace, const pirqsim_model *model,
               const pirqsim_result *result)
{
	*v = (struct view){.trace = trace, .model = model};
	v->hop = calloc(trace->count + 1, sizeof(*v->hop));
	if (!v->hop)
		return false;
	view_participants(v, model);
	if (result)
		view_result(v, result);
	else
		v->trail_length = highest_step(trace);
	route(v);
	return true;
}

void view_close(struct view *v)
{
	free(v->hop);
	v->hop = NULL;
}
