//! Concrete resolutions for each rule of the due-date conventions.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use taskstream_nlp_dates::{Due, Tz, find_all, find_due, parse_zone, to_instant};

/// A reference time: local wall-clock time in `zone`.
fn at(zone: &str, y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Tz> {
    parse_zone(zone)
        .expect("known zone")
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("unambiguous reference")
}

/// The default reference: Tuesday 2026-04-14 10:40 in Los Angeles.
fn tue() -> chrono::DateTime<Tz> {
    at("America/Los_Angeles", 2026, 4, 14, 10, 40)
}

fn date(y: i32, m: u32, d: u32) -> Option<Due> {
    Some(Due::Date(
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
    ))
}

fn time(y: i32, m: u32, d: u32, h: u32, min: u32) -> Option<Due> {
    Some(Due::DateTime(dt(y, m, d, h, min)))
}

fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .expect("valid date-time")
}

fn due(text: &str, reference: chrono::DateTime<Tz>) -> Option<Due> {
    find_due(text, reference).and_then(|m| m.due)
}

fn check(cases: &[(&str, Option<Due>)], reference: chrono::DateTime<Tz>) {
    for (text, want) in cases {
        assert_eq!(due(text, reference), *want, "{text:?}");
    }
}

#[test]
fn same_day_phrases() {
    check(
        &[
            ("I'll do it today", date(2026, 4, 14)),
            ("post it tonight", date(2026, 4, 14)),
            ("swap it this morning", date(2026, 4, 14)),
            ("I'll call them this afternoon", date(2026, 4, 14)),
            ("send it by lunch", date(2026, 4, 14)),
            ("by lunch tomorrow please", date(2026, 4, 15)),
        ],
        tue(),
    );
}

#[test]
fn tomorrow_and_typos() {
    check(
        &[
            ("review it tomorrow?", date(2026, 4, 15)),
            ("pls do it tmrw", date(2026, 4, 15)),
            ("first thing tomorrow", date(2026, 4, 15)),
            ("I'll run the PCR tomorrow morning", date(2026, 4, 15)),
            ("the day after tomorrow", date(2026, 4, 16)),
            ("send it b4 fri", date(2026, 4, 17)),
            ("need em for the owner mtg thurs.", date(2026, 4, 16)),
        ],
        tue(),
    );
}

#[test]
fn end_of_day() {
    check(
        &[
            ("by EOD", time(2026, 4, 14, 17, 0)),
            (
                "need 3 headline options by EOD tomorrow",
                time(2026, 4, 15, 17, 0),
            ),
            ("EOD Thursday", time(2026, 4, 16, 17, 0)),
            ("by end of day tomorrow", time(2026, 4, 15, 17, 0)),
            ("by COB Friday", time(2026, 4, 17, 17, 0)),
            ("close of business on Monday", time(2026, 4, 20, 17, 0)),
            ("by the end of today", time(2026, 4, 14, 17, 0)),
        ],
        tue(),
    );
}

#[test]
fn clock_times() {
    check(
        &[
            ("send me the list by 3pm", time(2026, 4, 14, 15, 0)),
            ("at 3 pm", time(2026, 4, 14, 15, 0)),
            ("by 15:00", time(2026, 4, 14, 15, 0)),
            ("at 9:30", time(2026, 4, 14, 9, 30)),
            ("at 10:00 a.m. on Friday", time(2026, 4, 17, 10, 0)),
            ("by noon", time(2026, 4, 14, 12, 0)),
            ("by midnight", time(2026, 4, 14, 23, 59)),
            ("Rosée, por favor — mañana 14h", time(2026, 4, 15, 14, 0)),
            (
                "pick up the load at 7am tomorrow, dock 3",
                time(2026, 4, 15, 7, 0),
            ),
            ("by 3pm Friday", time(2026, 4, 17, 15, 0)),
            ("Friday by 3pm", time(2026, 4, 17, 15, 0)),
            (
                "send the deck at 4pm to Ana on Friday",
                time(2026, 4, 17, 16, 0),
            ),
            ("tonight at 8", time(2026, 4, 14, 20, 0)),
        ],
        tue(),
    );
}

