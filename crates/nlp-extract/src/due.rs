//! Due-date phrases: a thin layer over the dates crate that adds the
//! extraction-specific judgement of which phrase is a deadline.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::DateTime;
use regex::Regex;

use crate::{Due, Tz};

/// A due phrase in some text: byte range and resolution (None = vague).
#[derive(Debug, Clone)]
pub struct Found {
    pub span: Range<usize>,
    pub due: Option<Due>,
    /// A zone the phrase names was already applied (see `dates::DueMatch::zone_applied`).
    pub zone_applied: bool,
}

/// All date phrases in `text`, resolved against `reference`.
pub fn find_all(text: &str, reference: DateTime<Tz>) -> Vec<Found> {
    let mut found: Vec<Found> = crate::dates::find_all(text, reference)
        .into_iter()
        .filter(|m| {
            m.start <= m.end
                && m.end <= text.len()
                && text.is_char_boundary(m.start)
                && text.is_char_boundary(m.end)
                // "the 12th-floor room" names a floor, not a day.
                && !text[m.end..]
                    .strip_prefix('-')
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphabetic()))
        })
        .map(|m| Found {
            span: m.start..m.end,
            due: m.due,
            zone_applied: m.zone_applied,
        })
        .collect();
    city_zones(text, reference, &mut found);
    combine(text, reference, &mut found);
    bare_hours(text, reference, &mut found);
    past_time_on_named_day(text, reference, &mut found);
    bare_hour_on_named_day(text, reference, &mut found);
    found
}

/// "tmrw pls do the reaction piece, by noon" written at 22:10: noon today has passed, so
/// the time is on the day named earlier in the sentence.
fn past_time_on_named_day(text: &str, reference: DateTime<Tz>, found: &mut [Found]) {
    use chrono::Timelike;
    let now = reference.naive_local();
    for i in 1..found.len() {
        let Some(Due::DateTime(t)) = found[i].due else {
            continue;
        };
        if t.date() != now.date() || t >= now {
            continue;
        }
        let Some((d, gap)) = found[..i].iter().rev().find_map(|f| match f.due {
            Some(Due::Date(d)) if d > now.date() => {
                Some((d, text.get(f.span.end..found[i].span.start)?))
            }
            _ => None,
        }) else {
            continue;
        };
        // A deadline ("by noon") or the day's own time ("their Monday call, 9am"), not a
        // time that names something further on ("ping Raj about the 11am numbers").
        let phrase = text.get(found[i].span.clone()).unwrap_or("").trim_start();
        let before = text.get(..found[i].span.start).unwrap_or("");
        static AT_LEAD: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?i)\b(?:at|around)\s*$").unwrap());
        let deadline = gap.split_whitespace().count() <= 2
            || starts_deadline(phrase)
            || phrase.to_ascii_lowercase().starts_with("at ")
            || DEADLINE_LEAD.is_match(before)
            || AT_LEAD.is_match(before);
        if deadline
            && !gap.contains(['.', '!', '?', ';'])
            && let Some(moved) = d.and_hms_opt(t.hour(), t.minute(), 0)
        {
            found[i].due = Some(Due::DateTime(moved));
        }
    }
}

