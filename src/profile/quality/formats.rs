//! Format families of text values: which layout of a date, boolean, number or phone number a
//! value is written in.
//!
//! Each non-blank text value falls in at most one [`FormatFamily`] (or none: free text). The
//! profile keeps exact counts per family, which add when profiles merge. The mixed-formats check
//! groups families into domains (dates, booleans, numbers, phone numbers) and reports a column
//! whose values share one domain but are spelled in several significant families. Some spellings
//! belong to two domains (`1`/`0` is a boolean spelling and a number; ten digits can be epoch
//! seconds or a plain number); the check resolves them, the profile only records what it saw.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A layout of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatFamily {
    /// `2024-03-05`.
    DateIso,
    /// `2024-03-05T10:00:00Z`, `2024-03-05 10:00`.
    TimestampIso,
    /// `MM/DD/YYYY` where the day is over 12, so it can only be month first (US).
    DateSlashMonthFirst,
    /// `DD/MM/YYYY` where the day is over 12, so it can only be day first (European).
    DateSlashDayFirst,
    /// `NN/NN/YYYY` with both parts 12 or less: US or European.
    DateSlashAmbiguous,
    /// `DD.MM.YYYY`.
    DateDot,
    /// Ten digits between 10⁹ and 4·10⁹ (2001-09-09 … 2096-10-02 as Unix seconds).
    EpochSeconds,
    /// Thirteen digits between 10¹² and 4·10¹² (the same span as Unix milliseconds).
    EpochMillis,
    /// `true`/`false`, `t`/`f`, any case.
    BoolTrueFalse,
    /// `yes`/`no`, any case.
    BoolYesNo,
    /// `Y`/`N`, any case.
    BoolYN,
    /// `1`/`0`.
    BoolOneZero,
    /// A plain number below 1000 in absolute value (`12`, `-3.5`): fits any number layout.
    NumberSmall,
    /// A plain number of 1000 or more without separators (`1234.50`).
    NumberPlainLarge,
    /// A number with thousands separators (`1,234.50`).
    NumberThousands,
    /// A number with a currency symbol or code (`$12.00`, `12.00 €`, `USD 12`).
    NumberCurrency,
    /// `(415) 867-2291`.
    PhoneParens,
    /// `415-867-2291`, `867-2291`.
    PhoneDashed,
    /// `415.867.2291`.
    PhoneDotted,
    /// `415 867 2291`.
    PhoneSpaced,
    /// `+1 415 867 2291`, `+44 20 7946 0958`, `+14158672291`.
    PhoneInternational,
}

impl FormatFamily {
    /// A readable name for reports.
    pub fn label(self) -> &'static str {
        use FormatFamily::*;
        match self {
            DateIso => "ISO date (2024-03-05)",
            TimestampIso => "ISO timestamp (2024-03-05T10:00:00)",
            DateSlashMonthFirst => "US date (03/25/2024)",
            DateSlashDayFirst => "European date (25/03/2024)",
            DateSlashAmbiguous => "slashed date (03/05/2024, US or European)",
            DateDot => "dotted European date (25.03.2024)",
            EpochSeconds => "epoch seconds (1709596800)",
            EpochMillis => "epoch milliseconds (1709596800000)",
            BoolTrueFalse => "true/false",
            BoolYesNo => "yes/no",
            BoolYN => "Y/N",
            BoolOneZero => "1/0",
            NumberSmall => "plain number under 1000",
            NumberPlainLarge => "plain number (1234.50)",
            NumberThousands => "thousands separators (1,234.50)",
            NumberCurrency => "currency symbol ($12.00)",
            PhoneParens => "phone (415) 867-2291",
            PhoneDashed => "phone 415-867-2291",
            PhoneDotted => "phone 415.867.2291",
            PhoneSpaced => "phone 415 867 2291",
            PhoneInternational => "phone +1 415 867 2291",
        }
    }
}

/// Exact counts of values per format family.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatCounts {
    /// Family → values written in it.
    pub families: BTreeMap<FormatFamily, u64>,
}

impl FormatCounts {
    /// Records `count` values of the given family.
    pub fn add(&mut self, family: FormatFamily, count: u64) {
        *self.families.entry(family).or_default() += count;
    }

    /// Values in `family`.
    pub fn get(&self, family: FormatFamily) -> u64 {
        self.families.get(&family).copied().unwrap_or(0)
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &FormatCounts) {
        for (f, n) in &other.families {
            self.add(*f, *n);
        }
    }
}

