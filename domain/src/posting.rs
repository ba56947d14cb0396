//! A job posting, as one aggregate: what the employer wrote, the openings left, the
//! status and the bureau's review, and every rule that changes them.
//!
//! The store loads a [`Posting`] and saves it back (a compare-and-set on its `version`);
//! services call its methods and never set its fields. Its life:
//!
//! ```text
//! draft ──open──► open ──close──► closed ──open──► open …
//!   │  (screen flags the text)        │
//!   └──────► under_review ──bureau approves──► open
//!                 │        └─bureau rejects──► draft (with the reason)
//! open ──last hire──► filled        open ──expires_at passes──► expired
//! ```
//!
//! Who sees it ([`Posting::visible_to`]): the employer and the bureau always; the public
//! only while its status is public and its employer verified ([`JobStatus::is_published`]);
//! search and recommendations only while it is open, unexpired and its employer verified
//! ([`Posting::is_listed`]); applications are taken on the same condition
//! ([`Posting::accepts_applications`]).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use crate::geo::GeoPoint;
use crate::job::{JobStatus, JobTransitionError};
use crate::job_screen::screen_posting;
use crate::occupation::{OccupationCode, SkillLevel};
use crate::organization::OrgStatus;
use crate::pay::{Money, Pay, PayCycle, PayUnit};
use crate::reference::catalogue;
use crate::violations::{Code, Violations};
use crate::work::{Benefits, Language, WorkType};
use crate::{Coded, text};

/// How long a posting stays open when the employer names no expiry.
pub const DEFAULT_OPEN_DAYS: i64 = 30;
/// The furthest expiry an employer may set, from now.
pub const MAX_OPEN_DAYS: i64 = 180;
pub const MAX_REQUIRED_SKILLS: usize = 10;
pub const MAX_HEADCOUNT: u32 = 10_000;

/// A skill the work needs: an occupation (any level of the classification) at a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillRequirement {
    pub occupation: OccupationCode,
    pub min_level: SkillLevel,
}

/// What the employer writes, every field valid and the fields consistent.
#[derive(Debug, Clone, PartialEq)]
pub struct PostingContent {
    pub title: String,
    pub description: String,
    /// A four-level occupation of the classification.
    pub occupation: OccupationCode,
    pub required_skills: Vec<SkillRequirement>,
    pub headcount: u32,
    pub pay: Pay,
    pub work_type: WorkType,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub location: GeoPoint,
    /// A region of the reference data.
    pub region_code: String,
    pub address: String,
    pub benefits: Benefits,
    pub languages: Vec<Language>,
    /// When the employer wants it to stop being shown (else 30 days after opening).
    pub expires_at: Option<DateTime<Utc>>,
}

/// Pay as the employer typed it: yuan amounts as decimal text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayInput {
    pub min: String,
    /// Defaults to `min`.
    pub max: Option<String>,
    pub unit: PayUnit,
    pub cycle: PayCycle,
    pub piece_daily_estimate: Option<String>,
}

/// A skill requirement as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillInput {
    pub occupation_code: String,
    pub min_level: u8,
}

/// A whole posting as the employer submits it, before any check.
#[derive(Debug, Clone, PartialEq)]
pub struct PostingInput {
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub required_skills: Vec<SkillInput>,
    pub headcount: u32,
    pub pay: PayInput,
    pub work_type: WorkType,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub lat: f64,
    pub lng: f64,
    pub region_code: String,
    pub address: String,
    pub benefits: Benefits,
    pub languages: Vec<Language>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Changes to a posting's content; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostingPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub occupation_code: Option<String>,
    pub required_skills: Option<Vec<SkillInput>>,
    pub headcount: Option<u32>,
    pub pay: Option<PayInput>,
    pub work_type: Option<WorkType>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub location: Option<(f64, f64)>,
    pub region_code: Option<String>,
    pub address: Option<String>,
    pub benefits: Option<Benefits>,
    pub languages: Option<Vec<Language>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Why the posting screen held a posting: the category's code and the words that did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFlag {
    pub code: String,
    pub term: String,
}

/// A status change, for the history and the events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub from: JobStatus,
    pub to: JobStatus,
}

