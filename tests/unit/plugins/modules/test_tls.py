# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS for real: the emulator serves HTTPS with a certificate made for the test, signed by a test CA."""

from __future__ import annotations

import pathlib

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_schedule_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS


@pytest.fixture(scope="module")
def tls_emulator(tmp_path_factory):
    # tests/unit/conftest.py puts the emulator on the path
    from jsmops_emulator import Emulator  # pylint: disable=import-error,import-outside-toplevel

    seed = pathlib.Path(jsmops_schedule_info.__file__).absolute().parents[2] / "tests" / "emulator" / "seed.json"
    with Emulator(str(seed), tls_dir=str(tmp_path_factory.mktemp("tls"))) as emulator:
        yield emulator


def args_for(emulator, **extra):
    base = {"api_url": emulator.url, "cloud_id": emulator.cloud_id, "api_email": ACCOUNTS["ada"]["email"], "api_token": ACCOUNTS["ada"]["apiToken"],
            "name": "Platform Primary", "retries": 0}
    base.update(extra)
    return base


def test_the_emulator_speaks_https(tls_emulator):
    assert tls_emulator.url.startswith("https://127.0.0.1:")


def test_unknown_ca_fails_with_a_certificate_message(tls_emulator, run_module):
    result = run_module(jsmops_schedule_info, args_for(tls_emulator))
    assert result["failed"] is True
    assert result["msg"].startswith("TLS certificate verification failed for 127.0.0.1:%d: " % tls_emulator.port)
    assert "Set ca_path to the CA bundle that signed it" in result["msg"] and "\n" not in result["msg"]


def test_ca_path_trusts_the_test_ca(tls_emulator, run_module):
    result = run_module(jsmops_schedule_info, args_for(tls_emulator, ca_path=tls_emulator.tls_files["ca"]))
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False and [item["name"] for item in result["schedules"]] == ["Platform Primary"]
    assert result["_warnings"] == []


def test_validate_certs_false_works_and_warns(tls_emulator, run_module):
    result = run_module(jsmops_schedule_info, args_for(tls_emulator, validate_certs=False))
    assert [item["name"] for item in result["schedules"]] == ["Platform Primary"]
    warnings = result["_warnings"]
    assert any("validate_certs is false: TLS certificates of %s are not verified." % tls_emulator.url in warning for warning in warnings)


def test_plain_http_to_the_https_port_is_a_clear_failure(tls_emulator, run_module):
    result = run_module(jsmops_schedule_info, args_for(tls_emulator, api_url=tls_emulator.url.replace("https://", "http://")))
    assert result["failed"] is True and "\n" not in result["msg"]
