"""Model files (YAML, JSON) and Gambit's extensive-form format."""