fn num(v: &[u8]) -> Option<u64> {
    (!v.is_empty() && v.len() <= 19 && v.iter().all(u8::is_ascii_digit))
        .then(|| v.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

fn date_parts_ok(year: u64, month: u64, day: u64) -> bool {
    (1..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// The family of one value (trimmed first), if it has one.
pub fn family_of(value: &str) -> Option<FormatFamily> {
    use FormatFamily::*;
    let t = crate::profile::trimmed(value);
    let v = t.as_bytes();
    if v.is_empty() || v.len() > 40 {
        return None;
    }
    if v.len() <= 5 {
        let word = |w: &str| t.eq_ignore_ascii_case(w);
        if ["true", "false", "t", "f"].into_iter().any(word) {
            return Some(BoolTrueFalse);
        }
        if word("yes") || word("no") {
            return Some(BoolYesNo);
        }
        if word("y") || word("n") {
            return Some(BoolYN);
        }
        if t == "1" || t == "0" {
            return Some(BoolOneZero);
        }
    }
    if let Some(f) = date_family(v) {
        return Some(f);
    }
    if let Some(f) = phone_family(v) {
        return Some(f);
    }
    number_family(t)
}

fn date_family(v: &[u8]) -> Option<FormatFamily> {
    use FormatFamily::*;
    if v.len() == 10 {
        let part = |a: usize, b: usize| num(&v[a..b]);
        if v[4] == b'-' && v[7] == b'-' {
            let (y, m, d) = (part(0, 4)?, part(5, 7)?, part(8, 10)?);
            return date_parts_ok(y, m, d).then_some(DateIso);
        }
        if v[2] == b'/' && v[5] == b'/' {
            let (a, b, y) = (part(0, 2)?, part(3, 5)?, part(6, 10)?);
            return match (a, b) {
                _ if y == 0 => None,
                (1..=12, 1..=12) => Some(DateSlashAmbiguous),
                (1..=12, 13..=31) => Some(DateSlashMonthFirst),
                (13..=31, 1..=12) => Some(DateSlashDayFirst),
                _ => None,
            };
        }
        if v[2] == b'.' && v[5] == b'.' {
            let (d, m, y) = (part(0, 2)?, part(3, 5)?, part(6, 10)?);
            return date_parts_ok(y, m, d).then_some(DateDot);
        }
    }
    if v.len() >= 16 && v[4] == b'-' && v[7] == b'-' && matches!(v[10], b'T' | b' ') {
        let (y, m, d) = (num(&v[0..4])?, num(&v[5..7])?, num(&v[8..10])?);
        let (h, mi) = (num(&v[11..13])?, num(&v[14..16])?);
        return (date_parts_ok(y, m, d) && v[13] == b':' && h < 24 && mi < 60)
            .then_some(TimestampIso);
    }
    match (v.len(), num(v)) {
        (10, Some(n)) if (1_000_000_000..4_000_000_000).contains(&n) => Some(EpochSeconds),
        (13, Some(n)) if (1_000_000_000_000..4_000_000_000_000).contains(&n) => Some(EpochMillis),
        _ => None,
    }
}

fn phone_family(v: &[u8]) -> Option<FormatFamily> {
    use FormatFamily::*;
    let mut digits = 0;
    for b in v {
        if b.is_ascii_digit() {
            digits += 1;
        } else if !matches!(b, b'(' | b')' | b'-' | b'.' | b' ' | b'+') {
            return None;
        }
    }
    if !(7..=15).contains(&digits) {
        return None;
    }
    // Runs of digits, to tell a phone layout from a date or a decimal number; no layout below
    // has more than three, so a fourth stands for any more.
    let mut runs = [0; 4];
    let mut count = 0;
    for run in v.split(|b| !b.is_ascii_digit()).filter(|g| !g.is_empty()) {
        runs[count.min(3)] = run.len();
        count += 1;
    }
    let groups = &runs[..count.min(4)];
    let only = |sep: u8| v.iter().all(|b| b.is_ascii_digit() || *b == sep);
    if v[0] == b'+' {
        return Some(PhoneInternational);
    }
    if v[0] == b'(' {
        return (groups.len() == 3 && groups[0] == 3).then_some(PhoneParens);
    }
    let phone_groups = matches!(groups, [3, 4] | [3, 3, 4]);
    if !phone_groups {
        return None;
    }
    if only(b'-') {
        Some(PhoneDashed)
    } else if only(b'.') {
        Some(PhoneDotted)
    } else if only(b' ') {
        Some(PhoneSpaced)
    } else {
        None
    }
}

fn number_family(t: &str) -> Option<FormatFamily> {
    use FormatFamily::*;
    const SYMBOLS: [&str; 10] = ["$", "€", "£", "¥", "USD", "EUR", "GBP", "CAD", "AUD", "JPY"];
    // A number starts with a digit, a sign or a currency and ends with a digit or a currency:
    // most text fails this at once, on two bytes, before the symbols are tried.
    let (Some(&first), Some(&last)) = (t.as_bytes().first(), t.as_bytes().last()) else {
        return None;
    };
    let may_start = first.is_ascii_digit()
        || first == b'-'
        || SYMBOLS.iter().any(|s| s.as_bytes().first() == Some(&first));
    let may_end =
        last.is_ascii_digit() || SYMBOLS.iter().any(|s| s.as_bytes().last() == Some(&last));
    if !(may_start && may_end) {
        return None;
    }
    let (body, currency) = {
        let mut body = t;
        let mut currency = false;
        let unsigned = body.strip_prefix('-').unwrap_or(body);
        // Every symbol begins and ends with a non-digit: a digit at both ends rules them all out.
        let bare = unsigned.starts_with(|c: char| c.is_ascii_digit())
            && body.ends_with(|c: char| c.is_ascii_digit());
        if !bare {
            for s in SYMBOLS {
                if let Some(rest) = unsigned.strip_prefix(s) {
                    body = rest.trim_start();
                    currency = true;
                    break;
                }
                if let Some(rest) = body.strip_suffix(s) {
                    body = rest.trim_end();
                    currency = true;
                    break;
                }
            }
        }
        (body.strip_prefix('-').unwrap_or(body), currency)
    };
    let b = body.as_bytes();
    let (int, frac) = match memchr::memchr(b'.', b) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.iter().all(u8::is_ascii_digit)) || int.is_empty() {
        return None;
    }
    let thousands = if int.contains(&b',') {
        let groups: Vec<&[u8]> = int.split(|c| *c == b',').collect();
        let ok = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.iter().all(u8::is_ascii_digit));
        if !ok {
            return None;
        }
        true
    } else if int.iter().all(u8::is_ascii_digit) {
        false
    } else {
        return None;
    };
    Some(if currency {
        NumberCurrency
    } else if thousands {
        NumberThousands
    } else if int.len() >= 4 {
        NumberPlainLarge
    } else {
        NumberSmall
    })
}

#[cfg(test)]
mod tests {
    use super::FormatFamily::*;
    use super::*;

    #[test]
    fn families_of_documented_examples() {
        let cases = [
            ("2024-03-05", Some(DateIso)),
            ("2024-03-05T10:00:00Z", Some(TimestampIso)),
            ("03/25/2024", Some(DateSlashMonthFirst)),
            ("25/03/2024", Some(DateSlashDayFirst)),
            ("03/05/2024", Some(DateSlashAmbiguous)),
            ("25.03.2024", Some(DateDot)),
            ("1709596800", Some(EpochSeconds)),
            ("1709596800000", Some(EpochMillis)),
            ("TRUE", Some(BoolTrueFalse)),
            ("no", Some(BoolYesNo)),
            ("Y", Some(BoolYN)),
            ("0", Some(BoolOneZero)),
            ("12", Some(NumberSmall)),
            ("-3.5", Some(NumberSmall)),
            ("1234.50", Some(NumberPlainLarge)),
            ("1,234.50", Some(NumberThousands)),
            ("$12.00", Some(NumberCurrency)),
            ("-$1,200", Some(NumberCurrency)),
            ("12.00 €", Some(NumberCurrency)),
            ("(415) 867-2291", Some(PhoneParens)),
            ("415-867-2291", Some(PhoneDashed)),
            ("555-0101", Some(PhoneDashed)),
            ("415.867.2291", Some(PhoneDotted)),
            ("415 867 2291", Some(PhoneSpaced)),
            ("+1 415 867 2291", Some(PhoneInternational)),
            ("123-45-6789", None),
            ("415-867-2291-12", None),
            ("(415) 867-22-91", None),
            ("41-58-67-22-91", None),
            ("12,5", None),
            ("1,23", None),
            ("n/a", None),
            ("abc", None),
            ("2024-13-05", None),
            ("5.12.0", None),
        ];
        for (v, want) in cases {
            assert_eq!(family_of(v), want, "{v}");
        }
    }

    #[test]
    fn counts_merge() {
        let mut a = FormatCounts::default();
        let mut b = FormatCounts::default();
        a.add(DateIso, 3);
        b.add(DateIso, 1);
        b.add(EpochSeconds, 2);
        a.merge(&b);
        assert_eq!(
            (a.get(DateIso), a.get(EpochSeconds), a.get(DateDot)),
            (4, 2, 0)
        );
    }
}
