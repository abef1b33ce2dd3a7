# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API objects exported as state-module options: each export is valid for its module, and converging it against the same
object, with the family's own conversion and comparison, changes nothing."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.jsm.ops.plugins.module_utils.config import exported
from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.core.compare import changed_fields
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Context
from ansible_collections.jsm.ops.plugins.module_utils.families.custom_roles import CUSTOM_ROLE_CONSTRAINTS, CUSTOM_ROLE_OPTIONS, CUSTOM_ROLES
from ansible_collections.jsm.ops.plugins.module_utils.families.escalations import ESCALATION_CONSTRAINTS, ESCALATION_OPTIONS, ESCALATIONS
from ansible_collections.jsm.ops.plugins.module_utils.families.heartbeats import HEARTBEAT_CONSTRAINTS, HEARTBEAT_OPTIONS, HEARTBEATS
from ansible_collections.jsm.ops.plugins.module_utils.families.integrations import (
    INTEGRATION_ACTION_CONSTRAINTS,
    INTEGRATION_ACTION_OPTIONS,
    INTEGRATION_ACTIONS,
    INTEGRATION_CONSTRAINTS,
    INTEGRATION_OPTIONS,
    INTEGRATIONS,
)
from ansible_collections.jsm.ops.plugins.module_utils.families.overrides import OVERRIDE_CONSTRAINTS, OVERRIDE_OPTIONS, OVERRIDES
from ansible_collections.jsm.ops.plugins.module_utils.families.policies import (
    ALERT_POLICIES,
    ALERT_POLICY_CONSTRAINTS,
    ALERT_POLICY_OPTIONS,
    NOTIFICATION_POLICIES,
    NOTIFICATION_POLICY_CONSTRAINTS,
    NOTIFICATION_POLICY_OPTIONS,
)
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import ROTATION_CONSTRAINTS, ROTATION_OPTIONS, ROTATIONS
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import ROUTING_RULE_CONSTRAINTS, ROUTING_RULE_OPTIONS, ROUTING_RULES
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import SCHEDULE_CONSTRAINTS, SCHEDULE_OPTIONS, SCHEDULES
from ansible_collections.jsm.ops.plugins.module_utils.families.team_roles import RIGHTS, TEAM_ROLE_CONSTRAINTS, TEAM_ROLE_OPTIONS, TEAM_ROLES

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)

# Ids and names from tests/emulator/seed.json.
PLATFORM = "9d838765-af78-5275-921e-d62872b4dfdf"
DATABASE = "07b965df-6fef-5c27-8f6d-b3827ae34295"
DANA = "712020:d8f32456-4ffb-5ecb-a2a9-307b44ea9ab7"
NOEL = "712020:28e38806-0b1f-5c5b-80c7-2b28bb16b6d0"
PRIYA = "712020:4870e408-5f2e-56b1-a6e2-d1f31098488f"  # her email is hidden: refs answers her account id
PRIMARY = "aed0e0f1-1474-5690-b7e6-d6cd3139bc2c"
WEEKLY = "4847d44f-8296-5ae1-8b1c-19f008c4b8ed"
NIGHTS = "0c829882-7de3-431e-8b64-8edcca7606d8"
ESCALATION = "69291859-ed73-4396-8b74-c61a3c810cdf"
HIDDEN_ESCALATION = "5bb421a5-c7ee-45fe-a89c-307c95da8b60"  # not in the lists refs reads: it answers the id

EMAILS = {DANA: "dana.platform@example.com", NOEL: "noël.zoë@example.com"}
TEAMS = {PLATFORM: "Platform", DATABASE: "Database"}
SCHEDULE_LIST = [{"id": PRIMARY, "name": "Platform Primary", "timezone": "Europe/Berlin", "enabled": True, "teamId": PLATFORM}]
ROTATION_LIST = [{"id": WEEKLY, "name": "Weekly", "type": "weekly", "startDate": "2026-01-05T09:00:00Z"},
                 {"id": NIGHTS, "name": "Nights", "type": "daily", "startDate": "2026-01-05T20:00:00Z"}]
ESCALATION_LIST = [{"id": ESCALATION, "name": "Platform escalation", "enabled": True}]


class Refs:
    """The names the caller of the exporters knows."""

    now = NOW

    def user(self, account_id):
        return EMAILS.get(account_id, account_id)

    def team(self, team_id):
        return TEAMS.get(team_id, team_id)

    def schedule(self, schedule_id):
        return {item["id"]: item["name"] for item in SCHEDULE_LIST}.get(schedule_id, schedule_id)

    def escalation(self, escalation_id):
        return {item["id"]: item["name"] for item in ESCALATION_LIST}.get(escalation_id, escalation_id)

    def rotation(self, schedule_id, rotation_id):
        names = {item["id"]: item["name"] for item in ROTATION_LIST} if schedule_id == PRIMARY else {}
        return names.get(rotation_id, rotation_id)


