//! Indexes the outbox indexer needs once it consumes the table: finding a batch's claimed
//! rows by its token, and checking whether another batch is working on the same entity.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_claimed_by")
                    .table(Outbox::Table)
                    .col(Outbox::ClaimedBy)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_entity")
                    .table(Outbox::Table)
                    .col(Outbox::EntityId)
                    .col(Outbox::Topic)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_outbox_entity").table(Outbox::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("idx_outbox_claimed_by").table(Outbox::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    EntityId,
    Topic,
    ClaimedBy,
}
