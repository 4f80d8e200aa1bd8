"""What answers what: responds_to links stated inside one document.

Patterns (words in parity/lexicon/links.json):
- "X ... in response to / in retaliation for Y"      → X answers Y
- "That action was a response to Y, which was a response to Z" (chains, anaphors)
- "Russia reacted by ordering X" / "responded to Y by ..."
- "... to punish Y" (purpose clause), "sanctioned ... over Y" / "for Y" (reasons)
- "In a statement blasting that move, ... directed ..." (an anaphor in the sentence)
An anaphor ("that move", "the decision", "that interference") is resolved to the
latest earlier event of the other side, of the kind its head noun names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from parity.extract.moves import lemma
from parity.extract.vocab import Vocab

_ANAPHOR_KIND = {
    "expulsion": "expel_personnel",
    "closure": "close_facility",
    "sanction": "impose_sanctions",
    "cap": "cap_personnel",
    "cut": "cap_personnel",
    "interference": "hostile_act",
    "meddling": "hostile_act",
    "attack": "hostile_act",
    "poisoning": "hostile_act",
}


@dataclass
class Draft:
    """An event while its document is being read: the trigger index allows linking."""

    key: int  # trigger token index (unique within the document)
    sent_start: int
    source: str | None
    target: str | None
    move: str
    hostile: bool
    responds_to: set[int] = field(default_factory=set)


def _subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _events_in(token: Token, drafts: dict[int, Draft]) -> list[Draft]:
    ids = _subtree_ids(token)
    return [d for k, d in drafts.items() if k in ids]


def _anaphor(token: Token, vocab: Vocab) -> bool:
    heads = set(vocab.links["anaphor_heads"])
    dets = set(vocab.links["anaphor_determiners"])
    return lemma(token) in heads and any(
        c.dep_ in ("det", "poss") and c.lower_ in dets for c in token.children
    )


def _demonstrative(token: Token, vocab: Vocab) -> bool:
    """'that move', 'this decision': a pointing anaphor, not just 'the steps'."""
    return _anaphor(token, vocab) and any(
        c.dep_ == "det" and c.lower_ in ("that", "this", "those", "these") for c in token.children
    )


def _resolve_anaphor(
    token: Token, before: int, drafts: list[Draft], expect_source: str | None
) -> Draft | None:
    kind = _ANAPHOR_KIND.get(lemma(token))
    for d in sorted(drafts, key=lambda d: d.key, reverse=True):
        if d.key >= before or not d.hostile:
            continue
        if kind and d.move != kind:
            continue
        if expect_source and d.source != expect_source:
            continue
        return d
    return None


def _provocations(
    phrase: Token, responders: list[Draft], drafts: dict[int, Draft], vocab: Vocab
) -> list[Draft]:
    """The events a link phrase names: triggers inside it, or anaphors resolved."""
    inside = [d for d in _events_in(phrase, drafts) if d not in responders]
    if inside:
        return inside
    expect = responders[0].target if responders else None
    for t in phrase.subtree:
        if _anaphor(t, vocab):
            found = _resolve_anaphor(t, phrase.sent.start, list(drafts.values()), expect)
            if found:
                return [found]
    return []


def _with_conjuncts(token: Token, drafts: dict[int, Draft]) -> list[Draft]:
    """Events whose trigger is this verb, a verb conjoined with it, or the act it carries
    out ("ordered the closure of X in retaliation for Y")."""
    out = []
    group = {token.i} | {c.i for c in token.children if c.dep_ in ("conj", "dobj", "obj")}
    if token.dep_ == "conj":
        group.add(token.head.i)
        group |= {c.i for c in token.head.children if c.dep_ == "conj"}
    for i in sorted(group):
        if i in drafts:
            out.append(drafts[i])
    return out


def _responders_above(token: Token, drafts: dict[int, Draft]) -> list[Draft]:
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        found = _with_conjuncts(node, drafts)
        if found:
            return found
    return []


def link_sentence(sent: Span, drafts: dict[int, Draft], vocab: Vocab) -> None:
    """Add responds_to edges stated in one sentence (mutates the drafts)."""
    nouns = set(vocab.links["nouns"])
    noun_preps = set(vocab.links["noun_preps"])
    verbs = set(vocab.links["verbs"])
    purpose = set(vocab.links["purpose_verbs"])
    reasons = set(vocab.links["reason_preps"])
    here = {k: d for k, d in drafts.items() if sent.start <= k < sent.end}
    for token in sent:
        low = lemma(token)
        if low in nouns and token.pos_ == "NOUN":
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in noun_preps:
                    responders = _noun_responders(token, drafts, vocab)
                    _add(responders, _provocations(prep, responders, drafts, vocab))
        elif low in verbs and token.pos_ == "VERB":
            responders = []
            for child in token.children:
                if child.dep_ in ("prep", "advcl") and child.lower_ in ("by", "with"):
                    responders += _events_in(child, here)
            if not responders:
                continue
            provs = []
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("to", "against", "for"):
                    provs += _provocations(child, responders, drafts, vocab)
                if child.dep_ == "advcl" and child.i < token.i:
                    provs += [d for d in _events_in(child, here) if d not in responders]
            if not provs:
                provs = _latest_other(responders, drafts)
            _add(responders, provs)
        elif (
            low in purpose
            and token.dep_ in ("advcl", "xcomp")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        ):
            responders = _with_conjuncts(token.head, drafts)
            for child in token.children:
                if child.dep_ in ("dobj", "obj"):
                    provs = _provocations(child, responders, drafts, vocab)
                    for conj in child.conjuncts:
                        provs += _provocations(conj, responders, drafts, vocab)
                    _add(responders, provs)
        elif token.dep_ == "prep" and token.lower_ in reasons and token.head.i in here:
            responders = _with_conjuncts(token.head, drafts)
            if responders and responders[0].hostile:
                _add(
                    responders,
                    [d for d in _provocations(token, responders, drafts, vocab) if d.hostile],
                )
        elif (
            _demonstrative(token, vocab)
            and token.dep_ in ("dobj", "pobj")
            and not _events_in(token, here)
        ):
            # "blasting that move, the State Department directed Russia to shut ..."
            others = [d for d in here.values() if d.key != token.head.i]
            if not others:
                continue
            found = _resolve_anaphor(token, sent.start, list(drafts.values()), others[0].target)
            if found:
                _add([d for d in here.values() if d.source == found.target], [found])


def _noun_responders(noun: Token, drafts: dict[int, Draft], vocab: Vocab) -> list[Draft]:
    """Who answers, for 'in response to', 'X was a response to', 'X, which was a response to'."""
    head = noun.head
    if noun.dep_ in ("attr", "acomp") or (head.lemma_ == "be"):
        copula = head
        if copula.dep_ == "relcl" and copula.head.i in drafts:
            return [drafts[copula.head.i]]
        if copula.dep_ == "relcl":
            inside = _events_in(copula.head, drafts)
            return inside[:1]
        for child in copula.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                inside = [d for d in _events_in(child, drafts)]
                if inside:
                    return inside
                if _anaphor(child, vocab) or lemma(child) in vocab.links["anaphor_heads"]:
                    earlier = [d for d in drafts.values() if d.key < child.sent.start and d.hostile]
                    if earlier:
                        return [max(earlier, key=lambda d: d.key)]
    if noun.dep_ == "appos" and noun.head.i in drafts:
        return [drafts[noun.head.i]]
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":  # "described the steps as an answer to X"
        verb = noun.head.head
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
        if obj is not None:
            inside = _events_in(obj, drafts)
            if inside:
                return inside
            if lemma(obj) in vocab.links["anaphor_heads"]:
                earlier = [d for d in drafts.values() if d.key < obj.sent.start and d.hostile]
                if earlier:
                    return [max(earlier, key=lambda d: d.key)]
        return []
    return _responders_above(noun, drafts)


def _latest_other(responders: list[Draft], drafts: dict[int, Draft]) -> list[Draft]:
    first = min(d.key for d in responders)
    src = responders[0].source
    earlier = [
        d
        for d in drafts.values()
        if d.key < first and d.hostile and d.source and d.source != src and d.target == src
    ]
    return [max(earlier, key=lambda d: d.key)] if earlier else []


def _add(responders: list[Draft], provocations: list[Draft]) -> None:
    for r in responders:
        for p in provocations:
            if p.key != r.key and p.source != r.source:
                r.responds_to.add(p.key)
