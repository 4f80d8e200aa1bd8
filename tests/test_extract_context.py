"""The extractor on short texts where the answer needs context or coordination:
people introduced once by title, object pronouns, several actors or targets in one
clause, 'followed suit', and phrasings that name the actor indirectly. Our own
sentences, about many pairs of states."""

from parity.api import extract_text

PUB = "2019-07-10"  # a Wednesday


def triples(text, published=PUB):
    return {(e.source, e.target, e.move) for e in extract_text(text, published=published)}


def test_a_titled_envoy_named_later_by_surname_is_the_target():
    text = (
        "Kinshasa expelled Rwanda's ambassador, Vincent Karega, on Saturday. "
        "In May, Kinshasa had summoned Karega to protest."
    )
    assert ("COD", "RWA", "summon_envoy") in triples(text)


def test_a_bare_minister_title_takes_the_state_the_story_was_just_about():
    text = (
        "MOGADISHU — Somalia broke off relations with Kenya on Tuesday.\n\n"
        "Information Minister Osman Dubbe warned that further measures would follow."
    )
    found = extract_text(text, published="2020-12-15")
    threat = [e for e in found if e.move == "threaten"]
    assert [(e.source, e.target) for e in threat] == [("SOM", "KEN")]


def test_an_object_pronoun_is_the_nearest_foreign_person():
    text = (
        "China's ambassador to Australia, Cheng Jingye, warned of a consumer boycott. "
        "Canberra accused him of threatening economic coercion."
    )
    assert ("AUS", "CHN", "accuse") in triples(text)


def test_sent_the_envoy_home_is_an_expulsion_and_own_staff_withdrawn_a_recall():
    found = triples(
        "Nairobi recalled its ambassador from Mogadishu and sent the Somali envoy home. "
        "Caracas was withdrawing its own diplomatic staff from Buenos Aires."
    )
    assert ("KEN", "SOM", "expel_personnel") in found
    assert ("VEN", "ARG", "recall_ambassador") in found


def test_region_words_are_not_the_united_states():
    found = triples(
        "Venezuela ordered diplomats from Argentina and six other Latin American "
        "countries to leave within 72 hours."
    )
    assert ("VEN", "ARG", "expel_personnel") in found
    assert not any(target == "USA" for _, target, _ in found)


def test_each_other_gives_both_directions():
    found = triples("Israel and Turkey expelled each other's senior diplomats on Tuesday.")
    assert {("ISR", "TUR", "expel_personnel"), ("TUR", "ISR", "expel_personnel")} <= found


def test_coordinated_targets_give_one_event_each():
    found = triples("Turkey on Monday recalled its ambassadors to Israel and to the United States.")
    assert {("TUR", "ISR", "recall_ambassador"), ("TUR", "USA", "recall_ambassador")} == found


def test_the_noun_that_describes_the_verb_is_no_second_event():
    found = extract_text(
        "Slovakia orders 35 Russian diplomats out in largest expulsion in its history"
    )
    assert [(e.source, e.target, e.quantity) for e in found] == [("SVK", "RUS", 35)]


def test_with_states_each_ordering_out():
    found = extract_text(
        "Britain expelled 23 Russian diplomats last week. "
        "Fourteen EU states said they would expel Russian diplomats, with Germany, "
        "France and Poland each ordering out four.",
        published="2018-03-26",
    )
    fours = {e.source for e in found if e.quantity == 4 and e.target == "RUS"}
    assert fours == {"DEU", "FRA", "POL"}


def test_working_for_a_foreign_intelligence_service():
    found = triples(
        "Warsaw said the 45 were working for Russian intelligence under diplomatic cover."
    )
    assert ("RUS", "POL", "hostile_act") in found
    assert not triples("She has worked for a French news agency since 2010.")


def test_storming_an_embassy_is_the_host_states_act():
    assert triples("Protesters stormed the Saudi embassy in Tehran and set it on fire.") == {
        ("IRN", "SAU", "hostile_act")
    }


def test_prompted_x_to_expel_makes_x_the_actor():
    found = extract_text("Hanssen's arrest prompted Washington to expel 50 Russian diplomats.")
    assert [(e.source, e.target, e.quantity) for e in found] == [("USA", "RUS", 50)]


def test_us_is_a_name_not_a_pronoun():
    assert triples("The US halted all non-immigrant visa services in Turkey.") == {
        ("USA", "TUR", "restrict_travel")
    }


def test_sporting_ties_are_no_diplomatic_break():
    assert not triples("India and Pakistan froze sporting ties long ago.")
    assert triples("Latvia said it would downgrade relations with Russia.") == {
        ("LVA", "RUS", "sever_relations")
    }


def test_followed_suit_repeats_the_last_move_for_the_new_actors():
    found = extract_text(
        "Saudi Arabia cut diplomatic ties with Iran on Sunday. Bahrain and Sudan followed suit "
        "on Monday.",
        published="2016-01-05",
    )
    assert [(e.source, e.target, e.move, e.date) for e in found] == [
        ("SAU", "IRN", "sever_relations", "2016-01-03"),
        ("BHR", "IRN", "sever_relations", "2016-01-04"),
        ("SDN", "IRN", "sever_relations", "2016-01-04"),
    ]


def test_no_plans_to_retaliate_with_tariffs_is_a_denied_sanction():
    found = extract_text(
        "China imposed tariffs on Australian barley. Canberra had no plans to retaliate "
        "with tariffs of its own.",
        published="2020-05-19",
    )
    denied = [(e.source, e.target, e.move) for e in found if e.status == "denied"]
    assert denied == [("AUS", "CHN", "impose_sanctions")]


def test_not_looking_to_escalate_is_an_appeal():
    found = extract_text(
        "India expelled a Canadian diplomat. Trudeau said Canada was not looking to provoke "
        "or escalate.",
        published="2023-09-19",
    )
    appeals = [(e.source, e.target, e.status) for e in found if e.move == "appeal"]
    assert appeals == [("CAN", "IND", "occurred")]


def test_white_list_removal_and_export_controls_are_sanctions():
    assert triples("Seoul removed Japan from its white list of trusted trading partners.") == {
        ("KOR", "JPN", "impose_sanctions")
    }
    assert triples(
        "Japan tightened export controls on three chemicals used by South Korean chipmakers."
    ) == {("JPN", "KOR", "impose_sanctions")}


def test_brussels_is_belgium_in_a_text_about_belgium():
    found = triples(
        "Rwanda cut ties with Belgium on Monday. Last month, Rwanda suspended its development "
        "cooperation with Belgium, accusing Brussels of running an aggressive campaign."
    )
    assert ("RWA", "BEL", "accuse") in found
    assert not any("EUR" in (s, t) for s, t, _ in found)


def test_each_side_summoned_the_others_ambassador():
    found = extract_text(
        "Algeria and Mali have quarrelled for years. In December 2023, each side summoned "
        "the other’s ambassador.",
        published="2025-04-08",
    )
    assert {(e.source, e.target, e.move, e.date) for e in found} == {
        ("DZA", "MLI", "summon_envoy", "2023-12"),
        ("MLI", "DZA", "summon_envoy", "2023-12"),
    }


def test_ordered_closed_read_as_an_adjective_is_still_a_closure_by_the_host():
    found = extract_text(
        "Rwanda cut ties with Belgium on Monday. Belgium's embassy in Kigali was ordered closed.",
        published="2025-03-18",
    )
    closures = [(e.source, e.target, e.quantity) for e in found if e.move == "close_facility"]
    assert closures == [("RWA", "BEL", 1)]


def test_the_charge_is_not_the_accused():
    found = triples(
        "Belgium recalled its ambassador from Kigali. "
        "Kigali accuses its former colonial ruler of siding with Congo."
    )
    assert ("RWA", "BEL", "accuse") in found
    assert not any(t == "COD" for _, t, _ in found)


def test_calling_a_blocs_sanctions_unjustified_accuses_the_bloc():
    assert ("RWA", "EUR", "accuse") in triples("Rwanda called the EU sanctions unjustified.")


def test_travel_restrictions_in_other_words():
    assert triples(
        "Pyongyang announced that Malaysians in North Korea would not be allowed to leave."
    ) == {("PRK", "MYS", "restrict_travel")}
    assert triples("Moscow stopped issuing visas to Georgian citizens.") == {
        ("RUS", "GEO", "restrict_travel")
    }
    assert triples("Russia suspended all air, rail, road, sea and postal links with Georgia.") == {
        ("RUS", "GEO", "restrict_travel")
    }


