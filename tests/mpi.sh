#!/bin/sh
# mpi.sh PIRQSIM_MPI PIRQSIM [MPIRUN] - the distributed search, on 1, 2 and
# 3 ranks.  With --bfs it is the sequential breadth-first search: the
# verdict, the states stored and matched, the transitions and the depth of
# `pirqsim check --bfs`, and on a violation the same first violated property
# and the same trail, which `pirqsim run --trail` replays.  Without, it is
# the reduced search of `pirqsim check`: the same verdict and, where the
# properties hold, the same states stored and matched and transitions as
# the depth-first search on one thread; a trail it writes replays to the
# violation it reports.  Then `pirqsim matrix --shard`: the shards' cells
# are the matrix's.
# Prints "N passed, M failed" last.
mpi=$(realpath "$1")
pirqsim=$(realpath "$2")
mpirun=${3:-mpirun}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
passed=0
failed=0
# Open MPI: allowed as root (CI), more ranks than cores, and no colour from
# the pseudo-terminal Open MPI gives rank 0.  In containers the shared-memory
# transport's single-copy mode (CMA) may not be allowed: plain copies.  When
# a rank exits non-zero (a violation) mpirun waits a second before it kills
# the job's other processes, which have exited anyway: no wait.
export NO_COLOR=1 OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_odls_base_sigkill_timeout=0
# Open MPI's own allocations outlive MPI_Finalize: not this program's leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -30 | sed 's/^/     /'
}

# The lines that must agree: verdict, first violation, counts, depth.
summary() {
	grep -E '^(verdict|violated)|states, stored|states, matched|transitions|depth reached' | sed 's/  */ /g'
}

if ! "$mpirun" --version >/dev/null 2>&1; then
	echo "skipped: $mpirun not found"
	exit 77
fi

# The reduced search: counts of the depth-first search (not its depth).
reduced_summary() {
	grep -E '^verdict|states, stored|states, matched|transitions' | sed 's/  */ /g'
}

compare_reduced() { # NAME ARGS...
	name=$1
	shift
	want=$("$pirqsim" check "$@" --threads 1 --trail-out "$tmp/seq.trail" 2>&1)
	want_status=$?
	for np in 1 2 3; do
		rm -f "$tmp/mpi.trail"
		got=$("$mpirun" --oversubscribe --allow-run-as-root -np "$np" "$mpi" check "$@" \
			--trail-out "$tmp/mpi.trail" 2>&1)
		status=$?
		if [ "$status" -ne "$want_status" ]; then
			fail "$name, reduced, on $np ranks: exit $status (want $want_status)" "$got"
		elif [ "$want_status" -eq 1 ]; then
			first=$(printf '%s\n' "$got" | sed -n 's/^violated: \([a-z-]*\):.*/\1/p')
			replay=$("$pirqsim" run --trail "$tmp/mpi.trail" --quiet 2>&1)
			if [ -n "$first" ] && printf '%s\n' "$replay" | grep -q "^violated: $first:"; then
				ok "$name, reduced, on $np ranks: violated $first, its trail replays to it"
			else
				fail "$name, reduced, on $np ranks: the trail does not replay to '$first'" "$replay"
			fi
		elif [ "$want_status" -eq 3 ]; then
			# a bound cuts a breadth-first search elsewhere than a depth-first one
			if [ "$(printf '%s\n' "$got" | grep '^verdict')" = "$(printf '%s\n' "$want" | grep '^verdict')" ]; then
				ok "$name, reduced, on $np ranks: $(printf '%s\n' "$got" | grep '^verdict')"
			else
				fail "$name, reduced, on $np ranks: another verdict" "$got"
			fi
		elif [ "$(printf '%s\n' "$got" | reduced_summary)" != "$(printf '%s\n' "$want" | reduced_summary)" ]; then
			fail "$name, reduced, on $np ranks: got, then want:" \
				"$(printf '%s\n' "$got" | reduced_summary; echo ---; printf '%s\n' "$want" | reduced_summary)"
		else
			ok "$name, reduced, on $np ranks: $(printf '%s\n' "$got" | reduced_summary | tr '\n' ';')"
		fi
	done
}

