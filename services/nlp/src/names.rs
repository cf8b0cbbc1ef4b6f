//! The resource names the NLP service reads, parsed in one place so every RPC accepts and
//! refuses the same shapes.

use taskstream_runtime::{ServiceError, ServiceResult};

fn invalid(field: &str, shape: &str) -> ServiceError {
    ServiceError::invalid_argument(vec![(field.to_owned(), format!("must be `{shape}`"))])
}

/// Splits `name` on `/` and checks it against `pattern` (`{…}` parts are ids: non-empty);
/// the ids in order.
fn parse<'a>(field: &str, name: &'a str, pattern: &str) -> ServiceResult<Vec<&'a str>> {
    let parts: Vec<&str> = name.split('/').collect();
    let expected: Vec<&str> = pattern.split('/').collect();
    if parts.len() != expected.len() {
        return Err(invalid(field, pattern));
    }
    let mut ids = Vec::new();
    for (part, want) in parts.iter().zip(&expected) {
        if want.starts_with('{') {
            if part.is_empty() {
                return Err(invalid(field, pattern));
            }
            ids.push(*part);
        } else if part != want {
            return Err(invalid(field, pattern));
        }
    }
    Ok(ids)
}

/// `workspaces/{workspace}` → the workspace id.
pub fn workspace<'a>(field: &str, name: &'a str) -> ServiceResult<&'a str> {
    Ok(parse(field, name, "workspaces/{workspace}")?[0])
}

/// `workspaces/{workspace}/projects/{project}` → the workspace id.
pub fn project_workspace<'a>(field: &str, name: &'a str) -> ServiceResult<&'a str> {
    Ok(parse(field, name, "workspaces/{workspace}/projects/{project}")?[0])
}

/// `workspaces/{workspace}/transcriptSessions/{transcript_session}` → (workspace, session).
pub fn session(field: &str, name: &str) -> ServiceResult<(String, String)> {
    let ids = parse(
        field,
        name,
        "workspaces/{workspace}/transcriptSessions/{transcript_session}",
    )?;
    Ok((ids[0].to_owned(), ids[1].to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_strangers_are_refused() {
        assert_eq!(workspace("w", "workspaces/a").unwrap(), "a");
        assert_eq!(
            project_workspace("p", "workspaces/a/projects/b").unwrap(),
            "a"
        );
        assert_eq!(
            session("s", "workspaces/a/transcriptSessions/b").unwrap(),
            ("a".to_owned(), "b".to_owned())
        );
        for bad in [
            "",
            "workspaces/",
            "workspaces/a/b",
            "projects/a",
            "workspaces//projects/b",
        ] {
            assert!(workspace("w", bad).is_err(), "{bad}");
            assert!(project_workspace("p", bad).is_err(), "{bad}");
        }
        assert!(session("s", "workspaces/a/transcriptSessions/").is_err());
    }
}
