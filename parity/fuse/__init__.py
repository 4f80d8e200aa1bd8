"""Fuse: one story from many reports (DESIGN.md, stage "fuse").

Per-document events that are the same real-world event are clustered across
documents, undated articles are placed in time from what other articles date, and the
fused events are linked to what they answer. The modules, in the order they act:

- `spans`    dates as spans of days ("2017-08" is 31 days) for comparing them
- `rules`    when two reports can be one event, with a score and a reason (pure)
- `cluster`  the `Fuser`: blocking, incremental comparison, clustering, anchoring rounds
- `anchor`   the publication day of an undated article from its relative expressions
- `links`    naming the story events; stated, inferred and "fulfils" links
- `score`    pairwise precision/recall of merges against a gold story
- `plot`     a plotly timeline of a story

>>> from parity.fuse import fuse
>>> story = fuse(events, {d.doc_id: d for d in documents})   # doctest: +SKIP
"""

from __future__ import annotations

from parity.fuse.cluster import Fuser, fuse
from parity.fuse.score import align_reports, score_story

__all__ = ["Fuser", "align_reports", "fuse", "score_story"]
