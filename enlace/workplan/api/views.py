"""API: the CICTE programs."""

from rest_framework import serializers

from enlace.common.api.viewsets import PolicyReadOnlyViewSet
from enlace.workplan.models import Program


class ProgramSerializer(serializers.ModelSerializer):
    """A program with its names and summaries in the four languages."""

    class Meta:
        model = Program
        fields = [
            "code",
            "position",
            "name_en",
            "name_es",
            "name_fr",
            "name_pt",
            "summary_en",
            "summary_es",
            "summary_fr",
            "summary_pt",
        ]
        read_only_fields = fields


class ProgramViewSet(PolicyReadOnlyViewSet):
    """The programs of the CICTE work plan."""

    queryset = Program.objects.all()
    serializer_class = ProgramSerializer
    lookup_field = "code"
    pagination_class = None
