//! Sentence splitting over a paragraph whose lines may be scattered through
//! the document (quoted lines carry "> " prefixes), keeping a byte map back
//! to the original text for evidence spans.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone)]
pub struct Sentence {
    /// The sentence text, lines joined with single spaces.
    pub text: String,
    /// `map[i]` = document offset of `text` byte `i`; `map[len]` = end.
    map: Vec<usize>,
    /// Index of the sentence within its message.
    pub idx: usize,
}

impl Sentence {
    /// Document byte range for a byte range of `text`.
    pub fn span(&self, r: Range<usize>) -> Range<usize> {
        let s = r.start.min(self.text.len());
        let e = r.end.min(self.text.len()).max(s);
        if s == e {
            return self.map[s]..self.map[s];
        }
        self.map[s]..self.map[e - 1] + 1
    }
    #[cfg(test)]
    pub fn whole(&self) -> Range<usize> {
        self.span(0..self.text.len())
    }
}

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "jr", "sr",
    "a.m", "p.m", "approx", "no", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "incl", "excl", "esp", "nos", "qty", "ref", "attn",
    // Titles before a name in other languages ("Sra. Fatima", "Ing. Weber"); not words
    // that end English sentences too ("HR.", "eng.").
    "sra", "srta", "dra", "mme", "mlle", "messrs", "ing",
];

/// Splits one paragraph (line ranges in `doc`) into sentences.
pub fn split(doc: &str, para: &[Range<usize>], first_idx: usize) -> Vec<Sentence> {
    let mut text = String::new();
    let mut map: Vec<usize> = Vec::new();
    // Where lines were joined: a line ending in a colon ("Following today's meeting:")
    // introduces what follows and ends there.
    let mut joins: Vec<usize> = Vec::new();
    // "00:05:02" alone on a line marks where a recording stands, not words anyone said
    // (read as a clock, it would date the sentence before it); "|---|---|" rules a table.
    static NOT_SPOKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:[\[(]?\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?[\])]?|[|:+=\-\s]*[-=]{3,}[|:+=\-\s]*)\s*$")
            .unwrap()
    });
    let para: Vec<Range<usize>> = para
        .iter()
        .filter(|r| !NOT_SPOKEN.is_match(&doc[(*r).clone()]))
        .cloned()
        .collect();
    for (n, r) in para.iter().enumerate() {
        if n > 0 {
            joins.push(text.len());
            text.push(' ');
            map.push(r.start);
        }
        let s = &doc[r.clone()];
        text.push_str(s);
        map.extend(r.clone());
    }
    let end = para.last().map(|r| r.end).unwrap_or(0);
    map.push(end);
    // Speech as meant: fillers, stutters and abandoned starts cut, the map kept in step.
    let cuts = crate::disfluency::cuts(&text);
    if !cuts.is_empty() {
        // One pass over the cuts (in order, apart): the kept text, its map, and where
        // each join lands now.
        let mut kept = String::with_capacity(text.len());
        let mut kept_map = Vec::with_capacity(map.len());
        let mut at = 0;
        for c in &cuts {
            kept.push_str(&text[at..c.start]);
            kept_map.extend_from_slice(&map[at..c.start]);
            at = c.end;
        }
        kept.push_str(&text[at..]);
        kept_map.extend_from_slice(&map[at..]);
        let mut removed = 0;
        let mut next_cut = cuts.iter().peekable();
        for j in joins.iter_mut() {
            while let Some(c) = next_cut.next_if(|c| c.end <= *j) {
                removed += c.len();
            }
            let partly = next_cut.peek().map_or(0, |c| j.saturating_sub(c.start));
            *j -= removed + partly;
        }
        text = kept;
        map = kept_map;
    }
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        let b = bytes[i];
        let boundary = match b {
            b'.' | b'!' | b'?' | b';' => {
                let mut j = i + 1;
                while j < n && matches!(bytes[j], b'.' | b'!' | b'?' | b')' | b'"' | b'\'') {
                    j += 1;
                }
                let next_space = j >= n || bytes[j] == b' ' || bytes[j] == b'\t';
                let ok = next_space
                    && !(b == b'.'
                        && is_abbrev(&text[start..i])
                        && !(ends_abbrev_sentence(&text[start..i]) && opens_sentence(&text[j..])));
                if ok { Some(j) } else { None }
            }
            b':' if joins.contains(&(i + 1)) => Some(i + 1),
            // "... 312 new claims 😬 we need someone to ...": an emoji ends a chat
            // sentence as a full stop would.
            0xE2 | 0xF0 => text[i..].chars().next().and_then(|c| {
                let mut j = i + c.len_utf8();
                if !is_emoji(c) {
                    return None;
                }
                for c in text[j..].chars() {
                    if is_emoji(c) || c == '\u{FE0F}' {
                        j += c.len_utf8();
                    } else {
                        break;
                    }
                }
                let next_space = j >= n || bytes[j] == b' ';
                let before = text[start..i].trim();
                let words_before = before.split_whitespace().count();
                // "fine 😂 I'll call them": an interjection and its emoji are a reply.
                let interjection = matches!(
                    before.to_lowercase().as_str(),
                    "fine"
                        | "ok"
                        | "okay"
                        | "sure"
                        | "yes"
                        | "yeah"
                        | "yep"
                        | "lol"
                        | "haha"
                        | "noted"
                        | "done"
                        | "thanks"
                        | "thx"
                        | "great"
                        | "cool"
                );
                // "thanks Hamza 🙏 @sophie can you ...": a handle after the emoji starts an ask.
                let handle_next = text[j..].trim_start().starts_with('@');
                // "nice work 🙏 I'll write the postmortem": a promise or an ask after it.
                let next = text[j..].trim_start().to_lowercase();
                let act_next = [
                    "i'll ",
                    "i will ",
                    "i can ",
                    "i'm going to ",
                    "we need ",
                    "we'll ",
                    "can you ",
                    "could you ",
                    "can u ",
                    "pls ",
                    "please ",
                    "let's ",
                    "let me ",
                ]
                .iter()
                .any(|lead| next.starts_with(lead));
                (next_space
                    && (words_before >= 3 || interjection || handle_next || act_next)
                    && j < n)
                    .then_some(j)
            }),
            _ => None,
        };
        if let Some(j) = boundary {
            push(&text, &map, start, j, first_idx, &mut out);
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    push(&text, &map, start, n, first_idx, &mut out);
    out
}

