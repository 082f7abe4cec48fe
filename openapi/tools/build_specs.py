#!/usr/bin/env python3
"""Build openapi/lacework-edge.json and openapi/egnyte-protect.json from the vendors' saved pages.

Maintainer tool (Python 3.11, standard library only). It is never run at build or test time.

    python3 openapi/tools/build_specs.py --lacework-page PATH --egnyte-page PATH [--out-dir DIR]
    python3 openapi/tools/build_specs.py ... --check      # exit 1 if the files on disk differ

A spec with operations marked `x-path-source: vendor-spec` was imported from the vendor's own
OpenAPI file by `cargo xtask import-spec` and is maintained by it: the build refuses to overwrite
it (or compare it, with --check) and exits 3, unless --force.

Inputs:
* the two Redoc pages saved as text (not shipped with the repository; see openapi/README.md);
* openapi/tools/lacework-operations.csv and openapi/tools/egnyte-operations.csv: one row per
  operation heading of the page, in page order, giving what the page lost (operationId, tag(s),
  method, path, whether the path is confirmed, and for Egnyte the OAuth scope).

The output is deterministic: the same inputs give byte-identical files. Every inference rule used
here is written down in openapi/README.md; keep the two in step.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from redoc_text import Operation, Page, Sample, SampleValue, TypeInfo, parse_page  # noqa: E402

TOOLS = Path(__file__).resolve().parent
OPENAPI = TOOLS.parent

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ENUM_NAMES_RE = re.compile(r"^(?:[A-Z][A-Z0-9_]* = -?\d+;\s*)+$")
EPOCH_MS_MIN = 10**12  # integer samples at least this large are epoch milliseconds -> int64
ZERO_NAME = "UNSPECIFIED"  # name of an unnamed protobuf zero value when the page names the others


class BuildError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Vendor configuration: what the pages do not say, in one place (mirrored in openapi/README.md)
# --------------------------------------------------------------------------------------------


@dataclass
class Vendor:
    key: str
    out_file: str
    table: str
    sections: list[str]
    info_paragraphs: Optional[int]
    error_shape: dict[str, SampleValue]  # the error sample's keys -> value
    error_schema: dict
    servers: list[dict]
    scheme_name: str
    # operationId -> names of nameless request-body fields, used when the request sample cannot
    # give them (its keys are collapsed into "{ }")
    nameless_overrides: dict[str, list[str]]
    # singular resource word (from get_<word>) -> component name, when PascalCase is not wanted
    resource_names: dict[str, str]
    # operationId -> binary media type of the success body
    binary_responses: dict[str, str]
    # field name -> component name for unnamed enums made components (shared by several
    # operations, or by a response field), when PascalCase of the field name is too generic
    enum_names: dict[str, str]
    # response property name -> items schema, when the page makes the items evident
    evident_items: dict[str, dict]
    unauthenticated_summaries: tuple[str, ...] = ()
    # response field names that are a next-page token: an operation whose response sample has one
    # but whose page lists no parameter to send it back gets an inferred optional query parameter
    # of the same name (`x-inferred: true`)
    echoed_page_tokens: tuple[str, ...] = ()
    # Rule "whole numbers the page types `number`": (operationId, field) -> what the number counts,
    # for a field whose page description does not say it (the description rule is
    # WHOLE_NUMBER_DESCRIPTION). The builder checks that a response sample of the same tag shows
    # the field of that name as a whole number.
    whole_number_fields: dict[tuple[str, str], str] = field(default_factory=dict)
    # Rule "inferred request bodies": create_<x> operations without a body on the page whose
    # description names an input that no parameter carries: operationId -> that phrase (the builder
    # checks that the page's description contains it)
    bodyless_inputs: dict[str, str] = field(default_factory=dict)
    # operationId -> why an operation needs no OAuth scope (`x-no-scope`); an Egnyte operation with
    # no scope in the operation table must have an entry
    no_scope_reasons: dict[str, str] = field(default_factory=dict)
    # Rule "sensitive fields": "Component.property" of string fields that carry a credential or
    # secret material (tokens, API secrets, authorization headers, encrypted or hashed secrets)
    # -> `x-sensitive: true`, so generated clients keep them out of `Debug` output. The page does
    # not mark them; the field names and descriptions do. A stale entry is a build error.
    sensitive_fields: tuple[str, ...] = ()
    # Rule "paged operations" (`x-pagination`, read by `cargo xtask regen`): operationId -> how the
    # operation pages (keys in PAGINATION_KEYS; openapi/README.md, "Extensions for the generator").
    # An entry whose operation or cursor query parameter does not exist is a build error.
    pagination: dict[str, dict[str, str]] = field(default_factory=dict)
    # Rule "public evidence" (openapi/README.md, "Evidence"): operationId -> `x-evidence` (a list of
    # {source, shows}: what each public source shows about the operation) and `x-doubt` (the
    # conflict between them, which way the spec went and what settles it). A stale entry is a
    # build error.
    operation_evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The same for the security scheme (`x-evidence` on it), and the token endpoint's response
    # and error bodies as public code reads them (`x-token-response`, `x-token-error`: JSON
    # schemas inside the scheme, which OpenAPI 3.0 has no place for).
    scheme_evidence: list[dict[str, str]] = field(default_factory=list)
    token_response: Optional[dict] = None
    token_error: Optional[dict] = None
    # The response header carrying the vendor's request id, when public material names one:
    # (header name, description, evidence). It becomes `components.headers.RequestId`
    # (`x-request-id: true`), declared on the shared error response; `cargo xtask regen` reads
    # it from there into the client's `REQUEST_ID_HEADER`.
    request_id_header: Optional[tuple[str, str, list[dict[str, str]]]] = None


# Rule "paged operations": the keys of an `x-pagination` object, in the order they are written.
PAGINATION_KEYS = (
    "cursor-param",
    "cursor-kind",
    "items-field",
    "cursor-field",
    "cursor-from-items",
    "cursor-merge",
    "end",
)


def free_form_paging(end: str) -> dict[str, str]:
    """`x-pagination` of an Egnyte listing whose body is not documented (a free-form object):
    a string `cursor` parameter and response field, the items in the object's only array field."""
    return {"cursor-param": "cursor", "cursor-kind": "position", "cursor-field": "cursor", "end": end}


# Rule "whole numbers the page types `number`": a parameter or body field whose page description
# says it is a number of items, characters or days.
WHOLE_NUMBER_DESCRIPTION = re.compile(r"\bnumber of (?:items|characters|days)\b", re.IGNORECASE)


# Rule "public evidence": the public code that shows how Egnyte's token endpoint is called.
SPLUNK_ADD_ON = "Egnyte's Splunk add-on (public code: bin/ta_egnyte_protect_utility.py and its account setup script)"

