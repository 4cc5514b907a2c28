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
    /// Validate a config file and exit: 0 when valid, 1 with every problem listed.
    Check {
        /// Path to the TOML config.
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Re-score a decision log with another model and/or thresholds and show what changes.
    Replay {
        /// Decision log (JSON lines written by riskgate).
        #[arg(long)]
        log: PathBuf,
        /// Candidate ONNX model.
        #[arg(long)]
        model: PathBuf,
        /// Feature schema.
        #[arg(long, default_value = "models/schema.json")]
        schema: PathBuf,
        /// Review threshold for the candidate (default: the logged one per line).
        #[arg(long, requires = "block_at")]
        review_at: Option<f32>,
        /// Block threshold for the candidate.
        #[arg(long, requires = "review_at")]
        block_at: Option<f32>,
        /// `request_id,label` CSV (1 = fraud) for precision/recall.
        #[arg(long)]
        labels: Option<PathBuf>,
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
    },
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
        Command::Check { config } => check(&config),
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
            model,
            schema,
            review_at,
            block_at,
            labels,
            onnxruntime,
        } => replay(
            &log,
            &model,
            &schema,
            review_at.zip(block_at),
            labels.as_deref(),
            onnxruntime.as_deref(),
        ),
        Command::Demo { config } => {
            riskgate::demo::cli::run_demo(&config, cli.log_json).map_err(Into::into)
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

fn replay(
    log: &Path,
    model: &Path,
    schema: &Path,
    thresholds: Option<(f32, f32)>,
    labels: Option<&Path>,
    onnxruntime: Option<&Path>,
) -> anyhow::Result<()> {
    use riskgate::risk::{decision::Thresholds, model, replay, schema::FeatureSchema};
    use std::io::IsTerminal;
    let schema = FeatureSchema::load(schema)?;
    model::init_runtime(onnxruntime)?;
    let candidate = model::RiskModel::load(model, &schema, std::num::NonZeroUsize::MIN)?;
    let labels = match labels {
        Some(p) => Some(replay::read_labels(
            &std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        )),
        None => None,
    };
    let file = std::fs::File::open(log).with_context(|| format!("opening {}", log.display()))?;
    let opts = replay::ReplayOptions {
        thresholds: thresholds.map(|(review_at, block_at)| Thresholds {
            review_at,
            block_at,
        }),
        labels,
        examples: 3,
    };
    let tty = std::io::stderr().is_terminal();
    let report = replay::replay(
        std::io::BufReader::new(file),
        &candidate,
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
    println!("model {} ({})", candidate.version(), model.display());
    replay::print(&report, &mut std::io::stdout())?;
    Ok(())
}

fn check(path: &Path) -> anyhow::Result<()> {
    let c = config::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "{}: ok ({} routes, {} upstreams)",
        path.display(),
        c.routes.len(),
        c.upstreams.len()
    );
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
    let secrets = server::Secrets::from_env(&config)?;
    let shared =
        server::Shared::new(config, Some(path.to_path_buf()), secrets).context("starting")?;
    let srv = server::build(shared.clone())?;
    tracing::info!(config = %path.display(), "riskgate starting");
    server::run(srv, shared);
    Ok(())
}
