# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integrations (how monitoring tools send alerts in), their actions, and their outgoing alert filter.

The list names integrations and actions only; the rest (properties, filters, field mappings) comes from each one's own
endpoint. The API key of an integration is in its create answer and nowhere else: the kit takes it out of that answer
(``secret_fields``) and ``deliver`` writes it where the task asked, never into the result unless ``return_api_key``.
Actions are ordered within their direction by naming the action that follows (``successorId``).
"""

from __future__ import annotations

import os
import tempfile
import time

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import make_diff
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, JsmOpsError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import (
    Collection,
    Context,
    Family,
    Field,
    Order,
    Scope,
    blank_equals_absent,
    by_name,
    not_blank,
    same_text_folded,
    team,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import looks_like_uuid
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import CRITERIA_SPEC, MATCH_ALL, criteria_for_api, same_criteria

INTEGRATIONS_PATH = "/v1/integrations"
# Types the API will not create (the apps are installed from Slack or Microsoft Teams), compared without case or punctuation.
CHAT_TYPES = ("slack", "slackapp", "microsoftteams", "microsoftteamsv2", "msteams")
INCOMING_TYPES = ["create", "close", "acknowledge", "addNote", "ignore"]
DIRECTIONS = ["incoming", "outgoing"]
GROUP_TYPES = ["forwarding", "updating", "checkbox"]
DEFAULT_ACTION_READS = 3  # reads of a new integration's actions, a second apart, while it has none
NO_KEY = ("The API key of integration %r is returned only when the integration is created and cannot be read again; "
          "to get a new key, delete the integration and create it again.")


def _folded_type(value: str) -> str:
    return "".join(letter for letter in value.casefold() if letter.isalnum())


def chat_integration(desired: dict) -> str | None:
    """The API refuses to create Slack and Microsoft Teams integrations: say so before anything is sent."""
    kind = desired.get("type") or ""
    if _folded_type(kind) in CHAT_TYPES:
        return ("type %s: the API cannot create Slack or Microsoft Teams integrations; add them from Jira Service Management's "
                "integration page, then manage them here by name." % kind)
    return None


def key_destination(ctx) -> None:
    """For a new integration, api_key_dest is checked before anything is written: a key that cannot be stored is lost for
    good.  In check mode a missing directory is only a warning (deliver): an earlier task that creates it did not run either."""
    dest = ctx.params.get("api_key_dest")
    if not dest:
        return
    folder = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(folder) and ctx.check_mode:
        return
    if not os.path.isdir(folder):
        raise ConfigurationError("api_key_dest %s: the directory %s does not exist; create it first." % (dest, folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigurationError("api_key_dest %s: the directory %s is not writable." % (dest, folder))
    if os.path.isdir(dest):
        raise ConfigurationError("api_key_dest %s is a directory; give the path of a file." % dest)


def merge_map(field: str, desired: dict, current: dict | None) -> dict:
    """A map the task sets only some keys of (properties, field mappings): those keys over the current ones."""
    if current is not None and isinstance(desired.get(field), dict):
        desired = dict(desired, **{field: dict(current.get(field) or {}, **desired[field])})
    return desired


def _unchangeable(desired: dict, current: dict, fields, title: str, compare=None) -> dict:
    """Fields the API sets only on create: the same value is nothing to do, another one is refused."""
    for field, option in fields:
        if field in desired and not (compare or blank_equals_absent)(current.get(field), desired[field]):
            raise ConfigurationError("%s of %s %r is %s; the API cannot change it: delete the %s and create it again."
                                     % (option, title, current.get("name"), current.get(field), title))
    return {field: value for field, value in desired.items() if field not in {field for field, _option in fields}}


def unread_or_same(current, wanted) -> bool:
    """The API takes an integration's description but its answers do not document it: where it is not returned, it is
    not compared (it would read as changed on every run)."""
    return current is None or blank_equals_absent(current, wanted)


def settle_integration(desired: dict, current: dict | None, ctx) -> dict:
    if current is None:
        key_destination(ctx)
    else:
        desired = _unchangeable(desired, current, [("type", "type")], "integration", compare=same_text_folded)
    return merge_map("typeSpecificProperties", desired, current)


def write_key(dest: str, key: str) -> None:
    """The key in a file only its owner can read, replaced in one step."""
    folder = os.path.dirname(os.path.abspath(dest))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".jsmops-key-")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w") as stream:
            stream.write(key + "\n")
        os.replace(temporary, dest)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _default_actions(actions: Collection, reads: int = DEFAULT_ACTION_READS, pause: float = 1.0) -> list:
    """The actions a new integration was created with; the API may add them a moment after the create answered."""
    found = actions.list()
    for _attempt in range(reads - 1):
        if found:
            break
        time.sleep(pause)
        found = actions.list(fresh=True)
    return found


def deliver(collection: Collection, before: dict | None, after: dict | None, module) -> dict:
    """Where the API key of a new integration goes, and the default actions a new integration loses.  The key is kept
    first: what fails after it (writing the file, deleting the default actions) is said, and the key still returned when
    asked for."""
    params = module.params
    name, dest = params.get("name"), params.get("api_key_dest")
    key = collection.secrets.get("apiKey")
    more = {"api_key": key if key and params.get("return_api_key") else None, "deleted_default_actions": []}
    if key and not params.get("return_api_key"):
        module.no_log_values.add(key)  # shown nowhere, not even by mistake
    if key and dest:
        try:
            write_key(dest, key)
        except OSError as exc:
            lost = "it is in the result's api_key" if more["api_key"] else "it cannot be read again: delete the integration and run the task again"
            error = ConfigurationError("api_key_dest %s: integration %r was created, but its API key could not be written there (%s); %s."
                                       % (dest, name, exc.strerror or exc, lost))
            error.result = dict(more, **{collection.family.name: after})
            raise error from None
    if key and not params.get("return_api_key") and not dest:
        module.warn("Integration %r was created; its API key was not kept (set api_key_dest or return_api_key) and cannot be read again." % name)
    if before is not None and (params.get("return_api_key") or (dest and not os.path.exists(dest))):
        module.warn(NO_KEY % name)
    if before is None and after and not key and not module.check_mode and (params.get("return_api_key") or dest):
        module.warn("Integration %r was created, but the answer carried no API key (the type may have none, or the answer was lost and the "
                    "integration found again by name); it cannot be read again." % name)
    folder = os.path.dirname(os.path.abspath(dest)) if dest else None
    if before is None and module.check_mode and folder and not os.path.isdir(folder):
        module.warn("api_key_dest %s: the directory %s does not exist yet; it must exist when the integration is created." % (dest, folder))
    if before is None and params.get("delete_default_actions") and not module.check_mode and after:
        _delete_default_actions(collection, after, module, more)
    return more


def _delete_default_actions(collection: Collection, after: dict, module, more: dict) -> None:
    actions = Collection(INTEGRATION_ACTIONS, collection.client, after["id"], ctx=Context(collection.client, params={}))
    try:
        for action in _default_actions(actions):
            actions.delete(action)
            more["deleted_default_actions"].append(action.get("name"))
    except JsmOpsError as exc:  # the integration and its key are there: say what is left, fail nothing
        module.warn("Integration %r was created, but not all of its default actions could be deleted (%s); delete them with "
                    "jsm.ops.jsmops_integration_action." % (module.params.get("name"), exc))


INTEGRATIONS = Family(
    "integration", INTEGRATIONS_PATH, page_size=100,
    summary_list=True,  # the list has no properties
    key_query="name", match="casefold", ambiguous=None,  # names are unique in a site
    fields=[
        Field("name", convert=not_blank),
        Field("type", convert=not_blank, compare=same_text_folded),
        Field("enabled"),
        Field("description", compare=unread_or_same),
        Field("teamId", "team", convert=team, blank_is_absent=True),
        Field("typeSpecificProperties", "properties"),
    ],
    settle=settle_integration,
    requires=[("type", "type")],
    uncreatable=chat_integration,
    new={"enabled": False, "typeSpecificProperties": {}},
    secret_fields=("apiKey",),
    finish=deliver,
)


def integration_id(ctx, value: str) -> str | None:
    """An integration by id or name (any case); None when there is none."""
    integrations = Collection(INTEGRATIONS, ctx.client)
    if looks_like_uuid(value):
        found = integrations.get(value)
        if found is not None:
            return found["id"]
    found = by_name(integrations.list({"name": value}), value)
    return found[0]["id"] if found else None


INTEGRATION_SCOPE = Scope("integration", "integration_id", integration_id,
                          missing="integration %r is not an integration the account can see; create it with jsm.ops.jsmops_integration first.",
                          check_mode_missing="integration %r does not exist yet; check mode predicts the action as new.")


# -- actions ---------------------------------------------------------------------------------------------

def to_filter(criteria: dict) -> dict:
    """The kit's criteria (``type`` and ``conditions``) in the shape of an action's or an outgoing filter
    (``conditionMatchType``)."""
    return {"conditionMatchType": criteria["type"], "conditions": criteria.get("conditions") or []}


def _as_criteria(value) -> dict:
    value = value or {}
    return {"type": value.get("conditionMatchType") or MATCH_ALL, "conditions": value.get("conditions") or []}


def action_filter(value, option, ctx):
    return to_filter(criteria_for_api(value, option, ctx))


def same_filter(current, wanted) -> bool:
    """Conditions compared as a set, as for routing rules."""
    return same_criteria(_as_criteria(current), _as_criteria(wanted))


def action_type(value, option, ctx):  # pylint: disable=unused-argument
    """An incoming action's type in the API's spelling (``add_note`` and ``AddNote`` are ``addNote``); outgoing types vary
    with the integration and are sent as given."""
    if ctx.params.get("direction", "incoming") != "incoming":
        return not_blank(value, option, ctx)
    known = {_folded_type(kind): kind for kind in INCOMING_TYPES}
    if _folded_type(value) not in known:
        raise ConfigurationError("type %s is not an incoming action type; use one of %s." % (value, ", ".join(INCOMING_TYPES)))
    return known[_folded_type(value)]


def outgoing_needs_group(desired, ctx) -> None:  # pylint: disable=unused-argument
    if ctx.params.get("direction") == "incoming" and ctx.params.get("group_type") is not None:
        raise ConfigurationError("group_type is for outgoing actions only; remove it or set direction: outgoing.")


def settle_action(desired: dict, current: dict | None, ctx) -> dict:
    """A new action is on, matches every alert unless told otherwise, and is in the alert domain (the only one)."""
    if current is None:
        if ctx.params.get("direction") == "outgoing" and ctx.params.get("group_type") is None:
            raise ConfigurationError("group_type is required to create an outgoing action (forwarding, updating or checkbox).")
        desired = dict({"domain": "alert", "enabled": True, "filter": to_filter({"type": MATCH_ALL})}, **desired)
    else:
        desired = _unchangeable(desired, current, [("type", "type"), ("direction", "direction"), ("groupType", "group_type")],
                                "integration action")
    for field in ("fieldMappings", "typeSpecificProperties"):
        desired = merge_map(field, desired, current)
    return desired


INTEGRATION_ACTIONS = Family(
    "action", "/v1/integrations/{}/actions", title="integration action", page_size=50,
    scope=INTEGRATION_SCOPE,
    summary_list=True,  # the list has no filter or mappings
    key_query="name", match="casefold", ambiguous=None,  # names are unique in an integration
    list_params=lambda ctx: {"direction": ctx.params["direction"]} if ctx.params.get("direction") else {},
    fields=[
        Field("name", convert=not_blank),
        Field("type", convert=action_type),
        Field("direction"),
        Field("groupType", "group_type"),
        Field("filter", "criteria", convert=action_filter, compare=same_filter),
        Field("enabled"),
        Field("fieldMappings", "field_mappings"),
        Field("typeSpecificProperties", "properties"),
        Field("actionMapping", "action_mapping"),
    ],
    checks=[outgoing_needs_group],
    settle=settle_action,
    requires=[("type", "type")],
    new={"domain": "alert", "enabled": True},
    results="actions",
    order=Order("successor", "/order", "successorId", method="PATCH"),
)


# -- the outgoing alert filter ----------------------------------------------------------------------------

def run_outgoing_filter(module, client) -> tuple:
    """Read the integration's outgoing alert filter, and bring it in line with ``criteria`` when given."""
    params = module.params
    ctx = Context(client, params=params, check_mode=module.check_mode)
    wanted = action_filter(params["criteria"], "criteria", ctx) if params.get("criteria") else None
    ident = integration_id(ctx, params["integration"])
    if ident is None and module.check_mode and wanted is not None:
        # An earlier task of this check run would create the integration, with a filter that lets every alert out.
        module.warn("integration %r does not exist yet; check mode predicts its outgoing filter." % params["integration"])
        current = to_filter({"type": MATCH_ALL})
        changed = not same_filter(current, wanted)
        return changed, {"filter": wanted, "integration_id": None}, make_diff(current, wanted, keys=sorted(wanted) if changed else [])
    if ident is None:
        raise ConfigurationError(INTEGRATION_SCOPE.missing % params["integration"])
    path = client.path(INTEGRATIONS_PATH + "/{}/outgoing/alert-filter/main", ident)
    current = client.get(path)
    result = {"filter": current, "integration_id": ident}
    if wanted is None or same_filter(current, wanted):
        return False, result, make_diff(current, current, keys=[])
    after = dict(current, **wanted) if module.check_mode else client.request("PATCH", path, body=wanted, expect=dict).data
    result["filter"] = after
    return True, result, make_diff(current, after, keys=sorted(wanted))


# The options of jsmops_integration besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared integration against.
INTEGRATION_OPTIONS = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    type=dict(type="str"),
    enabled=dict(type="bool"),
    team=dict(type="str"),
    description=dict(type="str"),
    properties=dict(type="dict"),
    return_api_key=dict(type="bool", default=False),
    api_key_dest=dict(type="path", no_log=False),
    delete_default_actions=dict(type="bool", default=False),
)
INTEGRATION_CONSTRAINTS: dict = {}


# The options of jsmops_integration_action besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared integration action against.
INTEGRATION_ACTION_OPTIONS = dict(
    integration=dict(type="str", required=True),
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    direction=dict(type="str", choices=["incoming", "outgoing"], default="incoming"),
    type=dict(type="str"),
    group_type=dict(type="str", choices=GROUP_TYPES),
    enabled=dict(type="bool"),
    criteria=dict(type="dict", options=CRITERIA_SPEC),
    field_mappings=dict(type="dict"),
    properties=dict(type="dict"),
    action_mapping=dict(type="dict"),
    order=dict(type="int"),
)
INTEGRATION_ACTION_CONSTRAINTS: dict = {}
