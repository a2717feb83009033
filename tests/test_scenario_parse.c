/*
 * test_scenario_parse.c - scenario/trail loader and writer (scenario_yaml.c).
 *
 *   test_scenario_parse DIR
 *
 * DIR is tests/scenarios:
 *   DIR/bad/   every *.yaml / *.json must fail to load at the position and
 *              with the message given by its first line "# expect: L:C: text"
 *              or by its row in DIR/bad/EXPECT.tsv (see DIR/bad/README.md);
 *   DIR/good/  every *.yaml / *.json must load, and write -> load must give
 *              back an identical spec and the same text.
 * Plus table-driven cases from strings, and truncated / mutated copies of the
 * good files, which must never crash.  Exit 0 iff all pass; the last line is
 * "N passed, M failed".
 */
#include <assert.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/scenario_yaml.h"

#define FILES_MAX 256
#define PATH_MAX_LEN 1024
#define TEXT_MAX (64 * 1024)
#define MUTATIONS 300

static unsigned passed, failed;

static void check(bool ok, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *format, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_list ap;
	va_start(ap, format);
	printf("FAIL: ");
	vprintf(format, ap);
	printf("\n");
	va_end(ap);
}

/* ---- files ------------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_document(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

/* Sorted *.yaml / *.json names in `dir`; returns the count. */
static unsigned list_documents(const char *dir, char **names)
{
	DIR *d = opendir(dir);
	unsigned count = 0;
	if (d == NULL)
		return 0;
	for (struct dirent *e = readdir(d); e != NULL && count < FILES_MAX; e = readdir(d)) {
		if (is_document(e->d_name))
			names[count++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, count, sizeof(names[0]), by_name);
	return count;
}

static size_t read_text(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return 0;
	size_t n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return n;
}

/* ---- specs ------------------------------------------------------------------ */

#define SAME_BYTES(a, b, field) (memcmp((a)->field, (b)->field, sizeof((a)->field)) == 0)

static bool same_device(const struct device_spec *a, const struct device_spec *b)
{
	return SAME_BYTES(a, b, name) && a->driver == b->driver && a->vec_type == b->vec_type &&
	       a->vectors == b->vectors && a->cycles == b->cycles && a->emulated == b->emulated;
}

/* Identical except for file and positions. */
static bool same_spec(const struct scenario_spec *a, const struct scenario_spec *b)
{
	bool same = SAME_BYTES(a, b, name) && SAME_BYTES(a, b, description) && SAME_BYTES(a, b, kernel) &&
	            SAME_BYTES(a, b, qemu) && SAME_BYTES(a, b, xen) && SAME_BYTES(a, b, knob) &&
	            a->apicv == b->apicv && a->hvm_pirq_set == b->hvm_pirq_set && a->hvm_pirq == b->hvm_pirq &&
	            a->nr_irqs_gsi == b->nr_irqs_gsi && a->extra_guest_irqs == b->extra_guest_irqs &&
	            a->device_count == b->device_count && a->is_trail == b->is_trail &&
	            a->choice_count == b->choice_count && SAME_BYTES(a, b, choice) &&
	            SAME_BYTES(a, b, trail_property);
	for (unsigned i = 0; same && i < a->device_count && i < PIRQSIM_DEVICES_MAX; i++)
		same = same_device(&a->device[i], &b->device[i]);
	return same;
}

/* write -> load gives the same spec; writing that gives the same text. */
static void check_round_trip(const char *what, const struct scenario_spec *spec)
{
	size_t need = scenario_write_yaml(spec, NULL, 0);
	char *text = malloc(need + 1), *again = malloc(need + 1);
	assert(text != NULL && again != NULL);
	size_t wrote = scenario_write_yaml(spec, text, need + 1);
	check(wrote == need && strlen(text) == need, "%s: write_yaml size %zu vs %zu", what, wrote, need);
	struct scenario_spec back;
	struct pirqsim_error err;
	memset(&err, 0, sizeof(err));
	int rc = scenario_load_string(text, need, "round-trip", &back, &err);
	check(rc == 0, "%s: written text does not load: %u:%u: %s\n%s", what, err.line, err.column, err.message, text);
	if (rc == 0) {
		check(same_spec(spec, &back), "%s: round trip changed the spec\n%s", what, text);
		scenario_write_yaml(&back, again, need + 1);
		check(strcmp(text, again) == 0, "%s: second write differs\n%s\n---\n%s", what, text, again);
	}
	char small[16];
	memset(small, 'x', sizeof(small));
	scenario_write_yaml(spec, small, sizeof(small));
	check(memchr(small, '\0', sizeof(small)) != NULL, "%s: truncated write not terminated", what);
	free(text);
	free(again);
}

/* ---- bad files ----------------------------------------------------------- */

struct expect {
	unsigned line, column;
	char text[256];
};

/* "L:C: text" */
static bool parse_expect(const char *s, struct expect *e)
{
	int used = 0;
	if (sscanf(s, "%u:%u:%n", &e->line, &e->column, &used) != 2 || used == 0)
		return false;
	s += used;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strcspn(s, "\r\n");
	if (n == 0 || n >= sizeof(e->text))
		return false;
	memcpy(e->text, s, n);
	e->text[n] = '\0';
	return true;
}

/* The row for `name` in EXPECT.tsv: name TAB L:C TAB text. */
static bool tsv_expect(const char *dir, const char *name, struct expect *e)
{
	char path[PATH_MAX_LEN], line[512];
	snprintf(path, sizeof(path), "%s/EXPECT.tsv", dir);
	FILE *f = fopen(path, "r");
	bool found = false;
	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || tab == NULL)
			continue;
		*tab = '\0';
		if (strcmp(line, name) != 0)
			continue;
		char *second = strchr(tab + 1, '\t');
		if (second != NULL)
			*second = ':';
		found = parse_expect(tab + 1, e);
	}
	fclose(f);
	return found;
}

