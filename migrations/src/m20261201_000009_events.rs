//! Domain events (issue 9): one append-only `events` table for everything that happens
//! (a posting opened, an application moved, a profile saved), written in the same
//! transaction as the change. It replaces `status_events`, whose rows it takes over: the
//! history of a posting, an application or an enrolment is its events that changed its
//! status. The `outbox` becomes the delivery list of every consumer: each row names the
//! consumer it is for (the search index, `search`, for every row so far) and the event
//! it delivers.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(uuid(Events::Id).primary_key())
                    .col(string_len(Events::Kind, 40))
                    .col(string_len(Events::SubjectKind, 16))
                    .col(uuid(Events::SubjectId))
                    .col(string_len_null(Events::FromStatus, 16))
                    .col(string_len_null(Events::ToStatus, 16))
                    .col(uuid_null(Events::ActorId))
                    .col(string_len_null(Events::ActorRole, 16))
                    .col(text_null(Events::Note))
                    .col(text(Events::Payload))
                    .col(timestamp_with_time_zone(Events::OccurredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_events_subject")
                    .table(Events::Table)
                    .col(Events::SubjectId)
                    .col(Events::Id)
                    .to_owned(),
            )
            .await?;
        // The history so far, as status-change events (`job.moved`, `application.moved` …).
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO events (id, kind, subject_kind, subject_id, from_status, to_status, \
                 actor_id, actor_role, note, payload, occurred_at) \
                 SELECT id, subject_kind || '.moved', subject_kind, subject_id, from_status, to_status, \
                 actor_id, actor_role, note, '{}', at FROM status_events",
            )
            .await?;
        manager.drop_table(Table::drop().table(StatusEvents::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(string_len(Outbox::Consumer, 16).default("search"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(Outbox::Table).add_column(uuid_null(Outbox::EventId)).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_consumer_due")
                    .table(Outbox::Table)
                    .col(Outbox::Consumer)
                    .col(Outbox::ProcessedAt)
                    .col(Outbox::NextAttemptAt)
                    .col(Outbox::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_outbox_consumer_due").table(Outbox::Table).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::EventId).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::Consumer).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StatusEvents::Table)
                    .col(uuid(StatusEvents::Id).primary_key())
                    .col(string_len(StatusEvents::SubjectKind, 16))
                    .col(uuid(StatusEvents::SubjectId))
                    .col(string_len_null(StatusEvents::FromStatus, 16))
                    .col(string_len(StatusEvents::ToStatus, 16))
                    .col(uuid(StatusEvents::ActorId))
                    .col(string_len(StatusEvents::ActorRole, 16))
                    .col(text_null(StatusEvents::Note))
                    .col(timestamp_with_time_zone(StatusEvents::At))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO status_events (id, subject_kind, subject_id, from_status, to_status, \
                 actor_id, actor_role, note, at) \
                 SELECT id, subject_kind, subject_id, from_status, to_status, actor_id, actor_role, note, \
                 occurred_at FROM events WHERE to_status IS NOT NULL AND actor_id IS NOT NULL",
            )
            .await?;
        manager.drop_table(Table::drop().table(Events::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Kind,
    SubjectKind,
    SubjectId,
    FromStatus,
    ToStatus,
    ActorId,
    ActorRole,
    Note,
    Payload,
    OccurredAt,
}

#[derive(DeriveIden)]
enum StatusEvents {
    Table,
    Id,
    SubjectKind,
    SubjectId,
    FromStatus,
    ToStatus,
    ActorId,
    ActorRole,
    Note,
    At,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Consumer,
    EventId,
    ProcessedAt,
    NextAttemptAt,
    Id,
}
