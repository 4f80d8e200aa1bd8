"""Source and target of a mention: who did it, to whom.

Source: the subject of the trigger (or of the verb it hangs from: "decided to expel",
"a bill imposing sanctions", "reacted by ordering the closure"), the agent of a passive
("were expelled by Moscow"), the possessor or country adjective of a noun trigger
("Russia's cut", "U.S. sanctions"), or the subject of the order verb ("ordered X to
leave"). Pronouns take the speaker of the reported speech or the last actor named.
Target: the country of the object ("35 Russian officials"), the one ordered ("ordered
Russia to close"), the one named in "on/against X", the obliged subject ("the
Russians must close"), else the other side of the document's main pair.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Token

from parity.extract.actors import (
    FIRST_PERSON,
    GENERIC_GOVERNMENT,
    IGOS,
    Actor,
    Alias,
    actor_name,
    is_pronoun,
    modifiers_country,
    phrase_country,
    subject_actor,
)
from parity.extract.moves import (
    Mention,
    counted_then_state,
    lemma,
    noun_classes,
    prep_objects,
    speech_governor,
    within,
)
from parity.extract.vocab import Vocab
from parity.lexicon import is_hostile, word_list

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_SPOKEN_MOVES = frozenset(word_list("spoken_moves"))
_PSYCH_VERBS = word_list("psych_verbs")
_SIDE_HEADS = word_list("both_sides_heads")
_UNLISTED_BODIES = word_list("unlisted_bodies")
_SIDE_QUANTIFIERS = word_list("both_sides_quantifiers")
_NOT_AGENTS = frozenset({"DATE", "TIME", "PERCENT", "CARDINAL", "QUANTITY", "MONEY"})
_SPEECH = word_list("speaker_verbs")
_TARGET_PREPS = ("against", "on", "upon", "toward", "towards", "at")


@dataclass
class Discourse:
    """What earlier sentences tell about pronouns: the last person and state named."""

    aliases: dict[int, Alias]
    vocab: Vocab
    main_pair: tuple[str, ...] = ()
    last_person: Actor | None = None
    last_actor: Actor | None = None
    # a state named as a sentence's subject after the last actor, whatever its verb:
    # who a later "it"/"its ministry" means, though not the other side of a move
    last_subject: Actor | None = None
    last_speaker: Actor | None = None
    voice: str | None = None  # the issuing state of a government statement, if it is one
    frame_date: tuple[str, str] | None = None  # a paragraph's opening time phrase
    ref_year: int | None = None
    last_target: dict = field(default_factory=dict)
    last_pair: dict = field(default_factory=dict)
    # every move read so far, oldest first: (source, move, target, sentence start)
    recent_sources: list = field(default_factory=list)

    @property
    def last_event(self) -> tuple | None:
        """(source, target, sentence start) of the latest move: a clause joined to it in
        the same sentence acts against the same state ("X cut ties with Y, while Z
        recalled ...")."""
        if not self.recent_sources:
            return None
        source, _move, target, sent_start = self.recent_sources[-1]
        return source, target, sent_start

    def sides(self, besides: str | None) -> tuple[str, ...]:
        """The dispute's two parties as seen by a third ('the UN urged both governments'):
        the two states the text names most, leaving out the one speaking."""
        return main_pair(self.aliases, set(), besides)

    def counterpart(self, iso3: str | None) -> str | None:
        """The other side: the last state acting in the text, else the document's main pair."""
        if (
            iso3 is not None
            and self.last_actor is not None
            and self.last_actor.iso3 not in (iso3, None)
        ):
            return self.last_actor.iso3
        for code in self.main_pair:
            if code != iso3:
                return code
        return None


def main_pair(
    aliases: dict[int, Alias], skip: set[int], besides: str | None = None
) -> tuple[str, ...]:
    """The two actors the document names most often, by words of their names: its
    dispute's pair. IGOs count too, since the EU or the UN can be a party. `besides`
    leaves one state out (the pair as a third party sees it)."""
    counts = Counter(a.iso3 for i, a in aliases.items() if i not in skip and a.iso3 != besides)
    return tuple(code for code, _ in counts.most_common(2))


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in _SUBJ:
            return child
    return None


def _agent(token: Token) -> Token | None:
    """The 'by' phrase of a passive; "by May 1" and "by 30 percent" are no agents."""
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ not in _NOT_AGENTS and not pobj.like_num:
                    return pobj
    return None


def both_sides(token: Token) -> bool:
    """'each side', 'neither government', 'both countries': the dispute's two parties."""
    return token.lower_ in _SIDE_HEADS and any(
        c.lower_ in _SIDE_QUANTIFIERS for c in token.children
    )


def _resolve(token: Token, disc: Discourse) -> Actor | None:
    """A subject phrase to an Actor, with pronouns resolved from the discourse."""
    low = token.lower_
    if both_sides(token):
        # "each side summoned the other's ambassador": the document's first side; the
        # reciprocal object (or a mutual move) adds the other direction
        return Actor(disc.main_pair[0]) if disc.main_pair else None
    if is_pronoun(token) or (
        low in GENERIC_GOVERNMENT
        and not modifiers_country(token, disc.aliases)
        and not _unknown_owner(token, disc)
    ):
        speaker = _speaker_of(token, disc)
        if low in FIRST_PERSON:
            return (
                _governing_state(token, disc)
                or speaker
                or (Actor(disc.voice) if disc.voice else None)
                or disc.last_speaker
            )
        if disc.voice and speaker is None and low in ("ministry", "government"):
            return Actor(disc.voice)  # "the Ministry has decided", in the ministry's statement
        if low in ("he", "she", "him", "her", "his"):
            return speaker if speaker and speaker.name else disc.last_person
        if low in ("they", "them", "their"):
            people = _earlier_people(
                token, disc
            )  # "Four Russian officers ... after they tried to hack"
            if people is not None:
                return people
        found = speaker or _named_before(token, disc) or disc.last_subject or disc.last_actor
        # read off the discourse, not the text: a later check may overrule it
        return Actor(found.iso3, found.name, "pronoun") if found is not None else None
    if (
        token.i not in disc.aliases
        and token.dep_ in _SUBJ
        and _non_state(token, disc)
        and not any(
            disc.aliases.get(t.i)
            and disc.aliases[t.i].kind
            in ("capital", "seat", "ministry", "body", "person", "surname")
            for t in token.subtree
        )
    ):
        return Actor(None, how="group")  # "a Russian-owned terminal": a company, not Russia
    if token.lemma_.lower() in disc.vocab.classes.get(
        "member_groups", frozenset()
    ) and token.tag_ in ("NNS", "NNPS"):
        members = _members(token, disc)
        return Actor(members[0]) if members else Actor(None, how="group")
    actor = subject_actor(token, disc.aliases)
    if actor is not None:
        return actor
    return None


_NAMED_BEFORE = frozenset({"ministry", "government"})


def _named_before(token: Token, disc: Discourse) -> Actor | None:
    """'... received at the foreign ministry in Moscow ... on Monday the ministry summoned':
    a bare 'the ministry' is the last ministry the paragraph placed."""
    if token.lower_ not in _NAMED_BEFORE:
        return None
    doc = token.doc
    for i in range(token.i - 1, max(-1, token.i - 120), -1):
        earlier = doc[i]
        if "\n" in earlier.text:
            return None  # only within the paragraph: a new one may be the other side's
        if (
            earlier.lower_ == token.lower_
            and earlier.i not in disc.aliases
            and not _other_department(earlier)
        ):
            code = phrase_country(earlier, disc.aliases, exclude_locations=False)
            if code:
                return Actor(code)
    return None


def _other_department(ministry: Token) -> bool:
    """'France's interior ministry': a ministry other than the foreign one is not what a
    bare 'the ministry' of diplomatic news means."""
    words = {c.lower_ for c in ministry.children if c.dep_ in ("amod", "compound")}
    return bool(words) and "foreign" not in words


def _state_after_count(verb: Token) -> Token | None:
    """'Canada expelled four and Ukraine, ..., said ...': the state the parser took for
    part of the first verb's object is the subject of the verb joined after it."""
    for child in verb.children:
        if child.dep_ in ("dobj", "obj") and counted_then_state(child) is not None:
            return child
    return None


def _unknown_owner(token: Token, disc: Discourse) -> bool:
    """'Duque's government' with Duque in no table: a named owner we cannot place is
    not the last state that acted, so the actor is left to the other side of the move."""
    return any(
        c.dep_ == "poss"
        and c.pos_ in ("PROPN", "NOUN")  # the small model tags some surnames as nouns
        and c.text[:1].isupper()
        and c.i not in disc.aliases
        for c in token.children
    )


def _governing_state(token: Token, disc: Discourse) -> Actor | None:
    """'The United States hopes that ... we can avoid ...': the state that is the subject
    of a verb the first-person clause hangs under."""
    node = token.head
    for _ in range(4):
        subj = _subject(node)
        if subj is not None and subj.i != token.i and not is_pronoun(subj):
            actor = subject_actor(subj, disc.aliases)
            if actor is not None and actor.iso3:
                return actor
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _earlier_people(token: Token, disc: Discourse) -> Actor | None:
    """The state of the nearest plural people named earlier in the sentence."""
    for t in reversed(list(token.sent)[: token.i - token.sent.start]):
        if t.tag_ in ("NNS", "NNPS") and noun_classes(t, disc.vocab) & {"personnel"}:
            code = modifiers_country(t, disc.aliases)
            if code:
                return Actor(code)
    return None


def _speaker_of(token: Token, disc: Discourse) -> Actor | None:
    """The speaker of the reported speech a token sits in ("Putin said he ...")."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if lemma(node) in _SPEECH:
            subj = _subject(node)
            verb = node
            while subj is None and verb.dep_ == "conj":  # "Morocco summoned X and said ..."
                verb = verb.head
                subj = _state_after_count(verb) or _subject(verb)
            if subj is None or subj.i == token.i:
                continue
            if subj.lower_ in ("he", "she"):
                return disc.last_person
            if not is_pronoun(subj):
                return _resolve(subj, disc)
    return None


def _listed(token: Token, disc: Discourse) -> list[Token]:
    """The other members of a list a subject heads. The parser often hangs a three-state
    list as an apposition plus a conjunct ("Mali, [Burkina Faso [and Niger]]"); an
    apposition counts only between two states' names ("France, a close ally of Germany"
    and "the ambassador, Sergei Andreev," name one actor)."""

    def state_name(t: Token) -> bool:
        alias = disc.aliases.get(t.i)
        return alias is not None and alias.kind not in ("person", "surname")

    def members(t: Token) -> list[Token]:
        return [
            c
            for c in t.children
            if c.dep_ == "conj" or (c.dep_ == "appos" and state_name(c) and state_name(t))
        ]

    out: list[Token] = []
    stack = members(token)
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack += members(t)
    return out


def _members(token: Token, disc: Discourse) -> list[str]:
    """'EU states, including Belgium and Ireland' → the states named after 'including'."""
    if token.lemma_.lower() not in disc.vocab.classes.get(
        "member_groups", frozenset()
    ) or token.tag_ not in ("NNS", "NNPS"):
        return []
    codes = []
    for t in token.subtree:
        if (
            t.i in disc.aliases
            and disc.aliases[t.i].iso3 not in IGOS
            and _after_including(t, token)
        ):
            code = disc.aliases[t.i].iso3
            if code not in codes:
                codes.append(code)
    return codes


def _after_including(t: Token, top: Token) -> bool:
    node = t
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ == "prep" and node.lower_ in ("including", "like", "such"):
            return True
        node = node.head
    return False


def _is_measure(token: Token | None, disc: Discourse) -> bool:
    """'sanctions', 'a response', 'relations': the object names the measure, not its target."""
    return token is not None and bool(noun_classes(token, disc.vocab) & disc.vocab.measure_classes)


def _punished(token: Token, disc: Discourse) -> Actor | None:
    """For 'sanctions on Russia for interfering': the gerund's actor is the one punished."""
    if token.dep_ == "pobj" and token.head.lower_ not in ("over", "for"):
        return None  # "expelled ... over spying"; 'after the attack' only tells the time
    if (
        token.dep_ not in ("pcomp", "pobj")
        or token.head.lower_ not in disc.vocab.links["reason_preps"]
    ):  # "expelled three Russian diplomats over spying / for interfering"
        return None
    verb = token.head.head
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            for pobj in child.children:
                code = phrase_country(pobj, disc.aliases, exclude_locations=False)
                if code:
                    return Actor(code)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is not None and _is_measure(obj, disc):
        code = _measure_target(obj, disc)
        if code:
            return Actor(code)
    if obj is not None and not _is_measure(obj, disc):
        code = phrase_country(obj, disc.aliases)
        if code:
            return Actor(code)
    return None