class FakeClient:
    """Reads only, of the lists the families look names up in; any write fails the test."""

    path = staticmethod(JsmOpsClient.path)
    lists = {
        "/v1/schedules": SCHEDULE_LIST,
        "/v1/schedules/%s/rotations" % PRIMARY: ROTATION_LIST,
        "/v1/teams/%s/escalations" % PLATFORM: ESCALATION_LIST,
    }

    def paginate(self, path, params=None, page_size=50, items_key="values"):  # pylint: disable=unused-argument
        return iter(copy.deepcopy(self.lists.get(path, [])))

    def get(self, path, params=None, missing_ok=False, expect=dict):  # pylint: disable=unused-argument
        base, _slash, ident = path.rpartition("/")
        return next((dict(item) for item in self.lists.get(base, []) if item["id"] == ident), None)

    def request(self, method, path, **kwargs):
        raise AssertionError("the round trip sent %s %s" % (method, path))


class FakeResolver:
    """Emails and team names back to ids, as the run's resolver would."""

    def __init__(self, client):
        self.client = client

    def user_id(self, value, option="user"):  # pylint: disable=unused-argument
        return {email: ident for ident, email in EMAILS.items()}.get(value, value)

    def team_id(self, value, option="team"):  # pylint: disable=unused-argument
        return {name: ident for ident, name in TEAMS.items()}.get(value, value)


# What each kind converges with: its family, its module's options and rules, and the parent the caller nests it under.
KINDS = {
    "schedule": (SCHEDULES, SCHEDULE_OPTIONS, SCHEDULE_CONSTRAINTS, {}, None),
    "rotation": (ROTATIONS, ROTATION_OPTIONS, ROTATION_CONSTRAINTS, {"schedule": "Platform Primary"}, PRIMARY),
    "override": (OVERRIDES, OVERRIDE_OPTIONS, OVERRIDE_CONSTRAINTS, {"schedule": "Platform Primary"}, PRIMARY),
    "escalation": (ESCALATIONS, ESCALATION_OPTIONS, ESCALATION_CONSTRAINTS, {"team": "Platform"}, PLATFORM),
    "routing_rule": (ROUTING_RULES, ROUTING_RULE_OPTIONS, ROUTING_RULE_CONSTRAINTS, {"team": "Platform"}, PLATFORM),
    "team_role": (TEAM_ROLES, TEAM_ROLE_OPTIONS, TEAM_ROLE_CONSTRAINTS, {"team": "Platform"}, PLATFORM),
    "heartbeat": (HEARTBEATS, HEARTBEAT_OPTIONS, HEARTBEAT_CONSTRAINTS, {"team": "Platform"}, PLATFORM),
    "integration": (INTEGRATIONS, INTEGRATION_OPTIONS, INTEGRATION_CONSTRAINTS, {}, None),
    "integration_action": (INTEGRATION_ACTIONS, INTEGRATION_ACTION_OPTIONS, INTEGRATION_ACTION_CONSTRAINTS, {"integration": "Platform API"},
                           "d9c6ac0a-93c9-5973-af2b-8361abbd861c"),
    "alert_policy": (ALERT_POLICIES, ALERT_POLICY_OPTIONS, ALERT_POLICY_CONSTRAINTS, {"team": "Platform"}, PLATFORM),
    "notification_policy": (NOTIFICATION_POLICIES, NOTIFICATION_POLICY_OPTIONS, NOTIFICATION_POLICY_CONSTRAINTS, {"team": "Platform"}, PLATFORM),
    "custom_role": (CUSTOM_ROLES, CUSTOM_ROLE_OPTIONS, CUSTOM_ROLE_CONSTRAINTS, {}, None),
}


def round_trip(kind: str, item: dict, options: dict) -> dict:
    """Check ``options`` against the module's argument spec, fill in its defaults, convert them with the family's code as
    a converge would (desired, then settle against the object) and return what would change: nothing, for a good export."""
    family, spec, constraints, scope, parent = KINDS[kind]
    assert list(options) == [option for option in spec if option in options], "options out of the argument spec's order"
    assert not set(options) & (set(scope) | {"team", "schedule", "integration", "state", "id", "order"}), "options the caller gives"
    validated = ArgumentSpecValidator(spec, **constraints).validate(dict(copy.deepcopy(options), **scope))
    assert not validated.error_messages, validated.error_messages
    params = validated.validated_parameters
    client = FakeClient()
    ctx = Context(client, resolver=FakeResolver(client), parent=parent, params=params, now=NOW)
    desired = family.desired(params, ctx)
    wanted = {field.api for field in family.fields if field.option in options}
    assert wanted <= set(desired), "options that became no field: %s" % sorted(wanted - set(desired))
    if family.settle:
        desired = family.settle(desired, item, ctx)
    return changed_fields(item, desired, family.equal)


