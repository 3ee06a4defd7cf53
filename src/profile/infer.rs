//! Type inference for text values.
//!
//! Text formats are read as text, so one junk value can never fail a table; the types come from
//! here instead. Each non-empty value is tested against every candidate type and the profile
//! keeps how many values parse as each, so later checks can say "97% integers, 3% that do not
//! parse". The inferred type is the most specific candidate that covers at least
//! [`INFERENCE_SHARE`] of the non-empty values. The parsers are strict byte-level checks (no
//! allocation) because they run on every value of every text column.

use serde::{Deserialize, Serialize};

/// Share of non-empty values that must parse as a type for it to be the inferred type.
pub const INFERENCE_SHARE: f64 = 0.95;

/// The type a column's values are inferred to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InferredType {
    /// No non-null, non-empty value to infer from.
    Empty,
    /// `true`/`false`, `yes`/`no`, `y`/`n`, `t`/`f` in any case.
    Boolean,
    /// Whole numbers, optionally signed, no separators.
    Integer,
    /// Numbers with a fraction or exponent (integers also parse as decimal).
    Decimal,
    /// Calendar dates: ISO `2024-01-31`, US `01/31/2024`, European `31.01.2024`.
    Date,
    /// ISO 8601 date and time, with `T` or a space, optional fraction and offset.
    Timestamp,
    /// RFC 4122 textual UUIDs.
    Uuid,
    /// Anything else.
    Text,
}

impl InferredType {
    /// The lower-case name used in profiles and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Boolean => "boolean",
            Self::Integer => "integer",
            Self::Decimal => "decimal",
            Self::Date => "date",
            Self::Timestamp => "timestamp",
            Self::Uuid => "uuid",
            Self::Text => "text",
        }
    }
}

/// What one text value parses as, with the parsed value where there is one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Parsed {
    /// Blank: empty or whitespace only.
    Blank,
    /// A boolean word.
    Boolean,
    /// A whole number.
    Integer(f64),
    /// A number with a fraction or exponent (finite).
    Decimal(f64),
    /// A date, as microseconds since the epoch (its midnight, UTC).
    Date(i64),
    /// A timestamp, as microseconds since the epoch (UTC when an offset is given, else as written).
    Timestamp(i64),
    /// A UUID.
    Uuid,
    /// None of the candidates.
    Other,
}

/// Classifies one text value.
pub fn parse(value: &str) -> Parsed {
    let text = super::trimmed(value);
    let v = text.as_bytes();
    if v.is_empty() {
        return Parsed::Blank;
    }
    if is_boolean(v) {
        return Parsed::Boolean;
    }
    // A number holds nothing but digits, signs, points and exponents. One pass without an early
    // exit settles that for most text; the scans of `is_integer` and `is_decimal` would stop at
    // a random byte of each value (an e-mail's first letter, a hex id's first `e`) and
    // mispredict a branch apiece.
    if number_bytes_only(v) {
        if is_integer(v) {
            // Up to 19 digits: i64 parse can still overflow at the top, then f64 takes it.
            return Parsed::Integer(
                text.parse::<i64>()
                    .map_or_else(|_| text.parse::<f64>().unwrap_or(0.0), |i| i as f64),
            );
        }
        if is_decimal(v) {
            return match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Parsed::Decimal(x),
                _ => Parsed::Other,
            };
        }
    }
    if let Some(us) = date_us(v) {
        return Parsed::Date(us);
    }
    if let Some(us) = timestamp_us(v) {
        return Parsed::Timestamp(us);
    }
    if is_uuid(v) {
        return Parsed::Uuid;
    }
    Parsed::Other
}

/// How many non-empty text values parse as each candidate type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeCounts {
    /// Non-null values that are not empty after trimming: the denominator.
    pub candidates: u64,
    /// Values that parse as booleans.
    pub boolean: u64,
    /// Values that parse as integers.
    pub integer: u64,
    /// Values that parse as decimals (integers included).
    pub decimal: u64,
    /// Values that parse as dates.
    pub date: u64,
    /// Values that parse as timestamps (dates not included).
    pub timestamp: u64,
    /// Values that parse as UUIDs.
    pub uuid: u64,
}

