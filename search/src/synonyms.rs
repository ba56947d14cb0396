//! Trade words that mean the same job. Workers type what they call the work, postings use
//! what employers call it; these groups make either find the other. Both backends use the
//! same list (the embedded one expands queries, Meilisearch gets it as its synonyms
//! setting).

/// Groups of interchangeable words. Keep each word in one group.
pub const GROUPS: &[&[&str]] = &[
    &["焊工", "电焊工", "电焊", "焊接", "气焊工", "氩弧焊"],
    &["电工", "电气工", "维修电工", "水电工"],
    &["厨师", "厨工", "炊事员", "大厨"],
    &["保洁", "保洁员", "清洁工"],
    &["保姆", "家政", "家政服务员", "育儿嫂", "月嫂"],
    &["司机", "驾驶员"],
    &["货车司机", "大车司机", "卡车司机"],
    &["叉车工", "叉车司机"],
    &["装卸工", "搬运工", "装卸"],
    &["服务员", "餐厅服务员"],
    &["牧工", "放牧", "羊倌", "牧羊"],
    &["挖掘机", "挖机", "挖掘机司机"],
    &["钢筋工", "扎钢筋"],
    &["瓦工", "砌筑工", "泥瓦工"],
    &["木工", "木匠"],
    &["保安", "保安员", "门卫"],
    &["俄语", "俄文"],
    &["蒙古语", "蒙语", "蒙古文"],
];

/// The other words of `word`'s group (empty when it has none).
pub fn of(word: &str) -> Vec<&'static str> {
    GROUPS
        .iter()
        .find(|g| g.contains(&word))
        .map(|g| g.iter().copied().filter(|w| *w != word).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_word_is_in_two_groups() {
        let mut seen = std::collections::HashSet::new();
        for w in super::GROUPS.iter().flat_map(|g| g.iter()) {
            assert!(seen.insert(*w), "{w} appears twice");
        }
    }

    #[test]
    fn welders_find_each_other() {
        assert!(super::of("焊工").contains(&"电焊工"));
        assert!(super::of("电焊工").contains(&"焊工"));
        assert!(super::of("程序员").is_empty());
    }
}
