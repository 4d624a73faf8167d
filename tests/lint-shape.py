#!/usr/bin/env python3
"""Shape check (issue 14): file and function sizes, and call circles among lib files.

Usage: lint-shape.py [--brief] [ROOT]

Prints each finding as `file:line: what` and exits 1 when anything is found
that tests/lint-shape.known (in ROOT) does not name.  That file lists the
debts still open, one a line: `FILE lines`, `FILE function NAME` or `FILE
circle`; a known finding is printed with `known: ` before it and does not
fail, and a line of the file that no longer matches anything fails (the list
only shrinks).
  - lib/*.c over 700 lines, cmd/*.c over 250 lines
  - functions over 60 lines in lib/ and cmd/, counted from `{` to `}` in
    column 0 (after a line ending in `)`; option tables are data, not functions)
  - circles between lib files: file A calls a function defined in file B and B
    (directly or through others) calls back into A (comments and literals
    are not calls)
"""
import glob
import os
import re
import sys

LIB_MAX, CMD_MAX, FN_MAX = 700, 250, 60
# the tree to check: the argument, else the repository holding this script
# (--brief: known debts counted, not printed)
args = [a for a in sys.argv[1:] if a != "--brief"]
brief = len(args) < len(sys.argv) - 1
root = args[0] if args else \
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
findings = []


def lines_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().split("\n")[:-1]


def functions(text):
    """(name, first line, length) for each function body in column 0."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "{" and i > 0 and text[i - 1].rstrip().endswith(")"):
            j = i - 1
            while j > 0 and "(" not in text[j]:
                j -= 1
            m = re.search(r"(\w+)\s*\(", text[j])
            name = m.group(1) if m else "?"
            k = i + 1
            while k < len(text) and text[k] != "}":
                k += 1
            out.append((name, j + 1, k - i + 1))
            i = k
        i += 1
    return out


files = sorted(glob.glob("lib/*.c")) + sorted(glob.glob("cmd/*.c"))
for path in files:
    text = lines_of(path)
    limit = LIB_MAX if path.startswith("lib/") else CMD_MAX
    if len(text) > limit:
        findings.append(f"{path}:{len(text)}: {len(text)} lines, over {limit}")
    for name, line, n in functions(text):
        if n > FN_MAX:
            findings.append(f"{path}:{line}: function {name} is {n} lines, over {FN_MAX}")

# file-level call graph among lib/*.c
DEF = re.compile(r"^(?!static\b)[A-Za-z_][\w \t\*]*?\b(fdss_{1,2}\w+)\s*\(")
CALL = re.compile(r"\b(fdss_{1,2}\w+)\s*\(")
defs, where = {}, {}
libs = sorted(glob.glob("lib/*.c"))
COMMENT_OR_STRING = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def code_only(path):
    """The lines of path with comments and literals blanked (lines kept)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    blank = COMMENT_OR_STRING.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return blank.split("\n")


texts = {p: code_only(p) for p in libs}
for p, text in texts.items():
    for i, l in enumerate(text):
        m = DEF.match(l)
        if m and not l.rstrip().endswith(";"):
            defs.setdefault(m.group(1), p)
edges = {p: {} for p in libs}
for p, text in texts.items():
    for i, l in enumerate(text):
        if DEF.match(l):
            continue
        for name in CALL.findall(l):
            q = defs.get(name)
            if q and q != p and q not in edges[p]:
                edges[p][q] = (i + 1, name)

# Tarjan's strongly connected components
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]


def strong(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        comps.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in libs:
    if v not in index:
        strong(v)
for comp in sorted(c for c in comps if len(c) > 1):
    members = set(comp)
    names = " ".join(os.path.basename(c) for c in comp)
    for a in comp:
        for b, (line, name) in sorted(edges[a].items()):
            if b in members:
                findings.append(f"{a}:{line}: circle {{{names}}}: calls {name} in {b}")


def kind_of(finding):
    """The key of a finding in lint-shape.known: FILE and what it breaks."""
    path, _, what = finding.split(":", 2)
    what = what.strip()
    if what.startswith("function "):
        return f"{path} function {what.split()[1]}"
    if what.startswith("circle "):
        return f"{path} circle"
    return f"{path} lines"


known = set()
if os.path.exists("tests/lint-shape.known"):
    for ln in lines_of("tests/lint-shape.known"):
        ln = ln.split("#", 1)[0].strip()
        if ln:
            known.add(" ".join(ln.split()))
bad, used = 0, set()
for f in findings:
    k = kind_of(f)
    if k in known:
        used.add(k)
        if not brief:
            print(f"known: {f}")
    else:
        print(f)
        bad += 1
for k in sorted(known - used):
    print(f"tests/lint-shape.known: '{k}' is fixed: take it off the list")
    bad += 1
print(f"lint-shape: {bad} finding{'s' if bad != 1 else ''}, "
      f"{len(used)} known debt{'s' if len(used) != 1 else ''}")
sys.exit(1 if bad else 0)
