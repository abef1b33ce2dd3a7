# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The API coverage page: every operation of Atlassian's spec and the jsm.ops modules that call it.

Which module calls an operation is read from the requests the modules send to the emulator during the unit tests (each
module names itself in its User-Agent), so the page says what the code does, not what was meant. ``make units`` compares
the page with a run of every unit test and fails when they disagree; ``make api-coverage`` writes it again.
"""

from __future__ import annotations

import json

SPEC_PREFIX = "/api/{cloudId}"
METHODS = ("get", "post", "put", "patch", "delete")
TITLE = "API coverage"
INTRO = """\
Every operation of Atlassian's OpenAPI description of the JSM Ops REST API, with the jsm.ops modules
that call it. An operation no module calls is reachable through :ansplugin:`jsm.ops.jsmops_api#module`,
which sends any operation by method and path with the collection's credentials, retries and
redaction. Operations the spec marks experimental (JEC, Status Page, stakeholders) are listed as such.

This page is generated from the spec and from the requests the modules send in the collection's unit
tests; the tests fail when the page and the code disagree.
"""


def operations(spec: dict) -> list[dict]:
    """The spec's operations in its own order: method, path (without ``/api/{cloudId}``), tag, operationId, experimental."""
    found = []
    for template, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                found.append({"method": method.upper(), "spec_path": template,
                              "path": template[len(SPEC_PREFIX):] if template.startswith(SPEC_PREFIX) else template,
                              "tag": (operation.get("tags") or ["Other"])[0], "id": operation.get("operationId", ""),
                              "experimental": bool(operation.get("x-experimental"))})
    return found


def modules_of(reached: dict, op: dict) -> list:
    """The modules that call the operation, jsmops_api aside: it reaches every operation, and is named where no other does."""
    return [name for name in reached.get((op["method"], op["spec_path"])) or [] if name != "jsmops_api"]


def figures(spec: dict, reached: dict) -> dict:
    ops = operations(spec)
    stable = [op for op in ops if not op["experimental"]]
    covered = [op for op in stable if modules_of(reached, op)]
    return {"operations": len(ops), "stable": len(stable), "by_module": len(covered)}


def render(spec: dict, reached: dict) -> str:
    """The page, for ``reached``: (method, spec path) -> module names."""
    ops = operations(spec)
    numbers = figures(spec, reached)
    lines = [".. _ansible_collections.jsm.ops.docsite.api_coverage:", "", TITLE, "=" * len(TITLE), "", INTRO,
             "Of the spec's %(operations)d operations, %(stable)d are not experimental; modules call %(by_module)d of those, and "
             "the rest are reachable through ``jsm.ops.jsmops_api``." % numbers, ""]
    tags = []
    for op in ops:
        if op["tag"] not in tags:
            tags.append(op["tag"])
    for tag in tags:
        lines += [tag, "-" * len(tag), "", ".. list-table::", "   :header-rows: 1", "   :widths: 50 50", "",
                  "   * - Operation", "     - Reached by"]
        for op in (item for item in ops if item["tag"] == tag):
            names = modules_of(reached, op)
            if names:
                by = ", ".join(":ansplugin:`jsm.ops.%s#module`" % name for name in names)
            else:
                by = ":ansplugin:`jsm.ops.jsmops_api#module`"
            if op["experimental"]:
                by += " (experimental)"
            lines += ["   * - ``%s %s``" % (op["method"], op["path"]), "     - %s" % by]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def load(spec_path: str) -> dict:
    with open(spec_path, encoding="utf-8") as handle:
        return json.load(handle)
