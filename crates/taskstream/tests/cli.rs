//! The `taskstream` binary as a user runs it: real processes, real ports, real signals.

mod common;

use common::authed;

use std::{
    net::{SocketAddr, TcpListener},
    path::Path,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

use taskstream_proto::tasks_v1::{self as pb, task_service_client::TaskServiceClient};
use taskstream_runtime::mesh::MeshChannel;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_stream::StreamExt;
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

const BINARY: &str = env!("CARGO_BIN_EXE_taskstream");

fn free_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// A running `taskstream` process, killed if the test fails before stopping it.
struct Process {
    child: Child,
    grpc: SocketAddr,
    http: SocketAddr,
}

impl Process {
    fn start(args: &[&str], data_dir: &Path, env: &[(&str, &str)]) -> Self {
        let (grpc, http) = (free_address(), free_address());
        let child = Command::new(BINARY)
            .args(args)
            .args([
                "--grpc-addr",
                &grpc.to_string(),
                "--http-addr",
                &http.to_string(),
            ])
            .arg("--data-dir")
            .arg(data_dir)
            .envs(env.iter().copied())
            .env("TASKSTREAM_TELEMETRY__LOG_FORMAT", "json")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start taskstream");
        let process = Self { child, grpc, http };
        process.wait_for_port(grpc);
        process.wait_for_port(http);
        process
    }

    fn wait_for_port(&self, address: SocketAddr) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(address).is_err() {
            assert!(
                Instant::now() < deadline,
                "taskstream did not listen on {address}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn channel(&self) -> MeshChannel {
        MeshChannel::remote(&format!("http://{}", self.grpc)).unwrap()
    }

    /// Sends SIGTERM and waits for a clean exit.
    fn terminate(mut self) -> Output {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "taskstream did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let child = std::mem::replace(&mut self.child, Command::new("true").spawn().unwrap());
        child.wait_with_output().unwrap()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

async fn http_get(address: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// The services a reflection endpoint lists; v1 and v1alpha have twin generated modules.
macro_rules! reflected_services {
    ($version:ident, $channel:expr) => {{
        use tonic_reflection::pb::$version::{
            ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
            server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
        };
        let request = ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        };
        let mut responses = ServerReflectionClient::new($channel)
            .server_reflection_info(tokio_stream::iter([request]))
            .await
            .unwrap()
            .into_inner();
        match responses.next().await.unwrap().unwrap().message_response {
            Some(MessageResponse::ListServicesResponse(list)) => list
                .service
                .into_iter()
                .map(|s| s.name)
                .collect::<Vec<String>>(),
            other => panic!("unexpected reflection answer {other:?}"),
        }
    }};
}

/// Signs up, creates a workspace and a project, and reads it back: the whole stack, guarded.
async fn project_round_trip(channel: MeshChannel) {
    use taskstream_proto::auth_v1::{self as auth, auth_service_client::AuthServiceClient};
    let mut auth_client = AuthServiceClient::new(channel.clone());
    let token = auth_client
        .sign_up(auth::SignUpRequest {
            email: format!("cli-{}@example.com", std::process::id()),
            password: "a long enough passphrase".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tokens
        .unwrap()
        .access_token;
    let workspace = auth_client
        .create_workspace(authed(
            auth::CreateWorkspaceRequest {
                workspace: Some(auth::Workspace {
                    display_name: "CLI".into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            &token,
        ))
        .await
        .unwrap()
        .into_inner()
        .workspace
        .unwrap()
        .name;
    let mut client = TaskServiceClient::new(channel);
    let unauthenticated = client
        .list_projects(pb::ListProjectsRequest {
            parent: workspace.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(unauthenticated.code(), tonic::Code::Unauthenticated);
    let created = client
        .create_project(authed(
            pb::CreateProjectRequest {
                parent: workspace,
                project: Some(pb::Project {
                    key: "CLI".into(),
                    display_name: "From the CLI test".into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            &token,
        ))
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    let fetched = client
        .get_project(authed(
            pb::GetProjectRequest {
                name: created.name.clone(),
            },
            &token,
        ))
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert_eq!(fetched, created);
}

// Multi-threaded: the client's connections must keep running (and see the server's GOAWAY)
// while the test thread waits for the process to exit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_serves_health_reflection_projects_and_stops_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let process = Process::start(&["dev"], data.path(), &[]);

    let mut health = HealthClient::new(process.channel());
    for service in [
        "",
        "taskstream.tasks.v1.TaskService",
        "taskstream.auth.v1.AuthService",
    ] {
        let status = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .unwrap()
            .into_inner()
            .status;
        assert_eq!(
            status,
            ServingStatus::Serving as i32,
            "health of {service:?}"
        );
    }
    for services in [
        reflected_services!(v1alpha, process.channel()),
        reflected_services!(v1, process.channel()),
    ] {
        assert!(
            services.contains(&"taskstream.tasks.v1.TaskService".to_owned()),
            "{services:?}"
        );
        assert!(
            services.contains(&"grpc.health.v1.Health".to_owned()),
            "{services:?}"
        );
        assert!(
            services.contains(&"taskstream.auth.v1.AuthService".to_owned()),
            "{services:?}"
        );
        assert!(
            services.contains(&"taskstream.nlp.v1.NlpService".to_owned()),
            "{services:?}"
        );
        assert!(
            !services.contains(&"taskstream.search.v1.SearchService".to_owned()),
            "unimplemented services must not be advertised: {services:?}"
        );
    }
    project_round_trip(process.channel()).await;
    assert!(
        data.path().join("tasks.db").exists(),
        "dev keeps its data under --data-dir"
    );

    let (status, body) = http_get(process.http, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("\"taskstream.tasks.v1.TaskService\":\"SERVING\""),
        "{body}"
    );

    let output = process.terminate();
    assert!(
        output.status.success(),
        "exit after SIGTERM: {:?}",
        output.status
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("gRPC server stopped"), "{stdout}");
    assert!(
        !stdout.contains("cut off"),
        "idle connections must not hold up shutdown: {stdout}"
    );
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BINARY)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run taskstream")
}

#[test]
fn invalid_config_names_the_key_and_exits_2() {
    let output = run(&["dev"], &[("TASKSTREAM_SERVER__MAX_MESSAGE_BYTES", "12")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("server.max_message_bytes"), "{stderr}");

    let output = run(&["dev"], &[("TASKSTREAM_GRPC_ADDR", "localhost")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`grpc_addr`"));

    let output = run(&["dev", "--config", "/nonexistent/taskstream.toml"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("does not exist"));
}

#[test]
fn unknown_service_lists_the_valid_ones() {
    let output = run(&["serve", "--services", "tasks,billing"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown service `billing`; valid services: auth, tasks, nlp, gateway"),
        "{stderr}"
    );
}

#[test]
fn port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let data = tempfile::tempdir().unwrap();
    let output = run(
        &[
            "dev",
            "--grpc-addr",
            &address,
            "--data-dir",
            data.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on {address} for gRPC")),
        "{stderr}"
    );
    assert!(stderr.contains("already in use"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_on_postgres_and_redis_after_migrate() {
    let database = taskstream_testkit::postgres_database().await;
    let (redis_url, _) = taskstream_testkit::redis_namespace();
    let env = [
        ("TASKSTREAM_DATABASE_URL", database.url()),
        ("TASKSTREAM_REDIS_URL", redis_url.as_str()),
    ];
    let data = tempfile::tempdir().unwrap();

    let early = run(&["serve", "--services", "auth,tasks"], &env);
    assert_eq!(early.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&early.stderr).contains("run `taskstream migrate` first"));

    let migrated = run(&["migrate"], &env);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(
        String::from_utf8_lossy(&migrated.stdout)
            .contains("tasks: schema `tasks` up to date (6 migration(s) applied)")
    );
    let again = run(&["migrate"], &env);
    assert!(String::from_utf8_lossy(&again.stdout).contains("(0 migration(s) applied)"));

    let process = Process::start(
        &["serve", "--services", "auth,tasks,gateway"],
        data.path(),
        &env,
    );
    project_round_trip(process.channel()).await;
    let (status, body) = http_get(process.http, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        !data.path().join("tasks.db").exists(),
        "serve must not fall back to SQLite"
    );
    assert!(process.terminate().status.success());
}

#[test]
fn check_config_names_what_serve_would_miss() {
    let complete = [
        (
            "TASKSTREAM_DATABASE_URL",
            "postgres://u:p@db:5432/taskstream",
        ),
        ("TASKSTREAM_REDIS_URL", "redis://cache:6379"),
        ("TASKSTREAM_REMOTE__AUTH", "http://auth:50051"),
        ("TASKSTREAM_REMOTE__TASKS", "http://tasks:50051"),
        ("TASKSTREAM_REMOTE__NLP", "http://nlp:50051"),
    ];
    let output = run(&["check-config", "--services", "tasks"], &complete);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("serve --services tasks"));

    let output = run(&["check-config", "--services", "tasks"], &complete[..2]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`remote.auth` is required"));

    let output = run(&["check-config", "--services", "gateway"], &complete[1..4]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`remote.nlp` is required"));

    // The gateway alone keeps no schema, so it needs Redis but no PostgreSQL.
    let output = run(&["check-config", "--services", "gateway"], &complete[1..]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");

    // The NLP service creates tasks through the task service.
    let without_tasks = [complete[0], complete[1], complete[2]];
    let output = run(&["check-config", "--services", "nlp"], &without_tasks);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`remote.tasks` is required"));

    let output = run(&["check-config", "--services", "auth"], &complete[1..2]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`database_url` is required"));
}

/// Managed Redis (ElastiCache with in-transit encryption) speaks TLS only: `rediss://` URLs
/// connect over rustls, trusting the system roots (here `SSL_CERT_FILE`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_reaches_redis_over_tls() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = {
        let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        (generated.cert.pem(), generated.signing_key.serialize_pem())
    };
    let (cert_file, key_file) = (dir.path().join("redis.crt"), dir.path().join("redis.key"));
    std::fs::write(&cert_file, cert).unwrap();
    std::fs::write(&key_file, key).unwrap();
    let tls_port = free_address().port();
    let password = "tls-test-password";
    let _redis = KillOnDrop(
        Command::new("redis-server")
            .args(["--port", "0", "--tls-port", &tls_port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--tls-auth-clients", "no", "--requirepass", password])
            .arg("--tls-cert-file")
            .arg(&cert_file)
            .arg("--tls-key-file")
            .arg(&key_file)
            .arg("--tls-ca-cert-file")
            .arg(&cert_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server (installed by scripts/with-test-services.sh)"),
    );
    let redis_address: SocketAddr = ([127, 0, 0, 1], tls_port).into();
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(redis_address).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }

    let trust = cert_file.to_str().unwrap();
    let plain_url = format!("redis://:{password}@localhost:{tls_port}");
    let tls_url = format!("rediss://:{password}@localhost:{tls_port}");
    let http = free_address();
    let serve = |url: &str| {
        Command::new(BINARY)
            .args(["serve", "--services", "gateway", "--http-addr"])
            .arg(http.to_string())
            .env("TASKSTREAM_REDIS_URL", url)
            .env("SSL_CERT_FILE", trust)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };

    // Plain text to a TLS-only port never gets a Redis answer: the process gives up.
    let mut plain = serve(&plain_url);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = plain.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = plain.kill();
            panic!("plain text to a TLS-only Redis neither failed nor stopped");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(
        status.code(),
        Some(1),
        "plain text must not reach a TLS-only Redis"
    );

    let child = serve(&tls_url);
    let process = Process {
        child,
        grpc: free_address(),
        http,
    };
    process.wait_for_port(http);
    let (status, body) = http_get(http, "/healthz").await;
    assert_eq!(status, 200, "{body}");
    let stopped = process.terminate();
    assert!(stopped.status.success(), "{stopped:?}");
}

/// A helper process that must not outlive a failing test.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
