"""Build parity/lexicon/countries.tsv and check the three actor lexicons.

    python scripts/build_countries.py            # rewrite countries.tsv
    python scripts/build_countries.py --check    # validate countries/institutions/persons.tsv

countries.tsv (`alias<TAB>iso3<TAB>kind`) is generated, never edited by hand: names
come from pycountry (ISO 3166-1: name, official_name, common_name) and from
country_converter's classification table (name_short, name_official); demonyms,
adjectives, historical names, the few codes we accept and the IGOs are curated below.
The output is sorted and depends only on the installed pycountry/country_converter
versions and this file, so re-running it is a no-op unless one of them changed.

institutions.tsv and persons.tsv are curated by hand; `--check` validates all three:
column counts, kinds/roles, ISO3 codes (pycountry alpha_3, or EUR NATO UNO XKX), and
aliases that would map to different codes (the loader strips a leading "the ", and
later files override earlier ones, so any such clash is reported as an error).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import unicodedata
from pathlib import Path

import country_converter as coco
import pycountry

LEXICON = Path(__file__).resolve().parent.parent / "parity" / "lexicon"
EXTRA_CODES = {"EUR", "NATO", "UNO", "XKX"}
KINDS = ("name", "short", "code", "adjective", "demonym")  # precedence, strongest first
INSTITUTION_KINDS = {"capital", "seat", "ministry", "body", "leader_title"}
PERSON_ROLES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "spokesperson",
    "official",
    "igo_chief",
    "surname",
}

# ---------------------------------------------------------------------------
# Curated data (curated by parity developers)
# ---------------------------------------------------------------------------

# Demonyms and adjectives for every UN member state (plus observers and a few
# partially recognised states). Format: "adjectives ; person nouns", '|' between
# variants. Adjectives that double as singular nouns ("Russian") are listed once.
DEMONYMS = {
    "AFG": "Afghan ; Afghans",
    "AGO": "Angolan ; Angolans",
    "ALB": "Albanian ; Albanians",
    "AND": "Andorran ; Andorrans",
    "ARE": "Emirati ; Emiratis",
    "ARG": "Argentine|Argentinian|Argentinean ; Argentines|Argentinians",
    "ARM": "Armenian ; Armenians",
    "ATG": "Antiguan|Barbudan ; Antiguans",
    "AUS": "Australian ; Australians",
    "AUT": "Austrian ; Austrians",
    "AZE": "Azerbaijani|Azeri ; Azerbaijanis|Azeris",
    "BDI": "Burundian ; Burundians",
    "BEL": "Belgian ; Belgians",
    "BEN": "Beninese ;",
    "BFA": "Burkinabe|Burkinabè ;",
    "BGD": "Bangladeshi ; Bangladeshis",
    "BGR": "Bulgarian ; Bulgarians",
    "BHR": "Bahraini ; Bahrainis",
    "BHS": "Bahamian ; Bahamians",
    "BIH": "Bosnian|Herzegovinian ; Bosnians",
    "BLR": "Belarusian|Belarussian|Belorussian|Byelorussian ; Belarusians",
    "BLZ": "Belizean ; Belizeans",
    "BOL": "Bolivian ; Bolivians",
    "BRA": "Brazilian ; Brazilians",
    "BRB": "Barbadian ; Barbadians",
    "BRN": "Bruneian ; Bruneians",
    "BTN": "Bhutanese ;",
    "BWA": "Botswanan ; Batswana|Motswana",
    "CAN": "Canadian ; Canadians",
    "CHE": "Swiss ;",
    "CHL": "Chilean ; Chileans",
    "CHN": "Chinese ;",
    "CIV": "Ivorian ; Ivorians",
    "CMR": "Cameroonian ; Cameroonians",
    "COD": "Congolese ;",
    "COL": "Colombian ; Colombians",
    "COM": "Comorian ; Comorians",
    "CPV": "Cape Verdean|Cabo Verdean ; Cape Verdeans",
    "CRI": "Costa Rican ; Costa Ricans",
    "CUB": "Cuban ; Cubans",
    "CYP": "Cypriot ; Cypriots",
    "CZE": "Czech ; Czechs",
    "DEU": "German ; Germans",
    "DJI": "Djiboutian ; Djiboutians",
    "DNK": "Danish ; Dane|Danes",
    "DOM": "Dominican ; Dominicans",
    "DZA": "Algerian ; Algerians",
    "ECU": "Ecuadorian|Ecuadorean ; Ecuadorians|Ecuadoreans",
    "EGY": "Egyptian ; Egyptians",
    "ERI": "Eritrean ; Eritreans",
    "ESP": "Spanish ; Spaniard|Spaniards",
    "EST": "Estonian ; Estonians",
    "ETH": "Ethiopian ; Ethiopians",
    "FIN": "Finnish ; Finns",
    "FJI": "Fijian ; Fijians",
    "FRA": "French ; Frenchman|Frenchmen|Frenchwoman",
    "FSM": "Micronesian ; Micronesians",
    "GAB": "Gabonese ;",
    "GBR": "British ; Briton|Britons|Brits",
    "GEO": "Georgian ; Georgians",
    "GHA": "Ghanaian ; Ghanaians",
    "GIN": "Guinean ; Guineans",
    "GMB": "Gambian ; Gambians",
    "GNB": "Bissau-Guinean ; Bissau-Guineans",
    "GNQ": "Equatorial Guinean|Equatoguinean ; Equatorial Guineans",
    "GRC": "Greek|Hellenic ; Greeks",
    "GRD": "Grenadian ; Grenadians",
    "GTM": "Guatemalan ; Guatemalans",
    "GUY": "Guyanese ;",
    "HND": "Honduran ; Hondurans",
    "HRV": "Croatian ; Croat|Croats|Croatians",
    "HTI": "Haitian ; Haitians",
    "HUN": "Hungarian ; Hungarians",
    "IDN": "Indonesian ; Indonesians",
    "IND": "Indian ; Indians",
    "IRL": "Irish ;",
    "IRN": "Iranian ; Iranians",
    "IRQ": "Iraqi ; Iraqis",
    "ISL": "Icelandic ; Icelander|Icelanders",
    "ISR": "Israeli ; Israelis",
    "ITA": "Italian ; Italians",
    "JAM": "Jamaican ; Jamaicans",
    "JOR": "Jordanian ; Jordanians",
    "JPN": "Japanese ;",
    "KAZ": "Kazakh|Kazakhstani ; Kazakhs|Kazakhstanis",
    "KEN": "Kenyan ; Kenyans",
    "KGZ": "Kyrgyz|Kyrgyzstani ; Kyrgyzstanis",
    "KHM": "Cambodian ; Cambodians",
    "KIR": "I-Kiribati ;",
    "KNA": "Kittitian|Nevisian ; Kittitians|Nevisians",
    "KOR": "South Korean|Korean ; South Koreans|Koreans",
    "KWT": "Kuwaiti ; Kuwaitis",
    "LAO": "Lao|Laotian ; Laotians",
    "LBN": "Lebanese ;",
    "LBR": "Liberian ; Liberians",
    "LBY": "Libyan ; Libyans",
    "LCA": "Saint Lucian|St Lucian|St. Lucian ; Saint Lucians",
    "LIE": "Liechtenstein ; Liechtensteiner|Liechtensteiners",
    "LKA": "Sri Lankan ; Sri Lankans",
    "LSO": "Basotho ; Mosotho",
    "LTU": "Lithuanian ; Lithuanians",
    "LUX": "Luxembourgish ; Luxembourger|Luxembourgers",
    "LVA": "Latvian ; Latvians",
    "MAR": "Moroccan ; Moroccans",
    "MCO": "Monegasque|Monacan ; Monegasques",
    "MDA": "Moldovan ; Moldovans",
    "MDG": "Malagasy ;",
    "MDV": "Maldivian ; Maldivians",
    "MEX": "Mexican ; Mexicans",
    "MHL": "Marshallese ;",
    "MKD": "Macedonian|North Macedonian ; Macedonians|North Macedonians",
    "MLI": "Malian ; Malians",
    "MLT": "Maltese ;",
    "MMR": "Burmese ;",
    "MNE": "Montenegrin ; Montenegrins",
    "MNG": "Mongolian ; Mongolians",
    "MOZ": "Mozambican ; Mozambicans",
    "MRT": "Mauritanian ; Mauritanians",
    "MUS": "Mauritian ; Mauritians",
    "MWI": "Malawian ; Malawians",
    "MYS": "Malaysian ; Malaysians",
    "NAM": "Namibian ; Namibians",
    "NER": "Nigerien ; Nigeriens",
    "NGA": "Nigerian ; Nigerians",
    "NIC": "Nicaraguan ; Nicaraguans",
    "NLD": "Dutch ; Dutchman|Dutchmen|Dutchwoman",
    "NOR": "Norwegian ; Norwegians",
    "NPL": "Nepali|Nepalese ; Nepalis",
    "NRU": "Nauruan ; Nauruans",
    "NZL": "New Zealand ; New Zealander|New Zealanders",
    "OMN": "Omani ; Omanis",
    "PAK": "Pakistani ; Pakistanis",
    "PAN": "Panamanian ; Panamanians",
    "PER": "Peruvian ; Peruvians",
    "PHL": "Philippine|Filipino ; Filipinos|Filipina|Filipinas",
    "PLW": "Palauan ; Palauans",
    "PNG": "Papua New Guinean ; Papua New Guineans",
    "POL": "Polish ; Poles",
    "PRK": "North Korean ; North Koreans",
    "PRT": "Portuguese ;",
    "PRY": "Paraguayan ; Paraguayans",
    "QAT": "Qatari ; Qataris",
    "ROU": "Romanian ; Romanians",
    "RUS": "Russian ; Russians",
    "RWA": "Rwandan ; Rwandans",
    "SAU": "Saudi|Saudi Arabian ; Saudis|Saudi Arabians",
    "SDN": "Sudanese ;",
    "SEN": "Senegalese ;",
    "SGP": "Singaporean ; Singaporeans",
    "SLB": "Solomon Islander ; Solomon Islanders",
    "SLE": "Sierra Leonean ; Sierra Leoneans",
    "SLV": "Salvadoran|Salvadorean ; Salvadorans|Salvadoreans",
    "SMR": "Sammarinese ;",
    "SOM": "Somali|Somalian ; Somalis",
    "SRB": "Serbian ; Serb|Serbs|Serbians",
    "SSD": "South Sudanese ;",
    "STP": "Santomean|Sao Tomean|São Toméan ;",
    "SUR": "Surinamese ;",
    "SVK": "Slovak|Slovakian ; Slovaks",
    "SVN": "Slovenian|Slovene ; Slovenians|Slovenes",
    "SWE": "Swedish ; Swede|Swedes",
    "SWZ": "Swazi ; Swazis|Emaswati",
    "SYC": "Seychellois ;",
    "SYR": "Syrian ; Syrians",
    "TCD": "Chadian ; Chadians",
    "TGO": "Togolese ;",
    "THA": "Thai ; Thais",
    "TJK": "Tajik|Tajikistani ; Tajiks",
    "TKM": "Turkmen|Turkmenistani ; Turkmens",
    "TLS": "Timorese|East Timorese ;",
    "TON": "Tongan ; Tongans",
    "TTO": "Trinidadian|Tobagonian ; Trinidadians",
    "TUN": "Tunisian ; Tunisians",
    "TUR": "Turkish ; Turk|Turks",
    "TUV": "Tuvaluan ; Tuvaluans",
    "TZA": "Tanzanian ; Tanzanians",
    "UGA": "Ugandan ; Ugandans",
    "UKR": "Ukrainian ; Ukrainians",
    "URY": "Uruguayan ; Uruguayans",
    "USA": "American ; Americans",
    "UZB": "Uzbek|Uzbekistani ; Uzbeks",
    "VCT": "Vincentian ; Vincentians",
    "VEN": "Venezuelan ; Venezuelans",
    "VNM": "Vietnamese ;",
    "VUT": "Ni-Vanuatu|Vanuatuan ;",
    "WSM": "Samoan ; Samoans",
    "YEM": "Yemeni ; Yemenis",
    "ZAF": "South African ; South Africans",
    "ZMB": "Zambian ; Zambians",
    "ZWE": "Zimbabwean ; Zimbabweans",
    # observers, partially recognised states, territories often in the news
    "PSE": "Palestinian ; Palestinians",
    "TWN": "Taiwanese ;",
    "XKX": "Kosovar|Kosovan ; Kosovars|Kosovans",
    "HKG": "Hong Kong ; Hong Konger|Hong Kongers",
}

# UN members deliberately left without an adjective, because theirs is ambiguous:
# "Central African" is a region; "Dominican" goes to the Dominican Republic (DOM),
# not Dominica; "Congolese" goes to DR Congo (COD), not the Republic of the Congo.
NO_DEMONYM = {"CAF": "region word", "DMA": "Dominican -> DOM", "COG": "Congolese -> COD"}

# Alternate, historical and colloquial names, and the codes we accept. These win
# over generated names (they resolve the ambiguities listed in the file header).
CURATED: list[tuple[str, str, str]] = [
    # --- United States / United Kingdom
    ("America", "USA", "short"),
    ("United States", "USA", "name"),
    ("United States of America", "USA", "name"),
    ("U.S.", "USA", "code"),
    ("US", "USA", "code"),
    ("U.S.A.", "USA", "code"),
    ("USA", "USA", "code"),
    ("Britain", "GBR", "short"),
    ("Great Britain", "GBR", "short"),
    ("United Kingdom", "GBR", "name"),
    ("U.K.", "GBR", "code"),
    ("UK", "GBR", "code"),
    ("Northern Ireland", "GBR", "short"),  # else "Ireland" inside it would read IRL
    ("England", "GBR", "short"),  # "the poisoning of a former spy in England"
    ("Scotland", "GBR", "short"),
    ("Wales", "GBR", "short"),
    ("Northern Irish", "GBR", "adjective"),
    # --- Russia (the USSR's continuator state)
    ("Russian Federation", "RUS", "name"),
    ("Soviet Union", "RUS", "name"),
    ("USSR", "RUS", "code"),
    ("U.S.S.R.", "RUS", "code"),
    ("Soviet", "RUS", "adjective"),
    ("Soviets", "RUS", "demonym"),
    # --- China, Taiwan, Koreas
    ("PRC", "CHN", "code"),
    ("Mainland China", "CHN", "short"),
    ("Taiwan", "TWN", "short"),
    ("Korea", "KOR", "short"),  # "Korea" alone: the Republic of Korea
    ("ROK", "KOR", "code"),
    ("DPRK", "PRK", "code"),
    # --- the two Congos: bare "Congo" is read as DR Congo (as "Congolese" is)
    ("Congo", "COD", "short"),
    ("DR Congo", "COD", "short"),
    ("DRC", "COD", "code"),
    ("Democratic Republic of Congo", "COD", "name"),
    ("Democratic Republic of the Congo", "COD", "name"),
    ("Congo-Kinshasa", "COD", "short"),
    ("Zaire", "COD", "short"),
    ("Republic of Congo", "COG", "name"),
    ("Republic of the Congo", "COG", "name"),
    ("Congo Republic", "COG", "short"),
    ("Congo-Brazzaville", "COG", "short"),
    # --- renamed states and common English forms
    ("Burma", "MMR", "short"),
    ("Ivory Coast", "CIV", "short"),
    ("Côte d'Ivoire", "CIV", "short"),
    ("Czech Republic", "CZE", "short"),
    ("Czechia", "CZE", "short"),
    ("Turkey", "TUR", "short"),
    ("Türkiye", "TUR", "short"),
    ("Holland", "NLD", "short"),
    ("Netherlands", "NLD", "short"),
    ("Macedonia", "MKD", "short"),
    ("North Macedonia", "MKD", "short"),
    ("FYROM", "MKD", "code"),
    ("Swaziland", "SWZ", "short"),
    ("Eswatini", "SWZ", "short"),
    ("East Timor", "TLS", "short"),
    ("Timor-Leste", "TLS", "short"),
    ("Cape Verde", "CPV", "short"),
    ("Cabo Verde", "CPV", "short"),
    ("Micronesia", "FSM", "short"),
    ("Turks and Caicos", "TCA", "short"),
    ("Yugoslavia", "SRB", "short"),  # FR Yugoslavia (to 2003); Serbia is its continuator
    ("UAE", "ARE", "code"),
    ("U.A.E.", "ARE", "code"),
    ("Palestine", "PSE", "short"),
    ("State of Palestine", "PSE", "name"),
    ("Palestinian Authority", "PSE", "name"),
    ("Vatican", "VAT", "short"),
    ("Vatican City", "VAT", "short"),
    ("Holy See", "VAT", "name"),
    ("Kosovo", "XKX", "short"),
    ("Republic of Kosovo", "XKX", "name"),
    # --- international organisations
    ("European Union", "EUR", "name"),
    ("EU", "EUR", "code"),
    ("E.U.", "EUR", "code"),
    ("NATO", "NATO", "code"),
    ("Nato", "NATO", "code"),  # British house style
    ("North Atlantic Treaty Organization", "NATO", "name"),
    ("North Atlantic Treaty Organisation", "NATO", "name"),
    ("North Atlantic Alliance", "NATO", "name"),
    ("United Nations", "UNO", "name"),
    ("UN", "UNO", "code"),
    ("U.N.", "UNO", "code"),
]

# Generated names we drop: they collide with common words or other places.
EXCLUDE = {
    "Jersey",  # New Jersey
    "Guiana",  # country_converter's "official" name for French Guiana
    "Reunion",  # ASCII fold of Réunion; an ordinary word in title case
}

HEADER = """\
# countries.tsv: alias<TAB>iso3<TAB>kind (kind: name|short|code|adjective|demonym)
# GENERATED by scripts/build_countries.py; edit that script and re-run it, not this file.
# Sources: pycountry (ISO 3166-1 data: name, official_name, common_name);
#   country_converter's classification table (name_short, name_official);
#   demonyms, adjectives, historical names, codes and IGOs curated by parity developers.
# No bare ISO alpha-2/alpha-3 codes except the curated ones (US, U.S., USA, UK, U.K.,
#   UAE, PRC, DPRK, ROK, DRC, USSR, FYROM, EU, NATO, UN, ...). Matching is case-sensitive.
# Ambiguity decisions:
#   "Congo" and "Congolese" -> COD (DR Congo, the larger and more newsworthy state);
#     Republic of the Congo only by its full names, "Congo Republic", "Congo-Brazzaville".
#   "Korea"/"Korean"/"Koreans" -> KOR; the North only as "North Korea(n)", "DPRK".
#   "Georgia"/"Georgian" -> GEO (the country, not the US state).
#   "Dominican" -> DOM (Dominican Republic); Dominica only by name.
#   "Niger"/"Nigerien" -> NER and "Nigeria"/"Nigerian" -> NGA, kept distinct.
#   "Soviet Union"/"USSR"/"Soviet(s)" -> RUS (the continuator state); "Yugoslavia" -> SRB;
#     "Zaire" -> COD; "Burma" -> MMR; "Swaziland" -> SWZ; "Macedonia" -> MKD.
#   "Northern Ireland"/"Northern Irish" -> GBR (otherwise "Ireland"/"Irish" -> IRL).
#   "America"/"American" -> USA, so "Latin America", "South American" also read USA.
#   "Central African" has no row (a region word); CAF only by name.
#   Dropped: "Jersey" (New Jersey), "Guiana", "Reunion"; no bare "Emirates" (the airline).
#   Codes outside ISO 3166-1: EUR (European Union), NATO, UNO (United Nations), XKX (Kosovo).
"""


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """ASCII fold for Latin diacritics: "Côte d'Ivoire" -> "Cote d'Ivoire"."""
    text = text.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_name(raw: str | None) -> str | None:
    """Turn an ISO-style list name into running-text form, or None if it has none.

    "Korea, Republic of" -> "Republic of Korea"; "Holy See (Vatican City State)" ->
    "Holy See"; "Taiwan, Province of China" -> None (no running-text form).
    """
    if not raw or not isinstance(raw, str):
        return None
    name = re.sub(r"\s*\([^)]*\)", "", raw).strip()
    if "," in name:
        head, _, tail = name.partition(",")
        tail = tail.strip()
        if tail.endswith(" of") or tail.endswith(" of the"):
            name = f"{tail} {head.strip()}"
        else:
            return None
    if name.lower().startswith("the "):
        name = name[4:]
    name = re.sub(r"\s+", " ", name).strip()
    return name or None


def variants(alias: str) -> list[str]:
    """The alias, its ASCII fold, its curly-apostrophe form and Saint/St. forms."""
    out = [alias]
    if fold(alias) != alias:
        out.append(fold(alias))
    for text in list(out):
        if "'" in text:
            out.append(text.replace("'", "\u2019"))
    for text in list(out):
        if text.startswith("Saint "):
            out += ["St. " + text[6:], "St " + text[6:]]
        elif text.startswith("St. "):
            out += ["Saint " + text[4:], "St " + text[4:]]
    return out


def generated_rows() -> list[tuple[str, str, str]]:
    """(alias, iso3, kind) from pycountry and country_converter."""
    rows: list[tuple[str, str, str]] = []
    for country in pycountry.countries:
        iso3 = country.alpha_3
        for attr, kind in (("name", "name"), ("official_name", "name"), ("common_name", "short")):
            name = clean_name(getattr(country, attr, None))
            if name:
                rows.append((name, iso3, kind))
    data = coco.CountryConverter().data
    for _, rec in data.iterrows():
        iso3 = rec["ISO3"]
        for column, kind in (("name_short", "short"), ("name_official", "name")):
            name = clean_name(rec[column])
            if name:
                rows.append((name, iso3, kind))
    return rows


def demonym_rows() -> list[tuple[str, str, str]]:
    rows = []
    for iso3, spec in DEMONYMS.items():
        adjectives, _, nouns = spec.partition(";")
        for word in filter(None, (w.strip() for w in adjectives.split("|"))):
            rows.append((word, iso3, "adjective"))
        for word in filter(None, (w.strip() for w in nouns.split("|"))):
            rows.append((word, iso3, "demonym"))
    return rows


def build() -> list[tuple[str, str, str]]:
    """All rows, resolved: curated > demonyms > generated; within a source, by kind."""
    rank = {kind: i for i, kind in enumerate(KINDS)}
    table: dict[str, tuple[str, str, int]] = {}  # alias -> (iso3, kind, source priority)
    conflicts: list[str] = []
    sources = ((0, CURATED), (1, demonym_rows()), (2, generated_rows()))
    for priority, rows in sources:
        for alias, iso3, kind in rows:
            for text in variants(alias):
                if text in EXCLUDE and priority > 0:
                    continue
                old = table.get(text)
                if old is None:
                    table[text] = (iso3, kind, priority)
                    continue
                if old[0] != iso3:
                    if old[2] == priority:
                        conflicts.append(f"{text!r}: {old[0]} vs {iso3} (same source)")
                    elif priority == 2:
                        print(f"note: {text!r} -> {old[0]} (curated) over {iso3} (generated)")
                    continue
                if rank[kind] < rank[old[1]]:  # same code: keep the strongest kind
                    table[text] = (iso3, kind, old[2])
    if conflicts:
        raise SystemExit("unresolved conflicts:\n  " + "\n  ".join(conflicts))
    missing = [
        iso3
        for iso3 in coco.CountryConverter().data.query("UNmember.notna()")["ISO3"]
        if iso3 not in DEMONYMS and iso3 not in NO_DEMONYM
    ]
    if missing:
        raise SystemExit(f"UN members without demonyms: {missing}")
    rows = [(alias, iso3, kind) for alias, (iso3, kind, _) in table.items()]
    return sorted(rows, key=lambda r: (r[1], rank[r[2]], r[0].casefold(), r[0]))


def coco_crosscheck(rows: list[tuple[str, str, str]]) -> None:
    """Report aliases that country_converter's regex table reads differently (info only)."""
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    aliases = [alias for alias, _, kind in rows if kind in ("name", "short")]
    found = coco.convert(aliases, to="ISO3", not_found=None)
    want = {alias: iso3 for alias, iso3, _ in rows}
    for alias, got in zip(aliases, found, strict=True):
        if isinstance(got, str) and re.fullmatch(r"[A-Z]{3}", got) and got != want[alias]:
            print(f"note: country_converter reads {alias!r} as {got}, we say {want[alias]}")