/// Pictographs and emoticons (U+1F300–U+1FAFF) and the older symbols and dingbats chat
/// uses the same way (☕ ✅ ✨, U+2600–U+27BF), as punctuation.
fn is_emoji(c: char) -> bool {
    let c = c as u32;
    (0x1F300..=0x1FAFF).contains(&c) || (0x2600..=0x27BF).contains(&c)
}

/// The word before a full stop, lowercased.
fn last_word(before: &str) -> String {
    before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase()
}

fn is_abbrev(before: &str) -> bool {
    let w = last_word(before);
    if w.len() == 1 && w.chars().all(|c| c.is_alphabetic()) {
        return true;
    }
    ABBREV.contains(&w.as_str())
}

/// Whether an abbreviation that can end a sentence ("by Wed.", "etc.", "on unit B.") is
/// last: not a title before a name ("Dr.", "Mrs.").
fn ends_abbrev_sentence(before: &str) -> bool {
    let w = last_word(before);
    !w.is_empty()
        && !matches!(
            w.as_str(),
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "prof"
                | "st"
                | "jr"
                | "sr"
                | "sra"
                | "srta"
                | "dra"
                | "mme"
                | "mlle"
                | "messrs"
                | "ing"
                | "attn"
                | "no"
                | "nos"
                | "fig"
                | "ref"
                | "vs"
        )
}

