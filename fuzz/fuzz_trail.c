/*
 * fuzz_trail.c - trails on arbitrary bytes: load (src/trace/scenario_yaml.c),
 * build the model, replay with every check of trail format 2
 * (src/trace/integrity.c) and every event formatted (a sink that looks at each).
 * A replay either returns a result or an error that says why.
 */
#include <string.h>

#include "fuzz.h"
#include "pirqsim.h"

static void look(const struct pirqsim_event *event, void *data)
{
	size_t *bytes = data;
	*bytes += strlen(event->actor_name) + strlen(event->operation) + strlen(event->arguments) + strlen(event->text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pirqsim_spec *spec = pirqsim_spec_new();
	pirqsim_error *error = pirqsim_error_new();
	FUZZ_CHECK(spec && error, "out of memory");
	pirqsim_model *model = NULL;
	if (pirqsim_spec_load_string(spec, (const char *)data, size, "input.trail", error) == 0 &&
	    pirqsim_spec_is_trail(spec) && (model = pirqsim_model_new(spec, error))) {
		size_t bytes = 0;
		pirqsim_result *r = pirqsim_replay(model, spec, look, &bytes, error);
		FUZZ_CHECK(r || pirqsim_error_text(error)[0], "replay failed without a message");
		if (r) {
			enum pirqsim_verdict v = pirqsim_result_verdict(r);
			FUZZ_CHECK(v == PIRQSIM_HOLDS || v == PIRQSIM_VIOLATED || v == PIRQSIM_INPUT_ERROR, "verdict %d", v);
			for (unsigned i = 0; i < pirqsim_result_violation_count(r); i++)
				bytes += strlen(pirqsim_result_violation_text(r, i));
		}
		pirqsim_result_free(r);
	}
	pirqsim_model_free(model);
	pirqsim_error_free(error);
	pirqsim_spec_free(spec);
	return 0;
}
