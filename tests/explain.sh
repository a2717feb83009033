#!/bin/sh
# explain.sh PIRQSIM SOURCE_DIR - `pirqsim explain` on the corpus of real
# logs (tests/explain/corpus/<case>/: the log lines as found, and case.yaml
# with the source, the diagnosis the thread reached and what explain must
# give now: its exit status, the counts of lines of this path, failures, not
# understood and unrelated, the versions it infers, and its answer: the
# verdict (explained / not explained / no failure) and the mechanism), and
# on the generated cases (generated: true: logs written from a run of the
# model by scripts/gen-explain-case.py, for mechanisms no public log shows).  Also: the
# matchers are in sync with the model's format strings, bad input is exit 2,
# - reads standard input, --kernel/--qemu/--xen override.  Prints
# "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"
src=$(realpath "$2")
corpus=$src/tests/explain/corpus

check "src/trace/logformats.inc is generated from the model's LOG calls" \
	sh -c 'cd "$0" && python3 scripts/gen-logformats.py --check' "$src"

cases=0
for case in "$corpus"/*/; do
	case=${case%/}
	name=$(basename "$case")
	cases=$((cases + 1))
	check "$name has case.yaml with a source URL, a diagnosis, an expected answer and the model against the case" sh -c \
		'grep -q "^  - https\?://" "$0/case.yaml" && grep -q "^diagnosis: " "$0/case.yaml" &&
		 grep -Eq "^this_path: (yes|no|unknown)$" "$0/case.yaml" && grep -q "^  verdict: " "$0/case.yaml" &&
		 grep -q "^model_vs_case: " "$0/case.yaml" &&
		 { ! grep -q "^generated: true$" "$0/case.yaml" || grep -q "^generated_by: " "$0/case.yaml"; }' "$case"
	"$pirqsim" explain --json "$case"/*.log > "$name.json" 2> "$name.err"
	echo "$?" > "$name.status"
	check "$name: exit status, counts and versions as case.yaml expects" python3 - "$case/case.yaml" "$name.json" "$name.status" <<'PY'
import json, sys
expect, in_block = {}, False
for line in open(sys.argv[1]):
    if line.startswith('expect:'):
        in_block = True
    elif in_block and line.startswith('  '):
        key, value = line.strip().split(':', 1)
        value = value.strip()
        expect[key] = json.loads(value) if value.startswith('"') else int(value)
    elif in_block:
        break
got = json.load(open(sys.argv[2]))
status = int(open(sys.argv[3]).read())
actual = dict(exit=status, **got['counts'], **{k: got['versions'][k]['value'] for k in ('kernel', 'qemu', 'xen')},
              verdict=got['verdict'], mechanism=got.get('mechanism'))
wrong = {k: (v, actual.get(k)) for k, v in expect.items() if actual.get(k) != v}
for k, (want, have) in wrong.items():
    print(f'     {k}: want {want!r}, got {have!r}')
sys.exit(1 if wrong else 0)
PY
done
real=$(grep -L "^generated: true$" "$corpus"/*/case.yaml | wc -l)
check "the corpus has at least ten real cases" test "$real" -ge 10
check "the corpus has generated cases for mechanisms no public log shows" sh -c \
	'grep -l "^generated: true$" "$0"/*/case.yaml | wc -l | grep -qv "^0$"' "$corpus"
check "the corpus has cases that are not this path" sh -c 'grep -l "^this_path: no$" "$0"/*/case.yaml | wc -l | grep -qv "^0$"' "$corpus"

