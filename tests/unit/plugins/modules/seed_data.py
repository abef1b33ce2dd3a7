# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's seed, indexed the way the module tests name things."""

from __future__ import annotations

import json
import pathlib

SEED = json.loads((pathlib.Path(__file__).resolve().parents[3] / "emulator" / "seed.json").read_text(encoding="utf-8"))
ACCOUNTS = {account["email"].split(".")[0]: account for account in SEED["accounts"]}
SCHEDULES = {schedule["name"]: schedule for schedule in SEED["schedules"]}
TEAMS = {team["teamName"]: team["teamId"] for team in SEED["teams"]}