/// "I'll come in on Tuesday and have the steriliser emptied by 7:30": a bare hour later in
/// the sentence that named a coming day is on that day, read in working hours (7-11 in the
/// morning, 1-6 in the afternoon), not the next such hour from now.
fn bare_hour_on_named_day(text: &str, reference: DateTime<Tz>, found: &mut [Found]) {
    use chrono::Timelike;
    let today = reference.date_naive();
    for i in 1..found.len() {
        let Some(Due::DateTime(t)) = found[i].due else {
            continue;
        };
        let phrase = text.get(found[i].span.clone()).unwrap_or("").trim();
        let Some(written) = BARE_HOUR
            .captures(phrase)
            .and_then(|c| c["h"].parse::<u32>().ok())
        else {
            continue;
        };
        if t.date() != today && t.date() != today.succ_opt().unwrap_or(today) {
            continue;
        }
        // The day named last before it ("I'm off Monday but I can do it today before I
        // leave at 17:00" is today).
        let Some(d) = found[..i]
            .iter()
            .rev()
            .find(|f| f.due.is_some())
            .and_then(|f| match f.due {
                Some(Due::Date(d))
                    if d > t.date()
                        && text
                            .get(f.span.end..found[i].span.start)
                            .is_some_and(|gap| {
                                !gap.contains(['.', '!', '?', ';', '\n'])
                                    && !possessive_deadline(
                                        text.get(f.span.clone()).unwrap_or(""),
                                        gap,
                                        phrase,
                                    )
                            }) =>
                {
                    Some(d)
                }
                _ => None,
            })
        else {
            continue;
        };
        let hour = match written {
            1..=6 => written + 12,
            7..=23 => written,
            _ => continue,
        };
        if let Some(moved) = d.and_hms_opt(hour, t.minute(), 0) {
            found[i].due = Some(Due::DateTime(moved));
        }
    }
}

/// "tomorrow's call sheet out by 9pm": the day names the sheet and the time after it is a
/// deadline of its own (tonight's), unlike "b4 Monday's shift handover at 7" or "Monday's
/// delivery by 10am", whose time is on the day named.
fn possessive_deadline(day_phrase: &str, gap: &str, time_phrase: &str) -> bool {
    matches!(
        day_phrase.trim().to_ascii_lowercase().as_str(),
        "tomorrow" | "tmrw" | "tomorrow night"
    ) && (gap.starts_with("'s ") || gap.starts_with("’s "))
        && (DEADLINE_LEAD.is_match(gap) || starts_deadline(time_phrase))
}

/// A clock time with no am/pm, zone or day ("by 2:30", "before 5").
static BARE_HOUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:by|before|until|till|at|around|no later than|b4)\s+)?(?P<h>\d{1,2})(?:[:.]\d{2})?$",
    )
    .unwrap()
});

/// "by 2" is the next such hour after the message was written: "by 2:30"
/// sent at 23:31 is 02:30 the next day, not 14:30 earlier that day.
fn bare_hours(text: &str, reference: DateTime<Tz>, found: &mut [Found]) {
    let now = reference.naive_local();
    for f in found.iter_mut() {
        let Some(Due::DateTime(t)) = f.due else {
            continue;
        };
        let phrase = text.get(f.span.clone()).unwrap_or("").trim();
        let Some(bare) = BARE_HOUR.captures(phrase) else {
            continue;
        };
        if t.date() != now.date() {
            continue;
        }
        // "by 6:45" written at 05:50 is 06:45, not the working-hours reading 18:45; a
        // written 17:30 ("b4 17:30") stays as it is.
        let written = bare["h"].parse::<u32>().ok();
        if t > now {
            let earlier = t - chrono::Duration::hours(12);
            if written.is_some_and(|h| (1..=12).contains(&h))
                && chrono::Timelike::hour(&t) > 12
                && earlier > now
            {
                f.due = Some(Due::DateTime(earlier));
            }
            continue;
        }
        let mut t = t;
        for _ in 0..3 {
            if t > now {
                break;
            }
            t += chrono::Duration::hours(12);
        }
        if t > now {
            f.due = Some(Due::DateTime(t));
        }
    }
}

/// "5pm Warsaw time", "4pm (Basel time)": a city the dates crate does not
/// know, named as in the tz database (or a close neighbour).
static CITY_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*\(?\s*([A-Z][a-z]+(?:[ \-][A-Z][a-z]+)?)\s+time\b\s*\)?").unwrap()
});