compare() { # NAME ARGS...
	name=$1
	shift
	compare_reduced "$name" "$@"
	want=$("$pirqsim" check "$@" --bfs --trail-out "$tmp/seq.trail" 2>&1)
	want_status=$?
	for np in 1 2 3; do
		rm -f "$tmp/mpi.trail"
		got=$("$mpirun" --oversubscribe --allow-run-as-root -np "$np" "$mpi" check "$@" --bfs \
			--trail-out "$tmp/mpi.trail" 2>&1)
		status=$?
		if [ "$status" -ne "$want_status" ] ||
			[ "$(printf '%s\n' "$got" | summary)" != "$(printf '%s\n' "$want" | summary)" ]; then
			fail "$name on $np ranks: exit $status (want $want_status); got, then want:" \
				"$(printf '%s\n' "$got" | summary; echo ---; printf '%s\n' "$want" | summary)"
			continue
		fi
		if [ "$want_status" -eq 1 ]; then
			first=$(printf '%s\n' "$want" | sed -n 's/^violated: \([a-z-]*\):.*/\1/p')
			replay=$("$pirqsim" run --trail "$tmp/mpi.trail" --quiet 2>&1)
			if ! cmp -s "$tmp/seq.trail" "$tmp/mpi.trail"; then
				fail "$name on $np ranks: the trail is not the sequential search's" \
					"$(diff "$tmp/seq.trail" "$tmp/mpi.trail")"
				continue
			elif ! printf '%s\n' "$replay" | grep -q "^violated: $first:"; then
				fail "$name on $np ranks: the trail does not replay to $first" "$replay"
				continue
			fi
		fi
		ok "$name on $np ranks: $(printf '%s\n' "$got" | summary | tr '\n' ';')"
	done
}

compare "fixed kernel, 2 NVMe" --kernel 4.11 --nvme 2
compare "fixed kernel, 2 NVMe, no symmetry" --kernel 4.11 --nvme 2 --no-symmetry
compare "fixed kernel, 3 NVMe" --kernel 4.11 --nvme 3
compare "fixed kernel, 3 NVMe, no symmetry" --kernel 4.11 --nvme 3 --no-symmetry
compare "old kernel, 2 NVMe (violation)" --kernel 4.10 --nvme 2
compare "old kernel, 3 NVMe, no symmetry (violation)" --kernel 4.10 --nvme 3 --no-symmetry
compare "hash compaction" --kernel 4.11 --nvme 3 --hash-compact
compare "depth bound" --kernel 4.11 --nvme 3 --depth-max 20
compare "fixed kernel, 1 MSI pirq for 2 NVMe (degraded)" --kernel 4.11 --nvme 2 --io-queues 1 --extra-guest-irqs 1
# Larger spaces, reduced only: the moonshot, 8 NVMe x 4 queues, and 4 NICs.
compare_reduced "fixed kernel, 8 NVMe x 4" --kernel 4.11 --nvme 8 --io-queues 4
compare_reduced "fixed kernel, 4 NICs x 2" --kernel 4.11 --nic 4 --vectors 2
compare_reduced "old kernel, 6 NVMe x 4 (violation)" --kernel 4.10 --nvme 6 --io-queues 4

# Usage: another search is refused; help; the one command.
out=$("$mpirun" --oversubscribe --allow-run-as-root -np 2 "$mpi" check --random 2>&1)
[ $? -eq 2 ] && printf '%s\n' "$out" | grep -q "distributed breadth-first" && ok "--random refused" ||
	fail "--random must be refused (exit 2)" "$out"
out=$("$mpirun" --oversubscribe --allow-run-as-root -np 2 "$mpi" check nvme-2017 --all-violations 2>&1)
[ $? -eq 2 ] && printf '%s\n' "$out" | grep -q "'--all-violations' is for .pirqsim check" && ok "--all-violations refused" ||
	fail "--all-violations must be refused (exit 2)" "$out"
