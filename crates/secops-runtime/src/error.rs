//! [`Error`]: why a call of a generated operation failed — always with the operation, with the
//! HTTP status whenever a response arrived, and never with a secret.

use std::error::Error as StdError;
use std::fmt;

use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
pub use serde_json::error::Category;

/// A failed call of a generated operation.
///
/// Every error names its operation ([`operation`](Self::operation)) and, whenever a response
/// arrived, its HTTP status ([`status`](Self::status)) — error pages that are not JSON
/// included. A body that does not decode is kept as a short [`snippet`](InvalidPayload::snippet)
/// (at most 512 bytes, with credential fields and the secrets the SDK holds masked) and the JSON
/// path where decoding failed. `Display` gives the cause chain on one line.
///
/// ```
/// use secops_runtime::{Error, ErrorKind};
///
/// let error: Error<()> = Error::new("get_app", ErrorKind::InvalidRequest("uuid was not set".into()));
/// assert_eq!(error.operation(), "get_app");
/// assert_eq!(error.status(), None);
/// assert_eq!(error.to_string(), "get_app: the request was not sent: uuid was not set");
/// ```
pub struct Error<E> {
    inner: Box<Inner<E>>,
}

struct Inner<E> {
    operation: &'static str,
    kind: ErrorKind<E>,
    /// The vendor's own message from an error body (masked, bounded), for `Display`.
    message: Option<String>,
    /// The vendor's request id from the response (bounded, visible ASCII), for `Display`.
    request_id: Option<String>,
}

/// What went wrong in a failed call; see [`Error::kind`].
#[non_exhaustive]
pub enum ErrorKind<E> {
    /// A parameter was missing or could not be converted: nothing was sent.
    InvalidRequest(String),
    /// The SDK could not obtain or renew credentials for the request.
    Credentials(CredentialError),
    /// No response arrived: the connection failed, timed out, or broke before the headers.
    Transport(reqwest::Error),
    /// No response (or not the whole body) arrived within `after`, the timeout of the last
    /// attempt.
    TimedOut {
        /// The timeout of the last attempt.
        after: std::time::Duration,
        /// The status, when the headers arrived and the body stalled.
        status: Option<StatusCode>,
        /// The transport error.
        source: reqwest::Error,
    },
    /// The server answered with an error status and the vendor's error body (decoded).
    ErrorResponse(ResponseValue<E>),
    /// A response arrived but its body could not be read to the end.
    ResponseBody {
        /// The response status.
        status: StatusCode,
        /// The I/O error.
        source: reqwest::Error,
    },
    /// A response arrived whose body is not what the spec describes (not JSON, or not the
    /// expected shape).
    InvalidPayload(InvalidPayload),
    /// The server answered with a status the spec does not list for this operation.
    UnexpectedStatus {
        /// The response status.
        status: StatusCode,
        /// The response headers (for example `Location` of a redirect).
        headers: HeaderMap,
        /// The start of the body, masked like [`InvalidPayload::snippet`].
        snippet: String,
    },
}

/// A response body that does not decode.
#[derive(Debug)]
pub struct InvalidPayload {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<String>,
    pub(crate) snippet: String,
    pub(crate) path: Option<String>,
    pub(crate) problem: String,
    pub(crate) category: Category,
}

impl InvalidPayload {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's `Content-Type`, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The start of the body (at most 512 bytes, cut on a character boundary), with the values
    /// of credential fields and every secret the SDK holds replaced by `[REDACTED]`.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// Where in the JSON decoding failed (`issues[3].status`), when the body is JSON.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// What is wrong, without the input's values ("invalid type: string, expected i64").
    pub fn problem(&self) -> &str {
        &self.problem
    }

    /// The kind of decoding failure: not JSON at all ([`Category::Syntax`]), cut short
    /// ([`Category::Eof`]), or JSON of another shape ([`Category::Data`]).
    pub fn category(&self) -> Category {
        self.category
    }
}

