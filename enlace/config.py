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
