//! A stand-in OpenID provider for SSO tests: discovery, JWKS and a token endpoint on a real
//! local HTTP port, speaking the documented wire format. "Signing in" at it is a method call
//! that plays the browser's part.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{SystemTime, UNIX_EPOCH},
};

use axum::{
    Form, Json, Router,
    extract::State,
    http::StatusCode,
    routing::{get, post},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};
use taskstream_security::token::SigningKey;

pub const CLIENT_ID: &str = "taskstream-sso";
pub const CLIENT_SECRET: &str = "idp-client-secret";

#[derive(Clone)]
struct Grant {
    nonce: String,
    challenge: String,
    redirect_uri: String,
    sub: String,
    email: String,
    email_verified: bool,
}

#[derive(Clone)]
struct Idp {
    issuer: String,
    key: SigningKey,
    rogue: SigningKey,
    grants: Arc<Mutex<HashMap<String, Grant>>>,
    sign_with_rogue: Arc<Mutex<bool>>,
}

/// A running stand-in provider.
pub struct StandInIdp {
    pub issuer: String,
    idp: Idp,
}

impl StandInIdp {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let idp = Idp {
            issuer: issuer.clone(),
            key: SigningKey::generate(),
            rogue: SigningKey::generate(),
            grants: Arc::default(),
            sign_with_rogue: Arc::default(),
        };
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/token", post(token))
            .with_state(idp.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { issuer, idp }
    }

    /// Makes the provider sign ID tokens with a key it does not publish.
    pub fn sign_with_unpublished_key(&self) {
        *self.idp.sign_with_rogue.lock().unwrap() = true;
    }

    /// Plays the browser: follows the authorization URL, "signs in" as `email`, and returns the
    /// code the provider would send back to the redirect URI.
    pub fn sign_in(&self, authorization_url: &str, email: &str, email_verified: bool) -> String {
        let url = url::Url::parse(authorization_url).unwrap();
        assert!(
            authorization_url.starts_with(&format!("{}/authorize?", self.issuer)),
            "{authorization_url}"
        );
        let params: HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(params["client_id"], CLIENT_ID);
        assert_eq!(params["code_challenge_method"], "S256");
        assert!(params["scope"].split(' ').any(|s| s == "openid"));
        let code = format!("code-{}", uuid::Uuid::new_v4().simple());
        self.idp.grants.lock().unwrap().insert(
            code.clone(),
            Grant {
                nonce: params["nonce"].clone(),
                challenge: params["code_challenge"].clone(),
                redirect_uri: params["redirect_uri"].clone(),
                sub: format!("idp-{email}"),
                email: email.into(),
                email_verified,
            },
        );
        code
    }
}

async fn discovery(State(idp): State<Idp>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "issuer": idp.issuer,
        "authorization_endpoint": format!("{}/authorize", idp.issuer),
        "token_endpoint": format!("{}/token", idp.issuer),
        "jwks_uri": format!("{}/jwks", idp.issuer),
        "id_token_signing_alg_values_supported": ["EdDSA"],
    }))
}

async fn jwks(State(idp): State<Idp>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "keys": [idp.key.public_jwk()] }))
}

async fn token(
    State(idp): State<Idp>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Json<serde_json::Value>, (StatusCode, Json<serde_json::Value>)> {
    let invalid = |error: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": error })),
        )
    };
    if form.get("client_id").map(String::as_str) != Some(CLIENT_ID)
        || form.get("client_secret").map(String::as_str) != Some(CLIENT_SECRET)
    {
        return Err(invalid("invalid_client"));
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let grant = idp
        .grants
        .lock()
        .unwrap()
        .remove(&code)
        .ok_or_else(|| invalid("invalid_grant"))?;
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != grant.challenge
        || form.get("redirect_uri") != Some(&grant.redirect_uri)
    {
        return Err(invalid("invalid_grant"));
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = serde_json::json!({
        "iss": idp.issuer, "aud": CLIENT_ID, "sub": grant.sub, "email": grant.email,
        "email_verified": grant.email_verified, "nonce": grant.nonce, "iat": now, "exp": now + 300,
        "name": "Kim from Corp",
    });
    let key = if *idp.sign_with_rogue.lock().unwrap() {
        &idp.rogue
    } else {
        &idp.key
    };
    let id_token = key.sign(&claims).unwrap();
    Ok(Json(
        serde_json::json!({ "access_token": "opaque", "token_type": "Bearer", "id_token": id_token }),
    ))
}
