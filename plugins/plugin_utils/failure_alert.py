# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The alert of a failed playbook run, for the ``jsm.ops.alert_on_failure`` callback.

A playbook's alias is a hash of its resolved path (and of the user's ``alias_key``), so it is short and
tells nothing about the machine it ran on.  The alert names, for each failure, the host, the task, the
module and the failure message only: never task arguments or other parts of a result, which may hold
secrets.  Every text is redacted (the client's ``redact()`` removes the token in its known forms) before
it is cut to length, so a cut never leaves part of a token behind.
"""

from __future__ import annotations

import hashlib
import os

from ansible_collections.jsm.ops.plugins.module_utils.families.alerts import ALERT_REQUESTS, ALERTS, get_alert, open_alert

ALIAS_PREFIX = "ansible-playbook-"
DIGEST_CHARS = 16  # 64 bits of sha256
SOURCE = "Ansible"
WAIT_SECONDS = 30  # for the API to process an alert request
LATE_ADVICE = "Check the alert in Jira Service Management operations."

# Limits of the API (message 130, entity 512, description 15000, extraProperties 8000 characters), with room to spare.
MESSAGE_CHARS = 130
ENTITY_CHARS = 200
FAILURE_CHARS = 300  # one failure message
NAME_CHARS = 200  # a task or host name
HOSTS_CHARS = 1000  # a list of host names
DESCRIPTION_CHARS = 14000
DETAILS_CHARS = 7000  # keys and values of extraProperties together
NO_MESSAGE = "(no message)"


class Failure:
    """One failed or unreachable task result: the only things the alert tells about it."""

    def __init__(self, host: str, task: str, action: str, message: str, unreachable: bool = False, host_name: str | None = None):
        self.host = host  # as shown (with "-> delegate" when delegated)
        self.host_name = host_name or host  # the inventory name, as the play's stats count it
        self.task = task
        self.action = action
        self.message = message
        self.unreachable = unreachable


def playbook_alias(path: str, alias_key: str | None = None) -> str:
    """``ansible-playbook-`` and 16 hex digits of sha256 over the resolved path (and ``alias_key``, when set)."""
    text = os.path.realpath(path)
    if alias_key:
        text += "\n" + alias_key
    return ALIAS_PREFIX + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:DIGEST_CHARS]


def one_line(text, limit: int) -> str:
    """``text`` on one line (runs of whitespace become one space), cut to ``limit`` characters with "..."."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def result_message(result: dict) -> str:
    """The failure message of a task result: its ``msg`` (or a loop's first failed item's), or the no_log notice."""
    if not isinstance(result, dict):
        return NO_MESSAGE
    if result.get("censored"):
        return str(result["censored"])
    message = result.get("msg")
    if not message:
        items = result.get("results") if isinstance(result.get("results"), list) else []
        failed = [item for item in items if isinstance(item, dict) and item.get("failed")]
        message = failed[0].get("censored") or failed[0].get("msg") if failed else None
    return str(message) if message else NO_MESSAGE


def _clean(redact, text, limit: int) -> str:
    return one_line(redact(str(text)), limit)


def _plural(count: int, word: str) -> str:
    return "%d %s%s" % (count, word, "" if count == 1 else "s")


def alert_body(playbook: str, alias: str, failures: list, failed_hosts: list, unreachable_hosts: list, redact,
               priority: str | None = None, tags=None, responders=None, alias_key: str | None = None) -> dict:
    """The create request of the alert for a failed run of ``playbook`` (a file name, shown as is)."""
    name = _clean(redact, playbook, ENTITY_CHARS)
    shown = [(
        _clean(redact, failure.host, NAME_CHARS),
        _clean(redact, failure.task, NAME_CHARS),
        _clean(redact, failure.action, NAME_CHARS),
        _clean(redact, failure.message, FAILURE_CHARS),
        failure.unreachable,
    ) for failure in failures]
    failed = _clean(redact, ", ".join(failed_hosts), HOSTS_CHARS)
    unreachable = _clean(redact, ", ".join(unreachable_hosts), HOSTS_CHARS)

    counts = []
    if failed_hosts:
        counts.append("%s failed" % _plural(len(failed_hosts), "host"))
    if unreachable_hosts:
        counts.append("%s unreachable" % _plural(len(unreachable_hosts), "host"))
    message = one_line("Ansible playbook %s failed%s" % (name, ": " + ", ".join(counts) if counts else ""), MESSAGE_CHARS)

    lines = ["Playbook %s ended with %s." % (name, " and ".join(counts) or "a failure"), ""]
    if failed:
        lines.append("Failed hosts: %s" % failed)
    if unreachable:
        lines.append("Unreachable hosts: %s" % unreachable)
    lines.extend(["", "Failed tasks (host: task [module]: message):"])
    length = sum(len(line) + 1 for line in lines)
    for number, (host, task, action, text, is_unreachable) in enumerate(shown):
        line = "- %s: %s [%s]: %s%s" % (host, task, action, "unreachable: " if is_unreachable else "", text)
        if length + len(line) + 1 > DESCRIPTION_CHARS - 100:
            lines.append("- ... and %s more." % _plural(len(shown) - number, "failure"))
            break
        lines.append(line)
        length += len(line) + 1
    if not shown:
        lines.append("- (none recorded)")

    details = {"playbook": name, "failed_tasks": str(len(shown))}
    if failed:
        details["failed_hosts"] = failed
    if unreachable:
        details["unreachable_hosts"] = unreachable
    if alias_key:
        details["alias_key"] = _clean(redact, alias_key, NAME_CHARS)
    size = sum(len(key) + len(value) for key, value in details.items())
    for number, (host, task, action, text, is_unreachable) in enumerate(shown, 1):
        entry = {
            "failure_%d_host" % number: host,
            "failure_%d_task" % number: task,
            "failure_%d_module" % number: action,
            "failure_%d_message" % number: ("unreachable: " if is_unreachable else "") + text,
        }
        grown = size + sum(len(key) + len(value) for key, value in entry.items())
        if grown > DETAILS_CHARS:
            break
        details.update(entry)
        size = grown

    body = {
        "message": message,
        "alias": alias,
        "description": "\n".join(lines),
        "priority": priority,
        "tags": [str(tag) for tag in tags or [] if str(tag).strip()] or None,
        "responders": responders or None,
        "extraProperties": details,
        "entity": name,
        "source": SOURCE,
    }
    return {key: value for key, value in body.items() if value is not None}


def raise_alert(client, body: dict) -> dict:
    """Open the alert (or count it again: the API de-duplicates open alerts by alias); return it as it is then.

    ``open_alert`` looks a create whose answer was lost up by its alias before sending it again.
    """
    answer = open_alert(client, body)
    alert_id = answer.get("alertId")
    if answer.get("requestId"):
        report = ALERT_REQUESTS.wait(client, answer["requestId"], "open the alert", WAIT_SECONDS, advice=LATE_ADVICE)
        alert_id = report.get("alertId") or alert_id
    alert = get_alert(client, alert_id=alert_id) if alert_id else None
    return alert or {"alias": body["alias"]}


def close_alert(client, alias: str, note: str) -> dict | None:
    """Close the open alert with ``alias`` after adding ``note`` to it; None when no alert with the alias is open."""
    alert = get_alert(client, alias=alias)
    if alert is None or alert.get("status") == "closed":
        return None
    base = client.path(ALERTS + "/{}", alert["id"])
    client.request("POST", base + "/notes", body={"note": note})
    answer = client.request("POST", base + "/close").data or {}
    if answer.get("requestId"):
        ALERT_REQUESTS.wait(client, answer["requestId"], "close the alert", WAIT_SECONDS, advice=LATE_ADVICE)
    return alert
