"""Award pages, by subject: cycles (and the wall), nominations, scoring, the portfolio."""
