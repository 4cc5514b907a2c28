//! The console's HTML (maud: every `(expr)` is escaped, so attacker-controlled strings
//! such as user names, reasons or list values render as text).
//!
//! Templates take the JSON values the admin API answers (see `views.rs`), so they show
//! exactly what the API shows.

use maud::{html, Markup, DOCTYPE};
use serde_json::Value;

/// What the header shows for a logged-in person.
pub struct Nav<'a> {
    /// Reviewer name.
    pub name: &'a str,
    /// CSRF token for the logout form.
    pub csrf: &'a str,
}

/// Renders a scalar JSON value as text (`—` for null or absent).
pub fn text(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => format!("{f:.4}"),
            _ => n.to_string(),
        },
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        other => other.to_string(),
    }
}

/// Unix milliseconds as `YYYY-MM-DD HH:MM:SS` UTC.
pub fn time_ms(v: &Value) -> String {
    match v.as_u64() {
        Some(ms) => {
            httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms))
        }
        None => "—".to_string(),
    }
}

/// A string array as `a, b, c`.
pub fn join(v: &Value) -> String {
    match v.as_array() {
        Some(a) if !a.is_empty() => a.iter().map(text).collect::<Vec<_>>().join(", "),
        _ => "—".to_string(),
    }
}

/// The CSS class of a decision name.
pub fn decision_class(d: &str) -> &'static str {
    match d {
        "allow" => "allow",
        "review" => "review",
        "block" | "challenge" => "block",
        _ => "",
    }
}

/// The page frame: header with navigation and logout, the flash line, the content.
pub fn layout(
    title: &str,
    nav: Option<&Nav<'_>>,
    flash: Option<&str>,
    refresh_secs: Option<u32>,
    content: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                @if let Some(s) = refresh_secs {
                    meta http-equiv="refresh" content=(s);
                }
                title { (title) " · riskgate console" }
                link rel="stylesheet" href="/ui/static/console.css";
            }
            body {
                @if let Some(n) = nav {
                    header {
                        strong { "riskgate" }
                        a href="/ui/reviews" { "Review queue" }
                        a href="/ui/decisions" { "Decisions" }
                        a href="/ui/lists" { "Lists" }
                        a href="/ui/channels" { "Channels" }
                        a href="/ui/callbacks" { "Callbacks" }
                        a href="/ui/model" { "Model" }
                        span.who {
                            "Signed in as " (n.name) " "
                            form.inline method="post" action="/ui/logout" {
                                input type="hidden" name="csrf" value=(n.csrf);
                                button type="submit" id="logout" { "Log out" }
                            }
                        }
                    }
                }
                main {
                    @if let Some(f) = flash {
                        p.flash id="flash" { (f) }
                    }
                    h1 { (title) }
                    (content)
                }
            }
        }
    }
}

/// The login form (`error` above it after a failed attempt).
pub fn login(error: Option<&str>) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "Log in · riskgate console" }
                link rel="stylesheet" href="/ui/static/console.css";
            }
            body {
                form.login method="post" action="/ui/login" {
                    h1 { "riskgate console" }
                    @if let Some(e) = error {
                        p.error id="error" { (e) }
                    }
                    label {
                        "Admin token "
                        input type="password" name="token" id="token" autocomplete="current-password" required;
                    }
                    label {
                        "Your name (recorded with reviews) "
                        input type="text" name="name" id="name" pattern="[A-Za-z0-9._@:\\-]{1,64}" required;
                    }
                    button type="submit" id="login" { "Log in" }
                }
            }
        }
    }
}

/// A page with a heading and one line (errors without a session).
pub fn message(title: &str, line: &str) -> Markup {
    layout(title, None, None, None, html! { p { (line) } })
}

/// A hidden CSRF field.
pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A key/value table of the named fields of an object.
pub fn fields(v: &Value, keys: &[(&str, &str)]) -> Markup {
    html! {
        table {
            @for (key, label) in keys {
                tr { th { (label) } td { (text(&v[*key])) } }
            }
        }
    }
}

/// Rows of objects as a table with one column per key of the first row.
pub fn rows(items: &[Value]) -> Markup {
    let keys: Vec<&String> = items
        .first()
        .and_then(Value::as_object)
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    html! {
        @if items.is_empty() {
            p { "None." }
        } @else {
            table {
                tr { @for k in &keys { th { (k) } } }
                @for it in items {
                    tr { @for k in &keys { td { (text(&it[k.as_str()])) } } }
                }
            }
        }
    }
}
