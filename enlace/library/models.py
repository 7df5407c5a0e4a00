"""Works (Dublin Core metadata, access level, workflow), their translations and the versions of each."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet

LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("pt", _("Portuguese"))]
# The PostgreSQL text search configuration of each library language.
SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese"}


class DocumentType(models.TextChoices):
    """What kind of document a work is."""

    REPORT = "report", _("Report")
    MANUAL = "manual", _("Manual")
    GUIDE = "guide", _("Guide")
    MODEL_LEGISLATION = "model_legislation", _("Model legislation")
    BEST_PRACTICE = "best_practice", _("Best practice")
    CURRICULUM = "curriculum", _("Curriculum")
    TRAINING = "training", _("Training material")
    MEETING = "meeting", _("Meeting document")


class AccessLevel(models.TextChoices):
    """Who may open a published work."""

    PUBLIC = "public", _("Public")
    NETWORKS = "networks", _("Chosen networks")
    STATE = "state", _("Own state")
    SECRETARIAT = "secretariat", _("Secretariat")


class WorkStatus(models.TextChoices):
    """Where a work is in its workflow."""

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def new_identifier() -> str:
    """A stable, opaque identifier for a work."""
    return f"enlace-lib-{uuid.uuid4().hex[:12]}"


class Work(models.Model):
    """A document, whatever its languages and versions: Dublin Core metadata, programs, access, workflow."""

    identifier = models.CharField(_("identifier"), max_length=40, unique=True, default=new_identifier, editable=False)
    title = models.CharField(_("title"), max_length=300)
    creator = models.CharField(_("creator"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True, default="OAS/CICTE")
    contributor = models.CharField(_("contributor"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    dc_type = models.CharField(_("type (Dublin Core)"), max_length=60, blank=True, default="Text")
    format = models.CharField(_("format"), max_length=120, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    language = models.CharField(_("original language"), max_length=2, choices=LANGUAGES, default="en")
    relation = models.CharField(_("relation"), max_length=300, blank=True)
    coverage = models.CharField(_("coverage"), max_length=300, blank=True)
    rights = models.CharField(_("rights"), max_length=300, blank=True)
    document_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    programs = models.ManyToManyField("workplan.Program", verbose_name=_("programs"), blank=True, related_name="+")
    countries = models.ManyToManyField(
        "geo.MemberState", verbose_name=_("countries covered"), blank=True, related_name="+"
    )
    access_level = models.CharField(
        _("access level"), max_length=12, choices=AccessLevel.choices, default=AccessLevel.SECRETARIAT
    )
    networks = models.ManyToManyField(
        "directory.Network", verbose_name=_("networks (for the networks access level)"), blank=True, related_name="+"
    )
    owner_state = models.ForeignKey(
        "geo.MemberState",
        verbose_name=_("owning state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=WorkStatus.choices, default=WorkStatus.DRAFT)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # When the record a harvester sees last changed (status, translations, versions): the OAI-PMH datestamp.
    modified_at = models.DateTimeField(_("modified"), default=timezone.now, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("work")
        verbose_name_plural = _("works")
        indexes = [
            # The library page's "Drafts and works in review" (the newest 20): the Secretariat sees every one, and
            # without it each search page sorted every work (15 ms at 20,000 works).
            models.Index(
                fields=["-created_at"],
                condition=~models.Q(status__in=["published", "archived"]),
                name="library_work_pending",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The work's page."""
        return reverse("library:work_detail", args=[self.identifier])

    @property
    def year(self) -> int | None:
        """The year of the work's date."""
        return self.date.year if self.date else None

    def citation(self) -> str:
        """A plain citation: creator, year, title, publisher, identifier."""
        parts = [self.creator or self.publisher, f"({self.year})" if self.year else "", self.title, self.publisher]
        return ". ".join(p for p in parts if p) + f". {self.identifier}"


class Translation(models.Model):
    """A work in one language; its current version is the newest. Carries the search index of that language."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Accent-folded title / metadata / extracted text of the current version (built in search.py).
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    # On PostgreSQL the table also has a `search_vector` tsvector column with a GIN index, outside the model
    # (migration 0002): the folded text in the language's configuration, title weight A (search.py).

    # A copy of the work's fields that decide who may open it and that the search counts as facets, so that a
    # search reads its matches without joining every one of them with its work. Written ONLY by database
    # triggers (migration 0008): whatever Django writes here is replaced by the work's values in the same
    # statement, and a change of the work or of its programs or countries rewrites the copy in the same
    # transaction. The defaults open nothing (no status, no access level) if a row were ever without its copy.
    work_status = models.CharField(max_length=10, blank=True, default="", editable=False)
    work_access_level = models.CharField(max_length=12, blank=True, default="", editable=False)
    work_owner_state_id = models.BigIntegerField(null=True, editable=False)
    work_author_id = models.BigIntegerField(null=True, editable=False)
    work_document_type = models.CharField(max_length=20, blank=True, default="", editable=False)
    work_year = models.IntegerField(null=True, editable=False)
    # The ids of the work's programs and countries covered, comma-separated in id order ("3,7"): counted as text.
    work_programs = models.TextField(blank=True, default="", editable=False)
    work_countries = models.TextField(blank=True, default="", editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["work", "language"]
        constraints = [
            models.UniqueConstraint(fields=["work", "language"], name="library_one_translation_per_language")
        ]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def current_version(self) -> Version | None:
        """The newest version (the default one)."""
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None


def version_path(instance: Version, filename: str) -> str:
    """Stored under a random name: the original name is kept in the row, never used as a path."""
    return f"library/{instance.translation.work.identifier}/{uuid.uuid4().hex}"


class Version(models.Model):
    """One file of a translation: v1, v2…, each with its change note, each citable at its own URL."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    change_note = models.TextField(_("change note"), blank=True)
    file = models.FileField(upload_to=version_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=120)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["translation", "-number"]
        constraints = [models.UniqueConstraint(fields=["translation", "number"], name="library_version_number")]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.translation} v{self.number}"

    def get_absolute_url(self) -> str:
        """The version's own download URL (stable: older versions stay citable)."""
        work = self.translation.work
        return reverse("library:version_download", args=[work.identifier, self.translation.language, self.number])


class Follow(models.Model):
    """A user follows a work: she is told in-app when a new version of it is published (while she may open it)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="library_follows")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(_("followed"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "work"], name="library_one_follow_per_user")]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.user} → {self.work}"
