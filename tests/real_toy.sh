#!/bin/sh
# real_toy.sh PIRQSIM SOURCE_DIR WORK_DIR - the real-code harness end to end
# on the toy guest kernel of tests/real/toy (README there): trees are made
# in WORK_DIR, built by tools/real/build.py, explored, compared with the
# model (--differential), and their trails replayed.  Needs no network.
set -eu
pirqsim=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
for v in reuse:10 fresh:11; do
	name=${v%%:*}
	minor=${v#*:}
	t=$work/$name
	mkdir -p "$t/drivers/xen/events" "$t/arch/x86/pci"
	printf 'VERSION = 4\nPATCHLEVEL = %s\nSUBLEVEL = 0\nEXTRAVERSION = -toy\n' "$minor" >"$t/Makefile"
	cp "$src/tests/real/toy/events_base.c" "$src/tests/real/toy/events_internal.h" "$t/drivers/xen/events/"
	{
		[ "$name" = reuse ] && echo '#define TOY_REUSE 1'
		cat "$src/tests/real/toy/xen.c"
	} >"$t/arch/x86/pci/xen.c"
done
PIRQSIM_REAL_CACHE=$work/cache
PIRQSIM_REAL_TOOLS=$src/tools/real
export PIRQSIM_REAL_CACHE PIRQSIM_REAL_TOOLS

failures=0
# expect EXIT PATTERN ARGS...: the exit status, and a line of the output
# (stdout and stderr) matching PATTERN (an extended regular expression).
expect() {
	want=$1
	pattern=$2
	shift 2
	set +e
	out=$("$pirqsim" "$@" 2>&1)
	got=$?
	set -e
	if [ "$got" != "$want" ] || ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
		echo "FAIL: pirqsim $* -> exit $got (want $want), output:" >&2
		printf '%s\n' "$out" | sed 's/^/    /' >&2
		failures=$((failures + 1))
	else
		echo "ok: pirqsim $* -> $got"
	fi
}

R=$work/reuse
F=$work/fresh
# The reuse tree loses interrupts as Linux 4.10 did; the fresh one holds.
expect 1 'pirq-exclusive: pirq [0-9]+ is the live pirq of nvme' check --kernel 4.10 --nvme 2 --linux-src "$R" \
	--trail-out "$work/reuse.trail"
expect 0 'all properties hold' check --kernel 4.11 --nvme 2 --linux-src "$F"
# Without --kernel the tree's Makefile chooses the model's row.
expect 1 'Linux 4\.10\.0 .*pirq-exclusive|pirq-exclusive' check --nvme 2 --linux-src "$R" --trail-out "$work/auto.trail"
expect 0 'Linux 4\.11\.0' check --nvme 2 --linux-src "$F"
expect 0 'all properties hold' check nic-down-up --kernel 4.11 --linux-src "$F"
expect 0 'all properties hold' check --kernel 4.11 --nic 2 --linux-src "$F"
# Each agrees with its row of the model, call by call, on every schedule.
expect 1 'pirq-exclusive' check --kernel 4.10 --nvme 2 --linux-src "$R" --differential --trail-out "$work/d.trail"
expect 0 'all properties hold' check --kernel 4.11 --nvme 2 --linux-src "$F" --differential
expect 0 'all properties hold' check --kernel 4.11 --nic 2 --linux-src "$F" --differential
# ... and not with the other row: the model of 4.10 reads the entry back.
expect 2 'model divergence after step 1 .*the model MSI-X table read' check --kernel 4.10 --nvme 2 \
	--linux-src "$F" --differential --trail-out "$work/div.trail"
# Trails replay with the code that found them, and only with it.
expect 1 'xen: msi already bound to pirq=' run --trail "$work/reuse.trail" --linux-src "$R"
expect 2 'was found with the real guest code of linux-4.10.0; replay it with that code' run --trail "$work/reuse.trail"
expect 1 'pirq-exclusive' check --kernel 4.10 --nvme 2 --linux-src "$R" --random --walks 2000
expect 0 '"real_code":\{"schedules":[0-9.e+]+,"state_bytes":[0-9]+,"divergence":false\}' check --nvme 2 \
	--linux-src "$F" --json
expect 2 '"divergence":true' check --kernel 4.10 --nvme 2 --linux-src "$F" --differential --json \
	--trail-out "$work/div2.trail"
# Input errors: exit 2 with a reason.
expect 2 'no VERSION = N line|is .* a Linux source tree' check --nvme 2 --linux-src "$work"
expect 2 '--differential compares real guest code with the model' check --nvme 2 --differential
expect 2 'real guest code is explored depth-first' check --nvme 2 --linux-src "$F" --bfs
expect 2 'not a pirqsim real-guest object|cannot open|No such file' check --nvme 2 --real-object /nonexistent.so
expect 2 'does not use pirqs' check --kernel 4.11 --nvme 2 --linux-src "$F" --apicv --hvm-pirq 0
if [ "$failures" -gt 0 ]; then
	echo "$failures failure(s)" >&2
	exit 1
fi
