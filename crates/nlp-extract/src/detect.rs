//! Clause-level speech-act detection: is this clause a request, a
//! commitment, a group ask, an assignment, or a reply that accepts,
//! declines, cancels or completes an earlier task?

use std::sync::LazyLock;

use regex::Regex;

use crate::{Person, lexicon, people, title};

/// What a clause does.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    /// Asks the addressee to do something.
    Request,
    /// Asks nobody in particular ("someone needs to", "we need to", "let's").
    Group,
    /// The speaker commits ("I'll ...").
    Commit,
    /// A group commitment ("we'll ..."): null unless it accepts a request.
    GroupCommit,
    /// A named participant is assigned ("Dana will handle the slides").
    Assign(String),
    /// Takes on an earlier task without restating it ("I'll do it", "on it");
    /// `Some(id)` when somebody else is named ("actually, Sam will take it").
    Accept(Option<String>),
    /// Refuses the request addressed to the speaker.
    Decline,
    /// Withdraws an earlier task.
    Cancel,
    /// Reports an earlier task as done.
    Complete,
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub act: Act,
    /// Byte range of the clause within the sentence text.
    pub range: std::ops::Range<usize>,
    /// Verb phrase to build the title from (original case).
    pub vp: String,
    /// Byte offset of `vp` in the sentence (when taken verbatim).
    pub vp_start: usize,
    /// Participant addressed by a vocative or @handle in this clause.
    pub vocative: Option<String>,
    /// Addressed to a group ("everyone", "@here").
    pub group_vocative: bool,
    pub confidence: f32,
    /// "I'm doing X" / "I can have X done": only a task when a date is given.
    pub needs_due: bool,
    /// Hedged ("we should"): a task only if nothing better covers it.
    pub weak: bool,
    /// Topic named before a colon ("the stunt rider: send it ..."): what "it" is.
    pub topic: Option<String>,
    /// "Do you want me to ...?": the speaker's task only once someone says yes.
    pub offer: bool,
    /// A thing and its deadline said to someone by name, with no verb ("Helga,
    /// postmortem doc by Tuesday please"): often a restatement of an earlier ask.
    pub verbless: bool,
}

#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub people: &'a [Person],
    /// The text is an item of an action-item list ("- Owen: complaints MI to Sunita by
    /// Friday"), where a bare noun phrase is still a task.
    pub item: bool,
    /// The text follows a spoken recap's lead ("Recap: Omar calls the treasurer"), where
    /// a name and a present-tense verb assign a task.
    pub recap: bool,
}

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap()
}

static CLAUSE_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?:,\s*|\s+)(?:and|but|so|also)\s+(?:instead\s+|then\s+|now\s+|actually\s+)?|,\s*|\s+-\s+|\s*[–—]\s*)(?P<k>(?:i'll|i will|i won't|i can't|i cannot|i can|i'm going to|i (?:still |also )?(?:need|have) to|we'll|please|pls|kindly|could you|can you|would you|(?:can|could) we (?:please |also )?(?:get|have)|(?:oh\s+)?(?:wait|actually)[,\s]+(?:i|we)\s+(?:already\s+)?did|let me|i need you|(?:i|we) (?:still |also )?need (?:someone|somebody|a volunteer|one of you)|(?:while you're (?:in|at) (?:there|it),?\s+)?it(?:'d|’d| would) be (?:really |so )?(?:great|ideal|helpful|brilliant|good|a (?:big|huge) help) if|and i'll|on it|will do|can do|i'm on it|should i|shall i|do you want me to|we (?:still |also )?need (?:the|our|your|a|an|all)\s+[\w\-]+(?:\s+[\w\-]+){0,3}\s+\w+ed)\b|@[\w.\-]*\w\s|(?-i:\p{Lu}[\p{L}'’\-]+)\s+(?:will|is going to)\s+(?:take|handle|do|send|cover|own|pick|call|get|make|run|write|draft|prepare|book|bring|check|update|finish|order|collect|set)\b|(?-i:\p{Lu}[\p{L}'’\-]+)\s+(?:is on|has (?:the|a|an|our|your))\s|(?:the\s+)?(?:[a-z][\w\-']*\s+){1,4}(?:must|needs to|has to|have to|need to)\s+be\s+\w+(?:ed|en|wn)\b|(?:can|could)\s+(?:send|share|do|check|confirm|make|get|give|update|fix|upload|email|call|finish|prepare)\b|(?:can|could|would)\s+(?:@[\w.\-]*\w|(?-i:\p{Lu}[\p{L}'’\-]+))\s+(?:take|do|handle|cover|grab|pick|own)\b)",
    )
});
static VOCATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?i:hi|hey|hello|dear|ok|okay|so|and|also|thanks|thank you|great|perfect|morning|good morning)[,!]?\s+)?(@[\w.\-]+|(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?[\p{Lu}][\p{L}'’\-]*(?:\s[\p{Lu}][\p{L}'’\-]*)?|[a-z][a-z]{1,15})(?:\s*(?:,|:|\s-|\s–|\s—|\|)\s*|\s{3,}|\t+)",
    )
});
static BARE_VOCATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(@?[\p{Lu}][\p{L}'’\-]*(?:\s[\p{Lu}][\p{L}'’\-]*)?)\s+(?:(?i:then|also|so|now)\s+)?(?P<k>(?i:please|pls|plz|can you|could you|would you|will you|can u|could u|can ur|can your|could your|kindly|i need you|i need|we need|make sure|you can|you could|u can|you|u)\b|(?-i:need)\s+(?i:the|a|an|all|your|those|these|some|more|\d+)\b)",
    )
});
/// Chat writes names in lower case ("aga can you write up a ticket", "mei pls pull ..."):
/// a known participant's name before a request marker, never a modal or month that
/// happens to be a name ("will you", "may i").
static LOWER_VOCATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(\p{Ll}[\p{L}'’\-]+)\s+(?:also\s+)?(?P<k>(?:please|pls|plz|can you|could you|would you|will you|can u|could u|kindly|i need you|make sure)\b|need\s+(?:the|a|an|all|your|those|these|some|more|\d+)\b)",
    )
});
/// Capitalised words that open a sentence without naming anyone.
static NOT_A_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:also|and|but|so|then|now|ok|okay|maybe|perhaps|please|who|what|why|how|when|where|this|that|it|we|they|i|you|someone|somebody|anyone|everyone|team|guys|all|hey|hi|hello|yes|no|sure|thanks|great|today|tomorrow|tonight|finally|again|still|just|actually|btw|fyi|sorry|oh|well|if|or|otherwise|meanwhile|honestly|seriously|quick|question|q)$",
    )
});
/// How an act opens, after a label or a name we cannot place ("Bex, want me to ...").
static ACT_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:i'll|i will|we'll|we will|please|pls|can you|could you|would you|i can|let me|we need|someone|want me to|do you want me to|should i|shall i)\b",
    )
});
static SUBORDINATE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:once|when|after|as soon as|whenever)\b[^,]{1,80},\s*|(?:before|after|once|when)\s+(?:(?:you|u)\s+(?:go|leave|head off|log off|sign off|clock off|finish|start|come in|get in|get back|travel|fly)|(?:you\s+are|you're|you’re|u\s+r|ur)\s+(?:back|in|free|done|around|on site|in the office))\b(?:\s+(?:today|tonight|tomorrow|on \w+))?\s*,?\s*)",
    )
});
static REQUEST_MARK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:please|pls|plz|can you|could you|would you|you're free|you are free|you have|you get)\b",
    )
});
static HANDLE_LEAD: LazyLock<Regex> = LazyLock::new(|| re(r"^@([\w.\-]+)\s*[,:]?\s*"));
static HANDLE_ANY: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|\s)@([\w.\-]*\w)"));
static TRAIL_VOCATIVE: LazyLock<Regex> =
    LazyLock::new(|| re(r",\s*(@?[\p{Lu}@][\p{L}.\-]*(?:\s[\p{Lu}][\p{L}\-]*)?)\s*[?.!]*\s*$"));
/// "could you send the report please Marta": a name after "please" at the end, no comma.
static PLEASE_NAME: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s(?:[Pp]lease|[Pp]ls|[Pp]lz)\s+(@?[\p{Lu}][\p{L}.\-]*)\s*[?.!]*\s*$"));
static FILLER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:good\s+)?(?:morning|afternoon|evening)\s+(?:all|everyone|everybody|team|folks|guys|y'all)|(?:hi|hey|hello)\s+(?:all|everyone|everybody|team|folks|guys|y'all)|also|and|so|just|ok|okay|sure|yes|yeah|yep|great|perfect|good|cool|thanks|thank you|ty|thx|tks|ta|merci|gracias|danke|cheers|right|alright|actually|on second thoughts?|come to think of it|thinking about it|oh|hey|hi|hello|but|then|plus|btw|by the way|quick one|one more thing|(?:one\s+)?(?:last|final)\s+(?:thing|one|item|point)|another thing|in the meantime|meanwhile|finally|lastly|first|next|separately|morning|gm|fyi|reminder|friendly reminder|heads up|quick reminder|psst|ps|p\.s\.|no worries|ah|anyway|go ahead and|go ahead|do one thing|(?:(?:kindly|please|pls)\s+)?do the needful and|additionally|oh and|and also|from now on|going forward|moving forward|in future|in the future|henceforth|i think|i guess|i believe|i suppose|i feel like|probably|prof|sir|ma'am|maam|madam|boss|doc|chief|bro|mate|dude|bhai|anna|didi|ji)\b[\s,!.:\-–—\p{So}]*",
    )
});
/// A leading time adverb before an imperative ("tmrw first thing get the ...").
/// The date stays in the clause range, so the due date is still found.
static TIME_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:tmrw|tmw|tomorrow|today|tonight|first thing|this (?:morning|afternoon|evening)|later today|after lunch)(?:\s+(?:first thing|morning|am|pm|afternoon))?(?:\s*,\s*|\s+)",
    )
});
/// A topic before a colon or a dash ("the stunt rider: send it to ...", "the offer
/// letters — can we get them out"): names "it".
static TOPIC_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:re:?\s+|about\s+|on\s+)?(?P<np>(?:the|our|your|this|that|these|those)\s+[^:,.?!;–—]{1,50}?)(?:\s*:\s+|\s*[–—]\s*)",
    )
});
/// "X needs doing", "the AV quote needs signing off".
static NEEDS_GERUND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:if\s+(?:anyone|anybody|someone|somebody|you|u)\s+(?:has|have|gets?|finds?)\s[^,;]{0,60},\s*|[^,;]{0,80},\s*(?:so|and)\s+)?(?P<o>(?:(?:the|a|an|our|your|this|that|these|those|all)\b|(?:[\w'’\-]+\s){0,2}[\w'’\-]+\s(?:one|two|three|four|five|six|\d+)\b|[\p{Lu}][\w'’\-]*\s[\w'’\-]+\b).{0,60}?)\s+(?:still\s+|also\s+|really\s+|urgently\s+)?(?:needs|need|wants|requires)\s+(?P<g>[a-z]{2,}ing)\b(?P<rest>.*)",
    )
});
/// Verbless request after a vocative: "Siti - the log to me by 2 pls".
static VERBLESS_SEND: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?P<o>[^,;:]{3,70}?)\s+(?:over\s+|back\s+)?to\s+(?:me|us)\b(?P<rest>.*)$")
});
static PRIORITY_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:this is |it's |its |that's |that is |that’s )?(?:a )?(?:low|high|top|normal|standard)? ?(?:priority|urgent|asap|no rush|not urgent|p[0-3]|time-sensitive|important)[^,;:\-–—]{0,20}?(?:[,;:]|\s*[–—]|\s-)\s*(?:but\s+|and\s+)?)",
    )
});
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:please|pls|and|also|kindly|so)\s+)*(?:don't|do not|dont|never|no need to|there's no need|avoid|stop|we don't need to|you don't need to|you don't have to|no one should|nobody should|nobody|no one)\b",
    )
});
/// "do we still need the bus?": asks whether a thing is needed, not for it.
static NEED_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:do|does)\s+(?:we|you|they|it)\s+(?:still\s+|really\s+|even\s+|actually\s+)?need\b")
});
static PLEASANTRY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:please\s+)?(?:let (?:me|us) know|feel free|don't hesitate|do not hesitate|reach out if|keep (?:me|us) (?:posted|updated|in the loop)|have a (?:good|great|nice|wonderful|lovely)|enjoy|(?:grab|get|make|have) (?:a |yourself a )?(?:coffee|cuppa|cup of (?:tea|coffee)|tea|snack)\b|let'?s (?:catch up|grab (?:a )?(?:coffee|lunch|drinks)|talk soon|touch base sometime)|talk soon|see you|thanks|thank you|hope|looking forward|stay (?:safe|tuned|warm|cool)|welcome|congrat|happy|cheers|unsubscribe|click|shop|visit|call me if|ping me if|holler if|shout if|let me know|(?:please\s+|kindly\s+|pls\s+)?(?:do\s+)?note\s+that|(?:please\s+|kindly\s+|pls\s+)?note\s+(?:the|our|your|their|this|these)\s+(?:[\w\-]+\s+){1,5}?(?:go|goes|is|are|was|were|will|has|have|had|changed|change|moved|move|requested|asked|arrives|arrived|starts|started|closes|closed|opens)\b|(?:please\s+)?(?:find|see)\s+(?:attached|enclosed|below|above)|keep in mind|bear in mind|let me (?:read back|recap|summari[sz]e|go over|run through|go through) (?:the |our )?(?:action items|actions|next steps|to-?dos)|let me see (?:what|if|whether) (?:i|we) can\b|let me read (?:the |our )?(?:action items|actions|next steps) back|let'?s (?:(?:run|go|walk|talk) through|(?:start|begin|kick off) with|move on to)\b|give (?:me|us) (?:until|till|til|(?:a|another|an extra|one|two|a few|a couple of) (?:day|days|week|weeks|hour|hours|minutes?|sec|second|moment|bit))\b|be aware|be advised|be guided|be informed|remember when|(?:let'?s\s+|we'?ll\s+)?(?:put\s+a\s+pin\s+in|park)\s+(?:it|that|this)\b|meet our|try (?:it|them|our)|join us|get \d+%)",
    )
});
/// "I'll post the minutes - oh wait, I did that last week": a promise taken back as already
/// done (read here as a completion, and by the thread as closing the promise just made).
pub fn takes_back_as_done(text: &str) -> bool {
    static TAKEN_BACK: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:wait|actually|hang on)[,\s]+(?:i|we)\s+(?:already\s+)?did\s+(?:that|it|this)\b",
        )
    });
    TAKEN_BACK.is_match(text)
}

/// A hedge or a wish, not an ask. Setting a thing up "for sometime next week" names
/// when it happens, and is no hedge.
fn hedged(low: &str) -> bool {
    // The readings below only take hedge words away: without one, nothing is hedged.
    if !HYPOTHETICAL.is_match(low) {
        return false;
    }
    // "I'll do a mobility assessment today, probably after eleven": a guess at the hour
    // after a comma hedges the time, not the promise.
    static TIME_GUESS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i),\s*(?:probably|maybe|perhaps|likely)\s+(?P<t>(?:after|before|by|around|early|late|later|first thing|end of|week of|next|this|tomorrow|tonight|today|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?)\b|\d\w*)",
        )
    });
    let low = TIME_GUESS.replace_all(low, ", $t");
    // "I'll add property-based tests for the calculator, jqwik probably": a guess in a
    // short tail after the promise is about the detail, not the promise.
    static TAIL_GUESS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<head>(?:i|we)(?:'ll|\s+will)\s[^,]{8,}),\s*(?:[\w\-]+\s+)?(?:probably|maybe|perhaps|i think|i guess)(?:\s+[\w\-]+){0,2}[.!]?\s*$",
        )
    });
    // "..., probably not" takes the promise back.
    let low = match TAIL_GUESS.captures(&low) {
        Some(c) if !c[0][c["head"].len()..].contains(" not") && !c[0].contains("never") => {
            c["head"].to_string()
        }
        _ => low.into_owned(),
    };
    if low.contains("for sometime ") {
        HYPOTHETICAL.is_match(&low.replace("for sometime ", "for "))
    } else {
        HYPOTHETICAL.is_match(&low)
    }
}
static HYPOTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:maybe|perhaps|someday|some day|one day|eventually|might|would be (?:nice|great|cool|good|fun)|worth (?:a )?(?:look|considering|exploring|trying)|could (?:also )?(?:maybe|potentially)|probably|at some point|one of these days|in theory|if (?:budget|we (?:had|ever|were)|only|money)|what if|dream|wish|sometime)\b",
    )
});
/// A trailing "if you want" / "if you like" that makes a promise an offer.
static OFFER_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bif (?:you (?:want|like|prefer|'d like|would like)|that helps|it helps)\W*$")
});
static CONDITIONAL_OFFER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|\b)(?:if you (?:want|like|need|prefer|'d like|would like)|if (?:that|it) (?:helps|would help)|if needed|if necessary|if you think|happy to .* if|in case you)\b",
    )
});
/// "I'll order the produce tomorrow, so if you need anything, tell me": a condition after
/// ", so" belongs to the next ask, not to the promise before it.
static NEXT_ASK: LazyLock<Regex> = LazyLock::new(|| re(r"(?i),\s*(?:so|and|but)\s+if\b.*$"));
static COMPLETED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:i|we|i've|we've|she|he|they)\b.{0,10}\b(?:already|just)\s+\w+|^(?:i've|we've|i have|we have|i had|we had|i already|we already)\b|\b(?:already|has been|have been|was|were)\s+(?:\w+ed|done|sent|made|paid|shipped|taken care|handled|sorted|signed|written|built)\b",
    )
});
static PAST_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:i|we)\s+(?:\w{2,}[^e]ed|sent|did|made|wrote|took|gave|got|put|ran|paid|shipped|spoke|told|met|left|built|found|brought|bought)\b|^(?:i|we)\s+[a-z]+\s[^.;!?]*?\band\s+(?:already\s+)?\w{2,}[^e]ed\b[^.;!?]*\b(?:this morning|yesterday|last night|earlier|already)\b",
    )
});
/// "Filed the CERO questionnaire this morning": a report of work done, its subject dropped.
static SUBJECTLESS_PAST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:just\s+|already\s+)?(?P<v>\w{2,}[^e\s]ed|sent|made|wrote|took|gave|ran|paid|told|built|found|brought|bought)\s+(?:the|it|them|our|my|this|that|those|these|both|all)\b[^.;!?]*\b(?:this morning|yesterday|last night|earlier today|earlier|just now|last week)\b",
    )
});

/// Whether a sentence opens by reporting work done ("I sent it", "Filed the form this
/// morning"); "Embed the chart from last week" asks.
fn past_start(low: &str) -> bool {
    PAST_START.is_match(low)
        || SUBJECTLESS_PAST
            .captures(low)
            .is_some_and(|c| !matches!(&c["v"], "embed" | "imbed" | "shred" | "bed" | "wed"))
}

// ---- acts ----
static ACCEPT_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:sure|yes|yep|yeah|yup|ok|okay|absolutely|of course|no problem|np|certainly|definitely|for sure|sounds good|will do|can do|on it|i'm on it|i am on it|got it|on my list|you got it|consider it done|roger|copy that|understood|happy to|my pleasure|gladly|done deal|noted|👍|👌|✅)[\s,.!👍👌🙏✅😊🙂]*)+(?:thing|boss|thanks)?[\s.!]*$",
    )
});
static ACCEPT_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:i'll|i will|i can|let me|i'm happy to|happy to|i'd be happy to|i've got|i got|leave it with me|i'll go ahead and|i'm on)\s*(?:it|this|that|them)?\s*(?:do|take|handle|grab|cover|own|pick up|look into|deal with|sort|manage|get|tackle|take care of|jump on)?\s*(?:it|this|that|them|one|those|these)?\b",
    )
});
static DECLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:sorry[,!.]?\s*|no[,!.]?\s*|unfortunately[,]?\s*|afraid\s*|(?:honestly|frankly|to be honest|tbh)[,!.]?\s*)*(?:i'd rather not|i would rather not|i can't|i cant|i cannot|i can not|i won't be able|i'm not able|i am not able|i'm unable|i am unable|i don't have (?:time|capacity|bandwidth)|not me|i'll pass|no can do|i can't do|i'm out|i won't|can't do|can't make)|^sorry\b.{0,80}\bcan'?t\b|\bcan'?t(?:\s+(?:today|tomorrow|this week|make it|do it|sorry))?\s*[.!]*$",
    )
});
static CANCEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:never ?mind|nvm|no need(?:\s*[.!,]|\s*$|\s+for\b)|no longer needed|not needed anymore|scratch (?:that|the|my)|fold (?:it|that|this) into|forget (?:about )?(?:it|that|the)|disregard|cancel that|ignore (?:that|my last)|don't worry about (?:it|that|the)|hold off|put (?:it|that|this|them|(?:the|our|your|that|this)\s[\w\- ]{1,40}?) on hold|(?:let's|we'll|we should|let us)\s+wait (?:on|with)|call it off|is cancell?ed|has been cancell?ed|we're cancell?ing|we are cancell?ing|no longer (?:need|required)|^no\s+(?:[\w\-]+\s+){1,4}(?:needed|necessary|required)|(?:is|are)\s+not\s+(?:needed|necessary|required)(?:\s+(?:any ?more|now))?\s*$|,\s*dropping (?:it|that|this)\s*$)\b",
    )
});
/// "I've got this", "I got it covered": taking it on. A bare "I've got it" may be a thing
/// fetched, so it stays a report. "I'll make it work" takes on a changed date.
static GOT_THIS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:yes|yeah|yep|sure|ok|okay|no worries|no problem|np|don't worry)[,!.]?\s+)*(?:(?:i've|i have|i)\s+got\s+(?:this(?:\s+one)?|it\s+(?:covered|handled|from here))|(?:i'll|i’ll|i will|we'll|we’ll|we will|i can|we can)\s+make\s+(?:it|that|this)\s+(?:work|happen))\b[\s,.!\p{So}]*$",
    )
});
static COMPLETE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:all |it's |that's |its )?(?:done|sent|finished|fixed|merged|shipped|submitted|booked|ordered|posted|uploaded|handled|sorted|completed|taken care of)\b|^(?:just|already) (?:did|sent|finished|submitted|posted|booked|ordered|fixed|done)\b|\balready\s+(?:did|done|took care|handled|sent|fixed|sorted|booked|ordered|covered|made|paid|\w+ed)\b|^[\w\-' ]{1,40}?(?:'s|’s| is| are)\s+(?:attached|enclosed|in the (?:shared )?(?:folder|drive))\b|^(?:attached|enclosed) (?:is|are)\b|^(?:got|received|have received|i've received|i have received)\s+(?:the|your|both|all)\s+\w|\b(?:is|are|'s)\s+(?:now\s+)?(?:in your (?:inbox|email|mailbox|drive|folder)|on (?:its|their) way|up on the (?:drive|portal|site))\b|^\w{2,}[^e\s]ed(?:,|\s+\d)|\b(?:is|are|'s)\s+(?:done|finished|sorted|fixed|booked|ordered|sent)\s+already\b|^(?:i|we)\s+(?:finished|completed|submitted|sent|fixed|booked|ordered|uploaded|posted|drafted|filed|paid|shipped|delivered|updated|went through|read through|looked through|reviewed|checked|printed|signed|prepared|translated|installed|replaced|tested|cleaned)\s+(?:the|it|them|that|this|our|my|both|all|every|each|\d+)\b|^(?:the\s+|all\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+(?:uploaded|sent|posted|shared|submitted|filed|booked|fixed|attached|updated)\s*(?:to\b|in\b|on\b|into\b|and\b|,|\.|$)",
    )
});

/// "acme demo tenant reset ✅", "Firefox regression pass done", "the PO is approved now": a
/// thing named, then its state as done. The thread closes the open task naming it.
static STATE_DONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:the\s+|our\s+|all\s+|both\s+)?(?P<np>[\w#][\w\-#/.]*(?:\s+[\w\-#/.+&]+){0,4}?)(?:\s+(?:is|are|was|were|has been|have been)|'s)?\s+(?:(?:now|all|finally)\s+)?(?P<pp>reset|done|sent|set up|merged|fixed|deployed|pushed|cleared|approved|signed|published|booked|sorted|filed|paid|renewed|closed|logged|installed|replaced|cleaned|shipped|submitted|uploaded|posted|completed|finished|resolved|ordered|delivered|returned|restored|rebooted|restarted|reissued|issued|tested|verified|reviewed|printed|emailed|rolled (?:back|out)|live|[a-z]{3,}ed)(?:\s+(?:and|&)\s+\w+ed)?(?:\s+done)?(?:\s+now)?\s*(?:[.!,;]|:(?:white_check_mark|heavy_check_mark|ballot_box_with_check|tada|\+1):|[✅✔☑🎉👍]|\(done\)|@|$|\s+-|\s+(?:to|on|in|at|for|this|last|yesterday|earlier|already|and)\b)",
    )
});

