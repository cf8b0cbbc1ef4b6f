//! Access tokens: EdDSA-signed JWTs (RFC 9068 profile) with a `kid`, verified per RFC 8725:
//! an allow-list of one algorithm, exact `iss` and `aud`, `exp` and `nbf` with bounded leeway,
//! and keys looked up by `kid` from the published JWKS (refreshed, at a bounded rate, when an
//! unknown `kid` shows up, so keys rotate without logging anyone out).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, RwLock},
    time::{Duration, Instant},
};

use async_trait::async_trait;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use taskstream_runtime::{ServiceError, ServiceResult};

/// The `aud` of every access token.
pub const AUDIENCE: &str = "taskstream";
/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY: Duration = Duration::from_secs(60);
/// Tokens longer than this are refused before any parsing.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// Shortest interval between two JWKS refreshes caused by unknown `kid`s.
const REFRESH_INTERVAL: Duration = Duration::from_secs(10);
/// Verified tokens remembered at most; the memory is cleared when full.
const VERIFIED_CAPACITY: usize = 10_000;

/// Scope carried by tokens of deployment operators.
pub const OPERATOR_SCOPE: &str = "taskstream.operator";
/// Scope carried by tokens of the mesh's own services.
pub const INTERNAL_SCOPE: &str = "taskstream.internal";

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Issuer: the deployment's issuer URL.
    pub iss: String,
    /// Audience: [`AUDIENCE`].
    pub aud: String,
    /// The principal: `users/{user}` or `workspaces/{workspace}/serviceAccounts/{account}`.
    pub sub: String,
    /// Expiry, seconds since the epoch.
    pub exp: u64,
    /// Not valid before, seconds since the epoch.
    pub nbf: u64,
    /// Issued at, seconds since the epoch.
    pub iat: u64,
    /// Unique token id, for revocation.
    pub jti: String,
    /// Refresh-token family the token descends from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Space-separated scopes; absent on first-party user tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The only workspace the token may act in, for bound tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ws: Option<String>,
    /// The OAuth client or service-account key the token was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

impl AccessClaims {
    /// Whether the token's scopes (when it has any) cover `permission`. Scopes are permission
    /// patterns (`tasks.*.*`, `tasks.projects.get`); tokens without scopes carry their
    /// principal's full rights.
    pub fn scopes_cover(&self, permission: &str) -> bool {
        match self.scope.as_deref() {
            None => true,
            Some(scopes) => scopes
                .split(' ')
                .any(|scope| crate::table::matches_pattern(scope, permission)),
        }
    }

    /// Whether the token carries `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope
            .as_deref()
            .is_some_and(|scopes| scopes.split(' ').any(|s| s == scope))
    }
}

/// A public key as published in the JWKS (RFC 8037 OKP key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicJwk {
    /// Key type: `OKP`.
    pub kty: String,
    /// Curve: `Ed25519`.
    pub crv: String,
    /// The public key, base64url without padding.
    pub x: String,
    /// Key id, matched against the token header's `kid`.
    pub kid: String,
    /// Algorithm: `EdDSA`.
    pub alg: String,
    /// Use: `sig`.
    #[serde(rename = "use")]
    pub use_: String,
}

/// A private signing key (Ed25519).
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    seed: [u8; 32],
    encoding: EncodingKey,
    public: [u8; 32],
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// PKCS#8 v1 prefix of an Ed25519 private key: the 32-byte seed follows.
const PKCS8_ED25519_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

impl SigningKey {
    /// A new random key with a fresh `kid`.
    pub fn generate() -> Self {
        let seed: [u8; 32] = rand::random();
        Self::from_seed(uuid::Uuid::now_v7().simple().to_string(), seed)
    }

    /// The key with this id and secret seed (as stored).
    pub fn from_seed(kid: String, seed: [u8; 32]) -> Self {
        let mut der = PKCS8_ED25519_PREFIX.to_vec();
        der.extend_from_slice(&seed);
        let public = ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes();
        Self {
            kid,
            seed,
            encoding: EncodingKey::from_ed_der(&der),
            public,
        }
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The secret seed, for storage. Never log it.
    pub fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    /// The public half, as published in the JWKS.
    pub fn public_jwk(&self) -> PublicJwk {
        PublicJwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: URL_SAFE_NO_PAD.encode(self.public),
            kid: self.kid.clone(),
            alg: "EdDSA".into(),
            use_: "sig".into(),
        }
    }

    /// Signs `claims` (an access token's, or any other JWT's) into a compact JWT.
    pub fn sign<T: Serialize>(&self, claims: &T) -> ServiceResult<String> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        header.typ = Some("at+jwt".into());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(ServiceError::internal)
    }
}

/// Where a verifier gets the public keys from (the auth service's JWKS).
#[async_trait]
pub trait KeySource: Send + Sync + 'static {
    /// Every currently published public key.
    async fn public_keys(&self) -> ServiceResult<Vec<PublicJwk>>;
}