def _blamed_for(token: Token, disc: Discourse) -> Actor | None:
    """'Russia was responsible for the poisoning': the act's actor is the one held responsible."""
    if token.dep_ != "pobj" or token.head.lower_ != "for":
        return None
    predicate = token.head.head
    if predicate.lemma_.lower() not in disc.vocab.adjective_rules:
        return None
    # "Moscow was responsible" (the copula's subject); "held Moscow responsible" (the object)
    subject = next((c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        subject = next((c for c in predicate.head.children if c.dep_ in ("dobj", "obj")), None)
    if subject is None:
        subject = next(
            (c for c in predicate.head.children if c.dep_ in ("nsubj", "nsubjpass")), None
        )
    return _resolve(subject, disc) if subject is not None else None


def _attributed(token: Token, disc: Discourse) -> Actor | None:
    """'attributed the attack to Iran': the act's actor is the one it is attributed to."""
    verb = token.head
    if token.dep_ not in ("dobj", "obj"):
        return None
    preps = {p for r in disc.vocab.verb_rules.get(lemma(verb), ()) for p in r.target_preps}
    pobj = next(prep_objects([verb, token], preps), None)
    return _resolve(pobj, disc) if pobj is not None else None


def _measure_target(measure: Token, disc: Discourse) -> str | None:
    """'sanctions on Russia', 'a ban against X', 'relations with X': the state a measure is aimed at."""
    for child in measure.children:
        if child.dep_ == "prep" and (child.lower_ in _TARGET_PREPS or child.lower_ == "with"):
            for pobj in child.children:
                code = phrase_country(pobj, disc.aliases, exclude_locations=False)
                if code:
                    return code
        if child.dep_ == "acl" and lemma(child) in disc.vocab.classes.get("grant_verbs", ()):
            # "visas granted to Pakistanis", "visas issued for Russian staff"
            for prep in child.children:
                if prep.dep_ in ("prep", "dative") and prep.lower_ in ("to", "for"):
                    for pobj in prep.children:
                        code = phrase_country(pobj, disc.aliases, exclude_locations=False)
                        if code:
                            return code
    return None


def _with_absolute(trigger: Token) -> Token | None:
    """'..., with Germany, France and Poland each ordering out four': the 'with' phrase
    right before a subjectless -ing verb names who acts (no comma between: in 'relations
    with Belgium, accusing Brussels' the -ing verb belongs to the clause's subject)."""
    if trigger.tag_ != "VBG" or _subject(trigger) is not None:
        return None
    i = trigger.i - 1
    while i >= trigger.sent.start and trigger.doc[i].lower_ in ("each", "both", "all"):
        i -= 1
    if i < trigger.sent.start:
        return None
    node = trigger.doc[i]
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ == "with":
        return node
    return None


def source_of(mention: Mention, disc: Discourse) -> Actor | None:
    """Who did it."""
    trigger = mention.trigger
    absolute = _with_absolute(trigger)
    if absolute is not None:
        return _resolve(absolute, disc)
    if mention.rule.envoy_travel and mention.obj is not None:
        return _envoy_owner(mention.obj, disc)
    if mention.rule.place_source:
        found = _clause_subject(trigger, disc)
        if found is not None and found.iso3:
            return found
        return _host_of(mention.obj, disc)  # "protesters stormed the Saudi embassy in Tehran"
    if mention.rule.for_object and mention.obj is not None:  # "working for Russian intelligence"
        code = phrase_country(mention.obj, disc.aliases, exclude_locations=False)
        if code:
            return Actor(code)
        subj = _subject(trigger)
        return _resolve(subj, disc) if subj is not None else None
    if (
        mention.rule.in_object
    ):  # "officers of Russia's GRU were involved in the blasts": they did it
        subj = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return _resolve(subj, disc) if subj is not None else None
    if mention.rule.target_from_prep:
        speaker = speech_governor(trigger)
        return _clause_subject(speaker, disc) if speaker is not None else None
    if mention.rule.subject_is_target:  # "(Bourita warned that) Spain would bear the consequences"
        return _speaker_of(trigger, disc) or disc.last_speaker
    if mention.passive and _agent(trigger) is None:
        unnamed = _passive_actor(mention, disc)
        if unnamed is not None:
            return unnamed
    decided = _decided_by(trigger, disc)
    if decided is not None:
        return decided
    punished = _punished(trigger, disc)
    if punished is not None:
        return punished
    blamed = _blamed_for(trigger, disc) or _attributed(trigger, disc)
    if blamed is not None:
        return blamed
    if mention.order_verb is not None:
        if mention.order_verb.pos_ == "NOUN":  # "Estonia's demand that Russia cut ..."
            owner = _owner_of_noun(mention.order_verb, disc)
            if owner:
                return owner
        found = _clause_subject(mention.order_verb, disc)
        if found:
            return found
        if (
            _subject(mention.order_verb) is not None
            and _subject(mention.order_verb).dep_ == "nsubjpass"
        ):
            found = _speaker_of(
                mention.order_verb, disc
            )  # "(Niamey said) he had been told to leave"
            if found is not None and found.iso3:
                return found
    if mention.rule.via_order:  # "... will have to leave Germany": the host sends them away
        for child in trigger.children:
            if child.dep_ in ("dobj", "obj"):
                code = phrase_country(child, disc.aliases, exclude_locations=False)
                if code:
                    return Actor(code)
    if mention.obliged:  # "(Latvia announced that) the Russian ambassador must leave"
        speaker = _speaker_of(trigger, disc)
        return speaker if speaker is not None and speaker.iso3 else None
    if mention.rule.pos == "noun" and mention.rule.partner:  # "X was in Algiers for talks with Y"
        return _clause_subject(trigger, disc)
    if mention.rule.pos == "noun":
        owners = list(trigger.children)
        if (
            trigger.dep_ == "pobj"
            and trigger.head.lower_ == "of"
            and lemma(trigger.head.head) in disc.vocab.container_nouns
        ):  # "the EU's fourth package of sanctions": the package's owner
            owners += list(trigger.head.head.children)
        for child in owners:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i != (
                mention.obj.i if mention.obj is not None else -1
            ):
                actor = _resolve(child, disc)
                if actor is not None and not (
                    mention.obj is not None and within(child, mention.obj)
                ):
                    return actor
        agent = _agent(trigger)
        if agent is not None:
            actor = _resolve(agent, disc)
            if actor:
                return actor
        # A noun's actor is the clause subject only when the clause carries it out
        # ("Russia ordered the closure of ..."), not when it punishes or condemns it.
        carried_out = (
            trigger.dep_ in ("dobj", "obj", "nsubjpass")
            and lemma(trigger.head) in disc.vocab.doing_verbs
        ) or (  # "respond with further expulsions"
            trigger.dep_ == "pobj"
            and trigger.head.lower_ == "with"
            and lemma(trigger.head.head) in disc.vocab.doing_verbs
        )
        if carried_out and trigger.dep_ == "pobj":
            found = _clause_subject(trigger.head.head, disc)
            if found is not None:
                return found
        if not carried_out and not mention.rule.needs_governor:
            return None
    if mention.passive or any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children):
        agent = _agent(trigger)
        if agent is not None:
            return _resolve(agent, disc)
        if _is_measure(mention.obj, disc):  # "new U.S. sanctions imposed against Russia"
            return _owner_of_noun(mention.obj, disc)
        # "was summoned to the foreign ministry in Bamako"; "(Pakistan said) the mission
        # would be cut to 30": the place, else the one announcing it
        host = _host_of(mention.obj, disc) if mention.move == "close_facility" else None
        # "Belgium's embassy in Kigali was ordered closed": the host closes it
        return _place_of(trigger, disc) or host or _speaker_of(trigger, disc)
    if mention.rule.needs_governor == "speech":
        speaker = speech_governor(trigger)
        return _clause_subject(speaker, disc) if speaker is not None else None
    if mention.rule.needs_governor == "threat" and _subject(trigger) is None:
        governor = _threat_verb(trigger, disc)
        if governor is not None:
            found = _clause_subject(governor, disc)
            if found is not None:
                return found
    found = _clause_subject(trigger, disc)
    if mention.move == "threaten" and (
        found is None or (found.how == "group" and mention.rule.pos == "phrase")
    ):  # "'All options remain on the table,' the prime minister said": the speaker's
        return _speaker_of(trigger, disc) or disc.last_speaker
    return found


def _threat_verb(token: Token, disc: Discourse) -> Token | None:
    """The nearest verb above a retaliation noun that states the threat ('promised a response')."""
    cues = set(disc.vocab.modality["threat_verbs"]) | set(disc.vocab.modality["threat_nouns"])
    node = token
    for _ in range(5):
        if node.head.i == node.i:
            return None
        node = node.head
        if lemma(node) in cues:
            while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
                node = node.head
            return node
    return None


def _host_of(obj: Token | None, disc: Discourse) -> Actor | None:
    """The state a facility stands in: 'the Saudi embassy in Tehran' → Iran."""
    if obj is None:
        return None
    for t in obj.subtree:
        alias = disc.aliases.get(t.i)
        if (
            alias is not None
            and t.dep_ in ("pobj", "compound")
            and t.head.lower_ in ("in", "at")
            or (alias is not None and t.head.dep_ == "pobj" and t.head.head.lower_ in ("in", "at"))
        ):
            return Actor(alias.iso3)
    return None


def _place_of(trigger: Token, disc: Discourse) -> Actor | None:
    """For an agentless passive: the capital or country where it was done."""
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "to", "from", "by", "at"):
            for t in child.subtree:
                alias = disc.aliases.get(t.i)
                if alias and alias.kind in ("capital", "seat", "ministry", "body"):
                    return Actor(alias.iso3)
    return None


