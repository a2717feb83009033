#!/bin/sh
# bench-real.sh [REAL_SRC [PIRQSIM]] - the explorer of real guest code
# (src/real/README.md) on Debian's Linux 6.1 and 6.12 (scripts/real-src.sh
# REAL_SRC fetches them; default build/real-src) and on any tree named in
# $TREES ("VERSION=DIR ..."): states stored and matched, the complete
# schedules they cover, bytes of a state, seconds, states and schedules per
# second, with and without --differential.
set -eu
cd "$(dirname "$0")/.."
real=${1:-build/real-src}
pirqsim=${2:-./build/pirqsim}
PIRQSIM_REAL_CACHE=${PIRQSIM_REAL_CACHE:-$PWD/build/real-cache}
export PIRQSIM_REAL_CACHE
trees=${TREES:-}
for v in 6.1 6.12; do
	[ -f "$real/linux-$v/Makefile" ] && trees="$trees $v=$real/linux-$v"
done
[ -n "$trees" ] || { echo "bench-real: no tree (run scripts/real-src.sh $real, or set TREES)" >&2; exit 77; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '| %-7s | %-22s | %-5s | %-8s | %9s | %9s | %16s | %6s | %7s | %9s | %12s |\n' tree scenario diff verdict \
	states matched schedules bytes seconds states/s schedules/s
printf '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
for t in $trees; do
	v=${t%%=*}
	dir=${t#*=}
	"$pirqsim" check --nvme 1 --kernel "$v" --linux-src "$dir" --quiet >/dev/null 2>&1 || true # build once
	for scenario in "--nvme 2" "--nvme 2 --io-queues 4" "--nvme 3 --io-queues 1" "nic-down-up" "--nic 2"; do
		for diff in "" --differential; do
			set +e
			# shellcheck disable=SC2086 # the scenario is words on purpose
			"$pirqsim" check $scenario --kernel "$v" --linux-src "$dir" $diff --time-max 300 >"$out" 2>&1
			set -e
			verdict=$(sed -n 's/^verdict: \([a-z ]*\).*/\1/p; s/^violated: \([a-z-]*\).*/\1/p' "$out" | head -1)
			stored=$(awk '/states, stored/ {print $1}' "$out")
			matched=$(awk '/states, matched/ {print $1}' "$out")
			seconds=$(awk '/ seconds, / {print $1}' "$out")
			rate=$(awk '/ seconds, / {print $3}' "$out")
			schedules=$(sed -n 's/.*real guest code: \([0-9.e+]*\) complete schedules.*/\1/p' "$out")
			srate=$(sed -n 's/.*complete schedules covered (\([0-9.e+]*\) schedules\/second.*/\1/p' "$out")
			bytes=$(awk '/bytes of the real code/ {print $1}' "$out")
			printf '| %-7s | %-22s | %-5s | %-8s | %9s | %9s | %16s | %6s | %7s | %9s | %12s |\n' "$v" "$scenario" \
				"${diff:+yes}" "${verdict:-?}" "$stored" "$matched" "$schedules" "$bytes" "$seconds" "$rate" "$srate"
		done
	done
done
