#!/usr/bin/env python3
"""No SQL text built from values (issue 17): make check fails when lib/ or
cmd/ builds SQL with a format, or hands SQLite a text that is not a
constant of the program.

A statement's text must be a string literal, a `const char NAME[]` of
the library (or a choice between such), a statement field of a table
(sql*, get, set, select, update ...) read in a file that formats no SQL, or a parameter of a helper whose every caller
passes one; values travel as bound parameters (?1, :name).  Checked:
  1. no printf-style format (printf family, sqlite3_mprintf, fdss's
     string builders) whose format holds SQL and a conversion;
  2. the text given to fdss__db_prepare(), fdss_db_exec(),
     fdss__db_prepare_once(), sqlite3_prepare*() and sqlite3_exec() is a
     literal or such a constant.
Exceptions are listed here with their reason, by file.
"""
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
SQL_WORD = re.compile(r'\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|'
                      r'PRAGMA|WHERE|VALUES|REPLACE|ATTACH)\b')
FORMAT_CALL = re.compile(r'\b(v?s?n?printf|fdss__db_fail|fdss_error_set|'
                         r'asprintf|sqlite3_v?mprintf|sqlite3_snprintf|'
                         r'sqlite3_str_v?appendf|fdss__sb_add)\s*\(')
TAKERS = re.compile(r'\b(fdss__db_prepare|fdss__db_prepare_once|fdss_db_exec|'
                    r'sqlite3_prepare_v[23]|sqlite3_prepare|sqlite3_exec)'
                    r'\s*\(')
# (file, argument text): why it is safe
ALLOWED = {
    ('lib/db.c', 'const char *sql'): 'the helpers themselves, whose '
    'callers are checked',
    ('lib/db.c', 'sql'): 'inside those helpers',
    ('lib/db.c', 'm->sql'): 'the migrations, compiled in from schema/',
    ('lib/db.c', 'pragma'): 'PRAGMA user_version = N, N a migration number',
}
# formats that build SQL, by file: why it is safe
ALLOWED_FORMATS = {
    'lib/db.c': 'PRAGMA user_version = %d of a migration number, no value',
    'lib/push.c': 'the provincial store\'s statements name the tables and '
    'columns of the county file\'s own schema (identifiers, quoted, which '
    'cannot be bound) and the county code, checked as 6 digits; every '
    'value travels by COPY or as a parameter',
    'lib/pg.c': 'as push.c: identifiers of the schema, never values',
}