def conjoined_sources(mention: Mention, disc: Discourse) -> list[str]:
    """'Lithuania, Latvia and Estonia each declared ...', 'the expulsions by France, Germany
    and Italy': one event per acting state."""
    node = mention.trigger
    absolute = _with_absolute(node)
    if absolute is not None:
        found = (subject_actor(c, disc.aliases) for c in absolute.conjuncts)
        return [a.iso3 for a in found if a is not None and a.iso3]
    agent = _agent(node) if mention.rule.pos == "noun" else None
    if agent is not None:
        return [
            a.iso3
            for a in (subject_actor(c, disc.aliases) for c in agent.conjuncts)
            if a is not None and a.iso3
        ]
    if _subject(node) is None and mention.order_verb is not None:
        node = mention.order_verb  # "Saudi Arabia and Bahrain each gave X 48 hours to leave"
    for _ in range(3):
        subj = _subject(node)
        if subj is not None and subj.lower_ == "they" and node.dep_ == "ccomp":
            # "Mali, Burkina Faso and Niger said that they were recalling ...": the speakers
            subj = _subject(node.head) or subj
        if subj is not None:
            codes = _members(subj, disc)[1:]
            for conj in _listed(subj, disc):
                actor = subject_actor(conj, disc.aliases)
                if actor is not None and actor.iso3:
                    codes.append(actor.iso3)
            return codes
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":  # "joined X in attributing"
            node = node.head
        elif node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            break
        node = node.head
    return []


