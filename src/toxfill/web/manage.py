"""`toxfill-manage`: Django's management commands for the toxfill site."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:  # a setting to fix, said in one line, not a traceback
        print(f"toxfill-manage: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
