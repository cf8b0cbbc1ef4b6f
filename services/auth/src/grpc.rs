//! The gRPC face of the auth service. The access guard has already authenticated the caller
//! and checked the table's permission before a handler runs; handlers add the rules the table
//! cannot express (only owners grant ownership, a workspace keeps an owner, ...).

use std::{
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use async_trait::async_trait;
use bytes::Bytes;
use prost_types::{FieldMask, Timestamp};
use taskstream_cache::Cache;
use taskstream_proto::auth_v1::{
    self as pb, auth_service_server::AuthService, permission_decision::Result as Decision,
};
use taskstream_runtime::{
    ServiceError, ServiceResult, Violations,
    admission::Principal,
    etag::{format_etag, parse_etag},
    paging::{decode_page_token, next_page, page_size},
};
use taskstream_security::{
    guard::{revocation_keys, role_cache_key},
    table::{Role, TABLE},
    token::{AUDIENCE, AccessClaims, INTERNAL_SCOPE, KeySource, PublicJwk, TokenVerifier},
};
use tonic::{Request, Response, Status};

use crate::{
    AuthSettings,
    credentials::{
        check_password, hash_password, new_token, normalise_email, token_hash, verify_password,
    },
    keys::KeyRing,
    store::{
        AuditFilter, AuditRecord, AuthStore, CodeRecord, FamilyRecord, InvitationRecord, KeyRecord,
        MemberOrder, MemberRecord, OAuthClientRecord, RefreshUse, UserRecord, WorkspaceOrder,
        WorkspaceRecord,
    },
};

/// The filters and order of a `ListAuditEvents` request, checked.
fn audit_filter(request: &pb::ListAuditEventsRequest) -> ServiceResult<AuditFilter> {
    let mut violations = Vec::new();
    let oldest_first = match request
        .order_by
        .split_whitespace()
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["create_time", "desc"] => false,
        ["create_time"] | ["create_time", "asc"] => true,
        _ => {
            violations.push((
                "order_by".to_string(),
                "must be `create_time desc` (the default) or `create_time`".to_string(),
            ));
            false
        }
    };
    let micros = |t: &Option<prost_types::Timestamp>| {
        t.as_ref().map(|t| {
            t.seconds
                .saturating_mul(1_000_000)
                .saturating_add(i64::from(t.nanos / 1000))
        })
    };
    let (start_time, end_time) = (micros(&request.start_time), micros(&request.end_time));
    if let (Some(start), Some(end)) = (start_time, end_time)
        && start > end
    {
        violations.push((
            "start_time".to_string(),
            "must not be after `end_time`".to_string(),
        ));
    }
    if !violations.is_empty() {
        return Err(ServiceError::invalid_argument(violations));
    }
    Ok(AuditFilter {
        event_types: request.event_types.clone(),
        actor: request.actor.clone(),
        target: request.target.clone(),
        outcome: request.outcome,
        start_time,
        end_time,
        oldest_first,
    })
}

pub(crate) fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}

fn timestamp(micros: i64) -> Timestamp {
    Timestamp {
        seconds: micros.div_euclid(1_000_000),
        nanos: (micros.rem_euclid(1_000_000) * 1000) as i32,
    }
}

fn micros(duration: Duration) -> i64 {
    duration.as_micros() as i64
}

fn new_id() -> String {
    uuid::Uuid::now_v7().hyphenated().to_string()
}

fn role_name(role: Role) -> &'static str {
    role.as_str()
}

fn role_of(name: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|role| role.as_str() == name)
}

fn role_to_proto(name: &str) -> pb::Role {
    match role_of(name) {
        Some(Role::Owner) => pb::Role::Owner,
        Some(Role::Admin) => pb::Role::Admin,
        Some(Role::Member) => pb::Role::Member,
        Some(Role::Viewer) => pb::Role::Viewer,
        None => pb::Role::Unspecified,
    }
}

fn role_from_proto(role: i32) -> Option<Role> {
    pb::Role::try_from(role)
        .ok()
        .and_then(taskstream_security::guard::role_from_proto)
}

fn user_to_proto(user: &UserRecord) -> pb::User {
    pb::User {
        name: format!("users/{}", user.id),
        email: user.email.clone(),
        email_verified: false,
        display_name: user.display_name.clone(),
        time_zone: user.time_zone.clone(),
        locale: String::new(),
        has_password: !user.password_hash.is_empty(),
        last_login_time: user.last_login_time.map(timestamp),
        create_time: Some(timestamp(user.create_time)),
        update_time: Some(timestamp(user.update_time)),
        etag: format_etag(user.version),
    }
}

fn workspace_to_proto(workspace: &WorkspaceRecord) -> pb::Workspace {
    pb::Workspace {
        name: format!("workspaces/{}", workspace.id),
        display_name: workspace.display_name.clone(),
        caller_role: role_to_proto(&workspace.role) as i32,
        create_time: Some(timestamp(workspace.create_time)),
        update_time: Some(timestamp(workspace.update_time)),
        delete_time: workspace.delete_time.map(timestamp),
        purge_time: workspace
            .delete_time
            .map(|deleted| timestamp(deleted + micros(crate::purge::PURGE_AFTER))),
        etag: format_etag(workspace.version),
    }
}

fn member_to_proto(member: &MemberRecord) -> pb::Member {
    pb::Member {
        name: format!(
            "workspaces/{}/members/{}",
            member.workspace_id, member.user_id
        ),
        user: format!("users/{}", member.user_id),
        email: member.email.clone(),
        display_name: member.display_name.clone(),
        role: role_to_proto(&member.role) as i32,
        create_time: Some(timestamp(member.create_time)),
        update_time: Some(timestamp(member.update_time)),
        etag: format_etag(member.version),
    }
}

/// An invitation's state, derived from its times (never stored, so it cannot go stale).
fn invitation_state(invitation: &InvitationRecord) -> pb::InvitationState {
    if invitation.accept_time.is_some() {
        pb::InvitationState::Accepted
    } else if invitation.revoke_time.is_some() {
        pb::InvitationState::Revoked
    } else if invitation.expire_time <= now_micros() {
        pb::InvitationState::Expired
    } else {
        pb::InvitationState::Pending
    }
}

fn invitation_to_proto(invitation: &InvitationRecord) -> pb::Invitation {
    let state = invitation_state(invitation);
    pb::Invitation {
        name: format!(
            "workspaces/{}/invitations/{}",
            invitation.workspace_id, invitation.id
        ),
        email: invitation.email.clone(),
        role: role_to_proto(&invitation.role) as i32,
        message: invitation.message.clone(),
        state: state as i32,
        inviter: invitation.inviter.clone(),
        expire_time: Some(timestamp(invitation.expire_time)),
        accept_time: invitation.accept_time.map(timestamp),
        member: invitation
            .accepted_by
            .as_ref()
            .map(|user| format!("workspaces/{}/members/{user}", invitation.workspace_id))
            .unwrap_or_default(),
        revoke_time: invitation.revoke_time.map(timestamp),
        create_time: Some(timestamp(invitation.create_time)),
    }
}

fn jwk_to_proto(key: PublicJwk) -> pb::JsonWebKey {
    pb::JsonWebKey {
        kty: key.kty,
        r#use: key.use_,
        alg: key.alg,
        kid: key.kid,
        crv: key.crv,
        x: key.x,
        ..Default::default()
    }
}

fn audit_to_proto(event: &AuditRecord) -> pb::AuditEvent {
    let details =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&event.details)
            .ok()
            .map(|map| prost_types::Struct {
                fields: map
                    .into_iter()
                    .map(|(key, value)| {
                        let text = match value {
                            serde_json::Value::String(text) => text,
                            other => other.to_string(),
                        };
                        (
                            key,
                            prost_types::Value {
                                kind: Some(prost_types::value::Kind::StringValue(text)),
                            },
                        )
                    })
                    .collect(),
            });
    pb::AuditEvent {
        name: if event.workspace_id.is_empty() {
            format!("auditEvents/{}", event.id)
        } else {
            format!("workspaces/{}/auditEvents/{}", event.workspace_id, event.id)
        },
        event_type: event.event_type,
        outcome: event.outcome,
        actor: event.actor.clone(),
        actor_display_name: String::new(),
        target: event.target.clone(),
        source_ip: event.source_ip.clone(),
        user_agent: String::new(),
        trace_id: String::new(),
        details,
        create_time: Some(timestamp(event.create_time)),
    }
}

/// Who made a call, for the audit log (empty for public calls).
fn actor_of<T>(request: &Request<T>) -> String {
    Principal::of(request)
        .map(|p| p.subject.clone())
        .unwrap_or_default()
}

/// The caller's user id, from the principal the guard attached.
fn caller<T>(request: &Request<T>) -> ServiceResult<String> {
    Principal::of(request)
        .and_then(|principal| principal.subject.strip_prefix("users/"))
        .map(str::to_owned)
        .ok_or_else(|| {
            ServiceError::unauthenticated("TOKEN_MISSING", "this call needs a signed-in user")
        })
}

fn source_address<T>(request: &Request<T>) -> String {
    request
        .remote_addr()
        .map(|address| address.ip().to_string())
        .unwrap_or_else(|| "in-process".into())
}

fn check_request_id(violations: &mut Violations, request_id: &str) -> Option<String> {
    if request_id.is_empty() {
        return None;
    }
    match uuid::Uuid::try_parse(request_id) {
        Ok(uuid) => Some(uuid.hyphenated().to_string()),
        Err(_) => {
            violations.add("request_id", "must be a UUID");
            None
        }
    }
}

/// `workspaces/{workspace}` → id.
fn workspace_id(field: &str, name: &str) -> ServiceResult<String> {
    name.strip_prefix("workspaces/")
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .map(str::to_owned)
        .ok_or_else(|| {
            ServiceError::invalid_argument(vec![(
                field.into(),
                "must look like `workspaces/{workspace}`".into(),
            )])
        })
}

/// `workspaces/{workspace}/members/{user}` → (workspace id, user id).
fn member_name(field: &str, name: &str) -> ServiceResult<(String, String)> {
    let parts: Vec<&str> = name.split('/').collect();
    match parts.as_slice() {
        ["workspaces", workspace, "members", user] if !workspace.is_empty() && !user.is_empty() => {
            Ok(((*workspace).to_owned(), (*user).to_owned()))
        }
        _ => Err(ServiceError::invalid_argument(vec![(
            field.into(),
            "must look like `workspaces/{workspace}/members/{user}`".into(),
        )])),
    }
}

fn display_name(violations: &mut Violations, field: &str, value: &str, required: bool) -> String {
    let trimmed = value.trim();
    let chars = trimmed.chars().count();
    if required && chars == 0 {
        violations.add(field, "is required");
    } else if chars > 200 || trimmed.chars().any(char::is_control) {
        violations.add(
            field,
            "must be at most 200 characters without control characters",
        );
    }
    trimmed.to_owned()
}

/// The auth service's handlers.
pub struct AuthApi {
    store: Arc<dyn AuthStore>,
    cache: Arc<dyn Cache>,
    keys: Arc<KeyRing>,
    verifier: TokenVerifier,
    settings: AuthSettings,
    /// A real argon2id hash checked when the email is unknown, so both cases cost the same.
    decoy_hash: String,
    oidc: crate::oidc::OidcClient,
}

/// The key ring as a key source, for verifying access tokens presented to `RevokeToken`.
struct RingKeys(Arc<KeyRing>);

#[async_trait]
impl KeySource for RingKeys {
    async fn public_keys(&self) -> ServiceResult<Vec<PublicJwk>> {
        Ok(self
            .0
            .keys()
            .await?
            .1
            .iter()
            .map(|key| key.public_jwk())
            .collect())
    }
}

impl AuthApi {
    /// The handlers over `store`, with `cache` for brute-force counters and revocations.
    pub async fn new(
        store: Arc<dyn AuthStore>,
        cache: Arc<dyn Cache>,
        settings: AuthSettings,
    ) -> ServiceResult<Self> {
        let keys = Arc::new(KeyRing::new(store.clone()));
        keys.ensure_active(now_micros()).await?;
        let verifier =
            TokenVerifier::new(settings.issuer.clone(), Arc::new(RingKeys(keys.clone())));
        Ok(Self {
            store,
            cache,
            keys,
            verifier,
            decoy_hash: hash_password(new_token()).await?,
            oidc: crate::oidc::OidcClient::new(),
            settings,
        })
    }

    /// Appends an audit event; a failed write is logged, never fatal to the call it records.
    #[allow(clippy::too_many_arguments)] // one argument per column of the record
    async fn audit(
        &self,
        workspace_id: &str,
        event_type: pb::AuditEventType,
        outcome: pb::AuditOutcome,
        actor: &str,
        target: &str,
        source_ip: &str,
        details: serde_json::Value,
    ) {
        let event = AuditRecord {
            id: new_id(),
            workspace_id: workspace_id.to_owned(),
            event_type: event_type as i32,
            outcome: outcome as i32,
            actor: actor.to_owned(),
            target: target.to_owned(),
            source_ip: source_ip.to_owned(),
            details: details.to_string(),
            create_time: now_micros(),
        };
        if let Err(error) = self.store.append_audit(&event).await {
            tracing::error!(%error, event_type = ?event_type, "could not write an audit event");
        }
    }

    /// Records an event of a user in the deployment log and in every workspace they belong to.
    async fn audit_user_event(
        &self,
        user_id: &str,
        event_type: pb::AuditEventType,
        outcome: pb::AuditOutcome,
        source_ip: &str,
    ) {
        let actor = format!("users/{user_id}");
        self.audit(
            "",
            event_type,
            outcome,
            &actor,
            &actor,
            source_ip,
            serde_json::json!({}),
        )
        .await;
        if let Ok(workspaces) = self
            .store
            .workspaces_of(user_id, WorkspaceOrder::CreateTime, None, 1000, false)
            .await
        {
            for workspace in workspaces {
                self.audit(
                    &workspace.id,
                    event_type,
                    outcome,
                    &actor,
                    &actor,
                    source_ip,
                    serde_json::json!({}),
                )
                .await;
            }
        }
    }

    /// An access token of a family's user, limited as the family is (workspace, scopes, client).
    async fn access_token(&self, family: &FamilyRecord) -> ServiceResult<String> {
        let now = now_micros() / 1_000_000;
        let non_empty = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        let claims = AccessClaims {
            iss: self.settings.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: format!("users/{}", family.user_id),
            exp: (now + self.settings.access_ttl.as_secs() as i64) as u64,
            nbf: now as u64,
            iat: now as u64,
            jti: new_id(),
            sid: Some(family.id.clone()),
            scope: non_empty(&family.scope),
            ws: non_empty(&family.workspace_id),
            client_id: non_empty(&family.client_id),
        };
        self.keys.active().await?.sign(&claims)
    }

