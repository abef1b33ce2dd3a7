# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource kit: a family of API objects declared as data, and the one converge that runs every declaration.

Internal to the collection.  A ``Family`` says what a kind of object is: where its list and its items live
(and under which parent: a team, a schedule, an integration), its id and natural key, page size, update verb,
the options that set its fields and how each field is normalised and compared, what the API fills in on
create, how order is expressed where the API has one, and where its asynchronous writes are tracked.
``Collection`` is a family bound to a client and a parent; ``converge`` brings one object where the user
wants it (check mode, diff, ``changed`` only for what the user set, 404 on delete as absent, a create sent
again only after looking for the first); ``run_state`` is the whole ``run()`` of a state module.

docs/developing.md shows how to add a family with it.
"""

from __future__ import annotations

import collections
import dataclasses
import re

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, changed_fields, make_diff, same_instant
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, ResponseFormatError, UnreadableWriteError, unless_hidden
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver, looks_like_uuid

# What the user is told when an asynchronous write of a kit family is not processed in time.
TRACKER_LATE = "Run the task again later to see the outcome."


def unchanged() -> dict:
    """The diff of a task that changed nothing."""
    return {"before": {}, "after": {}}


# -- fields: option -> API field, normalised and compared --------------------------------------------

def blank_equals_absent(current, wanted) -> bool:
    """"" (or an empty list) and a missing value mean the same."""
    return (current or "") == (wanted or "")


def same_items(current, wanted) -> bool:
    """Lists whose order means nothing (tags, ids); duplicates still count.  None equals an empty list."""
    return collections.Counter(map(repr, current or [])) == collections.Counter(map(repr, wanted or []))


def same_text_folded(current, wanted) -> bool:
    """Texts the API answers in another case than it was sent (``Minutes`` for ``minutes``)."""
    return (current or "").lower() == (wanted or "").lower()


def instant(value, option, ctx):  # pylint: disable=unused-argument
    """An ISO 8601 date-time option in the API's form."""
    return api_datetime(value, option)


def at_least(lowest):
    def convert(value, option, ctx):  # pylint: disable=unused-argument
        if value < lowest:
            raise ConfigurationError("%s must be %d or more; got %d." % (option, lowest, value))
        return value
    return convert


def at_most_chars(limit):
    """The API's longest text (it refuses longer ones only after the request was sent)."""
    def convert(value, option, ctx):  # pylint: disable=unused-argument
        if len(value) > limit:
            raise ConfigurationError("%s must be at most %d characters; got %d." % (option, limit, len(value)))
        return value
    return convert


def not_blank(value, option, ctx):  # pylint: disable=unused-argument
    if not value.strip():
        raise ConfigurationError("%s must not be empty." % option)
    return value


def asks_the_api(convert):
    """Mark a converter that reads the API (names to ids): it runs after the object was looked up and after every
    check that needs no request, so bad input fails before any request."""
    convert.asks_the_api = True
    return convert


@asks_the_api
def team(value, option, ctx):
    """A team by id or name; "" stays "" (no team)."""
    return ctx.resolver.team_id(value, option)


def end_after_start(desired, ctx):  # pylint: disable=unused-argument
    if "startDate" in desired and "endDate" in desired and desired["endDate"] <= desired["startDate"]:
        raise ConfigurationError("end_date must be after start_date.")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


class Field:
    """One API field: the option that sets it (default: the field's name in snake_case, None for no option),
    ``convert(value, option, ctx)`` to validate and normalise the option's value, ``compare(current, wanted)``
    where ``==`` is not enough, and ``blank_is_absent`` for fields the API treats as absent when blank (not sent on create,
    not shown in a predicted object, equal to a missing value)."""

    def __init__(self, api: str, option: str | None = "", convert=None, compare=None, blank_is_absent: bool = False):
        self.api = api
        self.option = _snake(api) if option == "" else option
        self.convert = convert
        self.blank_is_absent = blank_is_absent
        self.compare = compare or (blank_equals_absent if blank_is_absent else None)


def Instant(api: str, option: str | None = "") -> Field:  # pylint: disable=invalid-name
    """A date-time field: given in any offset, compared as an instant."""
    return Field(api, option, convert=instant, compare=same_instant)


class Scope:
    """The parent an object lives under, named by an option: ``resolve(ctx, value)`` gives its id, or None when
    it is not there (then ``missing`` is the message for state present, and state absent has nothing to do)."""

    def __init__(self, option: str, result_key: str, resolve, missing: str | None = None, check_mode_missing: str | None = None):
        self.option = option
        self.result_key = result_key
        self.resolve = resolve
        self.missing = missing or option + " %r is not one the account can see; check the name or create it first."
        # With it, a check-mode run whose parent is not there yet (created by an earlier task of the same run, which check
        # mode only predicted) predicts a new object and warns with this message, instead of failing.
        self.check_mode_missing = check_mode_missing


