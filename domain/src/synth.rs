//! A deterministic generator of realistic Erenhot marketplace data: employers, postings,
//! training schools, courses and worker profiles, with real occupations, real places
//! and plausible local pay.
//!
//! The same seed always gives the same data, so the demo (`serve --demo`) loads the same
//! dataset every time and benchmarks are repeatable. Nothing here touches a database:
//! the API's demo loader and the benchmark tools turn these plain records into rows.
//!
//! Pay ranges are what postings in Erenhot and Xilingol commonly offered in 2025–2026
//! (day labour at the port 250–400 yuan a day, skilled trades 7,000–13,000 a month,
//! service work 3,000–5,000 a month); they are illustrations, not statistics.

use crate::reference::{Region, catalogue};
use crate::uscc::Uscc;

/// splitmix64: small, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks by weight from `(item, weight)` pairs.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(u64::from(total)) as u32;
        for (item, w) in items {
            if roll < *w {
                return item;
            }
            roll -= w;
        }
        &items[items.len() - 1].0
    }
}

/// One kind of posting an employer of a sector makes.
#[derive(Debug, Clone, Copy)]
pub struct JobTemplate {
    pub occupation_code: &'static str,
    pub title: &'static str,
    /// `hour`, `day`, `month` or `piece`.
    pub unit: &'static str,
    /// Yuan per unit.
    pub min: i64,
    pub max: i64,
    pub work_type: &'static str,
    /// Chance of housing, of meals.
    pub housing: f64,
    pub meals: f64,
    /// The skill level the posting asks for (0: none).
    pub level: u8,
    pub duty: &'static str,
}

/// A template row; positional so that the table below reads as a table.
#[allow(clippy::too_many_arguments)]
const fn t(
    occupation_code: &'static str,
    title: &'static str,
    unit: &'static str,
    min: i64,
    max: i64,
    work_type: &'static str,
    housing: f64,
    meals: f64,
    level: u8,
    duty: &'static str,
) -> JobTemplate {
    JobTemplate { occupation_code, title, unit, min, max, work_type, housing, meals, level, duty }
}

pub struct Sector {
    pub trade: &'static str,
    pub suffix: &'static str,
    /// How often Mongolian is asked for.
    pub mongolian: f64,
    pub jobs: &'static [JobTemplate],
}

