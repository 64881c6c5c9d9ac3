//! Tests of the stream reader on cut-downs of real budgets.
