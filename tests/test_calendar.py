"""engine/calendar.py: legal date arithmetic, on real depositary dates and by property."""

from __future__ import annotations

import calendar as _cal
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.calendar import (
    MissingDay,
    Period,
    Reckoning,
    Snap,
    add_months,
    format_date,
    from_ordinal,
    reckon,
    to_ordinal,
)

D = dt.date
LAST = MissingDay.LAST_DAY_OF_MONTH
NEXT = MissingDay.FIRST_DAY_OF_NEXT_MONTH


# --------------------------------------------------------------------------- exact examples


def test_baltic_withdrawals_same_calendar_day() -> None:
    # Estonia, Latvia, Lithuania: instruments received 27 June 2025, effective 27 December 2025
    assert reckon(D(2025, 6, 27), Period(months=6)) == Reckoning(D(2025, 12, 27))


@pytest.mark.parametrize(
    ("received", "effective"),
    [
        (D(2025, 7, 10), D(2026, 1, 10)),  # Finland, across the year end
        (D(2025, 8, 20), D(2026, 2, 20)),  # Poland
        (D(2024, 9, 6), D(2025, 3, 6)),  # Lithuania, CCM
    ],
)
def test_real_six_month_withdrawals(received: dt.date, effective: dt.date) -> None:
    result = reckon(received, Period(months=6))
    assert result.date == effective
    assert result.candidates is None
    assert result.missing is None


def test_31_august_plus_six_months_last_day_of_february() -> None:
    result = reckon(D(2025, 8, 31), Period(months=6), missing_day=LAST)
    assert result.date == D(2026, 2, 28)
    assert result.candidates == (D(2026, 2, 28), D(2026, 3, 1))
    assert result.missing == "31 February 2026"


def test_31_august_plus_six_months_first_day_of_march() -> None:
    result = reckon(D(2025, 8, 31), Period(months=6), missing_day=NEXT)
    assert result.date == D(2026, 3, 1)
    assert result.candidates == (D(2026, 3, 1), D(2026, 2, 28))
    assert result.missing == "31 February 2026"


def test_missing_day_default_is_last_day_of_month() -> None:
    assert reckon(D(2025, 8, 31), Period(months=6)).date == D(2026, 2, 28)


def test_31_august_into_a_leap_february() -> None:
    result = reckon(D(2027, 8, 31), Period(months=6))
    assert result.date == D(2028, 2, 29)
    assert result.candidates == (D(2028, 2, 29), D(2028, 3, 1))
    assert result.missing == "31 February 2028"


@pytest.mark.parametrize(
    ("deposit", "in_force"),
    [
        (D(2002, 8, 30), D(2003, 2, 28)),  # Guatemala, CCW Protocol IV ("30 February" -> 28)
        (D(2006, 10, 31), D(2007, 4, 30)),  # France, CCW Protocol V ("31 April" -> 30)
        (D(2002, 8, 28), D(2003, 2, 28)),  # Albania, CCW Protocol IV (the day exists)
    ],
)
def test_ccw_entry_into_force_clamps_to_last_day(deposit: dt.date, in_force: dt.date) -> None:
    assert reckon(deposit, Period(months=6), missing_day=LAST).date == in_force


def test_add_months_exact() -> None:
    assert add_months(D(2025, 6, 27), 6, LAST) == Reckoning(D(2025, 12, 27))
    assert add_months(D(2025, 1, 31), 1, LAST) == Reckoning(
        D(2025, 2, 28), (D(2025, 2, 28), D(2025, 3, 1)), "31 February 2025"
    )
    assert add_months(D(2024, 1, 30), 1, NEXT) == Reckoning(
        D(2024, 3, 1), (D(2024, 3, 1), D(2024, 2, 29)), "30 February 2024"
    )
    assert add_months(D(2025, 12, 31), 12, LAST) == Reckoning(D(2026, 12, 31))
    assert add_months(D(2025, 6, 27), 0, LAST) == Reckoning(D(2025, 6, 27))


def test_add_months_negative() -> None:
    assert add_months(D(2026, 2, 20), -6, LAST) == Reckoning(D(2025, 8, 20))
    assert add_months(D(2025, 3, 31), -1, LAST) == Reckoning(
        D(2025, 2, 28), (D(2025, 2, 28), D(2025, 3, 1)), "31 February 2025"
    )
    assert add_months(D(2025, 1, 15), -13, LAST) == Reckoning(D(2023, 12, 15))