    /// A new session: a refresh-token family with its first token, and an access token. A
    /// first-party session has an empty `grant`; an OAuth one is limited to the authorized
    /// (client, workspace, scopes).
    async fn start_session(
        &self,
        user_id: &str,
        grant: Option<&CodeRecord>,
    ) -> ServiceResult<(FamilyRecord, pb::TokenSet)> {
        let now = now_micros();
        let family = FamilyRecord {
            id: new_id(),
            user_id: user_id.to_owned(),
            create_time: now,
            expire_time: now + micros(self.settings.family_ttl),
            revoke_time: None,
            client_id: grant.map(|g| g.client_id.clone()).unwrap_or_default(),
            workspace_id: grant.map(|g| g.workspace_id.clone()).unwrap_or_default(),
            scope: grant.map(|g| g.scope.clone()).unwrap_or_default(),
        };
        let refresh_token = new_token();
        self.store
            .create_family(
                &family,
                &token_hash(&refresh_token),
                now + micros(self.settings.refresh_ttl),
            )
            .await?;
        let tokens = pb::TokenSet {
            access_token: self.access_token(&family).await?,
            token_type: "Bearer".into(),
            expires_in: self.settings.access_ttl.as_secs() as i64,
            refresh_token,
            refresh_token_expires_in: self.settings.refresh_ttl.as_secs() as i64,
        };
        Ok((family, tokens))
    }

    /// Revokes a family and tells every guard (through the shared cache) to refuse its tokens.
    async fn revoke_family(&self, family_id: &str) -> ServiceResult<()> {
        self.store.revoke_family(family_id, now_micros()).await?;
        let claims = AccessClaims {
            iss: String::new(),
            aud: String::new(),
            sub: String::new(),
            exp: 0,
            nbf: 0,
            iat: 0,
            jti: String::new(),
            sid: Some(family_id.to_owned()),
            scope: None,
            ws: None,
            client_id: None,
        };
        // Access tokens outlive nothing longer than their lifetime (plus leeway).
        let ttl = self.settings.access_ttl + Duration::from_secs(120);
        for key in revocation_keys(&claims)
            .into_iter()
            .filter(|key| key.contains(":sid:"))
        {
            self.cache
                .set(&key, Bytes::from_static(b"1"), ttl)
                .await
                .map_err(|e| ServiceError::unavailable("CACHE_UNAVAILABLE", e.to_string()))?;
        }
        Ok(())
    }

    /// Refuses the attempt while the account or the address is over its failure budget.
    async fn check_login_budget(&self, email: &str, address: &str) -> ServiceResult<()> {
        for (key, limit) in [
            (
                format!("auth:fail:account:{email}"),
                self.settings.failures_per_account,
            ),
            (
                format!("auth:fail:address:{address}"),
                self.settings.failures_per_address,
            ),
        ] {
            let count = self
                .cache
                .get(&key)
                .await
                .map_err(|e| ServiceError::unavailable("CACHE_UNAVAILABLE", e.to_string()))?
                .and_then(|value| {
                    std::str::from_utf8(&value)
                        .ok()
                        .and_then(|v| v.parse::<i64>().ok())
                })
                .unwrap_or(0);
            if count >= limit {
                return Err(ServiceError::resource_exhausted(
                    "TOO_MANY_ATTEMPTS",
                    self.settings.failure_window,
                ));
            }
        }
        Ok(())
    }

    async fn count_failure(&self, email: &str, address: &str) {
        for key in [
            format!("auth:fail:account:{email}"),
            format!("auth:fail:address:{address}"),
        ] {
            if let Err(error) = self
                .cache
                .increment(&key, self.settings.failure_window)
                .await
            {
                tracing::warn!(%error, "could not count a failed login");
            }
        }
    }

    /// Makes every guard forget `user`'s role in `workspace` (it changed).
    /// Drops every member's cached role in a workspace (it was deleted or restored).
    async fn forget_roles_in(&self, workspace: &str) -> ServiceResult<()> {
        let mut after = String::new();
        loop {
            let page = self.store.members(workspace, &after, 500).await?;
            for member in &page {
                self.forget_role(workspace, &member.user_id).await;
            }
            match page.last() {
                Some(last) if page.len() == 500 => after = last.user_id.clone(),
                _ => return Ok(()),
            }
        }
    }

    async fn forget_role(&self, workspace: &str, user: &str) {
        if let Err(error) = self
            .cache
            .delete(&role_cache_key(workspace, &format!("users/{user}")))
            .await
        {
            tracing::warn!(%error, "could not invalidate a cached role: it expires on its own");
        }
    }

    /// The `client_credentials` grant: a service-account key's id and secret in, a token bound
    /// to the account's workspace out (no refresh token).
    async fn client_credentials(
        &self,
        request: pb::IssueTokenRequest,
        address: &str,
    ) -> ServiceResult<pb::IssueTokenResponse> {
        let mut violations = Violations::default();
        violations.check(!request.client_id.is_empty(), "client_id", || {
            "is required".into()
        });
        violations.check(!request.client_secret.is_empty(), "client_secret", || {
            "is required".into()
        });
        violations.into_result()?;
        self.check_login_budget(&request.client_id, address).await?;
        let now = now_micros();
        let found = self.store.key_by_client_id(&request.client_id).await?;
        let valid = found.filter(|(key, account)| {
            key.secret_hash == token_hash(&request.client_secret)
                && key.expire_time.is_none_or(|expire| expire > now)
                && account.disabled == 0
        });
        let Some((key, account)) = valid else {
            self.count_failure(&request.client_id, address).await;
            return Err(ServiceError::unauthenticated(
                "INVALID_CLIENT",
                "unknown client, wrong secret, expired key or disabled account",
            ));
        };
        let allowed: Vec<&str> = account
            .scopes
            .split(' ')
            .filter(|s| !s.is_empty())
            .collect();
        let requested: Vec<&str> = request.scope.split(' ').filter(|s| !s.is_empty()).collect();
        if let Some(extra) = requested
            .iter()
            .find(|scope| !allowed.is_empty() && !allowed.contains(scope))
        {
            return Err(ServiceError::invalid_argument(vec![(
                "scope".into(),
                format!("`{extra}` is not granted to this service account"),
            )]));
        }
        let granted = if requested.is_empty() {
            allowed
        } else {
            requested
        };
        let scope = (!granted.is_empty()).then(|| granted.join(" "));
        let subject = format!(
            "workspaces/{}/serviceAccounts/{}",
            account.workspace_id, account.id
        );
        let issued = now / 1_000_000;
        let claims = AccessClaims {
            iss: self.settings.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: subject.clone(),
            exp: (issued + self.settings.access_ttl.as_secs() as i64) as u64,
            nbf: issued as u64,
            iat: issued as u64,
            jti: new_id(),
            sid: None,
            scope: scope.clone(),
            ws: Some(account.workspace_id.clone()),
            client_id: Some(key.client_id.clone()),
        };
        let access_token = self.keys.active().await?.sign(&claims)?;
        self.store.touch_account_key(&key.client_id, now).await?;
        self.audit(
            &account.workspace_id,
            pb::AuditEventType::TokenIssued,
            pb::AuditOutcome::Success,
            &subject,
            &subject,
            address,
            serde_json::json!({"grant": "client_credentials", "client_id": key.client_id}),
        )
        .await;
        Ok(pb::IssueTokenResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: self.settings.access_ttl.as_secs() as i64,
            refresh_token: String::new(),
            scope: scope.unwrap_or_default(),
            refresh_token_expires_in: 0,
        })
    }

    /// The `authorization_code` grant with PKCE (RFC 7636, S256 only): a single-use code from
    /// `Authorize`, redeemed by the client it was issued to, at the same redirect URI, with the
    /// verifier of its challenge. A replayed code revokes what its first redemption issued.
    async fn authorization_code(
        &self,
        request: pb::IssueTokenRequest,
        address: &str,
    ) -> ServiceResult<pb::IssueTokenResponse> {
        let mut violations = Violations::default();
        for (field, value) in [
            ("code", &request.code),
            ("client_id", &request.client_id),
            ("redirect_uri", &request.redirect_uri),
            ("code_verifier", &request.code_verifier),
        ] {
            violations.check(!value.is_empty(), field, || "is required".into());
        }
        violations.into_result()?;
        self.check_login_budget(&request.client_id, address).await?;
        let invalid_grant =
            |why: &str| ServiceError::unauthenticated("INVALID_GRANT", why.to_owned());
        let client = self
            .store
            .oauth_client_by_client_id(&request.client_id)
            .await?;
        let client_ok = client.as_ref().is_some_and(|client| {
            client.disabled == 0
                && (client.client_type == "public"
                    || client.secret_hash == token_hash(&request.client_secret))
        });
        if !client_ok {
            self.count_failure(&request.client_id, address).await;
            return Err(ServiceError::unauthenticated(
                "INVALID_CLIENT",
                "unknown or disabled client, or wrong secret",
            ));
        }
        let code_hash = token_hash(&request.code);
        let code = match self.store.use_code(&code_hash, now_micros()).await? {
            Ok(code) => code,
            Err(Some(replayed)) => {
                if let Some(family) = &replayed.family_id {
                    self.revoke_family(family).await?;
                }
                let actor = format!("users/{}", replayed.user_id);
                self.audit(
                    &replayed.workspace_id,
                    pb::AuditEventType::TokenRevoked,
                    pb::AuditOutcome::Failure,
                    &actor,
                    &replayed.client_id,
                    address,
                    serde_json::json!({"reason": "authorization code replayed"}),
                )
                .await;
                return Err(invalid_grant(
                    "this authorization code was already used; the tokens it produced are revoked",
                ));
            }
            Err(None) => {
                return Err(invalid_grant(
                    "the authorization code is unknown or expired",
                ));
            }
        };
        if code.client_id != request.client_id || code.redirect_uri != request.redirect_uri {
            return Err(invalid_grant(
                "the code was issued to another client or redirect URI",
            ));
        }
        if pkce_challenge(&request.code_verifier) != code.code_challenge {
            return Err(invalid_grant(
                "the code_verifier does not match the code_challenge",
            ));
        }
        let (family, tokens) = self.start_session(&code.user_id, Some(&code)).await?;
        self.store.set_code_family(&code_hash, &family.id).await?;
        let actor = format!("users/{}", code.user_id);
        self.audit(
            &code.workspace_id,
            pb::AuditEventType::TokenIssued,
            pb::AuditOutcome::Success,
            &actor,
            &code.client_id,
            address,
            serde_json::json!({"grant": "authorization_code", "scope": code.scope}),
        )
        .await;
        let offline = code.scope.split(' ').any(|scope| scope == "offline_access");
        Ok(pb::IssueTokenResponse {
            access_token: tokens.access_token,
            token_type: tokens.token_type,
            expires_in: tokens.expires_in,
            refresh_token: if offline {
                tokens.refresh_token
            } else {
                String::new()
            },
            scope: code.scope,
            refresh_token_expires_in: if offline {
                tokens.refresh_token_expires_in
            } else {
                0
            },
        })
    }

    /// Soft-deletes or restores a workspace (owners only, through the table).
    async fn set_workspace_deleted<T>(
        &self,
        request: &Request<T>,
        name: &str,
        etag: &str,
        deleted: bool,
    ) -> ServiceResult<pb::Workspace> {
        let me = caller(request)?;
        let address = source_address(request);
        let id = workspace_id("name", name)?;
        let current = self
            .store
            .workspace(&id, &me)
            .await?
            .filter(|w| !w.role.is_empty())
            .ok_or_else(|| ServiceError::not_found(name))?;
        check_etag(etag, current.version, name)?;
        // The guard refuses deleted workspaces, so undelete checks the caller's role here.
        if !deleted
            && role_of(&current.role)
                .is_none_or(|role| !TABLE.allows(role, "auth.workspaces.undelete"))
        {
            return Err(ServiceError::permission_denied(
                "PERMISSION_DENIED",
                format!(
                    "the {} role does not hold auth.workspaces.undelete",
                    current.role
                ),
            ));
        }
        let purged = current
            .delete_time
            .is_some_and(|at| at + micros(crate::purge::PURGE_AFTER) <= now_micros());
        match (deleted, current.delete_time.is_some()) {
            (true, true) => return Err(ServiceError::not_found(name)),
            (false, true) if purged => return Err(ServiceError::not_found(name)),
            (false, false) => {
                return Err(ServiceError::failed_precondition(
                    "NOT_DELETED",
                    format!("{name} is not deleted"),
                ));
            }
            _ => {}
        }
        let now = now_micros();
        let next = WorkspaceRecord {
            delete_time: deleted.then_some(now),
            update_time: now,
            version: current.version + 1,
            ..current.clone()
        };
        self.store.update_workspace(&next, current.version).await?;
        self.forget_roles_in(&id).await?;
        let event = if deleted {
            pb::AuditEventType::WorkspaceDeleted
        } else {
            pb::AuditEventType::WorkspaceUndeleted
        };
        self.audit(
            &id,
            event,
            pb::AuditOutcome::Success,
            &format!("users/{me}"),
            name,
            &address,
            serde_json::json!({}),
        )
        .await;
        Ok(workspace_to_proto(&next))
    }

    /// The caller's role in `workspace`: a user's membership, or a service account's own role
    /// in its workspace (nothing elsewhere, nothing when disabled).
    ///
    /// A deleted workspace gives nobody a role, so the guard answers NOT_FOUND for everything
    /// in it until it is undeleted.
    async fn role_in(&self, principal: &str, workspace: &str) -> ServiceResult<Option<Role>> {
        if let Some(user) = principal.strip_prefix("users/") {
            return Ok(self
                .store
                .workspace(workspace, user)
                .await?
                .filter(|w| w.delete_time.is_none())
                .and_then(|w| role_of(&w.role)));
        }
        let parts: Vec<&str> = principal.split('/').collect();
        if let ["workspaces", home, "serviceAccounts", id] = parts.as_slice()
            && *home == workspace
            && self
                .store
                .workspace(home, "")
                .await?
                .is_some_and(|w| w.delete_time.is_none())
        {
            let account = self.store.service_account(home, id).await?;
            return Ok(account
                .filter(|a| a.disabled == 0)
                .and_then(|a| role_of(&a.role)));
        }
        Ok(None)
    }

    async fn member_or_not_found(
        &self,
        workspace: &str,
        user: &str,
    ) -> ServiceResult<MemberRecord> {
        self.store.member(workspace, user).await?.ok_or_else(|| {
            ServiceError::not_found(&format!("workspaces/{workspace}/members/{user}"))
        })
    }
}

