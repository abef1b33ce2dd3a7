#!/usr/bin/env python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build a rich JSM Ops setup in a freshly started emulator, through the public REST API only.

Everything goes through the API an Atlassian site offers (the JSM Ops API, the Jira user search and
tenant_info), so the emulator's request checks (and, with a spec, its validation against Atlassian's
OpenAPI description) apply to every object. Names are deterministic; ids are whatever the API gives.

Profiles:

``rich`` (the default)
    On the seeded teams whose operations are on (Platform, Database, Payments): ``--schedules`` schedules
    (default 30) spread over them, each with one or two rotations (users as participants, time
    restrictions on some) and a future override on some; per team two escalations (rules notifying
    schedules and users, one with repeat), three ordered routing rules before the default one (notifying
    escalations and schedules: one match-all, the others with conditions; the default rule notifies an
    escalation), a team role, two API integrations with two extra incoming actions each (one of them moved
    before "Create Alert"), two team alert policies (the second moved first) and one notification policy,
    and one or two heartbeats (none for a team whose plan lacks heartbeats); on the site a global
    schedule, a global API integration, a global alert policy and a custom user role.
``schedules``
    ``--schedules`` schedules (default 100) owned by one team (``--team``, default Platform), one weekly
    rotation each with two users: the shape of figure B5 of ``make bench``.

Connection: ``--url`` (the site, default ``JSM_OPS_API_URL`` or ``JSM_OPS_EMULATOR_URL``), ``--email``
(default ``JSM_OPS_API_EMAIL``), ``--token`` (default ``JSM_OPS_API_TOKEN``; prefer the variable, a command
line is visible to other users), ``--cloud-id`` (default ``JSM_OPS_CLOUD_ID``, else read from the site's
``/_edge/tenant_info``); or ``--integration-config FILE``, the ``integration_config.yml`` that
tests/utils/run-integration.sh writes for the integration targets (``jsm_ops_api_url``, ``jsm_ops_cloud_id``,
``jsm_ops_admin_email``, ``jsm_ops_admin_token``). The account must be a site admin.

It runs once against a freshly started (or reset) emulator: before it writes anything it checks that none of
the objects it makes exist, and stops with status 2 otherwise. Any refused request stops it with status 1,
naming the request and the answer. On success it prints one line: what it created, the requests it made and,
against the emulator, the spec violations recorded (there must be none: it fails otherwise).

Only the standard library and ``requests``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import requests

TEAMS = ("Platform", "Database", "Payments")
# Participants of each team's rotations (accounts of tests/emulator/seed.json whose email the user search shows).
TEAM_USERS = {
    "Platform": ("dana.platform@example.com", "noël.zoë@example.com"),
    "Database": ("erin.database@example.com", "ada.admin@example.com"),
    "Payments": ("omar.payments@example.com", "ada.admin@example.com"),
}
SITE_USERS = ("ada.admin@example.com", "dana.platform@example.com")
TIMEZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")
RICH_PREFIX = "Rich "
BULK_PREFIX = "Bulk "


