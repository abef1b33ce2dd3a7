# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure compare helpers and the convergence flow every state module follows."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import (
    api_datetime,
    changed_fields,
    make_diff,
    parse_datetime,
    same_instant,
    scrub_none,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, ConflictError, ServerError, TransportError
from ansible_collections.jsm.ops.plugins.module_utils.core.state import Resource, converge


def test_scrub_none_keeps_false_and_empty():
    assert scrub_none({"a": None, "b": False, "c": "", "d": 0, "e": []}) == {"b": False, "c": "", "d": 0, "e": []}


def test_changed_fields_compares_only_what_is_desired():
    current = {"name": "Ops", "description": "x", "enabled": True, "extra": 1}
    assert changed_fields(current, {"name": "Ops", "enabled": False}) == {"enabled": False}
    assert changed_fields(current, {}) == {}
    assert changed_fields(current, {"missing": None}) == {}
    assert changed_fields(current, {"missing": ""}) == {"missing": ""}


def test_changed_fields_uses_custom_equality():
    assert changed_fields({"startDate": "2026-03-01T09:00:00Z"}, {"startDate": "2026-03-01T10:00:00+01:00"}, {"startDate": same_instant}) == {}


def test_make_diff():
    assert make_diff(None, {"a": 1}) == {"before": {}, "after": {"a": 1}}
    assert make_diff({"a": 1, "b": 2}, {"a": 3, "b": 2}, keys=["a"]) == {"before": {"a": 1}, "after": {"a": 3}}
    assert make_diff({"a": 1}, None) == {"before": {"a": 1}, "after": {}}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-01T09:00:00Z", "2026-03-01T09:00:00Z"),
        ("2026-03-01T10:00:00+01:00", "2026-03-01T09:00:00Z"),
        ("2026-03-01T04:00:00-0500", "2026-03-01T09:00:00Z"),
        ("2026-03-01 09:00Z", "2026-03-01T09:00:00Z"),
        ("2026-03-01T09:00:00.750Z", "2026-03-01T09:00:00Z"),
        ("2026-10-25T02:30:00+02:00", "2026-10-25T00:30:00Z"),
    ],
)
def test_api_datetime_normalises_to_utc(text, expected):
    assert api_datetime(text, "start_date") == expected


@pytest.mark.parametrize("text", ["2026-03-01", "2026-03-01T09:00:00", "tomorrow", "2026-13-01T09:00:00Z", "2026-02-30T09:00:00Z", ""])
def test_bad_datetimes_name_the_option(text):
    with pytest.raises(ConfigurationError) as info:
        parse_datetime(text, "end_date")
    assert str(info.value).startswith("end_date ")


def test_same_instant():
    assert same_instant("2026-03-01T09:00:00Z", "2026-03-01T10:00:00+01:00")
    assert not same_instant("2026-03-01T09:00:00Z", "2026-03-01T09:00:01Z")
    assert same_instant(None, None)
    assert not same_instant(None, "2026-03-01T09:00:00Z")


class Calls:
    def __init__(self):
        self.made = []

    def resource(self):
        return Resource(
            create=lambda desired: self.record("create", dict(desired, id="new")),
            update=lambda current, changes: self.record("update", dict(current, **changes)),
            delete=lambda current: self.record("delete", None),
            predict=lambda current, changes: dict(current or {}, **changes),
        )

    def record(self, what, result):
        self.made.append(what)
        return result


@pytest.mark.parametrize("check_mode", [False, True])
def test_converge_create(check_mode):
    calls = Calls()
    changed, after, diff = converge(calls.resource(), None, {"name": "a"}, "present", check_mode)
    assert changed is True
    assert after == ({"name": "a"} if check_mode else {"name": "a", "id": "new"})
    assert diff["before"] == {} and diff["after"]["name"] == "a"
    assert calls.made == ([] if check_mode else ["create"])


@pytest.mark.parametrize("check_mode", [False, True])
def test_converge_update_only_differences(check_mode):
    calls = Calls()
    current = {"id": "1", "name": "a", "x": 1}
    changed, after, diff = converge(calls.resource(), current, {"name": "a", "x": 2}, "present", check_mode)
    assert changed is True and after == {"id": "1", "name": "a", "x": 2}
    assert diff == {"before": {"x": 1}, "after": {"x": 2}}
    assert calls.made == ([] if check_mode else ["update"])


def test_converge_unchanged_makes_no_call():
    calls = Calls()
    current = {"id": "1", "name": "a"}
    assert converge(calls.resource(), current, {"name": "a"}, "present", False) == (False, current, {"before": {}, "after": {}})
    assert calls.made == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_converge_absent(check_mode):
    calls = Calls()
    changed, after, diff = converge(calls.resource(), {"id": "1"}, {}, "absent", check_mode)
    assert (changed, after, diff) == (True, None, {"before": {"id": "1"}, "after": {}})
    assert calls.made == ([] if check_mode else ["delete"])
    assert converge(calls.resource(), None, {}, "absent", check_mode)[0] is False


def lossy(outcomes, found_after):
    """A resource whose creates play ``outcomes`` (exceptions or objects) and whose lookup finds the object once
    ``found_after`` lookups have been made."""
    calls = {"create": 0, "find": 0, "pauses": []}

    def create(desired):
        outcome = outcomes[calls["create"]]
        calls["create"] += 1
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def find(desired):
        calls["find"] += 1
        return dict(desired, id="found") if calls["find"] >= found_after else None

    resource = Resource(create, None, None, None, find=find, retries=2, pause=calls["pauses"].append)
    return resource, calls


def test_lost_create_found_by_its_key():
    resource, calls = lossy([TransportError("lost")], found_after=1)
    assert resource.create_once({"name": "a"}) == {"name": "a", "id": "found"}
    assert calls["create"] == 1 and calls["pauses"] == [1]


def test_conflict_on_the_second_try_means_the_first_arrived():
    resource, calls = lossy([ServerError("504"), ConflictError("409 exists")], found_after=2)
    assert resource.create_once({"name": "a"})["id"] == "found"
    assert calls["create"] == 2 and calls["find"] == 2


def test_a_conflict_on_the_first_try_is_the_users_problem():
    resource, calls = lossy([ConflictError("409 exists")], found_after=1)
    with pytest.raises(ConflictError):
        resource.create_once({"name": "a"})
    assert calls["find"] == 0


def test_retries_are_bounded():
    resource, calls = lossy([TransportError("1"), TransportError("2"), TransportError("3"), {"id": "never"}], found_after=99)
    with pytest.raises(TransportError, match="3"):
        resource.create_once({"name": "a"})
    assert calls["create"] == 3 and calls["pauses"] == [1, 2, 3]
