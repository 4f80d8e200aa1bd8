"""Did it happen? occurred, announced, threatened, considered or denied.

The status is read from the trigger and the verbs that govern it, walking up the
dependency tree: "is not expelling" → denied, "is considering expelling" and "could
expel" → considered, "threatened to expel" and "vowed to retaliate" → threatened,
"must close by Saturday" and "will expel 23 diplomats" → announced. Cue words are in
parity/lexicon/modality.json.
"""

from __future__ import annotations

from spacy.tokens import Token

from parity.extract.moves import Mention, gerund_as_adjective, lemma
from parity.extract.vocab import Vocab
from parity.lexicon import word_list

_SPEECH = word_list("modality_boundary")
_TIME_UNITS = frozenset({"hour", "day", "week", "month"})  # "48 hours to leave", "five days"


def _negated(token: Token, vocab: Vocab) -> bool:
    """'did not expel', 'never expelled', and a negative subject: 'neither side seems
    ready to break off relations', 'no country has recalled its envoy'."""
    for child in token.children:
        if child.dep_ == "neg" or (
            child.dep_ in ("advmod", "det") and child.lower_ in ("never", "no")
        ):
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and (
            child.lower_ in ("neither", "none", "nobody", "nothing")
            or any(d.dep_ == "det" and d.lower_ in ("neither", "no") for d in child.children)
        ):
            return True
    return False


# Which links carry which cue upward. A negation or a denial reaches a trigger only
# through verbal complements ("did not order the closure", "denied that it would expel",
# "ruled out expelling"); a consideration or a threat also through a preposition
# ("a promise of retaliation", "warned of countermeasures"). Nothing crosses into a
# relative or adverbial clause, and a conjoined verb with its own subject stands alone.
# "acomp"/"oprd": "is not willing to expel", "neither side seems ready to break off"
_NEGATION_EDGES = frozenset(
    {"xcomp", "ccomp", "dobj", "obj", "pcomp", "nsubjpass", "acl", "acomp", "oprd"}
)
_CUE_EDGES = _NEGATION_EDGES | {"prep", "pobj", "compound", "amod", "attr", "nsubj", "appos"}


def _walk(trigger: Token) -> list[tuple[Token, str]]:
    """(governor, edge by which the walk reached it) from the trigger upward."""
    out = [(trigger, "")]
    node = trigger
    for _ in range(6):
        if node.head.i == node.i:
            break
        edge = node.dep_
        if edge == "amod" and gerund_as_adjective(node):
            edge = "pcomp"  # "no intention of severing relations": the gerund's own clause
        if edge == "conj":
            if any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in node.children):
                break
        elif edge not in _CUE_EDGES:
            break
        node = node.head
        out.append((node, edge))
        if lemma(node) in _SPEECH:
            break
    return out


def _stated_fact(trigger: Token, modals: set[str]) -> bool:
    """A finite act with its own named subject and no modal ('Sweden expels three
    diplomats, Moscow vows to respond'): a fact, whatever verb the parser hangs it on."""
    subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    return (
        trigger.tag_ in ("VBD", "VBZ", "VBP")
        and subject is not None
        and subject.pos_ != "PRON"
        and not any(c.dep_ == "aux" and c.lower_ in modals for c in trigger.children)
    )


