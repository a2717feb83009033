#!/bin/sh
# bench.sh [PIRQSIM] - what the explorer costs, from public tools only
# (/usr/bin/time -v).  Three tables, Markdown, one row per run:
#
#  1. the exhaustive check of the fixed kernel (Linux 4.11, QEMU 2.8, Xen
#     4.8) with N NVMe controllers x Q I/O queues, for each reduction
#     setting: states stored, transitions, states per second, bytes per
#     state (state vector; stored, with the tables), peak memory, wall time;
#  2. threads: the largest scenario of table 1's kind that fits (8 x 8 with
#     64 MSI pirqs) on 1 and 2 threads, and the speed-up;
#  3. the old kernel (Linux 4.10): time to the first counterexample, depth-
#     first (every core and one) and breadth-first (the shortest), for 2 and
#     8 controllers;
#  4. faults (issue 17): the fixed kernel with --fault hot-unplug on 3 and 4
#     NVMe x 2 and on the mixed guest of tests/scenarios/good/mix-hot-unplug.yaml
#     (2 NVMe x 4, 2 NICs, an MSI-only device), every reduction and none.
#  5. real-size guests (issue 17): the fixed kernel with 8 NVMe x 32 I/O
#     queues and 16 x 16 (extra_guest_irqs 512, a host of 1024 Xen irqs for
#     MSI), the old kernel's first counterexample at 8 x 32, and the
#     unreduced 4 x 2 ground truth on one core (its states/s), and growth
#     with the queues: the fixed kernel's 8 NVMe x 2, 4, 8 and 16 queues.
#  6. the whole version table as a matrix (every kernel x QEMU x Xen row,
#     every sub-check): pirqsim matrix, and pirqsim-mpi matrix on 2 ranks
#     when mpirun and build/pirqsim-mpi are there.
#  7. (only when asked for: SECTIONS=7; valgrind) where the instructions of
#     the unreduced search go, from callgrind on the fixed kernel's 3 NVMe
#     x 2 (every interleaving, one thread): the program's total and the
#     store's insertion, the model's step, the property checks, packing
#     and copying worlds, each per transition and per stored state.  The
#     budget behind the unreduced states/s (README, "Raw speed").
# A run that hits --time-max reports exit 3 and the figures so far.
# Environment: NVME="2 3 4" QUEUES="2 4" MODES="all sym none-hc" TIME=60
#   MEMORY=16G SECTIONS="1 2 3 4 5 6"
# Modes: all (every reduction, every core: the default of `pirqsim check`),
#   all-1 (the same on one thread), all-hc (hash compaction, one thread),
#   xor (the XOR-RLE store, one thread), sym, por, renumber, dead (one
#   reduction alone), none, none-hc (no reduction; hash compaction).
set -u
pirqsim=${1:-./build/pirqsim}
nvme=${NVME:-"2 3 4 5 6 7 8"}
queues=${QUEUES:-"2 4"}
modes=${MODES:-"all all-1 all-hc sym por renumber dead none-hc"}
time_max=${TIME:-60}
memory=${MEMORY:-16G}
sections=${SECTIONS:-"1 2 3 4 5 6"}
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out" "$out.time" "$out.trail"' EXIT

alone="--no-symmetry --no-por --no-renumber --no-dead-shadows"
mode_options() {
	case $1 in
	all) echo "" ;;
	all-1) echo "--threads 1" ;;
	all-hc) echo "--hash-compact" ;;
	xor) echo "--store xor-rle" ;;
	sym) echo "$alone" | sed 's/--no-symmetry //' ;;
	por) echo "$alone" | sed 's/--no-por //' ;;
	renumber) echo "$alone" | sed 's/--no-renumber //' ;;
	dead) echo "$alone" | sed 's/ --no-dead-shadows//' ;;
	none) echo "$alone" ;;
	none-hc) echo "$alone --hash-compact" ;;
	*) echo "bench: unknown mode $1" >&2; exit 2 ;;
	esac
}

header() {
	printf '| %-30s | %-8s | %4s | %11s | %11s | %9s | %4s | %6s | %8s | %8s | %7s |\n' scenario mode exit states \
		transitions states/s B/vec B/state "peak MiB" wall "cpu s"
	echo '|--------------------------------|----------|------|-------------|-------------|-----------|------|--------|----------|----------|---------|'
}

