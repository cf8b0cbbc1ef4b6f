//! Due-date phrases: found in English text and resolved against a reference time.
//!
//! The rules follow the task-annotation conventions (dev set `CONVENTIONS.md` §4): a due
//! is a local calendar day, or a local wall-clock time in the document's zone when the
//! text states a clock time or an end-of-day phrase. Recognition is deliberately
//! conservative: a phrase that could just as well be a quantity ("3 headlines", "by 2
//! people", "Q3") is not read as a date or time.

use std::cmp::Reverse;
use std::sync::LazyLock;

use chrono::{
    DateTime, Datelike, Days, Duration, Months, NaiveDate, NaiveDateTime, Offset, TimeZone,
    Timelike, Utc, Weekday,
};
pub use chrono_tz::Tz;

/// Version of these rules, reported with results and part of result cache keys: bump it
/// whenever a resolution changes.
pub const VERSION: &str = "nlp-dates-28";
use regex::{Captures, Regex};

/// A resolved due: a local calendar day, or a local wall-clock date-time in the document's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

/// One due-date phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueMatch {
    /// Byte range of the phrase in the searched text (e.g. "by EOD tomorrow").
    pub start: usize,
    pub end: usize,
    /// The resolution; None when the phrase is recognised but deliberately vague ("next week",
    /// "soon", "ASAP", "every Monday", "in February").
    pub due: Option<Due>,
    /// Whether a clock time was converted from another zone it names, possibly after the
    /// phrase ("5pm Monday, London time"), so a caller does not convert it again.
    pub zone_applied: bool,
}

/// Every due phrase in `text`, in order, resolved against `reference` (the local time the text
/// was written).
pub fn find_all(text: &str, reference: DateTime<Tz>) -> Vec<DueMatch> {
    phrases(text, reference)
        .into_iter()
        .map(|p| p.found)
        .collect()
}

/// The due of a sentence or clause stating one task: the most specific phrase (a date combined
/// with a time in the same clause, e.g. "by 3pm Friday" or "Friday by 3pm" or "EOD tomorrow", is
/// ONE match) — None when no phrase is found.
///
/// A date introduced by "for" in a clause about scheduling ("book the room for Thursday") only
/// describes the object of the task, so it is not taken as the due. Among the rest, a date-time
/// beats a date, which beats a vague phrase; then a deadline word ("by", "before", "until") wins,
/// a possessive ("Thursday's meeting", which names the object) loses, and the earlier phrase wins.
pub fn find_due(text: &str, reference: DateTime<Tz>) -> Option<DueMatch> {
    let ctx = Ctx::new(text, reference);
    let scheduling = SCHEDULING.is_match(text);
    let candidates: Vec<Phrase> = phrases(text, reference)
        .into_iter()
        .filter(|p| !(scheduling && p.prep == Prep::For))
        .collect();
    let best = candidates
        .iter()
        .enumerate()
        .max_by_key(|(i, p)| {
            let deadline = p.prep == Prep::Deadline;
            (
                rank(p.found.due),
                deadline,
                deadline || !p.possessive,
                Reverse(*i),
            )
        })?
        .1;
    // A clock time and a day stated apart in one clause ("at 3pm to Ana on Friday") still form
    // one due.
    if best.has_time
        && !best.has_day
        && let Some(day) = candidates.iter().find(|p| p.has_day && !p.has_time)
    {
        let mut pieces = best.pieces.clone();
        pieces.extend(day.pieces.iter().cloned());
        if let Some(due) = ctx.resolve(&pieces) {
            return Some(DueMatch {
                start: best.found.start.min(day.found.start),
                end: best.found.end.max(day.found.end),
                due: Some(due),
                zone_applied: best.found.zone_applied || day.found.zone_applied,
            });
        }
    }
    Some(best.found.clone())
}

/// The instant of a local wall-clock time in `tz`: a time that does not exist because of a DST
/// gap moves forward by the gap; an ambiguous one takes the earlier offset.
pub fn to_instant(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    if let Some(t) = tz.from_local_datetime(&local).earliest() {
        return t.with_timezone(&Utc);
    }
    // In a gap: read the wall time with the offset in force just before the gap, which lands
    // the same distance past the gap's end.
    (1..=48)
        .find_map(|step| {
            let before = local - Duration::minutes(30 * step);
            tz.from_local_datetime(&before).earliest()
        })
        .map(|t| {
            let offset = i64::from(t.offset().fix().local_minus_utc());
            (local - Duration::seconds(offset)).and_utc()
        })
        .unwrap_or_else(|| local.and_utc())
}

/// Parses an IANA zone name ("Europe/Berlin", "UTC"); None for unknown names and bare
/// abbreviations like "EST".
pub fn parse_zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    // The tz database still carries legacy abbreviation zones ("EST", "CET", "PST8PDT") whose
    // rules differ from what people mean by them; only the universal ones are accepted bare.
    let abbreviation = !name.contains('/')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if abbreviation && !matches!(name, "UTC" | "GMT") {
        return None;
    }
    name.parse().ok()
}

fn rank(due: Option<Due>) -> u8 {
    match due {
        Some(Due::DateTime(_)) => 3,
        Some(Due::Date(_)) => 2,
        None => 1,
    }
}

/// Clauses where "for <date>" names when the thing being arranged happens, not a deadline.
static SCHEDULING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:re)?(?:book|schedul|reserv|arrang|organi[sz]|order|postpon|calendar|invit)\w*|\b(?:set(?:ting)?|sets)\s+up\b|\bplan(?:s|ned|ning)?\b|\bmov(?:e|es|ed|ing)\b|\bpush(?:es|ed|ing)?\b",
    )
    .expect("valid regex")
});

/// The word that introduces a phrase, as far as choosing the due is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prep {
    Deadline,
    For,
    Other,
}

/// What a recognised fragment contributes to a phrase.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A calendar day; `strength` picks between days written together ("Friday, March 20").
    Day {
        date: NaiveDate,
        strength: u8,
    },
    /// Days added to the day it is written with ("the day before the 22nd").
    Offset(i64),
    Clock(Clock),
    /// End of the working day: 17:00.
    Eod,
    /// Words that only qualify a neighbouring day ("morning", "first thing").
    Qualifier,
    /// Recognised, deliberately left unresolved.
    Vague,
}

/// How to read an hour written without am/pm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Stated unambiguously (am/pm, 24-hour, noon).
    Fixed,
    /// A bare hour ("by 2"): the next such hour after the reference time.
    Next,
    /// An "h:mm" time without am/pm: working hours (1-6 is afternoon).
    Working,
}

#[derive(Debug, Clone, Copy)]
struct Clock {
    hour: u32,
    minute: u32,
    reading: Reading,
    zone: Option<Tz>,
}

#[derive(Debug, Clone)]
struct Piece {
    start: usize,
    end: usize,
    kind: Kind,
    /// Some(true) for afternoon/evening words, Some(false) for morning words.
    pm: Option<bool>,
}

/// One phrase with what `find_due` needs to choose between phrases.
#[derive(Debug, Clone)]
struct Phrase {
    found: DueMatch,
    prep: Prep,
    possessive: bool,
    has_day: bool,
    has_time: bool,
    pieces: Vec<Piece>,
}

struct Ctx<'a> {
    text: &'a str,
    reference: DateTime<Tz>,
    tz: Tz,
    today: NaiveDate,
}

fn phrases(text: &str, reference: DateTime<Tz>) -> Vec<Phrase> {
    let ctx = Ctx::new(text, reference);
    let mut pieces = Vec::new();
    ctx.scan_weekdays(&mut pieces);
    ctx.scan_relative_days(&mut pieces);
    ctx.scan_periods(&mut pieces);
    ctx.scan_durations(&mut pieces);
    ctx.scan_dates(&mut pieces);
    ctx.scan_months(&mut pieces);
    ctx.scan_holidays(&mut pieces);
    ctx.scan_qualifiers(&mut pieces);
    ctx.scan_clocks(&mut pieces);
    ctx.scan_vague(&mut pieces);
    ctx.group(select(pieces))
}

/// Keeps the earliest, then longest, of overlapping fragments.
fn select(mut pieces: Vec<Piece>) -> Vec<Piece> {
    pieces.sort_by_key(|p| (p.start, Reverse(p.end)));
    let mut kept: Vec<Piece> = Vec::new();
    for p in pieces {
        if kept.last().is_none_or(|k| p.start >= k.end) {
            kept.push(p);
        }
    }
    kept
}

/// Words allowed between the fragments of one phrase ("Friday *by* 3pm", "7am tomorrow").
fn joinable(gap: &str) -> bool {
    gap.len() <= 24
        && !gap.contains('\n')
        && gap
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "at" | "by"
                        | "on"
                        | "before"
                        | "b4"
                        | "until"
                        | "till"
                        | "til"
                        | "around"
                        | "about"
                        | "@"
                        | "-"
                        | "–"
                        | "—"
                        | "the"
                        | "of"
                        | "in"
                        | "no"
                        | "later"
                        | "than"
                        | "t"
                        | "'s"
                        | "’s"
                )
            })
}

const NUMBER_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

fn number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    match w.as_str() {
        "a" | "an" => Some(1),
        "couple" | "a couple" | "couple of" | "a couple of" => Some(2),
        _ => NUMBER_WORDS
            .iter()
            .position(|n| *n == w)
            .map(|i| i as u32 + 1)
            .or_else(|| w.parse().ok()),
    }
}

/// Whether a word is a weekday's name or usual short form ("Mon", "Tues", "Thursday"), not
/// just a word that starts like one ("month", "friend").
fn weekday_name(word: &str) -> bool {
    matches!(
        word,
        "mon" | "tue" | "tues" | "wed" | "weds" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun"
    ) || word.len() >= 6 && word.ends_with("day") && weekday(word).is_some()
}

