#!/usr/bin/env python3
"""Parser for API reference pages rendered by Redoc and saved as plain text.

Maintainer tool (Python 3.11, standard library only). It is never run at build or test time.

The text rendering of a Redoc page keeps, per operation: the heading, the description, the
"Authorizations:" list, the path/query/header/cookie parameters, the request body field list, and
the top level of the request and response samples. It loses the HTTP method, the URL path, the
response status codes and the inside of nested sample objects (shown as ``{ }`` / ``[ ]``).

It also loses heading levels, so two things cannot be told apart from the text alone and must be
named by the caller:

* ``sections``: the page's tag (section) headings, in page order. Redoc prints a tag heading as a
  standalone paragraph just before the first operation of that tag; without the list a tag heading
  looks exactly like an operation heading followed by a one-paragraph description.
* ``info_paragraphs``: how many paragraphs of API description follow the
  "Download OpenAPI specification" line when the page has no "Authentication" block (otherwise the
  description ends at that block).

The parser is strict: every line of the page must be explained by the grammar below, and a line it
does not understand raises :class:`RedocParseError` naming the 1-based line number.

Usage as a script (prints the parse as JSON, for inspection)::

    python3 redoc_text.py PAGE.txt [--section NAME ...] [--info-paragraphs N]
"""
from __future__ import annotations

import dataclasses
import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

__all__ = [
    "RedocParseError",
    "TypeInfo",
    "Parameter",
    "BodyField",
    "RequestBody",
    "SampleValue",
    "Sample",
    "Operation",
    "SecurityScheme",
    "Page",
    "parse_page",
    "parse_type_line",
]


class RedocParseError(Exception):
    """A line of the page that the grammar does not explain."""

    def __init__(self, lineno: int, message: str, line: str | None = None):
        self.lineno = lineno
        text = f"line {lineno}: {message}"
        if line is not None:
            text += f": {line!r}"
        super().__init__(text)


# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------


@dataclass
class TypeInfo:
    """One Redoc type line plus the attribute lines under it (Enum, Default, Value, ...)."""

    type: str  # string | integer | number | boolean | object | array
    items_type: Optional[str] = None  # for arrays: string | integer | number | boolean | object | array
    vendor_name: Optional[str] = None  # "proto.App" from "object (proto.App)"
    format: Optional[str] = None  # "uuid" from "string <uuid>"
    minimum: Optional[int | float] = None
    maximum: Optional[int | float] = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    min_length: Optional[int] = None  # "non-empty" -> 1
    max_length: Optional[int] = None
    default: Any = None
    has_default: bool = False
    enum: Optional[list] = None  # "Enum: ..." (or the single "Value: ...")
    enum_is_value: bool = False  # True when the page shows "Value: x" (a single allowed value)
    items_enum: Optional[list] = None  # "Items Enum: ..."
    raw: str = ""  # the type line as printed


@dataclass
class Parameter:
    name: str
    location: str  # path | query | header | cookie
    required: bool
    schema: TypeInfo
    description: Optional[str]
    line: int


@dataclass
class BodyField:
    name: Optional[str]  # None when the renderer printed no name (a bare "object" block)
    required: bool
    schema: TypeInfo
    description: Optional[str]
    line: int


@dataclass
class RequestBody:
    media_type: str
    required: bool
    description: Optional[str]
    fields: list[BodyField]
    line: int


@dataclass
class SampleValue:
    """One value of a sample: a scalar, or a collapsed/empty object or array."""

    kind: str  # string | integer | number | boolean | null | object | array
    value: Any = None  # the scalar value (for object/array: None; the renderer collapsed them)
    collapsed: bool = False  # printed as "{\n    }" / "[\n    ]" (content hidden) vs "{}" / "[]"


@dataclass
class Sample:
    media_types: list[str]
    kind: str  # object | array | string | none ("No sample")
    example_label: Optional[str] = None  # "Example" line printed before the sample
    entries: list[tuple[str, SampleValue]] = field(default_factory=list)  # kind == object
    items: list[SampleValue] = field(default_factory=list)  # kind == array
    value: Any = None  # kind == string: the string ("" for an empty body)
    line: int = 0

    def keys(self) -> list[str]:
        return [k for k, _ in self.entries]

    def get(self, key: str) -> Optional[SampleValue]:
        for k, v in self.entries:
            if k == key:
                return v
        return None


