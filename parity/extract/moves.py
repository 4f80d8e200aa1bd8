"""Find move triggers in a parsed sentence (pure matching; no annotation is set).

A trigger is a verb or noun whose lemma a rule of triggers.json lists and whose
object fits the rule's noun class: "expelled 35 officials", "were expelled by",
"ordered 35 diplomats to leave", "the closure of three consulates", "capped the
number of staff at 455". The result is a list of `Mention`s: the trigger, the object
head, the noun that carries the count, and how the mention was found; actors,
status, date and quantity are read off them by the other modules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from parity.extract.quantities import head_of_quantified
from parity.extract.vocab import Rule, Vocab
from parity.lexicon import word_list

OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")


@dataclass
class Mention:
    rule: Rule
    trigger: Token
    obj: Token | None = None  # head of the object phrase (after 'dozens of' → 'officials')
    quantified: Token | None = None  # the noun that carries the count
    order_verb: Token | None = None  # "ordered X to leave" / "told X to close"
    obliged: bool = False  # "the Russians must close ..." (the subject is the target)
    passive: bool = False

    @property
    def move(self) -> str:
        return self.rule.move


def _is_demonym(text: str) -> bool:
    from parity.extract.actors import alias_table

    alias = alias_table().get(text)
    return alias is not None and alias.kind == "demonym"


_LEMMA_FIXES = dict(pair.split() for pair in word_list("lemma_fixes"))


def lemma(token: Token) -> str:
    """The lower-case lemma, corrected where the model is known to get it wrong."""
    low = token.lemma_.lower()
    return _LEMMA_FIXES.get(token.lower_, low)


def prep_objects(heads: Token | Iterable[Token], preps: Iterable[str]) -> Iterator[Token]:
    """The objects of the given prepositions hanging on `heads`, in text order:
    'with' in 'talks with X', 'to' in 'attributed the attack to Iran'."""
    wanted = set(preps)
    for head in [heads] if isinstance(heads, Token) else heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in wanted:
                yield from (p for p in child.children if p.dep_ == "pobj")


def noun_classes(token: Token, vocab: Vocab) -> set[str]:
    """Classes of a noun phrase head, also looking at compounds ('trade mission', 'staff numbers')."""
    words = {lemma(token), token.lower_}
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            words.add(lemma(child))
            words.add(child.lower_)  # "landing rights": the lemma 'land' is another word
            words.add(f"{child.lower_} {token.lower_}")
    found = {name for name, members in vocab.classes.items() if words & members}
    if token.tag_ == "PRP" and token.lower_ in ("him", "her"):
        found.add("pronoun")
    if token.ent_type_ == "PERSON":  # "summoned Karima Benyaich"
        found.add("person_name")
    if token.tag_ in ("NNS", "NNPS") and _is_demonym(token.text):  # "expelled three Estonians"
        found.add("personnel")
    if lemma(token) == "other" and any(c.dep_ == "nummod" for c in token.children):
        found.add("personnel")  # "expelled two diplomats and barred two others"
    if token.like_num and token.dep_ in (
        "dobj",
        "obj",
        "nsubjpass",
    ):  # "expelled four", "ordering out four"
        found.add("personnel")
    return found


def counted_then_state(obj: Token) -> Token | None:
    """'Canada expelled four and Ukraine, ..., said it would expel 13': the parser reads
    'four and Ukraine' as one object; the count is the object and the state begins a new
    clause. Returns the count."""
    if obj.ent_type_ not in ("GPE", "NORP") or obj.pos_ != "PROPN":
        return None
    count = next((c for c in obj.children if c.dep_ == "nummod" and c.i < obj.i), None)
    if count is None or not any(c.dep_ == "cc" for c in count.children):
        return None
    return count


def object_of(token: Token) -> tuple[Token | None, bool]:
    """The object of a verb and whether it was found as a passive subject."""
    for child in token.children:
        if child.dep_ in OBJECT_DEPS and not _particle_as_object(child):
            return counted_then_state(child) or child, False
    for child in token.children:
        if child.dep_ == "dative":  # "sent the envoy home": 'home' parsed as the object
            return child, False
    for child in token.children:
        if child.dep_ in ("nsubjpass", "nsubj:pass"):
            if token.dep_ == "relcl" and child.tag_ in ("WP", "WDT"):
                return token.head, True  # "Ambassador Alonso, who was recalled to Madrid"
            return child, True
    if token.dep_ in ("acl", "amod") and token.tag_ == "VBN":  # "the facilities closed by ..."
        return token.head, True
    if token.dep_ == "amod" and (token.tag_ == "VBD" or gerund_as_adjective(token)):
        return token.head, False  # mis-parse: "..., closed Russian compounds", "of severing ties"
    for child in token.children:  # "declared Russian staff persona non grata"
        if child.dep_ in ("ccomp", "oprd", "xcomp"):
            for sub in child.children:
                if sub.dep_ in ("nsubj", "nsubjpass"):
                    return sub, False
    if token.dep_ == "conj":  # "expelled and banned 35 diplomats"
        for child in token.head.children:
            if child.dep_ in OBJECT_DEPS and child.i > token.i:
                return child, False
    # "close diplomatic offices" parsed with a particle/prep in between, e.g. "kicked out dozens"
    for child in token.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in ("of", "on", "against")
            and token.pos_ == "NOUN"
        ):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj, False
    return None, False


def _noun_object(token: Token) -> Token | None:
    """The object of a noun trigger: 'closure of X', 'cut in X', 'X expulsions', 'ban on X'."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "on", "to", "for"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    for child in token.children:
        if child.dep_ == "compound" and child.pos_ in ("NOUN", "PROPN"):
            return child
    return None