/// Converts a wall-clock `t` in zone `from` to the document's zone, on
/// the day it names (so a DST change between today and that day counts).
fn convert(t: chrono::NaiveDateTime, from: Tz, to: Tz) -> Option<chrono::NaiveDateTime> {
    use chrono::TimeZone;
    let inst = from.from_local_datetime(&t).earliest()?;
    Some(inst.with_timezone(&to).naive_local())
}

fn city_zones(text: &str, reference: DateTime<Tz>, found: &mut [Found]) {
    let to = reference.timezone();
    for f in found.iter_mut() {
        let Some(Due::DateTime(t)) = f.due else {
            continue;
        };
        let Some(c) = text.get(f.span.end..).and_then(|r| CITY_TIME.captures(r)) else {
            continue;
        };
        let phrase = text.get(f.span.clone()).unwrap_or("").to_ascii_lowercase();
        if phrase.contains(" time") {
            continue;
        }
        let Some(zone) = crate::dates::place_zone(&c[1]) else {
            continue;
        };
        // "by 5pm Monday London time": the date reader already applied the zone named
        // after the day.
        let with_zone = f.span.start..f.span.end + c.get(0).map_or(0, |m| m.end());
        if f.zone_applied {
            f.span = with_zone;
            continue;
        }
        if let Some(local) = convert(t, zone, to) {
            f.due = Some(Due::DateTime(local));
            f.span = with_zone;
        }
    }
}

/// Re-reads a clock-time phrase on `day`, so a time in another zone is
/// converted with the offsets in force on that day, not on the reference day.
fn time_on(
    phrase: &str,
    day: chrono::NaiveDate,
    reference: DateTime<Tz>,
) -> Option<chrono::NaiveDateTime> {
    use chrono::{TimeZone, Timelike};
    let tz = reference.timezone();
    let mut first = None;
    // Read from several times of that day: a zone far behind or ahead may
    // still be on the previous or next day at midnight.
    for h in [0, 6, 12, 18] {
        let Some(r) = day
            .and_hms_opt(h, 0, 1)
            .and_then(|t| tz.from_local_datetime(&t).earliest())
        else {
            continue;
        };
        let mut found = crate::dates::find_all(phrase, r)
            .into_iter()
            .filter(|m| m.start <= m.end && m.end <= phrase.len())
            .map(|m| Found {
                span: m.start..m.end,
                due: m.due,
                zone_applied: m.zone_applied,
            })
            .collect::<Vec<_>>();
        city_zones(phrase, r, &mut found);
        let t = found.into_iter().find_map(|f| match f.due {
            Some(Due::DateTime(t)) => Some(t),
            _ => None,
        });
        match t {
            Some(t) if t.date() == day => return Some(t),
            Some(t) if first.is_none() => first = Some(t),
            _ => {}
        }
    }
    first.and_then(|t| day.and_hms_opt(t.hour(), t.minute(), 0))
}

static EVENT_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:'s|’s)\s+(?:[a-z\-]+\s+){0,2}?(?:at\s+)?(\d{1,2})[.:](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?").unwrap()
});
static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\w\s'’\-()]{0,40}$").unwrap());
/// "by 6pm if we will miss Thursday's ship date": a new clause between a time and a day
/// means they describe different things.
static GAP_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:if|whether|when|once|unless|and|or|but|so|because|we|i|you|they|he|she|will|won't|can|could|should|would)\b").unwrap()
});
static HAS_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:today|tonight|tmrw|tomorrow|eod|cob|mon|tue|wed|thu|fri|sat|sun|\d{1,2}(?:st|nd|rd|th)|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|/|week|month)").unwrap()
});

/// A bare hour read on another day: "by 7" means 07:00, "by 2" 14:00.
fn day_hour(h: u32) -> u32 {
    if (1..=6).contains(&h) { h + 12 } else { h % 24 }
}

