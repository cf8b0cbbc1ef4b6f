//! Splits a raw document into messages (email bodies, chat lines, transcript
//! utterances), each with its speaker, addressee, own timestamp and the byte
//! ranges of its content lines, so later stages never see quote markers,
//! headers or signatures.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike};
use regex::Regex;

use crate::{Document, Kind, Person, Tz, people};

/// Who a message is addressed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addr {
    Unknown,
    Person(String),
    Group,
}

#[derive(Debug, Clone)]
pub struct Message {
    /// Participant id of the sender/speaker, when known.
    pub speaker: Option<String>,
    /// For action-item bullets ("- Liam: send X"): the named owner.
    pub owner: Option<String>,
    /// True for action-item bullets.
    pub action_item: bool,
    pub addressee: Addr,
    /// Paragraphs, each a list of content line ranges in the document text.
    pub paras: Vec<Vec<Range<usize>>>,
    /// When this message was written.
    pub reference: DateTime<Tz>,
    /// Newest message of an email (where subject markers apply).
    pub newest: bool,
    /// Raw speaker label ("Speaker 2") when it names no participant.
    pub label: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub messages: Vec<Message>,
    /// Priority word found in an email subject ("URGENT: ...").
    pub subject: String,
}

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(from|to|cc|bcc|subject|date|sent|reply-to)\s*:\s*(.*)$").unwrap()
});
/// A reply's attribution line, as mail clients write it in English, Spanish, French,
/// Italian and Portuguese ("El lun, 4 may 2026 a las 18:40, X (<x@y>) escribió:"), or in
/// German and Dutch, where the name follows the verb ("Am Mo., 4. Mai 2026 um 18:40 schrieb
/// X <x@y>:"). Each opening word goes with its own verb, and outside English the colon is
/// required, so "Em and I went through what Sam wrote" stays body text.
static ON_WROTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:on\s.{3,200}\bwrote\s*:?|el\s.{3,200}\bescribió\s*:|le\s.{3,200}\ba\s+écrit\s*:|il\s.{3,200}\bha\s+scritto\s*:|em\s.{3,200}\bescreveu\s*:|(?:am|op)\s.{3,200}\b(?:schrieb|schreef)\s.{1,200}:)\s*$").unwrap()
});
/// Where the verb of an attribution line starts: the sender's name is just before it, or
/// just after it in German and Dutch.
static WROTE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:wrote|escribió|a\s+écrit|ha\s+scritto|escreveu|(?P<after>schrieb|schreef))\b",
    )
    .unwrap()
});
static ORIGINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*-{2,}\s*(original message|forwarded message)\s*-*\s*$").unwrap()
});
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(thanks( again| so much| a lot)?|thank you( so much)?|thx|ty|many thanks|best( regards| wishes)?|all the best|regards|kind regards|warm regards|warmly|cheers|sincerely|yours( truly| sincerely)?|talk soon|take care|speak soon|have a (good|great|nice) (day|week|weekend)|--|-- |—|sent from my \w+.*)\s*[,.!]*\s*$").unwrap()
});
static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(hi|hello|hey|dear|good morning|good afternoon|morning|greetings|hiya)\b[\s,]*([^,!:\n]{0,60}?)\s*[,!:.]?\s*$").unwrap()
});
static GROUP_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(all|everyone|everybody|team|both|both of you|folks|guys|y'all|you all|all of you|everyone else|team \w+|\w+ team|drivers|staff)$").unwrap()
});
/// "[10:02] Jess: ...", "[00:00:02.14 - 00:00:11.80] SPEAKER_00: ..." (a stamped range).
static BRACKET_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\[([^\]]{1,40})\]\s*(@?[^:\n]{1,50}?)\s*:\s?(.*)$").unwrap());
static NAME_BRACKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\[(?P<name>[\p{L}][\p{L}0-9_ .'’\-]{1,40})\]\s*:?\s+(?P<body>\S.*)$").unwrap()
});
/// "00:01:05 Josh: ..." / "14:02 - Josh: ..." / "(14:02) Josh: ..." / "00:00:04 | Josh Lee |
/// ...": a clock stamp before the speaker. Zoom's meeting chat adds "From" and whom it went
/// to ("16:30:12 From Jess Park to Everyone:", the words on the next line).
static STAMP_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*[(<]?(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,3})?)?(?:\s*[ap]\.?m\.?)?)[)>]?\s*[-–—|]?\s+(?:from\s+)?(@?[\p{L}][\p{L}0-9 ._'’\-]{0,40}?)(?:\s+to\s+[^:|]{1,40}?)?\s*[:|]\s?(.*)$").unwrap()
});
/// "Jess Park: ...", "Jess (10:02): ...", "Jess Park | 00:05 | ...", "Jess Park: [00:05]
/// ...", "— Jess Park, Oct 28, 4:30 PM: ...", "Jess Park > ...": a speaker and their words
/// on one line.
static NAME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:[—–]\s+)?(?:\*{{1,2}}|_{{1,2}})?(?P<name>@?[\p{{L}}][\p{{L}}0-9 ._'’\-]{{0,40}}?)(?:\*{{1,2}}|_{{1,2}})?\s*(?:[(\[](?P<stamp>[^)\]]{{1,20}})[)\]]|\s(?P<bare>{STAMP})|\s*\|\s*(?P<piped>{STAMP})|,\s+(?P<comma>(?:{MONTH}\s+\d{{1,2}},?\s+)?{STAMP}))?\s*[:|>](?:\*{{1,2}}|_{{1,2}})?\s+(?:[(\[](?P<after>{STAMP})[)\]]\s+)?(?P<body>.*)$",
    ))
    .unwrap()
});
static SLACK_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:\*{1,2}|_{1,2})?(@?[\p{L}][\p{L}0-9 .'’\-]{0,40}?)(?:\s+\([\p{L}][^)]{0,30}\))?(?:\*{1,2}|_{1,2})?\s*[,|·•]?\s+[\[(]?(?P<wd>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)[\])]?\s*$",
    )
    .unwrap()
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*•·–|]|\d{1,2}[.)]|\(?[a-h]\)|\[ ?\]|(?:AI|A/I|ACTION|Action|Action item|ACTION ITEM|TODO|To-do|To do)\s*[:\-–]|\[(?:AI|ACTION|Action|TODO)\])\s+(.*)$").unwrap()
});
/// The label of a bot's comment, dropped once the thread is read.
const BOT: &str = "\u{1}bot";
/// "tnowak commented on Mar 27", "jweber approved these changes on Mar 31": a GitHub pull
/// request's comment header; "Vikram Rao commented on DATA-1298 (28/May/26 4:47 PM):" a
/// Jira notification's.
static GITHUB_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?P<who>@?[\w.\-]+|[\p{L}][\p{L}'’\-]*(?:\s[\p{L}][\p{L}'’\-]*){1,2})(?P<bot>\s+bot)?\s+(?:commented|requested changes|approved these changes|reviewed|left a comment)(?:\s+on\s+(?P<on>[a-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)|\s+on\s+[A-Z][A-Z0-9]+-\d+(?:\s+\((?P<stamp>[^)]{4,40})\))?)\s*:?\s*$").unwrap()
});
/// "Ethan Brooks @ebrooks · Oct 26, 2026 10:14am": a GitLab merge request's comment header
/// ("GitLab Security Bot @gitlab-security-bot · ..." a bot's).
static GITLAB_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?P<who>[\p{{L}}][\p{{L}}'’.\-]*(?:\s[\p{{L}}][\p{{L}}'’.\-]*){{0,3}}?)(?P<bot>\s+bot)?\s+@(?P<handle>[\w.\-]+)\s+·\s+(?P<on>{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)\s+(?P<clock>{STAMP})\s*$"
    ))
    .unwrap()
});
/// "olu_a — Today at 10:15 AM": a Discord export's message header.
static DISCORD_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(@?[\p{L}][\p{L}0-9 ._'’\-]{0,40}?)\s*[—–-]\s*(?:today|yesterday|\d{1,2}/\d{1,2}/\d{2,4})\s+at\s+(\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)\s*$").unwrap()
});
/// A numbered agenda heading: a few capitalised words, no sentence ("Weather",
/// "RFI 42 - roof purlin spacing").
static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Lu}[^.!?:]{0,60}$").unwrap());
static CHECKBOX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[(?P<mark>[ xX✓✔]?)\]\s*").unwrap());
static BULLET_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(@?[\p{L}][\p{L}.'’\-]{0,20}(?:\s[\p{L}][\p{L}.'’\-]{0,20})?)\s*(?::|-|–|—|\|)\s+(.*)$",
    )
    .unwrap()
});
/// "Known-issues list for the community team - Chloé, by Wednesday": an item, then its owner
/// after a dash, then perhaps its date.
static OWNER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\S.{2,120}?\s[-–—|]\s+(?P<n>@?[\p{Lu}][\p{L}.'’\-]{0,20}(?:\s[\p{Lu}][\p{L}.'’\-]{0,20})?|me)\s*(?:,|;|\s[-–—|]\s|\(|$)",
    )
    .unwrap()
});
static BULLET_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(@?[\p{L}][\p{L}.'’\-]{0,20}(?:\s[\p{L}][\p{L}.'’\-]{0,20})?)\s+(?:to|will)\s+(.*)$",
    )
    .unwrap()
});
/// A WebVTT or SRT cue's timing line ("00:01:05.120 --> 00:01:09.000 align:start"): when
/// the next cue was said.
static CUE_TIMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<h>\d{1,2}:)?(?P<ms>\d{1,2}:\d{2})[.,]\d{1,3}\s*-->\s*\S+.*$").unwrap()
});
/// What a subtitle file carries besides its cues: the "WEBVTT" header, NOTE, STYLE and
/// REGION blocks' first lines.
static CUE_FILE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:WEBVTT\b|NOTE\b|STYLE\s*$|REGION\s*$)").unwrap());
/// "<v Jess Park>Can you send it?</v>": a WebVTT voice span (Teams and Meet exports).
static VOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*<v(?:\.[^\s>]+)*\s+(?P<name>[^>]{1,60})>(?P<body>.*?)(?:</v>)?\s*$").unwrap()
});
/// "<ana> can you send it?", "[16:30:12] <Jess Park> ...", "[04/12/2025 18:20] <Jess Park>
/// ..." (Element): an IRC or Matrix log line.
static IRC_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[\[(]?(?P<stamp>(?:\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4},?\s+)?\d{1,2}:\d{2}(?::\d{2})?)[\])]?\s*)?<(?P<name>@?[\p{L}][\p{L}0-9._\- ]{0,30})>\s+(?P<body>\S.*)$").unwrap()
});
/// A line that only names who speaks next, the words on the lines below: "[4:30 PM] Jess
/// Park" (Teams), "Jess Park (00:05):" (Rev), "[Jess Park] 16:30:05" (Zoom), "Jess Park:".
/// A bare name must be followed by a line holding only a stamp (Otter, Descript).
/// Also with the day in the stamp and other separators: "[02/02/2026 07:41] Sipho Dlamini"
/// (Teams), "sakura_pm — 05/29/2026 11:02 PM" and "[23-Sep-26 02:10 PM] eva.jansen"
/// (Discord), "@0:09 - Harper Wells" (Fathom), "Ayesha Siddiqui, [13.08.26
/// 20:31]" (Telegram), "00:00:03 Chiamaka Eze" (a stamp, then the name).
static SPEAKER_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    // A clock stamp, perhaps after its day ("13.08.26 20:31", "05/29/2026 11:02 PM").
    let day_stamp =
        format!(r"(?:\d{{1,4}}[/.\-](?:\d{{1,2}}|{SHORT_MONTH})[/.\-]\d{{1,4}},?\s+)?{STAMP}");
    Regex::new(&format!(
        r"(?i)^\s*(?:(?:[\[(](?P<pre>{day_stamp})[\])]|@?(?P<pre_bare>{day_stamp}))\s*[-–—|]?\s*)?(?P<open>\*{{1,2}}|_{{1,2}}|\[)?(?P<name>[\p{{L}}][\p{{L}}'’\-]*,\s[\p{{L}}][\p{{L}}'’\-]*|@?[\p{{L}}][\p{{L}}0-9 ._'’\-]{{0,40}}?)(?:\s+\((?P<role>[\p{{L}}][^)]{{0,30}})\))?(?:\*{{1,2}}|_{{1,2}}|\])?\s*(?:(?P<sep>[,—–|]|\s-)?\s*(?:[\[(](?P<post>{day_stamp})[\])]|(?P<bare>{day_stamp})))?\s*(?P<colon>:)?\s*$",
    ))
    .unwrap()
});

