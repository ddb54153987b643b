#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coxlease.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        _ = settings.INSTALLED_APPS  # else Django hides why, and fails on "models not loaded"
    except ImproperlyConfigured as refusal:
        sys.exit(f"{refusal} For a first look, set DEBUG=1 (make run does).")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
