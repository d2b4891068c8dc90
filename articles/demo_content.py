"""Demo content for the archive, written for this project.

Every article, quote and conference below is invented for the demo (the
people, except حمید فتاحی of the founding article, are fictional; he is here
without any quote, so that importing the founding article links him). The
organizations and platforms are real names, so that the wire import's links
and the platform pages have something to hold on to.

Dates are relative to the day the content is loaded: articles spread over
the last eight months so the Jalali archive and the platforms' coverage
charts have something to show.

`load_demo_content()` is idempotent: each record is found by a stable natural
key (a slug, a name key, an agency and headline) and created only when
missing, so running it again neither duplicates anything nor undoes an
editor's changes to demo records. The one exception is the scheduled
article, which is moved to tomorrow again on each run so the demo always has
one.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from archive_site.text import normalize_key
from articles.models import Article, PressConference, Section, SectionAlias, Statement
from people.models import Organization, OrganizationAlias, Participation, Person, PersonAlias, Role
from platforms.models import Platform

EDITORS_GROUP = "دبیران"
DEMO_EDITOR_USERNAME = "editor"
DEMO_EDITOR_PASSWORD = "editor-demo"

SECTIONS = [
    # slug, name, position, description
    ("science-tech", "علم و فناوری", 10, "فناوری اطلاعات، ارتباطات، پیام‌رسان‌ها و پژوهش."),
    ("university", "دانشگاه", 20, "خبرهای دانشگاه‌ها، تشکل‌های دانشجویی و آموزش عالی."),
    ("politics", "سیاسی", 30, "مجلس، دولت و سیاست‌گذاری."),
    ("economy", "اقتصادی", 40, "کسب‌وکارها، بازار و اقتصاد دیجیتال."),
    ("culture", "فرهنگی", 50, "کتاب، رسانه و فرهنگ."),
]

ORGANIZATIONS = [
    # slug, name, kind, parent slug, website, aliases
    ("ict-ministry", "وزارت ارتباطات و فناوری اطلاعات", "government", None, "https://ict.gov.ir",
     ["وزارت ارتباطات", "وزارت ICT"]),
    ("tic", "شرکت ارتباطات زیرساخت", "company", "ict-ministry", "https://tic.ir", ["ارتباطات زیرساخت", "زیرساخت"]),
    ("ito", "سازمان فناوری اطلاعات ایران", "government", "ict-ministry", "https://ito.gov.ir",
     ["سازمان فناوری اطلاعات"]),
    ("scc", "شورای عالی فضای مجازی", "council", None, "", ["شورای عالی فضای مجازی کشور"]),
    ("ncc", "مرکز ملی فضای مجازی", "government", None, "https://majazi.ir", ["مرکز ملی فضای مجازی کشور"]),
    ("islamic-student-union", "اتحادیه جامعه اسلامی دانشجویان", "student", None, "",
     ["اتحادیه جامعه اسلامی", "جامعه اسلامی دانشجویان"]),
    ("itrc", "پژوهشگاه ارتباطات و فناوری اطلاعات", "government", "ict-ministry", "https://itrc.ac.ir",
     ["مرکز تحقیقات مخابرات"]),
    ("internet-business-guild", "انجمن صنفی کسب‌وکارهای اینترنتی", "other", None, "", ["انجمن کسب‌وکارهای اینترنتی"]),
]

# slug, name, bio, aliases, roles: (organization slug, title, start days ago or None, end days ago or None)
PEOPLE = [
    ("hamid-fattahi", "حمید فتاحی", "", ["فتاحی"], [
        ("ict-ministry", "معاون وزیر ارتباطات و فناوری اطلاعات", None, None),
        ("tic", "عضو هیات مدیره", None, None),
    ]),
    ("maryam-kazemi", "مریم کاظمی", "شخصیت ساختگی محتوای نمایشی.", ["کاظمی"], [
        ("itrc", "مدیر گروه پژوهشی امنیت شبکه", 1400, 300),
        ("ito", "معاون توسعهٔ خدمات الکترونیکی", 299, None),
    ]),
    ("alireza-norouzi", "علیرضا نوروزی", "شخصیت ساختگی محتوای نمایشی.", ["نوروزی"], [
        ("islamic-student-union", "دبیر کل", 700, 90),
        ("islamic-student-union", "عضو شورای مرکزی", 89, None),
    ]),
    ("sara-mohammadi", "سارا محمدی", "شخصیت ساختگی محتوای نمایشی.", ["محمدی"], [
        ("ncc", "مشاور حقوقی در حوزهٔ داده", 900, None),
    ]),
    ("reza-ahmadinia", "رضا احمدی‌نیا", "شخصیت ساختگی محتوای نمایشی.", ["احمدی نیا", "احمدی‌نیا"], [
        ("ict-ministry", "مدیرکل دفتر توسعهٔ کسب‌وکارهای نوپا", 1100, 150),
        ("ict-ministry", "مشاور وزیر در امور دانشگاه‌ها", 149, None),
    ]),
    ("narges-rahimi", "نرگس رحیمی", "شخصیت ساختگی محتوای نمایشی.", ["رحیمی"], [
        ("itrc", "عضو هیات علمی", 2000, None),
    ]),
    ("mehdi-salehi", "مهدی صالحی", "شخصیت ساختگی محتوای نمایشی.", ["صالحی"], [
        ("internet-business-guild", "دبیر", 500, None),
    ]),
    ("pouya-sharifi", "پویا شریفی", "شخصیت ساختگی محتوای نمایشی.", ["شریفی"], [
        ("islamic-student-union", "دبیر کمیسیون فضای مجازی", 400, None),
    ]),
]


@dataclass
class DemoConference:
    slug: str
    title: str
    host: str
    venue: str
    days_ago: int
    hour: int
    time_note: str
    participants: list  # person slugs, in order
    description: str = ""


CONFERENCES = [
    DemoConference(
        "domestic-messengers-one-year-on", "پیام‌رسان‌های داخلی پس از یک سال؛ کاربران کجا هستند؟",
        "islamic-student-union", "سالن اجتماعات اتحادیه جامعه اسلامی دانشجویان", 205, 16, "عصر امروز",
        ["alireza-norouzi", "maryam-kazemi", "mehdi-salehi"],
        "نشست خبری دربارهٔ آمار کاربران و دلایل ماندن یا کوچ کاربران میان پیام‌رسان‌ها.",
    ),
    DemoConference(
        "data-governance-privacy", "حکمرانی داده و حریم خصوصی کاربران پیام‌رسان‌ها",
        "ncc", "سالن همایش مرکز ملی فضای مجازی", 124, 10, "صبح امروز",
        ["sara-mohammadi", "narges-rahimi"],
    ),
    DemoConference(
        "university-bandwidth", "پهنای باند دانشگاه‌ها و دسترسی دانشجویان به خدمات ابری",
        "ict-ministry", "ساختمان وزارت ارتباطات و فناوری اطلاعات", 63, 11, "صبح امروز",
        ["reza-ahmadinia", "pouya-sharifi"],
    ),
    DemoConference(
        "startups-and-messenger-market", "کسب‌وکارهای نوپا و بازار پیام‌رسان‌ها",
        "internet-business-guild", "دفتر انجمن صنفی کسب‌وکارهای اینترنتی", 21, 15, "عصر امروز",
        ["mehdi-salehi", "maryam-kazemi"],
    ),
]


@dataclass
class DemoArticle:
    headline: str
    section: str
    days_ago: int
    lead: str
    paragraphs: list
    hour: int = 10
    minute: int = 30
    agency: str = "ایسکانیوز"
    reporter: str = ""
    message_code: str = ""
    conference: str = ""
    people: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    platforms: list = field(default_factory=list)
    # (speaker slug or "", text, platform slugs)
    statements: list = field(default_factory=list)
    status: str = Article.Status.PUBLISHED
    withdrawal_note: str = ""


ARTICLES = [
    DemoArticle(
        "نوروزی: دانشجویان پیام‌رسان داخلی را کنار نگذاشته‌اند / آمار دقیق کاربران منتشر شود",
        "science-tech", 205,
        "دبیر کل اتحادیه جامعه اسلامی دانشجویان با اشاره به نتایج یک نظرسنجی دانشجویی گفت: بیشتر دانشجویان دست‌کم "
        "یک پیام‌رسان داخلی را نصب کرده‌اند، اما آن را برای کارهای اداری به کار می‌برند نه برای گفت‌وگوی روزمره.",
        [
            "علیرضا نوروزی در نشست خبری «پیام‌رسان‌های داخلی پس از یک سال؛ کاربران کجا هستند؟» که عصر امروز در "
            "سالن اجتماعات اتحادیه برگزار شد، گفت: در نظرسنجی ما از دانشجویان چند دانشگاه، بیش از نیمی گفتند روی "
            "گوشی خود ایتا یا بله دارند، اما گروه‌های کلاسی هنوز جای دیگری است.",
            "وی افزود: تا وقتی آمار دقیق و مستقلی از کاربران فعال منتشر نشود، هر کس عددی می‌گوید و اعتماد ساخته "
            "نمی‌شود. پیشنهاد ما این است که سازمان‌های ناظر این آمار را هر فصل منتشر کنند.",
            "دبیر کل اتحادیه جامعه اسلامی دانشجویان در پایان گفت: دانشجو ابزاری را انتخاب می‌کند که سریع، پایدار و "
            "امن باشد؛ پیام‌رسان داخلی اگر این سه را داشته باشد، نیازی به تبلیغ ندارد.",
        ],
        hour=17, minute=40, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۰۱۱",
        conference="domestic-messengers-one-year-on", people=["alireza-norouzi"],
        organizations=["islamic-student-union"], platforms=["eitaa", "bale"],
        statements=[
            ("alireza-norouzi", "بیش از نیمی از دانشجویان گفتند روی گوشی خود ایتا یا بله دارند، اما گروه‌های کلاسی هنوز "
             "جای دیگری است.", ["eitaa", "bale"]),
            ("alireza-norouzi", "تا وقتی آمار دقیق و مستقلی از کاربران فعال منتشر نشود، اعتماد ساخته نمی‌شود.", []),
        ],
    ),
    DemoArticle(
        "کاظمی: امنیت پیام‌رسان‌ها با گزارش‌های شفاف سنجیده شود",
        "science-tech", 205,
        "مدیر گروه پژوهشی امنیت شبکه در پژوهشگاه ارتباطات و فناوری اطلاعات گفت: کاربر باید بداند پیام‌هایش کجا و "
        "تا چه زمانی نگه‌داری می‌شود و این را فقط گزارش‌های منظم و شفاف نشان می‌دهد.",
        [
            "مریم کاظمی در همین نشست خبری گفت: سنجش امنیت یک پیام‌رسان با ادعای سازنده‌اش تمام نمی‌شود؛ آزمون‌های "
            "مستقل و گزارش منظم لازم است.",
            "وی با اشاره به سروش و گپ گفت: هر دو پیام‌رسان در سال‌های گذشته تغییرات زیادی کرده‌اند و اکنون زمان آن "
            "است که نتیجهٔ آزمون‌های امنیتی آن‌ها برای عموم منتشر شود.",
            "کاظمی افزود: پژوهشگاه آمادگی دارد چارچوب این آزمون‌ها را با همکاری دانشگاه‌ها تدوین کند.",
        ],
        hour=18, minute=5, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۰۱۲",
        conference="domestic-messengers-one-year-on", people=["maryam-kazemi"], organizations=["itrc"],
        platforms=["soroush", "gap"],
        statements=[
            ("maryam-kazemi", "سنجش امنیت یک پیام‌رسان با ادعای سازنده‌اش تمام نمی‌شود؛ آزمون‌های مستقل و گزارش منظم "
             "لازم است.", []),
            ("maryam-kazemi", "اکنون زمان آن است که نتیجهٔ آزمون‌های امنیتی سروش و گپ برای عموم منتشر شود.",
             ["soroush", "gap"]),
        ],
    ),
    DemoArticle(
        "صالحی: کسب‌وکارهای کوچک هنوز در اینستاگرام می‌فروشند",
        "economy", 204,
        "دبیر انجمن صنفی کسب‌وکارهای اینترنتی گفت: بخش بزرگی از فروشندگان خرد همچنان مشتریان خود را در اینستاگرام "
        "پیدا می‌کنند و کوچ به سکوهای داخلی برای آن‌ها هزینه دارد.",
        [
            "مهدی صالحی در نشست خبری اتحادیه جامعه اسلامی دانشجویان گفت: فروشندهٔ کوچک با چند صد مشتری نمی‌تواند "
            "یک‌شبه همه را به سکوی دیگری ببرد.",
            "وی افزود: روبیکا و ایتا امکانات فروشگاهی اضافه کرده‌اند، اما فروشنده به ابزار پرداخت ساده و پشتیبانی "
            "پاسخ‌گو نیاز دارد.",
            "صالحی گفت: انجمن آمادگی دارد تجربهٔ اعضای خود را در اختیار سازندگان پیام‌رسان‌های داخلی بگذارد.",
        ],
        hour=9, minute=15, agency="ایرنا", reporter="", conference="domestic-messengers-one-year-on",
        people=["mehdi-salehi"], organizations=["internet-business-guild"], platforms=["instagram", "rubika", "eitaa"],
        statements=[
            ("mehdi-salehi", "فروشندهٔ کوچک با چند صد مشتری نمی‌تواند یک‌شبه همه را به سکوی دیگری ببرد.",
             ["instagram"]),
            ("mehdi-salehi", "روبیکا و ایتا امکانات فروشگاهی اضافه کرده‌اند، اما فروشنده به ابزار پرداخت ساده نیاز دارد.",
             ["rubika", "eitaa"]),
        ],
    ),
    DemoArticle(
        "برگزاری دورهٔ آموزشی امنیت دیجیتال برای تشکل‌های دانشجویی",
        "university", 190,
        "کمیسیون فضای مجازی اتحادیه جامعه اسلامی دانشجویان از برگزاری یک دورهٔ آموزشی امنیت دیجیتال برای دبیران "
        "تشکل‌های دانشجویی خبر داد.",
        [
            "به گفتهٔ دبیر این کمیسیون، دوره در چهار جلسه برگزار می‌شود و موضوع‌هایی مانند گذرواژهٔ امن، تأیید دومرحله‌ای "
            "و مدیریت گروه‌های پیام‌رسان را در بر می‌گیرد.",
            "پویا شریفی گفت: بیشتر گروه‌های دانشجویی با چند مدیر اداره می‌شوند و یک حساب ناامن کافی است تا اطلاعات "
            "همه در خطر بیفتد.",
            "ثبت‌نام در این دوره برای اعضای تشکل‌ها رایگان است.",
        ],
        hour=12, reporter="خبرنگار گروه دانشگاه", message_code="۱۴۰۵-۰۳۴",
        people=["pouya-sharifi"], organizations=["islamic-student-union"],
        statements=[
            ("pouya-sharifi", "بیشتر گروه‌های دانشجویی با چند مدیر اداره می‌شوند و یک حساب ناامن کافی است تا اطلاعات "
             "همه در خطر بیفتد.", []),
        ],
    ),
    DemoArticle(
        "نسخه‌های غیررسمی تلگرام هنوز روی گوشی‌ها مانده‌اند",
        "science-tech", 176,
        "بررسی‌های یک گروه دانشجویی نشان می‌دهد شماری از کاربران هنوز نسخه‌های غیررسمی تلگرام مانند هاتگرام و "
        "تلگرام طلایی را روی گوشی خود دارند، بی‌آنکه از به‌روز نبودن آن‌ها خبر داشته باشند.",
        [
            "این گروه دانشجویی در گزارش خود نوشته است: نسخه‌های غیررسمی مدت‌هاست به‌روزرسانی نشده‌اند و کاربرانی که "
            "هنوز از آن‌ها استفاده می‌کنند، از وصله‌های امنیتی نسخهٔ رسمی بی‌بهره‌اند.",
            "نرگس رحیمی، عضو هیات علمی پژوهشگاه ارتباطات و فناوری اطلاعات، در گفت‌وگو با ایسکانیوز گفت: نرم‌افزاری "
            "که به‌روز نمی‌شود، دیر یا زود به دری باز برای نفوذ تبدیل می‌شود.",
            "وی توصیه کرد کاربران برنامه‌هایی را که سازنده‌شان دیگر پشتیبانی نمی‌کند از گوشی خود پاک کنند.",
        ],
        hour=14, minute=20, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۰۴۱",
        people=["narges-rahimi"], organizations=["itrc"], platforms=["hotgram", "telegram-talaei", "telegram"],
        statements=[
            ("narges-rahimi", "نرم‌افزاری که به‌روز نمی‌شود، دیر یا زود به دری باز برای نفوذ تبدیل می‌شود.",
             ["hotgram", "telegram-talaei"]),
        ],
    ),
    DemoArticle(
        "افزایش سهمیهٔ اینترنت دانشجویی در خوابگاه‌ها",
        "university", 160,
        "مشاور وزیر ارتباطات در امور دانشگاه‌ها از افزایش سهمیهٔ ماهانهٔ اینترنت دانشجویان ساکن خوابگاه‌ها از ماه آینده "
        "خبر داد.",
        [
            "رضا احمدی‌نیا گفت: سهمیهٔ فعلی با نیاز دانشجویان تحصیلات تکمیلی که با داده‌های حجیم کار می‌کنند همخوانی "
            "نداشت.",
            "وی افزود: این افزایش با همکاری شرکت ارتباطات زیرساخت و بدون هزینهٔ اضافه برای دانشجو انجام می‌شود.",
            "به گفتهٔ او، دانشگاه‌هایی که زیرساخت شبکهٔ خوابگاه خود را به‌روز کرده‌اند در نوبت نخست قرار دارند.",
        ],
        hour=11, minute=45, reporter="خبرنگار گروه دانشگاه", message_code="۱۴۰۵-۰۵۲",
        people=["reza-ahmadinia"], organizations=["ict-ministry", "tic"],
        statements=[
            ("reza-ahmadinia", "این افزایش با همکاری شرکت ارتباطات زیرساخت و بدون هزینهٔ اضافه برای دانشجو انجام "
             "می‌شود.", []),
        ],
    ),
    DemoArticle(
        "سند حمایت از پیام‌رسان‌های داخلی در دستور کار شورای عالی فضای مجازی / بازنگری در شاخص‌ها",
        "politics", 150,
        "شورای عالی فضای مجازی بازنگری در شاخص‌های سند حمایت از پیام‌رسان‌های داخلی را در دستور کار قرار داده است.",
        [
            "بر پایهٔ این گزارش، شاخص‌های تازه به جای شمار نصب، بر کاربران فعال روزانه و رضایت کاربران تکیه خواهند کرد.",
            "یک کارشناس حقوق داده در این باره گفت: شاخص نصب چیزی دربارهٔ استفادهٔ واقعی نمی‌گوید و تصمیم‌گیری بر پایهٔ آن "
            "گمراه‌کننده است.",
            "قرار است پیش‌نویس شاخص‌های تازه پس از نظرخواهی از کسب‌وکارها و دانشگاه‌ها نهایی شود.",
        ],
        hour=19, agency="ایسنا", organizations=["scc"], platforms=["soroush", "gap", "eitaa", "bale", "rubika", "igap"],
    ),
    DemoArticle(
        "آی‌گپ امکان تماس تصویری گروهی را آزمایش می‌کند",
        "science-tech", 140,
        "پیام‌رسان آی‌گپ نسخهٔ آزمایشی تماس تصویری گروهی را برای گروهی از کاربران فعال کرده است.",
        [
            "به گفتهٔ سازندگان، این امکان ابتدا برای گروه‌های تا هشت نفر فعال شده و در صورت پایداری گسترش می‌یابد.",
            "کاربران آزمایشی می‌توانند کیفیت تماس را پس از پایان آن ارزیابی کنند.",
            "این پیام‌رسان پیش‌تر از افزایش ظرفیت کانال‌ها نیز خبر داده بود.",
        ],
        hour=13, reporter="خبرنگار گروه علم و فناوری", platforms=["igap"],
    ),
    DemoArticle(
        "محمدی: بدون قانون حفاظت از داده، اعتماد به پیام‌رسان‌ها شکل نمی‌گیرد",
        "science-tech", 124,
        "مشاور حقوقی مرکز ملی فضای مجازی در حوزهٔ داده گفت: کاربر وقتی به یک سکو اعتماد می‌کند که بداند اگر داده‌اش "
        "جابه‌جا یا افشا شد، به کجا می‌تواند شکایت کند.",
        [
            "سارا محمدی در نشست خبری «حکمرانی داده و حریم خصوصی کاربران پیام‌رسان‌ها» که صبح امروز در مرکز ملی فضای "
            "مجازی برگزار شد، گفت: قانون حفاظت از داده‌های شخصی باید تکلیف همهٔ سکوها، داخلی و خارجی، را یکسان روشن کند.",
            "وی افزود: برای کاربر فرقی نمی‌کند پیامش در واتس‌اپ است یا بله؛ حق او بر داده‌اش باید یکی باشد.",
            "محمدی گفت: پیش‌نویس این قانون سال‌هاست میان نهادها دست‌به‌دست می‌شود و زمان تصمیم رسیده است.",
        ],
        hour=12, minute=10, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۰۷۷",
        conference="data-governance-privacy", people=["sara-mohammadi"], organizations=["ncc"],
        platforms=["whatsapp", "bale"],
        statements=[
            ("sara-mohammadi", "قانون حفاظت از داده‌های شخصی باید تکلیف همهٔ سکوها، داخلی و خارجی، را یکسان روشن کند.",
             []),
            ("sara-mohammadi", "برای کاربر فرقی نمی‌کند پیامش در واتس‌اپ است یا بله؛ حق او بر داده‌اش باید یکی باشد.",
             ["whatsapp", "bale"]),
        ],
    ),
    DemoArticle(
        "رحیمی: رمزنگاری سرتاسری باید پیش‌فرض باشد",
        "science-tech", 124,
        "عضو هیات علمی پژوهشگاه ارتباطات و فناوری اطلاعات گفت: پیام‌رسانی که رمزنگاری سرتاسری را فقط در گفت‌وگوهای "
        "ویژه فعال می‌کند، بیشتر کاربران را بی‌دفاع می‌گذارد.",
        [
            "نرگس رحیمی در نشست خبری مرکز ملی فضای مجازی گفت: کاربر معمولی تنظیمات را تغییر نمی‌دهد؛ آنچه پیش‌فرض است "
            "همان است که بیشتر مردم دارند.",
            "وی با اشاره به تلگرام گفت: حتی در پیام‌رسان‌های پرکاربرد خارجی هم گفت‌وگوی معمولی همیشه سرتاسری رمز "
            "نمی‌شود و این نکته برای کاربران روشن نیست.",
            "رحیمی پیشنهاد کرد برچسب‌گذاری روشن دربارهٔ نوع رمزنگاری در همهٔ پیام‌رسان‌ها الزامی شود.",
        ],
        hour=13, minute=25, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۰۷۸",
        conference="data-governance-privacy", people=["narges-rahimi"], organizations=["itrc", "ncc"],
        platforms=["telegram"],
        statements=[
            ("narges-rahimi", "کاربر معمولی تنظیمات را تغییر نمی‌دهد؛ آنچه پیش‌فرض است همان است که بیشتر مردم دارند.",
             []),
            ("narges-rahimi", "حتی در پیام‌رسان‌های پرکاربرد خارجی هم گفت‌وگوی معمولی همیشه سرتاسری رمز نمی‌شود.",
             ["telegram"]),
        ],
    ),
    DemoArticle(
        "نمایشگاه کتاب دانشجویی با بخش ویژهٔ رسانه‌های نو",
        "culture", 110,
        "نمایشگاه کتاب دانشجویی امسال بخشی ویژه برای کتاب‌های حوزهٔ رسانه‌های نو و فضای مجازی دارد.",
        [
            "در این بخش، کتاب‌هایی دربارهٔ روزنامه‌نگاری داده، سواد رسانه‌ای و تاریخ شبکه‌های اجتماعی عرضه می‌شود.",
            "برگزارکنندگان گفته‌اند نشست‌های نقد کتاب نیز با حضور نویسندگان جوان برگزار خواهد شد.",
            "نمایشگاه یک هفته در محل دانشگاه میزبان برپا است.",
        ],
        hour=16, reporter="خبرنگار گروه فرهنگی",
    ),
    DemoArticle(
        "شرکت ارتباطات زیرساخت: ظرفیت ارتباط بین‌الملل افزایش یافت",
        "science-tech", 98,
        "شرکت ارتباطات زیرساخت از افزایش ظرفیت ارتباط بین‌الملل کشور در ماه گذشته خبر داد.",
        [
            "بر پایهٔ اعلام این شرکت، بخشی از ظرفیت تازه به شبکهٔ علمی کشور و دانشگاه‌ها اختصاص یافته است.",
            "این شرکت گفته است کیفیت دسترسی در ساعت‌های اوج مصرف پایش می‌شود و گزارش آن منتشر خواهد شد.",
            "کارشناسان می‌گویند اثر این افزایش باید در سرعت واقعی کاربران سنجیده شود.",
        ],
        hour=10, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۰۹۰", organizations=["tic"],
    ),
    DemoArticle(
        "انتخابات شورای مرکزی اتحادیه جامعه اسلامی دانشجویان برگزار شد",
        "university", 90,
        "اعضای تازهٔ شورای مرکزی اتحادیه جامعه اسلامی دانشجویان در مجمع عمومی سالانه انتخاب شدند.",
        [
            "در این مجمع، علیرضا نوروزی پس از پایان دورهٔ دبیرکلی به عضویت شورای مرکزی درآمد.",
            "نمایندگان تشکل‌های عضو از دانشگاه‌های مختلف در این مجمع حضور داشتند.",
            "دبیر کل تازه در نخستین نشست شورا انتخاب خواهد شد.",
        ],
        hour=20, reporter="خبرنگار گروه دانشگاه", message_code="۱۴۰۵-۰۹۳",
        people=["alireza-norouzi"], organizations=["islamic-student-union"],
    ),
    DemoArticle(
        "بله خدمات پرداخت گروهی را به دانشجویان عرضه می‌کند",
        "economy", 84,
        "پیام‌رسان بله از عرضهٔ امکان پرداخت گروهی برای هزینه‌های مشترک دانشجویی مانند اردو و کارگاه خبر داد.",
        [
            "به گفتهٔ سازندگان، مدیر گروه می‌تواند مبلغ را میان اعضا تقسیم کند و وضعیت پرداخت هر نفر را ببیند.",
            "چند تشکل دانشجویی این امکان را در هفته‌های گذشته آزمایش کرده‌اند.",
            "کارشناسان می‌گویند ترکیب پیام‌رسان و پرداخت، مزیتی است که سکوهای خارجی در ایران ندارند.",
        ],
        hour=9, minute=50, reporter="خبرنگار گروه اقتصادی", platforms=["bale"],
    ),
    DemoArticle(
        "کارگاه روزنامه‌نگاری داده برای خبرنگاران دانشجو",
        "culture", 72,
        "کارگاه دوروزهٔ روزنامه‌نگاری داده برای خبرنگاران دانشجویی نشریه‌های دانشگاهی برگزار شد.",
        [
            "شرکت‌کنندگان در این کارگاه با گردآوری، پاک‌سازی و نمایش داده در گزارش‌های خبری آشنا شدند.",
            "یکی از تمرین‌های کارگاه، بررسی آمار منتشرشدهٔ پیام‌رسان‌ها و سنجش سازگاری آن‌ها با یکدیگر بود.",
            "برگزارکنندگان وعده داده‌اند دورهٔ پیشرفته را در ترم آینده برگزار کنند.",
        ],
        hour=15, reporter="خبرنگار گروه فرهنگی",
    ),
    DemoArticle(
        "احمدی‌نیا: ۳۰ دانشگاه به شبکهٔ پرسرعت پژوهشی وصل می‌شوند",
        "university", 63,
        "مشاور وزیر ارتباطات در امور دانشگاه‌ها گفت: تا پایان سال سی دانشگاه دیگر به شبکهٔ پرسرعت پژوهشی کشور وصل "
        "می‌شوند.",
        [
            "رضا احمدی‌نیا در نشست خبری «پهنای باند دانشگاه‌ها و دسترسی دانشجویان به خدمات ابری» که صبح امروز در "
            "وزارت ارتباطات و فناوری اطلاعات برگزار شد، گفت: اولویت با دانشگاه‌هایی است که آزمایشگاه‌های پردادهٔ فعال دارند.",
            "وی افزود: دانشجویان این دانشگاه‌ها می‌توانند از خدمات ابری پژوهشی با هزینهٔ کمتر استفاده کنند.",
            "احمدی‌نیا گفت: گزارش پیشرفت طرح هر سه ماه منتشر می‌شود.",
        ],
        hour=12, minute=40, reporter="خبرنگار گروه دانشگاه", message_code="۱۴۰۵-۱۱۲",
        conference="university-bandwidth", people=["reza-ahmadinia"], organizations=["ict-ministry"],
        statements=[
            ("reza-ahmadinia", "تا پایان سال سی دانشگاه دیگر به شبکهٔ پرسرعت پژوهشی کشور وصل می‌شوند.", []),
        ],
    ),
    DemoArticle(
        "شریفی: گروه‌های کلاسی به پیام‌رسانی پایدار نیاز دارند",
        "university", 63,
        "دبیر کمیسیون فضای مجازی اتحادیه جامعه اسلامی دانشجویان گفت: قطعی‌های پیاپی، استادان و دانشجویان را از "
        "پیام‌رسان‌های داخلی دور کرده است.",
        [
            "پویا شریفی در همین نشست گفت: گروه کلاسی جای آزمون و خطا نیست؛ اگر پیامی در شب امتحان نرسد، دانشجو دیگر "
            "به آن پیام‌رسان برنمی‌گردد.",
            "وی از سروش و ایتا خواست گزارش پایداری خدمات خود را منتشر کنند.",
            "شریفی افزود: تشکل‌های دانشجویی آمادگی دارند در آزمون نسخه‌های تازه همکاری کنند.",
        ],
        hour=13, reporter="خبرنگار گروه دانشگاه", message_code="۱۴۰۵-۱۱۳",
        conference="university-bandwidth", people=["pouya-sharifi"], organizations=["islamic-student-union"],
        platforms=["soroush", "eitaa"],
        statements=[
            ("pouya-sharifi", "گروه کلاسی جای آزمون و خطا نیست؛ اگر پیامی در شب امتحان نرسد، دانشجو دیگر به آن "
             "پیام‌رسان برنمی‌گردد.", []),
            ("pouya-sharifi", "سروش و ایتا گزارش پایداری خدمات خود را منتشر کنند.", ["soroush", "eitaa"]),
        ],
    ),
    DemoArticle(
        "روبیکا بخش آموزش مجازی راه‌اندازی کرد",
        "science-tech", 50,
        "روبیکا از راه‌اندازی بخشی برای برگزاری کلاس‌های مجازی کوچک و اشتراک جزوه خبر داد.",
        [
            "در این بخش، مدرس می‌تواند کلاس زنده برگزار کند و فایل‌ها را برای اعضای کلاس بگذارد.",
            "سازندگان گفته‌اند ظرفیت هر کلاس در نسخهٔ نخست محدود است.",
            "چند آموزشگاه خصوصی نخستین کاربران این بخش بوده‌اند.",
        ],
        hour=11, reporter="خبرنگار گروه علم و فناوری", platforms=["rubika"],
    ),
    DemoArticle(
        "سهم پیام‌رسان‌های داخلی در ترافیک شبکه / گزارش تازهٔ سازمان فناوری اطلاعات",
        "science-tech", 38,
        "سازمان فناوری اطلاعات ایران گزارشی از سهم پیام‌رسان‌ها در ترافیک شبکهٔ کشور منتشر کرد.",
        [
            "بر پایهٔ این گزارش، سهم پیام‌رسان‌های داخلی در ترافیک پیام متنی افزایش یافته اما در ترافیک تصویری هنوز "
            "اندک است.",
            "مریم کاظمی، معاون توسعهٔ خدمات الکترونیکی این سازمان، گفت: این گزارش از این پس هر فصل منتشر می‌شود.",
            "وی افزود: روش اندازه‌گیری در پیوست گزارش آمده تا پژوهشگران بتوانند آن را بررسی کنند.",
        ],
        hour=10, minute=5, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۱۳۸",
        people=["maryam-kazemi"], organizations=["ito"], platforms=["eitaa", "bale", "rubika", "soroush", "gap", "igap"],
        statements=[
            ("maryam-kazemi", "گزارش سهم پیام‌رسان‌ها در ترافیک شبکه از این پس هر فصل منتشر می‌شود.", []),
        ],
    ),
    DemoArticle(
        "صالحی: پیام‌رسان داخلی بدون بازار تبلیغات پایدار نمی‌ماند",
        "economy", 21,
        "دبیر انجمن صنفی کسب‌وکارهای اینترنتی گفت: پیام‌رسانی که درآمد پایدار نداشته باشد، دیر یا زود برای نگه‌داری "
        "کیفیت خدمات کم می‌آورد.",
        [
            "مهدی صالحی در نشست خبری «کسب‌وکارهای نوپا و بازار پیام‌رسان‌ها» که عصر امروز در دفتر انجمن برگزار شد، "
            "گفت: بازار تبلیغات در کانال‌ها باید شفاف و قابل سنجش باشد.",
            "وی افزود: آگهی‌دهنده می‌خواهد بداند چند نفر واقعاً آگهی او را دیده‌اند و این آمار باید از منبعی مستقل بیاید.",
            "صالحی گفت: کسب‌وکارهای نوپا می‌توانند ابزار سنجش مستقل بسازند، اگر دسترسی به داده‌های ناشناس‌شده فراهم شود.",
        ],
        hour=17, minute=15, reporter="خبرنگار گروه اقتصادی", message_code="۱۴۰۵-۱۵۵",
        conference="startups-and-messenger-market", people=["mehdi-salehi"], organizations=["internet-business-guild"],
        platforms=["eitaa", "rubika"],
        statements=[
            ("mehdi-salehi", "بازار تبلیغات در کانال‌ها باید شفاف و قابل سنجش باشد.", ["eitaa", "rubika"]),
        ],
    ),
    DemoArticle(
        "کاظمی: درگاه یکپارچهٔ خدمات دولتی به پیام‌رسان‌ها وصل می‌شود",
        "science-tech", 21,
        "معاون توسعهٔ خدمات الکترونیکی سازمان فناوری اطلاعات ایران گفت: کاربران به‌زودی برخی خدمات دولتی را از درون "
        "پیام‌رسان‌های داخلی دریافت می‌کنند.",
        [
            "مریم کاظمی در نشست خبری انجمن صنفی کسب‌وکارهای اینترنتی گفت: اتصال از راه درگاهی یکسان انجام می‌شود تا هیچ "
            "پیام‌رسانی امتیاز انحصاری نداشته باشد.",
            "وی افزود: بله، ایتا و روبیکا نخستین سکوهایی هستند که آزمون اتصال را آغاز کرده‌اند.",
            "کاظمی گفت: شرط اتصال، رعایت استانداردهای امنیتی سازمان و گزارش منظم است.",
        ],
        hour=18, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۱۵۶",
        conference="startups-and-messenger-market", people=["maryam-kazemi"], organizations=["ito"],
        platforms=["bale", "eitaa", "rubika"],
        statements=[
            ("maryam-kazemi", "اتصال از راه درگاهی یکسان انجام می‌شود تا هیچ پیام‌رسانی امتیاز انحصاری نداشته باشد.",
             []),
            ("maryam-kazemi", "بله، ایتا و روبیکا نخستین سکوهایی هستند که آزمون اتصال را آغاز کرده‌اند.",
             ["bale", "eitaa", "rubika"]),
        ],
    ),
    DemoArticle(
        "جشنوارهٔ فیلم کوتاه دانشجویی فراخوان داد",
        "culture", 14,
        "دبیرخانهٔ جشنوارهٔ فیلم کوتاه دانشجویی فراخوان دورهٔ تازه را منتشر کرد.",
        [
            "امسال بخشی ویژه برای فیلم‌های کوتاه عمودی که برای شبکه‌های اجتماعی ساخته شده‌اند در نظر گرفته شده است.",
            "دانشجویان تا پایان ماه آینده فرصت دارند آثار خود را بفرستند.",
            "داوران این بخش از میان فیلم‌سازان و پژوهشگران رسانه انتخاب شده‌اند.",
        ],
        hour=16, minute=30, agency="ایسنا", platforms=["instagram"],
    ),
    DemoArticle(
        "گپ نسخهٔ تازهٔ خود را با تمرکز بر کاهش مصرف داده منتشر کرد",
        "science-tech", 7,
        "پیام‌رسان گپ نسخهٔ تازه‌ای منتشر کرده که به گفتهٔ سازندگان، مصرف داده در تماس صوتی را کاهش می‌دهد.",
        [
            "در این نسخه، کیفیت تماس با توجه به سرعت شبکهٔ کاربر تنظیم می‌شود.",
            "سازندگان گفته‌اند این تغییر برای کاربران شهرهای کوچک و بسته‌های اینترنت محدود طراحی شده است.",
            "نسخهٔ تازه از فروشگاه‌های نرم‌افزار داخلی در دسترس است.",
        ],
        hour=9, reporter="خبرنگار گروه علم و فناوری", message_code="۱۴۰۵-۱۷۰", platforms=["gap"],
    ),
    DemoArticle(
        "نشست هم‌اندیشی تشکل‌های دانشجویی دربارهٔ سواد رسانه‌ای",
        "university", 3,
        "نمایندگان تشکل‌های دانشجویی در نشستی دربارهٔ راه‌های آموزش سواد رسانه‌ای در دانشگاه‌ها گفت‌وگو کردند.",
        [
            "شرکت‌کنندگان پیشنهاد کردند درسی اختیاری دربارهٔ راستی‌آزمایی خبر در برنامهٔ همهٔ رشته‌ها گنجانده شود.",
            "پویا شریفی در این نشست گفت: شایعه در گروه‌های پیام‌رسان سریع‌تر از هر خبر رسمی پخش می‌شود.",
            "قرار شد پیشنهادها در قالب نامه‌ای به وزارت علوم فرستاده شود.",
        ],
        hour=14, minute=10, reporter="خبرنگار گروه دانشگاه", message_code="۱۴۰۵-۱۸۱",
        people=["pouya-sharifi"], organizations=["islamic-student-union"],
        statements=[
            ("pouya-sharifi", "شایعه در گروه‌های پیام‌رسان سریع‌تر از هر خبر رسمی پخش می‌شود.", []),
        ],
    ),
    DemoArticle(
        "ایتا امکان کانال‌های چندزبانه را اضافه کرد",
        "science-tech", 1,
        "پیام‌رسان ایتا امکانی افزوده که مدیر کانال می‌تواند یک مطلب را به چند زبان منتشر کند.",
        [
            "به گفتهٔ سازندگان، خواننده مطلب را به زبانی می‌بیند که در تنظیمات خود برگزیده است.",
            "این امکان ابتدا برای کانال‌های رسمی سازمان‌ها و دانشگاه‌ها فعال شده است.",
            "کانال‌های دیگر می‌توانند با درخواست از پشتیبانی آن را فعال کنند.",
        ],
        hour=11, minute=20, reporter="خبرنگار گروه علم و فناوری", platforms=["eitaa"],
    ),
]

# Never public: one of each kind, so editors see the workflow and tests have
# something that must never leak.
NON_PUBLIC_ARTICLES = [
    DemoArticle(
        "پیش‌نویس: گزارش مقایسهٔ آمار کاربران پیام‌رسان‌ها",
        "science-tech", 0,
        "این گزارش هنوز در حال نوشتن است.",
        ["بند نخست پیش‌نویس که هنوز ویرایش نشده است."],
        status=Article.Status.DRAFT, platforms=["eitaa", "bale"],
    ),
    DemoArticle(
        "در انتظار بازبینی: گفت‌وگو با دبیر انجمن صنفی دربارهٔ تبلیغات کانال‌ها",
        "economy", 0,
        "گفت‌وگوی کامل که دبیر گروه باید آن را بازبینی کند.",
        ["متن گفت‌وگو پس از بازبینی منتشر می‌شود."],
        status=Article.Status.REVIEW, people=["mehdi-salehi"],
    ),
    DemoArticle(
        "زمان‌بندی‌شده: برنامهٔ هفتهٔ آینده کمیسیون فضای مجازی دانشجویی",
        "university", -1,
        "این خبر فردا منتشر می‌شود.",
        ["جزئیات برنامهٔ هفتهٔ آینده."],
        hour=8, people=["pouya-sharifi"],
    ),
    DemoArticle(
        "پس‌گرفته: خبر نادرست دربارهٔ توقف یک پیام‌رسان داخلی",
        "science-tech", 30,
        "این خبر به دلیل نادرستی پس گرفته شد.",
        ["متن خبر پس‌گرفته که نباید به خواننده برسد."],
        status=Article.Status.WITHDRAWN, withdrawal_note="خبر بر پایهٔ منبعی نادرست نوشته شده بود.",
        platforms=["igap"],
    ),
]


def _at(days_ago, hour, minute=0):
    """An aware datetime `days_ago` days before today (negative: in the future), at a Tehran hour."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _days_ago_date(days):
    return None if days is None else timezone.localdate() - dt.timedelta(days=days)


