//! The catalog and the jsonrpsee traits name the same methods: every `#[method]` and
//! `#[subscription]` of `src/api` is a typed catalog entry, and every typed entry has one.

use std::collections::BTreeSet;

use moderntensor_rpc_api::methods;

/// The quoted string following `key = ` in `line`, if any.
fn quoted_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = &line[line.find(key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start().strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

/// `namespace_name` for every method, subscription and unsubscription declared in `src/api`.
fn declared_methods() -> BTreeSet<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut namespace = None;
        let mut in_attr = String::new();
        for line in text.lines().map(str::trim) {
            if let Some(ns) = quoted_after(line, "namespace") {
                namespace = Some(ns.to_owned());
            }
            if line.starts_with("#[method(") || line.starts_with("#[subscription(") {
                in_attr.clear();
            }
            if line.starts_with("#[method(")
                || line.starts_with("#[subscription(")
                || !in_attr.is_empty()
            {
                in_attr.push_str(line);
                in_attr.push(' ');
                if !line.ends_with(")]") {
                    continue;
                }
                let ns = namespace.as_deref().expect("a namespace before the first method");
                let name = quoted_after(&in_attr, "name").expect("method name");
                names.insert(format!("{ns}_{name}"));
                if let Some(unsub) = quoted_after(&in_attr, "unsubscribe") {
                    names.insert(format!("{ns}_{unsub}"));
                }
                in_attr.clear();
            }
        }
    }
    names
}

#[test]
fn traits_and_catalog_name_the_same_methods() {
    let declared = declared_methods();
    let typed: BTreeSet<String> = methods::typed().map(|m| m.name.to_owned()).collect();
    let missing: Vec<_> = typed.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&typed).collect();
    assert!(missing.is_empty(), "typed in the catalog but in no trait: {missing:?}");
    assert!(extra.is_empty(), "in a trait but not typed in the catalog: {extra:?}");
    assert!(declared.len() > 120, "only {} methods found in src/api", declared.len());
}

#[test]
fn spec_method_names_are_all_catalogued() {
    // Every `name_name` that the spec writes in backticks with a known namespace is catalogued.
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/spec/luxtensor-rpc.md"
    ))
    .unwrap();
    let namespaces: BTreeSet<&str> = methods::METHODS.iter().map(|m| m.namespace).collect();
    let mut checked = 0;
    for chunk in spec.split('`').skip(1).step_by(2) {
        // `query_rank|trust|incentive` and `eth_newFilter`/`eth_newBlockFilter` list several.
        let first = chunk.split([' ', '[', '(', ':']).next().unwrap_or_default();
        let Some((ns, rest)) = first.split_once('_') else { continue };
        if !namespaces.contains(ns) || rest.is_empty() || !rest.starts_with(char::is_lowercase) {
            continue;
        }
        for (i, part) in rest.split('|').enumerate() {
            let name = if i == 0 { format!("{ns}_{part}") } else { format!("query_{part}") };
            assert!(methods::find(&name).is_some(), "spec names {name} but the catalog lacks it");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} spec names checked");
}