fn weekday(name: &str) -> Option<Weekday> {
    let n = name.to_ascii_lowercase();
    // Common misspellings ("wensday", "thrusday", "fryday").
    let n = match n.as_str() {
        "wensday" | "wendsday" => "wed".to_string(),
        "tuseday" | "tusday" => "tue".to_string(),
        "thrusday" => "thu".to_string(),
        "firday" | "fryday" => "fri".to_string(),
        _ => n,
    };
    Some(match n.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// A month's number from its name or the start of it ("Sep", "September" -> 9).
pub fn month(name: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let n = name.to_ascii_lowercase();
    NAMES
        .iter()
        .position(|m| n.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

fn on_or_after(date: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead = (7 + wd.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(u64::from(ahead))
}

fn next_week(date: NaiveDate, wd: Weekday) -> NaiveDate {
    monday_of(date) + Days::new(7 + u64::from(wd.num_days_from_monday()))
}

/// Words that may follow a bare number or ordinal read as a time or day ("by 2 tomorrow",
/// "at 2 sharp"); anything else ("by 2 people") means the number is a quantity.
const FOLLOWERS: &[&str] = &[
    "today",
    "tomorrow",
    "tmrw",
    "tmr",
    "tonight",
    "this",
    "on",
    "at",
    "by",
    "sharp",
    "latest",
    "and",
    "or",
    "so",
    "if",
    "then",
    "please",
    "pls",
    "plz",
    "thanks",
    "thx",
    "ok",
    "okay",
    "but",
    "because",
    "with",
    "when",
    "since",
    "your",
    "my",
    "local",
    "to",
    "for",
    "in",
    "eod",
    "cob",
    // "by the 20th instead", "the 20th works", "by the 5th as agreed", "the 9th is fine".
    "instead",
    "as",
    "is",
    "works",
    "would",
    "should",
    "will",
    "though",
    "too",
    "also",
    "ideally",
    "hopefully",
    "rather",
    "not",
    "we",
    "i",
    "you",
    "it",
    "that",
    "which",
    "noon",
    "morning",
    "afternoon",
    "evening",
    "night",
    "midday",
    // "on the 2nd either way", "by eleven our time".
    // "on the 23rd after everyone's gone", "by the 9th before the audit".
    "after",
    "before",
    "once",
    "unless",
    "either",
    "anyway",
    "anyways",
    "regardless",
    "our",
    "their",
    "his",
    "her",
];

/// Words before a 24-hour clock written as four digits ("by 1500 hrs", "before 1900").
const CLOCK_LEADS: &[&str] = &["by", "at", "before", "b4", "until", "till", "til"];

/// Words before a bare number that make it a quantity ("increase by 2").
const QUANTITY_VERBS: &[&str] = &[
    "increase",
    "increased",
    "decrease",
    "decreased",
    "grow",
    "grew",
    "rose",
    "fell",
    "drop",
    "dropped",
    "up",
    "down",
    "cut",
    "reduce",
    "reduced",
    "raise",
    "raised",
    "multiply",
    "divide",
    "divided",
    "out",
    "priced",
    "rated",
    "capped",
];

/// Prepositions that make a short form ("Sat", "3/4", "15th") read as a day.
const DAY_PREPS: &[&str] = &[
    "by", "on", "before", "b4", "until", "till", "til", "due", "from", "after", "than", "this",
    "next", "for", "every",
];

/// Meetings and calls, whose day may follow them bare ("the OAC mtg wed").
const EVENT_NOUNS: &[&str] = &[
    "mtg",
    "meeting",
    "call",
    "review",
    "session",
    "sync",
    "standup",
    "demo",
    "briefing",
    "huddle",
    "catch-up",
    "catchup",
    "interview",
    "presentation",
    "workshop",
];

const PAST_IRREGULAR: &[&str] = &[
    "sent", "made", "did", "wrote", "met", "said", "told", "gave", "had", "was", "were", "came",
    "went", "saw", "spoke", "paid", "left", "began", "got", "took", "ran", "brought", "bought",
    "sold", "shot", "built", "spent", "found", "held",
];

const SUBJECTS: &[&str] = &[
    "i", "we", "you", "he", "she", "they", "it", "who", "that", "which", "already", "just",
];

impl<'a> Ctx<'a> {
    fn new(text: &'a str, reference: DateTime<Tz>) -> Self {
        Ctx {
            text,
            tz: reference.timezone(),
            today: reference.date_naive(),
            reference,
        }
    }

    /// The word ending just before `pos` on the same line, with its start.
    fn prev_word(&self, pos: usize) -> Option<(usize, &'a str)> {
        let head = self.text[..pos].trim_end_matches([' ', '\t']);
        let start = head
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '\'' | '’' | '@'))
            .last()?
            .0;
        Some((start, &head[start..]))
    }

    fn prev_is(&self, pos: usize, words: &[&str]) -> bool {
        self.prev_word(pos)
            .is_some_and(|(_, w)| words.contains(&w.to_lowercase().as_str()))
    }

    /// Whether what follows `end` lets a bare number stand as a time or day.
    fn follower_ok(&self, end: usize) -> bool {
        let rest = self.text[end..].trim_start_matches([' ', '\t']);
        let mut chars = rest.chars();
        let Some(first) = chars.next() else {
            return true;
        };
        if first.is_alphabetic() {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '\'' | '’'))
                .collect::<String>()
                .to_lowercase();
            return FOLLOWERS.contains(&word.as_str())
                || weekday(&word).is_some() && word.len() >= 3
                || zone_word(&word)
                || word.starts_with("o'clock")
                || word.starts_with("o’clock");
        }
        let touching = rest.len() == self.text.len() - end;
        let second_digit = chars.next().is_some_and(|c| c.is_ascii_digit());
        !(first.is_ascii_digit()
            || matches!(first, '%' | '$' | '€' | '£')
            || touching && matches!(first, '.' | ':' | '/' | ',' | '-') && second_digit)
    }

    /// "the draft I shared on Monday": a day attached to a past action is not a due.
    fn after_past_verb(&self, start: usize) -> bool {
        let Some((mut pos, mut word)) = self.prev_word(start) else {
            return false;
        };
        if word.eq_ignore_ascii_case("on") {
            let Some(w) = self.prev_word(pos) else {
                return false;
            };
            (pos, word) = w;
        }
        let w = word.to_lowercase();
        let past = w.ends_with("ed") && w.len() > 3 || PAST_IRREGULAR.contains(&w.as_str());
        past && self.prev_is(pos, SUBJECTS)
    }

    fn day(&self, m: &regex::Match, date: NaiveDate, strength: u8) -> Piece {
        Piece {
            start: m.start(),
            end: m.end(),
            kind: Kind::Day { date, strength },
            pm: None,
        }
    }

    fn piece(m: &regex::Match, kind: Kind) -> Piece {
        Piece {
            start: m.start(),
            end: m.end(),
            kind,
            pm: None,
        }
    }

    fn scan_weekdays(&self, out: &mut Vec<Piece>) {
        for c in WEEKDAY.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let name = &c["name"];
            let Some(wd) = weekday(name) else { continue };
            let prefix = c.name("prefix").map(|p| p.as_str().to_lowercase());
            let prefix = prefix.as_deref().unwrap_or("");
            let start_of_name = c.name("name").expect("name group").start();
            if prefix.starts_with("last")
                || prefix.starts_with("past")
                || prefix.starts_with("previous")
                || (prefix.is_empty() && self.prev_is(m.start(), &["last", "past", "previous"]))
                || self.after_past_verb(m.start())
            {
                continue;
            }
            // "mon", "wed", "sat" and "sun" are also ordinary words: only read them as days
            // next to a preposition or a date.
            let risky = name.len() == 3
                && matches!(
                    wd,
                    Weekday::Mon | Weekday::Wed | Weekday::Sat | Weekday::Sun
                );
            // "b4 the OAC mtg wed": a meeting's day ("the review sat with them" sits).
            let meeting_day = self.prev_is(start_of_name, EVENT_NOUNS)
                && (matches!(wd, Weekday::Mon | Weekday::Wed)
                    || name.starts_with(|c: char| c.is_uppercase()));
            // "will send mon", "I'll do it wed": a day ending the message after an action,
            // in lower case ("I sat down with Mon" names a person).
            let ends_message = name.starts_with(|c: char| c.is_lowercase())
                && self.text[m.end()..]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | ','))
                    .is_empty()
                && !self.prev_is(
                    start_of_name,
                    &[
                        "the", "a", "my", "your", "our", "his", "her", "their", "this", "that",
                        "in", "under", "of", "c",
                    ],
                )
                && self.text[..start_of_name].split_whitespace().count() >= 2;
            if risky
                && prefix.is_empty()
                && !self.prev_is(start_of_name, DAY_PREPS)
                && !meeting_day
                && !ends_message
                && !DATE_AHEAD.is_match(&self.text[m.end()..])
                && !TIME_AHEAD.is_match(&self.text[m.end()..])
            {
                continue;
            }
            let plural = c.name("plural").is_some() && name.len() > 3;
            if prefix.starts_with("every") || prefix.starts_with("each") || plural {
                out.push(Self::piece(&m, Kind::Vague));
                continue;
            }
            // "Tues next" is next Tuesday; British "Friday week" is a week after Friday.
            let mut date = if prefix.starts_with("next")
                || prefix == "nxt"
                || c.name("nextweek").is_some()
                || c.name("nextafter").is_some()
            {
                next_week(self.today, wd)
            } else {
                on_or_after(self.today, wd)
            };
            if c.name("afternext").is_some() {
                date = next_week(self.today, wd) + Days::new(7);
            }
            if c.name("weeklater").is_some() && prefix.is_empty() {
                date = on_or_after(self.today, wd) + Days::new(7);
            }
            let mut p = self.day(&m, date, 2);
            // Keep the dot of "Fri." with the abbreviation, so "Fri. 3pm" is one phrase.
            if name.len() < 6 && p.end == c.name("name").expect("name group").end() {
                p.end += usize::from(self.text[p.end..].starts_with('.'));
            }
            out.push(p);
        }
    }

    fn scan_relative_days(&self, out: &mut Vec<Piece>) {
        for c in RELATIVE_DAY.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let word = m.as_str().to_lowercase();
            // Spanish "por la mañana" / "esta mañana" is a morning, not tomorrow.
            if word.starts_with("ma") {
                let before: String = self.text[..m.start()]
                    .chars()
                    .rev()
                    .take(6)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<String>()
                    .to_lowercase();
                let last = before.split_whitespace().last().unwrap_or("");
                if matches!(last, "la" | "esta" | "de") {
                    continue;
                }
            }
            let (offset, pm) = if c.name("after").is_some() {
                (2, None)
            } else if c.name("week").is_some() {
                (7, None)
            } else if c.name("tomorrow").is_some() {
                (1, None)
            } else if word.contains("morning") {
                (0, Some(false))
            } else if c.name("today").is_some() {
                (0, None)
            } else {
                (0, Some(true))
            };
            let mut p = self.day(&m, self.today + Days::new(offset), 2);
            p.pm = pm;
            out.push(p);
        }
    }

    /// Parts of a day ("after lunch", "in the morning"): a day of their own only when no
    /// other day is named, so run after every scan that finds one.
    fn scan_qualifiers(&self, out: &mut Vec<Piece>) {
        let has_day = out.iter().any(|p| matches!(p.kind, Kind::Day { .. }));
        for c in QUALIFIER.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let word = m.as_str().to_lowercase();
            // "by lunch" is today's; "on Friday after lunch" is Friday's.
            let day_just_before = out.iter().any(|p| {
                matches!(p.kind, Kind::Day { .. })
                    && p.end <= m.start()
                    && DAY_THEN_PART.is_match(&self.text[p.end..m.start()])
            });
            let mut p = if c.name("lunch").is_some()
                && !day_just_before
                && self.prev_is(
                    m.start(),
                    &["by", "before", "b4", "until", "till", "after", "at"],
                ) {
                self.day(&m, self.today, 1)
            } else if (word.contains("in the morning") || word.contains("by the morning"))
                && !has_day
                && chrono::Timelike::hour(&self.reference) >= 12
            {
                // "wipe down the hood in the morning", written after noon: tomorrow.
                self.day(&m, self.today + Days::new(1), 1)
            } else {
                Self::piece(&m, Kind::Qualifier)
            };
            p.pm = if word.contains("morning") {
                Some(false)
            } else if word.contains("first thing") || word.contains("lunch") {
                None
            } else {
                Some(true)
            };
            out.push(p);
        }
    }

    /// End of day / week / month / quarter / year.
    fn scan_periods(&self, out: &mut Vec<Piece>) {
        for c in EOD.captures_iter(self.text) {
            let Some(m) = c.name("eod").or_else(|| c.name("eod2")) else {
                continue;
            };
            if c.name("hyphen").is_some() && !self.prev_is(m.start(), DEADLINE_WORDS) {
                continue;
            }
            out.push(Self::piece(&m, Kind::Eod));
        }
        for c in END_OF.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            if c.name("hyphen").is_some() && !self.prev_is(m.start(), DEADLINE_WORDS) {
                continue;
            }
            let s = m.as_str().to_lowercase();
            let next = c.name("next").is_some();
            let t = self.today;
            let date = if let Some(q) = c.name("q") {
                let q: u32 = q.as_str().parse().unwrap_or(1);
                let this_year = last_day_of_month(t.year(), q * 3);
                match this_year {
                    Some(d) if d >= t => Some(d),
                    _ => last_day_of_month(t.year() + 1, q * 3),
                }
            } else if s.contains("week") || s.contains("wk") || s == "eow" {
                let friday = monday_of(t) + Days::new(4);
                Some(if next { friday + Days::new(7) } else { friday })
            } else if s.contains("month") || s == "eom" {
                let base = if next {
                    t.checked_add_months(Months::new(1))
                } else {
                    Some(t)
                };
                base.and_then(|b| last_day_of_month(b.year(), b.month()))
            } else if s.contains("quarter") || s.contains("qtr") || s == "eoq" {
                let base = if next {
                    t.checked_add_months(Months::new(3))
                } else {
                    Some(t)
                };
                base.and_then(|b| last_day_of_month(b.year(), (b.month() - 1) / 3 * 3 + 3))
            } else {
                NaiveDate::from_ymd_opt(t.year() + i32::from(next), 12, 31)
            };
            if let Some(date) = date {
                out.push(self.day(&m, date, 2));
            }
        }
        for m in BY_WEEKEND.find_iter(self.text) {
            out.push(self.day(&m, monday_of(self.today) + Days::new(4), 2));
        }
        for c in OFFSET.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let n = c.name("n").and_then(|n| number(n.as_str())).unwrap_or(1);
            let dir = c["dir"].to_lowercase();
            let weeks = c
                .name("unit")
                .is_some_and(|u| u.as_str().to_lowercase().starts_with('w'));
            // "a week on Friday" (British): only with one week; "from" needs a count.
            if dir == "on" && !(weeks && n == 1) || dir == "from" && c.name("n").is_none() {
                continue;
            }
            let sign = if matches!(dir.as_str(), "after" | "from" | "on") {
                1
            } else {
                -1
            };
            let days = i64::from(n) * if weeks { 7 } else { 1 };
            out.push(Self::piece(&m, Kind::Offset(sign * days)));
        }
    }

    /// "in 3 days", "within a week", "two weeks from today".
    fn scan_durations(&self, out: &mut Vec<Piece>) {
        for c in DURATION.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let n = c.name("n").or_else(|| c.name("n2"));
            let unit = c.name("unit").or_else(|| c.name("unit2"));
            let (Some(n), Some(unit)) = (n.and_then(|n| number(n.as_str().trim())), unit) else {
                continue;
            };
            let unit = unit.as_str().to_lowercase();
            let base = if c
                .name("from")
                .is_some_and(|f| f.as_str().to_lowercase().starts_with("tom"))
            {
                self.today + Days::new(1)
            } else {
                self.today
            };
            let date = if unit.starts_with("business") || unit.starts_with("working") {
                Some(add_business_days(base, n))
            } else if unit.starts_with('d') {
                base.checked_add_days(Days::new(u64::from(n)))
            } else if unit.starts_with('w') {
                base.checked_add_days(Days::new(7 * u64::from(n)))
            } else if unit.starts_with('f') {
                base.checked_add_days(Days::new(14 * u64::from(n)))
            } else if unit.starts_with('m') {
                base.checked_add_months(Months::new(n))
            } else {
                Some((self.reference + Duration::hours(i64::from(n))).date_naive())
            };
            if let Some(date) = date {
                out.push(self.day(&m, date, 2));
            }
        }
    }

    /// The given month and day in the nearest year that is not in the past.
    fn upcoming(&self, month: u32, day: u32) -> Option<NaiveDate> {
        (0..=8)
            .filter_map(|k| NaiveDate::from_ymd_opt(self.today.year() + k, month, day))
            .find(|d| *d >= self.today)
    }

    fn explicit(&self, year: Option<&str>, month: u32, day: u32) -> Option<NaiveDate> {
        match year {
            Some(y) => {
                let y: i32 = y.parse().ok()?;
                let y = if y < 100 { 2000 + y } else { y };
                NaiveDate::from_ymd_opt(y, month, day)
            }
            None => self.upcoming(month, day),
        }
    }

    /// Explicit dates: "March 20", "20th of March", "2026-03-20", "3/20", "the 15th".
    fn scan_dates(&self, out: &mut Vec<Piece>) {
        for c in MONTH_DAY.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let name = c.name("m1").or_else(|| c.name("m2")).expect("month group");
            let day = c.name("d1").or_else(|| c.name("d2")).expect("day group");
            if name.as_str().eq_ignore_ascii_case("may") && !name.as_str().starts_with('M') {
                continue;
            }
            let d = day.as_str().parse().ok().or_else(|| day_word(day.as_str()));
            let (Some(mo), Some(d)) = (month(name.as_str()), d) else {
                continue;
            };
            // "the first March shipment" names a shipment; "first of March" is a day.
            if c.name("d2").is_some_and(|w| {
                matches!(w.as_str().to_ascii_lowercase().as_str(), "first" | "second")
            }) && c.name("of").is_none()
            {
                continue;
            }
            // "May 3pm" or "March 2.5%" are not dates.
            if m.end() == day.end() && !self.follower_ok_loose(m.end()) {
                continue;
            }
            if self.after_past_verb(m.start()) {
                continue;
            }
            if let Some(date) = self.explicit(c.name("y").map(|y| y.as_str()), mo, d) {
                out.push(self.day(&m, date, 3));
            }
        }
        for c in ISO.captures_iter(self.text) {
            let m = c.name("date").expect("date group");
            let ymd = (c["y"].parse(), c["m"].parse(), c["d"].parse());
            let (Ok(y), Ok(mo), Ok(d)) = ymd else {
                continue;
            };
            let Some(date) = NaiveDate::from_ymd_opt(y, mo, d) else {
                continue;
            };
            out.push(self.day(&m, date, 3));
            if let Some(t) = c.name("time")
                && let (Ok(h), Ok(min)) = (c["h"].parse::<u32>(), c["min"].parse::<u32>())
                && h < 24
            {
                out.push(Self::piece(
                    &t,
                    Kind::Clock(Clock {
                        hour: h,
                        minute: min,
                        reading: Reading::Fixed,
                        zone: None,
                    }),
                ));
            }
        }
        for c in NUMERIC.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let (Ok(a), Ok(b)) = (c["a"].parse::<u32>(), c["b"].parse::<u32>()) else {
                continue;
            };
            let year = c.name("y").map(|y| y.as_str());
            let dotted = m.as_str().contains('.');
            let before = self.text[..m.start()].chars().next_back();
            let after = self.text[m.end()..].chars().next();
            if matches!(before, Some('/' | '.' | '-' | ':'))
                || after.is_some_and(|c| c.is_ascii_digit() || matches!(c, '/' | '%'))
            {
                continue;
            }
            // "| 07/04 |", "- 07/04": a table's or a list's date column.
            let column = {
                let head = self.text[..m.start()].trim_end_matches([' ', '\t']);
                let tail = head.get(head.len().saturating_sub(4)..).unwrap_or("");
                head.ends_with('|')
                    || head.ends_with(" -")
                    || head.ends_with(" –")
                    || head.ends_with(" —")
                    || tail.eq_ignore_ascii_case("due:")
            };
            // "for 2/3 of the team": a share, not a day.
            if self.text[m.end()..].trim_start().starts_with("of ") {
                continue;
            }
            let context = year.is_some()
                || column
                || self.prev_is(m.start(), DAY_PREPS)
                || self
                    .prev_word(m.start())
                    .is_some_and(|(_, w)| weekday(w).is_some() && w.len() <= 9);
            // "by 12.11.", "Fri 03.07.": the German and Polish day and month, closed by
            // a dot; "2.30" alone is a clock or an amount.
            // "cut the budget by 2.5." is an amount.
            let day_month_dot = dotted
                && year.is_none()
                && (1..=31).contains(&a)
                && (1..=12).contains(&b)
                && self.text[m.end()..].starts_with('.')
                && !self.text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit())
                && !self.amount_before(m.start());
            if !context || dotted && year.is_none() && !day_month_dot {
                continue;
            }
            // The dotted form is day-first; otherwise an order that cannot be mistaken,
            // or the one the place writes: month first in the United States and the
            // Philippines, day first elsewhere.
            let (mo, d) = if dotted {
                (b, a)
            } else if a == b || a <= 12 && b > 12 {
                (a, b)
            } else if a > 12 && b <= 12 {
                (b, a)
            } else if month_first(self.tz) {
                (a, b)
            } else {
                (b, a)
            };
            if let Some(date) = self.explicit(year, mo, d) {
                out.push(self.day(&m, date, 3));
            }
        }
        for c in ORDINAL.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            // "by the eighth", "before the first.": a day in words needs "the", a deadline
            // word before it and nothing after it that makes it a thing ("the first draft").
            let (d, in_words) = match (c.name("d"), c.name("w")) {
                (Some(d), _) => (d.as_str().parse::<u32>().unwrap_or(0), false),
                (None, Some(w)) => (day_word(w.as_str()).unwrap_or(0), true),
                (None, None) => continue,
            };
            // "Monday 21st", "(Mon 21st, 12:00)": a weekday names the day too.
            let after_weekday = self
                .prev_word(m.start())
                .is_some_and(|(_, w)| weekday_name(&w.to_lowercase()));
            if !(1..=31).contains(&d)
                || c.name("the").is_none() && !after_weekday && !self.prev_is(m.start(), DAY_PREPS)
                || c.name("of").is_none() && !self.follower_ok(m.end())
                || in_words
                    && (c.name("the").is_none()
                        || !self.prev_is(
                            m.start(),
                            &["by", "on", "before", "b4", "until", "till", "til", "due"],
                        ))
            {
                continue;
            }
            let t = self.today;
            let next = c.name("next").is_some();
            let first = if next {
                t.checked_add_months(Months::new(1))
            } else {
                Some(t)
            };
            // This month if still ahead, else the next month that has that day.
            let date = first.and_then(|f| {
                (0..4).find_map(|k| {
                    let b = f.with_day(1)?.checked_add_months(Months::new(k))?;
                    let d = NaiveDate::from_ymd_opt(b.year(), b.month(), d)?;
                    (d >= t || next).then_some(d)
                })
            });
            if let Some(date) = date {
                out.push(self.day(&m, date, 3));
            }
        }
    }

    /// Looser than `follower_ok`: after "March 20" most words are fine, but not a time or
    /// quantity continuing the number.
    fn follower_ok_loose(&self, end: usize) -> bool {
        let rest = &self.text[end..];
        let mut chars = rest.chars();
        match chars.next() {
            Some(c) if c.is_ascii_digit() || matches!(c, '%' | ':') => false,
            Some('.') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
            _ => !AMPM_AHEAD.is_match(rest),
        }
    }

    /// A month named without a day: "in February" (vague), "end of March" (its last day).
    fn scan_months(&self, out: &mut Vec<Piece>) {
        for c in MONTH_ONLY.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let name = c.name("month").expect("month group").as_str();
            if name.eq_ignore_ascii_case("may") && !name.starts_with('M')
                || DIGIT_AHEAD.is_match(&self.text[m.end()..])
            {
                continue;
            }
            let Some(mo) = month(name) else { continue };
            let lead = c["lead"].to_lowercase();
            if lead.contains("end") {
                let date = (0..=1)
                    .filter_map(|k| last_day_of_month(self.today.year() + k, mo))
                    .find(|d| *d >= self.today);
                if let Some(date) = date {
                    out.push(self.day(&m, date, 3));
                }
            } else {
                out.push(Self::piece(&m, Kind::Vague));
            }
        }
    }

    /// Fixed-date holidays after a deadline word: "before Christmas", "by New Year's Eve".
    /// "the Christmas party" names a party, so a deadline word must come first.
    fn scan_holidays(&self, out: &mut Vec<Piece>) {
        for c in HOLIDAY.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            if !self.prev_is(m.start(), DEADLINE_WORDS) {
                continue;
            }
            let name = m.as_str().to_lowercase();
            let (month, day) = if name.contains("eve") && name.contains("christmas") {
                (12, 24)
            } else if name.contains("boxing") {
                (12, 26)
            } else if name.contains("christmas") || name.contains("xmas") {
                (12, 25)
            } else if name.contains("eve") {
                (12, 31)
            } else if name.contains("new year") {
                (1, 1)
            } else if name.contains("halloween") {
                (10, 31)
            } else {
                (2, 14)
            };
            if let Some(date) = self.upcoming(month, day) {
                out.push(self.day(&m, date, 3));
            }
        }
    }

    fn scan_clocks(&self, out: &mut Vec<Piece>) {
        let mut clocks = Vec::new();
        for c in AMPM.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let (Some(h), Some(min)) = (number(&c["h"]), minutes(&c)) else {
                continue;
            };
            if self.text[..m.start()].ends_with(['.', ':', '/', '$']) {
                continue;
            }
            // "by 3p", "9a": a digit then a bare a/p is shorthand for am/pm.
            let ap = match (c.name("ap"), c.name("ap_short")) {
                (Some(ap), _) => ap.as_str(),
                (None, Some(short)) if c["h"].starts_with(|ch: char| ch.is_ascii_digit()) => {
                    short.as_str()
                }
                _ => continue,
            };
            let pm = ap.eq_ignore_ascii_case("p");
            let hour = match (h, pm) {
                (12, false) => 0,
                (1..=11, true) => h + 12,
                (0..=23, _) => h,
                _ => continue,
            };
            // "cover the 5-7pm phones", "the 11-1pm slot": a range starts at its first
            // hour, in the same half of the day unless that would come after the end.
            if let Some(r) = RANGE_START.captures(&self.text[..m.start()])
                && let (Ok(h0), Ok(min0)) = (
                    r["h"].parse::<u32>(),
                    r.name("min").map_or(Ok(0), |x| x.as_str().parse::<u32>()),
                )
                && (1..=12).contains(&h0)
                && min0 < 60
            {
                let same_half = if pm && h0 < 12 { h0 + 12 } else { h0 % 12 };
                let start_hour = if same_half * 60 + min0 <= hour * 60 + min {
                    same_half
                } else {
                    h0 % 12
                };
                let start = r.name("h").map_or(m.start(), |x| x.start());
                clocks.push((start, m.end(), start_hour, min0, Reading::Fixed));
                continue;
            }
            clocks.push((m.start(), m.end(), hour, min, Reading::Fixed));
        }
        // "before 1600Z", "at 09:30Z": aviation's UTC ("Zulu") times.
        let mut zulu = Vec::new();
        for c in ZULU.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let (Ok(h), Ok(min)) = (c["h"].parse::<u32>(), c["min"].parse::<u32>()) else {
                continue;
            };
            zulu.push((m.start(), m.end()));
            clocks.push((m.start(), m.end(), h, min, Reading::Fixed));
        }
        for c in HHMM.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let (Ok(h), Some(min)) = (c["h"].parse::<u32>(), minutes(&c)) else {
                continue;
            };
            if h > 23
                || self.text[..m.start()].ends_with(['.', ':', '/', '$'])
                || zulu.iter().any(|z| z.0 == m.start())
            {
                continue;
            }
            let reading = if h == 0 || h > 12 || c["h"].starts_with('0') {
                Reading::Fixed
            } else {
                Reading::Working
            };
            clocks.push((m.start(), m.end(), h, min, reading));
        }
        for c in DOTTED.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let (Ok(h), Ok(min)) = (c["h"].parse::<u32>(), c["min"].parse::<u32>()) else {
                continue;
            };
            if h > 23 || !self.dotted_time(m.start(), m.end()) {
                continue;
            }
            let reading = if h == 0 || h > 12 || c["h"].starts_with('0') {
                Reading::Fixed
            } else {
                Reading::Working
            };
            clocks.push((m.start(), m.end(), h, min, reading));
        }
        // "by 1500 hrs", "at 0930h": a 24-hour clock written as four digits, after a
        // preposition ("1500 hours of testing" is an amount). Shipping's and aviation's
        // "1200LT" (local time, in capitals: "1000 lt" may be litres) is a clock wherever it
        // stands ("by Saturday 1200LT").
        for c in MILITARY.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let (Ok(h), Ok(min)) = (c["h"].parse::<u32>(), c["min"].parse::<u32>()) else {
                continue;
            };
            if c.name("local").is_some()
                || self.prev_is(m.start(), CLOCK_LEADS)
                || self.text[..m.start()].trim_end().ends_with('@')
            {
                clocks.push((m.start(), m.end(), h, min, Reading::Fixed));
            }
        }
        // "before 1900", "at 0930", "by 1730 today": four digits alone after a deadline
        // word, not a year ("by 2027") and not an amount ("by 1500 units").
        for c in MILITARY_BARE.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let (Ok(h), Ok(min)) = (c["h"].parse::<u32>(), c["min"].parse::<u32>()) else {
                continue;
            };
            let value = i32::try_from(h * 100 + min).unwrap_or(0);
            let year_like = (self.today.year() - 40..=self.today.year() + 40).contains(&value);
            if !year_like && self.prev_is(m.start(), CLOCK_LEADS) && self.follower_ok(m.end()) {
                clocks.push((m.start(), m.end(), h, min, Reading::Fixed));
            }
        }
        for c in HOUR_H.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let (Ok(h), Some(min)) = (c["h"].parse::<u32>(), minutes(&c)) else {
                continue;
            };
            // "within 48h", "a 3h meeting" are durations.
            let duration_word = [
                "in", "within", "next", "last", "every", "per", "a", "the", "for", "over",
            ];
            if h > 23 || self.prev_is(m.start(), &duration_word) {
                continue;
            }
            clocks.push((m.start(), m.end(), h, min, Reading::Fixed));
        }
        for c in BARE_HOUR.captures_iter(self.text) {
            let n = c.name("n").expect("number group");
            let end = c.name("oclock").map_or(n.end(), |o| o.end());
            let Some(h) = number(n.as_str()) else {
                continue;
            };
            // "at 6", "by eleven", or "before the eleven o'clock one": a preposition
            // then "the" ("call the ten o'clock patients" names patients, not a time).
            let event_oclock = c.name("oclock").is_some() && {
                let mut before = self.text[..n.start()].split_whitespace().rev();
                matches!(
                    before.next().map(str::to_lowercase).as_deref(),
                    Some("the" | "their" | "our" | "your" | "this" | "my")
                ) && matches!(
                    before.next().map(str::to_lowercase).as_deref(),
                    Some(
                        "before"
                            | "after"
                            | "on"
                            | "at"
                            | "by"
                            | "until"
                            | "till"
                            | "for"
                            | "of"
                            | "b4"
                    )
                )
            };
            let Some(prep) = c
                .name("prep")
                .or_else(|| c.name("at"))
                .or_else(|| event_oclock.then_some(n))
            else {
                continue;
            };
            if h == 0
                || h > 23
                // "the eleven o'clock call": o'clock makes it a time whatever follows.
                || c.name("oclock").is_none() && !self.follower_ok(end)
                || self.prev_is(prep.start(), QUANTITY_VERBS)
            {
                continue;
            }
            clocks.push((n.start(), end, h, 0, Reading::Next));
        }
        // "a quarter past 10", "quarter to five", "half past 4", and British "by half 5".
        for c in QUARTER.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let Some(h) = number(&c["h"]).filter(|h| (1..=12).contains(h)) else {
                continue;
            };
            let half_alone = c.name("half").is_some();
            if half_alone
                && !self.prev_is(
                    m.start(),
                    &[
                        "by", "at", "until", "till", "before", "around", "about", "b4",
                    ],
                )
            {
                continue;
            }
            let (hour, minute) = match c.name("qd").map(|d| d.as_str().to_ascii_lowercase()) {
                Some(d) if matches!(d.as_str(), "to" | "till" | "til" | "of") => {
                    (if h == 1 { 12 } else { h - 1 }, 45)
                }
                Some(_) => (h, 15),
                None => (h, 30),
            };
            match c.name("ap").map(|a| a.as_str().eq_ignore_ascii_case("p")) {
                Some(pm) => {
                    let hour = match (hour, pm) {
                        (12, false) => 0,
                        (1..=11, true) => hour + 12,
                        _ => hour,
                    };
                    clocks.push((m.start(), m.end(), hour, minute, Reading::Fixed));
                }
                None => clocks.push((m.start(), m.end(), hour, minute, Reading::Next)),
            }
        }
        for c in NOON.captures_iter(self.text) {
            let m = c.get(0).expect("whole match");
            let hour = if c["w"].to_lowercase().starts_with("midn") {
                (23, 59)
            } else {
                (12, 0)
            };
            clocks.push((m.start(), m.end(), hour.0, hour.1, Reading::Fixed));
        }
        let stamps: Vec<(usize, usize)> = clocks
            .iter()
            .filter(|c| self.is_timestamp(c.0, c.1))
            .map(|c| (c.0, c.1))
            .collect();
        for (start, mut end, hour, minute, reading) in clocks {
            if stamps.iter().any(|s| start < s.1 && s.0 < end) {
                continue;
            }
            let mut zone = None;
            // A place we cannot place ("Basel time") is left for the words around it.
            if zulu.contains(&(start, end)) {
                zone = Some(Tz::UTC);
            } else if let Some(z) = ZONE.captures(&self.text[end..])
                && (z.name("city").is_none() || zone_of(&z).is_some())
            {
                zone = zone_of(&z).or(Some(self.tz));
                end += z.get(0).expect("whole match").end();
            } else if let Some(z) = BARE_CITY.captures(&self.text[end..])
                && let Some(tz) = zone_of(&z)
            {
                // "could you do Wednesday 9am London?": a city alone after the clock.
                zone = Some(tz);
                end += z.name("place").expect("place group").end();
            } else if let Some(gap) = LATE_ZONE_GAP.find(&self.text[end..])
                && let Some(z) = ZONE.captures(&self.text[end + gap.end()..])
                && (z.name("abbr").is_some() || z.name("place").is_some() || zone_of(&z).is_some())
            {
                // "before their 9am call on Monday, London time": the zone named at the
                // end of the phrase. With no day between ("3pm call, Madrid time, on
                // Thursday") the zone is part of the clock phrase, so the day still joins it.
                zone = zone_of(&z);
                if !DAY_WORD.is_match(gap.as_str()) {
                    end += gap.end() + z.get(0).expect("whole match").end();
                }
            }
            out.push(Piece {
                start,
                end,
                kind: Kind::Clock(Clock {
                    hour,
                    minute,
                    reading,
                    zone,
                }),
                pm: None,
            });
        }
    }

    /// Whether "h.mm" at `start..end` is a clock time ("by 2.30", "tomorrow's 2.30 matinee")
    /// rather than a quantity ("£2.30", "version 2.30", "2.30 hours").
    fn dotted_time(&self, start: usize, end: usize) -> bool {
        let before = self.text[..start].chars().next_back();
        if before.is_some_and(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    '.' | ',' | ':' | '/' | '$' | '£' | '€' | '¥' | '#' | '+' | '-' | '–' | '_'
                )
        }) {
            return false;
        }
        let rest = &self.text[end..];
        let mut chars = rest.chars();
        let after = chars.next();
        let after2 = chars.next();
        if after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '%' | '/' | '_'))
            || matches!(after, Some('.' | ',' | ':')) && after2.is_some_and(|c| c.is_ascii_digit())
        {
            return false;
        }
        // "by 12.11.", "Fri 03.07.": a day and month closed by a dot, where a date is read
        // (`day_month_dot`); "at 3.05." stays a clock.
        let (h, min) = self.text[start..end].split_once('.').unwrap_or(("", ""));
        if after == Some('.')
            && after2.is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ')' | ';'))
            && h.parse::<u32>().is_ok_and(|h| (1..=31).contains(&h))
            && min.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && (self.prev_is(start, DAY_PREPS)
                || self
                    .prev_word(start)
                    .is_some_and(|(_, w)| weekday(w).is_some()))
            && !self.amount_before(start)
        {
            return false;
        }
        let next = next_words(rest, 2);
        if next
            .first()
            .is_some_and(|w| QUANTITY_UNITS.contains(&w.as_str()))
        {
            return false;
        }
        let prev = self.prev_word(start);
        let prev_lower = prev.map(|(_, w)| w.to_lowercase());
        let prev_lower = prev_lower.as_deref().unwrap_or("");
        if TIME_PREPS.contains(&prev_lower) {
            // "priced at 2.30", "cut the fee by 2.30": a quantity.
            let quantity = prev.is_some_and(|(pos, _)| {
                self.prev_is(pos, QUANTITY_NOUNS) || self.quantity_verb_before(pos)
            });
            return !quantity;
        }
        if is_day_word(prev_lower) {
            return true;
        }
        // "2.30 tomorrow", "2.30 on Friday": not after a name ("Python 3.10 on Monday").
        let capitalised =
            prev.is_some_and(|(_, w)| w.chars().next().is_some_and(char::is_uppercase));
        let day_next = match next.first().map(String::as_str) {
            Some("on" | "this" | "next") => next.get(1).is_some_and(|w| is_day_word(w)),
            Some(w) => is_day_word(w),
            None => false,
        };
        day_next && !capitalised && !QUANTITY_NOUNS.contains(&prev_lower)
    }

    /// Length of an event noun (with at most one word before it) right after `pos`.
    fn event_after(&self, pos: usize) -> usize {
        let Some(c) = EVENT_AFTER.captures(&self.text[pos..]) else {
            return 0;
        };
        let first = c.name("a").expect("first word");
        if is_event(&first.as_str().to_lowercase()) {
            return first.end();
        }
        match c.name("b") {
            Some(b)
                if is_event(&b.as_str().to_lowercase())
                    && !GAP_STOP_WORDS.contains(&first.as_str().to_lowercase().as_str()) =>
            {
                b.end()
            }
            _ => 0,
        }
    }

    /// A quantity verb among the few words before `pos` ("reduce the price by").
    /// Whether the word before `start` introduces an amount ("priced at", "cut the budget
    /// by").
    fn amount_before(&self, start: usize) -> bool {
        self.prev_word(start).is_some_and(|(pos, _)| {
            self.prev_is(pos, QUANTITY_NOUNS) || self.quantity_verb_before(pos)
        })
    }

    fn quantity_verb_before(&self, mut pos: usize) -> bool {
        for _ in 0..4 {
            let Some((start, word)) = self.prev_word(pos) else {
                return false;
            };
            if QUANTITY_VERBS.contains(&word.to_lowercase().as_str()) {
                return true;
            }
            pos = start;
        }
        false
    }

    /// Words between two fragments that tie them to one event: a day's event and its time
    /// ("Monday's shift handover at 7"), or a time or offset and the day of its event
    /// ("their 3pm London time review on Tuesday", "the day before the review on Friday").
    fn event_gap(&self, last: &Piece, p: &Piece) -> bool {
        let gap = &self.text[last.end..p.start];
        if gap.len() > 48
            || gap.contains(|c: char| {
                !(c.is_alphabetic() || matches!(c, ' ' | '\t' | '-' | '\'' | '’' | '@'))
            })
        {
            return false;
        }
        let mut words: Vec<String> = gap.split_whitespace().map(str::to_lowercase).collect();
        let possessive = self.text[..last.end].ends_with("'s")
            || self.text[..last.end].ends_with("’s")
            || words.first().is_some_and(|w| w == "'s" || w == "’s");
        if words.first().is_some_and(|w| w == "'s" || w == "’s") {
            words.remove(0);
        }
        let linked = match (last.kind, p.kind) {
            (Kind::Day { .. }, Kind::Clock(_)) if possessive => {
                matches!(words.pop().as_deref(), Some("at" | "@"))
            }
            (Kind::Clock(_) | Kind::Offset(_), Kind::Day { .. }) => {
                if words.last().is_some_and(|w| w == "on") {
                    words.pop();
                }
                true
            }
            _ => false,
        };
        let Some(event) = words.pop() else {
            return false;
        };
        linked
            && words.len() <= 2
            && is_event(&event)
            && words.iter().all(|w| !GAP_STOP_WORDS.contains(&w.as_str()))
    }

    /// Message stamps ("[2:14 PM] Ann:", "Maya Brooks  10:41 AM") are not dues.
    fn is_timestamp(&self, start: usize, end: usize) -> bool {
        let before = self.text[..start].trim_end_matches([' ', '\t']);
        let after = self.text[end..].trim_start_matches([' ', '\t']);
        let line_end = after.is_empty() || after.starts_with(['\n', '\r']);
        let line = before.rsplit('\n').next().unwrap_or_default();
        let words: Vec<&str> = line.split_whitespace().collect();
        let name_only = (2..=4).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        before.ends_with('[')
            || after.starts_with(']')
            || line_end && (self.text[..start].ends_with("  ") || name_only)
    }

    fn scan_vague(&self, out: &mut Vec<Piece>) {
        // "the content calendar for October 1-15": a span of days names the object, and
        // must not be read as its first day.
        for m in DAY_RANGE.find_iter(self.text) {
            out.push(Self::piece(&m, Kind::Vague));
        }
        for m in VAGUE.find_iter(self.text) {
            let word = m.as_str().to_lowercase();
            // "as soon as it's up" is a condition, not a date.
            if word == "soon"
                && (SOON_AS.is_match(&self.text[m.end()..]) || self.prev_is(m.start(), &["as"]))
            {
                continue;
            }
            out.push(Self::piece(&m, Kind::Vague));
        }
    }

    /// Joins neighbouring fragments into phrases and resolves them.
    fn group(&self, pieces: Vec<Piece>) -> Vec<Phrase> {
        let mut groups: Vec<Vec<Piece>> = Vec::new();
        for p in pieces {
            let join = groups.last().is_some_and(|g| {
                let last = g.last().expect("non-empty group");
                let clash = match p.kind {
                    Kind::Clock(_) => g.iter().any(|q| matches!(q.kind, Kind::Clock(_))),
                    // "since Dec 28 today": a written date and "today"/"tomorrow" that name
                    // different days are two phrases.
                    Kind::Day { strength, date } => g.iter().any(|q| match q.kind {
                        Kind::Day {
                            strength: s,
                            date: d,
                        } => {
                            s == strength
                                || d != date
                                    && (s == 3 && self.relative_day(&p)
                                        || strength == 3 && self.relative_day(q))
                        }
                        _ => false,
                    }),
                    Kind::Vague => true,
                    _ => false,
                };
                // An offset only applies to the day right after it.
                let offset_ok =
                    !matches!(last.kind, Kind::Offset(_)) || matches!(p.kind, Kind::Day { .. });
                !clash
                    && offset_ok
                    && !g.iter().any(|q| matches!(q.kind, Kind::Vague))
                    && (joinable(&self.text[last.end..p.start]) || self.event_gap(last, &p))
            });
            match groups.last_mut() {
                Some(g) if join => g.push(p),
                _ => groups.push(vec![p]),
            }
        }
        groups.into_iter().filter_map(|g| self.phrase(g)).collect()
    }

    /// Whether a piece names a day relative to the reference ("today", "tomorrow", "tonight"):
    /// the words `scan_relative_days` reads.
    fn relative_day(&self, p: &Piece) -> bool {
        RELATIVE_DAY
            .find(self.text.get(p.start..p.end).unwrap_or(""))
            .is_some_and(|m| m.start() == 0)
    }

    fn phrase(&self, pieces: Vec<Piece>) -> Option<Phrase> {
        let vague = pieces.iter().any(|p| matches!(p.kind, Kind::Vague));
        let due = self.resolve(&pieces);
        if due.is_none() && !vague {
            return None;
        }
        let first = pieces.first()?.start;
        // The introducing word is short: look only at the end of the line before the phrase.
        let mut from = first.saturating_sub(40);
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let (start, prep) = match PREP.captures(&self.text[from..first]) {
            Some(c) => {
                let word = c["p"].to_lowercase();
                let prep = if word == "for" {
                    Prep::For
                } else if DEADLINE_WORDS.iter().any(|d| word.ends_with(d)) {
                    Prep::Deadline
                } else {
                    Prep::Other
                };
                (from + c.get(0).expect("whole match").start(), prep)
            }
            None => (first, Prep::Other),
        };
        let mut end = pieces.last()?.end;
        // "tomorrow's 2.30 matinee", "Tuesday's 10am standup": the event is part of the phrase.
        if matches!(pieces.last()?.kind, Kind::Clock(_))
            && pieces.iter().any(|p| matches!(p.kind, Kind::Day { .. }))
        {
            end += self.event_after(end);
        }
        Some(Phrase {
            found: DueMatch {
                start,
                end,
                due,
                zone_applied: pieces.iter().any(
                    |p| matches!(&p.kind, Kind::Clock(c) if c.zone.is_some_and(|z| z != self.tz)),
                ),
            },
            prep,
            possessive: ["'s", "’s"]
                .iter()
                .any(|s| self.text[..end].ends_with(s) || self.text[end..].starts_with(s)),
            has_day: pieces.iter().any(|p| matches!(p.kind, Kind::Day { .. })),
            has_time: pieces
                .iter()
                .any(|p| matches!(p.kind, Kind::Clock(_) | Kind::Eod)),
            pieces,
        })
    }

    fn resolve(&self, pieces: &[Piece]) -> Option<Due> {
        if pieces.iter().any(|p| matches!(p.kind, Kind::Vague)) {
            return None;
        }
        let mut day: Option<(NaiveDate, u8)> = None;
        let mut offset = 0;
        let mut clock = None;
        let mut eod = false;
        let mut pm = None;
        for p in pieces {
            pm = pm.or(p.pm);
            match p.kind {
                Kind::Day { date, strength } => {
                    if day.is_none_or(|(_, s)| strength > s) {
                        day = Some((date, strength));
                    }
                }
                Kind::Offset(n) => offset += n,
                Kind::Clock(c) => clock = clock.or(Some(c)),
                Kind::Eod => eod = true,
                Kind::Qualifier | Kind::Vague => {}
            }
        }
        let date = day.and_then(|(d, _)| d.checked_add_signed(Duration::days(offset)));
        if let Some(c) = clock {
            return self.clock(c, date, pm).map(Due::DateTime);
        }
        if eod {
            let d = date.unwrap_or(self.today);
            return Some(Due::DateTime(d.and_hms_opt(17, 0, 0)?));
        }
        date.map(Due::Date)
    }

    /// A clock time on `date` (or the reference day), as local time in the document's zone.
    fn clock(&self, c: Clock, date: Option<NaiveDate>, pm: Option<bool>) -> Option<NaiveDateTime> {
        let zone = c.zone.unwrap_or(self.tz);
        let now = self.reference.with_timezone(&zone).naive_local();
        let twelve = |pm: bool| c.hour % 12 + if pm { 12 } else { 0 };
        let (date, hour) = match (c.reading, pm) {
            (Reading::Fixed, _) => (date.unwrap_or(now.date()), c.hour),
            _ if c.hour > 12 => (date.unwrap_or(now.date()), c.hour),
            (_, Some(pm)) => (date.unwrap_or(now.date()), twelve(pm)),
            (Reading::Next, None) if date.is_none() => {
                let time = |d: NaiveDate, h| d.and_hms_opt(h, c.minute, 0);
                let tomorrow = now.date().succ_opt()?;
                let next = [
                    time(now.date(), twelve(false)),
                    time(now.date(), twelve(true)),
                    time(tomorrow, twelve(false)),
                ]
                .into_iter()
                .flatten()
                .find(|t| *t > now)?;
                (next.date(), next.hour())
            }
            // Working hours: "at 2:30" is 14:30, "at 9:30" is 09:30.
            _ => (
                date.unwrap_or(now.date()),
                if (1..=6).contains(&c.hour) {
                    c.hour + 12
                } else {
                    c.hour
                },
            ),
        };
        let local = date.and_hms_opt(hour, c.minute, 0)?;
        if zone == self.tz {
            return Some(local);
        }
        Some(
            to_instant(local, zone)
                .with_timezone(&self.tz)
                .naive_local(),
        )
    }
}