#[tonic::async_trait]
impl AuthService for AuthApi {
    async fn sign_up(
        &self,
        request: Request<pb::SignUpRequest>,
    ) -> Result<Response<pb::SignUpResponse>, Status> {
        let address = source_address(&request);
        let request = request.into_inner();
        let mut violations = Violations::default();
        let email = violations.absorb(
            normalise_email(&request.email)
                .map_err(|why| ServiceError::invalid_argument(vec![("email".into(), why)])),
        );
        if let Some(email) = &email
            && let Err(why) = check_password(&request.password, email)
        {
            violations.add("password", why);
        }
        let display = display_name(
            &mut violations,
            "display_name",
            &request.display_name,
            false,
        );
        violations.check(request.time_zone.len() <= 64, "time_zone", || {
            "must be an IANA time zone".into()
        });
        violations.into_result()?;
        let Some(email) = email else {
            return Err(ServiceError::internal("validation passed without an email").into());
        };
        let now = now_micros();
        let user = UserRecord {
            id: new_id(),
            email: email.clone(),
            display_name: display,
            time_zone: request.time_zone,
            password_hash: hash_password(request.password).await?,
            create_time: now,
            update_time: now,
            last_login_time: Some(now),
            version: 1,
        };
        self.store.create_user(&user).await?;
        let actor = format!("users/{}", user.id);
        self.audit(
            "",
            pb::AuditEventType::UserSignedUp,
            pb::AuditOutcome::Success,
            &actor,
            &actor,
            &address,
            serde_json::json!({}),
        )
        .await;
        let member = if request.invitation_token.is_empty() {
            None
        } else {
            let (invitation, member) = self
                .store
                .accept_invitation(
                    &token_hash(&request.invitation_token),
                    &user.id,
                    &email,
                    now,
                )
                .await?;
            self.forget_role(&invitation.workspace_id, &user.id).await;
            self.audit(
                &invitation.workspace_id,
                pb::AuditEventType::InvitationAccepted,
                pb::AuditOutcome::Success,
                &actor,
                &actor,
                &address,
                serde_json::json!({"role": invitation.role}),
            )
            .await;
            Some(member_to_proto(&member))
        };
        Ok(Response::new(pb::SignUpResponse {
            user: Some(user_to_proto(&user)),
            tokens: Some(self.start_session(&user.id, None).await?.1),
            member,
        }))
    }

