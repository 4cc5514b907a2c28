//! Console pages and form actions: each gets its data from the admin API's own handler
//! and renders it with `pages`.

use super::pages::{self, csrf, decision_class, join, text, time_ms, Nav};
use super::{api, api_message, html, ops, valid_id, Req, Who};
use crate::admin::{lists, money, reviews, Reply};
use crate::runtime::Shared;
use http::{Method, StatusCode};
use maud::{html, Markup};
use serde_json::{json, Value};
use std::sync::Arc;

/// Decisions the live page scans (the decision log's recent index answers newest first).
pub const SCAN: usize = 1000;

/// Rows the live decisions page shows.
const SHOW: usize = 200;

/// A 403 page (CSRF or origin check failed).
pub fn forbidden(why: &str) -> Reply {
    html(StatusCode::FORBIDDEN, pages::message("Forbidden", why))
}

fn nav(who: &Who) -> Nav<'_> {
    Nav {
        name: &who.session.name,
        csrf: &who.session.csrf,
    }
}

pub fn frame(who: &Who, flash: Option<&str>, title: &str, content: Markup) -> Reply {
    html(
        StatusCode::OK,
        pages::layout(title, Some(&nav(who)), flash, None, content),
    )
}

fn not_found(who: &Who, what: &str) -> Reply {
    html(
        StatusCode::NOT_FOUND,
        pages::layout(
            "Not found",
            Some(&nav(who)),
            None,
            None,
            html! { p { (what) } },
        ),
    )
}

/// Renders the GET page at `req.path`.
pub async fn page(shared: &Arc<Shared>, who: &Who, req: &Req<'_>, flash: Option<&str>) -> Reply {
    let path = req.path.trim_end_matches('/');
    let seg: Vec<&str> = path.split('/').skip(2).collect();
    match seg.as_slice() {
        [] => super::redirect("/ui/reviews"),
        ["reviews"] => review_queue(shared, who, req, flash).await,
        ["reviews", id] if valid_id(id) => review_page(shared, who, id, flash).await,
        ["decisions"] => decisions(shared, who, req, flash),
        ["orders", id] if valid_id(id) => order_page(shared, who, id, flash),
        ["lists"] => ops::lists_page(shared, who, req, flash).await,
        ["channels"] => ops::channels(shared, who, flash).await,
        ["callbacks"] => ops::callbacks(shared, who, flash).await,
        ["model"] => ops::model(shared, who, flash),
        _ => not_found(who, "No such console page."),
    }
}

