from django.urls import path

from families.views import changes, consent, records

app_name = "families"

urlpatterns = [
    path("", records.family_search, name="search"),
    path("new/", records.family_create, name="create"),
    path("<int:pk>/", records.family_detail, name="detail"),
    path("<int:pk>/chronology/", records.family_chronology_page, name="chronology"),
    path("<int:pk>/consent/", consent.family_consent, name="consent"),
    path("<int:pk>/audit/", records.family_audit, name="audit"),
    path("<int:pk>/notes/", records.case_note_add, name="note-add"),
    path("<int:pk>/edit/", changes.family_edit, name="edit"),
    path("<int:pk>/caregivers/add/", changes.caregiver_add, name="caregiver-add"),
    path("<int:pk>/caregivers/<int:caregiver_pk>/edit/", changes.caregiver_edit, name="caregiver-edit"),
    path("<int:pk>/children/add/", changes.child_add, name="child-add"),
    path("<int:pk>/children/<int:child_pk>/edit/", changes.child_edit, name="child-edit"),
    path("<int:pk>/case/open/", changes.case_open, name="case-open"),
    path("<int:pk>/case/close/", changes.case_close, name="case-close"),
    path("<int:pk>/alerts/<int:alert_pk>/acknowledge/", changes.alert_acknowledge,
         name="alert-acknowledge"),
]
