# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile input and hostile answers, by class, for every module in plugins/modules.

The modules are found on disk and their options are read from their own argument specs, so a module added
later is covered without a line here.  Each run goes in-process against the emulator; every URL the client
hands to requests is recorded before requests or urllib3 can normalise it.

- Input: each example gives one option of one module a hostile value (dot segments, lists and mappings for
  text, far-off dates, huge numbers, control characters).  Whatever the module does, it never lets a
  traceback out, never answers "Unexpected ...", never addresses a URL with a dot or empty path segment,
  never writes when it fails, and fails on one line without a secret.  Text given a list or a mapping, and a
  number beyond what the API can hold, always fail with a message naming the option, before any request.
- Answers: each JSON read of a module's run is answered, one at a time, with the wrong shape (a list, an
  empty body, a scalar); the module fails naming the request, never reports success on it.
"""

from __future__ import annotations

import functools
import importlib
import json
import pathlib
import re
from urllib.parse import unquote, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.jsm.ops.plugins.module_utils.core import runner
from ansible_collections.jsm.ops.plugins.module_utils.core.options import CONNECTION_OPTIONS
from ansible_collections.jsm.ops.tests.unit.plugins.modules.module_args import patch_module_args
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS

MODULES_DIR = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "modules"
MODULES = sorted(path.stem for path in MODULES_DIR.glob("jsmops_*.py"))
WRITES = frozenset(["POST", "PUT", "PATCH", "DELETE"])
TOKEN = ACCOUNTS["ada"]["apiToken"]
# Derandomised: every run tries the same examples, so a failure is reproducible and CI does not depend on luck.
PROPERTY = settings(max_examples=10, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Values for required options that name seeded objects, so a run gets past its first look-up.
KNOWN = {"team": "Platform", "schedule": "Platform Primary", "alias": "platform-api-latency", "name": "platform-api",
         "description": "Database upgrade window", "dest": "{tmp}/out.ics"}

# Runs that read real objects, for the answer-shape test (check mode: reads only).  A module not named here
# runs with its required options filled from KNOWN.
READS = {
    "jsmops_schedule": {"name": "Platform Primary", "description": "changed"},
    "jsmops_schedule_info": {"name": "Platform Primary"},
    "jsmops_schedule_rotation": {"schedule": "Platform Primary", "name": "Weekly", "length": 2},
    "jsmops_schedule_rotation_info": {"schedule": "Platform Primary"},
    "jsmops_schedule_override": {"schedule": "Platform Primary", "alias": "platform-maintenance-cover", "state": "absent"},
    "jsmops_schedule_override_info": {"schedule": "Platform Primary"},
    "jsmops_schedule_timeline_info": {"schedule": "Platform Primary", "responder_names": True},
    "jsmops_oncall_info": {"schedules": ["Platform Primary"], "next": True},
    "jsmops_heartbeat": {"team": "Platform", "name": "platform-api", "interval": 7, "interval_unit": "hours"},
    "jsmops_heartbeat_info": {"team": "Platform"},
    "jsmops_heartbeat_ping": {"team": "Platform", "name": "platform-api"},
    "jsmops_maintenance": {"description": "Database upgrade window", "state": "absent"},
    "jsmops_maintenance_info": {"team": "Platform"},
    "jsmops_alert": {"alias": "platform-api-latency", "state": "acknowledged", "note": "looking"},
    "jsmops_alert_info": {"query": "status: open", "limit": 5},
    "jsmops_escalation": {"team": "Platform", "name": "probe", "state": "absent"},
    "jsmops_escalation_info": {"team": "Platform"},
    # A plain GET returns whatever JSON the API answers; the pages of a list must be objects with values.
    "jsmops_api": {"path": "/v1/schedules", "paginate": True},
    # One worker: the reads come in the same order on every run, so each one can be answered wrongly in turn.
    "jsmops_config": {"teams": [{"team": "Platform", "heartbeats": [{"name": "platform-api", "interval": 7, "interval_unit": "hours"}],
                                 "schedules": [{"name": "Platform Primary", "rotations": [{"name": "Weekly", "length": 2}]}]}],
                      "concurrency": 1},
    "jsmops_config_export": {"teams": ["Platform"], "concurrency": 1},
    "jsmops_user_contact": {"method": "sms", "to": "+49-1511-2345678"},
    "jsmops_forwarding_rule": {"from_user": ACCOUNTS["dana"]["accountId"], "to_user": ACCOUNTS["erin"]["accountId"],
                               "start_date": "2027-01-04T00:00:00Z", "end_date": "2027-01-18T00:00:00Z"},
}


class _Spec(Exception):
    def __init__(self, kwargs):
        super().__init__("argument spec")
        self.kwargs = kwargs


@functools.lru_cache(maxsize=None)
def module_spec(name: str) -> dict:
    """The keyword arguments ``name`` hands to JsmOpsModule (argument_spec, required_one_of, ...), read by running main()."""
    module = importlib.import_module("ansible_collections.jsm.ops.plugins.modules." + name)

    def capture(self, **kwargs):
        raise _Spec(kwargs)

    original = runner.JsmOpsModule.__init__
    runner.JsmOpsModule.__init__ = capture
    try:
        module.main()
    except _Spec as spec:
        return spec.kwargs
    finally:
        runner.JsmOpsModule.__init__ = original
    raise AssertionError("%s does not build a JsmOpsModule" % name)


def user_options(name: str) -> dict:
    spec = module_spec(name)["argument_spec"]
    return {option: entry for option, entry in spec.items() if option not in CONNECTION_OPTIONS}


def required_args(name: str, tmp: str) -> dict:
    """The module's required options (and one of each required_one_of group), filled with seeded names or a choice."""
    kwargs = module_spec(name)
    args = {}
    wanted = [option for option, entry in kwargs["argument_spec"].items() if entry.get("required")]
    wanted += [group[0] for group in kwargs.get("required_one_of") or [] if not any(option in wanted for option in group)]
    for option in wanted:
        entry = kwargs["argument_spec"][option]
        if entry.get("choices"):
            args[option] = entry["choices"][0]
        elif entry.get("type") == "list":
            args[option] = [KNOWN.get(option, "probe")]
        else:
            args[option] = KNOWN.get(option, "probe").format(tmp=tmp)
    return args


