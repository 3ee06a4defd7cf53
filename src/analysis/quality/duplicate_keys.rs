//! `duplicate_keys`: a key column repeats values.
//!
//! A column is a key when it is named as one in the configuration, when its name hints a key
//! (`id`, `*_id`, `key`, `uuid`, …; see `profile::quality::keys::is_key_name`) and it is nearly
//! unique (at most `max_duplicate_share` of its values repeat: more is a foreign key such as
//! `orders.customer_id`), or when the same column is unique in the baseline. Duplicated rows
//! are counted exactly from the profile's key fingerprints (values − distinct fingerprints),
//! never from a distinct-count estimate. Past the fingerprint cap the count is a lower bound
//! and the finding says so (`exact: false`).
//!
//! A column that is a key only because a (small) baseline holds no repeat is reported at `low`
//! at most: a measure drawn from a wide range (byte counts, e-mail addresses) is often unique in
//! a pilot of a thousand rows by chance, and repeats in production without being a key.

use super::config::DuplicateKeysConfig;
use super::{ColumnContext, percent, round4};
use crate::profile::ValueKind;
use crate::profile::quality::keys::{DropReason, KEY_CAP, KeyState, KeyTracker};
use crate::report::{Finding, FindingKind, Severity};

fn tracker(c: &crate::profile::ColumnProfile) -> Option<&KeyTracker> {
    c.quality.as_ref().and_then(|q| q.keys.as_ref())
}

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &DuplicateKeysConfig) -> Vec<Finding> {
    let c = ctx.column;
    let Some(keys) = tracker(c) else {
        return Vec::new();
    };
    let duplicates = keys.duplicates();
    if duplicates == 0 || keys.values == 0 {
        return Vec::new();
    }
    let configured = config
        .key_columns
        .iter()
        .any(|k| *k == c.name || *k == format!("{}.{}", ctx.table, c.name));
    // Floats are measures, not keys, even when a small baseline happens to hold no repeat.
    let unique_in_baseline = ctx.baseline.is_some_and(|b| {
        let id_like = b.kind == ValueKind::Text
            || (b.kind == ValueKind::Numeric && b.data_type.contains("Int"));
        id_like
            && tracker(b).is_some_and(|t| {
                t.is_exact() && t.duplicates() == 0 && t.values >= config.min_baseline_values
            })
    });
    let dup_share_of_values = duplicates as f64 / keys.values as f64;
    let near_unique = dup_share_of_values <= config.max_duplicate_share;
    let reason = if configured {
        "configured as a key"
    } else if keys.key_name && near_unique {
        "named like a key and nearly unique"
    } else if unique_in_baseline && near_unique {
        "unique in the baseline"
    } else {
        return Vec::new();
    };
    if let KeyState::Dropped {
        reason: DropReason::NotKeyLike,
        ..
    } = keys.state
    {
        // Only a configured key gets here with a dropped tracker; the lower bound still holds.
        if !configured {
            return Vec::new();
        }
    }
    let exact = keys.is_exact();
    let share = ctx.share(duplicates);
    let counted = if exact {
        format!("{duplicates}")
    } else {
        format!("at least {duplicates}")
    };
    let severity = if configured || keys.key_name {
        config.severity.severity(share)
    } else {
        Severity::Low
    };
    let mut f = ctx
        .finding(
            FindingKind::DuplicateKeys,
            severity,
            format!(
                "{counted} rows ({}) of `{}` repeat a key value that an earlier row already holds \
                 ({reason})",
                percent(share),
                c.name
            ),
        )
        .with_evidence("duplicated_rows", duplicates)
        .with_evidence("exact", exact)
        .with_evidence("key_values", keys.values)
        .with_evidence("share_of_rows", round4(share))
        .with_evidence("key_because", reason)
        .with_remediation(
            "Deduplicate on the key (keep the latest record) and find why the source re-sends \
             or re-exports rows.",
        )
        .with_affected(duplicates, ctx.rows);
    if let Some(d) = keys.distinct() {
        f = f.with_evidence("distinct_keys", d);
    }
    if let KeyState::Dropped { reason, .. } = keys.state {
        let note = match reason {
            DropReason::Cap => format!(
                "more distinct keys than the fingerprint cap ({KEY_CAP} per column, shared by \
                 the scan's partitions): exact counting stopped at the cap, so this is a lower \
                 bound"
            ),
            DropReason::Redacted => "counted exactly; the key fingerprints of this sensitive \
                                     column were removed from the profile"
                .to_string(),
            DropReason::RedactedThenMerged => "profiles merged after their fingerprints were \
                                               removed: duplicates across them are not counted, \
                                               so this is a lower bound"
                .to_string(),
            DropReason::NotKeyLike => "fingerprints were dropped while profiling because over \
                                       10% of the values repeat and the name is not key-like: \
                                       a lower bound"
                .to_string(),
        };
        f = f.with_evidence("note", note);
    }
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn ids(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i:05}")).collect()
    }

    #[test]
    fn counts_duplicated_rows_of_a_named_key_exactly() {
        let mut v = ids("C", 1000);
        v.extend(["C00001", "C00002", "C00002"].map(String::from));
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        let c = texts("customer_id", &refs);
        let f = check(&ctx(&c), &DuplicateKeysConfig::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].affected_rows, Some(3));
        assert_eq!(f[0].evidence["distinct_keys"], 1000);
        assert_eq!(f[0].evidence["exact"], true);
        assert_eq!(f[0].severity, Severity::Medium);
        // Integer keys, too.
        let n: Vec<Option<i64>> = (0..100).chain([5, 6]).map(Some).collect();
        assert_eq!(
            check(&ctx(&ints("id", &n)), &DuplicateKeysConfig::default())[0].affected_rows,
            Some(2)
        );
    }

    #[test]
    fn foreign_keys_and_unique_keys_are_silent() {
        let cfg = DuplicateKeysConfig::default();
        let fk: Vec<Option<i64>> = (0..1000).map(|i| Some(i % 50)).collect();
        assert!(check(&ctx(&ints("store_id", &fk)), &cfg).is_empty());
        let unique = ids("E", 500);
        let refs: Vec<&str> = unique.iter().map(String::as_str).collect();
        assert!(check(&ctx(&texts("event_id", &refs)), &cfg).is_empty());
        assert!(check(&ctx(&text("id", &[None, None])), &cfg).is_empty());
        assert!(check(&ctx(&texts("id", &["a"])), &cfg).is_empty());
        // Repeats in a column that is no key by any rule.
        assert!(check(&ctx(&texts("city", &["a", "b", "a"])), &cfg).is_empty());
    }

    #[test]
    fn a_column_unique_in_the_baseline_is_a_key() {
        let cfg = DuplicateKeysConfig::default();
        let base_values = ids("R", 100);
        let refs: Vec<&str> = base_values.iter().map(String::as_str).collect();
        let base = texts("reference", &refs);
        let mut cur_values = ids("R", 300);
        cur_values.push("R00003".into());
        let refs: Vec<&str> = cur_values.iter().map(String::as_str).collect();
        let cur = texts("reference", &refs);
        let mut c = ctx(&cur);
        assert!(check(&c, &cfg).is_empty(), "no key without the baseline");
        c.baseline = Some(&base);
        let f = check(&c, &cfg);
        assert_eq!(f[0].affected_rows, Some(1));
        assert_eq!(f[0].evidence["key_because"], "unique in the baseline");
        assert_eq!(f[0].severity, Severity::Low);
    }

    #[test]
    fn redacted_sensitive_keys_are_still_counted_exactly() {
        let mut v = ids("S", 200);
        v.push("S00010".into());
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        let mut c = texts("ssn_id", &refs);
        if let Some(q) = &mut c.quality {
            q.redact();
        }
        let f = check(&ctx(&c), &DuplicateKeysConfig::default());
        assert_eq!(f[0].affected_rows, Some(1));
        assert_eq!(f[0].evidence["exact"], true);
        assert_eq!(f[0].evidence["distinct_keys"], 200);
    }

    #[test]
    fn dictionary_encoded_keys_are_counted() {
        let c = dictionary("sku_key", &["a", "b", "c", "a"]);
        let f = check(&ctx(&c), &DuplicateKeysConfig::default());
        // One of four values repeats: 25% > max_duplicate_share, so it is no key by name…
        assert!(f.is_empty());
        let cfg = DuplicateKeysConfig {
            key_columns: vec!["t.sku_key".into()],
            ..DuplicateKeysConfig::default()
        };
        // …unless configured as one.
        assert_eq!(check(&ctx(&c), &cfg)[0].affected_rows, Some(1));
    }
}
