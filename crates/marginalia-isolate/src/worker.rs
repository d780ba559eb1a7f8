//! The worker side: a process that loads the pipeline once and annotates the documents the
//! host sends it, one at a time, until its input ends.

use std::io::{self, BufRead, Write};

use marginalia_host::pipeline::Pipeline;

use crate::protocol::{PluginInfo, Reply, Request, StageFile};

/// The plugins of `pipeline` in run order, as [`Reply::Ready`] lists them.
pub fn describe(pipeline: &Pipeline) -> Vec<PluginInfo> {
    pipeline
        .plugins()
        .map(|library| PluginInfo {
            name: library.manifest().name.clone(),
            version: library.manifest().version.clone(),
        })
        .collect()
}

/// Writes one reply as a line and flushes it, so that the host sees it even if the process
/// dies right after.
pub fn send(output: &mut impl Write, reply: &Reply) -> io::Result<()> {
    serde_json::to_writer(&mut *output, reply)?;
    output.write_all(b"\n")?;
    output.flush()
}

/// Announces `pipeline` ([`Reply::Ready`]), then annotates each [`Request`] line of `input`
/// and answers it on `output` ([`Reply::Done`] or [`Reply::Failed`]), until `input` ends,
/// recording in `stages` which plugin runs. A line that is not a request is an error: the
/// host never sends one, so the worker stops rather than guess.
pub fn serve(
    pipeline: &Pipeline,
    input: impl BufRead,
    mut output: impl Write,
    stages: Option<&StageFile>,
) -> io::Result<()> {
    send(&mut output, &Reply::Ready(describe(pipeline)))?;
    for line in input.lines() {
        let request: Request = serde_json::from_str(&line?).map_err(|error| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("not a request from the host: {error}"),
            )
        })?;
        let mut stage_error = None;
        let result = pipeline.annotate_observed(&request.id, &request.text, |index| {
            if let Some(stages) = stages {
                if let Err(error) = stages.set(Some(index)) {
                    stage_error.get_or_insert(error);
                }
            }
        });
        if let Some(stages) = stages {
            stages.set(None)?;
        }
        if let Some(error) = stage_error {
            return Err(error);
        }
        let reply = match result {
            Ok(annotations) => Reply::Done(annotations),
            Err(error) => Reply::Failed(error.to_string()),
        };
        send(&mut output, &reply)?;
    }
    Ok(())
}
