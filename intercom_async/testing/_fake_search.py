"""The fake's evaluator of Intercom's search DSL over the contacts of a ``FakeStore``.

It follows the 2.14 description of ``POST /contacts/search``: operators by field
type (dates take only ``=``, ``<``, ``>``; ``tag_id`` only ``=`` and ``!=``), at most
two levels of AND/OR groups and 15 members per group, and dates matched by calendar
day (the fake's workspace day is the UTC day). String comparisons ignore case.
Problems raise ``ApiError(400, "parameter_invalid", ...)``: the spec shows no 4xx
example for search, so the fake uses the code its other 400 examples use.
"""

from __future__ import annotations

import operator as op
from collections.abc import Callable, Iterable
from typing import Any

from .._search import CONTACT_FIELD_TYPES, FILTER_OPERATORS, MAX_FILTERS_PER_GROUP, MAX_NESTING
from ._fake_data import FakeStore, Json
from ._fake_http import (
    ApiError,
)

__all__ = ["contact_value", "matching_contacts", "sort_contacts"]

_DAY = 86_400
_ALIASES = {"andoid_sdk_version": "android_sdk_version", "ios_app_device": "ios_device"}
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": op.lt,
    "<=": op.le,
    ">": op.gt,
    ">=": op.ge,
}
_ALLOWED = {
    "string": {"=", "!=", "IN", "NIN", "~", "!~", "^", "$"},
    "boolean": {"=", "!=", "IN", "NIN"},
    "integer": {"=", "!=", "IN", "NIN", "<", ">", "<=", ">="},
    "date": {"=", "<", ">"},
    "tag": {"=", "!="},
}


def _invalid(message: str) -> ApiError:
    return ApiError(400, "parameter_invalid", message)


def contact_value(store: FakeStore, contact: Json, field: str) -> Any:
    """The value of a searchable ``field`` of a stored contact (``tag_id``: its tag ids)."""
    field = _ALIASES.get(field, field)
    if field == "tag_id":
        return set(store.contact_tags.get(contact["id"], {}))
    if field == "segment_id":
        return set()
    if field == "avatar":
        avatar = contact.get("avatar")
        return avatar.get("image_url") if isinstance(avatar, dict) else avatar
    head, _, rest = field.partition(".")
    if rest and head in ("location", "custom_attributes"):
        return (contact.get(head) or {}).get(rest)
    if field not in contact or field in ("custom_attributes", "location"):
        raise _invalid(f"{field} is not a searchable contact field")
    return contact[field]


def _kind(field: str, stored: Any, value: Any) -> str:
    known = CONTACT_FIELD_TYPES.get(_ALIASES.get(field, field))
    if known is not None:
        return known
    sample = stored if stored is not None else value
    if isinstance(sample, list) and sample:
        sample = sample[0]
    if isinstance(sample, bool):
        return "boolean"
    if isinstance(sample, (int, float)):
        return "integer"
    return "string"


def _number(field: str, value: Any) -> float:
    """A number, or a string of digits (the spec's own example sends ``"1306054154"``)."""
    if type(value) in (int, float):
        return float(value)
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return float(int(value))
    raise _invalid(f"{field} needs a number, got {value!r}")


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _check_value(field: str, operator: str, kind: str, value: Any) -> None:
    if operator in ("IN", "NIN"):
        if not isinstance(value, list) or not value:
            raise _invalid(f"{field} {operator} needs a non-empty array of values")
        for item in value:
            if item is None or isinstance(item, (list, dict)):
                raise _invalid(f"{field} {operator} takes strings or integers, got {item!r}")
            _check_value(field, "=", kind, item)
        return
    if value is None and operator in ("=", "!="):
        return
    if kind in ("date", "integer") or operator in _ORDER:
        _number(field, value)
    elif kind == "boolean" and not isinstance(value, bool):
        raise _invalid(f"{field} needs true or false, got {value!r}")
    elif kind in ("string", "tag") and not isinstance(value, str):
        raise _invalid(f"{field} needs a string, got {value!r}")


def _match_date(operator: str, stored: Any, value: Any, field: str) -> bool:
    if value is None:
        return stored is None if operator == "=" else stored is not None
    if stored is None:
        return False
    day = int(_number(field, value)) // _DAY * _DAY
    if operator == "=":
        return bool(day <= stored < day + _DAY)
    if operator == ">":
        return bool(stored >= day + _DAY)
    return bool(stored < day)


