//! The gateway's own network face against the real services: gRPC and grpc-web on the HTTP
//! port, bearer tokens checked at the edge, per-principal token buckets, metrics and HTTPS
//! with certificate reload. Servers listen on real sockets here.

mod common;

use std::{sync::Arc, time::Duration};

use base64::Engine as _;
use common::*;
use prost::Message as _;
use serde_json::json;
use taskstream_gateway::{Backend as GatewayBackend, Edge, RateLimits, router, tls};
use taskstream_proto::{
    auth_v1 as auth,
    tasks_v1::{self as tasks, task_service_client::TaskServiceClient},
};
use taskstream_runtime::shutdown::Shutdown;
use taskstream_security::{guard::AuthServiceDirectory, token::TokenVerifier};

/// A gateway over `mesh` listening on a free local port, its edge verifying tokens and
/// allowing `per_principal` requests a minute per principal.
struct Gateway {
    address: std::net::SocketAddr,
    shutdown: Shutdown,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

async fn gateway(mesh: &TestMesh, per_principal: u32) -> Gateway {
    let cache: Arc<dyn taskstream_cache::Cache> = Arc::new(taskstream_cache::MemoryCache::new());
    let verifier = TokenVerifier::new(
        taskstream_runtime::config::Config::default().auth.issuer,
        Arc::new(AuthServiceDirectory::new(
            mesh.channel.clone(),
            cache.clone(),
        )),
    );
    let edge = Edge {
        verifier: Some(Arc::new(verifier)),
        limits: Some(RateLimits::new(cache, 0, per_principal)),
    };
    let backends = [
        "taskstream.auth.v1.AuthService",
        "taskstream.tasks.v1.TaskService",
    ]
    .map(|service| GatewayBackend {
        service: service.into(),
        channel: mesh.channel.clone(),
    })
    .to_vec();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let shutdown = Shutdown::new();
    let stop = shutdown.clone();
    let app = router(backends, edge, 4 << 20);
    tokio::spawn(async move {
        taskstream_gateway::serve(app, listener, None, &stop, Duration::from_secs(1)).await
    });
    Gateway { address, shutdown }
}

/// One grpc-web frame: flag, big-endian length, payload.
fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut framed = vec![flag];
    framed.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_be_bytes());
    framed.extend_from_slice(payload);
    framed
}

/// Splits a grpc-web body into its messages and its trailers.
fn unframe(body: &[u8]) -> (Vec<Vec<u8>>, String) {
    let (messages, trailers) = envelopes(body);
    (messages, String::from_utf8_lossy(&trailers).into_owned())
}

/// Splits an enveloped body (grpc-web or Connect: a flag byte, a big-endian length, the
/// payload) into its messages and the payload of its flagged envelope (grpc-web trailers,
/// Connect's end of stream).
fn envelopes(mut body: &[u8]) -> (Vec<Vec<u8>>, Vec<u8>) {
    let (mut messages, mut last) = (Vec::new(), Vec::new());
    while body.len() >= 5 {
        let length = u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize;
        if body.len() < 5 + length {
            break;
        }
        let payload = &body[5..5 + length];
        if body[0] != 0 {
            last.extend_from_slice(payload);
        } else {
            messages.push(payload.to_vec());
        }
        body = &body[5 + length..];
    }
    (messages, last)
}

/// Reads an enveloped response stream until one of its messages satisfies `wanted` (10 s).
async fn receive_until(stream: &mut reqwest::Response, wanted: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let mut received = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("a message in time")
            .unwrap()
            .expect("the stream stays open");
        received.extend_from_slice(&chunk);
        if let Some(found) = envelopes(&received).0.into_iter().find(|m| wanted(m)) {
            return found;
        }
    }
}

/// A grpc-web-text body: base64 chunks, each padded on its own, one after the other.
fn decode_text(mut text: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::new();
    while !text.is_empty() {
        let end = text
            .windows(2)
            .position(|pair| pair[0] == b'=' && pair[1] != b'=')
            .map_or(text.len(), |at| at + 1);
        decoded.extend(
            base64::engine::general_purpose::STANDARD
                .decode(&text[..end])
                .unwrap(),
        );
        text = &text[end..];
    }
    decoded
}

fn http1() -> reqwest::Client {
    reqwest::Client::builder().http1_only().build().unwrap()
}