def _platforms_by_slug():
    platforms = {platform.slug: platform for platform in Platform.objects.all()}
    needed = {slug for item in ARTICLES + NON_PUBLIC_ARTICLES for slug in item.platforms}
    missing = needed - set(platforms)
    if missing:
        raise RuntimeError(f"known platforms are missing (run migrate first): {', '.join(sorted(missing))}")
    return platforms


# How other agencies' copy names the desks («خبرنگار علمی», «گروه اقتصاد»): the import files it by these.
SECTION_ALIASES = {
    "science-tech": ["علمی", "فناوری", "علمی و فناوری", "فناوری اطلاعات"],
    "university": ["دانشگاهی"],
    "politics": ["سیاست", "پارلمانی"],
    "economy": ["اقتصاد"],
    "culture": ["فرهنگ", "فرهنگ و هنر"],
}


def _load_sections():
    sections = {}
    for slug, name, position, description in SECTIONS:
        section = Section.objects.filter(name_key=normalize_key(name)).first()
        if section is None:
            section = Section.objects.create(name=name, slug=slug, position=position, description=description)
        sections[slug] = section
        for alias in SECTION_ALIASES.get(slug, ()):
            if not SectionAlias.objects.filter(key=normalize_key(alias)).exists():
                SectionAlias.objects.create(section=section, name=alias)
    return sections


