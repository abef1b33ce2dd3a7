# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one convergence flow every state module follows.

Given the object as it is (or None) and the fields the user set, decide what
to do, do it unless in check mode, and report ``(changed, object, diff)``
truthfully.  The resource-specific parts (how to create, update and delete,
how to compare a field, what a new object looks like) come in as arguments.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import changed_fields, make_diff
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConflictError, ServerError, TransportError


class Resource:
    """How to act on one kind of object.  ``create(desired)``, ``update(current, changes)`` and
    ``delete(current)`` call the API and return the object afterwards (None for delete);
    ``predict(current, changes)`` gives the object a write would produce, for check mode.

    ``find(desired)`` looks the object up again by its natural key.  The client never retries a
    create that may have been processed (the answer was lost, or a gateway failed); with ``find``,
    a create that failed that way is looked up first and retried only if the object is not there,
    at most ``retries`` times, so a flaky network never leaves two objects."""

    def __init__(self, create, update, delete, predict, equal=None, find=None, retries=0, pause=None):
        self.create = create
        self.update = update
        self.delete = delete
        self.predict = predict
        self.equal = equal or {}
        self.find = find
        self.retries = retries
        self.pause = pause or (lambda attempt: None)

    def create_once(self, desired: dict) -> dict:
        """Create; after a failure that may hide a processed create, wait, look the object up, and
        create again only when it is not there.  A conflict on such a second try means it got there."""
        attempt = 0
        while True:
            try:
                return self.create(desired)
            except (TransportError, ServerError, ConflictError) as exc:
                if self.find is None or (isinstance(exc, ConflictError) and attempt == 0):
                    raise
                attempt += 1
                self.pause(attempt)  # the first create may still be in flight
                found = self.find(desired)
                if found is not None:
                    return found
                if attempt > self.retries:
                    raise


def converge(resource: Resource, current: dict | None, desired: dict, state: str, check_mode: bool):
    """Return (changed, object after, diff) for state present or absent."""
    if state == "absent":
        if current is None:
            return False, None, make_diff(None, None)
        if not check_mode:
            resource.delete(current)
        return True, None, make_diff(current, None)
    if current is None:
        after = resource.predict(None, desired) if check_mode else resource.create_once(desired)
        return True, after, make_diff(None, after)
    changes = changed_fields(current, desired, resource.equal)
    if not changes:
        return False, current, make_diff(current, current, keys=[])
    after = resource.predict(current, changes) if check_mode else resource.update(current, changes)
    return True, after, make_diff(current, after, keys=sorted(changes))
