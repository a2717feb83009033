#!/bin/sh
# exports.sh PIRQSIM TESTS_DIR - counterexamples people can read (issue 4):
# the exports of the built-in 2017 trail (`pirqsim check nvme-2017 --bfs`)
# compared byte for byte with TESTS_DIR/expected/export-nvme-2017.*, the
# Perfetto JSON's structure (check_perfetto.py) and JSON validity
# (python3 -m json.tool), `replay --format text` equal to `run --trail`,
# the chart within 100 columns, `minimize`, `report`, --json everywhere,
# NO_COLOR.  Regenerate the expected files with:
#   pirqsim check nvme-2017 --bfs --trail-out n.trail
#   pirqsim replay n.trail --format F > tests/expected/export-nvme-2017.EXT
# Prints "N passed, M failed" last; exits 1 on a failure.
. "$(dirname "$0")/expect.sh" "$1" "$2"
expected=$tests/expected

same() { # NAME EXPECTED ACTUAL
	if cmp -s "$2" "$3"; then
		check "$1" true
	else
		diff "$2" "$3" | head -20 | sed 's/^/     /'
		check "$1" false
	fi
}

"$pirqsim" check nvme-2017 --bfs --trail-out n.trail --quiet > /dev/null
check "bfs trail written" test -s n.trail
for f in text:txt perfetto:json mermaid:mmd msc:txt jsonl:jsonl; do
	format=${f%%:*} ext=${f#*:}
	"$pirqsim" replay n.trail --format "$format" > "$format.out"
	check "replay --format $format exits 1 (the trail violates)" test $? -eq 1
	same "export $format" "$expected/export-nvme-2017-$format.$ext" "$format.out"
done
"$pirqsim" run --trail n.trail > run.out
same "replay --format text is run --trail" run.out text.out
check "perfetto is JSON" python3 -m json.tool perfetto.out /dev/null
check "perfetto structure" python3 "$tests/check_perfetto.py" perfetto.out
check "jsonl: every line JSON with its format" python3 -c '
import json, sys
lines = open("jsonl.out").read().splitlines()
assert lines and all(json.loads(l)["format"] == "pirqsim-events/1" for l in lines)
assert json.loads(lines[-1])["type"] == "verdict"'
check "mermaid starts a sequenceDiagram" sh -c 'head -1 mermaid.out | grep -qx sequenceDiagram'
check "mermaid: no raw ; < > in message texts" sh -c '! sed 1,2d mermaid.out | cut -d: -f2- | sed -E "s/#[a-z0-9]+;//g" | grep -q "[;<>]"'
check "msc within 100 columns" test "$(awk 'length > 100' msc.out | wc -l)" -eq 0
check "msc shows the violation" grep -q '^!! VIOLATED pirq-exclusive' msc.out
"$pirqsim" replay n.trail --format perfetto --out out.json > verdict.out
check "replay --out writes the file, prints the verdict" sh -c 'test -s out.json && grep -q "^violated: pirq-exclusive" verdict.out'
check "replay --json" sh -c '"$0" replay n.trail --json | python3 -m json.tool > /dev/null' "$pirqsim"
check "replay: bad format says the choices" sh -c '"$0" replay n.trail --format svg 2>&1 | grep -q "takes text, perfetto, mermaid, msc or jsonl"' "$pirqsim"
check "replay: no trail says what to give" sh -c '"$0" replay 2>&1; test $? -eq 2' "$pirqsim"

# minimize: the DFS trail (longer, more switches) shrinks; the result replays to the same first violation.
"$pirqsim" check nvme-2017 --trail-out d.trail --quiet > /dev/null
"$pirqsim" minimize d.trail --trail-out m.trail > minimize.out
check "minimize exits 1 and names what it applied" sh -c 'grep -q "context switches: [0-9]* -> 2 (the fewest" minimize.out &&
	grep -q "dropped steps: 29 -> " minimize.out'
check "minimize keeps the first violation and its devices, never longer" sh -c '
	grep -q "kept: the first violation is pirq-exclusive naming nvme0 nvme1, as in the input" minimize.out &&
	grep -q "length: 41 -> 24 steps (never longer than the input)" minimize.out'
check "minimized trail shows pirq-exclusive first" sh -c '"$0" run --trail m.trail --quiet | head -1 | grep -q "^violated: pirq-exclusive"' "$pirqsim"
"$pirqsim" minimize d.trail --drop-steps --stop-at-violation --trail-out s.trail --json > minimize.json
check "minimize --json" python3 -c '
import json; d = json.load(open("minimize.json"))
assert d["minimizations"] == ["drop-steps"] and d["verdict"] == "violated"
assert d["trail_steps"] == d["statistics"]["steps_after"]'
check "minimize: a bound is inconclusive (3)" sh -c '"$0" minimize d.trail --replays-max 5 --trail-out b.trail > /dev/null; test $? -eq 3' "$pirqsim"
"$pirqsim" check nvme-2017-fixed --random --seed 1 --walks 1 --quiet > /dev/null
printf 'pirqsim-trail: 1\nscenario:\n  kernel: "4.11"\n  devices:\n    - driver: nvme\nchoices: [0]\n' > holds.trail
check "minimize: a trail without violation is an input error" sh -c '"$0" minimize holds.trail 2>&1 | grep -q "nothing to minimise"' "$pirqsim"

# report: one self-contained page.
"$pirqsim" report n.trail m.trail --out r.html > report.out
check "report exits 1 (violations) and writes the page" sh -c 'test -s r.html && grep -q "report: r.html" report.out'
check "report is self-contained" sh -c '! grep -Eiq "(src|href)=\"(https?:)?//|<link |@import" r.html && grep -q "</html>" r.html'
check "report has lanes and verdicts" sh -c 'grep -q "<table class=\"lanes\"" r.html && grep -q "id=\"trail-2\"" r.html'
cat > m.json <<'JSON'
{"cells": [{"name": "linux-4.10__xen-4.8", "kernel": "4.10", "qemu": "qemu-xen-4.8.0", "xen": "4.8", "outcome": "init failure",
  "subchecks": [{"name": "nvme-2017", "outcome": "init failure", "first_property": "pirq-exclusive", "trail": "n.trail"}]}]}
JSON
"$pirqsim" report --matrix m.json --out mr.html --quiet
check "report --matrix links a cell to its trace" sh -c 'grep -q "href=\"#cell-linux-4_10__xen-4_8-nvme-2017\"" mr.html &&
	grep -q "id=\"cell-linux-4_10__xen-4_8-nvme-2017\"" mr.html'
check "report --json" sh -c '"$0" report n.trail --out j.html --json | python3 -m json.tool > /dev/null' "$pirqsim"
# The reproduce box: the command line as given, the version and rules hash
# of `pirqsim --version`, each trail embedded whole for download.
check "report: reproduce box with the command line" grep -q 'command: <code>pirqsim report n.trail m.trail --out r.html</code>' r.html
version_rules=$("$pirqsim" --version | sed 's/^pirqsim \([^ ]*\) (rules \([0-9a-f]*\))$/\1 \2/')
check "report: version and rules hash" grep -q "pirqsim <span class=\"version\">${version_rules% *}</span>, rules hash <code class=\"rules\">${version_rules#* }</code>" r.html
check "report: the trail embedded for download is the trail" sh -c '
	grep -o "download=\"n.trail\" href=\"data:application/x-yaml;base64,[^\"]*" r.html | sed "s/.*base64,//" | base64 -d | cmp -s - n.trail'
# The matrix as the kernel x Xen grid of --format md; "not applicable" is grey, not a failure.
cat > g.json <<'JSON'
{"cells": [{"name": "linux-4.10__xen-4.8", "kernel": "4.10", "qemu": "qemu-xen-4.8.0", "xen": "4.8", "outcome": "init failure",
  "subchecks": [{"name": "nvme-2017", "outcome": "init failure", "trail": "n.trail"}]},
 {"name": "linux-4.10__xen-4.4", "kernel": "4.10", "qemu": "qemu-xen-4.4.0", "xen": "4.4", "outcome": "not applicable",
  "subchecks": [{"name": "nvme-2017", "outcome": "not applicable"}]},
 {"name": "linux-4.11__xen-4.8", "kernel": "4.11", "qemu": "qemu-xen-4.8.0", "xen": "4.8", "outcome": "works",
  "subchecks": [{"name": "nvme-2017", "outcome": "works"}]}]}
JSON
"$pirqsim" report --matrix g.json --out g.html --quiet
check "report --matrix: kernel rows x Xen (device model) columns" sh -c '
	grep -q "<tr><th>Linux \\\\ Xen (device model)</th><th>4.8 (qemu-xen-4.8.0)</th><th>4.4 (qemu-xen-4.4.0)</th></tr>" g.html &&
	grep -q "<tr><td class=\"k\">4.10</td><td class=\"cell-fail\"" g.html && grep -q "<tr><td class=\"k\">4.11</td>" g.html'
check "report --matrix: not applicable is not coloured as a failure" \
	grep -q '<td class="cell-na" title="nvme-2017: not applicable">not applicable</td>' g.html
# --counterfactual: each trail's schedule on another configuration, in the page.
"$pirqsim" report n.trail --counterfactual "--kernel 4.11" --out cf.html > cf.out
check "report --counterfactual: a section for the counterfactual" sh -c '
	grep -q "id=\"trail-1-counterfactual\"" cf.html && grep -q "<p class=\"counterfactual\">Counterfactual: the schedule of" cf.html &&
	grep -q "The runs first differ at step 1" cf.html'
check "report --counterfactual: the fixed kernel holds on that schedule" \
	grep -q '<td class="holds">holds</td>' cf.html

# --json on check and run; NO_COLOR and pipes: no escape codes.
check "check --json" sh -c '"$0" check nvme-2017 --json --trail-out c.trail | python3 -m json.tool > /dev/null' "$pirqsim"
check "run --json" sh -c '"$0" run --trail n.trail --json | python3 -m json.tool > /dev/null' "$pirqsim"
check "no colour in a pipe" sh -c '! "$0" check nvme-2017 --trail-out c.trail | grep -q "$(printf "\033")"' "$pirqsim"
for c in replay minimize report; do
	check "$c --help" sh -c '"$0" "$1" --help | grep -q "usage: pirqsim $1"' "$pirqsim" "$c"
done
for c in $("$pirqsim" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
	check "man page source for $c" test -f "$tests/../docs/man/pirqsim-$c.1.scd" -a -f "$tests/../docs/man/pirqsim-$c.1"
done
finish
