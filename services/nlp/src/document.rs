//! A request's `Document`, checked and made ready for the rules: limits and reason codes as
//! the contract states them, the time zone and reference time resolved, and a raw email
//! decoded (MIME multipart, quoted-printable, base64, legacy charsets, HTML-only bodies) into
//! the text the offsets refer to.

use std::collections::HashSet;

use chrono::{DateTime, TimeZone as _};
use taskstream_nlp_extract::{Kind, Person, Tz};
use taskstream_proto::nlp_v1 as nlp;
use taskstream_runtime::{ServiceError, ServiceResult};

/// Largest `Document.text`, and largest decoded email body.
pub const MAX_TEXT_BYTES: usize = 1 << 20;
/// Largest `Document.raw_email`.
pub const MAX_RAW_EMAIL_BYTES: usize = 10 << 20;
/// Most participants of one document.
pub const MAX_PARTICIPANTS: usize = 500;

/// A document ready for the rules.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// How to read it.
    pub kind: Kind,
    /// The text the rules read and the offsets refer to.
    pub text: String,
    /// Whether `text` was decoded from a raw email (it is then returned as `analyzed_text`).
    pub decoded: bool,
    /// When the newest message was written, in the document's zone; `None` only when the
    /// caller may leave it out (`Classify`).
    pub reference: Option<DateTime<Tz>>,
    /// The document's zone.
    pub zone: Option<Tz>,
    /// The people.
    pub participants: Vec<Person>,
    /// The newest message's author (a participant id).
    pub author: Option<String>,
    /// Problems met while decoding, answered best effort.
    pub warnings: Vec<nlp::ProcessingWarning>,
}

fn invalid(field: &str, why: impl Into<String>, reason: &'static str) -> ServiceError {
    ServiceError::invalid_argument(vec![(field.to_owned(), why.into())]).with_reason(reason)
}

fn warning(code: &str, message: impl Into<String>) -> nlp::ProcessingWarning {
    nlp::ProcessingWarning {
        code: code.into(),
        message: message.into(),
    }
}

impl Prepared {
    /// The rules' candidates (blocking); none without a reference time.
    pub fn extract(&self) -> Vec<taskstream_nlp_extract::Candidate> {
        let Some(reference) = self.reference else {
            return Vec::new();
        };
        taskstream_nlp_extract::extract(&taskstream_nlp_extract::Document {
            kind: self.kind,
            text: &self.text,
            reference,
            participants: &self.participants,
            author: self.author.as_deref(),
        })
    }
}

