from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from team.roles import Role


class User(AbstractUser):
    """A member of staff or a partner organisation's worker who signs in."""

    class Meta:
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role(self) -> Role | None:
        """The user's role: the first of their groups that names a role."""
        names = {group.name for group in self.groups.all()}
        return next((role for role in Role if role.value in names), None)

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and self.role in roles


class Organisation(models.Model):
    """The PIEW team, a Family Hub service or a partner organisation."""

    class Kind(models.TextChoices):
        PIEW_TEAM = "piew_team", "PIEW team"
        FAMILY_HUB = "family_hub", "Family Hub service"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        NHS = "nhs", "NHS"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    contact_name = models.CharField("Contact person", max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    services = models.TextField(
        "Services offered", blank=True,
        help_text="What the organisation offers families, in a sentence or two.",
    )
    takes_referrals = models.BooleanField(
        "Takes referrals from the team", default=False,
        help_text="Shown in the list of partners a family can be referred or signposted to.",
    )
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Hub(models.Model):
    """A Family Hub site where families are seen and groups run."""

    name = models.CharField(max_length=200, unique=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """What the service needs to know about a person who signs in.

    The role itself is the user's group; the profile says where they work and
    how many cases they can carry.
    """

    class WorkingPattern(models.TextChoices):
        FULL_TIME = "full_time", "Full time"
        PART_TIME = "part_time", "Part time"
        JOB_SHARE = "job_share", "Job share"
        SESSIONAL = "sessional", "Sessional"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True)
    working_pattern = models.CharField(
        max_length=20, choices=WorkingPattern.choices, default=WorkingPattern.FULL_TIME
    )
    caseload_capacity = models.PositiveSmallIntegerField(
        default=0, help_text="The weighted caseload this person can carry. 0 if they hold none."
    )
    active = models.BooleanField(
        default=True, help_text="Untick when the person leaves or stops taking new cases."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.user} ({self.job_title})" if self.job_title else str(self.user)
