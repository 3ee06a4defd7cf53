//! A labelled accuracy benchmark for the detectors, at the level that matters: columns.
//!
//! [`corpus`] generates, from a fixed seed, one or more columns of realistic valid values per
//! detector (some under a hinting name, some under an innocent one, some as free text with a
//! minority of rows embedding the entity), columns of invalid look-alikes (Luhn-failing card
//! numbers, IBANs with wrong check digits, unallocated SSNs, masked keys) and the usual decoys
//! (UUIDs, SKUs, hex digests, epoch timestamps, ZIP codes without a hint, plain counts, 9- and
//! 16-digit ids). [`evaluate`] profiles each column with detection on, takes the column verdict,
//! and counts per detector true positives, false positives and false negatives.
//! `cargo run --example detector_accuracy` (benches/detector_accuracy.rs) prints the table; a test asserts the goal.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::StringArray;
use arrow::datatypes::DataType;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

use super::matcher::Detectors;
use super::scan::{ColumnScanner, DetectionConfig};
use super::verdict::verdict;
use crate::profile::ColumnProfile;

/// One labelled column.
#[derive(Clone, Debug)]
pub struct LabelledColumn {
    /// Column name (context for hints).
    pub name: String,
    /// The values.
    pub values: Vec<Option<String>>,
    /// The detector that should fire, or `None` (look-alike or decoy).
    pub expected: Option<String>,
    /// What the column is, for the report (`valid`, `free text`, `look-alike`, `decoy`).
    pub kind: &'static str,
}

/// Counts for one detector.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// Columns of this entity classified as it.
    pub tp: u32,
    /// Columns classified as this entity that hold something else.
    pub fp: u32,
    /// Columns of this entity classified otherwise or not at all.
    pub fn_: u32,
}

impl Score {
    /// tp / (tp + fp), 1 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        let d = self.tp + self.fp;
        if d == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(d)
        }
    }

    /// tp / (tp + fn), 1 when nothing was expected.
    pub fn recall(&self) -> f64 {
        let d = self.tp + self.fn_;
        if d == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(d)
        }
    }
}

/// The outcome of a run.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// Per detector id.
    pub per_detector: BTreeMap<String, Score>,
    /// Summed over detectors.
    pub overall: Score,
    /// Decoy and look-alike columns that were classified as something, with what.
    pub flagged_negatives: Vec<(String, String)>,
    /// Columns evaluated.
    pub columns: usize,
}

/// splitmix64: a tiny deterministic generator (also the seeded source of unit tests' values).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    pub(crate) fn from(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| char::from(alphabet[self.below(alphabet.len() as u64) as usize]))
            .collect()
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const HEX: &[u8] = b"0123456789abcdef";
const FIRST: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "María",
    "José",
    "Siobhan",
    "Zoë",
    "Amara",
    "Kenji",
    "Olga",
    "Priya",
];
const LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "García",
    "Miller",
    "Davis",
    "O'Brien",
    "Nguyen",
    "Müller",
    "Kowalski",
    "Patel",
    "Hernández",
    "Okafor",
    "Tanaka",
];
const STREETS: &[&str] = &[
    "Oak",
    "Maple",
    "Main",
    "Cedar",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
];
const STREET_TYPES: &[&str] = &[
    "Street", "St", "Avenue", "Ave", "Road", "Rd", "Blvd", "Lane", "Dr",
];

fn luhn_ok(d: &str) -> bool {
    super::validate::checksum::luhn(d)
}

fn luhn_complete(r: &mut Rng, prefix: &str, len: usize) -> String {
    let body = format!("{prefix}{}", r.digits(len - 1 - prefix.len()));
    (0..10)
        .map(|c| format!("{body}{c}"))
        .find(|s| luhn_ok(s))
        .unwrap_or(body)
}

fn luhn_fail(r: &mut Rng, prefix: &str, len: usize) -> String {
    let body = format!("{prefix}{}", r.digits(len - 1 - prefix.len()));
    (0..10)
        .map(|c| format!("{body}{c}"))
        .find(|s| !luhn_ok(s))
        .unwrap_or(body)
}

