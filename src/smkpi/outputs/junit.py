"""JUnit XML, as GitLab, Jenkins, Azure DevOps and CircleCI read it.

One ``testsuite`` per family, one ``testcase`` per KPI (and one per judged group, named
``id[platform=tiktok]``). A missed error target and ``no_data`` on an error target are a
``failure`` whose message is value vs target; with ``--fail-on warn`` warn-level misses fail too,
as they fail the run. Everything else passes, its value (and any note) in ``system-out``.
Test names are KPI ids (stable across languages); messages are in the report's language.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .. import __version__
from ..fmt import safe
from . import view
from .marker import COMMENT
from .view import Context


_NOT_XML = re.compile("[\ufffe\uffff]")  # the non-characters fmt.safe leaves alone


def _xml_text(text: object) -> str:
    # XML 1.0 cannot carry most control characters at all: fmt.safe shows them as escapes.
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", safe(text))


def _failed(status: str | None, severity: str | None, fail_on: str) -> bool:
    if status == "fail" or (status == "no_data" and severity == "error"):
        return True
    return fail_on == "warn" and status in ("warn", "no_data")


def _case(suite: ET.Element, classname: str, name: str, failed: bool, message: str, out: str) -> bool:
    case = ET.SubElement(suite, "testcase", {"classname": classname, "name": _xml_text(name), "time": "0"})
    if failed:
        f = ET.SubElement(case, "failure", {"message": _xml_text(message), "type": "missed_target"})
        f.text = _xml_text(out)
    else:
        ET.SubElement(case, "system-out").text = _xml_text(out)
    return failed


def document(ctx: Context, fail_on: str = "error") -> ET.Element:
    lang = ctx.lang
    stamp = str(ctx.doc.get("generated_at", "")).replace("Z", "")
    root = ET.Element("testsuites", {"name": "smkpi"})
    total = failures = 0
    for fam, name, rows in view.by_family(ctx):
        suite = ET.SubElement(root, "testsuite", {"name": fam, "timestamp": stamp, "time": "0"})
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "family", "value": _xml_text(name)})
        n = f = 0
        for r in rows:
            out = "\n".join(x for x in (view.miss_message(r, lang) if r.target else f"{r.label} = {r.text}",
                                        r.note) if x)
            f += _case(suite, f"smkpi.{fam}", r.id, _failed(r.status, r.severity, fail_on),
                       view.miss_message(r, lang), out)
            n += 1
            for g in view.judged_groups(r, lang):
                msg = view.miss_message(g, lang)
                f += _case(suite, f"smkpi.{fam}", g.id, _failed(g.status, g.severity, fail_on), msg, msg)
                n += 1
        suite.set("tests", str(n))
        suite.set("failures", str(f))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        # ElementTree keeps insertion order: put the counts before timestamp for readers that care.
        suite.attrib = {k: suite.attrib[k] for k in ("name", "tests", "failures", "errors", "skipped", "timestamp", "time")}
        total, failures = total + n, failures + f
    bad = view.input_errors(ctx)
    if bad:  # the run exits 2: a CI reader must not show green
        suite = ET.SubElement(root, "testsuite", {"name": "inputs", "tests": str(len(bad)), "failures": "0",
                                                  "errors": str(len(bad)), "skipped": "0", "timestamp": stamp,
                                                  "time": "0"})
        for path, reason in bad:
            case = ET.SubElement(suite, "testcase", {"classname": "smkpi.inputs", "name": _xml_text(path), "time": "0"})
            ET.SubElement(case, "error", {"message": _xml_text(reason), "type": "unreadable_input"}).text = _xml_text(reason)
        total += len(bad)
    root.attrib.update({"tests": str(total), "failures": str(failures), "errors": str(len(bad)), "time": "0"})
    return root


def render(ctx: Context) -> bytes:
    root = document(ctx, ctx.fail_on)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{COMMENT} {__version__} -->\n{body}\n').encode("utf-8")
