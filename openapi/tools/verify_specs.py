#!/usr/bin/env python3
"""Independent coverage check of the two OpenAPI specs against the vendors' saved reference pages.

Maintainer-only tool (Python 3.11, stdlib; uses ``openapi_spec_validator`` when it is installed).
It never runs at build or test time.

    python3 openapi/tools/verify_specs.py --lacework-page PATH --egnyte-page PATH [--spec-dir openapi]
    python3 openapi/tools/verify_specs.py ... --self-test      # prove the checker can fail
    python3 openapi/tools/verify_specs.py ... --dump-page egnyte   # print the parsed page model (JSON)

The page parser below is written independently of ``build_specs.py`` / ``redoc_text.py`` on purpose:
it shares no code with the builder, so a builder bug is not silently mirrored here. It is a strict
line grammar of the Redoc text rendering; any line it cannot classify aborts the run (exit 2) with
the line number, instead of being skipped.

Redoc text grammar handled (enumerated from both pages):

  page      := preamble op+                      (Egnyte: section headings between operations)
  preamble  := title "Download OpenAPI specification:Download" info-paragraphs
               [ "Authentication" scheme-block ... "Scopes:" ("  • <scope> -" desc)+ ]
  op        := heading-paragraph description-paragraph*
               [ "Authorizations:" scheme-line ]
               [ "(path|query|header|cookie) Parameters" field+ ]*
               [ "Request Body schema: <mime>" ["required"] description-paragraph* field+ ]
               "Responses"
               [ "Request samples" sample ] [ "Response samples" sample ]
  field     := [name] ["required"] type-line constraint-line* description-paragraph*
               (name missing = name lost by the renderer: "object", "object (proto.X)",
                "Array of objects (proto.X)", "required\\nobject"; recovered from the request sample)
  type-line := ("Array of (strings|integers|numbers|booleans|objects)" | string | integer | number
               | boolean | object | array) [" <format>"] [" (vendor.Name)"]
               [ ">= n" | "<= n" | "> n" | "< n" | "[ a .. b ]" | "non-empty" ] [characters|items]
  constraint:= "Default: <json>" | "Enum: <json> <json> ..." | "Items Enum: ..." | "Value: <json>"
               | "Items Value: <json>"
  sample    := "" "Content type" <mime> ["Example"] ( "No sample" | '""' | redoc-json )
  redoc-json:= JSON with "  • " bullets before members and nested values collapsed to "{\\n    }" /
               "[\\n    ]" (top-level arrays and one-line "{ }" / "[ ]" included)

Checks (each reported as a mismatch; figures are covered/total):
  operations   summary present; description == page text modulo whitespace and Markdown markup
               (no description when the page has none)
  tags         Egnyte: the page's section headings (sections are recognised heuristically and
               cross-checked with the spec's top-level tags); Lacework: >= 1 declared tag
  parameters   name, in, required, type, format, bounds, default, enum, description; no invented
               enum/bounds/default; spec parameters the page does not list (an optional one marked
               `x-inferred: true` is counted separately, not a mismatch)
  types        the page's type; the one accepted deviation is `integer` for a page `number`, and
               only where the schema says `x-page-type: number` (counted separately)
  body         requestBody.required; every listed field, every nameless field (name from the request
               sample, or an otherwise unexplained spec property of that type), every request-sample
               key; type, required, enum, default, description, vendor component name; sample values
               fit the schema (type, enum); a request body the page does not show is a mismatch
               unless it is optional, described and marked `x-inferred: true` (counted separately)
  enums        Enum:/Items Enum:/Value: values and order; "NAME = n;" names in x-enum-varnames
  responses    every top-level key of every success sample in the 2xx schema (after $ref/allOf),
               typed compatibly (uuid -> format uuid, > int32 -> int64, null -> nullable or optional,
               value inside any spec enum); error-body samples -> default = components Error; '""'
               -> no content; top-level arrays -> array schema
  structure    OpenAPI 3.0.3 (openapi_spec_validator), every $ref resolves and has no sibling keys
               (ignored by 3.0 tools), path templates <-> required path parameters, operationIds
               unique snake_case, x-path-source, one 2xx + default, info title/version, Egnyte
               servers/scopes/token URLs, security per operation (Egnyte: one page scope; an empty
               scope list only with `x-no-scope` saying why, counted separately)
  deviations   the accepted ones above are listed in their own summary table; --self-test strips
               each marker and proves the deviation is then reported
Exit status: 0 clean, 1 mismatches (or a failed --self-test), 2 page grammar error.

Matching: page heading == spec ``summary``. Page entries with the same heading and identical content
are ONE operation (Egnyte lists one operation under two sections -> two tags). Distinct operations
sharing a heading are paired with spec operations by the assignment with the fewest mismatches
(ties: page order vs. document order).
"""
from __future__ import annotations

import argparse
import copy
import itertools
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------------------------
# Page model
# --------------------------------------------------------------------------------------------


class PageError(Exception):
    """A line of the page the grammar cannot classify. Fatal: the verifier never skips lines."""


MISSING = object()  # "no default on the page"


@dataclass
class Field:
    name: str | None  # None: name lost by the renderer
    required: bool
    type_line: str
    base: str  # string | integer | number | boolean | object | array
    items: str | None  # for arrays: string | integer | ... | object
    fmt: str | None
    vendor: str | None  # e.g. proto.EnumStatus
    bounds: dict[str, Any]  # minimum/maximum/exclusiveMinimum/.../minLength/maxLength/minItems...
    default: Any = MISSING
    enum: list | None = None
    enum_label: str | None = None  # "Enum" | "Value" | "Items Enum" | "Items Value"
    description: str = ""
    line: int = 0
    location: str = "body"  # path | query | header | cookie | body
    recovered_from_sample: bool = False
    sample_value: Any = None  # for fields known only from the request sample


@dataclass
class Sample:
    kind: str  # json | no_sample | empty_string
    value: Any = None
    mime: str = "application/json"
    labelled_example: bool = False
    line: int = 0


@dataclass
class Body:
    mime: str
    required: bool
    description: str
    fields: list[Field]
    line: int


@dataclass
class PageOp:
    heading: str
    line: int
    sections: list[str]
    description: str
    auth: list[str]
    params: list[Field]
    body: Body | None
    request_sample: Sample | None
    response_sample: Sample | None
    page_index: int = 0
    lines: list[int] = field(default_factory=list)  # line numbers of every listing (duplicates)

    def fingerprint(self) -> str:
        def f2d(f: Field) -> dict:
            d = dict(f.__dict__)
            d.pop("line")
            d["default"] = None if f.default is MISSING else ["v", f.default]
            return d

        return json.dumps(
            {
                "d": self.description,
                "a": self.auth,
                "p": [f2d(p) for p in self.params],
                "b": None
                if self.body is None
                else [self.body.required, self.body.description, [f2d(x) for x in self.body.fields]],
                "rq": None if self.request_sample is None else [self.request_sample.kind, self.request_sample.value],
                "rs": None if self.response_sample is None else [self.response_sample.kind, self.response_sample.value],
            },
            sort_keys=True,
            default=str,
        )


@dataclass
class Page:
    vendor: str
    path: str
    title: str
    ops: list[PageOp]  # logical operations (duplicates merged)
    listings: int  # headings on the page
    sections: list[str]
    scopes: dict[str, str]
    scheme_names: list[str]
    preamble_end: int
    preamble: str = ""


MARKER_PARAMS = re.compile(r"^(path|query|header|cookie) Parameters$")
MARKER_BODY = re.compile(r"^Request Body schema: (\S+)$")
MARKERS_EXACT = {"Responses", "Authorizations:"}

TYPE_RE = re.compile(
    r"^(?P<base>Array of (?P<items>strings|integers|numbers|booleans|objects|arrays)"
    r"|string|integer|number|boolean|object|array)"
    r"(?: <(?P<fmt>[A-Za-z0-9_.\-]+)>)?"
    r"(?: \((?P<vendor>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\))?"
    r"(?: (?P<cons>.+))?$"
)
NAME_RE = re.compile(r"^[A-Za-z_$][A-Za-z0-9_.$\-]*$")
NUM = r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
JSON_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|' + NUM + r"|true|false|null")
CONSTRAINT_RE = re.compile(r"^(?P<label>Default|Enum|Items Enum|Value|Items Value): (?P<rest>.*)$")
ITEMS_SINGULAR = {
    "strings": "string",
    "integers": "integer",
    "numbers": "number",
    "booleans": "boolean",
    "objects": "object",
    "arrays": "array",
}


def is_marker(line: str) -> bool:
    return line in MARKERS_EXACT or bool(MARKER_PARAMS.match(line)) or bool(MARKER_BODY.match(line))


def parse_number(tok: str) -> int | float:
    return float(tok) if re.search(r"[.eE]", tok) else int(tok)


def parse_json_tokens(text: str, lineno: int) -> list:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = JSON_TOKEN_RE.match(text, pos)
        if not m:
            raise PageError(f"line {lineno}: cannot tokenise enum/default value list {text!r}")
        out.append(json.loads(m.group(0)))
        pos = m.end()
        while pos < len(text) and text[pos] == " ":
            pos += 1
    return out