# -- recording what the client sends --------------------------------------------------------------------------


class Recorder:
    """Every request the client makes, as (method, url as built, Accept header); optionally one JSON answer replaced."""

    def __init__(self):
        self.sent = []
        self.replace_at = None  # index among JSON GETs
        self.replacement = b""
        self.json_gets = 0
        self.shapes = []  # the JSON type of each JSON GET's real answer

    def wrap(self, real):
        recorder = self

        def request(session, method, url, *args, **kwargs):
            accept = (kwargs.get("headers") or {}).get("Accept") or session.headers.get("Accept", "")
            recorder.sent.append((method.upper(), url, accept))
            response = real(session, method, url, *args, **kwargs)
            if method.upper() == "GET" and accept == "application/json" and 200 <= response.status_code < 300:
                try:
                    recorder.shapes.append(type(json.loads(response.content or b"null")))
                except ValueError:
                    recorder.shapes.append(None)
                if recorder.json_gets == recorder.replace_at:
                    response._content = recorder.replacement  # pylint: disable=protected-access
                    response.headers["Content-Type"] = "application/json"
                    response.status_code = 200
                recorder.json_gets += 1
            return response

        return request


@pytest.fixture
def recorder(monkeypatch):
    seen = Recorder()
    monkeypatch.setattr(requests.Session, "request", seen.wrap(requests.Session.request))
    for _type, _default, names, _secret in CONNECTION_OPTIONS.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    return seen


def connection(emulator) -> dict:
    account = ACCOUNTS["ada"]
    return {"api_url": emulator.url, "cloud_id": emulator.cloud_id, "site": emulator.url,
            "api_email": account["email"], "api_token": account["apiToken"], "retries": 0}


def run(name: str, args: dict, check_mode: bool = False):
    """(result dict or None, whole output) of one in-process run of the module's main()."""
    import io  # pylint: disable=import-outside-toplevel
    import contextlib  # pylint: disable=import-outside-toplevel

    module = importlib.import_module("ansible_collections.jsm.ops.plugins.modules." + name)
    out, err = io.StringIO(), io.StringIO()
    with patch_module_args(dict(args, _ansible_check_mode=check_mode, _ansible_diff=False, _ansible_module_name=name)):
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                module.main()
            except SystemExit:
                pass
            except Exception as exc:  # pylint: disable=broad-exception-caught
                return None, "Traceback (escaped the module): %r" % exc
    try:
        return json.loads(out.getvalue()), out.getvalue() + err.getvalue()
    except ValueError:
        return None, out.getvalue() + err.getvalue()


