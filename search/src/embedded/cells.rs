//! Geo cells: a purpose-built index for "the nearest postings of these trades".
//!
//! Each located document is indexed under the grid cell it lies in, at a few sizes, and
//! under each cell combined with its *tags* — the medium classes of its occupation
//! (`6-18`) and `open` when it requires no skill. A nearest-first query for a trade then
//! reads only the postings of that trade in the cells around the point, in widening
//! rings (1 km, 3, 9, … up to the radius), and stops as soon as a ring holds enough:
//! in a dense town that is a few thousand postings read instead of fifty thousand.

/// Cell sizes in degrees, finest first.
const SIZES: [f64; 5] = [0.005, 0.02, 0.08, 0.32, 1.28];
/// The most cells a covering may use before a coarser size is taken.
const MAX_CELLS: usize = 48;
/// Kilometres in a degree of latitude.
const KM_PER_DEGREE: f64 = 111.195;

fn cell(level: usize, lat: f64, lng: f64) -> (i64, i64) {
    let size = SIZES[level];
    ((lat / size).floor() as i64, (lng / size).floor() as i64)
}

fn key(level: usize, (a, b): (i64, i64), tag: Option<&str>) -> String {
    match tag {
        Some(t) => format!("{level}:{a}:{b}:{t}"),
        None => format!("{level}:{a}:{b}"),
    }
}

/// Every key a point is indexed under: its cell at each size, alone and with each tag.
pub fn keys(lat: f64, lng: f64, tags: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(SIZES.len() * (1 + tags.len()));
    for level in 0..SIZES.len() {
        let c = cell(level, lat, lng);
        out.push(key(level, c, None));
        out.extend(tags.iter().map(|t| key(level, c, Some(t))));
    }
    out
}

/// The tags of a job: the medium classes of its occupation, and `open` when it requires
/// no skill.
pub fn job_tags(occupation_path: &[String], open_to_all: bool) -> Vec<String> {
    let mut tags: Vec<String> =
        occupation_path.iter().filter(|c| c.matches('-').count() == 1).cloned().collect();
    if open_to_all {
        tags.push(OPEN.to_owned());
    }
    tags
}

/// The tag of postings open to anyone.
pub const OPEN: &str = "open";

/// The keys whose cells cover the circle (every point within `radius_km` of the centre
/// lies in one of them), at the finest size that needs at most [`MAX_CELLS`] cells, each
/// combined with every tag (or alone when there are none). `None` when even the coarsest
/// size would need more (a huge radius): then cells do not help.
pub fn covering(lat: f64, lng: f64, radius_km: f64, tags: &[String]) -> Option<Vec<String>> {
    let d_lat = radius_km / KM_PER_DEGREE;
    let cos = lat.to_radians().cos().abs().max(1e-6);
    let d_lng = radius_km / (KM_PER_DEGREE * cos);
    if lat.abs() + d_lat >= 90.0 || lng.abs() + d_lng >= 180.0 {
        return None; // near a pole or the antimeridian: not worth the care here
    }
    for level in 0..SIZES.len() {
        let (a0, b0) = cell(level, lat - d_lat, lng - d_lng);
        let (a1, b1) = cell(level, lat + d_lat, lng + d_lng);
        let count = ((a1 - a0 + 1) * (b1 - b0 + 1)) as usize;
        if count > MAX_CELLS {
            continue;
        }
        let mut out = Vec::with_capacity(count * tags.len().max(1));
        for a in a0..=a1 {
            for b in b0..=b1 {
                if tags.is_empty() {
                    out.push(key(level, (a, b), None));
                } else {
                    out.extend(tags.iter().map(|t| key(level, (a, b), Some(t))));
                }
            }
        }
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_covering_contains_the_cell_of_every_point_in_the_circle() {
        let (lat, lng) = (43.6531, 111.9771);
        for radius in [0.5, 1.0, 3.0, 9.0, 27.0, 81.0] {
            let cover = covering(lat, lng, radius, &[]).unwrap();
            // Points on the circle, in every direction.
            for step in 0..36 {
                let angle = f64::from(step) * 10f64.to_radians();
                let p_lat = lat + radius * 0.999 * angle.cos() / KM_PER_DEGREE;
                let p_lng = lng + radius * 0.999 * angle.sin() / (KM_PER_DEGREE * lat.to_radians().cos());
                let mine = keys(p_lat, p_lng, &[]);
                assert!(mine.iter().any(|k| cover.contains(k)), "radius {radius}, angle {step}0°");
            }
        }
    }

    #[test]
    fn tags_narrow_the_keys() {
        let tags = job_tags(&["6".into(), "6-18".into(), "6-18-02".into()], true);
        assert_eq!(tags, ["6-18", "open"]);
        let k = keys(43.65, 111.97, &tags);
        assert_eq!(k.len(), SIZES.len() * 3);
        let cover = covering(43.65, 111.97, 1.0, &["6-18".into()]).unwrap();
        assert!(cover.iter().all(|c| c.ends_with(":6-18")));
        assert!(k.iter().any(|x| cover.contains(x)));
    }
}
