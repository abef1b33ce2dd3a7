# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kinds of object a whole-setup declaration holds: for each, the family that converges it, the state module's
option table its entries are checked against, where it sits (under a team, a schedule, an integration, or global) and
how its siblings are ordered.  ``jsmops_config`` converges them and ``jsmops_config_export`` writes them in this shape.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.config import exported
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
    key_destination,
)
from ansible_collections.jsm.ops.plugins.module_utils.families.overrides import OVERRIDE_CONSTRAINTS, OVERRIDE_OPTIONS, OVERRIDES, override_dates
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
from ansible_collections.jsm.ops.plugins.module_utils.families.team_roles import TEAM_ROLE_CONSTRAINTS, TEAM_ROLE_OPTIONS, TEAM_ROLES


class Kind:  # pylint: disable=too-many-instance-attributes,too-few-public-methods
    """One kind of declared object.

    - ``name``: its key in a team or globals document (``schedules``), and its name in the summary;
    - ``family``, ``options``, ``constraints``: what converges it and the state module's argument spec it is checked against;
    - ``parent``: the option that names where it sits (``team``, ``schedule``, ``integration``), set by the declaration's
      shape, never written in an entry; ``owner``: for schedules, the option that names the owning team instead;
    - ``children``: kinds nested in each entry (a schedule's ``rotations`` and ``overrides``);
    - ``ordered``: the entries are in the order the API tries them: each gets ``order`` from its place (among those of the
      same ``order_group``, such as an action's direction); ``fixed``: the entry key marking an object that keeps its place;
    - ``refused``: options an entry may not set here, with what to do instead;
    - ``label``: the option that names an entry in messages; ``export``: API object -> entry;
    - ``precheck(params, ctx)``: what a family that ``build``s its wish checks without a request (an override's dates),
      or what must hold before anything of the run is written (the folder of an integration's ``api_key_dest``);
    - ``site_unique``: its names are unique on the site, not in a team, so two documents may not declare one name.
    """

    def __init__(self, name, family, options, constraints, parent=None, owner=None, children=(), ordered=False, order_group=None,
                 fixed=None, refused=None, label="name", export=None, precheck=None, site_unique=False):
        self.name = name
        self.family = family
        self.options = options
        self.constraints = constraints
        self.parent = parent
        self.owner = owner
        self.children = children
        self.ordered = ordered
        self.order_group = order_group
        self.fixed = fixed
        self.refused = dict(refused or {})
        self.label = label
        self.export = export
        self.precheck = precheck
        self.site_unique = site_unique
        managed = [name for name in (parent, owner) if name] + (["order"] if ordered else [])
        for option in managed:
            self.refused.setdefault(option, "it is set by where the entry is declared")
        self.children_names = tuple(child.name for child in children)
        self.entry_keys = [option for option in options if option not in self.refused] + list(self.children_names) + ([fixed] if fixed else [])


ROTATION_KIND = Kind("rotations", ROTATIONS, ROTATION_OPTIONS, ROTATION_CONSTRAINTS, parent="schedule", export=exported.rotation)
OVERRIDE_KIND = Kind("overrides", OVERRIDES, OVERRIDE_OPTIONS, OVERRIDE_CONSTRAINTS, parent="schedule", label="alias", export=exported.override,
                     precheck=override_dates)
SCHEDULE_KIND = Kind("schedules", SCHEDULES, SCHEDULE_OPTIONS, SCHEDULE_CONSTRAINTS, owner="team", children=(ROTATION_KIND, OVERRIDE_KIND),
                     refused={"id": "schedules are found by name"}, export=exported.schedule, site_unique=True)
ESCALATION_KIND = Kind("escalations", ESCALATIONS, ESCALATION_OPTIONS, ESCALATION_CONSTRAINTS, parent="team",
                       refused={"id": "escalations are found by name"}, export=exported.escalation)
ROUTING_RULE_KIND = Kind("routing_rules", ROUTING_RULES, ROUTING_RULE_OPTIONS, ROUTING_RULE_CONSTRAINTS, parent="team", ordered=True,
                         fixed="default", refused={"id": "routing rules are found by name"}, export=exported.routing_rule)
TEAM_ROLE_KIND = Kind("roles", TEAM_ROLES, TEAM_ROLE_OPTIONS, TEAM_ROLE_CONSTRAINTS, parent="team",
                      refused={"id": "team roles are found by name"}, export=exported.team_role)
HEARTBEAT_KIND = Kind("heartbeats", HEARTBEATS, HEARTBEAT_OPTIONS, HEARTBEAT_CONSTRAINTS, parent="team", export=exported.heartbeat)
ACTION_KIND = Kind("actions", INTEGRATION_ACTIONS, INTEGRATION_ACTION_OPTIONS, INTEGRATION_ACTION_CONSTRAINTS, parent="integration",
                   ordered=True, order_group="direction", export=exported.integration_action)
_NO_KEY_RETURNED = "jsmops_config never returns an API key: give api_key_dest to keep the key of a new integration"
INTEGRATION_KIND = Kind("integrations", INTEGRATIONS, INTEGRATION_OPTIONS, INTEGRATION_CONSTRAINTS, owner="team", children=(ACTION_KIND,),
                        refused={"return_api_key": _NO_KEY_RETURNED}, export=exported.integration, site_unique=True,
                        precheck=lambda params, ctx: key_destination(ctx))
ALERT_POLICY_KIND = Kind("alert_policies", ALERT_POLICIES, ALERT_POLICY_OPTIONS, ALERT_POLICY_CONSTRAINTS, owner="team", ordered=True,
                         export=exported.alert_policy)
NOTIFICATION_POLICY_KIND = Kind("notification_policies", NOTIFICATION_POLICIES, NOTIFICATION_POLICY_OPTIONS, NOTIFICATION_POLICY_CONSTRAINTS,
                                parent="team", ordered=True, export=exported.notification_policy)
CUSTOM_ROLE_KIND = Kind("custom_roles", CUSTOM_ROLES, CUSTOM_ROLE_OPTIONS, CUSTOM_ROLE_CONSTRAINTS, export=exported.custom_role)

# In the order they are written: what others name comes first (schedules before the escalations that page them,
# escalations before the rules that notify them, integrations before their actions).  Deletes go the other way.
TEAM_KINDS = (SCHEDULE_KIND, ESCALATION_KIND, ROUTING_RULE_KIND, TEAM_ROLE_KIND, INTEGRATION_KIND, ALERT_POLICY_KIND, NOTIFICATION_POLICY_KIND,
              HEARTBEAT_KIND)
GLOBAL_KINDS = (SCHEDULE_KIND, CUSTOM_ROLE_KIND, INTEGRATION_KIND, ALERT_POLICY_KIND)
# Where each kind comes in the run, children right after their parents.
WRITE_ORDER = ("schedules", "rotations", "overrides", "escalations", "routing_rules", "roles", "custom_roles", "integrations", "actions",
               "alert_policies", "notification_policies", "heartbeats")