static bool file_expect(const char *dir, const char *name, struct expect *e)
{
	char path[PATH_MAX_LEN], line[512];
	if (tsv_expect(dir, name, e))
		return true;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return false;
	bool ok = fgets(line, sizeof(line), f) != NULL && strncmp(line, "# expect: ", 10) == 0 &&
	          parse_expect(line + 10, e);
	fclose(f);
	return ok;
}

static void check_bad(const char *dir, const char *name)
{
	char path[PATH_MAX_LEN];
	struct expect e;
	struct scenario_spec spec;
	struct pirqsim_error err;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!file_expect(dir, name, &e)) {
		check(false, "%s: no expectation (first line '# expect: L:C: text' or EXPECT.tsv)", path);
		return;
	}
	memset(&err, 0, sizeof(err));
	int rc = scenario_load_file(path, &spec, &err);
	check(rc == -1 && err.line == e.line && err.column == e.column && strstr(err.message, e.text) != NULL &&
	      strcmp(err.file, path) == 0,
	      "%s: expected %u:%u: ...%s..., got rc %d %s:%u:%u: %s", name, e.line, e.column, e.text, rc, err.file,
	      err.line, err.column, err.message);
}

/* ---- good files and robustness -------------------------------------------------- */

static void check_loads_or_fails_cleanly(const char *what, const char *text, size_t length)
{
	struct scenario_spec spec;
	struct pirqsim_error err;
	memset(&err, 0, sizeof(err));
	if (scenario_load_string(text, length, "mutant", &spec, &err) == 0)
		check_round_trip(what, &spec);
	else if (err.message[0] == '\0' || strcmp(err.file, "mutant") != 0)
		check(false, "%s: failure without a message", what);
}

/* Every prefix, and MUTATIONS copies with a few bytes changed. */
static void check_robust(const char *name, const char *text, size_t length)
{
	static const char alphabet[] = "\0\t\n \"'#&*-:[]{},!|>%@`\\0189az\xc3\xa9\xff";
	char *copy = malloc(length + 1);
	assert(copy != NULL);
	unsigned long seed = 12345;
	unsigned before = failed;
	for (size_t cut = 0; cut <= length; cut++) {
		memcpy(copy, text, cut);
		check_loads_or_fails_cleanly(name, copy, cut);
	}
	for (unsigned m = 0; m < MUTATIONS && length > 0; m++) {
		memcpy(copy, text, length);
		for (unsigned k = 0; k < 1 + m % 3; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			copy[(seed >> 33) % length] = alphabet[(seed >> 17) % (sizeof(alphabet) - 1)];
		}
		check_loads_or_fails_cleanly(name, copy, length);
	}
	check(failed == before, "%s: robustness", name);
	free(copy);
}

