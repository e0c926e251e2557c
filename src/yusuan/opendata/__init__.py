"""Open data: packages as flat lines (one amount per line) for CSV, JSON and a Fiscal Data
Package (frictionless/OpenSpending), the formats open-data users load without yusuan."""
