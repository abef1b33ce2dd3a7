# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Properties of the comparison helpers and of the convergence flow that uses them.

Every field comparison a state module uses is symmetric and reflexive, never fails on values of the
shapes Atlassian's spec allows, and agrees that two spellings of the same thing (another UTC offset,
another order where order means nothing, another case of a unit, an empty string for an absent
text) are the same; ``converge`` never reports a change, writes or diffs anything for an object
that already is what the user asked for.
"""

from __future__ import annotations

import copy
import datetime
import operator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible_collections.jsm.ops.plugins.module_utils.families import heartbeats, maintenances, overrides, rotations, schedules
from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.core.compare import EARLIEST_YEAR, LATEST_YEAR, api_datetime, changed_fields, make_diff, same_instant
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, blank_equals_absent, converge, same_items, same_text_folded
from ansible_collections.jsm.ops.tests.unit.plugins.figures import write_figures

# deadline and the too_slow check off: the machines that run this are shared and their timing varies.
PROPERTY = settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

FIGURES = {"pairs": 0, "objects": 0}


class NoCalls:
    """A client for building resources: any API call fails the test (an unchanged object needs none)."""

    path = staticmethod(JsmOpsClient.path)

    class config:  # pylint: disable=invalid-name,too-few-public-methods
        retries = 2

    def __getattr__(self, name):
        def call(*args, **_kwargs):
            raise AssertionError("unexpected API call %s%r" % (name, args))
        return call


RESOURCES = {
    "schedule": Collection(schedules.SCHEDULES, NoCalls()),
    "rotation": Collection(rotations.ROTATIONS, NoCalls(), "schedule-1"),
    "override": Collection(overrides.OVERRIDES, NoCalls(), "schedule-1"),
    "heartbeat": Collection(heartbeats.HEARTBEATS, NoCalls(), "team-1"),
    "maintenance": Collection(maintenances.MAINTENANCES, NoCalls(), "team-1"),
}

# -- values of the shapes the spec allows -------------------------------------------------------

IDS = st.one_of(st.uuids().map(str), st.text(min_size=1, max_size=8))
NAMES = st.text(max_size=10)
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.floats(allow_nan=False), st.text(max_size=6))
JSON = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=3), inner, max_size=2)), max_leaves=4)
OFFSETS = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes)))
# Within the dates the collection takes (compare.EARLIEST_YEAR to LATEST_YEAR), a day clear of each end for any offset.
INSTANTS = st.datetimes(min_value=datetime.datetime(EARLIEST_YEAR, 1, 2), max_value=datetime.datetime(LATEST_YEAR, 12, 30),
                        timezones=st.just(datetime.timezone.utc))


def optional(**fields):
    """A dict strategy with each field present or absent: the spec leaves most fields optional."""
    return st.fixed_dictionaries({}, optional=fields)


def render(moment: datetime.datetime, offset: datetime.timezone, style: str) -> str:
    """The same instant written as the API or a user may write it: ``T`` or a space, ``+01:00``, ``+0100`` or ``Z``."""
    local = moment.astimezone(offset)
    text = local.isoformat(sep=" " if style == "space" else "T")
    if style == "compact-offset":
        text = text[:-3] + text[-2:]
    elif style == "z" and not local.utcoffset():
        text = text[:-len("+00:00")] + "Z"
    return text


@st.composite
def instants(draw):
    """An API date-time (UTC, seconds) and another spelling of the same instant."""
    moment = draw(INSTANTS).replace(microsecond=0)
    api = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    other = render(moment, draw(OFFSETS), draw(st.sampled_from(["t", "space", "compact-offset", "z"])))
    return api, other


RESPONDER_TYPES = st.sampled_from(["user", "team", "escalation", "noone"])
RESPONDERS = st.builds(lambda base, extra: dict(base, **extra),
                       st.fixed_dictionaries({"type": RESPONDER_TYPES}, optional={"id": st.one_of(st.none(), IDS)}),
                       optional(name=NAMES, username=NAMES))
WEEKDAYS = st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
TIMES = {"startHour": st.integers(0, 23), "endHour": st.integers(0, 23), "startMin": st.integers(0, 59), "endMin": st.integers(0, 59)}
RESTRICTIONS = st.one_of(
    st.none(),
    st.just({}),
    st.fixed_dictionaries({"type": st.just("time-of-day"), "restriction": optional(**TIMES)}),
    st.fixed_dictionaries({"type": st.just("weekday-and-time-of-day"),
                           "restrictions": st.lists(optional(startDay=WEEKDAYS, endDay=WEEKDAYS, **TIMES), max_size=3)}),
)
RULES = st.lists(
    st.fixed_dictionaries({"entity": optional(id=IDS, type=st.sampled_from(["sync", "integration", "policy"])),
                           "state": st.sampled_from(["enabled", "disabled"])}),
    max_size=4,
)
ROTATION_IDS = st.one_of(st.none(), st.lists(IDS, max_size=4))
TAGS = st.one_of(st.none(), st.lists(st.text(max_size=6), max_size=4))
BLANK_TEXT = st.one_of(st.none(), st.text(max_size=8))
UNITS = st.sampled_from(["minutes", "hours", "days", "Minutes", "Hours", "Days"])


def as_user_would_write(draw, equal, value):
    """Another spelling of an API field value that means the same to the field's comparison (``equal``)."""
    if equal is same_instant:
        moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
        return render(moment, draw(OFFSETS), draw(st.sampled_from(["t", "space", "compact-offset", "z"])))
    if equal in (maintenances.same_rules, same_items):
        return draw(st.permutations(value)) if value else draw(st.sampled_from([None, []]))
    if equal is same_text_folded:
        return draw(st.sampled_from([value.lower(), value.capitalize(), value.upper()]))
    if equal is blank_equals_absent and not value:
        return draw(st.sampled_from([None, ""]))
    if equal is rotations.same_participants:  # order is the rotation order; fields the API adds are not compared
        return [{"type": item["type"], "id": item.get("id")} for item in value]
    if equal is overrides.same_responder:
        return {"type": value["type"], "id": value.get("id")}
    return copy.deepcopy(value)


