#!/usr/bin/env python3
"""Build a Linux tree's MSI-path functions into an object pirqsim can load.

    build.py --tree DIR --cache DIR [--cc CC] [--print-source]

1. The tree's release from its top Makefile (VERSION, PATCHLEVEL, SUBLEVEL).
2. extract.py takes, by name, from drivers/xen/events/events_base.c (or
   drivers/xen/events.c before 3.13) the pirq functions and what they need
   from the file (with events_internal.h where the tree has it), and from
   arch/x86/pci/xen.c the HVM MSI setup and teardown.
3. The two extracts, the prelude and the glue (src/real/shim/) make one
   translation unit, compiled with the kernel shim force-included, linked
   with -z now -z norelro (the runtime saves and restores the object's
   writable segments) into a shared object.
4. The object is cached under --cache by a hash of every input (the tree's
   files, the shim, the glue, this script, extract.py, the compiler), and
   its path is the last line printed.

Errors name the tree file and stop with exit status 2; a compile error
shows the compiler's messages, which name the tree's file and line (the
extract keeps #line).  Python 3 standard library only.
"""

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Where the shim lives: the source tree (tools/real/../../src/real), or an
# installed copy beside this script (share/pirqsim/real/shim).  Either
# directory is named real/: the shim includes "real/real_abi.h".
SHIM_DIRS = [os.path.join(HERE, "..", "..", "src", "real"), HERE]

CONFIG = ["CONFIG_X86", "CONFIG_X86_64", "CONFIG_PCI", "CONFIG_PCI_MSI", "CONFIG_XEN", "CONFIG_XEN_PVHVM",
          "CONFIG_XEN_DOM0", "CONFIG_SMP"]

# The pirq functions of the events code.  Optional ones are where a
# release has them (xen_allocate_pirq_msi moved between files; __startup_pirq
# is startup_pirq's worker from 3.x).
EVENTS_ROOTS = ["startup_pirq", "shutdown_pirq", "info_for_irq", "irq_from_evtchn", "pirq_needs_eoi_flag",
                "evtchn_to_irq", "xen_irq_list_head", "pirq_needs_eoi", "xen_bind_pirq_msi_to_irq",
                "xen_destroy_irq"]
EVENTS_OPTIONAL = ["__startup_pirq", "xen_allocate_pirq_msi", "xen_irq_from_pirq", "evtchn_ops"]
# The irq_chip's definition names every pirq chip callback; the glue calls
# startup_pirq and shutdown_pirq directly, so the prelude declares the
# chip and the extract stops there.
EVENTS_OMIT = ["xen_pirq_chip"]
PCI_ROOTS = ["xen_hvm_setup_msi_irqs"]
PCI_OPTIONAL = ["xen_msi_compose_msg", "xen_allocate_pirq_msi"]
# HVM's teardown: from 5.10 (the Xen MSI irqdomain) xen_teardown_msi_irqs,
# which HVM's xen_setup_pci_msi installs; before, x86_msi.teardown_msi_irq
# = xen_teardown_msi_irq per irq (the xen_teardown_msi_irqs of those trees
# is pcifront's, not HVM's).
PCI_TEARDOWN_NEW, PCI_TEARDOWN_OLD = "xen_teardown_msi_irqs", "xen_teardown_msi_irq"


def fail(message):
    sys.stderr.write("build.py: %s\n" % message)
    sys.exit(2)


def makefile_version(tree):
    path = os.path.join(tree, "Makefile")
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError as e:
        fail("%s: %s (is %s a Linux source tree?)" % (path, e.strerror, tree))
    values = {}
    for key in ("VERSION", "PATCHLEVEL", "SUBLEVEL"):
        m = re.search(r"^%s\s*=\s*(\d+)" % key, text, re.M)
        if not m:
            fail("%s: no %s = N line (is %s a Linux source tree?)" % (path, key, tree))
        values[key] = int(m.group(1))
    return values["VERSION"], values["PATCHLEVEL"], values["SUBLEVEL"]


def shim_dir():
    for d in SHIM_DIRS:
        if os.path.isfile(os.path.join(d, "shim", "linux_shim.h")):
            return os.path.abspath(d)
    fail("cannot find shim/linux_shim.h beside %s" % HERE)


def first_existing(tree, paths, what):
    for p in paths:
        if os.path.isfile(os.path.join(tree, p)):
            return p
    fail("%s: none of %s (the tree has no %s)" % (tree, ", ".join(paths), what))


def extract(tree, src, extras, roots, optional, omit, out):
    cmd = [sys.executable, os.path.join(HERE, "extract.py"), os.path.join(tree, src), "-o", out,
           "--path-prefix", tree.rstrip("/") + "/"]
    for e in extras:
        cmd += ["--extra-file", os.path.join(tree, e)]
    for r in roots:
        cmd += ["--root", r]
    for r in optional:
        cmd += ["--optional-root", r]
    for o in omit:
        cmd += ["--omit", o]
    for c in CONFIG:
        cmd += ["-D", c]
    rc = subprocess.run(cmd).returncode
    if rc != 0:
        fail("extracting from %s failed (extract.py exit %d)" % (os.path.join(tree, src), rc))


