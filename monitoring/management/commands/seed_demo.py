from django.core.management.base import BaseCommand, CommandError

from coxlease.demo import DEMO_PASSWORD, DemoRefused

from ...demo import demo_seed


class Command(BaseCommand):
    help = "Create or refresh the fictional demo organisation. Refuses if real records exist."

    def handle(self, *args, **options):
        try:
            sites = demo_seed()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        names = ", ".join(str(site) for site in sites.values())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {names}."))
        self.stdout.write(f"Every demo login uses the password '{DEMO_PASSWORD}'.")