row() { # LABEL MODE ARGS...
	label=$1 mode=$2
	shift 2
	# shellcheck disable=SC2046
	/usr/bin/time -v "$pirqsim" check "$@" $(mode_options "$mode") --memory-max "$memory" \
		--time-max "$time_max" >"$out" 2>"$out.time"
	status=$?
	stored=$(awk '/states, stored/ {print $1}' "$out")
	transitions=$(awk '/transitions/ {print $1}' "$out")
	rate=$(awk '/states\/second/ {print $3}' "$out")
	vector=$(awk '/bytes per state vector/ {print $1}' "$out")
	per_state=$(sed -n 's/.*; \([0-9.]*\) bytes per stored state.*/\1/p' "$out")
	rss=$(awk '/Maximum resident set size/ {printf "%.0f", $6 / 1024}' "$out.time")
	wall=$(awk '/Elapsed \(wall clock\)/ {print $8}' "$out.time")
	seconds=$(awk '/ seconds, / {print $1}' "$out")
	# User + system CPU seconds: on a shared machine, what the search cost
	# (wall time and states/s count the time it waited for a core too).
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$out.time")
	printf '| %-30s | %-8s | %4s | %11s | %11s | %9s | %4s | %6s | %8s | %8s | %7s |\n' "$label" "$mode" "$status" \
		"$stored" "$transitions" "$rate" "$vector" "$per_state" "$rss" "$wall" "$cpu"
}

fixed="--kernel 4.11 --qemu 2.8 --xen 4.8"
case " $sections " in *" 1 "*)
	echo "## 1. Fixed kernel, every reduction setting"
	echo
	header
	for q in $queues; do
		for n in $nvme; do
			for mode in $modes; do
				# shellcheck disable=SC2086
				row "fixed, nvme $n x $q" "$mode" $fixed --nvme "$n" --io-queues "$q"
			done
		done
	done
	echo
	;;
esac

case " $sections " in *" 2 "*)
	echo "## 2. Threads: 8 NVMe x 8 queues, 64 MSI pirqs"
	echo
	header
	for threads in 1 2; do
		# shellcheck disable=SC2086
		row "fixed, nvme 8 x 8, $threads thread(s)" all $fixed --nvme 8 --io-queues 8 --extra-guest-irqs 64 \
			--threads "$threads"
		eval "seconds_$threads=\$seconds"
	done
	# shellcheck disable=SC2154 # set by eval
	awk -v one="$seconds_1" -v two="$seconds_2" 'BEGIN { if (two > 0) printf "\nspeed-up, 2 threads over 1: %.2fx (search seconds %s / %s)\n\n", one / two, one, two }'
	;;
esac

case " $sections " in *" 3 "*)
	echo "## 3. Old kernel: time to the first counterexample"
	echo
	header
	old="--kernel 4.10 --qemu 2.8 --xen 4.8"
	for n in 2 8; do
		# shellcheck disable=SC2086
		row "old, nvme $n x 4, DFS" all $old --nvme "$n" --io-queues 4 --trail-out "$out.trail"
		# shellcheck disable=SC2086
		row "old, nvme $n x 4, DFS" all-1 $old --nvme "$n" --io-queues 4 --trail-out "$out.trail"
		# shellcheck disable=SC2086
		row "old, nvme $n x 4, BFS (shortest)" all $old --nvme "$n" --io-queues 4 --bfs --trail-out "$out.trail"
	done
	# shellcheck disable=SC2086
	row "old, nvme 2 x 2, BFS (shortest)" all $old --nvme 2 --bfs --trail-out "$out.trail"
	;;
esac

case " $sections " in *" 4 "*)
	echo
	echo "## 4. Faults: --fault hot-unplug, fixed kernel"
	echo
	header
	mix="$(dirname "$0")/../tests/scenarios/good/mix-hot-unplug.yaml"
	for mode in all none-hc; do
		for n in 3 4; do
			# shellcheck disable=SC2086
			row "fixed, nvme $n x 2, hot-unplug" "$mode" $fixed --nvme "$n" --io-queues 2 --fault hot-unplug
		done
		row "mix (2 nvme x 4, 2 nic, 1 msi), hot-unplug" "$mode" "$mix"
	done
	;;
esac

