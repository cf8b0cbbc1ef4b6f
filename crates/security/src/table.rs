//! The authorization table (`authorization.toml`): for every RPC of every service, what it
//! needs; for every role, what it grants. Data, read once at start, so no handler has to
//! remember a permission check.

use std::{collections::BTreeMap, fmt::Write as _, sync::LazyLock};

use serde::Deserialize;

/// A role in a workspace, weakest first; each holds every grant of the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads what is visible to them; never writes.
    Viewer,
    /// Works in the workspace.
    Member,
    /// Administers members, credentials, integrations and the audit log.
    Admin,
    /// Full control.
    Owner,
}

impl Role {
    /// Every role, weakest first.
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Member, Role::Admin, Role::Owner];

    /// The role's name in the table and in tokens.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Member => "member",
            Role::Admin => "admin",
            Role::Owner => "owner",
        }
    }
}

/// What kind of caller an RPC admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AccessKind {
    /// Anyone, without credentials.
    Public,
    /// Any valid principal.
    Authenticated,
    /// A member of the workspace named by the request, holding the permission.
    #[default]
    Workspace,
    /// Deployment operators.
    Operator,
    /// Services of the mesh itself.
    Internal,
}

/// One or several request field paths that name the resource acted on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
enum FieldPaths {
    One(String),
    Alternatives(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodEntry {
    #[serde(default)]
    access: AccessKind,
    permission: Option<String>,
    resource: Option<FieldPaths>,
    #[serde(default)]
    streaming: bool,
    condition: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    roles: BTreeMap<Role, Vec<String>>,
    methods: BTreeMap<String, MethodEntry>,
}

/// What one RPC needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodRule {
    /// The kind of caller admitted.
    pub access: AccessKind,
    /// The permission checked, for `workspace` and `operator` access.
    pub permission: Option<String>,
    /// Request field paths naming the resource (the first non-empty one counts).
    pub resource: Vec<String>,
    /// Whether the resource comes from the first message of a client stream.
    pub streaming: bool,
    /// The attribute check under which callers whose role lacks the permission are admitted.
    pub condition: Option<String>,
}

/// Conditions the services know how to verify.
pub const CONDITIONS: [&str; 1] = ["IS_TASK_ASSIGNEE"];

/// The parsed table.
#[derive(Debug)]
pub struct AuthorizationTable {
    methods: BTreeMap<String, MethodRule>,
    grants: BTreeMap<Role, Vec<String>>,
}

/// The table of this build.
pub static TABLE: LazyLock<AuthorizationTable> = LazyLock::new(|| {
    AuthorizationTable::parse(include_str!("../authorization.toml"))
        .unwrap_or_else(|error| panic!("authorization.toml is invalid: {error}"))
});

impl AuthorizationTable {
    /// Parses and checks a table.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: TableFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut methods = BTreeMap::new();
        for (method, entry) in file.methods {
            let resource = match entry.resource {
                None => Vec::new(),
                Some(FieldPaths::One(path)) => vec![path],
                Some(FieldPaths::Alternatives(paths)) => paths,
            };
            let needs_permission =
                matches!(entry.access, AccessKind::Workspace | AccessKind::Operator);
            if needs_permission != entry.permission.is_some() {
                return Err(format!(
                    "{method}: `permission` goes with workspace and operator access only"
                ));
            }
            if (entry.access == AccessKind::Workspace) == resource.is_empty() {
                return Err(format!(
                    "{method}: `resource` goes with workspace access only, and it needs one"
                ));
            }
            if let Some(permission) = &entry.permission
                && permission.split('.').count() != 3
            {
                return Err(format!(
                    "{method}: permission `{permission}` is not <service>.<collection>.<verb>"
                ));
            }
            if let Some(condition) = &entry.condition
                && (!CONDITIONS.contains(&condition.as_str())
                    || entry.access != AccessKind::Workspace)
            {
                return Err(format!(
                    "{method}: condition `{condition}` is unknown or not on a workspace RPC"
                ));
            }
            methods.insert(
                method,
                MethodRule {
                    access: entry.access,
                    permission: entry.permission,
                    resource,
                    streaming: entry.streaming,
                    condition: entry.condition,
                },
            );
        }
        for role in Role::ALL {
            if !file.roles.contains_key(&role) {
                return Err(format!("role `{}` has no grants", role.as_str()));
            }
        }
        Ok(Self {
            methods,
            grants: file.roles,
        })
    }

    /// The rule of a fully qualified method (`taskstream.tasks.v1.TaskService/GetTask`).
    pub fn rule(&self, method: &str) -> Option<&MethodRule> {
        self.methods.get(method)
    }

    /// Every method of the table.
    pub fn methods(&self) -> impl Iterator<Item = (&str, &MethodRule)> {
        self.methods
            .iter()
            .map(|(method, rule)| (method.as_str(), rule))
    }

    /// Whether `role` holds `permission`, its own grants or those of a weaker role.
    pub fn allows(&self, role: Role, permission: &str) -> bool {
        Role::ALL
            .into_iter()
            .filter(|granted| *granted <= role)
            .flat_map(|granted| self.grants.get(&granted).into_iter().flatten())
            .any(|pattern| matches_pattern(pattern, permission))
    }