def _clause_subject(token: Token, disc: Discourse) -> Actor | None:
    """The subject of the clause a token belongs to, climbing through xcomp/conj/acl/pcomp."""
    node = token
    for _ in range(6):
        if node.dep_ == "xcomp" and lemma(node.head) in disc.vocab.causing_verbs:
            caused = next((c for c in node.head.children if c.dep_ in ("dobj", "obj")), None)
            if caused is not None:  # "the arrest prompted Washington to expel 50"
                return _resolve(caused, disc)
        subj = _subject(node)
        if subj is not None and not (node.dep_ == "relcl" and subj.tag_ in ("WDT", "WP")):
            if subj.dep_ == "nsubjpass" and lemma(node) not in _PSYCH_VERBS:
                agent = _agent(node)
                if agent is not None:
                    return _resolve(agent, disc)
                return None
            actor = _resolve(subj, disc)
            if actor is not None:
                return actor
            if _non_state(subj, disc):
                return Actor(None, how="group")  # "the company closed its offices": no state acts
            return None
        if node.dep_ in ("relcl", "acl") and node.head.dep_ == "attr":
            # "Jordan is the latest country to downgrade its ties": the copula's subject
            subj = _subject(node.head.head)
            actor = _resolve(subj, disc) if subj is not None else None
            if actor is not None and actor.iso3:
                return actor
        if node.dep_ == "relcl":
            actor = _resolve(node.head, disc)
            if actor is not None:
                return actor
        if node.head.i == node.i:
            break
        sibling = _act_before_conj(node, disc)
        if sibling is not None:  # "Putin holds fire after Obama expels 35 and shuts two ..."
            node = sibling
            continue
        if node.dep_ in ("acl",) and node.head.pos_ in ("NOUN", "PROPN"):
            owner = _owner_of_noun(node.head, disc)
            if owner:
                return owner
        node = node.head
    return None


