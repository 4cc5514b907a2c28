//! Where `riskgate demo` starts its stand-ins: read from the config riskgate itself runs
//! with, so moving a port in the file moves the stand-in too.
//!
//! The shop stand-in listens at `upstreams.shop.servers`, the fulfillment service at
//! `upstreams.fulfillment.servers`, and one channel stand-in at each `[channels.NAME]`
//! URL, signing callbacks in that channel's dialect with its `secret_env`. Anything the
//! stand-ins cannot be (a public address, TLS, an Alipay key pair, two servers on one
//! address) is refused with the field and its line, before anything is bound.
//!
//! It knows nothing of how stand-ins are run (`cli`) or where data goes (`data_dir`).

use crate::callbacks::dialect::Dialect;
use crate::config::{span, ChannelDialect, Config, ConfigError, ConfigErrors, PathMatch};
use crate::config::{RouteKind, UpstreamConfig};
use std::net::{Ipv4Addr, SocketAddr};

/// The stand-ins' addresses and the channels' callback settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The shop origin.
    pub shop: SocketAddr,
    /// One stand-in per configured payment channel, in name order.
    pub channels: Vec<ChannelSpot>,
    /// The fulfillment service callbacks are delivered to.
    pub fulfillment: SocketAddr,
    /// riskgate's plain listener as the stand-ins reach it (loopback when it listens on
    /// every address): the channels send their callbacks here.
    pub proxy: SocketAddr,
}

/// One payment-channel stand-in.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSpot {
    /// The `[channels.NAME]` name.
    pub name: String,
    /// Where it listens (the channel's `url`).
    pub addr: SocketAddr,
    /// How it signs callbacks.
    pub dialect: Dialect,
    /// The env var riskgate reads the callback secret from.
    pub secret_env: String,
    /// Path of the callback route for this channel (`None`: the channel sends none).
    pub callback_path: Option<String>,
}

/// Reads the stand-in layout from `config` (validated from `src`, which `file` names).
///
/// Called by `riskgate demo` once, after the config validated and before anything binds.
/// The error lists every problem with its line.
pub fn layout(config: &Config, src: &str, file: &str) -> Result<Layout, ConfigErrors> {
    let mut errs = Vec::new();
    let shop = single_server(config, "shop", &mut errs);
    let fulfillment = single_server(config, "fulfillment", &mut errs);
    let mut channels = Vec::new();
    for (name, ch) in &config.channels {
        let field = |k: &str| format!("channels.{name}.{k}");
        if ch.tls {
            errs.push(ConfigError::invalid(
                field("url"),
                "the demo's channel stand-in speaks plain HTTP: use an http:// loopback URL",
            ));
        }
        if !ch.addr.ip().is_loopback() {
            errs.push(ConfigError::invalid(
                field("url"),
                format!("the demo binds stand-ins on loopback only, not {}", ch.addr),
            ));
        }
        let dialect = match ch.dialect {
            ChannelDialect::Epay => Dialect::Epay,
            ChannelDialect::HmacSha256 => Dialect::HmacSha256,
            ChannelDialect::AlipayRsa2 => {
                errs.push(ConfigError::invalid(
                    field("dialect"),
                    "the demo's channel stand-in signs epay or hmac-sha256 callbacks only \
                     (alipay-rsa2 needs the provider's private key)",
                ));
                continue;
            }
        };
        let callback_path = config
            .routes
            .iter()
            .find(|r| r.kind == RouteKind::Callback && r.channel.as_deref() == Some(name))
            .and_then(|r| match &r.path {
                PathMatch::Prefix(p) => Some(p.clone()),
                PathMatch::Glob(_) => None,
            });
        channels.push(ChannelSpot {
            name: name.clone(),
            addr: ch.addr,
            dialect,
            secret_env: ch.secret_env.clone(),
            callback_path,
        });
    }
    let proxy = config.server.listen.first().map(|a| {
        let mut a = *a;
        if a.ip().is_unspecified() {
            a.set_ip(Ipv4Addr::LOCALHOST.into());
        }
        a
    });
    if proxy.is_none() {
        errs.push(ConfigError::invalid(
            "server.listen",
            "the demo needs a plain HTTP listener (its channels call back over it)",
        ));
    }
    clashes(config, shop, fulfillment, &channels, &mut errs);
    match (shop, fulfillment, proxy) {
        (Some(shop), Some(fulfillment), Some(proxy)) if errs.is_empty() => Ok(Layout {
            shop,
            channels,
            fulfillment,
            proxy,
        }),
        _ => Err(with_lines(errs, src, file)),
    }
}

