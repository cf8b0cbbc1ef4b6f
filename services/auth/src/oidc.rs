//! The OpenID Connect relying party behind SSO: discovery, the authorization URL (with state,
//! nonce and PKCE), the code exchange, and ID-token validation against the provider's JWKS
//! (signature, `iss`, `aud`, `exp`, `nonce`; RS256, ES256 or EdDSA keys by `kid`).

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use taskstream_runtime::{ServiceError, ServiceResult};

/// Bound on every call to a provider.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// The parts of a provider's discovery document we use.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    /// Must equal the configured issuer.
    pub issuer: String,
    /// Where the browser goes to sign in.
    pub authorization_endpoint: String,
    /// Where codes are exchanged.
    pub token_endpoint: String,
    /// The provider's signing keys.
    pub jwks_uri: String,
}

/// The ID-token claims we read.
#[derive(Debug, Clone, Deserialize)]
pub struct IdClaims {
    /// The provider's stable id of the person.
    pub sub: String,
    /// Their email.
    #[serde(default)]
    pub email: String,
    /// Whether the provider verified the email.
    #[serde(default)]
    pub email_verified: bool,
    /// Their name.
    #[serde(default)]
    pub name: String,
    /// Echo of our nonce.
    #[serde(default)]
    pub nonce: String,
}

#[derive(Debug, Deserialize)]
struct TokenResponse {
    id_token: String,
}

#[derive(Debug, Deserialize)]
struct Jwks {
    keys: Vec<serde_json::Map<String, serde_json::Value>>,
}

fn unavailable(what: &str, error: impl std::fmt::Display) -> ServiceError {
    tracing::warn!(%error, "{what}");
    ServiceError::unavailable(
        "IDP_UNAVAILABLE",
        format!("the identity provider is unavailable: {what}"),
    )
}

/// Talks to OpenID providers.
#[derive(Clone)]
pub struct OidcClient {
    http: reqwest::Client,
}

impl Default for OidcClient {
    fn default() -> Self {
        Self::new()
    }
}

impl OidcClient {
    /// A client with bounded timeouts and no redirects followed.
    pub fn new() -> Self {
        let http = reqwest::Client::builder()
            .timeout(PROVIDER_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self { http }
    }

    /// Fetches and checks the discovery document of `issuer`.
    pub async fn discover(&self, issuer: &str) -> ServiceResult<Discovery> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let discovery: Discovery = self
            .http
            .get(&url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| unavailable("discovery failed", e))?
            .json()
            .await
            .map_err(|e| unavailable("discovery document unreadable", e))?;
        if discovery.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
            return Err(ServiceError::failed_precondition(
                "IDP_MISCONFIGURED",
                "the provider's discovery document names another issuer",
            ));
        }
        Ok(discovery)
    }

    /// Exchanges a code (with its PKCE verifier) for an ID token, then validates it.
    #[allow(clippy::too_many_arguments)] // the parameters of the OAuth code exchange
    pub async fn redeem(
        &self,
        discovery: &Discovery,
        client_id: &str,
        client_secret: &str,
        code: &str,
        redirect_uri: &str,
        code_verifier: &str,
        nonce: &str,
    ) -> ServiceResult<IdClaims> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", client_id),
            ("client_secret", client_secret),
            ("code_verifier", code_verifier),
        ];
        let response = self
            .http
            .post(&discovery.token_endpoint)
            .form(&form)
            .send()
            .await
            .map_err(|e| unavailable("token endpoint unreachable", e))?;
        if response.status().is_client_error() {
            return Err(ServiceError::unauthenticated(
                "SSO_CODE_REJECTED",
                "the identity provider refused the code",
            ));
        }
        let tokens: TokenResponse = response
            .error_for_status()
            .map_err(|e| unavailable("token endpoint failed", e))?
            .json()
            .await
            .map_err(|e| unavailable("token response unreadable", e))?;
        self.validate(discovery, client_id, &tokens.id_token, nonce)
            .await
    }

    async fn validate(
        &self,
        discovery: &Discovery,
        client_id: &str,
        id_token: &str,
        nonce: &str,
    ) -> ServiceResult<IdClaims> {
        let rejected = |why: &str| {
            ServiceError::unauthenticated("SSO_ID_TOKEN_INVALID", format!("the ID token {why}"))
        };
        let header = jsonwebtoken::decode_header(id_token).map_err(|_| rejected("is malformed"))?;
        let kid = header.kid.ok_or_else(|| rejected("names no key"))?;
        let jwks: Jwks = self
            .http
            .get(&discovery.jwks_uri)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| unavailable("JWKS unreachable", e))?
            .json()
            .await
            .map_err(|e| unavailable("JWKS unreadable", e))?;
        let jwk = jwks
            .keys
            .iter()
            .find(|key| key.get("kid").and_then(|k| k.as_str()) == Some(kid.as_str()))
            .ok_or_else(|| rejected("was signed by an unknown key"))?;
        let text = |name: &str| jwk.get(name).and_then(|v| v.as_str()).unwrap_or_default();
        // The algorithm comes from the provider's key, never from the token header.
        let (algorithm, key) = match (text("kty"), text("crv")) {
            ("RSA", _) => (
                Algorithm::RS256,
                DecodingKey::from_rsa_components(text("n"), text("e")),
            ),
            ("EC", "P-256") => (
                Algorithm::ES256,
                DecodingKey::from_ec_components(text("x"), text("y")),
            ),
            ("OKP", "Ed25519") => (Algorithm::EdDSA, DecodingKey::from_ed_components(text("x"))),
            _ => return Err(rejected("uses an unsupported key type")),
        };
        let key = key.map_err(|_| rejected("was signed by an unusable key"))?;
        if header.alg != algorithm {
            return Err(rejected("uses another algorithm than its key"));
        }
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[&discovery.issuer]);
        validation.set_audience(&[client_id]);
        validation.leeway = 60;
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims = jsonwebtoken::decode::<IdClaims>(id_token, &key, &validation)
            .map_err(|_| rejected("failed validation (signature, issuer, audience or expiry)"))?
            .claims;
        if claims.nonce != nonce {
            return Err(rejected("does not carry this login's nonce"));
        }
        Ok(claims)
    }
}
