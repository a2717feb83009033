#!/bin/sh
# verdicts.sh PIRQSIM DIR - every DIR/*.yaml is a scenario whose first line
# says what `pirqsim check` must conclude:
#   # expect: holds
#   # expect: violated PROPERTY      (the first violated property)
#   # expect: degraded               (only vectors-granted: exit 4)
# The outcome comes from running the model; this only compares.
# Prints "N passed, M failed" last; exits 1 on any failure.
dir=$(realpath "$2")
. "$(dirname "$0")/expect.sh" "$1" "$(dirname "$0")"
for file in "$dir"/*.yaml; do
	expect=$(sed -n '1s/^# expect: //p' "$file")
	out=$("$pirqsim" check "$file" --quiet --trail-out "$tmp/t.trail" 2>&1)
	status=$?
	case "$expect" in
	holds) want=0 ;;
	violated*) want=1 ;;
	degraded) want=4 ;;
	*) echo "FAIL $file: no '# expect:' line"; failed=$((failed + 1)); continue ;;
	esac
	property=${expect#violated }
	ok=yes
	[ "$status" -eq "$want" ] || ok=no
	if [ "$want" -eq 1 ] && [ $ok = yes ]; then
		echo "$out" | grep -q "^violated: $property:" || ok=no
		# the trail must replay to the same first violation
		"$pirqsim" run --trail "$tmp/t.trail" --quiet | grep -q "^violated: $property:" || ok=no
	fi
	if [ "$want" -eq 4 ] && [ $ok = yes ]; then
		echo "$out" | grep -q "^degraded: vectors-granted:" || ok=no
		"$pirqsim" run --trail "$tmp/t.trail" --quiet | grep -q "^degraded: vectors-granted:" || ok=no
		# Found in the one search, which went on to its end (check.c):
		# it counts the states the all-violations search, stopped by
		# nothing, counts; depth-first, breadth-first and breadth-first
		# on two threads.
		for search in "" --bfs "--bfs --threads 2"; do
			one=$("$pirqsim" check "$file" $search --json --trail-out "$tmp/t.trail" | grep -o '"states_stored": *[0-9]*')
			all=$("$pirqsim" check "$file" ${search%% --threads*} --all-violations --json --trail-out "$tmp/t.trail" |
			      grep -o '"states_stored": *[0-9]*')
			[ -n "$one" ] && [ "$one" = "$all" ] || { ok=no; echo "     $search: $one, all violations: $all"; }
		done
	fi
	if [ $ok = yes ]; then
		echo "ok   $(basename "$file"): $expect"
		passed=$((passed + 1))
	else
		echo "FAIL $(basename "$file"): expected '$expect', exit $status:"
		echo "$out" | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done
finish
