from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Field, Q, Transform
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from archive_site.addresses import site_path
from archive_site.slugs import unique_slug
from articles.body import body_text, canonical_body, plain_paragraphs, plain_text, render_body
from archive_site.text import compound_of_words, normalize_key, slugify_fa, sort_key
from archive_site.zwnj import apply_word_map


class Section(models.Model):
    """A desk of the agency: 'علم و فناوری', 'سیاسی', ..."""

    name = models.CharField("نام", max_length=100)
    slug = models.SlugField("نامک", max_length=80, unique=True, allow_unicode=True, blank=True)
    description = models.TextField("توضیح", blank=True)
    position = models.PositiveSmallIntegerField("ترتیب نمایش", default=100)
    name_key = models.CharField(max_length=200, editable=False, unique=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = "گروه خبری"
        verbose_name_plural = "گروه‌های خبری"
        ordering = ["position", "sort_name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_key(self.name)
        self.sort_name = sort_key(self.name)
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Without reverse(): every item of a list page links its desk (see site_path).
        return site_path(f"sections/{self.slug}/")


@Field.register_lookup
class Unindexed(Transform):
    """`field__unindexed`: the column, as SQLite may not search an index by (`+column`).

    SQLite plans without statistics: a condition on an indexed column with an
    ORDER BY that index gives makes it walk that index, which is the whole
    archive when another table's condition is the selective one (a person's
    statements newest first walked 100,000 articles). PostgreSQL plans by its
    statistics and gets the plain column.
    """

    lookup_name = "unindexed"

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return (f"+{sql}" if connection.vendor == "sqlite" else sql), params


class ArticleQuerySet(models.QuerySet):
    def public(self):
        """The one door for readers and partners: published, and its time has come (see Article.public_q)."""
        return self.filter(Article.public_q())

    def withdrawn(self):
        return self.filter(status=Article.Status.WITHDRAWN)

    def gone(self):
        """Withdrawn articles that had been public: the only ones whose address answers 410 (see Article.gone_q)."""
        return self.filter(Article.gone_q())

    def scheduled(self):
        """Published with a time still to come: public by themselves at that time."""
        return self.filter(status=Article.Status.PUBLISHED).exclude(Article.public_q())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "پیش‌نویس"
        REVIEW = "review", "در انتظار بازبینی"
        PUBLISHED = "published", "منتشرشده"
        WITHDRAWN = "withdrawn", "پس‌گرفته"

    headline = models.CharField(
        "تیتر", max_length=500, help_text="دو بخش تیتر را با « / » جدا کنید؛ همان‌طور که در متن خبرگزاری آمده است."
    )
    slug = models.SlugField("نامک", max_length=80, allow_unicode=True, blank=True, help_text="خالی بگذارید تا از تیتر ساخته شود.")
    lead = models.TextField("لید", blank=True)
    body = models.TextField("متن", blank=True, help_text="بندها را با یک خط خالی از هم جدا کنید.")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles", verbose_name="گروه خبری")
    agency = models.CharField("خبرگزاری", max_length=100, blank=True, default="ایسکانیوز",
                              help_text="خالی، وقتی متن خبرگزاری‌ای نام نبرده است.")
    dateline_city = models.CharField("شهر", max_length=100, blank=True)
    reporter = models.CharField("اعتبار خبرنگار", max_length=200, blank=True, help_text="مثلاً «خبرنگار گروه علم و فناوری».")
    message_code = models.CharField("کد پیام", max_length=50, blank=True, help_text="کدی که پس از «انتهای پیام /» می‌آید.")
    status = models.CharField("وضعیت", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField("زمان انتشار", null=True, blank=True, help_text="زمانی در آینده، خبر را زمان‌بندی می‌کند.")
    withdrawn_at = models.DateTimeField("زمان پس‌گرفتن", null=True, blank=True)
    withdrawal_note = models.CharField("دلیل پس‌گرفتن", max_length=300, blank=True)
    withdrawal_note_public = models.BooleanField(
        "نمایش دلیل به خوانندگان", default=False,
        help_text="اگر روشن باشد، دلیل پس‌گرفتن در صفحهٔ خبرِ پس‌گرفته نشان داده می‌شود.",
    )
    conference = models.ForeignKey(
        "PressConference", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles",
        verbose_name="نشست خبری", help_text="نشستی که این خبر گزارش آن است.",
    )
    people = models.ManyToManyField("people.Person", blank=True, related_name="articles", verbose_name="اشخاص")
    organizations = models.ManyToManyField("people.Organization", blank=True, related_name="articles", verbose_name="سازمان‌ها")
    platforms = models.ManyToManyField("platforms.Platform", blank=True, related_name="articles", verbose_name="سکوها")
    # Optimistic locking: an edit made on an older version is refused, not lost.
    version = models.PositiveIntegerField(default=1, editable=False)
    source_name = models.CharField("فایل منبع", max_length=255, blank=True, editable=False)
    # Wire copy often loses its zero-width non-joiners («میکنند»). The import
    # repairs them for display; the words it changed are kept here, so the
    # repair can be undone (zwnj_repair off) without losing the copy as received.
    zwnj_repair = models.BooleanField(
        "ترمیم نیم‌فاصله", default=True,
        help_text="نیم‌فاصله‌های افتاده از متن خبرگزاری («میکنند» ← «می‌کنند») ترمیم شود؛ با برداشتن تیک، متن همان‌طور که رسیده نمایش داده می‌شود.",
    )
    zwnj_repairs = models.JSONField("واژه‌های ترمیم‌شده", default=dict, blank=True, editable=False)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True, db_index=True)

    # Search keys (archive_site.text.normalize_key of the display text), kept
    # beside it; the full-text indexes of both databases are built over these.
    headline_key = models.TextField(editable=False, default="")
    lead_key = models.TextField(editable=False, default="")
    body_key = models.TextField(editable=False, default="")
    statements_key = models.TextField(editable=False, default="")
    compound_key = models.TextField(editable=False, default="")

    objects = ArticleQuerySet.as_manager()
    # The links are part of each version (m2m_fields), so a revert restores
    # them as they were, not as they are now.
    history = HistoricalRecords(
        excluded_fields=["headline_key", "lead_key", "body_key", "statements_key", "compound_key"],
        m2m_fields=["people", "organizations", "platforms"],
    )

    class Meta:
        verbose_name = "خبر"
        verbose_name_plural = "خبرها"
        ordering = ["-published_at", "-id"]
        # Roles (see articles/roles.py): publishing and withdrawing are
        # permissions of their own, not implied by "change".
        permissions = [
            ("publish_article", "می‌تواند خبر را منتشر یا زمان‌بندی کند"),
            ("withdraw_article", "می‌تواند خبر منتشرشده را پس بگیرد"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "message_code"], condition=~Q(message_code=""), name="article_unique_agency_message_code",
                violation_error_message="خبری با همین کد پیام از این خبرگزاری در آرشیو هست.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="خبر منتشرشده باید زمان انتشار داشته باشد.",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="article_withdrawn_has_time",
                violation_error_message="خبر پس‌گرفته باید زمان پس‌گرفتن داشته باشد.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
            # With the id, deep desk pages read their ids from the index alone (archive_site.paging).
            models.Index(fields=["section", "status", "-published_at", "-id"], name="article_section_public_id_idx"),
            models.Index(fields=["agency", "headline_key"], name="article_agency_headline_idx"),
        ]

    def __str__(self):
        return self.headline

    # The definition of public, written once. Every selector, count, sitemap,
    # feed and API list reaches it through public() or, across a relation
    # (`prefix` like "articles__"), through public_q(prefix).
    @classmethod
    def public_q(cls, prefix="", *, now=None, unindexed=False):
        """Q for "public": status `published` and `published_at` has come.

        `unindexed`: the article's columns are only checked, never searched
        by (on SQLite), for reads driven by another table's rows (see Unindexed).
        """
        via = "__unindexed" if unindexed else ""
        return Q(**{
            f"{prefix}status{via}": cls.Status.PUBLISHED, f"{prefix}published_at{via}__lte": now or timezone.now(),
        })

    @classmethod
    def gone_q(cls, prefix=""):
        """Q for "withdrawn after having been public".

        Only such an article answers 410 and leaves a tombstone in the change
        feed: readers and mirrors may hold it. One withdrawn before it ever
        came out was never public, so its address is a plain 404 on the site
        and in the API alike (a 410 would tell that it existed).
        """
        return Q(
            **{
                f"{prefix}status": cls.Status.WITHDRAWN,
                f"{prefix}published_at__isnull": False,
                f"{prefix}published_at__lte": F(f"{prefix}withdrawn_at"),
            }
        )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_fa(self.headline) or "khabar"
        self.canonicalize_text()
        self.refresh_keys()
        super().save(*args, **kwargs)

    def canonicalize_text(self):
        """Headline, lead and body in the one form they are stored in (save() calls it)."""
        # One form of the text whatever sent it (a browser's CRLF, the rich
        # editor's HTML): history then shows only real changes.
        self.lead = (self.lead or "").replace("\r\n", "\n").replace("\r", "\n")
        # Headline and lead are plain text: markup in them is dropped, so no
        # partner that forgets to escape them can be fed a script.
        self.headline, self.lead = plain_text(self.headline), plain_text(self.lead)
        self.body = canonical_body(self.body)
        if self.zwnj_repairs:
            # The ZWNJ repair is on or off per article: the same word map, one way or the other.
            for name in ("headline", "lead", "body"):
                setattr(self, name, apply_word_map(getattr(self, name), self.zwnj_repairs, reverse=not self.zwnj_repair))

    def clean(self):
        # Once readers and partners have seen an article, it stays public or is
        # withdrawn (410 and a tombstone in the change feed). Sending it back to
        # draft or rescheduling it would make it vanish without a trace, and
        # mirrors of the archive could not know.
        super().clean()
        if not self.pk:
            return
        now = timezone.now()
        if not Article.objects.filter(Article.public_q(now=now), pk=self.pk).exists():
            return
        if self.status in (self.Status.DRAFT, self.Status.REVIEW):
            raise ValidationError(
                {"status": "این خبر منتشر شده است: یا منتشرشده می‌ماند یا پس گرفته می‌شود، به پیش‌نویس یا بازبینی برنمی‌گردد."}
            )
        if self.status == self.Status.PUBLISHED and self.published_at and self.published_at > now:
            raise ValidationError(
                {"published_at": "زمان انتشار خبری را که منتشر شده است نمی‌توان به آینده برد."}
            )

    def refresh_keys(self):
        self.headline_key = normalize_key(self.headline)
        self.lead_key = normalize_key(self.lead)
        self.body_key = normalize_key(body_text(self.body))
        # compound_key() of headline, lead and body, from their keys rather than folding the text again.
        keys = (self.headline_key, self.lead_key, self.body_key)
        self.compound_key = compound_of_words(" ".join(key for key in keys if key).split())

    def get_absolute_url(self):
        return self.url_for(self.pk, self.slug)

    @staticmethod
    def url_for(pk, slug):
        # The address reverse("articles:detail") gives, without reverse() (see site_path).
        return site_path(f"articles/{pk}/{slug}/")

    @property
    def is_public(self):
        """Whether this row is public now, asked of the database through public_q (one query)."""
        return self.pk is not None and Article.objects.public().filter(pk=self.pk).exists()

    @property
    def headline_clauses(self):
        """The headline's clauses, split at ' / '."""
        return [part.strip() for part in self.headline.split(" / ") if part.strip()]

    @property
    def paragraphs(self):
        """The body's paragraphs as plain text (tags removed from a formatted body)."""
        return plain_paragraphs(body_text(self.body))

    @property
    def body_html(self):
        """The body as safe HTML: what readers, feeds and the API get (see articles/body.py)."""
        return render_body(self.body)


class PressConferenceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(PressConference.public_q())


class PressConference(models.Model):
    """A press conference (نشست خبری) the agency covered."""

    title = models.CharField("عنوان", max_length=300)
    slug = models.SlugField("نامک", max_length=80, unique=True, allow_unicode=True, blank=True)
    host = models.ForeignKey(
        "people.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_conferences",
        verbose_name="میزبان",
    )
    venue = models.CharField("محل برگزاری", max_length=300, blank=True)
    starts_at = models.DateTimeField("زمان برگزاری", null=True, blank=True)
    time_note = models.CharField("زمان به روایت خبر", max_length=100, blank=True, help_text="مثلاً «عصر امروز».")
    description = models.TextField("توضیح", blank=True)
    confirmed = models.BooleanField(
        "تأییدشده", default=False, help_text="نشستی که ورود خودکار خبر ساخته، تا تأیید دبیر نمایش داده نمی‌شود."
    )
    title_key = models.CharField(max_length=600, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PressConferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "نشست خبری"
        verbose_name_plural = "نشست‌های خبری"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["confirmed", "-starts_at"], name="conference_public_idx")]
        permissions = [("confirm_pressconference", "می‌تواند نشست خبری را تأیید کند")]

    def __str__(self):
        return self.title

    @classmethod
    def public_q(cls, prefix="", *, unindexed=False):
        """Q for a public conference: one the wire import proposed stays hidden until an editor confirms it.

        `unindexed`: only checked, never searched by, on SQLite (see Unindexed).
        """
        return Q(**{f"{prefix}confirmed{'__unindexed' if unindexed else ''}": True})

    @property
    def is_public(self):
        return self.confirmed

    def save(self, *args, **kwargs):
        self.title_key = normalize_key(self.title)
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:conference", kwargs={"pk": self.pk, "slug": self.slug})


class Statement(models.Model):
    """Who said what, where it was reported, and which platforms it is about."""

    speaker = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="statements", verbose_name="گوینده"
    )
    text = models.TextField("سخن")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="statements", verbose_name="خبر")
    conference = models.ForeignKey(
        PressConference, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements", verbose_name="نشست خبری"
    )
    platforms = models.ManyToManyField("platforms.Platform", blank=True, related_name="statements", verbose_name="دربارهٔ سکوها")
    position = models.PositiveSmallIntegerField("ترتیب", default=0)
    # Statements the import derived from the copy are re-derived when the copy
    # is corrected (a corrected quote replaces the old one); an editor's own stay.
    from_import = models.BooleanField("از ورود خبر", default=False, editable=False)
    text_key = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "گفته"
        verbose_name_plural = "گفته‌ها"
        ordering = ["article", "position", "id"]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.text_key = normalize_key(self.text)
        super().save(*args, **kwargs)


