//! Tests of `Lists` through its public operations, on files in a temporary directory.

use super::*;
use crate::lists::HitReason;
use std::fs;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

pub(super) const NOW: u64 = 1_700_000_000;
pub(super) const DEV: &str = "0123456789abcdef0123456789abcdef";

pub(super) fn lists_in(dir: &Path) -> Lists {
    Lists::load(ListPaths::in_dir(dir)).unwrap()
}

pub(super) fn by(reason: Option<&str>, ttl: Option<Duration>) -> NewEntry<'_> {
    NewEntry {
        ttl,
        reason,
        added_by: "admin",
    }
}

pub(super) fn ip(s: &str) -> Option<IpAddr> {
    Some(s.parse().unwrap())
}

pub(super) fn code(l: &Lists, q: ListQuery<'_>, now: u64) -> Option<&'static str> {
    l.check(&q, now).map(|h| h.code.as_str())
}

pub(super) fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_kind_hits_with_its_reason_code() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    let none = by(None, None);
    l.add(
        ListName::Block,
        ListKind::Ip,
        "203.0.113.0/24",
        &by(Some("dc range"), None),
        NOW,
    )
    .unwrap();
    l.add(ListName::Block, ListKind::Ip, "2001:db8::/48", &none, NOW)
        .unwrap();
    l.add(ListName::Block, ListKind::Device, DEV, &none, NOW)
        .unwrap();
    l.add(ListName::Block, ListKind::User, "Mallory", &none, NOW)
        .unwrap();
    l.add(
        ListName::Block,
        ListKind::Email,
        "Fraud@Example.com",
        &none,
        NOW,
    )
    .unwrap();
    l.add(
        ListName::Block,
        ListKind::EmailDomain,
        "mailinator.com",
        &none,
        NOW,
    )
    .unwrap();
    let cases: &[(ListQuery<'_>, Option<&str>)] = &[
        (
            ListQuery {
                ip: ip("203.0.113.9"),
                ..Default::default()
            },
            Some("blacklist_ip"),
        ),
        (
            ListQuery {
                ip: ip("::ffff:203.0.113.9"),
                ..Default::default()
            },
            Some("blacklist_ip"),
        ),
        (
            ListQuery {
                ip: ip("2001:db8:0:1::1"),
                ..Default::default()
            },
            Some("blacklist_ip"),
        ),
        (
            ListQuery {
                ip: ip("2001:db8:1::1"),
                ..Default::default()
            },
            None,
        ),
        (
            ListQuery {
                device: Some(&DEV.to_uppercase()),
                ..Default::default()
            },
            Some("blacklist_device"),
        ),
        (
            ListQuery {
                device: Some("not-a-device"),
                ..Default::default()
            },
            None,
        ),
        (
            ListQuery {
                user: Some("Mallory"),
                ..Default::default()
            },
            Some("blacklist_user"),
        ),
        (
            ListQuery {
                user: Some("mallory"),
                ..Default::default()
            },
            None,
        ),
        (
            ListQuery {
                email: Some(" FRAUD@example.COM "),
                ..Default::default()
            },
            Some("blacklist_email"),
        ),
        (
            ListQuery {
                email: Some("a@mailinator.com"),
                ..Default::default()
            },
            Some("blacklist_email"),
        ),
        (
            ListQuery {
                email: Some("a@EU.Mailinator.com."),
                ..Default::default()
            },
            Some("blacklist_email"),
        ),
        (
            ListQuery {
                email: Some("a@notmailinator.com"),
                ..Default::default()
            },
            None,
        ),
        (
            ListQuery {
                email: Some("no-at-sign"),
                ..Default::default()
            },
            None,
        ),
        (
            ListQuery {
                ip: ip("192.0.2.1"),
                user: Some("alice"),
                ..Default::default()
            },
            None,
        ),
    ];
    for (q, want) in cases {
        assert_eq!(code(&l, *q, NOW), *want, "{q:?}");
    }
    let h = l
        .check(
            &ListQuery {
                ip: ip("203.0.113.1"),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
    assert_eq!((h.kind, h.code), (ListKind::Ip, HitReason::BlacklistIp));
    assert_eq!(h.entry_reason.as_deref(), Some("dc range"));
    let h = l.check(
        &ListQuery {
            email: Some("x@mailinator.com"),
            ..Default::default()
        },
        NOW,
    );
    assert_eq!(h.map(|h| h.kind), Some(ListKind::EmailDomain));
}

#[test]
fn allow_list_holds_ips_and_users_only() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    l.add(
        ListName::Allow,
        ListKind::Ip,
        "192.0.2.0/28",
        &by(None, None),
        NOW,
    )
    .unwrap();
    l.add(
        ListName::Allow,
        ListKind::User,
        "monitor",
        &by(None, None),
        NOW,
    )
    .unwrap();
    let cases = [
        (
            ListQuery {
                ip: ip("192.0.2.15"),
                ..Default::default()
            },
            true,
        ),
        (
            ListQuery {
                ip: ip("::ffff:192.0.2.3"),
                ..Default::default()
            },
            true,
        ),
        (
            ListQuery {
                ip: ip("192.0.2.16"),
                ..Default::default()
            },
            false,
        ),
        (
            ListQuery {
                ip: ip("198.51.100.1"),
                user: Some("monitor"),
                ..Default::default()
            },
            true,
        ),
        (
            ListQuery {
                user: Some("Monitor"),
                ..Default::default()
            },
            false,
        ),
    ];
    for (q, want) in cases {
        assert_eq!(l.is_allowed(&q, NOW), want, "{q:?}");
    }
    // Allowed is not blocked: the two lists are independent.
    assert_eq!(
        code(
            &l,
            ListQuery {
                ip: ip("192.0.2.15"),
                ..Default::default()
            },
            NOW
        ),
        None
    );
    let err = l
        .add(ListName::Allow, ListKind::Device, DEV, &by(None, None), NOW)
        .unwrap_err();
    assert!(matches!(
        err,
        ListError::Unsupported {
            list: ListName::Allow,
            kind: ListKind::Device
        }
    ));
}

#[test]
fn invalid_input_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    let cases: &[(ListKind, &str, NewEntry<'_>)] = &[
        (ListKind::Ip, "10.0.0.0/33", by(None, None)),
        (ListKind::Email, "nobody", by(None, None)),
        (ListKind::Device, "abc", by(None, None)),
        (ListKind::Ip, "10.0.0.1", by(Some("two\nlines"), None)),
        (
            ListKind::Ip,
            "10.0.0.1",
            NewEntry {
                ttl: None,
                reason: None,
                added_by: "a b",
            },
        ),
        (ListKind::Ip, "10.0.0.1", by(None, Some(Duration::ZERO))),
    ];
    for (kind, value, new) in cases {
        let err = l.add(ListName::Block, *kind, value, new, NOW).unwrap_err();
        assert!(
            matches!(err, ListError::Invalid { .. }),
            "{kind} {value}: {err}"
        );
    }
    assert!(dir_names(dir.path()).is_empty());
}

#[test]
fn report_blocks_every_identity_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    let ids = ListQuery {
        ip: ip("::ffff:198.51.100.7"),
        device: Some(DEV),
        user: Some("mallory"),
        email: Some("M@Example.com"),
    };
    let new = NewEntry {
        ttl: Some(Duration::from_secs(600)),
        reason: Some("order o-1 chargeback"),
        added_by: "report",
    };
    let bad = ListQuery {
        email: Some("not-an-email"),
        ..ids
    };
    assert!(matches!(
        l.report(&bad, &new, NOW),
        Err(ListError::Invalid {
            kind: ListKind::Email,
            ..
        })
    ));
    assert!(dir_names(dir.path()).is_empty(), "nothing written");
    let stored = l.report(&ids, &new, NOW).unwrap();
    let values: Vec<&str> = stored.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["198.51.100.7", DEV, "mallory", "m@example.com"]);
    assert!(stored
        .iter()
        .all(|v| v.expires_at == Some(NOW + 600) && v.added_by.as_deref() == Some("report")));
    for q in [
        ListQuery {
            ip: ip("198.51.100.7"),
            ..Default::default()
        },
        ListQuery {
            device: Some(DEV),
            ..Default::default()
        },
        ListQuery {
            user: Some("mallory"),
            ..Default::default()
        },
        ListQuery {
            email: Some("m@example.com"),
            ..Default::default()
        },
    ] {
        assert!(l.check(&q, NOW).is_some(), "{q:?}");
        assert!(l.check(&q, NOW + 600).is_none(), "{q:?} expired");
    }
    assert_eq!(l.report(&ListQuery::default(), &new, NOW).unwrap(), []);
}

