"""Hand-built workbooks for the hostile cases: the exact XML a case needs, nothing else."""

from __future__ import annotations

import zipfile
from pathlib import Path

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/></Types>')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = (f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
       '2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
# Style 1 is a date (built-in number format 14, m/d/yyyy).
STYLES = (f'<?xml version="1.0"?><styleSheet xmlns="{NS}"><cellXfs count="2"><xf numFmtId="0"/>'
          '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')


def text(ref: str, v: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'


def num(ref: str, v: object, style: int | None = None) -> str:
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{s}><v>{v}</v></c>'


def error(ref: str, code: str) -> str:
    return f'<c r="{ref}" t="e"><v>{code}</v></c>'


def sheet(rows: str, dimension: str | None = None, prolog: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{NS}">{dim}<sheetData>{rows}</sheetData></worksheet>'


def write(path: Path, sheet_xml: str | bytes, styles: str | None = STYLES) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WB),
                           ("xl/_rels/workbook.xml.rels", _WB_RELS)):
            z.writestr(name, data)
        if styles:
            z.writestr("xl/styles.xml", styles)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path
