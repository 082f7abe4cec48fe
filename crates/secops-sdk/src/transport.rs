//! [`SdkTransport`]: credentials, retries and tracing for every request of a generated client.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::AUTHORIZATION;
use reqwest::{Method, Request, Response, StatusCode};
use secops_transport::{BoxFuture, Transport};
use secrecy::SecretString;
use tracing::Instrument;

use crate::auth::Credentials;
use crate::auth::credentials::bearer_header;
use crate::clock::Clock;
use crate::retry::{RetryConfig, may_retry_error, may_retry_status, retry_after};

/// The [`Transport`] the facade installs in both generated clients.
///
/// - `authorize` adds `Authorization: Bearer <token>` (marked sensitive) from the vendor's
///   [`Credentials`]; an expired token is renewed first.
/// - `execute` sends the request; after a 401 it renews the token once and sends once more
///   (if renewal fails, the caller gets an error saying why, e.g. that re-authorization is
///   needed, instead of the bare 401);
///   on connection errors and 429/502/503/504 it retries as [`RetryConfig`] allows (requests
///   that are not idempotent only when they cannot have been processed); every request runs in
///   a `secops.request` span with vendor, operation, method, path (no query), status, attempt
///   and latency. No token is ever logged.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use secops_sdk::auth::lacework::LaceworkAuth;
/// use secops_sdk::config::LaceworkConfig;
/// use secops_sdk::transport::SdkTransport;
/// use secops_transport::Transport;
/// use std::sync::Arc;
///
/// let config = LaceworkConfig::from_env()?;
/// let http = reqwest::Client::new();
/// let auth = Arc::new(LaceworkAuth::new(&config, http.clone()));
/// let transport = SdkTransport::new("lacework", auth, config.retry().clone(), config.clock().clone());
///
/// let mut request = http.get(config.base_url().join("/api/v1/apps")?).build()?;
/// transport.authorize(&mut request, "list_apps").await?;
/// let response = transport.execute(&http, request, "list_apps").await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SdkTransport {
    vendor: &'static str,
    credentials: Arc<dyn Credentials>,
    retry: RetryConfig,
    clock: Arc<dyn Clock>,
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
        }
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

    async fn send(
        &self,
        client: &reqwest::Client,
        request: Request,
        operation_id: &'static str,
    ) -> reqwest::Result<Response> {
        let started_at = self.clock.now();
        let started = Instant::now();
        let method = request.method().clone();
        let mut request = request;
        let mut attempt: u32 = 0;
        let mut retries: u32 = 0;
        let mut renewed_after_401 = false;
        loop {
            attempt += 1;
            // A copy to send again; `None` for streaming bodies, which are sent only once.
            let spare = request.try_clone();
            *request.timeout_mut() = self.attempt_timeout(started_at);
            let outcome = client.execute(request).await;
            let span = tracing::Span::current();
            span.record("attempt", attempt);
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let failure = match &outcome {
                Ok(response) => {
                    let status = response.status();
                    span.record("status", status.as_u16());
                    if status == StatusCode::UNAUTHORIZED && !renewed_after_401 {
                        match self.renew_for_retry(spare, operation_id).await {
                            Ok(renewed) => {
                                renewed_after_401 = true;
                                request = renewed;
                                continue;
                            }
                            Err(reason) => return with_failure_note(outcome, reason),
                        }
                    }
                    Failure::Status(status, retry_after(response.headers(), self.clock.now()))
                }
                Err(error) => Failure::Transport(error),
            };
            let wait = self.retry_plan(&method, &failure, retries, started_at);
            match (wait, spare) {
                (Some(wait), Some(spare)) => {
                    tracing::info!(
                        failure = %failure,
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    drop(outcome);
                    self.clock.sleep(wait).await;
                    retries += 1;
                    request = spare;
                }
                _ => {
                    tracing::debug!(result = %failure, attempt, "request finished");
                    return outcome;
                }
            }
        }
    }

    /// The timeout of the next attempt: the per-attempt timeout, shortened to what is left of
    /// the overall timeout (zero when nothing is left: the attempt then times out at once).
    fn attempt_timeout(&self, started_at: SystemTime) -> Option<Duration> {
        let left = self
            .retry
            .overall_timeout()
            .map(|overall| overall.saturating_sub(self.elapsed_since(started_at)));
        match (self.retry.attempt_timeout(), left) {
            (Some(per_attempt), Some(left)) => Some(per_attempt.min(left)),
            (per_attempt, left) => per_attempt.or(left),
        }
    }

    /// How long to wait before the next retry, or `None` if this failure is final.
    fn retry_plan(
        &self,
        method: &Method,
        failure: &Failure<'_>,
        retries_done: u32,
        started_at: SystemTime,
    ) -> Option<Duration> {
        let (retryable, asked) = match failure {
            Failure::Status(status, asked) => (may_retry_status(method, *status), *asked),
            Failure::Transport(error) => (may_retry_error(method, error), None),
        };
        if !retryable || retries_done + 1 >= self.retry.max_attempts() {
            return None;
        }
        let wait = match asked {
            Some(asked) => asked.min(self.retry.max_retry_after()),
            None => self.retry.backoff(retries_done + 1),
        };
        if let Some(overall) = self.retry.overall_timeout()
            && self.elapsed_since(started_at).saturating_add(wait) >= overall
        {
            return None;
        }
        Some(wait)
    }

    fn elapsed_since(&self, started_at: SystemTime) -> Duration {
        self.clock
            .now()
            .duration_since(started_at)
            .unwrap_or(Duration::ZERO)
    }

    /// After a 401: a copy of the request with a renewed token. `Err` when the request cannot
    /// be repeated (`None`: the 401 speaks for itself) or the token cannot be renewed (the
    /// reason, which the caller gets instead of the bare 401).
    async fn renew_for_retry(
        &self,
        spare: Option<Request>,
        operation_id: &'static str,
    ) -> Result<Request, Option<String>> {
        let mut retry = spare.ok_or(None)?;
        let rejected = bearer_token_of(&retry).ok_or(None)?;
        let renewed = self
            .credentials
            .renew_after_rejection(operation_id, &rejected)
            .await
            .map_err(|error| {
                tracing::warn!(error = %error, "the server answered 401 and the token could not be renewed");
                Some(format!(
                    "the server answered 401 Unauthorized and the token could not be renewed: {error}"
                ))
            })?;
        match bearer_header(&renewed, "renewed token") {
            Ok(header) => {
                retry.headers_mut().insert(AUTHORIZATION, header);
                tracing::info!("token renewed after 401; sending once more");
                Ok(retry)
            }
            Err(error) => {
                tracing::warn!(error = %error, "renewed token cannot be sent");
                Err(Some(format!("the renewed token cannot be sent: {error}")))
            }
        }
    }
}

