/*
 * ctx.c - the events a component rule reports (ctx.h): an operation with
 * its arguments and result, or the line the real program would log.  They
 * reach the caller's sink; nothing here prints.
 */
#include "model/ctx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *actor_name(const struct ctx *c)
{
	return c->actor >= 0 ? c->cfg->device[c->actor].name : "";
}

void event_op(const struct ctx *c, enum pirqsim_component component, const char *operation, int result,
              const char *arguments_format, ...)
{
	char arguments[256];
	va_list ap;
	va_start(ap, arguments_format);
	vsnprintf(arguments, sizeof(arguments), arguments_format, ap);
	va_end(ap);
	struct pirqsim_event e = {.step = c->step, .actor = c->actor, .actor_name = actor_name(c),
	                          .component = component, .operation = operation, .arguments = arguments,
	                          .result = result, .text = ""};
	c->sink(&e, c->sink_data);
}

static const struct {
	enum pirqsim_component component;
	enum pirqsim_level level;
	enum pirqsim_printed printed;
} log_kinds[LK_COUNT] = {
	[LK_PR_WARN_EVENTS] = {PIRQSIM_LINUX, PIRQSIM_WARNING, PIRQSIM_PRINTED},
	[LK_WARN_ONCE] = {PIRQSIM_LINUX, PIRQSIM_WARNING, PIRQSIM_PRINTED},
	[LK_DEV_ERR] = {PIRQSIM_LINUX, PIRQSIM_ERROR, PIRQSIM_PRINTED},
	[LK_DEV_DBG] = {PIRQSIM_LINUX, PIRQSIM_DEBUG, PIRQSIM_PRINTED_DYNAMIC_DEBUG},
	[LK_NVME_WARN] = {PIRQSIM_DRIVER, PIRQSIM_WARNING, PIRQSIM_PRINTED},
	[LK_XEN_PT_ERR] = {PIRQSIM_QEMU, PIRQSIM_ERROR, PIRQSIM_PRINTED},
	[LK_XEN_PT_WARN] = {PIRQSIM_QEMU, PIRQSIM_WARNING, PIRQSIM_PRINTED_PT_LOGGING},
	[LK_XEN_PT_LOG] = {PIRQSIM_QEMU, PIRQSIM_DEBUG, PIRQSIM_PRINTED_PT_LOGGING},
	[LK_PT_LOG_TRAD] = {PIRQSIM_QEMU, PIRQSIM_INFO, PIRQSIM_PRINTED},
	[LK_XEN_DPRINTK] = {PIRQSIM_XEN, PIRQSIM_DEBUG, PIRQSIM_PRINTED_XEN_DEBUG},
	[LK_XEN_PRINTK_G_INFO] = {PIRQSIM_XEN, PIRQSIM_INFO, PIRQSIM_PRINTED_XEN_LOGLVL},
	[LK_DEVICE_NOTE] = {PIRQSIM_DEVICE, PIRQSIM_WARNING, PIRQSIM_PRINTED_NEVER},
	[LK_MODEL_NOTE] = {PIRQSIM_XEN, PIRQSIM_DEBUG, PIRQSIM_PRINTED_NEVER},
};

/* The real prefix of a line of `kind` (ctx.h). */
static void log_prefix(const struct ctx *c, enum log_kind kind, int device, const char *where, char *out,
                       size_t size)
{
	if (device < 0)
		device = c->actor >= 0 && (unsigned)c->actor < c->cfg->device_count ? c->actor : 0;
	const struct device_spec *d = &c->cfg->device[device];
	int devfn = pirqsim_devfn((unsigned)device);
	switch (kind) {
	case LK_PR_WARN_EVENTS: snprintf(out, size, "xen:events: "); return;
	case LK_DEV_ERR:
	case LK_DEV_DBG:
		snprintf(out, size, "%s 0000:00:%02x.%d: ", driver_kind_name((enum driver_kind)d->driver), devfn >> 3,
		         devfn & 7);
		return;
	case LK_NVME_WARN: snprintf(out, size, "nvme %s: ", d->name); return;
	case LK_XEN_PT_ERR:
	case LK_XEN_PT_WARN:
	case LK_XEN_PT_LOG:
		snprintf(out, size, "[00:%02x.%d] %s: %s", devfn >> 3, devfn & 7, where ? where : "?",
		         kind == LK_XEN_PT_ERR ? "Error: " : kind == LK_XEN_PT_WARN ? "Warning: " : "");
		return;
	case LK_PT_LOG_TRAD: snprintf(out, size, "%s: ", where ? where : "?"); return;
	case LK_XEN_DPRINTK: snprintf(out, size, "(XEN) %s: ", where ? where : "?"); return;
	case LK_XEN_PRINTK_G_INFO: snprintf(out, size, "(XEN) "); return;
	case LK_WARN_ONCE:
	case LK_DEVICE_NOTE:
	case LK_MODEL_NOTE:
	case LK_COUNT: break;
	}
	out[0] = '\0';
}

void event_log(const struct ctx *c, enum log_kind kind, int device, const char *where, const char *format, ...)
{
	char text[320];
	log_prefix(c, kind, device, where, text, 64);
	size_t used = strlen(text);
	va_list ap;
	va_start(ap, format);
	vsnprintf(text + used, sizeof(text) - used, format, ap);
	va_end(ap);
	struct pirqsim_event e = {.step = c->step, .actor = c->actor, .actor_name = actor_name(c),
	                          .component = log_kinds[kind].component, .is_log = true, .level = log_kinds[kind].level,
	                          .operation = "", .arguments = "", .result = PIRQSIM_NO_RESULT, .text = text,
	                          .printed = log_kinds[kind].printed};
	c->sink(&e, c->sink_data);
}

const char *pirqsim_printed_name(enum pirqsim_printed printed)
{
	static const char *const names[PIRQSIM_PRINTED_COUNT] = {
		"stock", "dynamic debug", "XEN_PT_LOGGING_ENABLED", "Xen debug build", "guest_loglvl=info", "model note",
	};
	return printed < PIRQSIM_PRINTED_COUNT ? names[printed] : "?";
}

const char *pirqsim_component_name(enum pirqsim_component component)
{
	static const char *const names[PIRQSIM_COMPONENT_COUNT] = {"linux", "qemu", "xen", "device", "driver", "checker"};
	return component < PIRQSIM_COMPONENT_COUNT ? names[component] : "?";
}

const char *pirqsim_errno_name(int value)
{
	switch (-value) {
	case EPERM: return "-EPERM";
	case ENOENT: return "-ENOENT";
	case ESRCH: return "-ESRCH";
	case EINTR: return "-EINTR";
	case ENODEV: return "-ENODEV";
	case EEXIST: return "-EEXIST";
	case EINVAL: return "-EINVAL";
	case ENOSPC: return "-ENOSPC";
	case EBUSY: return "-EBUSY";
	case ENOSYS: return "-ENOSYS";
	case ENOMEM: return "-ENOMEM";
	case ETIMEDOUT: return "-ETIMEDOUT";
	default: return NULL;
	}
}

