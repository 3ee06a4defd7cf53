//! False-positive guard: real-looking clean tables profiled through the real binary produce no
//! quality finding above `low`.
//!
//! The corpus is generated deterministically (splitmix64): customers (CSV, with non-ASCII
//! names, optional middle names and notes, genuine zero loyalty points, two-letter state
//! codes), orders (two Parquet part files with one schema: a foreign key with repeats,
//! legitimately skewed log-normal and Pareto amounts, genuine zero discounts, a
//! dictionary-encoded status, a very sparse coupon code, short currency codes) and events
//! (NDJSON with optional keys: a referrer on 40% of events, an error code on 3%, revenue on
//! purchases only, heavy-tailed durations). If a check fires here, it fires on clean data.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::fmt::Write as _;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, DictionaryArray, Float64Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray,
};
use arrow::datatypes::Int32Type;
use common::*;
use gapscan::analysis::quality::{QualityConfig, check_table};
use gapscan::report::Severity;

const FIRST: [&str; 16] = [
    "Anna", "José", "Zoë", "Liam", "Noah", "Emma", "Olivia", "Björn", "Chloé", "Mateo", "Aiko",
    "Sofia", "Lucas", "Mia", "Ethan", "Ava",
];
const LAST: [&str; 12] = [
    "Müller",
    "O’Brien",
    "García",
    "Smith",
    "Nguyễn",
    "Kowalski",
    "Dubois",
    "Rossi",
    "Jones",
    "Brown",
    "Łukasz",
    "Søndergaard",
];
const STATES: [&str; 8] = ["CA", "NY", "TX", "FL", "WA", "IL", "MA", "OR"];
const NOTES: [&str; 4] = [
    "prefers email, not phone",
    "VIP since 2019; handle with care",
    "asked about the loyalty tiers",
    "moved — new address pending",
];

struct Rng(Box<dyn Iterator<Item = u64>>);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(Box::new(sequence(seed)))
    }
    fn u(&mut self) -> f64 {
        (self.0.next().unwrap() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0.next().unwrap() % n
    }
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.u()).sum::<f64>() - 6.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn date(days_since_2000: u64) -> String {
    // Civil date from days since 2000-03-01 would do; simpler: step through real months.
    let mut y = 2000;
    let mut d = days_since_2000;
    loop {
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let len = if leap { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let months = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, d + 1)
}

/// A birth date 1952…1976: 48 years before a date since 2000 (same leap years).
fn birth_date(days: u64) -> String {
    let d = date(days);
    let year: u32 = d[..4].parse().unwrap();
    format!("{}{}", year - 48, &d[4..])
}

fn customers_csv(rows: usize) -> String {
    let mut r = Rng::new(41);
    let mut out = String::from(
        "customer_id,first_name,middle_name,last_name,email,phone,state,country,signup_date,\
         birth_date,loyalty_points,is_active,notes\n",
    );
    for i in 0..rows {
        let first = r.pick(&FIRST);
        let last = r.pick(&LAST);
        let middle = if r.u() < 0.3 { r.pick(&FIRST) } else { "" };
        let state = STATES[(r.u() * r.u() * STATES.len() as f64) as usize];
        let country = if r.u() < 0.9 { "US" } else { "CA" };
        let points = if r.u() < 0.3 {
            0
        } else {
            (10f64.powf(1.0 + 2.0 * r.u())) as u64
        };
        let notes = if r.u() < 0.1 {
            format!("\"{}\"", r.pick(&NOTES))
        } else {
            String::new()
        };
        writeln!(
            out,
            "C{:06},{first},{middle},{last},user{i}@example.org,({}) 555-{:04},{state},{country},{},{},{points},{},{notes}",
            100_000 + i,
            200 + r.below(700),
            r.below(10_000),
            date(6000 + r.below(2500)),
            birth_date(r.below(9000)),
            if r.u() < 0.8 { "true" } else { "false" },
        )
        .unwrap();
    }
    out
}

fn orders_batch(seed: u64, first_id: i64, rows: usize) -> RecordBatch {
    let mut r = Rng::new(seed);
    let mut ids = Vec::new();
    let mut customers = Vec::new();
    let mut amounts = Vec::new();
    let mut shipping = Vec::new();
    let mut discounts = Vec::new();
    let mut quantities = Vec::new();
    let mut statuses = Vec::new();
    let mut coupons: Vec<Option<String>> = Vec::new();
    let mut currencies = Vec::new();
    let mut placed = Vec::new();
    for i in 0..rows {
        ids.push(first_id + i as i64);
        // Repeat customers: a skewed foreign key.
        customers.push(100_000 + (3000.0 * r.u() * r.u()) as i64);
        amounts.push((40.0 * 10f64.powf(0.5 * r.normal()) * 100.0).round() / 100.0);
        // Pareto shipping costs (long smooth tail).
        let u = (r.u() + 1e-9).min(1.0);
        shipping.push((4.0 * u.powf(-1.0 / 1.3) * 100.0).round() / 100.0);
        discounts.push(if r.u() < 0.6 {
            0.0
        } else {
            (r.u() * 30.0).round()
        });
        quantities.push(1 + (r.u() * r.u() * 5.0) as i64);
        statuses.push(
            ["delivered", "shipped", "cancelled", "returned"][(r.u() * r.u() * 4.0) as usize],
        );
        coupons.push((r.u() < 0.04).then(|| format!("SPRING{}", 10 + r.below(3) * 5)));
        currencies.push(["USD", "EUR", "GBP"][(r.u() * r.u() * 3.0) as usize]);
        placed.push(1_704_067_200_000_000 + r.below(180 * 86_400) as i64 * 1_000_000);
    }
    let status: DictionaryArray<Int32Type> = statuses.into_iter().collect();
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("order_id", Arc::new(Int64Array::from(ids))),
        ("customer_id", Arc::new(Int64Array::from(customers))),
        ("amount", Arc::new(Float64Array::from(amounts))),
        ("shipping_cost", Arc::new(Float64Array::from(shipping))),
        ("discount", Arc::new(Float64Array::from(discounts))),
        ("quantity", Arc::new(Int64Array::from(quantities))),
        ("status", Arc::new(status)),
        ("coupon_code", Arc::new(StringArray::from(coupons))),
        ("currency", Arc::new(StringArray::from(currencies))),
        (
            "placed_at",
            Arc::new(TimestampMicrosecondArray::from(placed)),
        ),
    ];
    RecordBatch::try_from_iter(columns).unwrap()
}

