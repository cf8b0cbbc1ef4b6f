//! Walks messages oldest to newest, turning clause acts into tasks and
//! applying replies: acceptance and reassignment ("last assignment wins"),
//! refusals, cancellations and completions, then merges repeats.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::detect::{self, Act, Clause, Ctx};
use crate::document::{self, Addr, Message};
use crate::sentence::{self, Sentence};
use crate::{Candidate, Document, Due, Kind, Priority, due, priority, title};

/// A task being built.
#[derive(Debug, Clone)]
struct Work {
    title: String,
    head: String,
    assignee: Option<String>,
    /// Who the request was addressed to (for refusals and "we can do that").
    asked: Option<String>,
    due: Option<Due>,
    due_span: Option<Range<usize>>,
    priority: Option<Priority>,
    confidence: f32,
    evidence: Range<usize>,
    msg: usize,
    open: bool,
    /// From an action-item list (a recap of the discussion).
    recap: bool,
    /// Refused by the person asked; someone else may still take it.
    declined: bool,
    /// Title built from "it"/"them": a later explicit restatement replaces it.
    vague_title: bool,
    weak: bool,
    act: Act,
    /// An offer ("shall I ...?") waiting for a yes.
    offer: bool,
    /// A request whose addressee was only guessed from who spoke last: whoever
    /// answers "Sure, I'll ..." takes it.
    guessed: bool,
    /// Asked of two or more people at once ("Kelvin and Jasmine, please ..."):
    /// one of them saying "Sure" does not make it theirs alone.
    joint: bool,
    /// The message that reported it done: "I'll review it" just after still means it.
    done_in: Option<usize>,
}

/// A sentence that stated a deadline but no task ("The customer wants the update by
/// 9am Wednesday.").
struct Wanted {
    sentence: usize,
    due: Option<Due>,
    span: Range<usize>,
    /// Its content words, to know a request naming the thing wanted.
    words: HashSet<String>,
}

/// Longest sentence (bytes) analysed for tasks.
const MAX_SENTENCE: usize = 1500;
/// Most tasks built per document; replies only look this far back.
const MAX_TASKS: usize = 400;
/// How many recent tasks a reply or repeat is compared with.
const LOOKBACK: usize = 60;

static YES_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:yes|yeah|yep|yup|sure|please do|go ahead|go for it|that would be (?:great|lovely|perfect)|that'd be (?:great|lovely|perfect)|perfect|great|ok|okay|absolutely|definitely)\b").unwrap()
});
/// A promise of an unnamed version of the thing asked: "have a draft to you", "send
/// a first cut".
static GENERIC_DELIVERABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:have|send|get|give|share)\s+(?:you\s+)?(?:a|the|my)\s+(?:first\s+|rough\s+|quick\s+|full\s+)?(?:draft|cut|version|copy|pass)\b").unwrap()
});
static NO_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:no|nope|nah|not now|not needed|no need|no thanks)\b").unwrap()
});
static SUBJ_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:(?:re|fw|fwd|aw)\s*:\s*)+").unwrap());
static ACCEPT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:sure|yes|yep|yeah|yup|ok|okay|absolutely|of course|no problem|np|will do|can do|on it|got it|sounds good|happy to|definitely|certainly|understood|noted|roger|👍)\b").unwrap()
});
static AUTO_REPLY_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:automatic reply|auto[- ]?reply|autoreply|out of (?:the )?office|ooo\b|away from (?:the )?office)").unwrap()
});
static AUTO_REPLY_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:i am|i'm|i will be)\s+(?:currently\s+)?(?:out of (?:the )?office|on (?:annual |parental )?leave|away)\b.{0,60}\b(?:until|through|till|returning|back on)\b").unwrap()
});
static THEN_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:before|by|until|till)\s+then\b").unwrap());
/// "send me a summary the same day", "I'll install it that day": the day named last.
/// "book the taxis for that day" names the booking's object, not a deadline.
static SAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?P<pre>\w+)\s+)?\b(?:(?:the|that)\s+same\s+day|that\s+day|on\s+the\s+day)\b",
    )
    .unwrap()
});
/// Someone wanting a thing by a date: "The customer wants our update by 9am Wednesday."
static WANTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:wants?|needs?|expects?|requires?|would (?:also |really )?like|asked for|asks for|is due|are due|due|deadline|(?:must|has to|have to|should) be (?:with|in|submitted|sent|filed|delivered|ready|done|back|signed|uploaded|received))\b",
    )
    .unwrap()
});
/// Handing a thing over ("send it", "get them to me").
static DELIVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:send|share|get|submit|deliver|forward|upload|email|e-mail|have|bring|pass|post|file)\b").unwrap()
});
/// A reply that says when: "sending it by 4", "ok, I check it after lunch", "sure,
/// draft by tomorrow EOD".
static REPLY_WHEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:ok|okay|sure|yes|yep|yeah|fine|noted|np|no problem|will do|on it)[,!.]?\s+)*(?:i\s+(?:will\s+|can\s+|'ll\s+)?[a-z]+|[a-z]+ing)\b").unwrap()
});
/// An accepting reply that goes straight on to when ("sure, by Friday", "yes,
/// tomorrow first hour I do the transfer", "sure, draft by tomorrow EOD").
static REPLY_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:ok|okay|sure|yes|yep|yeah|will do|on it)[,!.]?\s+").unwrap()
});
/// The person asked wants the deadline: "Will do. By when?"
static WHEN_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:by when|when by|when do you need (?:it|this|that|them)|when (?:is|'s) (?:it|this|that) due|what(?:'s| is) the deadline|any deadline|same deadline)\b").unwrap()
});
/// An ask that only points back: "do that", "do it".
static DO_IT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^do\s+(?:it|that|this|them|so)$").unwrap());
/// What may come before the date that answers "By when?": "yes pls, ".
static ANSWER_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:yes|yeah|yep|ok|okay|sure|so|same)\W+(?:(?:pls|please)\W+)?)?$")
        .unwrap()
});
/// Starting, not finishing: "I'll start after lunch".
static STARTS_WORK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:start|starting|begin|beginning|kick off)\b").unwrap());
/// A copula before a reply's date: the date is of something stated, not a promise.
static STATES_WHEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:is|are|was|were|it's|that's|it’s|that’s)\b").unwrap());
/// A title that only says to get on with it ("Finish", "Do it", "Get it done").
static FINISH_IT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:finish|complete|do|deliver|wrap up|get|have)(?:\s+(?:it|this|that|them))?(?:\s+(?:done|finished|ready|completed))?$").unwrap()
});
/// "before the call", "ahead of their review", "before it starts", "before
/// they arrive": a deadline set by an event whose date is stated elsewhere.
/// A deadline set by an event: "before Thursday's call", "ahead of the 9am review".
static EVENT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:before|ahead of|in time for|prior to|b4)\s+(?:(?:the|our|their|your|this|that|[\w\-]+'s|[\w\-]+’s)\s+)?(?:[\w\-]+\s+){0,2}?(?P<n>call|meeting|rehearsal|review|session|demo|presentation|briefing|standup|stand-up|sync|interview|steerco|cab|board|walkthrough|walk-through|inspection|visit|show|service|match|game|launch|opening|event|workshop|class|webinar|panel|hearing|audit)\b").unwrap()
});
/// The clock time an event is said to be at: "which is at 2pm ET", "it's 10am
/// Sydney time", "We start at 7pm" (a time only, read for the event's day).
fn event_clock(lead: &str, due: Due) -> Option<chrono::NaiveTime> {
    static AT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(?:which|that|it|the (?:call|meeting|rehearsal|session|review|show|service)|we|they|doors)\s*(?:'s|’s|is|are|will be|starts?|begins?|start|open|opens|kicks? off)?\s*(?:at\s+)?$").unwrap()
    });
    let Due::DateTime(t) = due else {
        return None;
    };
    AT.is_match(lead).then(|| t.time())
}
static EVENT_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:before|ahead of|in time for|prior to|in advance of|b4)\s+(?:(?:(?:i|we|you|they|he|she)\s+[a-z]+\s+)?(the|that|this|their|our|your|his|her|its)\s+([a-z][\w\-'/]*)(?:\s+([a-z][\w\-'/]*))?(?:\s+([a-z][\w\-'/]*))?|(it|they|he|she|then|that)\b)").unwrap()
});
/// "can we make it 2pm?", "actually make that Thursday", "how about Monday?",
/// "correction: Friday, not Thursday": a new date for the task under discussion.
static CORRECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:correction|update|edit|oops|sorry)\s*[:,\-–]|,\s*not\s+(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|today)|\b(?:(?:can|could|shall) we (?:make|move|push|do|say|change) (?:it|that|this)|(?:make|move|push|change) (?:it|that) (?:to )?(?:by |on |at )?$|make (?:it|that)\b|how about|what about|let's say|(?:can|could) it be|(?:can|could) you (?:do|have|finish|deliver|get) (?:it|that|this)(?: done)? by\b.*\binstead\b|(?:can|could) i (?:do|send|have|finish|deliver) (?:it|that|them) |(?:can|could) i have (?:it )?(?:till|until|til) |would .{2,25} work\b)").unwrap()
});
/// What may come before a date restated on its own ("actually", "scratch that,", "Thursday
/// is tight,").
static RESCHEDULE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:actually|oh|hmm|wait|ok|okay|so|sorry|scratch that|on second thoughts?|no rush|no hurry|and|but)[,\s]+|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)\w*\s+is\s+(?:tight|too (?:soon|early|tight)|a stretch|hard|difficult|tough|not possible|no good)[,;.\s-]+)*$").unwrap()
});
/// What may come after it: approval, or a question asking for it ("Friday ok?").
static RESCHEDULE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:is|'s|’s|would be|should be|will be)?\s*(?:fine|ok|okay|alright|good|better|great|works?|work(?:s)? better|would work|even better)(?:\s+(?:too|for (?:that|this|it|me|us)|instead|as well|then))*\s*(?:\?|[,;.!\-–]+\s*(?:no rush|no hurry|no stress|no worries|thanks|ty|thx)?)?[\s.!?]*$").unwrap()
});
/// "..., not Thursday": the date a correction replaces, never the new one.
static NEGATED_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bnot\s+(?:on\s+|by\s+)?$").unwrap());
static HAS_DAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:today|tonight|tmrw|tomorrow|eod|cob|mon|tue|wed|thu|fri|sat|sun|\d{1,2}(?:st|nd|rd|th)|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|week|month)|/").unwrap()
});
static MARKETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:unsubscribe|manage (?:your )?(?:email )?preferences|view (?:this email )?in (?:your )?browser|you(?:'re| are) receiving this (?:email|message)|opt out of (?:these|marketing) emails)\b").unwrap()
});
static DUE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:due|deadline|by|before|no later than)\b").unwrap());
static DUE_FOLLOWUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:so|and|um|uh|well|ok|okay|oh)[,\s]+)*(?:(?:i|we|they|he|she)\s+(?:still\s+)?needs?\s+(?:it|them|this|that|those)|(?:it|this|that|they)(?:'s|\s+is|\s+are|'re)?\s+(?:needed|due)|need\s+(?:it|them)|(?:first\s+|final\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+(?:done|ready|finished|completed|back|in)\s+by\b|need\s+(?:the\s+|those\s+|these\s+|your\s+)?(?:[\w\-]+\s+){1,3}?(?:confirmed|done|ready|back|sent|finished|signed|submitted|completed|uploaded|booked|locked in)\s+(?:by|before|no later than)\b|(?:needs|has)\s+to\s+be\s+(?:done|in|ready)|(?:it|this|that|they|these|those)\s+(?:needs?|has|have)\s+to\s+be\s+(?:done|in|ready|live|up|out|finished|sent|submitted|completed|signed|back)\b|(?:it|this|that)\s+(?:needs?|has)\s+to\s+be\s+(?:on\s+|by\s+|before\s+)?(?:mon|tue|wed|thu|fri|sat|sun|today|tonight|tomorrow|tmrw|this|next)|needs doing|(?:ideally|preferably|hopefully|ideally\s+done|if possible|needed|latest|at the latest|say|let's say|maybe)?\s*,?\s*(?:by|before|no later than|until)\b)").unwrap()
});
/// "I'm aiming for the end of the month.", "Let's aim for Friday.", "Aiming for Friday.": a
/// date for the work just named, not a new undertaking to aim.
static AIM_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:so|and|ok|okay|well|um|uh)[,\s]+)*(?:(?:i'm|i’m|i am|we're|we’re|we are|let's|let’s|lets)\s+)?(?:aiming|aim|shooting)\s+for\b").unwrap()
});
/// "Next Tuesday is fine.", "Friday works.", "Monday at the latest."
static DATE_OK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:is|would be|should be|works|'s|’s)?\s*(?:fine|ok|okay|good|great|perfect|plenty|enough|works|at the latest|latest|the deadline|is the deadline|is fine)?\s*(?:too|though|for me|for us)?\s*,?\s*(?:please|pls|if possible|ideally|hopefully)?[\s.!\p{So}\p{Sk}\x{FE0F}\x{200D}]*$").unwrap()
});
/// "add it to your list", "put it on your plate": takes the task just named.
static ONTO_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:add|put|stick|pop)\s+(?:it|that|this|them)\s+(?:to|on|onto)\s+(?:your|my|his|her)\s+(?:list|plate|to-?do(?: list)?|board|queue)").unwrap()
});
static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "a", "an", "the", "to", "for", "of", "and", "or", "on", "in", "at", "with", "by", "from",
        "about", "into", "as", "is", "be", "it", "its", "this", "that", "our", "their", "his",
        "her", "my", "your", "all", "any", "up", "me", "you", "them",
    ]
    .into_iter()
    .collect()
});

fn content(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();

            w.strip_suffix('s')
                .filter(|x| x.len() > 2)
                .map(str::to_string)
                .unwrap_or(w)
        })
        .filter(|w| !STOP.contains(w.as_str()))
        .collect()
}

fn jaccard(a: &str, b: &str) -> f32 {
    let (x, y) = (content(a), content(b));
    let u = x.union(&y).count();
    if u == 0 {
        return 0.0;
    }
    x.intersection(&y).count() as f32 / u as f32
}

fn first_name(doc: &Document, id: Option<&str>) -> Option<String> {
    let id = id?;
    doc.participants
        .iter()
        .find(|p| p.id == id)
        .and_then(|p| p.name.split_whitespace().next().map(str::to_string))
}

/// The object part of a title ("Draft the NDA" -> "the NDA").
fn object_of(title: &str) -> String {
    let mut it = title.splitn(2, ' ');
    it.next();
    let rest = it.next().unwrap_or("");
    // "Send Bronwyn the quantities": the thing, not whom it goes to.
    let rest = match rest.split_once(' ') {
        Some((who, thing))
            if who.starts_with(|c: char| c.is_uppercase())
                && matches!(
                    thing.split_whitespace().next().unwrap_or(""),
                    "the" | "a" | "an" | "our" | "your" | "their" | "my"
                ) =>
        {
            thing
        }
        _ => rest,
    };
    // "Put together the budget table": the particle belongs to the verb.
    match rest.split_once(' ') {
        Some((p, obj))
            if matches!(
                p.to_ascii_lowercase().as_str(),
                "together" | "up" | "out" | "back" | "down" | "off" | "over" | "through"
            ) && !obj.is_empty() =>
        {
            obj.to_string()
        }
        _ => rest.to_string(),
    }
}