def bad_segments(url: str) -> list[str]:
    """The path segments of a URL that a client or server would drop or merge: "", "." and ".." (also percent-encoded)."""
    segments = urlsplit(url).path.split("/")[1:]
    return [segment for segment in segments if unquote(segment) in ("", ".", "..")]


# -- hostile values by type -------------------------------------------------------------------------------------

DOTS = [".", "..", "", "%2e%2e", "./.", "../..", "/"]
FAR = ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2026-02-30T00:00:00Z"]
TEXT = DOTS + FAR + ["a\x00b", "tab\tand\nnewline", "\u202ereversed", "99999999999999999999d", "1e400", "-0", "x" * 5000]
NOT_TEXT = [["Platform"], {"name": "Platform"}, [], {}]
HUGE = [2 ** 31, 10 ** 30, -(10 ** 30), -(2 ** 31) - 1]
NUMBERS = HUGE + [-1, 0, 2 ** 31 - 1]


def hostile_for(entry: dict):
    """A strategy of (value, must_fail_naming_the_option) for an option's spec entry."""
    kind = entry.get("type", "str")
    if entry.get("options"):
        sub = st.sampled_from(sorted(entry["options"])).flatmap(
            lambda option: hostile_for(entry["options"][option]).map(lambda pair, option=option: ({option: pair[0]}, pair[1], option)))
        if kind == "list":
            return sub.map(lambda triple: ([triple[0]], triple[1], "%s[0].%s" % ("", triple[2])))
        return sub.map(lambda triple: (triple[0], triple[1], ".%s" % triple[2]))
    if kind in ("str", "path"):
        return st.one_of(st.sampled_from(TEXT).map(lambda value: (value, False)),
                         st.sampled_from(NOT_TEXT).map(lambda value: (value, True)))
    if kind == "int":
        return st.one_of(st.sampled_from(HUGE).map(lambda value: (value, True)), st.sampled_from(NUMBERS).map(lambda value: (value, False)))
    if kind == "float":
        return st.sampled_from([float("inf"), float("nan"), 1e308, -1e308, 0.0]).map(lambda value: (value, False))
    if kind == "list":
        if entry.get("elements", "str") in ("str", "path"):
            return st.one_of(st.sampled_from(TEXT).map(lambda value: ([value], False)),
                             st.sampled_from(NOT_TEXT).map(lambda value: ([value], True)))
        return st.sampled_from([[None], [[]], "text"]).map(lambda value: (value, False))
    return st.sampled_from(["maybe", ["x"], {"a": 1}, 10 ** 30, "..", ""]).map(lambda value: (value, False))


def normalise(pair, option):
    """(value, must_fail, where) with the option's name and the path to the hostile sub-option."""
    if len(pair) == 3:
        return pair[0], pair[1], option + pair[2]
    return pair[0], pair[1], option


@st.composite
def hostile_args(draw, name):
    options = user_options(name)
    connection_options = {option: {"type": CONNECTION_OPTIONS[option][0]} for option in ("cloud_id", "site", "api_url", "timeout", "retries")}
    pool = dict(connection_options, **options)
    option = draw(st.sampled_from(sorted(pool)))
    value, must_fail, where = normalise(draw(hostile_for(pool[option])), option)
    check_mode = draw(st.booleans())
    return option, value, must_fail, where, check_mode


