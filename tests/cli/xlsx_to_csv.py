#!/usr/bin/env python3
"""Print the first sheet of an xlsx workbook as CSV (zipfile and XML
only), each cell as a workbook reader hands it to fdss import: text as it
is, a truth value as true/false, a whole number without a decimal point,
an empty cell empty.  Also names each cell's type with --types: one line
per row, the cell types (s, inlineStr, str, n, b, or - for none).

    xlsx_to_csv.py BOOK.xlsx [--types]
"""
import csv
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}


def col_index(ref):
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + ord(ch) - 64
    return n - 1


def cell_text(c, shared):
    t = c.get('t', 'n')
    v = c.find('m:v', NS)
    if t == 'inlineStr':
        return t, ''.join(x.text or '' for x in c.iter('{%s}t' % NS['m']))
    if v is None:
        return '-', ''
    if t == 's':
        return t, shared[int(v.text)]
    if t == 'b':
        return t, 'true' if v.text == '1' else 'false'
    if t == 'n':
        f = float(v.text)
        return t, str(int(f)) if f == int(f) else repr(f)
    return t, v.text


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    z = zipfile.ZipFile(args[0])
    sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        sst = ET.fromstring(z.read('xl/sharedStrings.xml'))
        shared = [''.join(t.text or '' for t in si.iter(
            '{%s}t' % NS['m'])) for si in sst.findall('m:si', NS)]
    rows = sheet.findall('m:sheetData/m:row', NS)
    ncols = max((col_index(c.get('r')) + 1 for r in rows
                 for c in r.findall('m:c', NS)), default=0)
    out = csv.writer(sys.stdout, lineterminator='\n')
    for r in rows:
        cells = [('-', '')] * ncols
        for c in r.findall('m:c', NS):
            cells[col_index(c.get('r'))] = cell_text(c, shared)
        if '--types' in args:
            print(' '.join(t for t, _ in cells))
        else:
            out.writerow([v for _, v in cells])


if __name__ == '__main__':
    main()
