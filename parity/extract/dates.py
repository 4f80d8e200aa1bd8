"""Resolve a time expression against the article's publication date.

dateparser alone moves "Tuesday" a week back, copies today's day into "in December"
and gives up on "earlier this week", so parity resolves the expressions spaCy tags as
DATE with these small rules. The result keeps the precision the text supports:
"2016" stays a year, "in December" a month, "Tuesday" a day.

Conventions (DESIGN.md): a weekday is the latest such day on or before publication;
a bare month is the latest such month on or before publication; "last week" is the
month of the day a week before publication. Without a publication date only absolute
expressions resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from parity.extract.actors import entity_at
from parity.lexicon import read_json, word_list

Date = dt.date


@cache
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    data = read_json("dates.json")
    months = {name: i + 1 for i, names in enumerate(data["months"]) for name in names}
    weekdays = {name: i for i, names in enumerate(data["weekdays"]) for name in names}
    return months, weekdays


def _month_re() -> str:
    months, _ = _tables()
    return "|".join(sorted(months, key=len, reverse=True))


def _weekday_re() -> str:
    _, weekdays = _tables()
    return "|".join(sorted(weekdays, key=len, reverse=True))


NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 3,
    "few": 3,
    "a few": 3,
}


def iso(day: Date, precision: str) -> str:
    """Format a date at a precision: 'year', 'month' or 'day'."""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def parse_iso(value: str | None) -> Date | None:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' to a date (first day of the period)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
        return Date(year, month, day)
    except (ValueError, IndexError):
        return None


def precision_of(value: str | None) -> str | None:
    """'year', 'month' or 'day' for an ISO date string at that precision."""
    if not value:
        return None
    return {1: "year", 2: "month", 3: "day"}.get(len(value.split("-")))


def agrees(a: str | None, b: str | None) -> bool:
    """True when two ISO dates agree at the coarser of their precisions (None agrees with all)."""
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _latest_weekday(weekday: int, published: Date, strictly_before: bool = False) -> Date:
    delta = (published.weekday() - weekday) % 7
    if strictly_before and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def _latest_month(month: int, published: Date) -> Date:
    year = published.year if month <= published.month else published.year - 1
    return Date(year, month, 1)


def _shift_months(day: Date, months: int) -> Date:
    index = day.year * 12 + day.month - 1 + months
    return Date(index // 12, index % 12 + 1, 1)


def _count(word: str) -> int | None:
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _relative(text: str, published: Date) -> str | None:
    """Expressions that only mean something next to a publication date."""
    t = text
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", t):
        return iso(published, "day")
    if re.search(r"\byesterday\b", t):
        return iso(published - dt.timedelta(days=1), "day")
    if re.search(r"\b(last|past|previous) week(end)?\b", t):
        return iso(published - dt.timedelta(days=7), "month")
    if re.search(r"\b(this|earlier this|later this) week(end)?\b", t):
        return iso(published - dt.timedelta(days=2), "month")
    if re.search(r"\b(last|past|previous) month\b", t):
        return iso(_shift_months(published, -1), "month")
    if re.search(r"\b(this|earlier this) month\b", t):
        return iso(published, "month")
    if re.search(r"\b(last|past|previous) year\b", t):
        return f"{published.year - 1:04d}"
    if re.search(r"\b(this|earlier this|later this|so far this) year\b", t):
        return f"{published.year:04d}"
    ago = re.search(r"\b(\w+(?: few)?) (day|week|month|year)s? ago\b", t)
    if ago:
        n = _count(ago.group(1))
        if n is not None:
            unit = ago.group(2)
            if unit == "day":
                return iso(published - dt.timedelta(days=n), "day")
            if unit == "week":
                return iso(published - dt.timedelta(days=7 * n), "month")
            if unit == "month":
                return iso(_shift_months(published, -n), "month")
            return f"{published.year - n:04d}"
    _, weekdays = _tables()
    weekday = re.search(rf"\b(last |this |on |earlier on |late |early )?({_weekday_re()})\b", t)
    if weekday and weekday.group(2) in weekdays:
        strictly = (weekday.group(1) or "").strip() == "last"
        day = _latest_weekday(weekdays[weekday.group(2)], published, strictly)
        return iso(day, "day")
    return None


def _absolute(text: str, published: Date | None, may_is_month: bool = False) -> str | None:
    """Expressions that carry their own year, or a month/day next to a publication year.

    A bare "may" is the modal unless the caller knows better (the expression was
    capitalised "May" inside a DATE span) or a preposition marks it as a month."""
    months, _ = _tables()
    m = _month_re()
    full = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({m})\.?,? (\d{{4}})\b", text)
    if full:
        return _safe(int(full.group(3)), months[full.group(2)], int(full.group(1)))
    full = re.search(rf"\b({m})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", text)
    if full:
        return _safe(int(full.group(3)), months[full.group(1)], int(full.group(2)))
    numeric = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if numeric:
        return _safe(int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3)))
    month_year = re.search(rf"\b({m})\.?,? (?:of )?(\d{{4}})\b", text)
    if month_year:
        return f"{int(month_year.group(2)):04d}-{months[month_year.group(1)]:02d}"
    day_month = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({m})\b", text) or re.search(
        rf"\b({m})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b", text
    )
    if day_month and published:
        groups = day_month.groups()
        day_s, month_s = (groups[0], groups[1]) if groups[0].isdigit() else (groups[1], groups[0])
        month = months[month_s]
        year = published.year
        candidate = _safe(year, month, int(day_s))
        if candidate and candidate > published.isoformat():
            candidate = _safe(year - 1, month, int(day_s))
        return candidate
    year = re.search(r"\b(1[89]\d\d|20\d\d)s?\b", text)
    if year and not re.search(r"\b(1[89]\d\d|20\d\d)s\b", text):
        return year.group(1)
    month_only = re.search(rf"\b({m})\b", text)
    if month_only and published and (may_is_month or month_only.group(1) != "may"):
        return iso(_latest_month(months[month_only.group(1)], published), "month")
    if (
        month_only
        and published
        and re.search(r"\b(in|since|during|last|early|mid|late)[- ]may\b", text)
    ):
        return iso(_latest_month(5, published), "month")
    return None


def _safe(year: int, month: int, day: int) -> str | None:
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


def resolve(expr: str | None, published: Date | str | None) -> str | None:
    """Resolve a time expression to an ISO date string at the precision it supports.

    >>> resolve("Tuesday", Date(2017, 9, 5))
    '2017-09-05'
    >>> resolve("in December", Date(2017, 9, 5))
    '2016-12'
    >>> resolve("last week", Date(2017, 9, 5))
    '2017-08'
    """
    if not expr:
        return None
    if isinstance(published, str):
        published = parse_iso(published) if precision_of(published) == "day" else None
    text = " ".join(expr.lower().replace("’", "'").split())
    if published is not None:
        rel = _relative(text, published)
        if rel:
            return rel
    return _absolute(text, published, may_is_month=bool(re.search(r"\bMay\b", expr)))


def is_relative(expr: str | None) -> bool:
    """True when the expression needs a publication date to mean anything."""
    if not expr:
        return False
    return resolve(expr, None) is None and resolve(expr, Date(2000, 6, 15)) is not None


# --- which time expression belongs to which event -------------------------------------

_LINK_WORDS = {"punish", "avenge", "response", "retaliation"}
_DEADLINE_PREPS = frozenset({"by", "within", "until", "before", "for"})
_PRESENT_TAGS = frozenset({"VBP", "VBZ", "VBG"})


def _date_entity(token) -> object | None:
    return entity_at(token) if token.ent_type_ == "DATE" else None


def _is_deadline(ent) -> bool:
    head = ent.root.head
    if ent.root.dep_ == "pobj" and head.lower_ in _DEADLINE_PREPS:
        return True
    text = ent.text.lower()
    if _THAT_YEAR.search(text) or _THAT_MONTH.search(text):  # "the following year": a time
        return False
    if _story_offset(text) is not None:  # "the same day", "two days later": a time
        return False
    return bool(re.search(r"\b(hours?|days?|weeks?|months?|years?)\b", text)) and not re.search(
        r"\b(ago|last|this|next|past|earlier)\b", text
    )


def _dates_under(token, stop: set[int]) -> list:
    """DATE entities attached directly to a token (as child or child of a child preposition)."""
    out = []
    for child in token.children:
        if child.i in stop:
            continue
        cand = [child]
        if child.dep_ == "prep":
            cand += [c for c in child.children if c.dep_ == "pobj"]
        for c in cand:
            ent = _date_entity(c)
            if ent is not None and not _is_deadline(ent):
                out.append(ent)
            if c.dep_ == "pobj":  # "in a statement issued late on Sunday, ... declared"
                for acl in c.children:
                    if acl.dep_ == "acl" and acl.lemma_.lower() in _ACT_PARTICIPLES:
                        out += _dates_under(acl, stop)
                # "recalled its ambassador for consultations on Tuesday": the parser
                # hangs the day on the purpose phrase
                out += _when_dates(c)
    return out


def reference_year(doc) -> int | None:
    """The latest year an undated document names; "in December" is read in that year."""
    years = [
        int(y)
        for ent in doc.ents
        if ent.label_ == "DATE"
        for y in re.findall(r"\b(19\d\d|20\d\d)\b", ent.text)
    ]
    return max(years) if years else None


def _resolve_undated(expr: str, year: int | None) -> str | None:
    value = resolve(expr, None)
    if value or year is None:
        return value
    low = expr.lower()
    months, _ = _tables()
    if re.search(rf"\b({_month_re()})\b", low) and not re.search(
        rf"\b(last|this|next|ago|week|yesterday|today|{_weekday_re()})\b", low
    ):
        return resolve(expr, Date(year, 12, 31))
    return None


def mention_date(
    trigger,
    obj,
    published: Date | None,
    other_triggers: set[int],
    ref_year: int | None = None,
    climb: bool = True,
) -> tuple[str | None, str | None]:
    """The event date and the raw expression it came from.

    Looks for a DATE entity attached to the trigger, then climbs to the verbs above
    it ("Obama expelled 35 and seized two in December"; "Putin said Tuesday he is
    considering ..."). An act in an "after ..." clause came some time before the main
    clause's date, so it takes no date from it. Without any expression the report is
    dated to the publication day.
    """
    stop = set(other_triggers) - {trigger.i}
    node, steps = trigger, 0
    earlier = False  # climbed out of "after/before/since ..." clause
    while steps < 6:
        ents = _dates_under(node, stop)
        if steps == 0:
            ents += _object_dates(node, stop)
            for child in node.children:  # "declared X persona non grata on June 6"
                if child.dep_ in ("ccomp", "xcomp", "oprd") and child.lower_ in _PHRASE_CLAUSES:
                    ents += _dates_under(child, stop)
            for conj in node.children:  # "expelled 35 ... and seized two facilities in December"
                if conj.dep_ == "conj" and conj.i in stop:
                    ents += _dates_under(conj, set())
                    if conj.pos_ in (
                        "NOUN",
                        "PROPN",
                    ):  # "the expulsion of 35 ... and the closure of two ... last December"
                        ents += [
                            e
                            for e in (
                                _date_entity(t) for t in conj.subtree if not _in_clause(t, conj)
                            )
                            if e is not None and not _is_deadline(e)
                        ]
        if steps == 0 and node.pos_ in ("NOUN", "PROPN"):  # "interference in the 2016 elections"
            inner = [t for t in _outside(node, stop) if not _in_clause(t, node)]
            ents += [
                e
                for e in (
                    _date_entity(t)
                    for t in inner
                    if t.dep_ in ("compound", "nummod", "amod", "pobj", "npadvmod")
                )
                if e is not None and not _is_deadline(e)
            ]
        ent = _date_entity(node)
        if ent is not None and node.i != trigger.i:
            ents.append(ent)
        if ents:
            best = min(ents, key=lambda e: abs(e.root.i - trigger.i))
            found = _from_story_day(best, published, ref_year) or _resolve_expr(
                _with_story_year(best), published, ref_year
            )
            if earlier:  # "... on Friday, three weeks after X": X's date is unknown, only earlier
                return None, None
            return found, best.text
        if (
            node.head.i == node.i
            or node.dep_ in ("ccomp",)
            and steps > 0
            and not _speech(node.head)
        ):
            break
        if not climb:
            break
        if (
            node.dep_ in ("advcl", "pcomp")
            and any(
                c.dep_ == "mark" and c.lower_ in ("after", "before", "since", "until", "following")
                for c in node.children
            )
            and not _hours_apart(node)
        ):
            earlier = True
        if node.dep_ == "pcomp" and node.head.lower_ in ("after", "before", "since", "following"):
            earlier = True
        node = node.head
        if node.i in stop and node.i != trigger.i:
            # an enclosing trigger: its date is shared ("expelled ... and seized ... in December")
            stop.discard(node.i)
        steps += 1
    if published is None:
        return None, None
    if earlier:  # before the main clause's act, which has no date either: the year is safe
        return iso(published, "year"), None
    if not climb:
        # An event named by a noun that the clause does not carry out ("an answer to the
        # expulsion of 35 diplomats") is retold from before: the text gives no date for it,
        # and the publication's would keep fusion from joining it to the original report.
        return None, None
    # No time expression: the report is news of the day it was published. Fusion knows
    # such a date is only the publication's (date_expr is None) and compares it loosely.
    return iso(published, "day"), None


def fronted_date(sent, published: Date | None, ref_year: int | None) -> tuple[str, str] | None:
    """A time phrase that opens a sentence before a comma ('In February 2019, ...',
    'Last month, ...'): it sets the time for the rest of the paragraph, whose sentences
    often carry no date of their own ('In February 2019, it was Kenya's turn. Nairobi
    recalled its ambassador ...')."""
    doc = sent.doc
    start = sent.start + (1 if sent[0].pos_ == "ADP" else 0)  # "In February 2019, ..."
    ent = _date_entity(doc[start]) if start < sent.end else None
    if (
        ent is None
        or ent.start != start
        or ent.end >= len(doc)
        or not (doc[ent.end].text == "," or _glued_to_subject(ent, sent))
        or _is_deadline(ent)
    ):
        return None
    found = _from_story_day(ent, published, ref_year) or _resolve_expr(
        _with_story_year(ent), published, ref_year
    )
    return (found, ent.text) if found else None


def _hours_apart(clause) -> bool:
    """'hours after Madrid summoned her': the same day as the main clause's act."""
    return any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in ("hour", "minute", "moment")
        for c in clause.children
    )


def _glued_to_subject(ent, sent) -> bool:
    """'In March Benin reopened ...', 'Last September Finland restricted ...' with no
    comma: the parser reads 'March Benin' as one name, so the time phrase hangs on the
    subject instead of the verb."""
    glued = ent.root.dep_ in ("compound", "nmod", "amod")
    return glued and (sent[0].pos_ == "ADP" or ent.root.head.dep_ in ("nsubj", "nsubjpass"))


_THAT_YEAR = re.compile(
    r"\b(?:(later|earlier) )?(?:that|the same|that same|(the following|the next)|"
    r"(the previous|the preceding)) year\b",
    re.IGNORECASE,
)


_THAT_MONTH = re.compile(
    r"\b(?:(?:later|earlier|late|early) )?(?:that|the same|that same|(the following|the next)|"
    r"(the previous|the preceding)) month\b",
    re.IGNORECASE,
)


def _earlier_dates(ent) -> list:
    """The time expressions the story states before `ent`, in text order."""
    return [other for other in ent.doc.ents if other.label_ == "DATE" and other.end <= ent.start]


@cache
def _story_offsets() -> tuple[tuple[re.Pattern[str], int | str], ...]:
    number = r"(?P<n>\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
    return tuple(
        (re.compile(pattern.replace("{n}", number), re.IGNORECASE), days)
        for pattern, days in read_json("dates.json").get("story_offsets", ())
    )


def _story_offset(text: str) -> int | None:
    """Days from the story's last date that an expression names ('the next day': 1)."""
    for pattern, days in _story_offsets():
        match = pattern.search(text)
        if match is None:
            continue
        if isinstance(days, int):
            return days
        n = _count(match.group("n"))
        return None if n is None else (-n if days.startswith("-") else n)
    return None


def _from_story_day(ent, published: Date | None, ref_year: int | None, depth: int = 0):
    """'Correa expelled the ambassador the next day', after 'the early hours of March 1,
    2008': a time counted from the day the story last named, not from its publication.
    With no time named before it, the count runs from the publication day; None when
    the expression counts no days or nothing dates the story."""
    offset = _story_offset(ent.text)
    if offset is None or depth > 4:
        return None
    for other in reversed(_earlier_dates(ent)[-6:]):
        base = _from_story_day(other, published, ref_year, depth + 1) or _resolve_expr(
            _with_story_year(other), published, ref_year
        )
        if base is None:
            continue
        if precision_of(base) != "day":
            return None  # "In March 2008 ... the next day": no day to count from
        return (parse_iso(base) + dt.timedelta(days=offset)).isoformat()
    if published is not None:  # the story named no time before: count from its own day
        return (published + dt.timedelta(days=offset)).isoformat()
    return None


def _with_story_month(ent, text: str) -> str:
    """'Later that month', 'the following month' after 'In March 2022': the month the
    story last named, one more or one less."""
    match = _THAT_MONTH.search(text)
    if match is None:
        return text
    months, _ = _tables()
    named = None
    for other in _earlier_dates(ent):
        found = re.search(rf"\b({_month_re()})\b", other.text.lower())
        year = re.search(r"\b(1[89]\d\d|20\d\d)\b", other.text)
        if found and not (found.group(1) == "may" and "May" not in other.text):
            named = (months[found.group(1)], int(year.group(1)) if year else None)
    if named is None:
        return text
    month, year = named
    month += 1 if match.group(1) else -1 if match.group(2) else 0
    if month == 13:
        month, year = 1, (year + 1 if year else None)
    if month == 0:
        month, year = 12, (year - 1 if year else None)
    name = max((k for k, v in months.items() if v == month), key=len).title()
    when = f"{name} {year}" if year else name
    return text[: match.start()] + when + text[match.end() :]


def _with_story_year(ent) -> str:
    """'In August that year' after 'in February 2019': the year the story last named
    (before this expression) stands in for 'that year'; 'the following year' is one
    more."""
    text = ent.text
    tail = ent.doc[ent.end : ent.end + 3].text  # "August [that year]": outside the entity
    if _THAT_YEAR.match(tail):
        text = f"{text} {tail}"
    if _THAT_MONTH.search(text):
        return _with_story_month(ent, text)
    match = _THAT_YEAR.search(text)
    if match is None:
        return ent.text
    years = [
        int(y)
        for other in _earlier_dates(ent)
        for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", other.text)
    ]
    if not years:
        return ent.text
    year = years[-1] + (1 if match.group(2) else -1 if match.group(3) else 0)
    return text[: match.start()] + str(year) + text[match.end() :]


def _resolve_expr(text: str, published: Date | None, ref_year: int | None) -> str | None:
    """A date expression against the publication day, or, in an undated text, against
    the year the text itself names."""
    return _resolve_undated(text, ref_year) if published is None else resolve(text, published)


def _object_dates(verb, stop: set[int]) -> list:
    """Dates that modify the verb's own object: 'disrupt the 2016 election'."""
    out = []
    for child in verb.children:
        objs = (
            [child]
            if child.dep_ in ("dobj", "obj")
            else [c for c in child.children if c.dep_ == "pobj"]
            if child.dep_ == "prep"
            else []
        )
        for obj in objs:
            for mod in obj.children:
                if mod.dep_ in ("nummod", "compound", "amod") and mod.i not in stop:
                    ent = _date_entity(mod)
                    if ent is not None and not _is_deadline(ent):
                        out.append(ent)
            if child.dep_ in ("dobj", "obj"):
                # "broke off relations in 2016": the parser hangs the time on the object
                out += _when_dates(obj)
    return out


def _when_dates(noun) -> list:
    """Time phrases ('in 2016', 'on Tuesday') hanging on a noun rather than on its verb."""
    return [
        ent
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ in _WHEN
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for ent in [_date_entity(pobj)]
        if ent is not None and not _is_deadline(ent)
    ]


_WHEN = frozenset({"in", "on", "during"})
_PHRASE_CLAUSES = word_list("phrase_clauses")


def _in_clause(token, top) -> bool:
    """True when a token sits in a relative or adverbial clause below `top`.

    A participle that tells when the named act was done ("the expulsion, announced on
    Saturday") is not such a clause: its date is the act's.
    """
    node = token
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "advcl", "ccomp"):
            return True
        if node.dep_ == "acl" and node.lemma_.lower() not in _ACT_PARTICIPLES:
            return True
        node = node.head
    return False


_ACT_PARTICIPLES = word_list("act_participles")
_DATE_BOUNDARY = word_list("date_boundary")


def _outside(top, stop: set[int]) -> list:
    """Tokens of a subtree that do not belong to another trigger's own subtree."""
    blocked = set()
    for t in top.subtree:
        if t.i in stop and t.i != top.i:
            blocked |= {s.i for s in t.subtree}
    return [t for t in top.subtree if t.i not in blocked]


def _speech(token) -> bool:
    return token.lemma_.lower() in _DATE_BOUNDARY
