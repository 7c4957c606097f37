"""Packages whose names load with their submodule on first use (PEP 562).

Importing every area's models and namespace up front costs more than start-up time:
each of their ~16k functions, properties and type unions is an object every garbage
collection of the process walks, so a job that only looks up contacts paid for the
other 29 areas on every request. `intercom_async.models` and `.resources` therefore
import a submodule when one of its names is first read (`from intercom_async.models
import Ticket` included), and keep the name, so the next read is a plain lookup.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar, overload

__all__ = ["Area", "Imported", "lazy_names"]

T = TypeVar("T")


def lazy_names(
    package: str,
    modules: Mapping[str, tuple[str, ...]],
    otherwise: Callable[[str], object] | None = None,
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, whose submodule `modules[m]` (a
    relative name such as `.contacts`) defines the names `modules[m]`; a name none of
    them defines goes to `otherwise` (deprecated names), or is an `AttributeError`."""
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            if otherwise is not None:
                return otherwise(name)
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return __getattr__, __dir__


class Area(Generic[T]):
    """A client attribute such as `client.tickets`: made by `make()(client)` on first
    read, which imports its module, and then kept on the client, where the next read
    finds it without this descriptor (as `functools.cached_property` does)."""

    def __init__(self, make: Callable[[], Callable[[Any], T]]) -> None:
        self._make = make
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, client: None, owner: type | None = None) -> Area[T]: ...
    @overload
    def __get__(self, client: object, owner: type | None = None) -> T: ...
    def __get__(self, client: object, owner: type | None = None) -> T | Area[T]:
        if client is None:
            return self
        area = self._make()(client)
        vars(client)[self._name] = area
        return area


class Imported(Mapping[str, T]):
    """A table whose values are named by path (`"_team_endpoints.LIST_TEAMS"`, inside
    this package) and imported on the first read of their key: a table of every area's
    list endpoints loads an area only when a stub of it is resolved."""

    def __init__(self, paths: Mapping[str, str]) -> None:
        self._paths = dict(paths)
        self._values: dict[str, T] = {}

    def __getitem__(self, key: str) -> T:
        if key not in self._values:
            module, _, name = self._paths[key].rpartition(".")
            self._values[key] = getattr(importlib.import_module(f".{module}", __package__), name)
        return self._values[key]

    def __contains__(self, key: object) -> bool:
        return key in self._paths  # without importing, unlike Mapping's

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
