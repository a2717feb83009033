/*
 * export_text.c - a trace as text: the trace of `pirqsim run --trail`, byte
 * for byte, and JSON Lines, one event, violation or verdict per line, each
 * with "format": "pirqsim-events/1" (docs/trace-formats.md).
 */
#include <stdio.h>

#include "trace/export_text.h"

/* ---- text: the trace of `pirqsim run --trail`, byte for byte ------------------ */

static void text_verdict(const struct view *v, struct buf *b)
{
	if (v->verdict == PIRQSIM_HOLDS) {
		buf_printf(b, "verdict: all properties hold on this schedule\n");
		return;
	}
	if (v->verdict == PIRQSIM_INPUT_ERROR) {
		buf_printf(b, "verdict: model error: %s\n", v->limit);
		return;
	}
	for (unsigned i = 0; i < v->violation_count; i++)
		buf_printf(b, "%s %s: %s (after step %u)\n", i == 0 ? "violated:" : "    then:", v->violation[i].property,
		           v->violation[i].text, v->violation[i].step);
}

void render_text(const struct view *v, struct buf *b)
{
	if (v->model) {
		char describe[2048];
		pirqsim_model_describe(v->model, describe, sizeof(describe));
		buf_printf(b, "%s\n", describe);
	}
	buf_printf(b, " step actor   comp.   operation(arguments) = result   /   level: \"log line of the real program\" (unless it says so: printed by a stock build)\n");
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
			buf_printf(b, "%5s %-7s %-7s   %s: \"%s\"%s%s%s\n", step, actor, component, level_name(e->level),
			           view_string(v, e->text), e->printed ? "  (" : "",
			           e->printed ? pirqsim_printed_name((enum pirqsim_printed)e->printed) : "", e->printed ? ")" : "");
			continue;
		}
		operation_label(v, e, label, sizeof(label));
		buf_printf(b, "%5s %-7s %-7s %s\n", step, actor, component, label);
	}
	if (v->has_result)
		text_verdict(v, b);
}

/* ---- JSON Lines: "format": "pirqsim-events/1" in every line ------------------- */

static void jsonl_event(const struct view *v, const struct trace_event *e, struct buf *b)
{
	buf_printf(b, "{\"format\":\"pirqsim-events/1\",\"type\":\"%s\",\"step\":%u,\"end\":%s,\"actor\":%d,\"actor_name\":",
	           e->is_log ? "log" : "operation", e->step, is_end_step(v, e->step) ? "true" : "false", e->actor);
	buf_json(b, view_string(v, e->actor_name));
	buf_printf(b, ",\"component\":\"%s\"", pirqsim_component_name(e->component));
	if (e->is_log) {
		buf_printf(b, ",\"level\":\"%s\",\"printed\":\"%s\",\"text\":", level_name(e->level),
		           pirqsim_printed_name((enum pirqsim_printed)e->printed));
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
	if (!v->has_result)
		return;
	for (unsigned i = 0; i < v->violation_count; i++) {
		const struct view_violation *violation = &v->violation[i];
		buf_printf(b, "{\"format\":\"pirqsim-events/1\",\"type\":\"violation\",\"step\":%u,\"first\":%s,\"property\":",
		           violation->step, i == 0 ? "true" : "false");
		buf_json(b, violation->property);
		buf_printf(b, ",\"device\":");
		buf_json(b, violation->device);
		buf_printf(b, ",\"vector\":%d,\"pirq\":%d,\"text\":", violation->vector, violation->pirq);
		buf_json(b, violation->text);
		buf_printf(b, "}\n");
	}
	static const char *const verdicts[] = {"holds", "violated", "error", "inconclusive"};
	buf_printf(b, "{\"format\":\"pirqsim-events/1\",\"type\":\"verdict\",\"verdict\":\"%s\",\"steps\":%u,\"violations\":%u}\n",
	           verdicts[v->verdict & 3], v->trail_length, v->violation_count);
}
