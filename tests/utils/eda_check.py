# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""examples/rulebooks/auto_remediate.yml end to end: ansible-rulebook, the jsm.ops.alerts source, the playbook.

Run with the Python of the rulebook venv (ansible-rulebook, ansible-core, requests) under
tests/utils/with-emulator.sh, with the built collection installed in ``--collections``; ``make eda-check``
does all of it (and has with-emulator.sh write the emulator's output into ``--work``/output). Steps:

1. Java: tests/utils/ensure-java.sh. Without a Java runtime 17 or newer ansible-rulebook cannot run; the
   check then reports itself not checked (see tests/utils/run-steps.sh) and exits 0.
2. ansible-rulebook runs the example rulebook from its own directory (where its playbook is found), the
   source polling every second (the rulebook's ``poll_interval`` variable, from a ``--vars`` file) and the
   connection coming from the environment, as the rulebook's comments say. Once the emulator has seen the
   source's first poll, one alert tagged auto-remediate and one without the tag are created through the
   API. The tagged one must be closed with the playbook's note, once; the other must be left alone.
   ansible-rulebook is then stopped (SIGTERM, then SIGKILL).
3. ansible-rulebook again with a wrong token: it must exit non-zero, in bounded time, with the source's
   one-line HTTP 401 message.
4. Everything in ``--work``/output (what ansible-rulebook printed, the emulator's request log and, when
   with-emulator.sh writes it there, the emulator's own output) is searched for both tokens in every encoded
   form, with the search of the secret canary (tests/integration/targets/jsmops_secret_canary/canary.py).

Every wait is bounded. When JSM_OPS_REPORT_DIR is set, one line of figures goes to
``$JSM_OPS_REPORT_DIR/eda-check.txt``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
import urllib.request
import uuid

import yaml

import secret_search

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULEBOOKS = ROOT / "examples" / "rulebooks"
RULEBOOK = "auto_remediate.yml"
PLAYBOOK = "remediate.yml"
INVENTORY = "inventory.yml"
TAG = "auto-remediate"
STEP = "eda-check"
# A token no account has: long and distinctive, and changed by URL, form and HTML encoding.
WRONG_TOKEN = "jsmops-eda-wrong/Tok+5d0c7e2a=91b4f36c&d8a2"
# What the source stops with on HTTP 401 (its one-line error, as the guide quotes it).
STOPPED_401 = "jsm.ops.alerts stopped: GET /v1/alerts returned HTTP 401: Authentication failed"
NOT_CHECKED_STATUS = 3  # tests/utils/ensure-java.sh: no Java runtime >= 17


class CheckError(Exception):
    """The rulebook check failed."""


def log(message):
    print("eda-check: %s" % message, flush=True)


def remediation_note():
    """The note remediate.yml closes the alert with."""
    with open(RULEBOOKS / PLAYBOOK, encoding="utf-8") as handle:
        plays = yaml.safe_load(handle)
    for task in plays[0]["tasks"]:
        module = task.get("jsm.ops.jsmops_alert")
        if module and module.get("state") == "closed":
            return module["note"]
    raise CheckError("%s has no jsm.ops.jsmops_alert task that closes the alert" % PLAYBOOK)


# ---- the emulator ------------------------------------------------------------------------------

class Emulator:
    """The emulator of tests/utils/with-emulator.sh: its control endpoints and the API as its admin."""

    def __init__(self):
        try:
            self.url = os.environ["JSM_OPS_EMULATOR_URL"].rstrip("/")
            self.email = os.environ["JSM_OPS_API_EMAIL"]
            self.token = os.environ["JSM_OPS_API_TOKEN"]
            self.api = "%s/jsm/ops/api/%s/v1" % (self.url, os.environ["JSM_OPS_CLOUD_ID"])
        except KeyError as exc:
            raise CheckError("%s is not set: run this script through tests/utils/with-emulator.sh" % exc) from None

    def _call(self, method, url, body=None, auth=False):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if auth:
            basic = base64.b64encode(("%s:%s" % (self.email, self.token)).encode("utf-8")).decode("ascii")
            request.add_header("Authorization", "Basic %s" % basic)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def state(self):
        return self._call("GET", self.url + "/_emulator/state")

    def requests_log(self):
        return self._call("GET", self.url + "/_emulator/log")

    def create_alert(self, message, alias, tags):
        return self._call("POST", self.api + "/alerts", {"message": message, "alias": alias, "tags": tags}, auth=True)

    def alert(self, alias):
        found = [alert for alert in self.state()["alerts"] if alert.get("alias") == alias]
        return found[-1] if found else None


# ---- ansible-rulebook --------------------------------------------------------------------------

class Rulebook:
    """One ansible-rulebook run of the example rulebook, its output in a file."""

    def __init__(self, work, collections, output, token=None):
        self.output = output
        env = dict(os.environ)
        for name in ("ANSIBLE_COLLECTIONS_PATHS", "ANSIBLE_CONFIG", "PYTHONPATH"):
            env.pop(name, None)
        env.update({
            # The rulebook venv's tools first: ansible-rulebook lists collections with its ansible-galaxy and
            # runs the playbook with its ansible-playbook (whose Python has requests).
            "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
            "ANSIBLE_COLLECTIONS_PATH": collections,
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_NOCOLOR": "true",
            "ANSIBLE_LOCALHOST_WARNING": "false",
        })
        if token is not None:
            env["JSM_OPS_API_TOKEN"] = token
        variables = os.path.join(work, "vars.yml")
        with open(variables, "w", encoding="utf-8") as handle:
            handle.write("---\n# The source's poll interval, in seconds (the rulebook's default is 30).\npoll_interval: 1\n")
        executable = os.path.join(os.path.dirname(sys.executable), "ansible-rulebook")
        if not os.path.exists(executable):
            raise CheckError("ansible-rulebook is not installed next to %s" % sys.executable)
        self.cmd = [executable, "--rulebook", RULEBOOK, "--inventory", INVENTORY, "--vars", variables, "--print-events", "-v"]
        log("+ (cd %s && ansible-rulebook %s)%s, output in %s" % (
            os.path.relpath(RULEBOOKS, ROOT), " ".join(self.cmd[1:]), " with a wrong token" if token is not None else "", output))
        self.started = time.monotonic()
        with open(output, "w", encoding="utf-8") as handle:
            # A session of its own, so that a SIGKILL reaches the playbook runs it may have started too.
            self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
                self.cmd, cwd=RULEBOOKS, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def elapsed(self):
        return time.monotonic() - self.started

    def running(self):
        return self.proc.poll() is None

    def text(self):
        with open(self.output, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def tail(self, lines=40):
        return "\n".join(self.text().splitlines()[-lines:])

    def stop(self, bound):
        """SIGTERM, then SIGKILL to its whole session after ``bound`` seconds; return how it ended."""
        if not self.running():
            return "had exited with status %d" % self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=bound)
            return "stopped by SIGTERM (status %d)" % self.proc.returncode
        except subprocess.TimeoutExpired:
            pass
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        return "did not stop within %.0f s of SIGTERM: killed" % bound


def wait_for(what, predicate, deadline, rulebook, step=0.2):
    """Poll ``predicate`` until it returns something true; fail when ansible-rulebook exits or time runs out."""
    while True:
        value = predicate()
        if value:
            return value
        if not rulebook.running():
            raise CheckError("ansible-rulebook exited (status %d) while waiting for the %s:\n%s" % (rulebook.proc.returncode, what, rulebook.tail()))
        if time.monotonic() > deadline:
            raise CheckError("no %s within the time allowed:\n%s" % (what, rulebook.tail()))
        time.sleep(step)


def first_poll(emulator):
    """The emulator's log entry of the source's first search, once there is one."""
    for entry in emulator.requests_log():
        if entry["method"] == "GET" and entry["path"].endswith("/v1/alerts") and "tag%3A" + TAG in (entry.get("query") or ""):
            return entry
    return None


def recap_line(text):
    """The host line of the play recap in ansible-rulebook's output, once it is there."""
    lines = text.splitlines()
    for number, line in enumerate(lines[:-1]):
        if line.startswith("PLAY RECAP") and "ignored=" in lines[number + 1]:  # the host line, whole
            return lines[number + 1] + " "
    return None


def remediate(args, emulator, work):
    """Step 2; returns (seconds to the first poll, seconds from creating the tagged alert to seeing it closed)."""
    note = remediation_note()
    rulebook = Rulebook(work, args.collections, os.path.join(args.output, "rulebook.log"))
    deadline = rulebook.started + args.timeout
    try:
        wait_for("poll of the source in the emulator's log", lambda: first_poll(emulator), deadline, rulebook)
        polling = rulebook.elapsed()
        log("the source polled the emulator %.1f s after ansible-rulebook started" % polling)
        run = uuid.uuid4().hex[:8]
        tagged, untagged = "eda-check-tagged-%s" % run, "eda-check-untagged-%s" % run
        created = time.monotonic()
        emulator.create_alert("Disk almost full on db-1 (eda-check %s)" % run, tagged, [TAG, "disk"])
        emulator.create_alert("Disk almost full on db-2 (eda-check %s)" % run, untagged, ["disk"])

        def closed():
            alert = emulator.alert(tagged)
            if alert and alert["status"] == "closed" and any(item["note"] == note for item in alert.get("notes", [])):
                return alert
            return None

        alert = wait_for("close of the tagged alert with the note %r" % note, closed, deadline, rulebook)
        remediated = time.monotonic() - created
        log("the tagged alert %s was closed with the note %.1f s after it was created" % (alert["tinyId"], remediated))
        other = emulator.alert(untagged)
        if other is None:
            raise CheckError("the emulator has no alert with the alias %s" % untagged)
        if other["status"] != "open" or other.get("notes"):
            raise CheckError("the untagged alert was changed: status %s, %d notes" % (other["status"], len(other.get("notes") or [])))
        entries = emulator.requests_log()
        touched = [entry for entry in entries if other["id"] in entry["path"]]
        closes = [entry for entry in entries if entry["method"] == "POST" and entry["path"].endswith("/alerts/%s/close" % alert["id"])]
        if touched or len(closes) != 1:
            raise CheckError("expected one close of the tagged alert and no request naming the other; the emulator logged %d and %d" % (
                len(closes), len(touched)))
        # The playbook may still be printing when the alert is seen closed.
        recap = wait_for("play recap of %s in ansible-rulebook's output" % PLAYBOOK, lambda: recap_line(rulebook.text()), deadline, rulebook)
        if "Remediating alert %s" % alert["tinyId"] not in rulebook.text() or " failed=0 " not in recap:
            raise CheckError("ansible-rulebook's output does not show %s remediating alert %s without failures:\n%s" % (
                PLAYBOOK, alert["tinyId"], rulebook.tail()))
    finally:
        log("ansible-rulebook %s" % rulebook.stop(args.stop_timeout))
    return polling, remediated


def wrong_token(args, work):
    """Step 3; returns the seconds ansible-rulebook took to exit."""
    rulebook = Rulebook(work, args.collections, os.path.join(args.output, "rulebook-wrong-token.log"), token=WRONG_TOKEN)
    try:
        rulebook.proc.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        raise CheckError("with a wrong token, ansible-rulebook was still running after %d s:\n%s" % (args.timeout, rulebook.tail())) from None
    finally:
        rulebook.stop(args.stop_timeout)
    seconds = rulebook.elapsed()
    lines = [line for line in rulebook.text().splitlines() if STOPPED_401 in line]
    if rulebook.proc.returncode == 0 or not lines:
        raise CheckError("with a wrong token, ansible-rulebook exited with status %d, expected non-zero with a line containing %r:\n%s" % (
            rulebook.proc.returncode, STOPPED_401, rulebook.tail()))
    message = lines[0][lines[0].index(STOPPED_401):].rstrip("'\"")
    log("with a wrong token, ansible-rulebook exited with status %d after %.1f s: %s" % (rulebook.proc.returncode, seconds, message))
    return seconds


def search_output(emulator, output):
    """Step 4; returns (hits, characters, files)."""
    with open(os.path.join(output, "emulator-requests.json"), "w", encoding="utf-8") as handle:
        json.dump(emulator.requests_log(), handle, indent=1)
    canary = secret_search.load()
    emails = [emulator.email]
    problems = canary.self_test(emails)
    if problems:
        raise CheckError("; ".join(problems))
    hits, characters, files, findings = canary.search(pathlib.Path(output), [emulator.token, WRONG_TOKEN], emails)
    for finding in findings:
        log(finding)
    log("token search: %d hits in %d characters of %d files (%s)" % (hits, characters, files, ", ".join(sorted(os.listdir(output)))))
    return hits, characters, files


# ---- main -------------------------------------------------------------------------------------

def report(text, not_checked=None):
    log(text)
    report_dir = os.environ.get("JSM_OPS_REPORT_DIR")
    if not report_dir:
        return
    os.makedirs(report_dir, exist_ok=True)
    with open(os.path.join(report_dir, STEP + ".txt"), "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    if not_checked:
        # tests/utils/run-steps.sh lists the step as "not checked" instead of "passed".
        with open(os.path.join(report_dir, STEP + ".not-checked"), "w", encoding="utf-8") as handle:
            handle.write(not_checked + "\n")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--collections", required=True, help="collections path with the built jsm.ops installed")
    parser.add_argument("--work", required=True,
                        help="scratch directory; its output/ (ansible-rulebook's output, the emulator's logs) is searched for the tokens")
    parser.add_argument("--timeout", type=float, default=90, help="seconds each ansible-rulebook run may take (default 90)")
    parser.add_argument("--stop-timeout", type=float, default=10, help="seconds between SIGTERM and SIGKILL (default 10)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    args.collections = os.path.abspath(args.collections)
    work = os.path.abspath(args.work)
    args.output = os.path.join(work, "output")
    report_dir = os.environ.get("JSM_OPS_REPORT_DIR")
    if report_dir:
        for name in (STEP + ".txt", STEP + ".not-checked"):
            if os.path.exists(os.path.join(report_dir, name)):
                os.remove(os.path.join(report_dir, name))

    java = subprocess.run([str(ROOT / "tests" / "utils" / "ensure-java.sh")], check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(java.stdout, end="", flush=True)
    if java.returncode == NOT_CHECKED_STATUS:
        reason = java.stdout.strip().splitlines()[-1]
        report("rulebook e2e: not checked (no Java runtime >= 17 for ansible-rulebook's rule engine)", not_checked=reason)
        return 0
    if java.returncode != 0:
        log("FAILED: tests/utils/ensure-java.sh exited with status %d" % java.returncode)
        return 1

    started = time.monotonic()
    try:
        emulator = Emulator()
        os.makedirs(args.output, exist_ok=True)
        polling, remediated = remediate(args, emulator, work)
        stopped = wrong_token(args, work)
        hits, characters, files = search_output(emulator, args.output)
    except (CheckError, OSError, KeyError, ValueError, yaml.YAMLError) as exc:
        log("FAILED: %s" % exc)
        return 1
    figures = "rulebook e2e: source polling %.1f s after start, tagged alert remediated and closed in %.1f s, untagged left open, " \
        "wrong token stopped in %.1f s, token in output: %d hits in %d characters of %d files [%.0fs]" % (
            polling, remediated, stopped, hits, characters, files, time.monotonic() - started)
    report(figures)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
