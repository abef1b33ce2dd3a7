# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_config_export and jsmops_config against the emulator: export, converge the export, one edit, prune, drift."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_config, jsmops_config_export


@pytest.fixture
def call(run_module, connection):
    def run(module, check_mode=False, diff=False, **args):
        return run_module(module, connection("ada", **args), check_mode=check_mode, diff=diff)

    return run


def writes(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.log if entry["method"] != "GET"]


def test_the_export_converges_without_a_write(call, emulator):
    exported = call(jsmops_config_export)
    assert exported.get("failed") is not True, exported
    assert exported["changed"] is False
    start = len(emulator.log)
    result = call(jsmops_config, teams=exported["teams"], globals=exported["globals"])
    assert result.get("failed") is not True, result
    assert result["actions"] == [], result["actions"]
    assert result["changed"] is False
    assert [entry for entry in emulator.log[start:] if entry["method"] != "GET"] == []


PLATFORM_ROUTING = {
    "team": "Platform",
    "escalations": [
        {"name": "Platform escalation", "rules": [
            {"delay": 1, "recipient": {"type": "schedule", "name": "Platform Primary"}},
            {"delay": 10, "notify_type": "all", "recipient": {"type": "user", "email": "dana.platform@example.com"}},
        ]},
    ],
    "routing_rules": [
        {"name": "Critical", "criteria": {"type": "match-any-condition", "conditions": [
            {"field": "priority", "operation": "equals", "expected_value": "P1"}]},
         "notify": {"type": "escalation", "name": "Platform escalation"}},
        {"name": "Databases", "criteria": {"type": "match-all-conditions", "conditions": [
            {"field": "tags", "operation": "contains", "expected_value": "db"}]},
         "notify": {"type": "schedule", "name": "Platform Secondary"}},
    ],
}


def platform(result):
    return next(document for document in result["teams"] if document["team"] == "Platform")


def test_a_declaration_is_created_in_order_then_exported_and_converged_again(call, emulator):
    predicted = call(jsmops_config, check_mode=True, diff=True, teams=[PLATFORM_ROUTING])
    assert predicted["changed"] is True, predicted
    assert writes(emulator) == []
    assert [(done["kind"], done["name"], done["action"]) for done in predicted["actions"]] == [
        ("escalations", "Platform escalation", "created"), ("routing_rules", "Databases", "created")]
    # Critical notifies the escalation the run would create: check mode cannot read it yet, and says so.
    assert len(predicted["unchecked"]) == 1 and predicted["unchecked"][0].startswith("routing rule 'Critical' (teams[0].routing_rules[0]): "), \
        predicted["unchecked"]

    created = call(jsmops_config, teams=[PLATFORM_ROUTING])
    assert created.get("failed") is not True, created
    assert created["summary"] == {"escalations": {"created": 1, "changed": 0, "deleted": 0, "unchanged": 0},
                                  "routing_rules": {"created": 2, "changed": 0, "deleted": 0, "unchanged": 0}}
    exported = platform(call(jsmops_config_export, teams=["Platform"], globals=False))
    assert [rule["name"] for rule in exported["routing_rules"]] == ["Critical", "Databases", "Default routing rule"]
    assert exported["escalations"][0]["rules"][1]["recipient"] == {"type": "user", "email": "dana.platform@example.com"}

    start = len(emulator.log)
    again = call(jsmops_config, teams=[exported])
    assert again["changed"] is False and again["actions"] == [], again["actions"]
    assert [entry for entry in emulator.log[start:] if entry["method"] != "GET"] == []


