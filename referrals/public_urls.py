from referrals.views import public

app_name = "refer"

urlpatterns = public.urlpatterns