class SetupError(Exception):
    """A request the API refused, or a site this script cannot build on."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


class Api:
    """The site's JSM Ops API, as one admin, on one kept-alive connection."""

    def __init__(self, url: str, cloud_id: str, email: str, token: str, timeout: float = 30.0):
        self.site = url.rstrip("/")
        self.session = requests.Session()
        # UTF-8, not requests' Latin-1 default for str credentials.
        self.session.auth = (email.encode("utf-8"), token.encode("utf-8"))
        self.session.headers.update({"Accept": "application/json", "User-Agent": "jsm-ops-rich-setup"})
        self.timeout = timeout
        self.requests = 0
        self.cloud_id = cloud_id or self._tenant_cloud_id()
        self.base = "%s/jsm/ops/api/%s" % (self.site, self.cloud_id)

    def _tenant_cloud_id(self) -> str:
        answer = self._send("GET", self.site + "/_edge/tenant_info", None, None)
        if answer.status_code != 200:
            raise SetupError("GET /_edge/tenant_info answered %d; give --cloud-id" % answer.status_code)
        return answer.json()["cloudId"]

    def _send(self, method, url, body, params):
        self.requests += 1
        try:
            return self.session.request(method, url, json=body, params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise SetupError("%s %s: %s" % (method, url, exc)) from exc

    def call(self, method: str, path: str, body=None, params=None, ok=(200, 201, 202, 204)):
        """The answer's JSON (None for an empty body); SetupError for any status not in ``ok``."""
        answer = self._send(method, self.base + path, body, params)
        if answer.status_code not in ok:
            raise SetupError("%s %s%s answered %d: %s%s" % (
                method, path, "?" + "&".join("%s=%s" % item for item in params.items()) if params else "", answer.status_code,
                answer.text[:2000], "\n  request body: " + json.dumps(body, ensure_ascii=False)[:2000] if body is not None else ""))
        if not answer.content:
            return None
        return answer.json()

    def status(self, method: str, path: str, params=None) -> int:
        return self._send(method, self.base + path, None, params).status_code

    def pages(self, path: str, params=None) -> list:
        """Every value of a list that pages with ``links.next`` (relative to the API base, or absolute)."""
        values, url, query = [], self.base + path, dict(params or {})
        while url:
            answer = self._send("GET", url, None, query)
            if answer.status_code != 200:
                raise SetupError("GET %s answered %d: %s" % (url, answer.status_code, answer.text[:500]))
            data = answer.json()
            values.extend(data.get("values", []))
            following = (data.get("links") or {}).get("next")
            url = (following if following.startswith("http") else self.base + following) if following else None
            query = None
        return values

    def user_id(self, email: str) -> str:
        answer = self._send("GET", self.site + "/rest/api/3/user/search", None, {"query": email})
        if answer.status_code != 200:
            raise SetupError("user search for %s answered %d: %s" % (email, answer.status_code, answer.text[:500]))
        found = [user for user in answer.json() if (user.get("emailAddress") or "").casefold() == email.casefold()]
        if len(found) != 1:
            raise SetupError("user search found %d accounts with the email %s; this script expects the emulator's seed" % (len(found), email), 2)
        return found[0]["accountId"]

    def violations(self):
        """(spec validation on, the spec violations recorded) from the emulator's control endpoints; None on another site."""
        try:
            health = self.session.get(self.site + "/_emulator/health", timeout=self.timeout)
            found = self.session.get(self.site + "/_emulator/violations", timeout=self.timeout)
            if health.status_code != 200 or found.status_code != 200:
                return None
            return bool(health.json().get("spec_validation")), found.json()
        except (requests.RequestException, ValueError):
            return None


class Counter(dict):
    """What was made, by kind, in the order first made; ``teams`` names the teams it was made on."""

    def __init__(self, teams):
        super().__init__()
        self.teams = tuple(teams)
        self.skipped = []

    def add(self, kind: str, count: int = 1) -> None:
        self[kind] = self.get(kind, 0) + count

    def __str__(self) -> str:
        made = ", ".join("%d %s" % (count, kind if count == 1 else kind[:-1] + "ies" if kind.endswith("y") else kind + "s")
                         for kind, count in self.items())
        return "on %s: created %s%s" % ("/".join(self.teams), made, "; left out: " + ", ".join(self.skipped) if self.skipped else "")


# ---- what is there before ----------------------------------------------------------------------


def teams_by_name(api: Api, wanted) -> dict:
    """The operations teams by name; status 2 when one of ``wanted`` is missing."""
    teams = {team["teamName"]: team["teamId"] for team in api.call("GET", "/v1/teams", ok=(200,)).get("platformTeams", [])}
    missing = [name for name in wanted if name not in teams]
    if missing:
        raise SetupError("the site has no operations team %s (teams: %s); this script builds on the emulator's seed "
                         "(tests/emulator/seed.json)" % (", ".join(missing), ", ".join(sorted(teams)) or "none"), 2)
    return teams


def refuse_unless_fresh(api: Api, prefix: str, team_ids) -> None:
    """Status 2 when an earlier run (or anyone) left what this run would make."""
    found = api.pages("/v1/schedules", {"query": prefix.strip().lower() + "*", "size": 50})
    if found:
        raise SetupError("the site already has %d schedule(s) named %s... (%s, ...): rich_setup.py runs once, against a freshly "
                         "started emulator; restart it (or POST /_emulator/reset) and run again"
                         % (len(found), prefix.strip(), found[0]["name"]), 2)
    for team_id in team_ids:
        escalations = [item for item in api.pages("/v1/teams/%s/escalations" % team_id, {"size": 100})
                       if item["name"].startswith(prefix)]
        if escalations:
            raise SetupError("team %s already has the escalation %r: this is not a freshly started emulator" % (team_id, escalations[0]["name"]), 2)


# ---- schedules ---------------------------------------------------------------------------------


def create_schedule(api: Api, made: Counter, name: str, team_id: str | None, description: str, timezone: str, enabled: bool) -> str:
    body = {"name": name, "description": description, "timezone": timezone, "enabled": enabled}
    if team_id:
        body["teamId"] = team_id
    made.add("schedule" if team_id else "global schedule")
    return api.call("POST", "/v1/schedules", body, ok=(200, 201))["id"]


def create_rotation(api: Api, made: Counter, schedule_id: str, body: dict) -> str:
    made.add("rotation")
    return api.call("POST", "/v1/schedules/%s/rotations" % schedule_id, body, ok=(200, 201))["id"]


def users(ids) -> list:
    return [{"type": "user", "id": ident} for ident in ids]


def rich_schedule(api: Api, made: Counter, number: int, team: str, team_id: str, people) -> dict:
    """Schedule ``number`` (1-based) of ``team``: a weekly rotation; every third a business-hours one, every
    third a night one with an end; every fourth a future override (of one rotation or of all)."""
    first, second = people if number % 2 else people[::-1]
    name = "%s%s %02d" % (RICH_PREFIX, team, number)
    schedule_id = create_schedule(api, made, name, team_id, "%s on-call, rich setup schedule %d" % (team, number),
                                  TIMEZONES[number % len(TIMEZONES)], number % 7 != 0)
    rotations = [create_rotation(api, made, schedule_id, {
        "name": "Weekly", "type": "weekly", "length": 1, "startDate": "2026-01-%02dT09:00:00Z" % (5 + number % 7),
        "participants": users((first, second)),
    })]
    if number % 3 == 1:
        rotations.append(create_rotation(api, made, schedule_id, {
            "name": "Business hours", "type": "daily", "length": 1, "startDate": "2026-01-05T08:00:00Z",
            "participants": users((second, first)),
            "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
                {"startDay": "monday", "endDay": "friday", "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 30}]},
        }))
    elif number % 3 == 2:
        rotations.append(create_rotation(api, made, schedule_id, {
            "name": "Nights", "type": "daily", "length": 2, "startDate": "2026-02-01T22:00:00Z", "endDate": "2031-12-31T22:00:00Z",
            "participants": users((second, first)),
            "timeRestriction": {"type": "time-of-day", "restriction": {"startHour": 22, "startMin": 0, "endHour": 6, "endMin": 0}},
        }))
    if number % 4 == 0:
        override = {"responder": {"type": "user", "id": second},
                    "startDate": "2031-%02d-10T08:00:00Z" % (1 + number % 12), "endDate": "2031-%02d-12T18:00:00Z" % (1 + number % 12)}
        if number % 8 == 0:
            override["rotationIds"] = rotations[:1]
        made.add("override")
        api.call("POST", "/v1/schedules/%s/overrides" % schedule_id, override, ok=(200, 201))
    return {"id": schedule_id, "name": name}


# ---- team operations ---------------------------------------------------------------------------


def rule(condition: str, notify_type: str, delay: int, kind: str, ident: str) -> dict:
    return {"condition": condition, "notifyType": notify_type, "delay": delay, "recipient": {"type": kind, "id": ident}}


def team_setup(api: Api, made: Counter, index: int, team: str, team_id: str, schedules: list, people) -> None:
    first, second = people
    label = RICH_PREFIX + team
    s1, s2, s3 = (schedules[position % len(schedules)]["id"] for position in range(3))

    # Escalations: schedules and users; the second repeats.
    escalation = api.call("POST", "/v1/teams/%s/escalations" % team_id, {
        "name": "%s escalation" % label, "description": "First line, then the second schedule",
        "rules": [rule("if-not-acked", "default", 1, "schedule", s1), rule("if-not-acked", "default", 5, "user", first),
                  rule("if-not-closed", "next", 15, "schedule", s2)],
    }, ok=(201,))["id"]
    follow_up = api.call("POST", "/v1/teams/%s/escalations" % team_id, {
        "name": "%s follow-up" % label, "description": "Everyone on the third schedule until somebody closes it", "enabled": True,
        "rules": [rule("if-not-closed", "all", 30, "schedule", s3), rule("if-not-acked", "default", 10, "user", second)],
        "repeat": {"waitInterval": 10, "count": 3, "resetRecipientStates": True, "closeAlertAfterAll": False},
    }, ok=(201,))["id"]
    made.add("escalation", 2)

    # Routing rules, made out of order so that the order is the API's doing: the match-all rule first (it goes before the
    # default rule), then the P1 rule at 0 and the database rule at 1. The default rule notifies the escalation.
    path = "/v1/teams/%s/routing-rules" % team_id
    api.call("POST", path, {"name": "%s everything else" % label, "criteria": {"type": "match-all"}, "timezone": "UTC",
                            "notify": {"type": "escalation", "id": follow_up}}, ok=(201,))
    api.call("POST", path, {
        "name": "%s P1 and critical" % label, "order": 0,
        "criteria": {"type": "match-any-condition", "conditions": [
            {"field": "priority", "operation": "equals", "expectedValue": "P1"},
            {"field": "tags", "operation": "contains", "expectedValue": "critical"}]},
        "notify": {"type": "escalation", "id": escalation},
    }, ok=(201,))
    api.call("POST", path, {
        "name": "%s database in office hours" % label, "order": 1, "timezone": TIMEZONES[index % len(TIMEZONES)],
        "criteria": {"type": "match-all-conditions", "conditions": [
            {"field": "message", "operation": "contains", "expectedValue": "database"},
            {"field": "extra-properties", "key": "environment", "operation": "equals", "expectedValue": "production"},
            {"field": "source", "operation": "starts-with", "expectedValue": "test", "not": True}]},
        "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
            {"startDay": "monday", "endDay": "friday", "startHour": 8, "startMin": 0, "endHour": 18, "endMin": 0}]},
        "notify": {"type": "schedule", "id": s2},
    }, ok=(201,))
    default = [item for item in api.pages(path, {"size": 100}) if item.get("isDefault")]
    if len(default) != 1:
        raise SetupError("team %s has %d default routing rules" % (team, len(default)))
    api.call("PATCH", "%s/%s" % (path, default[0]["id"]), {"notify": {"type": "escalation", "id": escalation}})
    made.add("routing rule", 3)

    # A team role.
    api.call("POST", "/v1/teams/%s/roles" % team_id, {"name": "%s responder" % label, "rights": [
        {"right": "access-reports", "granted": True}, {"right": "edit-schedules", "granted": True},
        {"right": "edit-escalations", "granted": True}, {"right": "delete-schedules", "granted": False}]})
    made.add("team role")

    # Heartbeats, where the team's plan has them (402 otherwise).
    heartbeats = "/v1/teams/%s/heartbeats" % team_id
    if api.status("GET", heartbeats) == 402:
        made.skipped.append("heartbeats of %s (its plan has none: 402)" % team)
    else:
        api.call("POST", heartbeats, {"name": "rich-%s-worker" % team.lower(), "description": "%s queue worker" % team, "interval": 10,
                                      "intervalUnit": "minutes", "enabled": True, "alertMessage": "%s worker stopped" % team,
                                      "alertTags": [team.lower(), "worker"], "alertPriority": "P2"}, ok=(201,))
        made.add("heartbeat")
        if index % 2:
            api.call("POST", heartbeats, {"name": "rich-%s-backup" % team.lower(), "interval": 1, "intervalUnit": "days",
                                          "enabled": False}, ok=(201,))
            made.add("heartbeat")

    # Two API integrations, each with two more incoming actions: the ignore action moved before "Create Alert".
    for number in (1, 2):
        integration = api.call("POST", "/v1/integrations", {"name": "%s API %d" % (label, number), "type": "API", "enabled": number == 1,
                                                            "teamId": team_id, "description": "Rich setup integration %d" % number})["id"]
        made.add("integration")
        actions = "/v1/integrations/%s/actions" % integration
        create_alert = [item["id"] for item in api.pages(actions) if item["name"] == "Create Alert"]
        if len(create_alert) != 1:
            raise SetupError("integration %s has no action 'Create Alert'" % integration)
        ignore = api.call("POST", actions, {
            "type": "ignore", "name": "Ignore test alerts", "domain": "alert", "direction": "incoming", "enabled": True,
            "filter": {"conditionMatchType": "match-any-condition", "conditions": [
                {"field": "message", "operation": "starts-with", "expectedValue": "[test]"},
                {"field": "tags", "operation": "contains", "expectedValue": "test"}]},
        })["id"]
        api.call("PATCH", "%s/%s/order" % (actions, ignore), {"successorId": create_alert[0]})
        api.call("POST", actions, {
            "type": "create", "name": "Create P1 alerts", "domain": "alert", "direction": "incoming", "enabled": number == 1,
            "filter": {"conditionMatchType": "match-all-conditions", "conditions": [
                {"field": "priority", "operation": "equals", "expectedValue": "P1"}]},
        })
        made.add("integration action", 2)

    # Team policies: two alert policies, the second moved first; a notification policy.
    policies = "/v1/teams/%s/policies" % team_id
    api.call("POST", policies, {
        "type": "alert", "name": "%s tag database alerts" % label, "description": "Database alerts carry the tag", "enabled": True,
        "filter": {"type": "match-any-condition", "conditions": [{"field": "message", "operation": "contains", "expectedValue": "database"}]},
        "message": "{{message}}", "tags": ["database"], "continue": True,
    })
    outages = api.call("POST", policies, {
        "type": "alert", "name": "%s outages are P1" % label, "enabled": True,
        "filter": {"type": "match-all-conditions", "conditions": [{"field": "tags", "operation": "contains", "expectedValue": "outage"}]},
        "message": "[outage] {{message}}", "updatePriority": True, "priorityValue": "P1",
        "responders": [{"type": "escalation", "id": escalation}],
    })["id"]
    api.call("POST", "%s/%s/change-order" % (policies, outages), {"order": 0})
    api.call("POST", policies, {
        "type": "notification", "name": "%s low priority waits" % label, "description": "P4 and P5 wait half an hour", "enabled": True,
        "filter": {"type": "match-any-condition", "conditions": [
            {"field": "priority", "operation": "equals", "expectedValue": "P4"},
            {"field": "priority", "operation": "equals", "expectedValue": "P5"}]},
        "delayAction": {"delayOption": "forMinutes", "waitDuration": 30, "durationFormat": "minutes", "delayTime": {"hours": 0, "minutes": 0}},
        "autoCloseAction": {"waitDuration": 1, "durationFormat": "days"},
    })
    made.add("team alert policy", 2)
    made.add("notification policy")


