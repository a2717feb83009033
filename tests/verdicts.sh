#!/bin/sh
# verdicts.sh PIRQSIM DIR - every DIR/*.yaml is a scenario whose first line
# says what `pirqsim check` must conclude:
#   # expect: holds
#   # expect: violated PROPERTY      (the first violated property)
# The outcome comes from running the model; this only compares.
# Prints "N passed, M failed" last; exits 1 on any failure.
pirqsim=$1
dir=$2
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for file in "$dir"/*.yaml; do
	expect=$(sed -n '1s/^# expect: //p' "$file")
	out=$("$pirqsim" check "$file" --quiet --trail-out "$tmp/t.trail" 2>&1)
	status=$?
	case "$expect" in
	holds) want=0 ;;
	violated*) want=1 ;;
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
	if [ $ok = yes ]; then
		echo "ok   $(basename "$file"): $expect"
		passed=$((passed + 1))
	else
		echo "FAIL $(basename "$file"): expected '$expect', exit $status:"
		echo "$out" | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
