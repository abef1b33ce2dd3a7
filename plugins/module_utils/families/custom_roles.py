# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Custom user roles of the site: by name, with the rights they grant and the rights they take away, replaced whole with PUT.

The list names the roles only; the rights come from each role's own endpoint, which takes ``identifierType=id``
(``summary_list``: the kit's info reads each role there). Writes
answer with a note and the role's id, so the role is read back after each.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Context, Family, Field, id_in_note, not_blank, same_items
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import looks_like_uuid


def rights(value, option, ctx):  # pylint: disable=unused-argument
    """A list of rights, each a non-blank name such as alert-delete, without repeats."""
    cleaned = []
    for right in value:
        name = str(right).strip()
        if not name:
            raise ConfigurationError("%s must not hold an empty right." % option)
        if name not in cleaned:
            cleaned.append(name)
    return cleaned


def granted_or_disallowed(desired: dict, ctx) -> None:  # pylint: disable=unused-argument
    both = sorted(set(desired.get("grantedRights") or ()) & set(desired.get("disallowedRights") or ()))
    if both:
        raise ConfigurationError("A right cannot be both granted and disallowed; %s %s in granted_rights and in disallowed_rights."
                                 % (", ".join(both), "is" if len(both) == 1 else "are"))


CUSTOM_ROLES = Family(
    "custom_role", "/v1/roles", title="custom role", page_size=100,
    item_params={"identifierType": "id"}, summary_list=True,
    answer_id=id_in_note,
    ambiguous="{option} {value!r} matches {count} {plural} ({ids}); rename one in Jira Service Management first.",
    update="PUT", writable=["name", "grantedRights", "disallowedRights"],
    fields=[
        Field("name", convert=not_blank),
        Field("grantedRights", convert=rights, compare=same_items),
        Field("disallowedRights", convert=rights, compare=same_items),
    ],
    checks=[granted_or_disallowed],
    new={"extendedRole": "user", "grantedRights": [], "disallowedRights": []},
)


def run_assign(module, client) -> tuple:
    """Assign a custom role to a user: sent on every run (in check mode, nothing is sent), as the API cannot tell who has a role."""
    params = module.params
    ctx = Context(client, params=params)
    roles = Collection(CUSTOM_ROLES, client)
    role = roles.get(params["role"]) if looks_like_uuid(params["role"]) else None
    role = role or roles.find({"name": params["role"]}, option="role")
    if role is None:
        raise ConfigurationError("role %r is not a custom role of the site; create it with jsm.ops.jsmops_custom_role first." % params["role"])
    account_id = ctx.resolver.user_id(params["user"], option="user")
    result = {"role_id": role["id"], "account_id": account_id}
    if not module.check_mode:
        client.request("POST", CUSTOM_ROLES.path + "/assign", body={"accountId": account_id, "roleId": role["id"]})
    return True, result, None


# The options of jsmops_custom_role besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared custom role against.
CUSTOM_ROLE_OPTIONS = dict(
    name=dict(type="str", required=True),
    granted_rights=dict(type="list", elements="str"),
    disallowed_rights=dict(type="list", elements="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
CUSTOM_ROLE_CONSTRAINTS: dict = {}
