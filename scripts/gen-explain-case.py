#!/usr/bin/env python3
"""gen-explain-case.py PIRQSIM TRAIL OUTDIR [--lanes guest,qemu,xen] [--printed CLASS,...]

Write the logs a real guest, device model and hypervisor would have left
for a run of the model: the trail is replayed (`pirqsim replay --format
jsonl`) and every log line it prints goes to the file of its program,
dmesg.log (guest kernel and driver, with dmesg timestamps and the
"Linux version" banner of the trail's kernel), qemu.log (the device model)
and xl-dmesg.log (Xen, "(XEN) " prefix).  Only lines a stock build prints
are written unless --printed names more classes ("dynamic debug",
"XEN_PT_LOGGING_ENABLED", "Xen debug build", "guest_loglvl=info"): the
logs of a build with that debugging on.  A lane left out of --lanes gets no
file (an operator who did not collect that log).

These are the corpus's *generated* cases (tests/explain/corpus/generated-*,
`generated: true` in case.yaml): the mechanisms no public log shows.  The
lines come from executing the model, never written by hand.
"""
import json
import os
import re
import subprocess
import sys


def main():
    args = sys.argv[1:]
    lanes, printed = ["guest", "qemu", "xen"], {"stock"}
    if "--lanes" in args:
        i = args.index("--lanes")
        lanes = args[i + 1].split(",")
        del args[i:i + 2]
    if "--printed" in args:
        i = args.index("--printed")
        printed |= set(args[i + 1].split(","))
        del args[i:i + 2]
    pirqsim, trail, outdir = args
    events = subprocess.run([pirqsim, "replay", trail, "--format", "jsonl"], capture_output=True, text=True).stdout
    kernel = re.search(r'^  kernel: "([^"]*)"', open(trail).read(), re.M)
    files = {"guest": [], "qemu": [], "xen": []}
    if kernel:
        files["guest"].append("Linux version %s (gen-explain-case.py) #1 SMP" % kernel.group(1))
    lane_of = {"linux": "guest", "driver": "guest", "qemu": "qemu", "xen": "xen"}
    for line in events.splitlines():
        e = json.loads(line)
        if e.get("type") != "log" or e.get("printed") not in printed or e.get("component") not in lane_of:
            continue
        files[lane_of[e["component"]]].append(e["text"])
    os.makedirs(outdir, exist_ok=True)
    names = {"guest": "dmesg.log", "qemu": "qemu.log", "xen": "xl-dmesg.log"}
    for lane in lanes:
        lines = files[lane]
        if lane == "guest":
            lines = ["[%5d.%06d] %s" % (i + 1, 0, text) for i, text in enumerate(lines)]
        with open(os.path.join(outdir, names[lane]), "w") as f:
            f.write("".join(text + "\n" for text in lines))
        print("%s: %d lines" % (names[lane], len(lines)))


main()
