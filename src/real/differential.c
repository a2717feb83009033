/*
 * differential.c - real code against the model's rule (differential.h).
 *
 * Both runs reach QEMU and Xen through the same recording boundary: a copy
 * of model_boundary whose guest -> Xen and guest -> device tables note
 * each call (kind, arguments, result) before passing it on.  The printed
 * lines come from each run's event sink.  Whatever is recorded goes to
 * the current target list (the real step's, or the model actor's queue).
 */
#define XXH_INLINE_ALL
#include "real/differential.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "model/boundary.h"
#include "model/next_state.h"
#include "model/wiring.h"

enum diff_kind {
	DK_PHYSDEV = 1, DK_EVTCHN, DK_MSIX_WRITE, DK_MSIX_READ, DK_MSIX_VCTRL, DK_MSIX_CONTROL, DK_MSI_WRITE,
	DK_MSI_READ, DK_MSI_CONTROL, DK_LINE,
};

#define REAL_RECORDS_MAX 64

struct differential {
	struct config real_cfg, model_cfg;
	/* Recording: where the next record goes. */
	struct diff_rec *target;
	unsigned *target_count, target_cap;
	bool overflow;
	unsigned actor;
	/* The real step's records and the texts of lines, for messages. */
	struct diff_rec real[REAL_RECORDS_MAX];
	unsigned real_count;
	char real_text[REAL_RECORDS_MAX][DIFF_TEXT_MAX];
	char model_text[DIFF_TEXT_MAX];
	char last_text[DIFF_TEXT_MAX];
};

/* One differential at a time: the recording tables have no data pointer. */
static struct differential *recording;

static void note(uint8_t kind, int a0, int a1, int a2, int a3, int result, const char *text)
{
	struct differential *d = recording;
	if (!d || !d->target)
		return;
	if (*d->target_count >= d->target_cap) {
		d->overflow = true;
		return;
	}
	struct diff_rec *r = &d->target[(*d->target_count)++];
	*r = (struct diff_rec){.kind = kind, .actor = (uint8_t)d->actor, .arg = {(int16_t)a0, (int16_t)a1, (int16_t)a2,
	                       (int16_t)a3}, .result = result};
	if (text) {
		r->text_hash = XXH3_64bits(text, strlen(text));
		snprintf(d->last_text, sizeof(d->last_text), "%s", text);
		if (d->target == d->real && *d->target_count <= REAL_RECORDS_MAX)
			snprintf(d->real_text[*d->target_count - 1], DIFF_TEXT_MAX, "%s", text);
	}
}

/* ---- the recording boundary ------------------------------------------------ */

static int rec_physdev_op(struct ctx *c, int cmd, void *arg)
{
	int rc = model_boundary.guest_to_xen->physdev_op(c, cmd, arg);
	int a = 0;
	if (cmd == PHYSDEVOP_get_free_pirq)
		a = (int)((struct physdev_get_free_pirq *)arg)->pirq;
	else if (cmd == PHYSDEVOP_irq_status_query)
		a = (int)((struct physdev_irq_status_query *)arg)->irq;
	note(DK_PHYSDEV, cmd, a, 0, 0, rc, NULL);
	return rc;
}

static int rec_event_channel_op(struct ctx *c, int cmd, void *arg)
{
	int rc = model_boundary.guest_to_xen->event_channel_op(c, cmd, arg);
	if (cmd == EVTCHNOP_bind_pirq) {
		const struct evtchn_bind_pirq *b = arg;
		note(DK_EVTCHN, cmd, (int)b->pirq, (int)b->port, (int)b->flags, rc, NULL);
	} else if (cmd == EVTCHNOP_close) {
		note(DK_EVTCHN, cmd, (int)((struct evtchn_close *)arg)->port, 0, 0, rc, NULL);
	} else {
		note(DK_EVTCHN, cmd, 0, 0, 0, rc, NULL);
	}
	return rc;
}

static int msg_word(const struct msi_msg_model *m) { return m->gvec | (m->xen_format ? 0x100 : 0); }

static void rec_msix_write_msg(struct ctx *c, unsigned device, unsigned entry, const struct msi_msg_model *msg)
{
	model_boundary.guest_to_device->msix_write_msg(c, device, entry, msg);
	note(DK_MSIX_WRITE, (int)device, (int)entry, msg->pirq, msg_word(msg), 0, NULL);
}

static void rec_msix_read_msg(const struct ctx *c, unsigned device, unsigned entry, struct msi_msg_model *msg)
{
	model_boundary.guest_to_device->msix_read_msg(c, device, entry, msg);
	note(DK_MSIX_READ, (int)device, (int)entry, msg->pirq, msg_word(msg), 0, NULL);
}

