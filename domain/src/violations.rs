//! Invalid commands: every field at fault at once, each with where it is and its code.
//!
//! An aggregate checks the whole command it is given (a new posting, an edit) and reports
//! all problems together, so a person filling in a form on a slow phone fixes everything in
//! one go. The field is a JSON Pointer into the command as the API takes it
//! (`/pay/min`, `/required_skills/2/occupation_code`).

use crate::Coded;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub field: String,
    pub code: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("{} invalid field(s)", .0.len())]
pub struct Violations(Vec<Violation>);

impl Violations {
    pub fn new() -> Violations {
        Violations::default()
    }

    /// The value, or `None` with its error recorded at `field`.
    pub fn check<T, E: Coded>(&mut self, field: impl Into<String>, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.code());
                None
            }
        }
    }

    pub fn add(&mut self, field: impl Into<String>, code: &'static str) {
        self.0.push(Violation { field: field.into(), code });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Violation> {
        self.0.iter()
    }

    /// The values when nothing was recorded, else every violation.
    pub fn finish<T>(self, values: Option<T>) -> Result<T, Violations> {
        match values {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(self),
        }
    }

    /// One violation on its own.
    pub fn one(field: impl Into<String>, code: &'static str) -> Violations {
        let mut v = Violations::new();
        v.add(field, code);
        v
    }
}

/// A code for a rule that has no error type of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(pub &'static str);

impl Coded for Code {
    fn code(&self) -> &'static str {
        self.0
    }
}