#[test]
fn bare_hours_are_the_next_such_hour() {
    check(
        &[
            ("by 2", time(2026, 4, 14, 14, 0)),
            ("done by 6", time(2026, 4, 14, 18, 0)),
            ("I'll call at 11", time(2026, 4, 14, 11, 0)),
            ("before I leave at 2", time(2026, 4, 14, 14, 0)),
            ("at ten o'clock", time(2026, 4, 14, 22, 0)),
            ("by 2 tomorrow", time(2026, 4, 15, 14, 0)),
        ],
        tue(),
    );
    // Written late: the next 9 o'clock is tomorrow morning.
    let late = at("America/Los_Angeles", 2026, 4, 14, 22, 0);
    assert_eq!(due("by 9", late), time(2026, 4, 15, 9, 0));
}

#[test]
fn numbers_that_are_not_times() {
    for text in [
        "need 3 headline options",
        "Q3 planning",
        "grew by 2.5 points",
        "cut by 10%",
        "at 2 locations",
        "rooms 2 and 5",
        "give me a second",
        "you may want to check",
        "on call this rota",
        "increase by 2",
        "support is 24/7",
        "the ten o'clock patients",
        "on the 3rd floor",
        "I sat down with Mon",
    ] {
        assert_eq!(find_due(text, tue()), None, "{text:?}");
    }
}

#[test]
fn weekdays() {
    check(
        &[
            ("by Friday", date(2026, 4, 17)),
            ("this Friday", date(2026, 4, 17)),
            ("on Friday", date(2026, 4, 17)),
            ("until Thu", date(2026, 4, 16)),
            ("by tues", date(2026, 4, 14)),
            ("before Monday", date(2026, 4, 20)),
            ("on Sat", date(2026, 4, 18)),
            ("by wed", date(2026, 4, 15)),
            ("next Tuesday", date(2026, 4, 21)),
            ("next Friday", date(2026, 4, 24)),
            ("Friday next week", date(2026, 4, 24)),
            ("by Wednesday night", date(2026, 4, 15)),
        ],
        tue(),
    );
    // On a Friday, "by Friday" is that same day.
    let friday = at("America/Chicago", 2026, 4, 17, 9, 0);
    assert_eq!(due("by Friday", friday), date(2026, 4, 17));
}

#[test]
fn weeks_months_quarters() {
    check(
        &[
            ("by the end of the week", date(2026, 4, 17)),
            ("EOW", date(2026, 4, 17)),
            ("end of next week", date(2026, 4, 24)),
            ("by the end of the month", date(2026, 4, 30)),
            ("by EOM", date(2026, 4, 30)),
            ("end of next month", date(2026, 5, 31)),
            ("by the end of the quarter", date(2026, 6, 30)),
            ("by end of March", date(2027, 3, 31)),
            ("by end of year", date(2026, 12, 31)),
        ],
        tue(),
    );
}

#[test]
fn durations() {
    check(
        &[
            ("in 3 days", date(2026, 4, 17)),
            ("within 5 days", date(2026, 4, 19)),
            ("within a week", date(2026, 4, 21)),
            ("I can have them analyzed in two weeks.", date(2026, 4, 28)),
            ("a week from today", date(2026, 4, 21)),
            ("in a fortnight", date(2026, 4, 28)),
            ("in ten days", date(2026, 4, 24)),
            ("within 3 business days", date(2026, 4, 17)),
        ],
        tue(),
    );
}

