//! Writes the task filter's training rows: every labelled document in the given JSONL files
//! goes through the service's own path (the request's document checked and prepared, the
//! rules, the encoder on each candidate's title, the evidence's words) and comes out as one
//! line, `{"id", "tasks": [{"title", "features"}]}`. `scripts/train_task_filter.py` labels the
//! titles with the scorer and trains on the features.
//!
//! `cargo run --release -p taskstream-nlp --example task_filter_features -- SET.jsonl...`;
//! with `--versions` it prints the rules' and encoder's versions the rows would carry.

use std::{
    io::{BufRead, Write},
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use taskstream_nlp::{
    document::prepare,
    filter, labelled,
    models::{self, EncoderState, InferenceLimits, Models},
};

fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("--versions") {
        println!(
            "{}",
            json!({
                "rules_version": taskstream_nlp_extract::RULES_VERSION,
                "encoder_version": models::encoder_version(),
                "date_rules_version": models::DATE_RULES_VERSION,
                "rule_features": filter::RULE_FEATURES,
                "evidence_buckets": filter::EVIDENCE_BUCKETS,
            })
        );
        return Ok(());
    }
    let dir = std::env::var_os("TASKSTREAM_MODELS_DIR")
        .map(Into::into)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../.cache/models").into());
    let models = Models::open(
        dir,
        InferenceLimits {
            workers: 1,
            threads_per_worker: 2,
            max_queued_batches: 4,
        },
    );
    let started = Instant::now();
    let encoder = loop {
        match models.encoder_state() {
            EncoderState::Ready(encoder, _) => break encoder,
            EncoderState::Loading if started.elapsed() < Duration::from_secs(120) => {
                std::thread::sleep(Duration::from_millis(50));
            }
            EncoderState::Loading => anyhow::bail!("the encoder did not load in 2 minutes"),
            EncoderState::NotProvisioned(why) | EncoderState::Failed(why) => anyhow::bail!(why),
        }
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in std::env::args().skip(1) {
        let file = std::fs::File::open(&path).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
        for line in std::io::BufReader::new(file).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let record: Value = serde_json::from_str(&line)?;
            let prepared = prepare(Some(&labelled::document(&record)?), "document", true)
                .map_err(|e| anyhow::anyhow!("{}: {e:?}", record["id"]))?;
            let candidates = prepared.extract();
            let titles: Vec<String> = candidates.iter().map(|c| c.title.clone()).collect();
            // The service's own call: sorted by length, in batches.
            let vectors: Vec<Vec<f32>> = runtime
                .block_on(encoder.embed(titles))
                .map_err(|e| anyhow::anyhow!("{e:?}"))?
                .into_iter()
                .map(|e| e.values)
                .collect();
            let rows = filter::features(prepared.kind, &prepared.text, &candidates, &vectors);
            let tasks: Vec<Value> = candidates
                .iter()
                .zip(rows)
                .map(|(c, row)| json!({"title": c.title, "features": row}))
                .collect();
            writeln!(out, "{}", json!({"id": record["id"], "tasks": tasks}))?;
        }
    }
    Ok(())
}
