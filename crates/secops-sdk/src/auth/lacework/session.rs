//! [`LoginSession`]: a JWT and when it expires.

use std::time::{Duration, SystemTime};

use secrecy::SecretString;
use serde::Deserialize;

use crate::auth::secret_serde;
use crate::clock::{from_unix_seconds, saturating_add};

/// Values of `expire_time_sec` above this are Unix timestamps rather than durations
/// (2001-09-09); below it they are lifetimes in seconds.
const EPOCH_THRESHOLD: i64 = 1_000_000_000;

/// A Lacework Edge JWT from TokenLogin and its expiry. `Debug` hides the JWT.
///
/// ```
/// use secops_sdk::auth::lacework::LoginSession;
/// use std::time::{Duration, SystemTime};
///
/// let now = SystemTime::now();
/// let session = LoginSession::new("jwt-abc".into(), Some(now + Duration::from_secs(600)));
/// assert!(session.is_fresh(now, Duration::from_secs(60)));
/// assert!(!format!("{session:?}").contains("jwt-abc"));
/// ```
#[derive(Clone, Debug)]
pub struct LoginSession {
    jwt: SecretString,
    expires_at: Option<SystemTime>,
}

impl LoginSession {
    /// A session for `jwt` expiring at `expires_at` (`None`: used until the server answers 401).
    pub fn new(jwt: SecretString, expires_at: Option<SystemTime>) -> Self {
        Self { jwt, expires_at }
    }

    /// The JWT.
    pub fn jwt(&self) -> &SecretString {
        &self.jwt
    }

    /// When the JWT expires, if known.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Whether the JWT is still usable at `now` with `skew` to spare.
    pub fn is_fresh(&self, now: SystemTime, skew: Duration) -> bool {
        self.expires_at
            .is_none_or(|expires_at| saturating_add(now, skew) < expires_at)
    }
}

/// The fields of TokenLogin's response the SDK uses (the rest is ignored).
#[derive(Deserialize)]
pub(crate) struct TokenLoginResponse {
    #[serde(with = "secret_serde")]
    token: SecretString,
    #[serde(default)]
    ttl_sec: Option<i64>,
    #[serde(default)]
    expire_time_sec: Option<i64>,
}

impl TokenLoginResponse {
    /// The session, with its expiry computed from the response received at `received_at`.
    ///
    /// `ttl_sec` (a lifetime) is preferred; otherwise `expire_time_sec` is read as a Unix
    /// timestamp when it is that large, else as a lifetime. With neither, the JWT has no known
    /// expiry and is renewed on the first 401.
    pub(crate) fn into_session(self, received_at: SystemTime) -> LoginSession {
        let positive = |value: Option<i64>| value.filter(|value| *value > 0);
        let expires_at = match (positive(self.ttl_sec), positive(self.expire_time_sec)) {
            (Some(ttl), _) => Some(saturating_add(received_at, seconds(ttl))),
            (None, Some(at)) if at >= EPOCH_THRESHOLD => Some(from_unix_seconds(at.unsigned_abs())),
            (None, Some(lifetime)) => Some(saturating_add(received_at, seconds(lifetime))),
            (None, None) => None,
        };
        LoginSession::new(self.token, expires_at)
    }
}

fn seconds(value: i64) -> Duration {
    Duration::from_secs(value.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(json: &str) -> LoginSession {
        let now = from_unix_seconds(1_700_000_000);
        serde_json::from_str::<TokenLoginResponse>(json)
            .unwrap()
            .into_session(now)
    }

    #[test]
    fn expiry_sources() {
        let at = |s: u64| Some(from_unix_seconds(s));
        assert_eq!(
            session(r#"{"token":"j","ttl_sec":600}"#).expires_at(),
            at(1_700_000_600)
        );
        assert_eq!(
            session(r#"{"token":"j","ttl_sec":0,"expire_time_sec":1700000900}"#).expires_at(),
            at(1_700_000_900)
        );
        assert_eq!(
            session(r#"{"token":"j","expire_time_sec":300}"#).expires_at(),
            at(1_700_000_300)
        );
        assert_eq!(session(r#"{"token":"j"}"#).expires_at(), None);
    }
}
