//! Turns a detected verb phrase into a short imperative title: drops the
//! deadline, trailing reasons and fillers, resolves "it"/"them" to the thing
//! discussed just before, and caps the length.

use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon;

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap()
}

/// The longest title kept: the scorer takes up to 16 words as a title, more as a pasted
/// sentence, and a title cut shorter loses its object's head noun.
const MAX_TITLE_WORDS: usize = 15;

static CUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:,|;|:\s|\s[-–—]\s|\s*\||\(|\s(?:and let (?:me|us) know|as requested|as discussed|as agreed|as promised|as planned|even though|even if|right after|straight after|right before|so that|so we|so i|so they|so you|so it|so she|so he|so the|so our|so their|so your|so people|so folks|so everyone|so staff|so everyone|so nobody|so no one|because|since|as soon as|once|when|whenever|if|while|unless|until|after|in case|as we|as they|as it|as i|as the|which|who|then i'll|then i will|, then|and then|otherwise|or (?:else|we|they|you|i|it|the)|and (?:will|would|should|can)|though|although|but|(?:before|b4|ahead of|prior to|in time for|no later than)\b|before (?:it|we|they|you|i|he|she|anyone|anything)|(?:that\s+)?(?:i|we|you|they)\s+(?:\w+ed|sent|wrote|made|put|did|mentioned|discussed)\b|(?:called|rang|phoned|emailed|texted|complained|said|arrive|arrives|arrived)\b)\b)",
    )
});
/// Words that open a clause or a phrase of its own after a comma, so that what follows is
/// no list of things ("send the draft, then ...", "book it, the room and ...").
const NOT_A_LIST_HEAD: &[&str] = &[
    "i",
    "we",
    "you",
    "they",
    "he",
    "she",
    "it",
    "then",
    "please",
    "pls",
    "so",
    "but",
    "and",
    "which",
    "who",
    "as",
    "if",
    "when",
    "thanks",
    "ideally",
    "by",
    "before",
    "no",
    "not",
    "the",
    "a",
    "an",
    "my",
    "our",
    "your",
    "their",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "both",
    "either",
    "need",
    "needs",
    "want",
    "got",
    "have",
    "has",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "can",
    "could",
    "should",
    "would",
    "must",
    "may",
    "just",
    "also",
    "still",
    "maybe",
    "already",
    "plus",
    "or",
    "including",
    "like",
];

