//! Turns a detected verb phrase into a short imperative title: drops the
//! deadline, trailing reasons and fillers, resolves "it"/"them" to the thing
//! discussed just before, and caps the length.

use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon;

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap()
}

static CUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:,|;|:\s|\s[-–—]\s|\(|\s(?:so that|so we|so i|so they|so you|so it|because|since|as soon as|once|when|whenever|if|while|unless|until|after|in case|as we|as they|as it|as i|as the|which|who|then i'll|then i will|, then|and then|otherwise|though|although|but|(?:before|ahead of|prior to|in time for|no later than)\b|before (?:it|we|they|you|i|he|she|anyone|anything)|(?:that\s+)?(?:i|we|you|they)\s+(?:\w+ed|sent|wrote|made|put|did|mentioned|discussed)\b)\b)",
    )
});
static TRAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\s+|^)(?:please|pls|plz|asap|right away|immediately|first thing|as soon as possible|for me|if possible|thanks|thx|ty|again|too|as well|quickly|real quick|now|this time|instead|though|for us|by|before|on|at|no later than|until|till|ahead of|in|within|then|also|today|tonight|tomorrow|this morning|this afternoon|this evening|either|yet|ok|okay|soon|for|to|with|of|and|sometime|later|at some point|when you can|when you get a chance|please\?|\?|!|\.)\s*$",
    )
});
static LEAD_PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<v>\S+(?:\s+(?:up|in|out|over|on|off|back|through|down))?)\s+(?P<p>all of (?:them|it|those)|it|them|this|that|those|these|one)\b(?P<rest>.*)$",
    )
});
static CONJ_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\s+(?:and|&|then|plus)\s+(?:also\s+|then\s+|please\s+)?(?P<w>[a-z\-]+)\b")
});
static SPACES: LazyLock<Regex> = LazyLock::new(|| re(r"\s+"));

/// Splits "move the vaccines to the backup fridge and call the stability
/// line" into two phrases, but keeps "sign and return the form" and
/// "take it out of service and tag it" whole.
pub fn split_conjuncts(vp: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for c in CONJ_VERB.captures_iter(vp) {
        let w = c.name("w").unwrap();
        let m = c.get(0).unwrap();
        if m.start() < start {
            continue;
        }
        let verb = w.as_str().to_ascii_lowercase();
        if !lexicon::is_action_verb(&verb) {
            continue;
        }
        let left = &vp[start..m.start()];
        let right = &vp[w.start()..];
        // Verb-only left conjunct ("sign and return ...") shares the object.
        if left.split_whitespace().count() < 2 {
            continue;
        }
        // Same object again ("... and tag it"): one task.
        let right_low = right.to_ascii_lowercase();
        let rest_words: Vec<&str> = right_low.split_whitespace().skip(1).collect();
        if rest_words.is_empty()
            || matches!(
                rest_words[0],
                "it" | "them" | "this" | "that" | "those" | "these"
            )
            // "go through the logs and fix any gaps": a step on the same object.
            || matches!(rest_words[0], "any" | "anything" | "everything" | "whatever")
        {
            continue;
        }
        // "Pick up X and drop it off" etc. are fine; sequential deliverable steps
        // ("update the forms and send them to me") were caught above.
        out.push((start, left.to_string()));
        start = w.start();
    }
    out.push((start, vp[start..].to_string()));
    out
}