/// Credentials could not be obtained or renewed for a request: the transport's typed error,
/// and whether a person must act (sign in again, fix a credential).
///
/// ```
/// use secops_runtime::CredentialError;
///
/// let error = CredentialError::new(true, std::io::Error::other("refresh token revoked"));
/// assert!(error.needs_reauthorization());
/// assert_eq!(error.to_string(), "refresh token revoked");
/// assert!(error.downcast_ref::<std::io::Error>().is_some());
/// ```
#[derive(Debug)]
pub struct CredentialError {
    needs_reauthorization: bool,
    source: Box<dyn StdError + Send + Sync + 'static>,
}

impl CredentialError {
    /// `source`, which does (`needs_reauthorization`) or does not need a person to act.
    pub fn new(needs_reauthorization: bool, source: impl StdError + Send + Sync + 'static) -> Self {
        Self {
            needs_reauthorization,
            source: Box::new(source),
        }
    }

    /// Whether a person must sign in again or fix a credential before requests can work.
    pub fn needs_reauthorization(&self) -> bool {
        self.needs_reauthorization
    }

    /// The transport's own error type, if it is `T`.
    pub fn downcast_ref<T: StdError + 'static>(&self) -> Option<&T> {
        self.source.downcast_ref()
    }
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl StdError for CredentialError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.source()
    }
}

impl<E> Error<E> {
    /// An error of `operation`.
    pub fn new(operation: &'static str, kind: ErrorKind<E>) -> Self {
        Self {
            inner: Box::new(Inner {
                operation,
                kind,
                message: None,
                request_id: None,
            }),
        }
    }

    /// The same error with the vendor's own message (already masked and bounded), which
    /// `Display` adds after the status.
    pub fn with_message(mut self, message: Option<String>) -> Self {
        self.inner.message = message;
        self
    }

    /// The vendor's own message from its error body, if it had one.
    pub fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }

    /// The same error with the vendor's request id (already made safe to show: see
    /// [`crate::request_id::from_headers`]), which `Display` adds at the end.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.inner.request_id = request_id;
        self
    }

    /// The vendor's id of the request that failed, from the response header the spec names
    /// (Egnyte: `x-egnyte-request-id`), when a response arrived with one: quote it to the
    /// vendor's support. At most 128 bytes of visible ASCII.
    ///
    /// ```
    /// use secops_runtime::{Error, ErrorKind};
    ///
    /// let error: Error<()> = Error::new("list_issues", ErrorKind::InvalidRequest("x".into()))
    ///     .with_request_id(Some("abc123".into()));
    /// assert_eq!(error.request_id(), Some("abc123"));
    /// assert!(error.to_string().ends_with("(request id abc123)"));
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The operation id (`list_issues`).
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind<E> {
        &self.inner.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind<E> {
        self.inner.kind
    }

    /// The HTTP status, whenever a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.inner.kind {
            ErrorKind::ErrorResponse(response) => Some(response.status()),
            ErrorKind::ResponseBody { status, .. } => Some(*status),
            ErrorKind::InvalidPayload(payload) => Some(payload.status),
            ErrorKind::UnexpectedStatus { status, .. } => Some(*status),
            ErrorKind::TimedOut { status, .. } => *status,
            ErrorKind::Transport(error) => error.status(),
            ErrorKind::InvalidRequest(_) | ErrorKind::Credentials(_) => None,
        }
    }

    /// The vendor's decoded error body, for an error status answered with one.
    pub fn body(&self) -> Option<&E> {
        match &self.inner.kind {
            ErrorKind::ErrorResponse(response) => Some(response.as_ref()),
            _ => None,
        }
    }

    /// The response headers, whenever a response arrived and they were kept.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match &self.inner.kind {
            ErrorKind::ErrorResponse(response) => Some(response.headers()),
            ErrorKind::UnexpectedStatus { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// Whether a person must sign in again or fix a credential before requests can work.
    pub fn needs_reauthorization(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::Credentials(error) if error.needs_reauthorization())
    }

    /// Whether no response arrived in time.
    pub fn is_timeout(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::TimedOut { .. } => true,
            ErrorKind::Transport(error) | ErrorKind::ResponseBody { source: error, .. } => {
                error.is_timeout()
            }
            _ => false,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.inner.operation)?;
        self.fmt_kind(f)?;
        match &self.inner.request_id {
            Some(request_id) => write!(f, " (request id {request_id})"),
            None => Ok(()),
        }
    }
}

