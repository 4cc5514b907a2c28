use super::*;

const CHROME_WIN: &[u8] = b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CHROME_WIN_NEXT: &[u8] = b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36";
const EDGE_WIN: &[u8] = b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
const CHROME_MAC: &[u8] = b"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_IPAD_AS_MAC: &[u8] = b"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";
const SAFARI_IPHONE: &[u8] = b"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1";
const CHROME_ANDROID: &[u8] = b"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const CHROME_ANDROID_DESKTOP_MODE: &[u8] = b"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fn t(ua: &[u8], lang: &str) -> StableTraits {
    StableTraits::of(ua, Some(lang.as_bytes()))
}

fn id(n: u128) -> DeviceId {
    DeviceId::from_bytes(n.to_be_bytes())
}

fn store() -> ContinuityStore {
    ContinuityStore::new(NonZeroU64::new(100).unwrap(), Duration::from_secs(3600))
}

#[test]
fn honest_changes_are_not_changes() {
    let base = t(CHROME_WIN, "en-US,en;q=0.9");
    for (what, now) in [
        ("browser update", t(CHROME_WIN_NEXT, "en-US,en;q=0.9")),
        ("other q-values", t(CHROME_WIN, "en-US , de;q=0.5")),
        ("case", t(CHROME_WIN, "EN-us")),
        ("language header absent", StableTraits::of(CHROME_WIN, None)),
        ("unrecognised UA", t(b"SomeInAppView/1.0", "en-US")),
        ("empty UA", t(b"", "en-US")),
    ] {
        assert_eq!(trait_change(&base, &now), None, "{what}");
    }
    // iPadOS / iPhone desktop website: iOS <-> Mac stays Apple (Safari both ways).
    assert_eq!(
        trait_change(&t(SAFARI_IPHONE, "fr-FR"), &t(SAFARI_IPAD_AS_MAC, "fr-FR")),
        None
    );
    // Android desktop mode: Android -> Linux stays non-Apple, same family.
    assert_eq!(
        trait_change(
            &t(CHROME_ANDROID, "ur-PK"),
            &t(CHROME_ANDROID_DESKTOP_MODE, "ur-PK")
        ),
        None
    );
}

#[test]
fn another_browser_os_or_language_is_a_change() {
    let base = t(CHROME_WIN, "en-US,en;q=0.9");
    assert_eq!(
        trait_change(&base, &t(EDGE_WIN, "en-US")),
        Some(TraitChange::UaFamily)
    );
    assert_eq!(
        trait_change(&base, &t(CHROME_MAC, "en-US")),
        Some(TraitChange::Os)
    );
    assert_eq!(
        trait_change(&base, &t(CHROME_WIN, "ru-RU,ru;q=0.9,en;q=0.8")),
        Some(TraitChange::Language)
    );
    assert_eq!(
        trait_change(&base, &t(CHROME_WIN, "en-GB,en;q=0.9")),
        Some(TraitChange::Language),
        "the whole primary tag counts"
    );
}

#[test]
fn hardware_changes() {
    use PlatformClass as P;
    assert!(!hardware_changed((P::Windows, 0), (P::Windows, 0)));
    assert!(!hardware_changed((P::Other, 0), (P::Mac, 0)), "unknown");
    assert!(hardware_changed((P::Mac, 0), (P::Windows, 0)));
    assert!(hardware_changed((P::LinuxArm, 5), (P::LinuxArm, 0)));
}

#[test]
fn the_store_anchors_the_first_traits_and_keeps_the_first_change() {
    let s = store();
    let victim = t(CHROME_MAC, "en-US,en;q=0.9");
    assert_eq!(s.observe(id(1), victim), None, "anchored");
    assert_eq!(s.observe(id(1), victim), None, "the same browser again");
    assert_eq!(s.change(id(1)), None);
    // The thief's page view, then its order: the anchor does not move.
    let thief = t(CHROME_WIN, "ru-RU,ru;q=0.9");
    assert_eq!(s.observe(id(1), thief), Some(TraitChange::Os));
    assert_eq!(s.observe(id(1), thief), Some(TraitChange::Os));
    // The cookie stays compromised, whoever presents it next.
    assert_eq!(s.observe(id(1), victim), Some(TraitChange::Os));
    // Other devices are unaffected.
    assert_eq!(s.observe(id(2), thief), None);
    assert_eq!(s.change(id(2)), None);
}

#[test]
fn mark_needs_a_known_device_and_keeps_the_first_change() {
    let s = store();
    s.mark(id(1), TraitChange::Hardware);
    assert_eq!(s.change(id(1)), None, "never seen: nothing to compare with");
    let traits = t(CHROME_WIN, "de-DE");
    s.observe(id(1), traits);
    s.mark(id(1), TraitChange::Hardware);
    assert_eq!(s.change(id(1)), Some(TraitChange::Hardware));
    s.mark(id(1), TraitChange::Language);
    assert_eq!(s.observe(id(1), traits), Some(TraitChange::Hardware));
}

#[test]
fn unknown_anchor_traits_are_learnt_from_the_next_request() {
    let s = store();
    // The beacon request sent no User-Agent and no language.
    s.observe(id(1), StableTraits::of(b"", None));
    assert_eq!(s.observe(id(1), t(CHROME_MAC, "en-US")), None);
    assert_eq!(
        s.observe(id(1), t(CHROME_WIN, "en-US")),
        Some(TraitChange::Os),
        "the learnt traits are the anchor now"
    );
}
