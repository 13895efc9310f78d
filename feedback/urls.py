from django.urls import path

from feedback.views import public, staff

app_name = "feedback"

urlpatterns = [
    *staff.urlpatterns,
    path("<str:token>/", public.feedback_form, name="form"),
]
