#!/bin/sh
# all_violations.sh PIRQSIM TESTS_DIR - `check --all-violations` (issue 13,
# item 6): the search goes on past every violation and lists every distinct
# one (property and mechanism) with a trail each.  On the 2017 case it finds
# more than the default run, which stops at the first; every trail it writes
# replays to the violation it is listed with; every exhaustive search lists
# the same violations; its bound is reported (exit 3), never cut silently;
# what cannot give every violation is refused.
# Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"
old="--kernel 4.10 --qemu 2.8 --xen 4.8"

# kinds JSON -> one "property/mechanism" per line, as listed.
kinds() {
	python3 -c 'import json, sys
for v in json.load(open(sys.argv[1]))["all_violations"]["violations"]:
    print(v["property"] + "/" + v["mechanism"])' "$1"
}

# The 2017 case, two controllers: five distinct violations, each listed with
# its trail (the first at --trail-out, the others numbered beside it).
expect 1 '^violations: 5 distinct \(by property and mechanism\), every interleaving explored' \
	check $old --nvme 2 --all-violations --trail-out a.trail
expect 1 '^ +5\. pirq-exclusive \[shared-pirq/guest-view\]: pirq [0-9]+ is the live pirq of nvme[01] vector [0-9] and nvme[01]' \
	check $old --nvme 2 --all-violations --trail-out a.trail
expect 1 '^ +2\. irq-delivery \[lost/not-programmed\]: interrupt of nvme[01] vector 0 is lost' \
	check $old --nvme 2 --all-violations --trail-out a.trail
expect 1 '^      trail: a-5\.trail \([0-9]+ steps\)' check $old --nvme 2 --all-violations --trail-out a.trail
check "--all-violations writes a.trail and a-2.trail .. a-5.trail, no more" \
	sh -c 'ls a*.trail | tr "\n" " " | grep -qx "a-2.trail a-3.trail a-4.trail a-5.trail a.trail "'

# More than the default run, which stops at its first violation: the default
# run's JSON names one trail whose run-on shows 3 properties; all five kinds
# come out, the default's first violation among them.
"$pirqsim" check $old --nvme 2 --trail-out first.trail --json > first.json
"$pirqsim" check $old --nvme 2 --all-violations --trail-out a.trail --json > all.json
check "--all-violations finds more distinct violations than the first-violation run" python3 -c '
import json, sys
first, every = json.load(open("first.json")), json.load(open("all.json"))
listed = every["all_violations"]["violations"]
assert first["exit_status"] == 1 and every["exit_status"] == 1, (first, every)
assert every["all_violations"]["count"] == len(listed) == 5 and every["all_violations"]["complete"], every
assert len(listed) > len({v["property"] for v in first["violations"]}), (first, listed)
assert first["violations"][0]["property"] in {v["property"] for v in listed}'

# Each trail replays (`pirqsim run --trail`) to the violation it is listed
# with: the same property and text at the same step, and names that property.
replays() { # JSON
	python3 -c '
import json, subprocess, sys
for v in json.load(open(sys.argv[2]))["all_violations"]["violations"]:
    run = subprocess.run([sys.argv[1], "run", "--trail", v["trail"], "--json"], capture_output=True, text=True)
    got = json.loads(run.stdout)
    assert run.returncode == 1, (v, run.stdout, run.stderr)
    seen = [(w["property"], w["text"], w["step"]) for w in got["violations"]]
    assert (v["property"], v["text"], v["step"]) in seen, (v, seen)
    assert "property: \"%s\"" % v["property"] in open(v["trail"]).read(), v' "$pirqsim" "$1"
}
check "every trail of --all-violations replays to its violation (depth-first)" replays all.json
"$pirqsim" check $old --nvme 3 --all-violations --bfs --trail-out b3.trail --json > b3.json
check "every trail of --all-violations replays to its violation (breadth-first, 3 NVMe)" replays b3.json
"$pirqsim" check $old --nvme 3 --all-violations --threads 1 --trail-out d3.trail --json > d3.json
check "breadth-first: each violation shows no later than on the depth-first trail" python3 -c '
import json
bfs, dfs = (json.load(open(f))["all_violations"]["violations"] for f in ("b3.json", "d3.json"))
assert [(v["property"], v["mechanism"]) for v in bfs] == [(v["property"], v["mechanism"]) for v in dfs], (bfs, dfs)
for b, d in zip(bfs, dfs):
    assert b["step"] <= d["step"] and b["step"] <= b["trail_steps"], (b, d)'