fn minutes(c: &Captures) -> Option<u32> {
    c.name("min").map_or(Some(0), |m| m.as_str().parse().ok())
}

fn add_business_days(mut date: NaiveDate, n: u32) -> NaiveDate {
    let mut left = n;
    while left > 0 {
        date = date.succ_opt().unwrap_or(date);
        if date.weekday().num_days_from_monday() < 5 {
            left -= 1;
        }
    }
    date
}

/// Zone words after a clock time that are safe to recognise on their own.
fn zone_word(word: &str) -> bool {
    matches!(
        word,
        "et" | "est"
            | "edt"
            | "ct"
            | "cst"
            | "cdt"
            | "mt"
            | "mst"
            | "mdt"
            | "pt"
            | "pst"
            | "pdt"
            | "gmt"
            | "utc"
            | "bst"
            | "cet"
            | "cest"
            | "ist"
            | "jst"
            | "aest"
            | "aedt"
            | "eastern"
            | "central"
            | "mountain"
            | "pacific"
    )
}

fn zone_of(c: &Captures) -> Option<Tz> {
    if let Some(city) = c.name("city") {
        return city_zone(city.as_str());
    }
    let name = c.name("abbr").or_else(|| c.name("place"))?.as_str();
    let n = name.to_lowercase();
    let n = n.trim_end_matches(" time").trim();
    Some(match n {
        "et" | "est" | "edt" | "eastern" | "new york" | "ny" | "nyc" | "east coast" | "boston"
        | "toronto" => Tz::America__New_York,
        "ct" | "cst" | "cdt" | "central" | "chicago" | "texas" | "dallas" | "houston" => {
            Tz::America__Chicago
        }
        "mt" | "mst" | "mdt" | "mountain" | "denver" => Tz::America__Denver,
        "arizona" | "phoenix" => Tz::America__Phoenix,
        "pt" | "pst" | "pdt" | "pacific" | "west coast" | "la" | "los angeles" | "sf"
        | "san francisco" | "seattle" | "vancouver" => Tz::America__Los_Angeles,
        "gmt" | "utc" | "z" => Tz::UTC,
        "bst" | "uk" | "london" => Tz::Europe__London,
        "dublin" | "ireland" | "irish" => Tz::Europe__Dublin,
        "cet" | "cest" | "berlin" | "germany" | "paris" | "france" | "amsterdam" | "madrid"
        | "rome" | "brussels" | "zurich" | "stockholm" | "central european" => Tz::Europe__Berlin,
        "lisbon" => Tz::Europe__Lisbon,
        "ist" | "india" | "mumbai" | "delhi" | "bangalore" | "bengaluru" => Tz::Asia__Kolkata,
        "jst" | "tokyo" | "japan" => Tz::Asia__Tokyo,
        "singapore" | "sgt" => Tz::Asia__Singapore,
        "hong kong" => Tz::Asia__Hong_Kong,
        "dubai" => Tz::Asia__Dubai,
        "aest" | "aedt" | "sydney" => Tz::Australia__Sydney,
        "melbourne" => Tz::Australia__Melbourne,
        _ => return None,
    })
}