pub fn extract(doc: &Document) -> Vec<Candidate> {
    if doc.kind == Kind::Email && MARKETING.is_match(doc.text) {
        // Newsletters and promotions address a mailing list, not a person.
        return Vec::new();
    }
    let parsed = document::parse(doc);
    let msgs = &parsed.messages;
    // An out-of-office auto-reply states no task itself (CONVENTIONS §2), but the
    // message it quotes still asks for what it asked.
    let auto_reply = doc.kind == Kind::Email
        && (AUTO_REPLY_SUBJECT.is_match(parsed.subject.trim())
            || msgs.iter().rev().find(|m| m.newest).is_some_and(|m| {
                m.paras.iter().take(2).any(|p| {
                    p.iter().any(|r| {
                        doc.text
                            .get(r.clone())
                            .is_some_and(|t| AUTO_REPLY_BODY.is_match(t))
                    })
                })
            }));
    let subject_prio = if doc.kind == Kind::Email {
        priority::subject(&parsed.subject)
    } else {
        None
    };
    let places = places_named(doc);
    let reader = reader_zone(doc, &places);
    let mut works: Vec<Work> = Vec::new();
    let mut prev_text: Vec<String> = Vec::new();
    let mut seen = String::new();
    // The email subject names what "it" and generic objects refer to.
    let subject_np = if doc.kind == Kind::Email {
        let subj = SUBJ_PREFIX.replace(parsed.subject.trim(), "").to_string();
        seen.push_str(&subj);
        seen.push_str(". ");
        title::antecedent(&subj)
    } else {
        None
    };
    let mut prev_task_obj: Option<(String, usize)> = None;
    let mut prev_speaker: Option<String> = None;
    let mut sent_counter = 0usize;
    let mut last_due: Option<(Option<Due>, Range<usize>)> = None;
    // The date mentioned last by any sentence, a task's own included.
    let mut last_seen_due: Option<(Due, Range<usize>)> = None;
    // The sentence that stated a deadline but no task ("The customer wants the update
    // by 9am Wednesday."), for a request about "it" right after.
    let mut wanted_by: Option<Wanted> = None;
    // Every resolved date seen so far: (message, lowercase sentence, due, span).
    let mut events: Vec<(usize, String, Due, Range<usize>)> = Vec::new();
    // The task whose owner just asked "By when?" (task, message asked in).
    let mut when_asked: Option<(usize, usize)> = None;
    // Whom the last message addressed by name, and who wrote it: "@priya can you send the
    // report?" then "oh and book the room" asks her again.
    let mut carried: Option<(usize, Option<String>, String)> = None;
    for (mi, msg) in msgs.iter().enumerate() {
        // An auto-reply anywhere in the chain ("I am on annual leave until Monday ...")
        // asks nothing.
        let auto_body = msg.paras.iter().take(2).any(|p| {
            p.iter().any(|r| {
                doc.text
                    .get(r.clone())
                    .is_some_and(|t| AUTO_REPLY_BODY.is_match(t))
            })
        });
        if auto_reply && msg.newest || doc.kind == Kind::Email && auto_body {
            continue;
        }
        let ctx = Ctx {
            people: doc.participants,
            item: msg.action_item,
            recap: false,
        };
        // Sentences after a spoken recap's lead ("Recap: Omar calls the treasurer").
        let mut in_recap = false;
        let mut sents: Vec<Sentence> = Vec::new();
        // Which paragraph each sentence is in: a name that opens a paragraph addresses
        // the paragraph, not the rest of the message.
        let mut para_of: Vec<usize> = Vec::new();
        for (pi, para) in msg.paras.iter().enumerate() {
            let s = sentence::split(doc.text, para, sent_counter);
            sent_counter += s.len();
            para_of.extend(std::iter::repeat_n(pi, s.len()));
            sents.extend(s);
        }
        // Priority stated on its own ("No rush.", "it's a P2") covers the message.
        let mut msg_prio: Option<Priority> = None;
        let mut pending = 0usize;
        let mut analysed: Vec<(usize, Vec<Clause>, Vec<due::Found>)> = Vec::new();
        for (si, s) in sents.iter().enumerate() {
            // Run-on text (pasted logs, a megabyte without a full stop) states no
            // task we could title; skipping it keeps the work linear.
            if s.text.len() > MAX_SENTENCE || works.len() + pending >= MAX_TASKS {
                analysed.push((si, Vec::new(), Vec::new()));
                continue;
            }
            in_recap = in_recap || SUMMARY_LEAD.is_match(&s.text);
            let clauses = detect::analyze(
                &s.text,
                &Ctx {
                    recap: in_recap,
                    ..ctx
                },
            );
            let task_like = clauses.iter().any(|c| asks_or_promises(&c.act));
            pending += clauses.len();
            if !task_like && let Some(p) = priority::standalone(&s.text) {
                msg_prio = Some(p);
            }
            let mut found = due::find_all(&s.text, msg.reference);
            their_clock(&mut found, s, &places, reader, doc.reference.timezone());
            analysed.push((si, clauses, found));
        }
        let first_task_in_msg = works.len();
        let msg_text: String = sents
            .iter()
            .map(|x| x.text.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let mut last_touched: Option<usize> = None;
        // Whom this message last addressed by name: "@ines can u book the studio? & send
        // the shot list" asks Ines twice.
        let mut addressed: Option<String> = None;
        static CONTINUATION: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"(?i)^\W*(?:oh,?\s+)?(?:and|also|plus|p\.?s\.?|one more thing|another thing)\b",
            )
            .unwrap()
        });
        if let Some((m, speaker, person)) = &carried
            && m + 1 == mi
            && msg.speaker.is_some()
            && *speaker == msg.speaker
            && sents
                .first()
                .is_some_and(|s| CONTINUATION.is_match(&s.text))
        {
            addressed = Some(person.clone());
        }
        let mut list_due: Option<(Option<Due>, Range<usize>)> = None;
        // "Okay, summary. Hannah: call the workshop ...": what follows restates.
        let mut summary = false;
        let mut last_found: Option<(usize, (), Vec<due::Found>)> = None;
        // "... before the all-parties call? That's Thursday at 2pm Eastern.": the
        // event's date stated right after the sentence that names it.
        static STATES_DATE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)^(?:that's|that’s|that is|it's|it’s|it is|which is|they're)\s+(?:on\s+|at\s+)?")
                .unwrap()
        });
        let dated_next: HashMap<usize, (Due, Range<usize>)> = analysed
            .windows(2)
            .filter_map(|p| {
                let lead = STATES_DATE.find(&sents[p[1].0].text)?;
                // The date comes straight after: "That's Thursday at 2pm", not
                // "It's been a mess since Monday".
                let f = p[1]
                    .2
                    .iter()
                    .find(|f| f.due.is_some() && f.span.start == lead.end())?;
                Some((p[0].0, (f.due?, sents[p[1].0].span(f.span.clone()))))
            })
            .collect();
        // "before Thursday's call? It's at 4pm CET.", "before Monday's rehearsal? We
        // start at 7pm.": the event's clock time, said in the next sentence.
        let timed_next: HashMap<usize, chrono::NaiveTime> = analysed
            .windows(2)
            .filter(|p| p[0].0 + 1 == p[1].0)
            .filter_map(|p| {
                let next = &sents[p[1].0].text;
                let f = p[1].2.iter().find(|f| f.due.is_some())?;
                let lead = next.get(..f.span.start)?;
                event_clock(lead, f.due?).map(|t| (p[0].0, t))
            })
            .collect();
        // Whether the message asks or promises anything: a date it restates is then its own.
        let msg_has_task = analysed
            .iter()
            .any(|(_, clauses, _)| clauses.iter().any(|c| asks_or_promises(&c.act)));
        for (si, clauses, found) in analysed {
            let s = &sents[si];
            // The sentence before, with its dates ("The report is due on the 3rd.").
            let analysed_prev = last_found.replace((si, (), found.clone()));
            if si > 0 && para_of.get(si) != para_of.get(si - 1) {
                addressed = None;
            }
            if clauses.is_empty()
                && let Some(v) = detect::leading_vocative(&s.text, &ctx)
            {
                addressed = Some(v);
            }
            if SUMMARY_LEAD.is_match(&s.text) {
                summary = true;
            }
            let before_count = works.len();
            // "Yes, we have two spares. I can send a crew tomorrow": the yes that opens
            // a reply carries to the promise in its next sentence.
            let accept_lead = (ACCEPT_LEAD.is_match(&s.text) && si == 0)
                || (si == 1
                    && ACCEPT_LEAD.is_match(&sents[0].text)
                    // A bare "Sure." has accepted already; what follows is news.
                    && sents[0].text.split_whitespace().count() > 3
                    && before_count == works.len());
            // Whether this sentence moved an earlier task's date: "can we have it
            // Tuesday instead of Wednesday?" then asks for nothing new.
            let mut moved = false;
            // "let's push your redline deadline to Monday at 10am": the task named gets
            // the new date.
            if let Some(c) = DEADLINE_MOVE.captures(&s.text)
                && let Some(f) = found
                    .iter()
                    .find(|f| f.due.is_some() && f.span.start >= c.get(0).map_or(0, |m| m.end()))
            {
                let named = content(&c["obj"]);
                if let Some(w) = works.iter_mut().rev().take(LOOKBACK).find(|w| {
                    w.open
                        && content(&object_of(&w.title))
                            .intersection(&named)
                            .any(|x| x.len() > 2)
                }) {
                    w.due = f.due;
                    w.due_span = Some(s.span(f.span.clone()));
                    moved = true;
                }
            }
            // "Aoife says Thursday is fine instead of Wednesday": the task due on the
            // day replaced takes the new one.
            static INSTEAD_OF: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?i)\b(?:instead of|rather than|not)\s+(?:on\s+|by\s+)?$").unwrap()
            });
            if mi > 0 && found.len() >= 2 {
                // Days, not hours ("at 13:00 our time, not 14:00" moves a meeting).
                let replaced = found.iter().find(|f| {
                    f.due.is_some()
                        && INSTEAD_OF.is_match(&s.text[..f.span.start])
                        && HAS_DAY_WORD.is_match(&s.text[f.span.clone()])
                });
                // The day said just before ("Thursday is fine instead of Wednesday").
                let new = replaced.and_then(|old| {
                    found.iter().rev().find(|f| {
                        f.due.is_some()
                            && f.span.end <= old.span.start
                            && HAS_DAY_WORD.is_match(&s.text[f.span.clone()])
                            && !INSTEAD_OF.is_match(&s.text[..f.span.start])
                    })
                });
                if let (Some(old), Some(new)) = (replaced, new)
                    && let (Some(old_day), Some(new_due)) = (old.due.map(due_date), new.due)
                    && due_date(new_due) != old_day
                {
                    let hits: Vec<usize> = (0..works.len())
                        .filter(|&i| {
                            works[i].open
                                && works[i].msg < mi
                                && works[i].due.map(due_date) == Some(old_day)
                        })
                        .collect();
                    // Only when one task is meant.
                    if let [i] = hits[..] {
                        works[i].due = Some(new_due);
                        works[i].due_span = Some(s.span(new.span.clone()));
                        moved = true;
                    }
                }
            }
            // "I can have the alt endings by Wednesday" - "I need the alt endings by 5
            // today": the task named in full takes the date now wanted.
            static NEED_BY: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?i)\b(?:i|we)\s+(?:still\s+|really\s+|now\s+)?need\s+(?P<obj>(?:the|your|those|these)\s+[^,.;!?]{2,60}?)\s+(?:by|before|no later than)\s").unwrap()
            });
            if mi > 0
                && let Some(c) = NEED_BY.captures(&s.text)
                && let Some(f) = found.iter().find(|f| {
                    f.due.is_some() && f.span.start + 4 >= c.get(0).map_or(0, |m| m.end())
                })
            {
                let named: HashSet<String> = content(&c["obj"])
                    .into_iter()
                    .filter(|w| w.len() > 2)
                    .collect();
                if let Some(w) = works.iter_mut().rev().take(LOOKBACK).find(|w| {
                    w.open && w.msg < mi && !named.is_empty() && named.is_subset(&content(&w.title))
                }) {
                    w.due = f.due;
                    w.due_span = Some(s.span(f.span.clone()));
                    moved = true;
                }
            }
            // "can we make it 2pm?" moves the date of the task just discussed.
            // "make that tomorrow, the candidates start on the 15th": the date said
            // straight after the correction, else the last deadline.
            // "actually Friday is fine for that", "Thursday is tight, Friday ok?": a new
            // date said on its own, first or after a lead, then only approved.
            // Said in the message that asks, the date is that new task's (read below).
            let correction = CORRECTION.find(&s.text).map(|m| m.end());
            let restated_at = (correction.is_none() && clauses.is_empty() && !msg_has_task)
                .then(|| {
                    found.iter().find(|f| {
                        f.due.is_some()
                            && RESCHEDULE_LEAD.is_match(&s.text[..f.span.start])
                            && RESCHEDULE_TAIL.is_match(s.text.get(f.span.end..).unwrap_or(""))
                    })
                })
                .flatten()
                .map(|f| f.span.start);
            let restated = restated_at.is_some();
            // "no deadline really, whenever you can": the date given before no longer stands.
            static NO_DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?i)^\W*(?:(?:actually|oh|ok|okay|and|but)[,\s]+)?(?:there's\s+|there\s+is\s+)?no\s+(?:deadline|due\s+date|hard\s+deadline)\b[^.;!?]*\b(?:whenever|any\s?time|when\s+you\s+(?:can|get\s+(?:a\s+)?(?:chance|time)|have\s+time))\b").unwrap()
            });
            if mi > 0
                && clauses.is_empty()
                && !msg_has_task
                && found.iter().all(|f| f.due.is_none())
                && NO_DEADLINE.is_match(&s.text)
                && let Some(i) = works.iter().rposition(|w| {
                    w.open
                        && w.msg < mi
                        && w.msg + 3 >= mi
                        && w.due.is_some()
                        && msg.speaker.is_some()
                        && msgs[w.msg].speaker == msg.speaker
                })
            {
                works[i].due = None;
                works[i].due_span = None;
            }
            let corrected_at = correction.or(restated_at);
            if mi > 0
                && let Some(at) = corrected_at
                && let Some(f) = found
                    .iter()
                    .find(|f| f.due.is_some() && f.span.start >= at && f.span.start <= at + 4)
                    .or_else(|| {
                        found.iter().rev().find(|f| {
                            f.due.is_some()
                                && due::is_deadline(&s.text, &f.span)
                                && !NEGATED_DATE.is_match(&s.text[..f.span.start])
                        })
                    })
                && let Some(w) = {
                    // "Can you do it by the 20th instead?" to the person whose task it is.
                    let theirs = works.iter().rposition(|w| {
                        w.open
                            && w.msg < mi
                            && w.due.is_some()
                            && prev_speaker.is_some()
                            && w.assignee == prev_speaker
                            && msg.speaker != prev_speaker
                    });
                    let recent = works
                        .iter()
                        .rposition(|w| w.open && w.msg < mi && w.msg + 2 >= mi && w.due.is_some());
                    // "Agnieszka, Korean contracts by Wednesday - actually, make that
                    // tomorrow": the task the sentence names.
                    let said = content(&s.text[..at.min(s.text.len())]);
                    let named = works.iter().rposition(|w| {
                        w.open
                            && w.msg < mi
                            && w.due.is_some()
                            && content(&object_of(&w.title))
                                .intersection(&said)
                                .any(|x| x.len() > 3)
                    });
                    // A date restated without a correction's words moves only a task the
                    // speaker asked for or holds ("Saturday afternoon would work" is no
                    // answer for someone else's task).
                    // Only a date restated without a correction's words needs it.
                    let own = || {
                        let own = works.iter().rposition(|w| {
                            w.open
                                && w.msg < mi
                                && w.msg + 3 >= mi
                                && w.due.is_some()
                                && msg.speaker.is_some()
                                && (w.assignee == msg.speaker || msgs[w.msg].speaker == msg.speaker)
                        });
                        // "RAID log by when?" - "End of next week is fine.": after someone's
                        // question, the date answers it, so it moves only the task the question
                        // names.
                        let prev_question = (mi > 0)
                            .then(|| {
                                let prev: String = msgs[mi - 1]
                                    .paras
                                    .iter()
                                    .flatten()
                                    .filter_map(|r| doc.text.get(r.clone()))
                                    .collect::<Vec<_>>()
                                    .join(" ");
                                prev.trim_end().ends_with('?').then(|| content(&prev))
                            })
                            .flatten();
                        own.filter(|&i| {
                            prev_question.as_ref().is_none_or(|words| {
                                content(&object_of(&works[i].title))
                                    .intersection(words)
                                    .any(|x| x.len() > 3)
                            })
                        })
                    };
                    let chosen = if restated {
                        own()
                    } else {
                        named.or(theirs).or(recent)
                    };
                    match chosen {
                        Some(i) => works.get_mut(i),
                        None => None,
                    }
                }
            {
                let phrase = s.text.get(f.span.clone()).unwrap_or("");
                let new = match (f.due, w.due) {
                    (Some(Due::DateTime(t)), Some(old)) if !HAS_DAY_WORD.is_match(phrase) => {
                        due_date(old).and_time(t.time())
                    }
                    (Some(Due::DateTime(t)), _) => t,
                    (Some(Due::Date(d)), Some(Due::DateTime(o))) => d.and_time(o.time()),
                    (Some(Due::Date(d)), _) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
                    (None, _) => continue,
                };
                w.due = match f.due {
                    Some(Due::Date(d)) if !matches!(w.due, Some(Due::DateTime(_))) => {
                        Some(Due::Date(d))
                    }
                    _ => Some(Due::DateTime(new)),
                };
                w.due_span = Some(s.span(f.span.clone()));
                moved = true;
            }
            if WHEN_QUESTION.is_match(&s.text)
                && let Some(i) = works.iter().rposition(|w| {
                    w.open
                        && w.msg + 2 >= mi
                        && w.due.is_none()
                        && msg.speaker.is_some()
                        && (w.assignee == msg.speaker || w.asked == msg.speaker)
                })
            {
                when_asked = Some((i, mi));
            }
            // "Will do. By when?" - "End of next week." / "yes pls, Wed EOD".
            if let Some((i, m)) = when_asked
                && m < mi
                && m + 1 >= mi
                && si <= 1
                && s.text.split_whitespace().count() <= 8
                // The one who asked answers, with the date first ("End of next
                // week.", "yes pls, Wed EOD"), not "No idea, the launch moves Friday".
                && msg.speaker.is_some()
                && msg.speaker == msgs[works[i].msg].speaker
                && let Some(f) = found.iter().find(|f| {
                    f.due.is_some()
                        && ANSWER_LEAD.is_match(&s.text[..f.span.start])
                        && DATE_OK.is_match(s.text.get(f.span.end..).unwrap_or(""))
                })
            {
                works[i].due = f.due;
                works[i].due_span = Some(s.span(f.span.clone()));
                when_asked = None;
            }
            // "I need it by Tuesday so I can review it.": a clause that only says what
            // the date is for leaves the sentence a follow-up all the same.
            static PURPOSE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?i)\bso\s+(?:that\s+)?(?:i|we|you|they|he|she)\s+can\b").unwrap()
            });
            let purpose_at = PURPOSE_TAIL
                .find(&s.text)
                .map(|p| p.start())
                .filter(|&p| p > 0);
            let only_purpose = !clauses.is_empty()
                && (AIM_FOR.is_match(s.text.trim())
                    || purpose_at.is_some_and(|p| clauses.iter().all(|c| c.range.start >= p)));
            // "Can you scope the migration? I need the estimate by Tuesday.": what the
            // speaker needs, of no one named, is what was asked a sentence or two before.
            static ALSO: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"(?i)\b(?:also|too|as well|another|more)\b").unwrap());
            static NEED_TO: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"(?i)\b(?:need|want|like)\s+to\b").unwrap());
            // Only asked when the cheaper tests below pass.
            let asked_just_before = || {
                si > 0
                    && last_touched.is_none_or(|t| t + 1 == works.len())
                    && works.len() > first_task_in_msg
                    && works.last().is_some_and(|w| {
                        w.due.is_none()
                            && w.open
                            && sents[si.saturating_sub(2)..si]
                                .iter()
                                .any(|p| p.span(0..p.text.len()).contains(&w.evidence.start))
                    })
            };
            let need_back = !clauses.is_empty()
                && I_NEED.is_match(&s.text)
                && !NEED_TO.is_match(&s.text)
                && !ALSO.is_match(&s.text)
                && clauses
                    .iter()
                    .all(|c| c.vocative.is_none() && !matches!(c.act, Act::Assign(_)))
                && asked_just_before();
            if clauses.is_empty() || only_purpose || need_back {
                // "Need it by Friday." after a request gives that request its date.
                // "No rush, end of month is fine.": an easing word may come first, or
                // several ("No hurry, but ideally by the 10th", "It's low priority, end of
                // next week is fine").
                static EASE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)^(?:(?:no (?:rush|hurry|pressure|stress)|not urgent|(?:it's|it’s|it is)\s+(?:low|not a|no)\s+priority|low priority|whenever(?: you can)?|ideally|and|but|so|though|(?:yes|yeah|yep|ok|okay|sure)(?:\W+(?:pls|please))?)\W+)+$").unwrap()
                });
                let core = &s.text[..purpose_at.unwrap_or(s.text.len())];
                let date_ok = found.first().is_some_and(|f| {
                    (f.span.start <= 2 || EASE_LEAD.is_match(&s.text[..f.span.start]))
                        && f.due.is_some()
                        && DATE_OK.is_match(core.get(f.span.end..).unwrap_or(""))
                });
                // "We want it in Thursday's package, so I need it by Wednesday 5pm.": the
                // follow-up may come after a reason.
                static REASON_THEN: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)(?:,\s*(?:so|and)\s+|;\s*|\s[-–—]\s+)(?P<t>[^,;]*)$").unwrap()
                });
                let after_reason = REASON_THEN
                    .captures(&s.text)
                    .and_then(|c| c.name("t"))
                    .filter(|t| DUE_FOLLOWUP.is_match(t.as_str().trim()))
                    .map(|t| t.start());
                let plain = DUE_FOLLOWUP.is_match(s.text.trim())
                    || AIM_FOR.is_match(s.text.trim())
                    || date_ok
                    || after_reason.is_some();
                // "I'd like them out to the client by COB Thursday.", "Same deadline as
                // before: the client needs them by 3pm on Monday.": a deadline ("by",
                // "before") for what an object pronoun points back to, when that has no
                // date yet; not news ("it won't boot until Monday", "IT freezes changes").
                static POINTS_BACK: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"\b(?:it|It|(?i:them|this|that|those|these))\b").unwrap()
                });
                static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)\b(?:was|were|did|had|said|says|told|sent|arrived|came|went|got|if|when|unless)\b").unwrap()
                });
                let points_back = (need_back || core.split_whitespace().count() <= 20)
                    && found.iter().any(|f| {
                        let before = &s.text[..f.span.start];
                        let phrase = s.text[f.span.clone()].trim_start().to_ascii_lowercase();
                        f.due.is_some()
                            && due::starts_deadline(&phrase)
                            && !phrase.starts_with("til")
                            && !phrase.starts_with("until")
                            && !REPORTED.is_match(before)
                            && (need_back || POINTS_BACK.is_match(before))
                    });
                if (plain || points_back)
                    && let Some(f) = found
                        .iter()
                        .rev()
                        .find(|f| f.due.is_some() && f.span.start >= after_reason.unwrap_or(0))
                {
                    let idx = last_touched.or(if works.len() > first_task_in_msg {
                        Some(works.len() - 1)
                    } else {
                        None
                    });
                    if let Some(w) = idx.map(|i| &mut works[i])
                        && (w.due.is_none() || plain && (w.msg == mi || last_touched.is_some()))
                    {
                        w.due = f.due;
                        w.due_span = Some(s.span(f.span.clone()));
                    }
                }
            }
            // "sending it by 4", "ok, I check it after lunch", "I send them tomorrow": the
            // person asked answers with when, in words the act patterns do not read as a
            // commitment; the last date stated stands.
            if clauses.is_empty()
                && mi > 0
                && si <= 1
                && s.text.split_whitespace().count() <= 12
                && let Some(f) = found
                    .iter()
                    .rev()
                    .find(|f| f.due.is_some() && due::is_deadline(&s.text, &f.span))
                && (REPLY_WHEN.is_match(s.text.trim())
                    // After "sure,": the date at once, or a deadline within two
                    // words ("sure, draft by tomorrow EOD"), not "sure, see you
                    // Thursday at the offsite".
                    || REPLY_LEAD.find(&s.text).is_some_and(|m| {
                        let gap = s.text.get(m.end()..f.span.start).unwrap_or("");
                        static PROMISE: LazyLock<Regex> = LazyLock::new(|| {
                            Regex::new(r"(?i)\b(?:i|we|will|'ll|gonna|going to|can)\b").unwrap()
                        });
                        gap.trim().is_empty()
                            || gap.split_whitespace().count() <= 2
                                && due::starts_deadline(&s.text[f.span.clone()])
                            // "ok we do it this morning", "yep no bother, will have
                            // them done by Thursday".
                            || PROMISE.is_match(gap)
                    }))
                // "yes, the meeting is on Friday" tells when something else is;
                // "on it, I'll start after lunch" when the work begins.
                && !STATES_WHEN.is_match(&s.text[..f.span.start])
                && !STARTS_WORK.is_match(&s.text[..f.span.start])
                && let Some(i) = works.iter().rposition(|w| {
                    w.open
                        && w.msg < mi
                        && w.msg + 2 >= mi
                        && msg.speaker.is_some()
                        && (w.assignee == msg.speaker || w.asked == msg.speaker)
                })
            {
                works[i].due = f.due;
                works[i].due_span = Some(s.span(f.span.clone()));
                last_touched = Some(i);
            }
            // "No, not this quarter." turns the offer just made down for good.
            if si == 0
                && mi > 0
                && NO_LEAD.is_match(&s.text)
                && let Some(i) = works.iter().rposition(|w| {
                    w.offer && !w.open && w.msg < mi && w.msg + 1 >= mi && w.assignee != msg.speaker
                })
            {
                works[i].offer = false;
            }
            // "Yes please, by Wednesday" takes up the offer just made; a yes after another
            // ask in between answers that ask.
            if si == 0
                && mi > 0
                && YES_LEAD.is_match(&s.text)
                && let Some(i) = works.iter().rposition(|w| {
                    w.offer && !w.open && w.msg < mi && w.msg + 2 >= mi && w.assignee != msg.speaker
                })
                && works[i + 1..]
                    .iter()
                    .all(|w| w.msg == works[i].msg || matches!(w.act, Act::Commit))
            {
                let w = &mut works[i];
                w.open = true;
                w.offer = false;
                if let Some(f) = found.iter().rev().find(|f| f.due.is_some()) {
                    w.due = f.due;
                    w.due_span = Some(s.span(f.span.clone()));
                }
                last_touched = Some(i);
                let more = clauses.iter().any(|c| {
                    matches!(
                        c.act,
                        Act::Request | Act::Commit | Act::Group | Act::Assign(_)
                    ) && !detect::pronoun_object(&c.vp)
                        && c.vp.split_whitespace().count() > 2
                });
                if !more {
                    continue;
                }
            }
            // "Someone will need to set up that call - Nina, could you poll people for a
            // date?": the ask to the room is handed to the person named at once.
            let mut room_ask: Option<usize> = None;
            for cl in clauses {
                if moved
                    && matches!(cl.act, Act::Request | Act::Commit | Act::Group)
                    && detect::pronoun_object(&cl.vp)
                {
                    continue;
                }
                if matches!(cl.act, Act::Request)
                    && cl.vocative.is_some()
                    && let Some(g) = room_ask.take()
                    && let Some(w) = works.get_mut(g)
                {
                    w.open = false;
                }
                if cl.vocative.is_some() {
                    addressed = cl.vocative.clone();
                } else if cl.group_vocative {
                    addressed = None;
                }
                let clause_text = &s.text[cl.range.clone()];
                let mut pick = due::pick(&found, clause_text, &cl.range);
                if pick.is_none()
                    && detect::pronoun_object(&cl.vp)
                    && cl.range.start > 0
                    && DUE_WORD.is_match(&s.text[..cl.range.start])
                {
                    // "The report is due on the 20th, and I'll submit it."
                    pick = due::pick(&found, &s.text, &(0..s.text.len()));
                }
                // "open enrollment closes on Friday, so please make sure ...": the date
                // of the statement the ask follows from.
                if pick.is_none()
                    && cl.range.start > 0
                    && SO_BEFORE.is_match(&s.text[..cl.range.start])
                {
                    pick = found
                        .iter()
                        .rev()
                        .find(|f| f.due.is_some() && f.span.end <= cl.range.start)
                        .cloned();
                }
                // "The October SLA report is due to the CIO on the 3rd. I'll compile it."
                if pick.is_none()
                    && matches!(cl.act, Act::Commit)
                    && IT_OBJECT.is_match(&cl.vp)
                    && let Some((pi, _, pfound)) = analysed_prev.as_ref()
                    && *pi + 1 == si
                    && DUE_WORD.is_match(&sents[*pi].text)
                {
                    pick = pfound
                        .iter()
                        .rev()
                        .find(|f| f.due.is_some())
                        .map(|f| due::Found {
                            span: 0..0,
                            due: f.due,
                            zone_applied: f.zone_applied,
                        });
                }
                let mut due_val = pick.as_ref().and_then(|f| f.due);
                // "24 hours before the 10am session on Thursday": the date found is the
                // event's; the task is due the lead time earlier.
                if let Some(f) = &pick
                    && let Some(d) = f.due
                    && let Some(before) =
                        clause_text.get(..f.span.start.saturating_sub(cl.range.start))
                    && LEAD_BEFORE.is_match(before)
                {
                    due_val = Some(lead_time(before, d));
                }
                // "prepare the budget for the meeting on the 5th and send it to me a week
                // before": a lead said after the event's date counts back from it.
                if let Some(f) = &pick
                    && let Some(d) = f.due
                    && let Some(after) =
                        clause_text.get(f.span.end.saturating_sub(cl.range.start)..)
                    && BARE_LEAD.is_match(after)
                {
                    due_val = Some(lead_time(after, d));
                }
                let mut due_span = pick
                    .as_ref()
                    .filter(|f| f.due.is_some())
                    .map(|f| s.span(f.span.clone()));
                // "... wants the update by 9am Wednesday. Darnell, please send it."
                // "... wants a containment plan before their 8am call. Stevo can you
                // draft the containment plan?": or a request naming the thing wanted.
                if pick.is_none()
                    && let Some(Wanted {
                        sentence: n,
                        due: d,
                        span,
                        words: wanted,
                    }) = &wanted_by
                    && *n + 1 == s.idx
                    && (detect::pronoun_object(&cl.vp)
                        && (DELIVER.is_match(&cl.vp)
                            || matches!(
                                detect::head_verb(&cl.vp).as_str(),
                                "own" | "take" | "handle" | "do" | "cover" | "lead" | "run"
                                    // "... wants our summary before the 20th. Would you
                                    // pull that together?": making the thing wanted.
                                    | "pull" | "put" | "prepare" | "draft" | "compile"
                                    | "write" | "finish"
                            ))
                        || matches!(cl.act, Act::Request | Act::Assign(_) | Act::Commit)
                            // A word of the thing asked for is in what is wanted, and no
                            // number differs ("the old 2023 invoices" is not "the Q3
                            // invoices").
                            && {
                                let object = content(&object_of(&cl.vp));
                                object.iter().any(|w| {
                                    w.len() > 3
                                        && !matches!(w.as_str(), "time" | "thing" | "them" | "work")
                                        && wanted.contains(w)
                                }) && object.iter().all(|w| {
                                    !w.chars().any(|ch| ch.is_ascii_digit()) || wanted.contains(w)
                                })
                            })
                {
                    due_val = *d;
                    due_span = Some(span.clone());
                }
                // "for tmrw: Kenji can u pick up the tanks b4 we open at 11?": a day
                // put up front as a label holds for the sentence, with its clock time.
                static DAY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)^\W*(?:for\s+)?(?:tmrw|tomorrow|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\s*:").unwrap()
                });
                if let Some(label) = DAY_LABEL.find(&s.text)
                    && let Some(Due::Date(day)) = found
                        .iter()
                        .find(|f| f.span.end <= label.end())
                        .and_then(|f| f.due)
                {
                    let said = due_span
                        .as_ref()
                        .map(|sp| doc.text.get(sp.clone()).unwrap_or(""));
                    match due_val {
                        None => due_val = Some(Due::Date(day)),
                        Some(Due::DateTime(t))
                            if t.date() != day
                                && !said.is_some_and(|w| HAS_DAY_WORD.is_match(w)) =>
                        {
                            // A bare "at 11" read as the next 11 (23:00 in the evening) is
                            // 11:00 on a day of its own.
                            use chrono::Timelike;
                            let bare = !said.is_some_and(|w| {
                                let w = w.to_ascii_lowercase();
                                w.contains("pm")
                                    || w.contains("p.m")
                                    || w.contains("night")
                                    || w.contains("evening")
                            });
                            let time = if bare && t.hour() >= 19 {
                                t.time() - chrono::Duration::hours(12)
                            } else {
                                t.time()
                            };
                            due_val = Some(Due::DateTime(day.and_time(time)));
                        }
                        _ => {}
                    }
                }
                // "before then" points at the date mentioned last, in a task's sentence
                // too ("... has to be in before the 27th. Can you lodge it by then?").
                if pick.is_none()
                    && (THEN_REF.is_match(clause_text)
                        || SAME_DAY.captures(clause_text).is_some_and(|c| {
                            !c.name("pre")
                                .is_some_and(|p| p.as_str().eq_ignore_ascii_case("for"))
                        }))
                    && let Some((d, span)) = last_seen_due
                        .as_ref()
                        .map(|(d, span)| (Some(*d), span))
                        .or(last_due.as_ref().map(|(d, span)| (*d, span)))
                {
                    due_val = d;
                    due_span = Some(span.clone());
                }
                // "both are coming wed for visit 5, pls reconsent them then": "then" is
                // the day just named in the sentence.
                static THEN_AT_END: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)\b(?:it|them|this|that|her|him)\s+then\s*[.!?]*\s*$").unwrap()
                });
                if due_val.is_none()
                    && THEN_AT_END.is_match(clause_text)
                    && let Some(f) = found
                        .iter()
                        .rev()
                        .find(|f| f.due.is_some() && f.span.end <= cl.range.start)
                {
                    due_val = f.due;
                    due_span = Some(s.span(f.span.clone()));
                }
                if due_val.is_none()
                    && let Some((d, span)) = event_due(
                        &events,
                        &found,
                        &s.text,
                        clause_text,
                        cl.range.start,
                        mi,
                        msg.reference.date_naive(),
                    )
                {
                    due_val = Some(lead_time(clause_text, d));
                    due_span = Some(span.unwrap_or_else(|| s.span(cl.range.clone())));
                }
                // A day before an event whose clock time is said after it: ", which is
                // at 2pm ET" in the same sentence, or "It's at 4pm CET." next.
                // The day may be the one before the clock time picked ("before their
                // call tomorrow, it's at 4pm New York time").
                let event_day = match (due_val, &pick) {
                    (Some(Due::Date(d)), Some(f)) => Some((d, f.span.end)),
                    (Some(Due::DateTime(_)), Some(p)) => {
                        found.iter().rev().find_map(|g| match g.due {
                            Some(Due::Date(d))
                                if g.span.start >= cl.range.start && g.span.end <= p.span.start =>
                            {
                                Some((d, g.span.end))
                            }
                            _ => None,
                        })
                    }
                    _ => None,
                };
                if let Some((d, day_end)) = event_day
                    && EVENT_BEFORE.is_match(clause_text)
                    && let Some(t) = found
                        .iter()
                        .filter(|g| g.span.start >= day_end)
                        .find_map(|g| {
                            let between = s.text.get(day_end..g.span.start)?;
                            let lead = between.rsplit(',').next().unwrap_or(between);
                            event_clock(lead, g.due?)
                        })
                        .or_else(|| timed_next.get(&si).copied())
                        // Or said earlier: "the client call is Thursday at 3pm".
                        .or_else(|| {
                            let noun = EVENT_BEFORE
                                .captures(clause_text)?
                                .name("n")?
                                .as_str()
                                .to_lowercase();
                            events.iter().rev().find_map(|(_, text, due, _)| match due {
                                Due::DateTime(t) if t.date() == d && text.contains(&noun) => {
                                    Some(t.time())
                                }
                                _ => None,
                            })
                        })
                {
                    due_val = Some(Due::DateTime(d.and_time(t)));
                }
                if due_val.is_none()
                    && EVENT_REF.is_match(clause_text)
                    && let Some((d, span)) = dated_next.get(&si)
                {
                    due_val = Some(lead_time(clause_text, *d));
                    due_span = Some(span.clone());
                }
                // "send me the deck a day before": before the date mentioned last.
                if due_val.is_none()
                    && pick.is_none()
                    && BARE_LEAD.is_match(clause_text)
                    && let Some((d, span)) = found
                        .iter()
                        .rev()
                        // "the audit is Friday, have the logs ready the day before": the
                        // date said earlier in the sentence.
                        .find_map(|f| match f.due {
                            Some(d) if f.span.end <= cl.range.start => {
                                Some((d, s.span(f.span.clone())))
                            }
                            _ => None,
                        })
                        .or_else(|| {
                            last_due
                                .as_ref()
                                .and_then(|(d, span)| d.map(|d| (d, span.clone())))
                        })
                        .or(last_seen_due.as_ref().map(|(d, span)| (*d, span.clone())))
                {
                    due_val = Some(lead_time(clause_text, d));
                    due_span = Some(span);
                }
                // "sorry, I'm off from noon. can someone else do it?": the one asked
                // hands the task back to the room, for a volunteer to take.
                static SOMEONE_ELSE: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)\b(?:can|could|would)\s+(?:someone|somebody|anyone|anybody)\s+else\s+(?:do|take|cover|handle|grab)\s+(?:it|this|that|them)\b").unwrap()
                });
                if SOMEONE_ELSE.is_match(clause_text)
                    && let Some(i) = works.iter().rposition(|w| {
                        w.open
                            && w.msg < mi
                            && w.msg + 3 >= mi
                            && msg.speaker.is_some()
                            && w.assignee == msg.speaker
                    })
                {
                    works[i].open = false;
                    works[i].declined = true;
                    continue;
                }
                match &cl.act {
                    Act::Decline => {
                        // The request the refusal names ("I can't do the re-inspection"),
                        // else the latest one asked of the speaker.
                        let said = content(&s.text);
                        let asked: Vec<usize> = (0..works.len())
                            .rev()
                            .filter(|&i| {
                                let w = &works[i];
                                w.msg < mi
                                    && w.open
                                    && w.asked.is_some()
                                    && w.asked == msg.speaker
                                    && w.assignee == msg.speaker
                            })
                            .collect();
                        let named = asked.iter().copied().max_by_key(|&i| {
                            (
                                content(&works[i].title)
                                    .intersection(&said)
                                    .filter(|w| w.len() > 2)
                                    .count(),
                                i,
                            )
                        });
                        if let Some(i) = named {
                            works[i].open = false;
                            works[i].declined = true;
                        }
                        continue;
                    }
                    Act::Cancel => {
                        // "Hannah, skip that": among Hannah's tasks.
                        let target = match &cl.vocative {
                            Some(v) => {
                                let theirs: Vec<usize> = (0..works.len())
                                    .filter(|&i| {
                                        // A task handed on to someone else is no
                                        // longer the first person's to drop.
                                        works[i].open
                                            && (works[i].assignee.as_ref() == Some(v)
                                                || works[i].asked.as_ref() == Some(v)
                                                    && works[i].assignee.is_none())
                                    })
                                    .collect();
                                // What it names among theirs; a bare "skip that" is their
                                // latest; "re the sample shipment: never mind" names none.
                                let words = content(&s.text);
                                let named = theirs.iter().rev().copied().find(|&i| {
                                    content(&works[i].title)
                                        .intersection(&words)
                                        .any(|x| x.len() > 2)
                                });
                                let bare = s.text.split_whitespace().count() <= 8
                                    && !names_a_thing(&s.text);
                                named.or(if bare { theirs.last().copied() } else { None })
                            }
                            None => best_target(&works, mi, &s.text),
                        };
                        // "I'll take the statement myself ... so no need for you to do it":
                        // releases the person addressed, not the speaker's own promise.
                        let to_you = s.text.to_ascii_lowercase().contains("you");
                        let whom = cl.vocative.clone().or_else(|| addressed.clone());
                        // "Should we re-validate the autoclave?" - "No need.": answers the
                        // question just asked, not the speaker's own earlier promise.
                        let after_other = mi > 0 && msgs[mi - 1].speaker != msg.speaker;
                        let said = content(&s.text);
                        // "do we still want the localization pass?" - "skip it, ...": the
                        // answer drops what was asked, so only a task the question names.
                        let question = (after_other && si == 0)
                            .then(|| prev_text.last())
                            .flatten()
                            .and_then(|q| yes_no_subject(q));
                        // "The dog bylaw story ran Saturday. No follow needed on that one.":
                        // drops what the message itself just said, not an earlier task
                        // that shares none of its words.
                        let own_topic: HashSet<String> =
                            sents[..si].iter().flat_map(|p| content(&p.text)).collect();
                        let target = target.filter(|&i| {
                            let w = &works[i];
                            if let Some(asked) = &question
                                && !content(&w.title).intersection(asked).any(|x| x.len() > 2)
                            {
                                return false;
                            }
                            let named = content(&w.title).intersection(&said).any(|x| x.len() > 2);
                            let own_statement = own_topic.len() >= 3
                                && w.msg < mi
                                && !named
                                && !content(&w.title)
                                    .intersection(&own_topic)
                                    .any(|x| x.len() > 2);
                            if own_statement {
                                return false;
                            }
                            !(to_you && msg.speaker.is_some() && w.assignee == msg.speaker)
                                && !(after_other
                                    && !named
                                    && msg.speaker.is_some()
                                    && w.assignee == msg.speaker
                                    && w.msg < mi)
                                // "DeShawn, ... no need for you to do it": only DeShawn's.
                                && !(to_you
                                    && whom.is_some()
                                    && w.assignee != whom
                                    && w.asked != whom)
                        });
                        if let Some(i) = target {
                            works[i].open = false;
                        }
                        continue;
                    }
                    Act::Complete => {
                        // "I did the two at the park; I'll do the rest" and, in a short
                        // message, "images uploaded. GIF still rendering" are progress.
                        let partial = msg_text.contains("the rest")
                            || msg_text.contains("the others")
                            || msg_text.contains("remaining")
                            || msg_text.len() < 200 && msg_text.contains(" still ");
                        // "Everyone happy? Good. Done.": settles what the message just
                        // asked the room, not an earlier task.
                        let settles_own_question = s.text.split_whitespace().count() <= 2
                            && sents[..si].iter().any(|x| x.text.contains('?'));
                        // "acme demo tenant reset ✅" closes the task naming the tenant,
                        // never just the speaker's latest one ("dispatcher restarted").
                        // `detect::state_done` gives "the <thing>" for a thing named, and
                        // "<verb> done" for work that may be the speaker's latest.
                        let (report, named_only) = if cl.vp.is_empty() {
                            (s.text.as_str(), false)
                        } else {
                            (cl.vp.as_str(), cl.vp.starts_with("the "))
                        };
                        // "Already emailed their controller last night", "looked, one
                        // correction, fixed it in the doc": a reply that opens by reporting
                        // work done answers the ask just made of the speaker or the room.
                        let answers_the_ask = || {
                            let speaker = msg.speaker.as_deref()?;
                            (si == 0 && !named_only && REPLY_DONE.is_match(&s.text))
                                .then_some(())?;
                            works.iter().rposition(|w| {
                                w.open
                                    && w.msg + 1 == mi
                                    // A reply, not the asker going on.
                                    && msgs[w.msg].speaker.as_deref() != Some(speaker)
                                    && (w.asked.as_deref() == Some(speaker)
                                        || w.assignee.as_deref() == Some(speaker)
                                        || w.assignee.is_none()
                                            && matches!(w.act, Act::Group | Act::Request))
                            })
                        };
                        if !partial
                            && !settles_own_question
                            && let Some(i) = completed_target(
                                &works,
                                mi,
                                report,
                                msg.speaker.as_deref(),
                                named_only,
                            )
                            .or_else(answers_the_ask)
                        {
                            works[i].open = false;
                            works[i].done_in = Some(mi);
                        }
                        continue;
                    }
                    _ => {}
                }
                // "Seun, cancel the guest house": withdraws the open task it names rather
                // than adding one; "let's cancel the open day" is a decision.
                let head_now = detect::head_verb(&cl.vp);
                if matches!(
                    cl.act,
                    Act::Request | Act::Assign(_) | Act::Commit | Act::Group
                ) && matches!(head_now.as_str(), "cancel" | "scrap" | "unbook")
                {
                    let object = content(&object_of(&cl.vp));
                    let named = works.iter().rposition(|w| {
                        w.open
                            && w.msg <= mi
                            && content(&object_of(&w.title))
                                .intersection(&object)
                                .any(|x| x.len() > 2)
                    });
                    if let Some(i) = named {
                        works[i].open = false;
                        continue;
                    }
                    if matches!(cl.act, Act::Group)
                        && clause_text.to_ascii_lowercase().starts_with("let")
                    {
                        continue;
                    }
                }
                let who_accepts = match &cl.act {
                    Act::Accept(Some(id)) | Act::Assign(id) => Some(id.clone()),
                    Act::Request => {
                        addressee(doc, msg, &cl, addressed.as_deref(), prev_speaker.as_deref())
                    }
                    _ => msg.speaker.clone(),
                };
                // "I'll draft the statement. I can have it to you by the 14th.", "let me
                // get that to Marisol by Friday": when the task just promised is due.
                if due_val.is_some()
                    && matches!(cl.act, Act::Commit | Act::Request)
                    && detect::pronoun_object(&cl.vp)
                    && matches!(
                        head_now.as_str(),
                        "have" | "get" | "send" | "deliver" | "finish" | "do" | "complete"
                    )
                    && let Some(w) = match last_touched {
                        // "yes please, and share it w/ JD ... get it to him by 10am": the
                        // offer just taken up.
                        Some(i) if matches!(cl.act, Act::Request) => works.get_mut(i),
                        // "can you put together the budget table? Please have it to me
                        // by the 20th": the hand-over of what was just asked; "I need
                        // to put it on the site." - "Please do that by Friday.": the
                        // date of what the person addressed just took on.
                        None if matches!(cl.act, Act::Request) => {
                            let to = addressee(
                                doc,
                                msg,
                                &cl,
                                addressed.as_deref(),
                                prev_speaker.as_deref(),
                            );
                            let deliver = DELIVER.is_match(&cl.vp);
                            match works.iter().rposition(|w| {
                                w.open
                                    && to.is_some()
                                    && (deliver && w.msg == mi && w.asked == to
                                        || matches!(
                                            head_now.as_str(),
                                            "do" | "finish" | "complete"
                                        ) && w.msg + 1 == mi
                                            && w.assignee == to
                                            && matches!(w.act, Act::Commit))
                            }) {
                                Some(i) => works.get_mut(i),
                                None => None,
                            }
                        }
                        // "I will revise the proposal ..." - "I'll send it by the 26th".
                        _ if matches!(cl.act, Act::Commit) => {
                            // Only a deliverable: "I'll send them to you" after "make
                            // sure of it" is something else.
                            static DELIVERABLE: LazyLock<Regex> = LazyLock::new(|| {
                                Regex::new(r"(?i)^(?:circulate|send|share|submit|draft|prepare|write|revise|update|finish|complete|compile)\b|\band (?:circulate|send|share|submit)\b").unwrap()
                            });
                            let own = works.iter().rposition(|w| {
                                w.open
                                    && w.due.is_none()
                                    && msg.speaker.is_some()
                                    && w.assignee == msg.speaker
                                    && (w.msg == mi
                                        || w.msg + 2 >= mi && DELIVERABLE.is_match(&w.title))
                            });
                            match own {
                                Some(i) => works.get_mut(i),
                                None => None,
                            }
                        }
                        _ => None,
                    }
                    && (w.msg + 2 >= mi || last_touched.is_some())
                    && w.due.is_none()
                    && w.assignee.is_some()
                    && (w.assignee == msg.speaker || matches!(cl.act, Act::Request))
                {
                    w.due = due_val;
                    w.due_span = due_span.clone();
                    continue;
                }
                // Is this a reply taking on an earlier task?
                let bare_vp = {
                    let dates: Vec<&str> = found.iter().map(|f| &s.text[f.span.clone()]).collect();
                    title::build(&cl.vp, &dates, None, None, None)
                };
                // "will review tonight": a verb and a date restate the request.
                // "I'll start tomorrow morning with the team": starting on what was asked.
                let starts_on_it = {
                    let mut w = bare_vp.split_whitespace().map(|w| w.to_ascii_lowercase());
                    matches!(w.next().as_deref(), Some("start" | "begin"))
                        && w.next().is_none_or(|n| {
                            matches!(
                                n.as_str(),
                                "with" | "on" | "at" | "right" | "first" | "now" | "early" | "asap"
                            )
                        })
                };
                // "Also the sterilizer spore test, I'll run it Wednesday": the fronted
                // topic names a new task, whatever "it" would otherwise take up.
                static STATED_THING: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)^(?:(?:fyi|also|and|btw|ok|so)[,:]?\s+)?(?:(?:the|our|that|this|those|these)\s+[\w\-' ]{2,50}?\s+(?:still\s+)?(?:needs?|is|are|has|have)\b[^,;]{0,60}|(?:(?:i'm|we're|i am|we are)\s+)?(?:still\s+)?(?:waiting|chasing)\s+(?:on|for)\s+(?:the|their|our|his|her|a|an)\s[^,;]{2,60})[,;]$").unwrap()
                });
                static FRONTED: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)^(?:(?:also|and|plus|oh and|as for|re:?|regarding)[,\s]+)?(?:the|our|that|this|those|these)\s+[\w\-' ]{2,60},\s*$").unwrap()
                });
                // "the probe piece still needs a legal read, I'll send it to legal": so
                // does a statement about the thing just before, in the same sentence.
                let fronted = matches!(cl.act, Act::Commit)
                    && detect::pronoun_object(&cl.vp)
                    && s.text.get(..cl.range.start).is_some_and(|pre| {
                        FRONTED.is_match(pre) || STATED_THING.is_match(pre.trim_end())
                    });
                // "inverter only 1 left - I'll reserve it today": "it" is what this
                // message just named, not the ask before.
                let named_here = detect::pronoun_object(&cl.vp)
                    && matches!(cl.act, Act::Commit)
                    && (s
                        .text
                        .get(..cl.range.start)
                        .and_then(title::short_of)
                        .is_some()
                        || sents[..si]
                            .iter()
                            .rev()
                            .take(2)
                            .any(|x| title::short_of(&x.text).is_some()));
                let explicit_vp = fronted
                    || named_here
                    || !cl.vp.is_empty()
                        && !detect::pronoun_object(&cl.vp)
                        && bare_vp.split_whitespace().count() > 1
                        && !starts_on_it;
                let head = detect::head_verb(&cl.vp);
                let mut skip_first = false;
                let volunteer = matches!(cl.act, Act::Accept(Some(_)))
                    || (matches!(cl.act, Act::Accept(None)) && !cl.vp.is_empty());
                // "I'll take the missed-run alert. I can have it by Friday.": the speaker's
                // own task from this message, before anything older.
                let own_new = works.iter().rposition(|w| {
                    w.open && w.msg == mi && msg.speaker.is_some() && w.assignee == msg.speaker
                });
                let target = if matches!(cl.act, Act::Accept(_)) && own_new.is_some() {
                    own_new
                } else {
                    accept_target(&works, mi, msg.speaker.as_deref(), volunteer)
                };
                // "who can collect the kits?" - "I'll collect them": the same verb on
                // "them" takes the open ask even when another task came in between.
                let target = if matches!(cl.act, Act::Commit)
                    && !head.is_empty()
                    && detect::pronoun_object(&cl.vp)
                {
                    works
                        .iter()
                        .enumerate()
                        .rev()
                        .take(LOOKBACK)
                        .find(|(_, w)| {
                            w.open
                                && w.msg < mi
                                && w.msg + 4 >= mi
                                && w.head == head
                                && (w.assignee.is_none() || w.assignee == msg.speaker)
                        })
                        .map(|(i, _)| i)
                        .or(target)
                } else {
                    target
                };
                let onto_list = ONTO_LIST.is_match(&cl.vp);
                // "I'll call them instead, Liam": the same act, someone else now.
                let instead = matches!(cl.act, Act::Commit)
                    && detect::pronoun_object(&cl.vp)
                    && s.text.to_ascii_lowercase().contains("instead")
                    && works.iter().rev().take(LOOKBACK).any(|w| {
                        w.open
                            && w.msg < mi
                            && w.msg + 4 >= mi
                            && w.head == head
                            && w.assignee != msg.speaker
                    });
                // "pls take it to the shop": carrying a thing somewhere, not taking on a task.
                static TAKE_TO: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)^take\s+(?:it|them|this|that)\s+(?:to|into|down\s+to|back\s+to|over\s+to|round\s+to|in\s+to)\b").unwrap()
                });
                let takeover = instead
                    || matches!(cl.act, Act::Assign(_) | Act::Commit | Act::Request) && onto_list
                    || matches!(cl.act, Act::Assign(_) | Act::Commit | Act::Request)
                        && !TAKE_TO.is_match(&cl.vp)
                        && matches!(
                            head.as_str(),
                            "take"
                                | "handle"
                                | "cover"
                                | "own"
                                | "do"
                                | "grab"
                                | "pick"
                                | "run"
                                | "lead"
                        );
                let taken = if takeover {
                    // The thing taken over, without its date ("the pump checks at 14:00").
                    let dates: Vec<&str> = found.iter().map(|f| &s.text[f.span.clone()]).collect();
                    object_of(&title::build(&cl.vp, &dates, None, None, None))
                } else {
                    String::new()
                };
                // "can you do March?" - "Aisha, could you take the March falls audit
                // instead?": "instead" hands over a recent task of someone else's whose
                // object the new words name in full.
                let instead_named =
                    (takeover && explicit_vp && s.text.to_ascii_lowercase().contains("instead"))
                        .then(|| {
                            let named = content(&taken);
                            works.iter().rposition(|w| {
                                let old = content(&object_of(&w.title));
                                w.open
                                    && w.msg < mi
                                    && w.msg + 6 >= mi
                                    && w.assignee != who_accepts
                                    && !old.is_empty()
                                    && old.is_subset(&named)
                            })
                        })
                        .flatten();
                let target = if instead {
                    works.iter().rposition(|w| {
                        w.open
                            && w.msg < mi
                            && w.msg + 4 >= mi
                            && w.head == head
                            && w.assignee != msg.speaker
                    })
                } else if takeover && explicit_vp {
                    // "can u take KSM-114 tonight?" names a site no task has: its own task,
                    // not a hand-over of the latest one.
                    let names_code = taken
                        .split_whitespace()
                        .any(|w| w.chars().any(|c| c.is_ascii_digit()));
                    overlap_target(&works, mi, &taken)
                        .or(instead_named)
                        .or(if names_code { None } else { target })
                } else if takeover && matches!(cl.act, Act::Request) {
                    // "Hemi, are you able to take that on?" hands over the task just
                    // mentioned, even in the same message.
                    let whom =
                        addressee(doc, msg, &cl, addressed.as_deref(), prev_speaker.as_deref());
                    works
                        .iter()
                        .enumerate()
                        .rev()
                        .take(LOOKBACK)
                        // "I'm out Wed-Fri. @marta could you take it?" passes on what the
                        // speaker just turned down.
                        // A task a third person holds is not the speaker's to pass on;
                        // one the person asked already holds is theirs to keep.
                        .find(|(_, w)| {
                            (w.open || w.declined)
                                && w.msg + 3 >= mi
                                && (w.msg == mi
                                    || w.declined
                                    || w.assignee.is_none()
                                    || w.assignee == msg.speaker
                                    || w.asked == msg.speaker
                                    || msgs[w.msg].speaker == msg.speaker
                                    || whom.is_some() && w.assignee == whom)
                        })
                        .map(|(i, _)| i)
                } else {
                    target
                };
                let do_it_verb = matches!(
                    head.as_str(),
                    "do" | "start"
                        | "begin"
                        | "take"
                        | "handle"
                        | "cover"
                        | "own"
                        | "grab"
                        | "have"
                        | "sort"
                        | "tackle"
                        | "manage"
                        | "deal"
                        | "get"
                );
                // "Someone should write the report... I'll do it, by Wednesday.": the
                // speaker takes up their own ask to the room.
                let own_room_ask = (matches!(cl.act, Act::Commit | Act::Accept(_))
                    && !explicit_vp
                    && (do_it_verb || cl.vp.is_empty()))
                .then(|| {
                    works.iter().rposition(|w| {
                        w.open && w.msg == mi && w.assignee.is_none() && matches!(w.act, Act::Group)
                    })
                })
                .flatten();
                let target = own_room_ask.or(target);
                // "The DocuSign is still with you." - "I'll sign it today." - "And your
                // March expenses, finance close them Friday." - "I'll do those tomorrow.":
                // a promise on "those" right after someone else names a new thing, and
                // asks nothing, is about that thing.
                let named_by_other = si == 0
                    && mi > 0
                    && !explicit_vp
                    && due_val.is_some()
                    && msgs[mi - 1].speaker != msg.speaker
                    && !works.iter().any(|w| w.msg + 1 == mi)
                    && target.is_some_and(|i| {
                        let w = &works[i];
                        w.msg + 1 < mi
                            && prev_text
                                .last()
                                .and_then(|t| title::antecedent(t))
                                .is_some_and(|np| {
                                    content(&np)
                                        .intersection(&content(&object_of(&w.title)))
                                        .all(|x| x.len() <= 2)
                                })
                    });
                let target = if named_by_other { None } else { target };
                let is_accept = match (&cl.act, target) {
                    (Act::Assign(_) | Act::Commit | Act::Request, Some(i))
                        if takeover
                            && explicit_vp
                            && (names_task(&works[i].title, &taken)
                                || instead_named == Some(i)) =>
                    {
                        true
                    }
                    (Act::Commit, Some(_)) if instead => true,
                    (Act::Request, Some(_)) if takeover && !explicit_vp => true,
                    // A bare "ok" neither takes a joint ask for one person nor
                    // the speaker's own ask.
                    (Act::Accept(None), Some(i))
                        if cl.vp.is_empty()
                            && (works[i].joint || msgs[works[i].msg].speaker == msg.speaker) =>
                    {
                        false
                    }
                    // "I still need everyone's corrections." - "Noted.": heard, not taken on.
                    (Act::Accept(None), Some(i))
                        if cl.vp.is_empty()
                            && matches!(works[i].act, Act::Group)
                            && matches!(
                                clause_text
                                    .trim()
                                    .trim_end_matches(['.', '!'])
                                    .to_ascii_lowercase()
                                    .as_str(),
                                "noted"
                                    | "understood"
                                    | "got it"
                                    | "ok noted"
                                    | "okay, noted"
                                    | "ok, noted"
                            ) =>
                    {
                        false
                    }
                    (Act::Accept(_), Some(_)) => true,
                    (Act::Commit | Act::GroupCommit, Some(i)) => {
                        let w = &works[i];
                        let to_me = w.asked.is_some() && w.asked == msg.speaker;
                        // "someone has to train the packers" - "I can do the training";
                        // "please order the injectors" - "I'll put the order through".
                        let nominal = matches!(
                            head.as_str(),
                            "do" | "put" | "place" | "make" | "run" | "get"
                        ) && w.head.len() >= 4
                            && cl
                                .vp
                                .split_whitespace()
                                .nth(1)
                                .map(|d| d.to_ascii_lowercase())
                                .filter(|d| matches!(d.as_str(), "the" | "a" | "an" | "my" | "our"))
                                .and_then(|_| cl.vp.split_whitespace().nth(2))
                                .is_some_and(|n| {
                                    // "the order", "the training", "the scheduling", not
                                    // "the booklets" for "book".
                                    let n = n
                                        .trim_matches(|ch: char| !ch.is_alphanumeric())
                                        .to_ascii_lowercase();
                                    let one = n.strip_suffix('s').unwrap_or(&n);
                                    let stem = one.strip_suffix("ing").unwrap_or(one);
                                    one == w.head
                                        || stem == w.head
                                        || format!("{stem}e") == w.head
                                        // "do the rollback", "the setup", "the handover".
                                        || ["back", "up", "off", "over", "through", "out", "in"]
                                            .iter()
                                            .any(|p| one == format!("{}{p}", w.head))
                                });
                        // "can you send the CMR?" - "CMR I'll mail you before 12": a verb
                        // of the same kind on the same thing.
                        let kind = verb_kind(&w.head);
                        let kindred = kind.is_some()
                            && kind == verb_kind(&head)
                            && (object_within(&w.title, &cl.vp) || shares_name(&w.title, &cl.vp))
                            && msg.speaker.is_some()
                            && (w.asked == msg.speaker || w.assignee == msg.speaker);
                        let same_verb = !head.is_empty() && w.head == head || nominal || kindred;
                        // "Sure, and I'll book the room": a second thing after the yes, unless
                        // it names the thing asked ("Yes, and I'll set up the dial-in").
                        static AND_I_WILL: LazyLock<Regex> = LazyLock::new(|| {
                            Regex::new(
                                r"(?i)\band\s+(?:i'll|i’ll|i\s+will|i\s+can|i'm\s+going\s+to)\b",
                            )
                            .unwrap()
                        });
                        let also = s.text.to_ascii_lowercase().contains(" also ")
                            || AND_I_WILL.is_match(&s.text)
                                && !overlaps(&w.title, &object_of(&cl.vp));
                        // "I'll install it" after an unrelated request is a new task
                        // about "it"; "I'll do it" / "I'll book it" take the request.
                        (!explicit_vp && (to_me || same_verb || do_it_verb))
                            || (same_verb && (to_me || w.assignee.is_none()) && !also)
                            || (accept_lead && to_me && !also && w.msg + 1 >= mi)
                            || (accept_lead && w.guessed && w.msg + 1 == mi && !also)
                            // "Yes. I'll have a draft to you by Thursday": the draft is
                            // of what was just asked.
                            || (to_me && w.msg + 1 >= mi && GENERIC_DELIVERABLE.is_match(&cl.vp))
                    }
                    _ => false,
                };
                if is_accept && let Some(i) = target {
                    let group_commit = matches!(cl.act, Act::GroupCommit);
                    let w = &mut works[i];
                    w.open = true;
                    w.declined = false;
                    // "Sure, we can do that" keeps the person asked; "we'll have the
                    // quote to you by the 24th" is a group commitment (null).
                    if group_commit {
                        if explicit_vp {
                            w.assignee = None;
                        }
                    } else if who_accepts.is_some() || !matches!(cl.act, Act::Request) {
                        w.assignee = who_accepts.clone();
                    }
                    // "I'll do it Friday" moves the date; "Sure, I'll ask the agency
                    // today" is a first step and leaves the deadline alone.
                    let restates = !explicit_vp || w.head == head || w.due.is_none();
                    // "on it, I'll start after lunch" says when the work begins; "...,
                    // it should be done by Wednesday" still gives its deadline.
                    let deadline_said = due_span.as_ref().is_some_and(|sp| {
                        doc.text.get(sp.clone()).is_some_and(due::starts_deadline)
                    });
                    if due_val.is_some() && restates && (!starts_on_it || deadline_said) {
                        w.due = due_val;
                        w.due_span = due_span.clone();
                    }
                    // The hand-over names the task more fully: its words become the title's.
                    let old_object = content(&object_of(&w.title));
                    let new_object = content(&taken);
                    if instead_named == Some(i)
                        && !old_object.is_empty()
                        && old_object.is_subset(&new_object)
                        && new_object.len() > old_object.len()
                    {
                        let remove: Vec<&str> =
                            found.iter().map(|f| &s.text[f.span.clone()]).collect();
                        let better = title::build(&cl.vp, &remove, None, None, None);
                        let verb = w.title.split_whitespace().next().unwrap_or("Do");
                        w.title = format!("{verb} {}", object_of(&better));
                    }
                    if w.vague_title && explicit_vp && !takeover {
                        let me = first_name(doc, msg.speaker.as_deref());
                        let first = title::split_conjuncts(&cl.vp)
                            .into_iter()
                            .next()
                            .map(|(_, p)| p)
                            .unwrap_or_default();
                        let remove: Vec<&str> =
                            found.iter().map(|f| &s.text[f.span.clone()]).collect();
                        w.title = title::build(&first, &remove, None, me.as_deref(), None);
                        w.head = head.clone();
                        w.vague_title = false;
                    }
                    w.confidence = (w.confidence + 0.1).min(0.95);
                    last_touched = Some(i);
                    // "I'll book it today and send you the confirmation": the
                    // later parts are new tasks.
                    if !explicit_vp || title::split_conjuncts(&cl.vp).len() < 2 {
                        continue;
                    }
                    skip_first = true;
                }
                // "The trend report is overdue. I'll do it by Friday.": with no ask to
                // take up, a promise about the thing just named is a task of its own.
                let cl = match &cl.act {
                    Act::Accept(_)
                        if target.is_none()
                            && !cl.vp.is_empty()
                            && due_val.is_some()
                            && (si > 0 && title::antecedent(&sents[si - 1].text).is_some()
                                || named_by_other) =>
                    {
                        let mut own = cl.clone();
                        own.act = Act::Commit;
                        own
                    }
                    Act::Accept(_) => continue,
                    _ => cl,
                };
                // "Greg: recharge extract by Wednesday" restates Greg's open task on
                // the extract; the date said last stands.
                // An old list quoted below a reply is what was asked then.
                if cl.verbless && !msg.newest && doc.kind == Kind::Email {
                    continue;
                }
                if cl.verbless {
                    let to =
                        addressee(doc, msg, &cl, addressed.as_deref(), prev_speaker.as_deref());
                    // The head noun of the thing named: "curtain wall resubmittal and
                    // then the lookahead" is about a resubmittal.
                    let head_noun = object_of(&bare_vp)
                        .split_whitespace()
                        .take_while(|w| {
                            !matches!(
                                w.to_ascii_lowercase().as_str(),
                                "and"
                                    | "then"
                                    | "with"
                                    | "to"
                                    | "for"
                                    | "of"
                                    | "on"
                                    | "in"
                                    | "from"
                            )
                        })
                        .last()
                        .map(content)
                        .unwrap_or_default();
                    if let Some(i) = works.iter().rposition(|w| {
                        w.open
                            && w.assignee == to
                            && content(&object_of(&w.title))
                                .iter()
                                .any(|x| x.len() > 3 && head_noun.contains(x))
                    }) {
                        let w = &mut works[i];
                        let same_day = matches!((w.due, due_val), (Some(Due::DateTime(t)), Some(Due::Date(d))) if t.date() == d);
                        // A recap restates; it does not move a date already set.
                        let recap = (summary || msg.action_item) && w.due.is_some();
                        if due_val.is_some() && !same_day && !recap {
                            w.due = due_val;
                            w.due_span = due_span.clone();
                        }
                        continue;
                    }
                }
                // "I can offer it to ortho if you want": an offer waits for its yes, which
                // makes it a task with or without a date.
                // "By the 15th, please, so I can post them": the purpose of an ask, not
                // a promise.
                static SO_THAT: LazyLock<Regex> =
                    LazyLock::new(|| Regex::new(r"(?i)\bso(?:\s+that)?\s*$").unwrap());
                if matches!(cl.act, Act::Commit | Act::GroupCommit)
                    && s.text
                        .get(..cl.range.start)
                        .is_some_and(|b| SO_THAT.is_match(b))
                    && s.text.get(cl.range.clone()).is_some_and(|c| {
                        let c = c.to_ascii_lowercase();
                        c.contains(" can ") || c.contains(" could ")
                    })
                {
                    continue;
                }
                if cl.needs_due && due_val.is_none() && !cl.offer {
                    continue;
                }
                // Who owns it.
                let assignee = match &cl.act {
                    Act::Commit => msg.speaker.clone(),
                    Act::Assign(id) => Some(id.clone()),
                    Act::GroupCommit => None,
                    Act::Group => cl.vocative.clone().or_else(|| {
                        if msg.action_item {
                            msg.owner.clone()
                        } else if I_NEED.is_match(&s.text) {
                            // "Duarte, the onboarding redesign. I need the final Figma
                            // handed off by Wednesday": what the speaker needs, from the
                            // one just named.
                            addressed.clone()
                        } else {
                            None
                        }
                    }),
                    Act::Request => {
                        addressee(doc, msg, &cl, addressed.as_deref(), prev_speaker.as_deref())
                    }
                    _ => None,
                };
                if cl.weak && cl.vocative.is_none() && !matches!(cl.act, Act::Group) {
                    let addressed = matches!(msg.addressee, Addr::Person(_)) && due_val.is_some();
                    if !addressed {
                        continue;
                    }
                }
                // Title.
                // "hold off on the crane booking - I'll lodge it myself": "it" is what
                // the same verb acted on a moment ago.
                // "... wants our sampling summary before the 20th. Marta, would you pull
                // that together?": a thing the sentence before named, not an older task's.
                let named_just_before = wanted_by.as_ref().is_some_and(|w| w.sentence + 1 == s.idx);
                let same_verb_object = if detect::pronoun_object(&cl.vp) && !head.is_empty() {
                    works
                        .iter()
                        .rev()
                        .take(LOOKBACK)
                        .find(|w| {
                            w.head == head
                                && (w.msg + 1 >= mi || !w.open && w.msg + 4 >= mi)
                                && !(named_just_before && w.msg < mi)
                                && !w.vague_title
                        })
                        .map(|w| object_of(&w.title))
                        .filter(|o| o.split_whitespace().count() >= 2)
                } else {
                    None
                };
                let antecedent = cl
                    .topic
                    .clone()
                    .or(same_verb_object)
                    .or_else(|| {
                        if cl.range.start > 0 {
                            title::antecedent(&s.text[..cl.range.start])
                        } else {
                            None
                        }
                    })
                    .or_else(|| {
                        prev_task_obj
                            .as_ref()
                            .filter(|(_, n)| *n + 1 == s.idx)
                            .map(|(o, _)| o.clone())
                    })
                    // "Can we get that extract by Wednesday?" - "I'll send it over myself":
                    // a promise about "it" answers the ask in the message before.
                    .or_else(|| {
                        // Only when this message has named nothing "it" could be.
                        if !matches!(cl.act, Act::Commit)
                            || mi == 0
                            || sents[si.saturating_sub(3)..si]
                                .iter()
                                .any(|x| title::antecedent(&x.text).is_some())
                        {
                            return None;
                        }
                        works
                            .iter()
                            .rev()
                            .take(LOOKBACK)
                            .find(|w| {
                                (w.open && w.msg + 1 == mi
                                    || w.done_in.is_some_and(|d| d + 1 >= mi))
                                    && !no_object_word(&w.title)
                            })
                            .map(|w| object_of(&w.title))
                            .filter(|o| o.split_whitespace().count() >= 2)
                    })
                    .or_else(|| prev_text.iter().rev().find_map(|t| title::antecedent(t)))
                    .or_else(|| subject_np.clone());
                // "yes please do that" when nothing named is what "that" means: no
                // task of its own.
                if matches!(cl.act, Act::Request)
                    && DO_IT.is_match(&bare_vp)
                    && antecedent.is_none()
                {
                    continue;
                }
                let remove: Vec<&str> = found
                    .iter()
                    .filter(|f| f.span.start >= cl.range.start && f.span.end <= cl.range.end)
                    .map(|f| &s.text[f.span.clone()])
                    .collect();
                let me = first_name(doc, msg.speaker.as_deref());
                let you = match &cl.act {
                    Act::Commit | Act::GroupCommit => match (&cl.vocative, &msg.addressee) {
                        // "@rohan I'll send u the list": the person addressed.
                        (Some(p), _) | (None, Addr::Person(p)) => first_name(doc, Some(p)),
                        // "I can send you the updated map" in reply: the one just heard.
                        _ if prev_speaker.is_some() && prev_speaker != msg.speaker => {
                            first_name(doc, prev_speaker.as_deref())
                        }
                        _ => None,
                    },
                    // "Raj will take over the filing from you": "you" is the one addressed,
                    // not the new owner.
                    Act::Assign(_) => first_name(
                        doc,
                        addressee(doc, msg, &cl, addressed.as_deref(), prev_speaker.as_deref())
                            .as_deref(),
                    ),
                    _ => first_name(doc, assignee.as_deref()),
                };
                let conjuncts = title::split_conjuncts(&cl.vp);
                let sentence_prio =
                    priority::detect(clause_text).or_else(|| priority::detect(&s.text));
                let n_conj = conjuncts.len();
                let skip = usize::from(skip_first);
                let earlier = seen.as_str();
                // Whom "him"/"her" (and "them" after "chase", "call"...) means: a person
                // the context named by role; looked for only when a person is referred to.
                let refers_to_person = cl
                    .vp
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .any(|w| matches!(w.to_ascii_lowercase().as_str(), "him" | "her" | "them"));
                let role = if refers_to_person {
                    title::role_antecedent(&s.text[..cl.range.start.min(s.text.len())])
                        .or_else(|| {
                            prev_text
                                .iter()
                                .rev()
                                .find_map(|t| title::role_antecedent(t))
                        })
                        // "Great Lakes Steel is late again ... Lisa, chase them."
                        .or_else(|| {
                            let them = cl
                                .vp
                                .to_ascii_lowercase()
                                .split_whitespace()
                                .any(|w| w == "them");
                            if !them {
                                return None;
                            }
                            prev_text
                                .iter()
                                .rev()
                                .find_map(|t| title::org_antecedent(t, doc.participants))
                                .map(|o| o.to_string())
                        })
                } else {
                    None
                };
                for (k, (off, part)) in conjuncts.into_iter().enumerate().skip(skip) {
                    let vague = detect::pronoun_object(&part);
                    let person = title::resolve_person(&part, role.as_deref());
                    let (part, antecedent) = if person != part {
                        (person, None)
                    } else {
                        (part, antecedent.clone())
                    };
                    let mut t = title::build(
                        &part,
                        &remove,
                        antecedent.as_deref(),
                        me.as_deref(),
                        you.as_deref(),
                    );
                    t = title::expand_object(&t, earlier);
                    // "I'll have it done by Friday" is finishing the thing named.
                    // "I'll have it submitted by the end of the month", "we need to get that
                    // renewed": submitting it, renewing it.
                    static HAVE_DONE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
                        Regex::new(r"^(?:Have|Get) (?P<x>(?:the|this|that|these|those|our|your|my|their) .+) (?P<pp>done|finished|completed|sent|written|signed|built|made|\w{3,}ed)$").unwrap()
                    });
                    // "could you have it finished before then?": finishing it, asked.
                    if matches!(
                        cl.act,
                        Act::Commit | Act::Request | Act::Assign(_) | Act::Group | Act::GroupCommit
                    ) && let Some(c) = HAVE_DONE_TITLE.captures(&t)
                    {
                        let verb = match &c["pp"] {
                            "done" | "finished" | "completed" => "finish".to_string(),
                            pp => crate::lexicon::lemma(pp),
                        };
                        // "we need the engine winterized. Can you have that done by the
                        // 18th?": done is the task just named, in its own words.
                        let just_named = works
                            .iter()
                            .rev()
                            .take(LOOKBACK)
                            .find(|w| {
                                w.open
                                    && w.msg + 1 >= mi
                                    && vague
                                    && object_of(&w.title).eq_ignore_ascii_case(&c["x"])
                            })
                            .filter(|_| verb == "finish");
                        if let Some(w) = just_named {
                            t = w.title.clone();
                        } else if crate::lexicon::is_action_verb(&verb) && verb.is_ascii() {
                            t = format!("{}{} {}", verb[..1].to_uppercase(), &verb[1..], &c["x"]);
                        }
                    }
                    // "let's do a backlog review on Wednesday, I'll send an invite": the
                    // invite is for the meeting just named.
                    let meeting = title::meeting_np(&s.text[..cl.range.start.min(s.text.len())])
                        .or_else(|| prev_text.iter().rev().find_map(|t| title::meeting_np(t)));
                    t = title::specify_generic(&t, meeting.as_deref().or(antecedent.as_deref()));
                    // What "call the technician" is about: named in this message, not
                    // somewhere up the thread.
                    let topic_here = cl
                        .topic
                        .clone()
                        .or_else(|| s.text.get(..cl.range.start).and_then(title::antecedent))
                        .or_else(|| {
                            si.checked_sub(1)
                                .and_then(|p| title::antecedent(&sents[p].text))
                        });
                    // "Seun - please ring her": a name before a dash is whom, not what.
                    let topic_here = topic_here.filter(|t| {
                        let bare = t
                            .trim_start_matches("the ")
                            .trim_matches(|c: char| !c.is_alphanumeric());
                        crate::people::resolve(doc.participants, bare).is_none()
                    });
                    t = title::about_topic(&t, topic_here.as_deref());
                    // "@deshawn need 2 extra bag runners ..., can u pull from cargo?": what
                    // the clause itself named before its verb comes first.
                    let before_verb =
                        (cl.range.start == 0 && cl.vp_start != usize::MAX && cl.vp_start > 0)
                            .then(|| s.text.get(..cl.vp_start).and_then(title::antecedent))
                            .flatten();
                    t = title::insert_object(&t, before_verb.as_deref().or(antecedent.as_deref()));
                    // With "X and Y", each part keeps only a date stated inside it.
                    let (mut due_val, mut due_span) = (due_val, due_span.clone());
                    // A date from another sentence ("the report must be in by the 20th.
                    // I'll prepare the numbers and send the report in") holds for all.
                    let whole = s.span(cl.range.clone());
                    let said_elsewhere = due_span
                        .as_ref()
                        .is_some_and(|sp| sp.start < whole.start || sp.end > whole.end);
                    if n_conj > 1 && cl.vp_start != usize::MAX && !said_elsewhere {
                        let lo = if k == 0 {
                            cl.range.start
                        } else {
                            cl.vp_start + off
                        };
                        let mut hi = (cl.vp_start + off + part.len()).min(s.text.len());
                        // A date found with the full stop after it ("by 3pm.").
                        while s.text[hi..].starts_with(['.', '!', '?', ',', ';']) {
                            hi += 1;
                        }
                        // The part's own deadline, chosen as for a whole clause ("tell me
                        // by 6 if we will miss Thursday's ship date" is due at 6).
                        let own = s
                            .text
                            .get(lo..hi)
                            .and_then(|text| due::pick(&found, text, &(lo..hi)))
                            .filter(|f| f.due.is_some())
                            // "reduce it by 20% starting from tomorrow": else any date in it.
                            .or_else(|| {
                                found
                                    .iter()
                                    .rev()
                                    .find(|f| {
                                        f.due.is_some() && f.span.start >= lo && f.span.end <= hi
                                    })
                                    .cloned()
                            });
                        // "update the legend once the numbers are in, and send me the
                        // revised version by the 25th": the deadline at the end of the
                        // chain is also the earlier step's.
                        let later_deadline = own.is_none()
                            && k + 1 < n_conj
                            && due_span
                                .as_ref()
                                .is_some_and(|sp| sp.start >= s.span(lo..hi).end);
                        if !later_deadline {
                            due_val = own.as_ref().and_then(|f| f.due);
                            due_span = own.as_ref().map(|f| s.span(f.span.clone()));
                        }
                        // "Today I'll retrain the model and post the metrics by 3pm": a
                        // day put before the verbs holds for every part.
                        let fronted = found.iter().find(|f| {
                            f.due.is_some()
                                && f.span.start >= cl.range.start
                                && f.span.end <= cl.vp_start
                        });
                        if k > 0
                            && let Some(f) = fronted
                        {
                            match (own.as_ref().and_then(|o| o.due), f.due) {
                                (None, day) => {
                                    due_val = day;
                                    due_span = Some(s.span(f.span.clone()));
                                }
                                (Some(Due::DateTime(t)), Some(Due::Date(d)))
                                    if own.as_ref().is_some_and(|o| {
                                        !HAS_DAY_WORD.is_match(&s.text[o.span.clone()])
                                    }) =>
                                {
                                    due_val = Some(Due::DateTime(d.and_time(t.time())));
                                }
                                _ => {}
                            }
                        }
                    }
                    // "Adjust", "Update", "Get going": a bare verb names no deliverable.
                    // A few verbs are a whole task on their own ("RSVP", "Register").
                    let whole = matches!(
                        t.to_ascii_lowercase().as_str(),
                        "rsvp" | "register" | "vote" | "enrol" | "enroll"
                    );
                    let n_words = t.split_whitespace().count() + usize::from(whole);
                    if n_words < 2
                        || t.len() < 3
                        || t.eq_ignore_ascii_case("get going")
                        || title::is_junk(&t)
                    {
                        // "Finish within 10 days.", "Do it by Friday.": the deadline of the
                        // task this message just set.
                        // "I need to confirm the budget approval. I'll confirm by the
                        // fifth.": the same verb again, alone, dates it too.
                        if due_val.is_some()
                            && let Some(w) = works.last_mut()
                            && w.msg == mi
                            && w.due.is_none()
                            && (FINISH_IT.is_match(&t)
                                || n_words == 1 && w.head == detect::head_verb(&t))
                        {
                            w.due = due_val;
                            w.due_span = due_span.clone();
                        }
                        continue;
                    }
                    // A promise by a sender outside the participant list (a client, a
                    // vendor) is theirs to keep, not ours (CONVENTIONS §2).
                    if matches!(cl.act, Act::Commit)
                        && msg.speaker.is_none()
                        && doc.kind == Kind::Email
                    {
                        continue;
                    }
                    let requested = matches!(cl.act, Act::Request | Act::Group | Act::Assign(_));
                    let prio = sentence_prio.or(msg_prio).or(if msg.newest && requested {
                        subject_prio
                    } else {
                        None
                    });
                    let evidence = s.span(cl.range.clone());
                    let evidence = trim_range(doc.text, evidence);
                    let asked = match &cl.act {
                        Act::Request => assignee.clone(),
                        _ => None,
                    };
                    let guessed = matches!(cl.act, Act::Request)
                        && cl.vocative.is_none()
                        && !msg.action_item
                        && matches!(msg.addressee, Addr::Unknown)
                        && addressed.is_none()
                        && doc.kind != Kind::Email
                        && doc.participants.len() > 2;
                    works.push(Work {
                        head: detect::head_verb(&t),
                        title: t,
                        assignee: assignee.clone(),
                        asked,
                        due: due_val,
                        due_span: due_span.clone(),
                        priority: prio,
                        confidence: cl.confidence,
                        evidence,
                        msg: mi,
                        open: !cl.offer,
                        recap: msg.action_item || summary,
                        declined: false,
                        vague_title: vague,
                        weak: cl.weak,
                        act: cl.act.clone(),
                        offer: cl.offer,
                        guessed,
                        joint: cl.group_vocative && matches!(cl.act, Act::Request | Act::Group),
                        done_in: None,
                    });
                    if matches!(cl.act, Act::Group) {
                        room_ask = Some(works.len() - 1);
                    }
                }
                if let Some(w) = works.last()
                    && w.msg == mi
                {
                    prev_task_obj = Some((object_of(&w.title), s.idx));
                }
            }
            // "A few things before Thursday:" dates the list items that follow.
            if let Some((d, span)) = &list_due {
                for w in works[before_count..].iter_mut() {
                    if w.due.is_none() {
                        w.due = *d;
                        w.due_span = Some(span.clone());
                    }
                }
            }
            if s.text.trim_end().ends_with(':') && works.len() == before_count {
                list_due = found
                    .iter()
                    .rev()
                    .find(|f| f.due.is_some() && due::is_deadline(&s.text, &f.span))
                    .map(|f| (f.due, s.span(f.span.clone())));
            }
            if let Some(f) = found.iter().rev().find(|f| f.due.is_some())
                && let Some(d) = f.due
            {
                last_seen_due = Some((d, s.span(f.span.clone())));
            }
            if works.len() == before_count
                && let Some(f) = found.iter().rev().find(|f| f.due.is_some())
            {
                last_due = Some((f.due, s.span(f.span.clone())));
                // "I'll do it ... Give me until end of next week": the time asked for is
                // when the speaker's task is due.
                static GIVE_ME_UNTIL: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?i)^\W*give\s+(?:me|us)\s+(?:until|till|til)\b").unwrap()
                });
                if GIVE_ME_UNTIL.is_match(&s.text)
                    && msg.speaker.is_some()
                    // Also after others spoke in between ("Priya, how long?" - "Give me
                    // till Wednesday.").
                    && let Some(w) = works.iter_mut().rev().take(LOOKBACK).find(|w| {
                        w.open && w.msg + 4 >= mi && w.assignee == msg.speaker && w.due.is_none()
                    })
                {
                    w.due = f.due;
                    w.due_span = Some(s.span(f.span.clone()));
                }
                if due::is_deadline(&s.text, &f.span) && WANTS.is_match(&s.text) {
                    wanted_by = Some(Wanted {
                        sentence: s.idx,
                        due: f.due,
                        span: s.span(f.span.clone()),
                        words: content(&s.text),
                    });
                }
            }
            let low = s.text.to_lowercase();
            for f in &found {
                if let Some(d) = f.due {
                    events.push((mi, low.clone(), d, s.span(f.span.clone())));
                }
            }
            seen.push_str(&s.text);
            seen.push(' ');
            if seen.len() > 2000 {
                let mut cut = seen.len() - 1200;
                while !seen.is_char_boundary(cut) {
                    cut += 1;
                }
                seen.drain(..cut);
            }
            prev_text.push(s.text.clone());
            if prev_text.len() > 3 {
                prev_text.remove(0);
            }
        }
        carried = addressed
            .clone()
            .map(|person| (mi, msg.speaker.clone(), person));
        if msg.speaker.is_some() {
            prev_speaker = msg.speaker.clone();
        }
    }
    merge_repeats(&mut works);
    answers_give_owner_and_date(&mut works);
    let mut out: Vec<Candidate> = works
        .into_iter()
        .filter(|w| w.open && w.confidence >= 0.5)
        .map(|w| Candidate {
            title: named_ticket(doc.text, &w.title, &w.evidence).unwrap_or(w.title),
            assignee: w.assignee,
            due: w.due,
            due_span: w.due_span,
            priority: w.priority,
            confidence: w.confidence,
            evidence: w.evidence,
        })
        .collect();
    out.sort_by_key(|c| c.evidence.start);
    out
}

