//! Tests of `Lists` persistence: restarts, atomic writes, corrupt files, reload, expiry.

use super::tests::{by, code, dir_names, ip, lists_in, DEV, NOW};
use super::*;
use crate::state::{Clock, ManualClock};
use std::fs;
use std::time::Duration;

#[test]
fn ttl_bans_expire_and_are_purged_from_file() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    let clock = ManualClock::new(NOW * 1000);
    let ttl = Some(Duration::from_millis(3_600_500)); // rounds up to 3601 s
    let v = l
        .add(
            ListName::Block,
            ListKind::User,
            "mallory",
            &by(None, ttl),
            clock.unix_secs(),
        )
        .unwrap();
    assert_eq!(v.expires_at, Some(NOW + 3601));
    let q = ListQuery {
        user: Some("mallory"),
        ..Default::default()
    };
    clock.advance(Duration::from_secs(3600));
    assert_eq!(code(&l, q, clock.unix_secs()), Some("blacklist_user"));
    clock.advance(Duration::from_secs(1));
    assert_eq!(code(&l, q, clock.unix_secs()), None);
    assert!(l
        .list(ListName::Block, ListKind::User, clock.unix_secs())
        .is_empty());
    assert_eq!(
        l.len(ListName::Block, ListKind::User),
        1,
        "still held until purged"
    );
    assert_eq!(l.purge_expired(clock.unix_secs()).unwrap(), 1);
    assert_eq!(l.len(ListName::Block, ListKind::User), 0);
    let file = fs::read_to_string(dir.path().join("block-user.txt")).unwrap();
    assert!(!file.contains("mallory"), "{file}");
    assert_eq!(l.purge_expired(clock.unix_secs()).unwrap(), 0);
}

#[test]
fn changes_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    let ttl = Some(Duration::from_secs(86_400));
    l.add(
        ListName::Block,
        ListKind::Ip,
        "::ffff:198.51.100.7",
        &by(Some("chargeback #9"), ttl),
        NOW,
    )
    .unwrap();
    l.add(
        ListName::Block,
        ListKind::Ip,
        "10.0.0.0/8",
        &by(None, None),
        NOW,
    )
    .unwrap();
    l.add(
        ListName::Block,
        ListKind::User,
        "john doe",
        &by(Some("typo"), None),
        NOW,
    )
    .unwrap();
    l.add(
        ListName::Block,
        ListKind::EmailDomain,
        "Example.ORG",
        &by(None, None),
        NOW,
    )
    .unwrap();
    l.add(
        ListName::Allow,
        ListKind::Ip,
        "192.0.2.0/28",
        &by(Some("uptime probes"), None),
        NOW,
    )
    .unwrap();
    let restarted = lists_in(dir.path());
    for (list, kind) in [
        (ListName::Block, ListKind::Ip),
        (ListName::Block, ListKind::User),
        (ListName::Block, ListKind::EmailDomain),
        (ListName::Allow, ListKind::Ip),
    ] {
        let before = l.list(list, kind, NOW);
        assert!(!before.is_empty());
        assert_eq!(restarted.list(list, kind, NOW), before, "{list} {kind}");
    }
    let ips: Vec<String> = restarted
        .list(ListName::Block, ListKind::Ip, NOW)
        .into_iter()
        .map(|v| v.value)
        .collect();
    assert_eq!(ips, ["10.0.0.0/8", "198.51.100.7"]);
    assert_eq!(
        dir_names(dir.path()),
        [
            "allow-ip.txt",
            "block-email_domain.txt",
            "block-ip.txt",
            "block-user.txt"
        ]
    );
}

#[test]
fn a_failed_write_changes_nothing_and_reports_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    l.add(ListName::Block, ListKind::Device, DEV, &by(None, None), NOW)
        .unwrap();
    // Make the rename fail: the list file's path becomes a directory.
    let path = dir.path().join("block-device.txt");
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    let other = "fedcba9876543210fedcba9876543210";
    let err = l
        .add(
            ListName::Block,
            ListKind::Device,
            other,
            &by(None, None),
            NOW,
        )
        .unwrap_err();
    assert!(
        matches!(&err, ListError::Persist { path: p, .. } if *p == path),
        "{err}"
    );
    let q = ListQuery {
        device: Some(other),
        ..Default::default()
    };
    assert_eq!(code(&l, q, NOW), None, "not published");
    assert_eq!(l.list(ListName::Block, ListKind::Device, NOW).len(), 1);
    assert_eq!(
        dir_names(dir.path()),
        ["block-device.txt"],
        "no temp file left"
    );
    let err = l
        .remove(ListName::Block, ListKind::Device, DEV, NOW)
        .unwrap_err();
    assert!(matches!(err, ListError::Persist { .. }));
    assert_eq!(l.list(ListName::Block, ListKind::Device, NOW).len(), 1);
}

#[test]
fn corrupt_files_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("block-ip.txt");
    fs::write(&path, "# header\n192.0.2.1\n\n192.0.2.300 # typo\n").unwrap();
    let err = Lists::load(ListPaths::in_dir(dir.path())).unwrap_err();
    match &err {
        ListError::Load {
            path: p,
            line,
            reason,
        } => {
            assert_eq!((p, *line), (&path, 4));
            assert!(reason.contains("192.0.2.300"), "{reason}");
        }
        other => panic!("unexpected {other}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("{}:4: ", path.display())),
        "{err}"
    );
}

#[test]
fn reload_picks_up_hand_edits_and_keeps_old_lists_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let l = lists_in(dir.path());
    let path = dir.path().join("block-ip.txt");
    fs::write(&path, "192.0.2.1 expires=2030-01-01T00:00:00Z # pasted\n").unwrap();
    l.reload().unwrap();
    let q = ListQuery {
        ip: ip("192.0.2.1"),
        ..Default::default()
    };
    assert_eq!(code(&l, q, NOW), Some("blacklist_ip"));
    fs::write(&path, "garbage\n").unwrap();
    assert!(matches!(l.reload(), Err(ListError::Load { line: 1, .. })));
    assert_eq!(code(&l, q, NOW), Some("blacklist_ip"), "old lists kept");
}

#[test]
fn missing_directories_and_unsupported_allow_files_are_load_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = Lists::load(ListPaths::in_dir(&dir.path().join("typo"))).unwrap_err();
    assert!(matches!(err, ListError::Read { .. }), "{err}");
    let mut paths = ListPaths::in_dir(dir.path());
    assert!(Lists::load(paths.clone())
        .unwrap()
        .is_persistent(ListName::Allow, ListKind::Ip));
    paths.allow.email = Some(dir.path().join("allow-email.txt"));
    let err = Lists::load(paths).unwrap_err();
    assert!(
        matches!(
            err,
            ListError::Unsupported {
                list: ListName::Allow,
                kind: ListKind::Email
            }
        ),
        "{err}"
    );
}
