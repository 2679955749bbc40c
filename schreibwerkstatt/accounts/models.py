from typing import Any, ClassVar

import rules
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person; logs in with e-mail. Roles live on memberships, not here.

    Two global roles: `is_superuser` is the Plattform-Admin (operator), `is_adviser`
    the Beratung of the digital agency, who sees only the municipalities assigned.

    An operator runs the platform but reads a municipality's content only as its member
    (or through a support access its coordination granted): see `has_perm`.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_adviser = models.BooleanField(
        _("adviser (Beratung)"),
        default=False,
        help_text=_(
            "Advisers of the digital agency read and comment in their assigned municipalities."
        ),
    )
    is_staff = models.BooleanField(_("may use the operator area"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("registered on"), default=timezone.now)
    # Second factor (TOTP, RFC 6238): see accounts/two_factor.py and docs/security.md.
    totp_secret = models.CharField(
        _("authenticator key"), max_length=64, blank=True, default="", db_default=""
    )
    totp_enabled_at = models.DateTimeField(_("second factor set up on"), null=True, blank=True)
    # The last time step a code was accepted for, so one code cannot be used twice.
    # db_default (here and on the key): rows written without these columns (raw SQL, older migration states in
    # tests, a restore from an older backup) get a valid value from the database itself.
    totp_last_step = models.BigIntegerField(default=0, db_default=0, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Django lets every active superuser pass before asking a backend. That would open
        every municipality's content to the operator, so a permission declared with
        django-rules and checked on an object (a municipality, measure, step ...) is decided
        by its predicate alone, superuser or not. Checks without an object keep Django's
        behaviour: those are the operator area's model permissions (`/betrieb/`), and no
        predicate grants anything without an object."""
        if obj is not None and rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    async def ahas_perm(self, perm: str, obj: Any = None) -> bool:
        if obj is not None and rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return await super().ahas_perm(perm, obj)

    # has_perms / ahas_perms ask has_perm / ahas_perm for each permission, so they follow.

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)


class RecoveryCode(models.Model):
    """One of ten single-use codes for when the authenticator app is lost. Stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.user} #{self.pk}"
