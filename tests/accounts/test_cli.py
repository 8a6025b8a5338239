"""``flask accounts create-admin`` gives a new instance its first admin; the password policy applies."""

from __future__ import annotations

from app.accounts.models import Role
from app.accounts.services import user_by_email
from tests.accounts.helpers import NEW_PASSWORD, attempt_login


def create(runner, *args, stdin: str):
    return runner.invoke(args=["accounts", "create-admin", *args], input=stdin)


def test_create_admin_from_stdin_then_log_in(app, runner):
    result = create(runner, "Erste@Example.org", "Erste Admin", "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    user = user_by_email("erste@example.org")
    assert user.role is Role.ADMIN and user.display_name == "Erste Admin"
    assert attempt_login(app.test_client(), "erste@example.org", NEW_PASSWORD).status_code == 302


def test_create_admin_prompts_twice_without_the_flag(runner):
    result = create(runner, "erste@example.org", "Erste Admin", stdin=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output  # typed hidden
    assert user_by_email("erste@example.org") is not None


def test_a_weak_password_is_refused(runner):
    result = create(runner, "erste@example.org", "Erste Admin", "--password-stdin", stdin="kurz\n")
    assert result.exit_code == 1
    assert "mindestens 12 Zeichen" in result.output
    assert user_by_email("erste@example.org") is None


def test_an_existing_address_is_refused(runner):
    create(runner, "erste@example.org", "Erste Admin", "--password-stdin", stdin=NEW_PASSWORD)
    again = create(runner, "ERSTE@example.org", "Noch eine", "--password-stdin", stdin=NEW_PASSWORD)
    assert again.exit_code == 1 and "gibt es schon ein Konto" in again.output
