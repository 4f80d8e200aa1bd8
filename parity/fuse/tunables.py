"""Fusion tunables that `parity.settings.Settings` does not (yet) carry.

Each has a default and a reason; a `Settings` field of the same name overrides it, so
moving one into `Settings` (and so onto the CLI's `--set`) needs no change here.
"""

from __future__ import annotations

from typing import Any

from parity.settings import Settings

EXTRA_DEFAULTS: dict[str, Any] = {
    "fusion_date_slack_days": 0,  # same move, two day dates this far apart may be one event (0: equal)
    "undated_lookback_days": 730,  # an undated report is matched with dates at most this long before its publication
    "anchor_horizon_days": 400,
    "anchor_plain_partners": 50,  # a clue meets partners with nothing particular in common only up to this many  # an undated article is looked for at most this long after its clues
    "max_inferred_links": 1,  # inferred answers kept per story event (the best ones)
}


def tunable(settings: Settings, name: str) -> Any:
    """The setting `name`: the Settings field if there is one, else the default above."""
    return getattr(settings, name, EXTRA_DEFAULTS[name])
