/*
 * fuzz_logs.c - the readers of real logs (src/trace/logread.c, `pirqsim
 * explain`) on arbitrary bytes: every line becomes one record whose prefix
 * and message together are the line, with a class, a source and, on this
 * path, the model's format it matched; every version evidence has a value.
 * Then the conformance search (src/trace/conform.c) on the records, with
 * small bounds: its verdict follows the failure lines, and every record it
 * names (aligned, unplaced) is one of the log's.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "pirqsim.h"

static void explain_check(const pirqsim_log *log)
{
	bool failure = false;
	size_t records = pirqsim_log_record_count(log);
	for (size_t i = 0; i < records; i++)
		failure |= pirqsim_log_record_at(log, i)->failure;
	struct pirqsim_explain_options options;
	pirqsim_explain_options_init(&options);
	options.states_max = 64;
	options.configurations_max = 2;
	pirqsim_explanation *x = pirqsim_explain(log, &options, NULL);
	if (!x)
		return; /* out of memory */
	enum pirqsim_verdict v = pirqsim_explanation_verdict(x);
	FUZZ_CHECK((v == PIRQSIM_HOLDS) == !failure, "verdict %d with%s a failure line", (int)v, failure ? "" : "out");
	FUZZ_CHECK(v == PIRQSIM_HOLDS || v == PIRQSIM_VIOLATED || v == PIRQSIM_INCONCLUSIVE, "verdict %d", (int)v);
	for (unsigned i = 0; i < pirqsim_explanation_alignment_count(x); i++) {
		size_t r = pirqsim_explanation_alignment(x, i)->record;
		FUZZ_CHECK(r == (size_t)-1 || r < records, "alignment %u names record %zu of %zu", i, r, records);
	}
	for (unsigned i = 0; i < pirqsim_explanation_unplaced_count(x); i++)
		FUZZ_CHECK(pirqsim_explanation_unplaced(x, i) < records, "unplaced %u out of range", i);
	pirqsim_explanation_free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pirqsim_log *log = pirqsim_log_new();
	if (!log)
		return 0;
	if (pirqsim_log_add(log, "fuzz", (const char *)data, size) != 0) {
		pirqsim_log_free(log);
		return 0;
	}
	size_t lines = 0;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	lines += size > 0 && data[size - 1] != '\n';
	FUZZ_CHECK(pirqsim_log_record_count(log) == lines, "%zu records for %zu lines", pirqsim_log_record_count(log), lines);
	for (size_t i = 0; i < pirqsim_log_record_count(log); i++) {
		const struct pirqsim_log_record *r = pirqsim_log_record_at(log, i);
		FUZZ_CHECK(r->line && r->prefix && r->message && r->device && r->function, "record %zu has a NULL field", i);
		FUZZ_CHECK(strlen(r->prefix) + strlen(r->message) == strlen(r->line), "record %zu: prefix + message != line", i);
		FUZZ_CHECK(r->class_ < PIRQSIM_LOG_CLASS_COUNT && r->source < PIRQSIM_LOG_SOURCE_COUNT, "record %zu out of range", i);
		FUZZ_CHECK((r->class_ == PIRQSIM_LOG_THIS_PATH) == (r->format != NULL), "record %zu: class and format disagree", i);
		FUZZ_CHECK(!r->failure || r->class_ == PIRQSIM_LOG_THIS_PATH, "record %zu: a failure off this path", i);
	}
	for (size_t i = 0; i < pirqsim_log_evidence_count(log); i++)
		FUZZ_CHECK(pirqsim_log_evidence_at(log, i)->value[0], "evidence %zu without a value", i);
	(void)pirqsim_log_version(log, "kernel");
	(void)pirqsim_log_file_format(log, "fuzz");
	explain_check(log);
	pirqsim_log_free(log);
	return 0;
}
