//! Conditions and the geo radius as tantivy queries. Each condition becomes a constant-score
//! clause, so filters decide what matches and never how well.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;

use super::schema::Fields;
use crate::query::{Condition, Near};

/// Kilometres in a degree of latitude (and of longitude at the equator).
const KM_PER_DEGREE: f64 = 111.195;

pub fn condition(fields: &Fields, c: &Condition) -> Box<dyn Query> {
    let field = fields.filters[&c.field()];
    match c {
        Condition::AnyOf(_, values) if values.is_empty() => Box::new(EmptyQuery),
        Condition::AnyOf(_, values) => Box::new(BooleanQuery::new(
            values
                .iter()
                .map(|v| {
                    let q = TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic);
                    (Occur::Should, Box::new(q) as Box<dyn Query>)
                })
                .collect(),
        )),
        Condition::Is(_, b) => {
            Box::new(TermQuery::new(Term::from_field_bool(field, *b), IndexRecordOption::Basic))
        }
        Condition::AtLeast(_, n) => {
            Box::new(RangeQuery::new(Bound::Included(Term::from_field_i64(field, *n)), Bound::Unbounded))
        }
        Condition::AtMost(_, n) => {
            Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(Term::from_field_i64(field, *n))))
        }
    }
}

/// Documents with any of these terms in `field`.
pub fn any_term(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    Box::new(tantivy::query::TermSetQuery::new(values.iter().map(|v| Term::from_field_text(field, v))))
}

/// The box around a circle: cheap to test in the index; the collector then keeps only the
/// documents inside the circle itself.
pub fn bounding_box(fields: &Fields, near: &Near, radius_km: f64) -> Box<dyn Query> {
    let d_lat = radius_km / KM_PER_DEGREE;
    let cos = near.lat.to_radians().cos().abs().max(1e-6);
    let d_lng = (radius_km / (KM_PER_DEGREE * cos)).min(360.0);
    let range = |field, lo: f64, hi: f64| -> (Occur, Box<dyn Query>) {
        (
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_f64(field, lo)),
                Bound::Included(Term::from_field_f64(field, hi)),
            )),
        )
    };
    let mut clauses = vec![range(fields.lat, near.lat - d_lat, near.lat + d_lat)];
    // A box crossing the antimeridian would need two ranges; nothing of ours is near it,
    // so such a box simply does not narrow by longitude.
    if near.lng - d_lng >= -180.0 && near.lng + d_lng <= 180.0 {
        clauses.push(range(fields.lng, near.lng - d_lng, near.lng + d_lng));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The share of the index matched by the most selective keyword or boolean condition
/// (from term document frequencies; deleted documents still count, which only errs
/// towards 1). 1 when there is none.
pub fn narrowest_share(fields: &Fields, searcher: &tantivy::Searcher, conditions: &[Condition]) -> f64 {
    let total = searcher.num_docs().max(1) as f64;
    let freq = |t: Term| searcher.doc_freq(&t).unwrap_or(u64::MAX) as f64;
    conditions
        .iter()
        .filter_map(|c| {
            let field = fields.filters[&c.field()];
            match c {
                Condition::AnyOf(_, values) => {
                    Some(values.iter().map(|v| freq(Term::from_field_text(field, v))).sum::<f64>())
                }
                Condition::Is(_, b) => Some(freq(Term::from_field_bool(field, *b))),
                _ => None,
            }
        })
        .fold(1.0_f64, |narrowest, matched| narrowest.min(matched / total))
}

/// Text (scored) and filters (not scored) together.
pub fn combine(text: Option<Box<dyn Query>>, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(t) = text {
        clauses.push((Occur::Must, t));
    }
    for f in filters {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0))));
    }
    if clauses.is_empty() { Box::new(AllQuery) } else { Box::new(BooleanQuery::new(clauses)) }
}
