"""VIG filming pages: recording a filming, the enrolment's recordings, a clip's download (to the
family's practitioners and the clinical psychologist only), deleting a clip, and the team lead's
list of deletions due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify

from families.services import family_access_record
from interventions import permissions
from interventions.forms.video import RecordingDeleteForm, RecordingForm
from interventions.models import VideoRecording
from interventions.services import video
from interventions.views.licences import enrolment_for
from interventions.views.links import enrolment_back
from piew.forms import show_service_error


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _vig_enrolment(request: HttpRequest, pk: int):
    """The enrolment, 404 unless the user may see its family and it is filmed; 403 unless they
    may open its clips or are the team lead."""
    enrolment = enrolment_for(request, pk, may_change=False)
    if not enrolment.programme.uses_video:
        raise Http404("This intervention is not filmed")
    return enrolment


@login_required
def recordings(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _vig_enrolment(request, pk)
    may_open = permissions.can_open_clips(request.user, enrolment)
    if not may_open and not permissions.is_team_lead(request.user):
        raise PermissionDenied
    family_access_record(family=enrolment.case.family, user=request.user, page="VIG recordings")
    back_url, back_label = enrolment_back(enrolment)
    rows = enrolment.recordings.select_related("session", "recorded_by")
    context = {"enrolment": enrolment, "recordings": rows,
               "may_open": may_open, "may_film": permissions.can_film(request.user, enrolment),
               "may_delete": permissions.can_delete_clips(request.user, enrolment),
               "back_url": back_url, "back_label": back_label}
    return render(request, "interventions/video_list.html", context)


@login_required
def recording_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _vig_enrolment(request, pk)
    if not permissions.can_film(request.user, enrolment):
        raise PermissionDenied
    form = RecordingForm(_posted(request), request.FILES if request.method == "POST" else None,
                         enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            video.recording_add(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "Filming recorded")
            return redirect("interventions:recordings", pk=enrolment.pk)
    return render(request, "interventions/video_add.html", {"form": form, "enrolment": enrolment})


@login_required
def clip(request: HttpRequest, pk: int) -> FileResponse:
    """The clip, as a download never kept by the browser. Files are never served directly."""
    recording = video.recording_get_for_user(user=request.user, pk=pk)
    if not recording.has_clip:
        raise Http404("No clip")
    try:
        handle = recording.clip.open("rb")
    except FileNotFoundError:
        raise Http404("The clip is missing from storage") from None
    family_access_record(family=recording.enrolment.case.family, user=request.user, page="VIG clip")
    extension = recording.clip.name.rsplit(".", 1)[-1].lower()
    reference = slugify(recording.enrolment.case.family.reference)
    name = f"vig-{reference}-{recording.filmed_on:%Y-%m-%d}.{extension}"
    response = FileResponse(handle, as_attachment=True, filename=name,
                            content_type=video.content_type_of(recording.clip.name))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    recording = get_object_or_404(VideoRecording.objects.select_related(
        "enrolment__case__family", "enrolment__programme"), pk=pk)
    enrolment = _vig_enrolment(request, recording.enrolment_id)
    if not permissions.can_delete_clips(request.user, enrolment):
        raise PermissionDenied
    if recording.deleted_at is not None:
        raise Http404("Already deleted")
    form = RecordingDeleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            video.recording_delete(recording=recording, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"The clip filmed on {recording.filmed_on:%-d %B %Y} was deleted")
            return redirect("interventions:recordings", pk=enrolment.pk)
    return render(request, "interventions/video_delete.html", {"form": form, "recording": recording})


@login_required
def due(request: HttpRequest) -> HttpResponse:
    if not permissions.is_team_lead(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    context = {"due": video.recordings_due_soon(today), "log": video.deletion_log()[:100], "today": today,
               "days": video.DUE_SOON_DAYS}
    return render(request, "interventions/video_due.html", context)


urls = [
    path("enrolments/<int:pk>/recordings/", recordings, name="recordings"),
    path("enrolments/<int:pk>/recordings/add/", recording_add, name="recording-add"),
    path("recordings/<int:pk>/clip/", clip, name="recording-clip"),
    path("recordings/<int:pk>/delete/", delete, name="recording-delete"),
    path("recordings/due/", due, name="recordings-due"),
]