/// An ask whose object says nothing by itself: "open a ticket", "add a lock".
static GENERIC_ASK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:open|add|file|raise|log|create|write|put up|set up|make|post|put in|submit)\s+(?:a|an|another|one more)\s+(?:new\s+|quick\s+|small\s+)?(?:ticket|lock|note|change|pr|fix|reminder|rule|alert|check|script|banner|post|flag|issue|request|cr|guard|test|task|card|story|bug)$",
    )
});
static TRAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\s+|^)(?:please|pls|plz|asap|right away|immediately|first thing|as soon as possible|for me|if possible|thanks|thx|ty|again|too|as well|quickly|real quick|now|this time|instead|though|for us|by|before|on|at|no later than|until|till|ahead of|in|within|then|also|today|tonight|tomorrow|this morning|this afternoon|this evening|either|yet|ok|okay|soon|for|to|into|onto|with|of|and|or|early|sometime|later|at some point|when you can|when you get a chance|itself|myself|yourself|ourselves|himself|herself|at the latest|latest|at the earliest|either way|anyway|actually|still|(?:on )?the same day|the next day|the following day|the day after|afterwards|after that|as|than|the|a|an|(?:by|before|until|till|no later than|on|at)\s+(?:your|my|our|their)|about|regarding|please\?|\?|!|\.)\s*$",
    )
});
/// A leading object pronoun to resolve; "IT" in capitals is the department ("get IT to
/// look at it").
static LEAD_PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<v>take care of|deal with|look into|look after|sort out|follow up on|[a-z]+\s+(?:and|&)\s+[a-z]+|\S+(?:\s+(?:up|in|out|over|on|off|back|through|down))?(?:\s+(?:me|you|him|her|us|(?-i:[A-Z][\w\-]+)))?)\s+(?P<p>all of (?:them|it|those)|(?-i:it|It)|them|this|that|those|these|one|mine|ours)\b(?P<rest>.*)$",
    )
});
static CONJ_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\s+(?:and|&|then|plus)\s+(?:also\s+|then\s+|please\s+)?(?P<w>[a-z\-]+)\b")
});
/// A step that only reports the first one's result back to the requester.
static REPORT_BACK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:update|brief) (?:me|us)\b|revert\b|report back\b|(?:send|get|give|email|forward|pass)\s+(?:the|a|an|your)\s+(?:[\w\-]+\s+){0,2}?(?:draft|version|copy|results?|summary|findings|outcome)\s+(?:back\s+|over\s+)?to\s+(?:me|us)\b|copy (?:in )?(?:me|us|their|his|her)\b|cc\b|(?:record|log|note|document) (?:the|their|your) (?:outcome|results?|findings)\b|post\b.*\bwhen (?:it's|it is|that's|you're|done)\b|(?:send|get|give|email|e-mail|share|forward|pass)\s+(?:me|us)\s+(?:back\s+)?(?:the|an?|your)?\s*(?:[\w/\-]+\s+){0,3}?(?:list of|(?:update|outcome|results?|findings|graphs?|draft|summary|feedback|eta|status|readings|discrepancy list|breakdown|numbers?|figures?|totals?|counts?|version|confirmation|redline|markup|screenshots?|photos?|pics|pictures)(?:\s+(?:of|from|to|with|by|for|on|when|once|within|before|after|first|today|tomorrow|\d)\b|\s*$|[,.;!?]))|(?:send|share|forward|pass)\s+(?:the|your)\s+(?:[\w/\-]+\s+){0,2}?(?:update|outcome|results?|findings|graphs?|draft|summary)\s+(?:with|to)\s+(?:me|us)\b|(?:send|post|share|email|circulate)\s+(?:your|the)\s+(?:comments|results|feedback|findings|notes|thoughts|edits|answers)\b|(?:get|send)\s+(?:out\s+|round\s+|around\s+)?(?:the\s+|an\s+)?(?:calendar\s+)?invites?(?:\s+out|\s+round)?\b|(?:send|share|email|circulate)\s+(?:(?:my|our|your|the)\s+)?(?:notes|comments|feedback|edits|thoughts)\b|(?:send|share|email|give)\s+(?:you|him|her|them)\s+(?:the\s+|some\s+)?(?:numbers|figures|results|details|update|costs?|screenshots?|photos?|pics|pictures)\b)",
    )
});
/// Reaching a person or place: "call X", "ring X", "swing by X", "check with X"; by message
/// only a person or a party ("email Ana", "text the plumber"), not a thing ("email the
/// report to finance").
static CONTACT_STEP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:(?:call|ring|phone|contact|ping|visit|(?:reach out|speak|talk|get in touch|get hold of|check|follow up) (?:to|with)|(?:swing|pop|drop|stop|go|come|head) (?:by|over|round|down|into|to))\b|(?:email|e-mail|text|message|dm)\s+(?:(?-i:[A-Z])|(?:him|her|them)\b|the (?:team|client|customer|vendor|supplier|office|desk|agency|hotel|venue|landlord|contractor|plumber|electrician|printer|caterer|courier|broker|bank|insurer)\b))",
    )
});
/// What such a contact is for: asking, getting, arranging or checking something.
static PURPOSE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:ask|get|find|check|confirm|push|move|chase|tell|arrange|grab|pick|request|remind|reschedule|verify|nudge|collect|fetch|drop|deliver|return|sign|inspect|measure)$",
    )
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
        let left = &vp[start..m.start()];
        let right = &vp[w.start()..];
        // "..., and have the printed menus ready the day before": a step of its own.
        static HAVE_READY: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^have\s+(?:the|a|an|all|your|our|those|these|\d+)\s[^,;]{1,60}?\s(?:ready|done|finished|printed|signed|booked|sorted|packed|set up)\b",
            )
        });
        if !(lexicon::is_action_verb(&verb) || verb == "have" && HAVE_READY.is_match(right)) {
            continue;
        }
        // "a revised one-liner and call sheet": a noun made of a verb, not a second step.
        static VERB_NOUN: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:call (?:sheets?|lists?|logs?|notes?|times?)|order (?:forms?|numbers?|confirmations?|sheets?)|run (?:sheets?|sheet|lists?)|check ?lists?|set ?lists?|change orders?|work orders?|cover (?:letters?|notes?|sheets?)|sign-?in sheets?|book ?lists?|contact (?:lists?|sheets?|details)|pick (?:lists?|tickets?)|load (?:lists?|plans?|sheets?)|shot lists?|cue sheets?)\b",
            )
        });
        if VERB_NOUN.is_match(right) {
            continue;
        }
        // Verb-only left conjunct ("sign and return ...") shares the object.
        if left.split_whitespace().count() < 2 {
            continue;
        }
        // "read it and add your comments": both steps work on the thing named before.
        let left_words: Vec<String> = left
            .split_whitespace()
            .map(|w| w.to_ascii_lowercase())
            .collect();
        if left_words.len() == 2
            && matches!(left_words[1].as_str(), "it" | "them" | "this" | "that")
        {
            continue;
        }
        // Same object again ("... and tag it"): one task.
        let right_low = right.to_ascii_lowercase();
        let rest_words: Vec<&str> = right_low.split_whitespace().skip(1).collect();
        // "make the correction invoice and send her today": sent to whom, the
        // first step's result.
        let to_whom_only = matches!(
            verb.as_str(),
            "send" | "email" | "forward" | "give" | "pass" | "bring"
        ) && matches!(
            rest_words.first().copied(),
            Some("her" | "him" | "me" | "us")
        ) && rest_words
            .iter()
            .skip(1)
            .take_while(|w| !w.ends_with([',', ';', '.']))
            .all(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                w.is_empty()
                    || is_time_word(w)
                    || crate::dates::is_day_word(w)
                    || matches!(
                        w,
                        "today"
                            | "tomorrow"
                            | "tonight"
                            | "asap"
                            | "please"
                            | "pls"
                            | "by"
                            | "before"
                            | "eod"
                    )
            });
        if rest_words.is_empty()
            || to_whom_only
            || matches!(
                rest_words[0],
                "it" | "them" | "this" | "that" | "those" | "these"
            )
            // "go through the logs and fix any gaps": a step on the same object.
            || matches!(rest_words[0], "any" | "anything" | "everything" | "whatever")
            // "pull the logs and share with me by Monday", "count them and update by
            // 6": a verb with no object of its own acts on the first one's.
            || matches!(
                rest_words[0],
                "to" | "with"
                    | "back"
                    | "over"
                    | "across"
                    | "along"
                    | "by"
                    | "before"
                    | "today"
                    | "tomorrow"
                    | "tonight"
                    | "asap"
                    | "when"
                    | "once"
                    | "after"
            )
        {
            continue;
        }
        // "email parents about sun cream and water bottles tomorrow": a noun that
        // looks like a verb ("water", "face", "book") before a lone plural is no clause.
        let content_after: Vec<&&str> = rest_words
            .iter()
            .filter(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                !is_time_word(w)
                    && !matches!(
                        w,
                        "" | "today"
                            | "tomorrow"
                            | "tmrw"
                            | "tonight"
                            | "asap"
                            | "now"
                            | "later"
                            | "soon"
                            | "too"
                            | "please"
                            | "pls"
                    )
            })
            .collect();
        if content_after.len() == 1
            && content_after[0].ends_with('s')
            && !content_after[0].ends_with("ss")
        {
            continue;
        }
        // "do the count and tag check on Monday": after a light verb, "and" and two
        // bare nouns continue the object ("the count and the tag check").
        let noun_tail = rest_words
            .iter()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .take_while(|w| {
                !matches!(
                    *w,
                    "on" | "by"
                        | "before"
                        | "for"
                        | "at"
                        | "in"
                        | "this"
                        | "next"
                        | "today"
                        | "tomorrow"
                        | "tmrw"
                        | "tonight"
                        | "asap"
                        | "please"
                        | "pls"
                )
            })
            .collect::<Vec<_>>();
        if matches!(
            left_words[0].as_str(),
            "do" | "run" | "perform" | "complete"
        ) && matches!(
            left_words.get(1).map(String::as_str),
            Some("the" | "a" | "an" | "our")
        ) && noun_tail.len() == 1
            && !noun_tail[0].ends_with('s')
            && !noun_tail[0].ends_with("ed")
            && !matches!(
                noun_tail[0],
                "it" | "them" | "me" | "us" | "him" | "her" | "up" | "out" | "off" | "back"
            )
        {
            continue;
        }
        // "call the hotel and move the check-in", "swing by the shop and grab two
        // igniters": reaching someone or somewhere is the way to do the second
        // step, so the two are one task (CONVENTIONS §2, sequential steps).
        if CONTACT_STEP.is_match(left) && PURPOSE_VERB.is_match(&verb) {
            continue;
        }
        // Reporting the result back ("audit the links and send me the list of gaps",
        // "chase them and update me"): one deliverable (CONVENTIONS §2).
        if REPORT_BACK.is_match(&right_low) {
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
    let s = vp.replace(['’', '‘'], "'");
    // "Add thermal cycling to test plan      Kavya    Fri 31 Jul": a table row's first
    // cell is the task; the owner and date cells are said elsewhere.
    static CELL_GAP: LazyLock<Regex> = LazyLock::new(|| re(r"\s{3,}|\t"));
    let s = CELL_GAP
        .find(&s)
        .map_or(s.as_str(), |m| &s[..m.start()])
        .to_string();
    // "$25,000": a thousands separator is no clause break; restored below.
    static THOUSANDS: LazyLock<Regex> = LazyLock::new(|| re(r"(\d),(\d{3})\b"));
    let mut s = THOUSANDS.replace_all(&s, "${1}\u{1}${2}").into_owned();
    // Chat shorthand reads better spelled out in a title.
    for (short, long) in [(" w/o ", " without "), (" w/ ", " with ")] {
        s = s.replace(short, long);
    }
    // "give Mrs Halloran a ring and see if Thursday suits" reads as "call Mrs Halloran ...";
    // "drop the agency a line" as "email the agency".
    static GIVE_A_RING: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^give\s+(?P<who>[^,.;!?]{2,40}?)\s+a\s+(?:quick\s+)?(?:ring|call|bell|buzz|tinkle)\b(?P<rest>.*)$",
        )
    });
    static DROP_A_LINE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:drop|shoot)\s+(?P<who>[^,.;!?]{2,40}?)\s+a\s+(?:quick\s+)?(?:line|note|mail|email|e-mail)\b(?P<rest>.*)$",
        )
    });
    if let Some(c) = GIVE_A_RING.captures(&s) {
        s = format!("call {}{}", &c["who"], &c["rest"]);
    } else if let Some(c) = DROP_A_LINE.captures(&s) {
        s = format!("email {}{}", &c["who"], &c["rest"]);
    }
    // "remind Ryan on Monday that the IC memo is due Weds" reads as "remind Ryan about the
    // IC memo"; its day is the reminder's.
    static REMIND_THAT_DUE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^remind\s+(?P<who>[^,.;!?]{2,40}?)\s+(?:(?:on|at|by|this|next|tomorrow|today)\s+(?:\w+\s+)?)?that\s+(?P<np>(?:the|our|your|their|his|her|my)\s+[^,.;!?]{2,60}?)\s+(?:is|are)\s+(?:due|needed|happening|coming up|scheduled|on)\b.*$",
        )
    });
    if let Some(c) = REMIND_THAT_DUE.captures(&s) {
        s = format!("remind {} about {}", &c["who"], &c["np"]);
    }
    // "check before we release on Monday whether HS 8467.29 is covered": the deadline
    // sits between the verb and what to find out; the title skips it.
    static DATE_THEN_WH: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<v>\S+(?:\s+(?:out|up|in|with\s+\S+))?)\s+(?:before|by|b4|ahead of|no later than)\s+(?P<when>[^,;]{2,50}?)\s+(?P<wh>(?:whether|if|what|which|how|who|where)\s.*)$",
        )
    });
    // "pay by card if ...", "follow up by email if ...": "by" a means, no date.
    static WHEN_WORD: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:\d|today|tonight|tomorrow|tmrw|eod|cob|noon|midday|end|week|month|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|we|they|you|i|he|she|it)\b",
        )
    });
    if let Some(c) = DATE_THEN_WH
        .captures(&s)
        .filter(|c| WHEN_WORD.is_match(&c["when"]))
    {
        s = format!("{} {}", &c["v"], &c["wh"]);
    }
    // "let the carrier know about the delay" reads as "tell the carrier about the delay".
    static LET_KNOW_ABOUT: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^let\s+(?P<who>[^,.;!?]{2,60}?)\s+know\s+(?P<about>about\b.*)$"));
    if let Some(c) = LET_KNOW_ABOUT.captures(&s)
        && !matches!(c["who"].to_ascii_lowercase().as_str(), "you" | "u")
    {
        s = format!("tell {} {}", &c["who"], &c["about"]);
    }
    // "take another pass at it over the next few days and get me a draft": a span of
    // time is no part of the task.
    static SPAN: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\s+(?:over|in|within|during)\s+the\s+(?:next|coming)\s+(?:few\s+|couple\s+(?:of\s+)?|\d+\s+|two\s+|three\s+)?(?:days|weeks|hours|months)\b",
        )
    });
    s = SPAN.replace_all(&s, "").into_owned();
    for r in remove {
        // "by Wed." was found with the full stop the clause has lost.
        let r = r.trim_end_matches(['.', '!', '?', ',', ';']);
        if !r.is_empty()
            && let Some(i) = s.find(r)
        {
            // "next week's schedule" names the object: keep it ("before tmrw's
            // call" is cut at "before" below).
            // "take your Wednesday call", "the Friday meeting": the day names which
            // call, and stays.
            let prev_word = s[..i]
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_ascii_lowercase();
            let next_word = s[i + r.len()..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            let attributive = matches!(
                prev_word.as_str(),
                "the" | "your" | "my" | "our" | "their" | "his" | "her" | "this" | "that"
            ) && next_word
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase())
                && !matches!(
                    next_word.as_str(),
                    "at" | "by" | "on" | "in" | "for" | "to" | "and" | "or" | "please" | "pls"
                );
            // "Thursday's morning show": the day names the object, not when.
            let possessive = s[i + r.len()..].starts_with("'s") || r.contains("'s");
            // "ring Dr Okafor's 4:30 patient tomorrow": the time names which patient,
            // and the patient stays.
            let owned = matches!(
                prev_word.as_str(),
                "the" | "your" | "my" | "our" | "their" | "his" | "her"
            ) || prev_word.ends_with("'s")
                || prev_word.ends_with("’s");
            let inner: Vec<&str> = r
                .split_whitespace()
                .filter(|w| {
                    let l = w.to_ascii_lowercase();
                    l.len() >= 3
                        && l.chars().all(|c| c.is_ascii_alphabetic())
                        && !is_time_word(&l)
                        && !crate::dates::is_day_word(&l)
                        && !is_month(&l)
                        && !matches!(
                            l.as_str(),
                            "the"
                                | "and"
                                | "before"
                                | "until"
                                | "next"
                                | "this"
                                | "latest"
                                | "from"
                                | "after"
                                | "till"
                                | "than"
                                | "later"
                        )
                })
                .collect();
            if !possessive && !attributive {
                let keep = if owned && r.contains(|c: char| c.is_ascii_digit()) && !inner.is_empty()
                {
                    format!(" {} ", inner.join(" "))
                } else {
                    " ".to_string()
                };
                s.replace_range(i..i + r.len(), &keep);
            }
        }
    }
    // "check if the pallets arrived", "tell me by 6 if we will miss the ship date": the
    // question is the object, not a condition to cut at. "tell me if they won't land"
    // without a time of its own only asks to hear of a problem.
    static ASK_IF: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<v>(?:check|confirm|find out|ask(?:\s+(?:him|her|them|\p{Lu}\p{Ll}+)(?:\s+(?:at|in|from|on)\s+[\w\-]+)?)?))\s+if\s",
        )
    });
    static TELL_BY_IF: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^tell\s+(?:me|us)\s+(?:by|before)\s+[^,;]{1,25}?\s+if\s"));
    static TELL_IF: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?P<v>tell\s+(?:me|us))\s+if\s"));
    s = ASK_IF.replace(&s, "${v} whether ").into_owned();
    if TELL_BY_IF.is_match(vp) {
        s = TELL_IF.replace(&s, "${v} whether ").into_owned();
    }
    let mut event: Option<String> = None;
    let mut paren: Option<String> = None;
    // "the after-hours roster", "the once-off fee": a hyphen makes the word a modifier,
    // not the start of a clause.
    // "find out when Parkline can demo", "check if the lab has capacity": the question
    // is the task's object.
    static ASKS_WHAT: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\b(?:find out|figure out|work out|check|ask|confirm|see|verify|establish)$")
    });
    if let Some(m) = CUT.find_iter(&s).find(|m| {
        let word = s[m.start()..m.end()].trim().to_ascii_lowercase();
        let hyphenated = s[m.end()..].starts_with('-');
        let question = matches!(word.as_str(), "when" | "if" | "whether")
            && ASKS_WHAT.is_match(s[..m.start()].trim_end());
        // "open a ticket so we stop scheduling crons in local time": a bare ticket or
        // lock is named by what it is for.
        let purpose = word.starts_with("so ") && GENERIC_ASK.is_match(s[..m.start()].trim_end());
        // "order updated UCC, tax lien and judgment searches": a list of things, not a
        // clause after the comma.
        static LIST_AFTER_COMMA: LazyLock<Regex> = LazyLock::new(|| {
            re(r"(?i)^,\s*(?P<first>[\w\-']+)(?:\s+[\w\-']+){0,2}\s+(?:and|or|&)\s+[\w\-']+(?:\s+[\w\-']+)?(?:\s*$|\s*[.;)(]|\s+(?:for|to|from|in|on|at|by|of|with|before)\b)")
        });
        let list = word == ","
            && LIST_AFTER_COMMA.captures(&s[m.start()..]).is_some_and(|c| {
                let first = c["first"].to_ascii_lowercase();
                !lexicon::is_action_verb(&first)
                    && !NOT_A_LIST_HEAD.contains(&first.as_str())
                    && !crate::dates::is_day_word(&first)
            });
        !hyphenated && !question && !purpose && !list
    }) && m.start() > 0
    {
        event = deadline_event(&s[m.start()..]);
        paren = s[m.start()..]
            .strip_prefix('(')
            .and_then(|t| t.split(')').next())
            .map(|t| t.trim().to_string())
            .filter(|t| {
                let n = t.split_whitespace().count();
                (2..=6).contains(&n)
                    && ["the ", "a ", "an ", "our ", "all "]
                        .iter()
                        .any(|d| t.to_ascii_lowercase().starts_with(d))
            });
        s.truncate(m.start());
    }
    s = SPACES.replace_all(s.trim(), " ").to_string();
    // "still send Priya the photos": the adverb before the verb is no part of the task.
    static LEAD_ADVERB: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:still|also|just|again|now|then|both|all|definitely|really|maybe|and|you can|you could|u can)\s+",
        )
    });
    // "has to be submitted by you as PI through Research.gov": the agent is the owner.
    static BY_YOU: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\s+by\s+(?:you|u)(?P<as>\s+as\s+(?:the\s+)?(?P<role>[\w\-]+))?\b")
    });
    s = BY_YOU
        .replace(&s, |c: &regex::Captures| match c.name("role") {
            // "by you as soon as possible": only the agent goes.
            Some(r) if matches!(r.as_str(), "soon" | "well" | "much" | "long" | "far") => {
                c["as"].to_string()
            }
            _ => String::new(),
        })
        .into_owned();
    // "aim to submit it by the 29th": the task is submitting it.
    static LEAD_AIM: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^(?:(?:aim|plan|endeavou?r|attempt)\s+to|try\s+(?:to|and))\s+"));
    if let Some(m) = LEAD_AIM.find(&s)
        && s[m.end()..].split_whitespace().count() >= 2
    {
        s = s[m.end()..].to_string();
    }
    // "(you) and Dr Ferraro go through it together": do it with them.
    static AND_NAME_TOGETHER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?i:and)\s+(?P<who>(?:(?:Dr|Mr|Mrs|Ms)\.?\s+)?\p{Lu}[\p{L}\-'’]+)\s+(?P<v>[a-z]+)\s+(?P<rest>.*?)\s+(?i:together)$",
        )
    });
    if let Some(c) = AND_NAME_TOGETHER.captures(&s)
        && (lexicon::is_action_verb(&c["v"])
            || matches!(
                &c["v"],
                "do" | "go" | "sit" | "work" | "meet" | "look" | "talk"
            ))
    {
        s = format!("{} {} with {}", &c["v"], &c["rest"], &c["who"]);
    }
    while let Some(m) = LEAD_ADVERB.find(&s) {
        if s[m.end()..].split_whitespace().count() < 2 {
            break;
        }
        s = s[m.end()..].to_string();
    }
    // "ready 24 hours" once "before the session" is cut: the lead time is the due's.
    static LEAD_TAIL: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\s+(?:at\s+least\s+)?(?:\d{1,3}|an?|one|two|three|four|five|six|seven)\s*(?:hours?|hrs?|h|days?|weeks?)$|\s+the\s+day$",
        )
    });
    s = LEAD_TAIL.replace(&s, "").to_string();
    // "the p99 graphs for the last 24h" once "24h" is gone: the window is the due's.
    static WINDOW_TAIL: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)\s+(?:for|over|in|from|during)\s+the\s+(?:last|past|next)$"));
    // "make sure they're in", "the request is still in": a state after a copula, not a
    // preposition left over.
    static STATE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:is|are|'re|was|were|be|been|'s)\s+(?:still\s+|all\s+)?(?:in|on|up|out|back|through)$",
        )
    });
    for _ in 0..6 {
        let before = s.len();
        if STATE_TAIL.is_match(&s) {
            break;
        }
        s = TRAIL.replace(&s, "").trim().to_string();
        s = WINDOW_TAIL.replace(&s, "").to_string();
        // "send it tomorrow morning Tokyo time" once the date is gone: whose clock.
        static CLOCK_TAIL: LazyLock<Regex> = LazyLock::new(|| {
            re(r"\s+(?:(?i:your|my|our|their|his|her|local)|[A-Z][\w\-]+(?:'s|’s)?)\s+(?i:time)$")
        });
        s = CLOCK_TAIL.replace(&s, "").to_string();
        // "make the correction invoice and send her": sending the result is part of it.
        static SEND_WHOM_TAIL: LazyLock<Regex> = LazyLock::new(|| {
            re(r"(?i)\s+and\s+(?:send|email|forward|give|pass|bring)\s+(?:her|him|me|us)$")
        });
        s = SEND_WHOM_TAIL.replace(&s, "").to_string();
        s = s
            .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '"')
            .to_string();
        // "(check and change the lures)" cut at "(": no closing bracket left alone.
        if s.ends_with(')') && s.matches('(').count() < s.matches(')').count() {
            s.pop();
        }
        if s.len() == before {
            break;
        }
    }
    if let Some(a) = antecedent
        && let Some(c) = LEAD_PRONOUN.captures(&s)
        && {
            let next = c["rest"]
                .split_whitespace()
                .next()
                .map(|w| w.to_ascii_lowercase())
                .unwrap_or_default();
            // "check that the size charts show cm": "that" opens a clause here.
            let clause = c["p"].eq_ignore_ascii_case("that")
                && matches!(
                    next.as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "all"
                        | "our"
                        | "your"
                        | "their"
                        | "his"
                        | "her"
                        | "its"
                        | "there"
                        | "we"
                        | "you"
                        | "they"
                        | "he"
                        | "she"
                        | "it"
                        | "i"
                        | "every"
                        | "each"
                        | "no"
                        | "everyone"
                        | "nobody"
                );
            // "give me one slide": a number before its noun, not a pronoun; "take one of
            // the Target trailers" names its own.
            let number = c["p"].eq_ignore_ascii_case("one")
                && !next.is_empty()
                && (next == "of" || !is_np_boundary(&next))
                && !matches!(
                    next.as_str(),
                    "from" | "with" | "at" | "on" | "as" | "too" | "more" | "asap"
                );
            // "I still need those Hilltop logs": a determiner before a noun of its own,
            // where "prepare that table" after "the soil moisture data table" names it.
            let named_before = a
                .to_ascii_lowercase()
                .split_whitespace()
                .any(|w| w.trim_matches(|ch: char| !ch.is_alphanumeric()) == next);
            // "the soil moisture data ... prepare that table": a short name can modify it.
            let modifies = a.split_whitespace().count() <= 4
                && !a.split_whitespace().any(|w| {
                    matches!(
                        w.to_ascii_lowercase().as_str(),
                        "on" | "in" | "for" | "of" | "at" | "with" | "from" | "to" | "about"
                    )
                });
            let determiner = !named_before
                && !modifies
                && matches!(
                    c["p"].to_ascii_lowercase().as_str(),
                    "this" | "that" | "these" | "those"
                )
                && next.chars().all(|ch| ch.is_alphabetic() || ch == '-')
                && !next.is_empty()
                && !is_np_boundary(&next)
                && !matches!(
                    next.as_str(),
                    "one"
                        | "ones"
                        | "asap"
                        | "too"
                        | "again"
                        | "as"
                        | "from"
                        | "over"
                        | "back"
                        | "out"
                        | "up"
                        | "off"
                        | "now"
                        | "please"
                        | "pls"
                        | "first"
                        | "before"
                        | "until"
                        | "across"
                        | "through"
                        | "round"
                        | "around"
                        | "along"
                        | "down"
                        | "myself"
                        | "yourself"
                        | "either"
                        | "instead"
                        | "then"
                        | "when"
                        | "if"
                        | "once"
                        | "after"
                        | "but"
                        | "also"
                        | "all"
                        | "both"
                        | "quickly"
                        | "soon"
                        | "later"
                        | "right"
                        | "straight"
                        | "properly"
                        | "together"
                        | "done"
                        | "ready"
                        | "sorted"
                        | "finished"
                        | "fixed"
                        | "signed"
                        | "sent"
                );
            !clause && !number && !determiner
        }
    {
        let a = a.trim();
        let a = lower_determiner(a);
        // "send them the shortlist": an indirect object, which only a
        // group of people can fill.
        let rest_low = c["rest"].trim_start().to_ascii_lowercase();
        let indirect = ["the ", "a ", "an ", "our ", "my ", "your ", "their "]
            .iter()
            .any(|d| rest_low.starts_with(d));
        let people = a.split_whitespace().last().is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "team"
                    | "group"
                    | "members"
                    | "client"
                    | "clients"
                    | "customer"
                    | "customers"
                    | "vendor"
                    | "supplier"
                    | "people"
                    | "staff"
                    | "crew"
                    | "board"
                    | "family"
                    | "parents"
                    | "owners"
                    | "residents"
                    | "tenants"
            )
        });
        // "I need the invoices from finance. Can you ask them?": a thing is asked for.
        let ask_for = c["v"].eq_ignore_ascii_case("ask")
            && !people
            && !rest_low.starts_with("for ")
            && !rest_low.starts_with("to ")
            && !rest_low.starts_with("about ");
        if indirect && !people {
            s = format!("{}{}", &c["v"], &c["rest"]);
        } else if ask_for && !a.is_empty() {
            s = format!("{} for {}{}", &c["v"], a, &c["rest"]);
        } else if !a.is_empty() {
            // "pick them up" -> "Pick up the new badges": the particle goes before a
            // phrase.
            let rest = &c["rest"];
            let particle = ["up", "out", "off", "back", "down", "over"]
                .into_iter()
                .find(|p| {
                    rest.strip_prefix(' ')
                        .and_then(|r| r.strip_prefix(p))
                        .is_some_and(|after| !after.starts_with(|ch: char| ch.is_alphanumeric()))
                });
            s = match particle {
                Some(p) => format!("{} {} {}{}", &c["v"], p, a, &rest[p.len() + 1..]),
                None => format!("{} {}{}", &c["v"], a, rest),
            };
        }
    }
    let lead_used = antecedent.is_some_and(|a| {
        let a = lower_determiner(a.trim());
        !a.is_empty() && s.contains(a.as_str())
    });
    if let Some(a) = antecedent.filter(|_| !lead_used) {
        static TAIL_IT: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)\s(?:on|for|about|into|through|over|at|of)\s+(it|them)$|\s(?:on|for|about|into|through|over|of)\s+(that|those|this|these)$|\sat\s+(those|these)$|\s(?:with|to)\s+(it)$|\sto\s+[a-z]+\s+(it|them)$",
            )
        });
        if let Some(c) = TAIL_IT.captures(&s) {
            let p = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .or(c.get(4))
                .or(c.get(5))
                .map(|m| m.range())
                .unwrap_or(0..0);
            let a = lower_determiner(a.trim());
            if !a.is_empty() {
                s.replace_range(p, &a);
            }
        }
    }
    // "yours"/"mine": the same kind of thing as the antecedent, owned by the
    // addressee/speaker ("Upload yours" -> "Upload Sanne's statement").
    if let Some(a) = antecedent {
        static POSS: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?P<v>\S+(?:\s+(?:up|in|out|over|on|off|back|through|down))?)\s+(?P<p>yours|mine)\b(?P<rest>.*)$",
            )
        });
        if let Some(c) = POSS.captures(&s) {
            let head: Vec<&str> = a
                .split_whitespace()
                .skip_while(|w| {
                    matches!(
                        w.to_ascii_lowercase().as_str(),
                        "the"
                            | "a"
                            | "an"
                            | "my"
                            | "your"
                            | "our"
                            | "his"
                            | "her"
                            | "their"
                            | "this"
                            | "that"
                    ) || w.ends_with("'s")
                })
                .collect();
            let owner = if c["p"].eq_ignore_ascii_case("yours") {
                you
            } else {
                me
            };
            if !head.is_empty() && head.len() <= 5 {
                let who = owner.map(|n| format!("{n}'s")).unwrap_or_else(|| {
                    if c["p"].eq_ignore_ascii_case("yours") {
                        "your".into()
                    } else {
                        "my".into()
                    }
                });
                s = format!("{} {} {}{}", &c["v"], who, head.join(" "), &c["rest"]);
            }
        }
    }
    // "take the rest (the 6 auto files)": the bracket names the generic object.
    if let Some(p) = paren {
        static GENERIC: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?P<v>\S+(?:\s+(?:up|in|out|over|on|off|back|through|down))?)\s+(?:the rest|the others|the remainder|a couple|a few|some|one|those|these|them|it|the lot)$",
            )
        });
        if let Some(c) = GENERIC.captures(&s) {
            s = format!("{} {}", &c["v"], lower_determiner(&p));
        }
    }
    if let Some(ev) = event
        && s.split_whitespace().count() <= 9
        && !s.to_ascii_lowercase().contains(&ev.to_ascii_lowercase())
    {
        s = format!("{s} before the {ev}");
    }
    // Person references read better with names: "Send me the logs" -> "Send Hector the logs".
    let mut words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    let last = words.len().saturating_sub(1);
    for (i, w) in words.iter_mut().enumerate().skip(1) {
        let lw = w.to_ascii_lowercase();
        match lw.as_str() {
            "me" => {
                if let Some(n) = me {
                    *w = n.to_string();
                }
            }
            "you" | "u" => {
                if let Some(n) = you {
                    *w = n.to_string();
                }
            }
            // "Take your (Thursday)": a possessive left dangling by a removed date stays.
            "your" | "ur" if i == last => *w = "your".into(),
            "your" | "ur" => {
                if let Some(n) = you {
                    *w = format!("{n}'s");
                } else {
                    *w = "your".into();
                }
            }
            _ => {}
        }
    }
    // "Send you a first draft" with no one to name: the thing sent is the task.
    if you.is_none()
        && words.len() > 3
        && words[1].eq_ignore_ascii_case("you")
        && matches!(
            words[0].to_ascii_lowercase().as_str(),
            "send" | "give" | "email" | "forward" | "bring" | "pass" | "show" | "get"
        )
        && matches!(
            words[2].to_ascii_lowercase().as_str(),
            "a" | "an" | "the" | "our" | "my" | "some" | "both" | "all"
        )
    {
        words.remove(1);
    }
    if words.len() > MAX_TITLE_WORDS {
        // "Get us space on the next sailing out of Hamburg and send Jess the booking
        // confirmation": too long for both steps, the first is the task's name.
        let sends_back = |i: usize| {
            words[i].eq_ignore_ascii_case("and")
                && words.get(i + 1).is_some_and(|v| {
                    matches!(
                        v.to_ascii_lowercase().as_str(),
                        "send" | "email" | "forward" | "share" | "pass" | "give"
                    )
                })
                && words.get(i + 2).is_some_and(|w| {
                    w.starts_with(|c: char| c.is_uppercase())
                        || matches!(w.to_ascii_lowercase().as_str(), "me" | "us")
                })
        };
        if let Some(cut) = (3..words.len().min(MAX_TITLE_WORDS + 1))
            .rev()
            .find(|&i| sends_back(i))
        {
            words.truncate(cut);
        }
        words.truncate(MAX_TITLE_WORDS);
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
    let s = words.join(" ").replace('\u{1}', ",");
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
        // "three supplier quotes": a count opens the phrase as "the" does, and stays.
        let count = |w: &str| {
            w.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    w,
                    "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
                )
        };
        let Some(det) = (lo..i)
            .rev()
            .find(|&k| matches!(clean(words[k]).as_str(), "the" | "all"))
            .or_else(|| (lo..i).rev().find(|&k| count(&clean(words[k]))))
        else {
            continue;
        };
        let first = if count(&clean(words[det])) {
            det
        } else {
            det + 1
        };
        if det + 1 >= i {
            continue;
        }
        let mods = &words[first..i];
        let bad = mods.iter().any(|m| {
            m.ends_with([',', '.', ';', ':', '!', '?'])
                || clean(m).is_empty()
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
                        // Another determiner starts another phrase: "the Detroit
                        // customer wants a containment plan".
                        | "a"
                        | "an"
                        | "this"
                        | "that"
                        | "these"
                        | "those"
                        | "my"
                        | "our"
                        | "your"
                        | "their"
                        | "his"
                        | "her"
                        | "its"
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
    if out.split_whitespace().count() > MAX_TITLE_WORDS {
        title.to_string()
    } else {
        out
    }
}

/// The event a deadline phrase names ("before the eleven o'clock spay" ->
/// "spay"), without its date/time words; `None` for periods ("before the end
/// of the week") and clauses ("before he gets here").
fn deadline_event(tail: &str) -> Option<String> {
    static EV: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:before|ahead of|prior to|in time for)\s+(?:the|our|their|your|this|next|tomorrow's|today's|tonight's|[a-z]+day's)\s+(?P<np>[^,;:.!?()]{1,60})",
        )
    });
    let c = EV.captures(tail)?;
    // The event's head noun as written ("QBR" stays in capitals).
    let mut noun: Option<&str> = None;
    for w in c["np"].split_whitespace() {
        let word = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        let lw = word.to_ascii_lowercase();
        if lw.is_empty() {
            break;
        }
        if is_np_boundary(&lw) {
            break;
        }
        // "before the inspector comes": a clause, not an event to name.
        if noun.is_some()
            && matches!(
                lw.as_str(),
                "comes"
                    | "meets"
                    | "arrives"
                    | "visits"
                    | "leaves"
                    | "opens"
                    | "closes"
                    | "lands"
                    | "goes"
                    | "ends"
                    | "finishes"
                    | "returns"
                    | "happens"
                    | "sits"
                    | "decides"
                    | "votes"
                    | "departs"
                    | "sails"
                    | "kicks"
                    | "wraps"
                    | "hits"
                    | "turns"
                    | "flies"
                    | "shows"
                    | "runs"
                    // "before the tiles go down", "before the guests arrive".
                    | "go"
                    | "come"
                    | "arrive"
                    | "leave"
                    | "land"
                    | "return"
            )
        {
            return None;
        }
        noun = Some(word);
    }
    let written = noun?;
    let n = written.to_ascii_lowercase();
    let timeish = n.chars().any(|c| c.is_ascii_digit()) || n.contains('\'') || is_time_word(&n);
    let weak = matches!(
        n.as_str(),
        "meeting" | "call" | "sync" | "standup" | "stand-up" | "huddle" | "catch-up" | "chat"
    );
    if timeish || weak || n.len() < 3 {
        return None;
    }
    Some(written.to_string())
}

