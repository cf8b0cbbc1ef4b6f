//! The signing key ring: one active key signs, the keys it replaced stay published
//! (verify-only) for a day so tokens they signed keep working, older ones retire. Every
//! replica reads the ring from the store, so a rotation on one is seen by all within
//! [`RELOAD_AFTER`].

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use taskstream_runtime::{ServiceError, ServiceResult};
use taskstream_security::token::SigningKey;
use tokio::sync::RwLock;

use crate::store::{AuthStore, KeyRecord};

/// How long a replica trusts its copy of the ring.
pub const RELOAD_AFTER: Duration = Duration::from_secs(30);
/// How long a replaced key stays published (far above the access-token lifetime).
pub const VERIFY_ONLY_FOR: Duration = Duration::from_secs(24 * 3600);

/// The keys as last read from the store.
struct Loaded {
    records: Vec<KeyRecord>,
    active: SigningKey,
    at: Instant,
}

/// The ring, shared by the handlers of one process.
pub struct KeyRing {
    store: Arc<dyn AuthStore>,
    loaded: RwLock<Option<Loaded>>,
}

fn decode_seed(hex: &str) -> ServiceResult<[u8; 32]> {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<_, _>>()
        .map_err(|_| ServiceError::internal("a stored signing key is corrupt"))?;
    bytes
        .try_into()
        .map_err(|_| ServiceError::internal("a stored signing key is corrupt"))
}

/// The stored form of a new key.
pub fn record_of(key: &SigningKey, now: i64) -> KeyRecord {
    KeyRecord {
        kid: key.kid().to_owned(),
        seed_hex: key.seed().iter().map(|b| format!("{b:02x}")).collect(),
        state: "active".into(),
        create_time: now,
        deactivate_time: None,
    }
}

impl KeyRing {
    /// A ring over `store`.
    pub fn new(store: Arc<dyn AuthStore>) -> Self {
        Self {
            store,
            loaded: RwLock::new(None),
        }
    }

    /// Creates the first key when the store has none (first start of a deployment).
    pub async fn ensure_active(&self, now: i64) -> ServiceResult<()> {
        let keys = self.store.signing_keys().await?;
        if !keys.iter().any(|key| key.state == "active") {
            let key = SigningKey::generate();
            self.store
                .rotate_signing_key(&record_of(&key, now), 0)
                .await?;
            tracing::info!(kid = key.kid(), "created the first token signing key");
        }
        self.reload().await
    }

    async fn reload(&self) -> ServiceResult<()> {
        let records = self.store.signing_keys().await?;
        let active = records
            .iter()
            .find(|key| key.state == "active")
            .ok_or_else(|| ServiceError::internal("no active signing key"))?;
        let active = SigningKey::from_seed(active.kid.clone(), decode_seed(&active.seed_hex)?);
        *self.loaded.write().await = Some(Loaded {
            records,
            active,
            at: Instant::now(),
        });
        Ok(())
    }

    async fn fresh(&self) -> ServiceResult<()> {
        let stale = match &*self.loaded.read().await {
            Some(loaded) => loaded.at.elapsed() > RELOAD_AFTER,
            None => true,
        };
        if stale {
            self.reload().await?;
        }
        Ok(())
    }

    /// The key to sign with.
    pub async fn active(&self) -> ServiceResult<SigningKey> {
        self.fresh().await?;
        let loaded = self.loaded.read().await;
        loaded
            .as_ref()
            .map(|loaded| loaded.active.clone())
            .ok_or_else(|| ServiceError::internal("no signing key loaded"))
    }

    /// Every key record (for listing) and the published keys (active and verify-only).
    pub async fn keys(&self) -> ServiceResult<(Vec<KeyRecord>, Vec<SigningKey>)> {
        self.fresh().await?;
        let loaded = self.loaded.read().await;
        let Some(loaded) = loaded.as_ref() else {
            return Ok((Vec::new(), Vec::new()));
        };
        let published = loaded
            .records
            .iter()
            .filter(|key| key.state == "active" || key.state == "verify_only")
            .map(|key| {
                Ok(SigningKey::from_seed(
                    key.kid.clone(),
                    decode_seed(&key.seed_hex)?,
                ))
            })
            .collect::<ServiceResult<Vec<_>>>()?;
        Ok((loaded.records.clone(), published))
    }

    /// Makes a new key active now.
    pub async fn rotate(&self, now: i64) -> ServiceResult<SigningKey> {
        let key = SigningKey::generate();
        let retire_before = now - VERIFY_ONLY_FOR.as_micros() as i64;
        self.store
            .rotate_signing_key(&record_of(&key, now), retire_before)
            .await?;
        self.reload().await?;
        Ok(key)
    }
}
