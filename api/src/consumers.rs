//! Who consumes the domain events, and what each needs delivered.
//!
//! Every event is written with its change (`store::events::record`), and with it one
//! delivery per target of every consumer subscribed here; each consumer then works
//! through its own deliveries (`store::outbox`, claimed with leases, retried with backoff).
//! The search indexer is the first consumer. Adding one — notifications, statistics —
//! is a [`Subscription`] here and a loop that claims its deliveries, as `indexer.rs` does.

use laowu_domain::events::Event;
use laowu_domain::organization::OrgKind;
use uuid::Uuid;

use crate::store::outbox::{Consumer, Topic};

/// What a consumer wants delivered for an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One entity.
    One(Topic, Uuid),
    /// Every listing (posting or course) of an organisation: its name and verification
    /// show in each.
    ListingsOf(Uuid, OrgKind),
}

pub struct Subscription {
    pub consumer: Consumer,
    pub targets: fn(&Event) -> Vec<Target>,
}

/// Every consumer, in the order their deliveries are written.
pub const SUBSCRIPTIONS: &[Subscription] = &[Subscription { consumer: Consumer::SEARCH, targets: search }];

/// The search index holds postings, courses and discoverable workers: an event is
/// delivered for each document it may change.
fn search(event: &Event) -> Vec<Target> {
    use Event::*;
    match *event {
        JobCreated { job, .. } | JobEdited { job } | JobMoved { job, .. } | JobOpeningTaken { job, .. } => {
            vec![Target::One(Topic::Job, job)]
        }
        CourseCreated { course, .. }
        | CourseEdited { course }
        | CourseMoved { course, .. }
        | CourseSeatsChanged { course } => {
            vec![Target::One(Topic::Course, course)]
        }
        ProfileSaved { worker } | SkillCertified { worker, .. } => vec![Target::One(Topic::Worker, worker)],
        OrganizationEdited { organization, kind, identity_changed: true } => {
            vec![Target::ListingsOf(organization, kind)]
        }
        OrganizationMoved { organization, kind, change } if change.from != Some(change.to) => {
            vec![Target::ListingsOf(organization, kind)]
        }
        // The hire or the seat it moved comes as an event of its own.
        ApplicationMoved { .. }
        | EnrollmentMoved { .. }
        | OrganizationCreated { .. }
        | OrganizationEdited { .. }
        | OrganizationMoved { .. } => Vec::new(),
    }
}
