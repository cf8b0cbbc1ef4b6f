//! Who is calling and what they may do, the same way in every service:
//!
//! - [`token`]: access tokens (EdDSA JWTs with rotating keys) and their verification;
//! - [`table`]: the authorization table, data that maps every RPC to what it needs;
//! - [`guard`]: the access guard every gRPC server mounts, which applies the table to each call.

pub mod guard;
pub mod table;
pub mod token;