static void check_good(const char *dir, const char *name)
{
	char path[PATH_MAX_LEN];
	static char text[TEXT_MAX];
	struct scenario_spec spec;
	struct pirqsim_error err;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	memset(&err, 0, sizeof(err));
	int rc = scenario_load_file(path, &spec, &err);
	check(rc == 0, "%s: does not load: %s:%u:%u: %s", name, err.file, err.line, err.column, err.message);
	if (rc != 0)
		return;
	check(strcmp(spec.file, path) == 0, "%s: spec.file is '%s'", name, spec.file);
	check(spec.kernel[0] == '\0' || spec.kernel_pos.line > 0, "%s: no kernel position", name);
	check_round_trip(name, &spec);
	size_t length = read_text(path, text, sizeof(text));
	check_robust(name, text, length);
}

static void run_dir(const char *root, const char *sub, void (*run)(const char *, const char *), unsigned min)
{
	char dir[PATH_MAX_LEN];
	char *names[FILES_MAX];
	snprintf(dir, sizeof(dir), "%s/%s", root, sub);
	unsigned count = list_documents(dir, names);
	check(count >= min, "%s: %u documents, expected at least %u", dir, count, min);
	for (unsigned i = 0; i < count; i++) {
		run(dir, names[i]);
		free(names[i]);
	}
}

/* ---- table-driven strings -------------------------------------------------------- */

struct string_case {
	const char *text;
	unsigned line, column;  /* 0: must load */
	const char *message;
};

