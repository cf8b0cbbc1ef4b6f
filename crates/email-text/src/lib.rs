//! A raw RFC 5322 email as the text a reader sees: the header lines a reader looks at
//! (`From`, `To`, `Cc`, `Date`, `Subject`), a blank line, then the body decoded from its
//! MIME structure (multipart, quoted-printable, base64, legacy charsets; an HTML-only body
//! converted to text). Attachments are left out.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use regex::Regex;

/// An email decoded to text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Header lines, a blank line and the body.
    pub text: String,
    /// The `Date:` header, when there is a valid one.
    pub date: Option<DateTime<Utc>>,
    /// What was met on the way, each answered best effort.
    pub notes: Vec<Note>,
}

/// Something met while decoding that the reader of the text should be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// Not parseable as RFC 5322: read as plain text.
    Malformed,
    /// No text or HTML body part.
    NoBody,
    /// Only an HTML body, converted to text.
    HtmlConverted,
    /// Bytes invalid in their charset, replaced with U+FFFD.
    InvalidEncoding,
}

impl Note {
    /// A stable reason code for clients.
    pub fn code(self) -> &'static str {
        match self {
            Note::Malformed | Note::NoBody => "MIME_MALFORMED",
            Note::HtmlConverted => "HTML_CONVERTED",
            Note::InvalidEncoding => "INVALID_ENCODING",
        }
    }

    /// What happened, for people.
    pub fn message(self) -> &'static str {
        match self {
            Note::Malformed => "the message could not be parsed as RFC 5322: read as plain text",
            Note::NoBody => "no text or HTML body part was found",
            Note::HtmlConverted => "the email has only an HTML body; it was converted to text",
            Note::InvalidEncoding => "bytes invalid in their charset were replaced with U+FFFD",
        }
    }
}

/// Why bytes are not an email at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText;

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("is not an email: the content is binary, not text")
    }
}