static void rec_msix_write_vector_ctrl(struct ctx *c, unsigned device, unsigned entry, bool masked)
{
	model_boundary.guest_to_device->msix_write_vector_ctrl(c, device, entry, masked);
	note(DK_MSIX_VCTRL, (int)device, (int)entry, masked, 0, 0, NULL);
}

static void rec_msix_write_control(struct ctx *c, unsigned device, bool enable, bool maskall)
{
	model_boundary.guest_to_device->msix_write_control(c, device, enable, maskall);
	note(DK_MSIX_CONTROL, (int)device, enable, maskall, 0, 0, NULL);
}

static void rec_msi_write_msg(struct ctx *c, unsigned device, const struct msi_msg_model *msg)
{
	model_boundary.guest_to_device->msi_write_msg(c, device, msg);
	note(DK_MSI_WRITE, (int)device, 0, msg->pirq, msg_word(msg), 0, NULL);
}

static void rec_msi_read_msg(const struct ctx *c, unsigned device, struct msi_msg_model *msg)
{
	model_boundary.guest_to_device->msi_read_msg(c, device, msg);
	note(DK_MSI_READ, (int)device, 0, msg->pirq, msg_word(msg), 0, NULL);
}

static void rec_msi_write_control(struct ctx *c, unsigned device, bool enable)
{
	model_boundary.guest_to_device->msi_write_control(c, device, enable);
	note(DK_MSI_CONTROL, (int)device, enable, 0, 0, 0, NULL);
}

static const struct guest_to_xen rec_guest_to_xen = {
	.physdev_op = rec_physdev_op,
	.event_channel_op = rec_event_channel_op,
};

static struct guest_to_device rec_guest_to_device;
static struct boundary rec_boundary;

static void rec_sink(const struct pirqsim_event *e, void *data)
{
	(void)data;
	if (e->is_log)
		note(DK_LINE, 0, 0, 0, 0, 0, e->text);
}

pirqsim_event_fn differential_sink(void) { return rec_sink; }

/* ---- set-up ------------------------------------------------------------------ */

struct differential *differential_new(const struct config *cfg)
{
	struct differential *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	rec_guest_to_device = *model_boundary.guest_to_device;
	rec_guest_to_device.msix_write_msg = rec_msix_write_msg;
	rec_guest_to_device.msix_read_msg = rec_msix_read_msg;
	rec_guest_to_device.msix_write_vector_ctrl = rec_msix_write_vector_ctrl;
	rec_guest_to_device.msix_write_control = rec_msix_write_control;
	rec_guest_to_device.msi_write_msg = rec_msi_write_msg;
	rec_guest_to_device.msi_read_msg = rec_msi_read_msg;
	rec_guest_to_device.msi_write_control = rec_msi_write_control;
	rec_boundary = model_boundary;
	rec_boundary.guest_to_xen = &rec_guest_to_xen;
	rec_boundary.guest_to_device = &rec_guest_to_device;
	d->real_cfg = *cfg;
	d->real_cfg.boundary = &rec_boundary;
	d->model_cfg = *cfg;
	d->model_cfg.boundary = &rec_boundary;
	d->model_cfg.guest = NULL;
	d->model_cfg.guest_data = NULL;
	recording = d;
	return d;
}

void differential_free(struct differential *d)
{
	if (recording == d)
		recording = NULL;
	free(d);
}

const struct config *differential_real_config(const struct differential *d) { return &d->real_cfg; }

void differential_init(struct differential *d, struct diff_state *s)
{
	memset(s, 0, sizeof(*s));
	world_init(&s->model, &d->model_cfg);
}

void differential_begin(struct differential *d, unsigned actor)
{
	d->real_count = 0;
	d->overflow = false;
	d->actor = actor;
	d->target = d->real;
	d->target_count = &d->real_count;
	d->target_cap = REAL_RECORDS_MAX;
}

/* ---- matching -------------------------------------------------------------- */