fn iban(country: &str, bban: &str) -> String {
    let mut rem: u32 = 0;
    for c in format!("{bban}{country}00").chars() {
        let v = c.to_digit(36).unwrap_or(0);
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("{country}{:02}{bban}", 98 - rem)
}

fn base58(bytes: &[u8]) -> String {
    const A: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &b in bytes {
        let mut carry = u32::from(b);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    let mut s: String = "1".repeat(zeros);
    s.extend(digits.iter().rev().map(|&d| char::from(A[usize::from(d)])));
    s
}

fn btc_address(r: &mut Rng) -> String {
    let mut payload = vec![if r.below(2) == 0 { 0u8 } else { 5u8 }];
    payload.extend((0..20).map(|_| r.below(256) as u8));
    let check = Sha256::digest(Sha256::digest(&payload));
    payload.extend_from_slice(&check[..4]);
    base58(&payload)
}

fn verhoeff_complete(r: &mut Rng) -> String {
    let body = format!("{}{}", r.range(2, 9), r.digits(10));
    (0..10)
        .map(|c| format!("{body}{c}"))
        .find(|s| super::validate::checksum::verhoeff(s))
        .unwrap_or(body)
}

/// A realistic valid value for a detector; `i` varies the format.
fn valid(id: &str, r: &mut Rng, i: usize) -> String {
    match id {
        "email" => {
            let ascii = |s: &str| -> String {
                s.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase()
            };
            let f = ascii(r.pick(FIRST));
            let l = ascii(r.pick(LAST));
            let d = r.pick(&[
                "gmail.com",
                "outlook.com",
                "corp.example.org",
                "mail.co.uk",
                "yahoo.fr",
            ]);
            format!("{f}.{l}{}@{d}", r.below(100))
        }
        "phone" => {
            let (a, e) = (r.range(201, 989), r.range(200, 999));
            let a = if a % 100 == 11 { a + 1 } else { a };
            let e = if e % 100 == 11 { e + 1 } else { e };
            let n = r.digits(4);
            match i % 4 {
                0 => format!("({a}) {e}-{n}"),
                1 => format!("{a}-{e}-{n}"),
                2 => format!("+1 {a} {e} {n}"),
                _ => format!("+44 20 {} {}", r.range(7000, 8999), r.digits(4)),
            }
        }
        "us_ssn" => format!(
            "{:03}-{:02}-{:04}",
            r.range(1, 665),
            r.range(1, 99),
            r.range(1, 9999)
        ),
        "us_itin" => format!("9{:02}-{}-{}", r.below(100), r.range(70, 88), r.digits(4)),
        "date_of_birth" => format!(
            "{}-{:02}-{:02}",
            r.range(1940, 2006),
            r.range(1, 12),
            r.range(1, 28)
        ),
        "person_name" => r.pick(FIRST).to_string(),
        "street_address" => format!(
            "{} {} {}",
            r.range(1, 9999),
            r.pick(STREETS),
            r.pick(STREET_TYPES)
        ),
        "postal_code" => {
            if i.is_multiple_of(5) {
                format!(
                    "SW{} {}{}",
                    r.range(1, 20),
                    r.range(1, 9),
                    r.from(b"ABDEFGHJLNPQRSTUWXYZ", 2)
                )
            } else {
                format!("{:05}", r.range(1001, 99950))
            }
        }
        "us_passport" => r.digits(9),
        "us_driver_license" => format!("{}{}", r.from(UPPER, 1), r.digits(7)),
        "uk_nino" => format!(
            "{}{}{}",
            r.pick(&["AB", "CE", "JG", "PR", "WX", "HY"]),
            r.digits(6),
            r.pick(&["A", "B", "C", "D"])
        ),
        "ca_sin" => {
            let first = r.range(1, 7).to_string();
            let s = luhn_complete(r, &first, 9);
            format!("{} {} {}", &s[..3], &s[3..6], &s[6..])
        }
        "in_aadhaar" => {
            let s = verhoeff_complete(r);
            format!("{} {} {}", &s[..4], &s[4..8], &s[8..])
        }
        "geo_coordinates" => format!(
            "{:.5}, {:.5}",
            (r.below(1_600_000) as f64 / 10_000.0) - 80.0,
            (r.below(3_400_000) as f64 / 10_000.0) - 170.0
        ),
        "credit_card" => {
            let prefix = r.pick(&["4", "51", "52", "55", "2221", "6011"]);
            let s = luhn_complete(r, prefix, 16);
            if i.is_multiple_of(3) {
                format!("{} {} {} {}", &s[..4], &s[4..8], &s[8..12], &s[12..])
            } else {
                s
            }
        }
        "iban" => match i % 4 {
            0 => iban("DE", &r.digits(18)),
            1 => iban("GB", &format!("{}{}", r.from(UPPER, 4), r.digits(14))),
            2 => iban("NL", &format!("{}{}", r.from(UPPER, 4), r.digits(10))),
            _ => iban("FR", &r.digits(23)),
        },
        "swift_bic" => format!(
            "{}{}{}{}",
            r.from(UPPER, 4),
            r.pick(&["DE", "GB", "FR", "US", "NL", "CH"]),
            r.range(2, 9),
            r.from(UPPER, 1)
        ),
        "aba_routing" => {
            let prefix = r.pick(&[
                "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "21", "22",
                "26", "31", "32",
            ]);
            let body = format!("{prefix}{}", r.digits(6));
            let d: Vec<u32> = body.bytes().map(|b| u32::from(b - b'0')).collect();
            let s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5]);
            let check = (10 - s % 10) % 10;
            format!("{body}{check}")
        }
        "us_bank_account" => {
            let n = r.range(8, 12) as usize;
            r.digits(n)
        }
        "crypto_wallet" => {
            if i.is_multiple_of(2) {
                btc_address(r)
            } else {
                format!("0x{}", r.from(HEX, 40))
            }
        }
        "uk_nhs" => loop {
            let body = format!("{}{}", r.range(4, 9), r.digits(8));
            let sum: u32 = body
                .bytes()
                .enumerate()
                .map(|(k, b)| (10 - k as u32) * u32::from(b - b'0'))
                .sum();
            let check = 11 - sum % 11;
            if check == 10 {
                continue;
            }
            let check = if check == 11 { 0 } else { check };
            break format!("{} {} {}{check}", &body[..3], &body[3..6], &body[6..]);
        },
        "us_npi" => {
            let body = format!("1{}", r.digits(8));
            (0..10)
                .map(|c| format!("{body}{c}"))
                .find(|s| luhn_ok(&format!("80840{s}")))
                .unwrap_or(body)
        }
        "us_dea" => {
            let d: Vec<u32> = (0..6).map(|_| r.below(10) as u32).collect();
            let check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
            let digits: String = d.iter().map(|x| char::from(b'0' + *x as u8)).collect();
            format!(
                "{}{}{digits}{check}",
                r.pick(&["A", "B", "F", "M"]),
                r.from(UPPER, 1)
            )
        }
        "us_mbi" => {
            const L: &[u8] = b"ACDEFGHJKMNPQRTUVWXY";
            format!(
                "{}{}{}{}{}{}{}{}{}",
                r.range(1, 9),
                r.from(L, 1),
                r.from(L, 1),
                r.digits(1),
                r.from(L, 1),
                r.digits(1),
                r.digits(1),
                r.from(L, 2),
                r.digits(2)
            )
        }
        "ipv4" => format!(
            "{}.{}.{}.{}",
            r.range(11, 223),
            r.below(256),
            r.below(256),
            r.range(1, 254)
        ),
        "ipv6" => format!(
            "2001:db8:{}:{}::{}",
            r.from(HEX, 4),
            r.from(HEX, 3),
            r.from(HEX, 4)
        ),
        "mac_address" => (0..6).map(|_| r.from(HEX, 2)).collect::<Vec<_>>().join(":"),
        "url_with_credentials" => format!(
            "postgres://svc{}:{}@db{}.internal:5432/app",
            r.below(100),
            r.from(ALNUM, 12),
            r.below(20)
        ),
        "aws_access_key_id" => format!("AKIA{}", r.from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)),
        "aws_secret_access_key" => r.from(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+",
            40,
        ),
        "github_token" => format!("ghp_{}", r.from(ALNUM, 36)),
        "slack_token" => format!(
            "xoxb-{}-{}-{}",
            r.digits(12),
            r.digits(13),
            r.from(ALNUM, 24)
        ),
        "stripe_key" => format!("sk_live_{}", r.from(ALNUM, 24)),
        "google_api_key" => format!(
            "AIza{}",
            r.from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
                35
            )
        ),
        "jwt" => {
            let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
            let p = URL_SAFE_NO_PAD.encode(format!(
                r#"{{"sub":"{}","iat":{}}}"#,
                r.digits(6),
                r.range(1_600_000_000, 1_700_000_000)
            ));
            format!(
                "{h}.{p}.{}",
                r.from(
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
                    43
                )
            )
        }
        "private_key" => format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----",
            STANDARD.encode((0..48).map(|_| r.below(256) as u8).collect::<Vec<u8>>())
        ),
        "password" => {
            let n = r.range(8, 16) as usize;
            r.from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%",
                n,
            )
        }
        "generic_secret" => r.from(ALNUM, 32),
        _ => String::new(),
    }
}

