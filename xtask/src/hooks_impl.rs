//! The `ClientHooks` implementation appended to every generated client.
//!
//! It must live in the crate that owns the generated `Client` (orphan rule), so it is generated
//! with the client instead of being written twice by hand. It routes every request through the
//! `secops_transport::Transport` installed in the client's `Hooks`, if any.

use proc_macro2::TokenStream;
use quote::quote;

/// The `impl ClientHooks<Hooks> for Client` block.
pub fn render() -> TokenStream {
    quote! {
        /// Routes requests through the [`secops_transport::Transport`] installed in the client's
        /// [`secops_transport::Hooks`], if any; otherwise sends each request once, unchanged.
        ///
        /// progenitor adds an `api-version` header naming the spec's version to every request;
        /// neither vendor documents it, so it is removed before the request leaves.
        impl ClientHooks<::secops_transport::Hooks> for Client {
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
