//! End-to-end tests: the real app over HTTP. Run on SQLite by default; set
//! `LAOWU_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres` to run the same
//! tests on PostgreSQL (each test gets its own fresh database).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod applications;
mod auth;
mod bodies;
mod concurrency;
mod connections;
mod courses;
mod demo;
mod docs;
mod enrollments;
mod errors;
mod hashing;
mod http_features;
mod idempotency;
mod indexer;
mod job_list;
mod jobs;
mod organizations;
mod outbox;
mod reference;
mod search;
mod security;
mod system;
mod throttle;
mod tokens;
mod visibility;
mod workers;
