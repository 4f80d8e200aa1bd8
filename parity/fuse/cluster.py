"""The `Fuser`: cross-document clustering with blocking, incremental adds and anchoring.

Stages, in the order `Fuser.add` runs them:

1. index   each report goes into blocks keyed by dyad × move × status × count × time:
           day and month for day dates, month, year, or (undated) the month its article
           appeared; a report that nothing places in time is found through what it
           states in particular (count, actor, quote). Only reports in blocks that a
           match could lie in are compared, so the work grows with the reports, not
           with their square.
2. compare new reports against the candidates in their blocks (`rules.match`); pairs
           that can be one event are kept as scored edges. Old pairs are never compared
           again.
3. anchor  an undated article is placed in time (`anchor.anchor`) from its relative
           expressions ("last week") and the dated reports of other articles they best
           match, as the article reads; its reports wait until then, are dated against
           the inferred day and compared (stages 1-2). A new dated report only marks
           the undated articles it may concern for anchoring again.
4. cluster each connected part of the edge graph that changed, greedily from the best
           edge down, merging two clusters only when every member stays compatible with
           every other and no article reports twice in one event (complete linkage).
           Each merge keeps the edge's reason. Clustering reads only the stored edges, so
           adding articles one by one ends where adding them all at once does.

`story()` then names each cluster as one `StoryEvent` and adds the links (`links`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

from parity.fuse import anchor as anchoring
from parity.fuse import links as linking
from parity.fuse import rules, spans
from parity.fuse.rules import Match, Report
from parity.fuse.tunables import tunable
from parity.model import Document, Event, Story
from parity.settings import DEFAULT, Settings


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while fusing: the indexes are millions of small,
    long-lived objects that it would otherwise traverse again and again (a third of the
    time at 100,000 reports). Nothing fusion builds needs it; the previous state returns."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def default_resolver():
    """The extractor's time-expression resolver, or None while it is not installed."""
    try:
        from parity.extract.dates import resolve
    except ImportError:  # pragma: no cover - only before the extractor exists
        return None
    return resolve


Dyad = tuple[str | None, str | None]
_EMPTY: frozenset[str] = frozenset()


class _Cluster:
    """A growing set of reports with what complete linkage needs to check a merge fast.

    Besides the members' signatures it keeps, for moves carried out later and for
    instant ones apart, the earliest publication and the latest date start, so that
    `rules.before_publication` can be checked between two clusters in constant time.
    """

    __slots__ = ("members", "docs", "sigs", "reasons", "pub", "start")

    def __init__(self, r: Report) -> None:
        inf = float("inf")
        self.members = [r.key]
        self.docs = {r.doc_id}
        self.sigs = {rules.signature(r)}
        self.reasons: list[str] = []
        lasting = rules.carried_out_later(r.move)
        self.pub = [inf, inf]  # earliest publication: [instant moves, moves carried out later]
        self.start = [-inf, -inf]  # latest date start, same order
        if r.published is not None:
            self.pub[lasting] = r.published
        if r.span is not None:
            self.start[lasting] = r.span.start

    def fits(self, other: _Cluster, limits: rules.Limits) -> bool:
        if self.docs & other.docs:
            return False
        window, slack = limits.window, limits.slack
        for a, b in ((self, other), (other, self)):
            if b.start[1] > min(a.pub) + window:
                return False
            if b.start[0] > a.pub[1] + window or b.start[0] > a.pub[0] + slack:
                return False
        return all(rules.compatible(x, y, limits) for x in self.sigs for y in other.sigs)

    def absorb(self, other: _Cluster, reason: str) -> None:
        self.members += other.members
        self.docs |= other.docs
        self.sigs |= other.sigs
        self.reasons += [reason] + other.reasons
        self.pub = [min(x, y) for x, y in zip(self.pub, other.pub, strict=True)]
        self.start = [max(x, y) for x, y in zip(self.start, other.start, strict=True)]


