# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way a module runs: build the client, call the module's ``run``, shape the result.

It never exits: the module's ``main()`` turns the outcome into ``exit_json`` or ``fail_json``.
"""

from __future__ import annotations

import copy

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient, url_password
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import JsmOpsError
from ansible_collections.jsm.ops.plugins.module_utils.core.options import URL_OPTIONS


class JsmOpsModule(AnsibleModule):
    """AnsibleModule that keeps api_token masked, and names the option, when ansible-core's own argument checks fail.

    ansible-core collects the no_log values in one pass that stops at the first sub-option value it cannot read
    as a dict (``participants: dana@example.com``); the failure it then reports names no option and echoes every
    argument under ``invocation``, the token included.  It also masks a password written into ``api_url`` or
    ``site``.  Every module uses this class.
    """

    def _load_params(self):
        super()._load_params()
        self._given = copy.deepcopy(self.params)  # as given: validation drops what it cannot convert
        # Also for the failures of ansible-core's own argument checks, which come before any code of the module.
        self.mask_url_passwords()

    def mask_url_passwords(self):
        """Mask a password pasted into a URL option (URL_OPTIONS: api_url, site) like api_token, in every output."""
        for option in URL_OPTIONS:
            secret = url_password(self.params.get(option))
            if secret:
                self.no_log_values.add(secret)

    def fail_json(self, *args, **kwargs):
        for name, spec in self.argument_spec.items():
            value = self.params.get(name)
            if spec.get("no_log") and isinstance(value, str) and value:
                self.no_log_values.add(value)
        if not args and str(kwargs.get("msg", "")).startswith("dictionary requested"):
            kwargs["msg"] = self._not_a_mapping() or kwargs["msg"]
        super().fail_json(*args, **kwargs)

    def _not_a_mapping(self) -> str | None:
        """The message for an option with sub-options given a string that is not a mapping, or None."""
        for name, spec in self.argument_spec.items():
            value = getattr(self, "_given", self.params).get(name)
            if not spec.get("options") or value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                try:
                    if isinstance(item, str):
                        check_type_dict(item)
                except TypeError:
                    shape = "a mapping" if spec.get("type") == "dict" else "a list of mappings"
                    return "%s must be %s with the keys %s; got the text %r." % (name, shape, ", ".join(spec["options"]), item)
        return None


def execute(module, run) -> tuple[str | None, dict]:
    """Return (one-line error message or None, result for exit_json or fail_json) for ``run(module, client) -> (changed, result, diff)``.

    A failure after some writes carries what was done (``changed``, ``requests``) on the error's ``result``.
    """
    client = None
    module.mask_url_passwords()  # again: the value may have come from an environment fallback
    try:
        client = JsmOpsClient.from_module(module)
        changed, result, diff = run(module, client)
    except JsmOpsError as exc:
        return str(exc), getattr(exc, "result", {})
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # A shape of input or answer nothing above foresaw: still one line, still without secrets.
        message = "Unexpected %s: %s" % (type(exc).__name__, " ".join(str(exc).split())[:300])
        return (client.redact(message) if client else message), {}
    result = dict(result, changed=changed)
    if diff is not None and module._diff:
        result["diff"] = diff
    return None, result