/// Running the meeting or the thread, not work to track: "I'll share my screen", "I'll go
/// down the action log from the top", "see my comments below in red", "I'll cc you", "we'll
/// do the stand-up at 8:30".
static RUNS_THE_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:ok|okay|so|right|alright|and|then)[,\s]+)*(?:(?:i'll|i will|i'm going to|i am going to|let me|let's|we'll|we will|i can|i'm gonna)\s+)?(?:just\s+)?(?:share (?:my|the) screen\s*(?:[.,;!]|$|\s+(?:now|quickly|real quick|so|and)\b)|go (?:down|through|over)\b[^,.;]{0,40}?\b(?:from the top|in order|line by line|item by item|one by one|top to bottom)\s*(?:[.,;!]|$)|go top to bottom\b|start (?:at|from) the top\b|work from (?:those|these|that|this)\s*$|see (?:my|our) (?:comments|notes|answers|replies|responses|edits) (?:below|above|inline|in (?:red|blue|green|bold|yellow))\b|cc (?:you|him|her|them|everyone|all)(?: in| on (?:it|this|that))?\s*(?:[.,;!]|$))|^(?:(?:ok|okay|so|right|alright)[,\s]+)*(?:we'll|we will|let's|i'll)\s+(?:do|have|hold|run) the (?:stand-?up|sync|huddle|briefing|debrief|retro|call|meeting) (?:at|on|in|that|this|tomorrow|next)\b",
    )
});

/// "Line two, rates e-notices.": the meeting moving down its list. What follows is a topic,
/// unless it starts with a verb ("item 2: send the contract to legal").
static AGENDA_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:line|item|point|number) (?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s*[,:.\-–—]\s*(?P<rest>[a-z]*)",
    )
});

/// "let's discuss at grooming, not committing to anything": the ask is put off, which for
/// the one asked is a refusal.
static PUT_OFF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:not committing to anything|(?:can't|cannot|won't) commit to (?:that|this|it|anything)\s*(?:[.,;!]|$))|^(?:(?:hmm|um|well|so|ok|okay)[,\s]+)*let'?s (?:discuss|talk about|revisit|pick up) (?:it |this |that )?(?:at|in|during|after) (?:the )?(?:grooming|planning|refinement|standup|stand-up|retro|sync|next (?:week|sprint|meeting|call|sync))\b|\b(?:take|move) (?:it|this|that) offline\b",
    )
});

/// "approved ✅", "Booked.": a lone participle of finished work answering an ask reports it
/// done; "added", "edited" (a chat tool's marker), "agreed" or "confirmed" (a yes) do not.
static BARE_DONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:all\s+|now\s+)?(?P<pp>approved|booked|fixed|finished|completed|submitted|merged|deployed|uploaded|posted|ordered|scheduled|filed|signed|published|shipped|delivered|resolved|closed|cleared|renewed|restarted|rebooted|printed|emailed|invoiced|logged|processed|installed|replaced|cleaned|tested|verified|reviewed|returned|paid|sent|done|reset)\s*(?::(?:white_check_mark|heavy_check_mark|ballot_box_with_check|\+1|tada):)?[\s✅✔☑👍🎉\x{FE0F}\x{1F3FB}-\x{1F3FF}]*$",
    )
});

/// A report that a named thing is done ([`STATE_DONE`]): "the" and the words naming the thing
/// ("the acme demo tenant" of "acme demo tenant reset"), or a verb and "done" ("reset
/// done"). Not an ask that it be done ("please get the racking inspection booked"), a
/// question ("tenant reset?"), nor part of it ("2 of 3 reference calls booked", "the matrix
/// is almost done", "GRN for 2 containers done, 2 left").
fn state_done(low: &str, question: bool) -> Option<String> {
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:first|second|last|some|most|half|part|one|two|three|\d+)\b|\b\d+\s+of\b|\b(?:for|of)\s+(?:\d+|two|three|four|five|six)\b",
        )
    });
    static LEFT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:\d+|one|two|three|four|five|a few|some)\s+(?:left|to go|remaining|more to)\b|\bpartly\b|\bpartially\b",
        )
    });
    // "Marco - blades checked on all 14 plows before 1600 today": wanted done by then.
    static WANTED_BY: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:by|before)\s+(?:\d|mon|tue|wed|thu|fri|sat|sun|today|tonight|tomorrow|tmrw|eod|cob|end\b|noon|midday|the\s+\d|next|close|handover)|\b(?:asap|pls|please|plz)\b",
        )
    });
    let c = STATE_DONE.captures(low)?;
    let whole = c.get(0)?;
    let np = &c["np"];
    let pp = &c["pp"];
    let tail = &low[c.name("pp")?.end()..];
    // "the license scan is blocked", "Natalia offered to organise it": a state or a step,
    // not the thing done.
    let not_done = not_a_completion(pp);
    let to_verb = tail
        .trim_start()
        .strip_prefix("to ")
        .and_then(|t| t.split_whitespace().next())
        .is_some_and(crate::lexicon::is_action_verb);
    let refused = question
        || not_done
        || to_verb
        || WANTED_BY.is_match(tail)
        || PART.is_match(np)
        || LEFT.is_match(&low[whole.end()..])
        || np.split_whitespace().any(|w| {
            matches!(
                w,
                "please"
                    | "pls"
                    | "plz"
                    | "kindly"
                    | "can"
                    | "could"
                    | "would"
                    | "will"
                    | "should"
                    | "must"
                    | "need"
                    | "needs"
                    | "get"
                    | "got"
                    | "have"
                    | "has"
                    | "want"
                    | "wants"
                    | "i"
                    | "you"
                    | "u"
                    | "we"
                    | "they"
                    | "he"
                    | "she"
                    | "it"
                    | "to"
                    | "be"
                    | "make"
                    | "keep"
                    | "leave"
                    | "let"
                    | "ensure"
                    | "sure"
                    | "me"
                    | "us"
                    | "not"
                    | "if"
                    | "when"
                    | "once"
                    | "until"
                    | "before"
                    | "after"
                    | "why"
                    | "how"
                    | "what"
                    | "whether"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "almost"
                    | "nearly"
                    | "mostly"
                    | "still"
            )
        });
    // The words naming what is done ("acme demo tenant", "indium check" of "indium check
    // passed") name the task it closes, up to a preposition ("arrivals list for Sunday");
    // "the new drone arrived" closes no task about "new" modules.
    let named: Vec<&str> = np
        .split_whitespace()
        .take_while(|w| {
            !matches!(
                *w,
                "for" | "of" | "on" | "in" | "at" | "to" | "from" | "with"
            )
        })
        .filter(|w| {
            !matches!(
                *w,
                "new"
                    | "old"
                    | "last"
                    | "next"
                    | "first"
                    | "second"
                    | "final"
                    | "full"
                    | "other"
                    | "same"
                    | "latest"
                    | "big"
                    | "small"
                    | "little"
                    | "whole"
                    | "main"
                    | "current"
                    | "updated"
                    | "revised"
                    | "the"
                    | "our"
                    | "all"
                    | "both"
            )
        })
        .collect();
    // "Reset done": a lone word before "done" may be the verb, and the report then closes
    // what the speaker was asked. Otherwise the thing's words alone, after "the", name what
    // it closes ("invoice paid" closes the task about the invoice, not the latest one).
    let verb_done = np.split_whitespace().nth(1).is_none()
        && matches!(pp, "done" | "finished" | "completed" | "complete")
        && crate::lexicon::is_action_verb(np);
    (!refused && !named.is_empty()).then(|| {
        if verb_done {
            format!("{np} {pp}")
        } else {
            format!("the {}", named.join(" "))
        }
    })
}

/// A participle that states where a thing is, not that it was done: "the license scan is
/// blocked", "Natalia offered to organise it", "agreed".
fn not_a_completion(pp: &str) -> bool {
    const NOT_DONE: &[&str] = &[
        // Where a thing stands, or a step towards it.
        "blocked",
        "delayed",
        "stalled",
        "paused",
        "missed",
        "needed",
        "required",
        "expected",
        "planned",
        "assigned",
        "asked",
        "offered",
        "wanted",
        "requested",
        "proposed",
        "suggested",
        "agreed",
        "decided",
        "mentioned",
        "noted",
        "flagged",
        "reported",
        "called",
        "texted",
        "pinged",
        "messaged",
        "interested",
        "concerned",
        "worried",
        "confused",
        "based",
        "supposed",
        "allowed",
        "started",
        "queued",
        "parked",
        "moved",
        "postponed",
        "extended",
        "changed",
        "cancelled",
        "canceled",
        "limited",
        "located",
        "attached",
        "included",
        // Gone wrong.
        "failed",
        "crashed",
        "rejected",
        "declined",
        "bounced",
        "expired",
        "stopped",
        "dropped",
        "reopened",
        "denied",
        "refused",
        "disconnected",
        "damaged",
        "jammed",
        "locked",
        "flooded",
        "overheated",
        // No participle at all.
        "hundred",
        "proceed",
        "succeed",
        "exceed",
        "indeed",
        "speed",
        "bleed",
        "breed",
        "appreciated",
    ];
    NOT_DONE.contains(&pp)
}

// ---- task patterns (on the stripped clause, lowercase) ----
static REQ: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?:please|pls|plz|kindly)\s+(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:do\s+|also\s+)?(?P<v>.+)",
        // Before "would you ..." below, which would read "be able to" as the act.
        r"^(?:would|will|is)\s+it\s+be\s+possible\s+(?:for\s+you\s+)?to\s+(?P<v>.+)",
        r"^(?:are|would|will)\s+you\s+(?:also\s+|still\s+|perhaps\s+|possibly\s+)?(?:be\s+)?(?:able|willing|free|happy)\s+to\s+(?P<v>.+)",
        // "Krzysztof ok to pick it up Thursday 14:00?", "you ok to cover Saturday?".
        r"^(?:are\s+)?(?:you|u)\s+(?:ok|okay|alright|all right|good)\s+to\s+(?P<v>(?:pick|collect|take|cover|do|send|call|book|drop|bring|run|check|handle|get|grab|load|move|swap|ship|deliver|sign|approve|fit|fix|finish|start)\b.*)$",
        r"^(?:would|do)\s+you\s+mind\s+(?P<g>.+)",
        r"^would\s+you\s+be\s+so\s+kind\s+as\s+to\s+(?P<v>.+)",
        r"^(?:can|could|would|will)\s+(?:you|u|ya|(?:your|ur)\s+(?:[a-z][\w\-]*\s+)?(?:team|office|department|side|group|folks|crew|people|guys|staff|lab|shop|manager|assistant|contact|rep|(?:engineer|developer|dev|technician|tech|analyst|nurse|driver|agent|rep|coordinator|assistant|colleague|contact|supplier|vendor|lawyer|accountant|worker|member|volunteer|intern|cra|inspector|planner|designer|editor|tester|admin|clerk|guard|crew|installer|fitter|mechanic)s))\s+(?:please\s+|pls\s+|also\s+|kindly\s+|possibly\s+|maybe\s+|just\s+|still\s+)*(?P<v>.+)",
        r"^(?:i|we)\s+(?:need|want|would like|'d like|d like)\s+(?:you|u)\s+to\s+(?P<v>.+)",
        // Non-native forms: "I need that you prepare ...", "can you to ask ...".
        r"^(?:now\s+)?(?:i|we)\s+(?:need|want|would like|request)\s+that\s+(?:you|u)\s+(?:please\s+)?(?P<v>.+)",
        r"^(?:can|could)\s+(?:you|u)\s+to\s+(?P<v>.+)",
        r"^(?:you|u)(?:'ll|’ll|\s+will)?\s+(?:also\s+|still\s+|really\s+|just\s+)?(?:need to|have to|must|should|gotta)\s+(?P<v>.+)",
        // "Priya, you'll do the risk register update by Friday, right?": handed out.
        r"^(?:you|u)(?:'ll|’ll|\s+will)\s+(?:also\s+|then\s+|still\s+)?(?P<v>(?:do|take|handle|send|call|book|prepare|draft|write|check|update|run|cover|chase|finish|sort|pick|bring|get|own|email|order|organi[sz]e|set up|follow up)\b.+?)(?:,?\s+(?:right|yeah|yes|ok|okay|correct|yep)\s*\?*)?$",
        // "You fill in the vessel part please, by Friday": an order with its subject.
        r"^(?:you|u)\s+(?:just\s+|also\s+)?(?P<v>(?:fill|send|check|call|book|prepare|update|bring|pick|collect|review|sign|submit|finish|complete|print|order|email|confirm|draft|write)\b.*?)\s*,?\s*(?:please|pls|plz)\b(?:\s*,?\s*(?:by|before|until|b4|no later than)\b.*)?[.!]*$",
        // A reminder: "Hugo, you were going to write the FAQ?"
        r"^(?:you|u)\s+were\s+(?:going to|gonna|supposed to)\s+(?P<v>(?:write|send|do|order|book|fix|draft|prepare|update|call|check|translate|finish|review|submit|print|email|schedule|organi[sz]e|set up|sort|chase|bring|pick up|get|file|upload|pay|renew|cancel)\b.+)",
        // "make sure the temp logs are up to date": a state to reach is the task itself.
        r"^(?P<v>(?:make sure|ensure)\s+(?:that\s+)?(?:the|all|every|each|our|your|their|these|those|everyone|everybody|nobody|no one)\s[^,;]*?\b(?:is|are|r|stays?|remains?)\s.+)",
        r"^(?:make sure|be sure)\s+(?:to\s+|you\s+|that\s+you\s+)?(?P<v>.+)",
        r"^(?:remember|don't forget|do not forget|pls remember|please remember)\s+to\s+(?P<v>.+)",
        r"^(?:when you (?:have|get) (?:a )?(?:chance|time|a sec|a minute|a moment|a second)|when you're free|when you are free|when you can|whenever you (?:can|get a chance|have time)|if you (?:can|could|get a chance|have time)|at your convenience)\s*,?\s*(?:could you |can you |would you |please |pls )?(?P<v>.+)",
        r"^(?:is there any chance|any chance)\s+(?:you|u)\s+(?:could|can)\s+(?P<v>.+)",
        // Formal asks: "we would be most grateful if you could ...", "I wonder whether
        // you might ...", "would you be so kind as to ...", "could I ask you to ...".
        r"^(?:i|we)(?:'d|’d|\s+would|\s+will)?\s+(?:really\s+|greatly\s+|much\s+|very\s+much\s+|truly\s+)?(?:appreciate it|love it|be\s+(?:very\s+|most\s+|really\s+|so\s+|extremely\s+|much\s+)?(?:grateful|thankful|obliged|glad|happy))\s+if\s+(?:you|u)\s+(?:could|would|can|might|will)?\s*(?:please\s+|kindly\s+|also\s+)?(?P<v>.+)",
        r"^(?:i|we)\s+(?:was\s+|were\s+|am\s+|are\s+)?wonder(?:ing|ed)?\s+(?:whether|if)\s+(?:you|u)\s+(?:might|could|would|can|may)\s+(?:be\s+able\s+to\s+|possibly\s+|please\s+|kindly\s+)*(?P<v>.+)",
        r"^(?:can|could|may|might)\s+(?:i|we)\s+ask\s+(?:you\s+|that\s+you\s+)?(?:to\s+)?(?:please\s+|kindly\s+)?(?P<v>.+)",
        r"^perhaps\s+(?:you|u)\s+(?:could|can|might)\s+(?P<v>.+)",
        r"^(?:can|could)\s+i\s+(?:get|have)\s+(?:you\s+to\s+)?(?P<v>.+)",
    ]
    .iter()
    .map(|s| re(&format!("(?i){s}")))
    .collect()
});
static REQ_INNER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|[,;:\-–—]\s*|\bbut\s+|\band\s+|\bso\s+)(?:instead\s+|then\s+|now\s+)?(?:@[\w.\-]+\s+)?(?:can|could|would)\s+(?:you|u)\s+(?:please\s+|pls\s+|also\s+|kindly\s+|just\s+)*(?P<v>.+)",
    )
});
static GROUP: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?:can|could|would|will)\s+(?:(?:someone|somebody|anyone|anybody)(?:\s+else)?|one of you|either of you|you guys|you all|y'all|you two|you both|you three|both of you|nights|days|(?:the\s+)?(?:night|day|early|late|morning|evening|weekend|\d(?:st|nd|rd|th)|first|second|third)\s+(?:shift|crew|team))\s+(?:(?:on|from|in)\s+(?:your|my|our|the|his|her|their)\s+(?:shift|team|crew|side|end|floor|ward|unit|squad)\s+)?(?:please\s+|pls\s+|also\s+)?(?P<v>.+)",
        // "(we) still need someone to bring the gazebo": chat drops the subject.
        r"^(?:(?:we|i)(?:'ll|’ll|\s+will)?\s+)?(?:still\s+|also\s+)?need\s+(?:someone|somebody|a volunteer|one of you|anyone|a person)\s+to\s+(?P<v>.+)",
        r"^(?:someone|somebody|smbdy|somebdy|some1|anyone|one of us|one of you)\s+(?:also\s+|still\s+|really\s+)?(?:needs to|has to|should|must|will need to|'ll need to|needs to go|pls|please)\s+(?P<v>.+)",
        r"^(?:we|the team|everyone|everybody|all of us|y'all|you all|you guys|all)\s+(?:really\s+|still\s+|also\s+)?(?:need to|needs to|have to|has to|must|'ve got to|ve got to|got to|'ll need to|will need to|gotta|should|need to make sure to)\s+(?P<v>.+)",
        r"^(?:everyone|everybody|all|ppl|people|folks|guys|team|y'all)\s*(?:,|:|-)?\s*(?:please\s+|pls\s+|plz\s+)(?P<v>.+)",
        r"^(?:someone|somebody|anyone|tbd|owner tbd)\s*[:\-–]\s+(?P<v>.+)",
        r"^our\s+(?:office|team|side|department|finance team|legal team|group)\s+(?:will|'ll|can)\s+(?:also\s+)?(?P<v>.+)",
        r"^(?:should|shall|can|could)\s+(?:someone|somebody|anyone|anybody)\s+(?:please\s+|pls\s+)?(?P<v>.+)",
        r"^let'?s\s+(?:all\s+|both\s+)?(?:also\s+|please\s+|make sure to\s+|make sure we\s+)?(?P<v>.+)",
        r"^(?:can|could)\s+we\s+(?:please\s+|also\s+)?(?:get|have)\s+(?P<o>.+)",
        r"^(?:it|this|that)\s+(?:does\s+|really\s+|still\s+)?(?:needs|need|has|have)\s+to\s+be\s+(?P<pp>\w+)(?P<rest>(?:[^\w\-'’].*)?)$",
        // "I need a second rope kit, ours failed inspection": the comma ends the thing.
        r"^(?:we|i)\s+(?:still\s+)?need\s+(?P<o>[^,;:]+?)\s+(?P<pp>\w+ed|done|sent|signed|written|taken|made|paid|set up|back|in|out)(?P<rest>(?:[^\w\-'’].*)?)$",
        r"^(?:i|we)(?:'d like| would like)\s+(?P<o>(?:the|your|a|an|all|our)\s.+?)\s+(?P<pp>ready|done|finished|\w+ed)\b(?P<rest>.*)",
        // "we need a second generator for Mathare": a thing to get, asked of the room.
        r"^we\s+(?:still\s+|also\s+|really\s+|urgently\s+)?need\s+(?P<o>(?:(?:a|an|another|two|three|four|five|\d+|more|extra|new)\s+)?(?-i:(?:second|third|spare|new|replacement|backup|extra|bigger|larger|portable)\s+)?(?:[\w\-]+\s+){0,3}?(?:generator|pump|printer|laptop|van|truck|ladder|heater|fan|fridge|freezer|scanner|projector|cable|charger|battery|batteries|tent|table|chairs?|forklift|trailer|crane|skip|container|barrier|barriers|sign|signs|radio|radios|key|keys|bins?|pallets?|boxes|box|drivers?|vehicles?|cars?|buses|bus|supplies|stock|parts?|filters?|tyres?|tires?|slides|handouts|flyers|posters|badges|lanyards)\b[^,;.!?]*)",
        r"^(?P<o>[^,;:]+?)\s+(?:does\s+|do\s+|really\s+)?(?:needs|need|has|have|must|should|will need|'ll need)\s+(?:to\s+)?be\s+(?P<pp>\w+)(?P<rest>(?:[^\w\-'’].*)?)$",
        // "the SMS reminders should go out the day before the drive": sent out.
        r"^(?P<o>(?:the|our|your|all|these|those)\s[^,;:]+?)\s+(?:needs to|need to|has to|have to|must|should|will need to)\s+go\s+(?P<pp>out)\b(?P<rest>.*)",
    ]
    .iter()
    .map(|s| re(&format!("(?i){s}")))
    .collect()
});
/// "I need the deck by Friday", "we will be needing the revised ETA till Wednesday".
static NEED_OBJ: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:i|we)(?:'ll|’ll|\s+will|'d|’d|\s+would|'re|’re|'m|’m|\s+are|\s+am)?)?\s*(?:really\s+|still\s+|also\s+)?(?:need|needs|want|(?:be\s+)?needing)\s+(?P<o>(?:the|a|an|your|some|all|\d+|those|these|my|our|updated|final|new|revised|another|more|[a-z]+['’]s)\b.+)",
    )
});
/// Subjects that are people or organisations, not things: "the London
/// solicitors now need the signed bundle" states what others want.
static PEOPLE_SUBJ: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:solicitors?|lawyers?|counsel|clients?|customers?|vendors?|suppliers?|team|auditors?|partners?|board|committee|regulators?|buyers?|sellers?|publishers?|they|people|folks)\b(?:\s+(?:now|still|also|really|already))?\s*$",
    )
});
/// "actually leave the booking, Tobi has the account": an instruction not
/// to act (the task moves to someone else), not a task.
static LEAVE_IT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:actually\s*,?\s*)?leave (?:it|that|the \w+)(?:\s*[,;.\-]|\s*$)"));
static THING_NEEDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<s>[\w'’\- ]{2,40}?)\s+(?:needs|need|requires|require|is due for|are due for|is overdue for)\s+(?P<o>(?:a|an|its|their|the|some|new|another)\b.+)",
    )
});
/// "Great call with Halden", "good work": praise, no act.
static PRAISE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:please|pls|so|and|also)\s+)?(?:great|good|nice|productive|quick|long|fun|lovely)\s+(?:call|meeting|chat|session|work|job|start|catch-?up|game|match|result|effort)\b",
    )
});
static LET_KNOW: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^let\s+(?P<who>[^,.;!?]{2,60}?)\s+know\b"));
static COMMIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:today|tomorrow|tonight|this afternoon|this morning|later today|later|first thing(?: tomorrow)?|after this|after lunch|next)\s*,?\s*|(?:for|as for|regarding)\s+(?:the\s+)?[\w\-'’]+(?:\s+[\w\-'’]+){0,2}?\s*,?\s+)?(?:i'll|i will|ill|i'm going to|i am going to|im going to|i'm gonna|i shall|will|gonna|going to|let me|i'd be happy to|i'm happy to|happy to|i can|i could|i'm planning to|i plan to|i intend to|i'm about to|i'd like to|i’d like to|i would like to|i want to|i need to|i still need to|i also need to|i have to|i still have to|i must|i should|i've got to|i'll need to|i go|i dey go)\s+(?:also\s+|just\s+|go ahead and\s+|try to\s+|make sure to\s+|then\s+|quickly\s+|still\s+|personally\s+|definitely\s+|first\s+)*(?P<v>.+)",
    )
});
/// "Do you want me to do the QC pass?", "shall I book it?": an offer.
static OFFER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:do you want me to|d'you want me to|want me to|would you like me to|shall i|should i|do you need me to)\s+(?:also\s+|just\s+|go ahead and\s+)?(?P<v>.+?)\s*\?*$",
    )
});
/// "that's on Kemo", "the badge reprint is on Kemo".
static ON_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?P<o>(?i:the|our|a|an)\s[^,;]{2,50}?)\s*,?\s+(?:that's|that’s|that is|is|are)|(?i:that's|that’s|that is|this is|it's|it’s|that one's|that one is))\s+(?:on|with|for|yours,?)\s+(?P<n>@?[\p{Lu}@][\p{L}'’\-]*)$",
    )
});
/// "who can fact-check it before it goes up?"
static WHO_CAN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:who|who's|who’s|whoever)\s+(?:can|could|will|wants to|is able to|has time to|is free to|has capacity to|'s able to)\s+(?:please\s+|also\s+)?(?P<v>.+)",
    )
});
/// "you can send the report until Thursday?": a request phrased as a statement.
static YOU_CAN_Q: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:you|u)\s+(?:can|could)\s+(?:please\s+|also\s+)?(?P<v>.+?)\s*\?$")
});
static BEFORE_BY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:before|by|ahead of)\s"));
/// "we'll leave it", "I'll leave that for now": nothing to do.
static LEAVE_AS_IS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^leave\s+(?:it|that|this|them)(?:\s+(?:for now|there|alone|as it is|as is|be|till later|until later))?[\s.!]*$",
    )
});
static PROGRESSIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:today|tomorrow|tonight|this afternoon|this morning|later today)\s*,?\s*)?(?:i'm|i am|im)\s+(?:also\s+|still\s+)?(?P<v>\w+ing\b.+)",
    )
});
static HAVE_TO_YOU: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:have|get)\s+(?P<o>.+?)\s+(?:(?:over\s+|back\s+)?to\s+(?:you|u)|ready|over)\b")
});
/// "have it over to you" means sending it; "have finance send it over" has someone else
/// send it: the speaker's task is having them do it.
fn have_to_you(vp: &str) -> Option<regex::Captures<'_>> {
    static SOMEONE_SENDS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\s(?:send|email|forward|bring|drop|pass|deliver|mail|ship|post|courier)\s+(?:it|them|this|that|these|those|the|a|an|our|your|my|his|her|their)\b",
        )
    });
    HAVE_TO_YOU
        .captures(vp)
        .filter(|h| !SOMEONE_SENDS.is_match(h.name("o").map_or("", |m| m.as_str())))
}
static HAVE_DONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<v>have|get)\s+(?P<o>.+?)\s+(?P<pp>\w{3,}ed|done|written|sent|made|set up|ready|finished|signed|built)\b(?P<rest>.*)",
    )
});
static GROUP_COMMIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:we'll|we will|well|we're going to|we are going to|we can|we're gonna|we shall|our team will)\s+(?:also\s+|just\s+|go ahead and\s+)*(?P<v>.+)",
    )
});
static THIRD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<n>@[\w.\-]*\w|(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?[\p{Lu}][\p{L}'’\-]*(?:\s[\p{Lu}][\p{L}'’\-]*)?)(?:\s+(?:sir|ji|san|madam|ma'am|bhai|di))?(?:['’]s\s+(?:crew|team|guys|lads|people|staff|shift))?(?:['’]s\s+(?:going to|gonna|volunteered to|offered to|agreed to)|\s+(?:has\s+(?:very\s+)?(?:kindly\s+|already\s+)?)?(?:says|said)\s+(?:that\s+)?(?:he|she|they)(?:['’]ll|\s+will|\s+can|['’]s\s+going to|['’]d|\s+would|\s+could)|\s+(?:will|'ll|’ll|is going to|is gonna|can|needs to|has to|should|must|is to|to|has (?:very\s+)?(?:kindly\s+|already\s+|just\s+)?(?:volunteered|offered|agreed|promised) to|(?:very\s+)?(?:kindly\s+)?(?:volunteered|offered|agreed|promised) to|is (?:volunteering|offering|planning) to|is (?:happy|able) to))\s+(?:also\s+|now\s+|instead\s+|then\s+|please\s+)*(?P<v>.+)",
    )
});
static RECAP_THIRD: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?P<n>[\p{Lu}][\p{L}'’\-]+)\s+(?P<w>[a-z]{2,}s)\b(?P<rest>\s.+)$"));
static THIRD_ON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<n>@[\w.\-]*\w|[\p{Lu}][\p{L}'’\-]*(?:\s[\p{Lu}][\p{L}'’\-]*)?)\s+(?:is|'s|’s)\s+(?P<ing>handling|taking|covering|owning|doing|on)\b\s*(?P<v>.*)",
    )
});
static STATEMENT_AFTER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\S+\s+(?:[\w\-'.#/]+\s+){0,4}?(?:finished|was|were|is|are|has|had|arrived|came|went|failed|broke|started|ended|looks|seems|goes|didn't|doesn't|isn't|aren't|wasn't|hasn't|reached|deployed|resolved|on\s+(?:[\w\-]+\s+)?hold|until\s+further\s+notice)\b|^\S+\s+(?:for|of)\s+(?:[\w\-']+\s+){0,8}?(?:is|are)\s+(?:attached|enclosed|below|ready|done)\b",
    )
});
/// "Count on aisle 14 bays 14-22 came in short", "Reject tags and the go/no-go gauge are
/// in the QA cage": a subject of five to seven words, then its verb, with no clause
/// between ("Check on bay 4 and see if it was fixed" asks).
fn long_subject_statement(low: &str) -> bool {
    static LONG_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\S+\s+(?P<between>(?:[\w\-'.#/()]+\s+){5,7}?)(?:was|were|is|are|came|went|arrived|failed|broke|didn't|doesn't|isn't|aren't|wasn't)\b",
        )
    });
    static CLAUSE_WORD: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:if|whether|that|when|what|who|which|where|how|why|because|since|so|see|make|sure|ensure|confirm|check|find|tell|ask|know|until|till|once|while|it|they|he|she|we|you|i)\b",
        )
    });
    LONG_SUBJECT
        .captures(low)
        .is_some_and(|c| !CLAUSE_WORD.is_match(&c["between"]))
}

