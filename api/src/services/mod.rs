//! Use cases: load what they need, apply the rules from `domain`, store the result.
//! Handlers call exactly one service function; services never see HTTP types.

pub mod accounts;
pub mod applications;
pub mod auth;
pub mod courses;
pub mod enrollments;
pub mod jobs;
pub mod organizations;
pub mod recommendations;
pub mod reference;
pub mod search;
pub mod search_docs;
pub mod workers;