class Fuser:
    """Fuses per-document reports into one story, incrementally.

    >>> fuser = Fuser()
    >>> fuser.add(events, documents)        # doctest: +SKIP
    >>> fuser.add(more_events, more_docs)   # compares only the new reports
    >>> story = fuser.story()
    """

    def __init__(self, settings: Settings = DEFAULT, resolver=None) -> None:
        self.settings = settings
        self.resolve = resolver if resolver is not None else default_resolver()
        self.limits = rules.Limits(
            settings.fusion_window_days,
            tunable(settings, "fusion_date_slack_days"),
            tunable(settings, "undated_lookback_days"),
        )
        self.min_score = settings.fusion_min_score
        self.comparisons = 0  # pairs compared so far (for benchmarks)
        self._events: dict[str, Event] = {}  # reports as given
        self._docs: dict[str, Document] = {}
        self._by_doc: dict[str, set[str]] = defaultdict(set)
        self._reports: dict[str, Report] = {}  # reports as fused (re-dated once anchored)
        self._blocks: dict[tuple, set[str]] = defaultdict(set)
        self._edges: dict[str, dict[str, Match]] = defaultdict(dict)
        # block base -> months holding undated reports; (dyad, move, status) -> counts seen
        self._undated_months: dict[tuple, set[int]] = defaultdict(set)
        self._quantities: dict[tuple, set[int | None]] = defaultdict(set)
        self._cluster_of: dict[str, _Cluster] = {}
        self._dirty: set[str] = set()  # reports whose cluster must be recomputed
        # anchoring: relative expressions of undated articles, as they read, and the dated
        # reports elsewhere they match best
        self._anchors: dict[str, anchoring.Anchor] = {}
        self._clues: dict[str, Report] = {}
        self._clue_index: dict[tuple, set[str]] = defaultdict(set)
        self._partner_index: dict[tuple, set[str]] = defaultdict(set)
        # (dyad, move, status, "q"/"a"/"g", count / actor / quote words) -> reports, to find
        # the reports that agree on something particular with one that has no time at all
        self._specific: dict[tuple, set[str]] = defaultdict(set)
        self._partner_specific: dict[tuple, set[str]] = defaultdict(set)
        self._to_anchor: set[str] = set()  # articles whose anchor must be recomputed
        self._pending: set[str] = set()  # reports of undated articles not compared yet
        self._resolved: dict = {}  # (expression, day) -> span, shared by all anchorings
        self._relative: dict[str, bool] = {}

    # --- public ---------------------------------------------------------------------------

    def add(
        self, reports: Iterable[Event], documents: Mapping[str, Document] | None = None
    ) -> Fuser:
        """Add reports (and the documents they come from); compares only the new ones.

        A report whose `doc_id:id` is already here replaces the old one; an article whose
        publication date changed has its reports compared again.
        """
        with _gc_paused():
            self._add(list(reports), documents or {})
        return self

    def _add(self, reports: list[Event], documents: Mapping[str, Document]) -> None:
        new = sorted(reports, key=lambda e: rules.report_order(e.doc_id, e.id))
        again: set[str] = set()
        for doc_id, doc in sorted(documents.items()):
            old = self._docs.get(doc_id)
            if old is not None and old.published != doc.published:
                again |= self._by_doc[doc_id]
                for key in sorted(self._by_doc[doc_id]):
                    self._forget(key)
            self._docs[doc_id] = doc
        for event in new:
            if event.key in self._events:
                self._forget(event.key)
                again.discard(event.key)
            self._events[event.key] = event
            self._by_doc[event.doc_id].add(event.key)
        for key in sorted(again, key=self._order):
            self._learn(key)
        for event in new:
            self._learn(event.key)
        self._settle()

    def story(self) -> Story:
        """The fused story: events sorted by date, ids S1..Sn, stated and inferred links."""
        with _gc_paused():
            self._settle()
            clusters = list({id(c): c for c in self._cluster_of.values()}.values())
            clusters.sort(key=lambda c: self._reports[c.members[0]].order)
            return linking.build_story(
                clusters, self._reports, self._published_days(), self.settings, self._anchors
            )

    @property
    def reports(self) -> Mapping[str, Event]:
        """The reports as fused: dates re-resolved where an article was anchored."""
        return {k: r.event for k, r in self._reports.items()}

    # --- bookkeeping ------------------------------------------------------------------------------

    def _order(self, key: str) -> tuple:
        event = self._events[key]
        return rules.report_order(event.doc_id, event.id)

    def _given(self, doc_id: str) -> int | None:
        """The publication day an article states (or its corpus gives), never an inferred one."""
        doc = self._docs.get(doc_id)
        return spans.day(doc.published) if doc is not None else None

    def _published(self, doc_id: str) -> int | None:
        given = self._given(doc_id)
        if given is not None:
            return given
        anchor = self._anchors.get(doc_id)
        return spans.day(anchor.published) if anchor else None

    def _published_days(self) -> dict[str, int]:
        return {d: p for d in self._by_doc if (p := self._published(d)) is not None}

    def _learn(self, key: str) -> None:
        """A new report: compare it for fusion, and for anchoring as clue or partner."""
        event = self._events[key]
        if self.resolve is None:
            self._insert(key)
            return
        if self._given(event.doc_id) is None:
            # an undated article is compared once its anchor is known (see _settle)
            self._pending.add(key)
            self._to_anchor.add(event.doc_id)
        else:
            self._insert(key)
        if (
            self._given(event.doc_id) is None
            and event.date_expr
            and self._is_relative(event.date_expr)
        ):
            self._add_clue(key)
        if event.date is not None:
            self._offer_partner(key)

    def _forget(self, key: str) -> None:
        """Drop a report entirely (it is replaced, or its article's date changed)."""
        self._pending.discard(key)
        self._remove(key)
        clue = self._clues.pop(key, None)
        if clue is not None:
            self._clue_index[(clue.dyad, clue.move, clue.status)].discard(key)
            self._to_anchor.add(clue.doc_id)
        event = self._events.get(key)
        if event is not None and event.date is not None:
            probe = rules.make_report(event, None)
            self._partner_index[(probe.dyad, probe.move, probe.status)].discard(key)
            for spec in self._specifics(probe):
                self._partner_specific[spec].discard(key)
            self._touch_clues(probe)

    # --- stage 1-2: index and compare -----------------------------------------------------------

    def _effective(self, event: Event) -> Event:
        anchor = self._anchors.get(event.doc_id)
        if anchor is None or not event.date_expr or self.resolve is None:
            return event
        date = anchoring.re_resolve(event, anchor.published, self.resolve)
        return event if date == event.date else replace(event, date=date)

    @staticmethod
    def _block_keys(r: Report) -> list[tuple]:
        base = (r.dyad, r.move, r.status, r.exact)
        keys = []
        if r.span is None:
            keys.append(
                (base, "u", spans.month_of(r.published) if r.published is not None else None)
            )
        elif r.span.precision == "year":
            keys.append((base, "y", dt.date.fromordinal(r.span.start).year))
        elif r.span.precision == "day":
            keys += [(base, "d", r.span.start), (base, "md", spans.month_of(r.span.start))]
        else:
            keys += [(base, "m", m) for m in spans.months(r.span.start, r.span.end)]
        return keys

    def _bases(self, r: Report) -> list[tuple]:
        """Block bases a report may match in: same or kindred move, compatible status,
        the same count or none (a vague count looks at the counts in its range, a report
        without any at every count)."""
        out = []
        for m in (r.move, *sorted(rules.kindred_of(r.move))):
            for st in rules.compatible_statuses(r.status):
                seen = self._quantities.get((r.dyad, m, st))
                if not seen:
                    continue
                if r.exact is not None:
                    wanted = [q for q in (r.exact, None) if q in seen]
                elif r.qrange is not None:
                    lo, hi = r.qrange
                    wanted = [q for q in seen if q is None or lo <= q <= hi]
                else:
                    wanted = seen
                out += [(r.dyad, m, st, q) for q in wanted]
        return out

    def _candidates(self, r: Report) -> set[str]:
        """Reports in the blocks a match with `r` could lie in: same dyad, same or kindred
        move, compatible status, same count or none, and a date near enough (an undated
        report of an undated article looks at the whole dyad)."""
        out: set[str] = set()
        blocks = self._blocks
        window, slack, lookback = self.limits
        bases = self._bases(r)
        if r.span is None and r.published is None:
            return self._agreeing(r, self._specific)
        if r.span is None:  # undated, in an article of known date
            first, last = r.published, r.published
            undated = spans.months(r.published - lookback, r.published + lookback)
        else:
            first, last = r.span.start, r.span.end
            undated = spans.months(r.span.start - slack, r.span.end + lookback)
        reaches: dict[tuple[int, int], tuple[range, range]] = {}
        by_day = r.span is not None and r.span.precision == "day"
        for base in bases:
            out |= blocks.get((base, "u", None), _EMPTY)
            present = self._undated_months.get(base)
            if present:
                months = (
                    present if len(present) < len(undated) else (m for m in undated if m in present)
                )
                for m in months:
                    if undated.start <= m < undated.stop:
                        out |= blocks[(base, "u", m)]
            if r.span is None:
                reach_lo, reach_hi = lookback, slack
            elif r.status == "announced" and base[2] == "occurred":
                reach_lo, reach_hi = slack, window  # carried out after the announcement
            elif r.status == "occurred" and base[2] == "announced":
                reach_lo, reach_hi = window, slack
            else:
                reach_lo = reach_hi = slack
            key = (reach_lo, reach_hi)
            if key not in reaches:
                month_range = spans.months(first - reach_lo, last + reach_hi)
                years = range(month_range.start // 12, (month_range.stop - 1) // 12 + 1)
                reaches[key] = (month_range, years)
            month_range, year_range = reaches[key]
            # day-dated reports sit in day blocks too: a day-dated report near in time
            # finds them by day, anything else by the month they fall in
            near = by_day and reach_hi == slack
            if near:
                for d in range(first - reach_lo, last + reach_hi + 1):
                    found = blocks.get((base, "d", d))
                    if found:
                        out |= found
            for m in month_range:
                found = blocks.get((base, "m", m))
                if found:
                    out |= found
                if not near:
                    found = blocks.get((base, "md", m))
                    if found:
                        out |= found
            for year in year_range:
                found = blocks.get((base, "y", year))
                if found:
                    out |= found
        return out

    def _insert(self, key: str) -> None:
        self._pending.discard(key)
        event = self._effective(self._events[key])
        r = rules.make_report(event, self._published(event.doc_id))
        self._reports[key] = r
        for other in self._candidates(r):
            o = self._reports[other]
            if o.doc_id == r.doc_id:
                continue
            self.comparisons += 1
            m = rules.match(r, o, self.limits)
            if m is not None and m.score >= self.min_score:
                self._edges[key][other] = m
                self._edges[other][key] = m
        for block in self._block_keys(r):
            self._blocks[block].add(key)
            if block[1] == "u" and block[2] is not None:
                self._undated_months[block[0]].add(block[2])
        for spec in self._specifics(r):
            self._specific[spec].add(key)
        self._quantities[(r.dyad, r.move, r.status)].add(r.exact)
        self._dirty.add(key)

    def _remove(self, key: str) -> None:
        r = self._reports.pop(key, None)
        if r is None:
            return
        for other in self._edges.pop(key, {}):
            self._edges[other].pop(key, None)
            self._dirty.add(other)
        old = self._cluster_of.pop(key, None)
        if old is not None:
            self._dirty.update(m for m in old.members if m != key)
        for block in self._block_keys(r):
            self._blocks[block].discard(key)
        for spec in self._specifics(r):
            self._specific[spec].discard(key)
        self._dirty.discard(key)

    def _reinsert(self, doc_id: str) -> None:
        """Compare an article's reports again (it was anchored, or its anchor moved)."""
        keys = sorted(self._by_doc[doc_id], key=self._order)
        for key in keys:
            self._remove(key)
        for key in keys:
            self._insert(key)

    # --- stage 3: anchor ----------------------------------------------------------------------------

    def _is_relative(self, expr: str) -> bool:
        if expr not in self._relative:
            self._relative[expr] = anchoring.is_relative(expr, self.resolve)
        return self._relative[expr]

    def _as_given(self, key: str) -> Report:
        """A partner report as its own article dates it (never re-dated by an anchor)."""
        event = self._events[key]
        if self._given(event.doc_id) is not None:
            return self._reports[key]
        return rules.make_report(event, None)

    @staticmethod
    def _specifics(r: Report) -> list[tuple]:
        """Index keys of what a report states in particular: count, actor, quote words."""
        out = []
        if r.exact is not None:
            out.append((r.dyad, r.move, r.status, "q", r.exact))
        if r.actor is not None:
            out.append((r.dyad, r.move, r.status, "a", r.actor))
        out += [(r.dyad, r.move, r.status, "g", g) for g in r.grams]
        return out

    @staticmethod
    def _agreeing(r: Report, index: dict[tuple, set[str]]) -> set[str]:
        """Reports in `index` that share a count, actor or quote with `r` under a kindred
        move and compatible status."""
        out: set[str] = set()
        own = [spec[3:] for spec in Fuser._specifics(r)]
        for move in (r.move, *sorted(rules.kindred_of(r.move))):
            for status in rules.compatible_statuses(r.status):
                for kind, value in own:
                    found = index.get((r.dyad, move, status, kind, value))
                    if found:
                        out |= found
        return out

    # Clues have no date at all, so any dated report of their dyad under a kindred move
    # and compatible status may be their partner. Partners are indexed by (dyad, move,
    # status) and by what they state in particular; a clue meets those that share a
    # count, actor or quote with it, and all of them only where they are few (in a crowded
    # dyad a clue with nothing particular is ambiguous anyway). The comparisons are made
    # when the article is anchored, so adding reports costs no comparisons here.

    @staticmethod
    def _kin(r: Report) -> list[tuple]:
        return [
            (r.dyad, move, status)
            for move in (r.move, *sorted(rules.kindred_of(r.move)))
            for status in rules.compatible_statuses(r.status)
        ]

    def _add_clue(self, key: str) -> None:
        clue = rules.make_report(self._events[key], None)
        self._clues[key] = clue
        self._clue_index[(clue.dyad, clue.move, clue.status)].add(key)
        self._to_anchor.add(clue.doc_id)

    def _offer_partner(self, key: str) -> None:
        """A report its own article dates: index it as a partner of clues."""
        probe = self._reports.get(key) or rules.make_report(self._events[key], None)
        self._partner_index[(probe.dyad, probe.move, probe.status)].add(key)
        for spec in self._specifics(probe):
            self._partner_specific[spec].add(key)
        self._touch_clues(probe)

    def _touch_clues(self, partner: Report) -> None:
        """Articles with clues this partner may answer must be anchored again."""
        for kin in self._kin(partner):
            for clue_key in self._clue_index.get(kin, ()):
                if self._clues[clue_key].doc_id != partner.doc_id:
                    self._to_anchor.add(self._clues[clue_key].doc_id)

    def _clue_partners(self, clue: Report) -> dict[str, float]:
        """Scores of the dated reports that may be the clue's event."""
        few = tunable(self.settings, "anchor_plain_partners")
        kin = self._kin(clue)
        candidates = self._agreeing(clue, self._partner_specific)
        if sum(len(self._partner_index.get(k, ())) for k in kin) <= few:
            for k in kin:
                candidates |= self._partner_index.get(k, set())
        scores = {}
        for other in sorted(candidates):
            if self._events[other].doc_id == clue.doc_id:
                continue
            self.comparisons += 1
            m = rules.match(clue, self._as_given(other), self.limits, require_specific=False)
            if m is not None and m.score >= self.min_score:
                scores[other] = m.score
        return scores

    def _anchor(self, doc_id: str) -> anchoring.Anchor | None:
        """Anchor one undated article from its clues' best-matching dated partners.

        A clue whose best partners (equal scores) disagree on the date is left out.
        """
        events = sorted((self._events[k] for k in self._by_doc[doc_id]), key=anchoring.text_order)
        clues = []
        for event in events:
            if event.key not in self._clues:
                continue
            partners = self._clue_partners(self._clues[event.key])
            if not partners:
                continue
            best = max(partners.values())
            top = [self._events[k] for k in sorted(k for k, v in partners.items() if v == best)]
            found = [spans.parse(p.date) for p in top]
            if max(f.start for f in found) > min(f.end for f in found):
                continue  # equally good partners at different times: the clue is ambiguous
            clues += [anchoring.Clue(event, partner) for partner in top]
        horizon = tunable(self.settings, "anchor_horizon_days")
        return anchoring.anchor(
            events,
            clues,
            self.resolve,
            horizon,
            self._resolved,
            self._clue_fits,
            self.limits.window,
        )

    def _clue_fits(self, got: spans.Span, clue: Event, span: spans.Span, partner: Event) -> bool:
        """A clue resolved against a candidate day fits its partner by fusion's date rule."""
        a = rules.Signature(clue.move, clue.status, None, None, got)
        b = rules.Signature(partner.move, partner.status, None, None, span)
        return rules.compatible(a, b, self.limits)

    # --- stage 4: cluster ---------------------------------------------------------------------------

    def _components(self) -> list[list[str]]:
        """Connected parts of the edge graph that hold a changed report."""
        seeds = {k for k in self._dirty if k in self._reports}
        for k in list(seeds):
            old = self._cluster_of.get(k)
            if old is not None:
                seeds.update(m for m in old.members if m in self._reports)
        self._dirty.clear()
        seen: set[str] = set()
        parts = []
        for seed in sorted(seeds):
            if seed in seen:
                continue
            part, stack = [], [seed]
            seen.add(seed)
            while stack:
                k = stack.pop()
                part.append(k)
                for n in self._edges.get(k, ()):
                    if n not in seen:
                        seen.add(n)
                        stack.append(n)
            parts.append(part)
        return parts

    def _cluster(self, keys: list[str]) -> None:
        """Greedy complete-linkage clustering of one connected part, best edges first."""
        reports = self._reports
        edges = []
        for a in keys:
            order_a = reports[a].order
            for b, m in self._edges.get(a, {}).items():
                if order_a < reports[b].order:
                    edges.append((-m.score, order_a, reports[b].order, a, b, m))
        edges.sort(key=lambda e: e[:3])
        owner: dict[str, _Cluster] = {k: _Cluster(reports[k]) for k in keys}
        for _, _, _, a, b, m in edges:
            ca, cb = owner[a], owner[b]
            if ca is cb or not ca.fits(cb, self.limits):
                continue
            if len(cb.members) > len(ca.members):
                ca, cb = cb, ca
            ca.absorb(cb, m.reason)
            for k in cb.members:
                owner[k] = ca
        for c in {id(c): c for c in owner.values()}.values():
            c.members.sort(key=lambda k: reports[k].order)
        self._cluster_of.update(owner)

    def _settle(self) -> None:
        """Anchor the articles whose clues changed, then re-cluster what changed."""
        for doc_id in sorted(self._to_anchor):
            found = self._anchor(doc_id) if self._given(doc_id) is None else None
            if found != self._anchors.get(doc_id):
                if found is None:
                    del self._anchors[doc_id]
                else:
                    self._anchors[doc_id] = found
                self._reinsert(doc_id)
        self._to_anchor.clear()
        for key in sorted(self._pending, key=self._order):
            self._insert(key)
        for part in self._components():
            self._cluster(part)


def _dyad_key(dyad: Dyad) -> tuple[str, str]:
    return (dyad[0] or "", dyad[1] or "")


def fuse(
    reports: Iterable[Event],
    documents: Mapping[str, Document],
    settings: Settings = DEFAULT,
    resolver=None,
) -> Story:
    """Fuse per-document events into one story (a batch `Fuser`).

    >>> story = fuse(events, {d.doc_id: d for d in docs})   # doctest: +SKIP
    >>> [(e.id, e.move, e.reports) for e in story.events]    # doctest: +SKIP
    """
    return Fuser(settings, resolver).add(reports, documents).story()
