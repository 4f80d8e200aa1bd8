"""Who acts and who is acted upon: states behind names, capitals, bodies and people.

A `Gazetteer` matches every alias of countries.tsv, institutions.tsv and persons.tsv
in a parsed document at once (spaCy PhraseMatcher, case-sensitive so "US" is not
"us"), giving each token the ISO3 code it stands for. The functions below then read
a phrase's country from its modifiers ("35 Russian officials" → RUS, "State
Department personnel" → USA) and its actor name ("Russian Foreign Minister Sergey
Lavrov" → "Sergey Lavrov").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from parity.lexicon import path, read_tsv, word_list

IGOS = frozenset({"EUR", "NATO", "UNO"})
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "him", "her", "them", "us", "its", "their", "our", "his"}
)


def is_pronoun(token: Token) -> bool:
    """A personal pronoun, not the name 'US' that lower-cases to 'us'."""
    return token.lower_ in PRONOUNS and token.text != "US"


FIRST_PERSON = frozenset({"we", "i", "us", "our", "my"})
GENERIC_GOVERNMENT = word_list("generic_government")


@dataclass(frozen=True)
class Alias:
    """What a matched name stands for: a state and the kind of name it is."""

    iso3: str
    kind: str  # name, short, demonym, adjective, capital, seat, ministry, body, person, surname
    # ("region" rows of regions.tsv only shadow country words and are dropped)
    text: str


@dataclass(frozen=True)
class Actor:
    """A resolved actor: the state and, when the text names one, the person or body."""

    iso3: str | None
    name: str | None = None
    how: str = "text"  # text | pronoun | context


def _rows(name: str) -> list[list[str]]:
    try:
        path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return read_tsv(name)


@cache
def alias_table() -> dict[str, Alias]:
    """Alias text → Alias, from the three lexicon files (later files win on conflicts)."""
    table: dict[str, Alias] = {}
    for name in ("countries.tsv", "institutions.tsv", "regions.tsv"):
        for row in _rows(name):
            if len(row) >= 2:
                alias = row[0].strip()
                if alias.lower().startswith("the "):
                    alias = alias[4:]
                kind = row[2].strip() if len(row) > 2 else "name"
                table[alias] = Alias(row[1].strip(), kind, alias)
    for row in _rows("persons.tsv"):
        if len(row) >= 2:
            kind = "surname" if len(row) > 2 and row[2].strip() == "surname" else "person"
            table[row[0].strip()] = Alias(row[1].strip(), kind, row[0].strip())
    return table


class Gazetteer:
    """Finds every alias in a Doc; one instance per spaCy pipeline."""

    def __init__(self, nlp: Language) -> None:
        self.table = alias_table()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        texts = list(self.table)
        variants = {}
        for text in texts:
            variants[text] = text
            upper = text.upper()
            if upper != text and self.table[text].kind in ("name", "short"):
                variants[upper] = text
        self.variants = variants
        patterns = list(nlp.tokenizer.pipe(variants))
        self.matcher.add("ALIAS", patterns)

    def annotate(self, doc: Doc) -> dict[int, Alias]:
        """Token index → Alias for every token inside a matched name (longest match wins)."""
        spans = self.matcher(doc, as_spans=True)
        found: dict[int, Alias] = {}
        for span in sorted(spans, key=lambda s: s.end - s.start, reverse=True):
            if any(i in found for i in range(span.start, span.end)):
                continue
            alias = self.table[self.variants.get(span.text, span.text)]
            for i in range(span.start, span.end):
                found[i] = alias
        found = {i: a for i, a in found.items() if a.kind != "region"}
        _host_seats(found)
        return found


@cache
def shared_seats() -> dict[str, tuple[str, str]]:
    """Seat name → (organisation, host state), from shared_seats.tsv."""
    return {row[0]: (row[1], row[2]) for row in _rows("shared_seats.tsv") if len(row) >= 3}


def _host_seats(found: dict[int, Alias]) -> None:
    """'Brussels' is Belgium, not the EU, in a text that names Belgium at least as often."""
    seats = shared_seats()
    if not any(a.text in seats for a in found.values()):
        return
    starts = [(i, a) for i, a in found.items() if found.get(i - 1) is not a]  # one per name
    mentions = Counter(a.iso3 for _, a in starts)
    seat_mentions = Counter(a.text for _, a in starts if a.text in seats)
    for i, alias in list(found.items()):
        if alias.text in seats:
            igo, host = seats[alias.text]
            others = mentions[igo] - seat_mentions[alias.text]
            if mentions[host] and mentions[host] >= others:
                found[i] = Alias(host, "capital", alias.text)


_MODIFIER_DEPS = ("amod", "compound", "poss", "nmod", "nummod", "det")
_LOCATION_PREPS = frozenset(
    {
        "in",
        "at",
        "from",
        "inside",
        "across",
        "within",
        "on",
        "to",
        "into",
        "of",
        "near",
        "outside",
        "throughout",
    }
)


def modifiers_country(token: Token, aliases: dict[int, Alias], depth: int = 2) -> str | None:
    """The state named in a noun's own modifiers: "Russian officials", "the U.S. Embassy"."""
    if token.i in aliases:
        return aliases[token.i].iso3
    for child in token.children:
        if child.dep_ in _MODIFIER_DEPS or child.dep_ in ("appos",):
            for t in child.subtree:
                if t.i in aliases:
                    return aliases[t.i].iso3
    if depth > 0:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = modifiers_country(pobj, aliases, depth - 1)
                        if found:
                            return found
    return None


