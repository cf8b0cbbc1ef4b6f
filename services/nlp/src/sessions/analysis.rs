//! Live analysis of a transcript: the segments so far are read as one transcript by the same
//! rules as `ExtractTasks`, and the candidates found are compared with those standing, which
//! yields the session's events: added, revised (with what changed), withdrawn (with why).
//! The transcript only grows, so a candidate keeps its identity through the place its evidence
//! starts: the segment and the offset in it.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone as _};
use taskstream_nlp_extract as rules;
use taskstream_proto::nlp_v1 as nlp;

use crate::document::code_points;

/// The transcript rebuilt from segments, with where each segment's text sits in it.
pub struct Transcript {
    /// `Speaker: text` lines.
    pub text: String,
    /// Per segment: its id and the byte range of its text (after the speaker prefix).
    pub spans: Vec<(String, std::ops::Range<usize>)>,
}

/// The name a segment's speaker goes by in the transcript.
fn speaker_of(segment: &nlp::TranscriptSegment, participants: &[nlp::Participant]) -> String {
    if let Some(participant) = participants
        .iter()
        .find(|p| !segment.speaker.is_empty() && p.id == segment.speaker)
    {
        if !participant.display_name.is_empty() {
            return participant.display_name.clone();
        }
        return participant.id.clone();
    }
    match segment.speaker_label.trim() {
        "" => "Unknown speaker".into(),
        // A speaker label must not break the line format.
        label => label.replace([':', '\n', '\r'], " "),
    }
}

/// Lays the segments out as a transcript.
pub fn transcript(
    segments: &[nlp::TranscriptSegment],
    participants: &[nlp::Participant],
) -> Transcript {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(segments.len());
    for segment in segments {
        text.push_str(&speaker_of(segment, participants));
        text.push_str(": ");
        let start = text.len();
        // One segment is one line: inner line breaks would read as new speakers.
        text.push_str(&segment.text.replace(['\n', '\r'], " "));
        spans.push((segment.segment_id.clone(), start..text.len()));
        text.push('\n');
    }
    Transcript { text, spans }
}

/// A byte range of the transcript as a span of the segment it starts in.
fn segment_span(transcript: &Transcript, range: std::ops::Range<usize>) -> nlp::TextSpan {
    // The first segment whose text ends at or after the range's start: a range starting in a
    // line's `Speaker: ` prefix belongs to that line's segment.
    let Some((segment_id, span)) = transcript
        .spans
        .iter()
        .find(|(_, span)| span.end >= range.start)
        .or_else(|| transcript.spans.last())
    else {
        return nlp::TextSpan::default();
    };
    let start = range.start.clamp(span.start, span.end);
    let end = range.end.clamp(start, span.end);
    let segment_text = &transcript.text[span.clone()];
    nlp::TextSpan {
        segment_id: segment_id.clone(),
        start_offset: code_points(segment_text, start - span.start),
        end_offset: code_points(segment_text, end - span.start),
        text: transcript
            .text
            .get(start..end)
            .unwrap_or_default()
            .to_owned(),
    }
}

/// What the rules find in the transcript so far (blocking).
pub fn find(
    transcript: &Transcript,
    session: &nlp::TranscriptSession,
    zone: rules::Tz,
) -> Vec<rules::Candidate> {
    let start = session.start_time.unwrap_or_default();
    let reference: DateTime<rules::Tz> = chrono::Utc
        .timestamp_opt(start.seconds, start.nanos.clamp(0, 999_999_999) as u32)
        .single()
        .unwrap_or_default()
        .with_timezone(&zone);
    let participants: Vec<rules::Person> = session
        .participants
        .iter()
        .map(|p| rules::Person {
            id: p.id.clone(),
            name: p.display_name.clone(),
            email: p.email.clone(),
            handle: p.handle.trim_start_matches('@').to_owned(),
        })
        .collect();
    rules::extract(&rules::Document {
        kind: rules::Kind::Transcript,
        text: &transcript.text,
        reference,
        participants: &participants,
        author: None,
    })
}

