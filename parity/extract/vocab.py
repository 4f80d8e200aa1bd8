"""The extractor's word lists, read once from parity/lexicon and validated.

Everything the rules match on (trigger lemmas, noun classes, modality cues, link
phrases, number words, boilerplate patterns) comes from the JSON files beside the
lexicon loader; this module only indexes them for fast lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from parity.errors import LexiconError
from parity.lexicon import load_moves, read_json


@dataclass(frozen=True)
class Rule:
    """One trigger rule of triggers.json."""

    id: str
    move: str
    pos: str  # "verb" or "noun"
    lemmas: frozenset[str]
    object: tuple[str, ...] = ()
    particle: tuple[str, ...] = ()
    particle_optional: tuple[str, ...] = ()
    phrase: str | None = None
    via_order: bool = False
    subject: tuple[str, ...] = ()
    subject_passive: tuple[str, ...] = ()
    needs_governor: str | None = None
    needs_actor: bool = False
    # fires only on a negated modal verb, and reads as an order: "the ambassador should
    # not return" is an expulsion announced, not a denial
    barred: bool = False
    # an envoy going back to a post ("their ambassadors would return to Minsk"): the
    # envoy's state acts, the post's state is the target, and a negated verb is no event
    envoy_travel: bool = False
    compound: tuple[str, ...] = ()
    from_gerund: tuple[str, ...] = ()
    with_object: tuple[str, ...] = ()
    requires_order: bool = False
    own_object: bool = False
    foreign_object: bool = False
    target_from_prep: bool = False
    predicate_of_act: bool = False
    in_object: tuple[str, ...] = ()
    for_object: tuple[str, ...] = ()
    place_source: bool = False
    not_modifiers: str | None = None
    not_preps: tuple[str, ...] = ()
    complement_deps: tuple[str, ...] = ()
    target_preps: tuple[str, ...] = ()
    not_object: str | None = None
    not_subject: str | None = None
    partner: bool = False
    subject_is_target: bool = False
    complement: str | None = None
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Vocab:
    verb_rules: dict[str, tuple[Rule, ...]]
    noun_rules: dict[str, tuple[Rule, ...]]
    classes: dict[str, frozenset[str]]
    hostile_family: dict[str, str]
    order_verbs: frozenset[str]
    modality: dict[str, Any]
    links: dict[str, Any]
    numbers: dict[str, Any]
    boilerplate: tuple[re.Pattern[str], ...]
    move_units: dict[str, str | None]
    phrase_rules: tuple[Rule, ...] = ()
    adjective_rules: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    container_nouns: frozenset[str] = frozenset()
    measure_classes: frozenset[str] = frozenset()
    doing_verbs: frozenset[str] = frozenset()
    causing_verbs: frozenset[str] = frozenset()
    follow_suit: re.Pattern[str] | None = None
    halt_verbs: frozenset[str] = frozenset()


def _rule(spec: dict[str, Any], pos: str, moves: dict[str, Any]) -> Rule:
    if spec.get("move") not in moves:
        raise LexiconError(
            f"parity/lexicon/triggers.json: rule {spec.get('id')!r} names unknown move"
        )
    if pos != "phrase" and not spec.get("lemmas"):
        raise LexiconError(f"parity/lexicon/triggers.json: rule {spec.get('id')!r} has no lemmas")
    return Rule(
        id=spec["id"],
        move=spec["move"],
        pos=pos,
        lemmas=frozenset(spec.get("lemmas", ())),
        object=tuple(spec.get("object", ())),
        particle=tuple(spec.get("particle", ())),
        particle_optional=tuple(spec.get("particle_optional", ())),
        phrase=spec.get("phrase"),
        via_order=bool(spec.get("via_order")),
        subject=tuple(spec.get("subject", ())),
        subject_passive=tuple(spec.get("subject_passive", ())),
        needs_governor=spec.get("needs_governor"),
        needs_actor=bool(spec.get("needs_actor")),
        barred=bool(spec.get("barred")),
        envoy_travel=bool(spec.get("envoy_travel")),
        compound=tuple(spec.get("compound", ())),
        complement=spec.get("complement"),
        from_gerund=tuple(spec.get("from_gerund", ())),
        with_object=tuple(spec.get("with_object", ())),
        requires_order=bool(spec.get("requires_order")),
        own_object=bool(spec.get("own_object")),
        foreign_object=bool(spec.get("foreign_object")),
        target_from_prep=bool(spec.get("target_from_prep")),
        predicate_of_act=bool(spec.get("predicate_of_act")),
        in_object=tuple(spec.get("in_object", ())),
        for_object=tuple(spec.get("for_object", ())),
        place_source=bool(spec.get("place_source")),
        not_modifiers=spec.get("not_modifiers"),
        not_preps=tuple(spec.get("not_preps", ())),
        complement_deps=tuple(spec.get("complement_deps", ())),
        target_preps=tuple(spec.get("target_preps", ())),
        not_object=spec.get("not_object"),
        not_subject=spec.get("not_subject"),
        partner=bool(spec.get("partner")),
        subject_is_target=bool(spec.get("subject_is_target")),
        pattern=re.compile(spec["pattern"], re.IGNORECASE) if spec.get("pattern") else None,
    )


def _with_class_lemmas(spec: dict[str, Any], nouns: dict[str, Any]) -> dict[str, Any]:
    """A rule may take its lemmas from a noun class ('lemmas_from_class': 'condemnation')."""
    name = spec.get("lemmas_from_class")
    if not name:
        return spec
    if not isinstance(nouns.get(name), list):
        raise LexiconError(
            f"parity/lexicon/triggers.json: rule {spec.get('id')!r} names unknown class {name!r}"
        )
    return {**spec, "lemmas": list(nouns[name])}


def _index(rules: list[Rule]) -> dict[str, tuple[Rule, ...]]:
    out: dict[str, list[Rule]] = {}
    for rule in rules:
        for lemma in rule.lemmas:
            out.setdefault(lemma, []).append(rule)
    return {k: tuple(v) for k, v in out.items()}


@cache
def load_vocab() -> Vocab:
    """Read and index all extraction word lists (cached: loaded once per process)."""
    moves = load_moves()
    triggers = read_json("triggers.json")
    nouns = read_json("nouns.json")
    verb_rules = [_rule(s, "verb", moves) for s in triggers["verbs"]]
    noun_rules = [_rule(s, "noun", moves) for s in triggers["nouns"]]
    classes = {
        name: frozenset(words)
        for name, words in nouns.items()
        if not name.startswith("_")
        and isinstance(words, list)
        and name not in ("measure_classes", "doing_verbs", "container_nouns")
    }
    for rule in verb_rules + noun_rules:
        for cls in rule.object + rule.subject + rule.subject_passive:
            if cls not in classes and cls not in ("any", "none", "pronoun", "person_name"):
                raise LexiconError(
                    f"parity/lexicon/triggers.json: rule {rule.id!r} names unknown class {cls!r}"
                )
    family = {w: fam for fam, words in nouns.get("hostile_families", {}).items() for w in words}
    boiler = read_json("boilerplate.json")
    try:
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in boiler["patterns"])
    except re.error as exc:
        raise LexiconError(f"parity/lexicon/boilerplate.json: bad pattern: {exc}") from exc
    return Vocab(
        verb_rules=_index(verb_rules),
        noun_rules=_index(noun_rules),
        classes=classes,
        hostile_family=family,
        order_verbs=frozenset(triggers["order_verbs"]),
        causing_verbs=frozenset(triggers.get("causing_verbs", ())),
        halt_verbs=frozenset(triggers.get("halt_verbs", ())),
        follow_suit=re.compile(triggers["follow_suit"], re.IGNORECASE)
        if triggers.get("follow_suit")
        else None,
        modality=read_json("modality.json"),
        links=read_json("links.json"),
        numbers=read_json("numbers.json"),
        boilerplate=patterns,
        move_units={name: spec["unit"] for name, spec in moves.items()},
        phrase_rules=tuple(_rule(s, "phrase", moves) for s in triggers.get("phrases", ())),
        adjective_rules=_index(
            [
                _rule(_with_class_lemmas(s, nouns), "adjective", moves)
                for s in triggers.get("adjectives", ())
            ]
        ),
        container_nouns=frozenset(nouns.get("container_nouns", ())),
        measure_classes=frozenset(nouns.get("measure_classes", ())),
        doing_verbs=frozenset(nouns.get("doing_verbs", ())),
    )
