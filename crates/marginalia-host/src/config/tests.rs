//! Unit tests of `config`.

use super::*;

fn parse(text: &str) -> Result<Config, String> {
    Config::parse(text, Path::new("/etc/m/marginalia.toml")).map_err(|e| e.to_string())
}

#[test]
fn reads_pipeline_dirs_and_tables() {
    let c = parse("pipeline = [\"actors\", \"sanctions\"]\nplugin_dirs = [\"lib\"]\n[plugins.actors]\nx = 1\n").unwrap();
    assert_eq!(
        c.pipeline
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["actors", "sanctions"]
    );
    assert_eq!(c.plugin_dirs, [PathBuf::from("/etc/m/lib")]);
    assert_eq!(
        c.pipeline[0].settings.get("x"),
        Some(&toml::Value::Integer(1))
    );
    assert_eq!(
        c.pipeline[0].settings_location.as_ref().unwrap().line,
        3,
        "the table header"
    );
    assert!(c.pipeline[1].settings.is_empty());
    assert!(!c.locked);
    assert!(parse("pipeline = []\nlocked = true\n").unwrap().locked);
}

#[test]
fn unknown_key_is_named_with_line_and_column() {
    let err = parse("pipeline = []\nplugin_dir = [\"x\"]\n").unwrap_err();
    assert!(
        err.starts_with("/etc/m/marginalia.toml:2:1: unknown field `plugin_dir`"),
        "{err}"
    );
    assert!(err.contains("plugin_dirs"), "suggests the right key: {err}");
}

#[test]
fn isolation_table_is_read_and_checked() {
    let c = parse("pipeline = []\n[isolation]\nenabled = true\ndoc_timeout = 2.5\n").unwrap();
    assert_eq!(
        c.isolation,
        IsolationSettings {
            enabled: true,
            doc_timeout: Some(2.5),
            worker_mem: None
        }
    );
    assert_eq!(
        parse("pipeline = []\n").unwrap().isolation,
        IsolationSettings::default()
    );
    let err = parse("pipeline = []\n[isolation]\nworker_memory = 1\n").unwrap_err();
    assert!(
        err.starts_with("/etc/m/marginalia.toml:3:1: unknown field `worker_memory`"),
        "{err}"
    );
}

#[test]
fn syntax_error_has_position() {
    let err = parse("pipeline = [\"actors\"\n").unwrap_err();
    assert!(err.starts_with("/etc/m/marginalia.toml:"), "{err}");
}

#[test]
fn missing_pipeline_is_an_error() {
    let err = parse("plugin_dirs = []\n").unwrap_err();
    assert!(err.contains("missing field `pipeline`"), "{err}");
}

#[test]
fn table_for_plugin_outside_pipeline_is_an_error() {
    let err = parse("pipeline = [\"actors\"]\n[plugins.actor]\n").unwrap_err();
    assert_eq!(
        err,
        "/etc/m/marginalia.toml:2:1: [plugins.actor] configures a plugin that is not in `pipeline`; add \"actor\" to `pipeline` or remove the table"
    );
}

#[test]
fn invalid_and_duplicate_names_are_errors() {
    assert!(
        parse("pipeline = [\"Actors\"]")
            .unwrap_err()
            .contains(":1:13: `Actors` is not a valid plugin name")
    );
    assert!(
        parse("pipeline = [\"a\", \"a\"]")
            .unwrap_err()
            .contains(":1:18: plugin `a` is listed twice")
    );
}

/// The source text passed to plugin `name`, checking that every character in it stands
/// on the same line and column as in `text`.
fn source_of(text: &str, name: &str) -> Option<String> {
    let c = parse(text).unwrap();
    let entry = c.pipeline.iter().find(|p| p.name == name).unwrap();
    let source = entry.settings_source.clone()?;
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    for (n, line) in source.lines().enumerate() {
        for (col, ch) in line.chars().enumerate() {
            if ch != ' ' {
                assert_eq!(
                    lines[n].get(col),
                    Some(&ch),
                    "line {} column {} of {source:?}",
                    n + 1,
                    col + 1
                );
            }
        }
    }
    assert_eq!(entry.settings_text(), (source.clone(), true));
    Some(source)
}

#[test]
fn a_standard_table_is_passed_as_written_on_its_own_lines() {
    let text = "pipeline = [\"a\", \"b\"]\n\n[plugins.a]  # the a plugin\nx = 1\n  y = \"\"\"\ntwo\n\"\"\"\n";
    assert_eq!(
        source_of(text, "a").unwrap(),
        "\n\n             # the a plugin\nx = 1\n  y = \"\"\"\ntwo\n\"\"\"\n"
    );
}

