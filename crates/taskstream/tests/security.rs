//! Identity and permission across the mesh, as the binary wires it: the auth service, the
//! access guard in front of every service, and hostile requests. Written once, run on SQLite
//! and on PostgreSQL.

mod common;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use common::*;
use taskstream_proto::{auth_v1 as auth, tasks_v1 as tasks};
use tonic::Code;

async fn sessions_rotate_and_a_replayed_refresh_token_revokes_the_family(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, first) = sign_up(&mesh, "ana@example.com").await;
    let mut client = auth_client(&mesh);

    // Login works with the right password only; both failures look the same.
    let login = client
        .login(auth::LoginRequest {
            email: "ANA@example.com".into(),
            password: PASSWORD.into(),
        })
        .await
        .unwrap()
        .into_inner();
    let session = login.tokens.unwrap();
    for (email, password) in [
        ("ana@example.com", "wrong password!!"),
        ("nobody@example.com", PASSWORD),
    ] {
        let status = client
            .login(auth::LoginRequest {
                email: email.into(),
                password: password.into(),
            })
            .await
            .unwrap_err();
        assert_eq!(
            (status.code(), reason(&status).as_str()),
            (Code::Unauthenticated, "INVALID_CREDENTIALS")
        );
    }

    // Refresh rotates: the new pair works, the old refresh token is spent.
    let refresh = |token: String| auth::IssueTokenRequest {
        grant_type: "refresh_token".into(),
        refresh_token: token,
        ..Default::default()
    };
    let rotated = client
        .issue_token(refresh(session.refresh_token.clone()))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(rotated.refresh_token, session.refresh_token);
    assert!(
        create_workspace(&mesh, &rotated.access_token)
            .await
            .starts_with("workspaces/")
    );

    // Replaying the spent token revokes the whole family: the newest refresh token and the
    // access tokens issued from it stop working; other sessions are untouched.
    let replay = client
        .issue_token(refresh(session.refresh_token))
        .await
        .unwrap_err();
    assert_eq!(
        (replay.code(), reason(&replay).as_str()),
        (Code::Unauthenticated, "REFRESH_TOKEN_REUSED")
    );
    let newest = client
        .issue_token(refresh(rotated.refresh_token))
        .await
        .unwrap_err();
    assert_eq!(reason(&newest), "INVALID_GRANT");
    let status = auth_client(&mesh)
        .list_workspaces(authed(
            auth::ListWorkspacesRequest::default(),
            &rotated.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Unauthenticated, "TOKEN_REVOKED")
    );
    let other_session = auth_client(&mesh)
        .list_workspaces(authed(
            auth::ListWorkspacesRequest::default(),
            &first.access_token,
        ))
        .await;
    assert!(
        other_session.is_ok(),
        "the sign-up session is another family"
    );
}

async fn failed_logins_are_limited_per_account(backend: Backend) {
    let mesh = mesh(backend).await;
    sign_up(&mesh, "bo@example.com").await;
    let mut client = auth_client(&mesh);
    for _ in 0..10 {
        let status = client
            .login(auth::LoginRequest {
                email: "bo@example.com".into(),
                password: "not the password".into(),
            })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::Unauthenticated);
    }
    // Over the budget even the right password is refused, with a retry delay.
    let status = client
        .login(auth::LoginRequest {
            email: "bo@example.com".into(),
            password: PASSWORD.into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::ResourceExhausted, "TOO_MANY_ATTEMPTS")
    );
    use tonic_types::StatusExt;
    assert!(
        status
            .get_error_details()
            .retry_info()
            .is_some_and(|r| r.retry_delay.is_some())
    );
}

async fn calls_without_valid_credentials_are_refused(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, tokens) = sign_up(&mesh, "cy@example.com").await;
    let workspace = create_workspace(&mesh, &tokens.access_token).await;
    let list = |token: Option<&str>| {
        let request = tasks::ListProjectsRequest {
            parent: workspace.clone(),
            ..Default::default()
        };
        let request = match token {
            Some(token) => authed(request, token),
            None => tonic::Request::new(request),
        };
        let mut client = task_client(&mesh);
        async move { client.list_projects(request).await }
    };
    let status = list(None).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Unauthenticated, "TOKEN_MISSING")
    );

    let [header, payload, _]: [&str; 3] = tokens
        .access_token
        .split('.')
        .collect::<Vec<_>>()
        .try_into()
        .unwrap();
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["sub"] = "users/someone-else".into();
    let forged_payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    for hostile in [
        format!("{none_header}.{payload}."),
        format!(
            "{header}.{forged_payload}.{}",
            tokens.access_token.rsplit('.').next().unwrap()
        ),
        "garbage".to_owned(),
        "x".repeat(20_000),
    ] {
        let status = list(Some(&hostile)).await.unwrap_err();
        assert_eq!(
            status.code(),
            Code::Unauthenticated,
            "{}",
            &hostile[..hostile.len().min(40)]
        );
    }
    assert!(list(Some(&tokens.access_token)).await.is_ok());

    // A revoked access token stops working at once, everywhere.
    auth_client(&mesh)
        .revoke_token(auth::RevokeTokenRequest {
            token: tokens.access_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let status = list(Some(&tokens.access_token)).await.unwrap_err();
    assert_eq!(reason(&status), "TOKEN_REVOKED");
}

async fn other_tenants_see_nothing(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, ana) = sign_up(&mesh, "ana@acme.example").await;
    let (_, eve) = sign_up(&mesh, "eve@evil.example").await;
    let acme = create_workspace(&mesh, &ana.access_token).await;
    let project = create_project(&mesh, &ana.access_token, &acme, "WEB")
        .await
        .unwrap();

    let status = auth_client(&mesh)
        .get_workspace(authed(
            auth::GetWorkspaceRequest { name: acme.clone() },
            &eve.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        status.code(),
        Code::NotFound,
        "a foreign workspace looks missing"
    );
    let status = task_client(&mesh)
        .get_project(authed(
            tasks::GetProjectRequest {
                name: project.name.clone(),
            },
            &eve.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound, "read by id");
    let status = task_client(&mesh)
        .update_project(authed(
            tasks::UpdateProjectRequest {
                project: Some(tasks::Project {
                    name: project.name.clone(),
                    display_name: "pwned".into(),
                    ..Default::default()
                }),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["display_name".into()],
                }),
            },
            &eve.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound, "write by id");
    let status = create_project(&mesh, &eve.access_token, &acme, "EVIL")
        .await
        .unwrap_err();
    assert_eq!(
        status.code(),
        Code::NotFound,
        "create in a foreign workspace"
    );
    // A workspace that does not exist answers the same as a foreign one.
    let status = create_project(&mesh, &eve.access_token, "workspaces/does-not-exist", "X1")
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);

    let intact = task_client(&mesh)
        .get_project(authed(
            tasks::GetProjectRequest {
                name: project.name.clone(),
            },
            &ana.access_token,
        ))
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert_eq!(intact, project);
}

