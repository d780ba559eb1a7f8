//! Ordering plugins so that each runs after the providers of the labels it needs.

use std::collections::BTreeSet;

use marginalia_core::Manifest;

/// Why the plugins cannot be ordered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// A needed label is emitted by no plugin in the pipeline.
    #[error(
        "plugin `{plugin}` needs label `{label}`, which no plugin in the pipeline emits (pipeline: {pipeline}); add a plugin that emits it"
    )]
    MissingProvider {
        /// The plugin that needs it.
        plugin: String,
        /// The label.
        label: String,
        /// The pipeline, comma-separated.
        pipeline: String,
    },
    /// The needs form a cycle.
    #[error(
        "plugins depend on each other in a cycle: {cycle}; a plugin may only need labels of plugins that do not need its own"
    )]
    Cycle {
        /// The cycle, e.g. ``a (needs `x` from b) -> b (needs `y` from a)``.
        cycle: String,
    },
}

/// Orders `manifests` (in configured order) so that every plugin comes after all plugins
/// emitting a label it needs. Ties keep the configured order. Returns indices into `manifests`.
pub fn order(manifests: &[&Manifest]) -> Result<Vec<usize>, OrderError> {
    let n = manifests.len();
    // deps[i]: the plugins i must wait for.
    let mut deps: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for (i, m) in manifests.iter().enumerate() {
        for label in &m.needs {
            let providers: Vec<usize> = (0..n)
                .filter(|&j| manifests[j].emits.contains(label))
                .collect();
            if providers.is_empty() {
                return Err(OrderError::MissingProvider {
                    plugin: m.name.clone(),
                    label: label.clone(),
                    pipeline: manifests
                        .iter()
                        .map(|m| m.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            deps[i].extend(providers);
        }
    }
    let mut done = vec![false; n];
    let mut ordered = Vec::with_capacity(n);
    while ordered.len() < n {
        let ready = (0..n).find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]));
        match ready {
            Some(i) => {
                done[i] = true;
                ordered.push(i);
            }
            None => {
                return Err(OrderError::Cycle {
                    cycle: describe_cycle(manifests, &deps, &done),
                });
            }
        }
    }
    Ok(ordered)
}

/// Walks unfinished dependencies from the first blocked plugin until one repeats, and
/// describes that loop.
fn describe_cycle(manifests: &[&Manifest], deps: &[BTreeSet<usize>], done: &[bool]) -> String {
    let first = (0..manifests.len()).find(|&i| !done[i]).unwrap_or(0);
    let mut path = vec![first];
    let mut current = first;
    // Every unfinished plugin has an unfinished dependency, so this ends within n steps.
    while let Some(&next) = deps[current].iter().find(|&&d| !done[d]) {
        if let Some(pos) = path.iter().position(|&p| p == next) {
            path.drain(..pos);
            path.push(next);
            break;
        }
        path.push(next);
        current = next;
    }
    path.windows(2)
        .map(|pair| {
            let (a, b) = (manifests[pair[0]], manifests[pair[1]]);
            let label = a
                .needs
                .iter()
                .find(|l| b.emits.contains(l))
                .map_or("?", String::as_str);
            format!("{} needs `{label}` from {}", a.name, b.name)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, emits: &[&str], needs: &[&str]) -> Manifest {
        Manifest::new(name, "0")
            .emits(emits.iter().copied())
            .needs(needs.iter().copied())
    }

    fn names(ms: &[Manifest]) -> Result<Vec<String>, OrderError> {
        let refs: Vec<&Manifest> = ms.iter().collect();
        order(&refs).map(|o| o.into_iter().map(|i| ms[i].name.clone()).collect())
    }

    #[test]
    fn providers_run_first_and_ties_keep_config_order() {
        let ms = [
            m("sanctions", &["sanction"], &["actor"]),
            m("trade", &["trade_figure"], &[]),
            m("actors", &["actor"], &[]),
        ];
        assert_eq!(names(&ms).unwrap(), ["trade", "actors", "sanctions"]);
    }

    #[test]
    fn chains_are_followed() {
        let ms = [
            m("c", &["z"], &["y"]),
            m("b", &["y"], &["x"]),
            m("a", &["x"], &[]),
        ];
        assert_eq!(names(&ms).unwrap(), ["a", "b", "c"]);
    }

    #[test]
    fn all_providers_of_a_label_run_first() {
        let ms = [
            m("user", &[], &["actor"]),
            m("p1", &["actor"], &[]),
            m("p2", &["actor"], &[]),
        ];
        assert_eq!(names(&ms).unwrap(), ["p1", "p2", "user"]);
    }

    #[test]
    fn missing_provider_is_named() {
        let err = names(&[m("sanctions", &["sanction"], &["actor"])]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "plugin `sanctions` needs label `actor`, which no plugin in the pipeline emits (pipeline: sanctions); add a plugin that emits it"
        );
    }

    #[test]
    fn cycle_is_described() {
        let err = names(&[
            m("ok", &["o"], &[]),
            m("a", &["x"], &["y"]),
            m("b", &["y"], &["x"]),
        ])
        .unwrap_err();
        assert_eq!(
            err,
            OrderError::Cycle {
                cycle: "a needs `y` from b, b needs `x` from a".into()
            }
        );
        let err = names(&[m("self", &["x"], &["x"])]).unwrap_err();
        assert_eq!(
            err,
            OrderError::Cycle {
                cycle: "self needs `x` from self".into()
            }
        );
    }
}
