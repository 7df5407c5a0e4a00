"""API: member states (reference data)."""

from rest_framework import serializers

from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.geo.models import MemberState


class MemberStateSerializer(serializers.ModelSerializer):
    """A member state with its names in the four languages."""

    class Meta:
        model = MemberState
        fields = [
            "iso2",
            "iso3",
            "name_en",
            "name_es",
            "name_fr",
            "name_pt",
            "capital_tz",
            "time_zones",
            "joined_oas",
        ]
        read_only_fields = fields


class MemberStateViewSet(PolicyReadOnlyViewSet):
    """The 35 OAS member states."""

    queryset = MemberState.objects.all()
    serializer_class = MemberStateSerializer
    lookup_field = "iso2"
    pagination_class = None
