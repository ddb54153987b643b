from django.conf import settings
from django.db import models
from django.utils import timezone


class DigestSent(models.Model):
    """A person's daily digest, written once for a day: the unique key keeps a second run of
    beat, or a run after a worker died, from sending it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    items = models.PositiveIntegerField(default=0, help_text="How many tasks it listed.")

    class Meta:
        verbose_name = "daily digest sent"
        verbose_name_plural = "daily digests sent"
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_person_per_day")
        ]

    def __str__(self):
        return f"Digest for {self.user} on {self.day}"
