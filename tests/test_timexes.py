"""The French temporal tagger: one test per construction of issue 3, on sentences written for the
tests, plus semantic checks of dates.yaml beyond its JSON Schema.

Publication date of the fixtures: Tuesday 6 April 2021 (ISO week 2021-W14)."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from veille.extract.timexes import contract_date, date_for, extract_timexes, grammar, parse_number
from veille.resources import LANG_DIR


@pytest.fixture
def tag(make_context):
    """tag(text, published) -> {timex text: (type, value, mod)}."""

    def run(text: str, published: str | None = "2021-04-06"):
        ctx = make_context(text, published=published)
        return {t.text: (t.type, t.value, t.mod) for t in extract_timexes(ctx)}

    return run


@pytest.fixture
def tagged(make_context):
    """tagged(text) -> the DocContext with ctx.timexes filled, for date_for."""

    def run(text: str, published: str | None = "2021-04-06"):
        ctx = make_context(text, published=published)
        ctx.timexes = extract_timexes(ctx)
        return ctx

    return run


def value_of(found: dict, text: str):
    assert text in found, f"{text!r} not tagged in {found}"
    return found[text][1]


# -- weekdays and tense ------------------------------------------------------------------------

def test_weekday_in_past_tense_is_latest_on_or_before_publication(tag):
    found = tag("Le ministre a rencontré jeudi son homologue.")
    assert found["jeudi"] == ("DATE", "2021-04-01", None)


def test_weekday_same_as_publication_day_is_publication(tag):
    assert value_of(tag("Le président a déclaré mardi qu'il restait."), "mardi") == "2021-04-06"


def test_weekday_in_future_tense_is_next_one(tag):
    assert value_of(tag("Le club fera la fête dimanche avec ses supporters."), "dimanche") == "2021-04-11"


def test_weekday_with_aller_plus_infinitive_is_future(tag):
    assert value_of(tag("La délégation va rencontrer vendredi les syndicats."), "vendredi") == "2021-04-09"


def test_infinitive_takes_the_tense_of_its_verb(tag):
    assert value_of(tag("Les clubs pourront reprendre lundi l'entraînement."), "lundi") == "2021-04-12"
    assert value_of(tag("Il devait rencontrer vendredi les syndicats."), "vendredi") == "2021-04-02"


def test_des_with_present_tense_is_future_depuis_is_past(tag):
    assert value_of(tag("Les écoles rouvrent dès jeudi."), "jeudi") == "2021-04-08"
    assert value_of(tag("Les écoles sont fermées depuis jeudi."), "jeudi") == "2021-04-01"


def test_weekday_dernier_and_prochain_are_strict(tag):
    found = tag("Il est arrivé mardi dernier et repartira mardi prochain.")
    assert found["mardi dernier"][1] == "2021-03-30"
    assert found["mardi prochain"][1] == "2021-04-13"


def test_weekday_with_part_of_day_is_a_time(tag):
    assert tag("Les combats ont repris lundi soir.")["lundi soir"] == ("TIME", "2021-04-05TEV", None)


# -- days counted from publication --------------------------------------------------------------

def test_deictic_days(tag):
    found = tag("Il a parlé hier, avant-hier il se taisait, aujourd'hui il attend et demain il partira.")
    assert found["hier"][1] == "2021-04-05"
    assert found["avant-hier"][1] == "2021-04-04"
    assert found["aujourd'hui"][1] == "2021-04-06"
    assert found["demain"][1] == "2021-04-07"


def test_hier_matin_is_a_time_with_part_of_day(tag):
    assert tag("Le corps a été retrouvé hier matin.")["hier matin"] == ("TIME", "2021-04-05TMO", None)


def test_ce_soir_is_publication_evening(tag):
    assert value_of(tag("Le film sera diffusé ce soir sur la chaîne."), "ce soir") == "2021-04-06TEV"


# -- weeks and week-ends --------------------------------------------------------------------------

def test_la_semaine_derniere_and_prochaine_are_iso_weeks(tag):
    found = tag("Kiev a protesté la semaine dernière et discutera la semaine prochaine.")
    assert found["la semaine dernière"] == ("DATE", "2021-W13", None)
    assert found["la semaine prochaine"] == ("DATE", "2021-W15", None)


def test_cette_semaine_is_publication_week(tag):
    assert value_of(tag("Le journal a publié cette semaine la liste."), "cette semaine") == "2021-W14"


def test_ce_week_end_by_tense(tag):
    assert value_of(tag("Les ministres se réuniront ce week-end."), "ce week-end") == "2021-W14-WE"
    assert value_of(tag("Les coureurs se sont rendus ce week-end à Lyon."), "ce week-end") == "2021-W13-WE"


# -- calendar dates -------------------------------------------------------------------------------

def test_le_1er_avril_without_year(tag):
    assert tag("Les alliés se sont réunis le 1er avril.")["le 1er avril"] == ("DATE", "2021-04-01", None)


def test_full_date_with_year(tag):
    assert value_of(tag("Le cessez-le-feu a été signé le 27 juillet 2020."), "le 27 juillet 2020") == "2020-07-27"


def test_weekday_day_month_picks_the_year_whose_weekday_matches(tag):
    found = tag("Le traité a été signé mercredi 30 décembre à Paris.", published="2021-01-04")
    assert found["mercredi 30 décembre"][1] == "2020-12-30"


def test_month_with_year(tag):
    assert tag("La trêve a été conclue en juillet 2020.")["juillet 2020"] == ("DATE", "2020-07", None)


def test_two_digit_year_after_month(tag):
    assert value_of(tag("Le chantier a commencé en octobre 98.", published="1999-05-23"), "octobre 98") == "1998-10"


def test_day_month_dernier(tag):
    assert value_of(tag("Le parlement élu le 20 décembre dernier siège."), "le 20 décembre dernier") == "2020-12-20"


def test_list_of_days_shares_the_month(tag):
    found = tag("Les élections auront lieu les 6 et 13 juin prochains.")
    assert found["les 6"][1] == "2021-06-06"
    assert found["13 juin prochains"][1] == "2021-06-13"


# -- year-less months by tense and proximity ------------------------------------------------------

def test_yearless_month_in_past_tense_is_before_publication(tag):
    assert value_of(tag("Le suspect a été arrêté en septembre."), "septembre") == "2020-09"


def test_yearless_month_in_future_tense_is_after_publication(tag):
    assert value_of(tag("Le sommet se tiendra en septembre."), "septembre") == "2021-09"


def test_yearless_month_close_to_publication_beats_a_weak_tense(tag):
    # The past tense is that of the report, the month is the coming one.
    assert value_of(tag("Un vote en mai a été évoqué par les élus."), "mai") == "2021-05"


def test_month_prochain(tag):
    assert value_of(tag("L'accord sera signé en juin prochain."), "juin prochain") == "2021-06"


# -- years, relative years, decades ---------------------------------------------------------------

def test_l_an_dernier(tag):
    assert tag("L'an dernier, la croissance était forte.")["L'an dernier"] == ("DATE", "2020", None)


def test_l_annee_prochaine(tag):
    assert value_of(tag("Les ours seront transférés l'année prochaine."), "l'année prochaine") == "2022"


def test_depuis_year(tag):
    found = tag("Le conflit a fait plus de 13 000 morts depuis 2014.")
    assert found["2014"] == ("DATE", "2014", None)


def test_counts_are_not_years(tag):
    found = tag("Quelque 2000 soldats et 1 950 policiers ont été déployés.")
    assert not any(v[0] == "DATE" for v in found.values()), found


def test_decade(tag):
    assert value_of(tag("Dans les années 60, la ville était prospère."), "Dans les années 60") == "196X"
    assert value_of(tag("La crise des années 1990 a laissé des traces."), "des années 1990") == "199X"


# -- modifiers ------------------------------------------------------------------------------------

def test_fin_mars_has_mod_end(tag):
    assert tag("Les prix ont chuté fin mars.")["fin mars"] == ("DATE", "2021-03", "END")


def test_debut_year_has_mod_start(tag):
    assert tag("Les travaux ont commencé début 2020.")["début 2020"] == ("DATE", "2020", "START")


def test_mi_month_has_mod_mid(tag):
    assert tag("Les négociations ont repris mi-janvier.")["mi-janvier"] == ("DATE", "2021-01", "MID")


def test_la_fin_de_l_annee_derniere(tag):
    found = tag("La toiture a été refaite à la fin de l'année dernière.")
    assert ("DATE", "2020", "END") in found.values()


def test_fixed_holidays_after_a_preposition_but_not_first_names(tag):
    found = tag("Le député Noël Martin reviendra à Noël; les ventes chutent depuis la Toussaint.")
    assert found["Noël"] == ("DATE", "2021-12-25", None)
    assert found["Toussaint"] == ("DATE", "2020-11-01", None)
    assert len([t for t in found if t == "Noël"]) == 1


# -- relative to publication with a quantity ------------------------------------------------------

def test_il_y_a_trois_jours(tag):
    assert value_of(tag("Il est arrivé il y a trois jours."), "il y a trois jours") == "2021-04-03"


def test_il_y_a_une_semaine_is_a_week(tag):
    assert value_of(tag("Il a été élu il y a une semaine."), "il y a une semaine") == "2021-W13"


def test_dans_deux_mois(tag):
    assert value_of(tag("Le traité entrera en vigueur dans deux mois."), "dans deux mois") == "2021-06"


# -- nights, clock times --------------------------------------------------------------------------

def test_dans_la_nuit_de_mercredi_a_jeudi(tag):
    found = tag("Des tirs ont été entendus dans la nuit de mercredi à jeudi.")
    assert found["dans la nuit de mercredi à jeudi"] == ("TIME", "2021-03-31TNI", None)


def test_vers_20h00_is_approximate_and_takes_the_sentence_day(tag):
    found = tag("L'explosion a eu lieu lundi vers 20H00.")
    assert found["vers 20H00"] == ("TIME", "2021-04-05T20:00", "APPROX")


def test_clock_time_with_time_zone(tag):
    found = tag("La réunion a commencé hier à 11H00 GMT.")
    # "hier à 11H00 GMT" is one expression: the day joined by "à" to its clock time.
    assert found["hier à 11H00 GMT"] == ("TIME", "2021-04-05T11:00", None)


def test_clock_time_with_minutes_and_spaces(tag):
    found = tag("Le train est parti mardi, vers 21 h 45.")
    assert found["vers 21 h 45"][1] == "2021-04-06T21:45"


def test_durations_in_hours_are_not_clock_times(tag):
    found = tag("Le suspect a été gardé 48 heures au commissariat.")
    assert found["48 heures"] == ("DURATION", "PT48H", None)


# -- story-anchored expressions --------------------------------------------------------------------

def test_le_lendemain_is_anchored_to_the_story_date(tag):
    found = tag("Le 16 mars, il a été arrêté. Le lendemain, il a été libéré.")
    assert found["Le lendemain"] == ("DATE", "2021-03-17", None)


def test_la_veille_is_anchored_to_the_story_date(tag):
    found = tag("Jeudi 1er avril, le maire a démissionné. La veille, il avait reconnu les faits.")
    assert value_of(found, "La veille") == "2021-03-31"


def test_la_veille_de_something_is_not_the_story_day(tag):
    found = tag("Le 16 mars, à la veille des élections, le parti a parlé, à l'avant-veille d'un vote.")
    assert not any("veille" in text.lower() for text in found)


def test_en_soiree_takes_the_story_day(tag):
    assert value_of(tag("Le maire a parlé hier puis a quitté la salle en soirée."), "en soirée") == "2021-04-05TEV"


def test_approximate_quantities(tag):
    found = tag("Il y a une dizaine de jours, le club, fondé depuis une quinzaine d'années, a gagné.")
    assert found["Il y a une dizaine de jours"] == ("DATE", "2021-03-27", "APPROX")
    assert found["une quinzaine d'années"] == ("DURATION", "P15Y", "APPROX")


def test_dans_la_soiree_takes_the_story_day(tag):
    found = tag("Il est arrivé hier à Lyon où il devait parler dans la soirée.")
    assert value_of(found, "dans la soirée") == "2021-04-05TEV"


# -- numbers in letters, durations, sets, references ----------------------------------------------

@pytest.mark.parametrize("words, number", [
    ("trois", 3), ("vingt-quatre", 24), ("trente et un", 31), ("soixante-dix", 70),
    ("quatre-vingt-dix", 90), ("deux cents", 200), ("mille", 1000), ("dix-huit", 18), ("30,4", 30.4),
])
def test_number_words(resources, words, number):
    assert parse_number(words, grammar(resources)) == number


def test_durations_in_letters(tag):
    found = tag("Après dix-huit mois de siège et quelques jours de trêve, le siège a repris.")
    assert found["dix-huit mois"] == ("DURATION", "P18M", None)
    assert found["quelques jours"] == ("DURATION", "PXD", None)


def test_sets(tag):
    found = tag("Le marché a lieu tous les jeudis et le journal paraît chaque jour.")
    assert found["tous les jeudis"] == ("SET", "XXXX-WXX-4", None)
    assert found["chaque jour"] == ("SET", "P1D", None)


def test_le_plus_weekday_outside_the_past_is_habitual(tag):
    found = tag("La bibliothèque rouvrira en mai, uniquement le mercredi.")
    assert found["mercredi"] == ("SET", "XXXX-WXX-3", None)


def test_part_of_day_naming_an_event_is_not_a_time(tag):
    assert "Cette soirée" not in tag("Cette soirée dansante a réuni deux cents personnes.")


def test_clock_time_without_day_before_takes_the_adjacent_one(tag):
    found = tag("Vers 0 h 40, jeudi, deux voitures se sont heurtées.")
    assert found["Vers 0 h 40"] == ("TIME", "2021-04-01T00:40", "APPROX")


def test_present_reference(tag):
    assert tag("Le pays compte actuellement dix régions.")["actuellement"] == ("TIME", "PRESENT_REF", None)


# -- no publication date ---------------------------------------------------------------------------

def test_without_publication_relative_values_are_none_absolute_ones_kept(tag):
    found = tag("Il a été arrêté hier, mardi, après les faits du 27 juillet 2020.", published=None)
    assert found["hier"] == ("DATE", None, None)
    assert found["mardi"][1] is None
    assert found["27 juillet 2020"][1] == "2020-07-27" or found.get("le 27 juillet 2020", (0, 0))[1] == "2020-07-27"


def test_offsets_index_the_text(make_context):
    text = "Selon la police, l'attaque a eu lieu mardi soir vers 22h30 à Lyon."
    ctx = make_context(text)
    for timex in extract_timexes(ctx):
        assert text[timex.start:timex.end] == timex.text


def test_words_that_look_like_dates_are_not_dates(tag):
    found = tag("Il a été ministre. La mer était calme et le marché ouvert; l'été a été chaud.")
    assert "mer" not in found and "ma" not in found
    assert not any(v[1] and v[1].endswith("SU") and "a été" in t for t, v in found.items())


# -- date_for: the date of a clause ------------------------------------------------------------------

def test_date_for_takes_the_timex_of_the_clause_verb(tagged):
    text = "L'armée a bombardé lundi la ville, que les rebelles avaient prise le 1er avril."
    ctx = tagged(text)
    start = text.index("L'armée")
    assert date_for(ctx, start, text.index(" la ville")) == ("2021-04-05", "lundi")
    clause = text.index("les rebelles")
    assert date_for(ctx, clause, len(text) - 1) == ("2021-04-01", "le 1er avril")


def test_date_for_falls_back_on_the_sentence(tagged):
    text = "Mardi, dans le nord du pays, des soldats ont été tués."
    ctx = tagged(text)
    assert date_for(ctx, text.index("des soldats"), len(text) - 1) == ("2021-04-06", "Mardi")


def test_date_for_uses_the_story_date_set_by_the_lead(tagged):
    text = "Le président a limogé lundi son ministre. Il a aussi nommé un nouveau chef d'état-major."
    ctx = tagged(text)
    start = text.index("Il a aussi")
    assert date_for(ctx, start, len(text) - 1) == ("2021-04-05", None)


def test_date_for_prefers_the_main_verb_over_a_subordinate_clause_in_the_span(tagged):
    text = ("Alors que des malades étaient soignés depuis le 2 mars, le ministère a reconnu "
            "l'épidémie le 30 mars.")
    ctx = tagged(text)
    assert date_for(ctx, 0, len(text) - 1) == ("2021-03-30", "le 30 mars")


def test_date_for_is_none_without_any_date(tagged):
    text = "Le président a limogé son ministre. Il a aussi nommé un nouveau chef."
    ctx = tagged(text)
    assert date_for(ctx, 0, 30) == (None, None)


def test_date_for_gives_week_and_month_precision(tagged):
    text = "Kiev a accusé la semaine dernière Moscou de masser des troupes. Un accord a été signé fin février."
    ctx = tagged(text)
    assert date_for(ctx, 0, text.index(" Moscou")) == ("2021-W13", "la semaine dernière")
    second = text.index("Un accord")
    assert date_for(ctx, second, len(text) - 1) == ("2021-02", "fin février")


@pytest.mark.parametrize("value, expected", [
    ("2021-04-06", "2021-04-06"), ("2021-04-06TEV", "2021-04-06"), ("2021-04-06T20:30", "2021-04-06"),
    ("2019-W01-WE", "2019-W01"), ("2020-02", "2020-02"), ("2020", "2020"), ("2020-SU", "2020"),
    ("196X", None), ("PRESENT_REF", None), ("P3D", None), ("XXXX-06", None), (None, None),
])
def test_contract_date(value, expected):
    assert contract_date(value) == expected


# -- dates.yaml beyond its schema -----------------------------------------------------------------

def test_dates_yaml_has_twelve_months_and_seven_weekdays(resources):
    data = resources.data("dates")
    assert sorted(set(data["months"].values())) == list(range(1, 13))
    assert sorted(data["weekdays"].values()) == list(range(1, 8))
    assert sorted(data["weekdays_plural"].values()) == list(range(1, 8))


def test_dates_yaml_has_no_duplicate_key():
    """yaml.safe_load keeps the last of two equal keys silently: check the source itself."""
    node = yaml.compose((LANG_DIR / "dates.yaml").read_text(encoding="utf-8"))
    for key_node, value_node in node.value:
        if isinstance(value_node, yaml.MappingNode):
            keys = Counter(k.value for k, _ in value_node.value)
        elif isinstance(value_node, yaml.SequenceNode):
            keys = Counter(v.value for v in value_node.value if isinstance(v, yaml.ScalarNode))
        else:
            continue
        duplicates = [k for k, n in keys.items() if n > 1]
        assert not duplicates, f"{key_node.value}: duplicate {duplicates}"


def test_dates_yaml_word_classes_do_not_overlap(resources):
    data = resources.data("dates")
    classes = ["months", "weekdays", "deictic_days", "anchored_days", "seasons", "number_words"]
    seen: dict[str, str] = {}
    for name in classes:
        for word in data[name]:
            assert word not in seen, f"{word!r} is in both {seen.get(word)} and {name}"
            seen[word] = name


def test_dates_yaml_number_words_cover_one_to_sixteen_and_tens(resources):
    values = set(resources.data("dates")["number_words"].values())
    assert set(range(1, 17)) | {20, 30, 40, 50, 60, 100, 1000} <= values


def test_grammar_compiles_once(resources):
    assert grammar(resources) is grammar(resources)


# -- date_for: clause-scoped dates ---------------------------------------------------------------
def test_date_for_leaves_out_a_relative_clause_inside_the_span(tagged):
    text = "Le président, qui avait reçu son homologue en janvier, a signé l'accord."
    ctx = tagged(text)
    assert date_for(ctx, 0, len(text) - 1)[0] != "2021-01"
    clause = text.index("qui avait")
    assert date_for(ctx, clause, text.index(", a signé")) == ("2021-01", "janvier")


def test_date_for_leaves_out_a_participle_on_the_object(tagged):
    text = "Le ministre a rejeté jeudi un accord signé dimanche par les rebelles."
    ctx = tagged(text)
    assert date_for(ctx, 0, text.index(" un accord")) == ("2021-04-01", "jeudi")
    assert date_for(ctx, text.index("a rejeté"), len(text) - 1)[1] != "dimanche"


def test_date_for_gives_an_event_noun_the_time_of_its_own_participle(tagged):
    text = "Les forces armées ont repoussé l'offensive lancée en janvier par les rebelles."
    ctx = tagged(text)
    noun = text.index("offensive")
    assert date_for(ctx, 0, len(text) - 1, trigger=noun) == ("2021-01", "janvier")


def test_date_for_keeps_a_background_relative_out_of_the_main_clause_date(tagged):
    text = "Un soldat qui avait déserté l'armée a été arrêté lundi."
    ctx = tagged(text)
    relative = text.index("qui avait")
    assert date_for(ctx, relative, text.index(" a été"))[0] != "2021-04-05"
    assert date_for(ctx, 0, len(text) - 1) == ("2021-04-05", "lundi")


def test_date_for_leaves_a_past_infinitive_undated_by_the_lead(tagged):
    text = ("Le président a gracié lundi un opposant. Ce dernier avait été condamné pour avoir "
            "insulté le chef de l'Etat.")
    ctx = tagged(text)
    start = text.index("pour avoir")
    assert date_for(ctx, start, len(text) - 1) == (None, None)
