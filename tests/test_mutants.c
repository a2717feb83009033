/*
 * test_mutants.c - the mutant grid: can a plausible modelling mistake make
 * a reduced search lie?
 *
 * Linked with libpirqsim_mutants (the library compiled with
 * -DPIRQSIM_MUTANTS; src/model/mutants.h).  For every mutant (and the model
 * as it is) and every scenario of the grid, the search explores every state
 * unreduced and then with each reduction alone and with all of them, every
 * audit on (src/search/audit.h).  It requires:
 *
 *  - the model as it is: every reduced search violates exactly what the
 *    unreduced one does, and no audit flags anything;
 *  - every mutant: wherever a reduced search misses a property the
 *    unreduced search violates, an audit flags that run; every mutant has
 *    an effect somewhere in the grid (it bites or an audit flags it), and
 *    the audits it is listed with below flag it somewhere;
 *  - pirqsim_check with the default reductions never answers "violated"
 *    with a trail that replays clean: that is a model error (exit 2).
 *
 * Prints one line per (mutant, scenario) and "N passed, M failed" last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "model/model.h"
#include "model/mutants.h"
#include "pirqsim.h"

#include "reduction_variants.h"

struct scenario {
	const char *name;
	const char *kernel, *driver;
	unsigned count, vectors;
	int extra_guest_irqs;      /* 0: Xen's default */
	const char *fault;         /* NULL: none */
	const char *driver2;       /* a second kind of device, or NULL */
	unsigned count2, vectors2;
	const char *qemu, *xen;    /* NULL: 2.8 and 4.8 */
	bool emulated2;            /* the second kind are QEMU's emulated devices */
};

/* Interleavings where mistakes bite: three devices, disable and re-enable
 * (every NVMe probe, a NIC going down and up), a pirq budget that fits
 * exactly, two kinds of device, a fault path, emulated devices beside a
 * passed-through one. */
static const struct scenario grid[] = {
	{"2 nvme x1, exact budget", "4.11", "nvme", 2, 1, 2, NULL, NULL, 0, 0, NULL, NULL, false},
	{"3 nvme x1, exact budget", "4.11", "nvme", 3, 1, 3, NULL, NULL, 0, 0, NULL, NULL, false},
	{"3 nvme x1", "4.10", "nvme", 3, 1, 0, NULL, NULL, 0, 0, NULL, NULL, false},
	{"2 nvme x2", "4.10", "nvme", 2, 2, 0, NULL, NULL, 0, 0, NULL, NULL, false},
	{"3 nic x1 down/up", "4.11", "nic", 3, 1, 0, NULL, NULL, 0, 0, NULL, NULL, false},
	{"2 nic x2 down/up, exact budget", "4.11", "nic", 2, 2, 4, NULL, NULL, 0, 0, NULL, NULL, false},
	{"2 nvme x2 + 1 single x1", "4.11", "nvme", 2, 2, 0, NULL, "single", 1, 1, NULL, NULL, false},
	{"2 nvme x1, bind-pirq-enospc", "4.11", "nvme", 2, 1, 0, "bind-pirq-enospc", NULL, 0, 0, NULL, NULL, false},
	{"2 nic x1 down/up, bind-pirq-enospc", "4.11", "nic", 2, 1, 0, "bind-pirq-enospc", NULL, 0, 0, NULL, NULL, false},
	/* The PCI core's fallback: fewer vectors, MSI, INTx, and the pirqs
	 * each failed attempt leaves reserved. */
	{"2 nvme x2, 3 pirqs: fallback", "4.11", "nvme", 2, 2, 3, NULL, NULL, 0, 0, NULL, NULL, false},
	{"2 nvme x1, 1 pirq: degraded", "4.11", "nvme", 2, 1, 1, NULL, NULL, 0, 0, NULL, NULL, false},
	/* A device model that keeps pirqs on disable: the next bind fails and
	 * QEMU unmaps the still-bound old pirq, which Xen force-unbinds. */
	{"2 nvme x1, QEMU 2.0: forced unbind", "4.11", "nvme", 2, 1, 0, NULL, NULL, 0, 0, "2.0", "4.4", false},
	/* Emulated devices beside a passed-through one. */
	{"1 nvme x1 + 2 emulated nvme x1", "4.11", "nvme", 1, 1, 0, NULL, "nvme", 2, 1, NULL, NULL, true},
	/* Faults on every device (issue 17): symmetry and partial-order
	 * reduction stay on and must keep every verdict. */
	{"2 nvme x2, hot-unplug", "4.11", "nvme", 2, 2, 0, "hot-unplug", NULL, 0, 0, NULL, NULL, false},
	{"2 nvme x1 + 1 nic x1, hot-unplug", "4.10", "nvme", 2, 1, 0, "hot-unplug", "nic", 1, 1, NULL, NULL, false},
	{"2 nvme x1, reload", "4.11", "nvme", 2, 1, 0, "reload", NULL, 0, 0, NULL, NULL, false},
};
#define GRID (sizeof(grid) / sizeof(grid[0]))