def test_ending_a_privilege_restricts_it_reverses_nothing():
    found = extract_text("Last week Malaysia scrapped visa-free entry for North Koreans.")
    assert [(e.source, e.target, e.move) for e in found] == [("MYS", "PRK", "restrict_travel")]


def test_calling_on_a_state_to_refrain_is_an_appeal_not_an_accusation():
    found = triples(
        "The Ministry of Foreign Affairs of Albania calls on Iran to refrain from any hostile act."
    )
    assert found == {("ALB", "IRN", "appeal")}
    assert ("RUS", "USA", "accuse") in triples(
        "Washington expelled 35 Russians. Putin dismissed as nonsense on the eve of a vote "
        "the idea that Russia had meddled."
    )


def test_a_terrorist_designation_is_a_sanction_both_ways():
    found = extract_text(
        "The United States on Monday designated Iran's Islamic Revolutionary Guard Corps a "
        "foreign terrorist organisation, and Iran retaliated by declaring the US military's "
        "Central Command a terrorist group.",
        published="2019-04-08",
    )
    pairs = {(e.source, e.target) for e in found if e.move == "impose_sanctions"}
    assert pairs == {("USA", "IRN"), ("IRN", "USA")}


def test_title_case_headlines_are_read_and_quoted_as_written():
    text = (
        "Russia Expels 23 British Diplomats in Retaliation for Skripal Sanctions\n\n"
        "MOSCOW - The foreign ministry gave the diplomats a week to leave."
    )
    found = extract_text(text, published="2018-03-17")
    head = [e for e in found if e.quantity == 23]
    assert [(e.source, e.target, e.move) for e in head] == [("RUS", "GBR", "expel_personnel")]
    ev = head[0].evidence
    assert ev.text == text[ev.start : ev.end]
    assert ev.text.startswith("Russia Expels 23 British Diplomats")


def test_sentence_case_keeps_length_names_and_ordinary_lines():
    from parity.extract.headlines import is_title_case, sentence_case

    line = "Poland to Expel 45 Russian Diplomats Suspected of Spying in March\n"
    out = sentence_case(line + "An ordinary Sentence with Some Capitals stays as it is.\n")
    assert len(out) == len(line) + len("An ordinary Sentence with Some Capitals stays as it is.\n")
    assert out.startswith("Poland to expel 45 Russian diplomats suspected of spying in March\n")
    assert out.endswith("An ordinary Sentence with Some Capitals stays as it is.\n")
    assert not is_title_case("NATO")
    assert not is_title_case("The Kremlin Said It Would Respond.")


def test_a_conjoined_noun_after_a_possessive_is_no_second_target():
    found = triples(
        "Congress passed sanctions legislation that punished Russia's invasion of Ukraine "
        "and partnership with Iran."
    )
    assert not any(t == "IRN" for _, t, _ in found)


def test_blame_in_other_words():
    assert triples("Britain said Russia was behind the attack.") == {("GBR", "RUS", "accuse")}
    found = triples("London held Moscow responsible for the poisoning.")
    assert found == {("GBR", "RUS", "accuse"), ("RUS", "GBR", "hostile_act")}
    assert triples("Australia has barred two Chinese scholars from entering the country.") == {
        ("AUS", "CHN", "restrict_travel")
    }


def test_its_diplomats_after_naming_the_other_state_are_the_other_states():
    found = triples(
        "In November Bolivia broke off relations with Venezuela and expelled most of its diplomats."
    )
    assert found == {("BOL", "VEN", "sever_relations"), ("BOL", "VEN", "expel_personnel")}


def test_negative_subjects_and_no_intention_deny_the_move():
    found = extract_text(
        "Najib has said Malaysia has no intention of severing ties with North Korea."
    )
    assert [(e.source, e.target, e.move, e.status) for e in found] == [
        ("MYS", "PRK", "sever_relations", "denied")
    ]
    found = extract_text(
        "Russia expelled eight Japanese diplomats. Japan had no plans to respond with further "
        "expulsions for now."
    )
    assert ("JPN", "RUS", "expel_personnel", "denied") in {
        (e.source, e.target, e.move, e.status) for e in found
    }
    found = extract_text(
        "Malaysia and North Korea are quarrelling, but neither side seems ready to break off relations with the other."
    )
    assert all(e.status == "denied" for e in found if e.move == "sever_relations")


def test_an_unanswered_whether_is_no_event():
    assert not triples("Algeria did not say whether it would retaliate against France.")
    found = extract_text("Britain is considering whether to expel more Russian diplomats.")
    assert [(e.move, e.status) for e in found] == [("expel_personnel", "considered")]


def test_a_fronted_time_phrase_dates_the_rest_of_its_paragraph():
    text = (
        "In February 2019, it was Kenya's turn. Nairobi recalled its ambassador from "
        "Mogadishu and sent the Somali envoy home.\n\nSomalia expelled Kenya's envoy."
    )
    found = extract_text(text, published="2020-12-15")
    dates = {(e.source, e.move): e.date for e in found}
    assert dates[("KEN", "recall_ambassador")] == "2019-02"
    assert dates[("SOM", "expel_personnel")] == "2020-12-15"
    found = extract_text(
        "Russia had informed Berlin in April, officials said. Moscow capped German staff at 350.",
        published="2023-05-31",
    )
    assert [e.date for e in found if e.move == "cap_personnel"] == ["2023-05-31"]


def test_a_headline_act_beside_a_vow_is_a_fact_and_the_spying_is_the_expelled_sides():
    found = extract_text(
        "Sweden expels three Russian diplomats over spying, Moscow vows to respond",
        published="2022-02-08",
    )
    got = {(e.source, e.target, e.move, e.status) for e in found}
    assert ("SWE", "RUS", "expel_personnel", "occurred") in got
    assert ("RUS", "SWE", "hostile_act", "occurred") in got
    assert ("RUS", "SWE", "threaten", "threatened") in got


def test_a_duty_is_a_tariff_only_as_a_trade_duty():
    assert not triples(
        "China expelled a British diplomat. The consul general said he had pulled the "
        "protester's hair because it was his duty."
    ) & {("CHN", "GBR", "impose_sanctions"), ("GBR", "CHN", "impose_sanctions")}
    assert ("CHN", "AUS", "impose_sanctions") in triples(
        "China imposed anti-dumping duties on Australian barley."
    )


def test_background_year_events_stay_apart_from_an_undated_lead():
    found = extract_text(
        "Bulgaria ordered 70 Russian diplomats to leave the country.\n\n"
        "In 2021, Sofia expelled several Russian diplomats.",
        published=None,
    )
    expulsions = {(e.quantity, e.date) for e in found if e.move == "expel_personnel"}
    assert expulsions == {(None, "2021"), (70, None)}


def test_a_reference_with_parties_only_from_context_never_stands_alone():
    found = extract_text(
        "In 2021, Moscow expelled two Bulgarian diplomats.\n\nSupporters of a nationalist "
        "party gathered on Tuesday to protest against the expulsions.",
        published=None,
    )
    assert [(e.source, e.target, e.move) for e in found] == [("RUS", "BGR", "expel_personnel")]


def test_talks_with_a_partner_are_a_negotiation():
    found = extract_text(
        "French Foreign Minister Jean-Noel Barrot was in Algiers on Sunday for talks with "
        "President Abdelmadjid Tebboune.",
        published="2025-04-08",
    )
    assert [(e.source, e.target, e.move, e.date) for e in found] == [
        ("FRA", "DZA", "negotiate", "2025-04-06")
    ]


def test_a_relative_clause_that_condemns_the_move_is_an_accusation():
    found = triples(
        "France expelled twelve Algerian officials on Monday, a move which Algiers called "
        "unacceptable."
    )
    assert ("DZA", "FRA", "accuse") in found


def test_attributing_an_attack_accuses_and_names_its_actor():
    found = triples(
        "Albania cut ties with Iran. Britain and the United States joined Albania in "
        "attributing the cyber attack to Iran."
    )
    assert {("GBR", "IRN", "accuse"), ("USA", "IRN", "accuse")} <= found
    assert any(s == "IRN" and m == "hostile_act" for s, _, m in found)


