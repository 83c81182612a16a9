"""The rule catalogue: every treaty, article and rule with its text, from the same registry
the engine runs (``treaty rules``, and docs/rules.md is generated from it, never by hand)."""

from __future__ import annotations

import json
from typing import Any

from .compile import citation_text
from .load import Library

__all__ = ["catalogue_data", "catalogue_json", "catalogue_markdown", "catalogue_table"]


def catalogue_data(lib: Library, treaty: str | None = None) -> list[dict[str, Any]]:
    """Plain data: treaties -> articles -> paragraphs, rules and interpretations."""
    out = []
    for tid in sorted(lib.treaties):
        if treaty is not None and tid != treaty:
            continue
        t = lib.treaties[tid]
        articles = []
        for a in t.articles:
            articles.append({
                "article": a.model.article,
                "heading": a.model.heading,
                "file": f"rules/{tid}/{a.doc.path.replace(chr(92), '/').rsplit('/', 1)[-1]}",
                "paragraphs": [
                    {"number": p.number, "text": " ".join(p.sentences), "subparagraphs": dict(p.subparagraphs)}
                    for p in a.model.paragraphs
                ],
                "rules": [
                    {
                        "id": r.id,
                        "cites": citation_text(a.model.article, r.cites.paragraph, r.cites.sentence, r.cites.subparagraph),
                        "summary": r.summary,
                        "overrides": list(r.overrides),
                        "interpretation": r.interpretation.model_dump() if r.interpretation else None,
                    }
                    for r in a.model.rules
                ],
                "interpretations": [
                    {"name": i.name, "question": i.question, "default": i.default,
                     "choices": [{"name": c.name, "summary": c.summary} for c in i.choices]}
                    for i in a.model.interpretations
                ],
            })
        out.append({
            "id": tid,
            "title": t.model.title,
            "short_title": t.model.short_title,
            "scope": t.model.scope,
            "depositary": t.model.depositary.name,
            "entry_into_force": t.model.entry_into_force.date.isoformat() if t.model.entry_into_force.date else None,
            "date_convention": t.model.date_convention.missing_day.value,
            "articles": articles,
        })
    return out


def catalogue_json(lib: Library, treaty: str | None = None) -> str:
    return json.dumps(catalogue_data(lib, treaty), indent=2, ensure_ascii=False)


def catalogue_markdown(lib: Library, treaty: str | None = None) -> str:
    """The Markdown catalogue (docs/rules.md)."""
    lines = [
        "# Rule catalogue",
        "",
        "Generated from `rules/` by `treaty rules --format markdown`; do not edit by hand",
        "(a test fails when this file is stale: regenerate with `make docs`).",
        "",
    ]
    for t in catalogue_data(lib, treaty):
        lines += [f"## {t['short_title']} (`{t['id']}`)", "", f"{t['title']}.", ""]
        lines += [
            f"- Depositary: {t['depositary']}",
            f"- Entry into force: {t['entry_into_force'] or 'not in force'}",
            f"- Missing-day convention: {t['date_convention'].replace('_', ' ')}",
            f"- Scope: {'background rules for every treaty' if t['scope'] == 'general' else 'this treaty'}",
            "",
        ]
        for a in t["articles"]:
            lines += [f"### Article {a['article']}: {a['heading']}", "", f"File: `{a['file']}`", ""]
            for p in a["paragraphs"]:
                label = f"{p['number']}. " if p["number"] else ""
                lines.append(f"> {label}{p['text']}")
                for k, v in p["subparagraphs"].items():
                    lines.append(f"> {k} {v}")
                lines.append(">")
            if lines[-1] == ">":
                lines.pop()
            lines.append("")
            if a["rules"]:
                lines += ["| rule | cites | what it decides |", "|---|---|---|"]
                for r in a["rules"]:
                    extra = ""
                    if r["overrides"]:
                        extra += f" Displaces {', '.join('`' + o + '`' for o in r['overrides'])}."
                    if r["interpretation"]:
                        extra += f" Only under `{r['interpretation']['name']}` = {r['interpretation']['choice']}."
                    lines.append(f"| `{r['id']}` | {r['cites']} | {r['summary']}{extra} |")
                lines.append("")
            for i in a["interpretations"]:
                lines += [f"Interpretation `{i['name']}` (default: {i['default']}): {i['question']}", ""]
                for c in i["choices"]:
                    lines.append(f"- `{c['name']}`: {c['summary']}")
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def catalogue_table(lib: Library, treaty: str | None = None) -> object:
    from rich.table import Table

    data = catalogue_data(lib, treaty)
    ids = [r["id"] for t in data for a in t["articles"] for r in a["rules"]]
    table = Table(title="Rules", title_justify="left", show_lines=False)
    # the id is what a user copies: never cut it; the rest wraps beneath
    table.add_column("rule", no_wrap=True, min_width=max(map(len, ids), default=4))
    table.add_column("cites · what it decides", overflow="fold", min_width=20)
    for t in data:
        for a in t["articles"]:
            for r in a["rules"]:
                table.add_row(r["id"], f"{t['id']} {r['cites']}: {r['summary']}")
    return table
