//! Priority markers (CONVENTIONS §5). A deadline alone never sets priority.

use std::sync::LazyLock;

use regex::Regex;

use crate::Priority;

static LOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:low[- ]priority|low[- ]pri|no rush|no hurry|not urgent|non[- ]urgent|whenever you get (?:a|the) chance|whenever you have (?:a moment|time)|nice[- ]to[- ]have|p3|not a priority|no big rush|no pressure|not time[- ]sensitive)\b").unwrap()
});
static NORMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:normal[- ]priority|standard[- ]priority|medium[- ]priority|p2)\b")
        .unwrap()
});
static HIGH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:high[- ]priority|top[- ]priority|important|time[- ]sensitive|priority|p1|high[- ]pri|a must)\b").unwrap()
});
static URGENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:urgent(?:ly)?|asap|a\.s\.a\.p|immediately|right away|right now|critical|emergency(?:\s*[!.,:;]|\s*$)|blocker|blocking|p0|drop everything|sev ?1|straight away|at once)\b|!!+)").unwrap()
});

/// Priority signalled in `text`, if any. "not urgent" is low, not urgent.
pub fn detect(text: &str) -> Option<Priority> {
    if LOW.is_match(text) {
        return Some(Priority::Low);
    }
    if NORMAL.is_match(text) {
        return Some(Priority::Normal);
    }
    if URGENT.is_match(text) {
        let t = text.to_ascii_lowercase();
        if !t.contains("!!") || t.contains("urgent") || t.contains("asap") {
            return Some(Priority::Urgent);
        }
    }
    if HIGH.is_match(text) {
        let t = text.to_ascii_lowercase();
        // "prioritize" / "priority list" style nouns are not markers on their own.
        if t.contains("priority")
            || t.contains("important")
            || t.contains("time-sensitive")
            || t.contains("time sensitive")
            || t.contains("p1")
            || t.contains("a must")
            || t.contains("high pri")
        {
            return Some(Priority::High);
        }
    }
    None
}

/// Subject-line marker ("URGENT: ...", "[High priority]").
pub fn subject(subject: &str) -> Option<Priority> {
    let s = subject.trim();
    if s.is_empty() {
        return None;
    }
    detect(s).filter(|p| *p != Priority::Normal || s.to_ascii_lowercase().contains("priority"))
}

/// A short sentence that only states priority ("it's a P2", "No rush.").
pub fn standalone(sentence: &str) -> Option<Priority> {
    let words = sentence.split_whitespace().count();
    if words <= 8 {
        // "it's a P2", "No rush.", "Urgent!" - but not "The slides are the priority".
        let first = sentence
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let first = first.trim_matches(|c: char| !c.is_alphanumeric());
        if matches!(first, "the" | "a" | "an" | "our" | "my" | "your") {
            return None;
        }
        return detect(sentence);
    }
    // "No rush - I'm mostly checking ...": the marker leads the sentence.
    let head: String = sentence
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    detect(&head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(detect("no rush on this"), Some(Priority::Low));
        assert_eq!(detect("it's a P2"), Some(Priority::Normal));
        assert_eq!(detect("this is urgent"), Some(Priority::Urgent));
        assert_eq!(detect("it is high priority"), Some(Priority::High));
        assert_eq!(detect("not urgent"), Some(Priority::Low));
        assert_eq!(detect("by Friday"), None);
    }
}
