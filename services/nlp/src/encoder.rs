//! The sentence encoder on ONNX Runtime: texts are tokenized, run through MiniLM in batches,
//! mean-pooled over their real tokens and L2-normalised, so a dot product of two vectors is
//! their cosine similarity. Inference runs on blocking threads, never on the async runtime's
//! workers, with a fixed number of sessions in parallel and a bounded queue in front of them.

use std::{
    collections::HashMap,
    path::Path,
    sync::{Arc, Mutex},
};

use anyhow::Context as _;
use ort::{
    session::{Session, builder::GraphOptimizationLevel},
    value::Tensor,
};
use taskstream_runtime::{ServiceError, ServiceResult};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};
use tokio::sync::Semaphore;

use crate::models::{ENCODER_DIMENSIONS, ENCODER_MAX_TOKENS, InferenceLimits};

/// Texts run through the model together. Sorting a request's texts by length first keeps
/// padding, and so wasted work, small.
pub const BATCH_SIZE: usize = 32;

/// One text's embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded {
    /// Unit-length vector.
    pub values: Vec<f32>,
    /// Tokens the model read (special tokens included).
    pub token_count: usize,
    /// Whether the text was cut at the model's input length.
    pub truncated: bool,
}

/// The encoder with its sessions.
pub struct Encoder {
    tokenizer: Tokenizer,
    sessions: Mutex<Vec<Session>>,
    /// One permit per session: held while a batch runs.
    running: Arc<Semaphore>,
    /// Batches allowed to wait or run; beyond it callers are told to retry.
    admitted: Arc<Semaphore>,
    /// Texts embedded lately: a live meeting re-scores the same titles on every push.
    recent: Mutex<Recent>,
}

/// Entries per generation of [`Recent`] (two generations: about 9 MB at most).
const RECENT_PER_GENERATION: usize = 2048;
/// Age at which the current generation moves back even if not full, so a text is forgotten
/// within two of these on a quiet server.
const RECENT_GENERATION_AGE: std::time::Duration = std::time::Duration::from_secs(3600);
/// Longest text [`Recent`] keeps: titles and short sentences, not whole documents sent to
/// `Embed`, which would fill memory with keys.
const RECENT_MAX_TEXT_BYTES: usize = 512;

/// Recently embedded texts, in two generations: a full current generation becomes the
/// previous one, and a hit in the previous one moves back to the current. Cheaper than an
/// LRU and close to it.
struct Recent {
    current: HashMap<String, Embedded>,
    previous: HashMap<String, Embedded>,
    /// When the current generation began.
    since: std::time::Instant,
}

impl Default for Recent {
    fn default() -> Self {
        Self {
            current: HashMap::new(),
            previous: HashMap::new(),
            since: std::time::Instant::now(),
        }
    }
}

impl Recent {
    /// Moves the current generation back when it is full or old.
    fn age(&mut self) {
        if self.current.len() >= RECENT_PER_GENERATION
            || self.since.elapsed() >= RECENT_GENERATION_AGE
        {
            self.previous = std::mem::take(&mut self.current);
            self.since = std::time::Instant::now();
        }
    }

    fn get(&mut self, text: &str) -> Option<Embedded> {
        if self.since.elapsed() >= RECENT_GENERATION_AGE {
            self.age();
        }
        if let Some(hit) = self.current.get(text) {
            return Some(hit.clone());
        }
        let hit = self.previous.remove(text)?;
        self.put(text.to_owned(), hit.clone());
        Some(hit)
    }

    fn put(&mut self, text: String, embedded: Embedded) {
        if text.len() > RECENT_MAX_TEXT_BYTES || self.current.contains_key(&text) {
            return;
        }
        self.age();
        self.current.insert(text, embedded);
    }
}