EGNYTE = Vendor(
    key="egnyte",
    out_file="egnyte-protect.json",
    table="egnyte-operations.csv",
    sections=[
        "Subject Access Request",
        "Classification Source",
        "Sensitive Content",
        "Issues",
        "Issue Remediation",
        "Legal Hold",
        "Audit Events",
        "Dev Tools",
    ],
    info_paragraphs=None,
    error_shape={
        "code": SampleValue("string", "string"),
        "message": SampleValue("string", "string"),
        "details": SampleValue("string", "string"),
    },
    error_schema={
        "type": "object",
        "description": "Error body shown on the page for failed requests.",
        "properties": OrderedDict(
            [
                ("code", {"type": "string"}),
                ("message", {"type": "string"}),
                ("details", {"type": "string"}),
            ]
        ),
    },
    servers=[
        {
            "url": "https://{env}.egnyteprotect.com/api",
            "description": "Egnyte Secure and Govern environment (the tenant's region).",
            "variables": {
                "env": {
                    "default": "usc1-api",
                    "enum": ["usc1-api", "euw1-api"],
                    "description": "Environment: usc1-api (US) or euw1-api (EU).",
                }
            },
        }
    ],
    scheme_name="CodeGrantAuth",
    nameless_overrides={
        # "Create a Subject Access Request": the bare "required / object" field has no name and
        # the request sample is "{ }". The SAR resource (Get SAR) has exactly one object field
        # besides "actions": "subject" -> the data subject of the request.
        "create_sar": ["subject"],
    },
    resource_names={"sar": "SubjectAccessRequest"},
    binary_responses={"download_sar_archive": "application/zip"},
    enum_names={"format": "IssueFormat", "status": "LegalHoldStatus", "requestType": "SarRequestType"},
    evident_items={"scopes": {"type": "string"}},
    whole_number_fields={
        # "Create a Subject Access Request" `serviceTime number` has no description; the SAR
        # resource ("Get SAR") shows it as "serviceTime": 30 beside "daysLeft": 29 and
        # "servicedDays": 0, i.e. the number of days the request has to be serviced in.
        ("create_sar", "serviceTime"): "a number of days (the SAR resource shows `serviceTime: 30` beside `daysLeft` and `servicedDays`)",
    },
    no_scope_reasons={
        "get_user_info": "any valid access token; the page names no scope for it and none of the nine scope descriptions covers it",
    },
    sensitive_fields=(
        "RegisterClassificationSourceRequest.authHeader",
        "RunClassificationSourceTestRequest.authHeader",
    ),
    pagination={
        # "Get list of issues": "Cursor refers to the last item you already received. The API will
        # return items newer than the cursor." The response's `cursor`, else the largest issue
        # `id` (what the cursor refers to); an empty page means caught up.
        "list_issues": {
            "cursor-param": "cursor",
            "cursor-kind": "position",
            "items-field": "issues",
            "cursor-field": "cursor",
            "cursor-from-items": "id",
            "cursor-merge": "server-first",
            "end": "empty-page",
        },
        # "Get issue updates": issues modified after `modifiedAfter`; the next value must not move
        # backwards, so the larger of the response's `modifiedAfter` and the newest `updated`.
        "get_issue_updates": {
            "cursor-param": "modifiedAfter",
            "cursor-kind": "position",
            "items-field": "issues",
            "cursor-field": "modifiedAfter",
            "cursor-from-items": "updated",
            "cursor-merge": "max",
            "end": "empty-page",
        },
        # "null in the response means that pagination is over"; the bodies are not documented.
        "list_sars": free_form_paging("no-cursor"),
        "list_locations": free_form_paging("no-cursor"),
        "list_location_files": free_form_paging("no-cursor"),
        # "every following request generates a new cursor": a cursor comes back even when caught
        # up, so an empty page ends the listing as well.
        "list_user_action_audit_events": free_form_paging("empty-page-or-no-cursor"),
        "list_content_lifecycle_audit_events": free_form_paging("empty-page-or-no-cursor"),
        # "As long as a cursor is not null, there's more data to fetch" (pages may be short).
        "list_sar_files": {
            "cursor-param": "cursor",
            "cursor-kind": "position",
            "items-field": "files",
            "cursor-field": "cursor",
            "end": "no-cursor",
        },
        "list_legal_hold_files": {
            "cursor-param": "cursor",
            "cursor-kind": "position",
            "items-field": "files",
            "cursor-field": "cursor",
            "end": "no-cursor",
        },
    },
    scheme_evidence=[
        {
            "source": "the API page (developers.egnyteprotect.com), CodeGrantAuth",
            "shows": "the authorization-code flow with `redirect_uri` on /oauth2/code and on both /oauth2/token grants (the example calls above), the nine scopes",
        },
        {
            "source": SPLUNK_ADD_ON,
            "shows": "GET /oauth2/code?client_id=...&no_redirect=true&response_type=code (no scope, no redirect_uri); POST /oauth2/token form with client_id, client_secret, grant_type, no_redirect=true and code or refresh_token, no redirect_uri; an older version sent redirect_uri=https://egnyte.com on the code exchange and a different one on refresh",
        },
        {
            "source": SPLUNK_ADD_ON + ", a newer version (provenance uncertain)",
            "shows": "requires access_token, refresh_token, expires_in (a number > 0) and token_type in the token response; stores the new refresh token after every refresh; retries the token endpoint on 429 and 500-511; logs the x-egnyte-request-id response header",
        },
    ],
    token_response={
        "type": "object",
        "description": "The token endpoint's success body (both grants), as public code reads it; the page shows none.",
        "properties": OrderedDict(
            [
                ("access_token", {"type": "string", "x-sensitive": True}),
                ("refresh_token", {"type": "string", "x-sensitive": True, "description": "A new refresh token may come with every refresh; keep the newest."}),
                ("expires_in", {"type": "integer", "description": "Lifetime of the access token in seconds."}),
                ("token_type", {"type": "string"}),
            ]
        ),
    },
    token_error={
        "type": "object",
        "description": "The token endpoint's error body (RFC 6749 section 5.2), as public code reads it.",
        "properties": OrderedDict([("error", {"type": "string"}), ("error_description", {"type": "string"})]),
    },
    request_id_header=(
        "x-egnyte-request-id",
        "Egnyte's id of the request, for support: quote it when reporting a failed call. The page does not name it; Egnyte's Splunk add-on logs it from every response.",
        [
            {
                "source": SPLUNK_ADD_ON + ", a newer version (provenance uncertain)",
                "shows": "logs the x-egnyte-request-id response header",
            }
        ],
    ),
)