static void describe(const struct diff_rec *r, const char *text, char *out, size_t size)
{
	switch ((enum diff_kind)r->kind) {
	case DK_PHYSDEV:
		if (r->arg[0] == PHYSDEVOP_get_free_pirq)
			snprintf(out, size, "PHYSDEVOP_get_free_pirq -> pirq %d, rc %d", r->arg[1], r->result);
		else if (r->arg[0] == PHYSDEVOP_irq_status_query)
			snprintf(out, size, "PHYSDEVOP_irq_status_query(pirq %d), rc %d", r->arg[1], r->result);
		else
			snprintf(out, size, "physdev_op %d, rc %d", r->arg[0], r->result);
		return;
	case DK_EVTCHN:
		if (r->arg[0] == EVTCHNOP_bind_pirq)
			snprintf(out, size, "EVTCHNOP_bind_pirq(pirq %d, flags %d) -> port %d, rc %d", r->arg[1], r->arg[3],
			         r->arg[2], r->result);
		else if (r->arg[0] == EVTCHNOP_close)
			snprintf(out, size, "EVTCHNOP_close(port %d), rc %d", r->arg[1], r->result);
		else
			snprintf(out, size, "event_channel_op %d, rc %d", r->arg[0], r->result);
		return;
	case DK_MSIX_WRITE:
	case DK_MSIX_READ:
	case DK_MSI_WRITE:
	case DK_MSI_READ:
		snprintf(out, size, "%s of device %d entry %d: pirq %d, %s vector %#x",
		         r->kind == DK_MSIX_WRITE ? "MSI-X table write" : r->kind == DK_MSIX_READ ? "MSI-X table read"
		         : r->kind == DK_MSI_WRITE ? "MSI message write" : "MSI message read",
		         r->arg[0], r->arg[1], r->arg[2], r->arg[3] & 0x100 ? "Xen format," : "", r->arg[3] & 0xff);
		return;
	case DK_MSIX_VCTRL:
		snprintf(out, size, "MSI-X vector control of device %d entry %d: %s", r->arg[0], r->arg[1],
		         r->arg[2] ? "masked" : "unmasked");
		return;
	case DK_MSIX_CONTROL:
		snprintf(out, size, "MSI-X control of device %d: ENABLE %d MASKALL %d", r->arg[0], r->arg[1], r->arg[2]);
		return;
	case DK_MSI_CONTROL:
		snprintf(out, size, "MSI control of device %d: ENABLE %d", r->arg[0], r->arg[1]);
		return;
	case DK_LINE:
		snprintf(out, size, "prints \"%s\"", text ? text : "?");
		return;
	}
	snprintf(out, size, "?");
}

static bool same(const struct diff_rec *a, const struct diff_rec *b)
{
	return a->kind == b->kind && a->result == b->result && a->text_hash == b->text_hash &&
	       memcmp(a->arg, b->arg, sizeof(a->arg)) == 0;
}

/* One model step of `actor` on s->model, its records into the actor's
 * queue.  False when the actor cannot move or the model stopped. */
static bool model_step(struct differential *d, struct diff_state *s, unsigned actor, char *why, size_t why_size)
{
	if (!actor_enabled(&s->model, actor))
		return false;
	unsigned count = s->queued[actor];
	d->target = s->queue[actor];
	d->target_count = &count;
	d->target_cap = DIFF_QUEUE_MAX;
	d->actor = actor;
	struct ctx c = {.w = &s->model, .cfg = &d->model_cfg, .sink = rec_sink, .actor = -1};
	int rc = step(&c, actor);
	s->queued[actor] = (uint8_t)count;
	d->target = NULL;
	if (rc != 0) {
		snprintf(why, why_size, "the model's guest stopped: %s", c.unsupported ? c.unsupported : "?");
		return false;
	}
	return true;
}

static void pop(struct diff_state *s, unsigned actor)
{
	memmove(&s->queue[actor][0], &s->queue[actor][1], sizeof(s->queue[actor][0]) * (s->queued[actor] - 1u));
	s->queued[actor]--;
}

bool differential_match(struct differential *d, struct diff_state *s, unsigned actor, bool quiescent, char *why,
                        size_t why_size)
{
	char real_side[200], model_side[200];
	const char *name = d->model_cfg.device[actor].name;
	why[0] = '\0';
	d->target = NULL;
	if (d->overflow) {
		snprintf(why, why_size, "%s made more than %d calls in one step: the differential cannot follow", name,
		         REAL_RECORDS_MAX);
		return false;
	}
	for (unsigned i = 0; i < d->real_count; i++) {
		const struct diff_rec *r = &d->real[i];
		while (s->queued[actor] == 0 && model_step(d, s, actor, why, why_size))
			;
		if (why[0])
			return false;
		describe(r, d->real_text[i], real_side, sizeof(real_side));
		if (s->queued[actor] == 0) {
			snprintf(why, why_size, "%s: the real code %s; the model's guest has nothing more to do", name,
			         real_side);
			return false;
		}
		const struct diff_rec *m = &s->queue[actor][0];
		if (!same(r, m)) {
			describe(m, m->kind == DK_LINE ? "(a different line)" : NULL, model_side, sizeof(model_side));
			snprintf(why, why_size, "%s: the real code %s; the model %s", name, real_side, model_side);
			return false;
		}
		pop(s, actor);
	}
	if (!quiescent)
		return true;
	/* The real run is over: the model must be too, with nothing left. */
	for (unsigned a = 0; a < d->model_cfg.device_count; a++) {
		while (model_step(d, s, a, why, why_size))
			;
		if (why[0])
			return false;
		if (s->queued[a] > 0) {
			describe(&s->queue[a][0], "(a line)", model_side, sizeof(model_side));
			snprintf(why, why_size, "%s: the model %s; the real code never did", d->model_cfg.device[a].name,
			         model_side);
			return false;
		}
	}
	return true;
}
