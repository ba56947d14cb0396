//! Reference data that ships with laowu: the occupational classification and the
//! administrative divisions. The rows themselves are loaded from `domain/reference/` at
//! start-up (an idempotent upsert), so a new edition of the data needs no migration.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Occupations::Table)
                    .col(string_len(Occupations::Code, 16).primary_key())
                    .col(string(Occupations::Name))
                    .col(string(Occupations::NameEn))
                    .col(string(Occupations::Pinyin))
                    .col(string(Occupations::Initials))
                    .col(string_len_null(Occupations::ParentCode, 16))
                    .col(small_integer(Occupations::Depth))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Regions::Table)
                    .col(string_len(Regions::Code, 6).primary_key())
                    .col(string(Regions::Name))
                    .col(string(Regions::NameEn))
                    .col(string_len(Regions::Level, 16))
                    .col(string_len_null(Regions::ParentCode, 6))
                    .col(double(Regions::Lat))
                    .col(double(Regions::Lng))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Regions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Occupations::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Occupations {
    Table,
    Code,
    Name,
    NameEn,
    Pinyin,
    Initials,
    ParentCode,
    Depth,
}

#[derive(DeriveIden)]
enum Regions {
    Table,
    Code,
    Name,
    NameEn,
    Level,
    ParentCode,
    Lat,
    Lng,
}
