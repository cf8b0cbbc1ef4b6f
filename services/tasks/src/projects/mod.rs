//! The project resource: its validation rules, its store port and the SQL adapters.

mod store;

pub use store::{PostgresProjectStore, ProjectStore, SqliteProjectStore};

use taskstream_runtime::Violations;

use crate::names;

/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 200;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;

/// A stored project.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProjectRecord {
    /// Owning workspace id.
    pub workspace_id: String,
    /// Project id (UUIDv7).
    pub id: String,
    /// Uppercase key (`WEB`).
    pub key: String,
    /// Name shown to people.
    pub display_name: String,
    /// Markdown description.
    pub description: String,
    /// Lead as `users/{user}`, or empty.
    pub lead: String,
    /// Creation time, µs since the epoch.
    pub create_time: i64,
    /// Last change, µs since the epoch.
    pub update_time: i64,
    /// Soft-delete time, µs since the epoch.
    pub delete_time: Option<i64>,
    /// Incremented by every write; the etag is derived from it.
    pub version: i64,
}

impl ProjectRecord {
    /// The etag clients send back.
    pub fn etag(&self) -> String {
        taskstream_runtime::etag::format_etag(self.version)
    }
}

/// A project to create.
#[derive(Debug, Clone)]
pub struct NewProject {
    /// Owning workspace id.
    pub workspace_id: String,
    /// Server-assigned id.
    pub id: String,
    /// Uppercase key.
    pub key: String,
    /// Name shown to people.
    pub display_name: String,
    /// Markdown description.
    pub description: String,
    /// Lead, or empty.
    pub lead: String,
    /// Creation time, µs since the epoch.
    pub create_time: i64,
}

/// The new values of an update; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectChanges {
    /// New display name.
    pub display_name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New lead (empty clears it).
    pub lead: Option<String>,
}

/// Checks a project key: 2 to 10 characters, an uppercase letter then uppercase letters or digits.
pub fn check_key(violations: &mut Violations, field: &str, key: &str) {
    let valid = (2..=10).contains(&key.len())
        && key.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && key
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    violations.check(valid, field, || {
        "must be 2 to 10 characters: an uppercase letter, then uppercase letters or digits".into()
    });
}

/// Checks and normalises (trims) a display name.
pub fn check_display_name(violations: &mut Violations, field: &str, value: &str) -> String {
    let trimmed = value.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        violations.add(field, "is required");
    } else if chars > MAX_DISPLAY_NAME_CHARS {
        violations.add(
            field,
            format!("is {chars} characters; at most {MAX_DISPLAY_NAME_CHARS} allowed"),
        );
    } else if trimmed.chars().any(char::is_control) {
        violations.add(field, "must not contain control characters");
    }
    trimmed.to_owned()
}

/// Checks a description's length.
pub fn check_description(violations: &mut Violations, field: &str, value: &str) {
    let chars = value.chars().count();
    violations.check(chars <= MAX_DESCRIPTION_CHARS, field, || {
        format!("is {chars} characters; at most {MAX_DESCRIPTION_CHARS} allowed")
    });
}

/// Checks a lead reference (empty or `users/{user}`).
pub fn check_lead(violations: &mut Violations, field: &str, value: &str) {
    violations.check(
        value.is_empty() || names::is_user_name(value),
        field,
        || "must be empty or look like `users/{user}`".into(),
    );
}
