"""The provider error tree: every failure a provider call can have, as a type a person can act on.

ProviderError
├── ProviderUnreachable      could not connect: the request was never sent (safe to retry)
│   └── CertificateNotTrusted  TLS refused the provider's certificate (not retried)
├── InsecureUrl              plain http to a host that is not this computer: nothing is sent
├── ProviderTimeout          sent, no answer in time: outcome unknown for non-idempotent calls
├── ProviderStatusError      the provider answered with an error status
│   ├── AuthenticationError  401/403: the credential is wrong or missing
│   ├── NotFoundError        404
│   ├── RateLimitedError     429 (retry_after seconds when given)
│   ├── RequestRejected      400/409/422: the provider refused the request as sent
│   └── ProviderServerError  5xx: outcome unknown for non-idempotent calls
└── ResponseInvalid          the provider answered 2xx with something we cannot read
    └── ResponseTooLarge     ... or with a body larger than the console reads (not read)
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AuthenticationError",
    "CertificateNotTrusted",
    "InsecureUrl",
    "NotFoundError",
    "ProviderError",
    "ProviderServerError",
    "ProviderStatusError",
    "ProviderTimeout",
    "ProviderUnreachable",
    "RateLimitedError",
    "RequestRejected",
    "ResponseInvalid",
    "ResponseTooLarge",
    "outcome_unknown",
    "refusal_proven",
    "status_error_class",
]


@dataclass(eq=False)
class ProviderError(Exception):
    provider: str
    message: str
    code: str | None = None
    status: int | None = None
    retryable: bool = False
    #: True when the provider may have acted on the request although we got no clear answer.
    outcome_unknown: bool = False
    #: Per-field messages (field name or path -> message), for forms.
    field_errors: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.user_message

    @property
    def user_message(self) -> str:
        """The error as people read it, the same in the window and the CLI (domain.texts)."""
        from fulfildesk.domain.texts import error_text

        return error_text(self.provider, self.message, self.code)

    @property
    def provider_label(self) -> str:
        return {
            "kinguin": "Kinguin",
            "plum": "Plum",
            "powerplugin": "Physical goods provider",
            "inventory": "Inventory provider",
        }.get(self.provider, self.provider)


class ProviderUnreachable(ProviderError):
    pass


class CertificateNotTrusted(ProviderUnreachable):
    """The TLS handshake refused the provider's certificate; retrying cannot help."""


class InsecureUrl(ProviderError):
    """The provider URL is plain http to another computer: nothing was sent."""


class ProviderTimeout(ProviderError):
    pass


class ProviderStatusError(ProviderError):
    pass


class AuthenticationError(ProviderStatusError):
    pass


class NotFoundError(ProviderStatusError):
    pass


class RateLimitedError(ProviderStatusError):
    retry_after: float | None = None


class RequestRejected(ProviderStatusError):
    pass


class ProviderServerError(ProviderStatusError):
    pass


class ResponseInvalid(ProviderError):
    pass


class ResponseTooLarge(ResponseInvalid):
    """The answer's body was larger than the cap for this call: reading stopped there."""


def status_error_class(status: int) -> type[ProviderStatusError]:
    if status in (401, 403):
        return AuthenticationError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitedError
    if status >= 500:
        return ProviderServerError
    return RequestRejected


def refusal_proven(exc: ProviderError) -> bool:
    """Does this failure of a request that spends money or hands out a secret prove that the
    provider did nothing? Only an explicit refusal does: a 4xx answer (the provider, or a proxy in
    front of it, turned the request away) or a connection that never opened (nothing was sent).
    A timeout, a reset, a 5xx, a redirect and any 2xx whose body cannot be read or validated
    prove nothing: the provider may have acted, and only a lookup can tell."""
    if exc.outcome_unknown:
        return False
    if isinstance(exc, ProviderUnreachable):
        return True
    if isinstance(exc, ProviderStatusError) and exc.status is not None:
        return 400 <= exc.status < 500
    return False


def outcome_unknown(exc: ProviderError) -> bool:
    """The opposite of `refusal_proven`: settle the operation by a lookup, never mark it failed."""
    return not refusal_proven(exc)