def write(rows: list[tuple[str, str, str]]) -> Path:
    target = LEXICON / "countries.tsv"
    body = "".join(f"{alias}\t{iso3}\t{kind}\n" for alias, iso3, kind in rows)
    target.write_text(HEADER + body, encoding="utf-8")
    return target


# ---------------------------------------------------------------------------
# Validation of all three files
# ---------------------------------------------------------------------------


def _rows(name: str) -> list[tuple[int, list[str]]]:
    out = []
    text = (LEXICON / name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            out.append((number, line.split("\t")))
    return out


def _key(alias: str) -> str:
    """The alias as parity.extract.actors stores it (a leading "the " is dropped)."""
    alias = alias.strip()
    return alias[4:] if alias.lower().startswith("the ") else alias


def check() -> int:
    valid = {c.alpha_3 for c in pycountry.countries} | EXTRA_CODES
    errors: list[str] = []
    seen: dict[str, tuple[str, str]] = {}  # key -> (iso3, where)
    counts = {}
    specs = (
        ("countries.tsv", 3, set(KINDS)),
        ("institutions.tsv", 3, INSTITUTION_KINDS),
        ("persons.tsv", 5, PERSON_ROLES),
    )
    for name, width, kinds in specs:
        rows = _rows(name)
        counts[name] = len(rows)
        for number, row in rows:
            where = f"{name}:{number}"
            if len(row) != width:
                errors.append(f"{where}: {len(row)} columns, want {width}: {row!r}")
                continue
            alias, iso3, kind = row[0], row[1], row[2]
            if not alias or alias != alias.strip():
                errors.append(f"{where}: empty alias or stray whitespace: {alias!r}")
            if iso3 not in valid:
                errors.append(f"{where}: unknown code {iso3!r}")
            if kind not in kinds:
                errors.append(f"{where}: kind/role {kind!r} not in {sorted(kinds)}")
            if width == 5:
                start, end = row[3], row[4]
                if not re.fullmatch(r"\d{4}", start) or not re.fullmatch(r"(\d{4})?", end):
                    errors.append(f"{where}: years must be YYYY and YYYY or empty: {row[3:]}")
                elif end and int(end) < int(start):
                    errors.append(f"{where}: to_year before from_year")
            key = alias if name == "persons.tsv" else _key(alias)
            old = seen.get(key)
            if old and old[0] != iso3:
                errors.append(f"{where}: {alias!r} -> {iso3} conflicts with {old[0]} at {old[1]}")
            elif old and name != "persons.tsv" and not old[1].startswith(name):
                errors.append(f"{where}: {alias!r} duplicates {old[1]} (same code)")
            else:
                seen.setdefault(key, (iso3, where))
    for name, count in counts.items():
        print(f"{name}: {count} rows")
    for error in errors:
        print("error:", error)
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate, do not rebuild")
    parser.add_argument("--crosscheck", action="store_true", help="compare with coco's regexes")
    args = parser.parse_args()
    if args.check:
        return check()
    rows = build()
    if args.crosscheck:
        coco_crosscheck(rows)
    print(f"wrote {write(rows)}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