/// A line holding only a stamp ("00:00:05", "4:30 PM").
static STAMP_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^\s*[\[(]?(?P<t>{STAMP})[\])]?\s*$")).unwrap());
/// A clock stamp in a chat or transcript: "4:30 PM", "00:12:31".
const STAMP: &str = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?";
/// "(Priya)" after a list item: who owns it.
static OWNER_IN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?P<n>@?[\p{L}][\p{L} .'’\-]{0,40})\)").unwrap());
static SPEAKER_N: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:speaker[\s_\-]*(?:\d+|[a-z])|spk[\s_\-]*\d+|s\d{1,2}|(?:unknown|unidentified)(?:\s+speaker)?(?:\s*\d+)?)$").unwrap()
});
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*([ap])?\.?m?\.?\b").unwrap()
});
static MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)(?:,?\s+(\d{4}))?").unwrap()
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap());
static DATED_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^\s*\[?(?P<d>\d{{1,4}}[/.\-]\d{{1,2}}[/.\-]\d{{1,4}}|{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?),?\s+(?P<t>\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?)\]?\s*(?:[-–|]\s*)?(?P<n>[^:|\n]{{1,50}}?)\s*[:|]\s?(?P<b>.*)$")).unwrap()
});
/// A month's short name ("Sep" in "23-Sep-26").
const SHORT_MONTH: &str = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)";
/// A month by name, short or long ("Mar", "March", "Sept.").
const MONTH: &str = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?";
static DATE_IN_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<d>\d{{1,4}}[/.\-](?:\d{{1,2}}|{SHORT_MONTH})[/.\-]\d{{1,4}})"
    ))
    .unwrap()
});
static SELF_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:hi|hey|hello|morning)[,!]?\s+)?(?:this is|it's|its|i'm|i am|my name is)\s+(?P<a>[\p{L}][\p{L}'\-]*(?:\s[\p{Lu}][\p{L}'\-]*)?)|^\W*(?P<b>[\p{L}][\p{L}'\-]*(?:\s[\p{Lu}][\p{L}'\-]*)?)\s+here\b").unwrap()
});
static THANKS_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^\W*|[.!?]\s+)(?:thanks|thank you|thx|cheers|great|perfect|good)[,!.]?\s+(?P<n>[\p{L}][\p{L}.'\- ]{1,40}?)\s*[.!]*\s*$").unwrap()
});
static ADDRESS_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.?!]\s+)\W*(?P<n>[\p{Lu}][\p{L}'\-]*(?:\s[\p{Lu}][\p{L}'\-]*)?)\s*,\s")
        .unwrap()
});
static EMAIL_ADDR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<?[\w.+\-]+@[\w\-]+(\.[\w\-]+)+>?").unwrap());

/// One physical line: its full range, quote depth and content range.
struct Line {
    depth: usize,
    content: Range<usize>,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let mut end = pos;
        let bytes = text.as_bytes();
        while end > start && (bytes[end - 1] == b'\n' || bytes[end - 1] == b'\r') {
            end -= 1;
        }
        // Strip quote markers ("> > text").
        let mut depth = 0;
        let mut c = start;
        loop {
            let mut d = c;
            while d < end && bytes[d] == b' ' {
                d += 1;
            }
            if d < end && bytes[d] == b'>' {
                depth += 1;
                c = d + 1;
            } else {
                break;
            }
        }
        if depth > 0 && c < end && bytes[c] == b' ' {
            c += 1;
        }
        out.push(Line {
            depth,
            content: c..end,
        });
    }
    out
}

fn blank(text: &str, r: &Range<usize>) -> bool {
    text[r.clone()].trim().is_empty()
}

/// Splits `text` into messages according to the document kind.
pub fn parse(doc: &Document) -> Parsed {
    match doc.kind {
        Kind::Email => parse_email(doc),
        Kind::Chat | Kind::Transcript => parse_lines(doc),
    }
}

fn other_participant(doc: &Document, me: Option<&str>) -> Option<String> {
    if doc.participants.len() == 2
        && let Some(me) = me
    {
        return doc
            .participants
            .iter()
            .find(|p| p.id != me)
            .map(|p| p.id.clone());
    }
    None
}

/// Resolves a header value like "Owen Reed <owen@x.io>, Ana <a@x.io>".
fn header_people(people: &[Person], value: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in value.split([',', ';']) {
        let email = EMAIL_ADDR
            .find(part)
            .map(|m| m.as_str().trim_matches(['<', '>']).to_string());
        let name = EMAIL_ADDR.replace_all(part, "");
        let name = name.trim().trim_matches('"');
        let id = people::resolve(people, name)
            .or_else(|| email.and_then(|e| people::resolve(people, &e)));
        if let Some(id) = id {
            out.push(id);
        }
    }
    out
}