# The parent of most team-owned families: a team by id or name (the resolver refuses an unknown one itself).
TEAM_SCOPE = Scope("team", "team_id", lambda ctx, value: ctx.resolver.team_id(value))


class Order:
    """How the API orders siblings: ``style`` "index" (``{field: n}``, the position taken) or "successor"
    (``{field: id}``, placed before that sibling, None for last), sent with ``method`` to the item path plus ``suffix``.
    ``fixed(item)``: siblings that cannot move (a team's default routing rule); ``on_create``: a create takes the
    position in its body (index style); ``highest``: the highest position the API accepts.

    A family with an ``Order`` reads its module's ``order`` option (which the module declares): the object's 0-based
    position among its siblings, checked before anything is written."""

    def __init__(self, style: str, suffix: str, field: str, method: str = "PATCH", fixed=None, on_create: bool = False,
                 highest: int | None = None):
        self.style = style
        self.suffix = suffix
        self.field = field
        self.method = method
        self.fixed = fixed or (lambda item: False)  # items that cannot move, such as a team's default routing rule
        self.on_create = on_create
        self.highest = highest


def id_in_note(answer: dict) -> str | None:
    """The id in a write answered with a note, ``{"message": ..., "data": {"id": ...}}`` (an ``answer_id``)."""
    data = answer.get("data")
    return data.get("id") if isinstance(data, dict) else None


class Toggle:
    """A boolean ``field`` the API changes through endpoints of its own, not in a create or update body: ``on`` or ``off``
    appended to the item path, sent with ``method`` (contacts' ``/activate`` and ``/deactivate``).  ``in_create``: the
    create body carries the field too (policies, whose create requires it); an update still goes through the endpoints."""

    def __init__(self, field: str, on: str, off: str, method: str = "POST", in_create: bool = False):
        self.field = field
        self.on = on
        self.off = off
        self.method = method
        self.in_create = in_create


