/*
 * model.c - from a scenario spec to a run's configuration (version
 * resolution, G-PIRQMODE, driver programs), the public spec/model API, and
 * the event helpers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/faults.h"
#include "model/drivers.h"
#include "model/wiring.h"
#include "versions/versions.h"

struct pirqsim_model {
	struct config cfg;
	struct scenario_spec spec;
	const struct version_row *row[COMPONENT_COUNT];
	bool qemu_bundled; /* no qemu given, a xen given: the device model it bundles */
};

/* ---- errors ------------------------------------------------------------- */

pirqsim_error *pirqsim_error_new(void) { return calloc(1, sizeof(struct pirqsim_error)); }
void pirqsim_error_free(pirqsim_error *error) { free(error); }

const char *pirqsim_error_text(pirqsim_error *e)
{
	if (e->file[0] && e->line)
		snprintf(e->text, sizeof(e->text), "%s:%u:%u: %s", e->file, e->line, e->column, e->message);
	else if (e->file[0])
		snprintf(e->text, sizeof(e->text), "%s: %s", e->file, e->message);
	else
		snprintf(e->text, sizeof(e->text), "%s", e->message);
	return e->text;
}

static int fail(struct pirqsim_error *e, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct pirqsim_error *e, const char *format, ...)
{
	if (!e)
		return -1;
	memset(e, 0, sizeof(*e));
	va_list ap;
	va_start(ap, format);
	vsnprintf(e->message, sizeof(e->message), format, ap);
	va_end(ap);
	return -1;
}

/* ---- specs --------------------------------------------------------------- */

pirqsim_spec *pirqsim_spec_new(void)
{
	struct scenario_spec *spec = malloc(sizeof(*spec));
	if (spec)
		scenario_spec_init(spec);
	return spec;
}

void pirqsim_spec_free(pirqsim_spec *spec) { free(spec); }

int pirqsim_spec_builtin(pirqsim_spec *spec, const char *name, pirqsim_error *error)
{
	if (scenario_builtin(name, spec) == 0)
		return 0;
	char list[512] = "";
	for (unsigned i = 0; i < scenario_builtin_count(); i++) {
		strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, scenario_builtin_name(i), sizeof(list) - strlen(list) - 1);
	}
	return fail(error, "unknown scenario '%s'; built-in scenarios: %s (or give a .yaml/.json file)", name, list);
}

int pirqsim_spec_set_version(pirqsim_spec *spec, const char *component, const char *version, pirqsim_error *error)
{
	char *field = strcmp(component, "kernel") == 0 ? spec->kernel
	            : strcmp(component, "qemu") == 0   ? spec->qemu
	            : strcmp(component, "xen") == 0    ? spec->xen : NULL;
	if (!field)
		return fail(error, "unknown component '%s'; valid: kernel, qemu, xen", component);
	if (!version) {
		field[0] = '\0'; /* unset: the default, for qemu the one the Xen release bundles */
		return 0;
	}
	if (!version[0])
		return fail(error, "the %s release is empty; give one (e.g. %s), or leave the option out for the default",
		            component, field == spec->kernel ? "4.11" : field == spec->qemu ? "2.8" : "4.8");
	if (strlen(version) >= PIRQSIM_VERSION_MAX)
		return fail(error, "%s version '%.20s...' is too long", component, version);
	snprintf(field, PIRQSIM_VERSION_MAX, "%s", version);
	struct spec_pos *pos = field == spec->kernel ? &spec->kernel_pos : field == spec->qemu ? &spec->qemu_pos : &spec->xen_pos;
	pos->line = pos->column = 0;
	return 0;
}