def parse_type_line(line: str, lineno: int) -> dict | None:
    m = TYPE_RE.match(line)
    if not m:
        return None
    base = m.group("base")
    items = None
    if base.startswith("Array of"):
        items = ITEMS_SINGULAR[m.group("items")]
        base = "array"
    bounds: dict[str, Any] = {}
    cons = m.group("cons")
    if cons is not None:
        c = cons
        unit = None
        um = re.match(r"^(.*?) (characters|items)$", c)
        if um:
            c, unit = um.group(1), um.group(2)
        if c == "non-empty":
            unit = unit or ("items" if base == "array" else "characters")
            lo, hi, exlo, exhi = 1, None, False, False
        elif mm := re.match(rf"^\[ ({NUM}) \.\. ({NUM}) \]$", c):
            lo, hi, exlo, exhi = parse_number(mm.group(1)), parse_number(mm.group(2)), False, False
        elif mm := re.match(rf"^(>=|>|<=|<) ({NUM})$", c):
            v = parse_number(mm.group(2))
            lo = v if mm.group(1) in (">=", ">") else None
            hi = v if mm.group(1) in ("<=", "<") else None
            exlo, exhi = mm.group(1) == ">", mm.group(1) == "<"
        else:
            # Not a type line after all (e.g. a sentence starting with "string ..."): let the
            # caller decide; it fails loudly if nothing else matches.
            return None
        if unit is None and base == "string" and c != "non-empty":
            unit = "characters"
        if base in ("integer", "number") and unit is None:
            if lo is not None:
                bounds["minimum"] = lo
                if exlo:
                    bounds["exclusiveMinimum"] = True
            if hi is not None:
                bounds["maximum"] = hi
                if exhi:
                    bounds["exclusiveMaximum"] = True
        elif unit == "characters" or (base == "string"):
            if lo is not None:
                bounds["minLength"] = lo + (1 if exlo else 0)
            if hi is not None:
                bounds["maxLength"] = hi - (1 if exhi else 0)
        elif unit == "items" or base == "array":
            if lo is not None:
                bounds["minItems"] = lo
            if hi is not None:
                bounds["maxItems"] = hi
        else:
            raise PageError(f"line {lineno}: bounds {cons!r} on type {base!r} not understood")
    return {"base": base, "items": items, "fmt": m.group("fmt"), "vendor": m.group("vendor"), "bounds": bounds}


class PageParser:
    def __init__(self, path: str, vendor: str, text: str | None = None):
        self.path = path
        self.vendor = vendor
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        self.L = [ln.rstrip() for ln in text.split("\n")]
        self.n = len(self.L)

    # -- helpers -------------------------------------------------------------------------------
    def line(self, i: int) -> str:
        return self.L[i] if 0 <= i < self.n else "\x00EOF"

    def err(self, i: int, msg: str) -> PageError:
        return PageError(f"{self.path}:{i + 1}: {msg}: {self.line(i)!r}")

    def skip_blank(self, i: int) -> int:
        while i < self.n and self.L[i] == "":
            i += 1
        return i

    def is_type(self, i: int) -> bool:
        return i < self.n and parse_type_line(self.L[i], i + 1) is not None

    def field_start(self, i: int, allow_nameless: bool) -> bool:
        ln = self.line(i)
        if i >= self.n or ln == "" or is_marker(ln):
            return False
        if self.is_type(i):
            return allow_nameless
        if ln == "required" and self.is_type(i + 1):
            return allow_nameless
        if NAME_RE.match(ln):
            if self.is_type(i + 1):
                return True
            if self.line(i + 1) == "required" and self.is_type(i + 2):
                return True
        return False

    def check_prose(self, start: int, para: list[str], what: str) -> None:
        """A description paragraph must not contain schema lines: that would mean a missed field."""
        for k, ln in enumerate(para):
            if is_marker(ln) or CONSTRAINT_RE.match(ln) or parse_type_line(ln, start + k + 1) is not None:
                raise self.err(start + k, f"schema line inside a {what} paragraph")
            if ln in ("Content type", "Request samples", "Response samples", "No sample", '""') or ln.lstrip().startswith("•"):
                raise self.err(start + k, f"sample line inside a {what} paragraph")

    def read_paragraph(self, i: int) -> tuple[list[str], int]:
        out = []
        while i < self.n and self.L[i] != "":
            out.append(self.L[i])
            i += 1
        return out, i

    # -- preamble -------------------------------------------------------------------------------
    def parse_preamble(self) -> tuple[str, int, dict[str, str], list[str]]:
        i = 0
        # Title line "<name> (<version>)"; anything before it must be the site chrome line.
        while i < self.n and not re.match(r"^.+ \(\d+(?:\.\d+)*\)$", self.L[i]):
            if self.L[i] not in ("", "Skip to main content"):
                raise self.err(i, "unexpected line before the page title")
            i += 1
        if i >= self.n:
            raise PageError(f"{self.path}: no title line")
        title = self.L[i]
        i = self.skip_blank(i + 1)
        if self.L[i] != "Download OpenAPI specification:Download":
            raise self.err(i, "expected the Download line")
        i += 1
        scopes: dict[str, str] = {}
        schemes: list[str] = []
        # Is there an "Authentication" block before the first operation marker?
        first_marker = next(k for k in range(i, self.n) if is_marker(self.L[k]))
        if "Authentication" in self.L[i:first_marker]:
            a = self.L.index("Authentication", i)
            j = self.skip_blank(a + 1)
            schemes.append(self.L[j])
            s = self.L.index("Scopes:", j)
            for k in range(j, s):
                if self.L[k].startswith("Security Scheme Type:") and "OAuth2" not in self.L[k]:
                    raise self.err(k, "only OAuth2 security blocks are understood")
            j = s + 1
            while True:
                m = re.match(r"^  • (\S+) -$", self.line(j))
                if not m:
                    break
                k = self.skip_blank(j + 1)
                desc, k = self.read_paragraph(k)
                if not desc or not desc[0].startswith("    "):
                    raise self.err(k, "expected an indented scope description")
                scopes[m.group(1)] = " ".join(d.strip() for d in desc)
                j = self.skip_blank(k)
            if not scopes:
                raise self.err(s, "Scopes: list is empty")
            return title, j, scopes, schemes
        # No authentication block (Lacework): the info description is one paragraph.
        j = self.skip_blank(i)
        _, j = self.read_paragraph(j)
        return title, self.skip_blank(j), scopes, schemes

    # -- fields -----------------------------------------------------------------------------------
    def parse_field(self, i: int, location: str, allow_nameless: bool) -> tuple[Field, int]:
        start = i
        name = None
        if not self.is_type(i) and self.L[i] != "required":
            name = self.L[i]
            i += 1
        elif not self.is_type(i) and self.L[i] == "required" and not self.is_type(i + 1):
            raise self.err(i, "stray 'required'")
        if name is None and not allow_nameless:
            raise self.err(start, "nameless field outside a request body")
        required = False
        if self.L[i] == "required":
            required = True
            i += 1
        t = parse_type_line(self.L[i], i + 1)
        if t is None:
            raise self.err(i, "expected a type line")
        f = Field(
            name=name,
            required=required,
            type_line=self.L[i],
            base=t["base"],
            items=t["items"],
            fmt=t["fmt"],
            vendor=t["vendor"],
            bounds=t["bounds"],
            line=start + 1,
            location=location,
        )
        i += 1
        # constraint lines directly below the type line
        while i < self.n:
            m = CONSTRAINT_RE.match(self.L[i])
            if not m:
                break
            label, rest = m.group("label"), m.group("rest")
            vals = parse_json_tokens(rest, i + 1)
            if label == "Default":
                if len(vals) != 1:
                    raise self.err(i, "Default with several values")
                f.default = vals[0]
            else:
                if f.enum is not None:
                    raise self.err(i, "second enum line for one field")
                if label.endswith("Value") and len(vals) != 1:
                    raise self.err(i, "Value: with several values")
                if label.startswith("Items") and f.base != "array":
                    raise self.err(i, "Items enum on a non-array")
                f.enum, f.enum_label = vals, label
            i += 1
        # what may follow: blank (then description or next field), next field, marker, EOF
        if i < self.n and self.L[i] != "" and not is_marker(self.L[i]) and not self.field_start(i, allow_nameless):
            raise self.err(i, "unclassifiable line after a field's type/constraint lines")
        desc_paras: list[str] = []
        while True:
            if i < self.n and self.L[i] != "" and (is_marker(self.L[i]) or self.field_start(i, allow_nameless)):
                break
            j = self.skip_blank(i)
            if j >= self.n or is_marker(self.L[j]) or self.field_start(j, allow_nameless):
                i = j
                break
            para, i = self.read_paragraph(j)
            self.check_prose(j, para, "field description")
            desc_paras.append("\n".join(para))
        f.description = "\n\n".join(desc_paras)
        return f, i

    def parse_fields(self, i: int, location: str, allow_nameless: bool) -> tuple[list[Field], int]:
        fields = []
        i = self.skip_blank(i)
        while i < self.n and not is_marker(self.L[i]):
            if not self.field_start(i, allow_nameless):
                raise self.err(i, f"unclassifiable line in {location} fields")
            f, i = self.parse_field(i, location, allow_nameless)
            fields.append(f)
            i = self.skip_blank(i)
        if not fields:
            raise self.err(i, f"empty {location} field list")
        return fields, i

    # -- samples ----------------------------------------------------------------------------------
    def parse_sample(self, i: int) -> tuple[Sample, int]:
        hdr = i
        i = self.skip_blank(i + 1)
        if self.line(i) != "Content type":
            raise self.err(i, "expected 'Content type' in a sample block")
        mime = self.line(i + 1)
        if not re.match(r"^[\w.+-]+/[\w.+-]+$", mime):
            raise self.err(i + 1, "expected a media type")
        i += 2
        labelled = False
        if self.line(i) == "Example":
            labelled = True
            i += 1
        ln = self.line(i)
        if ln == "No sample":
            return Sample("no_sample", None, mime, labelled, hdr + 1), i + 1
        if ln == '""':
            return Sample("empty_string", "", mime, labelled, hdr + 1), i + 1
        if not ln.startswith(("{", "[")):
            raise self.err(i, "expected a JSON sample, 'No sample' or '\"\"'")
        depth, in_str, esc = 0, False, False
        buf = []
        while i < self.n:
            raw = self.L[i]
            s = raw.strip()
            if s.startswith("• "):
                s = s[2:]
            elif s.startswith("•"):
                raise self.err(i, "bullet without a space in a sample")
            buf.append(s)
            for ch in s:
                if in_str:
                    if esc:
                        esc = False
                    elif ch == "\\":
                        esc = True
                    elif ch == '"':
                        in_str = False
                elif ch == '"':
                    in_str = True
                elif ch in "{[":
                    depth += 1
                elif ch in "}]":
                    depth -= 1
            i += 1
            if depth == 0:
                break
        if depth != 0:
            raise self.err(hdr, "unterminated sample")
        try:
            value = json.loads("\n".join(buf))
        except json.JSONDecodeError as e:
            raise PageError(f"{self.path}:{hdr + 1}: sample is not JSON after removing bullets: {e}") from e
        return Sample("json", value, mime, labelled, hdr + 1), i

    # -- operations -------------------------------------------------------------------------------
    def section_split(self, paras: list[list[str]]) -> tuple[str | None, list[list[str]]]:
        """Egnyte only: does this pre-operation block start with a section (tag) heading?

        The text rendering loses the h1/h2 distinction, so this is a heuristic: a section heading is
        a one-line paragraph in which every word is capitalised, followed by a one-line paragraph
        that reads like a heading (no sentence break, no final full stop). The result is
        cross-checked against the spec's declared tags (disagreements are reported)."""
        if len(paras) < 2 or len(paras[0]) != 1 or len(paras[1]) != 1:
            return None, paras
        cand, nxt = paras[0][0], paras[1][0]
        words = cand.split()
        title_case = all(w[0].isupper() for w in words)
        heading_like = not nxt.endswith(".") and ". " not in nxt and len(nxt) <= 80
        if title_case and heading_like:
            return cand, paras[1:]
        return None, paras

    def parse(self) -> Page:
        title, i, scopes, schemes = self.parse_preamble()
        preamble_end = i
        listings: list[PageOp] = []
        sections: list[str] = []
        current_section: str | None = None
        while True:
            i = self.skip_blank(i)
            if i >= self.n:
                break
            # heading + description paragraphs, up to the first marker
            paras: list[list[str]] = []
            first = i
            while i < self.n and not is_marker(self.L[i]):
                ps = i
                para, i = self.read_paragraph(i)
                self.check_prose(ps, para, "heading/description")
                paras.append(para)
                i = self.skip_blank(i)
            if i >= self.n:
                raise self.err(first, "text after the last operation that does not start an operation")
            for para_ in paras:
                if para_[0] == "required" or para_[0].startswith(("{", "[")):
                    raise self.err(self.L.index(para_[0], first), "schema/sample line in a heading/description block (missed section?)")
            if self.vendor == "egnyte":
                sec, paras = self.section_split(paras)
                if sec is not None:
                    current_section = sec
                    sections.append(sec)
            if not paras:
                raise self.err(first, "operation without heading")
            if len(paras[0]) != 1:
                raise self.err(first, "operation heading spans several lines")
            heading = paras[0][0]
            # the real line of the heading (after a possible section heading)
            hl = first
            while self.L[hl] != heading:
                hl += 1
            description = "\n\n".join("\n".join(p) for p in paras[1:])
            op = PageOp(
                heading=heading,
                line=hl + 1,
                sections=[current_section] if current_section else [],
                description=description,
                auth=[],
                params=[],
                body=None,
                request_sample=None,
                response_sample=None,
            )
            order = 0
            while True:
                ln = self.line(i)
                if ln == "Authorizations:":
                    if order > 0:
                        raise self.err(i, "Authorizations after other sections")
                    op.auth = [s.strip() for s in self.line(i + 1).split(",")]
                    if not op.auth or not all(re.match(r"^\w+$", a) for a in op.auth):
                        raise self.err(i + 1, "expected security scheme names")
                    i = self.skip_blank(i + 2)
                    order = 1
                elif m := MARKER_PARAMS.match(ln):
                    if order > 2:
                        raise self.err(i, "parameters after the body")
                    loc = m.group(1)
                    if any(p.location == loc for p in op.params):
                        raise self.err(i, "second parameter block of one kind")
                    fields, i = self.parse_fields(i + 1, loc, allow_nameless=False)
                    op.params.extend(fields)
                    order = 2
                elif m := MARKER_BODY.match(ln):
                    if order > 2:
                        raise self.err(i, "second body")
                    bl = i
                    i += 1
                    required = False
                    if self.line(i) == "required" and not self.is_type(i + 1):
                        required, i = True, i + 1
                    # body description paragraphs before the first field
                    dparas = []
                    j = self.skip_blank(i)
                    while not self.field_start(j, True):
                        if j >= self.n or is_marker(self.L[j]):
                            raise self.err(j, "request body without fields")
                        ps = j
                        para, j = self.read_paragraph(j)
                        self.check_prose(ps, para, "request body description")
                        dparas.append("\n".join(para))
                        j = self.skip_blank(j)
                    fields, i = self.parse_fields(j, "body", allow_nameless=True)
                    op.body = Body(m.group(1), required, "\n\n".join(dparas), fields, bl + 1)
                    order = 3
                elif ln == "Responses":
                    i = self.skip_blank(i + 1)
                    if self.line(i) == "Request samples":
                        op.request_sample, i = self.parse_sample(i)
                        i = self.skip_blank(i)
                    if self.line(i) == "Response samples":
                        op.response_sample, i = self.parse_sample(i)
                    break
                else:
                    raise self.err(i, "unclassifiable line in an operation")
            if op.request_sample is not None and op.body is None:
                raise PageError(f"{self.path}:{op.line}: request sample without a request body schema")
            self.recover_names(op)
            op.page_index = len(listings)
            op.lines = [op.line]
            listings.append(op)
        # merge identical duplicate listings (one operation under two sections)
        ops: list[PageOp] = []
        for op in listings:
            twin = next((o for o in ops if o.heading == op.heading and o.fingerprint() == op.fingerprint()), None)
            if twin is not None:
                for s in op.sections:
                    if s not in twin.sections:
                        twin.sections.append(s)
                twin.lines.append(op.line)
            else:
                ops.append(op)
        for k, op in enumerate(ops):
            op.page_index = k
        return Page(self.vendor, self.path, title, ops, len(listings), sections, scopes, schemes, preamble_end, "\n".join(self.L[:preamble_end]))

    def recover_names(self, op: PageOp) -> None:
        """Give nameless body fields the request-sample key at their position; add sample-only keys."""
        if op.body is None:
            return
        fields = op.body.fields
        sample = op.request_sample
        keys = list(sample.value.keys()) if sample and sample.kind == "json" and isinstance(sample.value, dict) else []
        named = {f.name for f in fields if f.name}
        pos = 0
        for f in fields:
            if f.name is not None:
                if f.name in keys:
                    pos = max(pos, keys.index(f.name) + 1)
                continue
            while pos < len(keys) and keys[pos] in named:
                pos += 1
            if pos < len(keys):
                f.name = keys[pos]
                f.recovered_from_sample = True
                named.add(f.name)
                pos += 1
        for k in keys:
            if k not in named:
                v = sample.value[k]
                base = sample_kind(v)
                fields.append(
                    Field(
                        name=k,
                        required=False,
                        type_line=f"(request sample only: {json.dumps(v)})",
                        base=base,
                        items=None,
                        fmt=None,
                        vendor=None,
                        bounds={},
                        line=sample.line,
                        location="body-sample-only",
                        sample_value=v,
                    )
                )
                named.add(k)