/// Runs the POST action at `req.path` (CSRF already checked); returns where to go next and
/// the message to show there.
pub async fn act(shared: &Arc<Shared>, who: &Who, req: &Req<'_>) -> (String, String) {
    let seg: Vec<&str> = req.path.split('/').skip(2).collect();
    let by = who.session.name.as_str();
    match seg.as_slice() {
        ["reviews", id, action @ ("approve" | "deny")] if valid_id(id) => {
            let body = if *action == "approve" {
                json!({ "by": by })
            } else {
                let list: Vec<&str> = ["user", "device", "email", "ip"]
                    .into_iter()
                    .filter(|k| req.form(&format!("block_{k}")).is_some())
                    .collect();
                match req.form("ttl") {
                    Some(ttl) => json!({ "by": by, "list": list, "ttl": ttl }),
                    None => json!({ "by": by, "list": list }),
                }
            };
            let path = format!("/reviews/{id}/{action}");
            let r = reviews::handle(
                shared,
                &Method::POST,
                &path,
                None,
                &serde_json::to_vec(&body).unwrap_or_default(),
            )
            .await;
            let (status, v) = r.map(api).unwrap_or((StatusCode::NOT_FOUND, Value::Null));
            let msg = match (status, *action) {
                (StatusCode::OK, "approve") => format!(
                    "Approved {id}: forwarded to the shop, which answered {}.",
                    text(&v["shop_status"])
                ),
                (StatusCode::OK, _) => format!(
                    "Denied {id}; blocked: {}.",
                    v["blocked"]
                        .as_array()
                        .map(|a| a
                            .iter()
                            .map(|e| format!("{} {}", text(&e["kind"]), text(&e["value"])))
                            .collect::<Vec<_>>()
                            .join(", "))
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "nothing".into())
                ),
                (StatusCode::CONFLICT, _) => format!(
                    "Not changed: {id} is already {} (by {}).",
                    text(&v["status"]),
                    text(&v["decided_by"])
                ),
                _ => format!("{action} {id} failed: {}", api_message(status, &v)),
            };
            (format!("/ui/reviews/{id}"), msg)
        }
        ["lists", kind, action @ ("add" | "remove")] => {
            let list = req.form("list").unwrap_or_else(|| "block".into());
            let back = format!(
                "/ui/lists?list={}",
                if list == "allow" { "allow" } else { "block" }
            );
            let value = req.form("value").unwrap_or_default();
            let body = if *action == "add" {
                let ttl = match req
                    .form("ttl")
                    .map(|t| crate::config::validate::parse_duration(&t))
                {
                    None => None,
                    Some(Ok(d)) => Some(d.as_secs().max(1)),
                    Some(Err(e)) => return (back, format!("ttl: {e}")),
                };
                json!({ "value": value, "list": list, "ttl_secs": ttl,
                        "reason": req.form("reason").unwrap_or_else(|| format!("console: {by}")) })
            } else {
                json!({ "value": value, "list": list })
            };
            let method = if *action == "add" {
                Method::POST
            } else {
                Method::DELETE
            };
            let r = lists::handle_lists(
                shared,
                &method,
                kind,
                None,
                &serde_json::to_vec(&body).unwrap_or_default(),
            )
            .await;
            let (status, v) = api(r);
            let msg = if status.is_success() {
                let verb = if *action == "add" { "Added" } else { "Removed" };
                format!("{verb} {kind} {value} ({list} list).")
            } else {
                format!(
                    "{action} {kind} {value} failed: {}",
                    api_message(status, &v)
                )
            };
            (back, msg)
        }
        ["callbacks", id, "requeue"] if id.parse::<u64>().is_ok() => {
            let path = format!("/callbacks/{id}/requeue");
            let r = money::handle(shared, &Method::POST, &path, None).await;
            let (status, v) = r.map(api).unwrap_or((StatusCode::NOT_FOUND, Value::Null));
            let msg = if status.is_success() {
                format!("Callback {id} requeued: it will be delivered again.")
            } else {
                format!("Requeue {id} failed: {}", api_message(status, &v))
            };
            ("/ui/callbacks".into(), msg)
        }
        _ => ("/ui/reviews".into(), "Unknown action.".into()),
    }
}

async fn review_queue(
    shared: &Arc<Shared>,
    who: &Who,
    req: &Req<'_>,
    flash: Option<&str>,
) -> Reply {
    let status = req.query("status").unwrap_or_else(|| "pending".into());
    let q = format!("status={status}&limit=200");
    let Some(r) = reviews::handle(shared, &Method::GET, "/reviews", Some(&q), b"").await else {
        return not_found(who, "Review queue unavailable.");
    };
    let (code, v) = api(r);
    let content = html! {
        p {
            @for s in ["pending", "approved", "denied", "expired"] {
                a href={ "/ui/reviews?status=" (s) } { (s) } " "
            }
        }
        @if !code.is_success() {
            p.error { (api_message(code, &v)) }
        } @else {
            @let items = v["reviews"].as_array().cloned().unwrap_or_default();
            @if items.is_empty() {
                p { "No " (status) " orders." }
            } @else {
                table id="reviews" {
                    tr { th { "Order" } th { "Held at" } th { "Route" } th { "Score" } th { "Reasons" }
                         th { "User" } th { "Email" } th { "IP" } th { "Status" } th { "Decided by" } }
                    @for o in &items {
                        @let id = text(&o["id"]);
                        tr {
                            td { a.order href={ "/ui/reviews/" (id) } { (id) } }
                            td { (time_ms(&o["created_ms"])) }
                            td { (text(&o["route"])) }
                            td.num { (text(&o["score"])) }
                            td { (join(&o["reasons"])) }
                            td { (text(&o["user"])) }
                            td { (text(&o["email"])) }
                            td { (text(&o["ip"])) }
                            td { (text(&o["status"])) }
                            td { (text(&o["decided_by"])) }
                        }
                    }
                }
            }
        }
    };
    // Refreshes itself like the decisions page: new held orders appear without a click.
    html(
        StatusCode::OK,
        pages::layout("Review queue", Some(&nav(who)), flash, Some(10), content),
    )
}

