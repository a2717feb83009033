/*
 * builtin.c - built-in scenarios.  They only name versions and devices; the
 * outcome of each comes from running the component models.
 */
#include <string.h>

#include "versions/scenario.h"

struct builtin {
	const char *name;
	const char *summary;
	const char *kernel, *qemu, *xen;
	enum driver_kind driver;
	unsigned count, vectors;
};

static const struct builtin builtins[] = {
	{"nvme-2017", "the 2017 report: two NVMe controllers probe at once, Linux 4.10, QEMU 2.8, Xen 4.8",
	 "4.10", "2.8", "4.8", DRIVER_NVME, 2, 2},
	{"nvme-2017-fixed", "the same with c74fd80f2f41 (Linux 4.11)", "4.11", "2.8", "4.8", DRIVER_NVME, 2, 2},
	{"nic-down-up", "one NIC, ifdown/ifup, Linux 4.10, QEMU 2.8, Xen 4.8 (af42b8d's own case)",
	 "4.10", "2.8", "4.8", DRIVER_NIC, 1, 2},
	{"nic-down-up-old-dm", "the fix on an old device model: Linux 4.11, QEMU 2.0, Xen 4.4, one NIC down/up",
	 "4.11", "2.0", "4.4", DRIVER_NIC, 1, 2},
	{"nvme-2017-old-dm", "the 2017 NVMe case on QEMU 2.0 / Xen 4.4 with the old kernel", "4.10", "2.0", "4.4",
	 DRIVER_NVME, 2, 2},
};

#define BUILTIN_COUNT (sizeof(builtins) / sizeof(builtins[0]))

unsigned scenario_builtin_count(void) { return (unsigned)BUILTIN_COUNT; }
const char *scenario_builtin_name(unsigned i) { return i < BUILTIN_COUNT ? builtins[i].name : NULL; }
const char *scenario_builtin_summary(unsigned i) { return i < BUILTIN_COUNT ? builtins[i].summary : NULL; }

int scenario_builtin(const char *name, struct scenario_spec *spec)
{
	for (unsigned i = 0; i < BUILTIN_COUNT; i++) {
		const struct builtin *b = &builtins[i];
		if (strcmp(b->name, name) != 0)
			continue;
		scenario_spec_init(spec);
		strncpy(spec->name, b->name, sizeof(spec->name) - 1);
		strncpy(spec->description, b->summary, sizeof(spec->description) - 1);
		strncpy(spec->kernel, b->kernel, sizeof(spec->kernel) - 1);
		strncpy(spec->qemu, b->qemu, sizeof(spec->qemu) - 1);
		strncpy(spec->xen, b->xen, sizeof(spec->xen) - 1);
		const char *prefix = b->driver == DRIVER_NVME ? "nvme" : b->driver == DRIVER_NIC ? "eth" : "dev";
		for (unsigned d = 0; d < b->count; d++) {
			struct device_spec *dev = &spec->device[spec->device_count++];
			memset(dev, 0, sizeof(*dev));
			dev->name[0] = '\0';
			strncpy(dev->name, prefix, sizeof(dev->name) - 2);
			size_t len = strlen(dev->name);
			dev->name[len] = (char)('0' + d);
			dev->name[len + 1] = '\0';
			dev->driver = (uint8_t)b->driver;
			dev->vec_type = VEC_MSIX;
			dev->vectors = (uint16_t)b->vectors;
			dev->cycles = 1;
		}
		return 0;
	}
	return -1;
}
