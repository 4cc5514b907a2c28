//! Validation of `[risk.linkage]` (cross-account linkage signals, `risk::linkage`).

use super::signals::count;
use super::Errs;
use crate::config::raw::RawLinkage;
use crate::config::LinkageSettings;

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
    }
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
            }
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