fn events_ndjson(rows: usize) -> String {
    let mut r = Rng::new(77);
    let mut out = String::new();
    let types = ["page_view", "search", "add_to_cart", "purchase", "login"];
    for i in 0..rows {
        let t = types[(r.u() * r.u() * types.len() as f64) as usize];
        let a = r.0.next().unwrap();
        let b = r.0.next().unwrap();
        let uuid = format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        );
        let mut line = format!(
            "{{\"event_id\":\"{uuid}\",\"user_id\":{},\"event_type\":\"{t}\",\"ts\":\"2024-0{}-{:02}T{:02}:{:02}:00Z\",\"page\":{},\"duration_ms\":{}",
            100_000 + r.below(3000),
            1 + r.below(6),
            1 + r.below(28),
            r.below(24),
            r.below(60),
            1 + (r.u() * r.u() * 50.0) as u64,
            (50.0 * (r.u() + 1e-6).powf(-1.0 / 1.1)) as u64,
        );
        if r.u() < 0.4 {
            line.push_str(&format!(
                ",\"referrer\":\"{}\"",
                ["google", "newsletter", "direct", "partner"][r.below(4) as usize]
            ));
        }
        if r.u() < 0.03 {
            line.push_str(&format!(",\"error_code\":\"E{}\"", 400 + r.below(5)));
        }
        if t == "purchase" {
            let revenue = if r.u() < 0.1 {
                0.0
            } else {
                (30.0 * 10f64.powf(0.4 * r.normal()) * 100.0).round() / 100.0
            };
            line.push_str(&format!(",\"revenue\":{revenue}"));
        }
        line.push_str(&format!(",\"session\":\"s{}\"}}\n", i / 4));
        out.push_str(&line);
    }
    out
}

#[test]
fn clean_generated_tables_produce_no_quality_finding_above_low() {
    let dir = tempdir();
    let root = dir.path().join("clean");
    std::fs::create_dir_all(root.join("orders")).unwrap();
    std::fs::write(root.join("customers.csv"), customers_csv(3000)).unwrap();
    write_parquet(
        &root.join("orders/part-0.parquet"),
        &orders_batch(1, 1, 6000),
    );
    write_parquet(
        &root.join("orders/part-1.parquet"),
        &orders_batch(2, 6001, 6000),
    );
    std::fs::write(root.join("events.ndjson"), events_ndjson(6000)).unwrap();
    let (code, profile, stderr) =
        profile_to(dir.path(), "clean.json", &[root.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(profile.tables.len(), 3);
    let config = QualityConfig::default();
    let mut loud = Vec::new();
    for t in &profile.tables {
        for f in check_table(t, None, &config) {
            if f.severity > Severity::Low {
                loud.push(format!("{} {}: {}", f.severity, f.id, f.message));
            }
        }
    }
    assert!(loud.is_empty(), "false positives:\n{}", loud.join("\n"));
}