case " $sections " in *" 5 "*)
	echo "## 5. Real-size guests (issue 17)"
	echo
	header
	big="--extra-guest-irqs 512 --xen-irqs 1024"
	# shellcheck disable=SC2086
	row "fixed, nvme 8 x 32" all $fixed --nvme 8 --io-queues 32 $big
	# shellcheck disable=SC2086
	row "fixed, nvme 16 x 16" all $fixed --nvme 16 --io-queues 16 $big
	# shellcheck disable=SC2086
	row "old, nvme 8 x 32, DFS" all --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 8 --io-queues 32 $big \
		--trail-out "$out.trail"
	# shellcheck disable=SC2086
	row "fixed, nvme 4 x 2, unreduced" none $fixed --nvme 4 --io-queues 2 --threads 1
	for q in 2 4 8 16; do
		# shellcheck disable=SC2086
		row "fixed, nvme 8 x $q" all $fixed --nvme 8 --io-queues "$q" $big
	done
	echo
	;;
esac

case " $sections " in *" 6 "*)
	echo "## 6. The whole version table as a matrix (issue 17)"
	echo
	echo "| run | exit | cells | wall | user s | system s | peak MiB |"
	echo "|---|---|---|---|---|---|---|"
	matrix_row() { # LABEL COMMAND...
		label=$1
		shift
		dir=$(mktemp -d)
		(cd "$dir" && /usr/bin/time -v "$@" matrix --kernels rows --qemus rows --xens rows --quiet >out 2>time)
		status=$?
		cells=$(grep -c '^cell ' "$dir/out")
		wall=$(awk '/Elapsed \(wall clock\)/ {print $8}' "$dir/time")
		user=$(awk -F': ' '/User time/ {print $2}' "$dir/time")
		system=$(awk -F': ' '/System time/ {print $2}' "$dir/time")
		rss=$(awk '/Maximum resident set size/ {printf "%.0f", $6 / 1024}' "$dir/time")
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$status" "$cells" "$wall" "$user" "$system" "$rss"
		rm -rf "$dir"
	}
	whole=$(realpath "$pirqsim")
	matrix_row "pirqsim matrix" "$whole"
	mpi=$(dirname "$whole")/pirqsim-mpi
	if command -v mpirun >/dev/null && [ -x "$mpi" ]; then
		# /usr/bin/time measures mpirun and the ranks it waits for (peak: the
		# largest process).  The matrix exits 1 (a failing cell): without the
		# timeout at 0 mpirun waits 2 s more before it kills ranks that have
		# exited anyway (README).
		(export OMPI_MCA_odls_base_sigkill_timeout=0
		 matrix_row "pirqsim-mpi matrix, 2 ranks" mpirun --allow-run-as-root -np 2 "$mpi")
	else
		echo "| pirqsim-mpi matrix | skipped: no mpirun or $mpi | | | | | |"
	fi
	echo
	;;
esac

case " $sections " in *" 7 "*)
	echo "## 7. Instructions of the unreduced search (callgrind, fixed kernel, 3 NVMe x 2, one thread)"
	echo
	if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
		echo "skipped: needs valgrind and callgrind_annotate (Debian package: valgrind)"
	else
		profile=$(mktemp)
		# shellcheck disable=SC2086
		valgrind --tool=callgrind --callgrind-out-file="$profile" "$pirqsim" check $fixed --nvme 3 --io-queues 2 \
			$alone --threads 1 >"$out" 2>/dev/null
		status=$?
		stored=$(awk '/states, stored/ {print $1}' "$out")
		transitions=$(awk '/transitions/ {print $1}' "$out")
		echo "exit $status: $stored states stored, $transitions transitions"
		echo
		echo "| part (function, with what it calls) | instructions | per transition | per stored state |"
		echo "|---|---|---|---|"
		# Functions the compiler inlined into their callers have no
		# line of their own: they count in their caller's.
		callgrind_annotate --inclusive=yes "$profile" 2>/dev/null | tr -d , | awk -v t="$transitions" -v s="$stored" '
			function row(label, n) { printf "| %s | %.0f | %.0f | %.0f |\n", label, n, n / t, n / s }
			/PROGRAM TOTALS/ { total = $1 }
			/:tree_store_insert_with / { store = $1 }
			/:step / { step = $1 }
			/:check_state / { check = $1 }
			/:world_pack / { pack = $1 }
			/:world_copy / { copy = $1 }
			END {
				row("the whole run", total)
				row("store: tree_store_insert_with", store)
				row("model: step", step)
				row("properties: check_state", check)
				row("world_pack", pack)
				row("world_copy", copy)
			}'
		rm -f "$profile"
	fi
	echo
	;;
esac
