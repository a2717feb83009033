/*
 * export_chart.c - sequence diagrams of a trace: Mermaid `sequenceDiagram`
 * (renders on GitHub and GitLab) and a plain-text message sequence chart
 * for terminals and mail, at most MSC_WIDTH columns (wider only where more
 * lifelines than fit 7 columns apart in that: a guest of many devices).
 *
 * Both show one lifeline per driver instance, then Linux, QEMU, Xen and the
 * device; an operation is a message from its caller to its callee labelled
 * "[step] name(arguments) = result" (a failed one ends in a cross), a log
 * line is a note on the component that prints it, and each violation is a
 * note across every lifeline right after the step where it first shows.
 */
#include <stdio.h>
#include <string.h>

#include "trace/export_chart.h"
#include "model/model.h"

#define MSC_WIDTH 100
#define MSC_MARGIN 6      /* step number column */
#define MSC_LABEL_MIN 44  /* a label starts far enough left to have this room */
#define MSC_LABEL_LINES 4 /* longer labels are cut, with " ..." */
#define MSC_COLUMNS_MAX (MSC_MARGIN + 7 * (PIRQSIM_DEVICES_MAX + 4)) /* lifelines at least 7 columns apart */

/* Violations not yet shown whose step is <= `step` (all when `step` is ~0u). */
static void each_violation(const struct view *v, unsigned step, bool *shown,
                           void (*show)(const struct view *v, unsigned index, struct buf *b), struct buf *b)
{
	if (!v->has_result)
		return;
	for (unsigned i = 0; i < v->violation_count && i < 32; i++) {
		if (shown[i] || (step != ~0u && v->violation[i].step > step))
			continue;
		shown[i] = true;
		show(v, i, b);
	}
}

static bool last_of_step(const struct view *v, unsigned i)
{
	return i + 1 == v->trace->count || v->trace->events[i + 1].step != v->trace->events[i].step;
}

static void step_label(const struct view *v, unsigned step, char *out, size_t size)
{
	snprintf(out, size, is_end_step(v, step) ? "end" : "%u", step);
}

/* ---- Mermaid ---------------------------------------------------------------------- */

/* Mermaid reads ';' as a statement end and '#' as the start of an entity
 * code; '<' '>' are escaped so that no text is taken for HTML. */
static void mermaid_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case ';': buf_printf(b, "#59;"); break;
		case '#': buf_printf(b, "#35;"); break;
		case '<': buf_printf(b, "#lt;"); break;
		case '>': buf_printf(b, "#gt;"); break;
		case '\n': buf_putc(b, ' '); break;
		default: buf_putc(b, *s); break;
		}
	}
}

static void mermaid_id(const struct view *v, unsigned p, char *out, size_t size)
{
	static const char *const fixed[] = {"L", "Q", "X", "D"};
	if (p < v->actor_count)
		snprintf(out, size, "A%u", p);
	else
		snprintf(out, size, "%s", fixed[p - v->actor_count]);
}

static void mermaid_violation(const struct view *v, unsigned i, struct buf *b)
{
	char first[16], last[16], text[400];
	mermaid_id(v, 0, first, sizeof(first));
	mermaid_id(v, v->participant_count - 1, last, sizeof(last));
	snprintf(text, sizeof(text), "%s %s: %s (after step %u)", i == 0 ? "VIOLATED" : "then violated",
	         v->violation[i].property, v->violation[i].text, v->violation[i].step);
	buf_printf(b, "    Note over %s,%s: ", first, last);
	mermaid_text(b, text);
	buf_putc(b, '\n');
}