    async fn login(
        &self,
        request: Request<pb::LoginRequest>,
    ) -> Result<Response<pb::LoginResponse>, Status> {
        let address = source_address(&request);
        let request = request.into_inner();
        let email = normalise_email(&request.email)
            .map_err(|why| ServiceError::invalid_argument(vec![("email".into(), why)]))?;
        if let Some((_, domain)) = email.split_once('@')
            && self
                .store
                .sso_connection_for_domain(domain)
                .await?
                .is_some_and(|c| c.enforced != 0)
        {
            return Err(ServiceError::failed_precondition(
                "SSO_REQUIRED",
                "this email's domain signs in through SSO: use StartSsoLogin",
            )
            .into());
        }
        self.check_login_budget(&email, &address).await?;
        let user = self
            .store
            .user_by_email(&email)
            .await?
            .filter(|u| !u.password_hash.is_empty());
        let stored = user
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| self.decoy_hash.clone());
        let password_ok = verify_password(request.password, stored).await?;
        let Some(user) = user.filter(|_| password_ok) else {
            self.count_failure(&email, &address).await;
            self.audit(
                "",
                pb::AuditEventType::LoginFailed,
                pb::AuditOutcome::Failure,
                "",
                &email,
                &address,
                serde_json::json!({}),
            )
            .await;
            return Err(ServiceError::unauthenticated(
                "INVALID_CREDENTIALS",
                "the email or the password is wrong",
            )
            .into());
        };
        let _ = self
            .cache
            .delete(&format!("auth:fail:account:{email}"))
            .await;
        self.store.record_login(&user.id, now_micros()).await?;
        self.audit_user_event(
            &user.id,
            pb::AuditEventType::LoginSucceeded,
            pb::AuditOutcome::Success,
            &address,
        )
        .await;
        Ok(Response::new(pb::LoginResponse {
            tokens: Some(self.start_session(&user.id, None).await?.1),
            user: Some(user_to_proto(&user)),
        }))
    }

    async fn get_user(
        &self,
        request: Request<pb::GetUserRequest>,
    ) -> Result<Response<pb::GetUserResponse>, Status> {
        let me = caller(&request)?;
        let name = &request.get_ref().name;
        if name != "users/me" && name != &format!("users/{me}") {
            return Err(ServiceError::not_found(name).into());
        }
        let user = self
            .store
            .user(&me)
            .await?
            .ok_or_else(|| ServiceError::not_found(name))?;
        Ok(Response::new(pb::GetUserResponse {
            user: Some(user_to_proto(&user)),
        }))
    }

    async fn issue_token(
        &self,
        request: Request<pb::IssueTokenRequest>,
    ) -> Result<Response<pb::IssueTokenResponse>, Status> {
        let address = source_address(&request);
        let request = request.into_inner();
        match request.grant_type.as_str() {
            "refresh_token" => {}
            "client_credentials" => {
                return self
                    .client_credentials(request, &address)
                    .await
                    .map(Response::new)
                    .map_err(Into::into);
            }
            "authorization_code" => {
                return self
                    .authorization_code(request, &address)
                    .await
                    .map(Response::new)
                    .map_err(Into::into);
            }
            "" => {
                return Err(ServiceError::invalid_argument(vec![(
                    "grant_type".into(),
                    "is required".into(),
                )])
                .into());
            }
            other => {
                return Err(ServiceError::invalid_argument(vec![(
                    "grant_type".into(),
                    format!("`{other}` is not a supported grant type"),
                )])
                .into());
            }
        }
        if request.refresh_token.is_empty() {
            return Err(ServiceError::invalid_argument(vec![(
                "refresh_token".into(),
                "is required".into(),
            )])
            .into());
        }
        let now = now_micros();
        let invalid_grant = || {
            ServiceError::unauthenticated(
                "INVALID_GRANT",
                "the refresh token is invalid, expired or revoked",
            )
        };
        match self
            .store
            .use_refresh_token(&token_hash(&request.refresh_token), now)
            .await?
        {
            RefreshUse::Fresh(family) => {
                let refresh_token = new_token();
                let expire = (now + micros(self.settings.refresh_ttl)).min(family.expire_time);
                self.store
                    .add_refresh_token(&family.id, &token_hash(&refresh_token), now, expire)
                    .await?;
                Ok(Response::new(pb::IssueTokenResponse {
                    access_token: self.access_token(&family).await?,
                    token_type: "Bearer".into(),
                    expires_in: self.settings.access_ttl.as_secs() as i64,
                    refresh_token,
                    scope: String::new(),
                    refresh_token_expires_in: (expire - now) / 1_000_000,
                }))
            }
            RefreshUse::Replayed(family) => {
                // RFC 9700 §4.14.2: a rotated token came back, so someone holds a stolen copy.
                self.revoke_family(&family.id).await?;
                let actor = format!("users/{}", family.user_id);
                self.audit(
                    "",
                    pb::AuditEventType::RefreshTokenReused,
                    pb::AuditOutcome::Failure,
                    &actor,
                    &actor,
                    &address,
                    serde_json::json!({"family": family.id}),
                )
                .await;
                tracing::warn!(family = %family.id, "refresh token replayed: family revoked");
                Err(ServiceError::unauthenticated(
                    "REFRESH_TOKEN_REUSED",
                    "this refresh token was already used; every token of its session is now revoked",
                )
                .into())
            }
            RefreshUse::Invalid => Err(invalid_grant().into()),
        }
    }

    async fn revoke_token(
        &self,
        request: Request<pb::RevokeTokenRequest>,
    ) -> Result<Response<pb::RevokeTokenResponse>, Status> {
        let address = source_address(&request);
        let token = request.into_inner().token;
        if token.is_empty() {
            return Err(ServiceError::invalid_argument(vec![(
                "token".into(),
                "is required".into(),
            )])
            .into());
        }
        // RFC 7009: unknown or invalid tokens are not an error; the answer is the same.
        if token.matches('.').count() == 2 {
            if let Ok(claims) = self.verifier.verify(&token).await {
                let now = now_micros() as u64 / 1_000_000;
                let ttl = Duration::from_secs(claims.exp.saturating_sub(now) + 120);
                for key in revocation_keys(&claims)
                    .into_iter()
                    .filter(|key| key.contains(":jti:"))
                {
                    self.cache
                        .set(&key, Bytes::from_static(b"1"), ttl)
                        .await
                        .map_err(|e| {
                            ServiceError::unavailable("CACHE_UNAVAILABLE", e.to_string())
                        })?;
                }
                self.audit(
                    "",
                    pb::AuditEventType::TokenRevoked,
                    pb::AuditOutcome::Success,
                    &claims.sub,
                    &claims.sub,
                    &address,
                    serde_json::json!({"kind": "access_token"}),
                )
                .await;
            }
        } else if let Some(family) = self.store.family_of_token(&token_hash(&token)).await? {
            self.revoke_family(&family.id).await?;
            let actor = format!("users/{}", family.user_id);
            self.audit(
                "",
                pb::AuditEventType::TokenRevoked,
                pb::AuditOutcome::Success,
                &actor,
                &actor,
                &address,
                serde_json::json!({"kind": "refresh_token"}),
            )
            .await;
        }
        Ok(Response::new(pb::RevokeTokenResponse {}))
    }

    async fn get_jwks(
        &self,
        _request: Request<pb::GetJwksRequest>,
    ) -> Result<Response<pb::GetJwksResponse>, Status> {
        let (_, published) = self.keys.keys().await?;
        Ok(Response::new(pb::GetJwksResponse {
            keys: published
                .iter()
                .map(|key| jwk_to_proto(key.public_jwk()))
                .collect(),
        }))
    }

    async fn list_signing_keys(
        &self,
        request: Request<pb::ListSigningKeysRequest>,
    ) -> Result<Response<pb::ListSigningKeysResponse>, Status> {
        let show_retired = request.get_ref().show_retired;
        let (records, published) = self.keys.keys().await?;
        let signing_keys = records
            .iter()
            .filter(|record| show_retired || record.state != "retired")
            .map(|record| {
                signing_key_to_proto(
                    record,
                    published
                        .iter()
                        .find(|k| k.kid() == record.kid)
                        .map(|k| k.public_jwk()),
                )
            })
            .collect();
        Ok(Response::new(pb::ListSigningKeysResponse {
            signing_keys,
            next_page_token: String::new(),
        }))
    }

    async fn rotate_signing_key(
        &self,
        request: Request<pb::RotateSigningKeyRequest>,
    ) -> Result<Response<pb::RotateSigningKeyResponse>, Status> {
        let address = source_address(&request);
        let actor = actor_of(&request);
        let previous = self.keys.active().await?;
        let key = self.keys.rotate(now_micros()).await?;
        self.audit(
            "",
            pb::AuditEventType::SigningKeyRotated,
            pb::AuditOutcome::Success,
            &actor,
            &format!("signingKeys/{}", key.kid()),
            &address,
            serde_json::json!({"previous": previous.kid()}),
        )
        .await;
        let (records, _) = self.keys.keys().await?;
        let find = |kid: &str| {
            records
                .iter()
                .find(|r| r.kid == kid)
                .map(|r| signing_key_to_proto(r, None))
        };
        Ok(Response::new(pb::RotateSigningKeyResponse {
            active_key: find(key.kid()).map(|mut k| {
                k.public_key = Some(jwk_to_proto(key.public_jwk()));
                k
            }),
            previous_key: find(previous.kid()),
            next_key: None,
        }))
    }

    async fn create_workspace(
        &self,
        request: Request<pb::CreateWorkspaceRequest>,
    ) -> Result<Response<pb::CreateWorkspaceResponse>, Status> {
        let me = caller(&request)?;
        let address = source_address(&request);
        let request = request.into_inner();
        let mut violations = Violations::default();
        let request_id = check_request_id(&mut violations, &request.request_id);
        let name = match &request.workspace {
            Some(workspace) => display_name(
                &mut violations,
                "workspace.display_name",
                &workspace.display_name,
                true,
            ),
            None => {
                violations.add("workspace", "is required");
                String::new()
            }
        };
        violations.into_result()?;
        let now = now_micros();
        let record = WorkspaceRecord {
            id: new_id(),
            display_name: name,
            create_time: now,
            update_time: now,
            delete_time: None,
            version: 1,
            role: String::new(),
        };
        let created = self
            .store
            .create_workspace(&record, &me, request_id.as_deref())
            .await?;
        self.forget_role(&created.id, &me).await;
        if created.id == record.id {
            let actor = format!("users/{me}");
            self.audit(
                &created.id,
                pb::AuditEventType::WorkspaceCreated,
                pb::AuditOutcome::Success,
                &actor,
                &format!("workspaces/{}", created.id),
                &address,
                serde_json::json!({}),
            )
            .await;
        }
        Ok(Response::new(pb::CreateWorkspaceResponse {
            workspace: Some(workspace_to_proto(&created)),
        }))
    }

    async fn get_workspace(
        &self,
        request: Request<pb::GetWorkspaceRequest>,
    ) -> Result<Response<pb::GetWorkspaceResponse>, Status> {
        let me = caller(&request)?;
        let id = workspace_id("name", &request.get_ref().name)?;
        let workspace = self
            .store
            .workspace(&id, &me)
            .await?
            .filter(|w| !w.role.is_empty() && w.delete_time.is_none())
            .ok_or_else(|| ServiceError::not_found(&request.get_ref().name))?;
        Ok(Response::new(pb::GetWorkspaceResponse {
            workspace: Some(workspace_to_proto(&workspace)),
        }))
    }

    async fn list_workspaces(
        &self,
        request: Request<pb::ListWorkspacesRequest>,
    ) -> Result<Response<pb::ListWorkspacesResponse>, Status> {
        let me = caller(&request)?;
        let request = request.into_inner();
        let limit = page_size(request.page_size)?;
        let order = WorkspaceOrder::parse(&request.order_by).ok_or_else(|| {
            ServiceError::invalid_argument(vec![(
                "order_by".into(),
                "must be `create_time`, `create_time desc` or `display_name`".into(),
            )])
        })?;
        let fingerprint = format!("ListWorkspaces|{me}|{order:?}|{}", request.show_deleted);
        // The cursor is the last row's sort key and id, joined by a unit separator.
        let cursor = decode_page_token(&request.page_token, &fingerprint)?;
        let after = cursor
            .as_deref()
            .map(|c| c.rsplit_once('\u{1f}').unwrap_or((c, "")));
        let rows = self
            .store
            .workspaces_of(&me, order, after, limit as i64 + 1, request.show_deleted)
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |w| {
            format!("{}\u{1f}{}", order.key(w), w.id)
        });
        Ok(Response::new(pb::ListWorkspacesResponse {
            workspaces: rows.iter().map(workspace_to_proto).collect(),
            next_page_token,
        }))
    }

    async fn get_member(
        &self,
        request: Request<pb::GetMemberRequest>,
    ) -> Result<Response<pb::GetMemberResponse>, Status> {
        let (workspace, user) = member_name("name", &request.get_ref().name)?;
        let member = self.member_or_not_found(&workspace, &user).await?;
        Ok(Response::new(pb::GetMemberResponse {
            member: Some(member_to_proto(&member)),
        }))
    }

    async fn list_members(
        &self,
        request: Request<pb::ListMembersRequest>,
    ) -> Result<Response<pb::ListMembersResponse>, Status> {
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        let wanted = role_from_proto(request.role);
        let mut violations = Vec::new();
        if request.role != 0 && wanted.is_none() {
            violations.push(("role".to_string(), "is not a role".to_string()));
        }
        let order = MemberOrder::parse(&request.order_by);
        if order.is_none() {
            violations.push((
                "order_by".to_string(),
                "must be `create_time` (join order, the default) or `display_name`".to_string(),
            ));
        }
        let Some(order) = order.filter(|_| violations.is_empty()) else {
            return Err(ServiceError::invalid_argument(violations).into());
        };
        let fingerprint = format!("ListMembers|{}|{:?}|{order:?}", request.parent, wanted);
        // The cursor is the last row's sort key and user id, joined by a unit separator.
        let cursor = decode_page_token(&request.page_token, &fingerprint)?;
        let after = cursor
            .as_deref()
            .map(|c| c.rsplit_once('\u{1f}').unwrap_or((c, "")));
        let rows = self
            .store
            .list_members(
                &workspace,
                wanted.map(|role| role.as_str()),
                order,
                after,
                limit as i64 + 1,
            )
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |m| {
            format!("{}\u{1f}{}", order.key(m), m.user_id)
        });
        Ok(Response::new(pb::ListMembersResponse {
            members: rows.iter().map(member_to_proto).collect(),
            next_page_token,
        }))
    }

    async fn update_member(
        &self,
        request: Request<pb::UpdateMemberRequest>,
    ) -> Result<Response<pb::UpdateMemberResponse>, Status> {
        let me = caller(&request)?;
        let address = source_address(&request);
        let request = request.into_inner();
        let member = request.member.unwrap_or_default();
        let (workspace, user) = member_name("member.name", &member.name)?;
        let mask_ok = request
            .update_mask
            .as_ref()
            .is_some_and(|FieldMask { paths }| paths == &["role"]);
        let mut violations = Violations::default();
        violations.check(mask_ok, "update_mask", || "must be exactly `role`".into());
        let new_role = role_from_proto(member.role);
        violations.check(new_role.is_some(), "member.role", || "is required".into());
        violations.into_result()?;
        let Some(new_role) = new_role else {
            return Err(ServiceError::internal("validation passed without a role").into());
        };
        let my_role = self
            .member_or_not_found(&workspace, &me)
            .await
            .ok()
            .and_then(|m| role_of(&m.role));
        let current = self.member_or_not_found(&workspace, &user).await?;
        let current_role = role_of(&current.role);
        // Ownership is only granted or taken by owners; nobody raises their own role.
        let touches_owner = new_role == Role::Owner || current_role == Some(Role::Owner);
        if touches_owner && my_role != Some(Role::Owner) {
            return Err(ServiceError::permission_denied(
                "OWNER_REQUIRED",
                "only owners grant or remove the owner role",
            )
            .into());
        }
        if user == me && new_role > my_role.unwrap_or(Role::Viewer) {
            return Err(ServiceError::permission_denied(
                "SELF_PROMOTION",
                "you cannot raise your own role",
            )
            .into());
        }
        if current_role == Some(Role::Owner)
            && new_role != Role::Owner
            && self.store.owner_count(&workspace).await? <= 1
        {
            return Err(ServiceError::failed_precondition(
                "LAST_OWNER",
                "a workspace keeps at least one owner",
            )
            .into());
        }
        let expected = parse_etag(&member.etag);
        let updated = self
            .store
            .set_role(
                &workspace,
                &user,
                role_name(new_role),
                expected,
                now_micros(),
            )
            .await?;
        self.forget_role(&workspace, &user).await;
        self.audit(
            &workspace,
            pb::AuditEventType::RoleChanged,
            pb::AuditOutcome::Success,
            &format!("users/{me}"),
            &member.name,
            &address,
            serde_json::json!({"from": current.role, "to": updated.role}),
        )
        .await;
        Ok(Response::new(pb::UpdateMemberResponse {
            member: Some(member_to_proto(&updated)),
        }))
    }

    async fn delete_member(
        &self,
        request: Request<pb::DeleteMemberRequest>,
    ) -> Result<Response<pb::DeleteMemberResponse>, Status> {
        let me = caller(&request)?;
        let address = source_address(&request);
        let name = request.get_ref().name.clone();
        let (workspace, user) = member_name("name", &name)?;
        let current = self.member_or_not_found(&workspace, &user).await?;
        if current.role == "owner" {
            let my_role = self.store.member(&workspace, &me).await?.map(|m| m.role);
            if my_role.as_deref() != Some("owner") {
                return Err(ServiceError::permission_denied(
                    "OWNER_REQUIRED",
                    "only owners remove owners",
                )
                .into());
            }
            if self.store.owner_count(&workspace).await? <= 1 {
                return Err(ServiceError::failed_precondition(
                    "LAST_OWNER",
                    "a workspace keeps at least one owner",
                )
                .into());
            }
        }
        self.store.delete_member(&workspace, &user).await?;
        self.forget_role(&workspace, &user).await;
        self.audit(
            &workspace,
            pb::AuditEventType::MemberRemoved,
            pb::AuditOutcome::Success,
            &format!("users/{me}"),
            &name,
            &address,
            serde_json::json!({"role": current.role}),
        )
        .await;
        Ok(Response::new(pb::DeleteMemberResponse {}))
    }

    async fn create_invitation(
        &self,
        request: Request<pb::CreateInvitationRequest>,
    ) -> Result<Response<pb::CreateInvitationResponse>, Status> {
        let me = caller(&request)?;
        let address = source_address(&request);
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let invitation = request.invitation.unwrap_or_default();
        let mut violations = Violations::default();
        let email =
            violations.absorb(normalise_email(&invitation.email).map_err(|why| {
                ServiceError::invalid_argument(vec![("invitation.email".into(), why)])
            }));
        let role = role_from_proto(invitation.role);
        violations.check(role.is_some(), "invitation.role", || "is required".into());
        violations.check(
            invitation.message.chars().count() <= 1000,
            "invitation.message",
            || "must be at most 1000 characters".into(),
        );
        violations.into_result()?;
        let (Some(email), Some(role)) = (email, role) else {
            return Err(
                ServiceError::internal("validation passed an incomplete invitation").into(),
            );
        };
        if role == Role::Owner
            && self
                .store
                .member(&workspace, &me)
                .await?
                .map(|m| m.role)
                .as_deref()
                != Some("owner")
        {
            return Err(ServiceError::permission_denied(
                "OWNER_REQUIRED",
                "only owners invite owners",
            )
            .into());
        }
        let token = new_token();
        let now = now_micros();
        let record = InvitationRecord {
            workspace_id: workspace.clone(),
            id: new_id(),
            email,
            role: role_name(role).into(),
            message: invitation.message,
            token_hash: token_hash(&token),
            inviter: format!("users/{me}"),
            create_time: now,
            expire_time: now + micros(self.settings.invitation_ttl),
            accept_time: None,
            accepted_by: None,
            revoke_time: None,
        };
        self.store.create_invitation(&record).await?;
        let proto = invitation_to_proto(&record);
        self.audit(
            &workspace,
            pb::AuditEventType::InvitationCreated,
            pb::AuditOutcome::Success,
            &record.inviter,
            &proto.name,
            &address,
            serde_json::json!({"role": record.role}),
        )
        .await;
        Ok(Response::new(pb::CreateInvitationResponse {
            invitation: Some(proto),
            invitation_token: token,
        }))
    }

    async fn accept_invitation(
        &self,
        request: Request<pb::AcceptInvitationRequest>,
    ) -> Result<Response<pb::AcceptInvitationResponse>, Status> {
        let me = caller(&request)?;
        let address = source_address(&request);
        let token = request.into_inner().invitation_token;
        if token.is_empty() {
            return Err(ServiceError::invalid_argument(vec![(
                "invitation_token".into(),
                "is required".into(),
            )])
            .into());
        }
        let user = self
            .store
            .user(&me)
            .await?
            .ok_or_else(|| ServiceError::not_found("the caller"))?;
        let (invitation, member) = self
            .store
            .accept_invitation(&token_hash(&token), &me, &user.email, now_micros())
            .await?;
        self.forget_role(&invitation.workspace_id, &me).await;
        let actor = format!("users/{me}");
        self.audit(
            &invitation.workspace_id,
            pb::AuditEventType::InvitationAccepted,
            pb::AuditOutcome::Success,
            &actor,
            &actor,
            &address,
            serde_json::json!({"role": invitation.role}),
        )
        .await;
        let workspace = self.store.workspace(&invitation.workspace_id, &me).await?;
        Ok(Response::new(pb::AcceptInvitationResponse {
            member: Some(member_to_proto(&member)),
            workspace: workspace.as_ref().map(workspace_to_proto),
        }))
    }

    async fn list_audit_events(
        &self,
        request: Request<pb::ListAuditEventsRequest>,
    ) -> Result<Response<pb::ListAuditEventsResponse>, Status> {
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        let filter = audit_filter(&request)?;
        let fingerprint = format!("ListAuditEvents|{}|{filter:?}", request.parent);
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        let rows = self
            .store
            .audit_events(&workspace, &filter, &after, limit as i64 + 1)
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |e| e.id.clone());
        Ok(Response::new(pb::ListAuditEventsResponse {
            audit_events: rows.iter().map(audit_to_proto).collect(),
            next_page_token,
        }))
    }

    async fn create_service_account(
        &self,
        request: Request<pb::CreateServiceAccountRequest>,
    ) -> Result<Response<pb::CreateServiceAccountResponse>, Status> {
        let creator = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let account = request.service_account.unwrap_or_default();
        let mut violations = Violations::default();
        let name = display_name(
            &mut violations,
            "service_account.display_name",
            &account.display_name,
            true,
        );
        let role = role_from_proto(account.role);
        match role {
            None => violations.add("service_account.role", "is required"),
            Some(Role::Owner) => {
                violations.add("service_account.role", "service accounts cannot be owners")
            }
            Some(_) => {}
        }
        violations.check(
            account.description.chars().count() <= 1000,
            "service_account.description",
            || "must be at most 1000 characters".into(),
        );
        for (i, scope) in account.scopes.iter().enumerate() {
            let valid = scope.split('.').count() == 3
                && scope.split('.').all(|part| {
                    part == "*"
                        || (!part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
                });
            violations.check(valid, &format!("service_account.scopes[{i}]"), || {
                "must be a permission pattern like `tasks.*.get`".into()
            });
        }
        violations.into_result()?;
        let my_role = self.role_in(&creator, &workspace).await?;
        if role > my_role {
            return Err(ServiceError::permission_denied(
                "ROLE_TOO_HIGH",
                "a service account cannot get a role above yours",
            )
            .into());
        }
        let now = now_micros();
        let record = crate::store::ServiceAccountRecord {
            workspace_id: workspace.clone(),
            id: new_id(),
            display_name: name,
            description: account.description,
            role: role.map(Role::as_str).unwrap_or("viewer").into(),
            scopes: account.scopes.join(" "),
            disabled: i64::from(account.disabled),
            creator: creator.clone(),
            create_time: now,
            update_time: now,
            version: 1,
        };
        self.store.create_service_account(&record).await?;
        let proto = service_account_to_proto(&record);
        self.audit(
            &workspace,
            pb::AuditEventType::ServiceAccountChanged,
            pb::AuditOutcome::Success,
            &creator,
            &proto.name,
            &address,
            serde_json::json!({"change": "created", "role": record.role}),
        )
        .await;
        Ok(Response::new(pb::CreateServiceAccountResponse {
            service_account: Some(proto),
        }))
    }

    async fn get_service_account(
        &self,
        request: Request<pb::GetServiceAccountRequest>,
    ) -> Result<Response<pb::GetServiceAccountResponse>, Status> {
        let name = &request.get_ref().name;
        let (workspace, id) = account_name("name", name)?;
        let account = self
            .store
            .service_account(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(name))?;
        Ok(Response::new(pb::GetServiceAccountResponse {
            service_account: Some(service_account_to_proto(&account)),
        }))
    }

    async fn list_service_accounts(
        &self,
        request: Request<pb::ListServiceAccountsRequest>,
    ) -> Result<Response<pb::ListServiceAccountsResponse>, Status> {
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        let fingerprint = format!("ListServiceAccounts|{}", request.parent);
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        let rows = self
            .store
            .service_accounts(&workspace, &after, limit as i64 + 1)
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |a| a.id.clone());
        Ok(Response::new(pb::ListServiceAccountsResponse {
            service_accounts: rows.iter().map(service_account_to_proto).collect(),
            next_page_token,
        }))
    }

    async fn delete_service_account(
        &self,
        request: Request<pb::DeleteServiceAccountRequest>,
    ) -> Result<Response<pb::DeleteServiceAccountResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let name = request.get_ref().name.clone();
        let (workspace, id) = account_name("name", &name)?;
        if !self.store.delete_service_account(&workspace, &id).await? {
            return Err(ServiceError::not_found(&name).into());
        }
        if let Err(error) = self.cache.delete(&role_cache_key(&workspace, &name)).await {
            tracing::warn!(%error, "could not invalidate a cached role: it expires on its own");
        }
        self.audit(
            &workspace,
            pb::AuditEventType::ServiceAccountChanged,
            pb::AuditOutcome::Success,
            &actor,
            &name,
            &address,
            serde_json::json!({"change": "deleted"}),
        )
        .await;
        Ok(Response::new(pb::DeleteServiceAccountResponse {}))
    }

    async fn create_service_account_key(
        &self,
        request: Request<pb::CreateServiceAccountKeyRequest>,
    ) -> Result<Response<pb::CreateServiceAccountKeyResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let (workspace, account_id) = account_name("parent", &request.parent)?;
        self.store
            .service_account(&workspace, &account_id)
            .await?
            .ok_or_else(|| ServiceError::not_found(&request.parent))?;
        let key = request.key.unwrap_or_default();
        let now = now_micros();
        let expire_time = key
            .expire_time
            .map(|t| t.seconds * 1_000_000 + i64::from(t.nanos) / 1000);
        if expire_time.is_some_and(|expire| expire <= now) {
            return Err(ServiceError::invalid_argument(vec![(
                "key.expire_time".into(),
                "must be in the future".into(),
            )])
            .into());
        }
        let secret = new_token();
        let record = crate::store::AccountKeyRecord {
            workspace_id: workspace.clone(),
            account_id,
            id: new_id(),
            client_id: format!("sa-{}", uuid::Uuid::new_v4().simple()),
            display_name: key.display_name.chars().take(200).collect(),
            secret_hash: token_hash(&secret),
            secret_hint: secret
                .chars()
                .skip(secret.len().saturating_sub(4))
                .collect(),
            expire_time,
            last_use_time: None,
            create_time: now,
        };
        self.store.create_account_key(&record).await?;
        let proto = account_key_to_proto(&record);
        self.audit(
            &workspace,
            pb::AuditEventType::ServiceAccountKeyCreated,
            pb::AuditOutcome::Success,
            &actor,
            &proto.name,
            &address,
            serde_json::json!({"client_id": record.client_id}),
        )
        .await;
        Ok(Response::new(pb::CreateServiceAccountKeyResponse {
            key: Some(proto),
            client_secret: secret,
        }))
    }

    async fn list_service_account_keys(
        &self,
        request: Request<pb::ListServiceAccountKeysRequest>,
    ) -> Result<Response<pb::ListServiceAccountKeysResponse>, Status> {
        let (workspace, account_id) = account_name("parent", &request.get_ref().parent)?;
        let keys = self.store.account_keys(&workspace, &account_id).await?;
        Ok(Response::new(pb::ListServiceAccountKeysResponse {
            keys: keys.iter().map(account_key_to_proto).collect(),
            next_page_token: String::new(),
        }))
    }

    async fn delete_service_account_key(
        &self,
        request: Request<pb::DeleteServiceAccountKeyRequest>,
    ) -> Result<Response<pb::DeleteServiceAccountKeyResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let name = request.get_ref().name.clone();
        let parts: Vec<&str> = name.split('/').collect();
        let [
            "workspaces",
            workspace,
            "serviceAccounts",
            account,
            "keys",
            id,
        ] = parts.as_slice()
        else {
            return Err(ServiceError::invalid_argument(vec![(
                "name".into(),
                "must look like `workspaces/{workspace}/serviceAccounts/{account}/keys/{key}`"
                    .into(),
            )])
            .into());
        };
        if !self
            .store
            .delete_account_key(workspace, account, id)
            .await?
        {
            return Err(ServiceError::not_found(&name).into());
        }
        self.audit(
            workspace,
            pb::AuditEventType::ServiceAccountKeyDeleted,
            pb::AuditOutcome::Success,
            &actor,
            &name,
            &address,
            serde_json::json!({}),
        )
        .await;
        Ok(Response::new(pb::DeleteServiceAccountKeyResponse {}))
    }

    async fn introspect_token(
        &self,
        request: Request<pb::IntrospectTokenRequest>,
    ) -> Result<Response<pb::IntrospectTokenResponse>, Status> {
        let token = request.into_inner().token;
        let inactive = pb::IntrospectTokenResponse::default();
        if token.matches('.').count() == 2 {
            let Ok(claims) = self.verifier.verify(&token).await else {
                return Ok(Response::new(inactive));
            };
            let revocations = taskstream_security::guard::CachedRevocations(self.cache.clone());
            use taskstream_security::guard::Revocations;
            if revocations.is_revoked(&claims).await? {
                return Ok(Response::new(inactive));
            }
            return Ok(Response::new(pb::IntrospectTokenResponse {
                active: true,
                scope: claims.scope.unwrap_or_default(),
                client_id: claims.client_id.unwrap_or_default(),
                username: String::new(),
                token_type: "Bearer".into(),
                exp: claims.exp as i64,
                iat: claims.iat as i64,
                nbf: claims.nbf as i64,
                sub: claims.sub,
                aud: vec![claims.aud],
                iss: claims.iss,
                jti: claims.jti,
                ws: claims.ws.unwrap_or_default(),
            }));
        }
        // A refresh token is active while its family is live; its own state stays private.
        match self.store.family_of_token(&token_hash(&token)).await? {
            Some(family) if family.revoke_time.is_none() && family.expire_time > now_micros() => {
                Ok(Response::new(pb::IntrospectTokenResponse {
                    active: true,
                    token_type: "refresh_token".into(),
                    sub: format!("users/{}", family.user_id),
                    exp: family.expire_time / 1_000_000,
                    iat: family.create_time / 1_000_000,
                    iss: self.settings.issuer.clone(),
                    ..inactive
                }))
            }
            _ => Ok(Response::new(inactive)),
        }
    }

    async fn create_o_auth_client(
        &self,
        request: Request<pb::CreateOAuthClientRequest>,
    ) -> Result<Response<pb::CreateOAuthClientResponse>, Status> {
        let creator = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let client = request.oauth_client.unwrap_or_default();
        let mut violations = Violations::default();
        let name = display_name(
            &mut violations,
            "oauth_client.display_name",
            &client.display_name,
            true,
        );
        let client_type = match pb::o_auth_client::ClientType::try_from(client.client_type) {
            Ok(pb::o_auth_client::ClientType::Confidential) => "confidential",
            Ok(pb::o_auth_client::ClientType::Public) => "public",
            _ => {
                violations.add(
                    "oauth_client.client_type",
                    "is required: confidential or public",
                );
                ""
            }
        };
        violations.check(
            !client.redirect_uris.is_empty() && client.redirect_uris.len() <= 10,
            "oauth_client.redirect_uris",
            || "must list 1 to 10 URIs".into(),
        );
        for (i, uri) in client.redirect_uris.iter().enumerate() {
            // RFC 9700: exact match only; https, or http on loopback for native apps.
            let valid = (uri.starts_with("https://")
                || uri.starts_with("http://127.0.0.1")
                || uri.starts_with("http://localhost"))
                && !uri.contains('#')
                && !uri.contains('*')
                && uri.len() <= 2000;
            violations.check(valid, &format!("oauth_client.redirect_uris[{i}]"), || {
                "must be an https URI (or loopback http) without fragment or wildcard".into()
            });
        }
        violations.into_result()?;
        let secret = (client_type == "confidential").then(new_token);
        let now = now_micros();
        let record = OAuthClientRecord {
            workspace_id: workspace.clone(),
            id: new_id(),
            client_id: format!("oc-{}", uuid::Uuid::new_v4().simple()),
            display_name: name,
            description: client.description.chars().take(1000).collect(),
            homepage_uri: client.homepage_uri,
            client_type: client_type.into(),
            redirect_uris: client.redirect_uris.join("\n"),
            allowed_scopes: client.allowed_scopes.join(" "),
            allow_other_workspaces: i64::from(client.allow_other_workspaces),
            disabled: i64::from(client.disabled),
            secret_hash: secret.as_deref().map(token_hash).unwrap_or_default(),
            secret_hint: secret
                .as_deref()
                .map(|s| s[s.len() - 4..].to_owned())
                .unwrap_or_default(),
            creator: creator.clone(),
            create_time: now,
            update_time: now,
            version: 1,
        };
        self.store.create_oauth_client(&record).await?;
        let proto = oauth_client_to_proto(&record);
        self.audit(
            &workspace,
            pb::AuditEventType::OauthClientChanged,
            pb::AuditOutcome::Success,
            &creator,
            &proto.name,
            &address,
            serde_json::json!({"change": "created"}),
        )
        .await;
        Ok(Response::new(pb::CreateOAuthClientResponse {
            oauth_client: Some(proto),
            client_secret: secret.unwrap_or_default(),
        }))
    }

    async fn get_o_auth_client(
        &self,
        request: Request<pb::GetOAuthClientRequest>,
    ) -> Result<Response<pb::GetOAuthClientResponse>, Status> {
        let name = &request.get_ref().name;
        let parts: Vec<&str> = name.split('/').collect();
        let ["workspaces", workspace, "oauthClients", id] = parts.as_slice() else {
            return Err(ServiceError::invalid_argument(vec![(
                "name".into(),
                "must look like `workspaces/{workspace}/oauthClients/{oauth_client}`".into(),
            )])
            .into());
        };
        let client = self
            .store
            .oauth_client(workspace, id)
            .await?
            .ok_or_else(|| ServiceError::not_found(name))?;
        Ok(Response::new(pb::GetOAuthClientResponse {
            oauth_client: Some(oauth_client_to_proto(&client)),
        }))
    }

    async fn authorize(
        &self,
        request: Request<pb::AuthorizeRequest>,
    ) -> Result<Response<pb::AuthorizeResponse>, Status> {
        let address = source_address(&request);
        let bearer = Principal::of(&request)
            .map(|p| p.bearer.clone())
            .unwrap_or_default();
        let claims = self.verifier.verify(&bearer).await?;
        let Some(user) = claims
            .sub
            .strip_prefix("users/")
            .filter(|_| claims.client_id.is_none() && claims.ws.is_none())
        else {
            return Err(ServiceError::permission_denied(
                "FIRST_PARTY_TOKEN_REQUIRED",
                "authorize with a signed-in user's own session",
            )
            .into());
        };
        let request = request.into_inner();
        let mut violations = Violations::default();
        violations.check(request.response_type == "code", "response_type", || {
            "must be `code`".into()
        });
        violations.check(
            request.code_challenge_method == "S256",
            "code_challenge_method",
            || "must be `S256`".into(),
        );
        violations.check(request.code_challenge.len() == 43, "code_challenge", || {
            "must be a base64url SHA-256 (43 characters)".into()
        });
        violations.check(request.state.len() <= 500, "state", || {
            "must be at most 500 characters".into()
        });
        let workspace = violations.absorb(workspace_id("workspace", &request.workspace));
        violations.into_result()?;
        let workspace = workspace.unwrap_or_default();
        let client = self
            .store
            .oauth_client_by_client_id(&request.client_id)
            .await?
            .ok_or_else(|| {
                ServiceError::new(
                    tonic::Code::NotFound,
                    "CLIENT_NOT_FOUND",
                    "unknown client_id",
                )
            })?;
        if !client
            .redirect_uris
            .split('\n')
            .any(|uri| uri == request.redirect_uri)
        {
            return Err(ServiceError::new(
                tonic::Code::InvalidArgument,
                "REDIRECT_URI_MISMATCH",
                "redirect_uri is not registered for this client",
            )
            .into());
        }
        if client.disabled != 0 {
            return Err(ServiceError::failed_precondition(
                "CLIENT_DISABLED",
                "this client is disabled",
            )
            .into());
        }
        if self.role_in(&claims.sub, &workspace).await?.is_none() {
            return Err(ServiceError::not_found(&request.workspace).into());
        }
        if client.allow_other_workspaces == 0 && client.workspace_id != workspace {
            return Err(ServiceError::permission_denied(
                "UNAUTHORIZED_CLIENT",
                "this client may only be authorized in its own workspace",
            )
            .into());
        }
        let scopes: Vec<String> = request
            .scope
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let allowed: Vec<&str> = client
            .allowed_scopes
            .split(' ')
            .filter(|s| !s.is_empty())
            .collect();
        if scopes.is_empty() {
            return Err(ServiceError::invalid_argument(vec![(
                "scope".into(),
                "is required".into(),
            )])
            .into());
        }
        for scope in &scopes {
            let shaped = scope == "offline_access"
                || (scope.split('.').count() == 3 && scope.split('.').all(|p| !p.is_empty()));
            if !shaped || (!allowed.is_empty() && !allowed.contains(&scope.as_str())) {
                return Err(ServiceError::new(
                    tonic::Code::InvalidArgument,
                    "INVALID_SCOPE",
                    format!("scope `{scope}` is not allowed for this client"),
                )
                .into());
            }
        }
        let info = pb::OAuthClientInfo {
            client_id: client.client_id.clone(),
            display_name: client.display_name.clone(),
            description: client.description.clone(),
            homepage_uri: client.homepage_uri.clone(),
            logo_uri: String::new(),
            publisher_display_name: String::new(),
        };
        if request.validate_only {
            return Ok(Response::new(pb::AuthorizeResponse {
                client: Some(info),
                scopes,
                ..Default::default()
            }));
        }
        let code = new_token();
        let now = now_micros();
        let record = CodeRecord {
            code_hash: token_hash(&code),
            client_id: client.client_id.clone(),
            user_id: user.to_owned(),
            workspace_id: workspace.clone(),
            redirect_uri: request.redirect_uri.clone(),
            scope: scopes.join(" "),
            code_challenge: request.code_challenge,
            create_time: now,
            expire_time: now + 60_000_000,
            used_time: None,
            family_id: None,
        };
        self.store.create_code(&record).await?;
        self.audit(
            &workspace,
            pb::AuditEventType::OauthClientAuthorized,
            pb::AuditOutcome::Success,
            &claims.sub,
            &client.client_id,
            &address,
            serde_json::json!({"scope": record.scope}),
        )
        .await;
        let separator = if request.redirect_uri.contains('?') {
            '&'
        } else {
            '?'
        };
        let redirect_uri = format!(
            "{}{separator}code={code}&state={}",
            request.redirect_uri,
            url_encode(&request.state)
        );
        Ok(Response::new(pb::AuthorizeResponse {
            code,
            state: request.state,
            redirect_uri,
            expires_in: 60,
            client: Some(info),
            scopes,
        }))
    }

    async fn create_sso_connection(
        &self,
        request: Request<pb::CreateSsoConnectionRequest>,
    ) -> Result<Response<pb::CreateSsoConnectionResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let connection = request.sso_connection.unwrap_or_default();
        let mut violations = Violations::default();
        let name = display_name(
            &mut violations,
            "sso_connection.display_name",
            &connection.display_name,
            true,
        );
        let issuer = connection.issuer_uri.trim_end_matches('/').to_owned();
        let loopback =
            issuer.starts_with("http://127.0.0.1") || issuer.starts_with("http://localhost");
        violations.check(
            issuer.starts_with("https://") || loopback,
            "sso_connection.issuer_uri",
            || "must be an https URL".into(),
        );
        violations.check(
            !connection.client_id.is_empty(),
            "sso_connection.client_id",
            || "is required".into(),
        );
        let mut domains = Vec::new();
        for (i, domain) in connection.email_domains.iter().enumerate() {
            let domain = domain.trim().to_lowercase();
            let valid = domain.contains('.')
                && domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            violations.check(valid, &format!("sso_connection.email_domains[{i}]"), || {
                "must be a domain name".into()
            });
            domains.push(domain);
        }
        let default_role = role_from_proto(connection.default_role).unwrap_or(Role::Member);
        violations.check(
            default_role != Role::Owner,
            "sso_connection.default_role",
            || "cannot be owner".into(),
        );
        violations.into_result()?;
        let now = now_micros();
        let record = crate::store::SsoConnectionRecord {
            workspace_id: workspace.clone(),
            id: new_id(),
            display_name: name,
            issuer_uri: issuer,
            client_id: connection.client_id,
            client_secret: connection.client_secret,
            scopes: connection.scopes.join(" "),
            email_domains: domains.join(" "),
            enforced: i64::from(connection.enforced),
            jit_provisioning: i64::from(connection.jit_provisioning),
            default_role: default_role.as_str().into(),
            disabled: i64::from(connection.disabled),
            create_time: now,
            update_time: now,
            version: 1,
        };
        self.store.create_sso_connection(&record).await?;
        let proto = sso_connection_to_proto(&record);
        self.audit(
            &workspace,
            pb::AuditEventType::SsoConnectionChanged,
            pb::AuditOutcome::Success,
            &actor,
            &proto.name,
            &address,
            serde_json::json!({"change": "created", "issuer": record.issuer_uri}),
        )
        .await;
        Ok(Response::new(pb::CreateSsoConnectionResponse {
            sso_connection: Some(proto),
        }))
    }

    async fn get_sso_connection(
        &self,
        request: Request<pb::GetSsoConnectionRequest>,
    ) -> Result<Response<pb::GetSsoConnectionResponse>, Status> {
        let name = &request.get_ref().name;
        let parts: Vec<&str> = name.split('/').collect();
        let ["workspaces", workspace, "ssoConnections", id] = parts.as_slice() else {
            return Err(ServiceError::invalid_argument(vec![(
                "name".into(),
                "must look like `workspaces/{workspace}/ssoConnections/{sso_connection}`".into(),
            )])
            .into());
        };
        let connection = self
            .store
            .sso_connection(workspace, id)
            .await?
            .ok_or_else(|| ServiceError::not_found(name))?;
        Ok(Response::new(pb::GetSsoConnectionResponse {
            sso_connection: Some(sso_connection_to_proto(&connection)),
        }))
    }

    async fn start_sso_login(
        &self,
        request: Request<pb::StartSsoLoginRequest>,
    ) -> Result<Response<pb::StartSsoLoginResponse>, Status> {
        let request = request.into_inner();
        if !self
            .settings
            .sso_redirect_uris
            .contains(&request.redirect_uri)
        {
            return Err(ServiceError::new(
                tonic::Code::InvalidArgument,
                "REDIRECT_URI_NOT_ALLOWED",
                "redirect_uri is not a registered first-party callback",
            )
            .into());
        }
        let not_configured = || {
            ServiceError::new(
                tonic::Code::NotFound,
                "SSO_NOT_CONFIGURED",
                "no single sign-on is configured for this",
            )
        };
        let connection = match request.target {
            Some(pb::start_sso_login_request::Target::SsoConnection(name)) => {
                let parts: Vec<&str> = name.split('/').collect();
                match parts.as_slice() {
                    ["workspaces", workspace, "ssoConnections", id] => {
                        self.store.sso_connection(workspace, id).await?
                    }
                    _ => None,
                }
            }
            Some(pb::start_sso_login_request::Target::Email(email)) => {
                let email = normalise_email(&email)
                    .map_err(|why| ServiceError::invalid_argument(vec![("email".into(), why)]))?;
                let domain = email
                    .split_once('@')
                    .map(|(_, d)| d.to_owned())
                    .unwrap_or_default();
                self.store.sso_connection_for_domain(&domain).await?
            }
            None => {
                return Err(ServiceError::invalid_argument(vec![(
                    "target".into(),
                    "name a connection or an email".into(),
                )])
                .into());
            }
        };
        let connection = connection
            .filter(|c| c.disabled == 0)
            .ok_or_else(not_configured)?;
        let discovery = self.oidc.discover(&connection.issuer_uri).await?;
        let (state, nonce, verifier) = (new_token(), new_token(), new_token());
        let now = now_micros();
        let expire_time = now + 10 * 60 * 1_000_000;
        self.store
            .create_sso_login(&crate::store::SsoLoginRecord {
                state_hash: token_hash(&state),
                workspace_id: connection.workspace_id.clone(),
                connection_id: connection.id.clone(),
                nonce: nonce.clone(),
                code_verifier: verifier.clone(),
                redirect_uri: request.redirect_uri.clone(),
                create_time: now,
                expire_time,
                complete_time: None,
            })
            .await?;
        let mut scopes = vec!["openid", "email", "profile"];
        scopes.extend(connection.scopes.split(' ').filter(|s| !s.is_empty()));
        let mut url = url::Url::parse(&discovery.authorization_endpoint).map_err(|_| {
            ServiceError::failed_precondition(
                "IDP_MISCONFIGURED",
                "the provider's authorization endpoint is not a URL",
            )
        })?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &connection.client_id)
            .append_pair("redirect_uri", &request.redirect_uri)
            .append_pair("scope", &scopes.join(" "))
            .append_pair("state", &state)
            .append_pair("nonce", &nonce)
            .append_pair("code_challenge", &pkce_challenge(&verifier))
            .append_pair("code_challenge_method", "S256");
        Ok(Response::new(pb::StartSsoLoginResponse {
            authorization_url: url.to_string(),
            state,
            expire_time: Some(timestamp(expire_time)),
        }))
    }

    async fn complete_sso_login(
        &self,
        request: Request<pb::CompleteSsoLoginRequest>,
    ) -> Result<Response<pb::CompleteSsoLoginResponse>, Status> {
        let address = source_address(&request);
        let request = request.into_inner();
        let state_hash = token_hash(&request.state);
        let invalid_state = || {
            ServiceError::failed_precondition(
                "SSO_STATE_INVALID",
                "unknown, expired or completed login: start again",
            )
        };
        let login = self
            .store
            .pending_sso_login(&state_hash, now_micros())
            .await?
            .ok_or_else(invalid_state)?;
        let connection = self
            .store
            .sso_connection(&login.workspace_id, &login.connection_id)
            .await?
            .filter(|c| c.disabled == 0)
            .ok_or_else(invalid_state)?;
        let discovery = self.oidc.discover(&connection.issuer_uri).await?;
        let claims = self
            .oidc
            .redeem(
                &discovery,
                &connection.client_id,
                &connection.client_secret,
                &request.code,
                &login.redirect_uri,
                &login.code_verifier,
                &login.nonce,
            )
            .await?;
        if !claims.email_verified {
            return Err(ServiceError::failed_precondition(
                "SSO_EMAIL_NOT_VERIFIED",
                "the identity provider did not verify this email",
            )
            .into());
        }
        let email = normalise_email(&claims.email).map_err(|_| {
            ServiceError::failed_precondition(
                "SSO_EMAIL_NOT_VERIFIED",
                "the identity provider sent no usable email",
            )
        })?;
        let domain = email.split_once('@').map(|(_, d)| d).unwrap_or_default();
        if !connection.email_domains.is_empty()
            && !connection.email_domains.split(' ').any(|d| d == domain)
        {
            return Err(ServiceError::permission_denied(
                "SSO_DOMAIN_NOT_ALLOWED",
                "this email's domain is not served by this connection",
            )
            .into());
        }
        if !self
            .store
            .complete_sso_login(&state_hash, now_micros())
            .await?
        {
            return Err(invalid_state().into());
        }
        let now = now_micros();
        let mut user_created = false;
        let user = match self
            .store
            .identity_user(&discovery.issuer, &claims.sub)
            .await?
        {
            Some(id) => self
                .store
                .user(&id)
                .await?
                .ok_or_else(|| ServiceError::internal("a linked user vanished"))?,
            None => {
                let user = match self.store.user_by_email(&email).await? {
                    Some(user) => user,
                    None => {
                        let user = UserRecord {
                            id: new_id(),
                            email: email.clone(),
                            display_name: claims.name.chars().take(200).collect(),
                            time_zone: String::new(),
                            password_hash: String::new(),
                            create_time: now,
                            update_time: now,
                            last_login_time: Some(now),
                            version: 1,
                        };
                        self.store.create_user(&user).await?;
                        user_created = true;
                        user
                    }
                };
                self.store
                    .link_identity(&discovery.issuer, &claims.sub, &user.id, now)
                    .await?;
                let actor = format!("users/{}", user.id);
                self.audit(
                    &connection.workspace_id,
                    pb::AuditEventType::SsoIdentityLinked,
                    pb::AuditOutcome::Success,
                    &actor,
                    &actor,
                    &address,
                    serde_json::json!({"issuer": discovery.issuer}),
                )
                .await;
                user
            }
        };
        let member = if connection.jit_provisioning != 0
            && self
                .store
                .add_member(
                    &connection.workspace_id,
                    &user.id,
                    &connection.default_role,
                    now,
                )
                .await?
        {
            self.forget_role(&connection.workspace_id, &user.id).await;
            let actor = format!("users/{}", user.id);
            self.audit(
                &connection.workspace_id,
                pb::AuditEventType::MemberAdded,
                pb::AuditOutcome::Success,
                &actor,
                &actor,
                &address,
                serde_json::json!({"via": "sso", "role": connection.default_role}),
            )
            .await;
            self.store
                .member(&connection.workspace_id, &user.id)
                .await?
                .as_ref()
                .map(member_to_proto)
        } else {
            None
        };
        self.store.record_login(&user.id, now).await?;
        self.audit_user_event(
            &user.id,
            pb::AuditEventType::LoginSucceeded,
            pb::AuditOutcome::Success,
            &address,
        )
        .await;
        Ok(Response::new(pb::CompleteSsoLoginResponse {
            tokens: Some(self.start_session(&user.id, None).await?.1),
            user: Some(user_to_proto(&user)),
            member,
            user_created,
        }))
    }

    async fn check_permission(
        &self,
        request: Request<pb::CheckPermissionRequest>,
    ) -> Result<Response<pb::CheckPermissionResponse>, Status> {
        let (me, bearer) = Principal::of(&request)
            .map(|principal| (principal.subject.clone(), principal.bearer.clone()))
            .ok_or_else(|| {
                ServiceError::unauthenticated("TOKEN_MISSING", "this call needs credentials")
            })?;
        let request = request.into_inner();
        let mut violations = Violations::default();
        violations.check(
            (1..=100).contains(&request.permissions.len()),
            "permissions",
            || "must list 1 to 100 permissions".into(),
        );
        let mut unknown = false;
        for (i, permission) in request.permissions.iter().enumerate() {
            let known = TABLE
                .methods()
                .any(|(_, rule)| rule.permission.as_deref() == Some(permission.as_str()));
            unknown |= !known;
            violations.check(known, &format!("permissions[{i}]"), || {
                format!("`{permission}` is not a permission of the table")
            });
        }
        let workspace = request
            .resource
            .strip_prefix("workspaces/")
            .and_then(|rest| rest.split('/').next())
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        violations.check(workspace.is_some(), "resource", || {
            "must name a resource inside a workspace".into()
        });
        let other = !request.principal.is_empty() && request.principal != me;
        if other {
            let parts: Vec<&str> = request.principal.split('/').collect();
            let well_formed = matches!(
                parts.as_slice(),
                ["users", id] | ["workspaces", _, "serviceAccounts", id] if !id.is_empty()
            );
            violations.check(well_formed, "principal", || {
                "must be `users/{user}` or `workspaces/{workspace}/serviceAccounts/{account}`"
                    .into()
            });
        }
        violations.into_result().map_err(|error| match unknown {
            true => error.with_reason("UNKNOWN_PERMISSION"),
            false => error,
        })?;
        let workspace = workspace.unwrap_or_default();
        let my_role = self.role_in(&me, &workspace).await?;
        let role = if other {
            // Internal services may check anyone; admins anyone of their own workspace.
            let internal = self
                .verifier
                .verify(&bearer)
                .await
                .is_ok_and(|claims| claims.has_scope(INTERNAL_SCOPE));
            if !internal {
                match my_role {
                    None => return Err(ServiceError::not_found(&request.resource).into()),
                    Some(role) if role < Role::Admin => {
                        return Err(ServiceError::permission_denied(
                            "PERMISSION_DENIED",
                            "checking another principal needs auth.permissions.checkOthers",
                        )
                        .into());
                    }
                    Some(_) => {}
                }
            }
            self.role_in(&request.principal, &workspace).await?
        } else {
            Some(my_role.ok_or_else(|| ServiceError::not_found(&request.resource))?)
        };
        let decisions = request
            .permissions
            .iter()
            .map(|permission| {
                let allowed = role.is_some_and(|role| TABLE.allows(role, permission));
                pb::PermissionDecision {
                    permission: permission.clone(),
                    result: if allowed {
                        Decision::Allowed
                    } else {
                        Decision::Denied
                    } as i32,
                    reason: match (allowed, role) {
                        (true, _) => String::new(),
                        (false, None) => "NOT_A_MEMBER".into(),
                        (false, Some(_)) => "ROLE_INSUFFICIENT".into(),
                    },
                    condition: String::new(),
                }
            })
            .collect();
        Ok(Response::new(pb::CheckPermissionResponse {
            decisions,
            role: role_to_proto(role.map_or("", |role| role.as_str())) as i32,
        }))
    }

    async fn update_user(
        &self,
        request: Request<pb::UpdateUserRequest>,
    ) -> Result<Response<pb::UpdateUserResponse>, Status> {
        let me = caller(&request)?;
        let request = request.into_inner();
        let changes = request.user.unwrap_or_default();
        if changes.name != "users/me" && changes.name != format!("users/{me}") {
            return Err(ServiceError::not_found(&changes.name).into());
        }
        let paths = mask_paths(request.update_mask.as_ref(), &["display_name", "time_zone"])?;
        let current = self
            .store
            .user(&me)
            .await?
            .ok_or_else(|| ServiceError::not_found(&changes.name))?;
        check_etag(&changes.etag, current.version, &changes.name)?;
        let mut violations = Violations::default();
        let mut next = current.clone();
        for path in &paths {
            match path.as_str() {
                "display_name" => {
                    next.display_name = display_name(
                        &mut violations,
                        "user.display_name",
                        &changes.display_name,
                        false,
                    )
                }
                _ => {
                    violations.check(changes.time_zone.len() <= 64, "user.time_zone", || {
                        "must be an IANA time zone".into()
                    });
                    next.time_zone = changes.time_zone.clone();
                }
            }
        }
        violations.into_result()?;
        next.update_time = now_micros();
        next.version += 1;
        self.store.update_user(&next, current.version).await?;
        Ok(Response::new(pb::UpdateUserResponse {
            user: Some(user_to_proto(&next)),
        }))
    }

    async fn change_password(
        &self,
        request: Request<pb::ChangePasswordRequest>,
    ) -> Result<Response<pb::ChangePasswordResponse>, Status> {
        let me = caller(&request)?;
        let address = source_address(&request);
        // The caller's own session survives; every other one ends.
        let bearer = Principal::of(&request)
            .map(|p| p.bearer.clone())
            .unwrap_or_default();
        let own_session = match self.verifier.verify(&bearer).await {
            Ok(claims) if claims.client_id.is_none() => claims.sid,
            _ => {
                return Err(ServiceError::permission_denied(
                    "FIRST_PARTY_TOKEN_REQUIRED",
                    "only the user's own sign-in may change the password",
                )
                .into());
            }
        };
        let request = request.into_inner();
        if request.name != "users/me" && request.name != format!("users/{me}") {
            return Err(ServiceError::permission_denied(
                "NOT_THE_CALLER",
                "a password can only be changed by its own user",
            )
            .into());
        }
        let current = self
            .store
            .user(&me)
            .await?
            .ok_or_else(|| ServiceError::not_found(&request.name))?;
        if current.password_hash.is_empty() {
            return Err(ServiceError::failed_precondition(
                "PASSWORD_NOT_SET",
                "this account signs in through SSO and has no password",
            )
            .into());
        }
        self.check_login_budget(&current.email, &address).await?;
        if !verify_password(request.current_password, current.password_hash.clone()).await? {
            self.count_failure(&current.email, &address).await;
            return Err(ServiceError::invalid_argument(vec![(
                "current_password".into(),
                "is wrong".into(),
            )])
            .with_reason("INVALID_CREDENTIALS")
            .into());
        }
        check_password(&request.new_password, &current.email).map_err(|why| {
            ServiceError::invalid_argument(vec![("new_password".into(), why)])
                .with_reason("PASSWORD_TOO_WEAK")
        })?;
        let now = now_micros();
        let next = UserRecord {
            password_hash: hash_password(request.new_password).await?,
            update_time: now,
            version: current.version + 1,
            ..current.clone()
        };
        self.store.update_user(&next, current.version).await?;
        let others: Vec<String> = self
            .store
            .live_families(&me, now)
            .await?
            .into_iter()
            .filter(|family| Some(family) != own_session.as_ref())
            .collect();
        for family in &others {
            self.revoke_family(family).await?;
        }
        self.audit_user_event(
            &me,
            pb::AuditEventType::PasswordChanged,
            pb::AuditOutcome::Success,
            &address,
        )
        .await;
        Ok(Response::new(pb::ChangePasswordResponse {
            user: Some(user_to_proto(&next)),
            revoked_session_count: others.len() as i32,
        }))
    }

    async fn update_workspace(
        &self,
        request: Request<pb::UpdateWorkspaceRequest>,
    ) -> Result<Response<pb::UpdateWorkspaceResponse>, Status> {
        let me = caller(&request)?;
        let request = request.into_inner();
        let changes = request.workspace.unwrap_or_default();
        let id = workspace_id("workspace.name", &changes.name)?;
        mask_paths(request.update_mask.as_ref(), &["display_name"])?;
        let current = self
            .store
            .workspace(&id, &me)
            .await?
            .ok_or_else(|| ServiceError::not_found(&changes.name))?;
        check_etag(&changes.etag, current.version, &changes.name)?;
        let mut violations = Violations::default();
        let name = display_name(
            &mut violations,
            "workspace.display_name",
            &changes.display_name,
            true,
        );
        violations.into_result()?;
        let next = WorkspaceRecord {
            display_name: name,
            update_time: now_micros(),
            version: current.version + 1,
            ..current.clone()
        };
        self.store.update_workspace(&next, current.version).await?;
        Ok(Response::new(pb::UpdateWorkspaceResponse {
            workspace: Some(workspace_to_proto(&next)),
        }))
    }

    async fn delete_workspace(
        &self,
        request: Request<pb::DeleteWorkspaceRequest>,
    ) -> Result<Response<pb::DeleteWorkspaceResponse>, Status> {
        let workspace = self
            .set_workspace_deleted(
                &request,
                &request.get_ref().name,
                &request.get_ref().etag,
                true,
            )
            .await?;
        Ok(Response::new(pb::DeleteWorkspaceResponse {
            workspace: Some(workspace),
        }))
    }

    async fn undelete_workspace(
        &self,
        request: Request<pb::UndeleteWorkspaceRequest>,
    ) -> Result<Response<pb::UndeleteWorkspaceResponse>, Status> {
        let workspace = self
            .set_workspace_deleted(
                &request,
                &request.get_ref().name,
                &request.get_ref().etag,
                false,
            )
            .await?;
        Ok(Response::new(pb::UndeleteWorkspaceResponse {
            workspace: Some(workspace),
        }))
    }

    async fn get_invitation(
        &self,
        request: Request<pb::GetInvitationRequest>,
    ) -> Result<Response<pb::GetInvitationResponse>, Status> {
        let name = &request.get_ref().name;
        let (workspace, id) = child_name("name", name, "invitations")?;
        let invitation = self
            .store
            .invitation(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(name))?;
        Ok(Response::new(pb::GetInvitationResponse {
            invitation: Some(invitation_to_proto(&invitation)),
        }))
    }

    async fn list_invitations(
        &self,
        request: Request<pb::ListInvitationsRequest>,
    ) -> Result<Response<pb::ListInvitationsResponse>, Status> {
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        // "newest": tokens from before the order became newest-first are refused, not misread.
        let fingerprint = format!(
            "ListInvitations|newest|{}|{}",
            request.parent, request.state
        );
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        if pb::InvitationState::try_from(request.state).is_err() {
            return Err(ServiceError::invalid_argument(vec![(
                "state".into(),
                "is not an invitation state".into(),
            )])
            .into());
        }
        let rows = self
            .store
            .invitations(
                &workspace,
                request.state,
                now_micros(),
                &after,
                limit as i64 + 1,
            )
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |i| i.id.clone());
        Ok(Response::new(pb::ListInvitationsResponse {
            invitations: rows.iter().map(invitation_to_proto).collect(),
            next_page_token,
        }))
    }

    async fn revoke_invitation(
        &self,
        request: Request<pb::RevokeInvitationRequest>,
    ) -> Result<Response<pb::RevokeInvitationResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let name = request.into_inner().name;
        let (workspace, id) = child_name("name", &name, "invitations")?;
        let found = self
            .store
            .invitation(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(&name))?;
        if !self
            .store
            .revoke_invitation(&workspace, &id, now_micros())
            .await?
        {
            return Err(ServiceError::failed_precondition(
                "INVITATION_NOT_PENDING",
                "only a pending invitation can be revoked",
            )
            .into());
        }
        self.audit(
            &workspace,
            pb::AuditEventType::InvitationRevoked,
            pb::AuditOutcome::Success,
            &actor,
            &name,
            &address,
            serde_json::json!({}),
        )
        .await;
        let revoked = InvitationRecord {
            revoke_time: Some(now_micros()),
            ..found
        };
        Ok(Response::new(pb::RevokeInvitationResponse {
            invitation: Some(invitation_to_proto(&revoked)),
        }))
    }

    async fn update_service_account(
        &self,
        request: Request<pb::UpdateServiceAccountRequest>,
    ) -> Result<Response<pb::UpdateServiceAccountResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let changes = request.service_account.unwrap_or_default();
        let (workspace, id) = account_name("service_account.name", &changes.name)?;
        let paths = mask_paths(
            request.update_mask.as_ref(),
            &["display_name", "description", "role", "scopes", "disabled"],
        )?;
        let current = self
            .store
            .service_account(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(&changes.name))?;
        check_etag(&changes.etag, current.version, &changes.name)?;
        let mut violations = Violations::default();
        let mut next = current.clone();
        for path in &paths {
            match path.as_str() {
                "display_name" => {
                    next.display_name = display_name(
                        &mut violations,
                        "service_account.display_name",
                        &changes.display_name,
                        true,
                    )
                }
                "description" => {
                    next.description = changes.description.chars().take(1000).collect()
                }
                "role" => match role_from_proto(changes.role) {
                    Some(Role::Owner) | None => {
                        violations.add("service_account.role", "must be admin, member or viewer")
                    }
                    Some(role) if Some(role) > self.role_in(&actor, &workspace).await? => {
                        violations.add("service_account.role", "cannot be above yours")
                    }
                    Some(role) => next.role = role.as_str().into(),
                },
                "scopes" => next.scopes = changes.scopes.join(" "),
                _ => next.disabled = i64::from(changes.disabled),
            }
        }
        violations.into_result()?;
        next.update_time = now_micros();
        next.version += 1;
        self.store
            .update_service_account(&next, current.version)
            .await?;
        if let Err(error) = self
            .cache
            .delete(&role_cache_key(&workspace, &changes.name))
            .await
        {
            tracing::warn!(%error, "could not invalidate a cached role: it expires on its own");
        }
        self.audit(
            &workspace,
            pb::AuditEventType::ServiceAccountChanged,
            pb::AuditOutcome::Success,
            &actor,
            &changes.name,
            &address,
            serde_json::json!({"change": "updated"}),
        )
        .await;
        Ok(Response::new(pb::UpdateServiceAccountResponse {
            service_account: Some(service_account_to_proto(&next)),
        }))
    }

    async fn get_service_account_key(
        &self,
        request: Request<pb::GetServiceAccountKeyRequest>,
    ) -> Result<Response<pb::GetServiceAccountKeyResponse>, Status> {
        let name = &request.get_ref().name;
        let (account_name_part, key_id) = name.rsplit_once("/keys/").ok_or_else(|| {
            ServiceError::invalid_argument(vec![(
                "name".into(),
                "must end in `/keys/{key}`".into(),
            )])
        })?;
        let (workspace, account) = account_name("name", account_name_part)?;
        let key = self
            .store
            .account_keys(&workspace, &account)
            .await?
            .into_iter()
            .find(|k| k.id == key_id)
            .ok_or_else(|| ServiceError::not_found(name))?;
        Ok(Response::new(pb::GetServiceAccountKeyResponse {
            key: Some(account_key_to_proto(&key)),
        }))
    }

    async fn list_o_auth_clients(
        &self,
        request: Request<pb::ListOAuthClientsRequest>,
    ) -> Result<Response<pb::ListOAuthClientsResponse>, Status> {
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        let fingerprint = format!("ListOAuthClients|{}", request.parent);
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        let rows: Vec<OAuthClientRecord> = self
            .store
            .oauth_clients(&workspace)
            .await?
            .into_iter()
            .filter(|c| c.id > after)
            .take(limit + 1)
            .collect();
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |c| c.id.clone());
        Ok(Response::new(pb::ListOAuthClientsResponse {
            oauth_clients: rows.iter().map(oauth_client_to_proto).collect(),
            next_page_token,
        }))
    }

    async fn update_o_auth_client(
        &self,
        request: Request<pb::UpdateOAuthClientRequest>,
    ) -> Result<Response<pb::UpdateOAuthClientResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let changes = request.oauth_client.unwrap_or_default();
        let (workspace, id) = child_name("oauth_client.name", &changes.name, "oauthClients")?;
        let paths = mask_paths(
            request.update_mask.as_ref(),
            &[
                "display_name",
                "description",
                "homepage_uri",
                "redirect_uris",
                "allowed_scopes",
                "allow_other_workspaces",
                "disabled",
            ],
        )?;
        let current = self
            .store
            .oauth_client(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(&changes.name))?;
        check_etag(&changes.etag, current.version, &changes.name)?;
        let mut violations = Violations::default();
        let mut next = current.clone();
        for path in &paths {
            match path.as_str() {
                "display_name" => {
                    next.display_name = display_name(
                        &mut violations,
                        "oauth_client.display_name",
                        &changes.display_name,
                        true,
                    )
                }
                "description" => {
                    next.description = changes.description.chars().take(1000).collect()
                }
                "homepage_uri" => {
                    next.homepage_uri = changes.homepage_uri.chars().take(2000).collect()
                }
                "redirect_uris" => {
                    violations.check(
                        !changes.redirect_uris.is_empty() && changes.redirect_uris.len() <= 10,
                        "oauth_client.redirect_uris",
                        || "must list 1 to 10 URIs".into(),
                    );
                    for (i, uri) in changes.redirect_uris.iter().enumerate() {
                        let valid = (uri.starts_with("https://")
                            || uri.starts_with("http://127.0.0.1")
                            || uri.starts_with("http://localhost"))
                            && !uri.contains('#')
                            && !uri.contains('*');
                        violations.check(valid, &format!("oauth_client.redirect_uris[{i}]"), || "must be an https URI (or loopback http) without fragment or wildcard".into());
                    }
                    next.redirect_uris = changes.redirect_uris.join("\n");
                }
                "allowed_scopes" => next.allowed_scopes = changes.allowed_scopes.join(" "),
                "allow_other_workspaces" => {
                    next.allow_other_workspaces = i64::from(changes.allow_other_workspaces)
                }
                _ => next.disabled = i64::from(changes.disabled),
            }
        }
        violations.into_result()?;
        next.update_time = now_micros();
        next.version += 1;
        self.store
            .update_oauth_client(&next, current.version)
            .await?;
        self.audit(
            &workspace,
            pb::AuditEventType::OauthClientChanged,
            pb::AuditOutcome::Success,
            &actor,
            &changes.name,
            &address,
            serde_json::json!({"change": "updated"}),
        )
        .await;
        Ok(Response::new(pb::UpdateOAuthClientResponse {
            oauth_client: Some(oauth_client_to_proto(&next)),
        }))
    }

    async fn delete_o_auth_client(
        &self,
        request: Request<pb::DeleteOAuthClientRequest>,
    ) -> Result<Response<pb::DeleteOAuthClientResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let (workspace, id) = child_name("name", &request.name, "oauthClients")?;
        let current = self
            .store
            .oauth_client(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(&request.name))?;
        check_etag(&request.etag, current.version, &request.name)?;
        self.store.delete_oauth_client(&workspace, &id).await?;
        self.audit(
            &workspace,
            pb::AuditEventType::OauthClientChanged,
            pb::AuditOutcome::Success,
            &actor,
            &request.name,
            &address,
            serde_json::json!({"change": "deleted"}),
        )
        .await;
        Ok(Response::new(pb::DeleteOAuthClientResponse {}))
    }

    async fn rotate_o_auth_client_secret(
        &self,
        request: Request<pb::RotateOAuthClientSecretRequest>,
    ) -> Result<Response<pb::RotateOAuthClientSecretResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let (workspace, id) = child_name("name", &request.name, "oauthClients")?;
        let current = self
            .store
            .oauth_client(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(&request.name))?;
        check_etag(&request.etag, current.version, &request.name)?;
        if current.client_type == "public" {
            return Err(ServiceError::failed_precondition(
                "PUBLIC_CLIENT",
                "public clients have no secret",
            )
            .into());
        }
        // The old secret stops working at once: a grace period is not offered yet.
        let secret = new_token();
        let next = OAuthClientRecord {
            secret_hash: token_hash(&secret),
            secret_hint: secret[secret.len() - 4..].to_owned(),
            update_time: now_micros(),
            version: current.version + 1,
            ..current.clone()
        };
        self.store
            .update_oauth_client(&next, current.version)
            .await?;
        self.audit(
            &workspace,
            pb::AuditEventType::OauthClientSecretRotated,
            pb::AuditOutcome::Success,
            &actor,
            &request.name,
            &address,
            serde_json::json!({}),
        )
        .await;
        Ok(Response::new(pb::RotateOAuthClientSecretResponse {
            oauth_client: Some(oauth_client_to_proto(&next)),
            client_secret: secret,
        }))
    }

    async fn list_sso_connections(
        &self,
        request: Request<pb::ListSsoConnectionsRequest>,
    ) -> Result<Response<pb::ListSsoConnectionsResponse>, Status> {
        let request = request.into_inner();
        let workspace = workspace_id("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        let fingerprint = format!("ListSsoConnections|{}", request.parent);
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        let rows: Vec<crate::store::SsoConnectionRecord> = self
            .store
            .sso_connections(&workspace)
            .await?
            .into_iter()
            .filter(|c| c.id > after)
            .take(limit + 1)
            .collect();
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |c| c.id.clone());
        Ok(Response::new(pb::ListSsoConnectionsResponse {
            sso_connections: rows.iter().map(sso_connection_to_proto).collect(),
            next_page_token,
        }))
    }

    async fn update_sso_connection(
        &self,
        request: Request<pb::UpdateSsoConnectionRequest>,
    ) -> Result<Response<pb::UpdateSsoConnectionResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let changes = request.sso_connection.unwrap_or_default();
        let (workspace, id) = child_name("sso_connection.name", &changes.name, "ssoConnections")?;
        let paths = mask_paths(
            request.update_mask.as_ref(),
            &[
                "display_name",
                "client_secret",
                "scopes",
                "email_domains",
                "enforced",
                "jit_provisioning",
                "default_role",
                "disabled",
            ],
        )?;
        let current = self
            .store
            .sso_connection(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(&changes.name))?;
        check_etag(&changes.etag, current.version, &changes.name)?;
        let mut violations = Violations::default();
        let mut next = current.clone();
        for path in &paths {
            match path.as_str() {
                "display_name" => {
                    next.display_name = display_name(
                        &mut violations,
                        "sso_connection.display_name",
                        &changes.display_name,
                        true,
                    )
                }
                "client_secret" => next.client_secret = changes.client_secret.clone(),
                "scopes" => next.scopes = changes.scopes.join(" "),
                "email_domains" => {
                    let domains: Vec<String> = changes
                        .email_domains
                        .iter()
                        .map(|d| d.trim().to_lowercase())
                        .collect();
                    for (i, domain) in domains.iter().enumerate() {
                        let valid = domain.contains('.')
                            && domain
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
                        violations.check(
                            valid,
                            &format!("sso_connection.email_domains[{i}]"),
                            || "must be a domain name".into(),
                        );
                    }
                    next.email_domains = domains.join(" ");
                }
                "enforced" => next.enforced = i64::from(changes.enforced),
                "jit_provisioning" => next.jit_provisioning = i64::from(changes.jit_provisioning),
                "default_role" => match role_from_proto(changes.default_role) {
                    Some(Role::Owner) | None => violations.add(
                        "sso_connection.default_role",
                        "must be admin, member or viewer",
                    ),
                    Some(role) => next.default_role = role.as_str().into(),
                },
                _ => next.disabled = i64::from(changes.disabled),
            }
        }
        violations.into_result()?;
        next.update_time = now_micros();
        next.version += 1;
        self.store
            .update_sso_connection(&next, current.version)
            .await?;
        self.audit(
            &workspace,
            pb::AuditEventType::SsoConnectionChanged,
            pb::AuditOutcome::Success,
            &actor,
            &changes.name,
            &address,
            serde_json::json!({"change": "updated"}),
        )
        .await;
        Ok(Response::new(pb::UpdateSsoConnectionResponse {
            sso_connection: Some(sso_connection_to_proto(&next)),
        }))
    }

    async fn delete_sso_connection(
        &self,
        request: Request<pb::DeleteSsoConnectionRequest>,
    ) -> Result<Response<pb::DeleteSsoConnectionResponse>, Status> {
        let actor = actor_of(&request);
        let address = source_address(&request);
        let request = request.into_inner();
        let (workspace, id) = child_name("name", &request.name, "ssoConnections")?;
        let current = self
            .store
            .sso_connection(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(&request.name))?;
        check_etag(&request.etag, current.version, &request.name)?;
        self.store.delete_sso_connection(&workspace, &id).await?;
        self.audit(
            &workspace,
            pb::AuditEventType::SsoConnectionChanged,
            pb::AuditOutcome::Success,
            &actor,
            &request.name,
            &address,
            serde_json::json!({"change": "deleted"}),
        )
        .await;
        Ok(Response::new(pb::DeleteSsoConnectionResponse {}))
    }

    async fn get_audit_event(
        &self,
        request: Request<pb::GetAuditEventRequest>,
    ) -> Result<Response<pb::GetAuditEventResponse>, Status> {
        let name = &request.get_ref().name;
        let (workspace, id) = child_name("name", name, "auditEvents")?;
        let event = self
            .store
            .audit_event(&workspace, &id)
            .await?
            .ok_or_else(|| ServiceError::not_found(name))?;
        Ok(Response::new(pb::GetAuditEventResponse {
            audit_event: Some(audit_to_proto(&event)),
        }))
    }
}

