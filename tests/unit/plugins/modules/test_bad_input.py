# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input, module by module: one table of cases, each with the exact message the user sees.

Every case runs a module (or the jsmops_oncall lookup) in-process against the emulator and asserts
that it fails with exactly the expected one-line message, that nothing in the result or on stderr is a
traceback or the API token, that the emulator saw no write request (POST, PUT, PATCH or DELETE), and
that the emulator's state is as it was.

Expected messages are compared whole.  Where a message names something only known at run time, the
case writes it as a placeholder, filled in before comparing: ``{url}`` (the emulator's address, which
carries a random port) and ``{tmp}`` (the test's temporary directory).  Arguments may use them too.

When JSM_OPS_REPORT_DIR is set, the session leaves ``bad-input.txt`` there with the figures of the cases
that ran: how many passed, across how many modules, and the writes and tracebacks seen.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pathlib
import re

import pytest

from ansible.errors import AnsibleError
from ansible.release import __version__ as ANSIBLE_CORE_VERSION

from ansible_collections.jsm.ops.plugins.lookup.jsmops_oncall import LookupModule
from ansible_collections.jsm.ops.plugins.module_utils.core.options import CONNECTION_OPTIONS
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, TEAMS
from ansible_collections.jsm.ops.tests.unit.plugins.figures import write_figures

OLD_CORE = tuple(int(part) for part in ANSIBLE_CORE_VERSION.split(".")[:2]) < (2, 19)

LOOKUP = "lookup"
WRITE_METHODS = frozenset(["POST", "PUT", "PATCH", "DELETE"])
MODULES_DIR = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "modules"
ALL_MODULES = sorted(path.stem for path in MODULES_DIR.glob("jsmops_*.py"))
STATE_MODULES = [name for name in ALL_MODULES if not name.endswith("_info")]
DROP = object()  # as an argument value: leave that connection option out
DUPLICATE_NAME = "Shared On-Call"
TOKEN = ACCOUNTS["ada"]["apiToken"]
URL_PASSWORD = "url-password-7f3e9c1d2b"  # a secret a user might paste into a URL option; never to be echoed
UNKNOWN_TEAM = ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
                "team membership (a team whose operations are off is not listed).")


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    module: str
    args: dict
    msg: str
    fixture: str | None = None  # "duplicate_schedule": two schedules named DUPLICATE_NAME
    check_mode: bool = False

    def __str__(self):
        return self.name


def case(title, module, msg, /, fixture=None, check_mode=False, **args):
    """One row of the table; ``args`` are the module's options (connection options override the defaults)."""
    return Case(title, module, args, msg, fixture, check_mode)