#[test]
fn ordinals_and_explicit_dates() {
    check(
        &[
            ("by the 15th", date(2026, 4, 15)),
            ("before the 15th", date(2026, 4, 15)),
            ("no later than the 10th", date(2026, 5, 10)),
            ("by the 14th", date(2026, 4, 14)),
            ("by the 31st", date(2026, 5, 31)),
            ("the day before the 22nd", date(2026, 4, 21)),
            ("by March 20", date(2027, 3, 20)),
            ("due on 20 March", date(2027, 3, 20)),
            ("by Mar 20th", date(2027, 3, 20)),
            ("by May 5", date(2026, 5, 5)),
            ("by 5/20", date(2026, 5, 20)),
            ("by 20/5", date(2026, 5, 20)),
            ("due 2026-06-01", date(2026, 6, 1)),
            ("Friday, April 24", date(2026, 4, 24)),
            ("by Friday, April 24 at 5pm", time(2026, 4, 24, 17, 0)),
            ("the 20th of April", date(2026, 4, 20)),
        ],
        tue(),
    );
    // Numeric dates that could be read either way are read as the place writes them:
    // month first in Los Angeles, day first in Sydney; a table's date column counts.
    assert_eq!(due("by 3/4", tue()), date(2027, 3, 4));
    let sydney = at("Australia/Sydney", 2026, 4, 2, 17, 40);
    assert_eq!(due("by 7/4", sydney), date(2026, 4, 7));
    assert_eq!(
        due("Renew the permit | MT | 07/04 | OPEN", sydney),
        date(2026, 4, 7)
    );
    // Fractions, shares, rates and decimals are no dates.
    assert_eq!(due("3/4 ply went missing", sydney), None);
    assert_eq!(due("it runs 24/7 now", sydney), None);
    assert_eq!(due("due for 2/3 of the team", sydney), None);
    assert_eq!(due("Hours | 2.5 | Priya", sydney), None);
}

#[test]
fn vague_phrases_resolve_to_none() {
    for text in [
        "next week",
        "sometime this week",
        "early next week",
        "later this week",
        "soon",
        "in the coming days",
        "by mid-month",
        "in February",
        "ASAP",
        "right away",
        "every Monday",
        "immediately",
    ] {
        let m = find_due(text, tue()).unwrap_or_else(|| panic!("{text:?} not recognised"));
        assert_eq!(m.due, None, "{text:?}");
    }
    assert_eq!(find_due("I'll review it as soon as it's up", tue()), None);
    // A span of days is no deadline ("the calendar for October 1-15").
    assert_eq!(due("the content calendar for October 1-15", tue()), None);
    assert_eq!(due("rota for 3-9 March", tue()), None);
}

#[test]
fn dates_that_are_not_dues() {
    // The object of a booking, and a past action.
    assert_eq!(
        due("can someone book a study room for Thursday?", tue()),
        None
    );
    assert_eq!(due("schedule the pour for next Tuesday?", tue()), None);
    assert_eq!(due("read the draft I shared on Monday?", tue()), None);
    assert_eq!(due("they were inspected last Friday", tue()), None);
}

#[test]
fn other_zones_with_dst() {
    // 2026-03-10: New York is on EDT (switched 03-08), London still on GMT (switches 03-29).
    let london = at("Europe/London", 2026, 3, 10, 9, 0);
    assert_eq!(due("by 2pm ET", london), time(2026, 3, 10, 18, 0));
    // A week earlier both are on winter time: five hours apart.
    let earlier = at("Europe/London", 2026, 3, 3, 9, 0);
    assert_eq!(due("by 2pm ET", earlier), time(2026, 3, 3, 19, 0));
    let ny = at("America/New_York", 2026, 3, 10, 9, 0);
    assert_eq!(due("10:00 London time", ny), time(2026, 3, 10, 6, 0));
    assert_eq!(due("at 9am PT tomorrow", ny), time(2026, 3, 11, 12, 0));
    assert_eq!(due("noon GMT", ny), time(2026, 3, 10, 8, 0));
    assert_eq!(due("3pm CET", ny), time(2026, 3, 10, 10, 0));
    assert_eq!(due("9am your time", ny), time(2026, 3, 10, 9, 0));
    // Any tz-database city, and common names of places and peoples.
    assert_eq!(due("by 3pm Bangkok time", ny), time(2026, 3, 10, 4, 0));
    assert_eq!(due("by 3pm Thai time", ny), time(2026, 3, 10, 4, 0));
    // Frankfurt is on CET (UTC+1) until 03-29; Wednesday is 03-11.
    assert_eq!(
        due("by 9am Frankfurt time Wednesday", ny),
        time(2026, 3, 11, 4, 0)
    );
    // A place with no known zone leaves the clock in the document's own zone.
    assert_eq!(due("by 9am Narnia time", ny), time(2026, 3, 10, 9, 0));
}

