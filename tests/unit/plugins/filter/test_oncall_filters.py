# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The jsm.ops.oncall_segments and jsm.ops.local_time filters, on timelines written by hand."""

from __future__ import annotations

import datetime

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.jsm.ops.plugins.filter.local_time import FilterModule as LocalTimeFilters
from ansible_collections.jsm.ops.plugins.filter.oncall_segments import FilterModule as SegmentFilters

local_time = LocalTimeFilters().filters()["local_time"]
oncall_segments = SegmentFilters().filters()["oncall_segments"]

DANA = {"type": "user", "id": "u-dana"}
NOEL = {"type": "user", "id": "u-noel"}
TEAM = {"type": "team", "id": "t-pay"}
NAMES = {"u-dana": {"type": "user", "name": "Dana"}, "u-noel": {"type": "user", "name": "Noël <&> \"Z\""},
         "t-pay": {"type": "team", "name": "Payments"}}


def period(start, end, responder, kind="base"):
    return {"startDate": start, "endDate": end, "type": kind, "responder": responder}


def result(*rotations, names=None):
    timeline = {"startDate": "2028-10-22T22:00:00Z", "endDate": "2028-10-29T23:00:00Z",
                "finalTimeline": {"rotations": [{"id": "r%d" % number, "name": name, "order": number, "deleted": False, "periods": periods}
                                                for number, (name, periods) in enumerate(rotations, 1)]}}
    return {"timeline": timeline, "responders": NAMES if names is None else names, "schedule_id": "s"}


def test_local_time_writes_the_instant_in_the_zone():
    assert local_time("2028-10-25T06:00:00Z", "Europe/Berlin") == "2028-10-25 08:00 CEST"
    assert local_time("2028-10-30T06:00:00Z", "Europe/Berlin", "%H:%M %z") == "07:00 +0100"
    assert local_time("2028-10-25T06:00:00.263Z", "Asia/Tokyo", "%a %H:%M") == "Wed 15:00"
    assert local_time("2028-10-25T08:00:00+02:00") == "2028-10-25 06:00 UTC"
    aware = datetime.datetime(2028, 1, 1, 12, tzinfo=datetime.timezone.utc)
    assert local_time(aware, "America/New_York", "%H:%M") == "07:00"


@pytest.mark.parametrize("value, zone, message", [
    ("2028-10-25T06:00:00Z", "Mars/Olympus", "not a known IANA time zone"),
    ("2028-10-25T06:00:00Z", "", "must be an IANA time zone name"),
    ("2028-10-25T06:00:00", "UTC", "with a UTC offset"),
    (datetime.datetime(2028, 1, 1), "UTC", "must carry a UTC offset"),
])
def test_local_time_refuses_what_it_cannot_read(value, zone, message):
    with pytest.raises(AnsibleFilterError, match=message):
        local_time(value, zone)


def test_segments_cut_the_window_and_write_local_times():
    data = result(("Weekly", [period("2028-10-22T22:00:00Z", "2028-10-23T08:00:00Z", NOEL),
                              period("2028-10-23T08:00:00Z", "2028-10-29T23:00:00Z", DANA)]))
    view = oncall_segments(data, "2028-10-23T06:00:00Z", days=2, timezone="Europe/Berlin")
    assert view["start"] == "2028-10-23T06:00:00Z" and view["end"] == "2028-10-25T06:00:00Z"
    assert view["start_local"] == "Mon 23 Oct 08:00"
    assert [(s["start"], s["end"], s["names"], s["nobody"]) for s in view["segments"]] == [
        ("2028-10-23T06:00:00Z", "2028-10-23T08:00:00Z", ['Noël <&> "Z"'], False),
        ("2028-10-23T08:00:00Z", "2028-10-25T06:00:00Z", ["Dana"], False),
    ]
    first, second = view["segments"]
    assert first["start_local"] == "Mon 23 Oct 08:00" and first["end_local"] == "Mon 23 Oct 10:00"
    assert (first["offset"], first["width"], first["hours"]) == (0.0, 4.1667, 2.0)
    assert (second["offset"], second["width"], second["hours"]) == (4.1667, 95.8333, 46.0)
    assert second["rotations"] == ["Weekly"]
    assert view["names"] == ['Noël <&> "Z"', "Dana"] and view["nobody_hours"] == 0
    # Local midnights inside the window: Tuesday and Wednesday 00:00 in Berlin.
    assert [(day["at"], day["label"]) for day in view["days"]] == [("2028-10-23T22:00:00Z", "Tue 24 Oct"), ("2028-10-24T22:00:00Z", "Wed 25 Oct")]
    assert (view["days"][0]["offset"], view["days"][1]["offset"]) == (33.3333, 83.3333)


