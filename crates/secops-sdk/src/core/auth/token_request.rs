//! The token-request helper: one place that sends a request to a token endpoint and turns the
//! answer into a token body or a typed [`AuthError`].
//!
//! Vendors build the request (form, query, credential) and say which statuses mean "the grant
//! itself was refused" (a person must act) rather than server trouble, whether the request may
//! be repeated once the server may have processed it ([`Replay`]), and which values they sent
//! that must never be shown (the secrets to mask in the endpoint's error text).
//!
//! What this helper guarantees:
//! - **No redirect is followed.** Requests go through a client without redirects
//!   (`core/config/http.rs`); a 3xx, or an answer from another URL than the one asked, is
//!   [`AuthError::TokenEndpointRedirected`] naming only the `Location` host.
//! - **Retries** follow the SDK's retry policy (`core/retry/`): connection errors, 429 and
//!   502/503/504, with back-off or `Retry-After` (capped), within the attempt limit and the
//!   overall timeout; a [`Replay::OnlyUnprocessed`] request only when it cannot have been
//!   processed.
//! - **Bounded, masked error text.** At most [`MAX_ERROR_READ`] bytes of an error body are
//!   read and at most 512 bytes kept, with every secret the request carried replaced by
//!   `[REDACTED]` (see [`Rejection`]); a success body larger than [`MAX_TOKEN_BODY`] is refused.

// Lacework Edge uses part of this module (its login); the OAuth2 part is for Egnyte.
#![cfg_attr(not(feature = "egnyte"), allow(dead_code))]

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use serde::de::DeserializeOwned;

use crate::core::clock::Clock;
use crate::core::retry::{Outcome, Replay, RetryBudget, RetryConfig};
use crate::errors::{AuthError, Rejection};

/// The most bytes of an error body read from a token endpoint (the rest is not read).
pub(crate) const MAX_ERROR_READ: usize = 64 * 1024;

/// The largest success body accepted from a token endpoint.
pub(crate) const MAX_TOKEN_BODY: usize = 1024 * 1024;

/// A token endpoint: its name in messages ("Egnyte token endpoint") and the statuses that mean
/// the credential itself was refused.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TokenEndpoint {
    /// The endpoint's name in error messages.
    pub(crate) name: &'static str,
    /// Statuses that mean the credential was refused; any other failure is server trouble.
    pub(crate) refusals: &'static [u16],
    /// The response header with the vendor's request id (from the spec), kept in errors.
    pub(crate) request_id_header: Option<&'static str>,
}

/// Why a token request failed, before the vendor gives a refusal its meaning.
#[derive(Debug)]
pub(crate) enum TokenFailure {
    /// The endpoint refused the credential (one of the endpoint's refusal statuses).
    Refused(Rejection),
    /// Anything else, already typed.
    Other(AuthError),
}

impl TokenFailure {
    /// The error, with a refusal turned into what `refused` says it means.
    pub(crate) fn into_error(self, refused: impl FnOnce(Rejection) -> AuthError) -> AuthError {
        match self {
            Self::Refused(rejection) => refused(rejection),
            Self::Other(error) => error,
        }
    }
}

/// How a token request is sent: the client (one that follows no redirect), the retry policy
/// and clock, and whether the request may be repeated after the server may have processed it.
pub(crate) struct TokenSend<'a> {
    /// A client built with `redirect::Policy::none()`.
    pub(crate) http: &'a reqwest::Client,
    /// The retry policy (attempts, back-off, `Retry-After` cap, timeouts).
    pub(crate) retry: &'a RetryConfig,
    /// The clock for back-off and `Retry-After` dates.
    pub(crate) clock: &'a dyn Clock,
    /// Whether a request that may have been processed may be sent again.
    pub(crate) replay: Replay,
    /// Every secret value the request carries, masked in any error text.
    pub(crate) secrets: &'a [&'a str],
}

