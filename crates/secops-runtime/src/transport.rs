//! The transport seam: what the facade plugs into a generated client ([`Transport`], [`Hooks`]).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A boxed, `Send` future, as returned by [`Transport`] methods.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the facade plugs into a generated client to control how requests are sent.
///
/// The generated client calls [`Transport::authorize`] once per operation call, before the
/// request leaves, and then [`Transport::execute`] to send it. `execute` may send the request
/// more than once (retries, a renewed token after a 401) and returns the final response.
pub trait Transport: Send + Sync + fmt::Debug + 'static {
    /// Adds credentials to `request` (for example an `Authorization` header).
    ///
    /// An `Err` stops the call before anything is sent; the generated client returns it as
    /// `progenitor_client::Error::Custom(message)`. The message must not contain secrets.
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, Result<(), String>>;

    /// Sends `request` with `client` and returns the response the caller should see.
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>>;
}

/// A note a [`Transport`] attaches to a response it hands back without having been able to
/// recover from it (for example a 401 after which the token could not be renewed).
///
/// The generated clients turn a response carrying this note into
/// `progenitor_client::Error::Custom(message)`, so the caller learns why (for instance that
/// re-authorization is needed) instead of seeing only the status. The message must not contain
/// secrets.
///
/// ```
/// let mut response = reqwest::Response::from(http::Response::new(""));
/// secops_runtime::TransportFailure::attach(&mut response, "re-authorization is needed");
/// let note = response.extensions().get::<secops_runtime::TransportFailure>().unwrap();
/// assert_eq!(note.to_string(), "re-authorization is needed");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportFailure {
    message: String,
}

impl TransportFailure {
    /// Attaches `message` to `response`.
    pub fn attach(response: &mut reqwest::Response, message: impl Into<String>) {
        response.extensions_mut().insert(Self {
            message: message.into(),
        });
    }

    /// The message for the caller.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The value each generated `Client` carries: an optional [`Transport`].
///
/// `Hooks::default()` sends requests unchanged, which is what contract tests and callers that
/// manage credentials themselves want.
#[derive(Clone, Debug, Default)]
pub struct Hooks {
    transport: Option<Arc<dyn Transport>>,
}

impl Hooks {
    /// Hooks that route every request through `transport`.
    pub fn with_transport(transport: Arc<dyn Transport>) -> Self {
        Self {
            transport: Some(transport),
        }
    }

    /// The installed transport, if any.
    pub fn transport(&self) -> Option<&Arc<dyn Transport>> {
        self.transport.as_ref()
    }
}