/// Best-effort date of a quoted message header ("On Tue, Aug 31, 2027 at 4:52 PM X wrote:").
fn header_time(line: &str, fallback: DateTime<Tz>) -> DateTime<Tz> {
    let tz = fallback.timezone();
    let mut date = None;
    if let Some(c) = ISO_DATE.captures(line) {
        date = NaiveDate::from_ymd_opt(
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        );
    }
    let mut rest_start = 0;
    if date.is_none()
        && let Some(c) = MONTH_DATE.captures(line)
    {
        date = month_date(&c, fallback.date_naive());
        rest_start = c.get(0).map(|m| m.end()).unwrap_or(0);
    }
    let Some(date) = date else { return fallback };
    let mut time = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    for c in CLOCK.captures_iter(&line[rest_start..]) {
        if c.get(2).is_none() && c.get(3).is_none() {
            continue;
        }
        if let Some(t) = clock(&c) {
            time = t;
            break;
        }
    }
    tz.from_local_datetime(&date.and_time(time))
        .earliest()
        .unwrap_or(fallback)
}

fn clock(c: &regex::Captures) -> Option<NaiveTime> {
    let mut h: u32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c
        .get(2)
        .map(|m| m.as_str().parse().unwrap_or(0))
        .unwrap_or(0);
    if let Some(ap) = c.get(3) {
        let pm = ap.as_str().eq_ignore_ascii_case("p");
        if h == 12 {
            h = 0;
        }
        if pm {
            h += 12;
        }
    }
    NaiveTime::from_hms_opt(h, m, 0)
}

/// Chat/transcript stamp ("2:14 PM", "09:15") -> that time on the reference
/// date, or the day before when it would lie after the reference.
fn stamp_time(stamp: &str, reference: DateTime<Tz>, meeting: bool) -> DateTime<Tz> {
    if let Some(c) = DATE_IN_STAMP.captures(stamp) {
        let rest = &stamp[c.get(0).map(|m| m.end()).unwrap_or(0)..];
        if CLOCK.is_match(rest) {
            return dated_time(&c["d"], rest, reference);
        }
    }
    // Only "9:05" or "9am"-like stamps are clock times, not "2026-03".
    let clocked = CLOCK
        .captures_iter(stamp)
        .find(|c| c.get(2).is_some() || c.get(3).is_some());
    if let Some(c) = clocked
        && let Some(t) = clock(&c)
    {
        let tz = reference.timezone();
        let mut date = reference.date_naive();
        if meeting {
            // A transcript's reference is when the meeting started, so its stamps come
            // after it: the same day, the next one past midnight, or ("[00:12:31]") time
            // elapsed since the start.
            let (start, at) = (reference.time().hour(), t.hour());
            let hour_before = reference
                .time()
                .num_seconds_from_midnight()
                .saturating_sub(3600);
            if t.num_seconds_from_midnight() >= hour_before {
                return tz
                    .from_local_datetime(&date.and_time(t))
                    .earliest()
                    .unwrap_or(reference);
            }
            // "(02:40)" in a meeting from 21:00 is time elapsed, not 2:40 at night;
            // only a late meeting runs just past midnight.
            if start >= 22 && at < 1 {
                date += Duration::days(1);
                return tz
                    .from_local_datetime(&date.and_time(t))
                    .earliest()
                    .unwrap_or(reference);
            }
            if at < 6 {
                return reference + Duration::seconds(i64::from(t.num_seconds_from_midnight()));
            }
            return reference;
        }
        let slack = reference.time().num_seconds_from_midnight() as i64 + 60;
        if (t.num_seconds_from_midnight() as i64) > slack && slack < 86_400 {
            date -= Duration::days(1);
        }
        if let Some(dt) = tz.from_local_datetime(&date.and_time(t)).earliest() {
            return dt;
        }
    }
    reference
}

fn parse_email(doc: &Document) -> Parsed {
    let text = doc.text;
    let ls = lines(text);
    let mut parsed = Parsed::default();
    let mut i = 0;
    let mut to: Vec<String> = Vec::new();
    // Top header block.
    while i < ls.len() {
        let l = &text[ls[i].content.clone()];
        if ls[i].depth == 0
            && let Some(c) = HEADER.captures(l)
        {
            let key = c[1].to_lowercase();
            if key == "subject" {
                parsed.subject = c[2].to_string();
            } else if key == "to" {
                to = header_people(doc.participants, &c[2]);
            }
            i += 1;
            continue;
        }
        break;
    }
    struct Raw {
        sender: Option<String>,
        reference: DateTime<Tz>,
        lines: Vec<Range<usize>>,
        newest: bool,
        /// Which message of the chain this part is of: answers written inline ("[KD]
        /// Booked yesterday") split one quoted message into parts of one run.
        run: usize,
    }
    impl Raw {
        /// An older part of the chain, in run `run`, with no lines yet.
        fn part(sender: Option<String>, reference: DateTime<Tz>, run: usize) -> Raw {
            Raw {
                sender,
                reference,
                lines: Vec::new(),
                newest: false,
                run,
            }
        }
    }
    let mut raws: Vec<Raw> = vec![Raw {
        sender: doc.author.map(str::to_string),
        reference: doc.reference,
        lines: Vec::new(),
        newest: true,
        run: 0,
    }];
    // Answers written inline under a quoted message's points ("[KD] Booked yesterday").
    struct Inline {
        /// The quoted message's writer and time, to go back to after an answer.
        sender: Option<String>,
        when: DateTime<Tz>,
        /// Who is answering, and the depth of the answer's line.
        who: String,
        depth: usize,
        /// Whether the last part is an answer, and whether a blank line has ended it.
        in_answer: bool,
        ended: bool,
    }
    let mut inline: Option<Inline> = None;
    let mut depth = 0usize;
    let mut in_outlook_header = false;
    while i < ls.len() {
        let line = &ls[i];
        let l = &text[line.content.clone()];
        let new_msg = |sender: Option<String>, when: DateTime<Tz>, raws: &mut Vec<Raw>| {
            let run = raws.len();
            raws.push(Raw::part(sender, when, run));
        };
        if ON_WROTE.is_match(l) {
            let who = l
                .rfind(|c: char| c.is_ascii_digit() || c == 'M' || c == 'm')
                .map(|_| l)
                .unwrap_or(l);
            let sender = sender_from_wrote(doc.participants, who);
            let when = header_time(l, doc.reference);
            new_msg(sender, when, &mut raws);
            inline = None;
            depth = line.depth + 1;
            i += 1;
            continue;
        }
        if ORIGINAL.is_match(l) {
            new_msg(None, doc.reference, &mut raws);
            inline = None;
            in_outlook_header = true;
            i += 1;
            continue;
        }
        if let Some(c) = HEADER.captures(l) {
            let key = c[1].to_lowercase();
            let last = raws.len() - 1;
            if key == "from" && !in_outlook_header && !raws[last].lines.is_empty() {
                new_msg(None, doc.reference, &mut raws);
                inline = None;
                in_outlook_header = true;
                // "> From: Emily Novak" inside a quote: the header opens the quoted
                // message, so its body is no further level.
                depth = line.depth;
            }
            if in_outlook_header || raws[raws.len() - 1].lines.is_empty() && raws.len() > 1 {
                let last = raws.len() - 1;
                match key.as_str() {
                    "from" => {
                        raws[last].sender =
                            header_people(doc.participants, &c[2]).into_iter().next()
                    }
                    "sent" | "date" => raws[last].reference = header_time(&c[2], doc.reference),
                    _ => {}
                }
                i += 1;
                continue;
            }
        }
        if in_outlook_header && blank(text, &line.content) {
            i += 1;
            continue;
        }
        in_outlook_header = false;
        if line.depth > depth {
            // Quoted text without an attribution line: still an older message.
            new_msg(None, doc.reference, &mut raws);
            depth = line.depth;
            inline = None;
        }
        let last = raws.len() - 1;
        // "[KD] Booked yesterday": the answer written inline under a quoted point, by
        // the participant with those initials, at the time of their nearest newer message.
        let answer = INLINE_ANSWER
            .captures(l)
            .filter(|_| last > 0)
            .and_then(|c| Some((by_initials(doc.participants, &c[1])?, c.get(0)?.end())));
        if let Some((who, skip)) = answer
            && inline
                .as_ref()
                .map_or(&raws[last].sender, |s| &s.sender)
                .as_deref()
                != Some(who.as_str())
        {
            let body = line.content.start + skip..line.content.end;
            if inline
                .as_ref()
                .is_some_and(|s| s.in_answer && !s.ended && s.who == who)
            {
                raws[last].lines.push(body);
            } else {
                let when = raws[..last]
                    .iter()
                    .rev()
                    .find(|r| r.sender.as_deref() == Some(who.as_str()))
                    .map_or(raws[0].reference, |r| r.reference);
                let quoted = inline
                    .take()
                    .map_or((raws[last].sender.clone(), raws[last].reference), |s| {
                        (s.sender, s.when)
                    });
                inline = Some(Inline {
                    sender: quoted.0,
                    when: quoted.1,
                    who: who.clone(),
                    depth: line.depth,
                    in_answer: true,
                    ended: false,
                });
                let mut answer = Raw::part(Some(who), when, raws[last].run);
                answer.lines.push(body);
                raws.push(answer);
            }
            i += 1;
            continue;
        }
        if let Some(s) = inline.as_mut().filter(|s| s.in_answer) {
            // Answers outside a "> " quote go on past a blank line; answers among the
            // quoted lines end there, or where the next point opens ("2. Next ...").
            let outside = s.depth < depth;
            if blank(text, &line.content) {
                s.ended = true;
            } else if line.depth != s.depth || !outside && (s.ended || BULLET.is_match(l)) {
                // Back to the quoted message after the answer.
                raws.push(Raw::part(s.sender.clone(), s.when, raws[last].run));
                s.in_answer = false;
            }
        }
        let last = raws.len() - 1;
        raws[last].lines.push(line.content.clone());
        i += 1;
    }
    // An answered message's parts read point, answer, point, answer once the chain is
    // turned oldest first below.
    let mut start = 0;
    while start < raws.len() {
        let end = (start..raws.len())
            .find(|&k| raws[k].run != raws[start].run)
            .unwrap_or(raws.len());
        raws[start..end].reverse();
        start = end;
    }
    // Whom each writer of an answered message's parts addressed: the salutation opens the
    // first part only, and an answer is to the quoted message's writer.
    let cleaned: Vec<_> = raws
        .iter()
        .map(|raw| clean_body(doc, text, &raw.lines, raw.sender.as_deref()))
        .collect();
    let named: Vec<(usize, Option<String>, Addr)> = raws
        .iter()
        .zip(&cleaned)
        .filter_map(|(raw, (_, salutation))| match salutation {
            Some(a) if *a != Addr::Unknown => Some((raw.run, raw.sender.clone(), a.clone())),
            _ => None,
        })
        .collect();
    for (k, (raw, (paras, salutation))) in raws.into_iter().zip(cleaned).enumerate() {
        let sender = raw.sender.clone();
        let addressee = match salutation {
            Some(a) if a != Addr::Unknown => a,
            _ => {
                if let Some((_, _, a)) =
                    named.iter().find(|(r, s, _)| *r == raw.run && *s == sender)
                {
                    a.clone()
                } else if let Some((_, Some(writer), _)) =
                    named.iter().find(|(r, s, _)| *r == raw.run && *s != sender)
                {
                    Addr::Person(writer.clone())
                } else if k == 0 && to.len() == 1 {
                    Addr::Person(to[0].clone())
                } else if k == 0 && to.len() > 1 {
                    Addr::Group
                } else if let Some(o) = other_participant(doc, sender.as_deref()) {
                    Addr::Person(o)
                } else {
                    Addr::Unknown
                }
            }
        };
        parsed.messages.push(Message {
            speaker: sender,
            owner: None,
            action_item: false,
            addressee,
            paras,
            reference: raw.reference,
            newest: raw.newest,
            label: None,
        });
    }
    // Oldest first, so later messages can update earlier tasks.
    parsed.messages.reverse();
    split_action_items(doc, &mut parsed.messages);
    parsed
}

