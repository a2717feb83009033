/*
 * logread.c - readers of real logs for `pirqsim explain` (pirqsim.h):
 * guest dmesg (bare, with timestamps, journalctl -k, syslog), QEMU's
 * device-model log (xen_pt's "[bb:dd.f] func: " prefix, stock and
 * XEN_PT_LOGGING_ENABLED builds; qemu-xen-traditional's "func: ") and
 * xl dmesg ("(XEN) ", console timestamps, "dN vN"/"dNvN"/"d[IDLE]vN" tags,
 * debug builds' "file.c:LINE: ").
 *
 * The messages this path can print are not written here: logformats.inc is
 * generated from the model's LOG/PT_LOG/XEN_LOG calls
 * (scripts/gen-logformats.py), and a line is matched against those printf
 * formats.  Nothing here prints.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/ctx.h"
#include "pirqsim.h"
#include "trace/logread.h"

struct log_format {
	enum log_kind kind;
	const char *function; /* QEMU's function in the prefix, "" if none or not fixed */
	const char *format;
};

static const struct log_format formats[] = {
#include "trace/logformats.inc"
};
#define FORMAT_COUNT (sizeof(formats) / sizeof(formats[0]))

struct file_info {
	char *name;
	const char *format;
};

struct pirqsim_log {
	struct pirqsim_log_record *records;
	size_t record_count, record_capacity;
	struct pirqsim_log_evidence *evidence;
	size_t evidence_count, evidence_capacity;
	struct file_info *files;
	size_t file_count;
	char **strings; /* every string the records and evidence point to */
	size_t string_count, string_capacity;
	char version[3][96];
	char basis[3][320];
	bool failed;
};

/* ---- owned strings ---------------------------------------------------------- */

static const char *keep(struct pirqsim_log *log, const char *text, size_t length)
{
	if (log->failed)
		return "";
	if (log->string_count == log->string_capacity) {
		size_t capacity = log->string_capacity ? log->string_capacity * 2 : 64;
		char **grown = realloc(log->strings, capacity * sizeof(*grown));
		if (!grown) {
			log->failed = true;
			return "";
		}
		log->strings = grown;
		log->string_capacity = capacity;
	}
	char *copy = malloc(length + 1);
	if (!copy) {
		log->failed = true;
		return "";
	}
	memcpy(copy, text, length);
	copy[length] = '\0';
	log->strings[log->string_count++] = copy;
	return copy;
}

static const char *keep_string(struct pirqsim_log *log, const char *text)
{
	return keep(log, text, strlen(text));
}

pirqsim_log *pirqsim_log_new(void)
{
	return calloc(1, sizeof(struct pirqsim_log));
}

void pirqsim_log_free(pirqsim_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->string_count; i++)
		free(log->strings[i]);
	for (size_t i = 0; i < log->file_count; i++)
		free(log->files[i].name);
	free(log->strings);
	free(log->records);
	free(log->evidence);
	free(log->files);
	free(log);
}

/* ---- matching a message against a printf format ------------------------------ */

#define CAPTURE_MAX 8
struct capture {
	const char *start;
	size_t length;
	const char *before; /* the format text just before the conversion */
	size_t before_length;
	char conversion;
};
struct match {
	struct capture capture[CAPTURE_MAX];
	unsigned count;
};

/* Does `s` (to its end) match printf format `f`?  %d %i %u: an integer;
 * %x (any flags and width): hex digits, with '#' an optional "0x"; %s: any
 * text, shortest first.  Captures the conversions' text. */
static bool match_from(const char *f, const char *f_start, const char *s, struct match *m, unsigned depth)
{
	while (*f) {
		if (*f != '%' || f[1] == '%') {
			if (*s != *f)
				return false;
			f += *f == '%' ? 2 : 1;
			s++;
			continue;
		}
		const char *conv_start = f++;
		bool alternate = false;
		while (*f && strchr("-#0+ 123456789.", *f)) {
			alternate |= *f == '#';
			f++;
		}
		while (*f && strchr("hlz", *f))
			f++;
		char conversion = *f++;
		const char *before = conv_start;
		while (before > f_start && conv_start - before < 12 && before[-1] != '(' && before[-1] != ',')
			before--;
		if (m->count < CAPTURE_MAX)
			m->capture[m->count] = (struct capture){.start = s, .before = before,
			                                        .before_length = (size_t)(conv_start - before),
			                                        .conversion = conversion};
		unsigned index = m->count++;
		if (conversion == 's') {
			for (const char *end = s;; end++) {
				if (index < CAPTURE_MAX)
					m->capture[index].length = (size_t)(end - s);
				unsigned saved = m->count;
				if (depth < 16 && match_from(f, f_start, end, m, depth + 1))
					return true;
				m->count = saved;
				if (!*end)
					return false;
			}
		}
		const char *p = s;
		if (conversion == 'x') {
			if (alternate && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2]))
				p += 2;
			if (!isxdigit((unsigned char)*p))
				return false;
			while (isxdigit((unsigned char)*p))
				p++;
		} else if (conversion == 'd' || conversion == 'i' || conversion == 'u') {
			if (*p == '-' && conversion != 'u')
				p++;
			if (!isdigit((unsigned char)*p))
				return false;
			while (isdigit((unsigned char)*p))
				p++;
		} else {
			return false;
		}
		if (index < CAPTURE_MAX)
			m->capture[index].length = (size_t)(p - s);
		s = p;
	}
	return *s == '\0';
}