static const struct string_case string_cases[] = {
	{"devices: [{driver: nvme}]\n", 0, 0, NULL},
	{"kernel: 4.10\ndevices: [{driver: nvme}]\n", 0, 0, NULL},
	{"{\"devices\": [{\"driver\": \"nic\", \"vectors\": 3}]}", 0, 0, NULL},
	{"", 1, 1, "empty document"},
	{"# only a comment\n", 1, 1, "empty document"},
	{"- a\n- b\n", 1, 1, "expected a mapping at the top level, got a sequence"},
	{"devices:\n  - driver: ahci\n", 2, 13, "unknown driver 'ahci'; valid drivers: nvme, nic, single"},
	{"devices:\n  - driver: nvme\n    io_queue: 2\n", 3, 5,
	 "unknown key 'io_queue' in device; valid keys: driver, name, count, io-queues, vectors, type, cycles, emulated"},
	{"devices: [{driver: nvme, emulated: true}, {driver: nic, emulated: False}]\n", 0, 0, NULL},
	{"devices: [{driver: nvme, emulated: 1}]\n", 1, 36, "emulated must be true or false, got '1'"},
	{"devices:\n  - driver: nvme\n    emulated: [true]\n", 3, 15, "emulated must be true or false"},
	{"devices:\n  - driver: nvme\n    io-queues: 0\n", 3, 16, "io-queues must be an integer from 1 to 2048, got '0'"},
	{"devices:\n  - driver: nvme\n    io-queues: \"2\"\n", 3, 16, "quoted, so a string"},
	{"kernel: 4.10\nkernel: 4.11\ndevices: [{driver: nvme}]\n", 2, 1, "duplicate key 'kernel'"},
	{"devices: [{driver: nvme, count: 64}, {driver: nic}]\n", 1, 38, "too many devices (65); at most 64"},
	{"devices: [{driver: nvme}, {driver: nvme, name: nvme0}]\n", 1, 48, "duplicate device name 'nvme0'"},
	{"host: [1]\ndevices: [{driver: nvme}]\n", 1, 7, "expected a mapping, got a sequence"},
	{"devices: {driver: nvme}\n", 1, 10, "devices: expected a sequence, got a mapping"},
	{"devices: []\n", 1, 10, "at least one device"},
	{"name: nvme\n", 1, 1, "missing key 'devices'"},
	{"knobs: {g-reuse: sometimes}\ndevices: [{driver: nvme}]\n", 1, 18,
	 "unknown value 'sometimes' for knob g-reuse; valid values: reuse-if-known, always-fresh"},
	{"knobs: {g_reuse: always-fresh}\ndevices: [{driver: nvme}]\n", 1, 9, "unknown knob 'g_reuse'; valid knobs: g-reuse,"},
	{"devices: [{driver: nic, io-queues: 2}]\n", 1, 36, "io-queues is for nvme devices"},
	{"devices: [{driver: nvme, cycles: 2}]\n", 1, 34, "cycles is for nic devices only"},
	{"devices: [{driver: nvme, type: msi-x}]\n", 1, 32, "unknown interrupt type 'msi-x'; valid types: msix, msi"},
	{"devices: [{name: x}]\n", 1, 11, "device has no driver"},
	{"a: &x 1\nb: *x\n", 2, 4, "aliases"},
	{"devices: [{driver: nvme}]\n---\ndevices: [{driver: nvme}]\n", 2, 1, "more than one YAML document"},
	{"devices: [{driver: nvme}\n", 2, 1, "YAML syntax error:"},
	{"pirqsim-trail: 3\nscenario: {devices: [{driver: nvme}]}\nchoices: []\n", 1, 16,
	 "unsupported trail format 3; this pirqsim reads 1 and 2"},
	{"pirqsim-trail: 2\nscenario: {devices: [{driver: nvme}]}\nchoices: []\n", 1, 1,
	 "trail corrupted: a format 2 trail needs 'pirqsim-version'"},
	{"pirqsim-trail: 1\nscenario: {devices: [{driver: nvme}]}\nchoices: []\nstep-hashes: []\n", 4, 14,
	 "step-hashes is a key of trail format 2; this trail says pirqsim-trail: 1"},
	{"pirqsim-trail: 2\npirqsim-version: 0.1.0\nrules-hash: 0123456789abcdef\nscenario-hash: 0123456789abcdeg\n"
	 "scenario: {devices: [{driver: nvme}]}\nchoices: [0]\nstep-hashes: [0123456789abcdef]\n", 4, 16,
	 "scenario-hash must be 16 hexadecimal digits, got '0123456789abcdeg'"},
	{"pirqsim-trail: 2\npirqsim-version: 0.1.0\nrules-hash: 0123456789abcdef\nscenario-hash: 0123456789abcdef\n"
	 "scenario: {devices: [{driver: nvme}]}\nchoices: [0, 0]\nstep-hashes: [0123456789abcdef]\n", 7, 14,
	 "trail corrupted: step-hashes has 1 entries but choices has 2"},
	{"pirqsim-trail: 1\nscenario: {devices: [{driver: nvme}]}\n", 1, 1, "'choices' is missing"},
	{"pirqsim-trail: 1\nscenario: {devices: [{driver: nvme}]}\nchoices: [0, 80]\n", 3, 14,
	 "choice must be an integer from 0 to 79, got '80'"},
	{"pirqsim-trail: 1\nkernel: 4.10\n", 2, 1,
	 "unknown key 'kernel' in a trail; valid keys: pirqsim-trail, pirqsim-version, rules-hash, scenario-hash, "
	 "property, real-guest, scenario, choices, step-hashes"},
	{"foo: 1\n", 1, 1, "unknown key 'foo' at the top level; valid keys: name, description, kernel, qemu, xen, "
	                   "host, knobs, devices"},
	{"host: {apicv: yes}\ndevices: [{driver: nvme}]\n", 1, 15, "apicv must be true or false, got 'yes'"},
	{"host: {nr-irqs-gsi: 99999999999999999999}\ndevices: [{driver: nvme}]\n", 1, 21,
	 "nr-irqs-gsi must be an integer from 16 to 1024, got '99999999999999999999'"},
	{"kernel: \"4 10\"\ndevices: [{driver: nvme}]\n", 1, 9, "kernel must be a release like"},
	{"name: \"a b\"\ndevices: [{driver: nvme}]\n", 1, 7, "name must be 1 to 31 characters"},
	{"kernel:\ndevices: [{driver: nvme}]\n", 1, 1, "kernel must be a string, got nothing (null)"},
};

