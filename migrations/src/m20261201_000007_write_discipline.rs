//! One write discipline (issue 8):
//!
//! - a `version` on every row that changes after it is made (postings, applications,
//!   courses, enrolments, organisations, worker profiles): each update names the version
//!   it read and bumps it, so no write can silently overwrite one it did not see;
//! - `idempotency_keys` rebuilt: a claim now holds a token and a lease instead of being
//!   judged abandoned by its age, the stored response is written in the same transaction
//!   as the request's own write, and bodies are kept encrypted. The old table only held
//!   replays of the last 24 hours, with personal data in plaintext; it is dropped, not
//!   copied.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables whose rows carry a version from now on.
const VERSIONED: [&str; 6] =
    ["jobs", "applications", "courses", "enrollments", "organizations", "worker_profiles"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in VERSIONED {
            // One column per statement: SQLite alters one column at a time.
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(integer(Alias::new("version")).default(0))
                        .to_owned(),
                )
                .await?;
        }
        manager.drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(string_len(IdempotencyKeys::Scope, 64))
                    .col(string_len(IdempotencyKeys::Key, 255))
                    .col(string_len(IdempotencyKeys::RequestHash, 64))
                    .col(uuid(IdempotencyKeys::ClaimToken))
                    .col(timestamp_with_time_zone(IdempotencyKeys::LeaseUntil))
                    .col(integer_null(IdempotencyKeys::StatusCode))
                    .col(string_null(IdempotencyKeys::ContentType))
                    .col(string_null(IdempotencyKeys::Location))
                    .col(blob_null(IdempotencyKeys::Body))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(Index::create().col(IdempotencyKeys::Scope).col(IdempotencyKeys::Key))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_keys_created_at")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in VERSIONED {
            manager
                .alter_table(
                    Table::alter().table(Alias::new(table)).drop_column(Alias::new("version")).to_owned(),
                )
                .await?;
        }
        manager.drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(string_len(IdempotencyKeys::Scope, 64))
                    .col(string_len(IdempotencyKeys::Key, 255))
                    .col(string_len(IdempotencyKeys::RequestHash, 64))
                    .col(integer_null(IdempotencyKeys::StatusCode))
                    .col(string_null(IdempotencyKeys::ContentType))
                    .col(string_null(IdempotencyKeys::Location))
                    .col(blob_null(IdempotencyKeys::Body))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(Index::create().col(IdempotencyKeys::Scope).col(IdempotencyKeys::Key))
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Scope,
    Key,
    RequestHash,
    ClaimToken,
    LeaseUntil,
    StatusCode,
    ContentType,
    Location,
    Body,
    CreatedAt,
}
