# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order planner: worked examples in both styles, then properties over random lists.

Every plan, applied the way the API applies it, gives the desired order in the fewest moves
(one per listed id outside a longest run already in order), leaves the ids nobody listed in
their order, never shifts a fixed id, and leaves nothing to do when planned again.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.order import INDEX, SUCCESSOR, apply_moves, plan_moves
from ansible_collections.jsm.ops.tests.unit.plugins.figures import write_figures

# deadline and the too_slow check off: the machines that run this are shared and their timing varies.
PROPERTY = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

FIGURES = {"plans": 0, "moves": 0, "refused": 0}

STYLES = (INDEX, SUCCESSOR)
RULES = ["r1", "r2", "r3", "r4"]


def converge(current, desired, style, fixed=()):
    moves = plan_moves(current, desired, style, fixed)
    return moves, apply_moves(current, moves, style)


# -- worked examples ------------------------------------------------------------------------------

@pytest.mark.parametrize("style", STYLES)
def test_an_ordered_list_needs_no_move(style):
    assert plan_moves(RULES, RULES, style) == []
    assert plan_moves(RULES, ["r1", "r3"], style) == []
    assert plan_moves(RULES, ["r4"], style) == []  # one id alone has no relative order
    assert plan_moves(RULES, [], style) == []
    assert plan_moves([], [], style) == []


def test_moving_the_last_to_the_top_is_one_call():
    desired = ["r4", "r1", "r2", "r3"]
    assert converge(RULES, desired, INDEX) == ([{"id": "r4", "order": 0}], desired)
    assert converge(RULES, desired, SUCCESSOR) == ([{"id": "r4", "successorId": "r1"}], desired)


def test_moving_the_first_to_the_bottom_is_one_call():
    desired = ["r2", "r3", "r4", "r1"]
    assert converge(RULES, desired, INDEX) == ([{"id": "r1", "order": 3}], desired)
    assert converge(RULES, desired, SUCCESSOR) == ([{"id": "r1", "successorId": None}], desired)


def test_reversing_three_takes_two_moves():
    current = ["a", "b", "c"]
    assert converge(current, ["c", "b", "a"], INDEX) == ([{"id": "b", "order": 0}, {"id": "c", "order": 0}], ["c", "b", "a"])
    assert converge(current, ["c", "b", "a"], SUCCESSOR) == (
        [{"id": "b", "successorId": "a"}, {"id": "c", "successorId": "b"}], ["c", "b", "a"])


@pytest.mark.parametrize("style", STYLES)
def test_a_subset_moves_only_the_listed_ids_that_are_out_of_order(style):
    # r4 before r1: r1 stays, r4 goes right before it; r2 and r3 were not mentioned and stay.
    assert converge(RULES, ["r4", "r1"], style)[1] == ["r4", "r1", "r2", "r3"]
    # r1, r3 stay; r4 goes right before r3, the next listed id that stays.
    assert converge(RULES, ["r1", "r4", "r3"], style)[1] == ["r1", "r2", "r4", "r3"]
    # r2 and r3 stay; r1 comes after r3, right behind it.
    assert converge(RULES, ["r2", "r3", "r1"], style)[1] == ["r2", "r3", "r1", "r4"]
    assert len(plan_moves(RULES, ["r2", "r3", "r1"], style)) == 1


def test_index_moves_count_positions_of_the_list_after_the_move():
    # r1 to the end of four is order 3, the last index, not 4.
    assert apply_moves(RULES, [{"id": "r1", "order": 3}], INDEX) == ["r2", "r3", "r4", "r1"]
    assert apply_moves(RULES, [{"id": "r3", "order": 1}], INDEX) == ["r1", "r3", "r2", "r4"]
    assert apply_moves(RULES, [{"id": "r2", "successorId": "r4"}], SUCCESSOR) == ["r1", "r3", "r2", "r4"]


@pytest.mark.parametrize("style", STYLES)
def test_a_fixed_id_keeps_its_place(style):
    current = ["r1", "r2", "r3", "default"]
    for desired in (["r3", "r1", "r2", "default"], ["r3", "r1"], ["r2", "r1", "default"]):
        moves, result = converge(current, desired, style, fixed=["default"])
        assert result[3] == "default" and all(move["id"] != "default" for move in moves)
    # Moves on both sides of a fixed id in the middle never cross it.
    moves, result = converge(["a", "b", "fixed", "c", "d"], ["b", "a", "d", "c"], style, fixed=["fixed"])
    assert result == ["b", "a", "fixed", "d", "c"] and len(moves) == 2
    # m is listed after a and b, which stay: it follows them rather than jump the fixed id to reach z.
    assert converge(["m", "a", "b", "fixed", "z"], ["a", "b", "m", "z"], style, fixed=["fixed"])[1] == ["a", "b", "m", "fixed", "z"]


@pytest.mark.parametrize("desired, named", [
    (["r1", "default", "r2"], "'default' is fixed and must keep its place, but the desired order puts 'default' before 'r2'."),
    (["default", "r1"], "'default' is fixed and must keep its place, but the desired order puts 'default' before 'r1'."),
])
@pytest.mark.parametrize("style", STYLES)
def test_a_fixed_id_out_of_place_is_refused(style, desired, named):
    with pytest.raises(ConfigurationError) as caught:
        plan_moves(["r1", "r2", "default"], desired, style, fixed=["default"])
    assert str(caught.value) == named