static bool match_format(const char *format, const char *s, struct match *m)
{
	m->count = 0;
	return match_from(format, format, s, m, 0);
}

/* ---- prefixes --------------------------------------------------------------- */

static bool is_month(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	for (size_t i = 0; i + 3 <= sizeof(months) - 1; i += 3)
		if (strncmp(s, months + i, 3) == 0)
			return true;
	return false;
}

static size_t digits(const char *s)
{
	size_t n = 0;
	while (isdigit((unsigned char)s[n]))
		n++;
	return n;
}

/* "HH:MM:SS" (and fraction) at s: its length, or 0. */
static size_t clock_time(const char *s)
{
	if (digits(s) != 2 || s[2] != ':' || digits(s + 3) != 2 || s[5] != ':' || digits(s + 6) != 2)
		return 0;
	size_t n = 8;
	if (s[n] == '.' || s[n] == ',')
		n += 1 + digits(s + n + 1);
	return n;
}

/* "YYYY-MM-DD" + 'T' or ' ' + clock [+zone] at s: its length, or 0. */
static size_t iso_time(const char *s)
{
	if (digits(s) != 4 || s[4] != '-' || digits(s + 5) != 2 || s[7] != '-' || digits(s + 8) != 2 ||
	    (s[10] != 'T' && s[10] != ' '))
		return 0;
	size_t c = clock_time(s + 11);
	if (!c)
		return 0;
	size_t n = 11 + c;
	if (s[n] == 'Z')
		n++;
	else if ((s[n] == '+' || s[n] == '-') && digits(s + n + 1) == 2 && s[n + 3] == ':' && digits(s + n + 4) == 2)
		n += 6;
	else if ((s[n] == '+' || s[n] == '-') && digits(s + n + 1) == 4)
		n += 5;
	return n;
}

/* A syslog / journal header "Mon DD HH:MM:SS host tag[pid]: " or
 * "ISO-TIME host tag: ": its length, and where the tag starts. */
static size_t syslog_header(const char *s, const char **tag, size_t *tag_length)
{
	size_t n;
	if (is_month(s) && s[3] == ' ') {
		n = 4;
		while (s[n] == ' ')
			n++;
		size_t d = digits(s + n);
		if (d < 1 || d > 2 || s[n + d] != ' ')
			return 0;
		n += d + 1;
		size_t c = clock_time(s + n);
		if (!c)
			return 0;
		n += c;
	} else {
		n = iso_time(s);
		if (!n)
			return 0;
	}
	if (s[n++] != ' ')
		return 0;
	size_t host = n;
	while (s[n] && s[n] != ' ')
		n++;
	if (n == host || s[n++] != ' ')
		return 0;
	*tag = s + n;
	size_t t = n;
	while (s[n] && s[n] != ' ' && s[n] != ':')
		n++;
	*tag_length = n - t;
	if (s[n] != ':' || s[n + 1] != ' ' || *tag_length == 0)
		return 0;
	return n + 2;
}

/* "[   12.345678] " (dmesg), "[2025-01-09 06:52:59] " (Qubes' console and
 * device-model logs), "[Mon Jan  9 06:52:59 2025] " (dmesg -T). */
static size_t bracket_time(const char *s)
{
	if (s[0] != '[')
		return 0;
	size_t n = 1;
	while (s[n] == ' ')
		n++;
	size_t d = digits(s + n);
	if (d && s[n + d] == '.' && digits(s + n + d + 1)) {
		n += d + 1 + digits(s + n + d + 1);
	} else if (iso_time(s + n)) {
		n += iso_time(s + n);
	} else if (isupper((unsigned char)s[n]) && s[n + 1] && s[n + 2] && s[n + 3] == ' ' && is_month(s + n + 4)) {
		while (s[n] && s[n] != ']')
			n++;
	} else {
		return 0;
	}
	if (s[n] != ']')
		return 0;
	n++;
	while (s[n] == ' ')
		n++;
	return n;
}

/* "qemu-system-i386: ", "qemu-system-x86_64: ", "qemu-dm: " (QEMU's
 * error_report prefix, the program's name): its length, or 0. */
static size_t qemu_program(const char *s)
{
	static const char *const names[] = {"qemu-system-i386: ", "qemu-system-x86_64: ", "qemu-dm: "};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strncmp(s, names[i], strlen(names[i])) == 0)
			return strlen(names[i]);
	return 0;
}

/* "[bb:dd.f] " (xen_pt_log): its length, the BDF in bdf[8]. */
static size_t qemu_bdf(const char *s, char *bdf)
{
	if (s[0] != '[' || !isxdigit((unsigned char)s[1]) || !isxdigit((unsigned char)s[2]) || s[3] != ':' ||
	    !isxdigit((unsigned char)s[4]) || !isxdigit((unsigned char)s[5]) || s[6] != '.' ||
	    !isdigit((unsigned char)s[7]) || s[8] != ']' || s[9] != ' ')
		return 0;
	memcpy(bdf, s + 1, 7);
	bdf[7] = '\0';
	return 10;
}