/// Checks `document` (the request field named `field`); `dated` when reference time and
/// time zone are required.
pub fn prepare(
    document: Option<&nlp::Document>,
    field: &str,
    dated: bool,
) -> ServiceResult<Prepared> {
    let document = document.ok_or_else(|| invalid(field, "is required", "INVALID_ARGUMENT"))?;
    let kind = match nlp::DocumentKind::try_from(document.kind) {
        Ok(nlp::DocumentKind::Email) => Kind::Email,
        Ok(nlp::DocumentKind::Chat) => Kind::Chat,
        Ok(nlp::DocumentKind::Transcript) => Kind::Transcript,
        _ => {
            return Err(invalid(
                &format!("{field}.kind"),
                "must be DOCUMENT_KIND_EMAIL, DOCUMENT_KIND_CHAT or DOCUMENT_KIND_TRANSCRIPT",
                "INVALID_ARGUMENT",
            ));
        }
    };
    let mut warnings = Vec::new();
    let (text, decoded, email_date) = match &document.content {
        None => {
            return Err(invalid(
                &format!("{field}.text"),
                "the document has no content: set text or raw_email",
                "EMPTY_DOCUMENT",
            ));
        }
        Some(nlp::document::Content::Text(text)) => {
            if text.len() > MAX_TEXT_BYTES {
                return Err(invalid(
                    &format!("{field}.text"),
                    format!("is {} bytes; at most {MAX_TEXT_BYTES} are read", text.len()),
                    "DOCUMENT_TOO_LARGE",
                ));
            }
            // A raw MIME message pasted as text ("show original") is decoded as a
            // `raw_email` would be; the offsets then refer to `analyzed_text`.
            if kind == Kind::Email && taskstream_email_text::is_encoded(text) {
                let email = decode_email(text.as_bytes(), &mut warnings)
                    .map_err(|why| invalid(&format!("{field}.text"), why, "NOT_TEXT"))?;
                warnings.push(warning(
                    "MIME_DECODED",
                    "the text is a raw MIME message: it was decoded, and offsets refer to analyzed_text",
                ));
                (email.text, true, email.date)
            } else {
                (text.clone(), false, None)
            }
        }
        Some(nlp::document::Content::RawEmail(raw)) => {
            if kind != Kind::Email {
                return Err(invalid(
                    &format!("{field}.raw_email"),
                    "is only accepted with DOCUMENT_KIND_EMAIL",
                    "INVALID_ARGUMENT",
                ));
            }
            if raw.len() > MAX_RAW_EMAIL_BYTES {
                return Err(invalid(
                    &format!("{field}.raw_email"),
                    format!(
                        "is {} bytes; at most {MAX_RAW_EMAIL_BYTES} are read",
                        raw.len()
                    ),
                    "DOCUMENT_TOO_LARGE",
                ));
            }
            let email = decode_email(raw, &mut warnings)
                .map_err(|why| invalid(&format!("{field}.raw_email"), why, "NOT_TEXT"))?;
            if email.text.len() > MAX_TEXT_BYTES {
                return Err(invalid(
                    &format!("{field}.raw_email"),
                    format!(
                        "decodes to {} bytes of text; at most {MAX_TEXT_BYTES} are read",
                        email.text.len()
                    ),
                    "DOCUMENT_TOO_LARGE",
                ));
            }
            (email.text, true, email.date)
        }
    };
    if text.trim().is_empty() {
        return Err(invalid(
            &format!("{field}.text"),
            "is empty or only whitespace",
            "EMPTY_DOCUMENT",
        ));
    }

    let zone = match document.time_zone.as_str() {
        "" if dated => {
            return Err(invalid(
                &format!("{field}.time_zone"),
                "is required: an IANA zone such as Europe/Berlin",
                "INVALID_ARGUMENT",
            ));
        }
        "" => None,
        name => Some(taskstream_nlp_dates::parse_zone(name).ok_or_else(|| {
            invalid(
                &format!("{field}.time_zone"),
                format!(
                    "`{name}` is not an IANA time zone (e.g. America/New_York, Europe/Berlin, UTC)"
                ),
                "UNKNOWN_TIME_ZONE",
            )
        })?),
    };
    let instant = match &document.reference_time {
        Some(at) => {
            let valid = (0..1_000_000_000).contains(&at.nanos)
                && (-62_135_596_800..=253_402_300_799).contains(&at.seconds);
            if !valid {
                return Err(invalid(
                    &format!("{field}.reference_time"),
                    "is not a valid timestamp (years 1 to 9999)",
                    "INVALID_ARGUMENT",
                ));
            }
            chrono::Utc
                .timestamp_opt(at.seconds, at.nanos as u32)
                .single()
        }
        None => email_date,
    };
    if dated && instant.is_none() {
        return Err(invalid(
            &format!("{field}.reference_time"),
            "is required (for a raw email it defaults to the Date: header, which is missing)",
            "INVALID_ARGUMENT",
        ));
    }
    let reference = match (instant, zone) {
        (Some(instant), Some(zone)) => Some(instant.with_timezone(&zone)),
        _ => None,
    };

    check_participants(
        &format!("{field}.participants"),
        &[],
        &document.participants,
    )?;
    let participants: Vec<Person> = document
        .participants
        .iter()
        .map(|participant| Person {
            id: participant.id.clone(),
            name: participant.display_name.clone(),
            email: participant.email.clone(),
            handle: participant.handle.trim_start_matches('@').to_owned(),
        })
        .collect();
    let author = match document.author.as_str() {
        "" => None,
        author if participants.iter().any(|p| p.id == author) => Some(author.to_owned()),
        author => {
            return Err(invalid(
                &format!("{field}.author"),
                format!("`{author}` is not one of the participants"),
                "UNKNOWN_PARTICIPANT",
            ));
        }
    };
    if document.reference.chars().count() > 2048 {
        return Err(invalid(
            &format!("{field}.reference"),
            "is longer than 2,048 characters",
            "INVALID_ARGUMENT",
        ));
    }
    Ok(Prepared {
        kind,
        text,
        decoded,
        reference,
        zone,
        participants,
        author,
        warnings,
    })
}

/// Participants joining `existing` (in the request field `field`): ids 1 to 64 characters,
/// unique among all, at most [`MAX_PARTICIPANTS`] in all.
pub(crate) fn check_participants(
    field: &str,
    existing: &[nlp::Participant],
    joining: &[nlp::Participant],
) -> ServiceResult<()> {
    if existing.len() + joining.len() > MAX_PARTICIPANTS {
        return Err(invalid(
            field,
            format!(
                "has {}; at most {MAX_PARTICIPANTS} are allowed",
                existing.len() + joining.len()
            ),
            "TOO_MANY_PARTICIPANTS",
        ));
    }
    let mut seen: HashSet<&str> = existing.iter().map(|p| p.id.as_str()).collect();
    for (index, participant) in joining.iter().enumerate() {
        let id = participant.id.as_str();
        if id.is_empty() || id.chars().count() > 64 {
            return Err(invalid(
                &format!("{field}[{index}].id"),
                "must be 1 to 64 characters",
                "INVALID_ARGUMENT",
            ));
        }
        if !seen.insert(id) {
            return Err(invalid(
                &format!("{field}[{index}].id"),
                format!("`{id}` is used by another participant"),
                "DUPLICATE_PARTICIPANT_ID",
            ));
        }
    }
    Ok(())
}

/// Decodes a raw email, its notes kept as warnings; binary content is refused.
fn decode_email(
    raw: &[u8],
    warnings: &mut Vec<nlp::ProcessingWarning>,
) -> Result<taskstream_email_text::Decoded, String> {
    let decoded = taskstream_email_text::decode(raw).map_err(|not_text| not_text.to_string())?;
    warnings.extend(
        decoded
            .notes
            .iter()
            .map(|note| warning(note.code(), note.message())),
    );
    Ok(decoded)
}

/// Code-point offset of byte offset `byte` in `text` (offsets in answers count code points).
pub fn code_points(text: &str, byte: usize) -> i32 {
    let byte = byte.min(text.len());
    let boundary = (0..=byte)
        .rev()
        .find(|&b| text.is_char_boundary(b))
        .unwrap_or(0);
    i32::try_from(text[..boundary].chars().count()).unwrap_or(i32::MAX)
}
