//! One pass over the matches that does everything a query asks: the exact geo radius, the
//! total, facet counts, and the best `offset + limit` in the requested order.
//!
//! Every value it needs is read from fast fields (columns), never from stored documents;
//! only the hits of the page are loaded afterwards.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use laowu_domain::geo::{EARTH_RADIUS_KM, GeoPoint};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::query::{Field, FieldType};

/// What decides the order. Smaller ranks come first.
#[derive(Debug, Clone, Copy)]
pub enum Order {
    /// Higher text score first.
    Score,
    /// A number column, larger first.
    Desc(&'static str),
    /// A number column, smaller first.
    Asc(&'static str),
    /// Nearer first (documents without a location last).
    Distance,
}

pub struct Plan {
    pub order: Order,
    /// Distances from the centre, and the radius.
    pub near: Option<Haversine>,
    pub top: usize,
    pub facets: Vec<Field>,
    /// Number columns each match must have within `[lo, hi]`.
    pub checks: Vec<(&'static str, i64, i64)>,
}

/// One of the best matches: its rank, id (for ties) and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub rank: f64,
    pub id: u128,
    pub address: DocAddress,
    /// The haversine of the distance from the centre (see [`Haversine`]).
    pub hav: Option<f64>,
}

impl Ranked {
    pub fn distance_km(&self) -> Option<f64> {
        self.hav.map(Haversine::km)
    }
}

/// Distances from a fixed centre, without the costly parts: the haversine
/// `h = sin²(Δφ/2) + cos φ₀ cos φ sin²(Δλ/2)` grows with the distance, so the radius test
/// and the ordering compare `h` itself, and only the hits of the page are turned into
/// kilometres (`2R asin √h`). Exact, and about half the arithmetic per document.
#[derive(Debug, Clone, Copy)]
pub struct Haversine {
    lat: f64,
    lng: f64,
    cos_lat: f64,
    /// `h` at the radius, when there is one.
    max: Option<f64>,
}

impl Haversine {
    pub fn new(centre: GeoPoint, radius_km: Option<f64>) -> Haversine {
        let lat = centre.lat().to_radians();
        let max = radius_km.map(|r| {
            let half = (r / (2.0 * EARTH_RADIUS_KM)).min(std::f64::consts::FRAC_PI_2);
            half.sin().powi(2)
        });
        Haversine { lat, lng: centre.lng().to_radians(), cos_lat: lat.cos(), max }
    }

    fn of(&self, lat_deg: f64, lng_deg: f64) -> f64 {
        let lat = lat_deg.to_radians();
        let d_lat = (lat - self.lat) * 0.5;
        let d_lng = (lng_deg.to_radians() - self.lng) * 0.5;
        let s_lat = d_lat.sin();
        let s_lng = d_lng.sin();
        (s_lat * s_lat + self.cos_lat * lat.cos() * s_lng * s_lng).clamp(0.0, 1.0)
    }

    pub fn km(h: f64) -> f64 {
        2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank.total_cmp(&other.rank).then(self.id.cmp(&other.id))
    }
}

pub struct Fruit {
    pub total: u64,
    /// Best first.
    pub top: Vec<Ranked>,
    pub facets: Vec<BTreeMap<String, u64>>,
}

impl Collector for Plan {
    type Fruit = Fruit;
    type Child = PlanSegment;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<PlanSegment> {
        let ff = reader.fast_fields();
        let sort_column = match self.order {
            Order::Desc(name) | Order::Asc(name) => Some(ff.i64(name)?),
            _ => None,
        };
        let geo = match self.near {
            Some(_) => Some((ff.f64("lat")?, ff.f64("lng")?)),
            None => None,
        };
        let mut facets = Vec::new();
        for f in &self.facets {
            facets.push(match f.field_type() {
                FieldType::Bool => FacetColumn::Bool(ff.bool(f.name())?, [0, 0]),
                _ => match ff.str(f.name())? {
                    Some(col) => {
                        let n = col.num_terms();
                        FacetColumn::Str(col, vec![0; n])
                    }
                    None => FacetColumn::Missing,
                },
            });
        }
        let checks = self
            .checks
            .iter()
            .map(|(name, lo, hi)| Ok((ff.i64(name)?, *lo, *hi)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(PlanSegment {
            checks,
            segment,
            order: self.order,
            near: self.near,
            top: self.top,
            heap: BinaryHeap::new(),
            total: 0,
            id_hi: ff.u64("id_hi")?,
            id_lo: ff.u64("id_lo")?,
            sort_column,
            geo,
            facets,
        })
    }

    fn requires_scoring(&self) -> bool {
        matches!(self.order, Order::Score)
    }

    fn merge_fruits(&self, fruits: Vec<Fruit>) -> tantivy::Result<Fruit> {
        let mut total = 0;
        let mut top = Vec::new();
        let mut facets = vec![BTreeMap::new(); self.facets.len()];
        for f in fruits {
            total += f.total;
            top.extend(f.top);
            for (acc, counts) in facets.iter_mut().zip(f.facets) {
                for (k, v) in counts {
                    *acc.entry(k).or_insert(0) += v;
                }
            }
        }
        top.sort();
        top.truncate(self.top);
        Ok(Fruit { total, top, facets })
    }
}

enum FacetColumn {
    Str(StrColumn, Vec<u64>),
    Bool(Column<bool>, [u64; 2]),
    Missing,
}

pub struct PlanSegment {
    checks: Vec<(Column<i64>, i64, i64)>,
    segment: SegmentOrdinal,
    order: Order,
    near: Option<Haversine>,
    top: usize,
    /// The best `top` so far, worst on top of the heap.
    heap: BinaryHeap<Ranked>,
    total: u64,
    id_hi: Column<u64>,
    id_lo: Column<u64>,
    sort_column: Option<Column<i64>>,
    geo: Option<(Column<f64>, Column<f64>)>,
    facets: Vec<FacetColumn>,
}

impl SegmentCollector for PlanSegment {
    type Fruit = Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        for (column, lo, hi) in &self.checks {
            match column.first(doc) {
                Some(v) if v >= *lo && v <= *hi => {}
                _ => return,
            }
        }
        let hav = match (&self.near, &self.geo) {
            (Some(centre), Some((lat, lng))) => {
                let h = lat.first(doc).zip(lng.first(doc)).map(|(a, b)| centre.of(a, b));
                match (h, centre.max) {
                    (None, Some(_)) => return,
                    (Some(h), Some(max)) if h > max => return,
                    _ => h,
                }
            }
            _ => None,
        };
        self.total += 1;
        for facet in &mut self.facets {
            match facet {
                FacetColumn::Str(col, counts) => {
                    for ord in col.term_ords(doc) {
                        counts[ord as usize] += 1;
                    }
                }
                FacetColumn::Bool(col, counts) => {
                    if let Some(b) = col.first(doc) {
                        counts[usize::from(b)] += 1;
                    }
                }
                FacetColumn::Missing => {}
            }
        }
        let value = |c: &Option<Column<i64>>| c.as_ref().and_then(|c| c.first(doc)).unwrap_or(0) as f64;
        let rank = match self.order {
            Order::Score => -f64::from(score),
            Order::Desc(_) => -value(&self.sort_column),
            Order::Asc(_) => value(&self.sort_column),
            Order::Distance => hav.unwrap_or(f64::INFINITY),
        };
        if self.heap.len() == self.top && self.heap.peek().is_some_and(|worst| rank > worst.rank) {
            return; // cannot make the page, whatever its id
        }
        let id = (u128::from(self.id_hi.first(doc).unwrap_or(0)) << 64)
            | u128::from(self.id_lo.first(doc).unwrap_or(0));
        let candidate = Ranked { rank, id, address: DocAddress::new(self.segment, doc), hav };
        if self.heap.len() < self.top {
            self.heap.push(candidate);
        } else if self.heap.peek().is_some_and(|worst| candidate < *worst) {
            self.heap.pop();
            self.heap.push(candidate);
        }
    }

    fn harvest(self) -> Fruit {
        let facets = self
            .facets
            .into_iter()
            .map(|f| match f {
                FacetColumn::Str(col, counts) => {
                    let mut out = BTreeMap::new();
                    let mut s = String::new();
                    for (ord, n) in counts.into_iter().enumerate() {
                        if n > 0 && col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                            out.insert(s.clone(), n);
                        }
                    }
                    out
                }
                FacetColumn::Bool(_, [f, t]) => {
                    let mut out = BTreeMap::new();
                    if f > 0 {
                        out.insert("false".to_owned(), f);
                    }
                    if t > 0 {
                        out.insert("true".to_owned(), t);
                    }
                    out
                }
                FacetColumn::Missing => BTreeMap::new(),
            })
            .collect();
        Fruit { total: self.total, top: self.heap.into_sorted_vec(), facets }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use laowu_domain::geo::distance_km;

    #[test]
    fn haversine_shortcut_gives_the_same_kilometres_and_radius() {
        let erenhot = GeoPoint::new(43.6531, 111.9771).unwrap();
        let h = Haversine::new(erenhot, Some(100.0));
        for (lat, lng) in [(43.93, 116.08), (42.75, 112.65), (43.66, 111.99), (43.6531, 111.9771)] {
            let exact = distance_km(erenhot, GeoPoint::new(lat, lng).unwrap());
            let fast = Haversine::km(h.of(lat, lng));
            assert!((exact - fast).abs() < 1e-6, "{exact} vs {fast}");
            assert_eq!(exact <= 100.0, h.of(lat, lng) <= h.max.unwrap());
        }
    }
}
