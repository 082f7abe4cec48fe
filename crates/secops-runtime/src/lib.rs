//! What the generated API clients need at run time, shared by both of them and by the facade.
//!
//! - [`transport`]: the seam between a generated client and the `secops-sdk` facade. Both
//!   generated clients (`lacework-edge-client`, `egnyte-protect-client`) carry a [`Hooks`]
//!   value. With no transport installed they send each request once with their
//!   `reqwest::Client`. The facade installs a [`Transport`] that adds credentials, renews
//!   tokens, retries and traces every request, without the generated code knowing.
//! - [`call`]: what every generated operation does with its request and response: send it
//!   through the transport, decode the body, and turn every failure into an [`Error`] that
//!   names the operation and the status.
//! - [`paging`]: the one paging loop, and the page rules generated listings declare.
//! - [`redact`]: short, masked excerpts of bodies for error messages.
//! - [`request_id`]: the vendor's request id from the response header the spec names, made
//!   safe to show; every [`Error`] with a response carries it ([`Error::request_id`]).
//! - [`unknown_fields`]: the generated types' `extra` maps, filled without buffering.
//! - [`RawJson`]: a free-form JSON property kept as the text the server sent, decoded on
//!   demand (the type of every free-form property of the generated types).
//! - [`tls`]: the rustls crypto provider every `reqwest::Client` of the workspace needs.
//!
//! Nothing here knows a vendor: `cargo xtask regen` generates the code that uses it.
//!
//! ```
//! use secops_runtime::{BoxFuture, Hooks, Transport, TransportError};
//! use std::sync::Arc;
//!
//! /// Adds a fixed header to every request.
//! #[derive(Debug)]
//! struct StaticHeader;
//!
//! impl Transport for StaticHeader {
//!     fn send<'a>(
//!         &'a self,
//!         client: &'a reqwest::Client,
//!         mut request: reqwest::Request,
//!         _operation_id: &'static str,
//!     ) -> BoxFuture<'a, Result<reqwest::Response, TransportError>> {
//!         request
//!             .headers_mut()
//!             .insert("x-example", reqwest::header::HeaderValue::from_static("1"));
//!         Box::pin(async move { Ok(client.execute(request).await?) })
//!     }
//! }
//!
//! let hooks = Hooks::with_transport(Arc::new(StaticHeader));
//! assert!(hooks.transport().is_some());
//! ```

pub mod call;
mod error;
pub mod json_error;
pub mod paging;
mod raw_json;
pub mod redact;
pub mod request_id;
pub mod tls;
pub mod tolerant;
pub mod transport;
pub mod unknown_fields;

pub use call::Call;
pub use error::{Category, CredentialError, Error, ErrorKind, InvalidPayload};
pub use raw_json::RawJson;
pub use transport::{BoxFuture, Hooks, Transport, TransportError};
