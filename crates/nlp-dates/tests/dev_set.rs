//! Agreement with the dev set: `find_due` on each gold task's evidence sentence.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use taskstream_nlp_dates::{Due, find_due, parse_zone};

const DEV_SET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/nlp-dev-set/dev.jsonl"
);

fn gold_due(value: &serde_json::Value) -> Option<Due> {
    let s = value.as_str()?;
    if s.contains('T') {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
            .ok()
            .map(Due::DateTime)
    } else {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Due::Date)
    }
}

#[test]
fn dev_set_evidence_agreement() {
    let Ok(data) = std::fs::read_to_string(DEV_SET) else {
        println!("note: {DEV_SET} not found, dev-set agreement skipped");
        return;
    };
    let (mut agree, mut total) = (0, 0);
    let mut misses = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let tz = parse_zone(doc["timezone"].as_str().expect("timezone")).expect("known zone");
        let reference = DateTime::parse_from_rfc3339(doc["reference_time"].as_str().expect("time"))
            .expect("RFC 3339 reference time")
            .with_timezone(&tz);
        for task in doc["tasks"].as_array().into_iter().flatten() {
            let Some(evidence) = task["evidence"].as_str() else {
                continue;
            };
            total += 1;
            let want = gold_due(&task["due"]);
            let got = find_due(evidence, reference).and_then(|m| m.due);
            if got == want {
                agree += 1;
            } else {
                misses.push(format!(
                    "{}: {evidence:?} -> {got:?}, gold {want:?}",
                    doc["id"]
                ));
            }
        }
    }
    let ratio = f64::from(agree) / f64::from(total.max(1));
    println!("dev-set evidence agreement: {agree}/{total} = {ratio:.3}");
    for m in &misses {
        println!("  disagreement {m}");
    }
    assert!(ratio >= 0.95, "agreement {ratio:.3} below 0.95");
}
