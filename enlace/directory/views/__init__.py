"""Pages of the networks directory, one module per subject."""
