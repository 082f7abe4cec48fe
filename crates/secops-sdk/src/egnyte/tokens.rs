//! [`OAuthTokens`]: the Egnyte access and refresh tokens, as stored.

use std::time::{Duration, SystemTime};

use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::core::auth::{CachedToken, secret_serde};
use crate::core::clock::{from_unix_seconds, saturating_add, unix_seconds};

/// An Egnyte access token, the refresh token that renews it, and when the access token expires.
///
/// `Debug` shows `[REDACTED]` for both tokens. Serialized (by token stores only) as
/// `{"access_token", "refresh_token", "token_type", "expires_at"}` with `expires_at` in Unix
/// seconds.
///
/// ```
/// use secops_sdk::auth::egnyte::OAuthTokens;
/// use secrecy::ExposeSecret;
/// use std::time::{Duration, SystemTime};
///
/// let tokens = OAuthTokens::new("access-abc".into(), "refresh-xyz".into())
///     .with_expires_at(Some(SystemTime::now() + Duration::from_secs(3600)));
/// assert_eq!(tokens.access_token().expose_secret(), "access-abc");
/// assert!(!format!("{tokens:?}").contains("refresh-xyz"));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OAuthTokens {
    #[serde(with = "secret_serde")]
    access_token: SecretString,
    #[serde(with = "secret_serde")]
    refresh_token: SecretString,
    #[serde(default = "bearer")]
    token_type: String,
    #[serde(
        default,
        serialize_with = "serialize_expiry",
        deserialize_with = "deserialize_expiry"
    )]
    expires_at: Option<SystemTime>,
}

fn bearer() -> String {
    "bearer".to_owned()
}

fn serialize_expiry<S: Serializer>(
    expiry: &Option<SystemTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    expiry.map(unix_seconds).serialize(serializer)
}

fn deserialize_expiry<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<SystemTime>, D::Error> {
    Ok(Option::<u64>::deserialize(deserializer)?.map(from_unix_seconds))
}

impl OAuthTokens {
    /// Tokens with no known expiry (the access token is then used until the server answers 401).
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::OAuthTokens;
    /// let tokens = OAuthTokens::new("a".into(), "r".into());
    /// assert_eq!(tokens.expires_at(), None);
    /// ```
    pub fn new(access_token: SecretString, refresh_token: SecretString) -> Self {
        Self {
            access_token,
            refresh_token,
            token_type: bearer(),
            expires_at: None,
        }
    }

    /// Sets when the access token expires.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::OAuthTokens;
    /// use std::time::SystemTime;
    /// let tokens = OAuthTokens::new("a".into(), "r".into()).with_expires_at(Some(SystemTime::UNIX_EPOCH));
    /// assert_eq!(tokens.expires_at(), Some(SystemTime::UNIX_EPOCH));
    /// ```
    pub fn with_expires_at(mut self, expires_at: Option<SystemTime>) -> Self {
        self.expires_at = expires_at;
        self
    }

    /// Sets the token type reported by the server (normally `bearer`).
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::OAuthTokens;
    /// let tokens = OAuthTokens::new("a".into(), "r".into()).with_token_type("Bearer");
    /// assert_eq!(tokens.token_type(), "Bearer");
    /// ```
    pub fn with_token_type(mut self, token_type: impl Into<String>) -> Self {
        self.token_type = token_type.into();
        self
    }

    /// The access token sent as `Authorization: Bearer ...`.
    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }

    /// The refresh token that obtains the next access token.
    pub fn refresh_token(&self) -> &SecretString {
        &self.refresh_token
    }

    /// The token type reported by the server.
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// When the access token expires, if the server said.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Whether the access token is still usable at `now` with `skew` to spare.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::OAuthTokens;
    /// use std::time::{Duration, SystemTime};
    ///
    /// let now = SystemTime::now();
    /// let tokens = OAuthTokens::new("a".into(), "r".into())
    ///     .with_expires_at(Some(now + Duration::from_secs(30)));
    /// assert!(tokens.is_fresh(now, Duration::from_secs(10)));
    /// assert!(!tokens.is_fresh(now, Duration::from_secs(60)));
    /// ```
    pub fn is_fresh(&self, now: SystemTime, skew: Duration) -> bool {
        match self.expires_at {
            None => true,
            Some(expires_at) => saturating_add(now, skew) < expires_at,
        }
    }
}

