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
    crate::dates::find_all(text, reference)
        .into_iter()
        .filter(|m| m.start <= m.end && m.end <= text.len())
        .map(|m| Found {
            span: m.start..m.end,
            due: m.due,
        })
        .collect()
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
