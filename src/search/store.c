/*
 * store.c - visited-state set (see store.h).  Hash: xxHash's XXH3 64-bit
 * (Debian libxxhash) over the packed state's bytes.
 */
#include "search/store.h"
#include "search/region.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define OFFSET_BITS 40
#define OFFSET_MASK ((1ull << OFFSET_BITS) - 1)
#define TAG_BITS (64 - OFFSET_BITS)

/* A slot's home: the top bits of the hash.  The slot keeps the top
 * TAG_BITS of the hash as its tag (offsets start at 1, so a slot is never
 * 0), so while the table has at most 2^TAG_BITS slots, growing needs no
 * rehash of the states themselves.  Hash compaction keeps the whole hash. */
static uint64_t home(const struct store *s, uint64_t hash)
{
	return hash >> (64 - s->table_bits);
}

int store_init(struct store *s, unsigned state_size, const uint8_t *base, uint64_t memory_max, bool compact)
{
	memset(s, 0, sizeof(*s));
	s->state_size = state_size;
	s->base = base;
	s->compact = compact;
	/* The table starts small and doubles (store_grow) up to a quarter of
	 * the budget; the arena gets the rest, touched only as it fills. */
	uint64_t table = 1u << 16; /* table_bits below */
	s->table_max = table;
	while (s->table_max * 8 * (compact ? 2 : 4) <= memory_max && s->table_max < (1ull << 34))
		s->table_max <<= 1;
	s->slot_mask = table - 1;
	s->table_bits = 16;
	s->arena_size = compact ? 4096 : memory_max > s->table_max * 8 ? memory_max - s->table_max * 8 : memory_max / 2;
	if (s->arena_size > OFFSET_MASK)
		s->arena_size = OFFSET_MASK;
	/* Address space, touched lazily (region.h). */
	s->slot = region_reserve(table * sizeof(uint64_t));
	s->arena = region_reserve(s->arena_size);
	s->scratch = malloc(2 * (size_t)state_size + 8);
	s->decoded = malloc(state_size);
	if (!s->slot || !s->arena || !s->scratch || !s->decoded) {
		store_free(s);
		return -1;
	}
	s->arena_used = 1; /* offset 0 is never a record, so slot 0 means empty */
	s->bytes = s->table_max * sizeof(uint64_t) + s->arena_size;
	return 0;
}

int store_init_tree(struct store *s, unsigned state_size, uint64_t memory_max)
{
	memset(s, 0, sizeof(*s));
	s->state_size = state_size;
	s->tree = malloc(sizeof(*s->tree));
	if (!s->tree || tree_store_init(s->tree, state_size, memory_max) != 0) {
		free(s->tree);
		s->tree = NULL;
		return -1;
	}
	s->bytes = memory_max;
	return 0;
}

void store_free(struct store *s)
{
	if (s->tree) {
		tree_store_free(s->tree);
		free(s->tree);
		s->tree = NULL;
	}
	size_t table = (s->slot_mask + 1) * sizeof(uint64_t);
	region_release(s->slot, table, table);
	region_release(s->arena, s->arena_size, s->arena_used);
	free(s->scratch);
	free(s->decoded);
	s->decoded = NULL;
	s->slot = NULL;
	s->arena = NULL;
	s->scratch = NULL;
}

/* Record: 2-byte length, then tokens (zero-run length, literal length,
 * literals) of state XOR base, greedy and so canonical.  Runs of equal
 * bytes are skipped eight at a time. */
static unsigned zero_run(const struct store *s, const uint8_t *state, unsigned i, unsigned limit)
{
	unsigned start = i;
	while (i + 8 <= s->state_size && i - start + 8 <= limit) {
		uint64_t a, b;
		memcpy(&a, state + i, 8);
		memcpy(&b, s->base + i, 8);
		if (a != b)
			break;
		i += 8;
	}
	while (i < s->state_size && i - start < limit && state[i] == s->base[i])
		i++;
	return i - start;
}

static unsigned encode(const struct store *s, const uint8_t *state, uint8_t *out)
{
	unsigned n = 2, i = 0;
	while (i < s->state_size) {
		unsigned zeros = zero_run(s, state, i, 255);
		i += zeros;
		unsigned start = i, literals = 0;
		while (i < s->state_size && literals < 255 && state[i] != s->base[i])
			literals++, i++;
		out[n++] = (uint8_t)zeros;
		out[n++] = (uint8_t)literals;
		for (unsigned k = 0; k < literals; k++)
			out[n++] = state[start + k] ^ s->base[start + k];
	}
	out[0] = (uint8_t)(n & 0xff);
	out[1] = (uint8_t)(n >> 8);
	return n;
}