#[rustfmt::skip]
pub const SECTORS: &[Sector] = &[
    Sector {
        trade: "口岸物流",
        suffix: "有限公司",
        mongolian: 0.5,
        jobs: &[
            t("4-02-05-01", "口岸货场装卸工", "day", 250, 400, "day_labour", 0.6, 0.8, 0, "在公路口岸货场装卸蒙古国进口的煤炭、铁矿石和木材"),
            t("4-02-06-02", "理货员", "month", 4000, 5500, "full_time", 0.5, 0.7, 0, "核对进出口货物数量、唛头和破损，填写理货单"),
            t("4-02-06-01", "仓储管理员", "month", 4500, 6000, "full_time", 0.4, 0.6, 1, "负责保税仓库出入库登记和库存盘点"),
            t("4-02-02-02", "重型货车司机", "month", 8000, 12000, "full_time", 0.7, 0.7, 2, "驾驶重型半挂车往返二连浩特与乌兰察布、集宁之间"),
            t("6-30-05-01", "叉车司机", "month", 6000, 8500, "full_time", 0.5, 0.8, 2, "在货场和仓库驾驶叉车装卸托盘货物"),
            t("2-06-07-12", "报关员", "month", 5000, 7500, "full_time", 0.3, 0.5, 0, "办理中蒙边境贸易货物的报关和查验手续"),
        ],
    },
    Sector {
        trade: "建筑工程",
        suffix: "有限责任公司",
        mongolian: 0.15,
        jobs: &[
            t("6-29-01-01", "砌筑工", "day", 350, 500, "seasonal", 0.8, 0.8, 1, "住宅楼砌墙、抹灰，4 月到 10 月施工季"),
            t("6-29-01-04", "钢筋工", "day", 350, 480, "seasonal", 0.8, 0.8, 1, "钢筋下料、绑扎，按图施工"),
            t("6-29-01-03", "混凝土工", "day", 300, 420, "seasonal", 0.8, 0.8, 0, "混凝土浇筑、振捣和养护"),
            t("6-29-01-05", "架子工", "day", 380, 520, "seasonal", 0.8, 0.8, 2, "搭设和拆除脚手架，须持证上岗"),
            t("6-18-02-04", "焊工", "month", 8000, 12000, "full_time", 0.8, 0.8, 2, "钢结构厂房焊接，会二氧化碳保护焊优先"),
            t("6-31-01-03", "电工", "month", 7000, 10000, "full_time", 0.7, 0.7, 2, "工地临时用电和楼宇配电安装，须持电工证"),
            t("6-29-04-01", "装修工", "day", 300, 450, "day_labour", 0.3, 0.5, 0, "室内刮腻子、贴砖、刷漆"),
            t("6-30-05-05", "挖掘机司机", "month", 9000, 13000, "seasonal", 0.9, 0.9, 2, "市政道路和管网工程挖掘机操作"),
        ],
    },
    Sector {
        trade: "矿业",
        suffix: "有限公司",
        mongolian: 0.2,
        jobs: &[
            t("6-16-01-01", "露天采矿工", "month", 7000, 10000, "full_time", 1.0, 1.0, 1, "露天矿采掘作业，上二休一，矿区包食宿"),
            t("6-16-01-15", "选矿工", "month", 6000, 8500, "full_time", 1.0, 1.0, 0, "选矿厂破碎、磨矿和浮选岗位"),
            t("6-16-01-10", "矿山安全员", "month", 6500, 9000, "full_time", 1.0, 1.0, 2, "巡检采场边坡和设备，落实安全规程"),
            t("6-31-01-09", "工程机械维修工", "month", 7500, 10500, "full_time", 1.0, 1.0, 2, "维修矿用自卸车、装载机和挖掘机"),
        ],
    },
    Sector {
        trade: "餐饮管理",
        suffix: "有限公司",
        mongolian: 0.3,
        jobs: &[
            t("4-03-02-01", "中餐厨师", "month", 5000, 8000, "full_time", 0.6, 1.0, 2, "炒锅和手把肉、羊肉烧麦等本地菜"),
            t("4-03-02-02", "面点师", "month", 4500, 6500, "full_time", 0.6, 1.0, 1, "烧麦、包子、奶食点心制作"),
            t("4-03-02-05", "餐厅服务员", "month", 3000, 4200, "full_time", 0.6, 1.0, 0, "点菜、传菜和收拾餐桌，会蒙古语优先"),
            t("4-03-02-05", "小时工服务员", "hour", 18, 25, "part_time", 0.0, 1.0, 0, "中午和晚上用餐高峰帮忙"),
        ],
    },
    Sector {
        trade: "酒店管理",
        suffix: "有限公司",
        mongolian: 0.4,
        jobs: &[
            t("4-03-01-02", "客房服务员", "month", 3000, 4000, "full_time", 0.7, 1.0, 0, "客房清扫和布草更换，接待蒙古国客人"),
            t("4-09-08-01", "保洁员", "month", 2800, 3600, "full_time", 0.3, 1.0, 0, "大堂和公共区域保洁"),
            t("4-07-05-01", "保安员", "month", 3200, 4200, "full_time", 0.5, 1.0, 0, "门岗值守和夜间巡逻"),
        ],
    },
    Sector {
        trade: "家政服务",
        suffix: "有限公司",
        mongolian: 0.3,
        jobs: &[
            t("4-10-01-06", "住家保姆", "month", 4500, 7000, "full_time", 1.0, 1.0, 0, "照顾老人起居、做饭和打扫"),
            t("4-10-01-05", "养老护理员", "month", 4000, 6000, "full_time", 0.8, 1.0, 1, "养老院护理，持证者优先"),
            t("4-10-01-03", "保育员", "month", 4000, 5500, "full_time", 0.3, 1.0, 1, "幼儿园保育工作"),
            t("4-10-01-06", "钟点工", "hour", 30, 40, "part_time", 0.0, 0.0, 0, "按小时上门打扫卫生"),
        ],
    },
    Sector {
        trade: "牧业",
        suffix: "专业合作社",
        mongolian: 0.8,
        jobs: &[
            t("5-03-02-01", "牧工", "month", 4500, 6500, "full_time", 1.0, 1.0, 0, "放牧羊群和牛群，冬季补饲，包吃住"),
            t("5-03-01-01", "家畜繁殖员", "month", 5000, 7000, "seasonal", 1.0, 1.0, 2, "春季接羔保育和人工授精"),
            t("2-03-06-01", "兽医", "month", 6000, 9000, "full_time", 1.0, 1.0, 3, "牲畜防疫、诊疗和检疫记录"),
            t("5-05-05-01", "农机手", "month", 6000, 8000, "seasonal", 1.0, 1.0, 1, "打草季驾驶割草机和打捆机"),
        ],
    },
    Sector {
        trade: "肉食品",
        suffix: "有限公司",
        mongolian: 0.4,
        jobs: &[
            t("6-01-04-01", "屠宰工", "month", 5000, 7000, "seasonal", 0.9, 1.0, 1, "牛羊屠宰分割，秋冬旺季"),
            t("6-01-04-03", "肉制品加工工", "piece", 2, 3, "full_time", 0.8, 1.0, 0, "风干牛肉条加工，按斤计件"),
            t("6-02-04-01", "乳品加工工", "month", 4500, 6000, "full_time", 0.7, 1.0, 0, "奶豆腐、奶皮子等奶食品制作"),
        ],
    },
    Sector {
        trade: "汽车服务",
        suffix: "有限公司",
        mongolian: 0.3,
        jobs: &[
            t("4-12-01-01", "汽车维修工", "month", 5000, 8000, "full_time", 0.5, 0.7, 2, "维修进出口货车和蒙古国过境车辆"),
            t("4-02-02-01", "客车司机", "month", 6000, 8000, "full_time", 0.3, 0.5, 3, "二连浩特至锡林浩特班线客车"),
        ],
    },
    Sector {
        trade: "商贸",
        suffix: "有限公司",
        mongolian: 0.6,
        jobs: &[
            t("4-01-02-03", "营业员", "month", 3000, 4500, "full_time", 0.3, 0.6, 0, "中蒙商贸城店铺销售，会蒙古语或俄语优先"),
            t("4-01-06-01", "电商运营", "month", 5000, 8000, "full_time", 0.3, 0.5, 1, "蒙古国商品网店上架、客服和直播"),
            t("4-02-07-08", "快递员", "piece", 2, 3, "full_time", 0.3, 0.5, 0, "市区快递派送，电动车公司提供"),
            t("4-01-02-04", "收银员", "month", 2800, 3500, "full_time", 0.0, 0.6, 0, "超市收银"),
        ],
    },
];

