//! Where in a JSON text a decode error happened, as a path like `$.neurons[3].stake`.

/// One open container while scanning.
enum Frame {
    Object { key: Option<String>, in_value: bool },
    Array { index: usize },
}

/// The path of the value at `line`/`column` (1-based, as `serde_json::Error` reports the
/// last character it read) in `text`.
pub(crate) fn path_at(text: &str, line: usize, column: usize) -> String {
    let Some(last) = offset_of(text, line, column) else { return "$".to_owned() };
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < last {
        match bytes[i] {
            b'{' => stack.push(Frame::Object { key: None, in_value: false }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= last {
                    // The error is inside this string.
                    break;
                }
                if let Some(Frame::Object { key, in_value: false }) = stack.last_mut() {
                    let raw = text.get(start..j).unwrap_or_default();
                    *key = Some(
                        serde_json::from_str::<String>(&format!("\"{raw}\""))
                            .unwrap_or_else(|_| raw.to_owned()),
                    );
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    // At a closing brace (e.g. a missing field) the path is the object's, not its last key's.
    let closing = matches!(bytes.get(last), Some(b'}'));
    let mut path = String::from("$");
    let depth = stack.len();
    for (n, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
            Frame::Object { key: Some(k), in_value: true } if !(closing && n + 1 == depth) => {
                if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    path.push('.');
                    path.push_str(k);
                } else {
                    path.push_str(&format!("[{k:?}]"));
                }
            }
            Frame::Object { .. } => {}
        }
    }
    path
}

/// The byte index of the character at `line`/`column` (1-based), clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    if text.is_empty() {
        return None;
    }
    let mut offset = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let within = column.saturating_sub(1).min(l.len().saturating_sub(1));
            return Some((offset + within).min(text.len() - 1));
        }
        offset += l.len();
    }
    Some(text.len() - 1)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Neuron {
        uid: u64,
        stake: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Graph {
        subnet: u64,
        neurons: Vec<Neuron>,
    }

    fn path_of<T: for<'de> Deserialize<'de> + std::fmt::Debug>(text: &str) -> String {
        let e = serde_json::from_str::<T>(text).unwrap_err();
        path_at(text, e.line(), e.column())
    }

    #[test]
    fn paths_of_decode_errors() {
        let bad_type = r#"{"subnet":1,"neurons":[{"uid":0,"stake":"1"},{"uid":1,"stake":7}]}"#;
        assert_eq!(path_of::<Graph>(bad_type), "$.neurons[1].stake");
        let bad_uid = r#"{"subnet":1,"neurons":[{"uid":"x","stake":"1"}]}"#;
        assert_eq!(path_of::<Graph>(bad_uid), "$.neurons[0].uid");
        let missing = r#"{"subnet":1,"neurons":[{"uid":0}]}"#;
        assert_eq!(path_of::<Graph>(missing), "$.neurons[0]");
        let top = r#"{"subnet":"one","neurons":[]}"#;
        assert_eq!(path_of::<Graph>(top), "$.subnet");
        let pretty =
            "{\n  \"subnet\": 1,\n  \"neurons\": [\n    {\"uid\": 0, \"stake\": false}\n  ]\n}";
        assert_eq!(path_of::<Graph>(pretty), "$.neurons[0].stake");
        assert_eq!(path_of::<u64>("\"x\""), "$");
        assert_eq!(path_at("", 1, 1), "$");
    }
}
