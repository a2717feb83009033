#!/bin/sh
# bench.sh [PIRQSIM] - the exhaustive check of the fixed kernel (Linux 4.11,
# QEMU 2.8, Xen 4.8) with N NVMe controllers x Q I/O queues, for each
# reduction setting, and the time to the first counterexample of the old
# kernel.  One Markdown table row per run: states stored, transitions,
# states per second, bytes per state (state vector; stored, with the hash
# table), peak memory and wall time from /usr/bin/time -v.  A run that hits
# --time-max reports exit 3 and the figures so far.
# Environment: NVME="2 3 4" QUEUES="2 4" MODES="all sym none" TIME=60 MEMORY=16G
# Modes: all (default: symmetry, partial-order reduction, pirq renumbering),
# all-hc, xor (all, on the XOR-RLE store the tree store replaced), sym, por,
# renumber (one reduction alone), none, none-hc, threads2.
set -u
pirqsim=${1:-./build/pirqsim}
nvme=${NVME:-"2 3 4 5 6 7 8"}
queues=${QUEUES:-"2 4"}
modes=${MODES:-"all all-hc sym por none-hc"}
time_max=${TIME:-60}
memory=${MEMORY:-16G}
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out" "$out.time" "$out.trail"' EXIT

mode_options() {
	case $1 in
	all) echo "" ;;                          # every reduction, lossless store (default)
	all-hc) echo "--hash-compact" ;;
	xor) echo "--store xor-rle" ;;           # every reduction, the XOR-RLE lossless store         # every reduction, hash compaction
	sym) echo "--no-por --no-renumber" ;;    # symmetry alone
	por) echo "--no-symmetry --no-renumber" ;;
	renumber) echo "--no-symmetry --no-por" ;;
	none) echo "--no-symmetry --no-por --no-renumber" ;;
	none-hc) echo "--no-symmetry --no-por --no-renumber --hash-compact" ;;
	threads2) echo "--threads 2" ;;          # every reduction, 2 threads
	esac
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
	printf '| %-24s | %-8s | %4s | %11s | %11s | %9s | %4s | %6s | %8s | %8s |\n' "$label" "$mode" "$status" \
		"$stored" "$transitions" "$rate" "$vector" "$per_state" "$rss" "$wall"
}

printf '| %-24s | %-8s | %4s | %11s | %11s | %9s | %4s | %6s | %8s | %8s |\n' scenario mode exit states \
	transitions states/s B/vec B/state "peak MiB" wall
echo '|--------------------------|----------|------|-------------|-------------|-----------|------|--------|----------|----------|'
for q in $queues; do
	for n in $nvme; do
		for mode in $modes; do
			row "fixed, nvme $n x $q" "$mode" --kernel 4.11 --qemu 2.8 --xen 4.8 --nvme "$n" --io-queues "$q"
		done
	done
done
for mode in all none; do
	row "old kernel 2x2, DFS cex" "$mode" --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2 --trail-out "$out.trail"
	row "old kernel 2x2, BFS cex" "$mode" --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2 --bfs --trail-out "$out.trail"
done
