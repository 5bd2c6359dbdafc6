"""Text understanding: Czech dates, money and IČO; the vocabulary and the classifier of
applicant types and areas; folding for search; Czech display text."""
