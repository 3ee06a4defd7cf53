//! Check-digit algorithms of public number formats: Luhn (ISO/IEC 7812), IBAN mod-97
//! (ISO 13616 / ISO 7064), Verhoeff, the ABA routing 3-7-1 checksum, the NHS mod-11 check, the
//! NPI Luhn with the `80840` prefix, and the DEA registration checksum.
//!
//! Every function takes the candidate text as matched (separators allowed where the format
//! allows them) and answers whether the check digits agree; none of them allocates for the
//! common case.

/// Digits of `s`, ignoring spaces and dashes; `None` if anything else appears.
fn digits(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => out.push(b - b'0'),
            b' ' | b'-' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Luhn over a digit slice (the last digit is the check digit).
pub fn luhn_digits(d: &[u8]) -> bool {
    if d.len() < 2 {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Luhn over the digits of `s` (spaces and dashes ignored).
pub fn luhn(s: &str) -> bool {
    digits(s).is_some_and(|d| luhn_digits(&d))
}

/// A payment card number: Luhn, plus an issuer prefix with a length that issuer uses.
pub fn credit_card(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    let n = d.len();
    if !(12..=19).contains(&n) || !luhn_digits(&d) {
        return false;
    }
    let prefix = |k: usize| -> u32 { d.iter().take(k).fold(0, |a, &x| a * 10 + u32::from(x)) };
    let (p1, p2, p3, p4, p6) = (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6));
    // Visa
    (p1 == 4 && matches!(n, 13 | 16 | 19))
        // Mastercard
        || ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && n == 16
        // American Express
        || matches!(p2, 34 | 37) && n == 15
        // Discover
        || (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || (622126..=622925).contains(&p6))
            && (16..=19).contains(&n)
        // Diners Club
        || ((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39)) && (14..=19).contains(&n)
        // JCB
        || (3528..=3589).contains(&p4) && (16..=19).contains(&n)
        // UnionPay
        || p2 == 62 && (16..=19).contains(&n)
        // Maestro
        || matches!(p4, 5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761..=6763) && (12..=19).contains(&n)
}

/// IBAN lengths per country (SWIFT IBAN registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// An IBAN: known country, that country's length, and the ISO 7064 mod-97 check (== 1).
pub fn iban_mod97(s: &str) -> bool {
    let compact: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b' ' && *b != b'-')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if compact.len() < 15 || !compact.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let country = std::str::from_utf8(&compact[..2]).unwrap_or("");
    let Some(&(_, len)) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country) else {
        return false;
    };
    if compact.len() != len || !compact[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in compact[4..].iter().chain(&compact[..4]) {
        let v = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// ABA routing number: nine digits, a Federal Reserve prefix, and the 3-7-1 weighted checksum.
pub fn aba_checksum(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 9 {
        return false;
    }
    let prefix = d[0] * 10 + d[1];
    if !matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80) {
        return false;
    }
    let w = [3u32, 7, 1];
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &x)| w[i % 3] * u32::from(x))
        .sum();
    sum.is_multiple_of(10) && d.iter().any(|&x| x != 0)
}

const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Verhoeff check over the digits of `s` (the last digit is the check digit).
pub fn verhoeff(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() < 2 {
        return false;
    }
    let mut c = 0u8;
    for (i, &x) in d.iter().rev().enumerate() {
        c = VERHOEFF_D[usize::from(c)][usize::from(VERHOEFF_P[i % 8][usize::from(x)])];
    }
    c == 0
}

/// Aadhaar: twelve digits, first digit 2–9, Verhoeff check digit.
pub fn aadhaar(s: &str) -> bool {
    digits(s).is_some_and(|d| d.len() == 12 && d[0] >= 2) && verhoeff(s)
}

/// NHS number: ten digits, weights 10…2 on the first nine, check = 11 − (sum mod 11).
pub fn nhs_mod11(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 10 || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .enumerate()
        .map(|(i, &x)| (10 - i as u32) * u32::from(x))
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == u32::from(d[9])
}

