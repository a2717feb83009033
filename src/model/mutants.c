/*
 * mutants.c - the mutant switch (mutants.h).
 */
#include "model/mutants.h"

#ifdef PIRQSIM_MUTANTS
enum mutant pirqsim_mutant = MUTANT_NONE;
#endif

const char *mutant_name(enum mutant m)
{
	static const char *const names[MUTANT_COUNT] = {
		"none", "skip-lowest-pirq", "one-free-pirq", "count-reserved", "peek-neighbour",
		"device-index", "shadow-read", "disable-first-only", "fault-port-leak", "fallback-keeps-irqs",
		"forced-freed", "inject-ignores-key", "fault-device-index", "fault-peek",
		"unbind-keeps-dpci", "top-pirq-refused",
	};
	return (unsigned)m < MUTANT_COUNT ? names[m] : "?";
}