def export(kind: str, item: dict, **more) -> dict:
    """The export of ``item``, which must leave the object as it is."""
    before = copy.deepcopy(item)
    options = getattr(exported, kind)(item, Refs(), **more)
    assert item == before, "the exporter changed the API object"
    return options


# -- schedules ------------------------------------------------------------------------------------------------

SCHEDULE = {"id": PRIMARY, "name": "Platform Primary", "description": "Platform on-call, first line", "timezone": "Europe/Berlin",
            "enabled": True, "teamId": PLATFORM}


def test_schedule():
    options = export("schedule", SCHEDULE)
    assert options == {"name": "Platform Primary", "description": "Platform on-call, first line", "timezone": "Europe/Berlin", "enabled": True}
    assert round_trip("schedule", SCHEDULE, options) == {}


def test_schedule_without_description():
    item = dict(SCHEDULE, description="", enabled=False)
    options = export("schedule", item)
    assert options == {"name": "Platform Primary", "timezone": "Europe/Berlin", "enabled": False}
    assert round_trip("schedule", item, options) == {}


ROTATION = {
    "id": NIGHTS, "name": "Nights", "startDate": "2026-01-05T20:00:00Z", "endDate": "2026-12-31T08:00:00Z", "type": "daily", "length": 2,
    "participants": [{"type": "user", "id": NOEL}, {"type": "team", "id": DATABASE}, {"type": "user", "id": PRIYA},
                     {"type": "escalation", "id": ESCALATION}, {"type": "noone"}],
    "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
        {"startDay": "monday", "endDay": "friday", "startHour": 20, "startMin": 0, "endHour": 8, "endMin": 0},
        {"startDay": "saturday", "endDay": "sunday", "startHour": 0, "startMin": 30, "endHour": 23, "endMin": 59},
    ]},
}


def test_rotation():
    options = export("rotation", ROTATION)
    assert options == {
        "name": "Nights", "type": "daily", "length": 2, "start_date": "2026-01-05T20:00:00Z", "end_date": "2026-12-31T08:00:00Z",
        "participants": [{"type": "user", "email": "noël.zoë@example.com"}, {"type": "team", "name": "Database"},
                         {"type": "user", "id": PRIYA}, {"type": "escalation", "id": ESCALATION}, {"type": "noone"}],
        "time_restriction": {"type": "weekday-and-time-of-day", "restrictions": [
            {"start_day": "monday", "end_day": "friday", "start_hour": 20, "start_min": 0, "end_hour": 8, "end_min": 0},
            {"start_day": "saturday", "end_day": "sunday", "start_hour": 0, "start_min": 30, "end_hour": 23, "end_min": 59},
        ]},
    }
    assert round_trip("rotation", ROTATION, options) == {}


def test_rotation_time_of_day_without_end():
    item = {"id": WEEKLY, "name": "Weekly", "startDate": "2026-01-05T09:00:00Z", "type": "weekly", "length": 1,
            "participants": [{"type": "user", "id": DANA}, {"type": "team", "id": "a0a0a0a0-0000-5000-8000-000000000000"}],
            "timeRestriction": {"type": "time-of-day", "restriction": {"startHour": 9, "startMin": 0, "endHour": 17, "endMin": 30}}}
    options = export("rotation", item)
    assert "end_date" not in options
    assert options["participants"] == [{"type": "user", "email": "dana.platform@example.com"},
                                       {"type": "team", "id": "a0a0a0a0-0000-5000-8000-000000000000"}]  # a team refs cannot name
    assert options["time_restriction"] == {"type": "time-of-day", "restriction": {"start_hour": 9, "start_min": 0, "end_hour": 17, "end_min": 30}}
    assert round_trip("rotation", item, options) == {}


def test_rotation_participant_the_module_cannot_name_leaves_participants_out():
    item = dict(ROTATION, participants=[{"type": "user", "id": DANA}, {"type": "schedule", "id": PRIMARY}])
    assert "participants" not in export("rotation", item)


OVERRIDE = {"alias": "platform-maintenance-cover", "responder": {"type": "user", "id": DANA}, "startDate": "2026-06-04T08:00:00Z",
            "endDate": "2026-06-06T18:00:00Z", "rotationIds": [WEEKLY, NIGHTS]}


