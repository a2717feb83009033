/*
 * export_perfetto.c - a trace as Chrome Trace Event JSON, which the Perfetto
 * UI (ui.perfetto.dev) and chrome://tracing open.
 *
 * Processes: 1 the guest (one thread per driver instance: the driver and
 * the kernel code it calls), 2 QEMU (one thread per passed-through device),
 * 3 Xen (one thread per driver instance whose calls it serves), 4 the
 * devices, 5 the checker (violations, as global instant events).
 *
 * Time is synthetic and deterministic: step s occupies [s*stride,
 * (s+1)*stride) microseconds and its k-th event starts at s*stride +
 * 10*(k+1), so the view reads left to right in trail order.  Every step is
 * an "X" slice on its actor's guest thread; operations are "X" slices of
 * 8 us; a QEMU ioreq is a slice that spans the events QEMU runs for it; log
 * lines are thread-scoped instant events.  A hypercall, a trapped access and
 * an interrupt are linked by a flow arrow ("s" on the caller's thread,
 * "f" with "bp":"e" on the callee's, the same id and timestamp), which binds
 * to the enclosing slices on both sides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/export_perfetto.h"
#include "model/model.h"

enum { PID_GUEST = 1, PID_QEMU, PID_XEN, PID_DEVICE, PID_CHECKER };
#define SYSTEM_TID 100 /* events of no driver instance */

struct perfetto {
	const struct view *v;
	struct buf *b;
	bool first;
	unsigned flow_id;
	unsigned long stride;
};

static unsigned tid_of(int actor) { return actor >= 0 ? (unsigned)actor + 1 : SYSTEM_TID; }

static unsigned long ts_of(const struct perfetto *p, unsigned step, unsigned k)
{
	return (unsigned long)step * p->stride + 10ul * (k + 1);
}

static void begin(struct perfetto *p, const char *ph, unsigned pid, unsigned tid, unsigned long ts)
{
	buf_printf(p->b, "%s\n{\"ph\":\"%s\",\"pid\":%u,\"tid\":%u,\"ts\":%lu", p->first ? "" : ",", ph, pid, tid, ts);
	p->first = false;
}

static void field(struct perfetto *p, const char *name, const char *value)
{
	buf_printf(p->b, ",\"%s\":", name);
	buf_json(p->b, value);
}

static void metadata(struct perfetto *p, const char *what, unsigned pid, unsigned tid, const char *name, unsigned sort)
{
	begin(p, "M", pid, tid, 0);
	buf_printf(p->b, ",\"name\":\"%s_name\",\"args\":{\"name\":", what);
	buf_json(p->b, name);
	buf_printf(p->b, "}}");
	begin(p, "M", pid, tid, 0);
	buf_printf(p->b, ",\"name\":\"%s_sort_index\",\"args\":{\"sort_index\":%u}}", what, sort);
}

static void metadata_all(struct perfetto *p)
{
	const struct view *v = p->v;
	const struct config *cfg = v->model ? model_config(v->model) : NULL;
	char name[160];
	snprintf(name, sizeof(name), "guest: Linux %s", cfg ? cfg->kernel : "");
	metadata(p, "process", PID_GUEST, 0, name, 1);
	snprintf(name, sizeof(name), "QEMU %s (device model)", cfg ? cfg->qemu : "");
	metadata(p, "process", PID_QEMU, 0, name, 2);
	snprintf(name, sizeof(name), "Xen %s", cfg ? cfg->xen : "");
	metadata(p, "process", PID_XEN, 0, name, 3);
	metadata(p, "process", PID_DEVICE, 0, "PCI devices", 4);
	if (v->has_result)
		metadata(p, "process", PID_CHECKER, 0, "pirqsim checker", 5);
	for (unsigned a = 0; a < v->actor_count; a++) {
		snprintf(name, sizeof(name), "%s (driver + kernel)", v->actor_name[a]);
		metadata(p, "thread", PID_GUEST, a + 1, name, a + 1);
		snprintf(name, sizeof(name), "xen_pt %s", v->actor_name[a]);
		metadata(p, "thread", PID_QEMU, a + 1, name, a + 1);
		snprintf(name, sizeof(name), "calls for %s", v->actor_name[a]);
		metadata(p, "thread", PID_XEN, a + 1, name, a + 1);
		metadata(p, "thread", PID_DEVICE, a + 1, v->actor_name[a], a + 1);
	}
	bool system = false; /* events of no driver instance get their own thread */
	for (unsigned i = 0; i < v->trace->count; i++)
		system = system || v->trace->events[i].actor < 0;
	for (unsigned pid = PID_GUEST; system && pid <= PID_DEVICE; pid++)
		metadata(p, "thread", pid, SYSTEM_TID, "system", SYSTEM_TID);
	if (v->has_result)
		metadata(p, "thread", PID_CHECKER, 1, "properties", 1);
}

