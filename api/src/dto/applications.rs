//! The job-application contract.

use chrono::{DateTime, Utc};
use laowu_domain::ApplicationStatus;
use laowu_domain::application::aggregate::MoveRequest;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::jobs::EmployerRef;
use super::workers::ApplicantResponse;
use crate::services::applications::ApplicationView;
use crate::store::events::HistoryEntry as StoredHistory;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyRequest {
    /// A short note to the employer (optional, up to 500 characters).
    #[schema(example = "我有四年口岸装卸经验，会说蒙古语。")]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "interview", "interview_at": "2030-12-03T02:00:00Z", "interview_place": "二连浩特市人力资源市场二楼", "note": "请带身份证原件。"}))]
pub struct ApplicationTransitionRequest {
    /// `viewed`, `interview`, `offered`, `hired`, `rejected` (employer) or `withdrawn` (worker).
    #[schema(value_type = String, example = "interview")]
    pub to: ApplicationStatus,
    pub note: Option<String>,
    /// Required for `interview`.
    pub interview_at: Option<DateTime<Utc>>,
    /// Required for `interview`.
    #[schema(example = "二连浩特市人力资源市场二楼")]
    pub interview_place: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct JobSummary {
    pub id: Uuid,
    pub title: String,
    pub employer: EmployerRef,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InterviewResponse {
    pub at: DateTime<Utc>,
    pub place: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    pub from: Option<String>,
    pub to: String,
    /// Who made the change: `worker`, `employer`, `school` or `admin`.
    pub by: String,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<StoredHistory> for HistoryEntry {
    fn from(e: StoredHistory) -> Self {
        HistoryEntry { from: e.from_status, to: e.to_status, by: e.actor_role, note: e.note, at: e.at }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApplicationResponse {
    pub id: Uuid,
    pub job: JobSummary,
    pub worker_id: Uuid,
    /// `applied`, `viewed`, `interview`, `offered`, `hired`, `rejected` or `withdrawn`.
    #[schema(value_type = String, example = "applied")]
    pub status: ApplicationStatus,
    /// The moves the caller can make next.
    #[schema(value_type = Vec<String>)]
    pub next: Vec<ApplicationStatus>,
    pub note: Option<String>,
    pub interview: Option<InterviewResponse>,
    /// For the employer: the applicant, with personal data masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicant: Option<ApplicantResponse>,
    /// Every status change, oldest first (single-application reads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryEntry>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<ApplicationView> for ApplicationResponse {
    fn from(v: ApplicationView) -> Self {
        let a = v.application;
        ApplicationResponse {
            id: a.id(),
            job: JobSummary {
                id: a.job_id(),
                title: v.job_title,
                employer: EmployerRef { id: v.employer_id, name: v.employer_name },
            },
            worker_id: a.worker_id(),
            status: a.status(),
            next: v.next,
            note: a.cover_note().map(str::to_owned),
            interview: a.interview().map(|(at, place)| InterviewResponse { at, place: place.to_owned() }),
            applicant: v.applicant,
            history: v.history.map(|h| h.into_iter().map(HistoryEntry::from).collect()),
            created_at: a.created_at(),
            updated_at: a.updated_at(),
        }
    }
}

impl ApplicationTransitionRequest {
    pub fn into_request(self) -> MoveRequest {
        MoveRequest {
            to: self.to,
            interview_at: self.interview_at,
            interview_place: self.interview_place,
            note: self.note,
        }
    }
}