/// Joins a day and a clock time stated apart around an event ("b4 Monday's
/// shift handover at 7", "their 3pm London time review on Tuesday",
/// "tomorrow's 2.30 matinee"), which the dates crate resolves separately.
fn combine(text: &str, reference: DateTime<Tz>, found: &mut Vec<Found>) {
    use chrono::Timelike;
    let today = reference.date_naive();
    // "tomorrow's 2.30 matinee": a time the dates crate does not read.
    for f in found.iter_mut() {
        if let Some(Due::Date(d)) = f.due
            && let Some(c) = text.get(f.span.end..).and_then(|r| EVENT_TIME.captures(r))
        {
            let h: u32 = c[1].parse().unwrap_or(99);
            let m: u32 = c[2].parse().unwrap_or(99);
            let pm = c
                .get(3)
                .map(|x| x.as_str().to_ascii_lowercase().starts_with('p'));
            let h = match pm {
                Some(true) if h < 12 => h + 12,
                Some(false) if h == 12 => 0,
                Some(_) => h,
                None => day_hour(h),
            };
            if let Some(t) = d.and_hms_opt(h, m, 0) {
                f.due = Some(Due::DateTime(t));
            }
        }
    }
    let mut i = 0;
    while i + 1 < found.len() {
        let (a, b) = (&found[i], &found[i + 1]);
        let gap = text.get(a.span.end..b.span.start).unwrap_or(".");
        if !GAP.is_match(gap) || GAP_CLAUSE.is_match(gap) {
            i += 1;
            continue;
        }
        let a_txt = text.get(a.span.clone()).unwrap_or("");
        let b_txt = text.get(b.span.clone()).unwrap_or("");
        if possessive_deadline(a_txt, gap, b_txt) {
            i += 1;
            continue;
        }
        let merged = match (a.due, b.due) {
            // day first, then a time-only phrase resolved on the reference date
            (Some(Due::Date(d)), Some(Due::DateTime(t)))
                if d != today && t.date() == today && !HAS_DAY.is_match(b_txt) =>
            {
                let explicit = b_txt.to_ascii_lowercase().contains('m');
                if explicit {
                    // Convert on the target day: a zone's offset may change in between.
                    time_on(b_txt, d, reference).or_else(|| d.and_hms_opt(t.hour(), t.minute(), 0))
                } else {
                    d.and_hms_opt(day_hour(t.hour() % 12), t.minute(), 0)
                }
            }
            // time first ("3pm London time review on Tuesday")
            (Some(Due::DateTime(t)), Some(Due::Date(d)))
                if d != today && t.date() == today && !HAS_DAY.is_match(a_txt) =>
            {
                // Convert on the target day, not with the reference day's offsets.
                time_on(a_txt, d, reference).or_else(|| d.and_hms_opt(t.hour(), t.minute(), 0))
            }
            _ => None,
        };
        if let Some(t) = merged {
            let span = found[i].span.start..found[i + 1].span.end;
            found[i] = Found {
                span,
                due: Some(Due::DateTime(t)),
                zone_applied: found[i].zone_applied || found[i + 1].zone_applied,
            };
            found.remove(i + 1);
        }
        i += 1;
    }
}