static void check_string_case(unsigned i, const struct string_case *c)
{
	struct scenario_spec spec;
	struct pirqsim_error err;
	memset(&err, 0, sizeof(err));
	int rc = scenario_load_string(c->text, strlen(c->text), "case", &spec, &err);
	if (c->line == 0) {
		check(rc == 0, "string case %u: does not load: %u:%u: %s", i, err.line, err.column, err.message);
		if (rc == 0)
			check_round_trip("string case", &spec);
		return;
	}
	check(rc == -1 && err.line == c->line && err.column == c->column && strstr(err.message, c->message) != NULL &&
	      strcmp(err.file, "case") == 0,
	      "string case %u: expected %u:%u: ...%s..., got rc %d %u:%u: %s", i, c->line, c->column, c->message, rc,
	      err.line, err.column, err.message);
}

static int load(const char *text, struct scenario_spec *spec)
{
	struct pirqsim_error err;
	memset(&err, 0, sizeof(err));
	int rc = scenario_load_string(text, strlen(text), "value", spec, &err);
	check(rc == 0, "value case does not load: %u:%u: %s\n%s", err.line, err.column, err.message, text);
	return rc;
}

static void check_values(void)
{
	struct scenario_spec s;
	if (load("kernel: 4.10\nqemu: 2.8\nxen: '4.8'\ndevices: [{driver: nvme}]\n", &s) == 0) {
		check(strcmp(s.kernel, "4.10") == 0 && strcmp(s.qemu, "2.8") == 0 && strcmp(s.xen, "4.8") == 0,
		      "versions are the scalar's text: '%s' '%s' '%s'", s.kernel, s.qemu, s.xen);
		check(s.kernel_pos.line == 1 && s.kernel_pos.column == 9 && s.xen_pos.line == 3 && s.xen_pos.column == 6,
		      "version positions %u:%u %u:%u", s.kernel_pos.line, s.kernel_pos.column, s.xen_pos.line,
		      s.xen_pos.column);
		check(strcmp(s.file, "value") == 0, "spec.file '%s'", s.file);
		check(s.device_count == 1 && strcmp(s.device[0].name, "nvme0") == 0 && s.device[0].vectors == 2 &&
		      s.device[0].vec_type == VEC_MSIX && s.device[0].cycles == 1, "nvme defaults");
		check(s.knob[0] == -1 && s.nr_irqs_gsi == -1 && s.extra_guest_irqs == -1 && !s.apicv &&
		      !s.hvm_pirq_set && !s.is_trail, "spec defaults");
	}
	if (load("devices:\n  - {driver: nvme, count: 2}\n  - {driver: nic}\n  - {driver: nvme, type: msi}\n"
	         "  - {driver: single}\n  - {driver: nic, name: net, count: 2, vectors: 3, cycles: 4}\n", &s) == 0) {
		const char *names[] = {"nvme0", "nvme1", "eth0", "nvme2", "dev0", "net0", "net1"};
		check(s.device_count == 7, "expansion: %u devices", s.device_count);
		for (unsigned i = 0; i < 7 && i < s.device_count; i++)
			check(strcmp(s.device[i].name, names[i]) == 0, "device %u named '%s', not '%s'", i,
			      s.device[i].name, names[i]);
		check(s.device[2].vectors == 2 && s.device[3].vec_type == VEC_MSI && s.device[4].vectors == 1 &&
		      s.device[6].vectors == 3 && s.device[6].cycles == 4 && s.device[6].driver == DRIVER_NIC,
		      "device values");
	}
	if (load("knobs: {g-msgfmt: 4300, hv-getfree: checked}\nhost: {hvm-pirq: false, apicv: true}\n"
	         "devices: [{driver: nvme, name: disk}]\n", &s) == 0) {
		check(s.knob[KNOB_G_MSGFMT] == G_MSGFMT_4300 && s.knob[KNOB_HV_GETFREE] == HV_GETFREE_CHECKED &&
		      s.knob[KNOB_G_REUSE] == -1, "knob values");
		check(s.hvm_pirq_set && !s.hvm_pirq && s.apicv, "host values");
		check(!s.device[0].emulated, "devices are passed through unless emulated: true");
		check(strcmp(s.device[0].name, "disk") == 0, "literal device name '%s'", s.device[0].name);
	}
	if (load("devices: [{driver: nvme, count: 2, emulated: true}, {driver: single, emulated: false}]\n", &s) == 0)
		check(s.device_count == 3 && s.device[0].emulated && s.device[1].emulated && !s.device[2].emulated,
		      "emulated values");
	if (load("pirqsim-trail: 1\nproperty: no-stale-pirq\nchoices: [1, 0, 7]\n"
	         "scenario: {devices: [{driver: nvme, count: 8}]}\n", &s) == 0) {
		check(s.is_trail && s.choice_count == 3 && s.choice[0] == 1 && s.choice[2] == 7 &&
		      strcmp(s.trail_property, "no-stale-pirq") == 0 && s.device_count == 8, "trail values");
	}
}