/// "Line 2 housings failing the drop test", "Survey export working again": a noun and
/// its state, said of something named, not of a person.
static STATE_AFTER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\S+\s+(?:[\w\-'.#/]+\s+){1,2}?(?:working|running|failing|leaking|alarming|tripping|crashing|missing|pending)\b",
    )
});
/// "Type I fluid at the south de-icing pad is down to 18%": a longer subject, then a verb.
static STATEMENT_LONG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\S+\s+(?:[\w\-'.#/]+\s+){3,9}?(?:(?:is|are|was|were)\s+(?:down|up|out|low|empty|full|at|still|not|fine|ok|positive|late|done)\b|(?:has|have|had)\s+(?:shipped|arrived|landed|gone|come|been)\b)",
    )
});
static LETS_STOP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:end|wrap|sit|move on|keep|see|talk|discuss|think|get started|start|begin|call it|go|stop|pause|revisit|take (?:a|five|ten)|break|reconvene|meet|hop|jump|circle back|table|park|focus|hope|not|be|leave it|leave (?:that|this|it|[\w\-]+) (?:for|until|till) (?:now|later|next (?:time|week|month|meeting|sprint|quarter|year)|another (?:day|time)|the (?:next|following) (?:meeting|session|call|sprint|week|month))\b|just|all|do this|do that|try|chat|grab|capture (?:the )?(?:actions|action items|next steps)|recap|hold (?:that|this|it|off)\b|use (?:today|this|the time|the rest)|wait (?:for|till|until|and see)\b|look at the\b|look back\b|check (?:where|how) we (?:are|stand)\b|decide (?:that|this|it)\b|do (?:it|this|that|the \w+) (?:in|properly|now|first)\b|leave (?:that|it|this) with\b|(?:do|have|hold|schedule in)\s+(?:a|an|our|the)\s+(?:quick\s+|short\s+|brief\s+|proper\s+|final\s+|joint\s+)?(?:[\w\-]+\s+)?(?:review|meeting|call|sync|catch-?up|session|workshop|huddle|debrief|retro|retrospective|walkthrough|check-?in)\b)\b",
    )
});
static WE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:use|go with|stick|keep|see|talk|discuss|think|be|have|meet|figure|wait|continue|get (?:there|through)|manage|survive|look at|revisit|circle back|reconvene|decide|start|need|want|try)\b",
    )
});
static PRONOUN_OBJ: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:only|just|also|still)\s+)?(?:\w+(?:\s+(?:up|in|out|over|on|off|back|through|down|to))?)\s+(?:it|this|that|them|those|these|one|mine|yours|ours)\b",
    )
});
static DO_IT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:pick\s+(?:it|this(?:\s+one)?|that(?:\s+one)?)\s+up\b|(?:do|take|handle|grab|cover|own|pick up|look into|deal with|sort|manage|tackle|take care of|jump on|get on|get to|have|do the|action)\s+(?:it|this|that|them|those|these|one)?\b)",
    )
});

/// The person a sentence opens by naming ("Marta: I know you are busy."), even when
/// the sentence asks nothing itself.
pub fn leading_vocative(s: &str, ctx: &Ctx) -> Option<String> {
    strip_lead(s, ctx).1
}

/// Strips a leading vocative ("Owen, ", "@julia ", "Jamal - ") and fillers.
/// Returns (offset of the rest, vocative participant, group vocative, topic).
fn strip_lead(s: &str, ctx: &Ctx) -> (usize, Option<String>, bool, Option<String>) {
    let mut off = 0;
    let mut voc = None;
    let mut group = false;
    let mut topic = None;
    // Chat leads: emoji and symbols ("👌 @ines ...", "& send ..."), and politeness before a
    // vocative ("pls @theo update the deck").
    static SYMBOLS: LazyLock<Regex> = LazyLock::new(|| re(r#"^[^\p{L}\p{N}@"'(\[]+"#));
    static POLITE_VOC: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^(?:pls|please|plz|kindly)\s+@"));
    // Where the last "@name" read ends: handles one after another name several people.
    let mut handles_end: Option<usize> = None;
    for _ in 0..8 {
        let rest = &s[off..];
        if let Some(m) = SYMBOLS.find(rest)
            && m.end() > 0
            && m.end() < rest.len()
        {
            off += m.end();
            continue;
        }
        // "After my OK please publish it": a short condition before the request.
        static AFTER_PLEASE: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:after|once|following)\s+(?:my|your|our|the|their|his|her)\s+[\w'’\-]+(?:\s+[\w'’\-]+)?\s+(?P<k>please|pls|kindly)\b",
            )
        });
        if let Some(c) = AFTER_PLEASE.captures(rest) {
            off += c.name("k").map(|k| k.start()).unwrap_or(0);
            continue;
        }
        // "Once I have the scorecards I'll draft the offer letter": a condition with no
        // comma before the promise.
        static ONCE_PROMISE: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:once|when|after|as soon as)\s+[^,.;]{1,80}?\s+(?P<k>i'll|i will|we'll|we will)\b",
            )
        });
        if let Some(c) = ONCE_PROMISE.captures(rest) {
            off += c.name("k").map(|k| k.start()).unwrap_or(0);
            continue;
        }
        if let Some(m) = POLITE_VOC.find(rest) {
            off += m.end() - 1;
            continue;
        }
        // "Please Yuki check the fixture": a participant's name between "please" and the
        // verb addresses them.
        static POLITE_NAME: LazyLock<Regex> = LazyLock::new(|| {
            re(r"^(?i:pls|please|plz|kindly)\s+(?P<n>\p{Lu}[\p{L}'’\-]+)\s+(?P<v>[a-z][a-z\-]+)\b")
        });
        if let Some(c) = POLITE_NAME.captures(rest)
            && lexicon::is_action_verb(&c["v"])
            && let Some(id) = whole_name(ctx.people, &c["n"])
        {
            voc = Some(id);
            off += c.name("v").map_or(0, |v| v.start());
            continue;
        }
        // "Kelvin and Jasmine, please prepare ...": shared by two is owned by neither
        // (CONVENTIONS §3).
        static JOINT: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"^(@[\w.\-]+|[\p{Lu}][\p{L}'’\-]*)\s*,?\s+(?:and|&|\+)\s+(@[\w.\-]+|[\p{Lu}][\p{L}'’\-]*)\s*(?:,|:|\s-|\s–)\s*",
            )
        });
        if let Some(c) = JOINT.captures(rest)
            && people::resolve(ctx.people, &c[1]).is_some()
            && people::resolve(ctx.people, &c[2]).is_some()
        {
            group = true;
            voc = None;
            off += c.get(0).map(|m| m.end()).unwrap_or(0);
            continue;
        }
        if let Some(c) = HANDLE_LEAD.captures(rest) {
            let h = &c[1];
            let mut end = c.get(0).map_or(0, |m| m.end());
            // "@Priya Shah can you ...": a display name with a space in it, whole, and the
            // person of that whole name.
            static NEXT_WORDS: LazyLock<Regex> =
                LazyLock::new(|| re(r"^\s+([^\s,:]+)(?:\s+([^\s,:]+))?"));
            let after = c.get(1).map_or(0, |m| m.end());
            let mut named = None;
            if let Some(w) = NEXT_WORDS.captures(&rest[after..]) {
                for k in [2, 1] {
                    let Some(last) = w.get(k) else { continue };
                    let full = rest[c.get(1).map_or(0, |m| m.start())..after + last.end()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if let Some(p) = ctx
                        .people
                        .iter()
                        .find(|p| p.name.eq_ignore_ascii_case(&full))
                    {
                        named = Some(p.id.clone());
                        end = after + last.end();
                        end += rest[end..].len()
                            - rest[end..].trim_start_matches([',', ':', ' ']).len();
                        break;
                    }
                }
            }
            if matches!(h, "here" | "channel" | "everyone" | "all" | "team") {
                group = true;
                if handles_end == Some(off) {
                    voc = None;
                }
            } else if let Some(id) = named.or_else(|| people::resolve(ctx.people, h)) {
                // "@Inês Carvalho @Dev Shah please post your update": several named one
                // after another, none owns it; "@jas actually @pao will" hands it over.
                if handles_end == Some(off) && (voc.as_ref().is_some_and(|v| *v != id) || group) {
                    voc = None;
                    group = true;
                } else {
                    voc = Some(id);
                }
            }
            off += end;
            handles_end = Some(off);
            continue;
        }
        // "| 4 | Call back the complainants | BO | this week |": the row's number cell.
        static ROW_NUMBER: LazyLock<Regex> =
            LazyLock::new(|| re(r"^\|?\s*(?:#\s*)?\d{1,3}[.)]?\s*\|\s*"));
        if let Some(m) = ROW_NUMBER.find(rest) {
            off += m.end();
            continue;
        }
        // "[Marta] renew the parking permits": the owner in brackets before the item.
        static BRACKET_LEAD: LazyLock<Regex> = LazyLock::new(|| {
            re(r"^[\[(]\s*(@?[\p{L}][\p{L}'’\-]*(?:\s[\p{L}][\p{L}'’\-]*)?)\s*[\])]\s*[:\-–]?\s*")
        });
        if let Some(c) = BRACKET_LEAD.captures(rest)
            && let Some(id) = people::resolve(ctx.people, c[1].trim_start_matches('@'))
        {
            voc = Some(id);
            off += c.get(0).map(|m| m.end()).unwrap_or(0);
            continue;
        }
        if let Some(c) = VOCATIVE.captures(rest) {
            let name = c.get(1).map(|m| m.as_str()).unwrap_or("");
            let low = name.to_ascii_lowercase();
            if matches!(
                low.as_str(),
                "everyone"
                    | "all"
                    | "team"
                    | "folks"
                    | "guys"
                    | "everybody"
                    | "both"
                    | "drivers"
                    | "y'all"
            ) {
                group = true;
                off += c.get(0).map(|m| m.end()).unwrap_or(0);
                continue;
            }
            if let Some(id) = people::resolve(ctx.people, name) {
                voc = Some(id);
                off += c.get(0).map(|m| m.end()).unwrap_or(0);
                continue;
            }
            // A nickname we cannot place ("Bex, want me to ...") still opens the act.
            let end = c.get(0).map(|m| m.end()).unwrap_or(0);
            if name.chars().next().is_some_and(|ch| ch.is_uppercase())
                && ACT_START.is_match(&rest[end..])
            {
                off += end;
                continue;
            }
        }
        // "Winter tyres: Sara, please send ...": an agenda label before the ask.
        static LABEL_LEAD: LazyLock<Regex> = LazyLock::new(|| {
            re(r"^[\p{L}][\p{L}0-9'’\-]*(?:\s(?:[/&+]\s)?[\p{L}0-9][\p{L}0-9'’\-]*){0,3}:\s+")
        });
        // "Also, regarding the licences which expire on 31st: I will send ...": a topic
        // of any length, then the act.
        static REGARDING_LEAD: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:(?:also|and|finally|lastly)[,\s]+)?(?:regarding|re|about|as for|as to|concerning|with regard to|on the subject of)\s[^:;.!?]{2,120}:\s+",
            )
        });
        if let Some(m) = REGARDING_LEAD.find(rest)
            && ACT_START.is_match(&rest[m.end()..])
        {
            off += m.end();
            continue;
        }
        // "on our side I'll loop in legal", "For us the budget - I need to confirm
        // it": whose side speaks, with or without a comma, before the promise.
        static SIDE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:(?:on|from|for)\s+(?:our|my|your|their|his|her)\s+(?:side|end|part)|for\s+(?:us|me)|as\s+for\s+(?:me|us|myself))\b\s*[,:\-–—]?\s*",
            )
        });
        static PROMISER: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:i|we)(?:'ll|’ll|'d|’d|\s+will|\s+can|\s+need|\s+would|\s+am\s+going|'m\s+going|’m\s+going)\b",
            )
        });
        if let Some(m) = SIDE_LEAD.find(rest)
            && let after = &rest[m.end()..]
            && (PROMISER.is_match(after)
                // "For us the budget - I need ...": a topic follows the side.
                || TOPIC_LEAD
                    .find(after)
                    .is_some_and(|t| PROMISER.is_match(&after[t.end()..])))
        {
            off += m.end();
            continue;
        }
        if let Some(m) = LABEL_LEAD.find(rest) {
            let after = &rest[m.end()..];
            let named = VOCATIVE
                .captures(after)
                .and_then(|c| people::resolve(ctx.people, &c[1]))
                .is_some()
                || HANDLE_LEAD.is_match(after);
            // "Small change of plan: Samira will take the banner resizes".
            static NAME_WILL: LazyLock<Regex> = LazyLock::new(|| {
                re(
                    r"^([\p{Lu}][\p{L}'’\-]+)\s+(?:(?:can|could|would|will)\s+(?:you|u)\b|pls\b|please\b|says\s+(?:he|she|they)(?:'ll|’ll|\s+will|\s+can)\s+\w+|(?:will|is going to|'ll|’ll)\s+(?:take|handle|do|send|cover|own|pick|call|get|make|run|write|draft|prepare|book|bring|check|update|finish|order|collect|set)|is taking)\b",
                )
            });
            let name_will = NAME_WILL
                .captures(after)
                .is_some_and(|c| people::resolve(ctx.people, &c[1]).is_some());
            // "Update from the line: the vessel now berths Sunday": a heading, whatever
            // follows it.
            static HEADING: LazyLock<Regex> = LazyLock::new(|| {
                re(
                    r"(?i)^(?:quick\s+|small\s+|short\s+|brief\s+|big\s+|latest\s+)?(?:update|status|note|reminder|recap|summary|background|context|change|heads[\s-]up)\b",
                )
            });
            // "PIO side: I'll draft the press release".
            if named || name_will || ACT_START.is_match(after) || HEADING.is_match(rest) {
                off += m.end();
                continue;
            }
        }
        // "L3 formwork | Strip & back-prop | LO | 08/04": a table's item cell names what
        // the action cell after it is about.
        static ITEM_CELL: LazyLock<Regex> =
            LazyLock::new(|| re(r"^[^|]{2,40}?\s*\|\s*(?P<next>[^|]+)\|"));
        if let Some(c) = ITEM_CELL.captures(rest) {
            let next = c.name("next").map_or("", |m| m.as_str()).trim();
            let first = next
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if lexicon::is_action_verb(&first) {
                off += c.name("next").map_or(0, |m| m.start());
                continue;
            }
        }
        // "Low priority, but if someone has a minute, the microwave needs replacing": a
        // courtesy, not a condition.
        static COURTESY_LEAD: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:(?:low priority|no rush|no hurry|not urgent)\s*[,.;:\-–]?\s*)?(?:but\s+|and\s+)?if\s+(?:someone|somebody|anyone|you|u|either of you|one of you)\s+(?:has|have|gets?|finds?)\s+(?:a\s+(?:minute|moment|sec|second|chance|spare moment)|(?:some\s+)?(?:time|spare time))\s*(?:today|this week|later)?\s*,\s*",
            )
        });
        if let Some(m) = COURTESY_LEAD.find(rest) {
            off += m.end();
            continue;
        }
        if let Some(m) = SUBORDINATE_LEAD
            .find(rest)
            .filter(|m| !REQUEST_MARK.is_match(m.as_str()))
        {
            // "once it's signed, go ahead and send the report"
            off += m.end();
            continue;
        }
        // "once it's quiet can you write up the incident": the same lead, no comma.
        static WHEN_THEN_ASK: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:once|when|as soon as)\s+[^,;?]{2,60}?\s(?P<k>can you|could you|can u|pls|please|i'll|i will)\b",
            )
        });
        if let Some(c) = WHEN_THEN_ASK.captures(rest) {
            off += c.name("k").map_or(0, |m| m.start());
            continue;
        }
        if let Some(c) = BARE_VOCATIVE.captures(rest) {
            if let Some(id) = people::resolve(ctx.people, &c[1]) {
                voc = Some(id);
                off += c.name("k").map(|m| m.start()).unwrap_or(0);
                continue;
            }
            // "Stevo can you draft ...": a nickname we cannot place still opens the ask.
            let k = c
                .name("k")
                .map(|m| m.as_str().to_lowercase())
                .unwrap_or_default();
            if !c[1].contains(' ')
                && !c[1].starts_with('@')
                && matches!(
                    k.as_str(),
                    "can you" | "could you" | "would you" | "will you" | "can u" | "could u"
                )
                && !NOT_A_NAME.is_match(&c[1])
            {
                off += c.name("k").map(|m| m.start()).unwrap_or(0);
                continue;
            }
        }
        // "Fiona call the repair line ...", "jakub send me photos ...": a participant's
        // name, then a bare imperative.
        static NAME_IMPERATIVE: LazyLock<Regex> =
            LazyLock::new(|| re(r"^(\p{L}[\p{L}'’\-]+)\s+(?P<k>[a-z]+)\s+(?P<next>\S+)"));
        // Names that are also words ("Will send it", "Dev build is broken") and words
        // that make the verb a noun ("Priya test results look good").
        static WORD_NAME: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:will|may|mark|dev|art|bill|rich|pat|sue|grace|hope|joy|june|april|august|frank|ray|rose|max|sky|summer|win|lane|page|chase|guy|jack|faith|dawn|sunny)$",
            )
        });
        static NOT_AN_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:is|was|are|were|looks?|looked|failed|fails|has|had|have|will|keeps|seems|went|results?|run|passed|broke|isn't|wasn't)$",
            )
        });
        if let Some(c) = NAME_IMPERATIVE.captures(rest)
            // "Sneha do one thing, send the status mail", "Sneha once MRN comes, send
            // ...": a lead to the ask.
            && (lexicon::is_action_verb(&c["k"])
                || matches!(&c["k"], "once" | "when" | "after" | "before")
                || rest[c.name("k").map_or(0, |k| k.start())..]
                    .to_ascii_lowercase()
                    .starts_with("do one thing"))
            && !WORD_NAME.is_match(&c[1])
            && !NOT_AN_OBJECT.is_match(c["next"].trim_end_matches(|ch: char| !ch.is_alphanumeric()))
            && !NOT_A_NAME.is_match(&c[1])
            && let Some(id) = whole_name(ctx.people, &c[1])
        {
            voc = Some(id);
            off += c.name("k").map(|m| m.start()).unwrap_or(0);
            continue;
        }
        // "can @mei.c take it?", "could Mei cover it?": a request to a named third person
        // reads as one to them ("Mei, take it").
        static CAN_NAME: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"^(?i:can|could|would)\s+(@[\w.\-]*\w|\p{Lu}[\p{L}'’\-]+)\s+(?:please\s+|pls\s+)?(?P<k>(?i:take|grab|do|handle|cover|pick|own|run|send|check|call|look)\b)",
            )
        });
        if let Some(c) = CAN_NAME.captures(rest)
            && let Some(id) = people::resolve(ctx.people, c[1].trim_start_matches('@'))
        {
            voc = Some(id);
            off += c.name("k").map(|m| m.start()).unwrap_or(0);
            continue;
        }
        if let Some(c) = LOWER_VOCATIVE.captures(rest)
            && !matches!(
                &c[1],
                "will"
                    | "may"
                    | "can"
                    | "could"
                    | "would"
                    | "should"
                    | "must"
                    | "shall"
                    | "and"
                    | "also"
                    | "so"
                    | "then"
                    | "now"
                    | "ok"
                    | "okay"
                    | "sure"
                    | "but"
                    | "guys"
            )
            && let Some(id) = people::resolve(ctx.people, &c[1])
        {
            voc = Some(id);
            off += c.name("k").map(|m| m.start()).unwrap_or(0);
            continue;
        }
        // "Great call with Halden": praise, whose "great" is no filler before a verb.
        // "ok to pick it up Thursday?": asked leave, no filler.
        if let Some(m) = FILLER.find(rest)
            && m.end() > 0
            && !PRAISE.is_match(rest)
            && !(rest[m.end()..].to_ascii_lowercase().starts_with("to ")
                && matches!(
                    rest[..m.end()]
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .to_ascii_lowercase()
                        .as_str(),
                    "ok" | "okay" | "alright" | "good"
                ))
        {
            off += m.end();
            continue;
        }
        if let Some(m) = PRIORITY_LEAD.find(rest)
            && m.end() > 0
        {
            off += m.end();
            continue;
        }
        if let Some(m) = TIME_LEAD.find(rest)
            && m.end() > 0
            && m.end() < rest.len()
        {
            off += m.end();
            continue;
        }
        if topic.is_none()
            && let Some(c) = TOPIC_LEAD.captures(rest)
        {
            topic = Some(c["np"].to_string());
            off += c.get(0).map(|m| m.end()).unwrap_or(0);
            continue;
        }
        break;
    }
    (off, voc, group, topic)
}