def test_override():
    options = export("override", OVERRIDE, schedule_id=PRIMARY)
    assert options == {"alias": "platform-maintenance-cover", "user": "dana.platform@example.com", "start_date": "2026-06-04T08:00:00Z",
                       "end_date": "2026-06-06T18:00:00Z", "rotations": ["Nights", "Weekly"]}
    assert round_trip("override", OVERRIDE, options) == {}


def test_override_of_nobody_for_every_rotation_running_now():
    item = {"alias": "quiet-week", "responder": {"type": "noone"}, "startDate": "2026-05-30T00:00:00Z", "endDate": "2026-06-07T00:00:00+02:00"}
    options = export("override", item, schedule_id=PRIMARY)
    assert options == {"alias": "quiet-week", "noone": True, "start_date": "2026-05-30T00:00:00Z", "end_date": "2026-06-07T00:00:00+02:00"}
    assert round_trip("override", item, options) == {}


def test_override_of_an_unknown_user_keeps_the_account_id():
    item = dict(OVERRIDE, responder={"type": "user", "id": PRIYA}, rotationIds=None)
    options = export("override", item, schedule_id=PRIMARY)
    assert options["user"] == PRIYA
    assert "rotations" not in options
    assert round_trip("override", item, options) == {}


@pytest.mark.parametrize("end", ["2026-06-01T12:00:00Z", "2026-06-01T13:59:59+02:00", "2026-05-01T00:00:00Z"])
def test_override_in_the_past_is_not_exported(end):
    assert export("override", dict(OVERRIDE, startDate="2026-04-30T00:00:00Z", endDate=end), schedule_id=PRIMARY) is None


def test_override_rotation_unknown_to_refs_is_given_by_id():
    options = export("override", dict(OVERRIDE, rotationIds=[NIGHTS]), schedule_id="another-schedule")
    assert options["rotations"] == [NIGHTS]


# -- team routing -----------------------------------------------------------------------------------------------

ESCALATION_ITEM = {
    "id": ESCALATION, "name": "Platform escalation", "description": "Primary, then Dana, then the team", "enabled": True,
    "rules": [
        {"condition": "if-not-acked", "notifyType": "default", "delay": 1, "recipient": {"id": PRIMARY, "type": "schedule"}},
        {"condition": "if-not-closed", "notifyType": "next", "delay": 10, "recipient": {"id": DANA, "type": "user"}},
        {"condition": "if-not-acked", "notifyType": "all", "delay": 30, "recipient": {"id": PLATFORM, "type": "team"}},
        {"condition": "if-not-acked", "notifyType": "default", "delay": 45, "recipient": {"id": PRIYA, "type": "user"}},
    ],
    "repeat": {"waitInterval": 10, "count": 3, "resetRecipientStates": True, "closeAlertAfterAll": False},
}


def test_escalation():
    options = export("escalation", ESCALATION_ITEM)
    assert options == {
        "name": "Platform escalation", "description": "Primary, then Dana, then the team", "enabled": True,
        "rules": [
            {"condition": "if-not-acked", "notify_type": "default", "delay": 1, "recipient": {"type": "schedule", "name": "Platform Primary"}},
            {"condition": "if-not-closed", "notify_type": "next", "delay": 10, "recipient": {"type": "user", "email": "dana.platform@example.com"}},
            {"condition": "if-not-acked", "notify_type": "all", "delay": 30, "recipient": {"type": "team", "name": "Platform"}},
            {"condition": "if-not-acked", "notify_type": "default", "delay": 45, "recipient": {"type": "user", "id": PRIYA}},
        ],
        "repeat": {"wait_interval": 10, "count": 3, "reset_recipient_states": True, "close_alert_after_all": False},
    }
    assert round_trip("escalation", ESCALATION_ITEM, options) == {}


def test_escalation_without_description_or_repeat():
    item = dict(ESCALATION_ITEM, description="", enabled=False)
    del item["repeat"]
    options = export("escalation", item)
    assert "description" not in options and "repeat" not in options
    assert round_trip("escalation", item, options) == {}