/// "I'll take 412" after "PAY-412, webhook signing v2": a task named only by its ticket
/// takes the ticket's summary where the text gives it ("Take webhook signing v2 (PAY-412)").
fn named_ticket(text: &str, title: &str, evidence: &Range<usize>) -> Option<String> {
    static KEY_ONLY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<v>\S+(?:\s+(?:up|over|on))?)\s+(?:the\s+)?(?:ticket\s+)?#?(?P<key>(?:[A-Z][A-Z0-9]{1,9}-)?\d{2,6})$")
            .unwrap()
    });
    let c = KEY_ONLY.captures(title)?;
    let key = &c["key"];
    let digits = key.rsplit('-').next().unwrap_or(key);
    // The key as a key (a project prefix or "#"), then its summary: "PAY-412, webhook
    // signing v2", "GC-101: guest checkout on iOS", "#388 hero poster fallback"; "30 ml
    // shampoo" is no ticket.
    // A key said in full ("PAY-412") must be found in full, not another project's 412.
    let written = if key.contains('-') {
        regex::escape(key)
    } else {
        format!(r"(?:\b[A-Z][A-Z0-9]{{1,9}}-|#){digits}")
    };
    let summary = Regex::new(&format!(
        r"{written}\b\)?\s*[,:\-–—]?\s+(?P<s>[A-Za-z][\w'’\-/ ]{{4,60}}?)\s*(?:[.;\n(]|$)"
    ))
    .ok()?;
    let (at, s) = summary
        .captures_iter(text)
        .filter(|m| m.get(0).is_some_and(|g| g.end() <= evidence.start || g.start() >= evidence.end))
        .find_map(|m| {
            let s = m.name("s")?;
            let words = s.as_str().split_whitespace().count();
            // "PAY-412 is still blocked on auth", "KSM-114 tower site genset still alarming"
            // say how it stands, not what it is.
            static STATUS: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?i)(?:^|\s)(?:is|are|was|were|has|have|had|will|needs?|still|got|goes|went|can|should|been|blocked|broken|down|failing|alarming)\b").unwrap()
            });
            ((2..=8).contains(&words) && !STATUS.is_match(s.as_str()))
                .then(|| (m.get(0).map_or(0, |g| g.start()), s.as_str()))
        })?;
    // The whole key as the text writes it ("PAY-412"), else as the title had it.
    // The match at `at` holds these digits, so a prefixed key there is this one.
    static PREFIXED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Z][A-Z0-9]{1,9}-\d{2,6}\b").unwrap());
    let full = text
        .get(at..)
        .and_then(|t| PREFIXED.find(t))
        .map_or(key.to_string(), |m| m.as_str().to_string());
    let out = format!("{} {} ({full})", &c["v"], s.trim());
    (out.split_whitespace().count() <= 14).then_some(out)
}

