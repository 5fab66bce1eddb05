"""Fixed texts of the two-factor pages of the workspace (set up, the code after login, remove, reset), in plain
Dutch and English."""

TEXTS = {
    # the second step after the password
    "verify_title": ("Code uit uw app", "Code from your app"),
    "verify_intro": ("U bent bijna ingelogd. Open de app op uw telefoon die codes maakt voor Meedoen, en typ de code "
                     "van 6 cijfers die u nu ziet.",
                     "You are almost logged in. Open the app on your phone that makes codes for Meedoen, and type the "
                     "6-digit code you see now."),
    "verify_help": ("Heeft u uw telefoon niet meer, of werkt de app niet? Vraag functioneel beheer om uw "
                    "tweestapsverificatie te wissen. Daarna stelt u die opnieuw in.",
                    "Lost your phone, or does the app not work? Ask the functional administrators to reset your "
                    "two-factor authentication. Then you set it up again."),
    "code": ("Code", "Code"),
    "code_hint": ("6 cijfers. De code verandert elke 30 seconden.", "6 digits. The code changes every 30 seconds."),
    "verify_button": ("Inloggen", "Log in"),
    # set up
    "enrol_title": ("Tweestapsverificatie instellen", "Set up two-factor authentication"),
    "enrol_required": ("Uw organisatie vraagt om tweestapsverificatie. Na uw wachtwoord typt u dan ook een code uit "
                       "een app op uw telefoon. Stel dat nu eenmalig in.",
                       "Your organisation asks for two-factor authentication. After your password you then also type "
                       "a code from an app on your phone. Set this up once, now."),
    "enrol_optional": ("Met tweestapsverificatie typt u na uw wachtwoord ook een code uit een app op uw telefoon. Dan "
                       "komt niemand binnen met alleen uw wachtwoord.",
                       "With two-factor authentication you type a code from an app on your phone after your password. "
                       "Then nobody gets in with your password alone."),
    "enrol_step_app": ("Stap 1. Neem een app voor codes op uw telefoon, bijvoorbeeld de app die uw organisatie "
                       "aanraadt (zoals FreeOTP, Microsoft Authenticator of Google Authenticator).",
                       "Step 1. Take an app for codes on your phone, for example the one your organisation recommends "
                       "(such as FreeOTP, Microsoft Authenticator or Google Authenticator)."),
    "enrol_step_scan": ("Stap 2. Scan deze QR-code met de app. Lukt scannen niet? Typ dan de geheime sleutel hieronder "
                        "in de app.",
                        "Step 2. Scan this QR code with the app. Scanning does not work? Then type the secret key below "
                        "into the app."),
    "qr_alt": ("QR-code om Meedoen aan uw app toe te voegen", "QR code to add Meedoen to your app"),
    "secret": ("Geheime sleutel", "Secret key"),
    "secret_hint": ("Laat deze sleutel aan niemand zien.", "Show this key to nobody."),
    "uri": ("Of deze link, voor apps die hem lezen", "Or this link, for apps that read it"),
    "enrol_step_confirm": ("Stap 3. Typ de code die de app nu laat zien. Zo weten we dat het goed is ingesteld.",
                           "Step 3. Type the code the app shows now. That way we know it is set up right."),
    "enrol_button": ("Bevestigen", "Confirm"),
    "enrolled": ("Tweestapsverificatie staat aan. Voortaan vragen we na uw wachtwoord om een code uit de app.",
                 "Two-factor authentication is on. From now on we ask for a code from the app after your password."),
    "status_title": ("Tweestapsverificatie", "Two-factor authentication"),
    "status_on": ("Tweestapsverificatie staat aan sinds {date}.", "Two-factor authentication has been on since {date}."),
    "remove_link": ("Tweestapsverificatie uitzetten of een nieuwe telefoon instellen",
                    "Turn two-factor authentication off or set up a new phone"),
    # remove
    "remove_title": ("Tweestapsverificatie uitzetten", "Turn off two-factor authentication"),
    "remove_intro": ("Typ een code uit uw app om te laten zien dat u het zelf bent.",
                     "Type a code from your app to show it is you."),
    "remove_required": ("Uw organisatie vraagt om tweestapsverificatie. Na het uitzetten stelt u die meteen opnieuw in, "
                        "bijvoorbeeld op een nieuwe telefoon.",
                        "Your organisation asks for two-factor authentication. After turning it off you set it up "
                        "again at once, for example on a new phone."),
    "remove_button": ("Uitzetten", "Turn off"),
    "removed": ("Tweestapsverificatie staat uit.", "Two-factor authentication is off."),
    "removed_required": ("Tweestapsverificatie staat uit. Stel die nu opnieuw in.",
                         "Two-factor authentication is off. Set it up again now."),
    "none_yet": ("U heeft nog geen tweestapsverificatie.", "You do not have two-factor authentication yet."),
    # reset by the functional administrator
    "admin_title": ("Tweestapsverificatie van professionals", "Two-factor authentication of professionals"),
    "admin_intro": ("Is een professional de telefoon kwijt? Wis dan de tweestapsverificatie. Bij de volgende keer "
                    "inloggen stelt de professional die opnieuw in. Elke keer wissen komt in het beheerlogboek.",
                    "Has a professional lost their phone? Then reset the two-factor authentication. At the next login "
                    "the professional sets it up again. Every reset is written to the admin log."),
    "admin_required": ("Tweestapsverificatie is verplicht voor alle professionals.",
                       "Two-factor authentication is required for every professional."),
    "admin_optional": ("Tweestapsverificatie is een keuze van elke professional.",
                       "Two-factor authentication is each professional's own choice."),
    "admin_none": ("Er is nog niemand met tweestapsverificatie.", "Nobody has two-factor authentication yet."),
    "admin_user": ("Gebruikersnaam", "Username"),
    "admin_name": ("Naam", "Name"),
    "admin_since": ("Aan sinds", "On since"),
    "admin_last_used": ("Laatst gebruikt", "Last used"),
    "admin_failures": ("Verkeerde codes op rij", "Wrong codes in a row"),
    "admin_action": ("Actie", "Action"),
    "admin_reset": ("Wissen", "Reset"),
    "admin_reset_label": ("Wis de tweestapsverificatie van {username}", "Reset the two-factor authentication of {username}"),
    "admin_done": ("De tweestapsverificatie van {username} is gewist. Bij de volgende keer inloggen stelt {username} "
                   "die opnieuw in.",
                   "The two-factor authentication of {username} is reset. At the next login {username} sets it up "
                   "again."),
    "admin_not_found": ("Deze professional heeft geen tweestapsverificatie (meer). Er is niets gewist.",
                        "This professional has no two-factor authentication (any more). Nothing was reset."),
    "log_reset": ("Tweestapsverificatie gewist via de werkplek", "Two-factor authentication reset in the workspace"),
    # errors
    "errors_intro": ("Er gaat iets mis. Kijk bij het veld met een rode rand.",
                     "Something is wrong. Look at the field with a red border."),
    "err_empty": ("Vul de code uit de app in.", "Fill in the code from the app."),
    "err_format": ("De code bestaat uit 6 cijfers, zonder letters.", "The code is 6 digits, without letters."),
    "err_wrong": ("Deze code klopt niet. Kijk of u de code voor Meedoen gebruikt en typ de code die de app nu laat zien.",
                  "This code is not right. Check that you use the code for Meedoen and type the code the app shows now."),
    "err_throttled": ("U heeft te vaak een verkeerde code getypt. Wacht {seconds} seconden en probeer het dan opnieuw. "
                      "Lukt het niet? Vraag functioneel beheer om hulp.",
                      "You typed a wrong code too often. Wait {seconds} seconds, then try again. Still not working? "
                      "Ask the functional administrators for help."),
    "not_for_family": ("Tweestapsverificatie hier is alleen voor professionals.",
                       "Two-factor authentication here is for professionals only."),
    "api_needed": ("Tweestapsverificatie nodig: maak eerst de tweede stap van het inloggen af in de werkplek.",
                   "Two-factor authentication needed: finish the second login step in the workspace first."),
}


def texts(lang):
    """All texts in ``lang`` ('nl' or 'en')."""
    index = 0 if lang == "nl" else 1
    return {key: pair[index] for key, pair in TEXTS.items()}


def t(key, lang, **values):
    """One text in ``lang``, with ``{name}`` filled in from ``values``."""
    text = TEXTS[key][0 if lang == "nl" else 1]
    return text.format(**values) if values else text
