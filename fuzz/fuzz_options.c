/*
 * fuzz_options.c - the values of command-line options on arbitrary bytes:
 * parse_long / parse_size (cli/common.c), release names through
 * versions_resolve and a model built on them, --knob NAME=VALUE (split as
 * cli/main.c splits it, then pirqsim_spec_set_knob), host settings, and
 * --fault NAME.  The first byte chooses the parser; the rest, up to a NUL,
 * is the option's value.
 */
#include <string.h>

#include "cli.h"
#include "fuzz.h"
#include "pirqsim.h"

#define VALUE_MAX 256

static void numbers(const char *value)
{
	long number;
	uint64_t size;
	if (parse_long(value, -5, 4096, &number))
		FUZZ_CHECK(number >= -5 && number <= 4096, "parse_long out of range: %ld", number);
	if (parse_size(value, &size))
		FUZZ_CHECK(size > 0 && size <= (1ull << 42), "parse_size out of range: %llu", (unsigned long long)size);
}

static void release(unsigned selector, const char *value)
{
	static const char *const components[] = {"kernel", "qemu", "xen"};
	pirqsim_spec *spec = pirqsim_spec_new();
	pirqsim_error *error = pirqsim_error_new();
	FUZZ_CHECK(spec && error, "out of memory");
	if (pirqsim_spec_set_version(spec, components[selector % 3], value, error) == 0 &&
	    pirqsim_spec_add_devices(spec, "nvme", 1, 1, "msix", error) == 0) {
		pirqsim_model *model = pirqsim_model_new(spec, error);
		FUZZ_CHECK(model || pirqsim_error_text(error)[0], "no model and no error for '%s'", value);
		pirqsim_model_free(model);
	}
	(void)pirqsim_xen_bundled_qemu(value);
	pirqsim_error_free(error);
	pirqsim_spec_free(spec);
}

/* --knob NAME=VALUE, --fault NAME and host settings, applied to a spec. */
static void spec_setting(unsigned selector, const char *value)
{
	pirqsim_spec *spec = pirqsim_spec_new();
	pirqsim_error *error = pirqsim_error_new();
	FUZZ_CHECK(spec && error, "out of memory");
	const char *eq = strchr(value, '=');
	char name[64];
	long number;
	if (selector % 3 == 0 && eq) {
		snprintf(name, sizeof(name), "%.*s", (int)(eq - value), value);
		if (pirqsim_spec_set_knob(spec, name, eq + 1, error) != 0)
			FUZZ_CHECK(pirqsim_error_text(error)[0], "knob refused without a message");
	} else if (selector % 3 == 1 && eq && parse_long(eq + 1, -1000000, 1000000, &number)) {
		snprintf(name, sizeof(name), "%.*s", (int)(eq - value), value);
		(void)pirqsim_spec_set_host(spec, name, number, error);
	} else if (selector % 3 == 2) {
		if (pirqsim_spec_add_fault(spec, value, error) != 0)
			FUZZ_CHECK(pirqsim_error_text(error)[0], "fault refused without a message");
	}
	pirqsim_error_free(error);
	pirqsim_spec_free(spec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char value[VALUE_MAX];
	size_t n = size - 1 < VALUE_MAX - 1 ? size - 1 : VALUE_MAX - 1;
	memcpy(value, data + 1, n);
	value[n] = '\0';
	switch (data[0] % 3) {
	case 0: numbers(value); break;
	case 1: release(data[0] / 3, value); break;
	default: spec_setting(data[0] / 3, value); break;
	}
	return 0;
}
