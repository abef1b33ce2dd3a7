# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check an on-call report page in headless Debian chromium, against answers worked out without the collection.

The expected people come straight from the emulator: the schedules' ids and the people's names
from ``/_emulator/state``, who is on call from the API's own ``on-calls`` endpoint, asked at the
middle of every row of the page's table (so every stretch of the page is checked) and at every
hour of the window (so no stretch can be missing). The page is then loaded from its file in
chromium through chromedriver (selenium), and must:

- render: the expected title, a body and a timeline bar of non-zero size per schedule, the bar's
  segments covering it;
- show every requested schedule, in order, with the expected people in each row, "nobody on call"
  where nobody is, and the people of the schedule in the bar;
- log no console message of level SEVERE (errors) and fetch nothing.

Exit status 0 when all holds; 1 with one line per finding otherwise. ``--summary`` gets one line
of figures. Only the standard library and selenium are used.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import json
import pathlib
import sys
import tempfile
import urllib.parse
import urllib.request

UTC = datetime.timezone.utc
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000",
]

PAGE_FACTS = """
const schedules = [...document.querySelectorAll('section.schedule')].map(section => {
  const bar = section.querySelector('.bar');
  const box = bar ? bar.getBoundingClientRect() : {width: 0, height: 0};
  const segments = bar ? [...bar.querySelectorAll('.segment')].map(s => s.getBoundingClientRect().width) : [];
  return {
    name: (section.querySelector('h2') || {}).textContent || '',
    barWidth: box.width, barHeight: box.height,
    segmentWidth: segments.reduce((a, b) => a + b, 0), segments: segments.length,
    barText: bar ? bar.innerText : '',
    rows: [...section.querySelectorAll('tbody tr')].map(row => ({
      start: row.dataset.start, end: row.dataset.end, nobody: row.classList.contains('nobody'),
      people: [...row.querySelectorAll('td.who .person')].map(p => p.textContent),
      text: (row.querySelector('td.who') || {}).textContent || '',
    })),
  };
});
const body = document.body.getBoundingClientRect();
return {
  title: document.title, h1: (document.querySelector('h1') || {}).textContent || '',
  bodyWidth: body.width, bodyHeight: document.documentElement.scrollHeight,
  schedules: schedules, resources: performance.getEntriesByType('resource').map(r => r.name),
};
"""


def parse_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def api_time(moment: datetime.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Emulator:
    """The emulator's state and its on-call endpoint, read with plain HTTP."""

    def __init__(self, url: str, cloud_id: str, email: str, token: str):
        self.url = url.rstrip("/")
        self.base = "%s/jsm/ops/api/%s/v1" % (self.url, cloud_id)
        self.auth = "Basic " + base64.b64encode(("%s:%s" % (email, token)).encode("utf-8")).decode("ascii")
        self.state = self._get(self.url + "/_emulator/state", auth=False)
        self.names = {account["accountId"]: account["displayName"] for account in self.state["accounts"]}
        self.names.update({team["teamId"]: "%s (team)" % team["teamName"] for team in self.state["teams"]})
        self.calls = 0

    def _get(self, url: str, auth: bool = True):
        request = urllib.request.Request(url, headers={"Authorization": self.auth} if auth else {})
        with urllib.request.urlopen(request, timeout=10) as response:  # nosec: the loopback emulator
            return json.load(response)

    def schedule_id(self, name: str) -> str:
        found = [schedule["id"] for schedule in self.state["schedules"] if schedule["name"] == name]
        if len(found) != 1:
            raise SystemExit("the emulator has %d schedules named %r" % (len(found), name))
        return found[0]

    def on_call(self, schedule_id: str, moment: datetime.datetime) -> list[str]:
        """The names of those on call at ``moment``, in the API's order."""
        query = urllib.parse.urlencode({"flat": "false", "date": api_time(moment)})
        self.calls += 1
        answer = self._get("%s/schedules/%s/on-calls?%s" % (self.base, urllib.parse.quote(schedule_id), query))
        names = []
        for participant in answer.get("onCallParticipants") or []:
            name = self.names.get(participant.get("id"), participant.get("id"))
            if name not in names:
                names.append(name)
        return names


def check_rows(emulator: Emulator, schedule: dict, expected_name: str, start, end, problems: list) -> set:
    """Compare each table row with the API's on-call answer at its middle, and the hours of the window with the rows."""
    where = "schedule %r" % expected_name
    rows = schedule["rows"]
    if not rows:
        problems.append("%s: the table has no rows" % where)
        return set()
    ident = emulator.schedule_id(expected_name)
    seen = set()
    if parse_time(rows[0]["start"]) != start or parse_time(rows[-1]["end"]) != end:
        problems.append("%s: the rows run from %s to %s, not over the window %s to %s"
                        % (where, rows[0]["start"], rows[-1]["end"], api_time(start), api_time(end)))
    for row, following in zip(rows, rows[1:] + [None]):
        first, last = parse_time(row["start"]), parse_time(row["end"])
        if following is not None and following["start"] != row["end"]:
            problems.append("%s: a gap or overlap between the rows ending %s and starting %s" % (where, row["end"], following["start"]))
        wanted = emulator.on_call(ident, first + (last - first) / 2)
        seen.update(wanted)
        if row["people"] != wanted:
            problems.append("%s, %s to %s: the page shows %s, the API has %s" % (where, row["start"], row["end"], row["people"], wanted))
        if row["nobody"] != (not wanted) or (not wanted and "Nobody on call" not in row["text"]):
            problems.append("%s, %s to %s: 'Nobody on call' is%s shown, and the API has %s"
                            % (where, row["start"], row["end"], "" if row["nobody"] else " not", wanted or "nobody"))
    # Every hour of the window falls in a row whose people are on call then.
    moment = start
    while moment < end:
        row = next((row for row in rows if parse_time(row["start"]) <= moment < parse_time(row["end"])), None)
        wanted = emulator.on_call(ident, moment)
        seen.update(wanted)
        if row is None or row["people"] != wanted:
            problems.append("%s at %s: the page shows %s, the API has %s" % (where, api_time(moment), row and row["people"], wanted))
        moment += datetime.timedelta(hours=1)
    for name in seen:
        if name not in schedule["barText"]:
            problems.append("%s: %r is not in the timeline bar" % (where, name))
    return seen


def open_browser(chromium: str, chromedriver: str):
    # Imported here so that --help works without selenium.
    from selenium import webdriver  # pylint: disable=import-outside-toplevel
    from selenium.webdriver.chrome.service import Service  # pylint: disable=import-outside-toplevel

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="jsm-ops-chromium-")
    options.add_argument("--user-data-dir=" + profile)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)


