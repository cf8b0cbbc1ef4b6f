//! The NLP service through its gRPC trait, on the real models (`make models` provisions
//! them; the test kit's `make test` runs it first) and the in-process cache.

use std::{sync::Arc, time::Duration};

use taskstream_nlp::{grpc::NlpApi, labelled, models};
use taskstream_nlp_extract::eval;
use taskstream_proto::nlp_v1::{self as nlp, nlp_service_server::NlpService};
use tonic::{Code, Request};
use tonic_types::StatusExt as _;

fn models_dir() -> std::path::PathBuf {
    std::env::var_os("TASKSTREAM_MODELS_DIR")
        .map(Into::into)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../.cache/models").into())
}

const LIMITS: models::InferenceLimits = models::InferenceLimits {
    workers: 1,
    threads_per_worker: 1,
    max_queued_batches: 16,
};

/// The service on the provisioned models, once the encoder is ready.
async fn service() -> NlpApi {
    let models = models::Models::open(models_dir(), LIMITS);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        match models.encoder_state() {
            models::EncoderState::Ready(..) => break,
            models::EncoderState::Loading if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            other => panic!(
                "the encoder must load from {} (run `make models`): {}",
                models_dir().display(),
                match other {
                    models::EncoderState::NotProvisioned(m) | models::EncoderState::Failed(m) => m,
                    _ => "still loading".into(),
                }
            ),
        }
    }
    NlpApi::new(
        models,
        Arc::new(taskstream_cache::MemoryCache::new()),
        Default::default(),
        None,
    )
}

fn participants() -> Vec<nlp::Participant> {
    [
        ("u1", "Marta Kowalski", "marta@harbor.example", "marta"),
        ("u2", "Dev Patel", "dev@harbor.example", "devp"),
    ]
    .map(|(id, name, email, handle)| nlp::Participant {
        id: id.into(),
        display_name: name.into(),
        email: email.into(),
        handle: handle.into(),
        user: String::new(),
    })
    .to_vec()
}

fn document(kind: nlp::DocumentKind, text: &str) -> nlp::Document {
    nlp::Document {
        kind: kind as i32,
        content: Some(nlp::document::Content::Text(text.into())),
        // Tuesday 2026-03-03 09:15 in Chicago.
        reference_time: Some(prost_types::Timestamp {
            seconds: 1_772_550_900,
            nanos: 0,
        }),
        time_zone: "America/Chicago".into(),
        participants: participants(),
        author: "u1".into(),
        reference: String::new(),
    }
}

fn extract_request(document: nlp::Document) -> Request<nlp::ExtractTasksRequest> {
    Request::new(nlp::ExtractTasksRequest {
        workspace: "workspaces/w1".into(),
        document: Some(document),
        min_confidence: None,
    })
}

/// `ExtractTasks` on `document`, which must answer with the warning `code`.
async fn extract_warned(
    api: &NlpApi,
    document: nlp::Document,
    code: &str,
) -> nlp::ExtractTasksResponse {
    let answer = api
        .extract_tasks(extract_request(document))
        .await
        .unwrap()
        .into_inner();
    assert!(
        answer.warnings.iter().any(|w| w.code == code),
        "{code}: {:?}",
        answer.warnings
    );
    answer
}

