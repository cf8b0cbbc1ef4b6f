//! Due-date phrases: a thin layer over the dates crate that adds the
//! extraction-specific judgement of which phrase is a deadline.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::DateTime;
use regex::Regex;

use crate::{Due, Tz};

/// A due phrase in some text: byte range and resolution (None = vague).
#[derive(Debug, Clone)]
pub struct Found {
    pub span: Range<usize>,
    pub due: Option<Due>,
}

/// All date phrases in `text`, resolved against `reference`.
pub fn find_all(text: &str, reference: DateTime<Tz>) -> Vec<Found> {
    let mut found: Vec<Found> = crate::dates::find_all(text, reference)
        .into_iter()
        .filter(|m| {
            m.start <= m.end
                && m.end <= text.len()
                && text.is_char_boundary(m.start)
                && text.is_char_boundary(m.end)
        })
        .map(|m| Found {
            span: m.start..m.end,
            due: m.due,
        })
        .collect();
    combine(text, reference, &mut found);
    found
}

static EVENT_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:'s|’s)\s+(?:[a-z\-]+\s+){0,2}?(?:at\s+)?(\d{1,2})[.:](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?").unwrap()
});
static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\w\s'’\-]{0,40}$").unwrap());
static HAS_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:today|tonight|tmrw|tomorrow|eod|cob|mon|tue|wed|thu|fri|sat|sun|\d{1,2}(?:st|nd|rd|th)|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|/|week|month)").unwrap()
});

/// A bare hour read on another day: "by 7" means 07:00, "by 2" 14:00.
fn day_hour(h: u32) -> u32 {
    if (1..=6).contains(&h) { h + 12 } else { h % 24 }
}

/// Joins a day and a clock time stated apart around an event ("b4 Monday's
/// shift handover at 7", "their 3pm London time review on Tuesday",
/// "tomorrow's 2.30 matinee"), which the dates crate resolves separately.
fn combine(text: &str, reference: DateTime<Tz>, found: &mut Vec<Found>) {
    use chrono::Timelike;
    let today = reference.date_naive();
    // "tomorrow's 2.30 matinee": a time the dates crate does not read.
    for f in found.iter_mut() {
        if let Some(Due::Date(d)) = f.due
            && let Some(c) = text.get(f.span.end..).and_then(|r| EVENT_TIME.captures(r))
        {
            let h: u32 = c[1].parse().unwrap_or(99);
            let m: u32 = c[2].parse().unwrap_or(99);
            let pm = c
                .get(3)
                .map(|x| x.as_str().to_ascii_lowercase().starts_with('p'));
            let h = match pm {
                Some(true) if h < 12 => h + 12,
                Some(false) if h == 12 => 0,
                Some(_) => h,
                None => day_hour(h),
            };
            if let Some(t) = d.and_hms_opt(h, m, 0) {
                f.due = Some(Due::DateTime(t));
            }
        }
    }
    let mut i = 0;
    while i + 1 < found.len() {
        let (a, b) = (&found[i], &found[i + 1]);
        let gap = text.get(a.span.end..b.span.start).unwrap_or(".");
        if !GAP.is_match(gap) {
            i += 1;
            continue;
        }
        let a_txt = text.get(a.span.clone()).unwrap_or("");
        let b_txt = text.get(b.span.clone()).unwrap_or("");
        let merged = match (a.due, b.due) {
            // day first, then a time-only phrase resolved on the reference date
            (Some(Due::Date(d)), Some(Due::DateTime(t)))
                if d != today && t.date() == today && !HAS_DAY.is_match(b_txt) =>
            {
                let explicit = b_txt.to_ascii_lowercase().contains('m');
                let h = if explicit {
                    t.hour()
                } else {
                    day_hour(t.hour() % 12)
                };
                d.and_hms_opt(h, t.minute(), 0)
            }
            // time first ("3pm London time review on Tuesday")
            (Some(Due::DateTime(t)), Some(Due::Date(d)))
                if d != today && t.date() == today && !HAS_DAY.is_match(a_txt) =>
            {
                d.and_hms_opt(t.hour(), t.minute(), 0)
            }
            _ => None,
        };
        if let Some(t) = merged {
            let span = found[i].span.start..found[i + 1].span.end;
            found[i] = Found {
                span,
                due: Some(Due::DateTime(t)),
            };
            found.remove(i + 1);
        }
        i += 1;
    }
}

