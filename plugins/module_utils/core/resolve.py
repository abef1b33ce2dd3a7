# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names people know, turned into the ids the API wants: teams by name, users by email.

One Resolver per run caches what it looked up, so a playbook task that names
the same team or user many times asks the API once.
"""

from __future__ import annotations

import uuid

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, ResponseFormatError

TEAMS = "/v1/teams"
USER_SEARCH = "/rest/api/3/user/search"


# How an option that refers to something names it: by one of these keys (none for "nobody").
REFERENCE_KEYS = {"user": ("id", "email"), "team": ("id", "name"), "schedule": ("id", "name"), "escalation": ("id",), "noone": ()}
_REFERENCE_WANTS = {"user": "id (the account id) or email", "team": "id or name", "schedule": "id or name", "escalation": "id",
                    "noone": "no id, email or name"}


def check_reference(item: dict, where: str, noun: str) -> None:
    """A participant, recipient or responder names its user, team, schedule or escalation one way only; ``noun`` is
    what the option calls it.  Checked before any request."""
    kind = item["type"]
    given = sorted(key for key in ("email", "id", "name") if item.get(key))
    keys = REFERENCE_KEYS[kind]
    if (len(given) != 1 or given[0] not in keys) if keys else given:
        raise ConfigurationError("%s: a %s %s takes %s; got %s."
                                 % (where, kind, noun, _REFERENCE_WANTS[kind], ", ".join(given) or "none of them"))


def looks_like_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class Resolver:
    def __init__(self, client):
        self.client = client
        self._teams = None
        self._users: dict[str, dict] = {}

    def teams(self) -> list[dict]:
        """The teams the account can see (``GET /v1/teams``), read once per run."""
        if self._teams is None:
            teams = self.client.get(TEAMS).get("platformTeams")
            if not isinstance(teams, list) or not all(isinstance(team, dict) for team in teams):
                raise ResponseFormatError("GET %s returned no 'platformTeams' list of objects." % TEAMS)
            self._teams = teams
        return self._teams

    def team_id(self, value: str, option: str = "team") -> str:
        """A team's id from its id or its exact (case-insensitive) name; ``""`` stays ``""`` (no team)."""
        if value == "":
            return ""
        teams = self.teams()
        for team in teams:
            if team.get("teamId") == value:
                return value
        matches = [team for team in teams if (team.get("teamName") or "").casefold() == value.casefold()]
        if len(matches) == 1:
            return matches[0]["teamId"]
        if len(matches) > 1:
            raise ConfigurationError("%s %r matches %d teams by name; give the team's id instead." % (option, value, len(matches)))
        raise ConfigurationError(
            "%s %r is neither the id nor the name of a team the account can see; check the spelling or the account's team membership "
            "(a team whose operations are off is not listed)." % (option, value)
        )

    def user_id(self, value: str, option: str = "user") -> str:
        """An Atlassian account id, given as is or found from an email through the site's Jira user search."""
        if "@" not in value:
            return value
        return self.user(value, option)["accountId"]

    def user(self, value: str, option: str = "user") -> dict:
        """The Jira user (``accountId``, ``displayName``, ...) for an account id or an email, through the site's user search."""
        key = value.casefold()
        if key not in self._users:
            self._users[key] = self._user_by_email(value, option) if "@" in value else self._user_by_id(value, option)
        return self._users[key]

    def _user_by_id(self, account_id: str, option: str) -> dict:
        if not self.client.config.site:
            raise ConfigurationError(
                "%s %r: set site (or JSM_OPS_SITE) so the user can be looked up through the site's Jira user search." % (option, account_id)
            )
        users = self.client.site_get(USER_SEARCH, {"accountId": account_id}, expect=list)
        found = [user for user in users if isinstance(user, dict) and user.get("accountId") == account_id]
        if not found:
            raise ConfigurationError("%s %r: no Jira user has that account id on %s." % (option, account_id, self.client.config.site))
        return found[0]

    def _user_by_email(self, email: str, option: str) -> dict:
        if not self.client.config.site:
            raise ConfigurationError(
                "%s %r is an email address, which is looked up through the site's Jira user search: set site "
                "(or JSM_OPS_SITE), or give the account id instead." % (option, email)
            )
        found = [user for user in self.client.site_get(USER_SEARCH, {"query": email}, expect=list) if isinstance(user, dict)]
        # Jira hides emailAddress for some privacy settings: a lone result without it is accepted,
        # a shown email must be the one asked for.
        exact = [user for user in found if (user.get("emailAddress") or "").casefold() == email.casefold()]
        if len(exact) == 1:
            return exact[0]
        if not exact and len(found) == 1 and not found[0].get("emailAddress"):
            return found[0]
        hidden = [user for user in found if not user.get("emailAddress")]
        if len(exact) > 1 or (hidden and len(found) > 1):
            raise ConfigurationError(
                "%s %r matches %d Jira users on %s; give the account id instead." % (option, email, len(exact) or len(found), self.client.config.site)
            )
        raise ConfigurationError("%s %r: no Jira user has that email address on %s." % (option, email, self.client.config.site))
