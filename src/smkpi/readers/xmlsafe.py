"""Streaming XML for spreadsheet containers, with the parser's dangerous features refused.

expat never fetches external entities unless asked; a DTD is refused outright, so no entity can be
declared and none expanded ("billion laughs"), and parameter entities are off. Element and
attribute names are given without their namespace (``c``, ``r``), as both Excel formats use one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from xml.parsers import expat

from ..errors import InputError


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def parse_stream(chunks: Iterable[bytes], start: Callable[[str, dict], None], end: Callable[[str], None] | None,
                 text: Callable[[str], None] | None, where: str, done: list | None = None,
                 raw: bool = False) -> Iterator:
    """Feed ``chunks`` to expat, calling ``start(tag, attrs)``, ``end(tag)``, ``text(data)``; after each
    chunk, yield (and clear) what the handlers put in ``done``. Raises InputError on bad XML or a DTD.

    ``raw``: the handlers get the names as written (``c``, ``x:c``) and expat's own attribute dict,
    with no wrapper between: the fast path for a sheet's cells.
    """
    p = expat.ParserCreate() if raw else expat.ParserCreate(namespace_separator=" ")
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise InputError(f"{where}: the XML declares a DTD or entities; smkpi refuses them (entity expansion)")

    p.StartDoctypeDeclHandler = refuse
    p.EntityDeclHandler = refuse
    p.ExternalEntityRefHandler = lambda *_: 0
    if raw:
        p.StartElementHandler = start
        if end is not None:
            p.EndElementHandler = end
    else:
        p.StartElementHandler = lambda name, attrs: start(_local(name), {_local(k): v for k, v in attrs.items()})
        if end is not None:
            p.EndElementHandler = lambda name: end(_local(name))
    if text is not None:
        p.CharacterDataHandler = text
    p.buffer_text = True
    try:
        for chunk in chunks:
            p.Parse(chunk, False)
            if done:
                yield from done
                done.clear()
        p.Parse(b"", True)
    except expat.ExpatError as e:
        raise InputError(f"{where}:{e.lineno}: not well-formed XML ({expat.ErrorString(e.code)}); "
                         f"export it again") from None
    except RecursionError:
        raise InputError(f"{where}: XML nested too deeply") from None
    if done:
        yield from done
        done.clear()