/// The zone of a place named in prose ("London", "the Accra office", "Rotterdam"), through
/// the same tables that read "London time".
pub fn place_zone(name: &str) -> Option<Tz> {
    let key = name.trim().to_lowercase();
    let place = match key.as_str() {
        "new york" | "ny" | "nyc" | "boston" | "toronto" => Some(Tz::America__New_York),
        "chicago" | "texas" | "dallas" | "houston" => Some(Tz::America__Chicago),
        "denver" => Some(Tz::America__Denver),
        "arizona" | "phoenix" => Some(Tz::America__Phoenix),
        "la" | "los angeles" | "sf" | "san francisco" | "seattle" | "vancouver" => {
            Some(Tz::America__Los_Angeles)
        }
        "uk" | "london" => Some(Tz::Europe__London),
        "dublin" | "ireland" => Some(Tz::Europe__Dublin),
        "berlin" | "germany" | "paris" | "france" | "amsterdam" | "madrid" | "rome"
        | "brussels" | "zurich" | "stockholm" => Some(Tz::Europe__Berlin),
        "lisbon" => Some(Tz::Europe__Lisbon),
        "india" | "mumbai" | "delhi" | "bangalore" | "bengaluru" => Some(Tz::Asia__Kolkata),
        "tokyo" | "japan" => Some(Tz::Asia__Tokyo),
        "singapore" => Some(Tz::Asia__Singapore),
        "hong kong" => Some(Tz::Asia__Hong_Kong),
        "dubai" => Some(Tz::Asia__Dubai),
        "sydney" => Some(Tz::Australia__Sydney),
        "melbourne" => Some(Tz::Australia__Melbourne),
        _ => None,
    };
    place.or_else(|| city_zone(&key))
}