/* The first "pirq=N" or "pirq N" in the arguments, or -1. */
static int pirq_in(const char *arguments)
{
	const char *s = strstr(arguments, "pirq");
	for (; s; s = strstr(s + 4, "pirq")) {
		int pirq;
		if (sscanf(s + 4, "=%d", &pirq) == 1 || sscanf(s + 4, " %d", &pirq) == 1)
			return pirq;
	}
	return -1;
}

static void operation_args(struct perfetto *p, const struct trace_event *e)
{
	const struct view *v = p->v;
	const char *arguments = view_string(v, e->arguments);
	buf_printf(p->b, ",\"args\":{\"step\":%u", e->step);
	field(p, "actor", view_string(v, e->actor_name));
	field(p, "arguments", arguments);
	if (pirq_in(arguments) >= 0)
		buf_printf(p->b, ",\"pirq\":%d", pirq_in(arguments));
	if (e->result != PIRQSIM_NO_RESULT)
		buf_printf(p->b, ",\"result\":%d", e->result);
	const char *error = e->result != PIRQSIM_NO_RESULT && e->result < 0 ? pirqsim_errno_name(e->result) : NULL;
	if (error)
		field(p, "error", error);
	buf_printf(p->b, ",\"failed\":%s}}", event_failed(e) ? "true" : "false");
}

static void slice(struct perfetto *p, const struct trace_event *e, unsigned pid, unsigned long ts, unsigned long dur,
                  const char *category)
{
	begin(p, "X", pid, tid_of(e->actor), ts);
	buf_printf(p->b, ",\"dur\":%lu,\"cat\":\"%s\"", dur, category);
	field(p, "name", view_string(p->v, e->operation));
	operation_args(p, e);
}

static void flow(struct perfetto *p, const char *name, unsigned from_pid, unsigned to_pid, unsigned tid,
                 unsigned long ts)
{
	unsigned id = ++p->flow_id;
	begin(p, "s", from_pid, tid, ts);
	buf_printf(p->b, ",\"id\":%u,\"cat\":\"call\",\"name\":\"%s\"}", id, name);
	begin(p, "f", to_pid, tid, ts);
	buf_printf(p->b, ",\"bp\":\"e\",\"id\":%u,\"cat\":\"call\",\"name\":\"%s\"}", id, name);
}

static void log_instant(struct perfetto *p, const struct trace_event *e, unsigned long ts)
{
	static const unsigned pid_of[PIRQSIM_COMPONENT_COUNT] = {PID_GUEST, PID_QEMU, PID_XEN, PID_DEVICE, PID_GUEST,
	                                                         PID_CHECKER};
	unsigned pid = e->component < PIRQSIM_COMPONENT_COUNT ? pid_of[e->component] : PID_GUEST;
	begin(p, "i", pid, tid_of(e->actor), ts);
	buf_printf(p->b, ",\"s\":\"t\",\"cat\":\"log\"");
	field(p, "name", view_string(p->v, e->text));
	buf_printf(p->b, ",\"args\":{\"step\":%u,\"level\":\"%s\"", e->step, level_name(e->level));
	field(p, "text", view_string(p->v, e->text));
	buf_printf(p->b, "}}");
}

/* The events of one step, [first, end): slices, instants and flows. */
static void step_events(struct perfetto *p, unsigned first, unsigned end)
{
	const struct view *v = p->v;
	for (unsigned i = first; i < end; i++) {
		const struct trace_event *e = &v->trace->events[i];
		const struct hop *h = &v->hop[i];
		unsigned long ts = ts_of(p, e->step, i - first);
		if (e->is_log) {
			log_instant(p, e, ts);
		} else if (e->component == PIRQSIM_LINUX || e->component == PIRQSIM_DRIVER) {
			slice(p, e, PID_GUEST, ts, 8, pirqsim_component_name(e->component));
		} else if (e->component == PIRQSIM_XEN) {
			slice(p, e, PID_XEN, ts, 8, "hypercall");
			flow(p, h->from == P_QEMU(v) ? "QEMU hypercall" : "hypercall",
			     h->from == P_QEMU(v) ? PID_QEMU : PID_GUEST, PID_XEN, tid_of(e->actor), ts);
		} else if (e->component == PIRQSIM_DEVICE) {
			slice(p, e, PID_DEVICE, ts, 8, "interrupt");
			flow(p, "MSI", PID_DEVICE, PID_GUEST, tid_of(e->actor), ts);
		} else if (e->component != PIRQSIM_QEMU) { /* QEMU operations are their ioreq slices */
			log_instant(p, e, ts);
		}
	}
}

/* QEMU's part of one step: a slice per ioreq, from the event that starts
 * it (a trapped access, or QEMU's first line after the guest's operation)
 * to the last event QEMU runs for it; a flow from the guest's step. */
