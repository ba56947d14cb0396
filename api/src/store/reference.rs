//! Copies the reference data compiled into the binary into the database at start-up
//! (an idempotent upsert), so reports can join on occupations and regions.

use laowu_domain::reference::Catalogue;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

use super::entities::{occupations, regions};

const BATCH: usize = 200;

pub async fn sync(db: &impl ConnectionTrait, catalogue: &Catalogue) -> Result<(), DbErr> {
    for chunk in catalogue.occupations.chunks(BATCH) {
        let rows = chunk.iter().map(|o| occupations::ActiveModel {
            code: Set(o.code.clone()),
            name: Set(o.name.clone()),
            name_en: Set(o.name_en.clone()),
            pinyin: Set(o.pinyin.clone()),
            initials: Set(o.initials.clone()),
            parent_code: Set(o.parent_code.clone()),
            depth: Set(i16::from(o.depth)),
        });
        occupations::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(occupations::Column::Code)
                    .update_columns([
                        occupations::Column::Name,
                        occupations::Column::NameEn,
                        occupations::Column::Pinyin,
                        occupations::Column::Initials,
                        occupations::Column::ParentCode,
                        occupations::Column::Depth,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    let rows = catalogue.regions.iter().map(|r| regions::ActiveModel {
        code: Set(r.code.clone()),
        name: Set(r.name.clone()),
        name_en: Set(r.name_en.clone()),
        level: Set(r.level.clone()),
        parent_code: Set(r.parent_code.clone()),
        lat: Set(r.lat),
        lng: Set(r.lng),
    });
    regions::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(regions::Column::Code)
                .update_columns([
                    regions::Column::Name,
                    regions::Column::NameEn,
                    regions::Column::Level,
                    regions::Column::ParentCode,
                    regions::Column::Lat,
                    regions::Column::Lng,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