def status_of(mention: Mention, vocab: Vocab) -> str:
    """The status of a mention, from cues on the trigger and its governors."""
    modality = vocab.modality
    trigger = mention.trigger
    walk = _walk(trigger)
    denial = set(modality["denial_verbs"])
    particles = dict(modality.get("denial_particles", {}))
    considered = set(modality["considered_verbs"])
    considered_modals = set(modality["considered_modals"])
    threat = set(modality["threat_verbs"]) | set(modality["threat_nouns"])
    future = set(modality["future_modals"])
    announce = set(modality["announce_verbs"])
    no_plan = set(modality["no_plan_nouns"])
    response = set(vocab.links["verbs"])

    reluctance = set(modality.get("reluctance_verbs", ()))
    negated = denied_by_verb = reluctant = after_conj = False
    reach_negation = True
    previous = trigger
    for node, edge in walk:
        by_means = (
            edge == "prep"
            and (
                previous.lower_ == "by"  # "would not retaliate by expelling"
                or (previous.lower_ == "with" and lemma(node) in vocab.doing_verbs)  # respond with
                or (previous.lower_ == "of" and lemma(node) in no_plan)  # "no intention of"
            )
        ) or (edge == "pobj" and node.lower_ in ("by", "with", "of"))
        previous = node
        if edge and edge not in _NEGATION_EDGES and edge != "conj" and not by_means:
            reach_negation = False
        if not reach_negation or (lemma(node) in _SPEECH and node.i != trigger.i):
            break
        after_conj = after_conj or edge == "conj"  # "rejected X, summoned Y": a separate act
        if node.i != trigger.i and lemma(node) in denial and not after_conj:
            denied_by_verb = True
        if node.i == trigger.i and _stopped_short(node, particles):
            denied_by_verb = True
        if node.i != trigger.i and lemma(node) in reluctance:
            reluctant = True
        if _negated(node, vocab) or (
            lemma(node) in no_plan and any(c.lower_ == "no" for c in node.children)
        ):
            negated = True
            break
    if mention.rule.barred:  # "the ambassador should not return": an order to stay away
        return "announced"
    if mention.rule.pos == "phrase":  # the phrase states the act itself, negation included
        return "threatened" if mention.move == "threaten" else "occurred"
    if denied_by_verb and negated:  # "did not rule out expelling" → still on the table
        return "considered"
    if reluctant and negated:  # "would not hesitate to expel": a threat
        return "threatened"
    if negated or denied_by_verb:
        return "denied"
    if lemma(trigger) in modality.get("considered_triggers", ()):
        return "considered"
    if mention.move in modality.get("speech_moves", ()):
        return "occurred"
    if mention.move == "threaten":
        return "threatened"
    chain = [node for node, _edge in walk]
    for node in chain[1:]:
        if lemma(node) in threat and not _stated_fact(trigger, future | considered_modals):
            return "threatened"
    if any(
        lemma(node) in response
        and any(c.dep_ == "aux" and c.lower_ in future for c in node.children)
        for node in chain[1:]
    ):
        return "threatened"  # "Russia will respond with the expulsion of British diplomats"
    if any(_ultimatum(node, future) for node in chain):
        return "threatened"  # "unless Sofia withdrew the order, she would ask Putin to close ..."
    for node in chain:
        if lemma(node) in considered and node.i != trigger.i:
            return "considered"
        if any(c.dep_ == "aux" and c.lower_ in considered_modals for c in node.children):
            return "considered"
        if lemma(node) in _SPEECH:
            break
    if _deadline(chain, vocab) or mention.obliged or _gives_time(mention.order_verb):
        return "announced"
    if mention.move == "expel_personnel" and _time_to_leave(trigger):
        return "announced"  # "expelled 35 diplomats, giving them 72 hours to leave"
    if mention.order_verb is not None and lemma(mention.order_verb) in modality.get(
        "demand_verbs", ()
    ):
        return "announced"
    for node in chain:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in future for c in node.children):
            if node.i == trigger.i or lemma(node) in announce:
                return "announced"
        if lemma(node) in _SPEECH:
            break
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and any(
        lemma(n) in ("decide", "announce", "plan") for n in chain
    ):
        return "announced"
    return "occurred"


def _ultimatum(node: Token, future: set[str]) -> bool:
    """A future act on a condition: 'unless X ..., we would close', 'if X ..., we will expel'."""
    return any(c.dep_ == "aux" and c.lower_ in future for c in node.children) and any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children)
        for c in node.children
    )


def _gives_time(order: Token | None) -> bool:
    """'has given Germany's ambassador 48 hours to leave', however the parser hangs the
    hours: the order verb is 'give' and a span of time with a count sits below it."""
    if order is None:
        return False
    # "ordered China to shut its consulate, giving its diplomats 72 hours to leave"
    givers = [order] if lemma(order) == "give" else []
    givers += [c for c in order.children if c.dep_ in ("advcl", "conj") and lemma(c) == "give"]
    return any(_counted_time(t) for giver in givers for t in giver.subtree)


def _counted_time(token: Token) -> bool:
    """A span of time with a count: '48 hours', 'five days'."""
    return token.lemma_ in _TIME_UNITS and any(c.dep_ == "nummod" for c in token.children)


def _stopped_short(trigger: Token, particles: dict[str, str]) -> bool:
    """'stopped short of cutting diplomatic ties', 'fell short of expelling': the act
    hangs under 'of', under the particle word, under the verb."""
    of = trigger.head
    word = of.head
    verb = word.head
    return (
        trigger.dep_ == "pcomp"
        and of.lower_ == "of"
        and lemma(verb) in particles
        and word.lower_ == particles[lemma(verb)]
    )


def _time_to_leave(trigger: Token) -> bool:
    """'expelled 35 diplomats, giving them 72 hours to leave', '..., who have 72 hours to
    leave': the expulsion takes effect later. Only a count of hours or days given or
    had, with a 'leave' below it, counts."""
    for t in trigger.subtree:
        if (
            _counted_time(t)
            and lemma(t.head) in ("give", "have")
            and t.head.i != trigger.i
            and any(lemma(x) in ("leave", "depart", "go", "quit") for x in t.head.subtree)
        ):
            return True
    return False


def _deadline(chain: list[Token], vocab: Vocab) -> bool:
    """'... by Saturday', 'within 72 hours', 'gave China 72 hours to close'."""
    preps = set(vocab.modality["deadline_preps"])
    trigger = chain[0]
    if trigger.dep_ in ("relcl", "acl") and trigger.head.lemma_ in _TIME_UNITS:
        return True  # "gave China 72 hours to close ...", "five days to leave"
    for node in chain[:3]:
        if lemma(node) == "give" and any(
            c.dep_ in ("dobj", "obj", "dative", "npadvmod") and c.lemma_ in _TIME_UNITS
            for c in node.children
        ):
            return True
    for node in chain[:2]:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for t in child.subtree:
                    if t.ent_type_ in ("DATE", "TIME") or t.lemma_ in _TIME_UNITS | {"deadline"}:
                        return True
    return False
