//! Format-preserving masking: how a sensitive value is shown in examples, evidence and
//! `detectors match`. Separators and length stay, so a reviewer sees the format
//! (`***-**-6789`, `**** **** **** 4242`, `j***@e***.com`) but never the value.

use super::spec::MaskStyle;
use crate::profile::trimmed;

/// Longest masked example, in characters; longer ones end in `…`.
pub const MAX_EXAMPLE_CHARS: usize = 48;

fn star_alnum_except(value: &str, keep: impl Fn(usize, usize) -> bool) -> String {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                let i = seen;
                seen += 1;
                if keep(i, total) { c } else { '*' }
            } else {
                c
            }
        })
        .collect()
}

/// Masks `value` in the given style.
pub fn mask(value: &str, style: MaskStyle) -> String {
    let v = trimmed(value);
    let out = match style {
        MaskStyle::Full => star_alnum_except(v, |_, _| false),
        // Short values keep less, so a masked value never gives away most of itself.
        MaskStyle::KeepLast4 => star_alnum_except(v, |i, n| {
            n >= 8 && i + 4 >= n || (4..8).contains(&n) && i + 2 >= n
        }),
        MaskStyle::KeepFirst2Last4 => star_alnum_except(v, |i, n| n >= 12 && (i < 2 || i + 4 >= n)),
        MaskStyle::KeepPrefix4 => star_alnum_except(v, |i, n| n >= 12 && i < 4),
        MaskStyle::Email => mask_email(v),
        MaskStyle::Initials => v
            .split(' ')
            .map(|w| star_alnum_except(w, |i, n| i == 0 && n > 1))
            .collect::<Vec<_>>()
            .join(" "),
        MaskStyle::KeepLastGroup => {
            let sep = if v.contains(':') { ':' } else { '.' };
            let last = v.rfind(sep).map_or(0, |p| p + 1);
            let (head, tail) = v.split_at(last);
            let head = star_alnum_except(head, |_, _| false);
            let mut s = String::new();
            for part in head.split(sep) {
                if !s.is_empty() || v.starts_with(sep) {
                    s.push(sep);
                }
                if !part.is_empty() {
                    s.push_str("***");
                }
            }
            // `head` ends with the separator, so the loop left one trailing empty part.
            if s.ends_with(sep) {
                s.pop();
            }
            if !s.is_empty() {
                s.push(sep);
            }
            s + tail
        }
    };
    truncate(out)
}

fn truncate(s: String) -> String {
    if s.chars().count() <= MAX_EXAMPLE_CHARS {
        s
    } else {
        let mut t: String = s.chars().take(MAX_EXAMPLE_CHARS - 1).collect();
        t.push('…');
        t
    }
}

/// `jane.doe@example.org` → `j***@e***.org`.
fn mask_email(v: &str) -> String {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return star_alnum_except(v, |_, _| false);
    };
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    let (host, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
    let mut out = format!("{}***@{}***", first(local), first(host));
    if !tld.is_empty() {
        out.push('.');
        out.push_str(tld);
    }
    out
}

/// Masks any value of unknown kind: every letter and digit becomes `*` except, for values of
/// twelve characters or more, the last four. Used for values no detector explains (a baseline's
/// already-masked values, a user's `detectors match` text around matches).
pub fn mask_generic(value: &str) -> String {
    mask(value, MaskStyle::KeepLast4)
}

/// How an already-masked value is shown: a redaction marker as the marker alone, a value that
/// keeps at most six letters or digits (`***-**-6789`, `AKIA****************`) as it is, anything
/// else masked again, so a half-masked value never shows more than it hid.
pub fn masked_example(value: &str) -> String {
    let v = trimmed(value);
    let lower = v.to_ascii_lowercase();
    for marker in [
        "[redacted]",
        "<redacted>",
        "redacted",
        "[removed]",
        "<removed>",
    ] {
        if lower.contains(marker) {
            return marker.to_string();
        }
    }
    if v.chars().filter(|c| c.is_alphanumeric()).count() <= 6 {
        truncate(v.to_string())
    } else {
        mask_generic(v)
    }
}

