"""Messages of Django that our pages can show but Django's Vietnamese catalogue lacks.

`makemessages` only extracts strings from our own code, so they are repeated here (this module
is never imported) to keep their translations in locale/vi. Each msgid must stay identical to
Django's (check after a Django upgrade: tests/test_i18n.py renders some of them).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.auth.password_validation.MinimumLengthValidator (Django 5.2 changed the msgid).
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)

# django.core.validators and django.core.paginator
MESSAGES = [
    gettext_noop("Null characters are not allowed."),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
]