static void mermaid_event(const struct view *v, unsigned i, struct buf *b)
{
	const struct trace_event *e = &v->trace->events[i];
	const struct hop *h = &v->hop[i];
	char from[16], to[16], step[16], label[600];
	mermaid_id(v, h->from, from, sizeof(from));
	mermaid_id(v, h->to, to, sizeof(to));
	step_label(v, e->step, step, sizeof(step));
	if (e->is_log) {
		snprintf(label, sizeof(label), "%s: \"%s\"", level_name(e->level), view_string(v, e->text));
		buf_printf(b, "    Note over %s: ", to);
	} else if (h->note) {
		operation_label(v, e, label, sizeof(label));
		buf_printf(b, "    Note over %s: [%s] ", to, step);
	} else {
		operation_label(v, e, label, sizeof(label));
		buf_printf(b, "    %s%s%s: [%s] ", from, event_failed(e) ? "-x" : "->>", to, step);
	}
	mermaid_text(b, label);
	buf_putc(b, '\n');
}

void render_mermaid(const struct view *v, struct buf *b)
{
	buf_printf(b, "sequenceDiagram\n");
	if (v->model) {
		const struct config *cfg = model_config(v->model);
		buf_printf(b, "    %%%% pirqsim trace: Linux %s, QEMU %s, Xen %s; %u steps\n", cfg->kernel, cfg->qemu, cfg->xen,
		           v->trail_length);
	}
	for (unsigned p = 0; p < v->participant_count; p++) {
		char id[16];
		mermaid_id(v, p, id, sizeof(id));
		buf_printf(b, "    participant %s as ", id);
		mermaid_text(b, participant_name(v, p));
		buf_putc(b, '\n');
	}
	bool shown[32] = {false};
	for (unsigned i = 0; i < v->trace->count; i++) {
		mermaid_event(v, i, b);
		if (last_of_step(v, i) && !is_end_step(v, v->trace->events[i].step))
			each_violation(v, v->trace->events[i].step, shown, mermaid_violation, b);
	}
	each_violation(v, ~0u, shown, mermaid_violation, b);
}

/* ---- plain-text message sequence chart ---------------------------------------------- */

struct msc {
	unsigned columns;             /* of a line: MSC_WIDTH, or more for many lifelines */
	unsigned width;               /* columns per lifeline */
	unsigned x[PIRQSIM_DEVICES_MAX + 4];
	char line[(MSC_COLUMNS_MAX > MSC_WIDTH ? MSC_COLUMNS_MAX : MSC_WIDTH) + 1];
};

static void msc_blank(const struct view *v, struct msc *m, const char *margin)
{
	memset(m->line, ' ', m->columns);
	m->line[m->columns] = '\0';
	for (unsigned p = 0; p < v->participant_count; p++)
		m->line[m->x[p]] = '|';
	if (margin)
		memcpy(m->line, margin, strnlen(margin, MSC_MARGIN - 1));
}

static void msc_emit(struct msc *m, struct buf *b)
{
	size_t n = strlen(m->line);
	while (n > 0 && m->line[n - 1] == ' ')
		n--;
	buf_printf(b, "%.*s\n", (int)n, m->line);
}

/* Write `text` from column `start`, wrapped at spaces (or cut mid-word when
 * a word is longer than a line), at most MSC_LABEL_LINES lines; the step
 * number goes in the margin of the first. */
static void msc_label(const struct view *v, struct msc *m, unsigned start, const char *text, const char *margin,
                      struct buf *b)
{
	if (start + MSC_LABEL_MIN > m->columns)
		start = m->columns - MSC_LABEL_MIN;
	size_t room = m->columns - start, left = strlen(text);
	for (unsigned line = 0; line < MSC_LABEL_LINES && left > 0; line++) {
		size_t take = left;
		if (take > room) {
			take = room;
			while (take > room / 2 && text[take] != ' ')
				take--;
			if (text[take] != ' ')
				take = room;
		}
		bool cut = line + 1 == MSC_LABEL_LINES && take < left;
		msc_blank(v, m, line == 0 ? margin : NULL);
		memcpy(m->line + start, text, take);
		if (cut)
			memcpy(m->line + m->columns - 4, " ...", 4);
		msc_emit(m, b);
		text += take;
		left -= take;
		while (*text == ' ')
			text++, left--;
	}
}

