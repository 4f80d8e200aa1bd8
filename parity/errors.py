"""Every error parity raises on purpose, in one place.

Each class has a one-line docstring; the CLI prints `str(error)` as one line and the
web API turns it into a 4xx. Messages name the file (or input) and the problem.
"""

from __future__ import annotations


class ParityError(Exception):
    """Base class: an expected failure with a one-line message for the user."""


class InputError(ParityError):
    """An input file is empty, binary, badly encoded, too large or malformed."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class LexiconError(ParityError):
    """A data file under parity/lexicon is malformed."""


class UnknownCountryError(ParityError):
    """A country name or code could not be resolved to ISO 3166-1 alpha-3."""


class StoreError(ParityError):
    """The DuckDB store cannot be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the store open for writing."""


class GoldError(ParityError):
    """A gold annotation file is missing or malformed."""


class SimulationError(ParityError):
    """A simulation was asked for with an unknown strategy or impossible settings."""