class SectionAlias(models.Model):
    """Another way copy names a desk: «اقتصادی» and «گروه اقتصاد» are one desk."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="aliases", verbose_name="گروه خبری")
    name = models.CharField("نام دیگر", max_length=100, help_text="همان‌طور که در سطر «به گزارش …» می‌آید، مثلاً «اقتصادی».")
    key = models.CharField(max_length=200, editable=False, unique=True)

    class Meta:
        verbose_name = "نام دیگر گروه خبری"
        verbose_name_plural = "نام‌های دیگر گروه خبری"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalize_key(self.name)
        super().save(*args, **kwargs)


class ImportSuggestion(models.Model):
    """Something the import found that the archive does not know yet, waiting for an editor.

    Nothing about it is public until an editor accepts it (which creates the
    person, organization, platform or desk, or merges the name into an
    existing one); a rejected name is remembered and not suggested again.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "شخص"
        ORGANIZATION = "organization", "سازمان"
        PLATFORM = "platform", "سکو"
        SECTION = "section", "گروه خبری"

    class Status(models.TextChoices):
        PENDING = "pending", "در انتظار"
        ACCEPTED = "accepted", "پذیرفته"
        MERGED = "merged", "ادغام‌شده"
        REJECTED = "rejected", "ردشده"

    kind = models.CharField("گونه", max_length=20, choices=Kind.choices)
    name = models.CharField("نام", max_length=200)
    name_key = models.CharField(max_length=300, editable=False, db_index=True)
    role = models.CharField("سمت به روایت متن", max_length=300, blank=True)
    evidence = models.TextField("جمله‌ای که در آن آمده", blank=True)
    status = models.CharField("وضعیت", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    articles = models.ManyToManyField(Article, blank=True, related_name="import_suggestions", verbose_name="خبرها")
    seen_count = models.PositiveIntegerField("دفعات دیده‌شدن", default=1)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name="شخص")
    organization = models.ForeignKey("people.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="سازمان")
    platform = models.ForeignKey("platforms.Platform", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="سکو")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="گروه خبری")
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    decided_at = models.DateTimeField("زمان تصمیم", null=True, blank=True)
    decided_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="تصمیم‌گیرنده")

    class Meta:
        verbose_name = "پیشنهاد ورود خبر"
        verbose_name_plural = "پیشنهادهای ورود خبر"
        ordering = ["status", "-seen_count", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "name_key"], name="import_suggestion_unique")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"

    def save(self, *args, **kwargs):
        self.name_key = normalize_key(self.name)
        super().save(*args, **kwargs)


class RemovedLink(models.Model):
    """A mention an editor unlinked from an article: relinking never puts it back."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="removed_links")
    kind = models.CharField(max_length=20)  # people, organizations, platforms
    object_id = models.PositiveIntegerField()
    removed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "kind", "object_id"], name="removed_link_unique")]
# The partner API's change log (its own module: it is written by signals, not by these models).
from articles.changelog import ArticleChange, PendingPublication  # noqa: E402, F401


class Correction(models.Model):
    """A correction (اصلاحیه) an editor attached to a published article; readers see it with its date."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections", verbose_name="خبر")
    note = models.TextField("متن اصلاحیه", help_text="آنچه اصلاح شد، به زبان خواننده؛ زیر خبر با تاریخ نمایش داده می‌شود.")
    created_at = models.DateTimeField("زمان", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        verbose_name="ثبت‌کننده",
    )

    class Meta:
        verbose_name = "اصلاحیه"
        verbose_name_plural = "اصلاحیه‌ها"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.note[:80]
