/*
 * export.c - a replay's events, rendered for people (DESIGN "Shape" 7): the
 * public side of the trace exports, on top of the renderers.
 *
 * pirqsim_trace_event copies each event of a replay (strings into one
 * arena, by offset, so that growing it never leaves a dangling pointer);
 * pirqsim_trace_render builds the view every renderer reads (render.c) and
 * hands it to the one renderer of the format asked for (export_text.c,
 * export_chart.c, export_perfetto.c), which writes into a growable buffer.
 * The library never prints: the caller decides where the text goes.
 *
 * Formats are documented with examples in docs/trace-formats.md; every
 * output is deterministic (synthetic timestamps, no clock, no addresses).
 */
#include <stdlib.h>
#include <string.h>

#include "trace/render.h"
#include "trace/export_chart.h"
#include "trace/export_perfetto.h"
#include "trace/export_text.h"

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
	k->printed = (unsigned char)e->printed;
	k->result = e->result;
	k->actor_name = keep_string(t, e->actor_name);
	k->operation = keep_string(t, e->operation);
	k->arguments = keep_string(t, e->arguments);
	k->text = keep_string(t, e->text);
	t->failed = t->strings.failed;
}

/* ---- formats -------------------------------------------------------------------- */

static const char *const format_names[PIRQSIM_FORMAT_COUNT] = {"text", "perfetto", "mermaid", "msc", "jsonl"};

const char *pirqsim_format_name(enum pirqsim_format f) { return f < PIRQSIM_FORMAT_COUNT ? format_names[f] : "?"; }

int pirqsim_format_by_name(const char *name)
{
	for (int f = 0; f < PIRQSIM_FORMAT_COUNT; f++)
		if (strcmp(format_names[f], name) == 0)
			return f;
	return -1;
}

char *pirqsim_trace_render(const pirqsim_trace *trace, const pirqsim_model *model, const pirqsim_result *result,
                           enum pirqsim_format format, size_t *length)
{
	if (!trace || trace->failed || format >= PIRQSIM_FORMAT_COUNT)
		return NULL;
	struct view v;
	if (!view_open(&v, trace, model, result))
		return NULL;
	struct buf b = {0};
	switch (format) {
	case PIRQSIM_FORMAT_TEXT: render_text(&v, &b); break;
	case PIRQSIM_FORMAT_PERFETTO: render_perfetto(&v, &b); break;
	case PIRQSIM_FORMAT_MERMAID: render_mermaid(&v, &b); break;
	case PIRQSIM_FORMAT_MSC: render_msc(&v, &b); break;
	default: render_jsonl(&v, &b); break;
	}
	view_close(&v);
	return buf_finish(&b, length);
}
