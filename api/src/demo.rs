//! `serve --demo`: demo accounts, created once (idempotently) and printed at start-up, so
//! a new user can try every role at once.

use laowu_domain::{Password, Phone, Role};

use crate::error::ApiError;
use crate::services::auth;
use crate::state::AppState;

/// The demo password of every demo account.
pub const DEMO_PASSWORD: &str = "laowu-demo-2026";

pub const DEMO_ACCOUNTS: &[(&str, Role, &str)] = &[
    ("13900000001", Role::Worker, "worker 务工人员"),
    ("13900000002", Role::Employer, "employer 用工单位"),
    ("13900000003", Role::School, "training school 培训学校"),
    ("13900000004", Role::Admin, "labour bureau 人社局"),
];

/// Creates the demo accounts that do not exist yet.
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    for (phone, role, _) in DEMO_ACCOUNTS {
        let phone = Phone::parse(phone)?;
        let password = Password::parse(DEMO_PASSWORD, Some(&phone))?;
        match auth::create_account(state, phone, password, *role).await {
            Ok(_) | Err(ApiError::Conflict(_)) => {}
            Err(e) => return Err(anyhow::anyhow!("creating a demo account: {e}")),
        }
    }
    Ok(())
}

/// The lines printed at start-up.
pub fn logins() -> String {
    let mut out = format!("Demo logins (password for all: {DEMO_PASSWORD}):\n");
    for (phone, _, what) in DEMO_ACCOUNTS {
        out.push_str(&format!("  {phone}  {what}\n"));
    }
    out
}