impl TokenEndpoint {
    /// Sends `request` as `how` says, retrying as the policy allows, and returns the status and
    /// body of a 2xx answer.
    pub(crate) async fn send(
        &self,
        request: reqwest::Request,
        how: &TokenSend<'_>,
    ) -> Result<(StatusCode, Bytes), TokenFailure> {
        let mut budget = RetryBudget::start(how.retry, how.clock);
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let Some(mut this) = request.try_clone() else {
                return Err(TokenFailure::Other(AuthError::InvalidRequest {
                    endpoint: self.name,
                    problem: "the request body cannot be sent again".to_owned(),
                }));
            };
            *this.timeout_mut() = budget.attempt_timeout();
            let asked = this.url().clone();
            let response = match how.http.execute(this).await {
                Ok(response) => response,
                Err(error) => {
                    let outcome = Outcome::Transport(&error);
                    if let Some(wait) = budget.next_wait_as(how.replay, &outcome) {
                        self.log_retry(&outcome, attempt, wait, None);
                        how.clock.sleep(wait).await;
                        continue;
                    }
                    return Err(self.unreachable(error));
                }
            };
            let status = response.status();
            let request_id = self.request_id(response.headers());
            if status.is_redirection() || response.url() != &asked {
                return Err(TokenFailure::Other(self.redirected(
                    status,
                    response.headers(),
                    &asked,
                )));
            }
            if !status.is_success() {
                let outcome = Outcome::response(status, response.headers(), how.clock.now());
                if let Some(wait) = budget.next_wait_as(how.replay, &outcome) {
                    self.log_retry(&outcome, attempt, wait, request_id.as_deref());
                    drop(response);
                    how.clock.sleep(wait).await;
                    continue;
                }
                let (body, _) = read_at_most(response, MAX_ERROR_READ)
                    .await
                    .map_err(|error| self.unreachable(error))?;
                return Err(self.failure(status, &body, how.secrets, request_id));
            }
            let (body, complete) = read_at_most(response, MAX_TOKEN_BODY)
                .await
                .map_err(|error| self.unreachable(error))?;
            if !complete {
                return Err(TokenFailure::Other(self.invalid(
                    status,
                    format!("the body is larger than {MAX_TOKEN_BODY} bytes"),
                )));
            }
            return Ok((status, body));
        }
    }

    /// The vendor's request id in `headers`, made safe to show, when the vendor has one.
    pub(crate) fn request_id(&self, headers: &HeaderMap) -> Option<String> {
        secops_runtime::request_id::from_headers(headers, self.request_id_header?)
    }

    fn log_retry(
        &self,
        outcome: &Outcome<'_>,
        attempt: u32,
        wait: Duration,
        request_id: Option<&str>,
    ) {
        tracing::info!(
            endpoint = self.name,
            failure = %outcome,
            attempt,
            request_id,
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            "retrying the token request"
        );
    }

    fn unreachable(&self, source: reqwest::Error) -> TokenFailure {
        TokenFailure::Other(AuthError::Unreachable {
            endpoint: self.name,
            source,
        })
    }

    /// The failure for a non-2xx answer with `body`, its text masked (`secrets`) and bounded,
    /// and the vendor's `request_id` (already made safe to show).
    pub(crate) fn failure(
        &self,
        status: StatusCode,
        body: &[u8],
        secrets: &[&str],
        request_id: Option<String>,
    ) -> TokenFailure {
        let body = &body[..body.len().min(MAX_ERROR_READ)];
        let mut rejection =
            Rejection::masked(status.as_u16(), &String::from_utf8_lossy(body), secrets);
        rejection.request_id = request_id;
        if self.refusals.contains(&status.as_u16()) {
            TokenFailure::Refused(rejection)
        } else {
            TokenFailure::Other(AuthError::EndpointFailed {
                endpoint: self.name,
                rejection,
            })
        }
    }

    /// The error for a redirect (or an answer from elsewhere) to a request for `asked`: it
    /// names the `Location` host only (a relative `Location` is `asked`'s host), never its path
    /// or query.
    pub(crate) fn redirected(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        asked: &url::Url,
    ) -> AuthError {
        let location_host = headers
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|location| asked.join(location.trim()).ok())
            .and_then(|location| {
                let host = location.host_str()?.to_owned();
                Some(match location.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host,
                })
            });
        tracing::warn!(
            endpoint = self.name,
            status = status.as_u16(),
            location_host = location_host.as_deref().unwrap_or("-"),
            "the token endpoint redirected; the redirect was not followed"
        );
        AuthError::TokenEndpointRedirected {
            endpoint: self.name,
            status: status.as_u16(),
            location_host,
        }
    }

    /// Decodes a 2xx body; the error names the problem's position, never the body (it holds
    /// tokens).
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        status: StatusCode,
        body: &[u8],
    ) -> Result<T, AuthError> {
        serde_json::from_slice(body).map_err(|error| {
            self.invalid(
                status,
                format!(
                    "{:?} error at line {}, column {}",
                    error.classify(),
                    error.line(),
                    error.column()
                ),
            )
        })
    }

    /// A 2xx answer that is not a usable token response.
    pub(crate) fn invalid(&self, status: StatusCode, problem: String) -> AuthError {
        AuthError::InvalidTokenResponse {
            endpoint: self.name,
            status: status.as_u16(),
            problem,
        }
    }
}

