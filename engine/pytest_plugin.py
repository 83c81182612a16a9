"""pytest plugin: every scenario file with an ``expect:`` block is a test.

Installed with treaty-rules (entry point ``pytest11``), so ``pytest my-scenarios/`` runs a
folder of scenarios. A failure shows the file, the scenario, what was expected, what the
engine concluded, and the explanation of that result. Options: ``--treaty-rules DIR`` for a
rules folder other than the shipped one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from .errors import InputError

_engines: dict[str, Any] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("treaty-rules")
    group.addoption("--treaty-rules", action="store", default=None, help="rules folder for scenario files")


def _engine(config: pytest.Config) -> Any:
    from .api import Engine

    key = config.getoption("--treaty-rules") or ""
    if key not in _engines:
        _engines[key] = Engine(key or None)
    return _engines[key]


def _is_scenario(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    lines = [ln for ln in head.splitlines() if ln and not ln.startswith((" ", "\t", "#", "-"))]
    keys = {ln.split(":", 1)[0].strip() for ln in lines}
    return {"title", "treaties", "expect"} <= keys


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix in (".yaml", ".yml") and _is_scenario(file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioFailed(Exception):
    pass


class ScenarioItem(pytest.Item):
    def runtest(self) -> None:
        engine = _engine(self.config)
        report = engine.run_file(self.path)
        if report.expectation_failures:
            lines = [f"{self.path}: {report.title}"]
            shown: set[tuple[str, str]] = set()
            for f in report.expectation_failures:
                lines.append(f"  {f.state} ({f.treaty}) {f.field}: expected {f.expected}, got {f.got}")
            for f in report.expectation_failures:
                if (f.state, f.treaty) in shown:
                    continue
                shown.add((f.state, f.treaty))
                res = report.result(f.state, f.treaty)
                lines.append(f"  explanation for {f.state} ({f.treaty}):")
                for s in res.explanation if res else []:
                    mark = "" if s.applied else " [did not apply]"
                    lines.append(f"    {s.date.isoformat()} {s.rule}{mark}: {s.sentence}")
            raise ScenarioFailed("\n".join(lines))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return str(excinfo.value)
        if isinstance(excinfo.value, InputError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"