/// NPI: ten digits starting 1 or 2, Luhn over `80840` + the ten digits.
pub fn npi(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 10 || !matches!(d[0], 1 | 2) {
        return false;
    }
    let mut full = vec![8, 0, 8, 4, 0];
    full.extend_from_slice(&d);
    luhn_digits(&full)
}

/// DEA registration number: registrant-type letter, a letter (or 9), seven digits whose last is
/// `(d1+d3+d5 + 2·(d2+d4+d6)) mod 10`.
pub fn dea(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 9 {
        return false;
    }
    let first = b[0].to_ascii_uppercase();
    if !b"ABCDEFGHJKLMPRSTUX".contains(&first) {
        return false;
    }
    if !(b[1].is_ascii_alphabetic() || b[1] == b'9') || !b[2..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d: Vec<u32> = b[2..].iter().map(|x| u32::from(x - b'0')).collect();
    let sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
    sum % 10 == d[6]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_on_published_test_numbers() {
        // ISO/IEC 7812 example and the card networks' published test numbers.
        assert!(luhn("79927398713"));
        assert!(!luhn("79927398710"));
        assert!(credit_card("4111 1111 1111 1111"));
        assert!(credit_card("4242-4242-4242-4242"));
        assert!(credit_card("5500005555555559"));
        assert!(credit_card("5105105105105100"));
        assert!(credit_card("378282246310005"));
        assert!(credit_card("6011111111111117"));
        assert!(credit_card("3530111333300000"));
        assert!(credit_card("2223003122003222"));
        // Luhn-valid but no issuer uses the prefix/length; Luhn-failing.
        assert!(!credit_card("1234567812345670"));
        assert!(!credit_card("4111111111111112"));
        assert!(!credit_card("411111111111111")); // Visa with 15 digits
    }

    #[test]
    fn iban_on_registry_examples() {
        assert!(iban_mod97("GB82WEST12345698765432"));
        assert!(iban_mod97("GB82 WEST 1234 5698 7654 32"));
        assert!(iban_mod97("DE89370400440532013000"));
        assert!(iban_mod97("NL91ABNA0417164300"));
        assert!(iban_mod97("FR1420041010050500013M02606"));
        assert!(iban_mod97("NO9386011117947"));
        assert!(!iban_mod97("GB82WEST12345698765433")); // check fails
        assert!(!iban_mod97("DE8937040044053201300")); // one digit short for DE
        assert!(!iban_mod97("XX89370400440532013000")); // no such country
    }

    #[test]
    fn aba_routing_numbers() {
        assert!(aba_checksum("011000015")); // Federal Reserve Bank Boston
        assert!(aba_checksum("021000021")); // JPMorgan Chase
        assert!(aba_checksum("121000358")); // Bank of America CA
        assert!(!aba_checksum("021000022"));
        assert!(!aba_checksum("991000021")); // no such Fed prefix
    }

    #[test]
    fn verhoeff_and_aadhaar() {
        assert!(verhoeff("2363")); // the classic worked example: 236 → check 3
        assert!(!verhoeff("2364"));
        assert!(aadhaar("234123412346"));
        assert!(!aadhaar("234123412347"));
        assert!(!aadhaar("123412341234")); // may not start with 1
    }

    #[test]
    fn nhs_numbers() {
        assert!(nhs_mod11("9434765919")); // NHS Digital's example
        assert!(nhs_mod11("943 476 5919"));
        assert!(!nhs_mod11("9434765918"));
        assert!(!nhs_mod11("1111111111"));
    }

    #[test]
    fn npi_numbers() {
        assert!(npi("1234567893")); // CMS example in the NPI check-digit paper
        assert!(!npi("1234567890"));
        assert!(!npi("3234567893")); // must start with 1 or 2
    }

    #[test]
    fn dea_numbers() {
        // AB1234563: 1+3+5 + 2*(2+4+6) = 33 → 3
        assert!(dea("AB1234563"));
        assert!(!dea("AB1234564"));
        assert!(!dea("ZB1234563")); // Z is not a registrant type
    }
}
