#!/bin/sh
# trails.sh PIRQSIM TESTS_DIR - trails that cannot lie.
#
# 1. Every TESTS_DIR/trails/*.trail is a hand-corrupted (or old-format)
#    trail whose first line says what `pirqsim run --trail` must do:
#        # expect: STATUS PATTERN
#    (exit STATUS; the output matches the extended regex PATTERN).
#    Their rules-hash is not this build's, or the damage is in the file's
#    form, so they do not go stale when the model changes.
# 2. Corruptions that need this build's rule set are made here, from a
#    trail written just now: a step hash, a choice, the scenario, and the
#    rule set together with a step.
# Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"

expect() { # STATUS PATTERN FILE [COMMAND]
	want=$1 pattern=$2 file=$3 command=${4:-run}
	if [ "$command" = run ]; then
		out=$("$pirqsim" run --trail "$file" --quiet 2>&1)
	else
		out=$("$pirqsim" "$command" "$file" 2>&1)
	fi
	status=$?
	if [ "$status" -eq "$want" ] && printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
		passed=$((passed + 1))
		echo "ok   $(basename "$file") -> $status /$pattern/"
	else
		failed=$((failed + 1))
		echo "FAIL $(basename "$file"): exit $status (want $want), output must match /$pattern/:"
		printf '%s\n' "$out" | head -10 | sed 's/^/     /'
	fi
}

for file in "$tests"/trails/*.trail; do
	line=$(sed -n '1s/^# expect: //p' "$file")
	expect "${line%% *}" "${line#* }" "$file"
done

# A fresh trail of this build: it replays, with every check.
"$pirqsim" check nvme-2017 --bfs --quiet --trail-out fresh.trail >/dev/null
expect 1 '^violated: pirq-exclusive' fresh.trail
grep -q '^pirqsim-trail: 2$' fresh.trail && grep -q '^rules-hash: "[0-9a-f]\{16\}"$' fresh.trail &&
	grep -q '^step-hashes: \["[0-9a-f]\{16\}"' fresh.trail && passed=$((passed + 1)) ||
	{ failed=$((failed + 1)); echo "FAIL fresh.trail lacks the format 2 fields"; }

# The third step hash: "trail corrupted", at step 3.
third=$(sed -n '/^step-hashes:/,$p' fresh.trail | grep -o '"[0-9a-f]\{16\}"' | sed -n 3p)
sed "/^step-hashes:/,\$ s/$third/\"00000000deadbeef\"/" fresh.trail >step3.trail
expect 2 'trail corrupted: the world after step 3 is not the one the trail recorded \(step hash 00000000deadbeef' \
	step3.trail
# The first choice: the world differs at once.
sed 's/^choices: \[0, /choices: [1, /' fresh.trail >choice.trail
expect 2 'trail corrupted: the world after step 1 is not the one' choice.trail
# The scenario: its hash no longer matches.
sed 's/io-queues: 2/io-queues: 3/' fresh.trail >scenario.trail
expect 2 'trail corrupted: its scenario is not the one it was written for' scenario.trail
# Another rule set wrote it, and step 3 differs: "model changed".
sed 's/^rules-hash: .*/rules-hash: "0123456789abcdef"/' step3.trail >rules.trail
expect 2 'model changed since this trail was written: the world after step 3 differs.*rules 0123456789abcdef' \
	rules.trail
# Another rule set wrote it, but every step still matches: it replays.
sed 's/^rules-hash: .*/rules-hash: "0123456789abcdef"/' fresh.trail >rules-only.trail
expect 1 '^violated: pirq-exclusive' rules-only.trail
# The other readers of trails check too.
expect 2 'trail corrupted: the world after step 3' step3.trail replay
# A minimised trail is written sealed: it replays with every check.
"$pirqsim" minimize fresh.trail --trail-out min.trail >/dev/null 2>&1
if grep -q '^pirqsim-trail: 2$' min.trail 2>/dev/null; then
	expect 1 '^violated:' min.trail
else
	failed=$((failed + 1))
	echo "FAIL min.trail is not a sealed format 2 trail"
fi

finish
