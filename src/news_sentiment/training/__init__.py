"""Training of the shipped sentiment model (needs the optional ``train`` extra: torch, transformers)."""