out=$("$mpirun" --oversubscribe --allow-run-as-root -np 1 "$mpi" --help 2>&1)
[ $? -eq 0 ] && printf '%s\n' "$out" | grep -q "pirqsim-mpi check" && ok "--help" || fail "--help" "$out"
out=$("$mpirun" --oversubscribe --allow-run-as-root -np 1 "$mpi" run 2>&1)
[ $? -eq 2 ] && ok "unknown command" || fail "unknown command must exit 2" "$out"

# pirqsim matrix --shard I/N: every cell in exactly one shard, with the
# matrix's outcome.
axes="--kernels 4.10,4.11 --xens 4.5,4.8 --workload nvme-2017"
whole=$("$pirqsim" matrix $axes --format json --trail-dir whole | grep -o '"name": "linux[^"]*", .*"outcome": "[a-z ]*"' |
	sed 's/"kernel".*"outcome"/"outcome"/' | sort)
shards=$(for i in 0 1 2; do
	"$pirqsim" matrix $axes --shard "$i/3" --format json --trail-dir "shard$i"
done | grep -o '"name": "linux[^"]*", .*"outcome": "[a-z ]*"' | sed 's/"kernel".*"outcome"/"outcome"/' | sort)
if [ -n "$whole" ] && [ "$whole" = "$shards" ] && [ "$(printf '%s\n' "$whole" | wc -l)" -eq 4 ]; then
	ok "matrix --shard 0/3, 1/3, 2/3: the matrix's 4 cells"
else
	fail "matrix shards differ from the matrix" "$(echo "$whole"; echo ---; echo "$shards")"
fi
out=$("$pirqsim" matrix $axes --shard 1/3 --trail-dir shard1)
status=$?
[ "$status" -eq 1 ] && printf '%s\n' "$out" | grep -q '^cell 1: Linux 4.10, Xen 4.8' &&
	[ "$(printf '%s\n' "$out" | grep -c '^cell ')" -eq 1 ] && ok "matrix --shard 1/3: cell 1 only" ||
	fail "matrix --shard 1/3 (exit $status)" "$out"
out=$("$pirqsim" matrix $axes --shard 0/2 --format md 2>&1)
[ $? -eq 2 ] && ok "matrix --shard with --format md refused" || fail "matrix --shard --format md" "$out"

# pirqsim-mpi matrix: the cells spread over the ranks and gathered on rank
# 0 print the matrix and write the trails of `pirqsim matrix`, byte for
# byte, in every format (the timings of json aside); advise and bisect too.
axes="--kernels 4.4,4.10,4.11 --xens 4.1,4.5,4.8 --qemus 2.0,2.8"
for format in text md json; do
	rm -rf one && mkdir one && (cd one && "$pirqsim" matrix $axes --format "$format" >out 2>/dev/null; echo $? >status)
	for np in 2 3; do
		rm -rf many && mkdir many
		(cd many && "$mpirun" --oversubscribe --allow-run-as-root -np "$np" "$mpi" matrix $axes --format "$format" \
			>out 2>/dev/null; echo $? >status)
		if [ "$format" = json ]; then
			sed -i 's/"timings":.*//' one/out many/out
		fi
		trails=$(ls many/pirqsim-matrix-trails 2>/dev/null | wc -l)
		if diff -r one many >/dev/null && [ "$trails" -gt 0 ]; then
			ok "mpi matrix --format $format on $np ranks: pirqsim matrix's output, exit status and $trails trails"
		else
			fail "mpi matrix --format $format on $np ranks" "$(diff -r one many)"
		fi
	done
done
for command in "advise --fix c74fd80f2f41 --trees 4.4,4.9" "bisect --kernels-range 4.4..4.12"; do
	# shellcheck disable=SC2086
	want=$("$pirqsim" $command 2>&1)
	want_status=$?
	# shellcheck disable=SC2086
	got=$("$mpirun" --oversubscribe --allow-run-as-root -np 2 "$mpi" $command 2>&1)
	status=$?
	[ "$status" -eq "$want_status" ] && [ "$got" = "$want" ] && ok "mpi $command on 2 ranks: pirqsim's answer" ||
		fail "mpi $command on 2 ranks (exit $status, want $want_status)" "$(printf '%s\n' "$got" | head -20)"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