/// `workspaces/{workspace}/{collection}/{id}` → (workspace id, id).
fn child_name(field: &str, name: &str, collection: &str) -> ServiceResult<(String, String)> {
    let parts: Vec<&str> = name.split('/').collect();
    match parts.as_slice() {
        ["workspaces", workspace, c, id]
            if *c == collection && !workspace.is_empty() && !id.is_empty() =>
        {
            Ok(((*workspace).to_owned(), (*id).to_owned()))
        }
        _ => Err(ServiceError::invalid_argument(vec![(
            field.into(),
            format!("must look like `workspaces/{{workspace}}/{collection}/{{id}}`"),
        )])),
    }
}

/// The paths of an update: the mask's, or every one of `all` for `*`; unknown ones refused.
fn mask_paths(mask: Option<&FieldMask>, all: &[&str]) -> ServiceResult<Vec<String>> {
    let Some(mask) = mask.filter(|m| !m.paths.is_empty()) else {
        return Err(ServiceError::invalid_argument(vec![(
            "update_mask".into(),
            "is required: name the fields to change, or `*`".into(),
        )]));
    };
    if mask.paths.iter().any(|p| p == "*") {
        return Ok(all.iter().map(|p| p.to_string()).collect());
    }
    match mask.paths.iter().find(|p| !all.contains(&p.as_str())) {
        Some(unknown) => Err(ServiceError::invalid_argument(vec![(
            "update_mask".into(),
            format!("`{unknown}` cannot be updated"),
        )])),
        None => Ok(mask.paths.clone()),
    }
}

