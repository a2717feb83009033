#!/bin/sh
# determinism.sh PIRQSIM TESTS_DIR - the determinism gate.
#
# The same check run twice must print the same bytes and write the same
# trail: no wall-clock, address or hash-order dependence may leak into any
# output that is not a timing figure.  Only timing figures are masked before
# comparing: the statistics line "N seconds, M states/second" and the
# trailing "N s" of the random-walk summary.  Everything else (verdicts,
# violations, state/transition counts, depth, trails) must be identical.
#
# With --threads the trail may legitimately differ (src/search/parallel.c: which
# thread stores a state first decides its parent), so there the verdict,
# the first violated property and the state counts are compared with the
# single-threaded breadth-first search's, not the trail.
# Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"

# Mask timing figures only.
mask() {
	sed -E -e 's/^( *)[0-9.]+ seconds, [0-9.]+ states\/second$/\1TIME seconds, RATE states\/second/' \
	       -e 's/, [0-9.]+ s$/, TIME s/' "$1"
}

ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

# run NAME ARGS...: run twice, compare masked output, exit status and trail.
twice() {
	name=$1
	shift
	for i in 1 2; do
		mkdir -p "$i"
		(cd "$i" && "$pirqsim" "$@" --trail-out "$name.trail" >"$name.out" 2>&1; echo $? >"$name.rc")
		mask "$i/$name.out" >"$i/$name.masked"
	done
	if [ "$(cat "1/$name.rc")" -gt 4 ]; then
		bad "$name: exit status $(cat "1/$name.rc"): $(head -3 "1/$name.out")"
	elif ! cmp -s "1/$name.rc" "2/$name.rc"; then
		bad "$name: exit status differs: $(cat "1/$name.rc") vs $(cat "2/$name.rc")"
	elif ! cmp -s "1/$name.masked" "2/$name.masked"; then
		bad "$name: output differs between two identical runs:"
		diff "1/$name.masked" "2/$name.masked" | head -20 | sed 's/^/     /'
	elif [ -f "1/$name.trail" ] && ! cmp -s "1/$name.trail" "2/$name.trail"; then
		bad "$name: trail differs between two identical runs"
	else
		ok "$name: pirqsim $* (exit $(cat "1/$name.rc"), identical twice)"
	fi
}

# The counts a search prints (stored, matched, transitions) and its verdict.
# A search that finds a violation stops where its threads happen to be, so
# then only the verdict and the first violated property are compared.
counts() {
	grep -q '^violated:' "$1" && { grep -m1 '^violated:' "$1" | sed -E 's/^violated: ([a-z-]+):.*/violated: \1/'; return; }
	grep -E '^ +[0-9]+ (states, stored|states, matched|transitions)|^verdict:|^violated:' "$1" |
		sed -E 's/\(after step [0-9]+\)//; s/^violated: ([a-z-]+):.*/violated: \1/'
}

old="--kernel 4.10 --qemu 2.8 --xen 4.8"
# Seeded random walks: same seeds, same walks, same first violation.
for seed in 1 7 12345 18446744073709551615; do
	twice "random-old-$seed" check nvme-2017 --random --seed "$seed" --walks 300
	twice "random-fixed-$seed" check nvme-2017-fixed --random --seed "$seed" --walks 200
done
twice random-nic check --kernel 2.6.38 --qemu 2.0 --nic 2 --random --seed 3 --walks 200
twice random-shard check nvme-2017-fixed --random --seed 9 --walks 100 --shard 1/3
# Exhaustive searches, depth- and breadth-first, holding and violated, on
# one thread (on several, which violation stops the search first is the
# threads' race: those are compared further down).
for scenario in nvme-2017 nvme-2017-fixed; do
	twice "dfs-$scenario" check "$scenario" --threads 1
	twice "bfs-$scenario" check "$scenario" --bfs
	twice "dfs-nosym-$scenario" check "$scenario" --no-symmetry --threads 1
done
twice dfs-nvme3 check --kernel 4.11 --nvme 3 --io-queues 1 --threads 1
twice bfs-msi check $old --nvme 2 --msi --bfs
twice dfs-compact check nvme-2017-fixed --hash-compact
# Faults are choices like any other: as deterministic.
twice dfs-faults check nvme-2017-fixed --fault reload@nvme1 --fault irq-during-setup --threads 1
twice bfs-fault-ebusy check nvme-2017-fixed --fault bind-pt-irq-ebusy --bfs
twice random-faults check nvme-2017-fixed --fault flr --fault map-pirq-enomem --random --seed 11 --walks 100
for file in "$tests"/verdicts/*.yaml; do
	twice "verdict-$(basename "$file" .yaml)" check "$file" --threads 1
done
# Inconclusive results print the statistics so far: those must not drift.
twice depth-bound check nvme-2017-fixed --depth-max 7 --threads 1
twice store-bound check nvme-2017-fixed --memory-max 4K --threads 1

# --threads 2: verdict, first violated property and (when the properties
# hold) the counts of the single-threaded breadth-first search (twice each).
for scenario in nvme-2017 nvme-2017-fixed "--kernel 4.11 --nvme 3 --io-queues 1"; do
	# shellcheck disable=SC2086 # the third "scenario" is a list of options
	"$pirqsim" check $scenario --bfs --trail-out bfs.trail >bfs.out 2>&1
	counts bfs.out >bfs.counts
	for i in 1 2; do
		# shellcheck disable=SC2086
		"$pirqsim" check $scenario --bfs --threads 2 --trail-out par.trail >par.out 2>&1
		counts par.out >par.counts
		if [ ! -s bfs.counts ]; then
			bad "threads-$scenario: no counts from the breadth-first search: $(head -3 bfs.out)"
		elif cmp -s bfs.counts par.counts; then
			ok "threads-$scenario run $i: verdict and counts as single-threaded BFS"
		else
			bad "threads-$scenario run $i: differs from single-threaded BFS:"
			diff bfs.counts par.counts | sed 's/^/     /'
		fi
	done
done
twice threads-holds-counts check nvme-2017-fixed --threads 2 --quiet
# The depth-first search on 2 and 3 threads: where the properties hold, the
# counts of the single-threaded one, every run (canon.h: the reduced state
# graph depends on the states alone).
for scenario in nvme-2017-fixed "--kernel 4.11 --nvme 5 --io-queues 4" "--kernel 4.11 --nic 4 --vectors 2" \
	"--kernel 4.11 --nvme 4 --no-por"; do
	# shellcheck disable=SC2086 # a "scenario" may be a list of options
	"$pirqsim" check $scenario --threads 1 >one.out 2>&1
	counts one.out >one.counts
	for threads in 2 3; do
		# shellcheck disable=SC2086
		"$pirqsim" check $scenario --threads $threads >par.out 2>&1
		counts par.out >par.counts
		if [ -s one.counts ] && cmp -s one.counts par.counts; then
			ok "dfs-threads-$threads $scenario: verdict and counts as on one thread"
		else
			bad "dfs-threads-$threads $scenario: differs from one thread:"
			diff one.counts par.counts | sed 's/^/     /'
		fi
	done
done

finish
