//! `make bench`: what the REST gateway costs a client. The real `taskstream dev` binary runs on
//! free ports; the same `GetTask` is called over REST/JSON through the gateway (HTTP/1.1 with
//! keep-alive) and over direct gRPC (HTTP/2), by the same number of concurrent callers in the
//! same run. Reported: throughput of each, their ratio, and the latency the gateway adds at
//! p50 and p99.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use taskstream_proto::tasks_v1::{self as tasks, task_service_client::TaskServiceClient};
use tonic::transport::Channel;

const CALLERS: usize = 8;
const PHASE: Duration = Duration::from_secs(5);

/// The binary under test; killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn post(http: &reqwest::Client, url: String, token: &str, body: Value) -> Value {
    let response = http
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

/// Latencies in microseconds, sorted, and the calls per second they add up to.
struct Phase {
    latencies: Vec<u64>,
    per_second: f64,
}

impl Phase {
    fn percentile(&self, p: f64) -> u64 {
        self.latencies[((self.latencies.len() - 1) as f64 * p) as usize]
    }
}

/// Runs `call` from `CALLERS` concurrent tasks for `PHASE`.
async fn measure<F, Fut>(call: F) -> Phase
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let start = Instant::now();
    let callers: Vec<_> = (0..CALLERS)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while start.elapsed() < PHASE {
                    let began = Instant::now();
                    call().await;
                    latencies.push(began.elapsed().as_micros() as u64);
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for caller in callers {
        latencies.extend(caller.await.unwrap());
    }
    let per_second = latencies.len() as f64 / start.elapsed().as_secs_f64();
    latencies.sort_unstable();
    Phase {
        latencies,
        per_second,
    }
}

#[tokio::main]
async fn main() {
    let (http_port, grpc_port) = (free_port(), free_port());
    let data = tempfile::tempdir().unwrap();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_taskstream"))
            .arg("dev")
            .env("TASKSTREAM_DATA_DIR", data.path())
            .env("TASKSTREAM_HTTP_ADDR", format!("127.0.0.1:{http_port}"))
            .env("TASKSTREAM_GRPC_ADDR", format!("127.0.0.1:{grpc_port}"))
            .env("TASKSTREAM_GATEWAY__REQUESTS_PER_MINUTE", "100000000")
            .env(
                "TASKSTREAM_GATEWAY__PRINCIPAL_REQUESTS_PER_MINUTE",
                "100000000",
            )
            .env("TASKSTREAM_TELEMETRY__LOG_FILTER", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start taskstream dev"),
    );
    let base = format!("http://127.0.0.1:{http_port}");
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if http
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let signed_up = post(
        &http,
        format!("{base}/v1/users:signUp"),
        "",
        json!({"email": "bench@example.com", "password": "correct horse battery staple"}),
    )
    .await;
    let token = signed_up["tokens"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let workspace = post(
        &http,
        format!("{base}/v1/workspaces"),
        &token,
        json!({"displayName": "Bench"}),
    )
    .await;
    let workspace = workspace["workspace"]["name"].as_str().unwrap();
    let project = post(
        &http,
        format!("{base}/v1/{workspace}/projects"),
        &token,
        json!({"key": "BEN", "displayName": "Bench"}),
    )
    .await;
    let project = project["project"]["name"].as_str().unwrap();
    let task = post(
        &http,
        format!("{base}/v1/{project}/tasks"),
        &token,
        json!({"title": "Measure the gateway"}),
    )
    .await;
    let task = task["task"]["name"].as_str().unwrap().to_owned();

    let channel = Channel::from_shared(format!("http://127.0.0.1:{grpc_port}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let bearer: tonic::metadata::MetadataValue<_> = format!("Bearer {token}").parse().unwrap();
    let grpc_call = {
        let (task, bearer) = (task.clone(), bearer.clone());
        move || {
            let mut client = TaskServiceClient::new(channel.clone());
            let mut request = tonic::Request::new(tasks::GetTaskRequest { name: task.clone() });
            request
                .metadata_mut()
                .insert("authorization", bearer.clone());
            async move {
                client.get_task(request).await.expect("GetTask over gRPC");
            }
        }
    };
    let rest_call = {
        let url = format!("{base}/v1/{task}");
        move || {
            let request = http.get(&url).bearer_auth(&token);
            async move {
                let response = request.send().await.expect("GetTask over REST");
                assert!(response.status().is_success(), "{}", response.status());
                response.bytes().await.unwrap();
            }
        }
    };

    // Warm both paths (connections, caches), then measure each in turn.
    for _ in 0..200 {
        grpc_call().await;
        rest_call().await;
    }
    let direct = measure(grpc_call).await;
    let rest = measure(rest_call).await;
    println!(
        "GetTask, {CALLERS} concurrent callers, {}s each, one process serving both:",
        PHASE.as_secs()
    );
    for (name, phase) in [("direct gRPC", &direct), ("REST gateway", &rest)] {
        println!(
            "  {name:<13} {:>8.0}/s  p50 {:>5} µs  p99 {:>6} µs",
            phase.per_second,
            phase.percentile(0.5),
            phase.percentile(0.99)
        );
    }
    println!(
        "  REST/gRPC throughput {:.2}×; added latency p50 {} µs, p99 {} µs",
        rest.per_second / direct.per_second,
        rest.percentile(0.5) as i64 - direct.percentile(0.5) as i64,
        rest.percentile(0.99) as i64 - direct.percentile(0.99) as i64
    );
}
