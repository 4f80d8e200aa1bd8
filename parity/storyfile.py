"""Read a fused story from a file: the JSON `parity story --format json` prints, or lines.

One reader for every command that can work without a store (`ledger`, `metrics`,
`simulate`, `forecast` with `--story/--events FILE`).
"""

from __future__ import annotations

import json
from pathlib import Path

from parity.errors import InputError
from parity.model import Link, StoryEvent


def read_story_file(path) -> tuple[list[StoryEvent], list[Link]]:
    """Analyze stage input without a store: a story as `parity story --format json` prints
    it (`{"events": [...], "links": [{"from", "to", "kind", "score"}]}`; `source_event` /
    `target_event` also accepted), a JSON list of events, or JSON lines."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(p), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(p), f"cannot read ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InputError(str(p), f"neither JSON nor JSON lines ({exc})") from None
    raw_events = data.get("events") if isinstance(data, dict) else data
    raw_links = data.get("links", []) if isinstance(data, dict) else []
    if not isinstance(raw_events, list) or not all(isinstance(e, dict) for e in raw_events):
        raise InputError(str(p), 'expected {"events": [...]} or a list of story events')
    try:
        events = [StoryEvent.from_dict(e) for e in raw_events]
        links = [
            Link(
                source_event=k["source_event"] if "source_event" in k else k["from"],
                target_event=k["target_event"] if "target_event" in k else k["to"],
                kind=k.get("kind", "inferred"),
                score=float(k.get("score", 1.0)),
                reason=k.get("reason", ""),
            )
            for k in raw_links
        ]
    except (TypeError, KeyError, ValueError) as exc:
        raise InputError(str(p), f"malformed story event or link ({exc})") from None
    return events, links