def _load_organizations():
    organizations = {}
    for slug, name, kind, parent, website, aliases in ORGANIZATIONS:
        organization = Organization.objects.filter(slug=slug).first() or Organization.objects.filter(
            name_key=normalize_key(name)
        ).first()
        if organization is None:
            organization = Organization.objects.create(
                name=name, slug=slug, kind=kind, parent=organizations.get(parent), website=website
            )
        for alias in aliases:
            if not organization.aliases.filter(key=normalize_key(alias)).exists():
                OrganizationAlias.objects.create(organization=organization, name=alias)
        organizations[slug] = organization
    return organizations


def _load_people(organizations):
    people, roles = {}, {}
    for slug, name, bio, aliases, person_roles in PEOPLE:
        person = Person.objects.filter(slug=slug).first()
        if person is None:
            person = Person.objects.create(name=name, slug=slug, bio=bio)
        for alias in aliases:
            if not person.aliases.filter(key=normalize_key(alias)).exists():
                PersonAlias.objects.create(person=person, name=alias)
        for org_slug, title, start, end in person_roles:
            role = Role.objects.filter(person=person, organization=organizations[org_slug], title_key=normalize_key(title)).first()
            if role is None:
                role = Role.objects.create(
                    person=person, organization=organizations[org_slug], title=title,
                    start_date=_days_ago_date(start), end_date=_days_ago_date(end),
                )
            roles[(slug, org_slug, title)] = role
        people[slug] = person
    return people, roles


