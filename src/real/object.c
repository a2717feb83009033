/*
 * object.c - loading an object built from a real tree (object.h).
 */
#include "real/object.h"

#include <dlfcn.h>
#include <link.h>
#include <stdbool.h>
#include <stdio.h>

struct seg_search {
	const void *inside;
	struct real_segment *seg;
	unsigned *segments;
};

/* The object's writable PT_LOAD segments: its globals (linked with -z now
 * and -z norelro, so nothing in them turns read-only after relocation). */
static int find_segments(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	struct seg_search *s = data;
	const uintptr_t at = (uintptr_t)s->inside;
	bool mine = false;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
		if (ph->p_type == PT_LOAD && at >= lo && at < lo + ph->p_memsz)
			mine = true;
	}
	if (!mine)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || *s->segments == REAL_SEGMENTS_MAX)
			continue;
		s->seg[*s->segments].addr = (uint8_t *)(info->dlpi_addr + ph->p_vaddr);
		s->seg[*s->segments].size = ph->p_memsz;
		(*s->segments)++;
	}
	return 1;
}

void *real_object_open(const char *path, const char *symbol, const void **api, struct real_segment *seg,
                       unsigned *segments, char *err, size_t err_size)
{
	void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		snprintf(err, err_size, "%s", dlerror());
		return NULL;
	}
	const void *(*fn)(void) = (const void *(*)(void))dlsym(dl, symbol);
	*api = fn ? fn() : NULL;
	if (!*api) {
		snprintf(err, err_size, "%s: no %s: not an object pirqsim built (rebuild it)", path, symbol);
		dlclose(dl);
		return NULL;
	}
	*segments = 0;
	struct seg_search s = {.inside = *api, .seg = seg, .segments = segments};
	dl_iterate_phdr(find_segments, &s);
	if (*segments == 0) {
		snprintf(err, err_size, "%s: no writable segment found", path);
		dlclose(dl);
		return NULL;
	}
	return dl;
}
