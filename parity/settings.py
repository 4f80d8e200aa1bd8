"""Tunables in one object, with a reason for each default.

The CLI overrides fields with `--set name=value`; the web app reads the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Settings:
    # Extraction ---------------------------------------------------------------
    max_file_bytes: int = 50_000_000  # larger inputs are refused: no news article is 50 MB
    batch_size: int = 64  # documents per spaCy batch: big enough for pipe() to pay off
    min_confidence: float = 0.0  # events below this are dropped from output
    # Fusion -------------------------------------------------------------------
    fusion_window_days: int = 45  # two reports more than this apart are different events
    fusion_min_score: float = 0.5  # similarity cut-off for merging two reports
    fusion_date_slack_days: int = (
        0  # two day-dates this far apart may still be one event (0: equal)
    )
    undated_lookback_days: int = (
        730  # an undated report meets dated ones at most this long before its publication
    )
    anchor_horizon_days: int = (
        400  # an undated article is looked for at most this long after its clues
    )
    anchor_plain_partners: int = (
        50  # a clue meets partners with nothing particular in common only up to this many
    )
    max_inferred_links: int = 1  # inferred answers kept per story event (the best ones)
    # Reciprocity ----------------------------------------------------------------
    lag_window_days: int = 120  # an answer later than this is not inferred as a response
    inferred_link_min_score: float = 0.3  # weaker candidate links are not shown
    # Simulation -----------------------------------------------------------------
    noise: float = 0.05  # chance a move is misperceived by the other side
    seed: int = 0  # default RNG seed, for reproducible runs

    def override(self, pairs: list[str] | None) -> Settings:
        """Return a copy with `name=value` pairs applied (values cast to the field type)."""
        if not pairs:
            return self
        types = {f.name: type(getattr(self, f.name)) for f in fields(self)}
        changes = {}
        for pair in pairs:
            name, _, value = pair.partition("=")
            name = name.strip().replace("-", "_")
            if name not in types:
                from parity.errors import ParityError

                raise ParityError(f"unknown setting {name!r}; known: {', '.join(types)}")
            changes[name] = types[name](value)
        return replace(self, **changes)


DEFAULT = Settings()
