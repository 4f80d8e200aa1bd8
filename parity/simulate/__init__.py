"""Simulate: strategies over the graded move space, Monte Carlo runs, forecasts.

- `moves`: the move space (levels 0..6 from `parity/lexicon/moves.json`)
- `history`: a dyad's real history summed into the starting ledger
- `strategies`: tiny registered strategy classes, looked up by name
- `engine`: vectorised Monte Carlo play of two strategies, outcome distributions
- `forecast`: next moves with probabilities, and backtests of such forecasts
- `binary`: the cooperate/defect special case, exact against the Axelrod library
"""

from __future__ import annotations

from parity.simulate.binary import play as play_binary
from parity.simulate.binary import round_robin
from parity.simulate.engine import Distribution, SimulationResult, Summary, simulate
from parity.simulate.forecast import Backtest, Forecast, ForecastMove, backtest, forecast
from parity.simulate.history import StartState, dyad_events, parse_dyad, start_state
from parity.simulate.strategies import REGISTRY, Strategy, get_strategy, strategy_names

__all__ = [
    "REGISTRY",
    "Backtest",
    "Distribution",
    "Forecast",
    "ForecastMove",
    "SimulationResult",
    "StartState",
    "Strategy",
    "Summary",
    "backtest",
    "dyad_events",
    "forecast",
    "get_strategy",
    "parse_dyad",
    "play_binary",
    "round_robin",
    "simulate",
    "start_state",
    "strategy_names",
]
