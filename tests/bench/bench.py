#!/usr/bin/env python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make bench`: the collection's speed against the emulator with latency injected, next to what it is compared with.

Runs tests/bench/bench.yml once against an emulator (no spec validation, so the emulator adds nothing but the
injected latency) seeded with SCHEDULES generated schedules, and prints for each figure its wall time, the API
requests and TCP connections, the floor and the ratio to it. It prints; it asserts no time.

Floors: the injected latency times the requests that must follow one another: the schedule list's pages,
then one on-call request per schedule spread over the workers. A ratio is a task's whole wall time, start-up
included, over its floor; nothing is taken off. Next to it, as the reference (``ref s``), is what a task that does
nothing costs in the same run: a ping task (a debug task for the lookup, which runs inside one).

B5, a no-op converge, runs tests/bench/b5.yml once for each number of schedules in --b5-schedules, each time against
an emulator of its own seeded with exactly that many schedules of the team Platform (one weekly rotation of two
users each, the shape of `rich_setup.py --profile schedules`): one jsm.ops.jsmops_config task declaring them as
they are, against the jsm.ops.schedules role given the same declaration (a module task per schedule and per
rotation). The participants are declared by email, as people write them, so both resolve users. Its floor is the
team lookup, the schedule list's pages and one round of user searches one after the other; the role's, its own
requests one after the other. A build without jsmops_config prints the role's rows only.
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
FIGURES = ("B1", "B2", "B3", "B4", "B5")
PLAYBOOK_FIGURES = ("B1", "B2", "B3", "B4")  # the figures of bench.yml; B5 has b5.yml
NAME_WIDTH = 49
# B5: the team that owns the schedules, and the two members whose emails the rotations name (as rich_setup.py's
# schedules profile makes them).
B5_TEAM = "Platform"
B5_USERS = ("dana.platform@example.com", "noël.zoë@example.com")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--collections", required=True, help="directory holding ansible_collections/jsm/ops (the installed build)")
    parser.add_argument("--work", required=True, help="directory for the seed, the results and the playbook's output")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every API request (default %(default)s)")
    parser.add_argument("--schedules", type=int, default=200, help="schedules in the seed (default %(default)s)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each B1 and B3 task, the median counts (default %(default)s)")
    parser.add_argument("--repeats-b2", type=int, default=11, help="ping and no-op pairs of B2, the median counts (default %(default)s)")
    parser.add_argument("--figures", default="B1,B2,B3,B4,B5", help="the figures to run, comma-separated (default %(default)s)")
    parser.add_argument("--b5-schedules", default="100,300",
                        help="B5: the numbers of schedules, comma-separated; an emulator and a run each (default %(default)s)")
    parser.add_argument("--b5-role-max", type=int, default=None, metavar="N",
                        help="B5: run the schedules role only where there are at most N schedules (it takes minutes at 300; "
                             "0 leaves it out; default: at every number)")
    args = parser.parse_args()
    args.figures = [figure.strip().upper() for figure in args.figures.split(",")]
    unknown = sorted(set(args.figures) - set(FIGURES))
    if unknown:
        parser.error("--figures takes %s; got %s" % (", ".join(FIGURES), ", ".join(unknown)))
    try:
        args.b5_schedules = [int(count) for count in args.b5_schedules.split(",") if count.strip()]
    except ValueError:
        parser.error("--b5-schedules takes numbers separated by commas, such as 100,300")
    if any(count < 1 for count in args.b5_schedules):
        parser.error("--b5-schedules takes numbers of 1 or more")
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


