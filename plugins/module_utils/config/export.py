# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read a live setup and write it as the declaration ``jsmops_config`` converges: one YAML file per team and one for
the objects outside any team, names instead of ids, a fixed order, no secrets."""

from __future__ import annotations

import datetime
import os
import re
import tempfile

from ansible_collections.jsm.ops.plugins.module_utils.config.converge import GLOBALS_FILE, HAS_YAML, TEAMS_FOLDER, read_lists, read_schedules_with_rotations
from ansible_collections.jsm.ops.plugins.module_utils.config.kinds import GLOBAL_KINDS, TEAM_KINDS
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ApiError, ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Context
from ansible_collections.jsm.ops.plugins.module_utils.core.pool import run_pool
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.families.oncall import check_concurrency
from ansible_collections.jsm.ops.plugins.module_utils.families.overrides import OVERRIDES
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import ROTATIONS

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core
    yaml = None

DIRECTIONS = ("incoming", "outgoing")
HEADER = """\
# %s, as jsm.ops.jsmops_config_export read it.
# Converge it with jsm.ops.jsmops_config (src: the folder of the export). Each entry takes the options of the
# state module of its kind; lists whose order matters (routing rules, policies, actions) are in the order they are tried.
# Integration API keys are never exported. Overrides that have ended are left out.
"""


class Refs:
    """Names for the ids objects refer to: users by email where the site's user search shows one, else by account id."""

    def __init__(self, client, resolver: Resolver, schedules: list, now):
        self.client = client
        self.resolver = resolver
        self.now = now
        self._schedules = {item.get("id"): item.get("name") for item in schedules}
        self._escalations = {}
        self._rotations = {}
        self._emails = {}

    def add_escalations(self, items: list) -> None:
        self._escalations.update((item.get("id"), item.get("name")) for item in items)

    def add_rotations(self, schedule_id: str, items: list) -> None:
        self._rotations.update(((schedule_id, item.get("id")), item.get("name")) for item in items)

    def user(self, account_id: str) -> str:
        if account_id not in self._emails:
            email = None
            if self.client.config.site:
                try:
                    email = self.resolver.user(account_id).get("emailAddress")
                except ConfigurationError:
                    email = None  # no such user on the site: the account id says it
                except ApiError as exc:
                    if exc.status not in (403, 404):
                        raise
                    email = None  # the account may not browse users: the account id says it
            self._emails[account_id] = email or account_id
        return self._emails[account_id]

    def team(self, team_id: str) -> str:
        return next((team.get("teamName") for team in self.resolver.teams() if team.get("teamId") == team_id), None) or team_id

    def schedule(self, schedule_id: str) -> str:
        return self._schedules.get(schedule_id) or schedule_id

    def escalation(self, escalation_id: str) -> str:
        return self._escalations.get(escalation_id) or escalation_id

    def rotation(self, schedule_id: str, rotation_id: str) -> str:
        return self._rotations.get((schedule_id, rotation_id)) or rotation_id


class Reader:
    """The lists of one export, read concurrently into the client's shared cache, then used in order."""

    def __init__(self, client, concurrency: int):
        self.client = client
        self.concurrency = concurrency
        self.not_read = []

    def collection(self, kind, parent=None, **params):
        return Collection(kind.family, self.client, parent, ctx=Context(self.client, parent=parent, params=params))

    def read(self, collections: list) -> list:
        """Each collection's list, read concurrently; None for a list the site's plan (HTTP 402) or the account's
        rights (HTTP 403) keep closed, which the export leaves out and says so in ``not_read``."""
        lists, refused = read_lists(self.client, collections, self.concurrency, closed=(402, 403))
        self.not_read.extend(refused)
        return lists

    def whole(self, collection, items: list) -> list:
        """For a family whose list names objects only: each object from its own endpoint, concurrently."""
        if not collection.family.summary_list or not items:
            return items  # None (closed) stays None
        ident = collection.family.id_field
        results = run_pool(self.client, items, lambda worker, item: collection.through(worker).get(item[ident]), self.concurrency,
                           stop_on_error=False)
        for _found, error in results:
            if isinstance(error, ApiError) and error.status == 403:
                self.not_read.append(str(error))  # listed, but the account may not read it: left out, and said
            elif error is not None:
                raise error
        return [found for found, _error in results if found is not None]  # None: gone since it was listed


