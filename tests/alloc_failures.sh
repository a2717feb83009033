#!/bin/sh
# alloc_failures.sh PIRQSIM TESTS_DIR - out of memory inside the tool.
# In a test build (src/base/alloc.c) PIRQSIM_FAIL_ALLOC=N makes the Nth
# allocation of libpirqsim and the command fail.  For each command and
# each N up to the number of allocations it makes: an exit status (never a
# signal or a sanitizer report), and when the result differs from the run
# without failures, a message that says memory ran out.
# Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"
"$pirqsim" check nvme-2017 --bfs --quiet --trail-out t.trail >/dev/null 2>&1

try() { # NAME ARGS...
	name=$1
	shift
	"$pirqsim" "$@" >base.out 2>&1
	base=$?
	n=1
	while [ "$n" -le "${ALLOC_MAX:-60}" ]; do
		PIRQSIM_FAIL_ALLOC=$n "$pirqsim" "$@" >out 2>&1
		status=$?
		if [ "$status" -gt 4 ] || grep -Eq 'Sanitizer|runtime error|Assertion' out; then
			failed=$((failed + 1))
			echo "FAIL $name: allocation $n failing ends with status $status:"
			head -12 out | sed 's/^/     /'
		elif [ "$status" -ne "$base" ] && ! grep -Eqi 'out of memory|cannot allocate|memory' out; then
			failed=$((failed + 1))
			echo "FAIL $name: allocation $n failing gives status $status (not $base) without saying why:"
			head -12 out | sed 's/^/     /'
		else
			passed=$((passed + 1))
		fi
		n=$((n + 1))
	done
	echo "ok   $name: pirqsim $* with each of ${ALLOC_MAX:-60} allocations failing"
}

try check-dfs check nvme-2017-fixed --threads 1 --quiet
try check-dfs-threads check nvme-2017-fixed --threads 2 --quiet
try check-bfs check nvme-2017 --bfs --quiet --trail-out bfs.trail
try check-random check nvme-2017 --random --seed 3 --walks 20 --quiet --trail-out r.trail
try check-file check "$tests/verdicts/s3-old-kernel-nvme.yaml" --quiet --trail-out f.trail
try check-fault check nvme-2017-fixed --fault bind-pt-irq-ebusy --quiet --trail-out e.trail
try check-all check nvme-2017 --all-violations --threads 1 --quiet --trail-out a.trail
try check-all-bfs check nvme-2017 --all-violations --bfs --quiet --trail-out ab.trail
try run-trail run --trail t.trail
try run-seed run nvme-2017 --seed 5 --quiet
finish
