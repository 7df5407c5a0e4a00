"""Take the README's screenshots from the demo: sign in as demo personas in Debian's Chromium and save pages.

Start the demo first (`make run`, on http://127.0.0.1:8000), then:
    .venv/bin/python docs/screenshots/take.py [BASE_URL] [NAME ...]
With names, only those screenshots are taken. The TOTP code is computed from the demo's shared secret
(README, "Demo personas"), so this works only against a server in demo mode.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import struct
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = "Enlace-demo-2026!"  # noqa: S105  (the documented demo password, refused outside demo mode)
DEMO_TOTP_SECRET = "ENLACEDEMOTOTPSECRETAAAAAAAAAAAA"  # noqa: S105  (the documented demo secret)
CHROMIUM = os.environ.get("ENLACE_CHROMIUM", "/usr/bin/chromium")
MAX_HEIGHT = 1400  # CSS px: the top of a long page says what it is

# name -> (persona e-mail, path, a selector to wait for)
SHOTS: dict[str, tuple[str, str, str]] = {
    "workplan-coverage": ("officer@enlace.demo", "/workplan/2021-2022/coverage/", "main h1"),
    "gender-dashboard": ("officer@enlace.demo", "/workplan/gender/cybersecurity/", "main svg"),
    "library-search-es": ("admin@enlace.demo", "/library/?q=prevencion&language=es", "main h1"),
}


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits) for a base32 secret."""
    key = base64.b32decode(secret)
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def main() -> None:
    args = sys.argv[1:]
    base = args.pop(0).rstrip("/") if args and args[0].startswith("http") else "http://127.0.0.1:8000"
    wanted = args or list(SHOTS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        pages: dict[str, object] = {}
        for name in wanted:
            email, path, ready = SHOTS[name]
            if email not in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=login]", email)
                page.fill("input[name=password]", PASSWORD)
                page.locator("main form").get_by_role("button").first.click()
                page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
                page.fill("input[name=code]", totp(DEMO_TOTP_SECRET))
                page.locator("main form").get_by_role("button").first.click()
                page.wait_for_url(re.compile(r"/dashboard/$"))
                pages[email] = page
            page = pages[email]
            page.goto(f"{base}{path}")  # type: ignore[attr-defined]
            page.wait_for_selector(ready)  # type: ignore[attr-defined]
            height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))  # type: ignore[attr-defined]
            clip = {"x": 0, "y": 0, "width": 1280, "height": height}
            page.screenshot(path=HERE / f"{name}.png", full_page=True, clip=clip)  # type: ignore[attr-defined]
            print(f"{name}.png: {path} as {email}")
        browser.close()


if __name__ == "__main__":
    main()
