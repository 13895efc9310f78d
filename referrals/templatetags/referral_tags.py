from django import template
from django.utils.html import format_html

from referrals.transitions import Status

register = template.Library()

# GOV.UK tag colours: new work stands out, waiting is amber, closed is grey.
TAG_COLOURS = {
    Status.NEW: "govuk-tag--blue",
    Status.MORE_INFO: "govuk-tag--yellow",
    Status.AWAITING_CONTACT: "govuk-tag--turquoise",
    Status.UNABLE_TO_CONTACT: "govuk-tag--orange",
    Status.AWAITING_ASSESSMENT: "govuk-tag--green",
}


@register.simple_tag
def status_tag(referral) -> str:
    """The referral's status as a GOV.UK tag."""
    colour = TAG_COLOURS.get(referral.status, "govuk-tag--grey")
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, referral.get_status_display())


@register.filter
def days(number) -> str:
    """3 -> "3 days", 1 -> "1 day", 0 -> "Same day"."""
    if number is None:
        return ""
    if number == 0:
        return "Same day"
    return f"{number} day{'' if number == 1 else 's'}"


@register.filter
def lowerfirst(value: str) -> str:
    """"Same NHS number" -> "same NHS number": lower case to run on in a sentence, acronyms kept."""
    value = str(value)
    return value[:1].lower() + value[1:]
