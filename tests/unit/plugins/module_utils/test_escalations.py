# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The escalations family on plain data: options to API fields, the checks, and how rules and repeats compare."""

from __future__ import annotations

import types

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Context
from ansible_collections.jsm.ops.plugins.module_utils.families import escalations
from ansible_collections.jsm.ops.plugins.module_utils.families.escalations import ESCALATIONS, merge_repeat, same_repeat, same_rules


class FakeResolver:
    def user_id(self, value, option="user"):
        return {"dana@example.com": "712020:dana"}.get(value, value)

    def team_id(self, value, option="team"):
        if value == "Nope":
            raise ConfigurationError("%s %r is neither the id nor the name of a team the account can see." % (option, value))
        return {"Platform": "team-platform"}.get(value, value)


@pytest.fixture
def ctx(monkeypatch):
    schedules = {"Platform Primary": {"id": "s-1", "name": "Platform Primary"}}
    monkeypatch.setattr(escalations, "find_schedule", lambda client, value, option="schedule": schedules.get(value))

    def make(**params):
        return Context(types.SimpleNamespace(), resolver=FakeResolver(), params=params)

    return make


def rule(delay=5, kind="schedule", **recipient):
    recipient = dict({"id": None, "name": None, "email": None}, **recipient, type=kind)
    return {"condition": "if-not-acked", "notify_type": "default", "delay": delay, "recipient": recipient}


def params(**values):
    base = {"name": "Platform escalation", "description": None, "enabled": None, "rules": None, "repeat": None}
    base.update(values)
    return base


def test_options_become_the_api_fields_in_order(ctx):
    wish = params(rules=[rule(name="Platform Primary"), rule(15, "user", email="dana@example.com"), rule(30, "team", name="Platform")],
                  repeat={"wait_interval": 10, "count": 2, "reset_recipient_states": None, "close_alert_after_all": None})
    assert ESCALATIONS.desired(wish, ctx(**wish)) == {
        "name": "Platform escalation",
        "rules": [
            {"condition": "if-not-acked", "notifyType": "default", "delay": 5, "recipient": {"type": "schedule", "id": "s-1"}},
            {"condition": "if-not-acked", "notifyType": "default", "delay": 15, "recipient": {"type": "user", "id": "712020:dana"}},
            {"condition": "if-not-acked", "notifyType": "default", "delay": 30, "recipient": {"type": "team", "id": "team-platform"}},
        ],
        "repeat": {"waitInterval": 10, "count": 2},
    }


@pytest.mark.parametrize("wish, message", [
    (params(rules=[rule(0, name="Platform Primary")]), r"^rules\[0\]\.delay must be 1 or more minutes; got 0\.$"),
    (params(rules=[]), r"^rules must list at least one rule: an escalation notifies someone\.$"),
    (params(repeat={"wait_interval": None, "count": 21, "reset_recipient_states": None, "close_alert_after_all": None}),
     r"^repeat\.count must be from 1 to 20; got 21\.$"),
    (params(repeat={"wait_interval": -1, "count": None, "reset_recipient_states": None, "close_alert_after_all": None}),
     r"^repeat\.wait_interval must be 0 \(no repeat\) or more minutes; got -1\.$"),
    (params(name=" "), r"^name must not be empty\.$"),
    (params(name="x" * 101), r"^name must be at most 100 characters; got 101\.$"),
    (params(description="x" * 201), r"^description must be at most 200 characters; got 201\.$"),
])
def test_numbers_and_lengths_are_refused_before_any_request(ctx, wish, message):
    with pytest.raises(ConfigurationError, match=message):
        ESCALATIONS.checked(wish, ctx(**wish))


@pytest.mark.parametrize("recipient, message", [
    (rule(kind="schedule", name="No Such Schedule"), r"^rules\[0\]\.recipient: 'No Such Schedule' is not a schedule the account can see\.$"),
    (rule(kind="team", name="Nope"), r"^rules\[0\]\.recipient 'Nope' is neither the id nor the name of a team the account can see\.$"),
    (rule(kind="user", name="Dana"), r"^rules\[0\]\.recipient: a user recipient takes id \(the account id\) or email; got name\.$"),
    (rule(kind="schedule", id="s-1", name="Platform Primary"), r"^rules\[0\]\.recipient: a schedule recipient takes id or name; got id, name\.$"),
])
def test_recipients_by_name_are_looked_up_and_bad_ones_named(ctx, recipient, message):
    wish = params(rules=[recipient])
    with pytest.raises(ConfigurationError, match=message):
        ESCALATIONS.desired(wish, ctx(**wish))


def test_rules_compare_in_order_and_only_on_what_the_user_sets():
    first = {"condition": "if-not-acked", "notifyType": "default", "delay": 5, "recipient": {"type": "schedule", "id": "s-1", "name": "Primary"}}
    second = {"condition": "if-not-closed", "notifyType": "all", "delay": 30, "recipient": {"type": "team", "id": "t-1"}}
    wanted = [dict(first, recipient={"type": "schedule", "id": "s-1"}), second]
    assert same_rules([first, second], wanted) and same_rules(None, [])
    assert not same_rules([second, first], wanted)  # the order is the escalation's order
    assert not same_rules([first, dict(second, delay=31)], wanted)


def test_repeat_compares_only_the_settings_given_and_a_change_keeps_the_others():
    current = {"waitInterval": 10, "count": 2, "resetRecipientStates": True, "closeAlertAfterAll": False}
    assert same_repeat(current, {"count": 2}) and not same_repeat(current, {"count": 3}) and not same_repeat(None, {"count": 1})
    settled = merge_repeat({"repeat": {"count": 3}}, {"repeat": current}, None)
    assert settled["repeat"] == dict(current, count=3)
    assert merge_repeat({"repeat": {"count": 3}}, None, None) == {"repeat": {"count": 3}}
