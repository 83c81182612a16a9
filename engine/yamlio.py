"""Safe YAML reading that keeps the position of every node.

Rule and scenario files are data: they are composed into a node tree by the C parser when
available, converted by hand (never by PyYAML's constructors), and every value's line and
column is kept so that validation errors can name ``path:line:col``.

Deliberate choices (as in OpenFisca's loader):

* duplicate keys are an error;
* YAML 1.1 implicit booleans (``yes``/``no``/``on``/``off``) and implicit timestamps are off:
  ``2025-06-27`` stays the string ``"2025-06-27"`` and is parsed as a date by the models;
* tags other than the standard scalar, sequence and mapping tags are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

__all__ = ["Located", "load_yaml_file", "load_yaml_text"]

Loc = tuple[int | str, ...]

try:  # the C parser is much faster; both build the same nodes
    _BaseLoader: type = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader with YAML 1.2-style implicit resolution (no yes/no, no timestamps)."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?(?:0|[1-9][0-9]*))$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+))$",
        list("-+0123456789."),
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    _Loader.add_implicit_resolver(_tag, re.compile(_regexp), _first)

_STR = "tag:yaml.org,2002:str"
_SCALARS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
    _STR,
}


@dataclass
class Located:
    """A YAML document as plain Python data plus the position of every value and key."""

    path: str
    data: Any
    #: loc (tuple of keys and indexes) -> (line, col) of the value, 1-based
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    #: loc -> (line, col) of the mapping key that holds the value, 1-based
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def pos(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The best known position for ``loc``: the exact node or its nearest ancestor."""
        table = self.keys if key else self.values
        probe = tuple(loc)
        while True:
            if probe in table:
                return table[probe]
            if key and probe in self.values:
                return self.values[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: yaml.ScalarNode, path: str) -> Any:
    tag = node.tag
    text = node.value
    if tag == _STR:
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        return int(text)
    if tag == "tag:yaml.org,2002:float":
        return float(text)
    line, col = _mark(node)
    raise InputError.at(path, line, col, f"expected a plain value, found a value with tag {tag!r}")


def _convert(node: yaml.Node, loc: Loc, doc: Located) -> Any:
    doc.values[loc] = _mark(node)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALARS:
            line, col = _mark(node)
            raise InputError.at(doc.path, line, col, f"expected a plain value, found tag {node.tag!r}")
        return _scalar(node, doc.path)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            line, col = _mark(node)
            raise InputError.at(doc.path, line, col, f"expected a plain list, found tag {node.tag!r}")
        return [_convert(item, loc + (i,), doc) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            line, col = _mark(node)
            raise InputError.at(doc.path, line, col, f"expected a plain mapping, found tag {node.tag!r}")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = _mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag in ("tag:yaml.org,2002:null",):
                raise InputError.at(doc.path, line, col, "expected a plain text key, found a complex or empty key")
            if key_node.value == "<<":
                raise InputError.at(doc.path, line, col, "expected a plain key, found a YAML merge key '<<' (not supported)")
            key = str(key_node.value)
            if key in out:
                first = doc.keys[loc + (key,)]
                raise InputError.at(
                    doc.path, line, col,
                    f"duplicate key '{key}': expected each key once in a mapping, "
                    f"found it again (first at line {first[0]})",
                )
            doc.keys[loc + (key,)] = (line, col)
            out[key] = _convert(value_node, loc + (key,), doc)
        return out
    line, col = _mark(node)  # pragma: no cover - PyYAML has no other node kinds
    raise InputError.at(doc.path, line, col, "unsupported YAML node")


def load_yaml_text(text: str, path: str) -> Located:
    """Parse one YAML document from ``text``; ``path`` is used in error messages."""
    doc = Located(path=path, data=None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "malformed YAML"
        if "another document" in problem:
            raise InputError.at(
                path, line, col, "expected one YAML document, found a second one (a '---' line starts another)"
            ) from None
        raise InputError.at(path, line, col, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:  # e.g. a reader error (bad characters)
        raise InputError.at(path, 1, 1, f"malformed YAML: {exc}") from None
    if node is None:
        raise InputError.at(path, 1, 1, "expected a YAML mapping, found an empty file")
    doc.data = _convert(node, (), doc)
    return doc


def load_yaml_file(path: Path | str) -> Located:
    """Read and parse a YAML file; an unreadable file is an :class:`InputError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.at(str(p), 1, 1, "expected an existing file, found nothing at this path") from None
    except UnicodeDecodeError as exc:
        raise InputError.at(str(p), 1, 1, f"expected UTF-8 text, found undecodable bytes ({exc.reason})") from None
    except OSError as exc:
        raise InputError.at(str(p), 1, 1, f"expected a readable file: {exc.strerror}") from None
    return load_yaml_text(text, str(p))
