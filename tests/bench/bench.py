#!/usr/bin/env python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make bench`: the collection's speed against the emulator with latency injected, next to what it is compared with.

Runs tests/bench/bench.yml once against an emulator (no spec validation, so the emulator adds nothing but the
injected latency) seeded with SCHEDULES generated schedules, and prints for each figure its wall time, the API
requests and TCP connections, the floor and the ratio to it. It prints; it asserts no time.

Floors: the injected latency times the requests that must follow one another: the schedule list's pages,
then one on-call request per schedule spread over the workers. A task's own cost is what it takes beyond its
base, a ping task (a debug task for the lookup, which runs inside one), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))

from jsmops_emulator import Emulator  # noqa: E402  pylint: disable=wrong-import-position

PAGE = 50  # schedules per list page, the API's maximum
FIGURES = ("B1", "B2", "B3", "B4")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--collections", required=True, help="directory holding ansible_collections/jsm/ops (the installed build)")
    parser.add_argument("--work", required=True, help="directory for the seed, the results and the playbook's output")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every API request (default %(default)s)")
    parser.add_argument("--schedules", type=int, default=200, help="schedules in the seed (default %(default)s)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each B1 and B3 task, the median counts (default %(default)s)")
    parser.add_argument("--repeats-b2", type=int, default=11, help="ping and no-op pairs of B2, the median counts (default %(default)s)")
    parser.add_argument("--figures", default="B1,B2,B3,B4", help="the figures to run, comma-separated (default %(default)s)")
    args = parser.parse_args()
    args.figures = [figure.strip().upper() for figure in args.figures.split(",")]
    unknown = sorted(set(args.figures) - set(FIGURES))
    if unknown:
        parser.error("--figures takes %s; got %s" % (", ".join(FIGURES), ", ".join(unknown)))
    return args


def make_seed(count: int) -> dict:
    """The demo seed's accounts and teams, with ``count`` schedules of one weekly rotation each."""
    with open(os.path.join(ROOT, "tests", "emulator", "seed.json"), encoding="utf-8") as handle:
        seed = json.load(handle)
    users = [account["accountId"] for account in seed["accounts"] if account.get("apiToken")]
    seed["schedules"] = []
    for number in range(count):
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, "jsm-ops-bench/%d" % number))
        seed["schedules"].append({
            "id": ident, "name": "Bench %03d" % number, "timezone": "UTC", "enabled": True,
            "rotations": [{
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "jsm-ops-bench/%d/rotation" % number)), "name": "Weekly",
                "startDate": "2026-01-05T09:00:00Z", "type": "weekly", "length": 1,
                "participants": [{"type": "user", "id": users[(number + shift) % len(users)]} for shift in range(2)],
            }],
        })
    return seed


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), model)
    except OSError:
        pass
    ansible = subprocess.run(["ansible", "--version"], capture_output=True, text=True, check=False).stdout.split("\n", 1)[0]
    return "%s, %d cores, %s, Python %s, %s" % (platform.node(), os.cpu_count() or 0, model, platform.python_version(), ansible.strip())


def load() -> str:
    return "%.2f %.2f %.2f" % os.getloadavg()


class Figures:
    """The bench_timer lines by task name; several runs of a task give their median."""

    def __init__(self, path: str):
        self.by_task: dict[str, list[dict]] = {}
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                if entry["status"] != "ok":
                    raise SystemExit("bench: task %r failed; see the playbook output" % entry["task"])
                self.by_task.setdefault(entry["task"], []).append(entry)

    def runs(self, task: str, skip: int = 0) -> list[dict]:
        runs = self.by_task.get(task, [])[skip:]
        if not runs:
            raise SystemExit("bench: no figures for task %r" % task)
        return runs

    def median(self, task: str, skip: int = 0) -> dict:
        runs = self.runs(task, skip)
        return {key: statistics.median(run[key] for run in runs) for key in ("seconds", "requests", "connections")}

    def total(self, *tasks: str) -> dict:
        return {key: sum(self.runs(task)[0][key] for task in tasks) for key in ("seconds", "requests", "connections")}


def row(name, figure, base=None, floor=None, note=""):
    """One line of the table: task s, base s, beyond the base, requests, connections, floor, ratio."""
    beyond = figure["seconds"] - (base or 0.0)
    ratio = "%.2fx" % (beyond / floor) if floor else "-"
    return "%-34s %8.2f %7s %8.2f %6d %6d %7s %7s  %s" % (
        name, figure["seconds"], "%.2f" % base if base is not None else "-", beyond, figure["requests"], figure["connections"],
        "%.2f" % floor if floor else "-", ratio, note,
    )