/// Fails with `ABORTED` when a non-empty etag is not the current version's.
fn check_etag(etag: &str, version: i64, name: &str) -> ServiceResult<()> {
    match parse_etag(etag) {
        Some(given) if given != version => Err(ServiceError::etag_mismatch(name)),
        _ => Ok(()),
    }
}

/// `workspaces/{workspace}/serviceAccounts/{account}` → (workspace id, account id).
fn account_name(field: &str, name: &str) -> ServiceResult<(String, String)> {
    let parts: Vec<&str> = name.split('/').collect();
    match parts.as_slice() {
        ["workspaces", workspace, "serviceAccounts", id]
            if !workspace.is_empty() && !id.is_empty() =>
        {
            Ok(((*workspace).to_owned(), (*id).to_owned()))
        }
        _ => Err(ServiceError::invalid_argument(vec![(
            field.into(),
            "must look like `workspaces/{workspace}/serviceAccounts/{service_account}`".into(),
        )])),
    }
}

fn service_account_to_proto(account: &crate::store::ServiceAccountRecord) -> pb::ServiceAccount {
    pb::ServiceAccount {
        name: format!(
            "workspaces/{}/serviceAccounts/{}",
            account.workspace_id, account.id
        ),
        display_name: account.display_name.clone(),
        description: account.description.clone(),
        role: role_to_proto(&account.role) as i32,
        scopes: account
            .scopes
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        disabled: account.disabled != 0,
        creator: account.creator.clone(),
        create_time: Some(timestamp(account.create_time)),
        update_time: Some(timestamp(account.update_time)),
        etag: format_etag(account.version),
    }
}