def _match(kind: str, operator: str, stored: Any, value: Any, field: str) -> bool:
    if kind == "date":
        return _match_date(operator, stored, value, field)
    if kind == "tag":
        return (value in stored) == (operator == "=")
    if operator in ("IN", "NIN"):
        hit = any(_match(kind, "=", stored, item, field) for item in value)
        return hit == (operator == "IN")
    if operator in ("=", "!="):
        if value is None or stored is None:
            equal = value is None and stored is None
        elif kind == "integer":
            equal = isinstance(stored, (int, float)) and stored == _number(field, value)
        else:
            equal = _fold(stored) == _fold(value)
        return equal == (operator == "=")
    if operator in _ORDER:
        if stored is None or isinstance(stored, bool) or not isinstance(stored, (int, float)):
            return False
        return _ORDER[operator](stored, _number(field, value))
    text, needle = _fold(stored) if isinstance(stored, str) else "", _fold(value)
    if operator == "~":
        return needle in text
    if operator == "!~":
        return needle not in text
    if stored is None:
        return False
    return text.startswith(needle) if operator == "^" else text.endswith(needle)


def _evaluate(store: FakeStore, contact: Json, node: Json) -> bool:
    if "field" in node:
        field, operator, value = node["field"], node["operator"], node.get("value")
        stored = contact_value(store, contact, field)
        kind = _kind(field, stored, value)
        return _match(kind, operator, stored, value, field)
    results = (_evaluate(store, contact, member) for member in node["value"])
    return all(results) if node["operator"] == "AND" else any(results)


def check_query(store: FakeStore, node: Any, depth: int = 0) -> None:
    """Reject what Intercom rejects: unknown operators, bad values, too deep or wide
    groups, and groups mixing filters and groups (the spec's two forms of `value`)."""
    if not isinstance(node, dict):
        raise _invalid("query must be an object")
    if "field" in node:
        field, operator = node.get("field"), node.get("operator")
        if not isinstance(field, str) or not field:
            raise _invalid("field must be a non-empty string")
        if operator not in FILTER_OPERATORS:
            raise _invalid(f"operator {operator!r} is not a valid search operator")
        if "value" not in node:
            raise _invalid(f"{field} needs a value")
        value = node["value"]
        sample = next(iter(store.contacts.values()), None)
        stored = contact_value(store, sample, field) if sample is not None else None
        kind = _kind(field, stored, value)
        if operator not in _ALLOWED[kind]:
            raise _invalid(f"operator {operator} is not supported on {kind} field {field}")
        _check_value(field, operator, kind, value)
        return
    group, members = node.get("operator"), node.get("value")
    if group not in ("AND", "OR"):
        raise _invalid(f"group operator {group!r} must be AND or OR")
    if depth + 1 > MAX_NESTING:
        raise _invalid(f"search is limited to {MAX_NESTING} levels of nested filters")
    if not isinstance(members, list) or not members:
        raise _invalid(f"{group} needs a non-empty array of filters")
    if len(members) > MAX_FILTERS_PER_GROUP:
        raise _invalid(f"search is limited to {MAX_FILTERS_PER_GROUP} filters per {group} group")
    if len({isinstance(member, dict) and "field" in member for member in members}) > 1:
        raise _invalid(f"an {group} group holds either filters or groups, not both")
    for member in members:
        check_query(store, member, depth + 1)


def matching_contacts(store: FakeStore, contacts: Iterable[Json], query: Json) -> list[Json]:
    """The stored contacts matching a checked ``query``, in the order given."""
    return [contact for contact in contacts if _evaluate(store, contact, query)]


def sort_contacts(store: FakeStore, contacts: list[Json], sort: Any) -> list[Json]:
    """``contacts`` ordered by ``{"field", "order"}``; contacts without a value go last."""
    if sort is None:
        return contacts
    if not isinstance(sort, dict) or not isinstance(sort.get("field"), str):
        raise _invalid("sort must be an object with a field")
    order = sort.get("order", "descending")
    if order not in ("ascending", "descending"):
        raise _invalid(f"sort order must be ascending or descending, got {order!r}")
    field = sort["field"]
    keyed = [(contact_value(store, contact, field), contact) for contact in contacts]
    present = [(value, contact) for value, contact in keyed if value is not None]
    missing = [contact for value, contact in keyed if value is None]
    try:
        present.sort(key=lambda pair: _fold(pair[0]), reverse=order == "descending")
    except TypeError:
        raise _invalid(f"cannot sort by {field}") from None
    return [contact for _, contact in present] + missing
