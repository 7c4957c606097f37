"""Intercom's search query language: built with `Q`, checked before anything is sent.

The rules come from the 2.14 description of `POST /contacts/search` and the schemas
`search_request`, `single_filter_search_request` and `multiple_filter_search_request`:

* a filter is `{"field", "operator", "value"}`; a group is `{"operator": "AND"|"OR",
  "value": [...]}` of filters or groups;
* "There's a limit of max 2 nested filters": we read this as at most two levels of
  groups (`(a OR b) AND (c OR d)` is fine, a group inside that is not);
* "There's a limit of max 15 filters for each AND or OR group";
* `IN`/`NIN` "Values must be in Array"; `~ !~ ^ $` take strings; `< > <= >=` numbers;
* Date fields accept only `=`, `<` and `>` (`!=`, `>=`, `<=`, `IN`, `NIN` "return an
  error"), and `tag_id` only `=` and `!=`.

```python
from intercom_async import Q

query = Q.field("email").ends_with("@acme.com") & (Q.field("created_at") > cutoff)
query.to_dict()   # {"operator": "AND", "value": [{"field": "email", ...}, ...]}
```
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final, NoReturn

import attrs
import orjson

from .errors import IntercomError

__all__ = [
    "CONTACT_FIELD_TYPES",
    "FILTER_OPERATORS",
    "GROUP_OPERATORS",
    "MAX_FILTERS_PER_GROUP",
    "MAX_NESTING",
    "Field",
    "Filter",
    "Group",
    "InvalidQueryError",
    "Q",
    "Query",
    "build_query",
    "epoch_seconds",
]

FILTER_OPERATORS: Final = ("=", "!=", "IN", "NIN", "<", "<=", ">", ">=", "~", "!~", "^", "$")
"""The `single_filter_search_request.operator` enum of the 2.14 spec."""
GROUP_OPERATORS: Final = ("AND", "OR")
MAX_NESTING: Final = 2
"""Levels of AND/OR groups Intercom accepts ("max 2 nested filters")."""
MAX_FILTERS_PER_GROUP: Final = 15
"""Members of one AND/OR group ("max 15 filters for each AND or OR group")."""

_LIST_OPERATORS = frozenset({"IN", "NIN"})
_TEXT_OPERATORS = frozenset({"~", "!~", "^", "$"})
_ORDER_OPERATORS = frozenset({"<", "<=", ">", ">="})
_OPERATORS_BY_TYPE: Mapping[str, frozenset[str]] = {
    "string": frozenset({"=", "!=", "IN", "NIN", "~", "!~", "^", "$"}),
    "boolean": frozenset({"=", "!=", "IN", "NIN"}),
    "integer": frozenset({"=", "!=", "IN", "NIN", "<", ">", "<=", ">="}),
    "date": frozenset({"=", "<", ">"}),
    "tag": frozenset({"=", "!="}),
}

_DATE_FIELDS = (
    "created_at signed_up_at updated_at last_seen_at last_contacted_at last_replied_at "
    "last_email_opened_at last_email_clicked_at ios_last_seen_at android_last_seen_at"
)
_STRING_FIELDS = (
    "id role name avatar email email_domain phone external_id language_override browser "
    "browser_language os location.country location.region location.city ios_app_version "
    "ios_device ios_app_device ios_os_version ios_app_name ios_sdk_version android_app_version "
    "android_device android_app_name android_sdk_version andoid_sdk_version segment_id"
)
CONTACT_FIELD_TYPES: Final[Mapping[str, str]] = {
    **dict.fromkeys(_STRING_FIELDS.split(), "string"),
    **dict.fromkeys(_DATE_FIELDS.split(), "date"),
    **dict.fromkeys(
        ("unsubscribed_from_emails", "marked_email_as_spam", "has_hard_bounced"), "boolean"
    ),
    "owner_id": "integer",
    "tag_id": "tag",
}
"""The "Accepted Fields" table of `POST /contacts/search` (custom attributes are free-form)."""


class InvalidQueryError(IntercomError, ValueError):
    """A search query Intercom would reject; raised before any request is sent."""

    def __init__(self, message: str, *, path: str = "query") -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def epoch_seconds(moment: datetime) -> int:
    """Whole epoch seconds of an aware datetime (Intercom's timestamps are whole seconds)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"naive datetime {moment.isoformat()}: give it a timezone (e.g. tzinfo=timezone.utc)"
        )
    return int(moment.timestamp())


