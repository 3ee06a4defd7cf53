//! The `gapscan` binary: parse the command line, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match gapscan::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with success, usage errors to stderr.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match gapscan::run(cli) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(e) => {
            eprintln!("gapscan: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
