"""The HTTP clients of the openai provider: the openai defaults, plus a cap on answer size.

A misbehaving server can send a body of any size; the openai client would read it all
into memory and parse it. The clients here stop reading past ``response_cap`` bytes (a
response event hook wraps the body stream, so proxies and redirects are covered too) and
raise ``ResponseTooLarge``, an ``openai.OpenAIError``: the openai client passes those on
as they are, neither retrying nor wrapping them, and ``retries`` turns it into a
ProviderError.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx2
import openai

# A token of answer is a few bytes of JSON, and rarely more than 12 even with \u escapes;
# 32 per token, and room for the envelope, is generous without letting a runaway through.
BYTES_PER_TOKEN = 32
ENVELOPE_BYTES = 64 * 1024


def response_cap(max_output_tokens: int) -> int:
    """The most bytes accepted for one answer capped at ``max_output_tokens`` tokens."""
    return ENVELOPE_BYTES + BYTES_PER_TOKEN * max_output_tokens


class ResponseTooLarge(openai.OpenAIError):
    """The provider's response body went past the cap."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the provider's response is larger than {limit} bytes")


def _declared_too_large(response: httpx2.Response, limit: int) -> bool:
    length = response.headers.get("content-length", "")
    return length.isdigit() and int(length) > limit


class _Capped(httpx2.SyncByteStream):
    def __init__(self, stream: httpx2.SyncByteStream, limit: int) -> None:
        self.stream = stream
        self.limit = limit

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self.stream:
            seen += len(chunk)
            if seen > self.limit:
                raise ResponseTooLarge(self.limit)
            yield chunk

    def close(self) -> None:
        self.stream.close()


class _AsyncCapped(httpx2.AsyncByteStream):
    def __init__(self, stream: httpx2.AsyncByteStream, limit: int) -> None:
        self.stream = stream
        self.limit = limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in self.stream:
            seen += len(chunk)
            if seen > self.limit:
                raise ResponseTooLarge(self.limit)
            yield chunk

    async def aclose(self) -> None:
        await self.stream.aclose()


def http_client(
    limit: int, client_class: type[httpx2.Client] = openai.DefaultHttpxClient, **options: Any
) -> httpx2.Client:
    """The openai client's default HTTP client (or ``client_class``, given ``options``),
    reading at most ``limit`` bytes per body."""

    def cap(response: httpx2.Response) -> None:
        if _declared_too_large(response, limit):
            raise ResponseTooLarge(limit)
        assert isinstance(response.stream, httpx2.SyncByteStream)
        response.stream = _Capped(response.stream, limit)

    return client_class(event_hooks={"response": [cap]}, **options)


def async_http_client(
    limit: int,
    client_class: type[httpx2.AsyncClient] = openai.DefaultAsyncHttpxClient,
    **options: Any,
) -> httpx2.AsyncClient:
    """The async counterpart of ``http_client``."""

    async def cap(response: httpx2.Response) -> None:
        if _declared_too_large(response, limit):
            raise ResponseTooLarge(limit)
        assert isinstance(response.stream, httpx2.AsyncByteStream)
        response.stream = _AsyncCapped(response.stream, limit)

    return client_class(event_hooks={"response": [cap]}, **options)


__all__ = ["ResponseTooLarge", "async_http_client", "http_client", "response_cap"]
