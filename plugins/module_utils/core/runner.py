# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way a module runs: build the client, call the module's ``run``, shape the result.

It never exits: the module's ``main()`` turns the outcome into ``exit_json`` or ``fail_json``.
"""

from __future__ import annotations

import copy
import re

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient, url_password
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import JsmOpsError, PathSegmentError
from ansible_collections.jsm.ops.plugins.module_utils.core.options import CONNECTION_OPTIONS, URL_OPTIONS


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

    def _set_internal_properties(self, *args, **kwargs):
        super()._set_internal_properties(*args, **kwargs)
        if args or kwargs:
            return  # a sub-option pass of ansible-core's, not the module's own
        # Before ansible-core's own checks, which would turn a list given for a text option into its Python text.
        problem = check_values(self.argument_spec, self._given)
        if problem:
            self.fail_json(msg=problem)

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
        if "msg" in kwargs:
            # One line, also where ansible-core's own checks echo a value with a line break or a tab in it.
            kwargs["msg"] = " ".join(str(kwargs["msg"]).split())
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


# The widest whole number an option may hold: the API's numbers are 32-bit.
INT_LIMIT = 2 ** 31 - 1
_TEXT_TYPES = ("str", "path")


def _shape(value) -> str:
    return "a mapping" if isinstance(value, dict) else "a list"


def check_values(spec: dict, given: dict, prefix: str = "") -> str | None:
    """The message for the first option of ``spec`` whose given value no conversion should make valid, or None.

    Text options (``str``, ``path``, and the elements of lists of them) refuse lists and mappings, which
    ansible-core would turn into their Python text and the module would then send; whole numbers refuse values
    beyond what the API's 32-bit fields hold.  Sub-options are checked the same way, named ``rules[0].name``.
    """
    for name, entry in spec.items():
        value = (given or {}).get(name)
        where = prefix + name
        if value is None:
            continue
        kind = entry.get("type", "str")
        if kind in _TEXT_TYPES and isinstance(value, (list, tuple, set, dict)):
            return "%s must be text, not %s; give a single value." % (where, _shape(value))
        if kind in _TEXT_TYPES and isinstance(value, str) and not value.strip() and (entry.get("required") or kind == "path") and not prefix \
                and name not in CONNECTION_OPTIONS:
            return "%s must not be empty." % where
        if kind == "int":
            number = _whole_number(value)
            if number is not None and not -INT_LIMIT - 1 <= number <= INT_LIMIT:
                return "%s is out of range: give a whole number from %d to %d." % (where, -INT_LIMIT - 1, INT_LIMIT)
        if kind == "list" and isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                if entry.get("elements", "str") in _TEXT_TYPES and isinstance(item, (list, tuple, set, dict)):
                    return "%s[%d] must be text, not %s; give a list of single values." % (where, index, _shape(item))
                if entry.get("options") and isinstance(item, dict):
                    problem = check_values(entry["options"], item, "%s[%d]." % (where, index))
                    if problem:
                        return problem
        if kind == "dict" and entry.get("options") and isinstance(value, dict):
            problem = check_values(entry["options"], value, where + ".")
            if problem:
                return problem
    return None


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.match(r"^\s*[-+]?\d+\s*$", value):
        return int(value)
    return None


def _find_option(params: dict, value, prefix: str = "") -> str | None:
    """The name of the option (or sub-option, ``rules[0].id``) whose value is ``value``, or None."""
    for name, item in (params or {}).items():
        if name.startswith("_"):
            continue
        if item == value and isinstance(item, str):
            return prefix + name
        if isinstance(item, dict):
            found = _find_option(item, value, prefix + name + ".")
        elif isinstance(item, list):
            found = next((hit for hit in (_find_option(element, value, "%s%s[%d]." % (prefix, name, index)) if isinstance(element, dict)
                                          else prefix + "%s[%d]" % (name, index) if element == value and isinstance(element, str) else None
                                          for index, element in enumerate(item)) if hit), None)
        else:
            found = None
        if found:
            return found
    return None


def _name_the_option(exc: PathSegmentError, params: dict) -> str:
    option = _find_option(params, exc.value)
    if option:
        return "%s %r cannot name an object: %s" % (option, exc.value, exc.reason)
    return exc.message


def execute(module, run) -> tuple[str | None, dict]:
    """Return (one-line error message or None, result for exit_json or fail_json) for ``run(module, client) -> (changed, result, diff)``.

    A failure after some writes carries what was done (``changed``, ``requests``) on the error's ``result``.
    """
    client = None
    module.mask_url_passwords()  # again: the value may have come from an environment fallback
    try:
        client = JsmOpsClient.from_module(module)
        changed, result, diff = run(module, client)
    except PathSegmentError as exc:
        return _failure(client, _name_the_option(exc, module.params), getattr(exc, "result", {}))
    except JsmOpsError as exc:
        return _failure(client, str(exc), getattr(exc, "result", {}))
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # A shape of input or answer nothing above foresaw: still one line, still without secrets.
        return _failure(client, "Unexpected %s: %s" % (type(exc).__name__, " ".join(str(exc).split())[:300]), {})
    result = dict(result, changed=changed)
    if diff is not None and module._diff:
        result["diff"] = diff
    return None, result


def _failure(client, message: str, result: dict) -> tuple[str, dict]:
    """A failure's message, redacted, and its result: ``changed`` when a write of the run may have been applied."""
    result = dict(result or {})
    if client is not None:
        message = client.redact(message)
        if client.writes_applied:
            result["changed"] = True
            if client.writes_unconfirmed and "may have been applied" not in message:
                message += " %s may have been applied: check before running the task again." % client.writes_unconfirmed[-1]
    return message, result