@dataclasses.dataclass(eq=False)
class Family:  # pylint: disable=too-many-instance-attributes
    """What one kind of API object is.  Everything but ``name`` and ``path`` has a default that fits most families.

    - ``path``: the list, with one ``{}`` for the parent's id when there is a ``scope``; ``path_without_parent``
      where the parent is optional (maintenance windows of a team, or global ones).
    - ``item``: the item path below the list, filled with ``id_field`` (``"/{}"``); ``item_query`` instead
      names the query parameter that addresses an item on the list path (heartbeats, by name); ``item=None``
      where the API has no item to read (teams): one object is read from the list.
    - ``paged``: whether the list is paged (``values`` and ``links.next``); an unpaged list answers in one
      response, under ``items_key`` (None: the answer is the list itself).
    - ``key``, ``match``: the natural key field and how a wanted value finds an object: "exact", "casefold"
      (an exact spelling first, else any case), or ``match(item, desired)``; two candidates are an error saying
      ``ambiguous``, or with ``ambiguous=None`` the first exact spelling wins (families whose names are unique in practice).
      ``key_query`` is the list's filter parameter for the key; ``key_may_be_id`` looks an id-shaped value up
      by id first; ``candidates(item)`` keeps only the objects the key may match (open windows, not past ones).
    - ``update``: "PATCH" sends only what differs; "PUT" sends the whole merged object (``writable`` fields).
      ``patch_keeps``: fields whose update request gives them a default in the spec (so an API may reset them when a
      PATCH leaves them out): a PATCH carries their current value.
    - ``fields``: ``Field``s; ``build(params, ctx)`` replaces the option mapping where a family needs more;
      ``checks``: ``check(desired, ctx)`` across fields; ``settle(desired, current, ctx)`` adjusts the wish to the object found.
    - ``new``: what the API fills in on create (a dict, or ``new(collection)``), for check mode's predicted object;
      ``predicted(after, current, collection)`` adjusts a prediction; ``requires``: ``(option, field)`` pairs a create needs.
    - ``undeletable(item)``: why the API will not delete that object (a team's default routing rule), or None.
    - ``states``: verbs beyond present and absent, ``state(collection, current, check_mode) -> (changed, after, diff)``
      or ``(changed, after, diff, more)`` with ``more`` merged into the result (``collection.ctx`` has the options);
      ``after_write(after, desired)`` checks what the API stored.
    - ``order``: an ``Order`` where siblings have one; ``tracker``: a ``RequestTracker`` where writes are asynchronous.
    - ``results``: the list's key in an ``_info`` module's result (default: ``name`` + "s").
    - ``secret_fields``: fields a create's answer may carry that must never be shown (an integration's API key): they are
      taken out of the answer into ``Collection.secrets`` before anything else sees it.
    - ``finish(collection, before, after, module)``: runs after a ``present`` converge (also in check mode) and returns
      what to add to the result (where the API key goes, the default actions removed).
    - ``list_params``: query parameters of every list request, a dict or ``list_params(ctx)`` (actions of one direction).
    """

    name: str
    path: str
    title: str = ""
    plural: str = ""
    scope: Scope | None = None
    path_without_parent: str | None = None
    item: str | None = "/{}"
    item_query: str | None = None
    item_params: dict = dataclasses.field(default_factory=dict)
    summary_list: bool = False
    view: object = None
    uncreatable: object = None
    toggle: Toggle | None = None
    answer_id: object = None
    id_field: str = "id"
    id_option: str | None = None
    unknown_id: str | None = None
    key: str | None = "name"
    match: object = "exact"
    key_query: str | None = None
    key_may_be_id: bool = False
    candidates: object = None
    probe: object = None
    ambiguous_match: str | None = None
    ambiguous: str | None = "{option} {value!r} matches {count} {plural} by name; give the {title}'s id instead."
    page_size: int = 50
    paged: bool = True
    items_key: str | None = "values"
    list_params: dict = dataclasses.field(default_factory=dict)
    update: str = "PATCH"
    patch_keeps: tuple = ()
    writable: tuple = ()
    fields: tuple = ()
    build: object = None
    checks: tuple = ()
    settle: object = None
    new: object = None
    predicted: object = None
    requires: tuple = ()
    new_title: str | None = None
    after_write: object = None
    undeletable: object = None
    states: dict = dataclasses.field(default_factory=dict)
    order: Order | None = None
    tracker: object = None
    hidden_as_absent: bool = False
    results: str = ""
    secret_fields: tuple = ()
    finish: object = None

    def __post_init__(self):
        self.title = self.title or self.name
        self.plural = self.plural or self.title + "s"
        self.results = self.results or self.name + "s"
        self.equal = {field.api: field.compare for field in self.fields if field.compare}
        self.blank_fields = frozenset(field.api for field in self.fields if field.blank_is_absent)

    def run(self, module, client) -> tuple:
        """The ``run(module, client)`` of this family's state module (see run_state)."""
        return run_state(self, module, client)

    def info(self, module, client) -> tuple:
        """The ``run(module, client)`` of this family's ``_info`` module (see run_info)."""
        return run_info(self, module, client)

    @property
    def key_option(self) -> str | None:
        options = [field.option for field in self.fields if field.api == self.key and field.option]
        return options[0] if options else self.key

    def desired(self, params: dict, ctx) -> dict:
        """The API fields of the options the user set, each converted and checked, with the cross-field checks."""
        if self.build:
            wanted = self.build(params, ctx)
            for check in self.checks:
                check(wanted, ctx)
            return wanted
        return self.complete(self.checked(params, ctx), params, ctx)

    def checked(self, params: dict, ctx) -> dict:
        """First pass, without a request: the fields whose options need no name looked up, and the cross-field checks."""
        wanted = self._convert(params, ctx, asking=False)
        for check in self.checks:
            check(wanted, ctx)
        return wanted

    def complete(self, wanted: dict, params: dict, ctx) -> dict:
        """Second pass: the fields whose options name things the API must turn into ids."""
        return dict(wanted, **self._convert(params, ctx, asking=True))

    def _convert(self, params: dict, ctx, asking: bool) -> dict:
        wanted = {}
        for field in self.fields:
            value = params.get(field.option) if field.option else None
            if value is not None and getattr(field.convert, "asks_the_api", False) is asking:
                wanted[field.api] = field.convert(value, field.option, ctx) if field.convert else value
        return wanted


class Context:
    """What option conversion may need: the client, the run's name resolver, the parent's id, the module's options,
    the run's moment (``now``; None for the clock's) and whether it only predicts (``check_mode``)."""

    def __init__(self, client, resolver=None, parent=None, params=None, now=None, check_mode=False):
        self.check_mode = check_mode
        self.client = client
        self.resolver = resolver or getattr(client, "resolver", None) or Resolver(client)  # a run of many objects shares the client's
        self.parent = parent
        self.params = params or {}
        self.now = now


def by_name(items, value: str, field: str = "name") -> list:
    """The items whose ``field`` is ``value`` in any case, or the one spelled exactly so when there is one."""
    folded = [item for item in items if (item.get(field) or "").casefold() == value.casefold()]
    exact = [item for item in folded if item.get(field) == value]
    return exact if len(exact) == 1 else folded


