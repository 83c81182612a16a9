"""Shared fixtures of the test suite.

The treaty-rules pytest plugin (``engine/pytest_plugin.py``) collects every YAML file with
top-level ``title``, ``treaties`` and ``expect`` keys as a scenario test run against the
shipped rules. Three folders under ``tests/fixtures/`` must not be collected that way:

* ``bad/``: deliberately broken files, each asserted by its own test;
* ``rules/``: the fictional treaty of the fixture rule library (see tests/fixture_library.py);
* ``vclt-scenarios/``: scenarios for the fixture library (``tests/fixtures/rules``), which the
  shipped rules do not know; ``tests/test_corpus.py`` runs them against that library.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Engine
from fixture_library import fixture_library_dir

collect_ignore_glob = ["fixtures/bad/*", "fixtures/rules/*", "fixtures/vclt-scenarios/*"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The shipped rule library, loaded, checked and compiled once per session."""
    return Engine()


@pytest.fixture(scope="session")
def fixture_engine() -> Engine:
    """The fixture library: the VCLT, the Ottawa Convention and the fictional Silent Test Treaty."""
    return Engine(fixture_library_dir())
