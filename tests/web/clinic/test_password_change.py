"""ASVS 5.0 V6.2.2 and V6.2.3: a signed-in person changes their own password, giving the
current one and the new one twice; the new one meets the same rules as a first password
(V6.1.2, V6.2.11: no word of the clinic's context); their other browsers are signed out."""

from __future__ import annotations

import pytest
from tests.web.clinic.people import PASSWORD, https_client
from tests.web.clinic.two_factor_steps import sign_in

from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.passwords import CONTEXT_WORDS, ContextWordsValidator

PAGE = "/clinic/password/"
NEW = "tide pools under a grey sky"


def test_a_person_changes_their_password_and_their_other_browsers_are_signed_out(
    provider: Membership,
) -> None:
    here, elsewhere = https_client(), https_client()
    sign_in(here, provider.user.username)
    sign_in(elsewhere, provider.user.username)
    dashboard = f"/clinic/{provider.clinic.public_id}/"
    assert elsewhere.get(dashboard).status_code == 200

    answer = here.post(PAGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})

    assert answer.status_code == 302
    assert "Password changed" in here.get(answer["Location"]).content.decode()
    assert here.get(dashboard).status_code == 200  # this browser stays signed in
    assert elsewhere.get(dashboard).status_code == 302  # the other one is signed out
    provider.user.refresh_from_db()
    assert provider.user.check_password(NEW)


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"old_password": "not it"}, "Your old password was entered incorrectly"),
        ({"new_password2": "tide pools under a grey skY"}, "fields didn’t match"),
        ({"new_password1": "short", "new_password2": "short"}, "at least 12 characters"),
        (
            {"new_password1": "My Clinic Rocks 2026", "new_password2": "My Clinic Rocks 2026"},
            "contains “clinic”",
        ),
    ],
)
def test_a_refused_change_names_the_field_and_keeps_the_password(
    provider: Membership, form: dict[str, str], says: str
) -> None:
    browser = https_client()
    sign_in(browser, provider.user.username)
    answer = browser.post(
        PAGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW, **form}
    )
    assert answer.status_code == 200
    assert says in answer.content.decode()
    provider.user.refresh_from_db()
    assert provider.user.check_password(PASSWORD)


def test_the_page_asks_a_visitor_to_sign_in() -> None:
    answer = https_client().get(PAGE)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/clinic/sign-in/")


@pytest.mark.parametrize("word", CONTEXT_WORDS)
def test_every_context_word_is_refused_however_it_is_written(word: str) -> None:
    from django.core.exceptions import ValidationError

    spaced = "-".join(word.upper())  # T-O-X-F-I-L-L
    with pytest.raises(ValidationError):
        ContextWordsValidator().validate(f"my {spaced} 2026 secret")
    ContextWordsValidator().validate("tide pools under a grey sky")