class Collection:
    """A family's objects under one parent (or global), read and written through one client."""

    def __init__(self, family: Family, client, parent: str | None = None, wait_timeout: float = 60.0, ctx=None):
        self.family = family
        self.client = client
        self.parent = parent
        self.ctx = ctx or Context(client, parent=parent)  # the run's options and name resolver, for extra states
        self.wait_timeout = wait_timeout  # seconds an asynchronous write may take
        self.secrets = {}  # what a create answered in the family's secret_fields, never shown
        if parent is None and family.scope is not None and family.path_without_parent:
            self.base = family.path_without_parent
        else:
            self.base = client.path(family.path, parent) if family.scope is not None else family.path

    # -- reading -----------------------------------------------------------------------------

    def list(self, params=None, fresh: bool = False) -> list[dict]:
        """The objects, read page by page.  When the client keeps a run's lists (``client.list_cache``, one converge of
        many objects), each list is read once, without the key filter, which ``find`` and ``run_info`` apply themselves,
        until the run writes; ``fresh`` reads it again (waiting for the API to add objects)."""
        family = self.family
        fixed = family.list_params(self.ctx) if callable(family.list_params) else family.list_params
        query = dict(fixed, **(params or {}))
        cache = getattr(self.client, "list_cache", None)
        if cache is None:
            return self._read_list(query)
        key = self._cache_key(params or {})
        query.pop(family.key_query, None)
        if fresh or key not in cache:
            cache[key] = self._read_list(query)
        return list(cache[key])

    def through(self, client) -> Collection:
        """The same objects, read and written through another client (a pool worker's, on its own connection)."""
        return Collection(self.family, client, self.parent, wait_timeout=self.wait_timeout, ctx=self.ctx)

    def forget(self, ident: str) -> None:
        """Check mode in a run that keeps its lists: the cached lists without the object a delete would remove."""
        cache = getattr(self.client, "list_cache", None)
        for key, items in list((cache or {}).items()):
            if key[0] == self.base:
                cache[key] = [item for item in items if item.get(self.family.id_field) != ident]

    def remember(self, items: list) -> None:
        """Keep ``items`` as this collection's list in the run's cache, when the run keeps one: a list the run read another
        way (embedded in its parents' list) is then not read again."""
        cache = getattr(self.client, "list_cache", None)
        if cache is not None:
            cache[self._cache_key({})] = list(items)

    def _cache_key(self, params: dict) -> tuple:
        """The key of a list in the run's cache: the path and the filters, but the key filter (``find`` applies it)."""
        family = self.family
        query = dict(family.list_params(self.ctx) if callable(family.list_params) else family.list_params, **params)
        query.pop(family.key_query, None)
        return (self.base, tuple(sorted(query.items())))

    def _read_list(self, query: dict) -> list[dict]:
        family = self.family
        if family.paged:
            return self._viewed(list(self.client.paginate(self.base, query, page_size=family.page_size, items_key=family.items_key)))
        data = self.client.get(self.base, query or None, expect=dict if family.items_key else list)
        items = data.get(family.items_key) if family.items_key and isinstance(data, dict) else data
        if items is None and isinstance(data, dict):
            items = []  # an unpaged list the API leaves out when it is empty
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            where = "a '%s' list" % family.items_key if family.items_key else "a list"
            raise ResponseFormatError("GET %s did not answer with %s of %s." % (self.base, where, family.plural))
        return self._viewed(items)

    def get(self, ident: str) -> dict | None:
        """One object by id; None when it does not exist (404), or, for families read as hidden, when the account may not see it (403)."""
        if self.family.item is None and not self.family.item_query:  # no item to read: the list has it
            return next((item for item in self.list() if item.get(self.family.id_field) == ident), None)
        known = self._listed(ident)
        if known is not None:
            return known
        path, params = self._address(ident)

        def read():
            found = self.client.get(path, params, missing_ok=True)
            return self.family.view(found) if self.family.view and isinstance(found, dict) else found

        return unless_hidden(read, None) if self.family.hidden_as_absent else read()

    def find(self, probe: dict, option: str | None = None) -> dict | None:
        """The object the natural key of ``probe`` names (or that ``match`` accepts), or None."""
        family = self.family
        if callable(family.match):
            if not family.ambiguous_match:
                return next((item for item in self.list() if family.match(item, probe)), None)
            found = [item for item in self.list() if family.match(item, probe)]
            if len(found) > 1:
                raise ConfigurationError(family.ambiguous_match.format(count=len(found), plural=family.plural, title=family.title,
                                                                       ids=", ".join(str(item.get(family.id_field)) for item in found)))
            return found[0] if found else None
        value = probe.get(family.key)
        if value is None:
            return None
        if family.key_may_be_id and looks_like_uuid(value):
            found = self.get(value)
            if found is not None:
                return found
        items = self.list({family.key_query: value} if family.key_query else None)
        if family.candidates:
            items = [item for item in items if family.candidates(item)]
        exact = [item for item in items if item.get(family.key) == value]
        found = by_name(items, value, family.key) if family.match == "casefold" else exact
        if len(found) > 1 and family.ambiguous:
            raise ConfigurationError(family.ambiguous.format(option=option or family.key_option, value=value, count=len(found),
                                                             plural=family.plural, title=family.title,
                                                             ids=", ".join(str(item.get(family.id_field)) for item in found)))
        if len(found) > 1:  # a family whose API keeps names unique in practice: the first exact spelling, as the API lists them
            found = exact
        if found and family.summary_list:  # the list names the object; only its own endpoint has the rest
            return self.get(found[0][family.id_field])
        return found[0] if found else None

    # -- writing ------------------------------------------------------------------------------

    def create(self, desired: dict) -> dict:
        known = self._own_list()
        after = self._create(desired)
        self._keep_list(known, after)
        return after

    def update(self, current: dict, changes: dict) -> dict:
        known = self._own_list()
        after = self._update(current, changes)
        self._keep_list(known, after)
        return after

    def delete(self, current: dict) -> None:
        known = self._own_list()
        path, params = self._address(current[self.family.id_field])
        self.client.request("DELETE", path, params=params, missing_ok=True)  # already gone is as good as deleted
        self._keep_list(known, None, current.get(self.family.id_field))

    def _own_list(self):
        """In a run that keeps its lists, this collection's list before a write (the write drops it from the cache)."""
        cache = getattr(self.client, "list_cache", None)
        return None if not cache else cache.get(self._cache_key({}))

    def _keep_list(self, known, after, removed: str | None = None) -> None:
        """After a write, the list the run had, with the write applied, so that the next object is not read from the API
        whole again: the created object added, the changed one replaced, the deleted one taken out.  Not for siblings in
        an order, whose places the write may shift."""
        if known is None or self.family.order is not None:
            return
        ident = after.get(self.family.id_field) if isinstance(after, dict) else removed
        if ident is None:
            return
        items = [item for item in known if item.get(self.family.id_field) != ident]
        if isinstance(after, dict):
            at = next((number for number, item in enumerate(known) if item.get(self.family.id_field) == ident), len(items))
            items.insert(at, after)
        self.remember(items)

    def _create(self, desired: dict) -> dict:
        self._check_creatable(desired)
        toggle = self.family.toggle
        body = self._body({name: value for name, value in desired.items() if not (toggle and not toggle.in_create and name == toggle.field)})
        data = self.client.policy.write_once(lambda: self.client.request("POST", self.base, body=body, expect=dict).data, lambda: self.find(desired))
        if isinstance(data, dict) and self.family.secret_fields:
            data = dict(data)
            self.secrets.update((name, data.pop(name)) for name in self.family.secret_fields if name in data)
        after = self._reread(self._settled(data, "create the %s" % self.family.title), "POST")
        after = self.family.view(after) if self.family.view and isinstance(after, dict) else after
        if toggle and toggle.field in desired and isinstance(after, dict) and after.get(toggle.field) != desired[toggle.field]:
            after = self._switch(after, desired[toggle.field])
        return after

    def _update(self, current: dict, changes: dict) -> dict:
        toggle = self.family.toggle
        if toggle and toggle.field in changes:
            changes = dict(changes)
            value = changes.pop(toggle.field)
            after = self._update(current, changes) if changes else current
            return self._switch(after, value)
        path, params = self._address(current[self.family.id_field])
        if self.family.update == "PUT":
            body = self._body(dict(current, **changes))
        else:
            body = dict(changes)
            body.update((name, current[name]) for name in self.family.patch_keeps if name in current and name not in changes)
            if self.family.item_query:  # addressed by a query parameter: the body names the object too
                body[self.family.id_field] = current[self.family.id_field]
        try:
            data = self.client.request(self.family.update, path, params=params, body=body, expect=dict).data
        except UnreadableWriteError:
            # Processed, but the answer cannot be read: what the API holds now is the answer, when it can be read back.
            data = self.get(current[self.family.id_field])
            if data is None:
                raise
        after = self._reread(self._settled(data, "change the %s" % self.family.title), self.family.update, current[self.family.id_field])
        return self.family.view(after) if self.family.view and isinstance(after, dict) else after

    def predict(self, current: dict | None, changes: dict) -> dict:
        """The object a write would give, for check mode."""
        if current is None:
            self._check_creatable(changes)
            new = self.family.new(self) if callable(self.family.new) else self.family.new
            after = dict(new or {})
        else:
            after = dict(current)
        after.update(changes)
        for field in self.family.blank_fields:
            if field in after and not after[field]:
                del after[field]  # the API answers without it
        return self.family.predicted(after, current, self) if self.family.predicted else after

    def reorder(self, current: list[dict], desired_ids: list[str], check_mode: bool) -> list[dict]:
        """Put the siblings in ``desired_ids``' order with the fewest order calls; returns the moves (sent unless in check mode)."""
        # Imported here: only families with an order reorder, and every task pays for what it imports.
        from ansible_collections.jsm.ops.plugins.module_utils.core.order import apply_moves, plan_moves  # pylint: disable=import-outside-toplevel

        order = self.family.order
        ids = [item[self.family.id_field] for item in current]
        fixed = [item[self.family.id_field] for item in current if order.fixed(item)]
        moves = plan_moves(ids, desired_ids, order.style, fixed=fixed)
        wanted = set(desired_ids)
        if [ident for ident in apply_moves(ids, moves, order.style) if ident in wanted] != list(desired_ids):
            raise ConfigurationError("The order %s cannot be reached by moving single %s; nothing was moved." % (desired_ids, self.family.plural))
        if check_mode and moves:
            self._predict_order(apply_moves(ids, moves, order.style))
        for move in moves if not check_mode else ():
            path, params = self._address(move["id"])
            value = move["order"] if order.style == "index" else move["successorId"]
            # No successor puts the object last: the field is left out rather than sent as null, which the spec's string refuses.
            self.client.request(order.method, path + order.suffix, params=params, body={} if value is None else {order.field: value})
        return moves

    def _predict_order(self, ids: list) -> None:
        """Check mode in a run that keeps its lists: the list as the moves would leave it, so that the siblings placed
        after this one are compared with the order the run would make, not with the order before it."""
        cache = getattr(self.client, "list_cache", None)
        key = self._cache_key({})
        if not cache or key not in cache:
            return
        position = {ident: index for index, ident in enumerate(ids)}
        cache[key] = sorted(cache[key], key=lambda item: position.get(item.get(self.family.id_field), len(ids)))

    # -- helpers --------------------------------------------------------------------------------

    def _address(self, ident: str):
        if self.family.item_query:
            return self.base, {self.family.item_query: ident}
        return self.base + self.client.path(self.family.item, ident), dict(self.family.item_params) or None

    def _switch(self, current: dict, value: bool) -> dict:
        """Turn the toggle's field on or off through its own endpoint; the object as it is after."""
        toggle = self.family.toggle
        path, params = self._address(current[self.family.id_field])
        self.client.request(toggle.method, path + (toggle.on if value else toggle.off), params=params)
        return self.get(current[self.family.id_field]) or dict(current, **{toggle.field: value})

    def _listed(self, ident: str) -> dict | None:
        """The object with this id from a list the run has read, when the list shows objects whole (not ``summary_list``)."""
        cache = getattr(self.client, "list_cache", None)
        if not cache or self.family.summary_list:
            return None
        for (base, _query), items in list(cache.items()):
            if base == self.base:
                found = next((item for item in items if item.get(self.family.id_field) == ident), None)
                if found is not None:
                    return dict(found)
        return None

    def _viewed(self, items: list) -> list:
        return [self.family.view(item) for item in items] if self.family.view else items

    def _reread(self, data, method: str, known: str | None = None):
        """For a family whose writes answer with a note and the object's id (``answer_id``): the object as it is now."""
        if not self.family.answer_id or not isinstance(data, dict):
            return data
        ident = self.family.answer_id(data) or known
        found = self.get(ident) if ident else None
        if found is None:
            raise UnreadableWriteError("%s %s answered without the id of a %s that can be read back; the write may have been applied: check "
                                       "before running the task again." % (method, self.base, self.family.title))
        return found

    def _body(self, fields: dict) -> dict:
        names = self.family.writable or fields
        return {name: fields[name] for name in names if name in fields and not (name in self.family.blank_fields and not fields[name])}

    def _settled(self, data, action):
        """A write's answer; for an asynchronous family, with the report of the request once the API has processed it."""
        tracker = self.family.tracker
        if tracker is not None and isinstance(data, dict) and data.get("requestId"):
            parents = (self.parent,) if self.parent else ()
            report = tracker.wait(self.client, data["requestId"], action, self.wait_timeout, *parents, advice=TRACKER_LATE)
            data = dict(data, **report)
        return data

    def _check_creatable(self, desired: dict) -> None:
        refusal = self.family.uncreatable(desired) if self.family.uncreatable else None
        if refusal:
            raise ConfigurationError(refusal)
        missing = [option for option, field in self.family.requires if field not in desired]
        if missing:
            what = self.family.new_title or "%s %r" % (self.family.title, desired.get(self.family.key))
            raise ConfigurationError("%s %s required to create %s." % (" and ".join(missing), "is" if len(missing) == 1 else "are", what))


