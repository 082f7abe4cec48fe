//! Typed [`httpmock`] helpers for every operation of the **Lacework Edge API**, for testing
//! code that uses `lacework-edge-client` or the `secops-sdk` facade without a tenant.
//!
//! [`MockServerExt`] adds one method per operation to [`httpmock::MockServer`], named like the
//! client's: `server.list_apps(|when, then| ...)` mocks `GET /api/v1/apps`. The closure gets
//! two typed wrappers:
//!
//! - `when` ([`operations`]`::ListAppsWhen`, ...) has one method per parameter, taking the
//!   client's own types: `when.status("ACTIVE")`, `when.uuid("...")`, `when.body(&request)`.
//!   An optional parameter also takes `None`: the request must not carry it. Each call adds a
//!   matcher; parameters you do not mention are not checked.
//! - `then` ([`operations`]`::ListAppsThen`, ...) has one method per response the spec
//!   declares: `then.ok(&response)` (200 with the body as JSON),
//!   `then.client_error(404, &error)`, `then.server_error(503, &error)`.
//!
//! Both give the plain `httpmock::When` / `Then` with `into_inner()` for anything else
//! (headers, a body that does not fit the type, a delay). The helpers are generated from
//! `openapi/lacework-edge.json` by `cargo xtask regen`, with the types of
//! [`lacework_edge_client::types`], so a spec change that changes what the client sends
//! changes them too.
//!
//! Add it beside `httpmock` to your `[dev-dependencies]`; it re-exports the `httpmock` it is
//! built for as [`httpmock`] and the client's [`types`].
//!
//! # Example
//!
//! A function under test that lists the apps without a connector, checked against a mock:
//!
//! ```
//! use httpmock::MockServer;
//! use lacework_edge_client::{Client, Hooks, types};
//! use lacework_edge_httpmock::MockServerExt;
//!
//! /// The names of the active apps that have no connector.
//! async fn apps_without_connector(client: &Client) -> Result<Vec<String>, Box<dyn std::error::Error>> {
//!     let apps = client.list_apps().status("ACTIVE").send().await?.into_inner().apps;
//!     Ok(apps
//!         .into_iter()
//!         .filter(|app| app.connector_unique_name.as_deref().unwrap_or("").is_empty())
//!         .filter_map(|app| app.name)
//!         .collect())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start_async().await;
//! let apps: types::ListAppsResponse = serde_json::from_value(serde_json::json!({
//!     "apps": [
//!         {"name": "Payroll", "connector_unique_name": "aws-use1-connector"},
//!         {"name": "Wiki"}
//!     ]
//! }))?;
//! let list_apps = server.list_apps(|when, then| {
//!     when.status("ACTIVE").tag(None);
//!     then.ok(&apps);
//! });
//!
//! let client = Client::new(&server.base_url(), Hooks::default());
//! assert_eq!(apps_without_connector(&client).await?, ["Wiki"]);
//! list_apps.assert_async().await;
//! # Ok(())
//! # }
//! ```
//!
//! Through the facade, also mock the `token_login` it makes first (see
//! `examples/testing-with-mocks` in the repository).

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

pub use generated::*;
pub use httpmock;
pub use lacework_edge_client::types;