_PARTICLE_WORDS = frozenset({"home", "back", "out"})


def _particle_as_object(token: Token) -> bool:
    """'sent the envoy home': the parser makes 'home' the object and the envoy a dative."""
    return token.lower_ in _PARTICLE_WORDS and any(c.dep_ == "dative" for c in token.head.children)


def _particles(token: Token) -> set[str]:
    """Particles of a phrasal verb, also when the parser hangs them on the object ('order X out')."""
    found = {c.lower_ for c in token.children if c.dep_ in ("prt", "advmod", "prep", "npadvmod")}
    found |= {c.lower_ for c in token.children if _particle_as_object(c)}
    for child in token.children:
        if child.dep_ in ("dobj", "obj"):
            found |= {
                c.lower_ for c in child.children if c.dep_ in ("prep", "advmod") and c.i > child.i
            }
    return found


def _fits(classes: set[str], wanted: tuple[str, ...], has_object: bool) -> bool:
    if not wanted:
        return True
    if "any" in wanted:
        return True
    if "none" in wanted and not has_object:
        return True
    return bool(classes & set(wanted))


_QUESTION_WORDS = frozenset({"why", "how", "whether", "if", "what", "when", "where", "who"})


def _order_governor(token: Token, vocab: Vocab) -> Token | None:
    """'ordered X to leave': the order verb above an xcomp, if any."""
    head = token.head
    if token.dep_ in ("xcomp", "ccomp", "advcl") and lemma(head) in vocab.order_verbs:
        if any(c.lower_ in _QUESTION_WORDS for c in token.children if c.i < token.i):
            return None  # "had not been told why its diplomat was sent home": no order
        return head
    if token.dep_ == "conj" and head.i != token.i and head.dep_ in ("xcomp", "ccomp"):
        # "ordering the consulate to close and its staff to leave"
        if lemma(head.head) in vocab.order_verbs:
            return head.head
    if (  # "gave Colombian diplomats 24 hours to leave": the clause hangs on the time
        token.dep_ in ("relcl", "acl")
        and head.ent_type_ in ("TIME", "DATE")
        and head.dep_ in ("npadvmod", "dobj", "obj")
        and lemma(head.head) in vocab.order_verbs
    ):
        return head.head
    return None


def _is_verbal(token: Token) -> bool:
    if token.tag_ == "VBD":  # "closed Russian compounds" mis-parsed as an adjective
        return True
    if token.pos_ in ("VERB",):
        # "no intention of severing relations": the parser reads the gerund as an adjective
        return token.dep_ != "amod" or gerund_as_adjective(token)
    # The small model tags some verbs as nouns/adjectives ("order the closure", "shuttered")
    return token.tag_.startswith("VB") and token.dep_ != "amod"