def test_moving_across_a_fixed_id_is_refused():
    with pytest.raises(ConfigurationError, match="'fixed' is fixed .* puts 'c' before 'a'"):
        plan_moves(["a", "fixed", "c"], ["c", "a"], INDEX, fixed=["fixed"])


@pytest.mark.parametrize("style", STYLES)
def test_an_unknown_id_is_refused(style):
    with pytest.raises(ConfigurationError, match="Cannot order 'r9': it does not exist"):
        plan_moves(RULES, ["r1", "r9"], style)


@pytest.mark.parametrize("current, desired, message", [
    (RULES, ["r2", "r1", "r2"], "The desired order lists 'r2' more than once."),
    (["r1", "r1"], ["r1"], "The current list lists 'r1' more than once."),
])
def test_duplicates_are_refused(current, desired, message):
    with pytest.raises(ConfigurationError) as caught:
        plan_moves(current, desired, INDEX)
    assert str(caught.value) == message


def test_an_unknown_style_is_refused():
    with pytest.raises(ConfigurationError, match="Unknown order style 'after'"):
        plan_moves(RULES, RULES, "after")
    with pytest.raises(ConfigurationError, match="Unknown order style"):
        apply_moves(RULES, [], "after")


@pytest.mark.parametrize("moves, style, message", [
    ([{"id": "r9", "order": 0}], INDEX, "Cannot move 'r9': it is not in the list."),
    ([{"id": "r1", "order": 4}], INDEX, "Cannot move 'r1' to position 4 of 4."),
    ([{"id": "r1", "order": -1}], INDEX, "Cannot move 'r1' to position -1 of 4."),
    ([{"id": "r1", "successorId": "r9"}], SUCCESSOR, "Cannot move 'r1' before 'r9': it is not in the list."),
    ([{"id": "r1", "successorId": "r1"}], SUCCESSOR, "Cannot move 'r1' before 'r1': it is not in the list."),
])
def test_apply_moves_refuses_what_the_api_would(moves, style, message):
    with pytest.raises(ConfigurationError) as caught:
        apply_moves(RULES, moves, style)
    assert str(caught.value) == message


# -- properties -----------------------------------------------------------------------------------

def longest_in_order(desired, current):
    """Length of a longest subsequence of ``desired`` in ``current``'s order (quadratic, on purpose)."""
    position = [current.index(id_) for id_ in desired]
    best = []
    for index, here in enumerate(position):
        best.append(1 + max([best[before] for before in range(index) if position[before] < here], default=0))
    return max(best, default=0)


def crossed_fixed(current, desired, fixed):
    """The fixed ids that the desired order would move or move something across."""
    crossed = set()
    for anchor in fixed:
        # 0: before the fixed id, 1: the fixed id, 2: after it; a desired order must not go back.
        sides = [(current.index(id_) > current.index(anchor)) + (current.index(id_) >= current.index(anchor)) for id_ in desired]
        if sides != sorted(sides):
            crossed.add(anchor)
    return crossed


@st.composite
def cases(draw):
    """A current list, the ids the user lists in some order, and fixed ids (few, or none)."""
    current = draw(st.permutations(["id%d" % number for number in range(draw(st.integers(0, 12)))]))
    desired = draw(st.permutations(current))[:draw(st.integers(0, len(current)))]
    fixed = draw(st.sets(st.sampled_from(current), min_size=1, max_size=3)) if current and draw(st.integers(0, 2)) else set()
    if fixed and draw(st.integers(0, 3)):  # mostly a feasible order: listed ids sorted into their stretch
        def stretch(id_):
            index = current.index(id_)
            return (sum(current.index(anchor) <= index for anchor in fixed), id_ not in fixed)
        desired.sort(key=stretch)
    return current, desired, sorted(fixed)


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    write_figures("properties-order.txt",
                  "order: %(plans)d plans reached their order in the fewest moves (%(moves)d moves in all); %(refused)d refused for a fixed id" % FIGURES)


@PROPERTY
@given(case=cases())
@example(case=(["a", "b", "c"], ["c", "b", "a"], []))
@example(case=(["a", "b", "c", "d"], ["d", "a", "b", "c"], ["b"]))
@example(case=(["m", "a", "b", "fixed", "z"], ["a", "b", "m", "z"], ["fixed"]))
def test_every_plan_reaches_the_desired_order_in_the_fewest_moves(case):
    current, desired, fixed = case
    crossed = crossed_fixed(current, desired, fixed)
    if crossed:
        with pytest.raises(ConfigurationError) as caught:
            plan_moves(current, desired, INDEX, fixed)
        assert any(str(caught.value).startswith("%r is fixed" % (anchor,)) for anchor in crossed)
        FIGURES["refused"] += 1
        return
    results = []
    for style in STYLES:
        moves = plan_moves(current, desired, style, fixed)
        assert len(moves) == len(desired) - longest_in_order(desired, current)
        state = list(current)
        for move in moves:  # every move changes something and shifts no fixed id, at every step
            after = apply_moves(state, [move], style)
            assert after != state
            assert all(after.index(anchor) == current.index(anchor) for anchor in fixed)
            state = after
        assert [id_ for id_ in state if id_ in desired] == desired
        assert [id_ for id_ in state if id_ not in desired] == [id_ for id_ in current if id_ not in desired]
        assert plan_moves(state, desired, style, fixed) == []
        results.append(state)
        FIGURES["moves"] += len(moves)
    assert results[0] == results[1]  # both styles place every id alike
    FIGURES["plans"] += 1