def check(args) -> tuple[list, str]:
    emulator = Emulator(args.emulator_url, args.cloud_id, args.email, args.token)
    problems: list = []
    page = pathlib.Path(args.html).resolve()
    driver = open_browser(args.chromium, args.chromedriver)
    try:
        driver.get(page.as_uri())
        facts = driver.execute_script(PAGE_FACTS)
        # The whole page in one picture: the window is taller than its viewport by the browser's frame.
        driver.set_window_size(1400, max(600, min(int(facts["bodyHeight"]) + 200, 10000)))
        if args.screenshot:
            driver.save_screenshot(args.screenshot)
        console = driver.get_log("browser")
        version = (driver.capabilities.get("browserVersion") or "?").split(".")[0]
    finally:
        driver.quit()

    errors = [entry for entry in console if entry.get("level") == "SEVERE"]
    problems += ["console error: %s" % entry.get("message") for entry in errors]
    if facts["title"] != args.title or facts["h1"] != args.title:
        problems.append("the title is %r and the heading %r, not %r" % (facts["title"], facts["h1"], args.title))
    if facts["bodyWidth"] <= 0 or facts["bodyHeight"] <= 0:
        problems.append("the page has no layout (body %sx%s)" % (facts["bodyWidth"], facts["bodyHeight"]))
    if facts["resources"]:
        problems.append("the page fetched %s" % facts["resources"])
    shown = [schedule["name"] for schedule in facts["schedules"]]
    if shown != args.schedule:
        problems.append("the page shows the schedules %s, not %s" % (shown, args.schedule))
    start = parse_time(args.start)
    end = start + datetime.timedelta(days=args.days)
    names: set = set()
    for schedule, name in zip(facts["schedules"], args.schedule):
        if schedule["barWidth"] < 200 or schedule["barHeight"] < 20:
            problems.append("schedule %r: the timeline bar is %sx%s px" % (name, schedule["barWidth"], schedule["barHeight"]))
        if abs(schedule["segmentWidth"] - schedule["barWidth"]) > 3 or not schedule["segments"]:
            problems.append("schedule %r: %d segments %s px wide in a bar of %s px"
                            % (name, schedule["segments"], schedule["segmentWidth"], schedule["barWidth"]))
        names |= check_rows(emulator, schedule, name, start, end, problems)
    for name in args.expect_name:
        if name not in names:
            problems.append("%r was expected on call in the window but the API does not have them on call" % name)
    summary = "browser check: %d schedules, %d names, %d console errors, %d on-call answers compared (chromium %s)" % (
        len(shown), len(names), len(errors), emulator.calls, version)
    return problems, summary


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Check an on-call report page in headless chromium.")
    parser.add_argument("--html", required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--schedule", action="append", required=True, help="a schedule, in page order (repeat)")
    parser.add_argument("--start", required=True, help="start of the report window (UTC, ISO 8601)")
    parser.add_argument("--days", type=float, required=True)
    parser.add_argument("--expect-name", action="append", default=[], help="a name that must be on call in the window (repeat)")
    parser.add_argument("--emulator-url", required=True)
    parser.add_argument("--cloud-id", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--token-file", required=True, help="file holding the API token (kept off the command line)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--screenshot")
    parser.add_argument("--summary", help="file to write the line of figures to")
    args = parser.parse_args(argv)
    args.token = pathlib.Path(args.token_file).read_text(encoding="utf-8").strip()
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    problems, summary = check(args)
    print(summary)
    for problem in problems:
        print("FAIL: " + problem)
    if args.summary and not problems:
        pathlib.Path(args.summary).write_text(summary + "\n", encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
