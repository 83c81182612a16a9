"""Generated documentation is never stale: docs/rules.md and the JSON Schemas come from the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.catalogue import catalogue_markdown
from engine.load import load_library
from engine.model import Article, Scenario, Treaty

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_rule_catalogue_is_generated_from_rules() -> None:
    expected = catalogue_markdown(load_library())
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == expected, "docs/rules.md is stale: run `make docs`"


@pytest.mark.parametrize(
    ("name", "model"),
    [("scenario.schema.json", Scenario), ("rules.schema.json", Article), ("treaty.schema.json", Treaty)],
)
def test_json_schemas_are_current(name: str, model: type) -> None:
    on_disk = json.loads((DOCS / name).read_text(encoding="utf-8"))
    assert on_disk == model.model_json_schema(by_alias=True), f"docs/{name} is stale: run `make docs`"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line for line in section.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