@pytest.mark.parametrize("name", MODULES)
def test_hostile_option_values(name, emulator, recorder, tmp_path):
    @PROPERTY
    @given(case=hostile_args(name))
    def check(case):
        option, value, must_fail, where, check_mode = case
        emulator.reset()
        recorder.sent.clear()
        args = dict(connection(emulator), **required_args(name, str(tmp_path)))
        args[option] = value
        if option in ("cloud_id", "site"):
            args.pop("site" if option == "cloud_id" else "cloud_id", None)
        result, output = run(name, args, check_mode=check_mode)
        label = "%s %s=%r" % (name, where, value)
        assert result is not None, "%s: %s" % (label, output[-2000:])
        assert "Traceback" not in output, label
        assert TOKEN not in output, label
        sent = recorder.sent
        assert [url for _method, url, _accept in sent if bad_segments(url)] == [], label
        if option not in ("site", "api_url"):  # those may name another host, as the user wishes
            assert [url for _method, url, _accept in sent if not url.startswith(emulator.url)] == [], label
        if result.get("failed"):
            message = result["msg"]
            assert "\n" not in message, label
            assert not message.startswith("Unexpected"), "%s: %s" % (label, message)
            assert [method for method, _url, _accept in sent if method in WRITES] == [], "%s wrote, then failed: %s" % (label, message)
        if must_fail:
            assert result.get("failed") is True, "%s was accepted" % label
            named = where.split("[", 1)[0].split(".", 1)[0]
            assert re.search(r"\b%s\b" % re.escape(named), result["msg"]), "%s: the message names another option: %s" % (label, result["msg"])
            assert sent == [], "%s: requests were sent before the refusal" % label

    check()  # pylint: disable=no-value-for-parameter


@pytest.mark.parametrize("name", MODULES)
def test_an_empty_required_text_or_path_is_refused_naming_it(name, emulator, recorder, tmp_path):
    """Deterministic beside the property: each required text option, and each path option, given "" or blanks."""
    spec = user_options(name)
    options = [option for option, entry in spec.items() if entry.get("type", "str") in ("str", "path")
               and (entry.get("required") or entry.get("type") == "path")]
    for option in options:
        recorder.sent.clear()
        args = dict(connection(emulator), **required_args(name, str(tmp_path)))
        args[option] = "  "
        result, output = run(name, args)
        assert result is not None and result.get("failed") is True, "%s %s='  ': %s" % (name, option, output[-1000:])
        assert result["msg"] == "%s must not be empty." % option
        assert recorder.sent == []


def _json_reads(name, emulator, recorder, tmp_path):
    args = dict(connection(emulator), **(READS.get(name) or required_args(name, str(tmp_path))))
    emulator.reset()
    recorder.sent.clear()
    recorder.replace_at, recorder.json_gets, recorder.shapes = None, 0, []
    result, output = run(name, args, check_mode=True)
    assert result is not None, output
    assert name not in READS or not result.get("failed"), "%s: the run to read from failed: %s" % (name, result.get("msg"))
    reads = [url for method, url, accept in recorder.sent if method == "GET" and accept == "application/json"]
    return args, list(zip(reads, recorder.shapes))


# Each wrong shape, by the JSON type it stands for (a list is no wrong answer where the API documents a list).
WRONG_SHAPES = {"list": (list, b"[]"), "empty body": (None, b""), "scalar": (int, b"42")}


@pytest.mark.parametrize("name", MODULES)
def test_every_read_checks_the_shape_of_its_answer(name, emulator, recorder, tmp_path):
    args, reads = _json_reads(name, emulator, recorder, tmp_path)
    assert reads, "%s made no read to test" % name
    for index, (url, real) in enumerate(reads):
        for shape, (kind, body) in WRONG_SHAPES.items():
            if kind is real:
                continue
            emulator.reset()
            recorder.sent.clear()
            recorder.replace_at, recorder.replacement, recorder.json_gets = index, body, 0
            result, output = run(name, args, check_mode=True)
            label = "%s: read %d (%s) answered with %s" % (name, index, urlsplit(url).path, shape)
            assert result is not None and "Traceback" not in output, "%s: %s" % (label, output[-2000:])
            assert result.get("failed") is True, "%s was taken as success" % label
            message = result["msg"]
            assert "\n" not in message and not message.startswith("Unexpected"), "%s: %s" % (label, message)
            assert re.search(r"\bGET /\S+ (returned|answered)", message), "%s: the message does not name the request: %s" % (label, message)


def test_a_blank_alert_query_asks_for_every_alert(run_module, connection, emulator):  # pylint: disable=redefined-outer-name
    from ansible_collections.jsm.ops.plugins.modules import jsmops_alert_info  # pylint: disable=import-outside-toplevel

    blank = run_module(jsmops_alert_info, connection(query=""))
    every = run_module(jsmops_alert_info, connection())
    assert not blank.get("failed") and blank["alerts"] == every["alerts"]
    assert emulator.violations == []  # an empty query would break Atlassian's spec
