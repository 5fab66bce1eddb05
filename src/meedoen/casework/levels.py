"""What the self-reliance scores 1-5 of the whole-family analysis mean, in plain Dutch (B1) and English.

Written by the project for Meedoen (not taken from any licensed scale): per level a short name and a
general description, and per life domain one line that says what the level looks like there. The domain
keys are those of ``vocabulary.LIFE_DOMAINS``.
"""

SCORES = (1, 2, 3, 4, 5)

LEVELS = {
    1: {"name": ("Crisis", "Crisis"),
        "text": ("Het gaat nu mis. Er is meteen hulp nodig om erger te voorkomen.",
                 "Things are going wrong now. Help is needed straight away to prevent worse.")},
    2: {"name": ("Grote zorgen", "Serious worries"),
        "text": ("Het lukt niet zonder hulp. Zonder steun wordt het snel slechter.",
                 "It does not work without help. Without support it soon gets worse.")},
    3: {"name": ("Wankel", "Shaky"),
        "text": ("Het lukt net, maar het is kwetsbaar. Eén tegenvaller kan het laten omslaan.",
                 "It just about works, but it is fragile. One setback can tip it over.")},
    4: {"name": ("Redt zich", "Managing"),
        "text": ("Het lukt, soms met een beetje hulp van mensen om het gezin heen.",
                 "It works, sometimes with a little help from people around the family.")},
    5: {"name": ("Gaat goed", "Going well"),
        "text": ("Het gaat goed. Op dit gebied is geen hulp nodig.",
                 "Things are going well. No help is needed here.")},
}