def _role_held(person_slug, day, roles):
    """The role the person held on `day` (the latest begun, if several)."""
    held = [role for (slug, _, _), role in roles.items() if slug == person_slug and role.held_on(day)]
    held.sort(key=lambda role: role.start_date or dt.date.min, reverse=True)
    return held[0] if held else None


def _load_conferences(organizations, people, roles):
    conferences = {}
    for item in CONFERENCES:
        conference = PressConference.objects.filter(slug=item.slug).first()
        if conference is None:
            conference = PressConference.objects.create(
                slug=item.slug, title=item.title, host=organizations[item.host], venue=item.venue,
                starts_at=_at(item.days_ago, item.hour), time_note=item.time_note, description=item.description,
                confirmed=True,
            )
        day = timezone.localtime(conference.starts_at).date() if conference.starts_at else timezone.localdate()
        for order, person_slug in enumerate(item.participants):
            Participation.objects.get_or_create(
                conference=conference, person=people[person_slug],
                defaults={"role": _role_held(person_slug, day, roles), "order": order},
            )
        conferences[item.slug] = conference
    return conferences


def _load_article(item, *, sections, organizations, people, platforms, conferences):
    """Create the article unless it exists (by agency and normalized headline); return (article, created)."""
    existing = Article.objects.filter(agency=item.agency, headline_key=normalize_key(item.headline)).first()
    published_at = _at(item.days_ago, item.hour, item.minute)
    if existing is not None:
        if item.days_ago < 0 and existing.status == Article.Status.PUBLISHED:
            # Keep the demo's scheduled article in the future.
            Article.objects.filter(pk=existing.pk).update(published_at=published_at)
        return existing, False
    fields = {
        "headline": item.headline,
        "section": sections[item.section],
        "agency": item.agency,
        "reporter": item.reporter,
        "message_code": item.message_code,
        "lead": item.lead,
        "body": "\n\n".join(item.paragraphs),
        "status": item.status,
        "conference": conferences.get(item.conference),
    }
    if item.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN):
        fields["published_at"] = published_at
    if item.status == Article.Status.WITHDRAWN:
        fields["withdrawn_at"] = published_at + dt.timedelta(hours=5)
        fields["withdrawal_note"] = item.withdrawal_note
    article = Article.objects.create(**fields)
    article.people.set([people[slug] for slug in item.people])
    article.organizations.set([organizations[slug] for slug in item.organizations])
    article.platforms.set([platforms[slug] for slug in item.platforms])
    for position, (speaker, text, about) in enumerate(item.statements):
        statement = Statement.objects.create(
            article=article, speaker=people.get(speaker), text=text, position=position,
            conference=conferences.get(item.conference),
        )
        statement.platforms.set([platforms[slug] for slug in about])
    return article, True


