"""The registry of indicator providers and the figures of a subtree for a period.

A provider (`register(provider)`) knows one part of the campaign (members, the notebook, study
classes, meetings…). For a `Scope` — a node, a period — it returns named counts grouped by
(child unit, block): the child unit is the path prefix one level under the node (rows sitting on
the node itself group under the node's own path), the block is the cell's block. Each provider
runs a fixed number of aggregate queries whatever the size of the subtree; never a loop per unit.

Counts are stored; a rate is a `Rate` (numerator and denominator keys) computed at display as an
exact `Fraction`. A `FigureSet` holds the counts with the units they belong to and turns into
JSON (a frozen review's snapshot) and back.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.db import connection, connections
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import Promise

from lamtheo.organizations.models import CELL_KINDS, Organization

from . import periods

STEP = 4  # treebeard steplen of Organization paths
SNAPSHOT_VERSION = 1

Key = tuple[str, str]  # (unit path, block)


@dataclass(frozen=True)
class Indicator:
    key: str  # "notebook.registered": provider key, a dot, a name
    label: str | Promise
    # Counts that describe people at the moment of computing (not events of the period) say so.
    headline: bool = False  # shown on the dashboard's first row


@dataclass(frozen=True)
class Rate:
    key: str
    label: str | Promise
    numerator: str
    denominator: str
    headline: bool = False


@dataclass(frozen=True)
class Scope:
    """A node and a period; helpers to filter rows of the subtree and group them by child unit."""

    path: str
    depth: int
    date_from: dt.date
    date_to: dt.date
    # Only the rows sitting on the node itself (its own classes, its own members if a cell): what a
    # compiled review adds to its children's submitted figures.
    direct: bool = False
    _shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # Re-entrant: a shared result may itself need another (the population needs the counted units).
    _lock: threading.RLock = field(default_factory=threading.RLock, compare=False, repr=False)

    def shared(self, name: str, compute: Callable[[], Any]) -> Any:
        """A result several providers need (the people of the subtree), computed once per scope."""
        with self._lock:
            if name not in self._shared:
                self._shared[name] = compute()
            return self._shared[name]

    @classmethod
    def of(cls, node: Organization, date_from: dt.date, date_to: dt.date, *, direct: bool = False) -> Scope:
        return cls(node.path, node.depth, date_from, date_to, direct)

    @property
    def unit_length(self) -> int:
        return (self.depth + 1) * STEP

    @property
    def years(self) -> list[int]:
        return periods.years(self.date_from, self.date_to)

    @property
    def first_half_years(self) -> list[int]:
        return periods.first_half_years(self.date_from, self.date_to)

    @property
    def second_half_years(self) -> list[int]:
        return periods.second_half_years(self.date_from, self.date_to)

    def within(self, path_field: str) -> Q:
        if self.direct:
            return Q(**{path_field: self.path})
        return Q(**{f"{path_field}__startswith": self.path})

    def grouped(self, queryset: QuerySet[Any], *, org: str, counts: Mapping[str, Any]) -> dict[Key, dict[str, int]]:
        """One aggregate query: `counts` (name → aggregate) per (child unit, block) of the subtree.

        `org` is the lookup from the rows to the organisation they belong to ("registration__organization",
        "cell"; "" when the rows are organisations). Pick the shortest one: every join costs at a
        province's size. Rows group by their organisation's path prefix one level under the node.
        """
        prefix = f"{org}__" if org else ""
        path = f"{prefix}path"
        rows = (
            queryset.filter(self.within(path))
            .annotate(_unit=Substr(path, 1, self.unit_length), _block=F(f"{prefix}block"))
            .order_by()
            .values("_unit", "_block")
            .annotate(**counts)
        )
        result: dict[Key, dict[str, int]] = {}
        for row in rows:
            key = (row.pop("_unit"), row.pop("_block") or "")
            result[key] = {name: int(value or 0) for name, value in row.items()}
        return result


class Provider(Protocol):
    key: str
    title: str | Promise
    order: int
    indicators: tuple[Indicator, ...]
    rates: tuple[Rate, ...]

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        """Counts per (unit path, block); names are the indicator keys without the provider prefix."""
        ...


class BaseProvider:
    """Convenience base: subclasses set the attributes and implement `compute`."""

    key: ClassVar[str] = ""
    title: ClassVar[str | Promise] = ""
    order: ClassVar[int] = 100
    cost: ClassVar[int] = 1  # rough relative cost; the costliest start first when run in parallel
    indicators: ClassVar[tuple[Indicator, ...]] = ()
    rates: ClassVar[tuple[Rate, ...]] = ()

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:  # pragma: no cover - abstract
        raise NotImplementedError


_REGISTRY: dict[str, Provider] = {}


def register(provider: Any) -> Any:
    """Add (or replace) a provider; usable as a class decorator. Returns what it was given."""
    instance = provider() if isinstance(provider, type) else provider
    if not instance.key or "." in instance.key:
        raise ValueError(f"Provider key {instance.key!r} must be non-empty and have no dot.")
    for item in (*instance.indicators, *instance.rates):
        if not item.key.startswith(f"{instance.key}."):
            raise ValueError(f"{item.key!r} must start with the provider key {instance.key!r}.")
    _REGISTRY[instance.key] = instance
    return provider


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def providers() -> list[Provider]:
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.key))


def indicator_index() -> dict[str, Indicator]:
    return {i.key: i for p in providers() for i in p.indicators}


def rate_index() -> dict[str, Rate]:
    return {r.key: r for p in providers() for r in p.rates}


# --- the figures of a node for a period ------------------------------------------------------------


@dataclass
class Unit:
    path: str
    code: str
    name: str
    kind: str
    pk: int | None = None

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS


@dataclass
class FigureSet:
    """Counts of a subtree for a period by (child unit, block), with the units' names."""

    node: Unit
    date_from: dt.date
    date_to: dt.date
    units: list[Unit]
    values: dict[Key, dict[str, int]]
    providers: list[str]
    source: str = "live"
    computed_at: str = ""
    stored_rates: dict[str, list[int]] = field(default_factory=dict)

    # --- reading ---------------------------------------------------------------------------
    def total(self, key: str) -> int:
        return sum(counts.get(key, 0) for counts in self.values.values())

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for counts in self.values.values():
            for key, value in counts.items():
                out[key] += value
        return dict(out)

    def by_unit(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for (unit, _block), counts in self.values.items():
            target = out.setdefault(unit, defaultdict(int))  # type: ignore[arg-type]
            for key, value in counts.items():
                target[key] += value
        return {unit: dict(counts) for unit, counts in out.items()}

    def by_block(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for (_unit, block), counts in self.values.items():
            target = out.setdefault(block, defaultdict(int))  # type: ignore[arg-type]
            for key, value in counts.items():
                target[key] += value
        return {block: dict(counts) for block, counts in out.items()}

    def has(self, key: str) -> bool:
        provider = key.split(".", 1)[0]
        return provider in self.providers

    @staticmethod
    def rate_of(rate: Rate, counts: Mapping[str, int]) -> Fraction | None:
        return fraction(counts.get(rate.numerator, 0), counts.get(rate.denominator, 0))

    # --- JSON -------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        totals = self.totals()
        rates = {
            r.key: [totals.get(r.numerator, 0), totals.get(r.denominator, 0)]
            for r in rate_index().values()
            if self.has(r.key)
        }
        return {
            "version": SNAPSHOT_VERSION,
            "node": _unit_json(self.node),
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "source": self.source,
            "computed_at": self.computed_at,
            "providers": list(self.providers),
            "units": [_unit_json(u) for u in self.units],
            "values": [
                {"unit": unit, "block": block, "counts": dict(sorted(counts.items()))}
                for (unit, block), counts in sorted(self.values.items())
            ],
            "rates": rates,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FigureSet:
        values: dict[Key, dict[str, int]] = {}
        for row in data.get("values", []):
            key = (str(row["unit"]), str(row.get("block") or ""))
            target = values.setdefault(key, {})
            for name, value in dict(row.get("counts", {})).items():
                target[str(name)] = target.get(str(name), 0) + int(value)
        return cls(
            node=_unit_from(data["node"]),
            date_from=dt.date.fromisoformat(data["date_from"]),
            date_to=dt.date.fromisoformat(data["date_to"]),
            units=[_unit_from(u) for u in data.get("units", [])],
            values=values,
            providers=list(data.get("providers", [])),
            source=str(data.get("source", "live")),
            computed_at=str(data.get("computed_at", "")),
            stored_rates={str(k): [int(x) for x in v] for k, v in dict(data.get("rates", {})).items()},
        )


def _unit_json(unit: Unit) -> dict[str, Any]:
    return {"path": unit.path, "code": unit.code, "name": unit.name, "kind": unit.kind, "id": unit.pk}


def _unit_from(data: Mapping[str, Any]) -> Unit:
    return Unit(
        str(data["path"]),
        str(data.get("code", "")),
        str(data.get("name", "")),
        str(data.get("kind", "")),
        data.get("id"),
    )


def unit_of(node: Organization) -> Unit:
    return Unit(node.path, node.code, node.name, node.kind, node.pk)


def fraction(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


def child_units(node: Organization, date_from: dt.date, date_to: dt.date, with_data: Iterable[str] = ()) -> list[Unit]:
    """The node's children in force during the period, plus any child that has rows (one query)."""
    extra = [p for p in with_data if len(p) > len(node.path)]
    active = (Q(valid_from__isnull=True) | Q(valid_from__lte=date_to)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=date_from)
    )
    qs = Organization.objects.filter(path__startswith=node.path, depth=node.depth + 1).filter(
        active | Q(path__in=extra)
    )
    return [unit_of(o) for o in qs.order_by("path").only("path", "code", "name", "kind", "depth")]


ProgressFn = Callable[[int, int, str], None]


PARALLEL_MIN_UNITS = 500  # below this many organisations in the subtree, threads cost more than they save


def parallel_workers(scope: Scope | None = None) -> int:
    """How many providers may run at once, each on its own connection.

    Only on PostgreSQL, outside a transaction (other connections would not see its rows) and for a
    large subtree (one cheap count); `REVIEWS_FIGURE_WORKERS` (default 2) sets the number, 1 turns
    it off.
    """
    workers = int(getattr(settings, "REVIEWS_FIGURE_WORKERS", 2))
    if workers < 2 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    if scope is not None:
        size = Organization.objects.filter(path__startswith=scope.path).count()
        if size < PARALLEL_MIN_UNITS:
            return 1
    return workers


def _run_in_thread(provider: Provider, scope: Scope) -> dict[Key, dict[str, int]]:
    try:
        return provider.compute(scope)
    finally:
        connections.close_all()  # this thread's connection


def run_providers(
    chosen: list[Provider], scope: Scope, progress: ProgressFn | None = None
) -> dict[str, dict[Key, dict[str, int]]]:
    """Each provider's counts, by provider key; in parallel threads when `parallel_workers()` allows."""
    results: dict[str, dict[Key, dict[str, int]]] = {}
    workers = min(parallel_workers(scope), len(chosen)) if len(chosen) > 1 else 1
    if workers < 2:
        for index, provider in enumerate(chosen):
            if progress:
                progress(index, len(chosen), str(provider.title))
            results[provider.key] = provider.compute(scope)
        return results
    # The costliest first, so that the others fill the second worker meanwhile.
    ordered = sorted(chosen, key=lambda p: -getattr(p, "cost", 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="review-figures") as pool:
        futures = {pool.submit(_run_in_thread, p, scope): p for p in ordered}
        for done, future in enumerate(as_completed(futures), start=1):
            provider = futures[future]
            results[provider.key] = future.result()
            if progress:
                progress(done, len(chosen), str(provider.title))
    return results


def compute(
    node: Organization,
    date_from: dt.date,
    date_to: dt.date,
    *,
    only: Iterable[str] | None = None,
    progress: ProgressFn | None = None,
    direct: bool = False,
) -> FigureSet:
    """Live figures of `node`'s subtree for the period, from every registered provider.

    `direct`: only what sits on the node itself (see `Scope.direct`).
    """
    scope = Scope.of(node, date_from, date_to, direct=direct)
    chosen = [p for p in providers() if only is None or p.key in set(only)]
    results = run_providers(chosen, scope, progress)
    values: dict[Key, dict[str, int]] = {}
    for provider in chosen:
        for key, counts in results[provider.key].items():
            target = values.setdefault(key, {})
            for name, value in counts.items():
                target[f"{provider.key}.{name}"] = value
    if progress:
        progress(len(chosen), len(chosen), "")
    units = [] if direct else child_units(node, date_from, date_to, with_data={unit for unit, _ in values})
    if any(unit == node.path for unit, _ in values):
        units.insert(0, unit_of(node))
    return FigureSet(
        node=unit_of(node),
        date_from=date_from,
        date_to=date_to,
        units=units,
        values=values,
        providers=[p.key for p in chosen],
        computed_at=timezone.now().isoformat(timespec="seconds"),
    )


def compile_children(
    node: Organization,
    date_from: dt.date,
    date_to: dt.date,
    snapshots: Mapping[str, FigureSet],
    own: FigureSet | None = None,
) -> FigureSet:
    """The node's figures as the sum of its children's submitted figures (`snapshots` by child path)
    and of its own direct activity (`own`: `compute(..., direct=True)`), which stays its own row.

    A child's own breakdown (by its children) folds into one unit; the blocks are kept.
    """
    values: dict[Key, dict[str, int]] = {}
    names: set[str] = set()
    if own is not None:
        names.update(own.providers)
        for (unit, block), counts in own.values.items():
            if unit == node.path and any(counts.values()):
                values[(unit, block)] = dict(counts)
    for path, figures in snapshots.items():
        names.update(figures.providers)
        for block, counts in figures.by_block().items():
            target = values.setdefault((path, block), {})
            for key, value in counts.items():
                target[key] = target.get(key, 0) + value
    units = child_units(node, date_from, date_to, with_data=snapshots.keys())
    if any(unit == node.path for unit, _ in values):
        units.insert(0, unit_of(node))
    order = [p.key for p in providers()]
    return FigureSet(
        node=unit_of(node),
        date_from=date_from,
        date_to=date_to,
        units=units,
        values=values,
        providers=sorted(names, key=lambda k: order.index(k) if k in order else len(order)),
        source="children",
        computed_at=timezone.now().isoformat(timespec="seconds"),
    )
