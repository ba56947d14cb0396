use chrono::{DateTime, Utc};
use laowu_domain::geo::GeoPoint;
use laowu_domain::organization::{Decision, OrgKind, OrgStatus};
use laowu_domain::uscc::Uscc;
use laowu_domain::{Phone, text};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::Checks;
use super::geo::Location;
use crate::error::ApiResult;
use crate::services::organizations::{OrgChanges, OrgView};

/// An organisation's own details as it submits them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganizationRequest {
    #[schema(example = "二连浩特市口岸物流有限公司")]
    pub name: String,
    /// Unified social credit code (统一社会信用代码), 18 characters, checked with GB 32100.
    #[schema(example = "91152501MA0N4X8K5W")]
    pub uscc: String,
    #[schema(example = "二连浩特市口岸路 18 号")]
    pub address: String,
    pub location: Location,
    /// GB/T 2260 code from `/api/v1/regions`.
    #[schema(example = "152501")]
    pub region_code: String,
    #[schema(example = "13847900000")]
    pub contact_phone: String,
}

/// Fields to change; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganizationRequest {
    pub name: Option<String>,
    pub uscc: Option<String>,
    pub address: Option<String>,
    pub location: Option<Location>,
    pub region_code: Option<String>,
    pub contact_phone: Option<String>,
}

pub(crate) fn check_region(checks: &mut Checks, pointer: &str, code: &str) -> Option<String> {
    checks.check(
        pointer,
        laowu_domain::reference::catalogue().region(code).map(|r| r.code.clone()).ok_or(RegionUnknown),
    )
}

pub(crate) fn check_location(checks: &mut Checks, pointer: &str, l: Location) -> Option<GeoPoint> {
    checks.check(pointer, GeoPoint::new(l.lat, l.lng))
}

pub(crate) struct RegionUnknown;
impl laowu_domain::Coded for RegionUnknown {
    fn code(&self) -> &'static str {
        "region_unknown"
    }
}

impl CreateOrganizationRequest {
    pub fn into_changes(self) -> ApiResult<OrgChanges> {
        UpdateOrganizationRequest {
            name: Some(self.name),
            uscc: Some(self.uscc),
            address: Some(self.address),
            location: Some(self.location),
            region_code: Some(self.region_code),
            contact_phone: Some(self.contact_phone),
        }
        .into_changes()
    }
}

impl UpdateOrganizationRequest {
    pub fn into_changes(self) -> ApiResult<OrgChanges> {
        let mut c = Checks::new();
        let changes = OrgChanges {
            name: self.name.and_then(|v| c.check("/name", text::line(&v, 2, 100))),
            uscc: self.uscc.and_then(|v| c.check("/uscc", Uscc::parse(&v))),
            address: self.address.and_then(|v| c.check("/address", text::line(&v, 2, 200))),
            location: self.location.and_then(|l| check_location(&mut c, "/location", l)),
            region_code: self.region_code.and_then(|v| check_region(&mut c, "/region_code", &v)),
            contact_phone: self.contact_phone.and_then(|v| c.check("/contact_phone", Phone::parse(&v))),
        };
        c.finish(Some(changes))
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrganizationResponse {
    pub id: Uuid,
    /// `employer` or `school`.
    #[schema(value_type = String, example = "employer")]
    pub kind: OrgKind,
    pub name: String,
    /// `pending`, `verified` or `rejected`.
    #[schema(value_type = String, example = "verified")]
    pub status: OrgStatus,
    pub region_code: String,
    pub address: String,
    pub location: Location,
    /// Open jobs (employers) or open courses (schools).
    pub open_listings: u64,
    /// Owner and bureau only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uscc: Option<String>,
    /// Owner and bureau only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// Why the bureau rejected it (owner and bureau only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<OrgView> for OrganizationResponse {
    fn from(v: OrgView) -> Self {
        let r = v.record;
        let private = v.private_phone.is_some();
        OrganizationResponse {
            id: r.id,
            kind: r.kind,
            name: r.name,
            status: r.status,
            region_code: r.region_code,
            address: r.address,
            location: Location { lat: r.lat, lng: r.lng },
            open_listings: v.open_listings,
            uscc: private.then_some(r.uscc),
            contact_phone: v.private_phone,
            rejection_reason: if private { r.rejection_reason } else { None },
            reviewed_at: if private { r.reviewed_at } else { None },
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationRequest {
    /// `verified` or `rejected`.
    #[schema(value_type = String, example = "verified")]
    pub decision: Decision,
    /// Required when rejecting: what the organisation must fix.
    pub reason: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationFilter {
    /// `pending` (the review queue), `verified` or `rejected`.
    #[param(value_type = Option<String>)]
    pub status: Option<OrgStatus>,
    /// `employer` or `school`.
    #[param(value_type = Option<String>)]
    pub kind: Option<OrgKind>,
}
