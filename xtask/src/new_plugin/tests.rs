//! Tests of `new_plugin`.

use marginalia_host::config::Config;
use marginalia_host::pipeline::Pipeline;

use super::*;

#[test]
fn names_follow_from_the_plugin_name() {
    let names = Names::new("arms-trade", None).unwrap();
    assert_eq!(
        names,
        Names {
            name: "arms-trade".into(),
            crate_name: "marginalia-plugin-arms-trade".into(),
            lib_name: "marginalia_plugin_arms_trade".into(),
            label: "arms_trade".into(),
            type_name: "ArmsTrade".into(),
        }
    );
    assert_eq!(
        Names::new("g7-summits", Some("summit")).unwrap().label,
        "summit"
    );
    assert_eq!(
        Names::new("g7-summits", None).unwrap().type_name,
        "G7Summits"
    );
}

#[test]
fn type_names_that_clash_with_the_template_get_a_suffix() {
    assert_eq!(
        Names::new("plugin", None).unwrap().type_name,
        "PluginTagger"
    );
    assert_eq!(Names::new("self", None).unwrap().type_name, "SelfTagger");
    assert_eq!(Names::new("ok", None).unwrap().type_name, "OkTagger");
}

#[test]
fn invalid_names_and_labels_are_refused() {
    for name in [
        "",
        "Arms",
        "arms_trade",
        "-arms",
        "arms-",
        "arms--trade",
        "2x",
        "é",
    ] {
        let error = Names::new(name, None).unwrap_err().to_string();
        assert!(
            error.contains("is not a valid plugin name"),
            "{name}: {error}"
        );
    }
    for label in ["Trade", "trade-figure", "_x", ""] {
        let error = Names::new("trade", Some(label)).unwrap_err().to_string();
        assert!(error.contains("is not a valid label"), "{label}: {error}");
    }
}

#[test]
fn render_replaces_every_placeholder_and_refuses_unknown_ones() {
    let names = Names::new("arms-trade", Some("transfer")).unwrap();
    assert_eq!(
        names
            .render(
                "{{name}} {{crate_name}} {{lib_name}} {{label}} {{type_name}} format!(\"{{}}\")"
            )
            .unwrap(),
        "arms-trade marginalia-plugin-arms-trade marginalia_plugin_arms_trade transfer ArmsTrade format!(\"{{}}\")"
    );
    let error = names.render("{{nmae}}").unwrap_err().to_string();
    assert_eq!(error, "unknown template placeholder {{nmae}}");
}

#[test]
fn every_template_file_is_used_and_renders() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/plugin");
    let mut on_disk: Vec<String> = walk(&dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = PLUGIN_TEMPLATE
        .iter()
        .map(|(path, _)| format!("{path}.tmpl"))
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        on_disk,
        "PLUGIN_TEMPLATE lists the files of {}",
        dir.display()
    );
    let names = Names::new("x", None).unwrap();
    for (path, template) in PLUGIN_TEMPLATE {
        names
            .render(template)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    names.render(CONFIG_TABLE).unwrap();
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn members_get_a_line_like_the_last_one_and_keep_comments() {
    let manifest = "\
# the workspace
[workspace]
resolver = \"3\"
members = [
    \"crates/a\", # the core
    # plugins
    \"plugins/actors\",
]

[workspace.package]
version = \"0.1.0\"
";
    let edited = add_workspace_member(manifest, "plugins/new")
        .unwrap()
        .unwrap();
    assert_eq!(
        edited,
        manifest.replace(
            "    \"plugins/actors\",\n",
            "    \"plugins/actors\",\n    \"plugins/new\",\n"
        )
    );
    let one_line = "[workspace]\nmembers = [\"a\", \"b\"]\n";
    assert_eq!(
        add_workspace_member(one_line, "c").unwrap().unwrap(),
        "[workspace]\nmembers = [\"a\", \"b\", \"c\"]\n"
    );
    assert_eq!(
        add_workspace_member("[workspace]\nmembers = []\n", "c")
            .unwrap()
            .unwrap(),
        "[workspace]\nmembers = [\"c\"]\n"
    );
}

#[test]
fn a_glob_member_covers_the_new_plugin_and_a_repeat_is_refused() {
    let globbed = "[workspace]\nmembers = [\"crates/*\", \"plugins/*\"]\n";
    assert_eq!(add_workspace_member(globbed, "plugins/new").unwrap(), None);
    let listed = "[workspace]\nmembers = [\"plugins/new\"]\n";
    let error = add_workspace_member(listed, "plugins/new").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`plugins/new` is already a workspace member"
    );
    assert!(add_workspace_member("[package]\nname = \"x\"\n", "y").is_err());
}

