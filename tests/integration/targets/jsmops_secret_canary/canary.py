# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secret canary's plan and verdict, used by runme.sh.

``setup``: write the emulators' seed (the admin's API token replaced by the canary token), the fault rules,
and the variables of each run of canary.yml: which module or lookup takes which path, and how it gets there.
``check``: hold every run's results and the emulators' request logs to what each path must produce, then
search everything that was printed, returned or logged for the tokens in every form they could take.
Nothing here prints a token: a hit names the form and the file, not the value.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import pathlib
import re
import sys
import tempfile
import urllib.parse

# Long, distinctive, and changed by URL, form and HTML encoding. The admin token is valid (the seed is
# rewritten so), the wrong one belongs to no account.
ADMIN_TOKEN = "jsmops-canary-admin/Tok+3f9a1c7e=b25d8e40&a6c1"
WRONG_TOKEN = "jsmops-canary-wrong/Tok+8e41b0d2=7c93f15a&e2b7"
ADMIN_EMAIL = "ada.admin@example.com"
MEMBER_EMAIL = "dana.platform@example.com"

PLUGINS = (
    "jsmops_schedule_info", "jsmops_schedule", "jsmops_schedule_rotation", "jsmops_schedule_rotation_info", "jsmops_schedule_override",
    "jsmops_schedule_override_info", "jsmops_oncall_info", "lookup", "jsmops_schedule_timeline_info", "jsmops_schedule_export",
    "jsmops_alert", "jsmops_alert_info", "jsmops_heartbeat", "jsmops_heartbeat_info", "jsmops_heartbeat_ping", "jsmops_maintenance",
    "jsmops_maintenance_info", "jsmops_escalation", "jsmops_escalation_info", "jsmops_team", "jsmops_team_info", "jsmops_routing_rule",
    "jsmops_routing_rule_info", "jsmops_team_role", "jsmops_team_role_info", "jsmops_api",
    "jsmops_audit_log_info", "jsmops_forwarding_rule", "jsmops_forwarding_rule_info",
    "jsmops_custom_role", "jsmops_custom_role_info", "jsmops_custom_role_assign", "jsmops_user_contact", "jsmops_user_contact_info",
    "jsmops_notification_rule", "jsmops_notification_rule_info", "jsmops_notification_rule_step",
    "jsmops_integration", "jsmops_integration_info", "jsmops_integration_action", "jsmops_integration_action_info",
    "jsmops_integration_outgoing_filter", "jsmops_alert_policy", "jsmops_alert_policy_info", "jsmops_notification_policy",
    "jsmops_notification_policy_info", "jsmops_config", "jsmops_config_export",
)

# The failure paths, each with the start of the message it must fail with. Paths with a code run against a
# cloud id of their own, "<code>-0000-4000-8000-<plugin number>", so the emulator's fault rules (and, for
# 404, its real answer to an unknown site) apply to them alone and its log tells the plugins apart.
FAILURES = {
    "http-401": "HTTP 401",  # the wrong token, as the API answers it
    "http-403": "HTTP 403",
    "http-404": "HTTP 404",  # the emulator's real answer for a cloud id it does not know
    "http-409": "HTTP 409",
    "http-422": "HTTP 422",
    "http-429": "HTTP 429",  # Retry-After 0, one retry, then the retries have run out
    "http-500": "HTTP 500",
    "connection-refused": "could not connect",
    "read-timeout": "within the timeout",
    "tls-failure": "TLS certificate verification failed",
    "malformed-json": "not JSON",
    "proxy-html": "HTTP 502",  # a proxy's HTML error page instead of the API's JSON
    "redirect-other-host": "was redirected (HTTP 302)",
}
# Refused before anything is sent; run by fewer plugins.
EXTRAS = {
    "token-newline": "api_token contains whitespace",
    "plain-http": "plain http://",
}
CODES = {
    "http-403": "00000403", "http-404": "00000404", "http-409": "00000409", "http-422": "00000422", "http-429": "00000429",
    "http-500": "00000500", "read-timeout": "0000a001", "malformed-json": "0000a002", "proxy-html": "0000a003", "redirect-other-host": "0000a004",
}
# What the emulator must have logged for each coded path: (status, fault kind, least number of requests).
LOGGED = {
    "http-403": (403, "status", 1), "http-404": (404, None, 1), "http-409": (409, "status", 1), "http-422": (422, "status", 1),
    "http-429": (429, "status", 2), "http-500": (500, "status", 1), "read-timeout": (None, "hang", 1), "malformed-json": (200, "malformed", 1),
    "proxy-html": (502, "html", 1), "redirect-other-host": (302, "redirect", 1),
}
# Where a module does not fail, because that answer means "nothing there" to it: an _info module gives an empty
# list for an object the account cannot see (403) or that does not exist (404). The key must hold [] then.
TOLERATED = {
    "jsmops_alert_info": (("http-403", "http-404"), "alerts"),
    "jsmops_maintenance_info": (("http-403",), "maintenances"),
    "jsmops_team_info": (("http-403",), "teams"),
    "jsmops_forwarding_rule_info": (("http-403",), "forwarding_rules"),
    "jsmops_custom_role_info": (("http-403",), "custom_roles"),
    "jsmops_user_contact_info": (("http-403",), "contacts"),
    "jsmops_notification_rule_info": (("http-403",), "notification_rules"),
    "jsmops_integration_info": (("http-403",), "integrations"),
    "jsmops_alert_policy_info": (("http-403",), "alert_policies"),
}
# The inventory's hosts, all local: each plugin's paths are shared out between them, so the two halves run in
# parallel. Every success runs on the first, so nothing that changes state runs twice at once.
HOSTS = ("canary-1", "canary-2")


