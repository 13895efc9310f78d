"""The public self-referral form at /refer/: a parent asks for support, without signing in.

The answers are kept in the session, page by page, and only become a referral on the last
page. Nothing here looks families up, so what a parent sees never depends on whether the
team already knows them.
"""

import ipaddress
import secrets
from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import dateformat
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from families.validators import format_nhs_number
from referrals.forms.public import (
    BORN_CHOICES,
    REASONS,
    RELATIONSHIPS,
    AboutYouForm,
    AddressForm,
    BabyBirthDateForm,
    BabyBornForm,
    BabyDueDateForm,
    ContactForm,
    HubForm,
    NhsNumberForm,
    QuestionForm,
    ReasonsForm,
    active_hubs,
)
from referrals.models import Channel, Source
from referrals.services import referral_create
from team.models import Hub, Organisation

# The field a person never sees and a bot fills in.
HONEYPOT_FIELD = "website"
SENT_REFERENCE_KEY = "self_referral_sent"

FORMS: dict[str, type[QuestionForm]] = {
    "about-you": AboutYouForm,
    "contact": ContactForm,
    "address": AddressForm,
    "baby": BabyBornForm,
    "baby-date": BabyBirthDateForm,
    "reasons": ReasonsForm,
    "hub": HubForm,
    "nhs-number": NhsNumberForm,
}


class Answers:
    """The parent's answers so far, kept in the session between pages, one dict per page."""

    SESSION_KEY = "self_referral"

    def __init__(self, session):
        self.session = session
        self.pages: dict[str, dict[str, Any]] = session.get(self.SESSION_KEY, {})

    @cached_property
    def steps(self) -> list[str]:
        """The pages this parent answers, in order. The hub question only when there are hubs."""
        return [slug for slug in FORMS if slug != "hub" or active_hubs()]

    def form_class(self, slug: str) -> type[QuestionForm]:
        if slug == "baby-date" and self.pages.get("baby", {}).get("born") == "no":
            return BabyDueDateForm
        return FORMS[slug]

    def initial(self, slug: str) -> dict[str, Any]:
        return self.form_class(slug).values_from(self.pages.get(slug, {}))

    def save(self, slug: str, answers: dict[str, Any]) -> None:
        if slug == "baby" and self.pages.get("baby", {}).get("born") != answers["born"]:
            self.pages.pop("baby-date", None)  # a birth date is no due date, and the reverse
        self.pages[slug] = answers
        self.session[self.SESSION_KEY] = self.pages

    def first_missing(self) -> str | None:
        return next((slug for slug in self.steps if slug not in self.pages), None)

    def neighbour(self, slug: str, offset: int) -> str | None:
        steps = self.steps
        index = steps.index(slug) + offset
        return steps[index] if 0 <= index < len(steps) else None

    def values(self) -> dict[str, Any]:
        """Every answer as the forms cleaned it, keyed by field name."""
        values: dict[str, Any] = {}
        for slug in self.steps:
            values.update(self.initial(slug))
        return values

    def clear(self) -> None:
        self.session.pop(self.SESSION_KEY, None)


def public_render(request: HttpRequest, template: str, context: dict | None = None,
                  status: int = 200) -> HttpResponse:
    return render(request, f"referrals/public/{template}",
                  {"public_page": True, "languages": settings.LANGUAGES, **(context or {})}, status=status)


def question_url(slug: str, *, changing: bool = False) -> str:
    url = reverse("refer:question", args=[slug])
    return f"{url}?change=1" if changing else url


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return public_render(request, "start.html", {"first_url": question_url(next(iter(FORMS)))})


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, slug: str) -> HttpResponse:
    answers = Answers(request.session)
    if slug not in answers.steps:
        raise Http404("No such question")
    if slug == "baby-date" and "baby" not in answers.pages:
        return redirect(question_url("baby"))
    changing = request.GET.get("change") == "1"
    form_class = answers.form_class(slug)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            answers.save(slug, form.answers())
            return redirect(_after(answers, slug, changing=changing))
    else:
        form = form_class(initial=answers.initial(slug))
    return public_render(request, "question.html", {
        "question": form, "heading": form.heading, "back_url": _back(answers, slug, changing=changing),
    })


def _after(answers: Answers, slug: str, *, changing: bool) -> str:
    """Where a parent goes once a page is answered: on to the next page, or, when changing an
    answer from the check page, back there (by way of any page the change left unanswered)."""
    if changing:
        missing = answers.first_missing()
        return question_url(missing, changing=True) if missing else reverse("refer:check")
    following = answers.neighbour(slug, 1)
    return question_url(following) if following else reverse("refer:check")


def _back(answers: Answers, slug: str, *, changing: bool) -> str:
    if changing:
        return reverse("refer:check")
    previous = answers.neighbour(slug, -1)
    return question_url(previous) if previous else reverse("refer:start")


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    answers = Answers(request.session)
    missing = answers.first_missing()
    if missing and request.method == "POST" and SENT_REFERENCE_KEY in request.session:
        return redirect("refer:confirmation")  # the button pressed twice: the first press sent it
    if missing:
        return redirect(question_url(missing))
    if request.method == "POST":
        return _send(request, answers)
    return public_render(request, "check.html", {
        "sections": summary(answers.values()), "honeypot_field": HONEYPOT_FIELD,
        "back_url": question_url(answers.steps[-1]),
    })