/// Splits a sentence into clauses that may each carry a speech act.
fn clauses(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for c in CLAUSE_SPLIT.captures_iter(s) {
        let (Some(m), Some(k)) = (c.get(0), c.name("k")) else {
            continue;
        };
        // "confirm the slot times and let me know by 10:00": reporting back is part of
        // the ask before it, and so is its date.
        if k.as_str().eq_ignore_ascii_case("let me")
            && s[k.end()..]
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("know")
        {
            continue;
        }
        if m.start() > start {
            out.push(start..m.start());
        }
        start = k.start();
    }
    if start < s.len() {
        out.push(start..s.len());
    }
    // "ok keep going, but send me the reading every 30 min": an imperative after "but"
    // is an ask of its own.
    static BUT_VERB: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i),\s*(?P<but>but)\s+(?:please\s+|pls\s+)?(?P<w>[a-z]+)\b"));
    let out: Vec<std::ops::Range<usize>> = out
        .into_iter()
        .flat_map(|r| match BUT_VERB.captures(&s[r.clone()]) {
            Some(c) if lexicon::is_action_verb(&c["w"].to_ascii_lowercase()) => {
                let cut = r.start + c.get(0).expect("whole match").start();
                let next = r.start + c.name("but").expect("but group").end();
                vec![r.start..cut, next..r.end]
            }
            _ => vec![r],
        })
        .collect();
    // "this is a blocker - send the vendor report", "the site is down, call the host": a
    // statement, then an order of its own (not after "if ... is", which conditions it).
    static STATE_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<state>[^,;]*?\b(?:is|are|'s|’s|was|were|isn't|aren't)\b[^,;]*?)(?P<sep>\s[-–—]\s+|,\s*)(?:so\s+|please\s+|pls\s+)?(?P<w>[a-z]+)\s+(?:the|a|an|it|them|this|that|these|those|me|us|him|her|my|our|your|their)\b",
        )
    });
    static CONDITION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\W*(?:@[\w.\-]*\w\s+|[\p{L}][\p{L}'’\-]*,\s+)?(?:if|when|whenever|once|unless|in case|as soon as|whether|while|since|because|as long as|what|where|who|how|why|is|are|was|were)\b",
        )
    });
    let out: Vec<std::ops::Range<usize>> = out
        .into_iter()
        .flat_map(|r| match STATE_THEN_VERB.captures(&s[r.clone()]) {
            Some(c)
                if lexicon::is_action_verb(&c["w"].to_ascii_lowercase())
                    && !CONDITION_LEAD.is_match(&c["state"]) =>
            {
                let sep = c.name("sep").expect("sep group");
                vec![r.start..r.start + sep.start(), r.start + sep.end()..r.end]
            }
            _ => vec![r],
        })
        .collect();
    // "I'll order the produce tmrw, so if you need anything tell me today": the
    // conditional ask is its own clause, with its own date.
    out.into_iter()
        .flat_map(|r| match NEXT_ASK.find(&s[r.clone()]) {
            Some(m) if m.start() > 0 => {
                let cut = r.start + m.start();
                let next = s[cut..r.end].find("if").map_or(cut, |i| cut + i);
                vec![r.start..cut, next..r.end]
            }
            _ => vec![r],
        })
        .collect()
}

/// Detects the speech acts of one sentence.
pub fn analyze(sentence: &str, ctx: &Ctx) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut carried_voc: Option<String> = None;
    let mut carried_group = false;
    // "# | Action | Owner | Due |": a table's header row names its columns, no task.
    static HEADER_CELLS: LazyLock<Regex> = LazyLock::new(|| {
        let column = r"(?:#|no\.?|id|item|items|action|actions|action items?|task|tasks|what|owner|owners|who|assignee|responsible|lead|due|due date|date|deadline|when|by when|status|notes?|comments?|priority)";
        re(&format!(
            r"(?i)^\|?\s*(?:{column}\s*\|\s*)+{column}?\s*\|?\s*$"
        ))
    });
    if sentence.contains('|') && HEADER_CELLS.is_match(sentence.trim()) {
        return out;
    }
    // "| 1 | Book pump | RK | 02/04 | CLOSED - booked 6am |": a row marked done.
    static CLOSED_CELL: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\|\s*(?:closed|done|complete|completed|cancell?ed|n/a|dropped)\s*(?:[-–—:(,][^|]*)?(?:\||$)",
        )
    });
    if CLOSED_CELL.is_match(sentence) {
        return out;
    }
    for r in clauses(sentence) {
        let c = &sentence[r.clone()];
        // A clause that is only a name ("Liam" before ", please ...") addresses the next one.
        let bare = c.trim().trim_end_matches([',', ':', '-']).trim();
        // "Sam and Ana" before ", please ...": both addressed, so neither owns it.
        if let Some((a, b)) = bare.split_once(" and ").or_else(|| bare.split_once(" & "))
            && bare.split_whitespace().count() <= 5
            && people::resolve(ctx.people, a).is_some()
            && people::resolve(ctx.people, b).is_some()
        {
            carried_voc = None;
            carried_group = true;
            continue;
        }
        if bare.split_whitespace().count() <= 3
            && !bare.is_empty()
            && let Some(id) = people::resolve(ctx.people, bare)
        {
            carried_voc = Some(id);
            continue;
        }
        // "Jonas is off sick, so Selin" before ", could you ...": the name that ends a
        // clause addresses the next one.
        static NAME_AT_END: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?:(?:^|[,;]\s*|\s)(?:so|and|then|but)\s+|:\s+|\s[-–—]\s+)(@?[\p{Lu}][\p{L}'’\-]+)\s*[,:]?\s*$",
            )
        });
        if let Some(n) = NAME_AT_END.captures(c)
            && !day_or_month(&n[1])
            && let Some(id) = people::resolve(ctx.people, &n[1])
        {
            carried_voc = Some(id);
        }
        let (off, mut voc, mut group, topic) = strip_lead(c, ctx);
        if carried_group && voc.is_none() {
            group = true;
        }
        if voc.is_none()
            && let Some(t) = TRAIL_VOCATIVE.captures(c)
        {
            voc = people::resolve(ctx.people, &t[1]);
        }
        // "I need the cut list by Wednesday, Jonah, so Keiko can update the book": the
        // name set off by commas before the reason is who is asked.
        static MID_VOCATIVE: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r",\s*(@?[\p{Lu}][\p{L}'’\-]*)\s*,\s*(?i:so|as|because|since|otherwise|then|that way|or else|if)\b",
            )
        });
        if voc.is_none()
            && let Some(t) = MID_VOCATIVE.captures(c)
        {
            voc = people::resolve(ctx.people, &t[1]);
        }
        // "| Send the budget | Priya | Fri |", "Send the deck (Priya) - Thu", "[Marta]
        // renew the permits", "Known-issues list - Chloé, by Wednesday": an action item's
        // owner in its own column, brackets or dashes.
        static OWNER_CELL: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?:\||\(|\[|\s{3,}|\t|\s[-–—]\s)\s*(@?[\p{Lu}][\p{L}'’\-]*(?:\s[\p{Lu}][\p{L}'’\-]*)?)\s*(?:\||\)|\]|\s{3,}|\t|$|,|\s[-–—]\s)",
            )
        });
        let mut voc_from_cell = false;
        if voc.is_none() {
            // "Send the deck - Fri" names a day, not Frida.
            voc = OWNER_CELL
                .captures_iter(c)
                .filter(|t| !day_or_month(&t[1]))
                .find_map(|t| people::resolve(ctx.people, &t[1]));
            voc_from_cell = voc.is_some();
        }
        if voc.is_none() {
            voc = carried_voc.clone();
        } else {
            carried_voc = voc.clone();
        }
        if voc.is_none() && !group {
            // "... @julia can you" in the middle of a line.
            if let Some(h) = HANDLE_ANY.captures(c) {
                voc = people::resolve(ctx.people, &h[1]);
            }
        }
        if voc.is_none() {
            // "Jonas is off sick, so Selin, could you take over ...": a name addressed
            // right before the request, mid-sentence.
            static NAME_BEFORE_ASK: LazyLock<Regex> = LazyLock::new(|| {
                re(
                    r"(?:^|\s)([\p{Lu}][\p{L}'’\-]+),\s*(?i:can|could|would|will|please|pls|kindly)\b",
                )
            });
            if let Some(n) = NAME_BEFORE_ASK.captures(c) {
                voc = people::resolve(ctx.people, &n[1]);
            }
            // "Andrés since you're listening anyway, can you pick ...": the name,
            // a reason, then the ask.
            static NAME_REASON_ASK: LazyLock<Regex> = LazyLock::new(|| {
                re(
                    r"^@?([\p{Lu}][\p{L}'’\-]+)\s+(?i:since|as|because|while|now that)\s[^,;]{2,60},\s*(?i:can|could|would|will|please|pls|kindly)\b",
                )
            });
            if voc.is_none()
                && let Some(n) = NAME_REASON_ASK.captures(sentence)
            {
                voc = people::resolve(ctx.people, &n[1]);
            }
        }
        let body_start = r.start + off;
        // The name after "please" at the end addresses the clause and is no part of it.
        let mut body_end = r.end;
        if let Some(t) = PLEASE_NAME.captures(c)
            && let Some(id) = people::resolve(ctx.people, &t[1])
        {
            voc.get_or_insert(id);
            body_end = r.start + t.get(1).map_or(c.len(), |m| m.start());
        }
        let body = &sentence[body_start..body_end.max(body_start)];
        let slow = sentence.to_ascii_lowercase();
        // "I could run a full restore on Saturday": an offer by its modal.
        static I_COULD: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:(?:well|so|ok|okay|hmm|um|yeah|or)[,\s]+)*i\s+could\s+(?:also\s+|always\s+|maybe\s+|probably\s+)?[a-z]",
            )
        });
        // "If so, I'll move the delivery": a commitment that depends on a condition.
        let offer = CONDITIONAL_OFFER.is_match(&NEXT_ASK.replace(&slow, ""))
            || I_COULD.is_match(&slow)
            || slow.starts_with("if ")
            || slow.contains(" if so")
            || slow.starts_with("otherwise");
        let found = analyze_clause(body, ctx)
            // "@alicia need door hangers out to those addresses": said to someone, a
            // bare "need X done" asks it of them (without a name it only adds a date).
            .or_else(|| {
                let rest = body.strip_prefix("need ")?;
                (voc.is_some() && off > 0)
                    .then(|| analyze_clause(&format!("we need {rest}"), ctx))
                    .flatten()
                    .filter(|c| matches!(c.act, Act::Group) && c.vp_start == usize::MAX)
            })
            .or_else(|| {
                // "Gareth, see my comments below in red": said to someone, still no ask.
                let low = body.to_ascii_lowercase();
                if voc.is_some()
                    && off > 0
                    && !RUNS_THE_MEETING.is_match(&low)
                    && !PLEASANTRY.is_match(&low)
                {
                    vocative_request(body)
                } else {
                    None
                }
            })
            .or_else(|| if ctx.item { verbless_item(body) } else { None })
            // "Helga, postmortem doc by Tuesday please": a thing and its deadline,
            // said to someone by name.
            .or_else(|| {
                static NAMED_DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
                    re(r"(?i)(?:^|\s)(?P<before>[\w'\-)]+),?(?:\s+(?:by|before|b4|no later than|until)\s+(?:(?:the|this|next|end of|close of)\s+)?(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|tmrw|today|tonight|eod|cob|noon|midday|end|\d)|(?:\s+[-–—|]|\s{3,}|\t)\s+(?:(?:by|due|the|this|next|end of|close of)\s+)?(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|tmrw|today|tonight|eod|cob|noon|midday|end of|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}[/.]\d{1,2}\b))")
                });
                // News told to someone ("Marta, the parts arrive by Thursday", "the
                // payment clears by Friday", "my flight lands before noon").
                static NEWS: LazyLock<Regex> = LazyLock::new(|| {
                    re(r"(?i)^(?:my|our|good news|heads up|fyi|news|btw)\b")
                });
                let has_verb = || {
                    let words: Vec<String> = body
                        .split_whitespace()
                        .map(|w| {
                            w.trim_matches(|ch: char| !ch.is_alphanumeric())
                                .to_ascii_lowercase()
                        })
                        .collect();
                    words.iter().enumerate().skip(1).any(|(i, w)| {
                        // "the EuPA abstract went in yesterday" reports.
                        if lexicon::is_past_form(w) {
                            return true;
                        }
                        let lemma = lexicon::lemma(w);
                        (w.ends_with('s') && lemma != *w && lexicon::is_action_verb(&lemma))
                            || (words[i - 1].ends_with('s')
                                && words[i - 1].len() > 3
                                && lexicon::is_action_verb(w))
                    })
                };
                // "vendor report by Friday @priya": the handle said last.
                static TRAIL_HANDLE: LazyLock<Regex> =
                    LazyLock::new(|| re(r"\s+@[\w.\-]*\w\s*[?.!]*\s*$"));
                let handle_last = TRAIL_HANDLE.find(body);
                let item = handle_last.map_or(body, |m| &body[..m.start()]);
                (voc.is_some()
                    && (off > 0 || handle_last.is_some() || voc_from_cell)
                    && !ctx.item
                    && item.split_whitespace().count() <= 12
                    && !NEWS.is_match(item)
                    // "the shipment arrived by noon" reports.
                    && NAMED_DEADLINE.captures(item).is_some_and(|c| {
                        c.name("before").is_none_or(|w| {
                            let w = w.as_str().to_ascii_lowercase();
                            !w.ends_with("ed") && !lexicon::is_past_form(&w)
                        })
                    })
                    && !has_verb())
                .then(|| verbless_item(item))
                .flatten()
                .map(|mut c| {
                    c.verbless = true;
                    c
                })
            })
            // "can one of you book the room? Sung-min, that's probably easiest for
            // you": the one named gets the task just asked of the room.
            .or_else(|| {
                static YOURS: LazyLock<Regex> = LazyLock::new(|| {
                    re(
                        r"(?i)^(?:that(?:\s+one)?(?:'s|’s|\s+is|\s+would\s+be|'d\s+be)|(?:they|those)(?:'re|’re|\s+are)|it(?:'s|’s|\s+is)|you(?:'re|’re|\s+are))\s+(?:probably\s+|prob\s+|likely\s+|maybe\s+|all\s+)?(?:easiest|the\s+easiest|best\s+placed|the\s+best\s+placed|closest\s+to\s+it|yours|on\s+you|one\s+for\s+you)\b",
                    )
                });
                voc.as_ref()
                    .filter(|_| off > 0 && YOURS.is_match(body.trim()))
                    .map(|id| mk(Act::Accept(Some(id.clone())), "", 0, 0.75))
            })
            // A reply that is only "Sure." or "Yes." is all lead: the lead itself
            // accepts ("Sure, I'll organise it" leaves it to the promise).
            .or_else(|| {
                (c.trim() == sentence.trim()
                    && body
                        .trim_matches(|ch: char| !ch.is_alphanumeric())
                        .is_empty())
                .then(|| analyze_clause(c, ctx))
                .flatten()
                .filter(|cl| matches!(cl.act, Act::Accept(None)))
            });
        // "please use the new template", "I'll stay on the dashboards", "keep swaps to a
        // minimum": how to work, or work that goes on, not a task to finish.
        let found = found.filter(|cl| {
            !matches!(
                cl.act,
                Act::Request | Act::Commit | Act::Group | Act::GroupCommit | Act::Assign(_)
            ) || !matches!(
                head_verb(&cl.vp).as_str(),
                "use" | "stay" | "keep" | "monitor"
            )
        });
        if let Some(mut cl) = found {
            // "If you want, I can send the map tonight": the speaker's once someone says yes.
            if offer && matches!(cl.act, Act::Commit) {
                cl.offer = true;
            } else if offer && matches!(cl.act, Act::GroupCommit) {
                continue;
            }
            // "@jas actually @pao will take the cross-dock plan": said of the second person
            // named, not a promise by the speaker ("@ana will do" answers Ana).
            let lead_low = sentence[..body_start].to_ascii_lowercase();
            if matches!(cl.act, Act::Commit)
                && let Some(id) = &voc
                && off > 0
                && body.trim_start().to_ascii_lowercase().starts_with("will ")
                && lead_low.matches('@').count() >= 2
                && !body.to_ascii_lowercase().contains("myself")
            {
                cl.act = Act::Assign(id.clone());
            }
            cl.range = r.clone();
            cl.vp_start = cl.vp_start.saturating_add(body_start);
            // "I'll have a fix in review by tomorrow": fixing the thing just reported.
            static A_FIX: LazyLock<Regex> = LazyLock::new(|| {
                re(
                    r"(?i)^(?:have|get|put|push)\s+(?:a|the)\s+fix\b\s*(?:(?:in for review|up for review|in review|for review|in place|ready|done|pushed|merged|deployed|in|up|out)\b)?(?:\s*(?:in|into|for)?\s*(?:review|(?:[\w\-]+['’]s|the next|the|this|next)\s+(?:build|release|deploy|sprint|train|cut))\b)?(?P<rest>.*)$",
                )
            });
            if let Some(c) = A_FIX.captures(&cl.vp) {
                cl.vp = format!("fix it{}", &c["rest"]);
                cl.vp_start = usize::MAX;
            }
            cl.vocative = voc;
            cl.group_vocative = group;
            cl.topic = topic;
            out.push(cl);
        }
    }
    out
}

/// The participant a capitalised word names in full, first name or surname: not a
/// shortening ("And open ..." is no Andre).
fn whole_name(people: &[Person], word: &str) -> Option<String> {
    people
        .iter()
        .any(|p| {
            p.name
                .split_whitespace()
                .any(|part| part.eq_ignore_ascii_case(word))
        })
        .then(|| people::resolve(people, word))
        .flatten()
}

/// The act a participle of a finished state asks for: "have the menus ready" - prepare
/// them; "need the kits counted" - count them; "sorted" - sort out.
/// "o is <pp> rest" as work to do: the participle's verb on the thing ("the forms are
/// returned" → "return the forms"), when that verb names an action.
fn done_to(c: &regex::Captures) -> Option<String> {
    let verb = done_verb(&c["pp"].to_ascii_lowercase());
    if !lexicon::is_action_verb(verb.split_whitespace().next().unwrap_or("")) {
        return None;
    }
    let o = title::lower_determiner(&c["o"]);
    let o = if o.eq_ignore_ascii_case("they") {
        "them".to_string()
    } else {
        o
    };
    Some(format!("{verb} {o}{}", &c["rest"]))
}

fn done_verb(pp: &str) -> String {
    match pp {
        "ready" | "prepared" => "prepare".to_string(),
        "done" | "finished" | "completed" => "finish".to_string(),
        "sorted" => "sort out".to_string(),
        "set up" | "put up" => pp.to_string(),
        "signed off" => "sign off".to_string(),
        _ => lexicon::lemma(pp),
    }
}

fn mk(act: Act, vp: &str, vp_start: usize, confidence: f32) -> Clause {
    let vp = vp.trim();
    // "can you pls to check with the terminal": the "to" of an infinitive kept by habit.
    let (vp, vp_start) = match vp.get(..3) {
        Some(to)
            if to.eq_ignore_ascii_case("to ") && lexicon::is_action_verb(&first_word(&vp[3..])) =>
        {
            (&vp[3..], vp_start.saturating_add(3))
        }
        _ => (vp, vp_start),
    };
    Clause {
        act,
        range: 0..0,
        vp: vp.to_string(),
        vp_start,
        vocative: None,
        group_vocative: false,
        confidence,
        needs_due: false,
        weak: false,
        topic: None,
        offer: false,
        verbless: false,
    }
}

/// After a vocative ("@dhart reprint the scripts", "Siti - the log to me by 2
/// pls"), a lowercase verb the lexicon does not know, or a verbless "X to me",
/// is still a request.
fn vocative_request(body: &str) -> Option<Clause> {
    let t = body.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?'));
    // "Deepak, you prepare the proposal", "Farhan, you only go": an instruction with its
    // subject spoken, common in meetings and in non-native English.
    static YOU_VERB: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:you|u)\s+(?:just\s+|only\s+|also\s+|then\s+|please\s+|pls\s+)*(?P<vp>(?P<v>[a-z][a-z\-]+)\b.*)$",
        )
    });
    // "Marek you can check them please": a polite request, not permission.
    static YOU_CAN_PLEASE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:you|u)\s+(?:can|could)\s+(?P<vp>(?P<v>[a-z][a-z\-]+)\b.*?)\s*,?\s*(?:please|pls|plz)\b.*$",
        )
    });
    // "You're" as people write it.
    const YOU_ARE: &str = r"(?i)^(?:you're|you’re|you are|youre|ur|u r|u're)\s+";
    // "kev ur on the hot water unit at 14 brunswick st tmrw": the job is theirs.
    static YOURE_ON: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"{YOU_ARE}on\s+(?P<o>(?:the|this|that|it|these|those|all|both)\b.+)$"
        ))
    });
    if let Some(c) = YOURE_ON.captures(t) {
        return Some(mk(
            Act::Request,
            &format!("handle {}", &c["o"]),
            usize::MAX,
            0.75,
        ));
    }
    // A question to the one named: "Marisol, you're doing the invitations?" checks,
    // "Krzysztof, ok to pick it up Thursday?" asks.
    let asked = body.trim_end().ends_with('?');
    // "Tane, you're doing the isolation on 214": the job is given in the progressive.
    static YOURE_DOING: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"{YOU_ARE}(?P<v>doing|taking|handling|covering|running|leading|writing|drafting|preparing|owning|chasing|calling|booking)\s+(?P<o>(?:the|this|that|these|those|all|both|our|their)\b.+)$"
        ))
    });
    // "you're doing the right thing", "you're handling this really well": praise.
    static PRAISE_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:the|this|that|all|our|their)\s+(?:(?:right|best|same|wrong|most|heavy|hard|good|great)\b|.*\b(?:well|great|brilliantly|amazingly)$)",
        )
    });
    if let Some(c) = YOURE_DOING
        .captures(t)
        .filter(|c| !asked && !PRAISE_OBJECT.is_match(&c["o"]))
    {
        return Some(mk(
            Act::Request,
            &format!("{} {}", lexicon::lemma(&c["v"]), &c["o"]),
            usize::MAX,
            0.75,
        ));
    }
    // "Krzysztof, ok to pick it up Thursday?": asked of the one named (without a name,
    // "ok to send the quote?" asks leave).
    static OK_TO: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)^(?:ok|okay|alright|all right)\s+to\s+(?P<vp>(?P<v>[a-z]+)\b.*)$")
    });
    if let Some(c) = OK_TO.captures(t)
        && asked
        && lexicon::is_action_verb(&c["v"].to_ascii_lowercase())
    {
        return Some(mk(Act::Request, &c["vp"], usize::MAX, 0.75));
    }
    if let Some(c) = YOU_CAN_PLEASE.captures(t)
        && lexicon::is_action_verb(&c["v"].to_ascii_lowercase())
    {
        let vp = c.name("vp").map(|m| m.as_str()).unwrap_or("");
        return Some(mk(Act::Request, vp, usize::MAX, 0.75));
    }
    if let Some(c) = YOU_VERB.captures(t) {
        let verb = c["v"].to_ascii_lowercase();
        // "you take the Sligo claim" hands over ownership, which the takeover logic reads.
        let hands_over = matches!(verb.as_str(), "take" | "handle" | "own" | "lead" | "cover");
        // "Then Dwayne, you take it.": hands over the task just discussed.
        if hands_over && PRONOUN_OBJ.is_match(&c["vp"].to_ascii_lowercase()) {
            let vp = c.name("vp").map(|m| m.as_str()).unwrap_or("");
            return Some(mk(Act::Request, vp, usize::MAX, 0.75));
        }
        if lexicon::is_action_verb(&verb) && !hands_over && !hedged(&t.to_ascii_lowercase()) {
            let vp = c.name("vp").map(|m| m.as_str()).unwrap_or("");
            return Some(mk(Act::Request, vp, usize::MAX, 0.75));
        }
    }
    let low = t.to_ascii_lowercase();
    if low.len() != t.len() || t.is_empty() || low.ends_with('?') {
        return None;
    }
    let mut words = low.split_whitespace();
    let fw = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    let lower_start = t.chars().next().is_some_and(|c| c.is_lowercase());
    if lower_start
        && fw.len() > 2
        && fw.chars().all(|c| c.is_ascii_alphabetic())
        && !fw.ends_with("ing")
        && !fw.ends_with("ed")
        // "Gus - saw the confirmation come through": a report, not an ask.
        && !lexicon::is_past_form(fw)
        && !matches!(
            fw,
            "the"
                | "this"
                | "that"
                | "these"
                | "those"
                // "Priya, now that Matt's numbers are in": a condition, not an ask.
                | "now"
                | "since"
                | "because"
                | "once"
                | "if"
                | "while"
                | "unless"
                | "although"
                | "though"
                | "you"
                | "your"
                | "are"
                | "was"
                | "were"
                | "not"
                | "any"
                | "all"
                | "just"
                | "thanks"
                | "how"
                | "what"
                | "why"
                | "who"
                | "where"
                | "when"
                | "did"
                | "does"
                | "have"
                | "has"
                | "will"
                | "would"
                | "could"
                | "can"
                | "should"
                | "its"
                | "it's"
                | "there"
                | "here"
                | "nice"
                | "great"
                | "good"
                | "sorry"
                | "yes"
                | "yeah"
                | "sure"
                | "hope"
                | "looks"
                // "Ben - with the roll we've got two extra days": a preposition opens
                // news, not an ask.
                | "with"
                | "without"
                | "from"
                | "about"
                | "during"
                | "given"
                | "per"
                | "re"
                | "like"
                | "as"
                | "at"
                | "in"
                | "on"
                | "of"
        )
        && matches!(
            second,
            "the"
                | "a"
                | "an"
                | "our"
                | "your"
                | "my"
                | "their"
                | "all"
                | "these"
                | "those"
                | "this"
                | "that"
                | "them"
                | "it"
                | "me"
                | "us"
        )
        && !hedged(&low)
    {
        return Some(mk(Act::Request, t, 0, 0.7));
    }
    if let Some(c) = VERBLESS_SEND.captures(t) {
        let o = c.name("o").map(|m| m.as_str()).unwrap_or("");
        let ol = o.to_ascii_lowercase();
        let rest = c
            .name("rest")
            .map(|m| m.as_str().to_ascii_lowercase())
            .unwrap_or_default();
        let fw = first_word(&ol);
        let marked = ["pls", "please", "plz", "asap", "by ", "before "]
            .iter()
            .any(|k| rest.contains(k));
        if marked
            && !lexicon::is_action_verb(&fw)
            && !matches!(
                fw.as_str(),
                "i" | "we" | "you" | "it" | "they" | "he" | "she" | "this" | "that"
            )
            && !ol.contains(" is ")
            && !ol.contains(" was ")
            && !ol.contains(" will ")
        {
            return Some(mk(Act::Request, &format!("send {o}"), usize::MAX, 0.7));
        }
    }
    None
}