fn due_date(d: Due) -> chrono::NaiveDate {
    match d {
        Due::Date(d) => d,
        Due::DateTime(t) => t.date(),
    }
}

/// Nouns after "before the" that name a period, not an event.
fn generic_noun(w: &str) -> bool {
    matches!(
        w,
        "end"
            | "time"
            | "day"
            | "week"
            | "weekend"
            | "month"
            | "year"
            | "next"
            | "first"
            | "last"
            | "rest"
            | "start"
            | "other"
            | "same"
    )
}

/// "24 hours before the workshop", "two days ahead of the audit", "the day before the
/// call": the event's date less that lead time (CONVENTIONS §4, computed from the event).
fn lead_time(clause: &str, event: Due) -> Due {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:(?:at\s+least\s+)?(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven)\s*(?P<u>hours?|hrs?|h|days?|weeks?)|the\s+(?P<day>day))\s+(?:before|ahead\s+of|prior\s+to|in\s+advance\s+of|b4)\b").unwrap()
    });
    let Some(c) = LEAD.captures(clause) else {
        return event;
    };
    let n: i64 = match c.name("n").map(|m| m.as_str().to_ascii_lowercase()) {
        None => 1,
        Some(w) => match w.as_str() {
            "a" | "an" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            digits => digits.parse().unwrap_or(0),
        },
    };
    let unit = c
        .name("u")
        .map(|m| m.as_str().to_ascii_lowercase())
        .unwrap_or_else(|| "day".into());
    let hours = if unit.starts_with('h') {
        n
    } else if unit.starts_with('w') {
        n * 7 * 24
    } else {
        n * 24
    };
    if hours <= 0 || hours > 24 * 60 {
        return event;
    }
    let lead = chrono::Duration::hours(hours);
    match event {
        Due::DateTime(at) => Due::DateTime(at - lead),
        // A whole number of days moves the date; hours before an untimed day only
        // say "the day before" when they add up to days.
        Due::Date(day) if hours % 24 == 0 => Due::Date(day - chrono::Duration::days(hours / 24)),
        Due::Date(day) => Due::Date(day - chrono::Duration::days(1.max(hours / 24))),
    }
}

