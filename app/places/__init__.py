"""Places: the city's gazetteer (Stadtbezirke, Stadtteile, postcodes) and locations."""
