//! The sentences people read for each stable error code, in Chinese (the default) and
//! English.
//!
//! One catalogue for the whole product, so a code and its wording are reviewed together.
//! A code missing here still works: the caller falls back to a generic sentence for the
//! HTTP status, and a unit test in the API keeps every code it emits listed here.

/// The language of a response. Chinese unless the client asks for English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the language from an `Accept-Language` header: the highest-weighted of the
    /// languages we speak, Chinese when the header names neither.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = match tag.split('-').next() {
                Some("zh") => Lang::Zh,
                Some("en") => Lang::En,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// The sentence for `code` in `lang`, if the catalogue has it.
pub fn message(code: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match code {
        // Requests in general
        "bad_request" => ("请求无效。", "The request is not valid."),
        "malformed_json" => ("请求内容不是有效的 JSON。", "The request body is not valid JSON."),
        "invalid_body" => ("请求内容的格式不正确。", "The request body does not have the expected shape."),
        "body_not_object" => {
            ("请求内容必须是一个 JSON 对象（{…}）。", "The request body must be a JSON object ({…}).")
        }
        "unsupported_media_type" => (
            "请求内容必须是 JSON（Content-Type: application/json）。",
            "The request body must be JSON (Content-Type: application/json).",
        ),
        "invalid_query" => ("查询参数不正确。", "The query parameters are not valid."),
        "invalid_path" => ("地址中的参数不正确。", "A parameter in the URL is not valid."),
        "not_found" => ("找不到该资源。", "No such resource."),
        "method_not_allowed" => ("该地址不支持此请求方法。", "This URL does not accept that method."),
        "payload_too_large" => ("请求内容太大。", "The request body is too large."),
        "timeout" => ("服务器处理超时，请稍后重试。", "The server took too long; please try again."),
        "body_timeout" => (
            "请求内容上传太慢，连接已关闭，请重试。",
            "The request body arrived too slowly; the connection was closed. Please try again.",
        ),
        "internal" => ("服务器内部错误，请稍后重试。", "Something went wrong on our side; please try again."),
        "unavailable" => {
            ("服务暂时不可用，请稍后重试。", "The service is unavailable right now; please try again later.")
        }
        "validation_failed" => ("填写的内容有误，请检查后重试。", "Some fields are not valid."),
        "conflict" => ("与现有数据冲突。", "This conflicts with existing data."),
        "rate_limited" => ("尝试次数过多，请稍后再试。", "Too many attempts; please wait and try again."),
        "busy" => ("服务器正忙，请稍后重试。", "The server is busy; please try again in a moment."),
        // Idempotency
        "idempotency_key_reused" => (
            "该幂等键已用于另一个不同的请求。",
            "This Idempotency-Key was already used for a different request.",
        ),
        "concurrent_update" => (
            "这条记录刚被别人同时修改，请重新加载后再试。",
            "Someone else changed this at the same moment; load it again and retry.",
        ),
        "idempotency_in_progress" => (
            "相同的请求正在处理中，请稍后重试。",
            "The same request is still being processed; retry shortly.",
        ),
        "idempotency_key_invalid" => (
            "幂等键格式不正确（1 到 255 个可见字符）。",
            "Idempotency-Key must be 1 to 255 visible characters.",
        ),
        // Authentication and authorization
        "unauthorized" => ("请先登录。", "Please log in."),
        "token_invalid" => {
            ("登录凭证无效，请重新登录。", "The access token is not valid; please log in again.")
        }
        "token_revoked" => {
            ("该登录已退出或已被注销，请重新登录。", "This login has been ended; please log in again.")
        }
        "token_expired" => {
            ("登录已过期，请刷新或重新登录。", "The access token has expired; refresh it or log in again.")
        }
        "forbidden" => ("您的账号无权进行此操作。", "Your account may not do this."),
        "invalid_credentials" => ("手机号或密码不正确。", "Wrong phone number or password."),
        "refresh_token_invalid" => (
            "刷新凭证无效或已过期，请重新登录。",
            "The refresh token is not valid or has expired; please log in again.",
        ),
        "refresh_token_reused" => (
            "刷新凭证已被使用过，为安全起见已注销该登录，请重新登录。",
            "This refresh token was already used; for your safety that login was ended. Please log in again.",
        ),
        "phone_taken" => ("该手机号已注册。", "This phone number is already registered."),
        // Fields
        "required" => ("此项必填。", "This field is required."),
        "unknown_field" => ("不认识的字段。", "Unknown field."),
        "invalid_type" => ("此项的类型不正确。", "This field has the wrong type."),
        "invalid_value" => ("此项的值不正确。", "This value is not valid."),
        "phone_required" => ("请填写手机号。", "Enter a phone number."),
        "phone_invalid" => {
            ("手机号应为 11 位中国大陆手机号码。", "Enter an 11-digit mainland China mobile number.")
        }
        "password_too_short" => ("密码至少需要 8 个字符。", "The password needs at least 8 characters."),
        "password_too_long" => ("密码最多 128 个字符。", "The password may have at most 128 characters."),
        "password_too_common" => {
            ("密码太容易被猜到，请换一个。", "This password is too easy to guess; choose another.")
        }
        "password_same_as_phone" => {
            ("密码不能包含手机号。", "The password must not contain the phone number.")
        }
        "limit_out_of_range" => ("每页数量应在 1 到 100 之间。", "limit must be between 1 and 100."),
        "cursor_invalid" => (
            "翻页参数无效，请从第一页重新开始。",
            "The cursor is not valid; start again from the first page.",
        ),
        "depth_out_of_range" => ("层级应在 1 到 4 之间。", "depth must be between 1 and 4."),
        // Organisations
        "organization_exists" => ("您的账号已登记过单位。", "Your account already has an organisation."),
        "organization_required" => ("请先登记您的单位信息。", "Register your organisation first."),
        "organization_not_verified" => (
            "单位尚未通过人社局审核，暂不能发布。",
            "Your organisation is not verified by the labour bureau yet, so it cannot publish.",
        ),
        "uscc_taken" => {
            ("该统一社会信用代码已被其他单位登记。", "This unified social credit code is already registered.")
        }
        "region_unknown" => ("不认识的行政区划代码。", "Unknown region code."),
        "reason_required" => ("驳回时请填写原因。", "Give a reason when rejecting."),
        "reason_too_long" => ("原因最多 500 个字。", "The reason may have at most 500 characters."),
        "text_required" => ("此项必填。", "This field is required."),
        "text_too_short" => ("内容太短。", "This text is too short."),
        "text_too_long" => ("内容太长。", "This text is too long."),
        "text_control_characters" => ("内容包含不可见的控制字符。", "This text contains control characters."),
        // Jobs
        "occupation_unknown" => (
            "不认识的职业代码，请从职业列表中选择。",
            "Unknown occupation code; pick one from the occupation list.",
        ),
        "too_many_items" => ("条目太多。", "Too many items."),
        "duplicate_item" => ("有重复的条目。", "This item appears twice."),
        "headcount_out_of_range" => {
            ("招聘人数应在 1 到 10000 之间。", "The headcount must be between 1 and 10,000.")
        }
        "headcount_below_hired" => {
            ("招聘人数不能少于已录用的人数。", "The headcount cannot be lower than the number already hired.")
        }
        "end_before_start" => ("结束日期不能早于开始日期。", "The end date cannot be before the start date."),
        "expires_at_past" => ("截止时间必须在将来。", "The expiry must be in the future."),
        "expires_at_too_far" => ("截止时间最多在 180 天以后。", "The expiry may be at most 180 days away."),
        "job_transition_not_allowed" => {
            ("岗位当前的状态不能进行此操作。", "The posting cannot do this in its current status.")
        }
        "job_not_editable" => {
            ("岗位已招满，不能再修改。", "The posting is filled and can no longer be edited.")
        }
        // Worker profiles
        "birth_year_out_of_range" => (
            "出生年份不对（需年满 16 岁）。",
            "The birth year is not plausible (workers must be at least 16).",
        ),
        "region_code_invalid" => ("行政区划代码应为 6 位数字。", "A region code is six digits."),
        "years_out_of_range" => {
            ("工作年限应在 0 到 60 年之间。", "Years of experience must be between 0 and 60.")
        }
        "travel_out_of_range" => ("出行距离最多 5000 公里。", "The travel distance may be at most 5,000 km."),
        // Applications
        "job_not_open" => ("该岗位已停止招聘。", "This posting is no longer taking applications."),
        // Search and recommendations
        "search_unavailable" => (
            "搜索暂时不可用，请稍后重试（已提交的信息不受影响）。",
            "Search is unavailable right now; please try again (nothing you saved is affected).",
        ),
        "search_text_too_long" => ("搜索内容最多 100 个字。", "Search text can have at most 100 characters."),
        "search_value_unknown" => (
            "不认识的取值，请查看接口文档中的可选值。",
            "Unknown value; see the API documentation for the choices.",
        ),
        "search_point_incomplete" => ("经度和纬度要一起提供。", "Give both lat and lng, or neither."),
        "search_radius_out_of_range" => {
            ("搜索半径应在 0 到 500 公里之间。", "The radius must be above 0 and at most 500 km.")
        }
        "search_radius_needs_point" => {
            ("按距离筛选需要提供位置（lat、lng）。", "A radius needs a point (lat and lng).")
        }
        "search_sort_needs_point" => {
            ("按距离排序需要提供位置（lat、lng）。", "Sorting by distance needs a point (lat and lng).")
        }
        "search_limit_out_of_range" => ("每页条数应在 1 到 100 之间。", "limit must be between 1 and 100."),
        "search_offset_out_of_range" => (
            "最多只能翻到第 10000 条，请缩小搜索范围。",
            "offset can be at most 10000; narrow the search instead.",
        ),
        "profile_required" => ("请先填写个人资料再报名。", "Fill in your profile before applying."),
        "application_exists" => ("您已经报名了这个岗位。", "You have already applied to this posting."),
        "job_work_ended" => (
            "这份工作的结束日期已过，不能发布；请修改工作日期后再发布。",
            "The work in this posting has already ended; change its dates before publishing it.",
        ),
        "job_full" => ("该岗位已经招满。", "This posting has no openings left."),
        "interview_in_past" => ("面试时间必须在将来。", "The interview must be in the future."),
        // Courses
        "course_transition_not_allowed" => {
            ("课程当前的状态不能进行此操作。", "The course cannot do this in its current status.")
        }
        "course_not_open" => ("这个课程现在不招生。", "This course is not taking enrolments now."),
        "course_full" => ("这个课程已经报满了。", "This course is full."),
        "enrollment_exists" => ("您已经报名了这个课程。", "You are already enrolled on this course."),
        "capacity_out_of_range" => {
            ("招生人数应在 1 到 1000 之间。", "The capacity must be 1 to 1,000 seats.")
        }
        "capacity_below_taken" => (
            "招生人数不能少于已经报名的人数。",
            "The capacity cannot be lower than the number of seats already taken.",
        ),
        "hours_out_of_range" => ("课时应在 1 到 2000 之间。", "A course lasts 1 to 2,000 class hours."),
        "subsidy_amount_required" => {
            ("可以享受培训补贴的课程，请填写补贴金额。", "For a subsidised course, enter the subsidy amount.")
        }
        "subsidy_amount_not_allowed" => {
            ("不享受培训补贴的课程不能填写补贴金额。", "A course without the subsidy has no subsidy amount.")
        }
        "ordering_employer_required" => (
            "订单式培训请填写下订单的用人单位。",
            "An order-based course names the employer that ordered it.",
        ),
        "ordering_employer_not_allowed" => (
            "只有订单式培训才填写下订单的用人单位。",
            "Only an order-based course names an ordering employer.",
        ),
        "ordering_employer_invalid" => (
            "下订单的用人单位不存在或尚未通过人社局审核。",
            "The ordering employer is not an employer verified by the labour bureau.",
        ),
        "role_invalid" => {
            ("角色必须是 worker、employer 或 school。", "The role must be worker, employer or school.")
        }
        // Marketplace
        "date_invalid" => ("日期不对。", "This is not a real date."),
        "id_number_required" => ("请填写身份证号。", "Enter the ID card number."),
        "id_number_invalid_format" => (
            "身份证号应为 18 位，最后一位可以是 X。",
            "An ID card number has 18 characters: 17 digits and a last digit or X.",
        ),
        "id_number_invalid_date" => {
            ("身份证号里的出生日期不对。", "The birth date in the ID card number is not valid.")
        }
        "id_number_bad_checksum" => {
            ("身份证号不对，请再核对一遍。", "This ID card number is not valid; please check it.")
        }
        "uscc_required" => ("请填写统一社会信用代码。", "Enter the unified social credit code."),
        "uscc_invalid_format" => (
            "统一社会信用代码应为 18 位数字或字母。",
            "A unified social credit code has 18 digits or capital letters (no I, O, S, V or Z).",
        ),
        "uscc_bad_checksum" => (
            "统一社会信用代码不对，请对照营业执照核对。",
            "This unified social credit code is not valid; check it against the business licence.",
        ),
        "lat_out_of_range" => ("位置不对：纬度应在 -90 到 90 之间。", "Latitude must be between -90 and 90."),
        "lng_out_of_range" => {
            ("位置不对：经度应在 -180 到 180 之间。", "Longitude must be between -180 and 180.")
        }
        "occupation_code_invalid" => {
            ("职业代码不对，例如 6-29-01-01。", "The occupation code must look like 6-29-01-01.")
        }
        "skill_level_out_of_range" => ("技能等级应为 1 到 5。", "The skill level must be 1 to 5."),
        "money_invalid" => {
            ("金额不对，请填数字，最多两位小数。", "Enter an amount in yuan with at most two decimals.")
        }
        "money_negative" => ("金额不能是负数。", "The amount cannot be negative."),
        "money_too_large" => ("金额不能超过 100 万元。", "The amount cannot be more than 1,000,000 yuan."),
        "pay_min_required" => ("请填写工资，要大于 0。", "Enter the pay; it must be more than zero."),
        "pay_max_below_min" => {
            ("最高工资不能比最低工资少。", "The highest pay cannot be less than the lowest.")
        }
        "pay_piece_estimate_required" => (
            "计件工资请填写一天大约能挣多少钱。",
            "For piece rates, enter about how much a worker earns in a day.",
        ),
        "wage_floor_unit_invalid" => {
            ("期望工资请按小时、天或月填写。", "Enter the lowest wage per hour, day or month.")
        }
        "transition_not_allowed" => ("现在不能进行这一步。", "This step is not possible at this stage."),
        "transition_not_yours" => ("这一步不能由您来做。", "This step is not yours to take."),
        "interview_details_required" => ("请填写面试时间和地点。", "Enter the interview time and place."),
        "interview_place_too_long" => {
            ("面试地点太长，最多 200 个字。", "The interview place can have at most 200 characters.")
        }
        "certificate_no_required" => ("请填写证书编号。", "Enter the certificate number."),
        "certificate_no_invalid" => {
            ("证书编号不对，最多 64 个字。", "The certificate number must be 1 to 64 visible characters.")
        }
        "screen_deposit" => (
            "这条招聘要求交押金或保证金，法律不允许。",
            "This posting asks workers for a deposit, which the law forbids.",
        ),
        "screen_fee" => (
            "这条招聘要求交钱（如体检费、培训费），请小心。",
            "This posting asks workers to pay fees (for example for a medical check or training). Be careful.",
        ),
        "screen_training_loan" => (
            "这条招聘涉及培训贷款，请小心。",
            "This posting involves a loan to pay for training. Be careful.",
        ),
        "screen_id_retention" => (
            "这条招聘要扣押身份证，法律不允许。",
            "This posting asks to keep workers' ID cards, which the law forbids.",
        ),
        _ => return None,
    };
    Some(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// A short title for an HTTP status, for the `title` member of a problem.
pub fn status_title(status: u16, lang: Lang) -> &'static str {
    let (zh, en) = match status {
        400 => ("请求无效", "Bad Request"),
        401 => ("未登录", "Unauthorized"),
        403 => ("无权操作", "Forbidden"),
        404 => ("未找到", "Not Found"),
        405 => ("方法不允许", "Method Not Allowed"),
        408 => ("请求超时", "Request Timeout"),
        409 => ("冲突", "Conflict"),
        413 => ("内容过大", "Content Too Large"),
        415 => ("不支持的内容类型", "Unsupported Media Type"),
        422 => ("无法处理的内容", "Unprocessable Content"),
        429 => ("请求过多", "Too Many Requests"),
        503 => ("服务不可用", "Service Unavailable"),
        504 => ("处理超时", "Gateway Timeout"),
        s if s >= 500 => ("服务器错误", "Internal Server Error"),
        _ => ("错误", "Error"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language() {
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("mn-MN, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0.2, zh;q=0.7"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Zh);
    }

    #[test]
    fn every_message_has_both_languages() {
        for code in ["not_found", "phone_invalid", "rate_limited"] {
            assert_ne!(message(code, Lang::Zh), message(code, Lang::En));
        }
        assert_eq!(message("no_such_code", Lang::En), None);
    }
}
