//! The auth store port and its SQLite and PostgreSQL adapters, which share their portable SQL
//! through one macro body (as the task service's stores do).

use async_trait::async_trait;
use taskstream_relational::{Bind, Binds, PgPool, SqlitePool, is_unique_violation, service_error};
use taskstream_runtime::{ServiceError, ServiceResult};

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRecord {
    /// Id (UUIDv7).
    pub id: String,
    /// Lower-cased email.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// IANA time zone, or empty.
    pub time_zone: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub update_time: i64,
    /// µs since the epoch.
    pub last_login_time: Option<i64>,
    /// Write counter.
    pub version: i64,
}

/// A stored workspace, with the role of the user it was read for (when read for one).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkspaceRecord {
    /// Id (UUIDv7).
    pub id: String,
    /// Name shown to people.
    pub display_name: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub update_time: i64,
    /// µs since the epoch.
    pub delete_time: Option<i64>,
    /// Write counter.
    pub version: i64,
    /// The reader's role, or empty.
    pub role: String,
}

/// A membership, with the member's public user fields.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// User id.
    pub user_id: String,
    /// `owner`, `admin`, `member` or `viewer`.
    pub role: String,
    /// The user's email.
    pub email: String,
    /// The user's display name.
    pub display_name: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub update_time: i64,
    /// Write counter.
    pub version: i64,
}

/// A stored invitation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// Id (UUIDv7).
    pub id: String,
    /// Invited email, lower-cased.
    pub email: String,
    /// Role granted on acceptance.
    pub role: String,
    /// Note from the inviter.
    pub message: String,
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// Who invited, `users/{user}`.
    pub inviter: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub expire_time: i64,
    /// µs since the epoch.
    pub accept_time: Option<i64>,
    /// User id of the acceptor.
    pub accepted_by: Option<String>,
    /// µs since the epoch.
    pub revoke_time: Option<i64>,
}

/// A stored signing key.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KeyRecord {
    /// Key id.
    pub kid: String,
    /// Private seed, hex.
    pub seed_hex: String,
    /// `active`, `verify_only` or `retired`.
    pub state: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub deactivate_time: Option<i64>,
}

/// A refresh-token family.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FamilyRecord {
    /// Family id (the `sid` claim).
    pub id: String,
    /// The user signed in.
    pub user_id: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub expire_time: i64,
    /// µs since the epoch.
    pub revoke_time: Option<i64>,
    /// The OAuth client the family was authorized for; empty for first-party sessions.
    pub client_id: String,
    /// The workspace its tokens are bound to; empty for first-party sessions.
    pub workspace_id: String,
    /// The scopes its tokens carry; empty for first-party sessions.
    pub scope: String,
}

/// A registered OAuth client.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OAuthClientRecord {
    /// Workspace that registered it.
    pub workspace_id: String,
    /// Id (UUIDv7).
    pub id: String,
    /// The public client id.
    pub client_id: String,
    /// Name shown on the consent screen.
    pub display_name: String,
    /// What it does.
    pub description: String,
    /// Its home page.
    pub homepage_uri: String,
    /// `confidential` or `public`.
    pub client_type: String,
    /// Registered redirect URIs, newline-separated.
    pub redirect_uris: String,
    /// Scopes it may ask for, space-separated; empty for any.
    pub allowed_scopes: String,
    /// 1 when users of other workspaces may authorize it.
    pub allow_other_workspaces: i64,
    /// 1 when disabled.
    pub disabled: i64,
    /// SHA-256 of the secret, hex; empty for public clients.
    pub secret_hash: String,
    /// Last characters of the secret.
    pub secret_hint: String,
    /// Who registered it.
    pub creator: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub update_time: i64,
    /// Write counter.
    pub version: i64,
}

/// An authorization code.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CodeRecord {
    /// SHA-256 of the code.
    pub code_hash: String,
    /// Client it was issued to.
    pub client_id: String,
    /// The user who authorized.
    pub user_id: String,
    /// The workspace authorized.
    pub workspace_id: String,
    /// The redirect URI it must be redeemed with.
    pub redirect_uri: String,
    /// Granted scopes, space-separated.
    pub scope: String,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub expire_time: i64,
    /// µs since the epoch.
    pub used_time: Option<i64>,
    /// The family its redemption started.
    pub family_id: Option<String>,
}

/// What presenting a refresh token found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshUse {
    /// Fresh: now marked used; its family may get a new token.
    Fresh(FamilyRecord),
    /// Already used before: a replay. The family is returned so it can be revoked.
    Replayed(FamilyRecord),
    /// Expired, revoked or never issued.
    Invalid,
}

/// An audit event.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRecord {
    /// Id (UUIDv7: time ordered).
    pub id: String,
    /// Workspace id, or empty for deployment-wide events.
    pub workspace_id: String,
    /// `AuditEventType` number.
    pub event_type: i32,
    /// `AuditOutcome` number.
    pub outcome: i32,
    /// Who acted.
    pub actor: String,
    /// What was acted on.
    pub target: String,
    /// Caller's address.
    pub source_ip: String,
    /// JSON details, never secrets.
    pub details: String,
    /// µs since the epoch.
    pub create_time: i64,
}

/// A stored service account.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ServiceAccountRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// Id (UUIDv7).
    pub id: String,
    /// Name shown to people.
    pub display_name: String,
    /// What it is for.
    pub description: String,
    /// Its role in the workspace.
    pub role: String,
    /// Space-separated permission patterns its tokens are limited to; empty for none.
    pub scopes: String,
    /// 1 when disabled.
    pub disabled: i64,
    /// Who created it.
    pub creator: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub update_time: i64,
    /// Write counter.
    pub version: i64,
}

/// A stored service-account key (its secret only as a hash).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountKeyRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// Service account id.
    pub account_id: String,
    /// Key id.
    pub id: String,
    /// The public client id.
    pub client_id: String,
    /// Name shown to people.
    pub display_name: String,
    /// SHA-256 of the secret, hex.
    pub secret_hash: String,
    /// The secret's last characters, to recognise it.
    pub secret_hint: String,
    /// µs since the epoch.
    pub expire_time: Option<i64>,
    /// µs since the epoch.
    pub last_use_time: Option<i64>,
    /// µs since the epoch.
    pub create_time: i64,
}

/// A configured OIDC connection.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SsoConnectionRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// Id (UUIDv7).
    pub id: String,
    /// Name shown to people.
    pub display_name: String,
    /// The provider's issuer URL (discovery lives under it).
    pub issuer_uri: String,
    /// Our client id at the provider.
    pub client_id: String,
    /// Our client secret at the provider.
    pub client_secret: String,
    /// Extra scopes, space-separated.
    pub scopes: String,
    /// Email domains it serves, space-separated, lower-case.
    pub email_domains: String,
    /// 1 when these domains must sign in through SSO.
    pub enforced: i64,
    /// 1 when unknown users become members on first login.
    pub jit_provisioning: i64,
    /// Role of just-in-time members.
    pub default_role: String,
    /// 1 when disabled.
    pub disabled: i64,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub update_time: i64,
    /// Write counter.
    pub version: i64,
}

/// An SSO login in flight.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SsoLoginRecord {
    /// SHA-256 of the state.
    pub state_hash: String,
    /// The connection's workspace.
    pub workspace_id: String,
    /// The connection.
    pub connection_id: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier for the code exchange.
    pub code_verifier: String,
    /// Where the provider sends the browser back.
    pub redirect_uri: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub expire_time: i64,
    /// µs since the epoch.
    pub complete_time: Option<i64>,
}

