# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way a module runs: build the client, call the module's ``run``, shape the result.

It never exits: the module's ``main()`` turns the outcome into ``exit_json`` or ``fail_json``.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.errors import JsmOpsError


def execute(module, run) -> tuple[str | None, dict]:
    """Return (one-line error message or None, result for exit_json or fail_json) for ``run(module, client) -> (changed, result, diff)``.

    A failure after some writes carries what was done (``changed``, ``requests``) on the error's ``result``.
    """
    client = None
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
