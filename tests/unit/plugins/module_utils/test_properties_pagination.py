# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Properties of JsmOpsClient.paginate against a fake API mounted on the client's own session.

For any number of items, any page size the client asks for, any page size limit the API enforces,
and links.next in any of the forms Atlassian uses (absolute, relative to the API base, relative to
the spec's server, absolute path; through a proxy api_url or not): every item comes out exactly
once and in order, with one request per page.  A links.next that leads back to a page already read,
spelt the same or otherwise, ends the list with the client's error before that page is asked for again.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote, quote_plus, urlencode, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ResponseFormatError
from ansible_collections.jsm.ops.tests.unit.plugins.figures import write_figures

# deadline and the too_slow check off: the machines that run this are shared and their timing varies.
PROPERTY = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

CLOUD = "bc1f99ce-d025-5345-bb1f-206b030069cf"
BASE = "/jsm/ops/api/%s" % CLOUD
TOKEN = "unit-pagination-token-6f2a9c4e1b7d3a80"
LIST_PATH = "/v1/things"
# (api_url the client is given, where its requests arrive): straight to the API, or through a proxy path.
API_URLS = {
    "direct": "https://api.example.test",
    "proxy": "https://proxy.example.test/atlassian",
}
LINK_STYLES = ("absolute", "atlassian-host", "api-path", "spec-path", "full-path")
END_STYLES = ("no-links", "empty-links", "null", "empty-string")

FIGURES = {"lists": 0, "items": 0, "requests": 0, "loops": 0}


class FakeApi(requests.adapters.BaseAdapter):
    """An offset/size paged list served to the client's session, without a socket.

    ``lazy`` servers give a next link after every full page (so a list that fills its last page
    ends with an empty one); others only while items remain.  ``loop_at``/``loop_to``: the answer to
    request number ``loop_at`` links back to the URL of request number ``loop_to``.
    """

    def __init__(self, api_url, items, max_size, style, order, quoting, end, lazy=False, loop_at=None, loop_to=None):
        super().__init__()
        self.api_url = api_url
        self.items = items
        self.max_size = max_size
        self.style = style
        self.order = order
        self.quoting = quoting
        self.end = end
        self.lazy = lazy
        self.loop_at = loop_at
        self.loop_to = loop_to
        self.requests = []  # parsed query of each request, in order

    def send(self, request, **kwargs):  # pylint: disable=unused-argument
        parts = urlsplit(request.url)
        api = urlsplit(self.api_url)
        # The client must only ever ask the API it was configured with, for the list it asked for.
        assert (parts.scheme, parts.netloc, parts.path) == (api.scheme, api.netloc, api.path + BASE + LIST_PATH), request.url
        assert request.headers.get("Authorization", "").startswith("Basic ")
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        assert len(parse_qs(parts.query, keep_blank_values=True)["offset"]) == 1
        self.requests.append(query)
        offset, size = int(query["offset"]), min(int(query["size"]), self.max_size)
        chunk = self.items[offset:offset + size]
        body = {"values": chunk}
        number = len(self.requests) - 1
        if self.loop_at is not None and number == self.loop_at:
            body["links"] = {"next": self.link(self.requests[self.loop_to])}
        elif (len(chunk) == size) if self.lazy else (offset + size < len(self.items)):
            body["links"] = {"next": self.link(dict(query, offset=str(offset + size), size=str(size)))}
        elif self.end != "no-links":
            body["links"] = {} if self.end == "empty-links" else {"next": None if self.end == "null" else ""}
        return self.response(request, body)

    def link(self, query) -> str:
        keys = sorted(query, key=self.order.index) if set(self.order) == set(query) else sorted(query)
        text = urlencode([(key, query[key]) for key in keys], quote_via=quote_plus if self.quoting == "plus" else quote)
        tail = LIST_PATH + "?" + text
        return {
            "absolute": self.api_url + BASE + tail,
            "atlassian-host": "https://api.atlassian.com" + BASE + tail,
            "api-path": tail,
            "spec-path": "/api/%s%s" % (CLOUD, tail),
            "full-path": BASE + tail,
        }[self.style]

    @staticmethod
    def response(request, body):
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(body).encode("utf-8")  # pylint: disable=protected-access
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass

    def __repr__(self):
        return "FakeApi(%d items, max_size=%d, %s links, order=%s, %s quoting, end=%s, lazy=%s, loop %s->%s, via %s)" % (
            len(self.items), self.max_size, self.style, self.order, self.quoting, self.end, self.lazy, self.loop_at, self.loop_to, self.api_url)


def client_for(api: FakeApi) -> JsmOpsClient:
    client = JsmOpsClient(
        {"api_email": "pages@example.com", "api_token": TOKEN, "cloud_id": CLOUD, "api_url": api.api_url, "retries": 0, "timeout": 5},
        sleep=lambda seconds: pytest.fail("paginate slept %s s" % seconds),
    )
    client.session.mount("https://", api)
    return client


@st.composite
def paged_lists(draw):
    """A fake API and how the client reads it."""
    total = draw(st.integers(0, 120))
    page_size = draw(st.integers(1, 60))
    max_size = draw(st.integers(1, 60))
    filters = draw(st.dictionaries(st.sampled_from(["query", "type", "name"]), st.text(min_size=1, max_size=12), max_size=2))
    api = FakeApi(
        api_url=API_URLS[draw(st.sampled_from(sorted(API_URLS)))],
        items=[{"id": "item-%d" % number} for number in range(total)],
        max_size=max_size,
        style=draw(st.sampled_from(LINK_STYLES)),
        order=draw(st.permutations(["offset", "size"] + sorted(filters))),
        quoting=draw(st.sampled_from(["plus", "percent"])),
        end=draw(st.sampled_from(END_STYLES)),
        lazy=draw(st.booleans()),
    )
    return api, page_size, filters


def expected_requests(total: int, asked: int, max_size: int, lazy: bool) -> int:
    size = min(asked, max_size)
    if lazy:
        return total // size + 1  # a full last page is followed by an empty one
    return max(1, -(-total // size))


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    write_figures("properties-pagination.txt",
                  "pagination: %(lists)d lists, %(items)d items each read once in %(requests)d requests; %(loops)d link loops refused" % FIGURES)


@PROPERTY
@given(case=paged_lists())
def test_every_item_exactly_once_in_order_one_request_per_page(case):
    api, page_size, filters = case
    got = list(client_for(api).paginate(LIST_PATH, dict(filters), page_size=page_size))
    assert got == api.items
    assert len(api.requests) == expected_requests(len(api.items), page_size, api.max_size, api.lazy)
    # Pages are read front to back, and every request keeps the caller's filters.
    size = min(page_size, api.max_size)
    assert [int(query["offset"]) for query in api.requests] == [number * size for number in range(len(api.requests))]
    for query in api.requests:
        assert {key: query.get(key) for key in filters} == filters
    FIGURES["lists"] += 1
    FIGURES["items"] += len(got)
    FIGURES["requests"] += len(api.requests)


@st.composite
def looping_lists(draw):
    """A fake API whose answer to one request links back to a page already read."""
    api, page_size, filters = draw(paged_lists())
    pages = expected_requests(len(api.items), page_size, api.max_size, lazy=False)
    api.lazy = False
    api.loop_at = draw(st.integers(0, pages - 1))
    api.loop_to = draw(st.integers(0, api.loop_at))
    return api, page_size, filters


@PROPERTY
@given(case=looping_lists())
@example(case=(FakeApi(API_URLS["direct"], [{"id": "a"}, {"id": "b"}], 1, "api-path", ["offset", "size"], "plus", "null", loop_at=1, loop_to=0), 1, {}))
def test_a_link_back_to_a_page_already_read_stops_with_the_clients_error(case):
    api, page_size, filters = case
    got = []
    if not api.items:
        # An empty page ends the list whatever its links say.
        got = list(client_for(api).paginate(LIST_PATH, dict(filters), page_size=page_size))
    else:
        with pytest.raises(ResponseFormatError, match="repeats a page already read"):
            for item in client_for(api).paginate(LIST_PATH, dict(filters), page_size=page_size):
                got.append(item)
    # Everything up to the looping page came out once; the page linked to was not asked for again.
    size = min(page_size, api.max_size)
    assert got == api.items[:(api.loop_at + 1) * size]
    assert len(api.requests) == api.loop_at + 1
    FIGURES["loops"] += 1
