"""Speed of parity's vectorised cooperate/defect engine against the Axelrod library.

    python benchmarks/simulate_speed.py [--sample 500] [--repetitions 10] [--full]

1. 10,000 matches of 200 turns, Tit For Tat vs Alternator. Axelrod plays a sample of
   `--sample` matches in a loop of `Match.play()` and is extrapolated linearly to
   10,000 (say `--full` to play all of them).
2. A round robin of 10 deterministic strategies both libraries have (every unordered
   pair with self-play, as `axelrod.Tournament` plays it), 200 turns, `--repetitions`
   repetitions: parity in one vectorised call; Axelrod as a loop of `Match.play()` and
   as `Tournament(...).play(processes=1)`. Total scores are checked to agree.

Parity's times are the best of 3 runs; Axelrod's are single runs (minutes otherwise).
Importing axelrod (~20 s) is not timed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parity.simulate.binary import play, play_pairs  # noqa: E402

TURNS = 200
MATCHES = 10_000
ROUND_ROBIN = (
    "Cooperator",
    "Defector",
    "TitForTat",
    "Grudger",
    "Alternator",
    "TitFor2Tats",
    "SuspiciousTitForTat",
    "WinStayLoseShift",
    "TwoTitsForTat",
    "Bully",
)


def best_of(n: int, fn) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(n):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def report(label: str, parity_s: float, axelrod_s: float, note: str = "") -> None:
    ratio = axelrod_s / parity_s
    print(f"  {label}")
    print(f"    parity   {parity_s:10.4f} s")
    print(f"    axelrod  {axelrod_s:10.4f} s{note}")
    verdict = "meets" if ratio >= 50 else "MISSES"
    print(f"    ratio    {ratio:10.0f}x  parity faster ({verdict} the 50x target)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=500, help="Axelrod matches timed in part 1")
    parser.add_argument("--repetitions", type=int, default=10, help="round-robin repetitions")
    parser.add_argument("--full", action="store_true", help="play all 10,000 matches in Axelrod")
    args = parser.parse_args()

    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    start = time.perf_counter()
    import axelrod

    print(
        f"axelrod {axelrod.__version__} imported in {time.perf_counter() - start:.1f} s (not timed)"
    )

    # 1. 10,000 matches TFT vs Alternator ------------------------------------------------
    print(f"\n1. {MATCHES:,} matches of {TURNS} turns, Tit For Tat vs Alternator")
    parity_s, result = best_of(3, lambda: play("TitForTat", "Alternator", TURNS, matches=MATCHES))
    sample = MATCHES if args.full else min(args.sample, MATCHES)

    def axelrod_loop():
        scores = []
        for _ in range(sample):
            match = axelrod.Match((axelrod.TitForTat(), axelrod.Alternator()), turns=TURNS)
            match.play()
            scores.append(match.final_score())
        return scores

    axelrod_s, scores = timed(axelrod_loop)
    assert all(s == result.final_score(0) for s in scores), "scores disagree"
    note = ""
    if sample < MATCHES:
        note = f"  (extrapolated from {sample:,} matches in {axelrod_s:.2f} s)"
        axelrod_s *= MATCHES / sample
    report(f"scores agree: {result.final_score(0)} per match", parity_s, axelrod_s, note)

    # 2. Round robin of 10 strategies ----------------------------------------------------
    pairs = list(itertools.combinations_with_replacement(ROUND_ROBIN, 2))
    n = len(pairs) * args.repetitions
    print(
        f"\n2. round robin of {len(ROUND_ROBIN)} strategies: {len(pairs)} pairs "
        f"x {args.repetitions} repetitions = {n:,} matches of {TURNS} turns"
    )
    parity_s, rr = best_of(3, lambda: play_pairs(pairs, TURNS, repetitions=args.repetitions))

    def axelrod_matches():
        totals = []
        for first, second in pairs:
            for _ in range(args.repetitions):
                match = axelrod.Match(
                    (getattr(axelrod, first)(), getattr(axelrod, second)()), turns=TURNS
                )
                match.play()
                totals.append(match.final_score())
        return totals

    axelrod_s, totals = timed(axelrod_matches)
    ours = [rr.final_score(i) for i in range(rr.matches)]
    assert ours == totals, "round-robin scores disagree"
    report("loop of axelrod.Match.play(); every score agrees", parity_s, axelrod_s)

    def axelrod_tournament():
        players = [getattr(axelrod, name)() for name in ROUND_ROBIN]
        tournament = axelrod.Tournament(players, turns=TURNS, repetitions=args.repetitions)
        with tempfile.TemporaryDirectory() as tmp:
            return tournament.play(
                processes=1, progress_bar=False, filename=str(Path(tmp) / "interactions.csv")
            )

    tournament_s, _ = timed(axelrod_tournament)
    report("axelrod.Tournament(...).play(processes=1), results built", parity_s, tournament_s)


if __name__ == "__main__":
    main()