# the lines themselves: what each reader recognised
igd=$corpus/xen-devel-2022-igd-gsi-failed-to-obtain-irq/journal.log
expect 3 'guest, lines of this path:' explain "$igd"
expect 3 'journal.log:3 +failure Failed to obtain physical IRQ 24' explain "$igd"
expect 3 'journalctl -k' explain "$igd"
expect 3 'journal.log:1  guest .*xen: --> pirq=16 -> irq=24 \(gsi=24\)' explain "$igd"
sn570=$corpus/xen-devel-2022-sn570-nvme-msix-enodata
expect 3 '00:05.0  Error: Mapping of MSI-X \(err: 61, vec: 0x30, entry 0\)' explain "$sn570/qemu.log"
expect 3 '"device":"00:05.0","function":"msi_msix_setup"' explain --json "$sn570/qemu.log"
expect 0 'xl dmesg' explain "$sn570/xl-dmesg.log"
expect 3 'a zero printed "0": "%#x", QEMU older than 6.0' explain "$sn570/qemu.log"
obsd=$corpus/xen-devel-2022-openbsd-nic-passthrough/stubdom-dm.log
expect 0 "qemu +6\\.1\\.0 \\(QEMU's QMP greeting, .*stubdom-dm.log:3\\)" explain "$obsd"
expect 0 'xen +4\.14\.5 \(a Linux domain.s "Xen version:" line' explain "$obsd"
expect 0 'kernel +unknown' explain "$obsd"
expect 0 'kernel +5\.4\.0 \(given on the command line\)' explain --kernel 5.4.0 "$obsd"
expect 0 '"xen":\{"value":"4\.17","decided_by":"given on the command line"\}' explain --json --xen 4.17 "$obsd"
expect 0 'qemu-2-driver-unloaded.log:7 +ok +00:06.0  Unmap MSI-X pirq 55' \
	explain "$corpus"/xen-devel-2025-msix-cleanup-domu-restart/qemu-2-driver-unloaded.log
# standard input, and formats the corpus lacks (lines written here are test
# input, not corpus data): xl dmesg with a vcpu tag and a debug build's dprintk
check "- reads standard input" sh -c '"$0" explain - < "$1" | grep -q "1 lines of this path (1 failures)"' "$pirqsim" "$igd"
printf '%s\n' '(XEN) Xen version 4.8.5 (built by nobody) (gcc) debug=y' \
	'(XEN) [  123.456789] d1v0 irq.c:1914: dom1: pirq 79 or irq 40 already mapped (78,39)' > xl.txt
expect 3 "xen +4\\.8\\.5 \\(Xen's version banner, xl.txt:1\\)" explain xl.txt
expect 3 '>= 4\.6: map_domain_pirq' explain xl.txt
expect 3 '"domain":1,"vcpu":0,"format":"dom%d: pirq %d or irq %d already mapped \(%d,%d\)"' explain --json xl.txt
printf '%s\n' '[    1.234567] Linux version 4.10.0-rc3 (gcc)' \
	'[    2.345678] nvme 0000:00:05.0: Failed to create MSI-X! ret=-16!' > dmesg.txt
expect 3 'kernel +4\.10\.0-rc3 \(the Linux version banner, dmesg.txt:1\)$' explain dmesg.txt
expect 3 '>= 4\.10: xen_hvm_setup_msi_irqs' explain dmesg.txt
expect 3 'nvme 0000:00:05.0: Failed|0000:00:05.0  Failed to create MSI-X! ret=-16!' explain dmesg.txt

printf '%s\n' '[    1.0] Linux version 4.9.0-3-amd64 (debian)' \
	'[    2.0] nvme 0000:00:05.0: Failed to create MSI-X! ret=-16!' > backport.txt
expect 3 'kernel +4\.9\.0-3-amd64 \(the Linux version banner, backport.txt:1; conflict: a line.s format says >= 4\.10\)' \
	explain backport.txt
expect 3 'qemu +>= 2\.4, < 6\.0 \(what the formats of the lines show \(2 pieces of evidence\)\)' \
	explain "$sn570/qemu.log"

pvh=$corpus/xen-devel-2021-pvh-dom0-vpci-already-mapped/xl-dmesg.log
expect 0 '"prefix":"\(XEN\) vmsi.c:762:d0v0 ","message":"0000:00:19.0: failed to map PIRQ: -16","device":"","function":"vmsi.c","domain":0,"vcpu":0' \
	explain --json "$pvh"
expect 0 'xl-dmesg.log:1  xen +\(XEN\) irq.c:2812: dom0: -1:-1 already mapped to -640' explain "$pvh"

# QEMU's own prefixes: a version line, -msg timestamp=on, error_report's program name
printf '%s\n' 'QEMU emulator version 7.2.0 (Debian 1:7.2+dfsg-7)' \
	'2023-05-02T10:11:12.123456Z qemu-system-i386: [00:05.0] msi_msix_setup: Error: Mapping of MSI-X (err: 28, vec: 0x0, entry 0x1)' \
	'2023-05-02T10:11:12+0000 host kernel: xen: msi bound to pirq=55' > qemu.txt
expect 3 "qemu +7\\.2\\.0 \\(QEMU's version line, qemu.txt:1\\)" explain qemu.txt
expect 3 'qemu.txt:2  failure 00:05.0  Error: Mapping of MSI-X' explain qemu.txt
expect 3 'qemu.txt:3  ok +xen: msi bound to pirq=55' explain qemu.txt
expect 3 'qemu.txt: mixed' explain qemu.txt

