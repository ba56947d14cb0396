//! The job-posting contract.

use chrono::{DateTime, NaiveDate, Utc};
use laowu_domain::job::JobStatus;
use laowu_domain::pay::{Money, PayCycle, PayUnit};
use laowu_domain::posting::{PostingInput, PostingPatch, SkillInput};
use laowu_domain::reference::catalogue;
use laowu_domain::work::{Benefits, Language, WorkType};
use laowu_domain::{Lang, i18n};
use serde::{Deserialize, Serialize};
use serde_json::Number;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::Checks;
use super::geo::Location;
use crate::error::ApiResult;
use crate::services::jobs::JobView;

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayInput {
    /// Yuan per `unit`, up to 2 decimals.
    #[schema(value_type = f64, example = 300)]
    pub min: Number,
    /// Defaults to `min` (a single figure).
    #[schema(value_type = Option<f64>, example = 400)]
    pub max: Option<Number>,
    /// `hour`, `day`, `month` or `piece`.
    #[schema(value_type = String, example = "day")]
    pub unit: PayUnit,
    /// When wages are paid: `daily`, `weekly`, `monthly` or `on_completion`.
    #[schema(value_type = String, example = "monthly")]
    pub cycle: PayCycle,
    /// For piece rates: what a typical worker earns in a day, in yuan (required then).
    #[schema(value_type = Option<f64>)]
    pub piece_daily_estimate: Option<Number>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillRequirement {
    #[schema(example = "6-18-02-04")]
    pub occupation_code: String,
    /// 1 (五级/初级工) to 5 (一级/高级技师).
    #[schema(example = 2)]
    pub min_level: u8,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BenefitsDto {
    /// Housing or a dormitory (包住).
    pub housing: bool,
    /// Meals (包吃).
    pub meals: bool,
    /// Social insurance (缴纳社保).
    pub social_insurance: bool,
    /// Transport or fares paid (接送/报销路费).
    pub transport: bool,
}

fn default_languages() -> Vec<Language> {
    vec![Language::Zh]
}

/// A whole posting, as `POST /api/v1/jobs` takes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobRequest {
    #[schema(example = "口岸货场装卸工")]
    pub title: String,
    #[schema(example = "二连浩特公路口岸货场装卸蒙古国进口货物，日结，包吃住。")]
    pub description: String,
    /// A four-level occupation code from `/api/v1/occupations`.
    #[schema(example = "4-02-05-01")]
    pub occupation_code: String,
    #[serde(default)]
    pub required_skills: Vec<SkillRequirement>,
    #[schema(example = 20)]
    pub headcount: u32,
    pub pay: PayInput,
    /// `full_time`, `seasonal`, `day_labour` or `part_time`.
    #[schema(value_type = String, example = "day_labour")]
    pub work_type: WorkType,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub location: Location,
    #[schema(example = "152501")]
    pub region_code: String,
    #[schema(example = "二连浩特市公路口岸货场")]
    pub address: String,
    #[serde(default)]
    pub benefits: BenefitsDto,
    /// Languages the work needs: `zh`, `mn`, `en`, `ru` (default `["zh"]`).
    #[serde(default = "default_languages")]
    #[schema(value_type = Vec<String>, example = json!(["zh", "mn"]))]
    pub languages: Vec<Language>,
    /// When the posting stops being shown; default 30 days after opening, at most 180.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateJobRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub occupation_code: Option<String>,
    pub required_skills: Option<Vec<SkillRequirement>>,
    pub headcount: Option<u32>,
    pub pay: Option<PayInput>,
    #[schema(value_type = Option<String>)]
    pub work_type: Option<WorkType>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub location: Option<Location>,
    pub region_code: Option<String>,
    pub address: Option<String>,
    pub benefits: Option<BenefitsDto>,
    #[schema(value_type = Option<Vec<String>>)]
    pub languages: Option<Vec<Language>>,
    pub expires_at: Option<DateTime<Utc>>,
}

struct Unknown(&'static str);
impl laowu_domain::Coded for Unknown {
    fn code(&self) -> &'static str {
        self.0
    }
}

/// Fen as a JSON number of yuan with two decimals (negative amounts too: a pay gain).
pub(crate) fn yuan(fen: i64) -> Number {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100).parse().unwrap_or_else(|_| Number::from(fen / 100))
}

pub(crate) fn money(c: &mut Checks, pointer: &str, n: &Number) -> Option<Money> {
    c.check(pointer, Money::parse(&n.to_string()))
}

pub(crate) fn check_occupation(c: &mut Checks, pointer: &str, code: &str, depth4: bool) -> Option<String> {
    c.check(
        pointer,
        catalogue()
            .occupation(code)
            .filter(|o| !depth4 || o.depth == 4)
            .map(|o| o.code.clone())
            .ok_or(Unknown("occupation_unknown")),
    )
}

