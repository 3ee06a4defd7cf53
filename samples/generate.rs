//! Deterministic generator of gapscan's bundled sample data.
//!
//! It writes two exports of the same four warehouse tables (`customers`, `orders`, `events`,
//! `products`): `samples/pilot/`, the small, clean, masked demo set a pilot team hand-picked,
//! and `samples/production/`, the same tables as the real source systems deliver them: larger,
//! in messier formats, with real-looking (but synthetic) personal data and with every finding
//! kind of `shared/DESIGN.md` planted on a named column. Some columns are deliberately left
//! unchanged (controls) and some only look sensitive (decoys), so that a scan can be shown to
//! stay quiet where it should. Everything planted is recorded in `samples/expected.json`, which
//! this program writes from the very rows it generates, so the two cannot disagree; the
//! classification manifest goes to `samples/classifications.json`.
//!
//! Output is byte-identical on every run: one seeded splitmix64 stream per purpose, no clock,
//! no hash-map iteration, CSV and NDJSON written by hand, and a fixed Parquet `created_by`.
//!
//! Run with `cargo run --example generate-samples`.

use std::borrow::Cow;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, Date32Array, Float64Array, Int32Array, Int64Array, StringArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::ipc::writer::FileWriter;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;
use serde::Serialize;

type Res<T> = Result<T, Box<dyn Error>>;

/// Row counts of the two exports.
const PILOT_CUSTOMERS: usize = 400;
const PROD_UNIQUE_CUSTOMERS: usize = 4_925;
const PROD_DUPLICATE_CUSTOMER_ROWS: usize = 75;
const PILOT_ORDERS_PER_MONTH: usize = 500;
const PROD_ORDERS: usize = 20_000;
const PILOT_EVENTS: usize = 1_000;
const PROD_EVENTS: usize = 8_000;
const PILOT_PRODUCTS: usize = 60;
const PROD_PRODUCTS: usize = 200;
const PROD_STORES: usize = 2_000;
const PILOT_STORES: usize = 10;

/// The pilot covers January to March 2024; production covers June 2023 to December 2024.
const PILOT_MONTHS: [(i32, u32); 3] = [(2024, 1), (2024, 2), (2024, 3)];
const PROD_FIRST_MONTH: (i32, u32) = (2023, 6);
const PROD_LAST_MONTH: (i32, u32) = (2024, 12);
/// The one production part file of `orders` whose schema disagrees with the others.
const ODD_MONTH: (i32, u32) = (2024, 7);

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/// splitmix64: tiny, fast, and good enough for sample data.
struct Rng(u64);

impl Rng {
    /// An independent stream per purpose, so changing one table never reshuffles another.
    fn stream(name: &str) -> Rng {
        // FNV-1a of the stream name, mixed with a fixed project seed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h ^ 0x6761_7073_6361_6e21) // "gapscan!"
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    fn pick_ref<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// Picks from (item, weight) pairs.
    fn weighted<T: Copy>(&mut self, xs: &[(T, f64)]) -> T {
        let total: f64 = xs.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for &(item, w) in xs {
            if x < w {
                return item;
            }
            x -= w;
        }
        xs[xs.len() - 1].0
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal with the given median and log-space sigma: the skew of prices and sizes.
    fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8] = b"0123456789abcdef";
        (0..n).map(|_| char::from(HEX[self.below(16)])).collect()
    }

    fn upper_alnum(&mut self, n: usize, alphabet: &[u8]) -> String {
        (0..n)
            .map(|_| char::from(alphabet[self.below(alphabet.len())]))
            .collect()
    }
}

/// Exactly proportional assignment (largest remainder), shuffled: control columns use this so
/// the pilot and production mixes are the same up to rounding, not just in expectation.
fn quota<T: Clone>(rng: &mut Rng, shares: &[(T, f64)], n: usize) -> Vec<T> {
    let total: f64 = shares.iter().map(|(_, w)| w).sum();
    let exact: Vec<f64> = shares.iter().map(|(_, w)| w / total * n as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut missing = n - counts.iter().sum::<usize>();
    for &i in order.iter().cycle() {
        if missing == 0 {
            break;
        }
        counts[i] += 1;
        missing -= 1;
    }
    let mut out = Vec::with_capacity(n);
    for ((item, _), c) in shares.iter().zip(counts) {
        out.extend(std::iter::repeat_n(item.clone(), c));
    }
    rng.shuffle(&mut out);
    out
}

/// `count` distinct indices out of 0..n, in ascending order.
fn sample_indices(rng: &mut Rng, n: usize, count: usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut all);
    all.truncate(count);
    all.sort_unstable();
    all
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// Days since 1970-01-01 (proleptic Gregorian), as Arrow's Date32 counts them.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn iso_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn us_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{m:02}/{d:02}/{y:04}")
}

