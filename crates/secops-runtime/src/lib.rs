//! What the generated API clients need at run time, shared by both of them and by the facade.
//!
//! - [`transport`]: the seam between a generated client and the `secops-sdk` facade. Both
//!   generated clients (`lacework-edge-client`, `egnyte-protect-client`) carry a [`Hooks`]
//!   value. With no transport installed they send each request once with their
//!   `reqwest::Client`, exactly as progenitor would. The facade installs a [`Transport`] that
//!   adds credentials, renews tokens, retries and traces every request, without the generated
//!   code knowing.
//!
//! - [`paging`]: the one paging loop, and the page rules generated listings declare.
//!
//! Nothing here knows a vendor: `cargo xtask regen` generates the code that uses it.
//!
//! ```
//! use secops_runtime::{BoxFuture, Hooks, Transport};
//! use std::sync::Arc;
//!
//! /// Adds a fixed header to every request.
//! #[derive(Debug)]
//! struct StaticHeader;
//!
//! impl Transport for StaticHeader {
//!     fn authorize<'a>(
//!         &'a self,
//!         request: &'a mut reqwest::Request,
//!         _operation_id: &'static str,
//!     ) -> BoxFuture<'a, Result<(), String>> {
//!         request
//!             .headers_mut()
//!             .insert("x-example", reqwest::header::HeaderValue::from_static("1"));
//!         Box::pin(async { Ok(()) })
//!     }
//!
//!     fn execute<'a>(
//!         &'a self,
//!         client: &'a reqwest::Client,
//!         request: reqwest::Request,
//!         _operation_id: &'static str,
//!     ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>> {
//!         Box::pin(client.execute(request))
//!     }
//! }
//!
//! let hooks = Hooks::with_transport(Arc::new(StaticHeader));
//! assert!(hooks.transport().is_some());
//! ```

pub mod paging;
pub mod transport;

pub use transport::{BoxFuture, Hooks, Transport, TransportFailure};