/// An action-item line that names only the deliverable ("complaints MI to Sunita by
/// Friday", "tie-down check of all GSE by Tuesday 18:00"): sending it when a recipient is
/// named, else completing it.
fn verbless_item(body: &str) -> Option<Clause> {
    static TO_WHOM: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?P<o>.{3,80}?)\s+(?:over\s+|back\s+)?to\s+(?P<r>me|us|@?(?-i:[\p{Lu}])[\p{L}'’\-]+)\b",
        )
    });
    static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:is|are|was|were|has|have|had|will|would|should|can|could|done|completed|finished|sent|cancelled|canceled|dropped|postponed|on hold|ok|okay|tbd|n/a|none|nothing|no action|thanks|thank you|still\s+[a-z]+ing|no update|overdue|pending|open\s*[,.;]|open$|asked|agreed|decided|confirmed|said|opens|closes|starts|tbc|aob)\b",
        )
    });
    let t = body.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?'));
    // "All board members: July minutes corrections to Ruth": the label names the owners.
    // "Rahul (taking over from Isabel): budget narrative": the aside is part of the label.
    let t = match t.split_once(": ") {
        Some((label, rest))
            if label
                .split('(')
                .next()
                .unwrap_or(label)
                .split_whitespace()
                .count()
                <= 4 =>
        {
            rest.trim()
        }
        _ => t,
    };
    let fw = first_word(t);
    if fw.is_empty()
        || !t.chars().next().is_some_and(char::is_alphanumeric)
        || lexicon::is_action_verb(&fw)
        || matches!(
            fw.as_str(),
            "i" | "we" | "you" | "it" | "they" | "he" | "she" | "this" | "that" | "no" | "nothing"
        )
        || STATEMENT.is_match(t)
        // "migration 0147_payout_idem_keys", "new middleware `idem.Middleware`": a
        // pull request's or a plan's list of what it changes, not work to do.
        || (t.contains('`') || t.split_whitespace().any(|w| w.contains('_'))) && !TO_WHOM.is_match(t)
        // "topped up at 4pm": a handover reports what was done ("revised budget to Bob"
        // names a deliverable).
        || fw.len() > 4
            && fw.ends_with("ed")
            && matches!(
                t.split_whitespace().nth(1).map(str::to_ascii_lowercase).as_deref(),
                Some(
                    "up" | "out" | "off" | "in" | "down" | "over" | "back" | "at" | "on" | "this"
                        | "yesterday" | "today" | "earlier" | "already"
                )
            )
        || t.split_whitespace().count() > 16
        // "Finance", "AOB": a heading, not a thing to deliver.
        || t.split_whitespace().count() < 2
    {
        return None;
    }
    if let Some(c) = TO_WHOM.captures(t) {
        let recipient = c.name("r").map(|m| m.as_str()).unwrap_or("");
        let object = c.name("o").map(|m| m.as_str()).unwrap_or("");
        let rest = &t[c.get(0).map(|m| m.end()).unwrap_or(t.len())..];
        return Some(mk(
            Act::Request,
            &format!("send {object} to {recipient}{rest}"),
            usize::MAX,
            0.7,
        ));
    }
    Some(mk(Act::Request, &format!("complete {t}"), usize::MAX, 0.65))
}

/// Whether the word after "needs to be" names an action done to the thing ("signed",
/// "sent", "written", "ready"), not a state or a time ("fine", "Monday", "another hundred").
fn names_action(pp: &str) -> bool {
    let not_verb = matches!(
        pp,
        "hundred" | "need" | "feed" | "seed" | "speed" | "red" | "bed" | "shed"
    );
    !not_verb
        && (pp.ends_with("ed")
            || pp.ends_with("en")
            || pp.ends_with("wn")
            || lexicon::lemma(pp) != pp
            || matches!(
                pp,
                "in" | "back"
                    | "out"
                    | "on"
                    | "online"
                    | "live"
                    | "up"
                    | "ready"
                    | "done"
                    | "finished"
                    | "complete"
                    | "completed"
                    | "sent"
                    | "set"
                    | "put"
                    | "cut"
                    | "paid"
                    | "made"
                    | "read"
                    | "built"
                    | "sold"
                    | "kept"
                    | "held"
                    | "met"
                    | "shut"
                    | "reset"
                    | "rerun"
                    | "run"
                    | "split"
                    | "spread"
                    | "forecast"
                    | "broadcast"
            ))
}

