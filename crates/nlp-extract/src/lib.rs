//! Rule-based task extraction from emails, chat threads and meeting
//! transcripts (no ML model).
//!
//! Pipeline: [`document`] splits the text into messages with speaker,
//! addressee and timestamp; [`sentence`] splits messages into sentences;
//! [`detect`] labels each clause's speech act; [`thread`] applies replies
//! (acceptance, reassignment, refusal, cancellation, completion) and merges
//! repeats; [`title`], [`due`] and [`priority`] fill in the fields.

mod classify;
mod detect;
mod disfluency;
mod document;
mod due;
pub mod eval;
mod lexicon;
mod people;
mod priority;
mod sentence;
mod thread;
mod title;

use std::ops::Range;

use taskstream_nlp_dates as dates;
pub use taskstream_nlp_dates::{Due, Tz};

/// Bump whenever rules change: caches key extraction results on it.
pub const RULES_VERSION: &str = "nlp-extract-rules-68";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Chat,
    Transcript,
}

#[derive(Debug, Clone, Default)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub handle: String,
}

pub struct Document<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// When the newest message was sent (or the meeting started).
    pub reference: chrono::DateTime<Tz>,
    pub participants: &'a [Person],
    /// Participant id of the newest message's sender; `None` for transcripts.
    pub author: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Short imperative phrase (at most 12 words).
    pub title: String,
    /// Participant id.
    pub assignee: Option<String>,
    pub due: Option<Due>,
    /// Byte range in `Document::text` of the due phrase.
    pub due_span: Option<Range<usize>>,
    pub priority: Option<Priority>,
    /// 0..1
    pub confidence: f32,
    /// Byte range in `Document::text` of the clause stating the task.
    pub evidence: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Request,
    Commitment,
    Question,
    Decision,
    Fyi,
}

#[derive(Debug, Clone)]
pub struct Classification {
    /// Every intent, highest score first.
    pub scores: Vec<(Intent, f32)>,
    /// 0..1
    pub urgency: f32,
}

/// Extracts candidate tasks, ordered by evidence position. Never panics.
pub fn extract(doc: &Document) -> Vec<Candidate> {
    // The rules are written not to panic; this is the backstop that keeps one
    // odd document from taking down the request.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| thread::extract(doc)))
        .unwrap_or_default()
}

/// Rule-based intents and urgency of a single message.
pub fn classify(text: &str) -> Classification {
    std::panic::catch_unwind(|| classify::classify(text)).unwrap_or_else(|_| Classification {
        scores: vec![
            (Intent::Fyi, 1.0),
            (Intent::Request, 0.0),
            (Intent::Commitment, 0.0),
            (Intent::Question, 0.0),
            (Intent::Decision, 0.0),
        ],
        urgency: 0.0,
    })
}
