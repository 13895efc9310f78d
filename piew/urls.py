from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from assessments import api as assessments_api
from assessments import api_measures as measures_api
from caseloads import api as caseloads_api
from families import api as families_api
from feedback import api as feedback_api
from interventions import api as interventions_api
from piew import health, views
from referrals import api as referrals_api
from team.skills import api as skills_api

router = DefaultRouter()
router.register("families", families_api.FamilyViewSet, basename="family")
router.register("caregivers", families_api.CaregiverViewSet, basename="caregiver")
router.register("children", families_api.ChildViewSet, basename="child")
router.register("cases", families_api.CaseViewSet, basename="case")
router.register("consents", families_api.ConsentViewSet, basename="consent")
router.register("referrals", referrals_api.ReferralViewSet, basename="referral")
router.register("assessments", assessments_api.AssessmentViewSet, basename="assessment")
router.register("allocations", caseloads_api.AllocationViewSet, basename="allocation")
router.register("competencies", skills_api.CompetencyViewSet, basename="competency")
router.register("audit-responses", skills_api.AuditResponseViewSet, basename="audit-response")
router.register("training-records", skills_api.TrainingRecordViewSet, basename="training-record")
router.register("cpd-entries", skills_api.CPDEntryViewSet, basename="cpd-entry")
router.register("planned-courses", skills_api.PlannedCourseViewSet, basename="planned-course")
router.register("course-invitations", skills_api.CourseInvitationViewSet, basename="course-invitation")
interventions_api.register(router)
measures_api.register(router)
feedback_api.register(router)

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("team.urls")),
    path("families/", include("families.urls")),
    path("referrals/", include("referrals.urls")),
    path("assessments/", include("assessments.urls")),
    path("interventions/", include("interventions.urls")),
    path("caseloads/", include("caseloads.urls")),
    path("refer/", include("referrals.public_urls")),
    path("measures/", include("assessments.outcome_public")),
    path("feedback/", include("feedback.urls")),
    path("skills/", include("team.skills.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline styles as it draws; nothing else on the site may.
    path("api/docs/", csp_update({"style-src": [UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "piew.views.permission_denied"
handler404 = "piew.views.page_not_found"
handler500 = "piew.views.server_error"