fn is_np_boundary(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "starts"
            | "start"
            | "begins"
            | "gets"
            | "at"
            | "on"
            | "with"
            | "and"
            | "or"
            | "so"
            | "we"
            | "i"
            | "you"
            | "they"
            | "he"
            | "she"
            | "it"
            | "to"
            | "for"
            | "in"
            | "of"
            | "by"
            | "tomorrow"
            | "today"
            | "tonight"
            | "next"
            | "this"
            | "that"
            | "which"
            | "if"
            | "please"
            | "pls"
            | "then"
            | "kicks"
            | "goes"
    )
}

fn is_month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "end"
            | "deadline"
            | "time"
            | "day"
            | "days"
            | "week"
            | "weekend"
            | "month"
            | "year"
            | "quarter"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "o'clock"
            | "oclock"
            | "am"
            | "pm"
            | "noon"
            | "midday"
            | "midnight"
            | "eod"
            | "cob"
            | "eow"
            | "close"
            | "start"
            | "rest"
            | "first"
            | "last"
            | "other"
            | "same"
            | "half"
            | "hour"
            | "hours"
            | "minute"
            | "minutes"
            | "cutoff"
            | "cut-off"
            | "then"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "weekday"
            | "holidays"
            | "break"
            | "shift"
    ) || crate::lexicon::is_number_word(w)
}

