//! Screening job postings for demands on the worker's money and papers.
//!
//! The Labour Contract Law (《劳动合同法》第九条) forbids an employer to keep a worker's
//! identity card or other papers, to ask the worker for a guarantee, or to take money from
//! the worker under any other name; 《就业服务与就业管理规定》 says the same for
//! recruitment. Migrant workers are the usual target of postings that do it anyway: a
//! "deposit" before starting, a medical check at a clinic of the agent's choosing, uniform
//! and "introduction" fees, training paid for with a loan, an identity card "kept safe" by
//! the boss. [`screen_posting`] finds such demands in a posting's Chinese text so that the
//! posting can be held for review and the worker warned.
//!
//! # What is flagged
//!
//! A term of one of four categories (the flag's code):
//!
//! - `screen_deposit`: 押金, 保证金, 风险金, 压金;
//! - `screen_fee`: 体检费 (and 自费体检, 体检自费, 体检自理), 培训费, 服装费, 工服费, 工装费,
//!   介绍费, 中介费, 报名费, 入职费, 办卡费, 建档费, 资料费, 手续费, 信息费, 面试费, 服务费;
//! - `screen_training_loan`: 培训贷, 贷款培训, 分期培训, 培训分期, 学费贷;
//! - `screen_id_retention`: 扣押身份证, 扣身份证, 押身份证, 身份证押, 身份证原件押, 收身份证,
//!   收取身份证, 代管身份证, 保管身份证, 上交身份证, 身份证上交, 扣押证件.
//!
//! # What is not
//!
//! Honest postings mention the same words to say the opposite, so a term is **not** flagged
//! when:
//!
//! - a negation or an employer-pays phrase comes shortly before it (up to 10 characters back,
//!   not across a clause break), with only connecting words in between: 无, 不 (不收, 不需, …),
//!   免, 没有, 无需, 拒绝, 禁止, 严禁, 杜绝, 包, 报销, 公司承担, 公司出, 公司负责, … — so
//!   `无押金`, `不收押金`, `免押金`, `不向求职者收取任何押金`, `公司承担体检费`, `包体检费`,
//!   `不扣押身份证` pass, while `不加班押金300` (the 不 belongs to 加班) is flagged. `零` or `0`
//!   directly before it (`零押金`) counts too, but not `没收` (confiscate) nor `零工`;
//! - right after it the amount is none or zero (`押金：无`, `押金0元`, `体检费用不用交`,
//!   `培训费全免`), or an employer-pays phrase follows in the same clause (`体检费报销`,
//!   `体检费由公司承担`, `培训费由政府全额补贴`) — unless negated (`体检费不报销`);
//! - it is part of a compound that means something else: 工资保证金 (the wage guarantee an
//!   employer deposits with the government), 履约保证金, 收身份证复印件, 自行保管身份证, ….
//!
//! A phrase saying the worker pays after all — 自理, 自费, 自付, 个人承担, 从工资扣, or a
//! refusal clause such as 不予录用 / 不能上岗 — flags the term whatever came before
//! (`拒绝交押金者不予录用`).
//!
//! A negation covers a whole list: in `不收押金、培训费、体检费` the 不 applies to all three
//! terms joined by 、/和/及/与/或, and `服装费、工装费均由公司承担` exempts both. Lists joined by
//! commas are not treated as one list, because `无押金，培训费500元` must still flag the fee.
//!
//! # Normalisation
//!
//! Before matching, full-width ASCII becomes half-width (`５００` → `500`, `：` → `:`), all
//! whitespace and zero-width characters are removed (so `押 金` and `押\u{200B}金` still match),
//! line breaks become clause breaks, and ASCII letters are lowercased.
//!
//! This is a screen, not a judge: it errs towards flagging, and a flag sends the posting to a
//! person.

use serde::Serialize;

use crate::Coded;

/// The kind of demand a flag reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Category {
    Deposit,
    Fee,
    TrainingLoan,
    IdRetention,
}

impl Category {
    fn code(self) -> &'static str {
        match self {
            Category::Deposit => "screen_deposit",
            Category::Fee => "screen_fee",
            Category::TrainingLoan => "screen_training_loan",
            Category::IdRetention => "screen_id_retention",
        }
    }
}

/// One demand found in a posting: the category `code` and the catalogue `term` that matched
/// (as listed in the module documentation, not as written in the posting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Flag {
    pub code: &'static str,
    pub term: &'static str,
}

