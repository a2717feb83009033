/*
 * alloc.c - allocation failure injection for test builds (Lua's ltests
 * `failnext`, TigerStyle's "running out is a reported result").
 *
 * Built only with -DPIRQSIM_ALLOC_FAILURES=ON (the default of the Debug and
 * sanitizer builds), and then linked with -Wl,--wrap=malloc,calloc,realloc,
 * mmap: every malloc, calloc, realloc and mmap that libpirqsim and the
 * pirqsim command make goes through here (libc's and libfyaml's own do not).
 * With PIRQSIM_FAIL_ALLOC=N in the environment the Nth of them fails (NULL,
 * MAP_FAILED, errno ENOMEM), and every later one too when
 * PIRQSIM_FAIL_ALLOC_ALL=1.  tests/alloc_failures.sh runs commands with
 * N = 1, 2, ... and requires a clear message and an exit status, never a
 * crash.  Release builds have none of this.
 */
#ifdef PIRQSIM_ALLOC_FAILURES
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void *__real_mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *pointer, size_t size);
void *__wrap_mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset);

static unsigned long fail_at, count;
static bool fail_after, read_environment;

/* Should this allocation fail?  Single-threaded use only: the tests run
 * the sequential explorers (the counter is not atomic). */
static bool fail_now(void)
{
	if (!read_environment) {
		read_environment = true;
		const char *n = getenv("PIRQSIM_FAIL_ALLOC"), *all = getenv("PIRQSIM_FAIL_ALLOC_ALL");
		fail_at = n ? strtoul(n, NULL, 10) : 0;
		fail_after = all && all[0] == '1';
	}
	if (fail_at == 0)
		return false;
	count++;
	if (count == fail_at || (fail_after && count > fail_at)) {
		errno = ENOMEM;
		return true;
	}
	return false;
}

void *__wrap_malloc(size_t size) { return fail_now() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *pointer, size_t size) { return fail_now() ? NULL : __real_realloc(pointer, size); }

void *__wrap_mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset)
{
	return fail_now() ? MAP_FAILED : __real_mmap(address, length, protection, flags, fd, offset);
}
#else
typedef int pirqsim_alloc_failures_off; /* ISO C: no empty translation unit */
#endif
