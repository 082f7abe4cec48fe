//! The `SensitiveString` type that replaces string fields marked `x-sensitive` in a spec.
//!
//! Tokens, API secrets and authorization headers the API sends or accepts are held in a
//! `secrecy::SecretString`: `Debug` shows no value, there is no `Display`, and reading the value
//! takes an explicit `expose()`. The JSON encoding is the plain string, unchanged.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::adjust::SENSITIVE_STRING;

/// The items of the `SensitiveString` type.
pub fn render() -> TokenStream {
    let name = format_ident!("{}", SENSITIVE_STRING);
    let redacted = format!("{SENSITIVE_STRING}(\"[redacted]\")");
    quote! {
        /// A credential or secret the API sends or accepts (a token, an API secret, an
        /// authorization header, encrypted or hashed secret material).
        ///
        /// The value is held in a [`secrecy::SecretString`]: `Debug` prints no part of it, there
        /// is no `Display`, and [`expose`](Self::expose) reads it. It goes over the wire as the
        /// plain JSON string.
        #[derive(Clone)]
        pub struct #name(::secrecy::SecretString);

        impl #name {
            /// Wraps `value`.
            pub fn new(value: impl Into<::std::string::String>) -> Self {
                Self(::secrecy::SecretString::from(value.into()))
            }

            /// The value. Keep it out of logs.
            pub fn expose(&self) -> &str {
                ::secrecy::ExposeSecret::expose_secret(&self.0)
            }
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#redacted)
            }
        }

        /// Compares the values (not in constant time: do not use it to check a secret).
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.expose() == other.expose()
            }
        }

        impl ::std::cmp::Eq for #name {}

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::new(value)
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.expose())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::std::string::String::deserialize(deserializer).map(Self::new)
            }
        }
    }
}
