"""Domain errors whose messages are shown to users as they are (Chinese)."""

from django.core.exceptions import ValidationError


class ConcurrentEditError(ValidationError):
    """Another user saved the same record after this user opened it."""
