//! [`SdkTransport`]: credentials, retries and tracing for every request of a generated client.
//!
//! The retry rules live in [`crate::core::retry`]; this file only sends and asks them.

use std::sync::Arc;
use std::time::Instant;

use reqwest::header::AUTHORIZATION;
use reqwest::{Request, Response, StatusCode};
use secops_runtime::transport::AttemptTimeout;
use secops_runtime::{BoxFuture, CredentialError, Transport, TransportError};
use secrecy::SecretString;
use tracing::Instrument;

use crate::core::auth::{Credentials, bearer_header};
use crate::core::clock::Clock;
use crate::core::retry::{Outcome, RetryBudget, RetryConfig};
use crate::errors::AuthError;

/// The [`Transport`] the facade installs in both generated clients.
///
/// [`Transport::send`] adds `Authorization: Bearer <token>` (marked sensitive) from the
/// vendor's [`Credentials`] (an expired token is renewed first), then sends the request;
///   after a 401 it renews the token once and sends once more
///   (if renewal fails, the caller gets a typed [`TransportError::Credentials`] saying why,
///   e.g. that re-authorization is needed, instead of the bare 401; credentials that cannot be
///   renewed, such as a [`StaticToken`](crate::core::auth::StaticToken), hand the 401 back as
///   it is);
///   on connection errors and 429/502/503/504 it retries as [`RetryConfig`] allows (requests
///   that are not idempotent only when they cannot have been processed); every request runs in
///   a `secops.request` span with vendor, operation, method, path (no query), status, attempt,
///   latency and the vendor's request id (see
///   [`with_request_id_header`](Self::with_request_id_header)). No token is ever logged.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use secops_sdk::auth::StaticToken;
/// use secops_sdk::clock::SystemClock;
/// use secops_sdk::retry::RetryConfig;
/// use secops_sdk::transport::SdkTransport;
/// use secops_runtime::Transport;
/// use std::sync::Arc;
///
/// let credentials = Arc::new(StaticToken::new("my-token".into()));
/// let transport = SdkTransport::new("example", credentials, RetryConfig::default(), Arc::new(SystemClock));
///
/// let http = secops_runtime::tls::client_builder().build().expect("a client");
/// let request = http.get("https://api.example.com/v1/things").build()?;
/// let response = transport.send(&http, request, "list_things").await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SdkTransport {
    vendor: &'static str,
    credentials: Arc<dyn Credentials>,
    retry: RetryConfig,
    clock: Arc<dyn Clock>,
    request_id_header: Option<&'static str>,
}

