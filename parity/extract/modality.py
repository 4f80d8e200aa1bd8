"""Did it happen? occurred, announced, threatened, considered or denied.

The status is read from the trigger and the verbs that govern it, walking up the
dependency tree: "is not expelling" → denied, "is considering expelling" and "could
expel" → considered, "threatened to expel" and "vowed to retaliate" → threatened,
"must close by Saturday" and "will expel 23 diplomats" → announced. Cue words are in
parity/lexicon/modality.json.
"""

from __future__ import annotations

from spacy.tokens import Token

from parity.extract.moves import Mention, lemma
from parity.extract.vocab import Vocab

_CLIMB = frozenset({"xcomp", "ccomp", "advcl", "pcomp", "prep", "pobj", "conj", "dobj", "acl", "csubj", "attr", "nsubj", "nsubjpass", "compound", "amod", "appos"})
_SPEECH = frozenset({"say", "tell", "add", "note", "state", "claim", "report", "write", "insist"})


def governors(token: Token, limit: int = 6) -> list[Token]:
    """The trigger and the tokens above it, up to a relative clause or the sentence root."""
    chain = [token]
    node = token
    while len(chain) <= limit and node.head.i != node.i and node.dep_ in _CLIMB:
        node = node.head
        chain.append(node)
        if lemma(node) in _SPEECH:
            break
    return chain


def _negated(token: Token, vocab: Vocab) -> bool:
    negs = set(vocab.modality["negations"])
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det") and child.lower_ in ("never", "no")):
            return True
        if child.dep_ == "det" and child.lower_ in negs and child.lower_ == "no":
            return True
    return False


def status_of(mention: Mention, vocab: Vocab) -> str:
    """The status of a mention, from cues on the trigger and its governors."""
    modality = vocab.modality
    trigger = mention.trigger
    chain = governors(trigger)
    denial = set(modality["denial_verbs"])
    considered = set(modality["considered_verbs"])
    considered_modals = set(modality["considered_modals"])
    threat = set(modality["threat_verbs"]) | set(modality["threat_nouns"])
    future = set(modality["future_modals"])
    announce = set(modality["announce_verbs"])
    no_plan = set(modality["no_plan_nouns"])

    negated = False
    for node in chain:
        if lemma(node) in _SPEECH:
            break
        if _negated(node, vocab):
            negated = not negated if lemma(node) in denial else True
            break
        if lemma(node) in no_plan and any(c.lower_ == "no" for c in node.children):
            negated = True
            break
    denied_by_verb = any(lemma(n) in denial and n.i != trigger.i for n in chain if lemma(n) not in _SPEECH)
    if denied_by_verb and negated:  # "did not rule out expelling" → still on the table
        return "considered"
    if negated or denied_by_verb:
        return "denied"
    if mention.rule.pos == "phrase":  # the phrase states the threat, negation included
        return "threatened"
    if lemma(trigger) in modality.get("considered_triggers", ()):
        return "considered"
    if mention.move in modality.get("speech_moves", ()):
        return "occurred"
    if mention.move == "threaten":
        return "threatened"
    for node in chain[1:]:
        if lemma(node) in threat:
            return "threatened"
    for node in chain:
        if lemma(node) in considered and node.i != trigger.i:
            return "considered"
        if any(c.dep_ == "aux" and c.lower_ in considered_modals for c in node.children):
            return "considered"
        if lemma(node) in _SPEECH:
            break
    if _deadline(chain, vocab) or mention.obliged:
        return "announced"
    for node in chain:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in future for c in node.children):
            if node.i == trigger.i or lemma(node) in announce:
                return "announced"
        if lemma(node) in _SPEECH:
            break
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and any(lemma(n) in announce and n.i != trigger.i for n in chain):
        # "announced it was to expel", "decided to close"
        return "announced" if any(lemma(n) in ("decide", "announce", "plan") for n in chain) else "occurred"
    return "occurred"


def _deadline(chain: list[Token], vocab: Vocab) -> bool:
    preps = set(vocab.modality["deadline_preps"])
    for node in chain[:2]:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for t in child.subtree:
                    if t.ent_type_ in ("DATE", "TIME") or t.lemma_ in ("hour", "day", "week", "month", "deadline"):
                        return True
    return False
