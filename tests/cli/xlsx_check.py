#!/usr/bin/env python3
"""Read an xlsx workbook back (zipfile and XML only) and compare its first
sheet with the report's JSON records.

    xlsx_check.py BOOK.xlsx RECORDS.json KEY=KIND... [--masked]

KIND is the column's kind: text, int, rate, date, id, yuan, bool, in the
order of the sheet's columns.  Checks: the header row is frozen (a pane
below row 1) and bold; one row per record; numbers are number cells
(never text) equal to the record's; rates are the record's percent / 100
with a percent format ("0.0%"); yuan have the format "0.00"; dates are
date serials with a date format; identifiers are text cells, masked with
--masked (first 6 and last 4 kept for an ID number) or whole; truth values
are boolean cells; null is an empty cell; every column is at least as
wide as its header's display width (a CJK character counts 2).
"""
import datetime
import json
import sys
import unicodedata
import zipfile
import xml.etree.ElementTree as ET

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
BUILTIN = {0: 'General', 1: '0', 2: '0.00', 9: '0%', 10: '0.00%',
           14: 'mm-dd-yy'}


def col_index(ref):
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + ord(ch) - 64
    return n - 1


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1
               for c in s)


def load(path):
    z = zipfile.ZipFile(path)
    sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
    styles = ET.fromstring(z.read('xl/styles.xml'))
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        sst = ET.fromstring(z.read('xl/sharedStrings.xml'))
        shared = [''.join(t.text or '' for t in si.iter(
            '{%s}t' % NS['m'])) for si in sst.findall('m:si', NS)]
    fmts = dict(BUILTIN)
    for f in styles.findall('m:numFmts/m:numFmt', NS):
        fmts[int(f.get('numFmtId'))] = f.get('formatCode')
    fonts = styles.findall('m:fonts/m:font', NS)
    xfs = []
    for xf in styles.findall('m:cellXfs/m:xf', NS):
        font = fonts[int(xf.get('fontId', 0))]
        xfs.append({'fmt': fmts.get(int(xf.get('numFmtId', 0)), '?'),
                    'bold': font.find('m:b', NS) is not None})
    rows = {}
    for row in sheet.findall('m:sheetData/m:row', NS):
        cells = {}
        for c in row.findall('m:c', NS):
            t = c.get('t', 'n')
            v = c.find('m:v', NS)
            if t == 'inlineStr':
                val = ''.join(x.text or '' for x in c.iter('{%s}t' % NS['m']))
            elif t == 's':
                val = shared[int(v.text)]
            elif v is None:
                continue
            else:
                val = v.text
            cells[col_index(c.get('r'))] = {
                't': t, 'v': val, 'style': xfs[int(c.get('s', 0))]}
        rows[int(row.get('r'))] = cells
    widths = {}
    for c in sheet.findall('m:cols/m:col', NS):
        for i in range(int(c.get('min')) - 1, int(c.get('max'))):
            widths[i] = float(c.get('width'))
    pane = sheet.find('m:sheetViews/m:sheetView/m:pane', NS)
    return rows, widths, pane


def masked(s):
    n = len(s)
    head = 6 if n in (15, 18) else 3 if n == 11 and s.isdigit() else 0
    if n <= 4:
        return '****'
    return s[:head] + '*' * (n - head - 4) + s[-4:]


def check_cell(kind, cell, value, mask, fail, where):
    if value is None:
        if cell is not None:
            fail('%s: null written as %r' % (where, cell))
        return
    if cell is None:
        fail('%s: empty, record %r' % (where, value))
        return
    t, v, fmt = cell['t'], cell['v'], cell['style']['fmt']
    if kind == 'bool':
        if t != 'b' or v != ('1' if value else '0'):
            fail('%s: %s %r for %r' % (where, t, v, value))
    elif kind in ('int', 'yuan', 'rate'):
        want = value / 100 if kind == 'rate' else value
        if t != 'n':
            fail('%s: a %s cell %r for the number %r' % (where, t, v, value))
        elif abs(float(v) - want) > 1e-9:
            fail('%s: %s, record %r' % (where, v, value))
        need = {'rate': '0.0%', 'yuan': '0.00', 'int': None}[kind]
        if need and fmt != need:
            fail('%s: format %r, not %r' % (where, fmt, need))
    elif kind == 'date':
        d = datetime.date(1899, 12, 30) + datetime.timedelta(
            days=int(float(v))) if t == 'n' else None
        if not d or d.isoformat() != value or 'yy' not in fmt:
            fail('%s: %s %r (%s) for the date %r' % (where, t, v, fmt,
                                                     value))
    else:
        want = masked(value) if kind == 'id' and mask else value
        if t not in ('s', 'inlineStr', 'str') or v != want:
            fail('%s: %s %r, want text %r' % (where, t, v, want))


def main():
    args = sys.argv[1:]
    mask = '--masked' in args
    args = [a for a in args if a != '--masked']
    if len(args) < 3:
        raise SystemExit(__doc__)
    book, recfile, cols = args[0], args[1], [a.split('=') for a in args[2:]]
    with open(recfile, encoding='utf-8') as f:
        records = json.load(f)
    rows, widths, pane = load(book)
    errors = []
    fail = errors.append
    if pane is None or pane.get('ySplit') != '1' or \
       pane.get('state') != 'frozen':
        fail('header row not frozen: %r' % (pane is not None and
                                           pane.attrib))
    header = rows.get(1, {})
    for i, (key, kind) in enumerate(cols):
        h = header.get(i)
        if not h or h['t'] not in ('s', 'inlineStr') or \
           not h['style']['bold']:
            fail('header of %s: %r' % (key, h))
        elif widths.get(i, 0) < width(h['v']):
            fail('column %s: width %r below its header %r' % (
                key, widths.get(i), h['v']))
    if len(rows) != len(records) + 1:
        fail('%d rows for %d records' % (len(rows) - 1, len(records)))
    for r, rec in enumerate(records):
        cells = rows.get(r + 2, {})
        for i, (key, kind) in enumerate(cols):
            check_cell(kind, cells.get(i), rec.get(key), mask, fail,
                       'row %d %s' % (r + 2, key))
        if len(cells) > len(cols):
            fail('row %d: %d cells' % (r + 2, len(cells)))
    if errors:
        print('\n'.join(errors))
        return 1
    print('xlsx_check: %d rows of %d columns agree with the records'
          % (len(records), len(cols)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
