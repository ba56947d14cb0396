//! Which counters a login or a registration attempt is counted against, and under which
//! rule (docs/operations.md, "Login throttling").
//!
//! A login attempt counts, before the password is checked, against:
//!
//! 1. its **(phone, address)** pair: `pair_free_attempts` back to back, then waits of
//!    `backoff_base_secs` doubling up to `backoff_max_secs`. A correct password clears it.
//!    Someone guessing from one address therefore holds back only that address: the owner
//!    elsewhere logs in as usual.
//! 2. its **phone number**, from all addresses: `phone_max_attempts` per
//!    `phone_window_secs`, so guessing from many addresses stops too. A success takes its
//!    own attempt back, so only failures use this up.
//! 3. its **address**, for all phone numbers: `ip_max_attempts` per `ip_window_secs`, high
//!    enough for a carrier's NAT. Every attempt counts here.
//!
//! An attempt refused by a later counter is taken back from the earlier ones, so refused
//! attempts cost nobody anything. Unknown phone numbers are counted exactly like known
//! ones (the keys use the phone's lookup hash, which exists either way).
//!
//! IPv6 addresses are counted by their /64 prefix — one subscriber usually holds a whole
//! /64 — and IPv4-mapped IPv6 addresses as IPv4.

use std::net::{IpAddr, Ipv6Addr};

use chrono::{DateTime, Duration, Utc};
use laowu_domain::throttle::Backoff;
use sea_orm::DatabaseConnection;

use crate::config::ThrottleConfig;
use crate::error::{ApiError, ApiResult};
use crate::store::throttle::{self, Rule};

/// The counters of one attempt: their keys and rules, in the order they are checked.
pub struct Attempt {
    counters: Vec<(String, Rule)>,
    /// The key a success clears (logins only).
    pair: Option<String>,
    /// The key a success takes its attempt back from (logins only).
    phone: Option<String>,
}

/// How an address is counted: IPv4 as is, IPv6 by its /64.
pub fn address_key(ip: Option<IpAddr>) -> String {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        None => "unknown".to_owned(),
    }
}

impl Attempt {
    /// A login for the phone with lookup hash `phone` from `ip`.
    pub fn login(config: &ThrottleConfig, phone: &str, ip: Option<IpAddr>) -> Attempt {
        let addr = address_key(ip);
        let pair = format!("login:pair:{phone}:{addr}");
        let backoff = Rule::Backoff {
            schedule: Backoff {
                free: config.pair_free_attempts,
                base_secs: config.backoff_base_secs,
                max_secs: config.backoff_max_secs,
            },
            forget: Duration::seconds(config.pair_forget_secs),
        };
        let phone = login_phone_key(phone);
        let mut counters = vec![
            (pair.clone(), backoff),
            (
                phone.clone(),
                Rule::Ceiling {
                    max: config.phone_max_attempts,
                    window: Duration::seconds(config.phone_window_secs),
                },
            ),
        ];
        if ip.is_some() {
            counters.push((
                format!("login:addr:{addr}"),
                Rule::Ceiling {
                    max: config.ip_max_attempts,
                    window: Duration::seconds(config.ip_window_secs),
                },
            ));
        }
        Attempt { counters, pair: Some(pair), phone: Some(phone) }
    }

    /// A registration for the phone with lookup hash `phone` from `ip`.
    pub fn registration(config: &ThrottleConfig, phone: &str, ip: Option<IpAddr>) -> Attempt {
        let window = Duration::seconds(config.register_window_secs);
        let mut counters = Vec::new();
        if ip.is_some() {
            counters.push((
                format!("register:addr:{}", address_key(ip)),
                Rule::Ceiling { max: config.register_ip_max, window },
            ));
        }
        counters.push((
            format!("register:phone:{phone}"),
            Rule::Ceiling { max: config.register_phone_max, window },
        ));
        Attempt { counters, pair: None, phone: None }
    }

    /// Counts the attempt against every counter, or refuses it with 429 and the time until
    /// the refusing counter allows one again. A refused attempt is not counted anywhere.
    pub async fn admit(&self, db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<()> {
        for (i, (key, rule)) in self.counters.iter().enumerate() {
            if let Some(until) = throttle::admit(db, key, rule, now).await? {
                for (earlier, _) in &self.counters[..i] {
                    throttle::give_back(db, earlier).await?;
                }
                let retry_after = ((until - now).num_milliseconds().max(1000) + 999) as u64 / 1000;
                return Err(ApiError::RateLimited { retry_after });
            }
        }
        Ok(())
    }

    /// Takes the attempt back from every counter (it was never carried out).
    pub async fn give_back(&self, db: &DatabaseConnection) -> ApiResult<()> {
        for (key, _) in &self.counters {
            throttle::give_back(db, key).await?;
        }
        Ok(())
    }

    /// After a correct password: clears the (phone, address) pair and takes this attempt
    /// back from the phone's ceiling, which thereby counts failures only (the owner's own
    /// logins never use it up). The address ceiling keeps it: otherwise someone could
    /// keep their address under its ceiling by logging into an account of their own
    /// between guesses.
    pub async fn succeeded(&self, db: &DatabaseConnection) -> ApiResult<()> {
        if let Some(pair) = &self.pair {
            throttle::clear(db, pair).await?;
        }
        if let Some(phone) = &self.phone {
            throttle::give_back(db, phone).await?;
        }
        Ok(())
    }
}

fn login_phone_key(phone: &str) -> String {
    format!("login:phone:{phone}")
}

/// Lifts every login block on the phone with lookup hash `phone`: its ceiling and the
/// backoff of each of its (phone, address) pairs.
pub async fn clear_phone(db: &DatabaseConnection, phone: &str) -> ApiResult<()> {
    throttle::clear(db, &login_phone_key(phone)).await?;
    throttle::clear_prefix(db, &format!("login:pair:{phone}:")).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_counted_by_subscriber() {
        assert_eq!(address_key(Some("203.0.113.7".parse().unwrap())), "203.0.113.7");
        assert_eq!(address_key(Some("::ffff:203.0.113.7".parse().unwrap())), "203.0.113.7");
        let a = address_key(Some("2001:db8:1:2:aaaa::1".parse().unwrap()));
        let b = address_key(Some("2001:db8:1:2:bbbb:cccc:dddd:eeee".parse().unwrap()));
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, b, "one /64, one counter");
        assert_ne!(a, address_key(Some("2001:db8:1:3::1".parse().unwrap())));
        assert_eq!(address_key(None), "unknown");
    }

    #[test]
    fn keys_fit_the_column() {
        let phone = "f".repeat(64);
        let ip: IpAddr = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap();
        let c = ThrottleConfig::default();
        for a in [Attempt::login(&c, &phone, Some(ip)), Attempt::registration(&c, &phone, Some(ip))] {
            assert!(a.counters.iter().all(|(k, _)| k.len() <= 200));
        }
    }
}
