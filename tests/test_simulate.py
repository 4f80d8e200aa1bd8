"""Simulator: strategies, the Monte Carlo engine, forecasts and the CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from parity.cli.simulate import register
from parity.errors import SimulationError
from parity.model import StoryEvent
from parity.simulate import (
    StartState,
    backtest,
    forecast,
    get_strategy,
    simulate,
    start_state,
    strategy_names,
)
from parity.simulate.binary import play as play_binary
from parity.simulate.moves import move_space
from parity.simulate.strategies import Strategy, View

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
if not SEEDS.exists():
    SEEDS = Path("/work/shared/seeds")
STORY = SEEDS / "gold" / "story.json"

SPACE = move_space()
EXPEL, CLOSE = SPACE.personnel_level, SPACE.facility_level


class Scripted(Strategy):
    """Plays a fixed list of levels (and quantities), one per round, in every run."""

    name = "scripted"

    def __init__(self, levels: list[int], quantities: list[int] | None = None) -> None:
        self.levels = levels
        self.quantities = quantities or [0] * len(levels)

    def act(self, view: View, rng: np.random.Generator):
        shape = view.runs
        return (
            np.full(shape, self.levels[view.step]),
            np.full(shape, self.quantities[view.step]),
        )


def event(i: int, source: str, target: str, move: str, quantity=None, status="occurred"):
    date = f"2017-{1 + i // 28:02d}-{1 + i % 28:02d}"
    return StoryEvent(str(i), source, target, move, status, quantity=quantity, date=date)


def view(**arrays) -> View:
    n = len(next(iter(arrays.values())))
    zeros = np.zeros(n, dtype=np.int64)
    fields = dict(
        my_last=zeros - 1,
        opp_last=zeros - 1,
        opp_last_qty=zeros,
        opp_max=zeros - 1,
        my_removed_personnel=zeros,
        opp_removed_personnel=zeros,
        my_removed_facilities=zeros,
        opp_removed_facilities=zeros,
        my_personnel=zeros + 455,
        opp_personnel=zeros + 455,
        my_facilities=zeros + 5,
        opp_facilities=zeros + 5,
    )
    fields.update({k: np.asarray(v) for k, v in arrays.items()})
    return View(step=1, space=SPACE, typical_personnel=20, typical_facilities=1, **fields)


@pytest.fixture(scope="module")
def story() -> list[StoryEvent]:
    data = json.loads(STORY.read_text(encoding="utf-8"))
    return [StoryEvent.from_dict(e) for e in data["events"]]


@pytest.fixture(scope="module")
def synthetic() -> list[StoryEvent]:
    """A answers B's last level one level up (wrapping); B answers A's last level in kind."""
    rng = np.random.default_rng(3)
    events, last_b = [], 0
    for i in range(40):
        a = (last_b + 1) % 5 if rng.random() < 0.9 else int(rng.integers(0, 5))
        events.append(event(2 * i, "USA", "RUS", SPACE.representative[a], quantity=10))
        last_b = a
        events.append(event(2 * i + 1, "RUS", "USA", SPACE.representative[a], quantity=10))
    return events


# Strategies -----------------------------------------------------------------------


def test_registry_lists_every_strategy():
    assert set(strategy_names()) >= {
        "tft", "gtft", "grim", "parity-seeking", "proportional",
        "escalate", "deescalate", "random", "fitted",
    }  # fmt: skip


def test_tft_answers_the_last_move_in_kind():
    levels, quantities = get_strategy("tft").act(
        view(opp_last=[-1, 0, 3, EXPEL], opp_last_qty=[0, 0, 0, 35]), np.random.default_rng(0)
    )
    assert levels.tolist() == [0, 0, 3, EXPEL]
    assert quantities[-1] == 35


def test_tft_answers_the_last_move_in_the_engine():
    script = [0, 2, 5, 1, 0, 4, 0, 0]
    result = simulate(Scripted(script), "tft", steps=len(script), runs=3, noise=0)
    assert result.levels_b[0].tolist() == [0] + script[:-1]


def test_grim_never_forgives():
    script = [0, 1, 0, 0, 0, 0, 0, 0]
    result = simulate("grim", Scripted(script), steps=len(script), runs=2, noise=0)
    assert result.levels_a[0].tolist() == [0, 0] + [EXPEL] * 6
    assert (result.rounds_to_settle == -1).all()


def test_parity_seeking_expels_exactly_what_it_is_behind_by():
    history = [
        event(1, "RUS", "USA", "expel_personnel", 60),
        event(2, "USA", "RUS", "expel_personnel", 25),
    ]
    result = simulate(
        "parity-seeking",
        Scripted([0] * 4),
        history=history,
        dyad="USA-RUS",
        steps=4,
        runs=1,
        noise=0,
    )
    assert result.levels_a[0].tolist() == [EXPEL, 0, 0, 0]
    assert result.personnel_b[0] == 455 - 25 - 35  # the balance is restored: 60 each
    assert result.personnel_a[0] == 455 - 60


def test_parity_seeking_closes_facilities_it_is_behind_by():
    start = StartState(removed_facilities=(0, 2))
    result = simulate("parity-seeking", Scripted([0, 0]), start=start, steps=2, runs=1, noise=0)
    assert result.levels_a[0].tolist() == [CLOSE, 0]
    assert result.facilities_b[0] == 5 - 2


def test_proportional_scales_the_quantity():
    levels, quantities = get_strategy("proportional:0.5").act(
        view(opp_last=[EXPEL], opp_last_qty=[35]), np.random.default_rng(0)
    )
    assert (levels[0], quantities[0]) == (EXPEL, 18)


def test_escalate_and_deescalate_move_k_levels():
    seen = view(opp_last=[0, 2, 6])
    rng = np.random.default_rng(0)
    assert get_strategy("escalate:2").act(seen, rng)[0].tolist() == [0, 4, 6]
    assert get_strategy("deescalate").act(seen, rng)[0].tolist() == [0, 1, 5]


def test_bad_strategy_name_raises():
    with pytest.raises(SimulationError, match="unknown strategy"):
        simulate("tit-for-tat-ish", "tft", runs=1)


@pytest.mark.parametrize("spec", ["gtft:1.5", "escalate:-1", "tft:2", "random:x"])
def test_bad_strategy_parameter_raises(spec):
    with pytest.raises(SimulationError):
        get_strategy(spec)


def test_fitted_without_history_raises():
    with pytest.raises(SimulationError, match="history"):
        simulate("fitted", "tft", runs=1)


# Engine ---------------------------------------------------------------------------


def test_seeded_runs_are_reproducible():
    one = simulate("gtft", "random", steps=10, runs=500, seed=7)
    two = simulate("gtft", "random", steps=10, runs=500, seed=7)
    assert np.array_equal(one.levels_a, two.levels_a)
    assert np.array_equal(one.personnel_b, two.personnel_b)


def test_different_seeds_differ():
    one = simulate("gtft", "random", steps=10, runs=500, seed=1)
    two = simulate("gtft", "random", steps=10, runs=500, seed=2)
    assert not np.array_equal(one.levels_b, two.levels_b)


def test_noise_zero_is_deterministic():
    one = simulate(
        "tft", "escalate", steps=8, runs=50, seed=1, noise=0, start=StartState(last_level=(1, -1))
    )
    two = simulate(
        "tft", "escalate", steps=8, runs=50, seed=2, noise=0, start=StartState(last_level=(1, -1))
    )
    assert np.array_equal(one.levels_a, two.levels_a)
    assert (one.levels_a == one.levels_a[0]).all()


def test_noise_makes_tft_pairs_quarrel():
    calm = simulate("tft", "tft", steps=12, runs=2_000, noise=0)
    noisy = simulate("tft", "tft", steps=12, runs=2_000, noise=0.1)
    assert calm.max_level.max() == 0
    assert noisy.max_level.max() > 0


def test_summary_counts_every_run():
    summary = simulate("random", "tft", steps=6, runs=1_000).summary()
    assert sum(summary.max_level_hist) == 1_000
    assert 0.0 <= summary.share_settled <= 1.0
    assert summary.personnel["A"].max <= 455


def test_cooperators_settle_in_round_two():
    result = simulate("tft", "tft", steps=5, runs=10, noise=0)
    assert result.settled_round(0) == 2


def test_start_state_sums_the_seed_story(story):
    start = start_state(story, "USA-RUS")
    assert start.personnel == (455, 420)  # 35 Russians expelled; the 455 cap removes none
    assert start.facilities == (4, 0)  # 2 seized + 3 closed in Russia's presence, 1 in the US
    assert start.removed_personnel == (35, 0)
    assert start.last_level[1] == SPACE.threat_level  # the considered expulsion of 155


def test_bad_settings_raise():
    with pytest.raises(SimulationError):
        simulate("tft", "tft", noise=1.5)
    with pytest.raises(SimulationError):
        simulate("tft", "tft", steps=0)


# Forecast -------------------------------------------------------------------------


def test_forecast_probabilities_sum_to_one(story):
    result = forecast(story, "USA-RUS", seed=0, steps=0)
    for side in result.sides:
        assert sum(m.probability for m in side.moves) == pytest.approx(1.0)
        assert sum(side.levels) == pytest.approx(1.0)


def test_forecast_expects_the_other_side_to_answer(story):
    assert forecast(story, "USA-RUS", steps=0).next_mover == "USA"


def test_forecast_follows_a_mirroring_side(synthetic):
    result = forecast(synthetic, "USA-RUS", steps=0)
    rus = result.side("RUS")
    assert rus.moves[0].level == rus.opponent_last_level  # RUS mirrors the USA's last move


def test_backtest_beats_the_base_rate(synthetic):
    scored = backtest(synthetic, "USA-RUS", holdout=10)
    assert scored.log_loss < scored.base_log_loss
    assert scored.accuracy > scored.base_accuracy


def test_backtest_needs_room_to_fit(story):
    with pytest.raises(SimulationError, match="holdout"):
        backtest(story, "USA-RUS", holdout=100)


def test_forecast_of_an_unknown_dyad_raises(story):
    with pytest.raises(SimulationError, match="no usable events"):
        forecast(story, "FRA-DEU")


# Binary ---------------------------------------------------------------------------


def test_binary_tft_against_alternator():
    result = play_binary("TitForTat", "Alternator", turns=4, matches=3)
    assert result.actions(2) == [("C", "C"), ("C", "D"), ("D", "C"), ("C", "D")]
    assert result.final_score(0) == (3 + 0 + 5 + 0, 3 + 5 + 0 + 5)


# CLI ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_simulate_from_events(cli, tmp_path):
    args = ["simulate", "--dyad", "USA-RUS", "--a", "parity-seeking", "--b", "tft"]
    args += [
        "--runs",
        "200",
        "--events",
        str(STORY),
        "--format",
        "json",
        "--db",
        str(tmp_path / "x"),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["start_personnel"] == {"USA": 455, "RUS": 420}


def test_cli_simulate_prints_tables(cli, tmp_path):
    args = ["simulate", "--runs", "100", "--db", str(tmp_path / "none.duckdb")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert "Highest escalation level" in result.output


def test_cli_forecast_with_backtest(cli):
    args = [
        "forecast",
        "--dyad",
        "USA-RUS",
        "--events",
        str(STORY),
        "--backtest",
        "3",
        "--steps",
        "0",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "next move" in result.output and "base rate" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["simulate", "--a", "nope"],
        ["simulate", "--dyad", "USA"],
        ["forecast", "--dyad", "USA-RUS", "--db", "/nonexistent/parity.duckdb"],
    ],
)
def test_cli_errors_are_one_line_and_exit_1(cli, args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1


def test_cli_commands_have_examples(cli):
    for command in cli.registered_commands:
        assert "Example:" in (command.callback.__doc__ or ""), command.name


def test_binary_table_play_equals_generic_play():
    from parity.simulate.binary import CLASSIC, _play, get_binary_strategy

    players = [get_binary_strategy(name) for name in CLASSIC]
    idx = np.array([(i, j) for i in range(len(players)) for j in range(len(players))])
    rng = np.random.default_rng(0)
    table = _play(players, idx[:, 0], idx[:, 1], 30, rng)
    generic = _play(players, idx[:, 0], idx[:, 1], 30, rng, compiled=False)
    assert np.array_equal(table.actions_a, generic.actions_a)
    assert np.array_equal(table.scores_b, generic.scores_b)


def test_binary_random_is_seeded():
    one = play_binary("Random", "TitForTat", turns=20, matches=5, seed=4)
    two = play_binary("Random", "TitForTat", turns=20, matches=5, seed=4)
    assert np.array_equal(one.actions_a, two.actions_a)
    assert one.actions_a.any() and not one.actions_a.all()