/// The date of an event a clause's deadline refers to ("before the call",
/// "before it starts"), found among dates stated earlier in the document or
/// earlier in the same sentence. Returns the due and its span if known.
fn event_due(
    events: &[(usize, String, Due, Range<usize>)],
    found: &[due::Found],
    sentence: &str,
    clause: &str,
    clause_start: usize,
    mi: usize,
    today: chrono::NaiveDate,
) -> Option<(Due, Option<Range<usize>>)> {
    let Some(c) = EVENT_REF.captures(clause) else {
        return bare_event_due(events, clause, today);
    };
    let low = sentence.to_lowercase();
    // Dates earlier in the same sentence ("the tasting is Thursday at 5 - can
    // you prep before it starts?") come last, i.e. most recent.
    let mut cands: Vec<(usize, &str, Due, Option<Range<usize>>)> = events
        .iter()
        .map(|(m, t, d, sp)| (*m, t.as_str(), *d, Some(sp.clone())))
        .collect();
    for f in found {
        if f.span.end <= clause_start
            && let Some(d) = f.due
        {
            cands.push((mi, low.as_str(), d, None));
        }
    }
    cands.retain(|(_, _, d, _)| due_date(*d) >= today);
    let nouns: Vec<String> = [2, 3, 4]
        .iter()
        .filter_map(|i| c.get(*i))
        .map(|m| m.as_str().to_lowercase())
        .filter(|w| w.len() >= 3 && !generic_noun(w))
        .collect();
    if c.get(1).is_some() {
        if nouns.is_empty() {
            return None;
        }
        let names = |t: &str, n: &String| {
            // "go/no-go" is matched whole.
            if n.contains('/') {
                return t.contains(n.as_str());
            }
            let stem: String = n.trim_end_matches('s').chars().take(6).collect();
            stem.len() >= 3
                && t.split(|ch: char| !ch.is_alphanumeric())
                    .any(|w| w.starts_with(stem.as_str()))
        };
        // "before the audit committee meeting": the text naming the most of its words,
        // latest first on a tie; not "on the audit full-time from Monday".
        let hit = cands
            .iter()
            .enumerate()
            .map(|(k, c)| (nouns.iter().filter(|n| names(c.1, n)).count(), k, c))
            .filter(|(score, _, _)| *score > 0)
            .max_by_key(|(score, k, _)| (*score, *k))
            .map(|(_, _, c)| c);
        if let Some((_, _, d, sp)) = hit {
            return Some((*d, sp.clone()));
        }
        let det = c
            .get(1)
            .map(|m| m.as_str().to_lowercase())
            .unwrap_or_default();
        if det != "that" && det != "this" {
            return None;
        }
    }
    // A pronoun points at the most recent date, in this or the last message.
    cands
        .iter()
        .rev()
        .find(|(m, _, _, _)| *m + 1 >= mi)
        .map(|(_, _, d, sp)| (*d, sp.clone()))
}