def test_alleged_and_charged_acts_are_claims_not_reports():
    found = triples(
        "Canada expelled a Chinese diplomat over an alleged plot to intimidate a lawmaker."
    )
    assert found == {("CAN", "CHN", "expel_personnel")}
    found = extract_text(
        "China later detained two Canadians, Michael Kovrig and Michael Spavor, on spying charges."
    )
    assert [(e.source, e.target, e.move) for e in found] == [("CHN", "CAN", "hostile_act")]


def test_saying_a_state_breached_norms_accuses_it():
    found = extract_text(
        "Estonia on Monday told Russia's ambassador to leave the country by Feb. 7, saying "
        "Moscow had breached diplomatic norms.",
        published="2023-01-23",
    )
    assert ("EST", "RUS", "accuse") in {(e.source, e.target, e.move) for e in found}
    assert not triples("Russia violated the ceasefire on Tuesday.")


def test_expelling_athletes_or_migrants_is_no_diplomatic_move():
    assert not triples(
        "Ethiopia's athletics federation said it had expelled two runners from its national team."
    )
    assert not triples("Spain expelled the migrants back to Morocco.")
    assert triples("Ethiopia expelled seven UN officials.") == {("ETH", "UNO", "expel_personnel")}


def test_the_state_weighing_a_measure_is_its_actor():
    found = extract_text(
        "The State Duma is weighing a ban on money transfers from Russia to Georgia."
    )
    assert [(e.source, e.target, e.move, e.status) for e in found] == [
        ("RUS", "GEO", "impose_sanctions", "considered")
    ]


def test_the_first_body_sentence_decides_between_occurred_and_announced():
    text = (
        "Chad expels German ambassador\n\n"
        "N'DJAMENA, April 8 (Wire) - Chad's government has given Germany's ambassador 48 hours "
        "to leave the country, a spokesman said on Saturday."
    )
    found = [e for e in extract_text(text, published="2023-04-08") if e.move == "expel_personnel"]
    assert [(e.source, e.target, e.status) for e in found] == [("TCD", "DEU", "announced")]


def test_military_acts_between_states_are_hostile_acts():
    assert triples("Pakistan shot down an Indian jet the following day.") == {
        ("PAK", "IND", "hostile_act")
    }
    assert triples("Israel struck Iranian military bases on Saturday.") == {
        ("ISR", "IRN", "hostile_act")
    }
    assert not triples("The ball struck the post and Brazil lost to Argentina.")


def test_a_headline_accusation_is_the_same_statement_as_the_bodys():
    text = (
        "Beijing calls the move an unprecedented escalation\n\n"
        "BEIJING — The United States has ordered China to shut its consulate general in "
        "Houston. " + "The order came without warning, officials said. " * 8 + "Foreign ministry "
        "spokesman Wang Wenbin called the decision outrageous and unjustified."
    )
    found = [e for e in extract_text(text, published="2020-07-22") if e.move == "accuse"]
    assert [(e.source, e.target) for e in found] == [("CHN", "USA")]


def test_an_act_promised_on_a_condition_is_threatened():
    found = extract_text("If Moscow expels our diplomats, Estonia will expel Russia's ambassador.")
    assert [(e.source, e.target, e.status) for e in found if e.move == "expel_personnel"] == [
        ("EST", "RUS", "threatened")
    ]
    found = extract_text("Russia will expel 20 Czech diplomats.")
    assert [e.status for e in found] == ["announced"]


def test_naming_something_an_interference_is_no_new_hostile_act():
    found = triples(
        'The Czech senate speaker visited Taiwan. "This is a flagrant violation of the one-China '
        "principle and a gross interference in China's internal affairs,\" Wang Yi said."
    )
    assert not any(m == "hostile_act" for _, _, m in found)


def test_a_decision_said_to_undermine_sovereignty_accuses_its_maker():
    found = triples(
        "Lithuania recalled its ambassador from Beijing. China said the decision seriously "
        "undermined its sovereignty and territorial integrity."
    )
    assert ("CHN", "LTU", "accuse") in found


def test_a_conjoined_said_keeps_the_first_verbs_speaker():
    found = triples(
        "Spain let the Polisario leader in for treatment. Morocco summoned the Spanish "
        "ambassador and said the decision was at odds with the spirit of partnership."
    )
    assert {("MAR", "ESP", "summon_envoy"), ("MAR", "ESP", "accuse")} <= found


def test_a_known_persons_surname_keeps_their_state_and_questions_name_no_speaker():
    found = extract_text(
        "Foreign Minister Ivan Korcok said Slovakia would expel 35 Russian diplomats.\n\n"
        "Korcok said the government was not considering cutting diplomatic relations with Russia."
    )
    assert ("SVK", "RUS", "sever_relations", "denied") in {
        (e.source, e.target, e.move, e.status) for e in found
    }
    found = extract_text(
        "Foreign Ministry spokesperson Zhao Lijian said on Monday that the visit was a "
        "provocation.\n\n"
        "Q: Czech Foreign Minister Tomas Petricek said he summoned the Chinese ambassador.\n\n"
        "A: The Czech senate speaker went to Taiwan. The Chinese government will make him pay "
        "a heavy price."
    )
    threats = {(e.source, e.target) for e in found if e.move == "threaten"}
    assert threats == {("CHN", "CZE")}


def test_a_response_promised_with_a_concrete_move_is_threatened_and_dated():
    found = extract_text(
        "Russia will respond with the expulsion of British diplomats.", published="2022-06-28"
    )
    assert ("RUS", "GBR", "expel_personnel", "threatened") in {
        (e.source, e.target, e.move, e.status) for e in found
    }
    found = extract_text(
        "Russia responded on Friday with the expulsion of 23 British diplomats.",
        published="2022-06-28",
    )
    assert [(e.status, e.quantity, e.date) for e in found] == [("occurred", 23, "2022-06-24")]


def test_the_month_may_in_a_date_is_no_modal():
    found = extract_text(
        "In May, Kinshasa summoned the Rwandan ambassador.", published="2024-06-10"
    )
    assert [(e.move, e.date) for e in found] == [("summon_envoy", "2024-05")]


def test_diplomats_given_hours_to_leave_in_the_passive_are_expelled():
    found = extract_text(
        "Rwanda cut ties with Belgium on Monday. Belgian diplomats were given 48 hours to "
        "leave the country.",
        published="2025-03-17",
    )
    assert ("RWA", "BEL", "expel_personnel", "announced") in {
        (e.source, e.target, e.move, e.status) for e in found
    }
    assert not extract_text("The students were given two hours to leave the building.")


def test_they_after_a_list_of_speakers_is_every_state_in_the_list():
    found = extract_text(
        "Mali, Burkina Faso and Niger said on Sunday that they were recalling their "
        "ambassadors to Algeria for consultations."
    )
    assert {(e.source, e.target, e.move) for e in found} == {
        ("MLI", "DZA", "recall_ambassador"),
        ("BFA", "DZA", "recall_ambassador"),
        ("NER", "DZA", "recall_ambassador"),
    }
    found = extract_text("France, a close ally of Germany, expelled two Russian diplomats.")
    assert [(e.source, e.target) for e in found] == [("FRA", "RUS")]


def test_a_staff_cut_from_one_figure_to_another_caps_at_the_second_and_by_a_date_is_no_agent():
    found = extract_text(
        "New Delhi expelled three Pakistani advisers and said the strength of the Pakistani "
        "High Commission would be cut from 55 to 30 by May 1.",
        published="2025-04-24",
    )
    caps = [(e.source, e.target, e.quantity, e.status) for e in found if e.move == "cap_personnel"]
    assert caps == [("IND", "PAK", 30, "announced")]


def test_a_bare_act_noun_points_back_to_the_latest_act_of_its_kind():
    found = extract_text(
        "Protesters stormed the Swedish embassy in Baghdad. Iraq expelled Sweden's ambassador. "
        "Morocco recalled its ambassador to Sweden. "
        "The European Union condemned the attack.",
        published="2023-07-20",
    )
    assert ("EUR", "IRQ", "accuse") in {(e.source, e.target, e.move) for e in found}
    found = extract_text(
        "Ethiopia declared seven United Nations officials persona non grata. "
        "The United Nations accused Ethiopia of blocking aid. "
        "The White House condemned the decision.",
        published="2021-10-01",
    )
    assert ("USA", "ETH", "accuse") in {(e.source, e.target, e.move) for e in found}