/// Column names a detector's values appear under: a hinting one, and (when the detector does
/// not need a hint) an innocent one.
fn names(id: &str, requires_hint: bool) -> Vec<&'static str> {
    let hinted: &'static str = match id {
        "email" => "email",
        "phone" => "phone",
        "us_ssn" => "ssn",
        "us_itin" => "itin",
        "date_of_birth" => "date_of_birth",
        "person_name" => "first_name",
        "street_address" => "street_address",
        "postal_code" => "postal_code",
        "us_passport" => "passport_number",
        "us_driver_license" => "drivers_license",
        "uk_nino" => "nino",
        "ca_sin" => "sin",
        "in_aadhaar" => "aadhaar",
        "geo_coordinates" => "coordinates",
        "credit_card" => "card_number",
        "iban" => "iban",
        "swift_bic" => "swift_code",
        "aba_routing" => "routing_number",
        "us_bank_account" => "bank_account_number",
        "crypto_wallet" => "wallet_address",
        "uk_nhs" => "nhs_number",
        "us_npi" => "npi",
        "us_dea" => "dea_number",
        "us_mbi" => "medicare_id",
        "ipv4" | "ipv6" => "client_ip",
        "mac_address" => "mac_address",
        "aws_access_key_id" => "aws_access_key",
        "aws_secret_access_key" => "aws_secret_access_key",
        "password" => "password",
        "generic_secret" => "client_secret",
        _ => "secret_token",
    };
    if requires_hint {
        vec![hinted]
    } else {
        vec![hinted, "ref_code"]
    }
}