CASES = [
    # -- connection options (shared by every module and the lookup) ------------------------------------
    case("empty token", "jsmops_schedule_info",
         "api_token is required: set it to an Atlassian API token (or set JSM_OPS_API_TOKEN).",
         api_token=""),
    case("whitespace token", "jsmops_heartbeat_info",
         "api_token is required: set it to an Atlassian API token (or set JSM_OPS_API_TOKEN).",
         team="Platform", api_token="   "),
    case("token with newline", "jsmops_alert_info",
         "api_token contains whitespace; remove it (a pasted token often carries a trailing newline).",
         api_token=TOKEN + "\n"),
    case("email with colon", "jsmops_maintenance_info",
         "api_email must not contain ':' (HTTP Basic credentials cannot carry it); use the account's email address.",
         api_email="ada:admin@example.com"),
    case("empty email", "jsmops_schedule_rotation_info",
         "api_email is required: set it to the Atlassian account's email (or set JSM_OPS_API_EMAIL).",
         schedule="Platform Primary", api_email=""),
    case("no cloud_id or site", "jsmops_oncall_info",
         ("One of cloud_id or site is required: set cloud_id (or JSM_OPS_CLOUD_ID) to the site's cloud ID, or site (or "
          "JSM_OPS_SITE) to the site's host name such as example.atlassian.net."),
         cloud_id=DROP, site=DROP),
    case("cloud_id not a uuid", "jsmops_schedule_override_info",
         ("cloud_id must be the site's cloud ID, a UUID such as 1a2b3c4d-0000-4000-8000-0123456789ab "
          "(https://<site>/_edge/tenant_info shows it); or set site instead and let the collection look it up."),
         schedule="Platform Primary", cloud_id="my-site"),
    case("site not a hostname", "jsmops_schedule_timeline_info",
         ("site must be a host name or an http(s) URL such as example.atlassian.net or https://example.atlassian.net; got 'not a "
          "host'."),
         schedule="Platform Primary", cloud_id=DROP, site="not a host"),
    case("site with a path", "jsmops_heartbeat_ping",
         ("site must name the site only (such as example.atlassian.net), without a path; got "
          "'https://example.atlassian.net/jira'."),
         team="Platform", name="platform-api", cloud_id=DROP,
         site="https://example.atlassian.net/jira"),
    case("http api_url to a remote host", "jsmops_schedule",
         ("api_url uses plain http:// to api.example.com, which would send the API token unencrypted; use https:// (plain http "
          "is accepted only for loopback addresses)."),
         name="Platform Primary", api_url="http://api.example.com"),
    case("http site to a remote host", "jsmops_schedule_export",
         ("site uses plain http:// to example.atlassian.net, which would send the API token unencrypted; use https:// (plain "
          "http is accepted only for loopback addresses)."),
         schedule="Platform Primary", dest="{tmp}/p.ics",
         site="http://example.atlassian.net"),
    case("timeout zero", "jsmops_alert",
         "timeout must be a number of seconds greater than 0 and at most 3600; got 0.0.",
         alias="platform-api-latency", state="closed", timeout=0),
    case("retries too many", "jsmops_maintenance",
         "retries must be a whole number from 0 to 20; got 99.",
         description="Database upgrade window", state="absent", retries=99),
    case("timeout not a number", "jsmops_heartbeat",
         "argument 'timeout' is of type str and we were unable to convert to float: <class 'str'> cannot be converted to a float",
         team="Platform", name="platform-api", timeout="soon"),
    case("ca_path missing", "jsmops_schedule_rotation",
         "ca_path {tmp}/no-such-ca.pem does not exist; point it at a CA bundle file or a directory of CA certificates.",
         schedule="Platform Primary", name="Weekly", state="absent",
         ca_path="{tmp}/no-such-ca.pem"),
    case("site with a password", "jsmops_schedule_rotation_info",
         "site must not carry a user name or password; give the credentials in api_email and api_token.",
         schedule="Platform Primary", cloud_id=DROP,
         site="https://bob:" + URL_PASSWORD + "@example.atlassian.net"),
    case("site not a hostname with a password", "jsmops_schedule_override_info",
         "site must not carry a user name or password; give the credentials in api_email and api_token.",
         schedule="Platform Primary", cloud_id=DROP,
         site="bob:" + URL_PASSWORD + "@exa mple"),
    case("api_url not http", "jsmops_alert_info",
         "api_url must be a host name or an http(s) URL such as https://api.atlassian.com; got 'ftp://api.example.com'.",
         api_url="ftp://api.example.com"),
    case("retries negative", "jsmops_heartbeat_ping",
         "retries must be a whole number from 0 to 20; got -1.",
         team="Platform", name="platform-api", retries=-1),
    case("validate_certs not a boolean", "jsmops_maintenance_info",
         ("argument 'validate_certs' is of type list and we were unable to convert to bool: <class 'list'> cannot be converted "
          "to a bool"),
         validate_certs=["no"]),
    # -- jsmops_schedule ---------------------------------------------------------------------------------
    case("schedule unknown timezone", "jsmops_schedule",
         ("timezone 'Mars/Olympus_Mons' is not an IANA time zone name such as Europe/Berlin or America/New_York (the API would "
          "silently use America/New_York instead)."),
         name="Platform Primary", timezone="Mars/Olympus_Mons"),
    case("schedule unknown team", "jsmops_schedule",
         ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
          "team membership (a team whose operations are off is not listed)."),
         name="Platform Primary", team="Platfrom"),
    case("schedule blank name", "jsmops_schedule",
         "name must not be empty.",
         name="   "),
    case("schedule unknown state", "jsmops_schedule",
         "value of state must be one of: present, absent, got: gone",
         name="Platform Primary", state="gone"),
    case("unknown state, and a password in site", "jsmops_schedule",
         "value of state must be one of: present, absent, got: gone",
         name="Platform Primary", state="gone", cloud_id=DROP,
         site="https://bob:" + URL_PASSWORD + "@example.atlassian.net"),
    case("schedule neither name nor id", "jsmops_schedule",
         "one of the following is required: name, id",
         timezone="Europe/Berlin"),
    case("schedule name matches two", "jsmops_schedule",
         "name 'Shared On-Call' matches 2 schedules by name; give the schedule's id instead.",
         fixture="duplicate_schedule", name=DUPLICATE_NAME, state="absent"),
    case("schedule unknown option", "jsmops_schedule",
         ("Unsupported parameters for (jsmops_schedule) module: time_zone. Supported parameters include: api_email, api_token, api_url, "
          "ca_path, cloud_id, description, enabled, id, name, retries, site, state, team, timeout, timezone, validate_certs."),
         name="Platform Primary", time_zone="Europe/Berlin"),
    case("schedule enabled a list", "jsmops_schedule",
         "argument 'enabled' is of type list and we were unable to convert to bool: <class 'list'> cannot be converted to a bool",
         name="Platform Primary", enabled=["yes"]),
    case("schedule unknown id", "jsmops_schedule",
         ("id 00000000-0000-4000-8000-000000000000 is not a schedule the account can see; leave id out to create a schedule by "
          "name."),
         id="00000000-0000-4000-8000-000000000000", name="Platform Primary"),
    case("schedule unknown timezone in check mode", "jsmops_schedule",
         ("timezone 'Europe/Berlinn' is not an IANA time zone name such as Europe/Berlin or America/New_York (the API would "
          "silently use America/New_York instead)."),
         check_mode=True, name="New Schedule", timezone="Europe/Berlinn"),
    # -- jsmops_schedule_info ----------------------------------------------------------------------------
    case("schedule_info unknown expand", "jsmops_schedule_info",
         "value of expand must be one or more of: rotation. Got no match for: rotations",
         expand=["rotations"]),
    case("schedule_info id and name", "jsmops_schedule_info",
         "parameters are mutually exclusive: id|name",
         id="aed0e0f1-1474-5690-b7e6-d6cd3139bc2c", name="Platform Primary"),
    # -- jsmops_schedule_rotation ------------------------------------------------------------------------
    case("rotation end before start", "jsmops_schedule_rotation",
         "end_date must be after start_date.",
         schedule="Platform Primary", name="Weekly",
         start_date="2026-03-02T09:00:00+01:00", end_date="2026-03-01T09:00:00+01:00"),
    case("rotation date not ISO", "jsmops_schedule_rotation",
         ("start_date must be an ISO 8601 date and time with a UTC offset, such as 2026-03-01T09:00:00Z or "
          "2026-03-01T10:00:00+01:00; got 'next monday'."),
         schedule="Platform Primary", name="Weekly", start_date="next monday"),
    case("rotation unknown type", "jsmops_schedule_rotation",
         "value of type must be one of: daily, weekly, hourly, got: monthly",
         schedule="Platform Primary", name="Weekly", type="monthly"),
    case("rotation length zero", "jsmops_schedule_rotation",
         "length must be 1 or more; got 0.",
         schedule="Platform Primary", name="Weekly", length=0),
    case("rotation unknown user email", "jsmops_schedule_rotation",
         "participants[0] 'nobody@example.com': no Jira user has that email address on {url}.",
         schedule="Platform Primary", name="Weekly",
         participants=[{"type": "user", "email": "nobody@example.com"}]),
    case("rotation unknown team name", "jsmops_schedule_rotation",
         ("participants[0] 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the "
          "account's team membership (a team whose operations are off is not listed)."),
         schedule="Platform Primary", name="Weekly",
         participants=[{"type": "team", "name": "Platfrom"}]),
    case("rotation user with id and email", "jsmops_schedule_rotation",
         "participants[0]: a user participant takes id (the account id) or email; got email, id.",
         schedule="Platform Primary", name="Weekly",
         participants=[{"type": "user", "id": ACCOUNTS["dana"]["accountId"], "email": "dana.platform@example.com"}]),
    case("rotation unknown participant type", "jsmops_schedule_rotation",
         "value of type must be one of: user, team, escalation, noone, got: robot found in participants",
         schedule="Platform Primary", name="Weekly",
         participants=[{"type": "robot", "id": "r2d2"}]),
    case("rotation hour 25", "jsmops_schedule_rotation",
         "time_restriction.restriction.start_hour must be from 0 to 23; got 25.",
         schedule="Platform Primary", name="Weekly",
         time_restriction={"type": "time-of-day", "restriction": {"start_hour": 25, "start_min": 0, "end_hour": 17, "end_min": 0}}),
    case("rotation restriction of the wrong shape", "jsmops_schedule_rotation",
         "time_restriction of type weekday-and-time-of-day takes restrictions (a list of weekday periods), not restriction.",
         schedule="Platform Primary", name="Weekly",
         time_restriction={"type": "weekday-and-time-of-day",
                           "restriction": {"start_hour": 9, "start_min": 0, "end_hour": 17, "end_min": 0}}),
    case("rotation unknown schedule", "jsmops_schedule_rotation",
         "schedule 'Platfrom Primary' is not a schedule the account can see; create it first or check the name.",
         schedule="Platfrom Primary", name="Weekly", type="weekly",
         start_date="2026-03-02T09:00:00Z"),
    case("rotation schedule matches two", "jsmops_schedule_rotation",
         "schedule 'Shared On-Call' matches 2 schedules by name; give the schedule's id instead.",
         fixture="duplicate_schedule", schedule=DUPLICATE_NAME,
         name="Weekly", state="absent"),
    case("rotation create without type", "jsmops_schedule_rotation",
         "type is required to create rotation 'Nights'.",
         schedule="Platform Primary", name="Nights",
         start_date="2026-03-02T09:00:00Z"),
    case("rotation length not a number", "jsmops_schedule_rotation",
         'argument \'length\' is of type str and we were unable to convert to int: "\'two\'" cannot be converted to an int',
         schedule="Platform Primary", name="Weekly", length="two"),
    case("rotation participants not dicts", "jsmops_schedule_rotation",
         "participants must be a list of mappings with the keys type, id, email, name; got the text 'dana.platform@example.com'.",
         schedule="Platform Primary", name="Weekly",
         participants="dana.platform@example.com"),
    case("rotation weekday minute 60", "jsmops_schedule_rotation",
         "time_restriction.restrictions[0].end_min must be from 0 to 59; got 60.",
         schedule="Platform Primary", name="Weekly",
         time_restriction={"type": "weekday-and-time-of-day", "restrictions": [
             {"start_day": "monday", "end_day": "friday", "start_hour": 9, "start_min": 0, "end_hour": 17, "end_min": 60}]}),
    case("rotation noone with an id", "jsmops_schedule_rotation",
         "participants[0]: a noone participant takes no id, email or name; got id.",
         schedule="Platform Primary", name="Weekly",
         participants=[{"type": "noone", "id": "x"}]),
    case("rotation time_restriction not a mapping", "jsmops_schedule_rotation",
         "time_restriction must be a mapping with the keys type, restriction, restrictions; got the text 'weekdays 9 to 5'.",
         schedule="Platform Primary", name="Weekly", time_restriction="weekdays 9 to 5"),
    # -- jsmops_schedule_rotation_info -------------------------------------------------------------------
    case("rotation_info schedule matches two", "jsmops_schedule_rotation_info",
         "schedule 'Shared On-Call' matches 2 schedules by name; give the schedule's id instead.",
         fixture="duplicate_schedule", schedule=DUPLICATE_NAME),
    case("rotation_info without schedule", "jsmops_schedule_rotation_info",
         "missing required arguments: schedule",
         name="Weekly"),
    # -- jsmops_schedule_override ------------------------------------------------------------------------
    case("override end before start", "jsmops_schedule_override",
         "end_date must be after start_date.",
         schedule="Platform Primary", user="dana.platform@example.com",
         start_date="2030-11-14T18:00:00+01:00", end_date="2030-11-10T08:00:00+01:00"),
    case("override unknown user", "jsmops_schedule_override",
         "user 'nobody@example.com': no Jira user has that email address on {url}.",
         schedule="Platform Primary", user="nobody@example.com",
         start_date="2030-11-10T08:00:00+01:00", end_date="2030-11-14T18:00:00+01:00"),
    case("override unknown rotation", "jsmops_schedule_override",
         "rotations: 'Monthly' is not a rotation of the schedule.",
         schedule="Platform Primary", user="dana.platform@example.com",
         start_date="2030-11-10T08:00:00+01:00", end_date="2030-11-14T18:00:00+01:00", rotations=["Monthly"]),
    case("override absent without alias", "jsmops_schedule_override",
         "state is absent but all of the following are missing: alias",
         schedule="Platform Primary", state="absent"),
    case("override user and noone", "jsmops_schedule_override",
         "parameters are mutually exclusive: user|noone",
         schedule="Platform Primary", user="dana.platform@example.com",
         noone=True, start_date="2030-11-10T08:00:00+01:00", end_date="2030-11-14T18:00:00+01:00"),
    case("override unknown alias", "jsmops_schedule_override",
         ("alias 'no-such-override' is not an override of schedule 'Platform Primary'; the API generates aliases, so leave alias "
          "out to create a new override (its alias is returned)."),
         schedule="Platform Primary", alias="no-such-override", noone=True,
         start_date="2030-11-10T08:00:00+01:00", end_date="2030-11-14T18:00:00+01:00"),
    case("override without responder", "jsmops_schedule_override",
         "user (or noone: true) is required for an override with state present.",
         schedule="Platform Primary",
         start_date="2030-11-10T08:00:00+01:00", end_date="2030-11-14T18:00:00+01:00"),
    case("override schedule matches two", "jsmops_schedule_override",
         "schedule 'Shared On-Call' matches 2 schedules by name; give the schedule's id instead.",
         fixture="duplicate_schedule", schedule=DUPLICATE_NAME,
         alias="platform-maintenance-cover", state="absent"),
    # -- jsmops_schedule_override_info -------------------------------------------------------------------
    case("override_info schedule matches two", "jsmops_schedule_override_info",
         "schedule 'Shared On-Call' matches 2 schedules by name; give the schedule's id instead.",
         fixture="duplicate_schedule", schedule=DUPLICATE_NAME),
    # -- jsmops_oncall_info ------------------------------------------------------------------------------
    case("oncall negative concurrency", "jsmops_oncall_info",
         "concurrency must be a whole number from 1 to 32; got -3.",
         concurrency=-3),
    case("oncall concurrency not a number", "jsmops_oncall_info",
         'argument \'concurrency\' is of type str and we were unable to convert to int: "\'many\'" cannot be converted to an int',
         concurrency="many"),
    case("oncall date not ISO", "jsmops_oncall_info",
         ("date must be an ISO 8601 date and time with a UTC offset, such as 2026-03-01T09:00:00Z or 2026-03-01T10:00:00+01:00; "
          "got 'tomorrow 9am'."),
         date="tomorrow 9am"),
    case("oncall schedule matches two", "jsmops_oncall_info",
         "schedule 'Shared On-Call' matches 2 schedules by name; give the schedule's id instead.",
         fixture="duplicate_schedule", schedules=[DUPLICATE_NAME]),
    case("oncall schedules a mapping", "jsmops_oncall_info",
         ("argument 'schedules' is of type dict and we were unable to convert to list: <class 'dict'> cannot be converted to a "
          "list"),
         schedules={"Platform Primary": True}),
    case("oncall impossible date", "jsmops_oncall_info",
         "date is not a valid date and time: '2026-02-30T10:00:00Z'.",
         date="2026-02-30T10:00:00Z"),
    case("oncall unknown form", "jsmops_oncall_info",
         "value of form must be one of: users, participants, both, got: flat",
         form="flat"),
    # -- jsmops_schedule_timeline_info -------------------------------------------------------------------
    case("timeline interval zero", "jsmops_schedule_timeline_info",
         "interval must be 1 or more; got 0.",
         schedule="Platform Primary", interval=0),
    case("timeline unknown unit", "jsmops_schedule_timeline_info",
         "value of interval_unit must be one of: days, weeks, months, got: years",
         schedule="Platform Primary", interval_unit="years"),
    case("timeline date not ISO", "jsmops_schedule_timeline_info",
         ("date must be an ISO 8601 date and time with a UTC offset, such as 2026-03-01T09:00:00Z or 2026-03-01T10:00:00+01:00; "
          "got '2026-13-01'."),
         schedule="Platform Primary", date="2026-13-01"),
    case("timeline schedule matches two", "jsmops_schedule_timeline_info",
         "schedule 'Shared On-Call' matches 2 schedules by name; give the schedule's id instead.",
         fixture="duplicate_schedule", schedule=DUPLICATE_NAME),
    case("timeline unknown expand", "jsmops_schedule_timeline_info",
         "value of expand must be one or more of: base, forwarding, override. Got no match for: all",
         schedule="Platform Primary", expand=["all"]),
    # -- jsmops_schedule_export --------------------------------------------------------------------------
    case("export dest is a directory", "jsmops_schedule_export",
         "dest {tmp} is a directory; give the path of the calendar file to write.",
         schedule="Platform Primary", dest="{tmp}"),
    case("export dest in a missing directory", "jsmops_schedule_export",
         "dest {tmp}/missing/p.ics: the directory {tmp}/missing does not exist.",
         schedule="Platform Primary", dest="{tmp}/missing/p.ics"),
    case("export schedule and user", "jsmops_schedule_export",
         "parameters are mutually exclusive: schedule|user",
         schedule="Platform Primary", user="dana.platform@example.com",
         dest="{tmp}/p.ics"),
    case("export unknown schedule", "jsmops_schedule_export",
         "schedule 'Platfrom Primary' is not a schedule the account can see.",
         schedule="Platfrom Primary", dest="{tmp}/p.ics"),
    case("export unknown user", "jsmops_schedule_export",
         "user 'nobody@example.com': no Jira user has that email address on {url}.",
         user="nobody@example.com", dest="{tmp}/p.ics"),
    case("export unknown account id", "jsmops_schedule_export",
         ("user '712020:no-such-account' is not a user the API knows (API said: User not found); give the account id or email of "
          "an existing user."),
         user="712020:no-such-account", dest="{tmp}/p.ics"),
    # -- jsmops_alert ------------------------------------------------------------------------------------
    case("alert snoozed without end_time", "jsmops_alert",
         "end_time is required with state snoozed.",
         alias="platform-api-latency", state="snoozed"),
    case("alert end_time not ISO", "jsmops_alert",
         ("end_time must be an ISO 8601 date and time with a UTC offset, such as 2026-03-01T09:00:00Z or "
          "2026-03-01T10:00:00+01:00; got 'in an hour'."),
         alias="platform-api-latency", state="snoozed", end_time="in an hour"),
    case("alert unknown priority", "jsmops_alert",
         "value of priority must be one of: P1, P2, P3, P4, P5, got: P9",
         alias="deploy-failed", alert_message="Deploy failed", priority="P9"),
    case("alert unknown responder team", "jsmops_alert",
         ("responders[0] 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the "
          "account's team membership (a team whose operations are off is not listed)."),
         alias="deploy-failed", alert_message="Deploy failed",
         responders=[{"type": "team", "name": "Platfrom"}]),
    case("alert responder user with id and email", "jsmops_alert",
         "responders[0]: a user responder takes id (the account id) or email; got email, id.",
         alias="deploy-failed", alert_message="Deploy failed",
         responders=[{"type": "user", "id": ACCOUNTS["dana"]["accountId"], "email": "dana.platform@example.com"}]),
    case("alert open without message", "jsmops_alert",
         "alert_message is required to open a new alert.",
         alias="deploy-failed"),
    case("alert acknowledged without key", "jsmops_alert",
         "state acknowledged acts on an existing alert: give its alias or id.",
         state="acknowledged"),
    case("alert unknown assignee", "jsmops_alert",
         "assignee 'nobody@example.com': no Jira user has that email address on {url}.",
         alias="platform-api-latency", assignee="nobody@example.com"),
    case("alert closed cannot be acknowledged", "jsmops_alert",
         ("state acknowledged needs an open alert, but the alert with alias 'db-disk-full' is closed; state open raises a new "
          "alert with this alias."),
         alias="db-disk-full", state="acknowledged"),
    case("alert negative wait_timeout", "jsmops_alert",
         "wait_timeout must be 1 or more seconds; got -5 (set wait: false to return without waiting).",
         alias="deploy-failed", alert_message="Deploy failed", wait_timeout=-5),
    case("alert note_id without note", "jsmops_alert",
         "missing parameter(s) required by 'note_id': note",
         alias="platform-api-latency", note_id="some-note"),
    case("alert unknown note_id", "jsmops_alert",
         ("note_id 'no-such-note' is not a note of alert 98d55f72-44d8-5ad2-acec-c2f6ba61f609-1767603600000; the alert's notes are "
          "read with jsmops_alert_info."),
         alias="platform-api-latency", note_id="no-such-note", note="Rolled back"),
    case("alert unknown state", "jsmops_alert",
         "value of state must be one of: open, acknowledged, unacknowledged, closed, snoozed, deleted, got: removed",
         alias="platform-api-latency", state="removed"),
    case("alert unknown id", "jsmops_alert",
         ("Alert no-such-alert does not exist or the account cannot see it; an id names one alert and cannot raise a new one: "
          "use alias to raise an alert again."),
         id="no-such-alert", alert_message="Deploy failed"),
    case("alert details not a mapping", "jsmops_alert",
         ("argument 'details' is of type str and we were unable to convert to dict: dictionary requested, could not parse JSON "
          "or key=value"),
         alias="deploy-failed", alert_message="Deploy failed", details="job 42"),
    case("alert id and alias", "jsmops_alert",
         "parameters are mutually exclusive: alias|id",
         id="x", alias="deploy-failed", alert_message="Deploy failed"),
    case("alert snoozed when closed", "jsmops_alert",
         ("state snoozed needs an open alert, but the alert with alias 'db-disk-full' is closed; state open raises a new alert "
          "with this alias."),
         alias="db-disk-full", state="snoozed", end_time="2030-01-01T00:00:00Z"),
    case("alert responders not mappings", "jsmops_alert",
         "responders must be a list of mappings with the keys type, id, name, email; got the text 'Platform'.",
         alias="deploy-failed", alert_message="Deploy failed", responders=["Platform"]),
    case("alert wait_timeout zero in check mode", "jsmops_alert",
         "wait_timeout must be 1 or more seconds; got 0 (set wait: false to return without waiting).",
         check_mode=True, alias="deploy-failed", alert_message="Deploy failed", wait_timeout=0),
    # -- jsmops_alert_info -------------------------------------------------------------------------------
    case("alert_info limit zero", "jsmops_alert_info",
         ("limit must be from 1 to 19999: the API serves no result at offset 20000 or beyond; narrow the search with query, from "
          "or to."),
         limit=0),
    case("alert_info from not ISO", "jsmops_alert_info",
         ("from must be an ISO 8601 date and time with a UTC offset, such as 2026-03-01T09:00:00Z or 2026-03-01T10:00:00+01:00; "
          "got 'yesterday'."),
         **{"from": "yesterday"}),
    case("alert_info unknown sort", "jsmops_alert_info",
         "value of sort must be one of: createdAt, insertedAt, lastOccurredAt, priority, got: random",
         sort="random"),
    case("alert_info id and query", "jsmops_alert_info",
         "parameters are mutually exclusive: id|alias|query",
         id="x", query="status:open"),
    # -- jsmops_escalation -------------------------------------------------------------------------------
    case("escalation delay zero", "jsmops_escalation",
         "rules[0].delay must be 1 or more minutes; got 0.",
         team="Platform", name="Nightly", rules=[{"delay": 0, "recipient": {"type": "schedule", "name": "Platform Primary"}}]),
    case("escalation repeat count 21", "jsmops_escalation",
         "repeat.count must be from 1 to 20; got 21.",
         team="Platform", name="Nightly", repeat={"count": 21}),
    case("escalation unknown schedule", "jsmops_escalation",
         "rules[0].recipient: 'Platfrom Primary' is not a schedule the account can see.",
         team="Platform", name="Nightly", rules=[{"delay": 5, "recipient": {"type": "schedule", "name": "Platfrom Primary"}}]),
    case("escalation unknown team", "jsmops_escalation",
         ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
          "team membership (a team whose operations are off is not listed)."),
         team="Platfrom", name="Nightly", rules=[{"delay": 5, "recipient": {"type": "schedule", "name": "Platform Primary"}}]),
    case("escalation create without rules", "jsmops_escalation",
         "rules is required to create escalation 'Nightly'.",
         team="Platform", name="Nightly", description="No one to notify"),
    case("escalation recipient with id and name", "jsmops_escalation",
         "rules[0].recipient: a team recipient takes id or name; got id, name.",
         team="Platform", name="Nightly", rules=[{"delay": 5, "recipient": {"type": "team", "id": "x", "name": "Platform"}}]),
    case("escalation unknown condition", "jsmops_escalation",
         "value of condition must be one of: if-not-acked, if-not-closed, got: if-seen found in rules",
         team="Platform", name="Nightly", rules=[{"delay": 5, "condition": "if-seen", "recipient": {"type": "team", "name": "Platform"}}]),
    # -- jsmops_escalation_info --------------------------------------------------------------------------
    case("escalation_info unknown team", "jsmops_escalation_info",
         ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
          "team membership (a team whose operations are off is not listed)."),
         team="Platfrom"),
    # -- jsmops_routing_rule -----------------------------------------------------------------------------
    case("routing_rule unknown escalation", "jsmops_routing_rule",
         "notify.name 'Platfrom escalation' is not an escalation of team 'Platform'; create it first or check the name.",
         team="Platform", name="Nights", notify={"type": "escalation", "name": "Platfrom escalation"}),
    case("routing_rule unknown schedule", "jsmops_routing_rule",
         "notify.name 'Platfrom Primary' is not a schedule the account can see; create it first or check the name.",
         team="Platform", name="Nights", notify={"type": "schedule", "name": "Platfrom Primary"}),
    case("routing_rule minute 75", "jsmops_routing_rule",
         "time_restriction.restriction.end_min must be from 0 to 59; got 75.",
         team="Platform", name="Nights", notify={"type": "none"},
         time_restriction={"type": "time-of-day", "restriction": {"start_hour": 18, "start_min": 0, "end_hour": 8, "end_min": 75}}),
    case("routing_rule order past the default rule", "jsmops_routing_rule",
         "order 3 is not a position this routing rule can take among the 2 routing rules: use 0 to 0 (1 of them cannot move).",
         team="Platform", name="Nights", notify={"type": "none"}, order=3),
    case("routing_rule negative order", "jsmops_routing_rule",
         "order must be from 0 (the first) to 100; got -1.",
         team="Platform", name="Nights", notify={"type": "none"}, order=-1),
    case("routing_rule conditions without a list", "jsmops_routing_rule",
         "criteria of type match-any-condition needs at least one condition in criteria.conditions.",
         team="Platform", name="Nights", notify={"type": "none"}, criteria={"type": "match-any-condition"}),
    case("routing_rule create without notify", "jsmops_routing_rule",
         "notify is required to create routing rule 'Nights'.",
         team="Platform", name="Nights", timezone="Europe/Berlin"),
    case("routing_rule delete the default rule", "jsmops_routing_rule",
         ("'Default routing rule' is the team's default routing rule, which the API does not delete; set its notify to type none "
          "to route nothing through it."),
         team="Platform", name="Default routing rule", state="absent"),
    # -- jsmops_routing_rule_info ------------------------------------------------------------------------
    case("routing_rule_info unknown team", "jsmops_routing_rule_info",
         UNKNOWN_TEAM,
         team="Platfrom"),
    # -- jsmops_team -------------------------------------------------------------------------------------
    case("team off by name", "jsmops_team",
         ("team 'Support' is not an operations team the account can see. This API lists only teams whose operations are on, so it "
          "cannot find a team whose operations are off by name: give the team's id (the last part of its address in Atlassian "
          "Home), and check the account is a member or an admin."),
         team="Support"),
    case("team defaults without waiting", "jsmops_team",
         "delete_default_resources needs wait: true: the default resources exist only once operations are on.",
         team="Support", delete_default_resources=True, wait=False),
    case("team wait timeout zero", "jsmops_team",
         "wait_timeout must be 1 or more seconds; got 0 (set wait: false to return without waiting).",
         team="Support", wait_timeout=0),
    case("team unknown state", "jsmops_team",
         "value of state must be one of: enabled, got: present",
         team="Support", state="present"),
    # -- jsmops_team_info --------------------------------------------------------------------------------
    case("team_info id and name", "jsmops_team_info",
         "parameters are mutually exclusive: id|team",
         id="x", team="Platform"),
    # -- jsmops_team_role --------------------------------------------------------------------------------
    case("team_role unknown right", "jsmops_team_role",
         ("value of rights must be one or more of: access-reports, delete-escalations, delete-heartbeats, delete-integrations, "
          "delete-maintenance, delete-policies, delete-routing-rules, delete-schedules, delete-team-roles, edit-escalations, "
          "edit-heartbeats, edit-integrations, edit-maintenance, edit-policies, edit-routing-rules, edit-schedules, "
          "edit-team-roles. Got no match for: fly"),
         team="Platform", name="Pilots", rights=["fly"]),
    case("team_role blank name", "jsmops_team_role",
         "name must not be empty.",
         team="Platform", name="  ", rights=["access-reports"]),
    case("team_role unknown team", "jsmops_team_role",
         UNKNOWN_TEAM,
         team="Platfrom", name="Pilots"),
    # -- jsmops_team_role_info ---------------------------------------------------------------------------
    case("team_role_info unknown team", "jsmops_team_role_info",
         UNKNOWN_TEAM,
         team="Platfrom"),
    # -- jsmops_config -----------------------------------------------------------------------------------
    case("config nothing declared", "jsmops_config",
         "one of the following is required: src, teams, globals"),
    case("config src and teams", "jsmops_config",
         "parameters are mutually exclusive: src|teams",
         src="config", teams=[]),
    case("config misspelt rotation option", "jsmops_config",
         ("teams[0].schedules[0].rotations[0] has an unknown key 'lenght'; use name, state, type, length, start_date, end_date, "
          "participants, time_restriction."),
         teams=[{"team": "Platform", "schedules": [{"name": "Platform Primary", "rotations": [{"name": "Weekly", "lenght": 2}]}]}]),
    case("config heartbeat interval zero", "jsmops_config",
         "teams[0].heartbeats[0]: interval must be 1 or more; got 0.",
         teams=[{"team": "Platform", "heartbeats": [{"name": "platform-api", "interval": 0, "interval_unit": "hours"}]}]),
    case("config unknown team", "jsmops_config",
         ("teams[0].team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the "
          "account's team membership (a team whose operations are off is not listed). Its operations must be on "
          "(jsm.ops.jsmops_team) before its objects can be converged."),
         teams=[{"team": "Platfrom", "heartbeats": []}]),
    case("config concurrency zero", "jsmops_config",
         "concurrency must be a whole number from 1 to 32; got 0.",
         globals={"custom_roles": []}, concurrency=0),
    # -- jsmops_config_export ----------------------------------------------------------------------------
    case("config_export unknown team", "jsmops_config_export",
         ("teams[0] 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the "
          "account's team membership (a team whose operations are off is not listed)."),
         teams=["Platfrom"]),
    case("config_export team given as a mapping", "jsmops_config_export",
         "teams[0] must be text, not a mapping; give a list of single values.",
         teams=[{"team": "Platform"}]),
    case("config_export concurrency too high", "jsmops_config_export",
         "concurrency must be a whole number from 1 to 32; got 33.",
         concurrency=33),
    # -- jsmops_api --------------------------------------------------------------------------------------
    case("api dot segments", "jsmops_api",
         "path must not contain empty, '.' or '..' segments (also percent-encoded): they would address another endpoint; got "
         "'/v1/teams/%2e%2e/schedules'.",
         method="DELETE", path="/v1/teams/%2e%2e/schedules"),
    case("api full url", "jsmops_api",
         "path must be relative to the API base, such as /v1/teams; got '{url}/v1/teams'. The address comes from api_url and "
         "cloud_id (or site).",
         path="{url}/v1/teams"),
    case("api placeholder left", "jsmops_api",
         "path still has a placeholder ({{teamId}}); put the id in its place, such as /v1/teams/<team id>/policies.",
         method="POST", path="/api/{{cloudId}}/v1/teams/{{teamId}}/heartbeats", body={"name": "x"}),
    case("api body with get", "jsmops_api",
         "body is sent only with POST, PUT, PATCH or DELETE; method is GET.",
         path="/v1/teams", body={"name": "x"}),
    case("api wait elsewhere", "jsmops_api",
         "wait works for the API's asynchronous requests, on alert paths (/v1/alerts/...) and team paths (/v1/teams/<team id>/...); "
         "/v1/schedules is neither.",
         method="POST", path="/v1/schedules", body={"name": "x"}, wait=True),
    case("api query in path", "jsmops_api",
         "path must not carry a query or fragment; give query parameters in query. Got '/v1/schedules?query=x'.",
         path="/v1/schedules?query=x"),
    case("api no version", "jsmops_api",
         "path must start with the API version, such as /v1/teams; got 'teams'.",
         path="teams"),
    # -- jsmops_audit_log_info ---------------------------------------------------------------------------
    case("audit_log_info unknown category", "jsmops_audit_log_info",
         "category 'Deploys' is not an audit log category; use one of: Automation, Incoming Data, Alerts, API, Configuration Changes, "
         "Emails, Heartbeats, Incident Management, Integrations, Syncs, Notifications, Oncall Management, Services, User Import, "
         "Added user to group, Added user to role.",
         category=["Configuration Changes", "Deploys"]),
    case("audit_log_info start after end", "jsmops_audit_log_info",
         "start must not be after end; got start 2026-12-02T00:00:00Z and end 2026-12-01T00:00:00Z.",
         start="2026-12-02T00:00:00Z", end="2026-12-01T00:00:00Z"),
    # -- jsmops_integration ------------------------------------------------------------------------------
    case("integration slack", "jsmops_integration",
         ("type Slack: the API cannot create Slack or Microsoft Teams integrations; add them from Jira Service Management's "
          "integration page, then manage them here by name."),
         name="Chat", type="Slack"),
    case("integration unknown team", "jsmops_integration",
         UNKNOWN_TEAM,
         name="Alertmanager", type="API", team="Platfrom"),
    case("integration key into a missing directory", "jsmops_integration",
         "api_key_dest {tmp}/nowhere/key: the directory {tmp}/nowhere does not exist; create it first.",
         name="Alertmanager", type="API", api_key_dest="{tmp}/nowhere/key"),
    case("integration create without type", "jsmops_integration",
         "type is required to create integration 'Alertmanager'.",
         name="Alertmanager"),
    case("integration type changed", "jsmops_integration",
         ("type of integration 'Platform Prometheus' is Prometheus; the API cannot change it: delete the integration and create it "
          "again."),
         name="Platform Prometheus", type="Datadog"),
    # -- jsmops_integration_info --------------------------------------------------------------------------
    case("integration_info name as a list", "jsmops_integration_info",
         "name must be text, not a list; give a single value.",
         name=["Default API"]),
    # -- jsmops_integration_action ------------------------------------------------------------------------
    case("integration_action unknown type", "jsmops_integration_action",
         "type escalate is not an incoming action type; use one of create, close, acknowledge, addNote, ignore.",
         integration="Default API", name="Escalate", type="escalate"),
    case("integration_action unknown integration", "jsmops_integration_action",
         "integration 'Nagios' is not an integration the account can see; create it with jsm.ops.jsmops_integration first.",
         integration="Nagios", name="Create", type="create"),
    case("integration_action outgoing without group", "jsmops_integration_action",
         "group_type is required to create an outgoing action (forwarding, updating or checkbox).",
         integration="Default API", name="Forward", type="publish", direction="outgoing"),
    case("integration_action condition without key", "jsmops_integration_action",
         "criteria.conditions[0]: a condition on details needs key (the property's name).",
         integration="Default API", name="Create", type="create",
         criteria={"type": "match-all-conditions", "conditions": [{"field": "details", "operation": "equals", "expected_value": "x"}]}),
    case("integration_action unknown condition field", "jsmops_integration_action",
         ("value of field must be one of: message, alias, description, source, entity, tags, actions, "
          "extra-properties, priority, details, responders, got: severity found in criteria -> conditions"),
         integration="Default API", name="Create", type="create",
         criteria={"type": "match-all-conditions", "conditions": [{"field": "severity", "operation": "equals", "expected_value": "x"}]}),
    # -- jsmops_integration_action_info -------------------------------------------------------------------
    case("integration_action_info blank integration", "jsmops_integration_action_info",
         "integration must not be empty.",
         integration=" "),
    # -- jsmops_integration_outgoing_filter ---------------------------------------------------------------
    case("integration_outgoing_filter match-all with conditions", "jsmops_integration_outgoing_filter",
         ("criteria of type match-all matches every alert and takes no conditions; use match-any-condition or match-all-conditions "
          "to list conditions."),
         integration="Default API",
         criteria={"type": "match-all", "conditions": [{"field": "priority", "operation": "equals", "expected_value": "P1"}]}),
    case("integration_outgoing_filter no conditions", "jsmops_integration_outgoing_filter",
         "criteria of type match-any-condition needs at least one condition in criteria.conditions.",
         integration="Default API", criteria={"type": "match-any-condition"}),
    case("integration_outgoing_filter unknown integration", "jsmops_integration_outgoing_filter",
         "integration 'Nagios' is not an integration the account can see; create it with jsm.ops.jsmops_integration first.",
         integration="Nagios"),
    # -- jsmops_alert_policy ------------------------------------------------------------------------------
    case("alert_policy create without message", "jsmops_alert_policy",
         "alert_message is required to create alert policy 'Staging is P5'.",
         name="Staging is P5", priority="P5"),
    case("alert_policy unknown team", "jsmops_alert_policy",
         UNKNOWN_TEAM,
         team="Platfrom", name="Staging is P5", alert_message="{{message}}"),
    case("alert_policy responder without name or id", "jsmops_alert_policy",
         "responders[0]: a team responder takes id or name; got none of them.",
         name="Staging is P5", alert_message="{{message}}", responders=[{"type": "team"}]),
    case("alert_policy negative order", "jsmops_alert_policy",
         "order must be from 0 (the first) to the last position; got -1.",
         name="Staging is P5", alert_message="{{message}}", order=-1),
    # -- jsmops_alert_policy_info -------------------------------------------------------------------------
    case("alert_policy_info name as a list", "jsmops_alert_policy_info",
         "name must be text, not a list; give a single value.",
         name=["Suppress test alerts"]),
    # -- jsmops_notification_policy -----------------------------------------------------------------------
    case("notification_policy delay without duration", "jsmops_notification_policy",
         "delay.duration is required (1 or more).",
         team="Platform", name="Low priority waits", delay={"option": "for-duration"}),
    case("notification_policy delay time not a time", "jsmops_notification_policy",
         "delay.time must be a time of day as HH:MM, such as 09:30; got '25:00'.",
         team="Platform", name="Low priority waits", delay={"option": "next-weekday", "time": "25:00"}),
    case("notification_policy restart count", "jsmops_notification_policy",
         "auto_restart.max_repeat_count must be from 1 to 20; got 21.",
         team="Platform", name="Restart", auto_restart={"duration": 10, "max_repeat_count": 21}),
    case("notification_policy frequency missing", "jsmops_notification_policy",
         "deduplication.frequency (1 or more) is required for a frequency-based de-duplication.",
         team="Platform", name="Dedup", deduplication={"type": "frequency-based", "count": 3, "duration": 5}),
    # -- jsmops_notification_policy_info ------------------------------------------------------------------
    case("notification_policy_info unknown team", "jsmops_notification_policy_info",
         UNKNOWN_TEAM,
         team="Platfrom"),
    # -- jsmops_custom_role -------------------------------------------------------------------------------
    case("custom_role right granted and disallowed", "jsmops_custom_role",
         "A right cannot be both granted and disallowed; alert-delete is in granted_rights and in disallowed_rights.",
         name="Responder", granted_rights=["alert-delete", "alert-action"], disallowed_rights=["alert-delete"]),
    case("custom_role blank right", "jsmops_custom_role",
         "granted_rights must not hold an empty right.",
         name="Responder", granted_rights=["alert-action", " "]),
    case("custom_role blank name", "jsmops_custom_role",
         "name must not be empty.",
         name="  ", granted_rights=["alert-action"]),
    case("custom_role as a member", "jsmops_custom_role",
         ("GET /v1/roles returned HTTP 403: The account lacks permission for this operation; ask a Jira Service Management admin for "
          "the needed role. API said: You do not have permission to manage custom user roles"),
         api_email=ACCOUNTS["dana"]["email"], api_token=ACCOUNTS["dana"]["apiToken"], name="Responder"),
    # -- jsmops_custom_role_assign ------------------------------------------------------------------------
    case("custom_role_assign unknown role", "jsmops_custom_role_assign",
         "role 'Nope' is not a custom role of the site; create it with jsm.ops.jsmops_custom_role first.",
         role="Nope", user="erin.database@example.com"),
    case("custom_role_assign blank role", "jsmops_custom_role_assign",
         "role must not be empty.",
         role="", user="erin.database@example.com"),
    case("custom_role_assign blank user", "jsmops_custom_role_assign",
         "user must not be empty.",
         role="Responder", user=" "),
    # -- jsmops_custom_role_info --------------------------------------------------------------------------
    case("custom_role_info name as a list", "jsmops_custom_role_info",
         "name must be text, not a list; give a single value.",
         name=["Responder"]),
    # -- jsmops_forwarding_rule ---------------------------------------------------------------------------
    case("forwarding_rule without users", "jsmops_forwarding_rule",
         "from_user and to_user name the forwarding rule; give both, or its id.",
         from_user="dana.platform@example.com", end_date="2027-01-18T00:00:00Z"),
    case("forwarding_rule end before start", "jsmops_forwarding_rule",
         "end_date must be after start_date.",
         from_user="dana.platform@example.com", to_user="erin.database@example.com",
         start_date="2027-01-18T00:00:00Z", end_date="2027-01-04T00:00:00Z"),
    case("forwarding_rule to the same user", "jsmops_forwarding_rule",
         "to_user must be another user than from_user: a user's notifications cannot be forwarded to the same user.",
         from_user="dana.platform@example.com", to_user="dana.platform@example.com",
         start_date="2027-01-04T00:00:00Z", end_date="2027-01-18T00:00:00Z"),
    case("forwarding_rule create without dates", "jsmops_forwarding_rule",
         "start_date and end_date are required to create the forwarding rule.",
         from_user="dana.platform@example.com", to_user="erin.database@example.com"),
    case("forwarding_rule unknown user", "jsmops_forwarding_rule",
         "to_user 'nobody@example.com': no Jira user has that email address on {url}.",
         from_user="dana.platform@example.com", to_user="nobody@example.com", start_date="2027-01-04T00:00:00Z",
         end_date="2027-01-18T00:00:00Z"),
    # -- jsmops_forwarding_rule_info ----------------------------------------------------------------------
    case("forwarding_rule_info unknown user", "jsmops_forwarding_rule_info",
         "from_user 'nobody@example.com': no Jira user has that email address on {url}.",
         from_user="nobody@example.com"),
    # -- jsmops_notification_rule -------------------------------------------------------------------------
    case("notification_rule create without action type", "jsmops_notification_rule",
         "action_type is required to create notification rule 'P1 alerts'.",
         name="P1 alerts"),
    case("notification_rule schedule rule without times", "jsmops_notification_rule",
         "notification_time must name at least one time for a schedule-start rule.",
         name="Shift", action_type="schedule-start", notification_time=[]),
    case("notification_rule negative order", "jsmops_notification_rule",
         "order must be 0 or more; got -1.",
         name="P1 alerts", action_type="create-alert", order=-1),
    case("notification_rule unknown schedule", "jsmops_notification_rule",
         "schedules: 'Nope' is not a schedule the account can see.",
         name="Shift", action_type="schedule-start", notification_time=["1-hour-ago"], schedules=["Nope"]),
    # -- jsmops_notification_rule_info --------------------------------------------------------------------
    case("notification_rule_info name as a list", "jsmops_notification_rule_info",
         "name must be text, not a list; give a single value.",
         name=["P1 alerts"]),
    # -- jsmops_notification_rule_step --------------------------------------------------------------------
    case("notification_rule_step unknown rule", "jsmops_notification_rule_step",
         "rule 'Nope' is not a notification rule of the calling account; create it with jsm.ops.jsmops_notification_rule first.",
         rule="Nope", method="email", to="ada.admin@example.com"),
    case("notification_rule_step blank address", "jsmops_notification_rule_step",
         "to must not be empty.",
         rule="Nope", method="email", to="  "),
    case("notification_rule_step unknown method", "jsmops_notification_rule_step",
         "value of method must be one of: email, sms, voice, mobile, got: pager",
         rule="Nope", method="pager", to="123"),
    # -- jsmops_user_contact ------------------------------------------------------------------------------
    case("user_contact email that is no address", "jsmops_user_contact",
         "to must be an email address for method email; got 'dana at example'.",
         method="email", to="dana at example"),
    case("user_contact number that is no number", "jsmops_user_contact",
         "to must be a phone number for method sms, such as +49-1511-2345678; got 'call me'.",
         method="sms", to="call me"),
    case("user_contact new mobile", "jsmops_user_contact",
         ("A mobile contact is added by signing in to the mobile app, not through the API; this module can turn one on or off, "
          "or delete it."),
         method="mobile", to="My phone"),
    case("user_contact unknown method", "jsmops_user_contact",
         "value of method must be one of: email, sms, voice, mobile, got: pager",
         method="pager", to="123"),
    # -- jsmops_user_contact_info -------------------------------------------------------------------------
    case("user_contact_info unknown user", "jsmops_user_contact_info",
         "user 'nobody@example.com': no Jira user has that email address on {url}.",
         user="nobody@example.com"),
    # -- jsmops_heartbeat --------------------------------------------------------------------------------
    case("heartbeat interval zero", "jsmops_heartbeat",
         "interval must be 1 or more; got 0.",
         team="Platform", name="platform-api", interval=0),
    case("heartbeat unknown unit", "jsmops_heartbeat",
         "value of interval_unit must be one of: minutes, hours, days, got: weeks",
         team="Platform", name="platform-api", interval=1, interval_unit="weeks"),
    case("heartbeat unknown team", "jsmops_heartbeat",
         ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
          "team membership (a team whose operations are off is not listed)."),
         team="Platfrom", name="deploy", interval=5, interval_unit="minutes"),
    case("heartbeat create without interval", "jsmops_heartbeat",
         "interval and interval_unit are required to create heartbeat 'deploy'.",
         team="Platform", name="deploy"),
    case("heartbeat unknown priority", "jsmops_heartbeat",
         "value of alert_priority must be one of: P1, P2, P3, P4, P5, got: P0",
         team="Platform", name="platform-api", alert_priority="P0"),
    case("heartbeat name too long", "jsmops_heartbeat",
         "name must be at most 200 characters; got 201.",
         team="Platform", name="h" * 201, interval=5, interval_unit="minutes"),
    case("heartbeat alert_message too long", "jsmops_heartbeat",
         "alert_message must be at most 130 characters; got 131.",
         team="Platform", name="platform-api", alert_message="m" * 131),
    case("heartbeat name too long in check mode", "jsmops_heartbeat",
         "name must be at most 200 characters; got 250.",
         check_mode=True, team="Platform", name="h" * 250, interval=5, interval_unit="minutes"),
    # -- jsmops_heartbeat_info ---------------------------------------------------------------------------
    case("heartbeat_info unknown team", "jsmops_heartbeat_info",
         ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
          "team membership (a team whose operations are off is not listed)."),
         team="Platfrom"),
    case("heartbeat_info without team", "jsmops_heartbeat_info",
         "missing required arguments: team",
         name="platform-api"),
    # -- jsmops_heartbeat_ping ---------------------------------------------------------------------------
    case("ping unknown heartbeat", "jsmops_heartbeat_ping",
         ("heartbeat 'nightly-deploy' does not exist in team 'Platform'; the API would accept the ping and drop it. Create it "
          "with jsm.ops.jsmops_heartbeat, or set check_exists: false."),
         team="Platform", name="nightly-deploy"),
    case("ping unknown team", "jsmops_heartbeat_ping",
         ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
          "team membership (a team whose operations are off is not listed)."),
         team="Platfrom", name="platform-api"),
    case("ping check_exists not a boolean", "jsmops_heartbeat_ping",
         ("argument 'check_exists' is of type dict and we were unable to convert to bool: <class 'dict'> cannot be converted to "
          "a bool"),
         team="Platform", name="platform-api", check_exists={"yes": 1}),
    # -- jsmops_maintenance ------------------------------------------------------------------------------
    case("maintenance end before start", "jsmops_maintenance",
         "end_date must be after start_date.",
         description="Deploy", start_date="2030-01-02T10:00:00Z",
         end_date="2030-01-02T09:00:00Z", rules=[{"type": "integration", "name": "Platform Prometheus"}]),
    case("maintenance duration unreadable", "jsmops_maintenance",
         "duration must look like 90m, 2h, 1d or 1h30m; got 'an hour'.",
         description="Deploy", duration="an hour",
         rules=[{"type": "integration", "name": "Platform Prometheus"}]),
    case("maintenance duration zero", "jsmops_maintenance",
         "duration must be longer than zero; got '0m'.",
         description="Deploy", duration="0m",
         rules=[{"type": "integration", "name": "Platform Prometheus"}]),
    case("maintenance duration and start_date", "jsmops_maintenance",
         "parameters are mutually exclusive: duration|start_date",
         description="Deploy", duration="1h",
         start_date="2030-01-02T10:00:00Z", rules=[{"type": "integration", "name": "Platform Prometheus"}]),
    case("maintenance unknown integration", "jsmops_maintenance",
         "rules[0]: 'Nagios': no integration the account can see has that name.",
         description="Deploy", duration="1h",
         rules=[{"type": "integration", "name": "Nagios"}]),
    case("maintenance rule with id and name", "jsmops_maintenance",
         "rules[0]: give the integration's id or its name (one of them).",
         description="Deploy", duration="1h",
         rules=[{"type": "integration", "id": "x", "name": "Platform Prometheus"}]),
    case("maintenance unknown rule type", "jsmops_maintenance",
         "value of type must be one of: integration, policy, sync, got: webhook found in rules",
         description="Deploy", duration="1h",
         rules=[{"type": "webhook", "name": "Platform Prometheus"}]),
    case("maintenance unknown team", "jsmops_maintenance",
         ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
          "team membership (a team whose operations are off is not listed)."),
         team="Platfrom", description="Deploy", duration="1h",
         rules=[{"type": "integration", "name": "Platform Prometheus"}]),
    case("maintenance create without rules", "jsmops_maintenance",
         "rules is required to create a maintenance window.",
         description="Deploy", duration="1h"),
    case("maintenance description too long", "jsmops_maintenance",
         "description must be at most 200 characters; got 201.",
         description="x" * 201, duration="1h",
         rules=[{"type": "integration", "name": "Platform Prometheus"}]),
    case("maintenance unknown state", "jsmops_maintenance",
         "value of state must be one of: present, absent, cancelled, got: paused",
         description="Deploy", state="paused"),
    case("maintenance integration enabled", "jsmops_maintenance",
         "rules[0]: a maintenance window can only disable an integration (only policies can be enabled); set state: disabled.",
         description="Deploy", duration="1h",
         rules=[{"type": "integration", "name": "Platform Prometheus", "state": "enabled"}]),
    case("maintenance same integration twice", "jsmops_maintenance",
         "rules[1] names the same integration as rules[0]; give each one rule only.",
         description="Deploy", duration="1h",
         rules=[{"type": "integration", "name": "Platform Prometheus"}, {"type": "integration", "name": "platform prometheus"}]),
    case("maintenance unknown id", "jsmops_maintenance",
         ("id 00000000-0000-4000-8000-000000000000 is not a maintenance window the account can see; leave id out to open a new "
          "one."),
         id="00000000-0000-4000-8000-000000000000", duration="1h"),
    case("maintenance rules not mappings", "jsmops_maintenance",
         "rules must be a list of mappings with the keys type, id, name, state; got the text 'Platform Prometheus'.",
         description="Deploy", duration="1h", rules="Platform Prometheus"),
    case("maintenance sync enabled in check mode", "jsmops_maintenance",
         "rules[0]: a maintenance window can only disable a sync (only policies can be enabled); set state: disabled.",
         check_mode=True, description="Deploy", duration="1h", rules=[{"type": "sync", "name": "Platform Jira sync", "state": "enabled"}]),
    # -- jsmops_maintenance_info -------------------------------------------------------------------------
    case("maintenance_info unknown type", "jsmops_maintenance_info",
         "value of type must be one of: all, non-expired, past, got: future",
         type="future"),
    case("maintenance_info unknown team", "jsmops_maintenance_info",
         ("team 'Platfrom' is neither the id nor the name of a team the account can see; check the spelling or the account's "
          "team membership (a team whose operations are off is not listed)."),
         team="Platfrom"),
    # -- the jsmops_oncall lookup ------------------------------------------------------------------------
    case("lookup site with a password", LOOKUP,
         "jsm.ops.jsmops_oncall: site must not carry a user name or password; give the credentials in api_email and api_token.",
         terms=["Platform Primary"], cloud_id=DROP,
         site="https://bob:" + URL_PASSWORD + "@example.atlassian.net"),
    case("lookup without terms", LOOKUP,
         "jsm.ops.jsmops_oncall needs at least one schedule name or id as a term.",
         terms=[]),
    case("lookup unknown schedule", LOOKUP,
         "jsm.ops.jsmops_oncall: no schedule the account can see is named 'Nope'.",
         terms=["Platform Primary", "Nope"]),
    case("lookup concurrency zero", LOOKUP,
         "jsm.ops.jsmops_oncall: concurrency must be a whole number from 1 to 32; got 0.",
         terms=["Platform Primary"], concurrency=0),
    case("lookup empty token", LOOKUP,
         "jsm.ops.jsmops_oncall: api_token is required: set it to an Atlassian API token (or set JSM_OPS_API_TOKEN).",
         terms=["Platform Primary"], api_token=""),
    case("lookup http to a remote host", LOOKUP,
         ("jsm.ops.jsmops_oncall: api_url uses plain http:// to 10.1.2.3, which would send the API token unencrypted; use "
          "https:// (plain http is accepted only for loopback addresses)."),
         terms=["Platform Primary"], api_url="http://10.1.2.3:8080"),
    case("lookup date not ISO", LOOKUP,
         ("jsm.ops.jsmops_oncall: date must be an ISO 8601 date and time with a UTC offset, such as 2026-03-01T09:00:00Z or "
          "2026-03-01T10:00:00+01:00; got 'now-ish'."),
         terms=["Platform Primary"], date="now-ish"),
    case("lookup schedule matches two", LOOKUP,
         "jsm.ops.jsmops_oncall: schedule 'Shared On-Call' matches 2 schedules by name; give the schedule's id instead.",
         fixture="duplicate_schedule", terms=[DUPLICATE_NAME]),
]