def test_years_count_as_twelve_months() -> None:
    assert reckon(D(2024, 2, 29), Period(years=1)) == Reckoning(
        D(2025, 2, 28), (D(2025, 2, 28), D(2025, 3, 1)), "29 February 2025"
    )
    assert reckon(D(2024, 2, 29), Period(years=4)) == Reckoning(D(2028, 2, 29))
    assert reckon(D(2025, 6, 27), Period(years=1, months=6)).date == D(2026, 12, 27)


def test_days_are_exact() -> None:
    assert reckon(D(2025, 6, 27), Period(days=90)) == Reckoning(D(2025, 9, 25))
    assert reckon(D(2024, 2, 28), Period(days=1)).date == D(2024, 2, 29)
    assert reckon(D(2025, 12, 31), Period(days=1)).date == D(2026, 1, 1)


def test_months_then_days() -> None:
    # months first (31 January + 1 month = 28 February), then the days
    result = reckon(D(2025, 1, 31), Period(months=1, days=1))
    assert result.date == D(2025, 3, 1)
    assert result.candidates == (D(2025, 3, 1), D(2025, 3, 2))
    assert result.missing == "31 February 2025"


@pytest.mark.parametrize(
    ("deposit", "in_force"),
    [
        (D(1998, 9, 16), D(1999, 3, 1)),  # Burkina Faso, 40th instrument: Ottawa Art 17(1)
        (D(2012, 12, 27), D(2013, 6, 1)),  # Poland, Ottawa Art 17(2)
        (D(2003, 5, 12), D(2003, 11, 1)),  # Lithuania, Ottawa Art 17(2)
        (D(2005, 12, 27), D(2006, 6, 1)),  # Ukraine, Ottawa Art 17(2)
        (D(2025, 3, 12), D(2025, 9, 1)),  # Marshall Islands, Ottawa Art 17(2)
        (D(2010, 2, 16), D(2010, 8, 1)),  # Burkina Faso and Moldova, 30th instrument: CCM Art 17(1)
        (D(2011, 3, 24), D(2011, 9, 1)),  # Lithuania, CCM Art 17(2)
    ],
)
def test_first_day_of_the_sixth_month(deposit: dt.date, in_force: dt.date) -> None:
    result = reckon(deposit, Period(months=6), snap=Snap.FIRST_DAY_OF_MONTH)
    assert result == Reckoning(in_force)


def test_first_day_of_month_snap_never_meets_a_missing_day() -> None:
    for convention in MissingDay:
        result = reckon(D(2025, 8, 31), Period(months=6), snap=Snap.FIRST_DAY_OF_MONTH, missing_day=convention)
        assert result == Reckoning(D(2026, 2, 1))


def test_first_day_of_next_month_snap() -> None:
    # "the first day of the month following the expiration of a period of three months"
    assert reckon(D(2025, 1, 15), Period(months=3), snap=Snap.FIRST_DAY_OF_NEXT_MONTH) == Reckoning(D(2025, 5, 1))
    assert reckon(D(2025, 9, 30), Period(months=3), snap=Snap.FIRST_DAY_OF_NEXT_MONTH) == Reckoning(D(2026, 1, 1))
    assert reckon(D(2025, 1, 1), Period(), snap=Snap.FIRST_DAY_OF_NEXT_MONTH) == Reckoning(D(2025, 2, 1))


def test_first_day_of_next_month_snap_keeps_both_candidates() -> None:
    # 30 November + 3 months: 28 February or 1 March, so 1 March or 1 April
    result = reckon(D(2024, 11, 30), Period(months=3), snap=Snap.FIRST_DAY_OF_NEXT_MONTH, missing_day=LAST)
    assert result == Reckoning(D(2025, 3, 1), (D(2025, 3, 1), D(2025, 4, 1)), "30 February 2025")
    result = reckon(D(2024, 11, 30), Period(months=3), snap=Snap.FIRST_DAY_OF_NEXT_MONTH, missing_day=NEXT)
    assert result == Reckoning(D(2025, 4, 1), (D(2025, 4, 1), D(2025, 3, 1)), "30 February 2025")


