//! Validation of `[risk.linkage]` (cross-account linkage signals, `risk::linkage`).

use super::signals::count;
use super::Errs;
use crate::config::raw::RawLinkage;
use crate::config::{GiftSettings, LinkageSettings};

/// `[risk.linkage]`; unset signals stay off.
pub(super) fn linkage(raw: RawLinkage, e: &mut Errs) -> LinkageSettings {
    let f = |name: &str| format!("risk.linkage.{name}");
    LinkageSettings {
        max_users_per_mailbox: count(raw.max_users_per_mailbox, &f("max_users_per_mailbox"), e),
        household_users_per_mailbox: count(
            raw.household_users_per_mailbox,
            &f("household_users_per_mailbox"),
            e,
        ),
        cookieless_spread: count(raw.cookieless_spread, &f("cookieless_spread"), e),
        gift: gift(
            [
                raw.gift_max_orders,
                raw.gift_min_usd,
                raw.gift_device_minutes,
            ],
            e,
        ),
    }
}

/// `[risk.linkage] gift_*`: all three or none (`gift_device_minutes` may be 0).
fn gift([orders, usd, minutes]: [Option<i64>; 3], e: &mut Errs) -> Option<GiftSettings> {
    let fields = [
        (orders, "risk.linkage.gift_max_orders", 1),
        (usd, "risk.linkage.gift_min_usd", 1),
        (minutes, "risk.linkage.gift_device_minutes", 0),
    ];
    if fields.iter().all(|(v, _, _)| v.is_none()) {
        return None;
    }
    let mut get = |(v, field, min): (Option<i64>, &str, i64)| match v {
        Some(n) if n >= min && n <= i64::from(u32::MAX) => Some(n as u32),
        Some(n) => {
            let what = if min == 0 { "non-negative" } else { "positive" };
            e.add(field, format!("must be {what} (got {n})"));
            None
        }
        None => {
            e.add(
                field,
                "gift_max_orders, gift_min_usd and gift_device_minutes go together",
            );
            None
        }
    };
    let (orders, usd, minutes) = (get(fields[0]), get(fields[1]), get(fields[2]));
    Some(GiftSettings {
        max_orders: orders?,
        min_usd: usd?,
        min_device_secs: u64::from(minutes?) * 60,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, LinkageSettings};

    const ROUTES: &str =
        "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n";

    #[test]
    fn linkage_is_off_by_default_and_read_when_set() {
        let c = parse(&format!("[risk]\nmodel=\"m.onnx\"\n{ROUTES}"), "t.toml").unwrap();
        assert_eq!(c.risk.unwrap().signals.linkage, LinkageSettings::default());
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nmax_users_per_mailbox=2\n\
             household_users_per_mailbox=3\ncookieless_spread=3\n{ROUTES}"
        );
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(
            r.signals.linkage,
            LinkageSettings {
                max_users_per_mailbox: Some(2),
                household_users_per_mailbox: Some(3),
                cookieless_spread: Some(3),
                gift: None,
            }
        );
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\ngift_max_orders=6\ngift_min_usd=10\n\
             gift_device_minutes=0\n{ROUTES}"
        );
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(
            r.signals.linkage.gift,
            Some(crate::config::GiftSettings {
                max_orders: 6,
                min_usd: 10,
                min_device_secs: 0,
            })
        );
    }

    #[test]
    fn gift_settings_go_together_and_name_field_and_line() {
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\ngift_max_orders=0\ngift_min_usd=10\n\
             gift_device_minutes=-1\n{ROUTES}"
        );
        let err = parse(&src, "t.toml").unwrap_err();
        let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
        assert_eq!(
            got,
            [
                "t.toml:4: risk.linkage.gift_max_orders: must be positive (got 0)",
                "t.toml:6: risk.linkage.gift_device_minutes: must be non-negative (got -1)",
            ]
        );
        let src = format!("[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\ngift_min_usd=10\n{ROUTES}");
        let err = parse(&src, "t.toml").unwrap_err();
        let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].contains("risk.linkage.gift_max_orders: gift_max_orders, gift_min_usd and"),
            "{got:?}"
        );
    }

    #[test]
    fn bad_linkage_settings_name_field_and_line() {
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nmax_users_per_mailbox=0\n\
             cookieless_spread=-2\nhousehold_users_per_mailbox=0\n{ROUTES}"
        );
        let err = parse(&src, "t.toml").unwrap_err();
        let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
        assert_eq!(
            got,
            [
                "t.toml:4: risk.linkage.max_users_per_mailbox: must be positive (got 0)",
                "t.toml:5: risk.linkage.cookieless_spread: must be positive (got -2)",
                "t.toml:6: risk.linkage.household_users_per_mailbox: must be positive (got 0)",
            ]
        );
        let unknown = format!("[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nvibes=1\n{ROUTES}");
        assert!(parse(&unknown, "t.toml").is_err());
    }
}