static OBJECT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bfor(?:\s+the)?|\bfrom|\bsince|\blast|\bsince|\bduring|\bof|\b(?:i|we|you|he|she|they|it|which|that)\s+(?:shared|sent|did|was|were|had|held|moved|started|signed|filed|shipped|happened|came|went|met|said|asked|wrote|made|saw|heard|got|opened|booked|scheduled|\w+ed)(?:\s+(?:it|them|this|that))?(?:\s+(?:on|at|in|last))?|\b(?:was|were|happened|started|began|ended)(?:\s+(?:on|at|in|last))?)\s*$").unwrap()
});
/// A day offered or proposed as a slot ("offer him Friday", "suggest Tuesday at 3").
static OFFERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\b(?:and|or|to|then|i'll|i’ll|will|can|could|please|pls|we'll|we’ll|i|we|you)\s+)(?:offer|offering|suggest|suggesting|propose|proposing)(?:\s+(?:him|her|them|you|us))?(?:\s+(?:a\s+slot|slots?|an?\s+appointment|a\s+visit))?(?:\s+(?:on|for|at))?\s*$").unwrap()
});
static EVENT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:before|ahead of|by|prior to|until|till|for)\s+(?:the|our|my|your|their|this|that)\s+(?:[\w\-']+\s+){0,3}(?:meeting|mtg|call|session|sync|standup|stand-up|review|presentation|demo|trip|visit|appointment|interview|class|launch|event|party|conference|inspection|hearing|deadline|workshop|webinar|offsite|kickoff|huddle|deposition|audit|walkthrough|board|check-in)\s*$").unwrap()
});
static MOVE_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:move|moving|moved|push|pushing|reschedule|rescheduling|postpone|shift|bump|change|swap)\b[^.;]{0,50}\b(?:to|until|till)\s*$").unwrap()
});
static AFTER_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bafter\s+(?:the|our|their|my|your|this|that)\s+(?:[\w\-']+\s+){0,3}(?:meeting|mtg|call|session|sync|standup|stand-up|review|presentation|demo|briefing|huddle|class|shift|lunch)\s*$").unwrap()
});
static AHEAD_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:ahead of|in advance of|in time for)\s*$").unwrap());
static BOOKING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:book|books|booking|reserve|rebook|set up|setting up|schedule|arrange|organi[sz]e)\b[^.;]{0,80}\b(?:for|on|at)\b").unwrap()
});
static DEADLINE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:by|before|until|till|no later than|latest|ahead of|b4)\s*$").unwrap()
});
static DOING_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:today|tonight|tomorrow|tmrw|this (?:morning|afternoon|evening)|by|before|asap|eod|cob|first thing|no later|end of)").unwrap()
});
static FOR_PHRASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:for|from|since|during|last)\b").unwrap());

static STARTS_DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:by|before|until|till|no later than|b4|eod|cob|end of|close of)\b").unwrap()
});
/// "..., the permit office is closed Thursday": a trailing statement of
/// background, whose date is not the task's ("..., the new one arrived on Friday", "...,
/// so they will reach Hamburg before 12.11.", "onboard Yuto today so he can start
/// tomorrow": what the task makes possible, said after its own date).
static BACKGROUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[,;]\s+(?:the\s+|our\s+|their\s+|my\s+|his\s+|her\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}\s+(?:is|are|was|were|'s|’s)\b[^,;]*$|[,;]\s+(?:he|she|it|they|we|you)(?:'s|’s|'re|’re|\s+is|\s+are|\s+was|\s+were)\s+(?:at|in|on|off|out|away|busy|travel|short|closed|fully)\w*\b[^,;]*$|[,;]\s+i(?:'m|’m|\s+am)\s+(?:off|out|away|on leave|on holiday|travel\w*)\b[^,;]*$|[,;]\s+(?:the\s+|our\s+|their\s+|new\s+)?[\w\-]+(?:\s+[\w\-]+){0,2}\s+(?:is\s+|are\s+|'s\s+|’s\s+)?(?:coming|arriving|landing|shipping|expected)\b[^,;]*$|[,;]\s+(?:he|she|they|we)\s+(?:asked|said|wanted|needed|mentioned|requested)\b[^,;]*$|[,;]\s+(?:(?:the|their|our|his|her)\s+[\w\-]+|[a-z][\w\-]{2,})(?:\s+[\w\-]+){0,2}\s+(?:wants?|needs?|expects?|requires?)\b[^,;]*$|[,;]\s+(?:it|they|this|that|(?:the|our|their|this|that)\s+(?:[\w\-]+\s+){0,2}[\w\-]+)\s+(?:expires?|closes?|opens?|ends?|starts?|lapses?|runs?\s+out)\b[^,;]*$|[,;]\s+(?:because|since|as|cause|cos)\s+(?:they|he|she|we|it|the\s+[\w\-]+)\b[^,;]*$|[,;]\s+(?:(?:the|our|their|my|his|her|a|an)\s+[\w\-]+(?:\s+[\w\-]+){0,2}|it|they|he|she|we)\s+(?:arrived|came|landed|happened|went|left|broke|failed|crashed|started|finished|ended|shipped|turned up|showed up)\b[^,;]*$|[,;]\s+so\s+(?:that\s+)?(?:they|it|he|she|the\s+[\w\-]+)\s+(?:will|can|'ll|’ll|should)\s+(?:reach|arrive|get there|land|be there)\b[^,;]*$|\sso\s+(?:that\s+)?(?:we|i|they)\s+(?:have|still have|get|keep)\s+(?:a|some|enough|time|the)\b[^,;]*$|\sso\s+(?:that\s+)?(?:we|they|he|she|it|(?:the|our|their|his|her)\s+[\w\-]+|(?-i:[A-Z][\w\-]+))(?:'ll|’ll|\s+(?:can|could|will|would|knows?|sees?))\s[^,;]*$|\sso\s+(?:that\s+)?(?:we|they|he|she|it)(?:'re|’re|'s|’s|\s+are|\s+is)\s[^,;]*$").unwrap()
});
/// "by 4pm tomorrow, not Wednesday": the rejected date.
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bnot|\brather than|\binstead of)\s*(?:by|on|until)?\s*$").unwrap()
});

