//! Compiles every contract under `proto/` with the pure-Rust `protox` (no `protoc` needed),
//! generates prost messages and tonic clients/servers, and writes the encoded descriptor set
//! that reflection and the gateway read.

use std::{env, fs, path::PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto_root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?).join("../../proto");
    let mut files = Vec::new();
    collect_protos(&proto_root.join("taskstream"), &mut files)?;
    files.sort();
    // Not imported by any contract, but every error carries its messages: compiling it lets
    // reflection clients (grpcurl) decode `ErrorInfo`, `BadRequest` and `RetryInfo`.
    files.push(proto_root.join("google/rpc/error_details.proto"));
    println!("cargo:rerun-if-changed={}", proto_root.display());

    let mut compiler = protox::Compiler::new([&proto_root])?;
    compiler.include_imports(true).include_source_info(true);
    compiler.open_files(&files)?;
    // Encoded by protox itself: custom options such as `google.api.http` survive (a round trip
    // through prost_types would drop them), and so do the doc comments (source info).
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(
        out_dir.join("taskstream_descriptor.bin"),
        compiler.encode_file_descriptor_set(),
    )?;
    let descriptors = compiler.file_descriptor_set();

    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        // RPCs a service does not implement yet answer UNIMPLEMENTED instead of failing to build.
        .generate_default_stubs(true)
        .compile_fds(descriptors)?;
    Ok(())
}

fn collect_protos(dir: &PathBuf, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_protos(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "proto") {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push(path);
        }
    }
    Ok(())
}