/// "[KD] Booked yesterday.": initials in brackets opening a line.
static INLINE_ANSWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\[([A-Z]{2,3})\]\s*").unwrap());

/// The one participant whose name's initials are `initials` ("KD" for Kieran Doyle).
fn by_initials(people: &[Person], initials: &str) -> Option<String> {
    let mut found = people.iter().filter(|p| {
        let mine: String = p
            .name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect();
        mine.eq_ignore_ascii_case(initials)
    });
    let first = found.next()?;
    found.next().is_none().then(|| first.id.clone())
}

fn sender_from_wrote(people: &[Person], line: &str) -> Option<String> {
    let email = EMAIL_ADDR
        .find(line)
        .map(|m| m.as_str().trim_matches(['<', '>']).to_string());
    if let Some(e) = &email
        && let Some(id) = people::resolve(people, e)
    {
        return Some(id);
    }
    // Name right before "<email>" or the verb ("wrote:", "a écrit :"); in German and Dutch
    // right after the verb ("schrieb Rita Gomez:").
    let verb = WROTE_VERB.captures_iter(line).last();
    let before = match (EMAIL_ADDR.find(line), &verb) {
        (Some(m), _) => &line[..m.start()],
        (None, Some(c)) if c.name("after").is_some() => {
            let end = c.get(0).map_or(line.len(), |m| m.end());
            line[end..].trim_end().trim_end_matches(':')
        }
        (None, Some(c)) => &line[..c.get(0).map_or(line.len(), |m| m.start())],
        (None, None) => line,
    };
    let before = before.trim().trim_end_matches(['(', ',']).trim();
    let words: Vec<&str> = before.split_whitespace().collect();
    for n in (1..=3).rev() {
        if words.len() >= n {
            let cand = words[words.len() - n..].join(" ");
            if let Some(id) = people::resolve(people, &cand) {
                return Some(id);
            }
        }
    }
    None
}

/// The footer a tool's notification ends with ("Add Comment | View Issue", "Reply to this
/// email directly, view it on GitHub"): what follows is the tool's, not the sender's.
static TOOL_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:add comment\s*\|\s*view issue|get jira notifications|this message was sent by atlassian|reply to this email directly|you are receiving this because|view it on (?:github|gitlab)|—\s*reply to this email|manage (?:your )?notification|download the \w+(?: \w+)? app(?: for [\w ]{1,30})?\s*[.!]?\s*$)").unwrap()
});