/// Whether a value looks already masked: runs of `*`, `X` or `#` standing for characters, or a
/// redaction marker (`[redacted]`, `<removed>`).
pub fn looks_masked(value: &str) -> bool {
    // This runs on every text value of a scan. Sixteen bytes at a time, a block in which no byte
    // can start a mask or a marker is passed over on compares alone (vector instructions, no
    // branch per byte); `redacted` is recognised by its `da`, a rare pair in text and in hex.
    // The blocks left, and the last few bytes, are looked at byte by byte: one table look-up,
    // and a closer look only at the bytes a mask or a marker starts with.
    let b = value.as_bytes();
    let marker_at = |i: usize, marker: &[u8]| {
        b.get(i..i + marker.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(marker))
    };
    let starts_here = |i: usize| {
        let c = b[i];
        MARK_START[usize::from(c)]
            && match c {
                b'*' => b.get(i + 1) == Some(&b'*'),
                b'X' => b.get(i..i + 4) == Some(b"XXXX".as_slice()),
                b'#' => b.get(i..i + 3) == Some(b"###".as_slice()),
                b'<' | b'[' => marker_at(i, b"<removed>") || marker_at(i, b"[removed]"),
                _ => i >= 2 && marker_at(i - 2, b"redacted"),
            }
    };
    let mut start = 0;
    while let Some(block) = b.get(start..start + BLOCK + 1) {
        if may_start_a_mask(block) && (start..start + BLOCK).any(starts_here) {
            return true;
        }
        start += BLOCK;
    }
    (start..b.len()).any(starts_here)
}

/// Bytes [`looks_masked`] passes over at a time.
const BLOCK: usize = 16;

/// Whether a mask or a marker may start in the first [`BLOCK`] bytes of `window` (which holds
/// one byte more, for the `a` after a `d`).
fn may_start_a_mask(window: &[u8]) -> bool {
    let mut may = false;
    for pair in window.windows(2).take(BLOCK) {
        let (c, next) = (pair[0], pair[1]);
        may |= (c == b'*')
            | (c == b'X')
            | (c == b'#')
            | (c == b'<')
            | (c == b'[')
            | (((c | 0x20) == b'd') & ((next | 0x20) == b'a'));
    }
    may
}