def test_not_hesitating_is_a_threat_and_not_excluding_is_considering():
    def status(text):
        return [(e.move, e.status) for e in extract_text(text)]

    assert status("Moscow would not hesitate to close the British consulate.") == [
        ("close_facility", "threatened")
    ]
    assert status("Moscow would not exclude closing the British consulate.") == [
        ("close_facility", "considered")
    ]
    assert status("Moscow excluded closing the British consulate.") == [
        ("close_facility", "denied")
    ]
    assert status("The EU slapped sanctions on Belarus.") == [("impose_sanctions", "occurred")]


def test_treating_an_act_as_an_act_of_war_is_a_threat():
    found = extract_text(
        "India suspended the water treaty. Pakistan said any attempt to divert the river "
        "will be treated as an act of war."
    )
    assert ("PAK", "IND", "threaten", "threatened") in {
        (e.source, e.target, e.move, e.status) for e in found
    }


def test_an_unresolved_recent_time_and_a_bare_year_are_two_acts():
    found = extract_text(
        "Slovakia ordered 35 Russian diplomats to leave. Earlier this month Bratislava had "
        "already expelled three Russian diplomats. In 2021 the country sent home three "
        "Russian embassy employees in solidarity with the Czech Republic.",
        published=None,
    )
    threes = sorted(
        (e.date or "") for e in found if e.move == "expel_personnel" and e.quantity == 3
    )
    assert threes == ["", "2021"]


def test_a_clause_joined_to_an_act_acts_against_the_same_state():
    found = extract_text(
        "Bolivia broke off diplomatic relations with Israel, while Chile and Colombia recalled "
        "their ambassadors for consultations."
    )
    recalls = {(e.source, e.target) for e in found if e.move == "recall_ambassador"}
    assert recalls == {("CHL", "ISR"), ("COL", "ISR")}


def test_a_recall_is_from_the_post_not_from_the_grievance():
    found = extract_text(
        "Lithuania recalled its ambassador to China, weeks after Beijing withdrew its own envoy "
        "from Vilnius in protest at plans for a Taiwanese office."
    )
    recalls = {(e.source, e.target) for e in found if e.move == "recall_ambassador"}
    assert recalls == {("LTU", "CHN"), ("CHN", "LTU")}


def test_regret_accuses_and_restored_relations_is_a_reversal_both_ways():
    found = extract_text("Israel's foreign ministry said it regretted the Jordanian decision.")
    assert [(e.source, e.target, e.move) for e in found] == [("ISR", "JOR", "accuse")]
    found = extract_text(
        "Colombia and Venezuela restored diplomatic relations on Monday.", published="2022-08-30"
    )
    assert {(e.source, e.target, e.move, e.date) for e in found} == {
        ("COL", "VEN", "reverse", "2022-08-29"),
        ("VEN", "COL", "reverse", "2022-08-29"),
    }


def test_two_states_breaking_off_relations_break_with_each_other_in_the_stated_year():
    found = extract_text("Iran and Saudi Arabia broke off relations in 2016.")
    assert {(e.source, e.target, e.move, e.date) for e in found} == {
        ("IRN", "SAU", "sever_relations", "2016"),
        ("SAU", "IRN", "sever_relations", "2016"),
    }


def test_neither_government_is_both_parties_and_denies_the_move():
    found = extract_text(
        "Niger closed its border with Benin. Neither government has broken off diplomatic "
        "relations."
    )
    assert {(e.source, e.target, e.move, e.status) for e in found} == {
        ("NER", "BEN", "sever_relations", "denied"),
        ("BEN", "NER", "sever_relations", "denied"),
    }


def test_willing_or_ready_to_act_is_considered_and_not_willing_is_denied():
    def status(text):
        return [(e.move, e.status) for e in extract_text(text)]

    assert status("Germany is willing to expel Russian diplomats.") == [
        ("expel_personnel", "considered")
    ]
    assert status("Germany is not willing to expel Russian diplomats.") == [
        ("expel_personnel", "denied")
    ]


def test_diplomats_given_hours_to_leave_as_a_relative_clause_are_expelled():
    found = extract_text(
        "Venezuela gave Colombian diplomats and consular staff 24 hours to leave Venezuela."
    )
    assert [(e.source, e.target, e.move, e.status) for e in found] == [
        ("VEN", "COL", "expel_personnel", "announced")
    ]


def test_a_date_inside_a_misparsed_persona_non_grata_phrase_dates_the_expulsion():
    found = extract_text(
        "Finland declared the nine Russians persona non grata on June 6.", published="2023-07-06"
    )
    assert [(e.move, e.quantity, e.date) for e in found] == [("expel_personnel", 9, "2023-06-06")]


def test_a_name_beside_an_envoy_title_is_a_person_even_when_tagged_as_an_organisation():
    found = extract_text(
        "Ireland expelled four Russian diplomats. Belgium expelled 21 and the Netherlands 17. "
        "The Russian ambassador, Yury Filatov, will not be among those expelled.\n\n"
        'Filatov called the decision "unjustified and hostile".'
    )
    accusations = {(e.source, e.target) for e in found if e.move == "accuse"}
    assert accusations == {("RUS", "IRL")}  # the decision against Russia by the dispute's party


def test_meeting_private_representatives_is_no_negotiation():
    assert not extract_text("Filatov met the fishermen's representatives.")
    found = extract_text("Lavrov met his Turkish counterpart on Monday.")
    assert [(e.source, e.target, e.move) for e in found] == [("RUS", "TUR", "negotiate")]


def test_stripping_an_envoy_of_accreditation_expels_and_firing_at_a_ship_is_hostile():
    found = extract_text("Ukraine stripped the Iranian ambassador of his accreditation.")
    assert [(e.source, e.target, e.move, e.quantity) for e in found] == [
        ("UKR", "IRN", "expel_personnel", 1)
    ]
    found = extract_text("Russian jets fired warning shots at a British destroyer.")
    assert [(e.source, e.target, e.move) for e in found] == [("RUS", "GBR", "hostile_act")]
    assert not extract_text("The police fired rubber bullets at protesters.")


def test_a_nunciature_is_a_mission_that_can_be_closed():
    found = extract_text(
        "Nicaragua broke off relations with the Vatican. The apostolic nunciature, the Holy "
        "See's embassy in Managua, was ordered closed."
    )
    assert ("NIC", "VAT", "close_facility") in {(e.source, e.target, e.move) for e in found}


def test_diplomats_from_a_country_ordered_out_are_that_countrys():
    found = extract_text(
        "Chad expelled four Sudanese diplomats. Sudan said Chad was arming rebels. A week "
        "earlier Sudan's foreign ministry ordered 15 diplomats from the United Arab Emirates "
        "to leave within 48 hours."
    )
    assert ("SDN", "ARE", "expel_personnel", 15) in {
        (e.source, e.target, e.move, e.quantity) for e in found
    }


def test_urging_both_governments_appeals_to_each_party_and_unlisted_bodies_act_for_none():
    found = extract_text(
        "Chad expelled four Sudanese diplomats. Sudan said Chad was arming rebels. "
        "The United Nations urged both governments to exercise restraint."
    )
    appeals = {(e.source, e.target) for e in found if e.move == "appeal"}
    assert appeals == {("UNO", "TCD"), ("UNO", "SDN")}
    found = extract_text(
        "Mali expelled Algerian diplomats. The African Union urged both sides to show restraint."
    )
    assert [e.move for e in found] == ["expel_personnel"]


def test_reopening_border_crossings_reverses_and_a_comma_less_opening_month_dates_it():
    found = extract_text(
        "Niger closed the border in 2023. In March Benin reopened its crossings with Niger.",
        published="2024-06-10",
    )
    assert [(e.source, e.target, e.move, e.date) for e in found] == [
        ("BEN", "NER", "reverse", "2024-03")
    ]
    assert not extract_text("The company reopened its store.")


def test_a_bare_title_takes_the_state_of_the_clause_just_before_in_its_sentence():
    found = extract_text(
        "Beninese police arrested five Nigeriens at the terminal. Niamey demanded their "
        "release, and Prime Minister Ali Zeine said the border would stay shut. He warned that "
        'Benin would "bear full responsibility" if the pipeline closed.'
    )
    threats = {(e.source, e.target) for e in found if e.move == "threaten"}
    assert threats == {("NER", "BEN")}


