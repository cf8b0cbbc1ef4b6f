//! Helpers shared by the mesh-level tests: an in-process mesh assembled by the binary's own
//! wiring, on SQLite or on PostgreSQL, and signed-in users.

#![allow(dead_code)]

pub mod idp;

use taskstream::{
    mesh::{self, Mode},
    roles::Role,
};
use taskstream_proto::{
    auth_v1::{self as auth, auth_service_client::AuthServiceClient},
    tasks_v1::{self as tasks, task_service_client::TaskServiceClient},
};
use taskstream_runtime::{config::Config, mesh::MeshChannel};

/// Which storage backs the mesh.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running in-process mesh (auth + tasks) and what keeps its storage alive.
pub struct TestMesh {
    pub channel: MeshChannel,
    /// The in-process cache and pub/sub every hosted service shares.
    pub shared: mesh::Shared,
    config: Config,
    _dir: tempfile::TempDir,
    _database: Option<taskstream_testkit::TestDatabase>,
}

impl TestMesh {
    /// A service's own database, as the mesh opened it (SQLite file or PostgreSQL schema).
    pub async fn database(
        &self,
        service: &taskstream_relational::ServiceDatabase,
    ) -> taskstream_relational::Database {
        match &self.config.database_url {
            Some(url) => service.open_postgres(url, &self.config.database).await,
            None => {
                service
                    .open_sqlite(&self.config.data_dir, &self.config.database)
                    .await
            }
        }
        .unwrap()
    }
}

pub async fn mesh(backend: Backend) -> TestMesh {
    mesh_of(backend, &[Role::Auth, Role::Tasks]).await
}

/// Where `make models` put the NLP models (the repository's `.cache/models`).
pub fn models_dir() -> std::path::PathBuf {
    std::env::var_os("TASKSTREAM_MODELS_DIR")
        .map(Into::into)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../.cache/models").into())
}

/// A mesh of `roles` (the NLP service reads the provisioned models).
pub async fn mesh_of(backend: Backend, roles: &[Role]) -> TestMesh {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config {
        data_dir: dir.path().to_owned(),
        ..Config::default()
    };
    config.nlp.models_dir = models_dir();
    let (mode, database) = match backend {
        Backend::Sqlite => (Mode::Embedded, None),
        Backend::Postgres => {
            let database = taskstream_testkit::postgres_database().await;
            config.database_url = Some(database.url().to_owned());
            mesh::migrate(&config, roles).await.unwrap();
            (Mode::Production, Some(database))
        }
    };
    // Cache and pub/sub are in-process here; their Redis adapters have their own conformance
    // suite, and the CLI tests run `serve` on Redis.
    let shared = mesh::Shared::in_process();
    let hosted = mesh::assemble(&config, mode, roles, shared.clone())
        .await
        .unwrap();
    TestMesh {
        channel: MeshChannel::in_process(hosted.stack()),
        shared,
        config,
        _dir: dir,
        _database: database,
    }
}

pub const PASSWORD: &str = "correct horse battery staple";

/// Adds `authorization: Bearer <token>`.
pub fn authed<T>(message: T, token: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request
        .metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    request
}

pub fn auth_client(mesh: &TestMesh) -> AuthServiceClient<MeshChannel> {
    AuthServiceClient::new(mesh.channel.clone())
}

pub fn task_client(mesh: &TestMesh) -> TaskServiceClient<MeshChannel> {
    TaskServiceClient::new(mesh.channel.clone())
}

/// Signs a new user up; returns (user name, tokens).
pub async fn sign_up(mesh: &TestMesh, email: &str) -> (String, auth::TokenSet) {
    let response = auth_client(mesh)
        .sign_up(auth::SignUpRequest {
            email: email.into(),
            password: PASSWORD.into(),
            display_name: email.split('@').next().unwrap().into(),
            ..Default::default()
        })
        .await
        .expect("sign up")
        .into_inner();
    (response.user.unwrap().name, response.tokens.unwrap())
}

/// Creates a workspace owned by the token's user; returns its name.
pub async fn create_workspace(mesh: &TestMesh, token: &str) -> String {
    create_workspace_named(mesh, token, "Acme").await
}

/// Creates a workspace called `display_name`; returns its resource name.
pub async fn create_workspace_named(mesh: &TestMesh, token: &str, display_name: &str) -> String {
    auth_client(mesh)
        .create_workspace(authed(
            auth::CreateWorkspaceRequest {
                workspace: Some(auth::Workspace {
                    display_name: display_name.into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            token,
        ))
        .await
        .expect("create workspace")
        .into_inner()
        .workspace
        .unwrap()
        .name
}

/// Creates a project in `workspace`.
pub async fn create_project(
    mesh: &TestMesh,
    token: &str,
    workspace: &str,
    key: &str,
) -> Result<tasks::Project, tonic::Status> {
    task_client(mesh)
        .create_project(authed(
            tasks::CreateProjectRequest {
                parent: workspace.into(),
                project: Some(tasks::Project {
                    key: key.into(),
                    display_name: format!("Project {key}"),
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            token,
        ))
        .await
        .map(|response| response.into_inner().project.unwrap())
}

/// Invites `email` into `workspace` with `role` and has `invitee_token` accept.
/// An invitation from `owner_token` to `email` in `workspace`, not yet accepted.
pub async fn create_invitation(
    mesh: &TestMesh,
    owner_token: &str,
    workspace: &str,
    email: &str,
    role: auth::Role,
) -> auth::CreateInvitationResponse {
    auth_client(mesh)
        .create_invitation(authed(
            auth::CreateInvitationRequest {
                parent: workspace.into(),
                invitation: Some(auth::Invitation {
                    email: email.into(),
                    role: role as i32,
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            owner_token,
        ))
        .await
        .expect("invite")
        .into_inner()
}

/// Invites `email` and accepts as the invitee: a new member with `role`.
pub async fn invite(
    mesh: &TestMesh,
    owner_token: &str,
    workspace: &str,
    email: &str,
    role: auth::Role,
    invitee_token: &str,
) {
    let token = create_invitation(mesh, owner_token, workspace, email, role)
        .await
        .invitation_token;
    auth_client(mesh)
        .accept_invitation(authed(
            auth::AcceptInvitationRequest {
                invitation_token: token,
                request_id: String::new(),
            },
            invitee_token,
        ))
        .await
        .expect("accept");
}

pub fn reason(status: &tonic::Status) -> String {
    use tonic_types::StatusExt;
    status
        .get_error_details()
        .error_info()
        .map(|info| info.reason.clone())
        .unwrap_or_default()
}
