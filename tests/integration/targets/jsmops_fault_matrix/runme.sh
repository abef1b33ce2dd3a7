#!/usr/bin/env bash
# The fault matrix: matrix.yml runs every read module and the lookup, then every state module,
# against the emulator with seeded faults, counts the objects afterwards, and lets a server hang.
# This script makes the fault rules and the hang's time bound (from the client's own backoff
# constants), runs the playbook, and reports the figures: tasks run, faults injected, retries
# made (from the emulator's request log), objects counted, duplicates.
set -euo pipefail

config=../../integration_config.yml
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

python - "$workdir/settings.yml" <<'PYTHON'
"""Write the playbook's settings: fault rules, retry budget, and the hang's bound."""
import pathlib
import sys

import yaml

# The retry policy of the collection under test: the ansible_collections tree this target runs in.
here = pathlib.Path.cwd().resolve()
root = next(parent for parent in here.parents if parent.name == "ansible_collections").parent
sys.path.insert(0, str(root))
from ansible_collections.jsm.ops.plugins.module_utils.core import policy  # noqa: E402  pylint: disable=wrong-import-position

SEED = 20260428
# Share of all requests each fault takes. Rules are tried in order and the first that fires applies,
# so each rule's probability is its share of the requests the rules before it left.
SHARES = [
    ({"kind": "status", "status": 429, "retry_after": 1}, 0.05),
    ({"kind": "status", "status": 429, "retry_after": 0}, 0.25),
    ({"kind": "status", "status": 502}, 0.10 / 3),
    ({"kind": "status", "status": 503}, 0.10 / 3),
    ({"kind": "status", "status": 504}, 0.10 / 3),
    # A dropped connection after the emulator did the work: for a create, the lost-response case.
    ({"kind": "drop", "after_processing": True}, 0.05),
    ({"kind": "latency", "delay": 0.5}, 0.10),
]
# The first create of each kind loses its response after the emulator processed it.
CREATES = ["/v1/schedules$", "/rotations$", "/overrides$", "/v1/alerts$", "/heartbeats$", "/v1/maintenances$"]

rules = [{"kind": "drop", "method": "POST", "path": path, "after_processing": True, "times": 1} for path in CREATES]
left = 1.0
for number, (rule, share) in enumerate(SHARES):
    rules.append(dict(rule, probability=round(share / left, 6), seed=SEED + number))
    left -= share

timeout, retries = 1, 2
waits = [min(policy.BACKOFF_CAP, policy.BACKOFF_BASE * 2 ** (attempt - 1)) for attempt in range(1, retries + 1)]
backoff_bound = min(policy.MAX_TOTAL_WAIT, sum(waits))
settings = {
    "fault_rules": rules,
    "matrix_timeout": 5,
    "matrix_retries": 10,
    "read_rounds": 2,
    "oncall_date": "2026-03-26T00:00:00+01:00",
    "matrix_names": {
        "schedule": "Fault Matrix Schedule",
        "rotation": "Fault Matrix Rotation",
        "alert": "fault-matrix-alert",
        "heartbeat": "fault-matrix-heartbeat",
        "maintenance": "Fault matrix window",
    },
    "hang_timeout": timeout,
    "hang_retries": retries,
    "hang_delay": 10,
    "hang_bound": timeout * (retries + 1) + backoff_bound,
    # Connecting and sending on each attempt, and the log's millisecond times, which the bound leaves out.
    "hang_tolerance": 0.25,
    # The module's process ending and Ansible reading its result, which the client's bound does not cover
    # (generous: the machines that run the tests are often busy).
    "hang_slack": 2.0,
}
with open(sys.argv[1], "w", encoding="utf-8") as stream:
    yaml.safe_dump(settings, stream)
PYTHON

# Pipelining spares each task the temporary files of the module, and so time.
ANSIBLE_PIPELINING=true ansible-playbook matrix.yml -i localhost, -c local -e "@$config" -e "@$workdir/settings.yml" -e "matrix_workdir=$workdir" "$@"

python - "$workdir/summary.json" "$config" <<'PYTHON'
"""Work out the figures from what the playbook left, print them and write them to the report directory."""
import collections
import json
import os
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as stream:
    summary = json.load(stream)
with open(sys.argv[2], encoding="utf-8") as stream:
    report_dir = yaml.safe_load(stream).get("jsm_ops_report_dir") or ""

FAILURES = ("status", "drop")  # faults that make the client try again (latency only slows it)
WINDOW = 12  # a retry follows its failed request closely: backoff, or a lookup by natural key first

log = sorted(summary["log"], key=lambda entry: entry["seq"])
faulted = [entry for entry in log if entry["fault"]]
fired = sum(rule["fired"] for rule in summary["faults"])
kinds = collections.Counter()
for rule in summary["faults"]:
    if rule["kind"] == "status":
        kinds["429" if rule["status"] == 429 else "5xx"] += rule["fired"]
    elif rule["kind"] == "drop" and rule.get("times") == 1:
        kinds["lost creates"] += rule["fired"]
    else:
        kinds[{"drop": "drops", "latency": "latency"}.get(rule["kind"], rule["kind"])] += rule["fired"]
if fired != len(faulted):
    sys.exit("the fault rules say %d fired, the request log shows %d faulted requests" % (fired, len(faulted)))

# A retry: a request repeating (same method, path and query) the last such request, which failed by a fault.
retries = 0
last = {}
for entry in log:
    key = (entry["method"], entry["path"], entry["query"])
    previous = last.get(key)
    if previous is not None and previous["fault"] in FAILURES and entry["seq"] - previous["seq"] <= WINDOW:
        retries += 1
    last[key] = entry

objects = summary["objects"]
counted = sum(int(count) for count in objects.values())
duplicates = sum(max(0, int(count) - 1) for count in objects.values())
missing = [name for name, count in objects.items() if int(count) == 0]
order = ["429", "5xx", "drops", "lost creates", "latency"]
lines = [
    "fault matrix: %d tasks (%d reads, %d writes), %d faults injected (%s), %d retries, %d objects, %d duplicates, %d missing"
    % (summary["tasks"], summary["read_tasks"], summary["write_tasks"], fired,
       ", ".join("%d %s" % (kinds[name], name) for name in order if kinds[name]), retries, counted, duplicates, len(missing)),
]
# The write task (jsmops_schedule) hangs at its first request, the GET that looks the schedule up by name.
what = {"read": "read task", "write": "write task, at its lookup"}
for case, hang in sorted(summary["hang"].items()):
    lines.append("fault matrix hang (%s): gave up after %s attempts in %.1f s (bound %.1f s; task ended after %.1f s)"
                 % (what.get(case, case), hang["attempts"], float(hang["elapsed"]), float(hang["bound"]), float(hang["task_elapsed"])))
print("\n".join(lines))
if report_dir:
    with open(os.path.join(report_dir, "fault-matrix.txt"), "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")
problems = []
if duplicates or missing:
    problems.append("objects not exactly once: %s" % objects)
lost_rules = [rule for rule in summary["faults"] if rule.get("times") == 1]
if not lost_rules or any(rule["fired"] != 1 for rule in lost_rules):
    problems.append("not every create lost its first response: %s" % [(rule["path"], rule["fired"]) for rule in lost_rules])
if not retries:
    problems.append("no retries seen")
if problems:
    sys.exit("; ".join(problems))
PYTHON