fn first_word(s: &str) -> String {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Analyses one clause whose vocative and fillers are already stripped.
fn analyze_clause(body: &str, ctx: &Ctx) -> Option<Clause> {
    let t = body.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?'));
    // "I'll cover ma'am", "will do sir": the one addressed, said last, is no object.
    static TRAILING_HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)[\s,]+(?:sir|ma'am|ma’am|maam|madam|boss|bhai|ji)(?:[\s,]+(?:no problem|no worries|noted|thanks|thank you|sure|ok|okay|will do))*$",
        )
    });
    // "I'll email my boss" keeps its boss.
    let t = TRAILING_HONORIFIC
        .find(t)
        .filter(|m| {
            let before = t[..m.start()].split_whitespace().last().unwrap_or("");
            !matches!(
                before.to_ascii_lowercase().as_str(),
                "the" | "a" | "my" | "your" | "our" | "his" | "her" | "their" | "to" | "in"
            )
        })
        .map_or(t, |m| &t[..m.start()]);
    if t.trim().is_empty() {
        return None;
    }
    let low = t.to_ascii_lowercase();
    let low = low.replace(['’', '‘'], "'");
    // Curly quotes are 3 bytes and "'" is 1: keep offsets valid by only using
    // `low` for matching when lengths agree.
    let low = if low.len() == t.len() {
        low
    } else {
        t.to_ascii_lowercase()
    };
    // "CMR I'll mail you before 12", "Medimex I will call today": the thing or firm
    // named first is the object of the promise after it.
    static TOPIC_PROMISE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?P<np>\p{Lu}[\p{L}\p{N}\-]*(?:\s+[\p{L}\p{N}\-]+){0,2})\s+(?i:i'll|i’ll|i will)\s+(?P<v>[a-z]+)(?:\s+(?P<io>you|him|her|them))?(?P<rest>(?:\s+(?i:before|by|today|tonight|tomorrow|tmrw|this|first|later|asap|now|after|at|on|in|end|eod|next|over|right|straight|soon|as)\b.*)?)$",
        )
    });
    if !hedged(&low)
        && let Some(c) = TOPIC_PROMISE.captures(t)
        && lexicon::is_action_verb(&c["v"])
        && !matches!(
            c["v"].as_ref(),
            "be" | "have" | "get" | "do" | "let" | "see" | "try"
        )
        && c["np"].split_whitespace().all(|w| {
            w.starts_with(|ch: char| ch.is_uppercase()) || w.chars().any(|ch| ch.is_ascii_digit())
        })
        && {
            let np = c["np"].to_ascii_lowercase();
            let first = first_word(&np);
            // "Running late I'll call you", "Absolutely I'll call them", "Report I will
            // mail you": no thing named first.
            !first.ends_with("ing")
                && !first.ends_with("ed")
                && !first.ends_with("ly")
                && !lexicon::is_action_verb(&first)
                && !day_or_month(&first)
                && people::resolve(ctx.people, &c["np"]).is_none()
                && !matches!(
                    first.as_str(),
                    "then" | "so" | "and" | "ok" | "okay" | "sure" | "yes" | "yeah" | "yep"
                        | "maybe" | "also" | "but" | "tomorrow" | "today" | "tonight" | "well"
                        | "fine" | "right" | "great" | "thanks" | "actually" | "otherwise"
                        | "later" | "now" | "first" | "hi" | "hey" | "no" | "if" | "once"
                        | "when" | "honestly" | "alright" | "cool" | "perfect" | "happy"
                        | "definitely" | "probably" | "hopefully" | "afterwards" | "meanwhile"
                        | "i" | "we" | "you" | "he" | "she" | "they" | "it" | "this" | "that"
                        | "noted" | "understood" | "agreed" | "done" | "good" | "sorry"
                        | "oh" | "ah" | "hmm" | "anyway" | "again" | "still" | "soon"
                        | "next" | "tonight's" | "there" | "here" | "after" | "before"
                        // "The invoice I will send tomorrow" is read further on.
                        | "the" | "a" | "an" | "our" | "your" | "my" | "their" | "his" | "her"
                        | "these" | "those"
                )
        }
    {
        let io = c
            .name("io")
            .map_or(String::new(), |m| format!(" {}", m.as_str()));
        let vp = format!("{}{io} {}{}", &c["v"], &c["np"], &c["rest"]);
        return Some(mk(Act::Commit, &vp, usize::MAX, 0.7));
    }
    // "I can't hold anything until I know": waiting on an answer, not a refusal.
    static UNTIL_TOLD: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\buntil\s+(?:i|we)\s+(?:know|hear|have (?:a|the|your) (?:date|answer|go-ahead))\b")
    });
    if DECLINE.is_match(&low) {
        if UNTIL_TOLD.is_match(&low) {
            return None;
        }
        return Some(mk(Act::Decline, "", 0, 0.8));
    }
    // "scratch that, Monday is fine": a new date, not the task withdrawn.
    static SCRATCH_FOR_DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:scratch|forget|ignore|disregard)\s+(?:that|my last)\b[,;:\s\-–]+(?:make it\s+|(?:let's\s+)?say\s+)?(?:by\s+|on\s+)?(?:mon|tue|wed|thu|fri|sat|sun|today|tonight|tomorrow|tmrw|eod|cob|end of|next|noon|the \d|\d)",
        )
    });
    if CANCEL.is_match(&low) && !SCRATCH_FOR_DATE.is_match(&low) {
        return Some(mk(Act::Cancel, "", 0, 0.8));
    }
    if PUT_OFF.is_match(&low) {
        return Some(mk(Act::Decline, "", 0, 0.7));
    }
    if RUNS_THE_MEETING.is_match(&low)
        || AGENDA_LINE
            .captures(&low)
            .is_some_and(|c| !lexicon::is_action_verb(&c["rest"]))
    {
        return None;
    }
    // "Booked, thanks" is done; "Noted, sir" only heard it.
    if COMPLETE.is_match(&low) && !low.starts_with("noted")
        || takes_back_as_done(&low)
        || BARE_DONE.is_match(&low)
    {
        return Some(mk(Act::Complete, "", 0, 0.7));
    }
    // The thing named is what it closes: `vp` carries the report. The broader reports
    // above come first: a short one ("dispatcher fixed") may still close what the speaker
    // was asked, which scored better on every labelled pool than naming only.
    if let Some(done) = state_done(&low, body.trim_end().ends_with('?')) {
        return Some(mk(Act::Complete, &done, 0, 0.7));
    }
    if ACCEPT_ONLY.is_match(&low) || GOT_THIS.is_match(&low) {
        return Some(mk(Act::Accept(None), "", 0, 0.8));
    }
    // Present-tense volunteering, common in non-native English: "I take it, no problem".
    static I_TAKE_IT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:ok[,!]?\s+|okay[,!]?\s+|sure[,!]?\s+)?i\s+(?:take|do|handle|cover)\s+(?:it|this|that|them)\b[\s,.!]*(?:no problem|np|then)?[\s.!👍]*$",
        )
    });
    // "Fine, I'll get back to you by then": a reply to the request, not a new task.
    static GET_BACK: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:fine|ok|okay|sure|yes|great|perfect|noted)[,!.]?\s+)?(?:i'll|i will|will|we'll|we will)\s+get back to (?:you|u)\b(?:\s+(?:on (?:it|that|this)|by then|by|before|tomorrow|today|soon|shortly|asap|later)\b[^,;]*)?[\s.!]*$",
        )
    });
    if GET_BACK.is_match(&low) {
        return None;
    }
    if I_TAKE_IT.is_match(&low) {
        // A volunteer: it may take a task asked of someone else.
        return Some(mk(Act::Accept(None), "take it", 0, 0.8));
    }
    // "in that case no need to re-run the western blots": withdraws the task it names.
    static NO_NEED_TO: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:in that case|then|so|ok|okay|and|also|actually)[,\s]+)*(?:there's\s+|there is\s+|you\s+)?(?:no (?:more )?need to|don't need to|do not need to|won't need to)\s+[\w\-]+\s+(?:the|that|those|these|this|our|your|my)\s+\w",
        )
    });
    // "please drop that", "scrap it", "actually skip the explainer": withdraws what was
    // just asked, or the open task it names.
    static DROP_IT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:so|then|ok|okay|and|also|actually|right|alright|fine)[,\s]+)*(?:let's\s+|let us\s+)?(?:please\s+|pls\s+)?(?:(?:drop|scrap|shelve|bin|skip)\s+(?:that|this|it)(?:\s*$|\s*[,.;!]|\s+(?:and|for now|then|too|as well)\b)|(?:scrap|shelve|skip)\s+(?:the|your|my|our)\s+[\w\-/]+(?:\s*$|\s*[,.;!]|\s+(?:for now|then|too|as well)\b)|(?:ignore|disregard)\s+(?:my|the|our)\s+(?:earlier|previous|last|first)\s+(?:ask|request|email|message|note|mail)\b)",
        )
    });
    // "We need it for the printed programme", "back from another call": why and where,
    // not what. "can you all hear me?", "note we go onto daylight time on Sunday": a
    // meeting's chatter and a notice.
    static NO_ACT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:please|pls|so|and|also)\s+)?(?:(?:we|i)\s+need\s+(?:it|them|this|that)\s+for\b|back from\b|back (?:in|at) (?:the|my)\b|well done\b|get some (?:sleep|rest)\b|(?:updates?|status|news|notes|summary|recap) (?:on|for|from|re)\b[^.!?]*:\s*$|find (?:[\w\-]+\s+){0,8}attached\b|find\b[^.!?]{0,60}\b(?:below|attached|enclosed|herewith)\b|find (?:the |my |our )?(?:updates?|details|status|comments|answers|responses|notes) (?:on|below|inline|for|to)\b|(?:do|does) (?:you|anyone) need anything\b|(?:i|we)(?:'ll| will) join (?:from|remotely|online|by (?:phone|video))\b|(?:i|we)(?:'ll| will) (?:join|attend|dial in(?:to)?|sit in on)(?: it| that| them| you| too| as well)?\s*$|pay (?:particular |close |special |extra )?attention\b|make (?:it|that) \d+\b|allow\s+(?:[\w\-]+\s+){0,3}(?:a|one|two|three|four|five|\d+)\s+(?:days?|weeks?|hours?)\b|(?:open|close|start|end|finish|return|release)\s+[\w\-]+\s+(?:closes|opens|starts|ends|closed|opened|started|ended|is|are|was|were|has|have|went|came)\b|(?:we|i)\s+(?:only\s+|just\s+)?need\s+to\s+be\s+(?:informed|told|updated|kept|copied|cc)|pull request (?:merged|closed|opened|reopened) by\b|reply above this line\b|(?:can|could)\s+(?:you|everyone|everybody)\s+(?:all\s+)?(?:hear\s+(?:me|us)|see\s+my\s+screen)\s*\??\s*$|note\s+(?:that\s+)?(?:we|they|there)\s+(?:is|are|go|goes|will|have|'re|’re|'s|’s)\b|\w+\s+(?:i|we|he|she|they)\s+(?:travel|am|was|will be|arrive|land|leave)\b)",
        )
    });
    if NO_ACT.is_match(&low) || PRAISE.is_match(&low) {
        return None;
    }
    if NO_NEED_TO.is_match(&low) || DROP_IT.is_match(&low) {
        return Some(mk(Act::Cancel, "", 0, 0.8));
    }
    // "Fire officer: leave it, I rang the brigade myself and the walk-through is
    // booked": done by the speaker, which closes the task it names.
    static LEFT_DONE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:[\p{L}][\p{L}0-9'’\-]*(?:\s[\p{L}0-9][\p{L}0-9'’\-]*){0,3}:\s+)?(?:actually\s*,?\s*)?leave (?:it|that|the \w+)\s*[,;.\-–—]\s*(?:i|we)(?:'ve|\s+have)?\s+(?:already\s+|just\s+)?(?:\w{2,}[^e]ed|rang|did|sent|spoke|told|sorted|got)\b",
        )
    });
    if LEFT_DONE.is_match(&low) {
        return Some(mk(Act::Complete, "", 0, 0.6));
    }
    // "let me know by 10 whether bed 11 can go to the lounge": an answer owed by a time,
    // not "let me know if you have questions".
    static LET_KNOW_WHETHER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:please\s+|pls\s+|kindly\s+)?let (?:me|us) know\s+(?:(?:by|before|no later than)\s+[^,;]{1,25}?\s+(?:whether|which|who|how many|how much)|(?:whether|which|how many|how much)\s+\S+(?:\s+\S+)*?\s+by\s)\b",
        )
    });
    static DELIVERABLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:comments|reports?|grades|marks|entries|forms|timesheets|returns|submissions|evidence|scores|claims|expenses|plans|logs|reviews|feedback|assessments|statements|invoices|requests)\b",
        )
    });
    // "Draft comments are due to me by Friday", "Midterm comments are due in Aspen by 4pm
    // Friday": a deliverable owed to the writer or a system, by a date.
    static DUE_TO: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:reminder|just a reminder|fyi|note)[:,!\s\-–]+)?(?:that\s+)?(?P<obj>(?:the\s+|your\s+|all\s+)?[a-z0-9][\w\-'’ /]{2,60}?)\s+(?:is|are)\s+due\s+(?P<to>(?:back\s+)?(?:to|with)\s+(?:me|us)|in\s+[^\s,;]+)\s*,?\s+(?P<when>by|before|no later than|on)\b",
        )
    });
    if let Some(c) = DUE_TO.captures(&low)
        && let (Some(o), Some(to)) = (c.name("obj"), c.name("to"))
        && !matches!(
            first_word(o.as_str()).as_str(),
            "it" | "this" | "that" | "they" | "which" | "i" | "you" | "he" | "she" | "we" | "what"
                | "if" | "once" | "when" | "nothing" | "payment" | "rent"
        )
        // "Midterm comments are due in Aspen by Friday" hands work in; "the engineer is due
        // in Leeds on Monday" arrives.
        && (!to.as_str().starts_with("in ")
            || &c["when"] != "on" && DELIVERABLE.is_match(o.as_str()))
    {
        let obj = title::lower_determiner(&t[o.start()..o.end()]);
        let title = if to.as_str().starts_with("in ") {
            format!("submit {obj} {}", &t[to.start()..to.end()])
        } else {
            format!(
                "send {obj} to {}",
                to.as_str().rsplit(' ').next().unwrap_or("me")
            )
        };
        return Some(mk(Act::Group, &title, usize::MAX, 0.7));
    }
    if let Some(m) = LET_KNOW_WHETHER.find(&low) {
        let at = low[..m.end()].find("let ").unwrap_or(0);
        return Some(mk(Act::Request, &t[at..], at, 0.75));
    }
    if NEGATIVE.is_match(&low)
        || PLEASANTRY.is_match(&low)
        || LEAVE_IT.is_match(&low)
        || NEED_QUESTION.is_match(&low)
    {
        return None;
    }
    // "Please confirm with the Tokyo desk that the templates have been updated": a past
    // participle inside a request is what to check, not a report.
    static ASK_START: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)^(?:please|pls|plz|kindly|could you|can you|would you|could u|can u)\b")
    });
    // "someone should check whether the celesta has been tuned": what to check.
    static CHECK_WHETHER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:check|confirm|verify|find out|ask|make sure|ensure|double-check)\s+(?:whether|if|that)\b",
        )
    });
    // "I'll just upload the e-bundle": "just" after a modal plays a promise down.
    static WILL_JUST: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^i(?:'ll|’ll|\s+will|\s+can|\s+could|'m going to|’m going to)\s+(?:just|already)\b",
        )
    });
    let past = past_start(&low);
    if (COMPLETED.is_match(&low) && !WILL_JUST.is_match(&low) || past)
        && !ASK_START.is_match(&low)
        && (!CHECK_WHETHER.is_match(&low) || past)
    {
        // "I've also booked the confocal": closes the task it names, if any; "we have
        // two spares" reports no action.
        static PERFECT: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:i|we)(?:'ve|\s+have|\s+had)\s+(?:already\s+|just\s+|also\s+|now\s+)?(?:\w+ed|sent|done|made|paid|written|taken|built|got|gotten|told|spoken|run|found|put|set|given|brought|bought|left|signed)\b|^(?:i|we)\s+(?:already|just)\s+\w+|\balready\s+\w+ed\b",
            )
        });
        // "I can do that, I did it last voyage": experience, not this task done.
        static BEFORE_NOW: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)\b(?:last|every|each)\s+(?:time|year|voyage|trip|season|month|quarter|round|cycle|audit|run|batch)\b|\b(?:before|in the past|many times|plenty of times|loads of times)\s*[.!]?$",
            )
        });
        if (PERFECT.is_match(&low) || past) && !BEFORE_NOW.is_match(&low) {
            return Some(mk(Act::Complete, "", 0, 0.6));
        }
        return None;
    }
    // "customer ask for revised quotation, can send today?": the subject dropped.
    static CAN_VERB_Q: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^(?:can|could|pls can)\s+(?P<v>(?P<w>[a-z]+)\b.*)$"));
    if body.trim_end().ends_with('?')
        && let Some(c) = CAN_VERB_Q.captures(&low)
        && !matches!(
            &c["w"],
            "you"
                | "u"
                | "we"
                | "i"
                | "someone"
                | "somebody"
                | "anyone"
                | "it"
                | "they"
                | "he"
                | "she"
        )
        && lexicon::is_action_verb(&c["w"])
    {
        let v = c.name("v").unwrap();
        return Some(mk(Act::Request, &t[v.start()..v.end()], v.start(), 0.7));
    }
    let conditional = CONDITIONAL_OFFER.is_match(&NEXT_ASK.replace(&low, ""));
    let hypo = hedged(&low);

    // "Do you want me to do the QC pass?": the speaker's, once accepted.
    if let Some(c) = OFFER.captures(&low)
        && (body.trim_end().ends_with('?') || !low.starts_with("should"))
        && !hypo
    {
        let v = c.name("v").unwrap();
        let vlow = &low[v.start()..v.end()];
        if !(DO_IT.is_match(vlow) && PRONOUN_OBJ.is_match(vlow)) {
            let mut cl = mk(Act::Commit, &t[v.start()..v.end()], v.start(), 0.75);
            cl.offer = true;
            return Some(cl);
        }
    }
    // "let's have Marta do it", "get @marta to take that": the task just discussed, hers now.
    static HAVE_NAME_DO_IT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?i:let's\s+|let\s+us\s+)?(?i:have|get)\s+(?P<n>@[\w.\-]*\w|\p{Lu}[\p{L}'’\-]+)\s+(?i:to\s+)?(?i:do|take|handle|cover|own)\s+(?i:it|this|that|them)(?i:\s+one)?(?i:\s+instead)?$",
        )
    });
    if let Some(c) = HAVE_NAME_DO_IT.captures(t)
        && let Some(id) = people::resolve(ctx.people, c["n"].trim_start_matches('@'))
    {
        return Some(mk(Act::Accept(Some(id)), "", 0, 0.75));
    }
    // "that's on Kemo", "the badge reprint is on Kemo".
    if let Some(c) = ON_PERSON.captures(t)
        && let Some(id) = people::resolve(ctx.people, c["n"].trim_start_matches('@'))
    {
        if let Some(o) = c.name("o") {
            return Some(mk(
                Act::Assign(id),
                &format!("handle {}", o.as_str()),
                usize::MAX,
                0.7,
            ));
        }
        return Some(mk(Act::Accept(Some(id)), "", 0, 0.75));
    }
    // Minutes style: "So the action is Greg to send the extract by Wednesday",
    // "AI: Ben to book the room", "Sophie to confirm the venue".
    static NAME_TO: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:.{0,80}?:\s+(?-i:AI|Action|Action item):\s+|(?:(?i:so|ok|okay|right)[,\s]+)?(?:(?i:the\s+)?(?i:action(?:\s+item)?|next\s+step|ai|to-?do)(?:\s+(?i:is|for\s+\S+\s+is))?\s*:?\s+)?)(?P<n>@?[\p{Lu}][\p{L}.'’\-]*)\s+to\s+(?P<v>(?P<w>[a-z]+(?:-[a-z]+)?)\b.*)",
        )
    });
    if let Some(c) = NAME_TO.captures(t)
        && (lexicon::is_action_verb(&c["w"])
            || c["w"]
                .strip_prefix("re-")
                .is_some_and(lexicon::is_action_verb))
        && let Some(id) = people::resolve(ctx.people, c["n"].trim_start_matches('@'))
        && !hypo
        && !conditional
    {
        let v = c.name("v").unwrap();
        return Some(mk(Act::Assign(id), v.as_str(), v.start(), 0.8));
    }
    // "It would be great if you could send the slides by Friday", "it'd be a huge help
    // if someone could cover Saturday": a request put politely.
    static WOULD_BE_GREAT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:while\s+you're\s+(?:in|at)\s+(?:there|it),?\s+)?(?:it|that)(?:'d|’d|\s+would)\s+be\s+(?:really\s+|so\s+|very\s+|super\s+)?(?:great|ideal|helpful|brilliant|perfect|amazing|good|lovely|nice|awesome|fantastic|a\s+(?:big|huge|great|real)\s+help)\s+if\s+(?P<who>you|u|someone|somebody|anyone|one of you|you guys|you both|you two)\s+(?:could|can|would|were able to|are able to)\s+(?P<v>[a-z]+\b.*)$",
        )
    });
    if let Some(c) = WOULD_BE_GREAT.captures(t)
        && lexicon::is_action_verb(&first_word(&c["v"].to_ascii_lowercase()))
    {
        let room = !matches!(
            c["who"].to_ascii_lowercase().as_str(),
            "you" | "u" | "you guys" | "you both" | "you two"
        );
        let act = if room { Act::Group } else { Act::Request };
        let mut cl = mk(act, &c["v"], usize::MAX, 0.75);
        cl.needs_due = false;
        return Some(cl);
    }
    // "What I really need from you is the traffic plan over to Tarmac before Tuesday":
    // the thing needed, said last.
    static WHAT_I_NEED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:so\s+|and\s+|but\s+)?(?:what|all)\s+(?:i|we)\s+(?:really\s+|still\s+|also\s+|actually\s+)?(?:need|want|'d like|’d like|would like)\s+(?:from\s+(?:you|u)\s+)?(?:now\s+)?is\s+(?:for\s+(?:you|u)\s+to\s+(?P<v>[a-z]+\b.*)|(?P<o>(?:the|a|an|your|some|all|\d+)\b.+?))$",
        )
    });
    if let Some(c) = WHAT_I_NEED.captures(t)
        && !hypo
    {
        if let Some(v) = c.name("v")
            && lexicon::is_action_verb(&first_word(&v.as_str().to_ascii_lowercase()))
        {
            return Some(mk(Act::Request, v.as_str(), usize::MAX, 0.75));
        }
        if let Some(o) = c.name("o") {
            let o = o.as_str();
            // "the plan over to Tarmac": sent there.
            let vp = if o.to_ascii_lowercase().contains(" over to ")
                || o.to_ascii_lowercase().contains(" to ")
            {
                format!("send {o}")
            } else {
                format!("send me {o}")
            };
            return Some(mk(Act::Request, &vp, usize::MAX, 0.7));
        }
    }
    // "have the printed menus ready the day before the wedding": prepare them.
    static HAVE_READY: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:please\s+|pls\s+)?have\s+(?P<o>(?:the|a|an|all|your|our|those|these|this|that|\d+)\b.+?)\s+(?P<pp>ready|done|finished|prepared|printed|signed|booked|sorted|cleaned|packed|loaded|set up)\b(?P<rest>.*)$",
        )
    });
    if let Some(c) = HAVE_READY.captures(t)
        && !hypo
        && !conditional
        // "have the route walked and cleaned up": two steps, read elsewhere.
        && !c["o"].split_whitespace().any(|w| w.eq_ignore_ascii_case("and"))
    {
        let verb = done_verb(&c["pp"].to_ascii_lowercase());
        let o = title::lower_determiner(&c["o"]);
        return Some(mk(
            Act::Request,
            &format!("{verb} {o}{}", &c["rest"]),
            usize::MAX,
            0.75,
        ));
    }
    // Handing out work in the present tense: "Alex, your team takes the romance
    // turndowns", "you take the lobby", "Ravi handles the vendor calls".
    static YOU_TAKE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?P<you>you|u|your\s+(?:team|guys|crew|people|lot)|you\s+(?:guys|two|both))|(?P<n>(?-i:[\p{Lu}][\p{L}'’\-]+)))\s+(?:(?P<v>take|handle|own|cover|lead|do|run)s?|does)\s+(?P<o>(?:the|this|that|these|those|all|both|our|their)\b.+)$",
        )
    });
    if let Some(c) = YOU_TAKE.captures(t)
        && !hypo
        && !conditional
        && !t.trim_end().ends_with('?')
    {
        let verb = c
            .name("v")
            .map_or("do", |m| m.as_str())
            .to_ascii_lowercase();
        let vp = format!("{verb} {}", &c["o"]);
        if c.name("you").is_some() {
            return Some(mk(Act::Request, &vp, usize::MAX, 0.7));
        }
        if let Some(id) = c
            .name("n")
            .and_then(|n| people::resolve(ctx.people, n.as_str()))
        {
            return Some(mk(Act::Assign(id), &vp, usize::MAX, 0.7));
        }
    }
    // A recap's "Omar calls the treasurer this afternoon", "Priya does the graphic by
    // Wednesday": the person named does it.
    if ctx.recap
        && let Some(c) = RECAP_THIRD.captures(t)
        && let Some(id) = people::resolve(ctx.people, &c["n"])
        && !hypo
        && !conditional
    {
        let w = c["w"].to_ascii_lowercase();
        let verb = if w == "does" {
            Some("do".to_string())
        } else {
            [w.strip_suffix("es"), w.strip_suffix('s')]
                .into_iter()
                .flatten()
                .find(|v| lexicon::is_action_verb(v))
                .map(str::to_string)
        };
        if let Some(verb) = verb {
            // "... and sends Priya the actuals": the second verb in its base form too.
            static AND_VERB: LazyLock<Regex> =
                LazyLock::new(|| re(r"\band\s+(?P<w>[a-z]{2,}?)(?P<s>es|s)\b"));
            let rest = c.name("rest").map_or("", |m| m.as_str());
            let rest = AND_VERB.replace_all(rest, |a: &regex::Captures| {
                let (w, s) = (&a["w"], &a["s"]);
                if lexicon::is_action_verb(w) {
                    format!("and {w}")
                } else if s == "es" && lexicon::is_action_verb(&format!("{w}e")) {
                    format!("and {w}e")
                } else {
                    a[0].to_string()
                }
            });
            return Some(mk(
                Act::Assign(id),
                &format!("{verb}{rest}"),
                usize::MAX,
                0.75,
            ));
        }
    }
    // Third person: "Dana will handle the slides", "actually, Sam will take it".
    // "Priya can we move the go/no-go?": a question to Priya, not Priya's task.
    let third = THIRD.captures(t).filter(|c| {
        !matches!(
            first_word(&c["v"].to_ascii_lowercase()).as_str(),
            "we" | "i" | "you" | "u" | "they" | "he" | "she" | "it" | "ur" | "your"
        )
    });
    if let Some(c) = third {
        let name = c.name("n").map(|m| m.as_str()).unwrap_or("");
        let lname = name.to_ascii_lowercase();
        if !matches!(
            lname.as_str(),
            "i" | "we"
                | "you"
                | "it"
                | "this"
                | "that"
                | "they"
                | "he"
                | "she"
                | "someone"
                | "everyone"
                | "who"
                | "what"
                | "which"
        ) {
            let v = c.name("v").unwrap();
            if let Some(id) = people::resolve(ctx.people, name) {
                if hypo || conditional {
                    return None;
                }
                let vp = v.as_str();
                // "Daniel will be busy with the audit": a state, not a task ("will be
                // sending the deck" is one).
                let mut words = vp.split_whitespace().map(str::to_ascii_lowercase);
                if words.next().as_deref() == Some("be")
                    && !words.next().is_some_and(|w| {
                        // "will be the one to prepare ...", "will be responsible for".
                        w.ends_with("ing") || matches!(w.as_str(), "the" | "responsible" | "in")
                    })
                {
                    return None;
                }
                if DO_IT.is_match(&vp.to_ascii_lowercase())
                    && PRONOUN_OBJ.is_match(&vp.to_ascii_lowercase())
                    || vp.trim().is_empty()
                {
                    return Some(mk(Act::Accept(Some(id)), "", 0, 0.8));
                }
                return Some(mk(Act::Assign(id), vp, v.start(), 0.8));
            }
            // Named owner who is not a participant: not our task.
            if name.chars().next().is_some_and(|ch| ch.is_uppercase())
                && !lexicon::is_action_verb(&lname)
                && name != "Please"
            {
                let w = first_word(name);
                if !matches!(
                    w.as_str(),
                    "please"
                        | "pls"
                        | "can"
                        | "could"
                        | "would"
                        | "will"
                        | "let"
                        | "someone"
                        | "somebody"
                        | "everyone"
                        | "the"
                        | "we"
                        | "you"
                        | "i"
                ) {
                    return None;
                }
            }
        }
    }
    // "Henrik is on the line now": on a call, not on a job.
    static ON_THE_LINE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:the\s+(?:line|phone|call|way)|(?:his|her|their)\s+way|leave|holiday|vacation|break|lunch|site|shift|call|mute)\b",
        )
    });
    if let Some(c) = THIRD_ON.captures(t)
        && let Some(id) = people::resolve(ctx.people, &c["n"])
        && !ON_THE_LINE.is_match(c.name("v").map_or("", |m| m.as_str()).trim_start())
    {
        let v = c.name("v").unwrap();
        if v.as_str().trim().is_empty() || PRONOUN_OBJ.is_match(&format!("do {}", v.as_str())) {
            return Some(mk(Act::Accept(Some(id)), "", 0, 0.75));
        }
        // "Farid is covering the ED stat orders tonight": the verb is the task's.
        let verb = match &c["ing"] {
            "on" => "handle",
            ing => &lexicon::lemma(ing),
        };
        return Some(mk(
            Act::Assign(id),
            &format!("{verb} {}", v.as_str().trim_start()),
            usize::MAX,
            0.75,
        ));
    }

    // "Priya has the deck by Thursday" in a recap: hers to deliver by then ("Priya has the
    // keys" names no task).
    static HAS_BY: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?P<n>@[\w.\-]*\w|[\p{Lu}][\p{L}'’\-]*(?:\s[\p{Lu}][\p{L}'’\-]*)?)\s+(?:has|'s got|has got)\s+(?P<o>(?i:the|a|an|our|your|their|his|her)\s+[^,;]{2,60}?)\s+(?P<d>(?i:by|before|no later than)\s+.+)$",
        )
    });
    if let Some(c) = HAS_BY.captures(t)
        && let Some(id) = people::resolve(ctx.people, &c["n"])
    {
        let mut cl = mk(
            Act::Assign(id),
            &format!("deliver {} {}", &c["o"], &c["d"]),
            usize::MAX,
            0.7,
        );
        cl.needs_due = true;
        return Some(cl);
    }

    // "I'm on the GST F5 filing, will submit by EOD tmr": the job is the speaker's, with
    // a promise ahead ("I'm on the billing export bug" alone is what they are doing now).
    static IM_ON: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:ok|okay|yes|yeah|sure)[,!.]?\s+)?(?:i'm|i’m|i am|im)\s+(?:already\s+|now\s+)?on\s+(?P<o>(?:the|this|that|these|those|our|my)\s+[^,;]+),\s*(?:and\s+)?(?:will|i'll|i will|gonna)\s+\w+.*$",
        )
    });
    if let Some(c) = IM_ON.captures(t)
        && !ON_THE_LINE.is_match(c["o"].trim_start())
        && !c["o"].split_whitespace().nth(1).is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().trim_end_matches([',', '.']),
                "phone"
                    | "line"
                    | "call"
                    | "way"
                    | "site"
                    | "train"
                    | "bus"
                    | "road"
                    | "floor"
                    | "ward"
                    | "list"
                    | "rota"
                    | "team"
                    | "shift"
                    | "nights"
                    | "days"
                    | "case"
            )
        })
        && !hypo
    {
        return Some(mk(
            Act::Commit,
            &format!("handle {}", &c["o"]),
            usize::MAX,
            0.7,
        ));
    }
    static PAST_OR_EVERY_DAY: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\b(?:last|since|every|each|past|previous)\s+(?:mon|tue|wed|thu|fri|sat|sun)")
    });
    // Commitments by the speaker.
    // "ok, I call them this morning", "yes I send it to you tomorrow": a present-tense
    // promise, common in non-native English, needs a time ahead to be one.
    static PRESENT_PROMISE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:ok|okay|yes|yeah|sure|inshallah|no problem|fine)[,!.]?\s+)*i\s+(?P<v>(?P<w>[a-z]+)\b.*\b(?:tomorrow|tmrw|tomorow|today|tonight|this (?:morning|afternoon|evening|week)|next (?:week|monday|tuesday|wednesday|thursday|friday)|(?:by|until|till) (?:end|eod|monday|tuesday|wednesday|thursday|friday|tomorrow|tonight|the \d)|(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b.*)$",
        )
    });
    // "hospital job inspection i'll do 2moro first thing", "And the certified translation
    // of the birth certificates, I finish by Friday noon", "Report I will mail you by
    // tomorrow": the thing said first is what the promise does.
    static FRONTED_PROMISE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:and\s+|also\s+|as for\s+)?(?P<o>(?:the\s+|my\s+|our\s+|that\s+|this\s+)?[a-z][\w\-]*(?:\s+[\w\-]+){1,8}?)\s*,?\s+(?P<will>i'll|i will|ill|i can|i)\s+(?P<w>do|handle|take|finish|sort|cover|send|submit|check|fix|mail|email|share|forward|give|pass|bring|post|return|review|prepare|update|book|order|print|upload|sign|draft|write)\b(?:\s+(?:it|that|this|them|those))?(?:\s+(?P<to>you|u|him|her|us)\b)?(?P<rest>.*)$",
        )
    });
    if !hypo
        && !conditional
        && let Some(c) = FRONTED_PROMISE.captures(&low)
        && !c["o"].split_whitespace().any(|w| {
            matches!(
                w,
                "i" | "you" | "u" | "we" | "they" | "he" | "she" | "it" | "if" | "when" | "ok"
                    | "okay" | "sure" | "yes" | "yeah" | "no" | "so" | "but" | "then" | "and"
                    | "or" | "is" | "are" | "was" | "were" | "will" | "can" | "thanks" | "think"
                    | "guess" | "fine" | "problem" | "because" | "once" | "after" | "before"
                    | "one" | "ones" | "all" | "both" | "rest" | "for" | "about" | "regarding"
                    | "with" | "to" | "on" | "today" | "tomorrow" | "tonight" | "now" | "later"
                    | "first" | "next" | "meanwhile" | "worries" | "actually" | "honestly"
                    | "maybe" | "right" | "great" | "good" | "perfect" | "noted" | "also"
            ) || w.ends_with("'s") && w.len() <= 5
                || taskstream_nlp_dates::is_day_word(w)
        })
        // "Report I will mail you": a recipient fits only what is handed over ("the
        // report I'll call you about" is no call of the report).
        && (c.name("to").is_none()
            || matches!(
                &c["w"],
                "send" | "mail" | "email" | "share" | "forward" | "give" | "pass" | "bring"
                    | "return" | "submit"
            ))
        && !lexicon::is_action_verb(&first_word(&c["o"]))
        // "I finish by Friday" without "will" needs a time ahead.
        && (&c["will"] != "i" || PRESENT_PROMISE.is_match(&format!("i {}{}", &c["w"], &c["rest"])))
    {
        let o = &t[c.name("o").expect("object").range()];
        let rest = &t[c.name("rest").expect("rest").range()];
        let lowered = title::lower_determiner(o);
        let o = lowered.as_str();
        let o = o
            .strip_prefix("that ")
            .or_else(|| o.strip_prefix("this "))
            .unwrap_or(o);
        let o = if o
            .split_whitespace()
            .next()
            .is_some_and(|w| matches!(w.to_ascii_lowercase().as_str(), "the" | "my" | "our"))
        {
            o.to_string()
        } else {
            format!("the {o}")
        };
        let to = c
            .name("to")
            .map_or(String::new(), |to| format!(" to {}", to.as_str()));
        let act = if c["will"].starts_with("we") {
            Act::GroupCommit
        } else {
            Act::Commit
        };
        return Some(mk(
            act,
            &format!("{} {o}{to}{rest}", &c["w"]),
            usize::MAX,
            0.7,
        ));
    }
    if !hypo
        && !conditional
        && let Some(c) = PRESENT_PROMISE.captures(&low)
        && lexicon::is_action_verb(&c["w"])
        // "I put it in the drive last Monday", "I run it every Friday": not ahead.
        && !PAST_OR_EVERY_DAY.is_match(&low)
        // "I take it" is a volunteer, read by I_TAKE_IT.
        && &c["w"] != "take"
    {
        let v = c.name("v").unwrap();
        return Some(mk(Act::Commit, &t[v.start()..v.end()], v.start(), 0.75));
    }
    // "can do it first thing Monday", "can send them tmrw": a promise with its "I"
    // dropped (a question would name who: "can you ...", "can Priya ...").
    static CAN_DO_IT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:can|could)\s+(?P<v>(?:do|take|handle|send|get|have|cover|finish|sort|check|bring|share)\s+(?:it|that|this|them)\b.*)$",
        )
    });
    if !hypo
        && !low.trim_end().ends_with('?')
        && let Some(c) = CAN_DO_IT.captures(&low)
    {
        let v = c.name("v").unwrap();
        return Some(mk(Act::Commit, &t[v.start()..v.end()], v.start(), 0.75));
    }
    // "I'll need your deep-clean schedule the day before", "I'll also need someone to
    // help me" ask, read below.
    static WILL_NEED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:i|we)(?:'ll|’ll|\s+will)\s+(?:also\s+|still\s+|really\s+)?need\s+(?:someone|somebody|some1|anyone|a|an|the|your|all|some|those|these|my|our|updated|final|new|revised|[a-z]+['’]s|\d+)\b",
        )
    });
    let will_need = WILL_NEED.is_match(&low);
    if let Some(c) = COMMIT.captures(&low).filter(|_| !will_need) {
        if hypo {
            return None;
        }
        let v = c.name("v").unwrap();
        let vp = &t[v.start()..v.end()];
        let lead = &low[..v.start()];
        // "I'd like to update the script" promises; "I'd like to thank everyone" does not.
        let wish = [" like to", " want to"]
            .iter()
            .any(|w| lead.trim_end().ends_with(w));
        if wish && !lexicon::is_action_verb(&first_word(vp)) {
            return None;
        }
        // Pidgin "I go call her" promises; "I go to the gym" does not.
        if lead.trim_end().ends_with(" go") && !lexicon::is_action_verb(&first_word(vp)) {
            return None;
        }
        // Subjectless "will review tonight" is the speaker; "will you ..." is a request.
        let subjectless = !lead.contains('i')
            || lead.trim_start().starts_with("will")
            || lead.trim_start().starts_with("going");
        if subjectless
            && matches!(
                first_word(&low[v.start()..]).as_str(),
                "you"
                    | "u"
                    | "we"
                    | "someone"
                    | "anyone"
                    | "it"
                    | "that"
                    | "this"
                    | "they"
                    | "he"
                    | "she"
                    | "be"
                    | "there"
                    // "Will the retrofit affect the rotation?" asks about a thing.
                    | "the"
                    | "a"
                    | "an"
                    | "our"
                    | "your"
                    | "their"
                    | "these"
                    | "those"
            )
        {
            return None;
        }
        // "I can ..." commits only when it answers a request (CONVENTIONS §2); alone it
        // offers, and needs a date to count.
        let tentative =
            lead.contains("i can") || lead.contains("i could") || lead.contains("happy to");
        // "I can offer it to ortho if you want" is an offer: the caller marks it so, and
        // it becomes a task only when taken up. Other conditions hold it back.
        if conditional && !OFFER_TAIL.is_match(&low) {
            return None;
        }
        let vlow = &low[v.start()..v.end()];
        if ACCEPT_PHRASE.is_match(&low)
            && (DO_IT.is_match(vlow)
                && (PRONOUN_OBJ.is_match(vlow) || vlow.split_whitespace().count() <= 1))
        {
            return Some(mk(Act::Accept(None), vp, v.start(), 0.8));
        }
        if let Some(h) = have_to_you(vp) {
            let mut cl = mk(
                Act::Commit,
                &format!("send {}", h.name("o").map(|m| m.as_str()).unwrap_or("")),
                usize::MAX,
                0.75,
            );
            cl.needs_due = tentative;
            if PRONOUN_OBJ.is_match(&format!(
                "x {}",
                h.name("o").map(|m| m.as_str()).unwrap_or("")
            )) {
                return Some(mk(Act::Accept(None), "", 0, 0.75));
            }
            return Some(cl);
        }
        if let Some(h) = HAVE_DONE.captures(vp) {
            // "I can have all of them analyzed in two weeks", "I'll have it by Friday".
            let pp = h.name("pp").map(|m| m.as_str()).unwrap_or("");
            let o = h.name("o").map(|m| m.as_str()).unwrap_or("");
            let rest = h.name("rest").map(|m| m.as_str()).unwrap_or("");
            let verb = if matches!(pp, "ready" | "finished") {
                "finish".to_string()
            } else {
                lexicon::lemma(pp)
            };
            let mut cl = mk(Act::Commit, &format!("{verb} {o}{rest}"), usize::MAX, 0.75);
            cl.needs_due = tentative;
            return Some(cl);
        }
        // "I'll be the one filing it", "I'll be the one to brief them", "I'll be
        // responsible for booking the hall": a promise in other words.
        static BE_THE_ONE: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^be\s+(?:the\s+one\s+(?:to\s+|who\s+(?:will\s+|'ll\s+)?)?|responsible\s+for\s+|in\s+charge\s+of\s+)(?P<w>[a-z]+)\b(?P<rest>.*)$",
            )
        });
        if let Some(b) = BE_THE_ONE.captures(vp) {
            let verb = lexicon::lemma(&b["w"]);
            if lexicon::is_action_verb(&verb) {
                let mut cl = mk(
                    Act::Commit,
                    &format!("{verb}{}", &b["rest"]),
                    usize::MAX,
                    0.75,
                );
                cl.needs_due = tentative;
                return Some(cl);
            }
        }
        let fw = first_word(vlow);
        // "I'll let the finance controllers know about the delay": telling someone is the
        // task (titled "tell ..."); "I'll let you know" is not.
        if let Some(c) = LET_KNOW.captures(vp)
            && !matches!(
                c["who"].trim().to_ascii_lowercase().as_str(),
                "you" | "u" | "me" | "us" | "y'all" | "you all" | "you both" | "you guys"
            )
        {
            return Some(mk(Act::Commit, vp, v.start(), 0.75));
        }
        if LEAVE_AS_IS.is_match(vlow) {
            return None;
        }
        if fw == "have" && (PRONOUN_OBJ.is_match(vlow) || vlow.split_whitespace().count() <= 2) {
            return Some(mk(Act::Accept(None), "", 0, 0.75));
        }
        // "I'll let the hood guys in": opening up for someone is a job.
        static LET_IN: LazyLock<Regex> = LazyLock::new(|| {
            re(r"(?i)^let\s+(?:the\s+|him\s|her\s|them\s)[^,.;!?]{0,40}?\b(?:in|through)\b")
        });
        if fw == "let" && LET_IN.is_match(vlow) {
            return Some(mk(Act::Commit, vp, v.start(), 0.75));
        }
        if matches!(fw.as_str(), "be" | "see" | "know" | "let" | "try" | "keep" | "need" | "hope" | "think" | "probably" | "get" if fw != "get")
        {
            return None;
        }
        if matches!(
            fw.as_str(),
            "be" | "see" | "know" | "try" | "think" | "hope" | "probably" | "not"
        ) {
            return None;
        }
        // "I'll send Pancho from my crew to do it": the speaker takes the task on and
        // has someone else do it.
        static DELEGATE_IT: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:send|get|have|ask)\s+[^,;.]{1,40}?\s+(?:to\s+)?(?:do|handle|cover|sort|take care of)\s+(?:it|that|this|them)\b",
            )
        });
        if DELEGATE_IT.is_match(vlow) {
            return Some(mk(Act::Accept(None), "do it", usize::MAX, 0.75));
        }
        let mut cl = mk(Act::Commit, vp, v.start(), 0.8);
        if tentative
            || lead.contains("i need to")
            || lead.contains("i should")
            || lead.contains("i have to")
        {
            cl.needs_due = tentative;
            cl.confidence = 0.7;
        }
        return Some(cl);
    }
    if let Some(c) = PROGRESSIVE.captures(&low) {
        let v = c.name("v").unwrap();
        let vp = &t[v.start()..v.end()];
        let fw = first_word(vp);
        // "I'm talking to their rep this afternoon anyway": a reason for what comes
        // next ("I'll handle it"), not a task of its own.
        let anyway = low.trim_end_matches(['.', '!', ',']).ends_with("anyway");
        if hypo
            || anyway
            || matches!(
                fw.as_str(),
                "going"
                    | "thinking"
                    | "hoping"
                    | "wondering"
                    | "looking"
                    | "trying"
                    | "waiting"
                    | "getting"
            ) && !lexicon::is_action_verb(&lexicon::lemma(&fw))
        {
            return None;
        }
        let lem = lexicon::lemma(&fw);
        let rest = &vp[fw.len().min(vp.len())..];
        let mut cl = mk(Act::Commit, &format!("{lem}{rest}"), usize::MAX, 0.7);
        // "I'm calling the wholesaler right away": begun at once, so no date is needed.
        static AT_ONCE: LazyLock<Regex> = LazyLock::new(|| {
            re(r"(?i)\b(?:right away|straight away|immediately|right now|asap)\b")
        });
        cl.needs_due = !(AT_ONCE.is_match(&low) && lexicon::is_action_verb(&lem));
        return Some(cl);
    }
    // "We will need the revised ETA by Wednesday" asks for it (read below).
    if !NEED_OBJ.is_match(&low)
        && let Some(c) = GROUP_COMMIT.captures(&low)
    {
        let v = c.name("v").unwrap();
        let vlow = &low[v.start()..v.end()];
        // "We'll now hear the superintendent's report": the meeting's own order.
        static MEETING_FLOW: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:now\s+)?(?:hear|turn to|move on|move to|go to|start with|begin with|continue with|break for|adjourn|reconvene)\b",
            )
        });
        if hypo || conditional || MEETING_FLOW.is_match(vlow) || LEAVE_AS_IS.is_match(vlow) {
            return None;
        }
        if let Some(h) = have_to_you(&t[v.start()..v.end()]) {
            let o = h.name("o").map(|m| m.as_str()).unwrap_or("");
            if PRONOUN_OBJ.is_match(&format!("x {}", o.to_ascii_lowercase())) {
                return Some(mk(Act::Accept(None), "", 0, 0.6));
            }
            return Some(mk(Act::GroupCommit, &format!("send {o}"), usize::MAX, 0.6));
        }
        if let Some(h) = HAVE_DONE.captures(&t[v.start()..v.end()]) {
            // "we'll have the pit membrane patched before he gets here".
            let pp = h.name("pp").map(|m| m.as_str()).unwrap_or("");
            let o = h.name("o").map(|m| m.as_str()).unwrap_or("");
            let rest = h.name("rest").map(|m| m.as_str()).unwrap_or("");
            let ol = o.to_ascii_lowercase();
            if !PRONOUN_OBJ.is_match(&format!("x {ol}")) && first_word(vlow) == "have" {
                let verb = match pp {
                    "ready" | "finished" | "done" => "finish".to_string(),
                    _ => lexicon::lemma(pp),
                };
                return Some(mk(
                    Act::GroupCommit,
                    &format!("{verb} {o}{rest}"),
                    usize::MAX,
                    0.6,
                ));
            }
        }
        if WE_STOP.is_match(vlow) {
            return None;
        }
        if DO_IT.is_match(vlow)
            && (PRONOUN_OBJ.is_match(vlow) || vlow.split_whitespace().count() <= 1)
        {
            return Some(mk(Act::Accept(None), "", 0, 0.6));
        }
        return Some(mk(Act::GroupCommit, &t[v.start()..v.end()], v.start(), 0.6));
    }

    if let Some(c) = NEEDS_GERUND.captures(t) {
        let o = c.name("o").map(|m| m.as_str()).unwrap_or("");
        let g = c
            .name("g")
            .map(|m| m.as_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut rest = c.name("rest").map(|m| m.as_str()).unwrap_or("");
        if !hypo && !conditional && !matches!(g.as_str(), "nothing" | "something" | "everything") {
            let mut verb = if g == "doing" {
                "complete".to_string()
            } else {
                lexicon::lemma(&g)
            };
            for p in ["off", "up", "out", "over", "back", "through", "in"] {
                let rl = rest.trim_start().to_ascii_lowercase();
                if rl == p || rl.starts_with(&format!("{p} ")) {
                    verb = format!("{verb} {p}");
                    let lead = rest.len() - rest.trim_start().len();
                    rest = &rest[lead + p.len()..];
                    break;
                }
            }
            let o = title::lower_determiner(thing_named(o));
            return Some(mk(
                Act::Group,
                &format!("{verb} {o}{rest}"),
                usize::MAX,
                0.65,
            ));
        }
    }

    if let Some(c) = WHO_CAN.captures(&low)
        && !hypo
    {
        let v = c.name("v").unwrap();
        let vlow = &low[v.start()..v.end()];
        if request_ish(vlow)
            && !matches!(
                first_word(vlow).as_str(),
                "help" | "make" | "come" | "join" | "attend"
            )
        {
            return Some(mk(Act::Group, &t[v.start()..v.end()], v.start(), 0.65));
        }
    }
    // "someone chk the drone batteries tonite pls": an imperative put to the room.
    static SOMEONE_DO: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:then|just|also|and)\s+)*(?:someone|somebody|smbdy|somebdy|some1)\s+(?:also\s+|pls\s+|please\s+|plz\s+)?(?P<v>(?P<w>[a-z]+)\b.*)",
        )
    });
    if let Some(c) = SOMEONE_DO.captures(&low)
        && !hypo
        && !conditional
    {
        let w = match &c["w"] {
            "chk" => "check",
            w => w,
        };
        if lexicon::is_action_verb(w) {
            let v = c.name("v").map(|m| m.range()).unwrap_or(0..0);
            let vp = format!("{w}{}", &t[v.start + c["w"].len()..v.end]);
            return Some(mk(Act::Group, &vp, v.start, 0.65));
        }
    }
    // Group asks.
    for g in GROUP.iter() {
        if let Some(c) = g.captures(&low) {
            if hypo || conditional {
                return None;
            }
            if let Some(v) = c.name("v") {
                let vlow = &low[v.start()..v.end()];
                if low.starts_with("let") && LETS_STOP.is_match(vlow) {
                    return None;
                }
                let mut cl = mk(Act::Group, &t[v.start()..v.end()], v.start(), 0.7);
                if low.starts_with("we should") || low.starts_with("we could") {
                    cl.weak = true;
                    cl.confidence = 0.5;
                }
                return Some(cl);
            }
            if let Some(o) = c.name("o") {
                let obj = &t[o.start()..o.end()];
                let obj_low = obj.trim().to_ascii_lowercase();
                let words: Vec<&str> = obj_low.split_whitespace().collect();
                // "They need to be live": whom "they" means is not said here. "the numbers
                // from Pooja to calculate the liquidated damages": a purpose, not a state.
                // "no protocol deviation should be closed without review": a rule, and a
                // negative one.
                if matches!(
                    obj_low.as_str(),
                    "they" | "he" | "she" | "we" | "you" | "i" | "these" | "those"
                ) || matches!(words.first(), Some(&("no" | "nothing" | "none" | "never")))
                    // "they said nothing needs to be moved": a report, and a negative one.
                    || words.iter().any(|w| {
                        matches!(*w, "nothing" | "nobody" | "said" | "says" | "told" | "thinks" | "thought")
                    })
                    || words
                        .windows(2)
                        .any(|w| w[0] == "to" && lexicon::is_action_verb(w[1]))
                {
                    continue;
                }
                // "we need an alert when a scheduled job ...": the participle belongs to a
                // clause inside the object, not to the object.
                if c.name("pp").is_some()
                    && obj.split_whitespace().any(|w| {
                        matches!(
                            w.to_ascii_lowercase().as_str(),
                            "when" | "if" | "because" | "which" | "who" | "while" | "whenever"
                        )
                    })
                {
                    continue;
                }
                // "we need 8 vaccinators for the expected turnout": after a determiner the
                // participle describes a noun.
                if c.name("pp").is_some()
                    && obj.split_whitespace().count() > 1
                    && obj.split_whitespace().last().is_some_and(|w| {
                        matches!(
                            w.to_ascii_lowercase().as_str(),
                            "the" | "a" | "an" | "our" | "your" | "their" | "this" | "that" | "its"
                        )
                    })
                {
                    continue;
                }
                if let Some(pp) = c.name("pp") {
                    let rest = c.name("rest").map(|m| &t[m.start()..m.end()]).unwrap_or("");
                    let verb = match pp.as_str() {
                        "ready" => "prepare".to_string(),
                        "done" | "finished" | "completed" | "complete" => "finish".to_string(),
                        p => lexicon::lemma(p),
                    };
                    // A participle names the action ("signed", "sent", "written"); a state
                    // word does not ("should be fine", "must be yesterday's change").
                    let participle = names_action(pp.as_str());
                    if verb == "be" || pp.as_str().ends_with("ing") || !participle {
                        return None;
                    }
                    // "the incident has to be on Datix", "the floor set has to be in
                    // all stores": a state to reach, named by its place, not an action.
                    let rest_low = rest.trim_start().to_ascii_lowercase();
                    let place = matches!(
                        pp.as_str(),
                        "at" | "with" | "under" | "over" | "from" | "of" | "there" | "here"
                    ) || (matches!(pp.as_str(), "in" | "back")
                        && matches!(first_word(&rest_low).as_str(), "all" | "every" | "each"));
                    if place {
                        return None;
                    }
                    // "needs to be out (of the door) by Friday": sent out.
                    let rest = if pp.as_str() == "out" {
                        rest.trim_start()
                            .strip_prefix("of the door")
                            .or_else(|| rest.trim_start().strip_prefix("the door"))
                            .unwrap_or(rest)
                    } else {
                        rest
                    };
                    let obj = title::lower_determiner(obj);
                    // "need door hangers out to those addresses and the outage map
                    // updated": a second thing in its own state is a second step.
                    static AND_PP: LazyLock<Regex> = LazyLock::new(|| {
                        re(
                            r"^(?P<r1>.*?)\s+and\s+(?P<o2>(?:the|a|an|our|your|their)\s+[^,;]{1,40}?)\s+(?P<pp2>[a-z]{3,}ed)\b(?P<rest2>.*)$",
                        )
                    });
                    let second;
                    let rest = match AND_PP.captures(rest) {
                        Some(c) => {
                            second = format!(
                                "{} and {} {}{}",
                                &c["r1"],
                                lexicon::lemma(&c["pp2"]),
                                title::lower_determiner(&c["o2"]),
                                &c["rest2"]
                            );
                            second.as_str()
                        }
                        None => rest,
                    };
                    // "the notice has to be in the Gazette", "containment must be in
                    // place": put somewhere, not handed in.
                    let into_place = pp.as_str() == "in"
                        && matches!(
                            first_word(&rest_low).as_str(),
                            "the"
                                | "a"
                                | "an"
                                | "our"
                                | "their"
                                | "his"
                                | "her"
                                | "your"
                                | "my"
                                | "place"
                        );
                    // "we need the PP samples in Hamburg by 12.11.": sent to a place.
                    let to_town = pp.as_str() == "in"
                        && rest
                            .trim_start()
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase);
                    let title = match pp.as_str() {
                        "in" if into_place => format!("put {obj} in{rest}"),
                        "in" if to_town => format!("send {obj} to{rest}"),
                        "in" | "back" => format!("turn {} {obj}{rest}", pp.as_str()),
                        "out" => format!("send out {obj} {}", rest.trim_start()),
                        // "has to be on Datix", "must be online by the 2nd": put there.
                        "on" | "online" | "live" | "up" => {
                            format!("put {obj} {}{rest}", pp.as_str())
                        }
                        _ => format!("{verb} {obj}{rest}"),
                    };
                    return Some(mk(Act::Group, &title, usize::MAX, 0.7));
                }
                return Some(mk(Act::Group, &format!("get {obj}"), usize::MAX, 0.65));
            }
            // "it has to be signed" asks; "it has to be Monday morning" dates.
            if let Some(pp) = c.name("pp")
                && names_action(pp.as_str())
            {
                let rest = c.name("rest").map(|m| &t[m.start()..m.end()]).unwrap_or("");
                let verb = lexicon::lemma(pp.as_str());
                return Some(mk(Act::Group, &format!("{verb} it{rest}"), usize::MAX, 0.6));
            }
        }
    }

    // "Jess, make sure it's signed by Friday", "please ensure the forms are returned":
    // the work is the participle's verb on the thing.
    static MAKE_SURE_DONE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:please|pls|kindly)\s+)?(?:make sure|ensure|be sure)\s+(?:that\s+)?(?P<o>it|they|this|that|these|those|(?:the|all|our|your|their|both)\s[^,;]{1,50}?)\s*(?:'s|’s|\s+is|\s+are|\s+gets?|\s+has been|\s+have been)\s+(?:all\s+)?(?P<pp>signed off|set up|[a-z]{3,}ed|sent|paid|done)\b(?P<rest>.*)$",
        )
    });
    if let Some(vp) = MAKE_SURE_DONE.captures(t).and_then(|c| done_to(&c)) {
        return Some(mk(Act::Request, &vp, usize::MAX, 0.8));
    }
    // Requests to the addressee.
    for rq in REQ.iter() {
        if let Some(c) = rq.captures(&low) {
            // "you ok to ship it." grants leave; only "you ok to ship it?" asks.
            if rq.as_str().contains(r"(?:you|u)\s+(?:ok|okay|alright")
                && !body.trim_end().ends_with('?')
            {
                continue;
            }
            // Patterns are told apart by their text, not their place in the list.
            let ask_you = rq
                .as_str()
                .contains(r"^(?:can|could|would|will)\s+(?:you|u|ya");
            let can_i_get = rq.as_str().contains(r"\s+i\s+(?:get|have)\s");
            if let Some(g) = c.name("g") {
                let vp = &t[g.start()..g.end()];
                let fw = first_word(vp);
                let lem = lexicon::lemma(&fw);
                let rest = &vp[fw.len().min(vp.len())..];
                return Some(mk(Act::Request, &format!("{lem}{rest}"), usize::MAX, 0.85));
            }
            let mut v = c.name("v").unwrap().range();
            // "please do a full recount", "please do that by Friday": "do" is the
            // verb, not emphasis ("please do send").
            if low[..v.start].ends_with("do ")
                && matches!(
                    first_word(&low[v.clone()]).as_str(),
                    "a" | "an"
                        | "our"
                        | "your"
                        | "all"
                        | "another"
                        | "the"
                        | "that"
                        | "this"
                        | "it"
                        | "them"
                        | "these"
                        | "those"
                        | "my"
                        | "his"
                        | "her"
                        | "their"
                        | "some"
                        | "both"
                        | "one"
                )
            {
                v.start -= 3;
            }
            let vlow = &low[v.clone()];
            if ask_you && !request_ish(vlow) {
                return None;
            }
            if can_i_get {
                // "can I get the numbers" -> "Get the numbers".
                return Some(mk(
                    Act::Request,
                    &format!("get {}", &t[v.start..v.end]),
                    usize::MAX,
                    0.75,
                ));
            }
            if let Some(h) = HAVE_DONE.captures(&t[v.start..v.end]) {
                // "could you have it finalised by Friday" -> "finalise it".
                let pp = h.name("pp").map(|m| m.as_str()).unwrap_or("");
                let o = h.name("o").map(|m| m.as_str()).unwrap_or("");
                let rest = h.name("rest").map(|m| m.as_str()).unwrap_or("");
                if !matches!(pp, "ready" | "finished" | "done") {
                    let verb = lexicon::lemma(pp);
                    return Some(mk(
                        Act::Request,
                        &format!("{verb} {o}{rest}"),
                        usize::MAX,
                        0.85,
                    ));
                }
            }
            return Some(mk(Act::Request, &t[v.start..v.end], v.start, 0.85));
        }
    }
    if body.trim_end().ends_with('?')
        && let Some(c) = YOU_CAN_Q.captures(&low)
    {
        let v = c.name("v").unwrap();
        let vlow = &low[v.start()..v.end()];
        if request_ish(vlow) && lexicon::is_action_verb(&first_word(vlow)) {
            return Some(mk(Act::Request, &t[v.start()..v.end()], v.start(), 0.7));
        }
    }
    if let Some(c) = REQ_INNER.captures(&low) {
        let v = c.name("v").unwrap();
        if request_ish(&low[v.start()..v.end()]) {
            return Some(mk(Act::Request, &t[v.start()..v.end()], v.start(), 0.75));
        }
    }
    // "Community Foundation grant application to be submitted by 10 July": a minute's
    // thing and what is to be done to it.
    static TO_BE_DONE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<o>[^,;:]{3,80}?)\s+(?:is\s+|are\s+)?to\s+be\s+(?P<pp>[a-z]{3,}(?:ed|en)|done|sent|paid|built|put up|set up)\b(?P<rest>.*)$",
        )
    });
    if let Some(c) = TO_BE_DONE.captures(t)
        && !c["o"].split_whitespace().any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "has"
                    | "have"
                    | "had"
                    | "needs"
                    | "need"
                    | "must"
                    | "should"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "will"
                    | "would"
                    | "going"
                    | "got"
                    | "i"
                    | "we"
                    | "you"
                    | "they"
                    | "it"
                    | "this"
                    | "that"
                    | "wants"
                    | "want"
                    | "seems"
                    | "used"
            )
        })
        && let Some(vp) = done_to(&c)
    {
        return Some(mk(Act::Group, &vp, usize::MAX, 0.65));
    }
    // "I need you on the Dundas Street sinkhole": put to work there.
    static NEED_YOU_ON: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:after|once|when)\s+[^,]{1,40}?,?\s+)?(?:i|we)\s+(?:really\s+|still\s+|also\s+)?need\s+(?:you|u)\s+on\s+(?P<o>(?:the|a|an|your|our|this|that)\s.+)$",
        )
    });
    if let Some(c) = NEED_YOU_ON.captures(t) {
        return Some(mk(
            Act::Request,
            &format!("work on {}", &c["o"]),
            usize::MAX,
            0.7,
        ));
    }
    if let Some(c) = NEED_OBJ.captures(&low) {
        let o = c.name("o").unwrap();
        // "I need your approval by Thursday": approving is the task, of what was
        // named ("it") unless said ("your sign-off on the budget").
        static NOMINAL: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:your|the)\s+(?P<n>approval|sign-off|signoff|sign off|confirmation|feedback|input|comments|review|decision|go-ahead)(?:\s+(?:on|of|for|about)\s+(?P<rest>(?:[^,.;!?]|\.\d)+?))?(?:\s+(?:by|before|until|no later than|asap|today|tomorrow|tonight|this|next|otherwise|so|as)\b.*|\s*(?:[,;!?]|\.(?:\s|$)).*)?$",
            )
        });
        let object = &t[o.start()..o.end()];
        // "need the VGM for TGHU 882301-4 submitted to the carrier": the participle says
        // what to do with it, a request as plain as "submit the VGM".
        static DONE_TO: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?P<np>[^,;:!?]{2,80}?)\s+(?P<pp>[a-z]{2,}(?:ed|en)|done|sent|built|paid|put up|set up|sorted|signed off)(?:\s+and\s+(?P<pp2>[a-z]+ed))?(?P<rest>(?:[^\w\-;!?][^;!?]*)?)$",
            )
        });
        if let Some(d) = DONE_TO.captures(object) {
            let pp = d["pp"].to_ascii_lowercase();
            let verb = done_verb(&pp);
            // "counted and sealed": both steps.
            let verb = match d.name("pp2") {
                Some(p2) => format!("{verb} and {}", lexicon::lemma(p2.as_str())),
                None => verb,
            };
            let np = title::lower_determiner(&d["np"]);
            if lexicon::is_action_verb(verb.split_whitespace().next().unwrap_or(""))
                && !np.split_whitespace().any(|w| {
                    matches!(
                        w.to_ascii_lowercase().as_str(),
                        "is" | "are" | "was" | "were" | "to" | "i" | "we" | "you"
                    )
                })
            {
                return Some(mk(
                    Act::Request,
                    &format!("{verb} {np}{}", &d["rest"]),
                    usize::MAX,
                    0.7,
                ));
            }
        }
        // "I need everyone's one-paragraph summaries by the end of next month": asked of
        // the whole room.
        static EVERYONES: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^(?:everyone|everybody|all of your|each of your|all your)(?:['’]s)?\s+(?P<what>.+)$",
            )
        });
        if let Some(e) = EVERYONES.captures(object) {
            let mut cl = mk(
                Act::Group,
                &format!("send me the {}", &e["what"]),
                usize::MAX,
                0.6,
            );
            cl.needs_due = false;
            return Some(cl);
        }
        static FROM_YOU: LazyLock<Regex> =
            LazyLock::new(|| re(r"(?i)^(?P<o>.+?)\s+from\s+(?:you|u)\b(?P<rest>.*)$"));
        let vp = match NOMINAL.captures(object) {
            Some(n) => {
                let what = n.name("rest").map_or("it", |m| m.as_str());
                let verb = match n["n"].to_ascii_lowercase().as_str() {
                    "approval" | "go-ahead" => "approve",
                    "sign-off" | "signoff" | "sign off" => "sign off",
                    "confirmation" => "confirm",
                    "review" => "review",
                    "decision" => "decide on",
                    _ => "give feedback on",
                };
                format!("{verb} {what}")
            }
            // "I need your deep-clean schedule", "I need the cut list from you": sent to
            // the one who needs it.
            None => match object
                .strip_prefix("your ")
                .or_else(|| object.strip_prefix("Your "))
            {
                Some(what) => format!("send me the {what}"),
                None => match FROM_YOU.captures(object) {
                    Some(f) => format!("send me {}{}", &f["o"], &f["rest"]),
                    None => format!("provide {object}"),
                },
            },
        };
        let mut cl = mk(Act::Request, &vp, usize::MAX, 0.6);
        cl.needs_due = false;
        cl.weak = true;
        return Some(cl);
    }
    if let Some(c) = THING_NEEDS.captures(&low) {
        let s = &t[c.name("s").unwrap().range()];
        let o = &t[c.name("o").unwrap().range()];
        let sl = s.to_ascii_lowercase();
        // "For the Mahler on the 14th we need ...", "The charter says we need ...": the
        // need is ours, said after a lead.
        if let Some(at) = sl.rfind(" we").filter(|&at| at + 3 == sl.len()) {
            let from = c.name("s").unwrap().start() + at + 1;
            return analyze_clause(&t[from..], ctx);
        }
        if !matches!(
            first_word(&sl).as_str(),
            "i" | "we" | "you" | "it" | "this" | "that" | "he" | "she" | "they"
        ) && !PEOPLE_SUBJ.is_match(&sl)
        {
            let mut cl = mk(Act::Request, &format!("get {s} {o}"), usize::MAX, 0.55);
            cl.weak = true;
            if BEFORE_BY.is_match(o) {
                // "the Hendon van needs a new front tyre before Monday": a group ask.
                cl.act = Act::Group;
                cl.needs_due = true;
            }
            return Some(cl);
        }
    }

    // "incident form for the discrepancy needs to go in by fri": a thing to submit (or,
    // going out, to send) by then, asked of the room.
    static GOES_IN: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<s>(?:the\s+|our\s+|your\s+|this\s+|that\s+)?[\w'’\-]+(?:\s+[\w'’\-]+){0,7}?)\s+(?:needs|has|have|need)\s+to\s+go\s+(?P<d>in|out|off)\b(?P<rest>.*)$",
        )
    });
    if let Some(c) = GOES_IN.captures(&low)
        && BEFORE_BY.is_match(&c["rest"])
        && !hypo
    {
        let s = &t[c.name("s").unwrap().range()];
        let sl = s.to_ascii_lowercase();
        if !matches!(
            first_word(&sl).as_str(),
            "i" | "we" | "you" | "it" | "this" | "that" | "he" | "she" | "they" | "everything"
        ) && !PEOPLE_SUBJ.is_match(&sl)
        {
            let verb = if &c["d"] == "in" { "submit" } else { "send" };
            let object = if matches!(first_word(&sl).as_str(), "the" | "our" | "your") {
                title::lower_determiner(s)
            } else {
                format!("the {s}")
            };
            let mut cl = mk(Act::Group, &format!("{verb} {object}"), usize::MAX, 0.6);
            cl.needs_due = true;
            return Some(cl);
        }
    }

    // Plain imperative: starts with an action verb ("do" only with its object: "do a
    // full recount").
    let fw = first_word(&low);
    // "do send me the plan": "do" only insists.
    if fw == "do"
        && !hypo
        && !conditional
        && !body.trim_end().ends_with('?')
        && let Some(next) = low.split_whitespace().nth(1)
        && next != "do"
        && lexicon::is_action_verb(next)
        // "do send me the plan", "do send Raj the contract", not "do test results come
        // back the same day".
        && low.split_whitespace().nth(2).is_some_and(|w| {
            matches!(
                w,
                "the" | "a" | "an" | "me" | "us" | "it" | "them" | "this" | "that" | "your"
                    | "our" | "my" | "him" | "her" | "those" | "these" | "both" | "all"
            ) || people::resolve(ctx.people, w).is_some()
        })
        && let Some(at) = low.find(next)
    {
        return Some(mk(Act::Request, &t[at..], at, 0.75));
    }
    // "Do the participants get the material?" asks; "the needful" is no object.
    // "do it?" is what is left of "can Marta do it?" once the name is read: the task just
    // discussed, handed to her.
    static DO_IT_ASKED: LazyLock<Regex> =
        LazyLock::new(|| re(r"^do\s+(?:it|this(?:\s+one)?|that(?:\s+one)?|them)$"));
    let do_object = fw == "do"
        && (!body.trim_end().ends_with('?')
            && !low.starts_with("do the needful")
            && !low.contains(" best")
            && matches!(
                low.split_whitespace().nth(1).unwrap_or(""),
                "a" | "an" | "our" | "your" | "all" | "another"
            )
            || body.trim_end().ends_with('?') && DO_IT_ASKED.is_match(&low));
    if (lexicon::is_action_verb(&fw) || do_object) && !hypo && !conditional {
        // "Send me ..." vs "Set of ..." / "Book club ...": require something after the verb.
        let second_word = low.split_whitespace().nth(1).unwrap_or("");
        let determiner = matches!(
            second_word,
            "the"
                | "a"
                | "an"
                | "my"
                | "our"
                | "your"
                | "their"
                | "this"
                | "that"
                | "these"
                | "those"
                | "all"
                | "some"
                | "me"
                | "us"
                | "him"
                | "her"
                | "them"
                | "it"
                | "any"
                | "every"
                | "each"
        );
        // Said of a person ("Email Ana about the missing invoice") or asking a question
        // ("check whether the pump is running"), the words are an order, not a subject.
        let second_word_is_no_subject = {
            let w = second_word;
            matches!(
                w,
                "me" | "us"
                    | "him"
                    | "her"
                    | "them"
                    | "you"
                    | "if"
                    | "whether"
                    | "that"
                    | "how"
                    | "what"
                    | "when"
                    | "where"
                    | "who"
                    | "why"
            ) || people::resolve(ctx.people, w.trim_matches(|c: char| !c.is_alphanumeric()))
                .is_some()
        };
        // "Grade A limit is no growth": a grade's letter, not an article.
        let determiner = determiner
            && !(second_word == "a"
                && t.split_whitespace().nth(1) == Some("A")
                && t.split_whitespace()
                    .nth(2)
                    .is_some_and(|w| w.starts_with(|c: char| c.is_lowercase())));
        // "Hand hygiene 96% for March": a measure and its figure.
        static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)^\S+\s+(?:[a-z][\w\-]*\s+){0,2}?(?P<w>[a-z][\w\-]*)\s+\d+(?:\.\d+)?\s*%\s*(?:$|for\b|in\b|vs\.?\s|\(|,|;|\.|-)",
            )
        });
        // "reduce waste by 10%", "cut costs 10% by Q3" still ask.
        let measure = !matches!(
            fw.as_str(),
            "cut"
                | "reduce"
                | "raise"
                | "increase"
                | "lower"
                | "grow"
                | "boost"
                | "improve"
                | "drop"
                | "decrease"
                | "bring"
                | "get"
                | "keep"
        ) && MEASURE.captures(&low).is_some_and(|c| {
            !matches!(
                &c["w"],
                "by" | "to" | "from" | "at" | "of" | "under" | "below" | "above" | "over"
            )
        });
        // "Open queries: 212 open as of today": a label and its count.
        static LABEL_COUNT: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"^\S+(?:\s+[^\s:]+){0,2}:\s+\d[\d,.]*\s*(?:$|\(|open|closed|pending|outstanding|remaining|left|overdue|resolved|done|complete)",
            )
        });
        // "Line 2 stays down until the swabs are back", "Order 5521 ships Monday": a
        // thing with its number, then what it does.
        static NUMBERED_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"^\S+\s+(?:#?\d[\w\-./]*|[a-z]{1,3}-?\d[\w\-]*)\s+(?:stays|remains|ships|runs|goes|shows|needs|is|are|was|were|has|have|had|starts|ends|opens|closes|lands|arrives|leaves|looks|sits|gets|got|came|comes|will|should|can|could|must|might|may)\b",
            )
        });
        if !determiner
            && !matches!(
                fw.as_str(),
                "check" | "confirm" | "verify" | "ensure" | "test" | "make"
            )
            && NUMBERED_SUBJECT.is_match(&low)
        {
            return None;
        }
        if !determiner
            && (STATEMENT_AFTER_NOUN.is_match(&low)
                || measure
                || LABEL_COUNT.is_match(&low)
                || long_subject_statement(&low)
                || !second_word_is_no_subject
                    && (STATE_AFTER_NOUN.is_match(&low) || STATEMENT_LONG.is_match(&low)))
        {
            // "Run 7 at 200 liters finished Friday": a noun, not a verb.
            return None;
        }
        let past = |w: &str| w.len() > 4 && w.ends_with("ed") || lexicon::is_past_form(w);
        // "Reset calls dropped by about half": a noun, its plural, then a past verb.
        let third = low.split_whitespace().nth(2).unwrap_or("");
        if !determiner && second_word.len() > 3 && second_word.ends_with('s') && past(third) {
            return None;
        }
        // "order placed, PO 44810", "email sent.": a thing reported done.
        let participle = second_word.trim_end_matches([',', '.', ';', ':', '!']);
        let ends_there = low
            .split_whitespace()
            .nth(2)
            .is_none_or(|_| second_word.ends_with([',', '.', ';', ':', '!']));
        // "call fixed for Wed 4th", "meeting moved to Friday": a thing reported done, with
        // when or where; "get started on it", "keep posted on it" still ask.
        let reported_when = matches!(
            third,
            "for"
                | "to"
                | "with"
                | "on"
                | "at"
                | "by"
                | "in"
                | "from"
                | "until"
                | "till"
                | "yesterday"
                | "today"
                | "tomorrow"
                | "this"
                | "last"
        ) && !matches!(
            fw.as_str(),
            "get" | "have" | "keep" | "stay" | "be" | "leave"
        );
        if (ends_there || reported_when) && !determiner && past(participle) {
            return None;
        }
        // "Stack E done, all 3-high.", "Bay 4 cleared.": a short name, then its state.
        let third_bare = third.trim_end_matches([',', '.', ';', ':', '!']);
        if !determiner
            && !matches!(fw.as_str(), "get" | "have" | "keep" | "make" | "leave")
            && matches!(
                third_bare,
                "done" | "sorted" | "fixed" | "finished" | "complete" | "completed" | "cleared"
            )
            && (third.len() > third_bare.len() || low.split_whitespace().nth(3).is_none())
        {
            return None;
        }
        // "load dropping, 24A now", "server crashing again": a noun and what it is doing;
        // "keep going", "finish packing" still ask.
        let gerund = participle.len() > 5 && participle.ends_with("ing");
        if gerund
            && !matches!(
                fw.as_str(),
                "keep"
                    | "stop"
                    | "start"
                    | "finish"
                    | "try"
                    | "avoid"
                    | "continue"
                    | "begin"
                    | "quit"
                    | "go"
                    | "get"
                    | "resume"
                    | "consider"
                    | "skip"
                    | "practice"
                    | "practise"
            )
            && (ends_there
                || matches!(
                    third,
                    "again" | "now" | "fast" | "badly" | "still" | "slowly" | "since"
                ))
        {
            return None;
        }
        let n_words = low.split_whitespace().count();
        // "Open items: venue contract (Felipe), ...": a heading, not "open" the items.
        if second_word.ends_with(':')
            && matches!(
                second_word.trim_end_matches(':'),
                "items"
                    | "points"
                    | "actions"
                    | "notes"
                    | "questions"
                    | "issues"
                    | "topics"
                    | "updates"
                    | "steps"
                    | "priorities"
                    | "blockers"
                    | "tasks"
                    | "tickets"
                    | "bugs"
                    | "risks"
                    | "requests"
                    | "cases"
                    | "incidents"
                    | "decisions"
            )
        {
            return None;
        }
        let second = second_word.trim_end_matches([',', '.', ';', ':', '!']);
        // "Change record's in, CHG0052214", "Set point's thirty four": the thing is in, or
        // at a value, a report.
        if (second.ends_with("'s") || second.ends_with("’s"))
            && (third_bare.starts_with(|c: char| c.is_ascii_digit())
                || lexicon::is_number_word(third_bare)
                || matches!(
                    third_bare,
                    "in" | "out"
                        | "up"
                        | "done"
                        | "ready"
                        | "sorted"
                        | "fixed"
                        | "booked"
                        | "sent"
                        | "live"
                        | "back"
                        | "down"
                        | "here"
                        | "gone"
                        | "finished"
                        | "complete"
                        | "empty"
                        | "full"
                        | "broken"
                        | "through"
                        | "approved"
                        | "signed"
                        | "twenty"
                        | "thirty"
                        | "forty"
                        | "fifty"
                        | "sixty"
                        | "seventy"
                        | "eighty"
                        | "ninety"
                        | "hundred"
                        | "at"
                        | "now"
                        | "still"
                ))
        {
            return None;
        }
        // "reset there, that works": a verb and a place is agreement, not a task.
        if ends_there && matches!(second, "there" | "here") {
            return None;
        }
        // "Open dashboard: https://...": a link's label.
        if second_word.ends_with(':') && third.starts_with("http") {
            return None;
        }
        // "Mark Dunn, 26 Mar 2026, 16:48": a capitalised verb and a capitalised word after
        // it, then a comma or nothing, is someone's name heading a message.
        let mut words = t.split_whitespace();
        let (first_orig, second_orig, third_orig) = (
            words.next().unwrap_or(""),
            words.next().unwrap_or(""),
            words.next().unwrap_or(""),
        );
        let surname = second_orig.trim_end_matches(',');
        let name_then_stamp = surname.len() > 2
            && first_orig.starts_with(|c: char| c.is_uppercase())
            && surname.starts_with(|c: char| c.is_uppercase())
            && surname.chars().skip(1).all(char::is_lowercase)
            && (second_orig.ends_with(',') && third_orig.starts_with(|c: char| c.is_ascii_digit())
                || n_words == 2
                    && people::resolve(ctx.people, &format!("{first_orig} {surname}"))
                        .is_some_and(|id| people::resolve(ctx.people, surname) == Some(id))
                    && whole_name(ctx.people, first_orig).is_some());
        if name_then_stamp {
            return None;
        }
        // "Open floor." is a noun phrase; "Call Dana." / "Send it." are imperatives.
        // "Book room (Priya)" as an action item: an item names its task tersely.
        let two_ok = n_words > 2
            || ctx.item && n_words == 2
            || matches!(
                second,
                "it" | "them"
                    | "this"
                    | "that"
                    | "me"
                    | "us"
                    | "him"
                    | "her"
                    | "everyone"
                    | "everything"
            )
            || people::resolve(ctx.people, second).is_some();
        // "Mock exam timetable." is an agenda heading, not "mock" the timetable.
        // "Book room (Priya)": an owner in brackets is no third word of a heading.
        let heading = n_words == 3
            && !determiner
            && people::resolve(ctx.people, second).is_none()
            && !third.starts_with('(');
        // "top shelf of the cold room, blue box": a place, not "top" the shelf.
        let position = matches!(
            fw.as_str(),
            "top" | "bottom" | "front" | "back" | "side" | "head" | "face" | "second" | "total"
        ) && !determiner
            && !matches!(
                second,
                "up" | "off" | "out" | "in" | "down" | "it" | "them" | "everything" | "all"
            );
        if n_words >= 2
            && two_ok
            && !heading
            && !position
            && !low.ends_with('?')
            && !matches!(
                second,
                "is" | "was"
                    | "are"
                    | "were"
                    | "has"
                    | "had"
                    | "of"
                    | "will"
                    | "would"
                    | "can"
                    | "'s"
                    | "and"
                    // "Re-test done this morning, in spec": a report on the named step.
                    | "done"
                    | "completed"
                    | "finished"
                    | "complete"
            )
        {
            return Some(mk(Act::Request, t, 0, 0.75));
        }
    }
    None
}

