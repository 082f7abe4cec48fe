//! [`PkceVerifier`]: Proof Key for Code Exchange (RFC 7636), S256 method.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};

use crate::errors::AuthError;

/// A PKCE code verifier (RFC 7636): a one-time secret that binds an authorization code to the
/// program that started the authorization, so a code intercepted on its way back (a browser
/// history, a proxy log, a pasted terminal line) is useless to anyone else.
///
/// [`AuthorizeUrl::build_with_pkce`](super::AuthorizeUrl::build_with_pkce) makes one and puts
/// its S256 challenge in the URL; give it back to
/// [`EgnyteAuth::exchange_redirect_with_verifier`](super::EgnyteAuth::exchange_redirect_with_verifier)
/// or [`EgnyteAuth::exchange_code_with_verifier`](super::EgnyteAuth::exchange_code_with_verifier),
/// which send it as `code_verifier`. Use each verifier for one authorization only.
///
/// Egnyte's pages do not mention PKCE; a server that does not support it ignores
/// `code_challenge` and `code_verifier` (RFC 7636 §5), so using it costs nothing, and it
/// protects the code wherever the server checks it.
///
/// `Debug` never shows the verifier. To keep it between two requests of a web application
/// (for example in the server-side session), store [`secret`](Self::secret) and rebuild it
/// with [`from_secret`](Self::from_secret).
///
/// ```
/// use secops_sdk::auth::egnyte::{AuthorizeUrl, Region};
/// use secops_sdk::egnyte::PkceVerifier;
/// use secrecy::ExposeSecret;
///
/// let (url, verifier) = AuthorizeUrl::no_redirect(&Region::Usc1, "my-client").build_with_pkce();
/// let challenge = url.query_pairs().find(|(name, _)| name == "code_challenge").unwrap().1;
/// assert_eq!(challenge, verifier.challenge());
/// assert!(url.as_str().ends_with("&code_challenge_method=S256"));
/// assert!(!format!("{verifier:?}").contains(verifier.secret().expose_secret()));
///
/// let kept = verifier.secret().expose_secret().to_owned();
/// let restored = PkceVerifier::from_secret(kept.into()).unwrap();
/// assert_eq!(restored.challenge(), verifier.challenge());
/// ```
#[derive(Clone)]
pub struct PkceVerifier(SecretString);

impl PkceVerifier {
    /// A new verifier: 32 random bytes in unpadded base64url, 43 characters (the form
    /// RFC 7636 §4.1 recommends), from the operating system's secure random source.
    ///
    /// # Panics
    ///
    /// When the operating system gives no random bytes.
    pub fn generate() -> Self {
        let bytes: [u8; 32] = crate::core::random::os_bytes();
        Self(SecretString::from(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// A verifier kept earlier (see [`secret`](Self::secret)).
    ///
    /// Fails with [`AuthError::InvalidPkceVerifier`] unless it is 43 to 128 characters of
    /// `A-Z a-z 0-9 - . _ ~`.
    ///
    /// ```
    /// use secops_sdk::egnyte::PkceVerifier;
    /// assert!(PkceVerifier::from_secret("too-short".into()).is_err());
    /// assert!(PkceVerifier::from_secret("a".repeat(43).into()).is_ok());
    /// assert!(PkceVerifier::from_secret(format!("{}!", "a".repeat(43)).into()).is_err());
    /// ```
    pub fn from_secret(verifier: SecretString) -> Result<Self, AuthError> {
        let text = verifier.expose_secret();
        let allowed = |byte: u8| byte.is_ascii_alphanumeric() || b"-._~".contains(&byte);
        if (43..=128).contains(&text.len()) && text.bytes().all(allowed) {
            Ok(Self(verifier))
        } else {
            Err(AuthError::InvalidPkceVerifier)
        }
    }

    /// The verifier itself, sent as `code_verifier` with the code.
    pub fn secret(&self) -> &SecretString {
        &self.0
    }

    /// The S256 challenge: `BASE64URL(SHA-256(verifier))` without padding, sent as
    /// `code_challenge` in the authorize URL.
    ///
    /// ```
    /// use secops_sdk::egnyte::PkceVerifier;
    /// // The example of RFC 7636, Appendix B.
    /// let verifier =
    ///     PkceVerifier::from_secret("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()).unwrap();
    /// assert_eq!(verifier.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    /// ```
    pub fn challenge(&self) -> String {
        let digest = ring::digest::digest(&ring::digest::SHA256, self.0.expose_secret().as_bytes());
        URL_SAFE_NO_PAD.encode(digest.as_ref())
    }
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_verifiers_are_valid_and_distinct() {
        let a = PkceVerifier::generate();
        let b = PkceVerifier::generate();
        assert_eq!(a.secret().expose_secret().len(), 43);
        assert!(PkceVerifier::from_secret(a.secret().clone()).is_ok());
        assert_ne!(a.secret().expose_secret(), b.secret().expose_secret());
        assert_ne!(a.challenge(), b.challenge());
        assert_eq!(format!("{a:?}"), "PkceVerifier([REDACTED])");
    }

    #[test]
    fn lengths_outside_43_to_128_are_refused() {
        assert!(PkceVerifier::from_secret("a".repeat(42).into()).is_err());
        assert!(PkceVerifier::from_secret("a".repeat(128).into()).is_ok());
        assert!(PkceVerifier::from_secret("a".repeat(129).into()).is_err());
        assert!(PkceVerifier::from_secret(format!("{}é", "a".repeat(42)).into()).is_err());
    }
}
