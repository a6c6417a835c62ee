"""The French trigger lexicon (resources/fr/triggers.yaml), family by family: each construction
added for francophone-Africa, conflict and diplomacy dispatches fires with its PLOVER type (and
mode where it matters), and the non-event senses of the same words stay silent. Sentences are
written for these tests."""

from __future__ import annotations

import pytest

from event_helpers import codes, events_of, find


# (sentence, type, actor codes, recipient codes or empty, mode or None)
FIRES = [
    # CONSULT: an envoy sent is a visit by the sender
    ("La junte malienne a dépêché un émissaire au Burkina Faso.", "CONSULT", {"MLI"}, {"BFA"}, "visit"),
    # SUPPORT
    ("Le ministre français s'est réjoui de la libération des otages.", "SUPPORT", {"FRA"}, set(), None),
    ("Le président sénégalais a rendu hommage à son homologue ivoirien.", "SUPPORT", {"SEN"}, {"CIV"}, None),
    # CONCEDE
    ("La Turquie a reconnu avoir envoyé des troupes en Libye.", "CONCEDE", {"TUR"}, set(), None),
    ("Le président rwandais a demandé pardon aux victimes.", "CONCEDE", {"RWA"}, set(), None),
    # COOPERATE
    ("Les armées nigérienne et malienne ont mené des patrouilles conjointes.", "COOPERATE", {"NER"}, set(), None),
    # AID
    ("Le FMI a accordé un prêt de 300 millions de dollars au Kenya.", "AID", {"IMF"}, {"KEN"}, None),
    ("Les États-Unis sont venus en aide au Mozambique après le cyclone.", "AID", {"USA"}, {"MOZ"}, None),
    ("Les autorités nigériennes ont accueilli des milliers de réfugiés maliens.", "AID", {"NER"}, set(), None),
    # RETREAT
    ("Le président algérien a remis sa démission au Conseil constitutionnel.", "RETREAT", {"DZA"}, set(), "resign"),
    ("La justice burundaise a remis en liberté le journaliste.", "RETREAT", {"BDI"}, set(), "release"),
    ("Plusieurs centaines de détenus ont été élargis par les autorités afghanes.", "RETREAT", {"AFG"}, set(), "release"),
    ("La Cédéao a annoncé la levée des sanctions contre le Mali.", "RETREAT", {"ECOWAS"}, {"MLI"}, None),
    # REQUEST
    # "réclame" is left unlemmatised by spaCy; "gabonaise réclame" is not the reflexive "se réclamer"
    ("L'opposition gabonaise réclame un recomptage des voix.", "REQUEST", {"GAB"}, set(), None),
    # ACCUSE
    ("Le Niger a convoqué l'ambassadeur de France.", "ACCUSE", {"NER"}, {"FRA"}, "allege"),
    ("La Chine a protesté auprès de Washington après la visite.", "ACCUSE", {"CHN"}, {"USA"}, "allege"),
    ("Le procureur algérien a requis quatre ans de prison contre le journaliste.", "ACCUSE", {"DZA"}, set(), "allege"),
    ("L'opposant ivoirien a attaqué le gouvernement en justice.", "ACCUSE", {"CIV"}, set(), "allege"),
    # REJECT
    ("Les opposants guinéens contestent les résultats de l'élection.", "REJECT", {"GIN"}, set(), None),
    # PROTEST
    ("Des milliers d'Algériens se sont mobilisés vendredi contre le pouvoir.", "PROTEST", {"DZA"}, set(), "demo"),
    ("Des soldats maliens se sont mutinés au camp de Kati.", "PROTEST", {"MLI"}, set(), "riot"),
    # SANCTION
    ("Washington a rappelé son ambassadeur au Niger.", "SANCTION", {"USA"}, {"NER"}, "withdraw"),
    ("L'Algérie a annoncé qu'elle rappelait son ambassadeur à Paris.", "SANCTION", {"DZA"}, {"FRA"}, "withdraw"),
    ("Les Etats-Unis ont suspendu leur aide au Mali.", "SANCTION", {"USA"}, {"MLI"}, "discontinue"),
    ("Les Etats-Unis ont fermé leur ambassade au Soudan.", "SANCTION", {"USA"}, {"SDN"}, "withdraw"),
    ("Le Niger a déclaré persona non grata le représentant de l'ONU.", "SANCTION", {"NER"}, {"UN"}, "expel"),
    # MOBILIZE: a missile fired with no target is a weapons test, manoeuvres a show of force
    ("La Corée du Nord a tiré deux missiles balistiques en mer du Japon.", "MOBILIZE", {"PRK"}, set(), "weapons"),
    ("La Russie a lancé des manœuvres militaires près de la frontière ukrainienne.", "MOBILIZE", {"RUS"}, set(), None),
    # COERCE
    ("Le Maroc a fermé ses frontières avec l'Algérie.", "COERCE", {"MAR"}, {"DZA"}, "restrict"),
    ("La Cédéao a décrété la fermeture des frontières de ses membres avec le Mali.", "COERCE", {"ECOWAS"}, {"MLI"}, "restrict"),
    ("Le Burkina Faso a suspendu la diffusion de RFI.", "COERCE", {"BFA"}, set(), "censor"),
    ("Le Soudan a coupé internet dans tout le pays.", "COERCE", {"SDN"}, set(), "withhold"),
    # --- coverage on real dispatches (E2)
    # a joint press conference with a counterpart: the two met
    ("Le président malien a tenu une conférence de presse avec son homologue nigérien.", "CONSULT", {"MLI"}, {"NER"}, None),
    ("Le Premier ministre italien a indiqué avoir appelé le président égyptien.", "CONSULT", {"ITA"}, {"EGY"}, "phone"),
    ("La venue à Dakar du ministre français des Affaires étrangères a été saluée.", "CONSULT", {"FRA"}, {"SEN"}, "visit"),
    ("Le président américain a invité les dirigeants africains à participer au sommet.", "AGREE", {"USA"}, set(), None),
    ("Le porte-parole du gouvernement malien s'est montré réticent.", "REJECT", {"MLI"}, set(), None),
    ("Le refus de la France de livrer les suspects au Rwanda a été critiqué.", "REJECT", {"FRA"}, set(), None),
    ("Des manifestations inédites ont secoué mardi la capitale malienne.", "PROTEST", {"MLI"}, set(), "demo"),
    ("Le commissariat a été saccagé par des manifestants en colère à Abidjan.", "PROTEST", {"CIV"}, set(), "riot"),
    ("L'Union africaine a suspendu le Mali de ses instances.", "SANCTION", {"AU"}, {"MLI"}, "expel"),
    ("Le président togolais a annoncé le démantèlement de plusieurs cellules jihadistes.", "COERCE", {"TGO"}, set(), "arrest"),
    ("Les forces de sécurité congolaises ont fait près de 85 victimes.", "ASSAULT", {"COD"}, set(), None),
    ("L'armée malienne a chassé les jihadistes de Tombouctou.", "ASSAULT", {"MLI"}, set(), None),
    ("L'armée éthiopienne a perquisitionné le siège du parti d'opposition.", "COERCE", {"ETH"}, set(), "seize"),
    ("L'armée malienne a repris le contrôle de Kidal.", "COERCE", {"MLI"}, set(), "seize"),
    ("Les rebelles se sont emparés du camp militaire de Tessalit.", "COERCE", {"MLI"}, set(), "seize"),
    ("L'Egypte a expulsé des centaines de migrants soudanais.", "COERCE", {"EGY"}, set(), "deport"),
    ("La police a arrêté de nombreux opposants à Minsk.", "COERCE", {"BLR"}, set(), "arrest"),
    ("La justice sénégalaise a ordonné le placement en détention de l'opposant.", "COERCE", {"SEN"}, set(), "arrest"),
    ("Les États-Unis ont annoncé le gel des avoirs de plusieurs responsables soudanais.", "COERCE", {"USA"}, set(), "seize"),
    # ASSAULT
    ("Les rebelles ont tendu une embuscade à un convoi de l'armée nigériane.", "ASSAULT", {"NGA"}, set(), None),
    ("La police a tiré des gaz lacrymogènes sur les manifestants à Bamako.", "ASSAULT", {"MLI"}, set(), "crowd-control"),
    ("La police nigériane a chargé les manifestants à Lagos.", "ASSAULT", {"NGA"}, set(), "crowd-control"),
    ("Le Hezbollah a lancé des missiles contre le nord d'Israël.", "ASSAULT", {"LBN"}, {"ISR"}, "heavy-weapons"),
    ("Human Rights Watch dénonce des exécutions sommaires commises par l'armée burkinabè.", "ASSAULT", {"BFA"}, set(), "execute"),
    ("Les soldats tchadiens ont échangé des tirs avec les rebelles.", "ASSAULT", {"TCD"}, set(), "firearms"),
    ("Human Rights Watch a dénoncé des viols commis par des soldats congolais.", "ASSAULT", {"COD"}, set(), "sexual"),
    # Second round: verdicts, concessions, dismissals, coups, warrants, trips
    ("Paris a jugé inacceptable l'intervention turque en Libye.", "ACCUSE", {"FRA"}, {"TUR"}, "disapprove"),
    ("La CPI a émis un mandat d'arrêt contre le président soudanais Omar el-Béchir.", "ACCUSE", {"ICC"}, {"SDN"}, "allege"),
    ("Le ministre algérien reproche au journaliste d'avoir travaillé sans accréditation.", "ACCUSE", {"DZA"}, set(), None),
    ("Le président ivoirien a renoncé à briguer un troisième mandat.", "CONCEDE", {"CIV"}, set(), None),
    ("Les forces du maréchal Haftar se sont repliées de la périphérie de Tripoli.", "RETREAT", {"LBY"}, set(), "withdraw"),
    ("Le FMI recommande au gouvernement tunisien de réduire ses dépenses.", "REQUEST", {"IMF"}, {"TUN"}, None),
    ("Le président tunisien a limogé le ministre de l'Intérieur.", "SANCTION", {"TUN"}, set(), "expel"),
    ("Des militaires maliens ont renversé le président Ibrahim Boubacar Keïta.", "COERCE", {"MLI"}, set(), "seize"),
    ("Les militaires guinéens ont mené un coup d'Etat contre le président Alpha Condé.", "COERCE", {"GIN"}, set(), "seize"),
    ("Les rebelles ont posé des mines sur les routes du nord du Mozambique.", "ASSAULT", {"MOZ"}, set(), "explosives"),
    ("Le voyage officiel du président français au Rwanda a commencé mardi.", "CONSULT", {"FRA"}, {"RWA"}, "visit"),
    # Third round: bare protest nouns, seizures, joint operations, military backing, consent, calls
    ("Des échauffourées ont éclaté entre manifestants et policiers guinéens à Conakry.", "PROTEST", {"GIN"}, set(), "riot"),
    ("Le gouvernement malien a annoncé la prise de l'aéroport de Kidal.", "COERCE", {"MLI"}, set(), "seize"),
    ("L'armée burkinabè a lancé une opération militaire contre les jihadistes.", "ASSAULT", {"BFA"}, set(), None),
    ("Donald Trump s'en est pris aux Mexicains pendant sa campagne.", "ACCUSE", {"USA"}, {"MEX"}, "disapprove"),
    ("La justice française a mis en examen l'ancien ministre tunisien.", "ACCUSE", {"FRA"}, {"TUN"}, "allege"),
    ("Le président syrien a relevé de ses fonctions le Premier ministre.", "SANCTION", {"SYR"}, set(), "expel"),
    ("Le GNA, soutenu militairement par la Turquie, a repris Tarhouna.", "AID", {"TUR"}, {"LBY"}, None),
    ("La Turquie a renforcé son soutien militaire au gouvernement libyen.", "AID", {"TUR"}, {"LBY"}, None),
    ("Le Hamas a donné son accord à un cessez-le-feu avec Israël.", "AGREE", {"PSE"}, set(), None),
    ("Emmanuel Macron a appelé son homologue égyptien Abdel Fattah al-Sissi.", "CONSULT", {"FRA"}, {"EGY"}, "phone"),
    ("L'opposition ivoirienne a qualifié de forfaiture la candidature d'Alassane Ouattara.", "ACCUSE", {"CIV"}, set(), None),
    # Expelling envoys is a sanction, expelling people a deportation; a court's condemnation a conviction
    ("Le Mali a expulsé le représentant de la Cédéao à Bamako.", "SANCTION", {"MLI"}, {"ECOWAS"}, "expel"),
    ("La France a expulsé un imam radical vers l'Algérie.", "COERCE", {"FRA"}, set(), "deport"),
    ("Le tribunal de Dakar a condamné l'opposant sénégalais pour diffamation.", "SANCTION", {"SEN"}, set(), "convict"),
    ("La France a condamné l'attaque contre les soldats nigériens.", "ACCUSE", {"FRA"}, set(), None),
    ("Donald Trump a reconnu Jérusalem comme capitale d'Israël.", "SUPPORT", {"USA"}, {"ISR"}, None),
    # Present-tense forms that spaCy leaves unlemmatised
    ("Le gouvernement malien demande la libération des otages.", "REQUEST", {"MLI"}, set(), None),
    ("Le Niger demande à la France de retirer ses troupes.", "REQUEST", {"NER"}, {"FRA"}, None),
    ("L'armée syrienne bombarde la province d'Idleb.", "ASSAULT", {"SYR"}, set(), "aerial"),
    ("Le président tchadien invite les rebelles au dialogue.", "REQUEST", {"TCD"}, set(), "meet"),
    ("L'Union européenne verse une aide de 50 millions d'euros au Niger.", "AID", {"EU"}, {"NER"}, None),
    # "se dire" + attitude adjectives, gifts, pardons, cordons
    ("Le président sénégalais s'est dit opposé à toute intervention militaire en Gambie.", "REJECT", {"SEN"}, set(), None),
    ("Le secrétaire général de l'ONU s'est dit satisfait de l'accord entre le Soudan et le Soudan du Sud.", "SUPPORT", {"UN"}, set(), None),
    ("Le président ivoirien a exprimé sa gratitude envers la France.", "SUPPORT", {"CIV"}, set(), None),
    ("Le président camerounais a tendu la main aux séparatistes anglophones.", "AGREE", {"CMR"}, set(), None),
    ("Le ministre malien a échangé avec son homologue français.", "CONSULT", {"MLI"}, {"FRA"}, None),
    ("La Chine a offert 200.000 doses de vaccin au Sénégal.", "AID", {"CHN"}, {"SEN"}, None),
    ("La police kényane a bouclé le quartier de Kibera.", "COERCE", {"KEN"}, set(), "restrict"),
    ("Des centaines de policiers quadrillent la capitale guinéenne.", "MOBILIZE", {"GIN"}, set(), "police"),
    ("Des mines antipersonnel posées par les rebelles ont tué trois soldats maliens.", "ASSAULT", {"MLI"}, set(), "explosives"),
    # THREATEN: threats received from someone
    ("Le reporter français a reçu des menaces de la part des talibans.", "THREATEN", {"AFG"}, {"FRA"}, None),
    # ASSAULT: reprisals carried out, military operations against a group
    ("Les rebelles centrafricains ont exercé des représailles contre des villageois.", "ASSAULT", {"CAF"}, set(), None),
    ("L'armée nigériane a multiplié les opérations militaires contre Boko Haram.", "ASSAULT", {"NGA"}, {"NGA"}, None),
    ("Le Premier ministre grec s'est dit prêt à rencontrer le président turc.", "AGREE", {"GRC"}, {"TUR"}, None),
    ("Les soldats tchadiens combattent les jihadistes de Boko Haram près du lac Tchad.", "ASSAULT", {"TCD"}, set(), None),
    ("Le président malien a eu un entretien avec son homologue nigérien à Niamey.", "CONSULT", {"MLI"}, {"NER"}, None),
]


