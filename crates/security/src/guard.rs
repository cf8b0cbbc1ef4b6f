//! The access guard: the [`Admission`] every gRPC server is built with. For each call it looks
//! the method up in the authorization table, verifies the bearer token, checks revocation,
//! finds the workspace the request acts on (from the request field the table names) and the
//! caller's role there, and lets the call through only if the role holds the permission.
//!
//! Callers who are not members of the workspace get `NOT_FOUND`, exactly as for a workspace
//! that does not exist, so ids of other tenants reveal nothing.

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use prost_reflect::{DescriptorPool, DynamicMessage, MethodDescriptor, Value};
use taskstream_cache::Cache;
use taskstream_proto::auth_v1::{self as auth, auth_service_client::AuthServiceClient};
use taskstream_runtime::{
    ServiceError, ServiceResult,
    admission::{Admission, Principal},
    mesh::MeshChannel,
};

use crate::{
    table::{AccessKind, MethodRule, Role, TABLE},
    token::{AccessClaims, INTERNAL_SCOPE, KeySource, OPERATOR_SCOPE, PublicJwk, TokenVerifier},
};

/// How long a looked-up role is trusted before it is asked again.
const ROLE_TTL: Duration = Duration::from_secs(30);

/// Where the guard learns a caller's role in a workspace.
#[async_trait]
pub trait RoleSource: Send + Sync + 'static {
    /// The role of the token's principal in `workspace`; `None` when not a member.
    async fn role(
        &self,
        claims: &AccessClaims,
        bearer: &str,
        workspace: &str,
    ) -> ServiceResult<Option<Role>>;
}

/// Where the guard learns that a token was revoked before it expired.
#[async_trait]
pub trait Revocations: Send + Sync + 'static {
    /// Whether the token, or its refresh-token family, was revoked.
    async fn is_revoked(&self, claims: &AccessClaims) -> ServiceResult<bool>;
}

/// Cache keys under which revocations are recorded (by the auth service) and read (by guards).
pub fn revocation_keys(claims: &AccessClaims) -> Vec<String> {
    let mut keys = vec![format!("auth:revoked:jti:{}", claims.jti)];
    if let Some(sid) = &claims.sid {
        keys.push(format!("auth:revoked:sid:{sid}"));
    }
    keys
}

/// Revocations kept in the cache port (in-process in dev, Redis shared by every replica in
/// production). Entries live as long as the tokens they revoke could.
pub struct CachedRevocations(pub Arc<dyn Cache>);