# -- how a case runs -----------------------------------------------------------------------------------


class Tally:
    """What the cases of this session saw; written to JSM_OPS_REPORT_DIR/bad-input.txt at the end."""

    def __init__(self):
        self.ran: dict[str, str] = {}  # case name -> module
        self.passed: set[str] = set()
        self.writes = 0
        self.tracebacks = 0

    def line(self) -> str:
        modules = {self.ran[name] for name in self.passed if self.ran[name] != LOOKUP}
        lookup = " and the lookup" if any(self.ran[name] == LOOKUP for name in self.passed) else ""
        figures = "%d writes, %d tracebacks" % (self.writes, self.tracebacks)
        if self.passed == set(self.ran) and self.ran:
            return "bad input: %d cases across %d modules%s, %s" % (len(self.passed), len(modules), lookup, figures)
        return "bad input: FAILED, %d of %d cases passed, %s" % (len(self.passed), len(self.ran), figures)


@pytest.fixture(scope="session")
def tally():
    seen = Tally()
    yield seen
    if seen.ran:
        write_figures("bad-input.txt", seen.line())


@pytest.fixture(autouse=True)
def no_connection_environment(monkeypatch):
    """The cases set every connection option themselves; none may come from the environment of the run."""
    for _type, _default, names, _secret in CONNECTION_OPTIONS.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)


