from django.urls import path

from assessments import outcome_views, views

app_name = "assessments"

urlpatterns = [
    path("families/<int:family_pk>/book/", views.assessment_book, name="book"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("<int:pk>/addenda/add/", views.addendum_add, name="addendum-add"),
]

# Outcome measures.
urlpatterns += [
    path("measures/families/<int:family_pk>/record/", outcome_views.measure_start, name="measure-start"),
    path("measures/families/<int:family_pk>/record/answers/", outcome_views.measure_answers,
         name="measure-answers"),
    path("measures/families/<int:family_pk>/", outcome_views.family_outcomes, name="family-outcomes"),
    path("measures/families/<int:family_pk>/send/", outcome_views.measure_request_new, name="measure-send"),
    path("measures/summary/", outcome_views.outcomes_summary, name="outcomes-summary"),
    path("measures/<int:pk>/", outcome_views.measure_detail, name="measure-detail"),
]
