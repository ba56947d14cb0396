use laowu_domain::reference::{Occupation, Region};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OccupationQuery {
    /// Chinese (`焊工`), pinyin (`hangong`), initials (`hg`), a code prefix (`6-29`) or English.
    pub q: Option<String>,
    /// Only one level: 1 major class, 2 medium class, 3 small class, 4 occupation.
    #[param(minimum = 1, maximum = 4)]
    pub depth: Option<u8>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OccupationResponse {
    #[schema(example = "6-18-02-04")]
    pub code: String,
    #[schema(example = "焊工")]
    pub name: String,
    #[schema(example = "Welder")]
    pub name_en: String,
    #[schema(example = "han gong")]
    pub pinyin: String,
    #[schema(example = "6-18-02")]
    pub parent_code: Option<String>,
    /// 1 major class, 2 medium class, 3 small class, 4 occupation.
    #[schema(example = 4)]
    pub depth: u8,
}

impl From<&Occupation> for OccupationResponse {
    fn from(o: &Occupation) -> Self {
        OccupationResponse {
            code: o.code.clone(),
            name: o.name.clone(),
            name_en: o.name_en.clone(),
            pinyin: o.pinyin.clone(),
            parent_code: o.parent_code.clone(),
            depth: o.depth,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// Only the divisions directly under this one (e.g. `152500` for Xilingol's banners).
    pub parent_code: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RegionResponse {
    #[schema(example = "152501")]
    pub code: String,
    #[schema(example = "二连浩特市")]
    pub name: String,
    #[schema(example = "Erenhot")]
    pub name_en: String,
    /// `province`, `prefecture` or `county`.
    #[schema(example = "county")]
    pub level: String,
    #[schema(example = "152500")]
    pub parent_code: Option<String>,
    /// The seat of government (WGS 84).
    pub location: crate::dto::geo::Location,
}

impl From<&Region> for RegionResponse {
    fn from(r: &Region) -> Self {
        RegionResponse {
            code: r.code.clone(),
            name: r.name.clone(),
            name_en: r.name_en.clone(),
            level: r.level.clone(),
            parent_code: r.parent_code.clone(),
            location: crate::dto::geo::Location { lat: r.lat, lng: r.lng },
        }
    }
}