def check_order_bounds(position: int, family: Family) -> None:
    """The ``order`` option, before any request."""
    highest = family.order.highest
    if position < 0 or (highest is not None and position > highest):
        raise ConfigurationError("order must be from 0 (the first) to %s; got %d." % (highest if highest is not None else "the last position", position))


def _refuse_position(position: int, allowed: list, family: Family, count: int, fixed: int):
    if position not in allowed:
        raise ConfigurationError("order %d is not a position this %s can take among the %d %s: use %d to %d%s."
                                 % (position, family.title, count, family.plural, allowed[0], allowed[-1],
                                    " (%d of them cannot move)" % fixed if fixed else ""))


def check_new_position(collection: Collection, position: int) -> None:
    """Before a create: the new object can take any position before the siblings that keep their place (at the end)."""
    family = collection.family
    siblings = collection.list()
    movable = [item for item in siblings if not family.order.fixed(item)]
    _refuse_position(position, list(range(len(movable) + 1)), family, len(siblings) + 1, len(siblings) - len(movable))


def check_position(collection: Collection, current: dict, position: int) -> list:
    """Before an update: ``position`` is one ``current`` can take; the siblings as listed."""
    family = collection.family
    siblings = collection.list()
    ids = [item[family.id_field] for item in siblings]
    ident = current[family.id_field]
    others = [item for item in ids if item != ident]
    fixed = {item[family.id_field] for item in siblings if family.order.fixed(item)}
    allowed = [at for at in range(len(others) + 1)
               if all((others[:at] + [ident] + others[at:]).index(item) == ids.index(item) for item in fixed)]
    _refuse_position(position, allowed, family, len(ids), len(fixed))
    return siblings