def test_a_bare_home_title_in_a_wire_story_is_the_datelines_government():
    found = extract_text(
        "MADRID, May 19 (Wire) - Morocco recalled its ambassador to Spain on Tuesday.\n\n"
        "Foreign Minister Arancha Gonzalez Laya had summoned the Moroccan ambassador on "
        "Tuesday morning."
    )
    assert ("ESP", "MAR", "summon_envoy") in {(e.source, e.target, e.move) for e in found}


def test_a_threat_against_steps_by_a_state_targets_that_state():
    found = extract_text(
        "Estonia expelled the Russian ambassador. Latvia said it would downgrade relations "
        "with Russia. Maria Zakharova warned that any further hostile steps by Tallinn would "
        "meet a firm response."
    )
    threats = {(e.source, e.target) for e in found if e.move == "threaten"}
    assert threats == {("RUS", "EST")}


def test_a_name_beside_a_stateless_title_takes_the_state_of_that_title_named_before():
    found = extract_text(
        "Congo gives Rwanda's ambassador 48 hours to leave.\n\n"
        "The ambassador, Vincent Karega, was informed in the evening. The UN called for calm."
        "\n\nIn May, Kinshasa summoned Karega to protest.",
        published="2022-10-31",
    )
    summons = [(e.source, e.target, e.date) for e in found if e.move == "summon_envoy"]
    assert summons == [("COD", "RWA", "2022-05")]


def test_a_day_hung_on_the_purpose_phrase_dates_the_recall_and_hours_after_is_the_same_day():
    found = extract_text(
        "MADRID, May 19 (Wire) - Morocco recalled its ambassador to Spain for consultations on "
        "Tuesday, hours after Madrid summoned her to protest at the arrival of migrants.",
        published="2021-05-19",
    )
    got = {(e.source, e.target, e.move, e.date) for e in found}
    assert ("MAR", "ESP", "recall_ambassador", "2021-05-18") in got
    assert ("ESP", "MAR", "summon_envoy", "2021-05-18") in got


def test_calling_someone_names_is_no_summons():
    found = extract_text(
        "Trump praised the Russian leader's restraint and called him very smart.",
        published="2016-12-30",
    )
    assert "summon_envoy" not in {e.move for e in found}


def test_that_year_and_the_following_year_take_the_year_the_story_last_named():
    found = extract_text(
        "After a bombing in February 2019, India withdrew trade status from Pakistan.\n\n"
        "In August that year, Pakistan expelled India's high commissioner.\n\n"
        "The following year, India expelled two Pakistani diplomats.",
        published="2025-04-24",
    )
    expulsions = {(e.source, e.date) for e in found if e.move == "expel_personnel"}
    assert expulsions == {("PAK", "2019-08"), ("IND", "2020")}


def test_we_under_a_state_subject_is_that_state_and_expelling_with_time_to_leave_is_announced():
    found = extract_text(
        "Russia ordered the United States to cut its staff. “The United States hopes that we "
        "can avoid further retaliatory actions by both sides”, the statement said."
    )
    assert ("USA", "RUS", "appeal") in {(e.source, e.target, e.move) for e in found}
    found = extract_text("Slovakia expelled 35 Russian diplomats, giving them 72 hours to leave.")
    assert [(e.move, e.status) for e in found] == [("expel_personnel", "announced")]


def test_an_envoy_handed_a_protest_note_in_a_capital_is_protested_to_by_that_capital():
    found = extract_text(
        "The Dutch envoy was handed a protest note at the foreign ministry in Ankara."
    )
    assert [(e.source, e.target, e.move) for e in found] == [("TUR", "NLD", "accuse")]


def test_more_phrasings_of_bans_caps_and_mirrored_moves():
    found = extract_text("Ankara has banned Dutch diplomats from returning to Turkey.")
    assert [(e.source, e.target, e.move) for e in found] == [("TUR", "NLD", "restrict_travel")]
    found = extract_text(
        "Russia reduced the number of diplomats allowed at the US embassy in Moscow to 455."
    )
    assert [(e.move, e.quantity) for e in found] == [("cap_personnel", 455)]
    found = extract_text(
        "The Netherlands expelled two Russian diplomats. The Kremlin said it would mirror the move."
    )
    assert ("RUS", "NLD", "threaten", "threatened") in {
        (e.source, e.target, e.move, e.status) for e in found
    }


def test_stopping_short_of_a_move_denies_it():
    found = extract_text("Jordan stopped short of expelling the Israeli ambassador.")
    assert [(e.move, e.status) for e in found] == [("expel_personnel", "denied")]


def test_the_latest_country_to_act_is_the_copulas_subject():
    found = extract_text(
        "Israel's foreign ministry said that it regretted the Jordanian decision.\n\n"
        "Jordan is the latest country to downgrade its ties with Israel over the offensive."
    )
    assert ("JOR", "ISR", "sever_relations") in {(e.source, e.target, e.move) for e in found}


def test_a_mission_ordered_to_close_or_to_cease_its_activities_is_closed():
    found = extract_text(
        "Moscow expelled 23 British diplomats. The British consulate in St Petersburg was "
        "ordered to close."
    )
    assert ("RUS", "GBR", "close_facility") in {(e.source, e.target, e.move) for e in found}
    found = extract_text(
        "Moscow expelled 23 British diplomats. The British Council was ordered to cease all "
        "its activities in Russia."
    )
    assert ("RUS", "GBR", "close_facility") in {(e.source, e.target, e.move) for e in found}
    assert not extract_text("The company was ordered to cease its activities.")


def test_a_recalled_envoy_counts_one_and_recalled_staff_no_number():
    def recalls(text):
        return sorted(
            (e.target, e.quantity) for e in extract_text(text) if e.move == "recall_ambassador"
        )

    assert recalls("Turkey recalled its ambassadors to Israel and to the United States.") == [
        ("ISR", 1),
        ("USA", 1),
    ]
    assert recalls("Somalia recalled all of its diplomats from Nairobi.") == [("KEN", None)]


def test_an_envoy_told_not_to_return_is_expelled_as_announced():
    def got(text):
        return [(e.source, e.target, e.move, e.status) for e in extract_text(text)]

    assert got(
        "Turkey said it would not allow the Dutch ambassador, who is currently out of the "
        "country, to return to Ankara."
    ) == [("TUR", "NLD", "expel_personnel", "announced")]
    assert got("The Dutch ambassador would not be allowed to return to Ankara, Turkey said.") == [
        ("TUR", "NLD", "expel_personnel", "announced")
    ]
    # said without a negation it is the envoy going back: a reversal, no expulsion
    assert got("The Israeli ambassador will return to Amman next week.") == [
        ("ISR", "JOR", "reverse", "announced")
    ]
    assert not got("The ambassador did not return to Amman.")


def test_revoking_a_decision_or_lifting_a_ban_reverses_and_a_demand_to_lift_does_not():
    def got(text):
        return [(e.source, e.target, e.move, e.status) for e in extract_text(text)]

    assert ("SRB", "MNE", "reverse", "occurred") in got(
        "Serbia on Sunday revoked its decision to expel Montenegro's ambassador."
    )
    assert got("China lifted its ban on Japanese seafood imports.") == [
        ("CHN", "JPN", "reverse", "occurred")
    ]
    assert "reverse" not in {
        m for _, _, m, _ in got("He urged Washington to withdraw the decision.")
    }
    assert got("Russia banned Georgian wine and mineral water.") == [
        ("RUS", "GEO", "impose_sanctions", "occurred")
    ]
    assert not got("The company halted oil production.")


def test_ordering_a_consulate_to_close_and_its_staff_to_leave_is_two_moves():
    found = extract_text(
        "Moscow replied by ordering the Lithuanian consulate general in St Petersburg to close "
        "and its staff to leave."
    )
    assert {(e.source, e.target, e.move) for e in found} == {
        ("RUS", "LTU", "close_facility"),
        ("RUS", "LTU", "expel_personnel"),
    }


def test_killings_that_will_not_pass_without_a_response_and_a_cruel_punishment():
    found = extract_text(
        "Ethiopia killed Sudanese soldiers. The Sudanese army vowed that the killings will not "
        "pass without a response."
    )
    assert ("SDN", "ETH", "threaten") in {(e.source, e.target, e.move) for e in found}
    found = extract_text(
        "Indonesia executed a Dutch citizen. Dutch Foreign Minister Bert Koenders called the "
        "punishment cruel and inhumane."
    )
    assert ("NLD", "IDN", "accuse") in {(e.source, e.target, e.move) for e in found}