/// The first `limit` bytes of `response`'s body, and whether that is all of it. The rest is
/// not read.
async fn read_at_most(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body.freeze(), false));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body.freeze(), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINT: TokenEndpoint = TokenEndpoint {
        name: "test token endpoint",
        refusals: &[400, 401],
        request_id_header: Some("x-test-request-id"),
    };

    #[test]
    fn refusals_and_server_trouble_are_told_apart() {
        let refused = ENDPOINT.failure(
            StatusCode::BAD_REQUEST,
            br#"{"error":"invalid_grant"}"#,
            &[],
            None,
        );
        assert!(matches!(refused, TokenFailure::Refused(_)));
        let trouble = ENDPOINT.failure(
            StatusCode::BAD_GATEWAY,
            b"<html>down</html>",
            &[],
            Some("req-42".to_owned()),
        );
        let error = trouble.into_error(|_| AuthError::CannotRenew);
        assert!(matches!(error, AuthError::EndpointFailed { .. }), "{error}");
        assert!(error.to_string().contains("HTTP 502"), "{error}");
        assert_eq!(error.request_id(), Some("req-42"));
        assert!(error.to_string().contains("(request id req-42)"), "{error}");
    }

    #[test]
    fn an_undecodable_body_is_not_quoted() {
        #[derive(serde::Deserialize, Debug)]
        struct Token {
            #[allow(dead_code)]
            access_token: String,
        }
        let error = ENDPOINT
            .decode::<Token>(StatusCode::OK, br#"{"access_tok":"secret-value"}"#)
            .unwrap_err();
        assert!(!error.to_string().contains("secret-value"), "{error}");
    }

    #[test]
    fn error_text_is_masked_and_bounded() {
        let body = format!(
            r#"{{"error":"invalid_client","error_description":"got code-123 and s3cret","pad":"{}"}}"#,
            "x".repeat(5000)
        );
        let error = ENDPOINT
            .failure(
                StatusCode::BAD_GATEWAY,
                body.as_bytes(),
                &["s3cret", "code-123"],
                None,
            )
            .into_error(|_| AuthError::CannotRenew);
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("code-123"),
            "{shown}"
        );
        assert!(shown.len() < 2000, "{shown}");
    }

    #[test]
    fn a_redirect_names_the_location_host_only() {
        let mut headers = HeaderMap::new();
        headers.insert(
            LOCATION,
            "https://evil.example:8443/steal?client_secret=s3cret"
                .parse()
                .unwrap(),
        );
        let asked = url::Url::parse("https://idp.example/oauth2/token").unwrap();
        let error = ENDPOINT.redirected(StatusCode::TEMPORARY_REDIRECT, &headers, &asked);
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("evil.example:8443"), "{shown}");
        assert!(
            !shown.contains("steal") && !shown.contains("s3cret"),
            "{shown}"
        );
        let error = ENDPOINT.redirected(StatusCode::FOUND, &HeaderMap::new(), &asked);
        assert!(error.to_string().contains("no valid Location"), "{error}");
        headers.insert(LOCATION, "/login?next=x".parse().unwrap());
        let error = ENDPOINT.redirected(StatusCode::FOUND, &headers, &asked);
        assert!(error.to_string().contains("idp.example"), "{error}");
    }
}
