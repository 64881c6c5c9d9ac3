//! Reading aligned statements: parts by position, rows put back together.

use super::*;
