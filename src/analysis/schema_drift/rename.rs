//! Pairing a removed column with an added one: a rename.
//!
//! A rename is never inferred from names alone. Each (removed, added) pair gets a *profile
//! similarity*, the mean of the comparisons both profiles allow, each 0..1:
//!
//! - `type`: the same inferred type 1, the same family (integer/decimal, date/timestamp) 0.5;
//! - `null_fraction`: `1 − |Δ null share|`;
//! - `distinct`: distinct counts compared at equal sample size (the larger side rarefied), as
//!   `smaller / larger`;
//! - `shapes`: overlap `Σ min(p, q)` of the value-shape histograms (text);
//! - `lengths`: `1 − KS` of the length distributions (text);
//! - `values`: `1 − KS` of the numeric or temporal distributions;
//! - `categories`: overlap of the category shares (exactly known categories only);
//! - `detectors`: Jaccard overlap of the detectors with hits (when either side has any).
//!
//! a *name similarity* (character-bigram Dice of the normalised names, or 0.8 for a shared
//! token or a common alias such as `zip`/`postal_code`), and a *position similarity* (1 for the
//! same position, falling by 0.2 per place). The confidence is
//! `0.6·profile + 0.25·name + 0.15·position`; a pair is a rename when the confidence reaches
//! `rename_min_confidence` and the profile similarity alone `rename_min_profile_similarity`.
//! Pairs are taken greedily, most confident first, each column at most once.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::drift::{
    cardinality::expected_distinct_at,
    numeric_distance::ks_and_wasserstein,
    view::{categories, numeric_side},
};
use crate::profile::{ColumnProfile, InferredType};

/// Groups of names warehouses use for the same thing.
const ALIASES: &[&[&str]] = &[
    &[
        "zip",
        "zipcode",
        "zip_code",
        "postal_code",
        "postcode",
        "postal",
        "post_code",
        "plz",
    ],
    &[
        "phone",
        "telephone",
        "tel",
        "phone_number",
        "mobile",
        "msisdn",
    ],
    &["email", "e_mail", "mail", "email_address"],
    &["qty", "quantity", "count"],
    &["amt", "amount", "value", "total"],
    &[
        "dob",
        "birth_date",
        "date_of_birth",
        "birthdate",
        "birthday",
    ],
    &["country", "country_code", "nation"],
    &["state", "province", "region"],
    &["surname", "last_name", "lastname", "family_name"],
    &["first_name", "firstname", "given_name", "forename"],
    &["ts", "timestamp", "time", "event_time", "created_at"],
];

/// How similar a removed and an added column are.
#[derive(Clone, Debug, PartialEq)]
pub struct RenameScore {
    /// Mean of the profile comparisons.
    pub profile: f64,
    /// Name similarity.
    pub name: f64,
    /// Position similarity.
    pub position: f64,
    /// The weighted confidence.
    pub confidence: f64,
    /// Each profile comparison by name.
    pub components: BTreeMap<&'static str, f64>,
}

fn normalise(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch.is_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = ch.is_lowercase();
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = format!(" {s} ").chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Similarity of two column names (0..1).
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (normalise(a), normalise(b));
    if a == b {
        return 1.0;
    }
    let (ga, gb) = (bigrams(&a), bigrams(&b));
    let mut pool = gb.clone();
    let mut shared = 0usize;
    for g in &ga {
        if let Some(i) = pool.iter().position(|h| h == g) {
            pool.swap_remove(i);
            shared += 1;
        }
    }
    let dice = 2.0 * shared as f64 / (ga.len() + gb.len()).max(1) as f64;
    let tokens = |s: &str| -> BTreeSet<String> {
        s.split('_')
            .filter(|t| t.len() > 1)
            .map(str::to_string)
            .collect()
    };
    let (ta, tb) = (tokens(&a), tokens(&b));
    let shared_token = ta.iter().any(|t| tb.contains(t) && t != "id");
    let alias = ALIASES
        .iter()
        .any(|g| g.contains(&a.as_str()) && g.contains(&b.as_str()));
    if alias || shared_token {
        dice.max(0.8)
    } else {
        dice
    }
}

fn family(t: InferredType) -> u8 {
    match t {
        InferredType::Integer | InferredType::Decimal => 1,
        InferredType::Date | InferredType::Timestamp => 2,
        InferredType::Boolean => 3,
        InferredType::Uuid => 4,
        InferredType::Text => 5,
        InferredType::Empty => 0,
    }
}

