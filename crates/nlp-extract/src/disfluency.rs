//! Speech disfluencies that speech-to-text keeps: fillers ("um", "uh"), stutters ("I- I'll",
//! "the the"), repeated starts ("I can, I can do"), asides between commas ("you know",
//! "I mean") and abandoned starts ("Marta can you- actually no, Priya can you ..."). What
//! the speaker meant is what is left once they are cut.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Byte ranges of `text` to drop, in order and not overlapping.
pub fn cuts(text: &str) -> Vec<Range<usize>> {
    let mut cut: Vec<Range<usize>> = Vec::new();
    abandoned_starts(text, &mut cut);
    asides(text, &mut cut);
    let tokens = outside(words(text).collect(), &normalise(cut.clone()));
    fillers(text, &tokens, &mut cut);
    let tokens = outside(tokens, &normalise(cut.clone()));
    repeats(text, &tokens, &mut cut);
    normalise(cut)
}

/// The tokens not inside a cut; both lists are in order, so one pass does.
fn outside(tokens: Vec<Range<usize>>, cuts: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut c = 0;
    tokens
        .into_iter()
        .filter(|t| {
            while c < cuts.len() && cuts[c].end < t.end {
                c += 1;
            }
            !cuts
                .get(c)
                .is_some_and(|r| r.start <= t.start && t.end <= r.end)
        })
        .collect()
}

/// Whitespace-separated tokens with their byte ranges.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start: Option<usize> = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                start = None;
                Some(s..i)
            }
            (false, None) => {
                start = Some(i);
                None
            }
            _ => None,
        })
}

/// The token's word, lowercased, without the punctuation around it.
fn bare(text: &str, t: &Range<usize>) -> String {
    text[t.clone()]
        .trim_matches(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .to_lowercase()
}

/// A hesitation sound: "um", "uhh", "erm", "hmm", as written in lower case or capitalised
/// ("ER" and "mm" are a ward and a unit).
fn is_filler(word: &str) -> bool {
    static FILLER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[Uu]m+|[Uu]h+m*|[Ee]rm+|[Ee]r|[Ee]h+m*|[Hh]m+|[Hh]mm+)$").unwrap()
    });
    FILLER.is_match(word)
}

/// "um", "uh", "erm" with the comma after them; the comma before goes too when both
/// sides had one ("could you, uh, send" reads "could you send"), and a full stop or
/// question mark after one stays ("by Friday, um?" reads "by Friday?").
fn fillers(text: &str, tokens: &[Range<usize>], cut: &mut Vec<Range<usize>>) {
    for (k, t) in tokens.iter().enumerate() {
        let raw = &text[t.clone()];
        let word_len = raw.len()
            - raw
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let (word, after) = raw.split_at(word_len);
        if !is_filler(word) || after.chars().any(|c| c.is_alphanumeric()) {
            continue;
        }
        let previous_comma = k > 0 && text[tokens[k - 1].clone()].ends_with(',');
        let (mut start, mut end) = (t.start, t.start + word_len);
        if after.is_empty() || after.starts_with([',', '-', '…']) {
            end = t.end;
            // The space after it.
            if let Some(space) = text[end..].chars().next().filter(|c| c.is_whitespace()) {
                end += space.len_utf8();
            }
            if after.starts_with(',') && previous_comma {
                start = tokens[k - 1].end - 1;
                end = t.end;
            }
        } else if previous_comma {
            // "by Friday, um?": the comma before goes with it, the "?" stays.
            start = tokens[k - 1].end - 1;
        }
        cut.push(start..end);
    }
}

/// ", you know,", ", I mean,": an aside between commas, with its commas.
fn asides(text: &str, cut: &mut Vec<Range<usize>>) {
    static ASIDE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i),\s+(?:you know|i mean|sort of|kind of|like|basically)\s*,").unwrap()
    });
    for m in ASIDE.find_iter(text) {
        cut.push(m.start()..m.end());
    }
}

/// Words that cannot end a clause: said twice in a row ("the the", "you'll, you'll"), the
/// first was a false start; "that that" or "had had" may be meant.
fn cannot_end_clause(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "to"
            | "of"
            | "for"
            | "in"
            | "on"
            | "at"
            | "with"
            | "by"
            | "from"
            | "my"
            | "our"
            | "your"
            | "their"
            | "his"
            | "her"
            | "i"
            | "i'll"
            | "you'll"
            | "we'll"
            | "they'll"
            | "he'll"
            | "she'll"
            | "we"
            | "they"
            | "can"
            | "will"
            | "could"
            | "would"
            | "should"
            | "and"
            | "but"
            | "or"
            | "is"
            | "are"
            | "was"
            | "were"
            | "i'm"
            | "we're"
    )
}

