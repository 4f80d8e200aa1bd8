"""The parity ledger: who has how many people and facilities in the other's country.

For a dyad (A, B) the ledger keeps two sides, "A_in_B" (A's presence in B) and
"B_in_A", each with three measures: accredited `personnel`, `facilities`, and the
`ceiling` the host has imposed on personnel. A fourth figure, `parity`, is what the
side would hold if it mirrored the other side's personnel under the chosen counting
rule; that is the number "parity" disputes are about.

How it is built (one pass over the story in time order):

1. Starting levels come from a `Baseline` the user gives (articles rarely state them).
   A baseline figure is a snapshot "as of" a date: it replaces whatever the ledger had
   for that measure at the start of that day, so events before it are taken as already
   reflected in it. A figure without `as_of` holds from the beginning.
2. Events change the ledger as `parity/lexicon/ledger_rules.json` says: a move by S
   against T acts on T's presence in S (side "T_in_S"). `cap` sets the ceiling and
   lowers personnel to it (to the ceiling itself when personnel is unknown);
   `subtract` removes the quantity (an unknown quantity makes the value unknown, and the
   net change since the last known level is kept apart, so "−5 facilities" still shows
   when the starting level is unknown); `restore` undoes an earlier applied effect of
   the same source on the same target (the one the reversal answers, else the latest
   one in the reversal's unit).
3. Only occurred and announced events are applied. Threatened, considered and denied
   moves are listed as pending, with the value they would leave.
4. The counting rule (`all`, `exclude-io`, ...) says which baseline categories are
   left out of a count; the total minus the excluded categories is what is shown.
5. `at` cuts the story: an event counts unless its date is known to fall after `at`
   (undated events count; their place in time comes from the events they answer).

Every figure carries its sources: the story event ids and the `doc_id:event_id` reports
behind them, and the sources a baseline figure names.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from parity.analyze.chains import date_range, in_dyad, timeline
from parity.errors import InputError, LexiconError, ParityError
from parity.lexicon import load_moves, read_json
from parity.model import REAL_STATUSES, LedgerEntry, StoryEvent

RULES_FILE = "ledger_rules.json"
MEASURES = ("personnel", "facilities", "ceiling")
COUNTED = ("personnel", "facilities")  # the measures a counting rule and categories apply to
OPS = ("cap", "subtract", "restore")
_STATE = re.compile(r"^[A-Z]{3,4}$")
_SIDE = re.compile(r"^([A-Z]{3,4})_in_([A-Z]{3,4})$")


# --------------------------------------------------------------------------- rules (data)


@dataclass(frozen=True)
class LedgerRules:
    """The contents of ledger_rules.json: move effects, categories, counting rules."""

    effects: Mapping[str, Mapping[str, Any]]
    categories: Mapping[str, str]
    rules: Mapping[str, Mapping[str, Any]]

    def excluded(self, rule: str) -> frozenset[str]:
        """Categories the rule leaves out of the count."""
        return frozenset(self.rules[rule]["exclude"])

    def quantity_is_level(self, move: str) -> bool:
        """True when a move's quantity is a level (a cap's ceiling), not a number removed."""
        spec = self.effects.get(move)
        return bool(spec and spec["op"] == "cap")


@cache
def load_ledger_rules() -> LedgerRules:
    """Read and validate parity/lexicon/ledger_rules.json (cached)."""
    data = read_json(RULES_FILE)
    where = f"parity/lexicon/{RULES_FILE}"
    moves = load_moves()
    effects = data.get("effects")
    categories = data.get("categories")
    rules = data.get("rules")
    if not isinstance(effects, dict) or not isinstance(categories, dict):
        raise LexiconError(f"{where}: needs 'effects' and 'categories' tables")
    if not isinstance(rules, dict) or "all" not in rules:
        raise LexiconError(f"{where}: needs a 'rules' table with an 'all' rule")
    for move, spec in effects.items():
        if move not in moves:
            raise LexiconError(f"{where}: effect for unknown move {move!r}")
        if spec.get("op") not in OPS:
            raise LexiconError(f"{where}: move {move!r} has op {spec.get('op')!r}; known: {OPS}")
        if spec["op"] != "restore" and spec.get("measure") not in COUNTED:
            raise LexiconError(f"{where}: move {move!r} needs a measure out of {COUNTED}")
    for name, spec in rules.items():
        unknown = set(spec.get("exclude", [])) - set(categories)
        if unknown:
            raise LexiconError(f"{where}: rule {name!r} excludes unknown {sorted(unknown)}")
    return LedgerRules(effects=effects, categories=categories, rules=rules)


def rule_names() -> list[str]:
    """The counting rules a user may pick, in file order."""
    return list(load_ledger_rules().rules)


# --------------------------------------------------------------------------- baseline


@dataclass(frozen=True)
class BaselineFact:
    """One starting figure: `value` of `measure` on `side` (or on one `category` of it)."""

    side: str
    measure: str
    value: int | None
    category: str | None = None
    as_of: str | None = None
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Baseline:
    """Starting levels the user gives where articles don't state them.

    File format (JSON)::

        {"as_of": "2017-07", "note": "...",
         "sides": {"RUS_in_USA": {
             "personnel": {"value": 455, "sources": ["000_01b6ecf0aec4f96f:e3"], "note": "..."},
             "facilities": 12,
             "categories": {"international_organisations":
                 {"personnel": 155, "source": "000_01b6ecf0aec4f96f:e1", "note": "..."}}}}}

    A figure is a number or an object with `value`, `sources` (list) or `source`
    (string), `note` and `as_of`; `as_of` falls back to the side's, then the file's.
    """

    facts: tuple[BaselineFact, ...]
    origin: str = "baseline"
    note: str = ""

    @classmethod
    def from_dict(cls, data: Any, origin: str = "baseline") -> Baseline:
        """Validate a parsed baseline; problems raise `InputError` naming `origin`."""

        def bad(problem: str) -> InputError:
            return InputError(origin, problem)

        if not isinstance(data, dict) or not isinstance(data.get("sides"), dict):
            raise bad('a baseline is a JSON object with a "sides" object')
        known_categories = load_ledger_rules().categories
        file_as_of = _checked_date(data.get("as_of"), bad)
        facts: list[BaselineFact] = []
        for side, spec in data["sides"].items():
            if not _SIDE.match(side):
                raise bad(f'side {side!r} is not like "USA_in_RUS"')
            if not isinstance(spec, dict):
                raise bad(f"side {side}: expected an object")
            unknown = set(spec) - {*MEASURES, "categories", "as_of", "note"}
            if unknown:
                raise bad(f"side {side}: unknown keys {sorted(unknown)}; known: {list(MEASURES)}")
            side_as_of = _checked_date(spec.get("as_of"), bad) or file_as_of
            for measure in MEASURES:
                if measure in spec:
                    facts.append(
                        _fact(side, measure, None, spec[measure], {}, side_as_of, bad, origin)
                    )
            for category, cspec in (spec.get("categories") or {}).items():
                if category not in known_categories:
                    raise bad(
                        f"side {side}: unknown category {category!r}; "
                        f"known: {', '.join(known_categories)}"
                    )
                if not isinstance(cspec, dict) or not set(cspec) & set(COUNTED):
                    raise bad(f"side {side}, category {category}: give personnel or facilities")
                cat_as_of = _checked_date(cspec.get("as_of"), bad) or side_as_of
                for measure in COUNTED:
                    if measure in cspec:
                        facts.append(
                            _fact(
                                side,
                                measure,
                                category,
                                cspec[measure],
                                cspec,
                                cat_as_of,
                                bad,
                                origin,
                            )
                        )
        return cls(facts=tuple(facts), origin=origin, note=str(data.get("note", "")))


def _checked_date(value: Any, bad) -> str | None:
    if value is None:
        return None
    try:
        date_range(str(value))
    except ParityError as exc:
        raise bad(str(exc)) from exc
    return str(value)


def _sources(spec: Mapping[str, Any], bad) -> tuple[str, ...]:
    sources = spec.get("sources", [])
    if isinstance(sources, str):
        sources = [sources]
    if "source" in spec:
        sources = [*sources, spec["source"]]
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise bad('"sources" must be a list of strings')
    return tuple(sources)


def _fact(side, measure, category, spec, parent, as_of, bad, origin) -> BaselineFact:
    where = f"side {side}, {category + ' ' if category else ''}{measure}"
    if not isinstance(spec, dict):
        spec = {"value": spec}
    value = spec.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise bad(f"{where}: value must be a whole number ≥ 0 or null, not {value!r}")
    sources = _sources(spec, bad) or _sources(parent, bad) or (f"baseline:{Path(origin).name}",)
    return BaselineFact(
        side=side,
        measure=measure,
        value=value,
        category=category,
        as_of=_checked_date(spec.get("as_of"), bad) or as_of,
        sources=sources,
        note=str(spec.get("note") or parent.get("note") or ""),
    )


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline JSON file (see `Baseline`); a bad file raises `InputError`."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(str(p), "no such file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(p), f"not a readable JSON file ({exc})") from exc
    return Baseline.from_dict(data, origin=str(p))


# --------------------------------------------------------------------------- the ledger


@dataclass(frozen=True)
class PendingMove:
    """A threatened, considered or denied move that would change the ledger if carried out."""

    event: str
    move: str
    status: str
    side: str
    measure: str
    quantity: int | None
    date: str | None
    would_be: int | None
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["sources"] = list(self.sources)
        return out


@dataclass(frozen=True)
class Ledger:
    """The ledger of one dyad under one counting rule, as known at `at`.

    `state[side][measure]` is the current `LedgerEntry` for each side and each of
    personnel, facilities, ceiling and parity, with every source behind the figure;
    `changes[side][measure]` the net change since the last known level (None once a
    change of unknown size was applied); `series` every step in time order, each entry
    naming the sources of that step; `pending` the moves not (yet) carried out; `notes`
    what could not be applied as stated.
    """

    dyad: tuple[str, str]
    rule: str
    at: str | None
    state: Mapping[str, Mapping[str, LedgerEntry]]
    changes: Mapping[str, Mapping[str, int | None]]
    series: tuple[LedgerEntry, ...] = ()
    pending: tuple[PendingMove, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def sides(self) -> tuple[str, str]:
        a, b = self.dyad
        return f"{a}_in_{b}", f"{b}_in_{a}"

    def entry(self, side: str, measure: str) -> LedgerEntry:
        return self.state[side][measure]

    def value(self, side: str, measure: str) -> int | None:
        return self.state[side][measure].value

    def gap(self, side: str) -> int | None:
        """Personnel above (+) or below (−) parity on `side`, when both are known."""
        have, mirror = self.value(side, "personnel"), self.value(side, "parity")
        return None if have is None or mirror is None else have - mirror


@dataclass
class _Track:
    value: int | None = None
    change: int | None = 0
    sources: dict[str, None] = field(default_factory=dict)  # an ordered set
    note: str = ""
    date: str | None = None

    def add_sources(self, sources: Iterable[str]) -> None:
        self.sources.update(dict.fromkeys(sources))


@dataclass
class _Applied:
    event: StoryEvent
    side: str
    measure: str
    op: str
    amount: int | None  # what a subtract took away (None when unknown)
    prior_ceiling: _Track | None = None  # what a cap replaced
    restored: bool = False


def parse_dyad(text: str | Iterable[str]) -> tuple[str, str]:
    """`"USA-RUS"` or `("USA", "RUS")` → ("USA", "RUS"); raises `ParityError` otherwise."""
    parts = text.replace("_", "-").split("-") if isinstance(text, str) else list(text)
    parts = [p.strip().upper() for p in parts]
    if len(parts) != 2 or not all(_STATE.match(p) for p in parts) or parts[0] == parts[1]:
        raise ParityError(f"a dyad is two different ISO3 codes like USA-RUS, not {text!r}")
    return parts[0], parts[1]


def build_ledger(
    events: Iterable[StoryEvent],
    dyad: tuple[str, str] | str,
    *,
    baseline: Baseline | None = None,
    rule: str = "all",
    at: str | None = None,
) -> Ledger:
    """The parity ledger of `dyad` from story events (see the module docstring)."""
    a, b = parse_dyad(dyad)
    rules = load_ledger_rules()
    if rule not in rules.rules:
        raise ParityError(f"unknown counting rule {rule!r}; known: {', '.join(rules.rules)}")
    at_end = date_range(at)[1] if at is not None else None
    excluded = rules.excluded(rule)
    sides = (f"{a}_in_{b}", f"{b}_in_{a}")

    items = [e for e in events if in_dyad(e, (a, b))]
    ordered, starts = timeline(items)
    steps: list[tuple[date, int, int, Any]] = []
    for i, event in enumerate(ordered):
        steps.append((starts[event.id] or date.min, 1, i, event))
    for i, fact in enumerate(baseline.facts if baseline else ()):
        if fact.side in sides:
            span = date_range(fact.as_of)
            steps.append((span[0] if span else date.min, 0, i, fact))
    steps.sort(key=lambda s: s[:3])

    book = _Book(sides, rules, excluded, rule)
    for start, _, _, item in steps:
        if at_end is not None and start > at_end:
            break
        if isinstance(item, BaselineFact):
            book.set_fact(item)
        else:
            book.apply(item)
    return book.finish((a, b), at)


class _Book:
    """The mutable state of one ledger pass; `build_ledger` is its only user."""

    def __init__(self, sides, rules: LedgerRules, excluded: frozenset[str], rule: str):
        self.sides = sides
        self.rules = rules
        self.excluded = excluded
        self.rule = rule
        self.tracks = {s: {m: _Track() for m in MEASURES} for s in sides}
        self.categories: dict[tuple[str, str], dict[str, _Track]] = {
            (s, m): {} for s in sides for m in COUNTED
        }
        self.applied: list[_Applied] = []
        self.series: list[LedgerEntry] = []
        self.hypothetical: list[tuple[StoryEvent, str, str, str]] = []
        self.notes: list[str] = []

    # counting ---------------------------------------------------------------
    def counted(
        self, side: str, measure: str, *, with_sources: bool = True
    ) -> tuple[int | None, list[str], str]:
        """Value under the rule, all its sources, and a note on what the rule left out."""
        track = self.tracks[side][measure]
        left_out = [
            (name, t)
            for name, t in self.categories.get((side, measure), {}).items()
            if name in self.excluded and t.value
        ]
        sources = list(track.sources) if with_sources else []
        if not left_out or track.value is None:
            return track.value, sources, ""
        value = max(0, track.value - sum(t.value for _, t in left_out))
        if with_sources:
            sources = list(dict.fromkeys([*sources, *(x for _, t in left_out for x in t.sources)]))
        parts = ", ".join(f"{t.value} {name}" for name, t in left_out)
        note = f"{track.value} in all, less {parts} (rule {self.rule})"
        return value, sources, note

    def entry(self, side: str, measure: str) -> LedgerEntry:
        """The current figure with every source behind it."""
        return self._entry(side, measure, None)

    def _entry(self, side: str, measure: str, step: str | None, step_sources=()) -> LedgerEntry:
        """A figure; for a series `step`, with that step's own sources only (cumulative
        lists on every step would grow with the square of the story's length)."""
        track = self.tracks[side][measure]
        value, sources, rule_note = self.counted(side, measure, with_sources=step is None)
        if step is not None:
            sources = list(step_sources)
        unknown = ""
        if step is None and track.value is None and measure in COUNTED and track.sources:
            unknown = "level unknown" + (f"; net change {track.change:+d}" if track.change else "")
        parts = (step if step is not None else track.note, unknown, rule_note)
        note = "; ".join(x for x in parts if x)
        return LedgerEntry(side, measure, value, track.date, tuple(sources), note)

    def record(self, side: str, measure: str, note: str, sources: Iterable[str]) -> None:
        self.series.append(self._entry(side, measure, note, sources))

    # steps --------------------------------------------------------------------
    def set_fact(self, fact: BaselineFact) -> None:
        fresh = _Track(
            value=fact.value,
            change=0,
            sources=dict.fromkeys(fact.sources),
            note=fact.note,
            date=fact.as_of,
        )
        if fact.category:
            self.categories[(fact.side, fact.measure)][fact.category] = fresh
            self.tracks[fact.side][fact.measure].date = fact.as_of
            note = f"baseline: {fact.value} {fact.category}" + (
                f" ({fact.note})" if fact.note else ""
            )
        else:
            self.tracks[fact.side][fact.measure] = fresh
            note = "baseline" + (f": {fact.note}" if fact.note else "")
        self.record(fact.side, fact.measure, note, fact.sources)

    def apply(self, event: StoryEvent) -> None:
        spec = self.rules.effects.get(event.move)
        if spec is None or not event.source or not event.target:
            return
        side = f"{event.target}_in_{event.source}"
        if side not in self.sides:
            return
        op = spec["op"]
        measure = spec.get("measure") or (event.unit if event.unit in COUNTED else None)
        if event.status not in REAL_STATUSES:
            if measure:
                self.hypothetical.append((event, side, measure, op))
            return
        sources = (event.id, *event.reports)
        if op == "cap":
            self._cap(event, side, sources)
        elif op == "subtract":
            self._subtract(event, side, spec["measure"], sources)
        else:
            self._restore(event, side, sources)

    def _cap(self, event: StoryEvent, side: str, sources: tuple[str, ...]) -> None:
        q = event.quantity
        ceiling = self.tracks[side]["ceiling"]
        self.applied.append(
            _Applied(event, side, "personnel", "cap", None, prior_ceiling=copy.deepcopy(ceiling))
        )
        self.tracks[side]["ceiling"] = _Track(
            value=q,
            change=0,
            sources=dict.fromkeys(sources),
            note=f"set by {event.id}" + ("" if q is not None else " (ceiling not stated)"),
            date=event.date,
        )
        self.record(side, "ceiling", f"{event.id} {event.move} {_num(q)}", sources)
        staff = self.tracks[side]["personnel"]
        if q is not None and (staff.value is None or staff.value > q):
            self.tracks[side]["personnel"] = _Track(
                value=q,
                change=0,
                sources=dict.fromkeys(sources),
                note=f"capped at {q} by {event.id}",
                date=event.date,
            )
            self.record(side, "personnel", f"{event.id} {event.move} {q}: capped at {q}", sources)

    def _subtract(self, event: StoryEvent, side: str, measure: str, sources) -> None:
        q = event.quantity
        track = self.tracks[side][measure]
        track.add_sources(sources)
        track.date = event.date
        if q is None:
            was = track.value
            track.value = None
            track.change = None
            track.note = f"{event.id} removed an unstated number" + (
                f" (was {was})" if was is not None else ""
            )
        else:
            if track.value is not None:
                if q > track.value:
                    self.notes.append(
                        f"{event.id}: {event.move} {q} exceeds the {track.value} known on "
                        f"{side} {measure}; counted down to 0"
                    )
                track.value = max(0, track.value - q)
            if track.change is not None:
                track.change -= q
            track.note = ""
        self.applied.append(_Applied(event, side, measure, "subtract", q))
        self.record(side, measure, f"{event.id} {event.move} {_num(q)}: −{_num(q)}", sources)

    def _restore(self, event: StoryEvent, side: str, sources) -> None:
        open_ = [
            x
            for x in self.applied
            if not x.restored and x.event.source == event.source and x.event.target == event.target
        ]
        answered = [*event.responds_to, *event.inferred_responds_to]
        chosen = next(
            (x for eid in answered for x in reversed(open_) if x.event.id == eid),
            None,
        )
        if chosen is None and event.unit in COUNTED:
            chosen = next((x for x in reversed(open_) if x.measure == event.unit), None)
        if chosen is None:
            self.notes.append(f"{event.id}: {event.move} names nothing on the ledger to restore")
            return
        chosen.restored = True
        if chosen.op == "cap":
            prior = chosen.prior_ceiling or _Track()
            prior.add_sources(sources)
            prior.date = event.date
            prior.note = f"ceiling of {chosen.event.id} lifted by {event.id}"
            self.tracks[side]["ceiling"] = prior
            self.record(
                side, "ceiling", f"{event.id} {event.move} lifts {chosen.event.id}", sources
            )
            return
        amount = event.quantity if event.quantity is not None else chosen.amount
        track = self.tracks[side][chosen.measure]
        track.add_sources(sources)
        track.date = event.date
        if amount is None:
            track.value = None
            track.change = None
        else:
            if track.value is not None:
                track.value += amount
            if track.change is not None:
                track.change += amount
        track.note = f"{event.id} restored what {chosen.event.id} removed"
        step = f"{event.id} {event.move} of {chosen.event.id}: +{_num(amount)}"
        self.record(side, chosen.measure, step, sources)

    # result -------------------------------------------------------------------
    def finish(self, dyad: tuple[str, str], at: str | None) -> Ledger:
        state: dict[str, dict[str, LedgerEntry]] = {}
        changes: dict[str, dict[str, int | None]] = {}
        for side in self.sides:
            state[side] = {m: self.entry(side, m) for m in MEASURES}
            changes[side] = {m: self.tracks[side][m].change for m in COUNTED}
        for side in self.sides:
            other = self.sides[1] if side == self.sides[0] else self.sides[0]
            mirror = state[other]["personnel"]
            state[side]["parity"] = LedgerEntry(
                side=side,
                measure="parity",
                value=mirror.value,
                date=mirror.date,
                sources=mirror.sources,
                note=f"mirrors {other} personnel under rule {self.rule}",
            )
        pending = []
        for event, side, measure, op in self.hypothetical:
            now = state[side][measure].value
            q = event.quantity
            if op == "subtract":
                would = None if now is None or q is None else max(0, now - q)
            elif op == "cap":
                would = q if now is None or q is None else min(now, q)
            else:
                would = None
            pending.append(
                PendingMove(
                    event=event.id,
                    move=event.move,
                    status=event.status,
                    side=side,
                    measure=measure,
                    quantity=q,
                    date=event.date,
                    would_be=would,
                    sources=(event.id, *event.reports),
                )
            )
        return Ledger(
            dyad=dyad,
            rule=self.rule,
            at=at,
            state=state,
            changes=changes,
            series=tuple(self.series),
            pending=tuple(pending),
            notes=tuple(self.notes),
        )


def _num(q: int | None) -> str:
    return "?" if q is None else str(q)


# --------------------------------------------------------------------------- JSON


def _entry_json(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "value": entry.value,
        "sources": list(entry.sources),
        "date": entry.date,
        "note": entry.note,
    }


def ledger_to_json(ledger: Ledger) -> dict[str, Any]:
    """The ledger as plain JSON: per side personnel, facilities, ceiling and parity
    (each `{"value", "sources", "date", "note"}`), plus the series, pending moves and notes."""
    out: dict[str, Any] = {"dyad": list(ledger.dyad), "rule": ledger.rule, "at": ledger.at}
    for side in ledger.sides:
        block = {m: _entry_json(ledger.entry(side, m)) for m in (*MEASURES, "parity")}
        for m in COUNTED:
            block[m]["change"] = ledger.changes[side][m]
        block["parity"]["gap"] = ledger.gap(side)
        out[side] = block
    out["series"] = [
        {
            "side": e.side,
            "measure": e.measure,
            "value": e.value,
            "date": e.date,
            "sources": list(e.sources),
            "note": e.note,
        }
        for e in ledger.series
    ]
    out["pending"] = [p.to_dict() for p in ledger.pending]
    out["notes"] = list(ledger.notes)
    return out