impl Encoder {
    /// Loads the model and tokenizer (blocking: call from a thread that may block).
    pub fn load(
        environment: &ort::environment::Environment,
        model: &Path,
        tokenizer: &Path,
        limits: InferenceLimits,
    ) -> anyhow::Result<Self> {
        let mut tokenizer = Tokenizer::from_file(tokenizer)
            .map_err(|error| anyhow::anyhow!("tokenizer: {error}"))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: ENCODER_MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|error| anyhow::anyhow!("tokenizer truncation: {error}"))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..Default::default()
        }));
        let mut sessions = Vec::with_capacity(limits.workers);
        for _ in 0..limits.workers {
            // Builder errors carry the builder; `ort::Error::from` drops it.
            let session = Session::builder(environment)?
                .with_optimization_level(GraphOptimizationLevel::Level3)
                .map_err(ort::Error::<()>::from)?
                .with_intra_threads(limits.threads_per_worker)
                .map_err(ort::Error::<()>::from)?
                .with_inter_threads(1)
                .map_err(ort::Error::<()>::from)?
                .commit_from_file(model)
                .with_context(|| format!("loading {}", model.display()))?;
            sessions.push(session);
        }
        Ok(Self {
            tokenizer,
            sessions: Mutex::new(sessions),
            running: Arc::new(Semaphore::new(limits.workers)),
            admitted: Arc::new(Semaphore::new(limits.workers + limits.max_queued_batches)),
            recent: Mutex::default(),
        })
    }

    /// Embeds `texts`, in order. Texts embedded lately are answered from memory; the rest
    /// run once each, however often they repeat.
    pub async fn embed(self: &Arc<Self>, texts: Vec<String>) -> ServiceResult<Vec<Embedded>> {
        let mut results: Vec<Option<Embedded>> = {
            let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
            texts.iter().map(|t| recent.get(t)).collect()
        };
        let mut missing: Vec<&String> = texts
            .iter()
            .zip(&results)
            .filter(|(_, hit)| hit.is_none())
            .map(|(text, _)| text)
            .collect();
        // By length keeps padding small; by text puts repeats side by side for `dedup`.
        missing.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        missing.dedup();
        let mut fresh: HashMap<&str, Embedded> = HashMap::with_capacity(missing.len());
        for chunk in missing.chunks(BATCH_SIZE) {
            let batch: Vec<String> = chunk.iter().map(|t| (*t).clone()).collect();
            let embedded = self.run(batch).await?;
            if embedded.len() != chunk.len() {
                return Err(ServiceError::internal(format!(
                    "the encoder returned {} vectors for {} texts",
                    embedded.len(),
                    chunk.len()
                )));
            }
            let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
            for (embedded, text) in embedded.into_iter().zip(chunk) {
                recent.put((*text).clone(), embedded.clone());
                fresh.insert(text.as_str(), embedded);
            }
        }
        for (text, slot) in texts.iter().zip(results.iter_mut()) {
            if slot.is_none() {
                *slot = fresh.get(text.as_str()).cloned();
            }
        }
        results
            .into_iter()
            .map(|slot| slot.ok_or_else(|| ServiceError::internal("a text was not embedded")))
            .collect()
    }

    /// [`Encoder::embed`] within `cap`; past it, `DEADLINE_EXCEEDED` saying that `what` took
    /// too long.
    pub async fn embed_within(
        self: &Arc<Self>,
        texts: Vec<String>,
        cap: std::time::Duration,
        what: &str,
    ) -> ServiceResult<Vec<Embedded>> {
        match tokio::time::timeout(cap, self.embed(texts)).await {
            Ok(embedded) => embedded,
            Err(_) => Err(ServiceError::deadline_exceeded(format!(
                "{what} took longer than {}s",
                cap.as_secs()
            ))),
        }
    }

    /// `embed_within`, keeping only the vectors (for comparing texts, not answering Embed).
    pub async fn vectors_within(
        self: &Arc<Self>,
        texts: Vec<String>,
        cap: std::time::Duration,
        what: &str,
    ) -> ServiceResult<Vec<Vec<f32>>> {
        Ok(self
            .embed_within(texts, cap, what)
            .await?
            .into_iter()
            .map(|e| e.values)
            .collect())
    }

    /// Runs one batch on a free session, waiting in the bounded queue.
    async fn run(self: &Arc<Self>, batch: Vec<String>) -> ServiceResult<Vec<Embedded>> {
        let _admitted = self.admitted.clone().try_acquire_owned().map_err(|_| {
            ServiceError::resource_exhausted(
                "INFERENCE_QUEUE_FULL",
                std::time::Duration::from_secs(1),
            )
        })?;
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(ServiceError::internal)?;
        let encoder = self.clone();
        tokio::task::spawn_blocking(move || {
            let _running = running;
            encoder.embed_blocking(&batch)
        })
        .await
        .map_err(ServiceError::internal)?
        .map_err(ServiceError::internal)
    }

    /// Tokenizes and runs one batch on the calling thread.
    pub fn embed_blocking(&self, texts: &[String]) -> anyhow::Result<Vec<Embedded>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.iter().map(String::as_str).collect::<Vec<_>>(), true)
            .map_err(|error| anyhow::anyhow!("tokenizing: {error}"))?;
        let rows = encodings.len();
        let width = encodings.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0i64; rows * width];
        let mut mask = vec![0i64; rows * width];
        for (row, encoding) in encodings.iter().enumerate() {
            for (column, (&id, &attention)) in encoding
                .get_ids()
                .iter()
                .zip(encoding.get_attention_mask())
                .enumerate()
            {
                ids[row * width + column] = i64::from(id);
                mask[row * width + column] = i64::from(attention);
            }
        }
        let types = vec![0i64; rows * width];
        let shape = [rows, width];
        let hidden = {
            let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
            // The `running` permit guarantees a session is free.
            let mut session = sessions.pop().context("no free inference session")?;
            drop(sessions);
            let outcome = (|| -> anyhow::Result<Vec<f32>> {
                let outputs = session.run(ort::inputs![
                    "input_ids" => Tensor::from_array((shape, ids.clone().into_boxed_slice()))?,
                    "attention_mask" => Tensor::from_array((shape, mask.clone().into_boxed_slice()))?,
                    "token_type_ids" => Tensor::from_array((shape, types.into_boxed_slice()))?,
                ])?;
                let (_, values) = outputs["last_hidden_state"].try_extract_tensor::<f32>()?;
                Ok(values.to_vec())
            })();
            self.sessions
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(session);
            outcome?
        };
        anyhow::ensure!(
            hidden.len() == rows * width * ENCODER_DIMENSIONS,
            "unexpected encoder output size {}",
            hidden.len()
        );
        Ok(encodings
            .iter()
            .enumerate()
            .map(|(row, encoding)| {
                let mut pooled = vec![0f32; ENCODER_DIMENSIONS];
                let mut count = 0f32;
                for column in 0..width {
                    if mask[row * width + column] == 0 {
                        continue;
                    }
                    count += 1.0;
                    let start = (row * width + column) * ENCODER_DIMENSIONS;
                    for (sum, value) in pooled
                        .iter_mut()
                        .zip(&hidden[start..start + ENCODER_DIMENSIONS])
                    {
                        *sum += value;
                    }
                }
                let norm = pooled
                    .iter()
                    .map(|v| (v / count.max(1.0)).powi(2))
                    .sum::<f32>()
                    .sqrt()
                    .max(1e-12);
                for value in &mut pooled {
                    *value = *value / count.max(1.0) / norm;
                }
                Embedded {
                    values: pooled,
                    token_count: count as usize,
                    truncated: !encoding.get_overflowing().is_empty(),
                }
            })
            .collect())
    }
}

/// Cosine similarity of two unit vectors.
pub fn similarity(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(x: f32) -> Embedded {
        Embedded {
            values: vec![x],
            token_count: 1,
            truncated: false,
        }
    }

    #[test]
    fn recent_texts_keep_two_generations_and_promote_hits() {
        let mut recent = Recent::default();
        for i in 0..RECENT_PER_GENERATION {
            recent.put(format!("t{i}"), vector(i as f32));
        }
        // A full generation moves back when the next text arrives.
        recent.put("new".into(), vector(-1.0));
        assert_eq!(recent.current.len(), 1);
        assert_eq!(recent.get("t0").map(|e| e.values), Some(vec![0.0]));
        assert!(
            recent.current.contains_key("t0"),
            "a hit moves to the current generation"
        );
        // Another full turn forgets what was not used.
        for i in 0..RECENT_PER_GENERATION {
            recent.put(format!("u{i}"), vector(i as f32));
        }
        assert!(recent.get("t5").is_none());
        assert!(recent.get("unknown").is_none());
        // Long texts are not kept.
        let long = "x".repeat(RECENT_MAX_TEXT_BYTES + 1);
        recent.put(long.clone(), vector(1.0));
        assert!(recent.get(&long).is_none());
    }
}
