//! Graceful shutdown: one signal (SIGTERM or SIGINT) stops every listener of the process, and
//! in-flight work gets a bounded grace period to finish.

use std::{future::Future, time::Duration};

use tokio_util::sync::CancellationToken;

/// A process-wide shutdown switch; clones observe the same switch.
#[derive(Clone, Debug, Default)]
pub struct Shutdown {
    token: CancellationToken,
}

impl Shutdown {
    /// A switch that is only flipped by [`Shutdown::trigger`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A switch that SIGTERM or SIGINT (Ctrl-C) flips.
    pub fn on_signals() -> Self {
        let shutdown = Self::new();
        let trigger = shutdown.clone();
        tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("shutdown requested: draining");
            trigger.trigger();
        });
        shutdown
    }

    /// Requests shutdown.
    pub fn trigger(&self) {
        self.token.cancel();
    }

    /// Resolves once shutdown is requested.
    pub async fn requested(&self) {
        self.token.cancelled().await
    }

    /// Whether shutdown was requested.
    pub fn is_requested(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Runs `work` to completion, but once shutdown is requested gives it at most `grace` more;
    /// `None` when it had to be cut off.
    pub async fn drain<F: Future>(&self, work: F, grace: Duration) -> Option<F::Output> {
        tokio::pin!(work);
        tokio::select! {
            output = &mut work => Some(output),
            () = self.requested() => match tokio::time::timeout(grace, work).await {
                Ok(output) => Some(output),
                Err(_) => {
                    tracing::warn!(?grace, "grace period over: cutting remaining requests");
                    None
                }
            },
        }
    }
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(error) => {
                    tracing::warn!(%error, "cannot watch SIGTERM; only Ctrl-C stops the process");
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn drain_lets_quick_work_finish_and_cuts_slow_work() {
        let shutdown = Shutdown::new();
        shutdown.trigger();
        let quick = shutdown.drain(async { 7 }, Duration::from_millis(50)).await;
        assert_eq!(quick, Some(7));
        let slow = shutdown
            .drain(
                tokio::time::sleep(Duration::from_secs(60)),
                Duration::from_millis(20),
            )
            .await;
        assert_eq!(slow, None);
    }
}