def make_b5_seed(count: int) -> tuple[dict, list]:
    """The demo seed's accounts and teams with ``count`` schedules of B5_TEAM, and their declaration as they are.

    Each schedule has one weekly rotation of the two B5_USERS (in turns, the other way round every other schedule),
    the shape `tests/integration/targets/jsmops_config/files/rich_setup.py --profile schedules` makes through the API.
    The declaration is what both the jsmops_config task (under the team) and the role (jsm_ops_schedules) are given.
    """
    with open(os.path.join(ROOT, "tests", "emulator", "seed.json"), encoding="utf-8") as handle:
        seed = json.load(handle)
    team_id = next(team["teamId"] for team in seed["teams"] if team["teamName"] == B5_TEAM)
    account_ids = {account["email"]: account["accountId"] for account in seed["accounts"]}
    seed["schedules"], declared = [], []
    for number in range(count):
        emails = B5_USERS if number % 2 == 0 else B5_USERS[::-1]
        name, description = "Bulk %03d" % number, "Bulk schedule %03d" % number
        rotation = {"name": "Weekly", "type": "weekly", "length": 1, "startDate": "2026-01-05T09:00:00Z"}
        seed["schedules"].append({
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "jsm-ops-bench/b5/%d" % number)), "name": name, "description": description,
            "timezone": "UTC", "enabled": True, "teamId": team_id,
            "rotations": [dict(rotation, id=str(uuid.uuid5(uuid.NAMESPACE_URL, "jsm-ops-bench/b5/%d/rotation" % number)),
                               participants=[{"type": "user", "id": account_ids[email]} for email in emails])],
        })
        declared.append({
            "name": name, "description": description, "timezone": "UTC", "enabled": True,
            "rotations": [{"name": rotation["name"], "type": rotation["type"], "length": rotation["length"], "start_date": rotation["startDate"],
                           "participants": [{"type": "user", "email": email} for email in emails]}],
        })
    return seed, declared


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
        self.entries: list[dict] = []  # every task, skipped ones too, in the order they ran
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                if entry["status"] == "failed":
                    raise SystemExit("bench: task %r failed; see the playbook output" % entry["task"])
                self.entries.append(entry)
                if entry["status"] == "ok":
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

    def span(self, before: str, after: str) -> dict:
        """The tasks between two marks: from the end of ``before`` to the start of ``after`` (what Ansible does between
        the tasks counts), their requests, connections and user searches, the tasks that ran, their executions (loop
        items, or 1), and the tasks that changed something."""
        names = [entry["task"] for entry in self.entries]
        if before not in names or after not in names:
            raise SystemExit("bench: no marks %r and %r in the results" % (before, after))
        first, last = names.index(before), names.index(after)
        inside = self.entries[first + 1:last]
        ran = [entry for entry in inside if entry["status"] == "ok"]
        return {
            "seconds": self.entries[last]["start"] - self.entries[first]["end"],
            "requests": sum(entry["requests"] for entry in inside),
            "connections": sum(entry["connections"] for entry in inside),
            "user_searches": sum(entry.get("user_searches", 0) for entry in inside),
            "tasks": len(ran),
            "runs": sum(entry["items"] or 1 for entry in ran),
            "changed": [entry["task"] for entry in inside if entry.get("changed")],
        }


def row(name, figure, reference=None, floor=None, note=""):
    """One line of the table: task s, the reference task's s, requests, connections, floor, ratio (task s / floor)."""
    ratio = "%.2fx" % (figure["seconds"] / floor) if floor else "-"
    return "%-*s %8.2f %7s %6d %6d %7s %7s  %s" % (
        NAME_WIDTH, name, figure["seconds"], "%.2f" % reference if reference is not None else "-", figure["requests"], figure["connections"],
        "%.2f" % floor if floor else "-", ratio, note,
    )


def report(figures: Figures | None, b5: dict, args, started_load: str, other: Figures | None = None) -> None:
    latency, count = args.latency, args.schedules
    pages = math.ceil(count / PAGE)
    print("make bench: %s%.0f ms injected per API request, spec validation off; medians of %d runs%s%s"
          % ("%d schedules, " % count if figures is not None else "", latency * 1000, args.repeats,
             " (B2: %d pairs)" % args.repeats_b2 if figures is not None and "B2" in args.figures else "",
             "; B5: %s schedules of %s, each its own emulator" % (" and ".join(str(size) for size in b5), B5_TEAM) if b5 else ""))
    print("%-*s %8s %7s %6s %6s %7s %7s  %s" % (NAME_WIDTH, "figure", "task s", "ref s", "reqs", "conns", "floor s", "ratio", ""))
    if figures is not None:
        report_playbook(figures, args, count, pages, other)
    for size, (b5_figures, config_state, role_state) in b5.items():
        report_b5(size, b5_figures, config_state, role_state, args)
    print("machine: %s; load average (1, 5, 15 min) %s at the start, %s at the end" % (machine(), started_load, load()))


