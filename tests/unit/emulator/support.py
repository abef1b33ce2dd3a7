# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the emulator's unit tests share: the seed and the identifiers read from it, an API client, small helpers.

The ``api`` fixture that builds clients is in ``conftest.py`` next to this module.
"""

from __future__ import annotations

import base64
import json
import os

import pytest
import requests

EMULATOR_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "emulator")
SEED_PATH = os.path.join(EMULATOR_DIR, "seed.json")
with open(SEED_PATH, encoding="utf-8") as seed_file:
    SEED = json.load(seed_file)

ACCOUNTS = {account["email"]: account for account in SEED["accounts"]}
ADA = "ada.admin@example.com"
DANA = "dana.platform@example.com"
ERIN = "erin.database@example.com"
NOEL = "no\u00ebl.zo\u00eb@example.com"
PRIYA = "priya.private@example.com"
OMAR = "omar.payments@example.com"
DANA_ID = ACCOUNTS[DANA]["accountId"]
ERIN_ID = ACCOUNTS[ERIN]["accountId"]
NOEL_ID = ACCOUNTS[NOEL]["accountId"]
PRIYA_ID = ACCOUNTS[PRIYA]["accountId"]
OMAR_ID = ACCOUNTS[OMAR]["accountId"]

PLATFORM_TEAM = "9d838765-af78-5275-921e-d62872b4dfdf"
DATABASE_TEAM = "07b965df-6fef-5c27-8f6d-b3827ae34295"
PAYMENTS_TEAM = "f7f34c93-9076-5327-8d20-d4666f83a50f"
PLATFORM_PRIMARY = "aed0e0f1-1474-5690-b7e6-d6cd3139bc2c"
PLATFORM_SECONDARY = "291ae6e4-3a9d-5da9-b30b-0bd65c00467b"
DATABASE_PRIMARY = "df9e3870-85f5-5313-a87c-cffa528d26eb"
PAYMENTS_PRIMARY = "6763b525-52c6-5f71-bbc3-1d47ba68db7e"

SPEC_PATH = os.environ.get("JSM_OPS_EMULATOR_SPEC") or None
needs_spec = pytest.mark.skipif(SPEC_PATH is None, reason="JSM_OPS_EMULATOR_SPEC is not set, so there is no spec to validate against")


def basic(email: str, token: str) -> dict:
    """The Authorization header as Atlassian expects it: base64 of UTF-8 ``email:token``."""
    raw = f"{email}:{token}".encode("utf-8")
    return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}


def auth(email: str) -> dict:
    """The Authorization header of a seeded account, with its API token."""
    return basic(email, ACCOUNTS[email]["apiToken"])


class Api:
    """A requests session for one account, with paths relative to the API base."""

    def __init__(self, session: requests.Session, base: str):
        self.session = session
        self.base = base

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.base + path, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


def titles(response: requests.Response) -> list[str]:
    return [error["title"] for error in response.json()["errors"]]


def refused_by_schema(emulator, response: requests.Response, clear: bool = False) -> None:
    """A request the spec's schemas refuse: 400 from spec validation, else 422 from the emulator itself.

    With ``clear``, the violation the request caused is forgotten once checked.
    """
    if emulator.spec_enabled:
        assert response.status_code == 400, response.text
        assert [item["kind"] for item in emulator.violations] == ["request"]
        if clear:
            emulator.clear_violations()
    else:
        assert response.status_code == 422, response.text
