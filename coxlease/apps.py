from django.apps import AppConfig


class CoxleaseConfig(AppConfig):
    name = "coxlease"
    verbose_name = "Sites and people"