impl<E> Error<E> {
    /// What went wrong, for `Display` (after the operation, before the request id).
    fn fmt_kind(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::InvalidRequest(problem) => write!(f, "the request was not sent: {problem}"),
            ErrorKind::Credentials(error) => write!(f, "no usable credentials: {error}"),
            ErrorKind::Transport(error) => {
                let what = if error.is_timeout() {
                    "no response in time"
                } else if error.is_connect() {
                    "could not connect"
                } else {
                    "no response"
                };
                write!(f, "{what}")?;
                write_chain(f, error)
            }
            ErrorKind::TimedOut {
                after,
                status,
                source,
            } => {
                write!(f, "timed out after {}", crate::transport::seconds(*after))?;
                if let Some(status) = status {
                    write!(f, " reading the body of {}", status_text(*status))?;
                }
                write_chain(f, source)
            }
            ErrorKind::ErrorResponse(response) => {
                write!(f, "{}", status_text(response.status()))?;
                match &self.inner.message {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
            ErrorKind::ResponseBody { status, source } => {
                write!(
                    f,
                    "{}, but the body could not be read",
                    status_text(*status)
                )?;
                write_chain(f, source)
            }
            ErrorKind::InvalidPayload(payload) => {
                write!(
                    f,
                    "{} with a body that does not decode",
                    status_text(payload.status)
                )?;
                if let Some(content_type) = &payload.content_type {
                    write!(f, " (content-type {content_type})")?;
                }
                match &payload.path {
                    Some(path) if !path.is_empty() && path != "." => {
                        write!(f, ": at {path}: {}", payload.problem)?
                    }
                    _ => write!(f, ": {}", payload.problem)?,
                }
                if !payload.snippet.is_empty() {
                    write!(f, "; body starts {:?}", payload.snippet)?;
                }
                Ok(())
            }
            ErrorKind::UnexpectedStatus {
                status, snippet, ..
            } => {
                write!(
                    f,
                    "{}, a status the spec does not list",
                    status_text(*status)
                )?;
                if !snippet.is_empty() {
                    write!(f, "; body starts {snippet:?}")?;
                }
                Ok(())
            }
        }
    }
}

/// `HTTP 502 Bad Gateway`.
fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// `: cause: its cause: ...`, without URLs (they may carry identifiers in the query).
fn write_chain(f: &mut fmt::Formatter<'_>, error: &reqwest::Error) -> fmt::Result {
    let mut source = error.source();
    while let Some(cause) = source {
        write!(f, ": {cause}")?;
        source = cause.source();
    }
    Ok(())
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("operation", &self.inner.operation)
            .field("kind", &self.inner.kind)
            .field("request_id", &self.inner.request_id)
            .finish()
    }
}

impl<E: fmt::Debug> fmt::Debug for ErrorKind<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(problem) => {
                f.debug_tuple("InvalidRequest").field(problem).finish()
            }
            Self::Credentials(error) => f.debug_tuple("Credentials").field(error).finish(),
            Self::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
            Self::TimedOut {
                after,
                status,
                source,
            } => f
                .debug_struct("TimedOut")
                .field("after", after)
                .field("status", status)
                .field("source", source)
                .finish(),
            Self::ErrorResponse(response) => f
                .debug_struct("ErrorResponse")
                .field("status", &response.status())
                .field("body", response.as_ref())
                .finish(),
            Self::ResponseBody { status, source } => f
                .debug_struct("ResponseBody")
                .field("status", status)
                .field("source", source)
                .finish(),
            Self::InvalidPayload(payload) => {
                f.debug_tuple("InvalidPayload").field(payload).finish()
            }
            Self::UnexpectedStatus {
                status, snippet, ..
            } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("snippet", snippet)
                .finish_non_exhaustive(),
        }
    }
}

impl<E: fmt::Debug> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.inner.kind {
            ErrorKind::Credentials(error) => Some(error),
            ErrorKind::Transport(error) | ErrorKind::TimedOut { source: error, .. } => Some(error),
            ErrorKind::ResponseBody { source, .. } => Some(source),
            _ => None,
        }
    }
}