/// Whether the words after a full stop start a new sentence ("send it by Wed. I will
/// invite ...", "... and so on, etc. Thanks"): a capitalised pronoun or opener.
fn opens_sentence(rest: &str) -> bool {
    let w = rest
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    matches!(
        w,
        "I" | "I'll"
            | "I’ll"
            | "I'm"
            | "I’m"
            | "I've"
            | "I’ve"
            | "I'd"
            | "I’d"
            | "We"
            | "We'll"
            | "We’ll"
            | "You"
            | "He"
            | "She"
            | "They"
            | "It"
            | "It's"
            | "It’s"
            | "Thanks"
            | "Thank"
            | "Please"
            | "Pls"
            | "Also"
            | "Let"
            | "Let's"
            | "Let’s"
            | "Can"
            | "Could"
            | "If"
            | "This"
            | "That"
            | "My"
            | "Our"
    )
}

fn push(text: &str, map: &[usize], s: usize, e: usize, first: usize, out: &mut Vec<Sentence>) {
    let slice = &text[s..e];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (s, e) = (s + lead, e - trail);
    if s >= e {
        return;
    }
    out.push(Sentence {
        text: text[s..e].to_string(),
        map: map[s..=e].to_vec(),
        idx: first + out.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fillers_drop_out_and_evidence_keeps_pointing_at_the_text() {
        let doc = "Um, someone should, uh, check the, er, the invites. Thanks";
        let s = split(doc, std::slice::from_ref(&(0..doc.len())), 0);
        assert_eq!(s[0].text, "someone should check the invites.");
        assert_eq!(
            &doc[s[0].whole()],
            "someone should, uh, check the, er, the invites."
        );
        let doc = "I send you by, eh, Monday.";
        let s = split(doc, std::slice::from_ref(&(0..doc.len())), 0);
        assert_eq!(s[0].text, "I send you by Monday.");
        let at = s[0].text.find("Monday").unwrap();
        assert_eq!(&doc[s[0].span(at..at + 6)], "Monday");
        let doc = "Book the, uh, the technician.";
        let s = split(doc, std::slice::from_ref(&(0..doc.len())), 0);
        assert_eq!(s[0].text, "Book the technician.");
    }

    #[test]
    fn splits_and_maps() {
        let doc = "> Hi Dr. Lee. Can you send it?\n> Thanks";
        let paras = vec![2..30, 33..39];
        let s = split(doc, &paras, 0);
        assert_eq!(s[0].text, "Hi Dr. Lee.");
        assert_eq!(&doc[s[1].whole()], "Can you send it?");
        assert_eq!(s[2].text, "Thanks");
        let doc = "Please call Sra. Fatima to confirm the time. Thanks";
        let s = split(doc, std::slice::from_ref(&(0..doc.len())), 0);
        assert_eq!(s[0].text, "Please call Sra. Fatima to confirm the time.");
        let doc = "Please send the signed form to HR. Can you also book the room?";
        let s = split(doc, std::slice::from_ref(&(0..doc.len())), 0);
        assert_eq!(s[0].text, "Please send the signed form to HR.");
    }

    #[test]
    fn an_emoji_ends_a_long_sentence_or_a_lone_interjection() {
        let texts = |doc: &str| -> Vec<String> {
            split(doc, std::slice::from_ref(&(0..doc.len())), 0)
                .into_iter()
                .map(|s| s.text)
                .collect()
        };
        assert_eq!(
            texts("fine 😂 I'll call them before 11"),
            ["fine 😂", "I'll call them before 11"]
        );
        assert_eq!(
            texts("312 new claims today 😬 we need help"),
            ["312 new claims today 😬", "we need help"]
        );
        assert_eq!(texts("Meera 👍 thanks"), ["Meera 👍 thanks"]);
        assert_eq!(
            texts("nice work 🙏 I'll write the postmortem by Thursday."),
            ["nice work 🙏", "I'll write the postmortem by Thursday."]
        );
        assert_eq!(
            texts("thanks Hamza 🙏 @sophie can you raise it?"),
            ["thanks Hamza 🙏", "@sophie can you raise it?"]
        );
    }
}
