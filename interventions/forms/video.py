"""Forms for VIG filming: recording a filming with its clip, and deleting a clip."""

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone

from interventions.models import Enrolment, Session
from interventions.services.video import CONTENT_TYPES, max_clip_bytes
from piew.forms import GovDateField, GovForm


class SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, session: Session) -> str:
        kind = f"{session.kind}, " if session.kind_id else ""
        cycle = f"cycle {session.cycle}, " if session.cycle else ""
        return f"{kind}{cycle}{timezone.localtime(session.starts_at):%-d %B %Y %H:%M}"


class RecordingForm(GovForm):
    submit_label = "Record the filming"

    filmed_on = GovDateField(label="Date filmed", not_in_future=True, help_text="For example, 27 3 2026")
    session = SessionChoice(label="Session (optional)", queryset=Session.objects.none(), required=False,
                            empty_label="Not linked to a session",
                            error_messages={"invalid_choice": "Choose a session of this enrolment"})
    clip = forms.FileField(label="Clip (optional)", required=False)

    def __init__(self, *args, enrolment: Enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["filmed_on"]
        field.error_messages = {**field.error_messages, "required": "Enter the date filmed"}
        self.fields["session"].queryset = enrolment.sessions.select_related("kind").order_by("starts_at")
        types = ", ".join(ext.lstrip(".").upper() for ext in CONTENT_TYPES)
        self.fields["clip"].help_text = (f"{types}, smaller than {max_clip_bytes() // (1024 * 1024)} MB. "
                                         "Kept in private storage and deleted on schedule.")
        self.helper.layout = Layout(Field("filmed_on"), Field.select("session"), Field("clip"),
                                    *self.buttons())


class RecordingDeleteForm(GovForm):
    submit_label = "Delete the clip"

    reason = forms.CharField(label="Why is the clip being deleted?", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say why the clip is being deleted",
                                             "max_length": "The reason must be 1000 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=3), *self.buttons())
