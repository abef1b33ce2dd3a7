# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event-Driven Ansible event source ``jsm.ops.alerts``: the alerts of a JSM Ops search, as events.

ansible-rulebook runs this file by its path (``runpy.run_path``), not as a module of a package, and
then awaits ``main(queue, args)``. The collection's shared code (the option table, the one HTTP
client with its retry policy, the alert search) is imported from ``ansible_collections.jsm.ops`` when
``main`` starts; see ``_shared_code``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import importlib
import json
import logging
import math
import os
import sys
import tempfile

DOCUMENTATION = r"""
---
short_description: Turn Jira Service Management operations alerts into events
description:
  - An ansible-rulebook event source that polls the alerts of a search every O(interval) seconds and puts
    one event on the queue for each new alert, and, with O(emit_state_changes), one for each change of
    state (closed, acknowledged, snoozed) of an alert it has already emitted.
  - 'A new alert gives C({"type": "created", "alert": {...}}), where C(alert) is the alert as the API lists it,
    in the API''s own field names (C(id), C(tinyId), C(alias), C(message), C(status), C(acknowledged),
    C(snoozed), C(tags), C(priority), C(responders), C(createdAt), ...).'
  - 'A change gives C({"type": "closed", "alert": {...}, "changes": {"status": {"from": "open", "to": "closed"}}});
    C(type) is V(closed), V(reopened), V(acknowledged), V(unacknowledged), V(snoozed) or V(unsnoozed), the
    most important of the changes seen in one poll; C(changes) lists every field of V(status), V(acknowledged)
    and V(snoozed) that changed.'
  - Alerts created before the source started (or before O(since)) are never emitted. With O(state_file), what
    was emitted is remembered across restarts, so a restarted source emits neither an alert twice nor misses
    one created while it was stopped.
  - The API's alert list is read oldest first (C(sort=createdAt), C(order=asc)) from the moment of the newest
    alert seen, less O(lookback) seconds, so an alert that the API's search shows late is still emitted once.
  - Requests go through the collection's own client, which retries HTTP 429, 502, 503 and 504 and honours
    C(Retry-After); other failures that may pass (a server error after the retries, a lost connection) are
    logged and the next poll tries again. A wrong token (HTTP 401), a missing permission (403) or a search the
    API refuses (400, 422) stops the source with a one-line error. The token is never logged nor emitted.
  - Needs ansible-core and the Python library C(requests) next to ansible-rulebook; a decision environment needs
    this collection and C(requests).
version_added: 0.2.0
options:
  query:
    description:
      - A search in the API's alert search syntax, such as V(status:open AND tag:backup).
      - Mutually exclusive with O(status), O(tags), O(priority) and O(team).
    type: str
  status:
    description:
      - Only alerts with this status.
    type: str
    choices: [open, closed]
  tags:
    description:
      - Only alerts that carry every one of these tags.
    type: list
    elements: str
  priority:
    description:
      - Only alerts of this priority.
    type: str
    choices: [P1, P2, P3, P4, P5]
  team:
    description:
      - Only alerts that have the team of this name among their responders (the search term C(teams:<name>)).
    type: str
  interval:
    description:
      - Seconds between two polls.
    type: float
    default: 60
  emit_state_changes:
    description:
      - Also emit an event when an alert already emitted is closed, acknowledged, unacknowledged, snoozed or
        unsnoozed.
      - The alerts are watched until they are closed, deleted or hidden from the account, or are older than
        O(watch_for) seconds. Each poll then reads the alerts of the search created since the oldest alert
        watched; a watched alert that has left the search (because it was closed and the search asks for open
        alerts, for example) is read by its id.
    type: bool
    default: false
  watch_for:
    description:
      - With O(emit_state_changes), for how many seconds after its creation an alert is watched for changes.
    type: float
    default: 86400
  state_file:
    description:
      - A JSON file in which the source remembers what it has emitted (ids, states and the newest creation time
        seen), written atomically with mode 0600 after every poll and when the source stops.
      - Without it, a restarted source starts afresh from O(since) (by default, the moment it starts).
    type: path
  since:
    description:
      - Emit only alerts created from this moment on, as an ISO 8601 date and time with a UTC offset, such as
        V(2026-03-01T09:00:00Z).
      - Defaults to the moment the source starts. Ignored when O(state_file) already holds a state.
    type: str
  lookback:
    description:
      - Seconds before the newest alert seen from which each poll reads again, so that alerts which the API's search
        shows late are not missed. Alerts already emitted are recognised by their id.
    type: float
    default: 60
  api_email:
    description:
      - Email address of the Atlassian account. Defaults to the environment variable E(JSM_OPS_API_EMAIL), then
        E(ATLASSIAN_OPS_API_EMAIL_ADDRESS).
    type: str
  api_token:
    description:
      - Atlassian API token of that account. Defaults to E(JSM_OPS_API_TOKEN), then E(ATLASSIAN_OPS_API_TOKEN).
        It is never logged nor emitted.
    type: str
  cloud_id:
    description:
      - Cloud ID of the site. Defaults to E(JSM_OPS_CLOUD_ID), then E(ATLASSIAN_OPS_CLOUD_ID).
        One of O(cloud_id) or O(site) is required.
    type: str
  site:
    description:
      - The Atlassian site, such as V(example.atlassian.net); the cloud ID is looked up from it when O(cloud_id) is
        not set. Defaults to E(JSM_OPS_SITE), then E(ATLASSIAN_OPS_DOMAIN_NAME).
    type: str
  api_url:
    description:
      - Base URL of the API gateway, a proxy or a local emulator. Defaults to E(JSM_OPS_API_URL).
    type: str
    default: https://api.atlassian.com
  validate_certs:
    description:
      - Whether TLS certificates are verified. Defaults to E(JSM_OPS_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle to verify TLS certificates with. Defaults to E(JSM_OPS_CA_PATH).
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP request. Defaults to E(JSM_OPS_TIMEOUT).
    type: float
    default: 30
  retries:
    description:
      - Retries of a request after HTTP 429, 502, 503, 504 or a connection error. Defaults to E(JSM_OPS_RETRIES).
    type: int
    default: 3
"""

