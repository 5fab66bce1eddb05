"""Every fixed text of the family portal, in plain Dutch (B1) and English. We speak to the family as "u"."""

TEXTS = {
    "portal": ("Mijn gezin", "My family"),
    "nav_label": ("Menu van Mijn gezin", "My family menu"),
    "nav_home": ("Ons plan", "Our plan"),
    "nav_helpers": ("Wie helpt ons", "Who helps us"),
    "nav_meetings": ("Overleggen", "Meetings"),
    "nav_log": ("Wie keek in ons dossier", "Who looked at our file"),
    "nav_consent": ("Toestemming", "Consent"),
    "nav_my_data": ("Mijn gegevens", "My data"),
    "logged_in_as": ("Ingelogd als", "Logged in as"),
    "logout": ("Uitloggen", "Log out"),
    # Login and refusal
    "login": ("Inloggen bij Mijn gezin", "Log in to My family"),
    "login_button": ("Inloggen", "Log in"),
    "login_intro": ("Hier ziet u het plan van uw gezin, wie u helpt en wie in uw dossier keek. "
                    "U kunt ook zelf doelen en reacties schrijven.",
                    "Here you see your family's plan, who helps you and who looked at your file. "
                    "You can also write goals and comments yourself."),
    "login_demo": ("Dit is een demo met verzonnen gezinnen. Echte gezinnen loggen straks in met DigiD.",
                   "This is a demo with made-up families. Real families will log in with DigiD."),
    "username": ("Gebruikersnaam", "Username"),
    "password": ("Wachtwoord", "Password"),
    "login_failed": ("De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters.",
                     "The username or password is not right. Mind capital letters."),
    "not_family_login": ("Dit inloggen is alleen voor gezinnen. Bent u professional? Gebruik dan de werkplek.",
                         "This login is for families only. Are you a professional? Then use the workspace."),
    "err_required": ("Vul dit in.", "Fill this in."),
    "errors_intro": ("Er gaat iets mis. Kijk hieronder.", "Something is wrong. See below."),
    "forbidden_title": ("Dit is alleen voor gezinnen", "This is for families only"),
    "forbidden_text": ("Mijn gezin is de plek waar een gezin zijn eigen plan en dossier ziet. "
                       "U bent ingelogd, maar niet als gezin. Daarom kunt u hier niet verder.",
                       "My family is where a family sees its own plan and file. "
                       "You are logged in, but not as a family. So you cannot go on here."),
    "forbidden_workspace": ("Naar de werkplek voor professionals", "To the workspace for professionals"),
    "forbidden_logout": ("Uitloggen en als gezin inloggen", "Log out and log in as a family"),
    # Home: our plan
    "home_title": ("Ons plan", "Our plan"),
    "home_intro": ("Dit is het plan van uw gezin. Het plan is van u. Hulpverleners werken eraan mee.",
                   "This is your family's plan. The plan is yours. Helpers work on it with you."),
    "no_plan": ("Er is nog geen plan. Uw coördinator maakt het plan samen met u.",
                "There is no plan yet. Your coordinator makes the plan together with you."),
    "family_words": ("Wat wij willen, in onze eigen woorden", "What we want, in our own words"),
    "volunteer": ("Vrijwilliger: iemand die helpt zonder ervoor betaald te worden", "Volunteer: someone who helps without being paid for it"),
    "family_words_empty": ("Nog niet opgeschreven.", "Not written down yet."),
    "plan_version": ("Versie {version} van het plan, gestart op {day}.", "Version {version} of the plan, started on {day}."),
    "goals": ("Onze doelen", "Our goals"),
    "no_goals": ("Er staan nog geen doelen in het plan.", "There are no goals in the plan yet."),
    "written_by_family": ("Geschreven door uw gezin", "Written by your family"),
    "written_by_professional": ("Geschreven door een hulpverlener", "Written by a helper"),
    "achieved": ("Bereikt", "Achieved"),
    "not_achieved": ("Nog niet bereikt", "Not achieved yet"),
    "mark_achieved": ("Dit doel is bereikt", "This goal is achieved"),
    "life_domain": ("Onderwerp", "Topic"),
    "actions": ("Afspraken", "Actions"),
    "actions_for_goal": ("Afspraken voor dit doel", "Actions for this goal"),
    "other_actions": ("Andere afspraken", "Other actions"),
    "no_actions": ("Nog geen afspraken.", "No actions yet."),
    "who_does_it": ("Wie doet het", "Who does it"),
    "due": ("Klaar op", "Due"),
    "status": ("Hoe staat het", "Status"),
    "late": ("Te laat: dit had klaar moeten zijn op {day}.", "Late: this should have been done by {day}."),
    "coordinator": ("Onze coördinator", "Our coordinator"),
    "coordinator_intro": ("De coördinator is uw vaste contactpersoon. Hij of zij houdt het overzicht.",
                          "The coordinator is your main contact. He or she keeps the overview."),
    "no_coordinator": ("Er is nog geen coördinator gekozen. Dat doet u samen met uw hulpverleners.",
                       "No coordinator has been chosen yet. You choose one together with your helpers."),
    "organisation": ("Organisatie", "Organisation"),
    "phone": ("Telefoon", "Phone"),
    "email": ("E-mail", "Email"),
    "mandate": ("Wat de coördinator mag regelen", "What the coordinator may arrange"),
    "since": ("Sinds", "Since"),
    "until": ("Tot", "Until"),
    "how_chosen": ("Hoe u de coördinator koos", "How you chose the coordinator"),
    "comments": ("Reacties", "Comments"),
    "no_comments": ("Nog geen reacties.", "No comments yet."),
    "by_family": ("uw gezin", "your family"),
    "add_goal": ("Een doel toevoegen", "Add a goal"),
    "add_goal_hint": ("Schrijf in uw eigen woorden wat u wilt bereiken. Bijvoorbeeld: 'Ik wil mijn rekeningen op tijd betalen.'",
                      "Write in your own words what you want to reach. For example: 'I want to pay my bills on time.'"),
    "goal_text": ("Ons doel", "Our goal"),
    "domain_optional": ("Onderwerp (mag leeg blijven)", "Topic (may stay empty)"),
    "no_domain": ("Geen onderwerp", "No topic"),
    "save_goal": ("Doel opslaan", "Save goal"),
    "edit_words": ("Onze woorden aanpassen", "Change our words"),
    "edit_words_hint": ("Schrijf op wat u wilt bereiken, zoals u het zelf zegt. Uw hulpverleners lezen dit.",
                        "Write what you want to reach, the way you say it yourself. Your helpers read this."),
    "words_text": ("Wat wij willen", "What we want"),
    "save_words": ("Woorden opslaan", "Save our words"),
    "words_saved": ("Uw woorden staan in het plan.", "Your words are in the plan."),
    "add_comment": ("Een reactie schrijven", "Write a comment"),
    "add_comment_hint": ("Wat vindt u van het plan? Wat gaat goed, wat niet? Uw hulpverleners lezen dit.",
                         "What do you think of the plan? What goes well, what does not? Your helpers read this."),
    "comment_text": ("Uw reactie", "Your comment"),
    "save_comment": ("Reactie plaatsen", "Post comment"),
    "goal_saved": ("Uw doel staat in het plan.", "Your goal is in the plan."),
    "goal_marked": ("Het doel staat nu op bereikt.", "The goal is now marked as achieved."),
    "comment_saved": ("Uw reactie is geplaatst.", "Your comment is posted."),
    "err_form": ("Het formulier is niet compleet. Laad de pagina opnieuw en probeer het nog eens.",
                 "The form is not complete. Load the page again and try once more."),
    "err_too_long": ("Dit is te lang. Gebruik hoogstens {n} tekens.", "This is too long. Use at most {n} characters."),
    "err_no_plan": ("Er is nog geen plan. Uw coördinator maakt het plan samen met u.",
                    "There is no plan yet. Your coordinator makes the plan together with you."),
    # Helpers
    "helpers_title": ("Wie helpt ons", "Who helps us"),
    "helpers_intro": ("Hier staat welke organisaties uw gezin nu helpen, en wie eerder hielp.",
                      "Here you see which organisations help your family now, and who helped before."),
    "helpers_now": ("Nu", "Now"),
    "helpers_before": ("Eerder", "Before"),
    "no_helpers_now": ("Op dit moment helpt niemand uw gezin via Meedoen.", "At the moment nobody helps your family through Meedoen."),
    "no_helpers_before": ("Geen.", "None."),
    "contact": ("Contact", "Contact"),
    "help_kind": ("Soort hulp", "Kind of help"),
    "for_whom": ("Voor wie", "For whom"),
    "whole_family": ("het hele gezin", "the whole family"),
    "role_coordinator": ("Dit is uw coördinator.", "This is your coordinator."),
    "referrals": ("Doorverwijzingen", "Referrals"),
    "referrals_intro": ("Soms vraagt een organisatie een andere organisatie om u te helpen. Dat heet een doorverwijzing. "
                        "Hier ziet u waarom, en hoe het staat.",
                        "Sometimes an organisation asks another organisation to help you. That is a referral. "
                        "Here you see why, and how it stands."),
    "no_referrals": ("Er zijn geen doorverwijzingen.", "There are no referrals."),
    "from_to": ("Van {src} naar {dst}", "From {src} to {dst}"),
    "reason": ("Waarom", "Why"),
    "asked_on": ("Gevraagd op", "Asked on"),
    "answered_on": ("Beantwoord op", "Answered on"),
    "started_on": ("Hulp gestart op", "Help started on"),
    "closed_on": ("Afgesloten op", "Closed on"),
    "answer_by": ("Antwoord nodig vóór", "Answer needed before"),
    "answer_reason": ("Uitleg", "Explanation"),
    # Meetings
    "meetings_title": ("Overleggen over ons gezin", "Meetings about our family"),
    "meetings_intro": ("Soms praten hulpverleners samen over uw gezin. U bent daarbij uitgenodigd, "
                       "tenzij er een goede reden is. Die reden staat hier dan.",
                       "Sometimes helpers talk together about your family. You are invited, "
                       "unless there is a good reason. Then that reason is written here."),
    "no_meetings": ("Er zijn geen overleggen.", "There are no meetings."),
    "meeting_on": ("Overleg op {day}", "Meeting on {day}"),
    "when": ("Wanneer", "When"),
    "where": ("Waar", "Where"),
    "invited": ("U bent uitgenodigd.", "You are invited."),
    "not_invited": ("U bent niet uitgenodigd.", "You are not invited."),
    "not_invited_reason": ("De reden", "The reason"),
    "participants": ("Wie is er bij", "Who takes part"),
    "agenda": ("Waar het over gaat (agenda)", "What it is about (agenda)"),
    "minutes": ("Wat er besproken is", "What was discussed"),
    "no_minutes": ("Nog geen verslag.", "No minutes yet."),
    "decisions": ("Besluiten", "Decisions"),
    "no_decisions": ("Nog geen besluiten.", "No decisions yet."),
    # Access log
    "log_title": ("Wie keek in ons dossier", "Who looked at our file"),
    "log_intro": ("Iedere keer dat iemand uw gegevens bekijkt of verandert, schrijven we dat op. "
                  "Hier ziet u wie, wanneer, wat en waarom. Het nieuwste staat bovenaan.",
                  "Every time somebody looks at or changes your data, we write it down. "
                  "Here you see who, when, what and why. The newest is at the top."),
    "log_when": ("Wanneer", "When"),
    "log_who": ("Wie", "Who"),
    "log_what": ("Welke gegevens", "Which data"),
    "log_action": ("Wat", "What"),
    "log_why": ("Waarom", "Why"),
    "log_you": ("U zelf", "You"),
    "log_family_member": ("{name} (uw gezin)", "{name} (your family)"),
    "log_empty": ("Nog niemand heeft in uw dossier gekeken.", "Nobody has looked at your file yet."),
    "log_count": ("{count} keer in totaal.", "{count} times in total."),
    "page_of": ("Pagina {page} van {pages}", "Page {page} of {pages}"),
    "newer": ("Nieuwer", "Newer"),
    "older": ("Ouder", "Older"),
    "log_question": ("Klopt er iets niet? Bel of mail uw coördinator.", "Does something look wrong? Call or email your coordinator."),
    # Consent
    "consent_title": ("Toestemming", "Consent"),
    "consent_intro": ("U bepaalt wie welke gegevens van uw gezin mag zien. Een organisatie die u helpt, ziet alleen "
                      "wie u bent en wie u nog meer helpt. Voor meer is uw toestemming nodig. "
                      "U kunt toestemming altijd weer intrekken. Dat werkt meteen.",
                      "You decide who may see which data of your family. An organisation that helps you only sees "
                      "who you are and who else helps you. For more, your consent is needed. "
                      "You can always withdraw consent. That works at once."),
    "consent_what": ("Wat betekenen de soorten gegevens?", "What do the kinds of data mean?"),
    "consent_why": ("Waarvoor is de toestemming?", "What is the consent for?"),
    "consent_child": ("Alleen een ouder of verzorger kan toestemming geven of intrekken. U kunt hier wel alles bekijken.",
                      "Only a parent or carer can give or withdraw consent. You can look at everything here."),
    "consent_given": ("Toestemming gegeven", "Consent given"),
    "consent_not_given": ("Geen toestemming", "No consent"),
    "consent_given_since": ("Gegeven op {day}", "Given on {day}"),
    "give": ("Toestemming geven", "Give consent"),
    "withdraw": ("Intrekken", "Withdraw"),
    "kind_of_data": ("Soort gegevens", "Kind of data"),
    "state": ("Nu", "Now"),
    "change": ("Wijzigen", "Change"),
    "purpose_heading": ("Voor: {purpose}", "For: {purpose}"),
    "involved_now": ("Helpt uw gezin nu.", "Helps your family now."),
    "other_organisation": ("Toestemming geven aan een andere organisatie", "Give consent to another organisation"),
    "other_organisation_hint": ("Kies een organisatie van uw gemeente. Die ziet daarna alleen iets als zij uw gezin ook helpt.",
                                "Choose an organisation of your municipality. It only sees something if it also helps your family."),
    "choose_organisation": ("Organisatie", "Organisation"),
    "choose_category": ("Soort gegevens", "Kind of data"),
    "choose_purpose": ("Waarvoor", "What for"),
    "consent_saved": ("De toestemming is gegeven.", "The consent is given."),
    "consent_withdrawn": ("De toestemming is ingetrokken. Dat werkt meteen.", "The consent is withdrawn. That works at once."),
    "consent_history": ("Alle toestemmingen, ook eerdere", "All consents, also earlier ones"),
    "no_consents": ("Er is nog geen toestemming gegeven.", "No consent has been given yet."),
    "given_on": ("Gegeven op", "Given on"),
    "given_by": ("Gegeven door", "Given by"),
    "recorded_by": ("Ingevoerd door", "Entered by"),
    "withdrawn_on": ("Ingetrokken op", "Withdrawn on"),
    "withdrawn_by": ("door", "by"),
    "still_valid": ("Geldt nog", "Still valid"),
    "err_parent_only": ("Alleen een ouder of verzorger kan toestemming intrekken.", "Only a parent or carer can withdraw consent."),
    "err_consent_id": ("Deze toestemming bestaat niet. Laad de pagina opnieuw.", "This consent does not exist. Load the page again."),
    # My data
    "my_data_title": ("Mijn gegevens", "My data"),
    "my_data_intro": ("U mag altijd alle gegevens zien die wij over u hebben. Dat is uw recht (de AVG). "
                      "Hier downloadt u ze in één bestand.",
                      "You may always see all the data we have about you. That is your right (the GDPR). "
                      "Here you download them in one file."),
    "my_data_what": ("In het bestand staat: uw naam en geboortedatum, bij welk gezin u hoort, de gezinsanalyse, "
                     "wie u helpt, doorverwijzingen, overleggen, het plan, toestemmingen en wie in het dossier keek.",
                     "The file holds: your name and date of birth, which family you belong to, the family analysis, "
                     "who helps you, referrals, meetings, the plan, consents and who looked at the file."),
    "my_data_format": ("Het bestand is een JSON-bestand. Dat is gewone tekst met een vaste vorm, zodat u het ook aan "
                       "een ander programma of iemand die u helpt kunt geven.",
                       "The file is a JSON file. That is plain text in a fixed form, so you can also give it to "
                       "another program or somebody who helps you."),
    "my_data_logged": ("We schrijven op dat u uw gegevens heeft opgevraagd. Dat ziet u bij 'Wie keek in ons dossier'.",
                       "We write down that you asked for your data. You see that under 'Who looked at our file'."),
    "download": ("Download mijn gegevens (JSON)", "Download my data (JSON)"),
    "about_person": ("Gegevens over {name}", "Data about {name}"),
}