def test_a_complaint_taken_to_the_un_accuses_the_other_state_not_the_un():
    found = extract_text("Iran lodged a complaint with the UN against Israel.")
    assert [(e.source, e.target, e.move) for e in found] == [("IRN", "ISR", "accuse")]
    found = extract_text(
        "Lithuania halted freight to Kaliningrad. Vilnius said it had no intention of halting "
        "passenger trains to and from Russia's exclave."
    )
    assert ("LTU", "RUS", "restrict_travel", "denied") in {
        (e.source, e.target, e.move, e.status) for e in found
    }


def test_missiles_and_rockets_act_for_their_state_and_a_sanctions_package_has_an_owner():
    found = extract_text("Iranian missiles struck the northern Iraqi city of Erbil on Monday.")
    assert [(e.source, e.target, e.move) for e in found] == [("IRN", "IRQ", "hostile_act")]
    found = extract_text("Russian rockets hit a Ukrainian town.")
    assert [(e.source, e.target, e.move) for e in found] == [("RUS", "UKR", "hostile_act")]
    assert not extract_text("The storm hit the city.")
    found = extract_text(
        "The ban covers goods listed in the EU's fourth package of sanctions against Russia."
    )
    assert [(e.source, e.target, e.move) for e in found] == [("EUR", "RUS", "impose_sanctions")]


def test_later_that_month_and_the_following_month_take_the_month_last_named():
    found = extract_text(
        "In March 2022 Spain backed Morocco's plan. Later that month Algeria recalled its "
        "ambassador from Madrid. The following month, Algeria froze trade with Spain.",
        published="2022-12-20",
    )
    assert {(e.move, e.date) for e in found} == {
        ("recall_ambassador", "2022-03"),
        ("impose_sanctions", "2022-04"),
    }


def test_raising_tariffs_is_a_sanction_but_stepping_up_shipments_is_not():
    assert not extract_text("Russia has also stepped up shipments by sea to Kaliningrad.")
    found = extract_text("India raised duties on Pakistani goods to 200 percent.")
    assert [(e.source, e.target, e.move) for e in found] == [("IND", "PAK", "impose_sanctions")]


def test_denouncing_a_treaty_withdraws_from_it_and_accuses_no_one():
    found = extract_text(
        "Burkina Faso expelled French diplomats. In January the junta denounced a military "
        "agreement with Paris."
    )
    assert "accuse" not in {e.move for e in found}
    found = extract_text(
        "Burkina Faso expelled French diplomats. The junta denounced France's interference."
    )
    assert ("BFA", "FRA", "accuse") in {(e.source, e.target, e.move) for e in found}


def test_sending_an_envoy_or_issuing_a_statement_is_no_protest():
    assert not extract_text("Vietnam sent a special envoy to Beijing.")
    assert not extract_text("Japan issued a statement on China.")
    found = extract_text("China lodged a protest with Japan.")
    assert [(e.source, e.target, e.move) for e in found] == [("CHN", "JPN", "accuse")]


def test_barring_imports_and_restricting_the_issuing_of_visas_with_a_glued_opening_month():
    found = extract_text(
        "India barred imports of Bangladeshi garments through its land border crossings."
    )
    assert [(e.source, e.target, e.move) for e in found] == [("IND", "BGD", "impose_sanctions")]
    found = extract_text(
        "Last September Finland sharply restricted the issuing of tourist visas to Russian "
        "citizens.",
        published="2023-07-06",
    )
    assert [(e.source, e.target, e.move, e.date) for e in found] == [
        ("FIN", "RUS", "restrict_travel", "2022-09")
    ]


def test_not_considering_a_step_justified_accuses_its_maker():
    found = extract_text(
        "Morocco recalled its ambassador to Germany. Berlin was surprised by the step and did "
        "not consider it justified."
    )
    assert ("DEU", "MAR", "accuse") in {(e.source, e.target, e.move) for e in found}
    assert not extract_text("Berlin did not find it easy to respond.")


def test_taking_note_of_a_decision_with_regret_accuses():
    found = extract_text(
        "Nicaragua ordered the nunciature closed. The Holy See said it had taken note of the "
        "decision with regret."
    )
    assert ("VAT", "NIC", "accuse") in {(e.source, e.target, e.move) for e in found}
    assert not extract_text("The minister noted with satisfaction that trade grew.")


def test_all_options_on_the_table_is_the_speakers_threat():
    found = extract_text(
        'Denmark recalled its ambassador from Iran over the plot. "All options remain on the '
        'table," the Danish prime minister said.'
    )
    assert ("DNK", "IRN", "threaten", "threatened") in {
        (e.source, e.target, e.move, e.status) for e in found
    }
    assert not extract_text("The coach said all options remain on the table for the final.")


def test_speaking_with_a_leader_by_telephone_is_a_talk_and_with_reporters_is_not():
    found = extract_text(
        "Poland closed a border crossing with Belarus. Chancellor Angela Merkel spoke with "
        "Lukashenko by telephone for about 50 minutes on Monday.",
        published="2021-11-16",
    )
    assert ("DEU", "BLR", "negotiate", "2021-11-15") in {
        (e.source, e.target, e.move, e.date) for e in found
    }
    assert not extract_text("The minister spoke with reporters in Warsaw.")


def statuses(text, published=PUB):
    return {(e.source, e.target, e.move, e.status) for e in extract_text(text, published=published)}


def test_proposing_talks_or_being_ready_to_meet_is_a_talk_considered():
    found = statuses(
        "China moved a drilling rig into waters Vietnam claims. Hanoi says it has proposed "
        "talks at every level since the rig arrived."
    )
    assert ("VNM", "CHN", "negotiate", "considered") in found
    found = statuses(
        "Ecuador expelled Mexico's ambassador. Mexico's president said he hoped to meet "
        "Ecuador's president in the coming weeks."
    )
    assert ("MEX", "ECU", "negotiate", "considered") in found


def test_a_visit_to_the_other_capital_is_a_talk():
    found = statuses(
        "Spain recalled its ambassador from Morocco last year. On Thursday the Spanish "
        "prime minister visited Rabat to seal the reconciliation."
    )
    assert ("ESP", "MAR", "negotiate", "occurred") in found


def test_drawing_conclusions_and_making_displeasure_felt_are_threats():
    found = statuses(
        "Germany summoned Vietnam's ambassador over the abduction. The foreign minister warned "
        'that Berlin would draw "all necessary conclusions" if Hanoi did not cooperate.'
    )
    assert ("DEU", "VNM", "threaten", "threatened") in found
    found = statuses(
        "Australia recalled its ambassador from Indonesia. The prime minister said Canberra "
        "would make its displeasure felt if the executions went ahead."
    )
    assert ("AUS", "IDN", "threaten", "threatened") in found
    assert not extract_text("The students drew their own conclusions from the lecture.")


def test_an_act_last_year_in_a_story_with_no_year_is_not_todays_act():
    text = (
        "KHARTOUM, June 27 - Sudan is recalling its ambassador to Ethiopia over the killing "
        "of seven soldiers, the foreign ministry said on Monday.\n\n"
        "Last year Sudan recalled its ambassador to Ethiopia after Addis Ababa rejected an "
        "offer of mediation."
    )
    recalls = [e for e in extract_text(text) if e.move == "recall_ambassador"]
    assert len(recalls) == 2
    assert all(e.date is None for e in recalls)


def test_its_ministry_is_the_state_just_named_as_subject_whatever_the_verb():
    text = (
        "Sudan recalled its ambassador to Ethiopia on Monday. Ethiopia gave a different "
        "account. Its foreign ministry accused Khartoum of lying about the clash."
    )
    assert ("ETH", "SDN", "accuse") in triples(text)


def test_an_unnamed_army_speaks_for_the_state_the_story_is_about():
    text = (
        "Sudan recalled its ambassador to Ethiopia on Monday over the killings. The army "
        'vowed that the killings "will not pass without a response".'
    )
    assert ("SDN", "ETH", "threaten", "threatened") in statuses(text)


