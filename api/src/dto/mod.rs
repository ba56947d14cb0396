//! Request and response types: the JSON contract. Requests deny unknown fields (no mass
//! assignment); conversion into domain values collects every invalid field at once.

pub mod accounts;
pub mod applications;
pub mod auth;
pub mod courses;
pub mod enrollments;
pub mod geo;
pub mod jobs;
pub mod matching;
pub mod organizations;
pub mod page;
pub mod reference;
pub mod search;
pub mod workers;

use laowu_domain::Coded;

use crate::error::{ApiError, ApiResult, FieldError};

/// Collects field errors while a request is turned into domain values.
#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn new() -> Checks {
        Checks::default()
    }

    /// The value, or `None` with the error recorded at `pointer`.
    pub fn check<T, E: Coded>(&mut self, pointer: &str, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.0.push(FieldError::body(pointer, e.code()))).ok()
    }

    /// 422 with every recorded error, or the values when there were none.
    pub fn finish<T>(self, values: Option<T>) -> ApiResult<T> {
        match values {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(ApiError::Validation(self.0)),
        }
    }
}