def test_last_day_of_year_snap() -> None:
    # "on 31 December of the year following that during which the notice was given"
    assert reckon(D(2025, 6, 27), Period(years=1), snap=Snap.LAST_DAY_OF_YEAR) == Reckoning(D(2026, 12, 31))
    assert reckon(D(2025, 12, 31), Period(years=1), snap=Snap.LAST_DAY_OF_YEAR) == Reckoning(D(2026, 12, 31))


def test_last_day_of_year_snap_makes_a_missing_day_irrelevant() -> None:
    result = reckon(D(2025, 8, 31), Period(months=6), snap=Snap.LAST_DAY_OF_YEAR)
    assert result == Reckoning(D(2026, 12, 31))
    assert result.candidates is None
    assert result.missing is None


def test_offset_one_day_icsid_bolivia() -> None:
    # World Bank, ICSID Art 71: notice received 2 May 2007, denunciation effective 3 November 2007
    assert reckon(D(2007, 5, 2), Period(months=6), offset_days=1) == Reckoning(D(2007, 11, 3))


def test_offset_applies_after_snap_and_to_both_candidates() -> None:
    assert reckon(D(2025, 6, 27), Period(years=1), snap=Snap.LAST_DAY_OF_YEAR, offset_days=1).date == D(2027, 1, 1)
    assert reckon(D(2012, 12, 27), Period(months=6), snap=Snap.FIRST_DAY_OF_MONTH, offset_days=1).date == D(2013, 6, 2)
    result = reckon(D(2025, 8, 31), Period(months=6), offset_days=1)
    assert result == Reckoning(D(2026, 3, 1), (D(2026, 3, 1), D(2026, 3, 2)), "31 February 2026")


def test_zero_period_is_the_start() -> None:
    assert reckon(D(2025, 6, 27), Period()) == Reckoning(D(2025, 6, 27))


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period(months=6), "6 months"),
        (Period(years=1), "1 year"),
        (Period(days=90), "90 days"),
        (Period(days=1), "1 day"),
        (Period(years=1, days=2), "1 year and 2 days"),
        (Period(years=2, months=1, days=3), "2 years and 1 month and 3 days"),
        (Period(), "0 days"),
    ],
)
def test_period_describe(period: Period, text: str) -> None:
    assert period.describe() == text


def test_format_date() -> None:
    assert format_date(D(2025, 12, 27)) == "27 December 2025"
    assert format_date(D(1999, 3, 1)) == "1 March 1999"


def test_ordinals_round_trip() -> None:
    assert to_ordinal(D(2025, 12, 27)) == D(2025, 12, 27).toordinal()
    assert from_ordinal(to_ordinal(D(2025, 12, 27))) == D(2025, 12, 27)
    assert to_ordinal(D(2025, 12, 27)) - to_ordinal(D(2025, 6, 27)) == 183


def test_enum_values_are_the_file_format() -> None:
    assert [m.value for m in MissingDay] == ["last_day_of_month", "first_day_of_next_month"]
    assert [s.value for s in Snap] == ["none", "first_day_of_month", "first_day_of_next_month", "last_day_of_year"]


# --------------------------------------------------------------------------- properties

dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))
months_st = st.integers(min_value=0, max_value=600)
periods = st.builds(
    Period,
    days=st.integers(min_value=0, max_value=1000),
    months=st.integers(min_value=0, max_value=60),
    years=st.integers(min_value=0, max_value=10),
)
snaps = st.sampled_from(list(Snap))
conventions = st.sampled_from(list(MissingDay))
offsets = st.integers(min_value=0, max_value=5)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month


def _day_exists(start: dt.date, months: int) -> bool:
    index = start.year * 12 + start.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return start.day <= _cal.monthrange(year, month)[1]


@settings(max_examples=200, deadline=None)
@given(dates, periods, snaps, conventions, offsets)
def test_never_before_start(start: dt.date, period: Period, snap: Snap, md: MissingDay, offset: int) -> None:
    if snap is Snap.FIRST_DAY_OF_MONTH and period.months == period.years == 0:
        return  # "the first day of the 0th month after the month of start" is that month's first day
    assert reckon(start, period, snap=snap, offset_days=offset, missing_day=md).date >= start


def test_first_day_of_month_snap_with_no_months_goes_back_to_the_first() -> None:
    # the one non-negative period that can end before its start (see test_never_before_start)
    assert reckon(D(2000, 1, 2), Period(), snap=Snap.FIRST_DAY_OF_MONTH) == Reckoning(D(2000, 1, 1))
    assert reckon(D(2000, 1, 20), Period(days=5), snap=Snap.FIRST_DAY_OF_MONTH) == Reckoning(D(2000, 1, 6))


