//! [`GuardPolicy`]: each route's guard settings compiled for one configuration
//! generation.

use super::*;

impl GuardPolicy {
    /// Compiles every route's guard settings for a configuration generation.
    pub fn build(config: &Config, guards: &Guards) -> GuardPolicy {
        let routes = config
            .routes
            .iter()
            .enumerate()
            .map(|(ri, r)| {
                let mut g = RouteGuards {
                    order: r.kind == crate::config::RouteKind::Order,
                    ..RouteGuards::default()
                };
                for (li, rl) in r.rate_limits.iter().enumerate() {
                    let Some(rate) = Rate::new(rl.rate, rl.per) else {
                        continue;
                    };
                    let scope = rate_scope(rl);
                    // Ids are stable for a given position, so an unchanged reload keeps
                    // its buckets.
                    g.rate.push(RateRule {
                        id: ((ri as u32) << 8) | (li as u32 & 0xff),
                        scope,
                        rate,
                        burst: rl.burst,
                    });
                    g.rate_labels.push(format!("{scope:?}").into());
                }
                for p in &r.purchase_limits {
                    let scope = match p.scope {
                        LimitScope::Device => PurchaseScope::Device,
                        LimitScope::User => PurchaseScope::User,
                        LimitScope::Ip | LimitScope::Route => PurchaseScope::Ip,
                    };
                    let window = match p.window {
                        CfgWindow::Day => PurchaseWindow::Day,
                        CfgWindow::Rolling(d) => PurchaseWindow::Rolling(d),
                    };
                    // A review limit's hard cap is a block rule on the same counter.
                    if let Some(hard) = p.hard_max.filter(|_| p.review) {
                        g.purchase.push(PurchaseRule {
                            scope,
                            max: hard,
                            window,
                            review: false,
                        });
                    }
                    g.purchase.push(PurchaseRule {
                        scope,
                        max: p.max,
                        window,
                        review: p.review,
                    });
                }
                g
            })
            .collect();
        GuardPolicy {
            routes,
            purchases: match &guards.hasher {
                Some(h) => PurchaseLimits::with_hasher(
                    guards.purchase_state.clone(),
                    config.limits.day_utc_offset_minutes,
                    h.clone(),
                ),
                None => PurchaseLimits::new(
                    guards.purchase_state.clone(),
                    config.limits.day_utc_offset_minutes,
                ),
            },
            velocity: Velocity::with_hasher(
                VelocityConfig {
                    small_amount_max_minor: config.limits.small_amount_minor,
                    ..VelocityConfig::default()
                },
                guards.velocity_state.clone(),
                guards.hasher.clone().unwrap_or_default(),
            ),
        }
    }
}

/// The bucket key scope of a configured rate limit (its metric label is the `Debug` form,
/// e.g. `ip+route`).
pub fn rate_scope(rl: &crate::config::RateLimitSettings) -> RateScope {
    rl.scope
        .iter()
        .map(|s| match s {
            LimitScope::Ip => RateScope::IP,
            LimitScope::Device => RateScope::DEVICE,
            LimitScope::User => RateScope::USER,
            LimitScope::Route => RateScope::ROUTE,
        })
        .reduce(|a, b| a | b)
        .unwrap_or(RateScope::IP)
}
