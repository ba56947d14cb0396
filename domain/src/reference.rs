//! Reference data compiled into laowu: the national occupational classification (selected
//! occupations with all major and medium classes) and the administrative divisions of
//! Inner Mongolia that matter here. The files live in `domain/reference/` (see its README
//! for sources and format); this module parses them once and answers look-ups and the
//! occupation finder a worker types into.

use std::collections::HashMap;
use std::sync::LazyLock;

const OCCUPATIONS_TSV: &str = include_str!("../reference/occupations.tsv");
const REGIONS_TSV: &str = include_str!("../reference/regions.tsv");

#[derive(Debug, Clone, PartialEq)]
pub struct Occupation {
    /// `6-29-01-01`
    pub code: String,
    pub name: String,
    pub name_en: String,
    /// Toneless pinyin, syllables separated by spaces: `dian han gong`.
    pub pinyin: String,
    /// Syllables run together: `dianhangong`.
    pub pinyin_compact: String,
    /// First letters: `dhg`.
    pub initials: String,
    pub parent_code: Option<String>,
    /// 1 major class, 2 medium class, 3 small class, 4 occupation.
    pub depth: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// GB/T 2260 code, six digits.
    pub code: String,
    pub name: String,
    pub name_en: String,
    /// `province`, `prefecture` or `county`.
    pub level: String,
    pub parent_code: Option<String>,
    pub lat: f64,
    pub lng: f64,
}

pub struct Catalogue {
    pub occupations: Vec<Occupation>,
    pub regions: Vec<Region>,
    occupation_index: HashMap<String, usize>,
    region_index: HashMap<String, usize>,
}

/// The catalogue built from the files compiled into this binary.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
        Catalogue::parse(OCCUPATIONS_TSV, REGIONS_TSV).expect("the reference data compiled into laowu parses")
    });
    &CATALOGUE
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("reference data line {line}: {problem}")]
pub struct ReferenceError {
    pub line: usize,
    pub problem: String,
}

fn rows(tsv: &str, columns: usize) -> impl Iterator<Item = Result<(usize, Vec<&str>), ReferenceError>> {
    tsv.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()).map(move |(i, line)| {
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() == columns {
            Ok((i + 1, fields))
        } else {
            Err(ReferenceError {
                line: i + 1,
                problem: format!("{} columns, expected {columns}", fields.len()),
            })
        }
    })
}

impl Catalogue {
    pub fn parse(occupations_tsv: &str, regions_tsv: &str) -> Result<Catalogue, ReferenceError> {
        let mut occupations = Vec::new();
        for row in rows(occupations_tsv, 4) {
            let (line, f) = row?;
            let code = f[0].to_owned();
            let depth = code.split('-').count() as u8;
            let parent_code = code.rsplit_once('-').map(|(p, _)| p.to_owned());
            let syllables: Vec<&str> = f[3].split_whitespace().collect();
            if syllables.iter().any(|s| !s.bytes().all(|b| b.is_ascii_lowercase())) {
                return Err(ReferenceError { line, problem: "pinyin must be lowercase letters".to_owned() });
            }
            occupations.push(Occupation {
                name: f[1].to_owned(),
                name_en: f[2].to_owned(),
                pinyin: syllables.join(" "),
                pinyin_compact: syllables.concat(),
                initials: syllables.iter().filter_map(|s| s.chars().next()).collect(),
                parent_code,
                depth,
                code,
            });
        }
        let mut regions = Vec::new();
        for row in rows(regions_tsv, 7) {
            let (line, f) = row?;
            let coord = |s: &str| {
                s.parse::<f64>()
                    .map_err(|_| ReferenceError { line, problem: format!("bad coordinate {s:?}") })
            };
            regions.push(Region {
                code: f[0].to_owned(),
                name: f[1].to_owned(),
                name_en: f[2].to_owned(),
                level: f[3].to_owned(),
                parent_code: (!f[4].is_empty()).then(|| f[4].to_owned()),
                lat: coord(f[5])?,
                lng: coord(f[6])?,
            });
        }
        let occupation_index = occupations.iter().enumerate().map(|(i, o)| (o.code.clone(), i)).collect();
        let region_index = regions.iter().enumerate().map(|(i, r)| (r.code.clone(), i)).collect();
        Ok(Catalogue { occupations, regions, occupation_index, region_index })
    }

    pub fn occupation(&self, code: &str) -> Option<&Occupation> {
        self.occupation_index.get(code).map(|&i| &self.occupations[i])
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.region_index.get(code).map(|&i| &self.regions[i])
    }

    /// Finds occupations for what a worker typed: a code prefix (`6-29`), Chinese
    /// (`焊工`), pinyin (`hangong`), pinyin initials (`hg`) or English (`welder`).
    /// Best matches first (exact, then prefix, then anywhere), then shorter names, then
    /// code order. `depth` keeps only one level of the classification.
    pub fn search_occupations(&self, query: &str, depth: Option<u8>) -> Vec<&Occupation> {
        let q: String = query.split_whitespace().collect::<String>().to_lowercase();
        let mut hits: Vec<(u8, &Occupation)> = self
            .occupations
            .iter()
            .filter(|o| depth.is_none_or(|d| o.depth == d))
            .filter_map(|o| match_rank(o, &q).map(|rank| (rank, o)))
            .collect();
        hits.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb).then(a.name.chars().count().cmp(&b.name.chars().count())).then(a.code.cmp(&b.code))
        });
        hits.into_iter().map(|(_, o)| o).collect()
    }
}