def site_setup(api: Api, made: Counter, site_users) -> None:
    """A global schedule, a global API integration, a global alert policy and a custom user role."""
    schedule = create_schedule(api, made, RICH_PREFIX + "Global incident commanders", None, "Global schedule of the rich setup", "UTC", True)
    create_rotation(api, made, schedule, {"name": "Commanders", "type": "weekly", "length": 2, "startDate": "2026-01-05T09:00:00Z",
                                          "participants": users(site_users)})
    api.call("POST", "/v1/integrations", {"name": RICH_PREFIX + "Global API", "type": "API", "enabled": True})
    made.add("global integration")
    api.call("POST", "/v1/alerts/policies", {
        "type": "alert", "name": RICH_PREFIX + "staging alerts are P5", "description": "Staging never wakes anyone", "enabled": True,
        "filter": {"type": "match-all-conditions", "conditions": [{"field": "source", "operation": "equals", "expectedValue": "staging"}]},
        "message": "{{message}}", "tags": ["staging"], "updatePriority": True, "priorityValue": "P5",
    })
    made.add("global alert policy")
    api.call("POST", "/v1/roles", {"name": RICH_PREFIX + "auditor", "grantedRights": ["alert-action", "alert-add-note"],
                                   "disallowedRights": ["alert-delete"]})
    made.add("custom role")