/// The bytes at which [`looks_masked`] looks closer.
const MARK_START: [bool; 256] = {
    let mut table = [false; 256];
    let starts = *b"*X#<[dD";
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether a value is a date that keeps only its year (`1984-01-01`, `01/01/1984`), as pilots
/// often reduce birth dates.
pub fn year_only_date(value: &str) -> bool {
    let v = trimmed(value);
    let b = v.as_bytes();
    (b.len() == 10 && b[..4].iter().all(u8::is_ascii_digit) && &b[4..] == b"-01-01")
        || (b.len() == 10 && &b[..6] == b"01/01/" && b[6..].iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_preserve_the_format() {
        assert_eq!(mask("123-45-6789", MaskStyle::KeepLast4), "***-**-6789");
        assert_eq!(
            mask("4242 4242 4242 4242", MaskStyle::KeepLast4),
            "**** **** **** 4242"
        );
        assert_eq!(
            mask("4242424242424242", MaskStyle::KeepLast4),
            "************4242"
        );
        assert_eq!(
            mask("john.smith@example.com", MaskStyle::Email),
            "j***@e***.com"
        );
        assert_eq!(
            mask("AKIAIOSFODNN7EXAMPLE", MaskStyle::KeepPrefix4),
            "AKIA****************"
        );
        assert_eq!(
            mask("GB82WEST12345698765432", MaskStyle::KeepFirst2Last4),
            "GB****************5432"
        );
        assert_eq!(
            mask("203.0.113.57", MaskStyle::KeepLastGroup),
            "***.***.***.57"
        );
        assert_eq!(mask("Jane Doe", MaskStyle::Initials), "J*** D**");
        assert_eq!(mask("1984-07-15", MaskStyle::Full), "****-**-**");
    }

    #[test]
    fn short_values_keep_little() {
        assert_eq!(mask("12345", MaskStyle::KeepLast4), "***45");
        assert_eq!(mask("123", MaskStyle::KeepLast4), "***");
        assert_eq!(mask("short", MaskStyle::KeepPrefix4), "*****");
    }

    /// The definition [`looks_masked`] implements, written plainly: a mask run or a marker
    /// starting at some byte.
    fn masked_by_definition(value: &str) -> bool {
        let b = value.as_bytes();
        let lower = value.to_ascii_lowercase();
        (0..b.len()).any(|i| {
            b[i..].starts_with(b"**")
                || b[i..].starts_with(b"XXXX")
                || b[i..].starts_with(b"###")
                || lower.as_bytes()[i..].starts_with(b"<removed>")
                || lower.as_bytes()[i..].starts_with(b"[removed]")
                || lower.as_bytes()[i..].starts_with(b"redacted")
        })
    }

    #[test]
    fn long_values_are_judged_as_the_definition_says_wherever_the_mask_falls() {
        // Values of up to ~90 bytes built from pieces that make and nearly make masks, so that
        // masks and markers fall inside, across and at the ends of the sixteen-byte blocks.
        let pieces = [
            "re",
            "dacted",
            "RE",
            "DaCtEd",
            "*",
            "X",
            "XX",
            "#",
            "##",
            "<removed>",
            "[remov",
            "ed]",
            "a",
            " ",
            "d",
            "da",
            "1f",
            "é",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut masked = 0;
        for _ in 0..50_000 {
            let value: String = (0..next(24))
                .map(|_| pieces[next(pieces.len() as u64) as usize])
                .collect();
            let expected = masked_by_definition(&value);
            assert_eq!(looks_masked(&value), expected, "{value:?}");
            masked += usize::from(expected);
        }
        assert!(
            masked > 1_000 && masked < 49_000,
            "both outcomes are exercised"
        );
    }

    #[test]
    fn masked_values_are_recognised() {
        assert!(looks_masked("***-**-6789"));
        assert!(looks_masked("************1234"));
        assert!(looks_masked("AKIA****************"));
        assert!(looks_masked("Call [redacted] tomorrow"));
        assert!(looks_masked("XXXX-XXXX-XXXX-1234"));
        assert!(!looks_masked("123-45-6789"));
        assert!(!looks_masked("Max"));
        assert!(looks_masked("name: REDACTED"));
        assert!(looks_masked("<Removed>"));
        // Near misses: too short a run, a cut-off marker, a `d` too early to end `redacted`.
        assert!(!looks_masked("XXX-1234"));
        assert!(!looks_masked("a*b#c##"));
        assert!(!looks_masked("[remove"));
        assert!(!looks_masked("dd"));
        assert!(!looks_masked("acted"));
        assert!(looks_masked("ref ###"));
        assert!(looks_masked("[REMOVED]"));
        assert!(!looks_masked("removed from cart"));
        assert!(!looks_masked("<removed or [removed"));
        assert!(!looks_masked("a*b XXX ## redact"));
        assert!(!looks_masked("Ünïcödé ré"));
        assert_eq!(
            masked_example("AKIA****************"),
            "AKIA****************"
        );
        assert_eq!(masked_example("Send it to [redacted] today"), "[redacted]");
        assert_eq!(
            masked_example("GB****************1146"),
            "GB****************1146"
        );
        assert_eq!(masked_example("123-45-****"), "123-45-****");
        assert_eq!(masked_example("1234-5678-****-****"), "****-5678-****-****");
        assert!(year_only_date("1984-01-01"));
        assert!(!year_only_date("1984-07-15"));
    }
}
