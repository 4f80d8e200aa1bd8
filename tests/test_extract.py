"""The extractor on single sentences and short texts written for these tests.

Each case is one behaviour: who acts on whom, which move, how many, what status.
The sentences are our own, about many pairs of states, so that the rules are tested
as general rules and not as the seed articles' phrasings.
"""

import pytest

from parity.api import extract_text

PUB = "2021-04-20"  # a Tuesday


def events(text, published=PUB):
    return extract_text(text, published=published)


def one(text, published=PUB, move=None):
    found = [e for e in events(text, published) if move is None or e.move == move]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "source", "target", "move", "quantity"),
    [
        (
            "Britain expelled 23 Russian diplomats on Wednesday.",
            "GBR",
            "RUS",
            "expel_personnel",
            23,
        ),
        (
            "Prague expelled eighteen Russian embassy employees.",
            "CZE",
            "RUS",
            "expel_personnel",
            18,
        ),
        (
            "The Kremlin ordered thirty-five American diplomats to leave the country.",
            "RUS",
            "USA",
            "expel_personnel",
            35,
        ),
        ("Ottawa kicked out two dozen Indian officials.", "CAN", "IND", "expel_personnel", 24),
        (
            "Forty Russian diplomats were expelled by Germany on Monday.",
            "DEU",
            "RUS",
            "expel_personnel",
            40,
        ),
        (
            "Beijing ordered the closure of the US consulate in Chengdu.",
            "CHN",
            "USA",
            "close_facility",
            1,
        ),
        (
            "The State Department ordered China to close its consulate in Houston.",
            "USA",
            "CHN",
            "close_facility",
            1,
        ),
        ("Berlin shut four Russian consulates in Germany.", "DEU", "RUS", "close_facility", 4),
        (
            "The United States seized two Russian diplomatic compounds.",
            "USA",
            "RUS",
            "seize_property",
            2,
        ),
        (
            "Russia capped the number of British diplomats in Moscow at 50.",
            "RUS",
            "GBR",
            "cap_personnel",
            50,
        ),
        (
            "Moscow ordered Washington to cut its embassy staff by 755 to 455.",
            "RUS",
            "USA",
            "cap_personnel",
            455,
        ),
        (
            "Canberra recalled its ambassador to Beijing for consultations.",
            "AUS",
            "CHN",
            "recall_ambassador",
            1,
        ),
        (
            "The Turkish foreign ministry summoned the Israeli ambassador.",
            "TUR",
            "ISR",
            "summon_envoy",
            None,
        ),
        (
            "Caracas severed diplomatic relations with Bogota.",
            "VEN",
            "COL",
            "sever_relations",
            None,
        ),
        (
            "The European Union imposed sanctions on Belarus.",
            "EUR",
            "BLR",
            "impose_sanctions",
            None,
        ),
        (
            "Russian Foreign Minister Sergey Lavrov accused Poland of hostility.",
            "RUS",
            "POL",
            "accuse",
            None,
        ),
    ],
)
def test_actors_moves_quantities(text, source, target, move, quantity):
    event = one(text, move=move)
    assert (event.source, event.target, event.move, event.quantity) == (
        source,
        target,
        move,
        quantity,
    )


@pytest.mark.parametrize(
    ("text", "move", "status"),
    [
        ("Poland expelled 45 Russian diplomats.", "expel_personnel", "occurred"),
        ("Poland is considering expelling 45 Russian diplomats.", "expel_personnel", "considered"),
        ("Poland could expel 45 Russian diplomats.", "expel_personnel", "considered"),
        ("Poland threatened to expel 45 Russian diplomats.", "expel_personnel", "threatened"),
        ("Poland is not expelling any Russian diplomats.", "expel_personnel", "denied"),
        (
            "Poland has no plans to close the Russian consulate in Gdansk.",
            "close_facility",
            "denied",
        ),
        (
            "The Russian diplomats must leave Poland by Friday, Warsaw said.",
            "expel_personnel",
            "announced",
        ),
        ("Moscow vowed to retaliate against Poland.", "threaten", "threatened"),
    ],
)
def test_status(text, move, status):
    assert one(text, move=move).status == status


def test_reported_speech_keeps_the_speaker():
    event = one(
        "Russian President Vladimir Putin said Tuesday he is considering expelling another 155 American diplomats."
    )
    assert (event.source, event.source_actor, event.quantity, event.status) == (
        "RUS",
        "Vladimir Putin",
        155,
        "considered",
    )
    assert event.date == "2021-04-20"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Norway expelled 15 Russian diplomats last week.", "2021-04"),
        ("Norway expelled 15 Russian diplomats on Friday.", "2021-04-16"),
        ("Norway expelled 15 Russian diplomats in December.", "2020-12"),
        ("Norway expelled 15 Russian diplomats in 2019.", "2019"),
    ],
)
def test_dates_resolve_against_publication(text, date):
    assert one(text).date == date


def test_undated_article_keeps_relative_expression():
    event = one("Norway expelled 15 Russian diplomats last week.", published=None)
    assert event.date is None
    assert event.date_expr == "last week"