EXAMPLES = r"""
- name: Remediate alerts tagged auto-remediate
  hosts: localhost
  sources:
    - jsm.ops.alerts:
        tags: [auto-remediate]
        status: open
        interval: 30
        state_file: /var/lib/eda/jsm-ops-alerts.json
  rules:
    - name: Run the remediation playbook
      condition: event.type == "created"
      action:
        run_playbook:
          name: remediate.yml

- name: Report when a P1 alert of Platform is closed
  hosts: localhost
  sources:
    - jsm.ops.alerts:
        query: "priority:P1 AND teams:Platform"
        emit_state_changes: true
  rules:
    - name: Closed
      condition: event.type == "closed"
      action:
        debug:
          msg: "{{ event.alert.message }} was closed"
"""

PLUGIN = "jsm.ops.alerts"
LOGGER = logging.getLogger(PLUGIN)
UTILS = "ansible_collections.jsm.ops.plugins.module_utils"
# This file's place in an installed collection: <dir>/ansible_collections/jsm/ops/extensions/eda/plugins/event_source/.
PLACE = ("ansible_collections", "jsm", "ops", "extensions", "eda", "plugins", "event_source")
STATE_VERSION = 1
WATCHED = ("status", "acknowledged", "snoozed")
FILTERS = ("status", "tags", "priority", "team")
SOURCE_ARGS = ("query",) + FILTERS + ("interval", "emit_state_changes", "watch_for", "state_file", "since", "lookback")
# One poll reads at most this many alerts (the API serves none at offset 20000 or beyond); the next poll goes on.
POLL_LIMIT = 19999


class AlertSourceError(Exception):
    """The source cannot go on; the message is one line and names what to do."""


# -- the collection's shared code --------------------------------------------------------------


def _collections_dir(path: str) -> str | None:
    """The directory that holds ``ansible_collections/`` when ``path`` is this file inside an installed jsm.ops."""
    parts = os.path.dirname(os.path.abspath(path)).split(os.sep)
    if tuple(parts[-len(PLACE):]) != PLACE:
        return None
    return os.sep.join(parts[:-len(PLACE)]) or os.sep


def _shared_code(path: str = __file__) -> dict:
    """Import the module_utils this source runs on, from the collection this file belongs to.

    ansible-rulebook finds this file with ``ansible-galaxy collection list`` and runs it by path, so the
    directory that holds ``ansible_collections/`` is not necessarily on ``sys.path``; it is put first, so that
    the collection's own ``module_utils`` are used even when another copy of jsm.ops is importable.
    """
    where = _collections_dir(path)
    if where and where not in sys.path:
        sys.path.insert(0, where)
    try:
        return {name: importlib.import_module("%s.%s" % (UTILS, name))
                for name in ("core.errors", "core.options", "core.client", "core.compare", "families.alerts")}
    except ImportError as exc:
        raise AlertSourceError(
            "%s needs ansible-core and the Python library requests where ansible-rulebook runs, and this collection "
            "installed (ansible-galaxy collection install jsm.ops); importing its code failed: %s" % (PLUGIN, exc)
        ) from None


