# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures: a local JSM Ops API emulator (tests/emulator) for unit tests.

``emulator_server`` starts one emulator for the whole session; ``emulator`` hands it to a test
freshly reset and, afterwards, fails the test if the emulator saw a request or produced a response
that does not conform to Atlassian's spec, unless the test is marked ``expect_violations``.
Validation is on when the environment variable JSM_OPS_EMULATOR_SPEC names the spec file.
"""

from __future__ import annotations

import os
import sys

import pytest

EMULATOR_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "emulator")
EMULATOR_SEED = os.path.join(EMULATOR_DIR, "seed.json")
SPEC_ENV = "JSM_OPS_EMULATOR_SPEC"

if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)


def pytest_configure(config):
    config.addinivalue_line("markers", "expect_violations: the test provokes JSM Ops spec violations on purpose")


def spec_status() -> str:
    """Whether the emulator validates against Atlassian's spec, said at the top and at the end of the run."""
    spec = os.environ.get(SPEC_ENV)
    if spec:
        return "spec validation: on (%s)" % spec
    return ("spec validation: off (%s is not set: the spec tests skip and the emulator's requests and responses "
            "are not checked against Atlassian's spec)" % SPEC_ENV)


def pytest_report_header(config):  # pylint: disable=unused-argument
    return spec_status()


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # pylint: disable=unused-argument
    terminalreporter.write_line(spec_status())
    if COVERAGE["line"]:
        terminalreporter.write_line(COVERAGE["line"])


# What the emulator of the session saw, for the API coverage page (see api_coverage.py).
COVERAGE = {"server": None, "line": ""}
COVERAGE_ENV = "JSM_OPS_API_COVERAGE"  # "check:PAGE" or "write:PAGE", set by make when every unit test runs


def pytest_sessionfinish(session, exitstatus):
    mode, page = os.environ.get(COVERAGE_ENV, "").partition(":")[::2]
    if mode not in ("check", "write") or exitstatus != 0:
        return
    if COVERAGE["server"] is None or not os.environ.get(SPEC_ENV):
        COVERAGE["line"] = "api coverage: not checked (%s)" % ("no spec" if COVERAGE["server"] else "the emulator did not run")
        return
    # Imported here: only a run that checks the page needs it.
    from ansible_collections.jsm.ops.tests.unit.api_coverage import figures, load, render  # pylint: disable=import-outside-toplevel

    spec = load(os.environ[SPEC_ENV])
    reached = COVERAGE["server"].reached
    text = render(spec, reached)
    numbers = figures(spec, reached)
    summary = "%(by_module)d of the %(stable)d operations that are not experimental are called by a module" % numbers
    if mode == "write":
        with open(page, "w", encoding="utf-8") as handle:
            handle.write(text)
        COVERAGE["line"] = "api coverage: wrote %s; %s" % (os.path.basename(page), summary)
        return
    with open(page, encoding="utf-8") as handle:
        current = handle.read()
    if current == text:
        COVERAGE["line"] = "api coverage: the page matches the code; %s" % summary
        return
    COVERAGE["line"] = ("api coverage: %s does not match the operations the modules call in these tests; run `make api-coverage` "
                        "and review the change" % os.path.basename(page))
    session.exitstatus = 1


@pytest.fixture(scope="session")
def emulator_server():
    # Imported here so that unit tests which do not use the emulator need none of its libraries.
    from jsmops_emulator import Emulator  # pylint: disable=import-outside-toplevel

    server = Emulator(EMULATOR_SEED, spec_path=os.environ.get(SPEC_ENV) or None)
    COVERAGE["server"] = server
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def emulator(emulator_server, request):  # pylint: disable=redefined-outer-name
    emulator_server.reset()
    yield emulator_server
    if request.node.get_closest_marker("expect_violations") is None:
        violations = emulator_server.violations
        assert not violations, f"the emulator saw {len(violations)} JSM Ops spec violation(s): {violations}"
