"""Writes locale/fa/LC_MESSAGES/django.po and djangojs.po: the project's completion of Persian translations.

1. Strings Django and django-simple-history leave untranslated in Persian
   (the `MISSING` tables below, translated here by hand).
2. Django's own Persian strings with the verb prefix «می»/«نمی» written
   without the zero-width non-joiner («میتوانید»): re-written with it.

Run after upgrading Django: `.venv/bin/python scripts/make_fa_locale.py && make locale`.
Needs GNU gettext (msgmerge, msgattrib) to read the catalogs.
"""

import re
import subprocess
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
DJANGO = Path(django.__file__).parent
OUT = ROOT / "locale" / "fa" / "LC_MESSAGES"

ZWNJ = "\u200c"
VERB_STEMS = (
    "توان", "شو", "کن", "خواه", "ده", "باش", "گیر", "آی", "آور", "رو", "دان", "بین", "نویس", "گرد", "مان", "یاب",
    "ساز", "پذیر", "رس", "زن", "گذار", "فرست", "گوی", "گذر", "کش", "ریز", "دار", "خوان", "بند", "افت", "افز",
)
_PREFIX_RE = re.compile(r"(?<![\w\u0600-\u06FF])(ن?می)[ \u200c]?(?=(?:" + "|".join(VERB_STEMS) + r"))")

MISSING = {
    "django": {
        # Django admin
        "Run": "اجرا",
        # Django's «افزودن یک … دیگر» doubles «دیگر» after names like «نام دیگر شخص».
        "Add another %(verbose_name)s": "افزودن %(verbose_name)s",
        "Breadcrumbs": "مسیر صفحه",
        "Model name": "نام مدل",
        "Select this object for an action - {}": "گزینش این مورد برای کار گروهی - {}",
        "The app \"%s\" could not be found.": "بخش «%s» پیدا نشد.",
        ", ": "، ",
        "Filter by %(field_name)s": "پالایش بر پایهٔ %(field_name)s",
        "Pagination %(name)s entries": "صفحه‌بندی %(name)s",
        "Pagination %(name)s": "صفحه‌بندی %(name)s",
        "Search %(name)s": "جست‌وجو در %(name)s",
        "Logout": "خروج",
        "In case you’ve forgotten, you are:": "اگر فراموش کرده‌اید، شما این کاربر هستید:",
        "- Select an option -": "- یکی را برگزینید -",
        "Enter a valid domain name.": "نام دامنهٔ درستی وارد کنید.",
        "Ensure this value is a multiple of step size %(limit_value)s.": "این مقدار باید مضربی از %(limit_value)s باشد.",
        "Constraint “%(name)s” is violated.": "قید «%(name)s» رعایت نشده است.",
        "No %s matches the given query.": "هیچ %s با این درخواست پیدا نشد.",
        # django-simple-history (it has no Persian)
        "View history: %s": "تاریخچهٔ %s",
        "Change history: %s": "تاریخچهٔ تغییرات %s",
        "The %(name)s \"%(obj)s\" was changed successfully.": "%(name)s «%(obj)s» با موفقیت تغییر کرد.",
        "You may edit it again below": "می‌توانید دوباره آن را در زیر ویرایش کنید",
        "View %s": "دیدن %s",
        "Revert %s": "بازگرداندن %s",
        "Created": "ایجاد",
        "Changed": "تغییر",
        "Deleted": "حذف",
        "This object doesn't have a change history.": "این مورد تاریخچهٔ تغییری ندارد.",
        "Home": "خانه",
        "History": "تاریخچه",
        "View %(verbose_name)s": "دیدن %(verbose_name)s",
        "Revert %(verbose_name)s": "بازگرداندن %(verbose_name)s",
        "Press the 'Revert' button below to revert to this version of the object.":
            "برای بازگرداندن به این نسخه، دکمهٔ «بازگرداندن» را در پایین بزنید.",
        "Press the 'Change History' button below to edit the history.":
            "برای ویرایش تاریخچه، دکمهٔ «تغییر تاریخچه» را در پایین بزنید.",
        "Object": "مورد",
        "Date/time": "زمان",
        "Comment": "توضیح",
        "Changed by": "تغییردهنده",
        "Change reason": "دلیل تغییر",
        "None": "هیچ",
        "Revert": "بازگرداندن",
        "Change History": "تغییر تاریخچه",
        "Close": "بستن",
        "Compare": "مقایسه",
        "Current": "کنونی",
    },
    "djangojs": {
        "Choose all %s": "برگزیدن همهٔ %s",
        "Choose selected %s": "برگزیدن %s برگزیده",
        "Remove selected %s": "برداشتن %s برگزیده",
        "Remove all %s": "برداشتن همهٔ %s",
        "(click to clear)": "(برای پاک کردن بزنید)",
        "Type into this box to filter down the list of selected %s.": "برای پالایش فهرست %s برگزیده در این خانه بنویسید.",
        "server": "کارگزار",
        "Today (%(date)s)": "امروز (%(date)s)",
        "Yesterday (%(date)s)": "دیروز (%(date)s)",
    },
}
MISSING_PLURAL = {
    "django": {
        ("Please correct the error below.", "Please correct the errors below."): (
            "لطفاً خطای زیر را درست کنید.", "لطفاً خطاهای زیر را درست کنید."),
        ("entry", "entries"): ("مورد", "مورد"),
        ("…and %(count)d more object.", "…and %(count)d more objects."): (
            "…و %(count)d مورد دیگر.", "…و %(count)d مورد دیگر."),
    },
    "djangojs": {
        ("%s selected option not visible", "%s selected options not visible"): (
            "%s گزینهٔ برگزیده دیده نمی‌شود", "%s گزینهٔ برگزیده دیده نمی‌شود"),
    },
}

