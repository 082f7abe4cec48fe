//! Response samples several tests share: the issue that `list_issues` lists and `get_issue`
//! returns, and the Legal Hold that `list_legal_holds` lists and `get_legal_hold` returns. Each
//! function returns a fresh `serde_json::Value`; a test that needs a variant changes its own copy.

use serde_json::{Value, json};

/// The issue 4711 (a public link to a file with sensitive content) with every `Issue` field set.
pub(crate) fn issue() -> Value {
    json!({
        "id": 4711,
        "sourceId": "egnyte-connect",
        "status": "OPEN",
        "type": "SENSITIVE_CONTENT_PUBLIC_LINK",
        "source": "Egnyte Connect",
        "sourceLabel": "acme.egnyte.com",
        "sourceType": "EGNYTE",
        "severity": 8,
        "updated": 1795161775000_i64,
        "detected": 1795128067000_i64,
        "item": {
            "displayName": "2026-11 payroll.xlsx",
            "type": "FILE",
            "path": "/Shared/Finance/Payroll/2026-11 payroll.xlsx"
        },
        "policies": ["pci-dss", "gdpr-eu-pii"],
        "webViewLink": "https://acme.egnyteprotect.com/#/issues/4711",
        "assignee": {"name": "Bob Green", "email": "bob.green@example.com"},
        "violationDetails": {"sharedWith": "anyone with the link", "matches": 14}
    })
}

/// The Legal Hold "Copyright Infringement Claim" (`df497868-…`, LH00001) with every `LegalHold`
/// field set.
pub(crate) fn legal_hold() -> Value {
    json!({
        "name": "Copyright Infringement Claim",
        "description": "Claims of Copyright Infringement by Competitor",
        "legalMatter": "Copyright Infringement",
        "startDate": 1566370800000_i64,
        "endDate": 1575435600000_i64,
        "holdScopeOperator": "or",
        "holdScope": {
            "folders": ["8f0ec859-37e2-4c78-a5f7-c19461bad6f4"],
            "custodians": ["bob.green@example.com"]
        },
        "status": "open",
        "createdBy": "Bob Green",
        "createdDate": 1576535600000_i64,
        "lastModified": 1576535600000_i64,
        "userFacingId": "LH00001",
        "targetDomain": "acme.egnyte.com"
    })
}
