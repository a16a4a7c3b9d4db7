"""The `zhaoshang` command: Django's management commands under the platform's own name."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhaoshang", *sys.argv[1:]])


if __name__ == "__main__":
    main()