const BRANDS: &[&str] = &[
    "恒通",
    "金桥",
    "草原",
    "北疆",
    "蒙东",
    "鑫源",
    "宏达",
    "天骄",
    "阿拉坦",
    "乌兰",
    "赛罕",
    "伊林",
    "丝路",
    "远航",
    "朝克",
    "巴彦",
    "查干",
    "腾格尔",
    "国门",
    "边城",
    "恐龙",
    "额尔敦",
    "吉祥",
    "富民",
];

const STREETS: &[&str] = &[
    "口岸路",
    "前进路",
    "友谊路",
    "新华街",
    "团结路",
    "锡林大街",
    "二连大街",
    "恐龙大街",
    "建设路",
    "迎宾路",
];

/// Where work is, weighted towards Erenhot.
const WORK_REGIONS: &[(&str, u32)] = &[
    ("152501", 60),
    ("152502", 14),
    ("152524", 7),
    ("152523", 5),
    ("152522", 3),
    ("152528", 3),
    ("152525", 2),
    ("152526", 2),
    ("152527", 1),
    ("152529", 1),
    ("152530", 1),
    ("152531", 1),
];

/// Where workers come from: the banners around Erenhot and Ulanqab.
const HOME_REGIONS: &[(&str, u32)] = &[
    ("152501", 20),
    ("152524", 14),
    ("152523", 12),
    ("152522", 6),
    ("152528", 6),
    ("152502", 6),
    ("150929", 8),
    ("150928", 5),
    ("150923", 5),
    ("150922", 4),
    ("150927", 4),
    ("150902", 4),
    ("150981", 3),
    ("150926", 3),
];

