//! The worked cases of `fixtures/consensus-cases/` (each `NAME.json` run through
//! [`run`] and compared with `NAME.expected.json`), and property tests.

mod properties;

use std::collections::BTreeMap;

use moderntensor_consensus::{run, run_file::ConsensusOutput, ConsensusInput};
use serde_json::Value;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/consensus-cases/");

fn load(name: &str) -> (ConsensusInput, Value) {
    let read = |file: String| {
        std::fs::read_to_string(CASES.to_owned() + &file)
            .unwrap_or_else(|e| panic!("cannot read {CASES}{file}: {e}"))
    };
    let input = serde_json::from_str(&read(format!("{name}.json"))).unwrap();
    let expected = serde_json::from_str(&read(format!("{name}.expected.json"))).unwrap();
    (input, expected)
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Number(x) => x.as_f64().unwrap(),
        Value::String(s) => s.trim_start_matches('~').parse().unwrap(),
        other => panic!("not a number: {other}"),
    }
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

/// Exact comparison: same keys, same array lengths, numbers equal as f64 (so `0` equals `0.0`
/// and `1e-05` equals `1e-5`), strings equal.
fn assert_exact(path: &str, ours: &Value, expected: &Value) {
    match (ours, expected) {
        (Value::Object(a), Value::Object(b)) => {
            let (ka, kb): (Vec<_>, Vec<_>) = (a.keys().collect(), b.keys().collect());
            let (mut ka, mut kb) = (ka, kb);
            ka.sort();
            kb.sort();
            assert_eq!(ka, kb, "{path}: fields differ");
            for (k, v) in b {
                assert_exact(&format!("{path}.{k}"), &a[k], v);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: lengths differ");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_exact(&format!("{path}[{i}]"), x, y);
            }
        }
        (Value::Number(_), Value::Number(_)) => {
            assert_eq!(number(ours), number(expected), "{path}");
        }
        _ => assert_eq!(ours, expected, "{path}"),
    }
}

#[test]
fn sac_example_is_bit_exact() {
    let (input, expected) = load("sac-example");
    let output = run(&input).unwrap();
    let ours = serde_json::to_value(&output).unwrap();
    assert_exact("sac-example", &ours, &expected);
    // The u16 integers are the floats' source: float = u16 / 65535, exactly.
    let epoch = &output.epochs[0];
    let fixed = epoch.fixed.as_ref().unwrap();
    for (f, q) in epoch.rank.as_ref().unwrap().iter().zip(&fixed.rank) {
        assert_eq!(*f, f64::from(*q) / 65535.0);
    }
}

/// The tolerance the expected file gives for `field`: a number applies to every field, an object
/// per field; without one, `default`.
fn tolerance(expected: &Value, field: &str, default: f64) -> f64 {
    match &expected["tolerance"] {
        Value::Number(x) => x.as_f64().unwrap(),
        Value::Object(map) => map.get(field).map_or(default, number),
        _ => default,
    }
}

/// Compares our epochs with the expected ones within the file's tolerances; returns the largest
/// deviation seen per field.
fn compare_within_tolerance(
    case: &str,
    output: &ConsensusOutput,
    expected: &Value,
    default: f64,
) -> BTreeMap<String, f64> {
    let mut worst: BTreeMap<String, f64> = BTreeMap::new();
    let epochs = array(&expected["epochs"]);
    assert_eq!(output.epochs.len(), epochs.len(), "{case}: number of epochs");
    for (e, want) in epochs.iter().enumerate() {
        let Some(want) = want.as_object() else { continue };
        let ours = serde_json::to_value(&output.epochs[e]).unwrap();
        let bonds = output.epochs[e].bonds.as_ref().expect("yuma output has bonds");
        let bond =
            |i: usize, j: u16| bonds[i].iter().find(|&&(uid, _)| uid == j).map_or(0, |&(_, v)| v);
        for (field, values) in want {
            let mut check = |label: &str, got: f64, want: &Value, tol_field: &str| {
                let w = number(want);
                let approximate = want.as_str().is_some_and(|s| s.starts_with('~'));
                let mut tol = tolerance(expected, tol_field, default);
                if approximate {
                    tol = tol.max(1e-6 * w.abs());
                }
                let dev = (got - w).abs();
                assert!(
                    dev <= tol,
                    "{case} epoch {e} {label}: got {got}, expected {want} (tolerance {tol})"
                );
                let slot = worst.entry(field.clone()).or_default();
                *slot = slot.max(dev);
            };
            if let Some(col) =
                field.strip_prefix("bonds_column_").and_then(|r| r.strip_suffix("_u16"))
            {
                let j: u16 = col.parse().unwrap();
                for (i, w) in array(values).iter().enumerate() {
                    check(&format!("{field}[{i}]"), f64::from(bond(i, j)), w, "bonds_u16");
                }
            } else if let Some(cols) = field.strip_prefix("bonds_validators_to_") {
                let cols: Vec<u16> = cols.split("_and_").map(|c| c.parse().unwrap()).collect();
                for (i, row) in array(values).iter().enumerate() {
                    for (j, w) in cols.iter().zip(array(row)) {
                        let got = f64::from(bond(i, *j)) / 65535.0;
                        check(&format!("{field}[{i}][{j}]"), got, w, "bonds");
                    }
                }
            } else {
                let got = array(&ours[field.as_str()]);
                let want = array(values);
                assert_eq!(got.len(), want.len(), "{case} epoch {e} {field}: lengths");
                for (i, (g, w)) in got.iter().zip(want).enumerate() {
                    check(&format!("{field}[{i}]"), number(g), w, field);
                }
            }
        }
    }
    worst
}

#[test]
fn yuma_test_bonds_within_tolerance() {
    let (input, expected) = load("yuma-test_bonds");
    let output = run(&input).unwrap();
    let worst = compare_within_tolerance("yuma-test_bonds", &output, &expected, 1e-6);
    println!("yuma-test_bonds max deviations: {worst:?}");
    assert_eq!(worst.len(), 3, "every expected field was compared: {worst:?}");
}

#[test]
fn yuma3_kappa_moves_first_within_tolerance() {
    let (input, expected) = load("yuma3-kappa_moves_first");
    let output = run(&input).unwrap();
    let worst = compare_within_tolerance("yuma3-kappa_moves_first", &output, &expected, 1e-3);
    println!("yuma3-kappa_moves_first max deviations: {worst:?}");
    assert_eq!(worst.len(), 2, "every expected field was compared: {worst:?}");
}

#[test]
fn outputs_round_trip_through_json() {
    for name in ["sac-example", "yuma-test_bonds", "yuma3-kappa_moves_first"] {
        let (input, _) = load(name);
        let again: ConsensusInput =
            serde_json::from_str(&serde_json::to_string(&input).unwrap()).unwrap();
        assert_eq!(again, input, "{name}");
        let output = run(&input).unwrap();
        let text = serde_json::to_string(&output).unwrap();
        let back: ConsensusOutput = serde_json::from_str(&text).unwrap();
        assert_eq!(back, output, "{name}");
    }
}