def run_export(module, client) -> tuple:
    """The whole ``run()`` of jsmops_config_export: (changed, result, diff)."""
    params = module.params
    check_concurrency(params["concurrency"])
    if params.get("dest") and not HAS_YAML:
        raise ConfigurationError("dest writes YAML, which needs the Python library PyYAML (installed with ansible-core) where the task runs.")
    client.list_cache = {}
    client.resolver = resolver = Resolver(client)
    reader = Reader(client, params["concurrency"])
    teams = _teams(resolver, params.get("teams"))
    kinds = {kind.name: kind for kind in TEAM_KINDS + GLOBAL_KINDS}
    all_schedules = read_schedules_with_rotations(client)
    all_integrations, = reader.read([reader.collection(kinds["integrations"])])
    refs = Refs(client, resolver, all_schedules, datetime.datetime.now(datetime.timezone.utc))
    documents = [_team_document(reader, refs, kinds, team, all_schedules, all_integrations) for team in teams]
    globals_ = _globals_document(reader, refs, kinds, all_schedules, all_integrations) if params["globals"] else None
    result = {"teams": documents, "globals": globals_, "files": [], "not_read": reader.not_read}
    diffs = []
    if params.get("dest"):
        result["files"], diffs = _write(params["dest"], teams, documents, globals_, module.check_mode, file_names(resolver.teams()))
    changed = any(item["changed"] for item in result["files"])
    return changed, result, diffs


def _teams(resolver: Resolver, wanted) -> list:
    known = resolver.teams()
    if not wanted:
        return sorted(known, key=lambda team: ((team.get("teamName") or "").casefold(), team.get("teamId")))
    chosen = []
    for number, value in enumerate(wanted):
        ident = resolver.team_id(value, option="teams[%d]" % number)
        chosen.append(next(team for team in known if team.get("teamId") == ident))
    return chosen


def _by_name(items: list) -> list:
    return sorted(items, key=lambda item: ((item.get("name") or "").casefold(), item.get("name") or ""))


def _team_document(reader: Reader, refs: Refs, kinds: dict, team: dict, all_schedules: list, all_integrations: list) -> dict:
    team_id = team["teamId"]
    names = ("escalations", "routing_rules", "roles", "alert_policies", "notification_policies", "heartbeats")
    collections = [reader.collection(kinds[name], team_id, team=team_id) for name in names]
    listed = dict(zip(names, reader.read(collections)))
    for name in ("alert_policies", "notification_policies"):
        listed[name] = reader.whole(collections[names.index(name)], listed[name])
    refs.add_escalations(listed["escalations"] or [])
    schedules = [item for item in all_schedules if item.get("teamId") == team_id]
    integrations = None if all_integrations is None else [item for item in all_integrations if item.get("teamId") == team_id]
    document = {"team": team.get("teamName") or team_id}
    for kind in TEAM_KINDS:
        if kind.name == "schedules":
            document["schedules"] = _schedules(reader, refs, kind, schedules)
        elif kind.name == "integrations":
            if integrations is not None:  # None: closed to the account, left out
                document["integrations"] = _integrations(reader, refs, kind, integrations)
        elif listed[kind.name] is not None:  # None: closed to the account or the plan, left out
            items = listed[kind.name]
            if not kind.ordered:
                items = _by_name(items)
            entries = [kind.export(item, refs) for item in items]
            if kind.fixed:  # the default rule stays last, where the API keeps it
                entries = [entry for entry in entries if not entry.get(kind.fixed)] + [entry for entry in entries if entry.get(kind.fixed)]
            document[kind.name] = entries
    return document


def _globals_document(reader: Reader, refs: Refs, kinds: dict, all_schedules: list, all_integrations: list) -> dict:
    collections = [reader.collection(kinds["custom_roles"]), reader.collection(kinds["alert_policies"])]
    roles, policies = (reader.whole(collection, items) for collection, items in zip(collections, reader.read(collections)))
    document = {
        "schedules": _schedules(reader, refs, kinds["schedules"], [item for item in all_schedules if not item.get("teamId")]),
        "custom_roles": None if roles is None else [kinds["custom_roles"].export(item, refs) for item in _by_name(roles)],
        "integrations": _integrations(reader, refs, kinds["integrations"],
                                      None if all_integrations is None else [item for item in all_integrations if not item.get("teamId")]),
        "alert_policies": None if policies is None else [kinds["alert_policies"].export(item, refs) for item in policies],
    }
    return {name: value for name, value in document.items() if value is not None}


