# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Custom roles of a team and the rights they grant."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Family, Field, TEAM_SCOPE, not_blank

# The rights a team role can grant, as the API lists them.
RIGHTS = [
    "access-reports", "delete-escalations", "delete-heartbeats", "delete-integrations", "delete-maintenance", "delete-policies",
    "delete-routing-rules", "delete-schedules", "delete-team-roles", "edit-escalations", "edit-heartbeats", "edit-integrations",
    "edit-maintenance", "edit-policies", "edit-routing-rules", "edit-schedules", "edit-team-roles",
]


def _rights(value, option, ctx):  # pylint: disable=unused-argument
    """Every right, granted or not: the API keeps a right a request leaves out as it was."""
    unknown = [right for right in value if right not in RIGHTS]
    if unknown:
        raise ConfigurationError("%s: %s %s not a team right; use %s." % (option, ", ".join(map(repr, unknown)),
                                                                          "is" if len(unknown) == 1 else "are", ", ".join(RIGHTS)))
    return [{"right": right, "granted": right in value} for right in RIGHTS]


def granted(rights) -> list:
    """The rights of an API answer that are granted, sorted."""
    return sorted(item.get("right") for item in rights or [] if isinstance(item, dict) and item.get("granted"))


def same_rights(current, wanted) -> bool:
    return granted(current) == granted(wanted)


def _name(value, option, ctx):
    return not_blank(value, option, ctx)


TEAM_ROLES = Family(
    "team_role", "/v1/teams/{}/roles", title="team role",
    scope=TEAM_SCOPE,
    # One unpaged list; names are unique within the team whatever their case.
    paged=False, items_key=None, match="casefold",
    id_option="id", unknown_id="id {value} is not a role of team {parent!r}; leave id out to create one by name.",
    fields=[
        Field("name", convert=_name),
        Field("rights", convert=_rights, compare=same_rights),
    ],
    new={"rights": [{"right": right, "granted": False} for right in RIGHTS]},
    results="roles",
)


# The options of jsmops_team_role besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared team role against.
TEAM_ROLE_OPTIONS = dict(
    team=dict(type="str", required=True),
    name=dict(type="str", required=True),
    id=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    rights=dict(type="list", elements="str", choices=RIGHTS),
)
TEAM_ROLE_CONSTRAINTS: dict = {}
