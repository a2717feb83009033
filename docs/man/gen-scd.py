#!/usr/bin/env python3
"""gen-scd.py PIRQSIM [OUTDIR] - write docs/man/pirqsim-COMMAND.1.scd for every
command of `pirqsim --help`, from `pirqsim COMMAND --help` (which comes
from the command table in cli/main.c).  Run it after changing a command's
help, then `sh docs/man/build.sh` (or the CMake target `man`) to rebuild the
committed .1 pages.  pirqsim.1.scd, the overview, is written by hand."""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
pirqsim = sys.argv[1]
outdir = sys.argv[2] if len(sys.argv) > 2 else here  # tests write elsewhere and compare


def escape(text):
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


overview = subprocess.run([pirqsim, "--help"], capture_output=True, text=True).stdout
commands = []
for line in overview.split("commands:\n", 1)[1].splitlines():
    if not line.startswith("  "):
        break
    name = line.split()[0]
    commands.append(name)

# Per command: what it does (DESCRIPTION), commands to copy (EXAMPLES) and
# what each exit status means for it (EXIT STATUS), as cli/ behaves.
PAGES = {
    "demo": (
        "Checks the built-in scenarios nvme-2017 (Linux 4.10, QEMU 2.8, Xen 4.8, two NVMe "
        "controllers) and nvme-2017-fixed (Linux 4.11) exhaustively, replays the old kernel's "
        "counterexample, explains the difference, and writes the counterexample to "
        "nvme-2017.trail in the current directory.",
        ["pirqsim demo", "pirqsim demo --quiet", "pirqsim run --trail nvme-2017.trail"],
        [("0", "the old kernel violates a property and the fixed kernel holds, as they should"),
         ("1", "either check came out otherwise"),
         ("2", "usage error, or nvme-2017.trail cannot be written")]),
    "check": (
        "Builds the model of a scenario (a built-in name, a YAML/JSON file, or the options "
        "alone) and explores every interleaving of the drivers (or seeded random walks with "
        "--random), checking init-ok, irq-delivery, pirq-exclusive and no-leak. On a violation "
        "it writes a trail (the scheduling choices that reach it) for *pirqsim-run*(1), "
        "*pirqsim-replay*(1), *pirqsim-minimize*(1) and *pirqsim-report*(1).\n\n"
        "By default the search stops at the first violation. With --all-violations (as SPIN's "
        "-c0 -e) it goes on past every violation and lists every distinct one: distinct by "
        "property and mechanism (the cause and what went wrong within it: which view holds a "
        "pirq twice, the route stage where an interrupt is lost, how a driver failed, the "
        "state a leaked pirq is in), whatever the devices, vectors and pirqs. Each is listed "
        "with the first violation of its kind that its trail's replay shows, and the shortest "
        "trail the search found to it (a shortest one with --bfs), written to the trail path "
        "and then numbered beside it (old.trail, old-2.trail, old-3.trail, ...). Every "
        "exhaustive search (depth-first or --bfs, any --threads, reductions on or off) lists "
        "the same violations; random walks and *pirqsim-mpi* refuse the option. The list is "
        "never cut short: reaching --max-violations ends the search inconclusive, saying so.",
        ["pirqsim check --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2 --trail-out old.trail",
         "pirqsim check nvme-2017-fixed --quiet",
         "pirqsim check nvme-2017 --random --seed 7 --walks 2000",
         "pirqsim check nvme-2017 --all-violations --bfs --trail-out all.trail"],
        [("0", "every property holds on every explored state (every interleaving, or every random walk)"),
         ("1", "a property is violated; the trail is written (with --all-violations: every distinct "
               "violation was found, each trail is written)"),
         ("4", "degraded: every failure property holds, but a driver runs with fewer vectors, MSI "
               "instead of MSI-X, or INTx (vectors-granted); the trail is written"),
         ("2", "usage error, unknown release, scenario or knob, unreadable file, a trail that cannot "
               "be written, or a model error"),
         ("3", "inconclusive: a bound (--depth-max, --time-max, --memory-max, --steps-max, "
               "--max-violations) was reached before the search finished, or Ctrl-C or SIGTERM stopped "
               "it (the statistics so far are printed, with --all-violations the violations found so "
               "far and their trails; a second Ctrl-C exits at once)")]),
    "run": (
        "Replays a trail written by *pirqsim-check*(1) and prints its trace: every operation "
        "of Linux, QEMU and Xen with its arguments and result, and the lines the real programs "
        "would log; or runs one seeded random schedule of a scenario. The trail's integrity "
        "hashes are checked: an edited trail is refused as corrupted.\n\n"
        "With --kernel, --qemu, --xen, --knob, --fault, --apicv, --hvm-pirq or "
        "--extra-guest-irqs, *run --trail* is a counterfactual: the trail's schedule (its "
        "sequence of actor choices) is replayed on that other configuration for as long as the "
        "chosen actor can move, the first step where the two runs differ is shown side by side "
        "(or that the chosen actor cannot move there), the counterfactual runs on to "
        "quiescence (lowest enabled driver first) and its properties are checked. The devices "
        "are the trail's: --nvme, --nic, --single, --vectors, --io-queues and --msi are refused "
        "with --trail.",
        ["pirqsim run --trail old.trail",
         "pirqsim run --trail old.trail --kernel 4.11",
         "pirqsim run --trail old.trail --knob g-reuse=always-fresh --quiet",
         "pirqsim run nvme-2017-fixed --seed 5"],
        [("0", "all properties hold on this schedule (for a counterfactual: on the counterfactual)"),
         ("1", "the schedule violates a property (for a counterfactual: the counterfactual does)"),
         ("4", "the schedule ends degraded: only vectors-granted is violated"),
         ("2", "usage error, a trail that is corrupted or does not fit its scenario, unknown "
               "release or knob, or device options with --trail")]),
    "versions": (
        "Prints the version table compiled into pirqsim: for each Linux, QEMU and Xen row its "
        "release range, the behaviour knobs it sets, the QEMU a Xen release bundles, and the "
        "source (commit or file) each row comes from; with --knobs, every knob with its values "
        "and meaning.",
        ["pirqsim versions", "pirqsim versions --knobs --quiet", "pirqsim versions --json"],
        [("0", "the table was printed"), ("2", "usage error, or the version table did not load")]),
    "scenarios": (
        "Lists the built-in scenarios that *pirqsim-check*(1) accepts by name.",
        ["pirqsim scenarios", "pirqsim check $(pirqsim scenarios --quiet | head -1)"],
        [("0", "the list was printed"), ("2", "usage error")]),
    "matrix": (
        "Checks every cell of kernels x device models x hypervisors (with the QEMU each Xen "
        "release bundles unless --qemus is given) under a set of workloads, in parallel, and "
        "prints the grid: text, Markdown, a 72-column mail table, or JSON.",
        ["pirqsim matrix --kernels 4.10,4.11 --xens 4.8",
         "pirqsim matrix --kernels supported-2017 --xens rows --format md",
         "pirqsim matrix --kernels 4.10,4.11 --xens 4.8 --format json --trail-dir cells > m.json"],
        [("0", "every cell works or is not applicable"), ("1", "a cell fails"),
         ("2", "usage error or unknown release"),
         ("3", "a cell is inconclusive and none fails, or Ctrl-C or SIGTERM stopped the cells not yet run")]),
    "advise": (
        "For a known fix (by commit id), checks each stable tree's last release before the fix "
        "and first release with it (or the fix's knob) against each hypervisor, and says which "
        "trees need the backport.",
        ["pirqsim advise --fix c74fd80f2f41", "pirqsim advise --fix c74fd80f2f41 --trees 4.4,4.9 --format md"],
        [("0", "the advice was computed"), ("2", "usage error or unknown fix"),
         ("3", "some cell was inconclusive")]),
    "bisect": (
        "Finds the first release on one axis (a kernel range) where the verdict of a "
        "configuration changes, checking only the version table's row boundaries.",
        ["pirqsim bisect --kernels-range 4.4..4.12 --xen 4.8"],
        [("0", "a change was found"), ("1", "the verdict is the same over the whole range"),
         ("2", "usage error"), ("3", "a candidate was inconclusive")]),
    "replay": (
        "Replays a trail and exports its trace for people and tools: the text of "
        "*pirqsim-run*(1), Chrome/Perfetto trace JSON, a Mermaid sequence diagram, a plain-text "
        "message sequence chart, or JSON Lines (docs/trace-formats.md).",
        ["pirqsim replay old.trail --format perfetto --out old.json",
         "pirqsim replay old.trail --format msc | less"],
        [("0", "the trail shows no violation"), ("1", "the trail shows a violation"),
         ("2", "usage error, a corrupted trail, or an output that cannot be written")]),
    "minimize": (
        "Shrinks a counterexample: the fewest context switches (an exhaustive search per bound) "
        "and no step the violation does not need (delta debugging). The result keeps the "
        "input's first violated property naming the same devices, and is never longer than the "
        "input; when nothing shorter (or with fewer switches and no longer) is found it says so "
        "and writes the input unchanged.",
        ["pirqsim minimize old.trail", "pirqsim minimize old.trail --drop-steps --stop-at-violation --trail-out s.trail"],
        [("1", "the written trail shows the violation (the normal outcome)"),
         ("2", "usage error, a trail that shows no violation, a corrupted trail, or an output that "
               "cannot be written"),
         ("3", "a bound (--replays-max, --switches-max) was reached first; the best trail found is written")]),
    "report": (
        "Writes one self-contained HTML page (no network needed) for a bug report: each trail's "
        "verdict, violations and swim lanes, a reproduce box with the command line, the pirqsim "
        "version, the rules hash and the trail to download, and, with --matrix, the kernel x Xen "
        "grid of a matrix with each failing cell linked to its trace.",
        ["pirqsim report old.trail --out old.html",
         "pirqsim report old.trail --counterfactual \"--kernel 4.11\" --out fix.html",
         "pirqsim report cells/*.trail --matrix m.json --out matrix.html"],
        [("0", "no trail shows a violation"), ("1", "a trail shows a violation"),
         ("2", "usage error, an unreadable or corrupted trail, or a page that cannot be written")]),
    "explain": (
        "Reads real logs of this path: guest dmesg (with or without timestamps, journalctl -k, "
        "syslog), QEMU's device-model log (stock builds, XEN_PT_LOGGING_ENABLED builds, "
        "qemu-xen-traditional) and xl dmesg. Prints the lines the model can print, by source "
        "(guest, qemu, xen), with whether each shows a failure; the lines that look like this "
        "path (pirq, MSI) but match no known format; and the kernel, QEMU and Xen versions the "
        "logs show, each with the line that decided it. When a line shows a failure of this path, "
        "searches the model for a configuration (the releases the logs show or allow, the devices "
        "they name) and an interleaving whose printed lines match the observed ones in order, per "
        "log; lines a stock build does not print may be missing unless the log shows one of their "
        "kind (dynamic debug, XEN_PT_LOGGING_ENABLED, a Xen debug build), and the lines of a "
        "program no log was given for may be missing. The answer: the property that run violates, in the words of "
        "*pirqsim check*; the trail (replay it with *pirqsim run --trail*); the observed lines on "
        "its steps; what cures it, by replaying the same trail on later kernel, QEMU and Xen "
        "releases, hvm_pirq=0 and a larger extra_guest_irqs; and how many configurations explain "
        "the logs. When none does, the lines no interleaving could place.",
        ["pirqsim explain dmesg.txt qemu-dm.log xl-dmesg.txt",
         "journalctl -k | pirqsim explain -",
         "pirqsim explain --xen 4.8 --report answer.html dmesg.txt",
         "pirqsim explain --xen 4.17 --json qemu-dm.log"],
        [("0", "no line shows a failure of this path"),
         ("1", "a failure explained: a configuration and interleaving of the model print the lines and violate a property"),
         ("2", "usage error, or a LOG cannot be read, or the trail or report cannot be written"),
         ("3", "not explained (nothing in the model prints the lines), or a search bound was reached")]),
}

