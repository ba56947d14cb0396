//! What happened: domain events, recorded in the same transaction as the change that made
//! them, for every consumer (the search index today; notifications, statistics and the
//! blacklist to come) to act on in its own time.
//!
//! An event names its subject (what it is about), says what happened to it and, for a
//! status change, from where to where. The history people see on a posting, an
//! application or an enrolment is its events that changed its status.

use serde::Serialize;
use uuid::Uuid;

use crate::application::ApplicationStatus;
use crate::course::CourseStatus;
use crate::enrollment::EnrollmentStatus;
use crate::job::JobStatus;
use crate::organization::{OrgKind, OrgStatus};

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Job,
    Application,
    Course,
    Enrollment,
    Organization,
    Worker,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Job => "job",
            SubjectKind::Application => "application",
            SubjectKind::Course => "course",
            SubjectKind::Enrollment => "enrollment",
            SubjectKind::Organization => "organization",
            SubjectKind::Worker => "worker",
        }
    }
}

/// A status change: from nothing (created) or from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Move<S> {
    pub from: Option<S>,
    pub to: S,
}

impl<S> Move<S> {
    pub fn created(to: S) -> Move<S> {
        Move { from: None, to }
    }

    pub fn between(from: S, to: S) -> Move<S> {
        Move { from: Some(from), to }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A new draft.
    JobCreated {
        job: Uuid,
        employer: Uuid,
    },
    /// Its content changed (a status change that came with it is a `JobMoved` too).
    JobEdited {
        job: Uuid,
    },
    JobMoved {
        job: Uuid,
        change: Move<JobStatus>,
    },
    /// A hire took an opening (the last one also moves it to `filled`).
    JobOpeningTaken {
        job: Uuid,
        openings_left: u32,
    },
    ApplicationMoved {
        application: Uuid,
        job: Uuid,
        worker: Uuid,
        change: Move<ApplicationStatus>,
    },
    CourseCreated {
        course: Uuid,
        school: Uuid,
    },
    CourseEdited {
        course: Uuid,
    },
    CourseMoved {
        course: Uuid,
        change: Move<CourseStatus>,
    },
    EnrollmentMoved {
        enrollment: Uuid,
        course: Uuid,
        worker: Uuid,
        change: Move<EnrollmentStatus>,
    },
    /// A seat of the course was taken or given back.
    CourseSeatsChanged {
        course: Uuid,
    },
    ProfileSaved {
        worker: Uuid,
    },
    SkillCertified {
        worker: Uuid,
        occupation: String,
        level: u8,
        enrollment: Uuid,
    },
    OrganizationCreated {
        organization: Uuid,
        kind: OrgKind,
    },
    /// Its name, credit code or contact changed.
    OrganizationEdited {
        organization: Uuid,
        kind: OrgKind,
        identity_changed: bool,
    },
    OrganizationMoved {
        organization: Uuid,
        kind: OrgKind,
        change: Move<OrgStatus>,
    },
}

impl Event {
    /// A stable name, `subject.verb`, for filtering and for consumers' subscriptions.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::JobCreated { .. } => "job.created",
            Event::JobEdited { .. } => "job.edited",
            Event::JobMoved { .. } => "job.moved",
            Event::JobOpeningTaken { .. } => "job.opening_taken",
            Event::ApplicationMoved { .. } => "application.moved",
            Event::CourseCreated { .. } => "course.created",
            Event::CourseEdited { .. } => "course.edited",
            Event::CourseMoved { .. } => "course.moved",
            Event::EnrollmentMoved { .. } => "enrollment.moved",
            Event::CourseSeatsChanged { .. } => "course.seats_changed",
            Event::ProfileSaved { .. } => "worker.profile_saved",
            Event::SkillCertified { .. } => "worker.skill_certified",
            Event::OrganizationCreated { .. } => "organization.created",
            Event::OrganizationEdited { .. } => "organization.edited",
            Event::OrganizationMoved { .. } => "organization.moved",
        }
    }

    /// What it is about.
    pub fn subject(&self) -> (SubjectKind, Uuid) {
        match *self {
            Event::JobCreated { job, .. }
            | Event::JobEdited { job }
            | Event::JobMoved { job, .. }
            | Event::JobOpeningTaken { job, .. } => (SubjectKind::Job, job),
            Event::ApplicationMoved { application, .. } => (SubjectKind::Application, application),
            Event::CourseCreated { course, .. }
            | Event::CourseEdited { course }
            | Event::CourseMoved { course, .. }
            | Event::CourseSeatsChanged { course } => (SubjectKind::Course, course),
            Event::EnrollmentMoved { enrollment, .. } => (SubjectKind::Enrollment, enrollment),
            Event::ProfileSaved { worker } | Event::SkillCertified { worker, .. } => {
                (SubjectKind::Worker, worker)
            }
            Event::OrganizationCreated { organization, .. }
            | Event::OrganizationEdited { organization, .. }
            | Event::OrganizationMoved { organization, .. } => (SubjectKind::Organization, organization),
        }
    }

    /// The status change it records, as text (`from` is `None` for a creation): what
    /// the subject's history shows.
    pub fn status_change(&self) -> Option<(Option<&'static str>, &'static str)> {
        fn text<S: Copy>(m: &Move<S>, name: fn(S) -> &'static str) -> (Option<&'static str>, &'static str) {
            (m.from.map(name), name(m.to))
        }
        match self {
            Event::JobMoved { change, .. } => Some(text(change, JobStatus::as_str)),
            Event::ApplicationMoved { change, .. } => Some(text(change, ApplicationStatus::as_str)),
            Event::CourseMoved { change, .. } => Some(text(change, CourseStatus::as_str)),
            Event::EnrollmentMoved { change, .. } => Some(text(change, EnrollmentStatus::as_str)),
            Event::OrganizationMoved { change, .. } => Some(text(change, OrgStatus::as_str)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_subjects_and_history() {
        let job = Uuid::from_u128(7);
        let e = Event::JobMoved { job, change: Move::between(JobStatus::Open, JobStatus::Filled) };
        assert_eq!(e.kind(), "job.moved");
        assert_eq!(e.subject(), (SubjectKind::Job, job));
        assert_eq!(e.status_change(), Some((Some("open"), "filled")));
        let created = Event::ApplicationMoved {
            application: job,
            job,
            worker: job,
            change: Move::created(ApplicationStatus::Applied),
        };
        assert_eq!(created.status_change(), Some((None, "applied")));
        assert_eq!(Event::JobEdited { job }.status_change(), None);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["type"], "job_moved");
        assert_eq!(json["change"]["to"], "filled");
    }
}
