//! An application, as one aggregate: whose it is, where it stands, the interview, and the
//! rules of every move. The store loads and saves an [`Application`]; services call its
//! methods and never set its fields.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{ApplicationStatus, InterviewDetails, TransitionError};
use crate::actor::Actor;
use crate::events::Move;
use crate::text;
use crate::violations::Violations;

/// The longest note a worker or an employer may add, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// A move asked for: where to, the interview's time and place (for `interview`), a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveRequest {
    pub to: ApplicationStatus,
    pub interview_at: Option<DateTime<Utc>>,
    pub interview_place: Option<String>,
    pub note: Option<String>,
}

/// What an application refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplicationError {
    #[error("invalid: {0}")]
    Invalid(Violations),
    #[error(transparent)]
    Transition(TransitionError),
}

impl From<Violations> for ApplicationError {
    fn from(v: Violations) -> Self {
        ApplicationError::Invalid(v)
    }
}

/// Everything an application holds, as the store keeps it (only the store builds one).
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationState {
    pub id: Uuid,
    pub job_id: Uuid,
    pub worker_id: Uuid,
    pub status: ApplicationStatus,
    pub cover_note: Option<String>,
    pub interview: Option<(DateTime<Utc>, String)>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    state: ApplicationState,
}

/// A note as given: trimmed, blank is none, at most [`MAX_NOTE_CHARS`].
pub fn note(raw: Option<&str>, field: &str) -> Result<Option<String>, Violations> {
    match raw.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(None),
        Some(n) => text::paragraph(n, 1, MAX_NOTE_CHARS).map(Some).map_err(|e| {
            let mut v = Violations::new();
            v.check::<(), _>(field, Err(e));
            v
        }),
    }
}

