//! Reading the URL the browser is sent back to after authorization, and checking its `state`.

use secrecy::SecretString;
use url::Url;

use crate::errors::AuthError;

/// The code of a redirect whose `state` matched (the code is secret: it buys tokens).
pub(crate) struct RedirectCode(pub(crate) SecretString);

/// Reads `redirect` — the whole URL the browser came back to (`https://app/cb?code=..&state=..`)
/// or just its query (`?code=..&state=..` or `code=..&state=..`) — and checks that its `state`
/// equals `expected_state`, in constant time.
///
/// An `error=` (for example `access_denied`) is [`AuthError::AuthorizationDenied`]; a missing
/// or repeated `code` or `state`, or an empty `expected_state`, is
/// [`AuthError::InvalidRedirect`]; another state is [`AuthError::StateMismatch`]. No error
/// repeats the code.
pub(crate) fn read_redirect(
    redirect: &str,
    expected_state: &str,
) -> Result<RedirectCode, AuthError> {
    let redirect = redirect.trim();
    let query = match Url::parse(redirect) {
        Ok(url) => url.query().unwrap_or_default().to_owned(),
        Err(_) if !redirect.contains("://") => redirect.trim_start_matches('?').to_owned(),
        Err(_) => {
            return Err(AuthError::InvalidRedirect {
                problem: "it is not a URL",
            });
        }
    };
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let slot = match name.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            "error_description" => &mut description,
            _ => continue,
        };
        if slot.replace(value.into_owned()).is_some() {
            return Err(AuthError::InvalidRedirect {
                problem: match name.as_ref() {
                    "code" => "it has more than one code",
                    "state" => "it has more than one state",
                    _ => "it has more than one error",
                },
            });
        }
    }
    if let Some(error) = error {
        return Err(AuthError::authorization_denied(error, description));
    }
    if expected_state.is_empty() {
        return Err(AuthError::InvalidRedirect {
            problem: "the expected state is empty (keep the state the authorize URL was built \
                      with, for example AuthorizeUrl::random_state)",
        });
    }
    let code = code
        .filter(|code| !code.is_empty())
        .ok_or(AuthError::InvalidRedirect {
            problem: "it has no code",
        })?;
    let state = state.ok_or(AuthError::InvalidRedirect {
        problem: "it has no state",
    })?;
    if !constant_time_eq(state.as_bytes(), expected_state.as_bytes()) {
        return Err(AuthError::StateMismatch);
    }
    Ok(RedirectCode(SecretString::from(code)))
}

/// Whether `a` equals `b`, in time that depends on their lengths only, not on where they
/// differ (so the expected state cannot be guessed byte by byte from response times).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a
        .iter()
        .zip(b)
        .fold(0u8, |difference, (x, y)| difference | (x ^ y));
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn code(redirect: &str, state: &str) -> Result<String, AuthError> {
        read_redirect(redirect, state).map(|code| code.0.expose_secret().to_owned())
    }

    #[test]
    fn a_matching_state_gives_the_code() {
        let url = "https://app.example/cb?code=c%2B1&state=s-1&extra=x";
        assert_eq!(code(url, "s-1").unwrap(), "c+1");
        assert_eq!(code("?state=s-1&code=c1", "s-1").unwrap(), "c1");
        assert_eq!(code(" code=c1&state=s-1\n", "s-1").unwrap(), "c1");
    }

    #[test]
    fn problems_are_typed_and_never_show_the_code() {
        let cases = [
            ("https://app.example/cb?code=SECRET-CODE&state=other", "s-1"),
            ("https://app.example/cb?code=SECRET-CODE&state=s-", "s-1"),
            ("https://app.example/cb?code=SECRET-CODE", "s-1"),
            ("https://app.example/cb?state=s-1", "s-1"),
            ("https://app.example/cb?code=&state=s-1", "s-1"),
            (
                "https://app.example/cb?code=SECRET-CODE&code=x&state=s-1",
                "s-1",
            ),
            (
                "https://app.example/cb?code=SECRET-CODE&state=s-1&state=s-1",
                "s-1",
            ),
            ("https://app.example/cb?code=SECRET-CODE&state=", ""),
            ("http://[bad/cb?code=SECRET-CODE&state=s-1", "s-1"),
        ];
        for (url, state) in cases {
            let error = code(url, state).unwrap_err();
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("SECRET-CODE"), "{shown}");
            assert!(error.needs_reauthorization(), "{shown}");
        }
        assert!(matches!(
            code(cases[0].0, "s-1").unwrap_err(),
            AuthError::StateMismatch
        ));
    }

    #[test]
    fn an_error_redirect_is_reported() {
        let url = "https://app.example/cb?error=access_denied&error_description=The+user+declined&state=s-1";
        match code(url, "s-1").unwrap_err() {
            AuthError::AuthorizationDenied { error, description } => {
                assert_eq!(error, "access_denied");
                assert_eq!(description.as_deref(), Some("The user declined"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
