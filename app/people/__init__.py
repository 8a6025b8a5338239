"""People: a volunteer or donor, described once, with any number of offers."""
