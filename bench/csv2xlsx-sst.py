#!/usr/bin/env python3
"""Write a CSV roster as an .xlsx workbook the way Excel saves one: every
text in the shared-strings table (xl/sharedStrings.xml), each distinct
text once, the cells referring to it by number.  bench/import.sh uses it
to measure the reader on a registry export with many distinct strings
(every ID number and name is one), which the reader must hold; csv2xlsx.c
(libxlsxwriter, constant memory) writes inline strings instead.

    python3 bench/csv2xlsx-sst.py IN.csv OUT.xlsx
"""
import csv
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main(src, dst):
    index = {}
    order = []
    cols = [col(i) for i in range(64)]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=1) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http:'
                   '//schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   f'<workbook {NS} xmlns:r="{REL}"><sheets><sheet '
                   'name="花名册" sheetId="1" r:id="rId1"/></sheets>'
                   '</workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                   f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{REL}/sharedStrings" '
                   'Target="sharedStrings.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w, \
                open(src, encoding="utf-8", newline="") as f:
            w.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'
                    '<sheetData>'.encode())
            buf = []
            for r, row in enumerate(csv.reader(f), 1):
                cells = []
                for c, v in enumerate(row):
                    if not v:
                        continue
                    k = index.get(v)
                    if k is None:
                        k = index[v] = len(order)
                        order.append(v)
                    cells.append(f'<c r="{cols[c]}{r}" t="s"><v>{k}</v></c>')
                buf.append(f'<row r="{r}">{"".join(cells)}</row>')
                if len(buf) == 10000:
                    w.write("".join(buf).encode())
                    buf = []
            w.write(("".join(buf) + "</sheetData></worksheet>").encode())
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as w:
            w.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} '
                    f'uniqueCount="{len(order)}">'.encode())
            for i in range(0, len(order), 10000):
                w.write("".join(f"<si><t>{escape(s)}</t></si>"
                                for s in order[i:i + 10000]).encode())
            w.write(b"</sst>")
    print(f"{dst}: {len(order)} distinct strings", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: csv2xlsx-sst.py IN.csv OUT.xlsx")
    main(sys.argv[1], sys.argv[2])