def _act_before_conj(node: Token, disc: Discourse) -> Token | None:
    """'Putin holds fire after Obama expels 35 Russians and shuts two compounds': the parser
    joins 'shuts' to 'holds'; a move verb right after another move's adverbial clause
    continues that clause, so it shares that clause's subject."""
    if node.dep_ != "conj" or _subject(node) is not None:
        return None
    for child in node.head.children:
        if (
            child.dep_ == "advcl"
            and child.i < node.i
            and child.right_edge.i == node.i - 2
            and lemma(child) in disc.vocab.verb_rules
            and _subject(child) is not None
        ):
            return child
    return None


_HARDWARE = re.compile(r"^[A-Z][A-Za-z]{0,3}-?\d{1,3}[A-Z]?$")  # F-16, Su-24, MiG-29, B52


def _non_state(subj: Token, disc: Discourse) -> bool:
    """A subject that names something other than a state or its organs ('the company')."""
    if subj.pos_ not in ("NOUN", "PROPN") or subj.ent_type_ in ("PERSON", "NORP", "GPE"):
        return False
    if (  # "The African Union urged both sides ...": a body no alias table lists
        subj.pos_ == "PROPN"
        and subj.ent_type_ == "ORG"
        and lemma(subj) in _UNLISTED_BODIES
        and not any(t.i in disc.aliases for t in subj.subtree)
    ):
        return True
    words = {lemma(t) for t in subj.subtree} | {t.lower_ for t in subj.subtree}
    if words & disc.vocab.classes.get("state_like", frozenset()):
        return False
    if _HARDWARE.match(subj.text):  # "a Turkish F-16", "a MiG-29": military hardware
        return False
    if noun_classes(subj, disc.vocab) & {"personnel", "ambassador"}:
        return False
    return not subj.like_num


def _passive_actor(mention: Mention, disc: Discourse) -> Actor | None:
    """Who acted in a passive with no 'by' phrase, where the envoy's own state tells it:
    'the Kuwaiti ambassador had been recalled' (by Kuwait), '(Burundi said) its diplomat
    was being sent home' (by the other side), 'was called to South Block' (by India).
    None leaves the actor to the usual rules."""
    envoy = mention.obj
    if mention.move == "summon_envoy":
        return _summoning_seat(mention.trigger, disc)
    if envoy is None:
        return None
    if mention.move == "recall_ambassador":
        own = modifiers_country(envoy, disc.aliases)
        return Actor(own) if own else None
    if mention.move == "expel_personnel":
        own = modifiers_country(envoy, disc.aliases) or _pronoun_owner(envoy, disc)
        if own:
            last = disc.last_event
            other = last[0] if last and last[0] not in (None, own) else disc.counterpart(own)
            return Actor(other)  # Actor(None) when no other side is known: nobody to name
    return None


def _summoning_seat(trigger: Token, disc: Discourse) -> Actor | None:
    """The ministry or seat an envoy was called to: its state summoned him."""
    for pobj in prep_objects([trigger, *trigger.children], ("to", "at", "into")):
        for t in pobj.subtree:
            alias = disc.aliases.get(t.i)
            if alias is not None and alias.kind in ("ministry", "seat"):
                return Actor(alias.iso3)
    return None


def _decided_by(trigger: Token, disc: Discourse) -> Actor | None:
    """'Algeria's decision a day earlier to order a dozen French staff out': the act is
    the decision's, so its owner acts, whoever the clause around it is about."""
    decisions = disc.vocab.classes.get("decisions", frozenset())
    head = trigger.head
    if trigger.dep_ not in ("acl", "xcomp") or head.pos_ != "NOUN":
        # the parser often hangs the infinitive elsewhere when a time phrase stands
        # between ("decision a day earlier to order"): the noun just before it then
        head = _noun_before_infinitive(trigger)
    if head is None or lemma(head) not in decisions:
        return None
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    return _resolve(owner, disc) if owner is not None and owner.i in disc.aliases else None


