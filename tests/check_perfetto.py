#!/usr/bin/env python3
"""check_perfetto.py FILE - the structure a Chrome Trace Event / Perfetto
JSON file must have to open in ui.perfetto.dev and chrome://tracing (the
"JSON Object Format" of the Trace Event Format document):

- valid JSON, an object with a "traceEvents" array;
- every event has "ph", "pid", "tid", "ts" (numbers for the last three);
- "X" complete events have a non-negative "dur" and a "name";
- "M" metadata events are process_name / thread_name (args.name) or
  process_sort_index / thread_sort_index (args.sort_index);
- flow events "s" and "f" come in pairs with the same id, name and cat, the
  "f" at or after its "s", the "f" binding to its enclosing slice
  ("bp": "e"); both ends lie inside an "X" slice of their own thread, which
  is what the viewers bind them to;
- "i" instant events have a scope "s" of "t", "p" or "g";
- every (pid, tid) used by a slice is named by metadata.
Exits 1 with the first problem found."""
import json
import sys


def fail(message):
    print("check_perfetto: " + message)
    sys.exit(1)


def main(path):
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    if not isinstance(document, dict) or not isinstance(document.get("traceEvents"), list):
        fail("no traceEvents array")
    events = document["traceEvents"]
    slices, flows, named_processes, named_threads = {}, {}, set(), set()
    for n, e in enumerate(events):
        for key in ("ph", "pid", "tid", "ts"):
            if key not in e:
                fail("event %d has no %s: %r" % (n, key, e))
        if not all(isinstance(e[k], (int, float)) for k in ("pid", "tid", "ts")):
            fail("event %d: pid, tid and ts must be numbers" % n)
        ph = e["ph"]
        if ph == "X":
            if not isinstance(e.get("dur"), (int, float)) or e["dur"] < 0 or not e.get("name"):
                fail("X event %d needs a name and dur >= 0" % n)
            slices.setdefault((e["pid"], e["tid"]), []).append((e["ts"], e["ts"] + e["dur"]))
        elif ph == "M":
            name = e.get("name")
            if name in ("process_name", "thread_name"):
                if not isinstance(e.get("args", {}).get("name"), str):
                    fail("metadata %d without args.name" % n)
                if name == "process_name":
                    named_processes.add(e["pid"])
                else:
                    named_threads.add((e["pid"], e["tid"]))
            elif name in ("process_sort_index", "thread_sort_index"):
                if not isinstance(e.get("args", {}).get("sort_index"), int):
                    fail("metadata %d without args.sort_index" % n)
            else:
                fail("unknown metadata %r" % name)
        elif ph in ("s", "f"):
            if "id" not in e or "name" not in e or "cat" not in e:
                fail("flow event %d needs id, name and cat" % n)
            if ph == "f" and e.get("bp") != "e":
                fail("flow end %d must bind to its enclosing slice (bp: e)" % n)
            flows.setdefault(e["id"], {})[ph] = e
        elif ph == "i":
            if e.get("s") not in ("t", "p", "g"):
                fail("instant event %d has no scope" % n)
        else:
            fail("event %d has an unexpected phase %r" % (n, ph))
    for ident, pair in flows.items():
        if set(pair) != {"s", "f"}:
            fail("flow %r is not a start/end pair" % ident)
        s, f = pair["s"], pair["f"]
        if (s["name"], s["cat"]) != (f["name"], f["cat"]) or f["ts"] < s["ts"]:
            fail("flow %r: ends differ in name/cat or end before start" % ident)
        for end in (s, f):
            inside = any(a <= end["ts"] <= b for a, b in slices.get((end["pid"], end["tid"]), []))
            if not inside:
                fail("flow %r: its %s end is in no slice of pid %d tid %d" % (ident, end["ph"], end["pid"], end["tid"]))
    for pid, tid in slices:
        if pid not in named_processes or (pid, tid) not in named_threads:
            fail("pid %d tid %d has slices but no process_name/thread_name" % (pid, tid))
    if not slices or not flows:
        fail("no slices or no flows")
    print("check_perfetto: %d events, %d slices, %d flows: ok" % (len(events), sum(map(len, slices.values())), len(flows)))


if __name__ == "__main__":
    main(sys.argv[1])
