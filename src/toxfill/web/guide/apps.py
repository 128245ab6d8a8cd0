from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "toxfill.web.guide"
    label = "guide"
