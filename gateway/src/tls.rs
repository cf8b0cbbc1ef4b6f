//! HTTPS for the gateway with rustls. The certificate chain and key are PEM files; the
//! gateway checks them every [`RELOAD_CHECK_INTERVAL`] and, when either changed, loads the
//! new pair for every later handshake. Open connections keep the certificate they started
//! with, so renewal (cert-manager, ACME) needs no restart. A pair that fails to load is
//! logged and the previous one kept. ALPN offers `h2` and `http/1.1`.

use std::{
    io,
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{Arc, RwLock},
    time::{Duration, SystemTime},
};

use rustls::{
    ServerConfig,
    crypto::CryptoProvider,
    pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject},
    server::{ClientHello, ResolvesServerCert},
    sign::CertifiedKey,
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::mpsc,
};
use tokio_rustls::{TlsAcceptor, server::TlsStream};

use taskstream_runtime::shutdown::Shutdown;

/// How often the certificate files are checked for changes.
pub const RELOAD_CHECK_INTERVAL: Duration = Duration::from_secs(5);
/// How long a client may take to finish its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Handshaken connections waiting for the HTTP server to take them.
const ACCEPT_QUEUE: usize = 128;

/// The certificate in use and where it comes from.
#[derive(Debug)]
pub struct ReloadingCertificate {
    cert_path: PathBuf,
    key_path: PathBuf,
    provider: Arc<CryptoProvider>,
    current: RwLock<(Arc<CertifiedKey>, Option<SystemTime>)>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl ReloadingCertificate {
    /// Loads the pair now; an unreadable or mismatched pair is an error at start.
    pub fn load(cert_path: &Path, key_path: &Path) -> anyhow::Result<Arc<Self>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = load_pair(cert_path, key_path, &provider)?;
        Ok(Arc::new(Self {
            cert_path: cert_path.to_owned(),
            key_path: key_path.to_owned(),
            provider,
            current: RwLock::new((Arc::new(key), Self::stamp_of(cert_path, key_path))),
        }))
    }

    fn stamp_of(cert_path: &Path, key_path: &Path) -> Option<SystemTime> {
        modified(cert_path).max(modified(key_path))
    }

    /// Reloads the pair if a file changed since the last load; `Ok(true)` when it did.
    pub fn reload_if_changed(&self) -> anyhow::Result<bool> {
        let stamp = Self::stamp_of(&self.cert_path, &self.key_path);
        if stamp == self.current.read().unwrap_or_else(|p| p.into_inner()).1 {
            return Ok(false);
        }
        let key = load_pair(&self.cert_path, &self.key_path, &self.provider)?;
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = (Arc::new(key), stamp);
        Ok(true)
    }

    /// The rustls server configuration that serves the current certificate.
    pub fn server_config(self: &Arc<Self>) -> anyhow::Result<Arc<ServerConfig>> {
        let mut config = ServerConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_cert_resolver(self.clone());
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }

    /// Checks the files until shutdown.
    pub async fn watch(self: Arc<Self>, shutdown: Shutdown) {
        let mut ticks = tokio::time::interval(RELOAD_CHECK_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = shutdown.requested() => return,
            }
            match self.reload_if_changed() {
                Ok(true) => {
                    tracing::info!(cert = %self.cert_path.display(), "TLS certificate reloaded")
                }
                Ok(false) => {}
                Err(error) => {
                    tracing::error!(%error, "TLS certificate not reloaded: keeping the previous one")
                }
            }
        }
    }
}

impl ResolvesServerCert for ReloadingCertificate {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(
            self.current
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .0
                .clone(),
        )
    }
}

fn load_pair(
    cert_path: &Path,
    key_path: &Path,
    provider: &CryptoProvider,
) -> anyhow::Result<CertifiedKey> {
    use anyhow::Context as _;
    let chain = CertificateDer::pem_file_iter(cert_path)
        .with_context(|| format!("cannot read the TLS certificate {}", cert_path.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{} is not a PEM certificate chain", cert_path.display()))?;
    anyhow::ensure!(
        !chain.is_empty(),
        "{} holds no certificate",
        cert_path.display()
    );
    let key = PrivateKeyDer::from_pem_file(key_path)
        .with_context(|| format!("cannot read a PEM private key from {}", key_path.display()))?;
    CertifiedKey::from_der(chain, key, provider).with_context(|| {
        format!(
            "the key {} does not fit the certificate {}",
            key_path.display(),
            cert_path.display()
        )
    })
}

/// A listener that hands the HTTP server finished TLS connections. Handshakes run in their
/// own tasks, so one slow or hostile client cannot hold up the others.
pub struct TlsListener {
    local: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
}

impl TlsListener {
    /// Accepts on `listener` with `config`.
    pub fn new(listener: TcpListener, config: Arc<ServerConfig>) -> io::Result<Self> {
        let local = listener.local_addr()?;
        let (sender, ready) = mpsc::channel(ACCEPT_QUEUE);
        let acceptor = TlsAcceptor::from(config);
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    accepted = listener.accept() => accepted,
                    // The server went away: stop accepting.
                    _ = sender.closed() => return,
                };
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        tracing::warn!(%error, "TLS listener accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let acceptor = acceptor.clone();
                let sender = sender.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let _ = sender.send((tls, peer)).await;
                        }
                        Ok(Err(error)) => tracing::debug!(%peer, %error, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(Self { local, ready })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(accepted) => accepted,
            // The accept loop only ends when this listener is dropped.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.local)
    }
}
