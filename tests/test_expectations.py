"""Expectations compare field by field, warnings included, and say what was expected and got."""

from __future__ import annotations

from pathlib import Path

from engine import Engine

# Lithuania ratified 12 May 2003 (Landmine Monitor, Lithuania mine ban policy 2018); the
# instrument of withdrawal dated 2025-08-31 below is hypothetical, chosen to meet a missing day.
SCENARIO = """\
title: Expectations test (hypothetical withdrawal on 31 August)
sources: ["Landmine Monitor, Lithuania mine ban policy 2018"]
treaties: [apmbc]
events:
  - {date: "2003-05-12", state: LTU, act: ratify, source: "Landmine Monitor 2018"}
  - {date: "2025-08-31", state: LTU, act: withdraw, reasons: "hypothetical", hypothetical: true, note: "what-if"}
expect:
  - state: LTU
    status: withdrawn
    withdrawal_effective: "2026-02-28"
    warnings: [%s]
"""


def _run(engine: Engine, tmp_path: Path, warnings: str) -> list[tuple[str, str | None, str | None]]:
    path = tmp_path / "case.yaml"
    path.write_text(SCENARIO % warnings, encoding="utf-8")
    report = engine.run_file(path)
    return [(f.field, f.expected, f.got) for f in report.expectation_failures]


def test_expected_warning_is_found(engine: Engine, tmp_path: Path) -> None:
    assert _run(engine, tmp_path, '"falls on 31 February 2026, which does not exist"') == []


def test_missing_warning_is_a_failure_naming_what_was_got(engine: Engine, tmp_path: Path) -> None:
    assert _run(engine, tmp_path, '"no such warning"') == [
        (
            "warnings",
            "no such warning",
            "31 August 2025 plus 6 months falls on 31 February 2026, which does not exist; the depositary's "
            "convention (last day of month) gives 28 February 2026, the other reading gives 1 March 2026",
        )
    ]