/// Whether a date phrase opens as a deadline ("by Friday", "before noon", "EOD").
pub fn starts_deadline(phrase: &str) -> bool {
    STARTS_DEADLINE.is_match(phrase.trim_start())
}

/// Whether a date phrase at `span` in `clause` is a deadline for the task
/// rather than a description of its object ("book the room for the 14th")
/// or of the past ("the draft I shared on Monday").
pub fn is_deadline(clause: &str, span: &Range<usize>) -> bool {
    let before = clause.get(..span.start).unwrap_or("");
    let phrase = clause.get(span.start..span.end).unwrap_or("");
    let until = phrase.trim_start().to_ascii_lowercase();
    let negated =
        NEGATED.is_match(before) && !until.starts_with("until") && !until.starts_with("till");
    if FOR_PHRASE.is_match(phrase.trim_start()) || negated {
        return false;
    }
    if AFTER_EVENT.is_match(before) {
        // "review it today after the bridge call at 11": the call's time, not the task's.
        return false;
    }
    if AHEAD_OF.is_match(before) {
        // "ahead of Wednesday's 2pm call", "in advance of Monday".
        return true;
    }
    // "Marta - book the venue for the offsite - 12 Nov": an action item's date column.
    static ITEM_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\s[-–—]|\||\s{3}|\t)\s*(?:(?i:due|by|deadline)\s*:?\s*)?$").unwrap()
    });
    let rest = clause.get(span.end..).unwrap_or("");
    // What may follow a date column: nothing, or a status column still open.
    static OPEN_STATUS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[\s|]*(?:(?:open|in progress|ongoing|pending|new|to ?do|not started)\b[\s|]*)?[.\s|]*$").unwrap()
    });
    if ITEM_DATE.is_match(before) && OPEN_STATUS.is_match(rest) {
        return true;
    }
    if BOOKING.is_match(before) && !DEADLINE_LEAD.is_match(before) && !DOING_DAY.is_match(phrase) {
        // "book the room for the dinner on 14 November", "set up a prep meeting
        // on Wednesday morning": the date of the thing booked, not a deadline.
        return false;
    }
    // "tell them the bridge ships Wednesday": the date of the news passed on.
    static TOLD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:tell|telling|inform|informing|notify|remind|let\s+\w+\s+know)\s+(?:\w+\s+)?(?:(?:on|at|by|this|next|tomorrow|today)\s+(?:\w+\s+)?)?(?:that\s+)?(?:the|our|their|your|it|we|they|he|she)\s[^,;]*\b(?:is|are|will|ships?|arrives?|starts?|opens?|closes?|moved?|changed?|happens?|lands?|goes|go)\b[^,;]*$").unwrap()
    });
    if TOLD.is_match(before) {
        return false;
    }
    // "reprocess the transfers from 08:50 to 12:47": a span of time the work covers.
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bfrom\s*$|\bfrom\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)?\s*(?:to|until|till|-|–)\s*$").unwrap()
    });
    if RANGE.is_match(before) {
        return false;
    }
    if MOVE_TO.is_match(before) || OFFERED.is_match(before) {
        // "move our 1:1 to Thursday": the new slot, not a deadline. "call him today and
        // offer Friday": the slot offered.
        return false;
    }
    if EVENT_LEAD.is_match(before) {
        // "before the Thursday meeting", "for the owner mtg thurs": the event date.
        return true;
    }
    // "have it finalised by Friday": "by" makes it a deadline whatever came before.
    if DEADLINE_LEAD.is_match(before) || starts_deadline(phrase) {
        return true;
    }
    // "call them about tomorrow's aircraft swap": the day names the thing talked about.
    let after = clause.get(span.end..).unwrap_or("");
    if names_a_thing_by_day(before, phrase, after) {
        return false;
    }
    if after.starts_with("'s ") || after.starts_with("’s ") {
        return false;
    }
    !OBJECT_DATE.is_match(before)
}

