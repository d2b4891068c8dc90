"""A realistic synthetic archive for benchmarks: `manage.py generate_corpus --articles N`.

Persian wire copy as it really arrives: ZWNJ lost, or typed as a space, Arabic
yeh and kaf (more of them in older years), Persian, Arabic-Indic and Latin
digits; desks, people with roles at organizations, press conferences with
participants, statements about platforms, platform mentions; publication
times over the last twenty Jalali years, a few drafts, articles in review,
withdrawn and scheduled ones.

Speed: text is assembled from a pool of pre-written paragraphs and leads whose
search keys (archive_site.text.normalize_key, the same one save() uses) are
computed once per pool item, so an article costs string joins, not
normalization. Rows go in with bulk_create and explicit ids; bulk_create skips
save(), so every key column is set here. The full-text index (trigger-kept
tsvector + GIN on PostgreSQL, FTS5 on SQLite) is built once at the end: on
SQLite dropped first and rebuilt with archive_site.search's own functions; on
PostgreSQL the trigger fills each row's vector as it is written and the GIN
indexes are dropped first and built in one pass at the end. The page cache's
content generation is bumped at the end.
"""

import contextlib
import datetime as dt
import multiprocessing
import random
import time
from dataclasses import dataclass

from django.db import connection, connections, transaction
from django.utils import timezone

from archive_site.text import normalize_key, slugify_fa, sort_key

