//! Places on the map and the distance between them, for "jobs near me".
//!
//! Coordinates are WGS 84 degrees as a phone's GPS reports them. (Maps in China often show
//! GCJ-02, which is shifted by a few hundred metres; for ranking jobs by distance that
//! difference does not matter, but the API must not mix the two in one comparison.)
//!
//! Distances are great-circle distances by the haversine formula on a sphere of the mean
//! Earth radius, 6371.0088 km (IUGG). Against the ellipsoid the error is at most about 0.5 %,
//! far less than the difference between the straight line and the road.

use crate::Coded;

/// Mean Earth radius in kilometres (IUGG, R1).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A point on the Earth: latitude in [-90, 90] and longitude in [-180, 180] degrees, both
/// finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    lat: f64,
    lng: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    #[error("latitude must be a number between -90 and 90")]
    LatOutOfRange,
    #[error("longitude must be a number between -180 and 180")]
    LngOutOfRange,
}

impl Coded for GeoError {
    fn code(&self) -> &'static str {
        match self {
            GeoError::LatOutOfRange => "lat_out_of_range",
            GeoError::LngOutOfRange => "lng_out_of_range",
        }
    }
}

impl GeoPoint {
    /// A point from latitude and longitude in degrees. NaN and infinities are out of range.
    pub fn new(lat: f64, lng: f64) -> Result<Self, GeoError> {
        // `contains` is false for NaN, and the bounds exclude the infinities.
        if !(-90.0..=90.0).contains(&lat) {
            return Err(GeoError::LatOutOfRange);
        }
        if !(-180.0..=180.0).contains(&lng) {
            return Err(GeoError::LngOutOfRange);
        }
        Ok(GeoPoint { lat, lng })
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lng(self) -> f64 {
        self.lng
    }

    /// The great-circle distance to `other` in kilometres; see [`distance_km`].
    pub fn distance_km(self, other: GeoPoint) -> f64 {
        distance_km(self, other)
    }
}

/// The great-circle distance between `a` and `b` in kilometres, by the haversine formula on
/// a sphere of radius [`EARTH_RADIUS_KM`]. Symmetric, never negative, at most half the
/// circumference.
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let d_lat = lat2 - lat1;
    let d_lng = (b.lng - a.lng).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lng / 2.0).sin().powi(2);
    // Rounding can push h a hair above 1 for antipodal points; asin would then be NaN.
    2.0 * EARTH_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(lat: f64, lng: f64) -> GeoPoint {
        GeoPoint::new(lat, lng).unwrap()
    }

    #[test]
    fn erenhot_to_xilinhot() {
        let erenhot = p(43.6525, 111.9770);
        let xilinhot = p(43.9333, 116.0860);
        let d = distance_km(erenhot, xilinhot);
        // Computed independently: 331.25 km. The brief's "about 330 km", within 2 %.
        assert!((d - 331.25).abs() < 0.01, "{d}");
        assert!((d - 330.0).abs() / 330.0 < 0.02, "{d}");
        assert!((d - xilinhot.distance_km(erenhot)).abs() < 1e-9);
    }

    #[test]
    fn known_distances() {
        assert_eq!(distance_km(p(43.6525, 111.9770), p(43.6525, 111.9770)), 0.0);
        let half_circumference = std::f64::consts::PI * EARTH_RADIUS_KM;
        assert!((distance_km(p(0.0, 0.0), p(0.0, 180.0)) - half_circumference).abs() < 1e-6);
        assert!((distance_km(p(90.0, 0.0), p(-90.0, 0.0)) - half_circumference).abs() < 1e-6);
        // One degree of latitude is about 111.2 km.
        assert!((distance_km(p(43.0, 112.0), p(44.0, 112.0)) - 111.195).abs() < 0.01);
        // Across the antimeridian: 179.5 E to 179.5 W is one degree of longitude at the equator.
        assert!((distance_km(p(0.0, 179.5), p(0.0, -179.5)) - 111.195).abs() < 0.01);
    }

    #[test]
    fn rejects_out_of_range_and_non_finite() {
        assert_eq!(GeoPoint::new(90.000001, 0.0), Err(GeoError::LatOutOfRange));
        assert_eq!(GeoPoint::new(-91.0, 0.0), Err(GeoError::LatOutOfRange));
        assert_eq!(GeoPoint::new(f64::NAN, 0.0), Err(GeoError::LatOutOfRange));
        assert_eq!(GeoPoint::new(f64::INFINITY, 0.0), Err(GeoError::LatOutOfRange));
        assert_eq!(GeoPoint::new(0.0, 180.5), Err(GeoError::LngOutOfRange));
        assert_eq!(GeoPoint::new(0.0, f64::NEG_INFINITY), Err(GeoError::LngOutOfRange));
        assert_eq!(GeoPoint::new(0.0, f64::NAN), Err(GeoError::LngOutOfRange));
        assert!(GeoPoint::new(-90.0, -180.0).is_ok());
        assert!(GeoPoint::new(90.0, 180.0).is_ok());
        assert_eq!(GeoError::LatOutOfRange.code(), "lat_out_of_range");
        assert_eq!(GeoError::LngOutOfRange.code(), "lng_out_of_range");
    }

    fn point() -> impl Strategy<Value = GeoPoint> {
        (-90.0f64..=90.0, -180.0f64..=180.0).prop_map(|(lat, lng)| p(lat, lng))
    }

    proptest! {
        #[test]
        fn accepts_exactly_the_ranges(lat in proptest::num::f64::ANY, lng in proptest::num::f64::ANY) {
            let ok = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng);
            prop_assert_eq!(GeoPoint::new(lat, lng).is_ok(), ok);
        }

        #[test]
        fn distance_is_a_metric(a in point(), b in point(), c in point()) {
            let ab = distance_km(a, b);
            prop_assert!(ab.is_finite() && ab >= 0.0);
            prop_assert!(ab <= std::f64::consts::PI * EARTH_RADIUS_KM + 1e-6);
            prop_assert!((ab - distance_km(b, a)).abs() < 1e-9);
            prop_assert!(distance_km(a, a) < 1e-9);
            // Haversine loses a little precision near antipodal points.
            prop_assert!(distance_km(a, c) <= ab + distance_km(b, c) + 1e-3);
        }
    }

    #[test]
    fn every_code_has_a_message() {
        for code in [GeoError::LatOutOfRange.code(), GeoError::LngOutOfRange.code()] {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(code, lang).is_some(), "{code}");
            }
        }
    }
}