def place(collection: Collection, obj: dict, position: int, check_mode: bool, siblings=None) -> tuple:
    """Move ``obj`` to ``position`` among its ``siblings`` (listed when not given) with at most one order call; (moved, object after)."""
    family = collection.family
    siblings = collection.list() if siblings is None else siblings
    ids = [item[family.id_field] for item in siblings]
    ident = obj.get(family.id_field)
    if ident not in ids:  # check mode: an object not created yet takes its place when created
        return False, obj
    if ids.index(ident) == position:
        return False, obj
    others = [item for item in ids if item != ident]
    collection.reorder(siblings, others[:position] + [ident] + others[position:], check_mode)
    return True, dict(obj, **{family.order.field: position}) if family.order.style == "index" else obj


def converge(collection: Collection, current: dict | None, desired: dict, state: str, check_mode: bool):
    """Return (changed, object after, diff) for state present or absent: only the fields the user set count."""
    if state == "absent":
        if current is None:
            return False, None, make_diff(None, None)
        refusal = collection.family.undeletable(current) if collection.family.undeletable else None
        if refusal:
            raise ConfigurationError(refusal)
        if not check_mode:
            collection.delete(current)
        return True, None, make_diff(current, None)
    if current is None:
        after = collection.predict(None, desired) if check_mode else collection.create(desired)
        return True, after, make_diff(None, after)
    changes = changed_fields(current, desired, collection.family.equal)
    if not changes:
        return False, current, make_diff(current, current, keys=[])
    after = collection.predict(current, changes) if check_mode else collection.update(current, changes)
    return True, after, make_diff(current, after, keys=sorted(changes))


