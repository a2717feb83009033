#!/usr/bin/env python3
"""layers.py ROOT [LIBRARY.a] - the layer rules of ARCHITECTURE.md, checked.

From the `#include "..."` lines of src/, cli/ and include/:
  1. no include goes up the layer order
       base < versions < model < search < real < trace < check < matrix < cli
     (include/pirqsim.h is the public API: anything may include it);
  2. no circle between modules (a module is x.c with x.h), anywhere;
  3. cli/ includes only the public headers (include/) and its own;
  4. the search layer sees the model only through model/next_state.h;
  5. the model's components talk only through model/boundary.h: the Linux
     guest, QEMU and Xen include none of each other's headers, and
     fault injection none of theirs;
  6. the rules (the components, the drivers, the faults) touch the world
     only through model/access.h, whose accessors record the footprint:
     none of them names c->w.
With the library archive, the same order is checked on what the objects
really call (nm): no object of a layer calls a function defined in a
higher layer, and no two objects call each other in a circle.  That sees
calls made through the public header, which the include lines cannot.
Prints every breach and exits 1 if there is one.
"""
import os
import re
import subprocess
import sys

LAYERS = ["base", "versions", "model", "search", "real", "trace", "check", "matrix", "cli"]
PUBLIC = "include"
COMPONENTS = {"model/linux", "model/qemu", "model/xen"}
RULES = COMPONENTS | {"model/drivers", "model/faults"}
WORLD_DIRECT = re.compile(r"\bc->w\b")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(path):
    """Layer index of a path relative to the root ('src/model/xen.c')."""
    parts = path.split("/")
    if parts[0] == PUBLIC:
        return -1
    if parts[0] == "cli":
        return LAYERS.index("cli")
    if parts[0] == "src" and len(parts) > 2 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return None


def module_of(path):
    """'src/model/xen.c' -> 'model/xen'; 'cli/matrix.h' -> 'cli/matrix'."""
    stem = os.path.splitext(path)[0]
    return stem[4:] if stem.startswith("src/") else stem


def sources(root):
    out = []
    for top in ("src", "cli", PUBLIC):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(out)


def resolve(root, including, name):
    """The file an include names: next to the includer, under src/, cli/ or include/."""
    for base in (os.path.dirname(including), "src", "cli", PUBLIC):
        candidate = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(os.path.join(root, candidate)):
            return candidate
    return None


def circles(edges):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]
    nodes = sorted(set(edges) | {m for ms in edges.values() for m in ms})

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                found.append(sorted(scc))

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return found


def check_includes(root):
    breaches, edges = [], {}
    for path in sources(root):
        with open(os.path.join(root, path), encoding="utf-8") as f:
            text = f.read()
        here, mine = layer_of(path), module_of(path)
        if mine in RULES and path.endswith(".c"):
            for number, line in enumerate(text.splitlines(), 1):
                if WORLD_DIRECT.search(line):
                    breaches.append(f"{path}:{number}: names c->w; rules touch the world only through "
                                    f"model/access.h")
        for name in INCLUDE.findall(text):
            target = resolve(root, path, name)
            if target is None:
                breaches.append(f"{path}: includes \"{name}\", which is no file of the tree")
                continue
            there, theirs = layer_of(target), module_of(target)
            if theirs != mine:
                edges.setdefault(mine, set()).add(theirs)
            if here is None or there is None:
                continue
            if there > here:
                breaches.append(f"{path}: includes {target}, which is up the layer order "
                                f"({LAYERS[here]} < {LAYERS[there]})")
            if path.startswith("cli/") and not (target.startswith("cli/") or there == -1):
                breaches.append(f"{path}: includes {target}; cli/ uses only the public API (include/)")
            if here == LAYERS.index("search") and there == LAYERS.index("model") \
                    and target != "src/model/next_state.h":
                breaches.append(f"{path}: includes {target}; the search layer sees the model only "
                                f"through model/next_state.h")
            if mine in COMPONENTS | {"model/faults"} and theirs in COMPONENTS and theirs != mine:
                breaches.append(f"{path}: includes {target}; the components talk only through "
                                f"model/boundary.h")
    for scc in circles(edges):
        breaches.append("include circle: " + " -> ".join(scc))
    return breaches


def check_calls(root, library):
    """Layer order and circles of what the archive's objects define and use."""
    out = subprocess.run(["nm", "-A", "--defined-only", "-g", library], capture_output=True, text=True, check=True)
    defined, uses = {}, {}
    for line in out.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[-2] in "TDBRC":
            defined[fields[-1]] = fields[0].split(":")[1]
    out = subprocess.run(["nm", "-A", "--undefined-only", library], capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[-1] in defined:
            uses.setdefault(fields[0].split(":")[1], set()).add(fields[-1])
    where = {}
    for path in sources(root):
        if path.startswith("src/") and path.endswith(".c") and layer_of(path) is not None:
            where.setdefault(os.path.basename(path) + ".o", []).append(path)
    breaches, edges = [], {}
    for obj, symbols in sorted(uses.items()):
        paths = where.get(obj, [])
        if len(paths) != 1:
            continue  # generated or ambiguous (no two sources share a name; rule 0 below)
        here = layer_of(paths[0])
        for symbol in sorted(symbols):
            target = where.get(defined[symbol], [])
            if len(target) != 1 or target[0] == paths[0]:
                continue
            edges.setdefault(module_of(paths[0]), set()).add(module_of(target[0]))
            there = layer_of(target[0])
            if there > here:
                breaches.append(f"{paths[0]}: calls {symbol} of {target[0]}, up the layer order "
                                f"({LAYERS[here]} < {LAYERS[there]})")
    for scc in circles(edges):
        breaches.append("call circle: " + " -> ".join(scc))
    for obj, paths in sorted(where.items()):
        if len(paths) > 1:
            breaches.append(f"two sources make {obj}: {', '.join(paths)} (the call check needs one)")
    return breaches


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: layers.py ROOT [LIBRARY.a]", file=sys.stderr)
        return 2
    root = sys.argv[1]
    breaches = check_includes(root)
    if len(sys.argv) == 3:
        breaches += check_calls(root, sys.argv[2])
    for b in breaches:
        print(b)
    n = len(sources(root))
    print(f"layers: {n} files, {len(breaches)} breaches")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
