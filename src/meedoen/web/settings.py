"""Settings, read from environment variables (see docs/configuration.md).

The embedded default is SQLite in ``$MEEDOEN_DATA_DIR`` (default ``./var``) for the demo;
production and the test suite set ``DATABASE_URL`` to PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("MEEDOEN_DATA_DIR", Path.cwd() / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("MEEDOEN_DEBUG", False)
SECRET_KEY = os.environ.get("MEEDOEN_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or env_bool("MEEDOEN_DEMO")):
        raise ImproperlyConfigured("Set MEEDOEN_SECRET_KEY (or MEEDOEN_DEMO=1 for the demo).")
    SECRET_KEY = "demo-only-not-secret"
ALLOWED_HOSTS = env_list("MEEDOEN_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("MEEDOEN_CSRF_TRUSTED_ORIGINS", "")

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'meedoen.sqlite3'}"), conn_max_age=60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "meedoen.municipalities",
    "meedoen.portal",
    "meedoen.workspace",
    "meedoen.casework",
    "meedoen.familyportal",
    "meedoen.reach",
    "meedoen.reach.applications",
    "meedoen.signals",
    "meedoen.debthelp",
    "meedoen.api",
]
MIDDLEWARE = [
    "meedoen.web.metrics.MetricsMiddleware",  # first: counts and times every answer (docs/operations.md)
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "meedoen.web.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second login step done in this session
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "meedoen.web.security.SessionLifetimeMiddleware",
    "meedoen.web.two_factor.TwoFactorMiddleware",  # the second login step before the workspace (docs/configuration.md)
    "axes.middleware.AxesMiddleware",  # last: it turns a locked login into the lockout page
]
ROOT_URLCONF = "meedoen.web.urls"
WSGI_APPLICATION = "meedoen.web.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [PACKAGE_DIR / "web" / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "meedoen.web.context.language",
    ]},
}]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:start"
PRODUCTION = not DEBUG and not env_bool("MEEDOEN_DEMO")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MEEDOEN_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A logged-in session ends after this many minutes without a request, and at the latest this many hours after login
# (meedoen.web.security.SessionLifetimeMiddleware); it also ends when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("MEEDOEN_SESSION_IDLE_MINUTES", "30")) * 60
MEEDOEN_SESSION_MAX_SECONDS = int(os.environ.get("MEEDOEN_SESSION_MAX_HOURS", "10")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Behind a TLS proxy (production): HTTPS only, HSTS, the proxy's word on the scheme.
SECURE_SSL_REDIRECT = env_bool("MEEDOEN_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("MEEDOEN_HSTS_SECONDS", str(365 * 24 * 3600) if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MEEDOEN_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("MEEDOEN_HSTS_PRELOAD", False)
# Preloading is a decision for the owner of the whole domain (the municipality), not for one application on it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env_bool("MEEDOEN_BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): our own files only, no inline scripts or styles, no framing. The API's
# documentation page (Redoc) needs more and gets it on that view only (meedoen.api.urls).
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
    "font-src": ["'self'"], "connect-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"],
    "form-action": ["'self'"], "frame-ancestors": ["'none'"],
}}

# Password guessing (django-axes): after this many failed logins for one username or from one address, logins
# for it are refused for the cool-off time; functional administrators lift a block at once (docs/security.md).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("MEEDOEN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MEEDOEN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "meedoen.web.security.locked_out"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("MEEDOEN_TRUSTED_PROXIES", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]

# Two-factor authentication for professionals (django-otp, TOTP; meedoen.web.two_factor): with
# MEEDOEN_OTP_REQUIRED every workspace user must set up an authenticator app; without it, it is their choice. Whoever
# has set one up always gets the second step. Family portal logins and API tokens (systems) are not affected.
MEEDOEN_OTP_REQUIRED = env_bool("MEEDOEN_OTP_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("MEEDOEN_OTP_ISSUER", "Meedoen")  # the name the authenticator app shows
OTP_TOTP_THROTTLE_FACTOR = 1  # after n wrong codes in a row the next try waits 2^(n-1) seconds (django-otp)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the Django admin never shows a device's secret key

# Time budget of one household check (resident check, API check): past it the answer is "try again" (503), so a
# slow check cannot hold a worker; the engine looks at it before every scheme (rules.evaluate, deadline).
CHECK_BUDGET_SECONDS = float(os.environ.get("MEEDOEN_CHECK_BUDGET_MS", "2000")) / 1000

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("MEEDOEN_API_ANON_RATE", "120/minute"),
        "user": os.environ.get("MEEDOEN_API_USER_RATE", "6000/minute"),
    },
    "EXCEPTION_HANDLER": "meedoen.api.problems.exception_handler",
    # The client address for rate limits: REMOTE_ADDR, or behind this many trusted proxies the address the
    # outermost of them saw (X-Forwarded-For read from the right). 0 never trusts the header, which a client sets.
    "NUM_PROXIES": int(os.environ.get("MEEDOEN_TRUSTED_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Meedoen API",
    "DESCRIPTION": "Municipal poverty schemes as code: the catalogue of schemes, and checks of what a household can get and why.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",  # served by us, no CDN
}
# Rate limits and login throttling count in this cache; every worker must see the same counts, so the default is
# the database (table made by `manage.py createcachetable`); "memory" counts per process (one process only).
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"} if os.environ.get("MEEDOEN_CACHE") == "memory"
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "meedoen_cache"})}

# OpenID Connect for professionals (municipalities use it in production): on when configured.
OIDC_RP_CLIENT_ID = os.environ.get("MEEDOEN_OIDC_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "mozilla_django_oidc.auth.OIDCAuthenticationBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    OIDC_RP_CLIENT_SECRET = os.environ["MEEDOEN_OIDC_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["MEEDOEN_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["MEEDOEN_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["MEEDOEN_OIDC_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("MEEDOEN_OIDC_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("MEEDOEN_OIDC_SIGN_ALGO", "RS256")

# Reach runs started on a page run in a background thread of the web process (the demo); set 0 to run them
# in the request (tests) and use `manage.py reach_run` from a scheduler in production.
MEEDOEN_REACH_BACKGROUND = os.environ.get("MEEDOEN_REACH_BACKGROUND", "1") == "1"
# A folder of proposed rulebook folders for the council-decision page; the demo writes two there.
MEEDOEN_PROPOSED_RULEBOOKS = os.environ.get("MEEDOEN_PROPOSED_RULEBOOKS", str(DATA_DIR / "proposals") if env_bool("MEEDOEN_DEMO") else "")

# Logs go to the console; MEEDOEN_LOG_FORMAT=json writes one JSON object per line (python-json-logger) for a log
# collector. Log messages name ids and counts, never a person's name, BSN or family content.
LOG_FORMAT = os.environ.get("MEEDOEN_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MEEDOEN_LOG_LEVEL", "WARNING")},
}
# Prometheus metrics at /metrics (meedoen.web.metrics, docs/operations.md): off unless set; the scraper sends
# "Authorization: Bearer <this token>", anyone else gets a 404.
MEEDOEN_METRICS_TOKEN = os.environ.get("MEEDOEN_METRICS_TOKEN", "")
# A household that was sent an offer for a scheme gets no new offer for it within this many days (a municipal
# choice, not a legal term; docs/reach.md). A household granted a scheme by a batch is never granted it again.
MEEDOEN_REACH_OFFER_REPEAT_DAYS = int(os.environ.get("MEEDOEN_REACH_OFFER_REPEAT_DAYS", "365"))