/// "Frankfurt time", "Thai time", "Auckland time": a place or people named before "time",
/// through a table of common names, else any tz database city ("Bangkok", "Sao Paulo").
fn city_zone(name: &str) -> Option<Tz> {
    let key = name.trim().to_lowercase();
    let alias = match key.as_str() {
        "frankfurt" | "munich" | "hamburg" | "german" | "cologne" | "düsseldorf" | "stuttgart"
        | "leipzig" | "dresden" | "bonn" | "hanover" | "hannover" | "nuremberg" => {
            Some(Tz::Europe__Berlin)
        }
        "lyon" | "marseille" | "toulouse" | "nice" | "french" => Some(Tz::Europe__Paris),
        "manchester" | "birmingham" | "edinburgh" | "glasgow" | "leeds" | "bristol"
        | "liverpool" | "cardiff" | "belfast" | "british" => Some(Tz::Europe__London),
        "turin" | "naples" | "florence" => Some(Tz::Europe__Rome),
        "seville" | "valencia" | "bilbao" => Some(Tz::Europe__Madrid),
        "porto" => Some(Tz::Europe__Lisbon),
        "antwerp" | "ghent" => Some(Tz::Europe__Brussels),
        "basel" | "bern" | "lausanne" => Some(Tz::Europe__Zurich),
        "krakow" | "kraków" | "gdansk" | "wroclaw" => Some(Tz::Europe__Warsaw),
        "gothenburg" | "malmo" | "malmö" => Some(Tz::Europe__Stockholm),
        "osaka" | "kyoto" | "nagoya" => Some(Tz::Asia__Tokyo),
        "pune" | "hyderabad" | "chennai" | "ahmedabad" | "noida" | "gurgaon" | "gurugram"
        | "new delhi" => Some(Tz::Asia__Kolkata),
        "austin" | "san antonio" | "minneapolis" | "nashville" | "st louis" => {
            Some(Tz::America__Chicago)
        }
        "san diego" | "portland" | "las vegas" | "silicon valley" => Some(Tz::America__Los_Angeles),
        "calgary" => Some(Tz::America__Edmonton),
        "doha" => Some(Tz::Asia__Qatar),
        "jeddah" => Some(Tz::Asia__Riyadh),
        "durban" | "pretoria" => Some(Tz::Africa__Johannesburg),
        "guadalajara" => Some(Tz::America__Mexico_City),
        "bogotá" => Some(Tz::America__Bogota),
        "milan" | "italy" | "italian" => Some(Tz::Europe__Rome),
        "barcelona" | "spain" | "spanish" => Some(Tz::Europe__Madrid),
        "dutch" | "netherlands" | "rotterdam" => Some(Tz::Europe__Amsterdam),
        "swiss" | "geneva" => Some(Tz::Europe__Zurich),
        "polish" | "poland" => Some(Tz::Europe__Warsaw),
        "thai" | "thailand" => Some(Tz::Asia__Bangkok),
        "korea" | "korean" => Some(Tz::Asia__Seoul),
        "china" | "chinese" | "beijing" | "shenzhen" | "guangzhou" | "hangzhou" => {
            Some(Tz::Asia__Shanghai)
        }
        "philippines" | "philippine" | "filipino" => Some(Tz::Asia__Manila),
        "indonesia" | "indonesian" => Some(Tz::Asia__Jakarta),
        "vietnam" | "vietnamese" | "hanoi" | "saigon" => Some(Tz::Asia__Ho_Chi_Minh),
        "malaysia" | "malaysian" => Some(Tz::Asia__Kuala_Lumpur),
        "nz" | "new zealand" | "kiwi" | "wellington" => Some(Tz::Pacific__Auckland),
        "brazil" | "brazilian" | "são paulo" | "rio" | "rio de janeiro" => {
            Some(Tz::America__Sao_Paulo)
        }
        "canberra" => Some(Tz::Australia__Sydney),
        "mexico" | "mexican" => Some(Tz::America__Mexico_City),
        "kenya" | "kenyan" => Some(Tz::Africa__Nairobi),
        "nigeria" | "nigerian" => Some(Tz::Africa__Lagos),
        "south africa" | "cape town" => Some(Tz::Africa__Johannesburg),
        "uae" | "abu dhabi" => Some(Tz::Asia__Dubai),
        "saudi" => Some(Tz::Asia__Riyadh),
        "pakistan" | "pakistani" => Some(Tz::Asia__Karachi),
        "quebec" | "montreal" | "ottawa" => Some(Tz::America__Toronto),
        "atlanta" | "miami" | "washington" | "dc" | "philadelphia" => Some(Tz::America__New_York),
        "perth" => Some(Tz::Australia__Perth),
        "brisbane" | "queensland" => Some(Tz::Australia__Brisbane),
        "adelaide" => Some(Tz::Australia__Adelaide),
        _ => None,
    };
    if alias.is_some() {
        return alias;
    }
    let city = key.replace(' ', "_");
    chrono_tz::TZ_VARIANTS.iter().copied().find(|tz| {
        tz.name().contains('/')
            && tz
                .name()
                .rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(&city))
    })
}

