"""The YAML half of reading targets.yaml: a bounded read and a safe loader that says where.

The file is untrusted: it is read through a bounded read (a pipe or /dev/zero has no size to check
beforehand), and loaded with a safe loader that refuses aliases (no "billion laughs") and
duplicate keys. Every problem is one :class:`ConfigError` naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

MAX_BYTES = 1 << 20  # a targets file is a few KiB; anything near this is a mistake or an attack


def read_bounded(p: Path, name: str) -> bytes:
    """At most MAX_BYTES of ``p``; ConfigError when there is more (checked by size, then by reading)."""
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise ConfigError(f"{name}: {size:,} bytes is too large for a targets file (limit {MAX_BYTES:,})")
    with open(p, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{name}: more than {MAX_BYTES:,} bytes is too large for a targets file "
                          f"(limit {MAX_BYTES:,})")
    return data


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases and duplicate keys."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise ConfigError(f"{self.name}:{mark.line + 1}: YAML aliases (*name) are not allowed in a targets file")
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        # An impossible date such as 2026-13-01 would otherwise escape as a bare ValueError.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as e:
            raise ConfigError(f"{self.name}:{node.start_mark.line + 1}: '{node.value}' is not a valid date "
                              f"({e}); write it as YYYY-MM-DD") from None

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:  # a list or mapping used as a key
                raise ConfigError(f"{self.name}:{line}: a mapping key must be a plain value") from None
            if first is not None:
                raise ConfigError(f"{self.name}:{line}: duplicate key '{key}' (first on line {first}); keep one")
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _lines(node: yaml.Node | None, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """Line number of every key path, so validation errors can say where."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            p = (*path, str(k.value))
            out[p] = k.start_mark.line + 1
            _lines(v, p, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out[(*path, str(i))] = v.start_mark.line + 1
            _lines(v, (*path, str(i)), out)
    return out


def _char(c: object) -> str:
    return f"character U+{c:04X}" if isinstance(c, int) else f"character {c!r}"


def load_yaml(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
    try:
        # The reader checks the characters as it is built: a control character raises here.
        loader = _Loader(text)
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        raise ConfigError(f"{name}:{line}: {_char(e.character)} is not allowed in YAML; remove it") from None
    loader.name = name
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        bad_line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        hint = ' (quote targets that start with > or <, e.g. ">= 20")' if re.search(r":\s*[<>]", bad_line) else ""
        raise ConfigError(f"{where}: YAML syntax error: {e.problem or e.context}{hint}") from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        raise ConfigError(f"{name}:{line}: {_char(e.character)} is not allowed in YAML; remove it") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{name}: YAML error: {e}") from None
    except ValueError as e:  # int("1" * 5000): Python refuses integers past 4,300 digits
        m = re.search(r"\d{1000,}", text)
        line = f":{text.count(chr(10), 0, m.start()) + 1}" if m else ""
        raise ConfigError(f"{name}{line}: a number too long to read ({str(e).split(':')[0]}); "
                          f"write a plain value") from None
    except RecursionError:
        raise ConfigError(f"{name}: nested too deeply to be a targets file") from None
    finally:
        loader.dispose()
    return data, _lines(node)