def test_one_edit_is_one_write_and_prune_deletes_one_rule(call, emulator):
    call(jsmops_config, teams=[PLATFORM_ROUTING])
    exported = platform(call(jsmops_config_export, teams=["Platform"], globals=False))

    edited = copy.deepcopy(exported)
    edited["schedules"][0]["timezone"] = "Europe/London"
    start = len(emulator.log)
    result = call(jsmops_config, diff=True, teams=[edited])
    assert result["changed"] is True
    schedule_id = next(item["id"] for item in emulator.state.dump()["schedules"] if item["name"] == exported["schedules"][0]["name"])
    assert [(entry["method"], entry["path"].rsplit("/v1/", 1)[1]) for entry in emulator.log[start:] if entry["method"] != "GET"] == [
        ("PATCH", "schedules/" + schedule_id)]
    assert result["actions"] == [{"kind": "schedules", "scope": "team 'Platform'", "name": exported["schedules"][0]["name"],
                                  "action": "changed", "fields": ["timezone"], "where": "teams[0].schedules[0]"}]
    assert result["diff"][0]["after"] == {"timezone": "Europe/London"}

    pruned = copy.deepcopy(edited)
    pruned["routing_rules"] = [rule for rule in pruned["routing_rules"] if rule["name"] != "Databases"]
    start = len(emulator.log)
    kept = call(jsmops_config, teams=[pruned])
    assert kept["changed"] is False, "without prune an undeclared rule stays"
    result = call(jsmops_config, teams=[pruned], prune=True)
    deletes = [entry for entry in emulator.log[start:] if entry["method"] != "GET"]
    assert len(deletes) == 1 and deletes[0]["method"] == "DELETE", deletes
    assert result["actions"] == [{"kind": "routing_rules", "scope": "team 'Platform'", "name": "Databases", "action": "deleted"}]
    again = call(jsmops_config, teams=[pruned], prune=True)
    assert again["changed"] is False and again["actions"] == []


def test_drift_fails_the_task_and_writes_nothing(call, emulator):
    call(jsmops_config, teams=[PLATFORM_ROUTING])
    exported = platform(call(jsmops_config_export, teams=["Platform"], globals=False))
    assert call(jsmops_config, teams=[exported], fail_on_drift=True).get("failed") is not True
    edited = copy.deepcopy(exported)
    edited["routing_rules"][0]["notify"] = {"type": "schedule", "name": "Platform Primary"}
    start = len(emulator.log)
    result = call(jsmops_config, teams=[edited], fail_on_drift=True)
    assert result["failed"] is True
    assert result["msg"].startswith("Drift: 1 object(s) differ from the declaration: changed routing_rules Critical (team 'Platform'): notify")
    assert result["changed"] is False
    assert [entry for entry in emulator.log[start:] if entry["method"] != "GET"] == []


@pytest.mark.parametrize("teams, message", [
    ([{"team": "Platform", "schedules": [{"name": "X", "rotations": [{"name": "R", "lenght": 1}]}]}],
     "teams[0].schedules[0].rotations[0] has an unknown key 'lenght'; use name, state, type, length"),
    ([{"team": "Platform", "escalations": [{"name": "E", "team": "Payments"}]}],
     "teams[0].escalations[0].team cannot be set in a declaration: it is set by where the entry is declared."),
    ([{"team": "Platform", "routing_rules": [{"name": "R", "order": 3}]}],
     "teams[0].routing_rules[0].order cannot be set in a declaration"),
    ([{"team": "Platform", "heartbeats": [{"name": "h", "interval": "often"}]}],
     "teams[0].heartbeats[0]: argument 'interval' is of type"),
    ([{"team": "Platform", "heartbeats": [{"name": "h", "interval": 0, "interval_unit": "minutes"}]}],
     "teams[0].heartbeats[0]: interval must be 1 or more; got 0."),
    ([{"team": "Platform", "roles": [{"name": "A"}, {"name": "a"}]}],
     "teams[0].roles[1]: team role 'a' is declared twice"),
    ([{"team": "Platform"}, {"team": "platform"}], "teams[1]: team 'platform' is declared twice"),
    ([{"schedules": []}], "teams[0].team must name the team"),
    ([{"team": "Platform", "integrations": [{"name": "I", "type": "API", "return_api_key": True}]}],
     "teams[0].integrations[0].return_api_key cannot be set in a declaration: jsmops_config never returns an API key"),
    ([{"team": "Nobody", "schedules": []}], "teams[0].team 'Nobody' is neither the id nor the name of a team"),
])
def test_bad_declarations_write_nothing(call, emulator, teams, message):
    result = call(jsmops_config, teams=teams)
    assert result.get("failed") is True
    assert result["msg"].startswith(message) or message in result["msg"], result["msg"]
    assert "\n" not in result["msg"] and "Traceback" not in result["msg"]
    assert writes(emulator) == []