DESKS = [
    ("علم و فناوری", "science"), ("سیاسی", "politics"), ("اقتصادی", "economy"), ("اجتماعی", "society"),
    ("فرهنگی", "culture"), ("دانشگاه", "university"), ("ورزشی", "sport"), ("بین‌الملل", "world"),
    ("استان‌ها", "provinces"), ("فضای مجازی", "cyberspace"),
]
ORGANIZATIONS = [
    ("وزارت ارتباطات و فناوری اطلاعات", "government"), ("شرکت ارتباطات زیرساخت", "company"),
    ("شورای عالی فضای مجازی", "council"), ("اتحادیه جامعه اسلامی دانشجویان", "student"),
    ("سازمان تنظیم مقررات و ارتباطات رادیویی", "government"), ("مرکز ملی فضای مجازی", "government"),
    ("وزارت علوم، تحقیقات و فناوری", "government"), ("مجلس شورای اسلامی", "government"),
    ("کمیسیون صنایع و معادن مجلس", "government"), ("پژوهشگاه ارتباطات و فناوری اطلاعات", "government"),
    ("شرکت مخابرات ایران", "company"), ("همراه اول", "company"), ("ایرانسل", "company"), ("رایتل", "company"),
    ("سازمان فناوری اطلاعات ایران", "government"), ("دانشگاه تهران", "other"), ("دانشگاه صنعتی شریف", "other"),
    ("دانشگاه علم و صنعت", "other"), ("انجمن اسلامی دانشجویان", "student"), ("بسیج دانشجویی", "student"),
    ("خبرگزاری ایسکانیوز", "media"), ("صدا و سیما", "media"), ("وزارت فرهنگ و ارشاد اسلامی", "government"),
    ("شورای شهر تهران", "council"), ("نظام صنفی رایانه‌ای", "other"), ("سازمان نظام مهندسی", "other"),
    ("پارک فناوری پردیس", "other"), ("صندوق نوآوری و شکوفایی", "government"), ("معاونت علمی ریاست جمهوری", "government"),
    ("پلیس فتا", "government"),
]
ROLE_TITLES = [
    "وزیر", "معاون وزیر", "مدیرعامل", "عضو هیات مدیره", "رئیس", "دبیر", "سخنگو", "مدیرکل", "نماینده",
    "رئیس کمیسیون", "دبیر کل", "عضو", "مشاور", "معاون", "کارشناس ارشد",
]
FIRST_NAMES = (
    "حمید علی محمد رضا حسین مهدی سعید مجید فاطمه زهرا مریم سارا نرگس لیلا امیر حسن محسن مصطفی جواد "
    "ابوالحسن نصرالله عیسی یوسف کاوه بهروز پرویز شهرام رامین آرش نیما سپیده مهسا الهام سمیه اکبر ناصر"
).split()
LAST_NAMES = (
    "فتاحی جهرمی آذری واعظی فیروزآبادی خوانساری ستاری رحمانی کریمی محمدی حسینی رضایی موسوی احمدی "
    "صادقی نوری جعفری قاسمی باقری کاظمی مرادی یزدانی طالبی شریفی امینی ملکی زارعی نجفی کاشانی تهرانی "
    "اصفهانی شیرازی تبریزی همدانی قزوینی سلطانی فرهادی عباسی اکبری هاشمی"
).split()
EXTRA_PLATFORMS = [
    ("ویسپی", "wispi", "domestic"), ("لنزور", "lenzor", "domestic"), ("کلوب", "cloob", "domestic"),
    ("آپارات", "aparat", "domestic"), ("توییتر", "twitter", "foreign"), ("فیسبوک", "facebook", "foreign"),
    ("لینکدین", "linkedin", "foreign"), ("یوتیوب", "youtube", "foreign"), ("وایبر", "viber", "foreign"),
    ("لاین", "line", "foreign"),
]
CITIES = ["تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "قم", "کرج", "اهواز", "رشت", "یزد", ""]
AGENCIES = ["ایسکانیوز", "ایسکانیوز", "ایسکانیوز", "ایرنا", "ایسنا", "مهر", "تسنیم", "فارس"]

# Sentences of wire copy; {p} a platform, {o} an organization, {n} a person, {d} a number.
SENTENCES = [
    "{n} در نشست خبری امروز گفت: کاربران پیام‌رسان‌های داخلی باید از امنیت داده‌های خود مطمئن باشند.",
    "به گفته {n}، سهم {p} از بازار پیام‌رسان‌ها در سال گذشته به {d} درصد رسیده است.",
    "{o} اعلام کرد که طرح حمایت از پیام‌رسان‌های بومی با بودجه‌ای {d} میلیارد تومانی اجرا می‌شود.",
    "مهاجرت کاربران از {p} به پیام‌رسان‌های دیگر در ماه‌های اخیر سرعت گرفته است.",
    "پهنای باند بین‌الملل کشور با افزایش {d} درصدی به ظرفیت تازه‌ای رسید.",
    "دانشجویان در این نشست از کیفیت پایین اینترنت دانشگاه‌ها و قیمت بسته‌های اینترنت گلایه کردند.",
    "{n} افزود: شورای عالی فضای مجازی سند ساماندهی پیام‌رسان‌های اجتماعی را بازنگری می‌کند.",
    "نسخه‌های غیررسمی {p} اطلاعات کاربران را بدون اجازه آنان جمع‌آوری می‌کنند.",
    "در این برنامه {d} استارت‌آپ دانش‌بنیان محصولات خود را به نمایش گذاشتند.",
    "{o} قرار است تا پایان سال زیرساخت شبکه ملی اطلاعات را در {d} استان تکمیل کند.",
    "به گزارش خبرنگار ما، رئیس {o} در حاشیه این مراسم به پرسش‌های خبرنگاران پاسخ داد.",
    "فیلترینگ {p} بحث‌های زیادی را در میان نمایندگان مجلس برانگیخته است.",
    "کارشناسان می‌گویند سرورهای {p} باید در داخل کشور میزبانی شوند تا سرعت دسترسی بیشتر شود.",
    "{n} تأکید کرد که حریم خصوصی کاربران خط قرمز وزارت ارتباطات است.",
    "آمارها نشان می‌دهد {d} میلیون نفر به صورت روزانه از {p} استفاده می‌کنند.",
    "این همایش با حضور {n} و جمعی از فعالان حوزه فناوری اطلاعات برگزار شد.",
    "تعرفه جدید مکالمه و اینترنت همراه از ابتدای ماه آینده اجرا خواهد شد.",
    "{o} از راه‌اندازی سامانه‌ای برای رسیدگی به شکایت‌های کاربران خبر داد.",
    "پژوهشگران دانشگاه صنعتی شریف نرم‌افزاری برای شناسایی اخبار جعلی طراحی کرده‌اند.",
    "بنا بر این گزارش، قرارداد همکاری {o} و شرکت‌های خصوصی به مدت {d} سال امضا شد.",
]
# Words that occur in few articles, for "rare word" searches.
RARE_WORDS = [
    "زرافه", "کهکشان", "آتشفشان", "قطب‌نما", "سنجاقک", "شب‌تاب", "نارگیل", "زمردین", "کاروانسرا", "آبشار",
    "یخچال‌طبیعی", "ستاره‌دریایی", "شقایق", "صنوبر", "بلوط", "فیروزه", "لاجورد", "گلسنگ", "مرجان", "کویر",
]
HEADLINES = [
    "{n}: {p} باید کیفیت خود را بالا ببرد / کاربران به پیام‌رسان‌های داخلی مهاجرت نکردند",
    "نشست خبری {o} درباره آینده {p}",
    "{n} خبر داد: افزایش {d} درصدی کاربران {p}",
    "بررسی علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی / {n}: {p} پاسخگو باشد",
    "{o} طرح تازه‌ای برای حمایت از {p} ارائه کرد",
    "واکنش {n} به فیلترینگ {p}",
    "{d} میلیون کاربر در {p} / گزارش {o} از وضعیت پیام‌رسان‌ها",
    "{n} در جمع دانشجویان: اینترنت ارزان حق مردم است",
    "امضای تفاهم‌نامه {o} برای توسعه {p}",
    "انتقاد {n} از عملکرد {o} در حوزه فضای مجازی",
]

ZWNJ = "\u200c"
STATEMENTS_PER_ARTICLE = 3
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_TO_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def vary(text, rng, *, arabic_letters=0.1):
    """Spell `text` as real wire copy does: ZWNJ lost or a space, Arabic yeh/kaf, mixed digits."""
    roll = rng.random()
    if roll < 0.3:
        text = text.replace(ZWNJ, "")
    elif roll < 0.45:
        text = text.replace(ZWNJ, " ")
    if rng.random() < arabic_letters:
        text = text.translate(_ARABIC_LETTERS)
    roll = rng.random()
    if roll < 0.6:
        text = text.translate(_TO_PERSIAN_DIGITS)
    elif roll < 0.7:
        text = text.translate(_TO_ARABIC_DIGITS)
    return text


@dataclass
class Piece:
    """A pool item: display text and its search key (as normalize_key gives), split into words once."""

    text: str
    key: str
    words: list


def piece(text):
    key = normalize_key(text)
    return Piece(text, key, key.split())


@contextlib.contextmanager
def explicit_timestamps(*models):
    """Let bulk_create keep the created_at/updated_at we give (auto_now would stamp them all with now)."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def next_id(model):
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(*models):
    """Explicit ids leave PostgreSQL's sequences behind: move them past the largest id."""
    statements = connection.ops.sequence_reset_sql(__import__("django.core.management.color", fromlist=["no_style"])
                                                   .no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def suspend_postgres_gin_indexes():
    """Drop the article table's GIN indexes, returning their definitions to build them again at the end.

    On PostgreSQL the row trigger computes each search vector as the row is
    written (rebuilding them afterwards would rewrite the whole table once
    more); what is costly row by row is the GIN index, which is built much
    faster in one pass. Whatever GIN indexes archive_site.search keeps are read
    from the catalogue, so this follows its design without knowing it.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article' AND indexdef ILIKE %s",
            ["% USING gin %"],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    return [definition for _, definition in indexes]


def restore_postgres_gin_indexes(definitions):
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)


class CorpusGenerator:
    def __init__(self, *, articles, seed=1405, batch=2000, years=20, workers=1, log=print):
        self.total = articles
        self.seed = seed
        self.rng = random.Random(seed)
        self.workers = workers
        self.batch = batch
        self.years = years
        self.log = log
        self.now = timezone.now()

    # Entities -----------------------------------------------------------

    def make_entities(self):
        from articles.models import PressConference, Section
        from people.models import Organization, Participation, Person, PersonAlias, Role
        from platforms.models import Platform

        rng = self.rng
        self.desks = []
        for name, slug in DESKS:
            desk = Section.objects.filter(slug=slug).first() or Section.objects.filter(name_key=normalize_key(name)).first()
            self.desks.append(desk or Section.objects.create(name=name, slug=slug))
        self.organizations = []
        for name, kind in ORGANIZATIONS:
            org = Organization.objects.filter(name_key=normalize_key(name)).first()
            self.organizations.append(org or Organization.objects.create(name=name, kind=kind))
        for name, slug, origin in EXTRA_PLATFORMS:
            if not Platform.objects.filter(slug=slug).exists():
                Platform.objects.create(name=name, slug=slug, origin=origin)
        self.platforms = list(Platform.objects.order_by("pk"))

        wanted = min(5000, max(200, self.total // 200))
        existing = Person.objects.count()
        names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        rng.shuffle(names)
        start = next_id(Person)
        new_people = []
        for offset, name in enumerate(names[existing:wanted]):
            pk = start + offset
            created = self.now - dt.timedelta(days=rng.uniform(0, self.years * 365))
            new_people.append(Person(
                pk=pk, name=name, slug=f"{slugify_fa(name)}-{pk}", name_key=normalize_key(name),
                sort_name=sort_key(name), created_at=created, updated_at=created,
            ))
        with explicit_timestamps(Person):
            Person.objects.bulk_create(new_people, batch_size=1000)
        PersonAlias.objects.bulk_create(
            [PersonAlias(person_id=p.pk, name=p.name.split()[-1] + " " + p.name.split()[0],
                         key=normalize_key(p.name.split()[-1] + " " + p.name.split()[0])) for p in new_people[::3]],
            batch_size=1000, ignore_conflicts=True,
        )
        roles = []
        for person in new_people:
            for _ in range(rng.choice((1, 1, 2))):
                title = rng.choice(ROLE_TITLES)
                begin = (self.now - dt.timedelta(days=rng.uniform(0, self.years * 365))).date()
                end = begin + dt.timedelta(days=rng.randint(200, 3000)) if rng.random() < 0.5 else None
                roles.append(Role(person_id=person.pk, organization=rng.choice(self.organizations), title=title,
                                  start_date=begin, end_date=end, title_key=normalize_key(title)))
        Role.objects.bulk_create(roles, batch_size=1000)
        self.people = list(Person.objects.order_by("pk").values_list("pk", "name"))
        self.roles_of = {}
        for role_id, person_id in Role.objects.values_list("pk", "person_id"):
            self.roles_of.setdefault(person_id, []).append(role_id)

        # Press conferences: one for about every fifty articles.
        wanted = max(5, self.total // 50)
        start = next_id(PressConference)
        conferences, participations = [], []
        for offset in range(wanted):
            pk = start + offset
            org = rng.choice(self.organizations)
            platform = rng.choice(self.platforms)
            title = vary(f"نشست خبری {org.name} درباره {platform.name}", rng)
            when = self.now - dt.timedelta(days=rng.uniform(1, self.years * 365))
            conferences.append(PressConference(
                pk=pk, title=title, slug=f"{slugify_fa(title)}-{pk}", host=org, venue=f"سالن همایش‌های {org.name}",
                starts_at=when, time_note=rng.choice(["صبح امروز", "عصر امروز", "ظهر امروز", ""]),
                confirmed=rng.random() < 0.9, title_key=normalize_key(title), created_at=when, updated_at=when,
            ))
            for order, (person_id, _) in enumerate(rng.sample(self.people, rng.randint(1, 4))):
                roles = self.roles_of.get(person_id)
                participations.append(Participation(conference_id=pk, person_id=person_id, order=order,
                                                    role_id=rng.choice(roles) if roles else None))
        with explicit_timestamps(PressConference):
            PressConference.objects.bulk_create(conferences, batch_size=1000)
        Participation.objects.bulk_create(participations, batch_size=2000, ignore_conflicts=True)
        self.conferences = [(c.pk, c.starts_at) for c in conferences]
        self.conferences.sort(key=lambda c: c[1])
        reset_sequences(Person, PressConference)

    # Text pools -----------------------------------------------------------

    def fill(self, template):
        rng = self.rng
        return template.format(
            n=rng.choice(self.people)[1], p=rng.choice(self.platforms).name, o=rng.choice(self.organizations).name,
            d=str(rng.randint(2, 950)),
        )

    def make_pools(self, size=4000):
        rng = self.rng
        self.paragraphs = []
        for _ in range(size):
            text = " ".join(self.fill(rng.choice(SENTENCES)) for _ in range(rng.randint(2, 4)))
            if rng.random() < 0.25:
                text += f" در این میان از {rng.choice(RARE_WORDS)} نیز سخن به میان آمد."
            # Older copy has more Arabic letters: one pool spelled for old years, one for recent ones.
            self.paragraphs.append((piece(vary(text, rng, arabic_letters=0.05)),
                                    piece(vary(text, rng, arabic_letters=0.4))))
        self.leads = [piece(vary(self.fill(rng.choice(SENTENCES)) + " " + self.fill(rng.choice(SENTENCES)), rng))
                      for _ in range(size // 2)]
        self.statements = [piece(vary(self.fill(rng.choice(SENTENCES)), rng)) for _ in range(size // 2)]

    # Articles -----------------------------------------------------------

    def run(self):
        from archive_site import pagecache
        from archive_site.search import drop_search_index, ensure_search_index
        from articles.models import Article

        started = time.monotonic()
        with transaction.atomic():
            self.make_entities()
        self.make_pools()
        self.log(f"entities and text pools: {time.monotonic() - started:.1f} s")
        # The index is built once at the end, not row by row.
        gin_indexes = suspend_postgres_gin_indexes() if connection.vendor == "postgresql" else None
        if gin_indexes is None:
            drop_search_index(connection)
        self.first = next_id(Article)
        self.first_statement = next_id(Article.statements.rel.related_model)
        batches = [(self.first + made, min(self.batch, self.total - made)) for made in range(0, self.total, self.batch)]
        made = 0
        try:
            for count in self.write_batches(batches):
                made += count
                if made % (self.batch * 10) == 0 or made == self.total:
                    self.log(f"{made} articles: {time.monotonic() - started:.1f} s")
        finally:
            reset_sequences(Article, Article.statements.rel.related_model)
            index_started = time.monotonic()
            if gin_indexes is None:
                ensure_search_index(connection)
            else:
                restore_postgres_gin_indexes(gin_indexes)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # VACUUM sets the visibility map, without which no index-only scan skips the table
                    # (a deep desk page at 1,000,000 articles: 500 ms before it, 46 ms after); autovacuum
                    # would get there only later. It cannot run inside a transaction.
                    cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
            self.log(f"search index: {time.monotonic() - index_started:.1f} s")
        pagecache.bump()
        elapsed = time.monotonic() - started
        self.log(f"done: {made} articles in {elapsed:.1f} s ({made / elapsed:.0f} articles/s)")
        return made, elapsed

    def write_batches(self, batches):
        """Write the batches, yielding each one's size as it is committed; in parallel where that pays.

        On PostgreSQL most of the time is the row trigger computing search
        vectors in the server process of the one connection: with `workers`
        processes (forked, each with its own connection) the batches are written
        side by side. SQLite has one writer at a time, so it writes them in turn.
        """
        if self.workers > 1 and connection.vendor == "postgresql" and len(batches) > 1:
            global _GENERATOR
            _GENERATOR = self
            connections.close_all()  # a child must never share its parent's connection
            with multiprocessing.get_context("fork").Pool(self.workers) as pool:
                yield from pool.imap_unordered(_write_batch_in_worker, batches)
            return
        for start, count in batches:
            with transaction.atomic():
                self.write_batch(start, count)
            yield count

    def write_batch(self, start, count):
        from articles.models import Article, Statement

        # Each batch has its own random stream, so the archive is the same whatever the number of workers.
        rng, now = random.Random(f"{self.seed}:{start}"), self.now
        span = self.years * 365.2425 * 86400
        articles, statements = [], []
        links = {"people": [], "platforms": [], "organizations": [], "statement_platforms": []}
        for pk in range(start, start + count):
            published_at = now - dt.timedelta(seconds=rng.random() * span)
            roll = rng.random()
            status, withdrawn_at = Article.Status.PUBLISHED, None
            if roll < 0.01:
                status, published_at = Article.Status.DRAFT, None
            elif roll < 0.02:
                status, published_at = Article.Status.REVIEW, None
            elif roll < 0.03:
                status, withdrawn_at = Article.Status.WITHDRAWN, published_at + dt.timedelta(days=1)
            elif roll < 0.0302:
                published_at = now + dt.timedelta(hours=rng.uniform(1, 24 * 30))  # scheduled
            people = rng.sample(self.people, rng.choice((1, 1, 2, 3)))
            platforms = rng.sample(self.platforms, rng.choice((0, 1, 1, 2, 3)))
            orgs = rng.sample(self.organizations, rng.choice((0, 1, 1, 2)))
            template = rng.choice(HEADLINES)
            headline = vary(template.format(
                n=people[0][1], p=(platforms[0] if platforms else rng.choice(self.platforms)).name,
                o=(orgs[0] if orgs else rng.choice(self.organizations)).name, d=str(rng.randint(2, 950)),
            ), rng)
            old = published_at is not None and (now - published_at).days > 3650
            body = [rng.choice(self.paragraphs)[1 if old else 0] for _ in range(rng.randint(3, 6))]
            lead = rng.choice(self.leads)
            headline_key = normalize_key(headline)
            words = headline_key.split() + lead.words + [w for p in body for w in p.words]
            desk = rng.choice(self.desks)
            agency = rng.choice(AGENCIES)
            moment = published_at or now - dt.timedelta(days=rng.uniform(0, 30))
            article = Article(
                pk=pk, headline=headline, slug=slugify_fa(headline) or "khabar", lead=lead.text,
                body="\n\n".join(p.text for p in body), section=desk, agency=agency,
                dateline_city=rng.choice(CITIES), reporter=f"خبرنگار گروه {desk.name}",
                message_code=str(pk) if agency == "ایسکانیوز" else f"{agency[:2]}{pk}",
                status=status, published_at=published_at, withdrawn_at=withdrawn_at,
                withdrawal_note="خطا در متن" if withdrawn_at else "", source_name=f"corpus-{pk}.txt",
                created_at=moment, updated_at=withdrawn_at or moment,
                headline_key=headline_key, lead_key=lead.key, body_key=" ".join(p.key for p in body),
                compound_key=" ".join(a + b for a, b in zip(words, words[1:])),
            )
            if self.conferences and rng.random() < 0.1:
                article.conference_id = rng.choice(self.conferences)[0]
            said = []
            if rng.random() < 0.3:
                for position in range(rng.randint(1, STATEMENTS_PER_ARTICLE)):
                    # Ids set aside per article, so that batches written side by side never collide.
                    statement_id = self.first_statement + (pk - self.first) * STATEMENTS_PER_ARTICLE + position
                    text = rng.choice(self.statements)
                    statements.append(Statement(
                        pk=statement_id, speaker_id=rng.choice(people)[0], text=text.text, article_id=pk,
                        conference_id=article.conference_id, position=position, text_key=text.key,
                    ))
                    for platform in platforms[:2]:
                        links["statement_platforms"].append((statement_id, platform.pk))
                    said.append(text.key)
            article.statements_key = " ".join(said)
            articles.append(article)
            links["people"] += [(pk, person_id) for person_id, _ in people]
            links["platforms"] += [(pk, platform.pk) for platform in platforms]
            links["organizations"] += [(pk, org.pk) for org in orgs]
        with explicit_timestamps(Article):
            Article.objects.bulk_create(articles, batch_size=500)
        Statement.objects.bulk_create(statements, batch_size=1000)
        for relation, column in (("people", "person_id"), ("platforms", "platform_id"), ("organizations", "organization_id")):
            through = getattr(Article, relation).through
            through.objects.bulk_create([through(article_id=a, **{column: b}) for a, b in links[relation]], batch_size=2000)
        through = Statement.platforms.through
        through.objects.bulk_create(
            [through(statement_id=s, platform_id=p) for s, p in links["statement_platforms"]], batch_size=2000
        )


_GENERATOR = None  # the generator a forked worker inherits (set just before the fork)


def _write_batch_in_worker(batch):
    start, count = batch
    with transaction.atomic():
        _GENERATOR.write_batch(start, count)
    return count