/// The thing a "needs replacing" sentence is about, without the report around it: "the
/// technician says the expansion tank" names the tank, "the membrane on the Bucher has a
/// tear, it" the membrane.
fn thing_named(o: &str) -> &str {
    static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\b(?:says|said|thinks|reckons|mentioned|noticed|told (?:me|us))\s+(?:that\s+)?")
    });
    static STATE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\s+(?:has|have|had|is|are|was|were)\s+[^,]*,\s*(?:it|they|this|that|so it)\s*$")
    });
    let o = REPORTED.find(o).map_or(o, |m| &o[m.end()..]);
    STATE.find(o).map_or(o, |m| &o[..m.start()])
}

/// After "can you", is this an action rather than "can you believe" / "can you see"?
fn request_ish(vlow: &str) -> bool {
    let fw = first_word(vlow);
    !matches!(
        fw.as_str(),
        "believe"
            | "see"
            | "hear"
            | "imagine"
            | "tell"
            | "confirm"
            | "remind"
            | "explain"
            | "be"
            | "think"
            | "recall"
            | "remember"
            | "guess"
    ) || matches!(fw.as_str(), "confirm" | "remind" | "tell")
        // "can you confirm by noon Monday whether the trays will be ready?": an answer
        // owed by a time is work; without one it is a question.
        && (!vlow.contains(" if ") && !vlow.contains(" whether ")
            || fw == "confirm" && DEADLINE_WORD.is_match(vlow))
        && !vlow.starts_with("tell me what")
        && !vlow.starts_with("tell me how")
        && !vlow.starts_with("tell me why")
}