async fn review_page(shared: &Arc<Shared>, who: &Who, id: &str, flash: Option<&str>) -> Reply {
    let path = format!("/reviews/{id}");
    let Some(r) = reviews::handle(shared, &Method::GET, &path, None, b"").await else {
        return not_found(who, "Review queue unavailable.");
    };
    let (code, o) = api(r);
    if !code.is_success() {
        return not_found(who, &api_message(code, &o));
    }
    let body = o["body_b64"]
        .as_str()
        .and_then(|b| base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b).ok())
        .map(|b| String::from_utf8_lossy(&b[..b.len().min(4096)]).into_owned())
        .unwrap_or_default();
    let decision = shared
        .decisions
        .get(o["request_id"].as_str().unwrap_or(""))
        .and_then(|d| serde_json::to_value(d.as_ref()).ok());
    let pending = o["status"] == "pending";
    let content = html! {
        (pages::fields(&o, &[("id", "Order"), ("request_id", "Request id"), ("status", "Status"),
            ("route", "Route"), ("score", "Score"), ("user", "User"), ("email", "Email"),
            ("device", "Device"), ("ip", "IP"), ("method", "Method"), ("uri", "Path"),
            ("decided_by", "Decided by"), ("shop_status", "Shop answered")]))
        p { "Reasons: " (join(&o["reasons"])) }
        @if pending {
            form method="post" action={ "/ui/reviews/" (id) "/approve" } {
                (csrf(&who.session.csrf))
                button type="submit" id="approve" { "Approve and forward to the shop" }
            }
            form method="post" action={ "/ui/reviews/" (id) "/deny" } {
                (csrf(&who.session.csrf))
                fieldset {
                    legend { "Deny" }
                    "Also block: "
                    @for k in ["user", "device", "email", "ip"] {
                        label { input type="checkbox" name={ "block_" (k) } value="1"; (k) } " "
                    }
                    label { " for " input type="text" name="ttl" placeholder="30d (empty: until removed)"; }
                    " "
                    button type="submit" id="deny" { "Deny" }
                }
            }
        }
        h2 { "Request body" }
        pre { (body) }
        h2 { "Decision" }
        @match &decision {
            Some(d) => (decision_detail(d)),
            None => p { "No longer among the recent decisions." },
        }
    };
    frame(who, flash, &format!("Held order {id}"), content)
}

/// One decision: scores, model, guards, reasons, features.
fn decision_detail(d: &Value) -> Markup {
    let names = d["feature_names"].as_array().cloned().unwrap_or_default();
    let values = d["features"].as_array().cloned().unwrap_or_default();
    html! {
        (pages::fields(d, &[("time", "Time"), ("request_id", "Request id"), ("route", "Route"),
            ("decision", "Decision"), ("stage", "Decided by (stage)"), ("policy", "Block policy"),
            ("score", "Score"), ("review_at", "Review at"),
            ("order_review_at", "Review at, this order (expected loss)"), ("block_at", "Block at"),
            ("model_version", "Model version"), ("shadow_model_version", "Shadow model"),
            ("shadow_score", "Shadow score"), ("counterfactual_score", "Counterfactual score"),
            ("shadow_mode", "Shadow mode"), ("client_ip", "Client IP"), ("country", "Country"),
            ("asn", "ASN"), ("device_id", "Device"), ("user", "User"), ("channel", "Channel"),
            ("amount_minor", "Amount (minor units)"), ("currency", "Currency")]))
        p { "Reasons: " span id="reasons" { (join(&d["reasons"])) } }
        p { "Top features: " (join(&d["top_features"])) }
        h2 { "Features" }
        table id="features" {
            tr { th { "Feature" } th { "Value" } }
            @for (n, v) in names.iter().zip(values.iter()) {
                tr { td { (text(n)) } td.num { (text(v)) } }
            }
        }
    }
}