@pytest.mark.parametrize("text,type_,actor,recipient,mode", FIRES, ids=[f"{c[1]}:{c[0][:40]}" for c in FIRES])
def test_trigger_fires(coder, text, type_, actor, recipient, mode):
    events = events_of(coder, text)
    e = find(events, type_, actor, recipient)
    got = [(x.type, x.mode, sorted(codes(x.actor)), sorted(codes(x.recipient)), x.rule) for x in events]
    assert e is not None, got
    if mode:
        assert e.mode == mode, got


# (sentence, type that must not be coded): other senses of the same words
SILENT = [
    ("\"C'est très difficile\", reconnaît Michel, un habitant de Bamako.", "CONCEDE"),
    ("Le gouvernement malien vise à organiser des élections en 2022.", "ASSAULT"),
    ("Les ministres ont assisté à la cérémonie au Sénégal.", "AID"),
    ("La commission chargée de l'enquête a rendu son rapport au président ivoirien.", "ASSAULT"),
    ("Le ministre ivoirien défend son bilan devant les députés.", "SUPPORT"),
    ("L'Union européenne a élargi ses sanctions contre la Biélorussie.", "RETREAT"),
    ("\"La France reste engagée au Mali\", a rappelé l'ambassadeur de France à Bamako.", "SANCTION"),
    ("L'ambassadeur américain a rappelé que les Etats-Unis restent engagés au Niger.", "SANCTION"),
    ("Les Etats-Unis ont levé les sanctions contre le Soudan.", "SANCTION"),
    ("La Cédéao a annoncé la levée des sanctions contre le Mali.", "SANCTION"),
    ("Le Hamas a tiré des roquettes sur Israël.", "MOBILIZE"),
    ("La police a tiré des gaz lacrymogènes sur les manifestants à Bamako.", "MOBILIZE"),
    ("Les Etats-Unis se sont retirés d'Afghanistan.", "SANCTION"),
    ("Il faut arrêter de faire peur à la Russie.", "COERCE"),
    ("Le ministre s'est demandé si la Russie voulait la paix.", "REQUEST"),
    ("Il dit avoir arrêté de jeûner il y a deux ans.", "COERCE"),
    ("C'est un coup dur pour le gouvernement français.", "COERCE"),
    ("L'opposant ivoirien est sous le coup d'une condamnation à 20 ans de prison.", "COERCE"),
    ("\"Je le recommande\", a plaisanté le président russe.", "REQUEST"),
    ("Le gouvernement reconnu par l'ONU a dénoncé les frappes.", "CONCEDE"),
    ("La secrétaire d'État française s'est emparée de la polémique dimanche.", "COERCE"),
    ("Le ministre français a participé à une manifestation culturelle à Dakar.", "PROTEST"),
    ("Le ministre iranien s'est pris en photo avec sa mère.", "ACCUSE"),
    ("Le ministre français a relevé que la situation restait grave.", "SANCTION"),
    ("Le président tunisien a relevé la directrice de la santé publique.", "SANCTION"),
    ("À la demande du gouvernement malien, la France a envoyé des soldats.", "REQUEST"),
    ("Les combats ont opposé l'armée malienne aux jihadistes près de Gao.", "REJECT"),
    ("Grâce à l'aide de la France, le Niger a repoussé l'attaque.", "RETREAT"),
    ("Le président malien a appelé les Maliens au calme.", "CONSULT"),
    ("Le président de la commission électorale burundaise avait appelé jeudi les Burundais.", "CONSULT"),
    ("Sur un ton diamétralement opposé, le président américain a dit partager la détresse des manifestants.", "REJECT"),
    # a noun "demande" is not the verb; `with` reads complements, not the subject; a modal
    # ("pouvoir") is not the complement of the infinitive it governs
    ("A la demande du gouvernement malien, la réunion a été reportée.", "REQUEST"),
    ("L'ambassadeur du Sénégal a rappelé que son pays soutenait la transition.", "SANCTION"),
    ("Le président ne peut renoncer aux fonds qu'il réclame pour son projet.", "CONCEDE"),
    # false positives seen on real dispatches
    ("Nous assistons à une flambée des prix au Sénégal, a déclaré le Premier ministre.", "AID"),
    ("Le ministre ivoirien de la Défense a tenu une conférence de presse à Abidjan.", "CONSULT"),
    ("L'ancien ministre camerounais est visé par une plainte pour détournement.", "ASSAULT"),
    ("Le chef rebelle est visé par un mandat d'arrêt de la justice centrafricaine.", "ASSAULT"),
    # false positives seen on real dispatches (E2)
    ("Le consultant en transports américain John Smith a été interrogé à New York.", "CONSULT"),
    ("Aucune victime n'est à déplorer, selon la police nigériane.", "ACCUSE"),
    ("\"Nous n'avons plus d'eau\", déplore un habitant de Niamey.", "ACCUSE"),
    ("Les autorités mauriciennes ont déclaré un état d'urgence environnemental.", "COERCE"),
    ("Le président américain a été salué comme un héros par ses partisans.", "SUPPORT"),
    ("Les forces maliennes déploient des efforts pour ramener la paix.", "MOBILIZE"),
    ("Le gouvernement sénégalais a déployé des moyens de secours après les inondations.", "MOBILIZE"),
    ("Le nouveau texte du gouvernement américain renforce le dispositif de protection des étudiants.", "MOBILIZE"),
    ("Les autorités libyennes ont suspendu le retour des déplacés à Tripoli.", "SANCTION"),
    ("Le gouvernement malien a renvoyé le procès à une date ultérieure.", "SANCTION"),
    ("Les journalistes marocains sont accusés de menacer la sécurité nationale.", "THREATEN"),
    ("\"C'est une honte\", a protesté le ministre sénégalais de la Justice.", "PROTEST"),
    ("La présence de soldats français au Mali fait l'objet de contestations.", "PROTEST"),
    ("L'Etat islamique a fait état de la mort d'un soldat tunisien.", "ASSAULT"),
    ("L'opposition malienne a lancé un appel à la démission du Premier ministre.", "RETREAT"),
    # natural forces are no actors
    ("La crue du fleuve Niger a détruit des centaines de maisons à Niamey.", "ASSAULT"),
    ("Les pluies diluviennes ont détruit plusieurs ponts au Burkina Faso.", "ASSAULT"),
    # reprisals feared, promised or as a motive are no assault
    ("Les habitants du village malien ont peur des représailles des jihadistes.", "ASSAULT"),
    ("Le chef de la junte guinéenne a promis des représailles contre les putschistes.", "ASSAULT"),
    ("L'armée nigérienne a dit craindre des représailles contre les civils.", "ASSAULT"),
    # figurative senses of shooting, showing and asking
    ("Les gendarmes béninois refusent d'en tirer la moindre conclusion sur le sort des deux touristes.", "ASSAULT"),
    ("La députée sénégalaise a manifesté son intention de se présenter à la présidentielle.", "PROTEST"),
    ("Le président gabonais demande toujours son avis à son épouse.", "REQUEST"),
    # fighting an epidemic, a fire or an opponent at the polls is no assault
    ("Le gouvernement sénégalais a promis de combattre la pandémie avec des moyens accrus.", "ASSAULT"),
    ("Les pompiers portugais combattent un incendie dans le centre du pays.", "ASSAULT"),
    ("Le Premier ministre ivoirien affrontera son rival au second tour.", "ASSAULT"),
        # an interview given to a newspaper and a question asked are no consultation or request
    ("Dans un entretien accordé à un quotidien dakarois, le président sénégalais a défendu sa réforme.", "CONSULT"),
    ("Le ministre gabonais s'est demandé si le gouvernement camerounais tiendrait parole.", "REQUEST"),
    ("Le chef de l'opposition togolaise se demande comment le président pourra gouverner.", "REQUEST"),
        # readiness with no undertaking
    ("\"Nous sommes prêts\", a déclaré le chef de l'armée togolaise avant la saison des pluies.", "AGREE"),
]