DOMAIN_HINTS = {
    "income": {
        1: ("Geen inkomen, of geen geld voor eten en huur.", "No income, or no money for food and rent."),
        2: ("Het inkomen is te laag of onzeker; vaak geld tekort.", "Income is too low or uncertain; often short of money."),
        3: ("Genoeg voor het nodige, maar geen ruimte voor tegenvallers.", "Enough for the basics, but no room for setbacks."),
        4: ("Vast inkomen; rondkomen lukt met wat plannen.", "Steady income; making ends meet works with some planning."),
        5: ("Vast inkomen en elke maand wat over.", "Steady income and something left each month."),
    },
    "housing": {
        1: ("Geen woning, of binnenkort uit huis gezet.", "No home, or about to be evicted."),
        2: ("De woning is onveilig of veel te klein, of de huur is niet betaald.", "The home is unsafe or far too small, or rent is unpaid."),
        3: ("Er is een woning, maar er zijn zorgen over de kosten of de staat ervan.", "There is a home, but there are worries about its cost or state."),
        4: ("Een passende woning; kleine problemen lost het gezin zelf op.", "A suitable home; the family solves small problems itself."),
        5: ("Een veilige, passende woning die het gezin kan betalen.", "A safe, suitable home the family can afford."),
    },
    "physical_health": {
        1: ("Ernstig ziek of gewond, zonder de zorg die nodig is.", "Seriously ill or injured, without the care that is needed."),
        2: ("De gezondheid remt het dagelijks leven sterk; de zorg loopt niet goed.", "Health holds daily life back a lot; care is not going well."),
        3: ("Klachten die het dagelijks leven raken; er is wel zorg.", "Complaints that affect daily life; care is in place."),
        4: ("Enkele klachten, goed onder controle.", "Some complaints, well under control."),
        5: ("Gezond, of klachten zitten niet in de weg.", "Healthy, or complaints do not get in the way."),
    },
    "parenting": {
        1: ("Kinderen zijn niet veilig of krijgen niet de zorg die ze nodig hebben.", "Children are not safe or do not get the care they need."),
        2: ("Ouders kunnen de zorg en de opvoeding nu niet aan.", "Parents cannot cope with care and upbringing right now."),
        3: ("Opvoeden lukt met moeite; er is vaak spanning thuis.", "Parenting works with difficulty; there is often tension at home."),
        4: ("Opvoeden gaat goed; af en toe is advies welkom.", "Parenting goes well; advice is welcome now and then."),
        5: ("Rust en veiligheid thuis; de kinderen groeien goed op.", "Calm and safety at home; the children grow up well."),
    },
    "school": {
        1: ("Gaat niet naar school of opleiding, of heeft geen plek.", "Does not go to school or training, or has no place."),
        2: ("Veel verzuim, of dreigt vast te lopen op school.", "Often absent, or about to get stuck at school."),
        3: ("Gaat wel, maar met problemen in leren of gedrag.", "Goes, but with problems in learning or behaviour."),
        4: ("Gaat geregeld; kleine zorgen.", "Goes regularly; small worries."),
        5: ("Gaat graag en het gaat goed.", "Likes going and it goes well."),
    },
    "leisure": {
        1: ("Geen enkele ontspanning; de dag draait om overleven.", "No relaxation at all; the day is about getting by."),
        2: ("Bijna geen vrije tijd of iets buiten de deur.", "Hardly any free time or anything outside the home."),
        3: ("Soms iets leuks, maar dat hangt af van geld of hulp.", "Something nice now and then, but it depends on money or help."),
        4: ("Geregeld sport, een hobby of een uitje.", "Regular sport, a hobby or an outing."),
        5: ("Vrije tijd die past bij de persoon, zonder drempels.", "Free time that suits the person, without barriers."),
    },
    "debts": {
        1: ("Schulden lopen hard op; afsluiting of beslag dreigt.", "Debts rise fast; being cut off or having income seized is close."),
        2: ("Achterstanden die het gezin zelf niet oplost.", "Arrears the family cannot sort out on its own."),
        3: ("Schulden met een regeling die soms misgaat.", "Debts with an arrangement that sometimes fails."),
        4: ("Schulden met een regeling die goed loopt.", "Debts with an arrangement that works."),
        5: ("Geen schulden, of alleen schulden die het gezin aankan.", "No debts, or only debts the family can handle."),
    },
    "mental_health": {
        1: ("Gevaar voor zichzelf of anderen, of een crisis zonder hulp.", "Danger to self or others, or a crisis without help."),
        2: ("Psychische klachten of verslaving bepalen de dag.", "Mental health problems or addiction rule the day."),
        3: ("Klachten zijn merkbaar; hulp is er of is gevraagd.", "Problems show; help is there or has been asked for."),
        4: ("Klachten zijn klein en onder controle.", "Problems are small and under control."),
        5: ("Voelt zich goed; geen verslaving.", "Feels well; no addiction."),
    },
    "work": {
        1: ("Geen werk of dagbesteding en ook geen zicht daarop.", "No work or day activity, and none in sight."),
        2: ("Werk of dagbesteding is onzeker of valt vaak weg.", "Work or day activity is uncertain or often drops away."),
        3: ("Werkt of heeft dagbesteding, maar het kost veel moeite.", "Works or has a day activity, but it takes a lot of effort."),
        4: ("Werk of dagbesteding die redelijk past.", "Work or a day activity that fits fairly well."),
        5: ("Werk of dagbesteding die goed past en voldoening geeft.", "Work or a day activity that fits well and is satisfying."),
    },
    "network": {
        1: ("Niemand om op terug te vallen, of in gevaar door anderen.", "Nobody to fall back on, or put at risk by others."),
        2: ("Weinig contact; de mensen om het gezin heen helpen niet of maken het zwaarder.",
            "Little contact; the people around the family do not help or make things harder."),
        3: ("Een paar mensen helpen soms, maar niet genoeg.", "A few people help sometimes, but not enough."),
        4: ("Familie, vrienden of buren helpen als het nodig is.", "Family, friends or neighbours help when needed."),
        5: ("Een stevig netwerk; het gezin helpt ook anderen.", "A strong network; the family helps others too."),
    },
}


def _index(lang):
    return 0 if lang == "nl" else 1


def level_name(score, lang="nl"):
    """'Wankel' / 'Shaky' for 3; empty for no score."""
    level = LEVELS.get(score)
    return level["name"][_index(lang)] if level else ""


def level_text(score, lang="nl"):
    level = LEVELS.get(score)
    return level["text"][_index(lang)] if level else ""


def domain_hint(domain, score, lang="nl"):
    """The one line for ``score`` in ``domain``; empty when either is unknown."""
    hint = DOMAIN_HINTS.get(domain, {}).get(score)
    return hint[_index(lang)] if hint else ""


def legend(lang="nl"):
    """The five levels for a page: [{score, name, text}]."""
    return [{"score": score, "name": level_name(score, lang), "text": level_text(score, lang)} for score in SCORES]


def score_choices(lang="nl"):
    """(value, label) pairs for a score field: '3 - Wankel'."""
    return [(score, f"{score} - {level_name(score, lang)}") for score in SCORES]