fn order_page(shared: &Arc<Shared>, who: &Who, id: &str, flash: Option<&str>) -> Reply {
    let Some(d) = shared
        .decisions
        .get(id)
        .and_then(|d| serde_json::to_value(d.as_ref()).ok())
    else {
        return not_found(who, "Not among the recent decisions.");
    };
    let held = d["decision"] == "review" && shared.reviews.is_some();
    let content = html! {
        @if held {
            p { a href={ "/ui/reviews/" (id) } { "Open in the review queue" } }
        }
        (decision_detail(&d))
    };
    frame(who, flash, &format!("Order {id}"), content)
}

/// The decisions filter of the live page.
#[derive(Default)]
struct Filter {
    decision: Option<String>,
    reason: Option<String>,
    country: Option<String>,
    route: Option<String>,
    min_score: Option<f64>,
    max_score: Option<f64>,
}

impl Filter {
    fn keeps(&self, d: &Value) -> bool {
        let eq = |want: &Option<String>, key: &str| {
            want.as_deref()
                .is_none_or(|w| d[key].as_str().is_some_and(|s| s.eq_ignore_ascii_case(w)))
        };
        let score = d["score"].as_f64().unwrap_or(0.0);
        eq(&self.route, "route")
            && eq(&self.country, "country")
            && self.reason.as_deref().is_none_or(|w| {
                d["reasons"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|r| r.as_str() == Some(w)))
            })
            && self.min_score.is_none_or(|m| score >= m)
            && self.max_score.is_none_or(|m| score <= m)
    }
}

fn decisions(shared: &Arc<Shared>, who: &Who, req: &Req<'_>, flash: Option<&str>) -> Reply {
    let f = Filter {
        decision: req.query("decision"),
        reason: req.query("reason"),
        country: req.query("country"),
        route: req.query("route"),
        min_score: req.query("min_score").and_then(|s| s.parse().ok()),
        max_score: req.query("max_score").and_then(|s| s.parse().ok()),
    };
    // The records `GET /decisions` serves, filtered further here.
    let rows: Vec<Value> = shared
        .decisions
        .recent(f.decision.as_deref(), SCAN)
        .iter()
        .filter_map(|r| serde_json::to_value(r.as_ref()).ok())
        .filter(|d| f.keeps(d))
        .take(SHOW)
        .collect();
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let content = html! {
        form method="get" action="/ui/decisions" {
            label { "Decision " select name="decision" {
                @for d in ["", "allow", "review", "block", "challenge"] {
                    option value=(d) selected[f.decision.as_deref().unwrap_or("") == d] { (d) }
                }
            } } " "
            label { "Reason " input type="text" name="reason" value=(opt(&f.reason)) size="14"; } " "
            label { "Country " input type="text" name="country" value=(opt(&f.country)) size="3"; } " "
            label { "Route " input type="text" name="route" value=(opt(&f.route)) size="10"; } " "
            label { "Score ≥ " input type="text" name="min_score" value=(f.min_score.map(|s| s.to_string()).unwrap_or_default()) size="4"; } " "
            label { "≤ " input type="text" name="max_score" value=(f.max_score.map(|s| s.to_string()).unwrap_or_default()) size="4"; } " "
            button type="submit" { "Filter" }
        }
        p { (rows.len()) " most recent matching decisions (refreshes every 5 s)." }
        table id="decisions" {
            tr { th { "Time" } th { "Request" } th { "Route" } th { "Decision" } th { "Score" }
                 th { "Reasons" } th { "Country" } th { "User" } th { "IP" } }
            @for d in &rows {
                @let rid = text(&d["request_id"]);
                @let dec = text(&d["decision"]);
                tr {
                    td { (text(&d["time"])) }
                    td { a href={ "/ui/orders/" (rid) } { (rid) } }
                    td { (text(&d["route"])) }
                    td class=(decision_class(&dec)) { (dec) }
                    td.num { (text(&d["score"])) }
                    td { (join(&d["reasons"])) }
                    td { (text(&d["country"])) }
                    td { (text(&d["user"])) }
                    td { (text(&d["client_ip"])) }
                }
            }
        }
    };
    html(
        StatusCode::OK,
        pages::layout("Live decisions", Some(&nav(who)), flash, Some(5), content),
    )
}
