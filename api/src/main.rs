//! The `laowu` command: serve the API, run the search indexer, rebuild the search index,
//! migrate the database, print the OpenAPI spec, create bureau accounts.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use laowu_api::{AppState, Config, demo, server, services, telemetry};
use laowu_domain::{Password, Phone, Role};

#[derive(Parser)]
#[command(name = "laowu", version, about = "劳务 laowu: jobs and training for migrant workers in Erenhot")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP API server (migrates the database first).
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080].
        #[arg(long, env = "LAOWU_ADDR")]
        addr: Option<String>,
        /// Load the demo accounts and print their logins.
        #[arg(long)]
        demo: bool,
    },
    /// Run only the search indexer (for deployments whose API nodes set
    /// LAOWU_SEARCH__INDEXER=off); several may run at once.
    Indexer,
    /// Clear the search index and rebuild it from the database, then exit.
    Reindex {
        /// Rows read and documents written per batch [default: search.batch_size].
        #[arg(long)]
        batch: Option<u64>,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Manage labour-bureau (admin) accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a bureau account (these are never self-registered).
    Create {
        #[arg(long)]
        phone: String,
        /// The password; prefer LAOWU_ADMIN_PASSWORD so it stays out of the shell history.
        #[arg(long, env = "LAOWU_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("laowu: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("laowu: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("laowu: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, mut config: Config) -> anyhow::Result<()> {
    match command {
        Command::Openapi => {
            print!("{}", laowu_api::openapi_json());
            Ok(())
        }
        Command::Migrate => {
            let search = laowu_api::search::unopened(&config);
            AppState::build_with_search(config, search).await?;
            tracing::info!("database is up to date");
            Ok(())
        }
        Command::Serve { addr, demo: with_demo } => {
            if let Some(addr) = addr {
                config.addr = addr;
            }
            let state = AppState::build(config).await?;
            if with_demo {
                let loaded = demo::load(&state).await?;
                if loaded.created {
                    laowu_api::store::jobs::refresh_statistics(&state.db).await?;
                    tracing::info!("demo data loaded");
                }
                eprintln!("{}", demo::logins());
            }
            let listener = server::bind(&state.config.addr).await?;
            let local = listener.local_addr()?;
            tracing::info!(addr = %local, "laowu listening; API reference at http://{local}/docs");
            server::serve(state, listener, server::shutdown_signal()).await
        }
        Command::Indexer => {
            let state = AppState::build(config).await?;
            server::run_indexer(state, server::shutdown_signal()).await
        }
        Command::Reindex { batch } => {
            let state = AppState::build(config).await?;
            let batch = batch.unwrap_or(state.config.search.batch_size);
            let report = laowu_api::indexer::rebuild(&state, batch).await?;
            for (kind, indexed) in &report.indexed {
                let scanned = report.scanned.get(kind).copied().unwrap_or(0);
                println!("{kind}: {indexed} indexed ({scanned} rows read)");
            }
            println!(
                "outbox: {} pending events made redundant, {} applied meanwhile queued again",
                report.events_done, report.events_requeued
            );
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { phone, password } } => {
            let phone = Phone::parse(&phone).context("--phone")?;
            let password = Password::parse(&password, Some(&phone)).context("--password")?;
            let search = laowu_api::search::unopened(&config);
            let state = AppState::build_with_search(config, search).await?;
            let account = services::auth::create_account(&state, phone, password, Role::Admin)
                .await
                .map_err(|e| anyhow::anyhow!("creating the bureau account: {e}"))?;
            println!("created bureau account {} ({})", account.id, account.phone.masked());
            Ok(())
        }
    }
}