const MONGOLIAN_NAMES: &[&str] = &[
    "巴特尔",
    "其木格",
    "乌日娜",
    "斯琴",
    "额尔敦",
    "苏日娜",
    "朝鲁",
    "阿拉坦",
    "图雅",
    "宝音",
    "那仁",
    "格日勒",
    "敖登",
    "哈斯",
    "乌云",
    "巴雅尔",
    "毕力格",
    "特木尔",
    "萨仁",
    "孟和",
    "呼和",
    "达来",
    "布和",
    "娜仁花",
];
const MONGOLIAN_FEMALE: &[&str] =
    &["其木格", "乌日娜", "斯琴", "苏日娜", "图雅", "萨仁", "乌云", "娜仁花", "哈斯", "敖登"];
const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "赵", "杨", "高", "郭", "马", "韩", "田", "贾", "任", "白"];
const GIVEN_MALE: &[&str] = &["建国", "海军", "志强", "永平", "晓东", "文军", "二虎", "俊峰", "国庆", "利军"];
const GIVEN_FEMALE: &[&str] =
    &["秀英", "丽娟", "桂兰", "春梅", "晓燕", "玉兰", "红霞", "美玲", "海燕", "慧敏"];

fn region(code: &str) -> &'static Region {
    catalogue().region(code).expect("generator regions are in the catalogue")
}

/// A point within about `km` kilometres of the region's seat.
fn near(rng: &mut Rng, r: &Region, km: f64) -> (f64, f64) {
    let dlat = (rng.unit() - 0.5) * 2.0 * km / 111.0;
    let dlng = (rng.unit() - 0.5) * 2.0 * km / (111.0 * r.lat.to_radians().cos());
    (((r.lat + dlat) * 1e4).round() / 1e4, ((r.lng + dlng) * 1e4).round() / 1e4)
}

fn credit_code(kind: u64, index: usize, region: &str) -> String {
    let first17 = format!("{}{region}{:09}", if kind == 0 { "91" } else { "52" }, index + 1);
    Uscc::complete(&first17[..17]).map(|u| u.as_str().to_owned()).expect("generated codes use the charset")
}

fn address(rng: &mut Rng, r: &Region) -> String {
    format!("{}{}{}号", r.name, rng.pick(STREETS), rng.range(1, 188))
}

#[derive(Debug, Clone)]
pub struct SynthOrg {
    pub name: String,
    pub uscc: String,
    pub address: String,
    pub region_code: String,
    pub lat: f64,
    pub lng: f64,
    /// Index into [`SECTORS`] (employers only).
    pub sector: usize,
}

