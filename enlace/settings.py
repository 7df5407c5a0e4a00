"""Enlace settings: one module, every value from the environment (see docs/operations.md)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from enlace.config import data_dir, env_bool, env_int, env_list, env_str, file_storage, get_secret, running_tests

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = get_secret("ENLACE_SECRET_KEY")
# Old keys still accepted while rotating: sessions, signed links and MFA secrets keep working (docs/operations.md).
SECRET_KEY_FALLBACKS = env_list("ENLACE_SECRET_KEY_FALLBACKS", [])
DEBUG = env_bool("ENLACE_DEBUG", False)
# Demo mode: documented TOTP secrets for the demo personas and `demo_otp`. Never in production.
DEMO_MODE = env_bool("ENLACE_DEMO", False)
# HTTPS is the default; the local demo (`make run`) and the test runner's loopback servers use plain HTTP.
HTTPS = env_bool("ENLACE_HTTPS", not running_tests())

ALLOWED_HOSTS = env_list("ENLACE_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("ENLACE_CSRF_TRUSTED_ORIGINS", [])
if env_bool("ENLACE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# How many proxies append to X-Forwarded-For in front of Enlace; 0 trusts only REMOTE_ADDR.
# The client address (audit trail, sign-in throttling, API throttling) is read the same way everywhere.
TRUSTED_PROXY_COUNT = env_int("ENLACE_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks_db",
    "django_rq",
    "enlace.common",
    "enlace.geo",
    "enlace.accounts",
    "enlace.audit",
    "enlace.directory",
    "enlace.notifications",
    "enlace.exchange",
    "enlace.workplan",
    "enlace.assistance",
    "enlace.ipo",
    "enlace.library",
    "enlace.funding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "enlace.common.middleware.RequestIdMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "enlace.accounts.middleware.SessionTimeoutMiddleware",
    "enlace.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "enlace.accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "enlace.common.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "enlace.urls"
WSGI_APPLICATION = "enlace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "enlace.common.context_processors.enlace",
            ],
        },
    }
]

# The embedded default is SQLite in the data directory; production sets DATABASE_URL (PostgreSQL).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'enlace.sqlite3'}",
        conn_max_age=env_int("ENLACE_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    # A file, not memory: the browser tests' live server threads must see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-enlace.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A database cache is shared by every web worker, so login throttling holds across processes.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "enlace_cache"}}

TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("ENLACE_TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"ENLACE_TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's list of 20,000 passwords seen in breaches; no breach API is reachable offline.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "common:dashboard"
LOGOUT_REDIRECT_URL = "common:home"

# django-allauth: e-mail login, no public sign-up (accounts are created by the Secretariat).
ACCOUNT_ADAPTER = "enlace.accounts.adapters.AccountAdapter"
MFA_ADAPTER = "enlace.accounts.adapters.MfaAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    # Login throttling: failed attempts per IP and per account.
    "login_failed": "5/5m/ip,5/15m/key",
    "login": "30/m/ip",
    "reauthenticate": "10/m/user",
    "reset_password": "5/h/ip,3/h/key",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Enlace"
# Accept the code of the previous and next 30-second step too (RFC 6238 §5.2: phone clocks drift).
MFA_TOTP_TOLERANCE = 1
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS

# Sessions: rotated on login (Django), idle and absolute timeouts (SessionTimeoutMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = env_int("ENLACE_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("ENLACE_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Bad input: request bodies over ENLACE_MAX_BODY_BYTES (2.5 MB) are refused (413 in the API) before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("ENLACE_MAX_BODY_BYTES", 2_621_440)
# A STIX bundle posted to the import API (megabytes); the request body limit above applies too.
ENLACE_STIX_IMPORT_MAX_MB = env_int("ENLACE_STIX_IMPORT_MAX_MB", 2)
# The IATI organisation identifier of the publisher (the OAS) and the language of the narratives (docs/workplan.md).
ENLACE_IATI_ORG_REF = env_str("ENLACE_IATI_ORG_REF", "XI-IATI-OAS")
ENLACE_IATI_LANGUAGE = env_str("ENLACE_IATI_LANGUAGE", "en")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

LANGUAGE_CODE = "en"
# Portuguese is Brazilian Portuguese, the variant of the OAS member state that speaks it.
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français"), ("pt-br", "Português")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("ENLACE_STATIC_ROOT", str(DATA_DIR / "static")))
# Uploaded files: the local disk (MEDIA_ROOT) by default, a private S3-compatible bucket with ENLACE_STORAGE=s3.
STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# Files attached to alerts: at most this many bytes each.
ENLACE_ATTACHMENT_MAX_BYTES = env_int("ENLACE_ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# Files of the library: at most this many bytes each.
ENLACE_LIBRARY_MAX_BYTES = env_int("ENLACE_LIBRARY_MAX_MB", 25) * 1024 * 1024
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND_PATH = env_str("ENLACE_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        # Connection options only mean something to the SMTP backend; the console or file backends refuse them.
        "OPTIONS": {
            "host": env_str("ENLACE_EMAIL_HOST", "127.0.0.1"),
            "port": env_int("ENLACE_EMAIL_PORT", 25),
            "username": env_str("ENLACE_EMAIL_USER") or None,
            "password": env_str("ENLACE_EMAIL_PASSWORD") or None,
            "use_tls": env_bool("ENLACE_EMAIL_TLS", False),
            "timeout": 20,
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        else {},
    }
}
# The public address of Enlace, for links in e-mails (acknowledgement links of reachability exercises).
ENLACE_BASE_URL = env_str("ENLACE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How reachability exercise messages travel (enlace/directory/delivery.py); add a gateway's class to extend.
ENLACE_EXERCISE_CHANNELS = env_list(
    "ENLACE_EXERCISE_CHANNELS",
    ["enlace.directory.delivery.EmailChannel", "enlace.directory.delivery.InAppChannel"],
)
# The contact an OAI-PMH harvester is given (Identify's adminEmail; docs/library.md).
ENLACE_OAI_ADMIN_EMAIL = env_str("ENLACE_OAI_ADMIN_EMAIL", "library@enlace.localhost")
DEFAULT_FROM_EMAIL = env_str("ENLACE_FROM_EMAIL", "Enlace <no-reply@enlace.localhost>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "enlace.accounts.api.authentication.ApiTokenAuthentication",
        "enlace.accounts.api.authentication.MfaSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["enlace.common.api.permissions.DenyByDefault"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "enlace.common.api.errors.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {"user": "1200/hour", "anon": "120/hour"},
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Enlace API",
    "DESCRIPTION": "The API of Enlace, the CICTE cooperation platform. Authenticate with a personal token.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AccountRoleEnum": "enlace.accounts.roles.Role",
        "DesignationRoleEnum": "enlace.directory.models.DesignationRole",
        "AlertKindEnum": "enlace.exchange.models.AlertKind",
        "ChannelKindEnum": "enlace.directory.models.ChannelKind",
        "ExpertStatusEnum": "enlace.directory.models.ExpertStatus",
        "AvailabilityKindEnum": "enlace.directory.models.AvailabilityKind",
        "LanguageCodeEnum": ["en", "es", "fr", "pt"],
        "PlanLanguageEnum": "enlace.workplan.models.PlanLanguage",
        "AssistanceRequestStatusEnum": "enlace.assistance.models.RequestStatus",
        "RecommendationStatusEnum": "enlace.assistance.models.RecommendationStatus",
        "MissionKindEnum": "enlace.assistance.models.MissionKind",
        "MajorEventKindEnum": "enlace.ipo.models.EventKind",
        "MajorEventAccessEnum": "enlace.ipo.models.EVENT_ACCESS",
        "LessonAccessEnum": "enlace.ipo.models.Access",
        "DonorKindEnum": "enlace.funding.models.DonorKind",
        "TransactionTypeEnum": "enlace.funding.models.TransactionType",
        "EarmarkingEnum": "enlace.funding.models.Earmarking",
        "ActivityKindEnum": "enlace.workplan.models.ActivityKind",
        "ActivityStatusEnum": "enlace.workplan.models.ActivityStatus",
        "BudgetTypeEnum": "enlace.workplan.models.BudgetType",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("ENLACE_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "django.security": {"level": "WARNING"}},
}