/* Inverse of encode, into s->decoded. */
static void decode(const struct store *s, const uint8_t *record)
{
	unsigned length = record[0] | (unsigned)record[1] << 8, n = 2, i = 0;
	while (n < length) {
		unsigned zeros = record[n++], literals = record[n++];
		for (unsigned k = 0; k < zeros; k++, i++)
			s->decoded[i] = s->base[i];
		for (unsigned k = 0; k < literals; k++, i++)
			s->decoded[i] = record[n++] ^ s->base[i];
	}
}

/* Double the table (while within a quarter of the budget) and re-insert
 * every record; the full hash is recomputed from the decoded state.
 * Amortised over the insertions, like any doubling table. */
static int store_grow(struct store *s)
{
	uint64_t old_size = s->slot_mask + 1, size = old_size * 2;
	if (size > s->table_max)
		return -1;
	uint64_t *slot = region_reserve(size * sizeof(uint64_t));
	if (!slot)
		return -1;
	s->table_bits++;
	for (uint64_t j = 0; j < old_size; j++) {
		uint64_t entry = s->slot[j];
		if (entry == 0)
			continue;
		uint64_t hash = entry;
		if (!s->compact && s->table_bits <= TAG_BITS) {
			hash = entry & ~OFFSET_MASK;
		} else if (!s->compact) {
			decode(s, s->arena + (entry & OFFSET_MASK));
			hash = XXH3_64bits(s->decoded, s->state_size);
		}
		uint64_t i = home(s, hash);
		while (slot[i] != 0)
			i = (i + 1) & (size - 1);
		slot[i] = entry;
	}
	region_release(s->slot, old_size * sizeof(uint64_t), old_size * sizeof(uint64_t));
	s->slot = slot;
	s->slot_mask = size - 1;
	/* Touched at random: the whole table is in use. */
	if (size * sizeof(uint64_t) >= REGION_HUGE_FROM)
		region_advise_huge(slot, size * sizeof(uint64_t));
	return 0;
}

/* Hash compaction: the slot is the fingerprint, its low bit forced to 1 so
 * that it is never 0; the index comes from the bits above it. */
static enum store_result insert_fingerprint(struct store *s, uint64_t fingerprint)
{
	for (uint64_t i = home(s, fingerprint);; i = (i + 1) & s->slot_mask) {
		if (s->slot[i] == fingerprint)
			return STORE_SEEN;
		if (s->slot[i] == 0) {
			s->slot[i] = fingerprint;
			s->count++;
			return STORE_NEW;
		}
	}
}

_Static_assert((int)TREE_NEW == (int)STORE_NEW && (int)TREE_SEEN == (int)STORE_SEEN &&
               (int)TREE_FULL == (int)STORE_FULL, "tree store results are store results");

size_t store_tree_ref_size(const struct store *s) { return s->tree ? tree_store_ref_size(s->tree) : 0; }

void store_tree_ref_bind(const struct store *s, struct tree_ref *ref, void *memory)
{
	if (s->tree)
		tree_store_ref_bind(s->tree, ref, memory);
	else
		*ref = (struct tree_ref){0};
}

enum store_result store_insert_tree(struct store *s, const uint8_t *state, const struct tree_ref *parent,
                                    struct tree_ref *out)
{
	if (!s->tree)
		return store_insert(s, state);
	enum store_result r = store_insert_tree_with(s, &s->tree->own, state, parent, out);
	s->count += r == STORE_NEW;
	return r;
}

void store_share_tree(struct store *s)
{
	if (s->tree)
		tree_store_share(s->tree);
}

void store_join(struct store *s, struct tree_cursor *cursor, unsigned member)
{
	if (s->tree && s->tree->shared)
		tree_store_join(s->tree, cursor, member);
}

void store_leave(struct store *s, struct tree_cursor *cursor)
{
	if (s->tree && s->tree->shared)
		tree_store_leave(s->tree, cursor);
}

void store_safepoint(struct store *s, struct tree_cursor *cursor)
{
	if (s->tree)
		tree_store_safepoint(s->tree, cursor);
}

enum store_result store_insert_tree_with(struct store *s, struct tree_cursor *cursor, const uint8_t *state,
                                         const struct tree_ref *parent, struct tree_ref *out)
{
	return (enum store_result)tree_store_insert_with(s->tree, cursor, state, parent, out);
}

