#!/usr/bin/env python3
"""Tests of tools/real/extract.py (issue 15).

    real_extract.py                 the synthetic cases (tests/real/)
    real_extract.py --trees DIR     the real trees scripts/real-src.sh put in
                                    DIR (Linux 6.1, 6.12, QEMU, Xen): every root
                                    extracts, and the report is complete: gcc
                                    -fsyntax-only of the output, with nothing
                                    included, complains only of identifiers the
                                    report lists as external (or that the output
                                    itself defines, or member names given to
                                    macros).  Exit 77 when DIR has no tree.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTRACT = os.path.join(ROOT, 'tools', 'real', 'extract.py')
SURFACE = os.path.join(ROOT, 'tools', 'real', 'surface.py')
SYN = os.path.join(ROOT, 'tests', 'real', 'synthetic.c')
SYNH = os.path.join(ROOT, 'tests', 'real', 'synthetic.h')
SHIM = os.path.join(ROOT, 'tests', 'real', 'synthetic_shim.h')

failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print('FAIL: %s' % what)


def extract(tmp, args):
    out = os.path.join(tmp, 'out.c')
    rep = os.path.join(tmp, 'out.json')
    p = subprocess.run([sys.executable, EXTRACT, SYN, '--extra-file', SYNH, '-D', 'CONFIG_X86',
                        '-o', out, '--report', rep] + args, capture_output=True, text=True)
    if p.returncode != 0:
        return p, None, None
    with open(out, encoding='utf-8') as f:
        text = f.read()
    with open(rep, encoding='utf-8') as f:
        report = json.load(f)
    return p, text, report


COMMON = ['struct widget', 'enum widget_state']
# root(s) -> (kept item names, external identifiers)
CASES = [
    (['--root', 'widget_find'],
     COMMON + ['widget_find', 'widget_list'],
     ['LIST_HEAD', 'NULL', 'list_for_each_entry', 'struct list_head']),
    (['--root', 'widget_alloc'],
     COMMON + ['widget_alloc', 'WIDGET_MAX', 'WIDGET_FLAGS', 'struct gadget', 'widget_lock',
               'widget_list', 'widget_count', 'widget_names', 'arch_bits', 'widget_speed'],
     ['DEFINE_MUTEX', 'DEFINE_PER_CPU', 'ENOMEM', 'GFP_KERNEL', 'LIST_HEAD', 'NULL', '__init',
      'kzalloc', 'list_add_tail', 'mutex_lock', 'mutex_unlock', 'pr_info', 'slow_path',
      'struct list_head', 'this_cpu_inc']),
    (['--root', 'widget_poke'],
     COMMON + ['widget_poke', 'widget_find', 'widget_list', 'widget_next', 'widget_hook',
               'ops_poke', 'widget_ops', 'struct widget_ops'],
     # widget_ops: the header only declares it (extern), so it is external
     ['ENOENT', 'LIST_HEAD', 'NULL', '__read_mostly', 'list_for_each_entry', 'struct list_head',
      'widget_ops']),
    (['--root', 'widget_poke', '--omit', 'widget_find', '--omit', 'ops_poke'],
     COMMON + ['widget_poke', 'widget_next', 'widget_hook'],
     ['ENOENT', '__read_mostly', 'ops_poke', 'struct list_head', 'widget_find']),
    (['--root', 'widget_free_all'],
     COMMON + ['widget_free_all', 'widget_table', 'WIDGET_MAX'],
     ['kfree', 'struct list_head']),
]


def synthetic():
    with tempfile.TemporaryDirectory() as tmp:
        for args, kept, ext in CASES:
            label = ' '.join(args)
            p, text, rep = extract(tmp, args)
            check(p.returncode == 0, '%s: exit %d: %s' % (label, p.returncode, p.stderr.strip()))
            if rep is None:
                continue
            got = sorted(k['name'] for k in rep['kept'])
            check(got == sorted(kept), '%s: kept %s, expected %s' % (label, got, sorted(kept)))
            check(rep['external'] == sorted(ext),
                  '%s: external %s, expected %s' % (label, rep['external'], sorted(ext)))
            for bad in ('#include', 'EXPORT_SYMBOL', 'module_param', 'helper_unused', 'UNUSED_MACRO',
                        'fast_path', '= 32'):
                check(bad not in text, '%s: output has %r' % (label, bad))
            check(text.count('#line ') == len(rep['kept']), '%s: one #line an item' % label)
            check(rep['unknown_config'] == ['CONFIG_WIDGET_FAST'],
                  '%s: unknown_config %s' % (label, rep['unknown_config']))
            if '--omit' in args:
                continue  # the test shim does not provide omitted names
            # The output compiles against a shim of exactly the listed externals.
            c = subprocess.run(['gcc', '-fsyntax-only', '-Werror=implicit-function-declaration',
                                '-include', SHIM, '-x', 'c', os.path.join(tmp, 'out.c')],
                               capture_output=True, text=True)
            check(c.returncode == 0, '%s: output does not compile with the shim:\n%s' % (label, c.stderr))
        # The kept items keep their source lines.
        p, text, rep = extract(tmp, ['--root', 'widget_alloc'])
        item = next(k for k in rep['kept'] if k['name'] == 'widget_alloc')
        with open(SYN, encoding='utf-8') as f:
            src = f.read().split('\n')
        check(src[item['lines'][0] - 1].startswith('static int __init widget_alloc('),
              'widget_alloc: line %d is not its first line' % item['lines'][0])
        check('#line %d "%s"' % (item['lines'][0], SYN) in text, 'widget_alloc: #line names its line')
        # -U and -D change the branch taken.
        p, text, rep = extract(tmp, ['--root', 'widget_alloc', '-D', 'CONFIG_WIDGET_FAST'])
        check('fast_path' in rep['external'] and 'slow_path' not in rep['external'],
              '-D CONFIG_WIDGET_FAST takes the #ifdef branch')
        check(not any(k['name'] == 'arch_bits' for k in rep['kept']) and 'arch_bits' in rep['external'],
              '-D CONFIG_WIDGET_FAST: no arch_bits (#if ... && !defined)')
        # A root the file lacks: exit 2, naming the file.
        p, _, _ = extract(tmp, ['--root', 'no_such_function'])
        check(p.returncode == 2 and 'synthetic.c' in p.stderr and 'no_such_function' in p.stderr,
              'missing root: exit %d, %r' % (p.returncode, p.stderr))
        p = subprocess.run([sys.executable, EXTRACT, os.path.join(tmp, 'nonexistent.c'), '--root', 'x',
                            '-o', os.path.join(tmp, 'o.c')], capture_output=True, text=True)
        check(p.returncode == 2 and 'nonexistent.c' in p.stderr, 'unreadable file: exit %d' % p.returncode)


def gcc_names(path):
    """Identifiers gcc -fsyntax-only (nothing included) calls undeclared."""
    p = subprocess.run(['gcc', '-fsyntax-only', '-fmax-errors=0', '-Wimplicit-function-declaration', path],
                       capture_output=True, text=True)
    names = set()
    for line in p.stderr.splitlines():
        line = line.replace('\u2018', "'").replace('\u2019', "'")
        m = re.search(r"'(\w+)' undeclared|unknown type name '(\w+)'|implicit declaration of function '(\w+)'",
                      line)
        if m:
            names.add(next(g for g in m.groups() if g))
    return names


def trees(base):
    present = [t for t in ('linux-6.1', 'linux-6.12', 'qemu', 'xen') if os.path.isdir(os.path.join(base, t))]
    if not present:
        print('real_extract: no real trees under %s (scripts/real-src.sh did not run or was skipped)' % base)
        return 77
    outbase = os.path.join(os.path.dirname(os.path.abspath(base)), 'real-extract')
    for t in present:
        out = os.path.join(outbase, t)
        p = subprocess.run([sys.executable, SURFACE, os.path.join(base, t), out], capture_output=True, text=True)
        check(p.returncode == 0, '%s: surface.py exit %d: %s' % (t, p.returncode, p.stderr.strip()))
        if p.returncode != 0:
            continue
        print(p.stdout.strip())
        for f in sorted(os.listdir(out)):
            if not f.endswith('.c'):
                continue
            with open(os.path.join(out, f[:-2] + '.json'), encoding='utf-8') as fh:
                rep = json.load(fh)
            known = set(rep['external']) | set(rep['member_names']) | set(rep['macro_declared_locals'])
            for k in rep['kept']:
                known.update(k['names'])
            missing = sorted(gcc_names(os.path.join(out, f)) - known)
            check(not missing, '%s/%s: gcc finds identifiers the report does not list: %s' % (t, f, missing))
            check(not rep['missing_optional_roots'] or t != 'qemu',
                  '%s/%s: roots missing %s' % (t, f, rep['missing_optional_roots']))
    return None


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--trees':
        rc = trees(sys.argv[2])
        if rc is not None:
            return rc
    elif len(sys.argv) == 1:
        synthetic()
    else:
        print(__doc__)
        return 2
    print('real_extract: %d passed, %d failed' % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
