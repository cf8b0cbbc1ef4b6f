//! The task filter: a logistic regression that reads what the rules found (their confidence,
//! the document's kind, whether an owner and a date were found, the title's length), the
//! encoder's vector of the candidate's title and the words of its evidence, and gives a
//! score that a person would have extracted that task. It becomes the candidate's
//! `confidence`, so the caller's `min_confidence` (0.5 by default) is the cut. The score is
//! the model's probability with its odds shifted so that 0.5 sits at the probability where
//! cutting did best when each training set was left out in turn (the `cut` in the weights
//! file's report): detection F1 gains more from the tasks kept than it loses to the extra
//! non-tasks.
//!
//! Why: the rules find most tasks but also propose things people do not count (a question
//! answered later, a step of a larger task, a status line). Rules tuned on one set of writers
//! stopped transferring to others; a model trained over every labelled set does better on
//! sets it never saw (numbers in the README). It is trained by `make task-filter`
//! (`scripts/train_task_filter.py`) from the labelled sets in this repository, against one
//! version of the rules and of the encoder; a test fails when either changes without
//! retraining.

use std::{
    sync::{Arc, LazyLock},
    time::Duration,
};

use serde::Deserialize;
use taskstream_nlp_extract::{Candidate, Kind};
use taskstream_proto::nlp_v1 as nlp;
use taskstream_runtime::{ServiceError, ServiceResult};

use crate::{encoder::Encoder, models::ENCODER_DIMENSIONS};

/// The model's name in the catalogue.
pub const TASK_FILTER: &str = "task-filter";

/// Features before the title's vector. Nothing about the rest of the document enters, so a
/// candidate's score does not drift as a meeting grows.
pub const RULE_FEATURES: [&str; 7] = [
    "rule_confidence",
    "kind_email",
    "kind_chat",
    "kind_transcript",
    "has_assignee",
    "has_due",
    "title_words_per_10",
];

/// Buckets the evidence's words are hashed into. The title's vector says what the task is;
/// the evidence's own words ("can you", "I'll", "let's", "did") say whether it was asked,
/// promised, proposed or only reported, which the title no longer shows.
pub const EVIDENCE_BUCKETS: usize = 256;

/// Every feature, in order: the rule features, the title's vector, then the evidence's words.
pub const FEATURES: usize = RULE_FEATURES.len() + ENCODER_DIMENSIONS + EVIDENCE_BUCKETS;

/// The confidence below which candidates are not answered unless the caller sets another
/// `min_confidence`; live transcript sessions always use it.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.5;

/// The trained weights as `scripts/train_task_filter.py` writes them.
#[derive(Debug, Deserialize)]
pub struct TaskFilter {
    /// Changes whenever the weights do.
    pub version: String,
    /// The rules version the candidates came from.
    pub rules_version: String,
    /// The encoder version the title vectors came from.
    pub encoder_version: String,
    /// The date rules version (dates shape titles and `has_due`).
    pub date_rules_version: String,
    /// The names of the rule features, in order ([`RULE_FEATURES`] when trained here).
    pub rule_features: Vec<String>,
    /// How many buckets the evidence's words were hashed into ([`EVIDENCE_BUCKETS`]).
    pub evidence_buckets: usize,
    /// One per feature; standardisation is folded in.
    weights: Vec<f32>,
    bias: f32,
}

/// The weights file shipped with this build.
const SHIPPED_FILE: &str = include_str!("../trained/task-filter.json");

/// The filter shipped with this build.
pub static SHIPPED: LazyLock<TaskFilter> = LazyLock::new(|| {
    serde_json::from_str(SHIPPED_FILE)
        .expect("trained/task-filter.json is the file make task-filter writes")
});

