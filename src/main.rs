//! The `riskgate` command line: `run`, `check`, `demo`.
//!
//! Parses arguments, sets up logging, and hands off to `riskgate::server`. This is the
//! only place `anyhow` is used.

use anyhow::Context;
use clap::{Parser, Subcommand};
use riskgate::config::{self, LogFormat};
use riskgate::server;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc instead of glibc malloc: a proxy allocates and frees many small buffers per
/// request across threads, where glibc's arenas cost measurably more (see BENCHMARKS.md).
/// Built with `no_thp` (Cargo.toml): transparent huge pages put multi-millisecond page
/// faults on the request path whenever the heap grows.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "riskgate",
    version,
    about = "Edge proxy for auto-delivery shops: serves them fast, keeps fraud out.",
    long_about = "riskgate sits in front of an existing shop. It resolves the real client, \
                  routes requests to upstream groups with health checks, streams SSE and \
                  WebSocket unbuffered, and exposes Prometheus metrics and a token-protected \
                  admin API on a loopback listener."
)]
struct Cli {
    /// Log as JSON lines instead of human-readable text (overrides [log] format).
    #[arg(long, global = true)]
    log_json: bool,
    /// For evaluation and tests only: start the process clock at this instant (RFC 3339
    /// or Unix seconds) instead of now. Rate windows, velocity, device ages and the order's
    /// hour of day follow it. Never use it in production.
    #[arg(long, global = true, value_name = "RFC3339")]
    clock_start: Option<String>,
    /// For evaluation and tests only: simulated seconds per real second (1 to 100000), with
    /// --clock-start.
    #[arg(long, global = true, default_value_t = 1, requires = "clock_start")]
    clock_speed: u32,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the proxy with a config file.
    Run {
        /// Path to the TOML config (see config/riskgate.toml for every setting).
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Check a config file and what `run` would load with it (secrets in the environment,
    /// model and schema, geo files, lists, spool) and exit: 0 when it would start, 1 with
    /// every problem listed.
    Check {
        /// Path to the TOML config.
        #[arg(long, short)]
        config: PathBuf,
        /// Only parse and validate the file (for a config written on another machine:
        /// its paths and secrets are not checked).
        #[arg(long)]
        config_only: bool,
    },
    /// Re-decide a decision log with another model, thresholds, rules and block policy,
    /// and show what changes (per decision and, with labels, per label).
    Replay {
        /// Decision log (JSON lines written by riskgate).
        #[arg(long)]
        log: PathBuf,
        /// The config whose [risk] thresholds, rules and policy the log is decided with
        /// (and whose model and schema are the defaults). Without it: the logged
        /// thresholds per line, no rules, the default policy.
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// Candidate ONNX model. Default: the config's risk.model.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Feature schema. Default: the config's risk.schema (relative to the config
        /// file), else schema.json next to the model.
        #[arg(long)]
        schema: Option<PathBuf>,
        /// Review threshold for the candidate, in [0, 1] (with --block-at; default: the
        /// config's, else the logged one per line).
        #[arg(long, requires = "block_at")]
        review_at: Option<f32>,
        /// Block threshold for the candidate, in [0, 1], at least --review-at.
        #[arg(long, requires = "review_at")]
        block_at: Option<f32>,
        /// `request_id,label` CSV (1 = fraud) for the per-label tables.
        #[arg(long)]
        labels: Option<PathBuf>,
        /// What lines without a label count as.
        #[arg(long, value_enum, default_value = "ignore")]
        unlabelled: UnlabelledArg,
        /// Write every line whose decision changed to this CSV
        /// (`request_id,logged,new`), for a per-order look at what a candidate moves.
        #[arg(long)]
        changes: Option<PathBuf>,
        /// onnxruntime library (default: ORT_DYLIB_PATH, then ./.venv).
        #[arg(long)]
        onnxruntime: Option<PathBuf>,
    },
    /// Geolocation data tools.
    Geoip {
        #[command(subcommand)]
        command: GeoipCommand,
    },
    /// Run a self-contained demo: riskgate plus a loopback shop, three payment channels
    /// and a fulfillment service.
    Demo {
        /// Config for riskgate in the demo.
        #[arg(long, short, default_value = "config/demo.toml")]
        config: PathBuf,
        /// Where the callback spool and decision log go when the config leaves them
        /// unset (default: $XDG_RUNTIME_DIR/riskgate-demo-PORT, else the temp directory).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
}

/// `--unlabelled`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum UnlabelledArg {
    /// Count them as legitimate (labels list only the fraud found).
    Legit,
    /// Leave them out of the per-label tables.
    Ignore,
}

#[derive(Subcommand)]
enum GeoipCommand {
    /// Build the ASN MMDB from the `@ip-location-db/asn` CSV files (used by geoip/refresh.sh).
    ///
    /// The output is byte-identical for the same inputs and epoch.
    BuildAsn {
        /// asn-ipv4.csv (range start, range end, ASN, organisation).
        #[arg(long)]
        ipv4: PathBuf,
        /// asn-ipv6.csv.
        #[arg(long)]
        ipv6: PathBuf,
        /// Output .mmdb path.
        #[arg(long)]
        out: PathBuf,
        /// Build epoch written into the metadata (unix seconds; use the data date, not now).
        #[arg(long)]
        epoch: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(start) = &cli.clock_start {
        let set = riskgate::state::ClockStart::parse(start, cli.clock_speed)
            .and_then(riskgate::state::set_process_clock);
        if let Err(e) = set {
            eprintln!("riskgate: {e}");
            return ExitCode::FAILURE;
        }
        eprintln!(
            "riskgate: evaluation clock: starts at {start}, {}x real time",
            cli.clock_speed
        );
    }
    let result = match cli.command {
        Command::Check {
            config,
            config_only,
        } => check(&config, config_only),
        Command::Run { config } => run(&config, cli.log_json),
        Command::Geoip {
            command:
                GeoipCommand::BuildAsn {
                    ipv4,
                    ipv6,
                    out,
                    epoch,
                },
        } => riskgate::geo::build_asn_mmdb(&ipv4, &ipv6, &out, epoch)
            .map(|report| println!("{report}"))
            .map_err(Into::into),
        Command::Replay {
            log,
            config,
            model,
            schema,
            review_at,
            block_at,
            labels,
            unlabelled,
            changes,
            onnxruntime,
        } => replay(ReplayArgs {
            log,
            config,
            model,
            schema,
            thresholds: review_at.zip(block_at),
            labels,
            unlabelled: match unlabelled {
                UnlabelledArg::Legit => riskgate::risk::replay::Unlabelled::Legit,
                UnlabelledArg::Ignore => riskgate::risk::replay::Unlabelled::Ignore,
            },
            changes,
            onnxruntime,
        }),
        Command::Demo { config, data_dir } => {
            riskgate::demo::cli::run_demo(&config, data_dir.as_deref(), cli.log_json)
                .map_err(Into::into)
        }
    };
    // Log lines still queued go out before anything else is printed.
    riskgate::logging::flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("riskgate: {e:#}");
            ExitCode::FAILURE
        }
    }
}

struct ReplayArgs {
    log: PathBuf,
    config: Option<PathBuf>,
    model: Option<PathBuf>,
    schema: Option<PathBuf>,
    thresholds: Option<(f32, f32)>,
    labels: Option<PathBuf>,
    unlabelled: riskgate::risk::replay::Unlabelled,
    changes: Option<PathBuf>,
    onnxruntime: Option<PathBuf>,
}

fn replay(a: ReplayArgs) -> anyhow::Result<()> {
    use riskgate::risk::schema::FeatureSchema;
    use riskgate::risk::{baseline::Baseline, decision::Thresholds, model, policy, replay};
    use std::io::IsTerminal;
    // Checked first: a typo in a threshold should not wait for the model to load.
    let thresholds = match a.thresholds {
        Some((r, b)) => Some(Thresholds::new(r, b).context("--review-at / --block-at")?),
        None => None,
    };
    let risk = match &a.config {
        Some(p) => {
            let c = config::load(p).map_err(|e| anyhow::anyhow!("{e}"))?;
            Some(
                c.risk
                    .with_context(|| format!("{}: no [risk] section", p.display()))?,
            )
        }
        None => None,
    };
    let model_path = a
        .model
        .or_else(|| risk.as_ref().map(|r| r.model.clone()))
        .context("--model is required without --config")?;
    // Never relative to the working directory: the config's schema (already relative to
    // the config file), else the schema that sits next to the model.
    let schema_path = a
        .schema
        .or_else(|| risk.as_ref().map(|r| r.schema.clone()))
        .unwrap_or_else(|| model_path.with_file_name("schema.json"));
    let schema = FeatureSchema::load(&schema_path)?;
    model::init_runtime(
        a.onnxruntime
            .as_deref()
            .or(risk.as_ref().and_then(|r| r.onnxruntime.as_deref())),
    )?;
    let candidate = model::RiskModel::load(&model_path, &schema, std::num::NonZeroUsize::MIN)?;
    let labels = match &a.labels {
        Some(p) => Some(replay::read_labels(
            &std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        )),
        None => None,
    };
    let default_policy = config::PolicySettings {
        cap_weak_blocks: true,
        weak_features: None,
        strong_rules: config::DEFAULT_STRONG_RULES
            .iter()
            .map(|s| s.to_string())
            .collect(),
        sharing_features: None,
    };
    let policy_settings = risk.as_ref().map_or(&default_policy, |r| &r.policy);
    let baseline = Baseline::resolve(schema.names(), candidate.baseline_stats());
    let policy = policy::Policy::resolve(policy_settings, schema.names(), &baseline)?
        .with_evidence(
            &risk
                .as_ref()
                .map(|r| r.review_evidence.clone())
                .unwrap_or_default(),
            schema.names(),
            &baseline,
        )?;
    let file =
        std::fs::File::open(&a.log).with_context(|| format!("opening {}", a.log.display()))?;
    // Created before the replay, so a path that cannot be written fails at once, not after
    // a long log.
    let changes_file = match &a.changes {
        Some(p) => Some((
            p,
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let opts = replay::ReplayOptions {
        // Explicit --review-at / --block-at are flat; the config's come with its
        // [risk.expected_loss], as the proxy applies them.
        expected_loss: match thresholds {
            Some(_) => None,
            None => risk.as_ref().and_then(|r| r.expected_loss),
        },
        thresholds: thresholds.or(risk.as_ref().map(|r| Thresholds {
            review_at: r.review_at,
            block_at: r.block_at,
        })),
        rules: risk.as_ref().map(|r| r.rules.clone()),
        rates: risk.as_ref().map(|r| r.currency.clone()),
        signals: risk.as_ref().map(|r| r.signals.clone()),
        policy,
        labels,
        unlabelled: a.unlabelled,
        examples: 3,
        keep_changes: a.changes.is_some(),
    };
    let tty = std::io::stderr().is_terminal();
    let report = replay::replay(
        std::io::BufReader::new(file),
        |row| candidate.score(row).ok(),
        schema.hash(),
        &opts,
        |n| {
            if tty {
                eprint!("\r{n} decisions replayed…");
            }
        },
    );
    if tty {
        eprintln!();
    }
    println!("model {} ({})", candidate.version(), model_path.display());
    println!(
        "thresholds: {}; rules: {}",
        opts.thresholds
            .map_or("as logged per line".to_string(), |t| format!(
                "review_at {} block_at {}{}",
                t.review_at,
                t.block_at,
                opts.expected_loss.map_or(String::new(), |el| format!(
                    " (review per order at {} USD of expected loss, within [{}, {}])",
                    el.review_usd, el.min_score, el.max_score
                ))
            )),
        match &a.config {
            Some(p) => format!("recomputed with {}", p.display()),
            None => "none (no --config)".to_string(),
        }
    );
    replay::print(&report, &mut std::io::stdout())?;
    if let Some((path, f)) = changes_file {
        use std::io::Write;
        let mut w = std::io::BufWriter::new(f);
        writeln!(w, "request_id,logged,new")
            .and_then(|()| {
                report.changes.iter().try_for_each(|(id, logged, new)| {
                    writeln!(w, "{id},{},{}", logged.as_str(), new.as_str())
                })
            })
            .and_then(|()| w.flush())
            .with_context(|| format!("writing {}", path.display()))?;
        println!(
            "{} changed decisions written to {}",
            report.changes.len(),
            path.display()
        );
    }
    Ok(())
}

fn check(path: &Path, config_only: bool) -> anyhow::Result<()> {
    let c = config::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    if config_only {
        println!(
            "{}: ok ({} routes, {} upstreams; file only)",
            path.display(),
            c.routes.len(),
            c.upstreams.len()
        );
        return Ok(());
    }
    preflight(path, &c)?;
    println!(
        "{}: ok ({} routes, {} upstreams; secrets, model, geo files, lists and spool checked)",
        path.display(),
        c.routes.len(),
        c.upstreams.len()
    );
    Ok(())
}

/// Runs the start-up checks ([`server::preflight`]); every problem in one error.
fn preflight(path: &Path, c: &config::Config) -> anyhow::Result<()> {
    let (problems, notes) = server::preflight::check(c);
    for n in &notes {
        eprintln!("  note: {}: {}", n.field, n.message);
    }
    if !problems.is_empty() {
        let mut text = format!(
            "{}: {} problem{} at start-up",
            path.display(),
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
        for p in &problems {
            text.push_str("\n  ");
            if !p.message.starts_with(p.field) {
                text.push_str(p.field);
                text.push_str(": ");
            }
            text.push_str(&p.message);
        }
        anyhow::bail!(text);
    }
    Ok(())
}

fn run(path: &Path, log_json: bool) -> anyhow::Result<()> {
    let config = config::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let format = if log_json {
        LogFormat::Json
    } else {
        config.log.format
    };
    riskgate::logging::init(format, &config.log.level);
    // Every start-up problem at once (the same checks as `riskgate check`).
    preflight(path, &config)?;
    let secrets = server::Secrets::from_env(&config)?;
    let shared =
        server::Shared::new(config, Some(path.to_path_buf()), secrets).context("starting")?;
    let srv = server::build(shared.clone())?;
    tracing::info!(config = %path.display(), "riskgate starting");
    server::run(srv, shared);
    Ok(())
}