/// "pull both lots off the Thursday load", "the Monday first wave": a weekday used as a
/// modifier names which load or wave, not when the task is due. After a deadline word
/// ("before the Thursday load") or before an event or a deadline ("the Friday cutoff"), the
/// day is left to the other rules.
fn names_a_thing_by_day(before: &str, phrase: &str, after: &str) -> bool {
    static DETERMINER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[^\w’'])(?P<lead>[\w’']+\s+)?(?:the|our|their|your|his|her|my)\s+$")
            .unwrap()
    });
    static NOUN_AFTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s+(?P<word>[a-z][a-z\-]{2,})\b").unwrap());
    const NOT_A_NOUN: &[&str] = &[
        "morning",
        "afternoon",
        "evening",
        "night",
        "nite",
        "eve",
        "after",
        "before",
        "and",
        "or",
        "eod",
        "cob",
        "noon",
        "lunch",
        "lunchtime",
        "latest",
        "then",
        "please",
        "pls",
        "realistically",
        "at",
        "by",
        "instead",
        "too",
        "as",
        "if",
        "works",
        "is",
        "was",
    ];
    const ON_THE_DAY: &[&str] = &[
        "on", "in", "at", "by", "before", "b4", "until", "till", "for", "of", "after", "take",
        "cover", "than", "to", "ahead",
    ];
    let Some(c) = DETERMINER.captures(before) else {
        return false;
    };
    let lead = c
        .name("lead")
        .map(|m| m.as_str().trim().to_ascii_lowercase())
        .unwrap_or_default();
    let weekday = crate::dates::is_day_word(&phrase.trim().to_ascii_lowercase())
        && !phrase.contains(['\'', '’']);
    weekday
        && !ON_THE_DAY.contains(&lead.as_str())
        && NOUN_AFTER.captures(after).is_some_and(|n| {
            // "your Wednesday call", "the Friday review": the day of an event, which
            // the event rules read.
            !NOT_A_NOUN.contains(&&n["word"]) && !EVENT_NOUN.is_match(&n["word"])
        })
}

/// Things that happen on a day: its meetings, calls and shifts.
static EVENT_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:meeting|mtg|call|session|sync|standup|stand-up|review|presentation|demo|trip|visit|appointment|interview|class|launch|event|party|conference|inspection|hearing|workshop|webinar|offsite|kickoff|huddle|audit|walkthrough|board|check-in|committee|shift|duty|rota|deadline|cutoff|cut-off|close|release)s?$").unwrap()
});