/// The next `n` words of `rest` (lowercase, letters only), skipping spaces.
fn next_words(rest: &str, n: usize) -> Vec<String> {
    rest.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| {
            w.trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// A word naming a day, possibly possessive ("Friday's", "tomorrow's", "thu.").
pub fn is_day_word(word: &str) -> bool {
    let w = word
        .trim_end_matches(['.', ','])
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "tues"
            | "wed"
            | "weds"
            | "wensday"
            | "wendsday"
            | "wednsday"
            | "wedensday"
            | "tuseday"
            | "tusday"
            | "thrusday"
            | "thursady"
            | "firday"
            | "fryday"
            | "saterday"
            | "satruday"
            | "thu"
            | "thur"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
            | "today"
            | "tomorrow"
            | "tmrw"
            | "tmr"
            | "tonight"
    )
}

/// A noun naming a scheduled event ("the call", "shift handover", "matinee").
fn is_event(word: &str) -> bool {
    const EVENTS: &[&str] = &[
        "meeting",
        "mtg",
        "call",
        "session",
        "sync",
        "standup",
        "stand-up",
        "review",
        "presentation",
        "demo",
        "trip",
        "visit",
        "appointment",
        "interview",
        "class",
        "launch",
        "event",
        "party",
        "conference",
        "inspection",
        "hearing",
        "workshop",
        "webinar",
        "offsite",
        "kickoff",
        "kick-off",
        "huddle",
        "deposition",
        "audit",
        "walkthrough",
        "board",
        "check-in",
        "handover",
        "hand-over",
        "handoff",
        "shift",
        "matinee",
        "show",
        "performance",
        "rehearsal",
        "briefing",
        "debrief",
        "lecture",
        "seminar",
        "exam",
        "shoot",
        "flight",
        "departure",
        "delivery",
        "pickup",
        "screening",
        "training",
        "onboarding",
        "cutover",
        "go-live",
        "retro",
        "retrospective",
        "lunch",
        "dinner",
        "breakfast",
        "meetup",
        "tour",
        "viewing",
        "signing",
        "changeover",
        "catch-up",
        "catchup",
        "one-on-one",
        "pitch",
        "recording",
        "service",
        "surgery",
        "round",
        "walk-through",
        "sitting",
        "slot",
        "game",
        "match",
        "practice",
        "fitting",
    ];
    EVENTS.contains(&word) || word.strip_suffix('s').is_some_and(|w| EVENTS.contains(&w))
}

/// Words before "h.mm" that make it a time.
const TIME_PREPS: &[&str] = &[
    "at", "by", "before", "b4", "until", "till", "til", "around", "about", "from", "after", "@",
    "approx", "circa",
];

/// Words after "h.mm" that make it a quantity ("2.30 hours", "1.50 each").
const QUANTITY_UNITS: &[&str] = &[
    "a", "an", "per", "each", "apiece", "of", "euros", "euro", "dollars", "dollar", "pounds",
    "pound", "p", "pence", "cents", "usd", "eur", "gbp", "chf", "k", "m", "bn", "million",
    "billion", "percent", "pct", "points", "point", "pts", "x", "times", "hours", "hour", "hrs",
    "hr", "h", "mins", "min", "minutes", "minute", "seconds", "second", "secs", "sec", "s", "days",
    "day", "weeks", "months", "years", "kg", "g", "km", "mi", "miles", "lbs", "lb", "mb", "gb",
    "tb", "ms", "mm", "cm", "litres", "liters", "ml", "degrees", "release", "version", "update",
    "stars", "star", "goals", "meters", "metres", "ratio", "odds", "mg", "units",
];

/// Words that make the number after them (or after their preposition) a quantity or
/// version ("version 2.30", "priced at 2.30").
const QUANTITY_NOUNS: &[&str] = &[
    "version",
    "ver",
    "v",
    "release",
    "rel",
    "build",
    "rev",
    "revision",
    "patch",
    "chapter",
    "section",
    "sec",
    "figure",
    "fig",
    "table",
    "step",
    "item",
    "page",
    "pp",
    "rule",
    "clause",
    "article",
    "para",
    "paragraph",
    "no",
    "number",
    "price",
    "prices",
    "rate",
    "rates",
    "cost",
    "costs",
    "trading",
    "trades",
    "traded",
    "closed",
    "opened",
    "valued",
    "pegged",
    "peaked",
    "sits",
    "stands",
    "stood",
    "stock",
    "shares",
    "score",
    "scored",
    "ratio",
    "odds",
    "level",
    "grade",
    "scale",
    "factor",
    "usd",
    "eur",
    "gbp",
    "weighs",
    "weighed",
    "measured",
    "sold",
    "bought",
    "fixed",
    "set",
    "estimated",
    "forecast",
    "growth",
    "inflation",
    "yield",
    "is",
    "was",
    "of",
    "were",
    "are",
    "be",
    "been",
    "around",
    "about",
    "from",
    "to",
];

/// Words that may not sit between a time and its event's day: they start another clause.
const GAP_STOP_WORDS: &[&str] = &[
    "and", "or", "but", "then", "also", "plus", "so", "because", "if", "when", "while", "i", "we",
    "you", "he", "she", "they", "it", "me", "us", "him", "them", "is", "are", "was", "were", "be",
    "will", "would", "can", "could", "should", "please", "pls", "to", "not", "no", "at", "by",
    "before", "until", "after", "from", "since", "last", "every", "each",
];

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

const DEADLINE_WORDS: &[&str] = &[
    "by", "before", "b4", "until", "till", "til", "due", "than", "latest",
];

const MONTHS: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?P<prefix>next|nxt|this\s+coming|this|coming|last|past|previous|every\s+other|every|each)\s+)?(?P<name>monday|tuesday|wednesday|thursday|friday|saturday|sunday|wensday|wendsday|wednsday|wedensday|tuseday|tusday|thrusday|thursady|firday|fryday|saterday|satruday|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)(?P<plural>s)?\b(?:'s|’s)?(?:\s+(?:of\s+)?(?P<nextweek>(?:next|nxt)\s+(?:week|wk)|the\s+following\s+week)\b|\s+(?P<afternext>after\s+next)\b|\s+(?P<weeklater>week)\b|\s+(?P<nextafter>next|nxt)\b)?",
    )
});

