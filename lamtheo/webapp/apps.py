from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebappConfig(AppConfig):
    """The installable web app: manifest, service worker, drafts kept on the device, one submit per tap."""

    name = "lamtheo.webapp"
    label = "webapp"
    verbose_name = _("Web app")
