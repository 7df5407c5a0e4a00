"""IANA time zones offered to users."""

from functools import cache
from zoneinfo import available_timezones


@cache
def available_time_zones() -> frozenset[str]:
    """Every IANA zone name the tz database on this machine knows (tzdata provides it everywhere)."""
    return frozenset(available_timezones())


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Sorted (value, label) pairs for a select field; UTC first."""
    zones = sorted(z for z in available_time_zones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [("UTC", "UTC"), *[(z, z.replace("_", " ")) for z in zones]]
