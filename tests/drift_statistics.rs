//! Each drift statistic against reference values computed independently with numpy and scipy
//! (`tests/fixtures/drift/make_reference.py` wrote `reference.json`: the seeded samples and the
//! expected values). The samples go through the same quantile sketches a profile holds.
//!
//! Tolerances: on samples that fit an exact sketch (at most 400 values a side) every statistic
//! must match to 1e-9. On larger samples the KLL sketch (k = 800) answers ranks within its
//! normalised rank error ε ≈ 0.35% a side, so the KS statistic must be within ε_b + ε_c; PSI
//! (each bin share within 2ε a side) within 0.02 + 10%; the normalised Wasserstein distance
//! within 0.02 + 5%. Jensen–Shannon, L-infinity, the G-test and the tail functions are computed
//! on exact counts and must match to 1e-9 (relative, for p-values).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

use std::path::Path;

use gapscan::analysis::drift::divergence::{jensen_shannon, linf};
use gapscan::analysis::drift::numeric_distance::{numeric_distance, sketch_error};
use gapscan::analysis::drift::significance::{
    absence_p, g_test, ks_p_value, range_outside_p, two_proportion_z,
};
use gapscan::analysis::drift::special::{chi2_sf, kolmogorov_sf, normal_sf};
use gapscan::profile::Moments;
use gapscan::profile::sketch::QuantileSketch;
use serde_json::Value;

fn reference() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift/reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn f(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key}"))
}

fn sketch(values: &[f64]) -> (QuantileSketch, Moments) {
    let mut q = QuantileSketch::default();
    let mut m = Moments::default();
    for &x in values {
        q.update(x);
        m.update(x);
    }
    (q, m)
}

fn close_rel(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1e-300)
}

#[test]
fn psi_ks_and_wasserstein_match_scipy_within_sketch_error() {
    let r = reference();
    for case in r["numeric"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (b, c) = (floats(&case["baseline"]), floats(&case["current"]));
        let ((qb, mb), (qc, _)) = (sketch(&b), sketch(&c));
        let d = numeric_distance(&qb, &qc, mb.std_dev(), 10, 1e-4).unwrap();
        let exact = qb.is_exact() && qc.is_exact();
        let (psi, ks, w) = (
            f(case, "psi"),
            f(case, "ks"),
            f(case, "wasserstein_normalised"),
        );
        let got_w = d.wasserstein_normalised.unwrap();
        assert!(
            (mb.std_dev().unwrap() - f(case, "baseline_std")).abs() < 1e-9,
            "{name}: std"
        );
        if exact {
            assert_eq!(d.sketch_error, 0.0);
            assert!((d.psi - psi).abs() < 1e-9, "{name}: psi {} vs {psi}", d.psi);
            assert_eq!(
                d.psi_bins as u64,
                case["psi_bins"].as_u64().unwrap(),
                "{name}"
            );
            assert!((d.ks - ks).abs() < 1e-9, "{name}: ks {} vs {ks}", d.ks);
            assert!((got_w - w).abs() < 1e-9, "{name}: w {got_w} vs {w}");
        } else {
            let eps = sketch_error(&qb) + sketch_error(&qc);
            assert!(eps > 0.0 && eps < 0.02, "{name}: sketch error {eps}");
            assert!(
                (d.ks - ks).abs() <= eps + 1e-9,
                "{name}: ks {} vs {ks} (ε {eps})",
                d.ks
            );
            assert!(
                (d.psi - psi).abs() <= 0.02 + 0.1 * psi,
                "{name}: psi {} vs {psi}",
                d.psi
            );
            assert!(
                (got_w - w).abs() <= 0.02 + 0.05 * w,
                "{name}: w {got_w} vs {w}"
            );
        }
        // The asymptotic p-value of the exact statistic.
        let (n, m) = (b.len() as u64, c.len() as u64);
        assert!(
            close_rel(ks_p_value(ks, n, m), f(case, "ks_p_asymptotic"), 1e-9),
            "{name}: ks p {} vs {}",
            ks_p_value(ks, n, m),
            f(case, "ks_p_asymptotic")
        );
    }
}

#[test]
fn jensen_shannon_linf_and_g_test_match_scipy() {
    let r = reference();
    for case in r["categorical"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (b, c) = (floats(&case["baseline"]), floats(&case["current"]));
        assert!(
            (jensen_shannon(&b, &c) - f(case, "js")).abs() < 1e-12,
            "{name}: js"
        );
        assert!(
            (linf(&b, &c) - f(case, "linf")).abs() < 1e-12,
            "{name}: linf"
        );
        let t = g_test(&b, &c).unwrap();
        assert!(
            close_rel(t.g, f(case, "g"), 1e-9) || f(case, "g") == 0.0 && t.g.abs() < 1e-9,
            "{name}: g {} vs {}",
            t.g,
            f(case, "g")
        );
        assert_eq!(t.df, case["df"].as_u64().unwrap(), "{name}: df");
        assert!(
            close_rel(t.p_value, f(case, "g_p"), 1e-7),
            "{name}: p {} vs {}",
            t.p_value,
            f(case, "g_p")
        );
    }
}

#[test]
fn tail_functions_match_scipy() {
    let r = reference();
    let t = &r["tails"];
    for v in t["chi2_sf"].as_array().unwrap() {
        let got = chi2_sf(f(v, "x"), f(v, "df"));
        assert!(close_rel(got, f(v, "p"), 1e-9), "chi2 {v}: {got}");
    }
    for v in t["normal_sf"].as_array().unwrap() {
        let got = normal_sf(f(v, "z"));
        assert!(close_rel(got, f(v, "p"), 1e-9), "normal {v}: {got}");
    }
    for v in t["kolmogorov"].as_array().unwrap() {
        let got = kolmogorov_sf(f(v, "x"));
        assert!(close_rel(got, f(v, "p"), 1e-9), "kolmogorov {v}: {got}");
    }
    for v in t["range_beta_sf"].as_array().unwrap() {
        let got = range_outside_p(f(v, "s"), v["n"].as_u64().unwrap());
        assert!(close_rel(got, f(v, "p"), 1e-9), "beta {v}: {got}");
    }
    for v in t["absence"].as_array().unwrap() {
        let got = absence_p(f(v, "s"), v["n"].as_u64().unwrap());
        assert!(close_rel(got, f(v, "p"), 1e-9), "absence {v}: {got}");
    }
    for v in t["two_proportion"].as_array().unwrap() {
        let u = |k: &str| v[k].as_u64().unwrap();
        let (z, p) = two_proportion_z(u("k1"), u("n1"), u("k2"), u("n2")).unwrap();
        assert!(close_rel(z, f(v, "z"), 1e-9), "z {v}: {z}");
        assert!(
            close_rel(p, f(v, "p"), 1e-9) || f(v, "p") < 1e-300,
            "p {v}: {p}"
        );
    }
}
