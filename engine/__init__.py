"""treaty-rules: a legal rules engine for treaty obligations.

Pipeline (one module per stage, data flowing one way)::

    load -> validate -> compile -> simulate (rete) -> explain -> report -> cli

Public API: :class:`Engine`, the report models and the errors.
"""

from .api import Engine, check_expectations
from .errors import EngineFault, InputError, TreatyRulesError
from .report import Result, ScenarioReport, Step

__all__ = [
    "Engine",
    "EngineFault",
    "InputError",
    "Result",
    "ScenarioReport",
    "Step",
    "TreatyRulesError",
    "check_expectations",
]