def cloud_id(path: str, number: int, real: str) -> str:
    return "%s-0000-4000-8000-%012d" % (CODES[path], number) if path in CODES else real


def item(path: str, number: int, urls: dict, real_cloud_id: str) -> dict:
    """How one plugin reaches one path; the token is named, never given."""
    api_url = {"connection-refused": urls["refused"], "tls-failure": urls["tls"], "plain-http": "http://jsm-ops.example.com"}.get(path, urls["main"])
    token = {"http-401": "wrong", "token-newline": "newline"}.get(path, "admin")
    return {
        "name": path, "api_url": api_url, "cloud_id": cloud_id(path, number, real_cloud_id), "token": token,
        "retries": 1 if path == "http-429" else 0, "timeout": 0.3 if path == "read-timeout" else 5,
    }


def plan(kind: str) -> dict:
    """Path names per plugin. ``full``: every plugin through success and every failure path (the extras for two).
    ``spread``: every plugin through success, and each failure path (extras included) taken by one plugin."""
    failures = list(FAILURES)
    if kind == "full":
        return {plugin: ["success"] + failures + (list(EXTRAS) if plugin in ("jsmops_schedule_info", "lookup") else []) for plugin in PLUGINS}
    every = failures + list(EXTRAS)
    return {plugin: ["success"] + every[number::len(PLUGINS)] for number, plugin in enumerate(PLUGINS)}