/// Drops salutation and signature lines; returns paragraphs and the addressee
/// named in the salutation.
fn clean_body(
    doc: &Document,
    text: &str,
    lines: &[Range<usize>],
    sender: Option<&str>,
) -> (Vec<Vec<Range<usize>>>, Option<Addr>) {
    let mut kept: Vec<Range<usize>> = Vec::new();
    let mut salutation = None;
    let first_content = lines.iter().position(|r| !blank(text, r));
    let sender_names: Vec<String> = sender
        .and_then(|s| doc.participants.iter().find(|p| p.id == s))
        .map(|p| {
            let mut v: Vec<String> = p
                .name
                .split_whitespace()
                .map(|w| w.to_lowercase())
                .collect();
            v.push(p.name.to_lowercase());
            v.push(p.handle.to_lowercase());
            v
        })
        .unwrap_or_default();
    for (n, r) in lines.iter().enumerate() {
        let l = text[r.clone()].trim();
        if Some(n) == first_content
            && let Some(a) = salutation_of(doc, l)
        {
            salutation = Some(a);
            // "Hi Kira, could you ..." keeps the rest of the line.
            continue;
        }
        if Some(n) > first_content && (CLOSING.is_match(l) || TOOL_FOOTER.is_match(l)) {
            break;
        }
        // A lone sign-off name ("Grace", "-T", "Ms. Vaughn") ends the body.
        if Some(n) > first_content && !l.is_empty() && l.len() <= 30 {
            let low = l.trim_start_matches(['-', '—', '–', ' ']).to_lowercase();
            let low = low.trim_end_matches(['.', ',', '!']);
            if sender_names.iter().any(|s| s == low)
                || (l.starts_with('-') && low.len() <= 3 && !low.is_empty())
                || (people::resolve(doc.participants, low).as_deref() == sender && sender.is_some())
            {
                break;
            }
        }
        kept.push(r.clone());
    }
    let mut paras: Vec<Vec<Range<usize>>> = Vec::new();
    let mut cur: Vec<Range<usize>> = Vec::new();
    for r in kept {
        if blank(text, &r) {
            if !cur.is_empty() {
                paras.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(r);
        }
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    (paras, salutation)
}

/// Recognises "Hi Owen,", "Dear Mr. Fischer,", "Hello everyone," or a lone
/// name line ("walt") as a salutation.
fn salutation_of(doc: &Document, line: &str) -> Option<Addr> {
    if let Some(c) = SALUTATION.captures(line) {
        let who = c.get(2).map(|m| m.as_str().trim()).unwrap_or("");
        if who.is_empty() {
            return Some(Addr::Unknown);
        }
        if GROUP_WORDS.is_match(who) {
            return Some(Addr::Group);
        }
        let names: Vec<&str> = who
            .split(['&', ','])
            .flat_map(|s| s.split(" and "))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if names.len() > 1 {
            return Some(Addr::Group);
        }
        return Some(
            people::resolve(doc.participants, who)
                .map(Addr::Person)
                .unwrap_or(Addr::Unknown),
        );
    }
    let bare = line.trim_end_matches([',', '!', ':', '.', '-', ' ']);
    if !bare.is_empty() && bare.len() <= 30 && bare.split_whitespace().count() <= 3 {
        if GROUP_WORDS.is_match(bare) {
            return Some(Addr::Group);
        }
        if let Some(id) = people::resolve(doc.participants, bare)
            && Some(id.as_str()) != doc.author
        {
            return Some(Addr::Person(id));
        }
    }
    None
}

/// Chat and transcript lines: "[time] Name: text", "Name: text", Slack-style
/// "Name  10:41 AM" headers, and action-item bullets.
fn parse_lines(doc: &Document) -> Parsed {
    let text = doc.text;
    let mut parsed = Parsed::default();
    let mut msgs: Vec<Message> = Vec::new();
    let mut open = false;
    // When the cue being read was said, from its timing line (WebVTT / SRT).
    let mut cue_time: Option<DateTime<Tz>> = None;
    // Whether the next line goes on with the cue just read: a cue's text may wrap over
    // lines, up to the blank line that ends it.
    let mut cue_open = false;
    let mut subtitles = false;
    let all_lines = lines(text);
    let bare_names = doc.kind != Kind::Email && bare_name_heads(doc, &all_lines);
    // The stamp line under a bare speaker name, already read with it.
    let mut skip = None;
    for (index, line) in all_lines.iter().enumerate() {
        let r = line.content.clone();
        let l = &text[r.clone()];
        if l.trim().is_empty() {
            cue_open = false;
            continue;
        }
        if skip == Some(index) {
            continue;
        }
        // Subtitle files: the timing line dates the cue; the header, notes and the cue's
        // identifier ("12", "a1b2-c3/4-0": one word just before a timing line) are no
        // speech.
        if let Some(c) = CUE_TIMING.captures(l) {
            let stamp = format!("{}{}", c.name("h").map_or("", |h| h.as_str()), &c["ms"]);
            cue_time = Some(stamp_time(
                &stamp,
                doc.reference,
                doc.kind == Kind::Transcript,
            ));
            subtitles = true;
            continue;
        }
        let before_timing = all_lines
            .get(index + 1)
            .is_some_and(|next| CUE_TIMING.is_match(&text[next.content.clone()]));
        if CUE_FILE_LINE.is_match(l) || (before_timing && !l.trim().contains(' ')) {
            continue;
        }
        let mk = |speaker: Option<String>, reference: DateTime<Tz>, body: Range<usize>| Message {
            speaker,
            owner: None,
            action_item: false,
            addressee: Addr::Unknown,
            paras: if body.is_empty() {
                Vec::new()
            } else {
                vec![vec![body]]
            },
            reference,
            newest: false,
            label: None,
        };
        if let Some(c) = VOICE.captures(l) {
            let name = c["name"].trim();
            let body = c
                .name("body")
                .map(|m| r.start + m.start()..r.start + m.end())
                .unwrap_or(r.end..r.end);
            let when = cue_time.take().unwrap_or(doc.reference);
            msgs.push(labelled(mk(speaker_id(doc, name), when, body), name));
            open = true;
            cue_open = !l.trim_end().ends_with("</v>");
            continue;
        }
        // Two speakers in one cue ("Jess: ...\nPriya: ...") are two messages.
        let names_speaker = || {
            NAME_LINE.captures(l).is_some_and(|c| {
                speaker_id(doc, c.name("name").map_or("", |m| m.as_str())).is_some()
            })
        };
        if cue_open
            && !names_speaker()
            && let Some(para) = msgs.last_mut().and_then(|m| m.paras.last_mut())
        {
            let trimmed = l.trim_end();
            let body = trimmed.strip_suffix("</v>").unwrap_or(trimmed);
            para.push(r.start..r.start + body.len());
            cue_open = body.len() == trimmed.len();
            continue;
        }
        if let Some(head) = speaker_head(doc, &all_lines, index, bare_names) {
            msgs.push(labelled(mk(head.id, head.when, r.end..r.end), head.name));
            skip = head.stamp_line;
            open = true;
            continue;
        }
        if let Some(c) = IRC_LINE.captures(l)
            && let Some(id) = speaker_id(doc, &c["name"])
        {
            let body = c
                .name("body")
                .map(|m| r.start + m.start()..r.end)
                .unwrap_or(r.end..r.end);
            let when = c.name("stamp").map_or(doc.reference, |t| {
                stamp_time(t.as_str(), doc.reference, doc.kind == Kind::Transcript)
            });
            msgs.push(labelled(mk(Some(id), when, body), &c["name"]));
            open = true;
            continue;
        }
        if let Some(c) = DATED_LINE.captures(l) {
            let name = c.name("n").map(|m| m.as_str()).unwrap_or("");
            let body = c
                .name("b")
                .map(|m| r.start + m.start()..r.start + m.end())
                .unwrap_or(r.end..r.end);
            let when = dated_time(&c["d"], &c["t"], doc.reference);
            msgs.push(labelled(mk(speaker_id(doc, name), when, body), name));
            open = true;
            continue;
        }
        if let Some(c) = BRACKET_LINE.captures(l) {
            let name = c.get(2).map(|m| m.as_str()).unwrap_or("");
            let body = c
                .get(3)
                .map(|m| r.start + m.start()..r.start + m.end())
                .unwrap_or(r.end..r.end);
            let when = stamp_time(&c[1], doc.reference, doc.kind == Kind::Transcript);
            msgs.push(labelled(mk(speaker_id(doc, name), when, body), name));
            open = true;
            continue;
        }
        // "[Thandiwe] Welcome everyone.": a bracketed speaker, no stamp.
        // "[Jess Park] ...", and "[Speaker 1] ..." under a roster that names speaker 1.
        if let Some(c) = NAME_BRACKET.captures(l)
            && let known = speaker_id(doc, &c["name"])
            && (known.is_some() || SPEAKER_N.is_match(c["name"].trim()))
        {
            let body = c
                .name("body")
                .map(|m| r.start + m.start()..r.start + m.end())
                .unwrap_or(r.end..r.end);
            let when = cue_time.take().unwrap_or(doc.reference);
            msgs.push(labelled(mk(known, when, body), &c["name"]));
            open = true;
            continue;
        }
        if let Some(c) = STAMP_LINE.captures(l) {
            let name = c.get(2).map(|m| m.as_str()).unwrap_or("");
            let known = speaker_id(doc, name);
            if known.is_some() || SPEAKER_N.is_match(name.trim()) {
                let body = c
                    .get(3)
                    .map(|m| r.start + m.start()..r.start + m.end())
                    .unwrap_or(r.end..r.end);
                let when = stamp_time(&c[1], doc.reference, doc.kind == Kind::Transcript);
                msgs.push(labelled(mk(known, when, body), name));
                open = true;
                continue;
            }
        }
        // "tnowak commented on Mar 27", "jweber requested changes on Mar 30", "github-actions
        // bot commented on Mar 27" (a pull request copied from GitHub): who writes next; a
        // bot's words are no one's.
        // "tnowak commented on Mar 27", "jweber requested changes on Mar 30", "github-actions
        // bot commented on Mar 27" (a pull request copied from GitHub), "Ethan Brooks
        // @ebrooks · Oct 26, 2026 10:14am" (GitLab): who writes next; a bot's words are no
        // one's.
        let tool_head = if let Some(c) = GITHUB_HEAD.captures(l) {
            let rd = doc.reference.date_naive();
            let when = c
                .name("on")
                .and_then(|d| MONTH_DATE.captures(d.as_str()))
                .and_then(|d| month_date(&d, rd))
                .filter(|d| *d <= rd)
                .and_then(|d| {
                    doc.reference
                        .timezone()
                        .from_local_datetime(&d.and_time(doc.reference.time()))
                        .earliest()
                })
                // "Vikram Rao commented on DATA-1298 (28/May/26 4:47 PM):" (Jira mail).
                .or_else(|| {
                    c.name("stamp")
                        .map(|st| stamp_time(st.as_str(), doc.reference, false))
                })
                .unwrap_or(doc.reference);
            let bot = c.name("bot").is_some();
            Some((
                bot,
                (!bot).then(|| speaker_id(doc, &c["who"])).flatten(),
                when,
            ))
        } else {
            GITLAB_HEAD.captures(l).map(|c| {
                let bot = c.name("bot").is_some();
                let id = (!bot)
                    .then(|| speaker_id(doc, &c["who"]).or_else(|| speaker_id(doc, &c["handle"])))
                    .flatten();
                (bot, id, dated_time(&c["on"], &c["clock"], doc.reference))
            })
        };
        if let Some((bot, id, when)) = tool_head
            && (bot || id.is_some())
        {
            let mut m = mk(id, when, r.end..r.end);
            if bot {
                m.label = Some(BOT.to_string());
            }
            msgs.push(m);
            open = true;
            continue;
        }
        if let Some(c) = SLACK_HEAD.captures(l).or_else(|| DISCORD_HEAD.captures(l)) {
            let name = c.get(1).map(|m| m.as_str()).unwrap_or("");
            if let Some(id) = people::resolve(doc.participants, name) {
                let stamp = c.get(c.len() - 1).map_or("", |m| m.as_str());
                let mut when = stamp_time(stamp, doc.reference, doc.kind == Kind::Transcript);
                // "Rania Khoury, Sat 11:52 PM" (Google Chat): that weekday, the latest one.
                if let Some(wd) = c.name("wd").and_then(|w| weekday_of(w.as_str()))
                    && let Some(day) = (0..7)
                        .map(|k| doc.reference.date_naive() - Duration::days(k))
                        .find(|d| d.weekday() == wd)
                    && let Some(t) = doc
                        .reference
                        .timezone()
                        .from_local_datetime(&day.and_time(when.time()))
                        .earliest()
                {
                    when = t;
                }
                msgs.push(mk(Some(id), when, r.end..r.end));
                open = true;
                continue;
            }
        }
        if let Some(b) = BULLET.captures(l) {
            let mut body = b
                .get(1)
                .map(|m| r.start + m.start()..r.end)
                .unwrap_or(r.clone());
            // "- [ ] @ana: split the epic", "- [x] update the board": a checklist; a
            // ticked box is done.
            if let Some(c) = CHECKBOX.captures(&text[body.clone()]) {
                if !c["mark"].trim().is_empty() {
                    open = false;
                    continue;
                }
                body.start += c.get(0).map_or(0, |m| m.end());
            }
            let bt = &text[body.clone()];
            // "1. Weather", "6. Concrete coring test (grid C-D)": an agenda heading in
            // minutes; the prose under it is what was said.
            if HEADING.is_match(bt)
                && !msgs
                    .iter()
                    .any(|m| m.speaker.is_some() || m.label.is_some())
            {
                msgs.push(mk(None, doc.reference, r.end..r.end));
                open = true;
                continue;
            }
            let owner_cap = BULLET_OWNER.captures(bt).or_else(|| BULLET_TO.captures(bt));
            // "[17:45] Otieno: handover:\n3) I'll replace the battery bank": a list inside
            // a chat message is still its speaker's.
            let (speaker, when) = match msgs.last() {
                Some(last)
                    if (open || last.action_item)
                        && doc.kind == Kind::Chat
                        && last.speaker.is_some() =>
                {
                    (last.speaker.clone(), last.reference)
                }
                _ => (None, doc.reference),
            };
            let mut m = mk(speaker, when, body.clone());
            m.action_item = true;
            if let Some(c) = owner_cap
                && let Some(id) = people::resolve(doc.participants, &c[1])
            {
                // "- Priya: I'll book the room": with no other speaker, the owner says it;
                // so does each line of a chat pasted as a list ("- Jess: ...\n- Priya: ...").
                let pasted_chat = msgs.last().is_some_and(|last| {
                    last.action_item && last.owner.is_some() && last.owner == last.speaker
                });
                if m.speaker.is_none() || pasted_chat {
                    m.speaker = Some(id.clone());
                }
                m.owner = Some(id);
                let rest = c
                    .get(2)
                    .map(|x| body.start + x.start()..body.end)
                    .unwrap_or(body);
                m.paras = vec![vec![rest]];
            } else if let Some(id) = OWNER_IN_PARENS
                .captures_iter(bt)
                .filter_map(|c| people::resolve(doc.participants, c["n"].trim()))
                .next()
            {
                // "Send vendor report (Priya) - Fri": the owner in brackets after the item.
                m.owner = Some(id);
            } else if let Some(c) = OWNER_AFTER.captures(bt) {
                // "[ ] Known-issues list for the community team - Chloé, by Wednesday", "Patch
                // notes to comms - me, tomorrow": the owner after the item.
                let n = c["n"].trim();
                let id = if crate::detect::day_or_month(n) {
                    None
                } else if n.eq_ignore_ascii_case("me") {
                    doc.author.map(str::to_string)
                } else {
                    people::resolve(doc.participants, n)
                };
                if id.is_some() {
                    m.owner = id;
                }
            }
            msgs.push(m);
            open = false;
            continue;
        }
        if let Some(c) = NAME_LINE.captures(l) {
            let name = c.name("name").map(|m| m.as_str()).unwrap_or("");
            let known = speaker_id(doc, name);
            if known.is_some() || SPEAKER_N.is_match(name.trim()) {
                let body = c
                    .name("body")
                    .map(|m| r.start + m.start()..r.end)
                    .unwrap_or(r.end..r.end);
                // "Sabine Keller (13:50):" or "Sabine Keller 13:50:".
                // "Jess Park | 00:05 | ...", "Jess Park: [00:05] ...": the stamp elsewhere.
                let when = c
                    .name("stamp")
                    .or(c.name("bare"))
                    .or(c.name("piped"))
                    .or(c.name("comma"))
                    .or(c.name("after"))
                    .map(|s| stamp_time(s.as_str(), doc.reference, doc.kind == Kind::Transcript))
                    .or(cue_time.take())
                    .unwrap_or(doc.reference);
                msgs.push(labelled(mk(known, when, body), name));
                open = true;
                cue_open = subtitles;
                continue;
            }
        }
        if open && let Some(m) = msgs.last_mut() {
            m.paras.push(vec![r]);
        } else if msgs.last().is_some_and(|m| m.action_item)
            && let Some(author) = msgs
                .iter()
                .rev()
                .find(|m| !m.action_item && m.speaker.is_some())
        {
            // "- @Fatima please send the pre-read\nI'll update the deck tonight.": prose
            // after a speaker's list is still the speaker's.
            let (speaker, when, label) = (
                author.speaker.clone(),
                author.reference,
                author.label.clone(),
            );
            let mut m = mk(speaker, when, r.clone());
            m.label = label;
            msgs.push(m);
            open = true;
        } else if !msgs.is_empty()
            && msgs
                .iter()
                .all(|m| m.speaker.is_none() && m.label.is_none())
        {
            // Minutes with no speakers: prose after the list goes on being read.
            msgs.push(mk(None, doc.reference, r.clone()));
            open = true;
        }
        // Otherwise a title/channel line before the first message.
    }
    // A recording with no speaker lines ("0:14\nSprint nineteen runs until...", a Loom or
    // voice note) or a paste of one person's messages: all of it is the author's, else
    // that of the participant its heading names ("Beatriz Lima · Loom · 7:48").
    if msgs.is_empty() {
        let heading_names = || {
            all_lines.iter().take(3).find_map(|line| {
                let l = &text[line.content.clone()];
                doc.participants
                    .iter()
                    .find(|p| !p.name.is_empty() && l.contains(p.name.as_str()))
                    .map(|p| p.id.to_string())
            })
        };
        let author = doc.author.map(str::to_string).or_else(heading_names);
        let mut paras: Vec<Vec<Range<usize>>> = vec![Vec::new()];
        for line in &all_lines {
            let l = &text[line.content.clone()];
            if l.trim().is_empty() || STAMP_ONLY.is_match(l) {
                if paras.last().is_some_and(|p| !p.is_empty()) {
                    paras.push(Vec::new());
                }
            } else if let Some(p) = paras.last_mut() {
                p.push(line.content.clone());
            }
        }
        paras.retain(|p| !p.is_empty());
        if !paras.is_empty() {
            msgs.push(Message {
                speaker: author,
                owner: None,
                action_item: false,
                addressee: Addr::Unknown,
                paras,
                reference: doc.reference,
                newest: false,
                label: None,
            });
        }
    }
    // A CI or coverage bot's report asks no one anything.
    msgs.retain(|m| m.label.as_deref() != Some(BOT));
    infer_labels(doc, &mut msgs);
    if let Some(last) = msgs.iter_mut().rev().find(|m| !m.action_item) {
        last.newest = true;
    }
    parsed.messages = msgs;
    parsed
}

/// A line naming the next speaker.
struct SpeakerHead<'a> {
    name: &'a str,
    /// The participant, unless the name is a diarization label.
    id: Option<String>,
    when: DateTime<Tz>,
    /// A stamp line under the name, read with it.
    stamp_line: Option<usize>,
}

/// Whether a chat or transcript names its speakers on lines of their own with no stamp
/// ("Jess Park" over her words, as Teams meeting transcripts and some chat copies do): two
/// or more lines that are only a participant's name, each over words.
fn bare_name_heads(doc: &Document, all: &[Line]) -> bool {
    let text = doc.text;
    let mut seen = 0;
    for (i, l) in all.iter().enumerate() {
        let line = text[l.content.clone()].trim();
        if line.is_empty()
            || line.len() > 40
            || !line
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-'))
            || speaker_id(doc, line).is_none()
        {
            continue;
        }
        let next = all[i + 1..]
            .iter()
            .map(|n| text[n.content.clone()].trim())
            .find(|n| !n.is_empty());
        if next.is_some_and(|n| speaker_id(doc, n).is_none()) {
            seen += 1;
            if seen >= 2 {
                return true;
            }
        }
    }
    false
}

/// Whether line `index` only names the next speaker (see [`SPEAKER_HEAD`]). The name must be a
/// participant's or a diarization label, and words must follow, so a sign-off ("Thanks,\nJess")
/// or an address ("Priya:" before a list) is no header. `bare_names`: the document names
/// speakers on lines of their own (see [`bare_name_heads`]).
fn speaker_head<'a>(
    doc: &Document<'a>,
    all: &[Line],
    index: usize,
    bare_names: bool,
) -> Option<SpeakerHead<'a>> {
    let text = doc.text;
    let c = SPEAKER_HEAD.captures(&text[all[index].content.clone()])?;
    let name = c.name("name")?.as_str().trim();
    let id = speaker_id(doc, name);
    if id.is_none() && !SPEAKER_N.is_match(name) {
        return None;
    }
    let mut below = all[index + 1..]
        .iter()
        .enumerate()
        .map(|(k, l)| (index + 1 + k, &text[l.content.clone()]))
        .filter(|(_, l)| !l.trim().is_empty());
    let (next_index, next) = below.next()?;
    // "Priya:" over a list gives her the items, as before.
    if BULLET.is_match(next) {
        return None;
    }
    let meeting = doc.kind == Kind::Transcript;
    let head = |when, stamp_line| SpeakerHead {
        name,
        id: id.clone(),
        when,
        stamp_line,
    };
    let stamp = c
        .name("pre")
        .or(c.name("pre_bare"))
        .or(c.name("post"))
        .or(c.name("bare"));
    // "Reyes, Maricel (HR Ops)" names a speaker beside a stamp (Teams); without one the
    // brackets may be anything.
    if c.name("role").is_some() && stamp.is_none() {
        return None;
    }
    if let Some(stamp) = stamp {
        // "Ana 4:30 PM" alone is a Slack header, read elsewhere; here a colon, brackets,
        // a separator or a day in the stamp must mark it.
        if c.name("bare").is_some()
            && c.name("colon").is_none()
            && c.name("open").is_none()
            && c.name("sep").is_none()
            && !DATE_IN_STAMP.is_match(stamp.as_str())
            && !SPEAKER_N.is_match(name)
        {
            return None;
        }
        // "00:00:03 Chiamaka Eze": a stamp before a bare name needs the name known.
        if c.name("pre_bare").is_some() && id.is_none() && !SPEAKER_N.is_match(name) {
            return None;
        }
        let when = stamp_time(stamp.as_str(), doc.reference, meeting);
        return Some(head(when, None));
    }
    if let Some(t) = STAMP_ONLY.captures(next) {
        // Words must follow the stamp, not another stamp.
        let (_, after) = below.next()?;
        if STAMP_ONLY.is_match(after) {
            return None;
        }
        let when = stamp_time(&t["t"], doc.reference, meeting);
        return Some(head(when, Some(next_index)));
    }
    // "Jess Park:" or "**Jess Park**" over the words: a marked name.
    if c.name("colon").is_some() || c.name("open").is_some() {
        let next_is_head = SPEAKER_HEAD
            .captures(next)
            .is_some_and(|n| speaker_id(doc, n["name"].trim()).is_some());
        return (!next_is_head).then(|| head(doc.reference, None));
    }
    // "Jess Park" alone over her words, in a document that does so throughout.
    if bare_names
        && id.is_some()
        && c.name("name")?.as_str().trim() == text[all[index].content.clone()].trim()
    {
        let next_is_name = speaker_id(doc, next.trim()).is_some();
        return (!next_is_name).then(|| head(doc.reference, None));
    }
    None
}