def locate(collection: Collection, params: dict, probe: dict) -> dict | None:
    """The object the task names: by its id option when given (an unknown id is an error for state present), else by its key."""
    family = collection.family
    if family.id_option and params.get(family.id_option):
        found = collection.get(params[family.id_option])
        if found is None and params.get("state") == "present":
            parent = params.get(family.scope.option) if family.scope else None
            raise ConfigurationError(family.unknown_id.format(value=params[family.id_option], parent=parent))
        return found
    return collection.find(probe)


def _parent(family: Family, ctx: Context, result: dict) -> bool:
    """Resolve the family's parent into ``ctx.parent`` (and the result); False when a named parent is not there."""
    scope = family.scope
    if scope is None:
        return True
    value = ctx.params.get(scope.option)
    if family.path_without_parent and not value:
        value = None  # no parent (or ""): the family's objects outside any parent, such as global maintenance windows
    ctx.parent = scope.resolve(ctx, value) if value is not None else None
    result[scope.result_key] = ctx.parent
    return not (ctx.parent is None and value is not None)


def _predict_without_parent(family: Family, client, ctx: Context, params: dict) -> dict:
    """Check mode, the parent not created yet: the object a create would give, checked as a create is, with no request
    (what names must become ids is looked up when the task runs for real)."""
    position = params.get("order") if family.order else None
    if position is not None:
        check_order_bounds(position, family)
    wanted = family.checked(params, ctx)
    if family.settle:
        wanted = family.settle(wanted, None, ctx)
    return Collection(family, client, "(not created yet)", ctx=ctx).predict(None, wanted)


