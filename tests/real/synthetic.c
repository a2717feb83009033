// SPDX-License-Identifier: MIT
/* Synthetic C file for tests/real_extract.sh: shaped like kernel code (top-level
 * macro definitions, attributes, conditionals, nested aggregates) but written
 * for pirqsim's tests; no real source. */
#include <linux/kernel.h>
#include "synthetic.h"

#define WIDGET_MAX 8
#define WIDGET_FLAGS(x) \
	((x) << 2 |	\
	 WIDGET_MAX)
#define UNUSED_MACRO 1

enum widget_state { W_IDLE, W_BUSY = 3, W_DEAD };

struct widget {
	int id;
	enum widget_state state;
	union {
		unsigned short port;
		struct { int gsi; char tag; } line;
	} u;
	struct list_head node;
	void (*cb)(struct widget *self, int arg);
};

typedef struct gadget { int g; } gadget_t;

static DEFINE_MUTEX(widget_lock);
static LIST_HEAD(widget_list);
static DEFINE_PER_CPU(int [WIDGET_MAX], widget_count) = { -1 };
static int widget_next __read_mostly = 1;
static const char *const widget_names[] = { "idle {", "busy }", NULL };
static struct widget *widget_table[WIDGET_MAX], *widget_spare;
static int (*widget_hook)(int);

static int helper_unused(void) { return 0; }

#ifdef CONFIG_WIDGET_FAST
static int widget_speed(void) { return fast_path(); }
#else
static int widget_speed(void) { return slow_path('}'); }
#endif

#if defined(CONFIG_X86) && !defined(CONFIG_WIDGET_FAST)
static int arch_bits = 64;
#elif IS_ENABLED(CONFIG_ARM)
static int arch_bits = 32;
#endif

static struct widget *widget_find(int id)
{
	struct widget *w;

	list_for_each_entry(w, &widget_list, node) {
		if (w->id == id)
			return w;
	}
	return NULL;
}

static int __init widget_alloc(int id, gadget_t *g)
{
	struct widget *w = kzalloc(sizeof(*w), GFP_KERNEL);
	int i, n = WIDGET_FLAGS(id);

	if (!w)
		goto fail;
	for (i = 0; i < n; i++)
		w->u.line.gsi += i + g->g;
	mutex_lock(&widget_lock);
	list_add_tail(&w->node, &widget_list);
	this_cpu_inc(widget_count[0]);
	mutex_unlock(&widget_lock);
	pr_info("widget %d: %s\n", id, widget_names[0]);
	return arch_bits + widget_speed();
fail:
	return -ENOMEM;
}
EXPORT_SYMBOL_GPL(widget_alloc);

int widget_poke(int id)
{
	struct widget *w = widget_find(id);

	if (!w)
		return -ENOENT;
	w->state = W_BUSY;
	return ops_poke(w, widget_next) + (widget_hook ? widget_hook(id) : 0);
}

static void widget_free_all(void)
{
	int k;

	for (k = 0; k < WIDGET_MAX; k++)
		kfree(widget_table[k]);
	kfree(widget_spare);
}
module_param(widget_next, int, 0644);
