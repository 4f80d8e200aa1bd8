"""Extraction speed as a ratio to bare spaCy parsing, and memory while streaming.

Run: python benchmarks/extract_speed.py [--mb 1.0] [--articles 10000]

1. Speed: the same ~1 MB of article text (the test corpus, repeated) goes once
   through bare `nlp.pipe` of the same model and once through parity's full
   extractor (parse + rules + merge + links), side by side in one process. The
   ratio (extractor words/s ÷ bare words/s) is what we track: absolute times on a
   shared 2-core machine are noisy, the ratio much less so.
2. Memory: 10,000 short synthetic articles are streamed through the extractor and
   the peak RSS is sampled after 1,000 and after all of them; flat memory means
   the second number is not much above the first.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from parity.extract.pipeline import MODEL, Extractor  # noqa: E402
from parity.ingest import read_paths  # noqa: E402
from parity.model import Document  # noqa: E402


def corpus_texts(mb: float) -> list[str]:
    folders = [
        ROOT / "tests/data/corpus/articles",
        ROOT / "tests/data/heldout/articles",
        ROOT / "../shared/seeds",
    ]
    base = [
        d.text for d in read_paths([f for f in folders if f.exists()]) if isinstance(d, Document)
    ]
    out, size = [], 0
    for text in itertools.cycle(base):
        out.append(text)
        size += len(text.encode())
        if size >= mb * 1_000_000:
            return out
    return out


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def bare(texts: list[str]) -> float:
    nlp = spacy.load(MODEL)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - start


def full(texts: list[str]) -> tuple[float, int]:
    extractor = Extractor()
    docs = (Document(doc_id=f"d{i}", text=t, published="2020-07-24") for i, t in enumerate(texts))
    start = time.perf_counter()
    events = sum(len(ev) for _d, ev in extractor.extract(docs))
    return time.perf_counter() - start, events


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


SYNTHETIC = (
    "{a} expelled {n} {b_adj} diplomats on Tuesday in response to the poisoning of a defector. "
    "{b} vowed to retaliate and said it was considering closing a consulate."
)
PAIRS = [
    ("Britain", "Russia", "Russian"),
    ("Canada", "India", "Indian"),
    ("Germany", "Russia", "Russian"),
    ("The United States", "China", "Chinese"),
]


def memory(articles: int) -> tuple[float, float]:
    extractor = Extractor()

    def stream():
        for i in range(articles):
            a, b, adj = PAIRS[i % len(PAIRS)]
            text = SYNTHETIC.format(a=a, b=b, b_adj=adj, n=i % 50 + 2)
            yield Document(doc_id=f"s{i}", text=text, published="2021-03-02")

    at_1000 = 0.0
    for n, _ in enumerate(extractor.extract(stream()), 1):
        if n == 1000:
            at_1000 = rss_mb()
    return at_1000, rss_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="megabytes of text for the speed run")
    parser.add_argument("--articles", type=int, default=10_000, help="articles for the memory run")
    args = parser.parse_args()
    texts = corpus_texts(args.mb)
    n_words = words(texts)
    print(
        f"speed: {len(texts)} articles, {n_words:,} words, {sum(len(t) for t in texts) / 1e6:.2f} MB"
    )
    t_bare = bare(texts)
    t_full, n_events = full(texts)
    print(f"  bare nlp.pipe      {n_words / t_bare:8.0f} words/s  ({t_bare:.1f} s)")
    print(
        f"  parity extractor   {n_words / t_full:8.0f} words/s  ({t_full:.1f} s, {n_events} events)"
    )
    print(f"  ratio extractor/bare = {t_bare / t_full:.2f}")
    if args.articles:
        first, last = memory(args.articles)
        print(
            f"memory: peak RSS {first:.0f} MB after 1,000 articles, {last:.0f} MB after {args.articles:,} "
            f"(growth {last - first:+.0f} MB)"
        )


if __name__ == "__main__":
    main()