fn account_key_to_proto(key: &crate::store::AccountKeyRecord) -> pb::ServiceAccountKey {
    pb::ServiceAccountKey {
        name: format!(
            "workspaces/{}/serviceAccounts/{}/keys/{}",
            key.workspace_id, key.account_id, key.id
        ),
        display_name: key.display_name.clone(),
        client_id: key.client_id.clone(),
        secret_hint: key.secret_hint.clone(),
        expire_time: key.expire_time.map(timestamp),
        last_use_time: key.last_use_time.map(timestamp),
        create_time: Some(timestamp(key.create_time)),
    }
}

/// BASE64URL(SHA-256(verifier)): the PKCE S256 transform.
fn pkce_challenge(verifier: &str) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use sha2::{Digest, Sha256};
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass).
fn url_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn oauth_client_to_proto(client: &OAuthClientRecord) -> pb::OAuthClient {
    pb::OAuthClient {
        name: format!(
            "workspaces/{}/oauthClients/{}",
            client.workspace_id, client.id
        ),
        client_id: client.client_id.clone(),
        display_name: client.display_name.clone(),
        description: client.description.clone(),
        homepage_uri: client.homepage_uri.clone(),
        logo_uri: String::new(),
        client_type: if client.client_type == "public" {
            pb::o_auth_client::ClientType::Public
        } else {
            pb::o_auth_client::ClientType::Confidential
        } as i32,
        redirect_uris: client
            .redirect_uris
            .split('\n')
            .map(str::to_owned)
            .collect(),
        allowed_scopes: client
            .allowed_scopes
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        allow_other_workspaces: client.allow_other_workspaces != 0,
        disabled: client.disabled != 0,
        secret_hint: client.secret_hint.clone(),
        creator: client.creator.clone(),
        create_time: Some(timestamp(client.create_time)),
        update_time: Some(timestamp(client.update_time)),
        etag: format_etag(client.version),
    }
}