impl Coded for Flag {
    fn code(&self) -> &'static str {
        self.code
    }
}

const TERMS: &[(Category, &str)] = &[
    (Category::Deposit, "押金"),
    (Category::Deposit, "保证金"),
    (Category::Deposit, "风险金"),
    (Category::Deposit, "压金"),
    (Category::Fee, "体检费"),
    (Category::Fee, "自费体检"),
    (Category::Fee, "体检自费"),
    (Category::Fee, "体检自理"),
    (Category::Fee, "培训费"),
    (Category::Fee, "服装费"),
    (Category::Fee, "工服费"),
    (Category::Fee, "工装费"),
    (Category::Fee, "介绍费"),
    (Category::Fee, "中介费"),
    (Category::Fee, "报名费"),
    (Category::Fee, "入职费"),
    (Category::Fee, "办卡费"),
    (Category::Fee, "建档费"),
    (Category::Fee, "资料费"),
    (Category::Fee, "手续费"),
    (Category::Fee, "信息费"),
    (Category::Fee, "面试费"),
    (Category::Fee, "服务费"),
    (Category::TrainingLoan, "培训贷"),
    (Category::TrainingLoan, "贷款培训"),
    (Category::TrainingLoan, "分期培训"),
    (Category::TrainingLoan, "培训分期"),
    (Category::TrainingLoan, "学费贷"),
    (Category::IdRetention, "扣押身份证"),
    (Category::IdRetention, "扣身份证"),
    (Category::IdRetention, "押身份证"),
    (Category::IdRetention, "身份证押"),
    (Category::IdRetention, "身份证原件押"),
    (Category::IdRetention, "收身份证"),
    (Category::IdRetention, "收取身份证"),
    (Category::IdRetention, "代管身份证"),
    (Category::IdRetention, "保管身份证"),
    (Category::IdRetention, "上交身份证"),
    (Category::IdRetention, "身份证上交"),
    (Category::IdRetention, "扣押证件"),
];

/// Compounds that contain a term but are no demand on the worker.
const BENIGN: &[&str] = &[
    "工资保证金",
    "履约保证金",
    "投标保证金",
    "质量保证金",
    "收身份证复印件",
    "收取身份证复印件",
    "自行保管身份证",
    "妥善保管身份证",
    "自己保管身份证",
    "本人保管身份证",
];

/// Negations that exempt a term a little way after them.
const NEGATIONS: &[&str] =
    &["无", "不", "免", "没", "没有", "不收", "不需", "无需", "拒绝", "禁止", "严禁", "杜绝"];

/// Employer-pays phrases that exempt a term a little way after them, unless themselves
/// negated (`不包体检费`, `不报销体检费`).
const EMPLOYER_PAYS_BEFORE: &[&str] = &[
    "包",
    "报销",
    "公司承担",
    "单位承担",
    "企业承担",
    "老板承担",
    "政府承担",
    "公司出",
    "公司负责",
    "公司支付",
];

/// Words that start like a negation but are none: 没收 is "confiscate".
const FALSE_NEGATIONS: &[&str] = &["没收"];

/// Characters that may stand between a negation and the term it negates
/// (`不向求职者收取任何押金`, `无需缴纳体检费`, `严禁以任何名义收取押金`).
const FILLER: &str = "收取任何需要交缴纳付支额外的一切分毫钱再另行求向你您员工们各种类项及和与或等其他也都均会将得必须\
                      可以让从本公司费用职者人入前提所有全部由名义";

/// Zero-amount or negation words directly after a term (after skipping [`AFTER_SKIP`]).
const AFTER_ADJACENT: &[&str] = &["无", "零", "免", "不收", "不用", "不需", "无需"];

/// Characters skipped before looking for [`AFTER_ADJACENT`]: `押金：无`, `体检费用不用交`,
/// `培训费一律全免`.
const AFTER_SKIP: &str = ":=为是用一律均全都概";

/// Employer-pays phrases anywhere in the rest of the clause after a term.
const EMPLOYER_PAYS: &[&str] = &[
    "报销",
    "公司承担",
    "单位承担",
    "公司出",
    "单位出",
    "老板出",
    "公司负责",
    "公司支付",
    "公司付",
    "公司包",
    "政府补贴",
    "政府承担",
    "国家补贴",
    "财政补贴",
    "全额补贴",
    "全免",
    "免收",
];