ROUTING_RULE = {
    "id": "0d8c3b0e-2c7e-4bd0-9c3e-3f1b9a7f0c11", "name": "Database alerts", "isDefault": False, "order": 0,
    "criteria": {"type": "match-any-condition", "conditions": [
        {"field": "tags", "not": False, "operation": "contains", "expectedValue": "database", "order": 0},
        {"field": "extra-properties", "key": "service", "not": True, "operation": "equals", "expectedValue": "api-gateway", "order": 1},
        {"field": "message", "not": False, "operation": "is-empty", "expectedValue": "", "order": 2},
    ]},
    "timezone": "Europe/Berlin",
    "timeRestriction": {"type": "time-of-day", "restriction": {"startHour": 8, "startMin": 0, "endHour": 18, "endMin": 0}},
    "notify": {"type": "escalation", "id": ESCALATION},
}
SORTED_CONDITIONS = [
    {"field": "extra-properties", "key": "service", "negate": True, "operation": "equals", "expected_value": "api-gateway"},
    {"field": "message", "operation": "is-empty"},
    {"field": "tags", "operation": "contains", "expected_value": "database"},
]


def test_routing_rule():
    options = export("routing_rule", ROUTING_RULE)
    assert options == {
        "name": "Database alerts",
        "criteria": {"type": "match-any-condition", "conditions": SORTED_CONDITIONS},
        "timezone": "Europe/Berlin",
        "time_restriction": {"type": "time-of-day", "restriction": {"start_hour": 8, "start_min": 0, "end_hour": 18, "end_min": 0}},
        "notify": {"type": "escalation", "name": "Platform escalation"},
    }
    assert round_trip("routing_rule", ROUTING_RULE, options) == {}


def test_routing_rule_conditions_are_sorted_whatever_the_api_order():
    shuffled = copy.deepcopy(ROUTING_RULE)
    shuffled["criteria"]["conditions"].reverse()
    assert export("routing_rule", shuffled) == export("routing_rule", ROUTING_RULE)


def test_routing_rule_notifying_a_schedule_match_all():
    item = dict(ROUTING_RULE, criteria={"type": "match-all"}, notify={"type": "schedule", "id": PRIMARY})
    del item["timeRestriction"]
    options = export("routing_rule", item)
    assert options == {"name": "Database alerts", "criteria": {"type": "match-all"}, "timezone": "Europe/Berlin",
                       "notify": {"type": "schedule", "name": "Platform Primary"}}
    assert round_trip("routing_rule", item, options) == {}


def test_routing_rule_notifying_an_escalation_refs_cannot_name_gives_its_id():
    item = dict(ROUTING_RULE, notify={"type": "escalation", "id": HIDDEN_ESCALATION})
    options = export("routing_rule", item)
    assert options["notify"] == {"type": "escalation", "id": HIDDEN_ESCALATION}
    assert round_trip("routing_rule", item, options) == {}


def test_default_routing_rule():
    item = {"id": "6e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", "name": "Default routing rule", "isDefault": True, "order": 3,
            "criteria": {"type": "match-all"}, "timezone": "America/New_York", "notify": {"type": "none"}}
    options = export("routing_rule", item)
    assert options == {"name": "Default routing rule", "default": True, "timezone": "America/New_York", "notify": {"type": "none"}}
    module_options = {key: value for key, value in options.items() if key != "default"}
    assert round_trip("routing_rule", item, module_options) == {}


def test_routing_rule_condition_the_module_cannot_say_leaves_criteria_out():
    item = copy.deepcopy(ROUTING_RULE)
    item["criteria"]["conditions"].append({"field": "details", "not": False, "operation": "contains-key", "expectedValue": "x"})  # no key
    options = export("routing_rule", item)
    assert "criteria" not in options
    assert round_trip("routing_rule", item, options) == {}


TEAM_ROLE = {"id": "3ce33f53-69be-4b92-8d34-a1df0efe642e", "name": "Schedule keepers",
             "rights": [{"right": right, "granted": right.endswith("-schedules") or right == "access-reports"} for right in RIGHTS]}


def test_team_role():
    options = export("team_role", TEAM_ROLE)
    assert options == {"name": "Schedule keepers", "rights": ["access-reports", "delete-schedules", "edit-schedules"]}
    assert round_trip("team_role", TEAM_ROLE, options) == {}
    assert export("team_role", dict(TEAM_ROLE, rights=list(reversed(TEAM_ROLE["rights"])))) == options


def test_team_role_right_the_module_does_not_know_is_left_out():
    item = dict(TEAM_ROLE, rights=TEAM_ROLE["rights"] + [{"right": "edit-something-new", "granted": True}])
    assert export("team_role", item)["rights"] == ["access-reports", "delete-schedules", "edit-schedules"]


HEARTBEAT = {"name": "platform-api", "description": "API gateway health check", "interval": 5, "intervalUnit": "Minutes", "enabled": True,
             "status": "Responsive", "ownerTeamId": PLATFORM, "alertMessage": "platform-api is not answering",
             "alertTags": ["platform", "gateway", "api"], "alertPriority": "P2"}


