//! List paging shared by every service: page-size rules and opaque page tokens.
//!
//! A token holds a keyset cursor (the sort key of the last row returned) plus a fingerprint
//! of the query's other arguments and a checksum. Changing the arguments between pages, or
//! editing the token, is `INVALID_ARGUMENT`. The cursor is only a position inside the caller's
//! own query (tenant scoping is applied by the query itself), so a forged token can reveal
//! nothing the caller could not list anyway.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

use crate::error::{ServiceError, ServiceResult};

/// Page size used when a request asks for 0.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest page a request can get; larger requests are clamped.
pub const MAX_PAGE_SIZE: usize = 1000;

/// Applies the paging rules to a requested `page_size`.
pub fn page_size(requested: i32) -> ServiceResult<usize> {
    match requested {
        0 => Ok(DEFAULT_PAGE_SIZE),
        n if n < 0 => Err(ServiceError::invalid_argument(vec![(
            "page_size".into(),
            "must not be negative".into(),
        )])),
        n => Ok((n as usize).min(MAX_PAGE_SIZE)),
    }
}

/// Makes the token for the page after `cursor` of the query identified by `fingerprint`.
pub fn encode_page_token(fingerprint: &str, cursor: &str) -> String {
    let query = digest(&[fingerprint.as_bytes()]);
    let mut payload = Vec::with_capacity(cursor.len() + 16);
    payload.extend_from_slice(&query[..8]);
    payload.extend_from_slice(cursor.as_bytes());
    let check = digest(&[b"taskstream-page-token", &payload]);
    payload.extend_from_slice(&check[..8]);
    URL_SAFE_NO_PAD.encode(payload)
}

/// Reads a page token of the query identified by `fingerprint`: `None` for the first page.
pub fn decode_page_token(token: &str, fingerprint: &str) -> ServiceResult<Option<String>> {
    if token.is_empty() {
        return Ok(None);
    }
    let bad = |why: &str| ServiceError::invalid_argument(vec![("page_token".into(), why.into())]);
    let payload = URL_SAFE_NO_PAD
        .decode(token)
        .map_err(|_| bad("is not a token this API issued"))?;
    if payload.len() < 16 {
        return Err(bad("is not a token this API issued"));
    }
    let (body, check) = payload.split_at(payload.len() - 8);
    if digest(&[b"taskstream-page-token", body])[..8] != *check {
        return Err(bad("is not a token this API issued"));
    }
    let (query, cursor) = body.split_at(8);
    if digest(&[fingerprint.as_bytes()])[..8] != *query {
        return Err(bad(
            "belongs to a query with other arguments: keep them unchanged between pages",
        ));
    }
    String::from_utf8(cursor.to_vec())
        .map(Some)
        .map_err(|_| bad("is not a token this API issued"))
}

/// Cuts a keyset page: `rows` were fetched with `limit + 1`, so one row more than the page
/// means another page follows, whose token carries the cursor of the page's last row.
pub fn next_page<T>(
    mut rows: Vec<T>,
    limit: usize,
    fingerprint: &str,
    cursor: impl Fn(&T) -> String,
) -> (Vec<T>, String) {
    if rows.len() <= limit {
        return (rows, String::new());
    }
    rows.truncate(limit);
    let token = rows
        .last()
        .map(|last| encode_page_token(fingerprint, &cursor(last)))
        .unwrap_or_default();
    (rows, token)
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_rules() {
        assert_eq!(page_size(0).unwrap(), DEFAULT_PAGE_SIZE);
        assert_eq!(page_size(7).unwrap(), 7);
        assert_eq!(page_size(5000).unwrap(), MAX_PAGE_SIZE);
        assert_eq!(
            page_size(-1).unwrap_err().code(),
            tonic::Code::InvalidArgument
        );
    }

    #[test]
    fn token_round_trips_for_the_same_query_only() {
        let token = encode_page_token("parent=workspaces/a", "0190-cursor");
        assert_eq!(
            decode_page_token(&token, "parent=workspaces/a")
                .unwrap()
                .as_deref(),
            Some("0190-cursor")
        );
        let other = decode_page_token(&token, "parent=workspaces/b").unwrap_err();
        assert!(other.message().contains("page_token"), "{other}");
        assert_eq!(decode_page_token("", "x").unwrap(), None);
    }

    #[test]
    fn pages_are_cut_after_the_limit() {
        let (page, token) = next_page(vec![1, 2, 3], 2, "q", |n| n.to_string());
        assert_eq!(page, [1, 2]);
        assert_eq!(
            decode_page_token(&token, "q").unwrap().as_deref(),
            Some("2")
        );
        let (page, token) = next_page(vec![1, 2], 2, "q", |n| n.to_string());
        assert_eq!((page, token), (vec![1, 2], String::new()));
    }

    #[test]
    fn tampered_tokens_are_rejected() {
        let token = encode_page_token("q", "cursor-1");
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[9] ^= 1;
        let tampered = URL_SAFE_NO_PAD.encode(bytes);
        assert!(decode_page_token(&tampered, "q").is_err());
        assert!(decode_page_token("%%%", "q").is_err());
        assert!(decode_page_token("AAAA", "q").is_err());
    }
}