@dataclass
class Operation:
    ordinal: int  # 1-based position on the page
    summary: str
    description: Optional[str]
    section: Optional[str]
    authorizations: list[str]
    parameters: list[Parameter]
    request_body: Optional[RequestBody]
    request_samples: list[Sample]
    response_samples: list[Sample]
    line: int  # line of the heading


@dataclass
class SecurityScheme:
    name: str
    description: Optional[str]
    scheme_type: Optional[str] = None  # "OAuth2", "HTTP", "API Key"
    flow_type: Optional[str] = None
    authorization_url: Optional[str] = None
    token_url: Optional[str] = None
    refresh_url: Optional[str] = None
    scopes: list[tuple[str, str]] = field(default_factory=list)
    other: list[tuple[str, str]] = field(default_factory=list)  # any further "Key: value" lines
    line: int = 0


@dataclass
class Page:
    title: str
    version: str
    description: Optional[str]
    security_schemes: list[SecurityScheme]
    sections: list[str]
    operations: list[Operation]


# --------------------------------------------------------------------------------------------
# Line grammar
# --------------------------------------------------------------------------------------------

_SCALARS = {"string", "integer", "number", "boolean", "object", "array"}
_PLURALS = {
    "strings": "string",
    "integers": "integer",
    "numbers": "number",
    "booleans": "boolean",
    "objects": "object",
    "arrays": "array",
}
_NUM = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_TYPE_RE = re.compile(
    r"^(?:(?P<scalar>string|integer|number|boolean|object|array)"
    r"|Array of (?P<plural>strings|integers|numbers|booleans|objects|arrays))"
    r"(?: \((?P<vendor>[A-Za-z_][\w.]*)\))?"
    r"(?: <(?P<format>[\w-]+)>)?"
    r"(?: (?P<constraint>"
    rf"\[ (?P<lo>{_NUM}) \.\. (?P<hi>{_NUM}) \]"
    rf"|\( (?P<xlo>{_NUM}) \.\. (?P<xhi>{_NUM}) \)"
    rf"|(?P<op>>=|<=|>|<) (?P<bound>{_NUM})"
    r"|non-empty"
    r"|\[ (?P<llo>\d+) \.\. (?P<lhi>\d+) \] characters"
    r"|(?P<lmin>>=) (?P<lminv>\d+) characters"
    r"|(?P<lmax><=) (?P<lmaxv>\d+) characters"
    r"))?$"
)
_ATTR_RE = re.compile(r"^(?P<key>Enum|Items Enum|Default|Value|Items Value|Example): (?P<rest>.*)$")
_PARAM_HEADER_RE = re.compile(r"^(?P<loc>path|query|header|cookie) Parameters$")
_BODY_HEADER_RE = re.compile(r"^Request Body schema: (?P<media>\S+)$")
_MEDIA_RE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[\w.+*-]+(?:;.*)?$")
_SAMPLE_ENTRY_RE = re.compile(r'^  • (?P<key>"(?:[^"\\]|\\.)*"): (?P<value>.*)$')
_SAMPLE_ITEM_RE = re.compile(r"^  • (?P<value>.*)$")
_SCOPE_RE = re.compile(r"^  • (?P<scope>\S+) -$")

_OPERATION_MARKERS = ("Authorizations:", "Responses")


def _num(text: str) -> int | float:
    value = json.loads(text)
    if isinstance(value, float) and value.is_integer() and "." not in text and "e" not in text.lower():
        return int(value)
    return value


