# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Heartbeats of a team, keyed by name (the API has no heartbeat ids)."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.kit import (
    Collection,
    Family,
    Field,
    TEAM_SCOPE,
    at_least,
    at_most_chars,
    blank_equals_absent,
    same_items,
    same_text_folded,
)


def _predicted(after: dict, current, collection) -> dict:  # pylint: disable=unused-argument
    if current is None:
        after["intervalUnit"] = after["intervalUnit"].capitalize()  # the API answers Minutes where it was sent minutes
    return after


# The API's longest texts (422 beyond them) are checked before anything is sent.
HEARTBEATS = Family(
    "heartbeat", "/v1/teams/{}/heartbeats", page_size=100,
    scope=TEAM_SCOPE,
    id_field="name", item_query="name", key_query="name",  # PATCH and DELETE name the heartbeat in the query
    ambiguous=None,  # heartbeat names are unique in a team
    fields=[
        Field("name", convert=at_most_chars(200)),
        Field("description", convert=at_most_chars(10000), compare=blank_equals_absent),
        Field("interval", convert=at_least(1)),
        Field("intervalUnit", compare=same_text_folded),
        Field("enabled"),
        Field("alertMessage", convert=at_most_chars(130), compare=blank_equals_absent),
        Field("alertTags", compare=same_items),
        Field("alertPriority"),
    ],
    requires=[("interval", "interval"), ("interval_unit", "intervalUnit")],
    patch_keeps=("alertPriority",),  # UpdateHeartbeatRequest gives it a default: a PATCH without it might reset it
    new=lambda collection: {"enabled": False, "alertPriority": "P3", "ownerTeamId": collection.parent},
    predicted=_predicted,
)


def find_heartbeat(client, team_id: str, name: str) -> dict | None:
    """The heartbeat with exactly this name (the list's ``name`` filter may be looser)."""
    return Collection(HEARTBEATS, client, team_id).find({"name": name})


def ping(client, team_id: str, name: str) -> dict:
    """Send a ping; the API answers 202 whether or not the heartbeat exists."""
    return client.get(Collection(HEARTBEATS, client, team_id).base + "/ping", {"name": name}) or {}


# The options of jsmops_heartbeat besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared heartbeat against.
HEARTBEAT_OPTIONS = dict(
    team=dict(type="str", required=True),
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    interval=dict(type="int"),
    interval_unit=dict(type="str", choices=["minutes", "hours", "days"]),
    enabled=dict(type="bool"),
    description=dict(type="str"),
    alert_message=dict(type="str"),
    alert_tags=dict(type="list", elements="str"),
    alert_priority=dict(type="str", choices=["P1", "P2", "P3", "P4", "P5"]),
)
HEARTBEAT_CONSTRAINTS: dict = {}
