"""The `Fuser`: cross-document clustering with blocking, incremental adds and anchoring.

Stages, in the order `Fuser.add` runs them:

1. index   each report goes into blocks keyed by dyad × move × coarse status × month
           (a year-dated report into its year's block, an undated one into the dyad's
           undated block); only reports in neighbouring blocks are ever compared, so the
           work grows with the number of reports, not its square.
2. compare new reports against the candidates in their blocks (`rules.match`); pairs
           that can be one event are kept as scored edges. Old pairs are never compared
           again.
3. cluster per touched dyad, greedily over edges from the best score down, merging two
           clusters only when every member stays compatible with every other and no
           document reports twice in one event (complete linkage). Each merge keeps the
           edge's reason. Clustering reads only the stored edges, so adding articles one
           by one ends where adding them all at once does.
4. anchor  undated articles are placed in time (`anchor.anchor`) from the relative
           expressions that fused with dated reports; their reports are re-dated and
           re-indexed, and stages 2-4 repeat until the anchors stop moving.

`story()` then names each cluster as one `StoryEvent` and adds the links (`links`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from parity.fuse import anchor as anchoring
from parity.fuse import links as linking
from parity.fuse import rules, spans
from parity.fuse.rules import Match, Report
from parity.fuse.tunables import tunable
from parity.model import Document, Event, Story
from parity.settings import DEFAULT, Settings


def default_resolver():
    """The extractor's time-expression resolver, or None while it is not installed."""
    try:
        from parity.extract.dates import resolve
    except ImportError:  # pragma: no cover - only before the extractor exists
        return None
    return resolve


Dyad = tuple[str | None, str | None]


