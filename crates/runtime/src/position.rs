//! Positions in a stream of events (task changes, transcript events): numbers shown to
//! clients as fixed-width text, so they sort as text and a client resumes after the last one
//! it processed.

use crate::{ServiceError, ServiceResult};

/// A position as clients see it.
pub fn position_text(position: i64) -> String {
    format!("{position:020}")
}

/// Reads a position a client sent back in `field`.
pub fn parse_position(field: &str, text: &str) -> ServiceResult<i64> {
    text.parse::<i64>()
        .ok()
        .filter(|p| *p >= 0 && text.len() == 20)
        .ok_or_else(|| {
            ServiceError::invalid_argument(vec![(
                field.into(),
                "is not a position this stream issued".into(),
            )])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_strangers_are_refused() {
        assert_eq!(parse_position("p", &position_text(42)).unwrap(), 42);
        assert!(position_text(9) < position_text(10), "sorts as text");
        for bad in ["42", "-0000000000000000001", "abc", ""] {
            assert!(parse_position("p", bad).is_err(), "{bad}");
        }
    }
}