/// A date right after a short weekday ("Sun, Mar 22", "Wed 3/18").
static DATE_AHEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^,?\s+(?:[0-9]{{1,2}}\b|{MONTHS}\b|the\s+[0-9])"
    ))
});

/// The first hour of a range just before a clock time ("5-" of "5-7pm", "9:30 to ").
static RANGE_START: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^\d:.,/])(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s*(?:-|–|to)\s*$"));

static RELATIVE_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?P<after>(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw))|(?P<week>this\s+time\s+next\s+week)|(?P<tomorrow>tomorrow|tmrw|tmr|tmw|tmro|tmrow|tomoz|2morrow|2moro|2mrw|2morow|tomorow|tommorow|tommorrow|tomorro|tomorrw|mañana|manana|amanhã|amanha|demain|domani)|(?P<today>today|tdy|2day|later\s+today|within\s+the\s+hour|this\s+morning|hoy|hoje|heute|oggi)|tonight|tonite|2nite|(?:this|later\s+this)\s+(?:afternoon|evening|arvo))\b",
    )
});

static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:first\s+thing(?:\s+in\s+the\s+morning)?|(?:(?:in|by)\s+the\s+)?(?:morning|afternoon|evening|arvo)|night|(?P<lunch>lunch(?:time)?))\b",
    )
});

