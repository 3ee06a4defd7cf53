//! Rules of national identifiers and contact formats that are not plain check digits: US SSN and
//! ITIN ranges, Canadian SIN, UK National Insurance number prefixes, telephone numbering plans
//! (NANP and E.164), and plausible dates of birth.

use super::checksum::luhn;
use crate::profile::trimmed;

/// Digits kept by [`digits_only`]: more than any rule here accepts (15), so a value with more
/// digits still fails every length check.
const MAX_DIGITS: usize = 24;

/// The ASCII digits of a value, on the stack: validators run on every value a pattern matched.
struct Digits {
    buf: [u8; MAX_DIGITS],
    len: usize,
}

impl std::ops::Deref for Digits {
    type Target = str;

    fn deref(&self) -> &str {
        // Only ASCII digits are stored.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// The first [`MAX_DIGITS`] ASCII digits of `s`.
fn digits_only(s: &str) -> Digits {
    let mut d = Digits {
        buf: [0; MAX_DIGITS],
        len: 0,
    };
    for b in s.bytes().filter(u8::is_ascii_digit).take(MAX_DIGITS) {
        d.buf[d.len] = b;
        d.len += 1;
    }
    d
}

/// US SSN (SSA rules): area 001–899 except 666, group 01–99, serial 0001–9999, and not one of
/// the numbers the SSA has voided after they were published (078-05-1120, 219-09-9999).
pub fn us_ssn(s: &str) -> bool {
    let d = digits_only(s);
    if d.len() != 9 {
        return false;
    }
    let (area, group, serial) = (&d[0..3], &d[3..5], &d[5..9]);
    let area_n: u32 = area.parse().unwrap_or(0);
    !(area_n == 0 || area_n == 666 || area_n >= 900 || group == "00" || serial == "0000")
        && &*d != "078051120"
        && &*d != "219099999"
}

/// US ITIN: nine digits, area 9xx, group 50–65, 70–88, 90–92 or 94–99.
pub fn us_itin(s: &str) -> bool {
    let d = digits_only(s);
    if d.len() != 9 || !d.starts_with('9') {
        return false;
    }
    let group: u32 = d[3..5].parse().unwrap_or(0);
    matches!(group, 50..=65 | 70..=88 | 90..=92 | 94..=99)
}

/// Canadian SIN: nine digits, Luhn, first digit not 0 or 8 (never assigned).
pub fn ca_sin(s: &str) -> bool {
    let d = digits_only(s);
    d.len() == 9 && !d.starts_with('0') && !d.starts_with('8') && luhn(&d)
}

/// UK National Insurance number: two prefix letters (D, F, I, Q, U, V never; O not second; BG,
/// GB, KN, NK, NT, TN, ZZ not allocated), six digits, suffix A–D.
pub fn uk_nino(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if c.len() != 9 {
        return false;
    }
    let (a, b) = (c[0], c[1]);
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() || b"DFIQUV".contains(&a) {
        return false;
    }
    if b"DFIOQUV".contains(&b) {
        return false;
    }
    if matches!(
        &c[..2],
        b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ"
    ) {
        return false;
    }
    c[2..8].iter().all(u8::is_ascii_digit) && matches!(c[8], b'A'..=b'D')
}

/// A telephone number: with a leading `+`, E.164 (country code not 0, 8–15 digits); otherwise a
/// NANP number (10 digits, or 11 with a leading 1) whose area code and exchange start 2–9 and
/// are not N11 service codes.
pub fn phone(s: &str) -> bool {
    let t = trimmed(s);
    let digits = digits_only(t);
    // Checked as text once, not at each use below.
    let d: &str = &digits;
    if t.starts_with('+') {
        if !(8..=15).contains(&d.len()) || d.starts_with('0') {
            return false;
        }
        if let Some(rest) = d.strip_prefix('1') {
            return rest.len() == 10 && nanp(rest);
        }
        return true;
    }
    match d.len() {
        10 => nanp(d),
        11 if d.starts_with('1') => nanp(&d[1..]),
        _ => false,
    }
}

fn nanp(d: &str) -> bool {
    let b = d.as_bytes();
    let n11 = |x: &[u8]| x[1] == b'1' && x[2] == b'1';
    b.len() == 10
        && (b'2'..=b'9').contains(&b[0])
        && (b'2'..=b'9').contains(&b[3])
        && !n11(&b[0..3])
        && !n11(&b[3..6])
}

/// Years a date of birth may lie in, relative to the scan date: ages 0 to 120.
const MAX_AGE_YEARS: i32 = 120;

/// The current calendar year, from the system clock (UTC).
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days to civil year (Howard Hinnant's algorithm), enough for a year.
    let days = (secs / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

/// Year, month, day of an ISO (`1984-07-15`), US (`07/15/1984`) or European (`15.07.1984`) date.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let t = trimmed(s);
    let nums: Vec<&str> = t.split(['-', '/', '.']).collect();
    if nums.len() != 3
        || !nums
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let p = |x: &str| x.parse::<u32>().ok();
    let (y, m, d) = if nums[0].len() == 4 && t.as_bytes().get(4) == Some(&b'-') {
        (p(nums[0])?, p(nums[1])?, p(nums[2])?)
    } else if nums[2].len() == 4 && t.contains('/') {
        (p(nums[2])?, p(nums[0])?, p(nums[1])?)
    } else if nums[2].len() == 4 && t.contains('.') {
        (p(nums[2])?, p(nums[1])?, p(nums[0])?)
    } else {
        return None;
    };
    crate::profile::valid_date(y, m, d).then_some((y as i32, m, d))
}

/// A real calendar date that gives an age between 0 and 120 years today.
pub fn birth_date(s: &str) -> bool {
    parse_date(s).is_some_and(|(y, _, _)| {
        let now = current_year();
        y <= now && y >= now - MAX_AGE_YEARS
    })
}

/// ISO 3166-1 alpha-2 codes (for BIC country positions).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI \
BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ \
GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN \
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS \
MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT \
PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF \
TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA \
ZM ZW";

/// SWIFT BIC (ISO 9362): 4 bank letters, an ISO country code, 2 location characters, optional
/// 3-character branch.
pub fn swift_bic(s: &str) -> bool {
    let b = trimmed(s).as_bytes();
    if !(b.len() == 8 || b.len() == 11) || !b[..6].iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    let country = std::str::from_utf8(&b[4..6]).unwrap_or("");
    COUNTRIES.split_ascii_whitespace().any(|c| c == country)
        && b[6..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssn_ranges() {
        assert!(us_ssn("123-45-6789"));
        assert!(us_ssn("536-22-1234"));
        assert!(!us_ssn("000-12-3456"));
        assert!(!us_ssn("666-12-3456"));
        assert!(!us_ssn("900-12-3456"));
        assert!(!us_ssn("123-00-4567"));
        assert!(!us_ssn("123-45-0000"));
        assert!(!us_ssn("078-05-1120"));
        assert!(us_itin("912-70-1234"));
        assert!(!us_itin("912-40-1234"));
        assert!(!us_itin("123-70-1234"));
    }

    #[test]
    fn sin_and_nino() {
        assert!(ca_sin("130 692 544"));
        assert!(!ca_sin("130 692 545"));
        // The Government of Canada's fictitious example: Luhn-valid, but 0 is never assigned.
        assert!(crate::detect::validate::checksum::luhn("046454286"));
        assert!(!ca_sin("046 454 286"));
        assert!(uk_nino("AB123456C"));
        assert!(uk_nino("ab 12 34 56 c"));
        assert!(!uk_nino("GB123456A"));
        assert!(!uk_nino("DA123456A"));
        assert!(!uk_nino("AB123456E"));
    }

    #[test]
    fn phones() {
        assert!(phone("(415) 867-2291"));
        assert!(phone("+1 415 867 2291"));
        assert!(phone("+442079460958"));
        assert!(!phone("1704067200")); // epoch seconds: area code cannot start with 1
        assert!(!phone("(415) 167-2291"));
        assert!(!phone("(911) 867-2291"));
        assert!(!phone("+0 123 456 789"));
    }

    #[test]
    fn dates_of_birth() {
        assert!(birth_date("1984-07-15"));
        assert!(birth_date("07/15/1984"));
        assert!(birth_date("15.07.1984"));
        assert!(!birth_date("1850-01-01"));
        assert!(!birth_date("1984-02-30"));
        assert!(!birth_date("3024-01-01"));
    }

    #[test]
    fn bics() {
        assert!(swift_bic("DEUTDEFF"));
        assert!(swift_bic("NWBKGB2L"));
        assert!(swift_bic("DEUTDEFF500"));
        assert!(!swift_bic("PASSWORD")); // WO is no country
        assert!(!swift_bic("DEUTXXFF"));
    }
}