def report(figures: Figures, args, started_load: str) -> None:
    latency, count = args.latency, args.schedules
    pages = math.ceil(count / PAGE)
    print("make bench: %d schedules, %.0f ms injected per API request, spec validation off; medians of %d runs (B2: %d pairs)"
          % (count, latency * 1000, args.repeats, args.repeats_b2))
    print("%-34s %8s %7s %8s %6s %6s %7s %7s  %s" % ("figure", "task s", "base s", "beyond", "reqs", "conns", "floor s", "ratio", ""))
    if "B1" in args.figures:
        ping = figures.median("B1 ping")["seconds"]
        uri = figures.total("B1 uri: the schedule list, page by page", "B1 uri: who is on call, schedule by schedule")
        for concurrency in (8, 16):
            module = figures.median("B1 jsmops_oncall_info concurrency %d" % concurrency)
            print(row("B1 oncall_info, concurrency %d" % concurrency, module, ping, (pages + math.ceil(count / concurrency)) * latency,
                      "%.0fx faster than the uri loop" % (uri["seconds"] / module["seconds"])))
        print(row("B1 uri loop (what users write)", uri, None, (pages + count) * latency, "one request after another, no base taken off"))
    if "B2" in args.figures:
        pings = figures.runs("B2 ping", skip=1)
        noops = figures.runs("B2 no-op jsmops_schedule_info", skip=1)
        # Each no-op ran right after its ping: the median of the pairs' ratios holds up better on a busy machine
        # than the ratio of the two medians.
        ratio = statistics.median(noop["seconds"] / ping["seconds"] for ping, noop in zip(pings, noops))
        print(row("B2 no-op schedule_info vs ping", figures.median("B2 no-op jsmops_schedule_info", skip=1),
                  figures.median("B2 ping", skip=1)["seconds"], None, "no-op = %.2fx a ping task (median of %d pairs)" % (ratio, len(noops))))
    if "B3" in args.figures:
        floor = (pages + math.ceil(50 / 8)) * latency
        print(row("B3 lookup, 50 schedules, template", figures.median("B3 lookup in a template"), figures.median("B3 debug")["seconds"], floor,
                  "base: a debug task"))
        print(row("B3 oncall_info, 50 schedules", figures.median("B3 jsmops_oncall_info"), figures.median("B1 ping")["seconds"], floor))
    if "B4" in args.figures:
        print(row("B4 timeline_info 30 days x 20", figures.total("B4 timeline: 30 days for each of 20 schedules"),
                  figures.total("B4 timeline: 20 pings as the base")["seconds"], 20 * 2 * latency,
                  "base: 20 pings; 2 requests each (find by name, timeline)"))
    print("machine: %s; load average (1, 5, 15 min) %s at the start, %s at the end" % (machine(), started_load, load()))


def main() -> int:
    args = parse_args()
    os.makedirs(args.work, exist_ok=True)
    started_load = load()
    seed = make_seed(args.schedules)
    names = [schedule["name"] for schedule in seed["schedules"]]
    results = os.path.join(args.work, "results.jsonl")
    extra = os.path.join(args.work, "vars.json")
    with open(extra, "w", encoding="utf-8") as handle:
        json.dump({"bench_latency": args.latency, "bench_schedules": args.schedules, "bench_repeats": args.repeats,
                   "bench_repeats_b2": args.repeats_b2, "bench_b3_names": names[:50], "bench_b4_names": names[:20]}, handle)
    if os.path.exists(results):
        os.unlink(results)
    admin = next(account for account in seed["accounts"] if account.get("admin") and account.get("apiToken"))
    with Emulator(seed, spec_path=None) as emulator:
        env = dict(
            os.environ,
            ANSIBLE_COLLECTIONS_PATH=os.path.abspath(args.collections),
            ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, "callback_plugins"),
            ANSIBLE_CALLBACKS_ENABLED="bench_timer",
            ANSIBLE_HOST_KEY_CHECKING="false",
            JSM_OPS_BENCH_RESULTS=results,
            JSM_OPS_EMULATOR_URL=emulator.url,
            JSM_OPS_API_URL=emulator.url,
            JSM_OPS_CLOUD_ID=emulator.cloud_id,
            JSM_OPS_API_EMAIL=admin["email"],
            JSM_OPS_API_TOKEN=admin["apiToken"],
        )
        output = os.path.join(args.work, "playbook.log")
        print("make bench: running tests/bench/bench.yml (output in %s)" % output, flush=True)
        with open(output, "w", encoding="utf-8") as handle:
            command = ["ansible-playbook", "-i", "localhost,", os.path.join(HERE, "bench.yml"), "-e", "@" + extra,
                       "--tags", ",".join(figure.lower() for figure in args.figures)]
            status = subprocess.run(command,
                                    env=env, stdout=handle, stderr=subprocess.STDOUT, check=False, cwd=args.work).returncode
    if status != 0:
        with open(output, encoding="utf-8") as handle:
            sys.stdout.write("".join(handle.readlines()[-40:]))
        print("make bench: the playbook failed (status %d); no figures" % status)
        return 1
    report(Figures(results), args, started_load)
    return 0


if __name__ == "__main__":
    sys.exit(main())
