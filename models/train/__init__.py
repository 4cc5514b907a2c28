"""Training pipeline of riskgate's order-risk model; see models/train/README.md."""
