"""Timeouts, retries with exponential backoff, and Dutch reasons for failed downloads.

One mechanism serves both live sources. ``cbsodata`` opens a fresh ``requests.Session`` for every
page and exposes no adapter to mount a ``urllib3.Retry`` on, so retries have to wrap its calls from
outside; doing the same for the PDOK WFS keeps one policy and one set of Dutch messages. Wrapping
from outside also covers failures urllib3 would not retry: a 200 response with a truncated or
invalid JSON body, or a connection that drops halfway through a body.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import requests

from urgentie import settings

T = TypeVar("T")

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
"""HTTP statuses worth another attempt: the server is busy or briefly broken."""


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait for one request and how often to try.

    ``attempts`` is the total number of tries (``URGENTIE_HTTP_RETRIES``, at least 1); between
    tries the wait doubles: ``backoff``, ``2 * backoff``, ``4 * backoff`` … seconds.
    """

    timeout: float = 30.0
    attempts: int = 3
    backoff: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    @classmethod
    def from_settings(cls, **overrides: object) -> RetryPolicy:
        """The policy from ``URGENTIE_HTTP_TIMEOUT`` and ``URGENTIE_HTTP_RETRIES``."""
        values: dict[str, object] = {
            "timeout": float(settings.get("URGENTIE_HTTP_TIMEOUT")),
            "attempts": max(1, int(settings.get("URGENTIE_HTTP_RETRIES"))),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    def wait_before(self, attempt: int) -> float:
        """Seconds to wait before try number ``attempt`` (2, 3, …)."""
        return self.backoff * 2 ** (attempt - 2)


class InvalidResponseError(ValueError):
    """The server answered, but not with what the protocol promises (bad JSON, missing parts)."""

    def __init__(self, reason: str, *, retry: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


class ServiceExceptionError(InvalidResponseError):
    """An OGC ``ExceptionReport`` (XML) where JSON was asked for: the service refused the request.

    Not retried: the same request gets the same refusal. ``code`` and ``locator`` are the OWS
    ``exceptionCode`` and ``locator`` attributes; ``text`` the first ``ExceptionText``.
    """

    def __init__(self, code: str, locator: str, text: str) -> None:
        shown = text[:200] or code or "onbekende fout"
        super().__init__(f"de dienst weigerde het verzoek: {shown}", retry=False)
        self.code = code
        self.locator = locator
        self.text = text


class DownloadError(Exception):
    """A download failed for good. ``reason`` is Dutch (``time-out na 30 s``)."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(f"{reason}, {attempts} {'poging' if attempts == 1 else 'pogingen'}")
        self.reason = reason
        self.attempts = attempts


def status_of(exc: BaseException) -> int | None:
    """The HTTP status behind ``exc``, also when a library re-raised it without the response.

    ``cbsodata`` replaces an ``HTTPError`` by a new one without ``response``; the original is
    its ``__cause__``.
    """
    seen: BaseException | None = exc
    while seen is not None:
        response = getattr(seen, "response", None)
        if response is not None and getattr(response, "status_code", None) is not None:
            return int(response.status_code)
        seen = seen.__cause__
    return None


def is_retryable(exc: BaseException) -> bool:
    """Whether another try may succeed (time-outs, dropped connections, 5xx, broken bodies)."""
    if isinstance(exc, InvalidResponseError):
        return exc.retry
    if isinstance(exc, requests.HTTPError):
        status = status_of(exc)
        return status is None or status in RETRY_STATUS
    return isinstance(
        exc,
        requests.Timeout
        | requests.ConnectionError
        | requests.exceptions.ChunkedEncodingError
        | requests.exceptions.ContentDecodingError
        | json.JSONDecodeError,
    )


def describe(exc: BaseException, policy: RetryPolicy) -> str:
    """A short Dutch reason for ``exc``, for the message the user sees."""
    if isinstance(exc, InvalidResponseError):
        return exc.reason
    if isinstance(exc, requests.Timeout):
        return f"time-out na {policy.timeout:g} s"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "de verbinding viel weg tijdens het downloaden"
    if isinstance(exc, requests.ConnectionError):
        return "geen verbinding met de server"
    if isinstance(exc, requests.HTTPError):
        status = status_of(exc)
        if status is None:
            return "fout van de server"
        if status >= 500:
            return f"serverfout HTTP {status}"
        if status == 404:
            return "HTTP 404, niet gevonden"
        return f"HTTP {status}"
    if isinstance(exc, json.JSONDecodeError | requests.exceptions.ContentDecodingError):
        return "onvolledig of ongeldig antwoord, geen geldige JSON"
    return f"onverwachte fout ({type(exc).__name__})"


def with_retries(call: Callable[[], T], policy: RetryPolicy) -> T:
    """Run ``call`` until it succeeds, at most ``policy.attempts`` times.

    Raises :class:`DownloadError` with a Dutch reason when every try failed or the failure is
    not worth retrying (HTTP 4xx, a service error report).
    """
    last: BaseException | None = None
    for attempt in range(1, policy.attempts + 1):
        if attempt > 1:
            policy.sleep(policy.wait_before(attempt))
        try:
            return call()
        except (requests.RequestException, ValueError) as exc:
            if not is_retryable(exc):
                raise DownloadError(describe(exc, policy), attempt) from exc
            last = exc
    assert last is not None
    raise DownloadError(describe(last, policy), policy.attempts) from last


def get_json(
    session: requests.Session, url: str, params: dict[str, str], policy: RetryPolicy
) -> dict:
    """One GET with the policy's timeout, decoded as a JSON object (no retries here).

    The body is read completely before decoding, so a connection that breaks off mid-body raises
    (``ChunkedEncodingError``) instead of yielding part of the data.
    """
    response = session.get(url, params=params, timeout=policy.timeout)
    report = service_exception(response.content)
    if report is not None:
        if response.status_code >= 500:
            # A server error dressed as a report is still a server error: worth another try.
            response.raise_for_status()
        raise report
    response.raise_for_status()
    try:
        data = json.loads(response.content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidResponseError("onleesbaar antwoord (geen UTF-8)") from exc
    if not isinstance(data, dict):
        raise InvalidResponseError("onverwacht antwoord (geen JSON-object)")
    return data


def service_exception(content: bytes) -> ServiceExceptionError | None:
    """Parse an OGC/OWS ``ExceptionReport`` body, or None when ``content`` is not one."""
    head = content.lstrip()[:500]
    if not head.startswith(b"<") or b"Exception" not in head:
        return None
    try:
        # The body comes from a public government service we asked for JSON; it is parsed only
        # to show its error text, never executed or expanded (no entity resolution in ET).
        root = ET.fromstring(content)  # noqa: S314
    except ET.ParseError:
        return ServiceExceptionError("", "", "onleesbare foutmelding")
    code = locator = text = ""
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "Exception" and not code:
            code = element.get("exceptionCode", "")
            locator = element.get("locator", "")
        elif tag == "ExceptionText" and not text:
            text = " ".join((element.text or "").split())
    return ServiceExceptionError(code, locator, text)