impl TypeCounts {
    /// Adds `count` values that parsed as `parsed`.
    pub fn add(&mut self, parsed: Parsed, count: u64) {
        if parsed == Parsed::Blank {
            return;
        }
        self.candidates += count;
        match parsed {
            Parsed::Boolean => self.boolean += count,
            Parsed::Integer(_) => {
                self.integer += count;
                self.decimal += count;
            }
            Parsed::Decimal(_) => self.decimal += count,
            Parsed::Date(_) => self.date += count,
            Parsed::Timestamp(_) => self.timestamp += count,
            Parsed::Uuid => self.uuid += count,
            Parsed::Blank | Parsed::Other => {}
        }
    }

    /// Tests one value (already known to be non-null) and adds `count` to each match.
    pub fn observe(&mut self, value: &str, count: u64) {
        self.add(parse(value), count);
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &TypeCounts) {
        self.candidates += other.candidates;
        self.boolean += other.boolean;
        self.integer += other.integer;
        self.decimal += other.decimal;
        self.date += other.date;
        self.timestamp += other.timestamp;
        self.uuid += other.uuid;
    }

    /// The most specific type covering at least [`INFERENCE_SHARE`] of the values.
    pub fn inferred(&self) -> InferredType {
        if self.candidates == 0 {
            return InferredType::Empty;
        }
        let covers = |n: u64| n as f64 >= INFERENCE_SHARE * self.candidates as f64;
        [
            (self.boolean, InferredType::Boolean),
            (self.integer, InferredType::Integer),
            (self.decimal, InferredType::Decimal),
            (self.date, InferredType::Date),
            (self.date + self.timestamp, InferredType::Timestamp),
            (self.uuid, InferredType::Uuid),
        ]
        .into_iter()
        .find(|(n, _)| covers(*n))
        .map_or(InferredType::Text, |(_, t)| t)
    }

    /// Number of values that parse as `t`.
    pub fn count_of(&self, t: InferredType) -> u64 {
        match t {
            InferredType::Boolean => self.boolean,
            InferredType::Integer => self.integer,
            InferredType::Decimal => self.decimal,
            InferredType::Date => self.date,
            InferredType::Timestamp => self.date + self.timestamp,
            InferredType::Uuid => self.uuid,
            InferredType::Empty | InferredType::Text => self.candidates,
        }
    }
}

fn is_boolean(v: &[u8]) -> bool {
    const WORDS: [&[u8]; 8] = [b"true", b"false", b"yes", b"no", b"y", b"n", b"t", b"f"];
    v.len() <= 5 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(v))
}

fn digits(v: &[u8]) -> bool {
    !v.is_empty() && v.iter().all(u8::is_ascii_digit)
}

fn unsigned(v: &[u8]) -> &[u8] {
    match v.first() {
        Some(b'+' | b'-') => &v[1..],
        _ => v,
    }
}