fn shape_overlap(a: &ColumnProfile, b: &ColumnProfile) -> Option<f64> {
    let (ha, hb) = (a.shapes.as_ref()?, b.shapes.as_ref()?);
    let ta: u64 = ha.shapes.values().map(|s| s.count).sum::<u64>() + ha.other;
    let tb: u64 = hb.shapes.values().map(|s| s.count).sum::<u64>() + hb.other;
    if ta == 0 || tb == 0 {
        return None;
    }
    Some(
        ha.shapes
            .iter()
            .filter_map(|(s, x)| {
                hb.shapes
                    .get(s)
                    .map(|y| (x.count as f64 / ta as f64).min(y.count as f64 / tb as f64))
            })
            .sum(),
    )
}

fn distinct_similarity(a: &ColumnProfile, b: &ColumnProfile) -> Option<f64> {
    let (na, nb) = (a.non_null(), b.non_null());
    if na == 0 || nb == 0 {
        return None;
    }
    let (x, y) = if na <= nb {
        (a.distinct.estimate() as f64, expected_distinct_at(b, na))
    } else {
        (expected_distinct_at(a, nb), b.distinct.estimate() as f64)
    };
    Some(x.min(y) / x.max(y).max(1.0))
}

fn category_overlap(a: &ColumnProfile, b: &ColumnProfile) -> Option<f64> {
    let (ca, cb) = (categories(a)?, categories(b)?);
    if !ca.exact || !cb.exact || ca.total == 0 || cb.total == 0 || ca.counts.len() > 100 {
        return None;
    }
    Some(
        ca.counts
            .iter()
            .map(|(l, n)| {
                (*n as f64 / ca.total as f64).min(cb.count_of(l) as f64 / cb.total as f64)
            })
            .sum(),
    )
}

fn detector_overlap(a: &ColumnProfile, b: &ColumnProfile) -> Option<f64> {
    let ids = |c: &ColumnProfile| -> BTreeSet<String> {
        c.detectors
            .iter()
            .filter(|(_, h)| h.hits > 0)
            .map(|(id, _)| id.clone())
            .collect()
    };
    let (x, y) = (ids(a), ids(b));
    if x.is_empty() && y.is_empty() {
        return None;
    }
    Some(x.intersection(&y).count() as f64 / x.union(&y).count() as f64)
}

/// The profile comparisons both columns allow.
pub fn profile_components(a: &ColumnProfile, b: &ColumnProfile) -> BTreeMap<&'static str, f64> {
    let mut m = BTreeMap::new();
    let (ta, tb) = (a.inferred_type(), b.inferred_type());
    if ta != InferredType::Empty && tb != InferredType::Empty {
        let t = if ta == tb {
            1.0
        } else if family(ta) == family(tb) {
            0.5
        } else {
            0.0
        };
        m.insert("type", t);
    }
    m.insert(
        "null_fraction",
        1.0 - (a.summary.null_fraction - b.summary.null_fraction).abs(),
    );
    if let Some(d) = distinct_similarity(a, b) {
        m.insert("distinct", d);
    }
    if let Some(s) = shape_overlap(a, b) {
        m.insert("shapes", s);
    }
    if let (Some(la), Some(lb)) = (&a.lengths, &b.lengths)
        && let Some((ks, _)) = ks_and_wasserstein(&la.quantiles, &lb.quantiles)
    {
        m.insert("lengths", 1.0 - ks);
    }
    if let (Some(va), Some(vb)) = (numeric_side(a), numeric_side(b))
        && va.axis == vb.axis
        && let Some((ks, _)) = ks_and_wasserstein(va.sketch, vb.sketch)
    {
        m.insert("values", 1.0 - ks);
    }
    if let Some(o) = category_overlap(a, b) {
        m.insert("categories", o);
    }
    if let Some(o) = detector_overlap(a, b) {
        m.insert("detectors", o);
    }
    m
}

/// Scores a removed column (at `pos_a` in the baseline) against an added one (at `pos_b`).
pub fn score(a: &ColumnProfile, pos_a: usize, b: &ColumnProfile, pos_b: usize) -> RenameScore {
    let components = profile_components(a, b);
    // Two comparisons (say, null share and type alone) are too little to call a rename.
    let profile = if components.len() < 3 {
        0.0
    } else {
        components.values().sum::<f64>() / components.len() as f64
    };
    let name = name_similarity(&a.name, &b.name);
    let position = (1.0 - 0.2 * pos_a.abs_diff(pos_b) as f64).max(0.0);
    RenameScore {
        profile,
        name,
        position,
        confidence: 0.6 * profile + 0.25 * name + 0.15 * position,
        components,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_by_bigrams_tokens_and_aliases() {
        assert_eq!(name_similarity("CustomerId", "customer_id"), 1.0);
        assert_eq!(name_similarity("zip", "postal_code"), 0.8);
        assert_eq!(name_similarity("order_date", "order_dt"), 0.8);
        assert!(name_similarity("referral_code", "source_system") < 0.3);
        // A shared `id` token alone says nothing.
        assert!(name_similarity("store_id", "order_id") < 0.8);
    }
}
