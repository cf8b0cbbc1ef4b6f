//! The labelled sets' records (`crates/nlp-extract/tests/*.jsonl`, the format of
//! `../shared/nlp-dev-set`) as the request documents a client would send, so training and
//! evaluation go through the service's own path.

use serde_json::Value;
use taskstream_proto::nlp_v1 as nlp;

/// The request document a client would send for one labelled record.
pub fn document(record: &Value) -> anyhow::Result<nlp::Document> {
    let text = |key: &str| record[key].as_str().unwrap_or_default().to_owned();
    let reference = taskstream_nlp_extract::eval::parse_reference_time(&text("reference_time"))
        .ok_or_else(|| anyhow::anyhow!("reference_time is not ISO-8601 with an offset"))?;
    let kind = match record["source"].as_str() {
        Some("chat") => nlp::DocumentKind::Chat,
        Some("transcript") => nlp::DocumentKind::Transcript,
        _ => nlp::DocumentKind::Email,
    };
    let participants = record["participants"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let field = |key: &str| p[key].as_str().unwrap_or_default().to_owned();
            nlp::Participant {
                id: field("id"),
                display_name: field("name"),
                email: field("email"),
                handle: field("handle"),
                user: String::new(),
            }
        })
        .collect();
    Ok(nlp::Document {
        kind: kind as i32,
        content: Some(nlp::document::Content::Text(text("text"))),
        reference_time: Some(prost_types::Timestamp {
            seconds: reference.timestamp(),
            nanos: 0,
        }),
        time_zone: text("timezone"),
        participants,
        author: text("author"),
        reference: String::new(),
    })
}
