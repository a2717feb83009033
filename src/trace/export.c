/*
 * export.c - a replay's events, rendered for people (DESIGN "Shape" 7).
 *
 * pirqsim_trace_event copies each event of a replay (strings into one
 * arena, by offset, so that growing it never leaves a dangling pointer);
 * pirqsim_trace_render writes one of five formats into a growable buffer.
 * The library never prints: the caller decides where the text goes.
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
 *
 * Formats are documented with examples in docs/trace-formats.md; every
 * output is deterministic (synthetic timestamps, no clock, no addresses).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/export.h"
#include "model/model.h"

/* ---- growable buffer ---------------------------------------------------------- */

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
		size_t want = b->capacity ? b->capacity * 2 : 4096;
		while (want < b->length + (size_t)n + 1)
			want *= 2;
		char *grown = realloc(b->data, want);
		if (!grown) {
			b->failed = true;
			return;
		}
		b->data = grown;
		b->capacity = want;
	}
}

void buf_putc(struct buf *b, char c) { buf_printf(b, "%c", c); }

/* A JSON string with quotes: ", \ and control characters escaped. */
void buf_json(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_printf(b, "\\n");
		else if (c < 0x20)
			buf_printf(b, "\\u%04x", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

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

/* ---- collecting events --------------------------------------------------------- */

pirqsim_trace *pirqsim_trace_new(void) { return calloc(1, sizeof(struct pirqsim_trace)); }

void pirqsim_trace_free(pirqsim_trace *t)
{
	if (!t)
		return;
	free(t->events);
	free(t->strings.data);
	free(t);
}

unsigned pirqsim_trace_event_count(const pirqsim_trace *t) { return t->count; }

static size_t keep_string(struct pirqsim_trace *t, const char *s)
{
	size_t at = t->strings.length;
	buf_printf(&t->strings, "%s", s ? s : "");
	buf_putc(&t->strings, '\0');
	return at;
}

void pirqsim_trace_event(const struct pirqsim_event *e, void *data)
{
	struct pirqsim_trace *t = data;
	if (t->failed)
		return;
	if (t->count == t->capacity) {
		unsigned want = t->capacity ? t->capacity * 2 : 256;
		struct trace_event *grown = realloc(t->events, want * sizeof(*grown));
		if (!grown) {
			t->failed = true;
			return;
		}
		t->events = grown;
		t->capacity = want;
	}
	struct trace_event *k = &t->events[t->count++];
	k->step = e->step;
	k->actor = e->actor;
	k->component = e->component;
	k->is_log = e->is_log;
	k->level = e->level;
	k->result = e->result;
	k->actor_name = keep_string(t, e->actor_name);
	k->operation = keep_string(t, e->operation);
	k->arguments = keep_string(t, e->arguments);
	k->text = keep_string(t, e->text);
	t->failed = t->strings.failed;
}

/* ---- the view shared by the renderers ----------------------------------------- */

static const char *const format_names[PIRQSIM_FORMAT_COUNT] = {"text", "perfetto", "mermaid", "msc", "jsonl"};

const char *pirqsim_format_name(enum pirqsim_format f) { return f < PIRQSIM_FORMAT_COUNT ? format_names[f] : "?"; }

int pirqsim_format_by_name(const char *name)
{
	for (int f = 0; f < PIRQSIM_FORMAT_COUNT; f++)
		if (strcmp(format_names[f], name) == 0)
			return f;
	return -1;
}

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

static unsigned trail_length_of(const pirqsim_trace *t, const pirqsim_result *result)
{
	if (result)
		return pirqsim_result_trail_length(result);
	unsigned highest = 0;
	for (unsigned i = 0; i < t->count; i++)
		if (t->events[i].step > highest && t->events[i].step < 100000)
			highest = t->events[i].step;
	return highest;
}

char *pirqsim_trace_render(const pirqsim_trace *trace, const pirqsim_model *model, const pirqsim_result *result,
                           enum pirqsim_format format, size_t *length)
{
	if (!trace || trace->failed || format >= PIRQSIM_FORMAT_COUNT)
		return NULL;
	struct view v = {.trace = trace, .model = model, .result = result};
	v.hop = calloc(trace->count + 1, sizeof(*v.hop));
	if (!v.hop)
		return NULL;
	view_participants(&v, model);
	v.trail_length = trail_length_of(trace, result);
	route(&v);
	struct buf b = {0};
	switch (format) {
	case PIRQSIM_FORMAT_TEXT: render_text(&v, &b); break;
	case PIRQSIM_FORMAT_PERFETTO: render_perfetto(&v, &b); break;
	case PIRQSIM_FORMAT_MERMAID: render_mermaid(&v, &b); break;
	case PIRQSIM_FORMAT_MSC: render_msc(&v, &b); break;
	default: render_jsonl(&v, &b); break;
	}
	free(v.hop);
	return buf_finish(&b, length);
}

/* ---- text: the trace of `pirqsim run --trail`, byte for byte ------------------ */

static void text_verdict(const pirqsim_result *r, struct buf *b)
{
	enum pirqsim_verdict verdict = pirqsim_result_verdict(r);
	if (verdict == PIRQSIM_HOLDS) {
		buf_printf(b, "verdict: all properties hold on this schedule\n");
		return;
	}
	if (verdict == PIRQSIM_INPUT_ERROR) {
		buf_printf(b, "verdict: model error: %s\n", pirqsim_result_limit(r));
		return;
	}
	for (unsigned i = 0; i < pirqsim_result_violation_count(r); i++)
		buf_printf(b, "%s %s: %s (after step %u)\n", i == 0 ? "violated:" : "    then:",
		           pirqsim_result_violation_property(r, i), pirqsim_result_violation_text(r, i),
		           pirqsim_result_violation_step(r, i));
}

void render_text(const struct view *v, struct buf *b)
{
	if (v->model) {
		char describe[2048];
		pirqsim_model_describe(v->model, describe, sizeof(describe));
		buf_printf(b, "%s\n", describe);
	}
	buf_printf(b, " step actor   comp.   operation(arguments) = result   /   level: \"log line of the real program\"\n");
	unsigned last_step = ~0u;
	for (unsigned i = 0; i < v->trace->count; i++) {
		const struct trace_event *e = &v->trace->events[i];
		char step[16] = "", label[600];
		if (e->step != last_step) {
			snprintf(step, sizeof(step), e->step == 0 || e->step > 100000 ? "end" : "%u", e->step);
			last_step = e->step;
		}
		const char *actor = view_string(v, e->actor_name), *component = pirqsim_component_name(e->component);
		if (e->is_log) {
			buf_printf(b, "%5s %-7s %-7s   %s: \"%s\"\n", step, actor, component, level_name(e->level),
			           view_string(v, e->text));
			continue;
		}
		operation_label(v, e, label, sizeof(label));
		buf_printf(b, "%5s %-7s %-7s %s\n", step, actor, component, label);
	}
	if (v->result)
		text_verdict(v->result, b);
}

/* ---- JSON Lines: "format": "pirqsim-events/1" in every line ------------------- */

static void jsonl_event(const struct view *v, const struct trace_event *e, struct buf *b)
{
	buf_printf(b, "{\"format\":\"pirqsim-events/1\",\"type\":\"%s\",\"step\":%u,\"end\":%s,\"actor\":%d,\"actor_name\":",
	           e->is_log ? "log" : "operation", e->step, is_end_step(v, e->step) ? "true" : "false", e->actor);
	buf_json(b, view_string(v, e->actor_name));
	buf_printf(b, ",\"component\":\"%s\"", pirqsim_component_name(e->component));
	if (e->is_log) {
		buf_printf(b, ",\"level\":\"%s\",\"text\":", level_name(e->level));
		buf_json(b, view_string(v, e->text));
	} else {
		buf_printf(b, ",\"operation\":");
		buf_json(b, view_string(v, e->operation));
		buf_printf(b, ",\"arguments\":");
		buf_json(b, view_string(v, e->arguments));
		const char *name = e->result == PIRQSIM_NO_RESULT ? NULL : pirqsim_errno_name(e->result);
		if (e->result == PIRQSIM_NO_RESULT)
			buf_printf(b, ",\"result\":null");
		else
			buf_printf(b, ",\"result\":%d", e->result);
		if (name && e->result < 0)
			buf_printf(b, ",\"error\":\"%s\"", name);
		buf_printf(b, ",\"failed\":%s", event_failed(e) ? "true" : "false");
	}
	const struct hop *h = &v->hop[e - v->trace->events];
	buf_printf(b, ",\"from\":");
	buf_json(b, participant_name(v, h->from));
	buf_printf(b, ",\"to\":");
	buf_json(b, participant_name(v, h->to));
	buf_printf(b, "}\n");
}

void render_jsonl(const struct view *v, struct buf *b)
{
	for (unsigned i = 0; i < v->trace->count; i++)
		jsonl_event(v, &v->trace->events[i], b);
	const pirqsim_result *r = v->result;
	if (!r)
		return;
	for (unsigned i = 0; i < pirqsim_result_violation_count(r); i++) {
		buf_printf(b, "{\"format\":\"pirqsim-events/1\",\"type\":\"violation\",\"step\":%u,\"first\":%s,\"property\":",
		           pirqsim_result_violation_step(r, i), i == 0 ? "true" : "false");
		buf_json(b, pirqsim_result_violation_property(r, i));
		buf_printf(b, ",\"device\":");
		buf_json(b, pirqsim_result_violation_device(r, i));
		buf_printf(b, ",\"vector\":%d,\"pirq\":%d,\"text\":", pirqsim_result_violation_vector(r, i),
		           pirqsim_result_violation_pirq(r, i));
		buf_json(b, pirqsim_result_violation_text(r, i));
		buf_printf(b, "}\n");
	}
	static const char *const verdicts[] = {"holds", "violated", "error", "inconclusive"};
	buf_printf(b, "{\"format\":\"pirqsim-events/1\",\"type\":\"verdict\",\"verdict\":\"%s\",\"steps\":%u,\"violations\":%u}\n",
	           verdicts[pirqsim_result_verdict(r) & 3], v->trail_length, pirqsim_result_violation_count(r));
}