/// "I- I'll", "the the", "you'll, you'll", "I can, I can do": the first copy of what is said
/// twice in a row (one to three words).
fn repeats(text: &str, tokens: &[Range<usize>], cut: &mut Vec<Range<usize>>) {
    let norm: Vec<String> = tokens.iter().map(|t| bare(text, t)).collect();
    let mut k = 0;
    while k < tokens.len() {
        let raw = &text[tokens[k].clone()];
        // A stutter: "I-" before "I'll", "to- tomorrow".
        if raw.len() >= 2
            && raw.ends_with('-')
            && k + 1 < tokens.len()
            && !norm[k].is_empty()
            && norm[k + 1].starts_with(&norm[k])
        {
            cut.push(tokens[k].start..tokens[k + 1].start);
            k += 1;
            continue;
        }
        let mut found = false;
        for n in (1..=3).rev() {
            if k + 2 * n > tokens.len() {
                continue;
            }
            let same = (0..n).all(|j| !norm[k + j].is_empty() && norm[k + j] == norm[k + n + j]);
            let last = &text[tokens[k + n - 1].clone()];
            // One word said twice must be one that cannot end a clause ("draft it, it
            // needs" is two clauses); more words must break off at a comma ("I can, I can
            // do").
            let broke = if n == 1 {
                cannot_end_clause(&norm[k]) && !last.ends_with(['.', '!', '?', ';', ':'])
            } else {
                last.ends_with(',')
            };
            if same && broke {
                cut.push(tokens[k].start..tokens[k + n].start);
                k += n;
                found = true;
                break;
            }
        }
        if !found {
            k += 1;
        }
    }
}

/// "Marta can you- actually no, Priya can you chase the printer": the start given up, from
/// the beginning of its clause to the correction and its comma ("Send it to Priya- no
/// rush" corrects nothing).
fn abandoned_starts(text: &str, cut: &mut Vec<Range<usize>>) {
    static GIVEN_UP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)[\p{L}'’]-\s+(?:actually\s+no|actually|sorry|no\s+wait|wait|i mean|no)\s*,\s+",
        )
        .unwrap()
    });
    for m in GIVEN_UP.find_iter(text) {
        // Back to the start of the clause: the last comma or sentence end before.
        let before = &text[..m.start()];
        let from = before.rfind([',', '.', '?', '!', ';']).map_or(0, |i| i + 1);
        let from = from + (text[from..m.start()].len() - text[from..m.start()].trim_start().len());
        cut.push(from..m.end());
    }
}

/// Sorted, merged ranges.
fn normalise(mut cut: Vec<Range<usize>>) -> Vec<Range<usize>> {
    cut.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in cut {
        if r.start >= r.end {
            continue;
        }
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for r in cuts(text) {
            out.push_str(&text[at..r.start]);
            at = r.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn speech_reads_as_meant() {
        assert_eq!(
            clean(
                "Um, so, Priya, could you, uh, send the, the updated deck to the client by, um, Thursday?"
            ),
            "so, Priya, could you send the updated deck to the client by Thursday?"
        );
        assert_eq!(
            clean("Yeah, I- I'll, you know, get the budget over to finance by Friday."),
            "Yeah, I'll get the budget over to finance by Friday."
        );
        assert_eq!(
            clean("Okay so Priya you'll, uh, you'll do the the risk register update"),
            "Okay so Priya you'll do the risk register update"
        );
        assert_eq!(
            clean("I can, I can do the venue by next Tuesday."),
            "I can do the venue by next Tuesday."
        );
        assert_eq!(
            clean("Uh Marta can you- actually no, Priya can you chase the printer tomorrow."),
            "Priya can you chase the printer tomorrow."
        );
        // Spaces that are not ASCII (a pasted no-break space) are spaces too.
        assert_eq!(
            clean("Please forward the letter\u{a0}by Friday, um,\u{a0}the\u{a0}7th."),
            "Please forward the letter\u{a0}by Friday\u{a0}the\u{a0}7th."
        );
    }

    #[test]
    fn writing_is_left_alone() {
        for text in [
            "Please send the deck by Thursday.",
            "Drill a 300 mm hole and take her to the ER.",
            "Send it to Priya- no rush.",
            "I think that that is fine, and it had had a service.",
            "Then draft it, it needs to be on the Board agenda by the 20th.",
            "Hmmm-style dashes and umbrella stands stay.",
        ] {
            assert_eq!(clean(text), text);
        }
        // A filler keeps the punctuation after it.
        assert_eq!(
            clean("Can you send it by Friday, um?"),
            "Can you send it by Friday?"
        );
    }
}
