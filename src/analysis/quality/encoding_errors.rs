//! `encoding_errors`: replacement characters, mojibake and control characters in text.
//!
//! Reads the profile's encoding counters (`profile::quality::encoding`). The finding counts
//! damaged values (a value is counted once whatever its damage), breaks them down by kind, and
//! shows a few masked examples (`MÃ¼***r`: the damage stays visible, the name does not).

use super::config::EncodingErrorsConfig;
use super::mask::mask;
use super::{ColumnContext, percent, round4};
use crate::report::{Finding, FindingKind};

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &EncodingErrorsConfig) -> Vec<Finding> {
    let c = ctx.column;
    let Some(e) = c.quality.as_ref().and_then(|q| q.encoding.as_ref()) else {
        return Vec::new();
    };
    if e.damaged == 0 || e.damaged < config.min_values {
        return Vec::new();
    }
    let share = ctx.share(e.damaged);
    let mut kinds = Vec::new();
    if e.mojibake > 0 {
        kinds.push(format!("{} mojibake", e.mojibake));
    }
    if e.replacement > 0 {
        kinds.push(format!("{} with U+FFFD", e.replacement));
    }
    if e.control > 0 {
        kinds.push(format!("{} with control characters", e.control));
    }
    let examples: Vec<String> = e.examples.iter().map(mask).collect();
    vec![ctx.with_examples(
        ctx.finding(
            FindingKind::EncodingErrors,
            config.severity.severity(share),
            format!(
                "{} values ({}) of `{}` show encoding damage: {}",
                e.damaged,
                percent(share),
                c.name,
                kinds.join(", ")
            ),
        )
        .with_evidence("damaged_values", e.damaged)
        .with_evidence("mojibake", e.mojibake)
        .with_evidence("replacement_characters", e.replacement)
        .with_evidence("control_characters", e.control)
        .with_evidence("share_of_rows", round4(share))
        .with_remediation(
            "Read the source with its real encoding (often Windows-1252 vs UTF-8) and repair the \
             damaged values from the system of record.",
        )
        .with_affected(e.damaged, ctx.rows),
        examples,
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::report::Severity;

    #[test]
    fn finds_mojibake_and_replacement_characters() {
        let mut v = vec!["Müller", "García", "O’Brien", "Nguyễn"];
        v.extend(["Smith"; 96]);
        v.extend(["MÃ¼ller", "Gonz\u{FFFD}lez"]);
        let c = texts("last_name", &v);
        let f = check(&ctx(&c), &EncodingErrorsConfig::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].affected_rows, Some(2));
        assert_eq!(f[0].severity, Severity::High); // 2% of rows
        assert_eq!(f[0].evidence["mojibake"], 1);
        let shown = f[0].evidence["examples"].to_string();
        assert!(shown.contains("Ã¼") && !shown.contains("ller"), "{shown}");
    }

    #[test]
    fn a_redacted_column_says_its_examples_are_withheld() {
        let mut v = vec!["Smith"; 50];
        v.extend(["MÃ¼ller", "Gonz\u{FFFD}lez"]);
        let mut c = texts("last_name", &v);
        crate::detect::redact::scrub_column(&mut c);
        let f = check(&ctx(&c), &EncodingErrorsConfig::default());
        assert_eq!(f[0].affected_rows, Some(2));
        assert!(!f[0].evidence.contains_key("examples"));
        assert!(f[0].evidence["examples_withheld"].is_string());
    }

    #[test]
    fn finds_damage_in_dictionary_columns() {
        let c = dictionary("city", &["KÃ¶ln", "Berlin", "Berlin", "KÃ¶ln"]);
        let f = check(&ctx(&c), &EncodingErrorsConfig::default());
        assert_eq!(f[0].affected_rows, Some(2));
    }

    #[test]
    fn silent_on_clean_unicode_numeric_and_null_columns() {
        let cfg = EncodingErrorsConfig::default();
        let c = texts(
            "name",
            &["Müller", "SÃO PAULO", "naïve", "日本", "a\tb\nc", "°C"],
        );
        assert!(check(&ctx(&c), &cfg).is_empty());
        assert!(check(&ctx(&ints("n", &[Some(1)])), &cfg).is_empty());
        assert!(check(&ctx(&text("n", &[None, None])), &cfg).is_empty());
    }
}