@st.composite
def api_dates(draw):
    return draw(instants())[0]


OBJECTS = {
    "schedule": st.fixed_dictionaries({"id": IDS, "name": NAMES}, optional={
        "description": BLANK_TEXT, "timezone": st.sampled_from(["Europe/Paris", "America/New_York"]), "enabled": st.booleans(), "teamId": BLANK_TEXT}),
    "rotation": st.fixed_dictionaries({"id": IDS, "name": NAMES, "startDate": api_dates()}, optional={
        "endDate": api_dates(), "type": st.sampled_from(["daily", "weekly", "hourly"]), "length": st.integers(1, 9),
        "participants": st.lists(RESPONDERS, max_size=4), "timeRestriction": RESTRICTIONS}),
    "override": st.fixed_dictionaries({"alias": IDS, "responder": RESPONDERS, "startDate": api_dates(), "endDate": api_dates()},
                                      optional={"rotationIds": ROTATION_IDS}),
    "heartbeat": st.fixed_dictionaries({"name": NAMES, "interval": st.integers(1, 60), "intervalUnit": UNITS}, optional={
        "description": BLANK_TEXT, "enabled": st.booleans(), "alertMessage": BLANK_TEXT, "alertTags": TAGS,
        "alertPriority": st.sampled_from(["P1", "P3", "P5"])}),
    "maintenance": st.fixed_dictionaries({"id": IDS, "rules": RULES, "startDate": api_dates(), "endDate": api_dates()}, optional={
        "description": BLANK_TEXT, "status": st.sampled_from(["planned", "active"])}),
}

