//! Console pages and form actions: each gets its data from the admin API's own handler
//! and renders it with `pages`.

use super::pages::{self, csrf, decision_class, join, text, time_ms, Nav};
use super::{api, api_message, html, valid_id, Req, Who};
use crate::admin::{lists, money, reviews, Reply};
use crate::runtime::Shared;
use http::{Method, StatusCode};
use maud::{html, Markup};
use serde_json::{json, Value};
use std::sync::Arc;

/// List kinds, in the order the lists page shows them.
const KINDS: [&str; 5] = ["ip", "device", "user", "email", "email_domain"];

/// Decisions the live page scans (the decision log's recent index answers newest first).
const SCAN: usize = 1000;

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

fn frame(who: &Who, flash: Option<&str>, title: &str, content: Markup) -> Reply {
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
        ["lists"] => lists_page(shared, who, req, flash).await,
        ["channels"] => channels(shared, who, flash).await,
        ["callbacks"] => callbacks(shared, who, flash).await,
        ["model"] => model(shared, who, flash),
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
    frame(who, flash, "Review queue", content)
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
            ("score", "Score"), ("review_at", "Review at"), ("block_at", "Block at"),
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

async fn lists_page(shared: &Arc<Shared>, who: &Who, req: &Req<'_>, flash: Option<&str>) -> Reply {
    let list = if req.query("list").as_deref() == Some("allow") {
        "allow"
    } else {
        "block"
    };
    let q = format!("list={list}");
    let mut sections = Vec::new();
    for kind in KINDS {
        let (code, v) = api(lists::handle_lists(shared, &Method::GET, kind, Some(&q), b"").await);
        sections.push((kind, code, v));
    }
    let tok = &who.session.csrf;
    let content = html! {
        p { "List: " a href="/ui/lists?list=block" { "block" } " · " a href="/ui/lists?list=allow" { "allow" } }
        @for (kind, code, v) in &sections {
            h2 { (kind) }
            @if !code.is_success() {
                p.error { (api_message(*code, v)) }
            } @else {
                @let entries = v["entries"].as_array().cloned().unwrap_or_default();
                table {
                    tr { th { "Value" } th { "Expires" } th { "Reason" } th { "Added by" } th { "" } }
                    @for e in &entries {
                        tr {
                            td { (text(&e["value"])) }
                            td { (e["expires_at"].as_u64().map(|s| pages::time_ms(&json!(s * 1000))).unwrap_or_else(|| "never".into())) }
                            td { (text(&e["reason"])) }
                            td { (text(&e["added_by"])) }
                            td {
                                form.inline method="post" action={ "/ui/lists/" (kind) "/remove" } {
                                    (csrf(tok))
                                    input type="hidden" name="list" value=(list);
                                    input type="hidden" name="value" value=(text(&e["value"]));
                                    button type="submit" { "Remove" }
                                }
                            }
                        }
                    }
                }
                form method="post" action={ "/ui/lists/" (kind) "/add" } {
                    (csrf(tok))
                    input type="hidden" name="list" value=(list);
                    input type="text" name="value" placeholder=(kind) required;
                    " for " input type="text" name="ttl" placeholder="24h (empty: until removed)" size="22";
                    " reason " input type="text" name="reason";
                    " " button type="submit" { "Add" }
                }
            }
        }
    };
    frame(who, flash, &format!("Lists ({list})"), content)
}

async fn channels(shared: &Arc<Shared>, who: &Who, flash: Option<&str>) -> Reply {
    let (_, v) = money::handle(shared, &Method::GET, "/channels", None)
        .await
        .map(api)
        .unwrap_or((StatusCode::NOT_FOUND, Value::Null));
    let groups = v["groups"].as_array().cloned().unwrap_or_default();
    let content = html! {
        @if groups.is_empty() { p { "No payment channel groups configured." } }
        @for g in &groups {
            h2 { (text(&g["group"])) }
            table {
                tr { th { "Channel" } th { "Address" } th { "Healthy" } th { "Circuit" } th { "Latency (EWMA ms)" }
                     th { "Success rate" } th { "Samples" } th { "Ejected" } th { "In flight" } th { "Selections" } th { "Share" } }
                @for c in g["channels"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
                    tr {
                        td { (text(&c["name"])) } td { (text(&c["addr"])) } td { (text(&c["healthy"])) }
                        td { (text(&c["circuit"])) } td.num { (text(&c["ewma_latency_ms"])) }
                        td.num { (text(&c["success_rate"])) } td.num { (text(&c["samples"])) }
                        td { (text(&c["eliminated"])) } td.num { (text(&c["in_flight"])) }
                        td.num { (text(&c["selections"])) } td.num { (text(&c["share"])) }
                    }
                }
            }
        }
    };
    frame(who, flash, "Payment channels", content)
}

async fn callbacks(shared: &Arc<Shared>, who: &Who, flash: Option<&str>) -> Reply {
    let get = |q: &'static str| async move {
        money::handle(shared, &Method::GET, "/callbacks", Some(q))
            .await
            .map(api)
            .unwrap_or((StatusCode::NOT_FOUND, Value::Null))
    };
    let (code, pending) = get("state=pending&limit=100").await;
    if !code.is_success() {
        return frame(
            who,
            flash,
            "Callbacks",
            html! { p { (api_message(code, &pending)) } },
        );
    }
    let (_, dead) = get("state=dead&limit=100").await;
    let (_, missing) = money::handle(
        shared,
        &Method::GET,
        "/callbacks/missing",
        Some("limit=100"),
    )
    .await
    .map(api)
    .unwrap_or((StatusCode::NOT_FOUND, Value::Null));
    let cols = |c: &Value| {
        html! {
            td { (text(&c["id"])) } td { (text(&c["channel"])) } td { (text(&c["order_id"])) }
            td { (text(&c["txn_id"])) } td { (text(&c["status"])) } td.num { (text(&c["attempts"])) }
            td { (time_ms(&c["received_ms"])) } td { (text(&c["last_error"])) }
        }
    };
    let head = html! { th { "Id" } th { "Channel" } th { "Order" } th { "Txn" } th { "Status" } th { "Attempts" } th { "Received" } th { "Last error" } };
    let content = html! {
        p { "Pending: " (text(&pending["pending"])) " · dead letters: " (text(&pending["dead"])) }
        h2 { "Pending" }
        table { tr { (head) } @for c in pending["callbacks"].as_array().map(Vec::as_slice).unwrap_or(&[]) { tr { (cols(c)) } } }
        h2 { "Dead letters" }
        table id="dead" {
            tr { (head) th { "" } }
            @for c in dead["callbacks"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
                tr { (cols(c)) td {
                    form.inline method="post" action={ "/ui/callbacks/" (text(&c["id"])) "/requeue" } {
                        (csrf(&who.session.csrf)) button type="submit" { "Requeue" }
                    }
                } }
            }
        }
        h2 { "Missing callbacks (after " (text(&missing["missing_after_secs"])) " s)" }
        (pages::rows(missing["missing"].as_array().map(Vec::as_slice).unwrap_or(&[])))
    };
    frame(who, flash, "Callbacks", content)
}

