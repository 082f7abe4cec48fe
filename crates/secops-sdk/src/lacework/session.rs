//! [`LoginSession`]: a JWT and when it expires.

use std::time::{Duration, SystemTime};

use secrecy::SecretString;

use crate::core::auth::CachedToken;
use crate::core::clock::{from_unix_seconds, saturating_add};

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

impl LoginSession {
    /// The session for `jwt` from a TokenLogin response received at `received_at`, with its
    /// lifetime fields.
    ///
    /// `ttl_sec` (a lifetime) is preferred; otherwise `expire_time_sec` is read as a Unix
    /// timestamp when it is that large, else as a lifetime. With neither (or neither positive),
    /// the JWT has no known expiry and is renewed on the first 401.
    pub(crate) fn from_login(
        jwt: SecretString,
        ttl_sec: Option<i64>,
        expire_time_sec: Option<i64>,
        received_at: SystemTime,
    ) -> Self {
        let positive = |value: Option<i64>| value.filter(|value| *value > 0);
        let expires_at = match (positive(ttl_sec), positive(expire_time_sec)) {
            (Some(ttl), _) => Some(saturating_add(received_at, seconds(ttl))),
            (None, Some(at)) if at >= EPOCH_THRESHOLD => Some(from_unix_seconds(at.unsigned_abs())),
            (None, Some(lifetime)) => Some(saturating_add(received_at, seconds(lifetime))),
            (None, None) => None,
        };
        Self::new(jwt, expires_at)
    }
}

impl CachedToken for LoginSession {
    fn bearer(&self) -> &SecretString {
        &self.jwt
    }

    fn is_fresh(&self, now: SystemTime, skew: Duration) -> bool {
        LoginSession::is_fresh(self, now, skew)
    }
}

fn seconds(value: i64) -> Duration {
    Duration::from_secs(value.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(ttl_sec: Option<i64>, expire_time_sec: Option<i64>) -> LoginSession {
        let now = from_unix_seconds(1_700_000_000);
        LoginSession::from_login("j".into(), ttl_sec, expire_time_sec, now)
    }

    #[test]
    fn expiry_sources() {
        let at = |s: u64| Some(from_unix_seconds(s));
        assert_eq!(session(Some(600), None).expires_at(), at(1_700_000_600));
        assert_eq!(
            session(Some(0), Some(1_700_000_900)).expires_at(),
            at(1_700_000_900)
        );
        assert_eq!(session(None, Some(300)).expires_at(), at(1_700_000_300));
        assert_eq!(session(None, None).expires_at(), None);
    }
}