/// Titles that name no deliverable: idioms ("drop everything", "come with
/// you"), bare pleasantries ("let Desmond know", "tell Guadalupe"), a verb
/// with only a number or "the rest", or fragments that do not start with a verb.
pub fn is_junk(title: &str) -> bool {
    static JUNK: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:updates? from (?:my|our|the) (?:side|end)\b.*|updates? on (?:the )?(?:list|items|points|status|below|above|following|where)\b.*|note (?:the )?(?:following|action points|actions|points|below)\b.*|(?:join|attend|dial into|sit in on|come to)\s.*\b(?:call|meeting|session|sync|standup|stand-up|huddle|webinar|briefing|review)\b.*|drop everything|be\s+(?:ready|there|available|around|present|on time|at|in|on|back|free|careful|aware)\b.*|about\s.*|regarding\s.*|(?:once|if|unless|as soon as)\s.*|come (?:with|along|over|by)\b.*|ready\b.*|for\b.*|let \S+(?:\s+\S+)? know|(?:tell|confirm with|check with|ping|remind|inform|thank|let|ask)(?:\s+(?-i:[A-Z][\w\-'’]*)){1,2}|(?:do|take|handle|cover) (?:one|two|three|four|five|six|a few|some|the rest|the others|that|this|it|so|mine|yours|both)|walk through \S+|walk (?:us|me|everyone|them) through\b.*|(?:run|chair|lead|host|facilitate) (?:the|this|today's|our) (?:meeting|call|session|standup|stand-up|sync|review)|chair (?:it|that|this)|call (?:the|this) meeting to order|have a (?:safe|good|great|nice|lovely|productive|wonderful|quiet) (?:day|weekend|week|shift|evening|night|trip|flight|one|service)|.*\battached)$",
        )
    });
    let t = title.trim();
    !t.starts_with(|c: char| c.is_alphabetic()) || JUNK.is_match(t)
}