/// 0 exact, 1 prefix, 2 anywhere, 3 English word; `None` when it does not match.
fn match_rank(o: &Occupation, q: &str) -> Option<u8> {
    if q.is_empty() {
        return Some(2);
    }
    let rank = |text: &str| {
        if text == q {
            Some(0)
        } else if text.starts_with(q) {
            Some(1)
        } else if text.contains(q) {
            Some(2)
        } else {
            None
        }
    };
    if q.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return o.code.starts_with(q).then_some(if o.code == q { 0 } else { 1 });
    }
    if q.bytes().all(|b| b.is_ascii_alphabetic()) {
        let pinyin = [rank(&o.initials), rank(&o.pinyin_compact)].into_iter().flatten().min();
        let english = o.name_en.to_lowercase().contains(q).then_some(3);
        return pinyin.or(english);
    }
    rank(&o.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OCC: &str = "code\tname\tname_en\tpinyin\n\
        6\t生产制造及有关人员\tProduction and manufacturing personnel\tsheng chan zhi zao ji you guan ren yuan\n\
        6-29\t建筑施工人员\tConstruction workers\tjian zhu shi gong ren yuan\n\
        6-18\t机械制造基础加工人员\tMachining workers\tji xie zhi zao ji chu jia gong ren yuan\n\
        6-18-02\t焊接人员\tWelding workers\than jie ren yuan\n\
        6-18-02-04\t焊工\tWelder\than gong\n\
        6-18-02-99\t电焊工\tElectric welder\tdian han gong\n";
    const REG: &str = "code\tname\tname_en\tlevel\tparent_code\tlat\tlng\n\
        150000\t内蒙古自治区\tInner Mongolia\tprovince\t\t40.8175\t111.7656\n\
        152501\t二连浩特市\tErenhot\tcounty\t152500\t43.6525\t111.9770\n";

    fn cat() -> Catalogue {
        Catalogue::parse(OCC, REG).unwrap()
    }

    fn codes(hits: Vec<&Occupation>) -> Vec<&str> {
        hits.into_iter().map(|o| o.code.as_str()).collect()
    }

    #[test]
    fn finds_by_chinese_pinyin_initials_code_and_english() {
        let c = cat();
        assert_eq!(codes(c.search_occupations("焊工", None)), ["6-18-02-04", "6-18-02-99"]);
        assert_eq!(codes(c.search_occupations("hg", None)), ["6-18-02-04", "6-18-02-99"]);
        assert_eq!(codes(c.search_occupations("hangong", None)), ["6-18-02-04", "6-18-02-99"]);
        assert_eq!(codes(c.search_occupations("HanGong", None)), ["6-18-02-04", "6-18-02-99"]);
        assert_eq!(codes(c.search_occupations("6-18-02", Some(4))), ["6-18-02-04", "6-18-02-99"]);
        assert_eq!(codes(c.search_occupations("welder", None)), ["6-18-02-04", "6-18-02-99"]);
        assert!(c.search_occupations("xyz", None).is_empty());
    }

    #[test]
    fn knows_parents_and_depths() {
        let c = cat();
        let welder = c.occupation("6-18-02-04").unwrap();
        assert_eq!(welder.depth, 4);
        assert_eq!(welder.parent_code.as_deref(), Some("6-18-02"));
        assert_eq!(welder.initials, "hg");
        assert_eq!(c.occupation("6").unwrap().parent_code, None);
        assert_eq!(c.region("152501").unwrap().name_en, "Erenhot");
        assert_eq!(c.region("150000").unwrap().parent_code, None);
    }

    #[test]
    fn the_shipped_data_is_complete_and_consistent() {
        let c = catalogue();
        let occupations = c.occupations.iter().filter(|o| o.depth == 4).count();
        assert!(occupations >= 300, "{occupations} occupations");
        for major in 1..=8 {
            assert!(c.occupation(&major.to_string()).is_some(), "major class {major}");
        }
        for o in &c.occupations {
            if let Some(parent) = &o.parent_code {
                assert!(c.occupation(parent).is_some(), "parent of {}", o.code);
            }
            assert!(!o.name_en.is_empty() && !o.pinyin.is_empty(), "{}", o.code);
        }
        for r in &c.regions {
            if let Some(parent) = &r.parent_code {
                assert!(c.region(parent).is_some(), "parent of {}", r.code);
            }
        }
        let erenhot = c.region("152501").expect("Erenhot");
        assert!((erenhot.lat - 43.65).abs() < 0.1 && (erenhot.lng - 111.98).abs() < 0.1);
        assert_eq!(
            codes(c.search_occupations("hg", Some(4))).first().map(|c| c.starts_with("6-")),
            Some(true)
        );
    }
}