def test_an_envoy_recalled_in_a_relative_clause_is_a_recall():
    text = (
        "MADRID, May 21, 2024 - Spain on Tuesday permanently withdrew its ambassador to "
        "Argentina.\n\nForeign Minister Jose Manuel Albares said Ambassador Maria Jesus Alonso, "
        "who was recalled to Madrid for consultations on Sunday, would not go back."
    )
    recalls = {
        (e.source, e.target, e.date)
        for e in extract_text(text, published="2024-05-21")
        if e.move == "recall_ambassador"
    }
    assert recalls == {("ESP", "ARG", "2024-05-21"), ("ESP", "ARG", "2024-05-19")}


def test_a_leader_detained_in_a_relative_clause_is_background():
    text = (
        "France refused to withdraw its ambassador from Niger. Macron called for the release "
        "of President Mohamed Bazoum, who has been detained since the coup."
    )
    assert not [e for e in extract_text(text) if e.move == "hostile_act"]


def test_an_unplaced_owners_government_is_the_other_side_not_the_last_actor():
    text = (
        "Maduro broke off relations with Colombia in February 2019. Duque's government, which "
        "recognised Guaido as interim president, called Maduro a dictator."
    )
    assert ("COL", "VEN", "accuse") in triples(text)
    assert ("VEN", "COL", "accuse") not in triples(text)


def test_a_state_joining_in_acts_against_the_same_state():
    text = (
        "Saudi Arabia gave Lebanon's ambassador 48 hours to leave on Friday. On Saturday the "
        "pressure spread. Kuwait recalled its ambassador."
    )
    assert ("KWT", "LBN", "recall_ambassador") in triples(text)
    assert ("KWT", "SAU", "recall_ambassador") not in triples(text)


def test_a_tit_for_tat_answer_still_goes_back_to_the_first_mover():
    text = "Russia expelled 23 British diplomats. Britain recalled its ambassador."
    assert ("GBR", "RUS", "recall_ambassador") in triples(text)


def test_frozen_assets_and_barred_airlines_take_their_owners_state():
    found = triples(
        "Denmark recalled its ambassador from Iran. France froze the assets of two Iranian "
        "nationals earlier this month."
    )
    assert ("FRA", "IRN", "impose_sanctions") in found
    found = triples(
        "Lithuania expelled Belarusian diplomats. EU leaders agreed to bar Belarusian airlines "
        "from the bloc's airspace."
    )
    assert ("EUR", "BLR", "restrict_travel") in found


def test_envoys_going_back_to_their_posts_reverse_the_recall():
    found = statuses(
        "Belarus evicted the ambassadors from Drozdy in June. The European Union governments "
        "said their ambassadors would return to Minsk next week."
    )
    assert ("EUR", "BLR", "reverse", "announced") in found
    found = statuses(
        "Colombia and Venezuela restored relations. Venezuela's ambassador-designate, Felix "
        "Plasencia, arrived in Bogota on Sunday."
    )
    assert ("VEN", "COL", "reverse", "occurred") in found


def test_an_envoy_coming_home_or_kept_away_is_no_return():
    for text in (
        "Spain recalled its ambassador from Argentina. The ambassador went home on Sunday.",
        "Spain recalled its ambassador from Argentina. The Spanish ambassador returned to "
        "Madrid on Sunday.",
        "Spain recalled its ambassador from Argentina. The Spanish ambassador will not return "
        "to Buenos Aires.",
    ):
        assert not [e for e in extract_text(text) if e.move == "reverse"], text


def test_leaders_outside_the_big_powers_are_known_by_name():
    found = triples(
        "Colombian troops struck a rebel camp inside Ecuador. In response, Correa expelled "
        "Colombia's ambassador and recalled his own envoy from Bogota."
    )
    assert ("ECU", "COL", "expel_personnel") in found
    assert ("ECU", "COL", "recall_ambassador") in found
    assert ("COL", "ECU", "expel_personnel") not in found


def test_a_state_named_in_the_cause_of_a_move_is_not_its_target():
    found = triples(
        "Gulf states pile pressure on Lebanon as Saudi Arabia expels envoy over minister's "
        "Yemen remarks"
    )
    assert ("SAU", "YEM", "expel_personnel") not in found


def test_the_next_day_counts_from_the_storys_last_day_not_from_publication():
    text = (
        "Colombian aircraft struck a rebel camp inside Ecuador on March 1, 2008. In response, "
        "Correa expelled Colombia's ambassador the next day. Two days later Nicaragua broke "
        "off relations with Colombia. Venezuela closed its border the same day."
    )
    dates = {(e.source, e.move): e.date for e in extract_text(text, published="2010-11-27")}
    assert dates[("ECU", "expel_personnel")] == "2008-03-02"
    assert dates[("NIC", "sever_relations")] == "2008-03-04"


def test_the_same_day_is_a_time_not_a_deadline():
    text = (
        "Germany expelled four Iranian diplomats on Thursday. Iran expelled four German "
        "diplomats the same day."
    )
    dates = {(e.source, e.date) for e in extract_text(text, published="2010-11-27")}
    assert ("IRN", "2010-11-25") in dates


def test_a_states_decision_to_order_staff_out_is_that_states_act():
    text = (
        "France will expel twelve Algerian officials, the Elysee said on Tuesday, answering "
        "Algeria's decision a day earlier to order a dozen French embassy employees out of "
        "the country."
    )
    found = {
        (e.source, e.target, e.date)
        for e in extract_text(text, published="2025-04-15")
        if e.move == "expel_personnel"
    }
    assert ("DZA", "FRA", "2025-04-14") in found
    assert ("FRA", "DZA", "2025-04-14") not in found


def test_an_official_of_a_guessed_state_summoning_that_states_envoy_is_the_other_side():
    text = (
        "TOKYO, Aug 25 - China banned all imports of seafood from Japan on Thursday.\n\n"
        "On the same day, Vice Foreign Minister Sun Weidong summoned Japan's ambassador."
    )
    found = triples(text, published="2023-08-25")
    assert ("CHN", "JPN", "summon_envoy") in found
    assert ("JPN", "CHN", "summon_envoy") not in found


def test_a_gerund_read_as_an_adjective_is_still_the_act_and_keeps_its_negation():
    found = statuses(
        "South Africa expelled three Rwandan diplomats. The minister said the government had "
        "no intention of severing relations with Kigali."
    )
    assert ("ZAF", "RWA", "sever_relations", "denied") in found


def test_warning_of_serious_consequences_is_the_speakers_threat():
    found = statuses('Turkey shot down a Russian jet. Moscow warned of "serious consequences".')
    assert ("RUS", "TUR", "threaten", "threatened") in found


def test_speaking_to_a_counterpart_is_a_talk_and_to_a_news_agency_is_not():
    found = statuses(
        "Egypt recalled its ambassador from Rome. Alfano spoke to his Egyptian counterpart by "
        "telephone on Monday."
    )
    assert ("ITA", "EGY", "negotiate", "occurred") in found
    found = statuses(
        "Spain summoned Morocco's ambassador. Speaking to a Spanish news agency, the ambassador "
        "said relations required respect."
    )
    assert not [f for f in found if f[2] == "negotiate"]


def test_police_that_have_detained_nationals_act_for_their_state():
    found = triples(
        "Kuwait expelled the Philippine ambassador. Kuwaiti police have detained four "
        "Filipinos hired by the embassy as drivers."
    )
    assert ("KWT", "PHL", "hostile_act") in found


def test_a_bomber_is_an_aircraft():
    found = triples("Turkey said a Turkish F-16 shot down a Russian Su-24 bomber on Tuesday.")
    assert ("TUR", "RUS", "hostile_act") in found


def test_a_statements_we_is_the_issuing_ministrys_state():
    text = (
        "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF BELARUS\n\nSTATEMENT\n\n"
        "The United States has widened its sanctions against Belarusian enterprises. In "
        "response, we recalled the Ambassador of the Republic of Belarus to the United States "
        "for consultations."
    )
    found = triples(text, published="2008-04-30")
    assert ("BLR", "USA", "recall_ambassador") in found
    assert ("USA", "BLR", "recall_ambassador") not in found


def test_a_retold_act_in_a_noun_does_not_become_the_ministry_that_speaks_next():
    text = (
        "MOSCOW, Aug. 6, 2018 - Russia has ordered two Greek diplomats to leave, calling the "
        "step a mirror measure for Greece's expulsion of two Russian diplomats last month.\n\n"
        "Greek Ambassador Andreas Fryganas was called to the ministry on Monday afternoon, "
        "the ministry said in a statement."
    )
    found = triples(text, published="2018-08-06")
    assert ("RUS", "GRC", "summon_envoy") in found
    assert ("GRC", "RUS", "summon_envoy") not in found


