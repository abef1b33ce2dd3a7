# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan the fewest order changes that put a list of siblings in the order the user asked for.

The API moves one object at a time, in one of two styles:

``index``
    ``{"order": n}``: the object leaves its place and takes position ``n`` (0-based) of the
    list (routing rules of a team, alert policies, team policies).
``successor``
    ``{"successorId": id}``: the object leaves its place and goes right before ``id``; ``None``
    puts it last (integration actions).

``desired`` is a relative order and may name only some of the current ids.  The longest run
of ``desired`` that already is in the current order stays where it is; every other listed id
moves once, right before the next listed id that stays (when no listed id after it stays within
its stretch between fixed ids: right after the previous one that stays).  Ids not listed never
move: they keep their order among themselves and around the listed ids that stay.  So putting
the last of N rules on top is one call, and an ordered list needs none.

Fixed ids (a team's default routing rule) never move and nothing moves across them, so they
keep their position at every step; a desired order that would need either is refused.

Nothing here talks to the API: a move is a dict, ``{"id": ..., "order": n}`` or
``{"id": ..., "successorId": id-or-None}``, whose fields other than ``id`` are the request body.
"""

from __future__ import annotations

import bisect

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError

INDEX = "index"
SUCCESSOR = "successor"


def plan_moves(current, desired, style: str, fixed=()) -> list:
    """The moves, in the order to send them, that bring ``desired`` into its order within ``current``.

    ``current`` lists every id in the API's order; ``fixed`` ids that are not in it are ignored.
    """
    _check_style(style)
    current, desired = list(current), list(desired)
    _check_unique(current, "The current list")
    _check_unique(desired, "The desired order")
    position = {id_: index for index, id_ in enumerate(current)}
    for id_ in desired:
        if id_ not in position:
            raise ConfigurationError("Cannot order %r: it does not exist (create it first)." % (id_,))
    stretch = _stretches(current, fixed)
    fixed_ids = [id_ for id_ in current if stretch[id_][1] == 0]
    for first, second in zip(desired, desired[1:]):
        if stretch[first] > stretch[second]:
            raise ConfigurationError(
                "%r is fixed and must keep its place, but the desired order puts %r before %r."
                % (fixed_ids[stretch[first][0] - 1], first, second)
            )
    run = _longest_run(desired, position)
    moving = set(desired) - run
    target = _target(current, desired, run, moving, stretch)
    moves, working = [], list(current)
    for index in range(len(target) - 1, -1, -1):  # right to left: each successor is already in place
        id_ = target[index]
        if id_ not in moving:
            continue
        successor = target[index + 1] if index + 1 < len(target) else None
        move = {"id": id_, "successorId": successor}
        if style == INDEX:
            working.remove(id_)
            move = {"id": id_, "order": working.index(successor) if successor is not None else len(working)}
            working.insert(move["order"], id_)
        moves.append(move)
    return moves


def apply_moves(current, moves, style: str) -> list:
    """The list the API holds after the ``moves``, sent in order, starting from ``current``."""
    _check_style(style)
    result = list(current)
    for move in moves:
        id_ = move["id"]
        if id_ not in result:
            raise ConfigurationError("Cannot move %r: it is not in the list." % (id_,))
        result.remove(id_)
        if style == INDEX:
            order = move["order"]
            if not 0 <= order <= len(result):
                raise ConfigurationError("Cannot move %r to position %r of %d." % (id_, order, len(result) + 1))
            result.insert(order, id_)
        elif move.get("successorId") is None:
            result.append(id_)
        elif move["successorId"] in result:
            result.insert(result.index(move["successorId"]), id_)
        else:
            raise ConfigurationError("Cannot move %r before %r: it is not in the list." % (id_, move["successorId"]))
    return result


def _check_style(style):
    if style not in (INDEX, SUCCESSOR):
        raise ConfigurationError("Unknown order style %r: use %r or %r." % (style, INDEX, SUCCESSOR))


def _check_unique(ids, what):
    seen = set()
    for id_ in ids:
        if id_ in seen:
            raise ConfigurationError("%s lists %r more than once." % (what, id_))
        seen.add(id_)


def _stretches(current, fixed):
    """Each id's key: (number of fixed ids up to and including it, 0 for a fixed id, else 1)."""
    fixed, keys, count = set(fixed), {}, 0
    for id_ in current:
        count += id_ in fixed
        keys[id_] = (count, 0 if id_ in fixed else 1)
    return keys


def _longest_run(desired, position):
    """The ids of a longest subsequence of ``desired`` already in the current order (patience sorting:
    of the equally long ones, the one whose last id comes earliest in the current list)."""
    tail_positions, tail_ids, previous = [], [], {}
    for id_ in desired:
        at = bisect.bisect_left(tail_positions, position[id_])
        previous[id_] = tail_ids[at - 1] if at else None
        tail_positions[at:at + 1] = [position[id_]]
        tail_ids[at:at + 1] = [id_]
    run, id_ = set(), tail_ids[-1] if tail_ids else None
    while id_ is not None:
        run.add(id_)
        id_ = previous[id_]
    return run


def _target(current, desired, run, moving, stretch):
    """The whole list once every listed id that is not in ``run`` sits next to the one it is placed by."""
    before, after = {}, {}
    for index, id_ in enumerate(desired):
        if id_ in run:
            continue
        following = next((other for other in desired[index + 1:] if other in run), None)
        if following is not None and stretch[following][0] == stretch[id_][0]:
            before.setdefault(following, []).append(id_)
        else:
            after.setdefault(next(other for other in reversed(desired[:index]) if other in run), []).append(id_)
    target = []
    for id_ in current:
        if id_ in moving:
            continue
        target.extend(before.get(id_, []) + [id_] + after.get(id_, []))
    return target
