//! Structure checks for credentials and network values: JWT (three base64url segments, the
//! first a JSON object naming an `alg`), Shannon entropy of secret-looking strings, IP and MAC
//! addresses, and geographic coordinate pairs.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::profile::trimmed;

/// A JSON Web Token (RFC 7519): `header.payload.signature`, header and payload base64url JSON
/// objects, the header with an `alg`.
pub fn jwt(s: &str) -> bool {
    let mut parts = trimmed(s).split('.');
    let (Some(h), Some(p), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let object = |seg: &str| -> Option<serde_json::Map<String, serde_json::Value>> {
        let bytes = URL_SAFE_NO_PAD.decode(seg.trim_end_matches('=')).ok()?;
        match serde_json::from_slice(&bytes).ok()? {
            serde_json::Value::Object(m) => Some(m),
            _ => None,
        }
    };
    object(h).is_some_and(|m| m.contains_key("alg")) && object(p).is_some()
}

/// Shannon entropy of the characters of `s`, in bits per character.
pub fn shannon_entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// An IPv4 address in dotted-quad form, octets 0–255 without leading zeros.
pub fn ipv4(s: &str) -> bool {
    // One pass over the bytes (every value the IP pattern matched comes here): each octet is
    // 1–3 digits, not starting with 0 unless it is 0, at most 255; three dots between four.
    let (mut octets, mut digits, mut value) = (0, 0, 0u16);
    let mut leading_zero = false;
    for &b in trimmed(s).as_bytes() {
        match b {
            b'0'..=b'9' if digits < 3 && !leading_zero => {
                leading_zero = digits == 0 && b == b'0';
                value = value * 10 + u16::from(b - b'0');
                digits += 1;
            }
            b'.' if digits > 0 && value <= 255 && octets < 3 => {
                (octets, digits, value, leading_zero) = (octets + 1, 0, 0, false);
            }
            _ => return false,
        }
    }
    octets == 3 && digits > 0 && value <= 255
}

/// Whether `parts` has exactly `n` items, each passing `ok` (without collecting them).
fn exactly<'a>(parts: impl Iterator<Item = &'a str>, n: usize, ok: impl Fn(&str) -> bool) -> bool {
    let mut seen = 0;
    for p in parts {
        seen += 1;
        if seen > n || !ok(p) {
            return false;
        }
    }
    seen == n
}

/// An IPv6 address (RFC 4291 text forms, as the standard library parses them).
pub fn ipv6(s: &str) -> bool {
    let t = trimmed(s);
    t.matches(':').count() >= 2 && t.parse::<std::net::Ipv6Addr>().is_ok()
}

/// A MAC address: six hex pairs separated by one consistent `:` or `-`, or Cisco `xxxx.xxxx.xxxx`.
pub fn mac_address(s: &str) -> bool {
    let t = trimmed(s);
    let hex = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit());
    [':', '-']
        .iter()
        .any(|&sep| exactly(t.split(sep), 6, |p| hex(p, 2)))
        || exactly(t.split('.'), 3, |p| hex(p, 4))
}

/// A latitude/longitude pair `lat, lon` within ±90 / ±180, or a single coordinate within ±180.
pub fn geo_coordinates(s: &str) -> bool {
    let t = trimmed(s).trim_start_matches('(').trim_end_matches(')');
    let nums: Vec<&str> = t.split([',', ' ']).filter(|p| !p.is_empty()).collect();
    match nums.as_slice() {
        [lat, lon] => {
            matches!((lat.parse::<f64>(), lon.parse::<f64>()), (Ok(a), Ok(b))
                if a.abs() <= 90.0 && b.abs() <= 180.0)
        }
        [one] => one.parse::<f64>().is_ok_and(|v| v.abs() <= 180.0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_structure() {
        // The example token of RFC 7519 section 3.1 / jwt.io.
        let t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assert!(jwt(t));
        assert!(!jwt("abc.def.ghi"));
        assert!(!jwt("eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.x")); // header without alg
    }

    #[test]
    fn entropy_values() {
        assert_eq!(shannon_entropy("aaaa"), 0.0);
        assert!((shannon_entropy("ab") - 1.0).abs() < 1e-12);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-12);
        assert!(shannon_entropy("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") > 4.0);
    }

    #[test]
    fn network_values() {
        assert!(ipv4("203.0.113.57"));
        assert!(!ipv4("256.1.1.1"));
        assert!(!ipv4("01.2.3.4"));
        assert!(!ipv4("5.12.0"));
        for good in [
            "0.0.0.0",
            "255.255.255.255",
            "10.0.0.1",
            " 192.168.1.20 ",
            "1.22.103.9",
        ] {
            assert!(ipv4(good), "{good}");
        }
        for bad in [
            "",
            ".",
            "1.2.3.",
            ".1.2.3",
            "1..2.3",
            "1.2.3.4.5",
            "1.2.3.256",
            "1.2.3.04",
            "00.1.2.3",
            "1.2.3.1000",
            "1.2.3.4a",
            "1.2.3.-4",
            "1,2,3,4",
            "1.2.3.٤",
        ] {
            assert!(!ipv4(bad), "{bad}");
        }
        // Against the standard library's parser, which also refuses leading zeros, on seeded
        // dotted groups of 0–4 digits (3 to 5 groups, digits weighted to the edge cases).
        let mut r = crate::detect::accuracy::Rng(0x9e37_79b9_7f4a_7c15);
        let mut valid = 0;
        for _ in 0..200_000 {
            let groups = [3, 4, 4, 4, 4, 5][r.below(6) as usize];
            let text: Vec<String> = (0..groups)
                .map(|_| {
                    let len = [0, 1, 2, 3, 3, 3, 4][r.below(7) as usize];
                    r.from(b"0012255569", len)
                })
                .collect();
            let text = text.join(".");
            let expected = text.parse::<std::net::Ipv4Addr>().is_ok();
            assert_eq!(ipv4(&text), expected, "{text}");
            valid += usize::from(expected);
        }
        assert!(valid > 1_000, "only {valid} addresses among the strings");
        assert!(ipv6("2001:db8::8a2e:370:7334"));
        assert!(!ipv6("aa:bb:cc:dd:ee:ff"));
        assert!(mac_address("00:1A:2b:3C:4d:5E"));
        assert!(mac_address("001a.2b3c.4d5e"));
        assert!(!mac_address("00:1A:2b:3C:4d"));
        assert!(geo_coordinates("37.7749, -122.4194"));
        assert!(!geo_coordinates("97.7749, -122.4194"));
    }
}