def parse_type_line(line: str) -> Optional[TypeInfo]:
    """Parse a Redoc type line ("integer <int64> >= 0", "Array of objects (proto.X)", ...).

    Returns None when the line is not a type line.
    """
    m = _TYPE_RE.match(line)
    if not m:
        return None
    if m.group("scalar"):
        info = TypeInfo(type=m.group("scalar"))
    else:
        info = TypeInfo(type="array", items_type=_PLURALS[m.group("plural")])
    info.raw = line
    info.vendor_name = m.group("vendor")
    info.format = m.group("format")
    if m.group("constraint"):
        c = m.group("constraint")
        if m.group("lo") is not None:
            info.minimum, info.maximum = _num(m.group("lo")), _num(m.group("hi"))
        elif m.group("xlo") is not None:
            info.minimum, info.maximum = _num(m.group("xlo")), _num(m.group("xhi"))
            info.exclusive_minimum = info.exclusive_maximum = True
        elif m.group("op"):
            op, bound = m.group("op"), _num(m.group("bound"))
            if op in (">=", ">"):
                info.minimum = bound
                info.exclusive_minimum = op == ">"
            else:
                info.maximum = bound
                info.exclusive_maximum = op == "<"
        elif c == "non-empty":
            info.min_length = 1
        elif m.group("llo") is not None:
            info.min_length, info.max_length = int(m.group("llo")), int(m.group("lhi"))
        elif m.group("lmin"):
            info.min_length = int(m.group("lminv"))
        elif m.group("lmax"):
            info.max_length = int(m.group("lmaxv"))
    return info


def _parse_values(rest: str, lineno: int, line: str) -> list:
    """Parse the values of an "Enum:"/"Value:"/"Default:" line: quoted strings or JSON literals."""
    values: list = []
    pos = 0
    token_re = re.compile(rf'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<lit>{_NUM}|true|false|null))(?=\s|$)')
    while pos < len(rest):
        m = token_re.match(rest, pos)
        if not m:
            raise RedocParseError(lineno, "cannot read the values", line)
        if m.group("str") is not None:
            values.append(json.loads(m.group("str")))
        else:
            lit = m.group("lit")
            values.append(_num(lit) if lit not in ("true", "false", "null") else json.loads(lit))
        pos = m.end()
        while pos < len(rest) and rest[pos] == " ":
            pos += 1
    if not values:
        raise RedocParseError(lineno, "no values", line)
    return values


def _apply_attr(info: TypeInfo, lineno: int, line: str) -> bool:
    """Apply an attribute line (Enum/Default/Value/...) to ``info``. False if not an attribute line."""
    m = _ATTR_RE.match(line)
    if not m:
        return False
    key, rest = m.group("key"), m.group("rest")
    values = _parse_values(rest, lineno, line)
    if key == "Enum":
        if info.enum is not None:
            raise RedocParseError(lineno, "second enum for one field", line)
        info.enum = values
    elif key == "Value":
        if info.enum is not None or len(values) != 1:
            raise RedocParseError(lineno, "unexpected Value line", line)
        info.enum = values
        info.enum_is_value = True
    elif key == "Items Enum":
        if info.type != "array" or info.items_enum is not None:
            raise RedocParseError(lineno, "Items Enum on a non-array field", line)
        info.items_enum = values
    elif key == "Items Value":
        if info.type != "array" or len(values) != 1:
            raise RedocParseError(lineno, "Items Value on a non-array field", line)
        info.items_enum = values
    elif key == "Default":
        if info.has_default or len(values) != 1:
            raise RedocParseError(lineno, "unexpected Default line", line)
        info.default = values[0]
        info.has_default = True
    else:  # Example: value shown under the type; not used by the specs but must be understood
        pass
    return True


# --------------------------------------------------------------------------------------------
# Description text -> Markdown
# --------------------------------------------------------------------------------------------

_CODE_LINE_RE = re.compile(r"^(?:# |curl |https?://|\$ )")


def _is_definition_list(lines: list[str]) -> bool:
    """A paragraph of alternating "Term" / "definition" lines (Redoc prints <dl> that way)."""
    if len(lines) < 4 or len(lines) % 2:
        return False
    for term, definition in zip(lines[0::2], lines[1::2]):
        words = term.split()
        if not (1 <= len(words) <= 3) or not term[0].isupper() or term[-1] in ".,;:":
            return False
        if len(definition.split()) <= len(words):
            return False
    return True