def setup(args) -> None:
    out = pathlib.Path(args.output)
    seed = json.loads(pathlib.Path(args.seed).read_text(encoding="utf-8"))
    for account in seed["accounts"]:
        if account["email"] == ADMIN_EMAIL:
            account["apiToken"] = ADMIN_TOKEN
    (out / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    urls = {"main": args.main_url, "tls": args.tls_url, "refused": args.refused_url}
    rules = []
    special = {
        "http-404": None,  # no rule: the emulator's own answer
        "http-429": {"kind": "status", "status": 429, "retry_after": 0},
        "read-timeout": {"kind": "hang", "delay": 1},
        "malformed-json": {"kind": "malformed"},
        "proxy-html": {"kind": "html", "status": 502},
        "redirect-other-host": {"kind": "redirect", "location": args.other_url},
    }
    for path, code in CODES.items():
        rule = special[path] if path in special else {"kind": "status", "status": int(code)}
        if rule:
            rules.append(dict(rule, path="^/jsm/ops/api/%s-" % code))
    (out / "faults.json").write_text(json.dumps(rules), encoding="utf-8")
    (out / "inventory.ini").write_text("".join("%s ansible_connection=local\n" % host for host in HOSTS), encoding="utf-8")
    for kind in ("full", "spread"):
        steps = {
            plugin: [item(path, number, urls, seed["cloudId"]) for path in paths]
            for number, (plugin, paths) in enumerate(plan(kind).items())
        }
        shares = {host: {plugin: items[index::len(HOSTS)] for plugin, items in steps.items()} for index, host in enumerate(HOSTS)}
        variables = {
            "canary_admin_token": ADMIN_TOKEN, "canary_wrong_token": WRONG_TOKEN, "canary_email": ADMIN_EMAIL,
            "canary_member_email": MEMBER_EMAIL, "canary_plans": shares, "canary_outdir": args.workdir,
        }
        # JSON is YAML: a vars file, as a vaulted token would come (-vvvv prints command-line extra vars).
        (out / ("vars-%s.json" % kind)).write_text(json.dumps(variables), encoding="utf-8")


def base64_forms(data: bytes) -> set[str]:
    """What base64 of any text that contains ``data`` must contain, at each of the three alignments."""
    forms = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + data).decode("ascii")
        forms.add(encoded[4 if shift else 0:(shift + len(data)) // 3 * 4])
    return forms


def forms_of(token: str, emails) -> dict[str, str]:
    """Every form of the token to look for, each with a description (the first one wins where forms coincide)."""
    forms = {}
    for form, kind in (
        (token, "the raw token"),
        (urllib.parse.quote(token, safe=""), "the URL-encoded token"),
        (urllib.parse.quote(token), "the URL-encoded token (path form)"),
        (urllib.parse.quote_plus(token), "the form-encoded token"),
        (html.escape(token), "the HTML-escaped token"),
        (json.dumps(token)[1:-1], "the JSON-escaped token"),
    ):
        forms.setdefault(form, kind)
    for form in base64_forms(token.encode("utf-8")):
        forms.setdefault(form, "the token in base64")
    for email in emails:
        for form in base64_forms(("%s:%s" % (email, token)).encode("utf-8")):
            forms.setdefault(form, "base64(email:token), the Basic credentials")
    return forms


def search(workdir: pathlib.Path, tokens, emails) -> tuple[int, int, int, list[str]]:
    """(hits, characters, files, findings) over every file under workdir, also with line breaks taken out."""
    forms = {}
    for token in tokens:
        forms.update(forms_of(token, emails))
    hits, characters, files, findings = 0, 0, 0, []
    for path in sorted(p for p in workdir.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        files += 1
        characters += len(text)
        # A break inside the token: a wrapped line (with the next line's indentation), or an escaped newline.
        joined = re.sub(r"\r?\n[ \t]*", "", text)
        unescaped = re.sub(r"(\\r)?\\n[ \t]*", "", text)
        for form, kind in forms.items():
            count = text.count(form)
            where = "in"
            if not count:
                count = max(joined.count(form), unescaped.count(form))
                where = "split across lines in"
            if count:
                hits += count
                findings.append("LEAK: %s, %d time(s) %s %s" % (kind, count, where, path.name))
    return hits, characters, files, findings


def check_results(workdir: pathlib.Path, logs: dict, run: str, kind: str) -> tuple[int, list[str]]:
    """(number of results, problems): every plugin took every planned path, with the outcome that path must have."""
    results = {}
    for host in HOSTS:
        for plugin, found in json.loads((workdir / ("results-%s-%s.json" % (run, host))).read_text(encoding="utf-8")).items():
            results.setdefault(plugin, []).extend(found)
    problems = []
    count = 0
    entries = logs["main-%s" % run]
    for number, (plugin, paths) in enumerate(plan(kind).items()):
        by_path = {result.get("item", {}).get("name"): result for result in results.get(plugin, [])}
        if sorted(by_path) != sorted(paths) or len(results[plugin]) != len(paths):
            problems.append("%s %s: ran %s, planned %s" % (run, plugin, sorted(by_path), sorted(paths)))
            continue
        tolerated, empty_key = TOLERATED.get(plugin, ((), None))
        for path in paths:
            result = by_path[path]
            count += 1
            failed, message = bool(result.get("failed")), str(result.get("msg", ""))
            expected = {**FAILURES, **EXTRAS}.get(path)
            if path == "success":
                if failed:
                    problems.append("%s %s %s: failed: %s" % (run, plugin, path, message))
            elif not failed and path in tolerated:
                if result.get(empty_key) != []:
                    problems.append("%s %s %s: did not fail, but %s is not an empty list" % (run, plugin, path, empty_key))
            elif not failed or expected not in message:
                problems.append("%s %s %s: expected a failure with %r, got failed=%s: %s" % (run, plugin, path, expected, failed, message))
            if path in LOGGED:
                status, fault, least = LOGGED[path]
                prefix = "/jsm/ops/api/%s/" % cloud_id(path, number, "")
                seen = [entry for entry in entries if entry["path"].startswith(prefix)]
                if len(seen) < least or any((entry["status"], entry["fault"]) != (status, fault) for entry in seen):
                    problems.append("%s %s %s: the emulator logged %s, expected at least %d with status %s and fault %s" % (
                        run, plugin, path, [(entry["status"], entry["fault"]) for entry in seen], least, status, fault))
    # The other host and the TLS listener: nothing that carried credentials may have arrived there. runme.sh sent
    # the other host one request without them after the run, which its log must show.
    for name in ("other", "tls"):
        carried = [entry for entry in logs["%s-%s" % (name, run)] if entry.get("credentials") is not False]
        if carried:
            problems.append("%s: %d request(s) with credentials reached the %s listener" % (run, len(carried), name))
    if not any(entry["path"] == "/_edge/tenant_info" for entry in logs["other-%s" % run]):
        problems.append("%s: the other host's log does not show the request sent to prove it records requests" % run)
    return count, problems


def self_test(emails) -> list[str]:
    """The search must find a token planted in each form it claims to cover."""
    token = WRONG_TOKEN
    credentials = ("%s:%s" % (emails[0], token)).encode("utf-8")
    planted = {
        "raw": "msg: api_token %s was refused" % token,
        "header": "Authorization: Basic %s" % base64.b64encode(credentials).decode("ascii"),
        "base64-inside": base64.b64encode(b"GET /x HTTP/1.1\r\nX-Note: " + credentials + b"\r\n").decode("ascii"),
        "url": "GET /search?token=%s&x=1" % urllib.parse.quote(token, safe=""),
        "form": "token=%s" % urllib.parse.quote_plus(token),
        "html": "<p>%s</p>" % html.escape(token),
        "wrapped": "msg: >-\n    %s\n    %s" % (token[:20], token[20:]),
        "escaped-newline": json.dumps({"msg": token[:17] + "\n" + token[17:]}),
    }
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, text in planted.items():
            (pathlib.Path(scratch) / name).write_text(text, encoding="utf-8")
        findings = search(pathlib.Path(scratch), [token], emails)[3]
    for name in planted:
        if not any(finding.endswith(" " + name) for finding in findings):
            problems.append("self-test: the search misses a token planted as %s" % name)
    return problems


def check_evidence(workdir: pathlib.Path, runs) -> list[str]:
    """The runs were what they claim: ANSIBLE_DEBUG on (its module argument line there, masked), -vvvv, --diff."""
    problems = []
    for run, kind in runs:
        stdout = (workdir / ("%s.stdout" % run)).read_text(encoding="utf-8", errors="replace")
        if "ESTABLISH LOCAL CONNECTION FOR USER" not in stdout:
            problems.append("%s: no -vvvv output" % run)
        lines = [line for line in stdout.splitlines() if "done with _execute_module (jsm.ops.jsmops_" in line]
        executions = sum(len(paths) for plugin, paths in plan(kind).items() if plugin != "lookup")
        masked = [line for line in lines if "'api_token': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'" in line]
        if run == "debug" and (len(lines), len(masked)) != (executions, executions):
            problems.append("%s: ANSIBLE_DEBUG printed %d module argument lines, %d with the token masked; expected %d, all masked" % (
                run, len(lines), len(masked), executions))
        if run != "debug" and lines:
            problems.append("%s: ANSIBLE_DEBUG output in a run without it" % run)
        results = json.loads((workdir / ("results-%s-%s.json" % (run, HOSTS[0]))).read_text(encoding="utf-8"))
        if kind == "full" and not any("diff" in result for result in results["jsmops_schedule"]):
            problems.append("%s: no diff from jsmops_schedule" % run)
    return problems


def check(args) -> int:
    workdir = pathlib.Path(args.workdir)
    seed = json.loads(pathlib.Path(args.seed).read_text(encoding="utf-8"))
    logs = {}
    for path in workdir.glob("emulator-log-*.json"):
        logs[path.stem[len("emulator-log-"):]] = json.loads(path.read_text(encoding="utf-8"))
    runs = [run.split("=", 1) for run in args.run]
    emails = [account["email"] for account in seed["accounts"]]
    tasks, problems = 0, self_test(emails) + check_evidence(workdir, runs)
    for run, kind in runs:
        count, found = check_results(workdir, logs, run, kind)
        tasks += count
        problems.extend(found)
    # The seed's own tokens are searched too, though no task uses them.
    tokens = [ADMIN_TOKEN, WRONG_TOKEN] + [account["apiToken"] for account in seed["accounts"] if account.get("apiToken")]
    hits, characters, files, findings = search(workdir, tokens, emails)
    for line in problems + findings:
        print(line)
    paths = len(FAILURES) + len(EXTRAS)
    summary = "canary: %d hits in %d characters of output (%d runs, %d tasks, %d failure paths)" % (hits, characters, len(runs), tasks, paths)
    print("%s; %d files searched; %d problems with the paths" % (summary, files, len(problems)))
    if args.report_dir:
        report = pathlib.Path(args.report_dir)
        report.mkdir(parents=True, exist_ok=True)
        (report / "canary.txt").write_text(summary + "\n", encoding="utf-8")
    if characters < 100000:
        print("too little output (%d characters): the runs did not do what they should" % characters)
        return 1
    return 1 if hits or problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("setup")
    make.add_argument("--seed", required=True)
    make.add_argument("--output", required=True)
    make.add_argument("--workdir", required=True)
    for name in ("main", "tls", "other", "refused"):
        make.add_argument("--%s-url" % name, required=True)
    verdict = commands.add_parser("check")
    verdict.add_argument("--seed", required=True)
    verdict.add_argument("--workdir", required=True)
    verdict.add_argument("--run", action="append", required=True, help="NAME=full or NAME=spread")
    verdict.add_argument("--report-dir", default="")
    args = parser.parse_args()
    if args.command == "setup":
        setup(args)
        return 0
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