def _noun_before_infinitive(trigger: Token) -> Token | None:
    """The noun left of 'to VERB' across a short time phrase ('decision a day earlier')."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return None
    doc = trigger.doc
    for i in range(trigger.i - 2, max(trigger.sent.start, trigger.i - 6) - 1, -1):
        token = doc[i]
        if token.pos_ == "NOUN" and token.ent_type_ != "DATE":
            return token
        if token.ent_type_ != "DATE" and token.pos_ not in ("DET", "ADV", "NUM"):
            return None
    return None


def _owner_of_noun(noun: Token, disc: Discourse) -> Actor | None:
    for child in noun.children:
        if child.dep_ in ("poss", "amod", "compound"):
            actor = _resolve(child, disc)
            if actor:
                return actor
    return None


def _maker_of(noun: Token, source: str | None, disc: Discourse) -> list[str]:
    """Who made the act a bare noun points back to. A noun that names a move ("the
    attack", "the expulsions") is the latest such move's; a general one ("the decision")
    is the latest decision's, not an accusation's or a threat's. The speaker never
    condemns itself."""
    moves = {rule.move for rule in disc.vocab.noun_rules.get(lemma(noun), ())}
    named = {
        disc.last_pair[move][0]
        for move in moves
        if move in disc.last_pair and disc.last_pair[move][0] not in (None, source)
    }
    if len(named) == 1:
        return list(named)
    acts = [
        (code, aimed) for code, move, aimed, _ in disc.recent_sources if move not in _SPOKEN_MOVES
    ]
    recent = acts or [(code, aimed) for code, _, aimed, _ in disc.recent_sources]
    recent = [(code, aimed) for code, aimed in recent if code not in (None, source)]
    # the decision the speaker's side suffered, by the dispute's other party if it made one
    against = [code for code, aimed in recent if aimed == source and source is not None]
    for code in reversed(against):
        if code in disc.main_pair:
            return [code]
    return [code for code, _ in reversed(recent)][:1]


def target_of(mention: Mention, source: str | None, disc: Discourse) -> tuple[str | None, str]:
    """To whom, and how it was found ('text' or 'context')."""
    trigger, obj = mention.trigger, mention.obj
    candidates: list[str | None] = []
    if obj is not None and both_sides(obj):
        # "urged both governments to exercise restraint": the dispute's parties
        candidates += list(disc.sides(source)[:1])
    if mention.rule.envoy_travel:  # "would return to Minsk", "arrived in Bogota"
        candidates += [
            phrase_country(p, disc.aliases, exclude_locations=False)
            for p in prep_objects(
                [
                    trigger,
                    *(c for c in trigger.children if c.lower_ == "back" or c.dep_ == "dobj"),
                ],
                ("to", "in"),
            )  # "would go back to Bogota", "take up his post in Cairo": 'to'/'in' hang lower
        ]
        if any(c and c == source for c in candidates):
            return None, "text"  # back in its own capital: a recall, not a return
    if mention.rule.target_preps:  # "attributed the attack to Iran": the 'to' phrase first
        heads = [trigger] if obj is None else [trigger, obj]
        candidates += [
            phrase_country(p, disc.aliases, exclude_locations=False)
            for p in prep_objects(heads, mention.rule.target_preps)
        ]
    if mention.rule.subject_is_target:
        subj = _subject(trigger) or next(
            (_subject(a) for a in trigger.ancestors if _subject(a) is not None), None
        )
        if subj is not None:
            by = _agent(subj)  # "any further hostile steps by Tallinn would meet a response"
            if by is not None:
                candidates.append(phrase_country(by, disc.aliases, exclude_locations=False))
            actor = _resolve(subj, disc) if not is_pronoun(subj) else None
            candidates.append(
                actor.iso3
                if actor and actor.iso3
                else phrase_country(subj, disc.aliases, exclude_locations=False)
            )
            if lemma(subj) in disc.vocab.links["anaphor_heads"]:
                # "(said) the decision undermined its sovereignty": whoever made the last move
                candidates += _maker_of(subj, source, disc)
    if (
        mention.move == "accuse"
        and obj is not None
        and lemma(obj) in disc.vocab.links["anaphor_heads"]
        and not modifiers_country(obj, disc.aliases)
    ):
        # "called the expulsion a provocation": the accused is whoever made the latest move
        candidates += _maker_of(obj, source, disc)
    if mention.obliged:
        subj = _subject(trigger) or (_subject(trigger.head) if trigger.dep_ == "xcomp" else None)
        if subj is not None:
            actor = _resolve(subj, disc)
            candidates.append(actor.iso3 if actor else None)
    if mention.order_verb is not None:
        own = _subject(trigger)  # "demanded that Britain reduce ..."
        if own is not None:
            actor = _resolve(own, disc)
            candidates.append(actor.iso3 if actor else None)
        ordered, _ = _first_object(mention.order_verb)
        if ordered is not None:
            candidates.append(phrase_country(ordered, disc.aliases))
            # "ordered 15 diplomats from the United Arab Emirates to leave"
            candidates += [
                disc.aliases[p.i].iso3
                for p in prep_objects([mention.order_verb], ("from",))
                if p.i in disc.aliases and disc.aliases[p.i].kind in ("name", "short")
            ]
    if mention.move == "accuse" and any(c.dep_ == "nsubjpass" for c in trigger.children):
        # "The Dutch envoy was handed a protest note": the protest is aimed at the envoy's
        receiver = next(c for c in trigger.children if c.dep_ == "nsubjpass")
        if noun_classes(receiver, disc.vocab) & {"ambassador", "personnel"}:
            candidates.append(modifiers_country(receiver, disc.aliases))
    if obj is not None and mention.move in ("threaten", "accuse") and _agent(obj) is not None:
        # "warned that any further hostile steps by Tallinn would ...": the steps' maker
        candidates.append(phrase_country(_agent(obj), disc.aliases, exclude_locations=False))
    if obj is not None and obj.lower_ in ("him", "her"):
        candidates.append(_person_before(obj, source, disc))  # "Canberra accused him of ..."
    if obj is not None and _is_measure(obj, disc):
        candidates.append(_measure_target(obj, disc))
        if mention.move in ("impose_sanctions", "restrict_travel"):
            # "froze the assets of two Iranian nationals", "barred Belarusian airlines"
            candidates.append(modifiers_country(obj, disc.aliases))
        if mention.move == "accuse":  # "called the EU sanctions unjustified": the EU is blamed
            candidates.append(modifiers_country(obj, disc.aliases))
    if obj is not None and not _is_measure(obj, disc) and not obj.like_num:
        owner = _pronoun_owner(obj, disc)  # "the closure of its Houston consulate"
        if owner and owner == source and mention.move == "expel_personnel":
            # "broke off relations with Venezuela and expelled most of its diplomats":
            # no state expels its own, so 'its' is the other state just named
            owner = _other_state_before(obj, source, disc)
        if owner and mention.move in (  # not a recall: 'its/their ambassador' is the actor's
            "close_facility",
            "seize_property",
            "expel_personnel",
        ):
            candidates.append(owner)
        if mention.move in (
            "summon_envoy",
            "expel_personnel",
            "cap_personnel",
            "close_facility",
            "seize_property",
            "recall_ambassador",
            "restrict_travel",
        ):
            candidates.append(modifiers_country(obj, disc.aliases))
            if mention.quantified is not None and mention.quantified.i != obj.i:
                candidates.append(modifiers_country(mention.quantified, disc.aliases))
        if mention.move == "accuse":  # "accuses its former ruler of siding with Congo":
            candidates.append(modifiers_country(obj, disc.aliases))  # not the charge's words
        else:
            candidates.append(phrase_country(obj, disc.aliases))
    # a recall is from a post: 'withdrew its envoy from Vilnius in protest at plans ...'
    if mention.move == "recall_ambassador":
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "to", "in"):
                for pobj in child.children:
                    candidates.append(phrase_country(pobj, disc.aliases, exclude_locations=False))
        if obj is not None:
            for t in obj.subtree:
                if (
                    t.dep_ == "pobj"
                    and t.head.lower_ in ("to", "in", "from")
                    and t.i in disc.aliases
                ):
                    candidates.append(disc.aliases[t.i].iso3)
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    candidates.append(phrase_country(pobj, disc.aliases, exclude_locations=False))
        if child.dep_ in ("dative", "iobj"):
            candidates.append(phrase_country(child, disc.aliases))
    if (
        mention.rule.target_from_prep and obj is not None
    ):  # "concerned about arrests in Saudi Arabia"
        candidates.append(phrase_country(obj, disc.aliases, exclude_locations=False))
    if (
        mention.move == "accuse" and mention.rule.pos == "noun"
    ):  # "allegations linking Indian agents to ..."
        candidates.append(phrase_country(trigger, disc.aliases))
    if mention.move in ("accuse", "appeal", "threaten", "hostile_act") and obj is None:
        for child in trigger.children:
            if child.dep_ in ("dobj", "prep"):
                candidates.append(phrase_country(child, disc.aliases, exclude_locations=False))
    if mention.move == "hostile_act" and mention.rule.pos == "noun" and source is not None:
        # "(Russia's) poisoning of a former spy in England": where it was done is who was hit;
        # with no actor known, a place may be the actor's own ("harassment ... in Russia")
        for t in trigger.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "on") and t.i in disc.aliases:
                candidates.append(disc.aliases[t.i].iso3)
    forums = _forums(trigger, disc) if mention.move == "accuse" else set()
    if forums:  # "lodged a complaint with the UN against Israel": the other states named
        candidates += [
            disc.aliases[t.i].iso3
            for t in trigger.subtree
            if t.i in disc.aliases and disc.aliases[t.i].iso3 not in forums
        ]
    for code in candidates:
        if code and code != source and code not in forums:
            return code, "text"
    previous = disc.last_target.get(
        mention.move
    )  # "Canada expelled four" after "... expelled Russian diplomats"
    if previous and previous != source and obj is not None and obj.like_num:
        return previous, "context"
    if previous and previous != source and mention.move == "impose_sanctions":
        return previous, "context"  # "Washington was preparing its own sanctions"
    same = disc.last_target.get((mention.move, source))  # "the Russian expulsions" retold
    if same and same != source:
        return same, "context"
    if disc.last_event is not None:
        other, aimed, sent_start = disc.last_event
        if other != source and aimed not in (None, source) and is_hostile(mention.move):
            # the same sentence, or a state joining in ("Saudi Arabia expelled Lebanon's
            # ambassador ... Kuwait recalled its ambassador"): against the same state
            return aimed, "context"
    fallback = disc.counterpart(source)
    if fallback in forums:
        fallback = next((c for c in disc.main_pair if c not in (source, *forums)), None)
    return fallback, "context"


def _forums(trigger: Token, disc: Discourse) -> set[str]:
    """'filed a complaint with the U.N. Security Council': a body a complaint is taken to
    is where it is heard, not whom it accuses."""
    found = set()
    for t in trigger.subtree:
        alias = disc.aliases.get(t.i)
        if alias is None or alias.iso3 not in IGOS:
            continue
        node = t
        while node.dep_ in ("compound", "amod") and node.head.i != node.i:
            node = node.head
        if node.dep_ == "pobj" and node.head.lower_ in ("with", "to", "before"):
            found.add(alias.iso3)
    return found


def conjoined_targets(
    mention: Mention, source: str | None, target: str | None, disc: Discourse
) -> list[str]:
    """'recalled its ambassadors to Israel and to the United States': one event per
    state the act is aimed at, when the found target is one of a coordination."""
    if target is None:
        return []
    scope = [mention.trigger] if mention.obj is None else [mention.obj, mention.trigger]
    seen = [target]
    for top in scope:
        for t in top.subtree:
            alias = disc.aliases.get(t.i)
            if alias is None or alias.iso3 != target:
                continue
            for other in _coordinated(t):
                code = modifiers_country(other, disc.aliases)
                if code and code not in seen and code != source:
                    seen.append(code)
        if len(seen) > 1:
            break
    return seen[1:]


def _coordinated(token: Token) -> list[Token]:
    """Conjuncts of a name, also across repeated prepositions ('to X and to Y')."""
    node = token
    while node.dep_ in ("compound", "amod") and node.head.i != node.i:
        node = node.head
    found = list(node.conjuncts)
    if node.dep_ == "pobj":
        for prep in node.head.conjuncts:
            found += [c for c in prep.children if c.dep_ == "pobj"]
    return found


def _other_state_before(token: Token, source: str | None, disc: Discourse) -> str | None:
    """The nearest state named earlier in the sentence that is not `source`."""
    for t in reversed(token.doc[token.sent.start : token.i]):
        alias = disc.aliases.get(t.i)
        if alias is not None and alias.iso3 != source and alias.kind not in ("person", "surname"):
            return alias.iso3
    return None


def _person_before(pronoun: Token, source: str | None, disc: Discourse) -> str | None:
    """The state of the nearest person (named with a state, or an envoy described by
    one) before an object pronoun, skipping the actor's own side."""
    doc = pronoun.doc
    start = max(0, pronoun.sent.start - 120)
    for t in reversed(doc[start : pronoun.i]):
        alias = disc.aliases.get(t.i)
        if alias is not None and alias.kind in ("person", "surname") and alias.iso3 != source:
            return alias.iso3
        if lemma(t) in disc.vocab.classes.get("ambassador", frozenset()):
            code = modifiers_country(t, disc.aliases)
            if code and code != source:
                return code
    return None


def _envoy_owner(envoy: Token, disc: Discourse) -> Actor | None:
    """The state an envoy serves: 'Italy's new ambassador', 'their ambassadors' (the
    sentence's subject), 'his ambassador' (the speaker)."""
    code = modifiers_country(envoy, disc.aliases) or _pronoun_owner(envoy, disc)
    if code:
        return Actor(code)
    if any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in envoy.children):
        return _speaker_of(envoy, disc) or disc.last_person
    return None


