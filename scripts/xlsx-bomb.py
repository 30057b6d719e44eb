#!/usr/bin/env python3
"""Writes a small XLSX whose worksheet inflates to a large size: the zip bombs the reader must refuse while
streaming (tests/http/xlsx_bomb.test.mjs, docs/architecture.md "XLSX bombs").

usage: xlsx-bomb.py OUT.xlsx KIND MIB
  cells   MIB MiB of rows of tiny numeric cells (<c><v>1</v></c>): millions of cells
  shared  one 32,000-character shared string, referenced by every cell of a MIB MiB sheet
  nest    MIB MiB of nested elements inside one cell
  small   a valid members sheet (header and 1,000 rows) for comparison: MIB is ignored
"""
import sys
import zipfile

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def package(z, with_shared):
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                              f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
                                  '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if with_shared:
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}">{rels}</Relationships>')


def stream(z, name, head, unit, tail, size):
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=True) as f:
        f.write(head.encode())
        block = (unit * max(1, (1 << 20) // len(unit))).encode()
        written = len(head)
        while written < size:
            f.write(block)
            written += len(block)
        f.write(tail.encode())


def main():
    out, kind, mib = sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0
    size = int(mib * (1 << 20))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        package(z, kind == "shared")
        head = f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'
        tail = "</sheetData></worksheet>"
        if kind == "cells":
            stream(z, "xl/worksheets/sheet1.xml", head, "<row>" + "<c><v>1</v></c>" * 100 + "</row>", tail, size)
        elif kind == "shared":
            z.writestr("xl/sharedStrings.xml",
                       f'<?xml version="1.0"?><sst xmlns="{NS}"><si><t>{"x" * 32000}</t></si></sst>')
            stream(z, "xl/worksheets/sheet1.xml", head, "<row>" + '<c t="s"><v>0</v></c>' * 100 + "</row>", tail,
                   size)
        elif kind == "nest":
            stream(z, "xl/worksheets/sheet1.xml", head + "<row><c><v>", "<a>", "</v></c></row>" + tail, size)
        elif kind == "small":
            rows = ["<row><c t=\"inlineStr\"><is><t>Họ và tên</t></is></c></row>"]
            rows += [f'<row><c t="inlineStr"><is><t>Nguyễn Văn {i}</t></is></c></row>' for i in range(1000)]
            z.writestr("xl/worksheets/sheet1.xml", head + "".join(rows) + tail)
        else:
            sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    main()