static DEADLINE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:by|before|no later than)\s+(?:noon|midday|eod|cob|end|tomorrow|tmrw|tonight|today|this|next|mon|tue|wed|thu|fri|sat|sun|\d)",
    )
});

/// Does the clause only refer back to an earlier task ("do it", "book it")?
pub fn pronoun_object(vp: &str) -> bool {
    let l = vp.to_ascii_lowercase();
    PRONOUN_OBJ.is_match(&l) || l.split_whitespace().count() <= 1
}

/// "Fri", "Sat", "Sun", "May": a day or a month, which a name's prefix could be taken for.
pub(crate) fn day_or_month(word: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    taskstream_nlp_dates::is_day_word(&w)
        || w == "sept"
        || MONTHS
            .iter()
            .any(|m| w == *m || w.len() == 3 && m.starts_with(&w))
}

/// Verb heading a verb phrase, lowercased.
pub fn head_verb(vp: &str) -> String {
    first_word(vp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Person> {
        vec![
            Person {
                id: "u1".into(),
                name: "Sam Lee".into(),
                email: String::new(),
                handle: "sam".into(),
            },
            Person {
                id: "u2".into(),
                name: "Ana Diaz".into(),
                email: String::new(),
                handle: "ana".into(),
            },
        ]
    }

    fn act(s: &str) -> Option<Act> {
        let p = people();
        let ctx = Ctx {
            people: &p,
            item: false,
            recap: false,
        };
        analyze(s, &ctx).into_iter().next().map(|c| c.act)
    }

    #[test]
    fn chat_group_asks_and_bare_vocatives() {
        assert_eq!(
            act("ppl pls get ur timesheets into Procore b4 u leave today"),
            Some(Act::Group)
        );
        assert_eq!(
            act("should someone re-order pipette tips?"),
            Some(Act::Group)
        );
        assert_eq!(act("let's not change anything yet"), None);
        let p = people();
        let ctx = Ctx {
            people: &p,
            item: false,
            recap: false,
        };
        let c = analyze("Sam I need the scrap report for June", &ctx);
        assert_eq!(c.first().and_then(|c| c.vocative.as_deref()), Some("u1"));
    }

    #[test]
    fn a_short_condition_before_please() {
        assert_eq!(
            act("After my OK please publish it on the e-Vergabe platform"),
            Some(Act::Request)
        );
    }

    #[test]
    fn third_person_commitments_with_courtesies() {
        assert_eq!(
            act("Sam has kindly agreed to re-run the sanctions screening"),
            Some(Act::Assign("u1".into()))
        );
        assert_eq!(
            act("Sam sir will revert on the revised BOQ"),
            Some(Act::Assign("u1".into()))
        );
    }

    #[test]
    fn non_native_request_forms() {
        assert_eq!(
            act("Now I need that you prepare the media plan for June"),
            Some(Act::Request)
        );
        assert_eq!(
            act("Ana, can you to ask the production house for the quote?"),
            Some(Act::Request)
        );
    }

    #[test]
    fn two_people_addressed_share_the_task() {
        let p = people();
        let ctx = Ctx {
            people: &p,
            item: false,
            recap: false,
        };
        let c = analyze(
            "Sam and Ana, please prepare the counter-proposal together",
            &ctx,
        );
        assert_eq!(c.first().map(|c| c.act.clone()), Some(Act::Request));
        assert!(c[0].group_vocative && c[0].vocative.is_none(), "{c:?}");
    }

    #[test]
    fn instructions_with_a_spoken_you() {
        assert_eq!(
            act("Sam, you prepare the proposal and share the draft with me"),
            Some(Act::Request)
        );
        // Not a request without someone addressed.
        assert_eq!(act("you prepare the reports every week"), None);
    }

    #[test]
    fn verbless_action_items() {
        let p = people();
        let item = |s: &str| {
            let ctx = Ctx {
                people: &p,
                item: true,
                recap: false,
            };
            analyze(s, &ctx)
                .into_iter()
                .next()
                .filter(|c| c.act != Act::Complete)
                .map(|c| c.vp)
        };
        assert_eq!(
            item("complaints MI to Sunita by Friday").as_deref(),
            Some("send complaints MI to Sunita by Friday")
        );
        assert_eq!(
            item("tie-down check of all GSE by Tuesday 18:00").as_deref(),
            Some("complete tie-down check of all GSE by Tuesday 18:00")
        );
        // A status line in the list is no task (at most a report of one done).
        assert_eq!(item("budget is approved"), None);
        assert_eq!(item("nothing this week"), None);
        assert_eq!(
            act("I take it, no problem"),
            Some(Act::Accept(None)),
            "present-tense volunteering"
        );
        // Outside an action-item list a bare noun phrase stays a statement.
        assert_eq!(act("complaints MI to Sunita by Friday"), None);
    }

    #[test]
    fn a_thing_named_then_done_is_a_report() {
        for line in [
            "acme demo tenant reset :white_check_mark:",
            "Firefox regression pass done ✅ 0 new issues",
            "the PO is approved now",
            "Reporter + videographer rebooked for 2/19 10am",
            "permit approved",
        ] {
            assert_eq!(act(line), Some(Act::Complete), "{line}");
        }
        assert_eq!(
            state_done("acme demo tenant reset", false).as_deref(),
            Some("the acme demo tenant")
        );
        assert_eq!(
            state_done("the new drone arrived", false).as_deref(),
            Some("the drone")
        );
        assert_eq!(
            state_done("reset done", false).as_deref(),
            Some("reset done")
        );
        // A noun that is also a verb is a thing unless the report is "done".
        assert_eq!(
            state_done("invoice paid", false).as_deref(),
            Some("the invoice")
        );
        assert_eq!(
            state_done("the deck's done", false).as_deref(),
            Some("the deck")
        );
        // Asked for, asked about, a step, a state or a part: no report.
        for line in [
            "please get the SEMA racking inspection booked before peak",
            "blades and spinners checked on all 14 plows before 1600 today",
            "the allergen matrix is almost done",
            "2 of 3 reference calls booked",
            "GRN for 2 containers done, 2 left",
            "license scan is blocked on legal's new allowlist",
            "Natalia offered to organise it",
            "the server crashed",
            "keep the client informed",
            "ok keep me posted",
            "ensure all invoices are paid",
        ] {
            assert_eq!(state_done(&line.to_lowercase(), false), None, "{line}");
        }
        assert_eq!(state_done("tenant reset", true), None, "a question");
    }

    #[test]
    fn running_the_meeting_is_no_task_and_putting_off_is_no_yes() {
        for line in [
            "I'll share my screen.",
            "OK, I'll go down the action log from the top.",
            "I'll just go top to bottom.",
            "I'll work from those.",
            "Hi Fiona, see my comments below in red (marked DO).",
        ] {
            assert_eq!(act(line), None, "{line}");
        }
        for line in [
            "We'll do the stand-up at 8:30 that morning in the EOC room.",
            "Line two, rates e-notices.",
            "Export running since noon, 38 GB, still at 60%.",
        ] {
            assert_eq!(act(line), None, "{line}");
        }
        // Going through a thing for a reason is still work.
        assert_eq!(
            act("I'll go through the register and flag the overdue items by Friday."),
            Some(Act::Commit)
        );
        assert_eq!(
            act("let's discuss at grooming, not committing to anything in a slack thread"),
            Some(Act::Decline)
        );
        // Committing code, or a date offered instead, is no refusal.
        assert_ne!(
            act("We can't commit the code until CI is green"),
            Some(Act::Decline)
        );
        assert_ne!(
            act("Can't commit to Friday, Monday works"),
            Some(Act::Decline)
        );
        // Work that only sounds like running the meeting.
        for line in [
            "Item two, please send the contract to legal",
            "I'll share the screen recording with ops",
            "I'll go through the invoices one by one and flag duplicates",
            "Ana, see my notes and update the deck by Friday",
        ] {
            assert!(act(line).is_some(), "{line}");
        }
        assert_eq!(act("approved :white_check_mark:"), Some(Act::Complete));
        assert_eq!(act("Booked."), Some(Act::Complete));
        assert_ne!(act("added"), Some(Act::Complete), "added to a list");
        assert_ne!(act("Edited"), Some(Act::Complete), "a chat tool's marker");
        assert_ne!(act("Confirmed"), Some(Act::Complete), "a yes");
        assert_eq!(
            act("done ✔️"),
            Some(Act::Complete),
            "with a variation selector"
        );
    }

    #[test]
    fn acts() {
        assert_eq!(
            act("Ana, could you send the deck by Friday?"),
            Some(Act::Request)
        );
        assert_eq!(act("I'll send the deck tomorrow."), Some(Act::Commit));
        assert_eq!(
            act("Ana has volunteered to cut rc1 by Friday."),
            Some(Act::Assign("u2".into()))
        );
        assert_eq!(
            act("Ana's going to handle the vendor call."),
            Some(Act::Assign("u2".into()))
        );
        assert_eq!(
            act("We'll have the pit membrane patched before Friday."),
            Some(Act::GroupCommit)
        );
        assert_eq!(
            act("Who can fact-check it before it goes up?"),
            Some(Act::Group)
        );
        assert_eq!(
            act("Sam, that's P1 - add a pressure check."),
            Some(Act::Request)
        );
        assert_eq!(act("Don't book anything on Wednesday."), None);
        assert_eq!(act("I already sent the deck."), Some(Act::Complete));
        assert_eq!(act("recounted, it's 37"), Some(Act::Complete));
        assert_eq!(
            act("The London solicitors now need the signed bundle by 4pm"),
            None
        );
        assert_eq!(
            act("The spring floor set has to be in all stores this week"),
            None
        );
        assert_eq!(
            act("actually leave the booking, Tobi has the account"),
            None
        );
        assert_eq!(
            act("Sam will take it."),
            Some(Act::Accept(Some("u1".into())))
        );
        assert_eq!(act("never mind, Ana already did it"), Some(Act::Cancel));
        // A conditional offer is the speaker's only once taken up (thread.rs opens it).
        let p = people();
        let ctx = Ctx {
            people: &p,
            item: false,
            recap: false,
        };
        let offer = analyze("If you want, I can draft it.", &ctx);
        assert!(
            offer.len() == 1 && offer[0].offer && offer[0].act == Act::Commit,
            "{offer:?}"
        );
        assert_eq!(act("Let me know if you have questions."), None);
        assert_eq!(act("can someone book the van?"), Some(Act::Group));
        assert_eq!(act("Sorry, I can't this week."), Some(Act::Decline));
    }
}
