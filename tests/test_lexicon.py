"""The lexicon's small word lists and name tables load, and say what they should."""

import json

import pytest

from parity.errors import LexiconError
from parity.extract.actors import alias_table, shared_seats
from parity.lexicon import path, read_tsv, word_list


def test_every_word_list_loads_and_is_documented():
    data = json.loads(path("wordlists.json").read_text(encoding="utf-8"))
    names = [k for k in data if not k.startswith("_")]
    assert {"speaker_verbs", "alleging", "approximate", "generic_government"} <= set(names)
    for name in names:
        assert data[name]["_doc"].strip()
        assert word_list(name) and all(w == w.lower() for w in word_list(name))


def test_an_unknown_word_list_is_a_lexicon_error():
    with pytest.raises(LexiconError, match="wordlists.json"):
        word_list("no_such_list")


def test_region_words_shadow_country_words_and_name_no_state():
    rows = read_tsv("regions.tsv")
    assert rows and all(r[1] == "-" and r[2].strip() == "region" for r in rows)
    assert alias_table()["Latin American"].kind == "region"


def test_shared_seats_name_an_organisation_and_its_host():
    seats = shared_seats()
    assert seats["Brussels"] == ("EUR", "BEL")
    codes = {a.iso3 for a in alias_table().values()}
    assert all(igo in codes and host in codes for igo, host in seats.values())