impl Application {
    /// A worker applies to a posting (whether the posting takes applications is the
    /// posting's rule: [`crate::posting::Posting::accepts_applications`]).
    pub fn apply(
        id: Uuid,
        job_id: Uuid,
        worker_id: Uuid,
        cover_note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Application, Violations> {
        let cover_note = note(cover_note, "/note")?;
        Ok(Application {
            state: ApplicationState {
                id,
                job_id,
                worker_id,
                status: ApplicationStatus::Applied,
                cover_note,
                interview: None,
                created_at: now,
                updated_at: now,
                version: 0,
            },
        })
    }

    pub fn restore(state: ApplicationState) -> Application {
        Application { state }
    }

    pub fn state(&self) -> &ApplicationState {
        &self.state
    }

    /// The store's word that this state is now saved: the version moves on.
    pub fn saved(&mut self) {
        self.state.version += 1;
    }

    pub fn id(&self) -> Uuid {
        self.state.id
    }

    pub fn job_id(&self) -> Uuid {
        self.state.job_id
    }

    pub fn worker_id(&self) -> Uuid {
        self.state.worker_id
    }

    pub fn status(&self) -> ApplicationStatus {
        self.state.status
    }

    pub fn cover_note(&self) -> Option<&str> {
        self.state.cover_note.as_deref()
    }

    pub fn interview(&self) -> Option<(DateTime<Utc>, &str)> {
        self.state.interview.as_ref().map(|(at, place)| (*at, place.as_str()))
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

    /// Who the caller is to this application: its worker, or the employer of its
    /// posting (`employer_account`); `None` for anyone else, who may not see it.
    pub fn party(&self, caller: Uuid, caller_is_employer: bool, employer_account: Uuid) -> Option<Actor> {
        if !caller_is_employer && caller == self.state.worker_id {
            Some(Actor::Worker)
        } else if caller_is_employer && caller == employer_account {
            Some(Actor::Employer)
        } else {
            None
        }
    }

    /// The moves `actor` may make from here, in pipeline order.
    pub fn next(&self, actor: Actor) -> Vec<ApplicationStatus> {
        self.state.status.next_statuses(actor)
    }

    /// Makes the move `request` asks for on behalf of `actor`: the transition table, an
    /// interview that says when (not in the past) and where, a note of at most
    /// [`MAX_NOTE_CHARS`]. Returns the change and the note to keep with it.
    pub fn make_move(
        &mut self,
        request: MoveRequest,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<(Move<ApplicationStatus>, Option<String>), ApplicationError> {
        let mut v = Violations::new();
        let to = request.to;
        let interview = match (request.interview_at, request.interview_place.as_deref()) {
            (Some(at), Some(place)) => {
                v.check("/interview_place", InterviewDetails::new(at.timestamp(), place))
            }
            _ => None,
        };
        if to == ApplicationStatus::Interview && request.interview_at.is_some_and(|at| at <= now) {
            v.add("/interview_at", "interview_in_past");
        }
        let note = match note(request.note.as_deref(), "/note") {
            Ok(n) => n,
            Err(e) => {
                for x in e.iter() {
                    v.add(x.field.clone(), x.code);
                }
                None
            }
        };
        v.finish(Some(()))?;
        let from = self.state.status;
        let to = from.transition(to, actor, interview.as_ref()).map_err(|e| match e {
            TransitionError::InterviewDetailsRequired => {
                let mut v = Violations::new();
                v.add("/interview_at", "interview_details_required");
                v.add("/interview_place", "interview_details_required");
                ApplicationError::Invalid(v)
            }
            other => ApplicationError::Transition(other),
        })?;
        if let (ApplicationStatus::Interview, Some(i), Some(at)) = (to, interview, request.interview_at) {
            self.state.interview = Some((at, i.place().to_owned()));
        }
        self.state.status = to;
        self.state.updated_at = now;
        Ok((Move::between(from, to), note))
    }

    /// The employer opened a new application: it is `viewed`, so the worker knows it was
    /// seen. `None` when it was no longer new.
    pub fn mark_viewed(&mut self, now: DateTime<Utc>) -> Option<Move<ApplicationStatus>> {
        let from = self.state.status;
        (from == ApplicationStatus::Applied).then(|| {
            self.state.status = ApplicationStatus::Viewed;
            self.state.updated_at = now;
            Move::between(from, ApplicationStatus::Viewed)
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z").unwrap().to_utc()
    }

    fn app() -> Application {
        Application::apply(
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(3),
            Some("  我会说蒙古语  "),
            now(),
        )
        .unwrap()
    }

    fn to(s: ApplicationStatus) -> MoveRequest {
        MoveRequest { to: s, interview_at: None, interview_place: None, note: None }
    }

    #[test]
    fn applying_keeps_a_trimmed_note_and_refuses_a_long_one() {
        assert_eq!(app().cover_note(), Some("我会说蒙古语"));
        let long = "好".repeat(MAX_NOTE_CHARS + 1);
        let err = Application::apply(Uuid::nil(), Uuid::nil(), Uuid::nil(), Some(&long), now()).unwrap_err();
        assert_eq!(err.iter().next().unwrap().field, "/note");
    }

    #[test]
    fn an_interview_needs_a_future_time_and_a_place() {
        let mut a = app();
        let err = a.make_move(to(ApplicationStatus::Interview), Actor::Employer, now()).unwrap_err();
        assert!(matches!(err, ApplicationError::Invalid(v) if v.iter().count() == 2));
        let past = MoveRequest {
            interview_at: Some(now() - Duration::hours(1)),
            interview_place: Some("市人力资源市场".to_owned()),
            ..to(ApplicationStatus::Interview)
        };
        let err = a.make_move(past, Actor::Employer, now()).unwrap_err();
        assert!(
            matches!(err, ApplicationError::Invalid(v) if v.iter().any(|x| x.code == "interview_in_past"))
        );
        let ok = MoveRequest { interview_at: Some(now() + Duration::days(1)), ..past_place() };
        let (change, _) = a.make_move(ok, Actor::Employer, now()).unwrap();
        assert_eq!(change, Move::between(ApplicationStatus::Applied, ApplicationStatus::Interview));
        assert_eq!(a.interview().unwrap().1, "市人力资源市场");
    }

    fn past_place() -> MoveRequest {
        MoveRequest {
            interview_place: Some("市人力资源市场".to_owned()), ..to(ApplicationStatus::Interview)
        }
    }

    #[test]
    fn parties_and_their_moves() {
        let mut a = app();
        assert_eq!(a.party(Uuid::from_u128(3), false, Uuid::from_u128(9)), Some(Actor::Worker));
        assert_eq!(a.party(Uuid::from_u128(9), true, Uuid::from_u128(9)), Some(Actor::Employer));
        assert_eq!(a.party(Uuid::from_u128(8), true, Uuid::from_u128(9)), None, "another employer");
        assert_eq!(a.party(Uuid::from_u128(3), true, Uuid::from_u128(9)), None);
        let err = a.make_move(to(ApplicationStatus::Hired), Actor::Employer, now()).unwrap_err();
        assert_eq!(err, ApplicationError::Transition(TransitionError::NotAllowed));
        let err = a.make_move(to(ApplicationStatus::Hired), Actor::Worker, now()).unwrap_err();
        assert_eq!(err, ApplicationError::Transition(TransitionError::NotYours));
        assert!(a.mark_viewed(now()).is_some());
        assert!(a.mark_viewed(now()).is_none(), "only a new application is marked");
        let (_, note) = a
            .make_move(
                MoveRequest { note: Some("日薪350元".to_owned()), ..to(ApplicationStatus::Offered) },
                Actor::Employer,
                now(),
            )
            .unwrap();
        assert_eq!(note.as_deref(), Some("日薪350元"));
        a.make_move(to(ApplicationStatus::Withdrawn), Actor::Worker, now()).unwrap();
        assert!(a.status().is_terminal());
    }
}