def duplicate_schedule(emulator):
    """Two schedules of one name, of two teams.  The API refuses a second name through its endpoints, so they are
    put into the emulator's state directly, as a site may hold them after an import."""
    with emulator.lock:
        for number, team in enumerate(("Platform", "Database")):
            schedule_id = "5ca1ab1e-0000-4000-8000-00000000000%d" % number
            emulator.state.schedules[schedule_id] = {
                "id": schedule_id, "name": DUPLICATE_NAME, "description": "", "timezone": "Europe/Berlin", "enabled": True,
                "teamId": TEAMS[team], "rotations": [], "overrides": [],
            }


def fill(value, places):
    if isinstance(value, str):
        return value.format(**places)
    if isinstance(value, list):
        return [fill(item, places) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, places) for key, item in value.items()}
    return value


def connection_args(emulator, overrides):
    account = ACCOUNTS["ada"]
    args = {"api_url": emulator.url, "cloud_id": emulator.cloud_id, "site": emulator.url,
            "api_email": account["email"], "api_token": account["apiToken"]}
    args.update(overrides)
    return {key: value for key, value in args.items() if value is not DROP}


def run_module_case(module_name, args, check_mode, capsys):
    """(message, whole output as text) of a module run that is expected to fail."""
    from ansible_collections.jsm.ops.tests.unit.plugins.modules.module_args import patch_module_args  # pylint: disable=import-outside-toplevel

    module = importlib.import_module("ansible_collections.jsm.ops.plugins.modules." + module_name)
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=False, _ansible_module_name=module_name)
    with patch_module_args(args):
        try:
            module.main()
        except SystemExit:
            pass
        except Exception as exc:  # pylint: disable=broad-exception-caught
            out, err = capsys.readouterr()
            return None, "Traceback (escaped the module): %r\n%s%s" % (exc, out, err)
    out, err = capsys.readouterr()
    try:
        result = json.loads(out)
    except ValueError:
        return None, out + err
    return (result.get("msg") if result.get("failed") is True else None), out + err