/// The found candidates as the contract states them, without ids yet, their evidence
/// located in the segments.
pub fn candidates(
    found: Vec<rules::Candidate>,
    transcript: &Transcript,
    zone: rules::Tz,
) -> Vec<nlp::CandidateTask> {
    found
        .into_iter()
        .map(|found| {
            let mut candidate = crate::grpc::candidate(0, found.clone(), &transcript.text, zone);
            candidate.candidate_id = String::new();
            candidate.evidence = Some(segment_span(transcript, found.evidence.clone()));
            candidate.due_evidence = found
                .due_span
                .filter(|_| candidate.due.is_some())
                .map(|range| segment_span(transcript, range));
            candidate
        })
        .collect()
}

/// Where a candidate's evidence starts: its identity across analyses.
fn anchor(candidate: &nlp::CandidateTask) -> (String, i32) {
    let evidence = candidate.evidence.clone().unwrap_or_default();
    (evidence.segment_id, evidence.start_offset)
}

/// Why a candidate stopped standing, guessed from what was said last.
fn withdraw_reason(latest: &str) -> nlp::WithdrawReason {
    let latest = latest.to_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| latest.contains(w));
    if says(&[
        "done",
        "already",
        "finished",
        "sent it",
        "took care",
        "sorted",
    ]) {
        nlp::WithdrawReason::Completed
    } else if says(&[
        "can't",
        "cannot",
        "won't",
        "not able",
        "no capacity",
        "decline",
    ]) {
        nlp::WithdrawReason::Declined
    } else if says(&[
        "never mind",
        "nevermind",
        "cancel",
        "drop",
        "scrap",
        "forget",
        "no longer",
        "not needed",
    ]) {
        nlp::WithdrawReason::Cancelled
    } else {
        nlp::WithdrawReason::NotATask
    }
}

/// The events that turn `standing` into `found`; `next_candidate` numbers new candidates.
/// Returns the new standing list (in first-detection order) and the events (without
/// positions).
pub fn diff(
    standing: &[nlp::CandidateTask],
    found: Vec<nlp::CandidateTask>,
    next_candidate: &mut i64,
    cause: &nlp::TextSpan,
) -> (Vec<nlp::CandidateTask>, Vec<nlp::transcript_event::Event>) {
    let mut found_by_anchor: HashMap<(String, i32), nlp::CandidateTask> =
        found.iter().map(|c| (anchor(c), c.clone())).collect();
    let mut events = Vec::new();
    let mut next_standing = Vec::new();
    for old in standing {
        match found_by_anchor.remove(&anchor(old)) {
            Some(mut new) => {
                new.candidate_id = old.candidate_id.clone();
                let mut changes = Vec::new();
                if new.assignee != old.assignee {
                    changes.push(nlp::RevisionKind::Reassigned as i32);
                }
                if new.due != old.due {
                    changes.push(nlp::RevisionKind::Rescheduled as i32);
                }
                if new.title != old.title {
                    changes.push(nlp::RevisionKind::Retitled as i32);
                }
                if new.priority != old.priority {
                    changes.push(nlp::RevisionKind::Reprioritized as i32);
                }
                if changes.is_empty() && (new.confidence - old.confidence).abs() > 0.05 {
                    changes.push(nlp::RevisionKind::ConfidenceChanged as i32);
                }
                if !changes.is_empty() {
                    events.push(nlp::transcript_event::Event::CandidateRevised(
                        nlp::CandidateRevised {
                            candidate: Some(new.clone()),
                            changes,
                            cause: Some(cause.clone()),
                        },
                    ));
                    next_standing.push(new);
                } else {
                    next_standing.push(old.clone());
                }
            }
            None => events.push(nlp::transcript_event::Event::CandidateWithdrawn(
                nlp::CandidateWithdrawn {
                    candidate_id: old.candidate_id.clone(),
                    reason: withdraw_reason(&cause.text) as i32,
                    merged_into: String::new(),
                    cause: Some(cause.clone()),
                },
            )),
        }
    }
    // New candidates, in the order their evidence appears.
    for mut new in found {
        if !found_by_anchor.contains_key(&anchor(&new)) {
            continue;
        }
        found_by_anchor.remove(&anchor(&new));
        new.candidate_id = format!("c{next_candidate}");
        *next_candidate += 1;
        events.push(nlp::transcript_event::Event::CandidateAdded(
            nlp::CandidateAdded {
                candidate: Some(new.clone()),
            },
        ));
        next_standing.push(new);
    }
    (next_standing, events)
}