#[async_trait]
impl Revocations for CachedRevocations {
    async fn is_revoked(&self, claims: &AccessClaims) -> ServiceResult<bool> {
        for key in revocation_keys(claims) {
            let hit = self.0.get(&key).await.map_err(|error| {
                ServiceError::unavailable(
                    "REVOCATION_LIST_UNAVAILABLE",
                    format!("cannot check token revocation: {error}"),
                )
            })?;
            if hit.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// The cache key under which a principal's role in a workspace is remembered. The auth
/// service deletes it whenever the membership changes, so every guard sharing the cache
/// (all replicas, through Redis) sees a new role at once.
pub fn role_cache_key(workspace: &str, principal: &str) -> String {
    format!("auth:role:{workspace}:{principal}")
}

/// Keys and roles from the auth service, reached through a [`MeshChannel`] (in-process or
/// remote alike). Roles are asked with the caller's own token (`CheckPermission` on itself) and
/// remembered in the shared cache for [`ROLE_TTL`].
pub struct AuthServiceDirectory {
    client: AuthServiceClient<MeshChannel>,
    cache: Arc<dyn Cache>,
}

impl AuthServiceDirectory {
    /// A directory over a channel to the auth service, remembering roles in `cache`.
    pub fn new(channel: MeshChannel, cache: Arc<dyn Cache>) -> Self {
        Self {
            client: AuthServiceClient::new(channel),
            cache,
        }
    }
}

fn from_status(status: tonic::Status) -> ServiceError {
    ServiceError::unavailable(
        "AUTH_UNAVAILABLE",
        format!("the auth service is unavailable: {}", status.message()),
    )
}

#[async_trait]
impl KeySource for AuthServiceDirectory {
    async fn public_keys(&self) -> ServiceResult<Vec<PublicJwk>> {
        let keys = self
            .client
            .clone()
            .get_jwks(auth::GetJwksRequest {})
            .await
            .map_err(from_status)?;
        Ok(keys
            .into_inner()
            .keys
            .into_iter()
            .map(|key| PublicJwk {
                kty: key.kty,
                crv: key.crv,
                x: key.x,
                kid: key.kid,
                alg: key.alg,
                use_: key.r#use,
            })
            .collect())
    }
}

/// Maps the contract's role enum to the table's.
pub fn role_from_proto(role: auth::Role) -> Option<Role> {
    match role {
        auth::Role::Owner => Some(Role::Owner),
        auth::Role::Admin => Some(Role::Admin),
        auth::Role::Member => Some(Role::Member),
        auth::Role::Viewer => Some(Role::Viewer),
        auth::Role::Unspecified => None,
    }
}

#[async_trait]
impl RoleSource for AuthServiceDirectory {
    async fn role(
        &self,
        claims: &AccessClaims,
        bearer: &str,
        workspace: &str,
    ) -> ServiceResult<Option<Role>> {
        let key = role_cache_key(workspace, &claims.sub);
        // A cache failure only costs a lookup: the auth service still answers.
        if let Ok(Some(cached)) = self.cache.get(&key).await {
            let name = String::from_utf8_lossy(&cached);
            return Ok(Role::ALL.into_iter().find(|role| role.as_str() == name));
        }
        let mut request = tonic::Request::new(auth::CheckPermissionRequest {
            principal: String::new(),
            resource: format!("workspaces/{workspace}"),
            permissions: vec!["auth.workspaces.get".into()],
        });
        let header = format!("Bearer {bearer}").parse().map_err(|_| {
            ServiceError::unauthenticated("TOKEN_INVALID", "the access token is not valid")
        })?;
        request.metadata_mut().insert("authorization", header);
        let role = match self.client.clone().check_permission(request).await {
            Ok(response) => role_from_proto(response.into_inner().role()),
            Err(status) if status.code() == tonic::Code::NotFound => None,
            Err(status) if status.code() == tonic::Code::Unauthenticated => {
                return Err(ServiceError::unauthenticated(
                    "TOKEN_INVALID",
                    status.message().to_owned(),
                ));
            }
            Err(status) => return Err(from_status(status)),
        };
        let remembered = role.map(Role::as_str).unwrap_or("-");
        if let Err(error) = self
            .cache
            .set(&key, bytes::Bytes::from(remembered), ROLE_TTL)
            .await
        {
            tracing::debug!(%error, "could not remember a role");
        }
        Ok(role)
    }
}

/// The guard every gRPC server mounts.
pub struct AccessGuard {
    verifier: Arc<TokenVerifier>,
    roles: Arc<dyn RoleSource>,
    revocations: Arc<dyn Revocations>,
    pool: DescriptorPool,
}

impl AccessGuard {
    /// A guard verifying tokens with `verifier`, asking `roles` for workspace roles and
    /// `revocations` for revoked tokens.
    pub fn new(
        verifier: Arc<TokenVerifier>,
        roles: Arc<dyn RoleSource>,
        revocations: Arc<dyn Revocations>,
    ) -> Self {
        let pool = DescriptorPool::decode(taskstream_proto::FILE_DESCRIPTOR_SET)
            .expect("the built-in descriptor set decodes");
        Self {
            verifier,
            roles,
            revocations,
            pool,
        }
    }

    fn method(&self, method: &str) -> Option<MethodDescriptor> {
        let (service, name) = method.split_once('/')?;
        self.pool
            .get_service_by_name(service)?
            .methods()
            .find(|m| m.name() == name)
    }

    /// The workspace id named by the rule's resource field of `message`.
    fn workspace_of(
        &self,
        method: &str,
        rule: &MethodRule,
        message: Option<&[u8]>,
    ) -> ServiceResult<(String, String)> {
        let bad = |field: &str, why: &str| {
            ServiceError::invalid_argument(vec![(field.to_owned(), why.to_owned())])
        };
        let descriptor = self.method(method).ok_or_else(|| {
            ServiceError::internal(format!(
                "{method} is in the table but not in the descriptors"
            ))
        })?;
        let decoded = DynamicMessage::decode(descriptor.input(), message.unwrap_or_default())
            .map_err(|_| bad("request", "is not a valid message of this method"))?;
        let first_field = rule.resource.first().map(String::as_str).unwrap_or("name");
        for path in &rule.resource {
            let value = string_at(&decoded, path);
            if value.is_empty() {
                continue;
            }
            let workspace = value
                .strip_prefix("workspaces/")
                .map(|rest| rest.split('/').next().unwrap_or_default())
                .filter(|id| !id.is_empty())
                .ok_or_else(|| {
                    bad(
                        path,
                        "must name a resource inside a workspace (`workspaces/{workspace}/...`)",
                    )
                })?;
            return Ok((workspace.to_owned(), value));
        }
        Err(bad(first_field, "is required"))
    }
}

/// The string at a dotted field path (`task.name`), or empty.
fn string_at(message: &DynamicMessage, path: &str) -> String {
    let mut current = message.clone();
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(value) = current.get_field_by_name(part) else {
            return String::new();
        };
        match (value.as_ref(), parts.peek()) {
            (Value::String(text), None) => return text.clone(),
            (Value::Message(inner), Some(_)) => current = inner.clone(),
            _ => return String::new(),
        }
    }
    String::new()
}

fn bearer_token(headers: &http::HeaderMap) -> ServiceResult<&str> {
    let value = headers.get(http::header::AUTHORIZATION).ok_or_else(|| {
        ServiceError::unauthenticated(
            "TOKEN_MISSING",
            "send `authorization: Bearer <access token>`",
        )
    })?;
    let value = value.to_str().map_err(|_| {
        ServiceError::unauthenticated("TOKEN_INVALID", "the authorization header is not text")
    })?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => Ok(token.trim()),
        _ => Err(ServiceError::unauthenticated(
            "TOKEN_INVALID",
            "the authorization header must be `Bearer <access token>`",
        )),
    }
}

#[async_trait]
impl Admission for AccessGuard {
    fn needs_message(&self, method: &str) -> bool {
        TABLE
            .rule(method)
            .is_some_and(|rule| rule.access == AccessKind::Workspace)
    }

