#!/usr/bin/env python3
"""Read a trace of tests/trace-path.c and tell the path a request took.

    tests/trace-path.py TRACE-FILE SOURCE-ROOT

Every function entry names an object file and an offset; addr2line gives
its function and source file.  A "room" is a source file of the project
(lib/, cmd/, include/); the path is the order in which the rooms were
first entered.  A call between two rooms either goes down the path or
"climbs back up": it enters a room that is already on the call stack
below the caller (B calls back into A while A's call into B is still
running), which is what a circle between files looks like at run time;
a callback (a static function of the upper room reached through a
pointer it handed down) climbs too and is counted apart.  Printed: the rooms in path order with the calls into each,
the climbs (each distinct one with its count), and whether the settings
module (lib/setting.c) was entered.
"""
import collections
import os
import subprocess
import sys


def local_functions(objs):
    """Names of the static functions in each object: a call into one of
    them from another file can only come through a function pointer."""
    out = set()
    for obj in objs:
        if obj == "?" or not os.path.exists(obj):
            continue
        res = subprocess.run(["nm", obj], capture_output=True, text=True)
        for line in res.stdout.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == "t":
                out.add(parts[2])
    return out


def symbolize(root, wanted):
    """(object, offset) -> (function, file relative to root or None)"""
    by_obj = collections.defaultdict(list)
    for obj, off in wanted:
        by_obj[obj].append(off)
    out = {}
    for obj, offs in by_obj.items():
        if obj == "?" or not os.path.exists(obj):
            for off in offs:
                out[(obj, off)] = ("?", None)
            continue
        res = subprocess.run(["addr2line", "-f", "-e", obj] + offs,
                             capture_output=True, text=True, check=True)
        lines = res.stdout.splitlines()
        for i, off in enumerate(offs):
            fn, loc = lines[2 * i], lines[2 * i + 1]
            path = loc.rsplit(":", 1)[0]
            rel = None
            if path.startswith(root + "/"):
                rel = path[len(root) + 1:]
            elif not path.startswith("/") and path != "??":
                rel = os.path.normpath(path)
            if rel and not rel.split("/")[0] in ("lib", "cmd", "include"):
                rel = None
            out[(obj, off)] = (fn, rel)
    return out


def module(room):
    """The module a file belongs to: cmd/cli_db.c -> cmd/cli,
    lib/contract_store.c -> lib/contract (a family shares a name and an
    internal header), lib/jsonl.c -> lib/jsonl."""
    d, base = room.split("/", 1)
    stem = base.rsplit(".", 1)[0]
    if not stem.startswith("fdss-"):
        stem = stem.split("_")[0]
    return d + "/" + stem


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: tests/trace-path.py TRACE-FILE SOURCE-ROOT")
    root = os.path.realpath(sys.argv[2])
    events = []
    with open(sys.argv[1]) as f:
        for line in f:
            parts = line.split()
            if parts[0] == "E":
                events.append((parts[1], parts[2]))
            else:
                events.append(None)
    names = symbolize(root, {e for e in events if e})
    static = local_functions({e[0] for e in events if e})
    setting_fns = collections.Counter()
    stack = []          # room (or None) of each active call
    first = []          # rooms in order of first entry
    calls_into = collections.Counter()
    crossings = 0
    climbs = collections.Counter()
    callbacks = collections.Counter()
    upward = collections.Counter()
    for e in events:
        if e is None:
            if stack:
                stack.pop()
            continue
        fn, room = names[e]
        if room is None:
            # outside the project (cJSON, SQLite, libc call-backs): keep
            # the caller's room so that depth stays right
            stack.append(stack[-1] if stack else None)
            continue
        caller = stack[-1] if stack else None
        if room == "lib/setting.c" and caller != room:
            setting_fns[fn] += 1
        if room not in first:
            first.append(room)
        if caller is not None and caller != room:
            crossings += 1
            calls_into[room] += 1
            if first.index(room) < first.index(caller):
                upward[(caller, room)] += 1
            if room in stack[:-1]:
                key = "%s -> %s (%s)" % (caller, room, fn)
                if fn in static:
                    callbacks[key] += 1
                else:
                    climbs[key] += 1
        stack.append(room)
    print("rooms entered: %d" % len(first))
    for r in first:
        print("  %-28s %6d calls in" % (r, calls_into[r]))
    mods = []
    for r in first:
        if module(r) not in mods:
            mods.append(module(r))
    print("modules entered: %d (%s)" % (len(mods), " ".join(mods)))
    print("calls between rooms: %d" % crossings)
    print("climbs back up: %d (%d distinct)" %
          (sum(climbs.values()), len(climbs)))
    for k, n in sorted(climbs.items()):
        print("  %6d  %s" % (n, k))
    print("callbacks (a static function reached through a pointer): %d (%d distinct)" %
          (sum(callbacks.values()), len(callbacks)))
    for k, n in sorted(callbacks.items()):
        print("  %6d  %s" % (n, k))
    print("calls up the path (into a room entered before the caller's): "
          "%d (%d distinct pairs of rooms)" %
          (sum(upward.values()), len(upward)))
    if setting_fns:
        print("settings module entered: %d calls (%s)" % (
            sum(setting_fns.values()),
            ", ".join("%s %d" % kv for kv in sorted(setting_fns.items()))))
    else:
        print("settings module entered: never")


if __name__ == "__main__":
    main()