fn column(
    name: &str,
    values: Vec<Option<String>>,
    expected: Option<&str>,
    kind: &'static str,
) -> LabelledColumn {
    LabelledColumn {
        name: name.into(),
        values,
        expected: expected.map(str::to_string),
        kind,
    }
}

/// Rows per generated column.
const ROWS: usize = 200;

/// The labelled corpus, generated from `seed`.
pub fn corpus(detectors: &Detectors, seed: u64) -> Vec<LabelledColumn> {
    let mut r = Rng(seed);
    let mut out = Vec::new();
    for det in detectors.list() {
        let id = det.spec.id.as_str();
        if valid(id, &mut r, 0).is_empty() {
            continue; // a user detector the generator does not know
        }
        for name in names(id, det.spec.requires_hint) {
            // Real columns have a few nulls and the odd junk value.
            let values = (0..ROWS)
                .map(|i| match i % 50 {
                    0 => None,
                    25 => Some("n/a".to_string()),
                    _ => Some(valid(id, &mut r, i)),
                })
                .collect();
            out.push(column(name, values, Some(id), "valid"));
        }
        if det.spec.patterns.iter().any(|p| p.embedded) && !matches!(id, "private_key") {
            // Free text where one row in eight embeds the entity.
            let values = (0..ROWS)
                .map(|i| {
                    Some(if i % 8 == 0 {
                        format!(
                            "Customer asked us to use {} from now on.",
                            valid(id, &mut r, i)
                        )
                    } else {
                        format!(
                            "Follow-up call {} about order {}.",
                            r.pick(&["scheduled", "done", "missed"]),
                            r.range(1, 99_999)
                        )
                    })
                })
                .collect();
            out.push(column("support_notes", values, Some(id), "free text"));
        }
    }
    // Invalid look-alikes: the right shape, failing the validator.
    let mut lookalike = |name: &'static str, f: &mut dyn FnMut(&mut Rng, usize) -> String| {
        let values = (0..ROWS).map(|i| Some(f(&mut r, i))).collect();
        out.push(column(name, values, None, "look-alike"));
    };
    lookalike("order_number", &mut |r, _| luhn_fail(r, "4", 16));
    lookalike("payment_ref", &mut |r, _| {
        let s = luhn_fail(r, "5", 16);
        format!("{} {} {} {}", &s[..4], &s[4..8], &s[8..12], &s[12..])
    });
    lookalike("ref_code", &mut |r, i| match i % 3 {
        0 => format!("000-{}-{}", r.digits(2), r.digits(4)),
        1 => format!("666-{}-{}", r.digits(2), r.digits(4)),
        _ => format!("{}-00-{}", r.range(100, 599), r.digits(4)),
    });
    lookalike("account_ref", &mut |r, _| {
        let good = iban("DE", &r.digits(18));
        let bad_check = if &good[2..4] == "01" { "02" } else { "01" };
        format!("DE{bad_check}{}", &good[4..])
    });
    lookalike("api_key_masked", &mut |_, _| {
        format!("AKIA{}", "*".repeat(16))
    });
    lookalike("card_masked", &mut |r, _| {
        format!("************{}", r.digits(4))
    });
    lookalike("ip_like_version", &mut |r, _| {
        format!("{}.{}.{}", r.below(10), r.below(30), r.below(100))
    });
    lookalike("batch_number", &mut |r, _| r.digits(10));
    lookalike("lot_code", &mut |r, _| {
        let d: Vec<u32> = (0..6).map(|_| r.below(10) as u32).collect();
        let check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]) + 1) % 10;
        let digits: String = d.iter().map(|x| char::from(b'0' + *x as u8)).collect();
        format!("AB{digits}{check}")
    });
    lookalike("tx_hash", &mut |r, _| format!("0x{}", r.from(HEX, 64)));
    lookalike("username", &mut |r, _| {
        format!("{}_{}", r.pick(&["jdoe", "asmith", "mk"]), r.below(1000))
    });
    // Decoys: the usual innocent columns.
    let mut decoy = |name: &'static str, f: &mut dyn FnMut(&mut Rng, usize) -> String| {
        let values = (0..ROWS).map(|i| Some(f(&mut r, i))).collect();
        out.push(column(name, values, None, "decoy"));
    };
    decoy("event_id", &mut |r, _| {
        let h = r.from(HEX, 32);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..]
        )
    });
    decoy("sku", &mut |r, _| format!("SKU-{}", r.digits(5)));
    decoy("image_sha1", &mut |r, _| r.from(HEX, 40));
    decoy("received_at", &mut |r, _| {
        r.range(1_600_000_000, 1_750_000_000).to_string()
    });
    decoy("created_ms", &mut |r, _| {
        r.range(1_600_000_000_000, 1_750_000_000_000).to_string()
    });
    decoy("region_code", &mut |r, _| {
        format!("{:05}", r.range(1001, 99950))
    });
    decoy("response_bytes", &mut |r, _| {
        r.range(100, 9_999_999).to_string()
    });
    decoy("fulfillment_id", &mut |r, _| {
        format!("{}{}", r.range(1, 8), r.digits(8))
    });
    decoy("status", &mut |r, _| {
        r.pick(&["delivered", "shipped", "cancelled", "returned"])
            .into()
    });
    decoy("amount", &mut |r, _| {
        format!("{}.{:02}", r.range(1, 999), r.below(100))
    });
    decoy("signup_date", &mut |r, _| {
        format!(
            "20{:02}-{:02}-{:02}",
            r.range(10, 24),
            r.range(1, 12),
            r.range(1, 28)
        )
    });
    decoy("app_version", &mut |r, _| {
        format!("{}.{}.{}", r.range(1, 9), r.below(20), r.below(10))
    });
    decoy("product_name", &mut |r, _| {
        format!(
            "{} {}",
            r.pick(&["Blue", "Large", "Classic"]),
            r.pick(&["Widget", "Jacket", "Lamp"])
        )
    });
    decoy("city", &mut |r, _| {
        r.pick(&["Springfield", "Portland", "Austin", "Denver"])
            .into()
    });
    decoy("comment", &mut |r, _| {
        format!(
            "Delivered to the front desk, order {} of {}.",
            r.range(1, 9),
            r.range(10, 99)
        )
    });
    out
}

