//! The role list: every service this binary can run, in one place. Adding a service means
//! writing its crate and one entry here.

use std::fmt;

/// A role a process can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// `taskstream.auth.v1.AuthService`.
    Auth,
    /// `taskstream.tasks.v1.TaskService`.
    Tasks,
    /// `taskstream.nlp.v1.NlpService`.
    Nlp,
    /// The HTTP gateway in front of the gRPC services.
    Gateway,
}

/// Every role this build implements, in start order.
pub const IMPLEMENTED: [Role; 4] = [Role::Auth, Role::Tasks, Role::Nlp, Role::Gateway];

/// Services whose contracts exist but whose implementation has not landed yet.
const PLANNED: [&str; 4] = ["search", "analytics", "collab", "integrations"];

impl Role {
    /// The name used in `--services` and in `[remote]` config keys.
    pub fn name(self) -> &'static str {
        match self {
            Role::Auth => "auth",
            Role::Tasks => "tasks",
            Role::Nlp => "nlp",
            Role::Gateway => "gateway",
        }
    }

    /// The fully qualified gRPC service of a gRPC role; `None` for the gateway.
    pub fn grpc_service(self) -> Option<&'static str> {
        match self {
            Role::Auth => Some("taskstream.auth.v1.AuthService"),
            Role::Tasks => Some("taskstream.tasks.v1.TaskService"),
            Role::Nlp => Some("taskstream.nlp.v1.NlpService"),
            Role::Gateway => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn valid_names() -> String {
    IMPLEMENTED.map(Role::name).join(", ")
}

/// Parses a comma-separated `--services` list; order and repeats do not matter.
pub fn parse_roles(list: &str) -> Result<Vec<Role>, String> {
    let mut roles = Vec::new();
    for name in list
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        let role = IMPLEMENTED
            .into_iter()
            .find(|role| role.name() == name)
            .ok_or_else(|| {
                if PLANNED.contains(&name) {
                    format!(
                        "service `{name}` is not implemented yet; valid services: {}",
                        valid_names()
                    )
                } else {
                    format!(
                        "unknown service `{name}`; valid services: {}",
                        valid_names()
                    )
                }
            })?;
        roles.push(role);
    }
    if roles.is_empty() {
        return Err(format!(
            "no service given; valid services: {}",
            valid_names()
        ));
    }
    roles.sort();
    roles.dedup();
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_names_valid_services_on_error() {
        assert_eq!(
            parse_roles("gateway, tasks,tasks").unwrap(),
            [Role::Tasks, Role::Gateway]
        );
        let unknown = parse_roles("tasks,billing").unwrap_err();
        assert_eq!(
            unknown,
            "unknown service `billing`; valid services: auth, tasks, nlp, gateway"
        );
        let planned = parse_roles("search").unwrap_err();
        assert!(
            planned.contains("not implemented yet")
                && planned.contains("auth, tasks, nlp, gateway"),
            "{planned}"
        );
        assert!(
            parse_roles(" , ")
                .unwrap_err()
                .starts_with("no service given")
        );
    }
}
