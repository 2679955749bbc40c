"""The proposed schedule and the conflict checks (roadmap/schedule.py): pure functions."""

from datetime import date

from schreibwerkstatt.roadmap import schedule
from schreibwerkstatt.roadmap.schedule import Item

TODAY = date(2026, 11, 27)


def item(pk: int, **values) -> Item:
    defaults = {"status": "planned", "priority": "", "start": None, "end": None}
    return Item(id=pk, **{**defaults, **values})


def proposed(*items: Item) -> dict[int, tuple[date | None, date | None]]:
    return {pk: (p.start, p.end) for pk, p in schedule.propose(items, TODAY).items()}


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month() -> None:
    assert schedule.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert schedule.add_months(date(2026, 11, 27), 14) == date(2028, 1, 27)
    assert schedule.first_of_month_from(date(2026, 11, 27)) == date(2026, 12, 1)
    assert schedule.first_of_month_from(date(2026, 12, 1)) == date(2026, 12, 1)


def test_undated_measures_are_placed_by_their_start_horizon_priority() -> None:
    result = proposed(item(1, priority="high"), item(2, priority="medium"), item(3, priority="low"))
    # hoch: at once (next 1st), mittel: one year from now, niedrig: three years from now;
    # without an end or a duration they last DEFAULT_DURATION_MONTHS (12).
    assert result[1] == (date(2026, 12, 1), date(2027, 11, 30))
    assert result[2] == (date(2027, 12, 1), date(2028, 11, 30))
    assert result[3] == (date(2029, 12, 1), date(2030, 11, 30))


def test_it_uses_the_duration_in_months_when_there_is_no_end() -> None:
    assert proposed(item(1, priority="high", duration_months=3))[1] == (
        date(2026, 12, 1),
        date(2027, 2, 28),
    )
    # A start without an end keeps its start and gets the end of its duration.
    assert proposed(item(2, priority="medium", start=date(2027, 4, 1), duration_months=6))[2] == (
        date(2027, 4, 1),
        date(2027, 9, 30),
    )


def test_a_measure_without_priority_and_without_start_is_not_placed() -> None:
    assert proposed(item(1))[1] == (None, None)


def test_a_measure_never_starts_before_its_prerequisite_ends() -> None:
    first = item(1, status="running", start=date(2025, 4, 1), end=date(2027, 12, 31))
    second = item(
        2, priority="medium", start=date(2027, 1, 1), end=date(2027, 9, 30), prerequisites=(1,)
    )
    result = schedule.propose([first, second], TODAY)
    assert (result[2].start, result[2].end) == (date(2028, 1, 1), date(2028, 9, 30))
    assert result[2].reasons == (schedule.REASON_PREREQUISITE,)
    assert result[2].binding_prerequisite == 1
    assert (result[1].start, result[1].end) == (first.start, first.end)  # running: kept


def test_a_chain_moves_along_when_its_first_measure_moves() -> None:
    """A → B → C: A has no start yet; B and C follow it, in topological order even if the
    items come in reverse order."""
    c = item(3, priority="high", start=date(2027, 1, 1), end=date(2027, 3, 31), prerequisites=(2,))
    b = item(2, priority="high", start=date(2026, 12, 1), end=date(2027, 5, 31), prerequisites=(1,))
    a = item(1, priority="high", duration_months=4)
    result = proposed(c, b, a)
    assert result[1] == (date(2026, 12, 1), date(2027, 3, 31))
    assert result[2] == (date(2027, 4, 1), date(2027, 9, 30))  # six whole months, kept
    assert result[3] == (date(2027, 10, 1), date(2027, 12, 31))


def test_the_latest_prerequisite_binds() -> None:
    early = item(1, status="done", start=date(2025, 1, 1), end=date(2025, 12, 31))
    late = item(2, status="running", start=date(2026, 1, 1), end=date(2028, 6, 30))
    measure = item(
        3, priority="low", start=date(2027, 1, 1), end=date(2027, 12, 31), prerequisites=(1, 2)
    )
    result = schedule.propose([early, late, measure], TODAY)
    assert (result[3].start, result[3].end) == (date(2028, 7, 1), date(2029, 6, 30))
    assert result[3].binding_prerequisite == 2


