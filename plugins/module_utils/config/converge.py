# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One converge of a whole declaration: teams documents and a globals document, each object converged by its family
as its own state module would, but with every list read once (concurrently, before the writes), every name resolved
once, and the writes in dependency order.

The declaration is checked whole before any request: a bad entry fails the task and nothing is written.
"""

from __future__ import annotations

import datetime
import glob
import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.jsm.ops.plugins.module_utils.config.kinds import GLOBAL_KINDS, TEAM_KINDS, WRITE_ORDER
from ansible_collections.jsm.ops.plugins.module_utils.core.compare import make_diff, parse_datetime
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ApiError, ConfigurationError, JsmOpsError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Context, check_order_bounds, converge, run_state
from ansible_collections.jsm.ops.plugins.module_utils.core.pool import run_pool
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import check_values
from ansible_collections.jsm.ops.plugins.module_utils.families.escalations import ESCALATIONS
from ansible_collections.jsm.ops.plugins.module_utils.families.oncall import check_concurrency
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import ROTATIONS
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import ROUTING_RULES
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import SCHEDULES

try:
    import yaml
    HAS_YAML = True
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core
    HAS_YAML = False

GLOBALS_FILE = "globals.yml"
TEAMS_FOLDER = "teams"
_LISTED = 20  # objects named in a drift message


class Entry:  # pylint: disable=too-many-instance-attributes,too-few-public-methods
    """One declared object: where it is written, its options as checked, and, once converged, the object."""

    def __init__(self, kind, where: str, params: dict, scope, parent=None):
        self.kind = kind
        self.where = where
        self.params = params
        self.scope = scope
        self.parent = parent
        self.children = {}  # kind name -> list of Entry, or None where the entry does not declare that kind
        self.object = None
        self.pending = False  # check mode: created by this run, so it has no id to read its children by

    @property
    def label(self) -> str:
        value = self.params.get(self.kind.label)
        return "%s %r" % (self.kind.family.title, value) if value else self.where


class Scope:  # pylint: disable=too-few-public-methods
    """A team document, or the globals document."""

    def __init__(self, where: str, team, prune: bool):
        self.where = where
        self.team = team
        self.team_id = None
        self.team_name = None  # as the API spells it, once resolved
        self.prune = prune
        self.entries = {}  # kind name -> list of Entry, or None where the document does not declare that kind

    @property
    def label(self) -> str:
        return "team %r" % (self.team_name or self.team) if self.team else "globals"


# -- reading and checking the declaration -----------------------------------------------------------------------------------------


def load_declaration(params: dict) -> tuple:
    """(teams, globals) from ``teams``/``globals`` or from the folder ``src`` (``teams/*.yml`` and ``globals.yml``)."""
    if not params.get("src"):
        return params.get("teams") or [], params.get("globals")
    if params.get("teams") is not None or params.get("globals") is not None:
        raise ConfigurationError("src reads teams and globals from a folder: give either src or teams and globals, not both.")
    folder = params["src"]
    if not os.path.isdir(folder):
        raise ConfigurationError("src %s is not a folder; give the folder jsmops_config_export wrote (teams/*.yml and globals.yml)." % folder)
    if not HAS_YAML:
        raise ConfigurationError("src needs the Python library PyYAML, which ansible-core installs; install it where the task runs.")
    teams = [_read_yaml(path) for path in sorted(glob.glob(os.path.join(folder, TEAMS_FOLDER, "*.yml")))]
    path = os.path.join(folder, GLOBALS_FILE)
    return teams, _read_yaml(path) if os.path.exists(path) else None


def _read_yaml(path: str):
    try:
        with open(path, encoding="utf-8") as stream:
            return yaml.safe_load(stream)
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: not UTF-8
        raise ConfigurationError("src: %s cannot be read as YAML (%s)." % (path, " ".join(str(exc).split())[:200])) from None


def check_declaration(teams, globals_, prune: bool, ctx_for) -> list:
    """Every scope and entry checked against its kind's options, before any request; the scopes to converge."""
    if not isinstance(teams, list):
        raise ConfigurationError("teams must be a list of team documents (mappings with team and the kinds to converge).")
    scopes = []
    seen = set()
    for number, document in enumerate(teams):
        where = "teams[%d]" % number
        team = document.get("team") if isinstance(document, dict) else None
        if isinstance(document, dict) and (not isinstance(team, str) or not team.strip()):
            raise ConfigurationError("%s.team must name the team (its name or id)." % where)
        if isinstance(team, str) and team.casefold() in seen:
            raise ConfigurationError("%s: team %r is declared twice; declare each team once." % (where, team))
        scopes.append(_scope(document, where, TEAM_KINDS, ("team", "prune"), prune, ctx_for))
        seen.add(team.casefold())
    if globals_ is not None:
        scopes.append(_scope(globals_, "globals", GLOBAL_KINDS, ("prune",), prune, ctx_for))
    _refuse_site_duplicates(scopes)
    return scopes


def _refuse_site_duplicates(scopes: list) -> None:
    """Schedules and integrations are named once on the site: two documents declaring one name would move it back and
    forth between their teams on every run."""
    for kind in {kind.name: kind for scope in scopes for kind in _kinds_of(scope) if kind.site_unique}.values():
        names = {}
        for scope in scopes:
            for entry in scope.entries.get(kind.name) or ():
                name = entry.params.get(kind.label)
                if name is not None and name.casefold() in names:
                    raise ConfigurationError("%s: %s is also declared in %s; %s are named once on the site, declare it in one document."
                                             % (entry.where, entry.label, names[name.casefold()], kind.family.plural))
                names[name.casefold()] = entry.where


def _scope(document, where: str, kinds, own_keys, prune: bool, ctx_for) -> Scope:
    if not isinstance(document, dict):
        raise ConfigurationError("%s must be a mapping of %s; got %s." % (where, ", ".join(own_keys + tuple(kind.name for kind in kinds)),
                                                                          type(document).__name__))
    _refuse_unknown(document, where, list(own_keys) + [kind.name for kind in kinds])
    scope_prune = document.get("prune", prune)
    if not isinstance(scope_prune, bool):
        raise ConfigurationError("%s.prune must be true or false." % where)
    scope = Scope(where, document.get("team"), scope_prune)
    for kind in kinds:
        scope.entries[kind.name] = _entries(kind, document, where, scope, None, ctx_for)
    return scope


def _entries(kind, container: dict, where: str, scope: Scope, parent, ctx_for):
    if container.get(kind.name) is None:
        return None
    items = container[kind.name]
    where = "%s.%s" % (where, kind.name)
    if not isinstance(items, list):
        raise ConfigurationError("%s must be a list of %s." % (where, kind.family.plural))
    positions = {}
    entries, names = [], {}
    fixed = [number for number, item in enumerate(items) if kind.fixed and isinstance(item, dict) and item.get(kind.fixed) is True]
    if len(fixed) > 1:
        raise ConfigurationError("%s[%d]: only one %s can be the %s one (also %s[%d])." % (where, fixed[1], kind.family.title, kind.fixed, where, fixed[0]))
    for number, item in enumerate(items):
        here = "%s[%d]" % (where, number)
        position = None
        if kind.fixed and isinstance(item, dict) and not isinstance(item.get(kind.fixed, False), bool):
            raise ConfigurationError("%s.%s must be true or false." % (here, kind.fixed))
        if kind.ordered and isinstance(item, dict) and not item.get(kind.fixed or "") and item.get("state", "present") != "absent":
            group = item.get(kind.order_group) if kind.order_group else None
            group = group if isinstance(group, str) else (kind.options[kind.order_group].get("default") if kind.order_group else None)
            position = positions[group] = positions.get(group, -1) + 1
        entry = Entry(kind, here, _checked(kind, item, here, scope, parent, position, ctx_for), scope, parent)
        name = entry.params.get(kind.label)
        key = (name.casefold() if isinstance(name, str) else name, entry.params.get(kind.order_group) if kind.order_group else None)
        if name is not None and key in names:
            raise ConfigurationError("%s: %s is declared twice in %s (also %s); declare it once." % (here, entry.label, where, names[key]))
        names[key] = here
        for child in kind.children:
            entry.children[child.name] = _entries(child, item, here, scope, entry, ctx_for)
        entries.append(entry)
    return entries


def _refuse_unknown(item: dict, where: str, allowed: list, refused=None) -> None:
    for key in item:
        if refused and key in refused:
            raise ConfigurationError("%s.%s cannot be set in a declaration: %s." % (where, key, refused[key]))
        if key not in allowed:
            raise ConfigurationError("%s has an unknown key %r; use %s." % (where, key, ", ".join(allowed)))


def _checked(kind, item, where: str, scope: Scope, parent, position, ctx_for) -> dict:
    """The entry's options as its state module would hold them (defaults filled in), checked without a request."""
    if not isinstance(item, dict):
        raise ConfigurationError("%s must be a mapping of %s options; got %s." % (where, kind.family.title, type(item).__name__))
    _refuse_unknown(item, where, kind.entry_keys, kind.refused)
    params = {key: value for key, value in item.items() if key not in kind.children_names and key != kind.fixed}
    if kind.parent:
        params[kind.parent] = parent.params.get(parent.kind.label) if parent is not None else scope.team
    if kind.owner and scope.team is not None:
        params[kind.owner] = scope.team
    if position is not None:
        params["order"] = position
    problem = check_values(kind.options, params)
    if problem:
        raise ConfigurationError("%s: %s" % (where, problem))
    result = ArgumentSpecValidator(kind.options, **kind.constraints).validate(params)
    if result.error_messages:
        raise ConfigurationError("%s: %s." % (where, " ".join(result.error_messages[0].split()).rstrip(".")))
    params = result.validated_parameters
    if params.get("state") == "present":
        try:
            if position is not None:
                check_order_bounds(position, kind.family)
            if not kind.family.build:
                kind.family.checked(params, ctx_for(params))
            if kind.precheck:
                kind.precheck(params, ctx_for(params))
        except ConfigurationError as exc:
            raise ConfigurationError("%s: %s" % (where, exc)) from None
    return params


# -- converging -----------------------------------------------------------------------------------------------------------------------


class _Task:  # pylint: disable=too-few-public-methods
    """What a family's converge reads of a module, for one declared object."""

    def __init__(self, params: dict, check_mode: bool, module):
        self.params = params
        self.check_mode = check_mode
        self.no_log_values = module.no_log_values  # an integration's key is hidden in the whole task's output
        self.warn = module.warn


class Run:  # pylint: disable=too-many-instance-attributes
    """One converge: what was found, planned and done."""

    def __init__(self, module, client, check_mode: bool):
        self.module = module
        self.client = client
        self.check_mode = check_mode
        self.concurrency = module.params.get("concurrency") or 8
        self.summary = {}
        self.actions = []
        self.diffs = []
        self.unchecked = []
        self.predicted = set()  # check mode: names of the objects the run would create
        self.diff_at = {}  # the diff of each entry, by where it is declared, so that a move joins it
        self.now = datetime.datetime.now(datetime.timezone.utc)

    # what happened to each object
    def record(self, entry_or_kind, scope: Scope, name, action: str, diff=None, where=None):
        kind = getattr(entry_or_kind, "kind", entry_or_kind)
        counts = self.summary.setdefault(kind.name, {"created": 0, "changed": 0, "deleted": 0, "unchanged": 0})
        counts[action] += 1
        if action == "unchanged":
            return
        fields = sorted(set((diff or {}).get("before", {})) | set((diff or {}).get("after", {}))) if action == "changed" else []
        done = {"kind": kind.name, "scope": scope.label, "name": name, "action": action}
        if fields:
            done["fields"] = fields
        if where:
            done["where"] = where
        self.actions.append(done)
        if diff is not None:
            header = "%s %s %s (%s)" % (action, kind.family.title, name, scope.label)
            self.diffs.append(dict(diff, before_header=header, after_header=header))
            if where:
                self.diff_at[where] = self.diffs[-1]

    def converge(self, entry: Entry) -> None:
        """Converge one entry as its state module would; an ordered kind's place is set for the whole list after (``place``)."""
        kind = entry.kind
        params = dict(entry.params)
        params.pop("order", None)  # an ordered kind's place is set by place(), for the whole list at once
        if kind.parent == "team" or kind.owner == "team":
            if entry.scope.team_id is not None:
                params["team"] = entry.scope.team_id
        if entry.parent is not None:
            params[kind.parent] = entry.parent.object[entry.parent.kind.family.id_field]
        report = {}
        try:
            changed, result, diff = run_state(kind.family, _Task(params, self.check_mode, self.module), self.client, report)
        except ConfigurationError as exc:
            if self.check_mode and any(repr(name) in str(exc) for name in self.predicted):
                # It names an object this run would create first, which check mode cannot read yet.
                self.unchecked.append("%s (%s): %s" % (entry.label, entry.where, exc))
                self.children_unchecked(entry)
                return
            raise _failed(entry, exc) from None
        except JsmOpsError as exc:
            raise _failed(entry, exc) from None
        entry.object = result.get(kind.family.name)
        name = entry.params.get(kind.label) or (entry.object or {}).get(kind.family.id_field)
        if params.get("state") == "absent":
            self.record(entry, entry.scope, name, "deleted" if changed else "unchanged", diff if changed else None, entry.where)
        elif not report.get("found"):
            entry.pending = self.check_mode
            if self.check_mode and isinstance(name, str):
                self.predicted.add(name)
            self.record(entry, entry.scope, name, "created", diff, entry.where)
        else:
            self.record(entry, entry.scope, name, "changed" if changed else "unchanged", diff if changed else None, entry.where)

    def children_unchecked(self, entry: Entry) -> None:
        """Check mode: the children of an entry that could not be checked cannot be either."""
        for entries in entry.children.values():
            for child in entries or ():
                self.unchecked.append("%s (%s): its %s could not be checked" % (child.label, child.where, entry.kind.family.title))

    def children_of_pending(self, entry: Entry) -> None:
        """Check mode: a parent this run would create has no id, so its children are reported as created with it."""
        for entries in entry.children.values():
            for child in entries or ():
                if child.params.get("state") != "absent":
                    self.record(child, child.scope, child.params.get(child.kind.label), "created",
                                make_diff(None, {key: value for key, value in child.params.items() if value is not None}), child.where)

    def place(self, scope: Scope, kind, parent, entries: list, group: dict) -> None:
        """Put the declared objects of an ordered kind in the order written, ahead of those the declaration does not name,
        with the fewest moves; every object moved, declared or not, is reported as changed in ``order``."""
        family = kind.family
        placed = [entry for entry in entries if entry.object and not entry.pending and entry.params.get("order") is not None]
        if not placed:
            return
        collection = self.collection_for(scope, kind, parent, group)
        siblings = collection.list()
        ids = [item.get(family.id_field) for item in siblings]
        declared = [entry.object[family.id_field] for entry in placed if entry.object.get(family.id_field) in ids]
        wanted = declared + [ident for ident in ids if ident not in declared]
        if wanted == ids:
            return
        try:
            moves = collection.reorder(siblings, wanted, self.check_mode)
        except JsmOpsError as exc:
            exc.message = "%s: putting the %s in the order written: %s The objects after them were not converged." % (
                placed[0].where.rsplit("[", 1)[0], family.plural, str(exc).rstrip())
            raise exc from None
        by_id = {entry.object[family.id_field]: entry for entry in placed}
        for ident in [move["id"] for move in moves]:
            entry = by_id.get(ident)
            if entry is not None:
                self._moved(entry, ids.index(ident), wanted.index(ident))
            else:  # an object the declaration does not name, moved after the declared ones
                item = siblings[ids.index(ident)]
                diff = {"before": {"order": ids.index(ident)}, "after": {"order": wanted.index(ident)}}
                self.record(kind, scope, item.get(family.key) or ident, "changed", diff)

    def _moved(self, entry: Entry, before: int, after: int) -> None:
        """A declared object moved: its record says changed in ``order`` (a new object keeps its created), in the one diff of the object."""
        done = next((item for item in self.actions if item.get("where") == entry.where), None)
        counts = self.summary[entry.kind.name]
        if done is None:
            counts["unchanged"] -= 1
            counts["changed"] += 1
            done = {"kind": entry.kind.name, "scope": entry.scope.label, "name": entry.params.get(entry.kind.label), "action": "changed",
                    "fields": [], "where": entry.where}
            self.actions.append(done)
        if done["action"] != "changed":
            return
        done["fields"] = sorted(set(done.get("fields", [])) | {"order"})
        diff = self.diff_at.get(entry.where)
        if diff is None:
            header = "changed %s %s (%s)" % (entry.kind.family.title, done["name"], entry.scope.label)
            diff = self.diff_at[entry.where] = {"before": {}, "after": {}, "before_header": header, "after_header": header}
            self.diffs.append(diff)
        diff["before"]["order"], diff["after"]["order"] = before, after

    # reads, concurrently, before the writes that would otherwise each read them
    def prefetch(self, collections: list) -> None:
        read_lists(self.client, [collection for collection in collections if collection is not None], self.concurrency)

    # objects of declared scopes that the declaration does not name
    def prune(self, scope: Scope, kind, parent: Entry | None, entries: list, by_name: bool = False) -> None:
        """Delete what the scope holds of ``kind`` and ``entries`` do not name: after the converge, every object an entry
        was found or made as is kept; ``by_name``, before it (ordered kinds, so the declared ones take their places
        among what stays), every object an entry names."""
        family = kind.family
        if by_name:
            kept = {_name_key(kind, entry.params.get(kind.label), entry.params.get(kind.order_group)) for entry in entries}
        else:
            kept = {entry.object.get(family.id_field) for entry in entries if entry.object}
            if any(entry.pending for entry in entries):
                return  # check mode: an unknown object cannot be told apart from the one a create would give
        collection = self.collection_for(scope, kind, parent)
        for item in collection.list():
            ident = item.get(family.id_field)
            key = _name_key(kind, item.get(family.key), item.get(kind.order_group)) if by_name else ident
            if key in kept or not self._owned(scope, kind, parent, item):
                continue
            if family.undeletable and family.undeletable(item):
                continue  # the API keeps it (a team's default routing rule)
            named_by = self._named_by(scope, kind, ident) if not by_name else None
            if named_by:
                self.module.warn("%s %r is not declared but is kept: %s names it. Declare it, or point that elsewhere, to let prune delete it."
                                 % (family.title.capitalize(), item.get(family.key), named_by))
                continue
            if kind.name == "overrides" and not _ends_after(item, self.now):
                continue  # an override in the past is history, not configuration
            try:
                _changed, _after, diff = converge(collection, item, {}, "absent", self.check_mode)
            except JsmOpsError as exc:
                raise _failed_prune(scope, kind, item, exc) from None
            if self.check_mode:
                collection.forget(ident)  # what comes after sees the list without it, as after a real delete
            self.record(kind, scope, item.get(kind.family.key or family.id_field) or ident, "deleted", diff)

    def _named_by(self, scope: Scope, kind, ident: str) -> str | None:
        """What of the team still names an escalation or a schedule (a routing rule, an escalation's step), or None:
        deleting it would leave that pointing at nothing."""
        if scope.team_id is None or kind.name not in ("escalations", "schedules"):
            return None
        team = Context(self.client, parent=scope.team_id, params={"team": scope.team_id})
        for rule in Collection(ROUTING_RULES, self.client, scope.team_id, ctx=team).list():
            notify = rule.get("notify") or {}
            if notify.get("id") == ident and notify.get("type") == kind.family.name:
                return "routing rule %r" % rule.get("name")
        if kind.name == "schedules":
            for escalation in Collection(ESCALATIONS, self.client, scope.team_id, ctx=team).list():
                if any((step.get("recipient") or {}).get("id") == ident for step in escalation.get("rules") or []):
                    return "escalation %r" % escalation.get("name")
        return None

    def collection_for(self, scope: Scope, kind, parent, group=None):
        family = kind.family
        if parent is not None:
            ident = parent.object[parent.kind.family.id_field]
            return Collection(family, self.client, ident, ctx=Context(self.client, parent=ident, params=dict(group or {}, **{kind.parent: ident})))
        if family.scope is not None:
            return Collection(family, self.client, scope.team_id, ctx=Context(self.client, parent=scope.team_id, params={"team": scope.team_id}))
        return Collection(family, self.client)

    @staticmethod
    def _owned(scope: Scope, kind, parent, item: dict) -> bool:
        if parent is not None or kind.family.scope is not None:
            return True  # listed under the team (or the parent) itself
        if kind.owner:  # schedules and integrations: the team that owns them, none for the globals
            return (item.get("teamId") or None) == scope.team_id
        return scope.team is None


def _name_key(kind, name, group) -> tuple:
    """How an ordered kind's objects are told apart before the converge: by name in any case, within their order group."""
    return ((name or "").casefold(), group if kind.order_group else None)


def read_lists(client, collections: list, concurrency: int, closed: tuple = ()) -> tuple:
    """Each collection's list, read concurrently (each worker on its own connection) into the run's shared cache:
    (the lists, the errors of those answered with a status in ``closed``, whose list is None); any other failure is raised."""
    results = run_pool(client, collections, lambda worker, collection: collection.through(worker).list(), concurrency,
                       stop_on_error=not closed)
    refused = []
    for _items, error in results:
        if isinstance(error, ApiError) and error.status in closed:
            refused.append(str(error))
        elif error is not None:
            raise error
    return [items for items, _error in results], refused


def _ends_after(item: dict, now) -> bool:
    """Whether an override ends after ``now``; one whose end cannot be read is treated as ended (kept, never pruned)."""
    try:
        return parse_datetime(item.get("endDate") or "", "endDate", bounded=False) > now
    except ConfigurationError:
        return False


def _failed(entry: Entry, exc: JsmOpsError) -> JsmOpsError:
    """The error, naming the entry; what came after it in the run was not converged."""
    message = "%s (%s): %s The objects after it were not converged." % (entry.where, entry.label, str(exc).rstrip())
    error = ConfigurationError(message) if isinstance(exc, ConfigurationError) else exc
    error.message = message
    return error


def _failed_prune(scope: Scope, kind, item: dict, exc: JsmOpsError) -> JsmOpsError:
    exc.message = "%s: deleting %s %r, which the declaration does not name: %s" % (
        scope.where, kind.family.title, item.get(kind.family.key or kind.family.id_field), exc)
    return exc


def run_config(module, client) -> tuple:
    """The whole ``run()`` of jsmops_config: (changed, result, diff)."""
    params = module.params
    check_mode = module.check_mode or params.get("fail_on_drift")
    check_concurrency(params.get("concurrency"))
    client.list_cache = {}
    client.resolver = Resolver(client)
    teams, globals_ = load_declaration(params)
    scopes = check_declaration(teams, globals_, params.get("prune"), lambda options: Context(client, params=options, check_mode=check_mode))
    run = Run(module, client, check_mode)
    try:
        _converge(run, scopes)
    except JsmOpsError as exc:
        exc.result = _result(run, scopes)
        raise
    result = _result(run, scopes)
    changed = bool(run.actions)
    if params.get("fail_on_drift") and (run.actions or run.unchecked):
        exc = ConfigurationError(drift_message(run))
        exc.result = dict(result, changed=False)
        raise exc
    return changed, result, run.diffs


def _converge(run: Run, scopes: list) -> None:
    for scope in scopes:
        if scope.team is not None:
            try:
                scope.team_id = run.client.resolver.team_id(scope.team, option=scope.where + ".team")
                scope.team_name = next((team.get("teamName") for team in run.client.resolver.teams() if team.get("teamId") == scope.team_id), None)
            except ConfigurationError as exc:
                raise ConfigurationError("%s Its operations must be on (jsm.ops.jsmops_team) before its objects can be converged." % exc) from None
    if any(entry.children.get("rotations") for scope in scopes for entry in scope.entries.get("schedules") or ()):
        read_schedules_with_rotations(run.client)  # one paged list instead of a request per schedule
    run.prefetch([_top_collection(run, scope, kind) for scope in scopes for kind in _kinds_of(scope) if scope.entries.get(kind.name) is not None])
    for name in WRITE_ORDER:
        for scope in scopes:
            for kind, entries, parent in _declared(scope, name):
                if scope.prune and kind.ordered and _parent_stays(parent):
                    run.prune(scope, kind, parent, entries, by_name=True)  # first: the declared ones go before what stays
                _converge_kind(run, scope, kind, entries, parent)
    for name in reversed(WRITE_ORDER):  # last, children first: what others name is deleted once nothing names it
        for scope in scopes:
            for kind, entries, parent in _declared(scope, name):
                if not _parent_stays(parent):
                    continue  # gone with its parent, or not there yet
                for entry in entries:
                    if entry.params.get("state") == "absent":
                        run.converge(entry)
                if scope.prune and not kind.ordered:
                    run.prune(scope, kind, parent, entries)


def _parent_stays(parent) -> bool:
    """A child kind is pruned under a parent that exists and stays (not one check mode would create, nor one deleted)."""
    return parent is None or bool(parent.object and not parent.pending and parent.params.get("state") != "absent")


def read_schedules_with_rotations(client) -> list:
    """The schedules the account can see, read with their rotations (``expand=rotation``) into the run's list cache: the
    schedule list as ``Collection(SCHEDULES).list()`` reads it, and each schedule's rotation list as
    ``Collection(ROTATIONS, client, schedule_id).list()`` would, so neither is read again.  A schedule answered without
    its rotations (a page whose link dropped the expansion) keeps its own read."""
    schedules = Collection(SCHEDULES, client).list({"expand": "rotation"})
    plain = []
    for schedule in schedules:
        schedule = dict(schedule)
        rotations = schedule.pop("rotations", None)
        if isinstance(rotations, list) and all(isinstance(item, dict) for item in rotations):
            Collection(ROTATIONS, client, schedule["id"]).remember(rotations)
        plain.append(schedule)
    Collection(SCHEDULES, client).remember(plain)
    return plain


def _kinds_of(scope: Scope):
    return TEAM_KINDS if scope.team is not None else GLOBAL_KINDS


def _top_collection(run: Run, scope: Scope, kind):
    """The list of a kind declared at the top of a document, or None where it has none (a team's kind in the globals)."""
    if kind.family.scope is not None and scope.team_id is None and not kind.family.path_without_parent:
        return None
    return run.collection_for(scope, kind, None)


def _declared(scope: Scope, name: str):
    """(kind, entries, parent entry) for each list of ``name`` objects the scope declares, top-level or nested."""
    for kind in _kinds_of(scope):
        entries = scope.entries.get(kind.name)
        if kind.name == name and entries is not None:
            yield kind, entries, None
        for entry in entries or ():
            for child in kind.children:
                if child.name == name and entry.children.get(child.name) is not None:
                    yield child, entry.children[child.name], entry


def _converge_kind(run: Run, scope: Scope, kind, entries: list, parent) -> None:
    if parent is not None:
        if parent.pending:
            return  # reported with its parent
        if not parent.object or parent.params.get("state") == "absent":
            return  # the parent is gone, and its children with it
    live = [entry for entry in entries if entry.params.get("state") != "absent" and entry.children]
    for entry in entries:
        if entry.params.get("state") != "absent":  # deletes come last, children first (see _converge)
            run.converge(entry)
    if kind.ordered:
        for group in _groups(kind, entries):
            run.place(scope, kind, parent, [entry for entry in entries if not group or entry.params.get(kind.order_group) == group[kind.order_group]],
                      group)
    for entry in live:
        if entry.pending:
            run.children_of_pending(entry)
    parents = [entry for entry in live if entry.object and not entry.pending]
    run.prefetch([Collection(child.family, run.client, entry.object[kind.family.id_field],
                             ctx=Context(run.client, parent=entry.object[kind.family.id_field],
                                         params=dict(group, **{child.parent: entry.object[kind.family.id_field]})))
                  for entry in parents for child in kind.children if entry.children.get(child.name)
                  for group in _groups(child, entry.children[child.name])])


def _groups(kind, entries: list) -> list:
    """The list filters a child kind is read with: one per order group (an action's direction), else one."""
    if not kind.order_group:
        return [{}]
    return [{kind.order_group: value} for value in sorted({entry.params.get(kind.order_group) for entry in entries})]


def _result(run: Run, scopes: list) -> dict:
    return {
        "summary": run.summary,
        "actions": run.actions,
        "unchecked": run.unchecked,
        "teams": [{"team": scope.team_name or scope.team, "team_id": scope.team_id} for scope in scopes if scope.team is not None],
    }


def drift_message(run: Run) -> str:
    """One line: how many objects differ, and which."""
    words = {"created": "missing", "deleted": "undeclared", "changed": "changed"}
    listed = ["%s %s %s (%s)%s" % (words[done["action"]], done["kind"], done["name"], done["scope"],
                                   ": " + ", ".join(done["fields"]) if done.get("fields") else "")
              for done in run.actions[:_LISTED]]
    more = len(run.actions) - _LISTED
    text = "Drift: %d object(s) differ from the declaration: %s%s." % (len(run.actions), "; ".join(listed), "; and %d more" % more if more > 0 else "")
    if run.unchecked:
        text += " %d could not be checked: %s." % (len(run.unchecked), "; ".join(item.rstrip(".") for item in run.unchecked[:5]))
    return text
