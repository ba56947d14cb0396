use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employer_id: Uuid,
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub required_skills: String,
    pub headcount: i32,
    pub openings_left: i32,
    pub pay_min: i64,
    pub pay_max: i64,
    pub pay_unit: String,
    pub pay_cycle: String,
    pub piece_daily_estimate: Option<i64>,
    pub daily_pay_min: i64,
    pub daily_pay_max: i64,
    pub work_type: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub lat: f64,
    pub lng: f64,
    pub region_code: String,
    pub address: String,
    pub housing: bool,
    pub meals: bool,
    pub social_insurance: bool,
    pub transport: bool,
    pub languages: String,
    pub status: String,
    pub review_flags: Option<String>,
    pub review_note: Option<String>,
    pub expires_at: Option<DateTimeUtc>,
    pub opened_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