fn iso_timestamp(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(86_400) as i32;
    let secs = epoch_seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        iso_date(days),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn month_start(ym: (i32, u32)) -> i32 {
    days_from_civil(ym.0, ym.1, 1)
}

fn next_month(ym: (i32, u32)) -> (i32, u32) {
    if ym.1 == 12 {
        (ym.0 + 1, 1)
    } else {
        (ym.0, ym.1 + 1)
    }
}

/// Months from `first` to `last`, both included.
fn months(first: (i32, u32), last: (i32, u32)) -> Vec<(i32, u32)> {
    let mut out = vec![first];
    while *out.last().unwrap_or(&last) != last {
        let next = next_month(out[out.len() - 1]);
        out.push(next);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Validators the planted values must satisfy (or, for decoys, must fail)
// ---------------------------------------------------------------------------------------------

/// The digit that makes `payload` + digit pass the Luhn check.
fn luhn_check_digit(payload: &str) -> u8 {
    let mut sum = 0u32;
    for (i, c) in payload.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    ((10 - sum % 10) % 10) as u8
}

fn luhn_valid(number: &str) -> bool {
    let (payload, check) = number.split_at(number.len() - 1);
    u32::from(luhn_check_digit(payload)) == u32::from(check.as_bytes()[0] - b'0')
}

/// ISO 13616 remainder of an IBAN-style alphanumeric string (letters count as 10..35).
fn mod97(s: &str) -> u64 {
    s.chars().fold(0u64, |r, c| match c.to_digit(36) {
        Some(v) if v < 10 => (r * 10 + u64::from(v)) % 97,
        Some(v) => (r * 100 + u64::from(v)) % 97,
        None => r,
    })
}

fn iban(country: &str, bban: &str) -> String {
    let check = 98 - mod97(&format!("{bban}{country}00"));
    format!("{country}{check:02}{bban}")
}

fn iban_valid(iban: &str) -> bool {
    let (head, tail) = iban.split_at(4);
    mod97(&format!("{tail}{head}")) == 1
}

/// US SSN issuance rules: area not 000, 666 or 900-999; group not 00; serial not 0000.
fn ssn(rng: &mut Rng) -> String {
    let area = loop {
        let a = rng.range(1, 899);
        if a != 666 {
            break a;
        }
    };
    format!(
        "{area:03}-{:02}-{:04}",
        rng.range(1, 99),
        rng.range(1, 9999)
    )
}

fn ssn_valid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [area, group, serial] = parts.as_slice() else {
        return false;
    };
    let (Ok(a), Ok(g), Ok(sr)) = (
        area.parse::<u32>(),
        group.parse::<u32>(),
        serial.parse::<u32>(),
    ) else {
        return false;
    };
    area.len() == 3 && a != 0 && a != 666 && a < 900 && g != 0 && sr != 0
}

fn uuid_v4(rng: &mut Rng) -> String {
    let h = rng.hex(32);
    let variant = ["8", "9", "a", "b"][rng.below(4)];
    format!(
        "{}-{}-4{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        variant,
        &h[17..20],
        &h[20..32]
    )
}

/// What a UTF-8 string looks like after someone decoded its bytes as Windows-1252
/// (`é` → `Ã©`, `’` → `â€™`): the commonest mojibake in real exports.
fn mojibake(s: &str) -> String {
    const CP1252_80_9F: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    s.bytes()
        .map(|b| match b {
            0x80..=0x9F => CP1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Lower-case ASCII for e-mail local parts.
fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'ø' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                'ễ' => 'e',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Christopher", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Betty",
    "Mark", "Sandra", "Steven", "Ashley", "Andrew", "Emily", "Joshua", "Michelle", "Kevin",
    "Amanda", "Brian", "Melissa", "Luis", "Sofia", "Carlos", "Camila", "Wei", "Mei", "Priya",
    "Arjun", "Olivia", "Liam", "Noah", "Emma", "Ava", "Ethan", "José", "Chloé", "Zoë", "Mateo",
    "Aisha", "Omar", "Hannah", "Grace",
];

/// Plain surnames and surnames with non-ASCII letters (the ones encoding damage shows on).
#[rustfmt::skip]
const LAST_NAMES_ASCII: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner",
    "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris",
    "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Kim",
    "Patel", "Chen", "Nguyen", "Singh", "Tremblay", "Roy", "Rivera",
];
#[rustfmt::skip]
const LAST_NAMES_ACCENTED: &[&str] = &[
    "García", "Martínez", "Rodríguez", "Hernández", "López", "González", "Pérez", "Núñez",
    "Peña", "Müller", "O’Brien", "O’Connor", "Côté", "Gagné", "Bélanger", "Lefèvre", "Jiménez",
    "Ibáñez", "Søndergaard", "Nguyễn",
];

struct Place {
    city: &'static str,
    state: &'static str,
    country: &'static str,
    /// US/PR: first three zip digits; CA: forward sortation area.
    postal_prefix: &'static str,
    area_codes: &'static [u16],
    weight: f64,
}

const fn place(
    city: &'static str,
    state: &'static str,
    country: &'static str,
    postal_prefix: &'static str,
    area_codes: &'static [u16],
    weight: f64,
) -> Place {
    Place {
        city,
        state,
        country,
        postal_prefix,
        area_codes,
        weight,
    }
}

#[rustfmt::skip]
const PLACES: &[Place] = &[
    place("New York", "NY", "US", "100", &[212, 646, 917], 8.0),
    place("Brooklyn", "NY", "US", "112", &[718, 347], 5.0),
    place("Buffalo", "NY", "US", "142", &[716], 1.5),
    place("Los Angeles", "CA", "US", "900", &[213, 310, 323], 7.0),
    place("San Francisco", "CA", "US", "941", &[415, 628], 4.0),
    place("San Diego", "CA", "US", "921", &[619, 858], 3.5),
    place("San Jose", "CA", "US", "951", &[408, 669], 3.0),
    place("Sacramento", "CA", "US", "958", &[916], 2.0),
    place("Houston", "TX", "US", "770", &[713, 832], 5.0),
    place("Austin", "TX", "US", "787", &[512, 737], 3.5),
    place("Dallas", "TX", "US", "752", &[214, 469], 4.0),
    place("San Antonio", "TX", "US", "782", &[210], 3.0),
    place("Miami", "FL", "US", "331", &[305, 786], 4.0),
    place("Orlando", "FL", "US", "328", &[407], 2.5),
    place("Tampa", "FL", "US", "336", &[813], 2.5),
    place("Chicago", "IL", "US", "606", &[312, 773], 6.0),
    place("Springfield", "IL", "US", "627", &[217], 1.0),
    place("Seattle", "WA", "US", "981", &[206], 3.5),
    place("Spokane", "WA", "US", "992", &[509], 1.0),
    place("Boston", "MA", "US", "021", &[617], 3.5),
    place("Worcester", "MA", "US", "016", &[508], 1.0),
    place("Atlanta", "GA", "US", "303", &[404, 678], 3.5),
    place("Philadelphia", "PA", "US", "191", &[215, 267], 3.5),
    place("Pittsburgh", "PA", "US", "152", &[412], 2.0),
    place("Columbus", "OH", "US", "432", &[614], 2.5),
    place("Cleveland", "OH", "US", "441", &[216], 2.0),
    place("Denver", "CO", "US", "802", &[303, 720], 3.0),
    place("Phoenix", "AZ", "US", "850", &[602, 480], 3.5),
    place("Portland", "OR", "US", "972", &[503, 971], 2.5),
    place("Minneapolis", "MN", "US", "554", &[612], 2.0),
    place("Detroit", "MI", "US", "482", &[313], 2.0),
    place("Charlotte", "NC", "US", "282", &[704, 980], 2.5),
    place("Nashville", "TN", "US", "372", &[615], 2.0),
    place("Las Vegas", "NV", "US", "891", &[702], 2.0),
    place("Baltimore", "MD", "US", "212", &[410, 443], 2.0),
    place("Newark", "NJ", "US", "071", &[973], 1.5),
    place("Richmond", "VA", "US", "232", &[804], 1.5),
    place("Madison", "WI", "US", "537", &[608], 1.0),
    place("Salt Lake City", "UT", "US", "841", &[801], 1.5),
    place("Kansas City", "MO", "US", "641", &[816], 1.5),
    place("New Orleans", "LA", "US", "701", &[504], 1.5),
    place("Toronto", "ON", "CA", "M5V", &[416, 647], 4.0),
    place("Ottawa", "ON", "CA", "K1P", &[613], 1.5),
    place("Vancouver", "BC", "CA", "V6B", &[604, 778], 2.5),
    place("Montréal", "QC", "CA", "H2X", &[514, 438], 2.5),
    place("Calgary", "AB", "CA", "T2P", &[403, 587], 1.5),
    place("San Juan", "PR", "PR", "009", &[787, 939], 3.0),
    place("Bayamón", "PR", "PR", "009", &[787], 1.5),
    place("Ponce", "PR", "PR", "007", &[787], 1.0),
];

/// `customers.country` is a control: this exact mix in both exports.
const COUNTRY_SHARES: &[(&str, f64)] = &[("US", 0.88), ("CA", 0.09), ("PR", 0.03)];

/// Spellings of a state that the production CRM lets through (planted category variants).
const STATE_VARIANTS: &[(&str, &[&str])] = &[
    ("NY", &["ny", "N.Y.", "New York"]),
    ("CA", &["ca", "Calif.", "California"]),
    ("TX", &["tx", "Tex.", "Texas"]),
    ("FL", &["fl", "Fla.", "Florida"]),
    ("IL", &["il", "Ill.", "Illinois"]),
];

#[rustfmt::skip]
const OCCUPATIONS: &[&str] = &[
    "Software Engineer", "Teacher", "Registered Nurse", "Accountant", "Sales Manager",
    "Graphic Designer", "Electrician", "Pharmacist", "Attorney", "Marketing Specialist",
    "Retail Associate", "Project Manager", "Chef", "Mechanic", "Physician", "Student",
    "Data Analyst", "Real Estate Agent", "Dental Hygienist", "Consultant", "Writer",
    "Civil Engineer", "Police Officer", "Retired",
];

const EMAIL_DOMAINS: &[(&str, f64)] = &[
    ("gmail.com", 45.0),
    ("yahoo.com", 14.0),
    ("outlook.com", 10.0),
    ("hotmail.com", 8.0),
    ("icloud.com", 9.0),
    ("aol.com", 3.0),
    ("comcast.net", 4.0),
    ("protonmail.com", 3.0),
    ("sympatico.ca", 2.0),
    ("live.com", 2.0),
];

#[rustfmt::skip]
const EMPLOYER_DOMAINS: &[&str] = &[
    "northwindtraders.com", "contoso-health.com", "globexcorp.com", "initech.io",
    "brightlane.co", "harborfreightlogistics.com", "bluepeakdental.com", "vandelay.com",
];

/// Support notes. `{}` marks where the production CRM holds a real e-mail or phone number and
/// the pilot's masked copy says "[redacted]".
const NOTES_PLAIN: &[&str] = &[
    "Prefers contact by email.",
    "Asked about the loyalty program.",
    "Requested a printed catalog.",
    "VIP customer - priority support.",
    "Returned an item; refund issued.",
    "Moved recently; address updated.",
    "Left a 5-star review.",
    "Interested in bulk pricing.",
    "Asked to pause marketing for a month.",
    "Had a damaged delivery; replacement sent.",
];
const NOTES_PLAIN_PRODUCTION_EXTRA: &[&str] = &[
    "Called about order, asked for refund to the original card.",
    "Store visit, wants the same jacket in size M, L and XL.",
    "Follow-up needed.\nSee ticket 4411.",
    "Complained about \"late\" delivery, offered 10% coupon.",
];
const NOTES_WITH_EMAIL: &[&str] = &[
    "Customer asked us to send receipts to {} from now on.",
    "Alt contact: {}, per call on 03/12.",
    "Wants order updates at {} instead of the address on file.",
    "Escalated, reply to {} within 24h.",
];
const NOTES_WITH_PHONE: &[&str] = &[
    "Reached by phone at {}, prefers evenings.",
    "Left voicemail at {}.\nCall back Tuesday.",
    "Courier should call {} on arrival.",
];

const PAYMENT_PILOT: &[(&str, f64)] = &[
    ("card", 0.60),
    ("paypal", 0.30),
    ("apple_pay", 0.05),
    ("gift_card", 0.05),
];
const PAYMENT_PROD: &[(&str, f64)] = &[
    ("card", 0.60),
    ("paypal", 0.05),
    ("apple_pay", 0.30),
    ("gift_card", 0.05),
];

const CHANNEL_PILOT: &[(&str, f64)] = &[("web", 0.55), ("mobile", 0.35), ("store", 0.10)];
const CHANNEL_PROD: &[(&str, f64)] = &[
    ("web", 0.45),
    ("mobile", 0.30),
    ("store", 0.10),
    ("marketplace", 0.10),
    ("b2b", 0.05),
];

/// Controls of `orders`: the same exact mix in both exports.
const QUANTITY_SHARES: &[(i32, f64)] = &[(1, 0.55), (2, 0.25), (3, 0.10), (4, 0.06), (5, 0.04)];
const STATUS_SHARES: &[(&str, f64)] = &[
    ("delivered", 0.70),
    ("shipped", 0.15),
    ("cancelled", 0.08),
    ("returned", 0.07),
];
const COMMENT_FILL: f64 = 0.20;
const ORDER_COMMENTS: &[&str] = &[
    "Leave at front door",
    "Gift wrap please",
    "Ring the bell twice",
    "Deliver after 5pm",
    "Fragile - handle with care",
    "Please include gift receipt",
    "Side entrance",
    "No substitutions",
];
const SHIPPING_COSTS: &[(f64, f64)] = &[
    (0.0, 0.30),
    (4.99, 0.25),
    (6.99, 0.25),
    (9.99, 0.15),
    (14.99, 0.05),
];

/// Control of `events`.
const EVENT_TYPE_SHARES: &[(&str, f64)] = &[
    ("page_view", 0.45),
    ("search", 0.15),
    ("add_to_cart", 0.18),
    ("remove_from_cart", 0.04),
    ("checkout", 0.10),
    ("login", 0.08),
];
const DEVICES: &[(&str, f64)] = &[
    ("web", 0.50),
    ("ios", 0.22),
    ("android", 0.18),
    ("api", 0.10),
];
const APP_VERSIONS: &[(&str, f64)] = &[
    ("5.9.2", 0.08),
    ("5.10.1", 0.15),
    ("5.11.0", 0.27),
    ("5.12.0", 0.50),
];
/// First octets of public IPv4 space (no private, loopback, test or multicast ranges).
#[rustfmt::skip]
const PUBLIC_FIRST_OCTETS: &[u8] = &[
    24, 50, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 104, 107, 108,
    142, 173, 174, 184, 207, 208, 209,
];

struct Category {
    name: &'static str,
    share: f64,
    brands: &'static [&'static str],
    nouns: &'static [&'static str],
    price_median: f64,
    weight_median_kg: f64,
}

/// `products.category` is a control: exactly these shares in both exports.
#[rustfmt::skip]
const CATEGORIES: &[Category] = &[
    Category {
        name: "Electronics",
        share: 0.20,
        brands: &["Voltix", "Nimbus", "Arcwave", "Lumen"],
        nouns: &[
            "Wireless Earbuds", "USB-C Charger", "Bluetooth Speaker", "Smart Plug", "HD Webcam",
            "Power Bank", "Mechanical Keyboard", "Wireless Mouse",
        ],
        price_median: 49.0,
        weight_median_kg: 0.35,
    },
    Category {
        name: "Home & Kitchen",
        share: 0.25,
        brands: &["Hearthway", "Copperleaf", "Kitchara"],
        nouns: &[
            "Chef's Knife", "Cast Iron Skillet", "French Press", "Cutting Board", "Throw Blanket",
            "Ceramic Mug Set", "Dutch Oven", "Spice Rack",
        ],
        price_median: 34.0,
        weight_median_kg: 1.2,
    },
    Category {
        name: "Apparel",
        share: 0.20,
        brands: &["Northbound", "Threadline", "Marlowe"],
        nouns: &[
            "Rain Jacket", "Merino Sweater", "Chino Pants", "Oxford Shirt", "Wool Socks",
            "Down Vest", "Denim Jacket", "Beanie",
        ],
        price_median: 45.0,
        weight_median_kg: 0.5,
    },
    Category {
        name: "Sports & Outdoors",
        share: 0.15,
        brands: &["Peakform", "Stridewell"],
        nouns: &[
            "Yoga Mat", "Trail Backpack", "Water Bottle", "Camping Lantern", "Resistance Bands",
            "Hiking Poles",
        ],
        price_median: 39.0,
        weight_median_kg: 0.9,
    },
    Category {
        name: "Beauty",
        share: 0.10,
        brands: &["Glowery", "Purelle"],
        nouns: &["Face Serum", "Hand Cream", "Lip Balm Set", "Shampoo Bar", "Sunscreen SPF 50"],
        price_median: 18.0,
        weight_median_kg: 0.15,
    },
    Category {
        name: "Toys",
        share: 0.10,
        brands: &["Brickly", "Wonderbox"],
        nouns: &[
            "Building Blocks", "Puzzle 1000 pc", "Plush Bear", "Wooden Train Set", "Card Game",
        ],
        price_median: 24.0,
        weight_median_kg: 0.6,
    },
];
#[rustfmt::skip]
const PRODUCT_ADJECTIVES: &[&str] = &[
    "Classic", "Pro", "Compact", "Deluxe", "Everyday", "Eco", "Ultra", "Essential",
];
const ORIGINS: &[&str] = &["CN", "VN", "US", "DE", "MX", "TW"];

// ---------------------------------------------------------------------------------------------
// Expected findings (samples/expected.json) and manifest (samples/classifications.json)
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct Expected {
    format: &'static str,
    description: &'static str,
    baseline: &'static str,
    current: &'static str,
    classifications: &'static str,
    tables: Vec<TableInfo>,
    planted: Vec<Planted>,
    controls: Vec<Control>,
    decoys: Vec<Decoy>,
    /// Sensitive columns the manifest declares correctly: no sensitive finding expected.
    classified: Vec<Classified>,
    not_planted: Vec<NotPlanted>,
}

#[derive(Serialize)]
struct TableInfo {
    table: &'static str,
    pilot: ExportInfo,
    production: ExportInfo,
}

#[derive(Serialize)]
struct ExportInfo {
    path: String,
    format: &'static str,
    rows: usize,
    columns: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    files: Vec<FileInfo>,
}

#[derive(Serialize)]
struct FileInfo {
    path: String,
    rows: usize,
    columns: Vec<String>,
}

#[derive(Serialize)]
struct Planted {
    table: &'static str,
    /// None for table-level findings.
    column: Option<&'static str>,
    kind: &'static str,
    /// Detector id, for sensitive findings.
    entity: Option<&'static str>,
    /// For `column_renamed`: the pilot's name of the column.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_column: Option<&'static str>,
    /// Production rows that show the problem, where that is a row count.
    affected_rows: Option<usize>,
    note: String,
}

#[derive(Serialize)]
struct Control {
    table: &'static str,
    column: &'static str,
    note: &'static str,
}

#[derive(Serialize)]
struct Decoy {
    table: &'static str,
    column: &'static str,
    looks_like: &'static str,
    why_not: &'static str,
}

#[derive(Serialize)]
struct Classified {
    table: &'static str,
    column: &'static str,
    entity: &'static str,
    note: &'static str,
}

#[derive(Serialize)]
struct NotPlanted {
    what: &'static str,
    why: &'static str,
}

#[derive(Serialize)]
struct Classification {
    table: &'static str,
    column: &'static str,
    classification: &'static str,
}

/// Collects what each table function planted.
#[derive(Default)]
struct Ledger {
    tables: Vec<TableInfo>,
    planted: Vec<Planted>,
    controls: Vec<Control>,
    decoys: Vec<Decoy>,
}

impl Ledger {
    fn plant(
        &mut self,
        table: &'static str,
        column: Option<&'static str>,
        kind: &'static str,
        affected_rows: Option<usize>,
        note: impl Into<String>,
    ) {
        self.planted.push(Planted {
            table,
            column,
            kind,
            entity: None,
            baseline_column: None,
            affected_rows,
            note: note.into(),
        });
    }

    fn plant_sensitive(
        &mut self,
        table: &'static str,
        column: &'static str,
        kind: &'static str,
        entity: &'static str,
        affected_rows: usize,
        note: impl Into<String>,
    ) {
        self.planted.push(Planted {
            table,
            column: Some(column),
            kind,
            entity: Some(entity),
            baseline_column: None,
            affected_rows: Some(affected_rows),
            note: note.into(),
        });
    }

    fn control(&mut self, table: &'static str, column: &'static str, note: &'static str) {
        self.controls.push(Control {
            table,
            column,
            note,
        });
    }

    fn decoy(
        &mut self,
        table: &'static str,
        column: &'static str,
        looks_like: &'static str,
        why_not: &'static str,
    ) {
        self.decoys.push(Decoy {
            table,
            column,
            looks_like,
            why_not,
        });
    }
}

fn pct(part: usize, whole: usize) -> String {
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

/// RFC 4180 quoting, only where needed (as most exporters do).
fn csv_field(v: &str) -> Cow<'_, str> {
    if v.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", v.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(v)
    }
}

