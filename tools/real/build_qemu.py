#!/usr/bin/env python3
"""Build a QEMU tree's xen_pt MSI/MSI-X code into an object pirqsim can load.

    build_qemu.py --qemu-tree DIR --cache DIR [--cc CC] [--print-source]

1. The tree's release from its VERSION file.
2. extract.py takes, by name, from hw/xen/xen_pt_msi.c the MSI/MSI-X
   emulation (msi_msix_setup, msi_msix_update, msi_msix_disable,
   xen_pt_msi_setup/update/disable, xen_pt_msix_init, xen_pt_msix_update_one,
   xen_pt_msix_update, xen_pt_msix_disable, pci_msix_write, pci_msix_read)
   with the types of hw/xen/xen_pt.h (XenPCIPassthroughState, XenPTMSI,
   XenPTMSIX, XenPTMSIXEntry, XenPTReg...); from hw/xen/xen_pt_config_init.c
   the MSI and MSI-X register writers (xen_pt_msgctrl_reg_write,
   xen_pt_msgaddr32/64_reg_write, xen_pt_msgdata_reg_write,
   xen_pt_msixctrl_reg_write), their init functions and the register
   tables xen_pt_emu_reg_msi / xen_pt_emu_reg_msix; from hw/xen/xen_pt.c
   xen_pt_log.  XEN_PT_LOGGING_ENABLED is defined, so XEN_PT_LOG and
   XEN_PT_WARN lines reach pirqsim, which knows that a stock build does not
   print them.
3. The extracts, the prelude and the glue (src/real/shim/qemu_*) make one
   translation unit, compiled with the QEMU shim force-included, linked
   with -z now -z norelro into a shared object.
4. Cached under --cache by a hash of every input; the object's path is the
   last line printed.

Errors name the tree file and stop with exit status 2.  Python 3 standard
library only.
"""

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM_DIRS = [os.path.join(HERE, "..", "..", "src", "real"), HERE]
SHIM_FILES = ["shim/qemu_shim.h", "shim/qemu_glue.c", "shim/qemu_prelude.h", "real_dm_abi.h"]

MSI_FILE, HEADER, CONFIG_FILE, PT_FILE = ("hw/xen/xen_pt_msi.c", "hw/xen/xen_pt.h", "hw/xen/xen_pt_config_init.c",
                                          "hw/xen/xen_pt.c")
MSI_ROOTS = ["msi_msix_setup", "msi_msix_update", "msi_msix_disable", "xen_pt_msi_setup", "xen_pt_msi_update",
             "xen_pt_msi_disable", "xen_pt_msix_init", "xen_pt_msix_update_one", "xen_pt_msix_update",
             "xen_pt_msix_disable", "pci_msix_write", "pci_msix_read",
             # hw/xen/xen_pt.h: the device state and the log macros
             "XenPCIPassthroughState", "XEN_PT_WARN"]
CONFIG_ROOTS = ["xen_pt_msgctrl_reg_write", "xen_pt_msgaddr32_reg_write", "xen_pt_msgaddr64_reg_write",
                "xen_pt_msgdata_reg_write", "xen_pt_msixctrl_reg_write", "xen_pt_msgctrl_reg_init",
                "xen_pt_msixctrl_reg_init", "xen_pt_emu_reg_msi", "xen_pt_emu_reg_msix"]
CONFIG_OMIT = ["xen_pt_ptr_reg_init"]
PT_ROOTS = ["xen_pt_log"]
DEFINES = ["XEN_PT_LOGGING_ENABLED", "CONFIG_XEN"]


def fail(message):
    sys.stderr.write("build_qemu.py: %s\n" % message)
    sys.exit(2)


def version_of(tree):
    path = os.path.join(tree, "VERSION")
    try:
        text = open(path, encoding="utf-8", errors="replace").read().strip()
    except OSError as e:
        fail("%s: %s (is %s a QEMU source tree?)" % (path, e.strerror, tree))
    if not re.match(r"^\d+\.\d+\.\d+$", text):
        fail("%s: %r is no QEMU release x.y.z" % (path, text))
    return text