/// What the auth logic needs from storage.
#[async_trait]
pub trait AuthStore: Send + Sync + 'static {
    /// Inserts a user; `ALREADY_EXISTS` (`EMAIL_TAKEN`) for a taken email.
    async fn create_user(&self, user: &UserRecord) -> ServiceResult<()>;
    /// A user by lower-cased email.
    async fn user_by_email(&self, email: &str) -> ServiceResult<Option<UserRecord>>;
    /// A user by id.
    async fn user(&self, id: &str) -> ServiceResult<Option<UserRecord>>;
    /// Records a successful login.
    async fn record_login(&self, user_id: &str, now: i64) -> ServiceResult<()>;

    /// Inserts a workspace and its first owner, once per `request_id` (scoped to the user).
    async fn create_workspace(
        &self,
        workspace: &WorkspaceRecord,
        owner: &str,
        request_id: Option<&str>,
    ) -> ServiceResult<WorkspaceRecord>;
    /// A workspace as seen by `user_id` (role filled when a member).
    async fn workspace(&self, id: &str, user_id: &str) -> ServiceResult<Option<WorkspaceRecord>>;
    /// Workspaces `user_id` belongs to, in `order`, after the row whose sort key and id are
    /// `after` (`None`: from the start); deleted ones only when `with_deleted_owned` and the
    /// user owns them.
    async fn workspaces_of(
        &self,
        user_id: &str,
        order: WorkspaceOrder,
        after: Option<(&str, &str)>,
        limit: i64,
        with_deleted_owned: bool,
    ) -> ServiceResult<Vec<WorkspaceRecord>>;

    /// One membership.
    async fn member(
        &self,
        workspace_id: &str,
        user_id: &str,
    ) -> ServiceResult<Option<MemberRecord>>;
    /// A page of a workspace's members for `ListMembers`: only `role` when given, in
    /// `order`, after the row whose sort key and user id are `after`.
    async fn list_members(
        &self,
        workspace_id: &str,
        role: Option<&str>,
        order: MemberOrder,
        after: Option<(&str, &str)>,
        limit: i64,
    ) -> ServiceResult<Vec<MemberRecord>>;
    /// Memberships of a workspace by user id after `after`.
    async fn members(
        &self,
        workspace_id: &str,
        after: &str,
        limit: i64,
    ) -> ServiceResult<Vec<MemberRecord>>;
    /// Changes a role if the membership's version is `expected_version` (when given).
    async fn set_role(
        &self,
        workspace_id: &str,
        user_id: &str,
        role: &str,
        expected_version: Option<i64>,
        now: i64,
    ) -> ServiceResult<MemberRecord>;
    /// Removes a membership; `false` when there was none.
    async fn delete_member(&self, workspace_id: &str, user_id: &str) -> ServiceResult<bool>;
    /// How many owners a workspace has.
    async fn owner_count(&self, workspace_id: &str) -> ServiceResult<i64>;

    /// Inserts an invitation.
    async fn create_invitation(&self, invitation: &InvitationRecord) -> ServiceResult<()>;
    /// Accepts the pending, unexpired invitation with this token hash for `user_id` (whose
    /// email must match), creating the membership, atomically: a second acceptance fails.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        user_id: &str,
        email: &str,
        now: i64,
    ) -> ServiceResult<(InvitationRecord, MemberRecord)>;

    /// Every signing key, newest first.
    async fn signing_keys(&self) -> ServiceResult<Vec<KeyRecord>>;
    /// Makes `key` the active key; the previous active key becomes verify-only (still
    /// published) and keys deactivated before `retire_before` are retired (no longer published).
    async fn rotate_signing_key(&self, key: &KeyRecord, retire_before: i64) -> ServiceResult<()>;

    /// Starts a refresh-token family with its first token.
    async fn create_family(
        &self,
        family: &FamilyRecord,
        token_hash: &str,
        token_expire_time: i64,
    ) -> ServiceResult<()>;
    /// Marks a refresh token used, telling a first use from a replay.
    async fn use_refresh_token(&self, token_hash: &str, now: i64) -> ServiceResult<RefreshUse>;
    /// Adds the next token of a family (after a rotation).
    async fn add_refresh_token(
        &self,
        family_id: &str,
        token_hash: &str,
        now: i64,
        expire_time: i64,
    ) -> ServiceResult<()>;
    /// The family a refresh token belongs to, used or not.
    async fn family_of_token(&self, token_hash: &str) -> ServiceResult<Option<FamilyRecord>>;
    /// Revokes a whole family.
    async fn revoke_family(&self, family_id: &str, now: i64) -> ServiceResult<()>;

    /// Inserts a service account.
    async fn create_service_account(&self, account: &ServiceAccountRecord) -> ServiceResult<()>;
    /// One service account.
    async fn service_account(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> ServiceResult<Option<ServiceAccountRecord>>;
    /// Service accounts of a workspace by id after `after`.
    async fn service_accounts(
        &self,
        workspace_id: &str,
        after: &str,
        limit: i64,
    ) -> ServiceResult<Vec<ServiceAccountRecord>>;
    /// Deletes a service account and its keys; `false` when there was none.
    async fn delete_service_account(&self, workspace_id: &str, id: &str) -> ServiceResult<bool>;
    /// Inserts a key.
    async fn create_account_key(&self, key: &AccountKeyRecord) -> ServiceResult<()>;
    /// Keys of a service account.
    async fn account_keys(
        &self,
        workspace_id: &str,
        account_id: &str,
    ) -> ServiceResult<Vec<AccountKeyRecord>>;
    /// A key by its client id, with its service account.
    async fn key_by_client_id(
        &self,
        client_id: &str,
    ) -> ServiceResult<Option<(AccountKeyRecord, ServiceAccountRecord)>>;
    /// Deletes a key; `false` when there was none.
    async fn delete_account_key(
        &self,
        workspace_id: &str,
        account_id: &str,
        id: &str,
    ) -> ServiceResult<bool>;
    /// Records a key's use.
    async fn touch_account_key(&self, client_id: &str, now: i64) -> ServiceResult<()>;

    /// Registers an OAuth client.
    async fn create_oauth_client(&self, client: &OAuthClientRecord) -> ServiceResult<()>;
    /// An OAuth client by workspace and id.
    async fn oauth_client(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> ServiceResult<Option<OAuthClientRecord>>;
    /// An OAuth client by its public client id.
    async fn oauth_client_by_client_id(
        &self,
        client_id: &str,
    ) -> ServiceResult<Option<OAuthClientRecord>>;
    /// Stores an authorization code.
    async fn create_code(&self, code: &CodeRecord) -> ServiceResult<()>;
    /// Marks a code used. `Ok(Ok(code))` on its first use before expiry, `Ok(Err(Some(code)))`
    /// when it was used before (a replay), `Ok(Err(None))` when unknown or expired.
    async fn use_code(
        &self,
        code_hash: &str,
        now: i64,
    ) -> ServiceResult<Result<CodeRecord, Option<CodeRecord>>>;
    /// Records the family a code's redemption started.
    async fn set_code_family(&self, code_hash: &str, family_id: &str) -> ServiceResult<()>;

    /// Adds a membership unless one exists; `true` when added.
    async fn add_member(
        &self,
        workspace_id: &str,
        user_id: &str,
        role: &str,
        now: i64,
    ) -> ServiceResult<bool>;
    /// Stores an SSO connection.
    async fn create_sso_connection(&self, connection: &SsoConnectionRecord) -> ServiceResult<()>;
    /// One SSO connection.
    async fn sso_connection(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> ServiceResult<Option<SsoConnectionRecord>>;
    /// The enabled connection serving an email domain, if any.
    async fn sso_connection_for_domain(
        &self,
        domain: &str,
    ) -> ServiceResult<Option<SsoConnectionRecord>>;
    /// Stores an SSO login attempt.
    async fn create_sso_login(&self, login: &SsoLoginRecord) -> ServiceResult<()>;
    /// A pending, unexpired SSO login.
    async fn pending_sso_login(
        &self,
        state_hash: &str,
        now: i64,
    ) -> ServiceResult<Option<SsoLoginRecord>>;
    /// Completes an SSO login; `false` when it was completed meanwhile.
    async fn complete_sso_login(&self, state_hash: &str, now: i64) -> ServiceResult<bool>;
    /// The user an external identity is linked to.
    async fn identity_user(&self, issuer: &str, subject: &str) -> ServiceResult<Option<String>>;
    /// Links an external identity to a user.
    async fn link_identity(
        &self,
        issuer: &str,
        subject: &str,
        user_id: &str,
        now: i64,
    ) -> ServiceResult<()>;

    /// Replaces a user's profile and password hash if its version is `expected_version`.
    async fn update_user(&self, user: &UserRecord, expected_version: i64) -> ServiceResult<()>;
    /// Live refresh-token families of a user.
    async fn live_families(&self, user_id: &str, now: i64) -> ServiceResult<Vec<String>>;
    /// Up to `limit` workspaces soft-deleted before `deleted_before`, oldest delete first.
    async fn workspaces_due_for_purge(
        &self,
        deleted_before: i64,
        limit: i64,
    ) -> ServiceResult<Vec<String>>;
    /// Deletes a workspace for good, with everything the auth service keeps for it (tokens
    /// bound to it included), in one transaction, and records it as purged at `now`; `false`
    /// when it was undeleted or its delete is not before `deleted_before`.
    async fn purge_workspace(&self, id: &str, deleted_before: i64, now: i64)
    -> ServiceResult<bool>;
    /// Workspaces purged at or after `since`.
    async fn purged_workspaces(&self, since: i64) -> ServiceResult<Vec<String>>;
    /// Replaces a workspace's name and delete time if its version is `expected_version`.
    async fn update_workspace(
        &self,
        workspace: &WorkspaceRecord,
        expected_version: i64,
    ) -> ServiceResult<()>;
    /// A page of a workspace's invitations, newest first, after the invitation `after`
    /// (`""`: from the newest); only those in `state` (an `InvitationState` number, 0 for
    /// all) as of `now`.
    async fn invitations(
        &self,
        workspace_id: &str,
        state: i32,
        now: i64,
        after: &str,
        limit: i64,
    ) -> ServiceResult<Vec<InvitationRecord>>;
    /// One invitation of a workspace.
    async fn invitation(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> ServiceResult<Option<InvitationRecord>>;
    /// Revokes a pending invitation; `false` when there is none pending.
    async fn revoke_invitation(
        &self,
        workspace_id: &str,
        id: &str,
        now: i64,
    ) -> ServiceResult<bool>;
    /// Replaces a service account if its version is `expected_version`.
    async fn update_service_account(
        &self,
        account: &ServiceAccountRecord,
        expected_version: i64,
    ) -> ServiceResult<()>;
    /// A workspace's OAuth clients.
    async fn oauth_clients(&self, workspace_id: &str) -> ServiceResult<Vec<OAuthClientRecord>>;
    /// Replaces an OAuth client if its version is `expected_version`.
    async fn update_oauth_client(
        &self,
        client: &OAuthClientRecord,
        expected_version: i64,
    ) -> ServiceResult<()>;
    /// Deletes an OAuth client; `false` when there was none.
    async fn delete_oauth_client(&self, workspace_id: &str, id: &str) -> ServiceResult<bool>;
    /// A workspace's SSO connections.
    async fn sso_connections(&self, workspace_id: &str) -> ServiceResult<Vec<SsoConnectionRecord>>;
    /// Replaces an SSO connection if its version is `expected_version`.
    async fn update_sso_connection(
        &self,
        connection: &SsoConnectionRecord,
        expected_version: i64,
    ) -> ServiceResult<()>;
    /// Deletes an SSO connection; `false` when there was none.
    async fn delete_sso_connection(&self, workspace_id: &str, id: &str) -> ServiceResult<bool>;
    /// One audit event of a workspace.
    async fn audit_event(&self, workspace_id: &str, id: &str)
    -> ServiceResult<Option<AuditRecord>>;

    /// Appends to the audit log.
    async fn append_audit(&self, event: &AuditRecord) -> ServiceResult<()>;
    /// Audit events of a workspace, newest first, ids before `before` (empty: from the newest).
    /// A workspace's log (`""`: the deployment's) as `filter` selects it, after the event
    /// `after` (`""`: from the start) in the filter's order.
    async fn audit_events(
        &self,
        workspace_id: &str,
        filter: &AuditFilter,
        after: &str,
        limit: i64,
    ) -> ServiceResult<Vec<AuditRecord>>;
}

const USER_COLUMNS: &str = "id, email, display_name, time_zone, password_hash, create_time, update_time, last_login_time, version";
const MEMBER_SELECT: &str = "SELECT m.workspace_id, m.user_id, m.role, u.email, u.display_name, m.create_time, m.update_time, m.version \
     FROM members m JOIN users u ON u.id = m.user_id";
const INVITATION_COLUMNS: &str = "workspace_id, id, email, role, message, token_hash, inviter, create_time, expire_time, accept_time, accepted_by, revoke_time";
const ACCOUNT_COLUMNS: &str = "workspace_id, id, display_name, description, role, scopes, disabled, creator, create_time, update_time, version";
const KEY_COLUMNS: &str = "workspace_id, account_id, id, client_id, display_name, secret_hash, secret_hint, expire_time, last_use_time, create_time";
const CLIENT_COLUMNS: &str = "workspace_id, id, client_id, display_name, description, homepage_uri, client_type, redirect_uris, \
     allowed_scopes, allow_other_workspaces, disabled, secret_hash, secret_hint, creator, create_time, update_time, version";
const CODE_COLUMNS: &str = "code_hash, client_id, user_id, workspace_id, redirect_uri, scope, code_challenge, create_time, expire_time, used_time, family_id";
const SSO_COLUMNS: &str = "workspace_id, id, display_name, issuer_uri, client_id, client_secret, scopes, email_domains, enforced, \
     jit_provisioning, default_role, disabled, create_time, update_time, version";
const LOGIN_COLUMNS: &str = "state_hash, workspace_id, connection_id, nonce, code_verifier, redirect_uri, create_time, expire_time, complete_time";
const AUDIT_COLUMNS: &str =
    "id, workspace_id, event_type, outcome, actor, target, source_ip, details, create_time";

/// Which audit events a listing returns (`ListAuditEvents`); empty or zero fields select all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// `AuditEventType` numbers.
    pub event_types: Vec<i32>,
    /// Principal resource name.
    pub actor: String,
    /// Target resource name.
    pub target: String,
    /// `AuditOutcome` number; 0 for any.
    pub outcome: i32,
    /// µs since the epoch, inclusive.
    pub start_time: Option<i64>,
    /// µs since the epoch, exclusive.
    pub end_time: Option<i64>,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
}

/// How `ListMembers` sorts; ties go by user id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberOrder {
    /// Join order (the default).
    JoinTime,
    /// By display name, case-folded, in code-point order on every backend.
    DisplayName,
}

impl MemberOrder {
    /// Reads `order_by`: `""`/`create_time` or `display_name`.
    pub fn parse(order_by: &str) -> Option<Self> {
        match order_by.split_whitespace().collect::<Vec<_>>().as_slice() {
            [] | ["create_time"] | ["create_time", "asc"] => Some(Self::JoinTime),
            ["display_name"] | ["display_name", "asc"] => Some(Self::DisplayName),
            _ => None,
        }
    }

    /// The sort key of `m` as a page cursor stores it (the raw name, as for workspaces).
    pub fn key(self, m: &MemberRecord) -> String {
        match self {
            Self::JoinTime => m.create_time.to_string(),
            Self::DisplayName => m.display_name.clone(),
        }
    }
}

/// How a list of workspaces is sorted (`ListWorkspaces.order_by`); ties go by id, so the
/// order is total and pages neither skip nor repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceOrder {
    /// Oldest first (the default).
    CreateTime,
    /// Newest first.
    CreateTimeDesc,
    /// By display name, case-folded, in code-point order on every backend.
    DisplayName,
}