def test_vague_count_is_a_hint():
    event = one("Ottawa expelled dozens of Indian diplomats.")
    assert event.quantity is None
    assert event.quantity_hint == "dozens"


def test_responds_to_within_a_sentence():
    found = events(
        "Russia expelled 20 Czech diplomats in response to the expulsion of 18 Russian diplomats by Prague."
    )
    by_source = {e.source: e for e in found if e.move == "expel_personnel"}
    assert by_source["RUS"].responds_to == (by_source["CZE"].id,)


def test_chain_of_responses():
    text = (
        "Washington closed three Russian facilities last week. "
        "That action was a response to Russia's cut in U.S. staff, which was a response to new U.S. sanctions imposed against Russia."
    )
    found = {(e.source, e.move): e for e in events(text)}
    closure, cap, sanctions = (
        found[("USA", "close_facility")],
        found[("RUS", "cap_personnel")],
        found[("USA", "impose_sanctions")],
    )
    assert closure.responds_to == (cap.id,)
    assert cap.responds_to == (sanctions.id,)


def test_same_move_twice_is_one_event():
    text = "Germany expels 40 Russian diplomats\nGermany on Monday expelled 40 Russian diplomats. The 40 Russian diplomats were expelled over the killing."
    assert len([e for e in events(text) if e.move == "expel_personnel"]) == 1


def test_boilerplate_yields_nothing():
    text = (
        "Your support helps us to tell the story. We rely on readers to expel the myths.\n"
        "Sign up for our newsletter to hear when Britain expels diplomats.\n"
        "Join our commenting forum and see replies."
    )
    assert events(text) == []


def test_conjoined_actors_each_get_an_event():
    found = events(
        "Lithuania, Latvia and Estonia each declared Russian embassy staff persona non grata."
    )
    assert sorted(e.source for e in found if e.move == "expel_personnel") == ["EST", "LTU", "LVA"]


def test_evidence_offsets_point_into_the_text():
    text = "Headline\n\nBritain expelled 23 Russian diplomats on Wednesday."
    event = one(text)
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text


def test_no_event_without_states():
    assert events("The company closed three offices and laid off 35 staff.") == []


def test_member_states_without_names_are_not_one_actor():
    assert (
        events(
            "Western governments have expelled more than 150 Russian diplomats since the attack."
        )
        == []
    )


def test_approximate_counts_are_not_quantities():
    event = one("Britain expelled more than 20 Russian diplomats.")
    assert event.quantity is None
    assert event.quantity_hint == "more than 20"


def test_reported_allegation_is_an_accusation():
    event = one(
        "Trudeau told Parliament there were credible allegations linking Indian government agents to the killing.",
        move="accuse",
    )
    assert (event.source, event.target) == ("CAN", "IND")


def test_condemning_a_move_is_an_accusation():
    found = events(
        "Germany expelled 40 Russian diplomats. The Kremlin called the German step unjustified and hostile."
    )
    assert any(e.move == "accuse" and (e.source, e.target) == ("RUS", "DEU") for e in found)


def test_a_refusal_to_retaliate_is_no_event():
    assert [
        e
        for e in events("Ottawa said it will not retaliate against New Delhi.")
        if e.move == "threaten"
    ] == []


def test_conditions_are_not_events():
    found = events(
        "Moscow warned that it could take retaliatory measures if Britain expelled any more Russian diplomats."
    )
    assert not any(e.source == "GBR" for e in found)


def test_companies_are_not_states():
    assert (
        events("A Russian-owned fertiliser terminal closed its offices in Tallinn last week.") == []
    )


def test_retaliating_with_people_is_an_expulsion():
    found = events(
        "Estonia expelled three Russian diplomats. Russia retaliated with three Estonians the following month."
    )
    assert any(
        (e.source, e.target, e.move, e.quantity) == ("RUS", "EST", "expel_personnel", 3)
        for e in found
    )


def test_threat_aimed_at_the_subject_of_the_consequences():
    event = one(
        "Moroccan Foreign Minister Nasser Bourita warned that Spain would have to bear the consequences.",
        move="threaten",
    )
    assert (event.source, event.target, event.status) == ("MAR", "ESP", "threatened")


def test_demanded_cut_is_announced_against_the_demanded():
    event = one(
        "Moscow demanded that Bulgaria bring the number of staff at its embassy down to the level of Russia's mission."
    )
    assert (event.source, event.target, event.move, event.status) == (
        "RUS",
        "BGR",
        "cap_personnel",
        "announced",
    )


