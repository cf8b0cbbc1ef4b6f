//! Resource names of the service (`workspaces/{workspace}/projects/{project}`): parsing with
//! errors that name the offending field, and formatting.

use taskstream_runtime::{ServiceError, ServiceResult};

/// A workspace id: 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit.
fn is_workspace_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 63
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// A server-assigned resource id (a UUID in its hyphenated lowercase form).
fn is_resource_id(id: &str) -> bool {
    id.len() == 36
        && uuid::Uuid::try_parse(id).is_ok_and(|uuid| uuid.hyphenated().to_string() == id)
}

fn invalid(field: &str, pattern: &str) -> ServiceError {
    ServiceError::invalid_argument(vec![(
        field.to_owned(),
        format!("must look like `{pattern}`"),
    )])
}

/// `workspaces/{workspace}` → the workspace id.
pub fn parse_workspace<'a>(field: &str, name: &'a str) -> ServiceResult<&'a str> {
    match name.strip_prefix("workspaces/") {
        Some(id) if is_workspace_id(id) => Ok(id),
        _ => Err(invalid(field, "workspaces/{workspace}")),
    }
}

/// A project: workspace id and project id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectName<'a> {
    /// The workspace id.
    pub workspace: &'a str,
    /// The project id.
    pub project: &'a str,
}

/// `workspaces/{workspace}/projects/{project}` → its parts.
pub fn parse_project<'a>(field: &str, name: &'a str) -> ServiceResult<ProjectName<'a>> {
    let mut parts = name.split('/');
    match (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) {
        (Some("workspaces"), Some(workspace), Some("projects"), Some(project), None)
            if is_workspace_id(workspace) && is_resource_id(project) =>
        {
            Ok(ProjectName { workspace, project })
        }
        _ => Err(invalid(field, "workspaces/{workspace}/projects/{project}")),
    }
}

/// Formats a project's name.
pub fn project_name(workspace: &str, project: &str) -> String {
    format!("workspaces/{workspace}/projects/{project}")
}

/// Whether `name` is a `users/{user}` reference.
pub fn is_user_name(name: &str) -> bool {
    name.strip_prefix("users/").is_some_and(|id| {
        !id.is_empty()
            && id.len() <= 63
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_good_names_and_rejects_hostile_ones() {
        let id = "0192f0c4-5d1e-7c3a-9b2e-0123456789ab";
        let name = format!("workspaces/acme/projects/{id}");
        assert_eq!(
            parse_project("name", &name).unwrap(),
            ProjectName {
                workspace: "acme",
                project: id
            }
        );
        for bad in [
            "",
            "workspaces/acme",
            "workspaces/acme/projects/",
            "workspaces/ACME/projects/0192f0c4-5d1e-7c3a-9b2e-0123456789ab",
            "workspaces/acme/projects/../../x",
            "workspaces/acme/projects/0192F0C4-5D1E-7C3A-9B2E-0123456789AB",
            "workspaces/acme/projects/0192f0c4-5d1e-7c3a-9b2e-0123456789ab/tasks",
            "workspaces/acme%2Fx/projects/0192f0c4-5d1e-7c3a-9b2e-0123456789ab",
        ] {
            let error = parse_project("name", bad).unwrap_err();
            assert_eq!(error.violations()[0].0, "name", "{bad}");
        }
        assert_eq!(
            parse_workspace("parent", "workspaces/acme-1").unwrap(),
            "acme-1"
        );
        assert!(parse_workspace("parent", "workspaces/-x").is_err());
        assert!(parse_workspace("parent", "workspaces/a/b").is_err());
        assert!(is_user_name("users/u-1"));
        assert!(!is_user_name("users/"));
        assert!(!is_user_name("workspaces/u"));
    }
}