def test_gaps_and_noone_periods_are_nobody_and_rotations_merge():
    data = result(
        ("Days", [period("2028-10-23T09:00:00Z", "2028-10-23T17:00:00Z", DANA), period("2028-10-23T17:00:00Z", "2028-10-24T09:00:00Z",
                                                                                       {"type": "noone"})]),
        ("Payments", [period("2028-10-23T12:00:00Z", "2028-10-23T20:00:00Z", TEAM)]),
    )
    view = oncall_segments(data, "2028-10-23T06:00:00Z", end="2028-10-24T06:00:00Z")
    assert [(s["start"][11:16], s["end"][11:16], s["names"]) for s in view["segments"]] == [
        ("06:00", "09:00", []),
        ("09:00", "12:00", ["Dana"]),
        ("12:00", "17:00", ["Dana", "Payments (team)"]),
        ("17:00", "20:00", ["Payments (team)"]),
        ("20:00", "06:00", []),
    ]
    assert [s["nobody"] for s in view["segments"]] == [True, False, False, False, True]
    assert view["segments"][2]["rotations"] == ["Days", "Payments"]
    assert view["nobody_hours"] == 13.0
    assert sum(s["width"] for s in view["segments"]) == pytest.approx(100, abs=0.001)


def test_touching_periods_of_the_same_people_are_joined_and_unnamed_responders_show_their_id():
    data = result(("Weekly", [period("2028-10-23T06:00:00Z", "2028-10-23T08:00:00Z", DANA),
                              period("2028-10-23T08:00:00Z", "2028-10-23T10:00:00Z", DANA, "override"),
                              period("2028-10-23T10:00:00Z", "2028-10-23T12:00:00Z", {"type": "escalation", "id": "e1"})]), names={})
    view = oncall_segments(data["timeline"], "2028-10-23T06:00:00Z", days=0.25)
    assert [(s["start"][11:16], s["end"][11:16], s["names"]) for s in view["segments"]] == [
        ("06:00", "10:00", ["u-dana"]),
        ("10:00", "12:00", ["escalation e1"]),
    ]


def test_an_empty_timeline_is_one_nobody_segment():
    view = oncall_segments({"timeline": {}, "schedule_id": None}, "2028-10-23T06:00:00+02:00", days=1, timezone="UTC")
    assert [(s["start"], s["end"], s["nobody"], s["width"]) for s in view["segments"]] == [("2028-10-23T04:00:00Z", "2028-10-24T04:00:00Z", True, 100.0)]


@pytest.mark.parametrize("kwargs, message", [
    ({"days": 1, "timezone": "Nowhere/Land"}, "not a known IANA time zone"),
    ({}, "either days or end"),
    ({"days": 1, "end": "2028-10-24T06:00:00Z"}, "either days or end"),
    ({"days": "many"}, "days must be a number"),
    ({"end": "2028-10-22T06:00:00Z"}, "must be after its start"),
])
def test_segments_refuse_bad_settings(kwargs, message):
    with pytest.raises(AnsibleFilterError, match=message):
        oncall_segments(result(), "2028-10-23T06:00:00Z", **kwargs)


def test_segments_need_a_timeline_result():
    with pytest.raises(AnsibleFilterError, match="expects the result"):
        oncall_segments(["not", "a", "dict"], "2028-10-23T06:00:00Z", days=1)
