"""The three alias models share one abstract Alias: the key is made from the name on save, the tables stay theirs."""

import pytest

from archive_site.aliases import Alias
from archive_site.text import normalize_key
from people.models import Organization, OrganizationAlias, Person, PersonAlias
from platforms.models import Platform, PlatformAlias

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "make, table",
    [
        (lambda: PersonAlias(person=Person.objects.create(name="حمید فتاحی"), name="فتاحي"), "people_personalias"),
        (
            lambda: OrganizationAlias(organization=Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات"),
                                      name="وزارت ارتباطات"),
            "people_organizationalias",
        ),
        (lambda: PlatformAlias(platform=Platform.objects.create(name="پیام‌رسان آزمونی", slug="alias-test"), name="پيامرسان آزمونی"),
         "platforms_platformalias"),
    ],
    ids=["person", "organization", "platform"],
)
def test_alias_key_is_the_normalized_name(make, table):
    alias = make()
    assert isinstance(alias, Alias) and alias._meta.db_table == table
    alias.save()
    alias.refresh_from_db()
    assert alias.key == normalize_key(alias.name) and alias.key
    assert str(alias) == alias.name
    # A spelling variant changes nothing of the key.
    if "ي" in alias.name:
        assert "ي" not in alias.key