static void msc_arrow(const struct view *v, struct msc *m, const struct hop *h, bool failed, struct buf *b)
{
	unsigned a = m->x[h->from], z = m->x[h->to];
	msc_blank(v, m, NULL);
	unsigned low = a < z ? a : z, high = a < z ? z : a;
	for (unsigned x = low + 1; x < high; x++)
		m->line[x] = '-';
	if (z > a)
		m->line[z - 1] = failed ? 'x' : '>';
	else
		m->line[z + 1] = failed ? 'x' : '<';
	msc_emit(m, b);
}

static void msc_violation(const struct view *v, unsigned i, struct buf *b)
{
	struct msc m = {0};
	char text[400];
	snprintf(text, sizeof(text), "%s %s: %s (after step %u)", i == 0 ? "!! VIOLATED" : "!! then violated",
	         v->violation[i].property, v->violation[i].text, v->violation[i].step);
	for (const char *s = text; *s;) { /* full width, no lifelines */
		size_t take = strlen(s) > MSC_WIDTH - 3 ? MSC_WIDTH - 3 : strlen(s);
		while (take < strlen(s) && take > 40 && s[take] != ' ')
			take--;
		buf_printf(b, "%s%.*s\n", s == text ? "" : "   ", (int)take, s);
		s += take;
		while (*s == ' ')
			s++;
	}
	(void)m;
}

static void msc_event(const struct view *v, struct msc *m, unsigned i, const char *margin, struct buf *b)
{
	const struct trace_event *e = &v->trace->events[i];
	const struct hop *h = &v->hop[i];
	char label[640];
	if (e->is_log)
		snprintf(label, sizeof(label), "* %s: \"%s\"", level_name(e->level), view_string(v, e->text));
	else if (h->note)
		operation_label(v, e, label + 2, sizeof(label) - 2), memcpy(label, "* ", 2);
	else
		operation_label(v, e, label, sizeof(label));
	unsigned low = m->x[h->from] < m->x[h->to] ? m->x[h->from] : m->x[h->to];
	msc_label(v, m, low + 2, label, margin, b);
	if (!h->note)
		msc_arrow(v, m, h, event_failed(e), b);
}

static void msc_header(const struct view *v, struct msc *m, struct buf *b)
{
	unsigned n = v->participant_count;
	m->columns = MSC_MARGIN + 7 * n > MSC_WIDTH ? MSC_MARGIN + 7 * n : MSC_WIDTH;
	m->width = (m->columns - MSC_MARGIN) / n;
	if (m->width > 16)
		m->width = 16;
	for (unsigned p = 0; p < n; p++)
		m->x[p] = MSC_MARGIN + m->width * p + m->width / 2;
	memset(m->line, ' ', m->columns);
	m->line[m->columns] = '\0';
	memcpy(m->line, "step", 4);
	for (unsigned p = 0; p < n; p++) {
		const char *name = participant_name(v, p);
		size_t length = strnlen(name, m->width - 1);
		unsigned at = m->x[p] >= length / 2 ? m->x[p] - (unsigned)(length / 2) : 0;
		memcpy(m->line + at, name, length);
	}
	msc_emit(m, b);
	msc_blank(v, m, NULL);
	msc_emit(m, b);
}

void render_msc(const struct view *v, struct buf *b)
{
	struct msc m = {0};
	msc_header(v, &m, b);
	bool shown[32] = {false};
	unsigned last_step = ~0u;
	for (unsigned i = 0; i < v->trace->count; i++) {
		const struct trace_event *e = &v->trace->events[i];
		char margin[16] = "";
		if (e->step != last_step)
			snprintf(margin, sizeof(margin), is_end_step(v, e->step) ? " end" : "%4u", e->step);
		last_step = e->step;
		msc_event(v, &m, i, margin, b);
		if (last_of_step(v, i) && !is_end_step(v, e->step))
			each_violation(v, e->step, shown, msc_violation, b);
	}
	each_violation(v, ~0u, shown, msc_violation, b);
}