def sample_kind(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    raise TypeError(type(v))


# --------------------------------------------------------------------------------------------
# Spec access
# --------------------------------------------------------------------------------------------

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class Spec:
    # OpenAPI 3.0.3 says sibling keys of a Reference Object SHALL be ignored; progenitor does so.
    # --ref-siblings=allow reads them anyway (for a spec that documents keeping them for readers).
    honour_ref_siblings = False

    def __init__(self, doc: dict):
        self.doc = doc

    def resolve_ref(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise KeyError(f"external $ref {ref}")
        node: Any = self.doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                raise KeyError(ref)
        return node

    def deref(self, node: Any, seen: tuple = ()) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise KeyError(f"$ref cycle at {ref}")
            seen = seen + (ref,)
            node = self.resolve_ref(ref)
        return node

    def flat(self, schema: Any, depth: int = 0) -> dict:
        """Resolve $ref and merge allOf (properties/required unioned; outer keys win)."""
        if depth > 20:
            raise KeyError("schema nesting too deep")
        if not isinstance(schema, dict):
            return {}
        base: dict = {}
        if "$ref" in schema:
            # OpenAPI 3.0.3: a Reference Object's sibling keys SHALL be ignored (the structural
            # check reports them); read the schema as a 3.0 tool (progenitor) does.
            target = self.flat(self.deref({"$ref": schema["$ref"]}), depth + 1)
            if not self.honour_ref_siblings:
                return target
            base = target
        outer = {k: v for k, v in schema.items() if k not in ("allOf", "$ref")}
        for part in schema.get("allOf", []) or []:
            base = merge_schema(base, self.flat(part, depth + 1))
        return merge_schema(base, outer)

    def ref_names(self, schema: Any) -> list[str]:
        """Component names a schema points at directly ($ref, or allOf/oneOf/anyOf of $ref)."""
        out = []
        if not isinstance(schema, dict):
            return out
        if "$ref" in schema:
            out.append(schema["$ref"].rsplit("/", 1)[-1])
            out.extend(self.ref_names(self.resolve_ref(schema["$ref"])))
        for k in ("allOf", "oneOf", "anyOf"):
            for part in schema.get(k, []) or []:
                out.extend(self.ref_names(part))
        return out

    def operations(self) -> list[tuple[str, str, dict, dict]]:
        out = []
        for path, item in (self.doc.get("paths") or {}).items():
            item = self.deref(item)
            for method in HTTP_METHODS:
                if method in item:
                    out.append((path, method, item[method], item))
        return out

    def params_of(self, op: dict, item: dict) -> list[dict]:
        merged: dict[tuple, dict] = {}
        for p in (item.get("parameters") or []) + (op.get("parameters") or []):
            p = self.deref(p)
            merged[(p.get("name"), p.get("in"))] = p
        return list(merged.values())


def merge_schema(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        if k == "properties":
            props = dict(out.get("properties") or {})
            props.update(v or {})
            out["properties"] = props
        elif k == "required":
            req = list(out.get("required") or [])
            req += [x for x in v or [] if x not in req]
            out["required"] = req
        else:
            out[k] = v
    return out


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
SNAKE_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
ENUM_NAMES_RE = re.compile(r"\b([A-Z][A-Z0-9_]*)\s*=\s*(-?\d+)\s*;")


def norm_text(s: str | None) -> str:
    """Drop Markdown markup (emphasis, code spans/fences, list/definition markers, headings, escapes)
    and collapse whitespace. Applied to both sides, so literal page text survives unchanged."""
    s = s or ""
    s = re.sub(r"^\s*```.*$", "", s, flags=re.M)
    s = re.sub(r"\*\*([^*\n]+)\*\*:?", r"\1", s)  # **Term** / **Term**: (definition-list term)
    s = re.sub(r"__([^_\n]+)__:?", r"\1", s)
    s = re.sub(r"`([^`\n]*)`", r"\1", s)
    s = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", s, flags=re.M)
    s = re.sub(r"^\s*:\s+", "", s, flags=re.M)
    s = re.sub(r"^#{1,6}\s+", "", s, flags=re.M)
    s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", s)
    return " ".join(s.split())


def same_text(page: str, spec: str | None) -> bool:
    """Equal modulo whitespace and Markdown markup (punctuation and wording must match)."""
    return norm_text(page) == norm_text(spec)


def short(s: str, n: int = 70) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


@dataclass
class Tally:
    covered: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.covered += 1 if ok else 0

    def __str__(self) -> str:
        return f"{self.covered}/{self.total}"


@dataclass
class Mismatch:
    vendor: str
    category: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.vendor}] {self.category:<12} {self.where}: {self.message}"


@dataclass
class Report:
    vendor: str
    mismatches: list[Mismatch] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tallies: dict[str, Tally] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def t(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


class OpChecker:
    """Compares one page operation with one spec operation; collects results without side effects
    on anything but its own lists (so assignments of duplicate headings can be scored)."""

    def __init__(self, vendor: str, spec: Spec, page: Page, pop: PageOp, path: str, method: str, sop: dict, item: dict):
        self.vendor, self.spec, self.page, self.pop = vendor, spec, page, pop
        self.path, self.method, self.sop, self.item = path, method, sop, item
        self.where = f"{pop.heading!r} (page line {pop.line}, {method.upper()} {path})"
        self.mm: list[Mismatch] = []
        self.tallies: list[tuple[str, bool]] = []
        self.counts: list[tuple[str, int]] = []

    def bad(self, cat: str, msg: str) -> None:
        self.mm.append(Mismatch(self.vendor, cat, self.where, msg))

    def tally(self, name: str, ok: bool) -> None:
        self.tallies.append((name, ok))

    def run(self) -> "OpChecker":
        for step in (self.check_operation, self.check_tags, self.check_params, self.check_body, self.check_responses):
            try:
                step()
            except (KeyError, TypeError, AttributeError, IndexError) as e:
                # a broken spec (dangling $ref, wrong node type) is a mismatch, never a crash
                self.bad("unresolvable", f"{step.__name__}: spec cannot be read here ({type(e).__name__}: {e})")
        return self
    # -- operation ------------------------------------------------------------------------------

    def check_operation(self) -> None:
        ok = True
        sdesc = self.sop.get("description")
        if self.pop.description:
            if sdesc is None:
                ok = False
                self.bad("operation", f"description missing (page: {short(self.pop.description)!r})")
            elif not same_text(self.pop.description, sdesc):
                ok = False
                self.bad("operation", f"description differs: page {short(self.pop.description)!r} / spec {short(sdesc)!r}")
        elif sdesc:
            ok = False
            self.bad("operation", f"page has no description text, spec has {short(sdesc)!r}")
        self.tally("operations", ok)

    def check_tags(self) -> None:
        tags = self.sop.get("tags") or []
        if self.vendor == "egnyte":
            ok = sorted(tags) == sorted(self.pop.sections)
            if not ok:
                self.bad("tags", f"tags {tags} != page section(s) {self.pop.sections}")
            self.tally("tags", ok)
        else:
            declared = {t.get("name") for t in self.spec.doc.get("tags") or []}
            ok = len(tags) >= 1 and (not declared or all(t in declared for t in tags))
            if not ok:
                self.bad("tags", f"tags {tags} empty or not declared in the top-level tags list")
            self.tally("tags", ok)

    # -- schema comparisons ---------------------------------------------------------------------
    def compare_field(self, cat: str, label: str, f: Field, raw_schema: Any, spec_required: bool, spec_desc: str | None) -> bool:
        """Compare a page field (parameter or body property) with its spec schema."""
        spec = self.spec
        s = spec.flat(raw_schema)
        ok = True

        sib = sorted(k for k in raw_schema if k != "$ref") if isinstance(raw_schema, dict) and "$ref" in raw_schema else []

        def fail(msg: str) -> None:
            nonlocal ok
            ok = False
            if sib and any(k in msg for k in sib):
                msg += f" [the spec writes {'/'.join(sib)} beside $ref, where OpenAPI 3.0 ignores it]"
            self.bad(cat, f"{label}: {msg}")

        # required
        req_ok = f.required == spec_required
        self.tally("required", req_ok)
        if not req_ok:
            fail(f"required page={f.required} spec={spec_required}")
        stype = s.get("type")
        if f.location == "body-sample-only":
            why = type_problem(spec, raw_schema, f.sample_value)
            if why:
                fail(f"{why} (field known only from the request sample)")
            return ok
        # type
        page_type = s.get("x-page-type")
        if page_type is not None and page_type != f.base:
            fail(f"x-page-type={page_type!r} but the page types it {f.type_line!r}")
        if f.base == "object":
            if stype not in (None, "object") or (stype is None and not ("properties" in s or "additionalProperties" in s)):
                fail(f"type page=object spec={stype!r}")
        elif f.base == "number" and stype == "integer":
            # The one accepted type deviation (openapi/README.md, rule "whole numbers the page
            # types `number`"): only when the spec records the page's type in x-page-type.
            fractional = {k: v for k, v in f.bounds.items() if isinstance(v, float) and v != int(v)}
            if f.default is not MISSING and isinstance(f.default, float) and f.default != int(f.default):
                fractional["default"] = f.default
            if fractional:
                fail(f"spec type 'integer' for a page `number` with fractional {fractional}")
            elif page_type == "number":
                self.counts.append(("page `number` fields typed integer, marked x-page-type: number", 1))
            else:
                fail(f"type page={f.type_line!r} spec type='integer' (accepted only with x-page-type: number)")
        elif stype != f.base:
            fail(f"type page={f.type_line!r} spec type={stype!r}")
        if f.base == "array":
            it = spec.flat(s.get("items"))
            itype = it.get("type")
            if f.items == "object":
                if itype not in (None, "object") or (itype is None and not ("properties" in it or "additionalProperties" in it)):
                    fail(f"items page=object spec items type={itype!r}")
            elif itype != f.items:
                fail(f"items page={f.items!r} spec items type={itype!r}")
        # format
        if f.fmt and s.get("format") != f.fmt:
            fail(f"format page={f.fmt!r} spec={s.get('format')!r}")
        # vendor component name
        if f.vendor:
            want = re.sub(r"[^a-z0-9]", "", f.vendor.rsplit(".", 1)[-1].lower())
            target = s.get("items") if f.base == "array" else raw_schema
            names = [re.sub(r"[^a-z0-9]", "", n.lower()) for n in spec.ref_names(target)]
            if want not in names:
                fail(f"page names the type {f.vendor!r}; spec does not reference a component of that name (refs: {spec.ref_names(target)})")
        # bounds
        for k, v in f.bounds.items():
            if s.get(k) != v:
                fail(f"{k} page={v!r} spec={s.get(k)!r}")
        # constraints the page does not show (invented): enum, bounds, default; extra formats are counted
        target_s = spec.flat(s.get("items")) if f.base == "array" else s
        if f.enum is None and target_s.get("enum") is not None:
            fail(f"spec has enum {target_s['enum']} where the page shows none")
        for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "pattern"):
            if k in s and k not in f.bounds:
                fail(f"spec has {k}={s[k]!r} where the page shows none")
        if f.default is MISSING and "default" in s:
            fail(f"spec has default {s['default']!r} where the page shows none")
        if not f.fmt and s.get("format") and f.location != "body-sample-only":
            self.counts.append((f"formats the page does not show ({s.get('type')} {s.get('format')}) on page-listed fields", 1))
        # default
        if f.default is not MISSING:
            if "default" not in s or s["default"] != f.default or type(s["default"]) is not type(f.default):
                fail(f"default page={f.default!r} spec={s.get('default', '<none>')!r}")
        # enum
        if f.enum is not None and not self.check_enum(label, f, s):
            ok = False
        # enum names written as "INIT = 1; ACTIVE = 2;" in the description
        pairs = ENUM_NAMES_RE.findall(f.description or "")
        if pairs:
            target = spec.flat(s.get("items")) if f.base == "array" else s
            enum = target.get("enum") or []
            names = target.get("x-enum-varnames")
            good = isinstance(names, list) and len(names) == len(enum)
            if good:
                for nm, val in pairs:
                    v = int(val)
                    if v not in enum or names[enum.index(v)] != nm:
                        good = False
            self.tally("enums", good)
            if not good:
                fail(f"enum names {pairs} not carried in x-enum-varnames (spec enum={enum}, x-enum-varnames={names})")
        # description
        if f.description:
            d = spec_desc if spec_desc is not None else s.get("description")
            if d is None or not same_text(f.description, d):
                fail(f"description page={short(f.description, 50)!r} spec={short(d or '<none>', 50)!r}")
        return ok

    def check_enum(self, label: str, f: Field, s: dict) -> bool:
        target = self.spec.flat(s.get("items")) if f.enum_label.startswith("Items") else s
        senum = target.get("enum")
        ok = senum == f.enum and all(type(a) is type(b) for a, b in zip(senum or [], f.enum))
        self.tally("enums", ok)
        if not ok:
            if senum is not None and sorted(map(json.dumps, senum)) == sorted(map(json.dumps, f.enum)):
                self.bad("enum", f"{label}: {f.enum_label} order differs: page {f.enum} spec {senum}")
            else:
                self.bad("enum", f"{label}: {f.enum_label} page {f.enum} spec {senum}")
        return ok

    # -- parameters -----------------------------------------------------------------------------
    def check_params(self) -> None:
        sparams = self.spec.params_of(self.sop, self.item)
        by_key = {(p.get("name"), p.get("in")): p for p in sparams}
        seen = set()
        for f in self.pop.params:
            key = (f.name, f.location)
            p = by_key.get(key)
            if p is None:
                self.bad("parameter", f"{f.location} parameter {f.name!r} missing")
                self.tally("parameters", False)
                self.tally("required", False)
                if f.enum is not None:
                    self.tally("enums", False)
                continue
            seen.add(key)
            ok = self.compare_field("parameter", f"{f.location} parameter {f.name!r}", f, p.get("schema", {}), bool(p.get("required", False)), p.get("description"))
            self.tally("parameters", ok)
        for key, p in by_key.items():
            if key not in seen:
                if p.get("x-inferred") is True and not p.get("required", False):
                    # an optional parameter the spec itself marks as an inference (openapi/README.md)
                    self.counts.append(("optional spec parameters not on the page, marked x-inferred", 1))
                    continue
                self.bad("extra-param", f"spec {key[1]} parameter {key[0]!r} is not on the page")

    # -- request body ---------------------------------------------------------------------------
    def check_body(self) -> None:
        pb = self.pop.body
        rb = self.sop.get("requestBody")
        if pb is None:
            if rb is not None:
                rb = self.spec.deref(rb)
                # Accepted only as a documented inference (openapi/README.md, rule "inferred
                # request bodies"): marked x-inferred, optional, and saying why it is there.
                if rb.get("x-inferred") is not True:
                    self.bad("body", "spec has a request body the page does not show (accepted only with x-inferred: true)")
                elif rb.get("required", False):
                    self.bad("body", "inferred request body (x-inferred) is required; the page shows no body, so it must be optional")
                elif not (rb.get("description") or "").strip():
                    self.bad("body", "inferred request body (x-inferred) has no description saying why it is there")
                else:
                    self.counts.append(("request bodies not on the page, marked x-inferred", 1))
            return
        if rb is not None and self.spec.deref(rb).get("x-inferred") is not None:
            self.bad("body", "requestBody is marked x-inferred although the page shows a body")
        if rb is None:
            self.bad("body", "request body missing")
            self.tally("body-required", False)
            for f in pb.fields:
                self.tally("body fields", False)
            return
        rb = self.spec.deref(rb)
        sreq = bool(rb.get("required", False))
        self.tally("body-required", sreq == pb.required)
        if sreq != pb.required:
            self.bad("body", f"requestBody.required page={pb.required} spec={sreq}")
        content = rb.get("content") or {}
        if pb.mime not in content:
            self.bad("body", f"media type {pb.mime} missing (spec: {list(content)})")
            return
        raw = content[pb.mime].get("schema", {})
        s = self.spec.flat(raw)
        if pb.description:
            cand = [rb.get("description"), s.get("description")]
            if not any(c is not None and same_text(pb.description, c) for c in cand):
                self.bad("body", f"body description {short(pb.description, 50)!r} not found (requestBody/schema description)")
        props = s.get("properties") or {}
        sreq_list = s.get("required") or []
        named_props = set()
        for f in pb.fields:
            if f.name is None:
                continue
            named_props.add(f.name)
            label = f"body field {f.name!r}" + (" (name recovered from request sample)" if f.recovered_from_sample else "") + (" (request sample only)" if f.location == "body-sample-only" else "")
            if f.name not in props:
                self.bad("body-field", f"{label} missing from the body schema")
                self.tally("body fields", False)
                self.tally("required", False)
                if f.enum is not None:
                    self.tally("enums", False)
                continue
            ok = self.compare_field("body-field", label, f, props[f.name], f.name in sreq_list, None)
            self.tally("body fields", ok)
        rqs = self.pop.request_sample
        if rqs is not None and rqs.kind == "json" and isinstance(rqs.value, dict):
            for k, val in rqs.value.items():
                if k in props:
                    why = type_problem(self.spec, props[k], val, k in sreq_list)
                    if why:
                        self.bad("body-field", f"request-sample value of {k!r}: {why}")
        # nameless fields whose name the request sample does not reveal
        unnamed = [f for f in pb.fields if f.name is None]
        if unnamed:
            extra = [k for k in props if k not in named_props]
            for f in unnamed:
                # must be matched by an otherwise unexplained spec property of the same type/required
                cand = [
                    k for k in extra
                    if (self.spec.flat(props[k]).get("type") or "object") == (f.base if f.base != "array" else "array")
                    and (k in sreq_list) == f.required
                ]
                self.counts.append(("nameless body fields (name not in the request sample)", 1))
                ok = bool(cand)
                self.tally("body fields", ok)
                self.tally("required", ok)
                if ok:
                    extra.remove(cand[0])
                    self.counts.append((f"   -> matched by spec property {cand[0]!r} ({self.pop.heading})", 1))
                else:
                    self.bad("body-field", f"nameless {'required ' if f.required else ''}{f.type_line!r} field (page line {f.line}) has no counterpart in the body schema")

    # -- responses -------------------------------------------------------------------------------
    def success(self) -> tuple[str | None, dict | None]:
        resp = self.sop.get("responses") or {}
        codes = sorted(c for c in resp if re.match(r"^2\d\d$", str(c)))
        if not codes:
            return None, None
        return codes[0], self.spec.deref(resp[codes[0]])

    def check_responses(self) -> None:
        code, ok_resp = self.success()
        if ok_resp is None:
            self.bad("response", "no 2xx response")
            return
        sample = self.pop.response_sample
        err_keys = {"lacework": {"message"}, "egnyte": {"code", "message", "details"}}[self.vendor]
        if sample is None:
            self.counts.append(("operations without any response sample", 1))
            return
        if sample.kind == "no_sample":
            self.counts.append(("response samples 'No sample'", 1))
            return
        if sample.kind == "empty_string":
            self.counts.append(("response samples '\"\"'", 1))
            if ok_resp.get("content"):
                self.bad("response", f"sample is \"\" (no body) but {code} response has content {list(ok_resp['content'])}")
            return
        v = sample.value
        content = ok_resp.get("content") or {}
        if isinstance(v, dict) and set(v) == err_keys:
            self.counts.append(("response samples that are the error body", 1))
            d = (self.sop.get("responses") or {}).get("default")
            okd = False
            if d is not None:
                names = [n for n in [d.get("$ref", "").rsplit("/", 1)[-1]] if n]
                dd = self.spec.deref(d)
                sch = (dd.get("content") or {}).get("application/json", {}).get("schema")
                sflat = self.spec.flat(sch)
                okd = set(err_keys) <= set((sflat.get("properties") or {})) and "Error" in self.spec.ref_names(sch) and names == ["Error"]
            if not okd:
                self.bad("response", "error-body sample, but the default response is not #/components/responses/Error -> #/components/schemas/Error with " + "/".join(sorted(err_keys)))
            for mime, c in content.items():
                if "Error" in self.spec.ref_names(c.get("schema")):
                    self.bad("response", f"success response {code} uses the Error schema")
            for k in sorted(err_keys):
                self.tally("response fields", okd)
            return
        if sample.mime not in content:
            self.bad("response", f"{code} response lacks {sample.mime} content (sample shown on the page)")
            if isinstance(v, dict):
                for k in v:
                    self.tally("response fields", False)
            return
        raw = content[sample.mime].get("schema", {})
        s = self.spec.flat(raw)
        if isinstance(v, list):
            ok = s.get("type") == "array"
            if ok and v and all(isinstance(x, dict) for x in v):
                it = self.spec.flat(s.get("items"))
                ok = it.get("type") in (None, "object") and (it.get("type") == "object" or "properties" in it)
            self.tally("response fields", ok)
            if not ok:
                self.bad("response", f"sample is a top-level array; spec {code} schema type={s.get('type')!r}")
            return
        if not isinstance(v, dict):
            self.bad("response", f"unexpected scalar sample {v!r}")
            return
        props = s.get("properties") or {}
        if s.get("required"):
            self.counts.append(("response schemas with a required list (the page never shows response requiredness)", 1))
        for k, val in v.items():
            if k not in props:
                self.bad("resp-field", f"response field {k!r} missing from the {code} schema (type={s.get('type')!r})")
                self.tally("response fields", False)
                continue
            why = type_problem(self.spec, props[k], val, k in (s.get("required") or []))
            if why:
                self.bad("resp-field", f"response field {k!r}: {why}")
            self.tally("response fields", not why)


def type_problem(spec: Spec, raw: Any, v: Any, required: bool = False) -> str | None:
    s = spec.flat(raw)
    t = s.get("type")
    if v is None:
        if required and not s.get("nullable"):
            return "sample value is null but the property is required and not nullable"
        return None
    # Redoc fills samples from the schema's first enum value; a value outside the spec's enum means
    # the enum is invented (and progenitor would reject the vendor's real payload).
    if isinstance(s.get("enum"), list) and v not in s["enum"]:
        return f"sample value {v!r} is not in the spec enum {s['enum']}"
    if isinstance(v, bool):
        return None if t == "boolean" else f"sample {v!r} is boolean, spec type={t!r}"
    if isinstance(v, int):
        if t not in ("integer", "number"):
            return f"sample {v!r} is a number, spec type={t!r}"
        if t == "integer" and abs(v) >= 2**31 and s.get("format") != "int64":
            return f"sample {v} exceeds int32 but spec format={s.get('format')!r} (expected int64)"
        return None
    if isinstance(v, float):
        return None if t == "number" else f"sample {v!r} has a decimal point, spec type={t!r}"
    if isinstance(v, str):
        if t != "string":
            return f"sample {v!r} is a string, spec type={t!r}"
        if UUID_RE.match(v) and s.get("format") != "uuid":
            return f"sample {v!r} is a uuid, spec format={s.get('format')!r}"
        return None
    if isinstance(v, list):
        return None if t == "array" else f"sample is an array, spec type={t!r}"
    if isinstance(v, dict):
        if t == "object" or (t is None and ("properties" in s or "additionalProperties" in s)):
            return None
        return f"sample is an object, spec type={t!r}"
    return f"unexpected sample value {v!r}"


# --------------------------------------------------------------------------------------------
# Whole-document checks
# --------------------------------------------------------------------------------------------

EGNYTE_SCOPE_FAMILY = {  # plausibility only (warnings): the scopes' own descriptions on the page
    "Subject Access Request": {"sar:read", "sar:write"},
    "Classification Source": {"classification:write"},
    "Sensitive Content": {"sc:read", "sc:matches"},
    "Issues": {"issues:read"},
    "Issue Remediation": {"issues:read"},
    "Legal Hold": {"legalhold:read", "legalhold:write"},
    "Audit Events": {"auditevents:read"},
}


def structural_checks(vendor: str, spec: Spec, page: Page, rep: Report) -> None:
    doc = spec.doc

    def bad(cat: str, where: str, msg: str) -> None:
        rep.mismatches.append(Mismatch(vendor, cat, where, msg))

    def check(name: str, ok: bool) -> None:
        rep.t("structural: " + name).add(ok)

    # info: title and version as the page shows them ("<title> (<version>)")
    tm = re.match(r"^(.+) \(([^)]+)\)$", page.title)
    info = doc.get("info") or {}
    good = tm is not None and info.get("title") == tm.group(1) and info.get("version") == tm.group(2)
    check("info title/version", good)
    if not good:
        bad("structure", "info", f"title/version {info.get('title')!r}/{info.get('version')!r} != page {page.title!r}")
    if vendor == "egnyte":
        # environments named on the page -> server variable enum; token/refresh URLs -> /oauth2/token
        envs = sorted(set(re.findall(r"\b([a-z0-9]+-api)\.egnyteprotect\.com\b", page.preamble)))
        servers = doc.get("servers") or []
        var_enum = sorted(((servers[0].get("variables") or {}).get("env") or {}).get("enum") or []) if servers else []
        good = bool(envs) and var_enum == envs and len(servers) == 1 and "{env}.egnyteprotect.com" in servers[0].get("url", "")
        check("servers = page environments", good)
        if not good:
            bad("structure", "servers", f"servers {servers!r}: expected one {{env}}.egnyteprotect.com server with env enum {envs}")
    ok = doc.get("openapi") == "3.0.3"
    check("openapi 3.0.3", ok)
    if not ok:
        bad("structure", "document", f"openapi={doc.get('openapi')!r}, expected '3.0.3'")
    try:
        from openapi_spec_validator import validate  # type: ignore
        from openapi_spec_validator.validation.validators import OpenAPIV30SpecValidator  # type: ignore
    except Exception:  # noqa: BLE001 - optional dependency
        rep.warnings.append("openapi_spec_validator not importable: schema validation skipped")
    else:
        try:
            validate(copy.deepcopy(doc), cls=OpenAPIV30SpecValidator)
            check("openapi_spec_validator", True)
        except Exception as e:  # noqa: BLE001
            check("openapi_spec_validator", False)
            bad("structure", "document", f"openapi_spec_validator: {short(str(e), 300)}")
    # every $ref resolves
    refs: list[tuple[str, str, dict]] = []

    def walk(node: Any, ptr: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref" and isinstance(v, str):
                    refs.append((ptr, v, node))
                else:
                    walk(v, f"{ptr}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{ptr}/{i}")

    walk(doc, "#")
    for ptr, ref, node in refs:
        extra = sorted(k for k in node if k != "$ref")
        if Spec.honour_ref_siblings:
            if extra:
                rep.count("keys beside $ref (read anyway: --ref-siblings=allow; 3.0 tools ignore them)")
        else:
            check("no keys beside $ref", not extra)
            if extra:
                bad("structure", ptr, f"{'/'.join(extra)} beside $ref {ref}: ignored in OpenAPI 3.0.3 (wrap the $ref in allOf)")
        try:
            spec.resolve_ref(ref)
            check("$ref resolves", True)
        except KeyError:
            check("$ref resolves", False)
            bad("structure", ptr, f"$ref {ref} does not resolve")
    # operations
    op_ids: dict[str, str] = {}
    scheme_defs = (doc.get("components") or {}).get("securitySchemes") or {}
    global_sec = doc.get("security")
    for path, method, op, item in spec.operations():
        where = f"{method.upper()} {path} ({op.get('summary')!r})"
        params = spec.params_of(op, item)
        tmpl = re.findall(r"\{([^}]+)\}", path)
        for name in tmpl:
            p = next((p for p in params if p.get("name") == name and p.get("in") == "path"), None)
            good = p is not None and p.get("required") is True
            check("path template params declared", good)
            if not good:
                bad("structure", where, f"path template {{{name}}} not declared as a required path parameter")
        for p in params:
            if p.get("in") == "path" and p.get("name") not in tmpl:
                check("path params in template", False)
                bad("structure", where, f"path parameter {p.get('name')!r} not in the path template")
        oid = op.get("operationId")
        good = isinstance(oid, str) and bool(SNAKE_RE.match(oid)) and oid not in op_ids
        check("operationId unique snake_case", good)
        if not good:
            bad("structure", where, f"operationId {oid!r} " + ("duplicates " + op_ids[oid] if oid in op_ids else "missing or not snake_case"))
        if isinstance(oid, str):
            op_ids.setdefault(oid, where)
        xs = op.get("x-path-source")
        # `vendor-spec`: taken from the vendor's own OpenAPI file by `cargo xtask import-spec`.
        check("x-path-source", xs in ("confirmed", "inferred", "vendor-spec"))
        if xs not in ("confirmed", "inferred", "vendor-spec"):
            bad("structure", where, f"x-path-source={xs!r}")
        # success / error response shape required by progenitor
        resp = op.get("responses") or {}
        succ = [c for c in resp if re.match(r"^2\d\d$", str(c))]
        check("one success response", len(succ) == 1)
        if len(succ) != 1:
            bad("structure", where, f"success responses {succ} (expected exactly one)")
        for c in succ:
            rr = spec.deref(resp[c])
            for mime, mt in (rr.get("content") or {}).items():
                sch = spec.deref(mt.get("schema") or {})
                if any(k in sch for k in ("oneOf", "anyOf")):
                    check("no top-level oneOf/anyOf", False)
                    bad("structure", where, f"{c} {mime} schema is a top-level oneOf/anyOf (progenitor cannot use it)")
            if len(rr.get("content") or {}) > 1:
                check("one success body type", False)
                bad("structure", where, f"{c} response has {len(rr['content'])} media types")
        check("default error response", "default" in resp)
        if "default" not in resp:
            bad("structure", where, "no default (error) response")
        sec = op.get("security", global_sec)
        if vendor == "egnyte":
            no_scope = op.get("x-no-scope")
            scheme_only = (
                isinstance(sec, list)
                and len(sec) == 1
                and isinstance(sec[0], dict)
                and list(sec[0]) == ["CodeGrantAuth"]
                and isinstance(sec[0]["CodeGrantAuth"], list)
            )
            if scheme_only and sec[0]["CodeGrantAuth"] == [] and no_scope is not None:
                # The one accepted deviation (openapi/README.md, "Egnyte scopes per operation"):
                # an empty scope list (any valid token) only with x-no-scope saying why.
                good = isinstance(no_scope, str) and bool(no_scope.strip())
                check("security (no scope, x-no-scope)", good)
                if good:
                    rep.count("operations without a scope, marked x-no-scope")
                else:
                    bad("security", where, f"x-no-scope={no_scope!r}: must say why no scope is needed")
            else:
                if no_scope is not None:
                    bad("security", where, f"x-no-scope is set but security={sec!r} is not an empty CodeGrantAuth scope list")
                good = scheme_only and len(sec[0]["CodeGrantAuth"]) == 1 and sec[0]["CodeGrantAuth"][0] in page.scopes
                check("security (one page scope)", good)
                if not good:
                    bad(
                        "security",
                        where,
                        f"security={sec!r}: expected one CodeGrantAuth scope out of {sorted(page.scopes)}"
                        " (an empty scope list is accepted only with x-no-scope)",
                    )
                else:
                    scope = sec[0]["CodeGrantAuth"][0]
                    for t in op.get("tags") or []:
                        fam = EGNYTE_SCOPE_FAMILY.get(t)
                        if fam is not None and scope not in fam:
                            rep.warnings.append(f"egnyte {where}: scope {scope} unusual for section {t!r} (expected one of {sorted(fam)})")
        else:
            summary = op.get("summary")
            public = summary in ("Login", "TokenLogin")
            if public:
                good = sec == []
                msg = f"security={sec!r}: the login operations must be callable without the JWT (security: [])"
            else:
                good = (
                    isinstance(sec, list)
                    and len(sec) >= 1
                    and all(isinstance(r, dict) and r and all(k in scheme_defs for k in r) for r in sec)
                )
                msg = f"security={sec!r}: expected a requirement on a defined scheme ({sorted(scheme_defs)})"
            check("security", good)
            if not good:
                bad("security", where, msg)
    # Egnyte: the securityScheme carries the nine page scopes with the page's descriptions
    if vendor == "egnyte":
        cg = scheme_defs.get("CodeGrantAuth") or {}
        flow = ((cg.get("flows") or {}).get("authorizationCode")) or {}
        sscopes = flow.get("scopes") or {}
        good = set(sscopes) == set(page.scopes)
        check("oauth2 scopes = page scopes", good)
        if not good:
            bad("security", "components.securitySchemes.CodeGrantAuth", f"scopes {sorted(sscopes)} != page {sorted(page.scopes)}")
        for key in ("tokenUrl", "refreshUrl"):
            u = flow.get(key) or ""
            good = bool(re.match(r"^https://[a-z0-9-]+\.egnyteprotect\.com/oauth2/token$", u))
            check(f"oauth2 {key}", good)
            if not good:
                bad("security", "components.securitySchemes.CodeGrantAuth", f"{key}={u!r}; page: https://<env>.egnyteprotect.com/oauth2/token")
        for sc, d in page.scopes.items():
            if sc in sscopes and not same_text(d, sscopes[sc]):
                bad("security", f"scope {sc}", f"description page={d!r} spec={sscopes[sc]!r}")
        for op in page.ops:
            for a in op.auth:
                if a not in scheme_defs:
                    bad("security", op.heading, f"page names scheme {a!r}, spec defines {sorted(scheme_defs)}")
        # Section headings vs. the spec's declared tags (cross-check of the section heuristic).
        declared = [t.get("name") for t in doc.get("tags") or []]
        if declared and sorted(declared) != sorted(set(page.sections)):
            bad("tags", "top-level tags", f"spec declares {declared}; page section headings found: {page.sections}")


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def verify(vendor: str, page: Page, doc: dict) -> Report:
    spec = Spec(doc)
    rep = Report(vendor)
    sops = spec.operations()
    by_summary: dict[str, list[int]] = {}
    for k, (_, _, op, _) in enumerate(sops):
        by_summary.setdefault(op.get("summary"), []).append(k)
    page_by_heading: dict[str, list[PageOp]] = {}
    for op in page.ops:
        page_by_heading.setdefault(op.heading, []).append(op)
    used: set[int] = set()
    results: list[OpChecker] = []
    for heading, pops in page_by_heading.items():
        cands = by_summary.get(heading, [])
        if not cands:
            for p in pops:
                rep.mismatches.append(Mismatch(vendor, "operation", f"{heading!r} (page line {p.line})", "no spec operation with this summary"))
                rep.t("operations").add(False)
                for _ in p.params:
                    rep.t("parameters").add(False)
                    rep.t("required").add(False)
                if p.body:
                    rep.t("body-required").add(False)
                    for _ in p.body.fields:
                        rep.t("body fields").add(False)
                        rep.t("required").add(False)
                for f in p.params + (p.body.fields if p.body else []):
                    if f.enum is not None:
                        rep.t("enums").add(False)
                rs = p.response_sample
                if rs and rs.kind == "json" and isinstance(rs.value, dict):
                    for _ in rs.value:
                        rep.t("response fields").add(False)
            continue

        def run(p: PageOp, k: int) -> OpChecker:
            path, method, op, item = sops[k]
            return OpChecker(vendor, spec, page, p, path, method, op, item).run()

        best = None
        if len(pops) == 1 and len(cands) == 1:
            best = [(pops[0], cands[0], run(pops[0], cands[0]))]
        else:
            # try every assignment (groups are tiny) and keep the one with fewest mismatches
            n = min(len(pops), len(cands))
            cache: dict[tuple[int, int], OpChecker] = {}
            for perm in itertools.permutations(range(len(cands)), n):
                pairs = []
                for pi in range(n):
                    key = (pi, perm[pi])
                    if key not in cache:
                        cache[key] = run(pops[pi], cands[perm[pi]])
                    pairs.append((pops[pi], cands[perm[pi]], cache[key]))
                score = sum(len(c.mm) for _, _, c in pairs)
                if best is None or score < best[0]:
                    best = (score, pairs)
            best = best[1]
            for p in pops[n:]:
                rep.mismatches.append(Mismatch(vendor, "operation", f"{heading!r} (page line {p.line})", "duplicate heading: no further spec operation with this summary"))
                rep.t("operations").add(False)
        for p, k, c in best:
            used.add(k)
            results.append(c)
    for c in results:
        rep.mismatches.extend(c.mm)
        for name, ok in c.tallies:
            rep.t(name).add(ok)
        for name, n in c.counts:
            rep.count(name, n)
    for k, (path, method, op, _) in enumerate(sops):
        if k not in used:
            rep.mismatches.append(Mismatch(vendor, "operation", f"{method.upper()} {path}", f"spec operation {op.get('summary')!r} matches no page heading (or an extra duplicate)"))
    structural_checks(vendor, spec, page, rep)
    rep.counts["page headings"] = page.listings
    rep.counts["page operations (duplicates merged)"] = len(page.ops)
    rep.counts["spec operations"] = len(sops)
    return rep


def page_figures(page: Page) -> dict[str, int]:
    fig = {
        "headings": page.listings,
        "operations": len(page.ops),
        "sections": len(page.sections),
        "parameters": sum(len(o.params) for o in page.ops),
        "bodies": sum(1 for o in page.ops if o.body),
        "body fields": sum(len(o.body.fields) for o in page.ops if o.body),
        "  named on the page": sum(1 for o in page.ops if o.body for f in o.body.fields if f.location == "body" and not f.recovered_from_sample and f.name),
        "  nameless, recovered from request sample": sum(1 for o in page.ops if o.body for f in o.body.fields if f.recovered_from_sample),
        "  nameless, not recoverable": sum(1 for o in page.ops if o.body for f in o.body.fields if f.name is None),
        "  request-sample only": sum(1 for o in page.ops if o.body for f in o.body.fields if f.location == "body-sample-only"),
        "enums": sum(1 for o in page.ops for f in o.params + (o.body.fields if o.body else []) if f.enum is not None),
        "response samples json": sum(1 for o in page.ops if o.response_sample and o.response_sample.kind == "json"),
        "response samples 'No sample'": sum(1 for o in page.ops if o.response_sample and o.response_sample.kind == "no_sample"),
        "response samples '\"\"'": sum(1 for o in page.ops if o.response_sample and o.response_sample.kind == "empty_string"),
        "no response sample at all": sum(1 for o in page.ops if o.response_sample is None),
    }
    return fig


def print_report(rep: Report) -> None:
    print(f"\n=== {rep.vendor}: {len(rep.mismatches)} mismatch(es) ===")
    for m in rep.mismatches:
        print("  " + str(m))
    for w in rep.warnings:
        print("  warning: " + w)
    if rep.counts:
        print(f"  counts ({rep.vendor}):")
        for k, v in rep.counts.items():
            print(f"    {k}: {v}")


def print_summary(reports: list[Report]) -> None:
    cols = ["operations", "tags", "parameters", "body fields", "body-required", "enums", "response fields", "required"]
    heads = ["operations", "tags", "parameters", "body fields", "body req flag", "enums", "response fields", "required-flag agreement"]
    rows = [[r.vendor] + [str(r.tallies.get(c, Tally())) for c in cols] + [str(len(r.mismatches))] for r in reports]
    header = ["vendor"] + heads + ["mismatches"]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    print("\nSummary (covered/total):")
    print("  " + " | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  " + "-+-".join("-" * w for w in widths))
    for row in rows:
        print("  " + " | ".join(c.ljust(w) for c, w in zip(row, widths)))
    for r in reports:
        st = [f"{k[len('structural: '):]} {v}" for k, v in r.tallies.items() if k.startswith("structural: ")]
        print(f"  {r.vendor} structural: " + "; ".join(st))
    # Documented deviations from the page (openapi/README.md), accepted only where the spec marks
    # them; counted here, not in the coverage figures above.
    dev_cols = [
        ("inferred parameters (x-inferred)", "optional spec parameters not on the page, marked x-inferred"),
        ("inferred request bodies (x-inferred)", "request bodies not on the page, marked x-inferred"),
        ("page number -> integer (x-page-type)", "page `number` fields typed integer, marked x-page-type: number"),
        ("no scope (x-no-scope)", "operations without a scope, marked x-no-scope"),
    ]
    header = ["vendor"] + [h for h, _ in dev_cols]
    rows = [[r.vendor] + [str(r.counts.get(k, 0)) for _, k in dev_cols] for r in reports]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    print("\nAccepted deviations (documented in openapi/README.md, marked in the spec):")
    print("  " + " | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  " + "-+-".join("-" * w for w in widths))
    for row in rows:
        print("  " + " | ".join(c.ljust(w) for c, w in zip(row, widths)))


# --------------------------------------------------------------------------------------------
# Self-test: mutate a spec in memory and prove each mutation is reported
# --------------------------------------------------------------------------------------------


def find_spec_op(spec: Spec, heading: str) -> tuple[dict, dict]:
    for _, _, op, item in spec.operations():
        if op.get("summary") == heading:
            return op, item
    raise LookupError(heading)


def owning_schema(spec: Spec, raw: Any, key: str, want: str) -> dict | None:
    """The dict (inline or component, possibly inside allOf) that actually holds `key` in `want`."""
    seen = 0
    stack = [raw]
    while stack and seen < 200:
        seen += 1
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if "$ref" in node:
            stack.append(spec.resolve_ref(node["$ref"]))
        for part in node.get("allOf", []) or []:
            stack.append(part)
        if want == "properties" and key in (node.get("properties") or {}):
            return node
        if want == "enum" and isinstance(node.get("enum"), list) and len(node["enum"]) > 0:
            return node
    return None


def self_test(vendor: str, page: Page, doc: dict) -> bool:
    """Remove one parameter, one enum value, one body field and one response field from an in-memory
    copy of the spec; every removal must surface as a new mismatch and lower its figure."""
    base = verify(vendor, page, doc)
    base_set = {str(m) for m in base.mismatches}
    mutated = copy.deepcopy(doc)
    spec = Spec(mutated)
    mutations: list[tuple[str, str]] = []  # (what was removed, text expected in a new mismatch)
    err_keys = {"lacework": {"message"}, "egnyte": {"code", "message", "details"}}[vendor]
    used_ops: set[str] = set()

    def body_schema(op: PageOp) -> Any:
        sop, _ = find_spec_op(spec, op.heading)
        rb = spec.deref(sop["requestBody"])
        return rb["content"][op.body.mime]["schema"]

    def drop_param(op: PageOp, f: Field) -> tuple[str, str]:
        sop, item = find_spec_op(spec, op.heading)
        for holder in (sop, item):
            ps = holder.get("parameters") or []
            keep = [x for x in ps if not (spec.deref(x).get("name") == f.name and spec.deref(x).get("in") == f.location)]
            if len(keep) != len(ps):
                holder["parameters"] = keep
                return (f"removed {f.location} parameter {f.name!r} of {op.heading!r}", f"parameter {f.name!r} missing")
        raise LookupError("parameter not in spec")

    def drop_enum_value(op: PageOp, f: Field) -> tuple[str, str]:
        if f.location == "body":
            holder = owning_schema(spec, body_schema(op), f.name, "properties")
            target = holder["properties"][f.name]
        else:
            sop, item = find_spec_op(spec, op.heading)
            target = next(spec.deref(x) for x in spec.params_of(sop, item) if x.get("name") == f.name and x.get("in") == f.location)["schema"]
        if f.enum_label.startswith("Items"):
            target = spec.flat(target).get("items")
        eh = owning_schema(spec, target, "", "enum")
        if eh is None or len(eh["enum"]) < 2:
            raise LookupError("no enum to shorten")
        dropped = eh["enum"].pop()
        if isinstance(eh.get("x-enum-varnames"), list) and eh["x-enum-varnames"]:
            eh["x-enum-varnames"].pop()
        kind = "body field" if f.location == "body" else f"{f.location} parameter"
        return (f"removed enum value {dropped!r} from {kind} {f.name!r} of {op.heading!r}", f"{kind} {f.name!r}")

    def drop_body_field(op: PageOp, f: Field) -> tuple[str, str]:
        holder = owning_schema(spec, body_schema(op), f.name, "properties")
        if holder is None:
            raise LookupError("body field not in spec")
        del holder["properties"][f.name]
        if f.name in (holder.get("required") or []):
            holder["required"].remove(f.name)
            if not holder["required"]:
                del holder["required"]
        return (f"removed body field {f.name!r} of {op.heading!r}", f"body field {f.name!r}|missing from the body schema")

    def drop_response_field(op: PageOp, key: str) -> tuple[str, str]:
        sop, _ = find_spec_op(spec, op.heading)
        code = sorted(c for c in sop["responses"] if re.match(r"^2\d\d$", str(c)))[0]
        resp = spec.deref(sop["responses"][code])
        holder = owning_schema(spec, resp["content"][op.response_sample.mime]["schema"], key, "properties")
        if holder is None:
            raise LookupError("response field not in spec")
        del holder["properties"][key]
        if key in (holder.get("required") or []):
            holder["required"].remove(key)
            if not holder["required"]:
                del holder["required"]
        return (f"removed response field {key!r} of {op.heading!r}", f"response field {key!r} missing")

    plans = [
        ("parameter", drop_param, [(o, f) for o in page.ops for f in reversed(o.params)]),
        ("enum value", drop_enum_value, [(o, f) for o in page.ops for f in o.params + (o.body.fields if o.body else []) if f.enum is not None and len(f.enum) > 1 and f.location != "body-sample-only"]),
        ("body field", drop_body_field, [(o, f) for o in page.ops if o.body for f in o.body.fields if f.name and f.location == "body"]),
        ("response field", drop_response_field, [(o, k) for o in reversed(page.ops) if o.response_sample and o.response_sample.kind == "json" and isinstance(o.response_sample.value, dict) and set(o.response_sample.value) != err_keys for k in reversed(list(o.response_sample.value))]),
    ]
    for what, fn, cands in plans:
        for op, target in cands:
            if op.heading in used_ops:
                continue  # one mutation per operation keeps the reports apart
            try:
                mutations.append(fn(op, target))
            except (LookupError, KeyError, TypeError, AttributeError, StopIteration):
                continue
            used_ops.add(op.heading)
            break
        else:
            print(f"  could not apply a {what} removal to this spec")
            mutations.append((f"{what} removal (not applicable)", "\x00never"))

    rep = verify(vendor, page, mutated)
    new = [m for m in rep.mismatches if str(m) not in base_set]
    print(f"\n--- self-test ({vendor}): baseline {len(base.mismatches)} mismatch(es); after mutation {len(rep.mismatches)}; new:")
    for m in new:
        print("    " + str(m))
    all_ok = True
    for desc, token in mutations:
        hit = [m for m in new if all(part in m.message for part in token.split("|"))]
        print(f"  {'DETECTED' if hit else 'MISSED  '}  {desc}")
        all_ok &= bool(hit)
    for name in ("parameters", "enums", "body fields", "response fields"):
        b, a = base.tallies.get(name, Tally()), rep.tallies.get(name, Tally())
        moved = a.covered < b.covered
        print(f"  figure {name}: {b} -> {a} {'(dropped)' if moved else '(DID NOT DROP)'}")
        all_ok &= moved
    return all_ok


def marker_self_test(vendor: str, page: Page, doc: dict) -> bool:
    """The documented deviations are accepted only where the spec marks them: strip each marker
    (x-inferred on a parameter and on a request body, x-page-type, x-no-scope) from an in-memory
    copy, one at a time; the deviation must then be reported as a new mismatch."""
    base = {str(m) for m in verify(vendor, page, doc).mismatches}

    def holders(node: Any, key: str, out: list) -> list:
        if isinstance(node, dict):
            if key in node:
                out.append(node)
            for v in node.values():
                holders(v, key, out)
        elif isinstance(node, list):
            for v in node:
                holders(v, key, out)
        return out

    def first_param(d: dict) -> dict | None:
        return next((h for h in holders(d["paths"], "x-inferred", []) if "in" in h), None)

    def first_body(d: dict) -> dict | None:
        return next((h for h in holders(d["paths"], "x-inferred", []) if "content" in h), None)

    def first_page_type(d: dict) -> dict | None:
        return next(iter(holders(d, "x-page-type", [])), None)

    def first_no_scope(d: dict) -> dict | None:
        return next(iter(holders(d["paths"], "x-no-scope", [])), None)

    cases = [
        ("x-inferred on a parameter", first_param, "x-inferred", "is not on the page"),
        ("x-inferred on a request body", first_body, "x-inferred", "page does not show (accepted only with x-inferred"),
        ("x-page-type: number", first_page_type, "x-page-type", "accepted only with x-page-type"),
        ("x-no-scope", first_no_scope, "x-no-scope", "accepted only with x-no-scope"),
    ]
    ok = True
    for what, find, key, token in cases:
        mutated = copy.deepcopy(doc)
        holder = find(mutated)
        if holder is None:
            print(f"  (no {what} in the {vendor} spec: nothing to strip)")
            continue
        del holder[key]
        new = [m for m in verify(vendor, page, mutated).mismatches if str(m) not in base]
        hit = [m for m in new if token in m.message]
        print(f"  {'DETECTED' if hit else 'MISSED  '}  stripped {what}: " + (str(hit[0]) if hit else f"{len(new)} new mismatch(es)"))
        ok &= bool(hit)
    return ok


def page_grammar_self_test(vendor: str, path: str) -> bool:
    """Corrupt the page text in memory in ways the grammar does not know; each must abort the parse."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")

    def first(pred) -> int:
        return next(k for k, ln in enumerate(lines) if pred(k, ln))

    def after(k: int, new: str) -> str:
        return "\n".join(lines[: k + 1] + [new] + lines[k + 1:])

    def replace(k: int, new: str) -> str:
        return "\n".join(lines[:k] + [new] + lines[k + 1:])

    ptype = first(lambda k, ln: ln == "string" and k > 0 and lines[k - 1] == "required")
    stype = first(lambda k, ln: ln.startswith("integer") and k > 0 and NAME_RE.match(lines[k - 1]))
    resp = first(lambda k, ln: ln == "Response samples")
    close = first(lambda k, ln: k > resp and ln == "}")
    body = first(lambda k, ln: MARKER_BODY.match(ln) is not None)
    bullet = max(k for k in range(resp, close) if lines[k].startswith("  • "))
    enum = first(lambda k, ln: ln.startswith("Enum: "))
    cases = [
        ("unknown constraint line below a type line", after(ptype, "Pattern: ^[a-z]+$")),
        ("unknown type line", replace(stype, "integr")),
        ("unknown bounds syntax", replace(stype, lines[stype] + " ~ 5")),
        ("sample without its closing brace", replace(close, "")),
        ("status-code tabs in a sample block", after(resp, "200")),
        ("enum line after a blank line (detached constraint)", after(enum, "\nEnum: 1 2")),
        ("garbage between body header and fields", after(body, "Enum: 1 2")),
        ("bullet without a space in a sample", replace(bullet, lines[bullet].replace("• ", "•"))),
    ]
    ok = True
    for desc, mutated in cases:
        try:
            PageParser(path, vendor, mutated).parse()
        except PageError as e:
            print(f"  REJECTED  {vendor} page: {desc}  ({short(str(e), 110)})")
        else:
            print(f"  ACCEPTED  {vendor} page: {desc}  <- the grammar is too lax")
            ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lacework-page", required=True)
    ap.add_argument("--egnyte-page", required=True)
    ap.add_argument("--spec-dir", default="openapi")
    ap.add_argument("--self-test", action="store_true", help="mutate each spec in memory and prove the mutations are reported")
    ap.add_argument("--dump-page", choices=["lacework", "egnyte"], help="print the parsed page model as JSON and exit")
    ap.add_argument("--only", choices=["lacework", "egnyte"], help="check one vendor only")
    ap.add_argument(
        "--ref-siblings",
        choices=["error", "allow"],
        default="error",
        help="keys beside a $ref: 'error' (default) reads the spec as OpenAPI 3.0.3 requires (they are "
        "ignored, and reported); 'allow' reads them as if they applied and only counts them",
    )
    args = ap.parse_args(argv)
    Spec.honour_ref_siblings = args.ref_siblings == "allow"

    vendors = [("egnyte", args.egnyte_page, "egnyte-protect.json"), ("lacework", args.lacework_page, "lacework-edge.json")]
    pages: dict[str, Page] = {}
    try:
        for vendor, path, _ in vendors:
            pages[vendor] = PageParser(path, vendor).parse()
    except PageError as e:
        print(f"PAGE PARSE ERROR (unclassified line; fix the grammar, never skip): {e}", file=sys.stderr)
        return 2

    if args.dump_page:
        pg = pages[args.dump_page]

        def enc(o: Any) -> Any:
            if o is MISSING:
                return "<none>"
            if hasattr(o, "__dict__"):
                return o.__dict__
            raise TypeError(type(o))

        print(json.dumps(pg.__dict__, default=enc, indent=1))
        return 0

    for vendor, _, _ in vendors:
        pg = pages[vendor]
        print(f"page {vendor}: {pg.title} — " + ", ".join(f"{k.strip()}={v}" for k, v in page_figures(pg).items()))
        if vendor == "egnyte":
            print(f"  sections: {pg.sections}; scopes: {sorted(pg.scopes)}")
            for o in pg.ops:
                if len(o.lines) > 1:
                    print(f"  listed {len(o.lines)}x (lines {o.lines}, sections {o.sections}): {o.heading!r}")
        dups: dict[str, int] = {}
        for o in pg.ops:
            dups[o.heading] = dups.get(o.heading, 0) + 1
        for h, n in dups.items():
            if n > 1:
                print(f"  {n} distinct operations share the heading {h!r}")

    failed = False
    reports = []
    if args.self_test:
        print("\n--- self-test: corrupted pages must be rejected")
        for vendor, path, _ in vendors:
            failed |= not page_grammar_self_test(vendor, path)
    for vendor, _, fname in vendors:
        if args.only and vendor != args.only:
            continue
        spath = Path(args.spec_dir) / fname
        if not spath.exists():
            print(f"\n=== {vendor}: spec {spath} not found ===")
            failed = True
            continue
        try:
            doc = json.loads(spath.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            print(f"\n=== {vendor}: {spath} is not JSON: {e} ===")
            failed = True
            continue
        if args.self_test:
            ok = self_test(vendor, pages[vendor], doc)
            print(f"\n--- self-test ({vendor}): documented deviations are accepted only where marked")
            ok &= marker_self_test(vendor, pages[vendor], doc)
            print(f"  self-test {vendor}: {'PASS' if ok else 'FAIL'}")
            failed |= not ok
            continue
        rep = verify(vendor, pages[vendor], doc)
        print_report(rep)
        reports.append(rep)
        failed |= bool(rep.mismatches)
    if reports:
        print_summary(reports)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