def shim_dir():
    for d in SHIM_DIRS:
        if os.path.isfile(os.path.join(d, "shim", "qemu_shim.h")):
            return os.path.abspath(d)
    fail("cannot find shim/qemu_shim.h beside %s" % HERE)


def extract(tree, src, extras, roots, omit, out):
    cmd = [sys.executable, os.path.join(HERE, "extract.py"), os.path.join(tree, src), "-o", out,
           "--path-prefix", tree.rstrip("/") + "/"]
    for e in extras:
        cmd += ["--extra-file", os.path.join(tree, e)]
    for r in roots:
        cmd += ["--root", r]
    for o in omit:
        cmd += ["--omit", o]
    for d in DEFINES:
        cmd += ["-D", d]
    rc = subprocess.run(cmd).returncode
    if rc != 0:
        fail("extracting from %s failed (extract.py exit %d)" % (os.path.join(tree, src), rc))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qemu-tree", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--print-source", action="store_true", help="print the translation unit's path too")
    a = ap.parse_args()
    tree = os.path.abspath(a.qemu_tree)
    release = version_of(tree)
    for f in (MSI_FILE, HEADER, CONFIG_FILE, PT_FILE):
        if not os.path.isfile(os.path.join(tree, f)):
            fail("%s: no %s (the tree has no xen_pt; qemu-xen-traditional is not supported)" % (tree, f))
    shim = shim_dir()
    h = hashlib.sha256()
    for p in [os.path.join(tree, f) for f in (MSI_FILE, HEADER, CONFIG_FILE, PT_FILE)] + \
             [os.path.join(shim, f) for f in SHIM_FILES] + [__file__, os.path.join(HERE, "extract.py")]:
        with open(p, "rb") as f:
            h.update(f.read())
    h.update(a.cc.encode())
    out_dir = os.path.join(os.path.abspath(a.cache), "qemu-%s-%s" % (release, h.hexdigest()[:24]))
    obj = os.path.join(out_dir, "dm.so")
    if os.path.isfile(obj):
        print(obj)
        return 0
    os.makedirs(out_dir, exist_ok=True)
    msi, cfg, pt = (os.path.join(out_dir, n) for n in ("xen_pt_msi.c", "xen_pt_config_init.c", "xen_pt.c"))
    extract(tree, MSI_FILE, [HEADER], MSI_ROOTS, [], msi)
    extract(tree, CONFIG_FILE, [], CONFIG_ROOTS, CONFIG_OMIT, cfg)
    extract(tree, PT_FILE, [], PT_ROOTS, [], pt)
    tu = os.path.join(out_dir, "dm.c")
    with open(tu, "w") as f:
        f.write("/* Generated by tools/real/build_qemu.py from %s (QEMU %s): not to be committed. */\n"
                % (tree, release))
        f.write('#include "%s"\n#include "shim/qemu_prelude.h"\n#include "%s"\n#include "%s"\n'
                '#include "shim/qemu_glue.c"\n' % (msi, cfg, pt))
    tmp = tempfile.NamedTemporaryFile(dir=out_dir, suffix=".so", delete=False)
    tmp.close()
    cmd = [a.cc, "-shared", "-fPIC", "-O1", "-g", "-fvisibility=hidden", "-fno-strict-aliasing", "-w",
           "-Werror=implicit-function-declaration", "-Werror=implicit-int",
           "-Wl,-z,now", "-Wl,-z,norelro", "-Wl,--no-undefined",
           "-DQEMU_RELEASE=%s" % release,
           "-I", shim, "-I", os.path.dirname(shim), "-include", os.path.join(shim, "shim", "qemu_shim.h"), tu, "-o", tmp.name]
    rc = subprocess.run(cmd).returncode
    if rc != 0:
        if os.path.exists(tmp.name):
            os.unlink(tmp.name)
        fail("compiling QEMU %s's xen_pt functions against the shim failed (above); the extracts are in %s"
             % (release, out_dir))
    os.replace(tmp.name, obj)
    if a.print_source:
        print(tu)
    print(obj)
    return 0


if __name__ == "__main__":
    sys.exit(main())