def test_a_start_beyond_the_priority_horizon_is_pulled_forward() -> None:
    # High priority, planned for 2029: it should start within six months.
    result = schedule.propose(
        [item(1, priority="high", start=date(2029, 1, 1), end=date(2029, 12, 31))], TODAY
    )
    assert (result[1].start, result[1].end) == (date(2027, 5, 27), date(2028, 5, 26))
    assert result[1].reasons == (schedule.REASON_HORIZON,)
    # Low priority, planned within four years: left alone.
    low = item(2, priority="low", start=date(2029, 1, 1), end=date(2029, 12, 31))
    assert not schedule.propose([low], TODAY)[2].changes(low)


def test_a_start_in_the_past_of_a_measure_not_started_moves_to_today() -> None:
    result = schedule.propose(
        [item(1, status="idea", priority="medium", start=date(2025, 3, 1), end=date(2025, 8, 31))],
        TODAY,
    )
    assert (result[1].start, result[1].end) == (TODAY, date(2027, 5, 26))
    assert result[1].reasons == (schedule.REASON_PAST,)


def test_running_done_and_deferred_measures_keep_their_dates_even_in_conflict() -> None:
    first = item(
        1, status="planned", priority="high", start=date(2027, 1, 1), end=date(2027, 6, 30)
    )
    for status in ["running", "done", "deferred"]:
        other = item(2, status=status, priority="high", start=date(2026, 1, 1), end=date(2026, 12, 31), prerequisites=(1,))  # fmt: skip
        assert not schedule.propose([first, other], TODAY)[2].changes(other)


def test_a_valid_plan_is_left_unchanged() -> None:
    items = [
        item(1, status="running", start=date(2025, 1, 1), end=date(2026, 12, 31)),
        item(2, priority="medium", start=date(2027, 1, 1), end=date(2027, 12, 31), prerequisites=(1,)),
    ]  # fmt: skip
    assert schedule.changed(items, schedule.propose(items, TODAY)) == []


def test_it_is_defensive_about_cycles_and_unknown_prerequisites() -> None:
    a = item(1, priority="high", start=date(2027, 1, 1), end=date(2027, 3, 31), prerequisites=(2,))
    b = item(
        2, priority="high", start=date(2027, 2, 1), end=date(2027, 4, 30), prerequisites=(1, 99)
    )
    order = schedule.topological_order([a, b])
    assert order.cyclic == [1, 2]
    result = schedule.propose([a, b], TODAY)
    assert set(result) == {1, 2}  # no endless loop, no error
    assert result[1].start == date(2027, 5, 1)  # after b's current end


def test_dependency_conflicts_name_the_measure_and_its_prerequisite() -> None:
    items = [
        item(1, start=date(2025, 4, 1), end=date(2027, 12, 31)),
        item(2, start=date(2027, 1, 1), end=date(2027, 9, 30), prerequisites=(1,)),
        item(3, start=date(2028, 1, 1), end=date(2028, 3, 31), prerequisites=(1,)),
        item(4, start=date(2027, 12, 31), duration_months=2, prerequisites=(1,)),  # same day
        item(5, prerequisites=(1,)),  # no start: nothing to check
    ]
    conflicts = schedule.dependency_conflicts(items)
    assert [(c.measure, c.prerequisite) for c in conflicts] == [(2, 1), (4, 1)]
    assert conflicts[0].prerequisite_end == date(2027, 12, 31)


def test_milestone_conflicts_find_milestones_outside_their_measures_period() -> None:
    items = [item(1, start=date(2026, 1, 1), end=date(2026, 12, 31)), item(2)]
    milestones = [
        (10, 1, date(2026, 6, 1)),
        (11, 1, date(2027, 1, 1)),
        (12, 1, date(2025, 12, 31)),
        (13, None, date(2040, 1, 1)),  # of the strategy: never a conflict
        (14, 2, date(2026, 1, 1)),  # measure without dates: cannot be checked
    ]
    assert [c.milestone for c in schedule.milestone_conflicts(milestones, items)] == [11, 12]
