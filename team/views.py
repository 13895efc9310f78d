"""Signing in and out, with two-factor authentication."""

from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import match_token

from team import services
from team.forms import CodeForm, SetUpCodeForm, SignInForm

BACKUP_CODES_SESSION_KEY = "piew_new_backup_codes"


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    template_name = "registration/signed_out.html"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


def _qr_code_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg"):].replace(
        "<svg", '<svg role="img" aria-label="QR code for your authenticator app"', 1
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: a code from the app, or a backup code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not services.has_confirmed_authenticator(user=request.user):
        return redirect("two-factor-set-up")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", "The code is not right or has expired. Enter the code your app shows now")
    return render(request, "registration/two_factor.html", {"form": form, "next": _next_url(request)})


@login_required
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """First sign-in: scan a QR code into an authenticator app and confirm one code."""
    if services.has_confirmed_authenticator(user=request.user):
        return redirect("two-factor")
    device = services.totp_device_pending(user=request.user)
    form = SetUpCodeForm(request.POST or None)
    if form.is_valid():
        confirmed = services.totp_device_confirm(user=request.user, code=form.cleaned_data["code"])
        if confirmed is not None:
            otp_login(request, confirmed[0])
            request.session[BACKUP_CODES_SESSION_KEY] = confirmed[1]
            return redirect("backup-codes")
        form.add_error("code", "The code is not right. Enter the 6-digit code your app shows now")
    context = {
        "form": form,
        "qr_code": mark_safe(_qr_code_svg(device.config_url)),  # noqa: S308 - SVG made here
        "secret": _spaced(device.bin_key),
    }
    return render(request, "registration/two_factor_set_up.html", context)


def _spaced(key: bytes) -> str:
    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Shows new backup codes once; asking again issues a fresh set."""
    if request.method == "POST" and request.user.is_verified():
        request.session[BACKUP_CODES_SESSION_KEY] = services.backup_codes_issue(user=request.user)
        return redirect("backup-codes")
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    return render(request, "registration/backup_codes.html", {"codes": codes})