@pytest.mark.parametrize("text,type_", SILENT, ids=[f"{c[1]}:{c[0][:40]}" for c in SILENT])
def test_other_sense_is_silent(coder, text, type_):
    events = events_of(coder, text)
    assert not [e for e in events if e.type == type_], [(e.type, e.rule, e.evidence) for e in events]


def test_treaty_withdrawal_is_a_sanction_and_territory_withdrawal_a_retreat(coder):
    treaty = events_of(coder, "Les Etats-Unis se sont retirés de l'accord sur le nucléaire iranien.")
    territory = events_of(coder, "Les Etats-Unis se sont retirés d'Afghanistan.")
    assert find(treaty, "SANCTION", {"USA"}) is not None
    assert find(territory, "RETREAT", {"USA"}) is not None


def test_envoy_verbs_and_constructions_have_one_type(resources):
    """A word under the same constraints codes one type only (also checked in test_events);
    here: every trigger added to the lexicon names a known role and a CAMEO code."""
    data = resources.data("triggers")
    ids = {t["id"] for t in data["triggers"]}
    for rule in ("fr.consult.depecher_emissaire", "fr.accuse.convoquer_ambassadeur", "fr.coerce.fermer_frontieres",
                 "fr.coerce.s_emparer", "fr.assault.execution", "fr.sanction.se_retirer_de"):
        assert rule in ids


