//! Nothing leaks: known secrets planted in CSV and NDJSON never appear in any output of
//! `gapscan profile` (summary on stdout, profile file with -o, stderr) or of
//! `gapscan detectors match`. The test also checks that detection did fire on every planted
//! column, so it cannot pass because nothing was looked at.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::*;

fn luhn_complete(prefix: &str) -> String {
    (0..10)
        .map(|d| format!("{prefix}{d}"))
        .find(|c| {
            let sum: u32 = c
                .bytes()
                .rev()
                .enumerate()
                .map(|(i, b)| {
                    let x = u32::from(b - b'0');
                    if i % 2 == 1 {
                        let y = x * 2;
                        if y > 9 { y - 9 } else { y }
                    } else {
                        x
                    }
                })
                .sum();
            sum.is_multiple_of(10)
        })
        .unwrap()
}

fn iban_gb(account: u64) -> String {
    let bban = format!("WEST{:014}", account);
    // Check digits: 98 - (BBAN + "GB00" as digits) mod 97.
    let rearranged = format!("{bban}GB00");
    let mut rem: u64 = 0;
    for c in rearranged.chars() {
        let v = c.to_digit(36).unwrap() as u64;
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("GB{:02}{bban}", 98 - rem)
}

struct Secrets {
    ssn: Vec<String>,
    card: Vec<String>,
    email: Vec<String>,
    aws: Vec<String>,
    iban: Vec<String>,
}

fn secrets() -> Secrets {
    const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let n = 24;
    Secrets {
        ssn: (0..n)
            .map(|i| format!("{:03}-{:02}-{:04}", 201 + i * 3, 11 + i, 3001 + i * 17))
            .collect(),
        card: (0..n)
            .map(|i| {
                luhn_complete(&format!(
                    "411111{:09}",
                    100_000_007 * (i + 1) % 1_000_000_000
                ))
            })
            .collect(),
        email: (0..n)
            .map(|i| format!("secret.person{i}@privatemail{i}.example"))
            .collect(),
        aws: (0..n)
            .map(|i| {
                let tail: String = (0..16)
                    .map(|k| B32[(i * 7 + k * 13 + k * i) % 32] as char)
                    .collect();
                format!("AKIA{tail}")
            })
            .collect(),
        iban: (0..n)
            .map(|i| iban_gb(40_000_000 + i as u64 * 7919))
            .collect(),
    }
}

fn all(s: &Secrets) -> Vec<&String> {
    s.ssn
        .iter()
        .chain(&s.card)
        .chain(&s.email)
        .chain(&s.aws)
        .chain(&s.iban)
        .collect()
}

fn plant(dir: &Path, s: &Secrets) {
    let mut csv = String::from("id,ref_code,payment,contact,api_token,supplier_account,notes\n");
    let mut nd = String::new();
    for i in 0..s.ssn.len() {
        let _ = writeln!(
            csv,
            "{i},{},{},{},{},{},\"Customer asked to use {} for receipts\"",
            s.ssn[i],
            s.card[i],
            s.email[i],
            s.aws[i],
            s.iban[i],
            s.email[(i + 1) % s.email.len()]
        );
        let _ = writeln!(
            nd,
            "{{\"id\":{i},\"tax_ref\":\"{}\",\"card\":\"{}\",\"mail\":\"{}\",\"key\":\"{}\",\"account\":\"{}\"}}",
            s.ssn[i], s.card[i], s.email[i], s.aws[i], s.iban[i]
        );
    }
    std::fs::write(dir.join("customers.csv"), csv).unwrap();
    std::fs::write(dir.join("events.ndjson"), nd).unwrap();
}

fn assert_clean(what: &str, text: &str, s: &Secrets) {
    for secret in all(s) {
        assert!(!text.contains(secret.as_str()), "{what} leaks {secret}");
    }
}

#[test]
fn profile_summary_and_file_hold_no_planted_secret() {
    let data = tempdir();
    let s = secrets();
    plant(data.path(), &s);
    let src = data.path().to_str().unwrap();

    let out = run(&["profile", src]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("ref_code"),
        "the summary lists the columns: {stdout}"
    );
    assert_clean("profile summary (stdout)", &stdout, &s);
    assert_clean("profile summary (stderr)", &stderr, &s);

    let dir = tempdir();
    let (code, profile, stderr) = profile_to(dir.path(), "p.json", &[src], &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("p.json")).unwrap();
    assert_clean("profile file", &text, &s);
    assert_clean("profile -o (stderr)", &stderr, &s);

    // Detection fired on every planted column, and those columns were redacted.
    for (t, c, entity) in [
        ("customers", "ref_code", "us_ssn"),
        ("customers", "payment", "credit_card"),
        ("customers", "contact", "email"),
        ("customers", "api_token", "aws_access_key_id"),
        ("customers", "supplier_account", "iban"),
        ("customers", "notes", "email"),
        ("events", "tax_ref", "us_ssn"),
        ("events", "card", "credit_card"),
        ("events", "mail", "email"),
        ("events", "key", "aws_access_key_id"),
        ("events", "account", "iban"),
    ] {
        let col = column(table(&profile, t), c);
        let hits = col.detectors.get(entity).map_or(0, |h| h.hits + h.embedded);
        assert!(hits > 0, "{t}.{c}: no {entity} hits: {:?}", col.detectors);
        assert!(col.redacted, "{t}.{c} was not redacted");
        assert!(col.summary.top_values.is_empty() && col.min.is_none());
    }
}

#[test]
fn detectors_match_prints_masked_text_only() {
    let s = secrets();
    for secret in [&s.ssn[0], &s.card[0], &s.email[0], &s.aws[0], &s.iban[0]] {
        let text = format!("value {secret} here");
        let out = run(&["detectors", "match", &text]);
        let (code, stdout, stderr) = parts(&out);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.contains("\"detector\""),
            "{secret}: nothing matched: {stdout}"
        );
        assert_clean("detectors match", &stdout, &s);
        assert_clean("detectors match (stderr)", &stderr, &s);
    }
}

#[test]
fn scan_and_diff_reports_in_every_format_hold_no_planted_secret() {
    let data = tempdir();
    let s = secrets();
    plant(data.path(), &s);
    let src = data.path().to_str().unwrap();
    let out_dir = tempdir();
    for format in ["text", "json", "markdown", "html"] {
        // The data is its own baseline here: every analysis runs, drift included.
        let path = out_dir.path().join(format!("report.{format}"));
        let out = run(&[
            "scan",
            src,
            "--baseline",
            src,
            "--format",
            format,
            "--verbose",
            "-o",
            path.to_str().unwrap(),
        ]);
        let (code, stdout, stderr) = parts(&out);
        assert!(code == 0, "{format}: {stderr}");
        let report = std::fs::read_to_string(&path).unwrap();
        if format == "json" {
            assert!(
                report.contains("unclassified_sensitive_field"),
                "detection fired: {report}"
            );
        }
        for (what, text) in [
            ("report", &report),
            ("stdout", &stdout),
            ("stderr", &stderr),
        ] {
            assert_clean(&format!("scan --format {format} {what}"), text, &s);
        }
    }
    let profile = out_dir.path().join("p.json");
    let out = run(&["profile", src, "-o", profile.to_str().unwrap(), "-q"]);
    assert_eq!(parts(&out).0, 0);
    let p = profile.to_str().unwrap();
    let out = run(&["diff", p, p, "--format", "json", "--verbose"]);
    let (_, stdout, stderr) = parts(&out);
    assert_clean("diff stdout", &stdout, &s);
    assert_clean("diff stderr", &stderr, &s);
}