/// A speaker line whose name is no participant keeps the name as a label, for roll calls
/// and rosters to resolve later.
fn labelled(mut m: Message, name: &str) -> Message {
    if m.speaker.is_none() {
        m.label = Some(name.trim().to_string());
    }
    m
}

/// The weekday a name or abbreviation ("Sat", "Tues", "Tuesday") stands for.
fn weekday_of(word: &str) -> Option<chrono::Weekday> {
    word.trim().get(..3)?.parse().ok()
}

/// The date a [`MONTH_DATE`] match names ("Mar 7", "7 March 2026"): in the stated year,
/// else the latest one not after `reference`.
fn month_date(c: &regex::Captures, reference: NaiveDate) -> Option<NaiveDate> {
    let mon = c.get(1).or(c.get(4))?.as_str().to_lowercase();
    let day: u32 = c.get(2).or(c.get(3))?.as_str().parse().ok()?;
    let month = taskstream_nlp_dates::month(&mon)?;
    match c.get(5).and_then(|m| m.as_str().parse().ok()) {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day),
        None => NaiveDate::from_ymd_opt(reference.year(), month, day)
            .filter(|d| *d <= reference)
            .or_else(|| NaiveDate::from_ymd_opt(reference.year() - 1, month, day)),
    }
}

/// Date-stamped chat lines ("06/10/2026, 06:02", "24/12/25, 7:32 pm", "Mar 7, 6:02 PM"):
/// the day/month order is whichever reading lies closest before the reference.
fn dated_time(date: &str, time: &str, reference: DateTime<Tz>) -> DateTime<Tz> {
    let named_month = date
        .split(['/', '.', '-'])
        .nth(1)
        .and_then(taskstream_nlp_dates::month);
    let parts: Vec<i32> = date
        .split(['/', '.', '-'])
        .filter_map(|p| p.parse().ok())
        .collect();
    let year = |y: i32| if y < 100 { 2000 + y } else { y };
    let mut options: Vec<NaiveDate> = Vec::new();
    if let (Some(month), [day, y]) = (named_month, parts.as_slice()) {
        // "[23-Sep-26 02:10 PM] eva.jansen" (Discord exports): day, month by name, year.
        options.extend(NaiveDate::from_ymd_opt(year(*y), month, *day as u32));
    } else if parts.len() != 3 {
        // "Mar 7, 6:02 PM - Jess: ..." (WhatsApp on Android in English): a month by name.
        let Some(d) = MONTH_DATE
            .captures(date)
            .and_then(|c| month_date(&c, reference.date_naive()))
        else {
            return stamp_time(time, reference, false);
        };
        options.push(d);
    } else if parts[0] > 999 {
        options.extend(NaiveDate::from_ymd_opt(
            parts[0],
            parts[1] as u32,
            parts[2] as u32,
        ));
    } else {
        let y = year(parts[2]);
        options.extend(NaiveDate::from_ymd_opt(y, parts[1] as u32, parts[0] as u32));
        options.extend(NaiveDate::from_ymd_opt(y, parts[0] as u32, parts[1] as u32));
    }
    let rd = reference.date_naive();
    let best = options.into_iter().min_by_key(|d| {
        if *d <= rd {
            (rd - *d).num_days()
        } else {
            10_000 + (*d - rd).num_days()
        }
    });
    let t = CLOCK
        .captures_iter(time)
        .find(|c| c.get(2).is_some() || c.get(3).is_some())
        .and_then(|c| clock(&c));
    match (best, t) {
        (Some(d), Some(t)) => reference
            .timezone()
            .from_local_datetime(&d.and_time(t))
            .earliest()
            .unwrap_or(reference),
        _ => stamp_time(time, reference, false),
    }
}