/* The audits (enum check_audit bits) that must flag each mutant somewhere
 * in the grid: those whose bug is in a reduction's bookkeeping or
 * assumption.  0: a plain rule bug, which every reduction must keep. */
static const unsigned expected_audits[MUTANT_COUNT] = {
	[MUTANT_SKIP_LOWEST_PIRQ] = 1u << CHECK_AUDIT_RENUMBER,
	[MUTANT_COUNT_RESERVED] = 1u << CHECK_AUDIT_COMMUTATION,
	[MUTANT_PEEK_NEIGHBOUR] = 1u << CHECK_AUDIT_READS,
	[MUTANT_DEVICE_INDEX] = 1u << CHECK_AUDIT_SYMMETRY,
	[MUTANT_SHADOW_READ] = 1u << CHECK_AUDIT_DEAD,
	[MUTANT_FAULT_DEVICE_INDEX] = 1u << CHECK_AUDIT_SYMMETRY,
	[MUTANT_FAULT_PEEK] = 1u << CHECK_AUDIT_READS,
	[MUTANT_UNBIND_KEEPS_DPCI] = 1u << CHECK_AUDIT_FOOTPRINT,
	[MUTANT_TOP_PIRQ_REFUSED] = 1u << CHECK_AUDIT_POOL,
};

static const char *const audit_names[CHECK_AUDIT_COUNT] = {
	"footprint", "frees", "dead", "symmetry", "renumber", "reads", "commutation", "pool",
};

static void audit_list(unsigned bits, char *out, size_t size)
{
	out[0] = '\0';
	for (unsigned i = 0; i < CHECK_AUDIT_COUNT; i++)
		if (bits & (1u << i))
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? "," : "", audit_names[i]);
	if (!out[0])
		snprintf(out, size, "-");
}

static pirqsim_model *model_of(const struct scenario *s)
{
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_spec *spec = pirqsim_spec_new();
	int rc = pirqsim_spec_set_version(spec, "kernel", s->kernel, error) |
	         pirqsim_spec_set_version(spec, "qemu", s->qemu ? s->qemu : "2.8", error) |
	         pirqsim_spec_set_version(spec, "xen", s->xen ? s->xen : "4.8", error) |
	         pirqsim_spec_add_devices(spec, s->driver, s->count, s->vectors, "msix", error);
	if (s->driver2 && s->emulated2)
		rc |= pirqsim_spec_add_emulated_devices(spec, s->driver2, s->count2, s->vectors2, "msix", error);
	else if (s->driver2)
		rc |= pirqsim_spec_add_devices(spec, s->driver2, s->count2, s->vectors2, "msix", error);
	if (s->extra_guest_irqs)
		rc |= pirqsim_spec_set_host(spec, "extra-guest-irqs", s->extra_guest_irqs, error);
	if (s->fault)
		rc |= pirqsim_spec_add_fault(spec, s->fault, error);
	pirqsim_model *model = rc == 0 ? pirqsim_model_new(spec, error) : NULL;
	if (!model)
		printf("FAIL %s: %s\n", s->name, pirqsim_error_text(error));
	pirqsim_spec_free(spec);
	pirqsim_error_free(error);
	/* vectors-granted too, as pirqsim_check's second search sees it:
	 * the reductions must keep degraded states as well. */
	pirqsim_model *degraded = model ? model_checking_degraded(model) : NULL;
	pirqsim_model_free(model);
	return degraded;
}

static void ignore(const uint8_t *packed, unsigned size, void *data) { (void)packed, (void)size, (void)data; }

struct run {
	unsigned mask, flagged;
	uint64_t stored;
	bool finished;
};