#[test]
fn pipeline_gets_the_plugin_and_the_commented_table() {
    let config = "# Plugins in order.\npipeline = [\"actors\"]  # run order\nplugin_dirs = [\"target/release\"]\n\n[plugins.actors]\n# its settings\n";
    let edited = add_to_pipeline(config, "new", "# [plugins.new]\n").unwrap();
    assert_eq!(
        edited,
        "# Plugins in order.\npipeline = [\"actors\", \"new\"]  # run order\nplugin_dirs = [\"target/release\"]\n\n[plugins.actors]\n# its settings\n\n# [plugins.new]\n"
    );
    let error = add_to_pipeline(&edited, "new", "").unwrap_err();
    assert_eq!(error.to_string(), "`pipeline` already has \"new\"");
}

/// A workspace in a temporary directory with the real workspace's settings, lock file and
/// dependencies (path dependencies made absolute), no members, and a `marginalia.toml`.
fn temp_workspace() -> tempfile::TempDir {
    let real = process::root().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut manifest: toml_edit::DocumentMut =
        read(&real.join("Cargo.toml")).unwrap().parse().unwrap();
    let workspace = manifest["workspace"].as_table_mut().unwrap();
    workspace["members"] = toml_edit::value(toml_edit::Array::new());
    let deps = workspace["dependencies"].as_table_like_mut().unwrap();
    for (_, dep) in deps.iter_mut() {
        if let Some(dep) = dep.as_table_like_mut() {
            if let Some(path) = dep.get("path").and_then(|p| p.as_str()) {
                let absolute = real.join(path).to_string_lossy().into_owned();
                dep.insert("path", toml_edit::value(absolute));
            }
        }
    }
    std::fs::write(dir.path().join("Cargo.toml"), manifest.to_string()).unwrap();
    std::fs::copy(real.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.path().join("marginalia.toml"),
        "# A test workspace.\npipeline = []\n",
    )
    .unwrap();
    dir
}

/// The target directory the scaffolded crate is built in: `plugin-tests` in the real
/// workspace's target directory (the one this test binary is in), kept between runs so
/// that the dependencies are built once. Not the target directory itself: the scaffolded
/// library there would show up among the workspace's plugins.
fn plugin_test_target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // <target>/debug/deps/xtask-<hash>
    exe.ancestors().nth(3).unwrap().join("plugin-tests")
}

fn cargo(dir: &Path, args: &[&str]) {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", plugin_test_target_dir())
        // No debug info: builds faster, and nothing here needs a debugger.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("INSTA_UPDATE", "no")
        .env_remove("INSTA_FORCE_PASS")
        .env_remove("INSTA_FORCE_UPDATE")
        .env_remove("RUSTFLAGS");
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "`{}` failed in {}:\n{}\n{}",
        marginalia_testkit::display(&command),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The whole path: scaffold into a workspace, `cargo test` the crate untouched, build it,
/// load it through the ABI with the edited `marginalia.toml`, annotate with it.
#[test]
fn the_scaffolded_plugin_passes_its_tests_and_loads_through_the_abi() {
    let ws = temp_workspace();
    let root = ws.path();
    let done = scaffold(root, "scaffold-check", Some("fictional_state")).unwrap();
    assert!(done.added_member);
    assert_eq!(done.unformatted, None);
    assert!(
        read(&root.join("Cargo.toml"))
            .unwrap()
            .contains("members = [\"plugins/scaffold-check\"]")
    );
    let error = scaffold(root, "scaffold-check", None).unwrap_err();
    assert!(error.to_string().contains("already exists"), "{error}");

    let started = std::time::Instant::now();
    cargo(root, &["test", "-p", "marginalia-plugin-scaffold-check"]);
    cargo(root, &["build", "-p", "marginalia-plugin-scaffold-check"]);
    eprintln!(
        "scaffolded plugin tested and built in {:.1?}",
        started.elapsed()
    );
    assert!(
        !root
            .join("plugins/scaffold-check/tests/snapshots/sample__sample.snap.new")
            .exists()
    );

    let config = Config::load(&root.join("marginalia.toml")).unwrap();
    assert_eq!(config.pipeline[0].name, "scaffold-check");
    let pipeline = Pipeline::load(&config, &[plugin_test_target_dir().join("debug")])
        .unwrap_or_else(|e| panic!("{e}"));
    let annotations = pipeline
        .annotate("doc", "Talks between RURITANIA and Syldavia.")
        .unwrap();
    let found: Vec<(&str, &str, &str)> = annotations
        .iter()
        .map(|a| {
            (
                a.label.as_str(),
                a.text.as_str(),
                a.attrs.get_str("term").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("fictional_state", "RURITANIA", "Ruritania"),
            ("fictional_state", "Syldavia", "Syldavia")
        ]
    );
}