/// Diarised transcripts ("Speaker 2: ..."): learn who each label is from
/// self-introductions ("Sakura here"), thanks ("Thanks, Benedikt" after
/// label 4 spoke) and answers to a named question ("Wang Jun, can you ...?"
/// answered "Yes, I'll do it" by label 3).
fn infer_labels(doc: &Document, msgs: &mut [Message]) {
    use std::collections::HashMap;
    let body = |m: &Message| -> String {
        m.paras
            .iter()
            .flatten()
            .map(|r| &doc.text[r.clone()])
            .collect::<Vec<_>>()
            .join(" ")
    };
    if msgs.iter().all(|m| m.label.is_none()) {
        return;
    }
    let mut map: HashMap<String, String> = HashMap::new();
    let assign = |map: &mut HashMap<String, String>, label: &Option<String>, id: Option<String>| {
        if let (Some(l), Some(id)) = (label, id)
            && !map.contains_key(l)
            && !map.values().any(|v| *v == id)
        {
            map.insert(l.clone(), id);
        }
    };
    // A roster ("SPEAKER_0 = Eleanor Whitcombe (Development Director), SPEAKER_1 = ...").
    static ROSTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(speaker[\s_\-]*(?:\d+|[a-z]\b)|spk[\s_\-]*\d+|s\d{1,2})\s*(?:=|→|\(|-\s)\s*((?-i:[\p{Lu}])[\p{L}'’\-]+(?:\s(?-i:[\p{Lu}])[\p{L}'’\-]+){0,2})").unwrap()
    });
    // "SPEAKER_1", "Speaker 1", "SPEAKER_A", "S1": the number or letter after the word.
    let label_key = |l: &str| -> String {
        let l = l.to_ascii_lowercase();
        let rest = ["speaker", "spk", "s"]
            .iter()
            .find_map(|p| l.strip_prefix(p))
            .unwrap_or(&l);
        rest.trim_start_matches([' ', '_', '-']).to_string()
    };
    for c in ROSTER.captures_iter(doc.text) {
        let key = label_key(&c[1]);
        let Some(id) = people::resolve(doc.participants, &c[2]) else {
            continue;
        };
        let label = msgs
            .iter()
            .filter_map(|m| m.label.clone())
            .find(|l| SPEAKER_N.is_match(l) && label_key(l) == key);
        assign(&mut map, &label, Some(id));
    }
    let bodies: Vec<String> = msgs.iter().map(body).collect();
    for i in 0..msgs.len() {
        let b = &bodies[i];
        // A roll call: "Ken Ishida, SCADA." / "Amir, protection and controls." /
        // "... This is Rosa, I'll run the meeting."
        static ROLL_CALL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^\W*(?P<n>[\p{Lu}][\p{L}'\-]*(?:\s[\p{Lu}][\p{L}'\-]*)?)\s*(?:,|-|–|here\b)[^.!?]{0,40}[.!]?\s*$").unwrap()
        });
        // "Rahul, systems librarian. I look after ...", "Hello, Fatima from special
        // collections.": a name and a role, then more.
        static ROLL_CALL_FIRST: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^\W*(?:(?i:hi|hello|hey|morning|good morning)[,!]?\s+)?(?P<n>[\p{Lu}][\p{L}'\-]*(?:\s[\p{Lu}][\p{L}'\-]*)?)\s*(?:,|-|–|\s(?i:from|with|of)\b)(?P<role>[^.!?]{1,40})[.!]").unwrap()
        });
        static NOT_A_ROLE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\b(?:you|your|u|please|pls|can|could|would|will|let's|we|i|i'm|is|are|was|it's|it|this|good|great|question|thanks|thank|welcome|sorry|sure|yes|no|right|okay|ok|agreed|exactly|fair|true|nice|perfect|hi|hello|morning|back|done|there)\b").unwrap()
        });
        static SELF_ID_INNER: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)(?:^|[.!?,]\s+)(?:(?:and|so|ok|okay|right|well|yes|for the (?:recording|record|transcript))[,]?\s+)?(?:(?:this is|my name is|i'm|i am)\s+(?P<n>[\p{L}][\p{L}'\-]*(?:\s[\p{Lu}][\p{L}'\-]*)?)|(?:it's|it is)\s+(?P<m>[\p{L}][\p{L}'\-]*(?:\s(?-i:[\p{Lu}])[\p{L}'\-]*)?)\s*(?:[.!,]|$))").unwrap()
        });
        // "Finn. Friday end of day in LA is Saturday for us": a name said first, alone.
        static NAME_FIRST: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\W*(?P<n>[\p{Lu}][\p{L}'\-]+)\.\s+\S").unwrap());
        if msgs[i].label.is_some() {
            let named = ROLL_CALL
                .captures(b)
                .into_iter()
                .chain(NAME_FIRST.captures(b))
                .chain(SELF_ID_INNER.captures_iter(b))
                .chain(
                    ROLL_CALL_FIRST
                        .captures(b)
                        .filter(|c| !NOT_A_ROLE.is_match(&c["role"])),
                )
                .find_map(|c| {
                    let n = c.name("n").or(c.name("m"))?;
                    people::resolve(doc.participants, n.as_str())
                });
            assign(&mut map, &msgs[i].label, named);
        }
        if let Some(c) = SELF_ID.captures(b) {
            let n = c
                .name("a")
                .or(c.name("b"))
                .map(|m| m.as_str())
                .unwrap_or("");
            assign(
                &mut map,
                &msgs[i].label,
                people::resolve(doc.participants, n),
            );
        }
        if i > 0
            && let Some(c) = THANKS_NAME.captures(b)
            && msgs[i - 1].label != msgs[i].label
        {
            assign(
                &mut map,
                &msgs[i - 1].label,
                people::resolve(doc.participants, &c["n"]),
            );
        }
        // The last person named in a line ("Dami, her sodium is 128") is
        // usually the next, different, voice.
        let named = ADDRESS_NAME
            .captures_iter(b)
            .filter_map(|c| people::resolve(doc.participants, &c["n"]))
            .last();
        if let (Some(id), Some(next)) = (named, msgs.get(i + 1))
            && next.label.is_some()
            && next.label != msgs[i].label
        {
            let lbl = next.label.clone();
            assign(&mut map, &lbl, Some(id));
        }
    }
    for m in msgs.iter_mut() {
        if m.speaker.is_none()
            && let Some(l) = &m.label
        {
            m.speaker = map.get(l).cloned();
        }
    }
}

