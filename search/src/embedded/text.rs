//! Chinese text: the analyzer both sides share, and how a user's words become a query.
//!
//! Documents are segmented by jieba in *search mode*, which indexes a long word together
//! with the dictionary words inside it (`电焊工` → `电焊`, `焊工`, `电焊工`), so a shorter
//! query word finds the longer one. Queries are segmented in the ordinary mode; every word
//! must match (in any text field), either as itself or as one of its trade synonyms
//! ([`crate::synonyms`]), so `焊工` and `电焊工` find each other.

use tantivy::Index;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer, TokenStream};
use tantivy_jieba::JiebaTokenizer;

use super::schema::{ANALYZER, Fields};
use crate::synonyms;

/// Words too common to require: a query `焊工的工作` should not demand `的`.
const STOP_WORDS: &[&str] = &["的", "了", "和", "与", "及", "或", "在", "是", "有", "我", "找", "要", "想"];

pub fn register(index: &Index) {
    let analyzer = TextAnalyzer::builder(JiebaTokenizer::new())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build();
    index.tokenizers().register(ANALYZER, analyzer);
}

/// The words of a query, in order, without punctuation, spaces or stop words.
pub fn words(text: &str) -> Vec<String> {
    let mut analyzer =
        TextAnalyzer::builder(JiebaTokenizer::with_search_mode(false)).filter(LowerCaser).build();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        let w = token.text.clone();
        if w.chars().any(char::is_alphanumeric) && !STOP_WORDS.contains(&w.as_str()) && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// What a query asks for: trade words of the synonym list found in the raw text first
/// (so `叉车司机`, which the segmenter would split, still reaches `叉车工`), then the
/// segmented words of the rest.
pub fn units(text: &str) -> Vec<String> {
    let mut rest = text.to_lowercase();
    let mut out = Vec::new();
    let mut known: Vec<&str> = synonyms::GROUPS.iter().flat_map(|g| g.iter().copied()).collect();
    known.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    for w in known {
        if rest.contains(w) {
            out.push(w.to_owned());
            rest = rest.replace(w, " ");
        }
    }
    for w in words(&rest) {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// A query requiring every unit of `text` (or a synonym of it) in some text field, scored
/// by BM25 with the fields' weights; `None` when the text has no words.
pub fn query(fields: &Fields, text: &str) -> Option<Box<dyn Query>> {
    let units = units(text);
    if units.is_empty() {
        return None;
    }
    let clauses = units
        .iter()
        .map(|u| {
            let alternatives = std::iter::once((u.as_str(), 1.0))
                .chain(synonyms::of(u).into_iter().map(|s| (s, 0.8)))
                .map(|(phrase, boost)| (Occur::Should, all_words(fields, phrase, boost)))
                .collect();
            (Occur::Must, Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>)
        })
        .collect();
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// Every word of a phrase (a trade word may be several words to the segmenter: `维修电工`).
fn all_words(fields: &Fields, phrase: &str, boost: f32) -> Box<dyn Query> {
    let parts = words(phrase);
    match parts.as_slice() {
        [] => one_word(fields, &phrase.to_lowercase(), boost),
        [one] => one_word(fields, one, boost),
        many => Box::new(BooleanQuery::new(
            many.iter().map(|p| (Occur::Must, one_word(fields, p, boost))).collect(),
        )),
    }
}

/// One word in any text field, each field with its weight.
fn one_word(fields: &Fields, word: &str, boost: f32) -> Box<dyn Query> {
    let per_field = fields
        .text
        .iter()
        .map(|(field, weight)| {
            let term = tantivy::Term::from_field_text(*field, word);
            let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
            (Occur::Should, Box::new(BoostQuery::new(Box::new(q), weight * boost)) as Box<dyn Query>)
        })
        .collect();
    Box::new(BooleanQuery::new(per_field))
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn query_words_drop_punctuation_and_stop_words() {
        let w = words("找 电焊工，的！");
        assert!(w.contains(&"电焊工".to_owned()), "{w:?}");
        assert!(!w.iter().any(|x| x == "的" || x == "，" || x == " "), "{w:?}");
    }

    #[test]
    fn trade_words_are_kept_whole() {
        assert_eq!(super::units("二连 叉车司机"), ["叉车司机", "二连"]);
    }

    #[test]
    fn latin_is_lowercased() {
        assert_eq!(words("CDL Driver"), ["cdl", "driver"]);
    }
}
