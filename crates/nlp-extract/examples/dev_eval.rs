//! Runs `extract` over a dev-set JSONL file and prints one prediction line per document, in
//! the format `score.py` reads. With `--show ID` it prints that document's candidates with
//! their evidence instead, for debugging a rule.
//!
//! `cargo run -p taskstream-nlp-extract --example dev_eval -- DEV.jsonl [--show ID]`

use std::io::{BufRead, Write};

use serde_json::{Value, json};
use taskstream_nlp_extract::{Candidate, Document, Due, Kind, Person, Priority, Tz, eval, extract};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: dev_eval DEV.jsonl [--show ID]");
    let show = match (args.next().as_deref(), args.next()) {
        (Some("--show"), Some(id)) => Some(id),
        (None, _) => None,
        _ => panic!("usage: dev_eval DEV.jsonl [--show ID]"),
    };
    let file = std::fs::File::open(&path).expect("open dev set");
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.expect("read line");
        if line.trim().is_empty() {
            continue;
        }
        let rec: Value = serde_json::from_str(&line).expect("json");
        match &show {
            Some(id) if rec["id"].as_str() != Some(id.as_str()) => {}
            Some(_) => {
                let (text, found) = candidates(&rec);
                for c in found {
                    let evidence = text.get(c.evidence.clone()).unwrap_or("");
                    writeln!(
                        out,
                        "{:?} | {:?} | {:?} {:?} {:.2} | ev={evidence:?}",
                        c.title, c.assignee, c.due, c.priority, c.confidence
                    )
                    .expect("write");
                }
            }
            None => {
                let (text, found) = candidates(&rec);
                let tasks: Vec<Value> = found
                    .into_iter()
                    .map(|c| {
                        // Extra fields for analysis; the scorer reads only its own.
                        let evidence = text.get(c.evidence.clone()).unwrap_or("").to_owned();
                        let confidence = c.confidence;
                        let mut p = prediction(c);
                        p["evidence"] = json!(evidence);
                        p["confidence"] = json!(confidence);
                        p
                    })
                    .collect();
                writeln!(out, "{}", json!({"id": rec["id"], "tasks": tasks})).expect("write");
            }
        }
    }
}

/// The text `extract` reads for one dev-set record (a pasted MIME email decoded) and the
/// candidates it finds there.
fn candidates(rec: &Value) -> (String, Vec<Candidate>) {
    let tz: Tz = rec["timezone"]
        .as_str()
        .unwrap_or("UTC")
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let reference = eval::parse_reference_time(rec["reference_time"].as_str().unwrap_or(""))
        .expect("reference_time")
        .with_timezone(&tz);
    let kind = match rec["source"].as_str() {
        Some("chat") => Kind::Chat,
        Some("transcript") => Kind::Transcript,
        _ => Kind::Email,
    };
    let people: Vec<Person> = rec["participants"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| Person {
                    id: p["id"].as_str().unwrap_or("").into(),
                    name: p["name"].as_str().unwrap_or("").into(),
                    email: p["email"].as_str().unwrap_or("").into(),
                    handle: p["handle"].as_str().unwrap_or("").into(),
                })
                .collect()
        })
        .unwrap_or_default();
    // As the service reads it: a raw MIME message pasted as an email's text is decoded.
    let sent = rec["text"].as_str().unwrap_or("");
    let text = (kind == Kind::Email)
        .then(|| taskstream_email_text::decoded_text(sent))
        .flatten()
        .unwrap_or_else(|| sent.to_owned());
    let found = extract(&Document {
        kind,
        text: &text,
        reference,
        participants: &people,
        author: rec["author"].as_str(),
    });
    (text, found)
}

/// A candidate as the scorer reads it.
fn prediction(c: Candidate) -> Value {
    let due = c.due.map(|d| match d {
        Due::Date(d) => d.format("%Y-%m-%d").to_string(),
        Due::DateTime(t) => t.format("%Y-%m-%dT%H:%M").to_string(),
    });
    let priority = c.priority.map(|p| match p {
        Priority::Low => "low",
        Priority::Normal => "normal",
        Priority::High => "high",
        Priority::Urgent => "urgent",
    });
    json!({"title": c.title, "assignee": c.assignee, "due": due, "priority": priority})
}
