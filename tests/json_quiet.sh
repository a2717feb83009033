#!/bin/sh
# json_quiet.sh PIRQSIM TESTS_DIR - every subcommand takes --json and --quiet.
# --json: stdout is exactly one JSON document (parsed with python3), with no
# escape sequence, and the exit status is the one of the text mode, errors
# included (an error object then).  --quiet: only the verdict lines.
# Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"

# json STATUS ARGS...: pirqsim ARGS --json exits STATUS, prints one JSON
# document whose exit_status (if it has one) is STATUS too.
json() {
	want=$1
	shift
	"$pirqsim" "$@" --json > out.json 2> err.txt
	status=$?
	if [ "$status" -eq "$want" ] && ! grep -q "$(printf '\033')" out.json &&
		python3 -c '
import json, sys
doc = json.load(open("out.json"))
assert isinstance(doc, dict), "not an object"
assert doc.get("exit_status", int(sys.argv[1])) == int(sys.argv[1]), "exit_status field differs"
' "$want" 2> py.txt; then
		passed=$((passed + 1))
		echo "ok   pirqsim $* --json -> $status, one JSON document"
	else
		failed=$((failed + 1))
		echo "FAIL pirqsim $* --json: exit $status (want $want); stdout:"
		head -c 600 out.json | sed 's/^/     /'
		sed 's/^/     /' py.txt err.txt | head -10
	fi
}

# quiet STATUS LINES PATTERN ARGS...: pirqsim ARGS --quiet exits STATUS,
# prints at most LINES lines on stdout, the first matching PATTERN.
# (report --quiet prints nothing but errors: its output is the page.)
quiet() {
	want=$1 lines=$2 pattern=$3
	shift 3
	"$pirqsim" "$@" --quiet > out.txt 2> /dev/null
	status=$?
	n=$(wc -l < out.txt)
	if [ "$status" -eq "$want" ] && [ "$n" -le "$lines" ] && [ "$n" -ge 1 ] && head -1 out.txt | grep -Eq -- "$pattern"; then
		passed=$((passed + 1))
		echo "ok   pirqsim $* --quiet -> $status, $n lines"
	else
		failed=$((failed + 1))
		echo "FAIL pirqsim $* --quiet: exit $status (want $want), $n lines (at most $lines), first must match /$pattern/:"
		head -5 out.txt | sed 's/^/     /'
	fi
}

small_matrix="--kernels 4.10,4.11 --xens 4.8 --workload nvme-2017"

json 0 demo
json 1 check --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2
json 0 check --kernel 4.11 --nvme 2 --io-queues 1
"$pirqsim" check --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2 --trail-out old.trail --quiet > /dev/null
json 1 run --trail old.trail
json 1 replay old.trail
json 1 minimize old.trail --trail-out min.trail
json 1 report old.trail --out report.html
json 0 versions
json 0 versions --knobs
json 0 scenarios
json 1 matrix $small_matrix
json 0 advise --fix c74fd80f2f41 --trees 4.9 --xens 4.8 --workload nvme-2017
json 0 bisect --kernels-range 4.10..4.11 --xen 4.8 --workload nvme-2017
# Errors are JSON too, with the same status.
json 2 check --kernel 4.11 --bogus-option
json 2 versions --bogus-option
json 2 scenarios --bogus-option
json 2 demo --bogus-option
json 2 matrix --kernels no-such-release
json 2 advise --fix no-such-fix
json 2 bisect --kernels-range 4.10
json 2 replay no-such.trail
json 2 run --trail no-such.trail

quiet 0 2 '^before the fix \(Linux 4.10\): violated: pirq-exclusive' demo
quiet 1 4 '^violated: pirq-exclusive' check --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2
quiet 0 1 '^verdict: all properties hold' check --kernel 4.11 --nvme 2 --io-queues 1
quiet 1 4 '^violated: pirq-exclusive' run --trail old.trail
quiet 1 4 '^violated: pirq-exclusive' replay old.trail
quiet 1 1 '^trail: m2.trail' minimize old.trail --trail-out m2.trail
quiet 0 60 '^kernel ' versions
quiet 0 20 '^g-reuse ' versions --knobs
quiet 0 10 '^nvme-2017$' scenarios
quiet 1 2 '^cell 0: Linux 4.10, Xen 4.8' matrix $small_matrix
quiet 0 4 '^Answer: take c74fd80f2f41 into 4.9' advise --fix c74fd80f2f41 --trees 4.9 --xens 4.8 --workload nvme-2017
quiet 0 3 '^first change at Linux 4\.10\.12' bisect --kernels-range 4.10..4.11 --xen 4.8 --workload nvme-2017
finish
