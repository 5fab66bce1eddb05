"""The register a reach run reads: format (docs/register-format.md), storage, synthetic data, adapters."""
