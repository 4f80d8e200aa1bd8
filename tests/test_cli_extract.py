"""`parity extract` and `parity evaluate` end to end, including bad input."""

import json

import pytest
from typer.testing import CliRunner

from parity.cli import app

runner = CliRunner()
ARTICLE = "Britain expelled 23 Russian diplomats on Wednesday. Moscow vowed to retaliate."


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 diplomats".encode("latin-1"))
    (tmp_path / "bad.jsonl").write_text(
        '{"doc_id": "a", "text": "Canada expelled 41 Indian diplomats."}\n{not json\n',
        encoding="utf-8",
    )
    return tmp_path


def test_jsonl_contract(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--published", "2018-03-15"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expel = next(r for r in rows if r["move"] == "expel_personnel")
    assert (
        expel["doc_id"],
        expel["source"],
        expel["target"],
        expel["quantity"],
        expel["unit"],
    ) == ("a", "GBR", "RUS", 23, "personnel")
    assert expel["date"] == "2018-03-14"
    assert {"id", "source_actor", "status", "responds_to", "evidence", "confidence"} <= set(expel)
    threat = next(r for r in rows if r["move"] == "threaten")
    assert (threat["source"], threat["target"], threat["status"]) == ("RUS", "GBR", "threatened")


def test_bad_inputs_are_reported_and_the_rest_goes_through(folder):
    result = runner.invoke(app, ["extract", str(folder)])
    assert result.exit_code == 1
    out = result.stdout
    assert '"doc_id": "good"' in out and '"doc_id": "a"' in out
    err = result.stderr
    for name, problem in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("bad.jsonl", "line 2"),
    ]:
        line = next(line for line in err.splitlines() if name in line)
        assert problem in line


def test_csv_and_table_formats(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    csv_out = runner.invoke(app, ["extract", str(path), "--format", "csv"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("doc_id,id,source")
    table = runner.invoke(app, ["extract", str(path), "--format", "table"])
    assert table.exit_code == 0 and "GBR" in table.stdout and "RUS" in table.stdout


def test_stdin(tmp_path):
    result = runner.invoke(app, ["extract", "-", "--published", "2018-03-15"], input=ARTICLE)
    assert result.exit_code == 0
    assert '"doc_id": "stdin"' in result.stdout


def test_corpus_column_mapping(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        'id,body,pubdate\nx1,"Canada expelled 41 Indian diplomats on Friday.",2023-10-20\n',
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["extract", str(path), "--text-col", "body", "--date-col", "pubdate", "--id-col", "id"]
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert (row["doc_id"], row["quantity"], row["date"]) == ("x1", 41, "2023-10-20")


def test_evaluate_predictions_file(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(
        json.dumps(
            {
                "doc_id": "a",
                "events": [
                    {
                        "id": "e1",
                        "source": "GBR",
                        "target": "RUS",
                        "move": "expel_personnel",
                        "quantity": 23,
                        "status": "occurred",
                        "date": "2018-03-14",
                    },
                    {
                        "id": "e2",
                        "source": "RUS",
                        "target": "GBR",
                        "move": "close_facility",
                        "quantity": None,
                        "status": "threatened",
                        "date": None,
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    preds = tmp_path / "pred.jsonl"
    extracted = runner.invoke(app, ["extract", str(article), "--published", "2018-03-15"])
    preds.write_text(extracted.stdout, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), str(preds), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["matched"], summary["misses"], summary["false_alarms"]) == (1, 1, 1)
    assert summary["precision"] == 0.5 and summary["recall"] == 0.5


def test_evaluate_missing_gold_is_one_line(tmp_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path / "nope"), "--extract", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a folder of gold files" in result.stderr


def test_huge_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:  # a sparse 100 MB file: costs no disk and must cost no time
        f.seek(100 * 1024 * 1024)
        f.write(b"x")
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert any("huge.txt" in line and "too large" in line for line in result.stderr.splitlines())
    assert '"doc_id": "ok"' in result.stdout