impl PayInput {
    fn into_domain(self) -> laowu_domain::posting::PayInput {
        laowu_domain::posting::PayInput {
            min: self.min.to_string(),
            max: self.max.map(|m| m.to_string()),
            unit: self.unit,
            cycle: self.cycle,
            piece_daily_estimate: self.piece_daily_estimate.map(|e| e.to_string()),
        }
    }
}

fn skill_inputs(skills: Vec<SkillRequirement>) -> Vec<SkillInput> {
    skills
        .into_iter()
        .map(|s| SkillInput { occupation_code: s.occupation_code, min_level: s.min_level })
        .collect()
}

fn benefits(b: BenefitsDto) -> Benefits {
    Benefits {
        housing: b.housing,
        meals: b.meals,
        social_insurance: b.social_insurance,
        transport: b.transport,
    }
}

impl JobRequest {
    /// The posting as submitted; the posting checks it ([`PostingInput::validate`]).
    pub fn into_input(self) -> PostingInput {
        PostingInput {
            title: self.title,
            description: self.description,
            occupation_code: self.occupation_code,
            required_skills: skill_inputs(self.required_skills),
            headcount: self.headcount,
            pay: self.pay.into_domain(),
            work_type: self.work_type,
            start_date: self.start_date,
            end_date: self.end_date,
            lat: self.location.lat,
            lng: self.location.lng,
            region_code: self.region_code,
            address: self.address,
            benefits: benefits(self.benefits),
            languages: self.languages,
            expires_at: self.expires_at,
        }
    }
}