#[test]
fn remove_accepts_any_spelling_and_reports_absence() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    l.add(
        ListName::Block,
        ListKind::Ip,
        "192.0.2.7",
        &by(None, None),
        NOW,
    )
    .unwrap();
    assert!(l
        .remove(ListName::Block, ListKind::Ip, "::ffff:192.0.2.7", NOW)
        .unwrap());
    assert!(!l
        .remove(ListName::Block, ListKind::Ip, "192.0.2.7", NOW)
        .unwrap());
    assert_eq!(
        code(
            &l,
            ListQuery {
                ip: ip("192.0.2.7"),
                ..Default::default()
            },
            NOW
        ),
        None
    );
    assert!(lists_in(dir.path())
        .list(ListName::Block, ListKind::Ip, NOW)
        .is_empty());
}

#[test]
fn kinds_without_a_file_are_memory_only() {
    let l = Lists::load(ListPaths::default()).unwrap();
    assert!(!l.is_persistent(ListName::Block, ListKind::Ip));
    l.add(
        ListName::Block,
        ListKind::Ip,
        "192.0.2.7",
        &by(None, None),
        NOW,
    )
    .unwrap();
    let q = ListQuery {
        ip: ip("192.0.2.7"),
        ..Default::default()
    };
    assert_eq!(code(&l, q, NOW), Some("blacklist_ip"));
    assert!(l
        .remove(ListName::Block, ListKind::Ip, "192.0.2.7", NOW)
        .unwrap());
    assert_eq!(code(&l, q, NOW), None);
}

#[test]
fn readers_see_whole_snapshots_while_a_writer_adds() {
    let dir = tempfile::tempdir().unwrap();
    let l = std::sync::Arc::new(lists_in(dir.path()));
    let reader = {
        let l = l.clone();
        std::thread::spawn(move || {
            let mut seen = 0;
            for _ in 0..2000 {
                let n = l.list(ListName::Block, ListKind::Ip, NOW).len();
                assert!(n >= seen, "a published entry disappeared");
                seen = n;
            }
        })
    };
    for i in 0..20 {
        l.add(
            ListName::Block,
            ListKind::Ip,
            &format!("10.0.0.{i}"),
            &by(None, None),
            NOW,
        )
        .unwrap();
    }
    reader.join().unwrap();
    assert_eq!(l.list(ListName::Block, ListKind::Ip, NOW).len(), 20);
}
