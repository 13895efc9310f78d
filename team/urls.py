from django.urls import path

from team import organisations, views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/two-factor/", views.two_factor, name="two-factor"),
    path("sign-in/set-up-two-factor/", views.two_factor_set_up, name="two-factor-set-up"),
    path("sign-in/backup-codes/", views.backup_codes, name="backup-codes"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    *organisations.urlpatterns,
]