def run_state(family: Family, module, client, report: dict | None = None) -> tuple:
    """The whole ``run()`` of a state module: resolve the parent, find the object, converge it, return (changed, result, diff).
    ``report``, when given, gets ``found``: whether the object existed before (a converge of many objects tells creates apart)."""
    params = module.params
    state = params["state"]
    ctx = Context(client, params=params, check_mode=module.check_mode)
    result = {family.name: None}
    if not _parent(family, ctx, result):
        if state == "absent":
            return False, result, unchanged()
        if module.check_mode and family.scope.check_mode_missing and state == "present":
            module.warn(family.scope.check_mode_missing % params[family.scope.option])
            result[family.name] = _predict_without_parent(family, client, ctx, params)
            return True, result, make_diff(None, result[family.name])
        raise ConfigurationError(family.scope.missing % params[family.scope.option])
    collection = Collection(family, client, ctx.parent, wait_timeout=params.get("wait_timeout") or 60.0, ctx=ctx)
    content_keyed = callable(family.match)  # found by what it is (overrides): the whole wish first
    wanted = {}
    position = params.get("order") if family.order and state == "present" else None
    if position is not None:
        check_order_bounds(position, family)
    if state == "present":
        # What needs no request is checked before the object is looked up; names become ids after.
        wanted = family.desired(params, ctx) if content_keyed else {} if family.build else family.checked(params, ctx)
    elif state in family.states:
        for check in family.checks:  # the cross-option checks of an extra state, before any request
            check({}, ctx)
    if content_keyed and state != "present" and family.probe:
        probe = family.probe(params, ctx)  # found by what it is, without the rest of the wish
    else:
        probe = dict(wanted) if content_keyed else {family.key: params.get(family.key_option)}
    current = locate(collection, params, probe)
    if report is not None:
        report["found"] = current is not None
    if state == "present" and not content_keyed:
        wanted = family.desired(params, ctx) if family.build else family.complete(wanted, params, ctx)
    if state in family.states:
        changed, after, diff, *extra = family.states[state](collection, current, module.check_mode)
        result.update(*extra)  # what else the state reports (a request's id, what it removed)
    else:
        if family.settle and state == "present":
            wanted = family.settle(wanted, current, ctx)
        siblings = None
        if position is not None and current is None:
            check_new_position(collection, position)  # before anything is written
            if family.order.on_create:
                wanted = dict(wanted, **{family.order.field: position})  # created in its place: no order call
        elif position is not None:
            siblings = check_position(collection, current, position)  # before anything is written
        changed, after, diff = converge(collection, current, wanted, state, module.check_mode)
        if changed and not module.check_mode and family.after_write:
            family.after_write(after, wanted)
        if family.finish and state == "present":
            result.update(family.finish(collection, current, after, module))
        if position is not None and after is not None:
            moved, after = place(collection, after, position, module.check_mode, siblings)
            if moved:
                changed = True
                keys = None if current is None else sorted(set(diff["before"]) | set(diff["after"]) | {family.order.field})
                diff = make_diff(current, after, keys=keys)
    result[family.name] = after
    return changed, result, diff


def run_info(family: Family, module, client) -> tuple:
    """The whole ``run()`` of an ``_info`` module: the objects under the parent, by id (``id_option``, or ``id``),
    by key (its option), or all of them.  Never changed; what does not exist or is hidden (403) reads as nothing."""
    params = module.params
    ctx = Context(client, params=params, check_mode=module.check_mode)
    result = {family.results: []}
    if not _parent(family, ctx, result):
        return False, result, None
    collection = Collection(family, client, ctx.parent, ctx=ctx)
    ident, key = params.get(family.id_option or "id"), params.get(family.key_option) if family.key else None
    if ident and family.id_option:
        found = unless_hidden(lambda: collection.get(ident), None)
        items = [] if found is None else [found]
    else:
        items = unless_hidden(lambda: collection.list({family.key_query: key} if key and family.key_query else None), [])
    if ident and not family.id_option:
        items = [item for item in items if item.get(family.id_field) == ident]
    if key:
        fold = str.casefold if family.match == "casefold" else str
        items = [item for item in items if fold(item.get(family.key) or "") == fold(key)]
    if family.summary_list and not (ident and family.id_option):  # the list names them; each one's own endpoint has the rest
        items = [found for found in (unless_hidden(lambda item=item: collection.get(item[family.id_field]), None) for item in items)
                 if found is not None]
    result[family.results] = items
    return False, result, None