def gerund_as_adjective(token: Token) -> bool:
    """'of severing relations', 'without expelling diplomats': a gerund right after a
    preposition, parsed as an adjective on its object."""
    return (
        token.tag_ == "VBG"
        and token.i > 0
        and token.doc[token.i - 1].pos_ == "ADP"
        and token.head.i == token.i + 1
    )


def _partner(verb: Token, vocab: Vocab) -> Token | None:
    """The other party of a meeting: the object, a 'with' phrase, or a conjoined subject;
    an object that is a noun must name an office ('his Australian counterpart')."""
    offices = vocab.classes.get("state_like", frozenset()) | {"counterpart"}
    for child in verb.children:
        if child.dep_ in ("dobj", "obj") and (
            child.pos_ == "PROPN" or (lemma(child) in offices and not _private_owner(child))
        ):
            return child
        if child.dep_ == "prep" and child.lower_ == "with":
            found = next((p for p in child.children if p.dep_ == "pobj"), None)
            if found is not None:
                return found
        if child.dep_ == "prep" and child.lower_ == "to":  # "spoke to his Egyptian counterpart"
            found = next((p for p in child.children if p.dep_ == "pobj"), None)
            titles = vocab.classes.get("titles", frozenset()) | {"counterpart"}
            if found is not None and (
                found.ent_type_ in ("PERSON", "GPE")
                or (lemma(found) in titles and not _private_owner(found))
            ):
                return found  # not "speaking to a Spanish news agency"
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.conjuncts:
        return subject.conjuncts[0]
    return None


def _private_owner(noun: Token) -> bool:
    """'the fishermen's representatives': an office held for people, not for a state."""
    return any(
        c.dep_ == "poss" and c.pos_ == "NOUN" and c.ent_type_ not in ("NORP", "GPE")
        for c in noun.children
    )


def _with_object(verb: Token, classes: tuple[str, ...], vocab: Vocab) -> Token | None:
    for pobj in prep_objects(verb, ("with",)):
        head = head_of_quantified(pobj)
        if noun_classes(head, vocab) & set(classes):
            return head
    return None


def _for_object(verb: Token, classes: tuple[str, ...], vocab: Vocab) -> Token | None:
    """The 'for' phrase of a verb whose words fall in one of `classes`."""
    wanted = set().union(*(vocab.classes.get(c, frozenset()) for c in classes))
    for pobj in prep_objects(verb, ("for",)):
        if any(lemma(t) in wanted or t.lower_ in wanted for t in pobj.subtree):
            return pobj
    return None


def _from_gerund(verb: Token, lemmas: tuple[str, ...]) -> bool:
    """'barred Russian citizens from entering (or from its territory)': the ban is on travel."""
    for t in verb.subtree:
        if (
            t.dep_ in ("pcomp", "pobj")  # "from entering", "from its territory"
            and t.head.lower_ == "from"
            and (lemma(t) in lemmas or t.lower_ in lemmas)
        ):
            return True
    return False


