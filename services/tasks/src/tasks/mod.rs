//! The task resource: records as stored, the project workflow, history rows, and the
//! conversions between them and the contract's messages.

pub mod api;
mod store;

pub use store::{
    BLOCKS, Cursor, EventEncoder, PostgresTaskStore, RelationRecord, SqliteTaskStore, StoredEvent,
    TaskChange, TaskFilter, TaskOrder, TaskStore,
};

use prost_types::Timestamp;
use taskstream_proto::{google::r#type::Date, tasks_v1 as pb};

/// The default workflow every new project gets: (id, name, group, default).
pub const DEFAULT_WORKFLOW: [(&str, &str, pb::StateGroup, bool); 5] = [
    ("backlog", "Backlog", pb::StateGroup::Backlog, false),
    ("todo", "Todo", pb::StateGroup::Unstarted, true),
    ("in-progress", "In Progress", pb::StateGroup::Started, false),
    ("done", "Done", pb::StateGroup::Completed, false),
    ("cancelled", "Cancelled", pb::StateGroup::Cancelled, false),
];

/// A stored task.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TaskRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// Project id.
    pub project_id: String,
    /// The project's key (immutable, so copied here).
    pub project_key: String,
    /// Task id (UUIDv7).
    pub id: String,
    /// Per-project number (the 42 of `WEB-42`).
    pub number: i64,
    /// Title.
    pub title: String,
    /// Markdown description.
    pub description: String,
    /// Workflow state id.
    pub state_id: String,
    /// `StateGroup` number of the state.
    pub state_group: i64,
    /// `Priority` number.
    pub priority: i64,
    /// ` users/a users/b ` (space-delimited, padded).
    pub assignees: String,
    /// ` label-a label-b ` (label ids, space-delimited, padded).
    pub labels: String,
    /// `users/{user}` or empty.
    pub reporter: String,
    /// Parent task id or empty.
    pub parent_id: String,
    /// YYYY-MM-DD or empty.
    pub start_date: String,
    /// YYYY-MM-DD or empty.
    pub due_date: String,
    /// µs since the epoch.
    pub due_time: Option<i64>,
    /// Estimate.
    pub estimate: f64,
    /// JSON of the source.
    pub source: String,
    /// JSON of the external links.
    pub external_links: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub update_time: i64,
    /// µs since the epoch.
    pub complete_time: Option<i64>,
    /// µs since the epoch.
    pub delete_time: Option<i64>,
    /// Write counter.
    pub version: i64,
    /// Live subtasks (read, never written).
    #[sqlx(default)]
    pub subtask_count: i64,
}

impl TaskRecord {
    /// The resource name.
    pub fn name(&self) -> String {
        format!(
            "workspaces/{}/projects/{}/tasks/{}",
            self.workspace_id, self.project_id, self.id
        )
    }

    /// The assignees as a list.
    pub fn assignee_list(&self) -> Vec<String> {
        self.assignees
            .split(' ')
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The label ids as a list.
    pub fn label_list(&self) -> Vec<String> {
        self.labels
            .split(' ')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// The padded, space-delimited form of an assignee or label list.
pub fn assignee_column(assignees: &[String]) -> String {
    if assignees.is_empty() {
        " ".into()
    } else {
        format!(" {} ", assignees.join(" "))
    }
}

/// A label of a project.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LabelRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// Project id.
    pub project_id: String,
    /// Label id.
    pub id: String,
    /// Name shown to people.
    pub display_name: String,
    /// `#rrggbb` or empty.
    pub color: String,
    /// What it means.
    pub description: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// Write counter.
    pub version: i64,
}

impl LabelRecord {
    /// The resource name.
    pub fn name(&self) -> String {
        format!(
            "workspaces/{}/projects/{}/labels/{}",
            self.workspace_id, self.project_id, self.id
        )
    }
}

/// A comment on a task.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommentRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// Project id.
    pub project_id: String,
    /// Task id.
    pub task_id: String,
    /// Comment id (UUIDv7).
    pub id: String,
    /// `users/{user}`.
    pub author: String,
    /// Markdown body.
    pub body: String,
    /// µs since the epoch.
    pub create_time: i64,
    /// µs since the epoch.
    pub update_time: i64,
    /// µs since the epoch.
    pub delete_time: Option<i64>,
    /// Write counter.
    pub version: i64,
}

/// A state of a project's workflow.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StateRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// Project id.
    pub project_id: String,
    /// State id.
    pub id: String,
    /// Name shown to people.
    pub display_name: String,
    /// `StateGroup` number.
    pub state_group: i64,
    /// Board order.
    pub position: i64,
    /// Space-separated ids of the states it may move to; empty for any.
    pub allowed_transitions: String,
    /// 1 for the state new tasks start in.
    pub is_default: i64,
    /// Write counter.
    pub version: i64,
}

impl StateRecord {
    /// The resource name.
    pub fn name(&self) -> String {
        format!(
            "workspaces/{}/projects/{}/states/{}",
            self.workspace_id, self.project_id, self.id
        )
    }

    /// Whether a task in this state may move to `target`.
    pub fn allows(&self, target: &str) -> bool {
        self.allowed_transitions.is_empty()
            || self.allowed_transitions.split(' ').any(|id| id == target)
    }
}

/// One recorded change of one field.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HistoryRow {
    /// Position of the change's event.
    pub position: i64,
    /// Proto field path.
    pub field: String,
    /// Who changed it.
    pub actor: String,
    /// µs since the epoch.
    pub change_time: i64,
    /// Old value as proto3 JSON.
    pub old_value: String,
    /// New value as proto3 JSON.
    pub new_value: String,
}

/// A timestamp from µs since the epoch.
pub fn timestamp(micros: i64) -> Timestamp {
    Timestamp {
        seconds: micros.div_euclid(1_000_000),
        nanos: (micros.rem_euclid(1_000_000) * 1000) as i32,
    }
}

/// µs since the epoch of a timestamp.
pub fn micros(timestamp: &Timestamp) -> i64 {
    timestamp
        .seconds
        .saturating_mul(1_000_000)
        .saturating_add(i64::from(timestamp.nanos) / 1000)
}

/// `YYYY-MM-DD` of a date, `None` when it is not a valid calendar date.
pub fn date_text(date: &Date) -> Option<String> {
    let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0);
    let days = match date.month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=9999).contains(&date.year) && (1..=days).contains(&date.day))
        .then(|| format!("{:04}-{:02}-{:02}", date.year, date.month, date.day))
}

/// The date of a `YYYY-MM-DD` text.
pub fn date_of(text: &str) -> Option<Date> {
    let mut parts = text.split('-').map(|p| p.parse::<i32>().ok());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Some(year)), Some(Some(month)), Some(Some(day))) => Some(Date { year, month, day }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_round_trip() {
        let date = Date {
            year: 2028,
            month: 2,
            day: 29,
        };
        assert_eq!(date_text(&date).as_deref(), Some("2028-02-29"));
        assert_eq!(date_of("2028-02-29"), Some(date));
        assert_eq!(
            date_text(&Date {
                year: 2027,
                month: 2,
                day: 29
            }),
            None
        );
        assert_eq!(
            date_text(&Date {
                year: 2027,
                month: 13,
                day: 1
            }),
            None
        );
        assert_eq!(
            date_text(&Date {
                year: 0,
                month: 1,
                day: 1
            }),
            None
        );
        assert_eq!(assignee_column(&[]), " ");
        assert_eq!(assignee_column(&["users/a".into()]), " users/a ");
    }
}
