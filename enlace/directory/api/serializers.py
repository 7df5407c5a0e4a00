"""API representations of the directory."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from enlace.common.api.serializers import StrictSerializerMixin
from enlace.directory.models import (
    AvailabilityKind,
    AvailabilityWindow,
    Certification,
    Channel,
    ChannelKind,
    Designation,
    DesignationRole,
    Exercise,
    Expert,
    Institution,
    MembershipApplication,
    Mission,
    Network,
    Person,
    Skill,
    Visibility,
)
from enlace.directory.roster import FIRST_MISSION_YEAR
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
    """Why a designation ends, or an expert leaves the roster."""

    reason = serializers.CharField(max_length=500)


class ReinstateSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """Why a removed expert is back on the roster (optional)."""

    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class PersonWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A person, as written; the institution must be one the requester may add people to."""

    full_name = serializers.CharField(max_length=200, required=False)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all(), required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=["en", "es", "fr", "pt"]), required=False)
    time_zone = serializers.CharField(max_length=64, required=False)
    on_call_hours = serializers.DictField(required=False)


class ChannelWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A new channel; its value is checked for its kind."""

    kind = serializers.ChoiceField(choices=ChannelKind.choices)
    value = serializers.CharField(max_length=64_000)
    priority = serializers.IntegerField(min_value=1, max_value=9, default=1)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default="network")


class ContactSerializer(serializers.Serializer[Any]):
    """One entry of a 'reachable now' call list."""

    designation = serializers.IntegerField(source="designation.pk")
    role = serializers.CharField(source="designation.role")
    name = serializers.CharField(source="designee")
    local_time = serializers.DateTimeField()
    on_call = serializers.BooleanField()
    reason = serializers.CharField()
    channels = ChannelSerializer(many=True)


class ExerciseSerializer(serializers.ModelSerializer[Exercise]):
    """An exercise with its results per state."""

    network = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    results = serializers.SerializerMethodField()

    class Meta:
        model = Exercise
        fields = [
            "id",
            "network",
            "status",
            "channels",
            "scheduled_for",
            "started_at",
            "closed_at",
            "escalate_after",
            "message",
            "results",
        ]
        read_only_fields = fields

    def get_results(self, exercise: Exercise) -> list[dict[str, Any]]:
        from enlace.directory.exercises import results

        return [
            {
                "state": r.state.iso2,
                "answered": r.answered,
                "level": r.level,
                "seconds": r.seconds,
                "escalations": r.escalations,
                "messages": r.messages,
                "unreachable": r.unreachable,
            }
            for r in results(exercise)
        ]


class ExerciseLaunchSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """An exercise to launch now, or to schedule when `start_at` is in the future."""

    network = serializers.SlugRelatedField(slug_field="code", queryset=Network.objects.all())
    states = serializers.SlugRelatedField(slug_field="iso2", queryset=MemberState.objects.all(), many=True)
    escalate_after = serializers.IntegerField(min_value=5, max_value=7 * 24 * 60, default=60)
    message = serializers.CharField(required=False, allow_blank=True, default="")
    channels = serializers.ListField(child=serializers.CharField(max_length=40), required=False, min_length=1)
    start_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CertificationSerializer(serializers.ModelSerializer[Certification]):
    """A certification of an expert; `expired` when its expiry date has passed."""

    expired = serializers.SerializerMethodField()

    class Meta:
        model = Certification
        fields = ["id", "name", "issuer", "obtained_on", "expires_on", "expired"]
        read_only_fields = ["id", "expired"]

    def get_expired(self, certification: Certification) -> bool:
        """Whether the certification has lapsed (today is after its expiry)."""
        return certification.expires_on is not None and certification.expires_on < timezone.localdate()


class AvailabilityWindowSerializer(serializers.ModelSerializer[AvailabilityWindow]):
    """One availability window of an expert (`ends_on` null: until further notice)."""

    class Meta:
        model = AvailabilityWindow
        fields = ["id", "starts_on", "ends_on", "kind", "note"]
        read_only_fields = fields


class MissionSerializer(serializers.ModelSerializer[Mission]):
    """A mission an expert delivered."""

    state = serializers.SlugRelatedField(slug_field="iso2", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Mission
        fields = ["id", "title", "state", "year"]
        read_only_fields = fields


class ExpertSerializer(serializers.ModelSerializer[Expert]):
    """An expert of the roster."""

    name = serializers.CharField(source="person.full_name", read_only=True)
    languages = serializers.ListField(source="person.languages", read_only=True)
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    certifications = CertificationSerializer(many=True, read_only=True)
    missions = MissionSerializer(many=True, read_only=True)
    windows = AvailabilityWindowSerializer(many=True, read_only=True)

    class Meta:
        model = Expert
        fields = [
            "id",
            "person",
            "name",
            "summary",
            "languages",
            "skills",
            "windows",
            "status",
            "removal_reason",
            "removed_at",
            "certifications",
            "missions",
        ]
        read_only_fields = fields


class ExpertChangeSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A roster entry, as changed: skills by their vocabulary code, languages by their code."""

    summary = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    skills = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.all(), many=True, required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=["en", "es", "fr", "pt"]), required=False)


class ExpertCreateSerializer(ExpertChangeSerializer):
    """A person of the directory put on the roster; only people the requester may see resolve."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        people = Person.objects.visible_to(request.user) if request else Person.objects.none()
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class MissionWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A mission to record."""

    title = serializers.CharField(max_length=200)
    state = serializers.SlugRelatedField(slug_field="iso2", queryset=MemberState.objects.all())
    year = serializers.IntegerField(min_value=FIRST_MISSION_YEAR)


class WindowWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """An availability window to add (`ends_on` omitted or null: until further notice)."""

    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=AvailabilityKind.choices, default=AvailabilityKind.AVAILABLE)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CertificationWriteSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """A certification to add."""

    name = serializers.CharField(max_length=200)
    issuer = serializers.CharField(max_length=200)
    obtained_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


class ApplicationWriteSerializer(serializers.Serializer[Any]):
    """An application, as sent (multipart): the network by code, the state by ISO code, the team and its letter."""

    network = serializers.CharField(help_text="network code, such as csirtamericas")
    state = serializers.CharField(help_text="member state ISO 3166 alpha-2 code, such as CO")
    team_name = serializers.CharField(max_length=200)
    team_email = serializers.EmailField()
    document = serializers.FileField(help_text="the official letter, a PDF of 10 MB at most")


class ApplicationSerializer(serializers.ModelSerializer[MembershipApplication]):
    """A membership application, as read (the letter is downloaded from its page)."""

    network = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    state = serializers.SlugRelatedField(slug_field="iso2", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = MembershipApplication
        fields = [
            "id",
            "network",
            "state",
            "team_name",
            "team_email",
            "status",
            "submitted_at",
            "decided_at",
            "decision_note",
            "introductory_meeting_on",
        ]
        read_only_fields = fields


class DecisionSerializer(StrictSerializerMixin, serializers.Serializer[Any]):
    """The Secretariat's decision."""

    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    meeting_on = serializers.DateField(required=False, allow_null=True, default=None)
