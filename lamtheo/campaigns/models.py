"""What a level issues for its subtree: guiding documents, themes and ethical standards.

These are read by the whole subtree of the issuing node (`INHERITED_PATH`, see scoping) and
changed only by those who manage the campaign at that node. Rules change over time, so each
carries validity (years or dates) instead of constants in code.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DirectiveKind(models.TextChoices):
    DIRECTIVE = "directive", _("Directive (chỉ thị)")
    CONCLUSION = "conclusion", _("Conclusion (kết luận)")
    REGULATION = "regulation", _("Regulation (quy định)")
    RESOLUTION = "resolution", _("Resolution (nghị quyết)")
    GUIDANCE = "guidance", _("Guidance (hướng dẫn)")
    PLAN = "plan", _("Plan (kế hoạch)")
    CIRCULAR = "circular", _("Circular (thông tri)")
    OTHER = "other", _("Other document")


class Directive(models.Model):
    """A guiding document recorded by a node (it may have been issued higher up, e.g. by the Centre)."""

    SCOPE_PATH: ClassVar[str] = "organization__path"
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="directives"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DirectiveKind.choices, default=DirectiveKind.DIRECTIVE)
    number = models.CharField(_("number"), max_length=60, help_text=_("For example 05-CT/TW"))
    issued_on = models.DateField(_("date issued"))
    issuer = models.CharField(_("issued by"), max_length=200)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("file"), upload_to="directives/%Y/", blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from"))
                ),
                name="directive_validity_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def in_force_in(self, year: int) -> bool:
        """Whether the document is in force at some day of `year` (from its validity, else its date)."""
        start = self.valid_from or self.issued_on
        return start.year <= year and (self.valid_to is None or self.valid_to.year >= year)


class ThemeScope(models.TextChoices):
    YEAR = "year", _("Theme of the year")
    TERM = "term", _("Theme of the whole term")


class Theme(models.Model):
    """A theme (chuyên đề) set by a level for its subtree, for one year or a term of years."""

    SCOPE_PATH: ClassVar[str] = "organization__path"
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="themes"
    )
    scope = models.CharField(_("kind"), max_length=10, choices=ThemeScope.choices, default=ThemeScope.YEAR)
    title = models.CharField(_("title"), max_length=500)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    description = models.TextField(_("description"), blank=True)
    directive = models.ForeignKey(
        Directive, verbose_name=_("guiding document"), null=True, blank=True, on_delete=models.SET_NULL
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["-year_from", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(year_to__gte=models.F("year_from")), name="theme_years_in_order"),
        ]

    def __str__(self) -> str:
        years = str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"
        return f"{self.title} ({years})"

    def covers(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to


class EthicalStandard(models.Model):
    """A set of ethical standards (chuẩn mực đạo đức) of a unit, one standard per line of `body`.

    A higher level publishes model sets (`is_model`); a unit adapts one by copying it
    (`adapted_from` and the model's version at the time), then edits its copy. Every saved
    version is kept in EthicalStandardVersion.
    """

    SCOPE_PATH: ClassVar[str] = "organization__path"
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="standards"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("standards"), help_text=_("One standard per line."))
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    is_model = models.BooleanField(_("model for lower levels"), default=False)
    adapted_from = models.ForeignKey(
        "self",
        verbose_name=_("adapted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
    )
    adapted_from_version = models.PositiveIntegerField(_("model version adapted"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ethical standards")
        verbose_name_plural = _("ethical standards")
        ordering = ["-year_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year_from")),
                name="standard_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def items(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    def covers(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)

    @property
    def is_adaptation(self) -> bool:
        return self.adapted_from_id is not None


class EthicalStandardVersion(models.Model):
    """A saved version of a set of standards, for the history and for adaptations to cite."""

    SCOPE_PATH: ClassVar[str] = "standard__organization__path"
    INHERITED_PATH: ClassVar[str] = "standard__organization__path"

    standard = models.ForeignKey(
        EthicalStandard, verbose_name=_("ethical standards"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version number"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("standards"))
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("version of ethical standards")
        verbose_name_plural = _("versions of ethical standards")
        ordering = ["standard", "-version"]
        constraints = [models.UniqueConstraint(fields=["standard", "version"], name="standard_version_unique")]

    def __str__(self) -> str:
        return f"{self.standard_id} v{self.version}"