/// Profiles every column with detection on and scores the verdicts.
pub fn evaluate(detectors: &Arc<Detectors>, columns: &[LabelledColumn]) -> Evaluation {
    let config = DetectionConfig {
        detectors: Arc::clone(detectors),
        sample: None,
    };
    let mut e = Evaluation {
        columns: columns.len(),
        ..Evaluation::default()
    };
    for c in columns {
        let mut p = ColumnProfile::for_type(&c.name, &DataType::Utf8);
        p.scanner = Some(ColumnScanner::new(&config, &c.name));
        let array = StringArray::from(c.values.clone());
        if p.update(&array).is_err() {
            continue;
        }
        p.finish();
        let predicted = verdict(&p, detectors).entity.map(|x| x.detector);
        match (&c.expected, &predicted) {
            (Some(x), Some(y)) if x == y => e.per_detector.entry(x.clone()).or_default().tp += 1,
            (Some(x), Some(y)) => {
                e.per_detector.entry(x.clone()).or_default().fn_ += 1;
                e.per_detector.entry(y.clone()).or_default().fp += 1;
            }
            (Some(x), None) => e.per_detector.entry(x.clone()).or_default().fn_ += 1,
            (None, Some(y)) => {
                e.per_detector.entry(y.clone()).or_default().fp += 1;
                e.flagged_negatives.push((c.name.clone(), y.clone()));
            }
            (None, None) => {}
        }
    }
    for s in e.per_detector.values() {
        e.overall.tp += s.tp;
        e.overall.fp += s.fp;
        e.overall.fn_ += s.fn_;
    }
    e
}

