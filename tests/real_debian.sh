#!/bin/sh
# real_debian.sh PIRQSIM SOURCE_DIR REAL_SRC WORK_DIR - the real guest code of
# Debian's Linux 6.1 and 6.12 (scripts/real-src.sh put the few files in
# REAL_SRC) against the modelled QEMU and Xen: the 2-controller NVMe scenario
# and the NIC down/up scenario, every schedule, each compared call by call
# with its row of the model (--differential).  Exit 77 (skipped) when
# REAL_SRC has no trees: real_sources said why.
set -eu
pirqsim=$1
src=$2
real=$3
work=$4
mkdir -p "$work"
PIRQSIM_REAL_CACHE=$work/cache
PIRQSIM_REAL_TOOLS=$src/tools/real
export PIRQSIM_REAL_CACHE PIRQSIM_REAL_TOOLS
found=0
failures=0
for v in 6.1 6.12; do
	tree=$real/linux-$v
	if [ ! -f "$tree/Makefile" ]; then
		echo "real_debian: no Linux $v tree in $real (scripts/real-src.sh did not fetch it; see real_sources)"
		continue
	fi
	found=$((found + 1))
	for scenario in "--nvme 2" "nic-down-up" "--nic 2"; do
		# shellcheck disable=SC2086 # the scenario is words on purpose
		set -- check $scenario --kernel "$v" --xen 4.17 --linux-src "$tree" --differential --quiet
		set +e
		out=$("$pirqsim" "$@" 2>&1)
		rc=$?
		set -e
		if [ "$rc" -ne 0 ]; then
			echo "FAIL: pirqsim $* -> exit $rc:" >&2
			printf '%s\n' "$out" | sed 's/^/    /' >&2
			failures=$((failures + 1))
		else
			echo "ok: pirqsim $* -> $out"
		fi
	done
done
if [ "$found" -eq 0 ]; then
	echo "real_debian: skipped: no Debian Linux tree in $real"
	exit 77
fi
[ "$failures" -eq 0 ]