/// `n` employers spread over the sectors and the work regions.
pub fn employers(n: usize, seed: u64) -> Vec<SynthOrg> {
    let mut rng = Rng::new(seed ^ 0xE1);
    (0..n)
        .map(|i| {
            let sector = i % SECTORS.len();
            let s = &SECTORS[sector];
            let r = region(rng.weighted::<&str>(WORK_REGIONS));
            let (lat, lng) = near(&mut rng, r, 4.0);
            let city = r.name.trim_end_matches(['市', '旗', '县']);
            SynthOrg {
                name: format!(
                    "{city}{}{}{}",
                    BRANDS[(i / SECTORS.len() + i) % BRANDS.len()],
                    s.trade,
                    s.suffix
                ),
                uscc: credit_code(0, i, &r.code),
                address: address(&mut rng, r),
                region_code: r.code.clone(),
                lat,
                lng,
                sector,
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct SynthJob {
    /// Index of the employer in the list given to [`jobs`].
    pub employer: usize,
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub required_skills: Vec<(String, u8)>,
    pub headcount: u32,
    pub pay_unit: &'static str,
    pub pay_cycle: &'static str,
    /// Yuan.
    pub pay_min: i64,
    pub pay_max: i64,
    /// Yuan a day, for piece rates.
    pub piece_daily_estimate: Option<i64>,
    pub work_type: &'static str,
    pub region_code: String,
    pub lat: f64,
    pub lng: f64,
    pub address: String,
    pub housing: bool,
    pub meals: bool,
    pub social_insurance: bool,
    pub transport: bool,
    pub languages: Vec<&'static str>,
    /// Days from today until the work starts.
    pub starts_in_days: i64,
}

/// `n` postings, each by one of `employers` and drawn from its sector's templates.
pub fn jobs(employers: &[SynthOrg], n: usize, seed: u64) -> Vec<SynthJob> {
    let mut rng = Rng::new(seed ^ 0x10B);
    (0..n)
        .map(|i| {
            let employer = i % employers.len().max(1);
            let org = &employers[employer];
            let sector = &SECTORS[org.sector];
            let tpl = rng.pick(sector.jobs);
            let r = region(&org.region_code);
            let (lat, lng) = near(&mut rng, r, 6.0);
            // Pay steps of 10 yuan (1 for hourly and piece rates).
            let step = if matches!(tpl.unit, "hour" | "piece") { 1 } else { 10 };
            let lo = rng.range(tpl.min / step, (tpl.min + (tpl.max - tpl.min) / 2) / step) * step;
            let hi = rng.range(lo / step, tpl.max / step) * step;
            let pay_cycle = match tpl.unit {
                "day" | "hour" => *rng.pick(&["daily", "weekly", "monthly"]),
                "piece" => "monthly",
                _ => "monthly",
            };
            let housing = rng.chance(tpl.housing);
            let meals = rng.chance(tpl.meals);
            let social_insurance = tpl.work_type == "full_time" && rng.chance(0.6);
            let transport = rng.chance(0.2);
            let mut languages = vec!["zh"];
            if rng.chance(sector.mongolian) {
                languages.push("mn");
            }
            let headcount = match tpl.work_type {
                "day_labour" | "seasonal" => rng.range(3, 40),
                _ => rng.range(1, 8),
            } as u32;
            let mut perks = Vec::new();
            match (housing, meals) {
                (true, true) => perks.push("包吃住"),
                (true, false) => perks.push("提供宿舍"),
                (false, true) => perks.push("管饭"),
                _ => {}
            }
            if social_insurance {
                perks.push("缴纳社保");
            }
            if transport {
                perks.push("报销往返路费");
            }
            let pay_text = match tpl.unit {
                "day" => format!("日薪{lo}–{hi}元"),
                "hour" => format!("每小时{lo}–{hi}元"),
                "piece" => format!("计件{lo}–{hi}元，熟练工日均约{}元", lo * 120),
                _ => format!("月薪{lo}–{hi}元"),
            };
            let description = format!(
                "{}招聘{}{}名。{}。工作地点：{}。{}{}。不收取任何费用，签订劳动合同或用工协议，工资按时足额发放。",
                org.name,
                tpl.title,
                headcount,
                tpl.duty,
                r.name,
                pay_text,
                if perks.is_empty() { String::new() } else { format!("，{}", perks.join("，")) },
            );
            SynthJob {
                employer,
                title: tpl.title.to_owned(),
                description,
                occupation_code: tpl.occupation_code.to_owned(),
                required_skills: if tpl.level > 0 {
                    vec![(tpl.occupation_code.to_owned(), tpl.level)]
                } else {
                    Vec::new()
                },
                headcount,
                pay_unit: tpl.unit,
                pay_cycle,
                pay_min: lo.max(1),
                pay_max: hi.max(lo.max(1)),
                piece_daily_estimate: (tpl.unit == "piece").then_some(lo * 120),
                work_type: tpl.work_type,
                region_code: r.code.clone(),
                lat,
                lng,
                address: address(&mut rng, r),
                housing,
                meals,
                social_insurance,
                transport,
                languages,
                starts_in_days: rng.range(0, 60),
            }
        })
        .collect()
}

/// `n` training schools.
pub fn schools(n: usize, seed: u64) -> Vec<SynthOrg> {
    const KINDS: &[&str] = &["职业技能培训学校", "职业培训中心", "技工学校", "家政培训学校", "驾驶培训学校"];
    let mut rng = Rng::new(seed ^ 0x5C);
    (0..n)
        .map(|i| {
            let r = region(rng.weighted::<&str>(&WORK_REGIONS[..4]));
            let (lat, lng) = near(&mut rng, r, 3.0);
            let city = r.name.trim_end_matches(['市', '旗', '县']);
            SynthOrg {
                name: format!("{city}{}{}", BRANDS[(i * 7 + 3) % BRANDS.len()], KINDS[i % KINDS.len()]),
                uscc: credit_code(1, i, &r.code),
                address: address(&mut rng, r),
                region_code: r.code.clone(),
                lat,
                lng,
                sector: 0,
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct SynthCourse {
    pub school: usize,
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub target_level: u8,
    pub hours: u32,
    pub starts_in_days: i64,
    pub weeks: i64,
    pub schedule: String,
    /// Yuan.
    pub fee: i64,
    pub subsidy: i64,
    pub capacity: u32,
    pub certificate: String,
    /// `general`, `order_based`, `targeted` or `on_the_job`.
    pub mode: &'static str,
    /// For order-based courses: which employer (index into the employer list) ordered it.
    pub ordering_employer: Option<usize>,
}

/// `n` courses at `schools`, teaching the trades the postings ask for; order-based ones
/// name an employer from `employer_count`.
pub fn courses(schools: &[SynthOrg], employer_count: usize, n: usize, seed: u64) -> Vec<SynthCourse> {
    const TRADES: &[(&str, &str, u8, u32, i64)] = &[
        ("6-18-02-04", "焊工", 2, 120, 2800),
        ("6-31-01-03", "电工", 2, 120, 2600),
        ("4-02-02-02", "货车驾驶员", 2, 80, 3500),
        ("6-30-05-01", "叉车操作", 2, 60, 1800),
        ("6-30-05-05", "挖掘机操作", 2, 160, 4500),
        ("4-03-02-01", "中式烹调", 2, 100, 2200),
        ("4-03-02-02", "中式面点", 1, 80, 1800),
        ("4-10-01-06", "家政服务", 1, 60, 1200),
        ("4-10-01-05", "养老护理", 2, 90, 1600),
        ("4-12-01-01", "汽车维修", 2, 160, 3200),
        ("6-29-01-05", "架子工", 2, 60, 1500),
        ("4-01-06-01", "电子商务", 1, 60, 1500),
        ("5-03-01-01", "家畜繁殖", 2, 60, 1000),
        ("6-01-04-01", "畜禽屠宰加工", 1, 40, 900),
    ];
    let mut rng = Rng::new(seed ^ 0xC0);
    (0..n)
        .map(|i| {
            let school = i % schools.len().max(1);
            let (code, trade, level, hours, fee) = *rng.pick(TRADES);
            let mode = *rng.weighted(&[("general", 5), ("order_based", 2), ("targeted", 2), ("on_the_job", 1)]);
            let subsidised = rng.chance(0.7);
            let level_name = crate::occupation::SkillLevel::new(level).map(|l| l.name_zh()).unwrap_or("");
            let weeks = i64::from(hours / 40).max(1);
            let capacity = rng.range(15, 40) as u32;
            let ordering_employer = (mode == "order_based" && employer_count > 0).then(|| rng.below(employer_count as u64) as usize);
            SynthCourse {
                school,
                title: format!("{trade}{}培训班", match mode {
                    "order_based" => "订单式",
                    "targeted" => "定向",
                    "on_the_job" => "岗位技能提升",
                    _ => "",
                }),
                description: format!(
                    "{trade}{level_name}技能培训，共{hours}学时，理论与实操结合，结业考核合格颁发职业技能等级证书。{}",
                    if subsidised { "符合条件的农牧民工可申请职业技能培训补贴。" } else { "" }
                ),
                occupation_code: code.to_owned(),
                target_level: level,
                hours,
                starts_in_days: rng.range(7, 75),
                weeks,
                schedule: (*rng.pick(&["周一至周五 8:30–17:00", "周末全天", "每晚 19:00–21:30", "集中脱产培训"])).to_owned(),
                fee,
                subsidy: if subsidised { fee * rng.range(6, 10) / 10 } else { 0 },
                capacity,
                certificate: format!("{trade}职业技能等级证书（{level_name}）"),
                mode,
                ordering_employer,
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct SynthWorker {
    pub name: String,
    /// `male` or `female`.
    pub gender: &'static str,
    pub birth_year: i32,
    pub hukou_region_code: String,
    pub region_code: String,
    pub lat: f64,
    pub lng: f64,
    pub languages: Vec<&'static str>,
    pub education: &'static str,
    /// `(occupation_code, level, years)`
    pub skills: Vec<(String, u8, u8)>,
    pub desired_occupations: Vec<String>,
    /// Yuan per `min_wage_unit`.
    pub min_wage: i64,
    pub min_wage_unit: &'static str,
    pub work_types: Vec<&'static str>,
    pub max_travel_km: i32,
    pub wants_training: bool,
    pub discoverable: bool,
}

/// `n` workers: herders and farmers from the banners around, most of them looking for
/// work in Erenhot.
pub fn workers(n: usize, seed: u64) -> Vec<SynthWorker> {
    let mut rng = Rng::new(seed ^ 0x3A);
    (0..n)
        .map(|_| {
            let mongolian = rng.chance(0.55);
            let (name, gender) = if mongolian {
                let name = *rng.pick(MONGOLIAN_NAMES);
                (name.to_owned(), if MONGOLIAN_FEMALE.contains(&name) { "female" } else { "male" })
            } else if rng.chance(0.6) {
                (format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN_MALE)), "male")
            } else {
                (format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN_FEMALE)), "female")
            };
            let hukou = region(rng.weighted::<&str>(HOME_REGIONS));
            // Most have come to town; some are still at home.
            let here = if rng.chance(0.7) { region("152501") } else { hukou };
            let (lat, lng) = near(&mut rng, here, 5.0);
            let sector = rng.pick(SECTORS);
            let tpl = rng.pick(sector.jobs);
            let level = if tpl.level > 0 {
                rng.range(i64::from(tpl.level) - 1, i64::from(tpl.level) + 1).clamp(1, 5) as u8
            } else {
                1
            };
            let mut skills = vec![(tpl.occupation_code.to_owned(), level, rng.range(0, 15) as u8)];
            if rng.chance(0.3) {
                let other_sector = rng.pick(SECTORS);
                let other = rng.pick(other_sector.jobs);
                if other.occupation_code != tpl.occupation_code {
                    skills.push((other.occupation_code.to_owned(), 1, rng.range(0, 5) as u8));
                }
            }
            let mut desired = vec![tpl.occupation_code.to_owned()];
            let wish = rng.pick(sector.jobs);
            if wish.occupation_code != tpl.occupation_code {
                desired.push(wish.occupation_code.to_owned());
            }
            let (min_wage, min_wage_unit) = if tpl.unit == "day" || rng.chance(0.3) {
                (rng.range(20, 35) * 10, "day")
            } else {
                (rng.range(30, 70) * 100, "month")
            };
            let mut languages = Vec::new();
            if mongolian {
                languages.push("mn");
            }
            languages.push("zh");
            let mut work_types = vec![tpl.work_type];
            if tpl.work_type != "full_time" && rng.chance(0.5) {
                work_types.push("full_time");
            }
            SynthWorker {
                name,
                gender,
                birth_year: rng.range(1968, 2006) as i32,
                hukou_region_code: hukou.code.clone(),
                region_code: here.code.clone(),
                lat,
                lng,
                languages,
                education: rng.weighted::<&str>(&[
                    ("primary", 3),
                    ("junior_secondary", 8),
                    ("senior_secondary", 4),
                    ("vocational", 3),
                    ("college", 1),
                ]),
                skills,
                desired_occupations: desired,
                min_wage,
                min_wage_unit,
                work_types,
                max_travel_km: *rng.pick(&[20, 50, 100, 300, 500]),
                wants_training: rng.chance(0.5),
                discoverable: rng.chance(0.8),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let a = employers(20, 7);
        let b = employers(20, 7);
        assert_eq!(
            a.iter().map(|o| &o.name).collect::<Vec<_>>(),
            b.iter().map(|o| &o.name).collect::<Vec<_>>()
        );
        let ja = jobs(&a, 50, 7);
        let jb = jobs(&b, 50, 7);
        assert_eq!(
            ja.iter().map(|j| &j.description).collect::<Vec<_>>(),
            jb.iter().map(|j| &j.description).collect::<Vec<_>>()
        );
        assert_ne!(employers(20, 8)[0].lat, a[0].lat);
    }

    #[test]
    fn generated_values_pass_the_rules() {
        let orgs = employers(60, 1);
        let mut codes: Vec<&str> = orgs.iter().map(|o| o.uscc.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 60, "credit codes are unique");
        for o in orgs.iter().chain(schools(10, 1).iter()) {
            assert!(Uscc::parse(&o.uscc).is_ok(), "{}", o.uscc);
            assert!(catalogue().region(&o.region_code).is_some());
        }
        for j in jobs(&orgs, 600, 1) {
            let occupation = catalogue().occupation(&j.occupation_code).expect("a real occupation");
            assert_eq!(occupation.depth, 4);
            assert!(j.pay_min > 0 && j.pay_max >= j.pay_min, "{j:?}");
            assert!(
                crate::job_screen::screen_posting(&[&j.title, &j.description]).is_empty(),
                "{}",
                j.description
            );
            assert!(crate::geo::GeoPoint::new(j.lat, j.lng).is_ok());
        }
        for w in workers(300, 1) {
            for (code, level, _) in &w.skills {
                assert!(catalogue().occupation(code).is_some() && (1..=5).contains(level));
            }
        }
        for c in courses(&schools(10, 1), 50, 60, 1) {
            assert!(catalogue().occupation(&c.occupation_code).is_some());
            assert!(c.subsidy <= c.fee);
            assert_eq!(c.mode == "order_based", c.ordering_employer.is_some());
        }
    }

    #[test]
    fn most_work_is_in_erenhot() {
        let orgs = employers(200, 3);
        let erenhot = orgs.iter().filter(|o| o.region_code == "152501").count();
        assert!(erenhot > 80, "{erenhot} of 200");
    }
}