/// What a posting refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostingError {
    #[error("invalid posting: {0}")]
    Invalid(Violations),
    #[error(transparent)]
    Transition(#[from] JobTransitionError),
    /// Hiring past the headcount.
    #[error("no opening is left")]
    Full,
    /// Publishing work whose last day has passed.
    #[error("the work this posting offers has ended")]
    WorkEnded,
}

impl From<Violations> for PostingError {
    fn from(v: Violations) -> Self {
        PostingError::Invalid(v)
    }
}

/// Why a posting takes no application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The public may not see it (a draft, a held posting, an unverified employer).
    Unseen,
    /// Seen, but no longer open (closed, filled, expired).
    NotOpen,
}

/// Whose eyes: the posting's employer, the bureau, or anyone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Owner,
    Bureau,
    Public,
}

/// A posting. Built by [`Posting::draft`] or restored by the store
/// ([`Posting::restore`]); changed only by its methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Posting {
    state: PostingState,
}

/// Everything a posting holds, as the store keeps it. Only the store builds one (to
/// restore a posting it read); everyone else reads a posting through its methods.
#[derive(Debug, Clone, PartialEq)]
pub struct PostingState {
    pub id: Uuid,
    pub employer_id: Uuid,
    pub content: PostingContent,
    pub openings_left: u32,
    pub status: JobStatus,
    pub review_flags: Vec<ReviewFlag>,
    /// The bureau's note when it sent the posting back.
    pub review_note: Option<String>,
    pub opened_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every save; a save names the version it read.
    pub version: i32,
}

impl PostingInput {
    /// Checks every field and the fields together, reporting all problems at once.
    pub fn validate(self, now: DateTime<Utc>) -> Result<PostingContent, Violations> {
        let mut v = Violations::new();
        let title = v.check("/title", text::line(&self.title, 2, 60));
        let description = v.check("/description", text::paragraph(&self.description, 1, 5000));
        let occupation = v.check("/occupation_code", occupation(&self.occupation_code, true));
        let required_skills = skills(&mut v, &self.required_skills);
        let headcount = v.check("/headcount", headcount(self.headcount));
        let pay = pay(&mut v, &self.pay);
        let location = v.check("/location", GeoPoint::new(self.lat, self.lng));
        let region_code = v.check("/region_code", region(&self.region_code));
        let address = v.check("/address", text::line(&self.address, 2, 200));
        if let Some(at) = self.expires_at {
            v.check("/expires_at", expiry(at, now));
        }
        let content = (|| {
            Some(PostingContent {
                title: title?,
                description: description?,
                occupation: occupation?,
                required_skills: required_skills?,
                headcount: headcount?,
                pay: pay?,
                work_type: self.work_type,
                start_date: self.start_date,
                end_date: self.end_date,
                location: location?,
                region_code: region_code?,
                address: address?,
                benefits: self.benefits,
                languages: distinct(self.languages),
                expires_at: self.expires_at,
            })
        })();
        if let Some(c) = &content {
            dates(&mut v, c);
        }
        v.finish(content)
    }
}

impl PostingContent {
    /// The content with `patch` applied: each field given is checked as on creation, and
    /// the result as a whole (dates in order). Fields not given are kept as they are,
    /// unchecked (an expiry that has passed since does not block an edit of the title).
    pub fn patched(&self, patch: PostingPatch, now: DateTime<Utc>) -> Result<PostingContent, Violations> {
        let mut v = Violations::new();
        let mut c = self.clone();
        if let Some(t) = patch.title {
            c.title = v.check("/title", text::line(&t, 2, 60)).unwrap_or_default();
        }
        if let Some(d) = patch.description {
            c.description = v.check("/description", text::paragraph(&d, 1, 5000)).unwrap_or_default();
        }
        if let Some(code) = patch.occupation_code
            && let Some(o) = v.check("/occupation_code", occupation(&code, true))
        {
            c.occupation = o;
        }
        if let Some(s) = patch.required_skills
            && let Some(s) = skills(&mut v, &s)
        {
            c.required_skills = s;
        }
        if let Some(h) = patch.headcount
            && let Some(h) = v.check("/headcount", headcount(h))
        {
            c.headcount = h;
        }
        if let Some(p) = patch.pay
            && let Some(p) = pay(&mut v, &p)
        {
            c.pay = p;
        }
        if let Some(w) = patch.work_type {
            c.work_type = w;
        }
        if patch.start_date.is_some() {
            c.start_date = patch.start_date;
        }
        if patch.end_date.is_some() {
            c.end_date = patch.end_date;
        }
        if let Some((lat, lng)) = patch.location
            && let Some(l) = v.check("/location", GeoPoint::new(lat, lng))
        {
            c.location = l;
        }
        if let Some(r) = patch.region_code
            && let Some(r) = v.check("/region_code", region(&r))
        {
            c.region_code = r;
        }
        if let Some(a) = patch.address {
            c.address = v.check("/address", text::line(&a, 2, 200)).unwrap_or_default();
        }
        if let Some(b) = patch.benefits {
            c.benefits = b;
        }
        if let Some(l) = patch.languages {
            c.languages = distinct(l);
        }
        if let Some(at) = patch.expires_at
            && v.check("/expires_at", expiry(at, now)).is_some()
        {
            c.expires_at = Some(at);
        }
        dates(&mut v, &c);
        v.finish(Some(c))
    }

