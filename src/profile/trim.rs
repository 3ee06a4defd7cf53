//! Trimming text values: [`str::trim`] with a fast path for the common value, which starts and
//! ends with a visible ASCII character and so has nothing to trim.
//!
//! Type inference, format families and detection each trim every text value they see. The
//! standard trim decodes a character at each end through a generic pattern searcher, many times
//! the cost of the two byte compares that settle most values.

/// `value` without leading and trailing whitespace (Unicode `White_Space`), as [`str::trim`].
#[inline]
pub(crate) fn trimmed(value: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = value.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        value
    } else {
        value.trim()
    }
}

/// Whether `value` starts or ends with whitespace.
#[inline]
pub(crate) fn padded(value: &str) -> bool {
    trimmed(value).len() < value.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_as_the_standard_library_does() {
        // Every character up to U+3000 (the last Unicode space) at either end, alone and around
        // visible text.
        for c in (0..=0x3000).filter_map(char::from_u32) {
            for value in [
                c.to_string(),
                format!("{c}ab"),
                format!("ab{c}"),
                format!("{c}a{c}"),
                format!("{c}{c}x y{c}"),
            ] {
                assert_eq!(trimmed(&value), value.trim(), "{value:?}");
                assert_eq!(
                    padded(&value),
                    value.trim().len() < value.len(),
                    "{value:?}"
                );
            }
        }
        assert_eq!(trimmed(""), "");
        assert_eq!(trimmed("\u{85}x\u{a0}"), "x");
        assert_eq!(trimmed("\x0bx\x0c"), "x");
        assert!(!padded("a b"));
    }
}
