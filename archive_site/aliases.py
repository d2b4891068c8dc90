"""The abstract alias: another way a name is written, matched by its normalized key.

People, organizations and platforms each keep their aliases in their own
table (people.PersonAlias, people.OrganizationAlias, platforms.PlatformAlias),
with the foreign key to what they name; the name, its key and how the key is
made are written here once.
"""

from django.db import models

from archive_site.text import normalize_key


class Alias(models.Model):
    name = models.CharField("نام دیگر", max_length=200)
    # What the import and the search match on: normalize_key(name), so ZWNJ,
    # Arabic letters and digits do not matter.
    key = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalize_key(self.name)
        super().save(*args, **kwargs)
