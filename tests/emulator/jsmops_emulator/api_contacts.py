# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contact methods of the calling account (``/v1/users/contacts``).

Every account starts with an email contact at its own address, on, as a new Jira Service Management user does, plus
what the seed's ``contacts`` (keyed by account email) add. The endpoints act for the calling account; only the list takes
``targetAccountId``, which an admin may use for another account (403 for anyone else). Create takes ``email``, ``sms``
or ``voice`` (the spec's create enum has no ``mobile``: the app adds those) and answers 201 with a note and the id;
a contact the account has already is a 422. ``PATCH /{id}`` changes the address of an email contact only (422 for
the others), as the spec says. ``/activate`` and ``/deactivate`` set ``status.enabled``; all writes answer
``{"message", "data": {"id"}}``. A contact of another account is a 404.
"""

from __future__ import annotations

import re

from .common import ApiError, empty_reply, json_reply
from .routing import Context, route
from .store import new_id

CREATABLE = ("email", "sms", "voice")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_NUMBER = re.compile(r"^\+?[0-9][0-9 ()-]{3,30}$")


def _own(ctx: Context, writing: bool = False) -> list:
    """The account's contacts; only a write gives an account added after the start a list of its own."""
    if writing:
        return ctx.store.contacts.setdefault(ctx.account["accountId"], [])
    return ctx.store.contacts.get(ctx.account["accountId"], [])


def _view(contact: dict, order: int | None = None) -> dict:
    view = {"id": contact["id"], "method": contact["method"], "to": contact["to"], "status": {"enabled": contact["enabled"]}}
    if not contact["enabled"] and contact.get("disabledReason"):
        view["status"]["disabledReason"] = contact["disabledReason"]
    if order is not None:
        view["applyOrder"] = order
    return view


def _contact(ctx: Context) -> dict:
    found = next((item for item in _own(ctx) if item["id"] == ctx.params["id"]), None)
    if found is None:
        raise ApiError(404, "Contact not found")
    return found


def _address(method: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ApiError(422, "to must be given")
    value = value.strip()
    if method == "email" and not _EMAIL.match(value):
        raise ApiError(422, "to must be an email address")
    if method in ("sms", "voice") and not _NUMBER.match(value):
        raise ApiError(422, "to must be a phone number")
    return value


def _note(message: str, contact: dict, status: int = 200):
    return json_reply(status, {"message": message, "data": {"id": contact["id"]}})


@route("GET", "/v1/users/contacts")
def list_contacts(ctx: Context):
    target = ctx.args.get("targetAccountId")
    if target and target != ctx.account["accountId"]:
        if not ctx.account.get("admin"):
            raise ApiError(403, "You do not have permission to view the contacts of another user")
        if ctx.store.account(target) is None:
            raise ApiError(404, "User not found")
        contacts = ctx.store.contacts.get(target, [])
    else:
        contacts = _own(ctx)
    views = [_view(contact, order) for order, contact in enumerate(contacts)]
    page, links = ctx.paginate(views, "/v1/users/contacts", default_size=20, max_size=100)
    return json_reply(200, {"values": page, "links": links})


@route("POST", "/v1/users/contacts")
def create_contact(ctx: Context):
    body = ctx.json_object()
    method = body.get("method")
    if method not in CREATABLE:
        raise ApiError(422, "method must be one of email, sms, voice")
    to = _address(method, body.get("to"))
    if any(item["method"] == method and item["to"].casefold() == to.casefold() for item in _own(ctx)):
        raise ApiError(422, "The contact exists")
    contact = {"id": new_id(), "method": method, "to": to, "enabled": True}
    _own(ctx, writing=True).append(contact)
    return _note("Created", contact, 201)


@route("GET", "/v1/users/contacts/{id}")
def get_contact(ctx: Context):
    return json_reply(200, _view(_contact(ctx)))


@route("PATCH", "/v1/users/contacts/{id}")
def update_contact(ctx: Context):
    contact = _contact(ctx)
    if contact["method"] != "email":
        raise ApiError(422, "Only the address of an email contact can be changed")
    contact["to"] = _address("email", ctx.json_object().get("to"))
    return _note("Updated", contact)


@route("DELETE", "/v1/users/contacts/{id}")
def delete_contact(ctx: Context):
    contact = _contact(ctx)
    _own(ctx).remove(contact)
    return empty_reply(204)


@route("PATCH", "/v1/users/contacts/{id}/activate")
def activate_contact(ctx: Context):
    contact = _contact(ctx)
    contact["enabled"] = True
    return _note("Activated", contact)


@route("PATCH", "/v1/users/contacts/{id}/deactivate")
def deactivate_contact(ctx: Context):
    contact = _contact(ctx)
    contact["enabled"] = False
    return _note("Deactivated", contact)
