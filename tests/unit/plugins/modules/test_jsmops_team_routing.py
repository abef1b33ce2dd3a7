# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_team, jsmops_routing_rule and jsmops_team_role (and their _info modules) against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import (
    jsmops_escalation,
    jsmops_routing_rule,
    jsmops_routing_rule_info,
    jsmops_team,
    jsmops_team_info,
    jsmops_team_role,
    jsmops_team_role_info,
)
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SEED, TEAMS

SUPPORT = next(team["teamId"] for team in SEED["teamsWithoutOperations"] if team["teamName"] == "Support")


@pytest.fixture
def call(run_module, connection):
    def run(module, who="ada", check_mode=False, diff=False, **args):
        return run_module(module, connection(who, **args), check_mode=check_mode, diff=diff)

    return run


def writes(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.log if entry["method"] != "GET"]


def rules_of(emulator, team_id):
    return emulator.state.dump()["routingRules"].get(team_id, [])


# -- teams -----------------------------------------------------------------------------------------------


def test_team_operations_are_turned_on_once(call, emulator):
    predicted = call(jsmops_team, check_mode=True, diff=True, team=SUPPORT)
    assert predicted["changed"] is True
    assert predicted["diff"] == {"before": {"operations": False}, "after": {"operations": True}}
    assert writes(emulator) == []

    first = call(jsmops_team, team=SUPPORT, admins=[ACCOUNTS["dana"]["email"]])
    assert first["changed"] is True, first
    assert first["team"] == {"teamId": SUPPORT, "teamName": "Support"}
    assert first["request_id"]
    assert SUPPORT not in emulator.state.dump()["teamsWithoutOperations"]

    again = call(jsmops_team, team="support")  # by name, now that its operations are on
    assert again["changed"] is False
    assert again["team_id"] == SUPPORT
    listed = call(jsmops_team_info, team="Support")
    assert listed["teams"] == [{"teamId": SUPPORT, "teamName": "Support"}]


def test_team_default_resources_are_deleted_on_the_enabling_run(call, emulator):
    result = call(jsmops_team, team=SUPPORT, delete_default_resources=True)
    assert result["changed"] is True, result
    removed = result["default_resources"]
    assert removed["escalation"]["name"] == "Support_escalation"
    assert [schedule["name"] for schedule in removed["schedules"]] == ["Support_schedule"]
    state = emulator.state.dump()
    assert not [item for item in state["escalations"] if item["teamId"] == SUPPORT]
    assert not [item for item in state["schedules"] if item["name"] == "Support_schedule"]
    default = [rule for rule in rules_of(emulator, SUPPORT) if rule.get("isDefault")]
    assert len(default) == 1 and default[0]["notify"] == {"type": "none"}


def test_team_whose_operations_are_off_cannot_be_named(call, emulator):
    result = call(jsmops_team, team="Support")
    assert result.get("failed") is True
    assert "give the team's id" in result["msg"]
    assert writes(emulator) == []


def test_team_defaults_need_waiting(call, emulator):
    result = call(jsmops_team, team=SUPPORT, delete_default_resources=True, wait=False)
    assert result.get("failed") is True
    assert result["msg"].startswith("delete_default_resources needs wait: true")
    assert emulator.log == []


# -- routing rules -------------------------------------------------------------------------------------


@pytest.fixture
def escalation(call, emulator):
    result = call(jsmops_escalation, team="Platform", name="Platform escalation",
                  rules=[{"delay": 1, "recipient": {"type": "schedule", "name": "Platform Primary"}}])
    assert result["changed"] is True, result
    emulator.clear_log()
    return result["escalation"]


def rule(name, order=None, **more):
    args = dict(team="Platform", name=name, notify={"type": "escalation", "name": "Platform escalation"}, **more)
    if order is not None:
        args["order"] = order
    return args


def names_in_order(emulator, team="Platform"):
    return [item["name"] for item in rules_of(emulator, TEAMS[team])]


def test_routing_rules_in_order_then_the_last_moves_to_the_top(call, emulator, escalation):  # pylint: disable=unused-argument
    for position, name in enumerate(["First", "Second", "Third"]):
        assert call(jsmops_routing_rule, **rule(name, position))["changed"] is True
    assert names_in_order(emulator) == ["First", "Second", "Third", "Default routing rule"]
    assert [method for method, path in writes(emulator) if path.endswith("/change-order")] == []  # created in place

    emulator.clear_log()
    for position, name in enumerate(["First", "Second", "Third"]):
        assert call(jsmops_routing_rule, **rule(name, position))["changed"] is False
    assert writes(emulator) == []

    moved = [call(jsmops_routing_rule, diff=True, **rule(name, position)) for position, name in enumerate(["Third", "First", "Second"])]
    assert [result["changed"] for result in moved] == [True, False, False]
    assert moved[0]["diff"] == {"before": {"order": 2}, "after": {"order": 0}}
    assert [path.rsplit("/", 1)[-1] for method, path in writes(emulator)] == ["change-order"]
    assert names_in_order(emulator) == ["Third", "First", "Second", "Default routing rule"]
    listed = call(jsmops_routing_rule_info, team="Platform")["routing_rules"]
    assert [(item["name"], item["order"]) for item in listed] == [("Third", 0), ("First", 1), ("Second", 2), ("Default routing rule", 3)]


