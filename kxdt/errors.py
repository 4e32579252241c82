"""One exception family for the core; the CLI turns each into a one-line message and exit code.

Exit codes: 0 success · 1 some inputs failed or a refusal · 2 usage error (Typer, UsageError) ·
3 file unreadable or not a bulletin · 4 encrypted (password needed or wrong) ·
5 no text layer / text not extractable · 6 archive unusable · 7 a web address could not be fetched ·
8 an optional part of kxdt is not installed (the message names the pip command) ·
70 internal error (a bug in kxdt, whichever command met it).
"""

from __future__ import annotations


class KxdtError(Exception):
    """Base of every error kxdt raises on purpose. `str(err)` is the user-facing message."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}：{self.message}" if self.path else self.message

    def __reduce__(self) -> tuple[object, ...]:
        """Picklable with its path (a failure travels back from a `--jobs` worker process)."""
        return (_rebuild, (type(self), self.message, self.path))


def _rebuild(cls: type[KxdtError], message: str, path: str | None) -> KxdtError:
    return cls(message, path=path)


class RefusedError(KxdtError):
    """A refusal to do something destructive or ambiguous (file exists, number conflict)."""

    exit_code = 1


class UsageError(KxdtError):
    """A value the user gave that cannot be used (a bad date, an empty query, an output path that
    is a folder): exit code 2, like Click's usage errors."""

    exit_code = 2


class InputError(KxdtError):
    """The input cannot be read or is not a bulletin."""

    exit_code = 3


class EncryptedError(KxdtError):
    exit_code = 4


class NoTextError(KxdtError):
    """Scanned PDF without a text layer, or a text layer that cannot be decoded."""

    exit_code = 5


class ArchiveError(KxdtError):
    exit_code = 6


class FetchError(KxdtError):
    """A web address given to `kxdt parse` could not be fetched (HTTP error, timeout, no network)."""

    exit_code = 7


class InternalError(KxdtError):
    """A bug met while reading one file of a batch (any exception that is not a KxdtError): that
    file fails with this, the batch goes on, and the run ends with the internal error's code, as
    any command does that meets a bug."""

    exit_code = 70


class MissingExtraError(KxdtError):
    """An optional part of kxdt (an extra such as `kxdt[web]`) is not installed."""

    exit_code = 8