async fn roles_decide_and_nobody_promotes_themselves(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let (viewer_name, viewer) = sign_up(&mesh, "viewer@acme.example").await;
    let (member_name, member) = sign_up(&mesh, "member@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    invite(
        &mesh,
        &owner.access_token,
        &workspace,
        "viewer@acme.example",
        auth::Role::Viewer,
        &viewer.access_token,
    )
    .await;
    invite(
        &mesh,
        &owner.access_token,
        &workspace,
        "member@acme.example",
        auth::Role::Member,
        &member.access_token,
    )
    .await;

    // Viewers read, members write.
    let status = create_project(&mesh, &viewer.access_token, &workspace, "VIEW")
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
    create_project(&mesh, &member.access_token, &workspace, "MEMB")
        .await
        .unwrap();
    let listed = task_client(&mesh)
        .list_projects(authed(
            tasks::ListProjectsRequest {
                parent: workspace.clone(),
                ..Default::default()
            },
            &viewer.access_token,
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.projects.len(), 1);

    // A member granting themselves admin is refused by the table.
    let member_id = member_name.trim_start_matches("users/");
    let promote = |token: &str, user: &str, role: auth::Role| {
        let request = authed(
            auth::UpdateMemberRequest {
                member: Some(auth::Member {
                    name: format!("{workspace}/members/{user}"),
                    role: role as i32,
                    ..Default::default()
                }),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["role".into()],
                }),
            },
            token,
        );
        let mut client = auth_client(&mesh);
        async move { client.update_member(request).await }
    };
    let status = promote(&member.access_token, member_id, auth::Role::Admin)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);

    // An admin may manage members but not grant ownership, not even to themselves.
    let viewer_id = viewer_name.trim_start_matches("users/");
    promote(&owner.access_token, member_id, auth::Role::Admin)
        .await
        .unwrap();
    let status = promote(&member.access_token, member_id, auth::Role::Owner)
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::PermissionDenied, "OWNER_REQUIRED")
    );
    promote(&member.access_token, viewer_id, auth::Role::Member)
        .await
        .unwrap();

    // The last owner stays an owner.
    let owner_id = {
        let me = auth_client(&mesh)
            .get_user(authed(
                auth::GetUserRequest {
                    name: "users/me".into(),
                },
                &owner.access_token,
            ))
            .await
            .unwrap()
            .into_inner();
        me.user
            .unwrap()
            .name
            .trim_start_matches("users/")
            .to_owned()
    };
    let status = promote(&owner.access_token, &owner_id, auth::Role::Admin)
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "LAST_OWNER")
    );
}

async fn an_invitation_is_accepted_once(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let (_, guest) = sign_up(&mesh, "guest@acme.example").await;
    let (_, other) = sign_up(&mesh, "other@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    let token = create_invitation(
        &mesh,
        &owner.access_token,
        &workspace,
        "guest@acme.example",
        auth::Role::Member,
    )
    .await
    .invitation_token;
    let accept = |bearer: &str| {
        let request = authed(
            auth::AcceptInvitationRequest {
                invitation_token: token.clone(),
                request_id: String::new(),
            },
            bearer,
        );
        let mut client = auth_client(&mesh);
        async move { client.accept_invitation(request).await }
    };
    let status = accept(&other.access_token).await.unwrap_err();
    assert_eq!(
        reason(&status),
        "INVITATION_EMAIL_MISMATCH",
        "someone else cannot use a forwarded invitation"
    );
    accept(&guest.access_token).await.unwrap();
    let status = accept(&guest.access_token).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "INVITATION_ALREADY_ACCEPTED")
    );
}

