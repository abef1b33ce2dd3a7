# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure compare helpers (the converge that uses them is tested in test_kit.py)."""

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
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError


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
