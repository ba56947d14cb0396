//! Offline ranking metrics for the labelled evaluation set.
//!
//! Both take a ranking (ids, best first) and judgments for one query (one worker). Ids
//! should be unique; a repeated id earns nothing after its first place. Both return `None`
//! when the judgments hold nothing relevant, since the metric is then undefined; averages
//! over queries should skip those (and say how many were skipped).

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Normalised discounted cumulative gain at `k` (Järvelin & Kekäläinen, 2002), with linear
/// gain and the log2 discount:
///
/// ```text
/// DCG@k  = Σ_{i=1..k} grade(ranked[i]) / log2(i + 1)
/// NDCG@k = DCG@k / IDCG@k
/// ```
///
/// where IDCG@k is the DCG of the `k` best grades among all the judgments (not only the
/// ranked ids), so relevant items the ranking missed lower the score. Unjudged ids have
/// grade 0. Binary relevance is grades 0 and 1. `None` when no judgment is above 0 or `k`
/// is 0.
pub fn ndcg_at<Id: Eq + Hash>(k: usize, ranked: &[Id], relevance: &HashMap<Id, u8>) -> Option<f64> {
    let mut ideal: Vec<u8> = relevance.values().copied().filter(|g| *g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg = dcg(ideal.into_iter().take(k));
    if idcg <= 0.0 {
        return None;
    }
    let mut seen = HashSet::new();
    let grades = ranked
        .iter()
        .take(k)
        .map(|id| if seen.insert(id) { relevance.get(id).copied().unwrap_or(0) } else { 0 });
    Some(dcg(grades) / idcg)
}

/// `Σ grade_i / log2(i + 1)` over positions i = 1, 2, …
fn dcg(grades: impl Iterator<Item = u8>) -> f64 {
    grades.enumerate().map(|(i, g)| f64::from(g) / ((i + 2) as f64).log2()).sum()
}

/// Recall at `k`: the share of the relevant ids that appear among the first `k` ranked.
/// `None` when nothing is relevant.
pub fn recall_at<Id: Eq + Hash>(k: usize, ranked: &[Id], relevant: &HashSet<Id>) -> Option<f64> {
    if relevant.is_empty() {
        return None;
    }
    let found: HashSet<&Id> = ranked.iter().take(k).filter(|id| relevant.contains(*id)).collect();
    Some(found.len() as f64 / relevant.len() as f64)
}

/// The ids with a grade of at least `min_grade`, for [`recall_at`] from graded judgments.
pub fn relevant_set<Id: Eq + Hash + Clone>(relevance: &HashMap<Id, u8>, min_grade: u8) -> HashSet<Id> {
    relevance.iter().filter(|(_, g)| **g >= min_grade.max(1)).map(|(id, _)| id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(pairs: &[(&'static str, u8)]) -> HashMap<&'static str, u8> {
        pairs.iter().copied().collect()
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn ndcg_graded_by_hand() {
        // Judgments a=2, b=0, c=1, d=2 (e unjudged). Ranking a, b, c, e, d; k = 3.
        // DCG@3  = 2/log2(2) + 0/log2(3) + 1/log2(4) = 2 + 0 + 0.5 = 2.5
        // ideal grades 2, 2, 1:
        // IDCG@3 = 2/1 + 2/log2(3) + 1/2 = 2 + 1.261859507 + 0.5 = 3.761859507
        // NDCG@3 = 2.5 / 3.761859507 = 0.664565
        let rel = grades(&[("a", 2), ("b", 0), ("c", 1), ("d", 2)]);
        let ranked = ["a", "b", "c", "e", "d"];
        let idcg = 2.0 + 2.0 / 3f64.log2() + 0.5;
        assert!(close(ndcg_at(3, &ranked, &rel), 2.5 / idcg));
        assert!((2.5 / idcg - 0.664_565).abs() < 1e-6);
        // k = 5 reaches d at position 5: DCG = 2.5 + 2/log2(6) = 2.5 + 0.773705614 = 3.273705614;
        // IDCG@5 is still 3.761859507 (only three relevant): 0.870236.
        let dcg5 = 2.5 + 2.0 / 6f64.log2();
        assert!(close(ndcg_at(5, &ranked, &rel), dcg5 / idcg));
        assert!((dcg5 / idcg - 0.870_236).abs() < 1e-6);
    }

    #[test]
    fn ndcg_binary_and_edges() {
        // Relevant x, y. Ranking z, x, y: DCG = 0 + 1/log2(3) + 1/log2(4) = 0.630930 + 0.5;
        // IDCG = 1 + 0.630930 = 1.630930; NDCG = 1.130930 / 1.630930 = 0.693426.
        let rel = grades(&[("x", 1), ("y", 1)]);
        let got = ndcg_at(3, &["z", "x", "y"], &rel);
        assert!(close(got, (1.0 / 3f64.log2() + 0.5) / (1.0 + 1.0 / 3f64.log2())));
        assert!((got.unwrap_or_default() - 0.693_426).abs() < 1e-6);
        // A perfect ranking is 1; an empty one is 0; a repeat earns nothing.
        assert!(close(ndcg_at(2, &["x", "y"], &rel), 1.0));
        assert!(close(ndcg_at(2, &[], &rel), 0.0));
        assert!(close(ndcg_at(2, &["x", "x"], &rel), 1.0 / (1.0 + 1.0 / 3f64.log2())));
        // Nothing relevant, or k = 0: undefined.
        assert_eq!(ndcg_at(3, &["x"], &grades(&[("x", 0)])), None);
        assert_eq!(ndcg_at(0, &["x"], &rel), None);
    }

    #[test]
    fn recall_by_hand() {
        // Relevant a, c, d. First 2 of (a, b, c, d): a only: 1/3. First 4: all three: 1.
        let relevant: HashSet<&str> = ["a", "c", "d"].into_iter().collect();
        let ranked = ["a", "b", "c", "d"];
        assert!(close(recall_at(2, &ranked, &relevant), 1.0 / 3.0));
        assert!(close(recall_at(4, &ranked, &relevant), 1.0));
        assert!(close(recall_at(10, &["a", "a"], &relevant), 1.0 / 3.0));
        assert_eq!(recall_at(3, &ranked, &HashSet::new()), None);
    }

    #[test]
    fn relevant_sets_from_grades() {
        let rel = grades(&[("a", 2), ("b", 0), ("c", 1)]);
        let mut good: Vec<_> = relevant_set(&rel, 2).into_iter().collect();
        good.sort();
        assert_eq!(good, ["a"]);
        let mut any: Vec<_> = relevant_set(&rel, 0).into_iter().collect();
        any.sort();
        assert_eq!(any, ["a", "c"]);
    }
}