def _pronoun_owner(noun: Token, disc: Discourse) -> str | None:
    """The state behind 'its'/'their' on a noun: the sentence's subject, else the last actor."""
    poss = next(
        (c for c in noun.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None
    )
    if poss is None:
        return None
    root = noun.sent.root
    subj = _subject(root)
    if subj is not None and not is_pronoun(subj):
        actor = subject_actor(subj, disc.aliases)
        if actor is not None and actor.iso3:
            return actor.iso3
    return disc.last_actor.iso3 if disc.last_actor else None


def _first_object(token: Token) -> tuple[Token | None, bool]:
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "dative", "iobj"):
            return child, False
    for child in token.children:
        if child.dep_ in ("nsubjpass",):
            return child, True
    return None, False


def remember(disc: Discourse, actor: Actor | None) -> None:
    """Update the discourse after an actor was resolved from text."""
    if actor is None or actor.iso3 is None:
        return
    disc.last_actor = actor
    disc.last_subject = None
    if actor.name:
        disc.last_person = actor


_STATEMENT_HEADS = word_list("statement_heads")


def statement_voice(doc, aliases: dict[int, Alias], text: str | None = None) -> str | None:
    """The state that issues the document, when one of its first lines is a short heading
    naming a state's ministry or government ('MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC
    OF BELARUS'): a statement's 'we' is that state, not the last one named. `text` is the
    document's text, passed in because `Doc.text` is rebuilt on each call."""
    text = doc.text if text is None else text
    lines, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((start, start + len(line), line))
        start += len(line) + 1
        if len(lines) == 3:
            break
    for begin, end, line in lines:
        words = line.lower().split()
        if len(words) > 12 or not set(words) & _STATEMENT_HEADS:
            continue
        codes = {
            a.iso3
            for i, a in aliases.items()
            if begin <= doc[i].idx < end and a.kind in ("name", "short", "adjective", "capital")
        }
        if len(codes) == 1:
            return codes.pop()
    return None