fn sso_connection_to_proto(connection: &crate::store::SsoConnectionRecord) -> pb::SsoConnection {
    pb::SsoConnection {
        name: format!(
            "workspaces/{}/ssoConnections/{}",
            connection.workspace_id, connection.id
        ),
        display_name: connection.display_name.clone(),
        issuer_uri: connection.issuer_uri.clone(),
        client_id: connection.client_id.clone(),
        client_secret: String::new(),
        client_secret_set: !connection.client_secret.is_empty(),
        scopes: connection
            .scopes
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        email_domains: connection
            .email_domains
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        enforced: connection.enforced != 0,
        jit_provisioning: connection.jit_provisioning != 0,
        default_role: role_to_proto(&connection.default_role) as i32,
        disabled: connection.disabled != 0,
        create_time: Some(timestamp(connection.create_time)),
        update_time: Some(timestamp(connection.update_time)),
        etag: format_etag(connection.version),
    }
}

fn signing_key_to_proto(record: &KeyRecord, public: Option<PublicJwk>) -> pb::SigningKey {
    let state = match record.state.as_str() {
        "active" => pb::SigningKeyState::Active,
        "verify_only" => pb::SigningKeyState::VerifyOnly,
        _ => pb::SigningKeyState::Retired,
    };
    pb::SigningKey {
        name: format!("signingKeys/{}", record.kid),
        algorithm: pb::SigningAlgorithm::Eddsa as i32,
        state: state as i32,
        public_key: public.map(jwk_to_proto),
        create_time: Some(timestamp(record.create_time)),
        activate_time: Some(timestamp(record.create_time)),
        deactivate_time: record.deactivate_time.map(timestamp),
        retire_time: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_strictly() {
        assert_eq!(
            member_name("n", "workspaces/w/members/u").unwrap(),
            ("w".into(), "u".into())
        );
        assert!(member_name("n", "workspaces/w/members/").is_err());
        assert!(member_name("n", "workspaces/w/members/u/x").is_err());
        assert_eq!(workspace_id("p", "workspaces/w").unwrap(), "w");
        assert!(workspace_id("p", "workspaces/w/x").is_err());
    }
}
