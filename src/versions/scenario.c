/*
 * scenario.c - a scenario spec's defaults, and the names of its driver
 * kinds and vector types (scenario.h).  Reading and writing scenario files
 * is the trace layer's (trace/scenario_yaml.c).
 */
#include "versions/scenario.h"

#include <assert.h>
#include <string.h>

int scenario_name_index(const char *const *names, unsigned count, const char *name)
{
	if (name == NULL)
		return -1;
	for (unsigned i = 0; i < count; i++) {
		if (strcmp(names[i], name) == 0)
			return (int)i;
	}
	return -1;
}

static const char *const driver_names[DRIVER_COUNT] = {
	[DRIVER_NVME] = "nvme", [DRIVER_NIC] = "nic", [DRIVER_SINGLE] = "single",
};
static const char *const vec_type_names[VEC_TYPE_COUNT] = {
	[VEC_MSIX] = "msix", [VEC_MSI] = "msi",
};

const char *driver_kind_name(enum driver_kind kind)
{
	return (unsigned)kind < DRIVER_COUNT ? driver_names[kind] : "invalid";
}

int driver_kind_by_name(const char *name)
{
	return scenario_name_index(driver_names, DRIVER_COUNT, name);
}

const char *vec_type_name(enum vec_type type)
{
	return (unsigned)type < VEC_TYPE_COUNT ? vec_type_names[type] : "invalid";
}

int vec_type_by_name(const char *name)
{
	return scenario_name_index(vec_type_names, VEC_TYPE_COUNT, name);
}

void scenario_spec_init(struct scenario_spec *spec)
{
	assert(spec != NULL);
	memset(spec, 0, sizeof(*spec));
	for (unsigned i = 0; i < KNOB_COUNT; i++)
		spec->knob[i] = -1;
	spec->apicv = false;
	spec->nr_irqs_gsi = -1;
	spec->extra_guest_irqs = -1;
	spec->xen_irqs = -1;
	spec->device_count = 0;
}