/// A CSV file with a header; `None` is an empty field.
fn write_csv(
    path: &Path,
    header: &[&str],
    rows: &[Vec<Option<String>>],
    line_end: &str,
) -> Res<()> {
    let mut out = String::new();
    out.push_str(&header.join(","));
    out.push_str(line_end);
    for row in rows {
        let fields: Vec<Cow<'_, str>> = row
            .iter()
            .map(|v| csv_field(v.as_deref().unwrap_or("")))
            .collect();
        out.push_str(&fields.join(","));
        out.push_str(line_end);
    }
    fs::write(path, out)?;
    Ok(())
}

fn write_parquet(path: &Path, batch: &RecordBatch) -> Res<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let props = WriterProperties::builder()
        .set_created_by("gapscan sample generator".to_string())
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3)?))
        .build();
    let mut writer = ArrowWriter::try_new(fs::File::create(path)?, batch.schema(), Some(props))?;
    writer.write(batch)?;
    writer.close()?;
    Ok(())
}

fn write_arrow_ipc(path: &Path, batch: &RecordBatch) -> Res<()> {
    let mut writer = FileWriter::try_new(fs::File::create(path)?, &batch.schema())?;
    writer.write(batch)?;
    writer.finish()?;
    Ok(())
}

/// Builds a record batch from (field, array) pairs.
fn batch(columns: Vec<(Field, ArrayRef)>) -> Res<RecordBatch> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns.into_iter().unzip();
    Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?)
}

fn column(name: &str, data_type: DataType, nullable: bool, array: ArrayRef) -> (Field, ArrayRef) {
    (Field::new(name, data_type, nullable), array)
}

// One constructor per Arrow type used; `_opt` variants are nullable fields.

fn utf8<S: AsRef<str>>(name: &str, values: impl IntoIterator<Item = S>) -> (Field, ArrayRef) {
    let array = StringArray::from_iter_values(values);
    column(name, DataType::Utf8, false, Arc::new(array))
}

fn utf8_opt<S: AsRef<str>>(
    name: &str,
    values: impl IntoIterator<Item = Option<S>>,
) -> (Field, ArrayRef) {
    let array: StringArray = values.into_iter().collect();
    column(name, DataType::Utf8, true, Arc::new(array))
}

fn int64(name: &str, values: impl IntoIterator<Item = i64>) -> (Field, ArrayRef) {
    let array = Int64Array::from_iter_values(values);
    column(name, DataType::Int64, false, Arc::new(array))
}

fn int32(name: &str, values: impl IntoIterator<Item = i32>) -> (Field, ArrayRef) {
    let array = Int32Array::from_iter_values(values);
    column(name, DataType::Int32, false, Arc::new(array))
}

fn float64(name: &str, values: impl IntoIterator<Item = f64>) -> (Field, ArrayRef) {
    let array = Float64Array::from_iter_values(values);
    column(name, DataType::Float64, false, Arc::new(array))
}

fn float64_opt(name: &str, values: impl IntoIterator<Item = Option<f64>>) -> (Field, ArrayRef) {
    let array: Float64Array = values.into_iter().collect();
    column(name, DataType::Float64, true, Arc::new(array))
}

fn date32(name: &str, values: impl IntoIterator<Item = i32>) -> (Field, ArrayRef) {
    let array = Date32Array::from_iter_values(values);
    column(name, DataType::Date32, false, Arc::new(array))
}

fn date32_opt(name: &str, values: impl IntoIterator<Item = Option<i32>>) -> (Field, ArrayRef) {
    let array: Date32Array = values.into_iter().collect();
    column(name, DataType::Date32, true, Arc::new(array))
}