def test_heartbeat():
    options = export("heartbeat", HEARTBEAT)
    assert options == {"name": "platform-api", "interval": 5, "interval_unit": "minutes", "enabled": True, "description": "API gateway health check",
                       "alert_message": "platform-api is not answering", "alert_tags": ["api", "gateway", "platform"], "alert_priority": "P2"}
    assert round_trip("heartbeat", HEARTBEAT, options) == {}
    assert export("heartbeat", dict(HEARTBEAT, alertTags=["gateway", "api", "platform"])) == options


def test_heartbeat_without_texts_or_tags():
    item = {"name": "platform-nightly-backup", "description": "", "interval": 1, "intervalUnit": "Days", "enabled": False, "status": "Off",
            "ownerTeamId": PLATFORM, "alertTags": [], "alertPriority": "P3"}
    options = export("heartbeat", item)
    assert options == {"name": "platform-nightly-backup", "interval": 1, "interval_unit": "days", "enabled": False, "alert_tags": [],
                       "alert_priority": "P3"}
    assert round_trip("heartbeat", item, options) == {}


# -- integrations -----------------------------------------------------------------------------------------------

INTEGRATION = {
    "id": "d9c6ac0a-93c9-5973-af2b-8361abbd861c", "name": "Platform API", "type": "API", "enabled": True, "teamId": PLATFORM, "advanced": False,
    "directions": ["incoming"], "domains": ["alert"],
    "typeSpecificProperties": {
        "allowWriteAccess": True, "suppressNotifications": False, "apiKey": "0b1c2d3e-secret", "headers": {"Authorization": "Basic c2VjcmV0"},
        "callbackUrl": "https://bot:hunter2@hooks.example.com/alerts", "routingKey": "R0UT1NG", "oauthToken": "t0k3n",
        "tags": ["platform"],
    },
}


def test_integration_leaves_every_credential_out():
    options = export("integration", INTEGRATION)
    assert options == {"name": "Platform API", "type": "API", "enabled": True,
                       "properties": {"allowWriteAccess": True, "suppressNotifications": False, "tags": ["platform"]}}
    text = json.dumps(options)
    for secret in ("0b1c2d3e", "c2VjcmV0", "hunter2", "R0UT1NG", "t0k3n"):
        assert secret not in text
    assert round_trip("integration", INTEGRATION, options) == {}


def test_integration_with_a_description_and_no_properties():
    item = {"id": "2c8e9e1b-ee0d-59c3-bed5-8586e5573f84", "name": "Database Email", "type": "Email", "enabled": False,
            "description": "Mails from the database hosts", "typeSpecificProperties": {}, "apiKey": "never-shown"}
    options = export("integration", item)
    assert options == {"name": "Database Email", "type": "Email", "enabled": False, "description": "Mails from the database hosts"}
    assert round_trip("integration", item, options) == {}


INCOMING_ACTION = {
    "id": "7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", "type": "create", "name": "Create Alert", "domain": "alert", "direction": "incoming",
    "extraField": "",
    "filter": {"conditionsEmpty": False, "conditionMatchType": "match-all-conditions", "conditions": [
        {"field": "priority", "not": False, "operation": "equals", "expectedValue": "P1", "order": 0, "systemCondition": False},
        {"field": "source", "not": True, "operation": "starts-with", "expectedValue": "test-", "order": 1, "systemCondition": False},
    ]},
    "typeSpecificProperties": {"appendAttachments": False, "password": "s3cr3t"},
    "fieldMappings": {"message": "{{message}}", "priority": "{{priority}}", "tags": ["{{tags}}"]},
    "enabled": True,
}


def test_incoming_integration_action():
    options = export("integration_action", INCOMING_ACTION)
    assert options == {
        "name": "Create Alert", "direction": "incoming", "type": "create", "enabled": True,
        "criteria": {"type": "match-all-conditions", "conditions": [
            {"field": "priority", "operation": "equals", "expected_value": "P1"},
            {"field": "source", "negate": True, "operation": "starts-with", "expected_value": "test-"},
        ]},
        "field_mappings": {"message": "{{message}}", "priority": "{{priority}}", "tags": ["{{tags}}"]},
        "properties": {"appendAttachments": False},
    }
    assert "s3cr3t" not in json.dumps(options)
    assert round_trip("integration_action", INCOMING_ACTION, options) == {}


