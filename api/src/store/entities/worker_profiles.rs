use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "worker_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    pub name: String,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub hukou_region_code: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub region_code: Option<String>,
    pub languages: String,
    pub education: Option<String>,
    pub desired_occupations: String,
    pub min_wage_amount: Option<i64>,
    pub min_wage_unit: Option<String>,
    pub work_types: String,
    pub available_from: Option<Date>,
    pub max_travel_km: Option<i32>,
    pub wants_training: bool,
    pub discoverable: bool,
    pub id_number_enc: Option<String>,
    pub id_number_masked: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