def test_a_toll_is_an_assault_only_when_an_armed_subject_inflicted_it(coder):
    armed = events_of(coder, "Les forces de sécurité congolaises ont fait près de 85 victimes à Kinshasa.")
    storm = events_of(coder, "Le cyclone Idai a fait plus de 600 morts au Mozambique.")
    war = events_of(coder, "La guerre au Yémen a fait des dizaines de milliers de morts.")
    assert [e for e in armed if e.type == "ASSAULT"]
    assert not [e for e in storm + war if e.type == "ASSAULT" and e.rule == "fr.assault.faire_victimes"]


def test_prosecution_for_a_crime_is_a_charge_and_continuing_is_silent(coder):
    """"poursuivi pour corruption" is a charge (ACCUSE allege); "poursuivre" in its sense of
    continuing ("poursuivre ses efforts contre la corruption", "poursuivre son vol") is no act."""
    charged = events_of(coder, "L'opposant Amadou Keita a été poursuivi pour corruption par le parquet de Bamako.")
    hit = [e for e in charged if e.rule == "fr.accuse.poursuivre_crime"]
    assert hit and hit[0].type == "ACCUSE" and hit[0].mode == "allege"
    assert "MLI" in codes(hit[0].recipient)
    for text in ("Le gouvernement malien entend poursuivre ses efforts contre la corruption.",
                 "Le Premier ministre a promis de poursuivre la lutte contre la fraude fiscale.",
                 "L'avion de la compagnie ivoirienne a pu poursuivre son vol vers Abidjan."):
        assert not [e for e in events_of(coder, text) if e.rule == "fr.accuse.poursuivre_crime"], text


def test_state_of_emergency_as_noun_with_its_participle(coder):
    """"l'état d'urgence décrété par X", "X a prolongé l'état d'urgence": a restriction by X even
    when the participle modifies "état"; its lifting or a life under it is none."""
    decreed = events_of(coder, "L'état d'urgence décrété par le président tunisien a été prolongé d'un mois.")
    assert find(decreed, "COERCE", {"TUN"}) is not None
    extended = events_of(coder, "Le président sénégalais a prolongé l'état d'urgence jusqu'en juin.")
    assert find(extended, "COERCE", {"SEN"}) is not None
    for text in ("Le Parlement éthiopien a levé l'état d'urgence instauré en novembre.",
                 "Le pays vit sous l'état d'urgence depuis des années."):
        assert not [e for e in events_of(coder, text) if e.type == "COERCE"], text