def test_prune_keeps_an_escalation_a_rule_still_notifies(call, emulator):
    call(jsmops_config, teams=[PLATFORM_ROUTING])
    kept_rules = [rule for rule in PLATFORM_ROUTING["routing_rules"] if rule["name"] == "Critical"]
    declaration = dict(PLATFORM_ROUTING, escalations=[], routing_rules=kept_rules)
    start = len(emulator.log)
    result = call(jsmops_config, teams=[declaration], prune=True)
    assert result.get("failed") is not True, result
    assert [done["name"] for done in result["actions"]] == ["Databases"]
    assert any("Escalation 'Platform escalation' is not declared but is kept: routing rule 'Critical' names it." in text
               for text in result["_warnings"]), result["_warnings"]
    assert [entry["method"] for entry in emulator.log[start:] if entry["method"] != "GET"] == ["DELETE"]


def test_a_no_op_converge_reads_lists_not_objects(call, emulator):
    exported = call(jsmops_config_export, teams=["Platform", "Payments"], globals=False)
    start = len(emulator.log)
    result = call(jsmops_config, teams=exported["teams"])
    assert result["changed"] is False and result["actions"] == []
    reads = [entry["path"].split("/v1/", 1)[-1] for entry in emulator.log[start:]]
    assert not [path for path in reads if path.endswith("/rotations")], reads  # the schedule list brought them (expand)
    assert not [path for path in reads if path.startswith("schedules/") and path.count("/") == 1], reads  # no schedule read alone
    users = [path for path in reads if path.startswith("/rest/api/3/user/search") or "user/search" in path]
    emails = {participant["email"] for document in exported["teams"] for schedule in document["schedules"]
              for rotation in schedule["rotations"] for participant in rotation.get("participants", []) if "email" in participant}
    assert len(emails) >= 3 and len(users) == len(emails), users  # each user looked up once


def test_a_rule_added_by_hand_on_top_is_a_reported_move_and_drift(call, emulator):
    call(jsmops_config, teams=[PLATFORM_ROUTING])
    hand_made = {"team": "Platform", "routing_rules": [{"name": "By hand", "order": 0, "notify": {"type": "none"}}]}
    from ansible_collections.jsm.ops.plugins.modules import jsmops_routing_rule  # pylint: disable=import-outside-toplevel
    assert call(jsmops_routing_rule, **hand_made["routing_rules"][0], team="Platform")["changed"] is True
    drift = call(jsmops_config, teams=[PLATFORM_ROUTING], fail_on_drift=True)
    assert drift["failed"] is True and "changed routing_rules By hand (team 'Platform'): order" in drift["msg"], drift["msg"]
    start = len(emulator.log)
    moved = call(jsmops_config, teams=[PLATFORM_ROUTING])
    assert moved["changed"] is True
    assert moved["actions"] == [{"kind": "routing_rules", "scope": "team 'Platform'", "name": "By hand", "action": "changed", "fields": ["order"]}]
    assert len([entry for entry in emulator.log[start:] if entry["method"] != "GET"]) == 1


