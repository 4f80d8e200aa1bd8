"""Store speed: bulk insert of 1,000,000 fused events and the dyad / time-range queries.

Baseline: DuckDB's own `read_json_auto` loading the same events from a JSON-lines file
(the fastest way DuckDB itself offers to load such data; writing the file is not timed).
parity's bulk path is `Store.replace_story`, timed from the `StoryEvent` objects to the
committed table, Arrow conversion included. Ratios are parity / baseline.

    python benchmarks/store_speed.py            # 1,000,000 events
    python benchmarks/store_speed.py --n 100000 # a quicker run

Targets (issue 4): insert within 2x of the baseline; a dyad query under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parity.model import Story, StoryEvent  # noqa: E402
from parity.store import Store  # noqa: E402

COUNTRIES = ("USA", "RUS", "CHN", "GBR", "FRA", "DEU", "IND", "CAN", "IRN", "TUR", "JPN", "UKR")
MOVES = ("expel_personnel", "close_facility", "impose_sanctions", "accuse", "threaten", "appeal")
STATUSES = ("occurred", "announced", "threatened")


def synthetic_events(n: int, seed: int = 0) -> list[StoryEvent]:
    """`n` plausible story events over 2000-2023 among twelve states."""
    rng = random.Random(seed)
    events = []
    for i in range(n):
        source, target = rng.sample(COUNTRIES, 2)
        day = f"{rng.randint(2000, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append(
            StoryEvent(
                id=f"S{i}",
                source=source,
                target=target,
                move=rng.choice(MOVES),
                status=rng.choice(STATUSES),
                quantity=rng.randint(1, 200) if rng.random() < 0.5 else None,
                unit="personnel",
                date=day if rng.random() < 0.9 else day[:7],
                source_actor=None,
                reports=(f"doc{i}:e1",),
                responds_to=(f"S{i - 1}",) if i and rng.random() < 0.3 else (),
            )
        )
    return events


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Median wall time of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of events")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()

    print(f"generating {args.n:,} synthetic events ...", flush=True)
    events = synthetic_events(args.n)
    story = Story(events=tuple(events))

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "events.jsonl"
        with open(jsonl, "w", encoding="utf-8") as handle:
            for event in events:
                handle.write(json.dumps(event.to_dict()) + "\n")
        size_mb = os.path.getsize(jsonl) / 1e6

        def baseline() -> None:
            path = Path(tmp) / f"baseline{time.monotonic_ns()}.duckdb"
            con = duckdb.connect(str(path))
            con.execute(f"CREATE TABLE events AS SELECT * FROM read_json_auto('{jsonl}')")
            con.close()

        def parity_insert() -> None:
            path = Path(tmp) / f"parity{time.monotonic_ns()}.duckdb"
            with Store.open(path) as store:
                store.replace_story(story)

        # Interleaved (baseline, parity, baseline, parity, ...) so that load from other
        # processes on a shared machine hits both alike; the ratio is the median of the
        # per-pair ratios.
        base_times, ours_times = [], []
        for _ in range(args.repeat):
            base_times.append(timed(baseline)[0])
            ours_times.append(timed(parity_insert)[0])
            print(
                f"  run: baseline {base_times[-1]:.2f} s, parity {ours_times[-1]:.2f} s", flush=True
            )
        base_s, ours_s = statistics.median(base_times), statistics.median(ours_times)
        ratio = statistics.median(o / b for o, b in zip(ours_times, base_times, strict=True))
        best_ratio = min(ours_times) / min(base_times)

        store_path = Path(tmp) / "query.duckdb"
        with Store.open(store_path) as store:
            store.replace_story(story)
        with Store.open(store_path, read_only=True) as store:
            dyad_s, dyad = timed(lambda: store.events(dyad="USA-RUS"), args.repeat)
            directed_s, directed = timed(lambda: store.events(dyad="USA>RUS"), args.repeat)
            range_s, in_range = timed(
                lambda: store.events(since="2017-08-01", until="2017-09-30"), args.repeat
            )
            both_s, both = timed(
                lambda: store.events(dyad="USA-RUS", since="2017-01-01", until="2017-12-31"),
                args.repeat,
            )
        # The same queries in DuckDB alone (no conversion to StoryEvent objects).
        con = duckdb.connect(str(store_path), read_only=True)
        raw_s, _ = timed(
            lambda: con.execute(
                "SELECT * FROM events WHERE (source='USA' AND target='RUS') "
                "OR (source='RUS' AND target='USA')"
            ).fetchall(),
            args.repeat,
        )
        con.close()

    print(
        f"\nevents: {args.n:,} (JSONL baseline file {size_mb:.0f} MB); median of {args.repeat} runs"
    )
    print(f"{'bulk insert, read_json_auto (baseline)':<48}{base_s:8.2f} s")
    print(
        f"{'bulk insert, Store.replace_story':<48}{ours_s:8.2f} s   ratio {ratio:.2f}x  (target <= 2x)"
    )
    print(f"{'  best of each (min / min)':<48}{min(ours_times):8.2f} s   ratio {best_ratio:.2f}x")
    print(
        f"{'dyad query USA-RUS, both ways':<48}{dyad_s:8.3f} s   {len(dyad):,} events  (target < 1 s)"
    )
    print(
        f"{'  same rows, DuckDB fetchall only':<48}{raw_s:8.3f} s   (conversion share {1 - raw_s / dyad_s:.0%})"
    )
    print(f"{'dyad query USA>RUS':<48}{directed_s:8.3f} s   {len(directed):,} events")
    print(f"{'time range 2017-08-01..2017-09-30':<48}{range_s:8.3f} s   {len(in_range):,} events")
    print(f"{'dyad USA-RUS in 2017':<48}{both_s:8.3f} s   {len(both):,} events")
    ok = ratio <= 2 and dyad_s < 1
    print("\nresult:", "targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