# -- arguments ----------------------------------------------------------------------------------


def _number(args: dict, name: str, default: float, minimum: float) -> float:
    value = args.get(name)
    if value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(value, bool) or not math.isfinite(number) or number < minimum:
        raise AlertSourceError("%s: %s must be a number of seconds of at least %s; got %r." % (PLUGIN, name, minimum, value))
    return number


def _flag(args: dict, name: str) -> bool:
    value = args.get(name, False)
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1", "false", "no", "off", "0"):
        return value.strip().lower() in ("true", "yes", "on", "1")
    if value is None or isinstance(value, bool):
        return bool(value)
    raise AlertSourceError("%s: %s must be true or false; got %r." % (PLUGIN, name, value))


def _term(field: str, value) -> str:
    """One ``field:value`` term of the search syntax; a value with spaces is quoted."""
    text = str(value).strip()
    if not text or '"' in text or "\\" in text:
        raise AlertSourceError("%s: %s must be a non-empty value without quotes or backslashes; got %r." % (PLUGIN, field, value))
    if any(char.isspace() for char in text) or ":" in text or "=" in text or "(" in text or ")" in text:
        text = '"%s"' % text
    return "%s:%s" % (field, text)


def build_query(args: dict) -> str | None:
    """The search: ``query`` as given, or ``status``, ``tags``, ``priority`` and ``team`` joined by AND."""
    given = [name for name in FILTERS if args.get(name) not in (None, "", [])]
    query = args.get("query")
    if query not in (None, "") and given:
        raise AlertSourceError("%s: give either query or %s, not both; write them all into query instead." % (PLUGIN, ", ".join(given)))
    if query not in (None, ""):
        return str(query).strip()
    terms = []
    status = args.get("status")
    if status not in (None, ""):
        if str(status).lower() not in ("open", "closed"):
            raise AlertSourceError("%s: status must be open or closed; got %r." % (PLUGIN, status))
        terms.append(_term("status", str(status).lower()))
    tags = args.get("tags")
    if tags not in (None, "", []):
        for tag in [tags] if isinstance(tags, str) else list(tags):
            terms.append(_term("tag", tag))
    priority = args.get("priority")
    if priority not in (None, ""):
        if str(priority).upper() not in ("P1", "P2", "P3", "P4", "P5"):
            raise AlertSourceError("%s: priority must be one of P1, P2, P3, P4 and P5; got %r." % (PLUGIN, priority))
        terms.append(_term("priority", str(priority).upper()))
    team = args.get("team")
    if team not in (None, ""):
        terms.append(_term("teams", team))
    return " AND ".join(terms) or None


# -- what has been emitted ------------------------------------------------------------------------


def _moment(value) -> datetime.datetime | None:
    """An API date-time (``2026-01-05T09:00:00.123Z``) as an aware datetime; None when absent or unreadable."""
    if not value:
        return None
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def _text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _snapshot(alert: dict) -> dict:
    snapshot = {field: alert.get(field) for field in WATCHED}
    snapshot["createdAt"] = alert.get("createdAt")
    return snapshot


def change_event(before: dict, alert: dict) -> dict | None:
    """The event for an alert whose watched fields differ from ``before``, or None."""
    changes = {field: {"from": before.get(field), "to": alert.get(field)} for field in WATCHED if before.get(field) != alert.get(field)}
    if not changes:
        return None
    if "status" in changes:
        kind = "closed" if alert.get("status") == "closed" else "reopened"
    elif "acknowledged" in changes:
        kind = "acknowledged" if alert.get("acknowledged") else "unacknowledged"
    else:
        kind = "snoozed" if alert.get("snoozed") else "unsnoozed"
    return {"type": kind, "alert": alert, "changes": changes}


