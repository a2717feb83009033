/*
 * fuzz_versions.c - the version table's TSV parser (src/versions/versions.c) on
 * arbitrary bytes, then release resolution against whatever table loaded.
 * Input: the table text, optionally followed by a NUL and a release name.
 */
#include <string.h>

#include "fuzz.h"
#include "versions/versions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t table_size = nul ? (size_t)(nul - text) : size;
	char release[64] = "4.10";
	if (nul) {
		size_t n = size - table_size - 1;
		n = n < sizeof(release) - 1 ? n : sizeof(release) - 1;
		memcpy(release, nul + 1, n);
		release[n] = '\0';
	}
	unsigned count = versions_load_text(text, table_size);
	FUZZ_CHECK(count > 0 || versions_table_error() != NULL, "empty table without an error");
	for (unsigned c = 0; c < COMPONENT_COUNT; c++) {
		char err[600], known[256];
		const struct version_row *row = versions_resolve((enum component)c, release, err, sizeof(err));
		FUZZ_CHECK(row || err[0], "no row and no message");
		versions_known_list((enum component)c, known, sizeof(known));
		(void)versions_compare((enum component)c, release, "4.8");
	}
	for (unsigned i = 0; i < count; i++)
		FUZZ_CHECK(versions_row(i)->label[0] != '\0', "row %u without a label", i);
	versions_load_text(NULL, 0); /* back to the embedded table */
	return 0;
}
