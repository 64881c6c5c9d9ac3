//! The rule kinds: one module per engine.

pub mod pattern;
pub mod table_sum;
