/*
 * logread.h - what the conformance search (conform.c) needs of the log
 * readers beyond the public API: a line of this path reduced to what a
 * run of the model must print to match it.
 */
#ifndef PIRQSIM_LOGREAD_H
#define PIRQSIM_LOGREAD_H

#include <stdbool.h>

#include "pirqsim.h"

/*
 * The key of a line of this path: the model's format string it matched and
 * its conversions, where a number that names a resource (a pirq, an irq, a
 * vector, an entry, a domain, an I/O tag) is "#" and a number that is a
 * result (after "ret=", "status: ", "err", "rc") and every word ("-X",
 * "err") are kept as printed.  The model numbers its pirqs and irqs its
 * own way, so only the results and the words can disagree with a real
 * line.  False when the record is not a line of this path.
 */
#define LOGREAD_KEY_MAX 448   /* a message is at most 400 bytes (logread.c MESSAGE_MAX), its key no longer */
struct logread_key {
	const char *format;  /* the format of logformats.inc, by identity */
	enum pirqsim_printed printed; /* does a stock build print it (else: which build does) */
	char args[LOGREAD_KEY_MAX];
};
bool logread_key(const struct pirqsim_log_record *record, struct logread_key *key);

#endif
