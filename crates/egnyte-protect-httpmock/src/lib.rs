//! Typed [`httpmock`] helpers for every operation of the **Egnyte Secure and Govern API**
//! (formerly Egnyte Protect), for testing code that uses `egnyte-protect-client` or the
//! `secops-sdk` facade without a tenant.
//!
//! [`MockServerExt`] adds one method per operation to [`httpmock::MockServer`], named like the
//! client's: `server.list_issues(|when, then| ...)` mocks `GET /api/v1/issues`. Paths include
//! the `/api` of the spec's server URL, so point the client at `{server.base_url()}/api`, or
//! the facade at `Region::Custom(server.base_url())` (it adds `/api` itself). The closure gets
//! two typed wrappers:
//!
//! - `when` ([`operations`]`::ListIssuesWhen`, ...) has one method per parameter, taking the
//!   client's own types: `when.count(NonZeroU64::new(100))`,
//!   `when.format(&types::IssueFormat::Full)`, `when.id(4711)`, `when.body(&request)`. An
//!   optional parameter also takes `None`: the request must not carry it. Each call adds a
//!   matcher; parameters you do not mention are not checked.
//! - `then` ([`operations`]`::ListIssuesThen`, ...) has one method per response the spec
//!   declares: `then.ok(&response)` (200 with the body as JSON; bytes for the archive
//!   download), `then.client_error(404, &error)`, `then.server_error(503, &error)`.
//!
//! Both give the plain `httpmock::When` / `Then` with `into_inner()` for anything else
//! (headers, a body that does not fit the type, a delay). The helpers are generated from
//! `openapi/egnyte-protect.json` by `cargo xtask regen`, with the types of
//! [`egnyte_protect_client::types`], so a spec change that changes what the client sends
//! changes them too.
//!
//! Add it beside `httpmock` to your `[dev-dependencies]`; it re-exports the `httpmock` it is
//! built for as [`httpmock`] and the client's [`types`].
//!
//! # Example
//!
//! A function under test that counts the open issues of severity 7 or more on the first page,
//! checked against a mock:
//!
//! ```
//! use egnyte_protect_client::{Client, Hooks, types};
//! use egnyte_protect_httpmock::MockServerExt;
//! use httpmock::MockServer;
//!
//! /// How many open issues of severity 7 or more the first 100 issues hold.
//! async fn severe_open_issues(client: &Client) -> Result<usize, Box<dyn std::error::Error>> {
//!     let page = client.list_issues().count(100_u64).send().await?.into_inner();
//!     Ok(page
//!         .issues
//!         .iter()
//!         .filter(|issue| issue.status.as_deref() == Some("OPEN"))
//!         .filter(|issue| issue.severity.is_some_and(|severity| severity >= 7))
//!         .count())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start_async().await;
//! let page: types::ListIssuesResponse = serde_json::from_value(serde_json::json!({
//!     "issues": [
//!         {"id": 1, "status": "OPEN", "severity": 8},
//!         {"id": 2, "status": "OPEN", "severity": 3},
//!         {"id": 3, "status": "RESOLVED", "severity": 9}
//!     ]
//! }))?;
//! let list_issues = server.list_issues(|when, then| {
//!     when.count(std::num::NonZeroU64::new(100)).cursor(None);
//!     then.ok(&page);
//! });
//!
//! let client = Client::new(&format!("{}/api", server.base_url()), Hooks::default());
//! assert_eq!(severe_open_issues(&client).await?, 1);
//! list_issues.assert_async().await;
//! # Ok(())
//! # }
//! ```
//!
//! Through the facade, give it stored tokens (`MemoryTokenStore`) so that it signs in without a
//! browser (see `examples/testing-with-mocks` in the repository).

#[allow(
    missing_docs,
    unused_imports,
    clippy::all,
    clippy::pedantic,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
mod generated;

pub use egnyte_protect_client::types;
pub use generated::*;
pub use httpmock;