/// "Put in an order with the wholesaler" names no goods: add the thing
/// discussed just before ("... for the FeLV vaccine").
pub fn specify_generic(title: &str, antecedent: Option<&str>) -> String {
    static GEN: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\S+(?:\s+(?:in|up|out))?\s+(?:(?:an?)\s+(?:order|pickup|collection|booking|delivery|reorder|refill|replacement|invite|invitation|calendar invite|meeting invite)|the\s+(?:invite|invitation|calendar invite|meeting invite))\b(?:\s+(?:with|from|through|via)\s+(?:the\s+)?[\w\-]+)?$",
        )
    });
    let Some(a) = antecedent else {
        return title.to_string();
    };
    if !GEN.is_match(title) {
        return title.to_string();
    }
    let a = lower_determiner(a.trim());
    let tl = title.to_ascii_lowercase();
    let new_words = a
        .split_whitespace()
        .filter(|w| w.len() > 3 && !tl.contains(&w.to_ascii_lowercase()))
        .count();
    let first = a
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if new_words == 0
        || !matches!(
            first.as_str(),
            "the" | "a" | "an" | "our" | "their" | "some"
        )
        || title.split_whitespace().count() + a.split_whitespace().count() > MAX_TITLE_WORDS
    {
        return title.to_string();
    }
    format!("{title} for {a}")
}

/// "Call the technician" names only whom to reach: add what about, when the same message
/// named a thing just before ("the suction unit in surgery 2 keeps cutting out").
pub fn about_topic(title: &str, topic: Option<&str>) -> String {
    static TELL_WHOM: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:tell|call|ring|phone|email|e-mail|text|message|ping|chase|contact|remind|notify|warn|brief|check with|speak to|talk to|follow up with|get hold of|reach out to)\s+(?:the\s+|our\s+|their\s+|your\s+|all\s+the\s+)?[\w\-'’]+(?:\s+[\w\-'’]+){0,2}$",
        )
    });
    let Some(topic) = topic.map(str::trim) else {
        return title.to_string();
    };
    // "Tell Camille" alone is a report-back, dropped as junk; a topic must not revive it.
    if is_junk(title)
        || !TELL_WHOM.is_match(title)
        || title.split_whitespace().any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "about" | "re" | "regarding" | "for" | "on"
            )
        })
    {
        return title.to_string();
    }
    let first = first_lower(topic);
    let tl = title.to_ascii_lowercase();
    let new_words = topic
        .split_whitespace()
        .filter(|w| w.len() > 3 && !tl.contains(&w.to_ascii_lowercase()))
        .count();
    // A person named by role ("their tour guide") is whom, not what.
    let person = role_antecedent(topic)
        .is_some_and(|r| r.split_whitespace().count() >= topic.split_whitespace().count());
    // "the moment the results come through", "the treasurer's side": a time, a clause or
    // a vague word names no topic.
    let vague = topic.split_whitespace().skip(1).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "moment"
                | "side"
                | "view"
                | "way"
                | "time"
                | "point"
                | "thing"
                | "things"
                | "stuff"
                | "idea"
                | "end"
                | "rest"
                | "case"
                | "one"
                | "ones"
                | "lot"
                | "is"
                | "are"
                | "was"
                | "were"
                | "has"
                | "have"
                | "had"
                | "come"
                | "comes"
                | "goes"
                | "attends"
        )
    });
    // "Chase the coordinator about the job description for the coordinator": the
    // topic only names whom again.
    let whom_again = title
        .split_whitespace()
        .last()
        .is_some_and(|w| topic.split_whitespace().any(|x| x.eq_ignore_ascii_case(w)));
    if new_words == 0
        || person
        || vague
        || whom_again
        || !matches!(first.as_str(), "the" | "their" | "this" | "that")
        || title.split_whitespace().count() + 1 + topic.split_whitespace().count() > MAX_TITLE_WORDS
    {
        return title.to_string();
    }
    let topic = lower_determiner(topic);
    let topic = match topic.split_once(' ') {
        Some(("this" | "that", rest)) => format!("the {rest}"),
        _ => topic,
    };
    format!("{title} about {topic}")
}

/// The last meeting named in `text` ("a quick backlog review" -> "the backlog review").
pub fn meeting_np(text: &str) -> Option<String> {
    static MEETING: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:a|an|the|our|this|that)\s+(?:(?:quick|short|brief|proper|final|joint|weekly|monthly)\s+)?(?P<np>(?:[\w\-/]+\s+){0,2}?(?:review|meeting|call|sync|catch-?up|session|workshop|huddle|debrief|retro|retrospective|walkthrough|check-?in|demo|kickoff|kick-off|interview|briefing))\b",
        )
    });
    MEETING
        .captures_iter(text)
        .last()
        .map(|c| format!("the {}", c["np"].to_lowercase()))
}

/// "The report" -> "the report" when spliced mid-title.
pub(crate) fn lower_determiner(a: &str) -> String {
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
            | "Their"
            | "His"
            | "Her"
            | "Both"
            | "Its"
    ) {
        format!("{}{}", first.to_lowercase(), &a[first.len()..])
    } else {
        a.to_string()
    }
}

