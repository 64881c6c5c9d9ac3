//! budlint: a linter for Chinese government budget and final-accounts disclosures.
//!
//! Data flows one way: [`source`] reads and decodes a file, [`parse`] turns it into a
//! [`model::Document`], the rules check it and produce [`diagnostic::Diagnostic`]s, and
//! [`render`] prints them. [`inspect`] shows the model itself.
//!
//! The modules depend on each other one way too:
//!
//! - [`engine`] is the vocabulary every rule kind shares (`Check`, `CheckContext`, `Lang`,
//!   `RuleMeta`, `ParamError`); it imports no kind.
//! - [`kinds`] holds one module per kind, each importing only that vocabulary and the document
//!   model, and the one list of kinds with the constructor picking one by name
//!   ([`kinds::build_check`]), which no kind imports.
//! - [`config_error`] is the error type of rule files and `budlint.toml`; [`registry`] reads the
//!   rule files and builds each rule's check through [`kinds`]; [`config`] reads `budlint.toml`
//!   and resolves everything into `Settings` through [`registry`].
//! - [`identity`] infers what a document is (kind, year, department) from its title and headings.
//! - [`suppress`] judges suppression comments over the rules in force; [`lint`] runs the rules
//!   of the settings over each file, then [`suppress`].

pub mod arith;
pub mod baseline;
pub mod config;
pub mod config_error;
pub mod diagnostic;
pub mod engine;
pub mod fingerprint;
pub mod identity;
pub mod init;
pub mod inspect;
pub mod kinds;
pub mod lazy_regex;
pub mod lint;
pub mod model;
pub mod number;
pub mod parse;
pub mod pdf;
pub mod registry;
pub mod render;
pub mod source;
pub mod suppress;
