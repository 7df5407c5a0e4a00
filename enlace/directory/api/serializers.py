"""API representations of the directory."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from enlace.common.api.serializers import StrictSerializerMixin
from enlace.directory.models import Channel, Designation, DesignationRole, Institution, Network, Person
from enlace.geo.models import MemberState


class NetworkSerializer(serializers.ModelSerializer[Network]):
    """A network with its names in the four languages."""

    class Meta:
        model = Network
        fields = ["code", "name_en", "name_es", "name_fr", "name_pt", "reattestation_days"]
        read_only_fields = fields


class ChannelSerializer(serializers.ModelSerializer[Channel]):
    """A channel the requester may see."""

    class Meta:
        model = Channel
        fields = ["kind", "value", "priority", "visibility", "key_fingerprint", "key_expires_on"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer[Person]):
    """A person, with only the channels the requester may see (filled in by the view)."""

    channels = serializers.SerializerMethodField()
    institution: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = Person
        fields = ["id", "full_name", "position", "institution", "languages", "time_zone", "channels"]
        read_only_fields = fields

    def get_channels(self, person: Person) -> list[dict[str, Any]]:
        visible = self.context["visible_channels"].filter(person=person)
        return ChannelSerializer(visible, many=True).data  # type: ignore[return-value]


class DesignationSerializer(serializers.ModelSerializer[Designation]):
    """A designation, as read."""

    network: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = Designation
        fields = [
            "id",
            "network",
            "state",
            "person",
            "institution",
            "role",
            "status",
            "status_since",
            "starts_on",
            "ends_on",
            "note_verbale_number",
            "note_verbale_date",
        ]
        read_only_fields = fields


class NominationSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A nomination, as written (fields resolve against what the requester may see)."""

    network = serializers.SlugRelatedField(slug_field="code", queryset=Network.objects.all())
    state = serializers.SlugRelatedField(slug_field="iso2", queryset=MemberState.objects.all())
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    role = serializers.ChoiceField(choices=DesignationRole.choices)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    note_verbale_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    note_verbale_date = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        # Only people the requester may designate resolve; anyone else is "does not exist".
        people = Person.objects.restrict(request.user, "change") if request else Person.objects.none()
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ReasonSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """Why a designation ends."""

    reason = serializers.CharField(max_length=500)
