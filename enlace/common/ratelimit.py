"""A fixed-window rate limit on the shared cache (database or Redis), so it holds across workers."""

from django.core.cache import cache


def under_rate_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one use of `key`; return False once more than `limit` uses fall in the current window."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr: start a new window
        cache.add(cache_key, 1, timeout=window_seconds)
        return True