static void step_ioreqs(struct perfetto *p, unsigned first, unsigned end)
{
	const struct view *v = p->v;
	for (unsigned i = first; i < end;) {
		const struct trace_event *e = &v->trace->events[i];
		if (v->hop[i].context != P_QEMU(v)) {
			i++;
			continue;
		}
		unsigned last = i;
		while (last + 1 < end && v->hop[last + 1].context == P_QEMU(v) &&
		       !(v->trace->events[last + 1].component == PIRQSIM_QEMU && !v->trace->events[last + 1].is_log))
			last++;
		unsigned long ts = ts_of(p, e->step, i - first), dur = ts_of(p, e->step, last - first) + 8 - ts;
		if (e->component == PIRQSIM_QEMU && !e->is_log) {
			slice(p, e, PID_QEMU, ts, dur, "ioreq");
		} else {
			begin(p, "X", PID_QEMU, tid_of(e->actor), ts);
			buf_printf(p->b, ",\"dur\":%lu,\"cat\":\"ioreq\",\"name\":\"ioreq\",\"args\":{\"step\":%u}}", dur, e->step);
		}
		flow(p, "trapped access", PID_GUEST, PID_QEMU, tid_of(e->actor), ts);
		i = last + 1;
	}
}

/* One "X" slice per actor of the step on its guest thread, spanning it. */
static void step_slices(struct perfetto *p, unsigned first, unsigned end)
{
	const struct view *v = p->v;
	unsigned step = v->trace->events[first].step;
	bool done[PIRQSIM_DEVICES_MAX + 1] = {false};
	for (unsigned i = first; i < end; i++) {
		int actor = v->trace->events[i].actor;
		unsigned slot = actor >= 0 && actor < PIRQSIM_DEVICES_MAX ? (unsigned)actor : PIRQSIM_DEVICES_MAX;
		if (done[slot])
			continue;
		done[slot] = true;
		begin(p, "X", PID_GUEST, tid_of(actor), (unsigned long)step * p->stride);
		buf_printf(p->b, ",\"dur\":%lu,\"cat\":\"step\"", p->stride - 4);
		if (is_end_step(v, step))
			buf_printf(p->b, ",\"name\":\"end: an interrupt on every requested vector\"");
		else
			buf_printf(p->b, ",\"name\":\"step %u\"", step);
		buf_printf(p->b, ",\"args\":{\"step\":%u}}", step);
	}
}

static void violations(struct perfetto *p)
{
	for (unsigned i = 0; p->v->has_result && i < p->v->violation_count; i++) {
		const struct view_violation *violation = &p->v->violation[i];
		char name[64];
		snprintf(name, sizeof(name), "%s %s", i == 0 ? "VIOLATED" : "then violated", violation->property);
		begin(p, "i", PID_CHECKER, 1, ((unsigned long)violation->step + 1) * p->stride - 2);
		buf_printf(p->b, ",\"s\":\"g\",\"cat\":\"violation\"");
		field(p, "name", name);
		buf_printf(p->b, ",\"args\":{\"step\":%u", violation->step);
		field(p, "property", violation->property);
		field(p, "device", violation->device);
		buf_printf(p->b, ",\"vector\":%d,\"pirq\":%d", violation->vector, violation->pirq);
		field(p, "text", violation->text);
		buf_printf(p->b, "}}");
	}
}

void render_perfetto(const struct view *v, struct buf *b)
{
	struct perfetto p = {.v = v, .b = b, .first = true, .stride = 100};
	const struct trace_event *events = v->trace->events;
	for (unsigned i = 0, run = 0; i < v->trace->count; i++) {
		run = i > 0 && events[i].step == events[i - 1].step ? run + 1 : 1;
		while (p.stride < 10ul * (run + 2))
			p.stride *= 10;
	}
	const struct config *cfg = v->model ? model_config(v->model) : NULL;
	buf_printf(b, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"format\":\"pirqsim-perfetto/1\",\"steps\":%u",
	           v->trail_length);
	if (cfg) {
		buf_printf(b, ",\"kernel\":");
		buf_json(b, cfg->kernel);
		buf_printf(b, ",\"qemu\":");
		buf_json(b, cfg->qemu);
		buf_printf(b, ",\"xen\":");
		buf_json(b, cfg->xen);
	}
	buf_printf(b, "},\n\"traceEvents\":[");
	metadata_all(&p);
	for (unsigned first = 0; first < v->trace->count;) {
		unsigned end = first + 1;
		while (end < v->trace->count && events[end].step == events[first].step)
			end++;
		step_slices(&p, first, end);
		step_ioreqs(&p, first, end);
		step_events(&p, first, end);
		first = end;
	}
	violations(&p);
	buf_printf(b, "\n]}\n");
}
