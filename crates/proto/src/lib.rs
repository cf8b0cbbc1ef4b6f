//! Generated code for every TaskStream contract (`proto/taskstream/**`), the googleapis types
//! they use, and the encoded `FileDescriptorSet` that reflection and the gateway serve.

#![allow(clippy::all, missing_docs)]

/// Every file of the contracts and their imports, encoded as a `google.protobuf.FileDescriptorSet`.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/taskstream_descriptor.bin"));

/// Domain used in every `google.rpc.ErrorInfo` the services return.
pub const ERROR_DOMAIN: &str = "taskstream.dev";

/// `taskstream.*` packages, one per service.
pub mod taskstream {
    /// `taskstream.analytics`.
    pub mod analytics {
        /// `taskstream.analytics.v1`: progress, forecasts and workload of projects.
        pub mod v1 {
            tonic::include_proto!("taskstream.analytics.v1");
        }
    }
    /// `taskstream.auth`.
    pub mod auth {
        /// `taskstream.auth.v1`: identity, workspaces, tokens and the audit log.
        pub mod v1 {
            tonic::include_proto!("taskstream.auth.v1");
        }
    }
    /// `taskstream.collab`.
    pub mod collab {
        /// `taskstream.collab.v1`: chat and real-time co-editing.
        pub mod v1 {
            tonic::include_proto!("taskstream.collab.v1");
        }
    }
    /// `taskstream.integrations`.
    pub mod integrations {
        /// `taskstream.integrations.v1`: Jira, Asana, Slack and email, both ways.
        pub mod v1 {
            tonic::include_proto!("taskstream.integrations.v1");
        }
    }
    /// `taskstream.nlp`.
    pub mod nlp {
        /// `taskstream.nlp.v1`: messages and transcripts into tasks.
        pub mod v1 {
            tonic::include_proto!("taskstream.nlp.v1");
        }
    }
    /// `taskstream.search`.
    pub mod search {
        /// `taskstream.search.v1`: full-text search over tasks and messages.
        pub mod v1 {
            tonic::include_proto!("taskstream.search.v1");
        }
    }
    /// `taskstream.tasks`.
    pub mod tasks {
        /// `taskstream.tasks.v1`: projects, tasks and their change stream.
        pub mod v1 {
            tonic::include_proto!("taskstream.tasks.v1");
        }
    }
}

/// googleapis packages the contracts import.
pub mod google {
    /// `google.api`: HTTP rules and field behaviour annotations.
    pub mod api {
        tonic::include_proto!("google.api");
    }
    /// `google.rpc`: status payloads embedded in responses.
    pub mod rpc {
        tonic::include_proto!("google.rpc");
    }
    /// `google.type`: calendar types.
    pub mod r#type {
        tonic::include_proto!("google.r#type");
    }
}

pub use taskstream::{
    analytics::v1 as analytics_v1, auth::v1 as auth_v1, collab::v1 as collab_v1,
    integrations::v1 as integrations_v1, nlp::v1 as nlp_v1, search::v1 as search_v1,
    tasks::v1 as tasks_v1,
};
