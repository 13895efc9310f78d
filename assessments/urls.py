from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("families/<int:family_pk>/book/", views.assessment_book, name="book"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("<int:pk>/addenda/add/", views.addendum_add, name="addendum-add"),
]