#[test]
fn instants_across_dst() {
    let ny = parse_zone("America/New_York").expect("zone");
    // 02:30 does not exist on 2026-03-08 in New York: it becomes 03:30 EDT.
    assert_eq!(
        to_instant(dt(2026, 3, 8, 2, 30), ny),
        chrono::Utc.from_utc_datetime(&dt(2026, 3, 8, 7, 30))
    );
    // 01:30 happens twice on 2026-11-01: the earlier (EDT) one is taken.
    assert_eq!(
        to_instant(dt(2026, 11, 1, 1, 30), ny),
        chrono::Utc.from_utc_datetime(&dt(2026, 11, 1, 5, 30))
    );
    let london = parse_zone("Europe/London").expect("zone");
    assert_eq!(
        to_instant(dt(2026, 3, 29, 1, 30), london),
        chrono::Utc.from_utc_datetime(&dt(2026, 3, 29, 1, 30))
    );
    assert_eq!(
        to_instant(dt(2026, 7, 1, 12, 0), london),
        chrono::Utc.from_utc_datetime(&dt(2026, 7, 1, 11, 0))
    );
}

#[test]
fn zone_names() {
    assert_eq!(parse_zone("Europe/Berlin"), Some(Tz::Europe__Berlin));
    assert_eq!(parse_zone("UTC"), Some(Tz::UTC));
    assert_eq!(parse_zone("EST"), None);
    assert_eq!(parse_zone("CET"), None);
    assert_eq!(parse_zone("Mars/Olympus"), None);
}

#[test]
fn spans_and_order() {
    let text = "Jamal - need 3 headline options by EOD tomorrow. Then ASAP the rest.";
    let found = find_all(text, tue());
    let spans: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(spans, ["by EOD tomorrow", "ASAP"]);
    assert_eq!(found[0].due, time(2026, 4, 15, 17, 0));
    // Chat stamps are not dues.
    let chat = "[2:14 PM] Aaron Chen: can you merge it?\nMaya Brooks  10:41 AM\nok";
    assert!(find_all(chat, tue()).is_empty());
}

