"""OpenAPI descriptions of Enlace's API authentication (registered with drf-spectacular on import)."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Personal API tokens: `Authorization: Bearer enl_…`."""

    target_class = "enlace.accounts.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "enl_<key id>_<secret>"}


class MfaSessionScheme(OpenApiAuthenticationExtension):
    """The browser session of a user signed in with her second factor (CSRF token required)."""

    target_class = "enlace.accounts.api.authentication.MfaSessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