def test_outgoing_integration_action():
    item = {"id": "1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b", "type": "publish", "name": "Post to the webhook", "domain": "alert",
            "direction": "outgoing", "actionMapping": {"type": "create", "parameter": {"note": "{{note}}"}}, "groupType": "forwarding",
            "extraField": "", "filter": {"conditionsEmpty": True, "conditionMatchType": "match-all", "conditions": []},
            "typeSpecificProperties": {}, "fieldMappings": {}, "enabled": False}
    options = export("integration_action", item)
    assert options == {"name": "Post to the webhook", "direction": "outgoing", "type": "publish", "group_type": "forwarding", "enabled": False,
                       "criteria": {"type": "match-all"}, "action_mapping": {"type": "create", "parameter": {"note": "{{note}}"}}}
    assert round_trip("integration_action", item, options) == {}


def test_integration_action_condition_on_a_field_the_module_does_not_know():
    item = copy.deepcopy(INCOMING_ACTION)
    item["filter"]["conditions"].append({"field": "from_address", "not": False, "operation": "contains", "expectedValue": "@example.com"})
    options = export("integration_action", item)
    assert "criteria" not in options
    assert round_trip("integration_action", item, options) == {}


# -- policies ---------------------------------------------------------------------------------------------------

ALERT_POLICY = {
    "type": "alert", "id": "53c449d6-6d8e-51ba-90f2-efddbdda144c", "name": "Platform business hours", "description": "", "teamId": PLATFORM,
    "enabled": True, "order": 0,
    "filter": {"type": "match-all-conditions", "conditions": [
        {"field": "priority", "not": False, "operation": "less-than", "expectedValue": "P3", "order": 0},
        {"field": "tags", "not": False, "operation": "contains", "expectedValue": "platform", "order": 1},
    ]},
    "alias": "{{alias}}", "message": "[Platform] {{message}}", "alertDescription": "{{description}}", "source": "{{source}}",
    "entity": "{{entity}}",
    "responders": [{"type": "team", "id": PLATFORM}, {"type": "user", "id": DANA}, {"type": "schedule", "id": PRIMARY},
                   {"type": "escalation", "id": ESCALATION}, {"type": "user", "id": PRIYA}],
    "actions": ["Restart", "Page the DBA"], "tags": ["platform", "business-hours"], "details": {"runbook": "https://wiki.example.com/platform"},
    "continue": True, "updatePriority": True, "priorityValue": "P2", "keepOriginalResponders": False, "keepOriginalDetails": True,
    "keepOriginalActions": True, "keepOriginalTags": False,
}


def test_alert_policy():
    options = export("alert_policy", ALERT_POLICY)
    assert options == {
        "name": "Platform business hours", "enabled": True,
        "criteria": {"type": "match-all-conditions", "conditions": [
            {"field": "priority", "operation": "less-than", "expected_value": "P3"},
            {"field": "tags", "operation": "contains", "expected_value": "platform"},
        ]},
        "alert_message": "[Platform] {{message}}", "alias": "{{alias}}", "alert_description": "{{description}}", "source": "{{source}}",
        "entity": "{{entity}}",
        "responders": [{"type": "team", "name": "Platform"}, {"type": "user", "email": "dana.platform@example.com"},
                       {"type": "schedule", "name": "Platform Primary"}, {"type": "escalation", "id": ESCALATION}, {"type": "user", "id": PRIYA}],
        "actions": ["Restart", "Page the DBA"], "tags": ["business-hours", "platform"], "details": {"runbook": "https://wiki.example.com/platform"},
        "priority": "P2", "continue_policies": True, "keep_original_responders": False, "keep_original_details": True,
        "keep_original_actions": True, "keep_original_tags": False,
    }
    assert round_trip("alert_policy", ALERT_POLICY, options) == {}
    assert export("alert_policy", dict(ALERT_POLICY, tags=["business-hours", "platform"])) == options


def test_alert_policy_that_leaves_the_priority_keeps_no_priority():
    item = dict(ALERT_POLICY, updatePriority=False, priorityValue="P5", responders=[], tags=[])
    options = export("alert_policy", item)
    assert "priority" not in options
    assert options["responders"] == [] and options["tags"] == []
    assert round_trip("alert_policy", item, options) == {}


def test_alert_policy_responders_answered_as_text_are_left_out():
    item = dict(ALERT_POLICY, responders=[PLATFORM])
    options = export("alert_policy", item)
    assert "responders" not in options
    assert round_trip("alert_policy", item, options) == {}


