/*
 * export_perfetto.h - a trace as Chrome Trace Event JSON for the Perfetto
 * UI (export_perfetto.c), for export.c.
 */
#ifndef PIRQSIM_EXPORT_PERFETTO_H
#define PIRQSIM_EXPORT_PERFETTO_H

#include "trace/render.h"

void render_perfetto(const struct view *v, struct buf *b);

#endif
