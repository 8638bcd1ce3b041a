"""The provider error tree lives in `fulfildesk.domain.errors` (it imports nothing of ours); this
module re-exports it so `from fulfildesk.providers.errors import ...` keeps working."""

from fulfildesk.domain.errors import (
    AuthenticationError,
    CertificateNotTrusted,
    InsecureUrl,
    NotFoundError,
    ProviderError,
    ProviderServerError,
    ProviderStatusError,
    ProviderTimeout,
    ProviderUnreachable,
    RateLimitedError,
    RequestRejected,
    ResponseInvalid,
    ResponseTooLarge,
    status_error_class,
)

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
    "status_error_class",
]