/// Picks the deadline for a task clause: the last resolvable deadline phrase
/// in the clause, else in the rest of its sentence.
pub fn pick(found: &[Found], clause: &str, clause_range: &Range<usize>) -> Option<Found> {
    let inside: Vec<&Found> = found
        .iter()
        .filter(|f| f.span.start >= clause_range.start && f.span.end <= clause_range.end)
        .filter(|f| {
            is_deadline(
                clause,
                &(f.span.start - clause_range.start..f.span.end - clause_range.start),
            )
        })
        .collect();
    let lead = |f: &&Found| {
        let rel = f.span.start.saturating_sub(clause_range.start);
        let before = clause.get(..rel).unwrap_or("");
        let phrase = clause
            .get(rel..f.span.end.saturating_sub(clause_range.start))
            .unwrap_or("");
        (DEADLINE_LEAD.is_match(before) || starts_deadline(phrase)) && !BACKGROUND.is_match(before)
    };
    // "(tomorrow is a public holiday here)", ", today is too windy": an aside about the day
    // itself.
    static DAY_AS_SUBJECT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(?:is|are|was|were)\s").unwrap());
    static ASIDE_OPENS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[(,;\-–—])\s*$").unwrap());
    // "..., tomorrow is better": a day proposed, not an aside.
    static DAY_PROPOSED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:is|are)\s+(?:fine|better|good|ok|okay|best|great|perfect|possible|doable|free|open|easier|easiest)\b").unwrap()
    });
    let foreground = |f: &&Found| {
        let rel = f.span.start.saturating_sub(clause_range.start);
        let end = f.span.end.saturating_sub(clause_range.start);
        let before = clause.get(..rel).unwrap_or("");
        let aside = ASIDE_OPENS.is_match(before)
            && clause.get(end..).is_some_and(|after| {
                DAY_AS_SUBJECT.is_match(after) && !DAY_PROPOSED.is_match(after)
            });
        !BACKGROUND.is_match(before) && !aside
    };
    // "I'll ask the depot today to drop bins before the weekend": the asking is due
    // today; the later date is the errand's.
    static ASK_THEN_TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:ask|tell|remind|get|have|email|call|text|ping|chase|book|schedule|arrange)\b").unwrap()
    });
    static TO_VERB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s+to\s+[a-z]+").unwrap());
    if let Some(f) = inside.iter().find(|f| {
        let rel = f.span.start.saturating_sub(clause_range.start);
        let end = f.span.end.saturating_sub(clause_range.start);
        f.due.is_some()
            && clause.get(end..).is_some_and(|after| {
                // "to drop the bins", not "Monday to Wednesday".
                TO_VERB.find(after).is_some_and(|m| {
                    let verb = m
                        .as_str()
                        .rsplit(' ')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    // "to repaint the lines": a listed verb done again counts too.
                    let redo = verb.strip_prefix("re").is_some_and(|rest| {
                        rest.len() >= 4 && crate::lexicon::is_action_verb(rest)
                    });
                    (crate::lexicon::is_action_verb(&verb) || redo)
                        && !crate::dates::is_day_word(&verb)
                })
            })
            && clause
                .get(..rel)
                .is_some_and(|before| ASK_THEN_TO.is_match(before))
    }) {
        return Some((*f).clone());
    }
    // "by EOD, the audit is tmrw": a phrase introduced as a deadline beats a
    // later date that only describes something else.
    if let Some(f) = inside
        .iter()
        .rev()
        .find(|f| f.due.is_some() && lead(f))
        .or_else(|| {
            inside
                .iter()
                .rev()
                .find(|f| f.due.is_some() && foreground(f))
        })
        .or_else(|| inside.iter().rev().find(|f| f.due.is_some()))
    {
        return Some((*f).clone());
    }
    inside.last().map(|f| (*f).clone())
}
