/*
 * hashes.c - the hashes a trail carries (hashes.h): XXH3 64-bit (Debian
 * libxxhash), as the state store uses, over the packed world (world_pack:
 * the used prefixes of the world's arrays, padding zeroed by world_init)
 * and over the choice bytes; the rule-set hash is computed at build time
 * from the model's source text (cmake/rules_hash.cmake).
 */
#include "trace/hashes.h"

#include <assert.h>

#include <xxhash.h>

#include "pirqsim.h"

extern const char pirqsim_rules_hash_text[];

static uint64_t hex64(const char *text)
{
	uint64_t value = 0;
	for (unsigned i = 0; i < 16 && text[i]; i++) {
		char c = text[i];
		unsigned digit = c >= '0' && c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'a' + 10);
		value = value << 4 | digit;
	}
	return value;
}

uint64_t integrity_rules_hash(void) { return hex64(pirqsim_rules_hash_text); }
const char *integrity_rules_hash_text(void) { return pirqsim_rules_hash_text; }
const char *pirqsim_rules_hash(void) { return pirqsim_rules_hash_text; }

uint64_t integrity_world_hash(const struct world *w, const struct config *cfg)
{
	uint8_t packed[sizeof(struct world) + 16];
	assert(world_packed_size(cfg) <= sizeof(packed));
	unsigned size = world_pack(w, cfg, packed);
	return XXH3_64bits(packed, size);
}

uint64_t integrity_choices_hash(const uint8_t *choices, unsigned count)
{
	return XXH3_64bits(choices, count);
}

bool integrity_sealed(const struct scenario_spec *spec)
{
	return spec->has_integrity && spec->rules_hash == integrity_rules_hash() &&
	       spec->step_hash_count == spec->choice_count &&
	       spec->step_hash_choices == integrity_choices_hash(spec->choice, spec->choice_count);
}