/// "send already to the donors" after a fronted topic ("the donation receipts for June,
/// please send already to the donors"): the topic is the missing object.
pub fn insert_object(title: &str, antecedent: Option<&str>) -> String {
    static NO_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?P<v>send|forward|submit|email|e-mail|deliver|share|bring|give|return|upload|post|print|mail|circulate|pass)\s+(?:already\s+|over\s+|back\s+|across\s+|along\s+)*(?P<rest>(?:to|with|for|on|by|into)\s.*)|(?P<v2>pull|borrow|get|grab|take|order|source|request)\s+(?P<rest2>from\s.*))$",
        )
    });
    match (antecedent, NO_OBJECT.captures(title)) {
        (Some(a), Some(c)) => {
            let a = lower_determiner(a.trim());
            // "need 2 extra bag runners ..., can u pull from cargo?": what is pulled.
            let (v, rest) = match (c.name("v"), c.name("v2")) {
                (Some(v), _) => (v.as_str(), &c["rest"]),
                (None, Some(v)) => (v.as_str(), &c["rest2"]),
                _ => return title.to_string(),
            };
            format!("{v} {a} {rest}")
        }
        _ => title.to_string(),
    }
}

/// The last person named by role in `text` ("their tech guy", "the engineer"): whom "him"
/// or "her" in the next request means when no participant is meant.
pub fn role_antecedent(text: &str) -> Option<String> {
    static ROLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:the|their|our|your|his|her|that)\s+(?:[\w\-'’]+\s+){0,3}(?:engineer|guy|rep|representative|tech|technician|manager|officer|agent|driver|contractor|supplier|vendor|broker|landlord|lawyer|solicitor|accountant|inspector|plumber|electrician|architect|consultant|surveyor|auditor|recruiter|courier|carrier|installer|fitter|assessor|adjuster|adjustor|examiner|coordinator|director|buyer|planner|dispatcher|mechanic|photographer|caterer|florist|printer|translator|interpreter|agency|secretary|registrar|landlady|owner|tenant|doctor|nurse|pharmacist|teacher|principal|coach|counsellor|counselor|client|customer|department|dept|pharmacy|clinic|lab|insurer|crew)s?\b",
        )
    });
    // "Mrs Patel called about the bloodwork ... I'll call her": a person by title.
    static TITLED: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:Mrs|Mr|Ms|Miss|Dr|Prof)\.?\s+\p{Lu}[\p{L}\-'’]+"));
    let role = ROLE
        .find_iter(text)
        .last()
        .map(|m| (m.start(), lower_determiner(m.as_str())));
    // "Mr Doherty's form ... get him to sign it": the person, not the possessive.
    let titled = TITLED.find_iter(text).last().map(|m| {
        let name = m.as_str();
        let name = name
            .strip_suffix("'s")
            .or_else(|| name.strip_suffix("’s"))
            .unwrap_or(name);
        (m.start(), name.to_string())
    });
    match (role, titled) {
        (Some(r), Some(t)) => Some(if t.0 > r.0 { t.1 } else { r.1 }),
        (r, t) => r.or(t).map(|(_, s)| s),
    }
}

/// The last organisation named by a proper name of two or more words ("Great Lakes Steel
/// is late again"): whom "chase them" means when no role was named.
pub fn org_antecedent(text: &str, people: &[crate::Person]) -> Option<String> {
    static ORG: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?:^|[^.!?]\s)(?P<o>(?-i:[A-Z][\w&\-]+)(?:\s(?-i:[A-Z][\w&\-]+)){1,3})\b")
    });
    ORG.captures_iter(text)
        .filter_map(|c| c.name("o").map(|m| m.as_str().to_string()))
        .filter(|o| {
            crate::people::resolve(people, o).is_none()
                && !o.split_whitespace().any(|w| {
                    matches!(
                        w,
                        "I" | "I'll"
                            | "I'm"
                            | "Monday"
                            | "Tuesday"
                            | "Wednesday"
                            | "Thursday"
                            | "Friday"
                            | "Saturday"
                            | "Sunday"
                    )
                })
        })
        .last()
}

/// "Call him" / "chase her on Tuesday" / "chase them": the person the context named by
/// role ("them" only after verbs that reach people).
pub fn resolve_person(title: &str, role: Option<&str>) -> String {
    static OBJ: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<v>\S+(?:\s+(?:up|back|in|out))?)\s+(?P<p>him|her|them)\b(?P<rest>.*)$|^(?P<v2>\S+\s+(?:to|with|out to|back to))\s+(?P<p2>them)\b(?P<rest2>.*)$",
        )
    });
    static REACH: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:chase|call|ring|phone|email|e-mail|ping|remind|contact|nudge|text|ask|invite|follow up with|check with|confirm with|speak to|talk to|respond to|reply to|write to|reach out to|get back to|apologi[sz]e to)\b",
        )
    });
    // "respond to them", "confirm with them"; not "reply to her email", whose "her" owns.
    let parts = OBJ.captures(title).and_then(|c| {
        Some(match c.name("v") {
            Some(v) => (v.as_str(), c.name("p")?.as_str(), c.name("rest")?.as_str()),
            None => (
                c.name("v2")?.as_str(),
                c.name("p2")?.as_str(),
                c.name("rest2")?.as_str(),
            ),
        })
    });
    // A department or a crew is "them", never "him" or "her".
    static GROUP: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)\b(?:department|dept|pharmacy|clinic|lab|insurer|crew)s?$"));
    match (role, parts) {
        (Some(role), Some((_, p, _)))
            if !p.eq_ignore_ascii_case("them") && GROUP.is_match(role) =>
        {
            title.to_string()
        }
        (Some(role), Some((v, p, rest)))
            if !p.eq_ignore_ascii_case("them") || REACH.is_match(title) =>
        {
            format!("{v} {role}{rest}")
        }
        _ => title.to_string(),
    }
}

/// A noun phrase that "it"/"them" in the next clause can refer to: the
/// subject of a statement, else the last "the ..." phrase.
pub fn antecedent(sentence: &str) -> Option<String> {
    // "I can just go ..." names a person acting, not a thing.
    antecedent_phrase(sentence).filter(|np| {
        !matches!(
            first_lower(np).as_str(),
            "i" | "we" | "you" | "u" | "he" | "she" | "they" | "it"
        )
    })
}

