//! The `order` route kind: read the body (bounded), parse it through the field map, run
//! the guards with the order's identities, score it, decide, answer or forward, log.
//!
//! Glue: the pieces live in `risk` and `guards`. The body is read whole first (see
//! `body`), and exactly the bytes scored are forwarded.

use super::body;
use super::ctx::{RequestCtx, Routed};
use super::ctx_parts::OrderVerdict;
use super::{guard, respond};
use crate::guards::{Subject, Verdict};
use crate::risk::decision::{Decision, Stage};
use crate::risk::features::FeatureInput;
use crate::risk::order::{self, OrderError};
use crate::risk::record::{self, Action, Seen};
use crate::risk::rules;
use crate::risk::signals;
use crate::risk::Reason;
use crate::runtime::Shared;
use crate::state::Clock;
use pingora::proxy::Session;

fn parse_error_cause(e: &OrderError) -> &'static str {
    match e {
        OrderError::Body { .. } => "bad_body",
        OrderError::Missing { .. } => "missing_field",
        OrderError::Ambiguous { .. } | OrderError::InQuery { .. } => "ambiguous_field",
        OrderError::Invalid { .. } => "invalid_field",
        OrderError::Unsupported { .. } => "unsupported_body",
    }
}

/// Answers 415 for an order body the shop would decode or parse as another format.
async fn unsupported(
    session: &mut Session,
    shared: &Shared,
    ctx: &RequestCtx,
    e: OrderError,
) -> bool {
    shared
        .metrics
        .order_parse_errors
        .with_label_values(&[parse_error_cause(&e)])
        .inc();
    respond::unsupported_body(session, &ctx.request_id, e.field(), &e.to_string()).await;
    true
}

