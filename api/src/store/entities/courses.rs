use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub school_id: Uuid,
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub target_level: i16,
    pub hours: i32,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub schedule: String,
    pub lat: f64,
    pub lng: f64,
    pub region_code: String,
    pub address: String,
    pub fee: i64,
    pub subsidy_eligible: bool,
    pub subsidy_amount: i64,
    pub capacity: i32,
    pub seats_taken: i32,
    pub certificate: String,
    pub mode: String,
    pub ordering_employer_id: Option<Uuid>,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