def phrase_country(
    token: Token, aliases: dict[int, Alias], exclude_locations: bool = True
) -> str | None:
    """The state a noun phrase refers to, looking at modifiers first, then the rest.

    Locations ("personnel in Russia", "expelled from Britain") are skipped when
    `exclude_locations` is set: they name the host, not the owner.
    """
    found = modifiers_country(token, aliases)
    if found:
        return found
    for t in token.subtree:
        if t.i in aliases and not (
            exclude_locations and _under_location(t, token) and not _origin(t, aliases)
        ):
            if _under_reason(t, token):
                continue  # "expels envoy over minister's Yemen remarks": the cause, no owner
            return aliases[t.i].iso3
    return None


_REASON_PREPS = frozenset({"over", "about"})


def _under_reason(t: Token, top: Token) -> bool:
    node = t
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in _REASON_PREPS:
            return True
        node = node.head
    return False


def _origin(t: Token, aliases: dict[int, Alias]) -> bool:
    """'15 diplomats from the United Arab Emirates': a country named after people with
    'from' is where they come from, not where they are."""
    prep = t.head
    return (
        t.dep_ == "pobj"
        and prep.lower_ == "from"
        and prep.head.tag_ in ("NNS", "NNPS")
        and aliases[t.i].kind in ("name", "short")
    )


def _under_location(t: Token, top: Token) -> bool:
    node = t
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in _LOCATION_PREPS and node.head.lower_ != "of":
            return True
        if node.dep_ in ("relcl", "acl"):
            return True
        node = node.head
    return False


def actor_name(token: Token, aliases: dict[int, Alias]) -> str | None:
    """The person or body a subject phrase names ("Sergey Lavrov", "State Department")."""
    subtree = [t for t in token.subtree if not _under_location(t, token) or t.i == token.i]
    for t in subtree:
        if t.ent_type_ == "PERSON":
            ent = entity_at(t)
            if ent is not None:
                return ent.text
    for t in subtree:
        alias = aliases.get(t.i)
        if alias and alias.kind in ("person", "surname"):
            return _alias_span(t, aliases).text
    for t in subtree:
        alias = aliases.get(t.i)
        if alias and alias.kind in ("ministry", "body", "seat"):
            return _alias_span(t, aliases).text
    if (
        token.lower_ == "spokesman"
        or token.lower_ == "spokeswoman"
        or token.lower_ == "spokesperson"
    ):
        return " ".join(t.text for t in token.subtree if t.dep_ != "det" and t.i <= token.i) or None
    return None


def entity_at(token: Token) -> Span | None:
    """The named entity a token is part of, read off its IOB tags: walking `doc.ents`
    builds every entity span of the document, and this is asked for many tokens."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _alias_span(token: Token, aliases: dict[int, Alias]) -> Span:
    alias = aliases[token.i]
    start = token.i
    while start - 1 >= 0 and aliases.get(start - 1) is alias:
        start -= 1
    end = token.i + 1
    while end < len(token.doc) and aliases.get(end) is alias:
        end += 1
    return token.doc[start:end]


def person_country(token: Token, aliases: dict[int, Alias]) -> str | None:
    """Country of a person subject: a title ("Russian President ...") or the persons table."""
    subtree = list(token.subtree)
    for t in subtree:
        alias = aliases.get(t.i)
        if alias and alias.kind in ("person", "surname") and not _under_location(t, token):
            return alias.iso3
    return None


def _title_country(token: Token, aliases: dict[int, Alias]) -> str | None:
    """'Dutch Prime Minister Mark Rutte': the title's state beats the persons table,
    whose entry may be a later office (Rutte at NATO from 2024)."""
    alias = aliases.get(token.i)
    if alias is None or alias.kind not in ("person", "surname"):
        return None
    for child in token.children:
        if child.dep_ in ("compound", "amod") and child.i < token.i:
            for t in child.subtree:
                other = aliases.get(t.i)
                if other is not None and other.kind not in ("person", "surname"):
                    return other.iso3
    return None


def subject_actor(token: Token, aliases: dict[int, Alias]) -> Actor | None:
    """Resolve a subject (or agent, or possessor) phrase to an Actor, or None if it names no state."""
    name = actor_name(token, aliases)
    iso3 = (
        _title_country(token, aliases)
        or modifiers_country(token, aliases)
        or person_country(token, aliases)
    )
    if iso3 is None:
        iso3 = phrase_country(token, aliases)
    if iso3 is None:
        return None
    return Actor(iso3, name)
