use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A point in WGS 84 decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    #[schema(example = 43.6525)]
    pub lat: f64,
    #[schema(example = 111.977)]
    pub lng: f64,
}