/// The one loopback server of `upstreams.NAME`, or an error naming the field.
fn single_server(config: &Config, name: &str, errs: &mut Vec<ConfigError>) -> Option<SocketAddr> {
    let field = format!("upstreams.{name}.servers");
    let Some(UpstreamConfig { servers, tls, .. }) = config.upstreams.get(name) else {
        errs.push(ConfigError::invalid(
            format!("upstreams.{name}"),
            format!("the demo starts its {name} stand-in at upstreams.{name}.servers: add it"),
        ));
        return None;
    };
    let addr = match servers.as_slice() {
        [one] => one.addr,
        _ => {
            errs.push(ConfigError::invalid(
                field,
                format!("the demo starts one {name} stand-in: list exactly one address"),
            ));
            return None;
        }
    };
    if *tls {
        errs.push(ConfigError::invalid(
            format!("upstreams.{name}.tls"),
            "the demo's stand-ins speak plain HTTP",
        ));
    }
    if !addr.ip().is_loopback() {
        errs.push(ConfigError::invalid(
            field,
            format!("the demo binds stand-ins on loopback only, not {addr}"),
        ));
        return None;
    }
    Some(addr)
}

/// Two stand-ins, or a stand-in and a riskgate listener, on one address: the second bind
/// would fail with a bare "address in use", so it is named here with both fields.
fn clashes(
    config: &Config,
    shop: Option<SocketAddr>,
    fulfillment: Option<SocketAddr>,
    channels: &[ChannelSpot],
    errs: &mut Vec<ConfigError>,
) {
    let mut taken: Vec<(SocketAddr, String)> = config
        .server
        .listen
        .iter()
        .enumerate()
        .map(|(i, a)| (*a, format!("server.listen[{i}]")))
        .chain(std::iter::once((
            config.admin.listen,
            "admin.listen".to_string(),
        )))
        .collect();
    let stand_ins = shop
        .map(|a| (a, "upstreams.shop.servers".to_string()))
        .into_iter()
        .chain(fulfillment.map(|a| (a, "upstreams.fulfillment.servers".to_string())))
        .chain(
            channels
                .iter()
                .map(|c| (c.addr, format!("channels.{}.url", c.name))),
        );
    for (addr, field) in stand_ins {
        let same = |a: &SocketAddr| {
            a.port() == addr.port() && (a.ip() == addr.ip() || a.ip().is_unspecified())
        };
        if let Some((_, other)) = taken.iter().find(|(a, _)| same(a)) {
            errs.push(ConfigError::invalid(
                field.clone(),
                format!("{addr} is also {other}: give each stand-in its own port"),
            ));
        }
        taken.push((addr, field));
    }
}

/// Fills in each error's line from the source and wraps them for display.
fn with_lines(mut errors: Vec<ConfigError>, src: &str, file: &str) -> ConfigErrors {
    if let Ok(doc) = toml_edit::ImDocument::parse(src) {
        for err in &mut errors {
            if let ConfigError::Invalid { field, line, .. } = err {
                *line = span::line_of(&doc, src, field);
            }
        }
    }
    errors.sort_by_key(|e| e.line().unwrap_or(usize::MAX));
    ConfigErrors {
        file: file.to_string(),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../config/demo.toml");

    fn try_layout(src: &str) -> Result<Layout, String> {
        let config = crate::config::parse(src, "demo.toml").map_err(|e| e.to_string())?;
        layout(&config, src, "demo.toml").map_err(|e| e.to_string())
    }

    #[test]
    fn the_shipped_demo_config_places_every_stand_in() {
        let l = try_layout(DEMO).unwrap();
        assert_eq!(l.shop, "127.0.0.1:18081".parse().unwrap());
        assert_eq!(l.fulfillment, "127.0.0.1:18095".parse().unwrap());
        assert_eq!(l.proxy, "127.0.0.1:8080".parse().unwrap());
        let names: Vec<_> = l.channels.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["alpha", "beta", "gamma"]);
        assert_eq!(l.channels[1].dialect, Dialect::HmacSha256);
        assert_eq!(
            l.channels[0].callback_path.as_deref(),
            Some("/callbacks/alpha")
        );
    }

    #[test]
    fn moved_ports_move_the_stand_ins() {
        let src = DEMO
            .replace("127.0.0.1:18081", "127.0.0.1:28081")
            .replace("127.0.0.1:18092", "127.0.0.1:28092");
        let l = try_layout(&src).unwrap();
        assert_eq!(l.shop.port(), 28081);
        assert_eq!(l.channels[1].addr.port(), 28092);
    }

    #[test]
    fn a_public_or_shared_address_is_refused_with_field_and_line() {
        let src = DEMO
            .replace("127.0.0.1:18081", "10.0.0.1:18081")
            .replace("127.0.0.1:18093", "127.0.0.1:18091");
        let e = try_layout(&src).unwrap_err();
        let shop_line = src.lines().position(|l| l.contains("10.0.0.1")).unwrap() + 1;
        assert!(
            e.contains(&format!("demo.toml:{shop_line}: upstreams.shop.servers")),
            "{e}"
        );
        assert!(e.contains("loopback only"), "{e}");
        assert!(
            e.contains("channels.gamma.url: 127.0.0.1:18091 is also channels.alpha.url"),
            "{e}"
        );
    }

    #[test]
    fn a_stand_in_on_the_proxy_port_is_refused() {
        let src = DEMO.replace("127.0.0.1:18095", "127.0.0.1:8080");
        let e = try_layout(&src).unwrap_err();
        assert!(
            e.contains("upstreams.fulfillment.servers: 127.0.0.1:8080 is also server.listen[0]"),
            "{e}"
        );
    }
}