/// "the day before load-in", "before kickoff", "before Piotr goes up": an event named
/// without a determiner, dated where the document names it with a date.
fn bare_event_due(
    events: &[(usize, String, Due, Range<usize>)],
    clause: &str,
    today: chrono::NaiveDate,
) -> Option<(Due, Option<Range<usize>>)> {
    static EVENT_BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:before|ahead of|in time for|prior to|b4)\s+([a-z][\w\-]*)").unwrap()
    });
    let c = EVENT_BARE.captures(clause)?;
    let first = c[1].to_lowercase();
    // "before DHA comes", "before CFIA": an acronym may be short.
    let acronym = c[1].len() >= 2 && c[1].chars().all(|ch| ch.is_ascii_uppercase());
    if first.len() < 4 && !acronym
        || STOP.contains(first.as_str())
        || generic_noun(&first)
        || matches!(
            first.as_str(),
            "then"
                | "they"
                | "them"
                | "there"
                | "these"
                | "those"
                | "anything"
                | "anyone"
                | "everyone"
                | "everything"
                | "going"
                | "long"
                | "much"
                | "more"
                | "midnight"
        )
    {
        return None;
    }
    let stem: String = first.trim_end_matches('s').chars().take(6).collect();
    let names = |t: &str| {
        t.split(|ch: char| !ch.is_alphanumeric() && ch != '-')
            .any(|w| w.starts_with(stem.as_str()))
    };
    // "before DHA comes": their visit, not "your DHA licence expires".
    static COMES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\S+\s+(?:comes|come|arrives|arrive|visits|visit|gets here|get here|is here|are here|turns up|shows up|lands)\b").unwrap()
    });
    static VISIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:inspect|visit|audit|arriv|come|coming|here|walkthrough|walk-through|tour)",
        )
        .unwrap()
    });
    let visit = COMES.is_match(&clause[c.get(1).map_or(0, |m| m.start())..]);
    let ahead: Vec<_> = events
        .iter()
        .rev()
        .filter(|(_, t, d, _)| due_date(*d) >= today && names(t))
        .collect();
    ahead
        .iter()
        .find(|(_, t, _, _)| visit && VISIT.is_match(t))
        .or_else(|| ahead.first())
        .map(|(_, _, d, sp)| (*d, Some(sp.clone())))
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    if r.end > text.len()
        || r.start > r.end
        || !text.is_char_boundary(r.start)
        || !text.is_char_boundary(r.end)
    {
        return r.start.min(text.len())..r.start.min(text.len());
    }
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..r.end - trail
}

