//! [`Scope`]: the permissions an Egnyte OAuth client may request.

use std::fmt;
use std::str::FromStr;

/// One Egnyte Secure and Govern OAuth scope.
///
/// ```
/// use secops_sdk::auth::egnyte::Scope;
///
/// assert_eq!(Scope::IssuesRead.as_str(), "issues:read");
/// assert_eq!("sar:write".parse::<Scope>().unwrap(), Scope::SarWrite);
/// assert_eq!(Scope::ALL.len(), 9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// `issues:read`: read issues and issue updates.
    IssuesRead,
    /// `classification:write`: change classification sources.
    ClassificationWrite,
    /// `sar:read`: read subject access requests.
    SarRead,
    /// `sar:write`: create and change subject access requests.
    SarWrite,
    /// `sc:read`: read sensitive-content locations.
    ScRead,
    /// `sc:matches`: read sensitive-content matches.
    ScMatches,
    /// `legalhold:read`: read legal holds.
    LegalholdRead,
    /// `legalhold:write`: create and change legal holds.
    LegalholdWrite,
    /// `auditevents:read`: read audit events.
    AuditeventsRead,
}

/// The error of parsing an unknown scope.
///
/// ```
/// use secops_sdk::auth::egnyte::Scope;
/// assert!("issues:write".parse::<Scope>().unwrap_err().to_string().contains("issues:read"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown Egnyte scope {input:?}; known scopes: issues:read, classification:write, sar:read, sar:write, sc:read, sc:matches, legalhold:read, legalhold:write, auditevents:read"
)]
pub struct ParseScopeError {
    input: String,
}

impl Scope {
    /// Every scope, in the order Egnyte documents them.
    pub const ALL: [Scope; 9] = [
        Self::IssuesRead,
        Self::ClassificationWrite,
        Self::SarRead,
        Self::SarWrite,
        Self::ScRead,
        Self::ScMatches,
        Self::LegalholdRead,
        Self::LegalholdWrite,
        Self::AuditeventsRead,
    ];

    /// The scope as sent in the `scope` parameter.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::Scope;
    /// assert_eq!(Scope::AuditeventsRead.as_str(), "auditevents:read");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IssuesRead => "issues:read",
            Self::ClassificationWrite => "classification:write",
            Self::SarRead => "sar:read",
            Self::SarWrite => "sar:write",
            Self::ScRead => "sc:read",
            Self::ScMatches => "sc:matches",
            Self::LegalholdRead => "legalhold:read",
            Self::LegalholdWrite => "legalhold:write",
            Self::AuditeventsRead => "auditevents:read",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = ParseScopeError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|scope| scope.as_str() == input.trim())
            .ok_or_else(|| ParseScopeError {
                input: input.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_round_trips() {
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>(), Ok(scope));
        }
    }
}