/// Phrases after a term that say the worker pays after all; they override any exemption.
const WORKER_PAYS: &[&str] = &[
    "自理",
    "自费",
    "自付",
    "个人承担",
    "自己承担",
    "自行承担",
    "自己出",
    "个人出",
    "员工承担",
    "本人承担",
    "工人承担",
    "从工资扣",
    "工资中扣",
    "工资里扣",
    "不予录用",
    "不录用",
    "不予入职",
    "不能入职",
    "不得入职",
    "不能上岗",
    "不得上岗",
    "不予上岗",
];

/// Characters that end a clause: negations and employer-pays phrases do not reach across.
const BOUNDARIES: &str = ",;!?:，。；！？、\n()[]【】|";

/// Characters that join the items of a list (`押金、培训费和体检费`).
const LIST_JOINERS: &str = "、和及与或/以";

/// How far, in characters, a negation before or a phrase after a term may be.
const WINDOW: usize = 10;

/// Finds demands on the worker in the texts of one posting (title, description,
/// requirements, …), each text screened on its own. Each (code, term) is reported once, in
/// order of first appearance.
pub fn screen_posting(texts: &[&str]) -> Vec<Flag> {
    let mut flags: Vec<Flag> = Vec::new();
    for text in texts {
        for flag in screen_text(&normalise(text)) {
            if !flags.contains(&flag) {
                flags.push(flag);
            }
        }
    }
    flags
}

/// Full-width to half-width, whitespace and zero-width characters removed, line breaks kept
/// as clause breaks, ASCII lowercased.
fn normalise(text: &str) -> Vec<char> {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                '\u{FF61}' => '。',
                '\u{FF64}' => '、',
                _ => c,
            };
            match c {
                '\n' | '\r' => Some('\n'),
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => None,
                c if c.is_whitespace() => None,
                c => Some(c.to_ascii_lowercase()),
            }
        })
        .collect()
}

/// Whether `pat` occurs in `text` at `i`.
fn at(text: &[char], i: usize, pat: &str) -> bool {
    let mut chars = pat.chars();
    let matched = chars.by_ref().zip(text.get(i..).unwrap_or_default()).all(|(p, t)| p == *t);
    matched && i + pat.chars().count() <= text.len()
}

fn len(pat: &str) -> usize {
    pat.chars().count()
}

/// A term found in a text: `start..end` in characters.
#[derive(Debug, Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    category: Category,
    term: &'static str,
}

/// What the words after a term say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Neutral,
    /// The amount is none, or the employer pays.
    Exempt,
    /// The worker pays after all.
    Forced,
}

fn screen_text(text: &[char]) -> Vec<Flag> {
    let matches = find_terms(text);
    let mut flags = Vec::new();
    let mut i = 0;
    while i < matches.len() {
        // The list starting at `i`: terms joined by at most two joining characters.
        let mut j = i;
        while j + 1 < matches.len() {
            let gap = &text[matches[j].end..matches[j + 1].start];
            if gap.len() <= 2 && gap.iter().all(|c| LIST_JOINERS.contains(*c)) {
                j += 1;
            } else {
                break;
            }
        }
        let list = &matches[i..=j];
        let list_negated = negated_before(text, list[0].start);
        let list_exempt_after = after(text, list[list.len() - 1].end) == After::Exempt;
        for m in list {
            let after = after(text, m.end);
            let exempt =
                list_negated || list_exempt_after || negated_before(text, m.start) || after == After::Exempt;
            if after == After::Forced || !exempt {
                flags.push(Flag { code: m.category.code(), term: m.term });
            }
        }
        i = j + 1;
    }
    flags
}

/// Every catalogue term in `text`, longest first where they overlap, leaving out those inside
/// a benign compound; in order of position, not overlapping.
fn find_terms(text: &[char]) -> Vec<Match> {
    let benign: Vec<(usize, usize)> = (0..text.len())
        .flat_map(|i| BENIGN.iter().filter(move |b| at(text, i, b)).map(move |b| (i, i + len(b))))
        .collect();
    let mut found: Vec<Match> = Vec::new();
    for start in 0..text.len() {
        if found.last().is_some_and(|m| start < m.end) {
            continue;
        }
        let longest = TERMS
            .iter()
            .filter(|(_, term)| at(text, start, term))
            .max_by_key(|(_, term)| len(term))
            .map(|&(category, term)| Match { start, end: start + len(term), category, term });
        if let Some(m) = longest
            && !benign.iter().any(|&(b0, b1)| b0 <= m.start && m.end <= b1)
        {
            found.push(m);
        }
    }
    found
}

