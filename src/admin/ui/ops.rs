//! Operator pages: lists, payment channels, callbacks, model. Like `views.rs`, each
//! renders the answer of the admin API's own handler.

use super::pages::{self, csrf, text, time_ms};
use super::views::{frame, SCAN};
use super::{api, api_message, Req, Who};
use crate::admin::{lists, money, Reply};
use crate::runtime::Shared;
use http::{Method, StatusCode};
use maud::{html, Markup};
use serde_json::{json, Value};
use std::sync::Arc;

/// List kinds, in the order the lists page shows them.
const KINDS: [&str; 5] = ["ip", "device", "user", "email", "email_domain"];

pub async fn lists_page(
    shared: &Arc<Shared>,
    who: &Who,
    req: &Req<'_>,
    flash: Option<&str>,
) -> Reply {
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

pub async fn channels(shared: &Arc<Shared>, who: &Who, flash: Option<&str>) -> Reply {
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

pub async fn callbacks(shared: &Arc<Shared>, who: &Who, flash: Option<&str>) -> Reply {
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

pub fn model(shared: &Arc<Shared>, who: &Who, flash: Option<&str>) -> Reply {
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
    // in the same band (allow / review / block) under the thresholds of that decision (its
    // own review threshold under [risk.expected_loss]).
    let band = |s: f64, r: f64, b: f64| u8::from(s >= r) + u8::from(s >= b);
    let (mut both, mut agree) = (0u32, 0u32);
    for d in shared.decisions.recent(None, SCAN) {
        if let Some(sh) = d.shadow_score {
            both += 1;
            let (r, b) = (f64::from(d.review_threshold()), f64::from(d.block_at));
            agree += u32::from(band(f64::from(d.score), r, b) == band(f64::from(sh), r, b));
        }
    }
    let content = html! {
        table {
            tr { th { "Model version" } td id="model-version" { (risk.model.version()) } }
            tr { th { "Shadow model" } td { (risk.shadow.as_ref().map(|m| m.version().to_string()).unwrap_or_else(|| "—".into())) } }
            tr { th { "Review at" } td.num { (t.review_at) } }
            tr { th { "Block at" } td.num { (t.block_at) } }
            @if let Some(el) = risk.settings.expected_loss {
                tr { th { "Review per order" } td id="expected-loss" { (format!(
                    "score × amount ≥ {} USD, within [{}, {}]",
                    el.review_usd, el.min_score, el.max_score
                )) } }
            }
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
