# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the emulator's unit tests: ``api(email)`` builds a client for a seeded account."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.jsm.ops.tests.unit.emulator.support import ADA, Api, auth


@pytest.fixture
def api_class():
    """The client class ``api`` builds; a test module overrides this fixture to use a subclass."""
    return Api


@pytest.fixture
def api(emulator, api_class):  # pylint: disable=redefined-outer-name
    """``api(email)``: a client with Basic authentication for that seeded account (Ada by default)."""
    sessions = []

    def make(email: str = ADA) -> Api:
        session = requests.Session()
        session.headers.update(auth(email))
        sessions.append(session)
        return api_class(session, emulator.api_base)

    yield make
    for session in sessions:
        session.close()