CATALOGS = {
    "django": [DJANGO / "conf/locale/fa/LC_MESSAGES/django.po", DJANGO / "contrib/admin/locale/fa/LC_MESSAGES/django.po",
               DJANGO / "contrib/auth/locale/fa/LC_MESSAGES/django.po",
               DJANGO / "contrib/contenttypes/locale/fa/LC_MESSAGES/django.po"],
    "djangojs": [DJANGO / "contrib/admin/locale/fa/LC_MESSAGES/djangojs.po"],
}


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def parse_po(path):
    """(msgctxt, msgid, msgid_plural, [msgstr...]) of each translated entry, via msgcat's one-line output."""
    text = subprocess.run(["msgcat", "--no-wrap", "--no-location", str(path)], capture_output=True, text=True,
                          check=True).stdout
    entries, current, key = [], {}, None
    for line in text.splitlines() + [""]:
        if not line.strip():
            if current.get("msgid"):
                entries.append(current)
            current, key = {}, None
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
        if match:
            key = match[1]
            current[key] = eval(match[2])  # noqa: S307 - a PO string literal from msgcat
        elif line.startswith('"') and key:
            current[key] += eval(line)  # noqa: S307
    return entries


def entry_text(ctx, msgid, plural, strs):
    lines = []
    if ctx:
        lines.append(f"msgctxt {quote(ctx)}")
    lines.append(f"msgid {quote(msgid)}")
    if plural is None:
        lines.append(f"msgstr {quote(strs[0])}")
    else:
        lines.append(f"msgid_plural {quote(plural)}")
        lines.extend(f"msgstr[{i}] {quote(s)}" for i, s in enumerate(strs))
    return "\n".join(lines)


def build(domain):
    seen, blocks = set(), []
    for msgid, msgstr in MISSING[domain].items():
        blocks.append(entry_text(None, msgid, None, [_PREFIX_RE.sub(lambda m: m[1] + ZWNJ, msgstr)]))
        seen.add((None, msgid))
    for (msgid, plural), strs in MISSING_PLURAL[domain].items():
        blocks.append(entry_text(None, msgid, plural, list(strs)))
        seen.add((None, msgid))
    for path in CATALOGS[domain]:
        for entry in parse_po(path):
            ctx, msgid = entry.get("msgctxt"), entry["msgid"]
            if (ctx, msgid) in seen:
                continue
            strs = [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr"))]
            fixed = [_PREFIX_RE.sub(lambda m: m[1] + ZWNJ, s) for s in strs]
            if fixed != strs and all(fixed):
                blocks.append(entry_text(ctx, msgid, entry.get("msgid_plural"), fixed))
                seen.add((ctx, msgid))
    header = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: archive\\n"\n"PO-Revision-Date: 2026-11-30 00:00+0330\\n"\n'
        '"Last-Translator: archive\\n"\n"Language-Team: Persian\\n"\n"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n"Language: fa\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    )
    comment = "# Written by scripts/make_fa_locale.py: Persian the project completes or corrects (ZWNJ).\n"
    (OUT / f"{domain}.po").write_text(comment + header + "\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    return len(blocks)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for domain in ("django", "djangojs"):
        print(domain, build(domain), file=sys.stderr)