    /// The posting screen's findings on the title and description.
    fn screen(&self) -> Vec<ReviewFlag> {
        screen_posting(&[&self.title, &self.description])
            .into_iter()
            .map(|f| ReviewFlag { code: f.code().to_owned(), term: f.term.to_owned() })
            .collect()
    }
}

fn occupation(code: &str, four_levels: bool) -> Result<OccupationCode, Code> {
    let unknown = Code("occupation_unknown");
    let known = catalogue().occupation(code).filter(|o| !four_levels || o.depth == 4).ok_or(unknown)?;
    OccupationCode::parse(&known.code).map_err(|_| unknown)
}

fn region(code: &str) -> Result<String, Code> {
    catalogue().region(code).map(|r| r.code.clone()).ok_or(Code("region_unknown"))
}

fn headcount(n: u32) -> Result<u32, Code> {
    if (1..=MAX_HEADCOUNT).contains(&n) { Ok(n) } else { Err(Code("headcount_out_of_range")) }
}

fn expiry(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Code> {
    if at <= now {
        Err(Code("expires_at_past"))
    } else if at > now + Duration::days(MAX_OPEN_DAYS) {
        Err(Code("expires_at_too_far"))
    } else {
        Ok(())
    }
}

fn skills(v: &mut Violations, input: &[SkillInput]) -> Option<Vec<SkillRequirement>> {
    let before = v.clone();
    if input.len() > MAX_REQUIRED_SKILLS {
        v.add("/required_skills", "too_many_items");
    }
    let mut out: Vec<SkillRequirement> = Vec::new();
    for (i, s) in input.iter().enumerate() {
        let field = format!("/required_skills/{i}/occupation_code");
        let code = v.check(field.clone(), occupation(&s.occupation_code, false));
        let level = v.check(format!("/required_skills/{i}/min_level"), SkillLevel::new(s.min_level));
        if let (Some(occupation), Some(min_level)) = (code, level) {
            if out.iter().any(|r| r.occupation == occupation) {
                v.add(field, "duplicate_item");
            } else {
                out.push(SkillRequirement { occupation, min_level });
            }
        }
    }
    (*v == before).then_some(out)
}

fn pay(v: &mut Violations, p: &PayInput) -> Option<Pay> {
    let min = v.check("/pay/min", Money::parse(&p.min));
    let max = match &p.max {
        Some(m) => v.check("/pay/max", Money::parse(m)),
        None => min,
    };
    let estimate = match &p.piece_daily_estimate {
        Some(e) => v.check("/pay/piece_daily_estimate", Money::parse(e)).map(Some),
        None => Some(None),
    };
    let (min, max, estimate) = (min?, max?, estimate?);
    v.check("/pay", Pay::new(min, max, p.unit, p.cycle, estimate))
}

fn dates(v: &mut Violations, c: &PostingContent) {
    if let (Some(s), Some(e)) = (c.start_date, c.end_date)
        && e < s
    {
        v.add("/end_date", "end_before_start");
    }
}

fn distinct(languages: Vec<Language>) -> Vec<Language> {
    let mut out: Vec<Language> = Vec::new();
    for l in languages {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

impl Posting {
    /// A new draft of `employer` holding `content`, screened.
    pub fn draft(id: Uuid, employer_id: Uuid, content: PostingContent, now: DateTime<Utc>) -> Posting {
        let review_flags = content.screen();
        Posting {
            state: PostingState {
                id,
                employer_id,
                openings_left: content.headcount,
                content,
                status: JobStatus::Draft,
                review_flags,
                review_note: None,
                opened_at: None,
                created_at: now,
                updated_at: now,
                version: 0,
            },
        }
    }

    /// A posting as the store read it.
    pub fn restore(state: PostingState) -> Posting {
        Posting { state }
    }

    /// Everything it holds, for the store to save.
    pub fn state(&self) -> &PostingState {
        &self.state
    }

    /// The store's word that this state is now saved: the version moves on.
    pub fn saved(&mut self) {
        self.state.version += 1;
    }

    pub fn id(&self) -> Uuid {
        self.state.id
    }

    pub fn employer_id(&self) -> Uuid {
        self.state.employer_id
    }

    pub fn content(&self) -> &PostingContent {
        &self.state.content
    }

    pub fn openings_left(&self) -> u32 {
        self.state.openings_left
    }

    pub fn hired(&self) -> u32 {
        self.state.content.headcount.saturating_sub(self.state.openings_left)
    }

    /// The stored status (an open posting past its expiry is still `open` here).
    pub fn stored_status(&self) -> JobStatus {
        self.state.status
    }

    /// The status as of `now`: an open posting past its expiry is expired.
    pub fn status_at(&self, now: DateTime<Utc>) -> JobStatus {
        match (self.state.status, self.state.content.expires_at) {
            (JobStatus::Open, Some(at)) if at <= now => JobStatus::Expired,
            (s, _) => s,
        }
    }

    pub fn review_flags(&self) -> &[ReviewFlag] {
        &self.state.review_flags
    }

    pub fn review_note(&self) -> Option<&str> {
        self.state.review_note.as_deref()
    }

    pub fn opened_at(&self) -> Option<DateTime<Utc>> {
        self.state.opened_at
    }

    pub fn created_at(&self) -> DateTime<Utc> {
        self.state.created_at
    }

    pub fn updated_at(&self) -> DateTime<Utc> {
        self.state.updated_at
    }

    pub fn version(&self) -> i32 {
        self.state.version
    }

    /// Whether `viewer` may read the posting, given its employer's verification.
    pub fn visible_to(&self, viewer: Viewer, employer: OrgStatus, now: DateTime<Utc>) -> bool {
        match viewer {
            Viewer::Owner | Viewer::Bureau => true,
            Viewer::Public => self.status_at(now).is_published(employer),
        }
    }

    /// Whether search and recommendations show it: open, unexpired, employer verified.
    pub fn is_listed(&self, employer: OrgStatus, now: DateTime<Utc>) -> bool {
        employer == OrgStatus::Verified && self.status_at(now) == JobStatus::Open
    }

    /// Whether a worker may apply now; why not otherwise.
    pub fn accepts_applications(&self, employer: OrgStatus, now: DateTime<Utc>) -> Result<(), Refusal> {
        if !self.visible_to(Viewer::Public, employer, now) {
            Err(Refusal::Unseen)
        } else if !self.is_listed(employer, now) {
            Err(Refusal::NotOpen)
        } else {
            Ok(())
        }
    }

    /// Replaces the content with `patch` applied. The headcount never drops below the
    /// hires made; an open posting whose new text the screen flags goes back to review;
    /// a filled posting can't be edited.
    pub fn edit(
        &mut self,
        patch: PostingPatch,
        now: DateTime<Utc>,
    ) -> Result<Option<StatusChange>, PostingError> {
        let content = self.state.content.patched(patch, now)?;
        let hired = self.hired();
        if content.headcount < hired.max(1) {
            return Err(Violations::one("/headcount", "headcount_below_hired").into());
        }
        let flags = content.screen();
        let from = self.state.status;
        let to = from.after_edit(!flags.is_empty())?;
        self.state.openings_left = content.headcount - hired;
        self.state.content = content;
        self.state.review_flags = flags;
        self.state.status = to;
        self.state.updated_at = now;
        Ok((from != to).then_some(StatusChange { from, to }))
    }

    /// Publishes it: `open`, or `under_review` when the screen flags the text (the
    /// bureau decides then). It stays up until its expiry, `DEFAULT_OPEN_DAYS` from now
    /// when it has none still ahead. Work that has already ended (its end date is before
    /// today in China) is not published.
    pub fn open(&mut self, now: DateTime<Utc>) -> Result<StatusChange, PostingError> {
        if self.state.content.end_date.is_some_and(|end| end < crate::calendar::china_date(now)) {
            return Err(PostingError::WorkEnded);
        }
        let from = self.status_at(now);
        let flags = self.state.content.screen();
        let to = from.open(!flags.is_empty())?;
        if self.state.content.expires_at.is_none_or(|t| t <= now) {
            self.state.content.expires_at = Some(now + Duration::days(DEFAULT_OPEN_DAYS));
        }
        if to == JobStatus::Open {
            self.state.opened_at = Some(now);
            self.state.review_note = None;
        }
        self.state.review_flags = flags;
        Ok(self.move_to(from, to, now))
    }

    pub fn close(&mut self, now: DateTime<Utc>) -> Result<StatusChange, PostingError> {
        let from = self.status_at(now);
        let to = from.close()?;
        Ok(self.move_to(from, to, now))
    }

    /// The bureau's decision on a held posting: approved, it opens; rejected, it goes back
    /// to draft with the reason for the employer.
    pub fn review(
        &mut self,
        approve: bool,
        reason: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<StatusChange, PostingError> {
        let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        if !approve && reason.is_none() {
            return Err(Violations::one("/reason", "reason_required").into());
        }
        let from = self.state.status;
        let to = from.review(approve)?;
        if approve {
            self.state.opened_at = Some(now);
            self.state.review_note = None;
        } else {
            self.state.review_note = reason;
        }
        Ok(self.move_to(from, to, now))
    }

    /// Takes one opening for a hire; the last one fills the posting.
    pub fn hire(&mut self, now: DateTime<Utc>) -> Result<Option<StatusChange>, PostingError> {
        if self.state.openings_left == 0 {
            return Err(PostingError::Full);
        }
        self.state.openings_left -= 1;
        self.state.updated_at = now;
        if self.state.openings_left == 0 {
            let from = self.state.status;
            return Ok(Some(self.move_to(from, JobStatus::Filled, now)));
        }
        Ok(None)
    }

    /// Marks an open posting past its expiry as expired (reads already treat it so);
    /// `None` when it is not due.
    pub fn expire(&mut self, now: DateTime<Utc>) -> Option<StatusChange> {
        let from = self.state.status;
        (from == JobStatus::Open && self.status_at(now) == JobStatus::Expired)
            .then(|| self.move_to(from, JobStatus::Expired, now))
    }

    fn move_to(&mut self, from: JobStatus, to: JobStatus, now: DateTime<Utc>) -> StatusChange {
        self.state.status = to;
        self.state.updated_at = now;
        StatusChange { from, to }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z").unwrap().to_utc()
    }

    fn input() -> PostingInput {
        PostingInput {
            title: "口岸货场装卸工".to_owned(),
            description: "二连浩特公路口岸货场装卸蒙古国进口货物，包吃住，日结。".to_owned(),
            occupation_code: "4-02-05-01".to_owned(),
            required_skills: vec![SkillInput { occupation_code: "4-02-05-01".to_owned(), min_level: 1 }],
            headcount: 3,
            pay: PayInput {
                min: "300".to_owned(),
                max: Some("400".to_owned()),
                unit: PayUnit::Day,
                cycle: PayCycle::Daily,
                piece_daily_estimate: None,
            },
            work_type: WorkType::DayLabour,
            start_date: NaiveDate::from_ymd_opt(2026, 12, 5),
            end_date: NaiveDate::from_ymd_opt(2027, 3, 31),
            lat: 43.6433,
            lng: 111.9795,
            region_code: "152501".to_owned(),
            address: "二连浩特市公路口岸货场".to_owned(),
            benefits: Benefits { housing: true, meals: true, ..Benefits::default() },
            languages: vec![Language::Zh, Language::Mn, Language::Zh],
            expires_at: None,
        }
    }

    fn posting() -> Posting {
        Posting::draft(Uuid::nil(), Uuid::nil(), input().validate(now()).unwrap(), now())
    }

    fn codes(e: PostingError) -> Vec<(String, &'static str)> {
        match e {
            PostingError::Invalid(v) => v.iter().map(|v| (v.field.clone(), v.code)).collect(),
            other => panic!("expected violations, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_posting_becomes_a_screened_draft_with_every_opening() {
        let p = posting();
        assert_eq!(p.stored_status(), JobStatus::Draft);
        assert_eq!(p.openings_left(), 3);
        assert_eq!(p.content().languages, vec![Language::Zh, Language::Mn], "languages once each");
        assert!(p.review_flags().is_empty());
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let mut bad = input();
        bad.title = "x".to_owned();
        bad.headcount = 0;
        bad.pay.min = "abc".to_owned();
        bad.region_code = "999999".to_owned();
        bad.end_date = NaiveDate::from_ymd_opt(2026, 1, 1);
        bad.expires_at = Some(now() + Duration::days(MAX_OPEN_DAYS + 1));
        bad.required_skills.push(SkillInput { occupation_code: "4-02-05-01".to_owned(), min_level: 9 });
        bad.required_skills.push(SkillInput { occupation_code: "4-02-05-01".to_owned(), min_level: 2 });
        let fields: Vec<String> = bad.validate(now()).unwrap_err().iter().map(|v| v.field.clone()).collect();
        for f in [
            "/title",
            "/headcount",
            "/pay/min",
            "/region_code",
            "/expires_at",
            "/required_skills/1/min_level",
            "/required_skills/2/occupation_code",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn dates_must_be_in_order() {
        let mut bad = input();
        bad.end_date = NaiveDate::from_ymd_opt(2026, 12, 1);
        let v = bad.validate(now()).unwrap_err();
        assert_eq!(
            v.iter().map(|v| (v.field.as_str(), v.code)).collect::<Vec<_>>(),
            [("/end_date", "end_before_start")]
        );
    }

    #[test]
    fn opening_sets_the_default_expiry_and_the_screen_holds_harm() {
        let mut p = posting();
        assert_eq!(p.open(now()).unwrap(), StatusChange { from: JobStatus::Draft, to: JobStatus::Open });
        assert_eq!(p.content().expires_at, Some(now() + Duration::days(DEFAULT_OPEN_DAYS)));
        assert_eq!(p.opened_at(), Some(now()));

        let mut harmful = input();
        harmful.description = "入职需交押金500元".to_owned();
        let mut p = Posting::draft(Uuid::nil(), Uuid::nil(), harmful.validate(now()).unwrap(), now());
        assert_eq!(p.open(now()).unwrap().to, JobStatus::UnderReview);
        assert_eq!(p.review_flags()[0].code, "screen_deposit");
        assert_eq!(p.opened_at(), None);
    }

    #[test]
    fn an_edit_keeps_the_hires_and_may_send_the_posting_to_review() {
        let mut p = posting();
        p.open(now()).unwrap();
        p.hire(now()).unwrap();
        let patch = PostingPatch { headcount: Some(5), ..Default::default() };
        assert_eq!(p.edit(patch, now()).unwrap(), None);
        assert_eq!((p.content().headcount, p.openings_left()), (5, 4));

        let below = PostingPatch { headcount: Some(0), ..Default::default() };
        assert_eq!(
            codes(p.edit(below, now()).unwrap_err()),
            [("/headcount".to_owned(), "headcount_out_of_range")]
        );

        let mut q = posting();
        q.open(now()).unwrap();
        q.hire(now()).unwrap();
        q.hire(now()).unwrap();
        let below_hired = PostingPatch { headcount: Some(1), ..Default::default() };
        assert_eq!(
            codes(q.edit(below_hired, now()).unwrap_err()),
            [("/headcount".to_owned(), "headcount_below_hired")]
        );

        let harmful =
            PostingPatch { description: Some("先交服装费200元".to_owned()), ..Default::default() };
        assert_eq!(
            p.edit(harmful, now()).unwrap(),
            Some(StatusChange { from: JobStatus::Open, to: JobStatus::UnderReview })
        );
    }

    #[test]
    fn an_edit_does_not_recheck_fields_it_leaves_alone() {
        let mut input = input();
        input.expires_at = Some(now() + Duration::days(2));
        let mut p = Posting::draft(Uuid::nil(), Uuid::nil(), input.validate(now()).unwrap(), now());
        let later = now() + Duration::days(10);
        let patch = PostingPatch {
            title: Some("口岸货场装卸工（长期）".to_owned()), ..Default::default()
        };
        assert!(p.edit(patch, later).is_ok(), "an expiry that has passed does not block a new title");
        let patch = PostingPatch { expires_at: Some(now()), ..Default::default() };
        assert_eq!(codes(p.edit(patch, later).unwrap_err()), [("/expires_at".to_owned(), "expires_at_past")]);
    }

    #[test]
    fn the_last_hire_fills_it_and_no_hire_goes_past() {
        let mut p = posting();
        p.open(now()).unwrap();
        assert_eq!(p.hire(now()).unwrap(), None);
        assert_eq!(p.hire(now()).unwrap(), None);
        assert_eq!(
            p.hire(now()).unwrap(),
            Some(StatusChange { from: JobStatus::Open, to: JobStatus::Filled })
        );
        assert_eq!(p.hire(now()), Err(PostingError::Full));
        let edit = PostingPatch { title: Some("新标题".to_owned()), ..Default::default() };
        assert_eq!(p.edit(edit, now()), Err(PostingError::Transition(JobTransitionError::NotEditable)));
    }

    #[test]
    fn ended_work_is_not_published() {
        let mut p = posting();
        let after_the_end = DateTime::parse_from_rfc3339("2027-04-01T00:00:00+08:00").unwrap().to_utc();
        assert_eq!(p.open(after_the_end), Err(PostingError::WorkEnded));
        let last_day = DateTime::parse_from_rfc3339("2027-03-31T23:59:00+08:00").unwrap().to_utc();
        assert!(p.open(last_day).is_ok(), "the last day itself still counts");
    }

    #[test]
    fn who_sees_it_and_who_may_apply() {
        let mut p = posting();
        for org in [OrgStatus::Verified, OrgStatus::Pending, OrgStatus::Rejected] {
            assert!(p.visible_to(Viewer::Owner, org, now()) && p.visible_to(Viewer::Bureau, org, now()));
            assert!(!p.visible_to(Viewer::Public, org, now()), "a draft is private");
        }
        p.open(now()).unwrap();
        assert!(p.visible_to(Viewer::Public, OrgStatus::Verified, now()));
        assert!(p.is_listed(OrgStatus::Verified, now()));
        assert_eq!(p.accepts_applications(OrgStatus::Verified, now()), Ok(()));
        assert!(
            !p.visible_to(Viewer::Public, OrgStatus::Rejected, now()),
            "an employer that lost verification"
        );
        assert!(!p.is_listed(OrgStatus::Rejected, now()));
        assert_eq!(p.accepts_applications(OrgStatus::Rejected, now()), Err(Refusal::Unseen));

        let after = p.content().expires_at.unwrap();
        assert_eq!(p.status_at(after), JobStatus::Expired);
        assert!(
            p.visible_to(Viewer::Public, OrgStatus::Verified, after),
            "an expired posting can still be read"
        );
        assert!(!p.is_listed(OrgStatus::Verified, after));
        assert_eq!(p.accepts_applications(OrgStatus::Verified, after), Err(Refusal::NotOpen));
        assert_eq!(p.expire(after), Some(StatusChange { from: JobStatus::Open, to: JobStatus::Expired }));
        assert_eq!(p.expire(after), None);
    }

    #[test]
    fn the_bureau_needs_a_reason_to_send_a_posting_back() {
        let mut harmful = input();
        harmful.description = "需自费体检".to_owned();
        let mut p = Posting::draft(Uuid::nil(), Uuid::nil(), harmful.validate(now()).unwrap(), now());
        p.open(now()).unwrap();
        assert_eq!(
            codes(p.review(false, Some("  ".to_owned()), now()).unwrap_err()),
            [("/reason".to_owned(), "reason_required")]
        );
        assert_eq!(
            p.review(false, Some("体检费须由用人单位承担".to_owned()), now()).unwrap().to,
            JobStatus::Draft
        );
        assert_eq!(p.review_note(), Some("体检费须由用人单位承担"));
    }
}