def paragraphs_to_markdown(paragraphs: list[list[str]]) -> Optional[str]:
    """Join description paragraphs into Markdown.

    * Paragraph breaks become blank lines, line breaks inside a paragraph stay single newlines.
    * A definition list ("Term" line, definition line, ...) becomes a bullet list
      ``- **Term**: definition``.
    * Runs of code-like paragraphs (every line starts with "# ", "curl ", "http(s)://") become one
      fenced code block, keeping the blank lines between them.
    """
    out: list[str] = []
    code: list[list[str]] = []

    def flush_code() -> None:
        if code:
            body = "\n\n".join("\n".join(p) for p in code)
            out.append("```\n" + body + "\n```")
            code.clear()

    for para in paragraphs:
        if all(_CODE_LINE_RE.match(line) for line in para):
            code.append(para)
            continue
        flush_code()
        if _is_definition_list(para):
            out.append("\n".join(f"- **{t}**: {d}" for t, d in zip(para[0::2], para[1::2])))
        else:
            out.append("\n".join(para))
    flush_code()
    text = "\n\n".join(out).strip()
    return text or None


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str):
        raw = text.split("\n")
        if raw and raw[-1] == "":
            raw.pop()
        # Whitespace-only lines separate paragraphs exactly like empty lines.
        self.lines = [line.rstrip("\r") for line in raw]
        self.i = 0

    def __len__(self) -> int:
        return len(self.lines)

    def eof(self) -> bool:
        return self.i >= len(self.lines)

    def peek(self, offset: int = 0) -> Optional[str]:
        j = self.i + offset
        return self.lines[j] if 0 <= j < len(self.lines) else None

    def blank(self, offset: int = 0) -> bool:
        line = self.peek(offset)
        return line is not None and line.strip() == ""

    def lineno(self, offset: int = 0) -> int:
        return self.i + offset + 1

    def take(self) -> str:
        line = self.lines[self.i]
        self.i += 1
        return line

    def skip_blank(self) -> None:
        while not self.eof() and self.blank():
            self.i += 1

    def error(self, message: str, offset: int = 0) -> RedocParseError:
        return RedocParseError(self.lineno(offset), message, self.peek(offset))

    def paragraph(self) -> tuple[int, list[str]]:
        """Read the paragraph at the cursor (up to the next blank line)."""
        start = self.lineno()
        lines: list[str] = []
        while not self.eof() and not self.blank():
            lines.append(self.take())
        return start, lines


def _nameless_type(line: str) -> bool:
    info = parse_type_line(line)
    return info is not None and (info.type == "object" or (info.type == "array" and info.items_type == "object"))


def _check_prose(start: int, para: list[str]) -> None:
    """Refuse a description paragraph that contains field syntax (a type or attribute line, or
    a "name / type" pair): it is a field this parser failed to recognise, not prose."""
    for k, line in enumerate(para):
        if parse_type_line(line) or _ATTR_RE.match(line) or line == "required":
            if len(para) == 1 and line == "required":
                continue  # a description that is just the word "required" (Lacework proto comments)
            raise RedocParseError(start + k, "field syntax inside a description paragraph", line)
    if len(para) > 1 and re.match(r"^[A-Za-z_][\w.-]*$", para[0]) and " " not in para[1]:
        raise RedocParseError(start + 1, "paragraph looks like a field with an unknown type line", para[1])


def _is_operation_marker(line: Optional[str]) -> bool:
    if line is None:
        return False
    return (
        line in _OPERATION_MARKERS
        or bool(_PARAM_HEADER_RE.match(line))
        or bool(_BODY_HEADER_RE.match(line))
    )


