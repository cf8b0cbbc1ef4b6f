//! Message-level intent scores and urgency, from the same clause rules
//! the extractor uses.

use std::sync::LazyLock;

use regex::Regex;

use crate::detect::{self, Act, Ctx};
use crate::{Classification, Intent, Priority, priority, sentence};

static DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:we(?:'ve| have)? decided|decision|let's go with|we'll go with|we are going with|we're going with|agreed|final answer|approved|we chose|going forward we)\b").unwrap()
});

/// Scores every intent for one message; highest first.
pub fn classify(text: &str) -> Classification {
    let mut req: f32 = 0.0;
    let mut com: f32 = 0.0;
    let mut que: f32 = 0.0;
    let mut dec: f32 = 0.0;
    let mut urgency: f32 = 0.0;
    let ctx = Ctx {
        people: &[],
        item: false,
        recap: false,
    };
    let para: Vec<std::ops::Range<usize>> = text
        .split_inclusive('\n')
        .scan(0usize, |pos, l| {
            let s = *pos;
            *pos += l.len();
            Some(s..s + l.trim_end_matches(['\n', '\r']).len())
        })
        .filter(|r| !r.is_empty())
        .take(2000)
        .collect();
    for (n, r) in para.iter().enumerate() {
        for s in sentence::split(text, std::slice::from_ref(r), n) {
            if s.text.len() > 1500 {
                continue;
            }
            for c in detect::analyze(&s.text, &ctx) {
                match c.act {
                    Act::Request | Act::Group | Act::Assign(_) => req = req.max(c.confidence),
                    Act::Commit | Act::GroupCommit | Act::Accept(_) => com = com.max(c.confidence),
                    Act::Decline | Act::Cancel | Act::Complete => dec = dec.max(0.4),
                }
            }
            if s.text.trim_end().ends_with('?') {
                que = que.max(0.7);
            }
            if DECISION.is_match(&s.text) {
                dec = dec.max(0.75);
            }
            urgency = urgency.max(match priority::detect(&s.text) {
                Some(Priority::Urgent) => 1.0,
                Some(Priority::High) => 0.75,
                Some(Priority::Normal) => 0.4,
                Some(Priority::Low) => 0.1,
                None => 0.0,
            });
        }
    }
    if req > 0.0 && que > 0.0 {
        // A question that is really a request is mostly a request.
        que = que.min(0.5);
    }
    let fyi = (1.0 - req.max(com).max(que).max(dec)).clamp(0.05, 1.0);
    let mut scores = vec![
        (Intent::Request, req),
        (Intent::Commitment, com),
        (Intent::Question, que),
        (Intent::Decision, dec),
        (Intent::Fyi, fyi),
    ];
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    Classification { scores, urgency }
}
