# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() in-process against the emulator and return its JSON result."""

from __future__ import annotations

import json

import pytest

from ansible_collections.jsm.ops.tests.unit.plugins.modules.module_args import patch_module_args

from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS


@pytest.fixture
def connection(emulator):
    """Connection options for a seed account (``ada`` is the admin), with the site set for user lookups."""

    def make(who="ada", **args):
        account = ACCOUNTS[who]
        base = {
            "api_url": emulator.url,
            "cloud_id": emulator.cloud_id,
            "site": emulator.url,
            "api_email": account["email"],
            "api_token": account["apiToken"],
        }
        base.update(args)
        return base

    return make


def warning_texts(result: dict, err: str) -> list[str]:
    """The module's warnings as text, however this ansible-core reports them (plain strings, structured
    summaries, or lines on stderr)."""
    texts = []
    for warning in result.get("warnings") or []:
        texts.append(warning if isinstance(warning, str) else (warning.get("event") or {}).get("msg", str(warning)))
    return texts or [line for line in err.splitlines() if "WARNING" in line]


@pytest.fixture
def run_module(capsys):
    """``run_module(module, args, check_mode=False, diff=False)`` -> the module's result dict."""

    def run(module, args, check_mode=False, diff=False):
        args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff, _ansible_module_name=module.__name__.rsplit(".", 1)[-1])
        with patch_module_args(args):
            with pytest.raises(SystemExit):
                module.main()
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        result = json.loads(out)
        result["_stderr"] = err
        result["_warnings"] = warning_texts(result, err)
        return result

    return run