enum store_result store_insert(struct store *s, const uint8_t *state)
{
	if (s->tree)
		return store_insert_tree(s, state, NULL, &s->tree->own.scratch);
	if (s->count >= (s->slot_mask + 1) / 2 && store_grow(s) != 0)
		return STORE_FULL;
	uint64_t hash = XXH3_64bits(state, s->state_size);
	if (s->compact)
		return insert_fingerprint(s, hash | 1);
	uint64_t tag = hash >> OFFSET_BITS;
	unsigned length = encode(s, state, s->scratch);
	for (uint64_t i = home(s, hash);; i = (i + 1) & s->slot_mask) {
		uint64_t entry = s->slot[i];
		if (entry == 0) {
			if (s->arena_used + length > s->arena_size)
				return STORE_FULL;
			memcpy(s->arena + s->arena_used, s->scratch, length);
			s->slot[i] = (tag << OFFSET_BITS) | s->arena_used;
			if (s->arena_used < REGION_HUGE_FROM && s->arena_used + length >= REGION_HUGE_FROM)
				region_advise_huge(s->arena, s->arena_size);
			s->arena_used += length;
			s->count++;
			return STORE_NEW;
		}
		const uint8_t *record = s->arena + (entry & OFFSET_MASK);
		if ((entry >> OFFSET_BITS) == tag && (record[0] | (unsigned)record[1] << 8) == length &&
		    memcmp(record, s->scratch, length) == 0)
			return STORE_SEEN;
	}
}

double store_omission_probability(const struct store *s)
{
	double n = (double)s->count;
	return n * (n - 1) / 2 / 18446744073709551616.0;
}

double store_bytes_per_state(const struct store *s)
{
	if (s->count == 0)
		return 0;
	if (s->tree)
		return (double)tree_store_bytes_used(s->tree) / (double)s->count;
	if (s->compact)
		return 16.0; /* one 8-byte slot at load <= 1/2 */
	/* The table is sized for the budget; count it at the load it is
	 * filled to at the end (2 slots a state at most). */
	return (double)(s->arena_used - 1) / (double)s->count + 16.0;
}

/* ---- shared use ----------------------------------------------------------- */

int store_reserve(struct store *s, uint64_t states)
{
	while ((s->slot_mask + 1) / 2 < states)
		if (store_grow(s) != 0)
			return -1;
	return 0;
}

size_t store_scratch_size(const struct store *s) { return 2 * (size_t)s->state_size + 8; }

static enum store_result claim_fingerprint(struct store *s, uint64_t fingerprint)
{
	for (uint64_t i = home(s, fingerprint), probes = 0; probes <= s->slot_mask;
	     i = (i + 1) & s->slot_mask, probes++) {
		uint64_t seen = __atomic_load_n(&s->slot[i], __ATOMIC_ACQUIRE);
		if (seen == 0 && __atomic_compare_exchange_n(&s->slot[i], &seen, fingerprint, false, __ATOMIC_ACQ_REL,
		                                             __ATOMIC_ACQUIRE))
			return STORE_NEW;
		if (seen == fingerprint)
			return STORE_SEEN;
	}
	return STORE_FULL;
}

/* Arena space for one record from the caller's own chunk, claimed 1 MiB at
 * a time so that threads do not meet on one counter per state. */
static uint64_t claim_arena(struct store *s, struct store_cursor *cursor, unsigned length)
{
	if (cursor->next + length > cursor->end) {
		uint64_t chunk = 1u << 20;
		uint64_t start = __atomic_fetch_add(&s->arena_used, chunk, __ATOMIC_RELAXED);
		if (start + chunk > s->arena_size)
			return 0;
		if (start < REGION_HUGE_FROM && start + chunk >= REGION_HUGE_FROM)
			region_advise_huge(s->arena, s->arena_size); /* one thread claims that chunk */
		cursor->next = start;
		cursor->end = start + chunk;
	}
	uint64_t offset = cursor->next;
	cursor->next += length;
	cursor->used += length;
	return offset;
}

enum store_result store_insert_shared(struct store *s, const uint8_t *state, struct store_cursor *cursor)
{
	uint8_t *scratch = cursor->scratch;
	uint64_t hash = XXH3_64bits(state, s->state_size);
	if (s->compact)
		return claim_fingerprint(s, hash | 1);
	uint64_t tag = hash >> OFFSET_BITS;
	unsigned length = encode(s, state, scratch);
	uint64_t offset = 0; /* arena space claimed for this record, 0 = none yet */
	for (uint64_t i = home(s, hash);; i = (i + 1) & s->slot_mask) {
		uint64_t entry = __atomic_load_n(&s->slot[i], __ATOMIC_ACQUIRE);
		if (entry == 0) {
			if (offset == 0) {
				offset = claim_arena(s, cursor, length);
				if (offset == 0)
					return STORE_FULL;
				memcpy(s->arena + offset, scratch, length);
			}
			uint64_t mine = (tag << OFFSET_BITS) | offset;
			if (__atomic_compare_exchange_n(&s->slot[i], &entry, mine, false, __ATOMIC_ACQ_REL,
			                                __ATOMIC_ACQUIRE))
				return STORE_NEW;
			/* Another thread took the slot: look at what it put there. */
		}
		const uint8_t *record = s->arena + (entry & OFFSET_MASK);
		if ((entry >> OFFSET_BITS) == tag && (record[0] | (unsigned)record[1] << 8) == length &&
		    memcmp(record, scratch, length) == 0)
			return STORE_SEEN; /* claimed arena space, if any, stays unused */
	}
}