def ensure_demo_editor():
    """The demo editor account (staff, in the editors group); its password is set only when it is created."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=DEMO_EDITOR_USERNAME, defaults={"is_staff": True})
    if created:
        user.set_password(DEMO_EDITOR_PASSWORD)
        user.save(update_fields=["password"])
    elif not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    group = Group.objects.get(name=EDITORS_GROUP)
    user.groups.add(group)
    return user, created


@dataclass
class DemoLoadResult:
    articles_created: int = 0
    articles_total: int = 0
    editor_created: bool = False
    editor: object = None


@transaction.atomic
def load_demo_content(*, with_editor):
    """Load the demo content (all or nothing); with `with_editor`, also the demo editor account."""
    platforms = _platforms_by_slug()
    sections = _load_sections()
    organizations = _load_organizations()
    people, roles = _load_people(organizations)
    conferences = _load_conferences(organizations, people, roles)
    result = DemoLoadResult()
    for item in ARTICLES + NON_PUBLIC_ARTICLES:
        _, created = _load_article(
            item, sections=sections, organizations=organizations, people=people, platforms=platforms,
            conferences=conferences,
        )
        result.articles_created += created
        result.articles_total += 1
    if with_editor:
        result.editor, result.editor_created = ensure_demo_editor()
    return result