printf '%s\n' 'pt_msix_update_one: Error: Mapping msix entry 1' > trad.txt
expect 3 'qemu +qemu-xen-traditional \(the format of the lines \(1 line\)\)' explain trad.txt
expect 3 'trad.txt:1  failure Error: Mapping msix entry 1' explain trad.txt

# the answer: the 2017 reuse, generated by the model, explained; its trail
# replays; the cures come from counterfactual replays; the report page
gen=$corpus/generated-nvme-2017-linux-4.10-dmesg/dmesg.log
expect 1 'violated: pirq-exclusive: pirq [0-9]+ is the live pirq of nvme0 vector 1 and nvme1 vector 0' explain "$gen"
expect 1 'mechanism: pirq-exclusive/shared-pirq/guest-view' explain "$gen"
expect 1 'dmesg.log:3  I/O 0 QID 0 timeout, disable controller' explain "$gen"
expect 1 'kernel releases that cure it: from 4\.10\.12 on' explain "$gen"
expect 1 'kernel 4\.11-rc1 +cures' explain "$gen"
expect 1 'host   hvm_pirq=0 +cures' explain "$gen"
expect 1 'confidence: [0-9]+ of [0-9]+ configurations explain the logs' explain "$gen"
expect 1 'trail: t.trail \(41 steps\)' explain --trail-out t.trail "$gen"
expect 1 'violated: pirq-exclusive' run --trail t.trail
expect 1 '"verdict":"explained","exit_status":1' explain --json --xen 4.8 "$gen"
expect 1 '"cured_by":\{"kernel":"from 4\.10\.12 on"' explain --json --xen 4.8 "$gen"
expect 1 'explained' explain --quiet --report answer.html "$gen"
check "the report shows observed and modelled lines side by side" sh -c \
	'grep -q "<th>the model prints</th><th>where</th><th>the log shows</th>" answer.html &&
	 grep -q "nvme nvme1: I/O 0 QID 0 timeout, disable controller</td><td>.*dmesg.log:3</td>" answer.html'
expect 1 'explains .*Xen 4\.8.*2 x nvme' explain --xen 4.8 --qemu 2.8 "$gen"
expect 1 'no match .*1 x nvme' explain --xen 4.8 --qemu 2.8 "$gen"
# on the fixed kernel no run without a fault prints these lines; the faults
# are tried next, and an event channel port exhaustion (bind-pirq-enospc) does
expect 1 'explained by: Linux 4\.11 .*fault bind-pirq-enospc' explain --kernel 4.11 "$gen"
# numbers that name resources (irqs, pirqs, I/O tags) are the model's own;
# a result (status, ret=, err) must be the one the model prints
sed 's/physical IRQ 75/physical IRQ 24/; s/I\/O 0 QID 0/I\/O 12 QID 0/' "$gen" > renumbered.log
expect 1 'mechanism: pirq-exclusive/shared-pirq/guest-view' explain --xen 4.8 renumbered.log
sed 's/probe failure status: -4/probe failure status: -19/' "$gen" > other-status.log
expect 3 'not explained' explain --xen 4.8 other-status.log
# a stock line the log lacks rules the interleaving out: no timeout line, no explanation on 4.10
grep -v 'timeout, disable controller' "$gen" > no-timeout.log
expect 3 'not explained' explain --xen 4.8 --qemu 2.8 no-timeout.log
# bounds are said, never silent
expect 3 'not explained \(search bound reached\)' explain --max-states 5 "$gen"
expect 3 '1 of [0-9]+ candidate configurations searched' explain --max-configurations 1 "$gen"
# the lines a real case's model cannot place are listed
expect 3 'sn570.*qemu.log:4 +qemu .*Mapping of MSI-X \(err: 61' explain "$sn570/qemu.log" "$sn570/xl-dmesg.log"

# bad input
expect 2 'max-states wants a number' explain --max-states 0 "$gen"
expect 2 "unknown Linux release '9.99'" explain --kernel 9.99 "$gen"
expect 2 '"verdict":"error"' explain --json --xen 9.99 "$gen"
expect 2 'no LOG given' explain
expect 2 'cannot read no-such-file' explain no-such-file
expect 2 '"verdict":"error"' explain --json no-such-file
expect 2 'unknown or incomplete option' explain --bogus x
expect 2 'cannot read' explain /
expect 0 'usage: pirqsim explain' explain --help
finish