for name in commands:
    help_text = subprocess.run([pirqsim, name, "--help"], capture_output=True, text=True).stdout
    lines = help_text.splitlines()
    usage = lines[0][len("usage: "):]
    summary = lines[2]
    options = "\n".join(lines[3:]).strip("\n")
    description, examples, statuses = PAGES[name]
    page = [
        "pirqsim-%s(1)" % name, "",
        "# NAME", "", "pirqsim-%s - %s" % (name, escape(summary)), "",
        "# SYNOPSIS", "", "```", usage, "```", "",
        "# DESCRIPTION", "", description, "",
    ]
    if options:
        page += ["# OPTIONS", "", "```", options, "```", ""]
    page += ["# EXAMPLES", "", "```", *examples, "```", ""]
    page += ["# EXIT STATUS", ""]
    for status, meaning in statuses:
        page += ["*%s*" % status, "\t%s" % escape(meaning[0].upper() + meaning[1:]) + ".", ""]
    page += [
        "# SEE ALSO", "", "*pirqsim*(1); docs/scenario-format.md and docs/trace-formats.md in the source tree.", "",
    ]
    with open(os.path.join(outdir, "pirqsim-%s.1.scd" % name), "w") as f:
        f.write("\n".join(page))
print("wrote %d pages" % len(commands))
