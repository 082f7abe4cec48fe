//! The `oauth2` module generated for a spec with an OAuth 2.0 authorization-code flow: the paths
//! of its authorization, token and refresh endpoints, so that callers do not hard-code them.
//!
//! Only the path of each URL is kept: the host is the environment's (Egnyte writes the
//! endpoints of one environment, `usc1-api`; the others differ in the host only).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::validate::Problem;

/// The endpoints of the spec's authorization-code flow, as paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeFlow {
    /// The name of the security scheme (`components.securitySchemes.<name>`).
    pub scheme: String,
    /// `authorizationUrl` and its path.
    pub authorization: Endpoint,
    /// `tokenUrl` and its path.
    pub token: Endpoint,
    /// `refreshUrl` and its path, when the flow gives one.
    pub refresh: Option<Endpoint>,
}

/// One endpoint URL of the flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL as the spec writes it.
    pub url: String,
    /// Its path.
    pub path: String,
}

/// The spec's authorization-code flow (at most one), or what is wrong with it.
pub fn read(document: &Value) -> (Option<CodeFlow>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut flows = Vec::new();
    let schemes = document
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    for (name, scheme) in schemes.into_iter().flatten() {
        if scheme.get("type").and_then(Value::as_str) != Some("oauth2") {
            continue;
        }
        let Some(flow) = scheme.pointer("/flows/authorizationCode") else {
            continue;
        };
        let at = format!("components.securitySchemes.{name}.flows.authorizationCode");
        let mut endpoint = |key: &str, required: bool| -> Option<Endpoint> {
            let url = match flow.get(key) {
                Some(Value::String(url)) => url,
                Some(_) => {
                    problems.push(Problem {
                        at: format!("{at}.{key}"),
                        reason: "must be a string".into(),
                    });
                    return None;
                }
                None => {
                    if required {
                        problems.push(Problem {
                            at: format!("{at}.{key}"),
                            reason: "missing (required for an authorization-code flow)".into(),
                        });
                    }
                    return None;
                }
            };
            match url_path(url) {
                Ok(path) => Some(Endpoint {
                    url: url.clone(),
                    path,
                }),
                Err(reason) => {
                    problems.push(Problem {
                        at: format!("{at}.{key}"),
                        reason,
                    });
                    None
                }
            }
        };
        let authorization = endpoint("authorizationUrl", true);
        let token = endpoint("tokenUrl", true);
        let refresh = endpoint("refreshUrl", false);
        if let (Some(authorization), Some(token)) = (authorization, token) {
            flows.push((
                at,
                CodeFlow {
                    scheme: name.clone(),
                    authorization,
                    token,
                    refresh,
                },
            ));
        }
    }
    if let [_, (second, _), ..] = flows.as_slice() {
        problems.push(Problem {
            at: second.clone(),
            reason: "a second oauth2 authorization-code flow: the generated `oauth2` module \
                     holds one; extend xtask/src/oauth2.rs before adding another"
                .into(),
        });
    }
    let flow = flows.into_iter().next().map(|(_, flow)| flow);
    (flow, problems)
}

/// The path of `url`: an absolute `http(s)` URL or a path starting with `/`, without query or
/// fragment.
fn url_path(url: &str) -> Result<String, String> {
    let path = match url::Url::parse(url) {
        Ok(parsed) => {
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(format!("`{url}` is not an http(s) URL"));
            }
            if parsed.query().is_some() || parsed.fragment().is_some() {
                return Err(format!("`{url}` has a query or fragment"));
            }
            parsed.path().to_owned()
        }
        Err(url::ParseError::RelativeUrlWithoutBase)
            if url.starts_with('/') && !url.contains(['?', '#']) =>
        {
            url.to_owned()
        }
        Err(_) => return Err(format!("`{url}` is neither a URL nor a path")),
    };
    if path.len() < 2 {
        return Err(format!("`{url}` has no path"));
    }
    Ok(path)
}