# Distinct violations are a property of the state space: every exhaustive
# search lists the same ones, with reductions on or off, on one thread or two.
"$pirqsim" check $old --nvme 2 --all-violations --threads 1 --trail-out r.trail --json > ref2.json
"$pirqsim" check $old --nvme 3 --all-violations --threads 1 --trail-out r.trail --json > ref3.json
while IFS='|' read -r devices args; do
	[ -n "$devices" ] || continue
	# shellcheck disable=SC2086 # the arguments are split on purpose
	"$pirqsim" check $old --nvme "$devices" --all-violations $args --trail-out s.trail --json > got.json
	kinds got.json > got.txt
	kinds "ref$devices.json" > want.txt
	check "$devices NVMe, $args: the same distinct violations as the depth-first search" \
		sh -c 'test -s want.txt && cmp -s want.txt got.txt'
done <<'TABLE'
2|--threads 2
2|--bfs
2|--bfs --threads 2
2|--no-symmetry --no-por --no-renumber --no-dead-shadows --threads 1
2|--bfs --no-symmetry
2|--hash-compact
2|--store xor-rle
3|--threads 2
3|--bfs
3|--bfs --threads 2
3|--no-symmetry --no-por --no-renumber --no-dead-shadows --threads 2
TABLE
kinds ref2.json > ref2.txt
kinds ref3.json > ref3.txt
check "2 and 3 NVMe show the same five kinds (the third device's failures are kinds already seen)" cmp -s ref2.txt ref3.txt

# Where every property holds there is nothing to list.
expect 0 'verdict: all properties hold \(every interleaving explored\)' check nvme-2017-fixed --all-violations
expect 0 '"all_violations":\{"count":0,"complete":true,"violations":\[\]\}' check nvme-2017-fixed --all-violations --json

# The bound: one kind more than --max-violations ends the search
# inconclusive, says how many were kept, and lists and writes those.
expect 3 'inconclusive: violation table full: 2 distinct violations kept and another kind found \(raise --max-violations\)' \
	check nvme-2017 --all-violations --max-violations 2 --trail-out m.trail
expect 3 '^2 distinct violations found before the search stopped; there may be more' \
	check nvme-2017 --all-violations --max-violations 2 --trail-out m.trail
expect 3 'trail: m-2\.trail' check nvme-2017 --all-violations --max-violations 2 --trail-out m.trail
expect 3 '"exit_status":3,"limit":"violation table full: 1 distinct violations kept.*"all_violations":\{"count":1,"complete":false' \
	check nvme-2017 --all-violations --max-violations 1 --trail-out m.trail --json
expect 1 'violations: 5 distinct' check nvme-2017 --all-violations --max-violations 5 --trail-out m.trail --quiet
# Other bounds too: inconclusive, never a silent short list.
expect 3 'inconclusive: depth bound reached' check nvme-2017 --all-violations --depth-max 20 --trail-out d.trail

# What cannot list every violation is refused, as are options without it.
expect 2 '--all-violations has no meaning with --random: random walks do not explore every state' \
	check nvme-2017 --random --all-violations
expect 2 '--max-violations bounds the list of --all-violations; add --all-violations' check nvme-2017 --max-violations 3
expect 2 '--max-violations takes a whole number from 1 to 1024' check nvme-2017 --all-violations --max-violations 0
expect 2 '--max-violations takes a whole number from 1 to 1024' check nvme-2017 --all-violations --max-violations 1025
expect 2 '--all-violations is an option of the search' run nvme-2017 --seed 1 --all-violations
expect 2 'cannot write the trail to /dev/full' check nvme-2017 --all-violations --trail-out /dev/full
# A character device takes every trail: no file is made beside it.
expect 1 'trail: /dev/null \([0-9]+ steps\)' check nvme-2017 --all-violations --trail-out /dev/null
check "/dev/null stays a character device, and no /dev/null-2.trail is made" \
	sh -c 'test -c /dev/null && test ! -e /dev/null-2.trail && test ! -e /dev/null-2'

finish
