# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection rules: latency, error statuses, dropped connections, malformed bodies, hangs, and what a proxy or
load balancer in front of the API may answer instead of it: an HTML error page, a redirect to another host."""

from __future__ import annotations

import random
import re

KINDS = ("latency", "status", "drop", "malformed", "hang", "html", "redirect")
RULE_KEYS = frozenset({"kind", "method", "path", "status", "retry_after", "delay", "times", "probability", "seed", "after_processing", "location"})
DEFAULT_DELAY = {"latency": 1.0, "hang": 60.0}
# Kinds that may let the request be processed first and then spoil the answer.
AFTER_PROCESSING_KINDS = ("status", "drop", "malformed", "html")
# Statuses each kind may answer with, and the one it answers when the rule names none.
STATUSES = {"status": (range(400, 600), None), "html": (range(200, 600), 502), "redirect": ((301, 302, 303, 307, 308), 302)}


class FaultRuleError(ValueError):
    """A fault rule is not understood."""


def _number(rule: dict, key: str, minimum: float, maximum: float | None = None) -> float | None:
    value = rule.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise FaultRuleError(f"fault rule '{key}' must be a number {bounds}")
    return value


class FaultRule:
    """One rule; it fires for requests it matches until ``times`` is used up."""

    def __init__(self, spec: dict):
        if not isinstance(spec, dict):
            raise FaultRuleError("each fault rule must be a JSON object")
        unknown = set(spec) - RULE_KEYS
        if unknown:
            raise FaultRuleError(f"unknown fault rule keys: {', '.join(sorted(unknown))}")
        self.spec = dict(spec)
        self.kind = spec.get("kind")
        if self.kind not in KINDS:
            raise FaultRuleError(f"fault rule 'kind' must be one of {', '.join(KINDS)}")
        method = spec.get("method")
        if method is not None and not isinstance(method, str):
            raise FaultRuleError("fault rule 'method' must be a string")
        self.method = method.upper() if method else None
        try:
            self.path = re.compile(spec["path"]) if spec.get("path") else None
        except (re.error, TypeError) as exc:
            raise FaultRuleError(f"fault rule 'path' is not a valid regular expression: {exc}") from exc
        self.status = None
        if self.kind in STATUSES:
            allowed, default = STATUSES[self.kind]
            status = spec.get("status", default)
            if not isinstance(status, int) or isinstance(status, bool) or status not in allowed:
                what = "one of %s" % ", ".join(map(str, allowed)) if isinstance(allowed, tuple) else "between %d and %d" % (allowed[0], allowed[-1])
                raise FaultRuleError(f"a '{self.kind}' fault rule needs 'status' {what}")
            self.status = status
        self.location = spec.get("location")
        if self.kind == "redirect":
            if not isinstance(self.location, str) or not re.match(r"^https?://[^/?#\s]+$", self.location):
                raise FaultRuleError("a 'redirect' fault rule needs 'location', a scheme and host such as http://127.0.0.2:8080 (no path)")
        elif self.location is not None:
            raise FaultRuleError("'location' applies only to 'redirect' fault rules")
        retry_after = _number(spec, "retry_after", 0)
        self.retry_after = None if retry_after is None else str(int(retry_after) if float(retry_after).is_integer() else retry_after)
        delay = _number(spec, "delay", 0)
        self.delay = float(delay if delay is not None else DEFAULT_DELAY.get(self.kind, 0.0))
        times = spec.get("times")
        if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 0):
            raise FaultRuleError("fault rule 'times' must be a non-negative integer")
        self.remaining = times
        self.probability = _number(spec, "probability", 0, 1)
        self.after_processing = bool(spec.get("after_processing", False))
        if self.after_processing and self.kind not in AFTER_PROCESSING_KINDS:
            raise FaultRuleError(f"'after_processing' applies only to {', '.join(AFTER_PROCESSING_KINDS)} faults")
        seed = spec.get("seed")
        self.random = random.Random(seed) if seed is not None else random.Random()
        self.fired = 0

    def fire(self, method: str, path: str) -> bool:
        """Whether the rule applies to this request; counts it when it does."""
        if self.method and self.method != method:
            return False
        if self.path and not self.path.search(path):
            return False
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.probability is not None and self.random.random() >= self.probability:
            return False
        if self.remaining is not None:
            self.remaining -= 1
        self.fired += 1
        return True

    def describe(self) -> dict:
        data = dict(self.spec)
        data["fired"] = self.fired
        if self.remaining is not None:
            data["remaining"] = self.remaining
        return data


def parse_rules(data) -> list[FaultRule]:
    if not isinstance(data, list):
        raise FaultRuleError("faults must be a JSON list of rules")
    return [FaultRule(item) for item in data]


def pick(rules: list[FaultRule], method: str, path: str) -> FaultRule | None:
    """The first rule that fires for the request (rules are tried in order)."""
    for rule in rules:
        if rule.fire(method, path):
            return rule
    return None