def _has_complement(verb: Token, words: frozenset[str], deps: tuple[str, ...] = ()) -> bool:
    """'called the decision unjustified', 'described the accusations as absurd'; with
    `deps`, only in children of those relations."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "aux", "neg", "advmod", "punct", "cc", "conj"):
            continue
        if deps and child.dep_ not in deps:
            continue
        for t in child.subtree:
            if lemma(t) in words or t.lower_ in words:
                return True
    return False


def _phrase_mentions(sent: Span, vocab: Vocab, taken: set[int]) -> list[Mention]:
    out = []
    text = sent.text  # Span.text is rebuilt from the tokens on each call
    for rule in vocab.phrase_rules:
        for match in rule.pattern.finditer(text):
            span = sent.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if root.i in taken or any(t.i in taken for t in span):
                continue
            taken.add(root.i)
            out.append(Mention(rule, root))
    return out


def find_mentions(sent: Span, vocab: Vocab) -> list[Mention]:
    """All trigger mentions in one sentence, at most one per trigger token."""
    found: list[Mention] = []
    for token in sent:
        low = lemma(token)
        mention = None
        if _is_verbal(token) and low in vocab.verb_rules:
            mention = _verb_mention(token, vocab.verb_rules[low], vocab)
        if mention is None and token.pos_ in ("NOUN", "PROPN") and low in vocab.noun_rules:
            mention = _noun_mention(token, vocab.noun_rules[low], vocab)
        if mention is None and token.pos_ == "ADJ" and low in vocab.adjective_rules:
            mention = _adjective_mention(token, vocab.adjective_rules[low])
        if mention is None and token.pos_ == "ADJ":
            mention = _ordered_state(token, vocab)
        if mention is not None:
            found.append(mention)
    found += _phrase_mentions(sent, vocab, {m.trigger.i for m in found})
    # A noun in apposition renames an event already stated ("..., its largest expulsion ever").
    return [
        m
        for m in _drop_nested(found)
        if not _conditional(m.trigger)
        and not _unsaid(m.trigger)
        and not (m.rule.pos == "noun" and m.trigger.dep_ == "appos")
    ]


def _ordered_state(token: Token, vocab: Vocab) -> Mention | None:
    """'the embassy was ordered closed', where the parser reads 'closed' as an adjective:
    the verb rule of its stem, with the ordered thing as a passive object."""
    head = token.head
    if token.dep_ not in ("oprd", "xcomp", "acomp") or lemma(head) not in vocab.order_verbs:
        return None
    obj = next((c for c in head.children if c.dep_ in ("nsubjpass", "dobj")), None)
    word = token.lower_
    stems = [word[:-1], word[:-2]] if word.endswith("ed") else [word]
    for stem in stems:
        for rule in vocab.verb_rules.get(stem, ()):
            if (
                obj is not None
                and rule.object
                and _fits(noun_classes(obj, vocab), rule.object, True)
            ):
                return Mention(rule, token, obj, obj, passive=obj.dep_ == "nsubjpass")
    return None


_UNSAID = word_list("unsaid_verbs")
_DECLINING = word_list("declining_verbs")


def _unsaid(token: Token) -> bool:
    """Inside a 'whether' clause that nobody answered: 'Algeria did not say whether it
    would respond', 'declined to confirm whether more expulsions would follow'."""
    node = token
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in node.children):
            verb = node.head
            if lemma(verb) in _UNSAID and (
                any(c.dep_ == "neg" for c in verb.children)
                or (verb.dep_ == "xcomp" and lemma(verb.head) in _DECLINING)
            ):
                return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _conditional(token: Token) -> bool:
    """Inside an 'if'/'unless' clause: a condition, not an event."""
    node = token
    for _ in range(6):
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless", "should") for c in node.children
        ):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _verb_mention(token: Token, rules: tuple[Rule, ...], vocab: Vocab) -> Mention | None:
    obj, passive = object_of(token)
    if obj is None:  # "called in the British ambassador": the particle parsed as a preposition
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "out", "off", "back", "home", "up"):
                obj = next((p for p in child.children if p.dep_ == "pobj"), None)
                if obj is not None:
                    break
    home = False
    if (
        obj is not None and obj.lower_ == "home"
    ):  # "sent the Somali envoy home", parsed as a compound
        inner = [c for c in obj.children if c.dep_ == "compound"]
        quantified = obj  # its modifiers are the envoy's: "the Somali envoy home"
        obj, home = (inner[-1] if inner else None), True
    else:
        quantified = obj
    if obj is not None:
        obj = head_of_quantified(obj)
    classes = noun_classes(obj, vocab) if obj is not None else set()
    if quantified is not None and obj is not None and quantified.i != obj.i:
        classes |= noun_classes(quantified, vocab)  # "withdrew the accreditation of seven staff"
    particles = _particles(token) | ({"home"} if home else set())
    order = _order_governor(token, vocab)
    for rule in rules:
        if rule.particle and not (particles & set(rule.particle)):
            continue
        if rule.phrase and not re.search(rule.phrase, token.sent.text, re.IGNORECASE):
            continue
        if rule.via_order:
            m = _leave_mention(token, rule, order, vocab)
            if m:
                return m
            continue
        if rule.barred and not _negated_modal(token):
            continue
        if rule.envoy_travel and (
            _negated_modal(token)
            or any(c.dep_ == "neg" or c.lower_ == "home" for c in token.children)
        ):
            continue  # "should not return" is the barred rule's expulsion; "went home" a recall
        if rule.subject_passive:
            subj = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and order is not None:
                # "the consulate was ordered to close", "ordered the consulate to close"
                subj = next((c for c in order.children if c.dep_ in ("nsubjpass", "dobj")), None)
            if (
                subj is None and token.dep_ == "xcomp" and lemma(token.head) in _PERMIT_VERBS
            ):  # "would not be allowed to return"
                # the one not allowed back: the passive subject, or the object of an
                # active "would not allow the Dutch ambassador to return"
                subj = next(
                    (c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj")),
                    None,
                )
            object_fits = rule.envoy_travel or (  # "arrived in Bogota" reads 'in' as a particle
                obj is None
                if not rule.object
                else obj is not None and bool(noun_classes(obj, vocab) & set(rule.object))
            )  # "the British Council was ordered to cease all its activities"
            if (
                subj is not None
                and noun_classes(subj, vocab) & set(rule.subject_passive)
                and object_fits
            ):
                return Mention(rule, token, subj, subj, passive=True, order_verb=order)
            continue
        if rule.needs_governor == "threat":
            if _threat_governed(token, vocab):
                return Mention(rule, token, obj, quantified)
            continue
        if rule.needs_governor == "speech" and speech_governor(token) is None:
            continue  # "(said) Moscow had breached diplomatic norms"
        if rule.needs_governor == "halt" and not (
            token.dep_ in ("xcomp", "dobj", "pcomp") and lemma(token.head) in vocab.halt_verbs
        ):  # "stopped issuing visas to Georgian citizens"
            continue
        if rule.not_preps and any(
            c.dep_ in ("prep", "prt") and c.lower_ in rule.not_preps and c.i == token.i + 1
            for c in token.children
        ):  # "called on Iran to refrain from any hostile act": an appeal, no accusation
            continue
        if rule.complement:
            words = vocab.classes.get(rule.complement, frozenset())
            if _has_complement(token, words, rule.complement_deps):
                if obj is not None and obj.tag_ == "WDT" and token.dep_ == "relcl":
                    obj = token.head  # "a move which Algiers called unacceptable"
                return Mention(rule, token, obj, quantified)
            continue
        if rule.from_gerund and not _from_gerund(token, rule.from_gerund):
            continue
        if rule.own_object and not (
            obj is not None and any(t.lower_ == "own" for t in obj.subtree)
        ):  # "withdrawing its own diplomatic staff": a recall, not a forced withdrawal
            continue
        if rule.not_object and rule.not_object in classes:  # "expelled two runners"
            continue
        if (
            rule.not_modifiers
            and obj is not None
            and any(
                lemma(c) in vocab.classes.get(rule.not_modifiers, frozenset())
                for c in obj.children
                if c.dep_ in ("amod", "compound")
            )
        ):  # "sporting ties were frozen"
            continue
        if rule.requires_order and order is None:  # "India asked Canada to withdraw 41 diplomats"
            continue
        if rule.not_subject and any(
            c.dep_ == "nsubj" and rule.not_subject in noun_classes(c, vocab) for c in token.children
        ):  # "1.1 million Russians visited Greece": tourists, not a state
            continue
        if rule.partner:  # "Lavrov met Blinken", "Lavrov and Blinken met", "talked with Beijing"
            partner = _partner(token, vocab)
            if partner is not None:
                return Mention(rule, token, partner, None)
            continue
        if rule.for_object:  # "had been working for Russian intelligence services"
            employer = _for_object(token, rule.for_object, vocab)
            if employer is not None:
                return Mention(rule, token, employer, None)
            continue
        if rule.in_object:  # "officers of Russia's GRU were involved in the 2014 blasts"
            act = next(prep_objects(token, ("in",)), None)
            if act is not None and noun_classes(act, vocab) & set(rule.in_object):
                return Mention(rule, token, None, None)
            continue
        if rule.with_object:  # "Russia retaliated with three Estonians"
            found = _with_object(token, rule.with_object, vocab)
            if found is not None:
                return Mention(rule, token, found, found)
            continue
        if rule.object and obj is None and "none" not in rule.object and "any" not in rule.object:
            continue
        if not _fits(classes, rule.object, obj is not None):
            continue
        mention = Mention(rule, token, obj, quantified, order_verb=order, passive=passive)
        mention.obliged = _obliged(token, vocab)
        return mention
    return None


_PERMIT_VERBS = frozenset({"allow", "permit"})  # "would not be allowed to return"


def _negated_modal(token: Token) -> bool:
    """'should not return', 'would not be allowed to return': a negated modal verb."""
    node = token
    if token.dep_ in ("xcomp", "ccomp") and lemma(token.head) in _PERMIT_VERBS:
        node = token.head  # "would not be allowed to return"
    children = list(node.children)
    return any(c.dep_ == "neg" for c in children) and any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in children
    )