/// Handles an order request; returns `true` when a response was written here.
pub async fn handle(session: &mut Session, shared: &Shared, ctx: &mut RequestCtx) -> bool {
    let Routed::Yes { index, .. } = &ctx.routed else {
        return false;
    };
    let index = *index;
    let rt = ctx.rt.clone();
    let Some(route) = rt.routes.get(index).map(|r| &r.config) else {
        return false;
    };
    let (Some(settings), Some(engine)) = (&route.order, &rt.risk) else {
        return false;
    };
    let m = &shared.metrics;
    // A body the shop would decode or parse as another format is refused before it is read.
    let headers = &session.req_header().headers;
    let label = match order::check_content_encoding(headers)
        .and_then(|()| order::check_content_type(settings.fields.format, headers))
    {
        Ok(l) => l,
        Err(e) => return unsupported(session, shared, ctx, e).await,
    };
    // The retry buffer makes pingora call the body filter after this phase, which then
    // sends `ctx.whole_body` (see `body`).
    session.as_mut().enable_retry_buffering();
    let deadline = body::deadline(ctx);
    let bytes = match body::read_whole(session, route.max_body_bytes as usize, deadline).await {
        Ok(b) => b,
        Err(e) => {
            if e == body::BodyError::TooLarge {
                m.order_parse_errors.with_label_values(&["too_large"]).inc();
            }
            body::refuse(session, shared, ctx, e).await;
            return true;
        }
    };
    if let order::Label::Other(value) = &label {
        if let Err(e) = order::check_other_reading(&bytes, &settings.fields, value) {
            return unsupported(session, shared, ctx, e).await;
        }
    }
    let stage_started = std::time::Instant::now();
    let order = match order::parse(&bytes, &settings.fields) {
        Ok(o) => o,
        Err(e) => {
            m.order_parse_errors
                .with_label_values(&[parse_error_cause(&e)])
                .inc();
            let code = match e {
                OrderError::Ambiguous { .. } => "ambiguous_field",
                _ => "bad_order",
            };
            respond::bad_order(session, &ctx.request_id, code, e.field(), &e.to_string()).await;
            return true;
        }
    };
    // A mapped field in the query string with another value is a second order the shop
    // may read instead.
    if let Err(e) = order::check_query(session.req_header().uri.query(), &settings.fields, &order) {
        m.order_parse_errors
            .with_label_values(&[parse_error_cause(&e)])
            .inc();
        let (field, message) = (e.field(), e.to_string());
        respond::bad_order(session, &ctx.request_id, "ambiguous_field", field, &message).await;
        return true;
    }
    ctx.whole_body = Some(bytes);

    // Guards with the order's own identities (user and email come from the body).
    let Some(ip) = ctx.client_ip else {
        return false;
    };
    let device = ctx.device.id.map(|d| d.to_string());
    let req = session.req_header();
    let header_user = route.user_key.as_ref().and_then(|s| guard::extract(req, s));
    let user = order.user.as_deref().or(header_user);
    let subject = Subject {
        ip,
        device: device.as_deref(),
        user,
        email: order.email.as_deref(),
        route: index as u32,
        amount_minor: guard::usd_cents(&order, &rt),
        fingerprint: ctx.device.fingerprint.map(|f| f.http.0),
        country: ctx.geo.country,
        new_device: ctx.device.new,
    };
    let accept_language = req
        .headers
        .get(http::header::ACCEPT_LANGUAGE)
        .map(|v| v.as_bytes());
    let now_s = shared.guards.clock_unix();
    // A device first seen on this request cannot have posted a beacon yet.
    let beacon_traits = ctx
        .device
        .id
        .filter(|_| !ctx.device.new)
        .and_then(|id| shared.beacons.get_with_traits(id, now_s));
    let beacon = beacon_traits.map(|(b, _)| b);
    // Does the hardware the beacon saw fit the device this request's UA claims?
    let device_inconsistent =
        beacon_traits.and_then(|(_, traits)| super::device::request_consistency(req, &traits));
    // Account and fingerprint signals: counted for orders that pass the guards, read for
    // refused ones (their log line still carries the facts); in fleet mode their Redis
    // reads share the guards' round trip.
    let sig = crate::guards::SignalRequest {
        input: signals::SignalInput {
            ip,
            geo: ctx.geo,
            lang_region: accept_language.and_then(crate::risk::features::accept_language_region),
            user,
            beacon: beacon.map(|b| (b.hash, b.timezone_offset_minutes)),
            device_age_secs: (!ctx.device.new).then_some(ctx.device.age_secs),
            amount: order.amount_minor.map(|m| (m, order.currency.as_str())),
            amount_usd: order.amount_usd(&engine.settings.currency),
            email: order.email.as_deref(),
            user_agent: super::device::user_agent(req),
            http_fingerprint: ctx.device.fingerprint.map(|f| f.http.0),
        },
        settings: &engine.settings.signals,
    };
    let checked = shared.guards.check_order(&rt.guards, &subject, &sig).await;
    let verdict = checked.verdict;

    // Features (also for guard refusals: every order outcome is one decision-log line).
    let signals = ctx
        .device
        .fingerprint
        .map_or(crate::fingerprint::AutomationSignals::NONE, |f| f.signals);
    let mut input = FeatureInput {
        order: &order,
        rates: &engine.settings.currency,
        geo: ctx.geo,
        accept_language,
        signals,
        beacon,
        device_new: ctx.device.new,
        cookie_tampered: ctx.device.tampered,
        device_age_secs: ctx.device.age_secs,
        velocity: Default::default(),
        disposable: &engine.disposable,
        facts: Default::default(),
    };
    let mut seen = Seen {
        now_s,
        ts_ms: shared.guards.clock.now_ms(),
        request_id: &ctx.request_id,
        route: &route.name,
        client_ip: ip,
        geo: ctx.geo,
        device_id: device.as_deref(),
        user,
        order: &order,
        shadow_mode: settings.shadow,
        small_surge: 0,
        signals: None,
    };
    // A purchase limit with `action = "review"`: the order is scored and held, with the
    // limit as a review reason (the family's sixth gift card is not lost).
    let mut limit_review = None;
    let refused = match &verdict {
        Verdict::Pass { velocity, .. } => {
            input.velocity = velocity.unwrap_or_default();
            None
        }
        Verdict::PurchaseLimited {
            reason,
            review: true,
            ..
        } => {
            input.velocity = shared.guards.velocity_snapshot(&rt.guards, &subject);
            limit_review = Some(rules::RuleHit {
                reason: *reason,
                action: crate::config::RuleAction::Review,
            });
            None
        }
        Verdict::Listed { reason, .. } => Some((Stage::GuardList, *reason)),
        Verdict::RateLimited { .. } => Some((Stage::RateLimit, Reason::RateLimited)),
        Verdict::PurchaseLimited { reason, .. } => Some((Stage::PurchaseLimit, *reason)),
        Verdict::StateUnavailable { guard } => Some((
            if *guard == "rate" {
                Stage::RateLimit
            } else {
                Stage::PurchaseLimit
            },
            crate::guards::STATE_UNAVAILABLE,
        )),
    };
    // Without a beacon of its own, a cookie-less order's client may have posted one
    // (`beacon_via_client`, counted with the signals).
    let device_inconsistent = match beacon {
        Some(_) => device_inconsistent,
        None => checked.signals.device_inconsistent,
    };
    let mut signal_facts = crate::risk::signals::SignalFacts {
        device_inconsistent,
        device_replayed: ctx.device.replayed,
        quantity: order.quantity,
        ..checked.signals
    };
    // Tor / Mullvad Browser / resistFingerprinting: one fingerprint for every user.
    let firefox = ctx
        .device
        .fingerprint
        .is_some_and(|f| f.ua == crate::fingerprint::UaFamily::Firefox);
    if firefox
        && beacon.is_some()
        && ctx
            .device
            .id
            .is_some_and(|id| shared.beacons.uniform(id, now_s))
    {
        signal_facts = signal_facts.uniform();
    }
    // Satellite, in-flight, maritime, enterprise gateways: the address's country is the
    // operator's gateway.
    signal_facts = engine.settings.signals.network(ctx.geo.asn, signal_facts);
    signal_facts.cookies_rare = shared
        .cookie_share
        .observe(signal_facts.device_age_secs.is_some());
    if signal_facts.cookies_rare
        && engine.settings.signals.cookieless_min_usd.is_some()
        && shared.cookie_share.warn_once()
    {
        tracing::warn!(
            share = shared.cookie_share.share(),
            "fewer than one in ten orders carry the device cookie: cookieless_order cannot \
             fire (is the order route on another host than the pages that set the cookie?)"
        );
    }
    seen.signals = Some(signal_facts);
    // The same facts are model inputs (schema v3).
    input.facts = signal_facts;
    if let Some((stage, reason)) = refused {
        input.velocity = checked.refused_velocity.unwrap_or_default();
        seen.small_surge = input.velocity.small_surge;
        let a = engine.refused(&input, stage, reason);
        log_outcome(shared, engine.record(&seen, &a, None));
        guard::answer(session, shared, ctx, verdict).await;
        return true;
    }

    seen.small_surge = input.velocity.small_surge;
    let mut hits = rules::apply(&input, &engine.settings.rules);
    hits.extend(rules::currency_hit(&order, &engine.settings.currency));
    hits.extend(limit_review);
    hits.extend(signals::evaluate_after_rules(
        &signal_facts,
        &engine.settings.signals,
        &hits,
    ));
    let assessment = match engine.assess(&input, &hits) {
        Ok(a) => a,
        Err(e) => {
            // Fail open: a broken runtime must not stop sales; it is logged and counted.
            tracing::error!(request_id = %ctx.request_id, "risk model failed: {e}");
            m.decisions
                .with_label_values(&["allow", "model_error"])
                .inc();
            let a = engine.failed_open(&input);
            log_outcome(shared, engine.record(&seen, &a, None));
            ctx.order = Some(OrderVerdict {
                score: 0.0,
                decision: Decision::Allow,
                reasons: a.reasons.iter().map(|r| r.as_str()).collect(),
                shadow_decision: None,
                order,
                channel: None,
            });
            return false;
        }
    };
    m.risk_score.observe(f64::from(assessment.score));
    m.model_inference_seconds
        .observe(assessment.inference_seconds);
    if let Some(s) = assessment.shadow_score {
        m.shadow_score.observe(f64::from(s));
    }
    let decision = assessment.decision;
    if assessment.reasons.is_empty() {
        m.decisions
            .with_label_values(&[decision.as_str(), "none"])
            .inc();
    }
    for r in &assessment.reasons {
        m.decisions
            .with_label_values(&[decision.as_str(), r.as_str()])
            .inc();
    }
    let shadow_mode = settings.shadow;
    let channel = settings
        .channel_group
        .as_deref()
        .filter(|_| shadow_mode || decision != Decision::Block)
        .and_then(|g| super::channel::recommend(shared, ctx, g));
    log_outcome(shared, engine.record(&seen, &assessment, channel.clone()));
    m.order_stage_seconds
        .observe(stage_started.elapsed().as_secs_f64());
    // Replay this order's path on this worker while orders come slowly (order_warm.rs).
    super::order_warm::ensure(&rt, &m.order_rehearsals, || super::order_warm::Script {
        body: ctx.whole_body.clone().unwrap_or_default(),
        route: index,
        geo: ctx.geo,
        signals,
        accept_language: accept_language.map(<[u8]>::to_vec),
    });
    let mut reasons: Vec<&'static str> = assessment.reasons.iter().map(|r| r.as_str()).collect();
    reasons.extend(assessment.top_features.iter().copied());
    if let Action::Respond(status) = record::action(decision, settings.review, shadow_mode) {
        if status == 202 {
            let held = super::review::Held {
                score: assessment.score,
                reasons: &reasons,
                user: user.map(str::to_string),
                email: order.email.clone(),
            };
            super::review::hold(session, shared, ctx, held).await;
            return true;
        }
        respond::decision(
            session,
            status,
            &ctx.request_id,
            decision.as_str(),
            &reasons,
            assessment.score,
        )
        .await;
        return true;
    }
    ctx.order = Some(OrderVerdict {
        score: assessment.score,
        decision: if shadow_mode {
            Decision::Allow
        } else {
            decision
        },
        reasons: if shadow_mode { Vec::new() } else { reasons },
        shadow_decision: shadow_mode.then_some(decision),
        order,
        channel,
    });
    false
}