/// The `pub mod oauth2` with the flow's paths.
pub fn render(flow: &CodeFlow) -> TokenStream {
    let module_doc = format!(
        "The OAuth 2.0 authorization-code endpoints of the security scheme `{}`, as paths: join \
         them to the scheme and host of the environment (they are not under the API's base \
         path).",
        flow.scheme
    );
    let authorization = &flow.authorization.path;
    let token = &flow.token.path;
    let authorization_doc = format!(
        "Where the user's browser is sent to sign in and approve: the path of `authorizationUrl` \
         (`{}`).",
        flow.authorization.url
    );
    let token_doc = format!(
        "Where an authorization code is exchanged for tokens: the path of `tokenUrl` (`{}`).",
        flow.token.url
    );
    let refresh = flow.refresh.as_ref().map(|refresh| {
        let doc = format!(
            "Where a refresh token is exchanged for new tokens: the path of `refreshUrl` (`{}`).",
            refresh.url
        );
        let path = &refresh.path;
        quote! {
            #[doc = #doc]
            pub const REFRESH_PATH: &str = #path;
        }
    });
    quote! {
        #[doc = #module_doc]
        pub mod oauth2 {
            #[doc = #authorization_doc]
            pub const AUTHORIZATION_PATH: &str = #authorization;
            #[doc = #token_doc]
            pub const TOKEN_PATH: &str = #token;
            #refresh
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(flow: Value) -> Value {
        json!({"components": {"securitySchemes": {
            "Bearer": {"type": "http", "scheme": "bearer"},
            "Code": {"type": "oauth2", "flows": {"authorizationCode": flow}}
        }}})
    }

    #[test]
    fn the_paths_of_the_urls_are_kept() {
        let (flow, problems) = read(&spec(json!({
            "authorizationUrl": "https://usc1-api.example.com/oauth2/code",
            "tokenUrl": "/oauth2/token",
            "scopes": {}
        })));
        assert!(problems.is_empty(), "{problems:?}");
        let flow = flow.unwrap();
        assert_eq!(flow.scheme, "Code");
        assert_eq!(flow.authorization.path, "/oauth2/code");
        assert_eq!(
            flow.authorization.url,
            "https://usc1-api.example.com/oauth2/code"
        );
        assert_eq!(flow.token.path, "/oauth2/token");
        assert_eq!(flow.refresh, None);
    }

    #[test]
    fn no_flow_no_module() {
        let (flow, problems) = read(&json!({"components": {"securitySchemes": {
            "Client": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/t"}}}
        }}}));
        assert_eq!(flow, None);
        assert!(problems.is_empty());
    }

    #[test]
    fn bad_urls_are_named() {
        let (flow, problems) = read(&spec(json!({
            "authorizationUrl": "https://example.com/code?x=1",
            "tokenUrl": "https://example.com"
        })));
        assert_eq!(flow, None);
        let found: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.at, p.reason))
            .collect();
        let at = "components.securitySchemes.Code.flows.authorizationCode";
        assert_eq!(
            found,
            [
                format!(
                    "{at}.authorizationUrl: `https://example.com/code?x=1` has a query or fragment"
                ),
                format!("{at}.tokenUrl: `https://example.com` has no path"),
            ]
        );
    }

    #[test]
    fn the_module_names_each_path() {
        let endpoint = |path: &str| Endpoint {
            url: format!("https://example.com{path}"),
            path: path.to_owned(),
        };
        let flow = CodeFlow {
            scheme: "Code".into(),
            authorization: endpoint("/oauth2/code"),
            token: endpoint("/oauth2/token"),
            refresh: Some(endpoint("/oauth2/token")),
        };
        let text = prettyplease::unparse(&syn::parse2(render(&flow)).unwrap());
        assert!(text.contains("pub mod oauth2 {"), "{text}");
        assert!(
            text.contains(r#"pub const AUTHORIZATION_PATH: &str = "/oauth2/code";"#),
            "{text}"
        );
        assert!(
            text.contains(r#"pub const TOKEN_PATH: &str = "/oauth2/token";"#),
            "{text}"
        );
        assert!(
            text.contains(r#"pub const REFRESH_PATH: &str = "/oauth2/token";"#),
            "{text}"
        );
    }
}