    /// The weakest role holding `permission`, if any.
    pub fn weakest_role(&self, permission: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|role| self.allows(*role, permission))
    }

    /// The table as the Markdown of `docs/authorization.md`.
    pub fn render_markdown(&self) -> String {
        let mut out = String::from(
            "# Authorization\n\n\
             Generated from `crates/security/authorization.toml` (a test fails when this file and \
             the table disagree, or when an RPC of the contracts is missing from the table). \
             The access layer every gRPC server mounts enforces it before a request reaches its \
             service.\n\n\
             - **public**: no credentials.\n\
             - **authenticated**: any valid access token; the service scopes the call to its principal.\n\
             - **workspace**: the caller must be a member of the workspace named by the request \
             field in *resource*, with a role holding the permission. Non-members get `NOT_FOUND` \
             (a foreign workspace is indistinguishable from a missing one); members whose role \
             lacks the permission get `PERMISSION_DENIED`.\n\
             - **operator**: deployment operators only. **internal**: services of the mesh only.\n\n\
             ## Roles\n\nRoles are cumulative: each holds every grant of the roles above it.\n\n\
             | role | grants |\n|---|---|\n",
        );
        for (role, grants) in &self.grants {
            let _ = writeln!(out, "| {} | `{}` |", role.as_str(), grants.join("`, `"));
        }
        out.push_str(
            "\n## Conditions\n\nA method with a condition also admits callers whose role lacks its \
             permission, on that condition only; the service owning the resource verifies it before \
             writing, and refuses with `PERMISSION_DENIED` when it does not hold.\n\n\
             - `IS_TASK_ASSIGNEE`: the caller is one of the task's assignees (so a viewer may move \
             and edit the tasks assigned to them).\n\n\
             Project membership narrows what the table grants: a project with members is written \
             only by its members and by workspace admins and owners (`PERMISSION_DENIED`, reason \
             `NOT_A_PROJECT_MEMBER`); a project without members is open to the whole workspace. \
             The task service enforces it with the caller's role, which the guard passes on.\n",
        );
        out.push_str("\n## Methods\n\n| method | access | permission | resource | weakest role | otherwise, if |\n|---|---|---|---|---|---|\n");
        for (method, rule) in &self.methods {
            let access = format!("{:?}", rule.access).to_lowercase();
            let permission = rule.permission.as_deref().unwrap_or("");
            let resource = rule.resource.join(" or ");
            let role = match (rule.access, &rule.permission) {
                (AccessKind::Workspace, Some(permission)) => self
                    .weakest_role(permission)
                    .map(Role::as_str)
                    .unwrap_or("none"),
                _ => "",
            };
            let resource = if rule.streaming {
                format!("{resource} (first message)")
            } else {
                resource
            };
            let _ = writeln!(
                out,
                "| `{method}` | {access} | `{permission}` | `{resource}` | {role} |"
            );
        }
        out.replace("| `` |", "|  |")
    }
}

/// `*` matches exactly one dot-separated part.
pub fn matches_pattern(pattern: &str, permission: &str) -> bool {
    let mut parts = permission.split('.');
    let matched = pattern.split('.').all(|want| match parts.next() {
        Some(part) => want == "*" || want == part,
        None => false,
    });
    matched && parts.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_cumulative_and_patterns_match_whole_parts() {
        let table = &*TABLE;
        assert!(table.allows(Role::Viewer, "tasks.projects.get"));
        assert!(!table.allows(Role::Viewer, "tasks.projects.create"));
        assert!(table.allows(Role::Member, "tasks.projects.create"));
        assert!(
            table.allows(Role::Member, "tasks.projects.list"),
            "member holds viewer grants"
        );
        assert!(!table.allows(Role::Member, "auth.members.update"));
        assert!(table.allows(Role::Admin, "auth.members.update"));
        assert!(!table.allows(Role::Admin, "auth.workspaces.delete"));
        assert!(table.allows(Role::Owner, "auth.workspaces.delete"));
        assert!(!matches_pattern("tasks.*", "tasks.projects.get"));
        assert!(!matches_pattern("*.*.get", "tasks.projects.getter"));
        assert_eq!(table.weakest_role("tasks.tasks.update"), Some(Role::Member));
    }

    #[test]
    fn bad_tables_are_refused() {
        let roles = "[roles]\nviewer=[]\nmember=[]\nadmin=[]\nowner=[]\n[methods]\n";
        assert!(
            AuthorizationTable::parse(&format!("{roles}\"a/B\" = {{ permission = \"x.y.z\" }}"))
                .is_err()
        );
        assert!(
            AuthorizationTable::parse(&format!(
                "{roles}\"a/B\" = {{ access = \"public\", permission = \"x.y.z\" }}"
            ))
            .is_err()
        );
        assert!(
            AuthorizationTable::parse(&format!(
                "{roles}\"a/B\" = {{ permission = \"x.y\", resource = \"name\" }}"
            ))
            .is_err()
        );
        assert!(
            AuthorizationTable::parse(&format!("{roles}\"a/B\" = {{ permision = \"x.y.z\" }}"))
                .is_err()
        );
        assert!(
            AuthorizationTable::parse(&format!("{roles}\"a/B\" = {{ access = \"public\" }}"))
                .is_ok()
        );
    }
}