def run_lookup_case(args, monkeypatch):
    """(message, text) of a lookup call that is expected to raise AnsibleError.

    The options are handed to the lookup as Ansible would after its own type checks (as in test_jsmops_oncall.py);
    those checks are ansible-core's and are not repeated here."""
    args = dict(args)
    terms = args.pop("terms")
    values = dict(next=False, date=None, concurrency=8, retries=3, timeout=30, validate_certs=True, ca_path=None)
    values.update(args)
    plugin = LookupModule()
    monkeypatch.setattr(plugin, "set_options", lambda var_options=None, direct=None: None)
    monkeypatch.setattr(plugin, "get_option", values.get)
    monkeypatch.setattr(plugin, "get_option_and_origin", lambda name: (values.get(name), "direct"))
    try:
        plugin.run(terms, variables={})
    except AnsibleError as exc:
        return exc.message, str(exc)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        return None, "Traceback (escaped the lookup): %r" % exc
    return None, "the lookup did not fail"


@pytest.mark.parametrize("bad", CASES, ids=str)
def test_bad_input(bad, emulator, tally, tmp_path, capsys, monkeypatch):
    tally.ran[bad.name] = bad.module
    if bad.fixture == "duplicate_schedule":
        duplicate_schedule(emulator)
    emulator.clear_log()
    state_before = emulator.state.dump()
    places = {"url": emulator.url, "tmp": str(tmp_path)}
    args = fill(connection_args(emulator, bad.args), places)
    if bad.module == LOOKUP:
        message, output = run_lookup_case(args, monkeypatch)
    else:
        message, output = run_module_case(bad.module, args, bad.check_mode, capsys)
    writes = [(entry["method"], entry["path"]) for entry in emulator.log if entry["method"] in WRITE_METHODS]
    tally.writes += len(writes)
    tally.tracebacks += "Traceback" in output
    assert "Traceback" not in output
    assert writes == []
    assert emulator.state.dump() == state_before
    assert TOKEN not in output and URL_PASSWORD not in output
    assert message is not None, "it did not fail: %s" % output
    assert "\n" not in message
    expected = fill(bad.msg, places)
    if OLD_CORE:
        # ansible-core's own type-conversion messages read differently before 2.19 ("is of type <class 'str'>",
        # "<class 'str'> cannot be converted"): on those releases they are compared up to the type asked for.
        message, expected = (re.sub(r"is of type <class '(\w+)'>", r"is of type \1", text) for text in (message, expected))
        message, expected = (re.sub(r"(we were unable to convert to \w+): .*", r"\1", text) for text in (message, expected))
    assert message == expected
    tally.passed.add(bad.name)


def test_every_module_and_the_lookup_has_cases():
    per_module = {}
    for bad in CASES:
        per_module[bad.module] = per_module.get(bad.module, 0) + 1
    assert len(ALL_MODULES) == 47 and len({bad.name for bad in CASES}) == len(CASES)
    assert [name for name in ALL_MODULES if not per_module.get(name)] == []
    assert [name for name in STATE_MODULES if per_module[name] < 3] == []
    assert per_module.get(LOOKUP, 0) >= 3
    assert len(CASES) >= 40
