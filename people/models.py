from django.db import models
from django.db.models import F, Q

from archive_site.aliases import Alias
from archive_site.addresses import site_path
from archive_site.slugs import unique_slug
from archive_site.text import normalize_key, sort_key, surname_sort_key


class NamedModel(models.Model):
    """Name, slug and the keys derived from the name (matching, Persian sort order)."""

    name = models.CharField("نام", max_length=200)
    slug = models.SlugField("نامک", max_length=80, allow_unicode=True, blank=True)
    name_key = models.CharField(max_length=300, editable=False, db_index=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["sort_name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_key(self.name)
        self.sort_name = sort_key(self.name)
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)


class Organization(NamedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "نهاد دولتی"
        COMPANY = "company", "شرکت"
        COUNCIL = "council", "شورا"
        STUDENT = "student", "تشکل دانشجویی"
        MEDIA = "media", "رسانه"
        OTHER = "other", "دیگر"

    kind = models.CharField("گونه", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", verbose_name="زیرمجموعهٔ", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    website = models.URLField("وب‌گاه", blank=True)
    description = models.TextField("توضیح", blank=True)

    class Meta(NamedModel.Meta):
        verbose_name = "سازمان"
        verbose_name_plural = "سازمان‌ها"
        constraints = [models.UniqueConstraint(fields=["slug"], name="organization_slug_unique")]


class OrganizationAlias(Alias):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases", verbose_name="سازمان")
    name = models.CharField("نام دیگر", max_length=200, help_text="نام کوتاه یا نوشتار دیگر، مثلاً «وزارت ارتباطات».")

    class Meta:
        verbose_name = "نام دیگر سازمان"
        verbose_name_plural = "نام‌های دیگر سازمان"
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="organization_alias_unique")]


class Person(NamedModel):
    bio = models.TextField("زندگی‌نامهٔ کوتاه", blank=True)
    surname = models.CharField(
        "نام خانوادگی", max_length=200, blank=True,
        help_text="برای ترتیب الفبایی فهرست اشخاص؛ خالی یعنی واژهٔ آخر نام. نام خانوادگی چندبخشی را این‌جا بنویسید.",
    )
    # Readers look people up by surname: the list is ordered by this key (archive_site.text.surname_sort_key).
    surname_sort = models.CharField(max_length=255, editable=False, db_index=True, default="")

    def save(self, *args, **kwargs):
        self.surname_sort = surname_sort_key(self.name, self.surname)
        super().save(*args, **kwargs)

    class Meta(NamedModel.Meta):
        verbose_name = "شخص"
        verbose_name_plural = "اشخاص"
        constraints = [models.UniqueConstraint(fields=["slug"], name="person_slug_unique")]

    def get_absolute_url(self):
        # Without reverse() (archive_site.addresses): lists and API answers link many people.
        return site_path(f"people/{self.pk}/{self.slug}/")


class PersonAlias(Alias):
    """Another spelling of a person's name, or the surname alone ('فتاحی')."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases", verbose_name="شخص")

    class Meta:
        verbose_name = "نام دیگر شخص"
        verbose_name_plural = "نام‌های دیگر شخص"
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_alias_unique")]


class Role(models.Model):
    """A position a person held at an organization, for a time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles", verbose_name="شخص")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="roles", verbose_name="سازمان")
    title = models.CharField("سمت", max_length=200, help_text="مثلاً «معاون وزیر» یا «عضو هیات مدیره».")
    start_date = models.DateField("از تاریخ", null=True, blank=True)
    end_date = models.DateField("تا تاریخ", null=True, blank=True, help_text="خالی یعنی هنوز در این سمت است.")
    title_key = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        verbose_name = "سمت"
        verbose_name_plural = "سمت‌ها"
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="role_end_not_before_start",
                violation_error_message="پایان سمت نمی‌تواند پیش از آغاز آن باشد.",
            ),
        ]

    def __str__(self):
        return f"{self.title}، {self.organization}"

    def save(self, *args, **kwargs):
        self.title_key = normalize_key(self.title)
        super().save(*args, **kwargs)

    def held_on(self, day):
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or day <= self.end_date)


class Participation(models.Model):
    """A person at a press conference, with the role they held there."""

    conference = models.ForeignKey(
        "articles.PressConference", on_delete=models.CASCADE, related_name="participations", verbose_name="نشست خبری"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations", verbose_name="شخص")
    role = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="participations", verbose_name="سمت در آن زمان"
    )
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        verbose_name = "حاضر در نشست"
        verbose_name_plural = "حاضران در نشست"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["conference", "person"], name="participation_unique")]

    def __str__(self):
        return f"{self.person} در {self.conference}"
