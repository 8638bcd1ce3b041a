"""Field rules shared by forms and services: one message per problem, written for a person."""

from __future__ import annotations

import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
CONTACT = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")


def email_problem(text: str, *, required: bool) -> str:
    text = text.strip()
    if not text:
        return "Enter the receiver's email address." if required else ""
    if len(text) > 254 or not EMAIL.match(text):
        return f"'{text}' is not an email address such as name@example.com."
    return ""


def contact_problem(text: str, *, required: bool = False) -> str:
    text = text.strip()
    if not text:
        return "Enter a mobile number such as +1-5234567890." if required else ""
    if not CONTACT.match(text):
        return f"'{text}' is not a mobile number; write it like +1-5234567890."
    return ""
