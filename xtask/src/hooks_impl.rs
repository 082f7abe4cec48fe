//! The `ClientHooks` implementation appended to every generated client.
//!
//! It must live in the crate that owns the generated `Client` (orphan rule), so it is generated
//! with the client instead of being written twice by hand. It routes every request through the
//! `secops_runtime::Transport` installed in the client's `Hooks`, if any, and turns a
//! response the transport marked as failed into an error that says why.

use proc_macro2::TokenStream;
use quote::quote;

/// The `impl ClientHooks<Hooks> for Client` block.
pub fn render() -> TokenStream {
    quote! {
        /// Routes requests through the [`secops_runtime::Transport`] installed in the client's
        /// [`secops_runtime::Hooks`], if any; otherwise sends each request once, unchanged.
        ///
        /// A response the transport marked with a [`secops_runtime::TransportFailure`] becomes
        /// `Error::Custom` with its message.
        ///
        /// progenitor adds an `api-version` header naming the spec's version to every request;
        /// neither vendor documents it, so it is removed before the request leaves.
        impl ClientHooks<::secops_runtime::Hooks> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                info: &OperationInfo,
            ) -> ::std::result::Result<(), Error<E>> {
                request.headers_mut().remove("api-version");
                match self.inner().transport() {
                    Some(transport) => transport
                        .authorize(request, info.operation_id)
                        .await
                        .map_err(Error::Custom),
                    None => Ok(()),
                }
            }

            async fn post<E>(
                &self,
                result: &reqwest::Result<reqwest::Response>,
                _info: &OperationInfo,
            ) -> ::std::result::Result<(), Error<E>> {
                match result
                    .as_ref()
                    .ok()
                    .and_then(|response| response.extensions().get::<::secops_runtime::TransportFailure>())
                {
                    Some(failure) => Err(Error::Custom(failure.to_string())),
                    None => Ok(()),
                }
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                match self.inner().transport() {
                    Some(transport) => {
                        transport
                            .execute(self.client(), request, info.operation_id)
                            .await
                    }
                    None => self.client().execute(request).await,
                }
            }
        }
    }
}