NOTIFICATION_POLICY = {
    "type": "notification", "id": "1212cba7-f3f2-573b-a3df-f1df215eca7b", "name": "Platform quiet nights", "description": "Hold P4 and P5 at night",
    "teamId": PLATFORM, "enabled": False, "order": 0,
    "filter": {"type": "match-any-condition", "conditions": [
        {"field": "priority", "not": False, "operation": "equals", "expectedValue": "P5", "order": 0},
        {"field": "priority", "not": False, "operation": "equals", "expectedValue": "P4", "order": 1},
    ]},
    "delayAction": {"delayOption": "forMinutes", "waitDuration": 30, "durationFormat": "minutes", "delayTime": {"hours": 0, "minutes": 0}},
    "deduplicationAction": {"deduplicationActionType": "frequencyBased", "frequency": 2, "countValueLimit": 5, "waitDuration": 1,
                            "durationFormat": "hours"},
    "autoCloseAction": {"waitDuration": 2, "durationFormat": "days"},
    "autoRestartAction": {"waitDuration": 90, "durationFormat": "minutes", "maxRepeatCount": 3},
    "suppress": False,
}


def test_notification_policy():
    options = export("notification_policy", NOTIFICATION_POLICY)
    assert options == {
        "name": "Platform quiet nights", "description": "Hold P4 and P5 at night", "enabled": False,
        "criteria": {"type": "match-any-condition", "conditions": [
            {"field": "priority", "operation": "equals", "expected_value": "P4"},
            {"field": "priority", "operation": "equals", "expected_value": "P5"},
        ]},
        "suppress": False,
        "delay": {"option": "for-duration", "duration": 30, "unit": "minutes"},
        "auto_close": {"duration": 2, "unit": "days"},
        "auto_restart": {"duration": 90, "unit": "minutes", "max_repeat_count": 3},
        "deduplication": {"type": "frequency-based", "count": 5, "frequency": 2, "duration": 1, "unit": "hours"},
    }
    assert round_trip("notification_policy", NOTIFICATION_POLICY, options) == {}


def test_notification_policy_delayed_to_a_weekday_with_value_based_deduplication():
    item = dict(NOTIFICATION_POLICY, suppress=True,
                delayAction={"delayOption": "nextMonday", "waitDuration": 0, "durationFormat": "minutes", "delayTime": {"hours": 9, "minutes": 5}},
                deduplicationAction={"deduplicationActionType": "valueBased", "frequency": 0, "countValueLimit": 3, "waitDuration": 10,
                                     "durationFormat": "minutes"})
    del item["autoCloseAction"], item["autoRestartAction"]
    options = export("notification_policy", item)
    assert options["delay"] == {"option": "next-monday", "time": "09:05"}
    assert options["deduplication"] == {"type": "value-based", "count": 3, "duration": 10, "unit": "minutes"}
    assert "auto_close" not in options and "auto_restart" not in options
    assert round_trip("notification_policy", item, options) == {}


def test_notification_policy_settings_the_module_cannot_say_are_left_out():
    item = dict(NOTIFICATION_POLICY,
                delayAction={"delayOption": "forMinutes", "waitDuration": 45, "durationFormat": "seconds", "delayTime": {"hours": 0, "minutes": 0}},
                autoCloseAction={"waitDuration": 2},  # no unit: the module would send minutes
                autoRestartAction={"waitDuration": 90, "durationFormat": "minutes"})  # no repeat count
    options = export("notification_policy", item)
    assert not {"delay", "auto_close", "auto_restart"} & set(options)
    assert round_trip("notification_policy", item, options) == {}


CUSTOM_ROLE = {"id": "f0f07a3d-bde8-4b2a-8d3e-f97020a51e32", "name": "Alert closers", "extendedRole": "user",
               "grantedRights": ["alert-close", "alert-acknowledge", "alert-add-note"], "disallowedRights": ["alert-delete", "alert-create"]}


def test_custom_role():
    options = export("custom_role", CUSTOM_ROLE)
    assert options == {"name": "Alert closers", "granted_rights": ["alert-acknowledge", "alert-add-note", "alert-close"],
                       "disallowed_rights": ["alert-create", "alert-delete"]}
    assert round_trip("custom_role", CUSTOM_ROLE, options) == {}
    shuffled = dict(CUSTOM_ROLE, grantedRights=sorted(CUSTOM_ROLE["grantedRights"]), disallowedRights=["alert-create", "alert-delete"])
    assert export("custom_role", shuffled) == options


# -- what every export shares -------------------------------------------------------------------------------------

def test_a_changed_object_is_seen_as_changed():
    """The round trip is not blind: the export of one object converged against another finds the difference."""
    options = export("escalation", ESCALATION_ITEM)
    other = copy.deepcopy(ESCALATION_ITEM)
    other["rules"][1]["delay"] = 15
    other["repeat"]["count"] = 4
    assert sorted(round_trip("escalation", other, options)) == ["repeat", "rules"]
