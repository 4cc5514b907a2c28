//! Validation of `[risk.linkage]` (cross-account linkage signals, `risk::linkage`).

use super::signals::count;
use super::Errs;
use crate::config::raw::RawLinkage;
use crate::config::{GiftSettings, LinkageSettings, RepeatSpend, SmallAmountSpread, Spree};

/// Default of `small_amount_max_usd`: the lowest card of the common brands is 5-10 USD,
/// EUR or GBP (10 GBP ≈ 12.7 USD); 15 keeps those and leaves the 20-25 cards out.
const SMALL_AMOUNT_MAX_USD: u32 = 15;

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
        account_spread: count(raw.account_spread, &f("account_spread"), e),
        small_amount_spread: small_amount_spread(&raw, e),
        gift: gift(
            [
                raw.gift_max_orders,
                raw.gift_min_usd,
                raw.gift_device_minutes,
            ],
            e,
        ),
        repeat_spend: repeat_spend(&raw, e),
        spree: spree(&raw, e),
        network_hop_min_usd: count(raw.network_hop_min_usd, &f("network_hop_min_usd"), e),
    }
}

/// Default of `repeat_spend_device_minutes`: a cash-out's orders come minutes after its
/// browser first reached the shop; an hour covers the slowest of them.
const REPEAT_SPEND_DEVICE_MINUTES: i64 = 60;

/// `repeat_spend_min_usd` with its device age; the age alone is an error (it would do
/// nothing).
fn repeat_spend(raw: &RawLinkage, e: &mut Errs) -> Option<RepeatSpend> {
    let min_usd = count(
        raw.repeat_spend_min_usd,
        "risk.linkage.repeat_spend_min_usd",
        e,
    );
    let field = "risk.linkage.repeat_spend_device_minutes";
    let minutes = count(raw.repeat_spend_device_minutes, field, e);
    if raw.repeat_spend_min_usd.is_none() && raw.repeat_spend_device_minutes.is_some() {
        e.add(
            field,
            "has no effect without repeat_spend_min_usd".to_string(),
        );
    }
    min_usd.map(|min_usd| RepeatSpend {
        min_usd,
        device_secs: minutes.map_or(REPEAT_SPEND_DEVICE_MINUTES as u64, u64::from) * 60,
    })
}

/// Default of `spree_max_quantity`: a few cards at once is a buyer's basket; a company
/// buying staff rewards orders many.
const SPREE_MAX_QUANTITY: u32 = 3;

/// `spree_min_usd` with its basket cap. It reads `repeat_spend`'s count of the account's
/// orders of at least `repeat_spend_min_usd`, so it needs that, and an amount below it
/// (the order itself would not be counted) is an error; the cap alone does nothing.
fn spree(raw: &RawLinkage, e: &mut Errs) -> Option<Spree> {
    let field = "risk.linkage.spree_min_usd";
    let min_usd = count(raw.spree_min_usd, field, e);
    let cap_field = "risk.linkage.spree_max_quantity";
    let max_quantity = count(raw.spree_max_quantity, cap_field, e);
    if raw.spree_min_usd.is_none() && raw.spree_max_quantity.is_some() {
        e.add(cap_field, "has no effect without spree_min_usd".to_string());
    }
    let min_usd = min_usd?;
    match raw.repeat_spend_min_usd {
        None => {
            e.add(
                field,
                "needs repeat_spend_min_usd (it counts the account's orders of at least that \
                 amount)"
                    .to_string(),
            );
            return None;
        }
        Some(base) if i64::from(min_usd) < base => {
            e.add(
                field,
                format!("must be at least repeat_spend_min_usd ({base}), got {min_usd}"),
            );
            return None;
        }
        Some(_) => {}
    }
    Some(Spree {
        min_usd,
        max_quantity: max_quantity.unwrap_or(SPREE_MAX_QUANTITY),
    })
}