impl CachedToken for OAuthTokens {
    fn bearer(&self) -> &SecretString {
        &self.access_token
    }

    fn is_fresh(&self, now: SystemTime, skew: Duration) -> bool {
        OAuthTokens::is_fresh(self, now, skew)
    }

    fn secrets(&self) -> Vec<SecretString> {
        vec![self.access_token.clone(), self.refresh_token.clone()]
    }
}

/// The lifetime assumed for an access token when the token response has no usable
/// `expires_in`: one hour.
///
/// Why one hour: Egnyte documents no default (RFC 6749 §5.1 leaves it to the server to
/// document one), and Egnyte's own Splunk add-on treats `expires_in` as required, so a
/// response without it is unusual. 3600 s is the value RFC 6749 uses in its examples and the
/// most common access-token lifetime. Guessing wrong costs little either way: a token that
/// lives shorter is answered with a 401, after which the SDK refreshes once and resends; a
/// token that lives longer is refreshed early, once an hour. Before this default the token was
/// used until the first 401, which spends one failed request on every expiry.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// The token endpoint's success body.
#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    #[serde(with = "secret_serde")]
    pub(crate) access_token: SecretString,
    #[serde(default, deserialize_with = "secret_serde::option::deserialize")]
    pub(crate) refresh_token: Option<SecretString>,
    #[serde(default)]
    pub(crate) expires_in: Lifetime,
    #[serde(default, deserialize_with = "lenient_string")]
    pub(crate) token_type: Option<String>,
}

/// `expires_in` as servers write it: an integer, a float, a numeric string, `null` or absent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) enum Lifetime {
    /// Absent, `null`, or not a number: [`DEFAULT_TOKEN_LIFETIME`] applies.
    #[default]
    Unknown,
    /// Seconds; zero or negative means the token must be renewed before its next use.
    Seconds(f64),
}

impl<'de> Deserialize<'de> for Lifetime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let seconds = match &value {
            serde_json::Value::Number(number) => number.as_f64(),
            serde_json::Value::String(text) => text.trim().parse::<f64>().ok(),
            _ => None,
        };
        Ok(match seconds.filter(|seconds| !seconds.is_nan()) {
            Some(seconds) => Self::Seconds(seconds),
            None => {
                if !value.is_null() {
                    tracing::debug!(
                        "the token response's expires_in is not a number; assuming {} s",
                        DEFAULT_TOKEN_LIFETIME.as_secs()
                    );
                }
                Self::Unknown
            }
        })
    }
}

impl Lifetime {
    /// When a token received at `received_at` expires: after the default lifetime when
    /// unknown, at `received_at` itself (stale at once) when zero or negative, whole seconds
    /// otherwise (a fraction is dropped).
    fn expires_at(self, received_at: SystemTime) -> SystemTime {
        let lifetime = match self {
            Self::Unknown => DEFAULT_TOKEN_LIFETIME,
            Self::Seconds(seconds) if seconds <= 0.0 => Duration::ZERO,
            // `as` saturates: a huge value becomes u64::MAX seconds, and the addition below
            // saturates too.
            Self::Seconds(seconds) => Duration::from_secs(seconds.floor() as u64),
        };
        saturating_add(received_at, lifetime)
    }
}

/// A string, or `None` for `null`, absence or any other JSON type.
fn lenient_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => Some(text),
        _ => None,
    })
}

