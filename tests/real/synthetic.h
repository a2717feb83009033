/* Synthetic header for tests/real_extract.sh (written for pirqsim; not real
 * kernel source).  Items an --extra-file contributes. */
#ifndef SYNTHETIC_H
#define SYNTHETIC_H

struct widget_ops {
	int (*poke)(struct widget *w, int how);
	void (*drop)(struct widget *w);
};

extern const struct widget_ops *widget_ops;

static inline int ops_poke(struct widget *w, int how)
{
	return widget_ops->poke(w, how);
}

#endif
