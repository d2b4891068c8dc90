"""A small archive with every kind of thing the site shows, for feed, sitemap and page-check tests.

Modelled on the founding article: a desk, a confirmed press conference with its
participants and the roles they held then, statements about platforms, a
foreign messenger with an unofficial client. Its articles fall in two Jalali
months. Latin names and an ISO date sit inside Persian text, as wire copy has them.
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from archive_site.text import normalize_key
from articles.models import Article, PressConference, Section, Statement
from people.models import Organization, Participation, Person, Role
from platforms.models import Platform

SEARCH_WORD = "پیام‌رسان"


def _section(name, **facts):
    # A desk's name is unique (by key): the same desk may already be there, e.g. made by the wire import.
    section = Section.objects.filter(name_key=normalize_key(name)).first()
    return section or Section.objects.create(name=name, **facts)


def _platform(slug, **facts):
    platform, _ = Platform.objects.get_or_create(slug=slug, defaults=facts)
    return platform


def build_archive(*, extra_articles=0):
    """Create the archive; `extra_articles` more public articles on the same desk, person and platforms."""
    now = timezone.now()
    science = _section("علم و فناوری", description="خبرهای علم، فناوری و ارتباطات.")
    politics = _section("سیاسی")

    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات", kind=Organization.Kind.GOVERNMENT)
    infrastructure = Organization.objects.create(name="شرکت ارتباطات زیرساخت", kind=Organization.Kind.COMPANY)
    union = Organization.objects.create(name="اتحادیه جامعه اسلامی دانشجویان", kind=Organization.Kind.STUDENT)

    fattahi = Person.objects.create(name="حمید فتاحی", bio="معاون وزیر ارتباطات و فناوری اطلاعات.")
    deputy_role = Role.objects.create(
        person=fattahi, organization=ministry, title="معاون وزیر", start_date=now.date() - dt.timedelta(days=900)
    )
    Role.objects.create(
        person=fattahi, organization=infrastructure, title="عضو هیات مدیره",
        start_date=now.date() - dt.timedelta(days=2000), end_date=now.date() - dt.timedelta(days=1000),
    )
    student = Person.objects.create(name="ژاله پاکزاد")
    student_role = Role.objects.create(person=student, organization=union, title="دبیر")

    # The well-known platforms come with the database (platforms migration 0002); tests use those rows.
    telegram = _platform(
        "telegram", name="تلگرام", latin_name="Telegram", origin=Platform.Origin.FOREIGN, launched_on=dt.date(2013, 8, 14)
    )
    hotgram = _platform(
        "hotgram", name="هاتگرام", latin_name="Hotgram", origin=Platform.Origin.DOMESTIC,
        kind=Platform.Kind.UNOFFICIAL_CLIENT, parent=telegram,
    )
    gap = _platform("gap", name="گپ", latin_name="Gap", origin=Platform.Origin.DOMESTIC)
    soroush = _platform("soroush", name="سروش", latin_name="Soroush", origin=Platform.Origin.DOMESTIC)

    conference = PressConference.objects.create(
        title="بررسی علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی", host=union, venue="اتحادیه جامعه اسلامی دانشجویان",
        starts_at=now - dt.timedelta(days=1, hours=3), time_note="عصر امروز", confirmed=True,
    )
    Participation.objects.create(conference=conference, person=fattahi, role=deputy_role, order=1)
    Participation.objects.create(conference=conference, person=student, role=student_role, order=2)
    unconfirmed = PressConference.objects.create(title="نشست تأییدنشده ورود خودکار", starts_at=now - dt.timedelta(days=3))

    founding = Article.objects.create(
        headline="معاون وزیر ارتباطات: از پیام‌رسان‌های داخلی فقط در گپ و نوا عضو هستیم / هاتگرام و تلگرام طلایی غیرقانونی نیستند",
        lead="معاون وزیر ارتباطات و فناوری اطلاعات در نشست خبری اتحادیه جامعه اسلامی دانشجویان از علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی گفت.",
        body=(
            "به گزارش خبرنگار گروه علم و فناوری ایسکانیوز، نشست خبری «بررسی علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی» "
            "عصر امروز برگزار شد.\n\n"
            "حمید فتاحی گفت: نسخهٔ 2.5 از Hotgram در تاریخ 2018-11-20 منتشر شد و کاربران آن را از @hotgram دنبال می‌کنند."
        ),
        section=science, reporter="خبرنگار گروه علم و فناوری", message_code="IS-1405-0001",
        status=Article.Status.PUBLISHED, published_at=now - dt.timedelta(days=1), conference=conference,
    )
    founding.people.add(fattahi, student)
    founding.organizations.add(ministry, union)
    founding.platforms.add(telegram, hotgram, gap)
    said_about_gap = Statement.objects.create(
        speaker=fattahi, text="از پیام‌رسان‌های داخلی فقط در گپ و نوا عضو هستیم.", article=founding,
        conference=conference, position=1,
    )
    said_about_gap.platforms.add(gap)
    said_about_hotgram = Statement.objects.create(
        speaker=fattahi, text="هاتگرام و تلگرام طلایی نسخه‌های غیررسمی تلگرام‌اند.", article=founding,
        conference=conference, position=2,
    )
    said_about_hotgram.platforms.add(hotgram, telegram)

    # The person and the platform appear only in a statement here, never in the article's own links:
    # their feeds must still carry it.
    quoted = Article.objects.create(
        headline="دبیر اتحادیه: کاربران پیام‌رسان سروش بیشتر شده‌اند",
        lead="گزارشی از آمار کاربران پیام‌رسان‌ها.", body="متن گزارش.",
        section=politics, status=Article.Status.PUBLISHED, published_at=now - dt.timedelta(days=45),
    )
    statement = Statement.objects.create(speaker=student, text="کاربران سروش بیشتر شده‌اند.", article=quoted, position=1)
    statement.platforms.add(soroush)

    older = Article.objects.create(
        headline="گزارش: بازار پیام‌رسان‌ها در یک سال گذشته",
        lead="", body="بند نخست بی‌لید.\n\nبند دوم.",
        section=science, status=Article.Status.PUBLISHED, published_at=now - dt.timedelta(days=50),
    )
    older.platforms.add(telegram)

    extras = []
    for number in range(extra_articles):
        extra = Article.objects.create(
            headline=f"خبر افزوده شمارهٔ {number + 1} دربارهٔ پیام‌رسان‌ها", lead="لید خبر افزوده.", body="متن خبر افزوده.",
            section=science, status=Article.Status.PUBLISHED, published_at=now - dt.timedelta(hours=2, minutes=number),
        )
        extra.people.add(fattahi)
        extra.platforms.add(telegram, gap)
        Statement.objects.create(speaker=fattahi, text="گفته‌ای دیگر.", article=extra, position=1).platforms.add(gap)
        extras.append(extra)

    return SimpleNamespace(
        sections=[science, politics], science=science, politics=politics,
        organizations=[ministry, infrastructure, union],
        people=[fattahi, student], fattahi=fattahi, student=student,
        platforms=[telegram, hotgram, gap, soroush], telegram=telegram, hotgram=hotgram, gap=gap, soroush=soroush,
        conference=conference, unconfirmed=unconfirmed,
        founding=founding, quoted=quoted, older=older, extras=extras,
        public_articles=[founding, quoted, older, *extras],
    )


def tie_to_archive(archive, articles):
    """Link non-public articles to everything public, so a leak would show in every feed and page."""
    for article in articles:
        article.section = archive.science
        article.conference = archive.conference
        article.save()
        article.people.add(*archive.people)
        article.platforms.add(*archive.platforms)
        said = Statement.objects.create(speaker=archive.fattahi, text="گفتهٔ پنهان زرافه", article=article, position=9)
        said.platforms.add(*archive.platforms)
