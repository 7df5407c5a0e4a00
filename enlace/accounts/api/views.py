"""API: the signed-in user's profile, roles and tokens."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from enlace.accounts import actions
from enlace.accounts.api.serializers import ApiTokenSerializer, MeSerializer
from enlace.accounts.models import ApiToken, User, signed_in_user
from enlace.common.api.permissions import PolicyAllows
from enlace.common.api.viewsets import PolicyReadOnlyViewSet


class MeView(generics.RetrieveUpdateAPIView):
    """Read or update the signed-in user's own profile."""

    serializer_class = MeSerializer
    permission_classes = [PolicyAllows]
    queryset = User.objects.all()
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> User:
        me = signed_in_user(self.request)
        user = User.objects.restrict(me, "view").get(pk=me.pk)
        self.check_object_permissions(self.request, user)
        return user

    def perform_update(self, serializer: Any) -> None:
        try:
            actions.update_profile(serializer.instance, actor=signed_in_user(self.request), **serializer.validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc


class ApiTokenViewSet(PolicyReadOnlyViewSet):
    """The signed-in user's API tokens: list, read, revoke.

    Creating a token needs the web page, which asks for the password again first.
    """

    queryset = ApiToken.objects.all()
    serializer_class = ApiTokenSerializer

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"], policy_action="delete")
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Revoke a token at once."""
        token = self.get_object()
        actions.revoke_api_token(token, actor=signed_in_user(request))
        return Response(ApiTokenSerializer(token).data)