class _Parser:
    def __init__(self, text: str, sections: Iterable[str], info_paragraphs: Optional[int]):
        self.r = _Reader(text)
        self.section_names = list(sections)
        self.info_paragraphs = info_paragraphs

    # -- page head ---------------------------------------------------------------------------

    def parse(self) -> Page:
        r = self.r
        r.skip_blank()
        if r.peek() == "Skip to main content":
            r.take()
            r.skip_blank()
        title_line = r.take() if not r.eof() else ""
        m = re.match(r"^(?P<title>.+) \((?P<version>[^()]+)\)$", title_line)
        if not m:
            raise RedocParseError(r.lineno(-1), "expected the page title 'Name (version)'", title_line)
        title, version = m.group("title"), m.group("version")
        r.skip_blank()
        if r.peek() != "Download OpenAPI specification:Download":
            raise r.error("expected the 'Download OpenAPI specification' line")
        r.take()
        r.skip_blank()

        info: list[list[str]] = []
        schemes: list[SecurityScheme] = []
        if "Authentication" in r.lines[r.i :]:
            while r.peek() != "Authentication":
                _, para = r.paragraph()
                info.append(para)
                r.skip_blank()
            r.take()
            r.skip_blank()
            schemes = self.parse_security_schemes()
        else:
            if self.info_paragraphs is None:
                raise r.error("page has no Authentication block: info_paragraphs must be given")
            for _ in range(self.info_paragraphs):
                _, para = r.paragraph()
                if not para or _is_operation_marker(para[0]):
                    raise r.error("fewer info paragraphs than info_paragraphs")
                info.append(para)
                r.skip_blank()

        operations = self.parse_operations()
        return Page(
            title=title,
            version=version,
            description=paragraphs_to_markdown(info),
            security_schemes=schemes,
            sections=[s for s in self.section_names],
            operations=operations,
        )

    def parse_security_schemes(self) -> list[SecurityScheme]:
        r = self.r
        schemes: list[SecurityScheme] = []
        while True:
            start, name_para = r.paragraph()
            if len(name_para) != 1:
                raise RedocParseError(start, "expected a security scheme name", "\n".join(name_para))
            scheme = SecurityScheme(name=name_para[0], description=None, line=start)
            r.skip_blank()
            desc: list[list[str]] = []
            while not r.eof() and not (r.peek() or "").startswith("Security Scheme Type: "):
                _, para = r.paragraph()
                desc.append(para)
                r.skip_blank()
            if r.eof():
                raise r.error("security scheme without 'Security Scheme Type' line", -1)
            scheme.description = paragraphs_to_markdown(desc)
            scheme.scheme_type = r.take().split(": ", 1)[1]
            keys = {
                "Flow type": "flow_type",
                "Authorization URL": "authorization_url",
                "Token URL": "token_url",
                "Refresh URL": "refresh_url",
            }
            while not r.eof() and not r.blank():
                line = r.take()
                if line == "Scopes:":
                    self._parse_scopes(scheme)
                    break
                m = re.match(r"^(?P<key>[A-Z][\w ]*): (?P<value>.+)$", line)
                if not m:
                    raise RedocParseError(r.lineno(-1), "unexpected line in a security scheme", line)
                attr = keys.get(m.group("key"))
                if attr:
                    setattr(scheme, attr, m.group("value"))
                else:
                    scheme.other.append((m.group("key"), m.group("value")))
            schemes.append(scheme)
            r.skip_blank()
            # Another scheme follows when its "Security Scheme Type" line comes before any
            # operation marker; otherwise the operations start here.
            j = r.i
            while j < len(r.lines) and not _is_operation_marker(r.lines[j]):
                if r.lines[j].startswith("Security Scheme Type: "):
                    break
                j += 1
            if j >= len(r.lines) or not r.lines[j].startswith("Security Scheme Type: "):
                return schemes

    def _parse_scopes(self, scheme: SecurityScheme) -> None:
        r = self.r
        while True:
            line = r.peek()
            m = _SCOPE_RE.match(line or "")
            if not m:
                return
            r.take()
            r.skip_blank()
            desc_lines: list[str] = []
            while not r.eof() and (r.peek() or "").startswith("    ") and not r.blank():
                desc_lines.append(r.take().strip())
            scheme.scopes.append((m.group("scope"), " ".join(desc_lines)))
            r.skip_blank()

    # -- operations --------------------------------------------------------------------------

    def parse_operations(self) -> list[Operation]:
        r = self.r
        ops: list[Operation] = []
        sections = list(self.section_names)
        current_section: Optional[str] = None
        while True:
            r.skip_blank()
            if r.eof():
                break
            # Paragraphs up to the first operation marker: [section] heading [description...]
            block: list[tuple[int, list[str]]] = []
            while not r.eof() and not _is_operation_marker(r.peek()):
                start = r.lineno()
                para: list[str] = []
                while not r.eof() and not r.blank() and not _is_operation_marker(r.peek()):
                    para.append(r.take())
                block.append((start, para))
                r.skip_blank()
            if r.eof():
                start = block[0][0] if block else r.lineno(-1)
                raise RedocParseError(start, "text after the last operation is not an operation")
            if not block:
                raise r.error("operation marker without a heading")
            if sections and len(block[0][1]) == 1 and block[0][1][0] == sections[0]:
                current_section = sections.pop(0)
                block.pop(0)
                if not block:
                    raise r.error("section heading without an operation")
            head_line, head = block[0]
            if len(head) != 1:
                raise RedocParseError(head_line, "operation heading spans several lines", "\n".join(head))
            for start, para in block:
                if para[0] in self.section_names and len(para) == 1:
                    raise RedocParseError(start, "section heading out of order", para[0])
                _check_prose(start, para)
            op = Operation(
                ordinal=len(ops) + 1,
                summary=head[0],
                description=paragraphs_to_markdown([p for _, p in block[1:]]),
                section=current_section,
                authorizations=[],
                parameters=[],
                request_body=None,
                request_samples=[],
                response_samples=[],
                line=head_line,
            )
            self.parse_operation_body(op)
            ops.append(op)
        if sections:
            raise RedocParseError(len(r), f"section headings not found on the page: {sections}")
        return ops

    def parse_operation_body(self, op: Operation) -> None:
        r = self.r
        if r.peek() == "Authorizations:":
            r.take()
            if r.eof() or r.blank():
                raise r.error("'Authorizations:' without a scheme")
            while not r.eof() and not r.blank() and not _is_operation_marker(r.peek()):
                line = r.take()
                for part in re.split(r",\s*|\s+&\s+|\s+or\s+", line):
                    if part:
                        op.authorizations.append(part)
        r.skip_blank()
        seen_locations: set[str] = set()
        while True:
            m = _PARAM_HEADER_RE.match(r.peek() or "")
            if not m:
                break
            loc = m.group("loc")
            if loc in seen_locations:
                raise r.error("second block of the same parameter location")
            seen_locations.add(loc)
            r.take()
            op.parameters.extend(self.parse_parameters(loc))
            r.skip_blank()
        m = _BODY_HEADER_RE.match(r.peek() or "")
        if m:
            op.request_body = self.parse_request_body(m.group("media"))
            r.skip_blank()
        if r.peek() != "Responses":
            raise r.error("expected 'Responses'")
        r.take()
        r.skip_blank()
        if r.peek() == "Request samples":
            r.take()
            r.skip_blank()
            op.request_samples = self.parse_samples()
            r.skip_blank()
        if r.peek() == "Response samples":
            r.take()
            r.skip_blank()
            op.response_samples = self.parse_samples()

    # -- parameters and body fields ----------------------------------------------------------

    def _entry_start(self, offset: int = 0) -> Optional[str]:
        """Classify the line at ``offset`` as the start of a field/parameter entry.

        Returns "named" (name line followed by [required] and a type line), "nameless" (a type
        line, or "required" + a type line, with no name before it) or None.
        """
        r = self.r
        line = r.peek(offset)
        if line is None or line.strip() == "":
            return None
        # Only objects (and arrays of objects) lose their name in the rendering.
        if _nameless_type(line):
            return "nameless"
        if line == "required" and _nameless_type(r.peek(offset + 1) or ""):
            return "nameless"
        nxt = r.peek(offset + 1)
        if nxt is None:
            return None
        if re.match(r"^[^\s]+$", line) is None or line == "required":
            return None
        if parse_type_line(nxt):
            return "named"
        if nxt == "required" and parse_type_line(r.peek(offset + 2) or ""):
            return "named"
        return None

    def _unknown(self, offset: int, message: str) -> RedocParseError:
        """Error for an entry that does not parse: point at the unknown type line when the entry
        looks like "name / [required] / <unknown type line>"."""
        r = self.r
        line = r.peek(offset) or ""
        if re.match(r"^[^\s]+$", line):
            j = offset + 1
            if r.peek(j) == "required":
                j += 1
            nxt = r.peek(j)
            if nxt is not None and nxt.strip() and not parse_type_line(nxt):
                return r.error("unknown type line", j)
        return r.error(message, offset)

    def _read_entry_head(self) -> tuple[int, Optional[str], bool, TypeInfo]:
        """Read "name / [required] / type / attribute lines" (no blank lines inside)."""
        r = self.r
        kind = self._entry_start()
        start = r.lineno()
        name: Optional[str] = None
        if kind == "named":
            name = r.take()
        elif kind != "nameless":
            raise self._unknown(0, "expected a field name and type")
        required = False
        if r.peek() == "required":
            r.take()
            required = True
        info = parse_type_line(r.peek() or "")
        if info is None:
            raise r.error("expected a type line")
        r.take()
        while not r.eof() and not r.blank():
            line = r.peek()
            if _apply_attr(info, r.lineno(), line):
                r.take()
                continue
            if self._entry_start():
                break  # next entry follows without a blank line
            raise self._unknown(0, "unexpected line in a field")
        return start, name, required, info

    def _read_entry_description(self, stop_at_markers: bool = True) -> Optional[str]:
        """Read the description paragraphs of an entry (each paragraph after a blank line)."""
        r = self.r
        paras: list[list[str]] = []
        while True:
            j = 0
            while r.blank(j):
                j += 1
            if j == 0 or r.peek(j) is None:
                break
            if self._entry_start(j) or (stop_at_markers and (_is_operation_marker(r.peek(j)) or r.peek(j) in ("Request samples", "Response samples"))):
                break
            r.skip_blank()
            start, para = r.paragraph()
            _check_prose(start, para)
            paras.append(para)
        return paragraphs_to_markdown(paras)

    def parse_parameters(self, loc: str) -> list[Parameter]:
        r = self.r
        params: list[Parameter] = []
        while True:
            if self._entry_start() != "named":
                if not params:
                    raise self._unknown(0, f"expected a {loc} parameter")
                return params
            start, name, required, info = self._read_entry_head()
            desc = self._read_entry_description()
            assert name is not None
            params.append(Parameter(name=name, location=loc, required=required, schema=info, description=desc, line=start))
            if r.eof() or _is_operation_marker(r.peek()):
                return params
            if not r.blank():
                if self._entry_start() == "named":
                    continue
                raise r.error("unexpected line after a parameter")
            j = 0
            while r.blank(j):
                j += 1
            if self._entry_start(j) == "named":
                r.skip_blank()
                continue
            return params

    def parse_request_body(self, media: str) -> RequestBody:
        r = self.r
        start = r.lineno()
        r.take()
        required = False
        if r.peek() == "required" and (r.blank(1) or r.peek(1) is None):
            r.take()
            required = True
        body = RequestBody(media_type=media, required=required, description=None, fields=[], line=start)
        # Body description: paragraphs before the first field.
        desc: list[list[str]] = []
        while True:
            if self._entry_start():
                break
            j = 0
            while r.blank(j):
                j += 1
            if self._entry_start(j):
                r.skip_blank()
                break
            if r.peek(j) is None or _is_operation_marker(r.peek(j)):
                raise r.error("request body without fields", j)
            r.skip_blank()
            pstart, para = r.paragraph()
            _check_prose(pstart, para)
            desc.append(para)
        body.description = paragraphs_to_markdown(desc)
        while True:
            fstart, name, freq, info = self._read_entry_head()
            fdesc = self._read_entry_description()
            body.fields.append(BodyField(name=name, required=freq, schema=info, description=fdesc, line=fstart))
            if not r.eof() and not r.blank() and self._entry_start():
                continue  # next field right after the type/attribute lines
            j = 0
            while r.blank(j):
                j += 1
            if self._entry_start(j):
                r.skip_blank()
                continue
            return body

    # -- samples -----------------------------------------------------------------------------

    def parse_samples(self) -> list[Sample]:
        r = self.r
        samples: list[Sample] = []
        if r.peek() != "Content type":
            raise r.error("expected 'Content type'")
        r.take()
        media: list[str] = []
        while not r.eof() and _MEDIA_RE.match(r.peek() or ""):
            media.append(r.take())
        if not media:
            raise r.error("expected a media type")
        label = None
        if r.peek() == "Example" or (r.peek() or "").startswith("Example: "):
            label = r.take()
        sample = self.parse_sample_value()
        sample.media_types = media
        sample.example_label = label
        samples.append(sample)
        return samples

    def parse_sample_value(self) -> Sample:
        r = self.r
        start = r.lineno()
        line = r.peek()
        if line is None:
            raise r.error("expected a sample", -1)
        if line == "No sample":
            r.take()
            return Sample(media_types=[], kind="none", line=start)
        if line in ("{ }", "{}"):
            r.take()
            return Sample(media_types=[], kind="object", line=start)
        if line in ("[ ]", "[]"):
            r.take()
            return Sample(media_types=[], kind="array", line=start)
        if line.startswith('"'):
            r.take()
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                raise RedocParseError(start, "bad string sample", line) from None
            if not isinstance(value, str):
                raise RedocParseError(start, "bad string sample", line)
            return Sample(media_types=[], kind="string", value=value, line=start)
        if line == "{":
            r.take()
            sample = Sample(media_types=[], kind="object", line=start)
            while True:
                line = r.peek()
                if line == "}":
                    r.take()
                    return sample
                m = _SAMPLE_ENTRY_RE.match(line or "")
                if not m:
                    raise r.error("unexpected line in a sample object")
                r.take()
                key = json.loads(m.group("key"))
                value, comma = self._sample_scalar_or_open(m.group("value"))
                sample.entries.append((key, value))
                self._expect_separator(comma)
        if line == "[":
            r.take()
            sample = Sample(media_types=[], kind="array", line=start)
            while True:
                line = r.peek()
                if line == "]":
                    r.take()
                    return sample
                m = _SAMPLE_ITEM_RE.match(line or "")
                if not m:
                    raise r.error("unexpected line in a sample array")
                r.take()
                value, comma = self._sample_scalar_or_open(m.group("value"))
                sample.items.append(value)
                self._expect_separator(comma)
        raise r.error("unknown sample format")

    def _expect_separator(self, comma: bool) -> None:
        """After an entry: a comma means another entry follows, none means the closing line."""
        nxt = self.r.peek() or ""
        closing = nxt in ("}", "]")
        if comma == closing:
            raise self.r.error("comma and closing bracket disagree")

    def _sample_scalar_or_open(self, text: str) -> tuple[SampleValue, bool]:
        r = self.r
        lineno = r.lineno(-1)
        if text in ("{", "["):
            close = "    }" if text == "{" else "    ]"
            line = r.peek()
            if line not in (close, close + ","):
                raise r.error("expected the collapsed closing line")
            r.take()
            kind = "object" if text == "{" else "array"
            return SampleValue(kind=kind, collapsed=True), line.endswith(",")
        comma = text.endswith(",")
        body = text[:-1] if comma else text
        if body in ("{}", "{ }"):
            return SampleValue(kind="object"), comma
        if body in ("[]", "[ ]"):
            return SampleValue(kind="array"), comma
        try:
            value = json.loads(body)
        except json.JSONDecodeError:
            raise RedocParseError(lineno, "cannot read the sample value", text) from None
        if isinstance(value, bool):
            return SampleValue(kind="boolean", value=value), comma
        if value is None:
            return SampleValue(kind="null"), comma
        if isinstance(value, str):
            return SampleValue(kind="string", value=value), comma
        if isinstance(value, int):
            return SampleValue(kind="integer", value=value), comma
        if isinstance(value, float):
            return SampleValue(kind="number", value=value), comma
        raise RedocParseError(lineno, "unexpected sample value", text)


def parse_page(text: str, *, sections: Iterable[str] = (), info_paragraphs: Optional[int] = None) -> Page:
    """Parse a saved Redoc text page. See the module docstring for ``sections``/``info_paragraphs``."""
    return _Parser(text, sections, info_paragraphs).parse()


def _to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        return {f.name: _to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_to_jsonable(x) for x in obj]
    return obj


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("page")
    ap.add_argument("--section", action="append", default=[], help="a section heading, in page order")
    ap.add_argument("--info-paragraphs", type=int, default=None)
    args = ap.parse_args(argv)
    with open(args.page, encoding="utf-8") as fh:
        page = parse_page(fh.read(), sections=args.section, info_paragraphs=args.info_paragraphs)
    json.dump(_to_jsonable(page), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
