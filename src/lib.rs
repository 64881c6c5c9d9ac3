//! budlint: a linter for Chinese government budget and final-accounts disclosures.
//!
//! Data flows one way: [`source`] reads and decodes a file, [`parse`] turns it into a
//! [`model::Document`], the rules built by [`engine`] from `rules/*.toml` check it and produce
//! [`diagnostic::Diagnostic`]s, and [`render`] prints them. [`inspect`] shows the model itself.

pub mod arith;
pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod fingerprint;
pub mod init;
pub mod inspect;
pub mod kinds;
pub mod lint;
pub mod model;
pub mod number;
pub mod parse;
pub mod registry;
pub mod render;
pub mod source;
pub mod suppress;
