//! `make bench`: what authentication costs, each next to a baseline measured in the same run.
//!
//! - access-token verification through `TokenVerifier` (header, key lookup, claims checks)
//!   against the raw Ed25519 signature check of the same token: the ratio is our overhead;
//! - a guarded RPC (`ListWorkspaces`) in-process against the same RPC admitted without a
//!   guard: the per-request cost of the access layer;
//! - `Login` throughput through the guarded in-process mesh against raw argon2id verifications
//!   at the documented parameters (m = 19 MiB, t = 2, p = 1) on the same cores.

use std::{
    sync::Arc,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use argon2::{PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use async_trait::async_trait;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use taskstream::{
    mesh::{self, Mode},
    roles::Role,
};
use taskstream_proto::auth_v1::{self as auth, auth_service_client::AuthServiceClient};
use taskstream_runtime::{ServiceResult, config::Config, mesh::MeshChannel};
use taskstream_security::token::{
    AUDIENCE, AccessClaims, KeySource, PublicJwk, SigningKey, TokenVerifier,
};

struct Fixed(Vec<PublicJwk>);

#[async_trait]
impl KeySource for Fixed {
    async fn public_keys(&self) -> ServiceResult<Vec<PublicJwk>> {
        Ok(self.0.clone())
    }
}

fn per_op(elapsed: Duration, ops: u32) -> f64 {
    elapsed.as_secs_f64() * 1e6 / f64::from(ops)
}

async fn token_verification() {
    let key = SigningKey::generate();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = AccessClaims {
        iss: "https://auth.bench".into(),
        aud: AUDIENCE.into(),
        sub: "users/bench".into(),
        exp: now + 900,
        nbf: now,
        iat: now,
        jti: "j".into(),
        sid: Some("s".into()),
        scope: None,
        ws: None,
        client_id: None,
    };
    let token = key.sign(&claims).unwrap();
    let verifier = TokenVerifier::new(
        "https://auth.bench",
        Arc::new(Fixed(vec![key.public_jwk()])),
    );
    verifier.verify(&token).await.unwrap();

    let (signed, signature) = token.rsplit_once('.').unwrap();
    let public: [u8; 32] = URL_SAFE_NO_PAD
        .decode(&key.public_jwk().x)
        .unwrap()
        .try_into()
        .unwrap();
    let public = VerifyingKey::from_bytes(&public).unwrap();
    let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();

    let ops = 20_000;
    let start = Instant::now();
    for _ in 0..ops {
        public.verify(signed.as_bytes(), &signature).unwrap();
    }
    let raw = per_op(start.elapsed(), ops);
    // Tokens seen for the first time: the full verification (each a different `jti`).
    let fresh: Vec<String> = (0..5_000)
        .map(|i| {
            key.sign(&AccessClaims {
                jti: format!("j{i}"),
                ..claims.clone()
            })
            .unwrap()
        })
        .collect();
    let start = Instant::now();
    for token in &fresh {
        verifier.verify(token).await.unwrap();
    }
    let first = per_op(start.elapsed(), fresh.len() as u32);
    // The same token again, as a client sends it with every call: answered from memory.
    let start = Instant::now();
    for _ in 0..ops {
        verifier.verify(&token).await.unwrap();
    }
    let again = per_op(start.elapsed(), ops);
    println!(
        "token verify: first sight {first:.1} µs/token (raw Ed25519 verify {raw:.1} µs): ratio {:.2}x; seen before {again:.2} µs/token",
        first / raw
    );
}

fn authed<T>(message: T, token: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request
        .metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    request
}

async fn mesh_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        data_dir: dir.path().to_owned(),
        ..Config::default()
    };
    let hosted = mesh::assemble(
        &config,
        Mode::Embedded,
        &[Role::Auth, Role::Tasks],
        mesh::Shared::in_process(),
    )
    .await
    .unwrap();
    let mut client = AuthServiceClient::new(MeshChannel::in_process(hosted.stack()));
    let password = "correct horse battery staple";
    let tokens = client
        .sign_up(auth::SignUpRequest {
            email: "bench@example.com".into(),
            password: password.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tokens
        .unwrap();
    client
        .create_workspace(authed(
            auth::CreateWorkspaceRequest {
                workspace: Some(auth::Workspace {
                    display_name: "Bench".into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            &tokens.access_token,
        ))
        .await
        .unwrap();

    // The guard's cost per request: the same cheap RPC with and without a token check.
    let ops = 3_000;
    let start = Instant::now();
    for _ in 0..ops {
        client.get_jwks(auth::GetJwksRequest {}).await.unwrap();
    }
    let public = per_op(start.elapsed(), ops);
    let start = Instant::now();
    for _ in 0..ops {
        client
            .list_workspaces(authed(
                auth::ListWorkspacesRequest::default(),
                &tokens.access_token,
            ))
            .await
            .unwrap();
    }
    let guarded = per_op(start.elapsed(), ops);
    println!(
        "in-process RPC: public GetJwks {public:.0} µs, guarded ListWorkspaces {guarded:.0} µs (token check + SQLite read)"
    );

    // Login throughput against raw argon2id verification, sequential and with 2 callers.
    let argon = taskstream_auth::credentials::argon2();
    let hash = argon
        .hash_password(
            password.as_bytes(),
            &SaltString::generate(&mut argon2::password_hash::rand_core::OsRng),
        )
        .unwrap()
        .to_string();
    let parsed = PasswordHash::new(&hash).unwrap();
    let rounds = 20;
    let start = Instant::now();
    for _ in 0..rounds {
        argon.verify_password(password.as_bytes(), &parsed).unwrap();
    }
    let raw_per_s = f64::from(rounds) / start.elapsed().as_secs_f64();
    let start = Instant::now();
    let logins = (0..2).map(|_| {
        let mut client = client.clone();
        tokio::spawn(async move {
            for _ in 0..rounds / 2 {
                client
                    .login(auth::LoginRequest {
                        email: "bench@example.com".into(),
                        password: password.into(),
                    })
                    .await
                    .unwrap();
            }
        })
    });
    futures::future::join_all(logins).await;
    let login_per_s = f64::from(rounds) / start.elapsed().as_secs_f64();
    println!(
        "login: {login_per_s:.1}/s through the mesh with 2 callers; raw argon2id verify {raw_per_s:.1}/s on one thread (ratio {:.2}x)",
        login_per_s / raw_per_s
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    token_verification().await;
    mesh_numbers().await;
}