def test_routing_rule_conditions_compare_as_a_set(call, emulator, escalation):  # pylint: disable=unused-argument
    conditions = [{"field": "priority", "operation": "equals", "expected_value": "P1"},
                  {"field": "tags", "operation": "contains", "expected_value": "db"}]
    criteria = {"type": "match-any-condition", "conditions": conditions}
    assert call(jsmops_routing_rule, **rule("Database", criteria=criteria))["changed"] is True
    emulator.clear_log()
    same = call(jsmops_routing_rule, **rule("Database", criteria=dict(criteria, conditions=conditions[::-1])))
    assert same["changed"] is False
    assert writes(emulator) == []
    other = call(jsmops_routing_rule, diff=True, **rule("Database", criteria=dict(criteria, type="match-all-conditions")))
    assert other["changed"] is True
    assert list(other["diff"]["after"]) == ["criteria"]


def test_routing_rule_check_mode_and_delete(call, emulator, escalation):  # pylint: disable=unused-argument
    predicted = call(jsmops_routing_rule, check_mode=True, **rule("Nights", 0))
    assert predicted["changed"] is True and predicted["routing_rule"]["order"] == 0
    assert writes(emulator) == []
    call(jsmops_routing_rule, **rule("Nights"))
    assert call(jsmops_routing_rule, team="Platform", name="Nights", state="absent")["changed"] is True
    assert call(jsmops_routing_rule, team="Platform", name="Nights", state="absent")["changed"] is False
    assert names_in_order(emulator) == ["Default routing rule"]


@pytest.mark.parametrize("args, message", [
    (dict(notify={"type": "escalation", "name": "No such escalation"}), "notify.name 'No such escalation' is not an escalation of team 'Platform'"),
    (dict(notify={"type": "schedule", "name": "No such schedule"}), "notify.name 'No such schedule' is not a schedule the account can see"),
    (dict(order=5), "order 5 is not a position this routing rule can take among the 2 routing rules: use 0 to 0 (1 of them cannot move)."),
    (dict(order=101), "order must be from 0 (the first) to 100; got 101."),
    (dict(criteria={"type": "match-all-conditions"}), "criteria of type match-all-conditions needs at least one condition"),
    (dict(notify={"type": "none", "name": "x"}), "notify of type none notifies nobody and takes no id or name"),
    (dict(time_restriction={"type": "time-of-day", "restriction": {"start_hour": 9, "start_min": 75, "end_hour": 17, "end_min": 0}}),
     "time_restriction.restriction.start_min must be from 0 to 59; got 75."),
])
def test_routing_rule_bad_input_writes_nothing(call, emulator, escalation, args, message):  # pylint: disable=unused-argument
    emulator.clear_log()
    result = call(jsmops_routing_rule, **dict(rule("Nights"), **args))
    assert result.get("failed") is True
    assert message in result["msg"]
    assert "\n" not in result["msg"]
    assert writes(emulator) == []


def test_default_routing_rule_is_neither_deleted_nor_moved_nor_given_conditions(call, emulator, escalation):  # pylint: disable=unused-argument
    call(jsmops_routing_rule, **rule("First"))
    emulator.clear_log()
    default = dict(team="Platform", name="Default routing rule")
    criteria = {"type": "match-any-condition", "conditions": [{"field": "message", "operation": "contains", "expected_value": "x"}]}
    gone = call(jsmops_routing_rule, state="absent", **default)
    assert gone.get("failed") is True and "the API does not delete" in gone["msg"]
    narrowed = call(jsmops_routing_rule, criteria=criteria, **default)
    assert narrowed.get("failed") is True and "its criteria cannot change" in narrowed["msg"]
    moved = call(jsmops_routing_rule, order=0, **default)
    assert moved.get("failed") is True
    assert moved["msg"] == "order 0 is not a position this routing rule can take among the 2 routing rules: use 1 to 1 (1 of them cannot move)."
    assert writes(emulator) == []
    silenced = call(jsmops_routing_rule, notify={"type": "none"}, **default)
    assert silenced["changed"] is False  # the emulator's default rule notifies nobody
    rerouted = call(jsmops_routing_rule, notify={"type": "escalation", "name": "Platform escalation"}, **default)
    assert rerouted["changed"] is True and rerouted["routing_rule"]["isDefault"] is True


# -- team roles ----------------------------------------------------------------------------------------


def test_team_role_flow(call, emulator):
    args = dict(team="Platform", name="Routing editors", rights=["edit-routing-rules", "access-reports"])
    predicted = call(jsmops_team_role, check_mode=True, **args)
    assert predicted["changed"] is True
    assert writes(emulator) == []
    created = call(jsmops_team_role, **args)
    assert created["changed"] is True
    assert sorted(item["right"] for item in created["team_role"]["rights"] if item["granted"]) == ["access-reports", "edit-routing-rules"]
    assert call(jsmops_team_role, **dict(args, rights=args["rights"][::-1]))["changed"] is False  # rights are a set
    changed = call(jsmops_team_role, diff=True, **dict(args, rights=["access-reports"]))
    assert changed["changed"] is True and list(changed["diff"]["after"]) == ["rights"]
    listed = call(jsmops_team_role_info, team="Platform", name="Routing editors")["roles"]
    assert [item["right"] for item in listed[0]["rights"] if item["granted"]] == ["access-reports"]
    assert call(jsmops_team_role, team="Platform", name="Routing editors", state="absent")["changed"] is True
    assert call(jsmops_team_role, team="Platform", name="Routing editors", state="absent")["changed"] is False
    assert call(jsmops_team_role_info, team="Platform")["roles"] == []
