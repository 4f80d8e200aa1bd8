"""How many: numbers in digits and words, and which number belongs to which move.

"35", "thirty-five", "two dozen" and "another 155" are quantities; "dozens" is not
(the event keeps quantity None and the hint "dozens" for fusion). A staff cap takes
the ceiling ("cut by 755 to 455" → 455, "capped at 455"); closures in a list of
places count the places ("offices in New York, Washington and San Francisco" → 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from parity.extract.vocab import load_vocab
from parity.lexicon import word_list

_HYPHEN = re.compile(r"\s*-\s*")


@dataclass(frozen=True)
class Quantity:
    value: int | None
    hint: str | None = None


def words_to_number(text: str) -> int | None:
    """Parse '35', '1,200', 'thirty-five', 'two dozen', 'a hundred and ten'; None otherwise."""
    numbers = load_vocab().numbers
    units, tens, scales = numbers["units"], numbers["tens"], numbers["scales"]
    text = _HYPHEN.sub(" ", text.lower().replace(",", "")).strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return int(float(text))
    total, current, seen = 0, 0, False
    for word in text.split():
        if word in (
            "and",
            "another",
            "more",
            "some",
            "about",
            "around",
            "nearly",
            "almost",
            "over",
            "roughly",
            "approximately",
            "least",
            "at",
            "than",
            "all",
        ):
            continue
        if re.fullmatch(r"\d+", word):
            current += int(word)
            seen = True
        elif word in units:
            value = units[word]
            if word == "dozen":
                current = (current or 1) * 12
            else:
                current += value
            seen = True
        elif word in tens:
            current += tens[word]
            seen = True
        elif word in scales:
            current = (current or 1) * scales[word]
            if scales[word] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return total + current if seen else None


def vague_hint(text: str) -> str | None:
    """The vague count a phrase states ('dozens', 'several'), if any."""
    vague = load_vocab().numbers["vague"]
    low = " ".join(text.lower().split())
    for phrase in sorted(vague, key=len, reverse=True):
        if re.search(rf"\b{re.escape(phrase)}\b", low):
            return phrase
    return None


def _number_run(head: Token) -> str:
    """The numeric words directly before a noun: 'two dozen', 'thirty - five', 'another 155'."""
    numbers = load_vocab().numbers
    words = set(numbers["units"]) | set(numbers["tens"]) | set(numbers["scales"])
    run: list[Token] = []
    i = head.i - 1
    doc = head.doc
    while i >= 0 and i >= head.i - 8:
        t = doc[i]
        low = t.lower_
        if t.like_num or low in words or low == "-" or low == "and" and run:
            run.insert(0, t)
            i -= 1
            continue
        if t.pos_ in ("ADJ", "PROPN") or t.dep_ in ("amod", "compound") or low in ("'s", "’s"):
            if run:
                break
            i -= 1
            continue
        break
    while run and run[0].lower_ in ("-", "and"):
        run.pop(0)
    if len(run) == 1 and run[0].lower_ in ("a", "an"):
        return ""
    return " ".join(t.text for t in run)


_APPROXIMATE = word_list("approximate")


def _approximate(noun: Token) -> str | None:
    """'more than 150', 'about 30', 'at least a dozen': not an exact count."""
    words = [
        t
        for t in noun.subtree
        if t.i < noun.i and (t.dep_ in ("quantmod", "advmod", "amod") or t.lower_ in _APPROXIMATE)
    ]
    numbers = [
        t.i
        for t in noun.subtree
        if t.i < noun.i and (t.like_num or t.lower_ in ("dozen", "hundred", "thousand"))
    ]
    for t in words:
        if t.lower_ in _APPROXIMATE and numbers:
            start = min(w.i for w in words)
            return " ".join(x.text for x in noun.doc[start : max(numbers) + 1])
    return None


def noun_quantity(noun: Token) -> Quantity:
    """The count a noun phrase states for its head noun."""
    approx = _approximate(noun)
    if approx:
        return Quantity(None, approx)
    nummods = [c for c in noun.children if c.dep_ == "nummod"]
    if nummods:
        text = " ".join(t.text for t in nummods[0].subtree if t.i < noun.i)
        value = words_to_number(text)
        if value is not None:
            return Quantity(value)
        hint = vague_hint(text)
        if hint:
            return Quantity(None, hint)
    run = _number_run(noun)
    if run:
        value = words_to_number(run)
        if value is not None:
            return Quantity(value)
        hint = vague_hint(run)
        if hint:
            return Quantity(None, hint)
    if noun.like_num:
        value = words_to_number(noun.text)
        if value is not None:
            return Quantity(value)
    hint = vague_hint(" ".join(t.lower_ for t in noun.subtree if t.i <= noun.i))
    return Quantity(None, hint)


def head_of_quantified(noun: Token) -> Token:
    """Step from 'dozens' / 'two' / 'some' to the noun in its 'of' phrase ('dozens of officials')."""
    numbers = load_vocab().numbers
    vague = numbers["vague"]
    containers = load_vocab().container_nouns
    if (
        noun.like_num
        or noun.lower_ in vague
        or noun.lower_ in numbers["units"]
        or noun.lemma_.lower() in containers
        or noun.lower_ in containers
    ):
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return noun


def quantity_for(
    move: str, trigger: Token, obj: Token | None, quantified: Token | None
) -> Quantity:
    """The quantity of a move, from its object phrase and (for caps) its `at`/`to` phrase."""
    if move in ("impose_sanctions", "restrict_travel"):  # count people and firms, not percentages
        counted = quantified if quantified is not None else obj
        aimed = [  # "sanctions against 24 Russian individuals"
            p
            for c in (obj.children if obj is not None else ())
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for noun in (obj, counted, *aimed):
            if noun is not None and noun.lemma_.lower() in load_vocab().classes.get(
                "listed", frozenset()
            ):
                return noun_quantity(noun)
        return Quantity(None)
    if move == "cap_personnel":
        ceiling = (
            _ceiling(trigger)
            or (_ceiling(obj) if obj is not None else None)
            or _nested_ceiling(obj)
        )
        if ceiling is not None:
            return Quantity(ceiling)
        return Quantity(None)
    if quantified is not None and (obj is None or quantified.i != obj.i):
        q = noun_quantity(quantified)
        if q.value is not None or q.hint:
            return q
    if obj is None:
        return Quantity(None)
    q = noun_quantity(obj)
    if q.value is not None or q.hint:
        return q
    if move in ("close_facility", "seize_property") and obj.tag_ in ("NNS", "NNPS"):
        places = _listed_places(obj)
        if places > 1:
            return Quantity(places)
    return q


def _ceiling(token: Token | None) -> int | None:
    if token is None:
        return None
    for child in token.children:  # "cut ... by 755 to 455" parsed as one number phrase
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):  # "from 55 to 30" too
            for pobj in child.children:
                if pobj.like_num and any(q.lower_ == "to" for q in pobj.children):
                    return words_to_number(pobj.text)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("at", "to"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    value = words_to_number(pobj.text) if pobj.like_num else None
                    if value is None:
                        value = noun_quantity(pobj).value
                    if value is not None:
                        return value
    return None


def _nested_ceiling(obj: Token | None) -> int | None:
    """'reduced the number of diplomats allowed at the US embassy to 455': the parser
    hangs 'to 455' deep inside the object phrase."""
    if obj is None:
        return None
    for t in obj.subtree:
        if t.dep_ == "prep" and t.lower_ == "to":
            for pobj in t.children:
                if pobj.dep_ == "pobj" and pobj.like_num:
                    value = words_to_number(pobj.text)
                    if value is not None:
                        return value
    return None


def _listed_places(noun: Token) -> int:
    """Count the places in 'offices in New York, Washington and San Francisco'."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                    return 1 + sum(
                        1
                        for t in pobj.subtree
                        if t.dep_ == "conj"
                        and t.ent_type_ in ("GPE", "LOC", "FAC")
                        and t.ent_iob_ == "B"
                    )
    return 0
