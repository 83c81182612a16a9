"""The fixture rule library, assembled at test time so that it can never drift.

It holds the shipped VCLT and Ottawa rules (copied from rules/ when the tests start) and the
fictional Silent Test Treaty of tests/fixtures/rules/silent-test, a treaty without a withdrawal
clause that exercises the VCLT defaults (Arts 24 and 56) no real treaty in rules/ uses.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
FICTIONAL = ROOT / "tests" / "fixtures" / "rules"
SHIPPED_COPIES = ("apmbc", "vclt")

_built: Path | None = None


def fixture_library_dir() -> Path:
    """A folder with rules/vclt, rules/apmbc and the fictional treaty (built once per run)."""
    global _built
    if _built is None:
        base = Path(tempfile.mkdtemp(prefix="treaty-fixture-rules-"))
        atexit.register(shutil.rmtree, base, True)
        for treaty in SHIPPED_COPIES:
            shutil.copytree(RULES / treaty, base / treaty)
        for folder in FICTIONAL.iterdir():
            if folder.is_dir():
                shutil.copytree(folder, base / folder.name)
        _built = base
    return _built
