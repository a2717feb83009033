#!/bin/sh
# bench.sh [PIRQSIM] - exhaustive check of the fixed kernel (Linux 4.11,
# QEMU 2.8, Xen 4.8) with N NVMe controllers x Q I/O queues, and the time to
# the first counterexample of the old kernel.  Prints one table row per run:
# states stored, transitions, states per second, bytes per state (state
# vector and with the hash table), peak memory (/usr/bin/time -v), wall time.
# Environment: NVME="2 3 4" QUEUES="2" MEMORY=16G
set -u
pirqsim=${1:-./build/pirqsim}
nvme=${NVME:-"2 3 4"}
queues=${QUEUES:-2}
memory=${MEMORY:-16G}
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out" "$out.time" "$out.trail"' EXIT

row() { # LABEL ARGS...
	label=$1
	shift
	/usr/bin/time -v "$pirqsim" check "$@" --memory-max "$memory" >"$out" 2>"$out.time"
	status=$?
	stored=$(awk '/states, stored/ {print $1}' "$out")
	transitions=$(awk '/transitions/ {print $1}' "$out")
	rate=$(awk '/states\/second/ {print $3}' "$out")
	vector=$(awk '/bytes per state vector/ {print $1}' "$out")
	per_state=$(sed -n 's/.*; \([0-9.]*\) bytes per stored state.*/\1/p' "$out")
	rss=$(awk '/Maximum resident set size/ {printf "%.0f", $6 / 1024}' "$out.time")
	wall=$(awk '/Elapsed \(wall clock\)/ {print $8}' "$out.time")
	printf '| %-26s | %4s | %12s | %12s | %10s | %4s | %6s | %8s | %8s |\n' "$label" "$status" "$stored" \
		"$transitions" "$rate" "$vector" "$per_state" "$rss" "$wall"
}

printf '| %-26s | %4s | %12s | %12s | %10s | %4s | %6s | %8s | %8s |\n' scenario exit states transitions \
	states/s B/vec B/state "peak MiB" wall
printf '|%s|\n' "----------------------------|------|--------------|--------------|------------|------|--------|----------|----------"
for n in $nvme; do
	for q in $queues; do
		row "fixed, nvme $n x $q" --kernel 4.11 --qemu 2.8 --xen 4.8 --nvme "$n" --io-queues "$q"
	done
done
row "old kernel, nvme 2 x 2 (1st cex)" --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2 --trail-out "$out.trail"