    async fn admit(
        &self,
        method: &str,
        headers: &http::HeaderMap,
        message: Option<&[u8]>,
    ) -> ServiceResult<Option<Principal>> {
        let rule = TABLE.rule(method).ok_or_else(|| {
            ServiceError::new(
                tonic::Code::Unimplemented,
                "UNKNOWN_METHOD",
                format!("{method} is not an RPC of this API"),
            )
        })?;
        if rule.access == AccessKind::Public {
            return Ok(None);
        }
        let bearer = bearer_token(headers)?;
        let claims = self.verifier.verify(bearer).await?;
        if self.revocations.is_revoked(&claims).await? {
            return Err(ServiceError::unauthenticated(
                "TOKEN_REVOKED",
                "the access token was revoked",
            ));
        }
        let mut principal = Principal {
            subject: claims.sub.clone(),
            token_id: claims.jti.clone(),
            bearer: bearer.to_owned(),
            role: String::new(),
            conditions: Vec::new(),
        };
        match rule.access {
            AccessKind::Public | AccessKind::Authenticated => {}
            AccessKind::Operator if claims.has_scope(OPERATOR_SCOPE) => {}
            AccessKind::Internal if claims.has_scope(INTERNAL_SCOPE) => {}
            AccessKind::Operator | AccessKind::Internal => {
                return Err(ServiceError::permission_denied(
                    "PERMISSION_DENIED",
                    format!("{method} is not open to this caller"),
                ));
            }
            AccessKind::Workspace => {
                let (workspace, resource) = self.workspace_of(method, rule, message)?;
                let not_found = || ServiceError::not_found(&resource);
                if claims.ws.as_deref().is_some_and(|bound| bound != workspace) {
                    return Err(not_found());
                }
                let role = self
                    .roles
                    .role(&claims, bearer, &workspace)
                    .await?
                    .ok_or_else(not_found)?;
                principal.role = role.as_str().to_owned();
                let permission = rule.permission.as_deref().unwrap_or_default();
                if !claims.scopes_cover(permission) {
                    return Err(ServiceError::permission_denied(
                        "INSUFFICIENT_SCOPE",
                        format!("the token's scopes do not cover {permission}"),
                    ));
                }
                if !TABLE.allows(role, permission) {
                    match &rule.condition {
                        Some(condition) => principal.conditions.push(condition.clone()),
                        None => {
                            return Err(ServiceError::permission_denied(
                                "PERMISSION_DENIED",
                                format!("the {} role does not hold {permission}", role.as_str()),
                            ));
                        }
                    }
                }
            }
        }
        Ok(Some(principal))
    }
}