/// The sha256 of the shipped weights file, for the model catalogue.
pub fn shipped_sha256() -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(SHIPPED_FILE.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl TaskFilter {
    /// The probability that the candidate with these features is a task.
    pub fn probability(&self, features: &[f32]) -> f32 {
        let z: f32 = self
            .weights
            .iter()
            .zip(features)
            .map(|(w, x)| w * x)
            .sum::<f32>()
            + self.bias;
        1.0 / (1.0 + (-z).exp())
    }

    /// Number of weights, which must be [`FEATURES`].
    pub fn weight_count(&self) -> usize {
        self.weights.len()
    }
}

/// The features of every candidate of one document, in the order the rules gave them;
/// `titles` holds the encoder's vector of each candidate's title and `text` is what the
/// candidates' evidence offsets point into.
pub fn features(
    kind: Kind,
    text: &str,
    candidates: &[Candidate],
    titles: &[Vec<f32>],
) -> Vec<Vec<f32>> {
    candidates
        .iter()
        .zip(titles)
        .map(|(candidate, title)| {
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            let mut row = vec![
                candidate.confidence,
                flag(kind == Kind::Email),
                flag(kind == Kind::Chat),
                flag(kind == Kind::Transcript),
                flag(candidate.assignee.is_some()),
                flag(candidate.due.is_some()),
                candidate.title.split_whitespace().count() as f32 / 10.0,
            ];
            row.extend_from_slice(title);
            row.extend(evidence_words(
                text.get(candidate.evidence.clone()).unwrap_or(""),
            ));
            row
        })
        .collect()
}

/// The evidence's words as [`EVIDENCE_BUCKETS`] presence flags: every word, the first word
/// marked as such, and each pair of neighbours among the first seven words, where the mood
/// of a clause is said. Words are runs of ASCII letters and apostrophes, lowercased; a typed
/// apostrophe ("I’ll", as phones and Outlook write it) is the plain one.
fn evidence_words(evidence: &str) -> Vec<f32> {
    let lower = evidence.to_lowercase().replace('’', "'");
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_lowercase() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let mut flags = vec![0.0; EVIDENCE_BUCKETS];
    let mut set = |gram: &str| flags[bucket(gram)] = 1.0;
    if let Some(first) = words.first() {
        set(&format!("^{first}"));
    }
    for pair in words[..words.len().min(7)].windows(2) {
        set(&format!("{} {}", pair[0], pair[1]));
    }
    for word in &words {
        set(word);
    }
    flags
}

/// FNV-1a: a stable hash, so the trained weights keep their meaning across builds.
fn bucket(gram: &str) -> usize {
    let hash = gram.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash as usize % EVIDENCE_BUCKETS
}

/// The versions an answer scored by the filter reports: the encoder's and the filter's.
pub fn model_versions() -> Vec<nlp::ModelVersion> {
    vec![
        crate::models::version_of(crate::models::ENCODER, &crate::models::encoder_version()),
        crate::models::version_of(TASK_FILTER, &SHIPPED.version),
    ]
}

/// Whether `versions` (a transcript session's) include the task filter.
pub fn listed(versions: &[nlp::ModelVersion]) -> bool {
    versions
        .iter()
        .any(|v| v.model.strip_prefix("models/") == Some(TASK_FILTER))
}

/// Gives each candidate the filter's probability as its confidence (the rules' own confidence
/// is one of the features), embedding all titles of the document in one call within `cap`.
/// On an error the candidates are left as the rules scored them.
pub async fn rescore(
    encoder: &Arc<Encoder>,
    kind: Kind,
    text: &str,
    candidates: &mut [Candidate],
    cap: Duration,
) -> ServiceResult<()> {
    if candidates.is_empty() {
        return Ok(());
    }
    let titles = candidates.iter().map(|c| c.title.clone()).collect();
    let vectors = encoder
        .vectors_within(titles, cap, "scoring the candidates")
        .await?;
    if vectors.len() != candidates.len() {
        return Err(ServiceError::internal(format!(
            "the encoder returned {} vectors for {} titles",
            vectors.len(),
            candidates.len()
        )));
    }
    let rows = features(kind, text, candidates, &vectors);
    for (candidate, row) in candidates.iter_mut().zip(rows) {
        candidate.confidence = SHIPPED.probability(&row);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::encoder_version;

    /// The shipped weights fit this build: the same feature count, rules and encoder. A rule
    /// or encoder change must be followed by `make task-filter`.
    #[test]
    fn the_shipped_filter_was_trained_on_these_rules_and_this_encoder() {
        assert_eq!(SHIPPED.weight_count(), FEATURES);
        assert_eq!(
            SHIPPED.rules_version,
            taskstream_nlp_extract::RULES_VERSION,
            "the rules changed since the task filter was trained: run `make task-filter`"
        );
        assert_eq!(
            SHIPPED.encoder_version,
            encoder_version(),
            "the encoder changed since the task filter was trained: run `make task-filter`"
        );
        assert_eq!(
            SHIPPED.date_rules_version,
            crate::models::DATE_RULES_VERSION,
            "the date rules changed since the task filter was trained: run `make task-filter`"
        );
        assert_eq!(
            SHIPPED.rule_features, RULE_FEATURES,
            "the features changed since the task filter was trained: run `make task-filter`"
        );
        assert_eq!(
            SHIPPED.evidence_buckets, EVIDENCE_BUCKETS,
            "the features changed since the task filter was trained: run `make task-filter`"
        );
    }

    #[test]
    fn features_are_in_the_documented_order() {
        let text = "Can you send the deck? I'll book the room.";
        let candidate = |title: &str, assignee: Option<&str>, evidence| Candidate {
            title: title.into(),
            assignee: assignee.map(Into::into),
            due: None,
            due_span: None,
            priority: None,
            confidence: 0.8,
            evidence,
        };
        let candidates = [
            candidate("Send the deck", Some("u1"), 0..22),
            candidate("Book the room", None, 23..42),
        ];
        let rows = features(
            Kind::Chat,
            text,
            &candidates,
            &[
                vec![0.5; ENCODER_DIMENSIONS],
                vec![0.25; ENCODER_DIMENSIONS],
            ],
        );
        assert_eq!(rows[1][..7], [0.8, 0.0, 1.0, 0.0, 0.0, 0.0, 0.3]);
        assert_eq!(rows[0][4], 1.0);
        let words = 7 + ENCODER_DIMENSIONS;
        assert_eq!(rows[1][7..words], [0.25; ENCODER_DIMENSIONS]);
        assert!(rows.iter().all(|row| row.len() == FEATURES));
        // Each candidate's own words, not its neighbour's.
        let flagged = |row: &[f32], gram: &str| row[words + bucket(gram)] == 1.0;
        assert_ne!(bucket("^can"), bucket("^i'll"));
        for gram in ["^can", "can you", "send the", "deck"] {
            assert!(flagged(&rows[0], gram), "{gram}");
        }
        assert!(flagged(&rows[1], "^i'll") && !flagged(&rows[1], "^can"));
        assert!(rows[0][words..].iter().all(|&f| f == 0.0 || f == 1.0));
    }

    /// The trained weights only mean something for this exact hashing: a change to the hash,
    /// the word splitting or the pairs must fail here and be followed by `make task-filter`.
    #[test]
    fn evidence_words_hash_as_the_filter_was_trained() {
        assert_eq!(
            [bucket("^can"), bucket("i'll"), bucket("can you")],
            [81, 185, 54]
        );
        let typed = evidence_words("I’ll send it");
        assert_eq!(typed, evidence_words("I'll send it"));
        assert_eq!(typed[bucket("^i'll")], 1.0);
    }
}