def note_subject(sent, disc: Discourse) -> None:
    """A named person as the sentence's subject is who a later 'he'/'she' means
    ("Argentine President Javier Milei ... He called Maduro a dictator"); a state as the
    subject is who a later 'it'/'its' means, whatever the verb ("Ethiopia gave a
    different account. Its foreign ministry said ...")."""
    subj = _subject(sent.root)
    if subj is None or is_pronoun(subj):
        return
    actor = subject_actor(subj, disc.aliases)
    if actor is None or not actor.iso3:
        return
    if actor.name and subj.ent_type_ == "PERSON":
        disc.last_person = actor
    elif (
        subj.dep_ == "nsubj"
        and not subj.conjuncts
        and (
            subj.i in disc.aliases  # "Ethiopia gave a different account. Its foreign ministry said"
            # "Moscow's first response came the next day. It recalled its ambassador"
            or any(c.dep_ == "poss" and c.i in disc.aliases for c in subj.children)
        )
    ):
        disc.last_subject = actor


def scan_speakers(sent, disc: Discourse, text: str | None = None) -> None:
    """Record the speaker of a sentence ("..., Nauert said") for quotes that follow.
    A briefing question ("Q: Minister Petricek said ...") names no one who answers.
    `text` is the document's text, passed in because `Doc.text` is rebuilt on each call."""
    text = sent.doc.text if text is None else text
    line = text[text.rfind("\n", 0, sent.start_char) + 1 : sent.start_char + 12].lstrip()
    if line.startswith(("Q:", "Q.", "Question:")):
        return
    for token in sent:
        if lemma(token) in _SPEECH and token.pos_ == "VERB":
            subj = _subject(token)
            if subj is None and token.dep_ == "conj":  # "Morocco summoned X and said ..."
                subj = _state_after_count(token.head) or _subject(token.head)
            if subj is not None and not is_pronoun(subj):
                actor = subject_actor(subj, disc.aliases)
                if actor is not None:
                    name = actor.name or actor_name(subj, disc.aliases)
                    disc.last_speaker = Actor(actor.iso3, name)
                    remember(disc, disc.last_speaker)
                    return
