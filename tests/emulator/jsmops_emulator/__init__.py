# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local emulator of the Jira Service Management operations REST API, for tests and demos."""

from __future__ import annotations

from .server import Emulator
from .spec import SpecLoadError
from .store import SeedError

__all__ = ["Emulator", "SeedError", "SpecLoadError"]