/// Marks `outcome` (a response) with `reason`, so the generated client returns the reason.
fn with_failure_note(
    mut outcome: reqwest::Result<Response>,
    reason: Option<String>,
) -> reqwest::Result<Response> {
    if let (Ok(response), Some(reason)) = (outcome.as_mut(), reason) {
        secops_transport::TransportFailure::attach(response, reason);
    }
    outcome
}

/// The outcome of one attempt, as far as retrying is concerned.
enum Failure<'a> {
    /// A response, with the delay its `Retry-After` asks for.
    Status(StatusCode, Option<Duration>),
    /// No response.
    Transport(&'a reqwest::Error),
}

impl fmt::Display for Failure<'_> {
    /// The status, or the transport error with its URL reduced to the path (the query may
    /// hold identifiers; the span already names the path).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status(status, _) => write!(f, "HTTP {}", status.as_u16()),
            Self::Transport(error) => {
                let mut text = error.to_string();
                if let Some(url) = error.url() {
                    text = text.replace(url.as_str(), url.path());
                }
                f.write_str(&text)
            }
        }
    }
}

/// The token in the request's `Authorization: Bearer` header, if any.
fn bearer_token_of(request: &Request) -> Option<SecretString> {
    let value = request.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?;
    Some(SecretString::from(token))
}

impl Transport for SdkTransport {
    fn authorize<'a>(
        &'a self,
        request: &'a mut Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let token = self
                .credentials
                .bearer_token(operation_id)
                .await
                .map_err(|error| error.to_string())?;
            let header =
                bearer_header(&token, "access token").map_err(|error| error.to_string())?;
            request.headers_mut().insert(AUTHORIZATION, header);
            Ok(())
        })
    }

    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<Response>> {
        let span = tracing::info_span!(
            "secops.request",
            vendor = self.vendor,
            operation = operation_id,
            method = %request.method(),
            path = %request.url().path(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        Box::pin(self.send(client, request, operation_id).instrument(span))
    }
}
