//! The token-request helper: one place that sends a request to a token endpoint and turns the
//! answer into a token body or a typed [`AuthError`].
//!
//! Vendors build the request (form, query, credential) and say which statuses mean "the grant
//! itself was refused" (a person must act) rather than server trouble.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::errors::{AuthError, Rejection};

/// A token endpoint: its name in messages ("Egnyte token endpoint") and the statuses that mean
/// the credential itself was refused.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TokenEndpoint {
    /// The endpoint's name in error messages.
    pub(crate) name: &'static str,
    /// Statuses that mean the credential was refused; any other failure is server trouble.
    pub(crate) refusals: &'static [u16],
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

impl TokenEndpoint {
    /// Sends `request` (with `timeout` per attempt) and returns the status and body of a 2xx
    /// answer.
    pub(crate) async fn send(
        &self,
        mut request: reqwest::RequestBuilder,
        timeout: Option<Duration>,
    ) -> Result<(StatusCode, Bytes), TokenFailure> {
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let unreachable = |source| {
            TokenFailure::Other(AuthError::Unreachable {
                endpoint: self.name,
                source,
            })
        };
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        let body = response.bytes().await.map_err(unreachable)?;
        if !status.is_success() {
            return Err(self.failure(status, &body));
        }
        Ok((status, body))
    }

    /// The failure for a non-2xx answer with `body`.
    pub(crate) fn failure(&self, status: StatusCode, body: &[u8]) -> TokenFailure {
        let rejection = Rejection::from_body(status.as_u16(), &String::from_utf8_lossy(body));
        if self.refusals.contains(&status.as_u16()) {
            TokenFailure::Refused(rejection)
        } else {
            TokenFailure::Other(AuthError::EndpointFailed {
                endpoint: self.name,
                rejection,
            })
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

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINT: TokenEndpoint = TokenEndpoint {
        name: "test token endpoint",
        refusals: &[400, 401],
    };

    #[test]
    fn refusals_and_server_trouble_are_told_apart() {
        let refused = ENDPOINT.failure(StatusCode::BAD_REQUEST, br#"{"error":"invalid_grant"}"#);
        assert!(matches!(refused, TokenFailure::Refused(_)));
        let trouble = ENDPOINT.failure(StatusCode::BAD_GATEWAY, b"<html>down</html>");
        let error = trouble.into_error(|_| AuthError::CannotRenew);
        assert!(matches!(error, AuthError::EndpointFailed { .. }), "{error}");
        assert!(error.to_string().contains("HTTP 502"), "{error}");
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
}
