"""The one place that reads configuration and secrets from the environment."""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """Return the environment variable `name`, or `default` when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean environment variable; anything unrecognised stops start-up."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """Return an integer environment variable; a non-integer stops start-up."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated environment variable as a list."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def running_tests() -> bool:
    """Whether this process is the test runner (pytest)."""
    return "pytest" in sys.modules


# Management commands that never sign, encrypt or serve anything: they may run without secrets.
SECRETLESS_COMMANDS = frozenset({"makemigrations", "compile_translations", "makemessages", "help"})


def get_secret(name: str) -> str:
    """Return a required secret from the environment, or stop start-up with a clear message.

    Only test runs (pytest) and the few commands that use no secret get a throwaway value,
    so a forgotten secret can never reach a running server.
    """
    value = os.environ.get(name, "")
    if value:
        return value
    if running_tests() or (len(sys.argv) > 1 and sys.argv[1] in SECRETLESS_COMMANDS):
        return f"insecure-unused-{name.lower()}"
    raise ImproperlyConfigured(
        f"The secret {name} is not set. Set it in the environment "
        f"(`make run` writes one to var/env for the local demo)."
    )


def data_dir() -> Path:
    """Return the directory for the embedded database, uploads and demo secrets."""
    # Default: var/ in the working directory (the repository for `make run`).
    path = Path(env_str("ENLACE_DATA_DIR", str(Path.cwd() / "var")))
    path.mkdir(parents=True, exist_ok=True)
    return path


# Server-side encryption the S3 storage may ask for (the `ServerSideEncryption` of each upload).
S3_ENCRYPTIONS = frozenset({"AES256", "aws:kms", "aws:kms:dsse"})


def file_storage() -> dict:
    """The `STORAGES["default"]` entry for uploaded files, from `ENLACE_STORAGE` and the `ENLACE_S3_*` variables.

    `local` (the default) keeps files under `MEDIA_ROOT`; `s3` puts them in a private bucket of any S3-compatible
    service. Either way nothing serves the files directly: every download goes through a view that checks the
    policy, audits and sends an attachment (docs/operations.md, "File storage").
    """
    kind = env_str("ENLACE_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"ENLACE_STORAGE must be local or s3, not {kind!r}")
    bucket = env_str("ENLACE_S3_BUCKET").strip()
    if not bucket:
        raise ImproperlyConfigured("ENLACE_STORAGE=s3 needs ENLACE_S3_BUCKET, the name of a private bucket.")
    access_key = env_str("ENLACE_S3_ACCESS_KEY_ID")
    secret_key = env_str("ENLACE_S3_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both ENLACE_S3_ACCESS_KEY_ID and ENLACE_S3_SECRET_ACCESS_KEY, or neither "
            "(then boto3 finds credentials itself, e.g. an instance role)."
        )
    addressing = env_str("ENLACE_S3_ADDRESSING_STYLE").strip().lower() or None
    if addressing not in {None, "auto", "path", "virtual"}:
        raise ImproperlyConfigured(f"ENLACE_S3_ADDRESSING_STYLE must be auto, path or virtual, not {addressing!r}")
    parameters: dict[str, str] = {}
    encryption = env_str("ENLACE_S3_SSE").strip()
    if encryption:
        if encryption not in S3_ENCRYPTIONS:
            raise ImproperlyConfigured(
                f"ENLACE_S3_SSE must be one of {', '.join(sorted(S3_ENCRYPTIONS))} or empty, not {encryption!r}"
            )
        parameters["ServerSideEncryption"] = encryption
        kms_key = env_str("ENLACE_S3_SSE_KMS_KEY_ID").strip()
        if kms_key:
            parameters["SSEKMSKeyId"] = kms_key
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("ENLACE_S3_ENDPOINT_URL").strip() or None,  # None: AWS itself
            "region_name": env_str("ENLACE_S3_REGION").strip() or None,
            "access_key": access_key or None,  # None: boto3's own chain (instance role, AWS_* variables, …)
            "secret_key": secret_key or None,
            "addressing_style": addressing,
            # No ACL header: the object inherits the private bucket's (and S3-compatibles that refuse ACLs work).
            "default_acl": None,
            # Were a URL ever built it would be signed, never a bare public one; Enlace builds none (downloads are
            # proxied by its views), and no template or serializer renders a stored file's URL.
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,  # a name already taken gets a suffix; an object is never replaced
            "object_parameters": parameters,
            # A download is read into memory up to this size, then spills to a temporary file.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
