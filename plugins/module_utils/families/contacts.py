# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The calling account's contact methods: an email address, a number for SMS or voice calls, the mobile app.

A contact is what it is (its method and address): changing the address is another contact. It is turned on and off
through ``/activate`` and ``/deactivate``; the API keeps that in ``status.enabled``, which the kit reads as ``enabled``.
Writes answer with a note and the contact's id, so the contact is read back after each.
"""

from __future__ import annotations

import re

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, unless_hidden
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Context, Family, Field, Toggle, id_in_note

PATH = "/v1/users/contacts"
_NUMBER = re.compile(r"^\+?[0-9][0-9 ()-]{3,30}$")


def address(method: str, value: str) -> str:
    """The address as compared: an email address in lower case, a number without spaces."""
    text = str(value or "").strip()
    return text.casefold() if method == "email" else re.sub(r"[ ()]", "", text)


def desired(params: dict, ctx) -> dict:  # pylint: disable=unused-argument
    method, to = params["method"], (params.get("to") or "").strip()
    if not to:
        raise ConfigurationError("to must not be empty: give the %s." % ("email address" if method == "email" else "number"))
    if method == "email" and ("@" not in to or " " in to):
        raise ConfigurationError("to must be an email address for method email; got %r." % to)
    if method in ("sms", "voice") and not _NUMBER.match(to):
        raise ConfigurationError("to must be a phone number for method %s, such as +49-1511-2345678; got %r." % (method, to))
    wanted = {"method": method, "to": to}
    if params.get("enabled") is not None:
        wanted["enabled"] = params["enabled"]
    return wanted


def same_contact(item: dict, wanted: dict) -> bool:
    method = wanted.get("method")
    return item.get("method") == method and address(method, item.get("to")) == address(method, wanted.get("to"))


def with_enabled(item: dict) -> dict:
    """The contact with ``enabled`` beside the API's ``status``."""
    status = item.get("status") if isinstance(item.get("status"), dict) else {}
    return dict(item, enabled=status.get("enabled")) if "enabled" in status else item


def same_address(current, wanted) -> bool:
    return re.sub(r"[ ()]", "", str(current or "")).casefold() == re.sub(r"[ ()]", "", str(wanted or "")).casefold()


def mobile_from_the_app(wanted: dict) -> str | None:
    if wanted.get("method") == "mobile":
        return ("A mobile contact is added by signing in to the mobile app, not through the API; this module can turn one on or off, "
                "or delete it.")
    return None


CONTACTS = Family(
    "contact", PATH, page_size=100,
    key=None, match=same_contact, probe=desired,
    ambiguous_match="method and to match {count} {plural} ({ids}); remove the extra ones in Jira Service Management.",
    fields=[
        Field("method", None),
        Field("to", None, compare=same_address),
        Field("enabled", None),
    ],
    build=desired,
    view=with_enabled,
    toggle=Toggle("enabled", "/activate", "/deactivate", method="PATCH"),
    answer_id=id_in_note,
    uncreatable=mobile_from_the_app,
    new={"status": {"enabled": True}, "enabled": True},
    new_title="the contact",
)


def run_info(module, client) -> tuple:
    """The calling account's contacts, or those of ``user`` (an admin's right)."""
    params = module.params
    ctx = Context(client, params=params)
    query = {"targetAccountId": ctx.resolver.user_id(params["user"], option="user")} if params.get("user") else None
    contacts = unless_hidden(lambda: Collection(CONTACTS, client).list(query), [])
    if params.get("method"):
        contacts = [item for item in contacts if item.get("method") == params["method"]]
    return False, {"contacts": contacts}, None
