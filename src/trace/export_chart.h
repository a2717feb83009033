/*
 * export_chart.h - a trace as sequence diagrams: Mermaid and a plain-text
 * message sequence chart (export_chart.c), for export.c.
 */
#ifndef PIRQSIM_EXPORT_CHART_H
#define PIRQSIM_EXPORT_CHART_H

#include "trace/render.h"

void render_mermaid(const struct view *v, struct buf *b);
void render_msc(const struct view *v, struct buf *b);

#endif