impl SdkTransport {
    /// A transport for `vendor` (used in traces) with `credentials`, `retry` and `clock`.
    pub fn new(
        vendor: &'static str,
        credentials: Arc<dyn Credentials>,
        retry: RetryConfig,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            vendor,
            credentials,
            retry,
            clock,
            request_id_header: None,
        }
    }

    /// The same transport, recording the vendor's request id from the response header `header`
    /// (the generated client's `REQUEST_ID_HEADER`, from the spec) in each attempt's trace
    /// (field `request_id`). None by default.
    ///
    /// ```
    /// # use secops_sdk::auth::StaticToken;
    /// # use secops_sdk::{clock::SystemClock, retry::RetryConfig, transport::SdkTransport};
    /// # use std::sync::Arc;
    /// let transport = SdkTransport::new(
    ///     "egnyte",
    ///     Arc::new(StaticToken::new("token".into())),
    ///     RetryConfig::default(),
    ///     Arc::new(SystemClock),
    /// )
    /// .with_request_id_header(egnyte_protect_client::REQUEST_ID_HEADER);
    /// assert_eq!(transport.request_id_header(), Some("x-egnyte-request-id"));
    /// ```
    pub fn with_request_id_header(mut self, header: Option<&'static str>) -> Self {
        self.request_id_header = header;
        self
    }

    /// The response header whose value is recorded as `request_id` in traces, if any.
    pub fn request_id_header(&self) -> Option<&'static str> {
        self.request_id_header
    }

    /// The retry policy.
    ///
    /// ```
    /// # use secops_sdk::auth::{AuthError, Credentials};
    /// # use secops_sdk::{BoxFuture, clock::SystemClock, retry::RetryConfig, transport::SdkTransport};
    /// # use secrecy::SecretString;
    /// # use std::sync::Arc;
    /// # #[derive(Debug)] struct NoCredentials;
    /// # impl Credentials for NoCredentials {
    /// #     fn bearer_token(&self, _: &'static str) -> BoxFuture<'_, Result<SecretString, AuthError>> { Box::pin(async { Err(AuthError::CannotRenew) }) }
    /// #     fn renew_after_rejection<'a>(&'a self, _: &'static str, _: &'a SecretString) -> BoxFuture<'a, Result<SecretString, AuthError>> { Box::pin(async { Err(AuthError::CannotRenew) }) }
    /// # }
    /// let transport = SdkTransport::new("demo", Arc::new(NoCredentials), RetryConfig::disabled(), Arc::new(SystemClock));
    /// assert_eq!(transport.retry().max_attempts(), 1);
    /// ```
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// Adds `Authorization: Bearer <token>` for `operation_id` to `request` (renewing the token
    /// first if it is about to expire). [`Transport::send`] does this, then
    /// [`execute`](Self::execute).
    pub async fn authorize(
        &self,
        request: &mut Request,
        operation_id: &'static str,
    ) -> Result<(), AuthError> {
        let token = self.credentials.bearer_token(operation_id).await?;
        let header = bearer_header(&token, "access token")?;
        request.headers_mut().insert(AUTHORIZATION, header);
        Ok(())
    }

    /// Sends an authorized `request` in a `secops.request` tracing span: renews the token once
    /// after a 401 and sends once more, and retries as the policy allows.
    /// [`Transport::send`] is [`authorize`](Self::authorize) then this.
    pub async fn execute(
        &self,
        client: &reqwest::Client,
        request: Request,
        operation_id: &'static str,
    ) -> Result<Response, TransportError> {
        let span = tracing::info_span!(
            "secops.request",
            vendor = self.vendor,
            operation = operation_id,
            method = %request.method(),
            path = %request.url().path(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.send_with_retries(client, request, operation_id)
            .instrument(span)
            .await
    }

    async fn authorize_and_send(
        &self,
        client: &reqwest::Client,
        mut request: Request,
        operation_id: &'static str,
    ) -> Result<Response, TransportError> {
        self.authorize(&mut request, operation_id)
            .await
            .map_err(credentials_error)?;
        self.execute(client, request, operation_id).await
    }

    async fn send_with_retries(
        &self,
        client: &reqwest::Client,
        request: Request,
        operation_id: &'static str,
    ) -> Result<Response, TransportError> {
        let started = Instant::now();
        let method = request.method().clone();
        let mut budget = RetryBudget::start(&self.retry, self.clock.as_ref());
        let mut request = request;
        let mut attempt: u32 = 0;
        let mut renewed_after_401 = false;
        loop {
            attempt += 1;
            // A copy to send again; `None` for streaming bodies, which are sent only once.
            let spare = request.try_clone();
            let timeout = budget.attempt_timeout();
            *request.timeout_mut() = timeout;
            let result = client.execute(request).await;
            let span = tracing::Span::current();
            span.record("attempt", attempt);
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let mut request_id = None;
            let outcome = match &result {
                Ok(response) => {
                    let status = response.status();
                    span.record("status", status.as_u16());
                    request_id = self.request_id_header.and_then(|header| {
                        secops_runtime::request_id::from_headers(response.headers(), header)
                    });
                    if let Some(request_id) = &request_id {
                        span.record("request_id", request_id.as_str());
                    }
                    if status == StatusCode::UNAUTHORIZED && !renewed_after_401 {
                        match self.renew_for_retry(spare, operation_id).await {
                            Ok(renewed) => {
                                renewed_after_401 = true;
                                request = renewed;
                                continue;
                            }
                            Err(None) => return Ok(marked(result?, timeout)),
                            Err(Some(failure)) => return Err(failure),
                        }
                    }
                    Outcome::response(status, response.headers(), self.clock.now())
                }
                Err(error) => Outcome::Transport(error),
            };
            match (budget.next_wait(&method, &outcome), spare) {
                (Some(wait), Some(spare)) => {
                    tracing::info!(
                        failure = %outcome,
                        attempt,
                        request_id = request_id.as_deref(),
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    drop(result);
                    self.clock.sleep(wait).await;
                    request = spare;
                }
                _ => {
                    tracing::debug!(
                        result = %outcome,
                        attempt,
                        request_id = request_id.as_deref(),
                        "request finished"
                    );
                    return match (result, timeout) {
                        (Err(source), Some(after)) if source.is_timeout() => {
                            Err(TransportError::TimedOut { after, source })
                        }
                        (result, timeout) => Ok(marked(result?, timeout)),
                    };
                }
            }
        }
    }

    /// After a 401: a copy of the request with a renewed token. `Err` when the request cannot
    /// be repeated or the credentials cannot be renewed (`None`: the 401 speaks for itself), or
    /// renewal failed (the reason, which the caller gets instead of the bare 401).
    async fn renew_for_retry(
        &self,
        spare: Option<Request>,
        operation_id: &'static str,
    ) -> Result<Request, Option<TransportError>> {
        let mut retry = spare.ok_or(None)?;
        let rejected = bearer_token_of(&retry).ok_or(None)?;
        let renewed = match self
            .credentials
            .renew_after_rejection(operation_id, &rejected)
            .await
        {
            Ok(renewed) => renewed,
            Err(AuthError::CannotRenew) => return Err(None),
            Err(error) => {
                tracing::warn!(error = %error, "the server answered 401 and the token could not be renewed");
                let needs_reauthorization = error.needs_reauthorization();
                return Err(Some(TransportError::Credentials(CredentialError::new(
                    needs_reauthorization,
                    RejectedAndNotRenewed(error),
                ))));
            }
        };
        match bearer_header(&renewed, "renewed token") {
            Ok(header) => {
                retry.headers_mut().insert(AUTHORIZATION, header);
                tracing::info!("token renewed after 401; sending once more");
                Ok(retry)
            }
            Err(error) => {
                tracing::warn!(error = %error, "renewed token cannot be sent");
                Err(Some(credentials_error(error)))
            }
        }
    }
}

/// `response`, marked with the timeout of its attempt so that a body that stalls past it is
/// reported with it.
fn marked(mut response: Response, timeout: Option<std::time::Duration>) -> Response {
    if let Some(after) = timeout {
        response.extensions_mut().insert(AttemptTimeout(after));
    }
    response
}

/// Credentials that could not be had, as the transport reports them.
fn credentials_error(error: AuthError) -> TransportError {
    TransportError::Credentials(CredentialError::new(error.needs_reauthorization(), error))
}

/// The server refused the token with 401 and renewing it failed: the caller gets why.
#[derive(Debug, thiserror::Error)]
#[error("the server answered 401 Unauthorized and the token could not be renewed: {0}")]
pub struct RejectedAndNotRenewed(#[source] pub AuthError);

/// The token in the request's `Authorization: Bearer` header, if any.
fn bearer_token_of(request: &Request) -> Option<SecretString> {
    let value = request.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?;
    Some(SecretString::from(token))
}

impl Transport for SdkTransport {
    fn send<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, Result<Response, TransportError>> {
        Box::pin(self.authorize_and_send(client, request, operation_id))
    }

    fn redact(&self, text: &mut String) {
        self.credentials.redact(text);
    }
}
