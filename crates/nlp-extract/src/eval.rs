//! How the labelled sets are scored, for tests and tools: the matching rule of
//! `../shared/nlp-dev-set/score.py` (a predicted title matches a gold task when it holds every
//! gold keyword or shares half the content words), with a greedy pairing in place of the
//! scorer's optimal one, so figures here may read slightly lower than the scorer's.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};

/// A labelled record's `reference_time`: ISO-8601 with an offset, seconds optional
/// ("2027-02-11T16:52-06:00" as well as RFC 3339).
pub fn parse_reference_time(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%#z"))
        .ok()
}

/// The scorer's suffix stripping.
fn stem(tok: &str) -> String {
    let mut t = tok.to_string();
    let ends_sibilant = ["sses", "xes", "zes", "ches", "shes"]
        .iter()
        .any(|s| t.ends_with(s));
    if t.len() > 4 && (t.ends_with("ies") || t.ends_with("ied")) {
        t = format!("{}y", &t[..t.len() - 3]);
    } else if t.len() > 3 && ends_sibilant {
        t.truncate(t.len() - 2);
    } else if t.len() > 3 && t.ends_with('s') && !t.ends_with("ss") && !t.ends_with("us") {
        t.truncate(t.len() - 1);
    }
    if t.len() > 5 && t.ends_with("ing") {
        t.truncate(t.len() - 3);
    } else if t.len() > 4 && t.ends_with("ed") {
        t.truncate(t.len() - 2);
    }
    let b = t.as_bytes();
    if t.len() > 3
        && b[b.len() - 1] == b[b.len() - 2]
        && !b"lszaeiouy".contains(&b[b.len() - 1])
        && b[b.len() - 1].is_ascii_alphabetic()
    {
        t.truncate(t.len() - 1);
    }
    if t.len() > 3 && t.ends_with('e') {
        t.truncate(t.len() - 1);
    }
    t
}

/// Lower-cased, accents stripped ("Rosée" -> "rosee"), split into ASCII words and stemmed.
fn tokens(s: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization as _;
    let folded: String = s
        .to_lowercase()
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(stem)
        .collect()
}

const STOP: &[&str] = &[
    "a", "an", "the", "to", "for", "of", "and", "or", "on", "in", "at", "with", "by", "from",
    "about", "into", "as", "is", "be", "it", "its", "this", "that", "our", "their", "his", "her",
    "my", "your", "all", "any", "up",
];

/// A gold task's title and keywords.
pub struct GoldTitle<'a> {
    pub title: &'a str,
    pub keywords: Vec<&'a str>,
}

/// Whether a predicted title may be paired with the gold task.
pub fn title_match(predicted: &str, gold: &GoldTitle) -> bool {
    if predicted.split_whitespace().count() > 16 {
        return false;
    }
    let p: HashSet<String> = tokens(predicted).into_iter().collect();
    let pc: HashSet<&String> = p.iter().filter(|t| !STOP.contains(&t.as_str())).collect();
    let g: HashSet<String> = tokens(gold.title)
        .into_iter()
        .filter(|t| !STOP.contains(&t.as_str()))
        .collect();
    let inter = pc.iter().filter(|t| g.contains(t.as_str())).count();
    let union = pc.len() + g.len() - inter;
    let jac = if union == 0 {
        0.0
    } else {
        inter as f32 / union as f32
    };
    let kw_ok = !gold.keywords.is_empty()
        && gold.keywords.iter().all(|k| {
            let kt = tokens(k);
            !kt.is_empty() && kt.iter().all(|t| p.contains(t))
        });
    kw_ok || jac >= 0.5
}

/// Pairs each gold task, in order, with the first unpaired prediction it matches:
/// `(gold index, prediction index)`.
pub fn greedy_pairs(gold: &[GoldTitle], predicted: &[&str]) -> Vec<(usize, usize)> {
    let mut used = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        if let Some(j) = (0..predicted.len()).find(|&j| !used[j] && title_match(predicted[j], g)) {
            used[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// Detection F1 from counts of pairs, predictions and gold tasks.
pub fn f1(pairs: usize, predicted: usize, gold: usize) -> f32 {
    if predicted + gold == 0 {
        0.0
    } else {
        2.0 * pairs as f32 / (predicted + gold) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_or_half_the_words_match() {
        let gold = GoldTitle {
            title: "Send the revised dock schedule to the carriers",
            keywords: vec!["dock", "schedule"],
        };
        assert!(title_match("Send the dock schedules", &gold));
        assert!(title_match("Revise the carrier schedule", &gold));
        assert!(!title_match("Book the room", &gold));
        let pairs = greedy_pairs(&[gold], &["Book the room", "Send the dock schedule"]);
        assert_eq!(pairs, [(0, 1)]);
        assert!((f1(1, 2, 1) - 2.0 / 3.0).abs() < 1e-6);
        // Accents fold as the scorer folds them.
        let gold = GoldTitle {
            title: "Call Mrs Müller",
            keywords: vec!["muller"],
        };
        assert!(title_match("Call Müller", &gold));
    }

    #[test]
    fn reference_times_may_leave_out_the_seconds() {
        let with = parse_reference_time("2027-02-11T16:52:00-06:00").unwrap();
        assert_eq!(parse_reference_time("2027-02-11T16:52-06:00"), Some(with));
        assert_eq!(parse_reference_time("2027-02-11 16:52"), None);
    }
}