/// A JSON string literal.
fn js(s: &str) -> Res<String> {
    Ok(serde_json::to_string(s)?)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

// ---------------------------------------------------------------------------------------------
// customers
// ---------------------------------------------------------------------------------------------

enum NoteKind {
    Plain(&'static str),
    Email(&'static str),
    Phone(&'static str),
}

/// One real customer, as the CRM knows them; the pilot gets a masked copy.
struct Customer {
    id: i64,
    first: &'static str,
    last: &'static str,
    place: &'static Place,
    postal_code: String,
    email: String,
    billing_email: String,
    alt_email: String,
    phone: String,
    alt_phone: String,
    ssn: String,
    dob: i32,
    signup: i32,
    occupation: &'static str,
    loyalty_points: i64,
    opt_in: bool,
    referral_code: Option<String>,
    note: Option<NoteKind>,
}

fn postal_code(rng: &mut Rng, p: &Place) -> String {
    if p.country == "CA" {
        const LETTERS: &[u8] = b"ABCEGHJKLMNPRSTVWXYZ";
        format!(
            "{} {}{}{}",
            p.postal_prefix,
            rng.below(10),
            char::from(rng.pick(LETTERS)),
            rng.below(10)
        )
    } else {
        format!("{}{:02}", p.postal_prefix, rng.below(100))
    }
}

/// A North American number that is not fictional (no 555 exchange, no N11).
fn phone_number(rng: &mut Rng, p: &Place) -> String {
    let area = rng.pick(p.area_codes);
    let exchange = loop {
        let e = rng.range(200, 999);
        if e != 555 && e % 100 != 11 {
            break e;
        }
    };
    format!("({area}) {exchange}-{:04}", rng.range(0, 9999))
}

fn email_address(rng: &mut Rng, first: &str, last: &str) -> String {
    let (f, l) = (ascii_fold(first), ascii_fold(last));
    let domain = rng.weighted(EMAIL_DOMAINS);
    let local = match rng.below(5) {
        0 => format!("{f}.{l}"),
        1 => format!("{}{l}{}", &f[..1], rng.range(1, 99)),
        2 => format!("{f}{l}{}", rng.range(70, 99)),
        3 => format!("{f}_{l}"),
        _ => format!("{f}.{l}{}", rng.range(1, 999)),
    };
    format!("{local}@{domain}")
}

fn customer_universe() -> Vec<Customer> {
    let mut rng = Rng::stream("customers/universe");
    let countries = quota(&mut rng, COUNTRY_SHARES, PROD_UNIQUE_CUSTOMERS);
    let first_signup = days_from_civil(2019, 1, 1);
    let last_signup = days_from_civil(2024, 12, 31);
    let span = f64::from(last_signup - first_signup);
    let mut people: Vec<Customer> = countries
        .iter()
        .map(|country| {
            let places: Vec<(&'static Place, f64)> = PLACES
                .iter()
                .filter(|p| p.country == *country)
                .map(|p| (p, p.weight))
                .collect();
            let place: &'static Place = rng.weighted(&places);
            let first = rng.pick(FIRST_NAMES);
            let last = if rng.chance(0.22) {
                rng.pick(LAST_NAMES_ACCENTED)
            } else {
                rng.pick(LAST_NAMES_ASCII)
            };
            let email = email_address(&mut rng, first, last);
            let billing_email = if rng.chance(0.65) {
                email.clone()
            } else {
                format!(
                    "{}.{}@{}",
                    ascii_fold(first),
                    ascii_fold(last),
                    rng.pick(EMPLOYER_DOMAINS)
                )
            };
            let alt_email = email_address(&mut rng, first, last);
            let age_years = (42.0 + 14.0 * rng.normal()).clamp(18.0, 88.0);
            let dob = days_from_civil(2024, 6, 30) - (age_years * 365.25) as i32;
            // Sign-ups grow over time: sqrt skews towards recent dates.
            let signup = first_signup + (rng.unit().sqrt() * span) as i32;
            let loyalty_points = if rng.chance(0.08) {
                0
            } else {
                (rng.log_normal(800.0, 1.0).round() as i64).min(50_000)
            };
            let referral_code = match rng.below(10) {
                0..=2 => Some(format!(
                    "FRIEND-{}",
                    rng.upper_alnum(4, b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                )),
                3 => Some("SPRING10".to_string()),
                4 => Some("PODCAST".to_string()),
                _ => None,
            };
            let note = if rng.chance(0.45) {
                Some(match rng.below(3) {
                    0 if rng.chance(0.66) => NoteKind::Email(rng.pick(NOTES_WITH_EMAIL)),
                    0 => NoteKind::Phone(rng.pick(NOTES_WITH_PHONE)),
                    _ if rng.chance(0.12) => {
                        NoteKind::Plain(rng.pick(NOTES_PLAIN_PRODUCTION_EXTRA))
                    }
                    _ => NoteKind::Plain(rng.pick(NOTES_PLAIN)),
                })
            } else {
                None
            };
            Customer {
                id: 0,
                first,
                last,
                place,
                postal_code: postal_code(&mut rng, place),
                email,
                billing_email,
                alt_email,
                phone: phone_number(&mut rng, place),
                alt_phone: phone_number(&mut rng, place),
                ssn: ssn(&mut rng),
                dob,
                signup,
                occupation: rng.pick(OCCUPATIONS),
                loyalty_points,
                opt_in: rng.chance(0.62),
                referral_code,
                note,
            }
        })
        .collect();
    // Customer ids follow sign-up order, as a CRM sequence would.
    people.sort_by_key(|c| c.signup);
    for (i, c) in people.iter_mut().enumerate() {
        c.id = 100_001 + i as i64;
    }
    people
}

/// The pilot team picked 400 customers who had signed up by the end of March 2024, keeping the
/// country mix exact.
fn pilot_customer_indices(people: &[Customer]) -> Vec<usize> {
    let mut rng = Rng::stream("customers/pilot-pick");
    let cutoff = days_from_civil(2024, 3, 31);
    let mut chosen = Vec::new();
    let wanted = quota(&mut rng, COUNTRY_SHARES, PILOT_CUSTOMERS);
    for (country, _) in COUNTRY_SHARES {
        let need = wanted.iter().filter(|c| *c == country).count();
        let pool: Vec<usize> = (0..people.len())
            .filter(|&i| people[i].place.country == *country && people[i].signup <= cutoff)
            .collect();
        for k in sample_indices(&mut rng, pool.len(), need) {
            chosen.push(pool[k]);
        }
    }
    chosen.sort_unstable();
    chosen
}

#[rustfmt::skip]
const CUSTOMERS_PILOT_COLUMNS: &[&str] = &[
    "customer_id", "first_name", "last_name", "email", "billing_email", "phone", "ref_code",
    "date_of_birth", "zip", "city", "state", "country", "occupation", "loyalty_points",
    "signup_date", "marketing_opt_in", "referral_code", "notes",
];
#[rustfmt::skip]
const CUSTOMERS_PROD_COLUMNS: &[&str] = &[
    "customer_id", "first_name", "last_name", "email", "billing_email", "phone", "ref_code",
    "date_of_birth", "postal_code", "city", "state", "country", "occupation", "loyalty_points",
    "signup_date", "marketing_opt_in", "notes", "source_system",
];

fn fill(template: &str, value: &str) -> String {
    template.replacen("{}", value, 1)
}

fn pilot_customer_row(seq: usize, c: &Customer) -> Vec<Option<String>> {
    let note = c.note.as_ref().map(|n| match n {
        NoteKind::Plain(t) => t.replace(',', ";").replace('\n', " ").replace('"', ""),
        NoteKind::Email(t) | NoteKind::Phone(t) => {
            fill(t, "[redacted]").replace(',', ";").replace('\n', " ")
        }
    });
    vec![
        Some(c.id.to_string()),
        Some(c.first.to_string()),
        Some(c.last.to_string()),
        Some(format!("user{seq:04}@example.com")),
        Some(format!("billing{seq:04}@example.com")),
        Some(format!("555-01{:02}", seq % 100)),
        Some(format!("***-**-{}", &c.ssn[7..])),
        Some(format!("{}-01-01", civil_from_days(c.dob).0)),
        Some(c.postal_code.clone()),
        Some(c.place.city.to_string()),
        Some(c.place.state.to_string()),
        Some(c.place.country.to_string()),
        Some(c.occupation.to_string()),
        Some(c.loyalty_points.to_string()),
        Some(iso_date(c.signup)),
        Some(c.opt_in.to_string()),
        c.referral_code.clone(),
        note,
    ]
}

/// What one production row of `customers` carries; duplicates copy it with the row, so the
/// tallies in expected.json are counted over the rows actually written.
#[derive(Clone, Copy, Default)]
struct CustomerFlags {
    encoding: bool,
    padded_city: bool,
    state_variant: bool,
    occupation_sentinel: bool,
    signup_not_iso: bool,
    opt_in_not_true_false: bool,
    notes_email: bool,
    notes_phone: bool,
}

type Row = Vec<Option<String>>;

fn production_customer_row(rng: &mut Rng, c: &Customer) -> (Row, CustomerFlags) {
    let mut f = CustomerFlags::default();
    // encoding_errors: about 2% of rows, only where the name has non-ASCII letters to break.
    let last_name = if !c.last.is_ascii() && rng.chance(0.09) {
        f.encoding = true;
        if rng.chance(0.75) {
            mojibake(c.last)
        } else {
            c.last
                .chars()
                .map(|ch| if ch.is_ascii() { ch } else { '\u{FFFD}' })
                .collect()
        }
    } else {
        c.last.to_string()
    };
    // whitespace_padding on city.
    let city = if rng.chance(0.07) {
        f.padded_city = true;
        match rng.below(3) {
            0 => format!(" {}", c.place.city),
            1 => format!("{}  ", c.place.city),
            _ => format!("  {} ", c.place.city),
        }
    } else {
        c.place.city.to_string()
    };
    // category_variants on state.
    let state = match STATE_VARIANTS
        .iter()
        .find(|(code, _)| *code == c.place.state)
    {
        Some((_, variants)) if c.place.country == "US" && rng.chance(0.15) => {
            f.state_variant = true;
            rng.pick(variants).to_string()
        }
        _ => c.place.state.to_string(),
    };
    // sentinel_values on occupation.
    let occupation = if rng.chance(0.09) {
        f.occupation_sentinel = true;
        rng.pick(&["N/A", "unknown"]).to_string()
    } else {
        c.occupation.to_string()
    };
    // mixed_formats on signup_date: ISO, US and epoch seconds.
    let signup_date = match rng.below(10) {
        0..=6 => iso_date(c.signup),
        7 | 8 => {
            f.signup_not_iso = true;
            us_date(c.signup)
        }
        _ => {
            f.signup_not_iso = true;
            (i64::from(c.signup) * 86_400).to_string()
        }
    };
    // mixed_formats on marketing_opt_in: Y/N, true/false, 1/0.
    let opt_in = match rng.below(10) {
        0..=3 => c.opt_in.to_string(),
        4..=6 => {
            f.opt_in_not_true_false = true;
            (if c.opt_in { "Y" } else { "N" }).to_string()
        }
        _ => {
            f.opt_in_not_true_false = true;
            (if c.opt_in { "1" } else { "0" }).to_string()
        }
    };
    let notes = c.note.as_ref().map(|n| match n {
        NoteKind::Plain(t) => t.to_string(),
        NoteKind::Email(t) => {
            f.notes_email = true;
            fill(t, &c.alt_email)
        }
        NoteKind::Phone(t) => {
            f.notes_phone = true;
            fill(t, &c.alt_phone)
        }
    });
    let row = vec![
        Some(c.id.to_string()),
        Some(c.first.to_string()),
        Some(last_name),
        Some(c.email.clone()),
        Some(c.billing_email.clone()),
        Some(c.phone.clone()),
        Some(c.ssn.clone()),
        Some(iso_date(c.dob)),
        Some(c.postal_code.clone()),
        Some(city),
        Some(state),
        Some(c.place.country.to_string()),
        Some(occupation),
        Some(format!("{} pts", c.loyalty_points)),
        Some(signup_date),
        Some(opt_in),
        notes,
        Some("crm".to_string()),
    ];
    (row, f)
}

fn customers(
    people: &[Customer],
    pilot_idx: &[usize],
    root: &Path,
    ledger: &mut Ledger,
) -> Res<()> {
    const T: &str = "customers";
    // Pilot: clean, masked, comma-separated with LF.
    let pilot_rows: Vec<Vec<Option<String>>> = pilot_idx
        .iter()
        .enumerate()
        .map(|(seq, &i)| pilot_customer_row(seq + 1, &people[i]))
        .collect();
    write_csv(
        &root.join("pilot/customers.csv"),
        CUSTOMERS_PILOT_COLUMNS,
        &pilot_rows,
        "\n",
    )?;

    // Production: every customer, plus re-sent duplicates, CRLF, quoted multi-line notes.
    let mut rng = Rng::stream("customers/production");
    let mut rows: Vec<(Row, CustomerFlags)> = people
        .iter()
        .map(|c| production_customer_row(&mut rng, c))
        .collect();
    let dup_of = sample_indices(&mut rng, people.len(), PROD_DUPLICATE_CUSTOMER_ROWS);
    let mut inserts: Vec<(usize, (Row, CustomerFlags))> = dup_of
        .iter()
        .map(|&i| {
            // Two in three are byte-identical re-sends; the rest were re-exported with their own
            // formatting and defects.
            let row = if rng.chance(0.66) {
                rows[i].clone()
            } else {
                production_customer_row(&mut rng, &people[i])
            };
            // Land somewhere after the original row.
            (i + 1 + rng.below(people.len() - i), row)
        })
        .collect();
    inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, row) in inserts {
        rows.insert(at, row);
    }
    let count = |flag: fn(&CustomerFlags) -> bool| rows.iter().filter(|(_, f)| flag(f)).count();
    let encoding = count(|f| f.encoding);
    let padded_city = count(|f| f.padded_city);
    let state_variant = count(|f| f.state_variant);
    let occupation_sentinel = count(|f| f.occupation_sentinel);
    let signup_not_iso = count(|f| f.signup_not_iso);
    let opt_in_not_true_false = count(|f| f.opt_in_not_true_false);
    let notes_email = count(|f| f.notes_email);
    let notes_phone = count(|f| f.notes_phone);
    let rows: Vec<Row> = rows.into_iter().map(|(row, _)| row).collect();
    write_csv(
        &root.join("production/customers.csv"),
        CUSTOMERS_PROD_COLUMNS,
        &rows,
        "\r\n",
    )?;
    let n = rows.len();

    ledger.tables.push(TableInfo {
        table: T,
        pilot: ExportInfo {
            path: "pilot/customers.csv".into(),
            format: "csv (comma, header, LF)",
            rows: pilot_rows.len(),
            columns: CUSTOMERS_PILOT_COLUMNS.to_vec(),
            files: vec![],
        },
        production: ExportInfo {
            path: "production/customers.csv".into(),
            format: "csv (comma, header, CRLF, quoted fields with commas, quotes and newlines)",
            rows: n,
            columns: CUSTOMERS_PROD_COLUMNS.to_vec(),
            files: vec![],
        },
    });

    // --- schema
    ledger.planted.push(Planted {
        table: T,
        column: Some("postal_code"),
        kind: "column_renamed",
        entity: None,
        baseline_column: Some("zip"),
        affected_rows: None,
        note: "pilot `zip` is production `postal_code`: same position, same values and shapes \
               (US/PR 5-digit with leading zeros, Canadian `A9A 9A9`)"
            .into(),
    });
    ledger.plant(
        T,
        Some("referral_code"),
        "column_removed",
        None,
        "in the pilot (about 50% filled), absent from the production export",
    );
    ledger.plant(
        T,
        Some("source_system"),
        "column_added",
        None,
        "production only; it is also the constant column",
    );
    ledger.plant(
        T,
        Some("loyalty_points"),
        "type_changed",
        Some(n),
        "pilot: integers (`1250`); production: every value is text like `1250 pts`, \
         so the inferred type widens from integer to text",
    );
    // --- quality
    ledger.plant(
        T,
        Some("customer_id"),
        "duplicate_keys",
        Some(PROD_DUPLICATE_CUSTOMER_ROWS),
        format!(
            "{} extra rows repeat {} distinct customer ids ({} of rows); about two in three are \
             byte-identical re-sends, the rest the same record re-exported with different \
             formatting",
            PROD_DUPLICATE_CUSTOMER_ROWS,
            dup_of.len(),
            pct(PROD_DUPLICATE_CUSTOMER_ROWS, n)
        ),
    );
    ledger.plant(
        T,
        Some("last_name"),
        "encoding_errors",
        Some(encoding),
        format!(
            "{} of rows: UTF-8 read as Windows-1252 (`MÃ¼ller`, `Oâ€™Brien`, `GarcÃ­a`) \
                 or letters replaced by U+FFFD (`Gonz\u{FFFD}lez`)",
            pct(encoding, n)
        ),
    );
    ledger.plant(
        T,
        Some("city"),
        "whitespace_padding",
        Some(padded_city),
        format!(
            "{} of values with leading and/or trailing spaces",
            pct(padded_city, n)
        ),
    );
    ledger.plant(
        T,
        Some("state"),
        "category_variants",
        Some(state_variant),
        "US states spelled several ways: `NY`/`ny`/`N.Y.`/`New York`, `CA`/`ca`/`Calif.`/\
         `California`, and the same for TX, FL, IL",
    );
    ledger.plant(
        T,
        Some("occupation"),
        "sentinel_values",
        Some(occupation_sentinel),
        format!(
            "placeholders `N/A` and `unknown` in {} of rows",
            pct(occupation_sentinel, n)
        ),
    );
    ledger.plant(
        T,
        Some("signup_date"),
        "mixed_formats",
        Some(signup_not_iso),
        "dates as ISO `2024-03-05` (~70%), US `03/05/2024` (~20%) and epoch seconds \
         `1709596800` (~10%); the pilot is all ISO",
    );
    ledger.plant(
        T,
        Some("marketing_opt_in"),
        "mixed_formats",
        Some(opt_in_not_true_false),
        "booleans as `true`/`false` (~40%), `Y`/`N` (~30%) and `1`/`0` (~30%); the pilot is all \
         `true`/`false`",
    );
    ledger.plant(
        T,
        Some("source_system"),
        "constant_column",
        Some(n),
        "`crm` in every row",
    );
    // --- sensitive
    ledger.plant_sensitive(
        T,
        "ref_code",
        "unclassified_sensitive_field",
        "us_ssn",
        n,
        "innocently named column holding US SSNs `123-45-6789` that pass the issuance rules; \
         the pilot holds `***-**-6789`; not in the manifest",
    );
    ledger.plant_sensitive(
        T,
        "date_of_birth",
        "unclassified_sensitive_field",
        "date_of_birth",
        n,
        "full dates of birth; the pilot keeps the year only (`1984-01-01`); not in the manifest",
    );
    ledger.plant_sensitive(
        T,
        "notes",
        "unclassified_sensitive_field",
        "email",
        notes_email + notes_phone,
        format!(
            "free text: {} rows embed an e-mail address and {} a phone number inside a \
                 sentence ({} of rows); the pilot says `[redacted]`; not in the manifest",
            notes_email,
            notes_phone,
            pct(notes_email + notes_phone, n)
        ),
    );
    ledger.plant_sensitive(
        T,
        "billing_email",
        "classification_mismatch",
        "email",
        n,
        "the manifest declares it `public`, but every value is a real-looking e-mail address",
    );

    ledger.control(
        T,
        "country",
        "unchanged: exactly 88% US, 9% CA, 3% PR in both exports; no drift finding expected",
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// orders
// ---------------------------------------------------------------------------------------------

/// One order before it is written to a part file.
struct Order {
    order_id: i64,
    order_number: String,
    customer_id: i64,
    order_date: i32,
    /// Dollars, as the order system priced it.
    amount: f64,
    /// Set where the export wrote cents into the dollars column.
    amount_in_cents_by_mistake: bool,
    quantity: i32,
    status: &'static str,
    channel: &'static str,
    payment_method: &'static str,
    card_number: Option<String>,
    store_id: String,
    shipping_cost: Option<f64>,
    delivered_date: Option<i32>,
    fulfillment_id: String,
    comment: Option<&'static str>,
}

/// 16 digits that look like a Visa number but fail the Luhn check.
fn order_number(rng: &mut Rng) -> String {
    let payload = format!("40{}", rng.digits(13));
    let good = luhn_check_digit(&payload);
    let bad = (good + 1 + rng.below(9) as u8) % 10;
    format!("{payload}{bad}")
}

/// A Luhn-valid 16-digit test-range card number (4111…, 5500…, 4242…).
fn test_card_number(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["4111", "5500", "4242", "5105"]);
    let payload = format!("{prefix}{}", rng.digits(11));
    format!("{payload}{}", luhn_check_digit(&payload))
}

fn store_codes() -> Vec<String> {
    let mut rng = Rng::stream("orders/stores");
    let mut numbers: Vec<usize> = (1..=9_999).collect();
    rng.shuffle(&mut numbers);
    numbers.truncate(PROD_STORES);
    numbers.iter().map(|n| format!("ST-{n:04}")).collect()
}

/// Customers who had signed up by `day` (they are sorted by sign-up), or everyone if none had.
fn customer_on(rng: &mut Rng, people: &[&Customer], day: i32) -> i64 {
    let eligible = people.partition_point(|c| c.signup <= day).max(1);
    people[rng.below(eligible)].id
}

struct OrderSpec<'a> {
    months: Vec<(i32, u32)>,
    per_month: Vec<usize>,
    first_id: i64,
    customers: Vec<&'a Customer>,
    amount_median: f64,
    amount_sigma: f64,
    payments: &'static [(&'static str, f64)],
    channels: &'static [(&'static str, f64)],
    stores: Vec<String>,
    shipping_null_rate: f64,
    sentinel_delivery_rate: f64,
    cents_mistake_rate: f64,
    masked: bool,
}

fn make_orders(rng: &mut Rng, spec: &OrderSpec) -> Vec<Order> {
    let n: usize = spec.per_month.iter().sum();
    let quantities = quota(rng, QUANTITY_SHARES, n);
    let statuses = quota(rng, STATUS_SHARES, n);
    let comments = quota(rng, &[(true, COMMENT_FILL), (false, 1.0 - COMMENT_FILL)], n);
    let payments = quota(rng, spec.payments, n);
    let shipping_known = quota(
        rng,
        &[
            (false, spec.shipping_null_rate),
            (true, 1.0 - spec.shipping_null_rate),
        ],
        n,
    );
    let mut dates = Vec::with_capacity(n);
    for (&ym, &count) in spec.months.iter().zip(&spec.per_month) {
        let start = month_start(ym);
        let len = month_start(next_month(ym)) - start;
        let mut days: Vec<i32> = (0..count)
            .map(|_| start + rng.below(len as usize) as i32)
            .collect();
        days.sort_unstable();
        dates.extend(days);
    }
    (0..n)
        .map(|i| {
            let order_date = dates[i];
            let status = statuses[i];
            let payment_method = payments[i];
            let delivered_date = match status {
                "delivered" | "returned" => {
                    if rng.chance(spec.sentinel_delivery_rate) {
                        Some(days_from_civil(1900, 1, 1))
                    } else {
                        Some(order_date + rng.range(2, 9) as i32)
                    }
                }
                _ => None,
            };
            let card_number = (payment_method == "card").then(|| {
                let real = test_card_number(rng);
                if spec.masked {
                    format!("************{}", &real[12..])
                } else {
                    real
                }
            });
            Order {
                order_id: spec.first_id + i as i64,
                order_number: order_number(rng),
                customer_id: customer_on(rng, &spec.customers, order_date),
                order_date,
                amount: round2(
                    rng.log_normal(spec.amount_median, spec.amount_sigma)
                        .max(2.5),
                ),
                amount_in_cents_by_mistake: rng.chance(spec.cents_mistake_rate),
                quantity: quantities[i],
                status,
                channel: rng.weighted(spec.channels),
                payment_method,
                card_number,
                store_id: rng.pick_ref(&spec.stores).clone(),
                shipping_cost: shipping_known[i].then(|| rng.weighted(SHIPPING_COSTS)),
                delivered_date,
                fulfillment_id: format!("{}{}", rng.range(1, 8), rng.digits(8)),
                comment: comments[i].then(|| rng.pick(ORDER_COMMENTS)),
            }
        })
        .collect()
}

#[rustfmt::skip]
const ORDERS_COLUMNS: &[&str] = &[
    "order_id", "order_number", "customer_id", "order_date", "amount", "quantity", "status",
    "channel", "payment_method", "card_number", "store_id", "shipping_cost", "delivered_date",
    "fulfillment_id", "comment",
];

/// One part file. `odd` writes the schema that disagrees: `amount` as int64 cents and an extra
/// `promo_code` column.
fn orders_batch(rows: &[&Order], odd: Option<&mut Rng>) -> Res<RecordBatch> {
    let amount = match odd {
        Some(_) => int64(
            "amount",
            rows.iter().map(|o| (o.amount * 100.0).round() as i64),
        ),
        None => float64(
            "amount",
            rows.iter().map(|o| {
                if o.amount_in_cents_by_mistake {
                    (o.amount * 100.0).round()
                } else {
                    o.amount
                }
            }),
        ),
    };
    let mut cols = vec![
        int64("order_id", rows.iter().map(|o| o.order_id)),
        utf8("order_number", rows.iter().map(|o| &o.order_number)),
        int64("customer_id", rows.iter().map(|o| o.customer_id)),
        date32("order_date", rows.iter().map(|o| o.order_date)),
        amount,
        int32("quantity", rows.iter().map(|o| o.quantity)),
        utf8("status", rows.iter().map(|o| o.status)),
        utf8("channel", rows.iter().map(|o| o.channel)),
        utf8("payment_method", rows.iter().map(|o| o.payment_method)),
        utf8_opt("card_number", rows.iter().map(|o| o.card_number.as_deref())),
        utf8("store_id", rows.iter().map(|o| &o.store_id)),
        float64_opt("shipping_cost", rows.iter().map(|o| o.shipping_cost)),
        date32_opt("delivered_date", rows.iter().map(|o| o.delivered_date)),
        utf8("fulfillment_id", rows.iter().map(|o| &o.fulfillment_id)),
        utf8_opt("comment", rows.iter().map(|o| o.comment)),
    ];
    if let Some(rng) = odd {
        const PROMOS: &[&str] = &["SUMMER24", "JULY4", "FREESHIP"];
        let promo: Vec<Option<&str>> = rows
            .iter()
            .map(|_| rng.chance(0.3).then(|| rng.pick(PROMOS)))
            .collect();
        cols.push(utf8_opt("promo_code", promo));
    }
    batch(cols)
}

fn month_dir(ym: (i32, u32)) -> String {
    format!("orders/order_month={:04}-{:02}", ym.0, ym.1)
}

/// Writes one part file per month; returns (path, rows, columns) per file.
fn write_orders(
    root: &Path,
    export: &str,
    orders: &[Order],
    months: &[(i32, u32)],
    odd_month: Option<(i32, u32)>,
) -> Res<Vec<FileInfo>> {
    let mut files = Vec::new();
    let mut rng = Rng::stream(&format!("orders/{export}/promo"));
    for &ym in months {
        let (start, end) = (month_start(ym), month_start(next_month(ym)));
        let rows: Vec<&Order> = orders
            .iter()
            .filter(|o| o.order_date >= start && o.order_date < end)
            .collect();
        let odd = odd_month == Some(ym);
        let b = orders_batch(&rows, if odd { Some(&mut rng) } else { None })?;
        let rel = format!("{}/part-0.parquet", month_dir(ym));
        write_parquet(&root.join(export).join(&rel), &b)?;
        files.push(FileInfo {
            path: format!("{export}/{rel}"),
            rows: rows.len(),
            columns: b
                .schema()
                .fields()
                .iter()
                .map(|f| format!("{}: {}", f.name(), f.data_type()))
                .collect(),
        });
    }
    Ok(files)
}

fn orders(people: &[Customer], pilot_idx: &[usize], root: &Path, ledger: &mut Ledger) -> Res<()> {
    const T: &str = "orders";
    let stores = store_codes();
    let mut pick_rng = Rng::stream("orders/pilot-stores");
    let pilot_stores: Vec<String> = sample_indices(&mut pick_rng, stores.len(), PILOT_STORES)
        .into_iter()
        .map(|i| stores[i].clone())
        .collect();

    // Pilot: Jan–Mar 2024, clean and masked.
    let pilot_people: Vec<&Customer> = pilot_idx.iter().map(|&i| &people[i]).collect();
    let pilot_spec = OrderSpec {
        months: PILOT_MONTHS.to_vec(),
        per_month: vec![PILOT_ORDERS_PER_MONTH; PILOT_MONTHS.len()],
        first_id: 5_120_001,
        customers: pilot_people,
        amount_median: 48.0,
        amount_sigma: 0.8,
        payments: PAYMENT_PILOT,
        channels: CHANNEL_PILOT,
        stores: pilot_stores,
        shipping_null_rate: 0.01,
        sentinel_delivery_rate: 0.0,
        cents_mistake_rate: 0.0,
        masked: true,
    };
    let pilot = make_orders(&mut Rng::stream("orders/pilot"), &pilot_spec);
    let pilot_files = write_orders(root, "pilot", &pilot, &PILOT_MONTHS, None)?;

    // Production: Jun 2023 – Dec 2024, volume growing month on month.
    let prod_months = months(PROD_FIRST_MONTH, PROD_LAST_MONTH);
    let growth: Vec<(usize, f64)> = (0..prod_months.len())
        .map(|i| (i, 0.7 + 0.6 * i as f64 / (prod_months.len() - 1) as f64))
        .collect();
    let mut rng = Rng::stream("orders/production");
    let month_of_row = quota(&mut rng, &growth, PROD_ORDERS);
    let per_month: Vec<usize> = (0..prod_months.len())
        .map(|m| month_of_row.iter().filter(|&&x| x == m).count())
        .collect();
    let prod_spec = OrderSpec {
        months: prod_months.clone(),
        per_month,
        first_id: 5_000_001,
        customers: people.iter().collect(),
        amount_median: 48.0 * 1.6,
        amount_sigma: 0.85,
        payments: PAYMENT_PROD,
        channels: CHANNEL_PROD,
        stores: stores.clone(),
        shipping_null_rate: 0.25,
        sentinel_delivery_rate: 0.06,
        cents_mistake_rate: 0.02,
        masked: false,
    };
    let prod = make_orders(&mut rng, &prod_spec);
    let prod_files = write_orders(root, "production", &prod, &prod_months, Some(ODD_MONTH))?;
    let n = prod.len();

    // Tallies straight from the rows.
    let (odd_start, odd_end) = (month_start(ODD_MONTH), month_start(next_month(ODD_MONTH)));
    let in_odd = |o: &Order| o.order_date >= odd_start && o.order_date < odd_end;
    let odd_rows = prod.iter().filter(|o| in_odd(o)).count();
    let cents_rows = prod
        .iter()
        .filter(|o| !in_odd(o) && o.amount_in_cents_by_mistake)
        .count();
    let new_channel_rows = prod
        .iter()
        .filter(|o| matches!(o.channel, "marketplace" | "b2b"))
        .count();
    let out_of_range = prod
        .iter()
        .filter(|o| {
            o.order_date < month_start(PILOT_MONTHS[0]) || o.order_date >= month_start((2024, 4))
        })
        .count();
    let shipping_nulls = prod.iter().filter(|o| o.shipping_cost.is_none()).count();
    let pilot_shipping_nulls = pilot.iter().filter(|o| o.shipping_cost.is_none()).count();
    let sentinel = days_from_civil(1900, 1, 1);
    let sentinel_rows = prod
        .iter()
        .filter(|o| o.delivered_date == Some(sentinel))
        .count();
    let cards = prod.iter().filter(|o| o.card_number.is_some()).count();
    let mut distinct_stores: Vec<&str> = prod.iter().map(|o| o.store_id.as_str()).collect();
    distinct_stores.sort_unstable();
    distinct_stores.dedup();
    assert!(
        prod.iter()
            .filter_map(|o| o.card_number.as_deref())
            .all(luhn_valid)
    );
    assert!(
        prod.iter()
            .chain(&pilot)
            .all(|o| !luhn_valid(&o.order_number))
    );

    let odd_dir = month_dir(ODD_MONTH);
    ledger.tables.push(TableInfo {
        table: T,
        pilot: ExportInfo {
            path: "pilot/orders/".into(),
            format: "parquet, hive-partitioned by order_month (zstd)",
            rows: pilot.len(),
            columns: ORDERS_COLUMNS.to_vec(),
            files: pilot_files,
        },
        production: ExportInfo {
            path: "production/orders/".into(),
            format: "parquet, hive-partitioned by order_month (zstd); one part file differs",
            rows: n,
            columns: ORDERS_COLUMNS.to_vec(),
            files: prod_files,
        },
    });

    ledger.plant(
        T,
        None,
        "schema_differs_across_files",
        Some(odd_rows),
        format!(
            "`{odd_dir}/part-0.parquet` stores `amount` as int64 cents (double dollars in \
                 the other {} files) and has an extra column `promo_code`; a reader that unions \
                 part-file schemas may also report `promo_code` as column_added",
            prod_months.len() - 1
        ),
    );
    ledger.plant(
        T,
        Some("amount"),
        "magnitude_outliers",
        Some(cents_rows + odd_rows),
        format!(
            "cents stored as dollars: {cents_rows} rows ({}) in the double files are 100x \
                 (`7712.0` for $77.12), and all {odd_rows} rows of {odd_dir} are int64 cents",
            pct(cents_rows, n - odd_rows)
        ),
    );
    ledger.plant(
        T,
        Some("amount"),
        "distribution_drift",
        Some(n),
        "log-normal order value: pilot median $48 (sigma 0.8), production median $76.80 \
         (x1.6, sigma 0.85)",
    );
    ledger.plant(
        T,
        Some("payment_method"),
        "distribution_drift",
        Some(n),
        "same four categories, mix moved: paypal 30% -> 5%, apple_pay 5% -> 30% (card 60% and \
         gift_card 5% unchanged); Jensen-Shannon about 0.14",
    );
    ledger.plant(
        T,
        Some("channel"),
        "new_categories",
        Some(new_channel_rows),
        format!(
            "`marketplace` and `b2b` ({} of rows) never occur in the pilot (web, mobile, store)",
            pct(new_channel_rows, n)
        ),
    );
    ledger.plant(
        T,
        Some("order_date"),
        "range_coverage",
        Some(out_of_range),
        format!(
            "pilot covers 2024-01-01..2024-03-31; production 2023-06-01..2024-12-31 \
                 ({} of rows outside the pilot's range)",
            pct(out_of_range, n)
        ),
    );
    ledger.plant(
        T,
        Some("shipping_cost"),
        "null_rate_change",
        Some(shipping_nulls),
        format!(
            "null in {} of pilot rows, {} of production rows; non-null values \
                 have the same distribution",
            pct(pilot_shipping_nulls, pilot.len()),
            pct(shipping_nulls, n)
        ),
    );
    ledger.plant(
        T,
        Some("store_id"),
        "cardinality_change",
        Some(n),
        format!(
            "pilot: the {PILOT_STORES} pilot stores; production: {} distinct stores",
            distinct_stores.len()
        ),
    );
    ledger.plant(
        T,
        Some("delivered_date"),
        "sentinel_values",
        Some(sentinel_rows),
        format!(
            "`1900-01-01` in {sentinel_rows} rows ({} of delivered/returned orders) where the \
                 real date was lost; null rate unchanged",
            pct(
                sentinel_rows,
                prod.iter().filter(|o| o.delivered_date.is_some()).count()
            )
        ),
    );
    ledger.plant_sensitive(
        T,
        "card_number",
        "unclassified_sensitive_field",
        "credit_card",
        cards,
        "Luhn-valid 16-digit card numbers (test ranges 4111, 4242, 5500, 5105) on every card \
         payment; the pilot holds `************1234`; not in the manifest",
    );

    ledger.control(
        T,
        "quantity",
        "unchanged: exactly 55/25/10/6/4% for 1..5 in both exports; no drift finding expected",
    );
    ledger.control(
        T,
        "status",
        "unchanged: exactly 70% delivered, 15% shipped, 8% cancelled, 7% returned in both; \
         no drift finding expected",
    );
    ledger.control(
        T,
        "comment",
        "optional free text, exactly 80% null in both exports: no null_rate_change, and \
         mostly_null should stay quiet (or info) for an optional comment",
    );
    ledger.decoy(
        T,
        "order_number",
        "credit_card",
        "16 digits starting with 4, but every value fails the Luhn check",
    );
    ledger.decoy(
        T,
        "fulfillment_id",
        "us_ssn",
        "9-digit internal id, no dashes, and nothing in the column name suggests an SSN",
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// events
// ---------------------------------------------------------------------------------------------

fn public_ipv4(rng: &mut Rng) -> String {
    format!(
        "{}.{}.{}.{}",
        rng.pick(PUBLIC_FIRST_OCTETS),
        rng.range(0, 255),
        rng.range(0, 255),
        rng.range(1, 254)
    )
}

fn aws_key_ids() -> Vec<String> {
    let mut rng = Rng::stream("events/aws-keys");
    (0..6)
        .map(|_| {
            format!(
                "AKIA{}",
                rng.upper_alnum(16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
            )
        })
        .collect()
}

#[derive(Default)]
struct EventPlants {
    junk_cart_values: usize,
    cart_values: usize,
    tokens: usize,
    out_of_range: usize,
}

fn cart_junk(rng: &mut Rng, value: f64) -> String {
    match rng.below(4) {
        0 | 1 => format!("{value:.1}").replace('.', ","),
        2 => "n/a".to_string(),
        _ => rng.pick(&["abc", "--", "see notes"]).to_string(),
    }
}

/// Writes `events.ndjson`; one JSON object per line, absent values left out.
fn write_events(
    path: &Path,
    stream: &str,
    n: usize,
    span: (i32, i32),
    customer_ids: &[i64],
    production: bool,
) -> Res<EventPlants> {
    let mut rng = Rng::stream(stream);
    let mut tally = EventPlants::default();
    let types = quota(&mut rng, EVENT_TYPE_SHARES, n);
    let keys = aws_key_ids();
    let (start, end) = (i64::from(span.0) * 86_400, i64::from(span.1) * 86_400);
    let mut times: Vec<i64> = (0..n)
        .map(|_| {
            // Traffic grows over the period (sqrt skew).
            start + (rng.unit().sqrt() * (end - start) as f64) as i64
        })
        .collect();
    times.sort_unstable();
    let pilot_range = (
        i64::from(month_start(PILOT_MONTHS[0])) * 86_400,
        i64::from(month_start((2024, 4))) * 86_400,
    );
    let mut out = String::new();
    for (i, &t) in times.iter().enumerate() {
        let event_type = types[i];
        let device = rng.weighted(DEVICES);
        let mut line = format!(
            "{{\"event_id\":{},\"event_time\":{},\"received_at\":{}",
            js(&uuid_v4(&mut rng))?,
            js(&iso_timestamp(t))?,
            t + rng.range(0, 3)
        );
        if rng.chance(0.75) {
            write!(line, ",\"customer_id\":{}", rng.pick(customer_ids))?;
        }
        write!(
            line,
            ",\"event_type\":{},\"device\":{}",
            js(event_type)?,
            js(device)?
        )?;
        let ip = public_ipv4(&mut rng);
        let last_octet = ip.rsplit('.').next().unwrap_or("1");
        let ip = if production {
            ip.clone()
        } else {
            format!("***.***.***.{last_octet}")
        };
        write!(line, ",\"client_ip\":{}", js(&ip)?)?;
        if matches!(event_type, "add_to_cart" | "remove_from_cart" | "checkout") {
            let value = round2(rng.log_normal(45.0, 0.9));
            tally.cart_values += 1;
            let text = if production && rng.chance(0.03) {
                tally.junk_cart_values += 1;
                cart_junk(&mut rng, value)
            } else {
                format!("{value:.2}")
            };
            write!(line, ",\"cart_value\":{}", js(&text)?)?;
        }
        if device == "api" {
            tally.tokens += 1;
            let key = if production {
                rng.pick_ref(&keys).clone()
            } else {
                "AKIA****************".to_string()
            };
            write!(line, ",\"api_token\":{}", js(&key)?)?;
        }
        if production {
            let version: &str = rng.weighted(APP_VERSIONS);
            write!(line, ",\"app_version\":{}", js(version)?)?;
        }
        write!(
            line,
            ",\"response_bytes\":{}}}",
            rng.log_normal(24_000.0, 1.2).round() as i64 + 200
        )?;
        out.push_str(&line);
        out.push('\n');
        if t < pilot_range.0 || t >= pilot_range.1 {
            tally.out_of_range += 1;
        }
    }
    fs::write(path, out)?;
    Ok(tally)
}

#[rustfmt::skip]
const EVENTS_PILOT_COLUMNS: &[&str] = &[
    "event_id", "event_time", "received_at", "customer_id", "event_type", "device",
    "client_ip", "cart_value", "api_token", "response_bytes",
];
#[rustfmt::skip]
const EVENTS_PROD_COLUMNS: &[&str] = &[
    "event_id", "event_time", "received_at", "customer_id", "event_type", "device",
    "client_ip", "cart_value", "api_token", "app_version", "response_bytes",
];

fn events(people: &[Customer], pilot_idx: &[usize], root: &Path, ledger: &mut Ledger) -> Res<()> {
    const T: &str = "events";
    let pilot_ids: Vec<i64> = pilot_idx.iter().map(|&i| people[i].id).collect();
    let prod_ids: Vec<i64> = people.iter().map(|c| c.id).collect();
    let pilot_span = (month_start(PILOT_MONTHS[0]), month_start((2024, 4)));
    let prod_span = (
        month_start(PROD_FIRST_MONTH),
        month_start(next_month(PROD_LAST_MONTH)),
    );
    write_events(
        &root.join("pilot/events.ndjson"),
        "events/pilot",
        PILOT_EVENTS,
        pilot_span,
        &pilot_ids,
        false,
    )?;
    let tally = write_events(
        &root.join("production/events.ndjson"),
        "events/production",
        PROD_EVENTS,
        prod_span,
        &prod_ids,
        true,
    )?;
    let n = PROD_EVENTS;
    ledger.tables.push(TableInfo {
        table: T,
        pilot: ExportInfo {
            path: "pilot/events.ndjson".into(),
            format: "ndjson (absent values omitted)",
            rows: PILOT_EVENTS,
            columns: EVENTS_PILOT_COLUMNS.to_vec(),
            files: vec![],
        },
        production: ExportInfo {
            path: "production/events.ndjson".into(),
            format: "ndjson (absent values omitted)",
            rows: n,
            columns: EVENTS_PROD_COLUMNS.to_vec(),
            files: vec![],
        },
    });
    ledger.plant(
        T,
        Some("app_version"),
        "column_added",
        None,
        "production only; clean semantic versions (`5.12.0`)",
    );
    ledger.plant(
        T,
        Some("cart_value"),
        "type_inconsistency",
        Some(tally.junk_cart_values),
        format!(
            "decimal numbers sent as JSON strings (`\"23.50\"`), present on cart and checkout \
                 events; {} of the {} values do not parse (`12,5`, `n/a`, `abc`, `--`)",
            pct(tally.junk_cart_values, tally.cart_values),
            tally.cart_values
        ),
    );
    ledger.plant(
        T,
        Some("event_time"),
        "range_coverage",
        Some(tally.out_of_range),
        format!(
            "pilot covers 2024-01-01..2024-03-31; production 2023-06-01..2024-12-31 \
                 ({} of events outside the pilot's range)",
            pct(tally.out_of_range, n)
        ),
    );
    ledger.plant_sensitive(
        T,
        "client_ip",
        "unclassified_sensitive_field",
        "ipv4",
        n,
        "public IPv4 addresses of shoppers; the pilot holds `***.***.***.57`; not in the manifest",
    );
    ledger.plant_sensitive(
        T,
        "api_token",
        "unclassified_sensitive_field",
        "aws_access_key_id",
        tally.tokens,
        format!(
            "credentials leak: AWS access key ids (`AKIA` + 16) on the {} partner-API events; \
                 the pilot holds `AKIA****************`; not in the manifest",
            tally.tokens
        ),
    );
    ledger.control(
        T,
        "event_type",
        "unchanged: exactly 45/15/18/4/10/8% page_view/search/add_to_cart/remove_from_cart/\
         checkout/login in both exports; no drift finding expected",
    );
    ledger.decoy(
        T,
        "event_id",
        "api_token",
        "random UUIDs (v4): high-entropy identifiers, not secrets",
    );
    ledger.decoy(
        T,
        "received_at",
        "phone",
        "10-digit epoch seconds (`1717171717`): a timestamp, not a phone number",
    );
    ledger.decoy(
        T,
        "response_bytes",
        "phone",
        "plain integer byte counts (3-7 digits), no separators, no phone-like name",
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// products
// ---------------------------------------------------------------------------------------------

struct Product {
    product_id: i64,
    sku: String,
    name: String,
    category: &'static str,
    brand: &'static str,
    list_price: f64,
    weight_kg: f64,
    reorder_level: i64,
    supplier_iban: String,
    image_sha1: String,
}

/// Valid IBANs of about twenty EU/UK suppliers (mod-97 check digits computed).
fn supplier_ibans(rng: &mut Rng) -> Vec<String> {
    (0..20)
        .map(|i| match i % 4 {
            0 => iban("DE", &rng.digits(18)),
            1 => {
                let bank = rng.pick(&["NWBK", "BARC", "HBUK", "LOYD", "MIDL"]);
                iban("GB", &format!("{bank}{}", rng.digits(14)))
            }
            2 => {
                let bank = rng.pick(&["ABNA", "INGB", "RABO"]);
                iban("NL", &format!("{bank}{}", rng.digits(10)))
            }
            _ => {
                // French BBAN: bank, branch, account and the national RIB key.
                let (bank, branch, account) = (rng.digits(5), rng.digits(5), rng.digits(11));
                let num = |s: &str| s.parse::<u64>().unwrap_or(0);
                let key = 97 - (89 * num(&bank) + 15 * num(&branch) + 3 * num(&account)) % 97;
                iban("FR", &format!("{bank}{branch}{account}{key:02}"))
            }
        })
        .collect()
}

fn product_catalog() -> Vec<Product> {
    let mut rng = Rng::stream("products/catalog");
    let shares: Vec<(usize, f64)> = CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.share))
        .collect();
    let mut cats = quota(&mut rng, &shares, PROD_PRODUCTS);
    cats.sort_unstable();
    let ibans = supplier_ibans(&mut rng);
    let mut skus: Vec<usize> = (10_000..100_000).collect();
    rng.shuffle(&mut skus);
    cats.iter()
        .enumerate()
        .map(|(i, &c)| {
            let cat = &CATEGORIES[c];
            let brand = rng.pick(cat.brands);
            Product {
                product_id: 2_001 + i as i64,
                sku: format!("SKU-{}", skus[i]),
                name: format!(
                    "{brand} {} {}",
                    rng.pick(PRODUCT_ADJECTIVES),
                    rng.pick(cat.nouns)
                ),
                category: cat.name,
                brand,
                list_price: (rng.log_normal(cat.price_median, 0.5).max(4.0)).floor() + 0.99,
                weight_kg: (rng.log_normal(cat.weight_median_kg, 0.5) * 1000.0).round() / 1000.0,
                reorder_level: rng.range(2, 40) * 5,
                supplier_iban: rng.pick_ref(&ibans).clone(),
                image_sha1: rng.hex(40),
            }
        })
        .collect()
}

/// The pilot took 60 of the 200 products, keeping the category mix exact.
fn pilot_product_indices(catalog: &[Product]) -> Vec<usize> {
    let mut rng = Rng::stream("products/pilot-pick");
    let mut chosen = Vec::new();
    for cat in CATEGORIES {
        let pool: Vec<usize> = (0..catalog.len())
            .filter(|&i| catalog[i].category == cat.name)
            .collect();
        let need = (cat.share * PILOT_PRODUCTS as f64).round() as usize;
        chosen.extend(
            sample_indices(&mut rng, pool.len(), need)
                .into_iter()
                .map(|k| pool[k]),
        );
    }
    chosen.sort_unstable();
    chosen
}

fn mask_iban(iban: &str) -> String {
    format!(
        "{}{}{}",
        &iban[..2],
        "*".repeat(iban.len() - 6),
        &iban[iban.len() - 4..]
    )
}

#[rustfmt::skip]
const PRODUCTS_PILOT_COLUMNS: &[&str] = &[
    "product_id", "sku", "name", "category", "brand", "list_price", "weight_kg",
    "reorder_level", "supplier_iban", "image_sha1",
];
#[rustfmt::skip]
const PRODUCTS_PROD_COLUMNS: &[&str] = &[
    "product_id", "sku", "name", "category", "brand", "list_price", "weight_kg",
    "reorder_level", "supplier_iban", "image_sha1", "country_of_origin",
];

/// One product as an export writes it.
struct ProductRow<'a> {
    p: &'a Product,
    brand: Option<&'static str>,
    weight_kg: f64,
    reorder_level: i64,
    supplier_iban: String,
    country_of_origin: Option<&'static str>,
}

/// The pilot declares `brand` non-nullable; production makes it nullable and adds
/// `country_of_origin`.
fn products_batch(rows: &[ProductRow], production: bool) -> Res<RecordBatch> {
    let brand = if production {
        utf8_opt("brand", rows.iter().map(|r| r.brand))
    } else {
        utf8("brand", rows.iter().map(|r| r.p.brand))
    };
    let mut cols = vec![
        int64("product_id", rows.iter().map(|r| r.p.product_id)),
        utf8("sku", rows.iter().map(|r| &r.p.sku)),
        utf8("name", rows.iter().map(|r| &r.p.name)),
        utf8("category", rows.iter().map(|r| r.p.category)),
        brand,
        float64("list_price", rows.iter().map(|r| r.p.list_price)),
        float64("weight_kg", rows.iter().map(|r| r.weight_kg)),
        int64("reorder_level", rows.iter().map(|r| r.reorder_level)),
        utf8("supplier_iban", rows.iter().map(|r| &r.supplier_iban)),
        utf8("image_sha1", rows.iter().map(|r| &r.p.image_sha1)),
    ];
    if production {
        cols.push(utf8_opt(
            "country_of_origin",
            rows.iter().map(|r| r.country_of_origin),
        ));
    }
    batch(cols)
}

fn products(root: &Path, ledger: &mut Ledger) -> Res<()> {
    const T: &str = "products";
    let catalog = product_catalog();
    let pilot: Vec<&Product> = pilot_product_indices(&catalog)
        .into_iter()
        .map(|i| &catalog[i])
        .collect();
    assert_eq!(pilot.len(), PILOT_PRODUCTS);
    assert!(catalog.iter().all(|p| iban_valid(&p.supplier_iban)));

    // Pilot: clean values, IBANs masked.
    let pilot_rows: Vec<ProductRow> = pilot
        .iter()
        .map(|p| ProductRow {
            p,
            brand: Some(p.brand),
            weight_kg: p.weight_kg,
            reorder_level: p.reorder_level,
            supplier_iban: mask_iban(&p.supplier_iban),
            country_of_origin: None,
        })
        .collect();
    write_arrow_ipc(
        &root.join("pilot/products.arrow"),
        &products_batch(&pilot_rows, false)?,
    )?;

    // Production: the whole catalog, with its defects.
    let mut rng = Rng::stream("products/production");
    let n = catalog.len();
    let brand_nulls = sample_indices(&mut rng, n, 8);
    let heavy = sample_indices(&mut rng, n, 5);
    let no_reorder = sample_indices(&mut rng, n, 20);
    let with_origin = sample_indices(&mut rng, n, 6);
    let prod_rows: Vec<ProductRow> = catalog
        .iter()
        .enumerate()
        .map(|(i, p)| ProductRow {
            p,
            brand: (!brand_nulls.contains(&i)).then_some(p.brand),
            // Grams typed into a kilogram field.
            weight_kg: if heavy.contains(&i) {
                p.weight_kg * 1000.0
            } else {
                p.weight_kg
            },
            reorder_level: if no_reorder.contains(&i) {
                -1
            } else {
                p.reorder_level
            },
            supplier_iban: p.supplier_iban.clone(),
            country_of_origin: with_origin.contains(&i).then(|| rng.pick(ORIGINS)),
        })
        .collect();
    write_arrow_ipc(
        &root.join("production/products.arrow"),
        &products_batch(&prod_rows, true)?,
    )?;

    ledger.tables.push(TableInfo {
        table: T,
        pilot: ExportInfo {
            path: "pilot/products.arrow".into(),
            format: "arrow ipc file",
            rows: pilot.len(),
            columns: PRODUCTS_PILOT_COLUMNS.to_vec(),
            files: vec![],
        },
        production: ExportInfo {
            path: "production/products.arrow".into(),
            format: "arrow ipc file",
            rows: n,
            columns: PRODUCTS_PROD_COLUMNS.to_vec(),
            files: vec![],
        },
    });
    ledger.plant(
        T,
        Some("brand"),
        "nullability_changed",
        Some(brand_nulls.len()),
        format!(
            "pilot field is non-nullable with no nulls; production field is nullable and \
                 {} of {n} values are null",
            brand_nulls.len()
        ),
    );
    ledger.plant(
        T,
        Some("weight_kg"),
        "magnitude_outliers",
        Some(heavy.len()),
        format!(
            "{} products entered in grams (1000x: `450.0` for 0.45 kg)",
            heavy.len()
        ),
    );
    ledger.plant(
        T,
        Some("reorder_level"),
        "sentinel_values",
        Some(no_reorder.len()),
        format!(
            "`-1` (\"no reorder point\") in {} of {n} rows; real values are 10..200",
            no_reorder.len()
        ),
    );
    ledger.plant(
        T,
        Some("country_of_origin"),
        "column_added",
        None,
        "production only; it is also the mostly-null column",
    );
    ledger.plant(
        T,
        Some("country_of_origin"),
        "mostly_null",
        Some(n - with_origin.len()),
        format!(
            "{} of {n} null ({}), though customs needs it for every product; not an optional \
                 comment",
            n - with_origin.len(),
            pct(n - with_origin.len(), n)
        ),
    );
    ledger.plant_sensitive(
        T,
        "supplier_iban",
        "unclassified_sensitive_field",
        "iban",
        n,
        format!(
            "IBANs of 20 suppliers (DE, GB, NL, FR) valid under mod-97; the pilot holds \
                 masked values like `{}`; not in the manifest",
            mask_iban(&pilot[0].supplier_iban)
        ),
    );
    ledger.control(
        T,
        "category",
        "unchanged: exactly 20/25/20/15/10/10% in both exports (pilot is a stratified pick); \
         no drift finding expected",
    );
    ledger.decoy(
        T,
        "sku",
        "postal_code",
        "`SKU-48213`: a 5-digit run inside a prefixed product code, not an address",
    );
    ledger.decoy(
        T,
        "image_sha1",
        "aws_secret_key",
        "40 lowercase hex characters: a content digest, not a secret key",
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

fn classifications() -> Vec<Classification> {
    let c = |table, column, classification| Classification {
        table,
        column,
        classification,
    };
    vec![
        c("customers", "email", "email"),
        c("customers", "phone", "phone"),
        c("customers", "first_name", "pii"),
        c("customers", "last_name", "pii"),
        // Reviewed during the pilot, when it only held billing0001@example.com placeholders.
        c("customers", "billing_email", "public"),
        c("products", "category", "public"),
        c("events", "event_type", "public"),
    ]
}

fn classified() -> Vec<Classified> {
    let note = "declared with the matching entity in classifications.json: neither \
                unclassified_sensitive_field nor classification_mismatch expected";
    vec![
        Classified {
            table: "customers",
            column: "email",
            entity: "email",
            note,
        },
        Classified {
            table: "customers",
            column: "phone",
            entity: "phone",
            note,
        },
    ]
}

fn not_planted() -> Vec<NotPlanted> {
    vec![
        NotPlanted {
            what: "invalid UTF-8 bytes in a CSV",
            why: "a CSV reader that rejects invalid UTF-8 would lose the whole customers table; \
                  encoding damage is planted as mojibake and U+FFFD, which is valid UTF-8",
        },
        NotPlanted {
            what: "gzip-compressed NDJSON",
            why: "no gzip encoder among the project's dependencies; events are plain .ndjson",
        },
    ]
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Res<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    fs::write(path, text)?;
    Ok(())
}

fn main() -> Res<()> {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for export in ["pilot", "production"] {
        let dir = root.join(export);
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
    }

    let mut ledger = Ledger::default();
    let people = customer_universe();
    let pilot_idx = pilot_customer_indices(&people);
    assert!(people.iter().all(|c| ssn_valid(&c.ssn)));
    customers(&people, &pilot_idx, &root, &mut ledger)?;
    orders(&people, &pilot_idx, &root, &mut ledger)?;
    events(&people, &pilot_idx, &root, &mut ledger)?;
    products(&root, &mut ledger)?;

    let expected = Expected {
        format: "gapscan.samples.expected/v1",
        description: "What samples/production plants relative to samples/pilot. Written by \
                      samples/generate.rs from the rows it generates; do not edit by hand.",
        baseline: "samples/pilot",
        current: "samples/production",
        classifications: "samples/classifications.json",
        tables: ledger.tables,
        planted: ledger.planted,
        controls: ledger.controls,
        decoys: ledger.decoys,
        classified: classified(),
        not_planted: not_planted(),
    };
    write_json(&root.join("expected.json"), &expected)?;
    write_json(&root.join("classifications.json"), &classifications())?;

    for t in &expected.tables {
        println!(
            "{:<10} pilot {:>5} rows   production {:>6} rows",
            t.table, t.pilot.rows, t.production.rows
        );
    }
    println!(
        "{} planted, {} controls, {} decoys -> samples/expected.json",
        expected.planted.len(),
        expected.controls.len(),
        expected.decoys.len()
    );
    Ok(())
}
