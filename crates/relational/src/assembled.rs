//! Queries assembled at run time from fixed fragments, with every value bound: placeholders
//! are numbered as values are added, which both SQLite and PostgreSQL read as `$n`.

use sqlx::{Database, Encode, Type, query::QueryAs};

/// A value bound into an assembled query.
pub enum Bind {
    /// Text.
    Text(String),
    /// An integer.
    Int(i64),
}

/// The values of an assembled query, in placeholder order.
#[derive(Default)]
pub struct Binds(Vec<Bind>);

impl Binds {
    /// No values yet: the first one added is `$1`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `value` and returns its placeholder (`$1`, `$2`, ...).
    pub fn push(&mut self, value: Bind) -> String {
        self.0.push(value);
        format!("${}", self.0.len())
    }

    /// Binds every value onto `query`, in order.
    pub fn apply<'q, DB, O>(
        self,
        mut query: QueryAs<'q, DB, O, <DB as Database>::Arguments<'q>>,
    ) -> QueryAs<'q, DB, O, <DB as Database>::Arguments<'q>>
    where
        DB: Database,
        String: Encode<'q, DB> + Type<DB>,
        i64: Encode<'q, DB> + Type<DB>,
    {
        for value in self.0 {
            query = match value {
                Bind::Text(text) => query.bind(text),
                Bind::Int(number) => query.bind(number),
            };
        }
        query
    }
}
