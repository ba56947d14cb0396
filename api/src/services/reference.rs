//! Reference data answered from the catalogue compiled into the binary.

use laowu_domain::reference::catalogue;

use crate::dto::page::{Page, PageRequest};
use crate::dto::reference::{OccupationQuery, OccupationResponse, RegionQuery, RegionResponse};
use crate::error::{ApiError, ApiResult, FieldError};

pub fn occupations(query: &OccupationQuery, page: PageRequest<usize>) -> ApiResult<Page<OccupationResponse>> {
    if query.depth.is_some_and(|d| !(1..=4).contains(&d)) {
        return Err(ApiError::Validation(vec![FieldError::parameter("depth", "depth_out_of_range")]));
    }
    let hits = catalogue().search_occupations(query.q.as_deref().unwrap_or(""), query.depth);
    Ok(offset_page(hits, page, |o| OccupationResponse::from(*o)))
}

pub fn occupation(code: &str) -> ApiResult<OccupationResponse> {
    catalogue().occupation(code).map(OccupationResponse::from).ok_or(ApiError::NotFound)
}

pub fn regions(query: &RegionQuery, page: PageRequest<usize>) -> Page<RegionResponse> {
    let hits: Vec<_> = catalogue()
        .regions
        .iter()
        .filter(|r| query.parent_code.as_ref().is_none_or(|p| r.parent_code.as_ref() == Some(p)))
        .collect();
    offset_page(hits, page, |r| RegionResponse::from(*r))
}

/// Pages through a fixed list; the cursor is the position of the next item.
fn offset_page<R, T>(rows: Vec<R>, page: PageRequest<usize>, map: impl FnMut(&R) -> T) -> Page<T> {
    let start = page.after.unwrap_or(0).min(rows.len());
    let end = (start + page.limit as usize).min(rows.len());
    let items = rows[start..end].iter().map(map).collect();
    let next_cursor = (end < rows.len()).then(|| crate::dto::page::encode_cursor(&end));
    Page { items, next_cursor }
}
