//! Employers and training schools, and the bureau's verification of them.
//!
//! A new organisation is `pending`. A bureau account verifies or rejects it (a rejection
//! needs a reason the organisation can act on). Only verified organisations publish jobs
//! or courses. Changing what the bureau checked — the name or the credit code — sends a
//! verified organisation back to `pending`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Coded, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Employer,
    School,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Employer => "employer",
            OrgKind::School => "school",
        }
    }

    /// The account role that may own an organisation of this kind.
    pub fn owner_role(self) -> Role {
        match self {
            OrgKind::Employer => Role::Employer,
            OrgKind::School => Role::School,
        }
    }
}

impl FromStr for OrgKind {
    type Err = crate::account::UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "employer" => Ok(OrgKind::Employer),
            "school" => Ok(OrgKind::School),
            _ => Err(crate::account::UnknownVariant),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgStatus {
    Pending,
    Verified,
    Rejected,
}

impl OrgStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Pending => "pending",
            OrgStatus::Verified => "verified",
            OrgStatus::Rejected => "rejected",
        }
    }
}

impl fmt::Display for OrgStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgStatus {
    type Err = crate::account::UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(OrgStatus::Pending),
            "verified" => Ok(OrgStatus::Verified),
            "rejected" => Ok(OrgStatus::Rejected),
            _ => Err(crate::account::UnknownVariant),
        }
    }
}

/// The bureau's decision on an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Verified,
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("a rejection needs a reason")]
    ReasonRequired,
    #[error("the reason is too long")]
    ReasonTooLong,
}

impl Coded for ReviewError {
    fn code(&self) -> &'static str {
        match self {
            ReviewError::ReasonRequired => "reason_required",
            ReviewError::ReasonTooLong => "reason_too_long",
        }
    }
}

pub const MAX_REASON_CHARS: usize = 500;

/// The status and stored reason after a decision. A verification clears any old reason;
/// a decision may be revised (a verified organisation found to owe wages can be rejected).
pub fn review(decision: Decision, reason: Option<&str>) -> Result<(OrgStatus, Option<String>), ReviewError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(ReviewError::ReasonTooLong);
    }
    match decision {
        Decision::Verified => Ok((OrgStatus::Verified, None)),
        Decision::Rejected => match reason {
            Some(r) => Ok((OrgStatus::Rejected, Some(r.to_owned()))),
            None => Err(ReviewError::ReasonRequired),
        },
    }
}

/// The status after the organisation edits itself: changing the name or the credit code
/// (what the bureau checked) needs a new verification.
pub fn status_after_edit(current: OrgStatus, identity_changed: bool) -> OrgStatus {
    if identity_changed && current != OrgStatus::Pending { OrgStatus::Pending } else { current }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_need_reasons() {
        assert_eq!(review(Decision::Rejected, None), Err(ReviewError::ReasonRequired));
        assert_eq!(review(Decision::Rejected, Some("  ")), Err(ReviewError::ReasonRequired));
        assert_eq!(
            review(Decision::Rejected, Some("营业执照与名称不符")),
            Ok((OrgStatus::Rejected, Some("营业执照与名称不符".to_owned())))
        );
        assert_eq!(review(Decision::Verified, Some("ok")), Ok((OrgStatus::Verified, None)));
        assert_eq!(review(Decision::Rejected, Some(&"长".repeat(501))), Err(ReviewError::ReasonTooLong));
    }

    #[test]
    fn identity_edits_need_a_new_verification() {
        assert_eq!(status_after_edit(OrgStatus::Verified, true), OrgStatus::Pending);
        assert_eq!(status_after_edit(OrgStatus::Rejected, true), OrgStatus::Pending);
        assert_eq!(status_after_edit(OrgStatus::Verified, false), OrgStatus::Verified);
    }
}
