use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub account_id: Uuid,
    pub kind: String,
    pub name: String,
    pub uscc: String,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    pub region_code: String,
    pub contact_phone_enc: String,
    pub contact_phone_masked: String,
    pub status: String,
    pub rejection_reason: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