/// Where the clause containing position `pos` starts, looking back at most [`WINDOW`]
/// characters.
fn window_start(text: &[char], pos: usize) -> usize {
    let earliest = pos.saturating_sub(WINDOW);
    (earliest..pos).rev().find(|&k| BOUNDARIES.contains(text[k])).map_or(earliest, |k| k + 1)
}

/// Where the clause after position `pos` ends, looking ahead at most [`WINDOW`] characters.
fn window_end(text: &[char], pos: usize) -> usize {
    let latest = (pos + WINDOW).min(text.len());
    (pos..latest).find(|&k| BOUNDARIES.contains(text[k])).unwrap_or(latest)
}

/// Whether a negation or employer-pays phrase shortly before `start` applies to the term
/// there.
fn negated_before(text: &[char], start: usize) -> bool {
    let from = window_start(text, start);
    // 零押金, 0押金 — but not 10押金 or 0.0押金.
    if start > from {
        let prev = text[start - 1];
        let before_prev = (start >= from + 2).then(|| text[start - 2]);
        if prev == '零' || (prev == '0' && !before_prev.is_some_and(|c| c.is_ascii_digit() || c == '.')) {
            return true;
        }
    }
    let applies = |p: usize, marker: &str| {
        let end = p + len(marker);
        end <= start && at(text, p, marker) && text[end..start].iter().all(|c| FILLER.contains(*c))
    };
    (from..start).any(|p| {
        let negation =
            NEGATIONS.iter().any(|m| applies(p, m) && !FALSE_NEGATIONS.iter().any(|f| at(text, p, f)));
        let employer_pays =
            EMPLOYER_PAYS_BEFORE.iter().any(|m| applies(p, m)) && !negated_phrase(text, from, p);
        negation || employer_pays
    })
}

/// Whether the phrase at `p` is negated by 不, 无, 没 or 非 in the two characters before it
/// (not looking before `from`): 不报销, 不予报销, 无法报销.
fn negated_phrase(text: &[char], from: usize, p: usize) -> bool {
    (p.saturating_sub(2).max(from)..p).any(|q| matches!(text[q], '不' | '无' | '没' | '非'))
}

