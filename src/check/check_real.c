/*
 * check_real.c - the public face of real code (pirqsim.h, "real guest
 * code"): load an object built from a Linux tree and plug it into a model
 * in place of the modelled guest (src/real/real.h); load one built from a
 * QEMU tree and make it the device model, under the real guest or the
 * modelled one (src/real/dm.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "model/model.h"
#include "real/real.h"
#include "search/search.h"

struct pirqsim_real {
	struct real_guest *g;
};

static int fail(pirqsim_error *error, const char *message)
{
	if (error) {
		error->file[0] = '\0';
		error->line = error->column = 0;
		snprintf(error->message, sizeof(error->message), "%s", message);
	}
	return -1;
}

pirqsim_real *pirqsim_real_load(const char *object, pirqsim_error *error)
{
	char err[512];
	pirqsim_real *r = calloc(1, sizeof(*r));
	if (!r) {
		fail(error, "out of memory");
		return NULL;
	}
	r->g = real_guest_load(object, err, sizeof(err));
	if (!r->g) {
		fail(error, err);
		free(r);
		return NULL;
	}
	return r;
}

void pirqsim_real_free(pirqsim_real *real)
{
	if (!real)
		return;
	real_guest_free(real->g);
	free(real);
}

const char *pirqsim_real_release(const pirqsim_real *real) { return real_guest_release(real->g); }

int pirqsim_model_use_real(pirqsim_model *model, pirqsim_real *real, pirqsim_error *error)
{
	char err[512];
	struct config *cfg = model_config_rw(model);
	if (real_guest_bind(real->g, cfg, err, sizeof(err)) != 0)
		return fail(error, err);
	cfg->guest = &real_guest_runtime;
	cfg->guest_data = real->g;
	return 0;
}

bool pirqsim_result_divergence(const pirqsim_result *result) { return result->divergence; }
double pirqsim_result_schedules(const pirqsim_result *result) { return result->real_schedules; }
uint64_t pirqsim_result_snapshot_bytes(const pirqsim_result *result) { return result->real_snapshot_bytes; }

/* ---- real QEMU ---------------------------------------------------------------- */

struct pirqsim_real_qemu {
	struct real_dm *dm;
	/* The guest of a model whose Linux stays modelled. */
	struct real_guest *modelled;
};

pirqsim_real_qemu *pirqsim_real_qemu_load(const char *object, pirqsim_error *error)
{
	char err[512];
	pirqsim_real_qemu *r = calloc(1, sizeof(*r));
	if (!r) {
		fail(error, "out of memory");
		return NULL;
	}
	r->dm = real_dm_load(object, err, sizeof(err));
	if (!r->dm) {
		fail(error, err);
		free(r);
		return NULL;
	}
	return r;
}

void pirqsim_real_qemu_free(pirqsim_real_qemu *real)
{
	if (!real)
		return;
	real_guest_free(real->modelled);
	real_dm_free(real->dm);
	free(real);
}

void pirqsim_real_qemu_differential(pirqsim_real_qemu *real, bool on) { real_dm_set_differential(real->dm, on); }

const char *pirqsim_real_qemu_release(const pirqsim_real_qemu *real) { return real_dm_release(real->dm); }

int pirqsim_model_use_real_qemu(pirqsim_model *model, pirqsim_real_qemu *real, pirqsim_error *error)
{
	char err[512];
	struct config *cfg = model_config_rw(model);
	if (cfg->guest && cfg->guest != &real_guest_runtime)
		return fail(error, "the model's guest is neither the modelled one nor a real Linux guest");
	if (real_dm_bind(real->dm, cfg, err, sizeof(err)) != 0)
		return fail(error, err);
	struct real_guest *g = cfg->guest ? cfg->guest_data : NULL;
	if (!g) {
		if (!real->modelled && !(real->modelled = real_guest_modelled(cfg, err, sizeof(err))))
			return fail(error, err);
		g = real->modelled;
		cfg->guest = &real_guest_runtime;
		cfg->guest_data = g;
	}
	if (real_guest_attach_dm(g, real->dm, err, sizeof(err)) != 0)
		return fail(error, err);
	return 0;
}
