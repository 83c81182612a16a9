"""Stage 7: the command line (thin: parse, call the engine, render).

Exit codes: 0 ok, 1 an expectation failed, 2 bad input or usage. No traceback reaches a
user: :class:`engine.errors.InputError` is rendered as ``path:line:col: message``.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .errors import EXIT_BAD_INPUT, EXIT_EXPECTATION_FAILED, EXIT_OK, InputError, TreatyRulesError

app = typer.Typer(
    name="treaty",
    help="A legal rules engine for treaty obligations: run scenarios of dated acts against treaty rules.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

_out = Console(highlight=False, soft_wrap=False)
_err = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class SchemaKind(str, Enum):
    scenario = "scenario"
    rules = "rules"
    treaty = "treaty"


def _fail(exc: InputError) -> None:
    # plain writes: one diagnostic per line, never wrapped or styled
    for d in exc.diagnostics:
        sys.stderr.write(d.render() + "\n")
    raise typer.Exit(EXIT_BAD_INPUT)


def _date(value: Optional[str], what: str) -> Optional[_dt.date]:
    from .model import parse_iso_date

    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        _fail(InputError.at(what, 1, 1, str(exc)))
    return None  # pragma: no cover


def _engine(rules_dir: Optional[Path]):  # type: ignore[no-untyped-def]
    from .api import Engine

    return Engine(rules_dir)


@app.command()
def run(
    files: list[Path] = typer.Argument(..., help="Scenario files (YAML)."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Report statuses on this date (YYYY-MM-DD)."),
    explain: bool = typer.Option(False, "--explain", help="Show each result's steps, with the article text."),
    interpretation: list[str] = typer.Option(
        [], "--interpretation", "-i", help="Choose a reading: NAME=CHOICE (repeatable); overrides the scenario."
    ),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", help="A rules folder other than the shipped one."),
) -> None:
    """Run scenario files and report, per state and treaty, where each stands."""
    from .report import render_table, to_json, to_markdown
    from .validate import interpretation_overrides

    try:
        day = _date(as_of, "--as-of")
        overrides = interpretation_overrides(interpretation)
        engine = _engine(rules_dir)
        reports = [engine.run_file(f, as_of=day, interpretations=overrides) for f in files]
    except InputError as exc:
        _fail(exc)
        return
    if format is Format.json:
        sys.stdout.write(to_json(reports, explain=True) + "\n")
    elif format is Format.markdown:
        sys.stdout.write(to_markdown(reports, explain=explain) + "\n")
    else:
        _out.print(render_table(reports, explain=explain))
    failed = [r for r in reports if r.expectation_failures]
    for r in failed:
        for f in r.expectation_failures:
            sys.stderr.write(f"{r.scenario}: expectation failed: {f.state} ({f.treaty}) {f.field}: expected {f.expected}, got {f.got}\n")
    raise typer.Exit(EXIT_EXPECTATION_FAILED if failed else EXIT_OK)


@app.command()
def validate(
    paths: list[Path] = typer.Argument(..., help="Scenario files, rule folders, or folders of scenarios."),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", help="A rules folder other than the shipped one."),
) -> None:
    """Check scenario files and rule libraries without running them."""
    from .api import Engine
    from .errors import Diagnostic

    problems: list[Diagnostic] = []
    checked = 0
    try:
        engine = Engine(rules_dir)
    except InputError as exc:
        _fail(exc)
        return
    for path in paths:
        try:
            if path.is_dir() and ((path / "treaty.yaml").exists() or any(p.joinpath("treaty.yaml").exists() for p in path.iterdir() if p.is_dir())):
                lib_root = path.parent if (path / "treaty.yaml").exists() else path
                Engine(lib_root)
                checked += 1
                continue
            files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
            for f in files:
                try:
                    engine.check(f)
                    checked += 1
                except InputError as exc:
                    problems.extend(exc.diagnostics)
        except InputError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        _fail(InputError(problems))
    _out.print(f"{checked} file(s) or librar(ies) checked: no problems.")
    raise typer.Exit(EXIT_OK)


@app.command()
def rules(
    treaty: Optional[str] = typer.Argument(None, help="A treaty id (apmbc, ccm, vclt); all when omitted."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
    rules_dir: Optional[Path] = typer.Option(None, "--rules"),
) -> None:
    """List treaties, articles and rules, with the text each rule encodes."""
    from .catalogue import catalogue_json, catalogue_markdown, catalogue_table
    from .errors import did_you_mean

    try:
        engine = _engine(rules_dir)
        if treaty is not None and treaty not in engine.library.treaties:
            raise InputError.at(
                "TREATY", 1, 1,
                f"expected a treaty id ({', '.join(sorted(engine.library.treaties))}), found '{treaty}'"
                f"{did_you_mean(treaty.lower(), engine.library.treaties)}",
            )
    except InputError as exc:
        _fail(exc)
        return
    if format is Format.json:
        sys.stdout.write(catalogue_json(engine.library, treaty) + "\n")
    elif format is Format.markdown:
        sys.stdout.write(catalogue_markdown(engine.library, treaty))
    else:
        _out.print(catalogue_table(engine.library, treaty))


@app.command()
def schema(kind: SchemaKind = typer.Argument(..., help="scenario, rules (an article file) or treaty.")) -> None:
    """Print the JSON Schema of a file format."""
    from .model import Article, Scenario, Treaty

    model = {"scenario": Scenario, "rules": Article, "treaty": Treaty}[kind.value]
    sys.stdout.write(json.dumps(model.model_json_schema(by_alias=True), indent=2) + "\n")


def main() -> None:
    """Console-script entry point: never lets a traceback reach the user."""
    try:
        app()
    except TreatyRulesError as exc:  # pragma: no cover - EngineFault: a bug, reported plainly
        sys.stderr.write(f"treaty: internal error: {exc}\n")
        sys.exit(70)


if __name__ == "__main__":  # pragma: no cover
    main()