/// Whether every byte can be part of a decimal number (`-1.5e+3`).
fn number_bytes_only(v: &[u8]) -> bool {
    v.iter().fold(true, |ok, &b| {
        ok & (b.is_ascii_digit() | matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    })
}

fn is_integer(v: &[u8]) -> bool {
    let d = unsigned(v);
    // Beyond 19 digits the value would not fit an i64 column.
    digits(d) && d.len() <= 19
}

fn is_decimal(v: &[u8]) -> bool {
    let v = unsigned(v);
    let (mantissa, exponent) = match v.iter().position(|b| *b == b'e' || *b == b'E') {
        Some(i) => (&v[..i], Some(&v[i + 1..])),
        None => (v, None),
    };
    let mantissa_ok = match mantissa.iter().position(|b| *b == b'.') {
        Some(i) => {
            let (int, frac) = (&mantissa[..i], &mantissa[i + 1..]);
            (digits(int) || int.is_empty())
                && (digits(frac) || frac.is_empty())
                && mantissa.len() > 1
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(unsigned(e)))
}

fn number(v: &[u8]) -> Option<u32> {
    digits(v).then(|| v.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
}

/// Whether `year-month-day` is a real calendar date (Gregorian, leap years included) in years
/// 1 to 9999.
pub fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=9999).contains(&year) && (1..=days).contains(&day)
}

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Days since 1970-01-01 of a valid civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD`, `MM/DD/YYYY` (or `DD/MM/YYYY` when the first part is over 12) or `DD.MM.YYYY`,
/// as microseconds since the epoch.
fn date_us(v: &[u8]) -> Option<i64> {
    if v.len() != 10 {
        return None;
    }
    let part = |a: usize, b: usize| number(&v[a..b]);
    let (y, m, d) = match (v[2], v[4], v[5]) {
        (_, b'-', _) if v[7] == b'-' => (part(0, 4)?, part(5, 7)?, part(8, 10)?),
        (b'/', _, b'/') => {
            let (a, b, y) = (part(0, 2)?, part(3, 5)?, part(6, 10)?);
            if valid_date(y, a, b) {
                (y, a, b)
            } else {
                (y, b, a)
            }
        }
        (b'.', _, b'.') => (part(6, 10)?, part(3, 5)?, part(0, 2)?),
        _ => return None,
    };
    valid_date(y, m, d).then(|| days_from_civil(y, m, d) * MICROS_PER_DAY)
}

/// ISO 8601: an ISO date, `T` or a space, `HH:MM[:SS[.fff…]]`, then optional `Z` or `±HH[:MM]`.
fn timestamp_us(v: &[u8]) -> Option<i64> {
    if v.len() < 16 || v[4] != b'-' || !matches!(v[10], b'T' | b' ') {
        return None;
    }
    let day = date_us(&v[..10])?;
    let t = &v[11..];
    let two = |s: &[u8], max: u32| -> Option<i64> {
        let n = number(s.get(..2)?)?;
        (n <= max).then_some(i64::from(n))
    };
    let (h, mi) = (two(t, 23)?, two(t.get(3..)?, 59)?);
    if t.get(2) != Some(&b':') {
        return None;
    }
    let mut us = day + (h * 3600 + mi * 60) * 1_000_000;
    let mut rest = &t[5..];
    if rest.first() == Some(&b':') {
        us += two(&rest[1..], 60)? * 1_000_000;
        rest = &rest[3..];
        if rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let frac = &rest[1..1 + n.min(6)];
            let value = frac.iter().fold(0i64, |a, d| a * 10 + i64::from(d - b'0'));
            us += value * 10i64.pow(6 - frac.len() as u32);
            rest = &rest[1 + n..];
        }
    }
    match rest {
        [] | [b'Z'] => Some(us),
        [sign @ (b'+' | b'-'), tz @ ..] => {
            let digits: Vec<u8> = tz.iter().copied().filter(|b| *b != b':').collect();
            if !matches!(tz.len(), 2 | 4 | 5)
                || digits.len() != tz.len() - usize::from(tz.len() == 5)
            {
                return None;
            }
            let oh = two(&digits, 14)?;
            let om = if digits.len() == 4 {
                two(&digits[2..], 59)?
            } else {
                0
            };
            let offset = (oh * 3600 + om * 60) * 1_000_000;
            Some(if *sign == b'+' {
                us - offset
            } else {
                us + offset
            })
        }
        _ => None,
    }
}

/// `8-4-4-4-12` hex digits. Checked as "the four dashes in place, nothing but hex digits and
/// dashes, four dashes in all": loops without early exits, which the compiler vectorises (a
/// UUID column runs every value through here).
fn is_uuid(v: &[u8]) -> bool {
    v.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| v[i] == b'-')
        && v.iter()
            .fold(true, |ok, b| ok & (b.is_ascii_hexdigit() | (*b == b'-')))
        && v.iter().filter(|b| **b == b'-').count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(values: &[&str]) -> InferredType {
        let mut c = TypeCounts::default();
        values.iter().for_each(|v| c.observe(v, 1));
        c.inferred()
    }

    #[test]
    fn parses_each_candidate() {
        assert!(is_integer(b"-42") && !is_integer(b"4.2") && !is_integer(b"-"));
        assert!(
            is_decimal(b"4.2") && is_decimal(b"-.5") && is_decimal(b"1e-3") && !is_decimal(b".")
        );
        assert!(!is_decimal(b"1,234.5") && !is_decimal(b"$12"));
        let is_date = |v: &[u8]| date_us(v).is_some();
        let is_timestamp = |v: &[u8]| timestamp_us(v).is_some();
        assert!(is_date(b"2024-02-29") && !is_date(b"2023-02-29") && !is_date(b"2024-13-01"));
        assert!(is_date(b"12/31/2024") && is_date(b"31/12/2024") && is_date(b"31.12.2024"));
        assert!(is_timestamp(b"2024-01-31T23:59:59Z") && is_timestamp(b"2024-01-31 08:00"));
        assert!(is_timestamp(b"2024-01-31T23:59:59.123456+01:00"));
        assert!(!is_timestamp(b"2024-01-31T24:00:00"));
        assert!(
            is_uuid(b"123e4567-e89b-12d3-a456-426614174000")
                && !is_uuid(b"123e4567e89b12d3a456426614174000")
                && !is_uuid(b"123e4567-e89b-12d3-a456-42661417400g")
                && !is_uuid(b"123e4567-e89b-12d3-a456-4266-4174000")
                && !is_uuid(b"123e4567-e89b-12d3-a456-426614174000 ")
        );
        assert!(is_boolean(b"Yes") && !is_boolean(b"1"));
    }

    #[test]
    fn numbers_are_told_from_text_that_holds_their_bytes() {
        // Exponents and signs are number bytes; a hex id whose only letters are `e` is not a
        // number all the same, and one letter elsewhere makes any value text.
        let cases: [(&str, Parsed); 9] = [
            ("1e5", Parsed::Decimal(1e5)),
            (" -2.5E-3 ", Parsed::Decimal(-2.5e-3)),
            ("+7", Parsed::Integer(7.0)),
            ("1e5e5", Parsed::Other),
            ("-", Parsed::Other),
            ("12e", Parsed::Other),
            ("123e4567-e89b-12d3-a456-426614174000", Parsed::Uuid),
            ("2024-01-31", Parsed::Date(1_706_659_200 * 1_000_000)),
            ("1.5kg", Parsed::Other),
        ];
        for (value, expected) in cases {
            assert_eq!(parse(value), expected, "{value:?}");
        }
    }

    #[test]
    fn parsed_values_match_reference_epochs() {
        // References: `date -u -d 2024-01-31 +%s` = 1706659200; 2000-02-29 = 951782400.
        assert_eq!(parse("2024-01-31"), Parsed::Date(1_706_659_200_000_000));
        assert_eq!(parse("02/29/2000"), Parsed::Date(951_782_400_000_000));
        assert_eq!(parse("29.02.2000"), Parsed::Date(951_782_400_000_000));
        assert_eq!(parse("1969-12-31"), Parsed::Date(-86_400_000_000));
        assert_eq!(
            parse("2024-01-31T01:02:03.5+01:00"),
            Parsed::Timestamp(1_706_659_200_000_000 - 3_600_000_000 + 3_723_500_000)
        );
        assert_eq!(parse(" -42 "), Parsed::Integer(-42.0));
        assert_eq!(parse("2.5e3"), Parsed::Decimal(2500.0));
        assert_eq!(parse("1e999"), Parsed::Other);
        assert_eq!(parse("   "), Parsed::Blank);
    }

    #[test]
    fn infers_most_specific_type_over_the_share() {
        assert_eq!(infer(&["1", "2", "3"]), InferredType::Integer);
        assert_eq!(infer(&["1", "2.5"]), InferredType::Decimal);
        assert_eq!(
            infer(&["2024-01-01", "2024-01-02T10:00:00"]),
            InferredType::Timestamp
        );
        assert_eq!(infer(&["true", "no"]), InferredType::Boolean);
        assert_eq!(infer(&["", "  "]), InferredType::Empty);
        let mut mostly: Vec<&str> = vec!["7"; 97];
        mostly.extend(["n/a", "abc", "12,5"]);
        assert_eq!(infer(&mostly), InferredType::Integer);
        mostly.extend(["x", "y", "z"]);
        assert_eq!(infer(&mostly), InferredType::Text);
    }
}
