/*
 * object.h - loading an object built from a real tree (object.c): the
 * Linux guest's (runtime.c) and QEMU's (dm.c) both.
 */
#ifndef PIRQSIM_REAL_OBJECT_H
#define PIRQSIM_REAL_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#define REAL_SEGMENTS_MAX 4

/* One writable PT_LOAD segment of an object: its globals. */
struct real_segment {
	uint8_t *addr;
	size_t size;
};

/* dlopen `path` (RTLD_NOW | RTLD_LOCAL: each object its own copy of
 * everything), call its `symbol` (a function returning the object's API
 * table, into *api) and find its writable segments.  Returns the handle,
 * or NULL with a message in err (the caller then checks the table's ABI
 * version itself). */
void *real_object_open(const char *path, const char *symbol, const void **api, struct real_segment *seg,
                       unsigned *segments, char *err, size_t err_size);

#endif
