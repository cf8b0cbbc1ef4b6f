//! Prints every date phrase `find_all` reads in a line, for checking a phrase by hand.
//!
//! `cargo run -p taskstream-nlp-dates --example dates -- 2026-03-05T09:00 Europe/London "text"`

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: dates REFERENCE(YYYY-MM-DDTHH:MM) ZONE TEXT";
    let reference = args.next().expect(usage);
    let zone: chrono_tz::Tz = args.next().expect(usage).parse().expect("IANA zone");
    let text = args.next().expect(usage);
    let naive = chrono::NaiveDateTime::parse_from_str(&reference, "%Y-%m-%dT%H:%M").expect(usage);
    let reference = naive
        .and_local_timezone(zone)
        .single()
        .expect("unambiguous local time");
    for m in taskstream_nlp_dates::find_all(&text, reference) {
        println!("{:?} {:?}", &text[m.start..m.end], m.due);
    }
}