impl UpdateJobRequest {
    pub fn into_patch(self) -> PostingPatch {
        PostingPatch {
            title: self.title,
            description: self.description,
            occupation_code: self.occupation_code,
            required_skills: self.required_skills.map(skill_inputs),
            headcount: self.headcount,
            pay: self.pay.map(PayInput::into_domain),
            work_type: self.work_type,
            start_date: self.start_date,
            end_date: self.end_date,
            location: self.location.map(|l| (l.lat, l.lng)),
            region_code: self.region_code,
            address: self.address,
            benefits: self.benefits.map(benefits),
            languages: self.languages,
            expires_at: self.expires_at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PayResponse {
    #[schema(value_type = f64)]
    pub min: Number,
    #[schema(value_type = f64)]
    pub max: Number,
    #[schema(value_type = String, example = "day")]
    pub unit: String,
    #[schema(value_type = String, example = "monthly")]
    pub cycle: String,
    #[schema(value_type = Option<f64>)]
    pub piece_daily_estimate: Option<Number>,
    /// Comparable figures (docs/pay.md): yuan per day (hour × 8; month ÷ 21.75).
    #[schema(value_type = f64)]
    pub daily_min: Number,
    #[schema(value_type = f64)]
    pub daily_max: Number,
    /// Yuan per month (day × 21.75).
    #[schema(value_type = f64)]
    pub monthly_min: Number,
    #[schema(value_type = f64)]
    pub monthly_max: Number,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmployerRef {
    pub id: Uuid,
    pub name: String,
}

/// Why the posting screen held a posting for the bureau.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReviewFlagResponse {
    /// `screen_deposit`, `screen_fee`, `screen_training_loan` or `screen_id_retention`.
    pub code: String,
    /// The words that triggered it.
    pub term: String,
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct JobResponse {
    pub id: Uuid,
    pub employer: EmployerRef,
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub occupation_name: String,
    pub required_skills: Vec<SkillRequirement>,
    pub headcount: i32,
    /// Hires still to make; the posting is `filled` at zero.
    pub openings_left: i32,
    pub pay: PayResponse,
    #[schema(example = "day_labour")]
    pub work_type: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub location: Location,
    pub region_code: String,
    pub address: String,
    pub benefits: BenefitsDto,
    #[schema(example = json!(["zh", "mn"]))]
    pub languages: Vec<String>,
    /// `draft`, `under_review`, `open`, `closed`, `filled` or `expired`.
    #[schema(value_type = String, example = "open")]
    pub status: JobStatus,
    /// Owner and bureau only: why the posting is held or was sent back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_flags: Vec<ReviewFlagResponse>,
    /// Owner and bureau only: the bureau's note when it sent the posting back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_note: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub opened_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl JobResponse {
    pub fn new(v: JobView, lang: Lang) -> JobResponse {
        let p = &v.posting;
        let c = p.content();
        let pay = &c.pay;
        JobResponse {
            id: p.id(),
            employer: EmployerRef { id: p.employer_id(), name: v.employer_name },
            occupation_name: catalogue()
                .occupation(c.occupation.as_str())
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            title: c.title.clone(),
            description: c.description.clone(),
            occupation_code: c.occupation.as_str().to_owned(),
            required_skills: c
                .required_skills
                .iter()
                .map(|r| SkillRequirement {
                    occupation_code: r.occupation.as_str().to_owned(),
                    min_level: r.min_level.level(),
                })
                .collect(),
            headcount: c.headcount as i32,
            openings_left: p.openings_left() as i32,
            pay: PayResponse {
                min: yuan(pay.min().fen()),
                max: yuan(pay.max().fen()),
                unit: pay.unit().as_str().to_owned(),
                cycle: pay.cycle().as_str().to_owned(),
                piece_daily_estimate: pay.piece_daily_estimate().map(|m| yuan(m.fen())),
                daily_min: yuan(pay.daily_equivalent_min()),
                daily_max: yuan(pay.daily_equivalent_max()),
                monthly_min: yuan(pay.monthly_equivalent_min()),
                monthly_max: yuan(pay.monthly_equivalent_max()),
            },
            work_type: c.work_type.as_str().to_owned(),
            start_date: c.start_date,
            end_date: c.end_date,
            location: Location { lat: c.location.lat(), lng: c.location.lng() },
            region_code: c.region_code.clone(),
            address: c.address.clone(),
            benefits: BenefitsDto {
                housing: c.benefits.housing,
                meals: c.benefits.meals,
                social_insurance: c.benefits.social_insurance,
                transport: c.benefits.transport,
            },
            languages: c.languages.iter().map(|l| l.as_str().to_owned()).collect(),
            status: v.status,
            review_flags: if v.private {
                p.review_flags()
                    .iter()
                    .map(|f| ReviewFlagResponse {
                        message: i18n::message(&f.code, lang).unwrap_or_default().to_owned(),
                        code: f.code.clone(),
                        term: f.term.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            review_note: if v.private { p.review_note().map(str::to_owned) } else { None },
            expires_at: c.expires_at,
            opened_at: p.opened_at(),
            created_at: p.created_at(),
            updated_at: p.updated_at(),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    /// An occupation code or a class above it (`6-29` finds every construction trade).
    pub occupation: Option<String>,
    /// A region code; includes the regions under it (`152500` is all of Xilingol).
    pub region: Option<String>,
    /// `full_time`, `seasonal`, `day_labour` or `part_time`.
    #[param(value_type = Option<String>)]
    pub work_type: Option<WorkType>,
    /// Lowest acceptable pay, in yuan per `pay_unit`; compared after normalising.
    #[param(value_type = Option<f64>, minimum = 0.0, maximum = 1_000_000.0, example = 250)]
    pub min_pay: Option<String>,
    /// The unit of `min_pay`: `hour`, `day` (default) or `month`.
    #[param(value_type = Option<String>)]
    pub pay_unit: Option<PayUnit>,
    /// Only postings with housing.
    pub housing: Option<bool>,
    /// Only postings with meals.
    pub meals: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "reject", "reason": "招聘信息中不得向求职者收取押金，请删除后重新提交。"}))]
pub struct JobReviewRequest {
    /// `approve` (publish) or `reject` (back to draft with the reason).
    #[schema(example = "reject")]
    pub decision: String,
    pub reason: Option<String>,
}

impl JobQuery {
    pub fn into_filter(self) -> ApiResult<crate::store::jobs::JobFilter> {
        use crate::error::{ApiError, FieldError};
        let mut errors = check_listing_filters(self.occupation.as_deref(), self.region.as_deref());
        let unit = self.pay_unit.unwrap_or(PayUnit::Day);
        let min_daily_pay = match &self.min_pay {
            None => None,
            Some(n) => match Money::parse(n) {
                Err(e) => {
                    errors.push(FieldError::parameter("min_pay", laowu_domain::Coded::code(&e)));
                    None
                }
                Ok(m) => match laowu_domain::pay::WageFloor::new(m, unit) {
                    Ok(f) => Some(f.daily_equivalent()),
                    Err(e) => {
                        errors.push(FieldError::parameter("pay_unit", laowu_domain::Coded::code(&e)));
                        None
                    }
                },
            },
        };
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        Ok(crate::store::jobs::JobFilter {
            occupation: self.occupation,
            regions: self.region.as_deref().map(crate::services::jobs::region_and_below),
            work_type: self.work_type.map(|w| w.as_str().to_owned()),
            min_daily_pay,
            housing: self.housing.filter(|h| *h),
            meals: self.meals.filter(|m| *m),
        })
    }
}

/// The `occupation` and `region` filters that job and course lists share: each must be a
/// code the reference data knows.
pub(crate) fn check_listing_filters(
    occupation: Option<&str>,
    region: Option<&str>,
) -> Vec<crate::error::FieldError> {
    use crate::error::FieldError;
    let mut errors = Vec::new();
    if occupation.is_some_and(|c| catalogue().occupation(c).is_none()) {
        errors.push(FieldError::parameter("occupation", "occupation_unknown"));
    }
    if region.is_some_and(|c| catalogue().region(c).is_none()) {
        errors.push(FieldError::parameter("region", "region_unknown"));
    }
    errors
}
