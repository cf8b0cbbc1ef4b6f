//! Etags: opaque to clients (`"7"`), a row version to us. Every resource renders and reads
//! them the same way.

/// The etag of a row at `version`.
pub fn format_etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The version an etag names; `None` for an empty etag ("no check"). An etag we never issued
/// can only be stale, so it maps to a version no row has.
pub fn parse_etag(etag: &str) -> Option<i64> {
    if etag.is_empty() {
        return None;
    }
    Some(
        etag.strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .and_then(|version| version.parse().ok())
            .unwrap_or(-1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_foreign_etags_never_match() {
        assert_eq!(parse_etag(&format_etag(7)), Some(7));
        assert_eq!(parse_etag(""), None);
        assert_eq!(parse_etag("W/\"7\""), Some(-1));
        assert_eq!(parse_etag("7"), Some(-1));
    }
}