LACEWORK = Vendor(
    key="lacework",
    out_file="lacework-edge.json",
    table="lacework-operations.csv",
    sections=[],
    info_paragraphs=1,
    error_shape={"message": SampleValue("string", "detailed error message")},
    error_schema={
        "type": "object",
        "description": "Error body shown on the page for failed requests.",
        "properties": OrderedDict([("message", {"type": "string"})]),
    },
    servers=[
        {
            "url": "https://{host}",
            "description": "Lacework Edge admin control plane.",
            "variables": {
                "host": {
                    "default": "app.edge-guardian.io",
                    "description": "Admin control-plane host of your region (formerly Edge Guardian).",
                }
            },
        }
    ],
    scheme_name="EdgeJwt",
    nameless_overrides={},
    resource_names={},
    binary_responses={},
    enum_names={"action": "PolicyAction"},
    evident_items={},
    unauthenticated_summaries=("TokenLogin", "Login"),
    echoed_page_tokens=("continuation_token",),
    bodyless_inputs={
        # "Creates a new dataset/list by name and returns UUID. Does not add items." — no
        # parameter carries the name.
        "create_dataset": "by name",
    },
    sensitive_fields=(
        "ClientConfig.guest_user_api_token",
        "Connector.access_token",
        "Connector.secret_hash",
        "CreateClientConfigRequest.guest_user_api_token",
        "Integration.encrypted_credentials",
        "LoginResponse.time_id_token",
        "LoginResponse.token",
        "NotificationChannel.encrypted_credentials",
        "Token.secret",
        "UpdateClientConfigRequest.guest_user_api_token",
        "User.mfa_encrypted_secret",
        "UserDevice.private_key_encrypted",
    ),
    pagination={
        # Rule "next-page tokens": the inferred `continuation_token` parameter sends back the
        # response's token (opaque); a response without one (or an empty one) is the last page.
        "list_dataset_items": {
            "cursor-param": "continuation_token",
            "cursor-kind": "token",
            "items-field": "customer_dataset_items",
            "cursor-field": "continuation_token",
            "end": "no-cursor",
        },
        "list_user_devices": {
            "cursor-param": "continuation_token",
            "cursor-kind": "token",
            "items-field": "devices",
            "cursor-field": "continuation_token",
            "end": "no-cursor",
        },
    },
    operation_evidence={
        "create_app": OrderedDict(
            [
                (
                    "x-evidence",
                    [
                        {
                            "source": "the API page (edge.docs.lacework.net/api), \"Create an app.\"",
                            "shows": "request body {account_name, app: proto.App}; the spec follows it (CreateAppRequest)",
                        },
                        {
                            "source": "the usage page edge.docs.lacework.net/interfaces/usage/apps, \"REST API\"",
                            "shows": "POST /api/v1/apps with a flat body {name, description, protocol, host, port, connector_unique_name, internal_protocol, internal_host_pattern, internal_port, \"status\": \"ACTIVE\"}: the same JSON file the page gives to egcli create-app --from_file",
                        },
                    ],
                ),
                (
                    "x-doubt",
                    "The body's shape: the API page wraps the app in `app` beside `account_name`, the usage page sends the app's fields at the top level. The spec follows the API page (openapi/README.md, \"Evidence\"); a flat body can be sent through `CreateAppRequest.extra` with `app` unset. The vendor's downloadable spec (cargo xtask import-spec) or one call against a tenant settles it.",
                ),
            ]
        ),
        "create_user": OrderedDict(
            [
                (
                    "x-evidence",
                    [
                        {
                            "source": "the API page (edge.docs.lacework.net/api), \"Create a user.\"",
                            "shows": "request body {account_name, send_invitation, user: proto.User, user_pii: proto.UserPii}; the User sample has \"role\": 0 (an integer), and no names for role values anywhere on the page; the spec follows it",
                        },
                        {
                            "source": "the usage page edge.docs.lacework.net/interfaces/usage/users, \"REST API\"",
                            "shows": "POST /api/v1/users with {\"user\": {display_name, role}, \"user_pii\": {email, login}}, \"role\": \"<ROLE_USER or ROLE_ADMIN as appropriate>\"; its schema table: \"Role can be ROLE_ADMIN, ROLE_USER\"",
                        },
                    ],
                ),
                (
                    "x-doubt",
                    "`user.role`: the usage page writes names (ROLE_ADMIN, ROLE_USER), the API page an integer, and no public source gives the names' numbers. The spec keeps the integer and names no value (inventing the numbers could create an admin by mistake); a name can be sent through `User.extra` (`\"role\": \"ROLE_ADMIN\"`, with `role` unset). A response that writes a name does not decode (the error names the JSON path) until the numbers are known and added as `x-enum-varnames`.",
                ),
            ]
        ),
    },
)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def pascal(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", snake) if part)


def vendor_component(vendor_name: str) -> str:
    """proto.App -> App, pbcommon.Bool -> Bool, proto.CaCertificate_Purpose -> CaCertificate_Purpose."""
    return vendor_name.rsplit(".", 1)[-1]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


NO_DEFAULT = object()


def ref_with(name: str, description: Optional[str] = None, default: Any = NO_DEFAULT) -> dict:
    """A $ref, wrapped in a one-element allOf when the field adds a description or default
    (OpenAPI 3.0 ignores keys beside $ref; generators resolve the one-element allOf to the type)."""
    if not description and default is NO_DEFAULT:
        return ref(name)
    s: dict = {"allOf": [ref(name)]}
    if description:
        s["description"] = description
    if default is not NO_DEFAULT:
        s["default"] = default
    return s


def with_description(schema: dict, description: Optional[str]) -> dict:
    if description:
        schema = dict(schema)
        schema["description"] = description
    return schema


def open_object(description: Optional[str] = None) -> dict:
    s: dict = {"type": "object", "additionalProperties": True}
    if description:
        s["description"] = description
    return s


@dataclass
class Row:
    ordinal: int
    summary: str
    operation_id: str
    tags: list[str]
    method: str
    path: str
    path_source: str
    scope: Optional[str]


# `path_source` values: seen in public material, inferred, or taken from the vendor's own OpenAPI
# file by `cargo xtask import-spec`.
PATH_SOURCES = ("confirmed", "inferred", "vendor-spec")


def imported_operations(spec: Path) -> list[str]:
    """The operationIds of `spec` marked `x-path-source: vendor-spec` (imported by
    `cargo xtask import-spec`), in file order; none when the file does not exist."""
    if not spec.exists():
        return []
    doc = json.loads(spec.read_text(encoding="utf-8"))
    ids = []
    for item in (doc.get("paths") or {}).values():
        for op in item.values():
            if isinstance(op, dict) and op.get("x-path-source") == "vendor-spec":
                ids.append(str(op.get("operationId")))
    return ids


def read_table(path: Path, vendor: Vendor) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = []
        for rec in reader:
            tags_field = rec.get("tags") if "tags" in rec else rec.get("tag")
            if tags_field is None:
                raise BuildError(f"{path.name}: no tags/tag column")
            scope = rec.get("scope")
            rows.append(
                Row(
                    ordinal=int(rec["ordinal"]),
                    summary=rec["summary"],
                    operation_id=rec["operation_id"].strip(),
                    tags=[t.strip() for t in tags_field.split(";") if t.strip()],
                    method=rec["method"].strip().lower(),
                    path=rec["path"].strip(),
                    path_source=rec["path_source"].strip(),
                    scope=(scope.strip() or None) if scope is not None else None,
                )
            )
    return rows


def check_table(page: Page, rows: list[Row], vendor: Vendor) -> None:
    """Every heading of the page has its row (same ordinal and summary), and nothing else."""
    problems = []
    extra = rows[len(page.operations) :]
    if extra and all(row.path_source == "vendor-spec" for row in extra):
        problems.append(
            f"rows {extra[0].ordinal}..{extra[-1].ordinal} ({', '.join(r.operation_id for r in extra)}) are "
            "operations only in the vendor's file, added by `cargo xtask import-spec`: the page cannot build "
            "them (delete those rows to rebuild from the page without them)"
        )
    elif len(rows) != len(page.operations):
        problems.append(f"{len(rows)} rows for {len(page.operations)} page operations")
    for op, row in zip(page.operations, rows):
        if row.ordinal != op.ordinal or row.summary != op.summary:
            problems.append(f"row {row.ordinal} {row.summary!r} != page #{op.ordinal} {op.summary!r} (line {op.line})")
        if row.method not in ("get", "post", "put", "patch", "delete"):
            problems.append(f"row {row.ordinal}: method {row.method!r}")
        if row.path_source not in PATH_SOURCES:
            problems.append(f"row {row.ordinal}: path_source {row.path_source!r}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", row.operation_id):
            problems.append(f"row {row.ordinal}: operation_id {row.operation_id!r} is not snake_case")
        page_path_params = [p.name for p in op.parameters if p.location == "path"]
        tpl = re.findall(r"\{([^}]+)\}", row.path)
        if sorted(tpl) != sorted(page_path_params):
            problems.append(f"row {row.ordinal} {row.operation_id}: path {row.path} params {tpl} != page path params {page_path_params}")
        if vendor.sections and op.section not in row.tags:
            problems.append(f"row {row.ordinal}: page section {op.section!r} not in tags {row.tags}")
    by_id: dict[str, list[int]] = {}
    for op, row in zip(page.operations, rows):
        by_id.setdefault(row.operation_id, []).append(op.ordinal - 1)
    for op_id, idxs in by_id.items():
        if len(idxs) > 1:
            # One operation listed under several sections: the appearances must be identical.
            first = rows[idxs[0]]
            for i in idxs[1:]:
                other = rows[i]
                if (other.method, other.path, other.tags, other.scope) != (first.method, first.path, first.tags, first.scope):
                    problems.append(f"{op_id}: rows {first.ordinal} and {other.ordinal} disagree")
                if op_fingerprint(page.operations[i]) != op_fingerprint(page.operations[idxs[0]]):
                    problems.append(f"{op_id}: page appearances #{first.ordinal} and #{other.ordinal} differ")
            sections = sorted({page.operations[i].section for i in idxs if page.operations[i].section})
            if vendor.sections and sorted(first.tags) != sections:
                problems.append(f"{op_id}: tags {first.tags} != sections {sections}")
    seen = set()
    for row in rows:
        key = (row.method, re.sub(r"\{[^}]+\}", "{}", row.path))
        if key in seen and len(by_id[row.operation_id]) == 1:
            problems.append(f"row {row.ordinal}: {row.method.upper()} {row.path} used twice")
        seen.add(key)
    if problems:
        raise BuildError(f"{vendor.table} does not match the page:\n  " + "\n  ".join(problems))


def op_fingerprint(op: Operation) -> str:
    import dataclasses

    d = dataclasses.asdict(op)
    for k in ("ordinal", "section", "line"):
        d.pop(k)

    def strip_lines(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip_lines(v) for k, v in x.items() if k != "line"}
        if isinstance(x, list):
            return [strip_lines(v) for v in x]
        return x

    return json.dumps(strip_lines(d), sort_keys=True, default=str)


# --------------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------------


@dataclass
class ResolvedField:
    name: str
    required: bool
    schema: Optional[TypeInfo]  # None: field only in the request sample
    description: Optional[str]
    sample: Optional[SampleValue]
    nameless: bool = False


class SpecBuilder:
    def __init__(self, vendor: Vendor, page: Page, rows: list[Row], promote: frozenset = frozenset()):
        self.v = vendor
        self.page = page
        self.rows = rows
        self.schemas: dict[str, dict] = {}
        self.schema_origin: dict[str, str] = {}
        # ops: unique operations in page order: (first page op, row)
        self.ops: list[tuple[Operation, Row]] = []
        seen: set[str] = set()
        for op, row in zip(page.operations, rows):
            if row.operation_id in seen:
                continue
            seen.add(row.operation_id)
            self.ops.append((op, row))
        self.fields: dict[str, list[ResolvedField]] = {}
        self.enum_components: dict[tuple, str] = {}
        self.vendor_enum_by_field: dict[tuple, str] = {}
        self.resource_of_singular: dict[str, str] = {}
        self.resource_of_plural: dict[str, str] = {}
        self.response_component: dict[str, str] = {}
        self.declared_items: dict[str, Optional[dict]] = {}
        self.enum_varnames: dict[str, list[str]] = {}
        self.current_tags: list[str] = []
        self.generic_keysets: dict[tuple, str] = {}
        self.resource_tags: dict[str, list[str]] = {}
        # Response fields typed from the page's declarations (declared_response_type):
        # enum keys a response field needs as a component (the build is repeated with them in
        # `promote`), the fields typed and the fields left as sampled (with the reason).
        self.promote = promote
        self.promote_needed: set[tuple] = set()
        self.declared_typed: list[tuple[str, str, str]] = []
        self.declared_conflicts: list[tuple[str, str, str]] = []
        self.decl_by_tag: dict[tuple[str, str], list[tuple[str, TypeInfo]]] = {}
        self.shared_vendor_decl: dict[str, tuple[str, TypeInfo]] = {}
        # Rules "whole numbers the page types `number`" and "inferred request bodies": what they
        # changed, for the figures.
        self.whole_numbers: list[tuple[str, str]] = []
        self.inferred_bodies: list[tuple[str, str]] = []

    # -- pass 0: request-body field names ------------------------------------------------------

    def resolve_fields(self, op: Operation, row: Row) -> list[ResolvedField]:
        body = op.request_body
        assert body is not None
        sample = next((s for s in op.request_samples if s.kind == "object"), None)
        sample_keys = sample.keys() if sample else []
        named = {f.name for f in body.fields if f.name}
        for name in named:
            if sample and sample.entries and name not in sample_keys:
                raise BuildError(f"{row.operation_id}: field {name!r} missing from the request sample")
        overrides = list(self.v.nameless_overrides.get(row.operation_id, []))
        out: list[ResolvedField] = []
        pos = 0
        used: set[str] = set()
        for f in body.fields:
            if f.name:
                if f.name in sample_keys:
                    pos = max(pos, sample_keys.index(f.name) + 1)
                used.add(f.name)
                out.append(ResolvedField(f.name, f.required, f.schema, f.description, sample.get(f.name) if sample else None))
                continue
            # Nameless field: the next sample key (after the previous named field) that the field
            # list does not name, of the same JSON kind.
            want = "array" if f.schema.type == "array" else "object"
            name = None
            while pos < len(sample_keys):
                key = sample_keys[pos]
                pos += 1
                if key in named or key in used:
                    continue
                sv = sample.get(key)
                if sv.kind != want:
                    raise BuildError(
                        f"{row.operation_id}: nameless {f.schema.raw!r} (line {f.line}) would take sample key "
                        f"{key!r} of kind {sv.kind}"
                    )
                name = key
                break
            if name is None:
                if not overrides:
                    raise BuildError(f"{row.operation_id}: cannot recover the name of {f.schema.raw!r} at line {f.line}")
                name = overrides.pop(0)
            used.add(name)
            out.append(ResolvedField(name, f.required, f.schema, f.description, sample.get(name) if sample else None, nameless=True))
        if overrides:
            raise BuildError(f"{row.operation_id}: unused nameless overrides {overrides}")
        # Fields only in the request sample.
        for key in sample_keys:
            if key not in used:
                out.append(ResolvedField(key, False, None, None, sample.get(key)))
                used.add(key)
        return out

    # -- pass 1: enums -------------------------------------------------------------------------

    def all_typed_entries(self):
        """(operationId, name, TypeInfo, description) for every parameter and body field."""
        for op, row in self.ops:
            for p in op.parameters:
                yield row.operation_id, p.name, p.schema, p.description
            for f in self.fields.get(row.operation_id, []):
                if f.schema is not None:
                    yield row.operation_id, f.name, f.schema, f.description

    @staticmethod
    def enum_key(name: str, info: TypeInfo) -> Optional[tuple]:
        if info.enum is not None:
            return (name, info.type, tuple(info.enum))
        if info.items_enum is not None:
            return (name, info.items_type, tuple(info.items_enum))
        return None

    def plan_enums(self) -> None:
        users: dict[tuple, set[str]] = {}
        for op_id, name, info, desc in self.all_typed_entries():
            key = self.enum_key(name, info)
            if key is None:
                continue
            users.setdefault(key, set()).add(op_id)
            if info.vendor_name:
                comp = vendor_component(info.vendor_name)
                if self.vendor_enum_by_field.get(key, comp) != comp:
                    raise BuildError(f"{key}: two vendor names")
                self.vendor_enum_by_field[key] = comp
                self.register_enum(comp, key[1], list(key[2]), key, info.vendor_name)
        for key, ops in sorted(users.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2]))):
            if key in self.enum_components:
                continue
            if key in self.vendor_enum_by_field:
                continue
            # (An unnamed enum with the same field name and values as a vendor-named one is that
            # enum: skipped above.) An unnamed enum used by several operations, or taken by a
            # response field (declared_response_type), is a component named after the field.
            if len(ops) > 1 or key in self.promote:
                comp = self.v.enum_names.get(key[0]) or pascal(key[0])
                if comp in self.schemas and self.schemas[comp].get("enum") != list(key[2]):
                    raise BuildError(f"enum component name {comp} used for two different enums")
                shared_by = "several operations" if len(ops) > 1 else "one operation's declaration and a response schema"
                self.register_enum(comp, key[1], list(key[2]), key, shared_by=shared_by)
        # Names of integer enum values given in a field description ("INIT = 1; ACTIVE = 2;").
        for op_id, name, info, desc in self.all_typed_entries():
            names = self.enum_names_from(desc, info)
            if not names:
                continue
            key = self.enum_key(name, info)
            comp = self.enum_components.get(key)
            if comp:
                prev = self.enum_varnames.get(comp)
                if prev and prev != names:
                    raise BuildError(f"{comp}: two different value-name lists")
                self.enum_varnames[comp] = names
        for comp, names in sorted(self.enum_varnames.items()):
            s = self.schemas[comp]
            s["x-enum-varnames"] = names
            named = "; ".join(f"{n} = {v}" for n, v in zip(names, s["enum"]))
            s["description"] = (s.get("description", "") + f" Values: {named}.").strip()

    @staticmethod
    def enum_names_from(desc: Optional[str], info: TypeInfo) -> Optional[list[str]]:
        if not desc or info.enum is None or info.type != "integer":
            return None
        for para in desc.split("\n\n"):
            if ENUM_NAMES_RE.match(para.strip()):
                pairs = {int(v): n for n, v in re.findall(r"([A-Z][A-Z0-9_]*) = (-?\d+);", para)}
                names = []
                for value in info.enum:
                    if value in pairs:
                        names.append(pairs[value])
                    elif value == 0:
                        names.append(ZERO_NAME)
                    else:
                        raise BuildError(f"enum value {value} has no name in {para!r}")
                return names
        return None

    def register_enum(
        self,
        comp: str,
        typ: str,
        values: list,
        key: tuple,
        vendor_name: Optional[str] = None,
        shared_by: str = "several operations",
    ) -> None:
        schema = {"type": typ, "enum": values}
        existing = self.schemas.get(comp)
        if existing is not None and (existing.get("enum") != values or existing.get("type") != typ):
            raise BuildError(f"enum {comp}: conflicting definitions {existing.get('enum')} vs {values}")
        if existing is None:
            if vendor_name:
                schema["description"] = f"Vendor enum `{vendor_name}`."
            else:
                schema["description"] = f"Values of `{key[0]}`, shared by {shared_by}."
            self.schemas[comp] = schema
        self.enum_components[key] = comp

    # -- schema from a page type ---------------------------------------------------------------

    def type_schema(self, name: str, info: TypeInfo, description: Optional[str]) -> dict:
        key = self.enum_key(name, info)
        comp = self.enum_components.get(key) if key else None
        if info.type == "array":
            if comp:
                items = ref(comp)
            elif info.vendor_name:
                items = ref(self.object_component(info.vendor_name))
            elif info.items_type == "object":
                items = open_object()
            elif info.items_type == "array":
                items = {"type": "array", "items": {}}
            else:
                items = {"type": info.items_type}
                if info.items_enum is not None:
                    items["enum"] = list(info.items_enum)
            schema: dict = {"type": "array", "items": items}
        elif comp:
            return ref_with(comp, description, info.default if info.has_default else NO_DEFAULT)
        elif info.type == "object":
            if info.vendor_name:
                return ref_with(self.object_component(info.vendor_name), description)
            return open_object(description)
        else:
            schema = {"type": info.type}
            if info.format:
                schema["format"] = info.format
            if info.enum is not None:
                schema["enum"] = list(info.enum)
        if info.minimum is not None:
            schema["minimum"] = info.minimum
            if info.exclusive_minimum:
                schema["exclusiveMinimum"] = True
        if info.maximum is not None:
            schema["maximum"] = info.maximum
            if info.exclusive_maximum:
                schema["exclusiveMaximum"] = True
        if info.min_length is not None:
            schema["minLength"] = info.min_length
        if info.max_length is not None:
            schema["maxLength"] = info.max_length
        if info.has_default:
            schema["default"] = info.default
        return with_description(schema, description)

    def object_component(self, vendor_name: str) -> str:
        comp = vendor_component(vendor_name)
        if comp not in self.schemas:
            self.schemas[comp] = open_object(
                f"Vendor type `{vendor_name}`. The page shows no fields for it (the renderer collapsed it)."
            )
            self.schema_origin[comp] = "vendor-open"
        return comp

    # -- schema from a sample value ------------------------------------------------------------

    def sample_schema(self, key: str, sv: SampleValue, op: Operation) -> dict:
        if sv.kind == "string":
            s: dict = {"type": "string"}
            if isinstance(sv.value, str) and UUID_RE.match(sv.value):
                s["format"] = "uuid"
            return s
        if sv.kind == "integer":
            s = {"type": "integer"}
            if abs(sv.value) >= EPOCH_MS_MIN:
                s["format"] = "int64"
            return s
        if sv.kind == "number":
            return {"type": "number"}
        if sv.kind == "boolean":
            return {"type": "boolean"}
        if sv.kind == "null":
            for p in op.parameters:
                if p.name == key:
                    return {"type": p.schema.type}
            return {}
        if sv.kind == "object":
            comp = self.resource_of_singular.get(key)
            if comp and comp in self.schemas and "properties" in self.schemas[comp]:
                return ref(comp)
            return open_object()
        if sv.kind == "array":
            comp = self.resource_of_plural.get(key)
            if comp:
                return {"type": "array", "items": ref(comp)}
            if key in self.v.evident_items:
                return {"type": "array", "items": dict(self.v.evident_items[key])}
            items = self.declared_items.get((None, key))
            for tag in self.current_tags:
                items = items or self.declared_items.get((tag, key))
            if items is not None:
                return {"type": "array", "items": items}
            return {"type": "array", "items": {}}
        raise BuildError(f"sample kind {sv.kind}")

    def object_from_sample(
        self, sample: Sample, op: Operation, component: str, description: Optional[str] = None, row: Optional[Row] = None
    ) -> dict:
        props = OrderedDict()
        for k, sv in sample.entries:
            props[k] = self.declared_response_type(component, k, sv, self.sample_schema(k, sv, op))
        # A list_<resources> response with a single array holds that resource (customer_datasets).
        arrays = [k for k, sv in sample.entries if sv.kind == "array"]
        comp = self.evident_resource(row) if row is not None and row.operation_id.startswith("list_") else None
        if comp and len(arrays) == 1 and props[arrays[0]].get("items") == {}:
            props[arrays[0]] = {"type": "array", "items": ref(comp)}
        s: dict = {"type": "object"}
        if description:
            s["description"] = description
        s["properties"] = props
        return s

    # -- response fields typed from the page's declarations ------------------------------------

    def index_declarations(self) -> None:
        """Index the page's non-array parameter and body-field declarations by (tag, name), and
        find the shared vendor types: a field name declared with one vendor type (`status`
        `integer (proto.EnumStatus)`) by operations of at least two different tags."""
        tags_of = {row.operation_id: row.tags for _, row in self.ops}
        vendor_tags: dict[str, dict[str, set[str]]] = {}
        first: dict[tuple[str, str], tuple[str, TypeInfo]] = {}
        for op_id, name, info, _desc in self.all_typed_entries():
            if info.type == "array":
                continue  # declared arrays: the declared-items rule (sample_schema)
            for tag in tags_of[op_id]:
                self.decl_by_tag.setdefault((tag, name), []).append((op_id, info))
            if info.vendor_name:
                vendor_tags.setdefault(name, {}).setdefault(info.vendor_name, set()).update(tags_of[op_id])
                first.setdefault((name, info.vendor_name), (op_id, info))
        for name, by_vendor in sorted(vendor_tags.items()):
            shared = sorted(vn for vn, tags in by_vendor.items() if len(tags) > 1)
            if len(shared) == 1:
                self.shared_vendor_decl[name] = first[(name, shared[0])]

    def declared_form(self, name: str, info: TypeInfo) -> Optional[tuple]:
        """What a declaration says beyond a JSON type: ("enum", enum key), ("ref", vendor type)
        or ("format", type, format); None when it says nothing more."""
        if info.enum is not None:
            return ("enum", self.enum_key(name, info))
        if info.type == "object" and info.vendor_name:
            return ("ref", info.vendor_name)
        if info.format:
            return ("format", info.type, info.format)
        return None

    @staticmethod
    def kind_fits(kind: str, typ: str) -> bool:
        return kind == typ or (kind == "integer" and typ == "number")

    def declared_response_type(self, component: str, key: str, sv: SampleValue, schema: dict) -> dict:
        """Rule "response fields take the page's declaration": a response field typed from its
        sample value takes the enum component, vendor type or format the page declares for a
        field or parameter of the same name, on an operation of the same tag (the same resource),
        else the shared vendor type of that name (see index_declarations). The sample value must
        fit the declaration; when it does not, the sample type stays and the case is recorded."""
        if sv.kind not in ("string", "integer", "number", "boolean", "object") or "$ref" in schema:
            return schema
        where = f"{component}.{key}"
        # Declarations that say no more than a JSON type (list filters such as `status string`)
        # are not evidence either way.
        decls = [
            (op_id, info)
            for tag in self.current_tags
            for op_id, info in self.decl_by_tag.get((tag, key), [])
            if self.declared_form(key, info) is not None
        ]
        source = "same tag: " + ", ".join(sorted({op_id for op_id, _ in decls}))
        if not decls and key in self.shared_vendor_decl:
            decls = [self.shared_vendor_decl[key]]
            source = f"shared vendor type {decls[0][1].vendor_name}"
        if not decls:
            return schema
        forms: dict[tuple, TypeInfo] = {}
        for _, info in decls:
            forms.setdefault(self.declared_form(key, info), info)
        if len(forms) > 1:
            self.declared_conflicts.append((where, repr(sv.value), f"the declarations disagree ({source})"))
            return schema
        (form, info), = forms.items()
        if form[0] == "enum":
            _, typ, values = form[1]
            if not self.kind_fits(sv.kind, typ):
                why = f"sample {sv.kind}, declared {info.raw} enum"
            elif sv.value not in values:
                why = f"sample value not in the declared enum {list(values)}"
            else:
                why = None
            if why:
                self.declared_conflicts.append((where, repr(sv.value), f"{why} ({source})"))
                return schema
            comp = self.enum_components.get(form[1])
            if comp is None:
                # First build: the enum is still inline; the build is repeated with it promoted.
                self.promote_needed.add(form[1])
                return {"type": typ, "enum": list(values)}
            new = ref_with(comp, schema.get("description"))
            what = comp
        elif form[0] == "ref":
            if sv.kind != "object":
                self.declared_conflicts.append((where, repr(sv.value), f"sample {sv.kind}, declared {info.raw} ({source})"))
                return schema
            comp = self.object_component(form[1])
            new = ref_with(comp, schema.get("description"))
            what = comp
        else:
            _, typ, fmt = form
            if not self.kind_fits(sv.kind, typ) or schema.get("format", fmt) != fmt:
                self.declared_conflicts.append((where, repr(sv.value), f"sample {schema}, declared {info.raw} ({source})"))
                return schema
            if schema.get("format") == fmt and schema.get("type") == typ:
                return schema  # the sample already says it
            new = with_description({"type": typ, "format": fmt}, schema.get("description"))
            what = f"{typ} <{fmt}>"
        self.declared_typed.append((where, what, source))
        return new

    # -- responses -----------------------------------------------------------------------------

    def is_error_sample(self, sample: Sample) -> bool:
        if sample.kind != "object" or [k for k, _ in sample.entries] != list(self.v.error_shape):
            return False
        return all(sv.kind == self.v.error_shape[k].kind for k, sv in sample.entries)

    def success_sample(self, op: Operation) -> Optional[Sample]:
        samples = [s for s in op.response_samples if "application/json" in s.media_types]
        if len(samples) > 1:
            raise BuildError(f"{op.summary}: several JSON response samples")
        return samples[0] if samples else None

    def plan_resources(self) -> None:
        """Name the response objects: resource components first (get_<x>), then create/update."""
        # Singular resources from get_<singular> operations with an object sample.
        candidates: list[tuple[int, Operation, Row, str]] = []
        for op, row in self.ops:
            m = re.match(r"^(get|create|update)_(\w+)$", row.operation_id)
            if not m:
                continue
            priority = {"get": 0, "create": 1, "update": 2}[m.group(1)]
            candidates.append((priority, op, row, m.group(2)))
        keysets: dict[str, tuple] = {}
        # get_ before create_ before update_; among operations returning the same object, the
        # shortest resource word names it (create_token and create_temporary_access_token -> Token).
        group_rank: dict[tuple, tuple] = {}
        for priority, op, row, singular in candidates:
            sample = self.success_sample(op)
            if sample is not None and sample.kind == "object":
                k = tuple(sample.keys())
                group_rank[k] = min(group_rank.get(k, (9, 999, 0)), (priority, len(singular), op.ordinal))
        def rank(c):
            sample = self.success_sample(c[1])
            own = (c[0], len(c[3]), c[1].ordinal)
            if sample is None or sample.kind != "object":
                return (own, own)
            return (group_rank[tuple(sample.keys())], own)
        for priority, op, row, singular in sorted(candidates, key=rank):
            sample = self.success_sample(op)
            if sample is None or sample.kind != "object" or not sample.entries or self.is_error_sample(sample):
                continue
            name = self.v.resource_names.get(singular, pascal(singular))
            keys = tuple(sample.keys())
            same = next((c for c, ks in keysets.items() if ks == keys), None)
            if same:
                self.response_component[row.operation_id] = same
                continue
            if name in keysets or (name in self.schemas and self.schema_origin.get(name) != "vendor-open"):
                continue  # name taken by a different shape: decided in the generic pass
            keysets[name] = keys
            self.resource_tags[name] = row.tags
            self.response_component[row.operation_id] = name
            self.resource_of_singular.setdefault(singular, name)
        self.resource_keysets = keysets
        # Keys of list responses that name a resource: "apps" -> App, "users" -> User, ...
        for singular, comp in list(self.resource_of_singular.items()):
            for plural in (singular + "s", singular + "es", re.sub(r"y$", "ies", singular)):
                if any(r.operation_id == f"list_{plural}" for _, r in self.ops):
                    self.resource_of_plural.setdefault(plural, comp)

    def build_resource_schemas(self) -> None:
        for op, row in self.ops:
            comp = self.response_component.get(row.operation_id)
            if not comp or comp in self.schemas and self.schema_origin.get(comp) != "vendor-open":
                continue
            sample = self.success_sample(op)
            # The resource's own tag (of the operation that names it: get_client_config for
            # ClientConfig, although update_ca_certificate returns it too and comes first).
            self.current_tags = self.resource_tags[comp]
            s = self.object_from_sample(sample, op, comp)
            self.schemas[comp] = s
            self.schema_origin[comp] = f"response of {row.operation_id}"

    def success_response(self, op: Operation, row: Row) -> dict:
        self.current_tags = row.tags
        if row.operation_id in self.v.binary_responses:
            media = self.v.binary_responses[row.operation_id]
            return {
                "description": "The file content (binary).",
                "content": {media: {"schema": {"type": "string", "format": "binary"}}},
            }
        sample = self.success_sample(op)
        if sample is not None and sample.kind == "string" and sample.value == "":
            return {"description": "Success. The page's response sample is an empty string: no body."}
        if sample is None or sample.kind == "none" or self.is_error_sample(sample):
            why = "shows no response sample" if sample is None or sample.kind == "none" else "shows only the error body"
            comp = self.evident_resource(row, singular_only=True)
            if comp:
                schema = ref(comp)
                desc = f"Success. The page {why}; the operation evidently returns the {comp}."
            else:
                schema = open_object(f"The page {why} for this operation; the body is not documented.")
                desc = f"Success. The page {why}: undocumented JSON object."
            return {"description": desc, "content": {"application/json": {"schema": schema}}}
        if sample.kind == "object":
            comp = self.response_component.get(row.operation_id)
            if comp is None:
                keys = tuple(sample.keys())
                comp = next((c for c, ks in self.resource_keysets.items() if ks == keys), None)
            if comp is None and sample.entries:
                comp = self.generic_component(op, row, sample)
            schema = ref(comp) if comp else open_object("The page's sample is an empty object.")
            return {"description": "Success.", "content": {"application/json": {"schema": schema}}}
        if sample.kind == "array":
            comp = self.evident_resource(row) if row.operation_id.startswith("list_") else None
            if comp and all(it.kind == "object" for it in sample.items):
                items = ref(comp)
            elif sample.items:
                items = self.sample_schema("", sample.items[0], op)
            else:
                items = {}
            return {"description": "Success.", "content": {"application/json": {"schema": {"type": "array", "items": items}}}}
        if sample.kind == "string":
            return {"description": "Success.", "content": {"application/json": {"schema": {"type": "string"}}}}
        raise BuildError(f"{row.operation_id}: unhandled sample kind {sample.kind}")

    def generic_component(self, op: Operation, row: Row, sample: Sample) -> str:
        """A response object that is not a resource: <OperationId>Response, shared by every
        operation whose sample has the same top-level keys. The owner (whose name is used) is the
        list_<key> operation of a one-key {<key>: [...]} sample, else the first in page order."""
        keys = tuple(sample.keys())
        if keys not in self.generic_keysets:
            group = []
            for o, r in self.ops:
                if r.operation_id in self.response_component:
                    continue
                smp = self.success_sample(o)
                if smp is not None and smp.kind == "object" and tuple(smp.keys()) == keys and not self.is_error_sample(smp):
                    group.append(r)
            owner = next((r for r in group if len(keys) == 1 and r.operation_id == f"list_{keys[0]}"), group[0])
            comp = pascal(owner.operation_id) + "Response"
            if comp in self.schemas:
                raise BuildError(f"component {comp} exists")
            self.schemas[comp] = self.object_from_sample(sample, op, comp, row=row)
            self.schema_origin[comp] = f"response of {owner.operation_id}"
            self.generic_keysets[keys] = comp
        return self.generic_keysets[keys]

    def evident_resource(self, row: Row, singular_only: bool = False) -> Optional[str]:
        """The resource component an operation evidently returns (get/create/update_<x> -> X,
        list_<xs> -> X for the items of a top-level array)."""
        m = re.match(r"^(get|update|create|list)_(\w+)$", row.operation_id)
        if not m or (singular_only and m.group(1) == "list"):
            return None
        if m.group(1) == "list":
            return self.resource_of_plural.get(m.group(2))
        return self.resource_of_singular.get(m.group(2))

    # -- request bodies ------------------------------------------------------------------------

    def request_body(self, op: Operation, row: Row) -> Optional[dict]:
        body = op.request_body
        if body is None:
            return self.inferred_request_body(op, row)
        fields = self.fields[row.operation_id]
        self.current_tags = row.tags
        props = OrderedDict()
        required = []
        for f in fields:
            if f.schema is not None:
                props[f.name] = self.whole_number(
                    row, f.name, f.schema, f.description, self.type_schema(f.name, f.schema, f.description)
                )
            else:
                props[f.name] = self.sample_schema(f.name, f.sample, op)
            if f.required:
                required.append(f.name)
        comp = pascal(row.operation_id) + "Request"
        schema: dict = {"type": "object"}
        if body.description:
            schema["description"] = body.description
        if required:
            schema["required"] = required
        schema["properties"] = props
        if comp in self.schemas:
            raise BuildError(f"component {comp} exists")
        self.schemas[comp] = schema
        self.schema_origin[comp] = f"request of {row.operation_id}"
        rb: dict = {}
        if body.description:
            rb["description"] = body.description
        rb["content"] = {body.media_type: {"schema": ref(comp)}}
        if body.required:
            rb["required"] = True
        return rb

    def inferred_request_body(self, op: Operation, row: Row) -> Optional[dict]:
        """Rule "inferred request bodies": an operation that evidently changes something but whose
        page shows no request body could not send the change. An `update_<x>` takes the resource
        `<X>` that `get_<x>` returns (a partial update), or an open JSON object when there is no
        such resource; a `create_<x>` whose description names an input no parameter carries
        (`bodyless_inputs`) takes an open JSON object. The requestBody is optional and marked
        `x-inferred: true`; its description says why it is there."""
        if row.method in ("get", "delete"):
            return None
        said = op.description.split("\n\n")[-1].strip() if op.description else op.summary
        update = re.match(r"^update_(\w+)$", row.operation_id)
        phrase = self.v.bodyless_inputs.get(row.operation_id)
        resource = None
        if phrase is not None:
            if phrase not in (op.description or ""):
                raise BuildError(f"{row.operation_id}: the page's description does not say {phrase!r}")
            if op.parameters:
                raise BuildError(f"{row.operation_id}: has parameters; the bodyless-input rule assumes none")
            why = (
                f"although its description says it creates the resource {phrase} (\"{said}\") and no"
                " parameter carries that input"
            )
        elif update:
            word = update.group(1)
            comp = self.resource_of_singular.get(word)
            if comp and any(r.operation_id == f"get_{word}" for _, r in self.ops):
                resource = comp
                why = f"although it updates an existing {comp} (\"{said}\")"
            else:
                why = f"although it evidently changes something (\"{said}\")"
        else:
            return None
        what = "the input" if phrase is not None else "the change"
        lead = f"The page shows no request body for this operation, {why}: without a body {what} could not be sent."
        if resource:
            own = self.success_sample(op)
            props = list(self.schemas[resource].get("properties", {}))
            same_shape = own is not None and own.kind == "object" and list(own.keys()) == props
            desc = (
                f"{lead} Inferred: the `{resource}` resource that `get_{update.group(1)}` returns"
                + (" (the shape of this operation's own response sample)" if same_shape else "")
                + ", sent as a partial update: set only the fields to change. Which fields the server"
                " accepts, and which it treats as read-only, is not documented."
            )
            schema: dict = ref(resource)
        else:
            desc = f"{lead} Inferred: a JSON object; the page shows none of its fields, so they are unknown."
            schema = open_object("Fields unknown: the page shows no request body for this operation.")
        self.inferred_bodies.append((row.operation_id, resource or "open object"))
        return OrderedDict(
            [
                ("description", desc),
                ("content", {"application/json": {"schema": schema}}),
                ("x-inferred", True),
            ]
        )

    # -- whole numbers the page types `number` ---------------------------------------------------

    def whole_number(self, row: Row, name: str, info: TypeInfo, description: Optional[str], schema: dict) -> dict:
        """Rule "whole numbers the page types `number`": a parameter or body field the page types
        `number` whose meaning is a count, a number of characters or a number of days (its
        description says "number of items|characters|days", or `whole_number_fields` names it and a
        response sample of the same tag shows it as a whole number) becomes `type: integer` with
        `x-page-type: number`. Its bounds and default must be whole."""
        if info.type != "number" or schema.get("type") != "number":
            return schema
        m = WHOLE_NUMBER_DESCRIPTION.search(description or "")
        if m:
            reason = f"description: {m.group(0).lower()}"
        elif (row.operation_id, name) in self.v.whole_number_fields:
            reason = self.v.whole_number_fields[(row.operation_id, name)]
            shown = [
                r.operation_id
                for o, r in self.ops
                if set(r.tags) & set(row.tags)
                and (smp := self.success_sample(o)) is not None
                and smp.kind == "object"
                and (sv := smp.get(name)) is not None
                and sv.kind == "integer"
            ]
            if not shown:
                raise BuildError(f"{row.operation_id}.{name}: no response sample of its tag shows {name!r} as a whole number")
        else:
            return schema
        bounds = {k: schema[k] for k in ("minimum", "maximum", "default") if k in schema}
        for k, v in bounds.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v != int(v):
                raise BuildError(f"{row.operation_id}.{name}: {k} {v!r} is not whole; cannot be an integer")
        out: dict = OrderedDict([("type", "integer"), ("x-page-type", "number")])
        for k, v in schema.items():
            if k != "type":
                out[k] = int(v) if k in bounds else v
        self.whole_numbers.append((f"{row.operation_id}.{name}", reason))
        return out

    # -- parameters ----------------------------------------------------------------------------

    def parameters(self, op: Operation, row: Row) -> list[dict]:
        out = []
        for p in op.parameters:
            d: dict = {"name": p.name, "in": p.location}
            if p.description:
                d["description"] = p.description
            d["required"] = True if p.location == "path" else p.required
            d["schema"] = self.whole_number(row, p.name, p.schema, p.description, self.type_schema(p.name, p.schema, None))
            out.append(d)
        out.extend(self.inferred_token_parameters(op, row))
        return out

    def inferred_token_parameters(self, op: Operation, row: Row) -> list[dict]:
        """Rule "next-page tokens": a response sample with a next-page token (Lacework
        `continuation_token`) and no page parameter to send it back -> an optional query
        parameter of the same name, marked `x-inferred: true`."""
        sample = self.success_sample(op)
        if sample is None or sample.kind != "object":
            return []
        out = []
        for name in self.v.echoed_page_tokens:
            sv = sample.get(name)
            if sv is None or any(p.name == name for p in op.parameters):
                continue
            if sv.kind != "string":
                raise BuildError(f"{row.operation_id}: response {name!r} is a {sv.kind}, not a string token")
            out.append(
                OrderedDict(
                    [
                        ("name", name),
                        ("in", "query"),
                        (
                            "description",
                            f"Token of the page to fetch: the `{name}` of the previous response; omit it for"
                            f" the first page. The page shows `{name}` in the response but no request"
                            f" parameter to send it back: the name of this parameter is inferred (the same"
                            f" name as the response field, the common gRPC-gateway convention).",
                        ),
                        ("required", False),
                        ("schema", {"type": "string"}),
                        ("x-inferred", True),
                    ]
                )
            )
        return out

    # -- security ------------------------------------------------------------------------------

    def security_schemes(self) -> dict:
        if self.v.key == "egnyte":
            schemes = {s.name: s for s in self.page.security_schemes}
            s = schemes.get(self.v.scheme_name)
            if s is None or s.scheme_type != "OAuth2" or s.flow_type != "authorizationCode":
                raise BuildError("Egnyte page: CodeGrantAuth OAuth2 authorizationCode scheme not found")
            env_url = "https://usc1-api.egnyteprotect.com/oauth2/"
            for url in (s.token_url, s.refresh_url):
                if url != "https://<env>.egnyteprotect.com/oauth2/token":
                    raise BuildError(f"unexpected token URL {url}")
            desc = (s.description or "") + (
                "\n\nThe page gives the token and refresh URL as `https://<env>.egnyteprotect.com/oauth2/token`"
                " and the browser authorization URL as `https://<env>.egnyteprotect.com/oauth2/code`, where"
                " `<env>` is `usc1-api` or `euw1-api`; the URLs below are the `usc1-api` ones."
            )
            scheme: dict = OrderedDict(
                [
                    ("type", "oauth2"),
                    ("description", desc),
                    (
                        "flows",
                        {
                            "authorizationCode": {
                                "authorizationUrl": env_url + "code",
                                "tokenUrl": env_url + "token",
                                "refreshUrl": env_url + "token",
                                "scopes": OrderedDict(s.scopes),
                            }
                        },
                    ),
                ]
            )
            # Rule "public evidence": how public code calls the endpoints and reads their answers.
            if self.v.scheme_evidence:
                scheme["x-evidence"] = self.v.scheme_evidence
            if self.v.token_response:
                scheme["x-token-response"] = self.v.token_response
            if self.v.token_error:
                scheme["x-token-error"] = self.v.token_error
            return {s.name: scheme}
        return {
            self.v.scheme_name: {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": (
                    "The JWT returned by TokenLogin (`token_login`, from an API token created in the admin UI"
                    " at /ui/api_keys) or by the SAML Login, sent as `Authorization: Bearer <jwt>`."
                    " The header is an inference: the page does not name it."
                ),
            }
        }

    def security_for(self, op: Operation, row: Row) -> list:
        if self.v.key == "egnyte":
            scopes = [row.scope] if row.scope else []
            known = {name for name, _ in self.page.security_schemes[0].scopes}
            for sc in scopes:
                if sc not in known:
                    raise BuildError(f"{row.operation_id}: unknown scope {sc}")
            if op.authorizations != [self.v.scheme_name]:
                raise BuildError(f"{row.operation_id}: page authorizations {op.authorizations}")
            if not scopes and row.operation_id not in self.v.no_scope_reasons:
                raise BuildError(f"{row.operation_id}: no scope in the operation table and no no_scope_reasons entry")
            if scopes and row.operation_id in self.v.no_scope_reasons:
                raise BuildError(f"{row.operation_id}: has scope {scopes} and a no_scope_reasons entry")
            return [{self.v.scheme_name: scopes}]
        if op.summary in self.v.unauthenticated_summaries:
            return []
        return [{self.v.scheme_name: []}]

    # -- whole document ------------------------------------------------------------------------

    def build(self) -> dict:
        for op, row in self.ops:
            if op.request_body is not None:
                self.fields[row.operation_id] = self.resolve_fields(op, row)
        self.plan_enums()
        self.index_declarations()
        # Items of declared arrays, by field name, when every declaration agrees.
        tags_of = {row.operation_id: row.tags for _, row in self.ops}
        for op_id, name, info, desc in self.all_typed_entries():
            if info.type != "array":
                continue
            items = self.type_schema(name, info, None)["items"]
            # Scalar items (strings, enums) hold page-wide; object items only for the resource a
            # create_/update_ operation of the same tag writes.
            scalar = info.items_type != "object"
            if not scalar and not re.match(r"^(create|update)_", op_id):
                continue
            keys = [(None, name)] if scalar else [(t, name) for t in tags_of[op_id]]
            for key in keys:
                prev = self.declared_items.get(key, items)
                self.declared_items[key] = items if prev == items else None
        self.plan_resources()
        self.build_resource_schemas()

        # Every success response first (in page order): typing response fields from the page's
        # declarations can make an enum a component, which parameters and request bodies then use.
        responses = {row.operation_id: self.success_response(op, row) for op, row in self.ops}
        paths: dict[str, dict] = OrderedDict()
        for op, row in self.ops:
            o: dict = OrderedDict()
            o["tags"] = row.tags
            o["summary"] = op.summary
            if op.description:
                o["description"] = op.description
            o["operationId"] = row.operation_id
            params = self.parameters(op, row)
            if params:
                o["parameters"] = params
            rb = self.request_body(op, row)
            if rb:
                o["requestBody"] = rb
            o["responses"] = OrderedDict(
                [("200", responses[row.operation_id]), ("default", {"$ref": "#/components/responses/Error"})]
            )
            sec = self.security_for(op, row)
            if self.v.key == "egnyte" or sec == []:
                o["security"] = sec
            if row.operation_id in self.v.no_scope_reasons:
                # Rule "Egnyte scopes per operation": an operation any valid token may call.
                o["x-no-scope"] = self.v.no_scope_reasons[row.operation_id]
            o["x-path-source"] = row.path_source
            if row.operation_id in self.v.pagination:
                o["x-pagination"] = self.pagination(row, params)
            # Rule "public evidence": what public sources show about this operation, and the doubt.
            o.update(self.v.operation_evidence.get(row.operation_id, {}))
            paths.setdefault(row.path, OrderedDict())
            if row.method in paths[row.path]:
                raise BuildError(f"{row.method.upper()} {row.path} twice")
            paths[row.path][row.method] = o

        # Every vendor entry of the rules "whole numbers" and "inferred request bodies" must have
        # been used: a stale entry (renamed field or operation) is an error, not a silent no-op.
        used_whole = {tuple(where.split(".", 1)) for where, _ in self.whole_numbers}
        stale = [f"whole_number_fields {k}" for k in self.v.whole_number_fields if k not in used_whole]
        inferred_ops = {op_id for op_id, _ in self.inferred_bodies}
        stale += [f"bodyless_inputs {k!r}" for k in self.v.bodyless_inputs if k not in inferred_ops]
        ids = {row.operation_id for _, row in self.ops}
        stale += [f"no_scope_reasons {k!r}" for k in self.v.no_scope_reasons if k not in ids]
        stale += [f"pagination {k!r}" for k in self.v.pagination if k not in ids]
        stale += [f"operation_evidence {k!r}" for k in self.v.operation_evidence if k not in ids]
        for k, entry in self.v.operation_evidence.items():
            if set(entry) - {"x-evidence", "x-doubt"} or not entry.get("x-evidence"):
                raise BuildError(f"operation_evidence {k!r}: give x-evidence (and x-doubt) only")
        if stale:
            raise BuildError("unused vendor entries: " + ", ".join(stale))
        self.schemas["Error"] = self.v.error_schema
        tags = []
        for _, row in self.ops:
            for t in row.tags:
                if t not in tags:
                    tags.append(t)
        if self.v.sections:
            tags = [t for t in self.v.sections if t in tags] + [t for t in tags if t not in self.v.sections]
        doc: dict = OrderedDict()
        doc["openapi"] = "3.0.3"
        info: dict = OrderedDict([("title", self.page.title), ("version", self.page.version)])
        if self.page.description:
            info["description"] = self.page.description
        doc["info"] = info
        doc["servers"] = self.v.servers
        if self.v.key == "lacework":
            doc["security"] = [{self.v.scheme_name: []}]
        doc["tags"] = [{"name": t} for t in tags]
        doc["paths"] = paths
        doc["components"] = OrderedDict(
            [
                ("schemas", OrderedDict(sorted(self.schemas.items()))),
                ("responses", {"Error": self.error_response()}),
            ]
        )
        if self.v.request_id_header:
            doc["components"]["headers"] = {"RequestId": self.request_id_header()}
        doc["components"]["securitySchemes"] = self.security_schemes()
        self.prune_unused(doc)
        self.mark_sensitive(doc)
        check_document(doc)
        return doc

    def error_response(self) -> dict:
        """The shared error response; it declares the request-id header when the vendor has one."""
        out: dict = OrderedDict([("description", "Error.")])
        if self.v.request_id_header:
            name = self.v.request_id_header[0]
            out["headers"] = {name: {"$ref": "#/components/headers/RequestId"}}
        out["content"] = {"application/json": {"schema": ref("Error")}}
        return out

    def request_id_header(self) -> dict:
        """Rule "public evidence": the header carrying the vendor's request id, marked
        `x-request-id: true` (what `cargo xtask regen` looks for) with its evidence."""
        _, description, evidence = self.v.request_id_header
        return OrderedDict(
            [
                ("description", description),
                ("schema", {"type": "string"}),
                ("x-request-id", True),
                ("x-evidence", evidence),
            ]
        )

    def pagination(self, row: Row, params: list[dict]) -> dict:
        """Rule "paged operations": the operation's `x-pagination`, keys in PAGINATION_KEYS order.
        The response side is checked by `cargo xtask regen`."""
        entry = self.v.pagination[row.operation_id]
        unknown = sorted(set(entry) - set(PAGINATION_KEYS))
        if unknown:
            raise BuildError(f"pagination {row.operation_id!r}: unknown keys {unknown}")
        cursor = entry.get("cursor-param")
        if not any(p["name"] == cursor and p["in"] == "query" for p in params):
            raise BuildError(f"pagination {row.operation_id!r}: no query parameter {cursor!r}")
        return OrderedDict((k, entry[k]) for k in PAGINATION_KEYS if k in entry)

    def mark_sensitive(self, doc: dict) -> None:
        """Rule "sensitive fields": mark credential-carrying string fields `x-sensitive: true`."""
        schemas = doc["components"]["schemas"]
        for entry in self.v.sensitive_fields:
            component, _, prop = entry.partition(".")
            schema = schemas.get(component, {}).get("properties", {}).get(prop)
            if schema is None:
                raise BuildError(f"sensitive_fields: {entry} is not a property of the built spec")
            if schema.get("type") != "string":
                raise BuildError(f"sensitive_fields: {entry} is not a string field")
            schema["x-sensitive"] = True

    def prune_unused(self, doc: dict) -> None:
        """Drop component schemas no operation reaches (e.g. a vendor object replaced by a resource)."""
        schemas = doc["components"]["schemas"]
        reached: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                r = node.get("$ref")
                if isinstance(r, str) and r.startswith("#/components/schemas/"):
                    name = r.rsplit("/", 1)[-1]
                    if name not in reached:
                        reached.add(name)
                        walk(schemas.get(name))
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)

        walk(doc["paths"])
        walk(doc["components"]["responses"])
        for name in list(schemas):
            if name not in reached:
                del schemas[name]


