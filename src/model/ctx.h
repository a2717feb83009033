/*
 * ctx.h - what every component rule receives: the world, the constant
 * configuration, and an optional event sink.  The sink is NULL in the
 * checker's hot path; EMIT() then costs one branch and formats nothing.
 */
#ifndef PIRQSIM_CTX_H
#define PIRQSIM_CTX_H

#include "pirqsim.h"
#include "model/world.h"

struct ctx {
	struct world *w;
	const struct config *cfg;
	pirqsim_event_fn sink;      /* NULL: no events */
	void *sink_data;
	unsigned step;              /* step number, for events */
	int actor;                  /* acting driver instance, -1 = none */
	/* Set by a rule that reached behaviour the model does not cover; the
	 * step then ends the run as a model error (never a silent guess). */
	const char *unsupported;
	/* Partial-order reduction: what this step touches (footprint.h), or NULL. */
	struct footprint *fp;
};

/*
 * How the real program prints a line: its component, level, prefix and
 * whether a stock build prints it (pirqsim_printed).  Sources:
 *   Linux   include/linux/printk.h, drivers/base/core.c (dev_printk:
 *           "<driver> <device>: "); drivers/xen/events/events_base.c
 *           pr_fmt "xen:" KBUILD_MODNAME ": "; NVMe's dev_warn on the
 *           controller device ("nvme nvme0: ").
 *   QEMU    hw/xen/xen_pt.h: XEN_PT_ERR "%s: Error: ", XEN_PT_WARN
 *           "%s: Warning: ", XEN_PT_LOG "%s: " (the last two only with
 *           XEN_PT_LOGGING_ENABLED), through xen_pt_log's "[%02x:%02x.%d] ";
 *           qemu-xen-traditional hw/pass-through.h PT_LOG "%s: ".
 *   Xen     xen/include/xen/lib.h (4.8): dprintk is printk(lvl "%s:%d: ")
 *           in debug builds and nothing otherwise; the console prefixes
 *           "(XEN) "; guest-level messages below XENLOG_WARNING are dropped
 *           at the default guest_loglvl (xen/drivers/char/console.c).
 */
enum log_kind {
	LK_PR_WARN_EVENTS = 0,  /* pr_warn in drivers/xen/events: "xen:events: " */
	LK_WARN_ONCE,           /* WARN_ONCE's message line (after the "WARNING:" header) */
	LK_DEV_ERR,             /* dev_err(&pdev->dev): "<driver> 0000:00:dd.f: " */
	LK_DEV_DBG,             /* dev_dbg(&pdev->dev): same, dynamic debug only */
	LK_NVME_WARN,           /* dev_warn(ctrl->device): "nvme nvmeN: " */
	LK_XEN_PT_ERR,          /* QEMU XEN_PT_ERR */
	LK_XEN_PT_WARN,         /* QEMU XEN_PT_WARN */
	LK_XEN_PT_LOG,          /* QEMU XEN_PT_LOG */
	LK_PT_LOG_TRAD,         /* qemu-xen-traditional PT_LOG */
	LK_XEN_DPRINTK,         /* Xen dprintk */
	LK_XEN_PRINTK_G_INFO,   /* Xen printk(XENLOG_G_INFO ...) */
	LK_DEVICE_NOTE,         /* the physical device has no log: pirqsim's note */
	LK_MODEL_NOTE,          /* pirqsim's note (an injected fault) in a component's lane */
	LK_COUNT
};

/* An operation: component, name, arguments, result (PIRQSIM_NO_RESULT if
 * none).  A log line: what the real program would print.  `device` is the
 * device a QEMU line is about (-1: the acting driver's); `where` is QEMU's
 * function name, or the source file of a Xen dprintk ("irq.c"; the real
 * prefix also has ":LINE", which differs between releases and is left
 * out), or NULL. */
void event_op(const struct ctx *c, enum pirqsim_component component, const char *operation,
              int result, const char *arguments_format, ...)
	__attribute__((format(printf, 5, 6)));
void event_log(const struct ctx *c, enum log_kind kind, int device, const char *where, const char *format, ...)
	__attribute__((format(printf, 5, 6)));

#define OP(c, ...) do { if ((c)->sink) event_op((c), __VA_ARGS__); } while (0)
/* Linux and driver lines (and notes): LOG(c, LK_DEV_DBG, "xen: msi bound to pirq=%d", pirq). */
#define LOG(c, kind, ...) do { if ((c)->sink) event_log((c), (kind), -1, NULL, __VA_ARGS__); } while (0)
/* QEMU lines: PT_LOG(c, LK_XEN_PT_ERR, device, "msi_msix_setup", "Mapping of ..."). */
#define PT_LOG(c, kind, device, func, ...) \
	do { if ((c)->sink) event_log((c), (kind), (int)(device), (func), __VA_ARGS__); } while (0)
/* Xen lines: XEN_LOG(c, LK_XEN_DPRINTK, "irq.c:1914", "dom%d: ..."). */
#define XEN_LOG(c, kind, where, ...) do { if ((c)->sink) event_log((c), (kind), -1, (where), __VA_ARGS__); } while (0)

#endif
