//! The training-course contract.

use chrono::{DateTime, NaiveDate, Utc};
use laowu_domain::course::{self, CourseMode, CourseStatus, Subsidy};
use laowu_domain::occupation::SkillLevel;
use laowu_domain::pay::Money;
use laowu_domain::reference::catalogue;
use laowu_domain::{Lang, text};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Number;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::Checks;
use super::geo::Location;
use super::jobs::{EmployerRef, check_occupation, money, yuan};
use super::organizations::{check_location, check_region};
use crate::error::{ApiError, ApiResult};
use crate::services::courses::{CourseFields, CourseView};
use crate::store::courses::{CourseFilter, CourseRecord};

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubsidyInput {
    /// Whether the vocational training subsidy (职业培训补贴) pays for trainees.
    #[serde(default)]
    pub eligible: bool,
    /// Yuan per trainee, up to 2 decimals; required (above 0) when eligible, 0 or absent otherwise.
    #[schema(value_type = Option<f64>, example = 1200)]
    pub amount: Option<Number>,
}

/// A whole course, as `POST /api/v1/courses` takes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseRequest {
    #[schema(example = "电焊工（初级）培训班")]
    pub title: String,
    #[schema(example = "焊条电弧焊、安全操作与识图，结业参加职业技能等级认定。")]
    pub description: String,
    /// A four-level occupation code from `/api/v1/occupations`.
    #[schema(example = "6-18-02-04")]
    pub occupation_code: String,
    /// The skill level the course prepares for: 1 (五级/初级工) to 5 (一级/高级技师).
    #[schema(example = 1)]
    pub target_level: u8,
    /// Class hours, 1 to 2000.
    #[schema(example = 120)]
    pub hours: u32,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// When classes are held, as the school puts it.
    #[schema(example = "周一至周五 8:30–16:30")]
    pub schedule: String,
    pub location: Location,
    #[schema(example = "152501")]
    pub region_code: String,
    #[schema(example = "二连浩特市职业技能实训基地")]
    pub address: String,
    /// What a trainee pays, yuan (0 for free courses).
    #[schema(value_type = f64, example = 0)]
    pub fee: Number,
    #[serde(default)]
    pub subsidy: SubsidyInput,
    /// Seats, 1 to 1000.
    #[schema(example = 30)]
    pub capacity: u32,
    /// The certificate a trainee can earn.
    #[schema(example = "职业技能等级证书（五级）")]
    pub certificate: String,
    /// `general` (default), `order_based`, `targeted` or `on_the_job`.
    #[serde(default)]
    #[schema(value_type = String, example = "general")]
    pub mode: CourseMode,
    /// The verified employer organisation that ordered the course; required exactly when
    /// `mode` is `order_based`.
    pub ordering_employer_id: Option<Uuid>,
}

/// `null` and absent differ for the ordering employer: absent keeps it, null removes it.
fn double_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Uuid>>, D::Error> {
    Option::<Uuid>::deserialize(d).map(Some)
}

/// Fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCourseRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub occupation_code: Option<String>,
    pub target_level: Option<u8>,
    pub hours: Option<u32>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub schedule: Option<String>,
    pub location: Option<Location>,
    pub region_code: Option<String>,
    pub address: Option<String>,
    #[schema(value_type = Option<f64>)]
    pub fee: Option<Number>,
    pub subsidy: Option<SubsidyInput>,
    /// Never below the seats already taken.
    pub capacity: Option<u32>,
    pub certificate: Option<String>,
    #[schema(value_type = Option<String>)]
    pub mode: Option<CourseMode>,
    /// Send `null` to remove it (when the course stops being order-based).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub ordering_employer_id: Option<Option<Uuid>>,
}

struct Code(&'static str);
impl laowu_domain::Coded for Code {
    fn code(&self) -> &'static str {
        self.0
    }
}

impl CourseRequest {
    /// The course as it is now, in request form, so a PATCH can be checked as a whole.
    pub fn from_record(r: &CourseRecord) -> CourseRequest {
        CourseRequest {
            title: r.title.clone(),
            description: r.description.clone(),
            occupation_code: r.occupation_code.clone(),
            target_level: r.target_level,
            hours: u32::try_from(r.hours).unwrap_or(0),
            start_date: r.start_date,
            end_date: r.end_date,
            schedule: r.schedule.clone(),
            location: Location { lat: r.lat, lng: r.lng },
            region_code: r.region_code.clone(),
            address: r.address.clone(),
            fee: yuan(r.fee),
            subsidy: SubsidyInput { eligible: r.subsidy_eligible, amount: Some(yuan(r.subsidy_amount)) },
            capacity: u32::try_from(r.capacity).unwrap_or(0),
            certificate: r.certificate.clone(),
            mode: r.mode,
            ordering_employer_id: r.ordering_employer_id,
        }
    }

    pub fn apply(mut self, p: UpdateCourseRequest) -> CourseRequest {
        macro_rules! take {
            ($($f:ident),*) => { $( if let Some(v) = p.$f { self.$f = v; } )* };
        }
        take!(
            title,
            description,
            occupation_code,
            target_level,
            hours,
            schedule,
            location,
            region_code,
            address,
            fee,
            subsidy,
            capacity,
            certificate,
            mode,
            ordering_employer_id
        );
        if p.start_date.is_some() {
            self.start_date = p.start_date;
        }
        if p.end_date.is_some() {
            self.end_date = p.end_date;
        }
        self
    }

