"""Browser paths of logging in and out, and of a password reset by an administrator."""

from __future__ import annotations

import pytest

from lamtheo.accounts.models import User
from tests.conftest import PASSWORD, assert_fits, login

pytestmark = pytest.mark.e2e

LOGOUT = "form[action$='/accounts/logout/'] button"


def logout(page) -> None:
    """Open the menu if it is folded (phone), then log out."""
    toggle = page.locator(".menu-button")
    if toggle.count() and toggle.is_visible() and not page.locator(LOGOUT).is_visible():
        toggle.click()
    page.click(LOGOUT)
    page.wait_for_load_state()


def test_login_wrong_then_right_password_then_logout(page, live_server, world_tx, viewport):
    login(page, live_server, "dangvien_an", "not-the-password")
    assert page.url.endswith("/accounts/login/")
    error = page.locator(".errors")
    assert error.is_visible() and error.inner_text().strip()
    if viewport == "phone":
        assert_fits(page, 360)

    login(page, live_server, "dangvien_an", PASSWORD)
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text().endswith("dangvien_an")
    if viewport == "phone":
        assert_fits(page, 360)

    logout(page)
    assert page.url.endswith("/accounts/login/")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url


def test_admin_resets_a_password_and_the_user_must_change_it(page, live_server, world_tx, viewport):
    login(page, live_server, "quantri")
    page.goto(f"{live_server.url}/org/accounts/?q=dangvien_an")
    if viewport == "phone":
        assert_fits(page, 360)
    page.click("ul.accounts a:has-text('dangvien_an')")
    page.click("a[href$='/reset/']")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    temporary = page.locator("#temp-password").inner_text().strip()
    assert len(temporary) == 14
    if viewport == "phone":
        assert_fits(page, 360)
    logout(page)

    login(page, live_server, "dangvien_an", temporary)
    assert page.url.endswith("/accounts/password/")
    assert page.locator(".notice").is_visible()
    page.goto(f"{live_server.url}/org/people/")  # any page leads back to the change
    assert page.url.endswith("/accounts/password/")
    if viewport == "phone":
        assert_fits(page, 360)
    new = "Hoc-tap-lam-theo-2026"
    page.fill("input[name=old_password]", temporary)
    page.fill("input[name=new_password1]", new)
    page.fill("input[name=new_password2]", new)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"
    user = User.objects.get(username="dangvien_an")
    assert not user.must_change_password and user.check_password(new)
