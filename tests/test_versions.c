/*
 * test_versions.c - the version table: resolution of real releases to knob
 * values, and integrity of the embedded data/versions.tsv.
 * Exit status 0 when everything passes; the last line is "N passed, M failed".
 */
#include <stdio.h>
#include <string.h>

#include "versions/knobs.h"
#include "versions/versions.h"

static unsigned passed, failed;

static void check(int condition, const char *what, const char *detail)
{
	if (condition) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL: %s%s%s\n", what, detail[0] != '\0' ? ": " : "", detail);
}

struct expectation {
	enum component component;
	const char *version;
	const char *knob;
	const char *value;
};

static const struct expectation expectations[] = {
	/* Linux mainline, stable trees and RHEL 7 (SPEC §3.4, §7). */
	{ COMPONENT_KERNEL, "2.6.38", "g-lookup", "array" },
	{ COMPONENT_KERNEL, "2.6.38", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "2.6.37", "g-lookup", "array" },
	{ COMPONENT_KERNEL, "2.6.39", "g-lookup", "live-list" },
	{ COMPONENT_KERNEL, "3.0", "g-lookup", "live-list" },
	{ COMPONENT_KERNEL, "3.0", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "3.10", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "3.18", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "3.18.30", "g-apicv-optout", "no" },
	{ COMPONENT_KERNEL, "3.19", "g-apicv-optout", "yes" },
	{ COMPONENT_KERNEL, "4.2.8", "g-apicv-optout", "yes" },
	{ COMPONENT_KERNEL, "3.19", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.3", "g-errmsg", "frontend" },
	{ COMPONENT_KERNEL, "2.6.37", "g-errmsg", "frontend" },
	{ COMPONENT_KERNEL, "2.6.38.8", "g-fallback", "avail-retry" },
	{ COMPONENT_KERNEL, "4.4", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.4.57", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.4.58", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.4.60", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "v4.4.60", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.4.302", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.5", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.9", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.9.17", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.9.18", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.9.337", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.10", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.10.1", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.10.11", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "4.10.12", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.10.17", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.9", "g-errmsg", "frontend" },
	{ COMPONENT_KERNEL, "4.9.20", "g-errmsg", "frontend" },
	{ COMPONENT_KERNEL, "4.9.20", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.4.60", "g-errmsg", "frontend" },
	{ COMPONENT_KERNEL, "4.10", "g-errmsg", "create" },
	{ COMPONENT_KERNEL, "4.11", "g-errmsg", "create" },
	{ COMPONENT_KERNEL, "4.11-rc1", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "4.11", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "v4.11", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "5.10", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "5.10", "g-msgfmt", "4300" },
	{ COMPONENT_KERNEL, "5.10.200", "g-msgfmt", "4300" },
	{ COMPONENT_KERNEL, "5.11", "g-msgfmt", "extint" },
	{ COMPONENT_KERNEL, "6.1", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "6.1", "g-msgfmt", "extint" },
	{ COMPONENT_KERNEL, "6.1", "g-errmsg", "create" },
	{ COMPONENT_KERNEL, "6.1.100", "g-errmsg", "create" },
	{ COMPONENT_KERNEL, "4.10", "g-fallback", "avail-retry" },
	{ COMPONENT_KERNEL, "5.16.20", "g-fallback", "avail-retry" },
	{ COMPONENT_KERNEL, "5.17", "g-fallback", "no-avail" },
	{ COMPONENT_KERNEL, "6.1", "g-fallback", "no-avail" },
	{ COMPONENT_KERNEL, "3.10.0-693.el7", "g-fallback", "avail-retry" },
	{ COMPONENT_KERNEL, "3.10.0-693.21.1.el7", "g-reuse", "always-fresh" },
	{ COMPONENT_QEMU, "8.0.4", "dm-latch", "on-unmask" },
	/* Linux 6.12 (linux-source-6.12 6.12.118): every kernel knob as in 6.1. */
	{ COMPONENT_KERNEL, "6.12", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "6.12", "g-lookup", "live-list" },
	{ COMPONENT_KERNEL, "6.12", "g-apicv-optout", "yes" },
	{ COMPONENT_KERNEL, "6.12", "g-msgfmt", "extint" },
	{ COMPONENT_KERNEL, "6.12", "g-errmsg", "create" },
	{ COMPONENT_KERNEL, "6.12", "g-fallback", "no-avail" },
	{ COMPONENT_KERNEL, "6.12.118", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "6.6", "g-fallback", "no-avail" },
	/* QEMU 7.2.0 and 10.0.13 (Debian source packages): as QEMU 6.0. */
	{ COMPONENT_QEMU, "7.2", "dm-unmap", "unmap" },
	{ COMPONENT_QEMU, "10.0", "dm-kind", "qemu-xen" },
	{ COMPONENT_QEMU, "10.0", "dm-unmap", "unmap" },
	{ COMPONENT_QEMU, "10.0", "dm-rearm", "if-unassigned" },
	{ COMPONENT_QEMU, "10.0", "dm-latch", "on-unmask" },
	{ COMPONENT_QEMU, "10.0.13", "dm-log", "err-0x" },
	/* Xen 4.21 and 4.22 (RELEASE-4.21.0, RELEASE-4.22.0). */
	{ COMPONENT_XEN, "4.21", "hv-getfree", "checked" },
	{ COMPONENT_XEN, "4.21", "hv-hvm-pirq", "off" },
	{ COMPONENT_XEN, "4.22", "hv-apicv-cpuid", "yes" },
	{ COMPONENT_XEN, "4.22", "hv-log", "old-new" },
	{ COMPONENT_XEN, "4.22.1", "hv-hvm-pirq", "off" },
	{ COMPONENT_QEMU, "qemu-xen-4.22.1", "dm-latch", "on-unmask" },
	{ COMPONENT_KERNEL, "3.10.0-514.24.1.el7", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "3.10.0-514.24.1.el7.x86_64", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "3.10.0-514.26.2.el7", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "3.10.0-693.el7", "g-reuse", "always-fresh" },
	{ COMPONENT_KERNEL, "3.10.0-514.21.1.el7", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "3.10.0-514.el7", "g-reuse", "reuse-if-known" },
	{ COMPONENT_KERNEL, "3.10.0-327.36.3.el7", "g-reuse", "reuse-if-known" },
	/* QEMU, qemu-xen tags and qemu-xen-traditional (SPEC §4.5). */
	{ COMPONENT_QEMU, "1.6", "dm-unmap", "keep" },
	{ COMPONENT_QEMU, "1.6", "dm-rearm", "ignore-identical" },
	{ COMPONENT_QEMU, "2.0", "dm-unmap", "keep" },
	{ COMPONENT_QEMU, "2.0.2", "dm-unmap", "keep" },
	{ COMPONENT_QEMU, "2.1", "dm-unmap", "unmap" },
	{ COMPONENT_QEMU, "2.1", "dm-rearm", "if-unassigned" },
	{ COMPONENT_QEMU, "2.1", "dm-latch", "none" },
	{ COMPONENT_QEMU, "2.3", "dm-log", "rc" },
	{ COMPONENT_QEMU, "2.4", "dm-log", "err" },
	{ COMPONENT_QEMU, "2.5", "dm-latch", "none" },
	{ COMPONENT_QEMU, "2.6", "dm-latch", "on-unmask" },
	{ COMPONENT_QEMU, "2.8", "dm-latch", "on-unmask" },
	{ COMPONENT_QEMU, "2.8", "dm-unmap", "unmap" },
	{ COMPONENT_QEMU, "8.0", "dm-unmap", "unmap" },
	{ COMPONENT_QEMU, "8.0", "dm-kind", "qemu-xen" },
	{ COMPONENT_QEMU, "qemu-xen-traditional", "dm-kind", "traditional" },
	{ COMPONENT_QEMU, "qemu-xen-traditional", "dm-unmap", "keep" },
	{ COMPONENT_QEMU, "traditional", "dm-kind", "traditional" },
	{ COMPONENT_QEMU, "qemu-trad", "dm-kind", "traditional" },
	{ COMPONENT_QEMU, "qemu-xen-4.4.0", "dm-unmap", "keep" },
	{ COMPONENT_QEMU, "qemu-xen-4.5.0", "dm-unmap", "unmap" },
	{ COMPONENT_QEMU, "qemu-xen-4.5.0", "dm-log", "rc" },
	{ COMPONENT_QEMU, "qemu-xen-4.6.0", "dm-log", "err" },
	{ COMPONENT_QEMU, "qemu-xen-4.6.0", "dm-latch", "none" },
	{ COMPONENT_QEMU, "qemu-xen-4.7.0", "dm-latch", "on-unmask" },
	{ COMPONENT_QEMU, "qemu-xen-4.17.0", "dm-unmap", "unmap" },
	/* Xen (SPEC §3.1, §5.9). */
	{ COMPONENT_XEN, "4.0", "hv-getfree", "absent" },
	{ COMPONENT_XEN, "4.1", "hv-getfree", "unchecked" },
	{ COMPONENT_XEN, "4.1", "hv-hvm-pirq", "exposed" },
	{ COMPONENT_XEN, "4.2", "hv-getfree", "checked" },
	{ COMPONENT_XEN, "4.4", "hv-apicv-cpuid", "no" },
	{ COMPONENT_XEN, "4.4.4", "hv-apicv-cpuid", "no" },
	{ COMPONENT_XEN, "4.5", "hv-apicv-cpuid", "yes" },
	{ COMPONENT_XEN, "4.5", "hv-hvm-pirq", "exposed" },
	{ COMPONENT_XEN, "4.8", "hv-hvm-pirq", "exposed" },
	{ COMPONENT_XEN, "4.17", "hv-hvm-pirq", "exposed" },
	{ COMPONENT_XEN, "4.18", "hv-hvm-pirq", "exposed" },
	{ COMPONENT_XEN, "4.19", "hv-hvm-pirq", "off" },
	{ COMPONENT_XEN, "4.20", "hv-hvm-pirq", "off" },
	{ COMPONENT_XEN, "4.20", "hv-getfree", "checked" },
};

static void check_expectation(const struct expectation *e)
{
	char what[160], err[1024];
	snprintf(what, sizeof what, "%s %s: %s=%s", component_name(e->component),
	         e->version, e->knob, e->value);
	const struct version_row *row = versions_resolve(e->component, e->version,
	                                                 err, sizeof err);
	if (row == NULL) {
		check(0, what, err);
		return;
	}
	int id = knob_by_name(e->knob);
	int value = id < 0 ? -1 : knob_value_by_name((enum knob_id)id, e->value);
	if (value < 0) {
		check(0, what, "the test names an unknown knob or value");
		return;
	}
	char got[160];
	snprintf(got, sizeof got, "row '%s' gives %s", row->label,
	         row->knob[id] >= 0 ? knob_info((enum knob_id)id)->values[row->knob[id]]
	                            : "(unset)");
	check(row->knob[id] == value, what, got);
}

/* Every row has a source and a label; resolving its own `from` finds it. */
static void check_rows(void)
{
	for (unsigned i = 0; i < versions_count(); i++) {
		const struct version_row *row = versions_row(i);
		char err[1024];
		check(row->source[0] != '\0', "row has a source", row->label);
		check(row->label[0] != '\0', "row has a label", row->from);
		check(versions_resolve(row->component, row->from, err, sizeof err) == row,
		      "a row's 'from' resolves to that row", row->label);
		if (row->until[0] != '\0')
			check(versions_resolve(row->component, row->until, err, sizeof err) != row,
			      "a row's 'until' is outside the row", row->label);
	}
}

/* The first letters of a knob name say which component decides it. */
static enum component knob_owner(enum knob_id id)
{
	const char *name = knob_info(id)->name;
	if (name[0] == 'g')
		return COMPONENT_KERNEL;
	return name[0] == 'd' ? COMPONENT_QEMU : COMPONENT_XEN;
}

/* Every knob is decided by some row of its own component, and by no row of
 * another one. */
static void check_knob_coverage(void)
{
	for (int id = 0; id < KNOB_COUNT; id++) {
		unsigned own = 0, foreign = 0;
		for (unsigned i = 0; i < versions_count(); i++) {
			const struct version_row *row = versions_row(i);
			if (row->knob[id] < 0)
				continue;
			if (row->component == knob_owner((enum knob_id)id))
				own++;
			else
				foreign++;
		}
		const char *name = knob_info((enum knob_id)id)->name;
		check(own > 0, "knob decided by a row of its component", name);
		check(foreign == 0, "knob decided only by its component", name);
	}
}

static void check_unknown(enum component c, const char *version, const char *listed)
{
	char err[1024] = "";
	char what[128];
	snprintf(what, sizeof what, "%s '%s' is unknown", component_name(c), version);
	const struct version_row *row = versions_resolve(c, version, err, sizeof err);
	check(row == NULL, what, row != NULL ? row->label : "");
	check(strstr(err, "unknown") != NULL && strstr(err, "known: ") != NULL &&
	      strstr(err, listed) != NULL, what, err);
}

static void check_unknown_releases(void)
{
	check_unknown(COMPONENT_QEMU, "0.15", "2.1");
	check_unknown(COMPONENT_QEMU, "banana", "qemu-xen-traditional");
	check_unknown(COMPONENT_KERNEL, "2.6.32", "2.6.37");
	check_unknown(COMPONENT_KERNEL, "4.4.60-foo", "4.4.58");
	check_unknown(COMPONENT_KERNEL, "3.10.0-514.24.1", "3.10.0-514.24.1.el7");
	check_unknown(COMPONENT_XEN, "3.4", "4.2");
	check_unknown(COMPONENT_XEN, "99", "4.22 .. 4.22.y");
	check_unknown(COMPONENT_XEN, "4.23", "open-ended");
	check_unknown(COMPONENT_KERNEL, "9.9", "5.17-rc1 .. 6.12.y");
	check_unknown(COMPONENT_KERNEL, "6.13", "6.12.y");
	check_unknown(COMPONENT_QEMU, "99.0", "10.0.y");
	check_unknown(COMPONENT_QEMU, "10.1", "10.0.y");
	check_unknown(COMPONENT_QEMU, "qemu-xen-4.23.0", "qemu-xen-4.22.y");
	check_unknown(COMPONENT_KERNEL, "3.10.0-1160.el7", "3.10.0-693.*.el7");
	check_unknown(COMPONENT_XEN, "qemu-xen-4.4.0", "4.1");
	check_unknown(COMPONENT_XEN, "", "4.1");
}

static void check_ordering(void)
{
	check(versions_compare(COMPONENT_KERNEL, "4.9", "4.9.0") == 0, "4.9 == 4.9.0", "");
	check(versions_compare(COMPONENT_KERNEL, "4.9", "4.9.1") < 0, "4.9 < 4.9.1", "");
	check(versions_compare(COMPONENT_KERNEL, "4.11-rc1", "4.11") < 0, "rc1 < release", "");
	check(versions_compare(COMPONENT_KERNEL, "4.11-rc2", "4.11-rc10") < 0, "rc2 < rc10", "");
	check(versions_compare(COMPONENT_KERNEL, "4.10.17", "4.11-rc1") < 0,
	      "4.10.17 < 4.11-rc1", "");
	check(versions_compare(COMPONENT_KERNEL, "4.4.9", "4.4.10") < 0,
	      "4.4.9 < 4.4.10 (numeric, not textual)", "");
	check(versions_compare(COMPONENT_KERNEL, "3.10.0-514.2.2.el7",
	                       "3.10.0-514.24.1.el7") < 0, "514.2.2 < 514.24.1", "");
	check(versions_compare(COMPONENT_KERNEL, "3.10.0-514.24.1.el7",
	                       "3.10.0-693.el7") < 0, "514.24.1 < 693", "");
	check(versions_compare(COMPONENT_QEMU, "qemu-xen-4.5.0-rc1", "qemu-xen-4.5.0") < 0,
	      "qemu-xen rc < release", "");
}

/* Every Xen row's bundled device model resolves in the QEMU rows. */
static void check_bundled_qemu(void)
{
	for (unsigned i = 0; i < versions_count(); i++) {
		const struct version_row *row = versions_row(i);
		char err[1024];
		if (row->component != COMPONENT_XEN)
			continue;
		check(versions_resolve(COMPONENT_QEMU, row->bundled_qemu, err, sizeof err) != NULL,
		      "bundled-qemu resolves", err);
	}
}

int main(void)
{
	const char *table_error = versions_table_error();
	check(table_error == NULL, "embedded table loads", table_error ? table_error : "");
	check(versions_count() > 0, "table has rows", "");
	for (size_t i = 0; i < sizeof expectations / sizeof expectations[0]; i++)
		check_expectation(&expectations[i]);
	check_rows();
	check_knob_coverage();
	check_unknown_releases();
	check_ordering();
	check_bundled_qemu();
	printf("%u passed, %u failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
