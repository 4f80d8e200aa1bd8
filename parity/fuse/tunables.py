"""Fusion tunables, read from `parity.settings.Settings` (where each has its reason).

`EXTRA_DEFAULTS` only serves a settings object built without those fields.
"""

from __future__ import annotations

from typing import Any

from parity.settings import Settings

EXTRA_DEFAULTS: dict[str, Any] = {
    "fusion_date_slack_days": 0,  # same move, two day dates this far apart may be one event (0: equal)
    "undated_lookback_days": 730,  # an undated report is matched with dates at most this long before its publication
    "anchor_horizon_days": 400,
    "anchor_plain_partners": 50,
    "max_inferred_links": 1,  # inferred answers kept per story event (the best ones)
}


def tunable(settings: Settings, name: str) -> Any:
    """The setting `name`: the Settings field if there is one, else the default above."""
    return getattr(settings, name, EXTRA_DEFAULTS[name])