class Memory:
    """What the source has emitted, and from which moment an alert may still be new.

    ``since``: alerts created before it are never emitted. ``newest``: the creation time of the newest alert
    emitted. ``emitted``: the ids (with their creation times) of the alerts emitted that were created from
    ``cutoff()`` on, the only ones a poll can meet again as candidates. ``watched``: the alerts whose changes of
    state are emitted, each with its last known state.
    """

    def __init__(self, since: datetime.datetime, lookback: float, watch_for: float, changes: bool):
        self.since = since
        self.lookback = datetime.timedelta(seconds=lookback)
        self.watch_for = datetime.timedelta(seconds=watch_for)
        self.changes = changes
        self.newest: datetime.datetime | None = None
        self.emitted: dict[str, str] = {}
        self.watched: dict[str, dict] = {}

    def cutoff(self) -> datetime.datetime:
        """Alerts created before this moment are not new: emitted already, or created before ``since``."""
        if self.newest is None:
            return self.since
        return max(self.since, self.newest - self.lookback)

    def read_from(self) -> int:
        """The list's ``from`` (epoch seconds, inclusive) that covers every candidate and every watched alert."""
        start = self.cutoff()
        for snapshot in self.watched.values():
            created = _moment(snapshot.get("createdAt"))
            if created is not None and created < start:
                start = created
        return math.floor(start.timestamp())

    def is_new(self, alert: dict, cutoff: datetime.datetime) -> bool:
        created = _moment(alert.get("createdAt"))
        alert_id = alert.get("id")
        return bool(alert_id) and created is not None and created >= cutoff and alert_id not in self.emitted and alert_id not in self.watched

    def remember(self, alert: dict) -> None:
        """Note an alert as emitted (and watch it, when changes are emitted and it is not closed)."""
        created = _moment(alert["createdAt"])
        self.emitted[alert["id"]] = alert["createdAt"]
        if self.newest is None or created > self.newest:
            self.newest = created
        if self.changes and alert.get("status") != "closed":
            self.watched[alert["id"]] = _snapshot(alert)

    def observe(self, alert: dict) -> dict | None:
        """The change event of a watched alert as it is now (None when nothing changed); closed alerts stop being watched."""
        before = self.watched.get(alert.get("id"))
        if before is None:
            return None
        event = change_event(before, alert)
        if alert.get("status") == "closed":
            del self.watched[alert["id"]]
        else:
            self.watched[alert["id"]] = _snapshot(alert)
        return event

    def forget(self, alert_id: str) -> None:
        self.watched.pop(alert_id, None)

    def prune(self, now: datetime.datetime) -> None:
        """Forget the alerts no poll can meet as new any more, and stop watching those older than ``watch_for``."""
        too_old = now - self.watch_for
        self.watched = {alert_id: snapshot for alert_id, snapshot in self.watched.items()
                        if (_moment(snapshot.get("createdAt")) or now) >= too_old}
        cutoff = self.cutoff()
        self.emitted = {alert_id: created for alert_id, created in self.emitted.items()
                        if (_moment(created) or cutoff) >= cutoff or alert_id in self.watched}

    def to_json(self) -> dict:
        return {
            "version": STATE_VERSION,
            "since": _text(self.since),
            "newest": _text(self.newest) if self.newest else None,
            "emitted": dict(sorted(self.emitted.items())),
            "watched": dict(sorted(self.watched.items())),
        }

    def load(self, data, path: str) -> None:
        problem = "%s: state_file %s is not a state this source wrote; remove it, or point state_file elsewhere." % (PLUGIN, path)
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise AlertSourceError(problem)
        since, newest = _moment(data.get("since")), _moment(data.get("newest"))
        emitted, watched = data.get("emitted") or {}, data.get("watched") or {}
        if since is None or (data.get("newest") and newest is None) or not isinstance(emitted, dict) or not isinstance(watched, dict):
            raise AlertSourceError(problem)
        self.since, self.newest = since, newest
        self.emitted = {str(key): str(value) for key, value in emitted.items()}
        self.watched = {str(key): dict(value) for key, value in watched.items() if isinstance(value, dict)}


def read_state(path: str):
    """The JSON held in ``path``, or None when there is no such file."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise AlertSourceError("%s: cannot read state_file %s (%s); remove it, or point state_file elsewhere." % (PLUGIN, path, exc)) from None


def write_state(path: str, data: dict) -> None:
    """Replace ``path`` atomically with ``data`` as JSON, readable by its owner only (0600)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1, sort_keys=True)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# -- the source ---------------------------------------------------------------------------------


