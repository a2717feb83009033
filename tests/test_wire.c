/*
 * test_wire.c - cells and results as bytes (pirqsim_cell_pack, what
 * pirqsim-mpi's ranks send rank 0): a cell packed and unpacked into the same
 * cell of another list is the cell (outcomes, findings, trails as YAML);
 * the bytes cut at every length, with any one byte of the header changed,
 * or offered to another cell, are refused, never read past.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pirqsim.h"
#include "test_expect.h"


/* The cells of the table: a failing, a working and a not-applicable cell. */
static const char *const cells[][3] = {
	{"4.10", "2.8", "4.8"},
	{"4.11", "2.8", "4.8"},
	{"2.6.37", "1.0", "4.0"},
};
#define CELLS (sizeof(cells) / sizeof(cells[0]))

static pirqsim_cells *list(pirqsim_error *error)
{
	pirqsim_cells *c = pirqsim_cells_new(NULL, error);
	assert(c);
	for (unsigned i = 0; i < CELLS; i++)
		assert(pirqsim_cells_add(c, cells[i][0], cells[i][1], cells[i][2], NULL, error) == (int)i);
	return c;
}

static char *yaml(const pirqsim_result *r)
{
	size_t need = pirqsim_result_trail_yaml(r, NULL, 0) + 1;
	char *text = malloc(need);
	assert(text);
	pirqsim_result_trail_yaml(r, text, need);
	return text;
}

/* Cell i of `b` is cell i of `a`. */
static void same_cell(const pirqsim_cells *a, const pirqsim_cells *b, unsigned i)
{
	EXPECT(pirqsim_cell_outcome(a, i) == pirqsim_cell_outcome(b, i));
	EXPECT(pirqsim_cell_deciding(a, i) == pirqsim_cell_deciding(b, i));
	EXPECT(strcmp(pirqsim_cell_error(a, i), pirqsim_cell_error(b, i)) == 0);
	for (unsigned w = 0; w < pirqsim_cells_workload_count(a); w++) {
		const pirqsim_result *x = pirqsim_cell_result(a, i, w), *y = pirqsim_cell_result(b, i, w);
		EXPECT(pirqsim_cell_workload_outcome(a, i, w) == pirqsim_cell_workload_outcome(b, i, w));
		EXPECT(!x == !y);
		if (!x || !y)
			continue;
		EXPECT(pirqsim_result_verdict(x) == pirqsim_result_verdict(y));
		EXPECT(pirqsim_result_statistics(x)->states_stored == pirqsim_result_statistics(y)->states_stored);
		EXPECT(pirqsim_result_violation_count(x) == pirqsim_result_violation_count(y));
		for (unsigned v = 0; v < pirqsim_result_violation_count(x); v++)
			EXPECT(strcmp(pirqsim_result_violation_text(x, v), pirqsim_result_violation_text(y, v)) == 0);
		EXPECT(strcmp(pirqsim_result_limit(x), pirqsim_result_limit(y)) == 0);
		char *tx = yaml(x), *ty = yaml(y);
		EXPECT(strcmp(tx, ty) == 0);
		free(tx);
		free(ty);
	}
}

int main(void)
{
	pirqsim_error *error = pirqsim_error_new();
	assert(error);
	pirqsim_cells *ran = list(error), *got = list(error);
	struct pirqsim_cells_options o = {.jobs = 1};
	pirqsim_cells_run(ran, &o);
	EXPECT(pirqsim_cell_outcome(ran, 0) == PIRQSIM_OUTCOME_INIT_FAILURE);
	EXPECT(pirqsim_cell_outcome(ran, 1) == PIRQSIM_OUTCOME_WORKS);
	EXPECT(pirqsim_cell_outcome(ran, 2) == PIRQSIM_OUTCOME_NOT_APPLICABLE);

	/* A shard leaves the other cells inconclusive, "not run". */
	o.shard_index = 1;
	o.shard_count = 2;
	pirqsim_cells_run(got, &o);
	EXPECT(pirqsim_cell_outcome(got, 0) == PIRQSIM_OUTCOME_INCONCLUSIVE);
	EXPECT(strstr(pirqsim_cell_error(got, 0), "not run in this shard (1/2)") != NULL);
	EXPECT(pirqsim_cell_outcome(got, 1) == PIRQSIM_OUTCOME_WORKS);

	unsigned tried = 0;
	for (unsigned i = 0; i < CELLS; i++) {
		size_t n = pirqsim_cell_pack(ran, i, NULL, 0);
		uint8_t *bytes = malloc(n), *cut = malloc(n);
		assert(bytes && cut);
		EXPECT(pirqsim_cell_pack(ran, i, bytes, n) == n);
		/* Cut short at every length: refused (under ASan: never read past). */
		for (size_t k = 0; k < n; k++) {
			memcpy(cut, bytes, k);
			EXPECT(pirqsim_cell_unpack(got, i, cut, k, error) != 0);
			tried++;
		}
		/* Another cell's bytes: refused. */
		EXPECT(pirqsim_cell_unpack(got, (i + 1) % CELLS, bytes, n, error) != 0);
		EXPECT(strstr(pirqsim_error_text(error), "another cell") != NULL);
		EXPECT(pirqsim_cell_unpack(got, i, bytes, n, error) == 0);
		same_cell(ran, got, i);
		free(cut);
		free(bytes);
	}
	/* A result's header names its build: any changed header byte is refused. */
	const pirqsim_result *r = pirqsim_cell_result(ran, 0, 0);
	size_t n = pirqsim_result_pack(r, NULL, 0);
	uint8_t *bytes = malloc(n);
	assert(bytes && pirqsim_result_pack(r, bytes, n) == n);
	for (size_t k = 0; k < 16; k++) {
		bytes[k] ^= 0x5a;
		pirqsim_result *bad = pirqsim_result_unpack(bytes, n);
		EXPECT(bad == NULL);
		pirqsim_result_free(bad);
		bytes[k] ^= 0x5a;
	}
	pirqsim_result *good = pirqsim_result_unpack(bytes, n);
	EXPECT(good && pirqsim_result_trail_length(good) == pirqsim_result_trail_length(r));
	/* A trail of 4,096 steps would be 4 KiB; this one is what it holds. */
	EXPECT(n < 4096 + 1024);
	printf("wire: %u cells packed and unpacked, %u cut lengths refused; a failing cell's result is %zu bytes "
	       "(the struct: 64 KiB)\n", (unsigned)CELLS, tried, n);
	pirqsim_result_free(good);
	free(bytes);
	pirqsim_cells_free(ran);
	pirqsim_cells_free(got);
	pirqsim_error_free(error);
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures ? 1 : 0;
}