impl WorkspaceOrder {
    /// Reads `order_by`: `""`/`create_time`, `create_time desc` or `display_name`.
    pub fn parse(order_by: &str) -> Option<Self> {
        let words: Vec<&str> = order_by.split_whitespace().collect();
        match words.as_slice() {
            [] | ["create_time"] | ["create_time", "asc"] => Some(Self::CreateTime),
            ["create_time", "desc"] => Some(Self::CreateTimeDesc),
            ["display_name"] | ["display_name", "asc"] => Some(Self::DisplayName),
            _ => None,
        }
    }

    /// The sort key of `w` as a page cursor stores it: the raw name, which the query folds
    /// with the same `LOWER` as the rows (Rust's folding differs from the databases').
    pub fn key(self, w: &WorkspaceRecord) -> String {
        match self {
            Self::CreateTime | Self::CreateTimeDesc => w.create_time.to_string(),
            Self::DisplayName => w.display_name.clone(),
        }
    }
}

/// A cursor whose sort key does not parse: a token this API did not issue.
fn foreign_cursor() -> ServiceError {
    ServiceError::invalid_argument(vec![(
        "page_token".into(),
        "is not a token this API issued".into(),
    )])
}

macro_rules! sql_auth_store {
    ($(#[$doc:meta])* $store:ident, $db:ty, $pool:ty, $collate:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $store {
            pool: $pool,
        }

        impl $store {
            /// An adapter over `pool`, whose schema is migrated.
            pub fn new(pool: $pool) -> Self {
                Self { pool }
            }
        }

        #[async_trait]
        impl AuthStore for $store {
            async fn create_user(&self, user: &UserRecord) -> ServiceResult<()> {
                let inserted = sqlx::query::<$db>(&format!(
                    "INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                ))
                .bind(&user.id)
                .bind(&user.email)
                .bind(&user.display_name)
                .bind(&user.time_zone)
                .bind(&user.password_hash)
                .bind(user.create_time)
                .bind(user.update_time)
                .bind(user.last_login_time)
                .bind(user.version)
                .execute(&self.pool)
                .await;
                match inserted {
                    Ok(_) => Ok(()),
                    Err(error) if is_unique_violation(&error) => Err(ServiceError::already_exists(
                        "EMAIL_TAKEN",
                        "a user with this email exists: sign in with Login instead",
                    )),
                    Err(error) => Err(service_error(error)),
                }
            }

            async fn user_by_email(&self, email: &str) -> ServiceResult<Option<UserRecord>> {
                sqlx::query_as::<$db, UserRecord>(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"))
                    .bind(email)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn user(&self, id: &str) -> ServiceResult<Option<UserRecord>> {
                sqlx::query_as::<$db, UserRecord>(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn record_login(&self, user_id: &str, now: i64) -> ServiceResult<()> {
                sqlx::query::<$db>("UPDATE users SET last_login_time = $2 WHERE id = $1")
                    .bind(user_id)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(service_error)?;
                Ok(())
            }

            async fn create_workspace(&self, workspace: &WorkspaceRecord, owner: &str, request_id: Option<&str>) -> ServiceResult<WorkspaceRecord> {
                let mut tx = self.pool.begin().await.map_err(service_error)?;
                if let Some(request_id) = request_id {
                    let claimed = sqlx::query::<$db>(
                        "INSERT INTO request_ids (scope, method, request_id, resource_id, create_time) \
                         VALUES ($1, 'CreateWorkspace', $2, $3, $4) ON CONFLICT DO NOTHING",
                    )
                    .bind(owner)
                    .bind(request_id)
                    .bind(&workspace.id)
                    .bind(workspace.create_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected();
                    if claimed == 0 {
                        drop(tx);
                        let earlier: String = sqlx::query_scalar::<$db, String>(
                            "SELECT resource_id FROM request_ids WHERE scope = $1 AND method = 'CreateWorkspace' AND request_id = $2",
                        )
                        .bind(owner)
                        .bind(request_id)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(service_error)?;
                        return self
                            .workspace(&earlier, owner)
                            .await?
                            .ok_or_else(|| ServiceError::unavailable("RETRY", "a concurrent request with this request_id is still running; retry"));
                    }
                }
                sqlx::query::<$db>(
                    "INSERT INTO workspaces (id, display_name, create_time, update_time, delete_time, version) VALUES ($1, $2, $3, $3, NULL, 1)",
                )
                .bind(&workspace.id)
                .bind(&workspace.display_name)
                .bind(workspace.create_time)
                .execute(&mut *tx)
                .await
                .map_err(service_error)?;
                sqlx::query::<$db>(
                    "INSERT INTO members (workspace_id, user_id, role, create_time, update_time, version) VALUES ($1, $2, 'owner', $3, $3, 1)",
                )
                .bind(&workspace.id)
                .bind(owner)
                .bind(workspace.create_time)
                .execute(&mut *tx)
                .await
                .map_err(service_error)?;
                tx.commit().await.map_err(service_error)?;
                self.workspace(&workspace.id, owner)
                    .await?
                    .ok_or_else(|| ServiceError::internal("a created workspace vanished"))
            }

            async fn workspace(&self, id: &str, user_id: &str) -> ServiceResult<Option<WorkspaceRecord>> {
                sqlx::query_as::<$db, WorkspaceRecord>(
                    "SELECT w.id, w.display_name, w.create_time, w.update_time, w.delete_time, w.version, COALESCE(m.role, '') AS role \
                     FROM workspaces w LEFT JOIN members m ON m.workspace_id = w.id AND m.user_id = $2 WHERE w.id = $1",
                )
                .bind(id)
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn workspaces_of(&self, user_id: &str, order: WorkspaceOrder, after: Option<(&str, &str)>, limit: i64, with_deleted_owned: bool) -> ServiceResult<Vec<WorkspaceRecord>> {
                let mut binds = Binds::new();
                let mut conditions = vec![format!("m.user_id = {}", binds.push(Bind::Text(user_id.to_owned())))];
                conditions.push(match with_deleted_owned {
                    true => "(w.delete_time IS NULL OR m.role = 'owner')".into(),
                    false => "w.delete_time IS NULL".into(),
                });
                let (key, op, direction) = match order {
                    WorkspaceOrder::CreateTime => ("w.create_time", ">", "ASC"),
                    WorkspaceOrder::CreateTimeDesc => ("w.create_time", "<", "DESC"),
                    WorkspaceOrder::DisplayName => (concat!("LOWER(w.display_name) COLLATE ", $collate), ">", "ASC"),
                };
                // Keyset paging on (sort key, id); the cursor goes through the same folding as
                // the rows.
                if let Some((cursor, id)) = after {
                    let cursor = match order {
                        WorkspaceOrder::DisplayName => format!(
                            "LOWER({}) COLLATE {}",
                            binds.push(Bind::Text(cursor.to_owned())),
                            $collate
                        ),
                        _ => binds.push(Bind::Int(cursor.parse().map_err(|_| foreign_cursor())?)),
                    };
                    let id = binds.push(Bind::Text(id.to_owned()));
                    conditions.push(format!("({key} {op} {cursor} OR ({key} = {cursor} AND w.id {op} {id}))"));
                }
                let sql = format!(
                    "SELECT w.id, w.display_name, w.create_time, w.update_time, w.delete_time, w.version, m.role \
                     FROM members m JOIN workspaces w ON w.id = m.workspace_id \
                     WHERE {} ORDER BY {key} {direction}, w.id {direction} LIMIT {limit}",
                    conditions.join(" AND "),
                );
                binds
                    .apply(sqlx::query_as::<$db, WorkspaceRecord>(&sql))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn member(&self, workspace_id: &str, user_id: &str) -> ServiceResult<Option<MemberRecord>> {
                sqlx::query_as::<$db, MemberRecord>(&format!("{MEMBER_SELECT} WHERE m.workspace_id = $1 AND m.user_id = $2"))
                    .bind(workspace_id)
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn list_members(&self, workspace_id: &str, role: Option<&str>, order: MemberOrder, after: Option<(&str, &str)>, limit: i64) -> ServiceResult<Vec<MemberRecord>> {
                let mut binds = Binds::new();
                let mut conditions = vec![format!("m.workspace_id = {}", binds.push(Bind::Text(workspace_id.to_owned())))];
                if let Some(role) = role {
                    conditions.push(format!("m.role = {}", binds.push(Bind::Text(role.to_owned()))));
                }
                let key = match order {
                    MemberOrder::JoinTime => "m.create_time",
                    MemberOrder::DisplayName => concat!("LOWER(u.display_name) COLLATE ", $collate),
                };
                if let Some((cursor, user)) = after {
                    // The cursor goes through the same folding as the rows.
                    let cursor = match order {
                        MemberOrder::JoinTime => binds.push(Bind::Int(cursor.parse().map_err(|_| foreign_cursor())?)),
                        MemberOrder::DisplayName => format!(
                            "LOWER({}) COLLATE {}",
                            binds.push(Bind::Text(cursor.to_owned())),
                            $collate
                        ),
                    };
                    let user = binds.push(Bind::Text(user.to_owned()));
                    conditions.push(format!("({key} > {cursor} OR ({key} = {cursor} AND m.user_id > {user}))"));
                }
                let sql = format!(
                    "{MEMBER_SELECT} WHERE {} ORDER BY {key}, m.user_id LIMIT {limit}",
                    conditions.join(" AND "),
                );
                binds
                    .apply(sqlx::query_as::<$db, MemberRecord>(&sql))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn members(&self, workspace_id: &str, after: &str, limit: i64) -> ServiceResult<Vec<MemberRecord>> {
                sqlx::query_as::<$db, MemberRecord>(&format!(
                    "{MEMBER_SELECT} WHERE m.workspace_id = $1 AND m.user_id > $2 ORDER BY m.user_id LIMIT $3"
                ))
                .bind(workspace_id)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn set_role(&self, workspace_id: &str, user_id: &str, role: &str, expected_version: Option<i64>, now: i64) -> ServiceResult<MemberRecord> {
                let changed = sqlx::query::<$db>(
                    "UPDATE members SET role = $3, update_time = $4, version = version + 1 \
                     WHERE workspace_id = $1 AND user_id = $2 AND ($5 OR version = $6)",
                )
                .bind(workspace_id)
                .bind(user_id)
                .bind(role)
                .bind(now)
                .bind(expected_version.is_none())
                .bind(expected_version.unwrap_or(0))
                .execute(&self.pool)
                .await
                .map_err(service_error)?
                .rows_affected();
                let name = format!("workspaces/{workspace_id}/members/{user_id}");
                match (changed, self.member(workspace_id, user_id).await?) {
                    (1, Some(member)) => Ok(member),
                    (_, Some(_)) => Err(ServiceError::etag_mismatch(&name)),
                    (_, None) => Err(ServiceError::not_found(&name)),
                }
            }

            async fn delete_member(&self, workspace_id: &str, user_id: &str) -> ServiceResult<bool> {
                let deleted = sqlx::query::<$db>("DELETE FROM members WHERE workspace_id = $1 AND user_id = $2")
                    .bind(workspace_id)
                    .bind(user_id)
                    .execute(&self.pool)
                    .await
                    .map_err(service_error)?
                    .rows_affected();
                Ok(deleted == 1)
            }

            async fn owner_count(&self, workspace_id: &str) -> ServiceResult<i64> {
                sqlx::query_scalar::<$db, i64>("SELECT COUNT(*) FROM members WHERE workspace_id = $1 AND role = 'owner'")
                    .bind(workspace_id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn create_invitation(&self, invitation: &InvitationRecord) -> ServiceResult<()> {
                sqlx::query::<$db>(&format!(
                    "INSERT INTO invitations ({INVITATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, NULL)"
                ))
                .bind(&invitation.workspace_id)
                .bind(&invitation.id)
                .bind(&invitation.email)
                .bind(&invitation.role)
                .bind(&invitation.message)
                .bind(&invitation.token_hash)
                .bind(&invitation.inviter)
                .bind(invitation.create_time)
                .bind(invitation.expire_time)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn accept_invitation(&self, token_hash: &str, user_id: &str, email: &str, now: i64) -> ServiceResult<(InvitationRecord, MemberRecord)> {
                let mut tx = self.pool.begin().await.map_err(service_error)?;
                // The conditional UPDATE is the claim: of two concurrent acceptances one matches.
                let claimed = sqlx::query_as::<$db, InvitationRecord>(&format!(
                    "UPDATE invitations SET accept_time = $2, accepted_by = $3 \
                     WHERE token_hash = $1 AND accept_time IS NULL AND revoke_time IS NULL AND expire_time > $2 AND email = $4 \
                     RETURNING {INVITATION_COLUMNS}"
                ))
                .bind(token_hash)
                .bind(now)
                .bind(user_id)
                .bind(email)
                .fetch_optional(&mut *tx)
                .await
                .map_err(service_error)?;
                let Some(invitation) = claimed else {
                    drop(tx);
                    let existing = sqlx::query_as::<$db, InvitationRecord>(&format!(
                        "SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1"
                    ))
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)?;
                    return Err(match existing {
                        None => ServiceError::not_found("the invitation"),
                        Some(i) if i.accept_time.is_some() => ServiceError::failed_precondition("INVITATION_ALREADY_ACCEPTED", "this invitation was already accepted"),
                        Some(i) if i.revoke_time.is_some() => ServiceError::failed_precondition("INVITATION_REVOKED", "this invitation was revoked"),
                        Some(i) if i.email != email => ServiceError::permission_denied("INVITATION_EMAIL_MISMATCH", "this invitation is for another email address"),
                        Some(_) => ServiceError::failed_precondition("INVITATION_EXPIRED", "this invitation has expired"),
                    });
                };
                let joined = sqlx::query::<$db>(
                    "INSERT INTO members (workspace_id, user_id, role, create_time, update_time, version) VALUES ($1, $2, $3, $4, $4, 1)",
                )
                .bind(&invitation.workspace_id)
                .bind(user_id)
                .bind(&invitation.role)
                .bind(now)
                .execute(&mut *tx)
                .await;
                match joined {
                    Ok(_) => {}
                    Err(error) if is_unique_violation(&error) => {
                        return Err(ServiceError::already_exists("ALREADY_A_MEMBER", "you are already a member of this workspace"));
                    }
                    Err(error) => return Err(service_error(error)),
                }
                tx.commit().await.map_err(service_error)?;
                let member = self
                    .member(&invitation.workspace_id, user_id)
                    .await?
                    .ok_or_else(|| ServiceError::internal("an accepted membership vanished"))?;
                Ok((invitation, member))
            }

            async fn signing_keys(&self) -> ServiceResult<Vec<KeyRecord>> {
                sqlx::query_as::<$db, KeyRecord>(
                    "SELECT kid, seed_hex, state, create_time, deactivate_time FROM signing_keys ORDER BY create_time DESC, kid DESC",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn rotate_signing_key(&self, key: &KeyRecord, retire_before: i64) -> ServiceResult<()> {
                let mut tx = self.pool.begin().await.map_err(service_error)?;
                sqlx::query::<$db>("UPDATE signing_keys SET state = 'retired' WHERE state = 'verify_only' AND deactivate_time < $1")
                    .bind(retire_before)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                sqlx::query::<$db>("UPDATE signing_keys SET state = 'verify_only', deactivate_time = $1 WHERE state = 'active'")
                    .bind(key.create_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                sqlx::query::<$db>(
                    "INSERT INTO signing_keys (kid, seed_hex, state, create_time, deactivate_time) VALUES ($1, $2, 'active', $3, NULL)",
                )
                .bind(&key.kid)
                .bind(&key.seed_hex)
                .bind(key.create_time)
                .execute(&mut *tx)
                .await
                .map_err(service_error)?;
                tx.commit().await.map_err(service_error)
            }

            async fn create_family(&self, family: &FamilyRecord, token_hash: &str, token_expire_time: i64) -> ServiceResult<()> {
                let mut tx = self.pool.begin().await.map_err(service_error)?;
                sqlx::query::<$db>(
                    "INSERT INTO token_families (id, user_id, create_time, expire_time, revoke_time, client_id, workspace_id, scope) \
                     VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)",
                )
                .bind(&family.id)
                .bind(&family.user_id)
                .bind(family.create_time)
                .bind(family.expire_time)
                .bind(&family.client_id)
                .bind(&family.workspace_id)
                .bind(&family.scope)
                .execute(&mut *tx)
                .await
                .map_err(service_error)?;
                sqlx::query::<$db>(
                    "INSERT INTO refresh_tokens (token_hash, family_id, create_time, expire_time, used_time) VALUES ($1, $2, $3, $4, NULL)",
                )
                .bind(token_hash)
                .bind(&family.id)
                .bind(family.create_time)
                .bind(token_expire_time)
                .execute(&mut *tx)
                .await
                .map_err(service_error)?;
                tx.commit().await.map_err(service_error)
            }

            async fn use_refresh_token(&self, token_hash: &str, now: i64) -> ServiceResult<RefreshUse> {
                let Some(family) = self.family_of_token(token_hash).await? else {
                    return Ok(RefreshUse::Invalid);
                };
                if family.revoke_time.is_some() || family.expire_time <= now {
                    return Ok(RefreshUse::Invalid);
                }
                // The conditional UPDATE decides first use versus replay, even under races.
                let first = sqlx::query::<$db>(
                    "UPDATE refresh_tokens SET used_time = $2 WHERE token_hash = $1 AND used_time IS NULL AND expire_time > $2",
                )
                .bind(token_hash)
                .bind(now)
                .execute(&self.pool)
                .await
                .map_err(service_error)?
                .rows_affected();
                if first == 1 {
                    return Ok(RefreshUse::Fresh(family));
                }
                let used: Option<i64> = sqlx::query_scalar::<$db, Option<i64>>("SELECT used_time FROM refresh_tokens WHERE token_hash = $1")
                    .bind(token_hash)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(service_error)?;
                Ok(if used.is_some() { RefreshUse::Replayed(family) } else { RefreshUse::Invalid })
            }

            async fn add_refresh_token(&self, family_id: &str, token_hash: &str, now: i64, expire_time: i64) -> ServiceResult<()> {
                sqlx::query::<$db>(
                    "INSERT INTO refresh_tokens (token_hash, family_id, create_time, expire_time, used_time) VALUES ($1, $2, $3, $4, NULL)",
                )
                .bind(token_hash)
                .bind(family_id)
                .bind(now)
                .bind(expire_time)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn family_of_token(&self, token_hash: &str) -> ServiceResult<Option<FamilyRecord>> {
                sqlx::query_as::<$db, FamilyRecord>(
                    "SELECT f.id, f.user_id, f.create_time, f.expire_time, f.revoke_time, f.client_id, f.workspace_id, f.scope \
                     FROM refresh_tokens t JOIN token_families f ON f.id = t.family_id WHERE t.token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn revoke_family(&self, family_id: &str, now: i64) -> ServiceResult<()> {
                sqlx::query::<$db>("UPDATE token_families SET revoke_time = $2 WHERE id = $1 AND revoke_time IS NULL")
                    .bind(family_id)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(service_error)?;
                Ok(())
            }

            async fn create_service_account(&self, account: &ServiceAccountRecord) -> ServiceResult<()> {
                sqlx::query::<$db>(&format!(
                    "INSERT INTO service_accounts ({ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                ))
                .bind(&account.workspace_id)
                .bind(&account.id)
                .bind(&account.display_name)
                .bind(&account.description)
                .bind(&account.role)
                .bind(&account.scopes)
                .bind(account.disabled)
                .bind(&account.creator)
                .bind(account.create_time)
                .bind(account.update_time)
                .bind(account.version)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn service_account(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<ServiceAccountRecord>> {
                sqlx::query_as::<$db, ServiceAccountRecord>(&format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM service_accounts WHERE workspace_id = $1 AND id = $2"
                ))
                .bind(workspace_id)
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn service_accounts(&self, workspace_id: &str, after: &str, limit: i64) -> ServiceResult<Vec<ServiceAccountRecord>> {
                sqlx::query_as::<$db, ServiceAccountRecord>(&format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM service_accounts WHERE workspace_id = $1 AND id > $2 ORDER BY id LIMIT $3"
                ))
                .bind(workspace_id)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn delete_service_account(&self, workspace_id: &str, id: &str) -> ServiceResult<bool> {
                let mut tx = self.pool.begin().await.map_err(service_error)?;
                sqlx::query::<$db>("DELETE FROM service_account_keys WHERE workspace_id = $1 AND account_id = $2")
                    .bind(workspace_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                let deleted = sqlx::query::<$db>("DELETE FROM service_accounts WHERE workspace_id = $1 AND id = $2")
                    .bind(workspace_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected();
                tx.commit().await.map_err(service_error)?;
                Ok(deleted == 1)
            }

            async fn create_account_key(&self, key: &AccountKeyRecord) -> ServiceResult<()> {
                sqlx::query::<$db>(&format!(
                    "INSERT INTO service_account_keys ({KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)"
                ))
                .bind(&key.workspace_id)
                .bind(&key.account_id)
                .bind(&key.id)
                .bind(&key.client_id)
                .bind(&key.display_name)
                .bind(&key.secret_hash)
                .bind(&key.secret_hint)
                .bind(key.expire_time)
                .bind(key.create_time)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn account_keys(&self, workspace_id: &str, account_id: &str) -> ServiceResult<Vec<AccountKeyRecord>> {
                sqlx::query_as::<$db, AccountKeyRecord>(&format!(
                    "SELECT {KEY_COLUMNS} FROM service_account_keys WHERE workspace_id = $1 AND account_id = $2 ORDER BY id"
                ))
                .bind(workspace_id)
                .bind(account_id)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn key_by_client_id(&self, client_id: &str) -> ServiceResult<Option<(AccountKeyRecord, ServiceAccountRecord)>> {
                let key = sqlx::query_as::<$db, AccountKeyRecord>(&format!(
                    "SELECT {KEY_COLUMNS} FROM service_account_keys WHERE client_id = $1"
                ))
                .bind(client_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)?;
                let Some(key) = key else { return Ok(None) };
                let account = self.service_account(&key.workspace_id, &key.account_id).await?;
                Ok(account.map(|account| (key, account)))
            }

            async fn delete_account_key(&self, workspace_id: &str, account_id: &str, id: &str) -> ServiceResult<bool> {
                let deleted = sqlx::query::<$db>(
                    "DELETE FROM service_account_keys WHERE workspace_id = $1 AND account_id = $2 AND id = $3",
                )
                .bind(workspace_id)
                .bind(account_id)
                .bind(id)
                .execute(&self.pool)
                .await
                .map_err(service_error)?
                .rows_affected();
                Ok(deleted == 1)
            }

            async fn touch_account_key(&self, client_id: &str, now: i64) -> ServiceResult<()> {
                sqlx::query::<$db>("UPDATE service_account_keys SET last_use_time = $2 WHERE client_id = $1")
                    .bind(client_id)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(service_error)?;
                Ok(())
            }

            async fn create_oauth_client(&self, client: &OAuthClientRecord) -> ServiceResult<()> {
                sqlx::query::<$db>(&format!(
                    "INSERT INTO oauth_clients ({CLIENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
                ))
                .bind(&client.workspace_id)
                .bind(&client.id)
                .bind(&client.client_id)
                .bind(&client.display_name)
                .bind(&client.description)
                .bind(&client.homepage_uri)
                .bind(&client.client_type)
                .bind(&client.redirect_uris)
                .bind(&client.allowed_scopes)
                .bind(client.allow_other_workspaces)
                .bind(client.disabled)
                .bind(&client.secret_hash)
                .bind(&client.secret_hint)
                .bind(&client.creator)
                .bind(client.create_time)
                .bind(client.update_time)
                .bind(client.version)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn oauth_client(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<OAuthClientRecord>> {
                sqlx::query_as::<$db, OAuthClientRecord>(&format!(
                    "SELECT {CLIENT_COLUMNS} FROM oauth_clients WHERE workspace_id = $1 AND id = $2"
                ))
                .bind(workspace_id)
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn oauth_client_by_client_id(&self, client_id: &str) -> ServiceResult<Option<OAuthClientRecord>> {
                sqlx::query_as::<$db, OAuthClientRecord>(&format!("SELECT {CLIENT_COLUMNS} FROM oauth_clients WHERE client_id = $1"))
                    .bind(client_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn create_code(&self, code: &CodeRecord) -> ServiceResult<()> {
                sqlx::query::<$db>(&format!(
                    "INSERT INTO authorization_codes ({CODE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL)"
                ))
                .bind(&code.code_hash)
                .bind(&code.client_id)
                .bind(&code.user_id)
                .bind(&code.workspace_id)
                .bind(&code.redirect_uri)
                .bind(&code.scope)
                .bind(&code.code_challenge)
                .bind(code.create_time)
                .bind(code.expire_time)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn use_code(&self, code_hash: &str, now: i64) -> ServiceResult<Result<CodeRecord, Option<CodeRecord>>> {
                let claimed = sqlx::query_as::<$db, CodeRecord>(&format!(
                    "UPDATE authorization_codes SET used_time = $2 WHERE code_hash = $1 AND used_time IS NULL AND expire_time > $2 RETURNING {CODE_COLUMNS}"
                ))
                .bind(code_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)?;
                if let Some(code) = claimed {
                    return Ok(Ok(code));
                }
                let existing = sqlx::query_as::<$db, CodeRecord>(&format!("SELECT {CODE_COLUMNS} FROM authorization_codes WHERE code_hash = $1"))
                    .bind(code_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)?;
                Ok(Err(existing.filter(|code| code.used_time.is_some())))
            }

            async fn set_code_family(&self, code_hash: &str, family_id: &str) -> ServiceResult<()> {
                sqlx::query::<$db>("UPDATE authorization_codes SET family_id = $2 WHERE code_hash = $1")
                    .bind(code_hash)
                    .bind(family_id)
                    .execute(&self.pool)
                    .await
                    .map_err(service_error)?;
                Ok(())
            }

            async fn add_member(&self, workspace_id: &str, user_id: &str, role: &str, now: i64) -> ServiceResult<bool> {
                let added = sqlx::query::<$db>(
                    "INSERT INTO members (workspace_id, user_id, role, create_time, update_time, version) VALUES ($1, $2, $3, $4, $4, 1) ON CONFLICT DO NOTHING",
                )
                .bind(workspace_id)
                .bind(user_id)
                .bind(role)
                .bind(now)
                .execute(&self.pool)
                .await
                .map_err(service_error)?
                .rows_affected();
                Ok(added == 1)
            }

            async fn create_sso_connection(&self, c: &SsoConnectionRecord) -> ServiceResult<()> {
                sqlx::query::<$db>(&format!(
                    "INSERT INTO sso_connections ({SSO_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
                ))
                .bind(&c.workspace_id)
                .bind(&c.id)
                .bind(&c.display_name)
                .bind(&c.issuer_uri)
                .bind(&c.client_id)
                .bind(&c.client_secret)
                .bind(&c.scopes)
                .bind(&c.email_domains)
                .bind(c.enforced)
                .bind(c.jit_provisioning)
                .bind(&c.default_role)
                .bind(c.disabled)
                .bind(c.create_time)
                .bind(c.update_time)
                .bind(c.version)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn sso_connection(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<SsoConnectionRecord>> {
                sqlx::query_as::<$db, SsoConnectionRecord>(&format!(
                    "SELECT {SSO_COLUMNS} FROM sso_connections WHERE workspace_id = $1 AND id = $2"
                ))
                .bind(workspace_id)
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn sso_connection_for_domain(&self, domain: &str) -> ServiceResult<Option<SsoConnectionRecord>> {
                sqlx::query_as::<$db, SsoConnectionRecord>(&format!(
                    "SELECT {SSO_COLUMNS} FROM sso_connections \
                     WHERE disabled = 0 AND (' ' || email_domains || ' ') LIKE ('% ' || $1 || ' %') ORDER BY create_time LIMIT 1"
                ))
                .bind(domain)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn create_sso_login(&self, login: &SsoLoginRecord) -> ServiceResult<()> {
                sqlx::query::<$db>(&format!(
                    "INSERT INTO sso_logins ({LOGIN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)"
                ))
                .bind(&login.state_hash)
                .bind(&login.workspace_id)
                .bind(&login.connection_id)
                .bind(&login.nonce)
                .bind(&login.code_verifier)
                .bind(&login.redirect_uri)
                .bind(login.create_time)
                .bind(login.expire_time)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn pending_sso_login(&self, state_hash: &str, now: i64) -> ServiceResult<Option<SsoLoginRecord>> {
                sqlx::query_as::<$db, SsoLoginRecord>(&format!(
                    "SELECT {LOGIN_COLUMNS} FROM sso_logins WHERE state_hash = $1 AND complete_time IS NULL AND expire_time > $2"
                ))
                .bind(state_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn complete_sso_login(&self, state_hash: &str, now: i64) -> ServiceResult<bool> {
                let done = sqlx::query::<$db>("UPDATE sso_logins SET complete_time = $2 WHERE state_hash = $1 AND complete_time IS NULL")
                    .bind(state_hash)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(service_error)?
                    .rows_affected();
                Ok(done == 1)
            }

            async fn identity_user(&self, issuer: &str, subject: &str) -> ServiceResult<Option<String>> {
                sqlx::query_scalar::<$db, String>("SELECT user_id FROM sso_identities WHERE issuer = $1 AND subject = $2")
                    .bind(issuer)
                    .bind(subject)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn link_identity(&self, issuer: &str, subject: &str, user_id: &str, now: i64) -> ServiceResult<()> {
                sqlx::query::<$db>(
                    "INSERT INTO sso_identities (issuer, subject, user_id, create_time) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(issuer)
                .bind(subject)
                .bind(user_id)
                .bind(now)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn update_user(&self, user: &UserRecord, expected_version: i64) -> ServiceResult<()> {
                let done = sqlx::query::<$db>(
                    "UPDATE users SET display_name = $2, time_zone = $3, password_hash = $4, update_time = $5, version = $6 WHERE id = $1 AND version = $7",
                )
                .bind(&user.id).bind(&user.display_name).bind(&user.time_zone).bind(&user.password_hash)
                .bind(user.update_time).bind(user.version).bind(expected_version)
                .execute(&self.pool).await.map_err(service_error)?.rows_affected();
                if done == 1 { Ok(()) } else { Err(ServiceError::etag_mismatch(&format!("users/{}", user.id))) }
            }

            async fn live_families(&self, user_id: &str, now: i64) -> ServiceResult<Vec<String>> {
                sqlx::query_scalar::<$db, String>("SELECT id FROM token_families WHERE user_id = $1 AND revoke_time IS NULL AND expire_time > $2")
                    .bind(user_id).bind(now)
                    .fetch_all(&self.pool).await.map_err(service_error)
            }

            async fn workspaces_due_for_purge(&self, deleted_before: i64, limit: i64) -> ServiceResult<Vec<String>> {
                sqlx::query_scalar::<$db, String>(
                    "SELECT id FROM workspaces WHERE delete_time IS NOT NULL AND delete_time < $1 ORDER BY delete_time LIMIT $2",
                )
                .bind(deleted_before)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn purge_workspace(&self, id: &str, deleted_before: i64, now: i64) -> ServiceResult<bool> {
                let mut tx = self.pool.begin().await.map_err(service_error)?;
                // Children before the rows they reference; tokens bound to the workspace or
                // issued to its OAuth clients stop refreshing.
                let statements = [
                    "DELETE FROM refresh_tokens WHERE family_id IN (SELECT f.id FROM token_families f \
                     WHERE f.workspace_id = $1 OR f.client_id IN (SELECT client_id FROM oauth_clients WHERE workspace_id = $1))",
                    "DELETE FROM token_families WHERE workspace_id = $1 \
                     OR client_id IN (SELECT client_id FROM oauth_clients WHERE workspace_id = $1)",
                    "DELETE FROM service_account_keys WHERE workspace_id = $1",
                    "DELETE FROM service_accounts WHERE workspace_id = $1",
                    "DELETE FROM authorization_codes WHERE workspace_id = $1",
                    "DELETE FROM oauth_clients WHERE workspace_id = $1",
                    "DELETE FROM sso_logins WHERE workspace_id = $1",
                    "DELETE FROM sso_connections WHERE workspace_id = $1",
                    "DELETE FROM invitations WHERE workspace_id = $1",
                    "DELETE FROM members WHERE workspace_id = $1",
                    "DELETE FROM audit_events WHERE workspace_id = $1",
                    // A retried CreateWorkspace must not find the purged id.
                    "DELETE FROM request_ids WHERE resource_id = $1",
                ];
                for statement in statements {
                    sqlx::query::<$db>(statement)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(service_error)?;
                }
                let gone = sqlx::query::<$db>("DELETE FROM workspaces WHERE id = $1 AND delete_time < $2")
                    .bind(id)
                    .bind(deleted_before)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected();
                if gone == 0 {
                    // Undeleted meanwhile: the rollback keeps everything.
                    return Ok(false);
                }
                sqlx::query::<$db>("INSERT INTO purged_workspaces (id, purge_time) VALUES ($1, $2)")
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                tx.commit().await.map_err(service_error)?;
                Ok(true)
            }

            async fn purged_workspaces(&self, since: i64) -> ServiceResult<Vec<String>> {
                sqlx::query_scalar::<$db, String>("SELECT id FROM purged_workspaces WHERE purge_time >= $1 ORDER BY purge_time")
                    .bind(since)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn update_workspace(&self, workspace: &WorkspaceRecord, expected_version: i64) -> ServiceResult<()> {
                let done = sqlx::query::<$db>(
                    "UPDATE workspaces SET display_name = $2, delete_time = $3, update_time = $4, version = $5 WHERE id = $1 AND version = $6",
                )
                .bind(&workspace.id).bind(&workspace.display_name).bind(workspace.delete_time)
                .bind(workspace.update_time).bind(workspace.version).bind(expected_version)
                .execute(&self.pool).await.map_err(service_error)?.rows_affected();
                if done == 1 { Ok(()) } else { Err(ServiceError::etag_mismatch(&format!("workspaces/{}", workspace.id))) }
            }

            async fn invitations(&self, workspace_id: &str, state: i32, now: i64, after: &str, limit: i64) -> ServiceResult<Vec<InvitationRecord>> {
                // The states as `invitation_state` derives them: accepted wins over revoked,
                // revoked over expired. Every variant names $3, so the parameters bound are
                // the same whatever the state.
                let state = match state {
                    1 => "accept_time IS NULL AND revoke_time IS NULL AND expire_time > $3",
                    2 => "accept_time IS NOT NULL AND $3 = $3",
                    3 => "accept_time IS NULL AND revoke_time IS NOT NULL AND $3 = $3",
                    4 => "accept_time IS NULL AND revoke_time IS NULL AND expire_time <= $3",
                    _ => "$3 = $3",
                };
                sqlx::query_as::<$db, InvitationRecord>(&format!(
                    "SELECT {INVITATION_COLUMNS} FROM invitations \
                     WHERE workspace_id = $1 AND ($2 = '' OR id < $2) AND {state} ORDER BY id DESC LIMIT $4"
                ))
                .bind(workspace_id)
                .bind(after)
                .bind(now)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn invitation(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<InvitationRecord>> {
                sqlx::query_as::<$db, InvitationRecord>(&format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE workspace_id = $1 AND id = $2"))
                    .bind(workspace_id)
                    .bind(id)
                    .fetch_optional(&self.pool).await.map_err(service_error)
            }

            async fn revoke_invitation(&self, workspace_id: &str, id: &str, now: i64) -> ServiceResult<bool> {
                let done = sqlx::query::<$db>(
                    "UPDATE invitations SET revoke_time = $3 WHERE workspace_id = $1 AND id = $2 AND accept_time IS NULL AND revoke_time IS NULL",
                )
                .bind(workspace_id).bind(id).bind(now)
                .execute(&self.pool).await.map_err(service_error)?.rows_affected();
                Ok(done == 1)
            }

            async fn update_service_account(&self, a: &ServiceAccountRecord, expected_version: i64) -> ServiceResult<()> {
                let done = sqlx::query::<$db>(
                    "UPDATE service_accounts SET display_name = $3, description = $4, role = $5, scopes = $6, disabled = $7, update_time = $8, version = $9 \
                     WHERE workspace_id = $1 AND id = $2 AND version = $10",
                )
                .bind(&a.workspace_id).bind(&a.id).bind(&a.display_name).bind(&a.description).bind(&a.role).bind(&a.scopes)
                .bind(a.disabled).bind(a.update_time).bind(a.version).bind(expected_version)
                .execute(&self.pool).await.map_err(service_error)?.rows_affected();
                if done == 1 { Ok(()) } else { Err(ServiceError::etag_mismatch(&format!("workspaces/{}/serviceAccounts/{}", a.workspace_id, a.id))) }
            }

            async fn oauth_clients(&self, workspace_id: &str) -> ServiceResult<Vec<OAuthClientRecord>> {
                sqlx::query_as::<$db, OAuthClientRecord>(&format!("SELECT {CLIENT_COLUMNS} FROM oauth_clients WHERE workspace_id = $1 ORDER BY id"))
                    .bind(workspace_id)
                    .fetch_all(&self.pool).await.map_err(service_error)
            }

            async fn update_oauth_client(&self, c: &OAuthClientRecord, expected_version: i64) -> ServiceResult<()> {
                let done = sqlx::query::<$db>(
                    "UPDATE oauth_clients SET display_name = $3, description = $4, homepage_uri = $5, redirect_uris = $6, allowed_scopes = $7, \
                     allow_other_workspaces = $8, disabled = $9, secret_hash = $10, secret_hint = $11, update_time = $12, version = $13 \
                     WHERE workspace_id = $1 AND id = $2 AND version = $14",
                )
                .bind(&c.workspace_id).bind(&c.id).bind(&c.display_name).bind(&c.description).bind(&c.homepage_uri).bind(&c.redirect_uris)
                .bind(&c.allowed_scopes).bind(c.allow_other_workspaces).bind(c.disabled).bind(&c.secret_hash).bind(&c.secret_hint)
                .bind(c.update_time).bind(c.version).bind(expected_version)
                .execute(&self.pool).await.map_err(service_error)?.rows_affected();
                if done == 1 { Ok(()) } else { Err(ServiceError::etag_mismatch(&format!("workspaces/{}/oauthClients/{}", c.workspace_id, c.id))) }
            }

            async fn delete_oauth_client(&self, workspace_id: &str, id: &str) -> ServiceResult<bool> {
                let done = sqlx::query::<$db>("DELETE FROM oauth_clients WHERE workspace_id = $1 AND id = $2")
                    .bind(workspace_id).bind(id)
                    .execute(&self.pool).await.map_err(service_error)?.rows_affected();
                Ok(done == 1)
            }

            async fn sso_connections(&self, workspace_id: &str) -> ServiceResult<Vec<SsoConnectionRecord>> {
                sqlx::query_as::<$db, SsoConnectionRecord>(&format!("SELECT {SSO_COLUMNS} FROM sso_connections WHERE workspace_id = $1 ORDER BY id"))
                    .bind(workspace_id)
                    .fetch_all(&self.pool).await.map_err(service_error)
            }

            async fn update_sso_connection(&self, c: &SsoConnectionRecord, expected_version: i64) -> ServiceResult<()> {
                let done = sqlx::query::<$db>(
                    "UPDATE sso_connections SET display_name = $3, issuer_uri = $4, client_id = $5, client_secret = $6, scopes = $7, email_domains = $8, \
                     enforced = $9, jit_provisioning = $10, default_role = $11, disabled = $12, update_time = $13, version = $14 \
                     WHERE workspace_id = $1 AND id = $2 AND version = $15",
                )
                .bind(&c.workspace_id).bind(&c.id).bind(&c.display_name).bind(&c.issuer_uri).bind(&c.client_id).bind(&c.client_secret)
                .bind(&c.scopes).bind(&c.email_domains).bind(c.enforced).bind(c.jit_provisioning).bind(&c.default_role).bind(c.disabled)
                .bind(c.update_time).bind(c.version).bind(expected_version)
                .execute(&self.pool).await.map_err(service_error)?.rows_affected();
                if done == 1 { Ok(()) } else { Err(ServiceError::etag_mismatch(&format!("workspaces/{}/ssoConnections/{}", c.workspace_id, c.id))) }
            }

            async fn delete_sso_connection(&self, workspace_id: &str, id: &str) -> ServiceResult<bool> {
                let done = sqlx::query::<$db>("DELETE FROM sso_connections WHERE workspace_id = $1 AND id = $2")
                    .bind(workspace_id).bind(id)
                    .execute(&self.pool).await.map_err(service_error)?.rows_affected();
                Ok(done == 1)
            }

            async fn audit_event(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<AuditRecord>> {
                sqlx::query_as::<$db, AuditRecord>(&format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE workspace_id = $1 AND id = $2"))
                    .bind(workspace_id).bind(id)
                    .fetch_optional(&self.pool).await.map_err(service_error)
            }

            async fn append_audit(&self, event: &AuditRecord) -> ServiceResult<()> {
                sqlx::query::<$db>(&format!(
                    "INSERT INTO audit_events ({AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                ))
                .bind(&event.id)
                .bind(&event.workspace_id)
                .bind(event.event_type)
                .bind(event.outcome)
                .bind(&event.actor)
                .bind(&event.target)
                .bind(&event.source_ip)
                .bind(&event.details)
                .bind(event.create_time)
                .execute(&self.pool)
                .await
                .map_err(service_error)?;
                Ok(())
            }

            async fn audit_events(&self, workspace_id: &str, filter: &AuditFilter, after: &str, limit: i64) -> ServiceResult<Vec<AuditRecord>> {
                // Only the conditions asked for. Ids are UUIDv7, so id order is time order and
                // the cursor is the last id returned.
                let mut binds = Binds::new();
                let mut conditions = vec![format!("workspace_id = {}", binds.push(Bind::Text(workspace_id.to_owned())))];
                if !after.is_empty() {
                    let op = if filter.oldest_first { ">" } else { "<" };
                    conditions.push(format!("id {op} {}", binds.push(Bind::Text(after.to_owned()))));
                }
                if !filter.actor.is_empty() {
                    conditions.push(format!("actor = {}", binds.push(Bind::Text(filter.actor.clone()))));
                }
                if !filter.target.is_empty() {
                    conditions.push(format!("target = {}", binds.push(Bind::Text(filter.target.clone()))));
                }
                if filter.outcome != 0 {
                    conditions.push(format!("outcome = {}", binds.push(Bind::Int(filter.outcome.into()))));
                }
                if let Some(start) = filter.start_time {
                    conditions.push(format!("create_time >= {}", binds.push(Bind::Int(start))));
                }
                if let Some(end) = filter.end_time {
                    conditions.push(format!("create_time < {}", binds.push(Bind::Int(end))));
                }
                if !filter.event_types.is_empty() {
                    let list: Vec<String> = filter.event_types.iter().map(|t| binds.push(Bind::Int((*t).into()))).collect();
                    conditions.push(format!("event_type IN ({})", list.join(", ")));
                }
                let order = if filter.oldest_first { "ASC" } else { "DESC" };
                let sql = format!(
                    "SELECT {AUDIT_COLUMNS} FROM audit_events WHERE {} ORDER BY id {order} LIMIT {limit}",
                    conditions.join(" AND "),
                );
                binds
                    .apply(sqlx::query_as::<$db, AuditRecord>(&sql))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(service_error)
            }
        }
    };
}

sql_auth_store!(
    /// The auth store in the embedded SQLite database.
    SqliteAuthStore,
    sqlx::Sqlite,
    SqlitePool,
    "BINARY"
);
sql_auth_store!(
    /// The auth store in PostgreSQL.
    PostgresAuthStore,
    sqlx::Postgres,
    PgPool,
    "\"C\""
);