class AlertSource:
    """One running source: its client, its search and its memory."""

    def __init__(self, args: dict, shared: dict, now: datetime.datetime):
        self.shared = shared
        errors = shared["core.errors"]
        known = set(SOURCE_ARGS) | set(shared["core.options"].CONNECTION_OPTIONS)
        unknown = sorted(str(name) for name in args if name not in known and not str(name).startswith("eda_"))
        if unknown:
            LOGGER.warning("%s: ignoring unknown argument(s) %s.", PLUGIN, ", ".join(unknown))
        self.interval = _number(args, "interval", 60.0, 0.01)
        self.query = build_query(args)
        self.state_file = os.path.expanduser(str(args["state_file"])) if args.get("state_file") else None
        self.saved = None
        since = now
        if args.get("since") not in (None, ""):
            try:
                since = shared["core.compare"].parse_datetime(args["since"], "since")
            except errors.ConfigurationError as exc:
                raise AlertSourceError("%s: %s" % (PLUGIN, exc)) from None
        self.memory = Memory(
            since, _number(args, "lookback", 60.0, 0.0), _number(args, "watch_for", 86400.0, 1.0), _flag(args, "emit_state_changes"),
        )
        if self.state_file:
            data = read_state(self.state_file)
            if data is not None:
                self.memory.load(data, self.state_file)
        try:
            params = shared["core.options"].connection_params(shared["core.options"].option_reader(args))
            self.client = shared["core.client"].JsmOpsClient(params, warn=LOGGER.warning)
        except errors.JsmOpsError as exc:
            raise AlertSourceError("%s: %s" % (PLUGIN, exc)) from None

    def fatal(self, exc) -> bool:
        """True for failures that another poll cannot cure: credentials, permissions, a refused search, bad options."""
        errors = self.shared["core.errors"]
        transient = (errors.RateLimitedError, errors.ServerError, errors.TransportError, errors.ResponseFormatError)
        return not isinstance(exc, transient)

    def save(self) -> None:
        """Write the state file when the state differs from what it holds."""
        data = self.memory.to_json()
        if self.state_file and data != self.saved:
            try:
                write_state(self.state_file, data)
                self.saved = data
            except OSError as exc:
                raise AlertSourceError("%s: cannot write state_file %s (%s)." % (PLUGIN, self.state_file, exc.strerror or exc)) from None

    async def poll(self, queue) -> int:
        """Read the search once and put its events on the queue; return how many."""
        alerts_utils = self.shared["families.alerts"]
        errors = self.shared["core.errors"]
        memory = self.memory
        cutoff = memory.cutoff()
        alerts = await asyncio.to_thread(
            alerts_utils.search_alerts, self.client, query=self.query, since=memory.read_from(), sort="createdAt", order="asc", limit=POLL_LIMIT,
        )
        complete = len(alerts) < POLL_LIMIT
        last = _moment(alerts[-1].get("createdAt")) if alerts else None
        count = 0
        listed = set()
        for alert in alerts:
            listed.add(alert.get("id"))
            if memory.is_new(alert, cutoff):
                await queue.put({"type": "created", "alert": alert})
                memory.remember(alert)
                count += 1
                continue
            event = memory.observe(alert)
            if event:
                await queue.put(event)
                count += 1
        # Watched alerts the search no longer shows: closed or acknowledged out of it, re-tagged, hidden or deleted.
        for alert_id, snapshot in list(memory.watched.items()):
            created = _moment(snapshot.get("createdAt"))
            if alert_id in listed or (not complete and (created is None or last is None or created > last)):
                continue
            try:
                alert = await asyncio.to_thread(alerts_utils.get_alert, self.client, alert_id)
            except errors.PermissionDeniedError:
                alert = None
            if alert is None:
                LOGGER.info("%s: alert %s is no longer visible; not watching it any more.", PLUGIN, alert_id)
                memory.forget(alert_id)
                continue
            event = memory.observe(alert)
            if event:
                await queue.put(event)
                count += 1
        memory.prune(datetime.datetime.now(datetime.timezone.utc))
        return count

    async def run(self, queue) -> None:
        LOGGER.info("%s: polling the alerts %s every %s s, created from %s on.", PLUGIN,
                    "of the search %r" % self.query if self.query else "(all)", self.interval, _text(self.memory.cutoff()))
        self.save()
        try:
            while True:
                try:
                    count = await self.poll(queue)
                except self.shared["core.errors"].JsmOpsError as exc:
                    if self.fatal(exc):
                        raise AlertSourceError("%s stopped: %s" % (PLUGIN, exc)) from None
                    LOGGER.warning("%s: this poll failed, the next one tries again: %s", PLUGIN, exc)
                else:
                    if count:
                        LOGGER.debug("%s: %d event(s).", PLUGIN, count)
                    self.save()
                await asyncio.sleep(self.interval)
        finally:
            try:
                self.save()  # also when cancelled: the state holds exactly the events put on the queue
            except AlertSourceError as exc:
                LOGGER.error("%s", exc)


async def main(queue, args: dict) -> None:
    """The ansible-rulebook entry point: poll until cancelled; raise AlertSourceError when the source cannot go on."""
    source = AlertSource(dict(args or {}), _shared_code(), datetime.datetime.now(datetime.timezone.utc))
    await source.run(queue)
