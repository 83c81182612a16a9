"""Stage 1: read files into validated models, keeping every position.

``load_library(root)`` reads ``rules/<treaty>/treaty.yaml`` and ``art-<n>.yaml`` files;
``load_scenario(path)`` reads a scenario. Pydantic errors are mapped back to ``path:line:col``
with a sentence saying what was expected and what was found.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Diagnostic, InputError, did_you_mean
from .model import Article, Rule, Scenario, Treaty, date_problem, describe_value
from .yamlio import Located, load_yaml_file

__all__ = [
    "LoadedArticle",
    "LoadedTreaty",
    "Library",
    "LoadedScenario",
    "load_library",
    "load_scenario",
    "default_rules_dir",
    "parse_model",
]

M = TypeVar("M", bound=BaseModel)
_ART_FILE = re.compile(r"^art-([0-9a-z]+)\.yaml$")


@dataclass
class LoadedArticle:
    """An article file and where each of its rules sits."""

    model: Article
    doc: Located
    #: rule id -> (line, col) of the rule's ``id`` value
    rule_pos: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class LoadedTreaty:
    model: Treaty
    doc: Located
    folder: Path
    articles: list[LoadedArticle] = field(default_factory=list)


@dataclass
class Library:
    """Every treaty folder under a rules directory."""

    root: Path
    treaties: dict[str, LoadedTreaty] = field(default_factory=dict)

    def rules(self) -> list[tuple[LoadedTreaty, LoadedArticle, Rule]]:
        """All rules, in a stable order (treaty id, article file, position in file)."""
        out = []
        for tid in sorted(self.treaties):
            t = self.treaties[tid]
            for a in t.articles:
                for r in a.model.rules:
                    out.append((t, a, r))
        return out


@dataclass
class LoadedScenario:
    model: Scenario
    doc: Located

    @property
    def path(self) -> str:
        return self.doc.path


def default_rules_dir() -> Path:
    """``rules/`` of a checkout, or the copy shipped inside the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "rules", here / "_data" / "rules"):
        if candidate.is_dir():
            return candidate
    raise InputError.at(str(here.parent / "rules"), 1, 1, "expected the rules/ folder of treaty-rules, found none")


