"""People the article itself ties to a state, so that later mentions resolve.

News introduces an envoy once with a title ("Rwanda's ambassador, Vincent Karega";
"Chinese Ambassador Cheng Jingye"; "Osman Dubbe, Somalia's information minister")
and then writes the bare name ("Kinshasa summoned Karega"). The persons table only
knows leaders and foreign ministers, so this pass learns the rest from the text:
a PERSON entity joined to an official title that names a state gives that state to
every mention of the full name and of the surname. A person the persons table knows
keeps the table's state for a bare surname later ("Ivan Korcok" ... "Korcok said"),
unless the article's own title says otherwise ("Dutch Prime Minister Mark Rutte").
Ambiguous surnames (two people, two states) are left alone.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from parity.extract.actors import Alias, alias_table, modifiers_country
from parity.extract.vocab import Vocab


def learn_people(doc: Doc, aliases: dict[int, Alias], vocab: Vocab) -> None:
    """Add an Alias for every mention of a titled person whose state the text gives."""
    titles = vocab.classes.get("titles", frozenset())
    home = _dateline_state(doc)
    domestic = vocab.classes.get("domestic_titles", frozenset())
    learned: dict[str, str | None] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON" and not _named_in_apposition(ent, titles, aliases):
            continue
        known = {aliases[t.i].iso3 for t in ent if t.i in aliases}
        code = _titled_state(ent, aliases, titles)
        if known:
            # "Dutch Prime Minister Mark Rutte": the title overrides a later office in
            # the persons table (Rutte at NATO from 2024) for this document; otherwise
            # the table's state carries to the bare surname ("Ivan Korcok" ... "Korcok")
            if code is None or code in known:
                if len(known) != 1 or len(ent) < 2:
                    continue
                code = next(iter(known))
        elif code is None and _bare_title(ent, domestic):
            # "Information Minister Osman Dubbe": the government the story was just about
            # a clause just before it in its sentence, else the dateline's government
            # (wire style: "MADRID — ... Foreign Minister X"), else the story's last subject
            code = (
                _sentence_subject_state(ent, aliases)
                or home
                or _previous_subject_state(ent, aliases)
            )
        if code is None and not known:
            # "The ambassador, Vincent Karega,": the state whose envoy of that title the
            # text has already named ("Rwanda's ambassador" in the headline)
            code = _earlier_title_state(ent, aliases, titles)
        if code is None:
            continue
        for key in _keys(ent):  # a surname two states claim is learned for neither
            learned[key] = code if learned.get(key, code) == code else None
    if not learned:
        return
    for token in doc:
        if token.pos_ != "PROPN":
            continue
        current = aliases.get(token.i)
        if current is not None and current.kind not in ("person", "surname"):
            continue
        code = learned.get(token.text)
        if code and (current is None or current.iso3 != code):  # keep a full name's span
            kind = current.kind if current is not None else "surname"
            aliases[token.i] = Alias(code, kind, token.text)


def _named_in_apposition(ent: Span, titles: frozenset[str], aliases: dict[int, Alias]) -> bool:
    """'The Russian ambassador, Yury Filatov,': the small model often tags such a name
    as an organisation; a name set beside an official's title is a person all the same."""
    root = ent.root
    return (
        root.dep_ == "appos"
        and root.pos_ == "PROPN"
        and _is_title(root.head, titles)
        and not any(t.i in aliases for t in ent)
    )


def _keys(ent: Span) -> list[str]:
    """The surname (last capitalised word) and, for two-part names, the first name too
    only as part of the whole: single tokens are what later mentions repeat."""
    words = [t.text for t in ent if t.text[:1].isupper() and t.is_alpha]
    return words[-1:] if words else []


def _titled_state(ent: Span, aliases: dict[int, Alias], titles: frozenset[str]) -> str | None:
    """The state in a title joined to the name: a left modifier, a head or an apposition."""
    root = ent.root
    left = [t for t in root.subtree if t.i < ent.start]
    if _has_title(left, titles):
        code = _country_in(left, aliases)
        if code:
            return code
    if root.dep_ == "appos" and _is_title(root.head, titles):
        return modifiers_country(root.head, aliases)
    if root.dep_ == "compound" and _is_title(root.head, titles):  # "Ambassador Itte's ..."
        return modifiers_country(root.head, aliases)
    for child in root.children:
        if child.dep_ == "appos" and _is_title(child, titles):
            return modifiers_country(child, aliases)
    return None


def _earlier_title_state(
    ent: Span, aliases: dict[int, Alias], titles: frozenset[str]
) -> str | None:
    """For a name set beside a stateless title ('the ambassador, X'): the one state
    an earlier mention of the same title names."""
    root = ent.root
    if not (root.dep_ == "appos" and _is_title(root.head, titles)):
        return None
    title = root.head.lemma_.lower()
    found = {
        code
        for t in ent.doc[: root.head.i]
        if t.lemma_.lower() == title and (code := modifiers_country(t, aliases))
    }
    return found.pop() if len(found) == 1 else None


def _bare_title(ent: Span, domestic: frozenset[str]) -> bool:
    """'Information Minister Osman Dubbe': a home-government title right before the name."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return (
        before is not None
        and _is_title(before, domestic)
        and before.head.i in range(ent.start, ent.end)
    )


def _previous_subject_state(ent: Span, aliases: dict[int, Alias]) -> str | None:
    """The state named in the subject of one of the two sentences before a name."""
    doc = ent.doc
    sent = ent.sent
    for _ in range(2):
        if sent.start == 0:
            return None
        sent = doc[sent.start - 1].sent
        subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
        for subj in subjects:
            for t in subj.subtree:
                alias = aliases.get(t.i)
                if alias is not None and alias.kind not in ("person", "surname"):
                    return alias.iso3
    return None


def _sentence_subject_state(ent: Span, aliases: dict[int, Alias]) -> str | None:
    """The state that is the subject of a clause earlier in the name's own sentence
    ("Niamey demanded their release, and Prime Minister X said")."""
    for t in reversed(ent.doc[ent.sent.start : ent.start]):
        if t.dep_ in ("nsubj", "nsubjpass"):
            alias = aliases.get(t.i)
            if alias is not None and alias.kind not in ("person", "surname"):
                return alias.iso3
    return None


def _dateline_state(doc: Doc) -> str | None:
    """The state of the capital a story is filed from ('MOGADISHU —', 'MADRID, May 19')."""
    table = alias_table()
    for sent in list(doc.sents)[:4]:
        first = sent[0]
        if first.is_upper and len(first.text) > 2 and first.is_alpha:
            alias = table.get(first.text.title())
            if alias is not None and alias.kind in ("capital", "seat"):
                return alias.iso3
    return None


def _is_title(token: Token, titles: frozenset[str]) -> bool:
    return token.lemma_.lower() in titles or token.lower_ in titles


def _has_title(tokens: list[Token], titles: frozenset[str]) -> bool:
    return any(_is_title(t, titles) for t in tokens)


def _country_in(tokens: list[Token], aliases: dict[int, Alias]) -> str | None:
    for t in tokens:
        alias = aliases.get(t.i)
        if alias is not None and alias.kind not in ("person", "surname"):
            return alias.iso3
    return None
