//! The HTML report in a real browser: headless Chromium (Debian's `chromium`) opens the report
//! of the bundled samples offline, runs its script with no console error, shows the key
//! elements, and saves a screenshot to `target/tmp/gapscan-report.png`.
//!
//! `.ci/run` installs Chromium. Elsewhere, install it (`apt-get install chromium`) or point
//! `GAPSCAN_CHROMIUM` at a Chromium binary; without one the test fails and says so.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn chromium() -> PathBuf {
    let candidate = std::env::var_os("GAPSCAN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        candidate.exists(),
        "no Chromium at {}: install Debian's `chromium` or set GAPSCAN_CHROMIUM",
        candidate.display()
    );
    candidate
}

/// Runs headless Chromium on `page` with `extra` flags; returns stdout and stderr.
fn headless(page: &Path, profile: &Path, extra: &[&str]) -> (String, String) {
    let url = format!("file://{}", page.display());
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let page = dir.join("gapscan-report.html");
    let shot = dir.join("gapscan-report.png");
    let _ = std::fs::remove_file(&shot);
    let out = run(&[
        "scan",
        "samples/production",
        "--baseline",
        "samples/pilot",
        "--classifications",
        "samples/classifications.json",
        "--format",
        "html",
        "-q",
        "-o",
        page.to_str().unwrap(),
    ]);
    let (_, _, stderr) = parts(&out);
    let html = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page must not fetch anything"
    );
    let findings = html.matches("<tr data-severity=").count();

    let profile = tempdir();
    let (dom, log) = headless(&page, profile.path(), &["--dump-dom"]);
    let console_errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("Uncaught")))
        .collect();
    assert!(
        console_errors.is_empty(),
        "console errors: {console_errors:?}"
    );
    for element in [
        "id=\"summary\"",
        "id=\"score\"",
        "id=\"effort\"",
        "id=\"findings\"",
        "<svg",
        "<select name=\"severity\"",
        "<select name=\"area\"",
        "<select name=\"table\"",
    ] {
        assert!(
            dom.contains(element),
            "{element} missing from the rendered page"
        );
    }
    // The filter script ran: it counts the rows it shows.
    assert!(
        dom.contains("data-filters=\"ready\""),
        "the filter script did not run"
    );
    assert!(
        dom.contains(&format!("<span id=\"shown\">{findings}</span>")),
        "the filter shows all {findings} findings at first"
    );

    let (_, _) = headless(
        &page,
        profile.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400",
            "--hide-scrollbars",
        ],
    );
    let png =
        std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    assert!(png.len() > 20_000, "the screenshot is not blank");
}
