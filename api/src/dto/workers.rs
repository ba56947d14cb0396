//! The worker-profile contract.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use laowu_domain::occupation::SkillLevel;
use laowu_domain::pay::{Money, PayUnit, WageFloor};
use laowu_domain::work::{Education, Gender, Language, WorkType};
use laowu_domain::{IdNumber, text};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Number;
use utoipa::ToSchema;

use super::Checks;
use super::geo::Location;
use super::jobs::{check_occupation, money, yuan};
use super::organizations::check_location;
use crate::error::ApiResult;
use crate::store::workers::{ProfileRecord, SkillRecord};

pub const MAX_SKILLS: usize = 20;
pub const MAX_DESIRED: usize = 10;

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillInput {
    #[schema(example = "6-18-02-04")]
    pub occupation_code: String,
    /// 1 (五级/初级工) to 5 (一级/高级技师).
    #[schema(example = 2)]
    pub level: u8,
    /// Years of experience.
    #[serde(default)]
    #[schema(example = 3)]
    pub years: u8,
    /// Vocational skill certificate number, if any.
    pub certificate_no: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WageInput {
    /// Yuan per `unit`.
    #[schema(value_type = f64, example = 250)]
    pub amount: Number,
    /// `hour`, `day` or `month`.
    #[schema(value_type = String, example = "day")]
    pub unit: PayUnit,
}

fn default_languages() -> Vec<Language> {
    vec![Language::Zh]
}

/// `null` and absent differ for the ID number: absent keeps it, null removes it.
fn double_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// The whole profile, as `PUT` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    #[schema(example = "巴特尔")]
    pub name: String,
    /// `male` or `female`.
    #[schema(value_type = Option<String>, example = "male")]
    pub gender: Option<Gender>,
    #[schema(example = 1988)]
    pub birth_year: Option<u16>,
    /// Registered origin (户籍), a GB/T 2260 code.
    #[schema(example = "152523")]
    pub hukou_region_code: Option<String>,
    /// Where the worker is now.
    pub location: Option<Location>,
    #[schema(example = "152501")]
    pub region_code: Option<String>,
    /// `zh`, `mn`, `en`, `ru` (default `["zh"]`).
    #[serde(default = "default_languages")]
    #[schema(value_type = Vec<String>, example = json!(["mn", "zh"]))]
    pub languages: Vec<Language>,
    /// `none`, `primary`, `junior_secondary`, `senior_secondary`, `vocational`, `college`, `bachelor_or_above`.
    #[schema(value_type = Option<String>, example = "junior_secondary")]
    pub education: Option<Education>,
    #[serde(default)]
    pub skills: Vec<SkillInput>,
    /// Occupation codes (any level) the worker wants.
    #[serde(default)]
    pub desired_occupations: Vec<String>,
    /// The lowest pay the worker accepts.
    pub min_wage: Option<WageInput>,
    /// `full_time`, `seasonal`, `day_labour`, `part_time`.
    #[serde(default)]
    #[schema(value_type = Vec<String>, example = json!(["seasonal", "day_labour"]))]
    pub work_types: Vec<WorkType>,
    pub available_from: Option<NaiveDate>,
    /// How far the worker will travel for work, km.
    #[schema(example = 300)]
    pub max_travel_km: Option<u32>,
    #[serde(default)]
    pub wants_training: bool,
    /// Off by default: only discoverable workers are ever shown to employers.
    #[serde(default)]
    pub discoverable: bool,
    /// ID card number (GB 11643). Write-only: stored encrypted and returned masked.
    /// Leave it out to keep the stored one; send `null` to remove it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, example = "152501198801011231")]
    pub id_number: Option<Option<String>>,
}

struct Code(&'static str);
impl laowu_domain::Coded for Code {
    fn code(&self) -> &'static str {
        self.0
    }
}

fn region_format(c: &mut Checks, pointer: &str, code: Option<String>) -> Option<String> {
    let code = code?;
    c.check(
        pointer,
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with('0') {
            Ok(code)
        } else {
            Err(Code("region_code_invalid"))
        },
    )
}