fn antecedent_phrase(sentence: &str) -> Option<String> {
    static SUBJ: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:so|and|also|ok|okay|hey|otherwise|but|because|since|then|yes|yeah|yep|sure|right|well|great|thanks)\b\s*,?\s*)?(?:(?:one\s+)?(?:last|more|other|final|another)\s+thing\s*[,:\-–]\s*)?(?P<np>(?:the|our|my|your|this|that|these|those|all|some|\d+)\b[^,;:!?]{1,60}?|[a-z][\w\-]*(?:\s+\d+)?|(?-i:[a-z][\w\-]*\s+[a-z][\w\-]*s)|(?-i:[A-Z][\w\-]*)(?:\s+[a-z][\w\-]*){1,3})\s+(?:is|are|was|were|has|have|needs|need|failed|broke|came|keeps|looks|seems|'s|isn't|aren't|won't|doesn't|can't|still|just)\b",
        )
    });
    static VOC: LazyLock<Regex> =
        LazyLock::new(|| re(r"^(?:@[\w.\-]+\s*,?\s+|(?-i:[A-Z][a-z]+),\s+)"));
    let s = sentence.trim();
    let s = match VOC.find(s) {
        Some(m) => &s[m.end()..],
        None => s,
    };
    // "That is my team, I can check it": whose job, not the thing.
    static WHOSE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:that|this|it)(?:'s|’s|\s+is|\s+was)\s+(?:my|our|your|his|her|their)\s+(?:team|department|side|area|job|call|responsibility|patch|lot|crew|people|guys|shift)\b",
        )
    });
    if WHOSE.is_match(s) {
        return None;
    }
    // "The schooner model is still waiting on our facility report": what is missing is
    // what "that" will mean.
    static WAITING_ON: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:is|are|'s|’s|am|'m|’m)\s+(?:still\s+)?waiting\s+(?:on|for)\s+(?P<np>(?:the|our|your|their|his|her)\s+[^,;:.!?]{2,40}?)\s*(?:[,;:.!?]|$|\s+(?:from|before|since|so)\b)",
        )
    });
    if let Some(c) = WAITING_ON.captures(s) {
        return Some(c["np"].trim().to_string());
    }
    if let Some(np) = short_of(s) {
        return Some(np);
    }
    // A fronted topic ("Conor, the ethics amendment for the interview study - can you
    // submit it"): the whole phrase is what "it" means, not its last noun.
    static TOPIC: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)^(?P<np>(?:the|our|your|this|that|these|those)\s[^,;:!?]{2,70}?)\s*[-–—,:]\s*$")
    });
    // "And the 8D for Honda, when's that due?": a fronted topic that the question after
    // the comma points back to.
    static TOPIC_ASKED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:and|so|also|ok|okay|right|now|oh)\b[,\s]+)?(?P<np>(?:the|our|your|this|these|those)\s[^,;:!?]{2,50}?)\s*,\s*(?:when|what|where|who|how|can|could|would|will|is|are|has|have|did|do|does)\b[^,;:]*?\b(?:it|that|this|them|those|they|it's|that's|when's|where's)\b",
        )
    });
    let topic = TOPIC.captures(s).or_else(|| TOPIC_ASKED.captures(s));
    if let Some(c) = topic {
        let np = c["np"].trim();
        let verbish = np.split_whitespace().skip(1).any(|w| {
            let w = w.to_ascii_lowercase();
            matches!(
                w.as_str(),
                "is" | "are"
                    | "was"
                    | "were"
                    | "will"
                    | "has"
                    | "have"
                    | "had"
                    | "can"
                    | "could"
                    | "should"
                    | "needs"
                    | "need"
                    | "i"
                    | "we"
                    | "you"
                    | "they"
                    // "the generator made that noise again last night,": a clause.
                    | "made"
                    | "broke"
                    | "went"
                    | "came"
                    | "got"
                    | "took"
                    | "fell"
                    | "ran"
                    | "blew"
                    | "froze"
                    | "stopped"
                    | "failed"
                    | "tripped"
                    | "crashed"
                    | "leaked"
                    | "died"
            ) || w.ends_with("'s") && w.len() <= 4
        });
        if !verbish && np.split_whitespace().count() <= 10 {
            return Some(np.to_string());
        }
    }
    // "the board meets on the 12th and they'll want budget vs actuals": what is
    // wanted is what "that" will mean.
    static WANTED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)(?:\b(?:'ll want|will want|wants?|asked for|asks for|would like)|^(?:still\s+|also\s+)?need|(?P<who>\b[\w']+)\s+(?:still\s+|also\s+)?(?:needs?|expects?|requires?))\s+(?P<np>(?:the\s+|a\s+|an\s+|our\s+|your\s+|their\s+|some\s+)?[\w\-/]+(?:\s+[\w\-/&]+){0,5}?)\s*(?:[,.;!?]|$|\s+(?:by|before|for|from|to|on|in|so|and|but|asap|today|tomorrow|with|within|until|after)\b)",
        )
    });
    // With "needs", only a person or an organisation wanting something counts ("the
    // venue needs the final count"), not a thing lacking it ("the PCs need patches").
    let wanter = |c: &regex::Captures| {
        c.name("who").is_none_or(|w| {
            let w = w.as_str();
            // A name ("Priya needs ..."), not an acronym ("PCs need ...").
            w.chars().next().is_some_and(|ch| ch.is_uppercase())
                && w.chars().skip(1).all(|ch| ch.is_lowercase())
                || matches!(
                    w.to_ascii_lowercase().as_str(),
                    "they"
                        | "he"
                        | "she"
                        | "we"
                        | "i"
                        | "client"
                        | "clients"
                        | "customer"
                        | "customers"
                        | "board"
                        | "auditor"
                        | "auditors"
                        | "venue"
                        | "printer"
                        | "bank"
                        | "office"
                        | "committee"
                        | "regulator"
                        | "supplier"
                        | "vendor"
                        | "sponsor"
                        | "donor"
                        | "funder"
                        | "council"
                        | "manager"
                        | "director"
                        | "boss"
                        | "partner"
                        | "agency"
                        | "insurer"
                        | "broker"
                        | "landlord"
                        | "publisher"
                        | "editor"
                        | "chair"
                        | "team"
                        | "school"
                        | "hospital"
                )
        })
    };
    if let Some(c) = WANTED.captures(s).filter(wanter) {
        let np = c["np"].trim();
        let first = first_lower(np);
        let words = np.split_whitespace().count();
        if words >= 2
            && !matches!(
                first.as_str(),
                "to" | "it" | "them" | "this" | "that" | "you" | "me" | "us" | "more" | "help"
            )
        {
            return Some(np.to_string());
        }
    }
    // "carrier ticket with PacificNet open, no update since 03:00", "RCA draft ~60% done,
    // I'll finish it": a handover line names the thing by its state.
    static STATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<np>[a-z][\w\-]*(?:\s+[\w\-]+){1,5}?)\s+(?:still\s+)?(?:open|pending|overdue|outstanding|stuck|(?:~?\d{1,3}%\s+)?(?:done|complete)|in progress|half done)\s*(?:[,;.]|$)",
        )
    });
    if let Some(c) = STATE_LINE.captures(s)
        // "the draft is about ninety percent done" is a statement, read below.
        && !c["np"].split_whitespace().any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "is" | "are" | "was" | "were" | "has" | "have" | "it's" | "that's"
            )
        })
        // "Keep the poll open": an order, not a thing.
        && !crate::lexicon::is_action_verb(&first_lower(&c["np"]))
        && !c["np"].split_whitespace().nth(1).is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "the" | "a" | "an" | "our" | "your" | "their" | "this" | "that" | "my" | "it"
            )
        })
        // "About half done": how much, not what.
        && !matches!(
            first_lower(&c["np"]).as_str(),
            "about" | "around" | "roughly" | "nearly" | "almost" | "half" | "mostly" | "most"
                | "all" | "some" | "it" | "this" | "that" | "everything" | "nothing"
        )
    {
        return Some(c["np"].to_string());
    }
    if let Some(c) = SUBJ.captures(s)
        // "Jenna needs it for Thursday": a person is no "it"; "WEB-981 is yours" names a
        // ticket.
        && !(c["np"].split_whitespace().count() == 1
            && c["np"].starts_with(|ch: char| ch.is_uppercase())
            && !c["np"].contains(|ch: char| ch.is_ascii_digit()))
        // "Marta you have the logbooks?": a name and a pronoun are whom, not what.
        && !c["np"].split_whitespace().skip(1).any(|w| {
            matches!(w.to_ascii_lowercase().as_str(), "i" | "you" | "u" | "we" | "they" | "he" | "she")
        })
    {
        let np = c["np"].trim();
        let first = first_lower(np);
        // "Wednesday is fine": a day is no antecedent.
        let day = np.split_whitespace().count() == 1 && crate::dates::is_day_word(&first);
        if !day
            && !matches!(
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
                    // "That's top priority - the readers can't start": a comment, not a thing.
                    | "that's"
                    | "that’s"
                    | "it's"
                    | "it’s"
                    | "there's"
                    | "here's"
                    | "what's"
                    | "what"
                    | "how"
                    | "who"
                    | "everything"
                    | "nothing"
                    | "nobody"
                    | "someone"
                    | "somebody"
                    | "everyone"
                    | "anyone"
                    | "which"
            )
        {
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
                    | "of"
                    | "course"
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
                    // "Happy to.": a reply, not a heading.
                    | "happy"
                    | "glad"
                    | "to"
            )
        });
        // "Monday the 31st.": a date, not an agenda heading.
        let datey = words.iter().any(|w| {
            let w = w.to_ascii_lowercase();
            crate::dates::is_day_word(&w) || w.starts_with(|c: char| c.is_ascii_digit())
        });
        if (2..=4).contains(&words.len()) && plain && capital && !function_word && !datey {
            Some(format!("the {}", h.to_lowercase()))
        } else {
            None
        }
    })
}

/// What a message says is running short ("inverter only 1 left in Nairobi", "we're low on
/// calcium bottles"): what "it" or "them" in the promise after it will mean.
pub fn short_of(s: &str) -> Option<String> {
    static SHORT_OF: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)(?:^|[,;:\-]\s*|\b(?:but|and|so)\s+)(?P<np>(?:the\s+)?[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2}?)\s+(?:only\s+|just\s+)?(?:\d+|one|two|three|a\s+few|none)\s+left\b|\b(?:(?:low|short)\s+on|(?:run|ran|running)\s+out\s+of|(?:we're|we are|i'm|are|is|completely|totally|all|almost|nearly|basically)\s+out\s+of)\s+(?P<np2>(?:the\s+)?[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2})",
        )
    });
    let c = SHORT_OF.captures(s)?;
    let mut np = c
        .name("np")
        .or(c.name("np2"))
        .map_or("", |m| m.as_str().trim());
    // "low on calcium bottles though": a filler ends the thing.
    for tail in [
        " though", " too", " again", " now", " already", " today", " as well",
    ] {
        np = np.strip_suffix(tail).unwrap_or(np);
    }
    let first = first_lower(np);
    if np.is_empty()
        || matches!(
            first.as_str(),
            "we" | "i"
                | "you"
                | "they"
                | "there"
                | "it"
                | "is"
                | "are"
                | "have"
                | "has"
                | "time"
                | "service"
                | "office"
                | "town"
                | "scope"
                | "action"
                | "date"
                | "hours"
                | "order"
        )
    {
        return None;
    }
    Some(if first == "the" {
        np.to_string()
    } else {
        format!("the {np}")
    })
}

