from referrals.views import contact, dashboard, intake, onward, queue, triage

app_name = "referrals"

urlpatterns = [
    *queue.urlpatterns,
    *intake.urlpatterns,
    *triage.urlpatterns,
    *contact.urlpatterns,
    *onward.urlpatterns,
    *dashboard.urlpatterns,
]
