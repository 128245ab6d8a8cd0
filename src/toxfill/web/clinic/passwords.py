"""Words a person guessing at a clinic's accounts tries first, kept out of passwords (ASVS 5.0
V6.1.2 and V6.2.11: a documented list of context-specific words). Beside Django's validators,
which already refuse the username, the person's names and e-mail, and 20,000 common
passwords. The demo logins' printed password is exempt: demo accounts sign in only in demo
mode, and their password is set, not chosen through a form."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

CONTEXT_WORDS = (
    "toxfill",
    "botox",
    "toxin",
    "filler",
    "clinic",
    "injector",
    "provider",
    "frontdesk",
    "manager",
    "auditor",
    "password",
)


class ContextWordsValidator:
    def validate(self, password: str, user: Any = None) -> None:
        letters = re.sub(r"[^a-z]", "", password.lower())  # "Front-Desk 2026" has frontdesk
        for word in CONTEXT_WORDS:
            if word in letters:
                raise ValidationError(
                    f"This password contains “{word}”, a word anyone guessing at a clinic "
                    "tries first. Choose one without it.",
                    code="password_context_word",
                )

    def get_help_text(self) -> str:
        return "Your password cannot contain words such as " + ", ".join(CONTEXT_WORDS) + "."
