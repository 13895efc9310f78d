from django.urls import path

from team.skills.views import gaps, lead, mine, plan

app_name = "skills"

urlpatterns = [
    path("", mine.my_skills, name="mine"),
    path("audit/", mine.audit_answer, name="audit"),
    path("training/new/", mine.training_add, name="training-add"),
    path("training/<int:pk>/", mine.training_edit, name="training-edit"),
    path("training/<int:pk>/certificate/", mine.certificate_download, name="certificate"),
    path("cpd/new/", mine.cpd_add, name="cpd-add"),
    path("cpd/<int:pk>/", mine.cpd_edit, name="cpd-edit"),
    path("competencies/", lead.competency_list, name="competencies"),
    path("competencies/new/", lead.competency_edit, name="competency-add"),
    path("competencies/<int:pk>/", lead.competency_edit, name="competency-edit"),
    path("rounds/", lead.round_list, name="rounds"),
    path("rounds/new/", lead.round_open, name="round-open"),
    path("rounds/<int:pk>/", lead.round_detail, name="round"),
    path("rounds/<int:pk>/close/", lead.round_close, name="round-close"),
    path("people/<int:pk>/", lead.person_skills, name="person"),
    path("people/<int:person_pk>/training/new/", mine.training_add, name="person-training-add"),
    path("expiring/", lead.expiring_training, name="expiring"),
    path("gaps/", gaps.gap_analysis, name="gaps"),
    path("gaps/export/<str:file_format>/", gaps.gap_export, name="gaps-export"),
    path("plan/", plan.plan, name="plan"),
    path("plan/new/", plan.course_add, name="course-add"),
    path("plan/<int:pk>/", plan.course_detail, name="course"),
    path("plan/<int:pk>/edit/", plan.course_edit, name="course-edit"),
    path("plan/<int:pk>/attendance/", plan.course_attendance, name="attendance"),
]
