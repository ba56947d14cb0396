//! The laowu database schema, as an ordered list of migrations.
//!
//! Every migration runs on both SQLite (the embedded default) and PostgreSQL, so it uses
//! only what sea-query renders for both. A shipped migration is never edited: change the
//! schema with a new one.

// async_trait's expansion rejects `SchemaManager<'_>`, so the elided lifetime stays hidden.
#![allow(elided_lifetimes_in_paths)]

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_accounts;
mod m20261129_000002_http_support;
mod m20261129_000003_reference_data;
mod m20261129_000004_marketplace;
mod m20261129_000005_outbox;
mod m20261130_000006_outbox_indexer;
mod m20261201_000007_write_discipline;
mod m20261201_000008_auth_hardening;
mod m20261201_000009_events;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_accounts::Migration),
            Box::new(m20261129_000002_http_support::Migration),
            Box::new(m20261129_000003_reference_data::Migration),
            Box::new(m20261129_000004_marketplace::Migration),
            Box::new(m20261129_000005_outbox::Migration),
            Box::new(m20261130_000006_outbox_indexer::Migration),
            Box::new(m20261201_000007_write_discipline::Migration),
            Box::new(m20261201_000008_auth_hardening::Migration),
            Box::new(m20261201_000009_events::Migration),
        ]
    }
}
