"""Legal date arithmetic: periods in days, months and years, and the dates treaties name.

Months and years add by the calendar: 27 June + 6 months = 27 December. When the day does not
exist in the target month (31 August + 6 months), the depositary's declared convention picks
one of the two candidates (the last day of that month, or the first day of the next) and the
result keeps both, so that the report can warn and name them (Catala's ``dates-calc`` refuses
such a sum unless a rounding mode is declared; we compute it and show the alternative).

Pure functions, no wall clock, no state.
"""

from __future__ import annotations

import calendar as _cal
import datetime as _dt
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

__all__ = [
    "MissingDay",
    "Snap",
    "Period",
    "Reckoning",
    "reckon",
    "add_months",
    "format_date",
    "to_ordinal",
    "from_ordinal",
]


class MissingDay(str, Enum):
    """What a month or year period gives when its day does not exist in the target month."""

    #: 31 August + 6 months = 28 (29) February
    LAST_DAY_OF_MONTH = "last_day_of_month"
    #: 31 August + 6 months = 1 March
    FIRST_DAY_OF_NEXT_MONTH = "first_day_of_next_month"


class Snap(str, Enum):
    """Where a clause moves the end of a period to."""

    NONE = "none"
    #: "the first day of the sixth month after the month in which ..." (Ottawa Art 17(1))
    FIRST_DAY_OF_MONTH = "first_day_of_month"
    #: "the first day of the month following the expiration of a period of three months"
    FIRST_DAY_OF_NEXT_MONTH = "first_day_of_next_month"
    #: "on 31 December of the year following that during which the notice was given"
    LAST_DAY_OF_YEAR = "last_day_of_year"


@dataclass(frozen=True)
class Period:
    """A span counted from a date: days are exact, months and years go by the calendar."""

    days: int = 0
    months: int = 0
    years: int = 0

    def describe(self) -> str:
        """``"6 months"``, ``"1 year"``, ``"90 days"``, ``"1 year and 2 days"``."""
        parts = []
        for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day")):
            if n:
                parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
        return " and ".join(parts) if parts else "0 days"


@dataclass(frozen=True)
class Reckoning:
    """The result of a computation, with both candidates when a day was missing."""

    date: _dt.date
    #: (chosen, other) when the convention decided between two different results
    candidates: tuple[_dt.date, _dt.date] | None = None
    #: the nonexistent day that forced the choice, e.g. "31 February 2026"
    missing: str | None = None


def _days_in_month(year: int, month: int) -> int:
    return _cal.monthrange(year, month)[1]


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_months(start: _dt.date, months: int, missing_day: MissingDay) -> Reckoning:
    """``start`` plus ``months`` calendar months (negative allowed)."""
    year, month = _shift_month(start.year, start.month, months)
    last = _days_in_month(year, month)
    if start.day <= last:
        return Reckoning(_dt.date(year, month, start.day))
    end_of_month = _dt.date(year, month, last)
    next_month = end_of_month + _dt.timedelta(days=1)
    missing = f"{start.day} {_dt.date(year, month, 1):%B} {year}"
    if missing_day is MissingDay.LAST_DAY_OF_MONTH:
        return Reckoning(end_of_month, (end_of_month, next_month), missing)
    return Reckoning(next_month, (next_month, end_of_month), missing)


def _finish(day: _dt.date, period: Period, snap: Snap, offset_days: int) -> _dt.date:
    day = day + _dt.timedelta(days=period.days)
    if snap is Snap.FIRST_DAY_OF_NEXT_MONTH:
        year, month = _shift_month(day.year, day.month, 1)
        day = _dt.date(year, month, 1)
    elif snap is Snap.LAST_DAY_OF_YEAR:
        day = _dt.date(day.year, 12, 31)
    return day + _dt.timedelta(days=offset_days)


def reckon(
    start: _dt.date,
    period: Period,
    *,
    snap: Snap = Snap.NONE,
    offset_days: int = 0,
    missing_day: MissingDay = MissingDay.LAST_DAY_OF_MONTH,
) -> Reckoning:
    """The date a clause names: ``start`` + ``period``, moved by ``snap``, plus ``offset_days``.

    Order of operations: calendar months and years, then days, then the snap, then the offset
    (the World Bank's "the day after" practice for ICSID is an offset of one day).

    ``Snap.FIRST_DAY_OF_MONTH`` counts whole months from the month of ``start`` and never
    looks at the day, so it cannot meet a missing day ("the first day of the sixth month
    after the month in which the 40th instrument has been deposited").
    """
    months = period.months + 12 * period.years
    if snap is Snap.FIRST_DAY_OF_MONTH:
        year, month = _shift_month(start.year, start.month, months)
        return Reckoning(_finish(_dt.date(year, month, 1), period, Snap.NONE, offset_days))
    base = add_months(start, months, missing_day) if months else Reckoning(start)
    chosen = _finish(base.date, period, snap, offset_days)
    if base.candidates is None:
        return Reckoning(chosen)
    other = _finish(base.candidates[1], period, snap, offset_days)
    if other == chosen:  # the snap made the missing day irrelevant
        return Reckoning(chosen)
    return Reckoning(chosen, (chosen, other), base.missing)


@lru_cache(maxsize=4096)
def format_date(day: _dt.date) -> str:
    """Dates as the law writes them: ``27 December 2025``."""
    return f"{day.day} {day:%B} {day.year}"


def to_ordinal(day: _dt.date) -> int:
    """Dates travel through the rules engine as proleptic Gregorian ordinals (comparable ints)."""
    return day.toordinal()


def from_ordinal(value: int) -> _dt.date:
    """The inverse of :func:`to_ordinal`."""
    return _dt.date.fromordinal(value)