def defines(path):
    """Names a file (an extract) defines at top level, roughly: enough to
    know which optional roots it kept."""
    text = open(path, encoding="utf-8", errors="replace").read()
    return set(re.findall(r"^\w[\w\s\*]*?\b(\w+)\s*\([^;]*$", text, re.M))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tree", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--print-source", action="store_true", help="print the translation unit's path too")
    a = ap.parse_args()
    tree = os.path.abspath(a.tree)
    version = makefile_version(tree)
    release = "%d.%d.%d" % version
    code = (version[0] << 16) + (version[1] << 8) + min(version[2], 255)
    events = first_existing(tree, ["drivers/xen/events/events_base.c", "drivers/xen/events.c"], "Xen events code")
    # events_internal.h (>= 3.13) and include/xen/events.h (its inline
    # helpers, e.g. xen_evtchn_close in 6.12) where the tree has them.
    internal = [p for p in ["drivers/xen/events/events_internal.h", "include/xen/events.h"]
                if os.path.isfile(os.path.join(tree, p))]
    pci = first_existing(tree, ["arch/x86/pci/xen.c"], "arch/x86/pci/xen.c")
    shim = shim_dir()
    extract_py = os.path.join(HERE, "extract.py")

    h = hashlib.sha256()
    for p in [os.path.join(tree, events), os.path.join(tree, pci)] + [os.path.join(tree, i) for i in internal] + [
            os.path.join(shim, "shim", "linux_shim.h"), os.path.join(shim, "shim", "linux_glue.c"),
            os.path.join(shim, "shim", "linux_prelude.h"), os.path.join(shim, "real_abi.h"), __file__, extract_py]:
        with open(p, "rb") as f:
            h.update(f.read())
    h.update(a.cc.encode())
    key = h.hexdigest()[:24]
    out_dir = os.path.join(os.path.abspath(a.cache), "linux-%s-%s" % (release, key))
    obj = os.path.join(out_dir, "guest.so")
    if os.path.isfile(obj):
        print(obj)
        return 0
    os.makedirs(out_dir, exist_ok=True)
    ev = os.path.join(out_dir, "events.c")
    px = os.path.join(out_dir, "pci_xen.c")
    extract(tree, events, internal, EVENTS_ROOTS, EVENTS_OPTIONAL, EVENTS_OMIT, ev)
    # Functions the events extract defines are the shim's for the PCI one.
    teardown = PCI_TEARDOWN_NEW if version >= (5, 10, 0) else PCI_TEARDOWN_OLD
    extract(tree, pci, [], PCI_ROOTS + [teardown], PCI_OPTIONAL, sorted(defines(ev) & set(PCI_OPTIONAL + ["xen_allocate_pirq_msi",
            "xen_bind_pirq_msi_to_irq", "xen_destroy_irq", "xen_irq_from_pirq"])), px)
    tu = os.path.join(out_dir, "guest.c")
    with open(tu, "w") as f:
        f.write("/* Generated by tools/real/build.py from %s (Linux %s): not to be committed. */\n" % (tree, release))
        f.write('#include "shim/linux_prelude.h"\n#include "%s"\n#include "%s"\n#include "shim/linux_glue.c"\n'
                % (ev, px))
    tmp = tempfile.NamedTemporaryFile(dir=out_dir, suffix=".so", delete=False)
    tmp.close()
    cmd = [a.cc, "-shared", "-fPIC", "-O1", "-g", "-fvisibility=hidden", "-fno-strict-aliasing", "-w",
           "-Werror=implicit-function-declaration", "-Werror=implicit-int",
           "-Wl,-z,now", "-Wl,-z,norelro", "-Wl,--no-undefined",
           "-DLINUX_VERSION_CODE=%d" % code, "-DLINUX_RELEASE=%s" % release, '-DKBUILD_MODNAME="events"',
           "-I", shim, "-I", os.path.dirname(shim), "-include", os.path.join(shim, "shim", "linux_shim.h"), tu,
           "-o", tmp.name]
    # Locals start zeroed (the coroutine stacks' bytes are states), where
    # the compiler can: GCC 12 can, clang 14 only when unlocked.
    probe = subprocess.run([a.cc, "-ftrivial-auto-var-init=zero", "-fsyntax-only", "-x", "c", "/dev/null"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode == 0:
        cmd.insert(1, "-ftrivial-auto-var-init=zero")
    rc = subprocess.run(cmd).returncode
    if rc != 0:
        if os.path.exists(tmp.name):
            os.unlink(tmp.name)
        fail("compiling Linux %s's functions against the shim failed (above); the extracts are in %s"
             % (release, out_dir))
    os.replace(tmp.name, obj)
    if a.print_source:
        print(tu)
    print(obj)
    return 0


if __name__ == "__main__":
    sys.exit(main())
