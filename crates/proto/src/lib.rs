//! Generated code for every TaskStream contract (`proto/taskstream/**`), the googleapis types
//! they use, and the encoded `FileDescriptorSet` that reflection and the gateway serve.

#![allow(clippy::all, missing_docs)]

/// Every file of the contracts and their imports, encoded as a `google.protobuf.FileDescriptorSet`.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/taskstream_descriptor.bin"));

/// Domain used in every `google.rpc.ErrorInfo` the services return.
pub const ERROR_DOMAIN: &str = "taskstream.dev";

/// `taskstream.*` packages.
pub mod taskstream {
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
    /// `google.type`: calendar types.
    pub mod r#type {
        tonic::include_proto!("google.r#type");
    }
}

pub use taskstream::tasks::v1 as tasks_v1;