/// The first word of a phrase, lowercased.
fn first_lower(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
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
        "b4",
        "until",
        "after",
        "wants",
        "want",
        "expects",
        "requires",
        "asked",
        "asks",
        "though",
        "about",
        "regarding",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut best: Option<String> = None;
    let mut intro: Option<String> = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_ascii_lowercase();
        // "Can we agree on a 24-hour review SLA?" - "I'll add it": a thing just
        // introduced is "the" thing from then on.
        let introduced = matches!(w.as_str(), "a" | "an")
            && words.get(i + 1).is_some_and(|n| {
                let n = n.to_ascii_lowercase();
                !matches!(
                    n.as_str(),
                    "few"
                        | "lot"
                        | "bit"
                        | "couple"
                        | "little"
                        | "quick"
                        | "day"
                        | "week"
                        | "month"
                        | "minute"
                        | "second"
                        | "while"
                        | "good"
                        | "great"
                )
            });
        if matches!(w.as_str(), "the" | "our" | "your" | "my" | "their") || introduced {
            let mut np = vec![if introduced { "the" } else { words[i] }];
            let mut j = i + 1;
            while j < words.len() && np.len() < 7 {
                let raw = words[j];
                let lw = raw.to_ascii_lowercase();
                let clean = lw.trim_matches(|c: char| !c.is_alphanumeric());
                if STOPS.contains(&clean)
                    || clean.ends_with("'ll")
                    // "the NY team moved ...": a verb ends the phrase.
                    || (np.len() >= if introduced { 2 } else { 3 }
                        && clean.len() > 4
                        && clean.ends_with("ed"))
                    || matches!(
                        clean,
                        "called" | "said" | "asked" | "came" | "went" | "sent" | "got" | "arrive"
                            | "arrives" | "arrived" | "show" | "shows" | "says"
                            // "the truck's insurance expires", "the board moved the vote",
                            // "the municipality no longer permits them": a clause.
                            | "expires" | "expired" | "lapses" | "ends" | "starts" | "runs"
                            | "closes" | "opens" | "permits" | "allows" | "means" | "moved"
                            | "changed" | "costs" | "takes" | "lands" | "ships" | "happens"
                            | "no" | "never" | "already" | "always" | "usually" | "probably"
                            | "doesn't" | "didn't" | "won't" | "isn't" | "aren't" | "wasn't"
                            | "can't" | "couldn't" | "shouldn't" | "haven't" | "hasn't"
                    )
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
            let datey = np.last().is_some_and(|w| {
                let l = w.to_ascii_lowercase();
                is_time_word(&l)
                    || l.starts_with(|c: char| c.is_ascii_digit())
                    // "may" ends no phrase as a month: it is a modal there.
                    || is_month(&l) && l.len() > 3
                    || l == "term"
                    // An event the task is timed by ("their 9am call"), not its object.
                    || matches!(
                        l.as_str(),
                        "call"
                            | "meeting"
                            | "session"
                            | "sync"
                            | "standup"
                            | "appointment"
                            | "deadline"
                            | "webinar"
                            | "slot"
                    )
            });
            // "the letter ... it's in the shared folder": a place is the antecedent
            // only when nothing else was named.
            let place = i > 0
                && matches!(
                    words[i - 1].to_ascii_lowercase().as_str(),
                    "in" | "on" | "at" | "into" | "inside" | "under" | "onto" | "from"
                );
            if np.len() >= 2 && !datey && !(place && best.is_some()) {
                if introduced {
                    intro = Some(np.join(" "));
                } else {
                    best = Some(np.join(" "));
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    best.or(intro)
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
    fn title_classes() {
        assert_eq!(
            build(
                "prep theatre two before the eleven o'clock spay",
                &[],
                None,
                None,
                None
            ),
            "Prep theatre two before the spay"
        );
        assert_eq!(
            build(
                "upload yours",
                &[],
                Some("my statement"),
                None,
                Some("Sanne")
            ),
            "Upload Sanne's statement"
        );
        assert_eq!(
            build("take the rest (the 6 auto files)", &[], None, None, None),
            "Take the 6 auto files"
        );
        assert_eq!(
            specify_generic(
                "Put in an order with the wholesaler",
                Some("the FeLV vaccine")
            ),
            "Put in an order with the wholesaler for the FeLV vaccine"
        );
        assert!(is_junk("Drop everything"));
        assert!(is_junk("Let Desmond know"));
        assert!(is_junk("Come with you"));
        assert!(is_junk("Once the author signs off"));
        assert!(!is_junk("Onboard the new author"));
        assert!(!is_junk("Call the Italian supplier"));
        // Attending a scheduled meeting is no task (CONVENTIONS §2).
        assert!(is_junk("Join the KPI pack call"));
        assert!(is_junk("Dial into the design review"));
        assert!(!is_junk("Set up the KPI pack call"));
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
        // Reaching someone is the way to the second step: one task.
        assert_eq!(
            split_conjuncts("call the hotel and move the crew check-in to Sunday").len(),
            1
        );
        assert_eq!(
            split_conjuncts("swing by the shop and grab 2 igniters").len(),
            1
        );
        assert_eq!(
            split_conjuncts("call the vendor and update the tracker").len(),
            2
        );
        assert_eq!(
            split_conjuncts("email the Q3 report to finance and check the slides").len(),
            2
        );
        assert_eq!(
            split_conjuncts("call the plumber and book the venue").len(),
            2
        );
    }

    #[test]
    fn the_question_asked_is_the_object() {
        assert_eq!(
            build(
                "find out when Parkline can demo their licensing module",
                &[],
                None,
                None,
                None
            ),
            "Find out when Parkline can demo their licensing module"
        );
        assert_eq!(
            build(
                "ring the supplier and find out when it's actually shipping",
                &[],
                None,
                None,
                None
            ),
            "Ring the supplier and find out when it's actually shipping"
        );
        // Elsewhere "when" still starts a condition.
        assert_eq!(
            build(
                "send the invoice when the job is done",
                &[],
                None,
                None,
                None
            ),
            "Send the invoice"
        );
    }

    #[test]
    fn doing_it_together_and_permission_as_a_request() {
        assert_eq!(
            build(
                "and Dr Ferraro go through the sterilisation log together",
                &[],
                None,
                None,
                None
            ),
            "Go through the sterilisation log with Dr Ferraro"
        );
        assert_eq!(
            build("you can order 40 meter of YDY cable", &[], None, None, None),
            "Order 40 meter of YDY cable"
        );
    }

    #[test]
    fn a_ring_is_a_call() {
        assert_eq!(
            build(
                "give Mrs Halloran a ring about her Tuesday appointment",
                &[],
                None,
                None,
                None
            ),
            "Call Mrs Halloran about her Tuesday appointment"
        );
        assert_eq!(
            build("drop the agency a quick line", &[], None, None, None),
            "Email the agency"
        );
        // "send the client a note" keeps its note.
        assert_eq!(
            build("send the client a note", &[], None, None, None),
            "Send the client a note"
        );
    }

    #[test]
    fn a_hyphenated_word_does_not_cut_the_title() {
        assert_eq!(
            build(
                "update the after-hours roster for May by Wednesday",
                &["for May", "by Wednesday"],
                None,
                None,
                None
            ),
            "Update the after-hours roster"
        );
        assert_eq!(
            build(
                "write up the after-action summary for the director",
                &[],
                None,
                None,
                None
            ),
            "Write up the after-action summary for the director"
        );
    }

    #[test]
    fn topics_for_whom_to_reach() {
        let topic = Some("The suction unit in surgery 2");
        assert_eq!(
            about_topic("Call the technician", topic),
            "Call the technician about the suction unit in surgery 2"
        );
        // Already about something, a report-back, a person, a moment: unchanged.
        for (title, topic) in [
            ("Call the technician about the invoice", topic),
            ("Tell Camille", Some("the beta players")),
            ("Call the supplier", Some("the engineer")),
            (
                "Brief the call centre",
                Some("the moment the results come through"),
            ),
            (
                "Chase the coordinator",
                Some("the job description for the coordinator"),
            ),
            ("Book the technician", topic),
        ] {
            assert_eq!(about_topic(title, topic), title);
        }
    }

    #[test]
    fn pronouns_after_two_verbs_and_new_things() {
        assert_eq!(
            build(
                "sign and scan it this afternoon",
                &["this afternoon"],
                Some("the signed CVs"),
                None,
                None
            ),
            "Sign and scan the signed CVs"
        );
        // A name with a pronoun is a question to someone, not a thing.
        assert_eq!(
            antecedent("Marta you have the vehicle logbooks for Kano?").as_deref(),
            Some("the vehicle logbooks")
        );
        assert_eq!(antecedent("Yes I have them."), None);
        // A thing just introduced with "a" is "the" thing next; a definite one wins.
        assert_eq!(
            antecedent("Can we agree on a 24-hour review SLA?").as_deref(),
            Some("the 24-hour review SLA")
        );
        assert_eq!(
            antecedent("Call the workshop about a cracked mirror").as_deref(),
            Some("the workshop")
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
        // A fronted topic is taken whole, not by its last noun.
        assert_eq!(
            antecedent("Conor, the ethics amendment for the interview study -").as_deref(),
            Some("the ethics amendment for the interview study")
        );
        // An event that times the task is not its object.
        assert_eq!(
            antecedent("hey team, headliner's tour manager wants the updated hospitality rider b4 their 9am PT call on monday.").as_deref(),
            Some("the updated hospitality rider")
        );
        // A person is the one who needs it, never "it".
        assert_ne!(
            antecedent("Jenna needs it for Thursday.").as_deref(),
            Some("Jenna")
        );
    }

    #[test]
    fn no_window_or_lone_bracket_is_left_at_the_end() {
        assert_eq!(
            build(
                "pull the p99 latency graphs for the last 24h",
                &["24h"],
                None,
                None,
                None
            ),
            "Pull the p99 latency graphs"
        );
        assert_eq!(
            build("change the pheromone lures)", &[], None, None, None),
            "Change the pheromone lures"
        );
    }

    #[test]
    fn letting_someone_know_about_it_is_telling_them() {
        assert_eq!(
            build(
                "let the carrier know about the delay",
                &[],
                None,
                None,
                None
            ),
            "Tell the carrier about the delay"
        );
    }

    #[test]
    fn a_possessive_date_keeps_its_event_out_of_the_title() {
        assert_eq!(
            build(
                "prepare the kickoff deck before Monday's client meeting",
                &["before Monday's"],
                None,
                None,
                None,
            ),
            "Prepare the kickoff deck"
        );
    }

    #[test]
    fn thousands_separators_are_no_clause_break() {
        assert_eq!(
            build(
                "deliver the $25,000 deposit to our brokerage, so by 1pm",
                &["by 1pm"],
                None,
                None,
                None
            ),
            "Deliver the $25,000 deposit to our brokerage"
        );
    }

    #[test]
    fn fronted_topic_fills_a_missing_object() {
        assert_eq!(
            insert_object(
                "Send already to the donors",
                Some("the donation receipts for June")
            ),
            "Send the donation receipts for June to the donors"
        );
        // An object already there stays.
        assert_eq!(
            insert_object("Send the list to Ana", Some("the receipts")),
            "Send the list to Ana"
        );
    }

    #[test]
    fn people_by_role() {
        let role = role_antecedent("Owen, you know their tech guy, could you");
        assert_eq!(role.as_deref(), Some("their tech guy"));
        assert_eq!(
            resolve_person("Call him about the foaming tap", role.as_deref()),
            "Call their tech guy about the foaming tap"
        );
        // Without a role in sight, the pronoun stays.
        assert_eq!(resolve_person("Call him", None), "Call him");
        assert_eq!(role_antecedent("Sam said the report is late"), None);
    }
}