/// `small_amount_spread` with its cap; the cap alone is an error (it would do nothing).
fn small_amount_spread(raw: &RawLinkage, e: &mut Errs) -> Option<SmallAmountSpread> {
    let field = "risk.linkage.small_amount_max_usd";
    let max_usd = count(raw.small_amount_max_usd, field, e);
    let accounts = count(
        raw.small_amount_spread,
        "risk.linkage.small_amount_spread",
        e,
    );
    if accounts.is_none() && raw.small_amount_spread.is_none() && max_usd.is_some() {
        e.add(
            field,
            "has no effect without small_amount_spread".to_string(),
        );
    }
    accounts.map(|accounts| SmallAmountSpread {
        accounts,
        max_usd: max_usd.unwrap_or(SMALL_AMOUNT_MAX_USD),
    })
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
    use crate::config::{parse, LinkageSettings, SmallAmountSpread};

    const ROUTES: &str =
        "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n";

    /// Every error of `src` rendered with its file and line (none when it parses).
    fn errors(src: &str) -> Vec<String> {
        match parse(src, "t.toml") {
            Ok(_) => Vec::new(),
            Err(e) => e.errors.iter().map(|e| e.render("t.toml")).collect(),
        }
    }

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
                account_spread: None,
                small_amount_spread: None,
                gift: None,
                repeat_spend: None,
                spree: None,
                network_hop_min_usd: None,
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
        let got = errors(&src);
        assert_eq!(
            got,
            [
                "t.toml:4: risk.linkage.gift_max_orders: must be positive (got 0)",
                "t.toml:6: risk.linkage.gift_device_minutes: must be non-negative (got -1)",
            ]
        );
        let src = format!("[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\ngift_min_usd=10\n{ROUTES}");
        let got = errors(&src);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].contains("risk.linkage.gift_max_orders: gift_max_orders, gift_min_usd and"),
            "{got:?}"
        );
    }

    #[test]
    fn repeat_spend_is_read_with_the_default_device_age_and_errors_name_field_and_line() {
        let src =
            format!("[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nrepeat_spend_min_usd=100\n{ROUTES}");
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(
            r.signals.linkage.repeat_spend,
            Some(crate::config::RepeatSpend {
                min_usd: 100,
                device_secs: 3600
            })
        );
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nrepeat_spend_min_usd=150\n\
             repeat_spend_device_minutes=20\n{ROUTES}"
        );
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(
            r.signals
                .linkage
                .repeat_spend
                .map(|s| (s.min_usd, s.device_secs)),
            Some((150, 1200))
        );
        let src =
            format!("[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nrepeat_spend_min_usd=0\n{ROUTES}");
        let got = errors(&src);
        assert_eq!(
            got,
            ["t.toml:4: risk.linkage.repeat_spend_min_usd: must be positive (got 0)"]
        );
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nrepeat_spend_device_minutes=30\n{ROUTES}"
        );
        let got = errors(&src);
        assert_eq!(
            got,
            ["t.toml:4: risk.linkage.repeat_spend_device_minutes: has no effect without repeat_spend_min_usd"]
        );
    }

    #[test]
    fn spree_is_read_with_the_default_basket_and_errors_name_field_and_line() {
        let head = "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nrepeat_spend_min_usd=100\n";
        let r = parse(&format!("{head}spree_min_usd=150\n{ROUTES}"), "t.toml")
            .unwrap()
            .risk
            .unwrap();
        assert_eq!(
            r.signals.linkage.spree,
            Some(crate::config::Spree {
                min_usd: 150,
                max_quantity: 3
            })
        );
        let src = format!("{head}spree_min_usd=200\nspree_max_quantity=1\n{ROUTES}");
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(
            r.signals.linkage.spree.map(|s| (s.min_usd, s.max_quantity)),
            Some((200, 1))
        );
        assert_eq!(
            errors(&format!("{head}spree_min_usd=0\n{ROUTES}")),
            ["t.toml:5: risk.linkage.spree_min_usd: must be positive (got 0)"]
        );
        assert_eq!(
            errors(&format!("{head}spree_min_usd=50\n{ROUTES}")),
            ["t.toml:5: risk.linkage.spree_min_usd: must be at least repeat_spend_min_usd (100), got 50"]
        );
        assert_eq!(
            errors(&format!("{head}spree_max_quantity=3\n{ROUTES}")),
            ["t.toml:5: risk.linkage.spree_max_quantity: has no effect without spree_min_usd"]
        );
        assert_eq!(
            errors(&format!(
                "{head}spree_min_usd=150\nspree_max_quantity=-1\n{ROUTES}"
            )),
            ["t.toml:6: risk.linkage.spree_max_quantity: must be positive (got -1)"]
        );
        let src = format!("[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nspree_min_usd=150\n{ROUTES}");
        assert_eq!(
            errors(&src),
            ["t.toml:4: risk.linkage.spree_min_usd: needs repeat_spend_min_usd (it counts the account's orders of at least that amount)"]
        );
    }

    #[test]
    fn network_hop_is_read_and_errors_name_field_and_line() {
        let src =
            format!("[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nnetwork_hop_min_usd=60\n{ROUTES}");
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(r.signals.linkage.network_hop_min_usd, Some(60));
        for bad in ["0", "-5"] {
            let src = format!(
                "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nnetwork_hop_min_usd={bad}\n{ROUTES}"
            );
            assert_eq!(
                errors(&src),
                [format!(
                    "t.toml:4: risk.linkage.network_hop_min_usd: must be positive (got {bad})"
                )]
            );
        }
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nnetwork_hop_min_usd=\"60\"\n{ROUTES}"
        );
        assert!(parse(&src, "t.toml").is_err(), "a string is refused");
    }

    #[test]
    fn spread_signals_are_read_with_the_default_cap() {
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\naccount_spread=3\nsmall_amount_spread=4\n{ROUTES}"
        );
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(r.signals.linkage.account_spread, Some(3));
        assert_eq!(
            r.signals.linkage.small_amount_spread,
            Some(SmallAmountSpread {
                accounts: 4,
                max_usd: 15
            })
        );
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nsmall_amount_spread=4\n\
             small_amount_max_usd=8\n{ROUTES}"
        );
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(
            r.signals.linkage.small_amount_spread,
            Some(SmallAmountSpread {
                accounts: 4,
                max_usd: 8
            })
        );
    }

    #[test]
    fn bad_spread_settings_name_field_and_line() {
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\naccount_spread=0\n\
             small_amount_max_usd=-1\nsmall_amount_spread=0\n{ROUTES}"
        );
        let got = errors(&src);
        assert_eq!(
            got,
            [
                "t.toml:4: risk.linkage.account_spread: must be positive (got 0)",
                "t.toml:5: risk.linkage.small_amount_max_usd: must be positive (got -1)",
                "t.toml:6: risk.linkage.small_amount_spread: must be positive (got 0)",
            ]
        );
        let src =
            format!("[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nsmall_amount_max_usd=10\n{ROUTES}");
        let got = errors(&src);
        assert_eq!(
            got,
            ["t.toml:4: risk.linkage.small_amount_max_usd: has no effect without small_amount_spread"]
        );
    }

    #[test]
    fn bad_linkage_settings_name_field_and_line() {
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.linkage]\nmax_users_per_mailbox=0\n\
             cookieless_spread=-2\nhousehold_users_per_mailbox=0\n{ROUTES}"
        );
        let got = errors(&src);
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