fn invalid(reason: &'static str, message: impl Into<String>) -> ServiceError {
    ServiceError::unauthenticated(reason, message)
}

/// Verifies access tokens against the published keys.
pub struct TokenVerifier {
    issuer: String,
    keys: RwLock<HashMap<String, DecodingKey>>,
    source: Arc<dyn KeySource>,
    last_refresh: Mutex<Option<Instant>>,
    /// Tokens that verified, by SHA-256 of the token, each good until its own `exp`. A client
    /// sends one token with many calls, and a token crosses the gateway and then the guard:
    /// remembering the result saves an Ed25519 verification (~30 µs) per call. Only successes
    /// are kept, and the memory is dropped whenever the key set is reloaded.
    verified: Mutex<HashMap<[u8; 32], AccessClaims>>,
}

impl TokenVerifier {
    /// A verifier for tokens of `issuer`, with keys from `source`.
    pub fn new(issuer: impl Into<String>, source: Arc<dyn KeySource>) -> Self {
        Self {
            issuer: issuer.into(),
            keys: RwLock::default(),
            source,
            last_refresh: Mutex::default(),
            verified: Mutex::default(),
        }
    }

    fn known_key(&self, kid: &str) -> Option<DecodingKey> {
        self.keys
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(kid)
            .cloned()
    }

    /// Reloads the key set, at most once per [`REFRESH_INTERVAL`]: a flood of tokens with
    /// made-up `kid`s must not become a flood of JWKS fetches.
    async fn refresh(&self) -> ServiceResult<()> {
        {
            let mut last = self.last_refresh.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|at| at.elapsed() < REFRESH_INTERVAL) {
                return Ok(());
            }
            *last = Some(Instant::now());
        }
        let mut fresh = HashMap::new();
        for jwk in self.source.public_keys().await? {
            if jwk.kty == "OKP" && jwk.crv == "Ed25519" && jwk.alg == "EdDSA" {
                match DecodingKey::from_ed_components(&jwk.x) {
                    Ok(key) => {
                        fresh.insert(jwk.kid, key);
                    }
                    Err(error) => tracing::warn!(kid = %jwk.kid, %error, "skipping unusable JWK"),
                }
            }
        }
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = fresh;
        self.verified
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        Ok(())
    }

    /// The claims of a valid token; `UNAUTHENTICATED` with a precise reason otherwise.
    pub async fn verify(&self, token: &str) -> ServiceResult<AccessClaims> {
        if token.is_empty() {
            return Err(invalid("TOKEN_MISSING", "no access token"));
        }
        if token.len() > MAX_TOKEN_BYTES {
            return Err(invalid("TOKEN_INVALID", "the access token is too large"));
        }
        let digest: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        if let Some(claims) = self
            .verified
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&digest)
            .filter(|claims| claims.exp + LEEWAY.as_secs() > now)
        {
            return Ok(claims.clone());
        }
        let claims = self.verify_signed(token).await?;
        let mut verified = self.verified.lock().unwrap_or_else(|p| p.into_inner());
        if verified.len() >= VERIFIED_CAPACITY {
            verified.clear();
        }
        verified.insert(digest, claims.clone());
        Ok(claims)
    }

    /// Full verification: header, key, signature and claims.
    async fn verify_signed(&self, token: &str) -> ServiceResult<AccessClaims> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| invalid("TOKEN_INVALID", "the access token is not a well-formed JWT"))?;
        if header.alg != Algorithm::EdDSA {
            return Err(invalid(
                "TOKEN_INVALID",
                "the access token's algorithm is not allowed",
            ));
        }
        let kid = header
            .kid
            .ok_or_else(|| invalid("TOKEN_INVALID", "the access token names no key"))?;
        let key = match self.known_key(&kid) {
            Some(key) => key,
            None => {
                self.refresh().await?;
                self.known_key(&kid).ok_or_else(|| {
                    invalid(
                        "TOKEN_INVALID",
                        "the access token was signed by an unknown key",
                    )
                })?
            }
        };
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = LEEWAY.as_secs();
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        jsonwebtoken::decode::<AccessClaims>(token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|error| match error.kind() {
                ErrorKind::ExpiredSignature => {
                    invalid("TOKEN_EXPIRED", "the access token has expired")
                }
                ErrorKind::ImmatureSignature => {
                    invalid("TOKEN_INVALID", "the access token is not valid yet")
                }
                ErrorKind::InvalidIssuer => {
                    invalid("TOKEN_INVALID", "the access token has another issuer")
                }
                ErrorKind::InvalidAudience => {
                    invalid("TOKEN_INVALID", "the access token is for another audience")
                }
                ErrorKind::InvalidSignature => invalid(
                    "TOKEN_INVALID",
                    "the access token's signature does not verify",
                ),
                _ => invalid("TOKEN_INVALID", "the access token is not valid"),
            })
    }
}
