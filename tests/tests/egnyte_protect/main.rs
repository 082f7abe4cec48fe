//! Contract tests for every operation of `openapi/egnyte-protect.json` (Egnyte Secure and
//! Govern), one test per operation, named after its `operationId` and grouped by tag (one module
//! per tag, in the page's order within each module). An operation with two tags is tested once,
//! in the module of its first tag: `run_classification_source_test` (tags `Classification
//! Source` and `Dev Tools`) is in `classification_source`.
//!
//! Each test pins what the generated client sends (method, literal path, query string, headers,
//! JSON body) and what it decodes from the response. The spec's server is
//! `https://{env}.egnyteprotect.com/api`, so every path starts with `/api/v1`. Response bodies
//! are the page's samples where it has one, filled in with realistic values otherwise; the ones
//! several tests share are in `fixtures`. `coverage.rs` checks that every operation of the spec
//! has its test here.

mod audit_events;
mod classification_source;
mod dev_tools;
mod fixtures;
mod issue_remediation;
mod issues;
mod legal_hold;
mod sensitive_content;
mod subject_access_request;