class Query:
    """A filter or an AND/OR group; `&` and `|` combine queries."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON object sent as the search request's `query`."""
        raise NotImplementedError

    def __and__(self, other: Query) -> Group:
        return _combine("AND", self, other)

    def __or__(self, other: Query) -> Group:
        return _combine("OR", self, other)

    def __bool__(self) -> NoReturn:
        # `a and b` or `1 < field < 5` would silently drop a condition.
        raise TypeError(
            "combine search queries with & and |, not `and`/`or` or chained comparisons"
        )

    def __str__(self) -> str:
        return orjson.dumps(self.to_dict()).decode()

    def __repr__(self) -> str:
        return f"Q({self})"


@attrs.frozen(repr=False)
class Filter(Query):
    """One `{"field", "operator", "value"}` condition; the value is already JSON-ready."""

    field: str
    operator: str
    value: Any

    def __attrs_post_init__(self) -> None:
        _check_filter(self.to_dict(), "query", {}, _OPERATORS_BY_TYPE)  # fields: per resource

    def to_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"field": self.field, "operator": self.operator, "value": value}


@attrs.frozen(repr=False)
class Group(Query):
    """`AND`/`OR` over filters or groups; limits are checked by `build_query`."""

    operator: str
    members: tuple[Query, ...]

    def __attrs_post_init__(self) -> None:
        if self.operator not in GROUP_OPERATORS:
            raise InvalidQueryError(f"group operator must be AND or OR, got {self.operator!r}")
        for member in self.members:
            if not isinstance(member, Query):
                raise TypeError(f"an {self.operator} group takes Q queries, got {member!r:.60}")

    def to_dict(self) -> dict[str, Any]:
        return {"operator": self.operator, "value": [member.to_dict() for member in self.members]}


def _combine(operator: str, left: Query, right: Query) -> Group:
    """`a & b & c` becomes one AND of three rather than a nested AND (same meaning)."""
    if not isinstance(right, Query):
        raise TypeError(f"cannot combine a search query with {type(right).__name__}")
    members: list[Query] = []
    for side in (left, right):
        if isinstance(side, Group) and side.operator == operator:
            members.extend(side.members)
        else:
            members.append(side)
    return Group(operator, tuple(members))


def _wire(value: Any) -> Any:
    """Datetimes to epoch seconds, tuples to lists; everything else as given."""
    if isinstance(value, datetime):
        return epoch_seconds(value)
    if isinstance(value, (list, tuple)):
        return [_wire(item) for item in value]
    return value


