"""Deploy checks (`manage.py check --deploy`) Django does not make itself."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from .secretkey import is_known_or_weak


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if is_known_or_weak(str(settings.SECRET_KEY)):
        return [Warning("SECRET_KEY is a published or short key.", id="ops.W001")]
    return []


@register(Tags.security, deploy=True)
def check_csp(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    script = " ".join(directives.get("script-src", directives.get("default-src", [])))
    if not script or "unsafe-inline" in script or "unsafe-eval" in script:
        return [Warning("The Content-Security-Policy allows inline or eval'd script.", id="ops.W002")]
    return []