# --------------------------------------------------------------------------------------------
# Structural checks (the validator does not do all of these)
# --------------------------------------------------------------------------------------------


def check_document(doc: dict) -> None:
    problems = []

    def resolve(ref_: str) -> Any:
        node: Any = doc
        for part in ref_.lstrip("#/").split("/"):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            r = node.get("$ref")
            if isinstance(r, str) and resolve(r) is None:
                problems.append(f"{where}: unresolved {r}")
            if node.get("additionalProperties") is False:
                problems.append(f"{where}: additionalProperties false")
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")

    walk(doc, "#")
    ids = set()
    for path, item in doc["paths"].items():
        tpl = re.findall(r"\{([^}]+)\}", path)
        for method, op in item.items():
            oid = op.get("operationId")
            if not oid or oid in ids:
                problems.append(f"{method} {path}: operationId {oid!r} missing or duplicate")
            ids.add(oid)
            declared = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
            if sorted(declared) != sorted(tpl):
                problems.append(f"{method} {path}: path params {declared} != template {tpl}")
            names = [(p["name"], p["in"]) for p in op.get("parameters", [])]
            if len(names) != len(set(names)):
                problems.append(f"{method} {path}: duplicate parameters")
            if method in ("get", "delete") and "requestBody" in op:
                problems.append(f"{method} {path}: request body on {method.upper()}")
            succ = [c for c in op["responses"] if c.startswith("2")]
            if succ != ["200"] or "default" not in op["responses"]:
                problems.append(f"{method} {path}: responses {list(op['responses'])}")
    if problems:
        raise BuildError("document check failed:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def render(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def build_vendor(vendor: Vendor, page_path: Path, table_path: Path) -> tuple[dict, dict, list, list, list]:
    text = page_path.read_text(encoding="utf-8")
    page = parse_page(text, sections=vendor.sections, info_paragraphs=vendor.info_paragraphs)
    rows = read_table(table_path, vendor)
    check_table(page, rows, vendor)
    builder = SpecBuilder(vendor, page, rows)
    doc = builder.build()
    if builder.promote_needed:
        # Response fields took unnamed enums that were still inline: build again with those
        # enums as components, so that every use (parameter, body field, response) refers to it.
        builder = SpecBuilder(vendor, page, rows, promote=frozenset(builder.promote_needed))
        doc = builder.build()
        if builder.promote_needed:
            raise BuildError(f"enums still inline after promotion: {sorted(builder.promote_needed)}")
    schemas = doc["components"]["schemas"]
    typed = [t for t in builder.declared_typed if t[0].split(".", 1)[0] in schemas]
    conflicts = [c for c in builder.declared_conflicts if c[0].split(".", 1)[0] in schemas]
    figs = figures(doc, page)
    figs["response_fields_typed_from_declarations"] = len(typed)
    figs["response_fields_contradicting_declarations"] = len(conflicts)
    inferred = [("whole number", where, why) for where, why in builder.whole_numbers]
    inferred += [("request body", op_id, what) for op_id, what in builder.inferred_bodies]
    return doc, figs, typed, conflicts, inferred


def figures(doc: dict, page: Page) -> dict:
    ops = [op for item in doc["paths"].values() for op in item.values()]
    schemas = doc["components"]["schemas"]
    n_params = sum(len(op.get("parameters", [])) for op in ops)
    n_inferred = sum(1 for op in ops for p in op.get("parameters", []) if p.get("x-inferred"))
    body_fields = 0
    resp_fields = 0
    n_inferred_bodies = sum(1 for op in ops if op.get("requestBody", {}).get("x-inferred"))

    def count_page_type(node: Any) -> int:
        if isinstance(node, dict):
            return (1 if node.get("x-page-type") == "number" else 0) + sum(count_page_type(v) for v in node.values())
        if isinstance(node, list):
            return sum(count_page_type(v) for v in node)
        return 0

    n_whole = count_page_type(doc["paths"]) + count_page_type(schemas)
    for op in ops:
        rb = op.get("requestBody")
        if rb and not rb.get("x-inferred"):
            for media in rb["content"].values():
                r = media["schema"].get("$ref")
                body_fields += len(schemas[r.rsplit("/", 1)[-1]].get("properties", {})) if r else 0
    response_components = set()
    for op in ops:
        content = op["responses"]["200"].get("content", {})
        for media in content.values():
            s = media["schema"]
            if s.get("type") == "array":
                s = s.get("items", {})
            r = s.get("$ref")
            if r:
                response_components.add(r.rsplit("/", 1)[-1])
    for name in response_components:
        resp_fields += len(schemas[name].get("properties", {}))
    enums = [n for n, s in schemas.items() if "enum" in s]

    def count_inline_enums(node: Any) -> int:
        if isinstance(node, dict):
            return (1 if "enum" in node else 0) + sum(count_inline_enums(v) for v in node.values())
        if isinstance(node, list):
            return sum(count_inline_enums(v) for v in node)
        return 0

    return {
        "page_headings": len(page.operations),
        "operations": len(ops),
        "paths": len(doc["paths"]),
        "parameters": n_params,
        "inferred_parameters": n_inferred,
        "request_body_fields": body_fields,
        "inferred_request_bodies": n_inferred_bodies,
        "page_numbers_as_integer": n_whole,
        "enum_components": len(enums),
        "enums_total": count_inline_enums(doc["paths"]) + count_inline_enums(schemas),
        "response_components": len(response_components),
        "response_component_fields": resp_fields,
        "component_schemas": len(schemas),
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Build the two OpenAPI specs from the saved Redoc pages.")
    ap.add_argument("--lacework-page", type=Path)
    ap.add_argument("--egnyte-page", type=Path)
    ap.add_argument("--out-dir", type=Path, default=OPENAPI)
    ap.add_argument("--tables-dir", type=Path, default=TOOLS)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 when a file would change")
    ap.add_argument(
        "--force",
        action="store_true",
        help="rebuild (or compare) a spec imported by `cargo xtask import-spec` from the page anyway",
    )
    ap.add_argument(
        "--list-declared",
        action="store_true",
        help="list the response fields typed from the page's declarations and the contradictions",
    )
    ap.add_argument(
        "--list-inferred",
        action="store_true",
        help="list the page `number` fields typed integer and the inferred request bodies",
    )
    args = ap.parse_args(argv)
    if not args.lacework_page and not args.egnyte_page:
        ap.error("give --lacework-page and/or --egnyte-page")
    wanted = [(v, page) for v, page in ((EGNYTE, args.egnyte_page), (LACEWORK, args.lacework_page)) if page]
    refused = False
    for vendor, _ in wanted:
        out = args.out_dir / vendor.out_file
        imported = imported_operations(out)
        if imported and not args.force:
            refused = True
            print(
                f"{vendor.key}: refusing to {'compare' if args.check else 'overwrite'} {out}: "
                f"{len(imported)} of its operations have x-path-source: vendor-spec (e.g. {imported[0]}). "
                "This spec was imported from the vendor's own OpenAPI file and is now maintained by "
                "`cargo xtask import-spec` (openapi/README.md, \"When the vendor publishes its spec: "
                "import-spec\"): import the vendor's next file instead. Rebuilding it from the page "
                "would undo the import; --force does that anyway.",
                file=sys.stderr,
            )
    if refused:
        return 3
    status = 0
    for vendor, page in wanted:
        try:
            doc, figs, typed, conflicts, inferred = build_vendor(vendor, page, args.tables_dir / vendor.table)
        except BuildError as e:
            print(f"{vendor.key}: ERROR: {e}", file=sys.stderr)
            return 2
        text = render(doc)
        out = args.out_dir / vendor.out_file
        old = out.read_text(encoding="utf-8") if out.exists() else None
        if args.check:
            if old != text:
                print(f"{out}: would change", file=sys.stderr)
                status = 1
        elif old != text:
            out.write_text(text, encoding="utf-8")
        print(f"{vendor.key}: {out.name} " + ", ".join(f"{k}={v}" for k, v in figs.items()))
        if args.list_declared:
            for where, what, source in typed:
                print(f"  typed      {where} -> {what} ({source})")
            for where, value, why in conflicts:
                print(f"  kept       {where} = {value}: {why}")
        if args.list_inferred:
            for what, where, why in inferred:
                print(f"  {what:<13} {where}: {why}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