def _send(request: HttpRequest, answers: Answers) -> HttpResponse:
    """Make the referral, unless the address has sent too many or a bot filled the honeypot
    (which gets the same confirmation, with a reference that belongs to nothing)."""
    if is_ratelimited(request, group="refer:send", key=client_address, method="POST",
                      rate=settings.PIEW_SELF_REFERRAL_RATE, increment=True):
        return public_render(request, "too_many.html", {"team_phone": team_phone()}, status=429)
    if request.POST.get(HONEYPOT_FIELD, "").strip():
        reference = f"R-{secrets.randbelow(1_000_000):06d}"
    else:
        data, reasons = referral_data(answers.values())
        reference = referral_create(data=data, reasons=reasons).reference
    answers.clear()
    request.session[SENT_REFERENCE_KEY] = reference
    return redirect("refer:confirmation")


def referral_data(values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The answers as ``referral_create`` takes them: the referral's fields and its reasons."""
    data = {name: value for name, value in values.items() if name not in ("born", "reasons", "hub")}
    if not data.get("preferred_language"):
        # Not given: the language the parent chose to read the form in, named in English.
        data["preferred_language"] = reading_language()["name"]
    data["hub"] = Hub.objects.filter(pk=values["hub"], active=True).first() if values.get("hub") else None
    data.update(source=Source.SELF, channel=Channel.ONLINE_FORM)
    return data, values["reasons"]


@require_GET
def confirmation(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SENT_REFERENCE_KEY)
    if not reference:
        return redirect("refer:start")
    return public_render(request, "confirmation.html", {"reference": reference, "team_phone": team_phone()})


def client_address(group: str, request: HttpRequest) -> str:
    """The address a submission came from, for the rate limit.

    Behind the service's own proxy (PIEW_BEHIND_PROXY) that is the last X-Forwarded-For
    entry, the one the proxy added; any before it were sent by the client and prove nothing.
    IPv6 addresses count by their /64, as one household's devices share it.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.PIEW_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        address = forwarded or address
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def team_phone() -> str:
    """The PIEW team's phone number, for parents who cannot use the form, if it is recorded."""
    team = Organisation.objects.filter(kind=Organisation.Kind.PIEW_TEAM, active=True).exclude(phone="")
    return team.values_list("phone", flat=True).first() or ""


def summary(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The check-your-answers page: sections of rows, each with the page that changes it."""
    return [
        {"title": _("About you"), "rows": _about_rows(values)},
        {"title": _("Contact details"), "rows": _contact_rows(values)},
        {"title": _("Your baby"), "rows": _baby_rows(values)},
        {"title": _("Your request"), "rows": _request_rows(values)},
    ]


def _row(key: str, lines: list[str], slug: str) -> dict[str, Any]:
    lines = [line for line in lines if line] or [gettext("Not given")]
    return {"key": key, "lines": lines, "change_url": question_url(slug, changing=True)}


def _about_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        _row(_("Name"), [f"{values['parent_first_name']} {values['parent_last_name']}"], "about-you"),
        _row(_("Relationship to the baby"), [_label(RELATIONSHIPS, values["parent_relationship"])],
             "about-you"),
        _row(_("Date of birth"), [long_date(values["parent_date_of_birth"])], "about-you"),
    ]


def _contact_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    # Not given: the language the form is read in, which is what the team will be told.
    language = values["preferred_language"] or reading_language()["name_translated"]
    address = [values["address_line_1"], values["address_line_2"], values["town"], values["postcode"]]
    return [
        _row(_("UK mobile number"), [values["parent_mobile"]], "contact"),
        _row(_("Email address"), [values["parent_email"]], "contact"),
        _row(_("Language"), [language], "contact"),
        _row(_("Address"), address, "address"),
    ]


def _baby_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    born = values["born"] == "yes"
    return [
        _row(_("Has your baby been born?"), [_label(BORN_CHOICES, values["born"])], "baby"),
        _row(_("Date of birth") if born else _("Due date"),
             [long_date(values["baby_date_of_birth"] if born else values["baby_due_date"])], "baby-date"),
    ]


def _request_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [
        _row(_("What is worrying you"), [_label(REASONS, reason) for reason in values["reasons"]],
             "reasons"),
        _row(_("In your own words"), [values["reason_detail"]], "reasons"),
    ]
    if "hub" in values:
        hubs = {str(pk): name for pk, name in active_hubs()}
        rows.append(_row(_("Nearest Family Hub"), [hubs.get(values["hub"], "")], "hub"))
    rows.append(_row(_("NHS number"), [format_nhs_number(values["parent_nhs_number"])], "nhs-number"))
    return rows


def _label(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


def reading_language() -> dict[str, Any]:
    """The language the parent reads the form in ("en", not "en-gb": the language, not the place)."""
    return get_language_info(get_language().split("-")[0])


def long_date(value: date | None) -> str:
    # Translators: a date as Django's date filter writes it; Polish uses "j E Y" for the genitive.
    return dateformat.format(value, gettext("j F Y")) if value else ""


urlpatterns = [
    path("", start, name="start"),
    path("check-your-answers/", check, name="check"),
    path("sent/", confirmation, name="confirmation"),
    path("<slug:slug>/", question, name="question"),
]
