/*
 * fuzz_scenario.c - the scenario and trail loader (src/trace/scenario_yaml.c)
 * on arbitrary bytes.  Beyond not crashing, it checks the loader's promise:
 * whatever loads, scenario_write_yaml writes as text that loads back and
 * writes back to the same text; and a loaded scenario either builds a model
 * or says why.
 */
#include <string.h>

#include "fuzz.h"
#include "pirqsim.h"
#include "trace/scenario_yaml.h"

static void round_trip(const struct scenario_spec *spec)
{
	size_t need = scenario_write_yaml(spec, NULL, 0) + 1;
	char *text = malloc(need), *again = malloc(need);
	struct scenario_spec *back = malloc(sizeof(*back));
	struct pirqsim_error error;
	FUZZ_CHECK(text && again && back, "out of memory");
	FUZZ_CHECK(scenario_write_yaml(spec, text, need) == need - 1, "write size changed");
	int rc = scenario_load_string(text, need - 1, "written", back, &error);
	FUZZ_CHECK(rc == 0, "written text does not load: %u:%u: %s\n%s", error.line, error.column, error.message, text);
	FUZZ_CHECK(scenario_write_yaml(back, again, need) == need - 1 && strcmp(text, again) == 0,
	           "second write differs:\n%s\n---\n%s", text, again);
	free(text);
	free(again);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario_spec *spec = malloc(sizeof(*spec));
	struct pirqsim_error error;
	FUZZ_CHECK(spec, "out of memory");
	memset(&error, 0, sizeof(error));
	if (scenario_load_string((const char *)data, size, "input", spec, &error) == 0) {
		round_trip(spec);
		pirqsim_error *model_error = pirqsim_error_new();
		pirqsim_model *model = pirqsim_model_new(spec, model_error);
		FUZZ_CHECK(model || pirqsim_error_text(model_error)[0], "no model and no error");
		if (model) {
			char text[4096];
			pirqsim_model_describe(model, text, sizeof(text));
		}
		pirqsim_model_free(model);
		pirqsim_error_free(model_error);
	} else {
		FUZZ_CHECK(error.message[0] != '\0', "load failed without a message");
	}
	free(spec);
	return 0;
}
