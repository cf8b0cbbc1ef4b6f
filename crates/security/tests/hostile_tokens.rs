//! Tokens an attacker would try, each refused with `UNAUTHENTICATED` (RFC 8725's list and more).

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{SystemTime, UNIX_EPOCH},
};

use async_trait::async_trait;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use taskstream_runtime::ServiceResult;
use taskstream_security::token::{
    AUDIENCE, AccessClaims, KeySource, PublicJwk, SigningKey, TokenVerifier,
};
use tonic::Code;

const ISSUER: &str = "https://auth.taskstream.test";

struct FixedKeys {
    keys: Vec<PublicJwk>,
    fetches: AtomicUsize,
}

#[async_trait]
impl KeySource for FixedKeys {
    async fn public_keys(&self) -> ServiceResult<Vec<PublicJwk>> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        Ok(self.keys.clone())
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims() -> AccessClaims {
    let now = now();
    AccessClaims {
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        sub: "users/ana".into(),
        exp: now + 900,
        nbf: now,
        iat: now,
        jti: "jti-1".into(),
        sid: None,
        scope: None,
        ws: None,
        client_id: None,
    }
}

fn setup() -> (SigningKey, Arc<FixedKeys>, TokenVerifier) {
    let key = SigningKey::generate();
    let source = Arc::new(FixedKeys {
        keys: vec![key.public_jwk()],
        fetches: AtomicUsize::new(0),
    });
    let verifier = TokenVerifier::new(ISSUER, source.clone());
    (key, source, verifier)
}

async fn refused(verifier: &TokenVerifier, token: &str) -> String {
    let error = verifier.verify(token).await.expect_err("must be refused");
    assert_eq!(error.code(), Code::Unauthenticated, "{error}");
    error.reason().to_owned()
}

fn b64(value: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

#[tokio::test]
async fn a_good_token_verifies() {
    let (key, _, verifier) = setup();
    // One set of claims: two calls a second apart would differ in their times.
    let claims = claims();
    let token = key.sign(&claims).unwrap();
    assert_eq!(verifier.verify(&token).await.unwrap(), claims);
}

#[tokio::test]
async fn alg_none_is_refused() {
    let (key, _, verifier) = setup();
    let header = serde_json::json!({"alg": "none", "typ": "JWT", "kid": key.kid()});
    let payload = serde_json::to_value(claims()).unwrap();
    let token = format!("{}.{}.", b64(&header), b64(&payload));
    assert_eq!(refused(&verifier, &token).await, "TOKEN_INVALID");
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_is_refused() {
    let (key, _, verifier) = setup();
    let public = URL_SAFE_NO_PAD.decode(&key.public_jwk().x).unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(key.kid().into());
    let token = jsonwebtoken::encode(
        &header,
        &claims(),
        &jsonwebtoken::EncodingKey::from_secret(&public),
    )
    .unwrap();
    assert_eq!(refused(&verifier, &token).await, "TOKEN_INVALID");
}

#[tokio::test]
async fn expired_and_not_yet_valid_tokens_are_refused_beyond_the_leeway() {
    let (key, _, verifier) = setup();
    let expired = AccessClaims {
        exp: now() - 120,
        ..claims()
    };
    assert_eq!(
        refused(&verifier, &key.sign(&expired).unwrap()).await,
        "TOKEN_EXPIRED"
    );
    let early = AccessClaims {
        nbf: now() + 600,
        ..claims()
    };
    assert_eq!(
        refused(&verifier, &key.sign(&early).unwrap()).await,
        "TOKEN_INVALID"
    );
    // Within the 60 s leeway a small clock skew is tolerated.
    let skewed = AccessClaims {
        nbf: now() + 10,
        ..claims()
    };
    assert!(verifier.verify(&key.sign(&skewed).unwrap()).await.is_ok());
}

#[tokio::test]
async fn wrong_issuer_or_audience_is_refused() {
    let (key, _, verifier) = setup();
    let issuer = AccessClaims {
        iss: "https://evil.example".into(),
        ..claims()
    };
    assert_eq!(
        refused(&verifier, &key.sign(&issuer).unwrap()).await,
        "TOKEN_INVALID"
    );
    let audience = AccessClaims {
        aud: "another-api".into(),
        ..claims()
    };
    assert_eq!(
        refused(&verifier, &key.sign(&audience).unwrap()).await,
        "TOKEN_INVALID"
    );
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    let (key, _, verifier) = setup();
    let token = key.sign(&claims()).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let escalated = AccessClaims {
        sub: "users/admin".into(),
        ..claims()
    };
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64(&serde_json::to_value(escalated).unwrap()),
        parts[2]
    );
    assert_eq!(refused(&verifier, &forged).await, "TOKEN_INVALID");
}

#[tokio::test]
async fn unknown_kid_is_refused_after_one_bounded_refresh() {
    let (_, source, verifier) = setup();
    let stranger = SigningKey::generate();
    for _ in 0..5 {
        assert_eq!(
            refused(&verifier, &stranger.sign(&claims()).unwrap()).await,
            "TOKEN_INVALID"
        );
    }
    assert_eq!(
        source.fetches.load(Ordering::SeqCst),
        1,
        "unknown kids must not hammer the JWKS"
    );
}

#[tokio::test]
async fn malformed_and_oversized_tokens_are_refused() {
    let (_, _, verifier) = setup();
    for token in [
        "not-a-jwt",
        "a.b.c",
        "%%%.###.!!!",
        "eyJhbGciOiJFZERTQSJ9..",
        "....",
    ] {
        assert_eq!(refused(&verifier, token).await, "TOKEN_INVALID", "{token}");
    }
    assert_eq!(refused(&verifier, "").await, "TOKEN_MISSING");
    let huge_header = b64(&serde_json::json!({"alg": "EdDSA", "kid": "x".repeat(20_000)}));
    assert_eq!(
        refused(&verifier, &format!("{huge_header}.e30.AAAA")).await,
        "TOKEN_INVALID"
    );
}

#[tokio::test]
async fn rotated_keys_keep_older_tokens_valid_while_published() {
    let old = SigningKey::generate();
    let new = SigningKey::generate();
    let source = Arc::new(FixedKeys {
        keys: vec![old.public_jwk(), new.public_jwk()],
        fetches: AtomicUsize::new(0),
    });
    let verifier = TokenVerifier::new(ISSUER, source);
    assert!(verifier.verify(&old.sign(&claims()).unwrap()).await.is_ok());
    assert!(verifier.verify(&new.sign(&claims()).unwrap()).await.is_ok());
}

#[tokio::test]
async fn a_remembered_token_still_expires_and_a_tampered_copy_is_not_remembered() {
    use taskstream_security::token::LEEWAY;
    let (key, _, verifier) = setup();
    // Valid for two more seconds, leeway included.
    let brief = AccessClaims {
        exp: now() + 2 - LEEWAY.as_secs(),
        ..claims()
    };
    let token = key.sign(&brief).unwrap();
    assert_eq!(verifier.verify(&token).await.unwrap().sub, "users/ana");
    assert_eq!(
        verifier.verify(&token).await.unwrap().sub,
        "users/ana",
        "answered from memory"
    );
    let mut tampered = token.clone();
    tampered.push('x');
    assert_eq!(refused(&verifier, &tampered).await, "TOKEN_INVALID");
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    assert_eq!(
        refused(&verifier, &token).await,
        "TOKEN_EXPIRED",
        "memory never outlives the token"
    );
}
