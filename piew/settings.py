"""Settings for the PIEW case manager, read from the environment.

Every variable is listed, with its default, in the README's table.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_MODULES = BASE_DIR / "node_modules"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
INSECURE_DEVELOPMENT_KEY = "django-insecure-piew-development-only-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=INSECURE_DEVELOPMENT_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Two-factor sign-in. Only a development server (DJANGO_DEBUG=true) may switch it off.
PIEW_MFA_REQUIRED = env.bool("PIEW_MFA_REQUIRED", default=True)
if not PIEW_MFA_REQUIRED and not DEBUG:
    raise ImproperlyConfigured(
        "PIEW_MFA_REQUIRED=false is only allowed with DJANGO_DEBUG=true (the demo). "
        "Staff must sign in with two-factor authentication in production."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "django_celery_beat",
    "csp",
    "team",
    "families",
    "referrals",
    "interventions",
    "assessments",
    "feedback",
    "caseloads",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "piew.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "piew.urls"
WSGI_APPLICATION = "piew.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "piew.context_processors.service",
                "families.context_processors.alerts",
                "referrals.context_processors.new_referrals",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "team.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"

# Sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Five failed sign-ins lock the account for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Locked by account, not by address: staff in one Family Hub share an address, and one
# person's mistakes must not lock out the office. Rotating addresses does not help an
# attacker either, which is what axes.W006 warns about.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "PIEW case manager"
OTP_TOTP_THROTTLE_FACTOR = 1
PIEW_BACKUP_CODE_COUNT = 10

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("pl", "Polski")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:i a"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
]
# GOV.UK Frontend's stylesheet asks for its fonts and images under /assets/.
WHITENOISE_ROOT = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "PIEW_STATIC_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("PIEW_PRIVATE_FILES_DIR", default=BASE_DIR / "private-files")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PIEW team <piew@example.org>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PIEW case manager API",
    "DESCRIPTION": "Families, caregivers, children and cases, with the same access as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A caregiver's relationship and a referral's parent_relationship share one set of choices.
    "ENUM_NAME_OVERRIDES": {"RelationshipEnum": "families.models.Caregiver.Relationship"},
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
    }
}

# Served over HTTPS everywhere but a developer's own machine.
PIEW_HTTPS = env.bool("PIEW_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = PIEW_HTTPS
SESSION_COOKIE_SECURE = PIEW_HTTPS
CSRF_COOKIE_SECURE = PIEW_HTTPS
SECURE_HSTS_SECONDS = 31536000 if PIEW_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PIEW_HTTPS
SECURE_HSTS_PRELOAD = PIEW_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a proxy that ends TLS: trust its X-Forwarded-Proto, and take the client's address
# from the last X-Forwarded-For entry (the one the proxy itself added) for rate limits.
PIEW_BEHIND_PROXY = env.bool("PIEW_BEHIND_PROXY", default=False)
if PIEW_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The address links in emails start with, e.g. https://piew.example.org
SITE_URL = env.str("PIEW_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The team's shared mailbox, told of new self-referrals (with a link, never personal details).
PIEW_TEAM_MAILBOX = env.str("PIEW_TEAM_MAILBOX", default="piew-team@example.org")
# Failed first-contact attempts after which a referral shows as "unable to contact".
PIEW_FAILED_CONTACT_LIMIT = env.int("PIEW_FAILED_CONTACT_LIMIT", default=3)
# The largest VIG clip a practitioner may upload, in megabytes.
PIEW_VIG_CLIP_MAX_MB = env.int("PIEW_VIG_CLIP_MAX_MB", default=500)
# Self-referrals one address may send through the public form (django-ratelimit's rate).
# django_ratelimit is not an installed app: only its functions are used, so its system check
# (which refuses LocMemCache) does not run. Without Redis the limit is counted per process,
# which is right for the demo's single process; production sets REDIS_URL and shares it.
PIEW_SELF_REFERRAL_RATE = "5/h"
# GOV.UK Notify: when the key is set, feedback links go by Notify (email and text message);
# without it, by email through the email backend above. Template ids are Notify's.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_FEEDBACK_EMAIL_TEMPLATE_ID = env.str("NOTIFY_FEEDBACK_EMAIL_TEMPLATE_ID", default="")
NOTIFY_FEEDBACK_SMS_TEMPLATE_ID = env.str("NOTIFY_FEEDBACK_SMS_TEMPLATE_ID", default="")
NOTIFY_FEEDBACK_REMINDER_EMAIL_TEMPLATE_ID = env.str("NOTIFY_FEEDBACK_REMINDER_EMAIL_TEMPLATE_ID", default="")
NOTIFY_FEEDBACK_REMINDER_SMS_TEMPLATE_ID = env.str("NOTIFY_FEEDBACK_REMINDER_SMS_TEMPLATE_ID", default="")
# How long a feedback link stays open, and when an unanswered one is reminded (days).
PIEW_FEEDBACK_LINK_DAYS = env.int("PIEW_FEEDBACK_LINK_DAYS", default=28)
PIEW_FEEDBACK_REMINDER_DAYS = env.int("PIEW_FEEDBACK_REMINDER_DAYS", default=7)
# Feedback form submissions one address may make (django-ratelimit's rate).
PIEW_FEEDBACK_RATE = "20/h"
PIEW_FEEDBACK_OPEN_RATE = "120/h"
# Families shown per page in lists.
PIEW_PAGE_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("PIEW_LOG_LEVEL", default="INFO")},
}