static OBJECT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bfor(?:\s+the)?|\bfrom|\bsince|\blast|\bsince|\bduring|\bof|\b(?:i|we|you|he|she|they|it|which|that)\s+(?:shared|sent|did|was|were|had|held|moved|started|signed|filed|shipped|happened|came|went|met|said|asked|wrote|made|saw|heard|got|opened|booked|scheduled|\w+ed)(?:\s+(?:it|them|this|that))?(?:\s+(?:on|at|in|last))?|\b(?:was|were|happened|started|began|ended)(?:\s+(?:on|at|in|last))?)\s*$").unwrap()
});
static EVENT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:before|ahead of|by|prior to|until|till|for)\s+(?:the|our|my|your|their|this|that)\s+(?:[\w\-']+\s+){0,3}(?:meeting|mtg|call|session|sync|standup|stand-up|review|presentation|demo|trip|visit|appointment|interview|class|launch|event|party|conference|inspection|hearing|deadline|workshop|webinar|offsite|kickoff|huddle|deposition|audit|walkthrough|board|check-in)\s*$").unwrap()
});
static MOVE_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:move|moving|moved|push|pushing|reschedule|rescheduling|postpone|shift|bump|change|swap)\b[^.;]{0,50}\b(?:to|until|till)\s*$").unwrap()
});
static AHEAD_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:ahead of|in advance of|in time for)\s*$").unwrap());
static BOOKING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:book|books|booking|reserve|rebook|set up|setting up|schedule|arrange|organi[sz]e)\b[^.;]{0,80}\b(?:for|on|at)\b").unwrap()
});
static DEADLINE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:by|before|until|till|no later than|latest|ahead of|b4)\s*$").unwrap()
});
static DOING_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:today|tonight|tomorrow|tmrw|this (?:morning|afternoon|evening)|by|before|asap|eod|cob|first thing|no later|end of)").unwrap()
});
static FOR_PHRASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:for|from|since|during|last)\b").unwrap());

/// Whether a date phrase at `span` in `clause` is a deadline for the task
/// rather than a description of its object ("book the room for the 14th")
/// or of the past ("the draft I shared on Monday").
pub fn is_deadline(clause: &str, span: &Range<usize>) -> bool {
    let before = clause.get(..span.start).unwrap_or("");
    let phrase = clause.get(span.start..span.end).unwrap_or("");
    if FOR_PHRASE.is_match(phrase.trim_start()) {
        return false;
    }
    if AHEAD_OF.is_match(before) {
        // "ahead of Wednesday's 2pm call", "in advance of Monday".
        return true;
    }
    if BOOKING.is_match(before) && !DEADLINE_LEAD.is_match(before) && !DOING_DAY.is_match(phrase) {
        // "book the room for the dinner on 14 November", "set up a prep meeting
        // on Wednesday morning": the date of the thing booked, not a deadline.
        return false;
    }
    if MOVE_TO.is_match(before) {
        // "move our 1:1 to Thursday": the new slot, not a deadline.
        return false;
    }
    if EVENT_LEAD.is_match(before) {
        // "before the Thursday meeting", "for the owner mtg thurs": the event date.
        return true;
    }
    !OBJECT_DATE.is_match(before)
}

/// Picks the deadline for a task clause: the last resolvable deadline phrase
/// in the clause, else in the rest of its sentence.
pub fn pick(found: &[Found], clause: &str, clause_range: &Range<usize>) -> Option<Found> {
    let inside: Vec<&Found> = found
        .iter()
        .filter(|f| f.span.start >= clause_range.start && f.span.end <= clause_range.end)
        .filter(|f| {
            is_deadline(
                clause,
                &(f.span.start - clause_range.start..f.span.end - clause_range.start),
            )
        })
        .collect();
    if let Some(f) = inside.iter().rev().find(|f| f.due.is_some()) {
        return Some((*f).clone());
    }
    inside.last().map(|f| (*f).clone())
}