int pirqsim_spec_set_knob(pirqsim_spec *spec, const char *knob, const char *value, pirqsim_error *error)
{
	int id = knob_by_name(knob);
	if (id < 0) {
		char list[600] = "";
		for (int k = 0; k < KNOB_COUNT; k++) {
			strncat(list, k ? ", " : "", sizeof(list) - strlen(list) - 1);
			strncat(list, knob_info((enum knob_id)k)->name, sizeof(list) - strlen(list) - 1);
		}
		return fail(error, "unknown knob '%s'; valid knobs: %s", knob, list);
	}
	int v = knob_value_by_name((enum knob_id)id, value);
	if (v < 0) {
		const struct knob_info *info = knob_info((enum knob_id)id);
		char list[200] = "";
		for (unsigned i = 0; i < info->value_count; i++) {
			strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
			strncat(list, info->values[i], sizeof(list) - strlen(list) - 1);
		}
		return fail(error, "unknown value '%s' for knob %s; valid values: %s", value, knob, list);
	}
	spec->knob[id] = (int16_t)v;
	return 0;
}

static const char *name_prefix(enum driver_kind kind)
{
	return kind == DRIVER_NVME ? "nvme" : kind == DRIVER_NIC ? "eth" : "dev";
}

int pirqsim_spec_add_devices(pirqsim_spec *spec, const char *driver, unsigned count, unsigned vectors,
                             const char *type, pirqsim_error *error)
{
	int kind = driver_kind_by_name(driver);
	if (kind < 0)
		return fail(error, "unknown driver '%s'; valid drivers: nvme, nic, single", driver);
	int vtype = vec_type_by_name(type ? type : "msix");
	if (vtype < 0)
		return fail(error, "unknown interrupt type '%s'; valid types: msix, msi", type);
	if (count < 1 || spec->device_count + count > PIRQSIM_DEVICES_MAX)
		return fail(error, "at most %d devices in all (asked for %u more than %u)", PIRQSIM_DEVICES_MAX, count,
		            spec->device_count);
	if (vectors < 1 || vectors > PIRQSIM_VECTORS_MAX)
		return fail(error, "vectors (I/O queues) must be from 1 to %d, got %u", PIRQSIM_VECTORS_MAX, vectors);
	unsigned same = 0;
	for (unsigned i = 0; i < spec->device_count; i++)
		same += spec->device[i].driver == kind;
	for (unsigned i = 0; i < count; i++) {
		struct device_spec *d = &spec->device[spec->device_count++];
		memset(d, 0, sizeof(*d));
		snprintf(d->name, sizeof(d->name), "%s%u", name_prefix((enum driver_kind)kind), same + i);
		d->driver = (uint8_t)kind;
		d->vec_type = (uint8_t)vtype;
		d->vectors = (uint16_t)vectors;
		d->cycles = 1;
	}
	return 0;
}

int pirqsim_spec_add_emulated_devices(pirqsim_spec *spec, const char *driver, unsigned count, unsigned vectors,
                                      const char *type, pirqsim_error *error)
{
	unsigned first = spec->device_count;
	if (pirqsim_spec_add_devices(spec, driver, count, vectors, type, error) != 0)
		return -1;
	for (unsigned i = first; i < spec->device_count; i++)
		spec->device[i].emulated = 1;
	return 0;
}

void pirqsim_spec_clear_devices(pirqsim_spec *spec) { spec->device_count = 0; }