class Field:
    """A searchable field; its methods and comparison operators make `Filter`s."""

    __slots__ = ("name",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise InvalidQueryError(f"field name must be a non-empty string, got {name!r}")
        self.name = name

    def __repr__(self) -> str:
        return f"Q.field({self.name!r})"

    def where(self, operator: str, value: Any) -> Filter:
        """`field operator value` with any operator of `FILTER_OPERATORS`."""
        return Filter(self.name, operator, _wire(value))

    def eq(self, value: Any) -> Filter:
        """`=`; `None` matches contacts without a value."""
        return self.where("=", value)

    def ne(self, value: Any) -> Filter:
        """`!=` (not on date fields)."""
        return self.where("!=", value)

    def in_(self, values: Sequence[Any]) -> Filter:
        """`IN`: equal to one of `values`."""
        return self.where("IN", values)

    def nin(self, values: Sequence[Any]) -> Filter:
        """`NIN`: equal to none of `values`."""
        return self.where("NIN", values)

    def lt(self, value: Any) -> Filter:
        """`<`; on date fields: before the start of that day."""
        return self.where("<", value)

    def le(self, value: Any) -> Filter:
        """`<=` (integers only)."""
        return self.where("<=", value)

    def gt(self, value: Any) -> Filter:
        """`>`; on date fields: from the start of the next day."""
        return self.where(">", value)

    def ge(self, value: Any) -> Filter:
        """`>=` (integers only)."""
        return self.where(">=", value)

    def contains(self, text: str) -> Filter:
        """`~`."""
        return self.where("~", text)

    def not_contains(self, text: str) -> Filter:
        """`!~`."""
        return self.where("!~", text)

    def starts_with(self, text: str) -> Filter:
        """`^`."""
        return self.where("^", text)

    def ends_with(self, text: str) -> Filter:
        """`$`."""
        return self.where("$", text)

    def __eq__(self, value: object) -> Filter:  # type: ignore[override]
        return self.eq(value)

    def __ne__(self, value: object) -> Filter:  # type: ignore[override]
        return self.ne(value)

    def __lt__(self, value: Any) -> Filter:
        return self.lt(value)

    def __le__(self, value: Any) -> Filter:
        return self.le(value)

    def __gt__(self, value: Any) -> Filter:
        return self.gt(value)

    def __ge__(self, value: Any) -> Filter:
        return self.ge(value)


class Q:
    """Entry point of the query builder: `Q.field(name)`, `Q.all_of(...)`, `Q.any_of(...)`."""

    __slots__ = ()

    def __init__(self) -> None:
        raise TypeError("Q is a namespace: use Q.field(name), Q.all_of(...) or Q.any_of(...)")

    @staticmethod
    def field(name: str) -> Field:
        """A field to compare, e.g. `"email"`, `"location.city"`, `"custom_attributes.plan"`."""
        return Field(name)

    @staticmethod
    def all_of(*queries: Query) -> Group:
        """`AND` of `queries` (as written, not flattened)."""
        return Group("AND", tuple(queries))

    @staticmethod
    def any_of(*queries: Query) -> Group:
        """`OR` of `queries` (as written, not flattened)."""
        return Group("OR", tuple(queries))


def build_query(
    query: Query | Mapping[str, Any],
    *,
    field_types: Mapping[str, str] = CONTACT_FIELD_TYPES,
    operators: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, Any]:
    """The JSON `query` for a search request, checked against Intercom's rules.

    Plain dicts get the same checks as `Q` queries (and datetimes in them become
    epoch seconds); the first problem raises `InvalidQueryError` naming its path. A
    group holds either filters or groups (the spec's `multiple_filter_search_request`),
    so filters beside sub-groups are sent as one group of the same operator, which
    means the same: `a & (b | c)` goes as `AND[AND[a], OR[b, c]]`. `operators` maps a
    field type to the operators it takes, when an endpoint's table differs from the
    contact search's (tickets take `!=` and `IN` on dates).
    """
    if isinstance(query, Query):
        wire = query.to_dict()
    elif isinstance(query, Mapping):
        wire = _normalize(query)
    else:
        raise InvalidQueryError(f"expected a Q query or a dict, got {type(query).__name__}")
    _check_node(wire, "query", 0, field_types, operators or _OPERATORS_BY_TYPE)
    return _unmixed(wire)


def _unmixed(node: dict[str, Any]) -> dict[str, Any]:
    """`node` with the filters of every mixed group gathered into one group, where the
    first of them stood (a checked query: the new group is no deeper than its siblings)."""
    if "field" in node:
        return node
    members = [_unmixed(member) for member in node["value"]]
    filters = [member for member in members if "field" in member]
    if not filters or len(filters) == len(members):
        return {**node, "value": members}
    first = members.index(filters[0])
    groups = [member for member in members if "field" not in member]
    gathered = {"operator": node["operator"], "value": filters}
    return {**node, "value": [*groups[:first], gathered, *groups[first:]]}


def _normalize(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {key: _normalize(value) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [_normalize(item) for item in node]
    return _wire(node)


def _check_node(
    node: Any,
    path: str,
    depth: int,
    field_types: Mapping[str, str],
    operators: Mapping[str, frozenset[str]],
) -> None:
    if not isinstance(node, Mapping):
        raise InvalidQueryError(f"expected a filter or group object, got {node!r:.60}", path=path)
    if "field" in node:
        _check_filter(node, path, field_types, operators)
        return
    if "operator" not in node:
        raise InvalidQueryError(
            "neither a filter (field/operator/value) nor a group (operator/value): "
            f"keys {sorted(node)}",
            path=path,
        )
    _check_keys(node, {"operator", "value"}, path)
    operator, members = node["operator"], node.get("value")
    if operator not in GROUP_OPERATORS:
        hint = " (filters need a 'field')" if operator in FILTER_OPERATORS else ""
        raise InvalidQueryError(
            f"group operator must be AND or OR, got {operator!r}{hint}", path=f"{path}.operator"
        )
    if depth + 1 > MAX_NESTING:
        raise InvalidQueryError(
            f"groups nested {depth + 1} levels deep; Intercom allows at most {MAX_NESTING}",
            path=path,
        )
    if not isinstance(members, (list, tuple)) or not members:
        raise InvalidQueryError(f"an {operator} group needs a non-empty list of filters", path=path)
    if len(members) > MAX_FILTERS_PER_GROUP:
        raise InvalidQueryError(
            f"{len(members)} filters in one {operator} group; "
            f"Intercom allows at most {MAX_FILTERS_PER_GROUP}",
            path=path,
        )
    for index, member in enumerate(members):
        _check_node(member, f"{path}.value[{index}]", depth + 1, field_types, operators)


def _check_keys(node: Mapping[str, Any], allowed: set[str], path: str) -> None:
    unknown = sorted(set(node) - allowed)
    if unknown:
        raise InvalidQueryError(f"unknown keys {unknown}; expected {sorted(allowed)}", path=path)


def _check_filter(
    node: Mapping[str, Any],
    path: str,
    field_types: Mapping[str, str],
    operators: Mapping[str, frozenset[str]],
) -> None:
    _check_keys(node, {"field", "operator", "value"}, path)
    field, operator = node["field"], node.get("operator")
    if not isinstance(field, str) or not field:
        raise InvalidQueryError(
            f"field must be a non-empty string, got {field!r}", path=f"{path}.field"
        )
    if operator not in FILTER_OPERATORS:
        raise InvalidQueryError(
            f"unknown operator {operator!r} for {field!r}; expected one of "
            + " ".join(FILTER_OPERATORS),
            path=f"{path}.operator",
        )
    if "value" not in node:
        raise InvalidQueryError(f"filter on {field!r} has no 'value'", path=path)
    value = node["value"]
    kind = field_types.get(field)
    if kind is not None and operator not in operators.get(kind, FILTER_OPERATORS):
        allowed = " ".join(op for op in FILTER_OPERATORS if op in operators.get(kind, ()))
        raise InvalidQueryError(
            f"operator {operator!r} is not supported on {kind} field {field!r}; "
            f"use one of {allowed}",
            path=f"{path}.operator",
        )
    problem = _value_problem(operator, value, kind)
    if problem:
        raise InvalidQueryError(f"{field} {operator}: {problem}", path=f"{path}.value")


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _value_problem(operator: str, value: Any, kind: str | None) -> str | None:
    """What is wrong with `value` for `operator` (and the field's type when known), if anything."""
    if operator in _LIST_OPERATORS:
        if not isinstance(value, list):
            return f"{operator} needs a list of values, got {type(value).__name__} {value!r:.40}"
        if not value:
            return f"{operator} needs at least one value"
        for item in value:
            if type(item) not in (str, int, bool):
                return f"list items must be strings or integers, got {item!r:.40}"
            problem = _value_problem("=", item, kind)
            if problem:
                return problem
        return None
    if isinstance(value, (list, dict)):
        return f"needs a single value (only IN/NIN take a list), got {value!r:.40}"
    if operator in _TEXT_OPERATORS and not isinstance(value, str):
        return f"needs a string, got {type(value).__name__} {value!r:.40}"
    numeric = _is_number(value) or (isinstance(value, str) and value.lstrip("-").isdigit())
    if operator in _ORDER_OPERATORS and not numeric:
        return f"needs a number or a datetime, got {type(value).__name__} {value!r:.40}"
    if kind == "date" and value is not None and not numeric:
        return f"date fields take epoch seconds or a datetime, got {value!r:.40}"
    if kind == "integer" and value is not None and not numeric:
        return f"needs an integer, got {value!r:.40}"
    if kind == "boolean" and value is not None and not isinstance(value, bool):
        return f"needs true or false, got {value!r:.40}"
    if kind in ("string", "tag") and value is not None and not isinstance(value, str):
        return f"needs a string, got {type(value).__name__} {value!r:.40}"
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return f"unsupported value type {type(value).__name__}"
    return None