/// The result as a Markdown table.
pub fn table(e: &Evaluation) -> String {
    let mut s = String::from(
        "| detector | tp | fp | fn | precision | recall |\n| --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (id, x) in &e.per_detector {
        s.push_str(&format!(
            "| {id} | {} | {} | {} | {:.2} | {:.2} |\n",
            x.tp,
            x.fp,
            x.fn_,
            x.precision(),
            x.recall()
        ));
    }
    let o = &e.overall;
    s.push_str(&format!(
        "| **overall** ({} columns) | {} | {} | {} | {:.3} | {:.3} |\n",
        e.columns,
        o.tp,
        o.fp,
        o.fn_,
        o.precision(),
        o.recall()
    ));
    if !e.flagged_negatives.is_empty() {
        s.push_str(&format!(
            "\nnegative columns flagged: {:?}\n",
            e.flagged_negatives
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_meets_the_goal_and_no_decoy_fires() {
        let d = Arc::new(Detectors::builtin().unwrap());
        let corpus = corpus(&d, 42);
        let e = evaluate(&d, &corpus);
        let report = table(&e);
        assert!(e.overall.precision() >= 0.95, "{report}");
        assert!(e.overall.recall() >= 0.95, "{report}");
        assert!(e.flagged_negatives.is_empty(), "{report}");
        // Every built-in detector is exercised by at least one positive column.
        for det in d.list() {
            assert!(
                e.per_detector
                    .get(&det.spec.id)
                    .is_some_and(|s| s.tp + s.fn_ > 0),
                "{} untested",
                det.spec.id
            );
        }
    }

    #[test]
    fn the_corpus_is_reproducible() {
        let d = Detectors::builtin().unwrap();
        let a: Vec<_> = corpus(&d, 7).into_iter().map(|c| c.values).collect();
        let b: Vec<_> = corpus(&d, 7).into_iter().map(|c| c.values).collect();
        assert_eq!(a, b);
    }
}