# ---- profiles ----------------------------------------------------------------------------------


def rich(api: Api, count: int) -> Counter:
    teams = teams_by_name(api, TEAMS)
    refuse_unless_fresh(api, RICH_PREFIX, [teams[name] for name in TEAMS])
    ids = {email: api.user_id(email) for email in sorted({email for pair in TEAM_USERS.values() for email in pair} | set(SITE_USERS))}
    made = Counter(TEAMS)
    owned = {team: [] for team in TEAMS}
    for number in range(count):
        team = TEAMS[number % len(TEAMS)]
        people = [ids[email] for email in TEAM_USERS[team]]
        owned[team].append(rich_schedule(api, made, number // len(TEAMS) + 1, team, teams[team], people))
    for index, team in enumerate(TEAMS):
        if not owned[team]:
            raise SetupError("--schedules %d leaves team %s without schedules; the rich profile needs at least %d" % (count, team, len(TEAMS)), 2)
        team_setup(api, made, index, team, teams[team], owned[team], [ids[email] for email in TEAM_USERS[team]])
    site_setup(api, made, [ids[email] for email in SITE_USERS])
    return made


def bulk_schedules(api: Api, count: int, team: str) -> Counter:
    """``count`` schedules of ``team``, named Bulk 000 ..., each with one weekly rotation of two of the team's users (in turns,
    the other way round every other schedule): what tests/bench/bench.py seeds for figure B5 (make_b5_seed)."""
    team_id = teams_by_name(api, (team,))[team]
    refuse_unless_fresh(api, BULK_PREFIX, [])
    people = [api.user_id(email) for email in TEAM_USERS.get(team, SITE_USERS)]
    made = Counter((team,))
    for number in range(count):
        schedule = create_schedule(api, made, "%s%03d" % (BULK_PREFIX, number), team_id, "Bulk schedule %03d" % number, "UTC", True)
        create_rotation(api, made, schedule, {"name": "Weekly", "type": "weekly", "length": 1, "startDate": "2026-01-05T09:00:00Z",
                                              "participants": users(people if number % 2 == 0 else people[::-1])})
    return made


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", help="the site (the emulator's URL); default JSM_OPS_API_URL, then JSM_OPS_EMULATOR_URL")
    parser.add_argument("--email", help="an admin's email; default JSM_OPS_API_EMAIL")
    parser.add_argument("--token", help="that account's API token; default JSM_OPS_API_TOKEN")
    parser.add_argument("--cloud-id", help="default JSM_OPS_CLOUD_ID, else the site's /_edge/tenant_info")
    parser.add_argument("--integration-config", metavar="FILE",
                        help="integration_config.yml of the integration targets (jsm_ops_api_url, jsm_ops_cloud_id, jsm_ops_admin_*)")
    parser.add_argument("--profile", choices=("rich", "schedules"), default="rich", help="what to build (default %(default)s)")
    parser.add_argument("--schedules", type=int, help="schedules to make (default 30 for rich, 100 for schedules)")
    parser.add_argument("--team", default="Platform", help="the owner of the schedules of the schedules profile (default %(default)s)")
    args = parser.parse_args()
    config = {}
    if args.integration_config:
        # JSON scalars, one "name: value" a line (tests/utils/emulator_tool.py writes it so); no YAML library needed.
        with open(args.integration_config, encoding="utf-8") as handle:
            for line in handle:
                name, sep, value = line.partition(":")
                if sep and not line.startswith(("#", "-")):
                    try:
                        config[name.strip()] = json.loads(value.strip())
                    except ValueError:
                        config[name.strip()] = value.strip()
    args.url = args.url or config.get("jsm_ops_api_url") or os.environ.get("JSM_OPS_API_URL") or os.environ.get("JSM_OPS_EMULATOR_URL")
    args.email = args.email or config.get("jsm_ops_admin_email") or os.environ.get("JSM_OPS_API_EMAIL")
    args.token = args.token or config.get("jsm_ops_admin_token") or os.environ.get("JSM_OPS_API_TOKEN")
    args.cloud_id = args.cloud_id or config.get("jsm_ops_cloud_id") or os.environ.get("JSM_OPS_CLOUD_ID")
    missing = [option for option, value in (("--url", args.url), ("--email", args.email), ("--token", args.token)) if not value]
    if missing:
        parser.error("no %s (nor its environment variable)" % ", ".join(missing))
    if args.schedules is None:
        args.schedules = 30 if args.profile == "rich" else 100
    if args.schedules < 0:
        parser.error("--schedules must be 0 or more")
    return args


def main() -> int:
    args = parse_args()
    started = time.monotonic()
    try:
        api = Api(args.url, args.cloud_id, args.email, args.token)
        made = rich(api, args.schedules) if args.profile == "rich" else bulk_schedules(api, args.schedules, args.team)
    except SetupError as exc:
        print("rich_setup: %s" % exc, file=sys.stderr)
        return exc.status
    checked = api.violations()
    violations = checked[1] if checked else []
    checked = ("spec violations: not checked (not the emulator)" if checked is None
               else "spec violations: %d" % len(violations) if checked[0] else "spec violations: not checked (spec validation off)")
    print("rich_setup (%s) %s; %d requests in %.1f s; %s" % (args.profile, made, api.requests, time.monotonic() - started, checked))
    if violations:
        for violation in violations[:20]:
            print("  violation: %s" % json.dumps(violation, ensure_ascii=False), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