/* "dddd:bb:dd.f" at s: its length, or 0. */
static size_t pci_name(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	if (s[4] != ':' || !isxdigit((unsigned char)s[5]) || !isxdigit((unsigned char)s[6]) || s[7] != ':' ||
	    !isxdigit((unsigned char)s[8]) || !isxdigit((unsigned char)s[9]) || s[10] != '.' ||
	    !isdigit((unsigned char)s[11]))
		return 0;
	return 12;
}

static size_t identifier(const char *s)
{
	size_t n = 0;
	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

static bool known_function(const char *s, size_t length)
{
	for (size_t i = 0; i < FORMAT_COUNT; i++)
		if (strlen(formats[i].function) == length && strncmp(formats[i].function, s, length) == 0)
			return true;
	/* qemu-xen-traditional's functions whose name the model passes in a variable */
	static const char *const more[] = {"pt_msi_disable", "pt_msix_disable"};
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (strlen(more[i]) == length && strncmp(more[i], s, length) == 0)
			return true;
	return false;
}

static enum pirqsim_log_source kind_source(enum log_kind kind)
{
	switch (kind) {
	case LK_XEN_PT_ERR:
	case LK_XEN_PT_WARN:
	case LK_XEN_PT_LOG:
	case LK_PT_LOG_TRAD: return PIRQSIM_LOG_QEMU;
	case LK_XEN_DPRINTK:
	case LK_XEN_PRINTK_G_INFO: return PIRQSIM_LOG_XEN;
	default: return PIRQSIM_LOG_GUEST;
	}
}

/* The message as the kind's prefix leaves it: XEN_PT_ERR and XEN_PT_WARN put
 * "Error: " / "Warning: " before the format (ctx.c log_prefix). */
static const char *kind_lead(enum log_kind kind)
{
	return kind == LK_XEN_PT_ERR ? "Error: " : kind == LK_XEN_PT_WARN ? "Warning: " : "";
}

/* Which build prints a line of `kind`: the `printed` column of ctx.c's
 * log_kinds, which the model's events carry; the conformance search
 * asserts the two agree on every line the model prints (conform.c). */
static enum pirqsim_printed kind_printed(enum log_kind kind)
{
	switch (kind) {
	case LK_DEV_DBG: return PIRQSIM_PRINTED_DYNAMIC_DEBUG;
	case LK_XEN_PT_WARN:
	case LK_XEN_PT_LOG: return PIRQSIM_PRINTED_PT_LOGGING;
	case LK_XEN_DPRINTK: return PIRQSIM_PRINTED_XEN_DEBUG;
	case LK_XEN_PRINTK_G_INFO: return PIRQSIM_PRINTED_XEN_LOGLVL;
	case LK_DEVICE_NOTE:
	case LK_MODEL_NOTE:
	case LK_COUNT: return PIRQSIM_PRINTED_NEVER;
	default: return PIRQSIM_PRINTED;
	}
}

static bool kind_failure(const struct log_format *f)
{
	switch (f->kind) {
	case LK_DEV_DBG:
	case LK_XEN_PT_LOG: return false;
	case LK_PT_LOG_TRAD: return strncmp(f->format, "Error", 5) == 0 || strncmp(f->format, "Can't", 5) == 0;
	case LK_XEN_DPRINTK: return strstr(f->format, "forcing unbind") == NULL;
	default: return true;
	}
}

static bool mentions(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return true;
	return false;
}

/* Looks like this path: pirq, MSI, xen_pt / pass-through with irq, or
 * Xen's "already mapped" (map_domain_pirq's family of messages). */
static bool looks_like_path(const char *s, enum pirqsim_log_source source)
{
	return mentions(s, "pirq") || mentions(s, "msi") ||
	       ((mentions(s, "xen_pt") || mentions(s, "pt_irq")) && mentions(s, "irq")) ||
	       (source == PIRQSIM_LOG_XEN && mentions(s, "already mapped"));
}

/* ---- evidence --------------------------------------------------------------- */

static void add_evidence(struct pirqsim_log *log, const char *component, const char *value, bool banner,
                         const char *why, const struct pirqsim_log_record *r)
{
	if (log->failed)
		return;
	if (log->evidence_count == log->evidence_capacity) {
		size_t capacity = log->evidence_capacity ? log->evidence_capacity * 2 : 16;
		struct pirqsim_log_evidence *grown = realloc(log->evidence, capacity * sizeof(*grown));
		if (!grown) {
			log->failed = true;
			return;
		}
		log->evidence = grown;
		log->evidence_capacity = capacity;
	}
	/* one item per component, value and reason: the first line that shows it */
	for (size_t i = 0; i < log->evidence_count; i++)
		if (strcmp(log->evidence[i].component, component) == 0 && strcmp(log->evidence[i].value, value) == 0 &&
		    strcmp(log->evidence[i].why, why) == 0)
			return;
	log->evidence[log->evidence_count++] = (struct pirqsim_log_evidence){
		.component = component, .value = keep_string(log, value), .banner = banner, .why = keep_string(log, why),
		.file = r->file, .line_number = r->line_number, .line = r->line};
}

/* A banner's version: the word after `key`. */
static bool banner(struct pirqsim_log *log, const struct pirqsim_log_record *r, const char *key, const char *component,
                   const char *why)
{
	const char *at = strstr(r->message, key);
	if (!at)
		return false;
	at += strlen(key);
	size_t n = 0;
	while (at[n] && !isspace((unsigned char)at[n]) && at[n] != ',' && at[n] != '(')
		n++;
	if (n == 0 || !isdigit((unsigned char)at[0]))
		return false;
	char value[80];
	snprintf(value, sizeof(value), "%.*s", (int)(n < 79 ? n : 79), at);
	add_evidence(log, component, value, true, why, r);
	return true;
}

/* QMP's greeting: {"QMP": {"version": {"qemu": {"micro": 0, "minor": 1, "major": 6}, ... */
static void qmp_greeting(struct pirqsim_log *log, const struct pirqsim_log_record *r)
{
	const char *at = strstr(r->message, "\"qemu\": {\"micro\": ");
	int micro, minor, major;
	if (!at || sscanf(at, "\"qemu\": {\"micro\": %d, \"minor\": %d, \"major\": %d", &micro, &minor, &major) != 3)
		return;
	char value[48];
	snprintf(value, sizeof(value), "%d.%d.%d", major, minor, micro);
	add_evidence(log, "qemu", value, true, "QEMU's QMP greeting", r);
}

static void evidence_from_banner(struct pirqsim_log *log, const struct pirqsim_log_record *r)
{
	/* A "-stubdom" kernel is the stubdomain's that runs QEMU (Qubes OS,
	 * stubdom-linux), not the guest's: its banner says nothing of the guest. */
	if (strncmp(r->message, "Linux version ", 14) == 0 && !strstr(r->message, "stubdom"))
		banner(log, r, "Linux version ", "kernel", "the Linux version banner");
	else if (r->source == PIRQSIM_LOG_XEN && strncmp(r->message, "Xen version ", 12) == 0)
		banner(log, r, "Xen version ", "xen", "Xen's version banner");
	else if (strncmp(r->message, "Xen version: ", 13) == 0)
		banner(log, r, "Xen version: ", "xen", "a Linux domain's \"Xen version:\" line (xen_start_kernel)");
	else if (strstr(r->message, "QEMU emulator version "))
		banner(log, r, "QEMU emulator version ", "qemu", "QEMU's version line");
	else if (strstr(r->message, "{\"QMP\": {\"version\""))
		qmp_greeting(log, r);
}

static bool capture_is(const struct capture *c, const char *text)
{
	return c->length == strlen(text) && strncmp(c->start, text, c->length) == 0;
}

/* What a matched line's format reveals about the release that printed it
 * (the knobs of src/versions/knobs.h and their sources). */
static void evidence_from_format(struct pirqsim_log *log, const struct pirqsim_log_record *r, const struct log_format *f,
                                 const struct match *m)
{
	const char *fmt = f->format;
	if (strncmp(fmt, "Failed to create MSI", 20) == 0)
		add_evidence(log, "kernel", ">= 4.10", false,
		             "xen_hvm_setup_msi_irqs logs \"Failed to create MSI%s! ret=%d!\" from 4.10 (G-ERRMSG)", r);
	else if (strncmp(fmt, "Xen PCI frontend has not registered", 35) == 0)
		add_evidence(log, "kernel", "< 4.10", false,
		             "an HVM guest logs \"Xen PCI frontend has not registered MSI/MSI-X support!\" up to 4.9 "
		             "(and 4.4.y/4.9.y backports) (G-ERRMSG)", r);
	else if (f->kind == LK_XEN_DPRINTK && strstr(fmt, "or irq %d already mapped (%d,%d)"))
		add_evidence(log, "xen", ">= 4.6", false,
		             "map_domain_pirq's \"already mapped (%d,%d)\" exists from 4.6 (669d4b85c4, HV-LOG)", r);
	else if (f->kind == LK_XEN_DPRINTK && strstr(fmt, "or irq %d already mapped"))
		add_evidence(log, "xen", "< 4.6", false,
		             "map_domain_pirq's \"already mapped\" without \"(%d,%d)\" is 4.5 or older (HV-LOG)", r);
	if (f->kind == LK_PT_LOG_TRAD) {
		add_evidence(log, "qemu", "qemu-xen-traditional", false,
		             "hw/pass-through's PT_LOG line: the traditional device model (DM-KIND)", r);
		return;
	}
	if (kind_source(f->kind) != PIRQSIM_LOG_QEMU)
		return;
	if (strstr(fmt, "pirq %d failed.") && !strstr(fmt, "(err: %d)") && !strstr(fmt, "%i)"))
		add_evidence(log, "qemu", "<= 2.3", false, "\"Unmapping of MSI... failed.\" without an error code: 2.3 or older (DM-LOG)", r);
	for (unsigned i = 0; i < m->count && i < CAPTURE_MAX; i++) {
		const struct capture *c = &m->capture[i];
		if (c->conversion != 's')
			continue;
		bool error_word = c->before_length == 0 && strstr(fmt, "(%s: ");
		if (error_word && capture_is(c, "rc"))
			add_evidence(log, "qemu", "<= 2.3", false, "\"(rc: \": QEMU 2.3 or older (3782f60d20, DM-LOG)", r);
		else if (error_word && capture_is(c, "err"))
			add_evidence(log, "qemu", ">= 2.4", false, "\"(err: \": QEMU 2.4 or newer (3782f60d20, DM-LOG)", r);
		bool hex_field = c->before_length >= 4 &&
		                 (strncmp(c->before, " vec: ", 6) == 0 || strstr(c->before, "vec: ") == c->before ||
		                  strncmp(c->before, " entry ", 7) == 0 || strncmp(c->before, " entry: ", 8) == 0 ||
		                  strstr(c->before, "gvec ") || strstr(c->before, "gflags ") || strstr(c->before, "entry"));
		if (!hex_field)
			continue;
		if (capture_is(c, "0x0"))
			add_evidence(log, "qemu", ">= 6.0", false,
			             "a zero printed \"0x0\": \"0x%x\", QEMU 6.0 or newer (\"hw/xen: Don't use '#' flag\", DM-LOG)", r);
		else if (capture_is(c, "0"))
			add_evidence(log, "qemu", "< 6.0", false,
			             "a zero printed \"0\": \"%#x\", QEMU older than 6.0 (DM-LOG)", r);
	}
}

/* ---- versions from evidence --------------------------------------------------- */

/* Compares dotted release numbers ("4.10" > "4.9"). */
static int release_compare(const char *a, const char *b)
{
	while (*a || *b) {
		long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
		if ((!*a || !isdigit((unsigned char)*a)) && (!*b || !isdigit((unsigned char)*b)))
			return 0;
	}
	return 0;
}

static int component_index(const char *component)
{
	return strcmp(component, "kernel") == 0 ? 0 : strcmp(component, "qemu") == 0 ? 1 : strcmp(component, "xen") == 0 ? 2 : -1;
}

static void decide_versions(struct pirqsim_log *log)
{
	static const char *const components[3] = {"kernel", "qemu", "xen"};
	for (int k = 0; k < 3; k++) {
		const char *banner_value = NULL, *lower = NULL, *upper = NULL, *named = NULL;
		bool upper_strict = false, lower_strict = false;
		for (size_t i = 0; i < log->evidence_count; i++) {
			const struct pirqsim_log_evidence *e = &log->evidence[i];
			if (strcmp(e->component, components[k]) != 0)
				continue;
			const char *v = e->value;
			if (e->banner) {
				if (!banner_value)
					banner_value = v;
			} else if (strncmp(v, ">= ", 3) == 0 || strncmp(v, "> ", 2) == 0) {
				const char *n = v + (v[1] == '=' ? 3 : 2);
				if (!lower || release_compare(n, lower) > 0) {
					lower = n;
					lower_strict = v[1] != '=';
				}
			} else if (strncmp(v, "<= ", 3) == 0 || strncmp(v, "< ", 2) == 0) {
				const char *n = v + (v[1] == '=' ? 3 : 2);
				if (!upper || release_compare(n, upper) < 0) {
					upper = n;
					upper_strict = v[1] != '=';
				}
			} else if (!named) {
				named = v;
			}
		}
		char *out = log->version[k];
		size_t size = sizeof(log->version[k]);
		char *basis = log->basis[k];
		size_t basis_size = sizeof(log->basis[k]);
		const struct pirqsim_log_evidence *first_banner = NULL;
		unsigned bound_lines = 0;
		for (size_t i = 0; i < log->evidence_count; i++) {
			const struct pirqsim_log_evidence *e = &log->evidence[i];
			if (strcmp(e->component, components[k]) != 0)
				continue;
			if (e->banner && !first_banner)
				first_banner = e;
			else if (!e->banner)
				bound_lines++;
		}
		basis[0] = '\0';
		if (banner_value) {
			snprintf(out, size, "%s", banner_value);
			snprintf(basis, basis_size, "%s, %s:%u", first_banner->why, first_banner->file, first_banner->line_number);
			/* a banner outside the bounds the lines set: say so, do not choose silently */
			bool below = lower && (release_compare(banner_value, lower) < 0 ||
			                       (lower_strict && release_compare(banner_value, lower) == 0));
			bool above = upper && (release_compare(banner_value, upper) > 0 ||
			                       (upper_strict && release_compare(banner_value, upper) == 0));
			if (isdigit((unsigned char)banner_value[0]) && (below || above)) {
				size_t used = strlen(basis);
				snprintf(basis + used, basis_size - used, "; conflict: a line's format says %s %s", below ? (lower_strict ? ">" : ">=") : (upper_strict ? "<" : "<="),
				         below ? lower : upper);
			}
		} else if (named) {
			snprintf(out, size, "%s", named);
			snprintf(basis, basis_size, "the format of the lines (%u line%s)", bound_lines, bound_lines == 1 ? "" : "s");
		} else if (lower || upper) {
			if (lower && upper)
				snprintf(out, size, "%s %s, %s %s", lower_strict ? ">" : ">=", lower, upper_strict ? "<" : "<=", upper);
			else if (lower)
				snprintf(out, size, "%s %s", lower_strict ? ">" : ">=", lower);
			else
				snprintf(out, size, "%s %s", upper_strict ? "<" : "<=", upper);
			snprintf(basis, basis_size, "what the formats of the lines show (%u piece%s of evidence)", bound_lines,
			         bound_lines == 1 ? "" : "s");
		} else {
			out[0] = '\0';
		}
	}
}

const char *pirqsim_log_version_basis(const pirqsim_log *log, const char *component)
{
	int k = component_index(component);
	return k < 0 ? "" : log->basis[k];
}

const char *pirqsim_log_version(const pirqsim_log *log, const char *component)
{
	int k = component_index(component);
	return k < 0 ? "" : log->version[k];
}

/* ---- one line ------------------------------------------------------------------ */

#define MESSAGE_MAX 400

enum file_kind { FK_NONE = 0, FK_DMESG, FK_JOURNAL, FK_SYSLOG, FK_QEMU, FK_XL_DMESG };

static enum file_kind read_line(struct pirqsim_log *log, const char *file, unsigned number, const char *line,
                                size_t length)
{
	char *text = malloc(length + 1);
	if (!text) {
		log->failed = true;
		return FK_NONE;
	}
	memcpy(text, line, length);
	text[length] = '\0';
	while (length && (text[length - 1] == '\r' || text[length - 1] == ' ' || text[length - 1] == '\t'))
		text[--length] = '\0';

	struct pirqsim_log_record r = {.file = file, .line_number = number, .source = PIRQSIM_LOG_GUEST,
	                               .class_ = PIRQSIM_LOG_UNRELATED, .domain = -1, .vcpu = -1, .device = "",
	                               .function = ""};
	enum file_kind kind = FK_NONE;
	bool source_known = false;
	const char *s = text;
	while (*s == ' ' || *s == '\t')
		s++;
	/* outer headers, in any order they are stacked */
	for (bool again = true; again;) {
		again = false;
		const char *tag;
		size_t n, tag_length;
		if (s[0] == '<' && isdigit((unsigned char)s[1]) && (s[2] == '>' || (isdigit((unsigned char)s[2]) && s[3] == '>'))) {
			s += s[2] == '>' ? 3 : 4;
			again = true;
		} else if ((n = syslog_header(s, &tag, &tag_length)) != 0) {
			if (tag_length == 6 && strncmp(tag, "kernel", 6) == 0) {
				kind = kind ? kind : FK_JOURNAL;
				r.source = PIRQSIM_LOG_GUEST;
				source_known = true;
			} else {
				kind = kind ? kind : FK_SYSLOG;
			}
			s += n;
			again = true;
		} else if ((n = bracket_time(s)) != 0) {
			kind = kind ? kind : FK_DMESG;
			s += n;
			again = true;
		} else if ((n = iso_time(s)) != 0 && s[n] == ' ') {
			/* QEMU's -msg timestamp=on, journalctl -o short-iso without host */
			s += n + 1;
			again = true;
		} else if ((n = qemu_program(s)) != 0) {
			/* error_report's "qemu-system-i386: " */
			kind = FK_QEMU;
			r.source = PIRQSIM_LOG_QEMU;
			source_known = true;
			s += n;
			again = true;
		} else if (strncmp(s, "(XEN) ", 6) == 0 || strcmp(s, "(XEN)") == 0) {
			kind = FK_XL_DMESG;
			r.source = PIRQSIM_LOG_XEN;
			source_known = true;
			s += s[5] ? 6 : 5;
			again = true;
		}
	}
	/* Xen's vcpu tags: "d1v0 ", "d1 v0: ", "d[IDLE]v2 ", "d1: " */
	if (r.source == PIRQSIM_LOG_XEN && s[0] == 'd') {
		const char *p = s + 1;
		int domain = -1;
		if (strncmp(p, "[IDLE]", 6) == 0) {
			domain = -2;
			p += 6;
		} else if (digits(p)) {
			domain = atoi(p);
			p += digits(p);
		}
		if (domain != -1) {
			const char *q = p;
			int vcpu = -1;
			if (*q == ' ' && q[1] == 'v' && digits(q + 2))
				q++;
			if (*q == 'v' && digits(q + 1)) {
				vcpu = atoi(q + 1);
				q += 1 + digits(q + 1);
			}
			if (*q == ':')
				q++;
			if (*q == ' ' && (vcpu >= 0 || q[-1] == ':')) {
				r.domain = domain;
				r.vcpu = vcpu;
				s = q + 1;
			}
		}
	}
	/* Xen debug builds' dprintk "file.c:LINE: " */
	if (r.source == PIRQSIM_LOG_XEN) {
		size_t n = identifier(s);
		while (s[n] == '-' || s[n] == '_' || isalnum((unsigned char)s[n]))
			n++;
		if (n && s[n] == '.' && s[n + 1] == 'c' && s[n + 2] == ':' && digits(s + n + 3) &&
		    s[n + 3 + digits(s + n + 3)] == ':' && s[n + 4 + digits(s + n + 3)] == ' ') {
			r.function = keep(log, s, n + 2);
			s += n + 5 + digits(s + n + 3);
		} else if (n && s[n] == '.' && s[n + 1] == 'c' && s[n + 2] == ':' && digits(s + n + 3) &&
		           s[n + 3 + digits(s + n + 3)] == ':' && s[n + 4 + digits(s + n + 3)] == 'd') {
			/* gdprintk: "file.c:LINE:dNvN " */
			const char *q = s + n + 4 + digits(s + n + 3) + 1;
			if (digits(q) && q[digits(q)] == 'v' && digits(q + digits(q) + 1) &&
			    q[digits(q) + 1 + digits(q + digits(q) + 1)] == ' ') {
				r.function = keep(log, s, n + 2);
				r.domain = atoi(q);
				r.vcpu = atoi(q + digits(q) + 1);
				s = q + digits(q) + 1 + digits(q + digits(q) + 1) + 1;
			}
		}
	}
	/* QEMU xen_pt: "[bb:dd.f] func: " (or the log's own first "[bb:dd.f]" lost a byte:
	 * "00:05.0] ", as some quoted logs show, is left alone) */
	char bdf[8];
	size_t n = qemu_bdf(s, bdf);
	if (n && r.source != PIRQSIM_LOG_XEN) {
		r.device = keep_string(log, bdf);
		r.source = PIRQSIM_LOG_QEMU;
		source_known = true;
		kind = FK_QEMU;
		s += n;
		size_t id = identifier(s);
		if (id && s[id] == ':' && s[id + 1] == ' ') {
			r.function = keep(log, s, id);
			s += id + 2;
		}
	} else if (r.source != PIRQSIM_LOG_XEN) {
		size_t id = identifier(s);
		if (id && s[id] == ':' && s[id + 1] == ' ' && known_function(s, id)) {
			/* qemu-xen-traditional: "pt_msi_setup: " */
			r.function = keep(log, s, id);
			r.source = PIRQSIM_LOG_QEMU;
			source_known = true;
			s += id + 2;
		} else if (strncmp(s, "xen:events: ", 12) == 0) {
			r.function = "xen:events";
			s += 12;
		} else if (id && s[id] == ' ' && (n = pci_name(s + id + 1)) != 0 && s[id + 1 + n] == ':' && s[id + 2 + n] == ' ') {
			/* dev_printk: "<driver> dddd:bb:dd.f: " */
			r.device = keep(log, s + id + 1, n);
			r.function = keep(log, s, id);
			s += id + 3 + n;
		} else if (strncmp(s, "nvme nvme", 9) == 0 && digits(s + 9) && s[9 + digits(s + 9)] == ':' &&
		           s[10 + digits(s + 9)] == ' ') {
			size_t d = digits(s + 9);
			r.device = keep(log, s + 5, 4 + d);
			r.function = "nvme";
			s += 11 + d;
		}
	}
	r.line = keep_string(log, text);
	r.prefix = keep(log, text, (size_t)(s - text));
	r.message = keep_string(log, s);
	free(text);

	/* this path: one of the model's formats (all shorter than 200 bytes with
	 * their arguments; a longer message is none of them, and %s's
	 * backtracking stays cheap) */
	for (size_t i = 0; i < FORMAT_COUNT && strlen(r.message) <= MESSAGE_MAX; i++) {
		const struct log_format *f = &formats[i];
		enum pirqsim_log_source source = kind_source(f->kind);
		if (source_known && source != r.source)
			continue;
		if (f->function[0] && r.function[0] && source == PIRQSIM_LOG_QEMU && strcmp(f->function, r.function) != 0)
			continue;
		const char *lead = kind_lead(f->kind);
		if (strncmp(r.message, lead, strlen(lead)) != 0)
			continue;
		struct match m;
		if (!match_format(f->format, r.message + strlen(lead), &m))
			continue;
		r.class_ = PIRQSIM_LOG_THIS_PATH;
		r.source = source;
		r.failure = kind_failure(f);
		r.format = f->format;
		evidence_from_format(log, &r, f, &m);
		break;
	}
	if (r.class_ != PIRQSIM_LOG_THIS_PATH && looks_like_path(r.message, r.source))
		r.class_ = PIRQSIM_LOG_NOT_UNDERSTOOD;
	evidence_from_banner(log, &r);
	/* a bare line (no header) tells the file's kind by the format it matched */
	if (kind == FK_NONE && r.class_ == PIRQSIM_LOG_THIS_PATH)
		kind = r.source == PIRQSIM_LOG_QEMU ? FK_QEMU : r.source == PIRQSIM_LOG_XEN ? FK_XL_DMESG : FK_DMESG;

	if (log->failed)
		return kind;
	if (log->record_count == log->record_capacity) {
		size_t capacity = log->record_capacity ? log->record_capacity * 2 : 64;
		struct pirqsim_log_record *grown = realloc(log->records, capacity * sizeof(*grown));
		if (!grown) {
			log->failed = true;
			return kind;
		}
		log->records = grown;
		log->record_capacity = capacity;
	}
	log->records[log->record_count++] = r;
	return kind;
}

int pirqsim_log_add(pirqsim_log *log, const char *file, const char *text, size_t length)
{
	struct file_info *grown = realloc(log->files, (log->file_count + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	log->files = grown;
	char *name = strdup(file ? file : "-");
	if (!name)
		return -ENOMEM;
	log->files[log->file_count++] = (struct file_info){.name = name, .format = "unknown"};
	unsigned counts[FK_XL_DMESG + 1] = {0};
	unsigned number = 0;
	for (size_t at = 0; at < length;) {
		const char *end = memchr(text + at, '\n', length - at);
		size_t line_length = end ? (size_t)(end - (text + at)) : length - at;
		counts[read_line(log, name, ++number, text + at, line_length)]++;
		at += line_length + 1;
	}
	static const char *const names[] = {"unknown", "dmesg", "journalctl -k", "syslog", "qemu log", "xl dmesg"};
	unsigned best = 0;
	bool tie = false;
	for (unsigned k = 1; k <= FK_XL_DMESG; k++) {
		if (counts[k] > counts[best] || (best == 0 && counts[k])) {
			best = k;
			tie = false;
		} else if (best && counts[k] == counts[best]) {
			tie = true;
		}
	}
	log->files[log->file_count - 1].format = tie ? "mixed" : names[best];
	decide_versions(log);
	return log->failed ? -ENOMEM : 0;
}

size_t pirqsim_log_record_count(const pirqsim_log *log) { return log->record_count; }
const struct pirqsim_log_record *pirqsim_log_record_at(const pirqsim_log *log, size_t index)
{
	return index < log->record_count ? &log->records[index] : NULL;
}
size_t pirqsim_log_evidence_count(const pirqsim_log *log) { return log->evidence_count; }
const struct pirqsim_log_evidence *pirqsim_log_evidence_at(const pirqsim_log *log, size_t index)
{
	return index < log->evidence_count ? &log->evidence[index] : NULL;
}

const char *pirqsim_log_file_format(const pirqsim_log *log, const char *file)
{
	for (size_t i = 0; i < log->file_count; i++)
		if (strcmp(log->files[i].name, file) == 0)
			return log->files[i].format;
	return "unknown";
}

const char *pirqsim_log_source_name(enum pirqsim_log_source source)
{
	static const char *const names[PIRQSIM_LOG_SOURCE_COUNT] = {"guest", "qemu", "xen"};
	return source < PIRQSIM_LOG_SOURCE_COUNT ? names[source] : "?";
}

const char *pirqsim_log_class_name(enum pirqsim_log_class class_)
{
	static const char *const names[PIRQSIM_LOG_CLASS_COUNT] = {"this path", "not understood", "unrelated"};
	return class_ < PIRQSIM_LOG_CLASS_COUNT ? names[class_] : "?";
}

/* ---- keys for the conformance search (logread.h) -------------------------------- */

static bool is_number(const char *s, size_t length)
{
	size_t i = 0;
	if (i < length && s[i] == '-')
		i++;
	bool hex = i + 2 < length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
	if (hex)
		i += 2;
	if (i == length)
		return false;
	for (; i < length; i++)
		if (!(hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])))
			return false;
	return true;
}

/* A number that is a result: an errno or a status, not a resource's name. */
static bool is_result(const struct capture *c, const struct capture *previous)
{
	static const char *const words[] = {"ret=", "status: ", "err", "rc"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);
		for (size_t at = 0; at + n <= c->before_length; at++)
			if (strncmp(c->before + at, words[i], n) == 0)
				return true;
	}
	return previous && (capture_is(previous, "err") || capture_is(previous, "rc"));
}

