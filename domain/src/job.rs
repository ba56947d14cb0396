//! The life of a job posting.
//!
//! ```text
//! draft ──open──► open ──close──► closed ──open──► open …
//!   │  (screen flags the text)        │
//!   └──────► under_review ──bureau approves──► open
//!                 │        └─bureau rejects──► draft (with the reason)
//! open ──last hire──► filled        open ──expires_at passes──► expired
//! ```
//!
//! Opening runs the posting screen ([`crate::job_screen`]): a posting that asks workers
//! for deposits, fees, training loans or their ID cards is not published but held for the
//! bureau. Editing an open posting screens it again.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::account::UnknownVariant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Draft,
    UnderReview,
    Open,
    Closed,
    Filled,
    Expired,
}

impl JobStatus {
    pub const ALL: [JobStatus; 6] = [
        JobStatus::Draft,
        JobStatus::UnderReview,
        JobStatus::Open,
        JobStatus::Closed,
        JobStatus::Filled,
        JobStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Draft => "draft",
            JobStatus::UnderReview => "under_review",
            JobStatus::Open => "open",
            JobStatus::Closed => "closed",
            JobStatus::Filled => "filled",
            JobStatus::Expired => "expired",
        }
    }

    /// Whether anyone, logged in or not, may read the posting.
    pub fn is_public(self) -> bool {
        matches!(self, JobStatus::Open | JobStatus::Closed | JobStatus::Filled | JobStatus::Expired)
    }

    /// Whether the public sees a posting in this status whose employer is in `employer`
    /// status: only verified employers publish, so a posting of one that has lost its
    /// verification leaves public reads, applications and search at once.
    pub fn is_published(self, employer: crate::organization::OrgStatus) -> bool {
        self.is_public() && employer == crate::organization::OrgStatus::Verified
    }

    /// The status as of `now` (seconds): an open posting past its expiry is expired.
    pub fn effective(self, expires_at: Option<i64>, now: i64) -> JobStatus {
        match (self, expires_at) {
            (JobStatus::Open, Some(at)) if at <= now => JobStatus::Expired,
            (s, _) => s,
        }
    }

    /// Where "open" leads: straight to `open`, or to `under_review` when the screen
    /// flagged the text.
    pub fn open(self, flagged: bool) -> Result<JobStatus, JobTransitionError> {
        match self {
            JobStatus::Draft | JobStatus::Closed | JobStatus::Expired => {
                Ok(if flagged { JobStatus::UnderReview } else { JobStatus::Open })
            }
            JobStatus::Open | JobStatus::UnderReview | JobStatus::Filled => {
                Err(JobTransitionError::NotAllowed)
            }
        }
    }

    pub fn close(self) -> Result<JobStatus, JobTransitionError> {
        match self {
            JobStatus::Draft | JobStatus::UnderReview | JobStatus::Open => Ok(JobStatus::Closed),
            _ => Err(JobTransitionError::NotAllowed),
        }
    }

    /// The bureau's decision on a held posting: approved postings open, rejected ones go
    /// back to draft for the employer to fix.
    pub fn review(self, approve: bool) -> Result<JobStatus, JobTransitionError> {
        match self {
            JobStatus::UnderReview => Ok(if approve { JobStatus::Open } else { JobStatus::Draft }),
            _ => Err(JobTransitionError::NotAllowed),
        }
    }

    /// The status after the employer edits the posting's text: an open posting whose new
    /// text is flagged goes to review; nothing else changes status by editing.
    pub fn after_edit(self, flagged: bool) -> Result<JobStatus, JobTransitionError> {
        match self {
            JobStatus::Open if flagged => Ok(JobStatus::UnderReview),
            JobStatus::Filled => Err(JobTransitionError::NotEditable),
            s => Ok(s),
        }
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for JobStatus {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobStatus::ALL.into_iter().find(|j| j.as_str() == s).ok_or(UnknownVariant)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JobTransitionError {
    #[error("the posting cannot make this change from its current status")]
    NotAllowed,
    #[error("a filled posting cannot be edited")]
    NotEditable,
}

impl Coded for JobTransitionError {
    fn code(&self) -> &'static str {
        match self {
            JobTransitionError::NotAllowed => "job_transition_not_allowed",
            JobTransitionError::NotEditable => "job_not_editable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::JobStatus::*;
    use super::*;

    #[test]
    fn opening_respects_the_screen() {
        assert_eq!(Draft.open(false), Ok(Open));
        assert_eq!(Draft.open(true), Ok(UnderReview));
        assert_eq!(Closed.open(false), Ok(Open));
        assert_eq!(Open.open(false), Err(JobTransitionError::NotAllowed));
        assert_eq!(Filled.open(false), Err(JobTransitionError::NotAllowed));
        assert_eq!(UnderReview.open(false), Err(JobTransitionError::NotAllowed));
    }

    #[test]
    fn review_close_edit_expire() {
        assert_eq!(UnderReview.review(true), Ok(Open));
        assert_eq!(UnderReview.review(false), Ok(Draft));
        assert_eq!(Open.review(true), Err(JobTransitionError::NotAllowed));
        assert_eq!(Open.close(), Ok(Closed));
        assert_eq!(Filled.close(), Err(JobTransitionError::NotAllowed));
        assert_eq!(Open.after_edit(true), Ok(UnderReview));
        assert_eq!(Open.after_edit(false), Ok(Open));
        assert_eq!(Draft.after_edit(true), Ok(Draft));
        assert_eq!(Filled.after_edit(false), Err(JobTransitionError::NotEditable));
        assert_eq!(Open.effective(Some(100), 100), Expired);
        assert_eq!(Open.effective(Some(101), 100), Open);
        assert_eq!(Closed.effective(Some(1), 100), Closed);
        assert!(Open.is_public() && !Draft.is_public() && !UnderReview.is_public());
    }
}