    /// Checks every field, reporting all problems at once.
    pub fn into_fields(self) -> ApiResult<CourseFields> {
        let mut c = Checks::new();
        let title = c.check("/title", text::line(&self.title, 2, 60));
        let description = c.check("/description", text::paragraph(&self.description, 1, 5000));
        let occupation_code = check_occupation(&mut c, "/occupation_code", &self.occupation_code, true);
        let target_level = c.check("/target_level", SkillLevel::new(self.target_level));
        let hours = c.check("/hours", course::hours(self.hours));
        if let (Some(s), Some(e)) = (self.start_date, self.end_date)
            && e < s
        {
            c.check::<(), _>("/end_date", Err(Code("end_before_start")));
        }
        let schedule = c.check("/schedule", text::line(&self.schedule, 1, 200));
        let location = check_location(&mut c, "/location", self.location);
        let region_code = check_region(&mut c, "/region_code", &self.region_code);
        let address = c.check("/address", text::line(&self.address, 2, 200));
        let fee = money(&mut c, "/fee", &self.fee);
        let amount = match &self.subsidy.amount {
            Some(a) => money(&mut c, "/subsidy/amount", a),
            None => Some(Money::ZERO),
        };
        let subsidy = amount.and_then(|a| c.check("/subsidy/amount", Subsidy::new(self.subsidy.eligible, a)));
        let capacity = c.check("/capacity", course::capacity(self.capacity));
        let certificate = c.check("/certificate", text::line(&self.certificate, 2, 100));
        c.check(
            "/ordering_employer_id",
            self.mode.check_ordering_employer(self.ordering_employer_id.is_some()),
        );
        let fields = (|| {
            Some(CourseFields {
                title: title?,
                description: description?,
                occupation_code: occupation_code?,
                target_level: target_level?,
                hours: hours?,
                start_date: self.start_date,
                end_date: self.end_date,
                schedule: schedule?,
                location: location?,
                region_code: region_code?,
                address: address?,
                fee: fee?,
                subsidy: subsidy?,
                capacity: capacity?,
                certificate: certificate?,
                mode: self.mode,
                ordering_employer_id: self.ordering_employer_id,
            })
        })();
        c.finish(fields)
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SchoolRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SubsidyResponse {
    pub eligible: bool,
    /// Yuan per trainee (0 when not eligible).
    #[schema(value_type = f64)]
    pub amount: Number,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CourseResponse {
    pub id: Uuid,
    pub school: SchoolRef,
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub occupation_name: String,
    /// 1 (五级/初级工) to 5 (一级/高级技师).
    pub target_level: u8,
    /// e.g. `五级/初级工` (or its English name).
    pub target_level_name: String,
    pub hours: i32,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub schedule: String,
    pub location: Location,
    pub region_code: String,
    pub address: String,
    /// Yuan.
    #[schema(value_type = f64)]
    pub fee: Number,
    pub subsidy: SubsidyResponse,
    pub capacity: i32,
    /// Seats still free; enrolling needs one.
    pub seats_left: i32,
    pub certificate: String,
    /// `general`, `order_based`, `targeted` or `on_the_job`.
    #[schema(value_type = String, example = "order_based")]
    pub mode: CourseMode,
    /// The employer that ordered an `order_based` course.
    pub ordering_employer: Option<EmployerRef>,
    /// `draft`, `open` or `closed`.
    #[schema(value_type = String, example = "open")]
    pub status: CourseStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CourseResponse {
    pub fn new(v: CourseView, lang: Lang) -> CourseResponse {
        let r = v.record;
        let level = SkillLevel::new(r.target_level).ok();
        CourseResponse {
            id: r.id,
            school: SchoolRef { id: r.school_id, name: v.school_name },
            occupation_name: catalogue()
                .occupation(&r.occupation_code)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            title: r.title,
            description: r.description,
            occupation_code: r.occupation_code,
            target_level: r.target_level,
            target_level_name: level
                .map(|l| match lang {
                    Lang::Zh => l.name_zh(),
                    Lang::En => l.name_en(),
                })
                .unwrap_or_default()
                .to_owned(),
            hours: r.hours,
            start_date: r.start_date,
            end_date: r.end_date,
            schedule: r.schedule,
            location: Location { lat: r.lat, lng: r.lng },
            region_code: r.region_code,
            address: r.address,
            fee: yuan(r.fee),
            subsidy: SubsidyResponse { eligible: r.subsidy_eligible, amount: yuan(r.subsidy_amount) },
            capacity: r.capacity,
            seats_left: course::seats_left(
                u32::try_from(r.capacity).unwrap_or(0),
                u32::try_from(r.seats_taken).unwrap_or(0),
            ) as i32,
            certificate: r.certificate,
            mode: r.mode,
            ordering_employer: v.ordering_employer.map(|(id, name)| EmployerRef { id, name }),
            status: r.status,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseQuery {
    /// An occupation code or a class above it (`6-18` finds every welding and machining trade).
    pub occupation: Option<String>,
    /// A region code; includes the regions under it (`152500` is all of Xilingol).
    pub region: Option<String>,
    /// `general`, `order_based`, `targeted` or `on_the_job`.
    #[param(value_type = Option<String>)]
    pub mode: Option<CourseMode>,
    /// `true`: only courses the training subsidy pays for.
    pub subsidy: Option<bool>,
}

impl CourseQuery {
    pub fn into_filter(self) -> ApiResult<CourseFilter> {
        let errors = super::jobs::check_listing_filters(self.occupation.as_deref(), self.region.as_deref());
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        Ok(CourseFilter {
            occupation: self.occupation,
            regions: self.region.as_deref().map(crate::services::jobs::region_and_below),
            mode: self.mode,
            subsidy: self.subsidy.unwrap_or(false),
        })
    }
}