/// `(upper bound, cumulative count)` of a histogram's buckets in a `/metrics` scrape.
fn buckets(scrape: &str, family: &str) -> Vec<(String, f64)> {
    let prefix = format!("{family}_bucket{{le=\"");
    scrape
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(&prefix)?;
            let (le, count) = rest.split_once("\"} ")?;
            Some((le.to_string(), count.trim().parse().ok()?))
        })
        .collect()
}

fn histogram(scrape: &str, family: &str) -> Markup {
    let b = buckets(scrape, family);
    let total = b.last().map_or(0.0, |x| x.1);
    let mut prev = 0.0;
    let per_bucket: Vec<(String, f64)> = b
        .into_iter()
        .map(|(le, cum)| {
            let n = cum - prev;
            prev = cum;
            (le, n)
        })
        .collect();
    html! {
        @if total == 0.0 { p { "No scores yet." } } @else {
            table {
                tr { th { "Score ≤" } th { "Orders" } th { "" } }
                @for (le, n) in &per_bucket {
                    tr { td { (le) } td.num { (n) } td { meter min="0" max=(total) value=(n) {} } }
                }
            }
        }
    }
}

fn model(shared: &Arc<Shared>, who: &Who, flash: Option<&str>) -> Reply {
    let rt = shared.runtime.load();
    let scrape = String::from_utf8_lossy(&shared.metrics.render()).into_owned();
    let Some(risk) = rt.risk.as_ref() else {
        return frame(
            who,
            flash,
            "Model",
            html! { p { "No [risk] model configured." } },
        );
    };
    let t = risk.thresholds();
    // Shadow agreement over the recent decisions that carry a shadow score: both scores
    // in the same band (allow / review / block) under the thresholds of that decision.
    let band = |s: f64, r: f64, b: f64| u8::from(s >= r) + u8::from(s >= b);
    let (mut both, mut agree) = (0u32, 0u32);
    for d in shared.decisions.recent(None, SCAN) {
        if let Some(sh) = d.shadow_score {
            both += 1;
            let (r, b) = (f64::from(d.review_at), f64::from(d.block_at));
            agree += u32::from(band(f64::from(d.score), r, b) == band(f64::from(sh), r, b));
        }
    }
    let content = html! {
        table {
            tr { th { "Model version" } td id="model-version" { (risk.model.version()) } }
            tr { th { "Shadow model" } td { (risk.shadow.as_ref().map(|m| m.version().to_string()).unwrap_or_else(|| "—".into())) } }
            tr { th { "Review at" } td.num { (t.review_at) } }
            tr { th { "Block at" } td.num { (t.block_at) } }
            tr { th { "Shadow agreement" } td {
                @if both == 0 { "no shadow scores among the recent decisions" }
                @else { (format!("{:.1} %", f64::from(agree) * 100.0 / f64::from(both))) " of " (both) " recent orders in the same band" }
            } }
        }
        h2 { "Score histogram (since start)" }
        (histogram(&scrape, "riskgate_risk_score"))
        @if risk.shadow.is_some() {
            h2 { "Shadow score histogram" }
            (histogram(&scrape, "riskgate_shadow_score"))
        }
    };
    frame(who, flash, "Model", content)
}

#[cfg(test)]
mod tests {
    #[test]
    fn buckets_are_read_from_a_scrape() {
        let s = "riskgate_risk_score_bucket{le=\"0.05\"} 3\nriskgate_risk_score_bucket{le=\"+Inf\"} 5\nother 1\n";
        assert_eq!(
            super::buckets(s, "riskgate_risk_score"),
            vec![("0.05".to_string(), 3.0), ("+Inf".to_string(), 5.0)]
        );
    }
}
