#!/usr/bin/env python3
"""The shim surface of a real Linux or QEMU tree: run extract.py on the files
of the MSI/pirq path with the standard roots, and list what they need.

    surface.py TREE OUTDIR [--json SURFACE.json]

TREE is a Linux tree (top Makefile, arch/x86/pci/xen.c,
drivers/xen/events/events_base.c), a QEMU tree (VERSION, hw/xen/xen_pt_msi.c)
or a Xen tree (xen/Makefile, xen/arch/x86/irq.c, ...); only the files named below need be there.  OUTDIR gets
one extracted .c and one report .json a source file; SURFACE.json (default
OUTDIR/surface.json) gets the tree's version and, per file, the kept items
and the external identifiers: what the shim must provide.  Roots that differ
between eras are optional: the report says which a tree lacks.
Exit status: 0 done, 2 when the tree or an extraction is not usable.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXTRACT = os.path.join(HERE, 'extract.py')

# A Xen HVM x86_64 guest as Debian builds it (CONFIG_XEN_DOM0 is set there).
LINUX_DEFINES = ['CONFIG_X86', 'CONFIG_X86_64', 'CONFIG_PCI', 'CONFIG_PCI_MSI', 'CONFIG_XEN',
                 'CONFIG_XEN_PVHVM', 'CONFIG_XEN_DOM0', 'CONFIG_SMP']

LINUX = [
    {'file': 'arch/x86/pci/xen.c',
     'extra': [],
     'roots': ['xen_hvm_setup_msi_irqs'],
     'optional': ['xen_msi_compose_msg', 'xen_teardown_msi_irqs', 'xen_teardown_msi_irq',
                  'xen_hvm_teardown_msi_irqs']},
    {'file': 'drivers/xen/events/events_base.c',
     'extra': ['drivers/xen/events/events_internal.h', 'include/xen/events.h'],
     'roots': ['xen_allocate_pirq_msi', 'xen_bind_pirq_msi_to_irq', 'shutdown_pirq',
               'xen_destroy_irq', 'evtchn_from_irq'],
     # xen_irq_from_pirq and pirq_from_irq are gone by 6.12
     'optional': ['xen_irq_from_pirq', 'pirq_from_irq', '__startup_pirq', 'startup_pirq',
                  'info_for_irq', 'get_evtchn_to_irq']},
]

QEMU = [
    {'file': 'hw/xen/xen_pt_msi.c',
     'extra': ['hw/xen/xen_pt.h'],
     'roots': ['msi_msix_setup', 'msi_msix_update', 'msi_msix_disable', 'xen_pt_msi_setup',
               'xen_pt_msi_update', 'xen_pt_msi_disable', 'xen_pt_msix_update',
               'xen_pt_msix_disable', 'pci_msix_write', 'pci_msix_read', 'xen_pt_msix_init'],
     'optional': ['xen_pt_msix_update_remap']},
    # the MSI / MSI-X control registers' emulation that calls into xen_pt_msi.c
    {'file': 'hw/xen/xen_pt_config_init.c',
     'extra': ['hw/xen/xen_pt.h'],
     'roots': ['xen_pt_msgctrl_reg_write', 'xen_pt_msgaddr32_reg_write', 'xen_pt_msgdata_reg_write',
               'xen_pt_msixctrl_reg_write'],
     'optional': ['xen_pt_msgaddr64_reg_write', 'xen_pt_msgctrl_reg_init', 'xen_pt_msixctrl_reg_init']},
]

# Xen (the stretch goal): the hypervisor's side of the pirq life cycle.
XEN_DEFINES = ['CONFIG_X86', 'CONFIG_X86_64', 'CONFIG_HVM', 'CONFIG_PV', 'NDEBUG']

XEN = [
    {'file': 'xen/arch/x86/irq.c', 'extra': [],
     'roots': ['get_free_pirq', 'map_domain_pirq', 'unmap_domain_pirq'],
     'optional': ['allocate_and_map_msi_pirq']},
    {'file': 'xen/drivers/passthrough/x86/hvm.c', 'extra': [],
     'roots': ['pt_irq_create_bind', 'pt_irq_destroy_bind'], 'optional': []},
    {'file': 'xen/common/event_channel.c', 'extra': [],
     'roots': ['evtchn_bind_pirq'], 'optional': []},
    {'file': 'xen/arch/x86/physdev.c', 'extra': [],
     'roots': [], 'optional': ['physdev_map_pirq', 'physdev_unmap_pirq', 'allocate_and_map_msi_pirq']},
]


def tree_version(tree):
    out = subprocess.run(['sh', os.path.join(HERE, '..', '..', 'scripts', 'real-version.sh'), '-k', tree],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return None, None
    kind, ver = out.stdout.split()
    return kind, ver


def surface(tree, outdir):
    kind, ver = tree_version(tree)
    if kind is None:
        raise SystemExit('surface.py: %s: no Linux or QEMU version found' % tree)
    plan = {'linux': LINUX, 'qemu': QEMU, 'xen': XEN}.get(kind)
    if plan is None:
        raise SystemExit('surface.py: %s: %s trees have no roots here' % (tree, kind))
    os.makedirs(outdir, exist_ok=True)
    result = {'tree': tree, 'kind': kind, 'version': ver, 'files': {}}
    allext = set()
    for f in plan:
        src = os.path.join(tree, f['file'])
        base = re.sub(r'\W', '_', f['file'])
        cmd = [sys.executable, EXTRACT, src, '-o', os.path.join(outdir, base + '.c'),
               '--report', os.path.join(outdir, base + '.json'), '--path-prefix', tree]
        for r in f['roots']:
            cmd += ['--root', r]
        for r in f['optional']:
            cmd += ['--optional-root', r]
        for e in f['extra']:
            if os.path.exists(os.path.join(tree, e)):
                cmd += ['--extra-file', os.path.join(tree, e)]
        for d in {'linux': LINUX_DEFINES, 'xen': XEN_DEFINES}.get(kind, []):
            cmd += ['-D', d]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            sys.stderr.write(p.stderr)
            raise SystemExit('surface.py: %s: extraction failed' % src)
        with open(os.path.join(outdir, base + '.json'), encoding='utf-8') as fh:
            rep = json.load(fh)
        result['files'][f['file']] = {
            'roots': rep['roots'],
            'missing_optional_roots': rep['missing_optional_roots'],
            'kept': [k['name'] for k in rep['kept']],
            'unknown_config': rep['unknown_config'],
            'external': rep['external'],
        }
        allext.update(rep['external'])
    # What one file calls and another extracted file defines (xen.c calls
    # events_base.c's xen_allocate_pirq_msi) is not the shim's.
    defined = set()
    for f in plan:
        base = re.sub(r'\W', '_', f['file'])
        with open(os.path.join(outdir, base + '.json'), encoding='utf-8') as fh:
            for k in json.load(fh)['kept']:
                defined.update(k['names'])
    result['cross_file'] = sorted(allext & defined)
    result['external'] = sorted(allext - defined)
    return result


def main(argv):
    if len(argv) < 2:
        sys.stderr.write('usage: surface.py TREE OUTDIR [--json SURFACE.json]\n')
        return 2
    tree, outdir = argv[0], argv[1]
    js = os.path.join(outdir, 'surface.json')
    if len(argv) >= 4 and argv[2] == '--json':
        js = argv[3]
    res = surface(tree, outdir)
    with open(js, 'w', encoding='utf-8') as fh:
        json.dump(res, fh, indent=1)
        fh.write('\n')
    print('%s %s: %d external identifiers -> %s' % (res['kind'], res['version'], len(res['external']), js))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