#[test]
fn never_panics_on_odd_text() {
    let texts = [
        "Rosée, por favor — mañana 14h",
        "über 3€ bis 12.",
        "日本語 by 3 明日",
        "by",
        "at @ 9",
        "the 99th of never 99:99 13/13/13 2026-13-45",
        "by 2\u{300} EOD\u{2028}tmrw",
        "",
    ];
    for text in texts {
        for m in find_all(text, tue()) {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
        let _ = find_due(text, tue());
    }
}

/// The spans and dues of every phrase `find_all` reports.
fn all(text: &str, reference: chrono::DateTime<Tz>) -> Vec<(&str, Option<Due>)> {
    find_all(text, reference)
        .into_iter()
        .map(|m| (&text[m.start..m.end], m.due))
        .collect()
}

#[test]
fn dotted_times() {
    check(
        &[
            ("before tomorrow's 2.30 matinee?", time(2026, 4, 15, 14, 30)),
            ("by 2.30", time(2026, 4, 14, 14, 30)),
            ("send the update by 2.30 please", time(2026, 4, 14, 14, 30)),
            ("at 14.30", time(2026, 4, 14, 14, 30)),
            ("at 9.15 tomorrow", time(2026, 4, 15, 9, 15)),
            ("Friday 2.30", time(2026, 4, 17, 14, 30)),
            ("on Friday at 2.30", time(2026, 4, 17, 14, 30)),
            ("2.30pm", time(2026, 4, 14, 14, 30)),
            // Quantities and versions stay what they are.
            ("ship version 2.30 on Friday", date(2026, 4, 17)),
            ("upgrade to Python 3.10 on Monday", date(2026, 4, 20)),
            ("it took 2.30 hours by Friday", date(2026, 4, 17)),
            // A day and month closed by a dot, where a date is read; a clock elsewhere.
            ("by 12.05.", date(2026, 5, 12)),
            ("latest by Fri 17.04.", date(2026, 4, 17)),
            ("let's meet at 3.05.", time(2026, 4, 14, 15, 5)),
        ],
        tue(),
    );
    // An amount stays an amount.
    assert_eq!(find_due("can you cut the budget by 2.5.", tue()), None);
    let found = all("tomorrow's 2.30 matinee", tue());
    assert_eq!(
        found,
        [("tomorrow's 2.30 matinee", time(2026, 4, 15, 14, 30))]
    );
    for text in [
        "it takes 2.5 hours",
        "v2.30",
        "£2.30",
        "$2.30",
        "version 2.30",
        "release 2.30",
        "cut the fee by 2.30",
        "priced at 2.30 each",
        "up 2.30%",
        "see section 2.30",
    ] {
        assert_eq!(find_due(text, tue()), None, "{text:?}");
    }
}

#[test]
fn bare_hour_with_a_named_day() {
    // The hour belongs with Monday (working hours), not with today.
    let text = "b4 Monday's shift handover at 7";
    assert_eq!(due(text, tue()), time(2026, 4, 20, 7, 0));
    assert_eq!(all(text, tue()), [(text, time(2026, 4, 20, 7, 0))]);
    assert_eq!(
        due("send it before Thursday's call at 2", tue()),
        time(2026, 4, 16, 14, 0)
    );
}

#[test]
fn other_zone_on_a_named_day() {
    // Friday 2027-03-12 in Toronto: EST (UTC-5) today, but on Tuesday the 16th Toronto is
    // on EDT (UTC-4) while London is still on GMT, so 3pm London is 11:00, not 10:00.
    let toronto = at("America/Toronto", 2027, 3, 12, 16, 0);
    let text = "get the EDL over before their 3pm London time review on Tuesday.";
    assert_eq!(due(text, toronto), time(2027, 3, 16, 11, 0));
    assert_eq!(
        all(text, toronto),
        [(
            "3pm London time review on Tuesday",
            time(2027, 3, 16, 11, 0)
        )]
    );
    assert_eq!(
        due("at 3pm London time on Tuesday", toronto),
        time(2027, 3, 16, 11, 0)
    );
    assert_eq!(due("at 3pm London time", toronto), time(2027, 3, 12, 10, 0));
}

#[test]
fn short_day_with_time_in_brackets_or_after_comma() {
    assert_eq!(
        all("(Wed 14h)", tue()),
        [("Wed 14h", time(2026, 4, 15, 14, 0))]
    );
    assert_eq!(
        all("Thu, 9am", tue()),
        [("Thu, 9am", time(2026, 4, 16, 9, 0))]
    );
    assert_eq!(
        all("(Fri 10:30)", tue()),
        [("Fri 10:30", time(2026, 4, 17, 10, 30))]
    );
    assert_eq!(
        all("review it (Sat, 10:30)", tue()),
        [("Sat, 10:30", time(2026, 4, 18, 10, 30))]
    );
    // Without a time, "wed"/"sun" alone are still not read as days.
    assert!(find_all("we sat, then the sun came out", tue()).is_empty());
    // After a meeting, they are its day.
    assert_eq!(
        all("send it b4 the OAC mtg wed", tue()),
        [("wed", date(2026, 4, 15))]
    );
    // Before a time of day too ("yes pls, Wed EOD").
    assert_eq!(
        all("yes pls, Wed EOD", tue()),
        [("Wed EOD", time(2026, 4, 15, 17, 0))]
    );
    assert_eq!(
        all("mon morning", tue()),
        [("mon morning", date(2026, 4, 20))]
    );
    // An event named by its hour, with no preposition before the number.
    assert_eq!(
        all("review them before the eleven o'clock one", tue()),
        [("eleven o'clock", time(2026, 4, 14, 11, 0))]
    );
    // "the ten o'clock patients" are patients, not a time.
    assert!(find_all("call the ten o'clock patients", tue()).is_empty());
}

#[test]
fn event_relative_and_other_day_phrases() {
    check(
        &[
            ("send it before the call on Thursday", date(2026, 4, 16)),
            ("ahead of Friday's review", date(2026, 4, 17)),
            ("before Tuesday's 10am standup", time(2026, 4, 14, 10, 0)),
            ("before the 2pm call on Friday", time(2026, 4, 17, 14, 0)),
            ("the day before the review on Friday", date(2026, 4, 16)),
            ("a week from Friday", date(2026, 4, 24)),
            ("two weeks from Friday", date(2026, 5, 1)),
            ("a week on Friday", date(2026, 4, 24)),
            ("3 days after Monday", date(2026, 4, 23)),
            ("the day after tomorrow", date(2026, 4, 16)),
            ("first thing Monday", date(2026, 4, 20)),
            ("by end of play Thursday", time(2026, 4, 16, 17, 0)),
            ("COB Friday", time(2026, 4, 17, 17, 0)),
            ("Friday COB", time(2026, 4, 17, 17, 0)),
        ],
        tue(),
    );
    // A time and a day in separate clauses stay apart in `find_all`.
    let text = "call me at 3pm and send the report on Friday";
    assert_eq!(
        all(text, tue()),
        [
            ("at 3pm", time(2026, 4, 14, 15, 0)),
            ("on Friday", date(2026, 4, 17))
        ]
    );
    // "I'll take two days on Friday" is not an offset.
    assert_eq!(due("I'll take 2 days on Friday", tue()), date(2026, 4, 17));
}

#[test]
fn never_panics_on_new_forms() {
    let texts = [
        "£2.30’s",
        "Mon’s 2.30 ☕ at 7",
        "2.30.",
        "at 2.3",
        "(Wed 14h",
        "Wed, ",
        "a week from",
        "tomorrow’s 2.30 réunion à 9",
        "before the call on",
        "3pm London time review on",
        "é2.30 é",
    ];
    for text in texts {
        for m in find_all(text, tue()) {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
        let _ = find_due(text, tue());
    }
}

#[test]
fn a_zone_named_after_the_event_converts_its_clock() {
    let reference = at("America/New_York", 2026, 10, 3, 9, 0);
    check(
        &[
            (
                "before their 9am call on Monday, London time",
                time(2026, 10, 5, 4, 0),
            ),
            (
                "send it before their 3pm call, Madrid time, on Thursday",
                time(2026, 10, 8, 9, 0),
            ),
            // No zone named: the document's own.
            ("at 10 on Monday, then lunch", time(2026, 10, 5, 10, 0)),
        ],
        reference,
    );
}

#[test]
fn an_ordinal_before_a_common_word_is_still_a_day() {
    let reference = at("America/Los_Angeles", 2025, 3, 7, 11, 52);
    check(
        &[
            ("Can you do it by the 20th instead?", date(2025, 3, 20)),
            ("the 9th is fine", date(2025, 3, 9)),
            // A floor is no day.
            ("book the 12th floor room", None),
        ],
        reference,
    );
}

#[test]
fn today_and_tomorrow_in_the_languages_teams_mix_in() {
    check(
        &[
            ("pls correct them in the system hoy", date(2026, 4, 14)),
            ("ich mache das heute", date(2026, 4, 14)),
            ("send it mañana", date(2026, 4, 15)),
            ("envio amanhã", date(2026, 4, 15)),
            // "por la mañana" is "in the morning".
            ("lo reviso por la mañana", None),
            ("La mañana está libre", None),
            ("lo mando esta mañana", None),
        ],
        tue(),
    );
}

#[test]
fn a_match_says_when_it_applied_a_zone_named_after_it() {
    let tokyo = at("Asia/Tokyo", 2026, 6, 3, 17, 50);
    let first = |text: &str| find_all(text, tokyo).into_iter().next().expect("a match");
    let converted = first("send it by 5pm Monday, London time");
    assert_eq!(converted.due, time(2026, 6, 9, 1, 0));
    assert!(converted.zone_applied);
    // End of day is read in the document's zone; a caller converts it if it wants to.
    assert!(!first("send it by EOD Monday, London time").zone_applied);
    assert!(!first("send it by 5pm Monday").zone_applied);
    // A zone right after the clock lies inside the phrase, and is applied.
    let inside = first("send it by 5pm CET Monday");
    assert!(inside.zone_applied, "{inside:?}");
    // The document's own zone converts nothing.
    assert!(!first("send it by 5pm Monday, Tokyo time").zone_applied);
}

#[test]
fn zulu_times_and_mornings_said_in_the_evening() {
    // Tuesday 10:40 in Los Angeles (PDT, UTC-7): 1800Z is 11:00 local, 20:30Z is 13:30.
    check(
        &[
            ("before 1800Z", time(2026, 4, 14, 11, 0)),
            ("at 20:30Z", time(2026, 4, 14, 13, 30)),
        ],
        tue(),
    );
    let evening = at("America/Los_Angeles", 2026, 4, 14, 21, 10);
    check(
        &[
            ("wipe down the hood in the morning", date(2026, 4, 15)),
            ("first thing in the morning", date(2026, 4, 15)),
            ("Thursday in the morning", date(2026, 4, 16)),
        ],
        evening,
    );
    // Said in the afternoon, the morning meant is tomorrow's too.
    let afternoon = at("America/Los_Angeles", 2026, 4, 14, 15, 15);
    check(
        &[("I'll ring them in the morning", date(2026, 4, 15))],
        afternoon,
    );
    // In the morning itself, "in the morning" names no day.
    check(&[("wipe down the hood in the morning", None)], tue());
}

#[test]
fn a_short_day_name_ending_a_chat_line_is_a_day() {
    // Tuesday 2026-04-14: "wed" is tomorrow, "mon" next Monday.
    check(
        &[
            ("will send mon", date(2026, 4, 20)),
            ("I'll do it wed", date(2026, 4, 15)),
            ("enjoy the sun", None),
            ("I sat down with Mon", None),
        ],
        tue(),
    );
}

#[test]
fn misspelled_weekdays_are_read_as_days() {
    check(
        &[
            (
                "i'll drive the totes over on wensday myself",
                date(2026, 4, 15),
            ),
            ("can you do it thrusday", date(2026, 4, 16)),
            ("by fryday pls", date(2026, 4, 17)),
            ("tuseday works", date(2026, 4, 14)),
        ],
        tue(),
    );
}

#[test]
fn chat_shorthand_is_read_as_what_it_stands_for() {
    // Tuesday 2026-04-14 10:40: "nxt tues" is the Tuesday of next week, not today.
    check(
        &[
            ("grab flux from reece b4 lunch", date(2026, 4, 14)),
            ("can u do it 2day", date(2026, 4, 14)),
            ("send it by nxt tues", date(2026, 4, 21)),
            ("nxt fri works", date(2026, 4, 24)),
            ("by end of nxt week", date(2026, 4, 24)),
            ("sometime nxt week", None),
        ],
        tue(),
    );
}

#[test]
fn hours_in_words_and_four_digit_clocks_are_times() {
    check(
        &[
            ("send it by five pm", time(2026, 4, 14, 17, 0)),
            (
                "call them at eleven a.m. tomorrow",
                time(2026, 4, 15, 11, 0),
            ),
            (
                "have the crew on site by 1500 hrs",
                time(2026, 4, 14, 15, 0),
            ),
            ("briefing notes @ 0930h tomorrow", time(2026, 4, 15, 9, 30)),
            // Shipping's local time, after a day as well as after "by".
            ("the letters by Saturday 1200LT", time(2026, 4, 18, 12, 0)),
            ("confirm by 1600 LT tomorrow", time(2026, 4, 15, 16, 0)),
            // An amount of hours is no clock.
            ("we logged 1500 hours on the rig", None),
        ],
        tue(),
    );
}

#[test]
fn days_of_the_month_in_words() {
    // Tuesday 14 April 2026.
    check(
        &[
            (
                "submit the application by fifteenth November",
                date(2026, 11, 15),
            ),
            ("the visit is on sixth November", date(2026, 11, 6)),
            ("send it by the twenty-first of April", date(2026, 4, 21)),
            ("April thirtieth", date(2026, 4, 30)),
            // "first"/"second" before a month name a thing without "of".
            ("ship the first May order", None),
        ],
        tue(),
    );
}

#[test]
fn shorthand_meridiems_mornings_and_this_time_next_week() {
    // Tuesday 14 April 2026, 10:40.
    check(
        &[
            ("by 3p", time(2026, 4, 14, 15, 0)),
            ("at 9a tomorrow", time(2026, 4, 15, 9, 0)),
            ("by this time next week", date(2026, 4, 21)),
            // "3 a day" is a rate, not a time.
            ("take 3 a day", None),
        ],
        tue(),
    );
    let afternoon = at("America/Los_Angeles", 2026, 4, 14, 15, 15);
    check(&[("send it by the morning", date(2026, 4, 15))], afternoon);
}

#[test]
fn quarters_halves_and_british_weeks() {
    // Tuesday 14 April 2026, 10:40.
    check(
        &[
            ("by quarter past 11", time(2026, 4, 14, 11, 15)),
            ("by a quarter to five", time(2026, 4, 14, 16, 45)),
            ("by half past 4 tomorrow", time(2026, 4, 15, 16, 30)),
            ("by half 5", time(2026, 4, 14, 17, 30)),
            // "half 5 of them" is a share, not a time.
            ("give half 5 of them", None),
            ("by Friday week", date(2026, 4, 24)),
            ("by Tues next", date(2026, 4, 21)),
            ("by wk end", date(2026, 4, 17)),
            ("by the last day of the month", date(2026, 4, 30)),
        ],
        tue(),
    );
}

#[test]
fn fixed_date_holidays_after_a_deadline_word() {
    // Tuesday 14 April 2026.
    check(
        &[
            ("send it before Christmas", date(2026, 12, 25)),
            ("by Christmas Eve", date(2026, 12, 24)),
            ("by New Year's Eve", date(2026, 12, 31)),
            ("before Halloween", date(2026, 10, 31)),
            // A holiday that names a thing is no date.
            ("book the Christmas party", None),
        ],
        tue(),
    );
}

#[test]
fn a_written_date_and_a_different_today_are_two_phrases() {
    // "since Dec 28" names the past; "today" is when.
    assert_eq!(
        all(
            "re-process everything since the test on Dec 28 today",
            tue()
        ),
        vec![
            ("on Dec 28", date(2026, 12, 28)),
            ("today", date(2026, 4, 14))
        ]
    );
    // The same day written both ways stays one phrase.
    assert_eq!(
        due("tomorrow, April 15, by noon", tue()),
        time(2026, 4, 15, 12, 0)
    );
}

#[test]
fn four_digit_clocks_days_in_words_and_trailing_asides() {
    // Tuesday 14 April 2026, 10:40.
    check(
        &[
            // Four digits alone after a deadline word: a 24-hour clock.
            (
                "make up the burns packs before 1900",
                time(2026, 4, 14, 19, 0),
            ),
            ("briefing at 0930 tomorrow", time(2026, 4, 15, 9, 30)),
            // ... but not a year, nor an amount.
            ("finish the rollout by 2027", None),
            ("get it down by 1500 units", None),
            // A day of the month in words after "the" and a deadline word.
            ("submit the application by the eighth.", date(2026, 5, 8)),
            ("clean the tanks before the thirtieth", date(2026, 4, 30)),
            ("send the first draft", None),
            ("put it on the second floor", None),
            // An aside after the day does not make it a quantity.
            (
                "I'll send it to the printer on the 2nd either way",
                date(2026, 5, 2),
            ),
            (
                "send it to Maria by eleven our time",
                time(2026, 4, 14, 11, 0),
            ),
        ],
        tue(),
    );
}

#[test]
fn a_day_keeps_the_part_of_it_and_the_words_after_it() {
    // Tuesday 14 April 2026, 10:40.
    check(
        &[
            // A function word after the ordinal leaves it a day.
            (
                "I'll run the full backup on the 23rd after everyone leaves",
                date(2026, 4, 23),
            ),
            (
                "I'll run it on the 23rd once everyone's gone",
                date(2026, 4, 23),
            ),
            // "after lunch" belongs to the day named just before it ...
            (
                "I'll run the backup on Friday after lunch",
                date(2026, 4, 17),
            ),
            (
                "I'll run the backup on the 23rd after lunch",
                date(2026, 4, 23),
            ),
            // ... and is today's only when no day is named.
            (
                "can you go over the receipts with me at lunch",
                date(2026, 4, 14),
            ),
            // A weekday before the ordinal names the same day, and the clock is its.
            (
                "load the bonus file by Monday 20th at 12:00",
                time(2026, 4, 20, 12, 0),
            ),
            (
                "load the bonus file by the cut-off (Mon 20th, 11:00)",
                time(2026, 4, 20, 11, 0),
            ),
        ],
        tue(),
    );
}
