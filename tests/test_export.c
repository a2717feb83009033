/*
 * test_export.c - the export and minimisation API called directly (the
 * command-line side is tests/exports.sh): every format renders the 2017
 * counterexample, deterministic from one render to the next; a trail built
 * with pirqsim_trail_yaml loads back; pirqsim_minimize keeps the first
 * violated property and never adds a context switch.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pirqsim.h"
#include "test_expect.h"


/* The nvme-2017 counterexample, found by BFS, loaded back as a trail spec. */
static pirqsim_spec *counterexample(pirqsim_model **model_out)
{
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_spec *spec = pirqsim_spec_new(), *trail = pirqsim_spec_new();
	assert(error && spec && trail && pirqsim_spec_builtin(spec, "nvme-2017", error) == 0);
	pirqsim_model *model = pirqsim_model_new(spec, error);
	assert(model);
	struct pirqsim_check_options o;
	pirqsim_check_options_init(&o);
	o.search = PIRQSIM_SEARCH_BFS;
	pirqsim_result *r = pirqsim_check(model, &o);
	EXPECT(pirqsim_result_verdict(r) == PIRQSIM_VIOLATED);
	size_t need = pirqsim_result_trail_yaml(r, NULL, 0) + 1;
	char *text = malloc(need);
	pirqsim_result_trail_yaml(r, text, need);
	EXPECT(pirqsim_spec_load_string(trail, text, need - 1, "bfs.trail", error) == 0);
	free(text);
	pirqsim_result_free(r);
	pirqsim_spec_free(spec);
	pirqsim_error_free(error);
	*model_out = model;
	return trail;
}

static void test_render(const pirqsim_model *model, const pirqsim_spec *trail)
{
	pirqsim_trace *trace = pirqsim_trace_new();
	pirqsim_result *r = pirqsim_replay(model, trail, pirqsim_trace_event, trace, NULL);
	EXPECT(r && pirqsim_trace_event_count(trace) > 20);
	static const char *const must[PIRQSIM_FORMAT_COUNT] = {
		"xen: msi already bound to pirq=79", "\"traceEvents\":[", "sequenceDiagram\n", "!! VIOLATED pirq-exclusive",
		"\"format\":\"pirqsim-events/1\""};
	for (int f = 0; f < PIRQSIM_FORMAT_COUNT; f++) {
		size_t a_length, b_length;
		char *a = pirqsim_trace_render(trace, model, r, (enum pirqsim_format)f, &a_length);
		char *b = pirqsim_trace_render(trace, model, r, (enum pirqsim_format)f, &b_length);
		EXPECT(a && b && a_length == b_length && memcmp(a, b, a_length) == 0);
		EXPECT(a && strstr(a, must[f]));
		EXPECT(pirqsim_format_by_name(pirqsim_format_name((enum pirqsim_format)f)) == f);
		free(a);
		free(b);
		/* without model and result: still a complete document */
		char *bare = pirqsim_trace_render(trace, NULL, NULL, (enum pirqsim_format)f, NULL);
		EXPECT(bare && strlen(bare) > 100);
		free(bare);
	}
	EXPECT(pirqsim_format_by_name("svg") == -1);
	pirqsim_result_free(r);
	pirqsim_trace_free(trace);
}

static void test_trail_yaml(const pirqsim_model *model, const pirqsim_spec *trail)
{
	const uint8_t *choices;
	unsigned n = pirqsim_spec_choices(trail, &choices);
	EXPECT(n > 10 && strcmp(pirqsim_spec_trail_property(trail), "pirq-exclusive") == 0);
	char text[8192];
	size_t need = pirqsim_trail_yaml(trail, choices, n - 1, "pirq-exclusive", text, sizeof(text));
	EXPECT(need < sizeof(text));
	pirqsim_spec *back = pirqsim_spec_new();
	EXPECT(pirqsim_spec_load_string(back, text, need, "built.trail", NULL) == 0);
	const uint8_t *back_choices;
	EXPECT(pirqsim_spec_choices(back, &back_choices) == n - 1 && memcmp(back_choices, choices, n - 1) == 0);
	pirqsim_result *r = pirqsim_replay(model, back, NULL, NULL, NULL);
	EXPECT(r != NULL);
	pirqsim_result_free(r);
	pirqsim_spec_free(back);
	uint8_t sample[] = {0, 0, 1, 1, 0, 1};
	EXPECT(pirqsim_context_switches(sample, 6) == 3 && pirqsim_context_switches(sample, 1) == 0);
}

static void test_minimize(const pirqsim_model *model, const pirqsim_spec *trail)
{
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_minimized *m = pirqsim_minimize(model, trail, NULL, error);
	EXPECT(m != NULL);
	const struct pirqsim_minimize_summary *s = pirqsim_minimized_summary(m);
	EXPECT(strcmp(s->property, "pirq-exclusive") == 0);
	/* The BFS trail is already the shortest with 2 switches; the one switch
	 * trail names nvme1 alone, so it is not the same witness: the input is
	 * kept, unchanged, never longer. */
	EXPECT(s->switches_after == s->switches_before && s->switches_after == 2);
	EXPECT(s->unchanged && strcmp(s->devices, "nvme0 nvme1") == 0);
	EXPECT(s->trail_steps <= s->input_steps && s->steps_after <= s->steps_before);
	EXPECT(s->switches_minimal && s->steps_minimal && !s->inconclusive);
	char text[8192];
	size_t need = pirqsim_minimized_trail_yaml(m, text, sizeof(text));
	pirqsim_spec *back = pirqsim_spec_new();
	EXPECT(need < sizeof(text) && pirqsim_spec_load_string(back, text, need, "min.trail", NULL) == 0);
	pirqsim_result *r = pirqsim_replay(model, back, NULL, NULL, NULL);
	EXPECT(r && strcmp(pirqsim_result_violation_property(r, 0), "pirq-exclusive") == 0);
	pirqsim_result_free(r);
	pirqsim_spec_free(back);
	pirqsim_minimized_free(m);
	struct pirqsim_minimize_options drop = {.what = PIRQSIM_MINIMIZE_DROP_STEPS};
	m = pirqsim_minimize(model, trail, &drop, error);
	EXPECT(m && pirqsim_minimized_summary(m)->steps_after <= pirqsim_minimized_summary(m)->steps_before);
	pirqsim_minimized_free(m);
	/* a bound reached is inconclusive, never silent */
	struct pirqsim_minimize_options o = {.replays_max = 3};
	m = pirqsim_minimize(model, trail, &o, error);
	EXPECT(m && pirqsim_minimized_summary(m)->inconclusive && pirqsim_minimized_summary(m)->limit[0]);
	pirqsim_minimized_free(m);
	pirqsim_error_free(error);
}

int main(void)
{
	pirqsim_model *model;
	pirqsim_spec *trail = counterexample(&model);
	test_render(model, trail);
	test_trail_yaml(model, trail);
	test_minimize(model, trail);
	pirqsim_spec_free(trail);
	pirqsim_model_free(model);
	printf("test_export: %s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
