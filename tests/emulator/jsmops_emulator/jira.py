# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one Jira platform endpoint the collection uses: user search (``/rest/api/3/user/search``)."""

from __future__ import annotations

from .common import Reply, json_reply

USER_SEARCH_PATH = "/rest/api/3/user/search"


def _int(raw, default: int) -> int | None:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


def _jira_error(message: str) -> Reply:
    return json_reply(400, {"errorMessages": [message], "errors": {}})


def user_search(store, args) -> Reply:
    """Accounts whose email starts with, or whose display name contains, ``query``; or the one with ``accountId``.

    Accounts whose seed entry has ``"emailVisible": false`` are found the same way but come back
    without ``emailAddress``, as Jira does for users who hide their email address.
    """
    query = (args.get("query") or "").strip().casefold()
    account_id = (args.get("accountId") or "").strip()
    if not query and not account_id:
        return _jira_error("One of 'query' or 'accountId' is mandatory.")
    start_at = _int(args.get("startAt"), 0)
    max_results = _int(args.get("maxResults"), 50)
    if start_at is None or max_results is None:
        return _jira_error("startAt and maxResults must be non-negative integers.")
    found = []
    for account in store.accounts:
        email = str(account.get("email", "")).casefold()
        name = str(account.get("displayName", "")).casefold()
        if account_id and account["accountId"] != account_id:
            continue
        if query and not (email.startswith(query) or query in name):
            continue
        user = {
            "accountId": account["accountId"],
            "accountType": "atlassian",
            "displayName": account.get("displayName", ""),
            "active": account.get("active", True),
        }
        if account.get("emailVisible", True) and account.get("email"):
            user["emailAddress"] = account["email"]
        found.append(user)
    return json_reply(200, found[start_at:start_at + max_results])
