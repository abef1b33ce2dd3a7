# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option table, the argument spec it generates and the doc fragment that documents it stay in step."""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.jsm.ops.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.jsm.ops.plugins.module_utils.core import client as client_utils
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.options import (
    CONNECTION_OPTIONS, SECRET, SECRET_OPTIONS, URL_OPTIONS, URL_PASSWORD, connection_argument_spec, connection_params, option_reader,
)

ROOT = pathlib.Path(__file__).resolve().parents[4]
DOCS = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]


def test_fragment_documents_exactly_the_table():
    assert list(DOCS) == list(CONNECTION_OPTIONS)


def test_fragment_types_defaults_and_env_match_the_table():
    for name, (type_, default, env, _secret) in CONNECTION_OPTIONS.items():
        doc = DOCS[name]
        assert doc["type"] == type_, name
        assert doc.get("default") == default, name
        text = " ".join(doc["description"])
        assert re.findall(r"E\(([A-Z_]+)\)", text) == list(env), name


def test_the_table_names_the_secret_options():
    """The action, the module runner and the argument spec read these; nothing else lists them."""
    assert {secret for *_rest, secret in CONNECTION_OPTIONS.values()} == {None, SECRET, URL_PASSWORD}
    assert SECRET_OPTIONS == ("api_token",)
    assert URL_OPTIONS == ("site", "api_url")
    assert all(CONNECTION_OPTIONS[name][0] == "str" for name in SECRET_OPTIONS + URL_OPTIONS)


def test_fragment_says_a_secret_option_is_never_logged():
    for name in SECRET_OPTIONS:
        assert "never logged" in " ".join(DOCS[name]["description"]), name


def test_argument_spec_has_fallbacks_and_no_log():
    spec = connection_argument_spec()
    assert spec["api_token"]["no_log"] is True
    assert [name for name, entry in spec.items() if entry.get("no_log")] == list(SECRET_OPTIONS)
    # A URL option is not no_log (that would mask the default URL everywhere): only a password in it is masked.
    assert not any(spec[name].get("no_log") for name in URL_OPTIONS)
    assert spec["api_email"]["fallback"][1] == ["JSM_OPS_API_EMAIL", "ATLASSIAN_OPS_API_EMAIL_ADDRESS"]
    assert all("required" not in entry for entry in spec.values())


def test_env_fallback_order_first_wins(monkeypatch):
    monkeypatch.setenv("JSM_OPS_API_EMAIL", "first@example.com")
    monkeypatch.setenv("ATLASSIAN_OPS_API_EMAIL_ADDRESS", "second@example.com")
    monkeypatch.setenv("ATLASSIAN_OPS_CLOUD_ID", "bc1f99ce-d025-5345-bb1f-206b030069cf")
    monkeypatch.setenv("JSM_OPS_TIMEOUT", "7.5")
    monkeypatch.setenv("JSM_OPS_VALIDATE_CERTS", "no")
    params = ArgumentSpecValidator(connection_argument_spec()).validate({}).validated_parameters
    assert params["api_email"] == "first@example.com"
    assert params["cloud_id"] == "bc1f99ce-d025-5345-bb1f-206b030069cf"
    assert params["timeout"] == 7.5
    assert params["validate_certs"] is False
    assert params["api_url"] == "https://api.atlassian.com"


def test_explicit_option_beats_environment(monkeypatch):
    monkeypatch.setenv("JSM_OPS_API_URL", "http://127.0.0.1:9")
    params = ArgumentSpecValidator(connection_argument_spec()).validate({"api_url": "https://proxy.example.com"}).validated_parameters
    assert params["api_url"] == "https://proxy.example.com"


def test_connection_params_reads_through_a_getter():
    values = {"api_email": "x@example.com", "retries": 2, "unrelated": True}
    assert connection_params(values.get) == {name: values.get(name) for name in CONNECTION_OPTIONS}


def test_option_reader_falls_back_like_the_argument_spec(monkeypatch):
    """Plain values (an event source's arguments) read the environment and the defaults as modules do."""
    environ = {"JSM_OPS_API_EMAIL": "first@example.com", "ATLASSIAN_OPS_API_EMAIL_ADDRESS": "second@example.com",
               "ATLASSIAN_OPS_CLOUD_ID": "bc1f99ce-d025-5345-bb1f-206b030069cf", "JSM_OPS_TIMEOUT": "7.5",
               "JSM_OPS_VALIDATE_CERTS": "no", "JSM_OPS_API_TOKEN": "", "JSM_OPS_CA_PATH": "~/ca.pem"}
    for _type, _default, env, _secret in CONNECTION_OPTIONS.values():
        for name in env:
            monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    given = {"retries": "5", "site": "example.atlassian.net"}
    validated = ArgumentSpecValidator(connection_argument_spec()).validate(dict(given)).validated_parameters
    read = connection_params(option_reader(dict(given, api_token=None), environ))  # None reads as absent
    assert read == {name: validated[name] for name in CONNECTION_OPTIONS}
    assert read["api_email"] == "first@example.com" and read["timeout"] == 7.5 and read["validate_certs"] is False and read["retries"] == 5
    assert read["api_token"] == "" and read["ca_path"].endswith("/ca.pem") and not read["ca_path"].startswith("~")
    assert option_reader({"api_url": "https://proxy.example.com"}, {"JSM_OPS_API_URL": "http://127.0.0.1:9"})("api_url") == "https://proxy.example.com"
    assert option_reader({}, {})("api_url") == "https://api.atlassian.com"


def test_option_reader_names_the_option_never_a_secret():
    with pytest.raises(ConfigurationError, match=r"^retries must be a whole number; got 'many'\.$"):
        option_reader({"retries": "many"}, {})("retries")
    with pytest.raises(ConfigurationError, match=r"^validate_certs must be true or false; got 'perhaps'\.$"):
        option_reader({}, {"JSM_OPS_VALIDATE_CERTS": "perhaps"})("validate_certs")
    with pytest.raises(ConfigurationError) as raised:
        option_reader({"api_token": ["secret-token-e71c0b5a9d"]}, {})("api_token")
    assert str(raised.value) == "api_token must be text." and "secret-token" not in str(raised.value)


def test_user_agent_names_the_collection_version():
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    assert client_utils.COLLECTION_VERSION == galaxy["version"]
    assert client_utils.USER_AGENT.startswith("jsm.ops/%s" % galaxy["version"])


def test_plugins_fragment_gives_lookups_the_same_env_and_vars():
    plugin_docs = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
    assert list(plugin_docs) == list(CONNECTION_OPTIONS)
    for name, (_type, _default, env, _secret) in CONNECTION_OPTIONS.items():
        # Ansible lets the last listed variable win for plugins, so the list is reversed to keep "first wins".
        assert [entry["name"] for entry in plugin_docs[name]["env"]] == list(reversed(env)), name
        assert [entry["name"] for entry in plugin_docs[name]["vars"]] == ["ansible_jsm_ops_" + name], name
