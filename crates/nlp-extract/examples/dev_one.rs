//! Debug helper: prints candidates (with evidence) for one dev-set id.

use std::io::BufRead;

use chrono::DateTime;
use serde_json::Value;
use taskstream_nlp_extract::{Document, Kind, Person, Tz, extract};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("path");
    let id = args.next().expect("id");
    let file = std::fs::File::open(&path).expect("open");
    for line in std::io::BufReader::new(file).lines() {
        let line = line.expect("line");
        let rec: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(_) => continue,
        };
        if rec["id"].as_str() != Some(id.as_str()) {
            continue;
        }
        let tz: Tz = rec["timezone"]
            .as_str()
            .unwrap_or("UTC")
            .parse()
            .unwrap_or(chrono_tz::UTC);
        let reference = DateTime::parse_from_rfc3339(rec["reference_time"].as_str().unwrap_or(""))
            .expect("time")
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
        let text = rec["text"].as_str().unwrap_or("");
        let doc = Document {
            kind,
            text,
            reference,
            participants: &people,
            author: rec["author"].as_str(),
        };
        for c in extract(&doc) {
            println!(
                "{:?} | {:?} | {:?} {:?} {:.2} | ev={:?}",
                c.title,
                c.assignee,
                c.due,
                c.priority,
                c.confidence,
                &text[c.evidence.clone()]
            );
        }
    }
}