/// Decodes a raw message. Binary content (an image, an archive: NULs or many control
/// bytes) is refused; anything else is answered best effort.
pub fn decode(raw: &[u8]) -> Result<Decoded, NotText> {
    let sample = &raw[..raw.len().min(64 * 1024)];
    let control = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    if sample.contains(&0) || control * 100 > sample.len().max(1) * 5 {
        return Err(NotText);
    }
    let mut notes = Vec::new();
    let Some(message) = mail_parser::MessageParser::default().parse(raw) else {
        notes.push(Note::Malformed);
        let text = String::from_utf8_lossy(raw).into_owned();
        if text.contains('\u{FFFD}') {
            notes.push(Note::InvalidEncoding);
        }
        return Ok(Decoded {
            text,
            date: None,
            notes,
        });
    };
    let mut text = String::new();
    let addresses = |address: Option<&mail_parser::Address>| {
        address
            .map(|address| {
                address
                    .iter()
                    .map(|a| match (a.name(), a.address()) {
                        (Some(name), Some(email)) => format!("{name} <{email}>"),
                        (None, Some(email)) => email.to_owned(),
                        (Some(name), None) => name.to_owned(),
                        (None, None) => String::new(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    for (name, value) in [
        ("From", addresses(message.from())),
        ("To", addresses(message.to())),
        ("Cc", addresses(message.cc())),
        (
            "Date",
            message.date().map(|d| d.to_rfc822()).unwrap_or_default(),
        ),
        ("Subject", message.subject().unwrap_or_default().to_owned()),
    ] {
        if !value.is_empty() {
            text.push_str(&format!("{name}: {value}\n"));
        }
    }
    text.push('\n');
    // With no plain-text part, mail-parser offers the HTML part as text, converted.
    let html_only = message
        .text_part(0)
        .is_some_and(|part| matches!(part.body, mail_parser::PartType::Html(_)));
    if html_only {
        notes.push(Note::HtmlConverted);
    }
    match message.body_text(0) {
        Some(body) => text.push_str(body.trim_end()),
        None => notes.push(Note::NoBody),
    }
    if text.contains('\u{FFFD}') {
        notes.push(Note::InvalidEncoding);
    }
    let date = message
        .date()
        .and_then(|d| DateTime::parse_from_rfc3339(&d.to_rfc3339()).ok())
        .map(|d| d.with_timezone(&Utc));
    Ok(Decoded { text, date, notes })
}

/// Whether text pasted as an email is still a raw MIME message a reader could not read
/// as it stands: a header block that declares a multipart, HTML, quoted-printable or
/// base64 body. Plain headers over a plain body are read as they are.
pub fn is_encoded(text: &str) -> bool {
    static ENCODED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?im)^content-(?:type:\s*(?:multipart/|text/html)|transfer-encoding:\s*(?:quoted-printable|base64))")
            .unwrap()
    });
    // The message's own headers come first: a "From:" or similar line opens the text.
    static HEADER_FIRST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(?:[A-Za-z][A-Za-z0-9\-]*:\s|from\s+\S+@)").unwrap());
    HEADER_FIRST.is_match(text) && ENCODED.is_match(text)
}

/// The text an email sent as text reads as: decoded when it is still a raw MIME message
/// ([`is_encoded`]), else `None` (read it as sent).
pub fn decoded_text(text: &str) -> Option<String> {
    is_encoded(text)
        .then(|| decode(text.as_bytes()).ok())
        .flatten()
        .map(|decoded| decoded.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const QP_AND_HTML: &str = "From: Jess Park <jess@example.com>\r\n\
        To: Priya Shah <priya@example.com>\r\n\
        Subject: Lease\r\n\
        Date: Tue, 28 Oct 2025 16:40:00 -0700\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
        \r\n\
        --b1\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\
        \r\n\
        Priya, could you send the signed lease by Friday? It=E2=80=99s for the =\r\n\
        landlord.\r\n\
        --b1\r\n\
        Content-Type: text/html; charset=utf-8\r\n\
        Content-Transfer-Encoding: base64\r\n\
        \r\n\
        PHA+UHJpeWEsIGNvdWxkIHlvdSBzZW5kIHRoZSBzaWduZWQgbGVhc2U/PC9wPg==\r\n\
        --b1--\r\n";

    #[test]
    fn quoted_printable_text_is_read_with_soft_breaks_joined() {
        assert!(is_encoded(QP_AND_HTML));
        assert!(decoded_text(QP_AND_HTML).is_some_and(|t| t.contains("It’s for the landlord.")));
        let decoded = decode(QP_AND_HTML.as_bytes()).unwrap();
        assert!(
            decoded
                .text
                .starts_with("From: Jess Park <jess@example.com>\n")
        );
        assert!(
            decoded.text.contains("by Friday? It’s for the landlord."),
            "{}",
            decoded.text
        );
        assert!(!decoded.text.contains("PHA+"), "the HTML twin is left out");
        assert!(decoded.notes.is_empty());
        assert_eq!(
            decoded.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2025-10-28T23:40:00+00:00")
        );
    }

    #[test]
    fn an_html_only_body_is_converted_and_said_so() {
        let raw = "From: a@example.com\nSubject: x\nContent-Type: text/html\n\n<p>Please <b>book</b> the room.</p>\n";
        assert!(is_encoded(raw));
        let decoded = decode(raw.as_bytes()).unwrap();
        assert!(
            decoded.text.contains("Please book the room."),
            "{}",
            decoded.text
        );
        assert_eq!(decoded.notes, vec![Note::HtmlConverted]);
    }

    #[test]
    fn plain_pasted_emails_and_binary_are_told_apart() {
        // Plain headers over a plain body: read as is.
        assert!(!is_encoded(
            "From: a@example.com\nSubject: x\n\nPlease book the room.\n"
        ));
        assert_eq!(
            decoded_text("From: a@example.com\nSubject: x\n\nPlease book the room.\n"),
            None
        );
        // A body that only mentions a header is no MIME message.
        assert!(!is_encoded(
            "Hi Priya,\nthe mail said Content-Type: text/html, odd.\n"
        ));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(NotText));
    }
}
