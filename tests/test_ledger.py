"""The parity ledger: seed case (455 and Putin's 300), a multi-step CZE–RUS case, rules, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from parity.analyze.ledger import (
    Baseline,
    build_ledger,
    ledger_to_json,
    load_baseline,
    load_ledger_rules,
    parse_dyad,
)
from parity.errors import InputError, ParityError
from parity.model import StoryEvent

DATA = Path(__file__).parent / "data" / "ledger"
E1 = "000_01b6ecf0aec4f96f:e1"  # Putin: 155 of the Russians in the US work at the UN
E3 = "000_01b6ecf0aec4f96f:e3"  # the 455 cap


def story(name: str) -> list[StoryEvent]:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    return [StoryEvent.from_dict(e) for e in data["events"]]


@pytest.fixture(scope="module")
def seed() -> list[StoryEvent]:
    return story("usa_rus_story.json")


@pytest.fixture(scope="module")
def seed_baseline() -> Baseline:
    return load_baseline(DATA / "usa_rus_baseline.json")


@pytest.fixture(scope="module")
def cze() -> list[StoryEvent]:
    return story("cze_rus_story.json")


@pytest.fixture(scope="module")
def cze_baseline() -> Baseline:
    return load_baseline(DATA / "cze_rus_baseline.json")


def ev(id: str, source: str, target: str, move: str, **kw) -> StoryEvent:
    kw.setdefault("status", "occurred")
    return StoryEvent(id=id, source=source, target=target, move=move, **kw)


# --- the seed case -------------------------------------------------------------------------


def test_cap_sets_ceiling_on_targets_staff_in_sources_country(seed):
    ledger = build_ledger(seed, ("USA", "RUS"))
    entry = ledger.entry("USA_in_RUS", "ceiling")
    assert (entry.value, entry.sources) == (455, ("S7", E3))


def test_cap_sets_unknown_personnel_to_the_ceiling(seed):
    ledger = build_ledger(seed, ("USA", "RUS"))
    entry = ledger.entry("USA_in_RUS", "personnel")
    assert (entry.value, entry.sources) == (455, ("S7", E3))


def test_cap_leaves_the_capping_side_without_ceiling(seed):
    ledger = build_ledger(seed, ("USA", "RUS"))
    assert ledger.value("RUS_in_USA", "ceiling") is None


def test_baseline_gives_russians_in_the_us_455(seed, seed_baseline):
    ledger = build_ledger(seed, ("USA", "RUS"), baseline=seed_baseline)
    entry = ledger.entry("RUS_in_USA", "personnel")
    assert (entry.value, entry.sources) == (455, (E3,))


def test_exclude_io_leaves_out_the_155_at_the_un(seed, seed_baseline):
    ledger = build_ledger(seed, ("USA", "RUS"), baseline=seed_baseline, rule="exclude-io")
    entry = ledger.entry("RUS_in_USA", "personnel")
    assert (entry.value, entry.sources) == (300, (E3, E1))
    assert "455 in all, less 155 international_organisations" in entry.note


def test_exclude_io_puts_parity_for_the_us_side_at_300(seed, seed_baseline):
    ledger = build_ledger(seed, ("USA", "RUS"), baseline=seed_baseline, rule="exclude-io")
    entry = ledger.entry("USA_in_RUS", "parity")
    assert (entry.value, entry.sources) == (300, (E3, E1))
    assert ledger.gap("USA_in_RUS") == 155


def test_rule_all_puts_parity_for_the_us_side_at_455(seed, seed_baseline):
    ledger = build_ledger(seed, ("USA", "RUS"), baseline=seed_baseline, rule="all")
    assert ledger.value("USA_in_RUS", "parity") == 455
    assert ledger.gap("USA_in_RUS") == 0


def test_considered_expulsion_is_pending_not_applied(seed, seed_baseline):
    ledger = build_ledger(seed, ("USA", "RUS"), baseline=seed_baseline, rule="exclude-io")
    pending = {p.event: p for p in ledger.pending}
    assert ledger.value("USA_in_RUS", "personnel") == 455
    s15 = pending["S15"]
    assert (s15.status, s15.side, s15.quantity, s15.would_be, s15.sources) == (
        "considered",
        "USA_in_RUS",
        155,
        300,
        ("S15", E1),
    )


def test_denied_expulsion_is_listed_as_pending_with_its_status(seed):
    ledger = build_ledger(seed, ("USA", "RUS"))
    pending = {p.event: p for p in ledger.pending}
    assert (pending["S12"].status, pending["S12"].side) == ("denied", "RUS_in_USA")


def test_threat_without_a_ledger_move_is_not_pending(seed):
    ledger = build_ledger(seed, ("USA", "RUS"))
    assert [p.event for p in ledger.pending] == ["S12", "S15"]


def test_closures_on_unknown_start_keep_the_net_change_and_sources(seed):
    ledger = build_ledger(seed, ("USA", "RUS"))
    entry = ledger.entry("RUS_in_USA", "facilities")
    assert entry.value is None
    assert ledger.changes["RUS_in_USA"]["facilities"] == -5
    assert entry.sources == (
        "S4",
        "000_01b6ecf0aec4f96f:e6",
        "002_1de54866a10ad373:f8",
        "S9",
        "000_01b6ecf0aec4f96f:e2",
        "002_1de54866a10ad373:f1",
    )


def test_closure_of_unstated_size_makes_change_unknown(seed):
    ledger = build_ledger(seed, ("USA", "RUS"))
    entry = ledger.entry("USA_in_RUS", "facilities")
    assert (entry.value, ledger.changes["USA_in_RUS"]["facilities"]) == (None, None)
    assert entry.sources == ("S8", "002_1de54866a10ad373:f3")


def test_baseline_snapshot_replaces_earlier_expulsion(seed, seed_baseline):
    ledger = build_ledger(seed, ("USA", "RUS"), baseline=seed_baseline)
    assert ledger.value("RUS_in_USA", "personnel") == 455  # not 455 - 35: S3 is before as_of


def test_before_the_baseline_date_only_the_change_is_known(seed, seed_baseline):
    ledger = build_ledger(seed, ("USA", "RUS"), baseline=seed_baseline, at="2016-12-31")
    assert ledger.value("RUS_in_USA", "personnel") is None
    assert ledger.changes["RUS_in_USA"]["personnel"] == -35


def test_at_leaves_out_events_known_to_be_later(seed):
    ledger = build_ledger(seed, ("USA", "RUS"), at="2017-08-30")
    assert ledger.changes["RUS_in_USA"]["facilities"] == -2  # S9 (2017-08-31) not yet
    assert ledger.value("USA_in_RUS", "ceiling") == 455  # S7 ("2017") may be earlier: kept


def test_series_lists_steps_in_time_order(seed):
    ledger = build_ledger(seed, ("USA", "RUS"))
    steps = [(e.side, e.measure, e.value, e.date) for e in ledger.series]
    assert steps == [
        ("RUS_in_USA", "personnel", None, "2016-12"),
        ("RUS_in_USA", "facilities", None, "2016-12"),
        ("USA_in_RUS", "ceiling", 455, "2017"),
        ("USA_in_RUS", "personnel", 455, "2017"),
        ("USA_in_RUS", "facilities", None, "2017"),
        ("RUS_in_USA", "facilities", None, "2017-08-31"),
    ]


def test_dyad_order_names_the_sides(seed):
    ledger = build_ledger(seed, "RUS-USA")
    assert ledger.sides == ("RUS_in_USA", "USA_in_RUS")
    assert ledger.value("USA_in_RUS", "ceiling") == 455


# --- a multi-step case: Czechia–Russia 2021 --------------------------------------------------


def test_cze_expulsions_subtract_on_both_sides(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline, at="2021-04-20")
    rus, cz = ledger.entry("RUS_in_CZE", "personnel"), ledger.entry("CZE_in_RUS", "personnel")
    assert (rus.value, rus.sources) == (
        48,
        ("baseline:cze_rus embassy list", "C1", "cz_a:e2", "cz_b:e1"),
    )
    assert (cz.value, cz.sources) == (24, ("baseline:cze_rus embassy list", "C2", "cz_b:e2"))


def test_cze_parity_gap_after_the_expulsions_is_24(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline, at="2021-04-20")
    assert ledger.gap("RUS_in_CZE") == 24


def test_cze_announced_cap_lowers_russian_staff_to_the_czech_level(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline, at="2021-04-30")
    staff, ceiling = ledger.entry("RUS_in_CZE", "personnel"), ledger.entry("RUS_in_CZE", "ceiling")
    assert (staff.value, staff.sources) == (24, ("C3", "cz_c:e1"))
    assert (ceiling.value, ceiling.sources) == (24, ("C3", "cz_c:e1"))
    assert ledger.gap("RUS_in_CZE") == 0


def test_cze_closure_subtracts_a_facility(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline, at="2021-12-31")
    entry = ledger.entry("CZE_in_RUS", "facilities")
    assert (entry.value, entry.sources) == (2, ("baseline:cze_rus missions", "C5", "cz_d:e1"))


def test_cze_reversal_restores_the_closed_facility(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline)
    entry = ledger.entry("CZE_in_RUS", "facilities")
    assert (entry.value, entry.sources) == (
        3,
        ("baseline:cze_rus missions", "C5", "cz_d:e1", "C7", "cz_e:e1"),
    )
    assert ledger.changes["CZE_in_RUS"]["facilities"] == 0


def test_cze_reversal_of_the_cap_lifts_the_ceiling_but_not_the_staff(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline)
    ceiling = ledger.entry("RUS_in_CZE", "ceiling")
    assert (ceiling.value, ceiling.sources) == (None, ("C8", "cz_e:e2"))
    assert ledger.value("RUS_in_CZE", "personnel") == 24


def test_cze_threatened_closure_would_leave_two(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline)
    [pending] = ledger.pending
    assert (pending.event, pending.side, pending.measure, pending.would_be) == (
        "C6",
        "RUS_in_CZE",
        "facilities",
        2,
    )


def test_cze_series_runs_through_every_step(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline)
    steps = [(e.side, e.measure, e.value) for e in ledger.series]
    assert steps == [
        ("RUS_in_CZE", "personnel", 66),
        ("RUS_in_CZE", "facilities", 3),
        ("CZE_in_RUS", "personnel", 44),
        ("CZE_in_RUS", "facilities", 3),
        ("RUS_in_CZE", "personnel", 48),
        ("CZE_in_RUS", "personnel", 24),
        ("RUS_in_CZE", "ceiling", 24),
        ("RUS_in_CZE", "personnel", 24),
        ("CZE_in_RUS", "facilities", 2),
        ("CZE_in_RUS", "facilities", 3),
        ("RUS_in_CZE", "ceiling", None),
    ]


def test_cze_series_step_names_only_its_own_sources(cze, cze_baseline):
    ledger = build_ledger(cze, ("CZE", "RUS"), baseline=cze_baseline)
    restored = ledger.series[9]
    assert (restored.value, restored.sources, restored.note) == (
        3,
        ("C7", "cz_e:e1"),
        "C7 reverse of C5: +1",
    )


# --- rules and edge cases ----------------------------------------------------------------------


def test_cap_above_current_staff_leaves_staff_alone():
    base = Baseline.from_dict({"sides": {"RUS_in_USA": {"personnel": {"value": 100}}}})
    ledger = build_ledger(
        [ev("X1", "USA", "RUS", "cap_personnel", quantity=150)], "USA-RUS", baseline=base
    )
    staff = ledger.entry("RUS_in_USA", "personnel")
    assert (staff.value, staff.sources) == (100, ("baseline:baseline",))
    assert ledger.value("RUS_in_USA", "ceiling") == 150


def test_expulsion_beyond_known_staff_counts_down_to_zero_with_a_note():
    base = Baseline.from_dict({"sides": {"RUS_in_USA": {"personnel": 10}}})
    ledger = build_ledger(
        [ev("X1", "USA", "RUS", "expel_personnel", quantity=12)], "USA-RUS", baseline=base
    )
    assert ledger.value("RUS_in_USA", "personnel") == 0
    assert ledger.notes == (
        "X1: expel_personnel 12 exceeds the 10 known on RUS_in_USA personnel; counted down to 0",
    )


def test_reversal_with_nothing_to_restore_is_noted():
    ledger = build_ledger([ev("X1", "USA", "RUS", "reverse")], "USA-RUS")
    assert ledger.notes == ("X1: reverse names nothing on the ledger to restore",)


def test_reversal_without_link_restores_latest_move_in_its_unit():
    events = [
        ev("X1", "USA", "RUS", "expel_personnel", quantity=5, date="2020-01-01"),
        ev("X2", "USA", "RUS", "close_facility", quantity=2, date="2020-02-01"),
        ev("X3", "USA", "RUS", "reverse", unit="personnel", date="2020-03-01"),
    ]
    ledger = build_ledger(events, "USA-RUS")
    assert ledger.changes["RUS_in_USA"] == {"personnel": 0, "facilities": -2}


def test_events_of_other_dyads_are_ignored():
    events = [ev("X1", "GBR", "RUS", "expel_personnel", quantity=23)]
    ledger = build_ledger(events, "USA-RUS")
    assert ledger.series == ()


def test_rules_file_defines_exclude_io():
    assert load_ledger_rules().excluded("exclude-io") == frozenset({"international_organisations"})


def test_rules_file_marks_the_cap_quantity_as_a_level():
    rules = load_ledger_rules()
    assert (
        rules.quantity_is_level("cap_personnel"),
        rules.quantity_is_level("expel_personnel"),
    ) == (
        True,
        False,
    )


def test_unknown_rule_is_refused(seed):
    with pytest.raises(ParityError, match="unknown counting rule 'nope'"):
        build_ledger(seed, "USA-RUS", rule="nope")


@pytest.mark.parametrize("text", ["USA", "USA-USA", "usa-r", "USA-RUS-CHN"])
def test_bad_dyads_are_refused(text):
    with pytest.raises(ParityError, match="a dyad is two different ISO3 codes"):
        parse_dyad(text)


def test_dyad_parsing_accepts_lower_case_and_tuples():
    assert (parse_dyad("usa-rus"), parse_dyad(("CZE", "RUS"))) == (("USA", "RUS"), ("CZE", "RUS"))


def test_bad_at_date_is_refused(seed):
    with pytest.raises(ParityError, match="not an ISO date"):
        build_ledger(seed, "USA-RUS", at="last week")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"sides": {"USA in RUS": {}}}, "is not like"),
        ({"sides": {"USA_in_RUS": {"personnel": -3}}}, "whole number"),
        ({"sides": {"USA_in_RUS": {"staff": 3}}}, "unknown keys"),
        (
            {"sides": {"USA_in_RUS": {"categories": {"spies": {"personnel": 3}}}}},
            "unknown category",
        ),
        ({"sides": {"USA_in_RUS": {"personnel": 3, "as_of": "soon"}}}, "not an ISO date"),
        ([], '"sides" object'),
    ],
)
def test_malformed_baseline_is_refused(data, problem):
    with pytest.raises(InputError, match=problem):
        Baseline.from_dict(data, origin="b.json")


def test_missing_baseline_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_baseline(tmp_path / "absent.json")


def test_baseline_category_takes_its_source_and_the_side_date(seed_baseline):
    [io] = [f for f in seed_baseline.facts if f.category]
    assert (io.side, io.measure, io.value, io.sources, io.as_of) == (
        "RUS_in_USA",
        "personnel",
        155,
        (E1,),
        "2017-07",
    )


# --- JSON --------------------------------------------------------------------------------------


def test_ledger_json_gives_value_and_sources_per_side_and_measure(seed, seed_baseline):
    data = ledger_to_json(
        build_ledger(seed, ("USA", "RUS"), baseline=seed_baseline, rule="exclude-io")
    )
    assert data["USA_in_RUS"]["ceiling"]["value"] == 455
    assert data["USA_in_RUS"]["ceiling"]["sources"] == ["S7", E3]
    assert data["RUS_in_USA"]["personnel"]["value"] == 300
    assert data["RUS_in_USA"]["personnel"]["sources"] == [E3, E1]
    assert data["USA_in_RUS"]["parity"]["gap"] == 155


def test_ledger_json_carries_series_and_pending(seed):
    data = ledger_to_json(build_ledger(seed, ("USA", "RUS")))
    assert (len(data["series"]), [p["event"] for p in data["pending"]]) == (6, ["S12", "S15"])
    assert json.loads(json.dumps(data)) == data


# --- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def cli() -> typer.Typer:
    from parity.cli.analyze import register

    app = typer.Typer()
    register(app)
    return app


def test_cli_ledger_json_reproduces_putins_300(cli):
    result = CliRunner().invoke(
        cli,
        [
            "ledger",
            "--dyad",
            "USA-RUS",
            "--rule",
            "exclude-io",
            "--baseline",
            str(DATA / "usa_rus_baseline.json"),
            "--story",
            str(DATA / "usa_rus_story.json"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["USA_in_RUS"]["parity"]["value"], data["USA_in_RUS"]["parity"]["sources"]) == (
        300,
        [E3, E1],
    )


def test_cli_ledger_table_shows_the_cap(cli):
    result = CliRunner().invoke(
        cli, ["ledger", "--dyad", "USA-RUS", "--story", str(DATA / "usa_rus_story.json")]
    )
    assert result.exit_code == 0, result.output
    assert "Parity ledger USA-RUS (rule: all)" in result.stdout
    assert "Pending (not applied)" in result.stdout
    assert "│   455 │" in result.stdout


def test_cli_ledger_bad_dyad_is_one_error_line(cli):
    result = CliRunner().invoke(
        cli, ["ledger", "--dyad", "USA", "--story", str(DATA / "usa_rus_story.json")]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: a dyad is two different ISO3 codes like USA-RUS, not 'USA'"
    ]


def test_cli_ledger_reads_the_store(cli, tmp_path):
    from parity.model import Link, Story
    from parity.store import Store

    db = tmp_path / "s.duckdb"
    events = story("usa_rus_story.json")
    with Store.open(db) as store:
        store.replace_story(Story(events=tuple(events), links=(Link("S9", "S7", "stated"),)))
    result = CliRunner().invoke(
        cli, ["ledger", "--dyad", "USA-RUS", "--db", str(db), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["USA_in_RUS"]["ceiling"]["value"] == 455


def test_cli_ledger_without_store_is_one_error_line(cli, tmp_path):
    result = CliRunner().invoke(cli, ["ledger", "--dyad", "USA-RUS", "--db", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "no such store" in result.stderr


def test_cli_commands_document_an_example(cli):
    for command in cli.registered_commands:
        assert "Example: parity " in (command.callback.__doc__ or ""), command.name
