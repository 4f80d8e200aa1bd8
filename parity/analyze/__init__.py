"""Analysis stage: the parity ledger, response chains and reciprocity metrics of a story."""

from parity.analyze.chains import Chain, ChainStep, Response, response_chains, responses
from parity.analyze.ledger import (
    Baseline,
    Ledger,
    build_ledger,
    ledger_to_json,
    load_baseline,
    parse_dyad,
)
from parity.analyze.metrics import DyadMetrics, all_dyads, dyad_metrics

__all__ = [
    "Baseline",
    "Chain",
    "ChainStep",
    "DyadMetrics",
    "Ledger",
    "Response",
    "all_dyads",
    "build_ledger",
    "dyad_metrics",
    "ledger_to_json",
    "load_baseline",
    "parse_dyad",
    "response_chains",
    "responses",
]