static void check_names(void)
{
	check(driver_kind_by_name("nvme") == DRIVER_NVME && driver_kind_by_name("nic") == DRIVER_NIC &&
	      driver_kind_by_name("single") == DRIVER_SINGLE && driver_kind_by_name("ahci") == -1 &&
	      driver_kind_by_name(NULL) == -1, "driver_kind_by_name");
	check(strcmp(driver_kind_name(DRIVER_NIC), "nic") == 0, "driver_kind_name");
	check(vec_type_by_name("msix") == VEC_MSIX && vec_type_by_name("msi") == VEC_MSI &&
	      vec_type_by_name("MSI") == -1 && strcmp(vec_type_name(VEC_MSI), "msi") == 0, "vec_type names");
}

static void check_missing_file(void)
{
	struct scenario_spec spec;
	struct pirqsim_error err;
	memset(&err, 0, sizeof(err));
	int rc = scenario_load_file("/nonexistent/pirqsim.yaml", &spec, &err);
	check(rc == -1 && err.line == 0 && strstr(err.message, "No such file") != NULL &&
	      strcmp(err.file, "/nonexistent/pirqsim.yaml") == 0, "missing file: %u '%s'", err.line, err.message);
}

/* A spec that no file holds: all fields away from their defaults. */
static void check_full_trail_round_trip(void)
{
	struct scenario_spec s;
	scenario_spec_init(&s);
	strcpy(s.name, "all-fields");
	strcpy(s.description, "quotes \" and \\ backslash, colon: and # hash, caf\xc3\xa9");
	strcpy(s.kernel, "3.10.0-514.24.1.el7");
	strcpy(s.qemu, "qemu-xen-traditional");
	strcpy(s.xen, "4.19");
	for (unsigned i = 0; i < KNOB_COUNT; i++)
		s.knob[i] = (int16_t)(i % 2);
	s.apicv = true;
	s.hvm_pirq_set = true;
	s.hvm_pirq = true;
	s.nr_irqs_gsi = 1024;
	s.extra_guest_irqs = 1;
	for (unsigned i = 0; i < PIRQSIM_DEVICES_MAX; i++) {
		struct device_spec *d = &s.device[s.device_count++];
		snprintf(d->name, sizeof(d->name), "d-%u.x_%u", i, i * 7);
		d->driver = (uint8_t)(i % DRIVER_COUNT);
		d->vec_type = (uint8_t)(i % VEC_TYPE_COUNT);
		d->vectors = (uint8_t)(1 + i % PIRQSIM_VECTORS_MAX);
		d->cycles = (uint8_t)(d->driver == DRIVER_NIC ? 1 + i % PIRQSIM_CYCLES_MAX : 1);
		d->emulated = (uint8_t)(i % 3 == 1);
	}
	s.is_trail = true;
	strcpy(s.trail_property, "no-stale-pirq");
	s.choice_count = PIRQSIM_TRAIL_MAX;
	for (unsigned i = 0; i < PIRQSIM_TRAIL_MAX; i++)
		s.choice[i] = (uint8_t)((i * 5 + i / 3) % PIRQSIM_DEVICES_MAX);
	check_round_trip("full trail", &s);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s tests/scenarios\n", argv[0]);
		return 2;
	}
	run_dir(argv[1], "bad", check_bad, 25);
	run_dir(argv[1], "good", check_good, 4);
	for (unsigned i = 0; i < sizeof(string_cases) / sizeof(string_cases[0]); i++)
		check_string_case(i, &string_cases[i]);
	check_values();
	check_names();
	check_missing_file();
	check_full_trail_round_trip();
	printf("%u passed, %u failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