_Static_assert(LOGREAD_KEY_MAX > MESSAGE_MAX + CAPTURE_MAX, "every message of this path has a key");

bool logread_key(const struct pirqsim_log_record *r, struct logread_key *key)
{
	if (r->class_ != PIRQSIM_LOG_THIS_PATH || !r->format)
		return false;
	for (size_t i = 0; i < FORMAT_COUNT; i++) {
		const struct log_format *f = &formats[i];
		if (f->format != r->format)
			continue;
		const char *lead = kind_lead(f->kind);
		struct match m;
		if (strncmp(r->message, lead, strlen(lead)) != 0 || !match_format(f->format, r->message + strlen(lead), &m))
			continue;
		key->format = f->format;
		key->printed = kind_printed(f->kind);
		size_t used = 0;
		key->args[0] = '\0';
		for (unsigned k = 0; k < m.count && k < CAPTURE_MAX; k++) {
			const struct capture *c = &m.capture[k];
			bool wild = is_number(c->start, c->length) && !is_result(c, k ? &m.capture[k - 1] : NULL);
			int n = snprintf(key->args + used, sizeof(key->args) - used, "%s%.*s", k ? "|" : "",
			                 wild ? 1 : (int)c->length, wild ? "#" : c->start);
			if (n < 0 || (size_t)n >= sizeof(key->args) - used)
				return false;
			used += (size_t)n;
		}
		return true;
	}
	return false;
}