/// What the rest of the clause after a term ending at `end` says.
fn after(text: &[char], end: usize) -> After {
    let until = window_end(text, end);
    let window = &text[..until];
    let occurs = |pat: &'static str| (end..until).filter(move |&p| at(window, p, pat));
    if WORKER_PAYS.iter().any(|pat| occurs(pat).next().is_some()) {
        return After::Forced;
    }
    // The amount right after the term, past a colon or filler: 押金：无, 培训费一律全免.
    let mut k = end;
    while k < text.len() && k < end + 4 && AFTER_SKIP.contains(text[k]) {
        k += 1;
    }
    let zero = text.get(k) == Some(&'0') && !text.get(k + 1).is_some_and(|c| c.is_ascii_digit() || *c == '.');
    if zero || AFTER_ADJACENT.iter().any(|pat| at(text, k, pat)) {
        return After::Exempt;
    }
    let employer_pays = EMPLOYER_PAYS.iter().any(|pat| {
        occurs(pat).any(|p| {
            // 公司出具 is "the company issues" (a receipt), not "the company pays";
            // 不报销, 不予报销, 无法报销 negate the phrase.
            let issues = text.get(p + len(pat)) == Some(&'具');
            !issues && !negated_phrase(text, end, p)
        })
    });
    if employer_pays { After::Exempt } else { After::Neutral }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPOSIT: &str = "screen_deposit";
    const FEE: &str = "screen_fee";
    const LOAN: &str = "screen_training_loan";
    const ID: &str = "screen_id_retention";

    fn flags(text: &str) -> Vec<(&'static str, &'static str)> {
        screen_posting(&[text]).into_iter().map(|f| (f.code, f.term)).collect()
    }

    #[test]
    fn flags_demands_for_money_and_papers() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "二连浩特口岸物流园招装卸工，日结200元，入职需交押金300元，干满一个月退还。",
                &[(DEPOSIT, "押金")],
            ),
            ("招聘中蒙跨境运输司机，A2驾照，需交保证金5000元。", &[(DEPOSIT, "保证金")]),
            ("缴纳风险金2000元方可上岗", &[(DEPOSIT, "风险金")]),
            ("进厂先交压金500", &[(DEPOSIT, "压金")]),
            ("风险抵押金3000元", &[(DEPOSIT, "押金")]),
            ("入职体检费80元自理", &[(FEE, "体检费")]),
            ("入职体检费用个人承担，到指定医院体检", &[(FEE, "体检费")]),
            ("需自费体检，到指定医院", &[(FEE, "自费体检")]),
            ("工服费150元从第一个月工资扣除", &[(FEE, "工服费")]),
            ("服装费、工装费需自付", &[(FEE, "服装费"), (FEE, "工装费")]),
            ("饭店招服务员，交介绍费200元包分配", &[(FEE, "介绍费")]),
            ("劳务公司收取中介费500元，安排进厂", &[(FEE, "中介费")]),
            ("报名费50元，名额有限", &[(FEE, "报名费")]),
            ("入职费300元，办卡费100元", &[(FEE, "入职费"), (FEE, "办卡费")]),
            ("建档费、资料费共计120元", &[(FEE, "建档费"), (FEE, "资料费")]),
            ("挖掘机培训，培训费6800元，可分期", &[(FEE, "培训费")]),
            ("零基础包教包会，可办理培训贷", &[(LOAN, "培训贷")]),
            ("学电焊，学费可分期培训，月供低", &[(LOAN, "分期培训")]),
            ("贷款培训，毕业安排工作", &[(LOAN, "贷款培训")]),
            ("入职需扣押身份证原件，离职时归还", &[(ID, "扣押身份证")]),
            ("身份证原件押在公司，工资月结", &[(ID, "身份证原件押")]),
            ("报到时统一收身份证，由公司代管", &[(ID, "收身份证")]),
            ("员工身份证上交财务保管", &[(ID, "身份证上交")]),
            ("代管身份证，每月发生活费", &[(ID, "代管身份证")]),
        ];
        for (text, expected) in cases {
            assert_eq!(flags(text), expected.to_vec(), "{text}");
        }
    }

    #[test]
    fn honest_postings_pass() {
        for text in [
            // The phrases from the brief.
            "无押金",
            "不收押金",
            "免押金",
            "不收取任何费用",
            "无需体检费",
            "公司承担体检费",
            "包体检",
            "免费培训",
            "体检费报销",
            "不扣押身份证",
            // As written in real postings.
            "二连浩特市某建材公司招聘钢筋工10名，日结300元，包吃住，携带身份证到公司面试。",
            "包吃包住，日结工资，零押金",
            "本公司不向求职者收取任何押金、培训费、体检费",
            "入职体检费用由公司承担",
            "体检费入职后全额报销",
            "培训费全免，结业推荐就业",
            "培训费用由政府全额补贴",
            "已缴纳农民工工资保证金，工资按月足额发放",
            "严禁以任何名义收取押金",
            "不扣押身份证和其他证件",
            "请携带身份证原件及复印件面试",
            "报名时收身份证复印件一张",
            "宿舍免押金，水电全免",
            "押金：无",
            "押金0元",
            "体检费用不用交",
            "体检费公司出",
            "体检费由公司负责",
            "服装费、工装费均由公司承担",
            "请自行保管身份证",
            "本岗位不收押金、不收服装费",
            "免费提供工装，不收工装费",
            "没有押金",
            "无需缴纳保证金",
            "拒绝收取押金",
            "不收押金和培训费",
            "招聘零工，日结",
        ] {
            assert_eq!(flags(text), vec![], "{text}");
        }
    }

    #[test]
    fn negations_stay_in_their_place() {
        // The 不 belongs to another phrase.
        assert_eq!(flags("包吃住 不压工资 押金300"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("年龄不限押金200"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("免费住宿押金100"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("招零工押金200"), vec![(DEPOSIT, "押金")]);
        // A negation does not reach across a comma.
        assert_eq!(flags("无押金，培训费500元"), vec![(FEE, "培训费")]);
        assert_eq!(flags("免押金，体检费自理"), vec![(FEE, "体检费")]);
        // 没收 is confiscation, 不退 is no refund.
        assert_eq!(flags("违约没收押金"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("中途离职不退押金"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("押金不退"), vec![(DEPOSIT, "押金")]);
        // A refusal clause turns a negation into a demand.
        assert_eq!(flags("拒绝交押金者不予录用"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("不交押金不能上岗"), vec![(DEPOSIT, "押金")]);
        // Employer-pays phrases that are not.
        assert_eq!(flags("体检费不报销"), vec![(FEE, "体检费")]);
        assert_eq!(flags("体检费公司先垫付，从工资扣"), vec![(FEE, "体检费")]);
        assert_eq!(flags("押金300元公司出具收据"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("押金300元不收其他费用"), vec![(DEPOSIT, "押金")]);
        // The worker bears it, or the employer-pays phrase is negated.
        assert_eq!(flags("员工需承担体检费"), vec![(FEE, "体检费")]);
        assert_eq!(flags("体检费由员工承担"), vec![(FEE, "体检费")]);
        assert_eq!(flags("公司不承担体检费"), vec![(FEE, "体检费")]);
        assert_eq!(flags("不包体检费"), vec![(FEE, "体检费")]);
        assert_eq!(flags("不报销体检费"), vec![(FEE, "体检费")]);
        assert_eq!(flags("由公司承担全部体检费"), vec![]);
        assert_eq!(flags("包所有体检费"), vec![]);
        // 10押金 is an amount, not a zero.
        assert_eq!(flags("交10押金"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("押金05元"), vec![(DEPOSIT, "押金")]);
    }

    #[test]
    fn normalises_before_matching() {
        assert_eq!(flags("押　金５００元"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("押 金 500"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("押\u{200B}金500"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("扣 押 身 份 证"), vec![(ID, "扣押身份证")]);
        // Full-width punctuation still separates clauses.
        assert_eq!(flags("无押金，培训费５００元"), vec![(FEE, "培训费")]);
        assert_eq!(flags("押金：无"), vec![]);
        assert_eq!(flags("押金:０"), vec![]);
        // A line break ends a clause.
        assert_eq!(flags("免费住宿\n押金200"), vec![(DEPOSIT, "押金")]);
        assert_eq!(flags("无\n押金200"), vec![(DEPOSIT, "押金")]);
    }

    #[test]
    fn overlapping_terms_are_reported_once() {
        assert_eq!(flags("扣押身份证"), vec![(ID, "扣押身份证")]);
        assert_eq!(flags("培训贷款"), vec![(LOAN, "培训贷")]);
        assert_eq!(flags("押金押金，再交押金"), vec![(DEPOSIT, "押金")]);
    }

    #[test]
    fn screens_every_text_of_a_posting() {
        let got = screen_posting(&[
            "口岸仓库招理货员",
            "日结180元，包吃住。",
            "入职交押金200元，工装费80元。",
            "身份证原件押在公司。押金月底退。",
        ]);
        assert_eq!(
            got,
            vec![
                Flag { code: DEPOSIT, term: "押金" },
                Flag { code: FEE, term: "工装费" },
                Flag { code: ID, term: "身份证原件押" },
            ]
        );
        assert_eq!(got[0].code(), "screen_deposit");
        assert!(screen_posting(&[]).is_empty());
        assert!(screen_posting(&["", "  "]).is_empty());
    }

    #[test]
    fn every_code_has_a_message() {
        for category in [Category::Deposit, Category::Fee, Category::TrainingLoan, Category::IdRetention] {
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::message(category.code(), lang).is_some(), "{}", category.code());
            }
        }
    }

    #[test]
    fn every_term_is_found_alone() {
        for &(category, term) in TERMS {
            assert_eq!(flags(term), vec![(category.code(), term)], "{term}");
            assert_eq!(flags(&format!("需交{term}200元")), vec![(category.code(), term)], "{term}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(texts in proptest::collection::vec("\\PC{0,60}", 0..4)) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let _ = screen_posting(&refs);
        }

        #[test]
        fn a_bare_negated_term_is_never_flagged(i in 0usize..TERMS.len(), neg in 0usize..4) {
            let term = TERMS[i].1;
            let text = format!("{}{term}", ["无", "不收", "免", "无需"][neg]);
            proptest::prop_assert!(flags(&text).is_empty(), "{}", text);
        }
    }
}