def test_two_others_barred_from_entering_are_people():
    found = triples("Russia expelled two Greek diplomats and barred two others from entering.")
    assert ("RUS", "GRC", "restrict_travel") in found


def test_tourists_visiting_are_no_visit_between_states():
    found = triples(
        "Greece expelled two Russian diplomats. About 1.1 million Russians visited Greece last "
        "year. Lavrov visited Athens in May."
    )
    assert ("RUS", "GRC", "negotiate") in found
    assert len([t for t in found if t[2] == "negotiate"]) == 1


def test_an_envoy_recalled_with_no_agent_was_recalled_by_its_own_state():
    found = triples(
        "Kuwait expelled the Philippine ambassador. The spokesman noted that the Kuwaiti "
        "ambassador had been recalled in any case."
    )
    assert ("KWT", "PHL", "recall_ambassador") in found
    assert ("PHL", "KWT", "recall_ambassador") not in found


def test_a_states_own_diplomat_sent_home_was_sent_by_the_other_side():
    found = triples(
        "South Africa expelled three Rwandan diplomats. Burundi's foreign ministry said it had "
        "not been told why its diplomat was being sent home."
    )
    assert ("ZAF", "BDI", "expel_personnel") in found
    assert ("BDI", "RWA", "expel_personnel") not in found
    found = triples(
        "Burundi's foreign ministry said it had not been told why its diplomat was being sent "
        "home by South Africa."
    )
    assert found == {("ZAF", "BDI", "expel_personnel")}


def test_a_bare_ministry_is_the_foreign_ministry_the_paragraph_placed():
    text = (
        "Moscow summoned the European Union's ambassador on Tuesday over Lithuania's transit "
        "ban.\n\nThe EU envoy was received at the foreign ministry in Moscow. On Monday the "
        "ministry summoned Lithuania's charge d'affaires over the ban."
    )
    found = triples(text, published="2022-06-21")
    assert ("RUS", "LTU", "summon_envoy") in found
    assert ("EUR", "LTU", "summon_envoy") not in found


def test_an_act_one_is_accused_of_is_the_charge_not_a_second_event():
    found = triples(
        "Serbia's foreign ministry accused Podgorica that month of trying to seize the "
        "church's property."
    )
    assert found == {("SRB", "MNE", "accuse")}


def test_carrying_out_strikes_against_hideouts_in_a_state_hits_that_state():
    found = triples(
        "Iran struck targets in Pakistan on Tuesday. Pakistan said it carried out precision "
        "military strikes against hideouts of separatist groups in Iran's Sistan-Baluchestan "
        "province on Thursday."
    )
    assert ("PAK", "IRN", "hostile_act") in found
    assert not extract_text("Unions staged a strike in Paris on Monday.")


def test_a_states_own_sanctions_join_the_sanctions_just_told():
    found = triples(
        "The EU imposed sanctions on Belarus over the migrant crisis. Russia condemned the EU "
        "for the move. A State Department spokesman said Washington was preparing its own "
        "sanctions."
    )
    assert ("USA", "BLR", "impose_sanctions") in found


def test_states_listed_under_an_order_verb_each_expel():
    found = triples("Saudi Arabia and Bahrain each gave Lebanon's ambassador 48 hours to leave.")
    assert found == {("SAU", "LBN", "expel_personnel"), ("BHR", "LBN", "expel_personnel")}


def test_states_that_followed_within_days_repeat_the_recall():
    found = {
        (e.source, e.target, e.move, e.quantity)
        for e in extract_text(
            "Britain and France recalled their ambassadors from Minsk in protest at the "
            "eviction, and the rest of the European Union and the United States followed "
            "within days."
        )
    }
    assert ("EUR", "BLR", "recall_ambassador", 1) in found
    assert ("USA", "BLR", "recall_ambassador", 1) in found


def test_barring_a_leader_from_a_territory_restricts_travel():
    found = triples(
        "Belarus evicted the EU ambassadors. In July the EU barred Lukashenko and his "
        "officials from its territory."
    )
    assert ("EUR", "BLR", "restrict_travel") in found
    assert not extract_text("The coach barred Smith from the team.")


def test_it_after_a_states_response_as_subject_is_that_state():
    text = (
        "Georgian officers arrested four Russian army officers last week. Moscow's first "
        "response came the next day. It recalled its ambassador and stopped issuing visas to "
        "Georgian citizens."
    )
    found = triples(text)
    assert ("RUS", "GEO", "recall_ambassador") in found
    assert ("RUS", "GEO", "restrict_travel") in found


def test_defending_itself_by_every_means_and_resolute_measures_are_threats():
    found = statuses(
        "Ethiopia signed a port deal with Somaliland. The president warned that Somalia would "
        '"defend itself by every means" if Ethiopia went ahead.'
    )
    assert ("SOM", "ETH", "threaten", "threatened") in found
    found = statuses(
        "Manila accused Beijing of interference. China's foreign ministry warned that China "
        'would take "resolute measures" to defend its sovereignty.'
    )
    assert ("CHN", "PHL", "threaten", "threatened") in found
    assert not extract_text("The coach said the team would defend its title by every means.")


def test_a_leader_whom_someone_accused_is_accused():
    text = (
        "Azerbaijan expelled two French diplomats. Aliyev said he would not meet Macron, whom "
        "he accused of bias."
    )
    assert ("AZE", "FRA", "accuse") in triples(text)
    assert not [
        e
        for e in extract_text("Russia expelled the diplomats whom it accuses of spying.")
        if e.move == "accuse"
    ]


def test_a_count_then_a_state_starts_a_new_clause():
    found = {
        (e.source, e.target, e.quantity, e.status)
        for e in extract_text(
            "Germany and France each ordered out four Russian diplomats. Canada expelled four "
            "and Ukraine, which is not an EU member, said it would expel 13."
        )
        if e.move == "expel_personnel"
    }
    assert ("CAN", "RUS", 4, "occurred") in found
    assert ("UKR", "RUS", 13, "announced") in found
    assert not [f for f in found if f[1] == "UKR"]


def test_a_move_joined_after_another_moves_clause_shares_its_subject():
    found = triples("Putin holds fire after Obama expels 35 Russians and shuts two compounds")
    assert ("USA", "RUS", "close_facility") in found
    assert ("RUS", "USA", "close_facility") not in found


def test_an_it_read_as_the_state_its_own_act_targets_is_the_other_side():
    text = (
        "France recalled its ambassador from Niger. The junta hailed the ambassador's "
        "departure. On the same day, it barred French aircraft from Nigerien airspace."
    )
    found = triples(text)
    assert ("NER", "FRA", "restrict_travel") in found
    assert ("FRA", "NER", "restrict_travel") not in found


def test_a_new_ambassador_taking_up_the_post_reverses_the_recall():
    found = statuses(
        "Italy recalled its ambassador from Egypt in April 2016. On Monday the foreign "
        "minister announced that Italy's new ambassador to Egypt, Giampaolo Cantini, would "
        "take up his post in Cairo.",
        published="2017-08-15",
    )
    assert ("ITA", "EGY", "reverse", "announced") in found
    # a threat to 'take retaliatory measures' is not a measure lifted by 'take'
    found = statuses(
        "Slovakia expelled three Russian diplomats. Moscow would take retaliatory measures."
    )
    assert ("RUS", "SVK", "threaten", "threatened") in found


def test_an_envoy_called_to_a_ministry_metonym_was_summoned_by_its_state():
    found = triples(
        "The Maldives suspended three deputy ministers over remarks about Modi. The High "
        "Commissioner of Maldives was called to South Block on 8 January.",
        published="2024-01-20",
    )
    assert ("IND", "MDV", "summon_envoy") in found
    found = triples("Italy's ambassador was summoned to the Quai d'Orsay on Friday.")
    assert ("FRA", "ITA", "summon_envoy") in found


def test_urging_talks_through_diplomatic_channels_is_an_appeal():
    found = triples(
        "Burundi closed its border with Rwanda. Rwanda regretted the decision. It urged "
        "Bujumbura to raise its concerns through diplomatic channels."
    )
    assert ("RWA", "BDI", "appeal") in found
