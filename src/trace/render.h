/*
 * render.h - what the trace renderers share (render.c): the growing text
 * buffer they write into, a trace's events as export.c collects them, and
 * the view of one trace they all read.  The renderers are export_text.c,
 * export_chart.c and export_perfetto.c; export.c, on top, picks one.  The
 * public side is in pirqsim.h.
 */
#ifndef PIRQSIM_RENDER_H
#define PIRQSIM_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/bounds.h"
#include "pirqsim.h"

/* A growable text buffer; after a failed allocation every write is a
 * no-op and buf_finish returns NULL. */
struct buf {
	char *data;
	size_t length, capacity;
	bool failed;
};
void buf_printf(struct buf *b, const char *format, ...) __attribute__((format(printf, 2, 3)));
void buf_putc(struct buf *b, char c);
/* `length` bytes as they are (NUL bytes included). */
void buf_write(struct buf *b, const char *bytes, size_t length);
/* `s` as a JSON string with its quotes (pirqsim_json_string). */
void buf_json(struct buf *b, const char *s);
char *buf_finish(struct buf *b, size_t *length);

/* One event, its strings as offsets into the trace's arena. */
struct trace_event {
	unsigned step;
	int actor;
	int result;
	unsigned char component, level, printed;
	bool is_log;
	size_t actor_name, operation, arguments, text;
};

struct pirqsim_trace {
	struct trace_event *events;
	unsigned count, capacity;
	struct buf strings;
	bool failed;
};

/* Caller and callee of one event (participant indices); a note when
 * from == to and `note`.  `context` is who runs at that point of the step. */
struct hop {
	unsigned from, to, context;
	bool note;
};

#define P_LINUX(v) ((v)->actor_count)
#define P_QEMU(v) ((v)->actor_count + 1)
#define P_XEN(v) ((v)->actor_count + 2)
#define P_DEVICE(v) ((v)->actor_count + 3)

/* A violation as the renderers show it; the strings belong to the result. */
struct view_violation {
	const char *property, *text;
	const char *device;     /* "" when none */
	unsigned step;
	int vector, pirq;       /* -1 when none */
};
#define VIEW_VIOLATIONS_MAX 64

struct view {
	const struct pirqsim_trace *trace;
	const pirqsim_model *model;     /* may be NULL */
	unsigned actor_count, participant_count;
	char actor_name[PIRQSIM_DEVICES_MAX][PIRQSIM_NAME_MAX];
	unsigned trail_length;
	struct hop *hop;                /* one per event */
	/* The replay's result, when one was given: its verdict, why it is an
	 * error, and its violations. */
	bool has_result;
	enum pirqsim_verdict verdict;
	const char *limit;
	unsigned violation_count;
	struct view_violation violation[VIEW_VIOLATIONS_MAX];
};

/* The view of `trace`; `model` and `result` may be NULL.  Returns false
 * when out of memory.  view_close releases what view_open took. */
bool view_open(struct view *v, const struct pirqsim_trace *trace, const pirqsim_model *model,
               const pirqsim_result *result);
void view_close(struct view *v);

const char *view_string(const struct view *v, size_t offset);
const char *participant_name(const struct view *v, unsigned participant);
void operation_label(const struct view *v, const struct trace_event *e, char *out, size_t size);
const char *level_name(unsigned level);
bool event_failed(const struct trace_event *e);
bool is_end_step(const struct view *v, unsigned step);

#endif
