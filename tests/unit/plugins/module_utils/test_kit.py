# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource kit on its own: one declared family of "widgets" of a team against an in-memory API.

Every state module runs ``converge`` and ``run_state``; these tests pin what they promise whatever the family:
check mode writes nothing and predicts, an unchanged object costs no write, PATCH sends only what differs and
PUT the merged whole, a delete of something already gone is no failure, a lost create is found instead of sent
twice, and only "not found" (and, for families read as hidden, "forbidden") reads as absent.
"""

from __future__ import annotations

import types

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient, Response
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import (
    ApiError,
    ConfigurationError,
    PermissionDeniedError,
    TransportError,
    error_for_status,
    unless_hidden,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import (
    Collection,
    Context,
    Family,
    Field,
    Instant,
    Order,
    Scope,
    Toggle,
    asks_the_api,
    at_least,
    by_name,
    converge,
    end_after_start,
    run_info,
    run_state,
    same_items,
    unchanged,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.policy import RequestTracker, RetryPolicy
from ansible_collections.jsm.ops.plugins.module_utils.families.heartbeats import HEARTBEATS
from ansible_collections.jsm.ops.plugins.module_utils.families.maintenances import MAINTENANCES
from ansible_collections.jsm.ops.plugins.module_utils.families.overrides import OVERRIDES
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import ROTATIONS
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import SCHEDULES

TEAM = "team-1"


class FakeApi:
    """Just enough of an API for one family: objects by id under /v1/teams/{team}/widgets, a request log, and faults."""

    def __init__(self, objects=(), retries=2):
        self.objects = {item["id"]: dict(item) for item in objects}
        self.log = []
        self.sleeps = []
        self.lose_next_create = False
        self.fail_reads_with = None
        self.next_id = 1
        self.config = types.SimpleNamespace(timeout=5, retries=retries)
        self.policy = RetryPolicy(retries, sleep=self.sleeps.append, clock=lambda: sum(self.sleeps))
        self.requests = {}

    path = staticmethod(JsmOpsClient.path)

    def writes(self):
        return [(method, path) for method, path, _params, _body in self.log if method != "GET"]

    def paginate(self, path, params=None, page_size=50, items_key="values"):  # pylint: disable=unused-argument
        self.log.append(("GET", path, dict(params or {}), None))
        if self.fail_reads_with:
            raise error_for_status(self.fail_reads_with, "GET", path, ())
        yield from (dict(item) for item in self.objects.values())

    def get(self, path, params=None, missing_ok=False, expect=dict):  # pylint: disable=unused-argument
        response = self.request("GET", path, params=params, missing_ok=missing_ok)
        return None if response is None else response.data

    def request(self, method, path, params=None, body=None, missing_ok=False, expect=None):  # pylint: disable=unused-argument
        self.log.append((method, path, dict(params or {}), body))
        base = "/v1/teams/%s/widgets" % TEAM
        ident = (params or {}).get("name") or (path[len(base) + 1:].split("/")[0] if path.startswith(base + "/") else None)
        if method == "GET" and path.startswith("/v1/requests/"):
            return Response(200, self.requests.get(path.rsplit("/", 1)[1]), {})
        if method == "GET" and self.fail_reads_with:
            raise error_for_status(self.fail_reads_with, method, path, ())
        if method == "POST" and path.endswith("/change-order"):
            return Response(204, None, {})
        if method == "POST":
            item = dict(body, id="w-%d" % self.next_id)
            self.next_id += 1
            self.objects[item["id"]] = item
            if self.lose_next_create:
                self.lose_next_create = False
                raise TransportError("POST %s: the connection was closed before an answer arrived." % path)
            return Response(201, dict(item), {})
        found = next((item for item in self.objects.values() if ident in (item["id"], item.get("name"))), None)
        if found is None:
            if missing_ok:
                return None if method == "GET" else Response(404, None, {})
            raise error_for_status(404, method, path, ())
        if method == "GET":
            return Response(200, dict(found), {})
        if method == "DELETE":
            del self.objects[found["id"]]
            return Response(204, None, {})
        if method == "PUT":
            self.objects[found["id"]] = dict(body, id=found["id"])
        else:
            found.update(body)
        return Response(200, dict(self.objects[found["id"]]), {})


WIDGETS = Family(
    "widget", "/v1/teams/{}/widgets",
    scope=Scope("team", "team_id", lambda ctx, value: TEAM if value in (TEAM, "Platform") else None,
                missing="team %r is not a team the account can see."),
    id_option="id", unknown_id="id {value} is not a widget the account can see.", match="casefold",
    fields=[
        Field("name"),
        Field("size", convert=at_least(1)),
        Field("tags", compare=same_items),
        Field("note", blank_is_absent=True),
        Instant("startDate"),
        Instant("endDate"),
    ],
    checks=[end_after_start],
    requires=[("size", "size")],
    new={"colour": "grey"},
)


def params(**values):
    base = {"team": TEAM, "id": None, "name": "Gear", "state": "present", "size": None, "tags": None, "note": None,
            "start_date": None, "end_date": None}
    base.update(values)
    return base


def module(check_mode=False, **values):
    return types.SimpleNamespace(params=params(**values), check_mode=check_mode)


# -- converge ---------------------------------------------------------------------------------------

def test_create_in_check_mode_predicts_and_writes_nothing():
    api = FakeApi()
    changed, result, diff = run_state(WIDGETS, module(check_mode=True, size=2, tags=["a"], note=""), api)
    assert changed is True and api.writes() == []
    assert result == {"widget": {"colour": "grey", "name": "Gear", "size": 2, "tags": ["a"]}, "team_id": TEAM}
    assert diff == {"before": {}, "after": result["widget"]}


def test_create_sends_what_the_user_set_and_no_blank_field():
    api = FakeApi()
    changed, result, _diff = run_state(WIDGETS, module(size=2, note="", start_date="2026-03-01T10:00:00+01:00"), api)
    assert changed is True and api.writes() == [("POST", "/v1/teams/team-1/widgets")]
    assert api.log[-1][3] == {"name": "Gear", "size": 2, "startDate": "2026-03-01T09:00:00Z"}
    assert result["widget"]["id"] == "w-1"


def test_the_same_wish_again_is_no_change_and_no_write():
    api = FakeApi([{"id": "w-1", "name": "Gear", "size": 2, "tags": ["b", "a"], "startDate": "2026-03-01T09:00:00.000Z"}])
    wish = dict(size=2, tags=["a", "b"], note="", start_date="2026-03-01T10:00:00+01:00")
    assert run_state(WIDGETS, module(**wish), api) == (False, {"widget": api.objects["w-1"], "team_id": TEAM}, {"before": {}, "after": {}})
    assert api.writes() == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_patch_sends_only_what_differs(check_mode):
    api = FakeApi([{"id": "w-1", "name": "Gear", "size": 2, "tags": ["a"], "colour": "red"}])
    changed, result, diff = run_state(WIDGETS, module(check_mode=check_mode, size=3, tags=["a"]), api)
    assert changed is True and result["widget"]["size"] == 3 and result["widget"]["colour"] == "red"
    assert diff == {"before": {"size": 2}, "after": {"size": 3}}
    assert api.writes() == ([] if check_mode else [("PATCH", "/v1/teams/team-1/widgets/w-1")])
    if not check_mode:
        assert api.log[-1][3] == {"size": 3}


def test_put_sends_the_whole_merged_object_of_writable_fields():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, update="PUT", writable=["name", "size", "note"],
                    fields=[Field("name"), Field("size"), Field("note", blank_is_absent=True)])
    api = FakeApi([{"id": "w-1", "name": "Gear", "size": 2, "note": "", "colour": "red"}])
    assert run_state(family, module(size=5), api)[0] is True
    assert api.log[-1][:2] == ("PUT", "/v1/teams/team-1/widgets/w-1") and api.log[-1][3] == {"name": "Gear", "size": 5}


@pytest.mark.parametrize("check_mode", [False, True])
def test_delete_then_delete_again_is_unchanged(check_mode):
    api = FakeApi([{"id": "w-1", "name": "Gear"}])
    changed, result, diff = run_state(WIDGETS, module(check_mode=check_mode, state="absent"), api)
    assert (changed, result["widget"], diff) == (True, None, {"before": {"id": "w-1", "name": "Gear"}, "after": {}})
    assert ("w-1" in api.objects) is check_mode
    if not check_mode:
        assert run_state(WIDGETS, module(state="absent"), api) == (False, {"widget": None, "team_id": TEAM}, {"before": {}, "after": {}})
        assert api.writes() == [("DELETE", "/v1/teams/team-1/widgets/w-1")]


def test_an_object_deleted_by_someone_else_meanwhile_is_absent_not_a_failure():
    api = FakeApi()
    collection = Collection(WIDGETS, api, TEAM)
    assert converge(collection, {"id": "w-9", "name": "Gear"}, {}, "absent", False)[0] is True  # the DELETE answered 404
    assert api.writes() == [("DELETE", "/v1/teams/team-1/widgets/w-9")]


def test_a_lost_create_is_found_by_its_key_not_sent_twice():
    api = FakeApi()
    api.lose_next_create = True
    changed, result, _diff = run_state(WIDGETS, module(size=2), api)
    assert changed is True and result["widget"]["id"] == "w-1"
    assert len(api.objects) == 1 and api.writes() == [("POST", "/v1/teams/team-1/widgets")]
    assert len(api.sleeps) == 1  # the policy paused before looking


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_create_without_a_required_option_names_it_and_writes_nothing(check_mode):
    api = FakeApi()
    with pytest.raises(ConfigurationError, match=r"^size is required to create widget 'Gear'\.$"):
        run_state(WIDGETS, module(check_mode=check_mode, tags=["a"]), api)
    assert api.writes() == []


def test_bad_options_fail_before_any_request():
    api = FakeApi()
    with pytest.raises(ConfigurationError, match=r"^size must be 1 or more; got 0\.$"):
        run_state(WIDGETS, module(size=0), api)
    with pytest.raises(ConfigurationError, match=r"^end_date must be after start_date\.$"):
        run_state(WIDGETS, module(start_date="2026-03-02T00:00:00Z", end_date="2026-03-01T00:00:00Z"), api)
    assert api.log == []


def test_unknown_parent_is_nothing_to_delete_but_an_error_to_create():
    api = FakeApi()
    assert run_state(WIDGETS, module(team="Nope", state="absent"), api) == (False, {"widget": None, "team_id": None}, {"before": {}, "after": {}})
    with pytest.raises(ConfigurationError, match=r"^team 'Nope' is not a team the account can see\.$"):
        run_state(WIDGETS, module(team="Nope", size=1), api)
    assert api.log == []


def test_unknown_id_is_an_error_for_present_and_nothing_for_absent():
    api = FakeApi()
    with pytest.raises(ConfigurationError, match=r"^id w-7 is not a widget the account can see\.$"):
        run_state(WIDGETS, module(id="w-7", size=1), api)
    assert run_state(WIDGETS, module(id="w-7", state="absent"), api)[0] is False


def test_natural_key_prefers_the_exact_spelling_and_refuses_ambiguity():
    items = [{"id": "1", "name": "Ops"}, {"id": "2", "name": "OPS"}, {"id": "3", "name": "Dev"}]
    assert [item["id"] for item in by_name(items, "OPS")] == ["2"]
    assert [item["id"] for item in by_name(items, "ops")] == ["1", "2"]
    assert by_name(items, "dev")[0]["id"] == "3"
    api = FakeApi(items)
    with pytest.raises(ConfigurationError, match=r"^name 'ops' matches 2 widgets by name; give the widget's id instead\.$"):
        Collection(WIDGETS, api, TEAM).find({"name": "ops"})


def test_an_unset_option_never_counts_as_a_wish():
    assert WIDGETS.desired(params(size=2), None) == {"name": "Gear", "size": 2}


def test_items_addressed_by_a_query_parameter_carry_their_key_in_the_body():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, id_field="name", item_query="name",
                    fields=[Field("name"), Field("size")])
    api = FakeApi([{"id": "w-1", "name": "Gear", "size": 1}])
    run_state(family, module(size=4), api)
    assert api.log[-1] == ("PATCH", "/v1/teams/team-1/widgets", {"name": "Gear"}, {"size": 4, "name": "Gear"})


# -- _info modules --------------------------------------------------------------------------------

def info(api, **values):
    return run_info(WIDGETS, types.SimpleNamespace(params=dict({"team": TEAM, "id": None, "name": None}, **values), check_mode=False), api)


def test_info_lists_finds_by_key_or_id_and_never_changes():
    api = FakeApi([{"id": "w-1", "name": "Gear"}, {"id": "w-2", "name": "GEAR"}, {"id": "w-3", "name": "Cog"}])
    assert info(api) == (False, {"widgets": list(api.objects.values()), "team_id": TEAM}, None)
    assert [item["id"] for item in info(api, name="gear")[1]["widgets"]] == ["w-1", "w-2"]  # a filter, not a choice
    assert info(api, id="w-3")[1]["widgets"] == [{"id": "w-3", "name": "Cog"}]
    assert info(api, id="w-9")[1]["widgets"] == []
    assert info(api, team="Nope") == (False, {"widgets": [], "team_id": None}, None)
    assert api.writes() == []


def test_info_reads_hidden_objects_as_nothing():
    api = FakeApi([{"id": "w-1", "name": "Gear"}])
    api.fail_reads_with = 403
    assert info(api, id="w-1")[1]["widgets"] == [] and info(api)[1]["widgets"] == []
    api.fail_reads_with = 401
    with pytest.raises(ApiError):
        info(api, id="w-1")


def test_a_parent_without_its_own_message_still_fails_in_one_line():
    family = Family("widget", "/v1/teams/{}/widgets", scope=Scope("team", "team_id", lambda ctx, value: None), fields=[Field("name")])
    with pytest.raises(ConfigurationError, match=r"^team 'Nope' is not one the account can see; check the name or create it first\.$"):
        run_state(family, module(team="Nope"), FakeApi())


# -- what reads as absent -------------------------------------------------------------------------

STATUSES = [400, 401, 402, 403, 404, 409, 422, 429, 500, 503]


@pytest.mark.parametrize("status", STATUSES)
def test_only_forbidden_reads_as_hidden(status):
    """``unless_hidden`` turns 403 (and nothing else) into "nothing there"; widening it would hide real failures."""
    def read():
        raise error_for_status(status, "GET", "/v1/x", ())
    if status == 403:
        assert unless_hidden(read, "absent") == "absent"
    else:
        with pytest.raises(ApiError):
            unless_hidden(read, "absent")


@pytest.mark.parametrize("hidden_as_absent", [False, True])
@pytest.mark.parametrize("status", STATUSES)
def test_a_get_is_absent_on_404_and_on_403_only_for_families_read_as_hidden(status, hidden_as_absent):
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, hidden_as_absent=hidden_as_absent)
    api = FakeApi()
    if status != 404:
        api.fail_reads_with = status
    collection = Collection(family, api, TEAM)
    if status == 404 or (status == 403 and hidden_as_absent):
        assert collection.get("w-1") is None
    else:
        with pytest.raises(ApiError) as info:
            collection.get("w-1")
        assert info.value.status == status
        assert isinstance(info.value, PermissionDeniedError) == (status == 403)


# -- order and asynchronous writes ----------------------------------------------------------------

def test_reorder_sends_only_the_moves_needed():
    family = Family("rule", "/v1/teams/{}/widgets", scope=WIDGETS.scope,
                    order=Order("index", "/change-order", "order", method="POST", fixed=lambda item: item.get("isDefault")))
    api = FakeApi()
    current = [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d", "isDefault": True}]
    collection = Collection(family, api, TEAM)
    assert collection.reorder(current, ["c", "a", "b"], check_mode=True) == [{"id": "c", "order": 0}] and api.log == []
    collection.reorder(current, ["c", "a", "b"], check_mode=False)
    assert api.log == [("POST", "/v1/teams/team-1/widgets/c/change-order", {}, {"order": 0})]
    assert collection.reorder(current, ["a", "b", "c"], check_mode=False) == []
    with pytest.raises(ConfigurationError):
        collection.reorder(current, ["d", "a"], check_mode=True)  # the default rule cannot move


def test_a_run_that_keeps_its_lists_reads_each_list_once():
    api = FakeApi([{"id": "w-a", "name": "Gear", "size": 2}, {"id": "w-b", "name": "Cog", "size": 3}])
    api.list_cache = {}
    for name in ("Gear", "Cog", "Gear"):
        changed, _result, _diff = run_state(WIDGETS, module(name=name), api)
        assert changed is False
    assert [entry for entry in api.log if entry[0] == "GET"] == [("GET", "/v1/teams/team-1/widgets", {}, None)]
    assert Collection(WIDGETS, api, TEAM).get("w-b") == {"id": "w-b", "name": "Cog", "size": 3}  # from the list read
    assert len(api.log) == 1
    assert Collection(WIDGETS, api, TEAM).list(fresh=True) and len(api.log) == 2  # asked afresh, read again


def test_a_check_mode_move_is_seen_by_the_siblings_placed_after_it():
    family = Family("rule", "/v1/teams/{}/widgets", scope=WIDGETS.scope, order=Order("index", "/change-order", "order", method="POST"))
    api = FakeApi([{"id": "a"}, {"id": "b"}, {"id": "c"}])
    api.list_cache = {}
    collection = Collection(family, api, TEAM)
    current = collection.list()
    assert collection.reorder(current, ["c", "a", "b"], check_mode=True) == [{"id": "c", "order": 0}]
    assert [item["id"] for item in collection.list()] == ["c", "a", "b"]  # the prediction, not the list as read
    assert collection.reorder(collection.list(), ["c", "a", "b"], check_mode=True) == []
    assert api.writes() == []


def test_asynchronous_writes_are_polled_to_their_end():
    tracker = RequestTracker("/v1/requests/{}", lambda report: report.get("state"), lambda report: report.get("why"))
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, tracker=tracker, fields=[Field("name")])
    api = FakeApi()
    original = api.request
    outcomes = [{"state": "done", "processed": True}, {"state": "failed", "why": "no room"}]

    def accepted(method, path, params=None, body=None, missing_ok=False, expect=None):  # pylint: disable=unused-argument
        response = original(method, path, params, body, missing_ok)
        if method == "POST":
            api.requests["r-%d" % len(api.requests)] = outcomes[len(api.requests)]
            return Response(202, {"requestId": "r-%d" % (len(api.requests) - 1)}, {})
        return response

    api.request = accepted
    after = Collection(family, api, TEAM).create({"name": "Gear"})
    assert after == {"requestId": "r-0", "state": "done", "processed": True}
    assert [entry[1] for entry in api.log] == ["/v1/teams/team-1/widgets", "/v1/requests/r-0"]
    with pytest.raises(ApiError, match=r"could not create the widget \(request r-1\): no room"):
        Collection(family, api, TEAM).create({"name": "Gear"})


def test_a_late_asynchronous_create_is_not_sent_again():
    """Polling happens after the create was sent once: a request the API has not processed in time is reported, not repeated."""
    tracker = RequestTracker("/v1/requests/{}", lambda report: None, lambda report: None)
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, tracker=tracker, fields=[Field("name")])
    api = FakeApi()
    original = api.request

    def accepted(method, path, params=None, body=None, missing_ok=False, expect=None):  # pylint: disable=unused-argument
        response = original(method, path, params, body, missing_ok)
        return Response(202, {"requestId": "r-0"}, {}) if method == "POST" else response

    api.request = accepted
    with pytest.raises(TransportError, match=r"had not processed the request to create the widget \(request r-0\) after 2 s"):
        Collection(family, api, TEAM, wait_timeout=2).create({"name": "Gear"})
    assert api.writes() == [("POST", "/v1/teams/team-1/widgets")]


# -- the order of work, and the hooks a family can declare -----------------------------------------

def test_names_are_looked_up_after_the_object_and_after_every_check_that_needs_no_request():
    looked_up = []

    @asks_the_api
    def owner(value, option, ctx):
        looked_up.append(len(ctx.client.log))  # how many requests came before
        return "id-of-" + value

    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("owner", convert=owner),
                    Instant("startDate"), Instant("endDate")], checks=[end_after_start])
    api = FakeApi()
    with pytest.raises(ConfigurationError, match="end_date must be after start_date"):
        run_state(family, module(owner="dana", start_date="2026-03-02T00:00:00Z", end_date="2026-03-01T00:00:00Z"), api)
    assert looked_up == [] and api.log == []
    run_state(family, module(owner="dana"), api)
    assert looked_up == [1]  # after the list that looked for the object
    assert api.log[-1][3] == {"name": "Gear", "owner": "id-of-dana"}


@pytest.mark.parametrize("state", ["present", "absent"])
def test_a_forbidden_lookup_of_the_object_is_a_failure_not_an_absence(state):
    api = FakeApi([{"id": "w-1", "name": "Gear"}])
    api.fail_reads_with = 403
    with pytest.raises(PermissionDeniedError):
        run_state(WIDGETS, module(state=state, size=1), api)
    with pytest.raises(PermissionDeniedError):
        run_state(WIDGETS, module(state=state, id="w-1", size=1), api)
    assert api.writes() == []


def test_only_schedules_read_a_forbidden_object_as_absent():
    """Which families treat a 403 on a read by id as "not there" (a schedule of another team); widening it hides failures."""
    families = {"schedule": SCHEDULES, "rotation": ROTATIONS, "override": OVERRIDES, "heartbeat": HEARTBEATS, "maintenance": MAINTENANCES}
    assert {name for name, family in families.items() if family.hidden_as_absent} == {"schedule"}


def test_after_write_sees_what_the_api_stored_and_can_refuse_it():
    seen = []

    def after_write(after, wanted):
        seen.append((after["size"], wanted["size"]))
        raise ConfigurationError("stored something else")

    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("size")], after_write=after_write)
    with pytest.raises(ConfigurationError, match="stored something else"):
        run_state(family, module(size=2), FakeApi())
    assert seen == [(2, 2)]
    assert run_state(family, module(check_mode=True, size=2), FakeApi())[0] is True  # not in check mode: nothing was written


def test_settle_adjusts_the_wish_to_the_object_found():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("size")],
                    settle=lambda wanted, current, ctx: {key: value for key, value in wanted.items() if current is None or key != "size"})
    api = FakeApi([{"id": "w-1", "name": "Gear", "size": 1}])
    assert run_state(family, module(size=9), api)[0] is False and api.writes() == []


def test_extra_states_get_the_object_found():
    calls = []
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name")],
                    states={"cancelled": lambda collection, current, check_mode: calls.append((current, check_mode)) or (True, None, {})})
    api = FakeApi([{"id": "w-1", "name": "Gear"}])
    assert run_state(family, module(state="cancelled"), api) == (True, {"widget": None, "team_id": TEAM}, {})
    assert calls == [({"id": "w-1", "name": "Gear"}, False)]


def test_candidates_limit_what_a_key_may_match():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, candidates=lambda item: item.get("open"))
    api = FakeApi([{"id": "w-1", "name": "Gear"}, {"id": "w-2", "name": "Gear", "open": True}])
    assert Collection(family, api, TEAM).find({"name": "Gear"})["id"] == "w-2"


def test_an_id_shaped_key_is_tried_as_an_id_first():
    ident = "0f9b4a52-3c2e-4d6a-9d1e-5b7c8a9e0f12"
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, key_may_be_id=True)
    api = FakeApi([{"id": ident, "name": "Gear"}])
    assert Collection(family, api, TEAM).find({"name": ident})["name"] == "Gear"
    assert api.log[0][:2] == ("GET", "/v1/teams/team-1/widgets/" + ident)


def test_without_ambiguous_the_first_exact_spelling_wins():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, match="casefold", ambiguous=None)
    api = FakeApi([{"id": "w-1", "name": "Gear"}, {"id": "w-2", "name": "Gear"}, {"id": "w-3", "name": "COG"}, {"id": "w-4", "name": "cog"}])
    collection = Collection(family, api, TEAM)
    assert collection.find({"name": "Gear"})["id"] == "w-1"
    assert collection.find({"name": "Cog"}) is None  # two in other cases and none spelled so: no guess


@pytest.mark.parametrize("team", [None, ""])
def test_an_optional_parent_left_out_or_blank_means_the_global_list(team):
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, path_without_parent="/v1/widgets", fields=[Field("name")])
    api = FakeApi()
    changed, result, _diff = run_state(family, module(team=team, check_mode=True), api)
    assert changed is True and result["team_id"] is None and api.log[0][1] == "/v1/widgets"


def test_unknown_id_messages_name_only_the_id_and_the_parent():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, id_option="id", unknown_id="{value} {parent}")
    with pytest.raises(ConfigurationError, match=r"^w-7 team-1$"):
        run_state(family, module(id="w-7"), FakeApi())


# -- order, objects the API keeps, unpaged lists, extra states -----------------------------------------

class OrderedApi(FakeApi):
    """Widgets in a list whose order the API keeps: a create takes ``order`` (never past the default widget, which
    stays last), and ``PATCH .../{id}/change-order {"order": n}`` moves one."""

    def paginate(self, path, params=None, page_size=50, items_key="values"):
        self.log.append(("GET", path, dict(params or {}), None))
        yield from (dict(item, order=index) for index, item in enumerate(self.objects.values()))

    def request(self, method, path, params=None, body=None, missing_ok=False, expect=None):
        if method == "PATCH" and path.endswith("/change-order"):
            self.log.append((method, path, {}, body))
            ident = path.rsplit("/", 2)[1]
            items = [item for item in self.objects.values() if item["id"] != ident]
            items.insert(body["order"], self.objects[ident])
            self.objects = {item["id"]: item for item in items}
            return Response(204, None, {})
        response = super().request(method, path, params, body, missing_ok, expect)
        if method == "POST":
            created = response.data
            items = [item for item in self.objects.values() if item["id"] != created["id"]]
            last = len(items) - 1 if items and items[-1].get("isDefault") else len(items)
            items.insert(min(body.get("order", last), last), self.objects[created["id"]])
            self.objects = {item["id"]: item for item in items}
        return response


RULES = Family(
    "widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("size")],
    order=Order("index", "/change-order", "order", fixed=lambda item: bool(item.get("isDefault")), on_create=True, highest=100),
    undeletable=lambda item: "%s is the default widget, which stays." % item["name"] if item.get("isDefault") else None,
)
SEEDED = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}, {"id": "d", "name": "Default", "isDefault": True}]


def ordered(**values):
    return module(**dict({"order": None}, **values))


@pytest.mark.parametrize("check_mode", [False, True])
def test_order_moves_an_object_with_one_call_and_shows_only_the_order(check_mode):
    api = OrderedApi(SEEDED)
    changed, result, diff = run_state(RULES, ordered(check_mode=check_mode, name="C", order=0), api)
    assert changed is True and diff == {"before": {"order": 2}, "after": {"order": 0}} and result["widget"]["order"] == 0
    assert api.writes() == ([] if check_mode else [("PATCH", "/v1/teams/team-1/widgets/c/change-order")])
    assert list(api.objects) == (["a", "b", "c", "d"] if check_mode else ["c", "a", "b", "d"])
    assert run_state(RULES, ordered(name="C", order=0 if not check_mode else 2), api)[0] is False


def test_a_new_object_is_created_in_its_place():
    api = OrderedApi(SEEDED)
    changed, _result, _diff = run_state(RULES, ordered(name="E", size=1, order=1), api)
    assert changed is True and api.writes() == [("POST", "/v1/teams/team-1/widgets")]
    assert next(body for method, _path, _params, body in api.log if method == "POST") == {"name": "E", "size": 1, "order": 1}
    assert [item["name"] for item in api.objects.values()] == ["A", "E", "B", "C", "Default"]


@pytest.mark.parametrize("name, order, message", [
    ("A", 3, "order 3 is not a position this widget can take among the 4 widgets: use 0 to 2 (1 of them cannot move)."),
    ("Default", 0, "order 0 is not a position this widget can take among the 4 widgets: use 3 to 3 (1 of them cannot move)."),
    ("New", 4, "order 4 is not a position this widget can take among the 5 widgets: use 0 to 3 (1 of them cannot move)."),
    ("A", 101, "order must be from 0 (the first) to 100; got 101."),
])
def test_a_position_past_what_keeps_its_place_is_refused_before_any_write(name, order, message):
    api = OrderedApi(SEEDED)
    with pytest.raises(ConfigurationError) as caught:
        run_state(RULES, ordered(name=name, order=order), api)
    assert caught.value.message == message and api.writes() == []


def test_an_object_the_api_keeps_is_refused_on_delete_before_any_write():
    api = OrderedApi(SEEDED)
    with pytest.raises(ConfigurationError, match="Default is the default widget, which stays."):
        run_state(RULES, ordered(name="Default", state="absent"), api)
    assert api.writes() == []


def test_an_unpaged_list_without_items_is_read_from_one_answer():
    class WholeApi(FakeApi):
        def request(self, method, path, params=None, body=None, missing_ok=False, expect=None):
            if method == "GET" and path == "/v1/teams/team-1/widgets":
                self.log.append((method, path, dict(params or {}), body))
                return Response(200, {"widgets": list(self.objects.values())}, {})
            return super().request(method, path, params, body, missing_ok, expect)

    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, paged=False, items_key="widgets", item=None,
                    fields=[Field("name")])
    api = WholeApi([{"id": "w-1", "name": "Gear"}])
    collection = Collection(family, api, TEAM)
    assert collection.get("w-1") == {"id": "w-1", "name": "Gear"} and collection.get("w-9") is None
    assert [entry[:2] for entry in api.log] == [("GET", "/v1/teams/team-1/widgets")] * 2


def test_an_extra_state_runs_the_checks_first_and_reports_more():
    seen = []

    def check(desired, ctx):
        seen.append(dict(desired))
        if ctx.params.get("size") == 0:
            raise ConfigurationError("size must not be 0 here.")

    def polish(collection, current, check_mode):
        return True, dict(current, polished=True), {"before": {}, "after": {"polished": True}}, {"polish_count": 1}

    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name")], checks=[check],
                    states={"polished": polish})
    api = FakeApi([{"id": "w-1", "name": "Gear"}])
    with pytest.raises(ConfigurationError, match="size must not be 0 here."):
        run_state(family, module(state="polished", size=0), api)
    assert api.log == []
    changed, result, _diff = run_state(family, module(state="polished"), api)
    assert changed is True and result["polish_count"] == 1 and result["widget"]["polished"] is True and seen == [{}, {}]


def test_a_patch_carries_the_current_value_of_fields_the_api_could_reset():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("size"), Field("enabled")],
                    patch_keeps=("enabled",))
    api = FakeApi([{"id": "w-1", "name": "Gear", "size": 2, "enabled": False}])
    assert run_state(family, module(size=3), api)[0] is True
    assert api.log[-1][:2] == ("PATCH", "/v1/teams/team-1/widgets/w-1") and api.log[-1][3] == {"size": 3, "enabled": False}
    run_state(family, module(size=4, enabled=True), api)
    assert api.log[-1][3] == {"size": 4, "enabled": True}  # a change of its own wins


def test_a_change_with_a_position_it_cannot_take_writes_nothing():
    api = OrderedApi(SEEDED)
    with pytest.raises(ConfigurationError, match="^order 3 is not a position"):
        run_state(RULES, ordered(name="A", size=9, order=3), api)
    assert api.writes() == [] and "size" not in api.objects["a"]


# -- families without a natural key: probe and ambiguous_match ------------------------------------------

def _by_size(item, wanted):
    return bool(wanted.get("size")) and item.get("size") == wanted["size"]


def _size_family(**options):
    return Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, id_option="id", key=None,
                  unknown_id="id {value} is not a widget the account can see.", match=_by_size,
                  fields=[Field("size"), Field("name")], **options)


def test_a_probe_finds_what_state_absent_deletes_by_content():
    api = FakeApi([{"id": "w-1", "name": "Gear", "size": 2}, {"id": "w-2", "name": "Cog", "size": 3}])
    without = _size_family()
    assert run_state(without, module(state="absent", size=3), api)[0] is False  # no probe: nothing names the object
    with_probe = _size_family(probe=lambda params, ctx: {"size": params["size"]})
    changed, result, _diff = run_state(with_probe, module(state="absent", size=3), api)
    assert (changed, result["widget"]) == (True, None)
    assert api.writes() == [("DELETE", "/v1/teams/team-1/widgets/w-2")]


def test_two_objects_a_match_accepts_fail_with_their_ids_only_when_asked():
    objects = [{"id": "w-1", "name": "Gear", "size": 2}, {"id": "w-2", "name": "Cog", "size": 2}]
    api = FakeApi(objects)
    assert run_state(_size_family(), module(size=2, name="Gear"), api)[0] is False  # the first match, as before
    strict = _size_family(ambiguous_match="size matches {count} {plural}: {ids}.")
    with pytest.raises(ConfigurationError, match=r"^size matches 2 widgets: w-1, w-2\.$"):
        run_state(strict, module(size=2, name="Gear"), FakeApi(objects))


# -- families whose list only names objects and whose writes answer with a note ------------------------

class NotingApi(FakeApi):
    """Writes answer ``{"message", "data": {"id"}}``; the list names the objects only."""

    def paginate(self, path, params=None, page_size=50, items_key="values"):
        for item in super().paginate(path, params, page_size, items_key):
            yield {"id": item["id"], "name": item["name"]}

    def request(self, method, path, params=None, body=None, missing_ok=False, expect=None):
        response = super().request(method, path, params=params, body=body, missing_ok=missing_ok, expect=expect)
        if method in ("POST", "PUT") and response is not None and isinstance(response.data, dict):
            return Response(200, {"message": "Done", "data": {"id": response.data["id"]}}, {})
        return response


def _noting_family(**options):
    return Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, update="PUT", writable=["name", "size"],
                  item_params={"identifierType": "id"}, summary_list=True,
                  fields=[Field("name"), Field("size")], **options)


def test_a_summary_list_is_completed_from_the_objects_own_endpoint_with_its_parameters():
    api = NotingApi([{"id": "w-1", "name": "Gear", "size": 2}])
    changed, result, _diff = run_state(_noting_family(), module(size=2), api)
    assert (changed, result["widget"]) == (False, {"id": "w-1", "name": "Gear", "size": 2})
    assert api.log[-1] == ("GET", "/v1/teams/team-1/widgets/w-1", {"identifierType": "id"}, None)


def test_writes_answered_with_a_note_are_read_back_by_the_id_they_name():
    api = NotingApi([])
    created = run_state(_noting_family(answer_id=lambda data: data["data"]["id"]), module(size=3), api)[1]["widget"]
    assert created == {"id": "w-1", "name": "Gear", "size": 3}
    changed = run_state(_noting_family(answer_id=lambda data: data["data"]["id"]), module(size=4), api)[1]["widget"]
    assert changed == {"id": "w-1", "name": "Gear", "size": 4}
    assert [entry[:2] for entry in api.log if entry[0] != "GET" or "w-1" in entry[1]][-2:] == [
        ("PUT", "/v1/teams/team-1/widgets/w-1"), ("GET", "/v1/teams/team-1/widgets/w-1")]
    without = run_state(_noting_family(), module(size=5), api)[1]["widget"]
    assert without == {"message": "Done", "data": {"id": "w-1"}}  # without answer_id the answer is taken as it is


# -- a toggled field, a view of what the API answers, objects that cannot be created ---------------------

class ToggleApi(FakeApi):
    """Keeps ``on`` inside ``state`` and changes it only through ``/on`` and ``/off``."""

    def request(self, method, path, params=None, body=None, missing_ok=False, expect=None):
        if path.endswith(("/on", "/off")):
            self.log.append((method, path, dict(params or {}), body))
            ident = path.rsplit("/", 2)[1]
            self.objects[ident]["state"] = {"on": path.endswith("/on")}
            return Response(200, {"message": "done"}, {})
        if body and "on" in body:
            raise AssertionError("the toggled field was sent in a %s body" % method)
        if method == "POST":
            body = dict(body, state={"on": True})
        return super().request(method, path, params=params, body=body, missing_ok=missing_ok, expect=expect)


def _toggled_family(**options):
    return Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("size"), Field("on")],
                  view=lambda item: dict(item, on=(item.get("state") or {}).get("on")),
                  toggle=Toggle("on", "/on", "/off", method="PATCH"), **options)


def test_a_toggled_field_goes_through_its_endpoints_after_any_other_change():
    api = ToggleApi([{"id": "w-1", "name": "Gear", "size": 2, "state": {"on": True}}])
    family = _toggled_family()
    assert run_state(family, module(size=2, on=True), api)[0] is False
    changed, result, diff = run_state(family, module(size=3, on=False), api)
    assert changed is True and result["widget"]["on"] is False and result["widget"]["size"] == 3
    assert diff == {"before": {"on": True, "size": 2}, "after": {"on": False, "size": 3}}
    assert api.writes() == [("PATCH", "/v1/teams/team-1/widgets/w-1"), ("PATCH", "/v1/teams/team-1/widgets/w-1/off")]


def test_a_new_object_meant_to_be_off_is_turned_off_once_created():
    api = ToggleApi([])
    created = run_state(_toggled_family(), module(name="Cog", size=1, on=False), api)[1]["widget"]
    assert created["on"] is False
    assert api.writes() == [("POST", "/v1/teams/team-1/widgets"), ("PATCH", "/v1/teams/team-1/widgets/w-1/off")]


@pytest.mark.parametrize("check_mode", [False, True])
def test_an_object_the_api_cannot_create_is_refused_before_anything_is_written(check_mode):
    api = ToggleApi([])
    family = _toggled_family(uncreatable=lambda wanted: "A %s widget is made elsewhere." % wanted["name"] if wanted.get("name") == "Cog" else None)
    with pytest.raises(ConfigurationError, match=r"^A Cog widget is made elsewhere\.$"):
        run_state(family, module(check_mode=check_mode, name="Cog", size=1), api)
    assert api.writes() == []


# -- what integrations and policies need: secrets of a create, a finish step, a toggle sent on create, ---------
# -- list parameters from the options, a parent check mode may predict, check mode in the context ------------

def warned(check_mode=False, **values):
    """A module that keeps its warnings."""
    warnings = []
    return types.SimpleNamespace(params=params(**values), check_mode=check_mode, warnings=warnings, warn=warnings.append)


class KeyedApi(FakeApi):
    """A create answers the new widget with an ``apiKey`` the API never shows again."""

    def request(self, method, path, params=None, body=None, missing_ok=False, expect=None):
        response = super().request(method, path, params=params, body=body, missing_ok=missing_ok, expect=expect)
        if method == "POST" and response is not None:
            return Response(201, dict(response.data, apiKey="key-of-" + response.data["id"]), {})
        return response


def _keyed_family(**options):
    return Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("size")], **options)


def test_secret_fields_of_a_create_answer_are_kept_apart_and_shown_nowhere():
    seen = []

    def finish(collection, before, after, module):  # pylint: disable=unused-argument
        seen.append((dict(collection.secrets), dict(after)))
        return {}

    api = KeyedApi()
    changed, result, diff = run_state(_keyed_family(secret_fields=("apiKey",), finish=finish), module(size=2), api)
    assert changed is True and result["widget"] == {"name": "Gear", "size": 2, "id": "w-1"}
    assert "key-of-w-1" not in repr((result, diff))
    assert seen == [({"apiKey": "key-of-w-1"}, {"name": "Gear", "size": 2, "id": "w-1"})]  # finish has it; the object has not
    shown = run_state(_keyed_family(), module(name="Cog", size=1), api)[1]["widget"]
    assert shown["apiKey"] == "key-of-w-2"  # without secret_fields the answer is taken as it is


def test_a_create_answer_without_the_secret_field_has_no_secret():
    """An integration of a type without an API key (Email) is created like any other."""
    secrets = []
    family = _keyed_family(secret_fields=("apiKey",), finish=lambda collection, before, after, module: secrets.append(collection.secrets) or {})
    changed, result, _diff = run_state(family, module(size=2), FakeApi())
    assert changed is True and result["widget"] == {"name": "Gear", "size": 2, "id": "w-1"} and secrets == [{}]


@pytest.mark.parametrize("check_mode", [False, True])
def test_finish_runs_after_a_present_converge_and_adds_to_the_result(check_mode):
    calls = []

    def finish(collection, before, after, module):
        calls.append((collection.parent, before, after, module.check_mode))
        return {"finished": after["size"]}

    family = _keyed_family(finish=finish)
    api = FakeApi([{"id": "g-1", "name": "Gear", "size": 2}])
    changed, result, _diff = run_state(family, module(check_mode=check_mode, size=3), api)
    assert changed is True and result["finished"] == 3
    assert calls == [(TEAM, {"id": "g-1", "name": "Gear", "size": 2}, dict(result["widget"]), check_mode)]
    assert result["widget"] == {"id": "g-1", "name": "Gear", "size": 3}

    created = run_state(family, module(check_mode=check_mode, name="Cog", size=1), api)[1]
    assert calls[-1][1] is None and calls[-1][2]["name"] == "Cog" and created["finished"] == 1

    unchanged_run = run_state(family, module(check_mode=check_mode, size=2 if check_mode else 3), api)
    assert unchanged_run[0] is False and unchanged_run[1]["finished"] == (2 if check_mode else 3) and len(calls) == 3

    gone = run_state(family, module(check_mode=check_mode, state="absent"), api)
    assert gone[0] is True and "finished" not in gone[1] and len(calls) == 3  # not after a delete


class OnApi(FakeApi):
    """Widgets with an ``on`` field changed only through ``/on`` and ``/off`` once they exist; a create takes it, unless
    ``ignores_create`` (then every new widget is on)."""

    def __init__(self, objects=(), ignores_create=False):
        super().__init__(objects)
        self.ignores_create = ignores_create

    def request(self, method, path, params=None, body=None, missing_ok=False, expect=None):
        if path.endswith(("/on", "/off")):
            self.log.append((method, path, dict(params or {}), body))
            ident = path.rsplit("/", 2)[1]
            self.objects[ident]["on"] = path.endswith("/on")
            return Response(200, dict(self.objects[ident]), {})
        if method in ("PATCH", "PUT") and "on" in (body or {}):
            raise AssertionError("the toggled field was sent in a %s body" % method)
        if method == "POST":
            response = super().request(method, path, params=params, body=body, missing_ok=missing_ok, expect=expect)
            if self.ignores_create:
                self.objects[response.data["id"]]["on"] = True
                return Response(201, dict(self.objects[response.data["id"]]), {})
            return response
        return super().request(method, path, params=params, body=body, missing_ok=missing_ok, expect=expect)


def _on_family(in_create=True):
    return Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("size"), Field("on")],
                  toggle=Toggle("on", "/on", "/off", in_create=in_create))


def test_a_toggle_sent_on_create_is_in_the_create_body_and_needs_no_switch():
    api = OnApi()
    created = run_state(_on_family(), module(size=1, on=False), api)[1]["widget"]
    assert created["on"] is False and api.objects["w-1"]["on"] is False
    assert api.writes() == [("POST", "/v1/teams/team-1/widgets")]
    assert api.log[-1][3] == {"name": "Gear", "size": 1, "on": False}


def test_a_toggle_sent_on_create_is_still_switched_when_the_api_did_not_take_it():
    api = OnApi(ignores_create=True)
    created = run_state(_on_family(), module(size=1, on=False), api)[1]["widget"]
    assert created["on"] is False
    assert api.writes() == [("POST", "/v1/teams/team-1/widgets"), ("POST", "/v1/teams/team-1/widgets/w-1/off")]
    assert next(body for method, _path, _params, body in api.log if method == "POST") == {"name": "Gear", "size": 1, "on": False}


@pytest.mark.parametrize("in_create", [False, True])
def test_a_toggle_sent_on_create_still_changes_through_its_endpoints(in_create):
    api = OnApi([{"id": "w-1", "name": "Gear", "size": 1, "on": True}])
    changed, result, diff = run_state(_on_family(in_create), module(size=2, on=False), api)
    assert changed is True and result["widget"]["on"] is False and result["widget"]["size"] == 2
    assert diff == {"before": {"on": True, "size": 1}, "after": {"on": False, "size": 2}}
    assert api.writes() == [("PATCH", "/v1/teams/team-1/widgets/w-1"), ("POST", "/v1/teams/team-1/widgets/w-1/off")]
    assert [body for method, _path, _params, body in api.log if method == "PATCH"] == [{"size": 2}]
    if not in_create:
        assert run_state(_on_family(False), module(name="Cog", size=1, on=True), api)[0] is True
        assert next(body for method, path, _params, body in api.log if method == "POST" and path.endswith("widgets")) == {"name": "Cog", "size": 1}


def test_list_params_may_be_read_from_the_options():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name")], key_query="name",
                    list_params=lambda ctx: {"colour": ctx.params["colour"]} if ctx.params.get("colour") else {})
    api = FakeApi([{"id": "w-1", "name": "Gear"}])
    assert run_state(family, module(colour="red"), api)[0] is False
    assert api.log == [("GET", "/v1/teams/team-1/widgets", {"colour": "red", "name": "Gear"}, None)]
    run_state(family, module(check_mode=True, name="Cog"), api)
    assert api.log[-1] == ("GET", "/v1/teams/team-1/widgets", {"name": "Cog"}, None)  # no colour: no parameter
    found = run_info(family, types.SimpleNamespace(params={"team": TEAM, "id": None, "name": None, "colour": "blue"}, check_mode=False), api)
    assert found[1]["widgets"] == [{"id": "w-1", "name": "Gear"}]
    assert api.log[-1] == ("GET", "/v1/teams/team-1/widgets", {"colour": "blue"}, None)  # _info modules read the options too


def test_fixed_list_params_go_with_every_list_request():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name")], list_params={"type": "alert"})
    api = FakeApi()
    run_state(family, module(check_mode=True), api)
    run_info(family, types.SimpleNamespace(params={"team": TEAM, "id": None, "name": None}, check_mode=False), api)
    assert [entry[2] for entry in api.log] == [{"type": "alert"}, {"type": "alert"}]


LATER = Scope("team", "team_id", lambda ctx, value: TEAM if value == TEAM else None,
              check_mode_missing="team %r does not exist yet; check mode predicts the widget as new.")


def _later_family(**options):
    return Family("widget", "/v1/teams/{}/widgets", scope=LATER, fields=[Field("name"), Field("size", convert=at_least(1))], **options)


def test_a_parent_check_mode_may_predict_gives_a_warning_and_a_new_object():
    api = FakeApi()
    task = warned(check_mode=True, team="Later", size=2)
    changed, result, diff = run_state(_later_family(), task, api)
    assert (changed, result) == (True, {"widget": {"name": "Gear", "size": 2}, "team_id": None})
    assert diff == {"before": {}, "after": {"name": "Gear", "size": 2}}
    assert task.warnings == ["team 'Later' does not exist yet; check mode predicts the widget as new."]
    assert api.log == []


def test_a_parent_check_mode_may_predict_is_still_missing_outside_check_mode_and_for_absent():
    api = FakeApi()
    task = warned(team="Later", size=2)
    with pytest.raises(ConfigurationError, match=r"^team 'Later' is not one the account can see; check the name or create it first\.$"):
        run_state(_later_family(), task, api)
    assert task.warnings == []
    task = warned(check_mode=True, team="Later", state="absent")
    assert run_state(_later_family(), task, api) == (False, {"widget": None, "team_id": None}, unchanged())
    assert task.warnings == [] and api.log == []


def test_a_parent_check_mode_may_predict_does_not_let_bad_options_through():
    task = warned(check_mode=True, team="Later", size=0)
    with pytest.raises(ConfigurationError, match=r"^size must be 1 or more; got 0\.$"):
        run_state(_later_family(), task, FakeApi())


def test_without_check_mode_missing_a_missing_parent_fails_in_check_mode_too():
    task = warned(check_mode=True, team="Nope", size=2)
    with pytest.raises(ConfigurationError, match=r"^team 'Nope' is not a team the account can see\.$"):
        run_state(WIDGETS, task, FakeApi())
    assert task.warnings == []


def test_a_new_object_under_a_parent_not_there_yet_still_needs_what_a_create_needs():
    """Check mode predicts the create the real run makes once the parent exists: what that create refuses, it refuses too."""
    family = _later_family(requires=[("size", "size")])
    with pytest.raises(ConfigurationError, match=r"^size is required to create widget 'Gear'\.$"):
        run_state(family, warned(team=TEAM), FakeApi())  # the real run, once the parent is there
    task = warned(check_mode=True, team="Later")
    with pytest.raises(ConfigurationError, match=r"^size is required to create widget 'Gear'\.$"):
        run_state(family, task, FakeApi())


@pytest.mark.parametrize("check_mode", [False, True])
def test_checks_and_converters_know_whether_the_run_only_predicts(check_mode):
    seen = []

    def size(value, option, ctx):  # pylint: disable=unused-argument
        seen.append(("convert", ctx.check_mode))
        return value

    def check(desired, ctx):  # pylint: disable=unused-argument
        seen.append(("check", ctx.check_mode))

    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, fields=[Field("name"), Field("size", convert=size)], checks=[check])
    run_state(family, module(check_mode=check_mode, size=2), FakeApi())
    assert seen == [("convert", check_mode), ("check", check_mode)]
    assert Context(FakeApi()).check_mode is False


class GhostApi(NotingApi):
    """A list that names one widget more than can be read (deleted meanwhile), and a widget whose read is forbidden."""

    def paginate(self, path, params=None, page_size=50, items_key="values"):
        yield from super().paginate(path, params, page_size, items_key)
        yield {"id": "w-9", "name": "Ghost"}

    def request(self, method, path, params=None, body=None, missing_ok=False, expect=None):
        if method == "GET" and path.endswith("/w-3"):
            self.log.append((method, path, dict(params or {}), body))
            raise error_for_status(403, method, path, ())
        return super().request(method, path, params=params, body=body, missing_ok=missing_ok, expect=expect)


def test_info_of_a_summary_list_reads_each_listed_object_in_full():
    api = GhostApi([{"id": "w-1", "name": "Gear", "size": 2}, {"id": "w-2", "name": "Cog", "size": 3}, {"id": "w-3", "name": "Hidden", "size": 4}])

    def widgets(family, **values):
        return run_info(family, types.SimpleNamespace(params=dict({"team": TEAM, "id": None, "name": None}, **values), check_mode=False), api)[1]["widgets"]

    family = _noting_family()
    assert widgets(family) == [{"id": "w-1", "name": "Gear", "size": 2}, {"id": "w-2", "name": "Cog", "size": 3}]  # gone or hidden: left out
    assert [entry[1] for entry in api.log[1:]] == ["/v1/teams/team-1/widgets/w-%s" % ident for ident in "1239"]
    assert all(entry[2] == {"identifierType": "id"} for entry in api.log[1:])
    api.log.clear()
    assert widgets(family, name="Cog") == [{"id": "w-2", "name": "Cog", "size": 3}]
    assert [entry[1] for entry in api.log] == ["/v1/teams/team-1/widgets", "/v1/teams/team-1/widgets/w-2"]  # only what matches is read
    api.log.clear()
    assert widgets(_noting_family(id_option="id"), id="w-1") == [{"id": "w-1", "name": "Gear", "size": 2}]
    assert [entry[1] for entry in api.log] == ["/v1/teams/team-1/widgets/w-1"]  # read by id once, not again
    assert api.writes() == []


def test_a_successor_order_names_the_one_that_follows_and_sends_no_successor_for_last():
    family = Family("widget", "/v1/teams/{}/widgets", scope=WIDGETS.scope, order=Order("successor", "/order", "successorId"))
    current = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    api = FakeApi(current)
    collection = Collection(family, api, TEAM)
    assert collection.reorder(current, ["b", "c", "a"], check_mode=True) == [{"id": "a", "successorId": None}] and api.log == []
    collection.reorder(current, ["b", "c", "a"], check_mode=False)
    assert api.log == [("PATCH", "/v1/teams/team-1/widgets/a/order", {}, {})]  # no successorId at all, not null
    api.log.clear()
    collection.reorder(current, ["c", "a", "b"], check_mode=False)
    assert api.log == [("PATCH", "/v1/teams/team-1/widgets/c/order", {}, {"successorId": "a"})]
