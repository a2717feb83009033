#!/bin/sh
# report_browser.sh PIRQSIM OUT_DIR - the report page in a real headless
# browser (Debian's chromium): it loads from disk with no network, its DOM
# holds the verdict table, the swim lanes with styled log lines and the
# violation rows, and its script ran (the debug-line switch).  A screenshot
# is saved as OUT_DIR/report.png.  Installs chromium with apt-get when
# missing and running as root; exits 77 (CTest SKIP) when there is no
# browser to run.
pirqsim=$1
out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > apt.log 2>&1 ||
		{ apt-get update -qq > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > apt.log 2>&1; }
	browser=$(command -v chromium || true)
fi
if [ -z "$browser" ]; then
	echo "SKIP: no chromium, and it cannot be installed here (apt-get install chromium as root)"
	exit 77
fi

run_browser() { # ARGS...: headless, no network, a throw-away profile
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/profile" "$@" 2> browser.log
}

"$pirqsim" check nvme-2017 --bfs --trail-out n.trail --quiet > /dev/null
"$pirqsim" check nvme-2017-fixed --random --seed 1 --walks 1 --quiet > /dev/null
"$pirqsim" report n.trail --out report.html --quiet
status=$?
[ "$status" -eq 1 ] || { echo "FAIL report exit $status (want 1)"; exit 1; }

run_browser --dump-dom "file://$tmp/report.html" > dom.html
failed=0
expect() { # NAME PATTERN: the live DOM must contain PATTERN
	if grep -Eq -- "$2" dom.html; then
		echo "ok   $1"
	else
		echo "FAIL $1: /$2/ not in the DOM"
		failed=1
	fi
}
expect "page loaded" '</html>'
expect "verdict table" '<table class="verdicts">'
expect "violated verdict" '<td class="violated">violated</td>'
expect "swim lanes" '<table class="lanes" id="trail-1-lanes">'
expect "a lane per driver instance" '<th>nvme0</th><th>nvme1</th>'
expect "step rows" '<tr id="trail-1-s15" class="step">'
expect "styled log lines" '<div class="log level-debug">linux debug: "nvme 0000:00:04.0: xen: msi already bound to pirq=79" \(dynamic debug\)</div>'
expect "failed operation" '<div class="ev failed">xen EVTCHNOP_bind_pirq\(pirq=79 -&gt; port=-1\) = -EEXIST</div>'
expect "violation row" '<tr class="violation">.*violated: pirq-exclusive'
expect "debug switch" 'id="show-debug"'
expect "reproduce box" '<section class="reproduce" id="reproduce">'
expect "the command line" 'command: <code>pirqsim report n.trail --out report.html --quiet</code>'
expect "rules hash" "rules hash <code class=\"rules\">$("$pirqsim" --version | sed 's/.*rules \([0-9a-f]*\).*/\1/')</code>"
expect "the trail to download" '<a class="download" download="n.trail" href="data:application/x-yaml;base64,'
mkdir -p "$out"
run_browser --window-size=1400,1000 --screenshot="$out/report.png" "file://$tmp/report.html" > /dev/null
if [ -s "$out/report.png" ]; then
	echo "ok   screenshot: $out/report.png"
else
	echo "FAIL screenshot"
	failed=1
fi
exit $failed