async fn the_audit_log_records_security_events_for_admins_only(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let (viewer_name, viewer) = sign_up(&mesh, "viewer@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    invite(
        &mesh,
        &owner.access_token,
        &workspace,
        "viewer@acme.example",
        auth::Role::Viewer,
        &viewer.access_token,
    )
    .await;
    auth_client(&mesh)
        .login(auth::LoginRequest {
            email: "owner@acme.example".into(),
            password: PASSWORD.into(),
        })
        .await
        .unwrap();

    let mut seen = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = auth_client(&mesh)
            .list_audit_events(authed(
                auth::ListAuditEventsRequest {
                    parent: workspace.clone(),
                    page_size: 2,
                    page_token: page_token.clone(),
                    ..Default::default()
                },
                &owner.access_token,
            ))
            .await
            .unwrap()
            .into_inner();
        seen.extend(page.audit_events);
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    let types: Vec<i32> = seen.iter().map(|event| event.event_type).collect();
    for expected in [
        auth::AuditEventType::WorkspaceCreated,
        auth::AuditEventType::InvitationCreated,
        auth::AuditEventType::InvitationAccepted,
        auth::AuditEventType::LoginSucceeded,
    ] {
        assert!(
            types.contains(&(expected as i32)),
            "{expected:?} missing from {types:?}"
        );
    }
    let everything = format!("{seen:?}");
    assert!(
        !everything.contains(PASSWORD) && !everything.contains(&owner.refresh_token),
        "no secret in the audit log"
    );

    // Filters and order, each applied by the query.
    let list = |request: auth::ListAuditEventsRequest| {
        let mut client = auth_client(&mesh);
        let request = authed(
            auth::ListAuditEventsRequest {
                parent: workspace.clone(),
                page_size: 100,
                ..request
            },
            &owner.access_token,
        );
        async move {
            client
                .list_audit_events(request)
                .await
                .map(|r| r.into_inner().audit_events)
        }
    };
    let ids =
        |events: &[auth::AuditEvent]| events.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    let newest = list(Default::default()).await.unwrap();
    let mut oldest = list(auth::ListAuditEventsRequest {
        order_by: "create_time".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        oldest[0].event_type,
        auth::AuditEventType::WorkspaceCreated as i32
    );
    oldest.reverse();
    assert_eq!(ids(&oldest), ids(&newest));
    let invitations = [
        auth::AuditEventType::InvitationCreated as i32,
        auth::AuditEventType::InvitationAccepted as i32,
    ];
    let typed = list(auth::ListAuditEventsRequest {
        event_types: invitations.to_vec(),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(typed.len(), 2, "{typed:?}");
    assert!(typed.iter().all(|e| invitations.contains(&e.event_type)));
    let by_viewer = list(auth::ListAuditEventsRequest {
        actor: viewer_name.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(!by_viewer.is_empty() && by_viewer.len() < newest.len());
    assert!(
        by_viewer.iter().all(|e| e.actor == viewer_name),
        "{by_viewer:?}"
    );
    let last = newest[0].create_time.unwrap();
    let after_last = prost_types::Timestamp {
        seconds: last.seconds + 1,
        nanos: 0,
    };
    let window = list(auth::ListAuditEventsRequest {
        start_time: Some(after_last),
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(window.is_empty(), "{window:?}");
    let window = list(auth::ListAuditEventsRequest {
        end_time: Some(after_last),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(window.len(), newest.len());
    let backwards = list(auth::ListAuditEventsRequest {
        start_time: Some(after_last),
        end_time: newest.last().unwrap().create_time,
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert_eq!(backwards.code(), Code::InvalidArgument);
    let unknown = list(auth::ListAuditEventsRequest {
        order_by: "actor".into(),
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert_eq!(unknown.code(), Code::InvalidArgument);

    let status = auth_client(&mesh)
        .list_audit_events(authed(
            auth::ListAuditEventsRequest {
                parent: workspace.clone(),
                ..Default::default()
            },
            &viewer.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
}

async fn operator_rpcs_need_an_operator(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, user) = sign_up(&mesh, "ana@example.com").await;
    let status = auth_client(&mesh)
        .rotate_signing_key(authed(
            auth::RotateSigningKeyRequest::default(),
            &user.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
    let jwks = auth_client(&mesh)
        .get_jwks(auth::GetJwksRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(jwks.keys.len(), 1);
    assert_eq!(
        (jwks.keys[0].kty.as_str(), jwks.keys[0].alg.as_str()),
        ("OKP", "EdDSA")
    );
}

async fn service_accounts_act_in_their_workspace_within_their_scopes(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let acme = create_workspace(&mesh, &owner.access_token).await;
    let other = create_workspace(&mesh, &owner.access_token).await;
    create_project(&mesh, &owner.access_token, &acme, "WEB")
        .await
        .unwrap();
    create_project(&mesh, &owner.access_token, &other, "OPS")
        .await
        .unwrap();

    let account = auth_client(&mesh)
        .create_service_account(authed(
            auth::CreateServiceAccountRequest {
                parent: acme.clone(),
                service_account: Some(auth::ServiceAccount {
                    display_name: "Reporting bot".into(),
                    role: auth::Role::Member as i32,
                    scopes: vec!["tasks.projects.get".into(), "tasks.projects.list".into()],
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            &owner.access_token,
        ))
        .await
        .unwrap()
        .into_inner()
        .service_account
        .unwrap();
    let key = auth_client(&mesh)
        .create_service_account_key(authed(
            auth::CreateServiceAccountKeyRequest {
                parent: account.name.clone(),
                key: None,
                request_id: String::new(),
            },
            &owner.access_token,
        ))
        .await
        .unwrap()
        .into_inner();
    let client_id = key.key.unwrap().client_id;
    let grant = |secret: &str, scope: &str| auth::IssueTokenRequest {
        grant_type: "client_credentials".into(),
        client_id: client_id.clone(),
        client_secret: secret.into(),
        scope: scope.into(),
        ..Default::default()
    };

    let status = auth_client(&mesh)
        .issue_token(grant("not-the-secret", ""))
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Unauthenticated, "INVALID_CLIENT")
    );
    let status = auth_client(&mesh)
        .issue_token(grant(&key.client_secret, "tasks.*.*"))
        .await
        .unwrap_err();
    assert_eq!(
        status.code(),
        Code::InvalidArgument,
        "a wider scope than granted"
    );
    let token = auth_client(&mesh)
        .issue_token(grant(&key.client_secret, ""))
        .await
        .unwrap()
        .into_inner();
    assert!(
        token.refresh_token.is_empty(),
        "client_credentials issues no refresh token"
    );
    assert_eq!(token.scope, "tasks.projects.get tasks.projects.list");

    let list = |workspace: &str| {
        let request = authed(
            tasks::ListProjectsRequest {
                parent: workspace.into(),
                ..Default::default()
            },
            &token.access_token,
        );
        let mut client = task_client(&mesh);
        async move { client.list_projects(request).await }
    };
    assert_eq!(list(&acme).await.unwrap().into_inner().projects.len(), 1);
    let status = list(&other).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound, "bound to its own workspace");
    let status = create_project(&mesh, &token.access_token, &acme, "BOT")
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::PermissionDenied, "INSUFFICIENT_SCOPE")
    );

    let introspected = auth_client(&mesh)
        .introspect_token(auth::IntrospectTokenRequest {
            token: token.access_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(introspected.active);
    assert_eq!(
        (introspected.sub.as_str(), introspected.client_id.as_str()),
        (account.name.as_str(), client_id.as_str())
    );
    let garbage = auth_client(&mesh)
        .introspect_token(auth::IntrospectTokenRequest {
            token: "not.a.token".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!garbage.active);

    // Deleting the account takes its rights away at once, even from live tokens.
    auth_client(&mesh)
        .delete_service_account(authed(
            auth::DeleteServiceAccountRequest {
                name: account.name.clone(),
                ..Default::default()
            },
            &owner.access_token,
        ))
        .await
        .unwrap();
    assert_eq!(list(&acme).await.unwrap_err().code(), Code::NotFound);
}

async fn partner_apps_get_codes_with_pkce_bound_to_one_workspace_and_scope(backend: Backend) {
    use sha2::{Digest, Sha256};
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let acme = create_workspace(&mesh, &owner.access_token).await;
    let other = create_workspace(&mesh, &owner.access_token).await;
    create_project(&mesh, &owner.access_token, &acme, "WEB")
        .await
        .unwrap();
    let redirect = "https://partner.example/callback";
    let client = auth_client(&mesh)
        .create_o_auth_client(authed(
            auth::CreateOAuthClientRequest {
                parent: acme.clone(),
                oauth_client: Some(auth::OAuthClient {
                    display_name: "Partner dashboard".into(),
                    client_type: auth::o_auth_client::ClientType::Public as i32,
                    redirect_uris: vec![redirect.into()],
                    allowed_scopes: vec![
                        "tasks.projects.list".into(),
                        "tasks.projects.get".into(),
                        "offline_access".into(),
                    ],
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            &owner.access_token,
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(
        client.client_secret.is_empty(),
        "public clients get no secret"
    );
    let client_id = client.oauth_client.unwrap().client_id;

    let verifier = "a-long-random-code-verifier-of-at-least-43-characters-0123456789";
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let authorize = |redirect_uri: &str, method: &str| {
        let request = authed(
            auth::AuthorizeRequest {
                response_type: "code".into(),
                client_id: client_id.clone(),
                redirect_uri: redirect_uri.into(),
                scope: "tasks.projects.list offline_access".into(),
                state: "xyz 1".into(),
                code_challenge: challenge.clone(),
                code_challenge_method: method.into(),
                workspace: acme.clone(),
                validate_only: false,
            },
            &owner.access_token,
        );
        let mut client = auth_client(&mesh);
        async move { client.authorize(request).await }
    };
    let status = authorize("https://evil.example/callback", "S256")
        .await
        .unwrap_err();
    assert_eq!(reason(&status), "REDIRECT_URI_MISMATCH");
    assert_eq!(
        authorize(redirect, "plain").await.unwrap_err().code(),
        Code::InvalidArgument
    );
    let granted = authorize(redirect, "S256").await.unwrap().into_inner();
    assert!(
        granted
            .redirect_uri
            .starts_with("https://partner.example/callback?code=")
    );
    assert!(granted.redirect_uri.ends_with("&state=xyz%201"));

    let redeem = |code: &str, verifier: &str| auth::IssueTokenRequest {
        grant_type: "authorization_code".into(),
        code: code.into(),
        redirect_uri: redirect.into(),
        client_id: client_id.clone(),
        code_verifier: verifier.into(),
        ..Default::default()
    };
    let wrong = authorize(redirect, "S256").await.unwrap().into_inner();
    let status = auth_client(&mesh)
        .issue_token(redeem(
            &wrong.code,
            "not-the-verifier-not-the-verifier-not-the-verif",
        ))
        .await
        .unwrap_err();
    assert_eq!(reason(&status), "INVALID_GRANT");

    let tokens = auth_client(&mesh)
        .issue_token(redeem(&granted.code, verifier))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(tokens.scope, "tasks.projects.list offline_access");
    assert!(
        !tokens.refresh_token.is_empty(),
        "offline_access grants a refresh token"
    );
    let list = |workspace: &str, token: &str| {
        let request = authed(
            tasks::ListProjectsRequest {
                parent: workspace.into(),
                ..Default::default()
            },
            token,
        );
        let mut client = task_client(&mesh);
        async move { client.list_projects(request).await }
    };
    assert!(list(&acme, &tokens.access_token).await.is_ok());
    assert_eq!(
        list(&other, &tokens.access_token).await.unwrap_err().code(),
        Code::NotFound,
        "bound to the authorized workspace"
    );
    let status = create_project(&mesh, &tokens.access_token, &acme, "APP")
        .await
        .unwrap_err();
    assert_eq!(reason(&status), "INSUFFICIENT_SCOPE");

    // Refreshing keeps the grant's limits.
    let refreshed = auth_client(&mesh)
        .issue_token(auth::IssueTokenRequest {
            grant_type: "refresh_token".into(),
            refresh_token: tokens.refresh_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let introspected = auth_client(&mesh)
        .introspect_token(auth::IntrospectTokenRequest {
            token: refreshed.access_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (introspected.ws.as_str(), introspected.scope.as_str()),
        (
            acme.trim_start_matches("workspaces/"),
            "tasks.projects.list offline_access"
        )
    );

    // A replayed code fails and revokes what it produced.
    let status = auth_client(&mesh)
        .issue_token(redeem(&granted.code, verifier))
        .await
        .unwrap_err();
    assert_eq!(reason(&status), "INVALID_GRANT");
    let status = list(&acme, &refreshed.access_token).await.unwrap_err();
    assert_eq!(reason(&status), "TOKEN_REVOKED");
}

async fn sso_signs_in_through_an_openid_provider(backend: Backend) {
    use common::idp::{CLIENT_ID, CLIENT_SECRET, StandInIdp};
    let idp = StandInIdp::start().await;
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@corp.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    create_project(&mesh, &owner.access_token, &workspace, "CORP")
        .await
        .unwrap();
    auth_client(&mesh)
        .create_sso_connection(authed(
            auth::CreateSsoConnectionRequest {
                parent: workspace.clone(),
                sso_connection: Some(auth::SsoConnection {
                    display_name: "Corp IdP".into(),
                    issuer_uri: idp.issuer.clone(),
                    client_id: CLIENT_ID.into(),
                    client_secret: CLIENT_SECRET.into(),
                    email_domains: vec!["corp.example".into()],
                    jit_provisioning: true,
                    default_role: auth::Role::Viewer as i32,
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            &owner.access_token,
        ))
        .await
        .unwrap();

    let callback = "http://127.0.0.1:8080/sso/callback";
    let start = |email: &str| {
        let request = auth::StartSsoLoginRequest {
            target: Some(auth::start_sso_login_request::Target::Email(email.into())),
            redirect_uri: callback.into(),
        };
        let mut client = auth_client(&mesh);
        async move { client.start_sso_login(request).await.unwrap().into_inner() }
    };
    let complete = |state: String, code: String| {
        let mut client = auth_client(&mesh);
        async move {
            client
                .complete_sso_login(auth::CompleteSsoLoginRequest { state, code })
                .await
        }
    };

    let status = auth_client(&mesh)
        .start_sso_login(auth::StartSsoLoginRequest {
            target: Some(auth::start_sso_login_request::Target::Email(
                "kim@corp.example".into(),
            )),
            redirect_uri: "https://evil.example/steal".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&status), "REDIRECT_URI_NOT_ALLOWED");

    // An unverified email is refused.
    let attempt = start("kim@corp.example").await;
    let code = idp.sign_in(&attempt.authorization_url, "kim@corp.example", false);
    let status = complete(attempt.state, code).await.unwrap_err();
    assert_eq!(reason(&status), "SSO_EMAIL_NOT_VERIFIED");

    // The real thing: a new user, provisioned as a viewer, signed in.
    let attempt = start("kim@corp.example").await;
    let code = idp.sign_in(&attempt.authorization_url, "kim@corp.example", true);
    let done = complete(attempt.state.clone(), code.clone())
        .await
        .unwrap()
        .into_inner();
    assert!(done.user_created);
    assert_eq!(done.member.unwrap().role, auth::Role::Viewer as i32);
    let token = done.tokens.unwrap().access_token;
    let listed = task_client(&mesh)
        .list_projects(authed(
            tasks::ListProjectsRequest {
                parent: workspace.clone(),
                ..Default::default()
            },
            &token,
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.projects.len(), 1);
    let status = complete(attempt.state, code).await.unwrap_err();
    assert_eq!(
        reason(&status),
        "SSO_STATE_INVALID",
        "a state completes once"
    );

    // The second login finds the linked identity.
    let attempt = start("kim@corp.example").await;
    let code = idp.sign_in(&attempt.authorization_url, "kim@corp.example", true);
    assert!(
        !complete(attempt.state, code)
            .await
            .unwrap()
            .into_inner()
            .user_created
    );

    // A provider signing with a key it does not publish is not believed.
    idp.sign_with_unpublished_key();
    let attempt = start("kim@corp.example").await;
    let code = idp.sign_in(&attempt.authorization_url, "kim@corp.example", true);
    let status = complete(attempt.state, code).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Unauthenticated, "SSO_ID_TOKEN_INVALID")
    );

    let events = auth_client(&mesh)
        .list_audit_events(authed(
            auth::ListAuditEventsRequest {
                parent: workspace.clone(),
                ..Default::default()
            },
            &owner.access_token,
        ))
        .await
        .unwrap()
        .into_inner()
        .audit_events;
    assert!(
        events
            .iter()
            .any(|e| e.event_type == auth::AuditEventType::SsoIdentityLinked as i32)
    );
}

async fn viewers_may_move_only_the_tasks_assigned_to_them(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let (viewer_name, viewer) = sign_up(&mesh, "viewer@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    invite(
        &mesh,
        &owner.access_token,
        &workspace,
        "viewer@acme.example",
        auth::Role::Viewer,
        &viewer.access_token,
    )
    .await;
    let project = create_project(&mesh, &owner.access_token, &workspace, "WEB")
        .await
        .unwrap();
    let new_task = |assignees: Vec<String>| {
        let request = authed(
            tasks::CreateTaskRequest {
                parent: project.name.clone(),
                task: Some(tasks::Task {
                    title: "Review the copy".into(),
                    assignees,
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            &owner.access_token,
        );
        let mut client = task_client(&mesh);
        async move {
            client
                .create_task(request)
                .await
                .unwrap()
                .into_inner()
                .task
                .unwrap()
        }
    };
    let theirs = new_task(vec![viewer_name.clone()]).await;
    let someone_elses = new_task(vec!["users/someone-else".into()]).await;
    let transition = |task: &tasks::Task| {
        let request = authed(
            tasks::TransitionTaskRequest {
                name: task.name.clone(),
                state: format!("{}/states/in-progress", project.name),
                etag: String::new(),
            },
            &viewer.access_token,
        );
        let mut client = task_client(&mesh);
        async move { client.transition_task(request).await }
    };
    let moved = transition(&theirs)
        .await
        .unwrap()
        .into_inner()
        .task
        .unwrap();
    assert!(moved.state.ends_with("/states/in-progress"));
    let status = transition(&someone_elses).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::PermissionDenied, "CONDITION_NOT_MET")
    );
    // No condition covers creating or assigning: viewers only read.
    let status = task_client(&mesh)
        .assign_task(authed(
            tasks::AssignTaskRequest {
                name: someone_elses.name.clone(),
                assignees: vec![viewer_name.clone()],
                etag: String::new(),
            },
            &viewer.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
}

async fn projects_with_members_are_written_by_their_members_only(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let (insider_name, insider) = sign_up(&mesh, "insider@acme.example").await;
    let (_, outsider) = sign_up(&mesh, "outsider@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    invite(
        &mesh,
        &owner.access_token,
        &workspace,
        "insider@acme.example",
        auth::Role::Member,
        &insider.access_token,
    )
    .await;
    invite(
        &mesh,
        &owner.access_token,
        &workspace,
        "outsider@acme.example",
        auth::Role::Member,
        &outsider.access_token,
    )
    .await;
    let project = create_project(&mesh, &owner.access_token, &workspace, "SEC")
        .await
        .unwrap();
    let add_task = |token: &str| {
        let request = authed(
            tasks::CreateTaskRequest {
                parent: project.name.clone(),
                task: Some(tasks::Task {
                    title: "t".into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            token,
        );
        let mut client = task_client(&mesh);
        async move { client.create_task(request).await }
    };
    // Without members the project is open to every member of the workspace.
    add_task(&outsider.access_token).await.unwrap();
    task_client(&mesh)
        .create_project_member(authed(
            tasks::CreateProjectMemberRequest {
                parent: project.name.clone(),
                member: Some(tasks::ProjectMember {
                    user: insider_name.clone(),
                    ..Default::default()
                }),
            },
            &owner.access_token,
        ))
        .await
        .unwrap();
    add_task(&insider.access_token).await.unwrap();
    let status = add_task(&outsider.access_token).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::PermissionDenied, "NOT_A_PROJECT_MEMBER")
    );
    add_task(&owner.access_token).await.unwrap();
    let members = task_client(&mesh)
        .list_project_members(authed(
            tasks::ListProjectMembersRequest {
                parent: project.name.clone(),
                ..Default::default()
            },
            &outsider.access_token,
        ))
        .await
        .unwrap()
        .into_inner()
        .members;
    assert_eq!(
        members.iter().map(|m| m.user.as_str()).collect::<Vec<_>>(),
        [insider_name.as_str()]
    );
}

async fn changing_the_password_signs_out_every_other_session(backend: Backend) {
    let mesh = mesh(backend).await;
    let (user, here) = sign_up(&mesh, "ana@example.com").await;
    let (other_user, _) = sign_up(&mesh, "bob@example.com").await;
    let mut client = auth_client(&mesh);
    let elsewhere = client
        .login(auth::LoginRequest {
            email: "ana@example.com".into(),
            password: PASSWORD.into(),
        })
        .await
        .unwrap()
        .into_inner()
        .tokens
        .unwrap();
    let change = |name: &str, current: &str, new: &str| {
        authed(
            auth::ChangePasswordRequest {
                name: name.into(),
                current_password: current.into(),
                new_password: new.into(),
            },
            &here.access_token,
        )
    };
    const NEW_PASSWORD: &str = "a much longer new passphrase";
    for (request, code, expected) in [
        (
            change("users/me", "not the password!", NEW_PASSWORD),
            Code::InvalidArgument,
            "INVALID_CREDENTIALS",
        ),
        (
            change("users/me", PASSWORD, "short"),
            Code::InvalidArgument,
            "PASSWORD_TOO_WEAK",
        ),
        (
            change(&other_user, PASSWORD, NEW_PASSWORD),
            Code::PermissionDenied,
            "NOT_THE_CALLER",
        ),
    ] {
        let status = client.change_password(request).await.unwrap_err();
        assert_eq!((status.code(), reason(&status).as_str()), (code, expected));
    }

    let changed = client
        .change_password(change(&user, PASSWORD, NEW_PASSWORD))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(changed.revoked_session_count, 1);
    let whoami = |token: &str| {
        let request = authed(auth::ListWorkspacesRequest::default(), token);
        let mut client = auth_client(&mesh);
        async move { client.list_workspaces(request).await }
    };
    assert!(
        whoami(&here.access_token).await.is_ok(),
        "own session stays"
    );
    let status = whoami(&elsewhere.access_token).await.unwrap_err();
    assert_eq!(reason(&status), "TOKEN_REVOKED");
    let old = client
        .login(auth::LoginRequest {
            email: "ana@example.com".into(),
            password: PASSWORD.into(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&old), "INVALID_CREDENTIALS");
    client
        .login(auth::LoginRequest {
            email: "ana@example.com".into(),
            password: NEW_PASSWORD.into(),
        })
        .await
        .unwrap();
}

async fn workspaces_are_renamed_with_etags_and_deleted_softly(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let name = create_workspace(&mesh, &owner.access_token).await;
    let mut client = auth_client(&mesh);
    let token = &owner.access_token;
    let before = client
        .get_workspace(authed(
            auth::GetWorkspaceRequest { name: name.clone() },
            token,
        ))
        .await
        .unwrap()
        .into_inner()
        .workspace
        .unwrap();
    let rename = |etag: &str| {
        authed(
            auth::UpdateWorkspaceRequest {
                workspace: Some(auth::Workspace {
                    name: name.clone(),
                    display_name: "Acme Research".into(),
                    etag: etag.into(),
                    ..Default::default()
                }),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["display_name".into()],
                }),
            },
            token,
        )
    };
    let renamed = client
        .update_workspace(rename(&before.etag))
        .await
        .unwrap()
        .into_inner()
        .workspace
        .unwrap();
    assert_eq!(renamed.display_name, "Acme Research");
    let stale = client
        .update_workspace(rename(&before.etag))
        .await
        .unwrap_err();
    assert_eq!(
        (stale.code(), reason(&stale).as_str()),
        (Code::Aborted, "ETAG_MISMATCH")
    );

    let delete = |name: &str| {
        authed(
            auth::DeleteWorkspaceRequest {
                name: name.into(),
                etag: String::new(),
            },
            token,
        )
    };
    let deleted = client
        .delete_workspace(delete(&name))
        .await
        .unwrap()
        .into_inner()
        .workspace
        .unwrap();
    assert!(deleted.delete_time.is_some() && deleted.purge_time.is_some());
    let again = client.delete_workspace(delete(&name)).await.unwrap_err();
    assert_eq!(again.code(), Code::NotFound);

    // Everything in a deleted workspace is gone from view, in every service.
    let projects = || {
        let request = authed(
            tasks::ListProjectsRequest {
                parent: name.clone(),
                ..Default::default()
            },
            token,
        );
        let mut client = task_client(&mesh);
        async move { client.list_projects(request).await }
    };
    assert_eq!(projects().await.unwrap_err().code(), Code::NotFound);
    let hidden = client
        .get_workspace(authed(
            auth::GetWorkspaceRequest { name: name.clone() },
            token,
        ))
        .await
        .unwrap_err();
    assert_eq!(hidden.code(), Code::NotFound);
    let listed = |show_deleted: bool| {
        let request = authed(
            auth::ListWorkspacesRequest {
                show_deleted,
                ..Default::default()
            },
            token,
        );
        let mut client = auth_client(&mesh);
        async move {
            let listed = client.list_workspaces(request).await.unwrap();
            listed.into_inner().workspaces.len()
        }
    };
    assert_eq!((listed(false).await, listed(true).await), (0, 1));
    let restored = client
        .undelete_workspace(authed(
            auth::UndeleteWorkspaceRequest {
                name: name.clone(),
                etag: deleted.etag.clone(),
            },
            token,
        ))
        .await
        .unwrap()
        .into_inner()
        .workspace
        .unwrap();
    assert!(restored.delete_time.is_none());
    assert_eq!(restored.display_name, "Acme Research");
    assert!(projects().await.is_ok(), "restored with its contents");
}

async fn a_revoked_invitation_cannot_be_accepted(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let (_, guest) = sign_up(&mesh, "guest@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    let mut client = auth_client(&mesh);
    let created = create_invitation(
        &mesh,
        &owner.access_token,
        &workspace,
        "guest@acme.example",
        auth::Role::Member,
    )
    .await;
    let invitation = created.invitation.unwrap().name;
    let revoke = || {
        authed(
            auth::RevokeInvitationRequest {
                name: invitation.clone(),
            },
            &owner.access_token,
        )
    };
    let revoked = client
        .revoke_invitation(revoke())
        .await
        .unwrap()
        .into_inner()
        .invitation
        .unwrap();
    assert_eq!(revoked.state, auth::InvitationState::Revoked as i32);
    let twice = client.revoke_invitation(revoke()).await.unwrap_err();
    assert_eq!(reason(&twice), "INVITATION_NOT_PENDING");

    let status = client
        .accept_invitation(authed(
            auth::AcceptInvitationRequest {
                invitation_token: created.invitation_token,
                request_id: String::new(),
            },
            &guest.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "INVITATION_REVOKED")
    );
    let listed = client
        .list_invitations(authed(
            auth::ListInvitationsRequest {
                parent: workspace,
                state: auth::InvitationState::Revoked as i32,
                ..Default::default()
            },
            &owner.access_token,
        ))
        .await
        .unwrap()
        .into_inner()
        .invitations;
    assert_eq!(
        listed.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
        [invitation.as_str()]
    );
}

async fn admins_may_check_what_other_members_may_do(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let (member_name, member) = sign_up(&mesh, "member@acme.example").await;
    let (outsider_name, _) = sign_up(&mesh, "outsider@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    let member_email = "member@acme.example";
    invite(
        &mesh,
        &owner.access_token,
        &workspace,
        member_email,
        auth::Role::Member,
        &member.access_token,
    )
    .await;
    let check = |principal: &str, token: &str| {
        let request = authed(
            auth::CheckPermissionRequest {
                principal: principal.into(),
                resource: format!("{workspace}/projects/p1"),
                permissions: vec!["tasks.tasks.update".into(), "auth.members.update".into()],
            },
            token,
        );
        let mut client = auth_client(&mesh);
        async move { client.check_permission(request).await }
    };
    let answer = check(&member_name, &owner.access_token)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.role, auth::Role::Member as i32);
    let decided: Vec<(i32, &str)> = answer
        .decisions
        .iter()
        .map(|d| (d.result, d.reason.as_str()))
        .collect();
    let (allowed, denied) = (
        auth::permission_decision::Result::Allowed as i32,
        auth::permission_decision::Result::Denied as i32,
    );
    assert_eq!(decided, [(allowed, ""), (denied, "ROLE_INSUFFICIENT")]);

    let outsider = check(&outsider_name, &owner.access_token)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(outsider.role, auth::Role::Unspecified as i32);
    assert!(
        outsider
            .decisions
            .iter()
            .all(|d| d.result == denied && d.reason == "NOT_A_MEMBER")
    );

    // A member may check itself, not others.
    let status = check("users/someone", &member.access_token)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
    assert!(check("", &member.access_token).await.is_ok());
    let malformed = check("robots/r2d2", &owner.access_token).await.unwrap_err();
    assert_eq!(malformed.code(), Code::InvalidArgument);
}

async fn workspaces_list_in_the_order_asked(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "lists@acme.example").await;
    let token = &owner.access_token;
    let mut client = auth_client(&mesh);
    for name in ["beta", "Alpha", "gamma"] {
        create_workspace_named(&mesh, token, name).await;
    }
    // Every page of two, followed to the end: the order holds across page boundaries.
    let list = |order_by: &'static str| {
        let mut client = auth_client(&mesh);
        async move {
            let mut names = Vec::new();
            let mut page_token = String::new();
            loop {
                let page = client
                    .list_workspaces(authed(
                        auth::ListWorkspacesRequest {
                            page_size: 2,
                            page_token: page_token.clone(),
                            order_by: order_by.into(),
                            show_deleted: false,
                        },
                        token,
                    ))
                    .await?
                    .into_inner();
                names.extend(page.workspaces.into_iter().map(|w| w.display_name));
                if page.next_page_token.is_empty() {
                    return Ok::<_, tonic::Status>(names);
                }
                page_token = page.next_page_token;
            }
        }
    };
    assert_eq!(list("").await.unwrap(), ["beta", "Alpha", "gamma"]);
    assert_eq!(
        list("create_time").await.unwrap(),
        ["beta", "Alpha", "gamma"]
    );
    assert_eq!(
        list("create_time desc").await.unwrap(),
        ["gamma", "Alpha", "beta"]
    );
    assert_eq!(
        list("display_name").await.unwrap(),
        ["Alpha", "beta", "gamma"]
    );
    // Names the databases fold differently from Rust still page without skips or repeats
    // (each backend sorts them its own way).
    for name in ["Éva", "éclair", "ΟΔΟΣ", "οδος"] {
        create_workspace_named(&mesh, token, name).await;
    }
    let mut paged = list("display_name").await.unwrap();
    assert_eq!(paged.len(), 7, "{paged:?}");
    paged.sort();
    paged.dedup();
    assert_eq!(paged.len(), 7, "no name twice");
    let status = list("owner").await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(status.message().contains("order_by"), "{status:?}");

    // A token belongs to its order: reusing it under another is refused.
    let first = client
        .list_workspaces(authed(
            auth::ListWorkspacesRequest {
                page_size: 1,
                order_by: "display_name".into(),
                ..Default::default()
            },
            token,
        ))
        .await
        .unwrap()
        .into_inner();
    let status = client
        .list_workspaces(authed(
            auth::ListWorkspacesRequest {
                page_size: 1,
                page_token: first.next_page_token,
                order_by: "create_time desc".into(),
                ..Default::default()
            },
            token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
}

async fn members_list_by_role_in_the_order_asked(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    for (email, role) in [
        ("zed@acme.example", auth::Role::Member),
        ("amy@acme.example", auth::Role::Viewer),
        ("Bob@acme.example", auth::Role::Member),
    ] {
        let (_, tokens) = sign_up(&mesh, email).await;
        invite(
            &mesh,
            &owner.access_token,
            &workspace,
            email,
            role,
            &tokens.access_token,
        )
        .await;
    }
    // Pages of one, followed to the end.
    let list = |role: auth::Role, order_by: &'static str| {
        let mut client = auth_client(&mesh);
        let (workspace, token) = (workspace.clone(), owner.access_token.clone());
        async move {
            let mut names = Vec::new();
            let mut page_token = String::new();
            loop {
                let page = client
                    .list_members(authed(
                        auth::ListMembersRequest {
                            parent: workspace.clone(),
                            page_size: 1,
                            page_token: page_token.clone(),
                            role: role as i32,
                            order_by: order_by.into(),
                        },
                        &token,
                    ))
                    .await?
                    .into_inner();
                names.extend(page.members.into_iter().map(|m| m.display_name));
                if page.next_page_token.is_empty() {
                    return Ok::<_, tonic::Status>(names);
                }
                page_token = page.next_page_token;
            }
        }
    };
    let all = auth::Role::Unspecified;
    assert_eq!(list(all, "").await.unwrap(), ["owner", "zed", "amy", "Bob"]);
    assert_eq!(
        list(all, "display_name").await.unwrap(),
        ["amy", "Bob", "owner", "zed"]
    );
    assert_eq!(list(auth::Role::Member, "").await.unwrap(), ["zed", "Bob"]);
    assert_eq!(
        list(auth::Role::Member, "display_name").await.unwrap(),
        ["Bob", "zed"]
    );
    let status = list(all, "email").await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let status = auth_client(&mesh)
        .list_members(authed(
            auth::ListMembersRequest {
                parent: workspace.clone(),
                role: 99,
                ..Default::default()
            },
            &owner.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
}

async fn invitations_list_newest_first_by_state(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let workspace = create_workspace(&mesh, &owner.access_token).await;
    let mut names = Vec::new();
    for email in ["a@acme.example", "b@acme.example", "c@acme.example"] {
        let created = create_invitation(
            &mesh,
            &owner.access_token,
            &workspace,
            email,
            auth::Role::Member,
        )
        .await;
        names.push(created.invitation.unwrap().name);
    }
    let mut client = auth_client(&mesh);
    client
        .revoke_invitation(authed(
            auth::RevokeInvitationRequest {
                name: names[1].clone(),
            },
            &owner.access_token,
        ))
        .await
        .unwrap();
    let list = |state: auth::InvitationState| {
        let mut client = auth_client(&mesh);
        let (workspace, token) = (workspace.clone(), owner.access_token.clone());
        async move {
            let mut listed = Vec::new();
            let mut page_token = String::new();
            loop {
                let page = client
                    .list_invitations(authed(
                        auth::ListInvitationsRequest {
                            parent: workspace.clone(),
                            page_size: 1,
                            page_token: page_token.clone(),
                            state: state as i32,
                        },
                        &token,
                    ))
                    .await
                    .unwrap()
                    .into_inner();
                listed.extend(page.invitations.into_iter().map(|i| i.name));
                if page.next_page_token.is_empty() {
                    return listed;
                }
                page_token = page.next_page_token;
            }
        }
    };
    let newest_first: Vec<String> = names.iter().rev().cloned().collect();
    assert_eq!(list(auth::InvitationState::Unspecified).await, newest_first);
    assert_eq!(
        list(auth::InvitationState::Pending).await,
        [names[2].clone(), names[0].clone()]
    );
    assert_eq!(
        list(auth::InvitationState::Revoked).await,
        [names[1].clone()]
    );
    assert!(list(auth::InvitationState::Accepted).await.is_empty());
    let status = client
        .list_invitations(authed(
            auth::ListInvitationsRequest {
                parent: workspace.clone(),
                state: 42,
                ..Default::default()
            },
            &owner.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
}

/// Rows a service keeps for `workspace` in `table`, read straight from its database.
async fn rows_of(mesh: &TestMesh, table: &str, workspace: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE workspace_id = $1");
    match mesh.database(&taskstream_tasks::DATABASE).await {
        taskstream_relational::Database::Sqlite(pool) => sqlx::query_scalar(&sql)
            .bind(workspace)
            .fetch_one(&pool)
            .await
            .unwrap(),
        taskstream_relational::Database::Postgres(pool) => sqlx::query_scalar(&sql)
            .bind(workspace)
            .fetch_one(&pool)
            .await
            .unwrap(),
    }
}

async fn deleted_workspaces_are_purged_everywhere_after_thirty_days(backend: Backend) {
    let mesh = mesh(backend).await;
    let (_, owner) = sign_up(&mesh, "owner@acme.example").await;
    let token = &owner.access_token;
    let doomed = create_workspace(&mesh, token).await;
    let kept = create_workspace(&mesh, token).await;
    for workspace in [&doomed, &kept] {
        let project = create_project(&mesh, token, workspace, "WEB")
            .await
            .unwrap();
        task_client(&mesh)
            .create_task(authed(
                tasks::CreateTaskRequest {
                    parent: project.name,
                    task: Some(tasks::Task {
                        title: "Ship the login page".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                token,
            ))
            .await
            .unwrap();
    }
    auth_client(&mesh)
        .delete_workspace(authed(
            auth::DeleteWorkspaceRequest {
                name: doomed.clone(),
                etag: String::new(),
            },
            token,
        ))
        .await
        .unwrap();
    let doomed_id = doomed.trim_start_matches("workspaces/");
    let kept_id = kept.trim_start_matches("workspaces/");
    assert_eq!(rows_of(&mesh, "tasks", doomed_id).await, 1);

    let store = taskstream_auth::store(&mesh.database(&taskstream_auth::DATABASE).await);
    let pubsub = mesh.shared.pubsub.clone();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64;
    let purge = |at: i64| {
        let (store, pubsub) = (store.clone(), pubsub.clone());
        async move {
            taskstream_auth::purge::purge_round(store.as_ref(), pubsub.as_ref(), at)
                .await
                .unwrap()
        }
    };
    // Within the 30 days nothing goes, and the owner may still undelete.
    assert!(purge(now).await.is_empty());
    let day = 24 * 3600 * 1_000_000_i64;
    assert_eq!(purge(now + 31 * day).await, [doomed_id.to_string()]);
    // The deployment log keeps the purge (the workspace's own log went with it).
    let purges = taskstream_auth::store::AuditFilter {
        event_types: vec![auth::AuditEventType::WorkspacePurged as i32],
        ..Default::default()
    };
    let logged = store.audit_events("", &purges, "", 10).await.unwrap();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0].target, doomed);
    assert!(
        store
            .audit_events(doomed_id, &Default::default(), "", 10)
            .await
            .unwrap()
            .is_empty()
    );

    // The announcement reaches the task service, which deletes its share.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while rows_of(&mesh, "projects", doomed_id).await > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the task service did not purge"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for table in ["tasks", "task_history", "change_events", "workflow_states"] {
        assert_eq!(rows_of(&mesh, table, doomed_id).await, 0, "{table}");
    }
    assert_eq!(
        rows_of(&mesh, "tasks", kept_id).await,
        1,
        "other workspaces stay"
    );
    let status = auth_client(&mesh)
        .undelete_workspace(authed(
            auth::UndeleteWorkspaceRequest {
                name: doomed.clone(),
                etag: String::new(),
            },
            token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    // Later rounds announce it again (for a service that was down) and purge nothing new.
    assert!(purge(now + 32 * day).await.is_empty());
}

taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
    sessions_rotate_and_a_replayed_refresh_token_revokes_the_family,
    failed_logins_are_limited_per_account,
    calls_without_valid_credentials_are_refused,
    other_tenants_see_nothing,
    roles_decide_and_nobody_promotes_themselves,
    an_invitation_is_accepted_once,
    the_audit_log_records_security_events_for_admins_only,
    operator_rpcs_need_an_operator,
    service_accounts_act_in_their_workspace_within_their_scopes,
    partner_apps_get_codes_with_pkce_bound_to_one_workspace_and_scope,
    sso_signs_in_through_an_openid_provider,
    viewers_may_move_only_the_tasks_assigned_to_them,
    projects_with_members_are_written_by_their_members_only,
    changing_the_password_signs_out_every_other_session,
    workspaces_are_renamed_with_etags_and_deleted_softly,
    a_revoked_invitation_cannot_be_accepted,
    admins_may_check_what_other_members_may_do,
    workspaces_list_in_the_order_asked,
    members_list_by_role_in_the_order_asked,
    invitations_list_newest_first_by_state,
    deleted_workspaces_are_purged_everywhere_after_thirty_days,
]);
