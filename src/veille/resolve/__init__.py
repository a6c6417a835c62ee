"""Resolution boundaries: actor lookup (names → codes and sectors) and gazetteer (places)."""
