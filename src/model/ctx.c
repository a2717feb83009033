/*
 * ctx.c - the events a component rule reports (ctx.h): an operation with
 * its arguments and result, or the line the real program would log.  They
 * reach the caller's sink; nothing here prints.
 */
#include "model/ctx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

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

void event_log(const struct ctx *c, enum pirqsim_component component, enum pirqsim_level level,
               const char *format, ...)
{
	char text[256];
	va_list ap;
	va_start(ap, format);
	vsnprintf(text, sizeof(text), format, ap);
	va_end(ap);
	struct pirqsim_event e = {.step = c->step, .actor = c->actor, .actor_name = actor_name(c),
	                          .component = component, .is_log = true, .level = level, .operation = "",
	                          .arguments = "", .result = PIRQSIM_NO_RESULT, .text = text};
	c->sink(&e, c->sink_data);
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