def report_b5(count: int, figures: Figures | None, config_state: str, role_state: str, args) -> None:
    """The two rows of B5 for ``count`` schedules; a state other than "ran" says why a row has no figures."""
    latency, pages = args.latency, math.ceil(count / PAGE)
    name = "B5 no-op converge, %d schedules: " % count
    config = None
    if config_state == "ran":
        runs = figures.runs("B5 jsmops_config")
        config = figures.median("B5 jsmops_config")
        changed = [run for run in runs if run["changed"]]
        print(row(name + "jsmops_config", config, figures.median("B5 ping")["seconds"], (1 + pages + 1) * latency,
                  "1 task, %d user searches; ref: a ping; floor: team, %d list page%s, users%s"
                  % (statistics.median(run.get("user_searches", 0) for run in runs), pages, "s" if pages > 1 else "",
                     "; NOT A NO-OP: changed in %d of %d runs" % (len(changed), len(runs)) if changed else "")))
    else:
        print("%-*s %s" % (NAME_WIDTH, name + "jsmops_config", config_state))
    if role_state == "ran":
        role = figures.span("B5 mark: before the schedules role", "B5 mark: after the schedules role")
        ratio = "%.1fx the jsmops_config task; " % (role["seconds"] / config["seconds"]) if config else ""
        print(row(name + "schedules role", role, None, role["requests"] * latency,
                  "%s%d tasks (%d executions with the loop items), %d user searches; floor: its requests one after another%s"
                  % (ratio, role["tasks"], role["runs"], role["user_searches"],
                     "; NOT A NO-OP: %s changed" % ", ".join(role["changed"]) if role["changed"] else "")))
    else:
        print("%-*s %s" % (NAME_WIDTH, name + "schedules role", role_state))


def report_playbook(figures: Figures, args, count: int, pages: int, other: Figures | None) -> None:
    latency = args.latency
    if "B1" in args.figures:
        ping = figures.median("B1 ping")["seconds"]
        uri = figures.total("B1 uri: the schedule list, page by page", "B1 uri: who is on call, schedule by schedule")
        for concurrency in (8, 16):
            module = figures.median("B1 jsmops_oncall_info concurrency %d" % concurrency)
            print(row("B1 oncall_info, concurrency %d" % concurrency, module, ping, (pages + math.ceil(count / concurrency)) * latency,
                      "%.0fx faster than the uri loop" % (uri["seconds"] / module["seconds"])))
        print(row("B1 uri loop (what users write)", uri, None, (pages + count) * latency, "one request after another"))
    if "B2" in args.figures:
        print(b2_row(figures, "schedule_info", ""))
    if other is not None:
        print(b2_row(other, "maintenance_info", "; b2_other.yml: each worker loads the action"))
    if "B3" in args.figures:
        floor = (pages + math.ceil(50 / 8)) * latency
        print(row("B3 lookup, 50 schedules, template", figures.median("B3 lookup in a template"), figures.median("B3 debug")["seconds"], floor,
                  "ref: a debug task"))
        print(row("B3 oncall_info, 50 schedules", figures.median("B3 jsmops_oncall_info"), figures.median("B1 ping")["seconds"], floor))
    if "B4" in args.figures:
        print(row("B4 timeline_info 30 days x 20", figures.total("B4 timeline: 30 days for each of 20 schedules"),
                  figures.total("B4 timeline: 20 pings for reference")["seconds"], 20 * 2 * latency,
                  "ref: 20 pings; 2 requests each (find by name, timeline)"))


def b2_row(figures: Figures, module: str, note: str) -> str:
    """The B2 row of the no-op task of jsmops_<module>, each run right after its ping: the median of the pairs' ratios
    holds up better on a busy machine than the ratio of the two medians."""
    task = "B2 no-op jsmops_%s" % module
    pings, noops = figures.runs("B2 ping", skip=1), figures.runs(task, skip=1)
    ratio = statistics.median(noop["seconds"] / ping["seconds"] for ping, noop in zip(pings, noops))
    return row("B2 no-op %s vs ping" % module, figures.median(task, skip=1), figures.median("B2 ping", skip=1)["seconds"], None,
               "no-op = %.2fx a ping task (median of %d pairs)%s" % (ratio, len(noops), note))


