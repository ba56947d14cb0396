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

/// A query requiring every word of `text` (or a synonym of it) in some text field, scored
/// by BM25 with the fields' weights; `None` when the text has no words.
pub fn query(fields: &Fields, text: &str) -> Option<Box<dyn Query>> {
    let words = words(text);
    if words.is_empty() {
        return None;
    }
    let clauses = words
        .iter()
        .map(|w| {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Should, one_word(fields, w, 1.0))];
            for syn in synonyms::of(w) {
                // A synonym may be several words to the segmenter (`维修电工`): all of them.
                let parts = words_of_synonym(syn);
                let q: Box<dyn Query> = if parts.len() == 1 {
                    one_word(fields, &parts[0], 0.8)
                } else {
                    Box::new(BooleanQuery::new(
                        parts.iter().map(|p| (Occur::Must, one_word(fields, p, 0.8))).collect(),
                    ))
                };
                alternatives.push((Occur::Should, q));
            }
            (Occur::Must, Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>)
        })
        .collect();
    Some(Box::new(BooleanQuery::new(clauses)))
}

fn words_of_synonym(syn: &str) -> Vec<String> {
    let w = words(syn);
    if w.is_empty() { vec![syn.to_lowercase()] } else { w }
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
    fn latin_is_lowercased() {
        assert_eq!(words("CDL Driver"), ["cdl", "driver"]);
    }
}