/// Builds the title. `remove` lists substrings (due phrases) to delete;
/// `antecedent` replaces a leading object pronoun; `me`/`you` are the
/// speaker's and addressee's first names.
pub fn build(
    vp: &str,
    remove: &[&str],
    antecedent: Option<&str>,
    me: Option<&str>,
    you: Option<&str>,
) -> String {
    let mut s = vp.replace(['’', '‘'], "'");
    for r in remove {
        if !r.is_empty()
            && let Some(i) = s.find(r)
        {
            // "next week's schedule" names the object: keep it ("before tmrw's
            // call" is cut at "before" below).
            if !s[i + r.len()..].starts_with("'s") {
                s.replace_range(i..i + r.len(), " ");
            }
        }
    }
    if let Some(m) = CUT.find(&s)
        && m.start() > 0
    {
        s.truncate(m.start());
    }
    s = SPACES.replace_all(s.trim(), " ").to_string();
    for _ in 0..6 {
        let before = s.len();
        s = TRAIL.replace(&s, "").trim().to_string();
        s = s
            .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '"')
            .to_string();
        if s.len() == before {
            break;
        }
    }
    if let Some(a) = antecedent
        && let Some(c) = LEAD_PRONOUN.captures(&s)
    {
        let a = a.trim();
        let a = lower_determiner(a);
        if !a.is_empty() {
            s = format!("{} {}{}", &c["v"], a, &c["rest"]);
        }
    }
    if let Some(a) = antecedent {
        static TAIL_IT: LazyLock<Regex> =
            LazyLock::new(|| re(r"(?i)\s(?:on|with|for|about|to|into|through|over)\s+(it|them)$"));
        if let Some(c) = TAIL_IT.captures(&s) {
            let p = c.get(1).map(|m| m.range()).unwrap_or(0..0);
            let a = lower_determiner(a.trim());
            if !a.is_empty() {
                s.replace_range(p, &a);
            }
        }
    }
    // Person references read better with names: "Send me the logs" -> "Send Hector the logs".
    let mut words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    for w in words.iter_mut().skip(1) {
        let lw = w.to_ascii_lowercase();
        match lw.as_str() {
            "me" => {
                if let Some(n) = me {
                    *w = n.to_string();
                }
            }
            "you" => {
                if let Some(n) = you {
                    *w = n.to_string();
                }
            }
            "your" => {
                if let Some(n) = you {
                    *w = format!("{n}'s");
                }
            }
            _ => {}
        }
    }
    if words.len() > 12 {
        words.truncate(12);
        while words.len() > 4 {
            let last = words[words.len() - 1].to_ascii_lowercase();
            if matches!(
                last.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "to"
                    | "for"
                    | "of"
                    | "and"
                    | "with"
                    | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "from"
                    | "your"
                    | "my"
                    | "our"
            ) {
                words.pop();
            } else {
                break;
            }
        }
    }
    let s = words.join(" ");
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().collect::<String>() + ch.as_str(),
        None => String::new(),
    }
}

/// Expands a short definite object ("Proofread the post") with the fuller
/// mention earlier in the thread ("the spring campaign ideas blog post").
pub fn expand_object(title: &str, earlier: &str) -> String {
    static SHORT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?P<v>\S+(?:\s+(?:up|in|out|over|on|off|back|through|down))?)\s+the\s+(?P<n>[A-Za-z\-]{3,})(?P<rest>(?:\s.*)?)$",
        )
    });
    let Some(c) = SHORT.captures(title) else {
        return title.to_string();
    };
    let noun = c["n"].to_ascii_lowercase();
    // Last "the <up to five modifiers> <noun>" in the earlier text, found by
    // scanning words (no per-call regex: this runs once per task).
    let words: Vec<&str> = earlier.split_whitespace().collect();
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase()
    };
    let mut found: Option<String> = None;
    for (i, w) in words.iter().enumerate() {
        if clean(w) != noun {
            continue;
        }
        let lo = i.saturating_sub(6);
        let Some(det) = (lo..i).rev().find(|&k| clean(words[k]) == "the") else {
            continue;
        };
        if det + 1 >= i {
            continue;
        }
        let mods = &words[det + 1..i];
        let bad = mods.iter().any(|m| {
            m.ends_with([',', '.', ';', ':', '!', '?'])
                || matches!(
                    clean(m).as_str(),
                    "is" | "was"
                        | "and"
                        | "to"
                        | "i"
                        | "we"
                        | "you"
                        | "of"
                        | "in"
                        | "on"
                        | "the"
                        | "for"
                        | "with"
                        | "at"
                        | "by"
                )
        });
        if !bad {
            found = Some(mods.join(" "));
        }
    }
    let Some(mods) = found else {
        return title.to_string();
    };
    let mods = mods.replace(['"', '“', '”'], "");
    let mods = mods.trim();
    if mods.is_empty() {
        return title.to_string();
    }
    let out = format!("{} the {} {}{}", &c["v"], mods, &c["n"], &c["rest"]);
    if out.split_whitespace().count() > 12 {
        title.to_string()
    } else {
        out
    }
}

/// "The report" -> "the report" when spliced mid-title.
fn lower_determiner(a: &str) -> String {
    let first = a.split_whitespace().next().unwrap_or("");
    if matches!(
        first,
        "The"
            | "A"
            | "An"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "Our"
            | "My"
            | "Your"
            | "All"
            | "Some"
    ) {
        format!("{}{}", first.to_lowercase(), &a[first.len()..])
    } else {
        a.to_string()
    }
}

