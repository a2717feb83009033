/*
 * export_text.h - a trace as the text of `pirqsim run --trail` and as JSON
 * Lines (export_text.c), for export.c.
 */
#ifndef PIRQSIM_EXPORT_TEXT_H
#define PIRQSIM_EXPORT_TEXT_H

#include "trace/render.h"

void render_text(const struct view *v, struct buf *b);
void render_jsonl(const struct view *v, struct buf *b);

#endif
