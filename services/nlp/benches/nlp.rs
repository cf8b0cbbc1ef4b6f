//! NLP throughput, for `make bench` (scripts/bench-nlp.sh runs it next to the same encoder
//! in Python onnxruntime and prints the ratio):
//!
//! - the encoder through our path (tokenize, batch of 32, ONNX Runtime, mean pooling), in
//!   sentences per second, on fixed sentences the Python baseline reads too;
//! - `ExtractTasks` on 200-word emails: documents per second, p50 and p99 latency.
//!
//! Prints one JSON object per measurement on stdout.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use taskstream_nlp::{encoder::BATCH_SIZE, grpc::NlpApi, models};
use taskstream_proto::nlp_v1::{self as nlp, nlp_service_server::NlpService};

fn models_dir() -> std::path::PathBuf {
    std::env::var_os("TASKSTREAM_MODELS_DIR")
        .map(Into::into)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../.cache/models").into())
}

/// The sentences both benchmarks embed: `BENCH_SENTENCES` (one per line) or built-in ones.
fn sentences() -> Vec<String> {
    if let Some(path) = std::env::var_os("BENCH_SENTENCES") {
        return std::fs::read_to_string(path)
            .expect("BENCH_SENTENCES is readable")
            .lines()
            .map(str::to_owned)
            .collect();
    }
    (0..512)
        .map(|i| format!("Could you send the revised schedule for site {i} to the carriers before the Friday review?"))
        .collect()
}

/// A 200-word email with three tasks, varied by `seed` so the result cache never answers;
/// with `new_titles` every task's title is new too, so the encoder's memory never answers
/// either.
fn email(seed: usize, new_titles: bool) -> String {
    let tag = if new_titles {
        format!(" of crew {seed}")
    } else {
        String::new()
    };
    let filler = "The loading bay works finished on time and the new racking passed inspection, so the team can plan the next phase with the carriers and the warehouse leads. ";
    let mut body = format!(
        "Subject: week {seed} handover\n\nHi Dev,\n\nThanks for covering the early shift. {}",
        filler.repeat(4)
    );
    body.push_str(&format!(
        "Could you send the revised dock schedule for route {seed} to the carriers by Friday? \
         I'll update the staffing plan{tag} tomorrow morning. Also, please book the forklift \
         training for the new hires{tag} before the 20th; it's important. {}\n\nThanks,\nMarta",
        filler.repeat(2)
    ));
    body
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1e6
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let limits = models::InferenceLimits {
            workers: 1,
            threads_per_worker: 1,
            max_queued_batches: 1024,
        };
        let models = models::Models::open(models_dir(), limits);
        let encoder = loop {
            match models.encoder_state() {
                models::EncoderState::Ready(encoder, _) => break encoder,
                models::EncoderState::Loading => {
                    tokio::time::sleep(Duration::from_millis(20)).await
                }
                _ => panic!("the encoder is not provisioned: run `make models`"),
            }
        };

        let texts = sentences();
        let batches: Vec<Vec<String>> = texts.chunks(BATCH_SIZE).map(<[_]>::to_vec).collect();
        for batch in batches.iter().take(2) {
            encoder.embed_blocking(batch).unwrap();
        }
        let rounds = 3;
        let started = Instant::now();
        for _ in 0..rounds {
            for batch in &batches {
                encoder.embed_blocking(batch).unwrap();
            }
        }
        let per_second = (texts.len() * rounds) as f64 / started.elapsed().as_secs_f64();
        println!(
            "{{\"bench\":\"encoder\",\"path\":\"taskstream ort\",\"batch\":{BATCH_SIZE},\"threads\":1,\"sentences_per_second\":{per_second:.1}}}"
        );

        let filtered = NlpApi::new(
            models.clone(),
            Arc::new(taskstream_cache::MemoryCache::new()),
            Default::default(),
            None,
        );
        // The same requests on a server without models: the rules alone, the baseline.
        let no_models = tempfile::tempdir().unwrap();
        let rules_only = NlpApi::new(
            models::Models::open(no_models.path().into(), limits),
            Arc::new(taskstream_cache::MemoryCache::new()),
            Default::default(),
            None,
        );
        extract_tasks(&rules_only, "rules only", false).await;
        extract_tasks(&filtered, "rules and task filter", false).await;
        extract_tasks(&filtered, "rules and task filter, every title new", true).await;
    });
}

/// `ExtractTasks` on 400 fresh 200-word emails after a warm-up: documents per second, p50 and
/// p99 latency.
async fn extract_tasks(api: &NlpApi, path: &str, new_titles: bool) {
    let words = email(0, new_titles).split_whitespace().count();
    let mut latencies = Vec::new();
    let documents = 400;
    // The first calls compile the rules' regular expressions (once per process): warm up
    // so the figures are the steady state.
    let warm_up = 20;
    let mut started = Instant::now();
    for seed in 0..documents + warm_up {
        if seed == warm_up {
            latencies.clear();
            started = Instant::now();
        }
        let request = tonic::Request::new(nlp::ExtractTasksRequest {
            workspace: "workspaces/bench".into(),
            document: Some(nlp::Document {
                kind: nlp::DocumentKind::Email as i32,
                content: Some(nlp::document::Content::Text(email(seed, new_titles))),
                reference_time: Some(prost_types::Timestamp {
                    seconds: 1_772_550_900,
                    nanos: 0,
                }),
                time_zone: "America/Chicago".into(),
                participants: vec![
                    nlp::Participant {
                        id: "u1".into(),
                        display_name: "Marta Kowalski".into(),
                        ..Default::default()
                    },
                    nlp::Participant {
                        id: "u2".into(),
                        display_name: "Dev Patel".into(),
                        ..Default::default()
                    },
                ],
                author: "u1".into(),
                reference: String::new(),
            }),
            min_confidence: None,
        });
        let call = Instant::now();
        let answer = api.extract_tasks(request).await.unwrap().into_inner();
        latencies.push(call.elapsed());
        assert!(!answer.candidates.is_empty());
    }
    let per_second = documents as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    println!(
        "{{\"bench\":\"extract_tasks\",\"path\":\"{path}\",\"words_per_document\":{words},\"documents_per_second\":{per_second:.1},\"p50_us\":{:.0},\"p99_us\":{:.0}}}",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );
}
