//! tmp
/// tmp
#[derive(Debug)]
pub struct Dataset;
/// tmp
#[derive(Debug)]
pub enum Provenance {}
