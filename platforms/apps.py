from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = "پیام‌رسان‌ها و شبکه‌ها"
