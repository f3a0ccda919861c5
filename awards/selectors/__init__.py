"""Reads for award pages and the portfolio, by subject, each in a fixed number of queries."""