@pytest.mark.parametrize(
    ("text", "source", "target", "move"),
    [
        ("Tehran called in the British ambassador to protest.", "IRN", "GBR", "summon_envoy"),
        ("India asked Canada to withdraw 41 diplomats.", "IND", "CAN", "expel_personnel"),
        (
            "The United States slapped visa restrictions on Chinese officials.",
            "USA",
            "CHN",
            "restrict_travel",
        ),
        ("Washington revoked the visas of 12 Chinese officials.", "USA", "CHN", "restrict_travel"),
        (
            "Russia declared the German ambassador persona non grata.",
            "RUS",
            "DEU",
            "expel_personnel",
        ),
        (
            "The Kremlin retaliated by expelling five Swedish diplomats.",
            "RUS",
            "SWE",
            "expel_personnel",
        ),
        (
            "Dozens of Chinese diplomats were kicked out of Lithuania.",
            "LTU",
            "CHN",
            "expel_personnel",
        ),
        (
            "Israel recalled its ambassador from Ankara for consultations.",
            "ISR",
            "TUR",
            "recall_ambassador",
        ),
        ("Kenya sent the Somali envoy home.", "KEN", "SOM", "expel_personnel"),
        (
            "Maria Zakharova warned that any further hostile steps by Tallinn would meet a firm response.",
            "RUS",
            "EST",
            "threaten",
        ),
    ],
)
def test_more_phrasings(text, source, target, move):
    event = one(text, move=move)
    assert (event.source, event.target) == (source, target)


def test_detaining_a_foreign_national_is_a_hostile_act():
    event = one(
        "An employee of the Japanese drugmaker Astellas Pharma was detained in Beijing on suspicion of espionage."
    )
    assert (event.source, event.target, event.move) == ("CHN", "JPN", "hostile_act")


def test_domestic_arrest_is_no_event():
    assert events("Police arrested three men in Berlin.") == []


def test_expressed_concern_accuses_the_state_named():
    event = one(
        "Canada said it was gravely concerned about a new wave of arrests of activists in Saudi Arabia."
    )
    assert (event.source, event.target, event.move) == ("CAN", "SAU", "accuse")


def test_refusing_to_retaliate_by_a_move_denies_that_move():
    event = one(
        "Joly said Canada would not retaliate by expelling Indian diplomats.",
        move="expel_personnel",
    )
    assert (event.source, event.target, event.status) == ("CAN", "IND", "denied")


def test_sanction_count_comes_from_the_targets():
    event = one("The US announced sanctions against 24 Russian individuals and entities.")
    assert (event.quantity, event.unit) == (24, "entities")


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Irish premier Simon Harris said the Israeli move was a regrettable step.", "IRL", "ISR"),
        (
            "China's foreign ministry said Japan's discharge of contaminated water is deeply irresponsible.",
            "CHN",
            "JPN",
        ),
    ],
)
def test_condemning_a_states_act_accuses_it(text, source, target):
    event = one(text, move="accuse")
    assert (event.source, event.target) == (source, target)


def test_condemning_the_weather_is_no_event():
    assert events("The minister said the weather was dangerous.") == []


def test_involvement_in_an_attack_is_a_hostile_act():
    text = "Babis said officers of Russia's GRU military intelligence agency were involved in the 2014 blasts at a depot in the Czech Republic."
    event = one(text, move="hostile_act")
    assert (event.source, event.target, event.date) == ("RUS", "CZE", "2014")


def test_involvement_in_talks_is_no_event():
    assert events("The minister was involved in the talks.") == []


def test_urging_dialogue_is_an_appeal():
    event = one("Kenya urged Mogadishu to settle the differences through dialogue.")
    assert (event.source, event.target, event.move) == ("KEN", "SOM", "appeal")


def test_a_relative_clause_accusation_describes_and_reports_nothing():
    found = events(
        "Poland will expel forty-five Russian diplomats whom it accuses of working for Russian intelligence."
    )
    assert [(e.move, e.quantity, e.status) for e in found] == [("expel_personnel", 45, "announced")]


def test_expulsions_by_several_states_are_one_event_each():
    found = events(
        "Germany expelled 40 Russian diplomats. The expulsions by France, Germany and Italy were condemned by the Kremlin."
    )
    expel = sorted((e.source, e.target) for e in found if e.move == "expel_personnel")
    assert expel == [("DEU", "RUS"), ("FRA", "RUS"), ("ITA", "RUS")]


def test_retaliation_for_a_closure_links_the_two_closures():
    text = "China ordered the closure of the US consulate in Chengdu on Friday in retaliation for the closure of its Houston consulate."
    found = {(e.source, e.target): e for e in events(text)}
    assert found[("CHN", "USA")].responds_to == (found[("USA", "CHN")].id,)


def test_an_order_given_is_the_orderers_act():
    event = one("The State Department ordered China to close its consulate in Houston.")
    assert (event.source, event.target, event.status, event.quantity) == (
        "USA",
        "CHN",
        "occurred",
        1,
    )


def test_hours_given_to_close_make_the_closure_announced():
    event = one("The State Department gave China 72 hours to close its consulate in Houston.")
    assert (event.source, event.target, event.status) == ("USA", "CHN", "announced")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Lavrov and Blinken met in Geneva on Thursday.", ("RUS", "USA")),
        (
            "Chinese Foreign Minister Wang Yi met his Australian counterpart in Beijing.",
            ("CHN", "AUS"),
        ),
    ],
)
def test_meetings_between_states_are_negotiations(text, pair):
    event = one(text, move="negotiate")
    assert (event.source, event.target) == pair


def test_meeting_supporters_is_no_event():
    assert events("Putin met supporters in Moscow.") == []