def args_of(text, start):
    """The arguments of the call whose '(' is at start, split at depth 0."""
    depth, args, cur, i = 0, [], [], start
    in_str = False
    while i < len(text):
        c = text[i]
        if in_str:
            cur.append(c)
            if c == '\\':
                cur.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            cur.append(c)
        elif c in '([{':
            depth += 1
            if depth > 1:
                cur.append(c)
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append(''.join(cur).strip())
                return args
            cur.append(c)
        elif c == ',' and depth == 1:
            args.append(''.join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    return args


def strip_comments(src):
    return re.sub(r'/\*.*?\*/', lambda m: re.sub(r'[^\n]', ' ', m.group()),
                  src, flags=re.S)


def constant(name, src):
    return re.search(r'static const char\s+' + re.escape(name) + r'\s*\[\]',
                     src) is not None


def constant_table(name, src):
    return re.search(r'static const char \*const\s+' + re.escape(name) +
                     r'\s*\[', src) is not None


def enclosing_function(src, pos):
    """Name and parameter list of the function definition around pos."""
    best = None
    for m in re.finditer(r'^(?:static\s+)?[\w\s\*]+?\b(\w+)\s*\(([^)]*)\)\s*\{',
                         src[:pos], flags=re.M):
        best = m
    return (best.group(1), best.group(2)) if best else (None, '')


GLOBALS = set()
# the fields of a table of statements: sql_list, get, set, update ...
SQL_FIELD = r'sql\w*|get|set|exists|select|insert|update|delete|query'
SOURCES = {}	# every checked file's text (comments blanked), by path


def global_constants(files):
    """Names of `const char NAME[]` defined anywhere in lib/, and the
    macros that name them."""
    for path in files:
        src = path.read_text(encoding='utf-8')
        GLOBALS.update(re.findall(r'^const char\s+(\w+)\s*\[\]', src, re.M))
    for path in files:
        src = path.read_text(encoding='utf-8')
        for a, b in re.findall(r'^#define\s+(\w+)\s+(\w+)\s*$', src, re.M):
            if b in GLOBALS:
                GLOBALS.add(a)


def formats_sql(src):
    for m in FORMAT_CALL.finditer(src):
        fmt = ' '.join(a for a in args_of(src, m.end() - 1)
                       if a.startswith('"'))
        if SQL_WORD.search(fmt) and re.search(r'%[-0-9.]*[sdluxqQw]', fmt):
            return True
    return False


def safe_sql_arg(arg, src, pos=None, depth=0):
    arg = re.sub(r'\s+', ' ', arg).strip()
    if re.fullmatch(r'("([^"\\]|\\.)*"\s*)+', arg):
        return True
    if re.fullmatch(r'\w+', arg) and arg in GLOBALS:
        return True
    # a choice between constants: every leaf of the ?: is one
    if '?' in arg:
        parts = arg.split('?')
        if ':' not in parts[-1]:
            return False
        leaves = [p.split(':')[0] for p in parts[1:]]
        leaves.append(parts[-1].split(':', 1)[1])
        return all(safe_sql_arg(l, src, pos, depth + 1) for l in leaves)
    # a member of a static table, in a file that formats no SQL
    m = re.fullmatch(r'[\w]+(\[[^\]]+\])?((->|\.)\w+(\[[^\]]+\])?)*'
                     r'(->|\.)(\w+)', arg)
    if m and re.fullmatch(SQL_FIELD, m.group(6)):
        return not formats_sql(src)
    m = re.fullmatch(r'(\w+)\[[^\]]+\]', arg)
    if m:
        return constant_table(m.group(1), src)
    if not re.fullmatch(r'\w+', arg):
        return False
    if constant(arg, src):
        return True
    if pos is None or depth > 2:
        return False
    fname, params = enclosing_function(src, pos)
    # a local assigned only constants (const char *sql = NULL; sql = ...)
    body = src[src.rfind('\n{', 0, pos):pos] if fname else ''
    sets = re.findall(r'\b' + re.escape(arg) + r'\s*=\s*([^;=][^;]*);', body)
    if re.search(r'const char [^;]*\*' + re.escape(arg) + r'\b', body) and sets \
            and all(v.strip() == 'NULL' or
                    safe_sql_arg(v, src, None, depth + 1) for v in sets):
        return True
    # a parameter of a helper: every call (in any file, unless the helper
    # is static) passes one
    names = [re.sub(r'.*?(\w+)\s*$', r'\1', p) for p in params.split(',')]
    if not fname or arg not in names:
        return False
    k = names.index(arg)
    calls = []
    static = re.search(r'^static[^;{]*\b' + fname + r'\s*\(', src, re.M)
    texts = [src] if static else list(SOURCES.values())
    for text in texts:
        calls += call_sites(text, fname)
    if not calls:
        return False
    for text, c in calls:
        a = args_of(text, c.end() - 1)
        if len(a) <= k or not safe_sql_arg(a[k], text, c.start(), depth + 1):
            return False
    return True


def call_sites(src, fname):
    calls = []
    for c in re.finditer(r'\b' + fname + r'\s*\(', src):
        line_start = src.rfind('\n', 0, c.start()) + 1
        before = src[line_start:c.start()]
        # a definition or declaration: a type before the name
        if re.fullmatch(r'\s*(static\s+)?(inline\s+)?(const\s+)?'
                        r'(struct\s+)?\w+[\s\*]+', before):
            continue
        calls.append((src, c))
    return calls


def main():
    problems = []
    files = sorted(root.glob('lib/*.c')) + sorted(root.glob('cmd/*.c'))
    global_constants(files)
    for path in files:
        SOURCES[path] = strip_comments(path.read_text(encoding='utf-8'))
    for path in files:
        rel = str(path.relative_to(root))
        src = strip_comments(path.read_text(encoding='utf-8'))
        line_of = lambda pos: src.count('\n', 0, pos) + 1
        for m in FORMAT_CALL.finditer(src):
            args = args_of(src, m.end() - 1)
            fmt = ' '.join(a for a in args if a.startswith('"'))
            if rel in ALLOWED_FORMATS:
                break
            if SQL_WORD.search(fmt) and re.search(r'%[-0-9.]*[sdluxqQw]',
                                                  fmt):
                problems.append(f'{rel}:{line_of(m.start())}: {m.group(1)}'
                                '() formats SQL with a value')
        for m in TAKERS.finditer(src):
            args = args_of(src, m.end() - 1)
            if len(args) < 2:
                continue
            arg = args[1]
            if (rel, arg) in ALLOWED or rel in ALLOWED_FORMATS or \
                    safe_sql_arg(arg, src, m.start()):
                continue
            problems.append(f'{rel}:{line_of(m.start())}: {m.group(1)}() '
                            f'given SQL text "{arg}", not a constant')
    for p in problems:
        print(p)
    n = len(files)
    if problems:
        print(f'lint-sql: {len(problems)} problems in {n} files')
        return 1
    print(f'lint-sql: {n} files, SQL only from constants')
    return 0


if __name__ == '__main__':
    sys.exit(main())