/// A noun phrase that "it"/"them" in the next clause can refer to: the
/// subject of a statement, else the last "the ..." phrase.
pub fn antecedent(sentence: &str) -> Option<String> {
    static SUBJ: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:so|and|also|ok|okay|hey)\s*,?\s*)?(?P<np>(?:the|our|my|your|this|that|these|those|all|some|\d+)\b[^,;:!?]{1,60}?|[a-z][\w\-]*(?:\s+\d+)?)\s+(?:is|are|was|were|has|have|needs|need|failed|broke|came|keeps|looks|seems|'s|isn't|aren't|won't|doesn't|can't|still|just)\b",
        )
    });
    let s = sentence.trim();
    if let Some(c) = SUBJ.captures(s) {
        let np = c["np"].trim();
        let first = np
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(
            first.as_str(),
            "i" | "we"
                | "you"
                | "it"
                | "they"
                | "he"
                | "she"
                | "there"
                | "that"
                | "this"
                | "what"
                | "how"
                | "who"
                | "everything"
                | "nothing"
                | "which"
        ) {
            return Some(np.to_string());
        }
    }
    last_definite_np(s).or_else(|| {
        // An agenda heading ("Mock exam timetable.") names what "it" is next.
        let h = s.trim_end_matches(['.', ':']);
        let words: Vec<&str> = h.split_whitespace().collect();
        let plain = h
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-');
        let capital = h.chars().next().is_some_and(|c| c.is_uppercase());
        let function_word = words.iter().any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "about"
                    | "half"
                    | "done"
                    | "yes"
                    | "no"
                    | "ok"
                    | "okay"
                    | "sure"
                    | "thanks"
                    | "all"
                    | "just"
                    | "not"
                    | "almost"
                    | "nearly"
                    | "still"
                    | "good"
                    | "great"
                    | "fine"
                    | "me"
                    | "you"
                    | "it"
                    | "is"
                    | "are"
                    | "was"
                    | "will"
                    | "i"
                    | "we"
            )
        });
        if (2..=4).contains(&words.len()) && plain && capital && !function_word {
            Some(format!("the {}", h.to_lowercase()))
        } else {
            None
        }
    })
}

/// The last "the/our/your ... noun" phrase: determiner plus up to five words,
/// stopping at verbs, prepositions (except "of") and punctuation.
fn last_definite_np(s: &str) -> Option<String> {
    const STOPS: &[&str] = &[
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "can",
        "could",
        "should",
        "has",
        "have",
        "had",
        "to",
        "by",
        "before",
        "on",
        "at",
        "for",
        "and",
        "or",
        "so",
        "because",
        "which",
        "that",
        "when",
        "once",
        "with",
        "today",
        "tomorrow",
        "this",
        "looking",
        "needs",
        "need",
        "goes",
        "go",
        "from",
        "into",
        "if",
        "but",
        "still",
        "just",
        "now",
        "then",
        "we",
        "i",
        "you",
        "they",
        "it",
        "be",
        "been",
        "being",
        "as",
        "than",
        "tonight",
        "yesterday",
        "in",
        "out",
        "up",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut best: Option<String> = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_ascii_lowercase();
        if matches!(w.as_str(), "the" | "our" | "your" | "my" | "their") {
            let mut np = vec![words[i]];
            let mut j = i + 1;
            while j < words.len() && np.len() < 7 {
                let raw = words[j];
                let lw = raw.to_ascii_lowercase();
                let clean = lw.trim_matches(|c: char| !c.is_alphanumeric());
                if STOPS.contains(&clean)
                    || clean.ends_with("'ll")
                    || clean.is_empty() && !raw.starts_with('"')
                {
                    break;
                }
                let ends = raw.ends_with([',', '.', ';', ':', '!', '?']);
                np.push(raw.trim_end_matches([',', '.', ';', ':', '!', '?']));
                j += 1;
                if ends {
                    break;
                }
            }
            if np.len() >= 2 {
                best = Some(np.join(" "));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            build(
                "pick up the Hearthstone Foods load at 7am tomorrow, dock 3",
                &["7am tomorrow"],
                None,
                None,
                None
            ),
            "Pick up the Hearthstone Foods load"
        );
        assert_eq!(
            build("send me the logs please", &[], None, Some("Hector"), None),
            "Send Hector the logs"
        );
        assert_eq!(
            build(
                "swap it with the spare",
                &[],
                Some("the cuff in room 2"),
                None,
                None
            ),
            "Swap the cuff in room 2 with the spare"
        );
    }

    #[test]
    fn conjuncts() {
        assert_eq!(split_conjuncts("sign and return the form").len(), 1);
        assert_eq!(
            split_conjuncts("take it out of service and tag it").len(),
            1
        );
        assert_eq!(
            split_conjuncts("move the vaccines to the fridge and call the line").len(),
            2
        );
    }

    #[test]
    fn antecedents() {
        assert_eq!(
            antecedent("The blood pressure cuff in room 2 is reading high.").as_deref(),
            Some("The blood pressure cuff in room 2")
        );
        assert_eq!(
            antecedent("truck 4 is overdue for an oil change.").as_deref(),
            Some("truck 4")
        );
        assert_eq!(
            antecedent("Isaac, how far along are the confocal images?").as_deref(),
            Some("the confocal images")
        );
    }
}