#[test]
fn sub_tables_keep_their_lines_and_lose_the_plugins_prefix() {
    let text = "\
pipeline = [\"rules\", \"b\"]
[plugins.rules]
k = 1
[[ plugins . \"rules\" . terms ]]
label = \"org\"
[plugins.b]
x = 1
[[plugins.rules.terms]]
label = \"x\"   # a comment
[plugins.rules.deep.er]
z = [
  1,
]
";
    let source = source_of(text, "rules").unwrap();
    assert_eq!(
        source,
        "\n               \nk = 1\n[[                     terms ]]\nlabel = \"org\"\n\n\n[[              terms]]\nlabel = \"x\"\n[              deep.er]\nz = [\n  1,\n]\n"
    );
    let b = source_of(text, "b").unwrap();
    assert_eq!(b, "\n\n\n\n\n           \nx = 1\n");
    // A sub-table before the plugin's own header cannot be laid out without that header.
    let text = text.replacen("[plugins.rules]\nk = 1\n", "", 1) + "[plugins.rules]\nk = 1\n";
    assert_eq!(source_of(&text, "rules"), None);
}

#[test]
fn other_forms_are_re_serialized() {
    for text in [
        "pipeline = [\"a\"]\nplugins.a.x = 1\n",
        "pipeline = [\"a\"]\nplugins.a = { x = 1 }\n",
        "pipeline = [\"a\"]\n[plugins]\na = { x = 1 }\n",
        "pipeline = [\"a\"]\n[plugins]\na.x = 1\n",
        "pipeline = [\"a\"]\n[[plugins.a.t]]\nx = 1\n",
    ] {
        assert_eq!(source_of(text, "a"), None, "{text}");
        let c = parse(text).unwrap();
        let (passed, positions) = c.pipeline[0].settings_text();
        assert!(!positions);
        assert_eq!(
            passed.parse::<toml::Table>().unwrap(),
            c.pipeline[0].settings
        );
    }
}

#[test]
fn tables_in_any_form_are_located() {
    let line_column = |text: &str| {
        let c = parse(text).unwrap();
        let l = c.pipeline[0].settings_location.clone().unwrap();
        assert_eq!(
            c.pipeline[0].settings.get("x"),
            Some(&toml::Value::Integer(1))
        );
        (l.line, l.column)
    };
    assert_eq!(
        line_column("pipeline = [\"a\"]\n [plugins.a]\nx = 1\n"),
        (2, 2)
    );
    assert_eq!(line_column("pipeline = [\"a\"]\nplugins.a.x = 1\n"), (2, 9));
    assert_eq!(
        line_column("pipeline = [\"a\"]\n[plugins]\na = { x = 1 }\n"),
        (3, 5)
    );
    assert_eq!(
        line_column("pipeline = [\"a\"]\n[plugins]\na.x = 1\n"),
        (3, 1)
    );
}

#[test]
fn windows_line_ends_and_unicode_keep_their_columns() {
    let text = "pipeline = [\"a\"]\r\n[plugins.\"ä\"]\r\n[plugins.a]\r\n  \"ß\" = \"€\"\r\n";
    let text = text.replace("pipeline = [\"a\"]", "pipeline = [\"a\", \"ä\"]");
    // "ä" is not a valid plugin name: only the layout is checked here.
    assert!(parse(&text).is_err());
    let document = toml_edit::ImDocument::parse(text.as_str()).unwrap();
    let table: toml::Table = "\"ß\" = \"€\"".parse().unwrap();
    let source = table_source(&text, &document, "a", &table).unwrap();
    assert_eq!(source, "\n\n           \r\n  \"ß\" = \"€\"\n");
}

#[test]
fn plugin_errors_in_the_passed_text_point_into_the_file() {
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Settings {
        #[serde(default)]
        terms: Vec<toml::Table>,
    }
    let text = "pipeline = [\"rules\"]\n\n[plugins.rules]\n   termz = []\n\n[[plugins.rules.terms]]\nx = 1\n";
    let source = source_of(text, "rules").unwrap();
    let err = marginalia_core::Config::from_toml_str(&source)
        .unwrap()
        .deserialize::<Settings>()
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "line 4, column 4: unknown field `termz`, expected `terms`"
    );
}

#[test]
fn select_replaces_pipeline_and_keeps_tables() {
    let mut c = parse("pipeline = [\"a\", \"b\"]\n[plugins.b]\nk = \"v\"\n").unwrap();
    c.select(&["b".to_owned(), "c".to_owned()]).unwrap();
    assert_eq!(c.pipeline.len(), 2);
    assert_eq!(
        c.pipeline[0].settings.get("k").and_then(|v| v.as_str()),
        Some("v")
    );
    assert!(c.pipeline[1].location.is_none());
}

#[test]
fn a_syntax_error_without_a_message_from_toml_still_says_what_is_wrong() {
    // Found by the `config_loader` fuzz target: a control character in a comment gave
    // `marginalia.toml:3:10: ` and nothing more.
    let err = parse("pipeline = []\n# where\n# plugin\0 libraries are\n").unwrap_err();
    assert_eq!(
        err,
        "/etc/m/marginalia.toml:3:9: the control character '\\0' is not allowed here; delete it \
         (in a string, write it as an escape such as \\u0000)"
    );
}

#[test]
fn locations_count_characters_and_never_split_one() {
    let text = "a = \"é\"\nbé = 1\n";
    let at = |offset| {
        let l = location(text, Path::new("m.toml"), offset);
        (l.line, l.column)
    };
    assert_eq!(at(0), (1, 1));
    assert_eq!(
        at(text.find("bé").unwrap() + 3),
        (2, 3),
        "columns are characters"
    );
    assert_eq!(at(6), at(5), "an offset inside `é` is its start");
    assert_eq!(at(999), (3, 1), "past the end: the end");
}
