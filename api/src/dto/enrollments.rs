//! The course-enrolment contract.

use chrono::{DateTime, Utc};
use laowu_domain::EnrollmentStatus;
use laowu_domain::course::CourseStatus;
use laowu_domain::enrollment::CertificateNo;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::Checks;
use super::courses::SchoolRef;
use super::page::Page;
use super::workers::ApplicantResponse;
use crate::error::ApiResult;
use crate::services::enrollments::{EnrollmentView, Trainee};
use crate::store::events::HistoryEntry as StoredHistory;

/// A move of an enrolment, as `POST /api/v1/enrollments/{id}/transitions` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// The school: `attending`, `completed`, `certified` or `dropped`; the worker: `dropped`.
    #[schema(value_type = String, example = "certified")]
    pub to: EnrollmentStatus,
    /// The number on the certificate; required to certify, ignored otherwise.
    #[schema(example = "S000015250001254000123")]
    pub certificate_no: Option<String>,
}

impl TransitionRequest {
    pub fn into_move(self) -> ApiResult<(EnrollmentStatus, Option<CertificateNo>)> {
        let mut c = Checks::new();
        let certificate_no = match &self.certificate_no {
            Some(n) => c.check("/certificate_no", CertificateNo::parse(n)).map(Some),
            None => Some(None),
        };
        c.finish(certificate_no.map(|n| (self.to, n)))
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CourseSummary {
    pub id: Uuid,
    pub title: String,
    pub school: SchoolRef,
    pub occupation_code: String,
    /// The skill level certification records: 1 (五级/初级工) to 5 (一级/高级技师).
    pub target_level: u8,
    /// `draft`, `open` or `closed`.
    #[schema(value_type = String, example = "open")]
    pub status: CourseStatus,
}

/// One step of an enrolment's history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StatusEventResponse {
    /// Null for the enrolment itself.
    pub from: Option<String>,
    pub to: String,
    /// Who made the move: `worker` or `school`.
    pub by: String,
    pub at: DateTime<Utc>,
}

impl From<StoredHistory> for StatusEventResponse {
    fn from(e: StoredHistory) -> Self {
        StatusEventResponse { from: e.from_status, to: e.to_status, by: e.actor_role, at: e.at }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EnrollmentResponse {
    pub id: Uuid,
    pub course: CourseSummary,
    pub worker_id: Uuid,
    /// `enrolled`, `attending`, `completed`, `certified` or `dropped`.
    #[schema(value_type = String, example = "enrolled")]
    pub status: EnrollmentStatus,
    pub certificate_no: Option<String>,
    /// The statuses the caller may move the enrolment to now.
    #[schema(value_type = Vec<String>, example = json!(["attending", "dropped"]))]
    pub next_statuses: Vec<EnrollmentStatus>,
    /// The school's view only: the trainee, with the phone and ID number masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainee: Option<ApplicantResponse>,
    /// Single enrolments only: every move, oldest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<StatusEventResponse>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn trainee(t: Trainee) -> ApplicantResponse {
    match t.profile {
        Some(p) => ApplicantResponse::new(p, t.phone_masked),
        // No profile yet: the account and its masked phone are all there is.
        None => ApplicantResponse {
            worker_id: t.worker_id,
            name: String::new(),
            gender: None,
            birth_year: None,
            region_code: None,
            languages: Vec::new(),
            education: None,
            skills: Vec::new(),
            phone_masked: t.phone_masked,
            id_number_masked: None,
        },
    }
}

impl From<EnrollmentView> for EnrollmentResponse {
    fn from(v: EnrollmentView) -> Self {
        let r = v.record;
        let c = v.course;
        EnrollmentResponse {
            id: r.id,
            course: CourseSummary {
                id: c.id,
                title: c.title,
                school: SchoolRef { id: c.school_id, name: v.school_name },
                occupation_code: c.occupation_code,
                target_level: c.target_level,
                status: c.status,
            },
            worker_id: r.worker_id,
            next_statuses: r.status.next_statuses(v.viewer),
            status: r.status,
            certificate_no: r.certificate_no,
            trainee: v.trainee.map(trainee),
            history: v.history.map(|h| h.into_iter().map(StatusEventResponse::from).collect()),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub fn page_of(page: Page<EnrollmentView>) -> Page<EnrollmentResponse> {
    Page {
        items: page.items.into_iter().map(EnrollmentResponse::from).collect(),
        next_cursor: page.next_cursor,
    }
}