/// A validated profile; `id_number` is `None` to keep, `Some(None)` to remove.
#[derive(Clone)]
pub struct ProfileInput {
    pub record: ProfileRecord,
    pub id_number: Option<Option<IdNumber>>,
}

impl ProfileRequest {
    pub fn into_input(self, account: uuid::Uuid, now: DateTime<Utc>) -> ApiResult<ProfileInput> {
        let mut c = Checks::new();
        let today = Some(laowu_domain::calendar::china_date(now));
        let name = c.check("/name", text::line(&self.name, 1, 50));
        if let Some(y) = self.birth_year
            && !(1940..=now.year() as u16 - 16).contains(&y)
        {
            c.check::<(), _>("/birth_year", Err(Code("birth_year_out_of_range")));
        }
        let hukou = region_format(&mut c, "/hukou_region_code", self.hukou_region_code);
        let region = region_format(&mut c, "/region_code", self.region_code);
        let location = self.location.and_then(|l| check_location(&mut c, "/location", l));
        let mut skills: Vec<SkillRecord> = Vec::new();
        if self.skills.len() > MAX_SKILLS {
            c.check::<(), _>("/skills", Err(Code("too_many_items")));
        }
        for (i, s) in self.skills.iter().enumerate() {
            let code =
                check_occupation(&mut c, &format!("/skills/{i}/occupation_code"), &s.occupation_code, false);
            let level = c.check(&format!("/skills/{i}/level"), SkillLevel::new(s.level));
            if s.years > 60 {
                c.check::<(), _>(&format!("/skills/{i}/years"), Err(Code("years_out_of_range")));
            }
            let cert = match &s.certificate_no {
                Some(n) => c
                    .check(
                        &format!("/skills/{i}/certificate_no"),
                        laowu_domain::enrollment::CertificateNo::parse(n),
                    )
                    .map(|n| Some(n.as_str().to_owned())),
                None => Some(None),
            };
            if let (Some(code), Some(level), Some(certificate_no)) = (code, level, cert) {
                if skills.iter().any(|k| k.occupation_code == code) {
                    c.check::<(), _>(&format!("/skills/{i}/occupation_code"), Err(Code("duplicate_item")));
                } else {
                    skills.push(SkillRecord {
                        occupation_code: code,
                        level: level.level(),
                        years: s.years,
                        certificate_no,
                    });
                }
            }
        }
        if self.desired_occupations.len() > MAX_DESIRED {
            c.check::<(), _>("/desired_occupations", Err(Code("too_many_items")));
        }
        let desired: Vec<String> = self
            .desired_occupations
            .iter()
            .enumerate()
            .filter_map(|(i, code)| {
                check_occupation(&mut c, &format!("/desired_occupations/{i}"), code, false)
            })
            .collect();
        let wage = match &self.min_wage {
            None => None,
            Some(w) => money(&mut c, "/min_wage/amount", &w.amount)
                .and_then(|m: Money| c.check("/min_wage/unit", WageFloor::new(m, w.unit))),
        };
        if self.max_travel_km.is_some_and(|k| k > 5000) {
            c.check::<(), _>("/max_travel_km", Err(Code("travel_out_of_range")));
        }
        let id_number = match self.id_number {
            None => Some(None),
            Some(None) => Some(Some(None)),
            Some(Some(raw)) => match today {
                Some(t) => c.check("/id_number", IdNumber::parse(&raw, t)).map(|n| Some(Some(n))),
                None => None,
            },
        };
        let dedup = |v: Vec<String>| {
            v.into_iter().fold(Vec::new(), |mut acc: Vec<String>, x| {
                if !acc.contains(&x) {
                    acc.push(x);
                }
                acc
            })
        };
        let record = name.map(|name| ProfileRecord {
            account_id: account,
            name,
            gender: self.gender.map(|g| g.as_str().to_owned()),
            birth_year: self.birth_year.map(i32::from),
            hukou_region_code: hukou,
            lat: location.map(|l| l.lat()),
            lng: location.map(|l| l.lng()),
            region_code: region,
            languages: dedup(self.languages.iter().map(|l| l.as_str().to_owned()).collect()),
            education: self.education.map(|e| e.as_str().to_owned()),
            desired_occupations: dedup(desired),
            min_wage_amount: wage.map(|w| w.amount().fen()),
            min_wage_unit: wage.map(|w| w.unit().as_str().to_owned()),
            work_types: dedup(self.work_types.iter().map(|w| w.as_str().to_owned()).collect()),
            available_from: self.available_from,
            max_travel_km: self.max_travel_km.map(|k| k as i32),
            wants_training: self.wants_training,
            discoverable: self.discoverable,
            id_number_enc: None,
            id_number_masked: None,
            skills,
            created_at: now,
            updated_at: now,
            version: 0,
        });
        c.finish(record.zip(id_number).map(|(record, id_number)| ProfileInput { record, id_number }))
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WageResponse {
    #[schema(value_type = f64)]
    pub amount: Number,
    pub unit: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SkillResponse {
    pub occupation_code: String,
    pub occupation_name: String,
    pub level: u8,
    /// e.g. `四级/中级工`.
    pub level_name: String,
    pub years: u8,
    pub certificate_no: Option<String>,
}

impl From<&SkillRecord> for SkillResponse {
    fn from(s: &SkillRecord) -> Self {
        let level = SkillLevel::new(s.level).ok();
        SkillResponse {
            occupation_code: s.occupation_code.clone(),
            occupation_name: laowu_domain::reference::catalogue()
                .occupation(&s.occupation_code)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            level: s.level,
            level_name: level.map(|l| l.name_zh().to_owned()).unwrap_or_default(),
            years: s.years,
            certificate_no: s.certificate_no.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProfileResponse {
    pub name: String,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub hukou_region_code: Option<String>,
    pub location: Option<Location>,
    pub region_code: Option<String>,
    pub languages: Vec<String>,
    pub education: Option<String>,
    pub skills: Vec<SkillResponse>,
    pub desired_occupations: Vec<String>,
    pub min_wage: Option<WageResponse>,
    pub work_types: Vec<String>,
    pub available_from: Option<NaiveDate>,
    pub max_travel_km: Option<i32>,
    pub wants_training: bool,
    pub discoverable: bool,
    /// The ID number, masked: `1525**********123X`.
    #[schema(example = "1525**********123X")]
    pub id_number_masked: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<ProfileRecord> for ProfileResponse {
    fn from(p: ProfileRecord) -> Self {
        ProfileResponse {
            skills: p.skills.iter().map(SkillResponse::from).collect(),
            name: p.name,
            gender: p.gender,
            birth_year: p.birth_year,
            hukou_region_code: p.hukou_region_code,
            location: p.lat.zip(p.lng).map(|(lat, lng)| Location { lat, lng }),
            region_code: p.region_code,
            languages: p.languages,
            education: p.education,
            desired_occupations: p.desired_occupations,
            min_wage: p
                .min_wage_amount
                .zip(p.min_wage_unit)
                .map(|(a, unit)| WageResponse { amount: yuan(a), unit }),
            work_types: p.work_types,
            available_from: p.available_from,
            max_travel_km: p.max_travel_km,
            wants_training: p.wants_training,
            discoverable: p.discoverable,
            id_number_masked: p.id_number_masked,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// What an employer sees of an applicant: enough to decide, nothing to misuse. No exact
/// location, the phone and ID number masked.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApplicantResponse {
    pub worker_id: uuid::Uuid,
    pub name: String,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub region_code: Option<String>,
    pub languages: Vec<String>,
    pub education: Option<String>,
    pub skills: Vec<SkillResponse>,
    /// e.g. `138****5678`.
    pub phone_masked: String,
    pub id_number_masked: Option<String>,
}

impl ApplicantResponse {
    pub fn new(p: ProfileRecord, phone_masked: String) -> ApplicantResponse {
        ApplicantResponse {
            worker_id: p.account_id,
            skills: p.skills.iter().map(SkillResponse::from).collect(),
            name: p.name,
            gender: p.gender,
            birth_year: p.birth_year,
            region_code: p.region_code,
            languages: p.languages,
            education: p.education,
            phone_masked,
            id_number_masked: p.id_number_masked,
        }
    }
}
