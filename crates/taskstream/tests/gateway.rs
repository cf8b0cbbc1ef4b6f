//! The REST/JSON face of the mesh, transcoded from the contracts, against the real services.

mod common;

use axum::{body::Body, http::Request};
use common::*;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use taskstream_gateway::{Backend as GatewayBackend, router};
use tower::ServiceExt;

struct Rest {
    app: axum::Router,
    token: String,
}

impl Rest {
    async fn call(&self, method: &str, uri: &str, body: Option<Value>) -> (u16, Value) {
        let (status, bytes) = self
            .raw(
                method,
                uri,
                body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
            )
            .await;
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn raw(&self, method: &str, uri: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json");
        if !self.token.is_empty() {
            request = request.header("authorization", format!("Bearer {}", self.token));
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        (
            status,
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
    }
}

async fn rest(backend: Backend) -> (Rest, TestMesh) {
    let mesh = mesh(backend).await;
    let backends = [
        "taskstream.auth.v1.AuthService",
        "taskstream.tasks.v1.TaskService",
    ]
    .map(|service| GatewayBackend {
        service: service.into(),
        channel: mesh.channel.clone(),
    })
    .to_vec();
    let app = router(backends, taskstream_gateway::Edge::default(), 4 << 20);
    let mut rest = Rest {
        app,
        token: String::new(),
    };
    let (status, body) = rest
        .call(
            "POST",
            "/v1/users:signUp",
            Some(json!({"email": "rest@example.com", "password": PASSWORD})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    rest.token = body["tokens"]["accessToken"].as_str().unwrap().to_owned();
    (rest, mesh)
}

fn violated(body: &Value) -> Vec<String> {
    body["details"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["@type"] == "type.googleapis.com/google.rpc.BadRequest")
        .flat_map(|d| {
            d["fieldViolations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["field"].as_str().unwrap().to_owned())
        })
        .collect()
}

async fn a_rest_client_runs_the_whole_task_scenario(backend: Backend) {
    let (rest, _mesh) = rest(backend).await;
    let (status, workspace) = rest
        .call(
            "POST",
            "/v1/workspaces",
            Some(json!({"displayName": "Acme"})),
        )
        .await;
    assert_eq!(status, 200, "{workspace}");
    let ws = workspace["workspace"]["name"].as_str().unwrap().to_owned();
    let (status, project) = rest
        .call(
            "POST",
            &format!("/v1/{ws}/projects"),
            Some(json!({"key": "WEB", "displayName": "Website"})),
        )
        .await;
    assert_eq!(status, 200, "{project}");
    let project = project["project"]["name"].as_str().unwrap().to_owned();

    let (status, created) = rest
        .call("POST", &format!("/v1/{project}/tasks"), Some(json!({"title": "Ship it", "priority": "PRIORITY_HIGH", "dueDate": {"year": 2027, "month": 3, "day": 1}})))
        .await;
    assert_eq!(status, 200, "{created}");
    let task = created["task"].clone();
    assert_eq!(
        (task["key"].as_str(), task["priority"].as_str()),
        (Some("WEB-1"), Some("PRIORITY_HIGH"))
    );
    let name = task["name"].as_str().unwrap().to_owned();

    let (status, fetched) = rest.call("GET", &format!("/v1/{name}"), None).await;
    assert_eq!((status, &fetched["task"]), (200, &task));

    // PATCH without update_mask: the mask is the fields present in the body.
    let (status, patched) = rest
        .call(
            "PATCH",
            &format!("/v1/{name}"),
            Some(json!({"title": "Ship it now", "etag": task["etag"]})),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["task"]["title"], "Ship it now");
    assert_eq!(patched["task"]["priority"], "PRIORITY_HIGH");
    // With update_mask: only the masked field changes.
    let (status, masked) = rest
        .call(
            "PATCH",
            &format!("/v1/{name}?update_mask=description"),
            Some(json!({"description": "Before Friday", "title": "ignored"})),
        )
        .await;
    assert_eq!(status, 200, "{masked}");
    assert_eq!(
        (
            masked["task"]["title"].as_str(),
            masked["task"]["description"].as_str()
        ),
        (Some("Ship it now"), Some("Before Friday"))
    );

    // A stale etag is a conflict.
    let (status, stale) = rest
        .call(
            "PATCH",
            &format!("/v1/{name}"),
            Some(json!({"title": "late", "etag": task["etag"]})),
        )
        .await;
    assert_eq!(status, 409, "{stale}");
    assert_eq!(stale["details"][0]["reason"], "ETAG_MISMATCH");

    // Paging with query parameters, repeated enums among them.
    for title in ["two", "three"] {
        rest.call(
            "POST",
            &format!("/v1/{project}/tasks"),
            Some(json!({"title": title})),
        )
        .await;
    }
    let (status, page) = rest
        .call(
            "GET",
            &format!("/v1/{project}/tasks?page_size=2&state_groups=STATE_GROUP_UNSTARTED"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["tasks"].as_array().unwrap().len(), 2);
    let token = page["nextPageToken"].as_str().unwrap();
    let (status, rest_page) = rest.call("GET", &format!("/v1/{project}/tasks?page_size=2&state_groups=STATE_GROUP_UNSTARTED&page_token={token}"), None).await;
    assert_eq!(status, 200, "{rest_page}");
    assert_eq!(rest_page["tasks"].as_array().unwrap().len(), 1);
    assert!(rest_page.get("nextPageToken").is_none_or(|t| t == ""));

    // A missing resource is 404; a bad field is 400 naming it.
    let (status, _) = rest
        .call(
            "GET",
            &format!("/v1/{project}/tasks/0192f0c4-5d1e-7c3a-9b2e-0123456789ab"),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let (status, bad) = rest
        .call(
            "POST",
            &format!("/v1/{project}/tasks"),
            Some(json!({"title": ""})),
        )
        .await;
    assert_eq!(
        (status, violated(&bad)),
        (400, vec!["task.title".to_owned()])
    );

    // Without a token: 401.
    let anonymous = Rest {
        app: rest.app.clone(),
        token: String::new(),
    };
    let (status, _) = anonymous.call("GET", &format!("/v1/{name}"), None).await;
    assert_eq!(status, 401);
}

async fn the_callers_deadline_reaches_the_service(backend: Backend) {
    let (rest, _mesh) = rest(backend).await;
    let request = |timeout: &str| {
        Request::get("/v1/workspaces")
            .header("authorization", format!("Bearer {}", rest.token))
            .header("grpc-timeout", timeout)
            .body(Body::empty())
            .unwrap()
    };
    let expired = rest.app.clone().oneshot(request("0m")).await.unwrap();
    assert_eq!(
        expired.status().as_u16(),
        504,
        "a spent deadline is DEADLINE_EXCEEDED"
    );
    let ample = rest.app.clone().oneshot(request("10S")).await.unwrap();
    assert_eq!(ample.status().as_u16(), 200);
}

async fn hostile_requests_get_clear_4xx_answers(backend: Backend) {
    let (rest, _mesh) = rest(backend).await;
    let (_, workspace) = rest
        .call(
            "POST",
            "/v1/workspaces",
            Some(json!({"displayName": "Acme"})),
        )
        .await;
    let ws = workspace["workspace"]["name"].as_str().unwrap().to_owned();
    let (_, project) = rest
        .call(
            "POST",
            &format!("/v1/{ws}/projects"),
            Some(json!({"key": "WEB", "displayName": "Website"})),
        )
        .await;
    let project = project["project"]["name"].as_str().unwrap().to_owned();
    let tasks = format!("/v1/{project}/tasks");
    for body in [
        b"{not json".to_vec(),
        br#"{"title": "x", "colour": "red"}"#.to_vec(),
        br#"{"title": 5}"#.to_vec(),
        br#"{"title": "x", "priority": "PRIORITY_EXTREME"}"#.to_vec(),
        br#"{"title": "x", "estimate": "lots"}"#.to_vec(),
        "[".repeat(100_000).into_bytes(),
    ] {
        let (status, answer) = rest.raw("POST", &tasks, body.clone()).await;
        assert_eq!(
            status,
            400,
            "{}: {}",
            String::from_utf8_lossy(&body[..body.len().min(40)]),
            String::from_utf8_lossy(&answer)
        );
    }
    let (status, _) = rest
        .raw("GET", &format!("{tasks}?page_size=99999999999"), Vec::new())
        .await;
    assert_eq!(status, 400, "int32 overflow");
    let (status, _) = rest
        .raw(
            "GET",
            &format!("/v1/{ws}/projects/..%2F..%2Fetc/tasks"),
            Vec::new(),
        )
        .await;
    assert_eq!(status, 400, "encoded slashes");
    let (status, _) = rest
        .raw("GET", &format!("/v1/{ws}/projects/../tasks"), Vec::new())
        .await;
    assert_eq!(status, 400, "dot segments");
    let (status, _) = rest.raw("POST", &tasks, vec![b' '; 10 << 20]).await;
    assert_eq!(status, 413, "10 MB body");
    let (status, _) = rest.raw("DELETE", "/v1/users:signUp", Vec::new()).await;
    assert_eq!(status, 405);
    let (status, _) = rest.raw("GET", "/v2/nothing/here", Vec::new()).await;
    assert_eq!(status, 404);
}

async fn the_change_stream_is_served_as_server_sent_events(backend: Backend) {
    let (rest, _mesh) = rest(backend).await;
    let (_, workspace) = rest
        .call(
            "POST",
            "/v1/workspaces",
            Some(json!({"displayName": "Acme"})),
        )
        .await;
    let ws = workspace["workspace"]["name"].as_str().unwrap().to_owned();
    let (_, project) = rest
        .call(
            "POST",
            &format!("/v1/{ws}/projects"),
            Some(json!({"key": "WEB", "displayName": "Website"})),
        )
        .await;
    let project = project["project"]["name"].as_str().unwrap().to_owned();
    let request = Request::get(format!("/v1/{ws}/changes:watch"))
        .header("authorization", format!("Bearer {}", rest.token))
        .body(Body::empty())
        .unwrap();
    let response = rest.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.into_body();
    rest.call(
        "POST",
        &format!("/v1/{project}/tasks"),
        Some(json!({"title": "Streamed"})),
    )
    .await;
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !seen.contains("Streamed") {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .expect("an event in time")
            .unwrap()
            .unwrap();
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    let event = seen.split("\n\n").find(|e| e.contains("Streamed")).unwrap();
    assert!(
        event.lines().any(|l| l.starts_with("id: 0000")),
        "events carry their position as id: {event}"
    );
}

async fn openapi_documents_the_served_api_from_the_contracts(backend: Backend) {
    let (rest, _mesh) = rest(backend).await;
    let (status, spec) = rest.call("GET", "/openapi.json", None).await;
    assert_eq!(status, 200);
    assert_eq!(spec["openapi"], "3.1.0");
    let create = &spec["paths"]["/v1/workspaces/{workspace}/projects/{project}/tasks"]["post"];
    assert_eq!(create["operationId"], "TaskService_CreateTask");
    assert!(
        create["description"]
            .as_str()
            .unwrap()
            .contains("request_id"),
        "doc comments become descriptions"
    );
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/taskstream.tasks.v1.Task"
    );
    let task = &spec["components"]["schemas"]["taskstream.tasks.v1.Task"];
    assert_eq!(task["properties"]["etag"]["readOnly"], true);
    assert_eq!(task["properties"]["priority"]["enum"][5], "PRIORITY_URGENT");
    assert_eq!(
        spec["paths"]["/v1/users:signUp"]["post"]["security"],
        json!([]),
        "public RPCs need no token"
    );
    let paths = spec["paths"].as_object().unwrap();
    assert!(
        paths.keys().all(|p| !p.contains("transcriptSessions")),
        "only services behind this gateway are documented"
    );
    assert!(paths.contains_key("/v1/workspaces/{workspace}/changes:watch"));
    let (status, page) = rest.raw("GET", "/docs", Vec::new()).await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("/openapi.json"));
}

taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
    a_rest_client_runs_the_whole_task_scenario,
    hostile_requests_get_clear_4xx_answers,
    the_callers_deadline_reaches_the_service,
    the_change_stream_is_served_as_server_sent_events,
    openapi_documents_the_served_api_from_the_contracts,
]);