def test_deletes_come_last_in_reverse_order(call, emulator):
    call(jsmops_config, teams=[PLATFORM_ROUTING])
    repointed = copy.deepcopy(PLATFORM_ROUTING)
    repointed["routing_rules"][0]["notify"] = {"type": "schedule", "name": "Platform Primary"}
    repointed["escalations"][0]["state"] = "absent"
    start = len(emulator.log)
    result = call(jsmops_config, teams=[repointed])
    assert result.get("failed") is not True, result
    written = [(entry["method"], entry["path"].split("/v1/", 1)[1]) for entry in emulator.log[start:] if entry["method"] != "GET"]
    assert [method for method, _path in written] == ["PATCH", "DELETE"], written  # the rule stops naming it, then it goes
    assert "/routing-rules/" in written[0][1] and "/escalations/" in written[1][1]


def test_check_mode_names_what_waits_for_a_new_object_but_still_fails_on_real_errors(call, emulator):
    waits = call(jsmops_config, check_mode=True, teams=[PLATFORM_ROUTING])
    assert waits.get("failed") is not True and len(waits["unchecked"]) == 1
    wrong = copy.deepcopy(PLATFORM_ROUTING)
    wrong["routing_rules"][1]["notify"] = {"type": "schedule", "name": "No such schedule"}
    failed = call(jsmops_config, check_mode=True, teams=[wrong])
    assert failed["failed"] is True and failed["msg"].startswith("teams[0].routing_rules[1] (routing rule 'Databases'): "), failed["msg"]


def test_an_override_with_a_bad_date_fails_before_anything_is_written(call, emulator):
    teams = [{"team": "Platform", "schedules": [{"name": "Platform Primary", "timezone": "Europe/London",
                                                 "overrides": [{"user": "dana.platform@example.com", "start_date": "2030-01-01",
                                                                "end_date": "2030-01-02T00:00:00Z"}]}]}]
    result = call(jsmops_config, teams=teams)
    assert result["failed"] is True and result["msg"].startswith("teams[0].schedules[0].overrides[0]: start_date must be an ISO 8601"), result["msg"]
    assert writes(emulator) == []


@pytest.mark.parametrize("teams, message", [
    ([{"team": "Platform", "schedules": [{"name": "Shared"}]}, {"team": "Payments", "schedules": [{"name": "shared"}]}],
     "teams[1].schedules[0]: schedule 'shared' is also declared in teams[0].schedules[0]; schedules are named once on the site"),
    ([{"team": "Platform", "routing_rules": [{"name": "A", "default": True}, {"name": "B", "default": True}]}],
     "teams[0].routing_rules[1]: only one routing rule can be the default one (also teams[0].routing_rules[0])."),
    ([{"team": "Platform", "routing_rules": [{"name": "A", "default": "no"}]}], "teams[0].routing_rules[0].default must be true or false."),
    ([{"team": "Platform", "integrations": [{"name": "I", "actions": [{"name": "A", "direction": ["incoming"]}]}]}],
     "teams[0].integrations[0].actions[0]: direction must be text, not a list"),
    ([{"escalations": [{"name": "E"}]}], "teams[0].team must name the team (its name or id)."),
])
def test_more_bad_declarations_write_nothing(call, emulator, teams, message):
    result = call(jsmops_config, teams=teams)
    assert result.get("failed") is True and result["msg"].startswith(message), result["msg"]
    assert writes(emulator) == []


def test_a_write_keeps_the_list_so_the_next_objects_are_not_read_again(call, emulator):
    exported = platform(call(jsmops_config_export, teams=["Platform"], globals=False))
    edited = copy.deepcopy(exported)
    edited["schedules"][0]["description"] = "first line, edited"
    start = len(emulator.log)
    result = call(jsmops_config, teams=[{"team": "Platform", "schedules": edited["schedules"]}])
    assert [done["fields"] for done in result["actions"]] == [["description"]]
    schedule_lists = [entry for entry in emulator.log[start:] if entry["method"] == "GET" and entry["path"].endswith("/v1/schedules")]
    assert len(schedule_lists) == 1, schedule_lists  # read once, kept up to date after the write