# What each consent category and purpose means, in plain words.
CATEGORY_HELP = {
    "analysis": ("Hoe het gaat met uw gezin op elk gebied: geld, wonen, gezondheid, school. En wat de problemen zijn.",
                 "How your family is doing in each area: money, housing, health, school. And what the problems are."),
    "finances": ("Uw inkomen en uw schulden.", "Your income and your debts."),
    "plan": ("Het gezinsplan: uw doelen en wie wat afspreekt.", "The family plan: your goals and who agrees to do what."),
    "meetings": ("Overleggen over uw gezin: de agenda, het verslag en de besluiten.",
                 "Meetings about your family: the agenda, the minutes and the decisions."),
    "referrals": ("Wat een organisatie aan de volgende doorgeeft als zij u doorverwijst. Dan hoeft u uw verhaal niet opnieuw te vertellen.",
                  "What an organisation passes on to the next one when it refers you. Then you do not have to tell your story again."),
    "notes": ("Aantekeningen die hulpverleners over uw gezin maken.", "Notes that helpers make about your family."),
}
PURPOSE_HELP = {
    "help": ("Om uw gezin te helpen en de hulp goed op elkaar af te stemmen.",
             "To help your family and to make sure the help fits together."),
    "handover": ("Om u goed over te dragen aan een andere organisatie, als u daar naartoe gaat.",
                 "To hand you over well to another organisation, when you go there."),
}
# Log categories the vocabulary does not name (yet).
EXTRA_LOG_CATEGORIES = {"access_log": ("wie in het dossier keek", "who looked at the file")}


def texts(lang):
    """All fixed texts in ``lang``, for templates (``T.key``)."""
    return {key: (nl if lang == "nl" else en) for key, (nl, en) in TEXTS.items()}


def t(key, lang, **values):
    nl, en = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text


def pick(pair, lang):
    """One side of an (nl, en) pair."""
    return pair[0 if lang == "nl" else 1]
