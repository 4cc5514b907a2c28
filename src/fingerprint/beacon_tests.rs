use super::*;

/// The body the shipped script produced in a stubbed browser (Chrome on Windows, Berlin).
const REAL: &str = r#"{"v":1,"timezone":"Europe/Berlin","tz_offset":60,"screen":{"w":1920,"h":1080,"depth":24},"dpr":1.25,"platform":"Win32","languages":["de-DE","de","en-US","en"],"cores":8,"canvas":"1fbc52f9","webdriver":false,"touch_points":0}"#;

fn with(field: &str, value: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(REAL).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(value).unwrap();
    match parsed {
        serde_json::Value::Null if value == "null" && field.starts_with('-') => {
            v.as_object_mut().unwrap().remove(&field[1..]);
        }
        other => {
            v[field] = other;
        }
    }
    v.to_string()
}

#[test]
fn parses_a_realistic_body() {
    let b = parse_beacon(REAL.as_bytes()).unwrap();
    assert_eq!(b.timezone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(b.timezone_offset_minutes, 60);
    assert_eq!(
        b.screen,
        Screen {
            width: 1920,
            height: 1080,
            color_depth: 24
        }
    );
    assert_eq!(b.device_pixel_ratio, 1.25);
    assert_eq!(b.platform.as_deref(), Some("Win32"));
    assert_eq!(b.languages, ["de-DE", "de", "en-US", "en"]);
    assert_eq!(b.hardware_concurrency, Some(8));
    assert_eq!(b.canvas_hash.as_deref(), Some("1fbc52f9"));
    assert!(!b.webdriver);
    assert_eq!(b.touch_points, 0);
}

#[test]
fn optional_fields_may_be_null_or_absent_and_unknown_fields_are_ignored() {
    for body in [
        with("timezone", "null"),
        with("-timezone", "null"),
        with("-cores", "null"),
        with("canvas", "null"),
        with("-platform", "null"),
        with("future_field", r#"{"nested":[1,2,3]}"#),
    ] {
        assert!(parse_beacon(body.as_bytes()).is_ok(), "{body}");
    }
    let b = parse_beacon(with("webdriver", "true").as_bytes()).unwrap();
    assert!(b.webdriver);
}

#[test]
fn refuses_malformed_or_out_of_bounds_bodies() {
    let long = format!("\"{}\"", "a".repeat(129));
    let many: Vec<String> = (0..17).map(|i| format!("\"l{i}\"")).collect();
    let many = format!("[{}]", many.join(","));
    let cases: Vec<(&str, String)> = vec![
        ("not json", "webdriver=false".into()),
        ("empty", String::new()),
        ("array", "[]".into()),
        ("truncated", REAL[..REAL.len() - 1].into()),
        ("unknown version", with("v", "2")),
        ("missing webdriver", with("-webdriver", "null")),
        ("missing screen", with("-screen", "null")),
        ("webdriver not bool", with("webdriver", "\"false\"")),
        ("string too long", with("platform", &long)),
        ("language too long", with("languages", &format!("[{long}]"))),
        ("too many languages", with("languages", &many)),
        (
            "control character",
            with("timezone", "\"Europe/Berlin\\n\""),
        ),
        ("dpr zero", with("dpr", "0")),
        ("dpr huge", with("dpr", "1e9")),
        ("tz offset out of range", with("tz_offset", "2000")),
        (
            "screen too wide",
            with("screen", r#"{"w":70000,"h":1,"depth":24}"#),
        ),
        ("negative cores", with("cores", "-1")),
        ("fractional touch points", with("touch_points", "1.5")),
        (
            "duplicate field",
            REAL.replacen("{\"v\":1,", "{\"v\":1,\"v\":1,", 1),
        ),
    ];
    for (what, body) in cases {
        assert!(parse_beacon(body.as_bytes()).is_err(), "{what}: {body}");
    }
}

#[test]
fn refuses_oversize_bodies_before_parsing() {
    let body = format!("{}{}", " ".repeat(MAX_BEACON_BYTES), REAL);
    match parse_beacon(body.as_bytes()) {
        Err(FingerprintError::BeaconTooLarge { len, max }) => {
            assert_eq!((len, max), (body.len(), MAX_BEACON_BYTES));
        }
        other => panic!("expected BeaconTooLarge, got {other:?}"),
    }
    let exact = format!("{REAL}{}", " ".repeat(MAX_BEACON_BYTES - REAL.len()));
    assert!(
        parse_beacon(exact.as_bytes()).is_ok(),
        "exactly the limit is fine"
    );
}

#[test]
fn hash_is_pinned_to_its_documented_definition() {
    let b = parse_beacon(REAL.as_bytes()).unwrap();
    let mut want = crate::fingerprint::fnv::Fnv64::new();
    want.bytes(
        b"rgbc1\0Europe/Berlin\x001920x1080x24@125\0Win32\0de-DE,de,en-US,en\08\x000\x001fbc52f9\0",
    );
    assert_eq!(b.beacon_hash(), want.finish());
    assert_eq!(format!("{:016x}", b.beacon_hash()), "6b3cc330151ad1fe");
}

#[test]
fn hash_ignores_rotation_webdriver_and_dst_but_not_the_environment() {
    let base = parse_beacon(REAL.as_bytes()).unwrap().beacon_hash();
    let hash = |body: String| parse_beacon(body.as_bytes()).unwrap().beacon_hash();
    for (what, body) in [
        (
            "rotated screen",
            with("screen", r#"{"w":1080,"h":1920,"depth":24}"#),
        ),
        ("webdriver", with("webdriver", "true")),
        ("dst offset", with("tz_offset", "120")),
        ("unknown field", with("x", "1")),
    ] {
        assert_eq!(hash(body), base, "{what} must not change the hash");
    }
    for (what, body) in [
        ("canvas", with("canvas", "\"00000000\"")),
        ("timezone", with("timezone", "\"Europe/Moscow\"")),
        ("dpr", with("dpr", "1")),
        (
            "language order",
            with("languages", r#"["de","de-DE","en-US","en"]"#),
        ),
        ("cores absent", with("-cores", "null")),
        ("touch", with("touch_points", "5")),
        ("platform", with("platform", "\"MacIntel\"")),
    ] {
        assert_ne!(hash(body), base, "{what} must change the hash");
    }
}

#[test]
fn script_is_small_and_posts_to_the_beacon_path() {
    assert!(BEACON_JS.len() < 3 * 1024, "{} bytes", BEACON_JS.len());
    for needle in [
        "sendBeacon",
        "keepalive: true",
        "credentials: \"include\"",
        "replace(/fp\\.js(\\?.*)?$/, \"beacon\")",
        "navigator",
        "webdriver: !!n.webdriver",
        "toDataURL",
        "timeZone",
    ] {
        assert!(BEACON_JS.contains(needle), "script lacks {needle:?}");
    }
}

#[test]
fn resist_fingerprinting_beacons_are_uniform_by_design() {
    let rfp = r#"{"v":1,"timezone":"UTC","tz_offset":0,"screen":{"w":1400,"h":900,"depth":24},"dpr":1,"platform":"Win32","languages":["en-US","en"],"cores":2,"canvas":null,"webdriver":false,"touch_points":0}"#;
    assert!(parse_beacon(rfp.as_bytes()).unwrap().uniform_by_design());
    let etc = rfp.replace("\"UTC\"", "\"Etc/UTC\"");
    assert!(parse_beacon(etc.as_bytes()).unwrap().uniform_by_design());
    for (what, body) in [
        // A cloud server's browser: UTC, but it draws a canvas.
        (
            "canvas",
            rfp.replace("\"canvas\":null", "\"canvas\":\"1fbc52f9\""),
        ),
        // A Londoner in winter blocking the canvas: offset 0, but a real zone.
        ("zone", rfp.replace("\"UTC\"", "\"Europe/London\"")),
        // UTC named with another offset cannot be resistFingerprinting.
        ("offset", rfp.replace("\"tz_offset\":0", "\"tz_offset\":60")),
    ] {
        assert!(
            !parse_beacon(body.as_bytes()).unwrap().uniform_by_design(),
            "{what}"
        );
    }
}