@settings(max_examples=200, deadline=None)
@given(dates, dates, periods, snaps, conventions, offsets)
def test_monotone_in_start(a: dt.date, b: dt.date, period: Period, snap: Snap, md: MissingDay, offset: int) -> None:
    early, late = sorted((a, b))
    r_early = reckon(early, period, snap=snap, offset_days=offset, missing_day=md)
    r_late = reckon(late, period, snap=snap, offset_days=offset, missing_day=md)
    assert r_early.date <= r_late.date


@settings(max_examples=200, deadline=None)
@given(dates, months_st, conventions)
def test_day_of_month_preserved_when_it_exists(start: dt.date, months: int, md: MissingDay) -> None:
    result = add_months(start, months, md)
    if _day_exists(start, months):
        assert result.date.day == start.day
        assert result.candidates is None
        assert result.missing is None
    else:
        assert result.candidates is not None
        assert result.missing is not None


@settings(max_examples=200, deadline=None)
@given(
    # the last three days of a month: the only ones that can be missing elsewhere
    dates.map(lambda d: d.replace(day=_cal.monthrange(d.year, d.month)[1] - d.day % 3)),
    months_st,
    conventions,
)
def test_chosen_date_is_a_candidate(start: dt.date, months: int, md: MissingDay) -> None:
    result = add_months(start, months, md)
    if result.candidates is None:
        return
    chosen, other = result.candidates
    assert result.date == chosen
    last_of_month = min(chosen, other)
    first_of_next = max(chosen, other)
    assert first_of_next == last_of_month + dt.timedelta(days=1)
    assert first_of_next.day == 1
    assert last_of_month.day == _cal.monthrange(last_of_month.year, last_of_month.month)[1]
    assert last_of_month.day < start.day
    expected_chosen = last_of_month if md is LAST else first_of_next
    assert chosen == expected_chosen
    assert result.missing == f"{start.day} {last_of_month:%B} {last_of_month.year}"


@settings(max_examples=200, deadline=None)
@given(dates, months_st)
def test_conventions_differ_exactly_when_a_day_is_missing(start: dt.date, months: int) -> None:
    last = add_months(start, months, LAST)
    nxt = add_months(start, months, NEXT)
    missing = not _day_exists(start, months)
    assert (last.date != nxt.date) == missing
    assert (last.missing is not None) == missing
    assert last.missing == nxt.missing
    if missing:
        assert nxt.date == last.date + dt.timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=-600, max_value=600))
def test_month_arithmetic(start: dt.date, months: int) -> None:
    last = add_months(start, months, LAST)
    assert _month_index(last.date) - _month_index(start) == months
    nxt = add_months(start, months, NEXT)
    assert _month_index(nxt.date) - _month_index(start) == months + (1 if nxt.missing else 0)


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=0, max_value=120), offsets)
def test_first_day_of_month_snap_property(start: dt.date, months: int, offset: int) -> None:
    result = reckon(start, Period(months=months), snap=Snap.FIRST_DAY_OF_MONTH, offset_days=offset)
    assert result.candidates is None
    base = result.date - dt.timedelta(days=offset)
    assert base.day == 1
    assert _month_index(base) - _month_index(start) == months


@settings(max_examples=200, deadline=None)
@given(dates, periods, conventions)
def test_last_day_of_year_snap_property(start: dt.date, period: Period, md: MissingDay) -> None:
    result = reckon(start, period, snap=Snap.LAST_DAY_OF_YEAR, missing_day=md)
    assert (result.date.month, result.date.day) == (12, 31)
    assert result.candidates is None or result.candidates[0] != result.candidates[1]


@settings(max_examples=200, deadline=None)
@given(dates, periods, snaps, conventions)
def test_candidates_are_distinct_and_chosen_first(start: dt.date, period: Period, snap: Snap, md: MissingDay) -> None:
    result = reckon(start, period, snap=snap, missing_day=md)
    if result.candidates is not None:
        assert result.candidates[0] == result.date
        assert result.candidates[0] != result.candidates[1]
        assert result.missing is not None
    else:
        assert result.missing is None


@settings(max_examples=200, deadline=None)
@given(dates)
def test_ordinal_round_trip_property(day: dt.date) -> None:
    assert from_ordinal(to_ordinal(day)) == day
