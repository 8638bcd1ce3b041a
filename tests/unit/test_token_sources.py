"""Token-source edge cases that the sandbox cannot produce (a store that fails, a garbled token
answer, another process's rotation appearing under the lock). httpx.MockTransport stands in for
Plum here; the lifecycle itself is tested against the real sandbox in test_credentials.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from fulfildesk.providers.auth import MemoryCredentialStore, _FileLock, fingerprint
from fulfildesk.providers.errors import AuthenticationError, ResponseInvalid
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.plum import PlumClient, PlumCredentials

CREDS = PlumCredentials("cid", "csecret", "refresh-0")
OK = {"data": {"getVouchers": {"status": 1, "data": []}}}


def transport(token_answers: list[httpx.Response], seen: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/v1/oauth/token/user"):
            seen.append(json.loads(request.content)["refresh_token"])
            return token_answers.pop(0)
        seen.append(request.headers.get("authorization", ""))
        return httpx.Response(200, json=OK)

    return httpx.MockTransport(handle)


def token_answer(n: int) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "access_token": f"access-{n}",
            "refresh_token": f"refresh-{n}",
            "expires_in": 3600,
            "token_type": "bearer",
        },
    )


class FailingStore(MemoryCredentialStore):
    def save(self, state: dict[str, Any]) -> None:
        raise OSError("disk full")


async def test_a_rotated_token_that_cannot_be_saved_is_not_used() -> None:
    seen: list[str] = []
    client = PlumClient(
        "https://plum.test",
        credentials=CREDS,
        store=FailingStore(),
        transport=transport([token_answer(1)], seen),
        policy=HttpPolicy(max_attempts=1),
    )
    with pytest.raises(AuthenticationError) as caught:
        await client.get_vouchers_page(5, 1)
    assert "could not save" in str(caught.value)
    assert "refresh-1" not in str(caught.value) and "csecret" not in str(caught.value)
    assert client.tokens is not None and client.tokens.access_token is None
    assert seen == ["refresh-0"]  # the API call itself was never made
    await client.aclose()


async def test_an_unreadable_token_answer_is_reported_not_guessed() -> None:
    seen: list[str] = []
    client = PlumClient(
        "https://plum.test",
        credentials=CREDS,
        transport=transport([httpx.Response(200, content=b"<html>")], seen),
        policy=HttpPolicy(max_attempts=1),
    )
    with pytest.raises(ResponseInvalid):
        await client.get_vouchers_page(5, 1)
    await client.aclose()


async def test_a_rotation_by_another_process_is_read_under_the_lock(tmp_path: Path) -> None:
    store = MemoryCredentialStore()
    seen: list[str] = []
    client = PlumClient(
        "https://plum.test",
        credentials=CREDS,
        store=store,
        lock_path=tmp_path / "plum.lock",
        transport=transport([token_answer(2)], seen),
    )
    # another process refreshed meanwhile and saved its pair (same line: same first token)
    store.save(
        {
            "origin": fingerprint("refresh-0"),
            "refresh_token": "refresh-1",
            "access_token": "access-1",
            "access_expires_at": None,
        }
    )
    await client.get_vouchers_page(5, 1)
    assert seen == ["Bearer access-1"]  # used as found, no refresh
    assert client.tokens is not None and client.tokens.renewals == 0
    await client.tokens.renew("access-1", force=True)  # refused later: renews from refresh-1
    assert seen[-1] == "refresh-1"
    assert store.load()["refresh_token"] == "refresh-2"  # type: ignore[index]
    await client.aclose()


def test_a_new_first_token_starts_a_new_line() -> None:
    store = MemoryCredentialStore(
        {"origin": fingerprint("old"), "refresh_token": "old-rotated", "access_token": "a"}
    )
    client = PlumClient("https://plum.test", credentials=CREDS, store=store)
    assert client.tokens is not None and client.tokens.access_token is None  # ignored


def test_the_file_lock_excludes_a_second_holder(tmp_path: Path) -> None:
    first, second = _FileLock(tmp_path / "x.lock"), _FileLock(tmp_path / "x.lock")
    assert first.try_acquire()
    assert not second.try_acquire()
    first.release()
    assert second.try_acquire()
    second.release()