def run_playbook(args, seed: dict, playbook: str, extra: dict, tags: list[str], label: str, b5: bool = False) -> Figures | None:
    """Run ``playbook`` with ``tags`` against an emulator of its own seeded with ``seed``; its figures, or None when it failed.

    For B5 the latency is injected into every API request from the start (bench.yml sets its own faults), and the
    site is set for the emails of the rotations. Results, variables and output go to files named after ``label`` in
    the work directory.
    """
    results = os.path.join(args.work, "results%s.jsonl" % label)
    variables = os.path.join(args.work, "vars%s.json" % label)
    output = os.path.join(args.work, "playbook%s.log" % label)
    with open(variables, "w", encoding="utf-8") as handle:
        json.dump(extra, handle)
    if os.path.exists(results):
        os.unlink(results)
    admin = next(account for account in seed["accounts"] if account.get("admin") and account.get("apiToken"))
    with Emulator(seed, spec_path=None) as emulator:
        if b5:
            emulator.set_faults([{"kind": "latency", "delay": args.latency}])
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
        if b5:
            env["JSM_OPS_SITE"] = emulator.url
        print("make bench: running tests/bench/%s --tags %s (output in %s)" % (playbook, ",".join(tags), output), flush=True)
        with open(output, "w", encoding="utf-8") as handle:
            command = ["ansible-playbook", "-i", "localhost,", os.path.join(HERE, playbook), "-e", "@" + variables, "--tags", ",".join(tags)]
            status = subprocess.run(command, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False, cwd=args.work).returncode
    if status != 0:
        with open(output, encoding="utf-8") as handle:
            sys.stdout.write("".join(handle.readlines()[-40:]))
        print("make bench: tests/bench/%s failed (status %d); no figures" % (playbook, status))
        return None
    return Figures(results)


def main() -> int:
    args = parse_args()
    os.makedirs(args.work, exist_ok=True)
    started_load = load()
    figures = None
    wanted = [figure for figure in args.figures if figure in PLAYBOOK_FIGURES]
    if wanted:
        seed = make_seed(args.schedules)
        names = [schedule["name"] for schedule in seed["schedules"]]
        figures = run_playbook(args, seed, "bench.yml", {
            "bench_latency": args.latency, "bench_schedules": args.schedules, "bench_repeats": args.repeats,
            "bench_repeats_b2": args.repeats_b2, "bench_b3_names": names[:50], "bench_b4_names": names[:20],
        }, [figure.lower() for figure in wanted], "")
        if figures is None:
            return 1
    other = None
    if "B2" in args.figures:
        other = run_playbook(args, make_seed(1), "b2_other.yml", {"bench_repeats_b2": args.repeats_b2}, ["b2"], "-b2-other")
        if other is None:
            return 1
    b5 = {}
    if "B5" in args.figures:
        have_config = os.path.exists(os.path.join(args.collections, "ansible_collections", "jsm", "ops", "plugins", "modules", "jsmops_config.py"))
        for count in args.b5_schedules:
            config_state = "ran" if have_config else "not in this build (no plugins/modules/jsmops_config.py)"
            role_state = "ran" if args.b5_role_max is None or count <= args.b5_role_max else "left out (--b5-role-max %d)" % args.b5_role_max
            tags = [tag for tag, state in (("b5_config", config_state), ("b5_role", role_state)) if state == "ran"]
            b5_figures = None
            if tags:
                seed, declared = make_b5_seed(count)
                b5_figures = run_playbook(args, seed, "b5.yml", {
                    "bench_repeats": args.repeats, "bench_b5_team": B5_TEAM, "bench_b5_schedules": declared,
                }, tags, "-b5-%d" % count, b5=True)
                if b5_figures is None:
                    return 1
            b5[count] = (b5_figures, config_state, role_state)
    report(figures, b5, args, started_load, other)
    return 0


if __name__ == "__main__":
    sys.exit(main())
