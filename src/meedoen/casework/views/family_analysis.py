"""Recording a new whole-family analysis: for the household and each current member every life domain (score
1-5 and situation), problems (cause or symptom), and debts (creditor, kind, amount in euros; empty = unknown).
Debts only with the family's consent for money. Saved through services.analysis.record, all or nothing."""

from django.db import transaction
from django.urls import path
from django.views.decorators.http import require_http_methods

from .. import access, levels
from .. import vocabulary as v
from ..errors import CaseworkError
from ..forms_family import DEBT_ROWS, HOUSEHOLD, PROBLEM_ROWS, FamilyForm, analysis_input, service_field
from ..services import analysis as analysis_service
from ..services import families
from .common import casework_required, family_or_404, lang_of, log_read
from .family_common import back_to_family, choices, form_page, posted
from .family_edit import no_consent
from .family_texts import texts

TITLE = ("Nieuwe gezinsanalyse", "New family analysis")


def subjects_of(family, day):
    """[(key, person or None, membership or None)]: the household first, then the current members."""
    members = families.members_on(family, day)
    return [(HOUSEHOLD, None, None)] + [(str(m.person_id), m.person, m) for m in members]


def form_context(family, subjects, values, problems, lang, with_debts):
    """The fields of the analysis form with their values and messages (field ids: ``analysis_<name>``)."""
    words = texts(lang)

    def field(name):
        return {"name": name, "id": f"analysis_{name}", "value": values.get(name) or "", "error": problems.get(name, "")}
    blocks = []
    for key, person, membership in subjects:
        title = words["household_whole"] if person is None else f"{person.full_name} ({v.label(v.MEMBER_ROLES, membership.role, lang)})"
        rows = [{"label": v.label(v.LIFE_DOMAINS, domain, lang), "score": field(f"score_{key}_{domain}"),
                 "situation": field(f"situation_{key}_{domain}"),
                 "hints": [levels.domain_hint(domain, score, lang) for score in levels.SCORES]}
                for domain in v.LIFE_DOMAINS]
        blocks.append({"key": key, "title": title, "rows": rows})
    member_choices = [(key, person.full_name) for key, person, _ in subjects if person is not None]

    def row(prefix, number, parts):
        return {"number": number, **{part: field(f"{prefix}{number}_{part}") for part in parts}}
    return {
        "blocks": blocks, "member_choices": member_choices, "score_choices": levels.score_choices(lang),
        "domains": choices(v.LIFE_DOMAINS, lang), "kinds": choices(v.PROBLEM_KINDS, lang), "debt_kinds": choices(v.DEBT_KINDS, lang),
        "problem_rows": [row("problem", n, ("person", "domain", "kind", "description")) for n in range(1, PROBLEM_ROWS + 1)],
        "debt_rows": [row("debt", n, ("person", "creditor", "kind", "amount")) for n in range(1, DEBT_ROWS + 1)] if with_debts else [],
        "made_on": field("made_on"), "summary": field("summary"), "subjects_error": problems.get("subjects", ""), "legend": levels.legend(lang), "with_debts": with_debts,
    }


@casework_required
@require_http_methods(["GET", "POST"])
def new_analysis(request, pk):
    lang = lang_of(request)
    day = access.today()
    family = family_or_404(request, pk)
    if not family.may_analysis:
        return no_consent(request, family, v.ANALYSIS)
    with_debts = bool(family.may_finances)
    subjects = subjects_of(family, day)
    log_read(request, family.pk, [v.BASIC], detail="formulier / form: analysis")

    def show(problems, values, status):
        extra = {"a": form_context(family, subjects, values, problems, lang, with_debts)}
        return form_page(request, family, "analysis", TITLE, problems, values, {}, status=status, extra=extra)
    if request.method == "GET":
        return show({}, {"made_on": day.isoformat()}, 200)
    form = FamilyForm(request.POST)
    made_on = form.day("made_on")
    people = {person.pk: person for _, person, _ in subjects if person is not None}
    found = analysis_input(form, [(key, person) for key, person, _ in subjects], people, with_debts=with_debts)
    if not with_debts and any(key.startswith("debt") and (request.POST.get(key) or "").strip() for key in request.POST):
        form.fail("debt1_creditor", "Het gezin gaf uw organisatie geen toestemming voor geldzaken; schulden kunt u niet invullen.",
                  "The family did not give your organisation consent for money matters; you cannot enter debts.")
    if not (found["assessments"] or found["problems"] or found["debts"]) and not form.problems:
        form.fail(f"score_{HOUSEHOLD}_income", "Vul ten minste één leefgebied, probleem of schuld in.",
                  "Fill in at least one life domain, problem or debt.")
    me = access.professional_of(request.user)
    try:
        form.check()
        with transaction.atomic():
            analysis_service.record(request.user, family, me.organisation, made_on=made_on, summary=form.text("summary"),
                                    assessments=found["assessments"], problems=found["problems"], debts=found["debts"])
    except CaseworkError as exc:
        messages = {service_field(field, found["fields"]): message for field, message in exc.messages(lang).items()}
        return show(messages, posted(request), 400)
    return back_to_family(request, family.pk, ("De gezinsanalyse is opgeslagen.", "The family analysis is saved."), "analysis")


urlpatterns = [path("<int:pk>/analyse/", new_analysis, name="analysis_new")]