impl TokenResponse {
    /// The tokens to store: a refresh token the server did not rotate stays `previous_refresh`.
    pub(crate) fn into_tokens(
        self,
        received_at: SystemTime,
        previous_refresh: Option<&SecretString>,
    ) -> Option<OAuthTokens> {
        let refresh_token = self.refresh_token.or_else(|| previous_refresh.cloned())?;
        Some(OAuthTokens {
            access_token: self.access_token,
            refresh_token,
            token_type: self.token_type.unwrap_or_else(bearer),
            expires_at: Some(self.expires_in.expires_at(received_at)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn round_trips_through_json() {
        let tokens = OAuthTokens::new("a1".into(), "r1".into())
            .with_expires_at(Some(from_unix_seconds(1_700_000_000)));
        let json = serde_json::to_string(&tokens).unwrap();
        assert_eq!(
            json,
            r#"{"access_token":"a1","refresh_token":"r1","token_type":"bearer","expires_at":1700000000}"#
        );
        let back: OAuthTokens = serde_json::from_str(&json).unwrap();
        assert_eq!(back.refresh_token().expose_secret(), "r1");
        assert_eq!(back.expires_at(), tokens.expires_at());
    }

    #[test]
    fn unrotated_refresh_token_is_kept() {
        let response: TokenResponse =
            serde_json::from_str(r#"{"access_token":"a2","expires_in":60}"#).unwrap();
        let now = from_unix_seconds(100);
        let previous = SecretString::from("r1");
        let tokens = response.into_tokens(now, Some(&previous)).unwrap();
        assert_eq!(tokens.refresh_token().expose_secret(), "r1");
        assert_eq!(tokens.expires_at(), Some(from_unix_seconds(160)));
    }

    fn expiry(json: &str) -> Option<SystemTime> {
        let response: TokenResponse = serde_json::from_str(json).unwrap();
        let tokens = response.into_tokens(from_unix_seconds(1000), None).unwrap();
        tokens.expires_at()
    }

    #[test]
    fn expires_in_is_read_leniently() {
        let body = |expires_in: &str| {
            format!(r#"{{"access_token":"a","refresh_token":"r","expires_in":{expires_in}}}"#)
        };
        let at = |seconds| Some(from_unix_seconds(seconds));
        assert_eq!(expiry(&body("60")), at(1060));
        assert_eq!(expiry(&body("60.0")), at(1060));
        assert_eq!(expiry(&body("59.9")), at(1059));
        assert_eq!(expiry(&body(r#""60""#)), at(1060));
        assert_eq!(expiry(&body(r#"" 60.5 ""#)), at(1060));
        assert_eq!(expiry(&body("1e3")), at(2000));
        assert_eq!(expiry(&body("0")), at(1000));
        assert_eq!(expiry(&body("-1")), at(1000));
        assert_eq!(expiry(&body(r#""-5""#)), at(1000));
        assert_eq!(
            expiry(&body("1e300")),
            Some(crate::core::clock::saturating_add(
                from_unix_seconds(1000),
                Duration::MAX
            ))
        );
        for unknown in ["null", r#""soon""#, "true", "{}", "[]"] {
            assert_eq!(
                expiry(&body(unknown)),
                at(1000 + DEFAULT_TOKEN_LIFETIME.as_secs()),
                "{unknown}"
            );
        }
        assert_eq!(
            expiry(r#"{"access_token":"a","refresh_token":"r","token_type":null}"#),
            at(1000 + DEFAULT_TOKEN_LIFETIME.as_secs())
        );
    }

    #[test]
    fn a_token_without_lifetime_left_is_stale_at_once() {
        let response: TokenResponse =
            serde_json::from_str(r#"{"access_token":"a","refresh_token":"r","expires_in":0}"#)
                .unwrap();
        let now = from_unix_seconds(1000);
        let tokens = response.into_tokens(now, None).unwrap();
        assert!(!tokens.is_fresh(now, Duration::ZERO));
    }
}