static EOD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?P<eod>(?:the\s+)?end\s+of\s+(?:the\s+)?(?:(?:business|work(?:ing)?)\s+)?day|end\s+of\s+business|(?:close|end)\s+of\s+(?:business|play)|eod|cob|eob|(?P<hyphen>end-of-(?:the-)?(?:business-)?day))\b|(?P<eod2>end\s+of)\s+(?:today|tomorrow|tmrw)\b)",
    )
});

static END_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:the\s+)?(?:end|last\s+day)\s+of\s+(?:the\s+|this\s+)?(?:(?P<next>next|nxt)\s+)?(?:week|wk|month|quarter|qtr|year|q(?P<q>[1-4]))\b|(?:eow|eom|eoq|eoy)\b|(?P<hyphen>(?:end-of-(?:the-)?(?:week|month|quarter|year)|(?:week|wk|month|quarter|year)[- ]end))\b)",
    )
});

static BY_WEEKEND: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:by|before)\s+the\s+weekend\b"));

static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:the\s+)?(?:day|(?P<n>[0-9]{1,2}|a|one|two|three|four|five|six|seven)\s+(?P<unit>days?|weeks?))\s+(?P<dir>before|after|prior\s+to|from|on)\b",
    )
});

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:in|within)\s+(?:the\s+next\s+|another\s+)?(?P<n>[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\s+)?couple(?:\s+of)?)\s*(?P<unit>business\s+days?|working\s+days?|days?|weeks?|wks?|months?|hours?|hrs?|h|fortnight)\b|(?P<n2>[0-9]{1,2}|an?|one|two|three|four|five|six)\s+(?P<unit2>days?|weeks?|months?)\s+from\s+(?P<from>today|now|tomorrow))",
    )
});

/// A day of the month in words: "sixth November", "the fifteenth of March".
const DAY_WORDS: &str = r"(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth";

/// The day "sixth" or "twenty-first" names.
fn day_word(word: &str) -> Option<u32> {
    const UNITS: [&str; 9] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    ];
    const TEENS: [&str; 11] = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    let w = word.to_ascii_lowercase().replace(['-', ' '], "");
    let unit = |u: &str| UNITS.iter().position(|x| *x == u).map(|i| i as u32 + 1);
    if let Some(u) = w.strip_prefix("twenty").and_then(unit) {
        return Some(20 + u);
    }
    if let Some(u) = w.strip_prefix("thirty").and_then(unit) {
        return Some(30 + u);
    }
    match w.as_str() {
        "thirtieth" => Some(30),
        _ => unit(&w).or_else(|| TEENS.iter().position(|x| *x == w).map(|i| i as u32 + 10)),
    }
}

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:(?P<m1>{MONTHS})\.?\s+(?:the\s+)?(?P<d1>[0-9]{{1,2}}|{DAY_WORDS})(?:st|nd|rd|th)?\b|(?P<d2>[0-9]{{1,2}}|{DAY_WORDS})(?:st|nd|rd|th)?\s+(?P<of>of\s+)?(?P<m2>{MONTHS})\b\.?)(?:,?\s+(?P<y>(?:19|20)[0-9]{{2}})\b)?"
    ))
});

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?P<date>(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2}))(?:[T ](?P<time>(?P<h>[0-9]{2}):(?P<min>[0-9]{2})))?\b",
    )
});

/// Whether numeric dates in this zone are written month first ("7/4" is July 4th).
fn month_first(tz: Tz) -> bool {
    let name = tz.name();
    matches!(
        name,
        "Asia/Manila"
            | "Pacific/Honolulu"
            | "Pacific/Guam"
            | "EST5EDT"
            | "CST6CDT"
            | "MST7MDT"
            | "PST8PDT"
    ) || name.starts_with("US/")
        || [
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
            "America/Phoenix",
            "America/Anchorage",
            "America/Detroit",
            "America/Boise",
            "America/Juneau",
            "America/Indiana/",
            "America/Kentucky/",
            "America/North_Dakota/",
            "America/Menominee",
            "America/Adak",
            "America/Sitka",
            "America/Nome",
            "America/Yakutat",
            "America/Metlakatla",
            "America/Puerto_Rico",
        ]
        .iter()
        .any(|z| name.starts_with(z))
}

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?P<a>[0-9]{1,2})[/.](?P<b>[0-9]{1,2})(?:[/.](?P<y>[0-9]{4}|[0-9]{2}))?\b")
});

/// What may stand between a day and the part of it named next ("Friday after lunch").
static DAY_THEN_PART: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^,?\s*(?:after|before|at|by|until|till|around)?\s*$"));

static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?P<the>the\s+)?(?:(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)|(?P<w>{DAY_WORDS}))\b(?P<of>\s+of\s+(?:the\s+|this\s+)?(?:(?P<next>next)\s+)?month\b)?",
    ))
});

static MONTH_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?P<lead>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of|in|during|by|until|till|throughout|for)[\s-]+(?P<month>{MONTHS})\b"
    ))
});

static DIGIT_AHEAD: LazyLock<Regex> = LazyLock::new(|| re(r"^\.?\s*(?:the\s+)?[0-9]"));

static AMPM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?P<h>[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:[:.](?P<min>[0-5][0-9]))?(?:\s?(?P<ap>[ap])\.?m\b\.?|(?P<ap_short>[ap])\b)",
    )
});

/// "a quarter past 10", "quarter to five", "half past 4", "half 5" (half past, in Britain).
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:a\s+)?quarter\s+(?P<qd>past|after|to|till|til|of)|half\s+past|(?P<half>half))\s+(?P<h>[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?:\s?(?P<ap>[ap])\.?m\b\.?)?",
    )
});

/// Holidays on a fixed date.
static HOLIDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:christmas\s+eve|christmas(?:\s+day)?|xmas|boxing\s+day|new\s+year(?:'s|’s|s)?\s+(?:eve|day)|halloween|valentine(?:'s|’s|s)?\s+day)\b",
    )
});

static AMPM_AHEAD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s?[ap]\.?m\b"));

static ZULU: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?P<h>[01][0-9]|2[0-3]):?(?P<min>[0-5][0-9])Z\b"));

static HHMM: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?P<h>[0-9]{1,2}):(?P<min>[0-5][0-9])(?::[0-5][0-9])?\b"));

static EVENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^[ \t]+(?P<a>[A-Za-z][A-Za-z-]*)\b(?:[ \t]+(?P<b>[A-Za-z][A-Za-z-]*)\b)?")
});

/// "2.30": a clock time only in context (see `dotted_time`).
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?P<h>[0-9]{1,2})\.(?P<min>[0-5][0-9])\b"));

/// A time right after a short weekday ("Wed 14h", "Sat, 10:30", "Mon 9am").
static TIME_AHEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^,?\s+(?:(?:at\s+|@\s*)?[0-9]{1,2}(?:[:.][0-5][0-9]|h(?:[0-5][0-9])?\b|\s?[ap]\.?m\b)|(?:eod|cob|noon|midday|morning|am|pm|afternoon|evening|lunch(?:time)?|latest|end of (?:the )?day|close of business)\b)",
    )
});

static MILITARY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?P<h>[01][0-9]|2[0-3])(?P<min>[0-5][0-9])\s?(?:hrs|hr|h|hours|(?P<local>(?-i:LT)))\b",
    )
});

static MILITARY_BARE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?P<h>[01][0-9]|2[0-3])(?P<min>[0-5][0-9])\b"));

static HOUR_H: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?P<h>[0-9]{1,2})h(?P<min>[0-5][0-9])?\b"));

static BARE_HOUR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?:\b(?P<prep>by|at|before|until|till|til|b4|around)|(?P<at>@))\s*)?\b(?P<n>[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?P<oclock>\s*o['’]?clock\b)?",
    )
});

static NOON: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:12\s+)?(?P<w>noon|midday|mid-day|midnight)\b"));

/// A zone right after a clock time: "2pm ET", "10:00 London time", "9am (PT)".
static ZONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*\(?\s*(?:(?P<abbr>ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|IST|JST|AEST|AEDT|SGT)\b|(?P<place>(?i:eastern|central|mountain|pacific|central\s+european|east\s+coast|west\s+coast|new\s+york|ny|nyc|boston|toronto|chicago|texas|dallas|houston|denver|arizona|phoenix|la|los\s+angeles|sf|san\s+francisco|seattle|vancouver|uk|london|dublin|ireland|irish|berlin|germany|paris|france|amsterdam|madrid|rome|brussels|zurich|stockholm|lisbon|india|mumbai|delhi|bangalore|bengaluru|tokyo|japan|singapore|hong\s+kong|dubai|sydney|melbourne)(?i:\s+time)\b|(?i:eastern|central|mountain|pacific)\b)|(?P<city>(?-i:[A-Z][a-zà-ÿ]+)(?:\s(?-i:[A-Z][a-zà-ÿ]+))?)(?i:\s+time)\b|(?i:(?:your|my|local)\s+time)\b)\)?",
    )
});

/// A capitalised city right after a clock time and closing the clause, without "time":
/// "9am London?", "at 4pm Sydney, not ours".
static BARE_CITY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s+(?P<place>(?-i:London|Dublin|Berlin|Paris|Amsterdam|Madrid|Rome|Brussels|Zurich|Stockholm|Lisbon|Mumbai|Delhi|Bangalore|Bengaluru|Tokyo|Singapore|New York|NYC|Boston|Toronto|Chicago|Dallas|Houston|Denver|Phoenix|Los Angeles|San Francisco|Seattle|Vancouver|Sydney|Melbourne|Hong Kong|Dubai))(?:\s*[?.!,;)]|\s*$|\s+(?:and|or|on|tomorrow|today)\b)",
    )
});

static DAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today)\b",
    )
});
/// Words between a clock time and a zone named later: "9am call on Monday, London time".
static LATE_ZONE_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:[\s,]+(?:the|call|meeting|session|slot|deadline|cut-?off|on|this|next|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|morning)\b){1,4}[\s,]+",
    )
});

static DAY_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–|to|through|thru)\s*\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–)\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)\b",
    )
});

static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:(?:early|earlier|late|later|sometime|some\s+time|mid|middle\s+of|beginning\s+of|start\s+of|by)[\s-]+)?(?:(?:in\s+)?the\s+)?(?:this|next|nxt|coming)\s+(?:week|wk|month|weekend)|later\s+in\s+the\s+week|the\s+week\s+after\s+next|within\s+the\s+week|mid[\s-]?(?:month|week)|midweek|soon|shortly|asap|a\.s\.a\.p|as\s+soon\s+as\s+possible|right\s+away|straight\s+away|immediately|at\s+once|at\s+your\s+earliest\s+convenience|in\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks)|in\s+a\s+few\s+(?:days|weeks)|(?:over|during)\s+the\s+weekend|every\s+(?:other\s+)?(?:day|morning|evening|night|week|month|weekday|business\s+day))\b",
    )
});

static SOON_AS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s+as\b"));

/// The word introducing a phrase, kept in its span ("*by* Friday").
static PREP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?P<p>(?:no|not)\s+later\s+than|(?:due\s+)?(?:by|before|on|until|till|til|at)|b4|due|for|from|after|latest\s+by))[ \t]*$",
    )
});