def _schedules(reader: Reader, refs: Refs, kind, schedules: list) -> list:
    schedules = _by_name(schedules)
    rotation_kind, override_kind = kind.children
    lists = reader.read([Collection(family, reader.client, item["id"]) for item in schedules for family in (ROTATIONS, OVERRIDES)])
    entries = []
    for number, item in enumerate(schedules):
        rotations, overrides = lists[2 * number], lists[2 * number + 1]  # None: closed, left out
        refs.add_rotations(item["id"], rotations or [])
        entry = kind.export(item, refs)
        if rotations is not None:
            entry["rotations"] = [rotation_kind.export(rotation, refs) for rotation in rotations]
        if overrides is not None:
            ordered = sorted(overrides, key=lambda override: (override.get("startDate") or "", override.get("alias") or ""))
            entry["overrides"] = [found for found in (override_kind.export(override, refs, item["id"]) for override in ordered) if found is not None]
        entries.append(entry)
    return entries


def _integrations(reader: Reader, refs: Refs, kind, integrations):
    """The integrations as entries with their actions; None (left out) when the integration list was closed."""
    if integrations is None:
        return None
    integrations = reader.whole(reader.collection(kind), _by_name(integrations))
    action_kind = kind.children[0]
    collections = [reader.collection(action_kind, item["id"], integration=item["id"], direction=direction)
                   for item in integrations for direction in DIRECTIONS]
    lists = reader.read(collections)
    entries = []
    for number, item in enumerate(integrations):
        entry = kind.export(item, refs)
        found = [reader.whole(collections[len(DIRECTIONS) * number + offset], lists[len(DIRECTIONS) * number + offset])
                 for offset in range(len(DIRECTIONS))]
        if all(actions is not None for actions in found):  # a direction closed: the actions are left out
            entry["actions"] = [action_kind.export(action, refs) for actions in found for action in actions]
        entries.append(entry)
    return entries


# -- files -------------------------------------------------------------------------------------------------------------


def file_name(name: str, taken: set) -> str:
    """A file name for a team: its name in lower case, other characters as dashes; a clash gets a number."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "team"
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = "%s-%d" % (stem, number)
    taken.add(candidate)
    return candidate + ".yml"


def render(document: dict, title: str) -> str:
    return HEADER % title + yaml.safe_dump(document, sort_keys=False, default_flow_style=False, allow_unicode=True, width=120)


def file_names(every_team: list) -> dict:
    """Each team's file name, by team id, from every team the account sees (sorted by id), so that a team's file keeps
    its name whichever teams one export chooses."""
    taken = set()
    return {team["teamId"]: file_name(team.get("teamName") or team["teamId"], taken)
            for team in sorted(every_team, key=lambda team: str(team.get("teamId")))}


def _write(dest: str, teams: list, documents: list, globals_, check_mode: bool, names: dict) -> tuple:
    files, diffs = [], []
    wanted = [(os.path.join(dest, TEAMS_FOLDER, names[team["teamId"]]), render(document, "Team %s (id %s)" % (document["team"], team["teamId"])))
              for team, document in zip(teams, documents)]
    if globals_ is not None:
        wanted.append((os.path.join(dest, GLOBALS_FILE), render(globals_, "Objects outside any team")))
    for path, text in wanted:
        before = _read(path)
        changed = before != text
        files.append({"path": path, "changed": changed})
        if changed:
            diffs.append({"before": before or "", "after": text, "before_header": path, "after_header": path})
            if not check_mode:
                try:
                    _replace(path, text)
                except ConfigurationError as exc:
                    exc.result = {"files": files, "changed": any(item["changed"] for item in files[:-1])}
                    raise
    return files, diffs


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigurationError("dest: %s cannot be read (%s)." % (path, exc.strerror or exc)) from None


def _replace(path: str, text: str) -> None:
    """Write the file whole or not at all: a temporary file beside it, then renamed over it."""
    folder = os.path.dirname(path)
    temporary = None
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".jsmops-export-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
        raise ConfigurationError("dest: %s cannot be written (%s)." % (path, exc.strerror or exc)) from None