class _Cluster:
    """A growing set of reports with what complete linkage needs to check a merge fast."""

    __slots__ = ("members", "docs", "sigs", "reasons", "pub", "pub_ann", "start", "start_nonocc")

    def __init__(self, r: Report) -> None:
        self.members = [r.key]
        self.docs = {r.doc_id}
        self.sigs = {rules.signature(r)}
        self.reasons: list[str] = []
        inf = float("inf")
        # earliest publication of a report that bounds every date / every non-executed date
        exempt = r.status == "announced" and r.span is not None  # see rules.before_publication
        self.pub = r.published if (r.published is not None and not exempt) else inf
        self.pub_ann = r.published if (r.published is not None and exempt) else inf
        self.start = r.span.start if r.span is not None else -inf
        self.start_nonocc = (
            r.span.start if (r.span is not None and r.status != "occurred") else -inf
        )

    def fits(self, other: _Cluster, limits: rules.Limits) -> bool:
        if self.docs & other.docs:
            return False
        slack = limits.slack
        for a, b in ((self, other), (other, self)):
            if b.start > a.pub + slack or b.start_nonocc > a.pub_ann + slack:
                return False
        return all(rules.compatible(x, y, limits) for x in self.sigs for y in other.sigs)

    def absorb(self, other: _Cluster, reason: str) -> None:
        self.members += other.members
        self.docs |= other.docs
        self.sigs |= other.sigs
        self.reasons += [reason] + other.reasons
        self.pub = min(self.pub, other.pub)
        self.pub_ann = min(self.pub_ann, other.pub_ann)
        self.start = max(self.start, other.start)
        self.start_nonocc = max(self.start_nonocc, other.start_nonocc)


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
        self._cluster_of: dict[str, _Cluster] = {}
        self._dirty: set[str] = set()  # reports whose cluster must be recomputed
        self._anchors: dict[str, anchoring.Anchor] = {}
        self._anchor_memo: dict[str, tuple[tuple, anchoring.Anchor | None]] = {}
        self._resolved: dict = {}  # (expression, day) -> span, shared by all anchorings
        self._relative: dict[str, bool] = {}

    # --- public ---------------------------------------------------------------------------

    def add(
        self, reports: Iterable[Event], documents: Mapping[str, Document] | None = None
    ) -> Fuser:
        """Add reports (and the documents they come from); compares only the new ones.

        A report whose `doc_id:id` is already here replaces the old one; a document whose
        publication date changed has its reports compared again.
        """
        changed_docs = set()
        for doc_id, doc in sorted((documents or {}).items()):
            old = self._docs.get(doc_id)
            self._docs[doc_id] = doc
            if old is not None and old.published != doc.published:
                changed_docs.add(doc_id)
        new = sorted(reports, key=lambda e: rules.report_order(e.doc_id, e.id))
        for event in new:
            if event.key in self._events:
                self._remove(event.key)
            self._events[event.key] = event
            self._by_doc[event.doc_id].add(event.key)
        for doc_id in sorted(changed_docs):
            self._anchors.pop(doc_id, None)
            self._reinsert(doc_id)
        for event in new:
            if event.key not in self._reports:
                self._insert(event.key)
        self._settle()
        return self

    def story(self) -> Story:
        """The fused story: events sorted by date, ids S1..Sn, stated and inferred links."""
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

    # --- stage 1-2: index and compare -----------------------------------------------------------

    def _published(self, doc_id: str) -> int | None:
        doc = self._docs.get(doc_id)
        given = spans.day(doc.published) if doc is not None else None
        if given is not None:
            return given
        anchor = self._anchors.get(doc_id)
        return spans.day(anchor.published) if anchor else None

    def _published_days(self) -> dict[str, int]:
        return {d: p for d in self._by_doc if (p := self._published(d)) is not None}

    def _effective(self, event: Event) -> Event:
        anchor = self._anchors.get(event.doc_id)
        if anchor is None or not event.date_expr or self.resolve is None:
            return event
        date = anchoring.re_resolve(event, anchor.published, self.resolve)
        return event if date == event.date else replace(event, date=date)

    @staticmethod
    def _block_keys(r: Report) -> list[tuple]:
        base = (r.dyad, r.move, r.status)
        keys = [(base, "all")]
        if r.span is None:
            keys.append((base, "u", spans.month_of(r.published) if r.published is not None else None))
        elif r.span.precision == "year":
            keys.append((base, "y", dt.date.fromordinal(r.span.start).year))
        else:
            keys += [(base, "m", m) for m in spans.months(r.span.start, r.span.end)]
        return keys

    def _candidates(self, r: Report) -> set[str]:
        """Reports in the blocks a match with `r` could lie in: same dyad, same or kindred
        move, compatible status, and a date near enough (an undated report of an undated
        article looks at the whole dyad)."""
        out: set[str] = set()
        blocks = self._blocks
        empty: set[str] = set()
        window, slack, lookback = self.limits
        for move in (r.move, *sorted(rules.kindred_of(r.move))):
            for status in rules.compatible_statuses(r.status):
                base = (r.dyad, move, status)
                out |= blocks.get((base, "u", None), empty)
                if r.span is None and r.published is None:
                    out |= blocks.get((base, "all"), empty)
                    continue
                if r.span is None:  # undated, in an article of known date
                    lo, hi = r.published - lookback, r.published + slack
                    undated = spans.months(r.published - lookback, r.published + lookback)
                else:
                    reach = window if {r.status, status} == {"announced", "occurred"} else slack
                    lo, hi = r.span.start - reach, r.span.end + reach
                    undated = spans.months(r.span.start - slack, r.span.end + lookback)
                for m in undated:
                    out |= blocks.get((base, "u", m), empty)
                for m in spans.months(lo, hi):
                    out |= blocks.get((base, "m", m), empty)
                for year in range(dt.date.fromordinal(lo).year, dt.date.fromordinal(hi).year + 1):
                    out |= blocks.get((base, "y", year), empty)
        return out

    def _insert(self, key: str) -> None:
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
            self._dirty.update(old.members)
        for block in self._block_keys(r):
            self._blocks[block].discard(key)
        self._dirty.discard(key)

    def _reinsert(self, doc_id: str) -> None:
        events = self._events
        keys = sorted(
            self._by_doc[doc_id], key=lambda k: rules.report_order(events[k].doc_id, events[k].id)
        )
        for key in keys:
            self._remove(key)
        for key in keys:
            self._insert(key)

    # --- stage 3: cluster -------------------------------------------------------------------------

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

    # --- stage 4: anchor --------------------------------------------------------------------------

    def _undated_docs(self) -> list[str]:
        out = []
        for doc_id in sorted(self._by_doc):
            doc = self._docs.get(doc_id)
            if self._by_doc[doc_id] and (doc is None or spans.day(doc.published) is None):
                out.append(doc_id)
        return out

    def _is_relative(self, expr: str) -> bool:
        if expr not in self._relative:
            self._relative[expr] = anchoring.is_relative(expr, self.resolve)
        return self._relative[expr]

    def _anchor_all(self) -> dict[str, anchoring.Anchor]:
        found = {}
        horizon = tunable(self.settings, "anchor_horizon_days")
        for doc_id in self._undated_docs():
            events = sorted(
                (self._events[k] for k in self._by_doc[doc_id]), key=anchoring.text_order
            )
            clues = []
            for event in events:
                if not event.date_expr or not self._is_relative(event.date_expr):
                    continue
                cluster = self._cluster_of.get(event.key)
                if cluster is None:
                    continue
                for k in cluster.members:
                    partner = self._events[k]
                    if partner.doc_id != doc_id and partner.date is not None:
                        clues.append(anchoring.Clue(event, partner))
            signature = tuple((c.report, c.partner) for c in clues)
            cached = self._anchor_memo.get(doc_id)
            if cached is not None and cached[0] == signature:
                result = cached[1]
            else:
                result = anchoring.anchor(events, clues, self.resolve, horizon, self._resolved)
                self._anchor_memo[doc_id] = (signature, result)
            if result is not None:
                found[doc_id] = result
        return found

    def _settle(self) -> None:
        """Cluster what changed; anchor undated articles and re-fuse until nothing moves."""
        for _ in range(tunable(self.settings, "anchor_max_rounds") + 1):
            for part in self._components():
                self._cluster(part)
            if self.resolve is None:
                return
            found = self._anchor_all()
            moved = sorted(
                d for d in set(found) | set(self._anchors) if found.get(d) != self._anchors.get(d)
            )
            if not moved:
                return
            self._anchors = found
            for doc_id in moved:
                self._reinsert(doc_id)
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