/// The earlier task a reply takes on: the latest open one asked of, owned by,
/// or open to the speaker; a volunteer ("I'll take it") may take any.
fn accept_target(
    works: &[Work],
    mi: usize,
    speaker: Option<&str>,
    volunteer: bool,
) -> Option<usize> {
    works
        .iter()
        .enumerate()
        .rev()
        .take(LOOKBACK)
        .filter(|(_, w)| (w.open || (w.declined && volunteer)) && w.msg < mi && w.msg + 4 >= mi)
        .find(|(_, w)| {
            volunteer
                // A promise by a speaker we could not name is theirs, not the
                // next voice's to accept.
                || w.assignee.is_none() && !matches!(w.act, Act::Commit)
                || w.assignee.as_deref() == speaker
                || w.asked.as_deref() == speaker
                || (w.guessed && w.msg + 1 == mi)
        })
        .map(|(i, _)| i)
}

/// Does `object` name the same thing as the task title (most of its words)?
fn overlaps(title: &str, object: &str) -> bool {
    let o = content(object);
    let o: HashSet<String> = o
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "instead" | "over" | "now" | "too" | "also"))
        .collect();
    if o.is_empty() {
        return false;
    }
    let t = content(title);
    // "take KSM-114" is not "replace the battery bank at KSM-087": a different number.
    let numbers = |set: &HashSet<String>| -> Vec<String> {
        set.iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .cloned()
            .collect()
    };
    let (on, tn) = (numbers(&o), numbers(&t));
    if !on.is_empty() && !tn.is_empty() && !on.iter().any(|n| tn.contains(n)) {
        return false;
    }
    o.intersection(&t).count() * 2 >= o.len().max(1) + usize::from(o.len() > 2)
}

/// The open task whose title the object of a takeover names.
fn overlap_target(works: &[Work], mi: usize, object: &str) -> Option<usize> {
    works
        .iter()
        .enumerate()
        .rev()
        .take(LOOKBACK)
        .filter(|(_, w)| (w.open || w.declined) && w.msg <= mi)
        .find(|(_, w)| names_task(&w.title, object))
        .map(|(i, _)| i)
}

/// Whether `object` names the task titled `title`, not only where it happens: "Drop the
/// drone kit at Marcus's desk" is about the kit, so "take over Marcus's desk files" takes
/// over something else; "the valve exercise at Cedar & 4th" still names "Schedule a valve
/// exercise on the main at Cedar & 4th".
fn names_task(title: &str, object: &str) -> bool {
    static PLACE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s(?:at|on|in|into|onto|by|near|outside|inside)\s").unwrap());
    let before = PLACE.find(title).map_or(title, |m| &title[..m.start()]);
    overlaps(title, object)
        && content(before)
            .intersection(&content(object))
            .next()
            .is_some()
}

/// The content words of a yes/no question that names a thing ("do we still want the
/// localization pass?"); `None` for other sentences and for a question that names nothing
/// ("do we still need it?").
fn yes_no_subject(question: &str) -> Option<HashSet<String>> {
    static YES_NO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:do|does|should|shall|are|is|did)\s+(?:we|you|i|they|it|anyone)\b.*\?\s*$",
        )
        .unwrap()
    });
    if !YES_NO.is_match(question.trim()) {
        return None;
    }
    let asked = content(question);
    asked
        .iter()
        .any(|w| {
            w.len() > 3
                && !matches!(
                    w.as_str(),
                    "still"
                        | "need"
                        | "want"
                        | "doing"
                        | "going"
                        | "really"
                        | "also"
                        | "anymore"
                        | "this"
                        | "that"
                        | "them"
                        | "those"
                        | "these"
                        | "worth"
                        | "bother"
                )
        })
        .then_some(asked)
}

/// The task a cancellation refers to: the one sharing most words, else the latest.
fn best_target(works: &[Work], mi: usize, text: &str) -> Option<usize> {
    // "hold off on mocks until we have the estimate": what follows "until" is the
    // condition, not what is dropped.
    static CONDITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s(?:until|till|unless|once)\s").unwrap());
    let dropped = CONDITION.find(text).map_or(text, |m| &text[..m.start()]);
    let words = content(dropped);
    let short = text.split_whitespace().count() <= 4;
    let names_other = names_a_thing(text);
    let mut best: Option<(usize, usize)> = None;
    for (i, w) in works
        .iter()
        .enumerate()
        .skip(works.len().saturating_sub(LOOKBACK))
    {
        if !w.open || w.msg > mi {
            continue;
        }
        // "No need to send the weekly status report": the verb alone, shared with "send
        // the retest results", names no task when another thing is named.
        let named = if names_other {
            content(&object_of(&w.title))
        } else {
            content(&w.title)
        };
        let overlap = named.intersection(&words).filter(|x| x.len() > 2).count();
        if overlap > 0 && best.is_none_or(|(_, o)| overlap >= o) {
            best = Some((i, overlap));
        }
    }
    // "I was going to ask someone to update the FAQ, but marketing has it, so scratch
    // that": the plan it drops is named right there, and it was no task.
    static OWN_PLAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:was|were) (?:going|planning|about) to\b|\b(?:meant|planned|wanted) to\b",
        )
        .unwrap()
    });
    if best.is_none() && (names_other || OWN_PLAN.is_match(text)) {
        return None;
    }
    best.map(|(i, _)| i).or_else(|| {
        works
            .iter()
            .enumerate()
            .rev()
            .take(LOOKBACK)
            // "Ignore that." right after a request withdraws it, even in the
            // same message; longer cancellations name what they cancel. One that names
            // nothing answers the last exchange, not a task further back.
            .find(|(_, w)| w.open && ((w.msg < mi && w.msg + 2 >= mi) || (w.msg == mi && short)))
            .map(|(i, _)| i)
    })
}

/// Whether a cancellation names the thing it drops ("forget the quote for the second
/// sofa", "skip the intro"): if no open task has that name, it cancels nothing we track.
fn names_a_thing(text: &str) -> bool {
    static NAMES_OTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:forget|cancel|scrap|scratch|drop|skip|ignore|disregard|never mind|nevermind|hold off on|no need for|(?:no (?:more )?need to|don't need to|do not need to|won't need to)\s+[\w\-]+)\s+(?:about\s+)?(?:the|my|our|your)\s+(?:[a-z][\w\-]*\s+){0,2}?([a-z][\w\-]{2,})\b").unwrap()
    });
    NAMES_OTHER.captures(text).is_some_and(|c| {
        !matches!(
            c[1].to_ascii_lowercase().as_str(),
            "request"
                | "ask"
                | "last"
                | "message"
                | "previous"
                | "earlier"
                | "email"
                | "above"
                | "one"
                | "idea"
                | "plan"
                | "point"
                | "task"
                | "thing"
                | "bit"
                | "part"
                | "item"
                | "rest"
        )
    })
}

/// The earlier task a completion report ("done", "Sam already sent it")
/// refers to: one sharing content words, else (for bare reports) the latest.
fn completed_target(
    works: &[Work],
    mi: usize,
    text: &str,
    speaker: Option<&str>,
    named_only: bool,
) -> Option<usize> {
    let words = content(text);
    // "got the pads, left them with the banksman": fetching is done, not the swap the pads
    // are for.
    static FETCHED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:got|received|have received|i've received|i have received|picked up|collected)\b").unwrap()
    });
    let fetched = FETCHED.is_match(text.trim_start());
    // "I'll post the minutes - oh wait, I did that last week": the promise just made.
    if detect::takes_back_as_done(text)
        && let Some(i) = works.iter().rposition(|w| w.open && w.msg == mi)
    {
        return Some(i);
    }
    let hit = works
        .iter()
        .enumerate()
        .rev()
        .take(LOOKBACK)
        .filter(|(_, w)| w.open && w.msg < mi)
        .filter(|(_, w)| {
            !fetched
                || matches!(
                    w.head.as_str(),
                    "get"
                        | "collect"
                        | "pick"
                        | "fetch"
                        | "grab"
                        | "send"
                        | "order"
                        | "receive"
                        | "bring"
                        | "buy"
                        | "source"
                        | "find"
                        | "forward"
                        | "share"
                        | "email"
                        | "deliver"
                        | "return"
                        | "provide"
                        | "submit"
                        | "upload"
                        | "dm"
                        | "text"
                        | "message"
                        | "post"
                        | "mail"
                        | "pass"
                        | "drop"
                        | "give"
                )
        })
        .find(|(_, w)| {
            // The thing done must be named: "quick update: I already called both"
            // does not complete "Update the rota".
            content(&object_of(&w.title))
                .intersection(&words)
                // Particles and adverbs name nothing: "got the drone waiver back"
                // does not close "get the signed agreement back".
                .filter(|x| {
                    x.len() > 2
                        && !matches!(
                            x.as_str(),
                            "already"
                                | "done"
                                | "just"
                                | "back"
                                | "over"
                                | "out"
                                | "off"
                                | "too"
                                | "also"
                                | "now"
                                | "again"
                                | "still"
                        )
                })
                .count()
                > 0
        })
        .map(|(i, _)| i);
    if hit.is_some() || named_only {
        return hit;
    }
    // "Done - sent it this morning.": a dash is no word, and "(I) sent it" names nothing
    // new ("OT already adjusted it" is someone else's doing; "I think we changed it" a
    // guess).
    static DID_IT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:all\s+)?done|ok|okay|yes|yep|yup|sure)?\W*(?:i\s+|i've\s+|i\s+have\s+)?(?:just\s+|already\s+)?(?:\w+ed|sent|did|done|made|put|paid|ran|wrote|took|gave|built|brought|bought)\s+(?:it|them|that|this|those|these|both)\b").unwrap()
    });
    let words_said = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    let bare = words_said <= 5 || detect::pronoun_object(text) || DID_IT.is_match(text.trim());
    if bare {
        // A bare "done" closes what the speaker was asked or promised to do.
        return works
            .iter()
            .enumerate()
            .rev()
            .take(LOOKBACK)
            .find(|(_, w)| {
                w.open
                    && w.msg < mi
                    && w.msg + 3 >= mi
                    && speaker.is_some()
                    // Once someone else took it, the person first asked no longer
                    // reports on it.
                    && (w.assignee.as_deref() == speaker
                        || (w.assignee.is_none() || w.assignee == w.asked)
                            && w.asked.as_deref() == speaker)
            })
            .map(|(i, _)| i);
    }
    None
}

/// Whether an act asks for or promises a task (rather than answering one).
fn asks_or_promises(act: &Act) -> bool {
    matches!(
        act,
        Act::Request | Act::Group | Act::Commit | Act::GroupCommit | Act::Assign(_)
    )
}

/// Who a request is for: vocative, action-item owner, salutation/To, the
/// other person in a 1:1, or the person being replied to.
fn addressee(
    doc: &Document,
    msg: &Message,
    cl: &Clause,
    addressed: Option<&str>,
    prev_speaker: Option<&str>,
) -> Option<String> {
    if let Some(v) = &cl.vocative {
        return Some(v.clone());
    }
    if cl.group_vocative {
        return None;
    }
    // "please make sure your teams have made their choices": said to every manager.
    static EVERYONE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:your teams|you all|all of you|each of you|every one of you|your departments)\b").unwrap()
    });
    if EVERYONE.is_match(&cl.vp) {
        return None;
    }
    if msg.action_item {
        return msg.owner.clone();
    }
    // Named earlier in the paragraph ("Marta: I know ... Instead, please prepare ..."),
    // which outranks the salutation.
    if let Some(person) = addressed {
        return Some(person.to_string());
    }
    match &msg.addressee {
        Addr::Person(p) => return Some(p.clone()),
        Addr::Group => return None,
        Addr::Unknown => {}
    }
    if doc.participants.len() == 2
        && let Some(me) = msg.speaker.as_deref()
    {
        return doc
            .participants
            .iter()
            .find(|p| p.id != me)
            .map(|p| p.id.clone());
    }
    if doc.kind != Kind::Email
        && let (Some(prev), Some(me)) = (prev_speaker, msg.speaker.as_deref())
        && prev != me
    {
        return Some(prev.to_string());
    }
    None
}

/// A verb that only takes a task on ("take over", "handle"): the task's own verb is
/// better when one is said.
fn taken_over(head: &str) -> bool {
    matches!(head, "take" | "handle" | "own" | "cover")
}

/// The words of a title's object that can name a thing (three letters or more, not
/// numbers alone).
fn object_words(title: &str) -> HashSet<String> {
    content(&object_of(title))
        .into_iter()
        .filter(|w| w.len() > 2 && w.chars().any(|c| c.is_alphabetic()))
        .collect()
}

/// One title's object words all in the other's ("the storyboard" in "the storyboard
/// for the 15-second pre-roll").
fn object_within(a: &str, b: &str) -> bool {
    let (x, y) = (object_words(a), object_words(b));
    !x.is_empty() && !y.is_empty() && (x.is_subset(&y) || y.is_subset(&x))
}

/// Two titles acting on the same thing in different messages ("give me your
/// reserve recommendation" / "I'll send you my reserve recommendation"): at
/// least two object words shared, covering most of the shorter object.
fn same_object(a: &str, b: &str) -> bool {
    let (x, y) = (object_words(a), object_words(b));
    let shared = x.intersection(&y).count();
    let small = x.len().min(y.len());
    shared >= 2 && shared * 3 >= small * 2
}