async fn grpc_web(
    gateway: &Gateway,
    path: &str,
    message: &impl prost::Message,
    token: Option<&str>,
    text: bool,
) -> (
    reqwest::StatusCode,
    reqwest::header::HeaderMap,
    Vec<Vec<u8>>,
    String,
) {
    let framed = frame(0, &message.encode_to_vec());
    let (content_type, body) = match text {
        true => (
            "application/grpc-web-text",
            base64::engine::general_purpose::STANDARD
                .encode(framed)
                .into_bytes(),
        ),
        false => ("application/grpc-web+proto", framed),
    };
    let mut request = http1()
        .post(format!("http://{}{path}", gateway.address))
        .header("content-type", content_type)
        .header("accept", content_type)
        .header("x-grpc-web", "1")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let mut body = response.bytes().await.unwrap().to_vec();
    if text {
        assert_eq!(headers["content-type"], "application/grpc-web-text+proto");
        body = decode_text(&body);
    }
    let (messages, trailers) = unframe(&body);
    (status, headers, messages, trailers)
}

async fn browsers_call_the_services_over_grpc_web(backend: Backend) {
    let mesh = mesh(backend).await;
    let gateway = gateway(&mesh, 0).await;
    let sign_up = auth::SignUpRequest {
        email: "web@example.com".into(),
        password: PASSWORD.into(),
        display_name: "Web".into(),
        ..Default::default()
    };
    let (status, _, messages, trailers) = grpc_web(
        &gateway,
        "/taskstream.auth.v1.AuthService/SignUp",
        &sign_up,
        None,
        false,
    )
    .await;
    assert_eq!(status, 200);
    assert!(trailers.contains("grpc-status:0"), "{trailers}");
    let signed_up = auth::SignUpResponse::decode(&messages[0][..]).unwrap();
    assert_eq!(signed_up.user.unwrap().email, "web@example.com");

    // The base64 form, as browsers without binary streams send it.
    let login = auth::LoginRequest {
        email: "web@example.com".into(),
        password: PASSWORD.into(),
    };
    let (_, _, messages, trailers) = grpc_web(
        &gateway,
        "/taskstream.auth.v1.AuthService/Login",
        &login,
        None,
        true,
    )
    .await;
    assert!(trailers.contains("grpc-status:0"), "{trailers}");
    let token = auth::LoginResponse::decode(&messages[0][..])
        .unwrap()
        .tokens
        .unwrap()
        .access_token;

    // Service errors arrive as gRPC statuses, details included.
    let (_, headers, messages, trailers) = grpc_web(
        &gateway,
        "/taskstream.auth.v1.AuthService/SignUp",
        &sign_up,
        None,
        false,
    )
    .await;
    let status = headers
        .get("grpc-status")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_else(|| trailers.clone());
    assert!(
        messages.is_empty() && status.contains('6'),
        "a second sign-up is ALREADY_EXISTS: {status}"
    );

    // A server stream: the task watch sees a task created over plain gRPC on the same port.
    let workspace = create_workspace(&mesh, &token).await;
    let project = create_project(&mesh, &token, &workspace, "WEB")
        .await
        .unwrap();
    let watch = tasks::WatchChangesRequest {
        parent: workspace.clone(),
        start_position: String::new(),
    };
    let mut stream = http1()
        .post(format!(
            "http://{}/taskstream.tasks.v1.TaskService/WatchChanges",
            gateway.address
        ))
        .header("content-type", "application/grpc-web+proto")
        .bearer_auth(&token)
        .body(frame(0, &watch.encode_to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let mut grpc = TaskServiceClient::connect(format!("http://{}", gateway.address))
        .await
        .expect("plain gRPC (h2c) on the gateway's port");
    tokio::time::sleep(Duration::from_millis(200)).await;
    grpc.create_task(authed(
        tasks::CreateTaskRequest {
            parent: project.name.clone(),
            task: Some(tasks::Task {
                title: "Over grpc-web".into(),
                ..Default::default()
            }),
            ..Default::default()
        },
        &token,
    ))
    .await
    .unwrap();
    let event = receive_until(&mut stream, |message| {
        matches!(
            tasks::WatchChangesResponse::decode(message).map(|m| m.kind),
            Ok(Some(tasks::watch_changes_response::Kind::Event(_)))
        )
    })
    .await;
    let event = tasks::WatchChangesResponse::decode(&event[..]).unwrap();
    let Some(tasks::watch_changes_response::Kind::Event(event)) = event.kind else {
        unreachable!()
    };
    assert!(format!("{event:?}").contains("Over grpc-web"), "{event:?}");

    // An unknown service is UNIMPLEMENTED, not a hang or a 5xx.
    let (status, headers, _, trailers) = grpc_web(
        &gateway,
        "/taskstream.nope.v1.Nope/Call",
        &login,
        None,
        false,
    )
    .await;
    assert_eq!(status, 200);
    let grpc_status = headers
        .get("grpc-status")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or(trailers);
    assert!(grpc_status.contains("12"), "{grpc_status}");
}

async fn the_edge_checks_tokens_and_principal_budgets(backend: Backend) {
    let mesh = mesh(backend).await;
    let gateway = gateway(&mesh, 3).await;
    let (_, alice) = sign_up(&mesh, "alice@example.com").await;
    let (_, bob) = sign_up(&mesh, "bob@example.com").await;
    let url = format!("http://{}/v1/workspaces", gateway.address);

    // A forged signature stops at the edge, in the caller's protocol.
    let mut forged = alice.access_token.clone();
    forged.pop();
    forged.push(if alice.access_token.ends_with('A') {
        'B'
    } else {
        'A'
    });
    let response = http1().get(&url).bearer_auth(&forged).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.headers()["www-authenticate"],
        r#"Bearer error="invalid_token""#
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["details"][0]["reason"], "TOKEN_INVALID", "{body}");
    let (status, headers, _, _) = grpc_web(
        &gateway,
        "/taskstream.auth.v1.AuthService/ListWorkspaces",
        &auth::ListWorkspacesRequest::default(),
        Some(&forged),
        false,
    )
    .await;
    assert_eq!(status, 200, "gRPC errors travel as grpc-status");
    assert_eq!(headers["grpc-status"], "16");

    // Alice's budget is 3 a minute, wherever she calls from; Bob's is his own.
    for _ in 0..3 {
        let response = http1()
            .get(&url)
            .bearer_auth(&alice.access_token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let response = http1()
        .get(&url)
        .bearer_auth(&alice.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=20).contains(&retry_after),
        "one token in 20 s: {retry_after}"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["details"][0]["reason"], "RATE_LIMITED", "{body}");
    let response = http1()
        .get(&url)
        .bearer_auth(&bob.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "another principal has its own bucket"
    );

    // The rejections and answers are counted.
    let metrics = http1()
        .get(format!("http://{}/metrics", gateway.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"taskstream_gateway_edge_rejections_total{reason="token"} 2"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            r#"taskstream_gateway_edge_rejections_total{reason="rate_limit_principal"} 1"#
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"taskstream_gateway_http_requests_total{protocol="rest",rpc="/taskstream.auth.v1.AuthService/ListWorkspaces",status="200"} 4"#),
        "{metrics}"
    );
}

/// A new self-signed certificate for `localhost` and its key, as PEM.
fn certificate() -> (String, String) {
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    (generated.cert.pem(), generated.signing_key.serialize_pem())
}

async fn https_client_trusting(cert_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert_pem.as_bytes()).unwrap())
        .tls_built_in_root_certs(false)
        .resolve("localhost", "127.0.0.1:0".parse().unwrap())
        .build()
        .unwrap()
}

#[tokio::test]
async fn https_certificates_reload_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (cert_path, key_path) = (dir.path().join("tls.pem"), dir.path().join("tls.key"));
    let (first_cert, first_key) = certificate();
    std::fs::write(&cert_path, &first_cert).unwrap();
    std::fs::write(&key_path, &first_key).unwrap();
    let certificate_in_use = tls::ReloadingCertificate::load(&cert_path, &key_path).unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let shutdown = Shutdown::new();
    let stop = shutdown.clone();
    let served = certificate_in_use.clone();
    tokio::spawn(async move {
        taskstream_gateway::serve(
            router(vec![], Edge::default(), 1 << 20),
            listener,
            Some(served),
            &stop,
            Duration::from_secs(1),
        )
        .await
    });
    let url = format!("https://localhost:{port}/healthz");
    let trusts_first = https_client_trusting(&first_cert).await;
    let response = trusts_first.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), reqwest::Version::HTTP_11);

    // Renewal: new files on disk. Nothing changes until the files do.
    assert!(!certificate_in_use.reload_if_changed().unwrap());
    let (second_cert, second_key) = certificate();
    std::fs::write(&key_path, &second_key).unwrap();
    std::fs::write(&cert_path, &second_cert).unwrap();
    assert!(certificate_in_use.reload_if_changed().unwrap());
    let trusts_second = https_client_trusting(&second_cert).await;
    assert_eq!(trusts_second.get(&url).send().await.unwrap().status(), 200);
    let fresh_first = https_client_trusting(&first_cert).await;
    assert!(
        fresh_first.get(&url).send().await.is_err(),
        "new handshakes get the new certificate"
    );

    // A broken renewal keeps the working certificate.
    std::fs::write(&cert_path, "not a certificate").unwrap();
    assert!(certificate_in_use.reload_if_changed().is_err());
    assert_eq!(trusts_second.get(&url).send().await.unwrap().status(), 200);
    shutdown.trigger();
}

