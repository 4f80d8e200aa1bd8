"""Reciprocity metrics per dyad, on the seed story, the CZE–RUS case and small scripted stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from parity.analyze.metrics import all_dyads, dyad_metrics, event_weight, trend_of
from parity.model import Link, StoryEvent
from parity.settings import DEFAULT

DATA = Path(__file__).parent / "data" / "ledger"


def story(name: str) -> list[StoryEvent]:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    return [StoryEvent.from_dict(e) for e in data["events"]]


@pytest.fixture(scope="module")
def seed():
    return dyad_metrics(story("usa_rus_story.json"), [], ("USA", "RUS"), DEFAULT)


@pytest.fixture(scope="module")
def cze():
    return dyad_metrics(story("cze_rus_story.json"), [], "CZE-RUS", DEFAULT)


def ev(id: str, source: str, target: str, move: str = "expel_personnel", **kw) -> StoryEvent:
    kw.setdefault("status", "occurred")
    return StoryEvent(id=id, source=source, target=target, move=move, **kw)


def test_response_rate_per_responder_on_the_seeds(seed):
    assert seed.answered == {"USA": (4, 5), "RUS": (2, 6)}
    assert (seed.response_rate["USA"], seed.response_rate["RUS"]) == (0.8, 2 / 6)


def test_median_lag_uses_only_full_dates(seed):
    assert (seed.median_lag_days, seed.lag_pairs, seed.median_lag_by_side) == (
        5.0,
        1,
        {"USA": None, "RUS": 5.0},
    )


def test_seed_has_no_like_for_like_pair_for_proportionality(seed):
    assert (seed.proportionality, seed.proportionality_pairs) == (None, ())


def test_proportionality_of_20_expelled_for_18(cze):
    assert cze.proportionality_pairs == (
        {
            "provocation": "C1",
            "response": "C2",
            "unit": "personnel",
            "provocation_quantity": 18,
            "response_quantity": 20,
            "ratio": 20 / 18,
        },
    )
    assert cze.proportionality_by_side == {"CZE": None, "RUS": 20 / 18}


def test_a_cap_is_a_level_and_left_out_of_proportionality():
    events = [
        ev("A", "USA", "RUS", quantity=35, date="2020-01-01"),
        ev("B", "RUS", "USA", "cap_personnel", quantity=455, date="2020-02-01", responds_to=("A",)),
    ]
    assert dyad_metrics(events, [], "USA-RUS").proportionality is None


def test_escalation_index_is_minus_the_goldstein_sum(seed):
    assert (seed.escalation_index, seed.escalation_by_side) == (66.0, {"USA": 33.2, "RUS": 32.8})


@pytest.mark.parametrize(
    ("status", "weight"),
    [
        ("occurred", -5.0),
        ("announced", -5.0),
        ("considered", -4.4),
        ("threatened", -4.4),
        ("denied", None),
    ],
)
def test_event_weight_by_status(status, weight):
    assert event_weight(ev("A", "USA", "RUS", status=status)) == weight


def test_goldstein_series_runs_the_index_event_by_event(cze):
    assert [(s["event"], s["escalation"]) for s in cze.goldstein_series] == [
        ("C0", 7.0),
        ("C1", 12.0),
        ("C2", 17.0),
        ("C3", 21.0),
        ("C4", 23.0),
        ("C5", 27.0),
        ("C6", 31.4),
        ("C7", 26.4),
        ("C8", 21.4),
    ]


@pytest.mark.parametrize(
    ("weights", "trend"),
    [
        ([-2.0, -4.0, -5.0, -8.0], "escalating"),
        ([-8.0, -5.0, -2.0, 3.0], "settling"),
        ([-4.0, -4.0, -4.0], "stable"),
        ([-9.0, 3.0], "stable"),
    ],
)
def test_trend_by_slope_of_recent_weights(weights, trend):
    assert trend_of(weights, window=6, threshold=0.25)[0] == trend


def test_trend_looks_only_at_the_recent_window():
    assert trend_of([3.0, 3.0, 3.0, -4.0, -4.0, -4.0], window=3, threshold=0.25) == ("stable", 0.0)


def test_seed_trend_is_escalating(seed):
    assert (seed.trend, seed.trend_slope) == ("escalating", -1.091429)


def test_cze_trend_is_settling_after_the_reversals(cze):
    assert (cze.trend, cze.trend_slope) == ("settling", 1.874286)


def test_who_moved_last_is_the_latest_real_hostile_move(seed):
    assert seed.last_move == {"side": "RUS", "event": "S14", "move": "accuse", "date": "2017-09-01"}


def test_counts_per_side_and_move(seed):
    assert seed.counts["RUS"] == {
        "accuse": 1,
        "cap_personnel": 1,
        "close_facility": 1,
        "hostile_act": 2,
    }
    assert seed.hypothetical_counts["RUS"] == {"expel_personnel": 1, "threaten": 1}


def test_answers_outside_the_lag_window_do_not_count():
    narrow = DEFAULT.override(["lag_window_days=3"])
    m = dyad_metrics(story("cze_rus_story.json"), [], "CZE-RUS", narrow)
    assert m.answered == {"RUS": (2, 2), "CZE": (0, 4)}


def test_inferred_links_count_as_answers():
    events = [ev("A", "USA", "RUS", date="2020-01-01"), ev("B", "RUS", "USA", date="2020-01-21")]
    m = dyad_metrics(events, [Link("B", "A", "inferred", 0.6)], "USA-RUS")
    assert (m.answered["RUS"], m.median_lag_days) == ((1, 1), 20.0)


def test_denied_moves_do_not_answer():
    events = [ev("A", "USA", "RUS"), ev("B", "RUS", "USA", status="denied", responds_to=("A",))]
    assert dyad_metrics(events, [], "USA-RUS").answered["RUS"] == (0, 1)


def test_all_dyads_busiest_first():
    events = [
        ev("A", "GBR", "RUS"),
        ev("B", "USA", "RUS"),
        ev("C", "RUS", "USA"),
        ev("D", "FRA", None),
    ]
    assert [m.dyad for m in all_dyads(events, [])] == [("RUS", "USA"), ("GBR", "RUS")]


def test_to_dict_is_plain_json(cze):
    data = cze.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert (data["dyad"], data["answered"]["RUS"]) == (["CZE", "RUS"], [2, 2])


# --- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def cli() -> typer.Typer:
    from parity.cli.analyze import register

    app = typer.Typer()
    register(app)
    return app


def test_cli_metrics_json_for_one_dyad(cli):
    result = CliRunner().invoke(
        cli,
        [
            "metrics",
            "--dyad",
            "CZE-RUS",
            "--story",
            str(DATA / "cze_rus_story.json"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    [data] = json.loads(result.stdout)
    assert (data["proportionality"], data["trend"]) == (20 / 18, "settling")


def test_cli_metrics_table_for_every_dyad(cli):
    result = CliRunner().invoke(cli, ["metrics", "--story", str(DATA / "usa_rus_story.json")])
    assert result.exit_code == 0, result.output
    assert "RUS-USA: 15 events (12 real)" in result.stdout
    assert "4/5 (80%)" in result.stdout


def test_cli_metrics_setting_override(cli):
    result = CliRunner().invoke(
        cli,
        [
            "metrics",
            "--dyad",
            "CZE-RUS",
            "--story",
            str(DATA / "cze_rus_story.json"),
            "--set",
            "lag_window_days=3",
            "--format",
            "json",
        ],
    )
    assert json.loads(result.stdout)[0]["answered"]["CZE"] == [0, 4]


def test_cli_metrics_bad_format_is_one_error_line(cli):
    result = CliRunner().invoke(
        cli, ["metrics", "--story", str(DATA / "usa_rus_story.json"), "--format", "xml"]
    )
    assert (result.exit_code, result.stderr.strip()) == (
        1,
        "error: --format must be table or json, not 'xml'",
    )


def test_cli_metrics_reads_links_as_parity_story_prints_them(cli, tmp_path):
    path = tmp_path / "story.json"
    path.write_text(
        json.dumps(
            {
                "events": [
                    ev("A", "USA", "RUS", date="2020-01-01").to_dict(),
                    ev("B", "RUS", "USA", date="2020-01-11").to_dict(),
                ],
                "links": [{"from": "B", "to": "A", "kind": "inferred", "score": 0.5}],
            }
        )
    )
    result = CliRunner().invoke(cli, ["metrics", "--story", str(path), "--format", "json"])
    assert json.loads(result.stdout)[0]["median_lag_days"] == 10.0