fn speaker_id(doc: &Document, name: &str) -> Option<String> {
    let n = name.trim();
    // "SPEAKER_03 (Felix Braun)": a diarization label with the name filled in.
    if n.split_whitespace().count() <= 6
        && let Some((label, rest)) = n.split_once('(')
        && let Some(inner) = rest.strip_suffix(')')
        && !label.trim().is_empty()
    {
        return speaker_id(doc, inner).or_else(|| speaker_id(doc, label));
    }
    if n.split_whitespace().count() > 4 {
        return None;
    }
    people::resolve(doc.participants, n)
}

/// Bullet lines in emails are separate items: each becomes its own paragraph
/// without the marker.
fn split_action_items(doc: &Document, msgs: &mut [Message]) {
    for m in msgs.iter_mut() {
        let mut out: Vec<Vec<Range<usize>>> = Vec::new();
        for para in m.paras.drain(..) {
            let mut cur: Vec<Range<usize>> = Vec::new();
            for r in para {
                let l = &doc.text[r.clone()];
                // "Priya       Update the risk register      Thursday": a row of a table
                // laid out with spaces, its owner first.
                static ALIGNED_ROW: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(
                        r"^\s*(@?[\p{L}][\p{L}'’\-]*(?:\s[\p{L}][\p{L}'’\-]*)?)(?:\s{3,}|\t+)\S",
                    )
                    .unwrap()
                });
                // "Enclosure drawing rev C    Rohan    Mon 3 Aug": cells apart, owner later.
                static GAP: LazyLock<Regex> =
                    LazyLock::new(|| Regex::new(r"\S(?:\s{3,}|\t+)\S").unwrap());
                let aligned = ALIGNED_ROW
                    .captures(l)
                    .is_some_and(|c| people::resolve(doc.participants, &c[1]).is_some())
                    || GAP.find_iter(l).count() >= 2
                    || l.matches('|').count() >= 2;
                if aligned {
                    if !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                    out.push(vec![r]);
                } else if let Some(b) = BULLET.captures(l) {
                    if !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                    let body = b
                        .get(1)
                        .map(|x| r.start + x.start()..r.end)
                        .unwrap_or(r.clone());
                    out.push(vec![body]);
                } else {
                    cur.push(r);
                }
            }
            if !cur.is_empty() {
                out.push(cur);
            }
        }
        m.paras = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_stamps_come_after_the_meeting_started() {
        let tz: Tz = chrono_tz::Asia::Hong_Kong;
        let april = |day, h, min| tz.with_ymd_and_hms(2026, 4, day, h, min, 0).unwrap();
        let start = april(23, 10, 0);
        // Clock stamps: the same day.
        assert_eq!(stamp_time("10:06", start, true), april(23, 10, 6));
        // Elapsed stamps: time since the start (to the minute).
        assert_eq!(stamp_time("00:12:31", start, true), april(23, 10, 12));
        // Past midnight in a late meeting: the next day.
        assert_eq!(
            stamp_time("00:10", april(23, 23, 30), true),
            april(24, 0, 10)
        );
        // A chat's reference is its newest message: a later stamp is from the day before.
        assert_eq!(stamp_time("10:06", start, false), april(22, 10, 6));
    }
}