/// A Connect streaming body's messages and its end-of-stream JSON.
fn connect_frames(body: &[u8]) -> (Vec<Vec<u8>>, Option<serde_json::Value>) {
    let (messages, end) = envelopes(body);
    (messages, serde_json::from_slice(&end).ok())
}

async fn scripts_call_the_services_over_connect(backend: Backend) {
    let mesh = mesh(backend).await;
    let gateway = gateway(&mesh, 0).await;
    let rpc = |path: &str| format!("http://{}{path}", gateway.address);
    let (_, tokens) = sign_up(&mesh, "connect@example.com").await;
    let token = tokens.access_token;

    // Unary JSON.
    let response = http1()
        .post(rpc("/taskstream.auth.v1.AuthService/Login"))
        .header("content-type", "application/json")
        .header("connect-protocol-version", "1")
        .body(json!({"email": "connect@example.com", "password": PASSWORD}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let login: serde_json::Value = response.json().await.unwrap();
    assert!(login["tokens"]["accessToken"].as_str().unwrap().len() > 20);

    // Unary binary.
    let response = http1()
        .post(rpc("/taskstream.auth.v1.AuthService/GetJwks"))
        .header("content-type", "application/proto")
        .body(Vec::new())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let jwks = auth::GetJwksResponse::decode(response.bytes().await.unwrap()).unwrap();
    assert!(!jwks.keys.is_empty());

    // Errors: Connect's code names, the mapped HTTP status and the google.rpc details.
    let response = http1()
        .post(rpc("/taskstream.auth.v1.AuthService/SignUp"))
        .header("content-type", "application/json")
        .body(json!({"email": "connect@example.com", "password": PASSWORD}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["code"], "already_exists", "{error}");
    assert_eq!(
        error["details"][0]["type"], "google.rpc.ErrorInfo",
        "{error}"
    );
    let response = http1()
        .post(rpc("/taskstream.auth.v1.AuthService/Login"))
        .header("content-type", "application/json")
        .body(r#"{"email": 42}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let response = http1()
        .post(rpc("/taskstream.auth.v1.AuthService/ListWorkspaces"))
        .header("content-type", "application/json")
        .bearer_auth("not.a.token")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        401,
        "refused at the edge, in Connect's shape"
    );
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["code"], "unauthenticated");

    // Server streaming: enveloped JSON messages.
    let workspace = create_workspace(&mesh, &token).await;
    let project = create_project(&mesh, &token, &workspace, "CON")
        .await
        .unwrap()
        .name;
    let request = json!({"parent": workspace, "startPosition": "0".repeat(20)}).to_string();
    let mut stream = http1()
        .post(rpc("/taskstream.tasks.v1.TaskService/WatchChanges"))
        .header("content-type", "application/connect+json")
        .bearer_auth(&token)
        .body(connect_envelope(request.as_bytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    task_client(&mesh)
        .create_task(authed(
            tasks::CreateTaskRequest {
                parent: project,
                task: Some(tasks::Task {
                    title: "Over Connect".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            &token,
        ))
        .await
        .unwrap();
    receive_until(&mut stream, |message| {
        String::from_utf8_lossy(message).contains("Over Connect")
    })
    .await;

    // A stream refused by the service ends with the error in its last envelope.
    let response = http1()
        .post(rpc("/taskstream.tasks.v1.TaskService/WatchChanges"))
        .header("content-type", "application/connect+json")
        .bearer_auth(&token)
        .body(connect_envelope(br#"{"parent": "workspaces/nope"}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (messages, end) = connect_frames(&response.bytes().await.unwrap());
    assert!(messages.is_empty());
    assert_eq!(end.unwrap()["error"]["code"], "not_found");
    // A unary content type on a streaming RPC is a clear 400.
    let response = http1()
        .post(rpc("/taskstream.tasks.v1.TaskService/WatchChanges"))
        .header("content-type", "application/json")
        .bearer_auth(&token)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

fn connect_envelope(payload: &[u8]) -> Vec<u8> {
    frame(0, payload)
}

taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
    scripts_call_the_services_over_connect,
    browsers_call_the_services_over_grpc_web,
    the_edge_checks_tokens_and_principal_budgets,
]);