fn reason(status: &tonic::Status) -> String {
    status
        .get_error_details()
        .error_info()
        .map(|info| info.reason.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_email_request_becomes_a_candidate_with_owner_and_due() {
    let api = service().await;
    let text = "Subject: dock schedule\n\nHi Dev,\n\nCould you send the revised dock schedule to the carriers by Friday? \u{2014} it's important.\n\nThanks,\nMarta";
    let answer = api
        .extract_tasks(extract_request(document(nlp::DocumentKind::Email, text)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.candidates.len(), 1, "{answer:?}");
    let task = &answer.candidates[0];
    assert_eq!(task.assignee, "u2");
    assert!(
        task.title.to_lowercase().contains("dock schedule"),
        "{}",
        task.title
    );
    assert!(task.title.split_whitespace().count() <= 16);
    assert_eq!(
        task.due,
        Some(nlp::candidate_task::Due::DueDate(
            taskstream_proto::google::r#type::Date {
                year: 2026,
                month: 3,
                day: 6
            }
        ))
    );
    // Offsets count code points: the span's text is found at those offsets.
    let evidence = task.evidence.as_ref().unwrap();
    let by_chars: String = text
        .chars()
        .skip(evidence.start_offset as usize)
        .take((evidence.end_offset - evidence.start_offset) as usize)
        .collect();
    assert_eq!(by_chars, evidence.text);
    assert!(evidence.text.contains("dock schedule"));
    let versions: Vec<&str> = answer
        .model_versions
        .iter()
        .map(|v| v.model.as_str())
        .collect();
    assert!(versions.contains(&"models/task-rules"), "{versions:?}");
    // The task filter scored it: its confidence is the filter's probability.
    assert!(versions.contains(&"models/task-filter"), "{versions:?}");
    assert!(answer.warnings.is_empty(), "{:?}", answer.warnings);
    assert!(task.confidence >= 0.5 && task.confidence < 1.0);
    // The same request again is answered identically (from the cache).
    let again = api
        .extract_tasks(extract_request(document(nlp::DocumentKind::Email, text)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again, answer);
}

#[tokio::test]
async fn bad_documents_get_invalid_argument_with_their_reason() {
    let api = service().await;
    let cases: Vec<(nlp::Document, &str)> = vec![
        (
            nlp::Document {
                time_zone: "EST".into(),
                ..document(nlp::DocumentKind::Chat, "Dev: I'll do it")
            },
            "UNKNOWN_TIME_ZONE",
        ),
        (
            nlp::Document {
                time_zone: "Mars/Olympus_Mons".into(),
                ..document(nlp::DocumentKind::Chat, "Dev: I'll do it")
            },
            "UNKNOWN_TIME_ZONE",
        ),
        (
            document(nlp::DocumentKind::Chat, " \n\t "),
            "EMPTY_DOCUMENT",
        ),
        (
            document(nlp::DocumentKind::Chat, &"a".repeat((1 << 20) + 1)),
            "DOCUMENT_TOO_LARGE",
        ),
        (
            nlp::Document {
                participants: [participants(), participants()].concat(),
                ..document(nlp::DocumentKind::Chat, "Dev: I'll do it")
            },
            "DUPLICATE_PARTICIPANT_ID",
        ),
        (
            nlp::Document {
                author: "u9".into(),
                ..document(nlp::DocumentKind::Chat, "Dev: I'll do it")
            },
            "UNKNOWN_PARTICIPANT",
        ),
        (
            nlp::Document {
                content: Some(nlp::document::Content::RawEmail(
                    [0u8, 159, 146, 150, 0, 1, 2, 3].repeat(100),
                )),
                ..document(nlp::DocumentKind::Email, "")
            },
            "NOT_TEXT",
        ),
        (
            nlp::Document {
                kind: nlp::DocumentKind::Unspecified as i32,
                ..document(nlp::DocumentKind::Chat, "Dev: I'll do it")
            },
            "INVALID_ARGUMENT",
        ),
        (
            nlp::Document {
                reference_time: None,
                ..document(nlp::DocumentKind::Chat, "Dev: I'll do it")
            },
            "INVALID_ARGUMENT",
        ),
    ];
    for (document, expected) in cases {
        let status = api
            .extract_tasks(extract_request(document))
            .await
            .expect_err(expected);
        assert_eq!(
            status.code(),
            Code::InvalidArgument,
            "{expected}: {status:?}"
        );
        assert_eq!(reason(&status), expected, "{}", status.message());
        assert!(
            status.get_error_details().bad_request().is_some(),
            "field violation for {expected}"
        );
    }
}

/// A multipart email: a quoted-printable plain part and a base64 HTML part.
const MULTIPART: &str = "From: Marta Kowalski <marta@harbor.example>\r\nTo: Dev Patel <dev@harbor.example>\r\nSubject: =?UTF-8?Q?Caf=C3=A9_menu?=\r\nDate: Tue, 03 Mar 2026 09:15:00 -0600\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHi Dev,\r\n\r\nCould you update the caf=C3=A9 menu on the intranet by tomorrow?\r\n\r\nMarta\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+SGkgRGV2LDwvcD4=\r\n--b1--\r\n";

#[tokio::test]
async fn raw_mime_email_is_decoded_and_read() {
    let api = service().await;
    let mut raw = nlp::Document {
        content: Some(nlp::document::Content::RawEmail(
            MULTIPART.as_bytes().to_vec(),
        )),
        reference_time: None,
        ..document(nlp::DocumentKind::Email, "")
    };
    let answer = api
        .extract_tasks(extract_request(raw.clone()))
        .await
        .unwrap()
        .into_inner();
    assert!(
        answer.analyzed_text.contains("café menu on the intranet"),
        "quoted-printable decoded: {}",
        answer.analyzed_text
    );
    assert!(answer.analyzed_text.starts_with("From: Marta Kowalski"));
    assert_eq!(answer.candidates.len(), 1, "{answer:?}");
    let task = &answer.candidates[0];
    assert_eq!(task.assignee, "u2");
    assert_eq!(
        task.due,
        Some(nlp::candidate_task::Due::DueDate(
            taskstream_proto::google::r#type::Date {
                year: 2026,
                month: 3,
                day: 4
            }
        )),
        "the reference time defaults to the Date: header"
    );
    let evidence = task.evidence.as_ref().unwrap();
    let by_chars: String = answer
        .analyzed_text
        .chars()
        .skip(evidence.start_offset as usize)
        .take((evidence.end_offset - evidence.start_offset) as usize)
        .collect();
    assert_eq!(by_chars, evidence.text, "offsets refer to analyzed_text");

    // HTML only: converted, and said so.
    let html_only = "From: marta@harbor.example\r\nTo: dev@harbor.example\r\nSubject: menu\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Hi Dev,</p><p>Please <b>print the menus</b> by Friday.</p></body></html>\r\n";
    raw.content = Some(nlp::document::Content::RawEmail(
        html_only.as_bytes().to_vec(),
    ));
    raw.reference_time = document(nlp::DocumentKind::Email, "").reference_time;
    let answer = extract_warned(&api, raw.clone(), "HTML_CONVERTED").await;
    assert!(answer.analyzed_text.contains("print the menus"));
    assert!(!answer.analyzed_text.contains("<b>"));

    // The same message pasted as text ("show original"): decoded, and said so.
    raw.content = Some(nlp::document::Content::Text(MULTIPART.into()));
    let answer = extract_warned(&api, raw.clone(), "MIME_DECODED").await;
    assert!(answer.analyzed_text.contains("café menu on the intranet"));
    assert_eq!(answer.candidates.len(), 1, "{answer:?}");
    assert_eq!(answer.candidates[0].assignee, "u2");

    // Bytes invalid in the declared charset: replaced, warned, still answered.
    let broken = b"From: marta@harbor.example\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDev, please file the \xff\xfe report today.\r\n";
    raw.content = Some(nlp::document::Content::RawEmail(broken.to_vec()));
    extract_warned(&api, raw, "INVALID_ENCODING").await;
}

fn embed_request(texts: &[&str]) -> Request<nlp::EmbedRequest> {
    Request::new(nlp::EmbedRequest {
        workspace: "workspaces/w1".into(),
        texts: texts.iter().map(|t| t.to_string()).collect(),
        model: String::new(),
    })
}

#[tokio::test]
async fn embeddings_are_unit_vectors_that_rank_paraphrases_closest() {
    let api = service().await;
    let long = "word ".repeat(2000);
    let answer = api
        .embed(embed_request(&[
            "Send the quarterly report to finance",
            "Email the Q3 report to the finance team",
            "The cat sat on the warm windowsill",
            &long,
        ]))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.dimensions, 384);
    assert_eq!(answer.embeddings.len(), 4);
    for embedding in &answer.embeddings {
        let norm: f32 = embedding.values.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-3, "unit length: {norm}");
    }
    let [report, paraphrase, cat, long] = &answer.embeddings[..] else {
        unreachable!()
    };
    let close = taskstream_nlp::encoder::similarity(&report.values, &paraphrase.values);
    let far = taskstream_nlp::encoder::similarity(&report.values, &cat.values);
    assert!(
        close > 0.6 && far < 0.3 && close > far + 0.3,
        "close {close}, far {far}"
    );
    assert!(long.truncated && long.token_count == models::ENCODER_MAX_TOKENS as i32);
    assert!(!report.truncated);
    assert_eq!(
        answer.model_version.unwrap().model,
        "models/minilm-l6-v2-int8"
    );

    // Batches are split and put back in order: 70 texts, each its own vector.
    let many: Vec<String> = (0..70).map(|i| format!("task number {i}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let batched = api.embed(embed_request(&refs)).await.unwrap().into_inner();
    // A fresh server, so the answer comes from the model, not from memory.
    let single = service()
        .await
        .embed(embed_request(&[refs[42]]))
        .await
        .unwrap()
        .into_inner();
    let same = taskstream_nlp::encoder::similarity(
        &batched.embeddings[42].values,
        &single.embeddings[0].values,
    );
    assert!(same > 0.999, "order kept across batches: {same}");

    let too_many: Vec<&str> = vec!["x"; 257];
    let status = api.embed(embed_request(&too_many)).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let status = api
        .embed(Request::new(nlp::EmbedRequest {
            workspace: "workspaces/w1".into(),
            texts: vec!["x".into()],
            model: "models/gpt-7".into(),
        }))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn without_models_embed_is_unavailable_and_says_how_to_provision() {
    let empty = tempfile_dir();
    let models = models::Models::open(empty.clone(), LIMITS);
    let api = NlpApi::new(
        models,
        Arc::new(taskstream_cache::MemoryCache::new()),
        Default::default(),
        None,
    );
    let status = api.embed(embed_request(&["hello"])).await.unwrap_err();
    assert_eq!(status.code(), Code::Unavailable);
    assert_eq!(reason(&status), "MODELS_NOT_PROVISIONED");
    assert!(
        status.message().contains("make models"),
        "{}",
        status.message()
    );
    let listed = api
        .list_models(Request::new(nlp::ListModelsRequest::default()))
        .await
        .unwrap()
        .into_inner();
    let encoder = listed
        .models
        .iter()
        .find(|m| m.name == "models/minilm-l6-v2-int8")
        .unwrap();
    assert_eq!(encoder.state, nlp::ModelState::NotProvisioned as i32);
    // The rules need no model files; the answer says the task filter did not score it.
    let warning = rules_alone_answer(&api).await;
    assert!(warning.message.contains("make models"), "{warning:?}");
    std::fs::remove_dir_all(empty).ok();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nlp-no-models-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn models_are_listed_in_pages_and_found_by_name() {
    let api = service().await;
    let first = api
        .list_models(Request::new(nlp::ListModelsRequest {
            page_size: 2,
            page_token: String::new(),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.models.len(), 2);
    let rest = api
        .list_models(Request::new(nlp::ListModelsRequest {
            page_size: 2,
            page_token: first.next_page_token.clone(),
        }))
        .await
        .unwrap()
        .into_inner();
    let names: Vec<_> = first
        .models
        .iter()
        .chain(&rest.models)
        .map(|m| m.name.clone())
        .collect();
    assert_eq!(
        names,
        [
            "models/date-rules",
            "models/minilm-l6-v2-int8",
            "models/task-filter",
            "models/task-rules"
        ]
    );
    assert!(rest.next_page_token.is_empty());
    let encoder = api
        .get_model(Request::new(nlp::GetModelRequest {
            name: "models/minilm-l6-v2-int8".into(),
        }))
        .await
        .unwrap()
        .into_inner()
        .model
        .unwrap();
    assert_eq!(encoder.state, nlp::ModelState::Ready as i32);
    assert_eq!(encoder.dimensions, 384);
    assert!(encoder.is_default && encoder.load_time.is_some());
    let missing = api
        .get_model(Request::new(nlp::GetModelRequest {
            name: "models/nope".into(),
        }))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);
}

/// The labelled sets the task filter never trains on (`scripts/train_task_filter.py` holds
/// them out), through `ExtractTasks` with the filter and without it (a server without models
/// answers with the rules' own confidences): pooled, the filter must find tasks better than
/// the rules alone on writers it has not seen. Pooled because one set of 36-72 documents
/// moves by a task or two either way.
#[tokio::test]
async fn the_task_filter_beats_the_rules_alone_on_the_held_out_sets() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/nlp-extract/tests"
    );
    let records: Vec<serde_json::Value> = (6..=16)
        .chain([
            18, 20, 22, 24, 26, 28, 30, 33, 35, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56, 58, 60,
            62,
        ])
        .flat_map(|n| {
            std::fs::read_to_string(format!("{dir}/blind{n}.jsonl"))
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<serde_json::Value>>()
        })
        .collect();
    let filtered = service().await;
    let empty = tempfile::tempdir().unwrap();
    let rules_only = NlpApi::new(
        models::Models::open(empty.path().into(), LIMITS),
        Arc::new(taskstream_cache::MemoryCache::new()),
        Default::default(),
        None,
    );
    let mut counts = [(0usize, 0usize, 0usize); 2];
    for record in &records {
        let gold: Vec<eval::GoldTitle> = record["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| eval::GoldTitle {
                title: t["title"].as_str().unwrap(),
                keywords: t["keywords"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| k.as_str().unwrap())
                    .collect(),
            })
            .collect();
        for (api, count) in [&filtered, &rules_only].into_iter().zip(&mut counts) {
            let answer = api
                .extract_tasks(extract_request(labelled::document(record).unwrap()))
                .await
                .unwrap()
                .into_inner();
            let titles: Vec<&str> = answer.candidates.iter().map(|c| c.title.as_str()).collect();
            count.0 += eval::greedy_pairs(&gold, &titles).len();
            count.1 += titles.len();
            count.2 += gold.len();
        }
    }
    let [with_filter, rules] =
        counts.map(|(pairs, predicted, gold)| eval::f1(pairs, predicted, gold));
    eprintln!(
        "blind6-16, 18, 20, 22, 24, 26, 28, 30, 33, 35, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56, 58, 60 and 62 pooled detection F1: rules {rules:.3}, with the task filter {with_filter:.3}"
    );
    assert!(with_filter > rules, "filter {with_filter} vs rules {rules}");
    // 0.658 with rules-67 over the thirty-four sets (blind62 joined: insurance, property
    // and home repair, from a rewritten writers' prompt; the thirty-three before are unchanged);
    // 0.655 with rules-66 over the thirty-three sets (blind60 joined: newsrooms, publishing
    // and research; retrained with blind59 too, the filter lost 0.002 on the others);
    // 0.657 with rules-65 over the thirty-two sets (blind58 joined: agriculture, energy,
    // mining and field work), the filter now also reading the evidence's words;
    // 0.654 with rules-64 over the thirty-one sets (blind54, which the list had left out,
    // and blind56 joined: retail and hospitality, small businesses and their clients);
    // 0.655 with rules-63 over the thirty sets (blind54 joined: retail and hospitality);
    // 0.655 with rules-62 over twenty-nine (blind48, blind50 and blind52 joined:
    // volunteers and community groups, the public sector, construction and property);
    // 0.655 with rules-60 over the twenty-five before (blind40, blind42 and blind44:
    // operations and support on chat, software teams, marketing and sales; blind42 alone
    // is 0.44); 0.668 over the twenty-two sets before (0.665 with rules-58).
    assert!(with_filter >= 0.648, "{with_filter}");
}

/// An encoder too busy to take the titles (here no session and no queue) does not fail
/// `ExtractTasks`: the rules answer with their own confidences, and say so.
#[tokio::test]
async fn a_busy_encoder_leaves_the_rules_answer_with_a_warning() {
    let models = models::Models::open(
        models_dir(),
        models::InferenceLimits {
            workers: 0,
            max_queued_batches: 0,
            ..LIMITS
        },
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while !matches!(models.encoder_state(), models::EncoderState::Ready(..)) {
        assert!(tokio::time::Instant::now() < deadline, "the encoder loads");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let api = NlpApi::new(
        models,
        Arc::new(taskstream_cache::MemoryCache::new()),
        Default::default(),
        None,
    );
    let warning = rules_alone_answer(&api).await;
    assert!(warning.message.contains("too many requests"), "{warning:?}");
}

/// Asks for the tasks of a one-line chat and checks that the rules answered alone: the
/// candidate is there, the task filter is not among the versions, and a warning says why.
async fn rules_alone_answer(api: &NlpApi) -> nlp::ProcessingWarning {
    let answer = api
        .extract_tasks(extract_request(document(
            nlp::DocumentKind::Chat,
            "Marta: Dev, can you restart the build agent today?",
        )))
        .await
        .expect("the rules answer")
        .into_inner();
    assert_eq!(answer.candidates.len(), 1, "{answer:?}");
    assert!(
        !answer
            .model_versions
            .iter()
            .any(|v| v.model == "models/task-filter"),
        "{answer:?}"
    );
    answer
        .warnings
        .into_iter()
        .find(|w| w.code == "TASK_FILTER_UNAVAILABLE")
        .expect("a warning that the task filter did not score the candidates")
}