def _message(err: dict[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed)
        return f"unknown key '{loc[-1]}': expected one of {', '.join(sorted(allowed))}{hint}"
    if kind == "missing":
        return f"expected key '{loc[-1]}', found none"
    if kind.startswith("date"):
        hint = date_problem(value) if isinstance(value, str) else ""
        return f"expected a real calendar date written YYYY-MM-DD, found {describe_value(value)}{hint}"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        return f"expected one of {expected}, found {describe_value(value)}{hint}"
    if kind == "string_pattern_mismatch":
        return f"expected text matching {err['ctx']['pattern']}, found {describe_value(value)}"
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return msg
    if kind in ("string_type",):
        return f"expected text, found {describe_value(value)}"
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, found {describe_value(value)}"
    if kind in ("list_type",):
        return f"expected a list, found {describe_value(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping, found {describe_value(value)}"
    if kind == "too_short":
        return f"expected at least {err['ctx'].get('min_length', 1)} item(s), found {len(value) if isinstance(value, (list, dict)) else 0}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, found {describe_value(value)}"
    return f"{err['msg'][0].lower()}{err['msg'][1:]}; found {describe_value(value)}"


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model at ``loc`` accepts (aliases where set)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fld = None
        for name, info in current.model_fields.items():
            if (info.alias or name) == part:
                fld = info
                break
        current = _model_in(fld.annotation) if fld is not None else None
    if current is None:
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop pydantic's union-branch and function labels so that loc walks the YAML data."""
    out: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.rstrip("_") in node:
            out.append(part.rstrip("_"))
            node = node[part.rstrip("_")]
        elif isinstance(part, str) and (not isinstance(node, dict)):
            continue  # e.g. 'str', 'function-after[...]' labels
        else:
            out.append(part)  # a missing or unknown key: keep it for the message
            node = None
    return tuple(out)


def parse_model(doc: Located, model: type[M]) -> M:
    """Validate ``doc.data`` against ``model``; raise :class:`InputError` with positions."""
    if not isinstance(doc.data, dict):
        line, col = doc.pos(())
        raise InputError.at(doc.path, line, col, f"expected a mapping at the top of the file, found {describe_value(doc.data)}")
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        diags = []
        seen = set()
        errors = exc.errors(include_url=False)
        unknown = {
            _clean_loc(tuple(e["loc"]), doc.data) for e in errors if e["type"] == "extra_forbidden"
        }
        for err in errors:
            loc = _clean_loc(tuple(err["loc"]), doc.data)
            if err["type"] == "missing" and any(
                u[:-1] == loc[:-1]
                and difflib.get_close_matches(str(u[-1]), _allowed_keys(model, loc[:-1]), n=1, cutoff=0.6) == [str(loc[-1])]
                for u in unknown
            ):
                continue  # the misspelt key's own message says "did you mean"
            is_key = err["type"] == "extra_forbidden"
            line, col = doc.pos(loc, key=is_key)
            msg = _message(err, model, loc)
            if (line, col, msg) in seen:
                continue
            seen.add((line, col, msg))
            diags.append(Diagnostic(doc.path, line, col, msg))
        diags.sort(key=lambda d: (d.line, d.col))
        raise InputError(diags) from None


def load_library(root: Path | str | None = None) -> Library:
    """Read every treaty folder under ``root`` (default: the shipped ``rules/``)."""
    base = Path(root) if root is not None else default_rules_dir()
    if not base.is_dir():
        raise InputError.at(str(base), 1, 1, "expected a folder of treaty rule folders, found none")
    lib = Library(root=base)
    problems: list[Diagnostic] = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        treaty_file = folder / "treaty.yaml"
        try:
            tdoc = load_yaml_file(treaty_file)
            treaty = parse_model(tdoc, Treaty)
            if treaty.id != folder.name:
                line, col = tdoc.pos(("id",))
                raise InputError.at(
                    str(treaty_file), line, col,
                    f"expected id '{folder.name}' (the folder's name), found '{treaty.id}'",
                )
            loaded = LoadedTreaty(model=treaty, doc=tdoc, folder=folder)
            for f in sorted(folder.iterdir(), key=lambda p: _article_key(p.name)):
                if f.name == "treaty.yaml" or f.suffix not in (".yaml", ".yml"):
                    continue
                if not _ART_FILE.match(f.name):
                    raise InputError.at(
                        str(f), 1, 1, f"expected a rule file named 'art-<number>.yaml' or 'treaty.yaml', found '{f.name}'"
                    )
                loaded.articles.append(_load_article(f))
            lib.treaties[treaty.id] = loaded
        except InputError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise InputError(problems)
    return lib


def _article_key(name: str) -> tuple[int, str]:
    m = _ART_FILE.match(name)
    if not m:
        return (0, name)
    num = m.group(1)
    digits = re.match(r"\d+", num)
    return (int(digits.group(0)) if digits else 10**6, name)


def _load_article(path: Path) -> LoadedArticle:
    doc = load_yaml_file(path)
    article = parse_model(doc, Article)
    expected = _ART_FILE.match(path.name).group(1)  # type: ignore[union-attr]
    if article.article != expected:
        line, col = doc.pos(("article",))
        raise InputError.at(
            str(path), line, col, f"expected article '{expected}' (from the file name), found '{article.article}'"
        )
    la = LoadedArticle(model=article, doc=doc)
    for i, rule in enumerate(article.rules):
        la.rule_pos[rule.id] = doc.pos(("rules", i, "id"))
    return la


def load_scenario(path: Path | str) -> LoadedScenario:
    """Read and validate the format of one scenario file (meaning is checked by ``validate``)."""
    doc = load_yaml_file(path)
    return LoadedScenario(model=parse_model(doc, Scenario), doc=doc)
