//! Throttles that count attempts before the password is checked, and the deny-list of
//! ended logins.
//!
//! `auth_throttle` replaces `login_throttle` (whose rows only counted failures after the
//! fact): one row per key — a (phone, address) pair, a phone, an address, or the same for
//! registration — with the attempts in its current window and the time of the last one.
//! The old counters are dropped; they only ever held blocks of at most 15 minutes.
//!
//! `revoked_sessions` lists logins (refresh-token families, the `sid` claim of access
//! tokens) that were ended by logout or reuse detection, until the last access token they
//! could have issued has expired.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LoginThrottle::Table).if_exists().to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(AuthThrottle::Table)
                    .col(string_len(AuthThrottle::Key, 200).primary_key())
                    .col(integer(AuthThrottle::Attempts))
                    .col(timestamp_with_time_zone(AuthThrottle::WindowStart))
                    .col(timestamp_with_time_zone(AuthThrottle::LastAttemptAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_auth_throttle_last_attempt")
                    .table(AuthThrottle::Table)
                    .col(AuthThrottle::LastAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RevokedSessions::Table)
                    .col(uuid(RevokedSessions::SessionId).primary_key())
                    .col(uuid(RevokedSessions::AccountId))
                    .col(timestamp_with_time_zone(RevokedSessions::RevokedAt))
                    .col(timestamp_with_time_zone(RevokedSessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_revoked_sessions_expires")
                    .table(RevokedSessions::Table)
                    .col(RevokedSessions::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RevokedSessions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AuthThrottle::Table).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(string_len(LoginThrottle::Key, 100).primary_key())
                    .col(integer(LoginThrottle::Failures))
                    .col(timestamp_with_time_zone(LoginThrottle::WindowStart))
                    .col(timestamp_with_time_zone_null(LoginThrottle::BlockedUntil))
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    WindowStart,
    BlockedUntil,
}

#[derive(DeriveIden)]
enum AuthThrottle {
    Table,
    Key,
    Attempts,
    WindowStart,
    LastAttemptAt,
}

#[derive(DeriveIden)]
enum RevokedSessions {
    Table,
    SessionId,
    AccountId,
    RevokedAt,
    ExpiresAt,
}