# What each comparison function can be handed: the field's values, and None for an absent field.
FIELD_VALUES = {
    same_instant: st.one_of(st.none(), api_dates(), instants().map(lambda pair: pair[1]), st.text(max_size=25)),
    rotations.same_participants: st.one_of(st.none(), st.lists(RESPONDERS, max_size=3)),
    rotations.same_restriction: RESTRICTIONS,
    overrides.same_responder: st.one_of(st.none(), RESPONDERS),
    same_items: st.one_of(ROTATION_IDS, TAGS),
    maintenances.same_rules: st.one_of(st.none(), RULES),
    same_text_folded: st.one_of(st.none(), UNITS),
    blank_equals_absent: BLANK_TEXT,
}
# Each comparison function once, named after the first resource field that uses it.
COMPARISONS = {}
for _name, _resource in sorted(RESOURCES.items()):
    for _field, _function in sorted(_resource.family.equal.items()):
        COMPARISONS.setdefault(_function, "%s.%s" % (_name, _field))


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    write_figures("properties-compare.txt", "compare: %(pairs)d value pairs symmetric, %(objects)d unchanged objects gave no change, call or diff" % FIGURES)


def test_every_comparison_a_resource_uses_is_covered():
    assert len(COMPARISONS) >= 8 and set(COMPARISONS) <= set(FIELD_VALUES)


@pytest.mark.parametrize("function", list(COMPARISONS), ids=list(COMPARISONS.values()))
@PROPERTY
@given(data=st.data())
def test_field_comparisons_are_symmetric_and_reflexive(function, data):
    values = FIELD_VALUES[function]
    left = data.draw(values, label="left")
    right = data.draw(st.one_of(values, st.builds(lambda: copy.deepcopy(left))), label="right")
    assert function(left, right) == function(right, left)
    assert function(left, left) and function(left, copy.deepcopy(left))
    FIGURES["pairs"] += 1


@PROPERTY
@given(pair=instants())
def test_the_same_instant_in_any_offset_is_the_same(pair):
    api, user = pair
    assert same_instant(api, user) and same_instant(user, api)
    assert api_datetime(user, "start_date") == api


@pytest.mark.parametrize("name", sorted(OBJECTS))
@PROPERTY
@given(data=st.data())
def test_an_object_that_already_is_what_the_user_asked_for_is_unchanged(name, data):
    current = data.draw(OBJECTS[name], label="current")
    fields = data.draw(st.lists(st.sampled_from(sorted(current)), unique=True), label="fields")
    equal = RESOURCES[name].family.equal
    desired = {field: as_user_would_write(data.draw, equal.get(field), current[field]) for field in fields}
    for field, value in desired.items():  # the other way round too
        assert equal.get(field, operator.eq)(value, current[field]), field
    for check_mode in (False, True):
        before = copy.deepcopy(current)
        assert converge(RESOURCES[name], current, desired, "present", check_mode) == (False, before, {"before": {}, "after": {}})
        assert current == before
    FIGURES["objects"] += 1


@PROPERTY
@given(current=st.dictionaries(st.text(max_size=5), JSON, max_size=5), desired=st.dictionaries(st.text(max_size=5), JSON, max_size=5))
def test_changed_fields_is_exactly_the_desired_fields_that_differ(current, desired):
    changes = changed_fields(current, desired)
    assert changes == {key: value for key, value in desired.items() if current.get(key) != value}
    assert changed_fields(current, current) == {} and changed_fields(desired, desired) == {}
    assert changed_fields(dict(current, **desired), desired) == {}
    # Same keys on both sides: one side differs from the other exactly when the other differs from it.
    common = {key: current[key] for key in current if key in desired}
    assert set(changed_fields(common, {key: desired[key] for key in common})) == set(changed_fields({key: desired[key] for key in common}, common))
    diff = make_diff(current, current, keys=sorted(current))
    assert diff["before"] == diff["after"] == current


@PROPERTY
@given(rules=RULES, order=st.randoms(use_true_random=False))
@example(rules=[{"entity": {"type": "policy"}, "state": "enabled"}, {"entity": {"id": "p-1", "type": "policy"}, "state": "enabled"}], order=None)
def test_maintenance_rules_compare_as_a_set_whatever_fields_they_carry(rules, order):
    other = list(rules)
    if order is not None:
        order.shuffle(other)
    assert maintenances.same_rules(rules, other) and maintenances.same_rules(other, rules)
    assert maintenances.same_rules(rules, rules + rules[:1]) == (not rules)
