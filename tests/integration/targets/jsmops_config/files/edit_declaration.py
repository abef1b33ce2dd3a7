#!/usr/bin/env python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One edit of an exported team file, as a reviewer would make it by hand, keeping everything else as it is.

    edit_declaration.py FILE timezone SCHEDULE ZONE   # set a schedule's time zone
    edit_declaration.py FILE drop-rule RULE           # take a routing rule out of the declaration
"""

from __future__ import annotations

import sys

import yaml


def main(path: str, action: str, *args: str) -> int:
    with open(path, encoding="utf-8") as stream:
        text = stream.read()
    header = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    document = yaml.safe_load(text)
    if action == "timezone":
        schedule = next(item for item in document["schedules"] if item["name"] == args[0])
        schedule["timezone"] = args[1]
    elif action == "drop-rule":
        before = len(document["routing_rules"])
        document["routing_rules"] = [rule for rule in document["routing_rules"] if rule["name"] != args[0]]
        if len(document["routing_rules"]) != before - 1:
            print("no routing rule %r in %s" % (args[0], path))
            return 1
    else:
        print("unknown edit %r" % action)
        return 1
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(header + yaml.safe_dump(document, sort_keys=False, default_flow_style=False, allow_unicode=True, width=120))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
