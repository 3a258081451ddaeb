"""Make text from the data safe to print: column names and paths are attacker-controlled.

An export can name a column ``\\x1b[2J`` or ``\\x1b]8;;https://evil\\x07``: printed raw, that
clears or rewrites the reviewer's terminal, forges GitHub workflow commands or breaks XML.
Every format passes data-derived text through :func:`safe_text` (or its serialiser's escaping).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import quote

# C0 (incl. ESC, TAB, LF, CR), DEL and C1 controls (8-bit CSI 0x9B, OSC 0x9D ...).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Characters that reorder or hide what a reader sees ("Trojan Source", CVE-2021-42574) and
# Unicode line separators that start a new line in some viewers.
# Lone surrogates (undecodable bytes) and non-characters cannot be encoded or held in XML.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff\ufffe\uffff]")


def _hex_escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe_text(text: str) -> str:
    """``text`` with control, bidi and line-separator characters shown as ``\\xNN``/``\\uNNNN``."""
    return _INVISIBLE.sub(_unicode_escape, _CONTROL.sub(_hex_escape, text))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff\ufffe\uffff]")


def json_safe(serialised: str) -> str:
    """A JSON text with DEL, C1 and bidi characters written as ``\\uNNNN`` escapes.

    ``json.dumps(ensure_ascii=False)`` already escapes C0 (ESC included) but passes these raw;
    outside strings JSON holds only ASCII, so rewriting them anywhere keeps the same document.
    """
    return _JSON_UNSAFE.sub(_unicode_escape, serialised)


def posix_path(path: str) -> str:
    """A dataset path as forward-slash text, relative to the working directory when under it.

    CI runs from the repository root; GitHub links annotations and alerts only for paths
    relative to it.
    """
    if "\\" in path and "/" not in path:
        posix = PureWindowsPath(path).as_posix()
    else:
        posix = str(PurePosixPath(path)) if path else path
    if posix.startswith("/"):
        root = Path.cwd().as_posix().rstrip("/") + "/"
        if posix.startswith(root):
            return posix[len(root):]
    return posix


# RFC 3986 characters a path segment keeps as they are (":" only after a drive letter, else a
# relative reference such as "a:b.csv" would read as the scheme "a").
_URI_SAFE = "/-._~!$&'()*+,;=@"


def artifact_uri(path: str) -> str:
    """The dataset path as a URI reference (SARIF ``artifactLocation.uri``).

    Relative paths resolve against the repository root (``%SRCROOT%``); absolute ones become
    ``file://`` URIs, which code scanning lists but cannot link to a file.
    """
    posix = posix_path(path)
    if posix.startswith("/"):
        return "file://" + quote(posix, safe=_URI_SAFE)
    if re.match(r"^[A-Za-z]:/", posix):
        return "file:///" + posix[:2] + quote(posix[2:], safe=_URI_SAFE)
    return quote(posix, safe=_URI_SAFE)
