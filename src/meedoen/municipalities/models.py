from django.db import models


class Municipality(models.Model):
    """A tenant: one municipality with its own rulebook folder."""

    slug = models.SlugField(unique=True, help_text="The rulebook folder name, e.g. 'zoetermeer'.")
    name = models.CharField(max_length=100)
    cbs_code = models.CharField(max_length=6, unique=True)
    districts = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"

    def __str__(self):
        return self.name

    @property
    def rules(self):
        """This municipality in the loaded rulebook."""
        from .rulebook import current_rulebook

        return current_rulebook().municipalities[self.slug]


class Organisation(models.Model):
    """An organisation that provides or helps with schemes in a municipality."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="organisations")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    helps_with_nl = models.TextField(blank=True)
    helps_with_en = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        unique_together = [("municipality", "slug")]

    def __str__(self):
        return self.name
