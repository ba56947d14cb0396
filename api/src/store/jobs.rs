//! Job postings: rows ⇄ [`Posting`]. The only place that knows the `jobs` columns.

use chrono::{DateTime, Utc};
use laowu_domain::geo::GeoPoint;
use laowu_domain::job::JobStatus;
use laowu_domain::occupation::{OccupationCode, SkillLevel};
use laowu_domain::pay::{Money, Pay, PayCycle, PayUnit};
use laowu_domain::posting::{Posting, PostingContent, PostingState, ReviewFlag, SkillRequirement};
use laowu_domain::work::{Benefits, Language, WorkType};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::entities::jobs::{ActiveModel, Column, Entity, Model};
use super::{Mapped, corrupt};

impl Mapped for Posting {
    type Entity = Entity;
    fn id_column() -> Column {
        Column::Id
    }
    fn from_row(m: Model) -> Result<Posting, DbErr> {
        posting(m)
    }
}

fn posting(m: Model) -> Result<Posting, DbErr> {
    let bad = |what: &str, value: &str| corrupt(&format!("job {} {what}", m.id), value);
    let skills: Vec<(String, u8)> =
        serde_json::from_str(&m.required_skills).map_err(|_| bad("required skills", &m.required_skills))?;
    let required_skills = skills
        .into_iter()
        .map(|(code, level)| {
            Ok(SkillRequirement {
                occupation: OccupationCode::parse(&code).map_err(|_| bad("skill code", &code))?,
                min_level: SkillLevel::new(level).map_err(|_| bad("skill level", &level.to_string()))?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let languages: Vec<String> =
        serde_json::from_str(&m.languages).map_err(|_| bad("languages", &m.languages))?;
    let review_flags: Vec<(String, String)> = match &m.review_flags {
        Some(f) => serde_json::from_str(f).map_err(|_| bad("review flags", f))?,
        None => Vec::new(),
    };
    let money = |fen: i64| Money::from_fen(fen).map_err(|_| bad("pay", &fen.to_string()));
    let pay = Pay::new(
        money(m.pay_min)?,
        money(m.pay_max)?,
        m.pay_unit.parse::<PayUnit>().map_err(|_| bad("pay unit", &m.pay_unit))?,
        m.pay_cycle.parse::<PayCycle>().map_err(|_| bad("pay cycle", &m.pay_cycle))?,
        m.piece_daily_estimate.map(money).transpose()?,
    )
    .map_err(|_| bad("pay", &format!("{}..{}", m.pay_min, m.pay_max)))?;
    let content = PostingContent {
        title: m.title,
        description: m.description,
        occupation: OccupationCode::parse(&m.occupation_code)
            .map_err(|_| bad("occupation", &m.occupation_code))?,
        required_skills,
        headcount: u32::try_from(m.headcount).map_err(|_| bad("headcount", &m.headcount.to_string()))?,
        pay,
        work_type: m.work_type.parse::<WorkType>().map_err(|_| bad("work type", &m.work_type))?,
        start_date: m.start_date,
        end_date: m.end_date,
        location: GeoPoint::new(m.lat, m.lng)
            .map_err(|_| bad("location", &format!("{},{}", m.lat, m.lng)))?,
        region_code: m.region_code,
        address: m.address,
        benefits: Benefits {
            housing: m.housing,
            meals: m.meals,
            social_insurance: m.social_insurance,
            transport: m.transport,
        },
        languages: languages
            .iter()
            .map(|l| l.parse::<Language>().map_err(|_| bad("language", l)))
            .collect::<Result<_, _>>()?,
        expires_at: m.expires_at,
    };
    Ok(Posting::restore(PostingState {
        id: m.id,
        employer_id: m.employer_id,
        content,
        openings_left: u32::try_from(m.openings_left)
            .map_err(|_| bad("openings", &m.openings_left.to_string()))?,
        status: m.status.parse().map_err(|_| bad("status", &m.status))?,
        review_flags: review_flags.into_iter().map(|(code, term)| ReviewFlag { code, term }).collect(),
        review_note: m.review_note,
        opened_at: m.opened_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }))
}

fn active(p: &Posting) -> ActiveModel {
    let s = p.state();
    let c = &s.content;
    let skills: Vec<(&str, u8)> =
        c.required_skills.iter().map(|r| (r.occupation.as_str(), r.min_level.level())).collect();
    let languages: Vec<&str> = c.languages.iter().map(|l| l.as_str()).collect();
    let flags: Vec<(&str, &str)> =
        s.review_flags.iter().map(|f| (f.code.as_str(), f.term.as_str())).collect();
    ActiveModel {
        id: Set(s.id),
        employer_id: Set(s.employer_id),
        title: Set(c.title.clone()),
        description: Set(c.description.clone()),
        occupation_code: Set(c.occupation.as_str().to_owned()),
        required_skills: Set(json(&skills)),
        headcount: Set(c.headcount as i32),
        openings_left: Set(s.openings_left as i32),
        pay_min: Set(c.pay.min().fen()),
        pay_max: Set(c.pay.max().fen()),
        pay_unit: Set(c.pay.unit().as_str().to_owned()),
        pay_cycle: Set(c.pay.cycle().as_str().to_owned()),
        piece_daily_estimate: Set(c.pay.piece_daily_estimate().map(Money::fen)),
        daily_pay_min: Set(c.pay.daily_equivalent_min()),
        daily_pay_max: Set(c.pay.daily_equivalent_max()),
        work_type: Set(c.work_type.as_str().to_owned()),
        start_date: Set(c.start_date),
        end_date: Set(c.end_date),
        lat: Set(c.location.lat()),
        lng: Set(c.location.lng()),
        region_code: Set(c.region_code.clone()),
        address: Set(c.address.clone()),
        housing: Set(c.benefits.housing),
        meals: Set(c.benefits.meals),
        social_insurance: Set(c.benefits.social_insurance),
        transport: Set(c.benefits.transport),
        languages: Set(json(&languages)),
        status: Set(s.status.as_str().to_owned()),
        review_flags: Set((!flags.is_empty()).then(|| json(&flags))),
        review_note: Set(s.review_note.clone()),
        expires_at: Set(c.expires_at),
        opened_at: Set(s.opened_at),
        created_at: Set(s.created_at),
        updated_at: Set(s.updated_at),
        version: Set(s.version),
    }
}

/// JSON text of a small list (the store keeps lists as JSON text).
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned())
}

pub async fn insert(db: &impl ConnectionTrait, p: &Posting) -> Result<(), DbErr> {
    Entity::insert(active(p)).exec_without_returning(db).await?;
    Ok(())
}

/// Saves the posting if the stored one is still at the version it was read at (then
/// bumps it); `false` when someone else changed it since.
pub async fn save(db: &impl ConnectionTrait, p: &mut Posting) -> Result<bool, DbErr> {
    let mut model = active(p);
    model.version = Set(p.version() + 1);
    let saved = super::update_at_version(db, model, Column::Id, p.id(), Column::Version, p.version()).await?;
    if saved {
        p.saved();
    }
    Ok(saved)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Posting>, DbErr> {
    super::find(db, id).await
}

/// As [`find`], locked for the writer's transaction.
pub async fn find_for_update(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Posting>, DbErr> {
    super::find_for_update(db, id).await
}

/// Open postings past their expiry (the housekeeping expires each).
pub async fn due_to_expire(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Uuid>, DbErr> {
    Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Status.eq(JobStatus::Open.as_str()))
        .filter(Column::ExpiresAt.lte(now))
        .into_tuple()
        .all(db)
        .await
}

/// What the public list of open postings can be narrowed by.
#[derive(Debug, Default, Clone)]
pub struct JobFilter {
    /// A classification code: the occupation itself or every occupation under it.
    pub occupation: Option<String>,
    /// Region codes to include (a region and the ones under it).
    pub regions: Option<Vec<String>>,
    pub work_type: Option<String>,
    /// Lowest acceptable daily-equivalent pay, fen: postings whose top pay reaches it.
    pub min_daily_pay: Option<i64>,
    pub housing: Option<bool>,
    pub meals: Option<bool>,
}

/// The posting's employer is verified: a primary-key lookup per posting read (not a scan
/// of every verified organisation per query, as `IN (SELECT …)` plans on SQLite).
fn employer_verified() -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::Query;

    use super::entities::organizations::{Column as Org, Entity as Organizations};
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(Organizations)
            .and_where(Expr::col((Organizations, Org::Id)).equals((Entity, Column::EmployerId)))
            .and_where(
                Expr::col((Organizations, Org::Status))
                    .eq(laowu_domain::organization::OrgStatus::Verified.as_str()),
            )
            .to_owned(),
    )
}

/// Refreshes the query planner's statistics of the tables the public lists read, after a
/// bulk load (the demo data): PostgreSQL otherwise plans the first minutes' list queries
/// from empty-table estimates (a nested loop reading every open posting per request).
pub async fn refresh_statistics(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    for table in ["jobs", "organizations", "courses"] {
        db.execute_unprepared(&format!("ANALYZE {table}")).await?;
    }
    Ok(())
}

/// Open, unexpired postings of verified employers, newest first, `limit + 1` rows from
/// after `after`: [`Posting::is_listed`] as SQL (a test keeps the two in step).
pub async fn list_open(
    db: &impl ConnectionTrait,
    f: &JobFilter,
    now: DateTime<Utc>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Posting>, DbErr> {
    let mut q = Entity::find()
        .filter(Column::Status.eq(JobStatus::Open.as_str()))
        .filter(employer_verified())
        .filter(Condition::any().add(Column::ExpiresAt.is_null()).add(Column::ExpiresAt.gt(now)));
    if let Some(code) = &f.occupation {
        q = q.filter(
            Condition::any()
                .add(Column::OccupationCode.eq(code.as_str()))
                .add(Column::OccupationCode.starts_with(format!("{code}-"))),
        );
    }
    if let Some(regions) = &f.regions {
        q = q.filter(Column::RegionCode.is_in(regions.iter().cloned()));
    }
    if let Some(w) = &f.work_type {
        q = q.filter(Column::WorkType.eq(w.as_str()));
    }
    if let Some(p) = f.min_daily_pay {
        q = q.filter(Column::DailyPayMax.gte(p));
    }
    if let Some(h) = f.housing {
        q = q.filter(Column::Housing.eq(h));
    }
    if let Some(m) = f.meals {
        q = q.filter(Column::Meals.eq(m));
    }
    super::all(db, super::newest_first(q, Column::Id, after, limit)).await
}

/// The names of these employer organisations, by id, in one query (for a page of postings).
pub async fn employer_names(
    db: &impl ConnectionTrait,
    employers: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, DbErr> {
    use super::entities::organizations::{Column as Org, Entity as Organizations};
    if employers.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String)> = Organizations::find()
        .select_only()
        .column(Org::Id)
        .column(Org::Name)
        .filter(Org::Id.is_in(employers.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// An employer's postings in every status, newest first.
pub async fn list_for_employer(
    db: &impl ConnectionTrait,
    employer: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Posting>, DbErr> {
    let q = Entity::find().filter(Column::EmployerId.eq(employer));
    super::all(db, super::newest_first(q, Column::Id, after, limit)).await
}

/// Postings in one status (the bureau's review queue), oldest first.
pub async fn list_by_status(
    db: &impl ConnectionTrait,
    status: JobStatus,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Posting>, DbErr> {
    let q = Entity::find().filter(Column::Status.eq(status.as_str()));
    super::all(db, super::oldest_first(q, Column::Id, after, limit)).await
}