/// Counts one order outcome (`riskgate_orders_total{decision,stage}`: once per order,
/// unlike the per-reason `riskgate_decisions_total`) and records its decision-log line.
fn log_outcome(shared: &Shared, rec: crate::risk::log::DecisionRecord) {
    shared
        .metrics
        .orders
        .with_label_values(&[rec.decision.as_str(), rec.stage.as_str()])
        .inc();
    shared.decisions.record(rec);
}

/// Adds `X-Risk-Score`, `X-Risk-Decision`, `X-Risk-Reasons` to an allowed or reviewed
/// order's upstream request.
pub fn forward_headers(
    req: &mut pingora::http::RequestHeader,
    ctx: &RequestCtx,
) -> pingora::Result<()> {
    let Some(v) = &ctx.order else {
        return Ok(());
    };
    req.insert_header("x-risk-score", format!("{:.4}", v.score))?;
    req.insert_header("x-risk-decision", v.decision.as_str())?;
    if !v.reasons.is_empty() {
        req.insert_header("x-risk-reasons", v.reasons.join(","))?;
    }
    if let Some(c) = &v.channel {
        req.insert_header("x-payment-channel", c.as_str())?;
    }
    if let Some(d) = v.shadow_decision {
        req.insert_header("x-risk-shadow-decision", d.as_str())?;
    }
    Ok(())
}
