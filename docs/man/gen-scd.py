#!/usr/bin/env python3
"""gen-scd.py PIRQSIM - write docs/man/pirqsim-COMMAND.1.scd for every
command of `pirqsim --help`, from `pirqsim COMMAND --help` (which comes
from the command table in cli/main.c).  Run it after changing a command's
help, then `sh docs/man/build.sh` (or the CMake target `man`) to rebuild the
committed .1 pages.  pirqsim.1.scd, the overview, is written by hand."""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
pirqsim = sys.argv[1]


def escape(text):
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


overview = subprocess.run([pirqsim, "--help"], capture_output=True, text=True).stdout
commands = []
for line in overview.split("commands:\n", 1)[1].splitlines():
    if not line.startswith("  "):
        break
    name = line.split()[0]
    commands.append(name)

for name in commands:
    help_text = subprocess.run([pirqsim, name, "--help"], capture_output=True, text=True).stdout
    lines = help_text.splitlines()
    usage = lines[0][len("usage: "):]
    summary = lines[2]
    options = "\n".join(lines[3:]).strip("\n")
    page = [
        "pirqsim-%s(1)" % name, "",
        "# NAME", "", "pirqsim-%s - %s" % (name, escape(summary)), "",
        "# SYNOPSIS", "", "```", usage, "```", "",
    ]
    if options:
        page += ["# OPTIONS", "", "```", options, "```", ""]
    page += [
        "# EXIT STATUS", "",
        "0 all properties hold; 1 a violation was found; 2 usage or input error; 3 inconclusive "
        "(a bound was reached before the search finished).", "",
        "# SEE ALSO", "", "*pirqsim*(1); docs/scenario-format.md and docs/trace-formats.md in the source tree.", "",
    ]
    with open(os.path.join(here, "pirqsim-%s.1.scd" % name), "w") as f:
        f.write("\n".join(page))
print("wrote %d pages" % len(commands))