def _leave_mention(token: Token, rule: Rule, order: Token | None, vocab: Vocab) -> Mention | None:
    """'ordered 35 diplomats to leave', '35 diplomats must leave', 'given 72 hours to leave'."""
    if order is not None:
        obj, _ = object_of(order)
        # "were ordered to leave", "were given 48 hours to leave": the passive subject of
        # the order verb, when its object is missing or only the time allowed
        passive = [c for c in order.children if c.dep_ in ("nsubjpass", "nsubj")]
        own = [c for c in token.children if c.dep_ == "nsubj"]  # "... and its staff to leave"
        for cand in ([obj] if obj is not None else []) + passive + own:
            head = head_of_quantified(cand)
            if noun_classes(head, vocab) & set(rule.subject):
                return Mention(rule, token, head, cand, order_verb=order)
    subj = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and token.dep_ in ("xcomp", "advcl", "acl"):  # "given a week to leave"
        subj = next(
            (c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")), None
        )
    if subj is not None:
        head = head_of_quantified(subj)
        if noun_classes(head, vocab) & set(rule.subject) and _obliged(token, vocab):
            return Mention(rule, token, head, subj, obliged=True)
    return None


def _obliged(token: Token, vocab: Vocab) -> bool:
    """'must close', 'have to leave', 'were ordered/told/given ... to leave': an imposed move."""
    obligations = set(vocab.modality["obligation"])
    for child in token.children:
        if child.dep_ == "aux" and child.lower_ in obligations:
            if lemma(child) == "have" and not any(c.lower_ == "to" for c in token.children):
                continue  # "police have detained": the perfect, not "have to"
            return True
    head = token.head
    if token.dep_ == "xcomp" and (head.lower_ in obligations or lemma(head) in ("have", "need")):
        if lemma(head) in ("have", "need"):  # "will have to leave"
            return (
                any(c.dep_ in ("nsubjpass", "nsubj") for c in head.children) or head.dep_ == "xcomp"
            )
        if head.lower_ in (
            "ordered",
            "told",
            "given",
            "forced",
            "obliged",
            "compelled",
            "required",
        ):
            # only the passive: "were ordered to leave"; "X ordered Y to close" is X's act
            return any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
    return False


def _threat_governed(token: Token, vocab: Vocab) -> bool:
    """True when a threat verb/noun or a future modal governs a generic retaliation."""
    modality = vocab.modality
    threat = set(modality["threat_verbs"]) | set(modality["threat_nouns"])
    future = set(modality["future_modals"])
    node, steps = token, 0
    while steps < 4:
        if any(c.dep_ == "aux" and c.lower_ in future for c in node.children):
            return True
        if lemma(node) in threat and node.i != token.i:
            return True
        if node.dep_ in ("ROOT",) or node.head.i == node.i:
            break
        node = node.head
        steps += 1
    return False


SPEECH_VERBS = word_list("statement_verbs")


def speech_governor(token: Token) -> Token | None:
    """The speech verb a noun is reported under ('said there were credible allegations')."""
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX") and lemma(node) in SPEECH_VERBS:
            return node
    return None


def _adjective_mention(token: Token, rules: tuple[Rule, ...]) -> Mention | None:
    """'(May said) Russia was responsible for the poisoning': the predicate's subject is blamed.
    '(Ottawa said it was) gravely concerned about arrests in Saudi Arabia': the state named
    after the preposition is."""
    predicate = [r for r in rules if r.predicate_of_act]
    if predicate:
        return _condemned_act(token, predicate[0])
    if token.dep_ not in ("acomp", "attr", "oprd") or speech_governor(token) is None:
        return None
    if rules[0].target_from_prep:
        about = next(
            (
                c
                for c in token.children
                if c.dep_ == "prep" and c.lower_ in ("about", "over", "at", "by", "with")
            ),
            None,
        )
        return Mention(rules[0], token, about, None) if about is not None else None
    subject = next((c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    return Mention(rules[0], token, subject, None)


def _condemned_act(token: Token, rule: Rule) -> Mention | None:
    """'(Dublin said) the Israeli move was a regrettable step', '(Beijing said) Japan's
    discharge is deeply irresponsible': condemning a state's act accuses that state."""
    if token.dep_ == "acomp":
        copula = token.head
    elif token.dep_ == "amod" and token.head.dep_ == "attr":
        copula = token.head.head
    else:
        return None
    if copula.lemma_ != "be" or speech_governor(copula) is None:
        return None
    subject = next((c for c in copula.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    return Mention(rule, token, subject, None)


def _noun_mention(token: Token, rules: tuple[Rule, ...], vocab: Vocab) -> Mention | None:
    obj = _noun_object(token)
    quantified = obj
    if obj is not None:
        obj = head_of_quantified(obj)
    classes = noun_classes(obj, vocab) if obj is not None else set()
    for rule in rules:
        if rule.compound and not any(
            c.dep_ in ("compound", "amod") and lemma(c) in rule.compound for c in token.children
        ):
            continue
        if rule.needs_governor == "threat" and not _threat_governed(token, vocab):
            continue
        if rule.needs_governor == "speech" and speech_governor(token) is None:
            continue
        if rule.partner:  # "was in Algiers for talks with President Tebboune"
            partner = next(prep_objects(token, ("with",)), None)
            if partner is not None:
                return Mention(rule, token, partner, None)
            continue
        if rule.object and not _fits(classes, rule.object, obj is not None):
            continue
        if rule.move == "cap_personnel" and obj is None:
            continue
        if rule.move == "expel_personnel" and obj is None:
            quantified = None  # "the biggest expulsion in three decades" counts no one
        return Mention(rule, token, obj, quantified)
    return None


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """Drop a noun mention that is the object of a verb mention of the same move
    ('imposed sanctions': one event, not two)."""
    keep = []
    verbs = [m for m in mentions if m.rule.pos == "verb"]
    for m in mentions:
        if m.rule.pos == "noun" and any(
            v.move == m.move
            and (
                (v.obj is not None and v.obj.i == m.trigger.i)
                or v.trigger.i == m.trigger.head.i
                or (m.trigger.head.i == v.trigger.head.i and m.trigger.dep_ == "conj")
            )
            for v in verbs
        ):
            continue
        if m.rule.pos == "noun" and any(
            v.move == m.move and within(m.trigger, v.trigger)
            for v in verbs
            if v.obj is not None and v.obj.i == m.trigger.i
        ):
            continue
        if m.rule.pos == "noun" and any(
            v.move == m.move and _describes(m.trigger, v.trigger) for v in verbs
        ):
            continue
        keep.append(m)
    return keep


def _describes(noun: Token, verb: Token) -> bool:
    """'orders 35 diplomats out in the largest expulsion in its history': a noun in an
    'in'/'as' phrase under the verb names the verb's own act, not a second one."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "as"):
        return False
    node = noun.head
    while node.i != verb.i:
        if node.head.i == node.i or node.pos_ in ("VERB", "AUX"):
            return False
        node = node.head
    return True


def within(token: Token, top: Token) -> bool:
    """True when `token` sits in the subtree of `top` (walking up its heads)."""
    node = token
    while node.head.i != node.i:
        if node.i == top.i:
            return True
        node = node.head
    return node.i == top.i