/// Where "your time" is when no place is named with "in"/"from": a city the text names
/// in another zone ("hope the Geneva snow has eased"), else the country of the other
/// participants' email addresses (all of them in one zone other than the document's).
fn reader_zone(doc: &Document, places: &[(usize, crate::Tz)]) -> Option<crate::Tz> {
    if !places.is_empty() || !doc.text.to_ascii_lowercase().contains("your time") {
        return None;
    }
    use chrono::{Offset, TimeZone};
    let home = doc.reference.timezone();
    let at = doc.reference.naive_utc();
    let offset = |tz: crate::Tz| tz.offset_from_utc_datetime(&at).fix().local_minus_utc();
    static CITY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:the|our|your)\s+(?P<p>\p{Lu}[\p{L}\-]+)\b").unwrap());
    if let Some(zone) = CITY
        .captures_iter(doc.text)
        .filter_map(|c| crate::dates::place_zone(&c["p"]))
        .find(|z| offset(*z) != offset(home))
    {
        return Some(zone);
    }
    let zones: Vec<crate::Tz> = doc
        .participants
        .iter()
        .filter(|p| Some(p.id.as_str()) != doc.author)
        .filter_map(|p| {
            let tld = p.email.rsplit('.').next()?.to_ascii_lowercase();
            let name = match tld.as_str() {
                "fr" => "Paris",
                "de" => "Berlin",
                "uk" => "London",
                "ie" => "Dublin",
                "es" => "Madrid",
                "it" => "Rome",
                "nl" => "Amsterdam",
                "ch" => "Zurich",
                "se" => "Stockholm",
                "pl" => "Warsaw",
                "jp" => "Tokyo",
                "kr" => "Seoul",
                "in" => "Mumbai",
                "sg" => "Singapore",
                "ph" => "Manila",
                "nz" => "Auckland",
                "br" => "Sao Paulo",
                "mx" => "Mexico City",
                "za" => "Johannesburg",
                "ke" => "Nairobi",
                "ng" => "Lagos",
                _ => return None,
            };
            crate::dates::place_zone(name)
        })
        .collect();
    let first = *zones.first()?;
    (zones.iter().all(|z| offset(*z) == offset(first)) && offset(first) != offset(home))
        .then_some(first)
}

/// Places the document names in another time zone ("you're in London", "morning from
/// Berlin", "the Accra office"): (offset in the text, zone).
fn places_named(doc: &Document) -> Vec<(usize, crate::Tz)> {
    static PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:in|from|at|for you in)\s+(?:the\s+)?(?P<p>\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)").unwrap()
    });
    let home = doc.reference.timezone();
    let at = doc.reference.naive_utc();
    let offset = |tz: crate::Tz| {
        use chrono::Offset;
        use chrono::TimeZone;
        tz.offset_from_utc_datetime(&at).fix().local_minus_utc()
    };
    PLACE
        .captures_iter(doc.text)
        .filter_map(|c| {
            let m = c.name("p")?;
            // "in New York office": try the two words, then the first.
            let zone = crate::dates::place_zone(m.as_str()).or_else(|| {
                m.as_str()
                    .split_whitespace()
                    .next()
                    .and_then(crate::dates::place_zone)
            })?;
            (offset(zone) != offset(home)).then_some((m.start(), zone))
        })
        .collect()
}

/// "by 9am your time on Thursday" read in the document's zone is moved to the zone of the
/// place named nearest ("You're in London ..."): the clock is the reader's.
fn their_clock(
    found: &mut [due::Found],
    s: &Sentence,
    places: &[(usize, crate::Tz)],
    reader: Option<crate::Tz>,
    home: crate::Tz,
) {
    use chrono::TimeZone;
    static YOUR_TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:your|their)\s+time\b(?:\s+in\s+(?P<p>\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?))?").unwrap()
    });
    for f in found.iter_mut() {
        let Some(crate::Due::DateTime(local)) = f.due else {
            continue;
        };
        let mut end = (f.span.end + 40).min(s.text.len());
        while !s.text.is_char_boundary(end) {
            end -= 1;
        }
        let around = s.text.get(f.span.start..end).unwrap_or("");
        let Some(c) = YOUR_TIME.captures(around) else {
            continue;
        };
        let here = s.span(f.span.clone()).start;
        let zone = c
            .name("p")
            .and_then(|p| crate::dates::place_zone(p.as_str()))
            .or_else(|| {
                places
                    .iter()
                    .min_by_key(|(at, _)| at.abs_diff(here))
                    .map(|(_, z)| *z)
            })
            .or(reader);
        let Some(zone) = zone else {
            continue;
        };
        if let Some(t) = zone.from_local_datetime(&local).earliest() {
            f.due = Some(crate::Due::DateTime(t.with_timezone(&home).naive_local()));
        }
    }
}

/// "compile it", "do that": one thing named before, not "them".
static IT_OBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\S+\s+(?:it|that|this)\b").unwrap());

/// An amount of time a task comes before something: "24 hours", "two days", "a week".
const LEAD_AMOUNT: &str =
    r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven)\s*(?:hours?|hrs?|h|days?|weeks?)";

/// A lead time just before an event's date: "24 hours before the ", "two days ahead of
/// the supplier's cut-off, which is ".
static LEAD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b{LEAD_AMOUNT}\s+(?:before|ahead\s+of|prior\s+to|in\s+advance\s+of|b4)\s+(?:[\w\-'’,]+\s+){{0,6}}$")).unwrap()
});

/// A lead time that names no event: "two weeks before", "the day before then".
static BARE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{LEAD_AMOUNT}|the\s*(?:hours?|hrs?|days?|weeks?|day))\s+(?:before|b4)(?:\s+(?:that|then|it))?\s*[.!?]*$"
    ))
    .unwrap()
});

/// "push your redline deadline to", "move the report deadline to": a named task's new date.
static DEADLINE_MOVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:push|move|extend|shift|bring forward|pull forward|change)\s+(?:your|the|our|my|his|her|their)\s+(?P<obj>[\w\-]+(?:\s+[\w\-]+)?)\s+deadline\s+(?:to|until|till)\b").unwrap()
});

/// A reply opening with work done: "Already emailed ...", "just sent ...", "looked, ...";
/// not "just checked" (a look, not the work) nor "Agreed, ...".
static REPLY_DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:already\s+(?:\w+ed|sent|did|done|made|paid|wrote|rang|told)\b|just\s+(?:sent|did|done|made|paid|wrote|rang|told|emailed|called|booked|posted|uploaded|submitted|ordered|fixed|finished)\b|\w{2,}[^e\s]ed,\s|(?:booked|sent|filed|posted|paid|ordered|fixed|submitted|uploaded|emailed|called|rang|finished|updated|completed|shipped|signed|cancelled|canceled|merged|deployed|approved|checked|replied|confirmed|printed|cleared)\s+(?:yesterday|this morning|last night|earlier|already)\b|done(?:\s+in\s+\S+)?\s*(?:[,.!✅]|$))")
        .unwrap()
});
/// "I need the final Figma handed off", "I'd like the deck by noon": what the speaker needs.
static I_NEED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:(?:ok|okay|so|and|then)[,\s]+)*i(?:'d|’d| would)?\s+(?:need|want|like)\b",
    )
    .unwrap()
});
/// "... closes on Friday, so ": a deadline stated, then what to do about it.
static SO_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:closes?|ends?|expires?|is due|are due|due|deadline is|cut-?off is|goes live|starts?)\b[^,;]*,\s*so\s*$").unwrap()
});

/// A spoken recap starting: "Okay, summary.", "To recap:", "So, action items:".
static SUMMARY_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:ok|okay|right|so|alright)[,.]?\s+)*(?:(?:quick|short|a quick)\s+)?(?:summary|recap|to summari[sz]e|to recap|summing up|action items|next steps|actions)\b").unwrap()
});

/// Sending the invitation for a meeting someone was asked to set up.
static INVITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^send\s+(?:\w+\s+)?(?:an?|the)\s+(?:calendar\s+|meeting\s+|teams\s+|zoom\s+)?(?:invite|invitation)\b").unwrap()
});

/// "Have the slots live", "have the report ready": a state asked of a task's result.
static HAVE_STATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^have\s+.+\s+(?:ready|live|done|finished|completed|sorted|set up|up|in place|booked|sent|signed|installed|fixed)$").unwrap()
});

/// A title whose object is only pronouns ("Send it", "Do them").
fn no_object_word(t: &str) -> bool {
    content(&object_of(t)).iter().all(|w| {
        w.len() <= 2
            || matches!(
                w.as_str(),
                "it" | "them" | "this" | "that" | "those" | "these" | "one"
            )
    })
}

/// Kinds of work several verbs do alike.
#[derive(Clone, Copy, PartialEq, Eq)]
enum VerbKind {
    /// Sending a thing: "send", "mail", "forward", "share".
    Send,
    /// Getting hold of someone: "call", "ring", "ask", "chase".
    Reach,
}

/// The kind of work a verb does, when other verbs do it too.
fn verb_kind(head: &str) -> Option<VerbKind> {
    match head {
        "send" | "mail" | "email" | "e-mail" | "forward" | "share" | "circulate" => {
            Some(VerbKind::Send)
        }
        "call" | "ring" | "phone" | "ask" | "contact" | "chase" | "message" | "text" => {
            Some(VerbKind::Reach)
        }
        _ => None,
    }
}

/// Do the two share a name, a word capitalised after the first ("Ask Medimex to send
/// ..." and "call Medimex today"), not a common noun ("the client list", "the client")?
fn shares_name(a: &str, b: &str) -> bool {
    let names = |t: &str| -> HashSet<String> {
        t.split_whitespace()
            .skip(1)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.len() > 1 && w.starts_with(|c: char| c.is_uppercase()))
            .map(str::to_string)
            .collect()
    };
    names(a).intersection(&names(b)).next().is_some()
}

/// Do the two titles' objects share a content word?
fn shares_object_word(a: &str, b: &str) -> bool {
    object_words(a)
        .intersection(&object_words(b))
        .next()
        .is_some()
}

/// Whether two titles name one thing: an object word in common, or one's verb the
/// other's object ("reorder anti-GAPDH" / "put in the order"; "rework the slots" /
/// "have a new slot plan").
fn acts_on_same_thing(a: &Work, b: &Work) -> bool {
    // "reorder" acts on an order; "review" does not on a view.
    let base = |h: &str| {
        let h = h.to_lowercase();
        h.strip_prefix("re")
            .filter(|rest| rest.len() > 3 && crate::lexicon::is_action_verb(rest))
            .filter(|rest| {
                !matches!(
                    *rest,
                    "view"
                        | "port"
                        | "lease"
                        | "move"
                        | "solve"
                        | "turn"
                        | "main"
                        | "member"
                        | "mind"
                        | "cord"
                )
            })
            .map_or(h.clone(), str::to_string)
    };
    let (x, y) = (object_words(&a.title), object_words(&b.title));
    x.intersection(&y).any(|w| !generic_noun(w))
        || y.contains(&base(&a.head)) && !generic_noun(&base(&a.head))
        || x.contains(&base(&b.head)) && !generic_noun(&base(&b.head))
}

/// "We need to reorder anti-GAPDH" - "I'll put in the order tomorrow morning": a promise
/// in the next message on the same thing says who does the ask and by when. Both stay
/// tasks (the promise may be a step of its own), but the ask learns its owner and date.
fn answers_give_owner_and_date(works: &mut [Work]) {
    for j in 0..works.len() {
        if !works[j].open || !matches!(works[j].act, Act::Commit) {
            continue;
        }
        // The latest ask it answers, and only that one.
        for i in (j.saturating_sub(LOOKBACK)..j).rev() {
            let asked = works[i].open
                && matches!(works[i].act, Act::Request | Act::Group | Act::Assign(_))
                && works[j].msg == works[i].msg + 1
                && (works[i].assignee.is_none() || works[i].assignee == works[j].assignee)
                && acts_on_same_thing(&works[i], &works[j]);
            if !asked {
                continue;
            }
            if works[i].due.is_none() {
                works[i].due = works[j].due;
                works[i].due_span = works[j].due_span.clone();
            }
            if works[i].assignee.is_none() {
                works[i].assignee = works[j].assignee.clone();
            }
            break;
        }
    }
}

/// A task repeated or confirmed later is one task; the later statement's
/// owner and date win.
fn merge_repeats(works: &mut [Work]) {
    for j in 0..works.len() {
        if !works[j].open {
            continue;
        }
        for i in j.saturating_sub(LOOKBACK)..j {
            if !works[i].open {
                continue;
            }
            // Each has an owner, and they differ.
            let two_assignees = works[i].assignee.is_some()
                && works[j].assignee.is_some()
                && works[i].assignee != works[j].assignee;
            // "send the invites" / "resend the invites": the same act again.
            let base = |h: &str| {
                h.strip_prefix("re")
                    .filter(|b| b.len() > 2)
                    .unwrap_or(h)
                    .to_string()
            };
            let same_head =
                works[i].head == works[j].head || base(&works[i].head) == base(&works[j].head);
            let sim = jaccard(&works[i].title, &works[j].title);
            let redo = works[i].head != works[j].head
                && same_head
                && works[i].assignee.is_some()
                && works[i].assignee == works[j].assignee
                && shares_object_word(&works[i].title, &works[j].title);
            let repeat = (same_head && sim >= 0.5)
                || redo
                || sim >= 0.75
                || (works[i].msg != works[j].msg
                    && !two_assignees
                    && same_object(&works[i].title, &works[j].title))
                // "Chloe will take over the GST filing" - "Chloe, it has to be lodged before
                // the meeting": what taking it over means, said next.
                || (taken_over(&works[i].head) != taken_over(&works[j].head)
                    && works[i].assignee.is_some()
                    && works[i].assignee == works[j].assignee
                    && works[j].msg <= works[i].msg + 1
                    && object_within(&works[i].title, &works[j].title))
                // "Finish the storyboard for the pre-roll" - "please still finish the
                // storyboard": the same act on the thing, named in short.
                || (same_head
                    && works[i].msg != works[j].msg
                    && !two_assignees
                    && object_within(&works[i].title, &works[j].title))
                // "Set up thirty minutes with me" - "I will send an invite today".
                || (INVITE.is_match(&works[j].title)
                    && matches!(works[i].head.as_str(), "set" | "schedule" | "arrange" | "organise" | "organize")
                    && works[i].assignee.is_some()
                    && works[i].assignee == works[j].assignee
                    && works[j].msg == works[i].msg + 1)
                // "I'll set them up" - "pls have the slots live by Monday 8am": the
                // state asked for is the same task, now with a date.
                || (HAVE_STATE.is_match(&works[j].title)
                    && works[i].assignee.is_some()
                    && works[i].assignee == works[j].assignee
                    && works[j].msg <= works[i].msg + 3
                    && shares_object_word(&works[i].title, &works[j].title))
                // "- Kevin: replace the front desk PC's SSD" recaps "I'll replace it".
                || (works[j].recap
                    && !works[i].recap
                    && works[i].assignee.is_some()
                    && works[i].assignee == works[j].assignee
                    && shares_object_word(&works[i].title, &works[j].title))
                || (same_head
                    && (works[i].vague_title || works[j].vague_title)
                    && works[j].msg <= works[i].msg + 3
                    && works[i].msg != works[j].msg
                    // "Send the KPI deck to them" (its "it" resolved) is not "send a crew".
                    && (shares_object_word(&works[i].title, &works[j].title)
                        || no_object_word(&works[i].title)
                        || no_object_word(&works[j].title)));
            // "I'll take your Wednesday call" / "I'll take your Thursday": two people,
            // two dates, two tasks.
            let two_owners = two_assignees
                && works[i].due.is_some()
                && works[j].due.is_some()
                && works[i].due != works[j].due;
            if !repeat || two_owners {
                continue;
            }
            let later = works[j].clone();
            let w = &mut works[i];
            if (later.assignee.is_some()
                || matches!(later.act, Act::Group | Act::GroupCommit) && !w.weak)
                && later.assignee.is_some()
            {
                w.assignee = later.assignee.clone();
            }
            if w.weak {
                w.assignee = later.assignee.clone();
            }
            // An action-item recap restates; it does not move an earlier date, but
            // may give its time ("next Monday" - "next Monday 13:00").
            let refines = matches!((w.due, later.due), (Some(Due::Date(d)), Some(Due::DateTime(t))) if t.date() == d);
            if later.due.is_some() && (!(later.recap && w.due.is_some()) || refines) {
                w.due = later.due;
                w.due_span = later.due_span.clone();
            }
            if later.priority.is_some() {
                w.priority = later.priority;
            }
            // "We must pass the load test" - "I will redo the test on Thursday": the one
            // who takes on a room's ask names what they will do.
            let taken_by_name = matches!(w.act, Act::Group)
                && matches!(later.act, Act::Commit)
                && !later.vague_title;
            if w.vague_title && !later.vague_title
                || w.weak
                || redo
                || taken_over(&w.head)
                || taken_by_name
            {
                // "resend the invites" is what is now asked.
                w.title = later.title.clone();
                w.evidence = later.evidence.clone();
            } else if (later.recap && !w.recap
                || w.head == later.head && object_within(&w.title, &later.title))
                && content(&object_of(&later.title)).len() > content(&object_of(&w.title)).len()
            {
                // The recap names the thing in full ("the remaining two label printers"
                // for "the other two"); so may a restatement ("chase the Registrar" -
                // "chase the Registrar about the BIOL 140 prerequisite").
                w.title = later.title.clone();
            }
            w.weak = w.weak && later.weak;
            w.confidence = w.confidence.max(later.confidence);
            works[j].open = false;
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn lead_times_count_back_from_the_event() {
        let at = NaiveDate::from_ymd_opt(2027, 3, 30)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let day = at.date();
        assert_eq!(
            lead_time(
                "send the pack 24 hours before the workshop",
                Due::DateTime(at)
            ),
            Due::DateTime(at - chrono::Duration::hours(24))
        );
        assert_eq!(
            lead_time("must finish one week before the audit", Due::Date(day)),
            Due::Date(day - chrono::Duration::days(7))
        );
        assert_eq!(
            lead_time("get it to me the day before the call", Due::Date(day)),
            Due::Date(day - chrono::Duration::days(1))
        );
        // No lead time: the event's own date.
        assert_eq!(
            lead_time("before the call", Due::DateTime(at)),
            Due::DateTime(at)
        );
    }
}