static struct run explore(const pirqsim_model *model, unsigned reductions)
{
	struct check_hooks hooks = {.quiescent = ignore, .audit = reductions != 0};
	uint64_t stored;
	int rc = check_explore_all(model, reductions, &hooks, &stored);
	return (struct run){.mask = hooks.violated_mask, .flagged = hooks.audit_flagged, .stored = stored,
	                    .finished = rc == 0};
}

/* The default check must not answer "violated" with nothing to show (a
 * trail that replays clean is a model error), nor "holds" where the
 * unreduced search finds a violation unless the audits flag the run. */
static const char *check_verdict(const pirqsim_model *model, bool *honest)
{
	struct pirqsim_check_options o;
	pirqsim_check_options_init(&o);
	o.threads = 1;
	pirqsim_result *r = pirqsim_check(model, &o);
	enum pirqsim_verdict v = r ? pirqsim_result_verdict(r) : PIRQSIM_INPUT_ERROR;
	*honest = r && !(v == PIRQSIM_VIOLATED && pirqsim_result_violation_count(r) == 0);
	pirqsim_result_free(r);
	return v == PIRQSIM_HOLDS ? "holds" : v == PIRQSIM_VIOLATED ? "violated" : v == PIRQSIM_INCONCLUSIVE ? "inconclusive"
	                                                                          : "model error";
}

/* --quick (the sanitizer build): the model as it is on every scenario of
 * the grid, every reduction and audit, but no mutant: the sanitizers look
 * for memory and undefined-behaviour errors on the same code paths, and the
 * normal build runs the whole grid. */
int main(int argc, char **argv)
{
	bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
	unsigned passed = 0, failed = 0;
	pirqsim_model *models[GRID];
	for (size_t g = 0; g < GRID; g++)
		models[g] = model_of(&grid[g]);
	for (unsigned m = 0; m < (quick ? 1u : (unsigned)MUTANT_COUNT); m++) {
		pirqsim_mutant = (enum mutant)m;
		bool effect = false;
		unsigned flagged_anywhere = 0;
		for (size_t g = 0; g < GRID; g++) {
			if (!models[g]) {
				failed++;
				continue;
			}
			struct run base = explore(models[g], 0), reduced[VARIANTS];
			bool ok = base.finished, lied = false;
			unsigned flagged = 0;
			for (unsigned k = 1; k < VARIANTS; k++) {
				if (!variant[k].single)
					continue;
				reduced[k] = explore(models[g], variant[k].reductions);
				ok = ok && reduced[k].finished;
				flagged |= reduced[k].flagged;
				bool missed = reduced[k].mask != base.mask;
				lied = lied || missed;
				if (missed && !reduced[k].flagged)
					ok = false; /* a reduction lied and no audit saw it */
			}
			if (m == MUTANT_NONE)
				ok = ok && !lied && flagged == 0;
			bool honest;
			const char *verdict = check_verdict(models[g], &honest);
			ok = ok && honest && !(strcmp(verdict, "holds") == 0 && base.mask != 0 && !reduced[VARIANTS - 1].flagged);
			flagged_anywhere |= flagged;
			effect = effect || flagged != 0;
			char audits[96];
			audit_list(flagged, audits, sizeof(audits));
			printf("%s mutant %-18s %-32s violations %#x; reductions %s; audits flagged: %s; check: %s%s\n",
			       ok ? "ok  " : "FAIL", mutant_name((enum mutant)m), grid[g].name, base.mask,
			       lied ? "missed some" : "found all", audits, verdict,
			       honest ? "" : " with a clean trail");
			passed += ok;
			failed += !ok;
			/* Biting: the unreduced verdicts differ from the model's own. */
			if (m != MUTANT_NONE) {
				pirqsim_mutant = MUTANT_NONE;
				struct run plain = explore(models[g], 0);
				pirqsim_mutant = (enum mutant)m;
				effect = effect || plain.mask != base.mask || plain.stored != base.stored;
			}
		}
		if (m == MUTANT_NONE)
			continue;
		char want[96], got[96];
		audit_list(expected_audits[m], want, sizeof(want));
		audit_list(flagged_anywhere, got, sizeof(got));
		bool ok = effect && (flagged_anywhere & expected_audits[m]) == expected_audits[m];
		printf("%s mutant %-18s %s; expected audits %s, flagged %s\n", ok ? "ok  " : "FAIL",
		       mutant_name((enum mutant)m), effect ? "has an effect" : "has NO effect on the grid", want, got);
		passed += ok;
		failed += !ok;
	}
	for (size_t g = 0; g < GRID; g++)
		pirqsim_model_free(models[g]);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
