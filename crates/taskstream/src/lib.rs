//! The wiring of the `taskstream` binary, as a library so tests assemble exactly the mesh the
//! binary runs: [`roles`] lists what a process can host, [`mesh`] wires roles to adapters.

pub mod mesh;
pub mod roles;
