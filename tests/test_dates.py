"""Relative dates resolve against the publication date at the precision the text supports."""

import datetime as dt

import pytest

from parity.extract.dates import agrees, is_relative, resolve

PUB = dt.date(2017, 9, 5)  # a Tuesday


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("Tuesday", "2017-09-05"),
        ("on Friday", "2017-09-01"),
        ("last Tuesday", "2017-08-29"),
        ("last week", "2017-08"),
        ("earlier this week", "2017-09"),
        ("in December", "2016-12"),
        ("in March", "2017-03"),
        ("March 4", "2017-03-04"),
        ("4 October", "2016-10-04"),
        ("yesterday", "2017-09-04"),
        ("last year", "2016"),
        ("earlier this year", "2017"),
        ("three days ago", "2017-09-02"),
        ("two weeks ago", "2017-08"),
        ("the 2016 elections", "2016"),
        ("December 2016", "2016-12"),
        ("31 August 2017", "2017-08-31"),
        ("August 31, 2017", "2017-08-31"),
    ],
)
def test_resolve_against_publication(expr, expected):
    assert resolve(expr, PUB) == expected


@pytest.mark.parametrize("expr", ["Tuesday", "last week", "in December", "yesterday"])
def test_relative_expressions_need_a_publication_date(expr):
    assert resolve(expr, None) is None
    assert is_relative(expr)


def test_absolute_expressions_resolve_without_publication():
    assert resolve("in 2014", None) == "2014"
    assert resolve("on 3 September 2021", None) == "2021-09-03"


def test_bare_may_is_not_a_month():
    assert resolve("may", PUB) is None


def test_agrees_at_shared_precision():
    assert agrees("2017", "2017-08-31")
    assert agrees("2017-08", "2017-08-31")
    assert not agrees("2016-12", "2017-08-31")
    assert agrees(None, "2017")
