/* A shim for tests/real/synthetic.c's extracted code: exactly the external
 * identifiers the extractor's report lists, so that the output compiles. */
#include <stddef.h>
#include <stdlib.h>
struct list_head { struct list_head *next, *prev; };
struct mutex { int locked; };
#define __init
#define __read_mostly
#define ENOENT 2
#define ENOMEM 12
#define GFP_KERNEL 0
#define DEFINE_MUTEX(n) struct mutex n
#define LIST_HEAD(n) struct list_head n = { &(n), &(n) }
#define DEFINE_PER_CPU(t, n) __typeof__(t) n
#define this_cpu_inc(x) ((x)++)
#define list_for_each_entry(p, h, m) \
	for (p = (void *)(h)->next; &p->m != (h); p = (void *)p->m.next)
static inline void *kzalloc(size_t n, int f) { (void)f; return calloc(1, n); }
static inline void kfree(const void *p) { free((void *)p); }
static inline void list_add_tail(struct list_head *n, struct list_head *h)
{ n->prev = h->prev; n->next = h; h->prev->next = n; h->prev = n; }
static inline void mutex_lock(struct mutex *m) { m->locked = 1; }
static inline void mutex_unlock(struct mutex *m) { m->locked = 0; }
#define pr_info(...) ((void)0)
static inline int slow_path(char c) { return c; }
struct widget;
struct widget_ops;
const struct widget_ops *widget_ops;
