//! Temporary probe.
use chrono::DateTime;
use taskstream_nlp_dates::{find_all, find_due, parse_zone};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tz = parse_zone(&args[1]).expect("zone");
    let r = DateTime::parse_from_rfc3339(&args[2])
        .expect("ref")
        .with_timezone(&tz);
    for text in &args[3..] {
        println!("== {text}");
        for m in find_all(text, r) {
            println!("  all: {:?} -> {:?}", &text[m.start..m.end], m.due);
        }
        if let Some(m) = find_due(text, r) {
            println!("  due: {:?} -> {:?}", &text[m.start..m.end], m.due);
        }
    }
}