int pirqsim_spec_add_fault(pirqsim_spec *spec, const char *name, pirqsim_error *error)
{
	char kind[64] = "", device[PIRQSIM_NAME_MAX] = "";
	const char *at = strchr(name, '@');
	size_t kind_length = at ? (size_t)(at - name) : strlen(name);
	char names[300];
	fault_names(names, sizeof(names));
	if (kind_length < sizeof(kind))
		memcpy(kind, name, kind_length);
	int k = kind_length < sizeof(kind) ? fault_by_name(kind) : -1;
	if (k < 0)
		return fail(error, "unknown fault '%.60s'; valid faults: %s (device faults take @DEVICE, e.g. flr@nvme1)", name,
		            names);
	if (at && (!fault_is_device_bound((enum fault_kind)k) || strlen(at + 1) == 0 || strlen(at + 1) >= sizeof(device) ||
	           strspn(at + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(at + 1)))
		return fail(error, "fault '%.60s': only device faults (flr, hot-unplug, reload, irq-during-setup) take "
		            "@DEVICE, with a device name of 1 to %zu characters from A-Z a-z 0-9 . _ -", name, sizeof(device) - 1);
	if (at)
		memcpy(device, at + 1, strlen(at + 1) + 1);
	for (unsigned i = 0; i < spec->fault_count; i++)
		if (spec->fault[i].kind == k && strcmp(spec->fault[i].device, device) == 0)
			return fail(error, "fault '%.60s' is listed twice", name);
	if (spec->fault_count >= PIRQSIM_FAULTS_MAX)
		return fail(error, "at most %d faults in a scenario", PIRQSIM_FAULTS_MAX);
	struct fault_spec *f = &spec->fault[spec->fault_count++];
	f->kind = (uint8_t)k;
	memcpy(f->device, device, sizeof(device));
	return 0;
}
unsigned pirqsim_spec_device_count(const pirqsim_spec *spec) { return spec->device_count; }
bool pirqsim_spec_is_trail(const pirqsim_spec *spec) { return spec->is_trail; }
const char *pirqsim_spec_real_guest(const pirqsim_spec *spec) { return spec->trail_real_guest; }

int pirqsim_spec_set_host(pirqsim_spec *spec, const char *setting, long value, pirqsim_error *error)
{
	if (strcmp(setting, "apicv") == 0 && (value == 0 || value == 1)) {
		spec->apicv = value;
	} else if (strcmp(setting, "hvm-pirq") == 0 && (value == 0 || value == 1)) {
		spec->hvm_pirq_set = true;
		spec->hvm_pirq = value;
	} else if (strcmp(setting, "extra-guest-irqs") == 0 && value >= 1 && value <= PIRQSIM_MSI_PIRQS_MAX) {
		spec->extra_guest_irqs = (int)value;
	} else if (strcmp(setting, "xen-irqs") == 0 && value >= 1 && value <= PIRQSIM_XEN_IRQS_MAX) {
		spec->xen_irqs = (int)value;
	} else if (strcmp(setting, "nr-irqs-gsi") == 0 && value >= 16 && value <= PIRQSIM_NR_IRQS_GSI_MAX) {
		spec->nr_irqs_gsi = (int)value;
	} else {
		return fail(error, "invalid host setting %s=%ld; valid: apicv=0|1, hvm-pirq=0|1, extra-guest-irqs=1..%d, "
		            "xen-irqs=1..%d, nr-irqs-gsi=16..%d", setting, value, PIRQSIM_MSI_PIRQS_MAX,
		            PIRQSIM_XEN_IRQS_MAX, PIRQSIM_NR_IRQS_GSI_MAX);
	}
	return 0;
}

unsigned pirqsim_builtin_count(void) { return scenario_builtin_count(); }
const char *pirqsim_builtin_name(unsigned i) { return scenario_builtin_name(i); }
const char *pirqsim_builtin_summary(unsigned i) { return scenario_builtin_summary(i); }

/* ---- models --------------------------------------------------------------- */

static const char *default_version(enum component c)
{
	return c == COMPONENT_KERNEL ? "4.11" : c == COMPONENT_QEMU ? "2.8" : "4.8";
}

/* Resolve one component's release; knobs it decides go into `k`. */
static int resolve(struct pirqsim_model *m, enum component comp, const char *version, const struct spec_pos *pos,
                   struct pirqsim_error *error)
{
	char err[600];
	const char *v = version[0] ? version : default_version(comp);
	const struct version_row *row = versions_resolve(comp, v, err, sizeof(err));
	if (!row) {
		fail(error, "%s", err);
		if (error && pos->line) {
			snprintf(error->file, sizeof(error->file), "%s", m->spec.file);
			error->line = pos->line;
			error->column = pos->column;
		}
		return -1;
	}
	m->row[comp] = row;
	snprintf(comp == COMPONENT_KERNEL ? m->cfg.kernel : comp == COMPONENT_QEMU ? m->cfg.qemu : m->cfg.xen,
	         PIRQSIM_VERSION_MAX, "%s", v);
	for (int k = 0; k < KNOB_COUNT; k++)
		if (row->knob[k] >= 0)
			knob_set(&m->cfg.knobs, (enum knob_id)k, (uint8_t)row->knob[k]);
	return 0;
}

/*
 * G-PIRQMODE (SPEC §3.1): the guest uses the pirq MSI ops when Xen exposes
 * XENFEAT_hvm_pirqs (HV-HVMPIRQ-DEFAULT, or hvm_pirq=1) and the kernel does
 * not opt out for APIC virtualisation (host has it, Xen >= 4.5 advertises it
 * in CPUID, the kernel honours it).  The vector callback is assumed in use.
 */
static bool pirq_mode(const struct scenario_spec *spec, const struct knobs *k)
{
	bool hvm_pirqs = spec->hvm_pirq_set ? spec->hvm_pirq : k->hv_hvm_pirq == HV_HVM_PIRQ_EXPOSED;
	bool opt_out = spec->apicv && k->hv_apicv_cpuid == HV_APICV_CPUID_YES && k->g_apicv_optout == G_APICV_OPTOUT_YES;
	return hvm_pirqs && !opt_out;
}

static int build_config(struct pirqsim_model *m, struct pirqsim_error *error)
{
	struct config *cfg = &m->cfg;
	const struct scenario_spec *spec = &m->spec;
	cfg->boundary = &model_boundary;
	for (int k = 0; k < KNOB_COUNT; k++)
		if (spec->knob[k] >= 0)
			knob_set(&cfg->knobs, (enum knob_id)k, (uint8_t)spec->knob[k]);
	cfg->pirq_mode = pirq_mode(spec, &cfg->knobs);
	cfg->nr_irqs_gsi = spec->nr_irqs_gsi > 0 ? spec->nr_irqs_gsi : PIRQSIM_NR_IRQS_GSI_DEFAULT;
	cfg->nr_msi_pirqs = spec->extra_guest_irqs > 0 ? spec->extra_guest_irqs : PIRQSIM_EXTRA_GUEST_IRQS_DEFAULT;
	cfg->xen_irqs_max = spec->xen_irqs > 0 ? spec->xen_irqs : PIRQSIM_XEN_IRQS_DEFAULT;
	if (spec->device_count == 0)
		return fail(error, "the scenario has no devices; add some (--nvme N, --nic N, --single N or devices: in a file)");
	cfg->device_count = spec->device_count;
	cfg->vectors_per_device = 1;
	for (unsigned d = 0; d < spec->device_count; d++) {
		cfg->device[d] = spec->device[d];
		/* An MSI-X device's MSI capability has a slot of its own
		 * (msi_entry), after its MSI-X table. */
		unsigned stride = cfg->device[d].vectors + (cfg->device[d].vec_type == VEC_MSIX);
		if (stride > cfg->vectors_per_device)
			cfg->vectors_per_device = stride;
	}
	cfg->slot_count = cfg->device_count * cfg->vectors_per_device;
	if (cfg->slot_count > PIRQSIM_SLOTS_MAX)
		return fail(error, "too many MSI(-X) vectors: %u devices x %u slots (the most vectors of a device, plus its "
		            "MSI capability) is %u; at most %d in all", cfg->device_count, cfg->vectors_per_device,
		            cfg->slot_count, PIRQSIM_SLOTS_MAX);
	/* A guest vector is named by its slot, 0x40 + slot (world.h), and
	 * travels in the data byte of an MSI message where the guest uses
	 * vectors rather than pirqs, or a device is emulated (QEMU injects its
	 * message): one byte names at most 192 slots. */
	if (cfg->slot_count > 0x100 - 0x40 && (!cfg->pirq_mode || config_has_emulated(cfg)))
		return fail(error, "%u MSI(-X) slots where guest vectors name them (%s): the model names at most %d "
		            "(one vector byte from 0x40); use fewer devices or vectors", cfg->slot_count,
		            config_has_emulated(cfg) ? "an emulated device" : "the guest does not use Xen pirqs",
		            0x100 - 0x40);
	for (unsigned d = 0; d < spec->device_count; d++) {
		char err[200];
		if (program_build(cfg, d, err, sizeof(err)) != 0)
			return fail(error, "%s", err);
	}
	char err[300];
	if (faults_configure(cfg, spec, err, sizeof(err)) != 0)
		return fail(error, "%s", err);
	return 0;
}

pirqsim_model *pirqsim_model_new(const pirqsim_spec *spec, pirqsim_error *error)
{
	struct pirqsim_model *m = calloc(1, sizeof(*m));
	if (!m) {
		fail(error, "out of memory");
		return NULL;
	}
	m->spec = *spec;
	if (versions_count() == 0) {
		fail(error, "version table: %s", versions_table_error());
		free(m);
		return NULL;
	}
	/* A Xen release without a device model gets the one that release
	 * bundles (libxl's default, the table's bundled-qemu), as the matrix
	 * does; with neither, the defaults (QEMU 2.8, Xen 4.8) stay. */
	const char *qemu = spec->qemu;
	if (resolve(m, COMPONENT_KERNEL, spec->kernel, &spec->kernel_pos, error) != 0 ||
	    resolve(m, COMPONENT_XEN, spec->xen, &spec->xen_pos, error) != 0) {
		free(m);
		return NULL;
	}
	if (!qemu[0] && spec->xen[0] && m->row[COMPONENT_XEN]->bundled_qemu[0]) {
		qemu = m->row[COMPONENT_XEN]->bundled_qemu;
		m->qemu_bundled = true;
	}
	if (resolve(m, COMPONENT_QEMU, qemu, &spec->qemu_pos, error) != 0 || build_config(m, error) != 0) {
		free(m);
		return NULL;
	}
	return m;
}

void pirqsim_model_free(pirqsim_model *model) { free(model); }
const struct config *model_config(const pirqsim_model *model) { return &model->cfg; }
struct config *model_config_rw(pirqsim_model *model) { return &model->cfg; }

pirqsim_model *model_checking_degraded(const pirqsim_model *model)
{
	pirqsim_model *copy = malloc(sizeof(*copy));
	if (!copy)
		return NULL;
	*copy = *model;
	copy->cfg.check_degraded = true;
	return copy;
}
const struct scenario_spec *model_spec(const pirqsim_model *model) { return &model->spec; }
unsigned pirqsim_model_state_bytes(const pirqsim_model *model) { return world_packed_size(&model->cfg); }
bool pirqsim_model_pirq_mode(const pirqsim_model *model) { return model->cfg.pirq_mode; }

/* " (row 4.9.18..4.10)" when the release lies inside its row rather than
 * on its first release, and " (..., bundled with Xen 4.4)" for a device
 * model taken from the Xen release; "" otherwise. */
static void describe_row(const struct pirqsim_model *m, enum component c, char *out, size_t size)
{
	const struct config *cfg = &m->cfg;
	const char *release = c == COMPONENT_KERNEL ? cfg->kernel : c == COMPONENT_QEMU ? cfg->qemu : cfg->xen;
	const struct version_row *row = m->row[c];
	char range[120] = "", series[64];
	if (versions_compare(c, release, row->from) != 0) {
		versions_known_series(row, series, sizeof(series));
		snprintf(range, sizeof(range), "row %s..%s", row->from, row->until[0] ? row->until : series);
	}
	bool bundled = c == COMPONENT_QEMU && m->qemu_bundled;
	if (!range[0] && !bundled)
		out[0] = '\0';
	else
		snprintf(out, size, " (%s%s%s%s)", range, range[0] && bundled ? "; " : "", bundled ? "bundled with Xen " : "",
		         bundled ? cfg->xen : "");
}

size_t pirqsim_model_describe(const pirqsim_model *m, char *out, size_t size)
{
	const struct config *cfg = &m->cfg;
	char row[COMPONENT_COUNT][160];
	for (int c = 0; c < COMPONENT_COUNT; c++)
		describe_row(m, (enum component)c, row[c], sizeof(row[c]));
	size_t n = (size_t)snprintf(out, size, "Linux %s [%s]%s, QEMU %s [%s]%s, Xen %s [%s]%s\n", cfg->kernel,
	                            m->row[0]->label, row[0], cfg->qemu, m->row[1]->label, row[1], cfg->xen,
	                            m->row[2]->label, row[2]);
	for (int k = 0; k < KNOB_COUNT; k++) {
		const struct knob_info *info = knob_info((enum knob_id)k);
		n += (size_t)snprintf(n < size ? out + n : NULL, n < size ? size - n : 0, "%s%s=%s%s", k ? ", " : "  knobs: ",
		                      info->name, info->values[knob_get(&cfg->knobs, (enum knob_id)k)],
		                      m->spec.knob[k] >= 0 ? " (set)" : "");
	}
	n += (size_t)snprintf(n < size ? out + n : NULL, n < size ? size - n : 0,
	                      "\n  guest MSI path: %s; MSI pirqs %d..%d (extra_guest_irqs=%d)",
	                      cfg->pirq_mode ? "Xen pirqs (xen_hvm_setup_msi_irqs)" : "native vectors (pirq path not used)",
	                      cfg->nr_irqs_gsi, cfg->nr_irqs_gsi + cfg->nr_msi_pirqs - 1, cfg->nr_msi_pirqs);
	if (m->spec.xen_irqs > 0)
		n += (size_t)snprintf(n < size ? out + n : NULL, n < size ? size - n : 0, "; Xen irqs for MSI %d",
		                      cfg->xen_irqs_max);
	n += (size_t)snprintf(n < size ? out + n : NULL, n < size ? size - n : 0, "\n  devices:");
	for (unsigned d = 0; d < cfg->device_count; d++) {
		const struct device_spec *dev = &cfg->device[d];
		n += (size_t)snprintf(n < size ? out + n : NULL, n < size ? size - n : 0, " %s(%s%s %s, %u %s)", dev->name,
		                      dev->emulated ? "emulated " : "", driver_kind_name((enum driver_kind)dev->driver),
		                      vec_type_name((enum vec_type)dev->vec_type), dev->vectors,
		                      dev->driver == DRIVER_NVME ? "I/O queues" : "vectors");
	}
	for (unsigned i = 0; i < m->spec.fault_count; i++)
		n += (size_t)snprintf(n < size ? out + n : NULL, n < size ? size - n : 0, "%s%s%s%s", i ? ", " : "\n  faults: ",
		                      fault_name((enum fault_kind)m->spec.fault[i].kind), m->spec.fault[i].device[0] ? "@" : "",
		                      m->spec.fault[i].device);
	return n;
}

/* ---- version table (public view) ------------------------------------------ */

unsigned pirqsim_version_row_count(void) { return versions_count(); }
const char *pirqsim_version_table_error(void) { return versions_table_error(); }

bool pirqsim_version_row(unsigned index, const char **component, const char **label, const char **from,
                         const char **until, char *knobs, size_t knobs_size, bool *verified, const char **source,
                         const char **bundled_qemu)
{
	const struct version_row *row = index < versions_count() ? versions_row(index) : NULL;
	if (!row)
		return false;
	*component = component_name(row->component);
	*label = row->label;
	*from = row->from;
	*until = row->until;
	*verified = row->verified;
	*source = row->source;
	*bundled_qemu = row->bundled_qemu;
	size_t n = 0;
	if (knobs_size)
		knobs[0] = '\0';
	for (int k = 0; k < KNOB_COUNT; k++) {
		if (row->knob[k] < 0)
			continue;
		const struct knob_info *info = knob_info((enum knob_id)k);
		int w = snprintf(n < knobs_size ? knobs + n : NULL, n < knobs_size ? knobs_size - n : 0, "%s%s=%s",
		                 n ? " " : "", info->name, info->values[row->knob[k]]);
		n += w > 0 ? (size_t)w : 0;
	}
	return true;
}

size_t pirqsim_knobs_describe(char *out, size_t size)
{
	size_t n = 0;
	for (int k = 0; k < KNOB_COUNT; k++) {
		const struct knob_info *info = knob_info((enum knob_id)k);
		char values[160] = "";
		for (unsigned v = 0; v < info->value_count; v++) {
			strncat(values, v ? " | " : "", sizeof(values) - strlen(values) - 1);
			strncat(values, info->values[v], sizeof(values) - strlen(values) - 1);
		}
		int w = snprintf(n < size ? out + n : NULL, n < size ? size - n : 0, "%-16s %s\n%16s   %s\n", info->name,
		                 values, "", info->what);
		n += w > 0 ? (size_t)w : 0;
	}
	return n;
}
