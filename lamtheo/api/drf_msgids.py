"""Messages of Django REST framework that API clients can receive, for our Vietnamese catalogue.

DRF has no complete Vietnamese catalogue; `makemessages` only extracts strings from our code,
so the msgids are repeated here (this module is never imported) and translated in
lamtheo/api/locale/vi. Each must stay identical to DRF's (tests/test_api_fuzz.py checks that
the error messages the API answers with are Vietnamese).
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("String value too large."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Time has wrong format. Use one of these formats instead: {format}."),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("This list may not be empty."),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("Invalid value."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("This field must be unique."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
]
